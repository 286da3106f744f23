"""The census name lists: what counts as a name, and the one respelling of an OCR misreading."""

from __future__ import annotations

import pytest

from extractors.lexicon import is_given_name, is_name_word, respell


def test_name_lists_are_installed_and_read() -> None:
    assert is_given_name("Julie") and is_given_name("JAMES")
    assert is_name_word("Nguyen") and is_name_word("houston")
    assert not is_name_word("cise") and not is_given_name("Bicycle")


@pytest.mark.parametrize("word,expected", [
    ("Wiliam", "William"),      # a dropped letter; far commoner than "Wilham" or "Wiliams"
    ("CRAWTORD", "CRAWFORD"),   # OCR's t for f, upper case kept
    ("Charlies", "Charles"),    # commoner than "Charlie" by more than ten times
    ("Stlva", "Silva"),
])
def test_respell(word: str, expected: str) -> None:
    assert respell(word) == expected


@pytest.mark.parametrize("word", [
    "julig",      # Julie, Julia, Julio: none clearly commoner
    "Oyelaran",   # no census name is near: kept as read
    "Houston",    # a name already
    "Kem",        # too short to judge
    "O'Neil",     # not a plain word
])
def test_respell_near_misses(word: str) -> None:
    assert respell(word) is None
