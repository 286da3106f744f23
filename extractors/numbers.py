"""Agency case numbers, citation numbers, court case numbers and VINs.

Every pattern comes from `ExtractionSettings`; this module adds OCR tolerance (letter/digit
confusions repaired only where the format demands a digit or a letter, stray spaces around dashes),
whole-token boundaries, and label context so that phone numbers, dates, statutes (ORS 164.055),
badge numbers, ZIP codes, VINs and driver licence numbers are not taken for case or citation numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from extractors.entities import (
    DASHES,
    LABEL_END,
    LETTER_TO_DIGIT,
    Candidate,
    blank_header_noise,
    compile_cached,
    digit_share,
    label_regex,
    labelled_by,
    line_before,
    loosen,
    nearest_label,
    overlaps,
    repair,
)
from extractors.formats import Printed, has_groups, number_format
from extractors.plates import US_STATES
from extractors.vocabulary import NOT_NUMBER_KINDS

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

# Labels that make a number something other than a case or citation number.
NEGATIVE_LABELS: dict[str, list[str]] = {
    "phone": ["phone", "tel", "telephone", "cell", "fax", "ph", "home phone", "work phone", "contact"],
    "date": ["date", "dob", "d.o.b", "born", "birth", "date of birth", "issued", "expires", "exp"],
    "badge": ["badge", "dpsst", "serial", "emp", "employee", "unit", "car", "ofc", "officer", "deputy"],
    "licence": ["dl", "d/l", "oln", "ol", "odl", "driver license", "driver's license", "drivers license",
                "driver licence", "license", "licence", "lic", "permit", "id", "state id", "sid", "fbi",
                "ssn", "soc", "social security"],
    "vehicle": ["vin", "plate", "tag", "registration", "reg"],
    "statute": ["ors", "rcw", "statute", "section", "sec", "code", "ordinance", "mc", "tmc", "pcc"],
    "address": ["zip", "zip code", "postal", "address", "apt", "suite", "ste"],
}

_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9), strict=True)), **dict(zip("JKLMN", range(1, 6), strict=True)),
               "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10), strict=False))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_RX = re.compile(r"(?<![A-Za-z0-9])([A-HJ-NPR-Z0-9IOQ]{17})(?![A-Za-z0-9])")

_BEFORE_OK = r"(?<![A-Za-z0-9])(?<![0-9][-/.,])"
_AFTER_OK = rf"(?![A-Za-z0-9])(?!\s?[{DASHES}/.,]\s?[0-9])"


def _negative_sets() -> dict[str, str]:
    return {f"neg_{k}": label_regex(v) for k, v in NEGATIVE_LABELS.items()}


def _format_case(fmt: str, groups: dict[str, str]) -> str:
    """Print a case number through the configured format (int for fields with a `d` spec)."""
    values: dict[str, object] = {}
    for name, val in groups.items():
        if val is None:
            continue
        if re.search(r"\{" + re.escape(name) + r":[^}]*d\}", fmt):
            values[name] = int(val)
        else:
            values[name] = val
    try:
        return fmt.format(**values)
    except (KeyError, ValueError, IndexError):
        return "-".join(str(v) for v in groups.values() if v)


def _compact(raw: str) -> str:
    """Drop spaces and make every dash a plain hyphen."""
    out = re.sub(r"\s+", "", raw)
    return re.sub(f"[{DASHES}]", "-", out)


def _prefix_alternation(settings: ExtractionSettings) -> str:
    """The agency prefixes a case number may be glued to, as a regex alternation ("" for none)."""
    prefixes = "|".join(re.escape(p).replace("O", "[O0]")
                        for p in sorted(settings.agency_prefixes, key=len, reverse=True))
    if settings.any_agency_prefix:  # a sheriff's office's "SO" read "S0" glued to the year ("TCS024-")
        prefixes = prefixes + ("|" if prefixes else "") + "[A-Z]{2,6}|[A-Z]{1,4}S0"
    return prefixes


def _case_context(text: str, start: int, label_sets: dict[str, str], case_rx: str) -> tuple[str, str | None, bool]:
    """(the line before `start`, the nearest label kind there, whether a case label names it)."""
    before = line_before(text, start)
    nearest = nearest_label(before, label_sets)
    labelled = nearest == "case" or labelled_by(before, case_rx) or (
        nearest is None and _header_label(text, start, label_sets) == "case")
    return before, nearest, labelled


def find_case_numbers(text: str, settings: ExtractionSettings, ocr: bool = True) -> list[Candidate]:
    """Agency case numbers in `text`, in their canonical form (patterns with `yy`/`seq` groups
    re-printed through `case_number_format`). With `ocr` False (a text layer) nothing is repaired."""
    prefixes = _prefix_alternation(settings)
    prefix_part = rf"(?:(?P<prefix>{prefixes})[ ]?[{DASHES}]?[ ]?)?" if prefixes else ""
    label_sets = {"case": label_regex(settings.case_labels), **_negative_sets()}
    case_rx = label_regex(settings.case_labels)
    found: list[Candidate] = []
    for pattern in [settings.case_number_pattern, *settings.case_number_alt_patterns]:
        if not has_groups(pattern, "seq"):
            found.extend(_formatted_case_numbers(text, pattern, settings, label_sets, case_rx))
            continue
        canonical = compile_cached(pattern)
        rx = compile_cached(_BEFORE_OK + prefix_part + "(?P<num>" + loosen(pattern, glyphs=ocr) + ")" + _AFTER_OK)
        for m in rx.finditer(text):
            raw = m.group("num")
            if ocr and digit_share(raw) < 0.7:
                continue
            fixed = repair(_compact(raw), canonical) if ocr else _as_written(_compact(raw), canonical)
            if fixed is None:
                continue
            value, changes = fixed
            groups = canonical.fullmatch(value).groupdict()  # type: ignore[union-attr]
            seq, end, full = seq_of(groups), m.end(), settings.case_number_full_digits
            # "23-0083! I" for 23-008311, "CPD24-01 1609" for 24-011609: digits OCR cut off
            rest = _rest_of_number(text, end, seq, full - len(seq)) if ocr and 0 < len(seq) < full else None
            prefix = (m.groupdict().get("prefix") or "").replace("0", "O")
            has_prefix = prefix.upper() in {p.upper() for p in settings.agency_prefixes} or (
                bool(prefix) and len(seq) + len(rest[0] if rest else "") >= full)
            start = m.start()
            if prefix and not has_prefix:
                if " " not in text[m.end("prefix"):m.start("num")]:
                    continue  # "XYZ24-3817": glued to letters that are no agency prefix
                prefix, start = "", m.start("num")  # "11:02 AM 24-4728": a word before, not a prefix
            before, nearest, labelled = _case_context(text, start, label_sets, case_rx)
            if nearest and nearest.startswith("neg_") and not has_prefix and not labelled and not (
                    len(seq) >= full and _label_spent(before, label_sets[nearest])):
                continue
            if rest and (labelled or has_prefix):
                groups["seq"], end, changes = seq + rest[0], rest[1], changes + 1
            elif len(seq) < full and not (has_prefix or labelled):
                continue
            conf = 0.98 if (has_prefix or labelled) else 0.92
            found.append(Candidate("case_number", _format_case(settings.case_number_format, groups),
                                   start, end, max(0.5, conf - 0.06 * changes), raw=text[m.start():end]))
    if ocr:
        found.extend(_dashless_case_numbers(text, settings, case_rx, found))
        found.extend(stray_glyph_numbers(text, "case_number", settings, found))
    return _drop_overlaps(found)


def _as_written(value: str, canonical: re.Pattern[str]) -> tuple[str, int] | None:
    """`value` when it fits the canonical pattern as written (text layers are never repaired)."""
    return (value, 0) if canonical.fullmatch(value) else None


def _formatted_case_numbers(text: str, pattern: str, settings: ExtractionSettings, label_sets: dict[str, str],
                            case_rx: str) -> list[Candidate]:
    """Case numbers of a format filed in its own canonical form (no `yy`/`seq` groups): printed with
    other separators, after an agency prefix, or, right behind a case label, without the format's
    leading letters or with a short sequence."""
    prefixes = _prefix_alternation(settings)
    glued = compile_cached(rf"(?<![A-Za-z0-9])(?:{prefixes})[ ]?[{DASHES}]?[ ]?$") if prefixes else None
    known = {p.upper() for p in settings.agency_prefixes}
    out: list[Candidate] = []
    for pr in number_format(pattern).find(text, r"(?<![0-9])(?<![0-9][-/.,])", _AFTER_OK):
        head = text[max(0, pr.start - 12):pr.start]
        pm = glued.search(head) if glued else None
        has_prefix = pm is not None and pm.group(0).strip(" " + DASHES).replace("0", "O").upper() in known
        if head[-1:].isalpha() and not has_prefix:
            continue  # glued to letters that are no agency prefix
        start = pr.start - (len(pm.group(0)) if has_prefix and pm else 0)
        before, nearest, labelled = _case_context(text, start, label_sets, case_rx)
        if nearest and nearest.startswith("neg_") and not (has_prefix or labelled):
            continue
        right_behind = labelled_by(before, case_rx) or _header_label(text, start, label_sets) == "case"
        if (pr.padded or pr.prefix_missing) and not (has_prefix or right_behind):
            continue  # a short form only right behind its label (not anywhere on a line naming a report)
        conf = (0.98 if (has_prefix or labelled) else 0.92) - (0.03 if pr.padded or pr.prefix_missing else 0.0)
        out.append(Candidate("case_number", pr.value, start, pr.end, conf, raw=text[start:pr.end]))
    return out


# Glyphs a table cell's border is read as, at the edge of a value ("_ 124-005632").
_BORDER_GLYPHS = "1Il|[]"
_TOKEN = re.compile(r"(?<!\S)(?P<tok>[^\s]{6,18}?)[.,;:)]?(?!\S)")


def _stray_spots(token: str, labelled: bool) -> list[int]:
    """Where one glyph too many may sit in an OCR'd token: a border glyph at its left edge, one of
    two neighbours read as a letter and as its digit look-alike ("O0", "1I"), or (behind a label
    only) a mark that is no letter or digit ("22C€R19057")."""
    spots = [0] if token[:1] in _BORDER_GLYPHS else []
    for i in range(len(token) - 1):
        a, b = token[i], token[i + 1]
        if a != b and (LETTER_TO_DIGIT.get(a) == b or LETTER_TO_DIGIT.get(b) == a
                       or (a in "1Il|" and b in "1Il|")):
            spots += [i, i + 1]
    if labelled:
        spots += [i for i, ch in enumerate(token) if not ch.isalnum() and ch not in DASHES + ":/."]
    return sorted(set(spots))


def stray_glyph_numbers(text: str, kind: str, settings: ExtractionSettings, found: list[Candidate]) -> list[Candidate]:
    """Case or court case numbers OCR read with one glyph too many (a cell border, a glyph read twice
    as a letter and as a digit, a stray mark behind a label): taken when dropping that one glyph, and
    only it, makes a full-length number of a configured format that the token as read is not."""
    case = kind == "case_number"
    patterns = ([settings.case_number_pattern, *settings.case_number_alt_patterns] if case
                else [settings.court_case_pattern, *settings.court_case_alt_patterns])
    labels = label_regex(settings.case_labels) if case else _court_labels(settings)
    out: list[Candidate] = []
    for m in _TOKEN.finditer(text):
        token = m.group("tok")
        if overlaps(found + out, m.start("tok"), m.end("tok")) or not any(ch.isdigit() for ch in token):
            continue
        labelled = labelled_by(line_before(text, m.start()), labels)
        values = {v for i in _stray_spots(token, labelled)
                  if (v := _full_reading(token[:i] + token[i + 1:], patterns, settings, case)) is not None}
        if len(values) == 1 and _full_reading(token, patterns, settings, case) is None:
            out.append(Candidate(kind, values.pop(), m.start("tok"), m.end("tok"), 0.85, raw=token,
                                 note="ocr_stray_glyph"))
    return out


def _full_reading(token: str, patterns: list[str], settings: ExtractionSettings, case: bool) -> str | None:
    """The value of a full-length number of one of the formats that `token` reads as (look-alikes
    repaired), or None."""
    compact = _compact(token).upper()
    for pattern in patterns:
        fixed = repair(compact, compile_cached(pattern))
        if fixed is None:
            continue
        groups = compile_cached(pattern).fullmatch(fixed[0]).groupdict()  # type: ignore[union-attr]
        if not case:
            return fixed[0]
        if has_groups(pattern, "seq"):
            if len(seq_of(groups)) >= settings.case_number_full_digits:
                return _format_case(settings.case_number_format, groups)
            continue
        return fixed[0]
    return None


def _label_spent(before: str, label_rx: str) -> bool:
    """Whether the last label of `label_rx` in `before` has a value of its own after it (a digit
    between it and what follows: "Badge 1456 Ao 23-018888" -- the badge label is taken)."""
    last = None
    for match in compile_cached(r"(?i)(?<![A-Za-z])" + label_rx + LABEL_END).finditer(before):
        last = match
    return last is not None and re.search(r"\d", before[last.end():]) is not None


_ONES = re.compile(r"[!Il|](?:[ ]?[!Il|1])*")


_SPLIT_DIGITS = re.compile(r"[ ](\d{1,5})(?![\w\-/])")


def _rest_of_number(text: str, end: int, seq: str, missing: int) -> tuple[str, int] | None:
    """The digits OCR cut off a labelled case number that reads short, and the new end: its last
    digits "1" in a serif type read as "!", "I", "l" or "|" glued on and a space apart ("23-0083! I"
    for 23-008311), or the rest of a zero-padded number split by a space ("24-0048 15": a short form
    is never written with leading zeros). Only when exactly `missing` digits complete it; else None."""
    m = _ONES.match(text, end)
    if m is not None:
        glyphs = [i for i, c in enumerate(m.group(0)) if c != " "]
        return ("1" * missing, end + glyphs[missing - 1] + 1) if len(glyphs) >= missing else None
    m = _SPLIT_DIGITS.match(text, end)
    if m is not None and seq.startswith("0") and len(m.group(1)) == missing:
        return m.group(1), m.end()
    return None


_DIGIT_RUN = re.compile(r"(?<![\w\-/.])\d{6,12}(?![\w\-/])")


def _dashless_case_numbers(text: str, settings: ExtractionSettings, case_rx: str,
                           found: list[Candidate]) -> list[Candidate]:
    """Case numbers right after a case label whose dash OCR lost ("Case # 24023617" for
    24-023617): only a full-length sequence, and only where putting the dash back fits the format."""
    canonical = compile_cached(settings.case_number_pattern)
    out = []
    for m in _DIGIT_RUN.finditer(text):
        if overlaps(found, m.start(), m.end()) \
                or not labelled_by(line_before(text, m.start()), case_rx):
            continue
        digits = m.group(0)
        for cut in range(1, len(digits)):
            hit = canonical.fullmatch(digits[:cut] + "-" + digits[cut:])
            if hit and len(seq_of(hit.groupdict())) >= settings.case_number_full_digits:
                out.append(Candidate("case_number", _format_case(settings.case_number_format, hit.groupdict()),
                                     m.start(), m.end(), 0.86, raw=digits, note="ocr_lost_dash"))
                break
    return out


def seq_of(groups: dict[str, str | None]) -> str:
    """The sequence part of a case number match (empty when the pattern names none)."""
    return groups.get("seq") or ""


# A US state code right after a value: a driver licence's issuing state (citations have none).
_STATE_AFTER = re.compile(r"[ \t]+(?:" + "|".join(US_STATES) + r")(?![A-Za-z0-9])")


_LOWER_LEAD = re.compile(r"(?<![A-Za-z0-9])[a-z](?=\d{5,8}(?![A-Za-z0-9]))")


def citation_patterns(settings: ExtractionSettings) -> list[str]:
    """Every configured citation format."""
    return [settings.citation_pattern, *settings.citation_alt_patterns]


def find_citation_numbers(text: str, settings: ExtractionSettings, ocr: bool = True) -> list[Candidate]:
    """Citation numbers in `text` (not driver licence, badge, plate or VIN look-alikes), in their
    canonical form however they are spaced. A configured format matched as written is taken
    whatever its share of digits; with `ocr` False (a text layer) nothing is repaired."""
    if ocr:
        text = _LOWER_LEAD.sub(lambda m: m.group(0).upper(), text)  # "c8785661": OCR's lower-case letter
    cite_rx = label_regex(settings.citation_labels)
    label_sets = {"cite": cite_rx, "case": label_regex(settings.case_labels), **_negative_sets()}
    found: list[Candidate] = []
    before_ok = r"(?<![A-Za-z0-9])(?<![0-9][\-\u2013])"  # not the tail of a dashed number ("23-O011370")
    for pattern in citation_patterns(settings):
        for pr in number_format(pattern).find(text, before_ok, r"(?![A-Za-z0-9])", repair if ocr else None):
            if pr.padded or pr.prefix_missing or (pr.changes and digit_share(pr.raw) < 0.6):
                continue
            before = line_before(text, pr.start, limit=80)
            nearest = nearest_label(before, label_sets)
            if nearest is None:
                nearest = _header_label(text, pr.start, label_sets)
                if nearest == "case":  # a column guess: only a negative label (DL#, phone) rules it out
                    nearest = None
            if nearest and nearest != "cite" and not labelled_by(before, cite_rx):
                continue
            if nearest is None and (settings.citation_needs_label or _STATE_AFTER.match(text, pr.end)):
                continue  # "A7396839 CA 458-555-0100": a licence number and its state, its label lost
            conf = 0.98 if nearest == "cite" else 0.85
            found.append(Candidate("citation_number", pr.value, pr.start, pr.end,
                                   max(0.5, conf - 0.06 * pr.changes), raw=pr.raw))
    if ocr:
        canonical = compile_cached(settings.citation_pattern)
        found.extend(_glyph_letter_citations(text, canonical, cite_rx, label_sets))
    return _drop_overlaps(found)


GLYPH_LETTER_NOTE = "ocr_glyph_letter"  # the letter was guessed from a glyph
# A citation's leading letter read as a glyph: "(" for C on faxes, "7" or "1" for T, "£" for E.
_GLYPH_LETTER = {"(": "C", "7": "T", "1": "T", "\u00a3": "E", "\u20ac": "E"}  # £ and € for E
_GLYPH_CITE = re.compile(r"(?<![A-Za-z0-9(])(?P<glyph>[(71\u00a3\u20ac])(?P<digits>\d{5,8})(?![\d)])")


# The second of a pair of citations written "E9312111 / T521141": it shares the first one's label.
_AFTER_CITATION = re.compile(r"(?<![A-Za-z0-9])[A-Z(7\u00a3\u20ac]\d{5,8}[ \t]*/[ \t]*$")


def _glyph_letter_citations(text: str, canonical: re.Pattern[str], cite_rx: str,
                            label_sets: dict[str, str]) -> list[Candidate]:
    """Citation numbers whose leading letter OCR read as a glyph ("Citation #: (419936",
    "71337916" under a CITATION # header, "CITATION NO.: 17663068"): only right after a citation label or in a citation
    column, and only where the letter makes the number fit the pattern."""
    out = []
    for m in _GLYPH_CITE.finditer(text):
        value = _GLYPH_LETTER[m.group("glyph")] + m.group("digits")
        if not canonical.fullmatch(value) or canonical.fullmatch(m.group(0)):
            continue  # the letter must make it fit, and a reading that fits as read stays
        before = line_before(text, m.start(), limit=80)
        labelled = labelled_by(before, cite_rx) or _AFTER_CITATION.search(before) is not None
        if labelled or _header_label(text, m.start(), label_sets) == "cite":
            out.append(Candidate("citation_number", value, m.start(), m.end(), 0.84, raw=m.group(0),
                                 note=GLYPH_LETTER_NOTE))
    return out


def _header_label(text: str, start: int, label_sets: dict[str, str]) -> str | None:
    """For a value on a table row, the label of its column in the header line above, or of the whole
    header line when it names one kind only.

    Columns are found by 2+ space gaps when the text kept them (OCR layout). Text layers often
    collapse the gaps to one space; then the first cell of a row belongs to the header's first label,
    the last cell to its last label, and a middle cell to the label nearest its relative position.
    """
    line_start = text.rfind("\n", 0, start) + 1
    if line_start <= 1:
        return None
    line_end = text.find("\n", start)
    row = text[line_start:line_end if line_end >= 0 else len(text)]
    header = _header_line(text, line_start, _shape(row))
    header = blank_header_noise(header) if header is not None else None  # "TIME 3 CASE NUMBER"
    if header is None or _is_sentence(header):
        return None  # "...and a case number card." over "I cleared the scene at 06-19." is no header
    heads = [h for h in re.split(r"\s{2,}", header.strip()) if h]
    cells = [m for m in re.finditer(r"\S+(?: \S+)*", row)]
    if len(heads) == len(cells) and len(heads) >= 2:
        for head, cell in zip(heads, cells, strict=False):
            if cell.start() <= start - line_start < cell.end():
                return _kind_of(head, label_sets)
    whole = _kind_of(header, label_sets)
    if whole is not None or re.search(r"\d", header) or len(header.split()) > 12:
        return whole
    return _column_kind(header, row, start - line_start, label_sets)


def _is_sentence(line: str) -> bool:
    """Whether a line reads as prose (ends a sentence, mostly lower-case words), not a table header."""
    words = line.split()
    return line.rstrip().endswith(".") and sum(w[:1].islower() for w in words) >= 5


def _shape(line: str) -> str:
    """The shape of a line's first token after its first character ("E431373" -> "9"), to tell
    sibling table rows (a leading letter OCR read as a glyph, "7431373", keeps the shape)."""
    first = line.split(None, 1)[0] if line.strip() else ""
    return re.sub(r"[A-Z]+", "A", re.sub(r"\d+", "9", first[1:].upper())) if re.search(r"\d", first) else ""


def _header_line(text: str, line_start: int, row_shape: str, max_rows: int = 25) -> str | None:
    """The header line above the row starting at `line_start`: blank lines (OCR leaves them) and
    earlier rows of the same table (first token of the same shape, "E7678915 ORS 164.043 ...") are
    passed over."""
    end = line_start - 1
    for _ in range(max_rows):
        if end <= 0:
            return None
        prev_start = text.rfind("\n", 0, end) + 1
        line = text[prev_start:end]
        if line.strip() and not (row_shape and _shape(line) == row_shape):
            return line
        end = prev_start - 1
    return None


def _kind_of(header: str, label_sets: dict[str, str]) -> str | None:
    """The one label kind named in `header`, or None when it names none or several."""
    kinds = set()
    for name, rx in label_sets.items():
        if compile_cached(r"(?i)(?<![A-Za-z])" + rx + LABEL_END).search(header):
            kinds.add(name)
    return kinds.pop() if len(kinds) == 1 else None


def _column_kind(header: str, row: str, pos: int, label_sets: dict[str, str]) -> str | None:
    """The kind of the header label over position `pos` of a row whose column gaps were collapsed."""
    hits: list[tuple[int, int, str]] = []  # (start, end, kind) of every label in the header
    for name, rx in label_sets.items():
        for m in compile_cached(r"(?i)(?<![A-Za-z])" + rx + LABEL_END).finditer(header):
            hits.append((m.start(), m.end(), name))
    if not hits:
        return None
    first_cell = row[:pos].strip() == ""
    if first_cell:
        lead = len(header) - len(header.lstrip())
        at_start = [h for h in hits if h[0] == lead]
        return max(at_start, key=lambda h: h[1] - h[0])[2] if at_start else None
    tail = row[pos:].split(None, 1)
    if len(tail) == 1:  # the last cell
        end = len(header.rstrip())
        at_end = [h for h in hits if re.fullmatch(r"[\s#.:;,]*(?:no\.?|num(?:ber)?\.?)?[\s#.:;,]*",
                                                  header[h[1]:end], re.I)]
        return max(at_end, key=lambda h: h[1] - h[0])[2] if at_end else None
    target = len(header) * pos / max(1, len(row))
    near = {h[2] for h in hits if abs(h[0] - target) <= 12}
    return near.pop() if len(near) == 1 else None  # a guess: only when one kind sits nearby


def find_court_case_numbers(text: str, settings: ExtractionSettings, ocr: bool = True) -> list[Candidate]:
    """Court case numbers in `text` (Oregon circuit court style and the federal courts' by
    default; more in `court_case_alt_patterns`), as printed without spaces. With `ocr` False (a text
    layer) nothing is repaired."""
    found: list[Candidate] = []
    canonical = compile_cached(settings.court_case_pattern)
    for pattern in [settings.court_case_pattern, *settings.court_case_alt_patterns]:
        fmt = number_format(pattern, strict_separators=True)
        for pr in fmt.find(text, r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])", _court_repair if ocr else None):
            if pr.changes and digit_share(pr.value) < 0.6:
                continue
            found.append(Candidate("court_case_number", pr.value, pr.start, pr.end,
                                   max(0.5, 0.98 - 0.06 * pr.changes), raw=pr.raw))
    if ocr:
        found.extend(stray_glyph_numbers(text, "court_case_number", settings, found))
        found.extend(_lowercase_court_numbers(text, canonical, found, settings))
    return _drop_overlaps(found)


def _court_repair(value: str, canonical: re.Pattern[str]) -> tuple[str, int] | None:
    """An OCR'd court case number made to fit its format ("l" read for "1" first)."""
    return repair(_compact(value).replace("l", "1").upper(), canonical)


def _court_labels(settings: ExtractionSettings) -> str:
    """The labels that name a court case number ("Case No." included: courts write it so)."""
    return label_regex([*settings.court_case_labels, "case no", "case number"])


_LOWER_CODE = re.compile(r"(?<![A-Za-z0-9])(?P<num>\d{2}\s?[A-Za-z](?P<gap>[ ]?)[A-Za-z1|]\s?[\dOIl|]{5})"
                         r"(?![A-Za-z0-9])")


def _lowercase_court_numbers(text: str, canonical: re.Pattern[str], found: list[Candidate],
                             settings: ExtractionSettings) -> list[Candidate]:
    """Labelled court case numbers whose case-type letters OCR read in lower case ("Case No. 23Mi26860")
    or split by a space ("Case No. 23V 139229" for 23VI39229)."""
    labels = _court_labels(settings)
    out: list[Candidate] = []
    for m in _LOWER_CODE.finditer(text):
        raw = m.group("num")
        if (raw == raw.upper() and not m.group("gap")) or overlaps(found, m.start(), m.end()):
            continue
        if not labelled_by(line_before(text, m.start()), labels):
            continue
        fixed = repair(_compact(raw).upper().replace("|", "I"), canonical)
        if fixed is not None:
            out.append(Candidate("court_case_number", fixed[0], m.start(), m.end(),
                                 max(0.5, 0.85 - 0.06 * fixed[1]), raw=raw, note="ocr_lower_case"))
    return out


def vin_check_digit_ok(vin: str) -> bool:
    """Whether a 17-character VIN's ninth character is its correct check digit."""
    if len(vin) != 17:
        return False
    try:
        total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=False))
    except KeyError:
        return False
    check = total % 11
    return vin[8] == ("X" if check == 10 else str(check))


def find_vins(text: str, settings: ExtractionSettings) -> list[Candidate]:
    """VINs in `text` whose check digit holds (I/O/Q read as 1/0/0: VINs never contain them)."""
    found: list[Candidate] = []
    for m in _VIN_RX.finditer(text):
        raw = m.group(1)
        if digit_share(raw) < 0.2 or raw.isdigit():
            continue
        vin = raw.translate(str.maketrans("IOQ", "100"))
        labelled = re.search(r"(?i)\bvin\b", line_before(text, m.start(), 40)) is not None
        if vin_check_digit_ok(vin):
            found.append(Candidate("vin", vin, m.start(), m.end(), 0.99 if labelled else 0.95, raw=raw))
        elif labelled:
            found.append(Candidate("vin", vin, m.start(), m.end(), 0.4, raw=raw, note="vin_check_failed"))
    return found


def _drop_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Of candidates with overlapping spans, keep the longest (then most confident)."""
    cands = sorted(cands, key=lambda c: (-(c.end - c.start), -c.confidence))
    kept: list[Candidate] = []
    for c in cands:
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def find_numbers(text: str, settings: ExtractionSettings, ocr: bool = True) -> list[Candidate]:
    """Every case, citation and court case number and VIN in one page's text (`ocr`: the text was
    OCR'd and may be misread; False for a text layer, which is taken as written)."""
    vins = find_vins(text, settings)
    court = find_court_case_numbers(text, settings, ocr)
    taken = vins + court
    out = list(taken)
    for cand in find_case_numbers(text, settings, ocr) + find_citation_numbers(text, settings, ocr):
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            out.append(cand)
    return sorted(out, key=lambda c: c.start)


# A number-like token (4+ digits among letters, dashes and stray marks; not a date or time) written
# after a case label.
_NUMBERISH = re.compile(r"[^\s]*\d[^\s]*")


def unread_case_numbers(text: str, settings: ExtractionSettings, found: list[Candidate]) -> int:
    """How many tokens right after a case label look like a case number that no reading could take
    ("Case # 24-0232687": a digit too many), so the clerk is asked to check the document."""
    labels = compile_cached(r"(?i)(?<![A-Za-z])" + label_regex(settings.case_labels)
                            + r"(?:[ \t]*(?:#|no\b\.?|n[o0]\.?|num\b\.?|number|nbr\.?))?[ \t]*[:;,#.]*[ \t]*")
    count = 0
    for m in labels.finditer(text):
        token = _NUMBERISH.match(text, m.end())
        if token is None or sum(ch.isdigit() for ch in token.group(0)) < 4 or re.search(r"[/:]", token.group(0)):
            continue
        if not any(c.start < token.end() + 2 and c.end > token.start() - 2 for c in found):
            count += 1
    return count


# --------------------------------------------------------------------------- labels decide kinds

# A court's own label for its docket number, and the docket number after it: letters, digits, dashes,
# colons, dots and slashes, with three digits at least ("Case: 21-1298", "C 08-02214", "No. ED108783").
_DOCKET_LABEL = re.compile(
    r"(?i)(?<![A-Za-z])(?:case|docket|cause|index|civil\s+action|criminal\s+action|criminal|appeal|indictment|"
    r"(?<=^)no|(?<=\n)no|(?<=[)\u00a7][ \t])no|(?<=[)\u00a7])no)(?:\s*(?:no\b\.?|number|#))?[ \t]*[:.#]?[ \t]*")
_DOCKET_TOKEN = re.compile(r"(?P<num>[A-Za-z]{0,5}[ \t]?[\-\u2013]?[ \t]?\d[\w\-:./()]{2,30}?)(?=[.,;:)]?(?:\s|$))")
_AGENCY_LABEL = re.compile(r"(?i)(?:police|incident|report|dr|agency|ir|oca|event|booking|sheriff|pd)"
                           r"(?:\s*(?:case|report))?(?:\s*(?:no\.?|number|#))?\W{0,4}$")


def docket_token(text: str, start: int = 0) -> Printed | None:
    """The docket number printed at `start` ("21-1298", "C 08-02214", "1:21-cv-01234"), or None."""
    m = _DOCKET_TOKEN.match(text, start)
    if m is None:
        return None
    raw = m.group("num").rstrip(".-/:")
    if sum(ch.isdigit() for ch in raw) < 3 or re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", raw):
        return None  # a date is no docket number
    return Printed(m.start(), m.start() + len(raw), raw, re.sub(r"\s+", "", raw), False, False)


_LETTERS_BEFORE = re.compile(r"(?<![A-Za-z])[A-Z]{1,5}[ \t]?$")


def _court_reading(c: Candidate, text: str, settings: ExtractionSettings) -> Candidate:
    """In a court filing, a case number that is neither in the agency's own full format nor after an
    agency label is the court's docket number, as printed ("C 08-02214", "21-1298"); others stay."""
    if c.kind != "case_number" or _AGENCY_LABEL.search(line_before(text, c.start, 40).rstrip(" #:.")):
        return c
    if any(o.value == c.value for o in find_case_numbers(c.raw or "", settings, False)):
        return c  # the agency's number quoted in full, no label needed to know it
    lead = _LETTERS_BEFORE.search(text, max(0, c.start - 6), c.start)
    start = lead.start() if lead else c.start
    raw = text[start:c.end]
    return Candidate("court_case_number", re.sub(r"\s+", "", raw), start, c.end, 0.9, raw=raw, note="docket")


def court_label(phrase: str) -> bool:
    """Whether a case label of a court filing is the court's own ("Case No.", not "Agency Case No.")."""
    return _AGENCY_LABEL.search(phrase + " ") is None


def find_docket_numbers(text: str) -> list[Candidate]:
    """Court case numbers of any court after the court's own label, for court filings (captions,
    dockets, opinions): taken as printed, without spaces."""
    out: list[Candidate] = []
    for m in _DOCKET_LABEL.finditer(text):
        if _AGENCY_LABEL.search(text[max(0, m.start() - 20):m.start()]):
            continue  # "Police report case no." names the agency's number
        pr = docket_token(text, m.end())
        if pr is not None and not overlaps(out, pr.start, pr.end):
            out.append(Candidate("court_case_number", pr.value, pr.start, pr.end, 0.9, raw=pr.raw, note="docket"))
    return out


# Case and citation numbers labelled (or prefixed) on their own line are found with this confidence.
LABELLED_ON_LINE = 0.95

FieldSpan = tuple[str, int, int]  # (label kind, value start, value end) in the page text


def settle_by_labels(found: list[Candidate], fields: list[FieldSpan], text: str, settings: ExtractionSettings,
                     doc_type: str, ocr: bool) -> list[Candidate]:
    """Numbers as the page's form labels say (labels decide kinds).

    A value under, over or beside a case, citation or court case label is read as that kind when it
    fits one of its formats (the caller gives a court filing's own case labels as court case labels,
    `court_label`); a value of a label that
    names something else (a date, phone, badge, driver licence, statute, address) is no case or
    citation number. Court filings also take the court's docket numbers after its own labels."""
    out = list(found)
    if doc_type == "court_filing":
        out = [_court_reading(c, text, settings) for c in out]
        dockets = find_docket_numbers(text)
        out = [c for c in out
               if not (c.kind in ("case_number", "citation_number") and overlaps(dockets, c.start, c.end))]
        courts = [c for c in out if c.kind == "court_case_number"]
        out += [d for d in dockets if not overlaps(courts, d.start, d.end)]
    for kind, s, e in fields:
        inside = [c for c in out if c.start < e and c.end > s]
        if kind in NOT_NUMBER_KINDS:  # a number its own line labels (or prefixes) stands
            out = [c for c in out if not (c in inside and c.kind in ("case_number", "citation_number")
                                          and c.confidence < LABELLED_ON_LINE)]
            continue
        if kind not in ("case_number", "citation_number", "court_case_number") or any(c.kind == kind for c in inside):
            continue
        read = _read_as(kind, text, s, e, settings, ocr)
        if read is not None:  # the label decides: other readings of the value go
            out = [c for c in out if c not in inside or (c.kind not in ("case_number", "citation_number")
                                                          and not overlaps([read], c.start, c.end))]
            out.append(read)
    return sorted(out, key=lambda c: c.start)


def _read_as(kind: str, text: str, s: int, e: int, settings: ExtractionSettings, ocr: bool) -> Candidate | None:
    """The number of `kind` in a labelled value text[s:e], read as if its label stood right before it."""
    label = {"case_number": "Case # ", "citation_number": "Citation # ", "court_case_number": "Court case # "}[kind]
    value = text[s:e]
    shifted = label + value
    finder = {"case_number": find_case_numbers, "citation_number": find_citation_numbers,
              "court_case_number": find_court_case_numbers}[kind]
    got = [c for c in finder(shifted, settings, ocr) if c.kind == kind and c.start >= len(label) - 1]
    if not got and kind == "court_case_number":
        pr = docket_token(value.strip())
        if pr is not None:
            lead = len(value) - len(value.lstrip())
            return Candidate(kind, pr.value, s + lead + pr.start, s + lead + pr.end, 0.9, raw=pr.raw, note="field")
    if not got:
        return None
    c = got[0]
    return Candidate(kind, c.value, s + max(0, c.start - len(label)), s + c.end - len(label),
                     max(c.confidence, 0.97), raw=c.raw, note="field")


def fits_kind(settings: ExtractionSettings) -> Callable[[str, str], bool]:
    """fits(kind, text): whether a value text holds a number of that label kind (for fields.find_fields)."""
    def fits(kind: str, text: str) -> bool:
        if kind not in ("case_number", "citation_number", "court_case_number"):
            return False
        return _read_as(kind, text, 0, len(text), settings, False) is not None
    return fits
