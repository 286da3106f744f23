"""Page model: positioned text spans in *reading order* plus vector graphics.

Every printed string is a Span placed at its real position.  Spans are grouped
into reading lines (``Page.lines``) in the order a careful typist would read
the page; the PDF renderer may draw them in a different order (see
render.py).  Spans carry entity annotations so the truth of any subset of
pages can be recomputed from what is actually printed on them.

Entity annotations (tuples):
  ("person", truth_name, role)   ("case", canon)   ("citation", canon)
  ("court", canon)               ("plate", state, number)
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import fonts

REDACT = "\x00REDACTED"
LETTER = (612.0, 792.0)
LEGAL = (612.0, 1008.0)
HALF = (396.0, 612.0)        # 5.5 x 8.5 in


@dataclass
class Span:
    x: float
    y: float
    text: str
    font: str
    size: float
    layer: str = "form"          # form (printed template) | fill (filled-in value) | stamp
    ents: list = field(default_factory=list)
    cs: float = 0.0              # character spacing (points)
    hscale: float = 100.0        # horizontal scale (percent)
    angle: float = 0.0
    color: tuple = (0, 0, 0)
    col: int = 0                 # column index (two-column pages)
    seq: int = 0                 # reading index (assigned by Page)


@dataclass
class Page:
    w: float
    h: float
    layout: str
    lines: list = field(default_factory=list)      # list[list[Span]] in reading order
    ops: list = field(default_factory=list)        # graphics drawn under the text
    over: list = field(default_factory=list)       # graphics drawn over the text (redactions, stamps)
    tail: list = field(default_factory=list)       # reading lines appended after everything (stamps)
    draw_order: str = "reading"
    meta: dict = field(default_factory=dict)

    def all_lines(self) -> list:
        return [ln for ln in self.lines + self.tail if ln]

    def spans(self) -> list:
        out = []
        for ln in self.all_lines():
            out.extend(ln)
        return out

    def text(self) -> str:
        rows = []
        for ln in self.all_lines():
            s = " ".join(sp.text.strip() for sp in ln if sp.text.strip())
            s = " ".join(s.split())
            if s:
                rows.append(s)
        return "\n".join(rows)

    def ents(self) -> list:
        out = []
        for ln in self.all_lines():
            for sp in ln:
                out.extend(sp.ents)
        return out


@dataclass
class Style:
    label_font: str = "Helvetica"
    label_size: float = 6.0
    value_font: str = "Courier"
    value_size: float = 9.5
    head_font: str = "Helvetica-Bold"
    body_font: str = "Times-Roman"
    body_size: float = 10.0
    caps: bool = False           # values all upper case
    value_cs: float = 0.0        # character spacing for values
    label_caps: bool = True
    rule: float = 0.6            # line width for boxes


class PB:
    """Page builder."""

    def __init__(self, w: float, h: float, layout: str, st: Style, rng: random.Random):
        fonts.register()
        self.p = Page(w, h, layout)
        self.st = st
        self.rng = rng

    # ---------------------------------------------------------------- basics
    @property
    def w(self):
        return self.p.w

    @property
    def h(self):
        return self.p.h

    def newline(self, tail: bool = False) -> list:
        ln: list = []
        (self.p.tail if tail else self.p.lines).append(ln)
        return ln

    def t(self, x, y, text, font=None, size=None, layer="form", ents=(), align="left", line=None,
          cs=None, hscale=100.0, angle=0.0, color=(0, 0, 0), col=0, maxw=None, minsize=4.0) -> Span | None:
        if text is None or str(text).strip() == "":
            return None
        text = str(text)
        font = font or (self.st.value_font if layer == "fill" else self.st.label_font)
        size = size or (self.st.value_size if layer == "fill" else self.st.label_size)
        if cs is None:
            cs = self.st.value_cs if layer == "fill" else 0.0
        wd = fonts.width(text, font, size, cs) * hscale / 100.0
        if maxw is not None and wd > maxw:
            # too wide for its box: drop extra letter spacing, shrink a little, then condense
            if cs:
                cs = 0.0
                wd = fonts.width(text, font, size, cs) * hscale / 100.0
            floor = max(minsize, size * 0.78)
            while wd > maxw and size > floor:
                size -= 0.25
                wd = fonts.width(text, font, size, cs) * hscale / 100.0
            if wd > maxw:
                hscale = max(55.0, hscale * maxw / wd)
                wd = fonts.width(text, font, size, cs) * hscale / 100.0
        if align == "center":
            x = x - wd / 2
        elif align == "right":
            x = x - wd
        sp = Span(x, y, text, font, size, layer, list(ents), cs, hscale, angle, color, col)
        if line is None:
            line = self.newline()
        line.append(sp)
        return sp

    def width(self, text, font, size, cs=0.0):
        return fonts.width(text, font, size, cs)

    @staticmethod
    def end(sp) -> float:
        """Right edge of a placed span."""
        return sp.x + fonts.width(sp.text, sp.font, sp.size, sp.cs) * sp.hscale / 100.0

    def val(self, s: str) -> str:
        return s.upper() if self.st.caps else s

    def lab(self, s: str) -> str:
        return s.upper() if self.st.label_caps else s

    # ---------------------------------------------------------------- graphics
    def line(self, x1, y1, x2, y2, lw=None, gray=0.0, dash=None, over=False):
        (self.p.over if over else self.p.ops).append(("line", x1, y1, x2, y2, lw or self.st.rule, gray, dash))

    def rect(self, x, y, w, h, lw=None, stroke=0.0, fill=None, over=False, alpha=1.0):
        (self.p.over if over else self.p.ops).append(("rect", x, y, w, h, lw or self.st.rule, stroke, fill, alpha))

    def circle(self, x, y, r, lw=0.8, stroke=0.0, fill=None, over=False):
        (self.p.over if over else self.p.ops).append(("circle", x, y, r, lw, stroke, fill))

    def curve(self, pts, lw=0.9, color=(0.05, 0.05, 0.3), over=True):
        (self.p.over if over else self.p.ops).append(("curve", pts, lw, color))

    def polyline(self, pts, lw=0.8, gray=0.0, over=False, fill=None):
        (self.p.over if over else self.p.ops).append(("poly", pts, lw, gray, fill))

    # ---------------------------------------------------------------- form primitives
    def box(self, x, ytop, w, h, label, value="", ents=(), vsize=None, vfont=None, border=True,
            label_size=None, value_lines=None, align="left", lw=None):
        """Ruled box with a tiny label in the top-left corner and the value below it.
        Reading: label line, then the value line(s)."""
        st = self.st
        if border:
            self.rect(x, ytop - h, w, h, lw=lw)
        ls = label_size or st.label_size
        if label:
            self.t(x + 2, ytop - ls - 0.8, self.lab(label), st.label_font, ls, "form", maxw=w - 3)
        vals = value_lines if value_lines is not None else ([value] if value else [])
        vs = vsize or st.value_size
        n = len([v for v in vals if v])
        if not n:
            return
        avail = h - ls - 2
        lead = vs * 1.12
        y0 = ytop - ls - 2 - max((avail - n * lead) / 2, 0) - vs * 0.9
        for i, v in enumerate(vals):
            if not v:
                continue
            if v == REDACT:
                self.redact(x + 3, y0 - i * lead - 2, w * 0.8, vs + 1)
                continue
            xx = x + 4 if align == "left" else (x + w / 2 if align == "center" else x + w - 4)
            self.t(xx, y0 - i * lead, self.val(v), vfont or st.value_font, vs, "fill",
                   ents=ents if i == 0 else (), maxw=w - 6, align=align)

    def grid_row(self, x, ytop, h, cells, total_w=None):
        """cells: list of (width, label, value, ents) ; widths may be fractions of total_w."""
        cx = x
        for c in cells:
            wd, label, value = c[0], c[1], c[2]
            ents = c[3] if len(c) > 3 else ()
            if total_w and wd <= 1.0:
                wd = wd * total_w
            if isinstance(value, list):
                self.box(cx, ytop, wd, h, label, value_lines=value, ents=ents)
            else:
                self.box(cx, ytop, wd, h, label, value, ents=ents)
            cx += wd
        return ytop - h

    def lv(self, y, items, size=None, lfont=None, vfont=None, colon=True, lsize=None):
        """One reading line of label/value pairs. items: (x_label, label, x_value|None, value, ents).
        If x_value is None the value follows the label after a space."""
        st = self.st
        ln = self.newline()
        lsize = lsize or size or st.value_size
        for k, it in enumerate(items):
            xl, label, xv, value = it[:4]
            ents = it[4] if len(it) > 4 else ()
            lab = (label + (":" if colon and not label.endswith(":") else "")) if label else ""
            lf = lfont or st.label_font
            if lab:
                self.t(xl, y, lab, lf, lsize, "form", line=ln)
            if value:
                vx = xv if xv is not None else xl + self.width(lab, lf, lsize) + 4
                limit = items[k + 1][0] - 8 if k + 1 < len(items) else self.w - 36
                self.t(vx, y, self.val(value), vfont or st.value_font, size or st.value_size, "fill",
                       ents=ents, line=ln, maxw=limit - vx)
        return ln

    def ufield(self, x, y, w, value, label, ents=(), vsize=None, lsize=None, lalign="left"):
        """Underline field: value typed on a rule, small label printed under the rule.
        Reading: value, then label."""
        st = self.st
        self.line(x, y, x + w, y, lw=0.5)
        if value:
            self.t(x + 3, y + 2.5, self.val(value), st.value_font, vsize or st.value_size, "fill",
                   ents=ents, maxw=w - 4)
        ls = lsize or st.label_size
        if label:
            lx = x + 1 if lalign == "left" else x + w / 2
            self.t(lx, y - ls - 0.5, self.lab(label), st.label_font, ls, "form", align=lalign)

    def table(self, x, ytop, cols, rows, row_h=13.0, ruled=True, head_fill=0.88, hsize=None, vsize=None,
              vfont=None, hfont=None, min_rows=0, outer=True):
        """cols: list of (header, width); rows: list of list of cell (text or (text, ents)).
        Reading: header row line, then one line per row."""
        st = self.st
        hs = hsize or st.label_size + 0.5
        vs = vsize or st.value_size
        tw = sum(w for _, w in cols)
        hh = hs + 6
        if head_fill is not None and ruled:
            self.rect(x, ytop - hh, tw, hh, fill=head_fill, stroke=0.0)
        ln = self.newline()
        cx = x
        for head, wd in cols:
            self.t(cx + 2.5, ytop - hh + 3, self.lab(head), hfont or st.label_font, hs, "form", line=ln, maxw=wd - 4)
            cx += wd
        y = ytop - hh
        nrows = max(len(rows), min_rows)
        for r in range(nrows):
            if r < len(rows):
                ln = self.newline()
                cx = x
                for (head, wd), cell in zip(cols, rows[r]):
                    txt, ents = (cell, ()) if isinstance(cell, str) else cell
                    if txt == REDACT:
                        self.redact(cx + 2, y - row_h + 2.5, wd - 5, row_h - 5)
                    elif txt:
                        self.t(cx + 3, y - row_h + (row_h - vs) / 2 + 1.5, self.val(txt), vfont or st.value_font,
                               vs, "fill", ents=ents, line=ln, maxw=wd - 5)
                    cx += wd
            y -= row_h
            if ruled:
                self.line(x, y, x + tw, y, lw=0.4)
            elif r == nrows - 1:
                pass
        if ruled:
            cx = x
            for _, wd in cols[:-1]:
                cx += wd
                self.line(cx, ytop, cx, y, lw=0.4)
            if outer:
                self.rect(x, y, tw, ytop - y, lw=st.rule)
        else:
            self.line(x, ytop - hh, x + tw, ytop - hh, lw=0.6)
        return y

    def checks(self, x, y, options, size=None, mode="text", gap=10, font=None, line=None):
        """options: list of (label, checked).  mode text prints "[X] Label" / "[ ] Label";
        mode box draws squares (mark not part of the text)."""
        st = self.st
        size = size or st.label_size + 1.5
        font = font or st.label_font
        ln = line if line is not None else self.newline()
        cx = x
        for lab, on in options:
            if mode == "text":
                mark = "[X]" if on else "[ ]"
                sp = self.t(cx, y, mark, "Courier", size + 0.5, "fill" if on else "form", line=ln)
                cx += self.width(mark, "Courier", size + 0.5) + 2.5
            else:
                bs = size * 0.95
                self.rect(cx, y - 0.5, bs, bs, lw=0.5)
                if on:
                    self.line(cx + 1.2, y + 0.7, cx + bs - 1.2, y + bs - 1.7, lw=0.9)
                    self.line(cx + 1.2, y + bs - 1.7, cx + bs - 1.2, y + 0.7, lw=0.9)
                cx += bs + 2.5
            self.t(cx, y, lab, font, size, "form", line=ln)
            cx += self.width(lab, font, size) + gap
        return ln

    def wrap(self, segs, font, size, width, cs=0.0):
        """segs: list of (text, ents).  Returns list of lines, each (text, ents)."""
        words = []
        for text, ents in segs:
            toks = text.split()
            for i, tk in enumerate(toks):
                words.append((tk, list(ents) if i == 0 else []))
        lines, cur, cur_e, cw = [], [], [], 0.0
        spw = fonts.width(" ", font, size)
        for tk, e in words:
            ww = fonts.width(tk, font, size, cs)
            if cur and cw + spw + ww > width:
                lines.append((" ".join(cur), cur_e))
                cur, cur_e, cw = [], [], 0.0
            cur.append(tk)
            cur_e = cur_e + e
            cw = cw + (spw if len(cur) > 1 else 0) + ww
        if cur:
            lines.append((" ".join(cur), cur_e))
        return lines

    def para(self, x, ytop, width, segs, font=None, size=None, lead=None, layer="fill", col=0,
             first_indent=0.0, justify=False):
        font = font or self.st.body_font
        size = size or self.st.body_size
        lead = lead or size * 1.28
        y = ytop - size
        for i, (txt, ents) in enumerate(self.wrap(segs, font, size, width - first_indent)):
            xx = x + (first_indent if i == 0 else 0)
            self.t(xx, y, txt, font, size, layer, ents=ents, col=col, cs=0.0)
            y -= lead
        return y + lead - size * 0.3

    # ---------------------------------------------------------------- decorations
    def hrule(self, y, x0=None, x1=None, lw=0.8, gray=0.0):
        self.line(x0 if x0 is not None else 36, y, x1 if x1 is not None else self.w - 36, y, lw=lw, gray=gray)

    def scribble(self, x, y, w, h, kind="signature"):
        """Handwriting-like strokes (not text)."""
        rng = self.rng
        n = rng.randint(3, 6) if kind == "signature" else rng.randint(2, 3)
        pts = []
        cx = x
        for i in range(n):
            seg_w = w / n
            p0 = (cx, y + rng.uniform(0, h * 0.4))
            p1 = (cx + seg_w * rng.uniform(0.1, 0.5), y + h * rng.uniform(0.6, 1.1))
            p2 = (cx + seg_w * rng.uniform(0.4, 0.9), y - h * rng.uniform(0.0, 0.35))
            p3 = (cx + seg_w, y + rng.uniform(0, h * 0.5))
            pts.append((p0, p1, p2, p3))
            cx += seg_w
        ink = rng.choice([(0.05, 0.08, 0.35), (0.1, 0.1, 0.1), (0.15, 0.15, 0.5)])
        self.curve(pts, lw=rng.uniform(0.7, 1.3), color=ink)
        if kind == "signature" and rng.random() < 0.6:
            y2 = y + rng.uniform(-2, 2)
            self.curve([((x - 3, y2), (x + w * 0.3, y2 - 4), (x + w * 0.7, y2 + 3), (x + w + 4, y2 - 1))],
                       lw=0.8, color=ink)

    def barcode(self, x, y, w, h, data: str):
        """A bar pattern derived from data (vector rectangles, not text)."""
        import hashlib
        bits = "".join(f"{b:08b}" for b in hashlib.sha256(data.encode()).digest())
        bits = "1011" + bits[:90] + "1101"
        unit = w / (len(bits) * 1.5)
        cx = x
        for i, b in enumerate(bits):
            wd = unit * (2 if (i % 5 == 0) else 1)
            if b == "1":
                self.rect(cx, y, wd, h, lw=0.01, stroke=None, fill=0.0)
            cx += wd + unit * 0.5
            if cx > x + w:
                break

    def redact(self, x, y, w, h):
        self.rect(x, y, w, h, lw=0.1, stroke=0.0, fill=0.0, over=True)

    def stamp(self, x, y, lines, angle=0.0, color=(0.75, 0.1, 0.1), size=14, box=True, font="Helvetica-Bold"):
        """Rubber stamp (text is printed, so it is part of the reading text, appended at page end)."""
        import math
        ln_h = size * 1.15
        widths = [fonts.width(s, font, size if i == 0 else size * 0.62) for i, s in enumerate(lines)]
        bw = max(widths) + 14
        bh = ln_h * (1 + 0.62 * 1.3 * (len(lines) - 1)) + 10
        ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))

        def rot(px, py):
            return (x + px * ca - py * sa, y + px * sa + py * ca)
        if box:
            corners = [rot(-bw / 2, -bh / 2), rot(bw / 2, -bh / 2), rot(bw / 2, bh / 2), rot(-bw / 2, bh / 2)]
            self.p.over.append(("poly", corners + [corners[0]], 1.6, color, None))
            inner = [rot(-bw / 2 + 2.5, -bh / 2 + 2.5), rot(bw / 2 - 2.5, -bh / 2 + 2.5),
                     rot(bw / 2 - 2.5, bh / 2 - 2.5), rot(-bw / 2 + 2.5, bh / 2 - 2.5)]
            self.p.over.append(("poly", inner + [inner[0]], 0.6, color, None))
        yy = bh / 2 - 4 - size * 0.85
        for i, s in enumerate(lines):
            sz = size if i == 0 else size * 0.62
            px, py = -widths[i] / 2, yy
            ax, ay = rot(px, py)
            ln = self.newline(tail=True)
            ln.append(Span(ax, ay, s, font, sz, "stamp", [], 0.0, 100.0, angle, color, 0))
            yy -= sz * 1.45 + (2 if i == 0 else 0)

    def watermark(self, text, size=90, gray=0.88, angle=35):
        ln = self.newline(tail=True)
        w = fonts.width(text, "Helvetica-Bold", size)
        import math
        cx, cy = self.w / 2, self.h / 2
        ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        ln.append(Span(cx - w / 2 * ca, cy - w / 2 * sa, text, "Helvetica-Bold", size, "stamp", [], 0.0, 100.0,
                       angle, (gray, gray, gray), 0))


def finalize_pages(pages: list[Page]) -> None:
    """Resolve {PAGE}/{PAGES} placeholders and assign reading indices."""
    n = len(pages)
    for i, p in enumerate(pages, 1):
        k = 0
        for ln in p.all_lines():
            for sp in ln:
                if "{PAGE}" in sp.text or "{PAGES}" in sp.text:
                    sp.text = sp.text.replace("{PAGES}", str(n)).replace("{PAGE}", str(i))
                sp.seq = k
                k += 1
