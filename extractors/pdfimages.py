"""A scanned PDF page's own image: its pixels at their native resolution, and where they sit.

A page that is one image (a scan, with or without a junk or invisible text layer) is read from that
image's pixels, decoded once by PDFium (JPEG, JBIG2, CCITT G4, Flate, ...), never resampled. The
image's placement (its matrix and the page's /Rotate and crop box) is kept as a 3x3 matrix from
image pixels to the page as displayed, in pixels at the image's resolution, so word boxes read on
the image land on the page. Pages that are not one image are rendered, at a resolution chosen from
their content (`render_dpi`).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from base.errors import TooLargeError
from extractors.pdf import open_page, pdfium_guarded, render_page_dpi

if TYPE_CHECKING:
    from base.settings import LimitSettings

log = logging.getLogger(__name__)

#: An image covering at least this share of the page is the page.
PAGE_COVER = 0.85
#: Rendered pages: resolution bounds when taken from the images on the page.
MIN_DPI, MAX_DPI = 150.0, 400.0


@dataclass
class PageImage:
    """One page's pixels (grayscale uint8, square pixels) and how they map onto the page.

    `to_page` maps pixel (x, y) of `gray` to the displayed page in pixels at `dpi` (origin
    top-left, /Rotate applied); `page_size` is the displayed page's (width, height) in those pixels.
    `native` is False for a rendered page (then `to_page` is the identity). `turns` is the number of
    clockwise quarter turns from the image as stored to the page as displayed.
    """

    gray: np.ndarray
    dpi: float
    to_page: np.ndarray
    page_size: tuple[float, float]
    native: bool
    bilevel: bool = False
    turns: int = 0
    source: str = ""


def _display_matrix(rotate: int, crop: tuple[float, float, float, float], scale: float) -> np.ndarray:
    """PDF user space (y up) -> displayed page pixels (y down) for a crop box and /Rotate."""
    x0, y0, x1, y1 = crop
    r = rotate % 360
    if r == 90:
        m = [[0, 1, -y0], [1, 0, -x0]]
    elif r == 180:
        m = [[-1, 0, x1], [0, 1, -y0]]
    elif r == 270:
        m = [[0, -1, y1], [-1, 0, x1]]
    else:
        m = [[1, 0, -x0], [0, -1, y1]]
    return np.diag([scale, scale, 1.0]) @ np.array([*m, [0, 0, 1]], dtype=float)


def _image_matrix(mat: Any, width: int, height: int) -> np.ndarray:
    """Image pixels (x right, y down from the top row) -> PDF user space, from the image's matrix."""
    a, b, c, d, e, f = mat.a, mat.b, mat.c, mat.d, mat.e, mat.f
    unit = np.array([[1.0 / width, 0, 0], [0, -1.0 / height, 1.0], [0, 0, 1]])
    return np.array([[a, c, e], [b, d, f], [0, 0, 1]], dtype=float) @ unit


def _turns(to_page: np.ndarray) -> int:
    """Clockwise quarter turns of the image's x axis on the displayed page (y down)."""
    ang = math.degrees(math.atan2(to_page[1, 0], to_page[0, 0]))
    return round(ang / 90.0) % 4


def _only_image(page: Any, pdfium: Any) -> Any | None:
    """The page's one image object when the page is that image (plus invisible text), else None."""
    raw = pdfium.raw
    image = None
    pw, ph = page.get_size()
    for obj in page.get_objects(max_depth=4):
        kind = obj.type
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            if image is not None:
                return None
            image = obj
        elif kind == raw.FPDF_PAGEOBJ_TEXT:
            if raw.FPDFTextObj_GetTextRenderMode(obj.raw) != raw.FPDF_TEXTRENDERMODE_INVISIBLE:
                return None  # visible text on the image (a stamp): render it with the page
        elif kind in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_SHADING, raw.FPDF_PAGEOBJ_FORM):
            left, bottom, right, top = obj.get_bounds()
            if (right - left) * (top - bottom) > 0.01 * pw * ph:
                return None  # vector art beyond a hairline or a small mark
    if image is None:
        return None
    left, bottom, right, top = image.get_bounds()
    if (right - left) * (top - bottom) < PAGE_COVER * pw * ph:
        return None
    return image


def _gray(arr: np.ndarray, fmt: int, pdfium: Any) -> np.ndarray:
    import cv2

    raw = pdfium.raw
    if arr.ndim == 2:
        return np.ascontiguousarray(arr, dtype=np.uint8)
    if arr.shape[2] == 1:
        return np.ascontiguousarray(arr[:, :, 0], dtype=np.uint8)
    code = cv2.COLOR_BGRA2GRAY if fmt in (raw.FPDFBitmap_BGRx, raw.FPDFBitmap_BGRA) else cv2.COLOR_BGR2GRAY
    return np.asarray(cv2.cvtColor(arr, code), dtype=np.uint8)


def _native(page: Any, image: Any, limits: LimitSettings, pdfium: Any) -> PageImage | None:
    """The page's image decoded at its own resolution, or None when it cannot be (then render)."""
    import cv2

    w, h = image.get_px_size()
    if w < 16 or h < 16 or w * h > limits.max_page_pixels:
        return None
    try:
        meta = image.get_metadata()
        bitmap = image.get_bitmap(render=False)
    except pdfium.PdfiumError:
        return None
    gray = _gray(bitmap.to_numpy(), bitmap.format, pdfium)
    if gray.shape != (h, w):
        return None
    to_user = _image_matrix(image.get_matrix(), w, h)
    # resolution along each image axis, in pixels per inch of the page
    xin = math.hypot(to_user[0, 0], to_user[1, 0]) * w / 72.0
    yin = math.hypot(to_user[0, 1], to_user[1, 1]) * h / 72.0
    xdpi, ydpi = w / max(xin, 1e-6), h / max(yin, 1e-6)
    scale_px = np.eye(3)
    if abs(xdpi - ydpi) / max(xdpi, ydpi) > 0.03:
        # non-square pixels (fax standard resolution): stretch the coarse axis
        target = max(xdpi, ydpi)
        sx, sy = target / xdpi, target / ydpi
        gray = np.asarray(cv2.resize(gray, (round(w * sx), round(h * sy)), interpolation=cv2.INTER_CUBIC),
                          dtype=np.uint8)
        scale_px = np.diag([sx, sy, 1.0])
        xdpi = ydpi = target
    dpi = float(xdpi)
    left, bottom, right, top = page.get_cropbox()
    rotate = page.get_rotation()
    to_page = _display_matrix(rotate, (left, bottom, right, top), dpi / 72.0) @ to_user @ np.linalg.inv(scale_px)
    cw, ch = (right - left) * dpi / 72.0, (top - bottom) * dpi / 72.0
    size = (ch, cw) if rotate % 180 == 90 else (cw, ch)
    bilevel = getattr(meta, "bits_per_pixel", 8) == 1
    return PageImage(gray=gray, dpi=dpi, to_page=to_page, page_size=size, native=True,
                     bilevel=bilevel, turns=_turns(to_page), source="/".join(image.get_filters()))


def render_dpi(page: Any, pdfium: Any, default: float) -> float:
    """The resolution to render a page at: its images' own (within 150-400 dpi), else `default`."""
    best = 0.0
    for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        w, h = obj.get_px_size()
        span = max(right - left, top - bottom) / 72.0
        if span > 1.0:
            best = max(best, max(w, h) / span)
    if best <= 0:
        return float(default)
    return float(min(MAX_DPI, max(MIN_DPI, best)))


@pdfium_guarded
def page_image(path: Path, index: int, default_dpi: float, limits: LimitSettings) -> PageImage:
    """Page `index` (0-based) of a PDF as pixels to read: its own image when the page is one image,
    else rendered (as displayed) at a resolution chosen from its content.

    Raises UnreadableError for a page that cannot be read, TooLargeError for one over the limits.
    """
    import pypdfium2 as pdfium

    with open_page(path, index) as page:
        image = _only_image(page, pdfium)
        native = _native(page, image, limits, pdfium) if image is not None else None
        if native is not None:
            return native
        dpi = render_dpi(page, pdfium, default_dpi)
    gray, used = render_page_dpi(path, index, round(dpi), limits)
    if gray.size == 0:
        raise TooLargeError(f"Page {index + 1} is too large to read.")
    return PageImage(gray=gray, dpi=used, to_page=np.eye(3),
                     page_size=(float(gray.shape[1]), float(gray.shape[0])), native=False,
                     source=f"render{used:.0f}")
