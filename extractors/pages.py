"""Per-page reading: which pages have a usable text layer, and OCR of the others.

`ocr_page` is a plain top-level function (picklable) that the ingest pipeline submits to a
ProcessPoolExecutor (or a Prefect mapped task): one page, one tesseract process.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from base.errors import OcrTimeoutError
from base.models import Box, Page, Word
from extractors import images, layout, ocr, pdf, pdfimages
from extractors.triage import FileInfo

if TYPE_CHECKING:
    from base.settings import LimitSettings, OcrSettings

log = logging.getLogger(__name__)

# Below this OCR confidence the page is also read turned 180 degrees and the better reading kept
# (catches an upside-down page the cheap ink-distribution test got wrong).
RECHECK_CONFIDENCE = 0.60
# Orientation scores below this are too close to call from the ink alone; tesseract OSD decides.
ORIENTATION_SURE = 0.08
# Above this measured pixel noise (gray levels, before denoising) no ruling lines are looked for.
RULES_MAX_NOISE = 14.0
# Tesseract's page segmentation for a second reading of a weak page: one column of text of
# variable sizes (a form's label and value on one line), where the first reading used its
# automatic layout analysis.
SINGLE_COLUMN_PSM = 4


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


@dataclass
class Source:
    """The pixels a page is read from and where they sit on the page.

    `to_page` maps a pixel of `gray` to the page as displayed, in pixels at `dpi` (for PDFs: the
    page at its image's own resolution; for image files: the file's own pixels); `page_size` is
    that page's (width, height); `turns` the clockwise quarter turns from `gray` to the page.
    """

    gray: np.ndarray
    dpi: float
    to_page: np.ndarray
    page_size: tuple[float, float]
    bilevel: bool
    turns: int
    steps: list[str]


def load_source(path: Path, kind: str, index: int, settings: OcrSettings, limits: LimitSettings) -> Source:
    """The page's own pixels: a PDF page's image at its native resolution when the page is one
    image (else rendered at a resolution chosen from its content), an image file's frame."""
    if kind == "pdf":
        pi = pdfimages.page_image(path, index, settings.render_dpi, limits)
        step = f"native_image{pi.dpi:.0f}dpi" if pi.native else f"render{pi.dpi:.0f}dpi"
        return Source(pi.gray, pi.dpi, pi.to_page, pi.page_size, pi.bilevel, pi.turns, [step])
    loaded = images.read_image(path, kind, index, limits)
    sx, sy = loaded.scale
    ow, oh = loaded.original_size
    return Source(loaded.gray, loaded.dpi, np.diag([1.0 / sx, 1.0 / sy, 1.0]), (float(ow), float(oh)),
                  loaded.bilevel, 0, [])


def _to_page(box: Box, m: np.ndarray, size: tuple[float, float]) -> Box:
    """A box mapped by a 3x3 affine matrix (the bounding box of its corners), clipped to the page."""
    x0, y0, x1, y1 = box.left, box.top, box.left + box.width, box.top + box.height
    pts = m @ np.array([[x0, x1, x1, x0], [y0, y0, y1, y1], [1, 1, 1, 1]], dtype=float)
    left, right = max(0.0, float(pts[0].min())), min(size[0], float(pts[0].max()))
    top, bottom = max(0.0, float(pts[1].min())), min(size[1], float(pts[1].max()))
    return Box(left, top, max(0.0, right - left), max(0.0, bottom - top))


def _read_dpi(prep: images.Preprocessed, dpi: float) -> float:
    """The resolution of the preprocessed image (the source's, times any rescaling; 300 unknown)."""
    scale = float(np.sqrt(abs(np.linalg.det(prep.matrix[:2, :2]))))
    return max(70.0, min(1200.0, (dpi or images.DEFAULT_DPI) * scale))


def ocr_page(path: Path, kind: str, index: int, ocr: OcrSettings, limits: LimitSettings) -> Page:
    """Read one page by OCR: load its own pixels, preprocess, find rules, tesseract, reading order.

    Returns Page(method="ocr") with width/height in pixels of the page as displayed (for PDFs at the
    resolution of the page's image, `dpi`; for image files, the file's own pixels), words with
    boxes in those pixels in reading order, ruling lines and cells, the rotation and skew that
    were applied, mean word confidence 0-1 and the steps taken.
    Raises UnreadableError/TooLargeError for a page that cannot be loaded, OcrFailedError or
    OcrTimeoutError when tesseract fails.
    """
    return _ocr_page(Path(path), kind, index, ocr, limits)


@dataclass
class Reading:
    """One reading of a page: the prepared image, its rules and cells, and tesseract's words."""

    prep: images.Preprocessed
    rules: layout.Rules
    result: ocr.OcrResult


def read_prepared(prep: images.Preprocessed, dpi: float, settings: OcrSettings, timeout_s: float,
                  psm: int | None = None) -> Reading:
    """Find and erase the ruling lines of a prepared page, and read it."""
    # ruling lines are looked for only where the page is not heavily noisy: there, noise bridges
    # a text line's glyphs into long runs that would be taken for rules and erased with the text
    # (synth heavy_noise CER 0.044 -> 0.108 when they were)
    rules = layout.find_rules(prep.image, prep.text_height) if prep.noise < RULES_MAX_NOISE else layout.Rules()
    image = prep.image
    if rules.lines:
        image = layout.erase_rules(prep.image, rules)
        prep.steps.append(f"rules{len(rules.lines)}_cells{len(rules.cells)}")
    result = ocr.ocr_image(image, settings.language, timeout_s, psm=psm, dpi=round(_read_dpi(prep, dpi)))
    return Reading(prep, rules, result)


# Characters a records page holds; any other glyph in a reading is a sign of noise read as text.
_EXPECTED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;/#$%&()'\"-_@*+=?!")


def reading_quality(result: ocr.OcrResult) -> float:
    """0-1: mean word confidence (by length) times the share of expected characters."""
    chars = "".join(w.text for w in result.words)
    if not chars:
        return 0.0
    expected = sum(c in _EXPECTED for c in chars) / len(chars)
    return result.confidence * expected


# A reading below this quality is weak: the page is read a second way and the better reading kept.
WEAK_READING = 0.85
# Steps that change the pixels' values (not the geometry); a weak reading of a page they touched is
# compared with a reading of the page without them.
_PIXEL_STEPS = ("denoise", "normalise_background", "smooth_bilevel")


def _unread(prep: images.Preprocessed) -> images.Preprocessed:
    """The prepared page as it was before it was read (without the rules step of that reading)."""
    return dataclasses.replace(prep, steps=[s for s in prep.steps if not s.startswith("rules")])


def second_reading(src: Source, first: Reading, settings: OcrSettings, timeout_s: float) -> Reading:
    """Another reading of a weakly read page: without the pixel steps when some were taken (the
    same geometry: flattening, rotation, scale, deskew), else with the other page segmentation
    (tesseract's single-column mode)."""
    if any(s.startswith(_PIXEL_STEPS) for s in first.prep.steps):
        prep = images.preprocess(src.gray, src.dpi, bilevel=False, denoise_above=float("inf"),
                                 normalise=False)
        turn = ((first.prep.rotation - prep.rotation) // 90) % 4
        if turn:
            prep = prep.rotated(turn)
        prep.steps[:0] = src.steps
        prep.steps.append("second_read_plain_pixels")
        return read_prepared(prep, src.dpi, settings, timeout_s)
    prep = _unread(first.prep)
    prep.steps.append("second_read_single_column")
    return read_prepared(prep, src.dpi, settings, timeout_s, psm=SINGLE_COLUMN_PSM)


def _ocr_page(path: Path, kind: str, index: int, settings: OcrSettings, limits: LimitSettings) -> Page:
    t0 = time.monotonic()
    deadline = t0 + limits.page_timeout_s
    src = load_source(path, kind, index, settings, limits)
    try:
        reading = best_reading(src, settings, deadline)
        ordered, text = layout.reading_order(reading.result.words, reading.rules.cells)
    except OcrTimeoutError:
        raise
    except Exception as e:  # noqa: BLE001 - an optional step's failure must never lose the page
        # preprocessing, rules and reading order only improve a reading: when one of them fails
        # (a bug, an image they cannot handle), the page is read as it is, as plain tesseract would
        log.warning("%s page %d: page steps failed (%s: %s); read as it is", path.name, index + 1,
                    type(e).__name__, str(e)[:200])
        reading = plain_reading(src, settings, deadline)
        ordered, text = reading.result.words, reading.result.text
    prep, rules, result = reading.prep, reading.rules, reading.result
    confidence = result.confidence
    if not result.words and prep.text_height == 0:
        confidence = 1.0  # a blank page read as blank is not a doubtful reading
        prep.steps.append("blank")
    size = src.page_size
    words = [Word(text=w.text, box=_to_page(prep.map_box(w.box), src.to_page, size),
                  confidence=w.confidence, line=w.line, block=w.block, cell=w.cell) for w in ordered]
    log.debug("ocr %s page %d: conf=%.2f rot=%d skew=%.1f steps=%s in %.1fs", path.name, index + 1,
              result.confidence, prep.rotation, prep.skew, prep.steps, time.monotonic() - t0)
    return Page(
        number=index + 1, text=text, method="ocr", confidence=confidence,
        rotation=(prep.rotation - 90 * src.turns) % 360, skew=round(prep.skew, 2),
        width=float(size[0]), height=float(size[1]), dpi=float(src.dpi), words=words,
        steps=list(prep.steps),
        rules=[_to_page(prep.map_box(b), src.to_page, size) for b in rules.lines],
        cells=[_to_page(prep.map_box(b), src.to_page, size) for b in rules.cells],
    )


def _left(deadline: float) -> float:
    """Seconds left before the page's deadline (at least one)."""
    return max(1.0, deadline - time.monotonic())


def plain_reading(src: Source, settings: OcrSettings, deadline: float) -> Reading:
    """The page's own pixels read by tesseract as they are (no steps, tesseract's order): the
    fallback when a page step fails."""
    h, w = src.gray.shape[:2]
    prep = images.Preprocessed(image=src.gray, steps=[*src.steps, "fallback_plain"],
                               original_size=(w, h))
    result = ocr.ocr_image(src.gray, settings.language, _left(deadline),
                           dpi=round(_read_dpi(prep, src.dpi)))
    return Reading(prep, layout.Rules(), result)


def best_reading(src: Source, settings: OcrSettings, deadline: float) -> Reading:
    """Preprocess the page, read it, and read it again another way when the reading is weak
    (turned 180 degrees when unsure, without pixel steps or in single-column mode); the better
    reading is kept and its steps say what was done."""
    prep = images.preprocess(src.gray, src.dpi, bilevel=src.bilevel)
    prep.steps[:0] = src.steps
    if prep.orientation_score < ORIENTATION_SURE and prep.text_height > 0:
        osd = ocr.detect_orientation(prep.image, timeout_s=max(5.0, deadline - time.monotonic()))
        if osd is not None and osd.confidence >= 1.0 and osd.rotation:
            prep = prep.rotated(osd.rotation // 90)
            prep.steps.append("osd")
    reading = read_prepared(prep, src.dpi, settings, _left(deadline))
    if reading.result.confidence < RECHECK_CONFIDENCE and reading.result.words:
        flipped = read_prepared(_unread(prep).rotated(2), src.dpi, settings, _left(deadline))
        if flipped.result.confidence > reading.result.confidence + 0.1:
            reading = flipped
            reading.prep.steps.append("recheck180")
    quality = reading_quality(reading.result)
    if reading.result.words and quality < WEAK_READING:
        other = second_reading(src, reading, settings, _left(deadline))
        better = reading_quality(other.result) > quality + 0.01
        steps = (other if better else reading).prep.steps
        steps.append(f"weak_reading{quality:.2f}_" + ("second_kept" if better else "first_kept"))
        if better:
            reading = other
    return reading
