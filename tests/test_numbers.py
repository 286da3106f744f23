"""Case, citation and court case numbers and VINs: formats, OCR tolerance and near-misses."""

from __future__ import annotations

import pytest

from base.settings import ExtractionSettings
from extractors.numbers import (
    find_case_numbers,
    find_citation_numbers,
    find_court_case_numbers,
    find_numbers,
    vin_check_digit_ok,
)

S = ExtractionSettings()


def values(text: str, kind: str, settings: ExtractionSettings = S) -> list[str]:
    return [c.value for c in find_numbers(text, settings) if c.kind == kind]


@pytest.mark.parametrize("text,expected", [
    ("Case #: 24-003817", "24-003817"),
    ("Case# 24-3817", "24-003817"),
    ("Case No: 24-3817", "24-003817"),
    ("Report No. TPD24-003817", "24-003817"),
    ("Incident No. GPDPS23-008662", "23-008662"),
    ("see 24-003817 for details", "24-003817"),
    ("Case No: 24-OO3817", "24-003817"),          # OCR O for 0 where the format wants digits
    ("Case No: 24 - 003817", "24-003817"),        # stray spaces around the dash
    ("Case Number 2024-003817", "24-003817"),
])
def test_case_number_variants(text: str, expected: str) -> None:
    assert values(text, "case_number") == [expected]


@pytest.mark.parametrize("text", [
    "Phone: 503-555-0134", "(503) 555-0134", "DOB 03-14-1985", "Date: 12-25-24",
    "ZIP 97301-1234", "SSN 123-45-6789", "ORS 164.055", "Badge No. 24-1234", "badge 24-123456",
    "call 24-3817 now",  # short sequence without a label
    "Property tag PR-2024-01673",
])
def test_case_number_near_misses(text: str) -> None:
    assert values(text, "case_number") == []


def test_case_number_format_is_configurable() -> None:
    custom = ExtractionSettings(case_number_pattern=r"(?P<yy>\d{4})(?P<seq>\d{5})",
                                case_number_alt_patterns=[], case_number_format="{yy}-{seq:05d}",
                                case_number_full_digits=5)
    assert values("Case 202400123", "case_number", custom) == ["2024-00123"]


@pytest.mark.parametrize("text,expected", [
    ("Citation #: T1234567", "T1234567"),
    ("Cite No. S123456", "S123456"),
    ("issued citation E1959794 for speed", "E1959794"),
    ("Citation No.: V17249O9", "V1724909"),
])
def test_citation_numbers(text: str, expected: str) -> None:
    assert values(text, "citation_number") == [expected]


@pytest.mark.parametrize("text", [
    "DL#: B7654321", "Driver License: A123456 (OR)", "OLN B1234567", "VIN 1HGCM82633A004352",
    "Plate: ABC1234", "T12345", "Badge: K123456", "T123456789",
])
def test_citation_near_misses(text: str) -> None:
    assert values(text, "citation_number") == []


@pytest.mark.parametrize("text,expected", [
    ("Court Case No. 24CR12345", "24CR12345"),
    ("Case No. 23VI01234", "23VI01234"),
    ("24 CR 12346", "24CR12346"),
    ("24CRl2347", "24CR12347"),
])
def test_court_case_numbers(text: str, expected: str) -> None:
    assert values(text, "court_case_number") == [expected]


@pytest.mark.parametrize("text", ["24CR1234", "24CR123456", "ORS 164.055", "24XX12345", "A24CR12345"])
def test_court_case_near_misses(text: str) -> None:
    assert values(text, "court_case_number") == []


def test_court_case_not_taken_as_case_number() -> None:
    found = find_numbers("Case No. 24CR12345", S)
    assert [(c.kind, c.value) for c in found] == [("court_case_number", "24CR12345")]


def test_vin_check_digit() -> None:
    assert vin_check_digit_ok("1HGCM82633A004352")
    assert not vin_check_digit_ok("1HGCM82633A004353")
    assert values("VIN: 1HGCM82633A004352", "vin") == ["1HGCM82633A004352"]
    # OCR read 0 as O: VINs never contain O, so it is repaired
    assert values("VIN: 1HGCM82633AOO4352", "vin") == ["1HGCM82633A004352"]
    bad = [c for c in find_numbers("VIN 1HGCM82633A004353", S) if c.kind == "vin"]
    assert bad and bad[0].note == "vin_check_failed" and bad[0].confidence < 0.5
    assert values("serial 1HGCM82633A004353", "vin") == []


# --- collapsed table columns (text layers print header and row cells one space apart) -------------


def test_case_number_under_collapsed_header_first_and_last_cell() -> None:
    first = "CASE # DATE REPORTED TIME OCCURRED\n24-9013 11/13/2024 09:48 11/13/2024\n"
    last = "INVOICE DATE TIME INCIDENT #\nINV-65635 2024-10-01 11:02 AM 24-4728\n"
    assert [c.value for c in find_case_numbers(first, ExtractionSettings())] == ["24-009013"]
    assert [c.value for c in find_case_numbers(last, ExtractionSettings())] == ["24-004728"]


def test_short_number_under_collapsed_non_case_header_is_not_a_case() -> None:
    # near miss: same shape, but the column is a phone/date column, not a case column
    text = "INVOICE DATE TIME PHONE\nINV-65635 2024-10-01 11:02 AM 24-4728\n"
    assert find_case_numbers(text, ExtractionSettings()) == []


def test_dl_number_under_collapsed_header_is_not_a_citation() -> None:
    text = "DL# DL STATE PHONE\nN2766026 CA 503-555-0162\nCitation Statute Description Base Fine\n" \
           "E573881 ORS 811.175 Driving While Suspended $440.00\n"
    assert [c.value for c in find_citation_numbers(text, ExtractionSettings())] == ["E573881"]


@pytest.mark.parametrize("text,expected", [
    ("STATE OF OREGON, Case No. 23M1I26860", ["23MI26860"]),  # OCR doubled the I
    ("Court Case No.: 23V1I27356", ["23VI27356"]),
    ("Case No. 22MI115194", ["22MI15194"]),
    ("Case No. 22CR115194", []),  # near miss: an extra 1 not next to an I is not repaired
    ("Case No. 22MI1151944", []),  # near miss: too many digits even after the repair
])
def test_court_case_number_with_doubled_i(text: str, expected: list[str]) -> None:
    assert [c.value for c in find_court_case_numbers(text, ExtractionSettings())] == expected


def test_header_above_a_blank_line_still_labels_the_row() -> None:
    text = "CASE # DATE\n\n24-1234 2024-02-25\n"
    assert [c.value for c in find_case_numbers(text, ExtractionSettings())] == ["24-001234"]


@pytest.mark.parametrize("text,expected", [
    ("STATE: OF: OREGON, ' Case No. 23Mi26860", ["23MI26860"]),  # OCR lower-cased the case type
    ("Court Case No.; 23Vi27356", ["23VI27356"]),
    ("He was born 23ab12345 years ago", []),  # near miss: no label, not taken
])
def test_court_case_number_with_lower_case_type(text: str, expected: list[str]) -> None:
    assert [c.value for c in find_court_case_numbers(text, ExtractionSettings())] == expected


def test_label_glued_to_no_by_ocr_still_labels_the_column() -> None:
    # OCR read "CITE NO." as "CITENO.": the second number sits under the date column by position,
    # but the header still names citations
    text = "CITENO. DATE TIME\nE7678915 / E431373 01/30/2023 09:28\n"
    assert [c.value for c in find_citation_numbers(text, S)] == ["E7678915", "E431373"]
    # near miss: a word that merely contains a label ("CITENOTE") is no label
    assert labelled_values("CITENOTE DATE\nX1234567 01/30/2023\n") == []
    assert labelled_values("CITENO. DATE\nX1234567 01/30/2023\n") == ["X1234567"]


def labelled_values(text: str) -> list[str]:
    return [c.value for c in find_citation_numbers(text, ExtractionSettings(citation_needs_label=True))]


def test_later_table_rows_take_the_header_above_the_first_row() -> None:
    # the row above "E431373" is the previous row (with ORS in it), not the header
    text = ("Citation Statute Description Base Fine\n"
            "E7678915 ORS 164.043 Theft III $115.00\n"
            "E431373 ORS 164.245 Criminal Trespass II $115.00\n")
    assert [c.value for c in find_citation_numbers(text, S)] == ["E7678915", "E431373"]
    # near miss: rows under a driver licence header stay licence numbers
    text = "DL# DL STATE\nN2766026 CA\nN2766027 OR\n"
    assert find_citation_numbers(text, S) == []


def test_fax_reads_a_leading_c_as_a_parenthesis_after_a_citation_label() -> None:
    assert values("Citation #: (419936 Date/Time: 10/06/2023", "citation_number") == ["C419936"]
    # near misses: a phone number in brackets, an unlabelled bracketed number
    assert values("Citation #: (541) 555-0123", "citation_number") == []
    assert values("Call (4199367 and ask", "citation_number") == []


def test_a_sentence_above_is_no_column_header() -> None:
    text = "I provided a victim's rights pamphlet and a case number card.\nI cleared the scene at 06-19.\n"
    assert values(text, "case_number") == []
    assert values("CASE # DATE\n24-1234 2024-02-25\n", "case_number") == ["24-001234"]  # a real header still labels


@pytest.mark.parametrize("text,expected", [
    ("Michelle MacArthur, Case # 24023617", ["24-023617"]),  # a fax lost the dash
    ("Case # 2402361", []),  # near miss: too short to be sure where the dash went
    ("DL# 24023617", []),  # near miss: the same digits under another label
    ("Case # 240236170", []),  # near miss: one digit too many
])
def test_case_number_whose_dash_ocr_lost_right_after_a_case_label(text: str, expected: list[str]) -> None:
    assert values(text, "case_number") == expected


@pytest.mark.parametrize("text,expected", [
    ("STATE OF OREGON, Case No. 23CRO05330", ["23CR05330"]),  # OCR read one 0 twice, once as O
    ("Case No. 23CR005330", []),  # near miss: a real extra digit is not repaired
])
def test_court_case_number_with_doubled_zero(text: str, expected: list[str]) -> None:
    assert [c.value for c in find_court_case_numbers(text, ExtractionSettings())] == expected


def test_ocr_reads_a_citation_t_as_seven_in_a_citation_column() -> None:
    assert values("CITATION # DATE TIME\n71337916 / V818717 11/12/2024 11:58 AM\n", "citation_number") == [
        "T1337916", "V818717"]
    assert values("PHONE DATE\n7133791 11/12/2024\n", "citation_number") == []  # near miss: a phone column
    assert values("Call 71337916 now", "citation_number") == []  # near miss: no citation context


def test_ocr_reads_a_citation_e_as_a_pound_sign() -> None:
    assert sorted(values("Cite No.: \u00a35220639, V805520\n", "citation_number")) == ["E5220639", "V805520"]
    assert values("Fine: \u00a35220639\n", "citation_number") == []  # near miss: money, no citation context


def test_court_case_number_with_a_zero_read_as_zero_and_letter() -> None:
    assert [c.value for c in find_court_case_numbers("Case No. 23CR0O0867", ExtractionSettings())] == ["23CR00867"]


def test_labels_survive_ocr_i_l_and_o_zero_confusions() -> None:
    # "CITATION" read "CLTATION" on a fax: the row below is still the citation column
    text = "CLTATION # DATE! TIME\nT744466 40/22/2024 1110 hrs\n"
    assert labelled_values(text) == ["T744466"]
    assert values("P0LICE CASE N0: 24-3817", "case_number") == ["24-003817"]
    # near misses: short labels stay exact ("DL" is no "D1"), unrelated words are no labels
    assert labelled_values("CLTATLONX DATE\nT744466 01/30/2023\n") == []


def test_a_comma_read_for_the_period_of_a_column_header() -> None:
    # "POLICE CASE NO," over a tow invoice's last cell, which holds the short form "24-569"
    text = "INVOICE DATE TIME POLICE CASE NO,\nINV-11711 06/23/2024 0210 hrs 24-569\n"
    assert values(text, "case_number") == ["24-000569"]
    # near miss: the same short number under a phone column is no case number
    assert values("INVOICE DATE TIME PHONE NO,\nINV-11711 06/23/2024 0210 hrs 24-569\n",
                  "case_number") == []


def test_serif_ones_read_as_glyphs_complete_a_labelled_case_number() -> None:
    # "23-008311" in a Times-like type: OCR read the last two 1s as "!" glued on and a lone "I"
    assert values("Incident #: 23-0083! I I Date Reported: September 16, 2023", "case_number") == ["23-008311"]
    assert values("Case #: 23-0083!I", "case_number") == ["23-008311"]
    # near misses: a glyph a space away is a cell border (the short form stands); no label, no case
    assert values("Incident #: 23-0083 I I Date", "case_number") == ["23-000083"]
    assert values("Page 23-0083! I I", "case_number") == []


def test_sheriffs_office_prefix_read_with_a_zero() -> None:
    # "TCSO24-021508" with OCR's 0 for the O of "SO", glued to the year
    assert values("Case No.: TCS024-021508", "case_number") == ["24-021508"]
    assert values("Report SO24-001234 and S024-001235", "case_number") == ["24-001234", "24-001235"]
    # near miss: a 0 inside other letters is no prefix ("AB0C24-..." stays unread as a prefix)
    assert values("Ref AB0C24-1234", "case_number") == []


def test_court_case_type_split_by_a_space_after_a_label() -> None:
    assert values("Case No. 23V 139229", "court_case_number") == ["23VI39229"]
    # near misses: without a case label the split reading is not taken; "23CR 12345" was always read
    assert values("Room 23V 139229", "court_case_number") == []
    assert values("Case No. 23CR 12345", "court_case_number") == ["23CR12345"]


def test_a_cell_border_read_as_a_leading_one() -> None:
    text = "INVOICE DATE TIME POLICE CASE NO.\nINV-55369 November 11, 2024 1652 hrs _ 124-005632\n"
    assert values(text, "case_number") == ["24-005632"]
    # near miss: a short number behind a 1 is no case number
    assert values("Room 124-0056", "case_number") == []


def test_a_zero_padded_case_number_split_by_a_space() -> None:
    assert values("Police Report No: 24-0048 15", "case_number") == ["24-004815"]
    # near misses: a short form is never zero-padded, so a count after it stays apart; too many digits
    assert values("Case # 24-3817 12 items", "case_number") == ["24-003817"]
    assert values("Case # 24-0038 1234", "case_number") == ["24-000038"]


def test_a_stray_glyph_inside_a_court_case_type() -> None:
    assert values("Lane County Case No. 22C\u20acR19057", "court_case_number") == ["22CR19057"]
    assert values("Ref 22C\u20acR19057", "court_case_number") == []  # near miss: unlabelled


def test_a_citation_t_read_as_one() -> None:
    text = ("CITATION NO.: 17663068\nCitation Statute Description Base Fine\n"
            "17663068 ORS 803.540 | Failure to Display Registration $440.00\n")
    assert sorted(set(values(text, "citation_number"))) == ["T7663068"]
    # the second of a pair, and a row whose glyph changed its shape from the row above
    assert values("CITATION # DATE TIME\n\u00a39312111 / 1521141 07/25/2024 4:01 PM\n", "citation_number") == \
        ["E9312111", "T521141"]
    text = ("Citation Statute Description : Base Fine|\nT1078107 ORS 164.043|Theft III $165.00\n"
            "74102661 ORS 811.182|Driving While Suspended $165.00\n")
    assert values(text, "citation_number") == ["T1078107", "T4102661"]
    # near misses: unlabelled digit runs, a phone number, a licence column, a number fitting as read
    assert values("Phone: 15035550100", "citation_number") == []
    assert values("Citation total 1234567 dollars", "citation_number") == []
    assert values("DL# DL STATE\n17663068 OR\n", "citation_number") == []
    numeric = ExtractionSettings(citation_pattern=r"\d{8}")
    assert values("CITATION NO.: 17663068", "citation_number", numeric) == ["17663068"]


def test_a_licence_number_whose_label_ocr_lost_is_no_citation() -> None:
    # "DL# DL STATE PHONE" read "Die UL STATE": the number beside a state code is the licence
    assert values("Die UL STATE \u2014\u2014\nA7396839 CA 458-555-0100\n", "citation_number") == []
    # near misses: under a citation label a state after the number does not matter
    assert values("CITATION NO.\nA7396839 OR\n", "citation_number") == ["A7396839"]
    assert values("E431373 01/30/2023", "citation_number") == ["E431373"]


def test_a_case_numbers_zero_read_twice_is_no_citation() -> None:
    assert values("23-O011370 . 01/09/2023", "case_number") == ["23-011370"]
    assert values("23-O011370 . 01/09/2023", "citation_number") == []
    assert values("23-00011370", "case_number") == []  # near miss: two real zeros are no misreading


def test_a_glued_prefix_number_split_by_a_space_and_a_label_whose_value_came_first() -> None:
    assert values("Case #: CPD24-01 1609 Date: 2024-03-21", "case_number") == ["24-011609"]
    # the badge label has its own value (1456): the full-length number after it is a case number
    assert values("Harper, Melanie, Badge 1456 Ao 23-018888", "case_number") == ["23-018888"]
    # near misses: right after a badge label the number is the badge's; glued letters are no prefix
    assert values("Badge 23-018888", "case_number") == []
    assert values("XYZ24-3817", "case_number") == []


def test_a_lower_case_citation_letter_and_a_digit_in_a_header() -> None:
    text = "Citation Statute\nc8785661 ORS 164.345\nv9859434 ORS 164.805\n"
    assert values(text, "citation_number") == ["C8785661", "V9859434"]
    # "TIME 3 CASE NUMBER": a stray digit in the header does not stop it labelling its last column
    text = "~ LINVOICE DATE . TIME 3 CASE NUMBER\nINV-51593 2024-08-16 * |10:28 AM 24-423\n"
    assert values(text, "case_number") == ["24-000423"]
    # near misses: a lower-case letter glued to digits under a licence label stays no citation
    assert values("DL: n2766026 OR", "citation_number") == []
