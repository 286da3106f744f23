"""What the document page shows: page images, and where each extracted fact was read on them."""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from base.models import Box, Entity, Page
from base.settings import LimitSettings
from extractors.pdf import render_page
from storage.folding import fold

LABELS = {"case_number": "Case No.", "citation_number": "Citation No.",
          "court_case_number": "Court Case No.", "person": "Name", "plate": "Plate", "vin": "VIN"}


@dataclass(frozen=True)
class Mark:
    """One fact's place on a page image, in percent of the page (left, top, width, height)."""

    kind: str
    label: str
    value: str
    left: float
    top: float
    width: float
    height: float
    corrected: bool = False


def _token(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


def _word_boxes(page: Page, value: str, *, by_word: bool) -> list[Box]:
    """Boxes of the page's words that spell the value: runs of up to 4 neighbouring words that
    together spell it ("482 KLM" for 482KLM), and for names each word that is one of its words."""
    words = [w for w in page.words if not w.hidden]
    tokens = [_token(w.text) for w in words]
    whole = _token(value)
    parts = {t for t in (_token(p) for p in re.split(r"[\s,]+", value)) if len(t) >= 2}
    hits: set[int] = set()
    for i in range(len(words)):
        joined = ""
        for j in range(i, min(i + 4, len(words))):
            joined += tokens[j]
            if joined == whole:
                hits.update(range(i, j + 1))
            if len(joined) >= len(whole):
                break
        if by_word and tokens[i] in parts:
            hits.add(i)
    return [words[i].box for i in sorted(hits)]


def page_marks(pages: list[Page], entities: list[Entity],
               corrected: set[tuple[str, str]]) -> dict[int, list[Mark]]:
    """Each page's facts with where they were read (the entity's own box, else the words that
    spell it), in percent of the page so they sit on a page image of any size."""
    out: dict[int, list[Mark]] = {}
    by_number = {p.number: p for p in pages}
    for e in entities:
        page = by_number.get(e.page)
        if page is None or not page.width or not page.height:
            continue
        boxes = [e.box] if e.box else _word_boxes(page, e.value, by_word=e.kind == "person")
        for b in boxes:
            out.setdefault(e.page, []).append(Mark(
                kind=e.kind, label=LABELS.get(e.kind, e.kind), value=e.value,
                left=round(100 * b.left / page.width, 2), top=round(100 * b.top / page.height, 2),
                width=round(100 * b.width / page.width, 2),
                height=round(100 * b.height / page.height, 2),
                corrected=(e.kind, fold(e.value)) in corrected))
    return out


def page_png(pdf: bytes, number: int, dpi: int, limits: LimitSettings) -> bytes:
    """Page `number` (1-based) of a PDF as a PNG at `dpi`."""
    with tempfile.TemporaryDirectory(prefix="casefolio-page-") as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        pixels = render_page(path, number - 1, dpi, limits)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG", optimize=False)
    return buf.getvalue()
