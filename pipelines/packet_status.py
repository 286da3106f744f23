"""Where each built packet stands: built, sent, updated, failed (what the packets page shows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storage.index import Index


@dataclass(frozen=True)
class PacketStatus:
    """One built packet and its mail: status is built (not queued yet), pending, sending, sent,
    failed or superseded; `update` when it was mailed as an update of an earlier packet."""

    packet_id: int
    officer_badge: str
    officer_name: str
    date_from: dt.date
    date_to: dt.date
    built_at: dt.datetime | None
    pages: int
    documents: int
    appearances: int
    status: str
    update: bool = False
    outbox_id: int | None = None
    reason: str | None = None
    delivery: str | None = None
    sent_at: dt.datetime | None = None
    current: bool = True  # the officer's newest packet for this window
    document_ids: tuple[str, ...] = ()


def packet_statuses(index: Index, officer: str | None = None, limit: int = 500) -> list[PacketStatus]:
    """Built packets with their mail status, newest first (one officer's, or everyone's)."""
    out: list[PacketStatus] = []
    with index.transaction() as tx:
        badges = [officer] if officer else [o.badge for o in tx.officers.all()]
        names = {o.badge: o.name for o in tx.officers.all()}
        for badge in badges:
            packets = tx.packets.of_officer(badge, limit=limit)
            mail = {m.packet_id: m for m in tx.outbox.find(officer=badge, kinds=("packet", "update"),
                                                           newest_first=True)
                    if m.packet_id is not None}
            seen: set[tuple[dt.date, dt.date]] = set()
            for p in packets:
                m = mail.get(p.id or 0)
                window = (p.date_from, p.date_to)
                out.append(PacketStatus(
                    packet_id=p.id or 0, officer_badge=badge, officer_name=names.get(badge, ""),
                    date_from=p.date_from, date_to=p.date_to, built_at=p.built_at, pages=p.pages,
                    documents=len(p.document_ids), appearances=len(p.appearance_ids),
                    status=m.status if m else "built", update=bool(m and m.kind == "update"),
                    outbox_id=m.id if m else None, reason=m.reason if m else None,
                    delivery=m.delivery if m else None, sent_at=m.sent_at if m else None,
                    current=window not in seen, document_ids=tuple(p.document_ids)))
                seen.add(window)
    out.sort(key=lambda s: s.packet_id, reverse=True)  # ids grow with time: newest first
    return out[:limit]
