"""The extract() entry point: doc type, entities with pages and boxes, appearance, review flags."""

from __future__ import annotations

import pytest

from base.models import Box, Officer, Page, Word
from base.settings import ExtractionSettings
from extractors.extract import extract

S = ExtractionSettings(ner=False)

SUBPOENA = """IN THE CIRCUIT COURT OF THE STATE OF OREGON
FOR THE COUNTY OF MARION
STATE OF OREGON, Plaintiff, v. JAMES ROBERT HARRINGTON, Defendant.
Case No. 24CR12345   Agency Case: 24-003817
SUBPOENA
TO: Ofc. Maria Delgado, Badge No. 2231
YOU ARE HEREBY COMMANDED to appear at the Marion County Circuit Court, Courtroom 4A,
on March 28, 2024 at 9:00 AM to testify as a witness. Re: Citation #: T1234567
DOB of defendant: 03/14/1985
"""


def test_subpoena_end_to_end() -> None:
    ext = extract([Page(number=1, text=SUBPOENA, method="text")], S,
                  roster=[Officer(badge="2231", name="Maria Delgado")])
    assert ext.doc_type == "subpoena"
    by_kind = {(e.kind, e.value) for e in ext.entities}
    assert {("case_number", "24-003817"), ("court_case_number", "24CR12345"),
            ("citation_number", "T1234567")} <= by_kind
    persons = {(e.value, e.role) for e in ext.entities if e.kind == "person"}
    assert persons == {("James Robert Harrington", "defendant"), ("Maria Delgado", "officer")}
    app = ext.appearance
    assert app is not None
    assert (app.date, app.time, app.court, app.courtroom, app.officer_badge) == (
        "2024-03-28", "09:00", "Marion County Circuit Court", "4A", "2231")
    assert app.case_numbers == ["24-003817"] and app.court_case_numbers == ["24CR12345"]
    assert app.citation_numbers == ["T1234567"]


def _ocr_page(text: str, confidence: float) -> Page:
    words, x = [], 10.0
    for line_no, line in enumerate(text.split("\n")):
        x = 10.0
        for token in line.split():
            words.append(Word(token, Box(x, 20.0 * line_no, 10.0 * len(token), 15.0), confidence, line=line_no))
            x += 10.0 * len(token) + 8
    return Page(number=2, text=text, method="ocr", confidence=confidence, words=words)


def test_ocr_boxes_pages_and_review() -> None:
    page1 = Page(number=1, text="POLICE REPORT\nNarrative follows.", method="text")
    page2 = _ocr_page("Plate: 482 KLM\nVehicle seen at the scene", 0.55)
    ext = extract([page1, page2], S)
    plate = next(e for e in ext.entities if e.kind == "plate")
    assert (plate.value, plate.state, plate.page) == ("482KLM", "OR", 2)
    assert plate.box == Box(left=78.0, top=0.0, width=68.0, height=15.0)  # "482" + "KLM" united
    assert "low_ocr_confidence page 2" in ext.review_reasons
    assert "no case number found" in ext.review_reasons
    assert "unknown plate state" in ext.review_reasons


def test_dedupes_across_pages() -> None:
    pages = [Page(number=1, text="INCIDENT REPORT\nCase #: 24-003817", method="text"),
             Page(number=2, text="Case # 24-3817 (continued)", method="text")]
    ext = extract(pages, S)
    cases = [e for e in ext.entities if e.kind == "case_number"]
    assert [(e.value, e.page) for e in cases] == [("24-003817", 1)]
    assert ext.review_reasons == []


def test_speed_per_page_rules_only() -> None:
    import time

    page = Page(number=1, text=SUBPOENA * 3, method="text")
    extract([page], S)
    t0 = time.perf_counter()
    for _ in range(5):
        extract([page], S)
    assert (time.perf_counter() - t0) / 5 < 0.25  # generous: measured ~10-20 ms


@pytest.mark.parametrize("text,court", [
    ("UNIFORM CITATION AND COMPLAINT\nMUNICIPAL COURT OF THE CITY OF GRANTS PASS\n", "Grants Pass Municipal Court"),
    ("APPEAR AT WASHINGTON COUNTY CIRCUIT COURT, 145 NE 2ND AVE", "Washington County Circuit Court"),
    ("Court: Lane County Circuit Court. Address: 125 E 8th Ave, Eugene, OR 97401.", "Lane County Circuit Court"),
])
def test_court_name(text: str, court: str) -> None:
    from extractors.appearance import find_court
    assert find_court(text) == court


def test_ocr_variant_readings_of_one_plate_become_one_plate() -> None:
    text = ("VEHICLE\nVEH: 2021 DODG GRAND CARAVAN LIC/992GjP LIS/OR\n"
            "NARRATIVE\nShe saw a gold Dodge Grand Caravan bearing plate 992G)P (OR) leave the area.\n"
            "I ran Oregon plate 726GNJ. Records showed Oregon plate 726GNJ is registered to the owner.\n"
            "Year Make Model Plate State\n2005 Nissan Altima 726GNT OR\n")
    ext = extract([_ocr_page(text, 0.9)], S)
    assert sorted(e.value for e in ext.entities if e.kind == "plate") == ["726GNJ", "992GJP"]
    # near miss: two plates that differ in two places are two vehicles
    ext = extract([_ocr_page("Plate: 482 KLM State: OR\nPlate: 482 KXN State: OR\n", 0.9)], S)
    assert sorted(e.value for e in ext.entities if e.kind == "plate") == ["482KLM", "482KXN"]


def test_person_on_a_traffic_ticket_is_its_driver_and_on_a_criminal_one_its_defendant() -> None:
    ticket = ("OREGON UNIFORM CITATION\nCITATION NUMBER: V6479920\nName: MELISSA GIBSON\nDOB: 11/05/1968\n"
              "Citation Statute Description Base Fine\nV6479920 ORS 811.485 Following Too Closely $165.00\n")
    roles = {e.value: e.role for e in extract([Page(1, ticket, "text")], S).entities if e.kind == "person"}
    assert roles == {"Melissa Gibson": "driver"}
    criminal = ticket.replace("OREGON UNIFORM CITATION", "CRIMINAL CITATION AND COMPLAINT")
    roles = {e.value: e.role for e in extract([Page(1, criminal, "text")], S).entities if e.kind == "person"}
    assert roles == {"Melissa Gibson": "defendant"}


def test_typed_plates_one_character_apart_stay_two_plates() -> None:
    text = "VEHICLES\nPlate: 482 KLM State: OR\nPlate: 482 KLN State: OR\nPlate: 482 KLN State: OR\n"
    ext = extract([Page(1, text, "text")], S)  # a text layer is taken as typed
    assert sorted(e.value for e in ext.entities if e.kind == "plate") == ["482KLM", "482KLN"]
    ext = extract([_ocr_page(text, 0.9)], S)  # the same on a scan: one plate read twice, once wrong
    assert sorted(e.value for e in ext.entities if e.kind == "plate") == ["482KLN"]


def _with_confidence(page: Page, token: str, confidence: float) -> Page:
    for w in page.words:
        if w.text.strip(".,") == token:
            w.confidence = confidence
    return page


def test_an_unsure_reading_of_a_number_settles_on_a_sure_reading_nearby() -> None:
    text = ("Citation No.: C1954849, C6844840. Date/Time: 2023-10-26\n"
            "Citation Statute Description Base Fine\nC1954849 ORS 166.065 Harassment $165.00\n"
            "C6846840 ORS 166.025 Disorderly Conduct II $165.00\n")
    page = _with_confidence(_ocr_page(text, 0.91), "C6844840", 0.65)
    cites = sorted(e.value for e in extract([page], S).entities if e.kind == "citation_number")
    assert cites == ["C1954849", "C6846840"]
    # near miss: two sure readings one digit apart are two citations (consecutive, from one book)
    page = _ocr_page(text.replace("C6844840", "C6846841"), 0.91)
    cites = sorted(e.value for e in extract([page], S).entities if e.kind == "citation_number")
    assert cites == ["C1954849", "C6846840", "C6846841"]


def test_appearance_date_after_appear_at_and_never_a_printed_stamp() -> None:
    from extractors.appearance import find_appearance_date

    text = ("COURT APPEARANCE\nAPPEAR AT MULTNOMAH COUNTY CIRCUIT COURT, 1200 SW 1ST AVE,\n"
            "PORTLAND, OR 97204 ON APRIL 29, 2024 AT 3:30 PM.\nFailure to appear may result in a warrant.\n"
            "Uniform Citation (ODOT 735-2) Printed 04/23/2024 09:30 Page 1\n")
    assert find_appearance_date(text)[0] == "2024-04-29"
    # near miss: with no appearance date, the print stamp is not taken for one
    assert find_appearance_date("Failure to appear may result in a warrant. Printed 04/23/2024 09:30")[0] is None


def test_an_unreadable_appearance_date_is_never_replaced_by_the_violation_date() -> None:
    from extractors.appearance import find_appearance_date

    # OCR destroyed the date after "APPEAR AT ... ON": the "DATE/TIME:" of the violation is not it
    text = ("DATE/TIME: 03/03/2024 9:17 PM\nDRIVER: ELLISON, WILLIAM\nCOURT APPEARANCE\n"
            "APPEAR AT LANE COUNTY CIRCUIT COURT, 125 E 8TH AVE, EUGENE, OR 97401 ON seat eeanatee AT\n"
            "9:00 AM.\nFailure to appear may result in a suspension of your driving privileges.\n")
    assert find_appearance_date(text)[0] is None
    page = _ocr_page(text.replace("DRIVER:", "UNIFORM CITATION\nDRIVER:"), 0.91)
    extraction = extract([page], S)
    assert extraction.appearance is None and "no appearance date found" in extraction.review_reasons
    # near miss: with no explicit appearance instruction, a "Date/Time:" field is the hearing's
    assert find_appearance_date("HEARING NOTICE\nDate/Time: 05/13/2024 9:00 AM\n")[0] == "2024-05-13"


def _person_names(pages: list[Page]) -> list[str]:
    return sorted(e.value for e in extract(pages, S).entities if e.kind == "person")


def test_an_unsure_ocr_name_takes_the_spelling_of_the_census_name_one_misreading_away() -> None:
    text = "IN THE CIRCUIT COURT\nSUBPOENA\nWitness: Wiliam O'Neil, 123 Main St\nSuspect: Dillon J. Crawtord\n"
    page = _with_confidence(_with_confidence(_ocr_page(text, 0.93), "Wiliam", 0.62), "Crawtord", 0.7)
    assert _person_names([page]) == ["Dillon J. Crawford", "William O'Neil"]
    # near misses: a sure reading, a text layer and a modern name stay as written ("Jaxon", not "Jason")
    assert _person_names([_ocr_page(text, 0.93)]) == ["Dillon J. Crawtord", "Wiliam O'Neil"]
    assert _person_names([Page(number=1, text=text, method="text")]) == ["Dillon J. Crawtord", "Wiliam O'Neil"]
    jaxon = "INCIDENT REPORT\nVictim: Jaxon Miller\n"
    assert _person_names([_with_confidence(_ocr_page(jaxon, 0.93), "Jaxon", 0.95)]) == ["Jaxon Miller"]


def test_a_case_number_ocr_garbled_past_reading_flags_the_document() -> None:
    text = "WARRANT OF ARREST\nAgency: Medford Police Department Case # 24-0232687\n"
    reasons = extract([_ocr_page(text, 0.9)], S).review_reasons
    assert "unreadable case number page 2" in reasons
    # near misses: a case number read, a date after "case", and a text layer (typed as it is)
    for page in (_ocr_page("WARRANT OF ARREST\nCase # 24-023687\n", 0.9),
                 _ocr_page("WARRANT OF ARREST\nThe case 03/14/2024 was closed.\n", 0.9),
                 Page(number=2, text=text, method="text")):
        assert not any(r.startswith("unreadable case number") for r in extract([page], S).review_reasons)


def test_a_citation_letter_guessed_from_a_glyph_yields_to_a_read_letter() -> None:
    text = ("Traffic Citation\nCITATION NO. DATE TIME\nC8952572 2023-11-05 04:31\n"
            "Citation Statute Description Base Fine\n\u20ac8952572 ORS 811.175 Driving While Suspended $115.00\n")
    cites = sorted({e.value for e in extract([_ocr_page(text, 0.9)], S).entities if e.kind == "citation_number"})
    assert cites == ["C8952572"]
    # near miss: with no read letter for those digits, the glyph's letter stands
    text = "Citation Statute Description Base Fine\n\u20ac8952572 ORS 811.175 Driving While Suspended $115.00\n"
    cites = sorted({e.value for e in extract([_ocr_page(text, 0.9)], S).entities if e.kind == "citation_number"})
    assert cites == ["E8952572"]


def test_a_citations_date_time_field_is_never_its_appearance_date() -> None:
    from extractors.appearance import find_appearance_date

    # OCR destroyed "You are required to appear ... on February 16, 2024": no date beats the violation's
    text = ("DATE/TIME: 12/20/2023 6:39 AM\nYOU MUST APPEAR\nWou are required to appears am the Medford "
            "Municipal Court, on Beiday Hebruary 16, 2024 at 0900 hrs.\n")
    assert find_appearance_date(text, citation=True)[0] is None
    # a doubled comma in a written date is OCR's
    text = "You are required to appear in the Medford Municipal Court on Friday, February 16,, 2024 at 0900 hrs."
    assert find_appearance_date(text, citation=True)[0] == "2024-02-16"
    # near miss: on a hearing notice (no citation) a "Date/Time:" field is the hearing's
    assert find_appearance_date("HEARING NOTICE\nDate/Time: 05/13/2024 9:00 AM\n")[0] == "2024-05-13"
