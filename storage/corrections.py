"""Reviewers' corrections: stored with who and when, and winning over extraction.

A correction names one fact of one document and what it should be:

- `entity`: an entity of `kind` (case_number, citation_number, court_case_number, person, plate,
  vin). `before` is the extracted one ({"value", "role", "state"}; None when the reviewer adds a
  missing one), `after` what it should be (None when it should not be there at all).
- `doc_type`: {"doc_type": ...}.
- `appearance`: the appearance fields that should change ({"date": ..., "officer_badge": ...}).
- `review`: the document was checked (it leaves the review queue).

`apply` puts a document's corrections, oldest first, over its facts; storage/index.py does so when
a correction is made and again after every re-extraction, so a correction always wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.accounts_schema import CorrectionRow
from storage.folding import fold
from storage.schema import EntityRow

FIELDS = ("entity", "doc_type", "appearance", "review")
ENTITY_KINDS = ("case_number", "citation_number", "court_case_number", "person", "plate", "vin")


@dataclass
class Correction:
    """One reviewer's correction of one fact of one document."""

    document_id: str
    field: str
    by: str
    kind: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    at: dt.datetime | None = None
    id: int | None = None


def _correction(row: CorrectionRow) -> Correction:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
    return Correction(id=row.id, document_id=row.document_id, field=row.field, kind=row.kind,
                      before=dict(row.before) if row.before else None,
                      after=dict(row.after) if row.after else None, by=row.by, at=at)


class Corrections:
    """The stored corrections (append-only: a later correction of the same fact wins)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, c: Correction) -> Correction:
        """Store one correction; it gets its id."""
        if c.field not in FIELDS:
            raise ValueError(f"unknown field {c.field!r}")
        row = CorrectionRow(document_id=c.document_id, field=c.field, kind=c.kind,
                            before=c.before, after=c.after, by=c.by,
                            at=c.at or dt.datetime.now(dt.UTC))
        self._s.add(row)
        self._s.flush()
        c.id, c.at = row.id, row.at
        return c

    def of_document(self, document_id: str) -> list[Correction]:
        """One document's corrections, oldest first."""
        return [_correction(r) for r in self._s.scalars(
            select(CorrectionRow).where(CorrectionRow.document_id == document_id)
            .order_by(CorrectionRow.id))]

    def iter_all(self, batch: int = 1000) -> Iterator[Correction]:
        """Every correction, oldest first."""
        last = 0
        while True:
            rows = list(self._s.scalars(select(CorrectionRow).where(CorrectionRow.id > last)
                                        .order_by(CorrectionRow.id).limit(batch)))
            if not rows:
                return
            yield from (_correction(r) for r in rows)
            last = rows[-1].id


@dataclass
class Facts:
    """What extraction (and review) says about one document."""

    doc_type: str
    doc_type_confidence: float
    entities: list[EntityRow]
    appearance: dict[str, Any] | None
    review_reasons: list[str] = field(default_factory=list)


def _matches(e: EntityRow, kind: str | None, value: dict[str, Any] | None) -> bool:
    if not value:
        return False
    return e.kind == kind and e.value_folded == fold(str(value.get("value", "")))


def _set_entity(e: EntityRow, after: dict[str, Any]) -> None:
    e.value = str(after["value"])
    e.value_folded = fold(e.value)
    if e.kind == "person":
        e.role = after.get("role") or e.role or "other"
    if e.kind == "plate":
        e.state = after.get("state") or e.state
    e.confidence = 1.0


def _apply_entity(facts: Facts, c: Correction) -> None:
    hit = [e for e in facts.entities if _matches(e, c.kind, c.before)]
    if c.before is None and c.after is not None:  # an added entity: the same value is edited
        hit = [e for e in facts.entities if _matches(e, c.kind, c.after)]
    after = c.after
    if after is None:
        facts.entities = [e for e in facts.entities if e not in hit]
        return
    for e in hit:
        _set_entity(e, after)
    if not hit:
        page = int((c.before or {}).get("page") or after.get("page") or 1)
        e = EntityRow(kind=c.kind, value="", value_folded="", role=None, state=None,
                      confidence=1.0, page=page, box=None)
        _set_entity(e, after)
        facts.entities = [*facts.entities, e]


def apply(facts: Facts, corrections: Sequence[Correction]) -> Facts:
    """The facts with the corrections put over them, oldest first (changed in place)."""
    for c in corrections:
        if c.field == "entity" and c.kind in ENTITY_KINDS:
            _apply_entity(facts, c)
        elif c.field == "doc_type" and c.after:
            facts.doc_type, facts.doc_type_confidence = str(c.after["doc_type"]), 1.0
        elif c.field == "appearance" and c.after:
            facts.appearance = {**(facts.appearance or {}), **c.after}
        elif c.field == "review":
            facts.review_reasons = []
    return facts


def corrected_values(corrections: Sequence[Correction]) -> set[tuple[str, str]]:
    """(kind, folded value) of every entity a reviewer set (what pages show as corrected)."""
    out: set[tuple[str, str]] = set()
    for c in corrections:
        if c.field == "entity" and c.kind and c.after:
            out.add((c.kind, fold(str(c.after.get("value", "")))))
    return out
