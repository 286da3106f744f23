"""Court packets: for one officer and a window of dates, one PDF with a cover sheet, every archived
document linked to each appearance (searchable copies), bookmarks, "page n of N" on every page and a
manifest with SHA-256s; and the sending of packets through the outbox (exactly once per content).

Linking is a handful of batched queries; building is dominated by copying PDF pages (pypdf).
This module decides what goes in and stores the result; the PDF itself is drawn by
extractors/render.py from plain data.
Each appearance has a fingerprint over its details and its linked documents; a packet is mailed
when it carries a fingerprint the officer has not been sent yet, and is an update when an
appearance in it was mailed before with a different fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import logging
import ssl
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from base.errors import StorageError
from base.models import Appearance, Officer, Packet
from base.settings import CourtSettings, Settings
from extractors.render import PacketContents, PacketDocument, render_packet
from pipelines import notify
from storage.court import ACTIVE_STATUSES, StoredPacket
from storage.folding import fold
from storage.index import Index
from storage.objects import ObjectStore, packet_key, sha256_bytes

log = logging.getLogger(__name__)

KIND_OF_FIELD = {"case_numbers": "case_number", "citation_numbers": "citation_number",
                 "court_case_numbers": "court_case_number"}


@dataclass
class DocRef:
    """An archived document linked to an appearance."""

    id: str
    source_name: str
    doc_type: str
    sha256: str
    key: str
    pages: int
    ingested_at: datetime
    matched: list[str] = field(default_factory=list)  # the numbers that linked it


@dataclass
class PacketPlan:
    """What goes into one officer's packet, before any PDF is touched."""

    officer: Officer
    date_from: date
    date_to: date
    appearances: list[Appearance]
    documents: dict[int, list[DocRef]]
    fingerprints: dict[str, str]  # appearance id -> fingerprint
    sequences: dict[str, int] = field(default_factory=dict)
    previous_dates: dict[str, str] = field(default_factory=dict)

    @property
    def content_key(self) -> str:
        """Hash of everything that went in (not of the window): changes when anything changes."""
        body = json.dumps([self.officer.badge, sorted(self.fingerprints.items())])
        return hashlib.sha256(body.encode()).hexdigest()

    @property
    def document_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for a in self.appearances:
            for d in self.documents.get(a.id or 0, []):
                seen.setdefault(d.id, None)
        return list(seen)

    @property
    def missing(self) -> list[int]:
        """Appearances with no archived document yet."""
        return [a.id for a in self.appearances if a.id and not self.documents.get(a.id)]


# --- linking --------------------------------------------------------------------------------

def link_documents(index: Index, appearances: Sequence[Appearance]) -> dict[int, list[DocRef]]:
    """Archived documents of each appearance, by agency case, citation or court case number,
    oldest first. One query per number kind (chunked), whatever the number of appearances."""
    wanted: dict[str, set[str]] = {}
    for a in appearances:
        for name, kind in KIND_OF_FIELD.items():
            wanted.setdefault(kind, set()).update(fold(v) for v in getattr(a, name))
    hits: dict[tuple[str, str], set[str]] = {}
    refs: dict[str, DocRef] = {}
    for link in index.number_links(wanted):
        key = link.searchable_key or (link.original_key if link.file_kind == "pdf" else "")
        if not key:
            continue
        hits.setdefault((link.number_kind, link.value_folded), set()).add(link.document_id)
        refs.setdefault(link.document_id, DocRef(
            id=link.document_id, source_name=link.source_name, doc_type=link.doc_type,
            sha256=link.sha256, key=key, pages=link.pages, ingested_at=link.ingested_at))
    out: dict[int, list[DocRef]] = {}
    for a in appearances:
        found: dict[str, list[str]] = {}
        for name, kind in KIND_OF_FIELD.items():
            for value in getattr(a, name):
                for doc_id in hits.get((kind, fold(value)), ()):
                    found.setdefault(doc_id, []).append(value)
        docs = []
        for doc_id, matched in found.items():
            ref = refs[doc_id]
            docs.append(DocRef(**{**asdict(ref), "matched": sorted(set(matched))}))
        docs.sort(key=lambda d: (_aware(d.ingested_at), d.id))
        out[a.id or 0] = docs
    return out


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def fingerprint(a: Appearance, docs: Sequence[DocRef]) -> str:
    """Hash of what the officer is told about one appearance (details and documents)."""
    details = {k: v for k, v in asdict(a).items() if k not in ("id", "source")}
    body = json.dumps([details, sorted((d.id, d.sha256) for d in docs)], sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()[:32]


# --- planning -------------------------------------------------------------------------------

def plan_packets(index: Index, date_from: date, date_to: date, *,
                 officer: str | None = None) -> list[PacketPlan]:
    """One plan per officer with active appearances in the window (inclusive)."""
    with index.transaction() as tx:
        rows = tx.appearances.in_window(date_from, date_to, officer=officer,
                                        statuses=ACTIVE_STATUSES, assigned_only=True,
                                        order="officer")
        roster = tx.officers.many({r.officer_badge for r in rows if r.officer_badge})
    appearances = [r.to_appearance() for r in rows]
    sequences = {str(r.id): r.sequence for r in rows}
    previous = {str(r.id): r.previous_date.isoformat() for r in rows if r.previous_date}
    docs = link_documents(index, appearances)
    plans: dict[str, PacketPlan] = {}
    for a in appearances:
        badge = a.officer_badge or ""
        if badge not in plans:
            o = roster.get(badge)
            who = Officer(badge=badge, name=o.name if o else (a.officer_name or f"#{badge}"),
                          email=o.email if o else "")
            plans[badge] = PacketPlan(officer=who, date_from=date_from, date_to=date_to,
                                      appearances=[], documents={}, fingerprints={})
        plan = plans[badge]
        plan.appearances.append(a)
        plan.documents[a.id or 0] = docs.get(a.id or 0, [])
        plan.fingerprints[str(a.id)] = fingerprint(a, plan.documents[a.id or 0])
        plan.sequences[str(a.id)] = sequences.get(str(a.id), 0)
        if str(a.id) in previous:
            plan.previous_dates[str(a.id)] = previous[str(a.id)]
    return [plans[b] for b in sorted(plans)]


def restrict(plan: PacketPlan, appearance_ids: set[str]) -> PacketPlan:
    """The plan with only the given appearances."""
    keep = [a for a in plan.appearances if str(a.id) in appearance_ids]
    return PacketPlan(
        officer=plan.officer, date_from=plan.date_from, date_to=plan.date_to, appearances=keep,
        documents={a.id or 0: plan.documents.get(a.id or 0, []) for a in keep},
        fingerprints={k: v for k, v in plan.fingerprints.items() if k in appearance_ids},
        sequences={k: v for k, v in plan.sequences.items() if k in appearance_ids},
        previous_dates={k: v for k, v in plan.previous_dates.items() if k in appearance_ids},
    )


# --- rendering ------------------------------------------------------------------------------

def packet_contents(plan: PacketPlan, fetch: Callable[[str], bytes], court: CourtSettings, *,
                    generated_at: datetime | None = None) -> PacketContents:
    """What the packet of a plan shows, with each linked document's searchable copy fetched once
    (a copy the store cannot give is listed as not included)."""
    copies: dict[str, bytes | None] = {}
    for a in plan.appearances:
        for ref in plan.documents.get(a.id or 0, []):
            if ref.id in copies:
                continue
            try:
                copies[ref.id] = fetch(ref.key)
            except StorageError as e:
                copies[ref.id] = None
                log.warning("packet for badge %s: document %s left out: %s", plan.officer.badge,
                            ref.id, type(e).__name__)
    return PacketContents(
        badge=plan.officer.badge, officer_name=plan.officer.name, date_from=plan.date_from,
        date_to=plan.date_to, appearances=plan.appearances,
        documents={aid: [PacketDocument(id=r.id, source_name=r.source_name, doc_type=r.doc_type,
                                        sha256=r.sha256, pages=r.pages, matched=tuple(r.matched))
                         for r in refs] for aid, refs in plan.documents.items()},
        copies=copies, previous_dates=dict(plan.previous_dates),
        records_contact=court.records_contact, generated_at=generated_at or datetime.now(UTC))


# --- building and storing -------------------------------------------------------------------

@dataclass
class BuiltPacket:
    """A packet stored in the object store, with its row id."""

    packet: Packet
    packet_id: int
    object_key: str
    size: int
    reused: bool = False


def build_packet(index: Index, store: ObjectStore, court: CourtSettings, plan: PacketPlan, *,
                 actor: str = "casefolio", force: bool = False) -> BuiltPacket:
    """Render and store the packet of a plan (reused when this content was built already)."""
    if not force:
        with index.transaction() as tx:
            known = tx.packets.find(plan.officer.badge, plan.date_from, plan.date_to,
                                    plan.content_key)
        if known is not None and known.id is not None and store.exists(known.object_key):
            return BuiltPacket(known.to_packet(), known.id, known.object_key, known.size,
                               reused=True)
    rendered = render_packet(packet_contents(plan, store.get_bytes, court))
    sha = sha256_bytes(rendered.data)
    key = packet_key(plan.officer.badge, sha)
    store.put_bytes(key, rendered.data, content_type="application/pdf",
                    metadata={"officer-badge": plan.officer.badge})
    with index.transaction() as tx:
        rec = tx.packets.save(StoredPacket(
            officer_badge=plan.officer.badge, date_from=plan.date_from, date_to=plan.date_to,
            content_key=plan.content_key, sha256=sha, object_key=key, pages=rendered.pages,
            size=len(rendered.data), appearance_ids=[a.id for a in plan.appearances if a.id is not None],
            document_ids=[d for d, inc in rendered.included.items() if inc.start],
            fingerprints=dict(plan.fingerprints), built_at=datetime.now(UTC)))
        assert rec.id is not None  # saved
        tx.audit.append(actor=actor, action="packet.built", subject=str(rec.id),
                        details={"badge": plan.officer.badge, "from": plan.date_from.isoformat(),
                                 "to": plan.date_to.isoformat(), "sha256": sha,
                                 "pages": rendered.pages, "appearances": rec.appearance_ids,
                                 "documents": rec.document_ids, "missing": plan.missing})
    log.info("packet %s built for badge %s: %d appearances, %d documents, %d pages", rec.id,
             plan.officer.badge, len(plan.appearances), len(rec.document_ids), rendered.pages)
    return BuiltPacket(rec.to_packet(), rec.id, key, len(rendered.data))


def build_packets(index: Index, store: ObjectStore, court: CourtSettings, date_from: date,
                  date_to: date, *, officer: str | None = None, actor: str = "casefolio",
                  force: bool = False) -> list[BuiltPacket]:
    """Build (or reuse) the packet of every officer with appearances in the window."""
    return [build_packet(index, store, court, plan, actor=actor, force=force)
            for plan in plan_packets(index, date_from, date_to, officer=officer)]


# --- sending --------------------------------------------------------------------------------

@dataclass
class SendReport:
    """What a send run did."""

    queued: list[int] = field(default_factory=list)  # outbox ids queued by this run
    updates: list[int] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # badges with nothing new
    delivery: notify.DeliveryReport = field(default_factory=notify.DeliveryReport)
    reminders: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.delivery.ok


def _outbox_details(plan: PacketPlan, built: BuiltPacket) -> dict[str, Any]:
    return {"badge": plan.officer.badge, "date_from": plan.date_from.isoformat(),
            "date_to": plan.date_to.isoformat(), "packet_sha256": built.packet.sha256,
            "pages": built.packet.pages, "documents": len(built.packet.document_ids),
            "appearances": [asdict(a) for a in plan.appearances], "missing": plan.missing,
            "sequences": dict(plan.sequences), "size": built.size}


def queue_packets(index: Index, store: ObjectStore, court: CourtSettings, date_from: date,
                  date_to: date, *, officer: str | None = None, actor: str = "casefolio",
                  new_only: bool = False) -> SendReport:
    """Build and queue each officer's packet that carries something not mailed to them yet.

    `new_only` puts only the new or changed appearances in the packet (the daily run); otherwise
    the packet holds the whole window. Nothing is built for an officer with nothing new.
    """
    report = SendReport()
    for plan in plan_packets(index, date_from, date_to, officer=officer):
        badge = plan.officer.badge
        with index.transaction() as tx:
            covered, sent = notify.delivered_fingerprints(tx, badge)
        new = {aid for aid, fp in plan.fingerprints.items() if (aid, fp) not in covered}
        if not new:
            report.unchanged.append(badge)
            continue
        if new_only:
            plan = restrict(plan, new)
        is_update = any(aid in sent and fp not in sent[aid]
                        for aid, fp in plan.fingerprints.items())
        built = build_packet(index, store, court, plan, actor=actor)
        with index.transaction() as tx:
            msg = notify.enqueue_packet(
                tx, badge=badge, kind="update" if is_update else "packet",
                content_key=plan.content_key, packet_id=built.packet_id,
                fingerprints=plan.fingerprints, details=_outbox_details(plan, built))
            if msg is not None and msg.id is not None:
                tx.audit.append(actor=actor, action="outbox.queued", subject=str(msg.id),
                                details={"badge": badge, "kind": msg.kind,
                                         "packet_id": built.packet_id})
                report.queued.append(msg.id)
                if is_update:
                    report.updates.append(msg.id)
    return report


def send_packets(index: Index, store: ObjectStore, settings: Settings, date_from: date,
                 date_to: date, *, officer: str | None = None, actor: str = "casefolio",
                 new_only: bool = False, ssl_context: ssl.SSLContext | None = None) -> SendReport:
    """Queue what is new (see `queue_packets`) and deliver everything due in the outbox: this
    run's packets, earlier failures, change notices. Sending the same window twice mails nobody."""
    report = queue_packets(index, store, settings.court, date_from, date_to, officer=officer,
                           actor=actor, new_only=new_only)
    report.delivery = notify.deliver_pending(index, store, settings, actor=actor,
                                             ssl_context=ssl_context)
    return report


def queue_reminders(index: Index, day: date) -> list[int]:
    """Queue a reminder for every active appearance on `day` (once per appearance and date),
    carrying the officer's newest packet that holds the appearance, when there is one."""
    queued = []
    with index.transaction() as tx:
        for row in tx.appearances.in_window(day, day, statuses=ACTIVE_STATUSES, assigned_only=True,
                                            order="id"):
            packet = next((p for p in tx.packets.of_officer(row.officer_badge or "")
                           if row.id in p.appearance_ids), None)
            msg = notify.enqueue_notice(tx, "reminder", row.to_appearance(),
                                        sequence=row.sequence,
                                        packet_id=packet.id if packet else None)
            if msg is not None and msg.id is not None:
                queued.append(msg.id)
    return queued


def run_daily(index: Index, store: ObjectStore, settings: Settings, *, today: date | None = None,
              actor: str = "daily_packets", ssl_context: ssl.SSLContext | None = None,
              ) -> SendReport:
    """The daily step: packets for every appearance within `court.days_ahead` days that the
    officer has not been sent (new or changed ones only), a reminder `court.reminder_days` ahead,
    then delivery of everything due (retries included)."""
    today = today or date.today()
    cs = settings.court
    report = queue_packets(index, store, cs, today, today + timedelta(days=cs.days_ahead),
                           actor=actor, new_only=True)
    if cs.reminder_days > 0:
        report.reminders = queue_reminders(index, today + timedelta(days=cs.reminder_days))
    report.delivery = notify.deliver_pending(index, store, settings, actor=actor,
                                             ssl_context=ssl_context)
    return report
