"""Extraction for any agency's forms: configured formats read as printed, labels deciding kinds, court
filings of other courts, text layers taken as written, and boilerplate that is never a number or plate."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.models import Page
from base.settings import ExtractionSettings
from extractors.classify import classify
from extractors.extract import extract
from extractors.pdf import text_layer_pages
from tests.formgen import Text, draw, underline_form

DEFAULT = ExtractionSettings()
# The README's worked example: a New York department, its tickets, case numbers and town court.
NY = ExtractionSettings(
    default_state="NY", agency_prefixes=["MBPD"],
    case_number_pattern=r"\d{4}-\d{2}-\d{5}",
    citation_pattern=r"[A-Z]{2}\d{2}[A-Z0-9]{6}", citation_alt_patterns=[r"W\d{6}-\d"],
    court_case_pattern=r"\d{2}-CR-\d{5}", court_case_alt_patterns=[r"\d{2}-TR-\d{5}"],
    labels={"citation_number": ["summons no"], "appearance_date": ["return date"]},
)


def text_page(text: str) -> Page:
    return Page(number=1, text=text, method="text")


def values(text: str, kind: str, settings: ExtractionSettings = DEFAULT) -> list[str]:
    return [e.value for e in extract([text_page(text)], settings).entities if e.kind == kind]


def test_configured_citation_format_is_taken_as_written_whatever_its_digits() -> None:
    assert values("UNIFORM TRAFFIC TICKET\nTicket No: ABCDEFGH12", "citation_number", NY) == []
    assert values("UNIFORM TRAFFIC TICKET\nTicket No: AB12CDEFGH", "citation_number", NY) == ["AB12CDEFGH"]
    assert values("UNIFORM TRAFFIC TICKET\nTicket No: AB12 C3D4E5", "citation_number", NY) == ["AB12C3D4E5"]


def test_several_formats_per_kind_in_canonical_form() -> None:
    text = "UNIFORM TRAFFIC TICKET\nTicket No: AB12C3D4E5\nWarning notice no. W412738 6\nCourt: 24-CR-01234\n"
    assert sorted(values(text, "citation_number", NY)) == ["AB12C3D4E5", "W412738-6"]
    assert values(text, "court_case_number", NY) == ["24-CR-01234"]


def test_case_number_printed_forms_go_to_the_canonical_form() -> None:
    text = "INCIDENT REPORT\nCase No: 2024-07-123\nRelated: MBPD2024-07-04567\n"
    assert values(text, "case_number", NY) == ["2024-07-00123", "2024-07-04567"]


def test_court_filing_docket_numbers_are_court_case_numbers() -> None:
    text = ("IN THE MISSOURI COURT OF APPEALS\nEASTERN DISTRICT\nNo. ED108783\nOPINION\n"
            "Plaintiff appeals the judgment. Case: 21-1298. See also C 08-02214.\n"
            "Civil Action No. 1:21-cv-01234\n")
    assert classify([text_page(text)], DEFAULT)[0] == "court_filing"
    ext = extract([text_page(text)], DEFAULT)
    court = sorted(e.value for e in ext.entities if e.kind == "court_case_number")
    assert court == ["1:21-cv-01234", "21-1298", "C08-02214", "ED108783"]
    assert [e for e in ext.entities if e.kind in ("case_number", "citation_number")] == []


def test_text_layer_is_never_repaired() -> None:
    """'ED108783' on a text layer is no citation 'E0108783' (D read as 0 is an OCR repair)."""
    assert values("Reference No. ED108783 and citation CO123456", "citation_number") == []
    ocr = Page(number=1, text="Citation No. CO123456", method="ocr", confidence=0.6)
    assert [e.value for e in extract([ocr], DEFAULT).entities if e.kind == "citation_number"] == ["C0123456"]


@pytest.mark.parametrize("text", [
    "PLEA BY MAIL  RETURN RECEIPT REQUESTED  CERTIFIED / REGISTERED MAIL",
    "Registration AS OF 01/01/2024 valid",
    "Vehicle parked at 12 Mt. Hood Loop, 482 MT. Hood",
    "License status AS OF today: VALID",
])
def test_boilerplate_is_never_a_number_or_plate(text: str) -> None:
    ext = extract([text_page("UNIFORM TRAFFIC TICKET\n" + text)], NY)
    assert [e for e in ext.entities if e.kind != "person"] == []


def test_state_written_before_the_plate_label_wins() -> None:
    ext = extract([text_page("DWI REPORT\nVehicle: 2019 Honda Accord  NY REG HGT4821\n")], ExtractionSettings())
    assert [(e.state, e.value) for e in ext.entities if e.kind == "plate"] == [("NY", "HGT4821")]


def test_underline_ticket_fields_give_number_plate_state_and_return_date(tmp_path: Path) -> None:
    rows = [[("TICKET NUMBER", "AB12CD3456"), ("PLATE NO", "GHJ4821"), ("REG STATE", "NJ")],
            [("LAST NAME", "HOLLOWAY"), ("FIRST NAME", "PRIYA"), ("DATE OF BIRTH", "04/02/1991")],
            [("RETURN DATE", "03/28/2025"), ("RETURN TIME", "9:30 AM"), ("COURT", "MILLBROOK TOWN COURT")]]
    path = tmp_path / "utt.pdf"
    path.write_bytes(underline_form(rows))
    pages = text_layer_pages(path, 1)
    ext = extract([p for p in pages if p is not None], NY)
    assert ext.doc_type == "citation"
    assert [e.value for e in ext.entities if e.kind == "citation_number"] == ["AB12CD3456"]
    assert [(e.state, e.value) for e in ext.entities if e.kind == "plate"] == [("NJ", "GHJ4821")]
    assert ext.appearance is not None and (ext.appearance.date, ext.appearance.time) == ("2025-03-28", "09:30")


def test_labels_decide_kinds_value_under_a_licence_label_is_no_citation(tmp_path: Path) -> None:
    items = [Text(40, 60, "UNIFORM CITATION", 13), Text(40, 100, "DRIVER LICENSE NO", 7), Text(40, 114, "A1234567"),
             Text(240, 100, "CITATION NO", 7), Text(240, 114, "T7654321")]
    path = tmp_path / "cit.pdf"
    path.write_bytes(draw(items))
    ext = extract([p for p in text_layer_pages(path, 1) if p is not None], DEFAULT)
    assert [e.value for e in ext.entities if e.kind == "citation_number"] == ["T7654321"]


@pytest.mark.parametrize("title,expected", [
    ("ARREST REPORT\nArrestee: SMITH, JOHN  Booking No: 24B01234\nCharges: DUI", "arrest_report"),
    ("TRAFFIC CRASH REPORT\nUnit 1 Driver: Jane Doe\nUnit 2 Driver: Sam Roe\nPoint of impact", "crash_report"),
    ("IN THE CIRCUIT COURT OF THE STATE OF OREGON\nSTATE OF OREGON, Plaintiff, v. JOHN DOE, Defendant.\n"
     "MOTION TO SUPPRESS\nComes now the defendant, by counsel, and respectfully moves", "court_filing"),
])
def test_new_document_types(title: str, expected: str) -> None:
    assert classify([text_page(title)], DEFAULT)[0] == expected


def test_clean_text_layer_plates_are_taken_as_written() -> None:
    """A plate on a text layer is filed as typed ("8OB 123" stays 8OB123); the same reading from an
    unsure OCR word is repaired to the state's format, and from a sure OCR word it is not."""
    assert [e.value for e in extract([text_page("Plate: 8OB 123 State: OR")], DEFAULT).entities
            if e.kind == "plate"] == ["8OB123"]
    from base.models import Box, Word

    def ocr(conf: float) -> Page:
        text = "Plate: 8OB 123 State: OR"
        words, pos = [], 0
        for t in text.split(" "):
            words.append(Word(t, Box(10.0 * pos, 10, 9.0 * len(t), 20), conf))
            pos += len(t) + 1
        return Page(number=1, text=text, method="ocr", confidence=conf, words=words)

    assert [e.value for e in extract([ocr(0.6)], DEFAULT).entities if e.kind == "plate"] == ["BOB123"]
    assert [e.value for e in extract([ocr(0.99)], DEFAULT).entities if e.kind == "plate"] == ["8OB123"]


def test_compound_title_and_check_box_options() -> None:
    """'ARREST REPORT / PROBABLE CAUSE AFFIDAVIT' is a title; '[ ] Warrant' is a check box's option."""
    text = ("ARREST REPORT / PROBABLE CAUSE AFFIDAVIT\nSheriff's Office\n"
            "[X] On-View   [ ] Warrant   [ ] Probable Cause\nBail: none\nProbable cause: see below\n")
    assert classify([text_page(text)], DEFAULT)[0] == "arrest_report"
