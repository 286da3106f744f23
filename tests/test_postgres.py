"""The index on a real PostgreSQL server started in a temp folder (tests/services.py).

Same queries as on SQLite, plus what only PostgreSQL does: tsvector/GIN full text, pg_trgm fuzzy
names, and many workers writing at once.
"""

from __future__ import annotations

import multiprocessing
import threading
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from base.errors import IndexUnavailable
from storage import migrate
from storage.audit import verify_chain
from storage.index import Index, SearchQuery
from synth.servers import free_port
from tests.services import (  # noqa: F401  (pytest fixtures)
    PostgresServer,
    fresh_postgres_url,
    postgres_server,
    postgres_url,
    sample_document,
)

pytestmark = pytest.mark.service


@pytest.fixture
def index(fresh_postgres_url: str):  # noqa: F811
    ix = Index(fresh_postgres_url)
    yield ix
    ix.close()


def _filed(ix: Index) -> dict[str, str]:
    """source_name -> id of three documents."""
    docs = [
        sample_document(1, text="Burglary at the hardware store, suspect fled on foot. "
                        "Stolen items recovered.", persons=("James Robert Harrington",),
                        cases=("24-003817",), plates=("482KLM",),
                        ingested_at="2024-03-01T10:00:00+00:00"),
        sample_document(2, text="Citation issued for speeding on Highway 99.",
                        persons=("Maria Elena Gonzalez",), citations=("T1234567",),
                        doc_type="citation", ingested_at="2024-03-05T10:00:00+00:00"),
        sample_document(3, text="Tow record: vehicle towed from the hardware store lot.",
                        persons=("Samuel O'Neill Jr.",), cases=("24-003817", "24-000012"),
                        plates=("ABC1234",), doc_type="tow_record",
                        ingested_at="2024-03-09T10:00:00+00:00"),
    ]
    out = {}
    for d in docs:
        assert ix.add_document(d) == d.id
        out[d.source_name] = d.id
    return out


def test_migrations_make_search_indexes(index: Index) -> None:
    with index.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        indexes = dict(conn.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")).all())
        tables = set(conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    assert "USING gin (tsv)" in indexes["ix_search_docs_tsv"]
    assert "ix_documents_fts" not in indexes  # 0002: the tsvector is stored, not re-parsed
    assert {"documents", "pages", "entities", "audit_log", "officers", "appearances", "packets",
            "outbox", "alembic_version", "search_docs", "search_keys", "search_terms",
            "search_counts"} <= tables
    migrate.upgrade(index.url)  # again: a no-op
    Index(index.url).close()


def test_add_duplicate_and_export(index: Index) -> None:
    doc = sample_document(1, persons=("James Robert Harrington",), cases=("24-003817",))
    assert index.add_document(doc) == doc.id
    twin = sample_document(2, sha256=doc.sha256)
    assert index.add_document(twin) is None
    assert index.count_documents() == 1
    assert index.find_by_sha256(doc.sha256) == doc.id
    record = index.get_record(doc.id[:8])
    assert record is not None and record["case_numbers"] == ["24-003817"]
    assert record["persons"][0]["name"] == "James Robert Harrington"
    assert [r["id"] for r in index.iter_records()] == [doc.id]


def test_search_text_numbers_plates_types_dates(index: Index) -> None:
    ids = _filed(index)
    hits = index.search(SearchQuery(text="hardware store"))
    assert {h.id for h in hits} == {ids["scan_0001.pdf"], ids["scan_0003.pdf"]}
    assert all(h.score > 0 and "[" in h.snippet for h in hits)
    assert [h.id for h in index.search(SearchQuery(text="stolen"))] == [ids["scan_0001.pdf"]]
    assert index.search(SearchQuery(text="nonexistentword")).hits == []
    assert {h.id for h in index.search(SearchQuery(case="24-003817"))} == {
        ids["scan_0001.pdf"], ids["scan_0003.pdf"]}
    assert [h.id for h in index.search(SearchQuery(plate="abc1234"))] == [ids["scan_0003.pdf"]]
    assert [h.id for h in index.search(SearchQuery(citation="T1234567"))] == [ids["scan_0002.pdf"]]
    assert [h.id for h in index.search(SearchQuery(doc_type="citation"))] == [ids["scan_0002.pdf"]]
    assert [h.id for h in index.search(SearchQuery(since=date(2024, 3, 8)))] == [
        ids["scan_0003.pdf"]]
    assert [h.id for h in index.search(SearchQuery(until=date(2024, 3, 1)))] == [
        ids["scan_0001.pdf"]]
    assert [h.id for h in index.search(SearchQuery(text="hardware", case="24-000012"))] == [
        ids["scan_0003.pdf"]]
    assert index.documents_with_numbers("case_number", ["24-003817"]) == [
        ids["scan_0001.pdf"], ids["scan_0003.pdf"]]


def test_name_search_exact_and_fuzzy(index: Index) -> None:
    ids = _filed(index)
    harrington = ids["scan_0001.pdf"]

    def names(q: str) -> set[str]:
        return {h.id for h in index.search(SearchQuery(name=q))}

    assert names("James Harrington") == {harrington}
    assert names("harrington") == {harrington}
    assert names("Harington") == {harrington}  # misspelt
    assert names("James Harringtom") == {harrington}
    assert names("Gonzales") == {ids["scan_0002.pdf"]}
    assert names("o'neill") == {ids["scan_0003.pdf"]}
    assert names("Smith") == set()
    assert names("James Gonzalez") == set()  # every word must match the same person
    assert names("Harington", ) == names("HARRINGTON")


def test_unreachable_server_is_index_unavailable() -> None:
    port = free_port()
    with pytest.raises(IndexUnavailable) as info:
        Index(f"postgresql+psycopg://postgres@127.0.0.1:{port}/casefolio")
    assert info.value.transient


def _worker(url: str, sha: str, n: int, barrier: object, out: object) -> None:
    """One ingest worker in its own process: migrate, wait for the others, file a document."""
    ix = Index(url)
    doc = sample_document(n, sha256=sha or None)
    barrier.wait()  # type: ignore[attr-defined]
    out.put((n, ix.add_document(doc)))  # type: ignore[attr-defined]
    ix.close()


def _run_processes(url: str, shas: list[str]) -> list[str | None]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(shas))
    out = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(url, sha, n, barrier, out))
             for n, sha in enumerate(shas)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return [r for _n, r in sorted(results)]


def test_processes_filing_the_same_file_make_one_document(
        fresh_postgres_url: str) -> None:  # noqa: F811
    # The workers also race to create the schema on an empty database.
    results = _run_processes(fresh_postgres_url, ["ab" * 32] * 4)
    assert sum(r is not None for r in results) == 1
    ix = Index(fresh_postgres_url)
    assert ix.count_documents() == 1
    ix.close()


def test_threads_filing_at_once_keep_the_audit_chain(index: Index) -> None:
    same = "cd" * 32
    docs = [sample_document(n, sha256=same if n < 4 else None) for n in range(12)]
    barrier = threading.Barrier(len(docs))
    results: dict[int, str | None | Exception] = {}

    def work(n: int) -> None:
        barrier.wait()
        try:
            results[n] = index.add_document(docs[n])
        except Exception as e:  # noqa: BLE001 - reported by the assertions below
            results[n] = e

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(docs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results[n] is not None for n in range(4)) == 1  # one of the four twins
    assert all(results[n] == docs[n].id for n in range(4, 12))  # every other file is filed
    assert index.count_documents() == 9
    with index.session() as s:
        assert verify_chain(s) == (True, None)


def test_upgrade_by_url_on_empty_database(postgres_server: PostgresServer) -> None:  # noqa: F811
    url = postgres_server.create_database()
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    engine.dispose()
