"""The stored form of a document's pages (`text/<sha256>.json`): the page model as compact JSON.

Each word is `[text, left, top, width, height, confidence, line, block, cell, hidden]`; files
written before lines, blocks, cells and hidden words were stored (six-item words, no `rules` or
`cells`) read back with the defaults, so `casefolio reextract` works on every filed document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from base.errors import UnreadableError
from base.models import Box, Page, Word


def _box(b: Box) -> list[float]:
    return [round(b.left, 1), round(b.top, 1), round(b.width, 1), round(b.height, 1)]


def _word(w: Word) -> list[Any]:
    return [w.text, *_box(w.box), round(w.confidence, 3), w.line, w.block, w.cell, int(w.hidden)]


def pages_json(pages: Sequence[Page]) -> bytes:
    """The pages with their words, boxes, lines, blocks and cells, as stored beside the original."""
    out = [{
        "number": p.number, "method": p.method, "confidence": round(p.confidence, 4),
        "rotation": p.rotation, "skew": round(p.skew, 2), "width": p.width, "height": p.height,
        "dpi": p.dpi, "steps": p.steps, "text": p.text,
        "words": [_word(w) for w in p.words],
        "rules": [_box(b) for b in p.rules], "cells": [_box(b) for b in p.cells],
    } for p in pages]
    return json.dumps({"pages": out}, ensure_ascii=False, separators=(",", ":")).encode()


def _read_word(w: list[Any]) -> Word:
    line, block, cell, hidden = (list(w[6:10]) + [0, 0, -1, 0][len(w[6:10]):])
    return Word(text=w[0], box=Box(w[1], w[2], w[3], w[4]), confidence=w[5], line=int(line),
                block=int(block), cell=int(cell), hidden=bool(hidden))


def pages_from_json(data: bytes) -> list[Page]:
    """The pages stored by `pages_json` (or by earlier versions), for re-extraction.
    UnreadableError when the data is not such a list of pages."""
    try:
        return _pages(data)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as e:
        raise UnreadableError(f"stored pages unreadable: {type(e).__name__}") from e


def _pages(data: bytes) -> list[Page]:
    return [Page(number=p["number"], text=p["text"], method=p["method"],
                 confidence=p["confidence"], rotation=p["rotation"], skew=p["skew"],
                 width=p["width"], height=p["height"], dpi=p["dpi"],
                 words=[_read_word(w) for w in p["words"]], steps=list(p["steps"]),
                 rules=[Box(*b) for b in p.get("rules", [])],
                 cells=[Box(*b) for b in p.get("cells", [])])
            for p in json.loads(data)["pages"]]
