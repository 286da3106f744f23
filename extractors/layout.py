"""Page layout from OCR words: ruling lines and cells, columns, and reading order.

`find_rules` finds a page's ruling lines (long straight runs of ink, by morphology on the binarised
page) and the boxes they enclose; `erase_rules` removes them from the image that is read, repairing
the strokes of characters that cross them, so that borders are not read as glyphs. `reading_order`
puts tesseract's lines in the order a person reads the page:

- words inside a ruled cell are read together, cell by cell;
- side-by-side blocks of running text (columns) are read column by column;
- everything else is read in rows: a form's label and its value, a table's cells, lines that sit
  at the same height, left to right, top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

import cv2
import numpy as np

from base.models import Box, Word

# A column of running text: at least this many lines, of this many words (median). A form's
# label/value blocks side by side ("Time: 1658 hrs" / "Occurred: 03/23/24") have fewer.
COLUMN_MIN_LINES = 3
COLUMN_MIN_WORDS = 5.0
# A space between words wider than this many line heights splits a line (a gutter between columns,
# or the gap between a form's fields).
SPLIT_GAP = 2.5


# --- ruling lines and cells --------------------------------------------------------------------

@dataclass
class Rules:
    """Ruling lines (boxes in image pixels) and the cells they enclose, and the ink mask of the
    lines, found at `scale` times the image's resolution."""

    lines: list[Box] = field(default_factory=list)
    cells: list[Box] = field(default_factory=list)
    mask: np.ndarray | None = None
    scale: float = 1.0


def _binary(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 (Otsu), the form morphology works on."""
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return bw


def find_rules(gray: np.ndarray, text_px: float) -> Rules:
    """Ruling lines: straight horizontal or vertical ink runs much longer than any glyph.

    `text_px` is the page's measured text height; a horizontal run must be at least 8 text heights
    (and 4% of the page) long, a vertical one 3 text heights (and meet a horizontal rule when it is
    shorter than 8), and thin (at most three quarters of a text height, and 1/12 of its length).
    The search runs at half resolution when the text is large enough (a rule survives halving,
    and it takes a quarter of the time). Cells are the enclosed regions of the line mask at least
    a text height in each direction.
    """
    h, w = gray.shape
    if text_px <= 0:
        return Rules()
    f = 0.5 if text_px >= 16 else 1.0
    small = gray if f == 1.0 else cv2.resize(gray, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    bw = _binary(small)
    tpx = text_px * f
    # a horizontal rule is longer than any word; a vertical one (a table's column separator,
    # often only a row or two high) longer than any glyph's stroke
    min_len = int(max(8 * tpx, 0.04 * max(small.shape)))
    min_tall = int(max(3 * tpx, 0.01 * max(small.shape)))
    horiz = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (min_len, 1)))
    vert = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, min_tall)))
    lines: list[Box] = []
    keep = np.zeros_like(bw)
    max_thick = max(2.0, 0.75 * tpx)
    for runs, along in ((horiz, 1), (vert, 0)):
        n, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for i in range(1, n):
            x, y, bw_, bh, area = (int(v) for v in stats[i])
            length = bw_ if along else bh
            thick = area / max(1, length)
            if thick > max_thick or length < 12 * thick:
                continue  # a solid block (a black bar, a photo) or a large glyph's stroke, not a rule
            if not along and length < min_len and not _meets(keep, x, y, bw_, bh):
                continue  # a short upright stroke is a rule only where it meets a horizontal one
            sub = labels[y:y + bh, x:x + bw_] == i
            keep[y:y + bh, x:x + bw_][sub] = 255
            lines.append(Box(x / f, y / f, bw_ / f, bh / f))
    if not lines:
        return Rules()
    cells = [Box(b.left / f, b.top / f, b.width / f, b.height / f) for b in _cells(keep, tpx)]
    return Rules(lines=lines, cells=cells, mask=keep, scale=f)


def _meets(horizontal: np.ndarray, x: int, y: int, w: int, h: int, reach: int = 3) -> bool:
    """Whether the top or bottom end of an upright run (x, y, w, h) touches a horizontal rule."""
    rows, cols = horizontal.shape
    x0, x1 = max(0, x - reach), min(cols, x + w + reach)
    top = horizontal[max(0, y - reach):min(rows, y + reach + 1), x0:x1]
    bottom = horizontal[max(0, y + h - reach - 1):min(rows, y + h + reach), x0:x1]
    return bool(top.any() or bottom.any())


def _cells(lines: np.ndarray, text_px: float) -> list[Box]:
    """Regions enclosed by ruling lines (both directions), at least one text height in size."""
    h, w = lines.shape
    closed = cv2.dilate(lines, np.ones((3, 3), np.uint8))
    free = cv2.bitwise_not(closed)
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
    cells: list[Box] = []
    for i in range(1, n):
        x, y, cw, ch, _area = (int(v) for v in stats[i])
        if x == 0 or y == 0 or x + cw >= w or y + ch >= h:
            continue  # touches the page edge: outside every box
        if cw < 1.2 * text_px or ch < 1.2 * text_px or cw * ch > 0.5 * w * h:
            continue
        cells.append(Box(float(x), float(y), float(cw), float(ch)))
    cells.sort(key=lambda b: (b.top, b.left))
    return cells


def _fit(mask: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """`mask` cut or padded (with zeros, at the bottom and right) to exactly `shape`."""
    rows, cols = shape[:2]
    out = mask[:rows, :cols]
    if out.shape != (rows, cols):
        out = np.pad(out, ((0, rows - out.shape[0]), (0, cols - out.shape[1])))
    return np.ascontiguousarray(out)


def erase_rules(gray: np.ndarray, rules: Rules) -> np.ndarray:
    """The page with its ruling lines painted over with the paper around them.

    Only the line mask (long straight runs) and its halo (2 px) are removed; where a character's
    stroke crosses a line, the stroke is kept: line pixels with ink of something else (more than
    4 px off the line) both just above and below it, or left and right, stay. The fill is the mean
    of the pixels around that are not erased, so a rule between a shaded header and white paper
    leaves neither a white bar nor a dark edge. Only the region holding the rules is touched.
    """
    if rules.mask is None or not rules.lines:
        return gray
    h, w = gray.shape
    pad = 16
    x0 = max(0, int(min(b.left for b in rules.lines)) - pad)
    y0 = max(0, int(min(b.top for b in rules.lines)) - pad)
    x1 = min(w, int(max(b.left + b.width for b in rules.lines)) + pad)
    y1 = min(h, int(max(b.top + b.height for b in rules.lines)) + pad)
    g = gray[y0:y1, x0:x1]
    bw = _binary(g)
    f = rules.scale
    if f == 1.0:
        core = rules.mask[y0:y1, x0:x1]
    else:  # the rule's own ink at full resolution (the half-resolution mask covers whole pixels)
        y0s, x0s = int(y0 * f), int(x0 * f)
        core = rules.mask[y0s:int(y1 * f) + 1, x0s:int(x1 * f) + 1]
        core = cv2.resize(core, (round(core.shape[1] / f), round(core.shape[0] / f)),
                          interpolation=cv2.INTER_NEAREST)
        core = core[y0 - round(y0s / f):, x0 - round(x0s / f):]
    core = cv2.bitwise_and(_fit(core, g.shape), bw)
    near = cv2.dilate(core, np.ones((9, 9), np.uint8))
    other = cv2.bitwise_and(bw, cv2.bitwise_not(near))  # ink that is not a rule nor its halo
    reach = 11
    up = cv2.dilate(other, np.ones((reach, 1), np.uint8), anchor=(0, reach - 1))
    down = cv2.dilate(other, np.ones((reach, 1), np.uint8), anchor=(0, 0))
    left = cv2.dilate(other, np.ones((1, reach), np.uint8), anchor=(reach - 1, 0))
    right = cv2.dilate(other, np.ones((1, reach), np.uint8), anchor=(0, 0))
    crossing = cv2.bitwise_or(cv2.bitwise_and(up, down), cv2.bitwise_and(left, right))
    erase = cv2.bitwise_and(cv2.dilate(core, np.ones((5, 5), np.uint8)), cv2.bitwise_not(crossing))
    keep = (erase == 0).astype(np.float32)
    k = (11, 11)
    weight = cv2.boxFilter(keep, -1, k, normalize=False)
    fill = cv2.boxFilter(g.astype(np.float32) * keep, -1, k, normalize=False) / np.maximum(weight, 1.0)
    paper = float(np.percentile(g[::2, ::2], 90))
    sel = erase > 0
    out = gray.copy()
    region = out[y0:y1, x0:x1]
    region[sel] = np.where(weight[sel] < 1.0, paper, np.clip(fill[sel], 0, 255)).astype(np.uint8)
    return out


# --- reading order ---------------------------------------------------------------------------------

@dataclass
class _Line:
    words: list[Word]
    left: float
    top: float
    right: float
    bottom: float
    block: int

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


def _make_line(words: list[Word]) -> _Line:
    """A line of words, left to right. Its height is that of its typical word (the median top and
    bottom), so a speck read as a tiny word, or one tall mark, does not move the line."""
    ws = sorted(words, key=lambda w: w.box.left)
    return _Line(ws, min(w.box.left for w in ws), median([w.box.top for w in ws]),
                 max(w.box.left + w.box.width for w in ws),
                 median([w.box.top + w.box.height for w in ws]), ws[0].block)


def _split_gaps(lines: list[_Line]) -> list[_Line]:
    """Tesseract lines cut where a gap between words is wider than SPLIT_GAP line heights; each
    piece gets a block of its own kind (first piece, second piece, ... of its block), so that a
    run of pieces beside another run can be recognised as columns."""
    if not lines:
        return lines
    lh = median([ln.height for ln in lines])
    out: list[_Line] = []
    for ln in lines:
        pieces: list[list[Word]] = [[ln.words[0]]]
        for prev, w in zip(ln.words, ln.words[1:], strict=False):
            if w.box.left - (prev.box.left + prev.box.width) > SPLIT_GAP * lh:
                pieces.append([])
            pieces[-1].append(w)
        if len(pieces) == 1:
            out.append(ln)
            continue
        for k, ws in enumerate(pieces):
            piece = _make_line(ws)
            piece.block = -(ln.block * 100 + k + 1)  # the k-th piece of lines of this block
            out.append(piece)
    return out


def _inside(b: Box, cell: Box) -> bool:
    cx, cy = b.left + b.width / 2, b.top + b.height / 2
    return cell.left <= cx <= cell.left + cell.width and cell.top <= cy <= cell.top + cell.height


def _columns(lines: list[_Line]) -> list[list[_Line]]:
    """Tesseract blocks of running text that sit side by side, grouped: each group is a run of
    columns. Lines of other blocks are not in any group."""
    blocks: dict[int, list[_Line]] = {}
    for ln in lines:
        blocks.setdefault(ln.block, []).append(ln)
    prose = {}
    for b, ls in blocks.items():
        if len(ls) >= COLUMN_MIN_LINES and median([len(x.words) for x in ls]) >= COLUMN_MIN_WORDS:
            prose[b] = (min(x.left for x in ls), min(x.top for x in ls), max(x.right for x in ls),
                        max(x.bottom for x in ls))
    lh = median([ln.height for ln in lines]) if lines else 0.0
    steps = [b.top - a.top for k in prose
             for a, b in zip(sorted(blocks[k], key=lambda x: x.top), sorted(blocks[k], key=lambda x: x.top)[1:],
                             strict=False)]
    pitch = median(steps) if steps else 1.5 * lh  # the columns' line spacing
    parent = {b: b for b in prose}

    def find(b: int) -> int:
        while parent[b] != b:
            b = parent[b]
        return b

    keys = list(prose)
    side: set[int] = set()
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            l1, t1, r1, b1 = prose[a]
            l2, t2, r2, b2 = prose[b]
            apart = r1 <= l2 or r2 <= l1
            overlap = min(b1, b2) - max(t1, t2)
            if apart and overlap >= 2 * lh:
                parent[find(a)] = find(b)
                side.update((a, b))
    groups: dict[int, list[int]] = {}
    for b in side:
        groups.setdefault(find(b), []).append(b)
    boxes: list[tuple[float, float, float, float, list[int]]] = [
        (min(prose[m][0] for m in ms), min(prose[m][1] for m in ms),
         max(prose[m][2] for m in ms), max(prose[m][3] for m in ms), ms)
        for ms in groups.values()]
    merged = True
    while merged:  # column runs that follow one another (a paragraph gap between) are one run
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                ga, gb = boxes[i], boxes[j]
                if ga[0] < gb[2] and gb[0] < ga[2] and ga[1] - 3 * lh < gb[3] and gb[1] - 3 * lh < ga[3]:
                    boxes[i] = (min(ga[0], gb[0]), min(ga[1], gb[1]), max(ga[2], gb[2]), max(ga[3], gb[3]),
                                ga[4] + gb[4])
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    out = []
    taken: set[int] = set()
    for left, top, right, bottom, members in sorted(boxes, key=lambda x: x[1]):
        cols = [(prose[m][0], prose[m][2]) for m in members]
        # a line within a column's span (a heading, a short last line) or right below it, within
        # a paragraph's gap, continues that column's flow
        group = [ln for ln in lines if id(ln) not in taken and (ln.block in members or (
            top <= ln.mid and ln.top <= bottom + 2 * pitch and left - lh <= ln.left
            and ln.right <= right + lh
            and any(c0 - lh <= ln.left and ln.right <= c1 + lh for c0, c1 in cols)))]
        taken.update(id(ln) for ln in group)
        out.append(group)
    return out


def _column_order(group: list[_Line]) -> list[list[_Line]]:
    """A column group's lines as columns (left to right), each top to bottom."""
    cols: list[list[_Line]] = []
    for ln in sorted(group, key=lambda x: x.left):
        for col in cols:
            c0 = min(x.left for x in col)
            c1 = max(x.right for x in col)
            if ln.left < c1 and ln.right > c0:
                col.append(ln)
                break
        else:
            cols.append([ln])
    cols.sort(key=lambda c: min(x.left for x in c))
    return [sorted(c, key=lambda x: x.top) for c in cols]


def _rows(lines: list[_Line]) -> list[_Line]:
    """Lines at the same height merged into one row (left to right), rows top to bottom."""
    rows: list[list[_Line]] = []
    for ln in sorted(lines, key=lambda x: x.mid):
        for row in rows:
            top = median([x.top for x in row])
            bottom = median([x.bottom for x in row])
            overlap = min(bottom, ln.bottom) - max(top, ln.top)
            clash = any(ln.left < x.right and ln.right > x.left for x in row)
            if not clash and overlap >= 0.5 * min(bottom - top, ln.height):
                row.append(ln)
                break
        else:
            rows.append([ln])
    merged = [_make_line([w for x in row for w in x.words]) for row in rows]
    return sorted(merged, key=lambda x: x.top)


@dataclass
class _Segment:
    lines: list[_Line]
    top: float
    left: float
    bottom: float
    cell: int = -1
    column: bool = False


def reading_order(words: list[Word], cells: list[Box] | None = None) -> tuple[list[Word], str]:
    """Words in reading order with `line`, `block` and `cell` set, and the page text built from them.

    `words` come from tesseract with `line` set to tesseract's line number and `block` to its block;
    `cells` are ruled boxes in the same pixels as the word boxes.
    """
    cells = cells or []
    by_line: dict[int, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    lines = _split_gaps([_make_line(ws) for ws in by_line.values()])
    segments: list[_Segment] = []
    # cells first: every word inside a ruled box is read with that box
    free: list[_Line] = []
    in_cell: dict[int, list[Word]] = {}
    for ln in lines:
        rest = []
        for w in ln.words:
            k = next((i for i, c in enumerate(cells) if _inside(w.box, c)), -1)
            if k >= 0:
                w.cell = k
                in_cell.setdefault(k, []).append(w)
            else:
                rest.append(w)
        if rest:
            free.append(_make_line(rest) if len(rest) != len(ln.words) else ln)
    for k, ws in in_cell.items():
        sub: dict[int, list[Word]] = {}
        for w in ws:
            sub.setdefault(w.line, []).append(w)
        cl = _rows([_make_line(v) for v in sub.values()])
        c = cells[k]
        segments.append(_Segment(cl, c.top, c.left, c.top + c.height, cell=k))
    for group in _columns(free):
        ids = {id(x) for x in group}
        free = [ln for ln in free if id(ln) not in ids]
        cols = _column_order(group)
        ordered = [ln for col in cols for ln in col]
        segments.append(_Segment(ordered, min(x.top for x in group), min(x.left for x in group),
                                 max(x.bottom for x in group), column=True))
    for row in _rows(free):
        segments.append(_Segment([row], row.top, row.left, row.bottom))
    segments = _sort_segments(segments)
    out_words: list[Word] = []
    text: list[str] = []
    line_no = 0
    for bi, seg in enumerate(segments):
        for ln in seg.lines:
            for w in ln.words:
                w.line, w.block = line_no, bi
                out_words.append(w)
            text.append(" ".join(w.text for w in ln.words))
            line_no += 1
        if (seg.column or seg.cell >= 0) and bi + 1 < len(segments):
            text.append("")
    return out_words, "\n".join(text)


def _sort_segments(segments: list[_Segment]) -> list[_Segment]:
    """Segments in rows, top to bottom: segments that sit at the same height (the cells of a table
    row, a form's boxes, a label and its value) left to right; a column run stands alone."""
    bands: list[list[_Segment]] = []
    for seg in sorted(segments, key=lambda s: s.top):
        band = bands[-1] if bands else None
        if band is not None and not seg.column and not any(s.column for s in band):
            top = min(s.top for s in band)
            bottom = max(s.bottom for s in band)
            overlap = min(bottom, seg.bottom) - max(top, seg.top)
            if overlap >= 0.5 * min(bottom - top, seg.bottom - seg.top):
                band.append(seg)
                continue
        bands.append([seg])
    return [s for band in bands for s in sorted(band, key=lambda s: s.left)]
