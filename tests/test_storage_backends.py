"""The same storage behaviour on both backends: file store + SQLite ("embedded") and S3 +
PostgreSQL ("scale", real servers from tests/services.py). The `backend` fixture is parametrised,
so every test here runs twice; `-m "not service"` keeps only the embedded runs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

import storage.accounts_schema
import storage.court_schema  # noqa: F401 - the court tables are part of the schema
from base.errors import ObjectNotFound
from base.models import Appearance, Officer
from pipelines import court
from storage import migrate
from storage.index import Index, SearchQuery
from storage.migrate import include_object
from storage.objects import open_store, original_key, sha256_bytes
from storage.outbox import OutboxMessage
from storage.schema import Base
from tests.services import Backend, backend, sample_document  # noqa: F401  (pytest fixture)


def test_object_store_round_trip(backend: Backend, tmp_path: Path) -> None:  # noqa: F811
    store = open_store(backend.storage_url)
    store.check()
    data = b"%PDF-1.4 original scan"
    key = original_key(sha256_bytes(data), "pdf")
    src = tmp_path / "in.pdf"
    src.write_bytes(data)
    meta = {"document-id": "d1", "doc-type": "citation", "case-numbers": "24-003817",
            "sha256": sha256_bytes(data)}
    stored = store.put_file(key, src, sha256=sha256_bytes(data), content_type="application/pdf",
                            metadata=meta, retain=True)
    assert stored.size == len(data)
    assert store.put_file(key, src, sha256=sha256_bytes(data), content_type="application/pdf",
                          metadata=meta, retain=True).size == len(data)  # idempotent
    store.put_bytes("text/00/t.json", b"{}", content_type="application/json", metadata=meta)
    assert store.get_bytes(key) == data
    assert store.download(key, tmp_path / "out.pdf").read_bytes() == data
    assert store.exists(key) and not store.exists("text/00/none.json")
    assert store.stat(key).size == len(data)
    assert list(store.iter_keys()) == sorted([key, "text/00/t.json"])
    assert store.link(key, 3600)
    with pytest.raises(ObjectNotFound):
        store.get_bytes("text/00/none.json")


def _schema_diff(index: Index) -> list[Any]:
    """What differs between the database's schema and the models (after checking it is at head)."""
    with index.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        context = MigrationContext.configure(conn, opts={
            "include_object": include_object, "compare_type": False})
        return list(compare_metadata(context, Base.metadata))


def test_migrated_schema_matches_the_models(backend: Backend) -> None:  # noqa: F811
    """A model change without a new revision in storage/migrations/versions/ fails here."""
    index = Index(backend.database_url)
    try:
        diff = _schema_diff(index)
        assert diff == [], ("the models differ from the migrations; add a revision "
                            f"(alembic -c storage/alembic.ini revision --autogenerate): {diff}")
    finally:
        index.close()


def _file_and_court_data(index: Index) -> str:
    """A filed document (its rows as versions before the search tables wrote them), an officer,
    an appearance and an outbox message; the document's id."""
    from sqlalchemy.orm import Session

    from storage.index import _document_row

    doc = sample_document(1, text="Burglary at the hardware store.", cases=("24-003817",))
    with Session(index.engine) as s, s.begin():
        s.add(_document_row(doc))
    with index.transaction() as tx:
        tx.officers.upsert(Officer(badge="2231", name="Dana Whitfield", email="d@pd.example"))
        rec, _ = court.merge_appearance(tx, Appearance(
            date="2030-03-06", officer_badge="2231", case_numbers=["24-003817"]), "manual")
        tx.outbox.add(OutboxMessage(dedupe_key=f"reminder:{rec.id}", officer_badge="2231",
                                    kind="reminder", appearance_ids=[rec.id or 0]))
    return doc.id


def _old_tables() -> list[Any]:
    """The tables earlier versions made with create_all (the search tables came with 0002)."""
    return [t for t in Base.metadata.sorted_tables if not t.name.startswith("search_")]


def _still_works(index: Index, doc_id: str) -> None:
    """What an upgraded database must still hold and accept."""
    assert [h.id for h in index.search(SearchQuery(text="hardware"))] == [doc_id]
    assert [h.id for h in index.search(SearchQuery(case="24-003817"))] == [doc_id]
    with index.transaction() as tx:
        assert tx.officers.get("2231") == Officer("2231", "Dana Whitfield", "d@pd.example")
        (rec,) = tx.appearances.in_window(dt.date(2030, 3, 1), dt.date(2030, 3, 31))
        assert rec.case_numbers == ["24-003817"]
        assert [m.kind for m in tx.outbox.find()] == ["reminder"]
        assert tx.audit.verify().ok
    if not index.is_sqlite:  # the full-text GIN index came with the upgrade
        with index.engine.connect() as conn:
            assert conn.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = "
                                     "'ix_search_docs_tsv'")).scalar() == 1
    second = sample_document(2, text="A second report after the upgrade.")
    assert index.add_document(second) == second.id


def test_upgrade_of_a_database_made_by_0001_and_create_all(backend: Backend) -> None:  # noqa: F811
    """Earlier versions migrated to 0001 and then let pipelines/court.py run create_all for the
    court tables: such a database (with data) upgrades to head and matches the models."""
    index = Index(backend.database_url, create=False)  # opens the database, migrates nothing
    try:
        with index.engine.begin() as conn:
            cfg = migrate.alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
        Base.metadata.create_all(index.engine, tables=_old_tables())
        doc_id = _file_and_court_data(index)
        index.create_schema()  # what every Index does when it opens the database
        assert _schema_diff(index) == []
        _still_works(index, doc_id)
    finally:
        index.close()


def test_upgrade_of_a_database_made_before_migrations(backend: Backend) -> None:  # noqa: F811
    """The first versions made every table with create_all and the full-text table by hand, with
    no Alembic version table: the migrations adopt such a database as it is."""
    index = Index(backend.database_url, create=False)
    try:
        Base.metadata.create_all(index.engine, tables=_old_tables())
        if index.is_sqlite:
            with index.engine.begin() as conn:
                conn.execute(text("CREATE VIRTUAL TABLE documents_fts USING fts5(document_id "
                                  "UNINDEXED, source_name, text, tokenize='porter unicode61')"))
        doc_id = _file_and_court_data(index)
        index.create_schema()
        assert _schema_diff(index) == []
        _still_works(index, doc_id)
    finally:
        index.close()


def test_index_queries(backend: Backend) -> None:  # noqa: F811
    index = Index(backend.database_url)
    try:
        a = sample_document(1, text="Burglary at the hardware store; pry tool found.",
                            persons=("James Robert Harrington",), cases=("24-003817",),
                            plates=("482KLM",))
        b = sample_document(2, text="Speeding citation on Highway 99.", doc_type="citation",
                            persons=("Maria Gonzalez",), citations=("T1234567",))
        assert index.add_document(a) == a.id
        assert index.add_document(b) == b.id
        assert index.add_document(sample_document(3, sha256=a.sha256)) is None
        assert index.count_documents() == 2
        assert [h.id for h in index.search(SearchQuery(text="pry tool"))] == [a.id]
        assert [h.id for h in index.search(SearchQuery(case="24-003817"))] == [a.id]
        assert [h.id for h in index.search(SearchQuery(plate="482 klm".replace(" ", "")))] == [
            a.id]
        assert [h.id for h in index.search(SearchQuery(name="harrington"))] == [a.id]
        assert [h.id for h in index.search(SearchQuery(doc_type="citation"))] == [b.id]
        record = index.get_record(b.id)
        assert record is not None and record["citation_numbers"] == ["T1234567"]
    finally:
        index.close()


def test_settings_carry_the_backend(backend: Backend, home: Path) -> None:  # noqa: F811
    from base.settings import load_settings

    s = load_settings(home=home, **backend.settings_overrides())
    assert s.storage_url == backend.storage_url and s.database_url == backend.database_url


@pytest.mark.slow
def test_ingest_end_to_end(backend: Backend, home: Path, tmp_path: Path) -> None:  # noqa: F811
    """A born-digital PDF filed, found and fetched back, on both backends."""
    from base.settings import load_settings
    from pipelines.ingest import Ingestor
    from tests.docgen import REPORT_LINES, write_pdf

    settings = load_settings(home=home, **backend.settings_overrides())
    src = write_pdf(tmp_path / "report.pdf", [REPORT_LINES])
    with Ingestor(settings) as ingestor:
        outcome = ingestor.ingest_file(src)
        assert outcome.status == "filed", outcome.message
        again = ingestor.ingest_file(src)
        assert again.status == "duplicate"
        hits = ingestor.index.search(SearchQuery(text="pry tool"))
        assert [h.id for h in hits] == [outcome.document_id]
    store = open_store(settings.storage_url)
    assert store.get_bytes(original_key(outcome.sha256, "pdf")) == src.read_bytes()
