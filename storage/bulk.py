"""Filing many documents at once (imports, benchmarks): the rows `Index.add_document` writes, in
large batches, with the same search keys, vocabulary, counts and full text.

SQLite: one transaction per batch of multi-row inserts. PostgreSQL: COPY for the plain tables, one
multi-row INSERT for the search rows (their tsvector is computed by the server). Each batch is one
transaction with one audit entry ("documents.bulk_filed", its document count and seq range).
Unlike add_document, a duplicate SHA-256 fails the whole batch.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy import exc as sa_exc

from base.errors import IndexUnavailable
from base.models import Document
from storage import audit, search
from storage import search_keys as sk

log = logging.getLogger(__name__)

DOC_COLUMNS = ("id", "source_name", "sha256", "kind", "size", "doc_type", "doc_type_confidence",
               "page_count", "text", "ingested_at", "original_key", "searchable_key", "text_key",
               "needs_review", "review_reasons", "appearance")
PAGE_COLUMNS = ("document_id", "number", "method", "confidence", "rotation", "skew", "steps")
ENTITY_COLUMNS = ("document_id", "kind", "value", "value_folded", "role", "state", "confidence",
                  "page", "box")


SQLITE_CACHE_KB = 1_000_000  # page cache while loading (the B-trees outgrow the default 2 MB)


@dataclass
class BulkStats:
    """What a bulk load wrote."""

    documents: int = 0
    keys: int = 0
    terms: int = 0
    batches: int = 0
    seconds: float = 0.0
    by_table: Counter[str] = field(default_factory=Counter)


@dataclass
class _Batch:
    docs: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    search: list[dict[str, Any]] = field(default_factory=list)
    keys: list[tuple[str, int]] = field(default_factory=list)
    counts: Counter[tuple[str, str, bool]] = field(default_factory=Counter)
    words: set[str] = field(default_factory=set)


def _chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _batch(docs: list[Document]) -> _Batch:
    from storage.folding import fold

    b = _Batch()
    for doc in docs:
        ex = doc.extraction
        at = sk.as_utc(datetime.fromisoformat(doc.ingested_at)) if doc.ingested_at \
            else datetime.now(UTC)
        appearance = asdict(ex.appearance) if ex.appearance is not None else None
        b.docs.append({
            "id": doc.id, "source_name": doc.source_name, "sha256": doc.sha256, "kind": doc.kind,
            "size": doc.size, "doc_type": ex.doc_type, "doc_type_confidence": ex.doc_type_confidence,
            "page_count": len(doc.pages), "text": doc.text, "ingested_at": at,
            "original_key": doc.original_key, "searchable_key": doc.searchable_key,
            "text_key": doc.text_key, "needs_review": doc.needs_review,
            "review_reasons": list(ex.review_reasons), "appearance": appearance})
        b.pages.extend({"document_id": doc.id, "number": p.number, "method": p.method,
                        "confidence": round(p.confidence, 4), "rotation": p.rotation,
                        "skew": round(p.skew, 2), "steps": list(p.steps)} for p in doc.pages)
        b.entities.extend({"document_id": doc.id, "kind": e.kind, "value": e.value,
                           "value_folded": fold(e.value), "role": e.role, "state": e.state,
                           "confidence": round(e.confidence, 4), "page": e.page,
                           "box": [e.box.left, e.box.top, e.box.width, e.box.height] if e.box
                           else None} for e in ex.entities)
        facts = search.facts_of(ex.doc_type, doc.needs_review, ex.entities, appearance)
        seq = sk.new_seq(at)
        b.search.append(search.doc_params(seq, doc.id, doc.source_name, doc.text, facts))
        b.keys.extend((k, seq) for k in facts.keys)
        b.words |= facts.terms
        for period in sk.periods(at.date()):
            b.counts[(period, ex.doc_type, doc.needs_review)] += 1
    return b


class BulkLoader:
    """Files documents in batches through one connection per batch."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.pg = engine.dialect.name == "postgresql"
        self.known_words: set[str] = set()
        self.stats = BulkStats()

    def load(self, docs: Iterable[Document], *, batch: int = 2000, actor: str = "bulk") -> BulkStats:
        """File every document; returns what was written."""
        import time

        started = time.perf_counter()
        for chunk in _chunks(docs, batch):
            b = _batch(chunk)
            try:
                with self.engine.begin() as conn:
                    if not self.pg:
                        conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
                    self._write(conn, b)
                    self._audit(conn, b, actor)
            except sa_exc.OperationalError as e:
                raise IndexUnavailable(f"database unavailable: {e.orig}") from e
            self.stats.documents += len(chunk)
            self.stats.batches += 1
        self.stats.seconds += time.perf_counter() - started
        return self.stats

    def _write(self, conn: Connection, b: _Batch) -> None:
        if self.pg:
            self._copy(conn, "documents", DOC_COLUMNS, b.docs)
            self._copy(conn, "pages", PAGE_COLUMNS, b.pages)
            self._copy(conn, "entities", ENTITY_COLUMNS, b.entities)
            conn.execute(text(search.DOC_INSERT_PG), b.search)
            self._copy(conn, "search_keys", ("key", "seq"),
                       [{"key": k, "seq": s} for k, s in b.keys])
        else:
            self._many(conn, "documents", DOC_COLUMNS, b.docs)
            self._many(conn, "pages", PAGE_COLUMNS, b.pages)
            self._many(conn, "entities", ENTITY_COLUMNS, b.entities)
            cur = _raw(conn).cursor()
            cur.executemany(text_sql(search.DOC_INSERT), [
                (r["s"], r["d"], r["t"], r["r"], r["o"]) for r in b.search])
            cur.executemany("INSERT INTO search_keys (key, seq) VALUES (?, ?)", b.keys)
            cur.executemany("INSERT INTO search_fts(rowid, source_name, text) VALUES (?, ?, ?)",
                            [(r["s"], r["n"], r["x"]) for r in b.search])
            cur.close()
        new_words = b.words - self.known_words
        if new_words:
            search.add_terms(conn, new_words)
            self.known_words |= new_words
        conn.execute(text(search.COUNT_UPSERT), [
            {"p": period, "t": doc_type, "r": review, "n": n}
            for (period, doc_type, review), n in sorted(b.counts.items())])
        self.stats.keys += len(b.keys)
        self.stats.terms += len(new_words)

    def _many(self, conn: Connection, table: str, columns: tuple[str, ...],
              rows: list[dict[str, Any]]) -> None:
        """SQLite: one executemany of plain values."""
        if rows:
            cur = _raw(conn).cursor()
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                            f"({', '.join('?' for _ in columns)})",
                            [[_sqlite_value(row[c]) for c in columns] for row in rows])
            cur.close()

    def _copy(self, conn: Connection, table: str, columns: tuple[str, ...],
              rows: list[dict[str, Any]]) -> None:
        """PostgreSQL: COPY FROM STDIN."""
        if rows:
            with _raw(conn).cursor() as cur, cur.copy(
                    f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
                for row in rows:
                    cp.write_row([_copy_value(row[c]) for c in columns])

    def _audit(self, conn: Connection, b: _Batch, actor: str) -> None:
        from sqlalchemy.orm import Session

        seqs = [r["s"] for r in b.search]
        with Session(bind=conn) as s:
            audit.append(s, actor=actor, action="documents.bulk_filed", subject=f"{len(seqs)}",
                         details={"documents": len(seqs), "first_seq": min(seqs),
                                  "last_seq": max(seqs)})
            s.flush()


def _raw(conn: Connection) -> Any:
    """The DBAPI connection under a SQLAlchemy one (for executemany / COPY)."""
    raw = conn.connection.dbapi_connection
    if raw is None:
        raise IndexUnavailable("the database connection is closed")
    return raw


def text_sql(statement: str) -> str:
    """A statement with :name parameters in the qmark style of sqlite3 (names in order)."""
    import re

    return re.sub(r":[a-z]\b", "?", statement)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _copy_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value
