"""Small documents made in code for pipeline tests (the rich generator is synth/documents.py)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from synth.archive import make_pdf

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

REPORT_LINES = [
    "TIGARD POLICE DEPARTMENT - INCIDENT REPORT",
    "Case No. 24-003817   Date: 03/14/2024",
    "Offense: Burglary in the second degree, ORS 164.215",
    "Suspect: HARRINGTON, James Robert",
    "Vehicle: 2011 Honda Civic, Oregon plate 482 KLM",
    "On arrival I contacted the reporting party at the residence.",
    "The rear door had been forced open with a pry tool.",
]


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A born-digital PDF with one text line per entry."""
    return make_pdf(pages)


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    """Write a born-digital PDF."""
    path.write_bytes(pdf_bytes(pages))
    return path


def page_image(lines: list[str], dpi: int = 300) -> Image.Image:
    """A clean grayscale letter-size page with the lines drawn at ~11 pt."""
    width, height = int(8.5 * dpi), int(11 * dpi)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, int(11 * dpi / 72))
    y = dpi
    for line in lines:
        draw.text((dpi, y), line, font=font, fill=0)
        y += int(18 * dpi / 72)
    return img


def write_scan(path: Path, lines: list[str], *, rotate: int = 0, dpi: int = 300) -> Path:
    """Write a page image (format from the suffix: .png, .jpg, .tif, .pdf), optionally rotated."""
    img = page_image(lines, dpi)
    if rotate:
        img = img.rotate(rotate, expand=True)
    fmt = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".pdf": "PDF"}
    img.save(path, fmt[path.suffix.lower()], dpi=(dpi, dpi), resolution=float(dpi))
    return path
