"""Name normalisation, role assignment and deduplication."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.models import Officer
from base.settings import ExtractionSettings
from extractors.names import (
    find_people,
    match_roster,
    merge_people,
    parse_name,
    same_person,
    scrub_ocr_borders,
)

S = ExtractionSettings()


@pytest.mark.parametrize("raw,expected", [
    ("HARRINGTON, James Robert", "James Robert Harrington"),
    ("Ofc. Maria Delgado", "Maria Delgado"),
    ("Deputy District Attorney Sarah Klein", "Sarah Klein"),
    ("DE LA CRUZ, LUIS", "Luis De La Cruz"),
    ("O'NEIL, KATHLEEN", "Kathleen O'Neil"),
    ("SMITH-JONES, Amy", "Amy Smith-Jones"),
    ("Anne St. Clair", "Anne St. Clair"),
    ("ST. CLAIR, ANNE M.", "Anne M. St. Clair"),
    ("Harrington Jr., James", "James Harrington Jr"),
    ("WHITAKER, BRANDON SR.", "Brandon Whitaker Sr"),
    ("MCDONALD, RONALD", "Ronald McDonald"),
    ("Jane Roe, DDA", "Jane Roe"),
    ("Det. Matthew MacArthur, Salem Police Department", "Matthew MacArthur"),
    ("Sgt. Bob Lee #1234", "Bob Lee"),
])
def test_parse_name(raw: str, expected: str) -> None:
    assert parse_name(raw)[0] == expected


@pytest.mark.parametrize("raw", ["Unknown", "Honda Civic", "Harrington", "123 Main Street", "Salem Police Department",
                                 "Jackson Street", "N/A"])
def test_not_names(raw: str) -> None:
    assert parse_name(raw)[0] is None


def test_same_person() -> None:
    assert same_person("James Robert Harrington", "James Harrington")
    assert same_person("J. Harrington", "James Harrington")
    assert not same_person("James Harrington", "Mary Harrington")
    assert same_person("Luis De La Cruz", "Luis De La Cruz")


FORM = """INCIDENT REPORT
Suspect: HARRINGTON, James Robert   DOB: 03/14/1985
Victim: O'NEIL, Kathleen
Witness #1: Luis De La Cruz
Reporting Officer: Ofc. Maria Delgado #2231
Registered Owner  SMITH-JONES, AMY  07/24/1995
"""


def roles(people) -> dict[str, str]:
    return {p.value: p.role for p in merge_people(people)}


def test_form_fields_and_roles() -> None:
    got = roles(find_people(FORM, ExtractionSettings(ner=False), "incident_report"))
    assert got == {"James Robert Harrington": "suspect", "Kathleen O'Neil": "victim",
                   "Luis De La Cruz": "witness", "Maria Delgado": "officer", "Amy Smith-Jones": "owner"}


def test_subpoena_caption_to_and_signature() -> None:
    text = ("STATE OF OREGON,\nPlaintiff,\nv.\nJAMES ROBERT HARRINGTON,\nDefendant.\nSUBPOENA\n"
            "TO: Ofc. Maria Delgado, Badge No. 2231\nYou are commanded to appear.\n"
            "Jane Roe, OSB #113807\nDeputy District Attorney\n")
    people = merge_people(find_people(text, ExtractionSettings(ner=False), "subpoena"))
    got = {p.value: (p.role, p.badge) for p in people}
    assert got == {"James Robert Harrington": ("defendant", None), "Maria Delgado": ("officer", "2231"),
                   "Jane Roe": ("attorney", None)}


@pytest.fixture(scope="module")
def nlp_settings() -> ExtractionSettings:
    from extractors.names import get_nlp

    get_nlp()  # load spaCy once for this module
    return ExtractionSettings()


def test_narrative_roles_and_dedupe(nlp_settings: ExtractionSettings) -> None:
    text = FORM + (
        "On 03/12/2024 I, Officer Maria Delgado #2231, responded to a disturbance at the residence.\n"
        "I contacted the driver, James Robert Harrington, who was operating a silver Honda that night.\n"
        "The victim, Kathleen O'Neil, told me that Harrington had struck her in the face twice.\n"
        "Sgt. Thomas Reed arrived and approved the arrest. Deputy District Attorney Sarah Klein was told.\n")
    got = roles(find_people(text, nlp_settings, "incident_report"))
    # each person once; the form's role beats the narrative's
    assert got["James Robert Harrington"] == "suspect"
    assert got["Kathleen O'Neil"] == "victim"
    assert got["Thomas Reed"] == "officer"
    assert got["Sarah Klein"] == "attorney"
    assert "Harrington" not in got
    assert sum(1 for name in got if "Harrington" in name) == 1


def test_roster_match_by_badge() -> None:
    people = merge_people(find_people("Issuing Officer: Ofc. M. Delgado #2231\n", ExtractionSettings(ner=False),
                                      "citation"))
    match_roster(people, [Officer(badge="2231", name="Maria Delgado", email="m@x")])
    assert [(p.value, p.role, p.badge) for p in people] == [("Maria Delgado", "officer", "2231")]


def test_real_narrative_has_no_invented_people(nlp_settings: ExtractionSettings) -> None:
    realdocs = Path(__file__).resolve().parents[2] / "shared" / "realdocs"
    pdf = realdocs / "pdfplumber" / "150109DSP-Milw-505-90D.pdf"
    if not pdf.exists():
        pytest.skip("realdocs absent")
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        texts = [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()
    people = merge_people([c for t in texts for c in find_people(t, nlp_settings, "other")])
    # the form asks not to name anyone: nothing (or next to nothing) should come out
    assert len(people) <= 1


# --- text-layer forms (column gaps collapsed to one space), role codes, narratives ---------------


def _people(text: str, doc_type: str = "incident_report", ner: bool = False) -> dict[str, str]:
    return roles(find_people(text, ExtractionSettings(ner=ner), doc_type))


def test_several_fields_on_one_line() -> None:
    text = "Reason: Abandoned vehicle (ORS 819.110) Authorized By: Ofc. Megan Bond #5810\n" \
           "Issuing Officer: Det. Amber A. Esparza Badge No. 306\n"
    assert _people(text) == {"Megan Bond": "officer", "Amber A. Esparza": "officer"}


def test_collapsed_header_row() -> None:
    text = ("DRIVER / DEFENDANT DOB SEX\nOYELARAN-BANKS, STANLEY D. 09/25/1962 M\n"
            "REASON AUTHORIZED BY\nAbandoned vehicle Lt. Carol C. Wu #15142\n"
            "LOCATION OFFENSE\n650 Taylor Center Suite 867, Klamath Falls Theft II\n")
    assert _people(text) == {"Stanley D. Oyelaran-Banks": "driver", "Carol C. Wu": "officer"}


def test_role_code_rows_with_legend_and_without() -> None:
    text = ("Codes: S=Suspect V=Victim W=Witness RP=Reporting Party RO=Registered Owner O=Other\n"
            "Role Name DOB Phone\nRP REED, JAMIE ANA-LUCIA 03/20/2004 (360) 555-0172\n"
            "V-2 JACKSON, RYAN KRISTOPHER 12/07/2002 541-555-0111\n"
            "Victim Van der Berg, Laura P. 11/02/1969 (503) 555-0138\n")
    assert _people(text) == {"Jamie Ana-Lucia Reed": "reporting_party", "Ryan Kristopher Jackson": "victim",
                             "Laura P. Van der Berg": "victim"}
    # near miss: a bare capital code without a legend or number is not a role code
    assert _people("OR 2019 TOYOTA COROLLA\nS SMITH JOHN\n") == {}


def test_given_names_that_are_also_words_in_fields_only() -> None:
    assert parse_name("Det. Amber A. Esparza", strict=False)[0] == "Amber A. Esparza"
    assert parse_name("Amber Silver", strict=True)[0] is None  # prose: a colour, not a person
    assert parse_name("Da Silva")[0] is None  # a surname with its particle only


def test_strongest_role_order() -> None:
    from extractors.names import ROLE_PRIORITY
    assert ROLE_PRIORITY[:3] == ("suspect", "defendant", "victim")
    assert ROLE_PRIORITY.index("attorney") < ROLE_PRIORITY.index("officer") < ROLE_PRIORITY.index("other")


def test_narrative_caps_names_wrapped_titles_and_places() -> None:
    text = ("On November 7, 2023 at about 0410 hrs, I responded to 439 Nicholas Forge for a burglary. Tpr.\n"
            "Kyle Manning (#29509) also responded.\n"
            "The suspect was identified as RALPH DANIELS II (DOB 02/03/1972). I advised Mr. Daniels of rights.\n"
            "I located the suspect walking southbound on Bennett Spur near the park entrance.\n")
    got = _people(text, ner=True)
    assert got.get("Kyle Manning") == "officer"
    assert got.get("Ralph Daniels II") == "suspect"
    assert "Bennett Spur" not in got


def test_field_values_wrapped_to_next_line_and_badged_lines() -> None:
    text = ("Kaylee Burg Apt. 006, Tillamook regarding a report of robbery III. Assisting: Officer Chad\n"
            "McAllister (#512) arrived.\n"
            "I certify that I served this warrant by arresting the defendant on 05/09/2024.\n"
            "Lt. Kelly Morrison, Badge 2436, Corvallis Police Department.\n"
            "Nicole Carrillo, Badge 845, Albany Police Department.\n"
            "Your Case # 24-10806\n")
    got = _people(text)
    assert got == {"Chad McAllister": "officer", "Kelly Morrison": "officer", "Nicole Carrillo": "officer"}


def test_letter_caption_and_signature() -> None:
    text = ("Re: State v. Elizabeth Christopher Powell, Josephine County Case No. 24CR03523\n"
            "Sincerely,\nJohn Pham, Attorney at Law\n")
    assert _people(text, "other") == {"Elizabeth Christopher Powell": "defendant", "John Pham": "attorney"}
    # near miss: "real estate v." is no caption
    assert _people("He said the real estate v. Main Street deal fell through.\n", "other") == {}


def test_surnames_that_are_street_words_pass_with_title_or_field_only() -> None:
    assert parse_name("Hon. Taylor Hill")[0] == "Taylor Hill"
    assert parse_name("Green, Kendra Stephanie", strict=False)[0] == "Kendra Stephanie Green"
    assert parse_name("BLACK, Daniel Eugene", strict=False)[0] == "Daniel Eugene Black"
    assert parse_name("Jamie Throughway")[0] is None  # prose, no title: a street
    assert parse_name("Eugene Police Department", strict=False)[0] is None


def test_prose_comma_names_and_badged_officers() -> None:
    text = ("The suspect was identified as BROOKS, Randall John (DOB 06/24/1998). I advised BROOKS of his rights.\n"
            "I was working patrol in a marked patrol car on October 10, 2023 when dispatch sent me to\n"
            "681 Thomas Summit Suite 580, Salem (menacing) at 12:29 PM. Curtis Callahan #2303 arrived to\n"
            "assist. The reporting party, YOU ARE COMMANDED to appear, said nothing.\n")
    got = _people(text, ner=True)
    assert got.get("Randall John Brooks") == "suspect"
    assert got.get("Curtis Callahan") == "officer"
    assert not any("Commanded" in n for n in got)


def test_same_person_middle_and_last() -> None:
    assert same_person("Randy Danny Williams", "Danny Williams")
    assert not same_person("Randy Danny Williams", "Danny Smith")


def test_ocr_table_borders_are_blanked_without_moving_offsets() -> None:

    raw = ("Codes; S=Suspect V=Victim W=Witness RP=Reporting Party\n"
           "[RP Hernandez, Bianca David 03/03/1961 503-555-0191\n"
           "I 5-1 Smith, Kathleen Sonya 11/07/1952 971.555.0193 I\n"
           "[RO-1 __[Yates, Jennifer Bryan I 12/01/1982 I 458-555-0109 I\n"
           "I spoke with Mr. Smith and I told him.\n")
    clean = scrub_ocr_borders(raw)
    assert len(clean) == len(raw)
    assert clean.splitlines()[-1] == "I spoke with Mr. Smith and I told him."  # near miss: the pronoun stays
    assert scrub_ocr_borders("RP I Hernandez, Bianca David 2 03/03/1961") == "RP   Hernandez, Bianca David 2 03/03/1961"
    assert _people(clean) == {"Bianca David Hernandez": "reporting_party", "Kathleen Sonya Smith": "suspect",
                              "Jennifer Bryan Yates": "owner"}


def test_signature_with_blank_line_before_title() -> None:
    text = "Signature\n\nLori O'Connor, OSB #228944\n\nSenior Deputy District Attorney\n"
    assert _people(text, "subpoena") == {"Lori O'Connor": "attorney"}


def test_ocr_comma_after_title() -> None:

    assert scrub_ocr_borders("Hon, Jessica Medina") == "Hon. Jessica Medina"
    assert scrub_ocr_borders("Salem, Oregon") == "Salem, Oregon"  # near miss: not a title


def test_address_line_is_not_a_role_code_row() -> None:
    # near miss of "5-1 SMITH, KATHLEEN" (OCR for S-1): a street number is no code
    assert _people("536 Leslie Junctions Suite 005, Salem, OR 97301 - 24 hr dispatch 541-555-0157\n") == {}


def test_capitals_surname_comma_given_names_in_any_sentence() -> None:
    text = ("NARRATIVE\nLARSEN, Robert T. was identified as the suspect through a photo lineup. LARSEN was "
            "cited and released.\nI spoke with the reporting party, O' CONNOR, ELIZABETH JAMIE, who had "
            "seen someone trying car door handles.\n")
    got = _ocr_people(text)
    assert got.get("Robert T. Larsen") == "suspect"
    assert got.get("Elizabeth Jamie O'Connor") == "reporting_party"  # OCR's "O' CONNOR" joined
    assert "Elizabeth Jamie Connor" not in got
    # near misses: a city and state, a street and city are no names
    assert _people("NARRATIVE\nI drove to SALEM, Oregon. Then to EUGENE, Lane County.\n") == {}


def test_role_code_rows_as_ocr_reads_them_off_a_ruled_table() -> None:
    # cell borders ate the code numbers, a comma became a period, the dates are garbled
    text = ("Role I Nme ; re 8) ; _ I Phone\n"
            "V.\\ NELSON, HOLLY OG/01 71960 541,555,0142\n"
            "V-2 COOK, ANGELA OM/O/IY7A (360)) 555-0163\n"
            "W-| HUNTER. TAYLOR DONALD ; 3/06/1975 541 -558.0150)\n"
            "W-2 GONZALEZ, ADAM M. . OB/1 7/1979 3O)-555-0192\n")
    assert _people(text) == {"Holly Nelson": "victim", "Angela Cook": "victim",
                             "Taylor Donald Hunter": "witness", "Adam M. Gonzalez": "witness"}
    # near misses: street addresses with a compass point are no role codes
    assert _people("W. BROADWAY, EUGENE OR 97401\nS. WILLAMETTE, SALEM\nE. JEFFERSON, PORTLAND OREGON\n") == {}


@pytest.mark.parametrize("raw,expected", [
    ("RIVERA, Jeffrey Peggy Il", "Jeffrey Peggy Rivera II"),  # OCR: "Il" for "II"
    ("Jeffrey Peggy Rivera lI", "Jeffrey Peggy Rivera II"),
    ("Paul Ball Ill", "Paul Ball III"),
])
def test_ocr_misread_roman_suffix(raw: str, expected: str) -> None:
    assert parse_name(scrub_ocr_borders(raw), strict=False)[0] == expected
    assert parse_name(raw, strict=False)[0] != expected  # a text layer is read as written


def test_cell_border_between_leading_role_label_and_name() -> None:

    raw = ("Role Name DOB Phone\nComplainant/RP I Pamela Thomas 11/08/1952 971.555.0136\n"
           "Registered Owner I Jill R. Robles 04/11/1990 360-555-0168\n"
           "Reporting Person I Carter, Dustin F. 03/03/1967 503-555-0138\nThen I Walked Home with Mr. Reyes.\n")
    clean = scrub_ocr_borders(raw)
    assert len(clean) == len(raw)
    assert clean.splitlines()[-1] == "Then I Walked Home with Mr. Reyes."  # near miss: the pronoun stays
    assert _people(clean) == {"Pamela Thomas": "reporting_party", "Jill R. Robles": "owner",
                              "Dustin F. Carter": "reporting_party"}


def test_ocr_hyphen_after_a_surname_particle() -> None:
    assert parse_name(scrub_ocr_borders("Sgt. David Von-Ahn"))[0] == "David Von Ahn"
    assert parse_name(scrub_ocr_borders("NICOLE DEL-ROSARIO"))[0] == "Nicole Del Rosario"
    assert parse_name("Anna Smith-Jones")[0] == "Anna Smith-Jones"  # near miss: a real double surname


def test_ocr_reads_a_middle_initial_i_as_one() -> None:
    assert _ocr_people("Criminal Citation\nDriver: THOMPSON, Laura 1, DOB: 03/01/1966\n", "citation") == {
        "Laura I. Thompson": "defendant"}  # a criminal citation's driver is its defendant
    assert parse_name("Unit 1")[0] is None  # near miss: a number after a word is no initial


def test_given_names_without_a_word_surname_are_the_same_person() -> None:
    assert same_person("Mary Erin", "Mary Erin Green")  # "Green" cut off in prose as a colour
    assert not same_person("Mary Erin", "Mary Ellen Green")  # near miss: other given names
    assert not same_person("Mary Erin", "Mary Erin Anne Green")  # near miss: more than a surname short


def test_role_cues_after_a_name_and_officers_signing_surname_first() -> None:
    text = ("NARRATIVE\nOn 03/02/2023 I responded to 12 Main St for a reported theft.\n"
            "Kimberly Terri Da Silva (RP) met me on arrival and said she had seen two people arguing.\n"
            "I spoke with Natalie H. Murphy, who witnessed the incident and saw the collision.\n")
    assert _people(text, ner=True) == {"Kimberly Terri Da Silva": "reporting_party",
                                        "Natalie H. Murphy": "witness"}
    ret = ("RETURN\nI certify that I served this warrant by arresting the defendant on 02/23/2023.\n"
           "Perez, Candice #42905, Corvallis Police Department.\nSalem, Oregon #12345\n")
    assert _people(ret, "warrant") == {"Candice Perez": "officer"}  # near miss: a city with a number


def test_caption_defendant_with_a_blank_line_from_ocr() -> None:
    text = ("STATE OF OREGON, Case No. 24V139334\n\nPlaintiff,\nV. SUBPOENA DUCES TECUM\n"
            "DAVIS, BRENT MARY, Case # 24-22367\n\nDefendant.\n\nTO: Tpr. Paul Smith, Hillsboro Police Department\n")
    assert _people(text, "subpoena") == {"Brent Mary Davis": "defendant", "Paul Smith": "officer"}


def test_code_rows_with_ocr_remnants_and_a_sentence_ending_in_a_roman_degree() -> None:
    rows = ("Role Name DOB Phone\nvV-1 LINDSEY KEVIN MILLER 08/04/1955 971.555.0126\n"
            "S-1 HEATHER TREVOR HILL Hl /13 71-9772 (360) 555-0152\n")
    assert _people(rows) == {"Lindsey Kevin Miller": "victim", "Heather Trevor Hill": "suspect"}
    assert parse_name("MARY ELLEN LI")[0] == "Mary Ellen Li"  # near miss: a real two-letter surname
    prose = ("NARRATIVE\nI was dispatched to 1811 Christina Locks regarding a report of criminal mischief I.\n"
             "Kimberly Terri Da Silva (RP) met me on arrival and said she had seen two people arguing.\n")
    assert _people(prose, ner=True) == {"Kimberly Terri Da Silva": "reporting_party"}


@pytest.mark.parametrize("raw,expected", [
    ("Little, Jennifer V.", "Jennifer V. Little"),  # V. after given names: an initial, not "the fifth"
    ("BURKE, Bernard kK.", "Bernard K. Burke"),  # OCR read the initial twice
    ("Hunter, AnnT.", "Ann T. Hunter"),  # OCR dropped the space before the initial
    ("Col. KAREN HENDERSON", "Karen Henderson"),
    ("McDonald, Ray", "Ray McDonald"),  # near miss: a capital inside a surname is no initial
    ("KFPD CIT", None),  # an agency's initials: no vowel, no name
])
def test_initials_ranks_and_initialisms(raw: str, expected: str | None) -> None:
    assert parse_name(scrub_ocr_borders(raw), strict=False)[0] == expected


def test_wrapped_particle_surname_a_case_surname_and_an_org_tagged_name_with_dob() -> None:
    text = ("NARRATIVE\nI was dispatched to 252 Clark Flat (theft I) at 9:23 PM. Assisting: Deputy Dawn Von\n"
            "Ahn, Badge 1430.\nThe suspect was identified as Kimberly Kristen Edwards (DOB 07/12/1965). Ms.\n"
            "Edwards denied any involvement.\n")
    got = _people(text, ner=True)
    assert got.get("Dawn Von Ahn") == "officer" and "Dawn Von" not in got
    assert got.get("Kimberly Kristen Edwards") == "suspect"
    assert _people("TO: Det. Mary Case, Badge No. 22959, Gresham Police Department\n", "subpoena") == {
        "Mary Case": "officer"}
    # near misses: "Case No." still ends a name; a lone particle is no surname; Le is a surname
    assert _people("Defendant: John Smith Case No. 24-1234\n", "subpoena") == {"John Smith": "defendant"}
    assert parse_name("Ellen Van")[0] is None and parse_name("Hoang Le")[0] == "Hoang Le"


def _ocr_people(text: str, doc_type: str = "incident_report") -> dict[str, str]:

    return _people(scrub_ocr_borders(text), doc_type)


@pytest.mark.parametrize("text,expected", [
    # a given name's capital I read as l, after "Surname, " or a label's colon
    ("The property was released to HOGAN, lan Kevin, who was present at the scene.",
     {"Ian Kevin Hogan": "other"}),
    ("Tow Operator: lan Bowman Truck #32\n", {"Ian Bowman": "other"}),
    # an initial's period read as a comma; a space read as "*"
    ("The suspect was identified as WANDA A, EVANS (DOB 02/13/1987).", {"Wanda A. Evans": "suspect"}),
    ("TO: STEPHEN*NGUYEN, 123 Main St, Salem\n", {"Stephen Nguyen": "witness"}),
])
def test_ocr_misreadings_inside_names(text: str, expected: dict[str, str]) -> None:
    doc_type = "subpoena" if text.startswith("TO:") else "incident_report"
    assert _ocr_people(text, doc_type) == expected


@pytest.mark.parametrize("text", [
    "Suspect: Ann Smith. She later Fled on foot.",   # an l-word in prose, not after a colon/comma
    "the vehicle was towed, later Released to the owner",
])
def test_l_for_i_near_misses(text: str) -> None:

    assert "Iater" not in " ".join(_ocr_people(text))
    assert "Iater" not in scrub_ocr_borders(text)  # "later" is no given name read with an l


def test_header_rows_with_ocr_junk_still_label_the_row_below() -> None:
    text = ("DEFENDANT : ; DOB SEX\nBOWERS, Richard 07/23/2002 M\nADDRESS\n"
            "REGISTERED OWNER fhe OWNER ADDRESS .\nSimpson, Donald L. _-, I 7592 Logan Light, Corvallis\n")
    assert _ocr_people(text, "citation") == {"Richard Bowers": "defendant", "Donald L. Simpson": "owner"}
    # near miss: a sentence above a name row is no header
    assert _ocr_people("the owner was not home : ;\nBOWERS, Richard 07/23/2002 M\n", "citation") == {}


def test_stray_marks_from_cell_borders_around_a_form_name() -> None:
    # a spaced colon OCR made of a mark before "DOB" is no field of its own
    assert _ocr_people("WITNESS: DAVIS, Miranda : -DOB: 01/17/1966\n") == {"Miranda Davis": "witness"}
    # a border read as a lone lower-case letter between the role label and the name, or the name and its date
    text = "Role Name DOB Phone\nSuspect f OYELARAN-BANKS, TRACIE i 11/26/1974 (541) 555-0122\n"
    assert _ocr_people(text) == {"Tracie Oyelaran-Banks": "suspect"}
    # near misses: spaced colons of real fields stay fields
    assert _ocr_people("Suspect : SMITH, John DOB : 01/01/1990\n") == {"John Smith": "suspect"}
    assert _ocr_people("Witness : Ann Lee Sex : F Race : W\n") == {"Ann Lee": "witness"}


@pytest.mark.parametrize("text,doc_type,expected", [
    ("Issuing Officer; Deputy Anthony Ng Badge No. 4160\n", "citation", {"Anthony Ng": "officer"}),
    ("Approved: Sgt. jacqueline R. Le #2256 Date: 04/29/2024\n", "incident_report",
     {"Jacqueline R. Le": "officer"}),
    ("DEFENDANT DOB SEX\nROMERO, James Lisa cise 05/27/2005 M\n", "citation", {"James Lisa Romero": "defendant"}),
])
def test_more_ocr_misreadings_around_form_names(text: str, doc_type: str, expected: dict[str, str]) -> None:
    assert _ocr_people(text, doc_type) == expected


def test_ocr_repair_near_misses() -> None:
    # a semicolon after words that are no role label stays a semicolon: no field, no person
    assert _ocr_people("He left; Smith then called.\n") == {}
    # a particle at the end is no OCR noise, and a lone word before lower-case words is no name
    assert parse_name("DE LA CRUZ, Luis")[0] == "Luis De La Cruz"
    assert parse_name("Smith then left")[0] is None


def test_role_label_that_lost_its_slash_and_a_name_on_a_signature_line() -> None:
    text = "Role Name DOB Phone\nComplainantRP WARNER, CHRISTOPHER E. 02/26/1978 360.555.0109\n"
    assert _ocr_people(text) == {"Christopher E. Warner": "reporting_party"}
    assert _ocr_people("Issuing Officer: Deputy Anthony Ng_ Badge No. 4160\n", "citation") == \
        {"Anthony Ng": "officer"}
    # near miss: a capitalised word glued to a label is no role code ("ComplainantSmith" stays unread)
    assert _ocr_people("Role Name DOB Phone\nComplainantSmith WARNER, CHRISTOPHER 02/26/1978\n") == {}


def test_a_lower_case_given_name_after_a_form_name_is_kept() -> None:
    # "julie" is a census given name, the middle name read in lower case; "cise" is noise
    assert parse_name("AVILA, David julie")[0] == "David Julie Avila"
    assert parse_name("ROMERO, James Lisa cise")[0] == "James Lisa Romero"


@pytest.mark.parametrize("text,doc_type,expected", [
    ("Witness: GARCIA-LOPEZ, HARRY Il! DOB: 04/15/1956\n", "incident_report", {"Harry Garcia-Lopez III": "witness"}),
    ("Role Name DOB Phone\nWitness MacArthur, Jean-Paul J. 11+ 01/09/1974 503-555-0136\n", "incident_report",
     {"Jean-Paul J. MacArthur III": "witness"}),
    ("DRIVER / DEFENDANT DOB SEX\n\u2018SMITH, ALEXANDER J. 09/16/1978 1M\n", "traffic_citation",
     {"Alexander J. Smith": "driver"}),
    ("DRIVER / DEFENDANT 2 DOB i SEX\nJENNIFER MACKENZIE 02/08/1989 : >\n", "traffic_citation",
     {"Jennifer Mackenzie": "driver"}),
    ('Issuing Officer: Cpl" CASEY FULLER Badge No. 850\n', "citation", {"Casey Fuller": "officer"}),
])
def test_suffixes_quotes_and_header_noise_ocr_left_around_names(text: str, doc_type: str,
                                                                 expected: dict[str, str]) -> None:
    assert _ocr_people(text, doc_type) == expected


def test_a_label_colon_on_the_row_below_a_header_is_a_field_not_a_value_row() -> None:
    # near miss: "Name: ..." under a header is its own field (the header does not label it)
    assert _ocr_people("DRIVER / DEFENDANT DOB SEX\nVictim: Ann Lee 02/08/1989\n") == {"Ann Lee": "victim"}


@pytest.mark.parametrize("text,doc_type,expected", [
    ("\u2018NAME: Willis, Anne\n\u2018VEHICLE: 2016 Subaru Legacy (black)\n", "traffic_citation",
     {"Anne Willis": "driver"}),
    ("Role E Name : ; DOB Phone\nSuspect BROWN, JILL + 10S/01/1976 541-555-0156\n", "incident_report",
     {"Jill Brown": "suspect"}),
    ("Issued by; Lt. Desiree Luna, Training Unit\n", "other", {"Desiree Luna": "officer"}),
    ("BY THE COURT:\n- Hon. Erica Van der Berg\nCircuit Court Judge\n", "warrant", {"Erica Van der Berg": "other"}),
])
def test_marks_ocr_left_at_line_starts_and_between_name_and_date(text: str, doc_type: str,
                                                                  expected: dict[str, str]) -> None:
    assert _ocr_people(text, doc_type) == expected


@pytest.mark.parametrize("text,doc_type,expected", [
    ("The victim in this case is JOHNSON, john Julie. He said his car was broken into.\n", "incident_report",
     {"John Julie Johnson": "victim"}),
    ("Approved: Set. Zoe Walker #41812 Date: 08/27/2023\n", "incident_report", {"Zoe Walker": "officer"}),
    ("Reporting officer: Ofe Wanda Thompson #123\n", "incident_report", {"Wanda Thompson": "officer"}),
    ("Registered Owner: ELLIS, Shannon Car!\n", "tow_record", {"Shannon Carl Ellis": "owner"}),
    ("CITATION # DATE TIME\nE9312111 07/25/2024 4:01 PM\nDEFENDANT 008 SEX\nAndrea Sara D'Angelo 05/12/1965 F\n",
     "citation", {"Andrea Sara D'Angelo": "defendant"}),
    ("Codes: S Suspect V Victim W Witness\nS-] TREVOR RICHARDS JR. 05/25/1987 971-555-0113\n", "incident_report",
     {"Trevor Richards Jr": "suspect"}),
])
def test_ranks_codes_and_given_names_ocr_misread(text: str, doc_type: str, expected: dict[str, str]) -> None:
    assert _ocr_people(text, doc_type) == expected


def test_rank_and_given_name_repair_near_misses() -> None:

    # "set" and "ofe" in prose stay; a lower-case word after "Surname, " that is no given name stays
    assert scrub_ocr_borders("We set. Then we left.") == "We set. Then we left."
    assert scrub_ocr_borders("SMITH, who ran.") == "SMITH, who ran."


def test_title_case_surname_first_before_was_identified(nlp_settings: ExtractionSettings) -> None:

    text = "The victim in this case is TAYLOR. Mckinney, Kimberly Barry was identified as the suspect.\n"
    found = roles(find_people(scrub_ocr_borders(text), nlp_settings, "incident_report"))
    assert found.get("Kimberly Barry Mckinney") == "suspect"
    # near miss: a title-case word and a comma before "was identified" that are no census name
    found = roles(find_people("Afterwards, Officers was identified by nobody.\n", nlp_settings, "incident_report"))
    assert "Officers Afterwards" not in found
    # a role code whose 1 OCR read as i
    assert _ocr_people("Codes: S Suspect V Victim\nV-i Taylor, Ryan William 02/12/1975 541-555-0196\n") == \
        {"Ryan William Taylor": "victim"}


def test_a_comma_ocr_put_into_a_natural_order_name() -> None:
    assert parse_name("Richard Amy, Hood")[0] == "Richard Amy Hood"
    # near misses: real "Surname, Given" forms, where the word after the comma is a given name
    assert parse_name("James Lee, Scott")[0] == "Scott James Lee"
    assert parse_name("De La Cruz, Luis")[0] == "Luis De La Cruz"
    assert _ocr_people("Codes: V Victim\nV-=2 MACARTHUR, ANGELA 03/11/1993 (458) 555-0176\n") == \
        {"Angela Macarthur": "victim"}


@pytest.mark.parametrize("raw,expected", [
    ("BROWN, Zoe !", "Zoe Brown"), ("Garcia-Lopez, Lauren *", "Lauren Garcia-Lopez"),
    ("Michele Logan Spencer \u2014 \u00b0", "Michele Logan Spencer"), ("Smith, John Jr.", "John Smith Jr"),
])
def test_any_stray_marks_after_a_name(raw: str, expected: str) -> None:
    assert parse_name(raw)[0] == expected


def test_ocr_repairs_keep_every_offset() -> None:
    # word boxes are found by character offsets: no repair may change the text's length

    samples = ["HOGAN, lan Kevin, who", "Approved: Set. Zoe Walker #41812", "Reporting officer: Ofe Wanda Thompson",
               "S-] TREVOR RICHARDS JR.", "JOHNSON, john Julie.", "WANDA A, EVANS (DOB", "STEPHEN*NGUYEN,",
               "Sgt. jacqueline R. Le", "\u2018NAME: Willis, Anne", "- Hon. Erica Van der Berg", 'Cpl" CASEY FULLER',
               "Suspect f OYELARAN-BANKS, TRACIE i 11/26/1974"]
    for text in samples:
        scrubbed = scrub_ocr_borders(text)
        assert len(scrubbed) == len(text), (text, scrubbed)
    assert any(scrub_ocr_borders(t) != t for t in samples)
