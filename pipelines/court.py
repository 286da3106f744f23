"""Officers and their court appearances: the roster, docket import (merge and diff), manual entry,
appearances announced by filed documents, and the calendar.

Appearances from the three sources are merged without duplicates: the same officer on the same date
with any agency case, citation or court case number in common is one appearance. A docket row keeps
its identity across re-imports (`docket_feed` + `docket_key`: the primary number, the officer and
the hearing), so a new date is a continuance and a row gone (or a cancelled status) a cancellation;
each change is queued in the outbox for the officer in the same transaction.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from base.errors import CourtInputError, DocketRowError
from base.models import Appearance, Document, Extraction, Officer
from base.settings import CourtSettings
from pipelines import notify
from storage.court import ACTIVE_STATUSES, StoredAppearance
from storage.folding import fold, fold_name
from storage.index import Index
from storage.transaction import Transaction

log = logging.getLogger(__name__)

DOCKET_COLUMNS = (
    "date", "time", "court", "courtroom", "court_case_number", "agency_case_number",
    "citation_number", "defendant", "officer_name", "officer_badge", "hearing",
)
OPTIONAL_COLUMNS = ("status",)
NUMBER_FIELDS = ("case_numbers", "citation_numbers", "court_case_numbers")
ENTITY_FIELD = {"case_number": "case_numbers", "citation_number": "citation_numbers",
                "court_case_number": "court_case_numbers"}
ACTIVE = ACTIVE_STATUSES


def _now() -> datetime:
    return datetime.now(UTC)


# --- officers -------------------------------------------------------------------------------

@dataclass
class RosterResult:
    """What a roster import changed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def read_roster(path: Path) -> tuple[list[Officer], list[str]]:
    """Officers from a CSV with columns badge,name,email (header names case-insensitive)."""
    officers: list[Officer] = []
    errors: list[str] = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = {fold(h): h for h in (reader.fieldnames or [])}
        missing = [c for c in ("badge", "name", "email") if c not in header]
        if missing:
            raise CourtInputError(f"{path.name}: missing roster column(s): {', '.join(missing)}")
        for line, raw in enumerate(reader, start=2):
            badge = (raw.get(header["badge"]) or "").strip()
            name = " ".join((raw.get(header["name"]) or "").split())
            email = (raw.get(header["email"]) or "").strip()
            if not badge or not name:
                errors.append(f"line {line}: badge and name are required")
                continue
            if email and "@" not in email:
                errors.append(f"line {line}: badge {badge}: not an email address")
                email = ""
            officers.append(Officer(badge=badge, name=name, email=email))
    return officers, errors


def import_roster(index: Index, path: Path, *, actor: str = "casefolio") -> RosterResult:
    """Add or update the officers of a roster CSV (re-import updates names and emails)."""
    officers, errors = read_roster(path)
    result = RosterResult(errors=errors)
    with index.transaction() as tx:
        for officer in officers:
            result_kind = tx.officers.upsert(officer)
            setattr(result, result_kind, getattr(result, result_kind) + 1)
        tx.audit.append(actor=actor, action="officers.imported", subject=path.name,
                        details={"added": result.added, "updated": result.updated,
                                 "unchanged": result.unchanged, "errors": len(errors)})
    log.info("roster imported: %d added, %d updated, %d unchanged", result.added, result.updated,
             result.unchanged)
    return result


def get_officer(index: Index, badge: str) -> Officer | None:
    """The roster entry of a badge number, or None."""
    with index.transaction() as tx:
        return tx.officers.get(badge)


def list_officers(index: Index) -> list[Officer]:
    """Every officer on the roster, by badge."""
    with index.transaction() as tx:
        return tx.officers.all()


def load_roster(index: Index) -> list[Officer]:
    """The roster (used by the ingest to resolve officer names found in documents)."""
    return list_officers(index)


# --- appearances: conversion and merging ------------------------------------------------------

def _numbers(a: Appearance | StoredAppearance) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for kind in NUMBER_FIELDS:
        for value in getattr(a, kind) or []:
            out.add((kind, fold(value)))
    return out


def _saved_id(row: StoredAppearance) -> int:
    assert row.id is not None  # read from or saved to the index
    return row.id


def _union(old: Sequence[str], new: Iterable[str]) -> list[str]:
    seen = {fold(v) for v in old}
    merged = list(old)
    for value in new:
        if value and fold(value) not in seen:
            merged.append(value)
            seen.add(fold(value))
    return merged


def find_match(tx: Transaction, a: Appearance, *, docket_only_free: bool = False,
               include_cancelled: bool = False) -> StoredAppearance | None:
    """The stored appearance that is the same as `a`: same officer and date, a number in common
    (or, without numbers on either side, the same time and courtroom)."""
    if not a.officer_badge:
        return None
    mine = _numbers(a)
    for row in tx.appearances.on_day(a.officer_badge, date.fromisoformat(a.date),
                                     include_cancelled=include_cancelled,
                                     docket_free=docket_only_free):
        theirs = _numbers(row)
        if mine & theirs:
            return row
        if not mine and not theirs and (row.time, row.courtroom) == (a.time, a.courtroom):
            return row
    return None


def _new_row(a: Appearance, source: str) -> StoredAppearance:
    now = _now()
    return StoredAppearance(
        officer_badge=a.officer_badge, officer_name=a.officer_name, date=date.fromisoformat(a.date),
        time=a.time, court=a.court, courtroom=a.courtroom, hearing=a.hearing, defendant=a.defendant,
        case_numbers=list(a.case_numbers), citation_numbers=list(a.citation_numbers),
        court_case_numbers=list(a.court_case_numbers), status="scheduled", sources=[source],
        document_ids=[], sequence=0, created_at=now, updated_at=now,
    )


def _merge_into(row: StoredAppearance, a: Appearance, source: str, *, authoritative: bool) -> bool:
    """Fold `a` into `row`: numbers are united; fields are filled when empty, or overwritten when
    the source is authoritative (the docket, a manual edit). Returns whether anything changed."""
    changed = False
    for name in ("time", "court", "courtroom", "hearing", "defendant", "officer_name"):
        new = getattr(a, name)
        if new and (authoritative or not getattr(row, name)) and getattr(row, name) != new:
            setattr(row, name, new)
            changed = True
    for name in NUMBER_FIELDS:
        merged = _union(getattr(row, name) or [], getattr(a, name))
        if merged != list(getattr(row, name) or []):
            setattr(row, name, merged)
            changed = True
    if source not in (row.sources or []):
        row.sources = [*(row.sources or []), source]
    if changed:
        row.updated_at = _now()
    return changed


def merge_appearance(tx: Transaction, a: Appearance, source: str,
                     ) -> tuple[StoredAppearance, bool]:
    """Store `a`, merged into the matching appearance when there is one, in the transaction `tx`.
    Returns (the stored appearance, created)."""
    if not a.officer_badge and a.officer_name:
        a = replace(a, officer_badge=tx.officers.resolve(a.officer_name))
    row = find_match(tx, a)
    if row is not None:
        _merge_into(row, a, source, authoritative=source == "manual")
        return tx.appearances.save(row), False
    return tx.appearances.save(_new_row(a, source)), True


def add_appearance(index: Index, a: Appearance, *, actor: str = "casefolio") -> tuple[int, bool]:
    """Manual entry: store an appearance (merged with a matching one). Returns (id, created)."""
    date.fromisoformat(a.date)  # validate early
    with index.transaction() as tx:
        row, created = merge_appearance(tx, a, "manual")
        tx.audit.append(actor=actor,
                        action="appearance.added" if created else "appearance.merged",
                        subject=str(row.id), details={"badge": row.officer_badge,
                                                      "source": "manual"})
        return _saved_id(row), created


def cancel_appearance(index: Index, appearance_id: int, *, actor: str = "casefolio") -> bool:
    """Cancel an appearance by hand and queue a cancellation notice. False when not found."""
    with index.transaction() as tx:
        row = tx.appearances.get(appearance_id)
        if row is None:
            return False
        if row.status != "cancelled":
            _cancel(tx, row, actor=actor, why="manual")
        return True


def record_document_appearance(index: Index, doc: Document) -> int | None:
    """Store the appearance a filed subpoena or citation announces (called by the ingest after
    filing). Numbers missing from the appearance are taken from the document's entities; the
    officer is resolved from the roster by name when no badge was read. Returns the appearance id.
    """
    return record_extracted_appearance(index, doc.id, doc.extraction, actor="ingest")


def record_extracted_appearance(index: Index, doc_id: str, extraction: Extraction, *,
                                actor: str) -> int | None:
    """Store the appearance of one filed document's extraction (see `record_document_appearance`)."""
    found = extraction.appearance
    if found is None:
        return None
    a = replace(found, case_numbers=list(found.case_numbers),
                citation_numbers=list(found.citation_numbers),
                court_case_numbers=list(found.court_case_numbers))
    for entity in extraction.entities:
        target = ENTITY_FIELD.get(entity.kind)
        if target and not getattr(found, target):
            setattr(a, target, _union(getattr(a, target), [entity.value]))
    try:
        date.fromisoformat(a.date)
    except (TypeError, ValueError):
        log.warning("document %s: appearance without a valid date, not recorded", doc_id)
        return None
    with index.transaction() as tx:
        row, created = merge_appearance(tx, a, "document")
        if doc_id not in row.document_ids:
            row.document_ids = [*row.document_ids, doc_id]
            tx.appearances.save(row)
        tx.audit.append(actor=actor, action="appearance.added" if created
                        else "appearance.merged", subject=str(row.id),
                        details={"badge": row.officer_badge, "source": "document",
                                 "document_id": doc_id})
        log.info("document %s: appearance %s (%s) for badge %s", doc_id, row.id,
                 "new" if created else "merged", row.officer_badge)
        return row.id


# --- docket -----------------------------------------------------------------------------------

@dataclass
class DocketEntry:
    """One docket row: the appearance, its identity across re-imports, and whether it is off."""

    appearance: Appearance
    key: str
    cancelled: bool = False
    line: int = 0


@dataclass
class DocketResult:
    """What a docket import changed (appearance ids per outcome)."""

    added: list[int] = field(default_factory=list)
    merged: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    continued: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    reinstated: list[int] = field(default_factory=list)
    unchanged: int = 0
    unassigned: list[int] = field(default_factory=list)  # no roster officer: nobody notified
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """Counts per outcome (for logs, audit and the CLI)."""
        return {"added": len(self.added), "merged": len(self.merged), "updated": len(self.updated),
                "continued": len(self.continued), "cancelled": len(self.cancelled),
                "reinstated": len(self.reinstated), "unchanged": self.unchanged,
                "unassigned": len(self.unassigned), "errors": len(self.errors)}


def _parse_date(value: str, formats: Sequence[str]) -> date:
    value = value.strip()
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise DocketRowError(f"unreadable date {value!r}")


def _parse_time(value: str, formats: Sequence[str]) -> str | None:
    value = value.strip().upper().replace(".", "")
    if not value:
        return None
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).strftime("%H:%M")
        except ValueError:
            continue
    raise DocketRowError(f"unreadable time {value!r}")


def _split_numbers(value: str) -> list[str]:
    return [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]


def parse_docket(path: Path, court: CourtSettings) -> list[DocketEntry]:
    """Read a docket CSV into entries, using `court.docket_columns` (our column -> theirs).

    Raises CourtInputError when a required column is missing; a bad row is an entry-less error
    recorded on the returned list's `errors` attribute (see `import_docket`).
    """
    entries, _ = _read_docket(path, court)
    return entries


def _read_docket(path: Path, court: CourtSettings) -> tuple[list[DocketEntry], list[str]]:
    mapping = {c: court.docket_columns.get(c, c) for c in (*DOCKET_COLUMNS, *OPTIONAL_COLUMNS)}
    cancelled_words = {fold(w) for w in court.cancelled_statuses}
    entries: list[DocketEntry] = []
    errors: list[str] = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = {fold(h): h for h in (reader.fieldnames or [])}
        cols = {ours: header.get(fold(theirs)) for ours, theirs in mapping.items()}
        if cols["date"] is None or not (cols["officer_badge"] or cols["officer_name"]):
            raise CourtInputError(f"{path.name}: the docket needs a date column and an officer "
                                  "badge or name column (see court.docket_columns)")
        for line, raw in enumerate(reader, start=2):
            def get(ours: str, _raw: dict[str, Any] = raw) -> str:
                col = cols.get(ours)
                return " ".join(str(_raw.get(col) or "").split()) if col else ""
            try:
                entry = _docket_entry(get, court, cancelled_words, line)
            except DocketRowError as e:
                errors.append(f"line {line}: {e.message}")
                continue
            entries.append(entry)
    _disambiguate(entries)
    return entries, errors


def _docket_entry(get: Callable[[str], str], court: CourtSettings, cancelled_words: set[str], line: int) -> DocketEntry:
    a = Appearance(
        date=_parse_date(get("date"), court.docket_date_formats).isoformat(),
        time=_parse_time(get("time"), court.docket_time_formats),
        court=get("court") or None, courtroom=get("courtroom") or None,
        hearing=get("hearing") or None, officer_badge=get("officer_badge") or None,
        officer_name=get("officer_name") or None, defendant=get("defendant") or None,
        case_numbers=_split_numbers(get("agency_case_number")),
        citation_numbers=_split_numbers(get("citation_number")),
        court_case_numbers=_split_numbers(get("court_case_number")),
        source="docket",
    )
    if not (a.case_numbers or a.citation_numbers or a.court_case_numbers):
        raise DocketRowError("no court case, agency case or citation number")
    if not (a.officer_badge or a.officer_name):
        raise DocketRowError("no officer")
    status = fold(get("status"))
    cancelled = bool(status) and any(word in status for word in cancelled_words)
    primary = (a.court_case_numbers or a.citation_numbers or a.case_numbers)[0]
    who = a.officer_badge or fold_name(a.officer_name or "")
    key = "|".join((fold(primary), fold(who), fold(a.hearing or "")))
    return DocketEntry(appearance=a, key=key, cancelled=cancelled, line=line)


def _disambiguate(entries: list[DocketEntry]) -> None:
    """Two rows with the same key (two settings of the same hearing) get ordinal suffixes."""
    by_key: dict[str, list[DocketEntry]] = {}
    for e in entries:
        by_key.setdefault(e.key, []).append(e)
    for group in by_key.values():
        if len(group) > 1:
            group.sort(key=lambda e: (e.appearance.date, e.appearance.time or ""))
            for n, e in enumerate(group[1:], start=2):
                e.key = f"{e.key}#{n}"


def import_docket(index: Index, path: Path, court: CourtSettings, *, feed: str | None = None,
                  today: date | None = None, actor: str = "casefolio") -> DocketResult:
    """Import a docket export: add, merge and update appearances, detect continuances (new date)
    and cancellations (cancelled status, or a future row gone from the same feed), and queue a
    notice to the officer for each change, all in one transaction."""
    feed = feed or court.docket_feed
    today = today or date.today()
    entries, errors = _read_docket(path, court)
    result = DocketResult(errors=errors)
    with index.transaction() as tx:
        existing = _feed_rows(tx, feed)
        seen: set[str] = set()
        for entry in entries:
            a = entry.appearance
            if not a.officer_badge:
                entry.appearance = a = replace(a, officer_badge=tx.officers.resolve(
                    a.officer_name))
            seen.add(entry.key)
            row = existing.get(entry.key)
            if row is None:
                _docket_new(tx, entry, feed, result, actor)
            else:
                _docket_known(tx, row, entry, result, actor)
        for key, row in existing.items():
            if key not in seen and row.status != "cancelled" and row.date >= today:
                _cancel(tx, row, actor=actor, why="gone_from_docket")
                result.cancelled.append(_saved_id(row))
        tx.audit.append(actor=actor, action="docket.imported", subject=path.name,
                        details={"feed": feed, **result.summary()})
    log.info("docket %s imported: %s", feed, result.summary())
    return result


def _feed_rows(tx: Transaction, feed: str) -> dict[str, StoredAppearance]:
    by_key: dict[str, StoredAppearance] = {}
    for row in tx.appearances.of_feed(feed):
        if row.docket_key and (row.docket_key not in by_key or row.status != "cancelled"):
            by_key[row.docket_key] = row
    return by_key


def _docket_new(tx: Transaction, entry: DocketEntry, feed: str, result: DocketResult,
                actor: str) -> None:
    a = entry.appearance
    row = find_match(tx, a, docket_only_free=True)
    if entry.cancelled:
        if row is not None:
            _cancel(tx, row, actor=actor, why="docket_status")
            result.cancelled.append(_saved_id(row))
        else:
            result.unchanged += 1
        return
    created = row is None
    if row is None:
        row = _new_row(a, "docket")
    else:
        _merge_into(row, a, "docket", authoritative=True)
    row.docket_feed, row.docket_key = feed, entry.key
    tx.appearances.save(row)
    (result.added if created else result.merged).append(_saved_id(row))
    if not row.officer_badge:
        result.unassigned.append(_saved_id(row))


def _docket_known(tx: Transaction, row: StoredAppearance, entry: DocketEntry,
                  result: DocketResult, actor: str) -> None:
    a = entry.appearance
    if entry.cancelled:
        if row.status != "cancelled":
            _cancel(tx, row, actor=actor, why="docket_status")
            result.cancelled.append(_saved_id(row))
        else:
            result.unchanged += 1
        return
    new_date = date.fromisoformat(a.date)
    reinstated = row.status == "cancelled"
    moved = new_date != row.date
    if a.officer_badge and a.officer_badge != row.officer_badge:
        row.officer_badge = a.officer_badge
    changed = _merge_into(row, a, "docket", authoritative=True)
    if moved:
        row.previous_date, row.date = row.date, new_date
    if reinstated or moved:
        row.status = "continued" if moved and not reinstated else "scheduled"
        row.sequence += 1
        row.updated_at = _now()
        tx.appearances.save(row)
        (result.reinstated if reinstated else result.continued).append(_saved_id(row))
        if row.officer_badge:
            notify.enqueue_notice(tx, "continuance", row.to_appearance(),
                                  previous_date=row.previous_date.isoformat()
                                  if row.previous_date else None, sequence=row.sequence)
            tx.audit.append(actor=actor, action="appearance.continued", subject=str(row.id),
                            details={"badge": row.officer_badge, "date": row.date.isoformat(),
                                     "previous_date": row.previous_date.isoformat()
                                     if row.previous_date else None})
    elif changed:
        row.sequence += 1
        tx.appearances.save(row)
        result.updated.append(_saved_id(row))
    else:
        tx.appearances.save(row)  # the officer badge or the sources may have changed
        result.unchanged += 1


def _cancel(tx: Transaction, row: StoredAppearance, *, actor: str, why: str) -> None:
    row.status = "cancelled"
    row.sequence += 1
    row.updated_at = _now()
    tx.appearances.save(row)
    tx.audit.append(actor=actor, action="appearance.cancelled", subject=str(row.id),
                    details={"badge": row.officer_badge, "date": row.date.isoformat(),
                             "why": why})
    if row.officer_badge:
        notify.enqueue_notice(tx, "cancellation", row.to_appearance(), sequence=row.sequence)


# --- calendar ---------------------------------------------------------------------------------

def list_appearances(index: Index, *, date_from: date | None = None, date_to: date | None = None,
                     officer: str | None = None, include_cancelled: bool = True,
                     ) -> list[Appearance]:
    """Appearances in a window (inclusive), optionally of one officer, by date and time."""
    with index.transaction() as tx:
        rows = tx.appearances.in_window(date_from, date_to, officer=officer,
                                        statuses=None if include_cancelled else ACTIVE)
        return [r.to_appearance() for r in rows]


def get_appearance(index: Index, appearance_id: int) -> Appearance | None:
    """One appearance by id."""
    with index.transaction() as tx:
        row = tx.appearances.get(appearance_id)
        return row.to_appearance() if row else None


def officers_with_appearances(index: Index, date_from: date, date_to: date,
                              officer: str | None = None) -> list[str]:
    """Badges with an active appearance in the window."""
    with index.transaction() as tx:
        return tx.appearances.badges_in_window(date_from, date_to, officer)
