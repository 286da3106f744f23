"""Person names with roles.

A person is a name in the value slot of a person field, found by geometry on the page model
(`names.fields`: role from the field's label, a role code on its table row or a heading above it),
or a name the text-order rules find (`names.textfields`, `names.captions`: "Role: NAME" lines,
captions, signature blocks) or spaCy finds in prose (`names.narrative`) outside every label and
every value of a field that never holds a person, whose words read as a name rather than as printed
form text (`names.boilerplate`).

Names are returned in natural order with titles stripped (`names.parsing`): "LAST, First"
reordered, surnames like O'Neil, De La Cruz, Smith-Jones and St. Clair kept whole. The same person
mentioned twice is reported once, with their strongest role; officers are matched to the roster
(`names.merging`). OCR clean-up (`names.ocr`) touches only words OCR read unsurely.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from base.models import Page
from extractors.entities import Candidate
from extractors.fields import Field, word_spans
from extractors.names.boilerplate import all_plain, is_plain_word, reads_as_words
from extractors.names.captions import blank_furniture
from extractors.names.fields import FieldPeople, field_people
from extractors.names.merging import match_roster, merge_people, same_person
from extractors.names.narrative import find_narrative_people, get_nlp, ner_entities, prose_of
from extractors.names.ocr import clean_ocr_page, scrub_ocr_borders
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


def text_for_people(page: Page) -> str:
    """The text of a page as the person finders read it (same length as `page.text`): OCR repairs
    only inside unsure OCR words, pleading line numbers and caption brackets blanked."""
    return blank_furniture(clean_ocr_page(page))


def page_people(page: Page, text: str, settings: ExtractionSettings, doc_type: str = "other",
                ents: list[tuple[int, int, str]] | None = None, fields: list[Field] | None = None) -> list[Candidate]:
    """Every person on one page of the page model: people in person fields (by geometry), then the
    text-order and prose finders' people that no field, label or boilerplate test refuses.

    `text` is the page text the finders read (`text_for_people(page)`); `ents` are NER entities over
    `prose_of(text)`; `fields` the page's fields when the caller found them already."""
    found_fields = field_people(page, text, settings, doc_type, fields)
    found = find_people(text, settings, doc_type, ents=ents)
    spans = word_spans(page)
    kept = []
    for c in found:
        words = _name_words(page, spans, c)
        if _refused(c, words, found_fields, text):
            continue
        kept.append(c)
    return found_fields.people + kept


def _complete(field_person: Candidate, mention: Candidate) -> None:
    """What a text-order mention of a field's person adds: a badge, a fuller name (an initial the
    field's box cut off), a role where the field gave none."""
    field_person.badge = field_person.badge or mention.badge
    if len(mention.value.split()) > len(field_person.value.split()):
        field_person.value = mention.value
    if field_person.role == "other" and mention.role not in (None, "other"):
        field_person.role = mention.role


def _name_words(page: Page, spans: list[tuple[int, int] | None], c: Candidate) -> set[int]:
    """The words of a mention's span that hold its name (not the title, badge or agency around it)."""
    tokens = {t.lower().strip(".,") for t in c.value.split()}
    return {i for i, s in enumerate(spans) if s is not None and s[0] < c.end and s[1] > c.start
            and page.words[i].text.lower().strip(".,;:()'\"") in tokens}


def _refused(c: Candidate, words: set[int], fields: FieldPeople, text: str) -> bool:
    """Whether the page's fields or the words themselves say a text-order mention is no new person:
    it names the person of a person field it overlaps (the field speaks for them), lies in a label or
    in the value of a field that never holds a person, or its words read as printed text."""
    for p, taken in zip(fields.people, fields.words_of, strict=True):
        if words & taken:
            if same_person(p.value, c.value):
                _complete(p, c)
            return True
    if words & (fields.label_words | fields.other_words):
        return True
    tokens = c.value.split()
    if on_a_street(text, c):
        return True
    if c.source >= 3:  # a label, caption or title vouches for a name: only printed words are refused
        return all_plain(tokens) or is_plain_word(tokens[0])
    return reads_as_words(tokens)


# A street named after a person: "1200 Dr. Martin Luther King Jr. Blvd", "Cesar Chavez Ave".
_STREET_AFTER = re.compile(r"\.?[ \t]*(?:Jr\.?[ \t]*)?(?:Blvd|Boulevard|Ave|Avenue|St|Street|Rd|Road|Dr|Drive|Way|Hwy|"
                           r"Highway|Pkwy|Parkway|Ln|Lane|Ct|Pl|Place|Ter|Terrace|Trl|Trail|Cir|Circle|Sq|Square)\b\.?")
_NUMBER_BEFORE = re.compile(r"(?<![\w\-])\d{1,6}[A-Za-z]?[ \t]{1,2}(?:(?:N|S|E|W|NE|NW|SE|SW|Dr)\.?[ \t]+)?$")


def on_a_street(text: str, c: Candidate) -> bool:
    """Whether a mention is the name of a street: a street word after it, or a house number before."""
    return bool(_STREET_AFTER.match(text, c.end) or _NUMBER_BEFORE.search(text[max(0, c.start - 12):c.start]))


__all__ = ["page_people", "text_for_people", "find_people", "clean_ocr_page", "prose_of", "ner_entities",
           "scrub_ocr_borders", "merge_people", "match_roster",
           "parse_name", "same_person", "get_nlp", "ROLE_PRIORITY", "role_labels"]
