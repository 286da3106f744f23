"""The folded forms the index matches on: numbers, names and words compared case- and
space-insensitively, the same way when stored and when looked up."""

from __future__ import annotations


def fold(value: str) -> str:
    """Case- and space-insensitive form used for lookups."""
    return " ".join(value.casefold().split())


def fold_name(name: str) -> str:
    """Natural-order, case-folded person name: 'HARRINGTON, James R.' -> 'james r harrington'."""
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    return fold(name.replace(".", ""))
