"""The index's tables (SQLAlchemy 2.0). Works on SQLite and PostgreSQL.

Full-text search is dialect specific and lives in storage/fulltext.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class DocumentRow(Base):
    """One filed document."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_name: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)
    doc_type: Mapped[str] = mapped_column(String(32), default="other", index=True)
    doc_type_confidence: Mapped[float] = mapped_column(Float, default=0.0)
    page_count: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    original_key: Mapped[str] = mapped_column(String(256))
    searchable_key: Mapped[str] = mapped_column(String(256))
    text_key: Mapped[str] = mapped_column(String(256))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    review_reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    appearance: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    pages: Mapped[list[PageRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="PageRow.number"
    )
    entities: Mapped[list[EntityRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="EntityRow.id"
    )


class PageRow(Base):
    """One page of a document and how its text was obtained."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(8))
    confidence: Mapped[float] = mapped_column(Float)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    skew: Mapped[float] = mapped_column(Float, default=0.0)
    steps: Mapped[list[Any]] = mapped_column(JSON, default=list)

    document: Mapped[DocumentRow] = relationship(back_populates="pages")


class EntityRow(Base):
    """A number, person, plate or VIN found in a document."""

    __tablename__ = "entities"
    __table_args__ = (Index("ix_entities_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(256))
    value_folded: Mapped[str] = mapped_column(String(256), index=True)
    role: Mapped[str | None] = mapped_column(String(24), nullable=True)
    state: Mapped[str | None] = mapped_column(String(4), nullable=True)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    page: Mapped[int] = mapped_column(Integer, default=1)
    box: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)

    document: Mapped[DocumentRow] = relationship(back_populates="entities")


class AuditRow(Base):
    """Append-only, hash-chained record of who did what (see storage/audit.py)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject: Mapped[str] = mapped_column(String(256))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)  # a fork of the chain fails
    hash: Mapped[str] = mapped_column(String(64), unique=True)


# --- search (storage/search.py, storage/search_keys.py) ---------------------------------------

SeqType = BigInteger().with_variant(Integer, "sqlite")  # SQLite: INTEGER PRIMARY KEY = the rowid
KeyType = String(160).with_variant(String(160, collation="C"), "postgresql")  # prefix ranges


class SearchDocRow(Base):
    """The searchable facts of one document, keyed by its time-ordered seq (search_keys.new_seq).

    On PostgreSQL the table also has `tsv tsvector` (GIN indexed), made by the migrations only.
    `officers` lists the document's officer facet values (badge, or folded name) joined by "|".
    """

    __tablename__ = "search_docs"
    __table_args__ = (
        Index("ix_search_docs_type_seq", "doc_type", "seq"),
        Index("ix_search_docs_review_seq", "needs_review", "seq"),
    )

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=False)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), unique=True)
    doc_type: Mapped[str] = mapped_column(String(32))
    needs_review: Mapped[bool] = mapped_column(Boolean)
    officers: Mapped[str] = mapped_column(String(512), default="")


class SearchKeyRow(Base):
    """One normalised lookup key of a document (numbers, plates, names, officers)."""

    __tablename__ = "search_keys"
    __table_args__ = ({"sqlite_with_rowid": False},)

    key: Mapped[str] = mapped_column(KeyType, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)


class SearchTermRow(Base):
    """The fuzzy vocabulary of name words: each word under itself and its one-deletion variants."""

    __tablename__ = "search_terms"
    __table_args__ = ({"sqlite_with_rowid": False},)

    key: Mapped[str] = mapped_column(KeyType, primary_key=True)
    term: Mapped[str] = mapped_column(KeyType, primary_key=True)


class SearchCountRow(Base):
    """Documents per filing period (a year "Y2024" or a day "D2024-03-01"), type and review
    flag: exact totals and facets for queries that only filter by type, date and review."""

    __tablename__ = "search_counts"

    period: Mapped[str] = mapped_column(String(12), primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    needs_review: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)

