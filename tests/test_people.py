"""People on the page model: a name in the value slot of a person field takes the field's role,
wherever the value sits; labels and printed form text are never people."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.models import Box, Page, Word
from base.settings import ExtractionSettings
from extractors.extract import extract
from extractors.names import clean_ocr_page, find_people, parse_name
from extractors.names.boilerplate import all_plain, is_plain_word, reads_as_words
from extractors.names.captions import blank_furniture
from extractors.names.fields import surname_first
from extractors.pdf import text_layer_pages
from tests.formgen import Line, Text, boxed_form, draw, side_by_side, table, underline_form

NO_NER = ExtractionSettings(ner=False)


def pages_of(tmp_path: Path, pdf: bytes) -> list[Page]:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    pages = text_layer_pages(path, 1)
    assert pages and pages[0] is not None
    return [p for p in pages if p is not None]


def people(tmp_path: Path, pdf: bytes, settings: ExtractionSettings = NO_NER) -> dict[str, str]:
    """name -> role of the persons extraction reports for a one-page PDF."""
    ext = extract(pages_of(tmp_path, pdf), settings)
    return {e.value: e.role or "" for e in ext.entities if e.kind == "person"}


TICKET = [[("TICKET NUMBER", "AB12CD3456"), ("DATE", "03/14/2024"), ("TIME", "14:05")],
          [("LAST NAME", "HOLLOWAY"), ("FIRST NAME", "PRIYA"), ("M.I.", "K")],
          [("ISSUING OFFICER", "TPR JOSE RAMIREZ"), ("BADGE NO", "4471"), ("OFFENSE", "OTHER OFFENSE")],
          [("DEFENDANT", "MCKINNEY, JAMAL R"), ("REGISTERED OWNER", "Maria De La Cruz"),
           ("WITNESS", "Sean O'Neil Jr.")]]
EXPECTED = {"Priya K. Holloway": "driver", "Jose Ramirez": "officer", "Jamal R. McKinney": "defendant",
            "Maria De La Cruz": "owner", "Sean O'Neil Jr": "witness"}


@pytest.mark.parametrize("values_first", [True, False])
def test_underline_form_value_above_its_label(tmp_path: Path, values_first: bool) -> None:
    got = people(tmp_path, underline_form(TICKET, values_first=values_first))
    assert got == EXPECTED


@pytest.mark.parametrize("labels_first", [False, True])
def test_boxed_form_value_below_its_label(tmp_path: Path, labels_first: bool) -> None:
    got = people(tmp_path, boxed_form(TICKET, labels_first=labels_first))
    assert got == EXPECTED


def test_value_right_of_its_label_when_the_text_layer_lists_labels_first(tmp_path: Path) -> None:
    labels = [Text(40, 100 + 20 * k, lab) for k, lab in
              enumerate(["Citation No:", "Driver:", "Registered Owner:", "Arresting Officer:"])]
    values = [Text(170, 100 + 20 * k, val) for k, val in
              enumerate(["C1234567", "GARCIA-LOPEZ, ANA M", "Thomas Van Dyke III", "Sgt. Dana Reyes #2231"])]
    pages = pages_of(tmp_path, draw(labels + values))
    assert pages[0].text.splitlines()[1] == "Driver:   GARCIA-LOPEZ, ANA M"
    got = {e.value: e.role for e in extract(pages, NO_NER).entities if e.kind == "person"}
    assert got == {"Ana M. Garcia-Lopez": "driver", "Thomas Van Dyke III": "owner", "Dana Reyes": "officer"}


def test_persons_table_under_a_header_with_role_codes(tmp_path: Path) -> None:
    body = [["V-1", "NELSON, HOLLY", "06/01/1969"], ["S", "HARRINGTON, JAMES ROBERT", "03/14/1985"],
            ["W", "Luis De La Cruz", "11/02/1990"], ["RP", "Kathleen O'Neil", "01/30/1977"]]
    got = people(tmp_path, table(["CODE", "NAME", "DOB"], body, col_w=170))
    assert got == {"Holly Nelson": "victim", "James Robert Harrington": "suspect", "Luis De La Cruz": "witness",
                   "Kathleen O'Neil": "reporting_party"}


def test_name_fields_take_the_role_of_the_heading_above_them(tmp_path: Path) -> None:
    items = [Text(40, 60, "VEHICLE TOW AND IMPOUND RECORD", 13, "Helvetica-Bold"),
             Text(40, 96, "REGISTERED OWNER", 9, "Helvetica-Bold")]
    for k, (label, value) in enumerate([("LAST", "PEREZ"), ("FIRST", "ROSA"), ("MIDDLE", "ELENA")]):
        items += [Text(40 + 150 * k, 140, value, 11), Line(40 + 150 * k, 143, 170 + 150 * k, 143),
                  Text(40 + 150 * k, 152, label, 7)]
    assert people(tmp_path, draw(items)) == {"Rosa Elena Perez": "owner"}


# --- printed form text ------------------------------------------------------------------------


def test_ticket_boilerplate_and_labels_are_never_people(tmp_path: Path) -> None:
    """What a ticket prints on every copy: its title, instructions, check-box captions and the
    labels of empty fields; only the names typed into its person fields are people."""
    items: list = [Text(40, 50, "THE PEOPLE OF THE STATE OF NEW YORK", 12, "Helvetica-Bold"),
                   Text(40, 66, "UNIFORM TRAFFIC TICKET", 12, "Helvetica-Bold"),
                   Text(40, 90, "Defendant:"), Text(150, 90, "ROSS, ELLEN"),
                   Text(40, 108, "Issuing Officer:"), Text(150, 108, "PO Kevin Walsh"),
                   Text(40, 126, "Offense:"), Text(150, 126, "Other Offense"),
                   Text(40, 150, "Finger Count"), Text(160, 150, "Walk and Turn"), Text(280, 150, "One Leg Stand"),
                   Text(40, 174, "Certified"), Text(110, 174, "Registered"), Text(200, 174, "Return Receipt Requested"),
                   Text(40, 198, "Witness:"), Text(40, 222, "Arresting Officer:"),
                   Text(40, 246, "New York"), Text(110, 246, "Police Department"),
                   Text(40, 270, "PLEAD GUILTY OR NOT GUILTY BY MAIL WITHIN 15 DAYS"),
                   Text(40, 290, "Court Appearance Date:"), Text(170, 290, "04/12/2024")]
    assert people(tmp_path, draw(items)) == {"Ellen Ross": "defendant", "Kevin Walsh": "officer"}


def test_street_named_after_a_person_is_no_person(tmp_path: Path) -> None:
    pdf = side_by_side([[(40, "Driver:"), (140, "Tanya Brooks")],
                        [(40, "Location:"), (140, "1200 Dr. Martin Luther King Jr. Blvd")],
                        [(40, "Address:"), (140, "44 Cesar Chavez Ave, Apt 2")]])
    assert people(tmp_path, pdf) == {"Tanya Brooks": "driver"}


@pytest.mark.parametrize("phrase", ["Return Receipt Requested", "Certified Registered", "Finger Count",
                                    "Other Offense", "New York", "Walk And Turn", "Notice To Appear",
                                    "Signature Of Complainant", "Vehicle Searched"])
def test_printed_phrases_read_as_words(phrase: str) -> None:
    assert reads_as_words(phrase.split())


@pytest.mark.parametrize("name", ["Amber Hall", "Rose Price", "Bill Short", "John Finger", "Priya Holloway",
                                  "Jamal McKinney", "Luis De La Cruz", "Kathleen O'Neil", "Dakota Stone",
                                  "Hunter Mason", "Summer Woods", "Grant Rivers"])
def test_names_do_not_read_as_words(name: str) -> None:
    assert not reads_as_words(name.split())
    assert not all_plain(name.split())


def test_plain_words_are_dictionary_words_that_are_no_common_names() -> None:
    assert is_plain_word("Receipt") and is_plain_word("requested") and is_plain_word("COUNT")
    assert not is_plain_word("Amber") and not is_plain_word("Hall") and not is_plain_word("Holloway")


# --- repairs only where OCR could have erred ------------------------------------------------------


def _page(line: str, method: str, confidence: float) -> Page:
    words, x = [], 100.0
    for token in line.split():
        words.append(Word(token, Box(x, 100.0, 9.0 * len(token), 20.0), confidence, line=0))
        x += 9.0 * len(token) + 9.0
    return Page(number=1, text=" ".join(w.text for w in words), method=method,  # type: ignore[arg-type]
                confidence=confidence, width=2550, height=3300, words=words)


@pytest.mark.parametrize("line,repaired", [
    ("Registered Owner: ELLIS, Shannon Car!", "Shannon Carl Ellis"),
    ("Witness: GARCIA-LOPEZ, HARRY Il", "Harry Garcia-Lopez II"),
    ("Tow Operator: lan Bowman", "Ian Bowman"),
    ("Approved: Set. Zoe Walker #41812", "Zoe Walker"),
    ("Suspect: HUNTER, AnnT.", "Ann T. Hunter"),
])
def test_clean_text_layers_and_sure_ocr_words_are_never_repaired(line: str, repaired: str) -> None:
    def names(method: str, confidence: float) -> set[str]:
        ext = extract([_page(line, method, confidence)], NO_NER)
        return {e.value for e in ext.entities if e.kind == "person"}

    assert repaired in names("ocr", 0.6)  # an unsure OCR reading gets the repair
    assert repaired not in names("ocr", 0.97)  # a sure one is taken as written
    assert repaired not in names("text", 1.0)  # a text layer is never "repaired"
    assert clean_ocr_page(_page(line, "text", 1.0)) == line


# --- name order, row labels, rank phrases, pleading paper ---------------------------------------------


@pytest.mark.parametrize("raw,phrase,expected", [
    ("SMITH ALEXIS A.", "name (last, first, middle)", "SMITH, ALEXIS A."),  # the label says surname first
    ("Da Silva Charlotte Anjali", "name (last, first, middle)", "Da Silva, Charlotte Anjali"),
    ("HOA DE LA ROSA", "name (first, middle, last)", "HOA DE LA ROSA"),  # the label says natural order
    ("Robinson Imani", "registered owner", "Robinson, Imani"),  # a census surname, then no surname
    ("Lee Jones", "driver", "Lee Jones"),  # near misses: natural order stays
    ("Kim Holloway", "driver", "Kim Holloway"),
    ("Judy McCarthy", "driver", "Judy McCarthy"),
])
def test_surname_first_values_without_a_comma(raw: str, phrase: str, expected: str) -> None:
    assert surname_first(raw, phrase) == expected


def test_row_label_with_a_value_column_per_heading(tmp_path: Path) -> None:
    pdf = side_by_side([[(40, "CRASH - INFORMATION EXCHANGE")],
                        [(140, "Driver / Vehicle 1"), (330, "Driver / Vehicle 2")],
                        [(40, "NAME"), (140, "ANDERS JAMAL WELLS"), (330, "LANDRY, PATRICK L. SR.")],
                        [(40, "PHONE"), (140, "(458) 246-1852"), (330, "(458) 652-1653")]])
    assert people(tmp_path, pdf) == {"Anders Jamal Wells": "driver", "Patrick L. Landry Sr": "driver"}


def test_a_role_the_value_names_in_parentheses(tmp_path: Path) -> None:
    body = [["11/15/2021", "DET. VINCENT AGUILAR"], ["11/16/2021", "LAFLEUR, LOUIS S (EVIDENCE CUSTODIAN)"]]
    got = people(tmp_path, table(["DATE", "RECEIVED BY"], body, col_w=150))
    assert got == {"Vincent Aguilar": "officer", "Louis S. Lafleur": "other"}


@pytest.mark.parametrize("raw,name,titles", [
    ("Task Force Officer Ryan Lewis-Grant", "Ryan Lewis-Grant", {"officer"}),
    ("Senior Deputy District Attorney Sara Klein", "Sara Klein", {"deputy district attorney"}),
    ("Patrol Sgt. Amy Lee", "Amy Lee", {"sgt"}),
])
def test_rank_phrases_before_a_name(raw: str, name: str, titles: set[str]) -> None:
    assert parse_name(raw) == (name, titles)


def test_pleading_line_numbers_and_caption_brackets_are_furniture() -> None:
    text = ("1\nSTATE OF OREGON,   )\n2   )   Case No. 22FE34090\nPlaintiff,   )\n3   )   STATE'S MOTION\n"
            "v.   )\n4   )\nSHARON J HUNT,   )\n5   )\nDefendant.   )\n6\n7   On September 7, 2022, the officer\n")
    clean = blank_furniture(text)
    assert len(clean) == len(text) and ")" not in clean and "\n5 " not in clean
    got = {c.value: c.role for c in find_people(clean, NO_NER, "court_filing")}
    assert got == {"Sharon J. Hunt": "defendant"}
    assert blank_furniture("Suspect (RP) left at 1600 hrs.\n") == "Suspect (RP) left at 1600 hrs.\n"  # near miss


def test_judges_letter_signers_and_attorneys_for_a_party() -> None:
    text = ("Honorable Emma Savannah Gomez, Trial Judge\nMisty Reed, Judge.\n"
            "Mateo Schmidt, P.J., and Maeve L. Del Rio, J., concur.\n"
            "Sincerely,\nJordan T. Edwards\nClaims Adjuster\n")
    got = {c.value: c.role for c in find_people(text, NO_NER, "court_filing")}
    assert got == {"Emma Savannah Gomez": "other", "Misty Reed": "other", "Mateo Schmidt": "other",
                   "Maeve L. Del Rio": "other", "Jordan T. Edwards": "other"}
    assert parse_name("RUDOLF JOHN HERRMANN, ET AL.", strict=False)[0] == "Rudolf John Herrmann"


def test_attorney_for_a_party_is_an_attorney(tmp_path: Path) -> None:
    pdf = side_by_side([[(40, "Attorney for Appellant: Colton Baker")],
                        [(40, "Attorney for Respondent: Kyle L. Hicks")]])
    assert people(tmp_path, pdf) == {"Colton Baker": "attorney", "Kyle L. Hicks": "attorney"}
