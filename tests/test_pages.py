"""Page reading: text layers vs OCR, each input kind, junk layers, orientation, skew, errors."""

from __future__ import annotations

import pickle
import random
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from base.errors import OcrFailedError, OcrTimeoutError
from base.settings import LimitSettings, OcrSettings
from extractors import images, ocr
from extractors.pages import PagePlan, ocr_page, plan_pages, text_page
from extractors.pdf import junk_reason, render_page, text_layers
from extractors.triage import inspect_file
from tests.docgen import (
    REALDOCS,
    clean_page,
    image_with_text_layer,
    jpeg_with_exif_rotation,
    mixed_pdf,
    report_lines,
    scan,
    scanned_pdf,
    tiff,
    write_pdf,
)

OCR = OcrSettings()
LIMITS = LimitSettings()


def words(text: str) -> str:
    return " ".join(text.split())


def read(path: Path, index: int = 0):
    info = inspect_file(path, LIMITS)
    return ocr_page(path, info.kind, index, OCR, LIMITS)


# ---------------------------------------------------------------- text layers


def test_born_digital_pdf_uses_text_layer_fast(tmp_path: Path) -> None:
    pages = [report_lines(case=f"24-{i:06d}") + ["more narrative text on the page"] for i in range(40)]
    f = write_pdf(tmp_path / "digital.pdf", pages)
    info = inspect_file(f, LIMITS)
    t = time.perf_counter()
    plans = plan_pages(f, info, OCR)
    rate = len(plans) / (time.perf_counter() - t)
    assert all(p.text is not None for p in plans)
    assert "24-000007" in plans[7].text
    assert rate > 20, f"{rate:.0f} pages/s"
    page = text_page(plans[7], f, info)
    assert page.method == "text" and page.number == 8
    assert (page.width, page.height) == (612.0, 792.0)
    assert "Case No: 24-000007" in page.text and "\n" in page.text


def test_mixed_pdf_plans_text_then_ocr(tmp_path: Path) -> None:
    f = mixed_pdf(tmp_path / "mixed.pdf", report_lines(case="24-111111"),
                  scan("clean", report_lines(case="24-222222")))
    info = inspect_file(f, LIMITS)
    plans = plan_pages(f, info, OCR)
    assert plans[0].text is not None and "24-111111" in plans[0].text
    assert plans[1].text is None
    page = ocr_page(f, "pdf", 1, OCR, LIMITS)
    assert "24-222222" in page.text and page.method == "ocr" and page.number == 2


def test_images_always_need_ocr(tmp_path: Path) -> None:
    f = tmp_path / "a.png"
    clean_page().save(f)
    assert plan_pages(f, inspect_file(f, LIMITS), OCR) == [PagePlan(0, None)]


@pytest.mark.parametrize("junk", [
    "(cid:12)(cid:34)(cid:56)(cid:78)(cid:90)(cid:11)(cid:22)(cid:33) (cid:44)(cid:55)",
    "\ue001\ue002\ue003\ue004 \ue005\ue006\ue007\ue008\ue009 \ue00a\ue00b\ue00c\ue00d\ue00e",
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ !\"#$%&'()*+ ,-./:;<=>?@",
    ("Wkh rhvxsqw zdv fdxjkw gulylqj wkh vwrohq yhklfoh qhdu wkh pdoo "
     "Rvilfhu Kduulqjwrq wrrn wkh uhsruw dqg vhqw lw wr wkh FD rvilfh"),
])
def test_junk_text_is_detected(junk: str) -> None:
    assert junk_reason(junk, 20) is not None


def test_real_text_is_not_junk() -> None:
    assert junk_reason("\n".join(report_lines()), 20) is None
    assert junk_reason("Case 24-003817", 20) == "too_short"
    table = "State Permit Handgun Long Gun Other Multiple Admin\nAlabama 23,147 8,466 11,098 " * 20
    assert junk_reason(table, 20) is None


def test_realdocs_born_digital_layers_are_used() -> None:
    if not REALDOCS.exists():
        pytest.skip("../shared/realdocs is not available")
    for rel in ("pdfplumber/nics-background-checks-2015-11.pdf",
                "pdfplumber/nics-background-checks-2015-11-rotated.pdf",
                "pdfplumber/scotus-transcript-p1.pdf", "pdfplumber/150109DSP-Milw-505-90D.pdf"):
        layers = text_layers(REALDOCS / rel, 20)
        assert all(t is not None for t in layers), rel
    # a scan carrying only a small date stamp as text: OCR it
    assert text_layers(REALDOCS / "pdfplumber/malformed-from-issue-932.pdf", 5) == [None]


def test_junk_text_layer_page_is_ocred(tmp_path: Path) -> None:
    img = scan("clean", report_lines(case="24-454545"))
    junk = "\n".join(["Wkh rhvxsqw zdv fdxjkw gulylqj wkh vwrohq yhklfoh qhdu wkh pdoo"] * 4)
    f = image_with_text_layer(tmp_path / "junk.pdf", img, junk)
    info = inspect_file(f, LIMITS)
    assert plan_pages(f, info, OCR) == [PagePlan(0, None)]
    page = ocr_page(f, "pdf", 0, OCR, LIMITS)
    assert "24-454545" in page.text


def test_image_with_text_stamp_is_ocred(tmp_path: Path) -> None:
    img = scan("clean", report_lines(case="24-565656"))
    f = image_with_text_layer(tmp_path / "stamp.pdf", img, "RECEIVED 03/15/2024 RECORDS UNIT")
    assert plan_pages(f, inspect_file(f, LIMITS), OCR) == [PagePlan(0, None)]


# ---------------------------------------------------------------- OCR of each input kind


def test_scanned_pdf_page(tmp_path: Path) -> None:
    f = scanned_pdf(tmp_path / "scan.pdf", [scan("clean", report_lines(case="24-003817"))])
    page = read(f)
    assert "Case No: 24-003817" in page.text
    assert "Harrington" in page.text and "482KLM" in page.text
    assert page.method == "ocr" and page.confidence > 0.8 and page.rotation == 0
    assert page.width == 2550 and abs(page.height - 1650) <= 1 and page.dpi == 300
    assert page.text.count("\n") >= 5  # line breaks kept


def test_multipage_g4_tiff(tmp_path: Path) -> None:
    f = tiff(tmp_path / "fax.tif", [clean_page(report_lines(case="24-000101")),
                                     clean_page(report_lines(case="24-000202"))])
    info = inspect_file(f, LIMITS)
    assert info.page_count == 2
    p2 = ocr_page(f, "tiff", 1, OCR, LIMITS)
    assert "24-000202" in p2.text and p2.number == 2


def test_fax_standard_resolution_is_made_square(tmp_path: Path) -> None:
    img = scan("fax", report_lines(case="24-777001"), seed=3)
    img = img.resize((img.width, img.width * 0 + round(img.height * (98 / img.info["dpi"][1]))))
    f = tiff(tmp_path / "fax.tif", [img], dpi=(204, 98))
    gray, dpi = images.load_image(f, "tiff", 0, LIMITS)
    assert dpi == 204 and abs(gray.shape[0] - img.height * 204 / 98) <= 2
    page = ocr_page(f, "tiff", 0, OCR, LIMITS)
    assert "24-777001" in page.text
    assert (page.width, page.height) == (img.width, img.height)  # original pixels
    box = next(w.box for w in page.words if "24-777001" in w.text)
    assert box.top + box.height <= img.height


def test_bilevel_fax_is_smoothed_and_form_lines_stay_on_one_line(tmp_path: Path) -> None:
    f = tiff(tmp_path / "fax.tif", [scan("fax", ["CITATION", "NAME: Lang, Rodney Brian",
                                                 "CITATION NUMBER: X1494096"], seed=5)],
             dpi=(204, 196))
    loaded = images.read_image(f, "tiff", 0, LIMITS)
    assert loaded.bilevel
    page = ocr_page(f, "tiff", 0, OCR, LIMITS)
    assert "smooth_bilevel" in page.steps
    assert "NAME: Lang, Rodney Brian" in page.text and "X1494096" in page.text
    gray, _ = images.load_image(f, "tiff", 0, LIMITS)
    assert "smooth_bilevel" not in images.preprocess(gray, 204).steps  # only when told bilevel


def test_png_page(tmp_path: Path) -> None:
    f = tmp_path / "p.png"
    scan("blurred", report_lines(case="24-313131")).save(f, dpi=(300, 300))
    assert "24-313131" in read(f).text


def test_jpeg_exif_rotation_is_applied(tmp_path: Path) -> None:
    f = jpeg_with_exif_rotation(tmp_path / "phone.jpg", clean_page(report_lines(case="24-868686")))
    gray, _ = images.load_image(f, "jpeg", 0, LIMITS)
    assert gray.shape == (1650, 2550)  # upright landscape-shaped half page, as displayed
    page = read(f)
    assert "24-868686" in page.text and page.rotation == 0


def test_upside_down_page_is_read_and_boxes_map_back(tmp_path: Path) -> None:
    f = scanned_pdf(tmp_path / "ud.pdf", [scan("upside_down", report_lines(case="24-909090"))])
    page = read(f)
    assert page.rotation == 180
    assert "Case No: 24-909090" in page.text
    # on the original (upside-down) image the case line is near the bottom and to the right
    box = next(w.box for w in page.words if w.text == "24-909090")
    assert box.top > page.height * 0.6 and box.left > page.width * 0.3


def test_sideways_page_is_turned(tmp_path: Path) -> None:
    lines = report_lines(case="24-575757") + ["The officer wrote the report at the station."] * 3
    upright = clean_page(lines)
    f = tmp_path / "side.png"
    upright.transpose(Image.Transpose.ROTATE_90).save(f, dpi=(300, 300))  # turned counter-clockwise
    page = read(f)
    assert page.rotation == 90 and "24-575757" in page.text
    assert (page.width, page.height) == (1650, 2550)


def test_skew_is_measured_and_corrected(tmp_path: Path) -> None:
    page_img = clean_page(report_lines(case="24-121212"))
    rotated = page_img.rotate(3.0, resample=Image.Resampling.BICUBIC, fillcolor=255)
    rotated.info["dpi"] = (300, 300)
    f = scanned_pdf(tmp_path / "skew.pdf", [rotated])
    page = read(f)
    assert abs(page.skew - 3.0) < 0.4  # positive: the page was turned counter-clockwise
    assert any(s.startswith("deskew") for s in page.steps)
    assert "24-121212" in page.text


def test_heavy_noise_page(tmp_path: Path) -> None:
    f = scanned_pdf(tmp_path / "noise.pdf", [scan("heavy_noise", report_lines(case="24-626262"))])
    page = read(f)
    assert "24-626262" in page.text
    assert any(s.startswith("denoise") for s in page.steps)


def test_preprocess_leaves_clean_page_alone() -> None:
    gray = np.asarray(scan("clean"))
    pp = images.preprocess(gray, 300)
    assert pp.steps == [] and pp.rotation == 0 and pp.image.shape == gray.shape


def test_render_page_honours_rotate() -> None:
    f = REALDOCS / "pdfplumber/nics-background-checks-2015-11-rotated.pdf"
    if not f.exists():
        pytest.skip("../shared/realdocs is not available")
    img = render_page(f, 0, 72, LIMITS)
    assert img.shape == (1008, 612) and img.dtype == np.uint8


@pytest.mark.slow
def test_realdocs_rotated_skewed_scan() -> None:
    f = REALDOCS / "ocrmypdf/rotated_skew.pdf"
    if not f.exists():
        pytest.skip("../shared/realdocs is not available")
    page = ocr_page(f, "pdf", 0, OCR, LIMITS)
    assert page.confidence > 0.8 and len(page.text) > 500


# ---------------------------------------------------------------- errors and pickling


def test_ocr_errors_are_translated() -> None:
    img = np.full((200, 400), 255, np.uint8)
    with pytest.raises(OcrFailedError):
        ocr.ocr_image(img, language="nosuchlang", timeout_s=30)
    big = np.asarray(scan("heavy_noise"))
    with pytest.raises(OcrTimeoutError) as e:
        ocr.ocr_image(big, timeout_s=0.01)
    assert e.value.transient and e.value.reason == "ocr_timeout"


def test_ocr_page_runs_in_a_process_pool(tmp_path: Path) -> None:
    pickle.dumps(ocr_page)
    f = tmp_path / "p.png"
    clean_page(report_lines(case="24-515151")).save(f, dpi=(300, 300))
    with ProcessPoolExecutor(max_workers=1) as pool:
        page = pool.submit(ocr_page, f, "png", 0, OCR, LIMITS).result(timeout=120)
    assert "24-515151" in page.text


def test_degrade_is_deterministic() -> None:
    from synth.degrade import SCAN_KINDS, degrade

    base = clean_page()
    for kind in SCAN_KINDS:
        a = degrade(base, kind, random.Random(5))
        b = degrade(base, kind, random.Random(5))
        assert np.array_equal(np.asarray(a), np.asarray(b)), kind
