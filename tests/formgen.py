"""Born-digital forms drawn in code for the field-geometry tests: boxed forms (tiny label in a box
corner, value below), underline forms (value typed on a line, label printed under it), side-by-side
labels, table headers over cells, and text layers whose drawing order is not the page's order."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = letter


@dataclass
class Text:
    """A string to draw at (x, y) from the TOP-left of the page, in points."""

    x: float
    y: float
    text: str
    size: float = 10.0
    font: str = "Helvetica"


@dataclass
class Line:
    """A ruled line from (x0, y0) to (x1, y1), top-left origin."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Rect:
    """A rectangle (top-left origin), outlined or filled."""

    x: float
    y: float
    w: float
    h: float
    fill: bool = False
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)


def draw(items: Sequence[Text | Line | Rect], rotate: int = 0) -> bytes:
    """A one-page PDF drawing `items` in the given order (the content stream keeps that order)."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=letter)
    for it in items:
        if isinstance(it, Text):
            c.setFillColorRGB(0, 0, 0)
            c.setFont(it.font, it.size)
            c.drawString(it.x, PAGE_H - it.y, it.text)
        elif isinstance(it, Line):
            c.setLineWidth(0.8)
            c.line(it.x0, PAGE_H - it.y0, it.x1, PAGE_H - it.y1)
        else:
            c.setFillColorRGB(*it.color)
            c.setLineWidth(0.8)
            c.rect(it.x, PAGE_H - it.y - it.h, it.w, it.h, stroke=0 if it.fill else 1, fill=1 if it.fill else 0)
    if rotate:
        c.setPageRotation(rotate)
    c.showPage()
    c.save()
    return buf.getvalue()


def boxed_form(cells: Sequence[Sequence[tuple[str, str]]], labels_first: bool = False,
               cell_w: float = 170, cell_h: float = 34, top: float = 120) -> bytes:
    """Rows of ruled boxes, each with a tiny label in its top-left corner and the value below it.
    With `labels_first` every label is drawn before any value (a text layer listing labels first)."""
    boxes: list[Text | Line | Rect] = [Text(40, 60, "SPRINGFIELD POLICE DEPARTMENT", 14, "Helvetica-Bold")]
    labels: list[Text | Line | Rect] = []
    values: list[Text | Line | Rect] = []
    for r, row in enumerate(cells):
        for k, (label, value) in enumerate(row):
            x, y = 40 + k * cell_w, top + r * cell_h
            boxes.append(Rect(x, y, cell_w, cell_h))
            labels.append(Text(x + 3, y + 8, label, 6))
            values.append(Text(x + 6, y + 26, value, 11))
    if labels_first:
        return draw(boxes + labels + values)
    return draw(boxes + [t for pair in zip(labels, values, strict=True) for t in pair])


def underline_form(rows: Sequence[Sequence[tuple[str, str]]], field_w: float = 170, top: float = 130,
                   row_h: float = 44, values_first: bool = True) -> bytes:
    """Rows of underline fields: each value typed on a ruled line with its label printed under the
    line. `values_first` draws every value before the labels and lines."""
    head: list[Text | Line | Rect] = [Text(40, 60, "STATE OF NEW YORK - UNIFORM TRAFFIC TICKET", 13,
                                           "Helvetica-Bold")]
    values: list[Text | Line | Rect] = []
    marks: list[Text | Line | Rect] = []
    for r, row in enumerate(rows):
        for k, (label, value) in enumerate(row):
            x, y = 40 + k * field_w, top + r * row_h
            values.append(Text(x + 4, y, value, 11))
            marks.append(Line(x, y + 3, x + field_w - 12, y + 3))
            marks.append(Text(x, y + 12, label, 7))
    return draw(head + (values + marks if values_first else marks + values))


def side_by_side(lines: Sequence[Sequence[tuple[float, str]]], top: float = 100, size: float = 10) -> bytes:
    """Rows of strings at given x positions ("Case No:" at 40, its value at 120, ...)."""
    items: list[Text | Line | Rect] = []
    for r, row in enumerate(lines):
        for x, text in row:
            items.append(Text(x, top + r * 18, text, size))
    return draw(items)


def table(header: Sequence[str], body: Sequence[Sequence[str]], col_w: float = 130, top: float = 120) -> bytes:
    """A header row of column labels over rows of cells (no rules)."""
    items: list[Text | Line | Rect] = [Text(40, 70, "PROPERTY AND EVIDENCE LOG", 13, "Helvetica-Bold")]
    for k, h in enumerate(header):
        items.append(Text(40 + k * col_w, top, h, 8, "Helvetica-Bold"))
    for r, row in enumerate(body):
        for k, cell in enumerate(row):
            items.append(Text(40 + k * col_w, top + 16 + r * 15, cell, 10))
    return draw(items)
