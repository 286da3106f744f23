"""Search keys: time-ordered search rows, normalised number/plate/name/officer keys, the fuzzy name
vocabulary, per-period counts, and full text keyed by the same seq (storage/search.py).

- `search_docs` (seq = filing second << 30 | random bits), `search_keys(key, seq)`,
  `search_terms(key, term)`, `search_counts(period, doc_type, needs_review, n)`.
- SQLite: the FTS5 table `search_fts` (rowid = seq) over the view `search_fts_content`, so the text
  is stored once (in `documents`); the old `documents_fts` (a second copy of every text) goes.
- PostgreSQL: `search_docs.tsv tsvector` with a GIN index replaces the expression index on
  `documents` (ranking no longer re-parses every matched text); the trigram index on entity values
  goes (names are found through `search_keys` and `search_terms`).
- Every document already filed gets its search rows (seq from its filing time).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

from storage.schema import KeyType, SeqType

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS5_VIEW = (
    "CREATE VIEW IF NOT EXISTS search_fts_content AS SELECT s.seq AS seq, "
    "d.source_name AS source_name, d.text AS text "
    "FROM search_docs s JOIN documents d ON d.id = s.document_id"
)
FTS5_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(source_name, text, "
    "content='search_fts_content', content_rowid='seq', tokenize='porter unicode61')"
)
PG_TSV = "ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS tsv tsvector"
PG_TSV_INDEX = "CREATE INDEX IF NOT EXISTS ix_search_docs_tsv ON search_docs USING GIN (tsv)"
BATCH = 500


def upgrade() -> None:
    """Create the search tables and fill them for every filed document."""
    op.create_table(
        "search_docs",
        sa.Column("seq", SeqType, autoincrement=False, nullable=False),
        sa.Column("document_id", sa.String(length=32), nullable=False),
        sa.Column("doc_type", sa.String(length=32), nullable=False),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("officers", sa.String(length=512), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("document_id"),
        if_not_exists=True,
    )
    op.create_index("ix_search_docs_type_seq", "search_docs", ["doc_type", "seq"],
                    if_not_exists=True)
    op.create_index("ix_search_docs_review_seq", "search_docs", ["needs_review", "seq"],
                    if_not_exists=True)
    op.create_table(
        "search_keys",
        sa.Column("key", KeyType, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", "seq"),
        if_not_exists=True, sqlite_with_rowid=False,
    )
    op.create_table(
        "search_terms",
        sa.Column("key", KeyType, nullable=False),
        sa.Column("term", KeyType, nullable=False),
        sa.PrimaryKeyConstraint("key", "term"),
        if_not_exists=True, sqlite_with_rowid=False,
    )
    op.create_table(
        "search_counts",
        sa.Column("period", sa.String(length=12), nullable=False),
        sa.Column("doc_type", sa.String(length=32), nullable=False),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("period", "doc_type", "needs_review"),
        if_not_exists=True,
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(FTS5_VIEW)
        op.execute(FTS5_DDL)
    elif bind.dialect.name == "postgresql":
        op.execute(PG_TSV)
        op.execute(PG_TSV_INDEX)
        op.execute("DROP INDEX IF EXISTS ix_documents_fts")
        op.execute("DROP INDEX IF EXISTS ix_entities_value_folded_trgm")
    _backfill(bind)
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")


def _backfill(bind: sa.Connection) -> None:
    """Search rows for every document filed before this revision (oldest first)."""
    from storage import search

    filed = set(bind.execute(sa.text("SELECT document_id FROM search_docs")).scalars())
    ids = [i for i in bind.execute(sa.text("SELECT id FROM documents ORDER BY ingested_at, id"))
           .scalars() if i not in filed]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        params = {f"i{n}": v for n, v in enumerate(chunk)}
        names = ", ".join(f":i{n}" for n in range(len(chunk)))
        entities: dict[str, list[SimpleNamespace]] = {i: [] for i in chunk}
        for doc_id, kind, value, role in bind.execute(sa.text(
                f"SELECT document_id, kind, value, role FROM entities WHERE document_id IN ({names}) "
                "ORDER BY id"), params):
            entities[doc_id].append(SimpleNamespace(kind=kind, value=value, role=role))
        rows = bind.execute(sa.text(
            "SELECT id, source_name, text, doc_type, needs_review, ingested_at, appearance "
            f"FROM documents WHERE id IN ({names})"), params).all()
        for doc_id, source_name, body, doc_type, review, at, appearance in rows:
            if isinstance(at, str):
                from datetime import datetime

                at = datetime.fromisoformat(at)
            if isinstance(appearance, str):
                import json

                appearance = json.loads(appearance)
            search.index_document(bind, document_id=doc_id, filed_at=at, source_name=source_name,
                                  body=body or "", facts=search.facts_of(
                                      doc_type, bool(review), entities[doc_id], appearance))


def downgrade() -> None:
    """Drop the search tables (0001's full-text objects are made again by re-running 0001)."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
        op.execute("DROP VIEW IF EXISTS search_fts_content")
        op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
                   "document_id UNINDEXED, source_name, text, tokenize='porter unicode61')")
        op.execute("INSERT INTO documents_fts(document_id, source_name, text) "
                   "SELECT id, source_name, text FROM documents")
    else:
        op.execute("CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents USING GIN "
                   "(to_tsvector('english', coalesce(source_name,'') || ' ' || text))")
    for table in ("search_counts", "search_terms", "search_keys", "search_docs"):
        op.drop_table(table, if_exists=True)
