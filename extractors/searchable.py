"""The searchable copy of a document: its pages with an invisible text layer over the OCRed words.

- `build_searchable_pdf` writes the original page images untouched with an invisible text layer
  (text render mode 3), one positioned and horizontally scaled word at a time.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from pathlib import Path

import numpy as np

from base.models import FileKind, Page
from extractors.pdf import open_pdf, pdfium_guarded

log = logging.getLogger(__name__)


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


def display_to_user(rotate: int, x0: float, y0: float, w: float, h: float) -> np.ndarray:
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
    t = display_to_user(rotate, x0, y0, w, h) @ flip_d @ scale @ np.linalg.inv(rot) @ flip_u

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
