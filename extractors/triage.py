"""First look at an incoming file: its hash, its type (by content), its page count, and the limits.

Nothing here decodes page images or renders pages before their declared sizes have been checked
against the limits, so a decompression bomb (a 35000 x 35000 image in 11 KB) is refused in bounded
memory and time. Errors are the classes in `base/errors.py`, each with a one-line message a
records clerk can act on.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from base.errors import (
    EmptyFileError,
    TooLargeError,
    UnreadableError,
    UnsupportedTypeError,
)
from base.models import FileKind
from base.runtime import configure_pillow
from extractors.pdf import open_pdf, pdfium_guarded

if TYPE_CHECKING:
    from base.settings import LimitSettings

log = logging.getLogger(__name__)

_CHUNK = 1 << 20

MIME: dict[str, str] = {
    "pdf": "application/pdf",
    "tiff": "image/tiff",
    "jpeg": "image/jpeg",
    "png": "image/png",
}

# The smallest page we read at (dpi) when checking a PDF page's size against max_page_pixels; the
# renderer lowers its dpi for pages that would exceed the limit at the configured dpi.
MIN_RENDER_DPI = 150


@dataclass
class FileInfo:
    """What triage found: the file's kind (by content), its MIME type and its number of pages."""

    kind: FileKind
    mime: str
    page_count: int


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB chunks (hex digest)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sniff(head: bytes) -> str | None:
    """Kind of file from its first bytes: "pdf", "tiff", "jpeg", "png", or None when not one of them.

    A PDF header may be preceded by a little junk (as many readers allow), so the first 1 KiB is
    searched for `%PDF-`.
    """
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return None


def _describe_other(path: Path, head: bytes) -> str:
    """A clerk-friendly name for a file type we do not take."""
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, OSError):
            names = []
        if any(n.startswith("word/") for n in names):
            return "a Word document"
        if any(n.startswith("xl/") for n in names):
            return "an Excel spreadsheet"
        return "a ZIP archive"
    if head.startswith(b"GIF8"):
        return "a GIF image"
    if head.startswith(b"BM"):
        return "a BMP image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old-style Office document"
    try:
        head.decode("utf-8")
        return "a text file"
    except UnicodeDecodeError:
        return "an unrecognised file type"


def inspect_file(path: Path, limits: LimitSettings) -> FileInfo:
    """Identify a file by its content and check it against the limits before any page is decoded.

    Raises EmptyFileError, TooLargeError, EncryptedError, UnreadableError or UnsupportedTypeError
    (see `base/errors.py`) with a one-line message for the clerk.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError as e:
        raise UnreadableError(f"The file could not be read: {e.strerror or e}.") from e
    if size == 0:
        raise EmptyFileError("The file is empty (0 bytes); rescan or re-export it.")
    if size > limits.max_file_mb * 1024 * 1024:
        raise TooLargeError(
            f"The file is {size / 1048576:.0f} MB, over the {limits.max_file_mb:g} MB limit; "
            "split it into smaller files."
        )
    kind = sniff(head)
    if kind is None:
        what = _describe_other(path, head)
        raise UnsupportedTypeError(
            f"This file is {what}; only PDF, TIFF, JPEG and PNG scans can be filed."
        )
    if kind == "pdf":
        pages = _inspect_pdf(path, limits)
    else:
        pages = _inspect_image(path, kind, limits)
    log.debug("triage %s: kind=%s pages=%d", path.name, kind, pages)
    return FileInfo(kind=kind, mime=MIME[kind], page_count=pages)  # type: ignore[arg-type]


def _check_pages(count: int, limits: LimitSettings) -> None:
    if count > limits.max_pages:
        raise TooLargeError(
            f"The file has {count} pages, over the {limits.max_pages} page limit; split it."
        )


@pdfium_guarded
def _inspect_pdf(path: Path, limits: LimitSettings) -> int:
    """Open a PDF with PDFium (which repairs many broken files) and check every page's sizes."""
    import pypdfium2 as pdfium

    doc = open_pdf(path)
    try:
        count = len(doc)
        if count == 0:
            raise UnreadableError("The PDF has no pages.")
        _check_pages(count, limits)
        for i in range(count):
            try:
                page = doc[i]
            except pdfium.PdfiumError as e:
                raise UnreadableError(f"Page {i + 1} of the PDF is damaged and cannot be read.") from e
            try:
                for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
                    iw, ih = obj.get_px_size()
                    if iw * ih > limits.max_page_pixels:
                        raise TooLargeError(
                            f"Page {i + 1} holds a {iw} x {ih} pixel image, over the "
                            f"{limits.max_page_pixels:,} pixel limit; rescan at a lower resolution."
                        )
                w, h = page.get_size()
                if w * h * (MIN_RENDER_DPI / 72.0) ** 2 > limits.max_page_pixels:
                    raise TooLargeError(
                        f"Page {i + 1} is {w / 72:.0f} x {h / 72:.0f} inches, too large to read."
                    )
            finally:
                page.close()
        return count
    finally:
        doc.close()


def _inspect_image(path: Path, kind: str, limits: LimitSettings) -> int:
    """Check an image file's frames: declared size first, then a full decode of each frame."""
    from PIL import Image

    configure_pillow(limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                count = getattr(im, "n_frames", 1) or 1
                _check_pages(count, limits)
                for i in range(count):
                    im.seek(i)
                    w, h = im.size
                    if w * h > limits.max_page_pixels:
                        raise TooLargeError(
                            f"Page {i + 1} is a {w} x {h} pixel image, over the "
                            f"{limits.max_page_pixels:,} pixel limit; rescan at a lower resolution."
                        )
                    im.load()  # truncated or corrupt data fails here
                return count
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise TooLargeError(
            f"The image is over the {limits.max_page_pixels:,} pixel limit; "
            "rescan at a lower resolution."
        ) from e
    except TooLargeError:
        raise
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        raise UnreadableError(
            f"The {kind.upper()} image is damaged or truncated and cannot be read."
        ) from e
