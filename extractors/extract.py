"""The extraction step: pages in, an `Extraction` out (doc type, entities, appearance, review flags).

This is the one entry point the ingest pipeline calls. It never reads the environment and never
logs document content: counts and timings only.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from base.models import Entity, Extraction, Officer, Page
from extractors.appearance import TIME_RX, date_in, find_appearance
from extractors.classify import classify
from extractors.entities import (
    DIGIT_TO_LETTER,
    LETTER_TO_DIGIT,
    Candidate,
    WordLocator,
    edit_distance,
    merge_simple,
    overlaps,
    place,
    to_entity,
)
from extractors.fields import Field, Vocabulary, field_spans, find_fields, vocabulary, word_spans
from extractors.lexicon import respell
from extractors.names import (
    match_roster,
    merge_people,
    ner_entities,
    page_people,
    prose_of,
    role_labels,
    text_for_people,
)
from extractors.numbers import (
    GLYPH_LETTER_NOTE,
    court_label,
    find_numbers,
    fits_kind,
    settle_by_labels,
    unread_case_numbers,
)
from extractors.plates import PlateField, find_plates, plates_from_fields, unglue_ocr_plates
from extractors.vocabulary import NOT_PLATE_KINDS, merged_labels

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

log = logging.getLogger(__name__)

_KIND_ORDER = ("case_number", "citation_number", "court_case_number", "person", "plate", "vin")


def extract(pages: list[Page], settings: ExtractionSettings, roster: Sequence[Officer] = ()) -> Extraction:
    """Classify a document and extract its case/citation/court case numbers, people, plates, VINs and
    court appearance, flagging it for review when OCR or extraction confidence is low.
    """
    started = time.perf_counter()
    doc_type, doc_conf = classify(pages, settings)
    numbers: list[Candidate] = []
    plates: list[Candidate] = []
    people: list[Candidate] = []
    unread: list[int] = []  # pages with a labelled case number no reading could take
    people_texts = [text_for_people(p) for p in pages]  # OCR repairs on unsure OCR words only
    all_ents = ner_entities([prose_of(t) for t in people_texts], settings)  # one NER batch per document
    vocab = field_vocabulary(settings)
    fits = fits_kind(settings)
    all_fields: list[Field] = []
    for page, people_text, ents in zip(pages, people_texts, all_ents, strict=False):
        locator = WordLocator(page)
        ocr = page.method == "ocr"
        fields = find_fields(page, vocab, fits)
        all_fields += fields
        spans = word_spans(page)
        located = [(_field_kind(f, doc_type), a, b) for f in fields for a, b in field_spans(f, spans)]
        page_numbers = find_numbers(page.text, settings, ocr=ocr)
        page_numbers = settle_by_labels(page_numbers, located, page.text, settings, doc_type, ocr)
        if page.method == "ocr" and unread_case_numbers(page.text, settings, page_numbers):
            unread.append(page.number)
        plate_text = unglue_ocr_plates(page.text) if page.method == "ocr" else page.text
        page_plates = find_plates(plate_text, settings, ocr)
        page_plates += plates_from_fields(plate_fields(fields, spans), plate_text, settings, page_plates, ocr)
        page_plates = [p for p in page_plates if not overlaps(page_numbers, p.start, p.end)
                       and not any(kind in NOT_PLATE_KINDS and p.start < b and p.end > a for kind, a, b in located)]
        page_persons = page_people(page, people_text, settings, doc_type, ents=ents, fields=fields)
        for group in (page_numbers, page_plates, page_persons):
            place(group, page, locator)
        page_numbers = [c for c in page_numbers if not _sure_but_repaired(c)]
        for c in page_plates:  # a sure reading stands: the plate as read (as a text layer's would be)
            if _sure_but_repaired(c):
                c.value, c.confidence = "".join(ch for ch in (c.raw or "").upper() if ch.isalnum()), 0.8
        page_persons = [c for c in page_persons if not _misread_mention(c, locator)]
        _respell_unsure_names(page_persons)
        numbers += page_numbers
        plates += page_plates
        people += page_persons
    numbers = merge_simple(_settle_number_misreads(_settle_guessed_letters(numbers)))
    plates = _merge_plates(plates, {p.number for p in pages if p.method == "ocr"})
    people = merge_people(people)
    match_roster(people, roster)
    people = merge_people(people)  # roster names can unite two mentions
    values = _values_by_kind(numbers)
    text = "\f".join(p.text for p in pages)
    appearance = find_appearance(text, doc_type, people, values, roster, *_appearance_fields(all_fields))
    entities = sorted((to_entity(c) for c in numbers + plates + people),
                      key=lambda e: (_KIND_ORDER.index(e.kind), e.page))
    reasons = review_reasons(pages, settings, doc_type, doc_conf, entities, numbers + plates, appearance)
    reasons += [f"unreadable case number page {n}" for n in unread]
    log.debug("extracted %d entities from %d pages in %.0f ms", len(entities), len(pages),
              (time.perf_counter() - started) * 1000)
    return Extraction(doc_type=doc_type, doc_type_confidence=doc_conf, entities=entities,
                      appearance=appearance, review_reasons=reasons)


def field_vocabulary(settings: ExtractionSettings) -> Vocabulary:
    """The form labels of the department: built-in vocabulary, settings, person role labels."""
    return vocabulary(merged_labels(settings, role_labels(settings)))


def _field_kind(f: Field, doc_type: str) -> str:
    """A field's kind, a court filing's own case labels ("Case No.") giving court case numbers."""
    if doc_type == "court_filing" and f.kind == "case_number" and court_label(f.label.phrase):
        return "court_case_number"
    return f.kind


def _appearance_fields(fields: list[Field]) -> tuple[str | None, str | None]:
    """The first court date field's value with a date in it, and the first court time field's value."""
    date = next((f.text for f in fields if f.kind == "appearance_date" and date_in(f.text)), None)
    time_ = next((f.text for f in fields if f.kind in ("appearance_time", "appearance_date")
                  and TIME_RX.search(f.text)), None)
    return date, time_


def plate_fields(fields: list[Field], spans: list[tuple[int, int] | None]) -> list[PlateField]:
    """Each plate field's value span in the page text (`spans`: each word's, from `word_spans`) with
    the value of the state field beside it (on the plate label's row or the value's row, nearest
    first), if the form has one."""
    states = [f for f in fields if f.kind in ("plate_state", "state") and f.text.strip()]
    out: list[PlateField] = []
    for f in fields:
        if f.kind != "plate" or f.rect is None:
            continue
        near = min(states, key=lambda g, f=f: _row_distance(f, g), default=None)  # type: ignore[misc]
        state = near.text.strip() if near is not None and _row_distance(f, near) < float("inf") else None
        out.extend((a, b, state) for a, b in field_spans(f, spans))
    return out


def _row_distance(f: Field, g: Field) -> float:
    """How far across state field g's value lies from plate field f's value when they share a row
    (f's label row or value row), or when g's value sits in the row under or over f's value (a
    "Plate State" row under a "Plate No." row); else infinity."""
    assert f.rect is not None
    target = g.rect or g.label.rect
    rows = (f.label.rect, f.rect)
    same_row = any(r.y0 < target.y1 and r.y1 > target.y0 for r in rows) or any(
        g.label.rect.y0 < r.y1 and g.label.rect.y1 > r.y0 for r in rows)
    pitch = max(f.rect.height, 1.0)
    near_row = abs(target.cy - f.rect.cy) <= 2.5 * pitch
    return abs(target.cx - f.rect.cx) if same_row or near_row else float("inf")


# OCR words read at least this surely are taken as read: a look-alike repair (O/0, I/1, S/5, B/8)
# is made only on words OCR was unsure of.
REPAIR_BELOW = 0.95


def _sure_but_repaired(c: Candidate) -> bool:
    """Whether a number or plate was made to fit its format by look-alike repairs of OCR words that
    were read surely (then the reading stands, and it fits no format)."""
    if c.word_confidence is None or c.word_confidence < REPAIR_BELOW or not c.raw:
        return False
    read = "".join(ch for ch in c.raw.upper() if ch.isalnum())
    value = "".join(ch for ch in c.value.upper() if ch.isalnum())
    if len(read) != len(value) or read == value:
        return False
    return all(a == b or LETTER_TO_DIGIT.get(a) == b or DIGIT_TO_LETTER.get(a) == b
               for a, b in zip(read, value, strict=True))


# A bare name mention (no label, no role cue) read from OCR words this unsure is noise read as
# words ("Pane Ats Oe Mre" on a speckled page), not a person.
MISREAD_WORD_CONFIDENCE = 0.5


def _misread_mention(c: Candidate, locator: WordLocator) -> bool:
    """Whether a person candidate is a bare mention made of low-confidence OCR words."""
    if c.source > 1 or not locator.spans:
        return False
    conf = locator.mean_confidence(c.start, c.end)
    return conf is not None and conf < MISREAD_WORD_CONFIDENCE


# A name read from OCR words this unsure gets the spelling of the census name one misreading away
# ("Wiliam" -> "William"); surer readings and text layers are taken as written ("Jaxon" stays).
RESPELL_BELOW = 0.85


def _respell_unsure_names(people: list[Candidate]) -> None:
    """Respell, in place, the words of unsurely read OCR names that are one misreading from a name."""
    for c in people:
        if c.word_confidence is None or c.word_confidence >= RESPELL_BELOW:
            continue
        c.value = re.sub(r"[A-Za-z]{5,}", lambda m: respell(m.group(0)) or m.group(0), c.value)


# An OCR reading of a number this unsure, within two edits of a sure reading of the same kind in
# the same document, is that number misread ("C6844840" at 0.65 beside "C6846840" at 0.91).
# Two sure readings one digit apart (consecutive citations from one book) both stand.
UNSURE_NUMBER_WORDS, SURE_NUMBER_WORDS = 0.7, 0.85


def _settle_guessed_letters(numbers: list[Candidate]) -> list[Candidate]:
    """A citation whose letter was guessed from a glyph ("\u20ac8952572") takes the letter of a citation
    with the same digits read with a real letter in the document ("C8952572"); returns the list."""
    read = {c.value[1:]: c.value for c in numbers if c.kind == "citation_number" and c.note != GLYPH_LETTER_NOTE}
    for c in numbers:
        if c.note == GLYPH_LETTER_NOTE and c.value[1:] in read:
            c.value = read[c.value[1:]]
    return numbers


def _settle_number_misreads(numbers: list[Candidate]) -> list[Candidate]:
    """Give unsure OCR readings of case/citation/court case numbers the value of a sure reading
    nearby in spelling (in place); returns the list."""
    sure = [c for c in numbers if c.word_confidence is None or c.word_confidence >= SURE_NUMBER_WORDS]
    for c in numbers:
        if c.word_confidence is None or c.word_confidence >= UNSURE_NUMBER_WORDS:
            continue
        near = [o for o in sure if o.kind == c.kind and o.value != c.value and edit_distance(c.value, o.value) <= 2]
        if near:
            c.value = max(near, key=lambda o: o.word_confidence or 1.0).value
    return numbers


def _merge_plates(plates: list[Candidate], ocr_pages: set[int]) -> list[Candidate]:
    """One plate per number: a written state beats the assumed default state, a reading cut short (at
    a line break: "GPZ" of "GPZ\n7032") yields to the whole one of the same state, and OCR's variant
    readings of one plate in one document ("992G" cut at "992G)P", "726GNT" beside "726GNJ") go
    to the reading seen most often (then the most confident). Text-layer plates are taken as typed."""
    plates = [p for p in plates if not _cut_short(p, plates)]
    _settle_misreads([p for p in plates if p.page in ocr_pages], plates)
    merged = merge_simple(plates)
    by_number: dict[str, list[Candidate]] = {}
    for p in merged:
        by_number.setdefault(p.value, []).append(p)
    out: list[Candidate] = []
    for group in by_number.values():
        explicit = [p for p in group if p.note != "default_state"]
        out.extend(explicit or group[:1])
    return out


def _cut_short(p: Candidate, plates: list[Candidate]) -> bool:
    """Whether an OCR plate reading is the start of a longer reading of the same state in the
    document ("OR 610" where a line break cut "610 YMC")."""
    return any(o.state == p.state and o.value != p.value and o.value.startswith(p.value) for o in plates)


def _one_misread_apart(a: str, b: str) -> bool:
    """Whether `a` reads like `b` with one character misread, or cut short by at most two."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=False)) == 1
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and len(long_) - len(short) <= 2 and long_.startswith(short)


def _settle_misreads(read: list[Candidate], every: list[Candidate]) -> None:
    """Give each OCR-read plate the value (and state) of a better-attested reading one misread away,
    in place: of the same state, or of any state when this reading's state was only assumed."""
    weight: dict[tuple[str, str | None], tuple[int, float]] = {}  # (value, state) -> (readings, best conf)
    for p in every:
        n, conf = weight.get((p.value, p.state), (0, 0.0))
        weight[(p.value, p.state)] = (n + 1, max(conf, p.confidence))
    for p in read:
        mine = (len(p.value), *weight[(p.value, p.state)])
        rivals = [(len(v), *w, v, st) for (v, st), w in weight.items()  # a cut reading never wins
                  if (st == p.state or p.note == "default_state") and v != p.value
                  and _one_misread_apart(p.value, v) and (len(v), *w) > mine]
        if rivals:
            *_, conf, value, state = max(rivals)
            p.value, p.state, p.confidence = value, state, min(p.confidence, conf)


def _values_by_kind(cands: list[Candidate]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in sorted(cands, key=lambda c: (c.page, c.start)):
        if c.value not in out.setdefault(c.kind, []):
            out[c.kind].append(c.value)
    return out


def review_reasons(pages: Sequence[Page], settings: ExtractionSettings, doc_type: str, doc_conf: float,
                   entities: list[Entity], raw: list[Candidate], appearance: object) -> list[str]:
    """Why a clerk should look at this document (empty when nothing is doubtful)."""
    reasons: list[str] = []
    for page in pages:
        if page.method == "ocr" and page.confidence < settings.review_confidence:
            reasons.append(f"low_ocr_confidence page {page.number}")
        if any(w.hidden for w in page.words):  # text under a drawn box: a failed redaction
            reasons.append(f"hidden text page {page.number}")
    if doc_conf < settings.review_doc_type_confidence:
        reasons.append("low_doc_type_confidence")
    kinds = {e.kind for e in entities}
    if doc_type == "incident_report" and "case_number" not in kinds:
        reasons.append("no case number found")
    if doc_type == "citation" and "citation_number" not in kinds:
        reasons.append("no citation number found")
    if doc_type in ("subpoena", "citation") and appearance is None:
        reasons.append("no appearance date found")
    if any(c.kind == "plate" and c.note == "default_state" for c in raw):
        reasons.append("unknown plate state")
    if any(c.kind == "vin" and c.note == "vin_check_failed" for c in raw):
        reasons.append("vin check digit failed")
    low = [e for e in entities if e.confidence < settings.review_confidence]
    if low:
        reasons.append(f"low_extraction_confidence {len(low)} entities")
    return reasons
