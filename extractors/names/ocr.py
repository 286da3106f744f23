"""OCR clean-up around names: cell borders read as glyphs, and misreadings inside names.

Only OCR could have erred: the repairs are general rules over what a glyph may be misread as, applied
to OCR'd words read unsurely, never to text layers (`clean_ocr_page`)."""

from __future__ import annotations

import re

from base.models import Page
from extractors.fields import word_spans
from extractors.lexicon import is_given_name

_BORDER = re.compile(r"(?m)(?:^[ \t]*[\[\]|{}_]+|^[ \t]*[\-\u2013\u2014~\u2018\u2019'`\"]+(?=[ \t]*[A-Z])|"
                     r"(?<=\s)[|{}\[\]_]+(?=\s|$|[A-Z])|(?<=\s)I(?=[ \t]*$)|"
                     r"(?<=[ \t])[Ilif](?=[ \t]+\d)|^[ \t]*I(?=[ \t]+[A-Z5]{1,3}-?\d{0,2}[ \t]))")


# A cell border read as "I", "|", "l" or "!" between a row's leading cell (a role label or code) and a
# name: "Complainant/RP I Pamela Thomas 11/08/1952", "RP I Hernandez, Bianca" (a comma or a date
# after the name says it is a table row, never "Then I Walked Home").
_CELL_BAR = re.compile(r"(?m)(^[ \t]*[A-Z][A-Za-z/]*(?:-?\d{1,2})?(?:[ \t][A-Z][A-Za-z/]*)?[ \t]+)"
                       r"(?:[I|l!]|[a-z](?=[ \t]+[A-Z]{2}))"
                       r"(?=[ \t]+[A-Z][A-Za-z'\-]+(?:,|,?(?:[ \t]+[A-Z][A-Za-z'\-]*\.?){1,3}[ \t]+\d))")
_TITLE_COMMA = re.compile(r"\b(Hon|Ofc|Sgt|Det|Cpl|Lt|Tpr|Dep|Capt|Insp|Mr|Ms|Mrs|Dr)[,\"'`](?=[ \t][A-Z])")
# A middle initial's period read as a comma inside a name: "WANDA A, EVANS", "Wanda A, Evans"
# (before a comma the surname of a "Surname, Given" name is never one letter).
_INITIAL_COMMA = re.compile(r"(?<=[A-Za-z] [A-Z]),(?= [A-Z][A-Za-z'\-]+\b)")
_STAR_SPACE = re.compile(r"(?<=[A-Za-z])\*(?=[A-Z])")  # "STEPHEN*NGUYEN": a space read as "*"
_CODE_NUMBER_GLYPH = re.compile(r"(?m)^([ \t]*[A-Z]{1,3}-)[\]|lIi](?=:?[ \t]+[A-Z])")  # "S-] TREVOR", "V-i Taylor": -1
# A given name read in lower case (its capital I as "l"), where a name's given name stands: after
# "Surname, ", a label's colon or a rank ("HOGAN, lan Kevin", "Tow Operator: lan Bowman",
# "JOHNSON, john Julie", "Sgt. jacqueline R. Le"); only when it then reads as a census given name
# (never "towed, later Released").
_LOWER_GIVEN = re.compile(r"(?m)(?P<ctx>(?:\b[A-Z][A-Za-z'\-]*,|:|\b(?:Sgt|Ofc|Det|Lt|Cpl|Capt|Dep|Tpr|Insp)\.)[ \t])"
                          r"(?P<word>[a-z]{2,12})\b(?=[ \t]+[A-Z]|[ \t]*[,.(]|[ \t]*$)")
# A rank abbreviation with one round glyph misread, before a name: "Set. Zoe Walker" (Sgt.), "Ofe
# Wanda Thompson" (Ofc).
RANKS = ("Sgt", "Ofc", "Det", "Cpl", "Tpr", "Dep", "Lt", "Capt", "Insp")
_ROUND = frozenset("aceogq")
_RANK_LIKE = re.compile(r"\b(?P<word>[A-Z][a-z]{1,3})(?=\.?[ \t]+[A-Z][a-z]+[ \t]+[A-Z])")
# Inside names: an apostrophe's space ("O' CONNOR"), an initial I read as 1 ("Laura 1,"), a dropped
# space before an initial ("AnnT."), an initial read twice ("kK."), a hyphen after a particle
# ("Von-Ahn"), "!" for a final l ("Car!"), a suffix II/III read as Il/ll/11 ("Rivera Il").
_APOSTROPHE_SPACE = re.compile(r"\b([OD]')[ \t]([A-Z][A-Za-z'\-]*)")
_ONE_FOR_I = re.compile(r"(?m)\b([A-Z][a-z]+[ \t])[1|](?=[.,]?(?:[ \t]|$))")
_GLUED_INITIAL = re.compile(r"\b([A-Z][a-z]+)([A-Z])\.(?=\s|,|$)")
_DOUBLED_INITIAL = re.compile(r"\b([a-z])([A-Z])\.(?=\s|,|$)")
_PARTICLE_HYPHEN = re.compile(r"\b((?i:von|van|del|de|la|da))-(?=[A-Z])")
_BANG_FOR_L = re.compile(r"\b([A-Z][a-z]+)!(?=[\s,.]|$)")
_SUFFIX_GLYPHS = re.compile(r"(?m)(?<=[A-Za-z.] )[Il1|!+]{2,3}(?=[ \t]*(?:,|$|\d{1,2}/|[ \t]{2}|[A-Z][A-Za-z.]*:))")
# OCR words read with at least this confidence are taken as written.
UNSURE_BELOW = 0.90


def _lower_given(m: re.Match[str]) -> str:
    word = m.group("word")
    for cand in (("I" + word[1:]) if word[0] == "l" else "", word.capitalize()):
        if cand and is_given_name(cand):
            return m.group("ctx") + cand
    return m.group(0)


def _rank(m: re.Match[str]) -> str:
    """The rank a capitalised word reads as with one round glyph misread ("Set" -> "Sgt", "Ofe" ->
    "Ofc"), when exactly one rank does and the word is no rank or given name itself."""
    word = m.group("word")
    if word in RANKS or is_given_name(word):
        return word
    near = [r for r in RANKS if len(r) == len(word) and _one_round_glyph(r, word)]
    return near[0] if len(near) == 1 else word


def _one_round_glyph(a: str, b: str) -> bool:
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diffs) == 1 and diffs[0][0] in _ROUND and diffs[0][1] in _ROUND


def scrub_ocr_borders(text: str) -> str:
    """What OCR may have misread around names, undone in `text`: table-border glyphs blanked out
    ("[RP Hernandez", "Bryan I 12/01/1982", "| 458") and misreadings inside names repaired ("lan" for
    "Ian", "A," for "A.", "*" for a space, "Set." for "Sgt.", "Il" for "II").

    Every repair keeps the length, so character offsets (and OCR word boxes) stay valid. Only
    `clean_ocr_page` decides where it applies: never on text layers, only on unsure OCR words.
    """
    text = _BORDER.sub(lambda m: " " * len(m.group(0)), text)
    text = _CELL_BAR.sub(lambda m: m.group(1) + " ", text)
    text = _INITIAL_COMMA.sub(".", text)
    text = _STAR_SPACE.sub(" ", text)
    text = _CODE_NUMBER_GLYPH.sub(lambda m: m.group(1) + "1", text)
    text = _RANK_LIKE.sub(_rank, text)
    text = _LOWER_GIVEN.sub(_lower_given, text)
    text = _TITLE_COMMA.sub(lambda m: m.group(1) + ".", text)  # "Hon, Jessica Medina", 'Cpl" CASEY FULLER'
    text = _APOSTROPHE_SPACE.sub(lambda m: " " + m.group(1) + m.group(2), text)
    text = _ONE_FOR_I.sub(lambda m: m.group(1) + "I", text)
    text = _GLUED_INITIAL.sub(lambda m: f"{m.group(1)} {m.group(2)}", text)
    text = _DOUBLED_INITIAL.sub(lambda m: f" {m.group(2)}." if m.group(1) == m.group(2).lower() else m.group(0), text)
    text = _PARTICLE_HYPHEN.sub(lambda m: m.group(1) + " ", text)
    text = _BANG_FOR_L.sub(lambda m: m.group(1) + "l", text)
    return _SUFFIX_GLYPHS.sub(lambda m: "I" * len(m.group(0)), text)


def clean_ocr_page(page: Page, unsure_below: float = UNSURE_BELOW) -> str:
    """The text of a page as the person finders read it: a text layer as written; an OCR page with
    `scrub_ocr_borders`' repairs kept only inside words OCR read with less than `unsure_below`
    confidence (a sure reading is taken as written). Same length as `page.text`."""
    text = page.text
    if page.method != "ocr":
        return text
    fixed = scrub_ocr_borders(text)
    if fixed == text:
        return text
    sure = bytearray(len(text))
    for word, span in zip(page.words, word_spans(page), strict=True):
        if span is not None and word.confidence >= unsure_below:
            sure[span[0]:span[1]] = b"\x01" * (span[1] - span[0])
    return "".join(o if sure[k] else f for k, (o, f) in enumerate(zip(text, fixed, strict=True)))
