"""PDF pages: text layers, rendering, and opening PDFs.

- `text_layer_pages` reads every page's text layer with PDFium into the page model (words with
  boxes, lines, blocks, rules, cells, hidden words: `extractors.textlayer`) and returns None for
  pages whose text layer should not be trusted: missing, too short, junk (glyph garbage, (cid:N)
  codes, private-use characters, mostly non-words), or a full-page image carrying only a small text
  stamp. Those pages are OCRed.
- `render_page` renders a page to grayscale pixels as it is displayed (its /Rotate applied).

The searchable copy is built in `extractors/searchable.py`.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import numpy as np

from base.errors import EncryptedError, TooLargeError, UnreadableError
from base.models import Page

if TYPE_CHECKING:
    from base.settings import LimitSettings

log = logging.getLogger(__name__)

# A page whose images cover at least this share of it, and whose text layer has fewer non-space
# characters than STAMP_MAX_CHARS, is a scan with a stamp (page number, date, Bates number): OCR it.
IMAGE_COVER = 0.5
STAMP_MAX_CHARS = 200

_COMMON = frozenset([
    "the", "of", "and", "to", "a", "in", "is", "was", "for", "on", "that", "with", "as", "by", "at",
    "from", "be", "this", "are", "he", "she", "it", "his", "her", "they", "we", "you", "not", "or",
    "an", "have", "has", "had", "were", "which", "their", "been", "but", "all", "no", "yes", "date",
    "time", "name", "case", "report", "officer", "page", "number", "address", "street", "state",
    "city", "phone", "vehicle", "license", "plate", "court", "police", "department", "county",
])
_LETTERS = re.compile(r"[^\W\d_]+")
_VOWELS = set("aeiouyAEIOUYàáâäèéêëìíîïòóôöùúûüÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜ")


_P = ParamSpec("_P")
_R = TypeVar("_R")

#: PDFium is not thread-safe: every call into it in this process holds this lock.
PDFIUM_LOCK = threading.RLock()


def pdfium_guarded(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `fn` holding PDFIUM_LOCK (for functions that call into pypdfium2)."""

    @functools.wraps(fn)
    def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with PDFIUM_LOCK:
            return fn(*args, **kwargs)

    return guarded


def open_pdf(path: Path) -> Any:
    """Open a PDF with PDFium (which repairs many broken files); the one place whose PDFium open
    errors become EncryptedError / UnreadableError. Call with PDFIUM_LOCK held; close the result."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == pdfium.raw.FPDF_ERR_PASSWORD:
            raise EncryptedError(
                "The PDF is password-protected; ask the sender for an unprotected copy."
            ) from e
        if code == pdfium.raw.FPDF_ERR_SECURITY:
            raise EncryptedError(
                "The PDF uses an unsupported encryption; ask the sender for an unprotected copy."
            ) from e
        raise UnreadableError("The PDF is damaged or not really a PDF and cannot be opened.") from e


def junk_reason(text: str, min_chars: int) -> str | None:
    """Why a page's text layer is not usable text, or None when it looks like real text.

    Measured, simple heuristics: too few characters; more than 10% of characters are private-use,
    replacement or control characters or `(cid:N)` codes; fewer than half of the characters are
    letters or digits; or, with enough words to judge, fewer than 60% of the letters are in
    word-like tokens (containing a vowel, sane capitalisation), or almost no common words appear
    among many letter-only tokens of a prose-like page.
    """
    stripped = "".join(text.split())
    n = len(stripped)
    if n < min_chars:
        return "too_short"
    cid = len(re.findall(r"\(cid:\d+\)", stripped))
    bad = cid * 7
    for ch in stripped:
        o = ord(ch)
        if 0xE000 <= o <= 0xF8FF or o == 0xFFFD or o < 0x20 or unicodedata.category(ch) == "Co":
            bad += 1
    if bad / n > 0.10:
        return "bad_chars"
    alnum = sum(ch.isalnum() for ch in stripped)
    if alnum / n < 0.5:
        return "symbols"
    tokens = _LETTERS.findall(text)
    letters = sum(len(t) for t in tokens)
    if len(tokens) >= 10 and letters >= 40:
        good = 0
        for t in tokens:
            if len(t) == 1:
                good += 1 if t in "aAI" else 0
                continue
            has_vowel = any(c in _VOWELS for c in t)
            inner_caps = sum(c.isupper() for c in t[1:])
            sane_case = t.isupper() or inner_caps <= 1
            if has_vowel and sane_case:
                good += len(t)
        if good / letters < 0.6:
            return "non_words"
        long_tokens = [t.lower() for t in tokens if len(t) >= 1]
        if len(long_tokens) >= 60:
            common = sum(t in _COMMON for t in long_tokens) / len(long_tokens)
            if common < 0.01 and good / letters < 0.85:
                return "non_words"
    return None


def _image_cover(page, pdfium) -> float:
    """Share of the page area covered by its largest image."""
    pw, ph = page.get_size()
    area = max(pw * ph, 1.0)
    best = 0.0
    for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        best = max(best, max(0.0, right - left) * max(0.0, top - bottom) / area)
    return min(best, 1.0)


@pdfium_guarded
def text_layer_pages(path: Path, min_chars: int) -> list[Page | None]:
    """The page model (`extractors.textlayer`) of every page read from its text layer, or None where
    the page must be OCRed instead.

    None when the layer is missing, shorter than `min_chars` non-space characters, junk (see
    `junk_reason`), or when the page is a full-page image with only a small text stamp.
    """
    import pypdfium2 as pdfium

    from extractors.textlayer import read_page

    doc = open_pdf(path)
    out: list[Page | None] = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                model = read_page(page, i + 1, pdfium.raw)
                reason = junk_reason(model.text, min_chars)
                if reason is None:
                    nchars = len("".join(model.text.split()))
                    if nchars < STAMP_MAX_CHARS and _image_cover(page, pdfium) >= IMAGE_COVER:
                        reason = "image_with_stamp"
                if reason:
                    log.debug("page %d of %s: text layer not used (%s)", i + 1, path.name, reason)
                    out.append(None)
                else:
                    out.append(model)
            finally:
                page.close()
    finally:
        doc.close()
    return out


def text_layers(path: Path, min_chars: int) -> list[str | None]:
    """Text of every page from its text layer (rows in reading order, "\n" between them), or None
    where the page must be OCRed instead. See `text_layer_pages`."""
    return [None if p is None else p.text for p in text_layer_pages(path, min_chars)]


def text_layer(path: Path, index: int, min_chars: int = 20) -> str | None:
    """Text layer of one page (0-based index), or None when it must be OCRed. See `text_layers`."""
    return text_layers(path, min_chars)[index]


@pdfium_guarded
def page_size_points(path: Path, index: int) -> tuple[float, float]:
    """(width, height) of a page in points as displayed (its /Rotate applied)."""
    doc = open_pdf(path)
    try:
        page = doc[index]
        try:
            w, h = page.get_size()
            return float(w), float(h)
        finally:
            page.close()
    finally:
        doc.close()


def render_page(path: Path, index: int, dpi: int, limits: LimitSettings) -> np.ndarray:
    """Render page `index` (0-based) as grayscale uint8 pixels, as displayed (/Rotate applied).

    The dpi is lowered for an oversized page so the bitmap stays within `limits.max_page_pixels`;
    `rendered_dpi` tells the dpi actually used.
    """
    img, _ = render_page_dpi(path, index, dpi, limits)
    return img


@contextmanager
def open_page(path: Path, index: int) -> Iterator[Any]:
    """Page `index` (0-based) of a PDF, open for the `with` block; UnreadableError when it cannot
    be read."""
    import pypdfium2 as pdfium

    doc = open_pdf(path)
    try:
        try:
            page = doc[index]
        except (pdfium.PdfiumError, IndexError) as e:
            raise UnreadableError(f"Page {index + 1} of the PDF cannot be read.") from e
        try:
            yield page
        finally:
            page.close()
    finally:
        doc.close()


@pdfium_guarded
def render_page_dpi(path: Path, index: int, dpi: int, limits: LimitSettings) -> tuple[np.ndarray, float]:
    """`render_page` that also returns the dpi actually used."""
    with open_page(path, index) as page:
        w, h = page.get_size()
        use = float(dpi)
        px = w * h * (use / 72.0) ** 2
        if px > limits.max_page_pixels:
            use = 72.0 * (limits.max_page_pixels / max(w * h, 1.0)) ** 0.5
            if use < 72:
                raise TooLargeError(f"Page {index + 1} is too large to read.")
            log.warning("page %d rendered at %.0f dpi to stay within the pixel limit",
                        index + 1, use)
        bitmap = page.render(scale=use / 72.0, grayscale=True, may_draw_forms=True)
        arr = bitmap.to_numpy()
        if arr.ndim == 3:
            arr = arr[:, :, 0]
        return np.ascontiguousarray(arr, dtype=np.uint8), use
