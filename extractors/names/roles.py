"""Person roles: the role labels forms print (by role), the role a label gives, and which role is
strongest when one person is named with several."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

# Strongest first: a person named twice keeps the strongest role (records unit rule).
ROLE_PRIORITY: tuple[str, ...] = (
    "suspect", "defendant", "victim", "driver", "owner", "witness", "reporting_party", "attorney",
    "officer", "other",
)

DEFAULT_ROLE_LABELS: dict[str, list[str]] = {
    "suspect": ["suspect", "suspect name", "arrestee", "arrested person", "person arrested", "accused",
                "offender", "suspect 1", "s1", "s-1"],
    "victim": ["victim", "victim name", "injured party", "victim 1", "v1", "v-1"],
    "witness": ["witness", "witness name", "witness 1", "w1", "w-1"],
    "reporting_party": ["reporting party", "reported by", "rp", "r/p", "complainant", "caller",
                        "informant", "reportee", "reporting person"],
    "defendant": ["defendant", "defendant name", "name of defendant", "def", "respondent", "cited person",
                  "person cited"],
    "driver": ["driver", "driver name", "operator", "driver/operator", "driver of vehicle"],
    "owner": ["registered owner", "reg owner", "reg. owner", "r/o", "ro", "owner", "vehicle owner",
              "legal owner", "owner name", "registered owner name"],
    "officer": ["officer", "reporting officer", "issuing officer", "citing officer", "arresting officer",
                "investigating officer", "complaining officer", "assigned officer", "primary officer",
                "officer name", "requesting officer", "impounding officer", "towing officer",
                "approved by", "reviewed by", "supervisor", "submitted by", "prepared by",
                "reporting deputy", "deputy", "trooper", "ofc", "detective", "written by",
                "officer/badge", "case officer", "received by", "booked by", "seized by", "authorized by",
                "approved", "submitting officer", "assisting officer", "evidence officer", "assisting",
                "assisted by", "backup", "cover officer", "cc", "copy to"],
    "attorney": ["attorney", "attorney for", "defense attorney", "defense counsel", "counsel",
                 "dda", "deputy district attorney", "district attorney", "prosecutor",
                 "prosecuting attorney", "public defender", "city attorney", "attorney for state",
                 "attorney for defendant", "issuing attorney"],
    "other": ["passenger", "parent", "guardian", "tow operator", "tow driver", "released to",
              "finder", "found by", "judge", "clerk", "involved person", "involved", "other",
              "contact", "employee", "released by", "custodian", "person", "juvenile", "mother",
              "father", "requested by", "mentioned", "involved party", "person mentioned"],
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

