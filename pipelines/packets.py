"""Court packets: for one officer and a window of dates, one PDF with a cover sheet, every archived
document linked to each appearance (searchable copies), bookmarks, "page n of N" on every page and a
manifest with SHA-256s; and the sending of packets through the outbox (exactly once per content).

Linking is a handful of batched queries; building is dominated by copying PDF pages (pypdf).
Each appearance has a fingerprint over its details and its linked documents; a packet is mailed
when it carries a fingerprint the officer has not been sent yet, and is an update when an
appearance in it was mailed before with a different fingerprint.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import ssl
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

from base.errors import StorageError
from base.models import Appearance, Officer, Packet
from base.settings import CourtSettings, Settings
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

@dataclass
class Included:
    """A document as it went into a packet."""

    ref: DocRef
    start: int = 0  # 1-based first page in the packet; 0 = not included
    pages: int = 0
    copy_sha256: str = ""
    error: str | None = None


@dataclass
class Rendered:
    """A rendered packet PDF."""

    data: bytes
    pages: int
    included: dict[str, Included]


def render_packet(plan: PacketPlan, fetch: Callable[[str], bytes], court: CourtSettings, *,
                  generated_at: datetime | None = None) -> Rendered:
    """The packet PDF: cover sheet, every linked document once, manifest; bookmarks; page stamps."""
    generated_at = generated_at or datetime.now(UTC)
    included, readers = _load_documents(plan, fetch)
    cover, cover_pages = _layout_cover(plan, included, court, generated_at)
    manifest = _manifest_pdf(plan, included, generated_at)
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(cover)).pages:
        writer.add_page(page)
    for doc_id, _inc in included.items():
        reader = readers.get(doc_id)
        if reader is not None:
            for page in reader.pages:
                writer.add_page(page)
    manifest_start = len(writer.pages)
    for page in PdfReader(io.BytesIO(manifest)).pages:
        writer.add_page(page)
    _outline(writer, plan, included, manifest_start)
    total = len(writer.pages)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding")}))
    for n, page in enumerate(writer.pages, start=1):
        _stamp(writer, page, f"page {n} of {total}", font)
    writer.add_metadata({"/Title": f"Court packet #{plan.officer.badge} {plan.date_from} to "
                                   f"{plan.date_to}", "/Producer": "casefolio"})
    out = io.BytesIO()
    writer.write(out)
    return Rendered(data=out.getvalue(), pages=total, included=included)


def _load_documents(plan: PacketPlan, fetch: Callable[[str], bytes],
                    ) -> tuple[dict[str, Included], dict[str, PdfReader]]:
    included: dict[str, Included] = {}
    readers: dict[str, PdfReader] = {}
    for a in plan.appearances:
        for ref in plan.documents.get(a.id or 0, []):
            if ref.id in included:
                continue
            inc = Included(ref=ref)
            try:
                data = fetch(ref.key)
                reader = PdfReader(io.BytesIO(data))
                if reader.is_encrypted:
                    raise PyPdfError("encrypted")
                inc.pages = len(reader.pages)
                inc.copy_sha256 = sha256_bytes(data)
                readers[ref.id] = reader
            except (StorageError, PyPdfError, ValueError, OSError) as e:
                inc.error = "searchable copy unavailable"
                log.warning("packet for badge %s: document %s left out: %s",
                            plan.officer.badge, ref.id, type(e).__name__)
            included[ref.id] = inc
    return included, readers


def _assign_pages(included: dict[str, Included], cover_pages: int) -> None:
    page = cover_pages + 1
    for inc in included.values():
        if inc.error is None and inc.pages:
            inc.start = page
            page += inc.pages


# Cover sheet and manifest are laid out as lines drawn straight on a reportlab canvas: the page
# count is known before drawing (page references sit in a right-hand column that never changes
# the wrapping), and drawing is cheap next to copying the documents.

PAGE_W, PAGE_H = 612.0, 792.0  # US letter
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 50.0, 54.0, 48.0
RIGHT_COL = 72.0
RED = (0.8, 0.0, 0.0)


@dataclass
class Line:
    """One line of a cover or manifest page."""

    text: str
    font: str = "Helvetica"
    size: float = 9.5
    indent: float = 0.0
    right: str = ""
    color: tuple[float, float, float] | None = None
    right_color: tuple[float, float, float] | None = None
    space_before: float = 0.0

    @property
    def height(self) -> float:
        return self.size * 1.3 + self.space_before


def _lines(text: str, *, font: str = "Helvetica", size: float = 9.5, indent: float = 0.0,
           right: str = "", color: tuple[float, float, float] | None = None,
           right_color: tuple[float, float, float] | None = None,
           space_before: float = 0.0) -> list[Line]:
    """`text` wrapped to the text column (the right-hand reference goes on the first line)."""
    from reportlab.lib.utils import simpleSplit

    width = PAGE_W - 2 * MARGIN_X - indent - (RIGHT_COL if right else 0)
    parts = simpleSplit(text, font, size, width) or [""]
    return [Line(t, font, size, indent, right if i == 0 else "", color, right_color,
                 space_before if i == 0 else 0.0) for i, t in enumerate(parts)]


def _paginate(blocks: Sequence[list[Line]]) -> list[list[Line]]:
    """Blocks kept on one page when they fit; longer blocks flow over pages."""
    avail = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
    pages: list[list[Line]] = [[]]
    used = 0.0
    for block in blocks:
        need = sum(line.height for line in block)
        if used and used + need > avail and need <= avail:
            pages.append([])
            used = 0.0
        for line in block:
            if used + line.height > avail and pages[-1]:
                pages.append([])
                used = 0.0
            pages[-1].append(line)
            used += line.height
    return pages


def _draw(pages: Sequence[Sequence[Line]], title: str) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle(title)
    c.setAuthor("casefolio")
    for lines in pages:
        y = PAGE_H - MARGIN_TOP
        for line in lines:
            y -= line.height
            c.setFont(line.font, line.size)
            c.setFillColorRGB(*(line.color or (0, 0, 0)))
            c.drawString(MARGIN_X + line.indent, y, line.text)
            if line.right:
                c.setFillColorRGB(*(line.right_color or (0, 0, 0)))
                c.drawRightString(PAGE_W - MARGIN_X, y, line.right)
        c.showPage()
    c.save()
    return buf.getvalue()


def _layout_cover(plan: PacketPlan, included: dict[str, Included], court: CourtSettings,
                  generated_at: datetime) -> tuple[bytes, int]:
    """Lay the cover out once to count its pages, number the documents, then draw it."""
    count = len(_paginate(_cover_blocks(plan, included, court, generated_at)))
    _assign_pages(included, count)
    pages = _paginate(_cover_blocks(plan, included, court, generated_at))
    return _draw(pages, "Court packet cover sheet"), len(pages)


def _appearance_heading(n: int, a: Appearance, plan: PacketPlan) -> str:
    day = date.fromisoformat(a.date)
    parts = [f"{n}. {day:%a} {a.date}", a.time or "time not set", a.court or "court not set",
             f"Room {a.courtroom}" if a.courtroom else "", a.hearing or ""]
    text = " - ".join(p for p in parts if p)
    if str(a.id) in plan.previous_dates:
        text += f" (continued from {plan.previous_dates[str(a.id)]})"
    return text


def _cover_blocks(plan: PacketPlan, included: dict[str, Included], court: CourtSettings,
                  generated_at: datetime) -> list[list[Line]]:
    o = plan.officer
    head = [
        *_lines("Court packet", font="Helvetica-Bold", size=18),
        *_lines(f"Officer: {o.name} (badge #{o.badge})", size=11, space_before=6),
        *_lines(f"Appearances from {plan.date_from} to {plan.date_to}: "
                f"{len(plan.appearances)}; documents: {len(included)}", size=11),
        *_lines(f"Prepared {generated_at:%Y-%m-%d %H:%M} UTC. For the named officer only; do "
                "not forward or copy.", size=8),
    ]
    blocks = [head]
    for n, a in enumerate(plan.appearances, start=1):
        block = _lines(_appearance_heading(n, a, plan), font="Helvetica-Bold", size=11,
                       space_before=12)
        for label, value in (("Defendant", a.defendant or "-"),
                             ("Court case", ", ".join(a.court_case_numbers) or "-"),
                             ("Agency case", ", ".join(a.case_numbers) or "-"),
                             ("Citation", ", ".join(a.citation_numbers) or "-")):
            block += _lines(f"{label}: {value}", indent=12)
        docs = plan.documents.get(a.id or 0, [])
        if not docs:
            block += _lines("NO ARCHIVED DOCUMENTS YET for this appearance - ask "
                            f"{court.records_contact} before court.",
                            font="Helvetica-Bold", size=10, indent=12, color=RED, space_before=2)
        else:
            block += _lines("Documents:", font="Helvetica-Bold", indent=12, space_before=2)
        for ref in docs:
            inc = included[ref.id]
            right = f"page {inc.start}" if inc.start else "NOT INCLUDED"
            block += _lines(f"- {ref.doc_type.replace('_', ' ')}: {ref.source_name} "
                            f"({inc.pages or ref.pages} p.)", indent=24, right=right,
                            right_color=None if inc.start else RED)
        blocks.append(block)
    return blocks


def _manifest_pdf(plan: PacketPlan, included: dict[str, Included],
                  generated_at: datetime) -> bytes:
    blocks = [[*_lines("Manifest", font="Helvetica-Bold", size=18),
               *_lines(f"Officer badge #{plan.officer.badge}; {plan.date_from} to "
                       f"{plan.date_to}; prepared {generated_at:%Y-%m-%d %H:%M} UTC; "
                       f"{len(included)} document(s).", size=10, space_before=6)]]
    by_doc: dict[str, list[str]] = {}
    for a in plan.appearances:
        for ref in plan.documents.get(a.id or 0, []):
            by_doc.setdefault(ref.id, []).append(a.date)
    for n, (doc_id, inc) in enumerate(included.items(), start=1):
        ref = inc.ref
        span = (f"pages {inc.start}-{inc.start + inc.pages - 1}" if inc.start
                else f"NOT INCLUDED ({inc.error or ''})")
        block = _lines(f"{n}. {ref.doc_type.replace('_', ' ')}: {ref.source_name} - for "
                       f"{', '.join(sorted(set(by_doc.get(doc_id, []))))} - matched "
                       f"{', '.join(ref.matched)}", font="Helvetica-Bold", size=8.5,
                       right=span, space_before=6)
        block += _lines(f"id {doc_id}", font="Courier", size=7, indent=12)
        block += _lines(f"original SHA-256 {ref.sha256}", font="Courier", size=7, indent=12)
        block += _lines(f"copy SHA-256     {inc.copy_sha256 or '-'}", font="Courier", size=7,
                        indent=12)
        blocks.append(block)
    return _draw(_paginate(blocks), "Court packet manifest")


def _outline(writer: PdfWriter, plan: PacketPlan, included: dict[str, Included],
             manifest_start: int) -> None:
    writer.add_outline_item(title="Cover sheet", page_number=0)
    for n, a in enumerate(plan.appearances, start=1):
        docs = [included[r.id] for r in plan.documents.get(a.id or 0, [])]
        first = next((d.start - 1 for d in docs if d.start), 0)
        number = (a.court_case_numbers or a.citation_numbers or a.case_numbers or [""])[0]
        title = " ".join(p for p in (f"{n}.", a.date, a.time or "", a.hearing or "", number) if p)
        parent = writer.add_outline_item(title=title, page_number=first)
        for d in docs:
            if d.start:
                writer.add_outline_item(title=f"{d.ref.doc_type.replace('_', ' ')}: "
                                        f"{d.ref.source_name}", page_number=d.start - 1,
                                        parent=parent)
    writer.add_outline_item(title="Manifest", page_number=manifest_start)


def _stamp(writer: PdfWriter, page: Any, text: str, font: Any) -> None:
    """Append "page n of N" at the bottom centre as displayed (honours /Rotate), without parsing
    the page's content stream: the original content is wrapped in q/Q and a stamp stream added."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    box = page.cropbox
    x0, y0, x1, y1 = (float(v) for v in (box.left, box.bottom, box.right, box.top))
    rotation = int(page.get("/Rotate", 0) or 0) % 360
    matrix = {0: (1, 0, 0, 1, x0, y0), 90: (0, 1, -1, 0, x1, y0),
              180: (-1, 0, 0, -1, x1, y1), 270: (0, -1, 1, 0, x0, y1)}.get(rotation,
                                                                          (1, 0, 0, 1, x0, y0))
    width = (x1 - x0) if rotation in (0, 180) else (y1 - y0)
    size = 8.0
    tx = (width - stringWidth(text, "Helvetica", size)) / 2
    cm = " ".join(f"{v:g}" for v in matrix)
    stamp = (f"Q q {cm} cm BT /CFStamp {size:g} Tf 0 g {tx:.2f} 14 Td ({text}) Tj ET Q\n")
    pre, post = DecodedStreamObject(), DecodedStreamObject()
    pre.set_data(b"q\n")
    post.set_data(stamp.encode("latin-1"))
    contents = page.get("/Contents")
    parts = ArrayObject([writer._add_object(pre)])
    if contents is not None:
        obj = contents.get_object()
        if isinstance(obj, ArrayObject):
            parts.extend(obj)
        else:
            parts.append(contents if hasattr(contents, "idnum") else writer._add_object(obj))
    parts.append(writer._add_object(post))
    page[NameObject("/Contents")] = parts
    resources = page.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is None:
        fonts = DictionaryObject()
        resources[NameObject("/Font")] = fonts
    fonts.get_object()[NameObject("/CFStamp")] = font


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
    rendered = render_packet(plan, store.get_bytes, court)
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
    """Queue a reminder for every active appearance on `day` (once per appearance and date)."""
    queued = []
    with index.transaction() as tx:
        for row in tx.appearances.in_window(day, day, statuses=ACTIVE_STATUSES, assigned_only=True,
                                            order="id"):
            msg = notify.enqueue_notice(tx, "reminder", row.to_appearance(),
                                        sequence=row.sequence)
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
