"""Triage: type by content, page counts, limits, and every error class (incl. real hostile files)."""

from __future__ import annotations

import hashlib
import io
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from base.errors import (
    EmptyFileError,
    EncryptedError,
    TooLargeError,
    UnreadableError,
    UnsupportedTypeError,
)
from base.settings import LimitSettings
from extractors.triage import inspect_file, sha256_file
from tests.docgen import REALDOCS, clean_page, scanned_pdf, tiff, write_pdf

LIMITS = LimitSettings()


def realdoc(rel: str) -> Path:
    path = REALDOCS / rel
    if not path.exists():
        pytest.skip("../shared/realdocs is not available")
    return path


def test_sha256_matches_hashlib(tmp_path: Path) -> None:
    data = b"x" * 3_000_001
    f = tmp_path / "a.bin"
    f.write_bytes(data)
    assert sha256_file(f) == hashlib.sha256(data).hexdigest()


def test_type_is_taken_from_content_not_name(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "report.pdf", [["Case 24-000001"], ["page two"]])
    disguised = tmp_path / "photo.jpg"
    disguised.write_bytes(pdf.read_bytes())
    info = inspect_file(disguised, LIMITS)
    assert (info.kind, info.mime, info.page_count) == ("pdf", "application/pdf", 2)

    png = tmp_path / "scan.pdf"
    clean_page().save(png, format="PNG")
    info = inspect_file(png, LIMITS)
    assert (info.kind, info.mime, info.page_count) == ("png", "image/png", 1)

    jpg = tmp_path / "scan.tif"
    clean_page().save(jpg, format="JPEG")
    assert inspect_file(jpg, LIMITS).kind == "jpeg"


def test_multipage_g4_tiff_page_count(tmp_path: Path) -> None:
    f = tiff(tmp_path / "fax.bin", [clean_page(), clean_page(), clean_page()])
    info = inspect_file(f, LIMITS)
    assert (info.kind, info.mime, info.page_count) == ("tiff", "image/tiff", 3)


def test_empty_file(tmp_path: Path) -> None:
    f = tmp_path / "empty.pdf"
    f.write_bytes(b"")
    with pytest.raises(EmptyFileError) as e:
        inspect_file(f, LIMITS)
    assert e.value.reason == "empty" and "empty" in e.value.message


def test_file_over_size_limit(tmp_path: Path) -> None:
    f = tmp_path / "big.png"
    clean_page().save(f, format="PNG")
    with pytest.raises(TooLargeError) as e:
        inspect_file(f, LimitSettings(max_file_mb=0.001))
    assert "MB" in e.value.message and e.value.reason == "too_large"


def test_too_many_pages(tmp_path: Path) -> None:
    f = write_pdf(tmp_path / "long.pdf", [["p"]] * 4)
    with pytest.raises(TooLargeError, match="4 pages"):
        inspect_file(f, LimitSettings(max_pages=3))


def test_image_over_pixel_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    f = tmp_path / "huge.png"
    Image.new("1", (12000, 12000), 1).save(f)
    t = time.perf_counter()
    with pytest.raises(TooLargeError, match="pixel"):
        inspect_file(f, LimitSettings(max_page_pixels=50_000_000))
    assert time.perf_counter() - t < 2.0


def test_pdf_image_over_pixel_limit(tmp_path: Path) -> None:
    f = scanned_pdf(tmp_path / "scan.pdf", [clean_page()])
    with pytest.raises(TooLargeError, match="pixel"):
        inspect_file(f, LimitSettings(max_page_pixels=1_000_000))


def test_decompression_bomb_pdf_refused_fast() -> None:
    f = realdoc("ocrmypdf/hugemono.pdf")
    t = time.perf_counter()
    with pytest.raises(TooLargeError) as e:
        inspect_file(f, LIMITS)
    assert time.perf_counter() - t < 2.0
    assert "\n" not in e.value.message


def test_password_pdf_is_encrypted() -> None:
    with pytest.raises(EncryptedError, match="password"):
        inspect_file(realdoc("pdfplumber/password-example.pdf"), LIMITS)


def test_generated_password_pdf_is_encrypted(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    src = write_pdf(tmp_path / "a.pdf", [["Case 24-000001"]])
    w = PdfWriter(clone_from=PdfReader(str(src)))
    w.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    f = tmp_path / "locked.pdf"
    with open(f, "wb") as fh:
        w.write(fh)
    with pytest.raises(EncryptedError) as e:
        inspect_file(f, LIMITS)
    assert e.value.reason == "encrypted"


@pytest.mark.parametrize("rel", ["ocrmypdf/invalid.pdf"])
def test_invalid_pdf_is_unreadable(rel: str) -> None:
    with pytest.raises(UnreadableError) as e:
        inspect_file(realdoc(rel), LIMITS)
    assert e.value.reason == "unreadable"


def test_empty_realdoc() -> None:
    with pytest.raises(EmptyFileError):
        inspect_file(realdoc("pdfplumber/empty.pdf"), LIMITS)


@pytest.mark.parametrize("rel", ["pdfplumber/malformed-from-issue-932.pdf", "ocrmypdf/kcs.pdf",
                                 "ocrmypdf/ccitt.pdf", "ocrmypdf/jbig2.pdf"])
def test_malformed_but_readable_pdfs_pass(rel: str) -> None:
    info = inspect_file(realdoc(rel), LIMITS)
    assert info.kind == "pdf" and info.page_count == 1


def test_truncated_images_are_unreadable(tmp_path: Path) -> None:
    for fmt, name in (("PNG", "t.png"), ("JPEG", "t.jpg"), ("TIFF", "t.tif")):
        buf = io.BytesIO()
        clean_page().save(buf, format=fmt)
        data = buf.getvalue()
        f = tmp_path / name
        f.write_bytes(data[: len(data) // 2])
        with pytest.raises(UnreadableError, match="damaged or truncated"):
            inspect_file(f, LIMITS)


def test_truncated_pdf_is_unreadable(tmp_path: Path) -> None:
    src = write_pdf(tmp_path / "a.pdf", [["Case 24-000001"]] * 3)
    data = src.read_bytes()
    f = tmp_path / "cut.pdf"
    f.write_bytes(data[:200])
    with pytest.raises(UnreadableError):
        inspect_file(f, LIMITS)


def test_docx_and_text_are_unsupported(tmp_path: Path) -> None:
    docx = tmp_path / "report.pdf"  # the name lies
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UnsupportedTypeError, match="Word document") as e:
        inspect_file(docx, LIMITS)
    assert e.value.reason == "unsupported_type" and "\n" not in e.value.message

    txt = tmp_path / "notes.tif"
    txt.write_text("Case 24-000001 notes\n")
    with pytest.raises(UnsupportedTypeError, match="text file"):
        inspect_file(txt, LIMITS)

    gif = tmp_path / "x.gif"
    Image.new("L", (10, 10)).save(gif, format="GIF")
    with pytest.raises(UnsupportedTypeError, match="GIF"):
        inspect_file(gif, LIMITS)
