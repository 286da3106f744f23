"""Initial schema: documents, pages, entities, audit log, court tables, full-text and fuzzy search.

Every table of storage/schema.py and storage/court_schema.py as of this revision, plus:
- SQLite: the FTS5 table `documents_fts` (see storage/fulltext.py)
- PostgreSQL: a GIN index on the documents' tsvector (`ix_documents_fts`, the same expression as
  storage/fulltext.py searches), the pg_trgm extension and a trigram GIN index on
  `entities.value_folded` (`ix_entities_value_folded_trgm`) for fuzzy name search.

Idempotent (IF NOT EXISTS throughout), so an index.db made before migrations existed (by
`Base.metadata.create_all`) is brought under Alembic by simply running it.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("storage.migrations")

FTS5_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
    "document_id UNINDEXED, source_name, text, tokenize='porter unicode61')"
)
PG_FTS_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents "
    "USING GIN (to_tsvector('english', coalesce(source_name,'') || ' ' || text))"
)
PG_TRGM_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_entities_value_folded_trgm ON entities "
    "USING GIN (value_folded gin_trgm_ops)"
)


def _index(name: str, table: str, columns: list[str], unique: bool = False) -> None:
    op.create_index(name, table, columns, unique=unique, if_not_exists=True)


def upgrade() -> None:
    """Create every table and index that is missing."""
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("source_name", sa.String(length=512), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=32), nullable=False),
        sa.Column("doc_type_confidence", sa.Float(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("original_key", sa.String(length=256), nullable=False),
        sa.Column("searchable_key", sa.String(length=256), nullable=False),
        sa.Column("text_key", sa.String(length=256), nullable=False),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("review_reasons", sa.JSON(), nullable=False),
        sa.Column("appearance", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
        if_not_exists=True,
    )
    _index("ix_documents_doc_type", "documents", ["doc_type"])
    _index("ix_documents_ingested_at", "documents", ["ingested_at"])
    _index("ix_documents_needs_review", "documents", ["needs_review"])

    op.create_table(
        "pages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("rotation", sa.Integer(), nullable=False),
        sa.Column("skew", sa.Float(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "number"),
        if_not_exists=True,
    )

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("value", sa.String(length=256), nullable=False),
        sa.Column("value_folded", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=True),
        sa.Column("state", sa.String(length=4), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("box", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        if_not_exists=True,
    )
    _index("ix_entities_document_id", "entities", ["document_id"])
    _index("ix_entities_kind_value", "entities", ["kind", "value"])
    _index("ix_entities_value_folded", "entities", ["value_folded"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=256), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash"),
        sa.UniqueConstraint("prev_hash"),
        if_not_exists=True,
    )
    _index("ix_audit_log_action", "audit_log", ["action"])

    # --- court side (storage/court_schema.py) ---
    op.create_table(
        "officers",
        sa.Column("badge", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("name_folded", sa.String(length=256), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("badge"),
        if_not_exists=True,
    )
    _index("ix_officers_name_folded", "officers", ["name_folded"])

    op.create_table(
        "appearances",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("officer_badge", sa.String(length=32), nullable=True),
        sa.Column("officer_name", sa.String(length=256), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("time", sa.String(length=5), nullable=True),
        sa.Column("court", sa.String(length=256), nullable=True),
        sa.Column("courtroom", sa.String(length=64), nullable=True),
        sa.Column("hearing", sa.String(length=128), nullable=True),
        sa.Column("defendant", sa.String(length=256), nullable=True),
        sa.Column("case_numbers", sa.JSON(), nullable=False),
        sa.Column("citation_numbers", sa.JSON(), nullable=False),
        sa.Column("court_case_numbers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("previous_date", sa.Date(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("document_ids", sa.JSON(), nullable=False),
        sa.Column("docket_feed", sa.String(length=64), nullable=True),
        sa.Column("docket_key", sa.String(length=512), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        if_not_exists=True,
    )
    _index("ix_appearances_badge_date", "appearances", ["officer_badge", "date"])
    _index("ix_appearances_date", "appearances", ["date"])
    _index("ix_appearances_docket", "appearances", ["docket_feed", "docket_key"])

    op.create_table(
        "packets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("officer_badge", sa.String(length=32), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("content_key", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("object_key", sa.String(length=256), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("appearance_ids", sa.JSON(), nullable=False),
        sa.Column("document_ids", sa.JSON(), nullable=False),
        sa.Column("fingerprints", sa.JSON(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("officer_badge", "date_from", "date_to", "content_key"),
        if_not_exists=True,
    )
    _index("ix_packets_officer_badge", "packets", ["officer_badge"])

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dedupe_key", sa.String(length=256), nullable=False),
        sa.Column("officer_badge", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("packet_id", sa.Integer(), nullable=True),
        sa.Column("appearance_ids", sa.JSON(), nullable=False),
        sa.Column("fingerprints", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("transient", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("message_id", sa.String(length=256), nullable=True),
        sa.Column("recipient", sa.String(length=320), nullable=True),
        sa.Column("delivery", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
        if_not_exists=True,
    )
    _index("ix_outbox_officer_badge", "outbox", ["officer_badge"])
    _index("ix_outbox_status", "outbox", ["status"])

    # --- search ---
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(FTS5_DDL)
    elif bind.dialect.name == "postgresql":
        op.execute(PG_FTS_INDEX)
        _trigram_index(bind)


def _trigram_index(bind: sa.Connection) -> None:
    """pg_trgm and its GIN index; without the extension fuzzy name search is simply off."""
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            bind.exec_driver_sql(PG_TRGM_INDEX)
    except sa.exc.DBAPIError as e:  # not installed (postgresql-contrib) or not permitted
        log.warning("pg_trgm is not available, fuzzy name search is off: %s",
                    str(getattr(e, "orig", e)).splitlines()[0])


def downgrade() -> None:
    """Drop everything this revision made (the data with it)."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_entities_value_folded_trgm")
        op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    for table in ("outbox", "packets", "appearances", "officers", "audit_log", "pages",
                  "entities", "documents"):
        op.drop_table(table, if_exists=True)
