"""Which words are people's names: the US Census name lists (1990: 5,163 given names, 88,799
surnames, with how common each is) that the `names` package ships as data.

Used only to settle what OCR left doubtful: whether a lower-case word after a form name is a given
name or noise ("AVILA, David julie" vs "ROMERO, James Lisa cise"), and the one spelling of an
unsure OCR reading that is a real name ("Wiliam" -> "William"). A name missing from the lists is
never rejected for that: many real names are not on them.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources

log = logging.getLogger(__name__)

_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


@lru_cache(maxsize=4)
def _read_list(filename: str) -> dict[str, float]:
    """Name (lower case) -> percent of people bearing it, from one of the package's census files
    ('NAME  freq  cum  rank' lines)."""
    try:
        text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as e:  # an install without the data
        log.warning("name list %s unavailable (%s): OCR name repairs are off", filename, e)
        return {}
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].lower()] = max(out.get(parts[0].lower(), 0.0), float(parts[1]))
    return out


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """Every census name (lower case) -> its highest percent as a given name or surname."""
    out = dict(_read_list("dist.all.last"))
    for filename in ("dist.male.first", "dist.female.first"):
        for name, freq in _read_list(filename).items():
            out[name] = max(out.get(name, 0.0), freq)
    return out


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Census given names, lower case."""
    return frozenset(_read_list("dist.male.first")) | frozenset(_read_list("dist.female.first"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Census surnames, lower case."""
    return frozenset(_read_list("dist.all.last"))


def is_given_name(word: str) -> bool:
    """Whether `word` is a census given name (any case)."""
    return word.lower() in given_names()


def census_share(word: str) -> float:
    """The percent of people bearing `word` as a given name or surname in the census lists (0.0 when
    it is on neither)."""
    return _frequencies().get(word.lower(), 0.0)


def given_share(word: str) -> float:
    """The percent of people bearing `word` as a given name (0.0 when it is none)."""
    low = word.lower()
    return max(_read_list("dist.male.first").get(low, 0.0), _read_list("dist.female.first").get(low, 0.0))


def surname_share(word: str) -> float:
    """The percent of people bearing `word` as a surname (0.0 when it is none)."""
    return _read_list("dist.all.last").get(word.lower(), 0.0)


def is_name_word(word: str) -> bool:
    """Whether `word` is a census given name or surname (any case)."""
    low = word.lower()
    return low in given_names() or low in surnames()


def _one_edit(word: str) -> set[str]:
    """Every string one deletion, substitution or insertion away from `word` (lower case)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + c + b[1:] for a, b in splits if b for c in _ALPHABET if c != b[0]}
    out |= {a + c + b for a, b in splits for c in _ALPHABET}
    return out


# Of several names one misreading away, the most common is taken only when it is this many times
# as common as the next ("William" 2.45% beside "Wilham"; never "Julie" beside "Julia").
PREVAILS = 10.0


def respell(word: str) -> str | None:
    """The census name a single OCR misreading away from `word` ("Wiliam" -> "William",
    "CRAWTORD" -> "CRAWFORD"), in `word`'s case style; None when `word` is a name already, too short
    to judge (under 5 letters), not a plain word, or when no name or no clearly commonest name is
    that close."""
    if len(word) < 5 or not word.isalpha() or is_name_word(word):
        return None
    freq = _frequencies()
    near = sorted((freq[w], w) for w in _one_edit(word.lower()) if w in freq)
    if not near or (len(near) > 1 and near[-1][0] < PREVAILS * near[-2][0]):
        return None
    found = near[-1][1]
    if word.isupper():
        return found.upper()
    return found.capitalize() if word[:1].isupper() else found
