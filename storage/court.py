"""Repositories of the court side: the roster, appearances and built packets.

Each repository works inside one `storage.transaction.Transaction` (`with index.transaction() as
tx: tx.appearances...`), takes and returns plain dataclasses (the shared `Officer`, or the stored
records below) and never hands out a database row. A record read in a transaction is changed by
the caller and written back with `save`; within one transaction the same appearance id is always
the same record object, so a change made through one reference is seen through every other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from base.models import Appearance, Officer, Packet
from storage.court_schema import AppearanceRow, OfficerRow, PacketRow
from storage.folding import fold_name
from storage.records import values_of, write_onto

#: Statuses of an appearance the officer still has to attend.
ACTIVE_STATUSES = ("scheduled", "continued")

UpsertOutcome = Literal["added", "updated", "unchanged"]
AppearanceOrder = Literal["date", "officer", "id"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- officers -------------------------------------------------------------------------------

def _officer(row: OfficerRow) -> Officer:
    return Officer(badge=row.badge, name=row.name, email=row.email)


class Officers:
    """The roster. The badge number is the officer's identity everywhere."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, badge: str) -> Officer | None:
        """The roster entry of a badge number, or None."""
        row = self._s.get(OfficerRow, badge)
        return _officer(row) if row else None

    def all(self) -> list[Officer]:
        """Every officer on the roster, by badge."""
        return [_officer(r) for r in self._s.scalars(select(OfficerRow).order_by(OfficerRow.badge))]

    def many(self, badges: Collection[str]) -> dict[str, Officer]:
        """The roster entries of these badges (badges not on the roster are left out)."""
        if not badges:
            return {}
        rows = self._s.scalars(select(OfficerRow).where(OfficerRow.badge.in_(list(badges))))
        return {r.badge: _officer(r) for r in rows}

    def upsert(self, officer: Officer) -> UpsertOutcome:
        """Insert or update one officer (a re-import updates name and email)."""
        row = self._s.get(OfficerRow, officer.badge)
        if row is None:
            self._s.add(OfficerRow(badge=officer.badge, name=officer.name,
                                   name_folded=fold_name(officer.name), email=officer.email,
                                   active=True, updated_at=_now()))
            return "added"
        if (row.name, row.email, row.active) == (officer.name, officer.email, True):
            return "unchanged"
        row.name, row.email, row.active = officer.name, officer.email, True
        row.name_folded = fold_name(officer.name)
        row.updated_at = _now()
        return "updated"

    def resolve(self, name: str | None) -> str | None:
        """The badge of the roster officer with this name: the exact (folded) name, else the one
        officer with this last name and first initial; None when there is no single answer."""
        if not name:
            return None
        folded = fold_name(name)
        badges = list(self._s.scalars(select(OfficerRow.badge)
                                      .where(OfficerRow.name_folded == folded)))
        if len(badges) == 1:
            return badges[0]
        parts = folded.split()
        if len(parts) < 2:
            return None
        rows = self._s.scalars(select(OfficerRow)
                               .where(OfficerRow.name_folded.like(f"%{parts[-1]}")))
        hits = [r.badge for r in rows
                if r.name_folded.split()[-1] == parts[-1] and r.name_folded[:1] == parts[0][:1]]
        return hits[0] if len(hits) == 1 else None


# --- appearances ----------------------------------------------------------------------------

@dataclass
class StoredAppearance:
    """One stored court appearance with its bookkeeping.

    `sources` lists where it came from (docket, document, manual); `document_ids` the filed
    documents that announced it; `docket_feed`/`docket_key` the docket row it came from across
    re-imports; `sequence` counts changes (the iCalendar SEQUENCE); `previous_date` is the date
    before the last continuance. `id` is None until it is first saved.
    """

    date: dt.date
    officer_badge: str | None = None
    officer_name: str | None = None
    time: str | None = None
    court: str | None = None
    courtroom: str | None = None
    hearing: str | None = None
    defendant: str | None = None
    case_numbers: list[str] = field(default_factory=list)
    citation_numbers: list[str] = field(default_factory=list)
    court_case_numbers: list[str] = field(default_factory=list)
    status: str = "scheduled"
    previous_date: dt.date | None = None
    sources: list[str] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)
    docket_feed: str | None = None
    docket_key: str | None = None
    sequence: int = 0
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    id: int | None = None

    def to_appearance(self) -> Appearance:
        """The shared dataclass form (what packets, notices and the calendar show)."""
        return Appearance(
            id=self.id, date=self.date.isoformat(), time=self.time, court=self.court,
            courtroom=self.courtroom, hearing=self.hearing, officer_badge=self.officer_badge,
            officer_name=self.officer_name, defendant=self.defendant,
            case_numbers=list(self.case_numbers), citation_numbers=list(self.citation_numbers),
            court_case_numbers=list(self.court_case_numbers), source=",".join(self.sources),
            status=self.status,
        )


#: Columns copied between a StoredAppearance and its row (all but the id).
_APPEARANCE_COLUMNS = (
    "officer_badge", "officer_name", "date", "time", "court", "courtroom", "hearing", "defendant",
    "case_numbers", "citation_numbers", "court_case_numbers", "status", "previous_date", "sources",
    "document_ids", "docket_feed", "docket_key", "sequence", "created_at", "updated_at",
)
_LIST_COLUMNS = ("case_numbers", "citation_numbers", "court_case_numbers", "sources",
                 "document_ids")


class Appearances:
    """Court appearances: read as `StoredAppearance` records, changed by the caller, `save`d."""

    def __init__(self, session: Session) -> None:
        self._s = session
        self._records: dict[int, StoredAppearance] = {}

    def _record(self, row: AppearanceRow) -> StoredAppearance:
        known = self._records.get(row.id)
        if known is not None:
            return known
        values = values_of(row, _APPEARANCE_COLUMNS)
        for name in _LIST_COLUMNS:
            values[name] = values[name] or []
        rec = StoredAppearance(id=row.id, **values)
        self._records[row.id] = rec
        return rec

    def _all(self, stmt: Select[tuple[AppearanceRow]]) -> list[StoredAppearance]:
        return [self._record(r) for r in self._s.scalars(stmt)]

    def get(self, appearance_id: int) -> StoredAppearance | None:
        """One appearance by id."""
        row = self._s.get(AppearanceRow, appearance_id)
        return self._record(row) if row else None

    def on_day(self, badge: str, day: dt.date, *, include_cancelled: bool = False,
               docket_free: bool = False) -> list[StoredAppearance]:
        """An officer's appearances on one day, oldest first (`docket_free`: only those no
        docket row owns yet)."""
        stmt = select(AppearanceRow).where(AppearanceRow.officer_badge == badge,
                                           AppearanceRow.date == day)
        if not include_cancelled:
            stmt = stmt.where(AppearanceRow.status != "cancelled")
        if docket_free:
            stmt = stmt.where(AppearanceRow.docket_key.is_(None))
        return self._all(stmt.order_by(AppearanceRow.id))

    def of_feed(self, feed: str) -> list[StoredAppearance]:
        """Every appearance a docket feed brought in, oldest first."""
        return self._all(select(AppearanceRow).where(AppearanceRow.docket_feed == feed)
                         .order_by(AppearanceRow.id))

    def in_window(self, date_from: dt.date | None = None, date_to: dt.date | None = None, *,
                  officer: str | None = None, statuses: Iterable[str] | None = None,
                  assigned_only: bool = False, order: AppearanceOrder = "date",
                  ) -> list[StoredAppearance]:
        """Appearances between two days (inclusive; None = open), optionally of one officer, of
        some statuses, or only those with an officer. Ordered by date and time, by officer then
        date and time, or by id."""
        stmt = select(AppearanceRow)
        if date_from:
            stmt = stmt.where(AppearanceRow.date >= date_from)
        if date_to:
            stmt = stmt.where(AppearanceRow.date <= date_to)
        if officer:
            stmt = stmt.where(AppearanceRow.officer_badge == officer)
        if statuses is not None:
            stmt = stmt.where(AppearanceRow.status.in_(list(statuses)))
        if assigned_only:
            stmt = stmt.where(AppearanceRow.officer_badge.is_not(None))
        by = {"date": (AppearanceRow.date, AppearanceRow.time, AppearanceRow.id),
              "officer": (AppearanceRow.officer_badge, AppearanceRow.date, AppearanceRow.time,
                          AppearanceRow.id),
              "id": (AppearanceRow.id,)}[order]
        return self._all(stmt.order_by(*by))

    def badges_in_window(self, date_from: dt.date, date_to: dt.date,
                         officer: str | None = None) -> list[str]:
        """Badges with an active appearance in the window (inclusive), sorted."""
        stmt = (select(AppearanceRow.officer_badge).distinct()
                .where(AppearanceRow.date >= date_from, AppearanceRow.date <= date_to,
                       AppearanceRow.status.in_(ACTIVE_STATUSES),
                       AppearanceRow.officer_badge.is_not(None)))
        if officer:
            stmt = stmt.where(AppearanceRow.officer_badge == officer)
        return sorted(b for b in self._s.scalars(stmt) if b)

    def save(self, rec: StoredAppearance) -> StoredAppearance:
        """Write a record (inserted when it has no id yet: the id is set on it) and return it.
        A new record without timestamps gets them now."""
        if rec.id is None:
            now = _now()
            rec.created_at = rec.created_at or now
            rec.updated_at = rec.updated_at or now
            row = AppearanceRow(**values_of(rec, _APPEARANCE_COLUMNS))
            self._s.add(row)
            self._s.flush()
            rec.id = row.id
            self._records[row.id] = rec
            return rec
        existing = self._s.get(AppearanceRow, rec.id)
        if existing is None:
            raise KeyError(rec.id)
        write_onto(existing, rec, _APPEARANCE_COLUMNS)
        self._s.flush()
        self._records[rec.id] = rec
        return rec


# --- packets --------------------------------------------------------------------------------

@dataclass
class StoredPacket:
    """One built packet PDF: an officer, a window, and exactly what went in (`content_key`)."""

    officer_badge: str
    date_from: dt.date
    date_to: dt.date
    content_key: str
    sha256: str = ""
    object_key: str = ""
    pages: int = 0
    size: int = 0
    appearance_ids: list[int] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)
    fingerprints: dict[str, str] = field(default_factory=dict)  # appearance id -> fingerprint
    built_at: dt.datetime | None = None
    id: int | None = None

    def to_packet(self) -> Packet:
        """The shared dataclass form."""
        return Packet(officer_badge=self.officer_badge, date_from=self.date_from.isoformat(),
                      date_to=self.date_to.isoformat(), appearance_ids=list(self.appearance_ids),
                      document_ids=list(self.document_ids), pdf_path=None, sha256=self.sha256,
                      pages=self.pages, content_key=self.content_key)


_PACKET_COLUMNS = ("officer_badge", "date_from", "date_to", "content_key", "sha256", "object_key",
                   "pages", "size", "appearance_ids", "document_ids", "fingerprints", "built_at")


def _packet(row: PacketRow) -> StoredPacket:
    return StoredPacket(id=row.id, officer_badge=row.officer_badge, date_from=row.date_from,
                        date_to=row.date_to, content_key=row.content_key, sha256=row.sha256,
                        object_key=row.object_key, pages=row.pages, size=row.size,
                        appearance_ids=list(row.appearance_ids or []),
                        document_ids=list(row.document_ids or []),
                        fingerprints=dict(row.fingerprints or {}), built_at=row.built_at)


class Packets:
    """Built packets, one per officer, window and content."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, packet_id: int) -> StoredPacket | None:
        """One packet by id."""
        row = self._s.get(PacketRow, packet_id)
        return _packet(row) if row else None

    def find(self, badge: str, date_from: dt.date, date_to: dt.date,
             content_key: str) -> StoredPacket | None:
        """The packet built for this officer, window and content, if any."""
        row = self._find(badge, date_from, date_to, content_key)
        return _packet(row) if row else None

    def of_officer(self, badge: str, *, limit: int | None = None) -> list[StoredPacket]:
        """One officer's built packets, newest first (an officer only ever sees their own)."""
        stmt = (select(PacketRow).where(PacketRow.officer_badge == badge)
                .order_by(PacketRow.id.desc()))
        if limit is not None:
            stmt = stmt.limit(limit)
        return [_packet(r) for r in self._s.scalars(stmt)]

    def _find(self, badge: str, date_from: dt.date, date_to: dt.date,
              content_key: str) -> PacketRow | None:
        return self._s.scalar(select(PacketRow).where(
            PacketRow.officer_badge == badge, PacketRow.date_from == date_from,
            PacketRow.date_to == date_to, PacketRow.content_key == content_key))

    def save(self, rec: StoredPacket) -> StoredPacket:
        """Write a packet: the one of its officer, window and content is updated (a rebuild),
        else a new one is inserted; the record gets its id."""
        row = (self._s.get(PacketRow, rec.id) if rec.id is not None else
               self._find(rec.officer_badge, rec.date_from, rec.date_to, rec.content_key))
        if row is None:
            row = PacketRow()
            self._s.add(row)
        write_onto(row, rec, _PACKET_COLUMNS)
        self._s.flush()
        rec.id = row.id
        return rec
