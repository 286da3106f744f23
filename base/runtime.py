"""Process-wide settings of the libraries casefolio runs on, set in one place.

`configure_process` is called once by every process that reads pages (the CLI, the service and
each page worker): tesseract and OpenCV run one thread each (pages fan out across processes, one
per core; on a 2-core machine tesseract's own OpenMP threads made a page 25x slower), and Pillow
refuses images over the configured pixel limit (decompression bombs).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from base.settings import LimitSettings


def single_threaded_children() -> None:
    """Make child processes (tesseract) run with one OpenMP thread."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def configure_process(limits: LimitSettings | None = None) -> None:
    """One thread per library in this process, and Pillow's pixel limit from `limits`."""
    single_threaded_children()
    try:
        import cv2

        cv2.setNumThreads(1)
    except ImportError:  # pragma: no cover - OpenCV is a dependency
        pass
    if limits is not None:
        configure_pillow(limits)


def configure_pillow(limits: LimitSettings) -> None:
    """Pillow refuses (DecompressionBombError) images over the configured pixel limit."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = limits.max_page_pixels
