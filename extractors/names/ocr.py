"""OCR clean-up around names: cell borders read as glyphs, and misreadings inside names."""

from __future__ import annotations

import re
from typing import Any

from extractors.lexicon import is_given_name

# OCR misreadings inside a name, undone before it is parsed.
OCR_NAME_REPAIRS: list[tuple[re.Pattern[str], Any]] = [
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
