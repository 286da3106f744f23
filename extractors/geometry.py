"""Plane geometry shared by the text-layer page model and field finding: rectangles, rows of words,
and the upright frame of a page.

A page's word boxes are in its stored frame (display points for text layers, original image pixels
for OCR); `Page.rotation` is the clockwise turn that makes the page upright. Layout is read in the
upright frame, where rows run left to right and the page top is up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from base.models import Box, Page

# Two boxes are on one row when their vertical extents overlap by this share of the smaller height.
ROW_OVERLAP = 0.5


class Corners:
    """Width, height and centre of anything with corners x0, y0, x1, y1 (top-left origin)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class Rect(Corners):
    """A rectangle by its corners, top-left origin."""

    x0: float
    y0: float
    x1: float
    y1: float


class HasCorners(Protocol):
    """Anything with the corners of a rectangle."""

    @property
    def x0(self) -> float: ...

    @property
    def y0(self) -> float: ...

    @property
    def x1(self) -> float: ...

    @property
    def y1(self) -> float: ...


def rows(items: Sequence[HasCorners], idx: Sequence[int]) -> list[list[int]]:
    """Indexes grouped into rows (top to bottom), each row left to right: an item joins a row when
    it overlaps, vertically, the first item of that row (or of one of the three rows above it)."""
    found: list[tuple[float, float, list[int]]] = []  # (top, bottom) of the row's first item, members
    for i in sorted(idx, key=lambda k: (items[k].y0 + items[k].y1, items[k].x0)):
        it = items[i]
        h = it.y1 - it.y0
        for r in range(len(found) - 1, max(-1, len(found) - 4), -1):
            top, bottom, members = found[r]
            if min(bottom, it.y1) - max(top, it.y0) >= ROW_OVERLAP * min(bottom - top, h):
                members.append(i)
                break
        else:
            found.append((it.y0, it.y1, [i]))
    return [sorted(members, key=lambda k: items[k].x0) for _, _, members in found]


def rect(box: Box) -> Rect:
    """A Box as a Rect."""
    return Rect(box.left, box.top, box.left + box.width, box.top + box.height)


def turn_rect(r: Rect, k: int, width: float, height: float) -> Rect:
    """A rectangle of a page `width` x `height` after turning the page k quarter turns clockwise."""
    k %= 4
    if k == 1:  # (x, y) -> (h - y, x)
        return Rect(height - r.y1, r.x0, height - r.y0, r.x1)
    if k == 2:  # (x, y) -> (w - x, h - y)
        return Rect(width - r.x1, height - r.y1, width - r.x0, height - r.y0)
    if k == 3:  # (x, y) -> (y, w - x)
        return Rect(r.y0, width - r.x1, r.y1, width - r.x0)
    return r


def upright(page: Page, boxes: Sequence[Box]) -> list[Rect]:
    """Boxes of `page` (in its stored frame) in the page's upright frame."""
    k = (page.rotation // 90) % 4
    return [turn_rect(rect(b), k, page.width, page.height) for b in boxes]


def upright_size(page: Page) -> tuple[float, float]:
    """The page's width and height in its upright frame."""
    return (page.height, page.width) if (page.rotation // 90) % 2 else (page.width, page.height)
