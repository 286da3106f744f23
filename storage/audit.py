"""Append-only, hash-chained audit log kept in the index database.

Each entry's hash covers the previous entry's hash and its own content, so any edit or deletion
breaks the chain and `verify_chain` finds it. `prev_hash` is unique, and on PostgreSQL appenders
take a transaction-scoped advisory lock, so concurrent writers never fork the chain.
"""

from __future__ import annotations

import hashlib
import json
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
    prev = GENESIS
    for row in session.scalars(select(AuditRow).order_by(AuditRow.id)):
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
        expected = _entry_hash(prev, at, row.actor, row.action, row.subject, row.details)
        if row.prev_hash != prev or row.hash != expected:
            return False, row.id
        prev = row.hash
    return True, None
