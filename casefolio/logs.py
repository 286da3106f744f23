"""Logging set-up: rich on a terminal, plain timestamped lines otherwise (services, CI)."""

from __future__ import annotations

import logging
import sys


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is when a record is logged, like logging's last-resort handler:
    a stream bound once would outlive its owner (a test runner swaps stderr and closes the old one,
    and background threads -- the watcher, an SMTP test server -- log after that)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure_logging(level: str = "INFO") -> None:
    """Configure the root logger once; quiet the chatty third-party loggers."""
    root = logging.getLogger()
    if getattr(configure_logging, "_done", False):
        root.setLevel(level)
        return
    if sys.stderr.isatty():
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(show_path=False, rich_tracebacks=True)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("pdfminer", "PIL", "urllib3", "botocore", "watchfiles", "httpx", "asyncio",
                  "pypdf", "prefect", "minio", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    configure_logging._done = True  # type: ignore[attr-defined]
