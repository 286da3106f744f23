"""The ingest path as a clerk sees it: files are filed once, duplicates recognised, bad input
quarantined with a reason, and nothing leaves the inbox before it is safely stored."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
import pytest

from base.errors import StorageError
from bench.pdfa_check import validate
from pipelines.inbox import is_candidate
from pipelines.ingest import Ingestor
from storage.index import SearchQuery
from storage.objects import open_store
from tests.docgen import REPORT_LINES, write_pdf, write_scan


@pytest.fixture
def ingestor(settings):
    with Ingestor(settings) as ing:
        yield ing


def test_born_digital_pdf_is_filed_without_ocr_and_found_by_text(settings, ingestor, tmp_path):
    src = write_pdf(tmp_path / "report.pdf", [REPORT_LINES, ["Page two: witness statement."]])
    outcome = ingestor.ingest_file(src)
    assert outcome.status == "filed", outcome.message
    record = ingestor.index.get_record(outcome.document_id)
    assert record["pages"] == 2
    assert [p["method"] for p in record["ocr"]] == ["text", "text"]
    assert "forced open" in record["text"] and "\f" in record["text"]
    hits = ingestor.index.search(SearchQuery(text="pry tool"))
    assert [h.id for h in hits] == [outcome.document_id]
    assert "pry" in hits[0].snippet
    store = open_store(settings.storage_url)
    assert store.get_bytes(f"originals/{outcome.sha256[:2]}/{outcome.sha256}.pdf") == src.read_bytes()


def test_scanned_png_is_ocred_and_searchable_copy_stored(settings, ingestor, tmp_path):
    src = write_scan(tmp_path / "scan.png", REPORT_LINES)
    outcome = ingestor.ingest_file(src)
    assert outcome.status == "filed", outcome.message
    record = ingestor.index.get_record(outcome.document_id)
    assert record["ocr"][0]["method"] == "ocr"
    assert "24-003817" in record["text"]
    row = ingestor.index.get_ref(outcome.document_id)
    store = open_store(settings.storage_url)
    pdf = store.get_bytes(row.searchable_key)
    assert pdf.startswith(b"%PDF")
    # the original is kept byte for byte; the copy is PDF/A-2b, re-encoded, and searchable
    assert store.get_bytes(row.original_key) == src.read_bytes()
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(pdf)
    assert validate(copy) == []
    assert "24-003817" in pdfium.PdfDocument(str(copy))[0].get_textpage().get_text_range()


def test_duplicate_is_reported_not_refiled(ingestor, tmp_path):
    first = write_pdf(tmp_path / "a.pdf", [REPORT_LINES])
    second = tmp_path / "copy-of-a.pdf"
    second.write_bytes(first.read_bytes())
    filed = ingestor.ingest_file(first)
    dup = ingestor.ingest_file(second)
    assert dup.status == "duplicate" and dup.document_id == filed.document_id
    assert dup.ok
    assert ingestor.index.count_documents() == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.pdf", b"", "empty"),
        ("notes.pdf", b"just some text, not a PDF at all\n" * 10, "unsupported_type"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "unreadable"),
    ],
)
def test_bad_input_is_quarantined_with_a_reason(settings, ingestor, name, content, reason):
    src = settings.inbox / name
    src.write_bytes(content)
    outcome = ingestor.ingest_file(src, move=True)
    assert outcome.status == "quarantined"
    assert outcome.reason == reason
    assert not src.exists(), "a quarantined inbox file leaves the inbox"
    kept = settings.quarantine / reason / name
    assert kept.read_bytes() == content
    note = json.loads(kept.with_name(name + ".json").read_text())
    assert note["reason"] == reason and note["message"] and note["when"]


def test_file_stays_in_inbox_when_storage_is_down(settings, tmp_path):
    class DownStore:
        url = "down://"

        def put_file(self, *a, **k):
            raise StorageError("cannot reach the object store")

        put_bytes = put_file

    src = write_pdf(settings.inbox / "report.pdf", [REPORT_LINES])
    with Ingestor(settings, store=DownStore()) as ing:
        outcome = ing.ingest_file(src, move=True)
        assert outcome.status == "retry"
        assert src.exists(), "nothing leaves the inbox before it is stored"
        assert ing.index.count_documents() == 0
    with Ingestor(settings) as ing:
        assert ing.ingest_file(src, move=True).status == "filed"
        assert not src.exists()


def test_crash_after_commit_before_removal_is_a_duplicate_next_time(settings, ingestor):
    src = write_pdf(settings.inbox / "report.pdf", [REPORT_LINES])
    first = ingestor.ingest_file(src, move=False)  # as if the process died before the unlink
    assert first.status == "filed" and src.exists()
    again = ingestor.ingest_file(src, move=True)
    assert again.status == "duplicate" and again.document_id == first.document_id
    assert not src.exists()
    assert ingestor.index.count_documents() == 1


def test_inbox_candidates_skip_hidden_temporary_and_links(tmp_path):
    real = tmp_path / "scan.pdf"
    real.write_bytes(b"%PDF")
    hidden = tmp_path / ".scan.pdf"
    hidden.write_bytes(b"x")
    partial = tmp_path / "scan.pdf.part"
    partial.write_bytes(b"x")
    office_lock = tmp_path / "~$report.pdf"
    office_lock.write_bytes(b"x")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    assert is_candidate(real)
    assert not any(is_candidate(p) for p in (hidden, partial, office_lock, link, tmp_path))


def test_hidden_text_is_flagged_not_indexed_but_kept(settings, ingestor, tmp_path):
    """Text covered by drawn black boxes (a failed redaction) is left out of the text and the search
    index, the document is flagged for review, and the stored pages keep the covered words."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from base.pagejson import pages_from_json
    from storage.keys import text_key
    from tests.formgen import Rect, Text, draw

    x0 = 72 + stringWidth("Informant: ", "Helvetica", 10)
    x1 = 72 + stringWidth("Informant: Zebulon Quartermaine", "Helvetica", 10)
    src = tmp_path / "redacted.pdf"
    src.write_bytes(draw([Text(72, 100, "INCIDENT REPORT Case No: 24-003817"),
                          Text(72, 120, "Informant: Zebulon Quartermaine"),
                          Rect(x0 - 1, 110, x1 - x0 + 2, 14, fill=True)]))
    outcome = ingestor.ingest_file(src)
    assert outcome.status == "filed" and outcome.needs_review
    record = ingestor.index.get_record(outcome.document_id)
    assert "hidden text page 1" in record["review_reasons"]
    assert "Quartermaine" not in record["text"] and "24-003817" in record["text"]
    assert ingestor.index.search(SearchQuery(text="Quartermaine")).hits == []
    stored = pages_from_json(open_store(settings.storage_url).get_bytes(text_key(outcome.sha256)))
    assert [w.text for w in stored[0].words if w.hidden] == ["Zebulon", "Quartermaine"]


def _crash_worker(marker: str) -> None:
    """Kill the worker process this runs in (as a crash in a native library would), once per
    marker file when the marker names one, always when it is empty."""
    import os
    from pathlib import Path

    if not marker or not Path(marker).exists():
        if marker:
            Path(marker).touch()
        os._exit(70)


def _crashing_steps(marker: str):
    from pipelines import ingest as steps

    def read_pages(path, checked, ing):
        ing.workers.run(_crash_worker, marker)
        return steps.read_pages(path, checked, ing)

    return steps.Steps(read_pages=read_pages)


@pytest.mark.slow
def test_a_worker_crash_is_tried_once_more_and_a_file_that_always_crashes_is_quarantined(settings, tmp_path):
    from pipelines.ingest import ingest_file
    from pipelines.workers import Workers

    with Ingestor(settings, workers=Workers(2, settings.limits)) as ing:
        once = write_pdf(settings.inbox / "once.pdf", [REPORT_LINES])
        flaky = ingest_file(once, ing, move=True, steps=_crashing_steps(str(tmp_path / "crashed")))
        assert flaky.status == "filed", flaky.message
        poison = write_pdf(settings.inbox / "poison.pdf", [["Poison page", "Case 24-000001"]])
        always = ingest_file(poison, ing, move=True, steps=_crashing_steps(""))
        assert (always.status, always.reason) == ("quarantined", "worker_crashed")
        assert (settings.quarantine / "worker_crashed" / "poison.pdf").exists()
        after = write_pdf(settings.inbox / "after.pdf", [["Another report", "Case 24-000002"]])
        assert ing.ingest_file(after, move=True).status == "filed", "the service goes on"
