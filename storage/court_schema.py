"""Tables of the court side: officers, appearances, built packets and the email outbox.

Declared on `storage.schema.Base` beside the document tables. The Alembic migrations
(storage/migrations/) alone create them; the repositories in storage/court.py and
storage/outbox.py are the only code that reads or writes them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.schema import Base


class OfficerRow(Base):
    """A roster entry. The badge number is the officer's identity everywhere."""

    __tablename__ = "officers"

    badge: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(256))
    name_folded: Mapped[str] = mapped_column(String(256), index=True)
    email: Mapped[str] = mapped_column(String(320), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AppearanceRow(Base):
    """One court appearance of one officer, merged from the docket, filed documents and manual entry.

    `sources` lists where it came from (docket, document, manual); `document_ids` the filed
    documents (subpoenas, citations) that announced it. `docket_feed`/`docket_key` identify the
    docket row it came from across re-imports (so a new date is a continuance, a gone row a
    cancellation). `sequence` counts changes (the iCalendar SEQUENCE).
    """

    __tablename__ = "appearances"
    __table_args__ = (
        Index("ix_appearances_badge_date", "officer_badge", "date"),
        Index("ix_appearances_docket", "docket_feed", "docket_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    officer_badge: Mapped[str | None] = mapped_column(String(32), nullable=True)
    officer_name: Mapped[str | None] = mapped_column(String(256), nullable=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    time: Mapped[str | None] = mapped_column(String(5), nullable=True)
    court: Mapped[str | None] = mapped_column(String(256), nullable=True)
    courtroom: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hearing: Mapped[str | None] = mapped_column(String(128), nullable=True)
    defendant: Mapped[str | None] = mapped_column(String(256), nullable=True)
    case_numbers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    citation_numbers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    court_case_numbers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    previous_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    document_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    docket_feed: Mapped[str | None] = mapped_column(String(64), nullable=True)
    docket_key: Mapped[str | None] = mapped_column(String(512), nullable=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PacketRow(Base):
    """One built packet PDF: an officer, a window, and exactly what went in (`content_key`)."""

    __tablename__ = "packets"
    __table_args__ = (
        UniqueConstraint("officer_badge", "date_from", "date_to", "content_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    officer_badge: Mapped[str] = mapped_column(String(32), index=True)
    date_from: Mapped[dt.date] = mapped_column(Date)
    date_to: Mapped[dt.date] = mapped_column(Date)
    content_key: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    object_key: Mapped[str] = mapped_column(String(256))
    pages: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    appearance_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    document_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    fingerprints: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # appearance id -> fp
    built_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class OutboxRow(Base):
    """One email to send, exactly once.

    `dedupe_key` is unique: the same packet content (or the same change notice) is enqueued once
    however often a send runs. Status: pending -> sending -> sent, or failed (transient failures
    are retried on the next run; permanent ones wait for `casefolio outbox retry`), or superseded
    (a newer packet for the same appearances replaced it before it went out). The Message-ID is
    derived from the row id, so a resend after a crash between SMTP accept and commit carries the
    same Message-ID.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dedupe_key: Mapped[str] = mapped_column(String(256), unique=True)
    officer_badge: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # packet|update|continuance|cancellation|reminder
    packet_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    appearance_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    fingerprints: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    transient: Mapped[bool] = mapped_column(Boolean, default=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    message_id: Mapped[str | None] = mapped_column(String(256), nullable=True)
    recipient: Mapped[str | None] = mapped_column(String(320), nullable=True)
    delivery: Mapped[str | None] = mapped_column(String(16), nullable=True)  # attachment|link
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
