"""Name normalisation, role assignment and deduplication."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefolio.settings import ExtractionSettings
from extractors.models import Officer
from extractors.names import find_people, match_roster, merge_people, parse_name, same_person

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
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        texts = [p.extract_text() or "" for p in doc.pages]
    people = merge_people([c for t in texts for c in find_people(t, nlp_settings, "other")])
    # the form asks not to name anyone: nothing (or next to nothing) should come out
    assert len(people) <= 1
