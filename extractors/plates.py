"""Licence plates with their state.

Plates are read from labelled fields ("Plate: 482 KLM  State: OR", "Lic/State: 482KLM/OR"), from
vehicle tables (a plate-shaped token beside a state code) and from narratives ("bearing Oregon plate
482 KLM"). OCR confusions (O/0, I/1, S/5, B/8, Z/2) are repaired only where the state's format
demands the other kind of character. Numbers are returned without spaces or dashes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from extractors.entities import Candidate, compile_cached, label_regex, line_starts, overlaps, repair

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
    "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "BC": "British Columbia", "AB": "Alberta",
}
_NAME_TO_CODE = {name.upper(): code for code, name in US_STATES.items()}
_NAME_TO_CODE.update({"ORE": "OR", "WASH": "WA", "CALIF": "CA", "CAL": "CA", "ARIZ": "AZ",
                      "NEV": "NV", "IDA": "ID", "MONT": "MT", "COLO": "CO", "WYO": "WY"})

# Common passenger/commercial formats of the western states (canonical, no spaces).
PLATE_FORMATS: dict[str, list[str]] = {
    "OR": [r"\d{3}[A-Z]{3}", r"[A-Z]{3}\d{3}", r"[A-Z]{2}\d{5}", r"\d{3}[A-Z]{2}", r"[A-Z]\d{5}"],
    "WA": [r"[A-Z]{3}\d{4}", r"\d{3}[A-Z]{3}", r"[A-Z]\d{5}[A-Z]", r"[A-Z]{2}\d{5}", r"\d{5}[A-Z]{2}"],
    "CA": [r"\d[A-Z]{3}\d{3}", r"\d[A-Z]\d{5}", r"\d{2}[A-Z]\d{4}", r"[A-Z]{3}\d{3}", r"\d{3}[A-Z]{3}",
           r"\d[A-Z]{2}\d{4}"],
    "ID": [r"\d[A-Z]\d{4,5}", r"\d[A-Z]{2}\d{3,4}", r"[A-Z]\d{5,6}", r"[A-Z]{2}\d{4,5}", r"\d{2}[A-Z]\d{4}"],
    "NV": [r"\d{3}[A-Z]\d{2}", r"\d{2}[A-Z]\d{3}", r"\d{3}[A-Z]{3}", r"\d[A-Z]{3}\d{3}", r"[A-Z]{3}\d{3}"],
    "AZ": [r"[A-Z]{3}\d{4}", r"[A-Z]{3}\d{3}", r"\d{3}[A-Z]{3}", r"[A-Z]{2}\d{5}", r"[A-Z]\d{2}[A-Z]{2}\d"],
    "UT": [r"[A-Z]\d{3}[A-Z]{2}", r"\d{3}[A-Z]{3}", r"\d[A-Z]\d{2}[A-Z]{2}", r"[A-Z]{3}\d{3}"],
    "MT": [r"\d{1,2}\d{4,5}[A-Z]", r"[A-Z]{3}\d{3}", r"\d{1,2}[A-Z]\d{3,4}[A-Z]?", r"[A-Z]{2}\d{4}[A-Z]"],
    "WY": [r"\d{1,2}\d{3,5}", r"\d{1,2}[A-Z]\d{3,4}", r"\d{2}[A-Z]{2}\d{2}"],
    "CO": [r"[A-Z]{3}[A-Z]\d{2}", r"\d{3}[A-Z]{3}", r"[A-Z]{3}\d{3}", r"[A-Z]{3}\d{4}", r"[A-Z]{2}\d{4}"],
    "NM": [r"[A-Z]{3}\d{3}", r"\d{3}[A-Z]{3}", r"[A-Z]{4}\d{2}", r"[A-Z]{3}\d{4}"],
    "AK": [r"[A-Z]{3}\d{3}", r"[A-Z]{2}\d{4}"],
    "HI": [r"[A-Z]{3}\d{3}", r"[A-Z]{2}\d{4}", r"[A-Z]\d{5}"],
    "TX": [r"[A-Z]{3}\d{4}", r"[A-Z]{2}\d[A-Z]\d{3}", r"\d{3}[A-Z]{3}", r"[A-Z]{3}\d[A-Z]{3}"],
}
_GENERIC = r"[A-Z0-9]{2,8}"
_STOP = {"NONE", "UNK", "UNKNOWN", "NA", "N/A", "STATE", "VIN", "MAKE", "MODEL", "YEAR", "COLOR",
         "NUMBER", "NO", "TYPE", "TEMP", "EXP", "LIC", "PLATE", "TAG", "REG", "STYLE", "OWNER", "DRIVER",
         "SAME", "NOT", "NOTED", "NONE.", "AND", "THE", "WAS", "OF", "ON", "IN", "FOR", "WITH"}

_PLATE_SEP = r"(?:[ ]?[\-\u2013][ ]?|[ ])"  # "482 KLM", "482-KLM", OCR's "ZXL- 8707"
_PLATE_TOKEN = r"(?P<plate>[A-Z0-9]{1,4}" + _PLATE_SEP + r"[A-Z0-9]{1,5}|[A-Z0-9]{2,8})"
_PLATE_LABEL = (r"(?:lic(?:ense|ence)?\.?\s*plate|veh(?:icle)?\.?\s*plate|plate|tag|lic\.?\s*/\s*state|"
                r"plate\s*/\s*state|registration\s*(?:plate)?|reg\.?|LP|L/P)")
# In prose a plate can wrap at the end of a line ("Oregon plate 302\nERZ").
_PLATE_TOKEN_WRAP = r"(?P<plate>[A-Z0-9]{1,4}(?:" + _PLATE_SEP + r"[A-Z0-9]{1,5}|\n[A-Z0-9]{2,5})|[A-Z0-9]{2,8})"
_NUM_WORD = r"(?:[ \t]*(?:#|no\.?|num(?:ber)?\.?))?[ \t]*(?:of[ \t]+)?[:;#.]?[ \t]*"  # ";": OCR's ":"


def _state_alternation() -> str:
    names = sorted(set(US_STATES.values()) | {n.title() for n in _NAME_TO_CODE}, key=len, reverse=True)
    names_rx = "|".join(re.escape(n) + ("" if len(n) > 5 else r"\.?") for n in names)
    return r"(?<![A-Za-z])(?:(?i:" + names_rx + ")|(?-i:" + "|".join(US_STATES) + "))"


_STATE_ALT = _state_alternation()


def state_code(word: str) -> str | None:
    """The two-letter code for a state code or name ("Oregon", "OR", "Ore."), or None."""
    w = word.strip(" .,()/").upper()
    if w in US_STATES:
        return w
    return _NAME_TO_CODE.get(w)


def formats_for(state: str, settings: ExtractionSettings) -> list[str]:
    """Canonical plate formats for a state: the settings' extras first, then the built-ins."""
    return [*settings.extra_plate_formats.get(state, []), *PLATE_FORMATS.get(state, [])]


def normalise_plate(raw: str, state: str, settings: ExtractionSettings, ocr: bool = True) -> tuple[str, float]:
    """The plate number without spaces/dashes, repaired to the state's format, and a confidence.

    A plate that fits a format as read scores highest; one that fits after k OCR repairs scores a
    little lower (`ocr` only: a text layer is never repaired); one that fits none of the state's
    formats (vanity, unknown state) is kept as read.
    """
    compact = re.sub(r"[\s\-\u2013]", "", raw).upper()
    best: tuple[str, int] | None = None
    for fmt in formats_for(state, settings):
        fixed = repair(compact, compile_cached(fmt), max_changes=2 if ocr else 0)
        if fixed and (best is None or fixed[1] < best[1]):
            best = fixed
    if best is not None:
        return best[0], 0.97 - 0.04 * best[1]
    return compact, 0.80


def _words_not_plate(raw: str) -> bool:
    """Whether a plate-shaped reading is only English words or abbreviations ("AS OF", "MT.",
    "NONE"): a plate has a digit, or a letter run that is no word."""
    parts = [p for p in re.split(r"[\s\-\u2013./]+", raw.strip().lower()) if p]
    return bool(parts) and all(p.isalpha() and (p in STOP_WORDS or p.upper() in _STOP or p in _ABBREVIATIONS)
                               for p in parts)


# Abbreviations printed on forms and in addresses that a state code or plate reading could take.
_ABBREVIATIONS = frozenset({"mt", "st", "ft", "pt", "dr", "rd", "ave", "blvd", "hwy", "ln", "ct", "apt", "ste",
                            "po", "nw", "ne", "sw", "se", "inc", "co", "llc", "dept", "exp", "reg", "lic", "veh",
                            "yr", "mo", "min", "max", "am", "pm", "na", "unk", "tbd"})


def _plausible(compact: str, labelled: bool, raw: str = "") -> bool:
    """Whether a token can be a plate (not a stop word, year, state code or long number)."""
    if compact in _STOP or compact in US_STATES or not 2 <= len(compact) <= 8:
        return False
    if _words_not_plate(raw or compact):
        return False
    has_digit = any(c.isdigit() for c in compact)
    has_alpha = any(c.isalpha() for c in compact)
    if not labelled:
        return has_digit and has_alpha and len(compact) >= 5
    if re.fullmatch(r"(19|20)\d{2}", compact):
        return False
    return has_digit or (has_alpha and len(compact) >= 3)


def _fits_any(compact: str, state: str, settings: ExtractionSettings) -> bool:
    return any(compile_cached(f).fullmatch(compact) for f in formats_for(state, settings))


def _state_near(text: str, start: int, end: int) -> str | None:
    """A state written right beside a plate: "482KLM OR", "482KLM (OR)", "OR/482KLM", "Oregon 482KLM"."""
    after = text[end:end + 30]
    m = re.match(r"\s{0,3}[/(,]?\s{0,2}(" + _STATE_ALT + r")\)?(?![A-Za-z0-9])", after)
    if m and (m.group(1).isupper() or len(m.group(1)) > 2):
        return state_code(m.group(1))
    before = text[max(0, start - 30):start]
    m = re.search(r"(" + _STATE_ALT + r")\s{0,2}[/:]?\s{0,2}$", before)
    if m and (m.group(1).isupper() or len(m.group(1)) > 2):
        return state_code(m.group(1))
    return None


def _state_field(text: str, start: int, end: int) -> str | None:
    """A "State: OR" field on the plate's line (after it first) or the next line."""
    line_start = text.rfind("\n", 0, start) + 1
    nl = text.find("\n", end)
    nl = len(text) if nl < 0 else nl
    nl2 = text.find("\n", nl + 1)
    nl2 = len(text) if nl2 < 0 else nl2
    rx = re.compile(r"(?i:(?:plate\s*|lic(?:ense)?\.?\s*|reg(?:istration)?\.?\s*)?state)\s*[:;#]?\s*("
                    + _STATE_ALT + r")(?![A-Za-z])")
    for segment in (text[end:nl], text[line_start:start], text[nl:nl2]):
        m = rx.search(segment)
        if m:
            return state_code(m.group(1))
    return None


# Column headings of vehicle and person tables, never part of a plate.
_HEADER_WORDS = {"STATE", "MAKE", "MODEL", "YEAR", "COLOR", "COLOUR", "STYLE", "PHONE", "VIN", "TYPE",
                 "PLATE", "DOB", "SEX", "NO", "NUMBER", "EXP", "EXPIRES"}


def _candidate(text: str, m: re.Match[str], state: str | None, labelled: bool, base: float,
               settings: ExtractionSettings, ocr: bool = True) -> Candidate | None:
    raw = m.group("plate")
    start, end = m.start("plate"), m.end("plate")
    parts = re.split(r"[ \-\u2013\n]", raw)
    if len(parts) == 2 and state_code(parts[1]) and parts[1].isupper() and len(parts[1]) == 2:
        raw, end = parts[0], start + len(parts[0])  # "KLM OR": the state, not part of the plate
    if "\n" in raw:  # a wrapped plate must fit a format as a whole, else the line break ends it
        st = state or _state_near(text, start, end) or settings.default_state
        if not _fits_any(normalise_plate(raw, st, settings, ocr)[0], st, settings):
            raw, end = parts[0], start + len(parts[0])
    words = re.split(r"[\s\-\u2013]+", raw.upper())
    if any(w in _HEADER_WORDS for w in words):  # "LIC. NO OL STATE": a header row, not a plate
        return None
    compact = "".join(words)
    if not _plausible(compact, labelled, raw):
        return None
    note = None
    if state is None:
        state = _state_near(text, start, end) or _state_field(text, start, end)
    if state is None:
        state, note = settings.default_state, "default_state"
    value, conf = normalise_plate(compact, state, settings, ocr)
    if not labelled and not _fits_any(value, state, settings) and not ocr:
        return None  # a text layer's token is a plate as written or not at all
    if not labelled and not _fits_any(value, state, settings):
        value, conf = normalise_plate(_border_dropped(compact), state, settings)
        if _fits_any(value, state, settings):
            start += 1
        else:
            value = _one_glyph_extra(compact, state, settings) or ""
            if not value:
                return None
            conf = 0.80
    conf = min(conf, base) - (0.15 if note else 0.0)
    return Candidate("plate", value, start, end, round(conf, 3), raw=raw, state=state, note=note)


def _border_dropped(compact: str) -> str:
    """A table plate without the leading cell border that OCR read as 1, I or l ("| 626 KWU" read
    "1626 KWU"); unchanged when it does not start with one."""
    return compact[1:] if len(compact) > 5 and compact[0] in "1Il|" else compact


def _one_glyph_extra(compact: str, state: str, settings: ExtractionSettings) -> str | None:
    """A plate OCR read with one glyph too many ("575G2ZX" for 575GZX): the reading without one
    character, when exactly one such reading fits the state's formats; else None."""
    fits = {compact[:i] + compact[i + 1:] for i in range(len(compact))}
    fits = {v for v in fits if _fits_any(v, state, settings)}
    return fits.pop() if len(fits) == 1 else None


_GLYPH_J = re.compile(r"(?<=[A-Z0-9])(?<!\([A-Z]{2})(?<!\(\d{3})[)\]}](?=[A-Z0-9]|[ \t]\d)")  # not "(OR) 5", "(541) 5"
# The same glyphs ending a plate-shaped token before a state code ("843G)} NV" for 843GJJ), when no
# "(" is open on the line before them (then ")" closes it: "(plate 482KLM) OR").
_GLYPHS_BEFORE_STATE = re.compile(r"(?<=[A-Z0-9])[)\]}][)\]}|]?(?=[ \t]{1,2}(?:" + "|".join(US_STATES)
                                  + r")(?![A-Za-z0-9]))")
# A square or curly bracket ending a capitals token with none opened before it on the line is a J
# ("registration 996 TW] is registered": without the J the plate would still fit a format).
_QUOTE_INSIDE = re.compile(r"(?<=[A-Z0-9]{2} )[\u201c\u201d\u2018\u2019\"'`](?=[A-Z0-9]{2})")
_BRACKET_END = re.compile(r"(?<=[A-Z0-9][A-Z0-9])[\]}](?=[ \t.,;]|$)", re.M)
_LOWER_IN_CAPS = re.compile(r"(?<=[A-Z0-9][A-Z0-9])[a-z](?=[A-Z0-9])")
_LOWER_BEFORE_STATE = re.compile(r"(?<=[A-Z0-9]{3})[a-z](?=[ \t]{1,2}(?:" + "|".join(US_STATES) + r")(?![A-Za-z0-9]))")


def unglue_ocr_plates(text: str) -> str:
    """OCR text with plate-breaking misreads undone, offsets unchanged: a ")", "]" or "}" between capitals
    or digits, or before a space and a digit, is a J ("992G)P", "CG) 771"), and so are one or two of
    them ending a token before a state code ("843G)} NV"); a lone lower-case letter inside a
    capitals-and-digits token is its capital ("LIC/992GjP")."""
    text = _GLYPH_J.sub("J", text)
    text = _GLYPHS_BEFORE_STATE.sub(lambda m: m.group(0) if _open_paren(text, m.start()) else "J" * len(m.group(0)),
                                    text)
    text = _QUOTE_INSIDE.sub("-", text)  # "717 \u201cTLT OR": a stray quote between the plate's halves
    text = _BRACKET_END.sub(lambda m: m.group(0) if "[" in text[text.rfind("\n", 0, m.start()) + 1:m.start()]
                            else "J", text)
    text = _LOWER_BEFORE_STATE.sub(lambda m: m.group(0).upper(), text)  # "175SGx OR"
    return _LOWER_IN_CAPS.sub(lambda m: m.group(0).upper(), text)


def _open_paren(text: str, pos: int) -> bool:
    """Whether a "(" is open on the line before `pos`."""
    line = text[text.rfind("\n", 0, pos) + 1:pos]
    return line.count("(") > line.count(")")


def find_plates(text: str, settings: ExtractionSettings, ocr: bool = True) -> list[Candidate]:
    """Every licence plate in one page's text, with its state (`ocr` False: a text layer, whose
    plates are taken as written, never repaired)."""
    found: list[Candidate] = []
    narrative = re.compile(
        r"(?:(?P<st>" + _STATE_ALT + r")\s+(?i:(?:(?:license|licence|lic\.?|registration|reg\.?|vehicle)\s+)?"
        r"(?:plates?|tags?|registration)" + _NUM_WORD + r")|(?i:\bbearing\s+)(?P<st2>" + _STATE_ALT
        + r")\s+)\n?(?<![A-Za-z0-9])" + _PLATE_TOKEN_WRAP + r"(?![A-Za-z0-9])")
    for m in narrative.finditer(text):  # "Oregon plate 482 KLM", "bearing TX DJ7F258"
        cand = _candidate(text, m, state_code(m.group("st") or m.group("st2")), True, 0.97, settings, ocr)
        if cand:
            found.append(cand)
    # "California license 4JMS696": a state name, then "license" alone; the token must fit a plate
    # format of that state (a driver licence number is written "driver license", never this way).
    licence = re.compile(
        r"(?P<st>" + _STATE_ALT + r")[ \t]+(?i:licen[cs]e|lic\.)" + _NUM_WORD + r"\n?(?<![A-Za-z0-9])"
        + _PLATE_TOKEN_WRAP + r"(?![A-Za-z0-9]|[-/.][A-Za-z0-9])")
    for m in licence.finditer(text):
        state = state_code(m.group("st"))
        if state is None or overlaps(found, m.start("plate"), m.end("plate")):
            continue
        cand = _candidate(text, m, state, False, 0.95, settings, ocr)
        if cand:
            found.append(cand)
    found.extend(_ncic_plates(text, settings, found, ocr))
    labelled = re.compile(r"(?i)(?<![A-Za-z])(?<!property )(?<!evidence )(?-i:(?P<st0>" + "|".join(US_STATES)
                          + r")[ \t]{1,2})?" + _PLATE_LABEL + r"(?![a-z])"
                          + _NUM_WORD + r"(?-i:(?:(?P<st>" + "|".join(US_STATES) + r")[ /]{1,2})?(?<![A-Za-z0-9])"
                          + _PLATE_TOKEN
                          + r")(?![A-Za-z0-9]|[-/.][A-Za-z0-9])")
    for m in labelled.finditer(text):
        if overlaps(found, m.start("plate"), m.end("plate")):
            continue
        cand = _candidate(text, m, state_code(m.group("st") or m.group("st0") or ""), True, 0.97, settings, ocr)
        if cand:
            found.append(cand)
    bare = re.compile(r"(?i)(?<![A-Za-z])(?:license|licence|lic\.?)" + _NUM_WORD
                      + r"(?-i:(?<![A-Za-z0-9])" + _PLATE_TOKEN + r")(?![A-Za-z0-9]|[-/.][A-Za-z0-9])")
    for m in bare.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        on_licence_line = re.search(r"(?i)driver|\bdl\b|\bol\b|\boln\b|operator", line)
        if overlaps(found, m.start("plate"), m.end("plate")) or on_licence_line:
            continue
        if not re.search(r"(?i)\bstate\b|\bcolou?r\b|\bmake\b|\bmodel\b|\bvehicle\b|\bvin\b", line):
            continue
        cand = _candidate(text, m, None, False, 0.95, settings, ocr)  # "Lic." may be a driver licence: fit a format
        if cand:
            found.append(cand)
    found.extend(_beside_state(text, settings, found, ocr))
    found.extend(_table_plates(text, settings, found, ocr))
    return found


_NCIC = re.compile(r"(?<![A-Za-z])LIC[ \t]?/[ \t]?(?P<plate>[A-Z0-9]{1,8})(?P<rest>[^\n]{0,40}?)"
                   r"\bLIS[ \t]?/[ \t]?(?P<st>[A-Z]{2})(?![A-Za-z])")


def _ncic_plates(text: str, settings: ExtractionSettings, found: list[Candidate],
                 ocr: bool = True) -> list[Candidate]:
    """NCIC/LEDS-style vehicle lines: "LIC/482KLM LIS/OR LIY/2025" (plate, then its state)."""
    out: list[Candidate] = []
    for m in _NCIC.finditer(text):
        state = state_code(m.group("st"))
        if state is None or overlaps(found + out, m.start("plate"), m.end("plate")):
            continue
        cand = _candidate(text, m, state, True, 0.97, settings, ocr)
        if cand:
            out.append(cand)
    return out


# A table's cell border between a plate and its state, as OCR reads it on noisy scans: "FCR 466 - OR",
# "626 KWU -}OR", "118 VUN JOR" (a J glued to the state code).
_CELL_BORDER = r"(?:[|\]}\[{!\-:;]{1,2}|J(?=[A-Z]{2}(?![A-Za-z0-9])))"


_VEHICLE_WORDS = re.compile(r"(?i)\b(?:vehicle|veh|plate|lic|license|licence|tag|reg|registration|make|model|"
                            r"vin|year|yr|colou?r|style|registered|auto|car|truck|van|sedan|suv|ncic|leds|dmv|dol)\b")


def _vehicle_context(text: str, start: int) -> bool:
    """Whether the line of `start`, one of the two before it or the one after it speaks of a vehicle."""
    line_start = text.rfind("\n", 0, start) + 1
    for _ in range(2):
        if line_start <= 0:
            break
        line_start = text.rfind("\n", 0, line_start - 1) + 1
    line_end = text.find("\n", start)
    line_end = text.find("\n", line_end + 1) if line_end >= 0 else -1
    return _VEHICLE_WORDS.search(text, line_start, line_end if line_end >= 0 else len(text)) is not None


def _beside_state(text: str, settings: ExtractionSettings, found: list[Candidate],
                  ocr: bool = True) -> list[Candidate]:
    """Plate-shaped tokens right beside a capitalised state code (vehicle tables, "OR/482KLM"), in a
    vehicle context; a code followed by a period is an abbreviation ("MT. Hood"), not a state."""
    out: list[Candidate] = []
    codes = "|".join(US_STATES)
    after = re.compile(r"(?<![A-Za-z0-9\-])" + _PLATE_TOKEN + r"[ \t]{0,2}(?:[/(,]|" + _CELL_BORDER
                       + r")?[ \t]{0,2}(?P<st>" + codes + r")\)?(?![A-Za-z0-9]|\.[ \t]*[A-Za-z])")
    before = re.compile(r"(?<![A-Za-z0-9])(?P<st>" + codes + r")[ \t]{0,2}[/ ][ \t]{0,2}" + _PLATE_TOKEN
                        + r"(?![A-Za-z0-9]|-[A-Za-z0-9])")
    for rx in (after, before):
        for m in rx.finditer(text):
            if overlaps(found + out, m.start("plate"), m.end("plate")) or not _vehicle_context(text, m.start()):
                continue
            cand = _candidate(text, m, m.group("st"), False, 0.9, settings, ocr)
            if cand:
                out.append(cand)
    return out


def _table_plates(text: str, settings: ExtractionSettings, found: list[Candidate],
                  ocr: bool = True) -> list[Candidate]:
    """Plates in the row under a vehicle table header that has a plate column but no state beside."""
    out: list[Candidate] = []
    header = re.compile(r"(?i)\b(?:plate|lic(?:ense)?\s*(?:plate|#|no)|tag\s*(?:#|no))")
    lines = text.split("\n")
    starts = line_starts(lines)
    for i, line in enumerate(lines[:-1]):
        if not header.search(line) or re.search(r"[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}|\d", line):
            continue
        for j in (i + 1, i + 2):
            if j >= len(lines):
                break
            for m in re.finditer(r"(?<![A-Za-z0-9.\-])(?P<plate>[A-Z0-9]{2,4}[ \-][A-Z0-9]{2,4}(?![ \-]?[A-Za-z0-9])|"
                                 r"[A-Z0-9]{5,8})(?![A-Za-z0-9]|[.\-][A-Za-z0-9])", lines[j]):
                s, e = starts[j] + m.start("plate"), starts[j] + m.end("plate")
                if overlaps(found + out, s, e):
                    continue
                compact = re.sub(r"[\s\-\u2013]", "", m.group("plate"))
                if not _plausible(compact, False) or len(compact) > 8:
                    continue
                state = _state_field(text, s, e) or settings.default_state
                value, conf = normalise_plate(compact, state, settings, ocr)
                if not _fits_any(value, state, settings) or not _plausible(value, False):
                    continue
                note = None if _state_field(text, s, e) else "default_state"
                out.append(Candidate("plate", value, s, e, round(min(conf, 0.8), 3), raw=m.group("plate"),
                                     state=state, note=note))
    return out


__all__ = ["find_plates", "normalise_plate", "state_code", "PLATE_FORMATS", "US_STATES", "label_regex"]


PlateField = tuple[int, int, str | None]  # a plate field's value (start, end) in the text, and its state field's


_FIELD_PLATE = re.compile(r"(?<![A-Za-z0-9\-/])(?P<plate>[A-Z0-9]{1,4}" + _PLATE_SEP
                          + r"[A-Z0-9]{1,5}|[A-Z0-9]{2,8})(?![A-Za-z0-9]|[\-/.][A-Za-z0-9])")


def plates_from_fields(items: list[PlateField], text: str, settings: ExtractionSettings,
                       found: list[Candidate], ocr: bool = True) -> list[Candidate]:
    """Plates read from plate fields (a plate, tag or registration label beside, over or under the
    value), each with the state of its state field when the form has one. A plate found already in
    the value takes that state; returns the new plates."""
    out: list[Candidate] = []
    for s, e, state_text in items:
        state = state_code(state_text) if state_text else None
        inside = [c for c in found + out if c.kind == "plate" and c.start < e and c.end > s]
        if inside:
            for c in inside:  # the form's own state field for this plate is the surest state
                if state and c.state != state:
                    c.state, c.note = state, None
                    c.value, _ = normalise_plate(c.value, state, settings, ocr)
            continue
        m = _FIELD_PLATE.search(text, s, e)
        if m is None:
            continue
        cand = _candidate(text, m, state, True, 0.97, settings, ocr)
        if cand:
            out.append(cand)
    return out
