"""People in form fields read from the page text: "Role: NAME" fields, rows led by a role label,
header rows over value rows and rows led by a role code."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extractors.entities import Candidate, blank_header_noise, line_starts
from extractors.lexicon import is_given_name
from extractors.names.boilerplate import is_dictionary_word
from extractors.names.captions import badged_comma_lines, caption_defendants, judges_and_letters, signature_blocks
from extractors.names.parsing import OFFICER_TITLES, badge_after, badge_in, parse_name
from extractors.names.roles import (
    DEFAULT_CODES,
    label_role,
    label_table,
    legend_of,
    role_for_label,
    slash_code,
    ticket_kind,
)

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

_FIELD_END = re.compile(
    r"\s{3,}|\t|\s+(?=(?:DOB|D\.O\.B|Age|Sex|Race|Addr(?:ess)?|Phone|Tel|Badge|DPSST|ID|DL|OLN|Hgt|Wgt|"
    r"Ht|Wt|Employer|Occupation|Res(?:idence)?|Home|Cell|Email|Unit|Date|Time|Court|Citation|"
    r"Vehicle|Plate|State|Lic|Zip|City|Agency|Relationship|Statement)\b"
    r"|Case\b(?!,))", re.I)  # "Case No." ends a name; "Det. Mary Case, Badge ..." is a surname


_LEADING_LABEL = re.compile(r"(?m)^[ \t]*(?P<label>[A-Za-z][A-Za-z/ ]{1,25}?)[ \t]+(?=[A-Z])(?P<value>[^\n]*)")





def find_labelled_people(text: str, settings: ExtractionSettings, doc_type: str = "other") -> list[Candidate]:
    """People named in form fields ("Role: NAME"), table header rows, captions and signature blocks."""
    out: list[Candidate] = []
    table = label_table(settings)
    doc_type = ticket_kind(text, doc_type)
    fields: list[tuple[str, int, str, bool]] = []  # (label, value start, value, colon)
    fields.extend(_colon_fields(text, table))
    fields.extend(_leading_labels(text, table))
    fields.extend(_header_fields(text))
    for label, value_start, value, colon in fields:
        hit = label_role(label, table)
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
        gap = len(value) - len(value.lstrip(" \t"))  # the page model writes a wide gap as 3 spaces
        value_start, value = value_start + gap, value[gap:]
        whole = value  # badge numbers sit after the name ("Nicole Carrillo, Badge 845, Albany PD")
        value = _FIELD_END.split(value, maxsplit=1)[0]
        name, titles = parse_name(value, strict=False)
        end = value_start + len(value)
        given_only = (name is not None and "," not in value  # "Catherine Elizabeth" / "DuBois.": no surname yet
                      and all(is_given_name(w.strip(".")) for w in name.split()))
        if (not name or given_only) and colon and value.strip() and text[end:end + 1] == "\n":
            # a name wrapped onto the next line: "Assisting: Officer Chad" / "McAllister (#512) arrived"
            wrapped = re.match(r"\n[ \t]*((?:(?i:st\.|de|del|da|van|von|le|la|ten)[ \t]+)?[A-Z][A-Za-z'\-]+\.?)",
                               text[end:end + 40])
            word = wrapped.group(1).strip(".") if wrapped else ""
            after = text[end + wrapped.end():end + wrapped.end() + 3] if wrapped else ""
            label_next = after.lstrip(" \t")[:1] == ":"  # "Location:" starts a field of its own
            if wrapped and not label_next and not (given_only and (is_given_name(word) or is_dictionary_word(word))):
                value = value.rstrip() + " " + wrapped.group(1)
                name, titles = parse_name(value, strict=False)
        if not name:
            continue
        role = role_for_label(lab, {lab: role_hint}, titles, whole, doc_type)
        if role is None:
            continue
        badge = (badge_in(value) or badge_after(text, value_start + len(value))) if role == "officer" else None
        lead = len(value) - len(value.lstrip())
        out.append(Candidate("person", name, value_start + lead, value_start + len(value.rstrip()),
                             0.95, raw=value.strip(), role=role, badge=badge, source=3))
    out.extend(caption_defendants(text))
    out.extend(signature_blocks(text))
    out.extend(judges_and_letters(text))
    out.extend(badged_comma_lines(text, out))
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
    legend = legend_of(text, table)
    out: list[Candidate] = []
    for m in _CODE_ROW.finditer(text):
        code = m.group("code").replace("5", "S")  # OCR: "5-1" for "S-1"
        role = legend.get(code) or (DEFAULT_CODES.get(code) if m.group("n") else None)
        if role is None:
            continue
        value = _FIELD_END.split(m.group("value"), maxsplit=1)[0]
        name, titles = parse_name(value, strict=False)
        if not name:
            continue
        out.append(Candidate("person", name, m.start("value"), m.start("value") + len(value.rstrip()), 0.93,
                             raw=value.strip(), role="officer" if titles & OFFICER_TITLES else role, source=3))
    for m in _OCR_CODE_ROW.finditer(text):
        role = DEFAULT_CODES.get(m.group("code"))
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
            key = re.sub(r"[\s.]+", " ", slash_code(label).lower()).strip()
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
    offsets = line_starts(lines)
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
