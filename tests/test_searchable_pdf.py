"""Searchable copies: PDF/A-2b, compact page images that read the same, selectable text where the
words are, every kind of source (scanned PDF, PNG, G4 TIFF, EXIF JPEG, mixed PDF, /Rotate)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader

from base.models import FileKind, Page
from base.settings import ArchiveSettings, LimitSettings, OcrSettings
from bench.archive import read_pages
from bench.pdfa_check import second_opinion, validate
from extractors.searchable import build_searchable_pdf
from tests.docgen import (
    REALDOCS,
    clean_page,
    jpeg_with_exif_rotation,
    mixed_pdf,
    report_lines,
    scan,
    scanned_pdf,
    tiff,
)

OCR = OcrSettings()
LIMITS = LimitSettings()


def ocr_all(path: Path) -> tuple[FileKind, list[Page]]:
    """Every page read the project's way (text layer or OCR), as ingest reads them."""
    return read_pages(path)


def find_text(pdf_path: Path, page_index: int, needle: str) -> tuple[str, tuple[float, float]]:
    """The page's extracted text and the centre (user-space points) of `needle` on it."""
    doc = pdfium.PdfDocument(str(pdf_path))
    tp = doc[page_index].get_textpage()
    text = tp.get_text_range()
    found = tp.search(needle).get_next()
    assert found, f"{needle!r} not selectable in {text[:200]!r}"
    first, count = found
    l0, b0, r0, t0 = tp.get_charbox(first)
    l1, b1, r1, t1 = tp.get_charbox(first + count - 1)
    return text, ((min(l0, l1) + max(r0, r1)) / 2, (min(b0, b1) + max(t0, t1)) / 2)


def render(pdf_path: Path, index: int = 0, scale: float = 1.0) -> np.ndarray:
    doc = pdfium.PdfDocument(str(pdf_path))
    return doc[index].render(scale=scale, grayscale=True).to_numpy()


def word_centre_points(page: Page, word: str, page_w_pt: float, page_h_pt: float) -> tuple[float, float]:
    """Where a word's box on the original image lies in the PDF's unrotated user space (points)."""
    b = next(w.box for w in page.words if w.text == word)
    x = (b.left + b.width / 2) * page_w_pt / page.width
    y_top = (b.top + b.height / 2) * page_h_pt / page.height
    return x, page_h_pt - y_top


def assert_pdfa(path: Path) -> None:
    """The copy is PDF/A-2b for everything our checker and pikepdf's validator check."""
    assert validate(path) == []
    assert second_opinion(path) == []


def _blocks(a: np.ndarray, n: int = 3) -> np.ndarray:
    h, w = a.shape[0] // n * n, a.shape[1] // n * n
    return a[:h, :w].astype(np.float32).reshape(h // n, n, w // n, n).mean(axis=(1, 3))


def looks_like(a: np.ndarray, b: np.ndarray) -> bool:
    """Two images of a page show the same thing: same size and, seen as 3x3-pixel blocks (the
    scanner's grain averaged out), a small mean difference and the same dark (ink) blocks but
    for a thin fringe."""
    if a.shape != b.shape:
        return False
    ba, bb = _blocks(a), _blocks(b)
    ink_a, ink_b = ba < 128, bb < 128
    changed = np.count_nonzero(ink_a ^ ink_b) / max(1, np.count_nonzero(ink_a | ink_b))
    return float(np.abs(ba - bb).mean()) < 6 and changed < 0.1


def image_xobjects(path: Path, index: int) -> list:
    with pikepdf.open(path) as pdf:
        out = []
        for x in pdf.pages[index].get_images(recursive=False).values():
            f = x.get("/Filter")
            f = f[0] if isinstance(f, pikepdf.Array) and len(f) == 1 else f
            out.append((str(f), int(x.Width), int(x.Height), len(x.read_raw_bytes())))
        return out


def test_scanned_pdf_gets_text_at_the_word_positions(tmp_path: Path) -> None:
    src = scanned_pdf(tmp_path / "scan.pdf", [scan("clean", report_lines(case="24-003817"))])
    kind, pages = ocr_all(src)
    out = tmp_path / "out.pdf"
    report = build_searchable_pdf(src, kind, pages, out)
    text, centre = find_text(out, 0, "24-003817")
    assert "Case No: 24-003817" in text and "Harrington" in text
    expected = word_centre_points(pages[0], "24-003817", 612, 396)
    assert abs(centre[0] - expected[0]) < 4 and abs(centre[1] - expected[1]) < 4
    # looks like the scan (the text layer is invisible, the image re-encoded) and is smaller
    assert looks_like(render(src, scale=2), render(out, scale=2))
    assert report.pdfa and out.stat().st_size < 0.4 * src.stat().st_size
    assert len(PdfReader(str(out)).pages) == 1
    assert_pdfa(out)


def test_noisy_png_is_reencoded_small_and_reads_the_same(tmp_path: Path) -> None:
    img = scan("noisy", report_lines(case="24-246810"))
    src = tmp_path / "scan.png"
    img.save(src, dpi=(300, 300))
    kind, pages = ocr_all(src)
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out)
    reader = PdfReader(str(out))
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612.0, 396.0)
    assert [f for f, *_ in image_xobjects(out, 0)] == ["/DCTDecode"]
    embedded = np.asarray(page.images[0].image.convert("L"))
    assert looks_like(embedded, np.asarray(img))
    assert out.stat().st_size < 0.4 * src.stat().st_size
    _text, centre = find_text(out, 0, "24-246810")
    expected = word_centre_points(pages[0], "24-246810", 612, 396)
    assert abs(centre[0] - expected[0]) < 4 and abs(centre[1] - expected[1]) < 4
    # the copy's page image reads as the original does
    copy_page = ocr_all(out)[1][0]
    assert "24-246810" in copy_page.text and "Harrington" in copy_page.text
    assert_pdfa(out)


def test_bilevel_grey_png_becomes_lossless_g4(tmp_path: Path) -> None:
    lines = report_lines(case="24-135790") * 3
    img = clean_page(lines, size_pt=9).point(lambda v: 255 if v > 128 else 0)
    src = tmp_path / "bw.png"
    img.save(src, dpi=(300, 300))
    kind, pages = ocr_all(src)
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out)
    assert [f for f, *_ in image_xobjects(out, 0)] == ["/CCITTFaxDecode"]
    with pikepdf.open(out) as pdf:
        xobj = next(iter(pdf.pages[0].get_images(recursive=False).values()))
        back = np.asarray(pikepdf.PdfImage(xobj).as_pil_image().convert("L"))
    assert np.array_equal(back, np.asarray(img))  # lossless
    assert "24-135790" in find_text(out, 0, "24-135790")[0]
    assert_pdfa(out)


def test_multipage_g4_tiff_stays_g4(tmp_path: Path) -> None:
    src = tiff(tmp_path / "fax.tif", [clean_page(report_lines(case="24-000101")),
                                       clean_page(report_lines(case="24-000202"))])
    kind, pages = ocr_all(src)
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out)
    reader = PdfReader(str(out))
    assert len(reader.pages) == 2
    xobjs = reader.pages[1]["/Resources"]["/XObject"]
    filters = [str(x.get_object().get("/Filter")) for x in xobjs.values()]
    assert any("CCITTFax" in f for f in filters)
    assert "24-000202" in find_text(out, 1, "24-000202")[0]
    with Image.open(src) as im:
        im.seek(1)
        original = np.asarray(im.convert("L"))
    assert np.array_equal(np.asarray(reader.pages[1].images[0].image.convert("L")), original)
    assert_pdfa(out)


def test_upside_down_scan_opens_upright_and_text_matches_image(tmp_path: Path) -> None:
    src = scanned_pdf(tmp_path / "ud.pdf", [scan("upside_down", report_lines(case="24-909090"))])
    kind, pages = ocr_all(src)
    assert pages[0].rotation == 180
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out)
    doc = pdfium.PdfDocument(str(out))
    assert doc[0].get_rotation() == 180  # displays upright
    text, centre = find_text(out, 0, "24-909090")
    assert "Case No: 24-909090" in text  # reads in the right order
    expected = word_centre_points(pages[0], "24-909090", 612, 396)  # unrotated user space
    assert abs(centre[0] - expected[0]) < 4 and abs(centre[1] - expected[1]) < 4
    # the page content (image) is the scan's: rendering it turned back gives the original
    back = doc[0].render(scale=2.0, grayscale=True, rotation=180).to_numpy()
    assert looks_like(back, render(src, scale=2))
    assert_pdfa(out)


def test_rotated_pdf_page_keeps_its_rotate_and_text_lies_over_the_words(tmp_path: Path) -> None:
    upright = scan("clean", report_lines(case="24-575757"))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # page stored sideways ...
    src = scanned_pdf(tmp_path / "rot.pdf", [stored])
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.pages[0].Rotate = 90  # ... and displayed upright
        pdf.save(src)
    kind, pages = ocr_all(src)
    assert pages[0].rotation == 0 and "24-575757" in pages[0].text
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out)
    doc = pdfium.PdfDocument(str(out))
    assert doc[0].get_rotation() == 90
    text, (ux, uy) = find_text(out, 0, "24-575757")
    assert "Case No: 24-575757" in text
    # user space (x, y) shows at (y, W - x) on the page turned 90 degrees clockwise
    w_user = 396.0
    dx, dy = word_centre_points(pages[0], "24-575757", 612, 396)
    assert abs(uy - dx) < 4 and abs((w_user - ux) - dy) < 4
    assert looks_like(render(src, scale=2), render(out, scale=2))
    assert_pdfa(out)


def test_exif_rotated_jpeg(tmp_path: Path) -> None:
    src = jpeg_with_exif_rotation(tmp_path / "photo.jpg", clean_page(report_lines(case="24-868686")))
    kind, pages = ocr_all(src)
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out)
    doc = pdfium.PdfDocument(str(out))
    assert doc[0].get_size() == (612.0, 396.0)  # displayed like the photo app shows it
    text, _ = find_text(out, 0, "24-868686")
    assert "Case No: 24-868686" in text
    (filt, _w, _h, size), = image_xobjects(out, 0)
    assert filt == "/DCTDecode" and size < src.stat().st_size
    assert_pdfa(out)


def test_mixed_pdf_text_page_left_alone(tmp_path: Path) -> None:
    src = mixed_pdf(tmp_path / "mixed.pdf", report_lines(case="24-111111"),
                    scan("clean", report_lines(case="24-222222")))
    kind, pages = ocr_all(src)
    assert [p.method for p in pages] == ["text", "ocr"]
    out = tmp_path / "out.pdf"
    report = build_searchable_pdf(src, kind, pages, out)
    before = pdfium.PdfDocument(str(src))[0].get_textpage().get_text_range()
    after = pdfium.PdfDocument(str(out))[0].get_textpage().get_text_range()
    assert before == after and "24-111111" in after
    # its fonts are embedded now (PDF/A): other glyph shapes with the same advances, so every
    # line and word stays where it was (the same text boxes, the same ink seen in 12-px blocks)
    a, b = render(src, 0, scale=2), render(out, 0, scale=2)
    assert float(np.abs(_blocks(a, 12) - _blocks(b, 12)).mean()) < 3
    boxes = [[pdfium.PdfDocument(str(f))[0].get_textpage().get_charbox(i) for i in range(0, 40, 7)]
             for f in (src, out)]
    assert np.allclose(boxes[0], boxes[1], atol=1.5)
    assert "24-222222" in find_text(out, 1, "24-222222")[0]
    assert looks_like(render(src, 1, scale=2), render(out, 1, scale=2))
    assert report.pdfa, report.problems
    assert_pdfa(out)


def test_copy_not_declared_pdfa_fails_the_checker(tmp_path: Path) -> None:
    src = scanned_pdf(tmp_path / "scan.pdf", [scan("clean", report_lines(case="24-003817"))])
    kind, pages = ocr_all(src)
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out, ArchiveSettings(pdfa=False))
    with pikepdf.open(out, allow_overwriting_input=True) as pdf:
        next(iter(pdf.pages[0].get_images(recursive=False).values())).Interpolate = True
        pdf.save(out)
    problems = validate(out)
    assert any(p.startswith("metadata:") for p in problems)
    assert any("output intent" in p for p in problems)
    assert any("Interpolate" in p for p in problems)
    assert second_opinion(out)


@pytest.mark.slow
def test_realdocs_rotated_skew_pdf(tmp_path: Path) -> None:
    src = REALDOCS / "ocrmypdf/rotated_skew.pdf"
    if not src.exists():
        pytest.skip("../shared/realdocs is not available")
    kind, pages = ocr_all(src)
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out)
    text, _ = find_text(out, 0, "LinnSequencer")
    assert "Track MIDI Sequence Recorder" in text
    assert looks_like(render(src, scale=2), render(out, scale=2))
    assert out.stat().st_size <= src.stat().st_size + 16_000  # G4 kept; the text layer's bytes
    assert_pdfa(out)
