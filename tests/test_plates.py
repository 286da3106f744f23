"""Licence plates: states, formats, OCR repair only where the format says so, near-misses."""

from __future__ import annotations

import pytest

from base.settings import ExtractionSettings
from extractors.plates import find_plates, normalise_plate, state_code

S = ExtractionSettings()


def plates(text: str) -> list[tuple[str | None, str]]:
    return [(c.state, c.value) for c in find_plates(text, S)]


@pytest.mark.parametrize("text,expected", [
    ("a silver Honda bearing Oregon plate 482 KLM, fled", [("OR", "482KLM")]),
    ("a Washington license plate of ABC1234", [("WA", "ABC1234")]),
    ("Plate: 482KLM  State: OR", [("OR", "482KLM")]),
    ("License Plate: ABC1234 WA", [("WA", "ABC1234")]),
    ("License Plate: WA JXA4580", [("WA", "JXA4580")]),
    ("LICENSE PLATE: HTB 533 State: OR", [("OR", "HTB533")]),
    ("Lic/State: 482KLM/OR", [("OR", "482KLM")]),
    ("plate 7ABC123 (CA)", [("CA", "7ABC123")]),
    ("Year Make Model Color Plate State\n2015 Honda Civic Silver 482 KLM OR", [("OR", "482KLM")]),
    ("Plate: LUVMYDOG Idaho", [("ID", "LUVMYDOG")]),
])
def test_plates_with_state(text: str, expected: list[tuple[str, str]]) -> None:
    assert plates(text) == expected


def test_ocr_repair_follows_the_state_format() -> None:
    assert normalise_plate("4B2KLM", "OR", S)[0] == "482KLM"   # digit position: B -> 8
    assert normalise_plate("7A8C123", "CA", S)[0] == "7ABC123"  # letter position: 8 -> B
    assert normalise_plate("ABC1234", "OR", S)[0] == "ABC1234"  # fits no OR format: left as read
    assert normalise_plate("482KLM", "OR", S) == ("482KLM", pytest.approx(0.97))


def test_default_state_is_flagged() -> None:
    found = find_plates("Plate: 482KLM", S)
    assert [(c.state, c.value, c.note) for c in found] == [("OR", "482KLM", "default_state")]


@pytest.mark.parametrize("text", [
    "Plate: NONE", "Phone 503-555-0134", "ORS 164.055", "Case 24-003817", "DL: B7654321 OR",
    "PROPERTY TAG PR-2024-01673", "RED OR BLUE", "the driver or plate holder",
])
def test_plate_near_misses(text: str) -> None:
    assert plates(text) == []


def test_state_codes() -> None:
    assert state_code("Oregon") == "OR"
    assert state_code("WASH.") == "WA"
    assert state_code("Nowhere") is None


def test_ncic_vehicle_line() -> None:
    got = find_plates("VEH: 2008 NISS FRONTIER GRY LIC/4JMS696 LIS/CA VIN/5N177XLP680218236", S)
    assert [(p.state, p.value) for p in got] == [("CA", "4JMS696")]


def test_state_licence_in_prose_and_wrapped_plate() -> None:
    text = ("A registration check of California license 4JMS696 returned to a gray Nissan.\n"
            "saw a green Toyota Corolla bearing Oregon plate 302\nERZ leave the area.\n")
    got = {(p.state, p.value) for p in find_plates(text, S)}
    assert got == {("CA", "4JMS696"), ("OR", "302ERZ")}


def test_line_break_after_plate_does_not_glue_next_word() -> None:
    # near miss: the next line starts with a capital word; the plate must not swallow it
    got = find_plates("The car bore Oregon plate 482KLM\nI stopped it.\n", S)
    assert [(p.state, p.value) for p in got] == [("OR", "482KLM")]


def test_driver_licence_in_prose_is_not_a_plate() -> None:
    assert find_plates("He showed an Oregon driver license 7654321 and was released.", S) == []


def test_plate_column_split_onto_its_own_lines_by_ocr() -> None:
    assert [(p.state, p.value) for p in find_plates("PLATE\n862 FSV\nPolice Hold: No\n", S)] == [("OR", "862FSV")]
    # near miss: a header with no plate-shaped value under it
    assert find_plates("PLATE\nTOW RECORD\n", S) == []


@pytest.mark.parametrize("text", [
    "LIC. NO OL STATE PHONE\n6434540 OR (360) 555-0100\n",  # OCR read "DL" as "OL": a licence header
    "LIC. NO. DL STATE PHONE\n6434540 OR (360) 555-0100\n",
    "Lic. Make Model Color\n2017 DODG Caravan TAN\n",
])
def test_table_header_words_are_no_plate(text: str) -> None:
    assert find_plates(text, S) == []


def test_lic_no_on_a_vehicle_line_is_a_plate_only_when_it_fits_a_plate_format() -> None:
    # "Lic. No." is the driver licence on many citations: 7 digits fit no Oregon plate
    assert find_plates("Lic. No.: 5795604 (OR)  Vehicle: 2020 Kia Optima (green)\n", S) == []
    got = find_plates("Lic. No.: 482 KLM (OR)  Vehicle: 2020 Kia Optima (green)\n", S)
    assert [(p.value, p.state) for p in got] == [("482KLM", "OR")]


def test_ocr_glyphs_that_break_a_plate_are_read_back() -> None:
    from extractors.plates import unglue_ocr_plates

    assert unglue_ocr_plates("LICENSE PLATE: CG) 771 State: OR") == "LICENSE PLATE: CGJ 771 State: OR"
    assert unglue_ocr_plates("bearing plate 992G)P (OR)") == "bearing plate 992GJP (OR)"
    for text in ("DL 7654321 (OR) 555-0100", "Call (541) 555-0100", "Abigail J). Acosta"):  # near misses
        assert unglue_ocr_plates(text) == text


@pytest.mark.parametrize("text,expected", [
    ("PLATE STATE YEAR MAKE\nFCR 466 - OR : 2005 MAZD Miata TAN\n", [("OR", "FCR466")]),
    ("Year Make Model Color Plate St VIN\n2004 Kia Soul blue 118 VUN JOR I KNA2SR3784W970243\n",
     [("OR", "118VUN")]),
    ("PLATE : STATE VIN\n1626 KWU -}OR 5YJ7397N44S569816\n", [("OR", "626KWU")]),
    ("LICENSE PLATE: CA 2VR}703\n", [("CA", "2VRJ703")]),  # "}" for J, as ")" and "]"
])
def test_cell_borders_ocr_read_around_a_table_plate(text: str, expected: list[tuple[str, str]]) -> None:
    from extractors.plates import unglue_ocr_plates

    assert plates(unglue_ocr_plates(text)) == expected


@pytest.mark.parametrize("text", [
    "Call 541 555-0100 - OR : 2005",       # a phone number beside a state code is no plate
    "PLATE STATE\n1626 KWUX -}OR\n",       # dropping the border does not make it fit: nothing
    "Jordan JOR went home",                # a J glued to a state code only counts after a plate
])
def test_cell_border_near_misses(text: str) -> None:
    assert plates(text) == []


def test_a_table_plate_with_one_glyph_too_many() -> None:
    # OCR read "575GZX" as "575G2ZX": only one reading without one glyph fits an Oregon format
    assert plates("PLATE STATE YEAR MAKE\n575G2ZX OR 2009 TESL Model S BLK\n") == [("OR", "575GZX")]
    # near misses: several readings fit (which glyph is extra is a guess), or none does
    assert plates("PLATE STATE\n482KLMM OR\n") == []
    assert plates("PLATE STATE\nABC12345 OR\n") == []


def test_glyphs_for_j_ending_a_plate_before_its_state() -> None:
    from extractors.plates import unglue_ocr_plates

    assert plates(unglue_ocr_plates("LIC. PLATE STATE VIN\n843G)} NV JM3UT1A21NR255765\n")) == [("NV", "843GJJ")]
    # near miss: a bracket that closes one opened on the line is a bracket
    assert unglue_ocr_plates("a car (plate 482KLM) OR 2009") == "a car (plate 482KLM) OR 2009"


def test_a_plate_dash_with_a_stray_space_and_a_bar_after_a_glyph_j() -> None:
    from extractors.plates import unglue_ocr_plates

    assert plates("the Impala, Washington registration ZXL- 8707, parked") == [("WA", "ZXL8707")]
    assert plates(unglue_ocr_plates("UC. PLATE STATE VIN\n843G)| NV JM3UT1A21NR255765\n")) == [("NV", "843GJJ")]
    # near misses: a bar standing alone between plate and state is a cell border, not a J
    assert unglue_ocr_plates("482KLM | NV") == "482KLM | NV"


def test_a_semicolon_read_for_a_plate_labels_colon() -> None:
    assert plates("License Plate; ZVF0186 State: WA") == [("WA", "ZVF0186")]
    assert plates("Plate; 179TRW State: OR") == [("OR", "179TRW")]


def test_a_lower_case_last_letter_before_the_state() -> None:
    from extractors.plates import unglue_ocr_plates

    assert plates(unglue_ocr_plates("LIC. PLATE STATE VIN\n175SGx OR 1J4AAFHR4CJ710700\n")) == [("OR", "175SGX")]
    assert unglue_ocr_plates("Model S blue OR 2009") == "Model S blue OR 2009"  # near miss: a word


def test_a_plate_cut_short_by_ocr_goes_to_the_whole_reading() -> None:
    from extractors.extract import extract
    from tests.test_extract import _ocr_page

    text = ("INCIDENT REPORT\nI ran OR 610 YMC through LEDS/NCIC.\n"
            "It was a black Honda Odyssey bearing Oregon registration 610\n\nparked on the street.\n")
    got = [(e.state, e.value) for e in extract([_ocr_page(text, 0.9)], S).entities if e.kind == "plate"]
    assert got == [("OR", "610YMC")]


def test_a_bracket_ending_a_plate_is_its_j() -> None:
    from extractors.plates import unglue_ocr_plates

    text = "Records showed Oregon registration 996 TW] is registered to MARTIN, RACHEL"
    assert plates(unglue_ocr_plates(text)) == [("OR", "996TWJ")]
    # near miss: a bracket that closes one opened on the line is a bracket
    assert plates(unglue_ocr_plates("see [plate 482 KLM] below")) == [("OR", "482KLM")]


def test_a_stray_quote_inside_a_plate_and_a_semicolon_after_state() -> None:
    from extractors.plates import unglue_ocr_plates

    assert plates(unglue_ocr_plates("PLATE STATE YEAR MAKE\n717 \u201cTLT OR 2012 JEEP Cherokee GRY\n")) == \
        [("OR", "717TLT")]
    assert plates("Color: Blue License: DUN-0022 State; WA\n") == [("WA", "DUN0022")]
    assert unglue_ocr_plates('He said "OK" to me') == 'He said "OK" to me'  # near miss: a real quote
