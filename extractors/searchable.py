"""The searchable copy of a document: PDF/A-2b, compact, with invisible text over the OCRed words.

- `build_searchable_pdf` opens the original (a PDF as it is; an image file's pages embedded by
  img2pdf at their own dpi), re-encodes the scanned pages' images compactly (`extractors.compact`),
  writes each OCRed word as invisible text (render mode 3) in an embedded glyphless font, one
  positioned and horizontally scaled word at a time, and saves the result as PDF/A-2b
  (`extractors.pdfa`). Pages read from their text layer keep their content.
- The original is stored byte for byte beside it, so the copy may be re-encoded.
"""

from __future__ import annotations

import base64
import io
import logging
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from base.errors import EncryptedError, UnreadableError
from base.models import FileKind, Page
from base.settings import ArchiveSettings
from extractors.compact import (
    CompactStats,
    compact_page_images,
    image_file_dpi,
    normalise_mode,
    reencode,
)
from extractors.fonts import embed_missing_fonts
from extractors.pdf import open_pdf, pdfium_guarded
from extractors.pdfa import declare_pdfa, save_pdf, undeclare_pdfa

log = logging.getLogger(__name__)

#: Tesseract's glyphless font (tessdata/pdf.ttf, Apache-2.0): one blank glyph, half an em wide.
GLYPHLESS_TTF = base64.b64decode(
    "AAEAAAAKAIAAAwAgT1MvMlbeyJQAAAEoAAAAYGNtYXAACgA0AAABkAAAAB5nbHlmFSJBJAAAAbgAAAAYaGVhZAt48WUAAACs"
    "AAAANmhoZWEMAgQCAAAA5AAAACRobXR4BAAAAAAAAYgAAAAIbG9jYQAMAAAAAAGwAAAABm1heHAABAAFAAABCAAAACBuYW1l"
    "8usW2gAAAdAAAABLcG9zdAABAAEAAAIcAAAAIAABAAAAAQAAsJRxEF8PPPUEBwgAAAAAAM+a/G4AAAAA1MOn8gAAAAAEAAgA"
    "AAAAEAACAAAAAAAAAAEAAAgA//8AAAQAAAAAAAQAAAEAAAAAAAAAAAAAAAAAAAACAAEAAAACAAQAAQAAAAAAAQAAAAAAAAAA"
    "AAAAAAAAAAAAAwAAAZAABQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAUAAQABAAAAAAAAAAAAAAAAAAAAAAAAAAAAR09PRwBA"
    "AAAAAAAB//8AAAABAAGAAAAAAAAAAAAAAAAAAAABAAAAAAAABAAAAAAAAAIAAQAAAAAAFAADAAAAAAAUAAYACgAAAAAAAAAA"
    "AAAAAAAMAAAAAQAAAAAEAAgAAAMAADEhESEEAPwACAAAAAADACoAAAADAAAABQAWAAAAAQAAAAAABQALABYAAwABBAkABQAW"
    "AAAAVgBlAHIAcwBpAG8AbgAgADEALgAwVmVyc2lvbiAxLjAAAAEAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAA="
)
#: The glyph's advance in the font's 1000-unit text space (1024 of 2048 units per em).
GLYPH_WIDTH = 500


def _flat(fr: Any) -> Any:
    """A frame without alpha or palette: composited onto white paper, as mode L, RGB or 1."""
    from PIL import Image

    if fr.mode in ("1", "L", "RGB"):
        return fr
    if "A" in fr.getbands() or fr.mode == "P":
        fr = fr.convert("RGBA")
        bg = Image.new("RGBA", fr.size, (255, 255, 255, 255))
        return Image.alpha_composite(bg, fr).convert("RGB")
    return fr.convert("RGB")


def _frames(source: Path, kind: FileKind, settings: ArchiveSettings | None,
            stats: CompactStats | None) -> list[bytes]:
    """Each frame of an image file as bytes img2pdf embeds without re-encoding: re-encoded
    compactly (JPEG or G4 TIFF, `extractors.compact.reencode`) when `settings` are given and that
    saves bytes, else losslessly (PNG, or G4 TIFF for a bilevel frame). JPEG frames are turned
    upright by their EXIF orientation; the dpi is kept (scaled with the image)."""
    from PIL import Image, ImageOps

    size = source.stat().st_size
    frames = []
    with Image.open(source) as im:
        n = getattr(im, "n_frames", 1) or 1
        for i in range(n):
            im.seek(i)
            dpi = im.info.get("dpi") or (72, 72)
            fr = normalise_mode(_flat(ImageOps.exif_transpose(im) if kind == "jpeg" else im.copy()))
            enc = None
            if settings is not None and stats is not None:
                before = size // n
                enc = reencode(fr, before, image_file_dpi(fr.size, dpi), settings)
                stats.add(before, len(enc.data) if enc else before, enc.name if enc else None)
            out, save = io.BytesIO(), fr
            if enc is not None and enc.filter == "/DCTDecode":
                # a dpi-less photo keeps Pillow's aspect-only JFIF density: a reader that takes
                # the image out must not be told it is 72 dpi (tesseract then reads it worse)
                usable = image_file_dpi((1, 1), dpi) >= 100
                frames.append(_with_dpi(enc.data, dpi, fr.width, enc.width) if usable else enc.data)
                continue
            if save.mode == "1":
                save.save(out, "TIFF", compression="group4", strip_size=2**31 - 1, dpi=dpi)
            else:
                save.save(out, "PNG", dpi=dpi, compress_level=1)
            frames.append(out.getvalue())
    return frames


def _with_dpi(jpeg: bytes, dpi: Any, old_width: int, new_width: int) -> bytes:
    """A JPEG's JFIF density set to `dpi` scaled by new/old width (a scaled-down image keeps its
    physical size)."""
    k = new_width / max(old_width, 1)
    x, y = (max(1, min(65535, round(float(v) * k))) for v in dpi[:2])
    if jpeg[2:4] == b"\xff\xe0" and jpeg[6:11] == b"JFIF\x00":
        return jpeg[:13] + b"\x01" + x.to_bytes(2, "big") + y.to_bytes(2, "big") + jpeg[18:]
    return jpeg


def _images_to_pdf(source: Path, kind: FileKind, settings: ArchiveSettings | None = None,
                   stats: CompactStats | None = None) -> bytes:
    """The image file's pages as a PDF at their own dpi (img2pdf): re-encoded compactly with
    `settings` where that saves bytes (`_frames`), else the file embedded as it is.

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
    if settings is not None and stats is not None:
        mark = stats.reencoded
        frames = _frames(source, kind, settings, stats)
        if stats.reencoded > mark:
            return img2pdf.convert(frames, **kwargs)
    try:
        return img2pdf.convert(str(source), **kwargs)
    except Exception as e:  # noqa: BLE001 - img2pdf refuses e.g. alpha channels and mirrored EXIF orientations
        log.info("img2pdf could not embed %s as is (%s); re-encoding losslessly", source.name, e)
    return img2pdf.convert(_frames(source, kind, None, None), **kwargs)


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


def _word_text(text: str) -> str:
    """A word as written in the text layer: NFKC, no control characters, BMP only."""
    text = unicodedata.normalize("NFKC", text).strip()
    return "".join(ch if ord(ch) <= 0xFFFF and not (0xD800 <= ord(ch) <= 0xDFFF) else "\ufffd"
                   for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"))


def _codes(pages: list[Page]) -> set[int]:
    """The UTF-16 code units the OCRed pages' words are written with."""
    return {ord(ch) for p in pages if p.method == "ocr" for w in p.words for ch in _word_text(w.text)}


def _page_to_user(page: Page, cropbox: tuple[float, float, float, float], rotate: int) -> np.ndarray:
    """Matrix from the upright page image's pixels (origin bottom-left, y up) to the PDF user space
    of a page with this cropbox (x0, y0, x1, y1) and /Rotate."""
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
    return display_to_user(rotate, x0, y0, w, h) @ flip_d @ scale @ np.linalg.inv(rot) @ flip_u


def text_layer(page: Page, cropbox: tuple[float, float, float, float], rotate: int,
               font: str) -> bytes:
    """Content-stream operators drawing `page`'s words as invisible text (render mode 3) in the
    glyphless font resource `font`, each word stretched over its box on the page image.

    Words are written upright in the reading direction of the upright page (`page.rotation`), so
    text selection and extraction follow the text as read, whatever way up the scan lay. A line's
    words share one baseline and size.
    """
    t = _page_to_user(page, cropbox, rotate)
    k = (page.rotation // 90) % 4
    rot = _rotation_matrix(k, float(page.width), float(page.height))
    uh = float(page.width) if k % 2 else float(page.height)
    lines: dict[int, list[tuple[float, float, float, float, str]]] = {}
    for word in page.words:
        text = _word_text(word.text)
        if not text:
            continue
        b = word.box
        pts = rot @ np.array([[b.left, b.left + b.width], [b.top, b.top + b.height], [1, 1]])
        left, right = float(pts[0].min()), float(pts[0].max())
        top, bottom = float(pts[1].min()), float(pts[1].max())
        lines.setdefault(word.line, []).append((left, top, right, bottom, text))
    ops = ["q", " ".join(f"{v:.5f}" for v in (t[0, 0], t[1, 0], t[0, 1], t[1, 1], t[0, 2], t[1, 2]))
           + " cm", "BT", "3 Tr"]
    for items in lines.values():
        top = min(i[1] for i in items)
        bottom = max(i[3] for i in items)
        size = max(bottom - top, 1.0)
        baseline = uh - bottom + 0.2 * size
        ops.append(f"/{font} {size:.1f} Tf")
        for left, _t, right, _b, text in sorted(items):
            natural = len(text) * GLYPH_WIDTH / 1000.0 * size
            ops.append(f"{100.0 * max(right - left, 1.0) / natural:.1f} Tz "
                       f"1 0 0 1 {left:.1f} {baseline:.1f} Tm <{text.encode('utf-16-be').hex()}> Tj")
    ops += ["ET", "Q"]
    return ("\n".join(ops) + "\n").encode("ascii")


def _to_unicode_cmap(codes: set[int]) -> bytes:
    """A ToUnicode CMap mapping each two-byte code shown to the same UTF-16 code unit, in runs
    (bfrange) that stay within one high byte, as CMaps require. Codes PDF/A forbids as Unicode
    values (0000, FEFF, FFFE, FFFF) and surrogates are never shown (`_word_text`)."""
    ranges: list[str] = []
    run: list[int] = []
    for code in sorted(codes) + [-1]:
        if run and (code != run[-1] + 1 or code >> 8 != run[0] >> 8):
            ranges.append(f"<{run[0]:04X}> <{run[-1]:04X}> <{run[0]:04X}>")
            run = []
        if code >= 0:
            run.append(code)
    body = [f"{len(ranges[i:i + 100])} beginbfrange\n" + "\n".join(ranges[i:i + 100]) + "\nendbfrange"
            for i in range(0, len(ranges), 100)]
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(body)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")


def glyphless_font(pdf: Any, codes: set[int]) -> Any:
    """An embedded glyphless Type0 font (tesseract's, every code one blank glyph of width 500):
    the font of the invisible text layer, embedded as PDF/A requires; `codes` are the two-byte
    codes (UTF-16 code units) the text will show, for its ToUnicode map."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    program = pikepdf.Stream(pdf, GLYPHLESS_TTF)
    program.Length1 = len(GLYPHLESS_TTF)
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/GlyphLessFont"), Flags=5,
        FontBBox=Array([0, 0, GLYPH_WIDTH, 1000]), ItalicAngle=0, Ascent=1000, Descent=0,
        CapHeight=1000, StemV=80, FontFile2=program))
    cid_to_gid = pikepdf.Stream(pdf, b"\x00\x01" * 65536)
    descendant = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/GlyphLessFont"),
        CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"),
                                 Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=descriptor, DW=GLYPH_WIDTH, CIDToGIDMap=cid_to_gid))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/GlyphLessFont"),
        Encoding=Name("/Identity-H"), DescendantFonts=Array([descendant]),
        ToUnicode=pikepdf.Stream(pdf, _to_unicode_cmap(codes))))


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


def _open_base(source: Path, kind: FileKind, settings: ArchiveSettings | None = None,
               stats: CompactStats | None = None) -> Any:
    """The document to build the copy on: the PDF itself (repaired by PDFium when qpdf cannot read
    it), or the image file's pages embedded losslessly by img2pdf."""
    import pikepdf

    if kind != "pdf":
        return pikepdf.open(io.BytesIO(_images_to_pdf(source, kind, settings, stats)))
    try:
        return pikepdf.open(source)
    except pikepdf.PasswordError as e:
        raise EncryptedError("The PDF is encrypted.") from e
    except pikepdf.PdfError as e:
        log.info("qpdf could not read %s (%s); using PDFium's repaired copy", source.name, e)
    try:
        return pikepdf.open(io.BytesIO(_repaired_bytes(source)))
    except pikepdf.PdfError as e:
        raise UnreadableError("The PDF cannot be read to make its searchable copy.") from e


@dataclass
class CopyReport:
    """What building one searchable copy did: PDF/A or not (and why not), images re-encoded."""

    pages: int
    pdfa: bool
    problems: list[str] = field(default_factory=list)
    images: CompactStats = field(default_factory=CompactStats)


def build_searchable_pdf(source: Path, kind: FileKind, pages: list[Page], out: Path,
                         settings: ArchiveSettings | None = None) -> CopyReport:
    """Write `out`: the source's pages with an invisible text layer over the OCRed words, as a
    PDF/A-2b file whose scanned page images are re-encoded compactly (`extractors.compact`).

    Pages read from their text layer keep their content as it is. Each OCRed word is placed over
    its position on the page image; pages that were turned to be read (`Page.rotation`) get
    /Rotate so they open upright. The copy is declared PDF/A-2b only when it conforms (a retained
    born-digital page may not: e.g. fonts not embedded); `CopyReport.problems` says why not.
    """
    import pikepdf

    settings = settings or ArchiveSettings()
    source = Path(source)
    images = CompactStats()
    pdf = _open_base(source, kind, settings, images)
    try:
        report = CopyReport(pages=len(pdf.pages), pdfa=False, images=images)
        font: Any = None
        made: set[int] = set()
        for page in pages:
            if page.method != "ocr":
                continue
            idx = page.number - 1
            if idx < 0 or idx >= len(pdf.pages):
                log.warning("page %d not in %s; skipped in searchable copy", page.number, source.name)
                continue
            made.add(idx)
            pg = pdf.pages[idx]
            if kind == "pdf":  # an image file's frames were re-encoded as they were embedded
                compact_page_images(pg, settings, report.images)
            rotate = int(pg.obj.get("/Rotate", 0) or 0) % 360
            if page.words and page.width > 0 and page.height > 0:
                if font is None:
                    font = glyphless_font(pdf, _codes(pages))
                name = pg.add_resource(font, pikepdf.Name.Font, prefix="FGlyphless")
                box = pg.cropbox
                cropbox = (float(box[0]), float(box[1]), float(box[2]), float(box[3]))
                pg.contents_add(b"q\n", prepend=True)
                pg.contents_add(b"\nQ\n" + text_layer(page, cropbox, rotate, str(name)[1:]))
            if page.rotation % 360:
                pg.Rotate = (rotate + page.rotation) % 360
        retained = [i for i in range(len(pdf.pages)) if i not in made]
        if settings.pdfa and retained:
            left = embed_missing_fonts(pdf, retained)
            if left:
                log.info("%d font(s) of kept pages could not be embedded", len(left))
        if settings.pdfa:
            try:
                report.problems = declare_pdfa(pdf, check=bool(retained))
            except (pikepdf.PdfError, ValueError, KeyError, TypeError) as e:
                log.warning("searchable copy left undeclared: PDF/A preparation failed (%s)", e)
                report.problems = [f"preparation failed: {e}"]
                undeclare_pdfa(pdf)
            report.pdfa = not report.problems
        save_pdf(pdf, Path(out), report.pdfa)
    except pikepdf.PdfError as e:
        raise UnreadableError("The searchable copy could not be written from this file.") from e
    finally:
        pdf.close()
    log.info("searchable copy: %d pages, PDF/A-2b %s, %d of %d images re-encoded, %d -> %d bytes",
             report.pages, "yes" if report.pdfa else "no", report.images.reencoded,
             report.images.images, report.images.bytes_before, report.images.bytes_after)
    return report
