"""Errors raised while reading input files.

Each class carries a stable `reason` (the quarantine folder name) and whether it is `transient`
(worth retrying later) or permanent. `pipelines/` turns them into outcomes in one place.
"""

from __future__ import annotations


class CasefolioError(Exception):
    """Base of every error the project raises on purpose."""

    reason: str = "error"
    transient: bool = False

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class InputError(CasefolioError):
    """The input file cannot be filed as it is."""

    reason = "unreadable"


class EmptyFileError(InputError):
    reason = "empty"


class EncryptedError(InputError):
    reason = "encrypted"


class UnreadableError(InputError):
    reason = "unreadable"


class TooLargeError(InputError):
    reason = "too_large"


class UnsupportedTypeError(InputError):
    reason = "unsupported_type"


class OcrFailedError(CasefolioError):
    reason = "ocr_failed"


class OcrTimeoutError(OcrFailedError):
    """Tesseract ran past its time limit; may succeed on a quieter machine."""

    transient = True
