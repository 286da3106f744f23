"""Document type: incident report, arrest report, crash report, citation, subpoena, tow record,
warrant, property record, court filing, other.

A document is typed mainly by its title (the first lines of page 1, where forms print their name),
then by phrases typical of each form anywhere in the text. Title phrases are matched after OCR
confusions are folded (0->O, 1->I, 5->S) so "SUBP0ENA" still reads as a subpoena. Agencies add their
own form titles through `ExtractionSettings.doc_type_titles`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from base.models import Page

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

TITLES: dict[str, list[str]] = {
    "subpoena": ["subpoena", "subpena", "subpoena duces tecum", "witness subpoena", "criminal subpoena"],
    "citation": ["uniform citation", "citation and complaint", "traffic citation", "notice of infraction",
                 "uniform traffic citation", "violations bureau", "citation", "traffic offense",
                 "criminal citation", "notice of traffic infraction", "complaint and summons",
                 "uniform criminal citation", "summons and complaint", "parking citation",
                 "uniform traffic ticket", "traffic ticket", "appearance ticket", "uniform traffic summons",
                 "notice to appear", "uniform traffic complaint", "municipal summons", "criminal summons",
                 "uniform citation and summons", "e-citation", "electronic citation", "warning ticket"],
    "tow_record": ["tow record", "tow report", "tow/impound", "impound report", "vehicle impound",
                   "impound record", "towed vehicle", "stored vehicle", "vehicle tow", "tow sheet",
                   "tow and impound", "tow authorization", "vehicle inventory", "impoundment",
                   "private property impound", "tow"],
    "warrant": ["warrant of arrest", "arrest warrant", "bench warrant", "search warrant", "warrant for arrest",
                "warrant"],
    "property_record": ["property record", "property report", "evidence report", "property and evidence",
                        "evidence/property", "property/evidence", "property receipt", "evidence receipt",
                        "chain of custody", "found property", "property invoice", "evidence log",
                        "property sheet", "property inventory"],
    "incident_report": ["incident report", "offense report", "police report", "crime report",
                        "general offense", "case report", "investigation report",
                        "supplemental report", "incident/investigation", "officer's report",
                        "narrative report", "information report", "continuation report",
                        "supplement report", "supplementary report", "follow-up report", "offense/incident report"],
    "arrest_report": ["arrest report", "booking report", "arrest/booking report", "arrest and booking report",
                      "custody report", "arrest record", "booking sheet", "dwi report", "dui report",
                      "duii report", "owi report", "dwi arrest report", "impaired driving report",
                      "arrest affidavit", "adult arrest report", "juvenile arrest report", "arrest/booking",
                      "report of arrest"],
    "crash_report": ["crash report", "traffic crash report", "accident report", "traffic accident report",
                     "collision report", "traffic collision report", "police accident report",
                     "motor vehicle accident report", "motor vehicle crash report", "crash exchange",
                     "driver exchange", "exchange of information", "information exchange",
                     "police crash report", "vehicle crash report", "accident exchange"],
    "court_filing": ["complaint", "criminal complaint", "information", "motion", "order", "opinion",
                     "memorandum opinion", "docket", "register of actions", "case summary", "judgment",
                     "petition", "notice of motion", "brief", "indictment", "memorandum and order",
                     "order granting", "order denying", "stipulation", "notice of appeal",
                     "certificate of service", "declaration", "affidavit in support"],
    # correspondence: memos and letters about cases are filed as "other", whatever they mention
    "other": ["inter-office memo", "interoffice memo", "inter-office memorandum", "memorandum", "memo",
              "public records request", "records request", "request for records", "letter of request"],
}
# Phrases typical of the body of each form (weaker evidence than the title).
BODY: dict[str, list[str]] = {
    "subpoena": [r"you are (?:hereby )?commanded", r"to appear and testify", r"failure to (?:appear|obey)",
                 r"subpoena", r"as a witness", r"contempt of court"],
    "citation": [r"you (?:are hereby|must) (?:summoned|appear)", r"violation", r"fine", r"speed",
                 r"posted", r"cited", r"infraction", r"base fine", r"complaint", r"sign(?:ature)? .{0,20}promise"],
    "tow_record": [r"tow(?:ed|ing)? (?:company|operator|truck)", r"impound", r"storage", r"released to",
                   r"hold", r"reason for tow", r"odometer", r"keys", r"inventory"],
    "warrant": [r"any peace officer", r"commanded to arrest", r"bail", r"warrant", r"you are commanded to arrest",
                r"probable cause"],
    "property_record": [r"item", r"evidence", r"seized", r"property", r"chain of custody", r"qty|quantity",
                        r"disposition", r"bag", r"locker"],
    "incident_report": [r"narrative", r"reporting officer", r"suspect", r"victim", r"witness", r"offense",
                        r"responded", r"dispatched", r"arrived", r"contacted"],
    "arrest_report": [r"arrestee", r"booking", r"booked", r"arrested", r"custody", r"charges?", r"jail",
                      r"bail|bond", r"miranda", r"probable cause", r"mugshot|photo taken", r"fingerprint"],
    "crash_report": [r"crash", r"collision", r"accident", r"unit \d", r"insurance", r"damage", r"diagram",
                     r"point of impact", r"injur", r"driver \d", r"direction of travel", r"airbag"],
    "court_filing": [r"plaintiff", r"appellant|appellee|respondent", r"comes now|now comes", r"wherefore",
                     r"respectfully", r"certificate of service", r"/s/", r"pursuant to", r"jurisdiction",
                     r"counsel", r"\bv\.\s", r"honorable|hon\.", r"so ordered|it is ordered", r"filed"],
}
_FOLD = str.maketrans({"0": "o", "1": "i", "5": "s", "|": "i", "8": "b"})


def _fold(text: str) -> str:
    """Lower-case with OCR digit look-alikes folded into letters and runs of spaces collapsed."""
    return re.sub(r"[ \t]+", " ", text.lower().translate(_FOLD))


def _titles(settings: ExtractionSettings) -> dict[str, list[str]]:
    merged = {k: list(v) for k, v in TITLES.items()}
    for doc_type, phrases in settings.doc_type_titles.items():
        merged.setdefault(doc_type, [])
        merged[doc_type] = [p.lower() for p in phrases] + merged[doc_type]
    return merged


@lru_cache(maxsize=64)
def _title_rx(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One regex over a type's title phrases (folded, longest first)."""
    alts = sorted({re.escape(_fold(p)).replace(r"\ ", r"\s?") for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![a-z])(?:" + "|".join(alts) + r")(?![a-z])")


def _title_score(head: str, phrases: list[str]) -> float:
    """How strongly the head of page 1 names this type.

    Earlier lines, longer phrases and short (title-like) lines score higher; a phrase used as a
    field label ("Citation #:", "Warrant No.") does not count as a title.
    """
    best = 0.0
    rx = _title_rx(tuple(phrases))
    for line_no, line in enumerate(head.split("\n")):
        if re.match(r"\s*(?:subject|re|regarding|subj)\s*[:.]", line):
            continue  # "SUBJECT: Updated tow rotation list" is what a memo is about, not its type
        for m in rx.finditer(line):
            if re.match(r"\s*(?:#|no\b|num|number|nbr|:|/\s*(?:no\b|#|num|date|type)|date|type|status|check|info)",
                        line[m.end():]):
                continue  # a field label ("Citation #:", "Warrant/No."), not a title
            if re.search(r"[\[(][ xX\u2713\u2714]?[\])]\s*$|[\u2610\u2611\u2612]\s*$", line[:m.start()]):
                continue  # a check box's option ("[ ] Warrant"), not a title
            words = len(line.split())
            shape = 1.0 if words <= 7 else 0.45
            score = shape * (4.0 + len(m.group(0).split())) / (1.0 + 0.15 * line_no)
            best = max(best, score)
    return best


def classify(pages: Sequence[Page], settings: ExtractionSettings) -> tuple[str, float]:
    """The document type and a confidence in 0-1."""
    if not pages:
        return "other", 0.0
    text = "\f".join(p.text for p in pages)
    first = pages[0].text
    head = _fold("\n".join(line for line in first.split("\n")[:12] if line.strip()))
    body = _fold(text)
    scores: dict[str, float] = {}
    for doc_type, phrases in _titles(settings).items():
        title = _title_score(head, phrases)
        hits = sum(min(3, len(re.findall(rx, body))) for rx in BODY.get(doc_type, []))
        scores[doc_type] = 2.0 * title + 0.25 * hits
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 1.0:
        return "other", 0.5
    confidence = top / (top + second) if top + second else 0.0
    confidence = min(0.99, 0.5 + confidence * 0.5 if top >= 8 else confidence)
    return best, round(confidence, 3)
