"""The file store and the index on the embedded defaults: write-once objects, one row per file,
search filters, and an audit log that shows tampering."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from base.errors import IntegrityError, ObjectNotFound
from base.models import Appearance, Document, Entity, Page
from storage import audit
from storage.index import Index, SearchQuery
from storage.objects import FileStore, sha256_bytes
from storage.schema import AuditRow


def make_doc(doc_id: str, sha_seed: str, text: str, entities: list[Entity],
             doc_type: str = "incident_report", when: str = "2024-03-14T10:00:00+00:00") -> Document:
    doc = Document(id=doc_id, source_name=f"{doc_id}.pdf", sha256=sha256_bytes(sha_seed.encode()),
                   kind="pdf", size=100, pages=[Page(1, text, "text")], ingested_at=when)
    doc.extraction.doc_type = doc_type
    doc.extraction.entities = entities
    return doc


@pytest.fixture
def index(tmp_path):
    idx = Index(f"sqlite:///{tmp_path / 'index.db'}")
    idx.add_document(make_doc("doc1", "a", "Burglary at the Elm Street pharmacy, rear door forced.", [
        Entity("case_number", "24-003817", 1),
        Entity("person", "James Robert Harrington", 1, role="suspect"),
        Entity("plate", "482KLM", 1, state="OR"),
    ]))
    idx.add_document(make_doc("doc2", "b", "Citation for speeding on Highway 99W.", [
        Entity("citation_number", "T1234567", 1),
        Entity("person", "Maria Delgado", 1, role="officer"),
    ], doc_type="citation", when="2024-05-02T09:00:00+00:00"))
    yield idx
    idx.close()


def test_file_store_is_atomic_and_verifies_checksums(tmp_path):
    store = FileStore(tmp_path / "objects")
    src = tmp_path / "scan.pdf"
    src.write_bytes(b"%PDF-1.7 original bytes")
    sha = sha256_bytes(src.read_bytes())
    stored = store.put_file("originals/ab/x.pdf", src, sha256=sha, content_type="application/pdf")
    assert stored.sha256 == sha and store.get_bytes("originals/ab/x.pdf") == src.read_bytes()
    with pytest.raises(IntegrityError):
        store.put_file("originals/cd/y.pdf", src, sha256="0" * 64, content_type="application/pdf")
    assert not store.exists("originals/cd/y.pdf"), "a bad write leaves nothing behind"
    with pytest.raises(ObjectNotFound):
        store.get_bytes("originals/none.pdf")
    assert list(store.iter_keys()) == ["originals/ab/x.pdf"]


def test_same_sha_is_filed_once(index):
    again = make_doc("doc3", "a", "same bytes as doc1", [])
    assert index.add_document(again) is None
    assert index.count_documents() == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (SearchQuery(text="pharmacy"), ["doc1"]),
        (SearchQuery(text="burglaries"), ["doc1"]),  # stemming
        (SearchQuery(case="24-003817"), ["doc1"]),
        (SearchQuery(citation="t1234567"), ["doc2"]),
        (SearchQuery(plate="482KLM"), ["doc1"]),
        (SearchQuery(name="harrington james"), ["doc1"]),
        (SearchQuery(name="delgado"), ["doc2"]),
        (SearchQuery(doc_type="citation"), ["doc2"]),
        (SearchQuery(since=date(2024, 4, 1)), ["doc2"]),
        (SearchQuery(until=date(2024, 3, 14)), ["doc1"]),
        (SearchQuery(text="pharmacy", doc_type="citation"), []),
        (SearchQuery(text='"rear door" forced) pharm*'), ["doc1"]),  # FTS syntax is safe
    ],
)
def test_search_filters(index, query, expected):
    assert [h.id for h in index.search(query)] == expected


def test_export_record_has_contract_fields(index):
    doc = make_doc("doc4", "c", "Subpoena", [Entity("court_case_number", "24CR12345", 1)],
                   doc_type="subpoena")
    doc.extraction.appearance = Appearance(date="2024-03-28", time="09:00", court="Washington County",
                                           officer_badge="2231")
    index.add_document(doc)
    record = index.get_record("doc4")
    assert record["court_case_numbers"] == ["24CR12345"]
    assert record["appearance"]["date"] == "2024-03-28"
    assert record["appearance"]["officer_badge"] == "2231"
    plates = index.get_record("doc1")["plates"]
    assert plates == [{"state": "OR", "number": "482KLM", "confidence": 1.0, "page": 1}]


def test_audit_chain_detects_tampering(index):
    with index.session() as s:
        ok, bad = audit.verify_chain(s)
        assert ok and bad is None
        first = s.query(AuditRow).order_by(AuditRow.id).first()
        s.execute(update(AuditRow).where(AuditRow.id == first.id).values(subject="someone-else"))
    with index.session() as s:
        ok, bad = audit.verify_chain(s)
        assert not ok and bad == first.id


def test_audit_log_through_a_transaction(index):
    """What the web app and the CLI use: append, read back by subject or action, verify."""
    with index.transaction() as tx:
        viewed = tx.audit.append(actor="web:records", action="document.viewed", subject="viewed-a")
        tx.audit.append(actor="web:records", action="document.downloaded.pdf", subject="viewed-a")
        tx.audit.append(actor="web:records", action="document.viewed", subject="viewed-b")
    with index.transaction() as tx:
        assert [e.action for e in tx.audit.entries(subject="viewed-a")] == [
            "document.viewed", "document.downloaded.pdf"]
        assert [e.subject for e in tx.audit.entries(action="document.viewed",
                                                    newest_first=True)] == ["viewed-b", "viewed-a"]
        assert [e.id for e in tx.audit.entries(after_id=viewed.id, limit=1)] == [viewed.id + 1]
        check = tx.audit.verify()
        assert check.ok and check.first_bad is None and check.entries >= 3
    with index.session() as s:
        s.execute(update(AuditRow).where(AuditRow.id == viewed.id).values(actor="someone-else"))
    with index.transaction() as tx:
        assert tx.audit.verify().first_bad == viewed.id


def test_a_failed_transaction_leaves_nothing(index):
    """An appearance, its notice and its audit entry commit together or not at all."""
    from base.models import Officer
    from storage.court import StoredAppearance
    from storage.outbox import OutboxMessage

    with pytest.raises(RuntimeError), index.transaction() as tx:
        tx.officers.upsert(Officer("2231", "Dana Whitfield", "d@pd.example"))
        rec = tx.appearances.save(StoredAppearance(date=date(2030, 3, 6), officer_badge="2231"))
        tx.outbox.add(OutboxMessage(dedupe_key=f"reminder:{rec.id}", officer_badge="2231",
                                    kind="reminder"))
        tx.audit.append(actor="clerk", action="appearance.added", subject=str(rec.id))
        raise RuntimeError("the clerk's machine fell over")
    with index.transaction() as tx:
        assert tx.officers.all() == [] and tx.appearances.in_window() == []
        assert tx.outbox.find() == [] and tx.audit.entries(action="appearance.added") == []
