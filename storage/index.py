"""The metadata index: the database (SQLite or PostgreSQL) behind one object.

`Index` files and finds documents (a document, its pages, entities and full text are written in
ONE transaction; the SHA-256 is unique, so two workers filing the same file cannot both succeed:
the second sees a duplicate). `Index.transaction()` opens one transaction over the repositories
of the court side and the audit log (storage/transaction.py). Database errors are translated into
`IndexUnavailable` here. Only storage/ ever sees SQLAlchemy; everything handed out is a plain
dataclass.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, selectinload, sessionmaker

from base.errors import DocumentNotFound, IndexUnavailable
from base.models import Box, Document, Entity, Extraction
from storage import audit, corrections, search
from storage.corrections import Correction, Corrections
from storage.folding import fold
from storage.schema import DocumentRow, EntityRow, PageRow
from storage.search import SearchHit as SearchHit  # re-exported: callers import it from here
from storage.search import SearchQuery as SearchQuery
from storage.search import SearchResult
from storage.transaction import Transaction

log = logging.getLogger(__name__)

NUMBER_KINDS = {
    "case_number": "case_numbers",
    "citation_number": "citation_numbers",
    "court_case_number": "court_case_numbers",
}


@dataclass(frozen=True)
class StoredRef:
    """What the index says one document's stored objects are."""

    document_id: str
    sha256: str
    size: int
    original_key: str
    searchable_key: str
    text_key: str
    kind: str = "pdf"  # of the original: pdf | tiff | jpeg | png

    @property
    def keys(self) -> tuple[str, ...]:
        """Every object key this document refers to (without repeats)."""
        return tuple(dict.fromkeys((self.original_key, self.searchable_key, self.text_key)))


@dataclass(frozen=True)
class NumberLink:
    """A filed document carrying a number (what links archived documents to appearances)."""

    number_kind: str  # case_number | citation_number | court_case_number
    value_folded: str
    document_id: str
    source_name: str
    doc_type: str
    sha256: str
    searchable_key: str
    original_key: str
    file_kind: str  # of the original: pdf | tiff | jpeg | png
    pages: int
    ingested_at: datetime


IN_CHUNK = 500  # values per IN (...) list


def _engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


class Index:
    """Documents, pages, entities, full text and the audit log."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        try:
            self.engine = _engine_for(url)
        except (sa_exc.ArgumentError, ImportError) as e:
            raise IndexUnavailable(f"bad database URL: {e}") from e
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = threading.Lock() if self.is_sqlite else None
        if create:
            self.create_schema()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def create_schema(self) -> None:
        """Bring the schema to the newest Alembic migration (storage/migrations/), creating the
        tables, full-text and trigram indexes when missing. Safe with many workers at once."""
        from storage import migrate

        migrate.upgrade_engine(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A SQLAlchemy session in a transaction: committed on success, rolled back on error;
        DB errors translated. For storage/ itself (and tests): everyone else uses
        `transaction()` or the methods below."""
        lock = self._write_lock
        if lock:
            lock.acquire()
        try:
            with self._sessions() as session:
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        except sa_exc.OperationalError as e:
            raise IndexUnavailable(f"database unavailable: {e.orig}") from e
        finally:
            if lock:
                lock.release()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One transaction over the repositories (officers, appearances, packets, outbox, audit
        log): everything done through it commits together, or nothing when the block raises."""
        with self.session() as s:
            yield Transaction(s)

    def check(self) -> None:
        """Open a connection and run a query (for `casefolio doctor`); IndexUnavailable if not."""
        try:
            with self.session() as s:
                s.execute(text("SELECT 1"))
        except sa_exc.DBAPIError as e:
            raise IndexUnavailable(f"the database refused a query: {e.orig}") from e

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()

    # --- writing -------------------------------------------------------------------------

    def find_by_sha256(self, sha256: str) -> str | None:
        """Id of the document filed from a file with this SHA-256, if any."""
        with self.session() as s:
            return s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256))

    def add_document(self, doc: Document, *, actor: str = "ingest") -> str | None:
        """File a document in one transaction. Returns None when this SHA-256 is already filed."""
        try:
            with self.session() as s:
                row = _document_row(doc)
                s.add(row)
                s.flush()
                search.index_document(
                    s.connection(), document_id=doc.id, filed_at=row.ingested_at,
                    source_name=doc.source_name, body=doc.text,
                    facts=search.facts_of(row.doc_type, row.needs_review, row.entities,
                                          row.appearance))
                audit.append(s, actor=actor, action="document.filed", subject=doc.id,
                             details={"sha256": doc.sha256, "pages": len(doc.pages),
                                      "doc_type": doc.extraction.doc_type})
        except sa_exc.IntegrityError:
            existing = self.find_by_sha256(doc.sha256)
            if existing:
                return None
            raise
        return doc.id

    def replace_extraction(self, doc_id: str, extraction: Extraction, *, actor: str = "reextract") -> bool:
        """Put a new extraction (doc type, entities, appearance, review flags) on a filed document in
        one transaction, audited, with the reviewers' corrections put over it again (a correction
        wins over extraction). Returns whether anything changed (no write, no audit otherwise)."""
        with self.session() as s:
            row = s.get(DocumentRow, doc_id, options=[selectinload(DocumentRow.entities)])
            if row is None:
                raise DocumentNotFound(f"no document {doc_id}")
            facts = corrections.apply(corrections.Facts(
                extraction.doc_type, extraction.doc_type_confidence,
                [_entity_row(e) for e in extraction.entities],
                asdict(extraction.appearance) if extraction.appearance is not None else None,
                list(extraction.review_reasons)), Corrections(s).of_document(doc_id))
            before = (row.doc_type, sorted(_entity_key(e) for e in row.entities), row.appearance,
                      list(row.review_reasons or []))
            after = (facts.doc_type, sorted(_entity_key(e) for e in facts.entities),
                     facts.appearance, list(facts.review_reasons))
            if before == after:
                return False
            counts = {"entities_before": len(row.entities), "entities_after": len(facts.entities),
                      "doc_type_before": row.doc_type, "doc_type": facts.doc_type}
            _put_facts(s, row, facts, _facts_of(row))
            audit.append(s, actor=actor, action="document.reextracted", subject=doc_id, details=counts)
        return True

    def correct(self, doc_id: str, made: Sequence[Correction], *, actor: str,
                details: dict[str, Any] | None = None) -> list[Correction]:
        """Store reviewers' corrections of one document and put them over its facts at once (the
        search keys too), audited, in one transaction. DocumentNotFound when there is no such
        document. Returns the stored corrections (with ids and times)."""
        with self.session() as s:
            row = s.get(DocumentRow, doc_id, options=[selectinload(DocumentRow.entities)])
            if row is None:
                raise DocumentNotFound(f"no document {doc_id}")
            repo = Corrections(s)
            stored = [repo.add(c) for c in made]
            old_facts = _facts_of(row)  # before the corrections change the entity rows in place
            facts = corrections.apply(corrections.Facts(
                row.doc_type, row.doc_type_confidence, list(row.entities), row.appearance,
                list(row.review_reasons or [])), stored)
            _put_facts(s, row, facts, old_facts)
            audit.append(s, actor=actor, action="review.corrected", subject=doc_id, details={
                "corrections": [c.id for c in stored],
                "fields": sorted({f"{c.field}:{c.kind}" if c.kind else c.field for c in stored}),
                **(details or {})})
        return stored

    # --- reading -------------------------------------------------------------------------

    def count_documents(self) -> int:
        """How many documents are filed."""
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(DocumentRow)) or 0

    def get_record(self, doc_id: str) -> dict[str, Any] | None:
        """One document in the export format, or None. Accepts a unique id prefix."""
        with self.session() as s:
            row = s.get(DocumentRow, doc_id, options=[selectinload(DocumentRow.pages),
                                                      selectinload(DocumentRow.entities)])
            if row is None and len(doc_id) >= 6:
                rows = s.scalars(select(DocumentRow).where(DocumentRow.id.like(f"{doc_id}%"))
                                 .limit(2)).all()
                row = rows[0] if len(rows) == 1 else None
            return export_record(row) if row else None

    def entities_of(self, doc_id: str) -> list[Entity]:
        """A document's entities as they stand (corrections applied), with page and box."""
        with self.session() as s:
            rows = s.scalars(select(EntityRow).where(EntityRow.document_id == doc_id)
                             .order_by(EntityRow.id)).all()
            return [Entity(kind=r.kind, value=r.value, page=r.page,  # type: ignore[arg-type]
                           confidence=r.confidence, role=r.role, state=r.state,
                           box=Box(*r.box) if r.box else None) for r in rows]

    def get_ref(self, doc_id: str) -> StoredRef | None:
        """A document's stored object keys (for fetching its original or searchable PDF)."""
        with self.session() as s:
            row = s.get(DocumentRow, doc_id)
            return _ref(row) if row else None

    def iter_refs(self, batch: int = 500) -> Iterator[StoredRef]:
        """Every filed document's object keys, by id, read in batches (no transaction stays
        open between batches, so the caller may write to the index while iterating)."""
        last = ""
        while True:
            with self.session() as s:
                rows = s.execute(
                    select(DocumentRow.id, DocumentRow.sha256, DocumentRow.size,
                           DocumentRow.original_key, DocumentRow.searchable_key,
                           DocumentRow.text_key, DocumentRow.kind)
                    .where(DocumentRow.id > last).order_by(DocumentRow.id).limit(batch)
                ).all()
            if not rows:
                return
            for row in rows:
                yield StoredRef(*row)
            last = rows[-1][0]

    def number_links(self, wanted: dict[str, set[str]]) -> list[NumberLink]:
        """Filed documents carrying any of the given numbers, per entity kind (case_number,
        citation_number, court_case_number -> folded values): one query per kind and chunk of
        values, whatever the number of values."""
        links: list[NumberLink] = []
        with self.session() as s:
            for kind, values in wanted.items():
                ordered = sorted(values)
                for start in range(0, len(ordered), IN_CHUNK):
                    stmt = (select(EntityRow.kind, EntityRow.value_folded, DocumentRow.id,
                                   DocumentRow.source_name,
                                   DocumentRow.doc_type, DocumentRow.sha256,
                                   DocumentRow.searchable_key, DocumentRow.original_key,
                                   DocumentRow.kind, DocumentRow.page_count,
                                   DocumentRow.ingested_at)
                            .join(DocumentRow, DocumentRow.id == EntityRow.document_id)
                            .where(EntityRow.kind == kind,
                                   EntityRow.value_folded.in_(ordered[start:start + IN_CHUNK])))
                    links += [NumberLink(*row) for row in s.execute(stmt)]
        return links

    def iter_records(self, doc_ids: Sequence[str] | None = None,
                     batch: int = 200) -> Iterator[dict[str, Any]]:
        """Every document (or the given ones) in the export format, oldest first."""
        with self.session() as s:
            stmt = select(DocumentRow.id).order_by(DocumentRow.ingested_at, DocumentRow.id)
            if doc_ids is not None:
                stmt = stmt.where(DocumentRow.id.in_(list(doc_ids)))
            ids = list(s.scalars(stmt))
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            with self.session() as s:
                rows = s.scalars(
                    select(DocumentRow).where(DocumentRow.id.in_(chunk))
                    .options(selectinload(DocumentRow.pages), selectinload(DocumentRow.entities))
                ).all()
                by_id = {r.id: export_record(r) for r in rows}
            # yielded after the session closed: a caller may write to the index while iterating
            yield from (by_id[doc_id] for doc_id in chunk if doc_id in by_id)

    def documents_with_numbers(self, kind: str, values: Sequence[str]) -> list[str]:
        """Ids of documents carrying any of these numbers of this kind, oldest first."""
        if not values:
            return []
        with self.session() as s:
            stmt = (select(DocumentRow.id).join(EntityRow)
                    .where(EntityRow.kind == kind, EntityRow.value_folded.in_([fold(v) for v in values]))
                    .group_by(DocumentRow.id).order_by(func.min(DocumentRow.ingested_at)))
            return list(s.scalars(stmt))

    def search(self, q: SearchQuery) -> SearchResult:
        """Answer a query: one page of hits, the total, facets (storage/search.py)."""
        with self.session() as s:
            return search.run(s.connection(), q)


def _facts_of(row: DocumentRow) -> search.SearchFacts:
    return search.facts_of(row.doc_type, row.needs_review, row.entities, row.appearance)


def _put_facts(s: Session, row: DocumentRow, facts: corrections.Facts,
               old_facts: search.SearchFacts) -> None:
    """Write a document's facts onto its row and bring its search keys from `old_facts` along."""
    row.doc_type, row.doc_type_confidence = facts.doc_type, facts.doc_type_confidence
    row.appearance = dict(facts.appearance) if facts.appearance is not None else None
    row.review_reasons = list(facts.review_reasons)
    row.needs_review = bool(facts.review_reasons)
    row.entities = list(facts.entities)
    s.flush()
    search.reindex_document(s.connection(), row.id, old_facts, search.facts_of(
        row.doc_type, row.needs_review, row.entities, row.appearance))


def _ref(row: DocumentRow) -> StoredRef:
    return StoredRef(row.id, row.sha256, row.size, row.original_key, row.searchable_key,
                     row.text_key, row.kind)


def _entity_key(e: EntityRow) -> tuple[Any, ...]:
    return (e.kind, e.value, e.role, e.state, e.page)


def _entity_row(e: Entity) -> EntityRow:
    box = [e.box.left, e.box.top, e.box.width, e.box.height] if e.box else None
    return EntityRow(kind=e.kind, value=e.value, value_folded=fold(e.value), role=e.role,
                     state=e.state, confidence=round(e.confidence, 4), page=e.page, box=box)


def _document_row(doc: Document) -> DocumentRow:
    ex = doc.extraction
    appearance = None
    if ex.appearance is not None:
        appearance = asdict(ex.appearance)
    row = DocumentRow(
        id=doc.id, source_name=doc.source_name, sha256=doc.sha256, kind=doc.kind, size=doc.size,
        doc_type=ex.doc_type, doc_type_confidence=ex.doc_type_confidence,
        page_count=len(doc.pages), text=doc.text,
        ingested_at=datetime.fromisoformat(doc.ingested_at) if doc.ingested_at
        else datetime.now(UTC),
        original_key=doc.original_key, searchable_key=doc.searchable_key, text_key=doc.text_key,
        needs_review=doc.needs_review, review_reasons=list(ex.review_reasons), appearance=appearance,
    )
    row.pages = [PageRow(number=p.number, method=p.method, confidence=round(p.confidence, 4),
                         rotation=p.rotation, skew=round(p.skew, 2), steps=list(p.steps))
                 for p in doc.pages]
    row.entities = [_entity_row(e) for e in ex.entities]
    return row


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def export_record(row: DocumentRow) -> dict[str, Any]:
    """A document row in the export format of DESIGN.md (plus a few additive fields)."""
    record: dict[str, Any] = {
        "id": row.id,
        "source_name": row.source_name,
        "sha256": row.sha256,
        "doc_type": row.doc_type,
        "pages": row.page_count,
        "text": row.text,
    }
    for kind, key in NUMBER_KINDS.items():
        record[key] = [e.value for e in row.entities if e.kind == kind]
    record["persons"] = [
        {"name": e.value, "role": e.role or "other", "confidence": e.confidence, "page": e.page}
        for e in row.entities if e.kind == "person"
    ]
    record["plates"] = [
        {"state": e.state, "number": e.value, "confidence": e.confidence, "page": e.page}
        for e in row.entities if e.kind == "plate"
    ]
    record["appearance"] = _export_appearance(row.appearance)
    record["ocr"] = [
        {"page": p.number, "method": p.method, "confidence": p.confidence, "rotation": p.rotation,
         "skew": p.skew}
        for p in row.pages
    ]
    record["vins"] = [e.value for e in row.entities if e.kind == "vin"]
    record["ingested_at"] = _iso(row.ingested_at)
    record["needs_review"] = row.needs_review
    record["review_reasons"] = list(row.review_reasons or [])
    return record


def _export_appearance(appearance: dict[str, Any] | None) -> dict[str, Any] | None:
    if not appearance:
        return None
    keys = ("date", "time", "court", "courtroom", "hearing", "officer_badge", "officer_name",
            "defendant", "case_numbers", "citation_numbers", "court_case_numbers")
    return {k: appearance.get(k) for k in keys}
