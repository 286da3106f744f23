"""OCR page layout: native resolution, reading order of columns, form borders, steps, real scans."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from base.settings import LimitSettings, OcrSettings
from extractors.pages import ocr_page
from extractors.triage import inspect_file
from synth.degrade import load_font
from tests.docgen import REALDOCS, report_lines, scan, scanned_pdf

OCR = OcrSettings()
LIMITS = LimitSettings()
DPI = 300
PT = DPI / 72


def _read(path: Path, index: int = 0):
    return ocr_page(path, inspect_file(path, LIMITS).kind, index, OCR, LIMITS)


def _png(img: Image.Image, path: Path) -> Path:
    img.save(path, dpi=(DPI, DPI))
    return path


LEFT = ["Officers arrived at the north gate", "and found the lock cut open with",
        "a bolt cutter left beside the fence", "near the loading dock entrance"]
RIGHT = ["Neighbours reported a white van", "parked on the street for two hours",
         "before the alarm sounded at night", "according to the dispatch log"]


def test_two_column_page_reads_column_by_column(tmp_path: Path) -> None:
    """Lines of two columns sit at the same heights; each column is read whole, left first."""
    img = Image.new("L", (2550, 700), 255)
    draw = ImageDraw.Draw(img)
    font = load_font("DejaVuSerif.ttf", round(11 * PT))
    for i, (a, b) in enumerate(zip(LEFT, RIGHT, strict=True)):
        y = 120 + i * round(16 * PT)
        draw.text((150, y), a, font=font, fill=0)
        draw.text((1350, y), b, font=font, fill=0)
    page = _read(_png(img, tmp_path / "columns.png"))
    text = " ".join(page.text.split())
    assert " ".join(LEFT) + " " + " ".join(RIGHT) in text
    lines = {w.line for w in page.words if w.box.left < 1275}
    assert max(lines) < min(w.line for w in page.words if w.box.left >= 1275)


def test_form_borders_are_not_read_as_glyphs(tmp_path: Path) -> None:
    """A ruled table: its lines become Page.rules and cells, never `|`, `[`, `_` or `1` glyphs."""
    img = Image.new("L", (2550, 900), 255)
    draw = ImageDraw.Draw(img)
    font = load_font("DejaVuSans.ttf", round(10 * PT))
    xs, ys = [150, 700, 1400, 2400], [150, 300, 450, 600]
    rows = [["Item", "Description", "Location"], ["4471", "Wallet with ID cards", "Locker 20"],
            ["4472", "Folding knife", "Locker 9"]]
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[-1])], fill=0, width=4)
    for y in ys:
        draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=4)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            draw.text((xs[c] + 12, ys[r] + 40), cell, font=font, fill=0)
    page = _read(_png(img, tmp_path / "table.png"))
    assert len(page.rules) >= 4 and len(page.cells) == 9
    assert not [w.text for w in page.words if w.text.strip("|[]_1lI!") == ""]
    text = " ".join(page.text.split())
    for row in rows:
        assert " ".join(row) in text
    knife = [w for w in page.words if w.text == "knife"]
    assert knife and knife[0].cell >= 0


def test_200_dpi_image_pdf_is_read_at_its_own_resolution(tmp_path: Path) -> None:
    img = scan("dpi200", report_lines(case="24-003817"), seed=2)
    assert img.info["dpi"] == (200, 200)
    page = _read(scanned_pdf(tmp_path / "scan200.pdf", [img]))
    assert page.dpi == 200 and "native_image200dpi" in page.steps
    assert (round(page.width), round(page.height)) == img.size  # the image's own pixels
    assert "24-003817" in page.text and "Harrington" in page.text
    box = next(w.box for w in page.words if "24-003817" in w.text)
    assert 0 < box.left < img.width and 0 < box.top < img.height / 3


def test_steps_say_what_was_done(tmp_path: Path) -> None:
    noisy = _read(scanned_pdf(tmp_path / "noisy.pdf", [scan("noisy", report_lines(), seed=4)]))
    clean = _read(scanned_pdf(tmp_path / "clean.pdf", [scan("clean", report_lines(), seed=4)]))
    assert any(s.startswith("denoise") for s in noisy.steps)
    assert clean.steps == ["native_image300dpi"]  # a clean page is read as it is


# --------------------------------------------------------------------------- real scans

REAL = ["ocrmypdf/linn.png", "ocrmypdf/jbig2.pdf", "ocrmypdf/ccitt.pdf", "ocrmypdf/skew.pdf",
        "ocrmypdf/rotated_skew.pdf", "doctor/image-pdf.pdf"]


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL)
def test_real_scan_reads_no_worse_than_plain_tesseract(name: str, tmp_path: Path) -> None:
    from bench.ocr import cer, page_images, real_references

    path = REALDOCS / name
    if not path.exists():
        pytest.skip("../shared/realdocs is not available")
    ref = real_references(REALDOCS)[path.name]
    pages = inspect_file(path, LIMITS).page_count
    ours = "\f".join(_read(path, i).text for i in range(pages))
    plain = "\f".join(
        subprocess.run(["tesseract", str(p), "-"], capture_output=True, text=True, check=True,
                       env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"}).stdout
        for p in page_images(path, tmp_path))
    assert cer(ref, ours) <= cer(ref, plain)


# --------------------------------------------------------------------------- without OCR


def _words(block: int, left: float, lines: list[str], first_line: int) -> list:
    from base.models import Box, Word

    out = []
    for i, line in enumerate(lines):
        x = left
        for token in line.split():
            out.append(Word(token, Box(x, 100 + 40 * i, 20 * len(token), 30), 0.95,
                            line=first_line + i, block=block))
            x += 20 * len(token) + 15
    return out


def test_form_fields_side_by_side_read_in_rows() -> None:
    """Tesseract's blocks of short label/value lines side by side are a form, not columns."""
    from extractors.layout import reading_order

    left = _words(1, 100, ["Incident #: 24-013739", "Time: 1658 hrs",
                           "Location: 59842 Samantha Union, Grants Pass"], 0)
    right = _words(2, 1300, ["Date Reported: 03/24/24", "Occurred: 03/23/24",
                             "Offense: Criminal Mischief in the Second Degree"], 3)
    _, text = reading_order(left + right)
    assert text.splitlines()[:2] == ["Incident #: 24-013739 Date Reported: 03/24/24",
                                     "Time: 1658 hrs Occurred: 03/23/24"]


def test_reading_quality_counts_unexpected_glyphs() -> None:
    from base.models import Box, Word
    from extractors.ocr import OcrResult
    from extractors.pages import reading_quality

    def result(*texts: str) -> OcrResult:
        return OcrResult("", [Word(t, Box(0, 0, 1, 1), 0.9) for t in texts], 0.9)

    assert reading_quality(result("Case", "24-003817")) == pytest.approx(0.9)
    assert reading_quality(result("Ca§e", "«24»003817")) < 0.75


@pytest.mark.parametrize(("size", "text_px"), [((1419, 1906), 15.0), ((1421, 1907), 15.0),
                                               ((2551, 3301), 30.0), ((2550, 3300), 31.0)])
def test_rules_of_a_form_inside_the_page_are_erased_at_any_size(size: tuple[int, int],
                                                                 text_px: float) -> None:
    """A ruled box well inside the page, found at full or half resolution on odd or even sizes,
    is erased from an image of the page's own size (it once crashed when the box stopped short
    of the page's edges: a phone photo, a fax, a 200 dpi form)."""
    import numpy as np

    from extractors.layout import erase_rules, find_rules

    w, h = size
    img = np.full((h, w), 250, np.uint8)
    x0, y0, x1, y1 = 201, 303, w - 311, h // 2 + 7
    for y in (y0, (y0 + y1) // 2, y1):
        img[y:y + 4, x0:x1] = 10
    for x in (x0, (x0 + x1) // 2, x1):
        img[y0:y1 + 4, x:x + 4] = 10
    img[y0 + 60:y0 + 60 + int(text_px), x0 + 50:x0 + 50 + 4 * int(text_px)] = 20  # a "word"
    rules = find_rules(img, text_px)
    assert rules.lines and len(rules.cells) == 4
    out = erase_rules(img, rules)
    assert out.shape == img.shape
    assert out[y0 + 1, (x0 + x1) // 4] > 200 and out[(y0 + y1) // 2 + 30, x0 + 2] > 200  # rules gone
    assert out[y0 + 65, x0 + 60] < 50  # the word is kept


def test_a_failing_page_step_reads_the_page_as_it_is(tmp_path: Path, monkeypatch) -> None:
    """When an optional page step fails, the page is read plainly instead of being lost."""
    from extractors import layout

    img = scan("clean", report_lines(case="24-003817"), seed=3)
    path = scanned_pdf(tmp_path / "page.pdf", [img])

    def broken(*_a: object, **_k: object) -> layout.Rules:
        raise ValueError("a bug in a page step")

    monkeypatch.setattr(layout, "find_rules", broken)
    page = _read(path)
    assert "fallback_plain" in page.steps and "native_image300dpi" in page.steps
    assert "24-003817" in page.text and page.words
    box = next(w.box for w in page.words if "24-003817" in w.text)
    assert 0 < box.left < img.width and 0 < box.top < img.height / 3
