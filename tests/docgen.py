"""Documents made in code for tests: born-digital PDFs, clean pages and degraded scans.

The rich labelled generator is synth/documents.py; scans are degraded with synth/degrade.py.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
from PIL import Image

from synth.archive import write_pdf
from synth.degrade import degrade, render_lines, save_scan

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"

REPORT_LINES = [
    "TIGARD POLICE DEPARTMENT - INCIDENT REPORT",
    "Case No. 24-003817   Date: 03/14/2024",
    "Offense: Burglary in the second degree, ORS 164.215",
    "Suspect: HARRINGTON, James Robert",
    "Vehicle: 2011 Honda Civic, Oregon plate 482 KLM",
    "On arrival I contacted the reporting party at the residence.",
    "The rear door had been forced open with a pry tool.",
]


def write_scan(path: Path, lines: list[str], *, rotate: int = 0, dpi: int = 300) -> Path:
    """Write a clean letter-size page image of `lines` (format from the suffix: .png, .jpg,
    .tif, .pdf), optionally rotated."""
    img = render_lines(lines, dpi=dpi)
    if rotate:
        img = img.rotate(rotate, expand=True, fillcolor=255)
    fmt = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".pdf": "PDF"}
    img.save(path, fmt[path.suffix.lower()], dpi=(dpi, dpi), resolution=float(dpi))
    return path


def report_lines(case: str = "24-003817", plate: str = "482KLM", name: str = "James Harrington") -> list[str]:
    """A short incident-report snippet carrying a case number, a name and a plate."""
    return [
        "INCIDENT REPORT",
        f"Case No: {case}   Date: 03/14/2024",
        f"Suspect: {name}",
        f"Vehicle plate: OR {plate}",
        "Officer responded to a theft at the store",
        "and recovered the stolen property nearby.",
    ]


def clean_page(lines: list[str] | None = None, size_pt: float = 12.0) -> Image.Image:
    """A clean 300 dpi grayscale render of `lines` on a half-height letter page."""
    return render_lines(lines or report_lines(), size_pt=size_pt, bold_first=1, page_in=(8.5, 5.5))


def scan(kind: str, lines: list[str] | None = None, seed: int = 1) -> Image.Image:
    """A degraded scan of `lines` (see synth.degrade.SCAN_KINDS)."""
    return degrade(clean_page(lines), kind, random.Random(seed))


def scanned_pdf(path: Path, pages: list[Image.Image]) -> Path:
    """An image-only PDF of the given page images (losslessly embedded at their dpi)."""
    return save_scan(pages, "clean", path.with_suffix(""))


def mixed_pdf(path: Path, text_lines: list[str], scan_img: Image.Image) -> Path:
    """Page 1 born-digital text, page 2 a scanned image."""
    from pypdf import PdfReader, PdfWriter

    a = write_pdf(path.with_name(path.stem + "_a.pdf"), [text_lines])
    b = scanned_pdf(path.with_name(path.stem + "_b.pdf"), [scan_img])
    w = PdfWriter()
    for f in (a, b):
        for p in PdfReader(str(f)).pages:
            w.add_page(p)
    with open(path, "wb") as fh:
        w.write(fh)
    return path


def image_with_text_layer(path: Path, img: Image.Image, layer: str, font_size: float = 10) -> Path:
    """A PDF page showing `img` full-page with `layer` drawn as (visible, tiny) text on top:
    a scan whose text layer is junk or only a stamp."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    dpi = img.info.get("dpi", (300, 300))[0]
    w, h = img.size[0] * 72 / dpi, img.size[1] * 72 / dpi
    c = canvas.Canvas(str(path), pagesize=(w, h))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, w, h)
    c.setFont("Helvetica", font_size)
    y = h - 20
    for line in layer.split("\n"):
        c.drawString(10, y, line)
        y -= font_size * 1.2
    c.showPage()
    c.save()
    return path


def tiff(path: Path, pages: list[Image.Image], g4: bool = True, dpi: tuple[int, int] = (300, 300)) -> Path:
    """A multi-page TIFF (CCITT G4 bilevel by default)."""
    frames = [p.convert("1") if g4 else p for p in pages]
    kw = {"compression": "group4"} if g4 else {"compression": "tiff_lzw"}
    frames[0].save(path, format="TIFF", save_all=True, append_images=frames[1:], dpi=dpi, **kw)
    return path


def jpeg_with_exif_rotation(path: Path, upright: Image.Image, orientation: int = 6) -> Path:
    """A JPEG whose pixels are stored turned, with the EXIF tag that turns them back upright.

    Orientation 6 means "rotate 90 degrees clockwise to display": the stored pixels are the upright
    page turned 90 degrees counter-clockwise.
    """
    stored = {6: upright.transpose(Image.Transpose.ROTATE_90),
              8: upright.transpose(Image.Transpose.ROTATE_270),
              3: upright.transpose(Image.Transpose.ROTATE_180)}[orientation]
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, format="JPEG", quality=92, exif=exif.tobytes(), dpi=(300, 300))
    return path


def text_pixels_equal(a: np.ndarray, b: np.ndarray) -> bool:
    """Same pixels (shape and values)."""
    return a.shape == b.shape and bool(np.array_equal(a, b))
