"""The outcome of ingesting one file: filed, duplicate, quarantined (with reason) or retry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from base.errors import CasefolioError

Status = Literal["filed", "duplicate", "quarantined", "retry"]


@dataclass
class IngestOutcome:
    """What became of one input file."""

    source: str
    status: Status
    document_id: str | None = None
    reason: str | None = None
    message: str = ""
    pages: int = 0
    seconds: float = 0.0
    sha256: str | None = None
    doc_type: str | None = None
    needs_review: bool = False

    @property
    def ok(self) -> bool:
        return self.status in ("filed", "duplicate")

    @classmethod
    def later(cls, source: str, error: CasefolioError) -> IngestOutcome:
        """The outcome of a transient failure: the file stays where it is for a later try."""
        return cls(source=source, status="retry", reason=error.reason, message=error.message,
                   sha256=error.sha256)
