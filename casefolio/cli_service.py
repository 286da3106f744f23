"""`casefolio serve` and `casefolio doctor`: the service commands.

Registered on the main app in casefolio/cli.py:

    from casefolio.cli_service import doctor_command, serve_command
    app.command("serve")(serve_command)
    app.command("doctor")(doctor_command)

Only these two commands import Prefect (and only when they run), so every other command stays fast.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlparse

import typer

from base.settings import Settings
from casefolio.console import cli_settings, err, out


def serve_command(
    pool: Annotated[str | None, typer.Option(
        help="Register the deployments with this Prefect work pool (workers on other machines "
             "run them) instead of serving them here.")] = None,
    watch: Annotated[bool, typer.Option(help="Also watch the inbox and ingest what arrives.")]
    = True,
) -> None:
    """Run the service: inbox watcher, ingest flow, daily court packets, weekly maintenance.

    With PREFECT_API_URL set the deployments are registered with that Prefect server and served
    here (or by a work pool's workers with --pool); without it everything runs in this process.
    """
    # No usage telemetry leaves a police records system (also quiets the temporary server's log).
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from flows.deployments import serve

    settings = cli_settings()
    settings.ensure_folders()
    stop = threading.Event()
    _exit_on_sigterm(stop)
    try:
        mode = serve(settings, pool=pool, watch=watch, stop=stop)
    except KeyboardInterrupt:
        stop.set()
        return
    err.print(f"casefolio: service stopped ({mode})")


def _exit_on_sigterm(stop: threading.Event) -> None:
    """SIGTERM (docker stop, systemd) ends the service like Ctrl-C, so clean-up runs.

    (When deployments are served here, Prefect's runner installs its own graceful handler.)
    """
    def handler(signum: int, frame: object) -> None:
        stop.set()
        raise SystemExit(0)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


# --- doctor ---------------------------------------------------------------------------------


@dataclass
class Check:
    """One line of `casefolio doctor`: what was checked, whether it is fine, and what to do."""

    name: str
    ok: bool
    detail: str
    optional: bool = False


def check_tesseract(settings: Settings) -> Check:
    """Tesseract installed, its version, and the OCR language plus orientation (osd) data."""
    if shutil.which("tesseract") is None:
        return Check("tesseract", False, "the tesseract program is not installed (Debian: "
                     "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd)")
    from base.errors import OcrFailedError
    from extractors.ocr import tesseract_info

    try:
        version, languages = tesseract_info()
    except OcrFailedError as e:
        return Check("tesseract", False, e.message)
    wanted = set(settings.ocr.language.split("+")) | {"osd"}
    missing = sorted(wanted - languages)
    if missing:
        return Check("tesseract", False, f"version {version}, but language data missing: "
                     f"{', '.join(missing)} (Debian: apt-get install "
                     + " ".join(f"tesseract-ocr-{m}" for m in missing) + ")")
    threads = os.environ.get("OMP_THREAD_LIMIT")
    note = "" if threads == "1" else " (tip: OMP_THREAD_LIMIT=1 is set for each page anyway)"
    return Check("tesseract", True, f"version {version}; languages {', '.join(sorted(wanted))}"
                 + note)


def check_storage(settings: Settings) -> Check:
    """The object store answers, accepts the credentials and can be written."""
    from storage.objects import open_store

    where = _redact(settings.storage_url)
    try:
        open_store(settings.storage_url).check()
    except Exception as e:  # noqa: BLE001 - reported in plain words
        return Check("storage", False, f"{where}: {getattr(e, 'message', e)}")
    return Check("storage", True, where)


def check_database(settings: Settings) -> Check:
    """The index database accepts a connection and a query."""
    from storage.index import Index

    where = _redact(settings.database_url)
    try:
        index = Index(settings.database_url, create=False)
        try:
            index.check()
        finally:
            index.close()
    except Exception as e:  # noqa: BLE001 - reported in plain words
        return Check("database", False, f"{where}: {getattr(e, 'message', e)}")
    return Check("database", True, where)


def check_smtp(settings: Settings) -> Check:
    """The SMTP server accepts a connection (STARTTLS and login when configured)."""
    if not settings.smtp_host:
        return Check("smtp", True, "not configured (CASEFOLIO_SMTP_HOST unset): packets are "
                     "built but not emailed", optional=True)
    from pipelines.notify import Mailer

    where = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        Mailer(settings).check()
    except Exception as e:  # noqa: BLE001 - reported in plain words
        return Check("smtp", False, f"{where}: {getattr(e, 'message', e)}")
    return Check("smtp", True, where + (" (STARTTLS)" if settings.smtp_starttls else ""))


def check_prefect(settings: Settings) -> Check:
    """The Prefect API answers its health check (when PREFECT_API_URL is set)."""
    url = os.environ.get("PREFECT_API_URL", "").strip()
    if not url:
        return Check("prefect", True, "PREFECT_API_URL unset: `casefolio serve` runs standalone "
                     "(flows in process, schedules by its own clock)", optional=True)
    import httpx

    try:
        response = httpx.get(url.rstrip("/") + "/health", timeout=5.0)
    except httpx.HTTPError as e:
        return Check("prefect", False, f"cannot reach the Prefect server at {url} "
                     f"({type(e).__name__}); start it with `prefect server start`")
    if response.status_code != 200:
        return Check("prefect", False, f"the Prefect server at {url} answered HTTP "
                     f"{response.status_code} to its health check")
    return Check("prefect", True, f"{url} is healthy")


def check_dask(settings: Settings) -> Check:
    """The Dask scheduler accepts a TCP connection (when one is configured)."""
    address = settings.prefect.dask_scheduler_address.strip()
    if not address:
        return Check("dask", True, "no scheduler configured: pages are OCRed on each worker "
                     "machine", optional=True)
    parsed = urlparse(address if "://" in address else f"tcp://{address}")
    try:
        with socket.create_connection((parsed.hostname or "", parsed.port or 8786), timeout=5):
            pass
    except OSError as e:
        return Check("dask", False, f"cannot reach the Dask scheduler at {address}: "
                     f"{e.strerror or e}")
    return Check("dask", True, f"scheduler at {address} accepts connections")


CHECKS: list[Callable[[Settings], Check]] = [
    check_tesseract, check_storage, check_database, check_smtp, check_prefect, check_dask,
]


def run_checks(settings: Settings) -> list[Check]:
    """Every check, in order."""
    return [check(settings) for check in CHECKS]


def doctor_command() -> None:
    """Check tesseract, storage, database, SMTP and Prefect; say plainly what is wrong."""
    settings = cli_settings()
    checks = run_checks(settings)
    for c in checks:
        mark = "[green]ok[/]  " if c.ok else "[red]FAIL[/]"
        out.print(f"{mark} {c.name:<10} {c.detail}")
    failed = [c for c in checks if not c.ok]
    if failed:
        out.print(f"[red]{len(failed)} problem(s)[/]: {', '.join(c.name for c in failed)}")
        raise typer.Exit(1)
    out.print("everything casefolio needs is reachable")


def _redact(url: str) -> str:
    """A URL without its password."""
    parsed = urlparse(url)
    if not parsed.password:
        return url
    host = parsed.netloc.rsplit("@", 1)[-1]
    return parsed._replace(netloc=f"{parsed.username}:***@{host}").geturl()
