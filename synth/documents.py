"""Synthetic, labelled police records documents for tests and the extraction-accuracy evaluation.

Each generated document is a born-digital PDF (reportlab) plus its ground truth in the export
format's terms (`Truth`). Layouts, fonts, field labels, wording and ordering vary per document so
that an extractor cannot be tuned to one template, and every document carries near-miss distractors
(phone numbers, dates, statutes, badge and DPSST numbers, ZIP codes, VINs, driver licence numbers,
times, addresses, invoice numbers) that must not be extracted.

Conventions of the truth:
- `case_numbers` are normalised to `YY-NNNNNN` whatever the printed form (`TPD24-003817`,
  `Case # 24-3817`, `Case No. 24-003817`).
- `persons` are natural-order names without titles, one entry per person with the strongest role
  (see `ROLE_PRIORITY`); compare names with `synth.names.name_key` (documents may print capitals).
- `plates` carry no spaces or dashes; the state is a two-letter code.
- `appearance` is set for subpoenas and citations: ISO date, HH:MM 24 h time, court as printed in
  the document's court line, courtroom (or None), and the badge of the officer who must appear.

Public API: `Truth`, `SynthDoc`, `generate`, `write_corpus`, `vin_check_digit`, `vin_is_valid`.
"""

from __future__ import annotations

import datetime as dt
import glob
import io
import json
import os
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from reportlab.lib.pagesizes import legal, letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from synth.names import NAME_STYLES, Person, PersonFactory

DOC_TYPES: tuple[str, ...] = (
    "incident_report", "citation", "subpoena", "tow_record", "warrant", "property_record", "other",
)
# Strongest first: when one person has two roles in a document, the truth keeps the first listed.
ROLE_PRIORITY: tuple[str, ...] = (
    "suspect", "defendant", "victim", "driver", "owner", "witness", "reporting_party", "attorney",
    "officer", "other",
)
# Relative share of each type in a mixed corpus.
TYPE_WEIGHTS: dict[str, float] = {
    "incident_report": 0.28, "citation": 0.22, "subpoena": 0.16, "tow_record": 0.12,
    "warrant": 0.08, "property_record": 0.08, "other": 0.06,
}


# --------------------------------------------------------------------------------------------
# public records


@dataclass
class Truth:
    """Ground truth of one document, in the export format's terms."""

    doc_type: str
    case_numbers: list[str]
    citation_numbers: list[str]
    court_case_numbers: list[str]
    persons: list[dict]  # {"name": "James Robert Harrington", "role": "suspect"}
    plates: list[dict]  # {"state": "OR", "number": "482KLM"}
    appearance: dict | None  # {"date", "time", "court", "courtroom", "officer_badge"}
    text: str  # full plain text, pages separated by "\f"


@dataclass
class SynthDoc:
    """One synthetic document: its file stem, ground truth and born-digital PDF."""

    name: str
    truth: Truth
    pdf_bytes: bytes

    def page_images(self, dpi: int = 300) -> list[Image.Image]:
        """Clean grayscale ("L") renders of the PDF pages at `dpi`, via pypdfium2."""
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(self.pdf_bytes)
        try:
            out = []
            for i in range(len(pdf)):
                page = pdf[i]
                img = page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
                img.info["dpi"] = (dpi, dpi)
                out.append(img)
                page.close()
            return out
        finally:
            pdf.close()


# --------------------------------------------------------------------------------------------
# fonts


def _register_fonts() -> list[tuple[str, str]]:
    """(regular, bold) font pairs: the standard PDF fonts plus any DejaVu/Liberation TTFs found."""
    families = [("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold"),
                ("Courier", "Courier-Bold")]
    wanted = [
        ("DejaVuSans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("DejaVuSerif", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
        ("DejaVuSansMono", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
        ("DejaVuSansCondensed", "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
        ("LiberationSans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
        ("LiberationSerif", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
        ("LiberationMono", "LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf"),
    ]
    found: dict[str, str] = {}
    for d in ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts")):
        for p in sorted(glob.glob(os.path.join(d, "**", "*.ttf"), recursive=True)):
            found.setdefault(os.path.basename(p), p)
    for name, reg, bold in wanted:
        if reg in found and bold in found:
            try:
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, found[reg]))
                    pdfmetrics.registerFont(TTFont(name + "-Bold", found[bold]))
                families.append((name, name + "-Bold"))
            except Exception:  # noqa: BLE001 - a broken font file is not our problem; use the others
                continue
    return families


_FAMILIES: list[tuple[str, str]] | None = None


def _families() -> list[tuple[str, str]]:
    global _FAMILIES
    if _FAMILIES is None:
        _FAMILIES = _register_fonts()
    return _FAMILIES


def _w(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


# --------------------------------------------------------------------------------------------
# layout: records drawing operations per page and the text lines they print


Op = tuple  # ("text", x, y, s, font, size) | ("rect", x, y, w, h, lw, fill) | ("line", ...)


class _Layout:
    """A top-down flow layout. Every printed string is also recorded as a text line of its page."""

    def __init__(self, rng: random.Random, family: tuple[str, str], size: float,
                 pagesize: tuple[float, float] = letter, margin: float = 54.0) -> None:
        self.rng = rng
        self.reg, self.bold = family
        self.size = size
        self.W, self.H = pagesize
        self.pagesize = pagesize
        self.margin = margin
        self.x0 = margin
        self.x1 = self.W - margin
        self.top = self.H - margin
        self.bottom = margin + 30
        self.pages: list[list[Op]] = [[]]
        self.lines: list[list[str]] = [[]]
        self.y = self.top
        self.continuation: Callable[[_Layout], None] | None = None

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    # page control
    def new_page(self) -> None:
        self.pages.append([])
        self.lines.append([])
        self.y = self.top
        if self.continuation:
            self.continuation(self)

    def ensure(self, h: float) -> None:
        if self.y - h < self.bottom:
            self.new_page()

    def space(self, h: float = 6.0) -> None:
        self.y -= h

    # primitives
    def line(self, segs: Sequence[tuple[float, str, str, float]], leading: float | None = None) -> None:
        """One printed line of segments (x, text, font, size); recorded in x order."""
        segs = [s for s in segs if s[1]]
        size = max((s[3] for s in segs), default=self.size)
        lead = leading if leading is not None else size * 1.3
        self.ensure(lead)
        self.y -= size
        parts: list[str] = []
        prev_end: float | None = None
        for x, text, font, sz in sorted(segs, key=lambda s: s[0]):
            self.pages[-1].append(("text", x, self.y, text, font, sz))
            if prev_end is not None:
                parts.append(" " if x - prev_end < sz * 1.2 else "  ")
            parts.append(text)
            prev_end = x + _w(text, font, sz)
        self.lines[-1].append("".join(parts))
        self.y -= lead - size

    def text(self, s: str, font: str | None = None, size: float | None = None, x: float | None = None,
             align: str = "left", leading: float | None = None) -> None:
        font = font or self.reg
        size = size or self.size
        if align == "center":
            x = (self.x0 + self.x1 - _w(s, font, size)) / 2
        elif align == "right":
            x = self.x1 - _w(s, font, size)
        self.line([(x if x is not None else self.x0, s, font, size)], leading)

    def wrap(self, s: str, font: str, size: float, width: float) -> list[str]:
        out: list[str] = []
        cur = ""
        for word in s.split():
            cand = f"{cur} {word}" if cur else word
            if _w(cand, font, size) <= width or not cur:
                cur = cand
            else:
                out.append(cur)
                cur = word
        if cur:
            out.append(cur)
        return out

    def para(self, s: str, font: str | None = None, size: float | None = None, indent: float = 0.0,
             first_indent: float = 0.0, leading: float | None = None, after: float = 4.0) -> None:
        font = font or self.reg
        size = size or self.size
        width = self.width - indent
        lines = self.wrap(s, font, size, width - first_indent)
        if len(lines) > 1:  # re-wrap the rest at full width
            rest = " ".join(lines[1:])
            lines = lines[:1] + self.wrap(rest, font, size, width)
        for i, ln in enumerate(lines):
            self.line([(self.x0 + indent + (first_indent if i == 0 else 0), ln, font, size)], leading)
        self.space(after)

    def labeled(self, label: str, value: str, x: float | None = None, label_font: str | None = None,
                size: float | None = None, sep: str = ":") -> None:
        """A "Label: value" line; long values wrap under the value column."""
        size = size or self.size
        label_font = label_font or self.bold
        x = self.x0 if x is None else x
        lab = label + sep
        lw = _w(lab, label_font, size) + 5
        lines = self.wrap(value, self.reg, size, self.x1 - x - lw) or [""]
        self.line([(x, lab, label_font, size), (x + lw, lines[0], self.reg, size)])
        for ln in lines[1:]:
            self.line([(x + lw, ln, self.reg, size)])

    def hrule(self, lw: float = 0.8, gap: float = 4.0) -> None:
        self.ensure(gap * 2)
        self.y -= gap
        self.pages[-1].append(("line", self.x0, self.y, self.x1, self.y, lw))
        self.y -= gap

    def bar(self, title: str, size: float | None = None, fill: float = 0.85) -> None:
        """A shaded section header bar with bold text."""
        size = size or self.size
        h = size + 6
        self.ensure(h + 4)
        self.pages[-1].append(("rect", self.x0, self.y - h, self.width, h, 0.6, fill))
        self.y -= 3
        self.line([(self.x0 + 4, title, self.bold, size)], leading=h - 3)
        self.space(3)

    def fit(self, s: str, font: str, size: float, width: float, min_size: float = 7.5) -> float:
        while size > min_size and _w(s, font, size) > width:
            size -= 0.25
        return size

    def kv_columns(self, pairs: Sequence[tuple[str, str]], cols: int = 2, sep: str = ":",
                   label_font: str | None = None) -> None:
        """Label/value pairs in `cols` columns, row-major (each printed row is one text line).

        A pair too long for its column gets a full-width line of its own.
        """
        label_font = label_font or self.bold
        colw = self.width / cols
        row: list[tuple[str, str]] = []

        def flush() -> None:
            segs = []
            for j, (lab, val) in enumerate(row):
                x = self.x0 + j * colw
                lab = lab + sep
                lw = _w(lab, label_font, self.size) + 4
                vs = self.fit(val, self.reg, self.size, colw - lw - 8, self.size - 1.5)
                segs += [(x, lab, label_font, self.size), (x + lw, val, self.reg, vs)]
            if segs:
                self.line(segs)
            row.clear()

        for lab, val in pairs:
            need = _w(lab + sep, label_font, self.size) + 4 + _w(val, self.reg, self.size - 1.5) + 8
            if cols > 1 and need > colw:
                flush()
                self.labeled(lab, val, label_font=label_font, sep=sep)
                continue
            row.append((lab, val))
            if len(row) == cols:
                flush()
        flush()

    def boxed_grid(self, rows: Sequence[Sequence[tuple[str, str]]], label_size: float = 7.5,
                   caps_labels: bool = True) -> None:
        """Form-style boxes: each cell has a small label at its top and the value below it.

        Cell widths are proportional to the longer of label/value. Printed text of a row is the
        line of labels followed by the line of values, as a text extractor reads it.
        """
        vsize = self.size
        h = label_size + vsize + 9
        for row in rows:
            self.ensure(h)
            weights = [max(len(v), len(lab) * 0.8, 6) + 4 for lab, v in row]
            tot = sum(weights)
            xs = [self.x0]
            for wgt in weights:
                xs.append(xs[-1] + self.width * wgt / tot)
            top = self.y
            for k in range(len(row)):
                self.pages[-1].append(("rect", xs[k], top - h, xs[k + 1] - xs[k], h, 0.6, None))
            labs, vals = [], []
            for k, (lab, val) in enumerate(row):
                lab = lab.upper() if caps_labels else lab
                cw = xs[k + 1] - xs[k] - 6
                labs.append((xs[k] + 3, lab, self.reg, self.fit(lab, self.reg, label_size, cw, 5.5)))
                vals.append((xs[k] + 3, val, self.reg, self.fit(val, self.reg, vsize, cw)))
            self.y = top - 1
            self.line(labs, leading=label_size + 2)
            self.line(vals, leading=vsize + 5)
            self.y = top - h

        self.space(6)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
              weights: Sequence[float] | None = None, grid: bool = True, shade: float = 0.88) -> None:
        """A ruled table with a shaded header row."""
        size = self.size - 0.5
        n = len(headers)
        if weights is None:
            weights = [max([len(headers[k])] + [len(r[k]) for r in rows]) + 3 for k in range(n)]
        tot = sum(weights)
        xs = [self.x0]
        for wgt in weights:
            xs.append(xs[-1] + self.width * wgt / tot)
        rh = size + 8
        all_rows = [list(headers)] + [list(r) for r in rows]
        for ri, r in enumerate(all_rows):
            self.ensure(rh)
            top = self.y
            if ri == 0 and shade:
                self.pages[-1].append(("rect", self.x0, top - rh, self.width, rh, 0.6, shade))
            if grid:
                for k in range(n):
                    self.pages[-1].append(("rect", xs[k], top - rh, xs[k + 1] - xs[k], rh, 0.5, None))
            font = self.bold if ri == 0 else self.reg
            segs = [(xs[k] + 3, c, font, self.fit(c, font, size, xs[k + 1] - xs[k] - 6, 7.0))
                    for k, c in enumerate(r)]
            self.y = top - 2
            self.line(segs, leading=rh - 2)
            self.y = top - rh
            if not grid:
                self.pages[-1].append(("line", self.x0, self.y, self.x1, self.y, 0.3))
        self.space(8)

    def seal(self, x: float, y: float, r: float) -> None:
        self.pages[-1].append(("circle", x, y, r, 1.2))
        self.pages[-1].append(("circle", x, y, r - 4, 0.6))

    def signature(self, label: str, x: float | None = None, width: float = 200) -> None:
        self.ensure(40)
        self.y -= 26
        x = self.x0 if x is None else x
        self.pages[-1].append(("line", x, self.y, x + width, self.y, 0.6))
        self.line([(x, label, self.reg, self.size - 1)], leading=self.size + 2)

    # output
    def render(self, footer: Callable[[int, int], list[tuple[str, str]]] | None = None,
               title: str = "") -> tuple[bytes, str]:
        """Draw all pages; `footer(page, n)` returns [(align, text)] placed at the page bottom."""
        n = len(self.pages)
        buf = io.BytesIO()
        c = Canvas(buf, pagesize=self.pagesize, invariant=1, pageCompression=1)
        c.setTitle(title)
        c.setAuthor("casefolio synth")
        texts: list[str] = []
        for i, ops in enumerate(self.pages):
            lines = list(self.lines[i])
            if footer:
                fsize = 8.0
                for align, s in footer(i + 1, n):
                    fw = _w(s, self.reg, fsize)
                    x = {"left": self.x0, "center": (self.W - fw) / 2, "right": self.x1 - fw}[align]
                    ops = ops + [("text", x, self.margin - 6, s, self.reg, fsize)]
                    lines.append(s)
            for op in ops:
                kind = op[0]
                if kind == "text":
                    _, x, y, s, font, size = op
                    c.setFont(font, size)
                    c.drawString(x, y, s)
                elif kind == "rect":
                    _, x, y, w, h, lw, fill = op
                    c.setLineWidth(lw)
                    if fill is not None:
                        c.setFillGray(fill)
                        c.rect(x, y, w, h, stroke=1, fill=1)
                        c.setFillGray(0)
                    else:
                        c.rect(x, y, w, h, stroke=1, fill=0)
                elif kind == "line":
                    _, x1, y1, x2, y2, lw = op
                    c.setLineWidth(lw)
                    c.line(x1, y1, x2, y2)
                elif kind == "circle":
                    _, x, y, r, lw = op
                    c.setLineWidth(lw)
                    c.circle(x, y, r, stroke=1, fill=0)
            c.showPage()
            texts.append("\n".join(lines))
        c.save()
        return buf.getvalue(), "\f".join(texts)


# --------------------------------------------------------------------------------------------
# value generators: numbers, plates, VINs, dates, places


_PLATE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q, like most western states
STATE_NAMES: dict[str, str] = {
    "OR": "Oregon", "WA": "Washington", "CA": "California", "ID": "Idaho", "NV": "Nevada",
    "AZ": "Arizona", "UT": "Utah", "MT": "Montana",
}


def _L(rng: random.Random, k: int) -> str:
    return "".join(rng.choice(_PLATE_LETTERS) for _ in range(k))


def _D(rng: random.Random, k: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(k))


def make_plate(rng: random.Random, state: str | None = None) -> tuple[str, str, str]:
    """(state, printed form, normalised number) in a common format of a western US state."""
    if state is None:
        state = rng.choices(list(STATE_NAMES), [60, 14, 10, 4, 4, 3, 3, 2])[0]
    if state == "OR":
        a, b = _D(rng, 3), _L(rng, 3)
        if rng.random() < 0.3:
            a, b = b, a
        printed = rng.choice([f"{a} {b}", f"{a}{b}", f"{a} {b}"])
    elif state in ("WA", "AZ"):
        a, b = _L(rng, 3), _D(rng, 4)
        printed = rng.choice([f"{a}{b}", f"{a}-{b}", f"{a}{b}"])
    elif state == "CA":
        printed = f"{rng.randint(1, 9)}{_L(rng, 3)}{_D(rng, 3)}"
    elif state == "ID":
        printed = rng.choice([f"{rng.randint(1, 9)}{_L(rng, 1)} {_D(rng, 5)}",
                              f"{rng.randint(1, 9)}{_L(rng, 1)}{_D(rng, 4)}"])
    elif state == "NV":
        printed = rng.choice([f"{_D(rng, 3)}-{_L(rng, 3)}", f"{_D(rng, 3)}{_L(rng, 3)}"])
    elif state == "UT":
        printed = f"{_L(rng, 1)}{_D(rng, 2)} {_D(rng, 1)}{_L(rng, 2)}"
    else:  # MT: county prefix
        printed = f"{rng.randint(1, 56)}-{_D(rng, 4)}{_L(rng, 1)}"
    number = re.sub(r"[\s-]", "", printed)
    return state, printed, number


_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9), strict=True)), **dict(zip("JKLMN", range(1, 6), strict=True)),
               "P": 7,
               "R": 9, **dict(zip("STUVWXYZ", range(2, 10), strict=False))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def vin_check_digit(vin: str) -> str:
    """The ISO 3779 / NHTSA check digit (position 9) for a 17-character VIN."""
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(vin.upper(), _VIN_WEIGHTS, strict=False))
    r = total % 11
    return "X" if r == 10 else str(r)


def vin_is_valid(vin: str) -> bool:
    """True when `vin` is 17 legal characters with a correct check digit."""
    return (len(vin) == 17 and all(ch in _VIN_CHARS for ch in vin.upper())
            and vin[8].upper() == vin_check_digit(vin))


# make, NCIC code, WMIs, models
_MAKES: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("Honda", "HOND", ("1HG", "2HG", "5FN"), ("Civic", "Accord", "CR-V", "Odyssey", "Pilot")),
    ("Toyota", "TOYT", ("JTD", "4T1", "5TD", "JTE"), ("Camry", "Corolla", "Tacoma", "RAV4", "Prius")),
    ("Ford", "FORD", ("1FA", "1FT", "1FM"), ("F-150", "Focus", "Escape", "Explorer", "Ranger")),
    ("Chevrolet", "CHEV", ("1G1", "1GC", "3GN"), ("Silverado", "Malibu", "Impala", "Equinox")),
    ("Nissan", "NISS", ("1N4", "JN8", "5N1"), ("Altima", "Sentra", "Rogue", "Frontier")),
    ("Subaru", "SUBA", ("JF1", "JF2", "4S4"), ("Outback", "Forester", "Impreza", "Legacy")),
    ("Dodge", "DODG", ("2C3", "1C6", "2B3"), ("Charger", "Durango", "Grand Caravan")),
    ("Volkswagen", "VOLK", ("3VW", "1VW", "WVW"), ("Jetta", "Passat", "Golf", "Tiguan")),
    ("Hyundai", "HYUN", ("KMH", "5NP"), ("Elantra", "Sonata", "Tucson", "Santa Fe")),
    ("Kia", "KIA", ("KNA", "5XY"), ("Optima", "Soul", "Sorento", "Forte")),
    ("Jeep", "JEEP", ("1C4", "1J4"), ("Wrangler", "Cherokee", "Grand Cherokee")),
    ("Tesla", "TESL", ("5YJ",), ("Model 3", "Model Y", "Model S")),
    ("Mazda", "MAZD", ("JM1", "JM3"), ("Mazda3", "CX-5", "Miata")),
]
_COLORS = [("black", "BLK"), ("white", "WHI"), ("silver", "SIL"), ("gray", "GRY"), ("red", "RED"),
           ("blue", "BLU"), ("green", "GRN"), ("maroon", "MAR"), ("tan", "TAN"), ("gold", "GLD")]


def make_vin(rng: random.Random, wmi: str, year: int) -> str:
    """A random VIN with the given WMI and model year and a valid check digit."""
    vds = "".join(rng.choice(_VIN_CHARS) for _ in range(5))
    if year >= 2010:
        ych = "ABCDEFGHJKLMNPRSTVWXY"[(year - 2010) % 21]
    elif year >= 2001:
        ych = str(year - 2000)
    else:
        ych = "Y"
    plant = rng.choice(_VIN_CHARS)
    serial = _D(rng, 6)
    body = wmi + vds + "0" + ych + plant + serial
    return body[:8] + vin_check_digit(body) + body[9:]


@dataclass
class _Vehicle:
    year: int
    make: str
    ncic: str
    model: str
    color: str
    color_code: str
    state: str
    plate_printed: str
    plate: str
    vin: str

    def describe(self) -> str:
        return f"{self.color} {self.year} {self.make} {self.model}"


def _vehicle(rng: random.Random, state: str | None = None) -> _Vehicle:
    make, ncic, wmis, models = rng.choice(_MAKES)
    year = rng.randint(2003, 2023)
    color, code = rng.choice(_COLORS)
    st, printed, number = make_plate(rng, state)
    return _Vehicle(year, make, ncic, rng.choice(models), color, code, st, printed, number,
                    make_vin(rng, rng.choice(wmis), year))


# agencies: city, county, abbreviation, ZIP, street address, municipal court?
_AGENCIES = [
    ("Salem", "Marion", "SPD", "97301", "333 Division St NE"),
    ("Eugene", "Lane", "EPD", "97401", "300 Country Club Rd"),
    ("Medford", "Jackson", "MPD", "97501", "219 S Ivy St"),
    ("Bend", "Deschutes", "BPD", "97701", "555 NE 15th St"),
    ("Corvallis", "Benton", "CPD", "97330", "180 NW 5th St"),
    ("Albany", "Linn", "APD", "97321", "2600 Pacific Blvd SW"),
    ("Hillsboro", "Washington", "HPD", "97123", "250 SE 10th Ave"),
    ("Tigard", "Washington", "TPD", "97223", "13125 SW Hall Blvd"),
    ("Gresham", "Multnomah", "GPD", "97030", "1333 NW Eastman Pkwy"),
    ("Springfield", "Lane", "SPFD", "97477", "230 4th St"),
    ("Grants Pass", "Josephine", "GPDPS", "97526", "101 NW A St"),
    ("Roseburg", "Douglas", "RPD", "97470", "700 SE Douglas Ave"),
    ("Tillamook", "Tillamook", "TCSO", "97141", "5995 Long Prairie Rd"),
    ("Klamath Falls", "Klamath", "KFPD", "97601", "2501 Shasta Way"),
]
_COURTHOUSES = {
    "Marion": "100 High St NE, Salem, OR 97301", "Lane": "125 E 8th Ave, Eugene, OR 97401",
    "Jackson": "100 S Oakdale Ave, Medford, OR 97501", "Deschutes": "1100 NW Bond St, Bend, OR 97703",
    "Benton": "120 NW 4th St, Corvallis, OR 97330", "Linn": "300 SW 4th Ave, Albany, OR 97321",
    "Washington": "145 NE 2nd Ave, Hillsboro, OR 97124",
    "Multnomah": "1200 SW 1st Ave, Portland, OR 97204", "Josephine": "500 NW 6th St, Grants Pass, OR 97526",
    "Douglas": "1036 SE Douglas Ave, Roseburg, OR 97470", "Tillamook": "201 Laurel Ave, Tillamook, OR 97141",
    "Klamath": "316 Main St, Klamath Falls, OR 97601",
}

_OFFENSES = [
    ("Theft II", "ORS 164.045"), ("Theft I", "ORS 164.055"), ("Burglary II", "ORS 164.215"),
    ("Criminal Mischief II", "ORS 164.354"), ("Assault IV", "ORS 163.160"),
    ("Harassment", "ORS 166.065"), ("Unauthorized Use of a Vehicle", "ORS 164.135"),
    ("DUII", "ORS 813.010"), ("Failure to Perform Duties of a Driver", "ORS 811.700"),
    ("Menacing", "ORS 163.190"), ("Criminal Trespass II", "ORS 164.245"),
    ("Identity Theft", "ORS 165.800"), ("Robbery III", "ORS 164.395"),
    ("Reckless Driving", "ORS 811.140"), ("Unlawful Entry into a Motor Vehicle", "ORS 164.272"),
    ("Possession of a Stolen Vehicle", "ORS 819.300"), ("Criminal Mischief I", "ORS 164.365"),
]
_TRAFFIC = [
    ("Violating a Speed Limit", "ORS 811.111"), ("Failure to Obey Traffic Control Device", "ORS 811.265"),
    ("Careless Driving", "ORS 811.135"), ("Driving Uninsured", "ORS 806.010"),
    ("Operating a Vehicle While Using a Mobile Electronic Device", "ORS 811.507"),
    ("Failure to Wear Safety Belt", "ORS 811.210"), ("Failure to Display Registration", "ORS 803.540"),
    ("Failure to Yield to Pedestrian", "ORS 811.028"), ("Driving While Suspended", "ORS 811.175"),
    ("Following Too Closely", "ORS 811.485"), ("Improper Lane Change", "ORS 811.375"),
]
_CRIMINAL_CITE = [
    ("Theft III", "ORS 164.043"), ("Criminal Trespass II", "ORS 164.245"), ("DUII", "ORS 813.010"),
    ("Criminal Mischief III", "ORS 164.345"), ("Disorderly Conduct II", "ORS 166.025"),
    ("Driving While Suspended - Misdemeanor", "ORS 811.182"), ("Offensive Littering", "ORS 164.805"),
]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def fmt_date(d: dt.date, style: str) -> str:
    """Print a date in one of several paperwork styles."""
    if style == "slash":
        return d.strftime("%m/%d/%Y")
    if style == "long":
        return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "weekday":
        return f"{d.strftime('%A')}, {_MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "dmy":
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    if style == "legal":
        return f"the {_ordinal(d.day)} day of {_MONTHS[d.month - 1]}, {d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "short":
        return d.strftime("%m/%d/%y")
    raise ValueError(style)


def fmt_time(hh: int, mm: int, style: str) -> str:
    """Print a time: "ampm" 9:00 AM, "dots" 9:00 a.m., "hrs" 0900 hrs, "24" 09:00."""
    h12 = hh % 12 or 12
    if style == "ampm":
        return f"{h12}:{mm:02d} {'AM' if hh < 12 else 'PM'}"
    if style == "dots":
        return f"{h12}:{mm:02d} {'a.m.' if hh < 12 else 'p.m.'}"
    if style == "hrs":
        return f"{hh:02d}{mm:02d} hrs"
    return f"{hh:02d}:{mm:02d}"


def _phone(rng: random.Random) -> str:
    area = rng.choice(["503", "541", "971", "458", "360"])
    n = f"01{rng.randint(0, 99):02d}"
    return rng.choice([f"{area}-555-{n}", f"({area}) 555-{n}", f"{area}.555.{n}", f"{area}-555-{n}"])


# --------------------------------------------------------------------------------------------
# per-document context


class _Ctx:
    """State shared while one document is built: randomness, people, agency and the truth so far."""

    def __init__(self, rng: random.Random, doc_type: str) -> None:
        self.rng = rng
        self.doc_type = doc_type
        self.people = PersonFactory(rng, hard_share=0.3)
        self.fake = self.people.fake
        city, county, abbr, zipc, street = rng.choice(_AGENCIES)
        self.city, self.county, self.abbr, self.zip, self.street = city, county, abbr, zipc, street
        if abbr.endswith("SO"):
            self.agency = f"{county} County Sheriff's Office"
        else:
            self.agency = f"{city} Police Department"
        self.agency_phone = _phone(rng)
        self.date = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        self.yy = f"{self.date.year % 100:02d}"
        self.case_numbers: list[str] = []
        self.citation_numbers: list[str] = []
        self.court_case_numbers: list[str] = []
        self.roles: dict[str, tuple[Person, str]] = {}
        self.plates: list[dict] = []
        self.appearance: dict | None = None
        family = rng.choice(_families())
        self.family = family
        self.size = rng.choice([9.0, 9.5, 10.0, 10.0, 10.5, 11.0, 11.0, 12.0])
        self.name_style = rng.choice(NAME_STYLES)

    # numbers
    def case_number(self) -> str:
        """A new agency case number (normalised form), recorded in the truth."""
        while True:
            cn = f"{self.yy}-{self.rng.randint(1, 25000):06d}"
            if cn not in self.case_numbers:
                self.case_numbers.append(cn)
                return cn

    def case_printed(self, cn: str, labelled: bool = True) -> str:
        """A printed form of case number `cn` (normalised), with or without its label."""
        yy, num = cn.split("-")
        r = self.rng.random()
        if r < 0.5:
            body = cn
        elif r < 0.7:
            body = f"{self.abbr}{cn}"
        else:
            body = f"{yy}-{int(num)}"
        if not labelled:
            return body
        label = self.rng.choice(["Case #", "Case No.", "Case Number:", "Case #:", "Report #",
                                 "Incident No."])
        if body == f"{yy}-{int(num)}" and label not in ("Case #", "Case No."):
            label = "Case #"
        return f"{label} {body}"

    def citation_number(self) -> str:
        while True:
            letter = self.rng.choice("TCVXE")
            c = letter + _D(self.rng, self.rng.choice([6, 7, 7]))
            if c not in self.citation_numbers:
                self.citation_numbers.append(c)
                return c

    def court_case_number(self, kind: str = "CR") -> str:
        y = self.yy if self.rng.random() < 0.8 else f"{(self.date.year - 1) % 100:02d}"
        c = f"{y}{kind}{self.rng.randint(1, 39999):05d}"
        self.court_case_numbers.append(c)
        return c

    # people
    def person(self, role: str, officer: bool = False, **kw: Any) -> Person:
        p = self.people.person(officer=officer, **kw)
        self.add_role(p, role)
        return p

    def officer(self) -> Person:
        return self.person("officer", officer=True)

    def add_role(self, p: Person, role: str) -> None:
        key = p.natural
        if key in self.roles:
            old = self.roles[key][1]
            if ROLE_PRIORITY.index(role) >= ROLE_PRIORITY.index(old):
                return
        self.roles[key] = (p, role)

    def name(self, p: Person, style: str | None = None) -> str:
        """The full printed name in this document's style (or `style`)."""
        if p.title and style is None:
            return self.officer_name(p)
        return p.full(style or self.name_style)

    def officer_name(self, p: Person, with_badge: bool = False) -> str:
        r = self.rng.random()
        if r < 0.55:
            s = f"{p.title} {p.natural}"
        elif r < 0.7:
            s = p.natural
        elif r < 0.85:
            s = f"{p.title} {p.natural.upper()}"
        else:
            s = p.full("form")
        if with_badge:
            s += self.rng.choice([f" #{p.badge}", f" (#{p.badge})", f", Badge {p.badge}",
                                  f" #{p.badge}"])
        return s

    def plate(self, v: _Vehicle) -> None:
        d = {"state": v.state, "number": v.plate}
        if d not in self.plates:
            self.plates.append(d)

    def plate_text(self, v: _Vehicle) -> str:
        """An inline plate mention with its state."""
        return self.rng.choice([
            f"{STATE_NAMES[v.state]} plate {v.plate_printed}", f"{v.state} {v.plate_printed}",
            f"{v.state} plate {v.plate_printed}", f"{STATE_NAMES[v.state]} license {v.plate_printed}",
            f"plate {v.plate_printed} ({v.state})", f"{v.state} {v.plate_printed}",
            f"{STATE_NAMES[v.state]} registration {v.plate_printed}",
        ])

    def address(self) -> str:
        street = self.fake.street_address()
        return f"{street}, {self.city}, OR {self.zip}"

    def dl(self, state: str = "OR") -> str:
        """A driver licence number (a distractor: must never come out as a citation number)."""
        if state == "CA":
            return f"{self.rng.choice('ABDFNY')}{_D(self.rng, 7)}"
        if state == "WA":
            return "WDL" + "".join(self.rng.choice(_VIN_CHARS) for _ in range(9))
        return _D(self.rng, self.rng.choice([7, 8, 9]))

    def dpsst(self) -> str:
        return f"DPSST #{self.rng.randint(20000, 69999)}"

    def court_name(self, municipal: bool = False) -> tuple[str, str]:
        """(short court name used as truth, long caption)."""
        if municipal and not self.abbr.endswith("SO"):
            return f"{self.city} Municipal Court", f"MUNICIPAL COURT OF THE CITY OF {self.city.upper()}"
        return (f"{self.county} County Circuit Court",
                f"IN THE CIRCUIT COURT OF THE STATE OF OREGON FOR THE COUNTY OF {self.county.upper()}")

    def court_date(self) -> tuple[dt.date, int, int]:
        d = self.date + dt.timedelta(days=self.rng.randint(21, 90))
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
        hh = self.rng.choice([8, 8, 9, 9, 9, 10, 11, 13, 13, 14, 15])
        mm = self.rng.choice([0, 0, 0, 15, 30, 30, 45])
        return d, hh, mm

    def letterhead(self, lay: _Layout, title: str | None = None) -> None:
        style = self.rng.choice(["center", "left_seal", "plain", "bar"])
        big = self.rng.choice([13.0, 14.0, 15.0, 16.0])
        addr = f"{self.street}, {self.city}, Oregon {self.zip}"
        if style == "center":
            lay.text(self.agency.upper(), lay.bold, big, align="center")
            lay.text(addr, lay.reg, 9.0, align="center")
            lay.text(f"Phone {self.agency_phone}  |  Records Unit", lay.reg, 9.0, align="center")
            lay.hrule(1.2)
        elif style == "left_seal":
            lay.seal(lay.x1 - 28, lay.y - 26, 26)
            lay.text(self.agency, lay.bold, big)
            lay.text(addr, lay.reg, 9.0)
            lay.text(f"Non-emergency: {self.agency_phone}", lay.reg, 9.0)
            lay.space(12)
            lay.hrule(0.8)
        elif style == "bar":
            lay.bar(self.agency.upper(), size=big - 2, fill=0.8)
            lay.text(f"{addr}   Tel. {self.agency_phone}", lay.reg, 9.0)
            lay.space(4)
        else:
            lay.text(self.agency, lay.bold, big - 2)
            lay.text(addr, lay.reg, 9.0)
            lay.space(4)
        if title:
            lay.space(4)
            lay.text(title, lay.bold, big, align=self.rng.choice(["center", "left"]))
            lay.space(4)

    def footer(self, form_id: str) -> Callable[[int, int], list[tuple[str, str]]]:
        style = self.rng.choice(["of", "slash", "dash", "none", "printed"])
        printed = (f"Printed {fmt_date(self.date + dt.timedelta(days=self.rng.randint(0, 30)), 'slash')} "
                   f"{self.rng.randint(7, 17):02d}:{self.rng.randint(0, 59):02d}")

        def f(i: int, n: int) -> list[tuple[str, str]]:
            out = [("left", form_id)]
            if style == "of":
                out.append(("right", f"Page {i} of {n}"))
            elif style == "slash":
                out.append(("right", f"Pg {i}/{n}"))
            elif style == "dash":
                out.append(("center", f"- {i} -"))
            elif style == "printed":
                out.append(("right", f"{printed}  Page {i}"))
            return out
        return f

    def layout(self, pagesize: tuple[float, float] = letter) -> _Layout:
        margin = self.rng.choice([45.0, 54.0, 60.0, 72.0])
        return _Layout(self.rng, self.family, self.size, pagesize, margin)

    def truth(self, text: str) -> Truth:
        persons = [{"name": p.natural, "role": role} for p, role in self.roles.values()]
        return Truth(self.doc_type, list(dict.fromkeys(self.case_numbers)),
                     list(dict.fromkeys(self.citation_numbers)),
                     list(dict.fromkeys(self.court_case_numbers)), persons, list(self.plates),
                     self.appearance, text)


# --------------------------------------------------------------------------------------------
# incident reports

_RP_OBS = ["heard glass breaking behind the building", "seen someone trying car door handles",
           "found the side door of the business pried open", "seen two people arguing in the street",
           "noticed a stranger carrying items out of a neighbor's garage",
           "watched a vehicle strike a parked car and drive away"]
_VICTIM_STORY = ["{his} bicycle had been taken from the carport overnight",
                 "someone had broken the rear window of {his} car and taken a backpack",
                 "{he} had been pushed to the ground during an argument",
                 "{his} wallet and phone were missing after {he} left them on a table",
                 "{his} front door had been kicked in while {he} was at work",
                 "{he} received threatening messages over several days"]
_FILLER = [
    "I checked the area for approximately 20 minutes but did not locate anyone matching the description.",
    "Dispatch advised the call came in at {time} via the non-emergency line ({phone}).",
    "The location is a two-story apartment complex at {addr}.",
    "I photographed the scene and uploaded the images to Evidence.com under this case.",
    "There was no video surveillance available at the location.",
    "The estimated loss is ${amt}. No serial numbers were available.",
    "I provided a victim's rights pamphlet and a case number card.",
    "The weather was clear and the roadway was dry.",
    "I was wearing a department-issued body worn camera, which was activated during the contact.",
    "I requested the business manager preserve any footage recorded between {time} and {time2}.",
    "A records check through LEDS showed no prior contacts at this address.",
    "I cleared the scene at {time2}.",
    "Per {statute}, the elements of the offense appear to be met.",
    "The property owner was advised to call {phone} if additional items were found missing.",
    "I later reviewed the 911 recording, which was consistent with the statements I received.",
    "The neighbor at {addr} was not home when I knocked.",
]


def _lc(offense: str) -> str:
    """Lower-case an offense name for prose, keeping degree numerals and acronyms ("theft II")."""
    return " ".join(w if w.isupper() else w.lower() for w in offense.split())


def _fill(ctx: _Ctx, s: str, **kw: str) -> str:
    rng = ctx.rng
    hh, mm = rng.randint(0, 23), rng.randint(0, 59)
    vals = {"time": fmt_time(hh, mm, rng.choice(["hrs", "24", "ampm"])),
            "time2": fmt_time((hh + 1) % 24, rng.randint(0, 59), rng.choice(["hrs", "24"])),
            "phone": _phone(rng), "addr": ctx.fake.street_address(),
            "amt": f"{rng.randint(40, 4800):,}", "statute": rng.choice(_OFFENSES)[1]}
    vals.update(kw)
    return s.format(**vals)


def _incident(ctx: _Ctx) -> tuple[bytes, str]:
    rng = ctx.rng
    lay = ctx.layout()
    cn = ctx.case_number()
    related = ctx.case_number() if rng.random() < 0.2 else None
    offense, statute = rng.choice(_OFFENSES)
    ro = ctx.officer()
    assist = ctx.officer() if rng.random() < 0.4 else None
    n_s = rng.choice([0, 1, 1, 1, 2])
    suspects = [ctx.person("suspect") for _ in range(n_s)]
    victims = [ctx.person("victim") for _ in range(rng.choice([0, 1, 1, 1, 2]))]
    witnesses = [ctx.person("witness") for _ in range(rng.choice([0, 0, 1, 1, 2]))]
    rp: Person | None = None
    if rng.random() < 0.65:
        if victims and rng.random() < 0.35:
            rp = victims[0]  # the victim called it in: counts once, as victim
        else:
            rp = ctx.person("reporting_party")
    if not (suspects or victims or witnesses or rp):
        victims = [ctx.person("victim")]
    others = [ctx.person("other")] if rng.random() < 0.1 else []
    vehicles = [_vehicle(rng) for _ in range(rng.choice([0, 1, 1, 2]))]
    owner: Person | None = None
    for v in vehicles:
        ctx.plate(v)
    if vehicles and rng.random() < 0.35:
        owner = ctx.person("owner")
    hh, mm = rng.randint(0, 23), rng.randint(0, 59)
    loc = ctx.fake.street_address() + f", {ctx.city}"
    title = rng.choice(["INCIDENT REPORT", "General Offense Report", "POLICE REPORT",
                        "Incident / Investigation Report", "CRIME REPORT", "OFFENSE REPORT"])
    ctx.letterhead(lay, title)
    layout = rng.choice(["boxed", "colon", "two_col", "cad"])
    case_label = rng.choice(["Case No.", "Case Number", "Case #", "Report No.", "Incident #"])
    case_val = ctx.case_printed(cn, labelled=False)
    rep_date = ctx.date + dt.timedelta(days=rng.choice([0, 0, 1]))
    dstyle = rng.choice(["slash", "slash", "iso", "long", "short"])
    header = [
        (case_label, case_val), ("Date Reported", fmt_date(rep_date, dstyle)),
        ("Time", fmt_time(hh, mm, rng.choice(["hrs", "24"]))),
        ("Occurred", fmt_date(ctx.date, dstyle)), ("Location", loc),
        ("Offense", f"{offense} ({statute})" if rng.random() < 0.6 else offense),
        ("Reporting Officer", ctx.officer_name(ro, with_badge=True)),
        ("Beat/District", f"{rng.choice('ABCDEFG')}{rng.randint(1, 9)}"),
    ]
    if related:
        header.append(("Related Case", ctx.case_printed(related, labelled=False)))
    if layout == "boxed":
        lay.boxed_grid([header[0:4], header[4:6], header[6:]])
    elif layout == "colon":
        for lab, val in header:
            lay.labeled(lab, val)
        lay.space(6)
    elif layout == "two_col":
        lay.kv_columns(header, cols=2)
        lay.space(6)
    else:
        lay.text("*** CAD / RMS PRINTOUT ***", lay.bold)
        for lab, val in header:
            lay.labeled(lab.upper().replace(" ", "_"), val.upper() if lab != case_label else val,
                        sep=" :", label_font=lay.reg)
        lay.space(6)
    lay.continuation = lambda L: (L.text(f"{ctx.agency}  -  {case_label} {case_val}  (continued)",
                                         L.bold, 9.0), L.hrule(0.5))

    # persons listing (sometimes only the narrative introduces them)
    listed: set[str] = set()
    code = {"suspect": "S", "victim": "V", "witness": "W", "reporting_party": "RP", "owner": "RO",
            "other": "O"}
    word = {"suspect": "Suspect", "victim": "Victim", "witness": "Witness",
            "reporting_party": rng.choice(["Reporting Party", "Complainant/RP", "Reporting Person"]),
            "owner": "Registered Owner", "other": rng.choice(["Other", "Involved - Other", "Mentioned"])}
    involved: list[tuple[Person, str]] = []
    for role, group in (("reporting_party", [rp] if rp and rp not in victims else []),
                        ("victim", victims), ("suspect", suspects), ("witness", witnesses),
                        ("owner", [owner] if owner else []), ("other", others)):
        for p in group:
            involved.append((p, role))
    listing = rng.choice(["table", "blocks", "none", "table", "blocks"])
    if listing == "table" and involved:
        lay.bar(rng.choice(["INVOLVED PERSONS", "PERSONS", "Subjects"]))
        use_code = rng.random() < 0.5
        counters: dict[str, int] = {}
        rows = []
        for p, role in involved:
            counters[role] = counters.get(role, 0) + 1
            tag = f"{code[role]}-{counters[role]}" if use_code and role not in ("reporting_party",) else (
                code[role] if use_code else word[role])
            rows.append([tag, ctx.name(p), p.dob, _phone(rng)])
            listed.add(p.natural)
        if use_code:
            lay.text("Codes: S=Suspect V=Victim W=Witness RP=Reporting Party RO=Registered Owner "
                     "O=Other", lay.reg, 8.0)
        lay.table(["Role", "Name", "DOB", "Phone"], rows, weights=[12, 34, 12, 16])
    elif listing == "blocks" and involved:
        lay.bar(rng.choice(["PERSONS INVOLVED", "INVOLVED PARTIES"]))
        for p, role in involved:
            label = word[role].upper() if rng.random() < 0.5 else word[role]
            lay.kv_columns([(label, ctx.name(p)), ("DOB", p.dob)], cols=2)
            if rng.random() < 0.6:
                lay.kv_columns([("Address", ctx.address()), ("Phone", _phone(rng))], cols=2)
            listed.add(p.natural)
        lay.space(6)
    if vehicles and rng.random() < 0.7:
        lay.bar(rng.choice(["VEHICLES", "VEHICLE INFORMATION", "Involved Vehicles"]))
        vstyle = rng.choice(["table", "ncic"])
        if vstyle == "table":
            rows = [[str(v.year), v.make, v.model, v.color.title(), v.plate_printed, v.state, v.vin]
                    for v in vehicles]
            lay.table(["Year", "Make", "Model", "Color", "Plate", "State", "VIN"], rows,
                      weights=[6, 10, 10, 7, 10, 6, 22])
        else:
            for v in vehicles:
                lay.text(f"VEH: {v.year} {v.ncic} {v.model.upper()} {v.color_code}  LIC/{v.plate}  "
                         f"LIS/{v.state}  VIN/{v.vin}", lay.reg)
            lay.space(6)

    # narrative
    lay.bar(rng.choice(["NARRATIVE", "Narrative", "SYNOPSIS / NARRATIVE", "DETAILS"]))
    first_seen: set[str] = set()

    def mention(p: Person, role_word: str = "") -> str:
        if p.natural in first_seen or p.natural in listed:
            if p.natural not in first_seen:
                first_seen.add(p.natural)
                if rng.random() < 0.5:
                    return ctx.name(p)
            return p.ref(rng)
        first_seen.add(p.natural)
        return ctx.name(p, rng.choice(["natural", "natural", "natural_caps", "form_caps_last"]))

    paras: list[str] = []
    dl = fmt_date(ctx.date, rng.choice(["long", "slash"]))
    t = fmt_time(hh, mm, rng.choice(["hrs", "ampm", "24"]))
    me = f"{ro.title} {ro.natural}"
    opening = rng.choice([
        f"On {dl} at approximately {t}, I, {me}, was dispatched to {loc} regarding a report of "
        f"{_lc(offense)}.",
        f"On {dl} at about {t}, I responded to {loc} for a reported {_lc(offense)}.",
        f"I was working patrol in a marked patrol car on {dl} when dispatch sent me to {loc} "
        f"({_lc(offense)}) at {t}.",
    ])
    s = [opening]
    if assist:
        s.append(rng.choice([f"{ctx.officer_name(assist, True)} arrived to assist.",
                             f"Assisting: {ctx.officer_name(assist, True)}.",
                             f"{assist.title} {assist.natural} (#{assist.badge}) also responded."]))
    paras.append(" ".join(s))
    if rp is not None:
        obs = rng.choice(_RP_OBS)
        m = mention(rp)  # once: every alternative below is built before one is chosen
        if rp in victims:
            paras.append(rng.choice([
                f"The victim, {m}, called 911 and reported that {rp.he} had {obs}.",
                f"{m} (victim and reporting party) told dispatch {rp.he} had {obs}."]))
        else:
            paras.append(rng.choice([
                f"The reporting party, {m}, called 911 and said {rp.he} had {obs}.",
                f"Dispatch advised that the caller, {m}, {_phone(rng)}, had {obs}.",
                f"{m} (RP) met me on arrival and said {rp.he} had {obs}.",
                f"I spoke with the reporting party, {m}, who had {obs}."]))
    for v in victims:
        if v is rp:
            story = rng.choice(_VICTIM_STORY).format(he=v.he, his=v.his)
            paras.append(f"{v.ref(rng)} told me {story}.")
            continue
        story = rng.choice(_VICTIM_STORY).format(he=v.he, his=v.his)
        m = mention(v)
        paras.append(rng.choice([
            f"I contacted the victim, {m}, who told me {story}.",
            f"{m} (victim, DOB {v.dob}) stated {story}.",
            f"The victim in this case is {m}. {v.he.capitalize()} said {story}."]))
    for w in witnesses:
        veh = vehicles[0] if vehicles and rng.random() < 0.6 else None
        obs = (f"a {veh.describe()} bearing {ctx.plate_text(veh)} leave the area" if veh else
               rng.choice(["a man in a dark hoodie running north", "the two parties arguing",
                           "someone throw a rock through the window", "the collision"]))
        m = mention(w)
        paras.append(rng.choice([
            f"A witness, {m}, said {w.he} saw {obs}.",
            f"I spoke with {m}, who witnessed the incident and saw {obs}.",
            f"Witness {m} (ph. {_phone(rng)}) told me {w.he} saw {obs}."]))
    for v in vehicles:
        if owner is not None and v is vehicles[0]:
            m = mention(owner)
            paras.append(rng.choice([
                f"A registration check of {ctx.plate_text(v)} returned to a {v.describe()}, registered "
                f"owner {m} of {ctx.city}.",
                f"Records showed {ctx.plate_text(v)} is registered to {m} (registered owner).",
            ]))
        else:
            paras.append(rng.choice([
                f"I ran {ctx.plate_text(v)} through LEDS/NCIC. It returned to a {v.describe()} "
                f"with VIN {v.vin}.",
                f"The vehicle involved was a {v.describe()} ({ctx.plate_text(v)}).",
                f"I located the {v.year} {v.make} {v.model}, {ctx.plate_text(v)}, parked near "
                f"{ctx.fake.street_address()}.",
            ]))
    for sp in suspects:
        m = mention(sp)
        paras.append(rng.choice([
            f"The suspect was identified as {m} (DOB {sp.dob}).",
            f"I located the suspect, {m}, walking {rng.choice(['north', 'south', 'east', 'west'])}"
            f"bound on {ctx.fake.street_name()}.",
            f"{m} was identified as the suspect through a photo lineup.",
        ]) + " " + rng.choice([
            f"I advised {sp.ref(rng)} of {sp.his} Miranda rights, which {sp.he} said {sp.he} understood.",
            f"{sp.ref(rng)} denied any involvement.",
            f"{sp.ref(rng)} was arrested for {offense} ({statute}) and lodged at the {ctx.county} "
            f"County Jail.",
            f"{sp.ref(rng)} was cited and released for {offense}.",
        ]))
    if not suspects:
        paras.append(rng.choice(["No suspect information is available at this time.",
                                 "There are no known suspects. The case is inactive pending leads."]))
    for o in others:
        paras.append(f"The property was released to {mention(o)}, who was present at the scene.")
    multi = rng.random() < 0.35
    fill = rng.sample(_FILLER, k=rng.randint(2, 4) + (8 if multi else 0))
    for _i, fsent in enumerate(fill):
        paras.insert(rng.randint(1, len(paras)), _fill(ctx, fsent))
    if related:
        paras.append(rng.choice([f"See also {ctx.case_printed(related)}.",
                                 f"This case is related to {ctx.case_printed(related)}."]))
    paras.append(rng.choice(["Nothing further.", "Case cleared by arrest." if suspects else
                             "Case suspended pending further leads.",
                             f"I request a copy of this report be forwarded to the {ctx.county} "
                             f"County District Attorney's Office."]))
    font = lay.reg
    indent = rng.choice([0.0, 18.0])
    for p in paras:
        lay.para(p, font=font, first_indent=indent)
    if multi:
        lay.bar("SUPPLEMENTAL")
        for fsent in rng.sample(_FILLER, k=5):
            lay.para(_fill(ctx, fsent), font=font, first_indent=indent)
    lay.space(10)
    lay.text(f"Reporting officer: {ctx.officer_name(ro)}   Badge {ro.badge}   {ctx.dpsst()}",
             lay.reg, ctx.size - 1)
    if rng.random() < 0.5:
        sup = ctx.officer()
        sup.title = "Sgt."
        lay.text(f"Approved: {sup.title} {sup.natural} #{sup.badge}   Date: "
                 f"{fmt_date(rep_date + dt.timedelta(days=1), 'slash')}", lay.reg, ctx.size - 1)
    return lay.render(ctx.footer(rng.choice(["Form PD-114 (Rev. 03/19)", "RMS 2.1", "IR-01 rev 2021",
                                             f"{ctx.abbr} Form 100"])), title)


# --------------------------------------------------------------------------------------------
# citations


def _citation(ctx: _Ctx) -> tuple[bytes, str]:
    rng = ctx.rng
    lay = ctx.layout()
    criminal = rng.random() < 0.25
    cites = [ctx.citation_number()]
    if rng.random() < 0.2:
        cites.append(ctx.citation_number())
    role = "defendant" if criminal else "driver"
    drv = ctx.person(role, dob_year=(1955, 2006))
    dl_state = rng.choices(["OR", "WA", "CA"], [7, 2, 1])[0]
    v = _vehicle(rng, dl_state if rng.random() < 0.7 else None)
    ctx.plate(v)
    owner = None
    if rng.random() < 0.25:
        owner = ctx.person("owner")
    elif rng.random() < 0.3:
        owner = drv
        ctx.add_role(drv, "owner")  # stays the driver: driver is the stronger role
    off = ctx.officer()
    court, caption = ctx.court_name(municipal=rng.random() < 0.5)
    cdate, chh, cmm = ctx.court_date()
    courtroom = rng.choice([None, None, str(rng.randint(1, 9)), f"{rng.randint(1, 4)}{rng.choice('ABC')}"])
    ctx.appearance = {"date": cdate.isoformat(), "time": f"{chh:02d}:{cmm:02d}", "court": court,
                      "courtroom": courtroom, "officer_badge": off.badge}
    ccn = ctx.court_case_number("CR" if criminal else rng.choice(["VI", "TR"])) if rng.random() < 0.3 else None
    cn = ctx.case_number() if rng.random() < 0.3 else None
    viol = rng.sample(_CRIMINAL_CITE if criminal else _TRAFFIC, k=len(cites))
    hh, mm = rng.randint(0, 23), rng.randint(0, 59)
    title = rng.choice(["CRIMINAL CITATION AND COMPLAINT", "Criminal Citation"] if criminal else
                       ["UNIFORM CITATION AND COMPLAINT", "Traffic Citation", "OREGON UNIFORM CITATION",
                        "NOTICE OF VIOLATION / CITATION"])
    layout = rng.choice(["boxed", "colon", "ecite"])
    d_str = fmt_date(ctx.date, rng.choice(["slash", "slash", "iso"]))
    t_str = fmt_time(hh, mm, rng.choice(["24", "hrs", "ampm"]))
    cite_label = rng.choice(["Citation No.", "Citation #", "CITATION NUMBER", "Cite No."])
    appear_d = fmt_date(cdate, rng.choice(["slash", "long", "weekday"]))
    appear_t = fmt_time(chh, cmm, rng.choice(["ampm", "dots", "24", "hrs"]))
    court_addr = _COURTHOUSES[ctx.county] if "Circuit" in court else f"{ctx.street}, {ctx.city}, OR {ctx.zip}"
    dl_label = rng.choice(["DL#", "OLN", "Lic. No.", "Driver License"])
    speed = f"{rng.randint(41, 80)} in a {rng.choice([25, 30, 35, 40, 45, 55])}" if viol[0][1] == "ORS 811.111" else ""
    fine = f"${rng.choice([115, 165, 265, 440, 1150])}.00"
    drv_name = ctx.name(drv)
    room_txt = f", Courtroom {courtroom}" if courtroom else ""
    if layout == "ecite":
        lay.text(ctx.agency.upper(), lay.bold, 12.0, align="center")
        lay.text(title, lay.bold, 12.0, align="center")
        lay.text(caption, lay.reg, 9.0, align="center")
        lay.hrule()
    else:
        ctx.letterhead(lay, title)
        if rng.random() < 0.6:
            lay.text(caption, lay.reg, 9.0, align="center")
    if layout == "boxed":
        rows = [[(cite_label, " / ".join(cites)), ("Date", d_str), ("Time", t_str)],
                [("Driver / Defendant" if not criminal else "Defendant", drv_name), ("DOB", drv.dob),
                 ("Sex", drv.sex)],
                [("Address", ctx.address())],
                [(dl_label, ctx.dl(dl_state)), ("DL State", dl_state), ("Phone", _phone(rng))],
                [("Plate", v.plate_printed), ("State", v.state), ("Year", str(v.year)), ("Make", v.ncic),
                 ("Model", v.model), ("Color", v.color_code)]]
        if rng.random() < 0.6:
            rows.append([("VIN", v.vin)])
        if owner is not None and owner is not drv:
            rows.append([("Registered Owner", ctx.name(owner)), ("Owner Address", ctx.address())])
        rows.append([("Location of Offense", ctx.fake.street_name() + " at " + ctx.fake.street_name())])
        lay.boxed_grid(rows)
    else:
        pairs = [(cite_label, ", ".join(cites)), ("Date/Time", f"{d_str} {t_str}"),
                 ("Name" if rng.random() < 0.5 else "Driver", drv_name), ("DOB", drv.dob),
                 ("Address", ctx.address()), (dl_label, f"{ctx.dl(dl_state)} ({dl_state})"),
                 ("Vehicle", f"{v.year} {v.make} {v.model} ({v.color})"),
                 ("License Plate", f"{v.plate_printed}  State: {v.state}" if rng.random() < 0.5
                  else f"{v.state} {v.plate_printed}")]
        if rng.random() < 0.5:
            pairs.append(("VIN", v.vin))
        if owner is not None and owner is not drv:
            pairs.append(("Registered Owner", ctx.name(owner)))
        pairs.append(("Location", f"{ctx.fake.street_name()} near {ctx.fake.street_address()}"))
        if layout == "colon" and rng.random() < 0.5:
            lay.kv_columns(pairs, cols=2)
        else:
            for lab, val in pairs:
                lay.labeled(lab.upper() if layout == "ecite" else lab, val, label_font=lay.bold)
        lay.space(6)
    lay.bar(rng.choice(["VIOLATION(S)", "Offense(s) Charged", "THE DEFENDANT DID UNLAWFULLY COMMIT"]))
    rows = []
    for c, (desc, stat) in zip(cites, viol, strict=False):
        rows.append([c, stat, desc + (f" ({speed})" if speed and stat == "ORS 811.111" else ""), fine])
    lay.table(["Citation", "Statute", "Description", "Base Fine"], rows, weights=[10, 10, 34, 8])
    if cn:
        lay.text(ctx.case_printed(cn), lay.reg)
    if ccn:
        lay.text(f"Court Case No.: {ccn}", lay.reg)
    lay.bar(rng.choice(["COURT APPEARANCE", "YOU MUST APPEAR", "Notice to Appear"]))
    lay.para(rng.choice([
        f"You are required to appear in the {court}, {court_addr}{room_txt}, on {appear_d} at "
        f"{appear_t}.",
        f"Court: {court}{room_txt}. Address: {court_addr}. Appearance date: {appear_d}. Time: {appear_t}.",
        f"APPEAR AT {court.upper()}{room_txt.upper()}, {court_addr.upper()} ON {appear_d.upper()} AT "
        f"{appear_t.upper()}.",
    ]))
    lay.para("Failure to appear may result in a suspension of your driving privileges and a warrant "
             "for your arrest. Call " + _phone(rng) + " with questions.", size=ctx.size - 1)
    lay.space(6)
    lay.text(f"Issuing Officer: {ctx.officer_name(off)}   Badge No. {off.badge}", lay.reg)
    if rng.random() < 0.5:
        lay.text(f"{ctx.dpsst()}   Unit {rng.randint(100, 999)}", lay.reg, ctx.size - 1)
    lay.signature("Signature of defendant (promise to appear, not an admission of guilt)")
    return lay.render(ctx.footer(rng.choice(["Uniform Citation (ODOT 735-2)", "eCite v4.2",
                                             f"{ctx.abbr} CIT-7"])), title)


# --------------------------------------------------------------------------------------------
# subpoenas


def _subpoena(ctx: _Ctx) -> tuple[bytes, str]:
    rng = ctx.rng
    lay = ctx.layout()
    court, caption = ctx.court_name(municipal=rng.random() < 0.15)
    ccn = ctx.court_case_number(rng.choice(["CR", "CR", "CR", "VI", "MI"]))
    defendant = ctx.person("defendant")
    civilian = rng.random() < 0.15
    to = ctx.person("witness") if civilian else ctx.officer()
    dda = ctx.person("attorney", middle=None)
    cn = ctx.case_number() if rng.random() < 0.85 else None
    cdate, hh, mm = ctx.court_date()
    courtroom = rng.choice([str(rng.randint(1, 9)), f"{rng.randint(1, 5)}{rng.choice('ABCD')}",
                            str(rng.randint(101, 420))])
    ctx.appearance = {"date": cdate.isoformat(), "time": f"{hh:02d}:{mm:02d}", "court": court,
                      "courtroom": courtroom, "officer_badge": None if civilian else to.badge}
    caption_style = rng.choice(["upper", "plain"])
    lay.text(caption if caption_style == "upper" else caption.title().replace("Of", "of").replace(
        "The", "the").replace("For", "for"), lay.bold, ctx.size + 1, align="center")
    lay.space(8)
    dname = ctx.name(defendant, rng.choice(["natural_caps", "natural", "form_all_caps"]))
    left = ["STATE OF OREGON,", "Plaintiff,", "v.", dname + ",", "Defendant."]
    right = [f"Case No. {ccn}", "", rng.choice(["SUBPOENA", "WITNESS SUBPOENA", "SUBPOENA DUCES TECUM",
                                                 "SUBPOENA - CRIMINAL"]), "", ""]
    if cn and rng.random() < 0.5:
        right[3] = ctx.case_printed(cn)
        cn_printed = True
    else:
        cn_printed = False
    mid = lay.x0 + lay.width * 0.55
    for lft, rgt in zip(left, right, strict=False):
        lay.line([(lay.x0 + (20 if lft in ("Plaintiff,", "Defendant.") else 0), lft, lay.reg, ctx.size),
                  (mid, rgt, lay.bold if rgt.startswith("SUB") else lay.reg, ctx.size)])
    lay.hrule()
    if civilian:
        addr = ctx.address()
        to_line = f"TO: {ctx.name(to, rng.choice(['titled', 'natural', 'natural_caps']))}, {addr}"
    else:
        to_line = rng.choice([
            f"TO: {to.title} {to.natural}, Badge No. {to.badge}, {ctx.agency}",
            f"TO: {ctx.name(to)} #{to.badge}, {ctx.agency}",
            f"TO: {to.natural.upper()} (BADGE {to.badge}) - {ctx.agency.upper()}",
            f"TO: {to.title} {to.natural}, {ctx.agency}, Badge {to.badge}"])
    lay.para(to_line, font=lay.bold)
    d = fmt_date(cdate, rng.choice(["long", "weekday", "slash", "legal"]))
    t = fmt_time(hh, mm, rng.choice(["ampm", "dots", "24"]))
    addr = _COURTHOUSES[ctx.county] if "Circuit" in court else f"{ctx.street}, {ctx.city}, OR {ctx.zip}"
    cmd = rng.choice([
        f"YOU ARE COMMANDED to appear in the {court}, Courtroom {courtroom}, {addr}, on {d} at {t}, "
        f"to testify as a witness in the above-entitled criminal action on behalf of the State.",
        f"You are hereby required to appear before the {court} at {addr}, Room {courtroom}, on {d}, "
        f"at the hour of {t}, and to remain until excused, to give testimony in the above matter.",
        f"IN THE NAME OF THE STATE OF OREGON, you are required to appear at the {court}, {addr}, "
        f"Courtroom No. {courtroom}, on {d} at {t} as a witness for the prosecution.",
    ])
    lay.para(cmd)
    if rng.random() < 0.5:
        lay.labeled("Hearing", rng.choice(["Jury Trial", "Bench Trial", "Motion to Suppress",
                                           "Preliminary Hearing", "Trial"]))
    if cn and not cn_printed:
        lay.labeled(rng.choice(["Agency Case No.", "Law Enforcement Case #", "Police Report No.",
                                "Agency Case"]), ctx.case_printed(cn, labelled=False))
    lay.labeled("DA No.", f"{ctx.date.year}-{rng.randint(10000, 99999)}", label_font=lay.reg)
    lay.space(6)
    lay.para("Failure to obey this subpoena without adequate excuse may be deemed a contempt of court. "
             f"If you have questions or a scheduling conflict, call the Victim/Witness office at "
             f"{_phone(rng)} at least 48 hours before the hearing.", size=max(9.0, ctx.size - 1))
    issued = ctx.date + dt.timedelta(days=rng.randint(3, 15))
    lay.text(f"Dated: {fmt_date(issued, rng.choice(['long', 'slash']))}", lay.reg)
    lay.signature("Signature")
    lay.text(f"{dda.natural}, OSB #{rng.randint(80000, 249999):06d}", lay.reg)
    lay.text(rng.choice(["Deputy District Attorney", "Senior Deputy District Attorney",
                         "Assistant City Attorney"]), lay.reg)
    lay.text(f"{ctx.county} County District Attorney's Office  Tel. {_phone(rng)}", lay.reg, 9.0)
    if rng.random() < 0.4:
        lay.space(8)
        lay.bar("RETURN OF SERVICE", size=9.0)
        lay.para(f"Served on {fmt_date(issued + dt.timedelta(days=2), 'slash')} via department "
                 f"mailbox by Records Unit, {ctx.agency}.", size=9.0)
    return lay.render(ctx.footer(rng.choice(["Subpoena (rev. 2020)", "DA Form 12", "CR-SUB 2020"])),
                      "Subpoena")


# --------------------------------------------------------------------------------------------
# tow records


_TOW_COMPANIES = ["Ace Towing & Recovery", "Mid-Valley Tow", "Pacific Wrecker Service",
                  "Cascade Towing LLC", "Willamette Auto Recovery", "Northwest Tow & Transport",
                  "B & D Towing", "Rogue Valley Towing", "High Desert Tow"]


def _tow(ctx: _Ctx) -> tuple[bytes, str]:
    rng = ctx.rng
    lay = ctx.layout()
    company = rng.choice(_TOW_COMPANIES)
    v = _vehicle(rng)
    ctx.plate(v)
    owner = ctx.person("owner")
    driver = ctx.person("driver") if rng.random() < 0.3 else None
    off = ctx.officer()
    operator = ctx.person("other", middle=None) if rng.random() < 0.6 else None
    cn = ctx.case_number() if rng.random() < 0.9 else None
    reason = rng.choice([("Hazard / obstructing traffic", "ORS 811.555"),
                         ("DUII impound", "ORS 809.720"), ("Abandoned vehicle", "ORS 819.110"),
                         ("Driving uninsured impound", "ORS 809.720"),
                         ("Evidence hold", "ORS 133.535"), ("Private property impound", "ORS 98.812")])
    hh, mm = rng.randint(0, 23), rng.randint(0, 59)
    inv = f"INV-{rng.randint(10000, 99999)}"
    title = rng.choice(["TOW RECORD", "VEHICLE TOW / IMPOUND REPORT", "Tow Invoice", "Police Tow Record",
                        "STORED VEHICLE REPORT"])
    # company or agency letterhead
    if rng.random() < 0.5:
        lay.text(company.upper(), lay.bold, 15.0, align="center")
        lay.text(f"{ctx.fake.street_address()}, {ctx.city}, OR {ctx.zip}  -  24 hr dispatch {_phone(rng)}",
                 lay.reg, 9.0, align="center")
        lay.hrule(1.0)
        lay.text(title, lay.bold, 13.0, align="center")
        agency_line = True
    else:
        ctx.letterhead(lay, title)
        agency_line = False
    d = fmt_date(ctx.date, rng.choice(["slash", "iso", "long"]))
    t = fmt_time(hh, mm, rng.choice(["24", "hrs", "ampm"]))
    case_label = rng.choice(["Agency Case #", "Police Case No.", "Case #", "Case Number", "Incident #"])
    fields = [("Invoice", inv), ("Date", d), ("Time", t)]
    if cn:
        fields.append((case_label, ctx.case_printed(cn, labelled=False)))
    if agency_line:
        fields.append(("Requesting Agency", ctx.agency))
    fields += [("Towed From", f"{ctx.fake.street_address()}, {ctx.city}"),
               ("Reason", f"{reason[0]} ({reason[1]})"),
               ("Authorized By", ctx.officer_name(off, with_badge=True))]
    layout = rng.choice(["boxed", "colon", "two_col"])
    veh = [("Year", str(v.year)), ("Make", v.make), ("Model", v.model), ("Color", v.color.title()),
           (rng.choice(["License", "Plate", "Lic. Plate"]), v.plate_printed), ("State", v.state),
           ("VIN", v.vin)]
    own = [("Registered Owner", ctx.name(owner)), ("Owner Address", ctx.address()),
           ("Owner Phone", _phone(rng))]
    if driver:
        own.append(("Driver at Time of Tow", ctx.name(driver)))
    if layout == "boxed":
        lay.boxed_grid([fields[:4], fields[4:6], fields[6:]])
        lay.bar("VEHICLE")
        lay.boxed_grid([veh[:4], veh[4:]])
        lay.bar("OWNER / DRIVER")
        lay.boxed_grid([own[:1] + own[2:3], own[1:2]] + ([own[3:]] if driver else []))
    elif layout == "colon":
        for lab, val in fields:
            lay.labeled(lab, val)
        lay.bar("VEHICLE DESCRIPTION")
        lay.kv_columns(veh, cols=rng.choice([2, 3]))
        lay.bar("REGISTERED OWNER")
        for lab, val in own:
            lay.labeled(lab, val)
    else:
        lay.kv_columns(fields, cols=2)
        lay.space(6)
        lay.table(["Year", "Make", "Model", "Color", "Plate", "St", "VIN"],
                  [[str(v.year), v.make, v.model, v.color, v.plate_printed, v.state, v.vin]],
                  weights=[6, 10, 10, 7, 10, 4, 22])
        lay.kv_columns(own, cols=1)
    lay.space(6)
    lay.table(["Charge", "Amount"], [["Tow (Class A)", f"${rng.randint(150, 400)}.00"],
                                     ["Storage per day", f"${rng.randint(25, 60)}.00"],
                                     ["Admin / release fee", f"${rng.randint(20, 100)}.00"]],
              weights=[30, 12])
    hold = rng.random() < 0.4
    lay.labeled("Police Hold", "YES - release only with written authorization" if hold else "No")
    lay.labeled("Storage Location", f"{company}, {ctx.fake.street_address()}, {ctx.city}, OR {ctx.zip}")
    if operator:
        lay.labeled("Tow Operator", f"{operator.natural}   Truck #{rng.randint(1, 40)}")
    lay.para("Vehicle inventory completed. Personal property remaining in vehicle: " +
             rng.choice(["none", "child seat, tools", "backpack, clothing", "cell phone charger"]) + ".",
             size=max(9.0, ctx.size - 1))
    lay.signature("Officer signature")
    return lay.render(ctx.footer(rng.choice(["Tow Form T-2", f"{ctx.abbr} 42-TOW", "Rev 2022"])), title)


# --------------------------------------------------------------------------------------------
# warrants, property records, other


def _warrant(ctx: _Ctx) -> tuple[bytes, str]:
    rng = ctx.rng
    lay = ctx.layout(legal if rng.random() < 0.3 else letter)
    court, caption = ctx.court_name()
    ccn = ctx.court_case_number(rng.choice(["CR", "CR", "MI"]))
    dfn = ctx.person("defendant")
    judge = ctx.person("other", middle=None)
    cn = ctx.case_number() if rng.random() < 0.7 else None
    charges = rng.sample(_OFFENSES, k=rng.randint(1, 3))
    lay.text(caption, lay.bold, ctx.size + 1, align="center")
    lay.space(6)
    lay.text(f"STATE OF OREGON, Plaintiff, v. {ctx.name(dfn, rng.choice(['natural_caps', 'natural']))}, "
             "Defendant.", lay.reg)
    lay.text(f"Case No. {ccn}", lay.bold)
    lay.space(4)
    title = rng.choice(["WARRANT OF ARREST", "ARREST WARRANT", "BENCH WARRANT"])
    lay.text(title, lay.bold, 14.0, align="center")
    lay.space(6)
    lay.para("TO ANY PEACE OFFICER IN THE STATE OF OREGON, GREETINGS:")
    lay.para(f"You are hereby commanded to arrest {ctx.name(dfn)} and bring the defendant forthwith "
             f"before this court, the defendant having been charged with the following offense(s):")
    lay.table(["Count", "Charge", "Statute", "Class"],
              [[str(i + 1), c[0], c[1], rng.choice(["A Misd", "C Felony", "B Felony", "A Misd"])]
               for i, c in enumerate(charges)], weights=[6, 30, 12, 10])
    desc = [("DOB", dfn.dob), ("Sex", dfn.sex), ("Height", f"{rng.randint(5, 6)}'{rng.randint(0, 11):02d}\""),
            ("Weight", str(rng.randint(110, 260))), ("Eyes", rng.choice(["BRO", "BLU", "HAZ", "GRN"])),
            ("Last Known Address", ctx.address())]
    lay.kv_columns(desc, cols=rng.choice([1, 2]))
    lay.space(4)
    lay.labeled("Bail", f"${rng.choice([2500, 5000, 10000, 25000, 50000]):,}")
    if cn:
        lay.labeled("Agency", f"{ctx.agency}   {ctx.case_printed(cn)}")
    lay.text(f"Issued {fmt_date(ctx.date, rng.choice(['long', 'slash', 'legal']))}", lay.reg)
    lay.signature("Circuit Court Judge")
    lay.text(f"Hon. {judge.natural}", lay.reg)
    if rng.random() < 0.5:
        srv = ctx.officer()
        lay.space(8)
        lay.bar("RETURN", size=9.0)
        lay.para(f"I certify that I served this warrant by arresting the defendant on "
                 f"{fmt_date(ctx.date + dt.timedelta(days=rng.randint(2, 40)), 'slash')}. "
                 f"{ctx.officer_name(srv, with_badge=True)}, {ctx.agency}.", size=9.5)
    return lay.render(ctx.footer(rng.choice(["Warrant (OJD)", "WAR-1 rev 2019"])), title)


def _property(ctx: _Ctx) -> tuple[bytes, str]:
    rng = ctx.rng
    lay = ctx.layout()
    cn = ctx.case_number()
    off = ctx.officer()
    owner = ctx.person("owner") if rng.random() < 0.7 else None
    suspect = ctx.person("suspect") if rng.random() < 0.3 else None
    title = rng.choice(["PROPERTY / EVIDENCE REPORT", "Property Receipt", "EVIDENCE SUBMISSION FORM",
                        "Found Property Report"])
    ctx.letterhead(lay, title)
    head = [("Case No." if rng.random() < 0.5 else "Case #", ctx.case_printed(cn, labelled=False)),
            ("Date", fmt_date(ctx.date, rng.choice(["slash", "iso"]))),
            ("Submitting Officer", ctx.officer_name(off, with_badge=True)),
            ("Property Tag", f"PR-{ctx.date.year}-{rng.randint(100, 9999):05d}")]
    if rng.random() < 0.5:
        lay.boxed_grid([head[:2], head[2:]])
    else:
        lay.kv_columns(head, cols=2)
    if owner:
        lay.labeled(rng.choice(["Owner", "Owner/Finder", "Property Owner"]), ctx.name(owner))
        lay.labeled("Owner Address", ctx.address())
    if suspect:
        lay.labeled("Seized From (Suspect)", ctx.name(suspect))
    items_pool = [("Bicycle, Trek, blue", f"WTU{_D(rng, 6)}"), ("Apple iPhone 13", f"IMEI {_D(rng, 15)}"),
                  ("Backpack, black, JanSport", ""), ("Cordless drill, DeWalt 20V", f"SN {_D(rng, 8)}"),
                  ("U.S. currency", ""), ("Wallet with ID cards", ""),
                  ("Laptop, Dell Latitude", f"SN {_L(rng, 2)}{_D(rng, 7)}"),
                  ("Knife, folding", ""), ("Jewelry box with rings", ""), ("Glass pipe with residue", "")]
    items = rng.sample(items_pool, k=rng.randint(2, 6))
    lay.table(["Item", "Qty", "Description", "Serial / ID", "Location"],
              [[str(i + 1), str(rng.randint(1, 3)), d, s, f"Locker {rng.randint(1, 60)}"]
               for i, (d, s) in enumerate(items)], weights=[5, 4, 26, 16, 9])
    if rng.random() < 0.35:
        v = _vehicle(rng)
        ctx.plate(v)
        lay.para(f"Vehicle impounded as evidence: {v.describe()}, {ctx.plate_text(v)}, VIN {v.vin}.")
    lay.para(rng.choice(["Disposition: hold for investigation.", "Disposition: return to owner when "
                         "released by the investigating officer.", "Disposition: destroy after 90 days."]))
    lay.signature("Evidence technician")
    return lay.render(ctx.footer(rng.choice(["Property Form P-5", "EVID rev 2020"])), title)


def _other(ctx: _Ctx) -> tuple[bytes, str]:
    rng = ctx.rng
    lay = ctx.layout()
    kind = rng.choice(["memo", "records_request", "bulletin"])
    if kind == "memo":
        ctx.letterhead(lay, rng.choice(["MEMORANDUM", "Inter-Office Memo"]))
        frm = ctx.officer()
        frm.title = rng.choice(["Lt.", "Sgt.", "Capt."])
        to = ctx.officer()
        lay.labeled("TO", f"{to.title} {to.natural}")
        lay.labeled("FROM", f"{frm.title} {frm.natural}")
        lay.labeled("DATE", fmt_date(ctx.date, "long"))
        subj = rng.choice(["Overtime for court appearances", "Body camera upload backlog",
                           "Updated tow rotation list", "Evidence room audit"])
        lay.labeled("SUBJECT", subj)
        lay.hrule()
        body = [f"This memo concerns {subj.lower()}. Please review the attached schedule and reply by "
                f"{fmt_date(ctx.date + dt.timedelta(days=7), 'slash')}.",
                f"Questions may be directed to the records unit at {_phone(rng)}, Monday through Friday, "
                f"0800 to 1600 hrs."]
        if rng.random() < 0.5:
            cn = ctx.case_number()
            body.insert(1, f"The audit sample includes {ctx.case_printed(cn)}, which was missing a "
                           "supplemental report.")
        for b in body:
            lay.para(b)
        lay.text(f"cc: {ctx.officer_name(ctx.officer())}", lay.reg)
    elif kind == "records_request":
        att = ctx.person("attorney", middle=None)
        dfn = ctx.person("defendant")
        ccn = ctx.court_case_number("CR")
        cn = ctx.case_number()
        firm = f"{ctx.fake.last_name()} & {ctx.fake.last_name()}, LLP"
        lay.text(firm, lay.bold, 14.0)
        lay.text(f"{ctx.fake.street_address()}, Portland, OR 97204   {_phone(rng)}", lay.reg, 9.0)
        lay.hrule()
        lay.text(fmt_date(ctx.date, "long"), lay.reg)
        lay.space(6)
        for ln in ["Records Unit", ctx.agency, f"{ctx.street}", f"{ctx.city}, OR {ctx.zip}"]:
            lay.text(ln, lay.reg)
        lay.space(6)
        lay.text(f"Re: State v. {ctx.name(dfn, 'natural')}, {ctx.county} County Case No. {ccn}", lay.bold)
        lay.text(f"Your {ctx.case_printed(cn)}", lay.bold)
        lay.space(6)
        lay.para("Dear Records Custodian:")
        lay.para("This office represents the defendant in the above matter. Pursuant to ORS 192.311 et "
                 "seq., please provide copies of all reports, supplements, photographs and 911 audio "
                 "related to your case. We will pay reasonable copying fees.")
        lay.para(f"Please contact me at {_phone(rng)} with any questions.")
        lay.text("Sincerely,", lay.reg)
        lay.space(20)
        lay.text(f"{att.natural}, Attorney at Law", lay.reg)
    else:
        ctx.letterhead(lay, rng.choice(["TRAINING BULLETIN", "Roll Call Bulletin"]))
        lay.labeled("Bulletin No.", f"{ctx.date.year}-{rng.randint(1, 40):02d}")
        lay.labeled("Effective", fmt_date(ctx.date, "long"))
        lay.hrule()
        for _ in range(rng.randint(2, 4)):
            lay.para(_fill(ctx, rng.choice([
                "Officers are reminded that {statute} requires a written report within 24 hours.",
                "Starting {time}, the records counter hours change; call {phone} for after-hours requests.",
                "Vehicle releases at {addr} require a photo ID and proof of insurance.",
                "Court liaison can be reached at {phone} between 0800 and 1600 hrs."])))
        auth = ctx.officer()
        auth.title = "Lt."
        lay.text(f"Issued by: {auth.title} {auth.natural}, Training Unit", lay.reg)
    return lay.render(ctx.footer(rng.choice(["Admin", f"{ctx.abbr} ADM-3"])), "Memo")


_BUILDERS: dict[str, Callable[[_Ctx], tuple[bytes, str]]] = {
    "incident_report": _incident, "citation": _citation, "subpoena": _subpoena, "tow_record": _tow,
    "warrant": _warrant, "property_record": _property, "other": _other,
}


# --------------------------------------------------------------------------------------------
# public functions


def make_document(doc_type: str, seed: int | str, name: str | None = None) -> SynthDoc:
    """One synthetic document of `doc_type`, deterministic for `seed`."""
    if doc_type not in _BUILDERS:
        raise ValueError(f"unknown doc type {doc_type!r}; expected one of {DOC_TYPES}")
    rng = random.Random(f"casefolio-synth:{doc_type}:{seed}")
    ctx = _Ctx(rng, doc_type)
    pdf, text = _BUILDERS[doc_type](ctx)
    return SynthDoc(name or f"{doc_type}_{seed}", ctx.truth(text), pdf)


def _schedule(n: int, types: Sequence[str], rng: random.Random) -> list[str]:
    """Doc types for n documents in proportion to TYPE_WEIGHTS, each type at least once when n allows."""
    weights = [TYPE_WEIGHTS.get(t, 0.1) for t in types]
    tot = sum(weights)
    counts = [int(n * w / tot) for w in weights]
    if n >= len(types):
        counts = [max(1, c) for c in counts]
    while sum(counts) > n:
        counts[counts.index(max(counts))] -= 1
    rema = sorted(range(len(types)), key=lambda k: -(n * weights[k] / tot - int(n * weights[k] / tot)))
    k = 0
    while sum(counts) < n:
        counts[rema[k % len(types)]] += 1
        k += 1
    out = [t for t, c in zip(types, counts, strict=False) for _ in range(c)]
    rng.shuffle(out)
    return out


def generate(n: int, seed: int, doc_types: Sequence[str] | None = None) -> list[SynthDoc]:
    """`n` synthetic documents, a mix of `doc_types` (default: all), deterministic for `seed`.

    Names are `{doc_type}_{index:04d}`.
    """
    types = list(doc_types) if doc_types else list(DOC_TYPES)
    for t in types:
        if t not in _BUILDERS:
            raise ValueError(f"unknown doc type {t!r}; expected one of {DOC_TYPES}")
    sched = _schedule(n, types, random.Random(f"casefolio-synth-schedule:{seed}:{n}"))
    return [make_document(t, f"{seed}:{i}", name=f"{t}_{i:04d}") for i, t in enumerate(sched)]


def truth_record(doc: SynthDoc, file: str, scan_kind: str) -> dict[str, Any]:
    """One truth.jsonl line: {"file", "scan_kind", **truth}."""
    return {"file": file, "scan_kind": scan_kind, **asdict(doc.truth)}


def _scan_one(job: tuple[bytes, str, list[str], int, str]) -> list[tuple[str, str]]:
    """Render one document at 300 dpi and write a scan per kind; [(path, kind)]. Runs in workers."""
    from synth import degrade as degrade_mod

    pdf_bytes, name, kinds, seed, out_dir = job
    pages = SynthDoc(name, None, pdf_bytes).page_images(300)  # type: ignore[arg-type]
    out = []
    for kind in kinds:
        rng = random.Random(f"casefolio-scan:{seed}:{name}:{kind}")
        degraded = [degrade_mod.degrade(pg, kind, rng) for pg in pages]
        path = Path(degrade_mod.save_scan(degraded, kind, Path(out_dir) / f"{name}__{kind}"))
        out.append((str(path), kind))
    return out


def write_corpus(docs: Sequence[SynthDoc], out_dir: Path, scan_kinds: Sequence[str],
                 seed: int, workers: int = 1) -> list[tuple[Path, SynthDoc, str]]:
    """Write each document as a born-digital PDF (kind "born_digital") and as scans of each other kind.

    Scans use `synth.degrade.degrade` per page (rng seeded by seed, document and kind) and
    `synth.degrade.save_scan`, named `{doc.name}__{kind}.{ext}`; when that module is not importable,
    non-born-digital kinds are skipped with a warning. `workers` > 1 makes the scans in that many
    processes (same output). Writes `truth.jsonl` in `out_dir` (paths in it relative to `out_dir`)
    and returns (file, doc, scan_kind) per written file, in document order.
    """
    import warnings

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    kinds = list(dict.fromkeys(scan_kinds))
    scan = [k for k in kinds if k != "born_digital"]
    if scan:
        try:
            from synth import degrade as _check  # noqa: F401
        except Exception as e:  # noqa: BLE001 - another engineer's module may not exist yet
            warnings.warn(f"synth.degrade not importable ({e}); writing born-digital files only", stacklevel=2)
            scan = []
    jobs = [(d.pdf_bytes, d.name, scan, seed, str(out_dir)) for d in docs]
    if not scan:
        results: list[list[tuple[str, str]]] = [[] for _ in docs]
    elif workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_scan_one, jobs))
    else:
        results = [_scan_one(j) for j in jobs]
    written: list[tuple[Path, SynthDoc, str]] = []
    for doc, scans in zip(docs, results, strict=False):
        if "born_digital" in kinds:
            p = out_dir / f"{doc.name}.pdf"
            p.write_bytes(doc.pdf_bytes)
            written.append((p, doc, "born_digital"))
        written += [(Path(path), doc, kind) for path, kind in scans]
    with open(out_dir / "truth.jsonl", "w", encoding="utf-8") as fh:
        for path, doc, kind in written:
            rel = os.path.relpath(path, out_dir)
            fh.write(json.dumps(truth_record(doc, rel, kind)) + "\n")
    return written
