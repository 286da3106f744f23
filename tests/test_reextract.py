"""Re-extraction from stored pages after a settings change (`casefolio reextract`)."""

from __future__ import annotations

from sqlalchemy import select

from pipelines.ingest import ingest
from pipelines.reextract import reextract_documents
from storage import objects
from storage.index import Index
from storage.schema import AuditRow
from tests.docgen import write_pdf

ARRESTEE = [
    "SPRINGFIELD POLICE DEPARTMENT - ARREST REPORT",
    "Case No. 24-003817   Date: 03/14/2024",
    "Lodged Subject: HARRINGTON, James Robert",
    "Booked at the county jail on a warrant.",
]


def _persons(index: Index, doc_id: str) -> dict[str, str]:
    record = index.get_record(doc_id)
    assert record is not None
    return {p["name"]: p["role"] for p in record["persons"]}


def test_a_new_role_label_in_settings_reaches_filed_documents(settings, tmp_path):
    path = write_pdf(tmp_path / "arrest.pdf", [ARRESTEE])
    (outcome,) = ingest([path], settings)
    assert outcome.ok and outcome.document_id
    doc_id = outcome.document_id
    index = Index(settings.database_url)
    store = objects.open_store(settings.storage_url)
    try:
        assert _persons(index, doc_id).get("James Robert Harrington") != "suspect"

        settings.extraction.role_labels = {"suspect": ["lodged subject"]}  # this department's form
        report = reextract_documents(settings, index, store)
        assert (report.checked, report.changed, report.failed) == (1, [doc_id], [])
        assert _persons(index, doc_id)["James Robert Harrington"] == "suspect"
        assert index.get_record(doc_id)["case_numbers"] == ["24-003817"]  # the rest is still there

        again = reextract_documents(settings, index, store)
        assert again.changed == []  # nothing new: no write, no audit entry
        with index.session() as s:
            actions = [a for a in s.scalars(select(AuditRow.action).where(AuditRow.subject == doc_id))]
        assert actions.count("document.reextracted") == 1
    finally:
        index.close()


def test_unreadable_stored_pages_leave_the_document_as_it_was(settings, tmp_path):
    (outcome,) = ingest([write_pdf(tmp_path / "arrest.pdf", [ARRESTEE])], settings)
    index = Index(settings.database_url)
    try:
        before = index.get_record(outcome.document_id)
        store = objects.open_store(settings.storage_url)
        sha = before["sha256"]

        class DamagedStore:  # the pages object is corrupt; everything else is as stored
            def get_bytes(self, key: str) -> bytes:
                return b"{not json" if key == objects.text_key(sha) else store.get_bytes(key)

        settings.extraction.role_labels = {"suspect": ["lodged subject"]}
        report = reextract_documents(settings, index, DamagedStore())  # type: ignore[arg-type]
        assert report.changed == [] and [d for d, _ in report.failed] == [outcome.document_id]
        assert index.get_record(outcome.document_id)["persons"] == before["persons"]
    finally:
        index.close()


def test_the_index_can_be_written_while_its_records_are_read(settings, tmp_path):
    import threading

    from base.models import Extraction

    (outcome,) = ingest([write_pdf(tmp_path / "arrest.pdf", [ARRESTEE])], settings)
    index = Index(settings.database_url)
    done = threading.Event()

    def rewrite_while_reading() -> None:
        for record in index.iter_records():
            index.replace_extraction(record["id"], Extraction(doc_type="other"))
        done.set()

    worker = threading.Thread(target=rewrite_while_reading, daemon=True)
    worker.start()
    worker.join(timeout=60)
    try:
        assert done.is_set(), "writing while iterating the records waited on the index's own lock"
        assert index.get_record(outcome.document_id)["doc_type"] == "other"
    finally:
        index.close()
