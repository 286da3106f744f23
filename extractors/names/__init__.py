"""Person names with roles.

Names come from form fields and tables ("Suspect: HARRINGTON, James Robert", "TO: Ofc. Maria
Delgado, Badge No. 2231"), from court captions ("STATE OF OREGON v. JAMES HARRINGTON"), from
signature blocks, and from narratives (spaCy NER plus role cues such as "the driver, X" or
"Officer X"). Names are returned in natural order with titles stripped, "LAST, First" reordered and
surnames like O'Neil, De La Cruz, Smith-Jones and St. Clair kept whole. The same person mentioned
twice is reported once, with their strongest role; officers are matched to the roster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractors.entities import Candidate
from extractors.names.merging import match_roster, merge_people, same_person
from extractors.names.narrative import find_narrative_people, get_nlp, ner_entities, prose_of
from extractors.names.ocr import scrub_ocr_borders
from extractors.names.parsing import parse_name
from extractors.names.roles import ROLE_PRIORITY, role_labels
from extractors.names.textfields import find_labelled_people

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

def find_people(text: str, settings: ExtractionSettings, doc_type: str = "other",
                ents: list[tuple[int, int, str]] | None = None) -> list[Candidate]:
    """Every person mention in one page's text (labelled fields first, then narrative).

    `ents` are NER entities over `prose_of(text)` when the caller batched NER over all pages."""
    labelled = find_labelled_people(text, settings, doc_type)
    narrative = [c for c in find_narrative_people(text, settings, ents=ents)
                 if not any(c.start < lab.end and c.end > lab.start for lab in labelled)]
    return labelled + narrative


__all__ = ["find_people", "prose_of", "ner_entities", "scrub_ocr_borders", "merge_people", "match_roster",
           "parse_name", "same_person", "get_nlp", "ROLE_PRIORITY", "role_labels"]
