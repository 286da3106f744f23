"""The normalised lookup keys of the search index (pure functions, no database).

Every document gets one row in `search_docs`, keyed by `seq`: a 64-bit integer that orders
documents by the time they were filed (the filing second in the high bits, random low bits), so a
date range is a `seq` range and "newest first" is `ORDER BY seq DESC` on every table and index that
carries it (including the FTS5 rowid).

Each document also gets a set of string keys in `search_keys(key, seq)`, one B-tree, looked up by
equality or prefix range. A key starts with its kind:

  c:  agency case number        t:  citation number       k:  court case number
      (upper case, letters and digits only: "24-003817" -> "c:24003817", "24 CR 12345" -> "k:24CR12345")
  p:  plate, OCR-folded (0/O/Q, 1/I, 8/B, 5/S, 2/Z, 6/G are one character each): "p:482KLM"
  s:  every proper suffix of a folded plate of 2+ characters (partial plates by prefix range)
  n:  a name word of a person ("n:harrington")
  m:  a surname with one other word of the same person ("m:harrington james", "m:harrington j"
      for a written initial): "LAST, First" and "First Last" are both one lookup
  o:  an officer on the document: the appearance's badge ("o:2231") or an officer's folded name
  on: / om: the n:/m: keys of officers' names (officer search by name)

Name words are folded to plain lower-case ASCII letters ("O'Neill" -> "oneill", "José" -> "jose").
Fuzzy name search works on the vocabulary of name words (`search_terms`): each word is stored under
itself and every variant with one letter deleted, so a query word's own deletion variants find
every word within one substitution, insertion, deletion or transposition (and some two-edit
spellings), which `edit_distance` then checks.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

SEQ_SHIFT = 30  # low bits of seq: random, so documents filed in the same second differ
SEQ_LOW = (1 << SEQ_SHIFT) - 1

NUMBER_PREFIX = {"case_number": "c:", "citation_number": "t:", "court_case_number": "k:"}
PLATE, PLATE_SUFFIX, NAME, PAIR, OFFICER = "p:", "s:", "n:", "m:", "o:"
OFFICER_NAME, OFFICER_PAIR = "on:", "om:"
PLATE_FOLD = str.maketrans({"O": "0", "Q": "0", "I": "1", "B": "8", "S": "5", "Z": "2",
                            "G": "6"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "2nd", "3rd"})
NAME_TITLES = frozenset({"mr", "mrs", "ms", "dr", "ofc", "officer", "sgt", "det", "lt", "cpl",
                         "dep", "deputy", "tpr", "capt"})
MIN_SUFFIX = 2


# --- seq: time-ordered document keys ----------------------------------------------------------


def as_utc(value: datetime) -> datetime:
    """A datetime in UTC (naive values are taken as UTC, as the index stores them)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_seq(filed_at: datetime, rng: random.Random | None = None) -> int:
    """A fresh seq for a document filed at this time."""
    second = int(as_utc(filed_at).timestamp())
    return (second << SEQ_SHIFT) | (rng or _RNG).getrandbits(SEQ_SHIFT)


def seq_time(seq: int) -> datetime:
    """The filing second a seq stands for."""
    return datetime.fromtimestamp(seq >> SEQ_SHIFT, UTC)


def day_seq(day: date, *, end: bool = False) -> int:
    """The first seq of a UTC day (or the last one, with end=True)."""
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    if end:
        return (int((start + timedelta(days=1)).timestamp()) << SEQ_SHIFT) - 1
    return int(start.timestamp()) << SEQ_SHIFT


def seq_range(since: date | None, until: date | None) -> tuple[int, int]:
    """The seq range of documents filed from `since` to `until` (both days included)."""
    return (day_seq(since) if since else 0, day_seq(until, end=True) if until else (1 << 63) - 1)


_RNG = random.SystemRandom()


# --- numbers and plates -----------------------------------------------------------------------


def compact(value: str) -> str:
    """Upper-case letters and digits only ("24-cr 12345" -> "24CR12345")."""
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKD", value).upper())


def number_key(kind: str, value: str) -> str:
    """The key of a case, citation or court case number."""
    return NUMBER_PREFIX[kind] + compact(value)


def plate_fold(value: str) -> str:
    """A plate with spaces and dashes dropped and OCR-confusable characters made one."""
    return compact(value).translate(PLATE_FOLD)


def plate_keys(value: str) -> set[str]:
    """The exact key and the partial-match suffix keys of one plate."""
    folded = plate_fold(value)
    if not folded:
        return set()
    return {PLATE + folded} | {PLATE_SUFFIX + folded[i:]
                               for i in range(1, len(folded) - MIN_SUFFIX + 1)}


# --- names ------------------------------------------------------------------------------------


def ascii_fold(value: str) -> str:
    """Lower case, accents dropped."""
    if value.isascii():
        return value.lower()
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def _name_words(value: str) -> tuple[str, ...]:
    return tuple(name_words_uncached(value))


def name_words(value: str) -> list[str]:
    """A name's words, folded, in written order, titles and suffixes dropped (cached)."""
    return list(_name_words(value))


def name_words_uncached(value: str) -> list[str]:
    """A name's words, folded, in written order, titles and suffixes dropped ("Samuel O'Neill Jr."
    -> ["samuel", "oneill"]); single letters are kept (initials)."""
    text = ascii_fold(value).replace("'", "").replace("\u2019", "")
    words = [w for w in re.split(r"[^a-z]+", text) if w]
    while words and words[0] in NAME_TITLES and len(words) > 1:
        words = words[1:]
    return [w for w in words if w not in NAME_SUFFIXES] or words


def name_keys(value: str, *, officer: bool = False) -> set[str]:
    """The n:/m: keys of one person's name (natural order: the last word is the surname)."""
    return set(_name_keys(value, officer))


@lru_cache(maxsize=200_000)
def _name_keys(value: str, officer: bool) -> frozenset[str]:
    words = name_words(value)
    if not words:
        return frozenset()
    single, pair = (OFFICER_NAME, OFFICER_PAIR) if officer else (NAME, PAIR)
    surname = words[-1]
    keys = {single + w for w in words if len(w) > 1}
    keys |= {f"{pair}{surname} {w}" for w in words[:-1]}
    return frozenset(keys)


def vocabulary(value: str) -> set[str]:
    """The name words of a name worth fuzzy matching (two letters or more)."""
    return {w for w in name_words(value) if len(w) > 1}


def deletions(word: str) -> set[str]:
    """The word itself and every variant with one letter deleted."""
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def fuzzy_budget(word: str) -> int:
    """Edits a name word may differ by: none up to 3 letters, one up to 6, two beyond."""
    return 0 if len(word) <= 3 else 1 if len(word) <= 6 else 2


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (a transposition counts as one edit)."""
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a, b))


# --- a whole document -------------------------------------------------------------------------


def document_keys(entities: Iterable[Any], appearance: dict[str, Any] | None) -> set[str]:
    """Every search key of a document, from its entity rows (kind, value, role) and appearance."""
    keys: set[str] = set()
    officers: set[str] = set()
    for e in entities:
        if e.kind in NUMBER_PREFIX:
            if compact(e.value):
                keys.add(number_key(e.kind, e.value))
        elif e.kind == "plate":
            keys |= plate_keys(e.value)
        elif e.kind == "person":
            keys |= name_keys(e.value)
            if e.role == "officer":
                keys |= name_keys(e.value, officer=True)
                if name_words(e.value):
                    officers.add(" ".join(name_words(e.value)))
    if appearance:
        badge = compact(str(appearance.get("officer_badge") or ""))
        officer_name = appearance.get("officer_name") or ""
        named = " ".join(name_words(officer_name))
        if officer_name:
            keys |= name_keys(officer_name, officer=True)
        if badge:
            keys.add(OFFICER + badge)
            officers.discard(named)  # the appearance names the badge's officer
        elif named:
            officers.add(named)
    keys |= {OFFICER + name for name in officers}
    return keys


def document_terms(entities: Iterable[Any], appearance: dict[str, Any] | None) -> set[str]:
    """The name words of a document (for the fuzzy vocabulary)."""
    words: set[str] = set()
    for e in entities:
        if e.kind == "person":
            words |= vocabulary(e.value)
    if appearance and appearance.get("officer_name"):
        words |= vocabulary(appearance["officer_name"])
    return words


def term_rows(words: Iterable[str]) -> list[tuple[str, str]]:
    """(deletion key, word) rows of the fuzzy vocabulary for these words."""
    return [(key, w) for w in words for key in deletions(w)]


def year_of(seq: int) -> int:
    """The filing year of a document."""
    return seq_time(seq).year


def periods(day: date) -> tuple[str, str]:
    """The summary periods a filing day counts in: its year and the day itself."""
    return f"Y{day.year:04d}", f"D{day.isoformat()}"


def range_periods(since: date | None, until: date | None, years: Sequence[int]) -> list[str]:
    """Summary periods whose counts add up to the range [since, until]: whole years inside it, and
    the single days of the partial years at either end. `years` are the years holding documents."""
    if not years:
        return []
    lo = since or date(min(years), 1, 1)
    hi = until or date(max(years), 12, 31)
    out: list[str] = []
    for year in range(max(lo.year, min(years)), min(hi.year, max(years)) + 1):
        first, last = max(lo, date(year, 1, 1)), min(hi, date(year, 12, 31))
        if first == date(year, 1, 1) and last == date(year, 12, 31):
            out.append(f"Y{year:04d}")
            continue
        day = first
        while day <= last:
            out.append(f"D{day.isoformat()}")
            day += timedelta(days=1)
    return out
