"""Reviewers' corrections in the form the index keeps facts in: a typed case, citation or court case
number normalised by the same rules as documents (`24-3817` -> `24-003817`), a plate without
spaces, dashes or a state written into it (`OR 482-KLM` -> `482KLM`), a name's spacing tidied."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from pipelines.search import normalise_number, normalise_plate
from storage.corrections import Correction

if TYPE_CHECKING:
    from base.settings import Settings

NUMBER_KINDS = ("case_number", "citation_number", "court_case_number")


def normalise_value(kind: str, value: str, settings: Settings) -> str:
    """One corrected value as the index keeps it."""
    value = " ".join(value.split())
    if kind in NUMBER_KINDS:
        return normalise_number(kind, value, settings)
    if kind in ("plate", "vin"):
        return normalise_plate(value)
    return value


def normalise_correction(c: Correction, settings: Settings) -> Correction:
    """The correction with its new entity value normalised (other fields as they are)."""
    if c.field != "entity" or not c.after or not c.kind or "value" not in c.after:
        return c
    after = {**c.after, "value": normalise_value(c.kind, str(c.after["value"]), settings)}
    return replace(c, after=after)
