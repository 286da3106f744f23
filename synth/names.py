"""Synthetic people for the document generator: names (with a deliberate share of hard ones) and the
many ways police paperwork writes them.

Ground truth is always the natural-order name (First Middle Last Suffix) without titles, in mixed
case. Documents may print it in capitals ("MCDONALD"), so compare names with `name_key`.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from faker import Faker

HARD_SURNAMES: tuple[str, ...] = (
    "O'Neil", "O'Brien", "O'Connor", "De La Cruz", "Del Rosario", "Smith-Jones", "Garcia-Lopez",
    "Fitzgerald-Hayes", "St. Clair", "St. John", "McDonald", "McAllister", "MacArthur", "MacKenzie",
    "Van der Berg", "Van Dyke", "Von Ahn", "D'Angelo", "DeWitt", "LaRue", "Nguyen", "Le", "Ng",
    "Oyelaran-Banks", "Da Silva", "Dos Santos", "Ten Eyck",
)
HARD_FIRST: tuple[str, ...] = ("Jean-Paul", "Mary-Kate", "Ana-Lucia", "Jo", "Ty", "De'Andre", "Zoë")
SUFFIXES: tuple[str, ...] = ("Jr.", "Sr.", "II", "III", "IV")
TITLES_OFFICER: tuple[str, ...] = ("Ofc.", "Officer", "Sgt.", "Det.", "Deputy", "Cpl.", "Lt.", "Tpr.")
TITLES_CIVIL: dict[str, tuple[str, ...]] = {"M": ("Mr.",), "F": ("Ms.", "Mrs.")}

# Names printed in capitals lose the case of McDonald etc.; the accent of Zoë is kept out of
# Latin-1-only fonts by `ascii_only`.
_ASCII_FOLD = str.maketrans({"ë": "e", "é": "e"})


@dataclass
class Person:
    """A synthetic person. `middle` is a full name, an initial with a dot ("R."), or None."""

    first: str
    middle: str | None
    last: str
    suffix: str | None
    sex: str  # "M" | "F"
    dob: str  # MM/DD/YYYY
    badge: str | None = None
    title: str | None = None  # rank for officers ("Ofc.", "Sgt.")

    @property
    def natural(self) -> str:
        """Ground-truth form: First Middle Last Suffix."""
        return " ".join(p for p in (self.first, self.middle, self.last, self.suffix) if p)

    @property
    def he(self) -> str:
        return "he" if self.sex == "M" else "she"

    @property
    def his(self) -> str:
        return "his" if self.sex == "M" else "her"

    @property
    def him(self) -> str:
        return "him" if self.sex == "M" else "her"

    def full(self, style: str) -> str:
        """The full name written in one of `NAME_STYLES`."""
        given = " ".join(p for p in (self.first, self.middle) if p)
        if style == "natural":
            return self.natural
        if style == "natural_caps":
            return self.natural.upper()
        if style == "form_caps_last":  # HARRINGTON, James Robert Jr.
            return f"{self.last.upper()}, {given}" + (f" {self.suffix}" if self.suffix else "")
        if style == "form_suffix_last":  # HARRINGTON JR., JAMES ROBERT
            last = self.last + (f" {self.suffix}" if self.suffix else "")
            return f"{last.upper()}, {given.upper()}"
        if style == "form":  # Harrington, James Robert Jr.
            return f"{self.last}, {given}" + (f" {self.suffix}" if self.suffix else "")
        if style == "form_all_caps":
            return (f"{self.last}, {given}" + (f" {self.suffix}" if self.suffix else "")).upper()
        if style == "titled":
            return f"{self.salutation} {self.natural}"
        raise ValueError(style)

    @property
    def salutation(self) -> str:
        """Rank for officers, Mr./Ms. for others."""
        if self.title:
            return self.title
        return "Mr." if self.sex == "M" else "Ms."

    def ref(self, rng: random.Random) -> str:
        """A later, short mention in a narrative: surname, capitalised surname or title + surname."""
        choice = rng.random()
        if self.title:
            return f"{self.title} {self.last}"
        if choice < 0.4:
            return self.last.upper()
        if choice < 0.7:
            return self.last
        return f"{self.salutation} {self.last}"


NAME_STYLES: tuple[str, ...] = (
    "natural", "natural_caps", "form_caps_last", "form_suffix_last", "form", "form_all_caps",
)


def name_key(name: str) -> str:
    """Comparison key for names: case-folded, dots/commas dropped, whitespace collapsed.

    "McDONALD, Ian" is not handled (that is an ordering question); use it on natural-order names.
    """
    s = name.translate(_ASCII_FOLD).casefold().replace(".", " ").replace(",", " ")
    return re.sub(r"\s+", " ", s).strip()


class PersonFactory:
    """Makes people from a seeded Faker plus a share of hard names; deterministic for its rng."""

    def __init__(self, rng: random.Random, hard_share: float = 0.3, ascii_only: bool = True) -> None:
        self.rng = rng
        self.fake = Faker("en_US")
        self.fake.seed_instance(rng.randrange(2**31))
        self.hard_share = hard_share
        self.ascii_only = ascii_only
        self._used: set[str] = set()

    def _first(self, sex: str) -> str:
        if self.rng.random() < self.hard_share * 0.2:
            name = self.rng.choice(HARD_FIRST)
        else:
            name = self.fake.first_name_male() if sex == "M" else self.fake.first_name_female()
        return name.translate(_ASCII_FOLD) if self.ascii_only else name

    def _last(self) -> str:
        if self.rng.random() < self.hard_share:
            return self.rng.choice(HARD_SURNAMES)
        return self.fake.last_name()

    def person(self, *, officer: bool = False, middle: str | None = "auto", dob_year: tuple[int, int]
               = (1950, 2005)) -> Person:
        """A new person whose surname is not yet used in this document (so surname refs are unique)."""
        for _ in range(50):
            sex = self.rng.choice("MF")
            first = self._first(sex)
            last = self._last()
            if last.casefold() not in self._used and first.casefold() != last.casefold():
                break
        self._used.add(last.casefold())
        if middle == "auto":
            r = self.rng.random()
            if officer:
                middle = None if r < 0.85 else self._first(self.rng.choice("MF"))[0] + "."
            elif r < 0.45:
                middle = self._first(self.rng.choice("MF"))
                if middle.casefold() == first.casefold():
                    middle = None
            elif r < 0.75:
                middle = self._first(self.rng.choice("MF"))[0] + "."
            else:
                middle = None
        suffix = None
        if not officer and sex == "M" and self.rng.random() < 0.1:
            suffix = self.rng.choice(SUFFIXES)
        y = self.rng.randint(*dob_year)
        dob = f"{self.rng.randint(1, 12):02d}/{self.rng.randint(1, 28):02d}/{y}"
        p = Person(first, middle, last, suffix, sex, dob)
        if officer:
            p.badge = str(self.rng.choice([self.rng.randint(100, 999), self.rng.randint(1000, 9999),
                                           self.rng.randint(1000, 9999), self.rng.randint(10000, 59999)]))
            p.title = self.rng.choice(TITLES_OFFICER)
        return p
