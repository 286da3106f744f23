"""Person roles: the role labels forms print (by role), the role a label gives, and which role is
strongest when one person is named with several."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from extractors.names.parsing import ATTORNEY_TITLES, OFFICER_TITLES, badge_in

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

# Strongest first: a person named twice keeps the strongest role (records unit rule).
ROLE_PRIORITY: tuple[str, ...] = (
    "suspect", "defendant", "victim", "driver", "owner", "witness", "reporting_party", "attorney",
    "officer", "other",
)

DEFAULT_ROLE_LABELS: dict[str, list[str]] = {
    "suspect": ["arrestee name", "name of arrestee", "suspect/arrestee", "person charged", "suspect's name",
                "suspect", "suspect name", "arrestee", "arrested person", "person arrested", "accused", "offender",
                "suspect 1", "s1", "s-1"],
    "victim": ["victim's name", "name of victim", "injured person", "victim", "victim name", "injured party",
               "victim 1", "v1", "v-1"],
    "witness": ["name of witness", "witness's name", "witness", "witness name", "witness 1", "w1", "w-1"],
    "reporting_party": ["turned in by", "person reporting", "complainant name", "caller name", "reporting party name",
                        "reporting party", "reported by", "rp", "r/p", "complainant", "caller", "informant",
                        "reportee", "reporting person"],
    "defendant": ["defendant's name", "violator", "name of violator", "violator name", "accused name", "defendant",
                  "defendant name", "name of defendant", "def", "respondent", "cited person", "person cited"],
    "driver": ["driver's name", "name of driver", "operator name", "operator's name", "name of operator", "driver",
               "driver name", "operator", "driver/operator", "driver of vehicle"],
    "owner": ["owner's name", "name of owner", "r.o", "registered owner", "reg owner", "reg. owner", "r/o", "ro",
              "owner", "vehicle owner", "legal owner", "owner name", "registered owner name"],
    "officer": ["officer's last name, first name", "officer's name, last, first", "officer last name", "issued by",
                "arrested by", "cited by", "issuing deputy", "issuing trooper", "citing deputy", "arresting deputy",
                "arresting trooper", "investigating deputy", "investigating trooper", "reporting trooper",
                "officer's name", "name of officer", "transporting officer", "booking officer", "affiant",
                "investigator", "officer", "reporting officer", "issuing officer", "citing officer",
                "arresting officer", "investigating officer", "complaining officer", "assigned officer",
                "primary officer", "officer name", "requesting officer", "impounding officer", "towing officer",
                "approved by", "reviewed by", "supervisor", "submitted by", "prepared by", "reporting deputy",
                "deputy", "trooper", "ofc", "detective", "written by", "officer/badge", "case officer", "received by",
                "booked by", "seized by", "authorized by", "approved", "submitting officer", "assisting officer",
                "evidence officer", "assisting", "assisted by", "backup", "cover officer", "cc", "copy to"],
    "attorney": ["assistant district attorney", "ada", "assistant city attorney", "city prosecutor",
                 "state's attorney", "assistant state's attorney", "attorney of record", "counsel for defendant",
                 "attorney", "attorney for", "defense attorney", "defense counsel", "counsel", "dda",
                 "deputy district attorney", "district attorney", "prosecutor", "prosecuting attorney",
                 "public defender", "city attorney", "attorney for state", "attorney for defendant",
                 "issuing attorney"],
    "other": ["insured", "our insured", "policyholder", "magistrate", "notary", "interpreter", "wrecker operator",
              "property custodian", "evidence custodian", "deputy clerk", "court clerk", "passenger", "parent",
              "guardian", "tow operator", "tow driver", "released to", "finder", "found by", "judge", "clerk",
              "involved person", "involved", "other", "contact", "employee", "released by", "custodian", "person",
              "juvenile", "mother", "father", "requested by", "mentioned", "involved party", "person mentioned"],
}


def role_labels(settings: ExtractionSettings) -> dict[str, list[str]]:
    """Built-in role labels with the agency's extra labels merged in."""
    merged = {role: list(labels) for role, labels in DEFAULT_ROLE_LABELS.items()}
    for role, labels in settings.role_labels.items():
        merged.setdefault(role, [])
        merged[role] = [*labels, *merged[role]]
    return merged


def label_table(settings: ExtractionSettings) -> list[tuple[str, str]]:
    pairs = [(lab, role) for role, labels in role_labels(settings).items() for lab in labels]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)



@lru_cache(maxsize=16)
def _label_rx(table: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """One regex over every label, longest first, so the earliest match is the longest label there."""
    alts = "|".join(re.escape(lab) for lab, _ in sorted(table, key=lambda p: len(p[0]), reverse=True))
    return re.compile(r"(?<![a-z])(" + alts + r")(?![a-z])")


@lru_cache(maxsize=16)
def _label_lookup(table: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, str]]:
    """Label text -> (label, role), the first role listed for a label winning."""
    out: dict[str, tuple[str, str]] = {}
    for lab, role in table:
        out.setdefault(lab, (lab, role))
    return out


def slash_code(label: str) -> str:
    """A label with the "/" OCR lost before a glued role code put back ("ComplainantRP")."""
    return re.sub(r"(?<=[a-z])(?=[A-Z]{1,3}$)", "/", label.strip())


def label_role(label: str, table: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (label, role) whose label occurs in a field's label text, preferring a parenthesised one."""
    label = slash_code(label)
    low = re.sub(r"[\s.]+", " ", label.lower()).strip()
    paren = re.search(r"\(([^)]*)\)", low)
    for text in ([paren.group(1)] if paren else []) + [low]:
        # "Driver / Defendant": the first role named is the person's role here (then the longest label)
        m = _label_rx(tuple(table)).search(text)
        if m:
            return _label_lookup(tuple(table))[m.group(1)]
    if low in ("to", "name") or low.startswith("name"):
        return low, "name"
    return None


_CRIMINAL = re.compile(r"(?i)\bcriminal\b|\bmisdemeanou?r\b|\bfelony\b")


def ticket_kind(text: str, doc_type: str) -> str:
    """"traffic_citation" for a citation that names no crime (the person it names is its driver), else
    `doc_type`."""
    return "traffic_citation" if doc_type == "citation" and not _CRIMINAL.search(text) else doc_type


def role_for_label(label: str, roles: dict[str, str], titles: set[str], value: str,
                    doc_type: str) -> str | None:
    """The role a field label gives, refined by the titles in the value and the document type."""
    if titles & OFFICER_TITLES:
        return "officer"
    if titles & ATTORNEY_TITLES:
        return "attorney"
    if label == "to":
        return "officer" if badge_in(value) else ("witness" if doc_type == "subpoena" else None)
    if label.startswith("name"):
        return NAMED_BY_TYPE.get(doc_type, "other")
    role = roles.get(label)
    if role == "driver" and doc_type == "citation":
        return "defendant"  # a criminal citation
    if role == "defendant" and doc_type == "arrest_report":
        return "suspect"  # an arrest report's defendant is the person arrested
    return role


# Whose name a document's plain "Name" field holds.
NAMED_BY_TYPE = {"citation": "defendant", "traffic_citation": "driver", "warrant": "defendant",
                 "arrest_report": "suspect", "crash_report": "driver"}


DEFAULT_CODES = {"S": "suspect", "V": "victim", "W": "witness", "RP": "reporting_party",
                  "RO": "owner", "O": "other", "P": "other"}
_LEGEND = re.compile(r"(?<![A-Za-z])(?P<code>[A-Z]{1,3})[ \t]*=[ \t]*(?P<word>[A-Za-z][A-Za-z ]*?)"
                     r"(?=[ \t,;]+[A-Z]{1,3}[ \t]*=|[ \t]*[,;)]|[ \t]*$)", re.M)


def legend_of(text: str, table: list[tuple[str, str]]) -> dict[str, str]:
    """Role codes a page explains ("Codes: S=Suspect V=Victim RP=Reporting Party"): code -> role."""
    legend: dict[str, str] = {}
    for m in _LEGEND.finditer(text):
        hit = label_role(m.group("word"), table)
        if hit and hit[1] != "name":
            legend[m.group("code")] = hit[1]
    return legend
