"""The records manager's web page: search, read, download; signed in; every view audited."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from casefolio.web import check_exposure, create_app
from pipelines.ingest import Ingestor
from storage.index import Index
from storage.schema import AuditRow
from tests.docgen import REPORT_LINES, write_pdf


@pytest.fixture
def filed(settings, tmp_path):
    src = write_pdf(tmp_path / "report.pdf", [REPORT_LINES])
    with Ingestor(settings) as ingestor:
        outcome = ingestor.ingest_file(src)
    assert outcome.status == "filed"
    return outcome.document_id, src.read_bytes()


def test_search_read_and_download(settings, filed):
    doc_id, original = filed
    client = TestClient(create_app(settings))
    page = client.get("/", params={"q": "pry tool"})
    assert page.status_code == 200 and "report.pdf" in page.text and f"/documents/{doc_id}" in page.text
    assert "No documents found" in client.get("/", params={"q": "zeppelin"}).text
    assert "report.pdf" in client.get("/", params={"case": "24-3817"}).text
    doc = client.get(f"/documents/{doc_id}")
    assert doc.status_code == 200
    assert "24-003817" in doc.text and "forced open" in doc.text
    assert client.get(f"/documents/{doc_id}/original").content == original
    pdf = client.get(f"/documents/{doc_id}/pdf")
    assert pdf.content.startswith(b"%PDF") and pdf.headers["cache-control"] == "no-store"
    assert client.get("/documents/nosuchdocument").status_code == 404


def test_markup_in_documents_is_escaped(settings, tmp_path):
    src = write_pdf(tmp_path / "x.pdf", [["<script>alert(1)</script> suspicious memo text here"]])
    with Ingestor(settings) as ingestor:
        doc_id = ingestor.ingest_file(src).document_id
    body = TestClient(create_app(settings)).get(f"/documents/{doc_id}").text
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_password_is_required_and_views_are_audited(settings, filed):
    doc_id, _ = filed
    settings.web.password = "s3cret-passphrase"
    client = TestClient(create_app(settings))
    assert client.get("/").status_code == 401
    assert client.get(f"/documents/{doc_id}/pdf").status_code == 401
    assert client.get("/", auth=("records", "wrong")).status_code == 401
    assert client.get(f"/documents/{doc_id}", auth=("records", "s3cret-passphrase")).status_code == 200
    index = Index(settings.database_url)
    with index.session() as s:
        views = s.scalars(select(AuditRow).where(AuditRow.action == "document.viewed")).all()
    assert [(v.actor, v.subject) for v in views] == [("web:records", doc_id)]


def test_no_password_means_loopback_only(settings):
    check_exposure(settings, "127.0.0.1")
    with pytest.raises(ValueError, match="password"):
        check_exposure(settings, "0.0.0.0")
    settings.web.password = "set"
    check_exposure(settings, "0.0.0.0")
