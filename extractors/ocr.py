"""The one module that runs tesseract (through pytesseract).

Each call starts one tesseract process for one page, with `OMP_THREAD_LIMIT=1` in the child's
environment: on a 2-core machine tesseract's own OpenMP threads make a page many times slower, and
pages are fanned out across cores by the caller instead. pytesseract and subprocess errors are
translated into `OcrFailedError` / `OcrTimeoutError` here.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from dataclasses import dataclass, field

import numpy as np

from base.errors import OcrFailedError, OcrTimeoutError
from base.models import Box, Word
from base.runtime import single_threaded_children

log = logging.getLogger(__name__)


@dataclass
class OcrResult:
    """Tesseract's reading of one image: text (lines joined with "\\n", blocks with a blank line),
    the words with boxes in the given image's pixels, and mean word confidence 0-1."""

    text: str
    words: list[Word] = field(default_factory=list)
    confidence: float = 0.0


@dataclass
class Orientation:
    """Tesseract OSD: the clockwise rotation that makes the page upright, and its confidence."""

    rotation: int
    confidence: float
    script: str = ""


def _run(fn, *args, timeout_s: float, what: str, **kwargs):
    """Call a pytesseract function with our environment and translate its errors."""
    import pytesseract

    try:
        single_threaded_children()  # pytesseract passes this process's environment on
        return fn(*args, timeout=timeout_s, **kwargs)
    except RuntimeError as e:
        # pytesseract raises RuntimeError("Tesseract process timeout") on timeout
        if "timeout" in str(e).lower():
            raise OcrTimeoutError(f"OCR took longer than {timeout_s:g} s on this page.") from e
        raise OcrFailedError(f"OCR failed on this page ({what}): {e}.") from e
    except subprocess.TimeoutExpired as e:
        raise OcrTimeoutError(f"OCR took longer than {timeout_s:g} s on this page.") from e
    except pytesseract.TesseractNotFoundError as e:
        raise OcrFailedError("The tesseract program is not installed on this machine.") from e
    except pytesseract.TesseractError as e:
        msg = str(getattr(e, "message", "") or e).strip().splitlines()
        raise OcrFailedError(f"OCR failed on this page ({what}): {msg[-1] if msg else e}.") from e
    except OSError as e:
        raise OcrFailedError(f"OCR could not be started ({what}): {e}.") from e


def _write_temp(img: np.ndarray, folder: str) -> str:
    """Write the image as uncompressed PGM for tesseract to read (PNG encoding of a full page
    costs seconds; PGM tens of milliseconds)."""
    import cv2

    if img.dtype != np.uint8:
        img = np.clip(img, 0, 255).astype(np.uint8)
    path = os.path.join(folder, "page.pgm")
    if not cv2.imwrite(path, img):
        raise OcrFailedError("OCR could not write its temporary page image.")
    return path


def ocr_image(
    img: np.ndarray,
    language: str = "eng",
    timeout_s: float = 180.0,
    psm: int | None = None,
    dpi: int = 300,
) -> OcrResult:
    """OCR one grayscale (or binary) uint8 image with tesseract and return text, words and confidence.

    Uses tesseract's TSV output (`image_to_data`). `psm` is tesseract's page segmentation mode
    (None: tesseract's default, automatic layout analysis); `dpi` the resolution tesseract assumes
    (preprocessing scales text to about 300 dpi size).
    """
    import tempfile

    import pytesseract

    # tessedit_do_invert=0: pages are dark text on light paper after preprocessing, so tesseract
    # need not read every doubtful line a second time inverted (that doubles its time on noise)
    config = f"--dpi {int(dpi)} -c tessedit_do_invert=0" + ("" if psm is None else f" --psm {psm}")
    with tempfile.TemporaryDirectory(prefix="casefolio-ocr-") as tmp:
        src = _write_temp(img, tmp)
        tsv = _run(
            pytesseract.image_to_data, src, lang=language, config=config,
            timeout_s=timeout_s, what="reading words",
        )
    return parse_tsv(tsv)


def parse_tsv(tsv: str) -> OcrResult:
    """Turn tesseract TSV output into an OcrResult (text with line breaks, words, mean confidence)."""
    words: list[Word] = []
    lines: list[list[str]] = []
    line_keys: list[tuple[int, int, int, int]] = []
    line_ids: dict[tuple[int, int, int, int], int] = {}
    rows = tsv.splitlines()
    for row in rows[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = parts[11].strip()
        if not text:
            continue
        if text == "|":
            text = "I"  # sans-serif capital I read as a bar; a lone bar is never meant in records
        try:
            page, block, par, line = (int(p) for p in parts[1:5])
            left, top, width, height = (float(p) for p in parts[6:10])
            conf = float(parts[10])
        except ValueError:
            continue
        key = (page, block, par, line)
        if key not in line_ids:
            line_ids[key] = len(lines)
            lines.append([])
            line_keys.append(key)
        lid = line_ids[key]
        lines[lid].append(text)
        words.append(
            Word(
                text=text,
                box=Box(left, top, width, height),
                confidence=max(0.0, min(1.0, conf / 100.0)),
                line=lid,
                block=block,
            )
        )
    out: list[str] = []
    prev_block: tuple[int, int] | None = None
    for key, toks in zip(line_keys, lines, strict=False):
        blk = (key[1], key[2])
        if prev_block is not None and blk != prev_block:
            out.append("")  # blank line between paragraphs/blocks
        out.append(" ".join(toks))
        prev_block = blk
    text = "\n".join(out)
    # confidence weighted by word length: long words read right matter more than stray marks
    if words:
        weights = np.array([len(w.text) for w in words], dtype=float)
        confs = np.array([w.confidence for w in words], dtype=float)
        confidence = float((weights * confs).sum() / weights.sum())
    else:
        confidence = 0.0
    return OcrResult(text=text, words=words, confidence=confidence)


_OSD_ROT = re.compile(r"Rotate:\s*(\d+)")
_OSD_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")
_OSD_SCRIPT = re.compile(r"Script:\s*(\S+)")


def detect_orientation(img: np.ndarray, timeout_s: float = 60.0) -> Orientation | None:
    """Tesseract OSD (`--psm 0`): the clockwise rotation that makes the page upright.

    Returns None when tesseract finds too little text to decide (it then exits with an error).
    """
    import tempfile

    import pytesseract

    try:
        with tempfile.TemporaryDirectory(prefix="casefolio-osd-") as tmp:
            out = _run(pytesseract.image_to_osd, _write_temp(img, tmp), config="--psm 0 --dpi 300",
                       timeout_s=timeout_s, what="orientation")
    except OcrTimeoutError:
        raise
    except OcrFailedError as e:
        log.debug("OSD could not decide: %s", e)
        return None
    rot = _OSD_ROT.search(out)
    conf = _OSD_CONF.search(out)
    script = _OSD_SCRIPT.search(out)
    if not rot:
        return None
    return Orientation(
        rotation=int(rot.group(1)) % 360,
        confidence=float(conf.group(1)) if conf else 0.0,
        script=script.group(1) if script else "",
    )


def tesseract_info() -> tuple[str, set[str]]:
    """Tesseract's version and installed language data; OcrFailedError when it does not run."""
    import pytesseract

    version = _run(lambda timeout: pytesseract.get_tesseract_version(), timeout_s=30,
                   what="version")
    languages = _run(lambda timeout: pytesseract.get_languages(config=""), timeout_s=30,
                     what="languages")
    return str(version), set(languages)
