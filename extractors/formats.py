"""Number formats as a department configures them: a regex of the canonical form, read as printed.

A department writes each format once, as the canonical form it files numbers under
(`SO-\\d{4}-\\d{6}`, `[A-Z]{2}\\d{2}[A-Z0-9]{6}`, `E\\d{7}-\\d`). Forms print the same number in other
ways: with spaces or other dashes at the separators ("SO 2024-001234", "E4127385 6"), without them
("SO2024-001234", "TX12345678" for `TX\\d{8}`), with a separator the canonical form has not
("0412345-A" for `\\d{7}[A-Z]`), without the format's own leading letters behind a label
("Case # 2024-001234"), or with a short sequence behind a label ("24-3817" for `\\d{2}-\\d{6}`).

`NumberFormat` turns the canonical regex into a regex of printed forms and back: `find` yields
`Printed` matches, each with the canonical value. The canonical regex is parsed with Python's own
regex parser: literals, classes, counted repeats, optional parts and alternatives are understood; a
pattern beyond that is matched as written.
"""

from __future__ import annotations

import logging
import re
import re._parser as sre  # the stdlib's own regex parser (stable since 3.11)
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

DASHES = "-\u2010\u2011\u2012\u2013\u2014"
SEPARATORS = set(DASHES) | {" ", "/", ".", ":", "_"}
# What may stand for a canonical separator in print: spaces around a dash, or spaces (a slash or a
# dot between digits is a date's or a revision's: "Rev. 11/2021").
_SEP = rf"(?:[ \t]*[{DASHES}][ \t]*|[ \t]+)?"
_SEP_REQUIRED = rf"(?:[ \t]*[{DASHES}][ \t]*|[ \t]+)"
# What may stand between two parts with no separator in the canonical form.
_GAP = rf"(?:[ \t]?[{DASHES}][ \t]?|[ \t])?"
MAX_VARIANTS = 64

Repair = Callable[[str, "re.Pattern[str]"], "tuple[str, int] | None"]


@dataclass(frozen=True)
class Part:
    """A piece of a canonical form: literal text, a separator, or a run of a character class."""

    kind: str  # "lit" | "sep" | "cls" | "alt"
    text: str = ""  # lit/sep: the characters; cls: the class as a regex ("[A-Z0-9]", "\\d"); alt: "CR|VI"
    lo: int = 1
    hi: int = 1
    digits: bool = False  # cls: digits only (a short run may be zero-padded)


class Unsupported(ValueError):
    """A canonical regex this module does not take apart (it is then matched as written)."""


def _class_regex(items: list) -> tuple[str, bool]:
    """A parsed character class as regex text, and whether it holds digits only."""
    out, digits_only = [], True
    for op, av in items:
        if op is sre.CATEGORY:
            if av is sre.CATEGORY_DIGIT:
                out.append(r"\d")
            elif av is sre.CATEGORY_WORD:
                out.append(r"\w")
                digits_only = False
            else:
                raise Unsupported(str(av))
        elif op is sre.RANGE:
            a, b = av
            out.append(f"{re.escape(chr(a))}-{re.escape(chr(b))}")
            digits_only = digits_only and chr(a).isdigit() and chr(b).isdigit()
        elif op is sre.LITERAL:
            out.append(re.escape(chr(av)))
            digits_only = digits_only and chr(av).isdigit()
        else:
            raise Unsupported(str(op))
    return "[" + "".join(out) + "]", digits_only


def _variants(items: list) -> list[list[Part]]:
    """Every sequence of parts a parsed pattern can stand for (alternatives and optional pieces
    expanded), at most MAX_VARIANTS."""
    seqs: list[list[Part]] = [[]]
    for op, av in items:
        if op is sre.LITERAL:
            ch = chr(av)
            nxt: list[list[Part]] = [[Part("sep" if ch in SEPARATORS else "lit", ch)]]
        elif op is sre.IN:
            cls, digits = _class_regex(av)
            nxt = [[Part("cls", cls, 1, 1, digits)]]
        elif op is sre.CATEGORY:
            cls, digits = _class_regex([(op, av)])
            nxt = [[Part("cls", cls, 1, 1, digits)]]
        elif _is_space(op, av):
            nxt = [[Part("sep", " ")]]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            lo, hi, sub = av
            hi = lo + 64 if hi is sre.MAXREPEAT else hi
            sub_items = list(sub)
            if len(sub_items) == 1 and _is_space(*sub_items[0]) and hi <= 1:
                nxt = [[], [Part("sep", " ")]] if lo == 0 else [[Part("sep", " ")]]
            elif len(sub_items) == 1 and sub_items[0][0] in (sre.IN, sre.CATEGORY):
                op1, av1 = sub_items[0]
                cls, digits = _class_regex(av1 if op1 is sre.IN else [(op1, av1)])
                nxt = [[Part("cls", cls, lo, hi, digits)]]
            elif lo == 0 and hi == 1:
                nxt = [[], *_variants(sub_items)]
            elif lo == hi and lo <= 4:
                inner = _variants(sub_items)
                nxt = [[p for _ in range(lo) for p in v] for v in inner]
            else:
                raise Unsupported("repeat of a group")
        elif op is sre.SUBPATTERN:
            nxt = _variants(list(av[-1]))
        elif op is sre.BRANCH and (words := _literal_alternatives(av[1])) is not None:
            nxt = [[Part("alt", "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))]]
        elif op is sre.BRANCH:
            nxt = [v for alt in av[1] for v in _variants(list(alt))]
        elif op is sre.AT:
            continue
        else:
            raise Unsupported(str(op))
        seqs = [a + b for a in seqs for b in nxt][:MAX_VARIANTS]
    return seqs


def _literal_alternatives(alternatives: list) -> list[str] | None:
    """The words of an alternation of plain letters and digits ("CR|VI|TR"), else None."""
    words = []
    for alt in alternatives:
        items = list(alt)
        if not items or any(op is not sre.LITERAL or not chr(c).isalnum() for op, c in items):
            return None
        words.append("".join(chr(c) for _, c in items))
    return words


def _is_space(op: object, av: object) -> bool:
    """Whether a parsed item is `\\s` (or a class of it alone)."""
    if op is sre.CATEGORY:
        return av is sre.CATEGORY_SPACE
    return op is sre.IN and isinstance(av, list) and av == [(sre.CATEGORY, sre.CATEGORY_SPACE)]


def _merge(parts: list[Part]) -> list[Part]:
    """Adjacent literal characters as one literal part; single-character class parts of one class
    merged into one run."""
    out: list[Part] = []
    for p in parts:
        if out and p.kind == "lit" and out[-1].kind == "lit":
            out[-1] = Part("lit", out[-1].text + p.text)
        elif out and p.kind == "cls" and out[-1].kind == "cls" and out[-1].text == p.text:
            q = out[-1]
            out[-1] = Part("cls", q.text, q.lo + p.lo, q.hi + p.hi, q.digits)
        else:
            out.append(p)
    return out


@dataclass(frozen=True)
class Printed:
    """A number as printed: where, the printed text, its canonical value, and what it took."""

    start: int
    end: int
    raw: str
    value: str
    padded: bool  # a short digit run was zero-padded (only right behind a label)
    prefix_missing: bool  # the format's own leading letters were not printed
    changes: int = 0  # OCR look-alike repairs made to fit the format


class NumberFormat:
    """One canonical format, compiled to the regex of its printed forms."""

    def __init__(self, pattern: str, strict_separators: bool = False) -> None:
        self.pattern = pattern
        self.canonical = re.compile(pattern)
        self.strict = strict_separators
        try:
            self.variants = [_merge(v) for v in _variants(list(sre.parse(pattern)))]
        except (Unsupported, re.error, TypeError) as e:
            log.debug("format %r matched as written (%s)", pattern, e)
            self.variants = []
        self.regexes = [re.compile(self._printed_regex(v)) for v in self.variants]

    def _printed_regex(self, parts: list[Part]) -> str:
        out = []
        prev = None
        last_digits = max((k for k, p in enumerate(parts) if p.kind == "cls" and p.digits), default=-1)
        first_digits = min((k for k, p in enumerate(parts) if p.kind == "cls"), default=-1)
        for k, p in enumerate(parts):
            if k == 0 and p.kind == "lit" and p.text.isalpha() and not self.strict:
                gap = _SEP if len(parts) > 1 and parts[1].kind == "sep" else _GAP
                skip_sep = len(parts) > 1 and parts[1].kind == "sep"
                out.append(f"(?:(?P<p0>{re.escape(p.text)}){gap})?")
                prev = Part("sep") if skip_sep else None
                continue
            if k == 1 and p.kind == "sep" and parts[0].kind == "lit" and parts[0].text.isalpha() and not self.strict:
                continue  # taken with the optional prefix
            if prev is not None and prev.kind != "sep" and p.kind != "sep":
                out.append("[ \t]?" if self.strict else _GAP)  # courts' numbers: a space may part them
            if p.kind == "sep":
                sep = re.escape(p.text) if p.text != " " else "[ \t]"
                between_digits = (k > 0 and k + 1 < len(parts) and parts[k - 1].digits and parts[k + 1].digits)
                # a separator between two digit runs may change but not vanish ("79898454" is no "79-898454")
                out.append(rf"[ \t]*{sep}[ \t]*" if self.strict else _SEP_REQUIRED if between_digits else _SEP)
            elif p.kind == "lit":
                out.append(f"(?:{re.escape(p.text)})")
            elif p.kind == "alt":
                out.append(f"(?P<c{k}>{p.text})")
            else:
                lo = 1 if k == last_digits and p.lo > 1 and not self.strict else p.lo
                # a two-digit year printed in full ("2023-003475" for 23-003475)
                full_year = p.digits and p.lo == p.hi == 2 and k == first_digits and not self.strict
                century = "(?:19|20)?" if full_year else ""
                out.append(f"{century}(?P<c{k}>{p.text}{{{lo},{p.hi}}})")
            prev = p
        return "".join(out)

    def find(self, text: str, before: str = r"(?<![A-Za-z0-9])", after: str = r"(?![A-Za-z0-9])",
             repair: Repair | None = None) -> Iterator[Printed]:
        """Every printed form of the format in `text` (overlapping variants included). With `repair`
        (OCR'd text) digits and letters may be look-alikes, and `repair(value, canonical)` makes the
        value fit the format (or says it cannot)."""
        if not self.variants:
            from extractors.entities import loosen

            loose = loosen(self.pattern) if repair is not None else self.pattern
            for m in re.finditer(before + "(?:" + loose + ")" + after, text):
                value = _squeeze(m.group(0))
                if self.canonical.fullmatch(value):
                    yield Printed(m.start(), m.end(), m.group(0), value, False, False)
                elif repair is not None and (fixed := repair(value, self.canonical)) is not None:
                    yield Printed(m.start(), m.end(), m.group(0), fixed[0], False, False, fixed[1])
            return
        for parts, rx in zip(self.variants, self._bounded(before, after, repair is not None), strict=True):
            for m in rx.finditer(text):
                value, padded, missing = self._canonical(parts, m)
                if self.canonical.fullmatch(value):
                    yield Printed(m.start(), m.end(), m.group(0), value, padded, missing)
                elif repair is not None and (fixed := repair(value, self.canonical)) is not None:
                    yield Printed(m.start(), m.end(), m.group(0), fixed[0], padded, missing, fixed[1])

    @lru_cache(maxsize=16)  # noqa: B019 - a handful of formats live for the whole process
    def _bounded(self, before: str, after: str, ocr: bool) -> list[re.Pattern[str]]:
        from extractors.entities import loosen

        return [re.compile(before + (loosen(rx.pattern) if ocr else rx.pattern) + after) for rx in self.regexes]

    def _canonical(self, parts: list[Part], m: re.Match[str]) -> tuple[str, bool, bool]:
        out, padded, missing = [], False, False
        for k, p in enumerate(parts):
            if p.kind in ("lit", "sep"):
                if p.kind == "lit" and k == 0 and m.groupdict().get(f"p{k}") is None and p.text.isalpha():
                    missing = True
                out.append("" if p.text == " " else p.text)  # a space is no part of a canonical form
                continue
            got = m.group(f"c{k}")
            if p.kind == "alt":
                out.append(got.upper())
                continue
            if not p.digits and "a-z" not in p.text:
                got = got.upper()
            if len(got) < p.lo:
                got = got.rjust(p.lo, "0")
                padded = True
            out.append(got)
        return "".join(out), padded, missing


def _squeeze(raw: str) -> str:
    return re.sub(r"\s+", "", raw)


@lru_cache(maxsize=64)
def number_format(pattern: str, strict_separators: bool = False) -> NumberFormat:
    """The (cached) NumberFormat of a canonical regex."""
    return NumberFormat(pattern, strict_separators)


def has_groups(pattern: str, *names: str) -> bool:
    """Whether a pattern names all these groups (the `yy`/`seq` case number style)."""
    return all(f"(?P<{n}>" in pattern for n in names)
