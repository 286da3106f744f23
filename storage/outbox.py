"""Repository of the email outbox: every message to an officer, sent exactly once.

`dedupe_key` is unique: the same packet content (or the same change notice) is added once however
often a run enqueues it, also when two runs add it at the same moment. Status: pending -> sending
-> sent, or failed, or superseded. What the statuses mean and when a message is due is the
business of pipelines/notify.py; this module only stores and finds messages. Used inside one
`storage.transaction.Transaction` (`tx.outbox`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.court_schema import OutboxRow
from storage.records import values_of, write_onto


@dataclass
class OutboxMessage:
    """One email to send: to whom, what kind, what it carries, and how sending went.

    `kind`: packet | update | continuance | cancellation | reminder. `details` holds what the
    message says (appearances, dates, the packet's figures); `fingerprints` what a packet carries
    (appearance id -> fingerprint). `id` is None until the message is added.
    """

    dedupe_key: str
    officer_badge: str
    kind: str
    packet_id: int | None = None
    appearance_ids: list[int] = field(default_factory=list)
    fingerprints: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    status: str = "pending"
    attempts: int = 0
    transient: bool = True
    last_error: str | None = None
    reason: str | None = None
    message_id: str | None = None
    recipient: str | None = None
    delivery: str | None = None  # attachment | link
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    sent_at: dt.datetime | None = None
    id: int | None = None


_COLUMNS = ("dedupe_key", "officer_badge", "kind", "packet_id", "appearance_ids", "fingerprints",
            "details", "status", "attempts", "transient", "last_error", "reason", "message_id",
            "recipient", "delivery", "created_at", "updated_at", "sent_at")


def _message(row: OutboxRow) -> OutboxMessage:
    return OutboxMessage(id=row.id, **values_of(row, _COLUMNS))


class Outbox:
    """The outbox table, message by message."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, msg: OutboxMessage) -> OutboxMessage | None:
        """Insert a message unless its dedupe key is taken (also under a concurrent insert);
        returns it with its id, or None when it was there already."""
        if self._s.scalar(select(OutboxRow.id).where(OutboxRow.dedupe_key == msg.dedupe_key)):
            return None
        now = dt.datetime.now(dt.UTC)
        msg.created_at = msg.created_at or now
        msg.updated_at = msg.updated_at or now
        row = OutboxRow(**values_of(msg, _COLUMNS))
        try:
            with self._s.begin_nested():
                self._s.add(row)
                self._s.flush()
        except sa_exc.IntegrityError:
            return None
        msg.id = row.id
        return msg

    def get(self, outbox_id: int) -> OutboxMessage | None:
        """One message by id."""
        row = self._s.get(OutboxRow, outbox_id)
        return _message(row) if row else None

    def save(self, msg: OutboxMessage) -> OutboxMessage:
        """Write back a message read from this outbox (status, attempts, errors, ...)."""
        if msg.id is None:
            raise KeyError("an outbox message is added before it is saved")
        row = self._s.get(OutboxRow, msg.id)
        if row is None:
            raise KeyError(msg.id)
        write_onto(row, msg, _COLUMNS)
        self._s.flush()
        return msg

    def find(self, *, statuses: Collection[str] | None = None, officer: str | None = None,
             kinds: Collection[str] | None = None, ids: Collection[int] | None = None,
             newest_first: bool = False, limit: int | None = None) -> list[OutboxMessage]:
        """Messages matching every filter given, oldest first (or newest first). Timestamps are
        as the database gives them (SQLite: without a zone; they were written in UTC)."""
        stmt = select(OutboxRow)
        if statuses is not None:
            stmt = stmt.where(OutboxRow.status.in_(list(statuses)))
        if officer:
            stmt = stmt.where(OutboxRow.officer_badge == officer)
        if kinds is not None:
            stmt = stmt.where(OutboxRow.kind.in_(list(kinds)))
        if ids is not None:
            stmt = stmt.where(OutboxRow.id.in_(list(ids)))
        stmt = stmt.order_by(OutboxRow.id.desc() if newest_first else OutboxRow.id)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [_message(r) for r in self._s.scalars(stmt)]

    def fingerprints(self, officer: str, *, kinds: Collection[str],
                     statuses: Collection[str]) -> list[tuple[dict[str, str], str]]:
        """(fingerprints, status) of an officer's messages of these kinds and statuses (only
        these two columns are read: an officer's whole history of packets is cheap to scan)."""
        rows = self._s.execute(select(OutboxRow.fingerprints, OutboxRow.status).where(
            OutboxRow.officer_badge == officer, OutboxRow.kind.in_(list(kinds)),
            OutboxRow.status.in_(list(statuses))))
        return [(dict(fps or {}), status) for fps, status in rows]

