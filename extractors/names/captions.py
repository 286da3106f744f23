"""People in court captions, signature blocks and badged lines."""

from __future__ import annotations

import re

from extractors.entities import Candidate
from extractors.names.parsing import ATTORNEY_TITLES, COMMA_NAME, NAME_SEQ, OFFICER_TITLES, badge_in, parse_name

# "Perez, Candice #42905, Corvallis Police Department.": a warrant's return, a property receipt
_BADGED_COMMA_LINE = re.compile(r"(?m)^[ \t]*(?P<name>[A-Z][A-Za-z'\-]+,[ \t]+[A-Z][a-z'\-]+"
                                r"(?:[ \t]+(?:[A-Z]\.|[A-Z][a-z'\-]+))?)[ \t]*,?[ \t]*\(?#[ \t]?(?P<badge>\d{2,6})\b")


def badged_comma_lines(text: str, found: list[Candidate]) -> list[Candidate]:
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


# Pleading paper's furniture: line numbers down the margin, and the ")" or "§" column of a caption.
_LINE_NUMBER = re.compile(r"(?m)^([ \t]*)(\d{1,2})(?=[ \t]{2,}|[ \t]*$)")
_CAPTION_MARK = re.compile(r"(?m)(?<=[ \t])[)\u00a7](?=[ \t]|$)|^[)\u00a7](?=[ \t]|$)")


def blank_furniture(text: str) -> str:
    """A court filing's text with its pleading line numbers and caption bracket column blanked (the
    same length), so a caption reads "ROBERT BARNES,\n Appellant." and a numbered line is prose."""
    numbers = list(_LINE_NUMBER.finditer(text))
    values = [int(m.group(2)) for m in numbers]
    if len(values) >= 5 and sum(b > a for a, b in zip(values, values[1:], strict=False)) >= 0.8 * (len(values) - 1):
        for m in numbers:
            text = text[:m.start(2)] + " " * len(m.group(2)) + text[m.end(2):]
    marks = list(_CAPTION_MARK.finditer(text))
    if len(marks) >= 3:
        for m in marks:
            text = text[:m.start()] + " " + text[m.end():]
    return text


def caption_defendants(text: str) -> list[Candidate]:
    """"STATE OF OREGON v. JAMES HARRINGTON" and "NAME,\\n  Defendant." captions."""
    out: list[Candidate] = []
    caption = re.compile(
        r"(?i:(?<![a-z])(?:state(?:\s+of\s+[a-z]+)?|city\s+of\s+[a-z ]+|people(?:\s+of\s+[a-z ]+)?)[\s,]*"
        r"(?:(?:plaintiff|respondent|appellee|petitioner)s?[\s,.\-]*)?"
        r"(?:v\.?|vs\.?|versus)[\s,]*)(?P<name>" + COMMA_NAME + "|" + NAME_SEQ + r")")
    for m in caption.finditer(text):
        name, _ = parse_name(m.group("name"), strict=False)
        if name:
            out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.93,
                                 raw=m.group("name"), role="defendant", source=3))
    below = re.compile(r"(?m)^[ \t]*(?P<name>" + COMMA_NAME + "|" + NAME_SEQ
                       # OCR: a blank line between
                       + r")[ \t]*(?:,[^\n]*|[ \t]{2,}[^\n]*)?[ \t]*\n(?:[ \t]*\n)?[ \t]*"
                       r"(?P<role>(?:Defendant-)?(?:Defendant|Respondent|Appellant))s?\b\.?")
    for m in below.finditer(text):
        name, _ = parse_name(m.group("name"), strict=False)
        if name:
            out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.93,
                                 raw=m.group("name"), role="defendant", source=3))
    return out


# Judges: "Honorable Emma Savannah Gomez, Trial Judge", "Misty Reed, Judge.", "Mateo Schmidt, P.J.,
# and Maeve L. Del Rio, J., concur."
_JUDGE_BEFORE = re.compile(r"(?<![A-Za-z])(?:Honorable|Hon\.|HONORABLE|HON\.|Judge|JUDGE|Justice)[ \t]+"
                           r"(?P<name>" + NAME_SEQ + r")")
_JUDGE_AFTER = re.compile(r"(?<![A-Za-z.])(?P<name>" + NAME_SEQ + r"),[ \t]+"
                          r"(?:(?:Trial|Presiding|Chief|Associate|Circuit|"
                          r"District|Senior|Magistrate)[ \t]+)?(?:Judge|Justice|Magistrate|P\.[ ]?J\.|C\.[ ]?J\.|J\.)"
                          r"(?=[ \t]*(?:[,.;)]|$|and\b|concur))", re.M)
# A letter's signature: the name under its closing ("Sincerely,", "Respectfully submitted,").
_CLOSING = re.compile(r"(?m)^[ \t]*(?:Sincerely|Respectfully(?:[ \t]+submitted)?|Regards|Very[ \t]+truly[ \t]+yours|"
                      r"Best[ \t]+regards|Thank[ \t]+you),?[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*(?:/s/[ \t]*)?"
                      r"(?P<name>" + NAME_SEQ + r")[ \t]*,?[^\n]*\n?(?P<title>[^\n]{0,60})")


def judges_and_letters(text: str) -> list[Candidate]:
    """Judges named in a caption or an opinion (role other) and the signer of a letter (role from the
    title under the name: an attorney's, an officer's, else other)."""
    out: list[Candidate] = []
    for rx in (_JUDGE_BEFORE, _JUDGE_AFTER):
        for m in rx.finditer(text):
            name, _ = parse_name(m.group("name"), strict=False)
            if name and not any(c.start == m.start("name") for c in out):
                out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.9, raw=m.group("name"),
                                     role="other", source=3))
    for m in _CLOSING.finditer(text):
        name, titles = parse_name(m.group("name"), strict=False)
        if not name:
            continue
        title = m.group("title").lower()
        role = "officer" if titles & OFFICER_TITLES or re.search(r"officer|deputy|trooper|sergeant|detective", title) \
            else "attorney" if titles & ATTORNEY_TITLES or re.search(r"attorney|counsel|prosecutor", title) else "other"
        out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.9, raw=m.group("name"), role=role,
                             source=3))
    return out


def signature_blocks(text: str) -> list[Candidate]:
    """A line holding only a name, with the signer's title on the next line."""
    out: list[Candidate] = []
    rx = re.compile(
        r"(?m)^[ \t]*(?:/s/[ \t]*)?(?P<name>" + NAME_SEQ + r")[ \t]*(?:,[^\n]{0,30}|#?[ \t]*\d{2,6})?[ \t]*\n"
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
        badge = badge_in(m.group(0)) if role == "officer" else None
        out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.9, raw=m.group("name"),
                             role=role, badge=badge, source=3))
    titled = re.compile(  # a line led by a titled name: "Lt. Kelly Morrison, Badge 2436, Corvallis PD."
        r"(?m)^[ \t]*(?P<title>Officer|Ofc\.?|Deputy|Dep\.|Trooper|Tpr\.?|Sergeant|Sgt\.?|Detective|Det\.?|Cpl\.?|"
        r"Corporal|Lieutenant|Lt\.?|Captain|Capt\.?)[ \t]+(?P<name>" + NAME_SEQ + r")[ \t]*(?=,|#|\(|$)"
        r"|^[ \t]*(?P<name2>" + NAME_SEQ + r")[ \t]*,?[ \t]*(?:Badge|#)[ \t]*(?:No\.?|#)?[ \t]*\d{2,6}\b")
    for m in titled.finditer(text):
        group = "name" if m.group("name") else "name2"
        name, _ = parse_name(m.group(group), strict=False)
        if name:
            out.append(Candidate("person", name, m.start(group), m.end(group), 0.9, raw=m.group(group),
                                 role="officer", badge=badge_in(m.group(0)), source=3))
    same_line = re.compile(
        r"(?m)^[ \t]*(?:/s/[ \t]*)?(?P<name>" + NAME_SEQ + r")[ \t]*,[ \t]*(?P<title>(?i:attorney(?:\s+at\s+law)?|"
        r"esq\.?|deputy\s+district\s+attorney|district\s+attorney|dda|public\s+defender|counsel\s+for\s+[a-z]+))"
        r"[ \t]*$")
    for m in same_line.finditer(text):  # "John Pham, Attorney at Law" under a letter
        name, _ = parse_name(m.group("name"), strict=False)
        if name:
            out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.9, raw=m.group("name"),
                                 role="attorney", source=3))
    judge = re.compile(r"(?m)^[ \t]*(?:Hon\.?|Honorable|HON\.?|Judge|JUDGE)[ \t]+(?P<name>" + NAME_SEQ + r")[ \t]*$")
    for m in judge.finditer(text):
        name, _ = parse_name(m.group("name"), strict=False)
        if name:
            out.append(Candidate("person", name, m.start("name"), m.end("name"), 0.9, raw=m.group("name"),
                                 role="other", source=3))
    return out


# --------------------------------------------------------------------------- narratives
