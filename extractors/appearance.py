"""The court appearance a subpoena or citation asks for: date, time, court, courtroom, officer.

The appearance date is the first date after an appearance anchor ("Court Date:", "Date of
Appearance", "commanded to appear ... on", "Hearing Date"), never a date of birth, issue or incident
date. Courts are normalised to "<County> County Circuit Court" style where the caption allows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from base.models import Appearance, Officer
from extractors.entities import Candidate

MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTH_RX = (r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
             r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATE_RX = re.compile(
    r"(?i)(?<![\d/])(?:(?P<m>[01]?\d)[/\-.](?P<d>[0-3]?\d)[/\-.](?P<y>\d{4}|\d{2})"
    r"|(?P<Y>\d{4})-(?P<M>\d{2})-(?P<D>\d{2})"
    r"|" + _MONTH_RX + r"\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,{0,2}\s+(?P<y2>\d{4})"  # ",,": OCR
    r"|(?P<d3>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?" + _MONTH_RX.replace("mon", "mon3")
    + r",?\s+(?P<y3>\d{4}))(?![\d/])")
TIME_RX = re.compile(
    r"(?i)(?<![\d:])(?:(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)\s*(?P<ap>[ap])?\.?\s?m?\.?(?![a-z])"
    r"|(?P<h2>1[0-2]|0?[1-9])\s*(?P<ap2>[ap])\.?\s?m\b\.?"
    r"|(?P<h3>[01]\d|2[0-3])(?P<mi3>[0-5]\d)\s*(?:hours|hrs|hr)\b)")
_ANCHORS = [
    r"court\s+date(?:\s*(?:/|and|&)\s*time)?", r"appearance\s+date", r"date\s+of\s+appearance",
    r"return\s+date(?:\s*(?:/|and|&)\s*time)?", r"return\s+(?:to\s+court\s+)?on", r"answer\s+date",
    r"on\s+or\s+before",
    r"hearing\s+date", r"trial\s+date", r"arraignment\s+date", r"date\s+to\s+appear",
    r"appear(?:ance)?\s+(?:in\s+court\s+)?on", r"appear\s+at", r"commanded\s+to\s+appear", r"must\s+appear",
    r"you\s+are\s+(?:hereby\s+)?(?:summoned|ordered|required)\s+to\s+appear", r"to\s+appear",
    r"appearance", r"date\s*/\s*time", r"hearing", r"trial",
]
_NOT_APPEARANCE = re.compile(r"(?i)(?:dob|d\.o\.b|birth|born|issued|date\s+issued|issue\s+date|"
                             r"date\s+of\s+(?:violation|offense|incident|arrest)|incident\s+date|"
                             r"violation\s+date|exp(?:ires|iration)?|signed|dated|printed|print\s+date)\W{0,4}$")
HEARINGS = ["arraignment", "pretrial conference", "pre-trial conference", "trial", "jury trial",
            "bench trial", "sentencing", "status conference", "motion hearing", "plea hearing",
            "hearing", "first appearance", "settlement conference", "contested hearing"]


def parse_date(m: re.Match[str]) -> str | None:
    """ISO date from a DATE_RX match, or None when it is not a real date."""
    g = m.groupdict()
    try:
        if g["m"]:
            y = int(g["y"])
            y = y + 2000 if y < 100 else y
            return date(y, int(g["m"]), int(g["d"])).isoformat()
        if g["Y"]:
            return date(int(g["Y"]), int(g["M"]), int(g["D"])).isoformat()
        if g["mon"]:
            return date(int(g["y2"]), MONTHS[g["mon"][:3].lower()], int(g["d2"])).isoformat()
        if g["mon3"]:
            return date(int(g["y3"]), MONTHS[g["mon3"][:3].lower()], int(g["d3"])).isoformat()
    except (ValueError, KeyError):
        return None
    return None


def parse_time(m: re.Match[str]) -> str | None:
    """HH:MM (24 h) from a TIME_RX match."""
    g = m.groupdict()
    if g["h"] is not None:
        h, mi, ap = int(g["h"]), int(g["mi"]), (g["ap"] or "").lower()
    elif g["h2"] is not None:
        h, mi, ap = int(g["h2"]), 0, g["ap2"].lower()
    else:
        h, mi, ap = int(g["h3"]), int(g["mi3"]), ""
    if ap == "p" and h < 12:
        h += 12
    if ap == "a" and h == 12:
        h = 0
    return f"{h:02d}:{mi:02d}" if h < 24 else None


# Anchors that say outright when to appear. When one is on the page but OCR left no date after it
# ("APPEAR AT ... ON seat eeanatee AT 9:00 AM"), the weaker anchors after them in _ANCHORS
# ("DATE/TIME:", the violation's) are not asked: no date beats a wrong one, and the clerk is told.
_EXPLICIT = [a for a in _ANCHORS[:_ANCHORS.index(r"to\s+appear")] if a != r"must\s+appear"]


# On a citation the "Date/Time:" field is the violation's, never the court's.
_VIOLATION_DATE_TIME = r"date\s*/\s*time"


def find_appearance_date(text: str, citation: bool = False) -> tuple[str | None, int]:
    """The appearance date and the offset just after it (-1 when none)."""
    explicit_seen = False
    for anchor in _ANCHORS:
        if explicit_seen and anchor not in _EXPLICIT:
            break
        if citation and anchor == _VIOLATION_DATE_TIME:
            continue
        for a in re.finditer(r"(?i)(?<![a-z])" + anchor + r"(?![a-z])", text):
            explicit_seen = explicit_seen or anchor in _EXPLICIT
            window = text[a.end():a.end() + 220]
            for dm in DATE_RX.finditer(window):
                if _NOT_APPEARANCE.search(window[max(0, dm.start() - 30):dm.start()]):
                    continue
                iso = parse_date(dm)
                if iso:
                    return iso, a.end() + dm.end()
                break
    return None, -1


def find_time(text: str, after: int) -> str | None:
    """The first time of day within a short window after the date (or on a "Time:" field)."""
    window = text[after:after + 120] if after >= 0 else ""
    m = TIME_RX.search(window)
    if m is None:
        label = re.search(r"(?i)(?:court\s+)?time\s*[:#]?\s*", text)
        m = TIME_RX.match(text, label.end()) if label else None
    return parse_time(m) if m else None


_NOT_PLACE = {"the", "of", "in", "for", "at", "and", "to", "appear", "before", "complaint", "citation",
              "uniform", "notice", "summons", "on", "by"}


def find_court(text: str) -> str | None:
    """The court's name, normalised ("Marion County Circuit Court") where the caption allows."""
    flat = re.sub(r"\s+", " ", text)
    rules = [
        (r"(?i)circuit court (?:of the state of oregon )?(?:for|in and for) (?:the )?county of "
         r"([a-z]+(?: [a-z]+)??)(?=[\s,.;]|$)",
         "{} County Circuit Court"),
        (r"(?i)superior court (?:of the state of washington )?(?:for|in and for) ([a-z]+(?: [a-z]+)?) county",
         "{} County Superior Court"),
        (r"(?i)district court (?:of the state of washington )?(?:for|in and for) ([a-z]+(?: [a-z]+)?) county",
         "{} County District Court"),
        (r"(?i)municipal court (?:of|for) the city of ([a-z]+(?: [a-z]+)??)(?=[\s,.;]|$)", "{} Municipal Court"),
        (r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) County (Circuit|District|Superior|Justice) Court",
         "{} County {} Court"),
        (r"\b([A-Z][A-Za-z]+(?: [A-Z][a-z]+)?) Municipal Court", "{} Municipal Court"),
        (r"\b([A-Z]+(?: [A-Z]+)?) COUNTY (CIRCUIT|DISTRICT|SUPERIOR|JUSTICE) COURT", "{} County {} Court"),
        (r"\b([A-Z]+(?: [A-Z]+)?) MUNICIPAL COURT", "{} Municipal Court"),
    ]
    labelled = re.search(r"(?im)^\s*court\s*(?:name|location)?\s*:\s*([^\n]{3,80}?)(?:\s{3,}|$)", text)
    if labelled and re.search(r"(?i)court", labelled.group(1)):
        return _tidy_court(labelled.group(1))
    city = re.search(r"(?im)municipal[ \t]+court[ \t]+(?:of|for)[ \t]+the[ \t]+city[ \t]+of[ \t]+"
                     r"([a-z]+(?:[ \t][a-z]+)?)[ \t]*$", text)  # a caption line: the whole city name
    if city:
        return f"{city.group(1).strip().title()} Municipal Court"
    for rx, fmt in rules:
        m = re.search(rx, flat)
        if m:
            parts = [g.strip().title() for g in m.groups()]
            # "APPEAR AT WASHINGTON COUNTY ...", "CITATION AND COMPLAINT MUNICIPAL COURT": not the place
            words = parts[0].split()
            while words and words[0].lower() in _NOT_PLACE:
                words.pop(0)
            if not words or (len(words) == 1 and words[0].lower() == "state"):
                continue
            parts[0] = " ".join(words)
            return fmt.format(*parts)
    return _tidy_court(labelled.group(1)) if labelled else None


def _tidy_court(value: str) -> str:
    value = re.split(r"\s{2,}|\s+(?:courtroom|room|dept)\b|\.\s+(?=[A-Z][a-z]*\s*:)", value.strip(),
                     flags=re.I)[0].strip(" ,;.")
    return value.title() if value.isupper() else value


def find_courtroom(text: str, near: int = -1) -> str | None:
    """Courtroom / room / department as written ("4A", "210"), preferring one near the appearance."""
    rx = re.compile(r"(?i)(?<![a-z])(?P<kw>court\s?room|room|rm\.?|dept\.?|department)\s*(?:no\.?|number|#)?"
                    r"\s*[:#]?\s*(?P<room>[A-Z]?\d{1,4}[A-Z]?|[A-Z])\b")
    if near >= 0:
        m = rx.search(text[max(0, near - 250):near + 250])
        if m:
            return m.group("room")
    for m in rx.finditer(text):
        if m.group("kw").lower().startswith("court"):
            return m.group("room")
    return None


def find_hearing(text: str) -> str | None:
    """The kind of hearing, when the document names one."""
    m = re.search(r"(?i)(?:hearing(?:\s+type)?|type\s+of\s+hearing|proceeding|for)\s*[:\-]?\s*(?:a\s+|the\s+)?("
                  + "|".join(re.escape(h) for h in HEARINGS) + r")\b", text)
    return m.group(1).lower() if m else None


def _time_after_date(text: str, iso: str) -> str | None:
    """The time written after the first writing of the date `iso` in the text, or on a time field."""
    for dm in DATE_RX.finditer(text):
        if parse_date(dm) == iso:
            return find_time(text, dm.end())
    return find_time(text, -1)


def _pick_officer(people: list[Candidate], roster: Sequence[Officer], text: str) -> tuple[str | None, str | None]:
    officers = [p for p in people if p.role == "officer"]
    officers.sort(key=lambda p: (p.badge is None, p.page, p.start))
    if officers:
        return officers[0].badge, officers[0].value
    m = re.search(r"(?i)badge\s*(?:no\.?|#|number)?\s*[:#]?\s*(\d{2,6})", text)
    if m:
        badge = m.group(1)
        name = next((o.name for o in roster if o.badge == badge), None)
        return badge, name
    return None, None


def date_in(value: str) -> str | None:
    """The ISO date written in a field's value ("03/28/2024", "March 28, 2024"), or None."""
    m = DATE_RX.search(value)
    return parse_date(m) if m else None


def find_appearance(text: str, doc_type: str, people: list[Candidate], numbers: dict[str, list[str]],
                    roster: Sequence[Officer] = (), field_date: str | None = None,
                    field_time: str | None = None) -> Appearance | None:
    """The appearance a subpoena or citation asks for, or None when it names no date.

    `field_date`/`field_time` are the values of the form's court date and time fields (found by
    geometry: a return date typed over its label on an underline ticket): they come first."""
    if doc_type not in ("subpoena", "citation"):
        return None
    iso, after = (date_in(field_date), -1) if field_date else (None, -1)
    if iso is None:
        iso, after = find_appearance_date(text, citation=doc_type == "citation")
    if iso is None:
        return None
    if field_time and (tm := TIME_RX.search(field_time)) and (hhmm := parse_time(tm)):
        time_of_day: str | None = hhmm
    else:
        time_of_day = find_time(text, after) if after >= 0 else _time_after_date(text, iso)
    badge, officer_name = _pick_officer(people, roster, text)
    defendant = next((p.value for p in people if p.role == "defendant"), None)
    if defendant is None and doc_type == "citation":
        defendant = next((p.value for p in people if p.role in ("driver", "suspect")), None)
    return Appearance(
        date=iso, time=time_of_day, court=find_court(text), courtroom=find_courtroom(text, after),
        hearing=find_hearing(text), officer_badge=badge, officer_name=officer_name, defendant=defendant,
        case_numbers=list(numbers.get("case_number", [])),
        citation_numbers=list(numbers.get("citation_number", [])),
        court_case_numbers=list(numbers.get("court_case_number", [])),
        source="document",
    )
