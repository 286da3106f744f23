"""Searchable PDF: the original page images untouched, with selectable text where the words are."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from base.models import Page
from base.settings import LimitSettings, OcrSettings
from extractors.pages import ocr_page, plan_pages, text_page
from extractors.searchable import build_searchable_pdf
from extractors.triage import inspect_file
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


def ocr_all(path: Path) -> tuple[str, list[Page]]:
    info = inspect_file(path, LIMITS)
    pages = []
    for plan in plan_pages(path, info, OCR):
        if plan.text is not None:
            pages.append(text_page(plan, path, info))
        else:
            pages.append(ocr_page(path, info.kind, plan.index, OCR, LIMITS))
    return info.kind, pages


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


def test_scanned_pdf_gets_text_at_the_word_positions(tmp_path: Path) -> None:
    src = scanned_pdf(tmp_path / "scan.pdf", [scan("clean", report_lines(case="24-003817"))])
    kind, pages = ocr_all(src)
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out)
    text, centre = find_text(out, 0, "24-003817")
    assert "Case No: 24-003817" in text and "Harrington" in text
    expected = word_centre_points(pages[0], "24-003817", 612, 396)
    assert abs(centre[0] - expected[0]) < 4 and abs(centre[1] - expected[1]) < 4
    # looks exactly like the scan: the text layer is invisible
    assert np.array_equal(render(src), render(out))
    assert len(PdfReader(str(out)).pages) == 1


def test_image_sources_are_embedded_losslessly(tmp_path: Path) -> None:
    img = scan("noisy", report_lines(case="24-246810"))
    src = tmp_path / "scan.png"
    img.save(src, dpi=(300, 300))
    kind, pages = ocr_all(src)
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out)
    reader = PdfReader(str(out))
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612.0, 396.0)
    embedded = np.asarray(page.images[0].image.convert("L"))
    assert np.array_equal(embedded, np.asarray(img))
    _text, centre = find_text(out, 0, "24-246810")
    expected = word_centre_points(pages[0], "24-246810", 612, 396)
    assert abs(centre[0] - expected[0]) < 4 and abs(centre[1] - expected[1]) < 4


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
    # the page content (image) is untouched: rendering it turned back gives the original
    back = doc[0].render(scale=1.0, grayscale=True, rotation=180).to_numpy()
    assert np.array_equal(back, render(src))


def test_exif_rotated_jpeg(tmp_path: Path) -> None:
    src = jpeg_with_exif_rotation(tmp_path / "photo.jpg", clean_page(report_lines(case="24-868686")))
    kind, pages = ocr_all(src)
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out)
    doc = pdfium.PdfDocument(str(out))
    assert doc[0].get_size() == (612.0, 396.0)  # displayed like the photo app shows it
    text, _ = find_text(out, 0, "24-868686")
    assert "Case No: 24-868686" in text
    # the JPEG is embedded as is (no re-encoding)
    data = src.read_bytes()
    xobj = next(iter(PdfReader(str(out)).pages[0]["/Resources"]["/XObject"].values())).get_object()
    assert xobj.get("/Filter") == "/DCTDecode" and xobj._data == data


def test_mixed_pdf_text_page_left_alone(tmp_path: Path) -> None:
    src = mixed_pdf(tmp_path / "mixed.pdf", report_lines(case="24-111111"),
                    scan("clean", report_lines(case="24-222222")))
    kind, pages = ocr_all(src)
    assert [p.method for p in pages] == ["text", "ocr"]
    out = tmp_path / "out.pdf"
    build_searchable_pdf(src, kind, pages, out)
    before = pdfium.PdfDocument(str(src))[0].get_textpage().get_text_range()
    after = pdfium.PdfDocument(str(out))[0].get_textpage().get_text_range()
    assert before == after and "24-111111" in after
    assert "24-222222" in find_text(out, 1, "24-222222")[0]
    assert np.array_equal(render(src, 1), render(out, 1))


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
    assert np.array_equal(render(src), render(out))
