"""Name parsing and normalisation: a raw field value or mention to a natural-order name
("HARRINGTON, James Robert" -> "James Robert Harrington", "DE LA CRUZ, LUIS" -> "Luis De La Cruz"),
its titles, and the badge written beside it."""

from __future__ import annotations

import re

from extractors.lexicon import is_given_name, is_name_word
from extractors.names.boilerplate import is_dictionary_word

TITLES = [
    "deputy district attorney", "district attorney", "senior trooper", "sr trooper", "police officer",
    "reserve officer", "officer", "ofc", "ofcr", "off", "po", "deputy", "dep", "dept", "trooper", "tpr",
    "sergeant", "sgt", "lieutenant", "lt", "corporal", "cpl", "detective", "det", "captain", "capt",
    "chief", "sheriff", "agent", "special agent", "inspector", "investigator", "inv", "judge", "hon",
    "honorable", "the honorable", "dda", "ada", "atty", "attorney", "mr", "mrs", "ms", "miss", "dr",
    "mx", "pfc", "cst", "commander", "cmdr", "colonel", "col", "major", "maj",
]
OFFICER_TITLES = {"officer", "ofc", "ofcr", "off", "po", "deputy", "dep", "trooper", "tpr", "sergeant", "sgt",
                  "lieutenant", "lt", "corporal", "cpl", "detective", "det", "captain", "capt", "chief",
                  "sheriff", "agent", "inspector", "investigator", "inv", "police officer",
                  "senior trooper", "sr trooper", "reserve officer", "commander", "cmdr", "colonel",
                  "col", "major", "maj"}
ATTORNEY_TITLES = {"deputy district attorney", "district attorney", "dda", "ada", "atty", "attorney"}
SUFFIXES = {"JR", "SR", "II", "III", "IV", "V"}
PARTICLES = {"de", "la", "del", "della", "van", "von", "der", "den", "da", "di", "du", "le", "st",
             "st.", "dos", "das", "y", "bin", "al", "el", "ter", "ten", "mac"}
STOP_WORDS = {
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
ORG_WORDS = {"police", "department", "dept", "office", "county", "sheriff", "sheriff's", "bureau",
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
    "ln", "ct", "pl", "ter", "trl", "cir", "pkwy", "sq", "ctr", "blvd", "ave", "hwy", "rd", "cres", "xing",
    "volkswagen", "passat", "jetta", "tesla", "kia", "forte", "hyundai", "mazda", "chevy", "gmc",
    "silverado", "civic", "accord", "camry", "corolla", "outback", "forester", "tacoma", "tundra",
    "grants", "klamath", "medford", "albany", "corvallis", "roseburg", "springfield", "hillsboro",
    "loaf", "spur", "spurs", "stravenue", "passage", "mission", "lock", "rue", "viaduct", "ways",
    "squares", "ranches", "crest",
    "keizer", "mcminnville", "redmond", "lebanon", "ashland", "newberg", "astoria", "pendleton",
}
_NAME_WORD = r"(?:[A-Z][A-Za-z'\u2019\-]*[A-Za-z]\.?|[A-Z]\.?|(?:de|del|la|van|von|der|den|da|di|du|le|dos|y)(?=\s))"
NAME_SEQ = _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,5}"
COMMA_NAME = (r"(?:[A-Z][A-Za-z'\u2019\-]+(?:[ \t]+[A-Za-z'\u2019\-\.]+){0,3})[ \t]*,[ \t]*"
               r"(?:[A-Z][A-Za-z'\u2019\-]*\.?)(?:[ \t]+[A-Z][A-Za-z'\u2019\-]*\.?){0,3}"
               r"(?:[ \t]*,?[ \t]*(?:Jr|Sr|JR|SR|II|III|IV)\.?)?")
_BADGE_AFTER = re.compile(
    r"^[\s,;]*(?:\(|\[)?\s*(?:badge|bdg|dpsst|id|#|no\.?|serial|unit)?\s*(?:no\.?|#|number|num\.?)?\s*[:#]?\s*"
    r"#?\s*(?P<badge>\d{2,6})\b", re.I)


def recase_word(word: str) -> str:
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


def strip_titles(tokens: list[str]) -> tuple[list[str], set[str]]:
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
        if not changed:  # a rank phrase: dictionary words before a title ("Task Force Officer", "Patrol Sgt.")
            k = next((k for k in range(1, min(4, len(tokens) - 2)) if _title_key(tokens[k]) in TITLES), 0)
            if k and all(t[:1].isupper() and is_dictionary_word(t) for t in tokens[:k]):
                n = next(n for n in (3, 2, 1) if " ".join(_title_key(t) for t in tokens[k:k + n]) in TITLES)
                seen.add(" ".join(_title_key(t) for t in tokens[k:k + n]))
                tokens = tokens[k + n:]
                changed = True
    return tokens, seen




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
    text = re.split(r"\s*(?:#|\(|\[|\bbadge\b|\bdpsst\b|\bdob\b|\bd\.o\.b\b|\d|(?<=\s)\S*/)", text, maxsplit=1,
                    flags=re.I)[0].strip(" ,;:-/")  # "/": a date OCR garbled ("OM/O/IY7A")
    text = re.sub(r"(?i)[,\s]+et\.?\s+al\b.*$", "", text)  # a caption's "et al.": the others, not a name part
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
    if len(kept) >= 2 and len(strip_titles(kept[0].split())[0]) >= 2 and any(
            w.lower().strip(".'s") in ORG_WORDS for w in " ".join(kept[1:]).split()):
        kept = kept[:1]  # "Matthew MacArthur, Salem Police Department"
    if len(kept) == 2 and strip_titles(kept[0].split())[1] & OFFICER_TITLES and \
            len(strip_titles(kept[0].split())[0]) >= 2:
        kept = kept[:1]  # "Lt. Caitlin Robinson, Training": a titled name is in natural order
    if not kept or len(kept) > 2:
        return None, titles
    if len(kept) == 2 and _stray_comma(kept[0], kept[1]):
        kept = [f"{kept[0]} {kept[1]}"]  # "Richard Amy, Hood": natural order, OCR's comma
    if len(kept) == 2:
        last_tokens, lead = strip_titles(kept[0].split())
        titles |= lead
        given_tokens, _ = strip_titles(kept[1].split())
        if len(given_tokens) > 1 and given_tokens[-1].rstrip(".").upper() in SUFFIXES \
                and given_tokens[-1] not in ("V.", "v."):  # "Little, Jennifer V.": an initial
            suffix = suffix or _fmt_suffix(given_tokens.pop())
        if last_tokens and last_tokens[-1].rstrip(".").upper() in SUFFIXES:
            suffix = suffix or _fmt_suffix(last_tokens.pop())
        tokens = given_tokens + last_tokens
    else:
        tokens, lead = strip_titles(kept[0].split())
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
    stop = STOP_WORDS if strict else STOP_WORDS - _NAME_LIKE_STOP - _PLACE_WORDS
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
        if tok.endswith(".") and len(low) >= 2 and i < len(tokens) - 1 and low not in PARTICLES:
            return None  # "Okla. Stat", "Tex. Penal": an abbreviated word inside is no name part
        if low in PARTICLES and i < len(tokens) - 1:
            out.append(recase_word(tok) if tok.isupper() else tok)
            continue
        if len(low) == 1 and tok[0].isupper() and 0 < i < len(tokens) - 1:  # a middle initial ("A.")
            out.append(low.upper() + ".")
            continue
        last_bad = _STREET_WORDS | _TITLE_WORDS if strict else _TITLE_WORDS  # "Jamie Throughway" in prose
        if low in stop or tok.lower() in stop or (i == len(tokens) - 1 and low in last_bad):
            return None
        if not tok[0].isupper():
            return None
        out.append(recase_word(tok))
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


def badge_in(value: str) -> str | None:
    m = re.search(r"(?i)(?:badge|bdg|dpsst|#)\s*(?:no\.?|#|number)?\s*[:#]?\s*(\d{2,6})\b", value)
    if m:
        return m.group(1)
    m = re.search(r"\((\d{2,6})\)", value)
    return m.group(1) if m else None


def badge_after(text: str, end: int) -> str | None:
    m = _BADGE_AFTER.match(text[end:end + 40])
    return m.group("badge") if m else None

