"""Per-page reading: which pages have a usable text layer, and OCR of the others.

`ocr_page` is a plain top-level function (picklable) that the ingest pipeline submits to a
ProcessPoolExecutor (or a Prefect mapped task): one page, one tesseract process.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from base.models import Box, Page, Word
from extractors import images, ocr, pdf
from extractors.triage import FileInfo

if TYPE_CHECKING:
    from base.settings import LimitSettings, OcrSettings

log = logging.getLogger(__name__)

# Below this OCR confidence the page is also read turned 180 degrees and the better reading kept
# (catches an upside-down page the cheap ink-distribution test got wrong).
RECHECK_CONFIDENCE = 0.60
# Orientation scores below this are too close to call from the ink alone; tesseract OSD decides.
ORIENTATION_SURE = 0.08


@dataclass
class PagePlan:
    """How one page will be read: `text` from its text layer (and `page`, its page model), or None
    when it needs OCR."""

    index: int
    text: str | None
    page: Page | None = field(default=None, compare=False, repr=False)


def plan_pages(path: Path, info: FileInfo, ocr: OcrSettings) -> list[PagePlan]:
    """One plan per page: the text-layer page model for usable born-digital pages, None for pages
    to OCR.

    Image files have no text layer: every page is OCRed.
    """
    if info.kind != "pdf":
        return [PagePlan(i, None) for i in range(info.page_count)]
    models = pdf.text_layer_pages(Path(path), ocr.min_text_chars)
    return [PagePlan(i, None if m is None else m.text, m) for i, m in enumerate(models)]


def read_text_pages(path: Path, info: FileInfo, ocr: OcrSettings) -> list[Page | None]:
    """Every page read from its text layer where that is real text (words with boxes, lines,
    blocks, rules, cells; hidden words marked); None for pages to OCR."""
    return [None if plan.text is None else text_page(plan, path, info)
            for plan in plan_pages(path, info, ocr)]


def text_page(plan: PagePlan, path: Path, info: FileInfo) -> Page:
    """The Page of a plan read from the text layer (method "text"; points as displayed)."""
    if plan.page is not None:
        return plan.page
    w, h = pdf.page_size_points(Path(path), plan.index) if info.kind == "pdf" else (0.0, 0.0)
    return Page(
        number=plan.index + 1, text=plan.text or "", method="text", confidence=1.0,
        width=w, height=h, dpi=72.0, steps=["text_layer"],
    )


# Tesseract page segmentation: 4 ("a single column of text of variable sizes") keeps a form's
# label and value on one line ("NAME: Lang, Rodney Brian") where the default automatic layout (3)
# splits them into separate blocks. Dev set (seed 11): CER clean 0.027 -> 0.004, fax 0.027 ->
# 0.019, heavy noise 0.104 -> 0.071, phone unchanged. Seed 12, before vs psm 4 + smooth_bilevel:
# fax 0.059 -> 0.018, noisy 0.058 -> 0.035, heavy noise 0.090 -> 0.102; F1 equal or better.
PAGE_PSM = 4


def _read(prep: images.Preprocessed, ocr_settings: OcrSettings, timeout_s: float) -> ocr.OcrResult:
    return ocr.ocr_image(prep.image, ocr_settings.language, timeout_s, psm=PAGE_PSM)


def ocr_page(path: Path, kind: str, index: int, ocr: OcrSettings, limits: LimitSettings) -> Page:
    """Read one page by OCR: load or render, preprocess, tesseract, map words back.

    Returns Page(method="ocr") with width/height in the ORIGINAL image's pixels (for PDFs: the page
    rendered at `ocr.render_dpi`, as displayed), words with boxes in those pixels, the rotation and
    skew that were applied, mean word confidence 0-1 and the preprocessing steps.
    Raises UnreadableError/TooLargeError for a page that cannot be loaded, OcrFailedError or
    OcrTimeoutError when tesseract fails.
    """
    return _ocr_page(Path(path), kind, index, ocr, limits)


def _ocr_page(path: Path, kind: str, index: int, settings: OcrSettings, limits: LimitSettings) -> Page:
    t0 = time.monotonic()
    deadline = t0 + limits.page_timeout_s
    if kind == "pdf":
        gray, dpi = pdf.render_page_dpi(path, index, settings.render_dpi, limits)
        base_scale = (1.0, 1.0)
        orig_w, orig_h = gray.shape[1], gray.shape[0]
        bilevel = False
    else:
        loaded = images.read_image(path, kind, index, limits)
        gray, dpi = loaded.gray, loaded.dpi
        base_scale = loaded.scale
        orig_w, orig_h = loaded.original_size
        bilevel = loaded.bilevel
    prep = images.preprocess(gray, dpi, bilevel=bilevel)
    if prep.orientation_score < ORIENTATION_SURE and prep.text_height > 0:
        osd = ocr.detect_orientation(prep.image, timeout_s=max(5.0, deadline - time.monotonic()))
        if osd is not None and osd.confidence >= 1.0 and osd.rotation:
            prep = prep.rotated(osd.rotation // 90)
            prep.steps.append("osd")
    result = _read(prep, settings, max(1.0, deadline - time.monotonic()))
    if result.confidence < RECHECK_CONFIDENCE and result.words:
        flipped = prep.rotated(2)
        other = _read(flipped, settings, max(1.0, deadline - time.monotonic()))
        if other.confidence > result.confidence + 0.1:
            prep, result = flipped, other
            prep.steps.append("recheck180")
    confidence = result.confidence
    if not result.words and prep.text_height == 0:
        confidence = 1.0  # a blank page read as blank is not a doubtful reading
        prep.steps.append("blank")
    # map word boxes back: preprocessed -> loaded (square pixels) -> file pixels
    sx, sy = base_scale
    words: list[Word] = []
    for w in result.words:
        b = prep.map_box(w.box)
        if sx != 1.0 or sy != 1.0:
            b = Box(b.left / sx, b.top / sy, b.width / sx, b.height / sy)
        words.append(Word(text=w.text, box=b, confidence=w.confidence, line=w.line, block=w.block))
    log.debug("ocr %s page %d: conf=%.2f rot=%d skew=%.1f steps=%s in %.1fs", path.name, index + 1,
              result.confidence, prep.rotation, prep.skew, prep.steps, time.monotonic() - t0)
    return Page(
        number=index + 1, text=result.text, method="ocr", confidence=confidence,
        rotation=prep.rotation, skew=round(prep.skew, 2), width=float(orig_w), height=float(orig_h),
        dpi=float(dpi), words=words, steps=list(prep.steps),
    )
