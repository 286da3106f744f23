"""Form fields found by geometry: value right, left, below and above its label, a header over its
cells, text layers that list labels before values, and OCR tolerance only on OCR'd words."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.models import Box, Page, Word
from base.settings import ExtractionSettings
from extractors.fields import Field, find_fields, vocabulary
from extractors.names import role_labels
from extractors.pdf import text_layer_pages
from extractors.vocabulary import merged_labels
from tests.formgen import Text, boxed_form, draw, side_by_side, table, underline_form

SETTINGS = ExtractionSettings()
VOCAB = vocabulary(merged_labels(SETTINGS, role_labels(SETTINGS)))

BOXED = [[("CASE NUMBER", "24-003817"), ("DATE", "03/14/2024"), ("REPORTING OFFICER", "Ofc. Dana Reyes")],
         [("PLATE", "482KLM"), ("STATE", "OR"), ("CITATION NO", "C1234567")]]
UNDERLINED = [[("TICKET NUMBER", "AB12CD3456"), ("PLATE NO", "GHJ4821"), ("REG STATE", "NY")],
              [("LAST NAME", "HOLLOWAY"), ("FIRST NAME", "PRIYA"), ("DATE OF BIRTH", "04/02/1991")]]


def page_of(tmp_path: Path, pdf: bytes) -> Page:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    page = text_layer_pages(path, 1)[0]
    assert page is not None
    return page


def by_label(fields: list[Field]) -> dict[str, tuple[str, str]]:
    """label phrase -> (value text, relation), first field of each label."""
    out: dict[str, tuple[str, str]] = {}
    for f in fields:
        out.setdefault(f.label.phrase, (f.text, f.relation))
    return out


@pytest.mark.parametrize("labels_first", [False, True])
def test_boxed_form_value_below_label(tmp_path: Path, labels_first: bool) -> None:
    page = page_of(tmp_path, boxed_form(BOXED, labels_first=labels_first))
    got = by_label(find_fields(page, VOCAB))
    assert got["case number"] == ("24-003817", "below")
    assert got["reporting officer"] == ("Ofc. Dana Reyes", "below")
    assert got["plate"] == ("482KLM", "below")
    assert got["state"] == ("OR", "below")
    assert got["citation no"] == ("C1234567", "below")
    assert len(page.cells) == 6 and all(w.cell >= 0 for w in page.words if w.text == "482KLM")


def test_boxed_form_without_rules(tmp_path: Path) -> None:
    items: list = [Text(40, 60, "SPRINGFIELD POLICE DEPARTMENT", 14, "Helvetica-Bold")]
    for r, row in enumerate(BOXED):
        for k, (label, value) in enumerate(row):
            items += [Text(40 + k * 170 + 3, 128 + r * 34, label, 6), Text(40 + k * 170 + 6, 142 + r * 34, value, 11)]
    got = by_label(find_fields(page_of(tmp_path, draw(items)), VOCAB))
    assert got["case number"] == ("24-003817", "below")
    assert got["citation no"] == ("C1234567", "below")


@pytest.mark.parametrize("values_first", [True, False])
def test_underline_form_value_above_label(tmp_path: Path, values_first: bool) -> None:
    page = page_of(tmp_path, underline_form(UNDERLINED, values_first=values_first))
    got = by_label(find_fields(page, VOCAB))
    assert got["ticket number"] == ("AB12CD3456", "above")
    assert got["plate no"] == ("GHJ4821", "above")
    assert got["reg state"] == ("NY", "above")
    assert got["date of birth"] == ("04/02/1991", "above")
    # the page text follows the page, whatever order the values were drawn in
    assert page.text.index("AB12CD3456") < page.text.index("TICKET NUMBER") < page.text.index("HOLLOWAY")


def test_underline_form_without_rules(tmp_path: Path) -> None:
    items: list = [Text(40, 60, "UNIFORM TRAFFIC TICKET", 13, "Helvetica-Bold")]
    for r, row in enumerate(UNDERLINED):
        for k, (label, value) in enumerate(row):
            items += [Text(40 + k * 170 + 4, 130 + r * 44, value, 11), Text(40 + k * 170, 142 + r * 44, label, 7)]
    got = by_label(find_fields(page_of(tmp_path, draw(items)), VOCAB))
    assert got["ticket number"] == ("AB12CD3456", "above")
    assert got["last name"] == ("HOLLOWAY", "above")


def test_value_right_and_left_of_label(tmp_path: Path) -> None:
    page = page_of(tmp_path, side_by_side([[(40, "Case No:"), (100, "24-003817"), (300, "Plate:"), (340, "482 KLM")],
                                           [(40, "24-009999"), (100, "Case No")]]))
    fields = find_fields(page, VOCAB)
    got = {(f.label.phrase, f.relation): f.text for f in fields}
    assert got[("case no", "right")] == "24-003817"
    assert got[("plate", "right")] == "482 KLM"
    assert got[("case no", "left")] == "24-009999"


def test_colon_label_takes_value_across_a_wide_gap_and_stops_at_next_label(tmp_path: Path) -> None:
    page = page_of(tmp_path, side_by_side([[(40, "NAME:"), (160, "SMITH, JOHN"), (300, "DOB:"), (340, "01/02/1980")]]))
    got = by_label(find_fields(page, VOCAB))
    assert got["name"] == ("SMITH, JOHN", "right")
    assert got["dob"] == ("01/02/1980", "right")


def test_header_over_cells(tmp_path: Path) -> None:
    body = [["1", "24-000111", "ABC123", "Ofc. Lee"], ["2", "24-000112", "XYZ789", "Ofc. Kim"]]
    page = page_of(tmp_path, table(["ITEM", "CASE NUMBER", "PLATE", "OFFICER"], body))
    fields = find_fields(page, VOCAB)
    cases = [(f.text, f.row) for f in fields if f.kind == "case_number"]
    plates = [f.text for f in fields if f.kind == "plate"]
    officers = [f.text for f in fields if f.kind == "person:officer"]
    assert cases == [("24-000111", 1), ("24-000112", 2)]
    assert plates == ["ABC123", "XYZ789"]
    assert officers == ["Ofc. Lee", "Ofc. Kim"]


def test_labels_first_text_layer_is_read_by_position(tmp_path: Path) -> None:
    """A text layer that lists every label, then every value (as some real forms do): the page text
    and the fields follow the page, not the drawing order."""
    labels = [Text(40, 100 + 20 * k, lab) for k, lab in enumerate(["Case No:", "Plate:", "Driver:"])]
    values = [Text(140, 100 + 20 * k, val) for k, val in enumerate(["24-003817", "482 KLM", "Dana Reyes"])]
    page = page_of(tmp_path, draw(labels + values))
    assert page.text.splitlines()[:3] == ["Case No:   24-003817", "Plate:   482 KLM", "Driver:   Dana Reyes"]
    got = by_label(find_fields(page, VOCAB))
    assert got["case no"] == ("24-003817", "right")
    assert got["driver"] == ("Dana Reyes", "right")


def test_label_in_prose_is_no_field(tmp_path: Path) -> None:
    prose = "I asked the driver of the vehicle for the plate and the case was closed."
    page = page_of(tmp_path, side_by_side([[(40, prose)]]))
    assert find_fields(page, VOCAB) == []


def _ocr_page(words: list[tuple[str, float, float]], method: str = "ocr") -> Page:
    ws = [Word(t, Box(x, y, 9.0 * len(t), 20.0), 0.9, line=int(y)) for t, x, y in words]
    return Page(number=1, text=" ".join(w.text for w in ws), method=method, width=2550, height=3300, words=ws)  # type: ignore[arg-type]


def test_ocr_label_misreadings_match_on_ocr_words_only() -> None:
    words = [("CITAT1ON", 100, 100), ("N0:", 182, 100), ("C1234567", 260, 100)]
    got = by_label(find_fields(_ocr_page(words), VOCAB))
    assert got["citation no"] == ("C1234567", "right")
    assert find_fields(_ocr_page(words, method="text"), VOCAB) == []  # a text layer is read as written


def test_hidden_words_are_no_values(tmp_path: Path) -> None:
    page = _ocr_page([("Plate:", 100, 100), ("482KLM", 170, 100)], method="text")
    page.words[1].hidden = True
    assert find_fields(page, VOCAB) == []
