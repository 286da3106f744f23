"""Draw Pages into a PDF with reportlab.

The text layer order is controlled by ``Page.draw_order``:
  reading            spans in reading order
  template_first     all printed form text first, then all filled values (reading order within each)
  template_shuffled  form text first, then the filled values in a random order
  fill_first         filled values first, then the form text
  interleaved        two-column pages: left and right column lines alternate
  shuffled_lines     whole reading lines in a random order
Graphics are drawn first; redaction bars and stamp frames after the text.
"""
from __future__ import annotations

import io
import random

from reportlab.pdfgen import canvas as rl_canvas

from . import fonts
from .layout import Page


def _ordered_spans(p: Page, rng: random.Random):
    lines = p.all_lines()
    spans = [sp for ln in lines for sp in ln]
    mode = p.draw_order
    stamps = [s for s in spans if s.layer == "stamp"]
    body = [s for s in spans if s.layer != "stamp"]
    if mode == "template_first":
        body = [s for s in body if s.layer == "form"] + [s for s in body if s.layer == "fill"]
    elif mode == "template_shuffled":
        fills = [s for s in body if s.layer == "fill"]
        rng.shuffle(fills)
        body = [s for s in body if s.layer == "form"] + fills
    elif mode == "fill_first":
        body = [s for s in body if s.layer == "fill"] + [s for s in body if s.layer == "form"]
    elif mode == "interleaved":
        left = [s for s in body if s.col == 0]
        right = [s for s in body if s.col == 1]
        other = [s for s in body if s.col not in (0, 1)]
        # column 0 holds the heading and the first column; pair lines of the two columns
        out = []
        i = j = 0
        while i < len(left) or j < len(right):
            if i < len(left):
                out.append(left[i]); i += 1
            if j < len(right):
                out.append(right[j]); j += 1
        body = out + other
    elif mode == "shuffled_lines":
        groups = [[s for s in ln if s.layer != "stamp"] for ln in lines]
        rng.shuffle(groups)
        body = [s for g in groups for s in g]
    return body + stamps


def _ops(c, ops):
    for op in ops:
        kind = op[0]
        if kind == "line":
            _, x1, y1, x2, y2, lw, gray, dash = op
            c.setLineWidth(lw)
            c.setStrokeGray(gray)
            if dash:
                c.setDash(*dash)
            c.line(x1, y1, x2, y2)
            if dash:
                c.setDash()
        elif kind == "rect":
            _, x, y, w, h, lw, stroke, fill, alpha = op
            c.setLineWidth(lw)
            if fill is not None:
                if isinstance(fill, tuple):
                    c.setFillColorRGB(*fill)
                else:
                    c.setFillGray(fill)
            if stroke is not None:
                c.setStrokeGray(stroke)
            c.rect(x, y, w, h, stroke=1 if stroke is not None else 0, fill=1 if fill is not None else 0)
            c.setFillGray(0)
        elif kind == "circle":
            _, x, y, r, lw, stroke, fill = op
            c.setLineWidth(lw)
            if fill is not None:
                c.setFillGray(fill)
            if stroke is not None:
                c.setStrokeGray(stroke)
            c.circle(x, y, r, stroke=1 if stroke is not None else 0, fill=1 if fill is not None else 0)
            c.setFillGray(0)
        elif kind == "curve":
            _, segs, lw, color = op
            c.setLineWidth(lw)
            c.setStrokeColorRGB(*color)
            c.setLineCap(1)
            path = c.beginPath()
            for k, (p0, p1, p2, p3) in enumerate(segs):
                if k == 0:
                    path.moveTo(*p0)
                path.curveTo(p1[0], p1[1], p2[0], p2[1], p3[0], p3[1])
            c.drawPath(path, stroke=1, fill=0)
            c.setStrokeGray(0)
            c.setLineCap(0)
        elif kind == "poly":
            _, pts, lw, color, fill = op
            c.setLineWidth(lw)
            if isinstance(color, tuple):
                c.setStrokeColorRGB(*color)
            else:
                c.setStrokeGray(color)
            path = c.beginPath()
            path.moveTo(*pts[0])
            for pt in pts[1:]:
                path.lineTo(*pt)
            if fill is not None:
                c.setFillGray(fill)
            c.drawPath(path, stroke=1, fill=1 if fill is not None else 0)
            c.setStrokeGray(0)
            c.setFillGray(0)


def _text(c, sp, state):
    c.setFillColorRGB(*sp.color)
    saved = dict(state)
    if sp.angle:
        c.saveState()
        c.translate(sp.x, sp.y)
        c.rotate(sp.angle)
        t = c.beginText(0, 0)
    else:
        t = c.beginText(sp.x, sp.y)
    t.setFont(sp.font, sp.size)
    # Tc / Tz are part of the graphics state and survive ET: set them whenever they change
    if sp.cs != state.get("cs", 0.0) or sp.angle:
        t.setCharSpace(sp.cs)
        state["cs"] = sp.cs
    if sp.hscale != state.get("hs", 100.0) or sp.angle:
        t.setHorizScale(sp.hscale)
        state["hs"] = sp.hscale
    t.textOut(sp.text)
    c.drawText(t)
    if sp.angle:
        c.restoreState()
        state.clear()
        state.update(saved)
    c.setFillGray(0)


def render_pdf(pages: list[Page], seed: int, title: str = "") -> bytes:
    fonts.register()
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(pages[0].w, pages[0].h), invariant=1, pageCompression=1)
    if title:
        c.setTitle(title)
    c.setCreator("")
    c.setProducer("")
    for i, p in enumerate(pages):
        c.setPageSize((p.w, p.h))
        rng = random.Random(seed * 1009 + i)
        _ops(c, p.ops)
        state: dict = {}
        for sp in _ordered_spans(p, rng):
            _text(c, sp, state)
        _ops(c, p.over)
        c.showPage()
    c.save()
    return buf.getvalue()
