"""People from person fields found by geometry (`extractors.fields`): the name in the value slot of
a person label takes that label's role, wherever the value sits (right of, below or above its label,
or in a table column under a header), in whatever order the text layer lists the words.

- A person label ("Defendant", "Registered Owner", "Issuing Officer", "Arrestee") gives its role;
  an officer's or attorney's title in the value ("Tpr. Jose Ramirez") says officer or attorney.
- A "Name" field, or "Last Name" / "First Name" / "M.I." fields side by side (one person), takes its
  role from a role code or role word on its table row ("V-1", "RP", "Witness"), else from a heading
  above it ("DRIVER INFORMATION", "REGISTERED OWNER"), else from the document type (the person a
  traffic ticket names is its driver).
- Labels are never people, and neither are the values of fields that never hold one (dates,
  addresses, offenses, vehicles, courts): `FieldPeople` says which words those are, so the
  text-order rules leave them alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from base.models import Page
from extractors.entities import Candidate
from extractors.fields import Field, Label, find_fields, page_labels, tokens_of, vocabulary, word_spans
from extractors.geometry import Rect, rows, upright
from extractors.lexicon import given_share, surname_share
from extractors.names.boilerplate import reads_as_words
from extractors.names.parsing import ATTORNEY_TITLES, OFFICER_TITLES, ORG_WORDS, PARTICLES, badge_in, parse_name
from extractors.names.roles import (
    DEFAULT_CODES,
    label_role,
    label_table,
    legend_of,
    role_for_label,
    role_labels,
    ticket_kind,
)
from extractors.vocabulary import merged_labels

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

# "Name" label phrases that hold one part of a name.
NAME_PARTS = {"last name": "last", "last": "last", "first name": "first", "first": "first",
              "middle name": "middle", "middle": "middle", "mi": "middle", "m.i": "middle"}
# Field kinds whose values may be people; every other kind's value never is.
PERSON_KINDS = ("name", "signature")
# How far above a name field a heading may say whose name it is (in the field label's heights).
HEADING_REACH = 8.0
HEADING_MAX_WORDS = 5
# Words of a row farther apart than this share of the row height are in different columns.
RUN_GAP = 1.0
_CODE = re.compile(r"(?P<code>[A-Z]{1,3})(?:-?(?P<n>\d{1,2}))?")
FIELD_CONFIDENCE = 0.95
_PAREN = re.compile(r"\(([A-Za-z][A-Za-z /]{2,40})\)")
# A label of its own at the start of a value ("To: Miguel W. Sandoval" over "Name of Defendant").
_LEADING_LABEL = re.compile(r"^\s*[A-Za-z][A-Za-z /.#]{0,20}:\s+")


@dataclass
class FieldPeople:
    """What a page's fields say about people: the people found in person fields (and their value
    words), and the words that are never people: labels, and values of fields that never hold one."""

    people: list[Candidate] = field(default_factory=list)
    words_of: list[set[int]] = field(default_factory=list)  # each person's value words
    label_words: set[int] = field(default_factory=set)  # words of printed labels
    other_words: set[int] = field(default_factory=set)  # value words of fields that never hold a person


def is_person_kind(kind: str) -> bool:
    """Whether values of a field kind may be people."""
    return kind.startswith("person:") or kind in PERSON_KINDS


@dataclass
class _Context:
    page: Page
    text: str
    rects: list[Rect]
    spans: list[tuple[int, int] | None]
    doc_type: str
    legend: dict[str, str]
    table: list[tuple[str, str]]
    claimed: set[int]  # words of labels and values of fields
    label_words: set[int]  # words of every printed label
    headings: set[int] = field(default_factory=set)  # words of role labels whose value held no name


def field_people(page: Page, text: str, settings: ExtractionSettings, doc_type: str,
                 fields: list[Field] | None = None) -> FieldPeople:
    """People in the person fields of one page, and the words fields say are no (other) person.

    `text` is the page's text as the finders read it (for OCR, with border glyphs blanked; the same
    length as `page.text`, so word offsets hold); `fields` are the page's fields when the caller found
    them already."""
    out = FieldPeople()
    if not page.words:
        return out
    vocab = vocabulary(merged_labels(settings, role_labels(settings)))
    if fields is None:
        fields = find_fields(page, vocab)
    labels = page_labels(page, vocab)
    table = label_table(settings)
    if doc_type == "other" and any(f.kind == "citation_number" for f in fields):
        doc_type = "citation"  # a form with a ticket number names its driver, whatever else it is
    ctx = _Context(page, text, upright(page, [w.box for w in page.words]), word_spans(page),
                   ticket_kind(text, doc_type), legend_of(text, table), table, set(),
                   {i for lab in labels for i in lab.words})
    for lab in labels:
        if lab.colon or lab.standalone:
            out.label_words.update(lab.words)
    for f in fields:
        out.label_words.update(f.label.words)
        ctx.claimed.update(f.label.words)
        ctx.claimed.update(f.value_words)
        if not is_person_kind(f.kind) and _plainly_paired(page, f):
            out.other_words.update(f.value_words)
    parts = [f for f in fields if f.kind == "name" and f.label.phrase in NAME_PARTS]
    named = sorted((f for f in fields if f.kind.startswith("person:") or (f.kind == "name" and f not in parts)),
                   key=lambda f: f.kind == "name")  # role labels first: a heading without a name is free
    for f in named:
        person = _person(ctx, f)
        if person is not None:
            out.people.append(person)
            out.words_of.append(set(f.value_words))
        elif f.kind.startswith("person:"):
            ctx.headings.update(f.label.words)
            ctx.headings.update(f.value_words)
    with_fields = {f.label.words for f in fields}
    for lab in labels:
        if lab.standalone and lab.words not in with_fields and (lab.role or lab.kind == "name") \
                and lab.phrase not in NAME_PARTS:
            for words in _row_values(ctx, lab):
                person = _person(ctx, Field(lab, words, "right", _value_text(ctx, words)))
                if person is not None:
                    out.people.append(person)
                    out.words_of.append(set(words))
    for group in _name_groups(ctx, parts):
        person = _composed(ctx, group)
        if person is not None:
            out.people.append(person)
            out.words_of.append({i for f in group for i in f.value_words})
    return out


def _plainly_paired(page: Page, f: Field) -> bool:
    """Whether a field's value is its label's beyond doubt: written after the label's colon, or in
    the label's own ruled box (a value found only by nearness may be a line of prose)."""
    if f.label.colon and f.relation == "right":
        return True
    cell = page.words[f.label.words[0]].cell
    return cell >= 0 and all(page.words[i].cell == cell for i in f.value_words)


def _before_label(ctx: _Context, words: Sequence[int]) -> list[int]:
    """A value's words up to the first word of another label ("Brenda H. Edwards  Shield #4410")."""
    ordered = sorted(words, key=lambda k: (s[0] if k < len(ctx.spans) and (s := ctx.spans[k]) else 1 << 30, k))
    for n, i in enumerate(ordered):
        if n > 0 and i in ctx.label_words:
            return ordered[:n]
    return ordered


def _value_text(ctx: _Context, words: Sequence[int]) -> str:
    """A value as the finders' text holds it (OCR clean-up applied), words joined by spaces in the
    page's reading order (OCR boxes of one line are not all at one height)."""
    parts = []
    for i in sorted(words, key=lambda k: (s[0] if k < len(ctx.spans) and (s := ctx.spans[k]) else 1 << 30, k)):
        span = ctx.spans[i] if i < len(ctx.spans) else None
        parts.append(ctx.text[span[0]:span[1]] if span else ctx.page.words[i].text)
    return " ".join(parts)


def _span(ctx: _Context, words: Sequence[int]) -> tuple[int, int]:
    found = [s for i in words if i < len(ctx.spans) and (s := ctx.spans[i]) is not None]
    if not found:
        return 0, 0
    return min(s[0] for s in found), max(s[1] for s in found)


def _person(ctx: _Context, f: Field) -> Candidate | None:
    """The person in one person or "Name" field's value, or None."""
    if f.relation == "below" and ctx.page.words[f.label.words[-1]].text.endswith((".", ",")):
        return None  # a caption's "Defendant." names the party above it, never the line below
    raw = _LEADING_LABEL.sub("", _value_text(ctx, _before_label(ctx, f.value_words)))
    phrase = f.label.phrase
    if _ORDER_HINT.fullmatch(raw.strip()):  # "DRIVER NAME (LAST, FIRST, MIDDLE)": the value is under it
        phrase, under = f"{phrase} {raw}", _under(ctx, f)
        if not under:
            return None
        f = Field(f.label, under, "below", _value_text(ctx, under))
        raw = _value_text(ctx, _before_label(ctx, under))
    if _agency(raw):
        return None
    name, titles = parse_name(surname_first(raw, phrase), strict=False)
    if name is None or reads_as_words(name.split()):
        return None
    role = _field_role(ctx, f.label, f.value_words, titles, raw)
    if role is None:
        return None
    start, end = _span(ctx, f.value_words)
    badge = badge_in(raw) if role == "officer" else None
    return Candidate("person", name, start, end, FIELD_CONFIDENCE, raw=raw, role=role, badge=badge, source=3)


def surname_first(raw: str, phrase: str = "") -> str:
    """A value written surname first without a comma ("SMITH ALEXIS A.", "Da Silva Charlotte Anjali"),
    as "SMITH, ALEXIS A."; other values as they are. The label says the order when it names it
    ("NAME (LAST) (FIRST) (MIDDLE)", "NAME (FIRST, MIDDLE, LAST)"); else the census does, when the
    first word is mostly a surname, the next no surname rather than a given name, and the last no
    surname either ("Robinson Imani"; never "Lee Jones", "Kim Holloway" or "Anders Jamal Wells")."""
    if "," in raw:
        return raw
    tokens = raw.split()
    k = 0
    while k < len(tokens) - 2 and tokens[k].lower().rstrip(".") in PARTICLES:
        k += 1
    if k + 1 >= len(tokens) or not tokens[k].isalpha() or not tokens[k + 1].strip(".").isalpha():
        return raw
    hint = tokens_of(phrase)
    if "last" in hint and "first" in hint:
        first = hint.index("last") < hint.index("first")
    else:
        head, given, last = tokens[k], tokens[k + 1].strip("."), tokens[-1].strip(".")
        first = (surname_share(head) > 2 * given_share(head) and len(given) > 1
                 and given_share(given) >= surname_share(given)
                 and (len(tokens) == k + 2 or surname_share(last) <= given_share(last)))  # "Anders Jamal Wells"
    return " ".join(tokens[:k + 1]) + ", " + " ".join(tokens[k + 1:]) if first else raw


_ORDER_HINT = re.compile(r"(?i)\(?\s*(?:last|first|middle|mi|m\.i\.)(?:[\s,)(/]+(?:last|first|middle|mi|m\.i\.))*"
                         r"\s*\)?")


def _under(ctx: _Context, f: Field) -> list[int]:
    """The words of the nearest row under a label and its order hint, from the label's left edge to
    the hint's right edge (the value a boxed form prints under "NAME (LAST, FIRST, MIDDLE)")."""
    left, right = f.label.rect.x0, max(ctx.rects[i].x1 for i in f.value_words)
    bottom, height = max(ctx.rects[i].y1 for i in (*f.label.words, *f.value_words)), max(f.label.rect.height, 1.0)
    below = [i for i, r in enumerate(ctx.rects)
             if not ctx.page.words[i].hidden and ctx.page.words[i].text.strip() and r.y0 >= bottom - 0.2 * height
             and r.y0 - bottom <= 2.6 * height and left - height <= r.cx <= right + height]
    found = rows(ctx.rects, below)
    if not found:
        return []
    row = sorted((i for i in rows(ctx.rects, [i for i, r in enumerate(ctx.rects) if not ctx.page.words[i].hidden
                                              and ctx.rects[found[0][0]].y0 <= r.cy <= ctx.rects[found[0][0]].y1])[0]
                  if ctx.rects[i].x1 >= left - height), key=lambda i: ctx.rects[i].x0)
    run: list[int] = []
    for i in row:  # the run of words from the label's left edge on (a long name runs past the hint)
        if run and ctx.rects[i].x0 - ctx.rects[run[-1]].x1 > RUN_GAP * height:
            break
        if i not in ctx.label_words:
            run.append(i)
    return run


def _agency(raw: str) -> bool:
    """Whether a value names an agency or office rather than a person ("New York Police Department";
    a name before a comma stands: "Ofc. Ray Cole, Salem Police Department")."""
    head = raw.split(",", 1)[0]
    return any(w.lower().strip(".") in ORG_WORDS for w in head.split())


def _field_role(ctx: _Context, label: Label, value: Sequence[int], titles: set[str], raw: str) -> str | None:
    """The role of a name in a field: its title, a role code on its table row, its label's role, a
    heading above it, the document type."""
    if titles & OFFICER_TITLES:
        return "officer"
    if titles & ATTORNEY_TITLES:
        return "attorney"
    said = _PAREN.search(raw)  # "LAFLEUR, LOUIS S (EVIDENCE CUSTODIAN)": the value says whose name it is
    hit = label_role(said.group(1), ctx.table) if said else None
    if hit is not None and hit[1] != "name":
        return hit[1]
    role = _label_role_of(ctx, label)
    coded = _row_code(ctx, value, set(label.words))
    if role is not None and (coded is None or role != "other"):
        return role_for_label(role, {role: role}, titles, raw, ctx.doc_type)
    return coded or _heading_role(ctx, label.rect) or role_for_label("name", {}, titles, raw, ctx.doc_type)


def _label_role_of(ctx: _Context, label: Label) -> str | None:
    """The role a person label gives; of roles printed as one word ("Owner/Finder", "Driver/Owner"),
    the first: the role the form names first is the person's."""
    text = " ".join(ctx.page.words[i].text for i in label.words)
    start = ctx.spans[label.words[0]] if label.words[0] < len(ctx.spans) else None
    before = ctx.text[max(0, start[0] - 40):start[0]].rsplit("\n", 1)[-1] if start else ""
    if label.role is not None and re.search(r"(?i)\bfor\s*$", before):  # "Attorney for Respondent:"
        hit = label_role(before, ctx.table)
        if hit is not None and hit[1] != "name":
            return hit[1]
    if label.role is not None and "/" in text:
        hit = label_role(text, ctx.table)
        if hit is not None and hit[1] != "name":
            return hit[1]
    return label.role


def _row_code(ctx: _Context, value: Sequence[int], own: set[int]) -> str | None:
    """The role a code or role word on the value's row gives ("V-1", "RP", "S", "Witness"), read
    from the nearest words left of the value (the field's own label aside: "Tow Operator")."""
    if not value:
        return None
    vr = [ctx.rects[i] for i in value]
    top, bottom, left = min(r.y0 for r in vr), max(r.y1 for r in vr), min(r.x0 for r in vr)
    mid = (top + bottom) / 2
    row = [i for i, r in enumerate(ctx.rects)
           if i not in value and i not in own and not ctx.page.words[i].hidden
           and r.y0 <= mid <= r.y1 and r.x1 <= left + 0.5]
    for i in sorted(row, key=lambda k: -ctx.rects[k].x1)[:3]:
        token = ctx.page.words[i].text.strip(" .:;,()[]|")
        m = _CODE.fullmatch(token)
        if m:
            role = ctx.legend.get(m.group("code")) or DEFAULT_CODES.get(m.group("code"))
            if role:
                return role
        hit = label_role(token, ctx.table) if token.isalpha() and len(token) > 3 else None
        if hit and hit[1] not in ("name", "other"):
            return hit[1]
    return None


def _row_values(ctx: _Context, lab: Label) -> list[list[int]]:
    """The value columns right of a row label that found no value of its own ("NAME   ANDERS JAMAL
    WELLS   LANDRY, PATRICK L. SR." under "Driver / Vehicle 1   Driver / Vehicle 2"): the runs of
    unclaimed words on its row, split at wide gaps."""
    height = max(lab.rect.height, 1.0)
    mine = sorted((i for i, r in enumerate(ctx.rects)
                   if i not in ctx.claimed and not ctx.page.words[i].hidden and ctx.page.words[i].text.strip()
                   and lab.rect.y0 <= r.cy <= lab.rect.y1 and r.x0 >= lab.rect.x1),
                  key=lambda i: ctx.rects[i].x0)
    out: list[list[int]] = []
    for i in mine:
        if out and ctx.rects[i].x0 - ctx.rects[out[-1][-1]].x1 <= RUN_GAP * height:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _heading_role(ctx: _Context, at: Rect) -> str | None:
    """The role a short heading above a name field gives ("DRIVER INFORMATION", "REGISTERED
    OWNER"), the nearest heading first; headings are rows of at most a few words outside any field."""
    height = max(at.height, 1.0)
    above = [i for i, r in enumerate(ctx.rects)
             if not ctx.page.words[i].hidden and r.y1 <= at.y0 + 0.1 * height
             and at.y0 - r.y1 <= HEADING_REACH * height and r.x1 >= at.x0 - 40 * height]
    for row in reversed(rows(ctx.rects, above)):
        if len(row) > HEADING_MAX_WORDS or any(i in ctx.claimed and i not in ctx.headings for i in row):
            continue
        hit = label_role(" ".join(ctx.page.words[i].text for i in row), ctx.table)
        if hit and hit[1] not in ("name", "other"):
            return hit[1]
    return None


def _name_groups(ctx: _Context, parts: list[Field]) -> list[list[Field]]:
    """Name-part fields of one person: parts whose labels sit on one row, each part once, in
    reading order (a second "Last Name" starts another person)."""
    groups: list[list[Field]] = []
    for f in sorted(parts, key=lambda f: (round(f.label.rect.cy / max(f.label.rect.height, 1.0)), f.label.rect.x0)):
        part = NAME_PARTS[f.label.phrase]
        g = groups[-1] if groups else None
        same_row = g is not None and abs(g[-1].label.rect.cy - f.label.rect.cy) <= 0.6 * max(f.label.rect.height, 1.0)
        if g is not None and same_row and f.row == g[-1].row and part not in {NAME_PARTS[x.label.phrase] for x in g}:
            g.append(f)
        else:
            groups.append([f])
    return [g for g in groups if any(NAME_PARTS[f.label.phrase] == "last" for f in g)]


def _composed(ctx: _Context, group: list[Field]) -> Candidate | None:
    """One person from "Last Name", "First Name" and "Middle" fields."""
    by_part = {NAME_PARTS[f.label.phrase]: _value_text(ctx, f.value_words).strip(" ,") for f in group}
    last = by_part.get("last", "")
    given = " ".join(p for p in (by_part.get("first", ""), by_part.get("middle", "")) if p)
    if not last or not given:
        return None
    raw = f"{last}, {given}"
    name, titles = parse_name(raw, strict=False)
    if name is None or reads_as_words(name.split()):
        return None
    words = [i for f in group for i in f.value_words]
    first_label = min((f.label for f in group), key=lambda lab: lab.rect.x0)
    role = _field_role(ctx, first_label, words, titles, raw)
    if role is None:
        return None
    last_field = next(f for f in group if NAME_PARTS[f.label.phrase] == "last")
    start, end = _span(ctx, last_field.value_words)
    return Candidate("person", name, start, end, FIELD_CONFIDENCE, raw=raw, role=role, source=3)


__all__ = ["FieldPeople", "field_people", "is_person_kind"]
