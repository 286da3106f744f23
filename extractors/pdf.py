"""PDF pages: text layers, rendering, and the searchable copy.

- `text_layers` reads every page's text with PDFium (hundreds of pages a second) and returns None
  for pages whose text layer should not be trusted: missing, too short, junk (glyph garbage, (cid:N)
  codes, private-use characters, mostly non-words), or a full-page image carrying only a small text
  stamp. Those pages are OCRed.
- `render_page` renders a page to grayscale pixels as it is displayed (its /Rotate applied).
- `build_searchable_pdf` writes the original page images untouched with an invisible text layer
  (text render mode 3), one positioned and horizontally scaled word at a time.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import numpy as np

from base.errors import EncryptedError, TooLargeError, UnreadableError
from base.models import FileKind, Page

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
def text_layers(path: Path, min_chars: int) -> list[str | None]:
    """Text of every page from its text layer, or None where the page must be OCRed instead.

    Line breaks are kept ("\\n"). None when the layer is missing, shorter than `min_chars`
    non-space characters, junk (see `junk_reason`), or when the page is a full-page image with only
    a small text stamp.
    """
    import pypdfium2 as pdfium

    doc = open_pdf(path)
    out: list[str | None] = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                tp = page.get_textpage()
                try:
                    text = tp.get_text_range()
                finally:
                    tp.close()
                text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "")
                text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
                reason = junk_reason(text, min_chars)
                if reason is None:
                    nchars = len("".join(text.split()))
                    if nchars < STAMP_MAX_CHARS and _image_cover(page, pdfium) >= IMAGE_COVER:
                        reason = "image_with_stamp"
                if reason:
                    log.debug("page %d of %s: text layer not used (%s)", i + 1, path.name, reason)
                    out.append(None)
                else:
                    out.append(text)
            finally:
                page.close()
    finally:
        doc.close()
    return out


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


@pdfium_guarded
def render_page_dpi(path: Path, index: int, dpi: int, limits: LimitSettings) -> tuple[np.ndarray, float]:
    """`render_page` that also returns the dpi actually used."""
    import pypdfium2 as pdfium

    doc = open_pdf(path)
    try:
        try:
            page = doc[index]
        except (pdfium.PdfiumError, IndexError) as e:
            raise UnreadableError(f"Page {index + 1} of the PDF cannot be read.") from e
        try:
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
        finally:
            page.close()
    finally:
        doc.close()


# ---------------------------------------------------------------------------------------------
# searchable PDF


def _images_to_pdf(source: Path, kind: FileKind) -> bytes:
    """The image file's pages as a PDF, images embedded losslessly (img2pdf) at their own dpi.

    Images without a usable dpi (e.g. phone photos tagged 72 dpi) are fitted onto a Letter page.
    """
    import img2pdf
    from PIL import Image

    with Image.open(source) as im:
        dpi = im.info.get("dpi") or (0, 0)
    try:
        low = min(float(dpi[0]), float(dpi[1])) < 100
    except (TypeError, ValueError, IndexError):
        low = True
    kwargs = {}
    if low:
        letter = (img2pdf.in_to_pt(8.5), img2pdf.in_to_pt(11))
        kwargs["layout_fun"] = img2pdf.get_layout_fun(letter, fit=img2pdf.FitMode.into, auto_orient=True)
    try:
        return img2pdf.convert(str(source), **kwargs)
    except Exception as e:  # noqa: BLE001 - img2pdf refuses e.g. alpha channels and mirrored EXIF orientations
        log.info("img2pdf could not embed %s as is (%s); re-encoding losslessly", source.name, e)
    from PIL import ImageOps

    frames = []
    with Image.open(source) as im:
        n = getattr(im, "n_frames", 1) or 1
        for i in range(n):
            im.seek(i)
            fr = ImageOps.exif_transpose(im) if kind == "jpeg" else im.copy()
            if fr.mode not in ("1", "L", "RGB"):
                if "A" in fr.getbands() or fr.mode == "P":
                    fr = fr.convert("RGBA")
                    bg = Image.new("RGBA", fr.size, (255, 255, 255, 255))
                    fr = Image.alpha_composite(bg, fr).convert("RGB")
                else:
                    fr = fr.convert("RGB")
            buf = io.BytesIO()
            fr.save(buf, format="PNG", dpi=im.info.get("dpi") or (72, 72))
            frames.append(buf.getvalue())
    return img2pdf.convert(frames, **kwargs)


def _rotation_matrix(k: int, w: float, h: float) -> np.ndarray:
    """3x3 matrix taking original-image coordinates to those of the image turned k*90 deg clockwise."""
    k %= 4
    if k == 0:
        return np.eye(3)
    if k == 1:
        return np.array([[0, -1, h], [1, 0, 0], [0, 0, 1]], dtype=float)
    if k == 2:
        return np.array([[-1, 0, w], [0, -1, h], [0, 0, 1]], dtype=float)
    return np.array([[0, 1, 0], [-1, 0, w], [0, 0, 1]], dtype=float)


def _display_to_user(rotate: int, x0: float, y0: float, w: float, h: float) -> np.ndarray:
    """Matrix from displayed-page points (origin bottom-left, y up) to PDF user space, for a page
    with cropbox (x0, y0, w, h) and /Rotate `rotate`."""
    rotate %= 360
    if rotate == 90:
        return np.array([[0, -1, x0 + w], [1, 0, y0], [0, 0, 1]], dtype=float)
    if rotate == 180:
        return np.array([[-1, 0, x0 + w], [0, -1, y0 + h], [0, 0, 1]], dtype=float)
    if rotate == 270:
        return np.array([[0, 1, x0], [-1, 0, y0 + h], [0, 0, 1]], dtype=float)
    return np.array([[1, 0, x0], [0, 1, y0], [0, 0, 1]], dtype=float)


def _clean_word(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text.encode("cp1252", errors="replace").decode("cp1252")


def text_overlay(page: Page, cropbox: tuple[float, float, float, float], rotate: int) -> bytes:
    """A one-page PDF holding `page`'s words as invisible text, placed in the user space of a page
    with the given cropbox (x0, y0, x1, y1) and /Rotate, over the page's image as displayed.

    Words are written upright in the reading direction of the upright page (`page.rotation`), so
    text selection and extraction follow the text as read, whatever way up the scan lay.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    x0, y0, x1, y1 = cropbox
    w, h = x1 - x0, y1 - y0
    disp_w, disp_h = (h, w) if rotate % 180 == 90 else (w, h)
    ow, oh = float(page.width), float(page.height)
    k = (page.rotation // 90) % 4
    rot = _rotation_matrix(k, ow, oh)  # original -> upright pixels
    _uw, uh = (oh, ow) if k % 2 else (ow, oh)
    flip_u = np.array([[1, 0, 0], [0, -1, uh], [0, 0, 1]], dtype=float)  # upright y-up -> y-down
    scale = np.diag([disp_w / ow, disp_h / oh, 1.0])
    flip_d = np.array([[1, 0, 0], [0, -1, disp_h], [0, 0, 1]], dtype=float)
    t = _display_to_user(rotate, x0, y0, w, h) @ flip_d @ scale @ np.linalg.inv(rot) @ flip_u

    # group words by line so a line shares one baseline and size
    lines: dict[int, list[tuple[float, float, float, float, str]]] = {}
    for word in page.words:
        text = _clean_word(word.text).strip()
        if not text:
            continue
        b = word.box
        pts = rot @ np.array([[b.left, b.left + b.width], [b.top, b.top + b.height], [1, 1]])
        left, right = float(pts[0].min()), float(pts[0].max())
        top, bottom = float(pts[1].min()), float(pts[1].max())
        lines.setdefault(word.line, []).append((left, top, right, bottom, text))

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(max(w, 1.0), max(h, 1.0)), pageCompression=1)
    c.saveState()
    c.transform(t[0, 0], t[1, 0], t[0, 1], t[1, 1], t[0, 2], t[1, 2])
    font = "Helvetica"
    for items in lines.values():
        top = min(i[1] for i in items)
        bottom = max(i[3] for i in items)
        lh = max(bottom - top, 1.0)
        size = lh
        baseline = uh - bottom + 0.2 * lh
        for left, _t, right, _b, text in sorted(items):
            natural = stringWidth(text, font, size)
            if natural <= 0:
                continue
            obj = c.beginText()
            obj.setTextRenderMode(3)
            obj.setFont(font, size)
            obj.setHorizScale(100.0 * max(right - left, 1.0) / natural)
            obj.setTextOrigin(left, baseline)
            obj.textOut(text)
            c.drawText(obj)
    c.restoreState()
    c.showPage()
    c.save()
    return buf.getvalue()


def _reader(data: bytes | Path):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data) if isinstance(data, bytes) else str(data))


@pdfium_guarded
def _repaired_bytes(source: Path) -> bytes:
    """The PDF as rewritten by PDFium (which repairs broken cross-reference tables)."""
    doc = open_pdf(source)
    try:
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    finally:
        doc.close()


def build_searchable_pdf(source: Path, kind: FileKind, pages: list[Page], out: Path) -> None:
    """Write `out`: the source's pages as they are, with an invisible text layer on OCRed pages.

    PDF sources keep their original page content (pages read from their text layer are left as
    they are); image sources are embedded losslessly at their own dpi (img2pdf). Each OCRed word is
    placed over its position on the original image; pages that were turned to be read
    (`Page.rotation`) get /Rotate so they open upright.
    """
    from pypdf import PdfWriter
    from pypdf.errors import PdfReadError

    source = Path(source)
    if kind == "pdf":
        try:
            reader = _reader(source)
            _ = len(reader.pages)
        except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
            log.info("pypdf could not read %s (%s); using PDFium's repaired copy", source.name, e)
            reader = _reader(_repaired_bytes(source))
    else:
        reader = _reader(_images_to_pdf(source, kind))
    writer = PdfWriter(clone_from=reader)
    for page in pages:
        if page.method != "ocr":
            continue
        idx = page.number - 1
        if idx < 0 or idx >= len(writer.pages):
            log.warning("page %d not in %s; skipped in searchable copy", page.number, source.name)
            continue
        wpage = writer.pages[idx]
        rotate = int(wpage.get("/Rotate", 0) or 0) % 360
        box = wpage.cropbox
        cropbox = (float(box.left), float(box.bottom), float(box.right), float(box.top))
        if page.words and page.width > 0 and page.height > 0:
            overlay = _reader(text_overlay(page, cropbox, rotate)).pages[0]
            wpage.merge_page(overlay)
        if page.rotation % 360:
            wpage.rotation = (rotate + page.rotation) % 360
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "wb") as fh:
        writer.write(fh)
    tmp.replace(out)
