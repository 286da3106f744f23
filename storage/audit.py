"""Append-only, hash-chained audit log kept in the index database.

Each entry's hash covers the previous entry's hash and its own content, so any edit or deletion
breaks the chain and `verify_chain` finds it. `prev_hash` is unique, and on PostgreSQL appenders
take a transaction-scoped advisory lock, so concurrent writers never fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from storage.schema import AuditRow

GENESIS = "0" * 64
AUDIT_LOCK_KEY = 0x617564697400  # "audit"


def _entry_hash(prev_hash: str, at: datetime, actor: str, action: str, subject: str,
                details: dict[str, Any]) -> str:
    body = json.dumps(
        [prev_hash, at.isoformat(), actor, action, subject, details],
        sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the audit log: who did what to which subject, when, chained by hash."""

    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""


@dataclass(frozen=True)
class ChainCheck:
    """Outcome of re-computing every entry's hash: `ok`, else the id of the first bad entry."""

    ok: bool
    first_bad: int | None = None
    entries: int = 0


def _entry(row: AuditRow) -> AuditEntry:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    return AuditEntry(id=row.id, at=at, actor=row.actor, action=row.action, subject=row.subject,
                      details=dict(row.details or {}), prev_hash=row.prev_hash, hash=row.hash)


def append(session: Session, *, actor: str, action: str, subject: str,
           details: dict[str, Any] | None = None) -> AuditRow:
    """Append one entry in the caller's transaction (never log names or text in details)."""
    if session.get_bind().dialect.name == "postgresql":  # one appender at a time, per transaction
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK_KEY})
    last = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(1)).first()
    prev = last.hash if last else GENESIS
    at = datetime.now(UTC).replace(microsecond=0)
    details = details or {}
    row = AuditRow(at=at, actor=actor, action=action, subject=subject, details=details,
                   prev_hash=prev, hash=_entry_hash(prev, at, actor, action, subject, details))
    session.add(row)
    session.flush()
    return row


def verify_chain(session: Session) -> tuple[bool, int | None]:
    """Check every entry's hash; return (ok, id of the first bad entry or None)."""
    check = _verify(session)
    return check.ok, check.first_bad


def _verify(session: Session) -> ChainCheck:
    prev = GENESIS
    count = 0
    for row in session.scalars(select(AuditRow).order_by(AuditRow.id)):
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
        expected = _entry_hash(prev, at, row.actor, row.action, row.subject, row.details)
        if row.prev_hash != prev or row.hash != expected:
            return ChainCheck(False, row.id, count)
        prev = row.hash
        count += 1
    return ChainCheck(True, None, count)


class AuditLog:
    """The audit log inside one transaction (`tx.audit`): append, read, verify."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def append(self, *, actor: str, action: str, subject: str,
               details: dict[str, Any] | None = None) -> AuditEntry:
        """Append one entry; it commits with the rest of the transaction or not at all. Never
        put names, plates or document text in `details`."""
        return _entry(append(self._s, actor=actor, action=action, subject=subject,
                             details=details))

    def entries(self, *, subject: str | None = None, action: str | None = None,
                actor: str | None = None, after_id: int | None = None, newest_first: bool = False,
                limit: int | None = None, before_id: int | None = None,
                since: datetime | None = None, until: datetime | None = None) -> list[AuditEntry]:
        """Entries matching every filter given, oldest first (or newest first); `after_id` pages
        forward through the log, `before_id` backward; `since` (inclusive) and `until`
        (exclusive) bound the time."""
        stmt = select(AuditRow)
        if before_id is not None:
            stmt = stmt.where(AuditRow.id < before_id)
        if since is not None:
            stmt = stmt.where(AuditRow.at >= since)
        if until is not None:
            stmt = stmt.where(AuditRow.at < until)
        if subject is not None:
            stmt = stmt.where(AuditRow.subject == subject)
        if action is not None:
            stmt = stmt.where(AuditRow.action == action)
        if actor is not None:
            stmt = stmt.where(AuditRow.actor == actor)
        if after_id is not None:
            stmt = stmt.where(AuditRow.id > after_id)
        stmt = stmt.order_by(AuditRow.id.desc() if newest_first else AuditRow.id)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [_entry(r) for r in self._s.scalars(stmt)]

    def get(self, entry_id: int) -> AuditEntry | None:
        """One entry by id."""
        row = self._s.get(AuditRow, entry_id)
        return _entry(row) if row else None

    def verify(self) -> ChainCheck:
        """Re-compute every entry's hash: any edit or deletion breaks the chain."""
        return _verify(self._s)
