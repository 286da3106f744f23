"""The command-line contract of DESIGN.md, as other tools script against it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from casefolio.cli import app
from tests.docgen import REPORT_LINES, write_pdf

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def archive(settings, tmp_path):
    """Two born-digital documents filed through the CLI."""
    folder = tmp_path / "drop"
    folder.mkdir()
    write_pdf(folder / "report.pdf", [REPORT_LINES])
    write_pdf(folder / "memo.pdf", [["Memo: parking lot lighting is out again.",
                                     "Reported by facilities, no case opened."]])
    code, output = run("ingest", str(folder))
    assert code == 0, output
    return settings


def test_ingest_exit_code_is_1_when_any_file_is_quarantined(settings, tmp_path):
    good = write_pdf(tmp_path / "good.pdf", [REPORT_LINES])
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    code, output = run("ingest", str(good), str(bad))
    assert code == 1
    assert "filed" in output and "quarantined" in output and "empty" in output
    assert bad.exists(), "ingest of a named path keeps the user's file (a copy is quarantined)"
    code, output = run("ingest", str(good))
    assert code == 0 and "duplicate" in output


def test_search_by_text_prints_ranked_hits_with_snippet(archive):
    code, output = run("search", "pry", "tool")
    assert code == 0
    assert "report.pdf" in output and "memo.pdf" not in output
    assert "[pry]" in output


def test_search_json_is_export_format(archive):
    code, output = run("search", "lighting", "--json")
    assert code == 0
    records = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert len(records) == 1
    record = records[0]
    for key in ("id", "source_name", "sha256", "doc_type", "pages", "text", "case_numbers",
                "citation_numbers", "court_case_numbers", "persons", "plates", "appearance", "ocr"):
        assert key in record
    assert record["source_name"] == "memo.pdf"


def test_search_with_no_match_says_so(archive):
    code, output = run("search", "zeppelin")
    assert code == 0 and "no documents found" in output


def test_show_by_id_prefix_and_bad_id(archive):
    code, output = run("search", "lighting", "--json")
    doc_id = json.loads(output.splitlines()[0])["id"]
    code, output = run("show", doc_id[:14])
    assert code == 0 and "memo.pdf" in output and "parking lot" in output
    code, output = run("show", "nosuchdocument")
    assert code == 1 and "no document" in output


def test_export_jsonl_and_csv(archive, tmp_path):
    out = tmp_path / "all.jsonl"
    code, _ = run("export", "--format", "jsonl", "--out", str(out))
    assert code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["source_name"] for r in records) == ["memo.pdf", "report.pdf"]
    code, output = run("export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(output)))
    assert sorted(r["source_name"] for r in rows) == ["memo.pdf", "report.pdf"]
    code, output = run("export", "--format", "xml")
    assert code == 2


def test_bad_date_is_a_clear_error(archive):
    code, output = run("search", "--since", "yesterday")
    assert code == 2 and "--since" in output


def test_quarantine_list_shows_reason(settings, tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"hello, I am plain text pretending to be a PDF" * 5)
    run("ingest", str(bad))
    code, output = run("quarantine", "list")
    assert code == 0 and "unsupported_type" in output and "scan.pdf" in output


@pytest.mark.parametrize("typed", ["24-003817", "24-3817", "TPD24-003817", " 24-003817 "])
def test_search_by_case_number_accepts_the_ways_people_type_it(archive, typed):
    code, output = run("search", "--case", typed)
    assert code == 0 and "report.pdf" in output and "memo.pdf" not in output


def test_search_by_plate_ignores_spacing_and_case(archive):
    code, output = run("search", "--plate", "482 klm")
    assert code == 0 and "report.pdf" in output
    code, output = run("search", "--plate", "482KLN")
    assert "no documents found" in output


def test_reextract_reports_what_changed_and_refuses_unknown_ids(archive):
    code, output = run("reextract")
    assert code == 0 and "re-extracted 2 documents: 0 changed" in output
    code, output = run("reextract", "no-such-document")
    assert code == 1 and "not filed" in output


def test_log_lines_go_to_the_current_stderr_even_after_the_first_one_closed(capsys) -> None:
    # a thread logging after a test runner closed the stderr it swapped in must not fail
    import io
    import logging
    import sys

    from casefolio.logs import _StderrHandler

    handler = _StderrHandler()
    old, first = sys.stderr, io.StringIO()
    sys.stderr = first
    handler.stream.write("")
    first.close()
    sys.stderr = old
    handler.handle(logging.LogRecord("x", logging.WARNING, __file__, 1, "still written", None, None))
    assert "still written" in capsys.readouterr().err
