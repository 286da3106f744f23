"""Document type from the title, robust to field labels and OCR confusions."""

from __future__ import annotations

import pytest

from base.models import Page
from base.settings import ExtractionSettings
from extractors.classify import classify

S = ExtractionSettings()


def kind(text: str, settings: ExtractionSettings = S) -> str:
    return classify([Page(number=1, text=text, method="text")], settings)[0]


@pytest.mark.parametrize("text,expected", [
    ("SALEM POLICE DEPARTMENT\nINCIDENT REPORT\nCase #: 24-003817\nNarrative: I responded", "incident_report"),
    ("UNIFORM CITATION AND COMPLAINT\nCitation #: T1234567\nYou must appear", "citation"),
    ("IN THE CIRCUIT COURT\nRe: Citation No. T1234567\nSTATE v. X\n\n\n\nSUBPOENA\nYou are hereby commanded "
     "to appear", "subpoena"),
    ("TOW / IMPOUND RECORD\nReason for tow: abandoned", "tow_record"),
    ("WARRANT OF ARREST\nTO ANY PEACE OFFICER", "warrant"),
    ("PROPERTY / EVIDENCE REPORT\nItem Qty Description", "property_record"),
    ("SUBP0ENA\nyou are commanded to appear", "subpoena"),  # OCR 0 for O
    ("Dear neighbour, the block party is on Saturday.", "other"),
])
def test_doc_types(text: str, expected: str) -> None:
    assert kind(text) == expected


def test_incident_report_mentioning_warrant_and_tow() -> None:
    text = ("POLICE REPORT\nReport No.: 24-000001\nWarrant check: negative\n"
            "The vehicle was towed and a citation was issued. I responded and contacted the suspect.")
    assert kind(text) == "incident_report"


def test_agency_titles_from_settings() -> None:
    custom = ExtractionSettings(doc_type_titles={"tow_record": ["vehicle disposition form"]})
    assert kind("VEHICLE DISPOSITION FORM\nStored at lot 3", custom) == "tow_record"


def test_memo_about_a_report_or_tows_is_other() -> None:
    from base.models import Page
    from base.settings import ExtractionSettings
    from extractors.classify import classify

    memo = ("KLAMATH FALLS POLICE DEPARTMENT\nMEMORANDUM\nTO: Det. Ronald J. De La Cruz\nFROM: Lt. Nicole Acosta\n"
            "SUBJECT: Updated tow rotation list\nThis memo concerns the updated tow rotation list.\n"
            "The audit sample includes Case #: 23-015754, which was missing a supplemental report.\n")
    assert classify([Page(number=1, text=memo, method="text")], ExtractionSettings())[0] == "other"
    # near miss: a real tow form whose subject line mentions a memo stays a tow record
    tow = ("VEHICLE TOW / IMPOUND REPORT\nSubject: see memo 12\nTowed From: 7557 Garza Place\n"
           "Tow Operator: Karen Stanton\nStorage Location: B & D Towing\n")
    assert classify([Page(number=1, text=tow, method="text")], ExtractionSettings())[0] == "tow_record"
