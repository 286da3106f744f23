"""Logging set-up: rich on a terminal, plain timestamped lines otherwise (services, CI)."""

from __future__ import annotations

import logging
import sys


def configure_logging(level: str = "INFO") -> None:
    """Configure the root logger once; quiet the chatty third-party loggers."""
    root = logging.getLogger()
    if getattr(configure_logging, "_done", False):
        root.setLevel(level)
        return
    if sys.stderr.isatty():
        from rich.logging import RichHandler  # noqa: PLC0415

        handler: logging.Handler = RichHandler(show_path=False, rich_tracebacks=True)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("pdfminer", "PIL", "urllib3", "botocore", "watchfiles", "httpx", "asyncio",
                  "pypdf", "prefect", "minio", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    configure_logging._done = True  # type: ignore[attr-defined]
