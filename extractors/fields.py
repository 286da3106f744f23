"""Form fields found by geometry: a printed label, its value words, and where the value sits.

Works on any page of the page model (text layer or OCR alike), in the page's upright frame, never
on the order a text layer happens to list its words in:

- **right**: "Case No: 24-003817", "NAME   SMITH, JOHN" (a label with a colon takes the words after
  it up to the next label on its row; a label without one, the rest of its own run of words);
- **below**: a boxed form's small label in a box corner over its value, or a label row over a value
  row;
- **above**: an underline form, its value typed on a line and the label printed under the line;
- **column**: a table header over the cells of the rows below it;
- **left**: a value with its label printed after it on the same row, when nothing else claims it.

Labels come from a `Vocabulary` (kinds -> phrases: `extractors.vocabulary.BUILT_IN`, the agency's
`ExtractionSettings` labels, and person role labels). On OCR'd words a label word may be one
misreading off (i/l/1, o/0, s/5 and one edit in words of five letters or more); text-layer words
are matched as written.

A label row whose values could sit above or below it is settled, in order, by the ruled box the
label is in, an underline between the label and the row above, the order of label and value rows
(a page of underline fields starts with values, a boxed form with labels), which side's values fit
the labels' formats (`fits`), and the nearer side.

This is the field API the person, number and plate finders build on: `find_fields(page, vocabulary)`
returns `Field`s whose `label.kind` says what the value is (`case_number`, `plate`, `person:driver`,
`dob`, ...), `value_words` index `page.words`, and `relation` says where the value sat.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from base.models import Box, Page
from extractors.geometry import Rect, rect, rows, turn_rect, upright, upright_size

Relation = Literal["right", "below", "above", "column", "left"]

# Words of a row farther apart than this share of the row height are in different runs (cells).
RUN_GAP = 1.0
# A value row lies at most this many row heights from its label row.
MAX_ROW_DISTANCE = 2.6
# A label without a colon at the start of a run is taken as a label only in a short run.
INLINE_MAX_WORDS = 6
# Words that may follow a label: "No.", "#", "Number".
SUFFIXES = frozenset({"no", "#", "num", "number", "nbr", "n"})

_STRIP = ".,:;#*()[]{}\"'`_|!?"
# OCR glyph confusions folded away when matching a label on OCR'd words.
_FOLD = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "5": "s", "8": "b", "$": "s"})


# --------------------------------------------------------------------------- vocabulary


def tokens_of(text: str) -> list[str]:
    """A word or phrase as label tokens: lower case, split at spaces and slashes, outer
    punctuation dropped ("D.O.B." -> "d.o.b", "LIC/STATE" -> "lic", "state", "Case#:" -> "case")."""
    out = []
    for part in re.split(r"[\s/\\]+", text.lower()):
        part = part.strip(_STRIP)
        if part:
            out.append(part)
    return out


def _fold(token: str) -> str:
    return token.translate(_FOLD)


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1:] for i in range(len(token))}


@dataclass(frozen=True)
class Phrase:
    """One label phrase of the vocabulary."""

    tokens: tuple[str, ...]
    kind: str
    text: str


class Vocabulary:
    """Label phrases by kind, indexed for matching word by word."""

    def __init__(self, labels: Mapping[str, Sequence[str]]) -> None:
        self.labels = {k: list(v) for k, v in labels.items()}
        self.exact: dict[str, list[Phrase]] = {}
        self.folded: dict[str, list[Phrase]] = {}
        seen: set[tuple[tuple[str, ...], str]] = set()
        for kind, phrases in labels.items():
            for text in phrases:
                toks = tuple(tokens_of(text))
                if not toks or (toks, kind) in seen:
                    continue
                seen.add((toks, kind))
                ph = Phrase(toks, kind, text)
                self.exact.setdefault(toks[0], []).append(ph)
                first = _fold(toks[0])
                keys = {first} | (_deletes(first) if len(first) >= 5 else set())
                for key in keys:
                    self.folded.setdefault(key, []).append(ph)
        for table in (self.exact, self.folded):
            for key in table:
                table[key].sort(key=lambda p: -len(p.tokens))

    def candidates(self, token: str, ocr: bool) -> list[Phrase]:
        """Phrases whose first token is `token` (or, on OCR'd words, one misreading away)."""
        if not ocr:
            return self.exact.get(token, [])
        folded = _fold(token)
        found: dict[Phrase, None] = {}
        for key in [folded, *(_deletes(folded) if len(folded) >= 5 else ())]:
            for ph in self.folded.get(key, ()):
                found[ph] = None
        return sorted(found, key=lambda p: -len(p.tokens))


def same_token(word: str, label: str, ocr: bool) -> bool:
    """Whether a word token reads as a label token (exactly; or, on OCR'd words, within one
    misreading: glyph confusions, and one edit in tokens of five letters or more)."""
    if word == label:
        return True
    if not ocr:
        return False
    a, b = _fold(word), _fold(label)
    if a == b:
        return True
    if len(b) < 5 or abs(len(a) - len(b)) > 1:
        return False
    return _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@lru_cache(maxsize=32)
def _cached(key: tuple[tuple[str, tuple[str, ...]], ...]) -> Vocabulary:
    return Vocabulary({k: list(v) for k, v in key})


def vocabulary(labels: Mapping[str, Sequence[str]]) -> Vocabulary:
    """The (cached) Vocabulary of kind -> phrases."""
    return _cached(tuple(sorted((k, tuple(v)) for k, v in labels.items())))


# --------------------------------------------------------------------------- the field API


@dataclass(frozen=True)
class Label:
    """A printed label on the page: what it says (kind, phrase), its words and where it is."""

    kind: str  # a vocabulary kind: "case_number", "plate", "person:driver", "dob", ...
    phrase: str  # the vocabulary phrase it matched
    words: tuple[int, ...]  # indexes into Page.words
    rect: Rect  # upright frame
    colon: bool  # written with ":" (or "#", "No.") after it
    standalone: bool  # alone in its run of words (a box label, a column header, a label under a line)

    @property
    def role(self) -> str | None:
        """The person role of a person label ("person:driver" -> "driver"), else None."""
        return self.kind.split(":", 1)[1] if self.kind.startswith("person:") else None


@dataclass
class Field:
    """A label and its value: the value's words (indexes into Page.words, in reading order), its text,
    and where it sits relative to the label."""

    label: Label
    value_words: list[int]
    relation: Relation
    text: str
    rect: Rect | None = None
    page: int = 0
    row: int = 0  # for "column" fields: which row under the header (1 = the first)

    @property
    def kind(self) -> str:
        return self.label.kind


@dataclass
class _Run:
    """A run of words on one row with no wide gap and no cell edge between them."""

    words: list[int]
    row: int
    labels: list[Label] = field(default_factory=list)  # with a colon, or alone in the run
    weak: list[Label] = field(default_factory=list)  # at the start of a short run, or a capitals pair


@dataclass
class _Layout:
    page: Page
    rects: list[Rect]
    words: list[int]  # visible word indexes
    rows: list[list[int]]
    runs: list[_Run]
    row_runs: list[list[int]]  # run indexes per row
    row_rects: list[Rect]
    rules: list[Rect]
    cells: list[Rect]


def _layout(page: Page) -> _Layout:
    visible = [i for i, w in enumerate(page.words) if not w.hidden and w.text.strip()]
    rects = upright(page, [w.box for w in page.words])
    found = rows(rects, visible)
    runs: list[_Run] = []
    row_runs: list[list[int]] = []
    for r, row in enumerate(found):
        height = sorted(rects[i].height for i in row)[len(row) // 2]
        mine: list[int] = []
        cur: list[int] = []
        for i in row:
            if cur:
                prev = cur[-1]
                gap = rects[i].x0 - rects[prev].x1
                if gap > RUN_GAP * height or page.words[i].cell != page.words[prev].cell:
                    mine.append(len(runs))
                    runs.append(_Run(cur, r))
                    cur = []
            cur.append(i)
        if cur:
            mine.append(len(runs))
            runs.append(_Run(cur, r))
        row_runs.append(mine)
    row_rects = [_union([rects[i] for i in row]) for row in found]
    k = (page.rotation // 90) % 4
    rules = [turn_rect(rect(b), k, page.width, page.height) for b in page.rules]
    cells = [turn_rect(rect(b), k, page.width, page.height) for b in page.cells]
    return _Layout(page, rects, visible, found, runs, row_runs, row_rects, rules, cells)


def _union(rs: Sequence[Rect]) -> Rect:
    return Rect(min(r.x0 for r in rs), min(r.y0 for r in rs), max(r.x1 for r in rs), max(r.y1 for r in rs))


# --------------------------------------------------------------------------- labels


def _word_tokens(lay: _Layout, run: _Run) -> list[tuple[str, int, bool]]:
    """(token, word index, ends with a colon or '#') for the words of a run; a word of marks only
    (":", "#:") marks the token before it."""
    out: list[tuple[str, int, bool]] = []
    for i in run.words:
        text = lay.page.words[i].text.strip()
        toks = tokens_of(text)
        if not toks:
            if out and text and set(text) <= set(":#.-") and set(text) & set(":#"):
                out[-1] = (out[-1][0], out[-1][1], True)
            continue
        mark = text.endswith((":", "#")) or "#" in text
        for j, t in enumerate(toks):
            out.append((t, i, mark and j == len(toks) - 1))
    return out


def _match_at(toks: list[tuple[str, int, bool]], pos: int, vocab: Vocabulary, ocr: bool) -> tuple[Phrase, int] | None:
    """The longest phrase starting at token `pos`, and the position after it."""
    for ph in vocab.candidates(toks[pos][0], ocr):
        n = len(ph.tokens)
        if pos + n > len(toks):
            continue
        if all(same_token(toks[pos + j][0], ph.tokens[j], ocr) for j in range(n)):
            # a phrase may not end inside a word ("Case" of "Casey")
            last_word = toks[pos + n - 1][1]
            if pos + n < len(toks) and toks[pos + n][1] == last_word:
                continue
            return ph, pos + n
    return None


def _is_caps_or_title(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and (all(c.isupper() for c in letters) or text[:1].isupper())


def find_labels(lay: _Layout, vocab: Vocabulary) -> None:
    """Fill each run's labels: vocabulary phrases that stand as labels there (with a colon, alone
    in their run, or at the start of a short run with a value after them)."""
    ocr = lay.page.method == "ocr"
    for run in lay.runs:
        toks = _word_tokens(lay, run)
        pos = 0
        hits: list[tuple[Phrase, int, int]] = []  # phrase, first token, token after
        while pos < len(toks):
            m = _match_at(toks, pos, vocab, ocr)
            if m is None:
                pos += 1
                continue
            ph, end = m
            while end < len(toks) and toks[end][0] in SUFFIXES and not toks[end - 1][2]:
                end += 1
            hits.append((ph, pos, end))
            pos = end
        for n, (ph, a, b) in enumerate(hits):
            word_ids = tuple(dict.fromkeys(t[1] for t in toks[a:b]))
            colon = toks[b - 1][2] or (b < len(toks) and toks[b][0] in ("#",))
            standalone = len(word_ids) == len(run.words)
            first = a == 0
            text = " ".join(lay.page.words[i].text for i in word_ids)
            after_prev_field = n > 0 and (hits[n - 1][2] < a)
            inline = first and len(run.words) <= len(word_ids) + INLINE_MAX_WORDS and _is_caps_or_title(text)
            caps_pair = after_prev_field and text.isupper() and len(run.words) <= 12 and bool(run.labels or run.weak)
            numbered = (toks[b - 1][0] in SUFFIXES and b < len(toks) and any(ch.isdigit() for ch in toks[b][0]))
            if not (colon or standalone or inline or caps_pair or numbered):
                continue
            r = _union([lay.rects[i] for i in word_ids])
            label = Label(ph.kind, ph.text, word_ids, r, colon, standalone)
            (run.labels if colon or standalone else run.weak).append(label)


# --------------------------------------------------------------------------- values


def _right_value(lay: _Layout, run_idx: int, label: Label) -> list[int]:
    """The words after a label on its row: the rest of its run up to the next label (a weak label
    right after the colon is a title in the value: "Officer: Sgt. Ray Cole"); with a colon and
    nothing after it in the run, the next run too when that holds no label."""
    run = lay.runs[run_idx]
    after = [i for i in run.words if lay.rects[i].x0 >= label.rect.x1 - 0.5 and i not in label.words]
    after = [i for i in after if not _marks_only(lay.page.words[i].text)]
    first = after[0] if after else -1
    stops = [lab.rect.x0 for lab in run.labels + run.weak
             if lab is not label and lab.rect.x0 >= label.rect.x1 - 0.5 and lab.words[0] != first]
    if stops:
        after = [i for i in after if lay.rects[i].x1 <= min(stops) + 0.5]
    if after or stops or not label.colon:
        return after
    row_runs = lay.row_runs[run.row]
    k = row_runs.index(run_idx)
    if k + 1 < len(row_runs):
        nrun = lay.runs[row_runs[k + 1]]
        if not nrun.labels and not _cell_apart(lay, label, nrun.words[0]):
            return list(nrun.words)
    return []


def _marks_only(text: str) -> bool:
    """Whether a word is only a colon, hash or dash (a label's punctuation standing apart)."""
    t = text.strip()
    return bool(t) and set(t) <= set(":#.-\u2013\u2014")


def _cell_apart(lay: _Layout, label: Label, word: int) -> bool:
    cell = lay.page.words[label.words[0]].cell
    return cell >= 0 and lay.page.words[word].cell != cell


def _span(lay: _Layout, label: Label, row: int) -> tuple[float, float]:
    """The x-range a label's value may take in the rows above or below: its cell, else from the
    middle of the gap to the run before it on its row to the middle of the gap to the run after it."""
    cell = lay.page.words[label.words[0]].cell
    if 0 <= cell < len(lay.cells):
        c = lay.cells[cell]
        return c.x0, c.x1
    left, right = -1e9, 1e9
    for ri in lay.row_runs[row]:
        words = [i for i in lay.runs[ri].words if i not in label.words]
        for i in words:
            r = lay.rects[i]
            if r.x1 <= label.rect.x0:
                left = max(left, (r.x1 + label.rect.x0) / 2)
            elif r.x0 >= label.rect.x1:
                right = min(right, (label.rect.x1 + r.x0) / 2)
    return left, right


def _runs_in_span(lay: _Layout, row: int, span: tuple[float, float], label: Label,
                  all_labels: list[Label]) -> list[int]:
    """The words of a row's runs whose middle falls in `span` (runs holding a label excluded), kept
    in the label's cell when it has one."""
    out: list[int] = []
    cell = lay.page.words[label.words[0]].cell
    for ri in lay.row_runs[row]:
        run = lay.runs[ri]
        if run.labels:
            continue
        r = _union([lay.rects[i] for i in run.words])
        if not span[0] <= r.cx <= span[1]:
            continue
        words = [i for i in run.words if cell < 0 or lay.page.words[i].cell == cell]
        out.extend(words)
    return out


def _crosses_columns(lay: _Layout, row: int, labels: list[Label]) -> bool:
    """Whether a run of the row lies under two or more of the labels (a line of prose or a heading
    under a table, not a row of its cells)."""
    if len(labels) < 2:
        return False
    for ri in lay.row_runs[row]:
        r = _union([lay.rects[i] for i in lay.runs[ri].words])
        if sum(1 for lab in labels if min(r.x1, lab.rect.x1) > max(r.x0, lab.rect.x0)) >= 2:
            return True
    return False


def _is_label_row(lay: _Layout, row: int) -> bool:
    """Whether most of a row's words are label words."""
    words = sum(len(lay.runs[ri].words) for ri in lay.row_runs[row])
    label_words = sum(len(lab.words) for ri in lay.row_runs[row] for lab in lay.runs[ri].labels)
    return words > 0 and label_words * 2 >= words


def _near_row(lay: _Layout, row: int, step: int) -> int | None:
    """The row next above (step -1) or below (+1) within reach, or None."""
    other = row + step
    if not 0 <= other < len(lay.rows):
        return None
    a, b = lay.row_rects[row], lay.row_rects[other]
    gap = (a.y0 - b.y1) if step < 0 else (b.y0 - a.y1)
    return other if gap <= MAX_ROW_DISTANCE * max(a.height, 1.0) else None


def _underlined_above(lay: _Layout, label: Label, above: int | None) -> bool:
    """Whether a ruled line runs between the label and the row above, under that row's words (a
    value typed on a line, its label printed under the line)."""
    if above is None:
        return False
    top = lay.row_rects[above].y1 - 0.3 * lay.row_rects[above].height
    for r in lay.rules:
        if r.width < r.height:
            continue
        y = (r.y0 + r.y1) / 2
        if top <= y <= label.rect.y0 + 0.3 * label.rect.height and r.x0 <= label.rect.cx <= r.x1:
            return True
    return False


Fits = Callable[[str, str], bool]


def _value_row(lay: _Layout, other: int | None, row: int, labels: list[Label], claimed: set[int]) -> bool:
    """Whether row `other` holds unclaimed value words under (or over) some of the labels of `row`."""
    if other is None or _is_label_row(lay, other):
        return False
    return any(i not in claimed for lab in labels
               for i in _runs_in_span(lay, other, _span(lay, lab, row), lab, labels))


def _fit_score(lay: _Layout, row: int, other: int, labels: list[Label], fits: Fits | None) -> int:
    if fits is None:
        return 0
    return sum(1 for lab in labels
               if (words := _runs_in_span(lay, other, _span(lay, lab, row), lab, labels))
               and fits(lab.kind, _text(lay, words)))


def _directions(lay: _Layout, label_rows: dict[int, list[Label]], fits: Fits | None,
                claimed: set[int]) -> dict[int, Relation]:
    """For each row of labels, whether its values are above or below it.

    A row with values on one side only takes that side; an underline between the labels and the row
    above says above. A row with values on both sides goes the way its values fit the labels'
    formats, else the way most rows of the page went, else to the nearer row (below on a tie)."""
    decided: dict[int, Relation] = {}
    open_rows: list[int] = []
    for row, labels in label_rows.items():
        above, below = _near_row(lay, row, -1), _near_row(lay, row, +1)
        above_val = _value_row(lay, above, row, labels, claimed)
        below_val = _value_row(lay, below, row, labels, claimed)
        if above_val and any(_underlined_above(lay, lab, above) for lab in labels):
            decided[row] = "above"
        elif above_val != below_val:
            decided[row] = "above" if above_val else "below"
        elif above_val:
            open_rows.append(row)
    votes = [sum(1 for d in decided.values() if d == rel) for rel in ("above", "below")]
    out = dict(decided)
    for row in open_rows:
        labels = label_rows[row]
        above, below = _near_row(lay, row, -1), _near_row(lay, row, +1)
        assert above is not None and below is not None
        fit_above = _fit_score(lay, row, above, labels, fits)
        fit_below = _fit_score(lay, row, below, labels, fits)
        if fit_above != fit_below:
            out[row] = "above" if fit_above > fit_below else "below"
        elif votes[0] != votes[1]:
            out[row] = "above" if votes[0] > votes[1] else "below"
        else:
            gap_above = lay.row_rects[row].y0 - lay.row_rects[above].y1
            gap_below = lay.row_rects[below].y0 - lay.row_rects[row].y1
            out[row] = "above" if gap_above < 0.6 * gap_below else "below"
    return out


def _text(lay: _Layout, words: list[int]) -> str:
    return " ".join(lay.page.words[i].text for i in words)


def _make(lay: _Layout, label: Label, words: list[int], relation: Relation, row: int = 0) -> Field:
    words = sorted(dict.fromkeys(words), key=lambda i: (lay.rects[i].cy // max(lay.rects[i].height, 1.0),
                                                        lay.rects[i].x0))
    return Field(label, words, relation, _text(lay, words),
                 _union([lay.rects[i] for i in words]) if words else None, lay.page.number, row)


# A bare "License No." among vehicle labels is the vehicle's licence: its plate.
_VEHICLE_KINDS = frozenset({"vehicle", "vin", "plate_state", "state"})
_BARE_LICENCE = frozenset({"license no", "licence no", "license", "licence"})


def _licence_among_vehicle_labels(lay: _Layout) -> None:
    """Relabel a bare licence label ("LICENSE NO.") as a plate label when its row's other labels are a
    vehicle's (state, make, VIN): a vehicle table or a plate line; "Driver License No." stays."""
    for runs in lay.row_runs:
        labels = [lab for ri in runs for lab in lay.runs[ri].labels + lay.runs[ri].weak]
        if not any(lab.kind in _VEHICLE_KINDS for lab in labels):
            continue
        for ri in runs:
            run = lay.runs[ri]
            for group in (run.labels, run.weak):
                for k, lab in enumerate(group):
                    if lab.kind == "licence" and lab.phrase in _BARE_LICENCE:
                        group[k] = Label("plate", lab.phrase, lab.words, lab.rect, lab.colon, lab.standalone)


def _under_header(lay: _Layout, row: int, run: _Run) -> bool:
    """Whether a row is a table row: a row of two or more labels above it (the rows between being
    within reach of each other) has a label over the run."""
    r = _union([lay.rects[i] for i in run.words])
    other: int | None = row
    for _ in range(25):
        other = _near_row(lay, other, -1) if other is not None else None
        if other is None:
            return False
        labels = [lab for ri in lay.row_runs[other] for lab in lay.runs[ri].labels]
        if len(labels) >= 2 and _is_label_row(lay, other):
            return any(min(r.x1, lab.rect.x1) > max(r.x0, lab.rect.x0) for lab in labels)
    return False


def _label_column_values(lay: _Layout) -> dict[int, list[list[int]]]:
    """For a label alone at the start of its row with no other label on the row ("Plate No.   037 GYX
    174 UNU": a label column beside the columns of two drivers), each further run of the row is one
    of its values; by id of the label."""
    out: dict[int, list[list[int]]] = {}
    for row, runs in enumerate(lay.row_runs):
        if len(runs) < 2:
            continue
        first = lay.runs[runs[0]]
        if len(first.labels) != 1 or not first.labels[0].standalone or first.labels[0].colon:
            continue
        rest = [lay.runs[ri] for ri in runs[1:]]
        if any(r.labels for r in rest) or _under_header(lay, row, rest[0]):
            continue
        out[id(first.labels[0])] = [list(r.words) for r in rest]
    return out


def _cell_value(lay: _Layout, label: Label) -> tuple[list[int], Relation] | None:
    """The other words of the ruled box a label is in (a boxed form), or None."""
    cell = lay.page.words[label.words[0]].cell
    if cell < 0:
        return None
    words = [i for i in lay.words if lay.page.words[i].cell == cell and i not in label.words]
    if not words:
        return None
    r = _union([lay.rects[i] for i in words])
    return words, ("below" if r.cy >= label.rect.y1 else "above" if r.cy <= label.rect.y0 else "right")


def find_fields(page: Page, vocab: Vocabulary, fits: Fits | None = None) -> list[Field]:
    """Every field of a page: labels from `vocab` and their values (see the module docstring).

    `fits(kind, text)`, when given, says whether a value text fits the format of a label kind; it
    settles label rows whose values could be above or below them."""
    if not page.words:
        return []
    lay = _layout(page)
    find_labels(lay, vocab)
    _licence_among_vehicle_labels(lay)
    out: list[Field] = []
    claimed: set[int] = set()
    label_rows: dict[int, list[Label]] = {}
    all_label_words = {i for run in lay.runs for lab in run.labels for i in lab.words}
    column_values = _label_column_values(lay)
    for ri, run in enumerate(lay.runs):
        for lab in run.labels:
            if id(lab) in column_values:  # a label column beside one or more value columns
                for words in column_values[id(lab)]:
                    out.append(_make(lay, lab, words, "right"))
                    claimed.update(words)
                continue
            value = _right_value(lay, ri, lab)
            if value:
                out.append(_make(lay, lab, value, "right"))
                claimed.update(value)
                continue
            cv = _cell_value(lay, lab)
            words = [i for i in cv[0] if i not in all_label_words] if cv else []
            if cv and words:
                out.append(_make(lay, lab, words, cv[1]))
                claimed.update(words)
            else:
                label_rows.setdefault(run.row, []).append(lab)
    for row, direction in sorted(_directions(lay, label_rows, fits, claimed).items()):
        labels = sorted(label_rows[row], key=lambda lab: lab.rect.x0)
        row_labels = [lab for ri in lay.row_runs[row] for lab in lay.runs[ri].labels]
        header = direction == "below" and len(row_labels) >= 2 and not any(lab.colon for lab in labels)
        step = -1 if direction == "above" else 1
        other = _near_row(lay, row, step)
        n = 1
        while other is not None and not _is_label_row(lay, other) and not _crosses_columns(lay, other, row_labels):
            for lab in labels:
                words = [i for i in _runs_in_span(lay, other, _span(lay, lab, row), lab, row_labels)
                         if i not in claimed]
                if words:
                    out.append(_make(lay, lab, words, "column" if header and n > 1 else direction, n))
                    claimed.update(words)
            if not header:
                break
            other = _near_row(lay, other, step)
            n += 1
    out.extend(_left_values(lay, claimed, {id(f.label) for f in out}))
    for ri, run in enumerate(lay.runs):  # labels in front of a value, unless inside another's value
        for lab in run.weak:
            if any(i in claimed for i in lab.words):
                continue
            value = _right_value(lay, ri, lab)
            if value:
                out.append(_make(lay, lab, value, "right"))
                claimed.update(value)
    return out


def page_labels(page: Page, vocab: Vocabulary) -> list[Label]:
    """Every label printed on a page that stands as a label (with a colon, alone in its run of
    words, or leading a short run), whether or not a value was found for it."""
    if not page.words:
        return []
    lay = _layout(page)
    find_labels(lay, vocab)
    return [lab for run in lay.runs for lab in run.labels + run.weak]


def _left_values(lay: _Layout, claimed: set[int], done: set[int]) -> list[Field]:
    """Standalone labels with no value elsewhere whose row has an unclaimed run just left of them."""
    out = []
    for ri, run in enumerate(lay.runs):
        for lab in run.labels:
            if id(lab) in done or not lab.standalone:
                continue
            runs = lay.row_runs[run.row]
            k = runs.index(ri)
            if k == 0:
                continue
            prev = lay.runs[runs[k - 1]]
            if prev.labels or any(i in claimed for i in prev.words):
                continue
            gap = lab.rect.x0 - lay.rects[prev.words[-1]].x1
            if gap <= 3 * max(lab.rect.height, 1.0):
                out.append(_make(lay, lab, list(prev.words), "left"))
    return out


# --------------------------------------------------------------------------- offsets in Page.text


def word_spans(page: Page) -> list[tuple[int, int] | None]:
    """Each word's (start, end) in `page.text`, found in order (None for hidden words and words the
    text does not hold)."""
    out: list[tuple[int, int] | None] = [None] * len(page.words)
    text = page.text
    cursor = 0
    for i, w in enumerate(page.words):
        token = w.text.strip()
        if not token or w.hidden:
            continue
        pos = text.find(token, cursor, cursor + 200 + len(token))
        if pos < 0:
            continue
        out[i] = (pos, pos + len(token))
        cursor = pos + len(token)
    return out


def field_spans(f: Field, spans: Sequence[tuple[int, int] | None], gap: int = 4) -> list[tuple[int, int]]:
    """Where a field's value lies in Page.text: one (start, end) per run of value words that stand
    together in the text (a value wrapped over two rows gives two)."""
    found = sorted(sp for i in f.value_words if i < len(spans) and (sp := spans[i]) is not None)
    out: list[tuple[int, int]] = []
    for a, b in found:
        if out and a - out[-1][1] <= gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def value_box(page: Page, f: Field) -> Box | None:
    """The union box of a field's value words in the page's stored frame."""
    if not f.value_words:
        return None
    boxes = [page.words[i].box for i in f.value_words]
    left = min(b.left for b in boxes)
    top = min(b.top for b in boxes)
    return Box(left, top, max(b.left + b.width for b in boxes) - left, max(b.top + b.height for b in boxes) - top)


__all__ = ["Field", "Label", "Relation", "Vocabulary", "find_fields", "page_labels", "vocabulary", "word_spans",
           "field_spans", "tokens_of", "same_token", "upright_size", "value_box"]
