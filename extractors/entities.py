"""Shared building blocks of entity extraction (spaCy + rules).

The finders in `numbers`, `plates` and `names` work on one page's text and return `Candidate`s
(a value plus the character span it came from). This module holds what they share: OCR-tolerant
regular expressions, letter/digit repair driven by a format, label look-behind on a line, mapping a
span back to OCR word boxes, and merging candidates into `Entity`s.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from base.models import Box, Entity, EntityKind, Page

log = logging.getLogger(__name__)

# OCR confusions: letter seen where a digit belongs, and the reverse.
LETTER_TO_DIGIT: dict[str, str] = {
    "O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "i": "1", "|": "1",
    "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6",
}
DIGIT_TO_LETTER: dict[str, str] = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
_DIGIT_LOOKALIKES = "OoQDIli|SsBZzG"
DASHES = "-\u2010\u2011\u2012\u2013\u2014"


@dataclass
class Candidate:
    """A value found in one page's text, with the span it came from."""

    kind: str
    value: str
    start: int
    end: int
    confidence: float
    raw: str = ""
    role: str | None = None
    state: str | None = None
    page: int = 0
    box: Box | None = None
    note: str | None = None  # e.g. "default_state", "vin_check_failed"
    badge: str | None = None  # officers: the badge written beside the name
    source: int = 0  # persons: 3 form field, 2 narrative cue, 1 bare NER mention
    word_confidence: float | None = None  # lowest OCR confidence of its words (None: text layer)


# --------------------------------------------------------------------------- loose patterns


_LETTER_LOOKALIKES = {"O": "0", "I": "1l", "S": "5", "B": "8", "Z": "2", "G": "6"}


def loosen(pattern: str, glyphs: bool = True) -> str:
    """An OCR-tolerant version of a canonical regex.

    Outside character classes `\\d` also admits digit look-alike letters, a literal capital letter
    admits its look-alike digit (I/1, O/0, S/5, B/8, Z/2), and a literal `-` admits any dash with a
    stray space either side. Inside classes `\\d` gains the look-alikes too. With `glyphs` False
    (text layers, which are never misread) only the dashes and spaces are loosened.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            pair = pattern[i:i + 2]
            if pair == r"\d" and glyphs:
                out.append(r"\d" + _DIGIT_LOOKALIKES if in_class else rf"[\d{_DIGIT_LOOKALIKES}]")
            else:
                out.append(pair)
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        elif ch == "-" and not in_class:
            out.append(rf"\s?[{DASHES}]\s?")
            i += 1
            continue
        elif glyphs and ch in _LETTER_LOOKALIKES and not in_class and not pattern[max(0, i - 2):i].endswith("?P"):
            out.append(f"[{ch}{_LETTER_LOOKALIKES[ch]}]")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def compile_cached(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile with a cache keyed by pattern (settings patterns are compiled once)."""
    return re.compile(pattern, flags)


def repair(candidate: str, canonical: re.Pattern[str], max_changes: int = 4) -> tuple[str, int] | None:
    """The form of `candidate` that fully matches `canonical` with the fewest OCR repairs.

    Only confusable characters are changed (O->0, I->1, S->5, B->8, Z->2 and back), so a repair
    happens only where the format demands the other kind of character. Returns (value, changes) or
    None when no repair of at most `max_changes` characters fits.
    """
    if canonical.fullmatch(candidate):
        return candidate, 0
    spots = [i for i, c in enumerate(candidate) if c in LETTER_TO_DIGIT or c in DIGIT_TO_LETTER]
    for n in range(1, min(max_changes, len(spots)) + 1):
        for combo in itertools.combinations(spots, n):
            chars = list(candidate)
            for i in combo:
                c = chars[i]
                chars[i] = LETTER_TO_DIGIT.get(c) or DIGIT_TO_LETTER.get(c, c)
            fixed = "".join(chars)
            if canonical.fullmatch(fixed):
                return fixed, n
    return None


def digit_share(text: str) -> float:
    """Share of alphanumeric characters that are real digits."""
    alnum = [c for c in text if c.isalnum()]
    return sum(c.isdigit() for c in alnum) / len(alnum) if alnum else 0.0


# --------------------------------------------------------------------------- labels


# Glyphs OCR confuses inside label words on faxes and noisy scans ("CLTATION", "P0LICE").
_LABEL_GLYPHS = {"i": "iIlL1|!", "l": "lLiI1|", "o": "oO0"}


def _ocr_tolerant(word: str) -> str:
    """A label word as a regex that admits OCR's i/l/1 and o/0 confusions (words of 4+ letters;
    shorter ones such as "DL" or "ID" would then match too much)."""
    if len(word) < 4 or not word.isalpha():
        return re.escape(word)
    return "".join(f"[{re.escape(_LABEL_GLYPHS[c.lower()])}]" if c.lower() in _LABEL_GLYPHS
                   else re.escape(c) for c in word)


def label_regex(labels: Iterable[str]) -> str:
    """An alternation of labels, longest first, spaces matching any run of spaces/dots."""
    return _label_regex(tuple(labels))


@lru_cache(maxsize=1024)
def _label_regex(labels: tuple[str, ...]) -> str:
    parts = []
    for label in sorted({lab.strip() for lab in labels if lab.strip()}, key=len, reverse=True):
        words = [_ocr_tolerant(w) for w in re.split(r"[\s.]+", label) if w]
        parts.append(r"[\s.]*".join(words))
    return "(?:" + "|".join(parts) + ")" if parts else "(?!x)x"


_HEADER_MARKS = re.compile(r"(?<!\S)(?:[^\w\s#/()]+|\d+)(?!\S)")
_HEADER_LOWER = re.compile(r"(?<!\S)[a-z]{1,3}(?!\S)")


def blank_header_noise(line: str, lower_words: bool = False) -> str:
    """A table header line with OCR's stray marks and digit tokens blanked, length kept ("DATE . TIME
    3 CASE NUMBER"); with `lower_words`, short lower-case words too ("OWNER fhe OWNER")."""
    out = _HEADER_MARKS.sub(lambda m: " " * len(m.group(0)), line)
    return _HEADER_LOWER.sub(lambda m: " " * len(m.group(0)), out) if lower_words else out


def overlaps(cands: Iterable[Candidate], start: int, end: int) -> bool:
    """Whether any candidate's span overlaps [start, end)."""
    return any(start < c.end and end > c.start for c in cands)


def line_starts(lines: list[str]) -> list[int]:
    """The offset of each line in the text the lines were split from (at "\\n")."""
    out, pos = [], 0
    for line in lines:
        out.append(pos)
        pos += len(line) + 1
    return out


def line_before(text: str, start: int, limit: int = 60) -> str:
    """The text on the same line before `start`, at most `limit` characters."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[max(line_start, start - limit):start]


def line_after(text: str, end: int, limit: int = 40) -> str:
    """The text on the same line after `end`, at most `limit` characters."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return text[end:min(line_end, end + limit)]


# The end of a label word: not followed by another letter, except an "NO"/"No." glued on by OCR
# ("CITENO." for "CITE NO.").
LABEL_END = r"(?:(?![a-z])|(?=n[o0](?:\.|\b)))"

# What may stand between a label and its value: "#", "No.", ":" (and OCR's ";" for ":", "," for ".").
NUMBER_SUFFIX = r"(?:\s*(?:#|no\b\.?|num\b\.?|number|nbr\.?|n[o0]\.?))?\s*[:;,#.\-]*\s*$"


def labelled_by(before: str, labels_rx: str, gap: int = 6) -> bool:
    """Whether `before` ends with one of the labels (plus "#", "No.", ":" and up to `gap` chars)."""
    rx = compile_cached(r"(?i)(?<![A-Za-z])" + labels_rx + NUMBER_SUFFIX)
    tail = before[-(gap + 40):]
    return rx.search(tail) is not None


def nearest_label(before: str, label_sets: dict[str, str]) -> str | None:
    """Of several label sets, the one whose label ends closest to the end of `before`."""
    best: tuple[int, str] | None = None
    for name, rx in label_sets.items():
        for m in compile_cached(r"(?i)(?<![A-Za-z])" + rx + LABEL_END).finditer(before):
            if best is None or m.end() > best[0] or (m.end() == best[0] and name < best[1]):
                best = (m.end(), name)
    return best[1] if best else None


# --------------------------------------------------------------------------- boxes


class WordLocator:
    """Maps character spans of a page's text to the OCR words (and boxes) they cover."""

    def __init__(self, page: Page) -> None:
        self.spans: list[tuple[int, int, int]] = []  # (start, end, word index)
        self.words = page.words
        if page.method != "ocr" or not page.words:
            return
        cursor = 0
        text = page.text
        for idx, word in enumerate(page.words):
            token = word.text.strip()
            if not token:
                continue
            pos = text.find(token, cursor, cursor + 200 + len(token))
            if pos < 0:
                continue
            self.spans.append((pos, pos + len(token), idx))
            cursor = pos + len(token)

    def words_in(self, start: int, end: int) -> list[int]:
        """Indexes of the words overlapping [start, end)."""
        return [i for s, e, i in self.spans if s < end and e > start]

    def box(self, start: int, end: int) -> Box | None:
        """Union box of the words overlapping [start, end), or None."""
        idx = self.words_in(start, end)
        if not idx:
            return None
        boxes = [self.words[i].box for i in idx]
        left = min(b.left for b in boxes)
        top = min(b.top for b in boxes)
        right = max(b.left + b.width for b in boxes)
        bottom = max(b.top + b.height for b in boxes)
        return Box(left, top, right - left, bottom - top)

    def mean_confidence(self, start: int, end: int) -> float | None:
        """Mean OCR confidence of the words overlapping [start, end), or None."""
        idx = self.words_in(start, end)
        if not idx:
            return None
        return sum(self.words[i].confidence for i in idx) / len(idx)

    def confidence(self, start: int, end: int) -> float | None:
        """Lowest OCR confidence of the words overlapping [start, end), or None."""
        idx = self.words_in(start, end)
        if not idx:
            return None
        return min(self.words[i].confidence for i in idx)


def place(cands: list[Candidate], page: Page, locator: WordLocator) -> None:
    """Set page, box and OCR-weighted confidence on candidates found in `page`."""
    for c in cands:
        c.page = page.number
        if page.method == "ocr":
            c.box = locator.box(c.start, c.end)
            word_conf = locator.confidence(c.start, c.end)
            if word_conf is None:
                word_conf = page.confidence
            c.word_confidence = word_conf
            c.confidence = round(c.confidence * (0.75 + 0.25 * max(0.0, min(1.0, word_conf))), 3)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance of two strings (insertions, deletions, substitutions)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def to_entity(c: Candidate) -> Entity:
    """The Entity form of a candidate."""
    return Entity(kind=cast(EntityKind, c.kind), value=c.value, page=c.page, confidence=round(c.confidence, 3),
                  role=c.role, state=c.state, box=c.box, raw=c.raw or None)


def merge_simple(cands: list[Candidate]) -> list[Candidate]:
    """Deduplicate candidates by (kind, value, state): first page, highest confidence."""
    best: dict[tuple[str, str, str | None], Candidate] = {}
    for c in cands:
        key = (c.kind, c.value, c.state)
        old = best.get(key)
        if old is None:
            best[key] = c
        else:
            conf = max(old.confidence, c.confidence)
            keep = old if (old.page, old.start) <= (c.page, c.start) else c
            keep.confidence = min(0.999, conf + 0.01)
            best[key] = keep
    return list(best.values())
