"""The ingest flow: one flow run per input file, page OCR as mapped tasks.

It runs the same plain steps as `Ingestor.ingest_file` (pipelines/ingest.py), each as a task:

    preflight (sha256, dedupe, triage) -> pages (text layer, or OCR mapped per page)
    -> build_document (extraction) -> file_document (objects, index, leave the inbox)

Tasks that touch storage or the database retry with exponential backoff, but ONLY when the error
is transient (`CasefolioError.transient`: storage or database unavailable, OCR timeout). A permanent
error (an encrypted PDF, an unreadable file) is never retried: the file is quarantined with its
reason at once. When the retries run out the file stays in the inbox for the watcher to try later.

Run names and logs carry the file name and the document id only; never names, plates or text.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State

from casefolio.settings import (
    LimitSettings,
    OcrSettings,
    PrefectSettings,
    Settings,
    load_settings,
)
from extractors import pages as page_reader
from extractors.errors import CasefolioError, OcrFailedError
from extractors.models import Document, Page
from extractors.triage import FileInfo
from flows import runners
from pipelines.ingest import Ingestor
from pipelines.outcome import IngestOutcome

log = logging.getLogger(__name__)

_ingestors: dict[tuple[str, str, str], Ingestor] = {}
_ingestors_guard = threading.Lock()


# --- shared state of one worker process --------------------------------------------------------


def get_ingestor(settings: Settings) -> Ingestor:
    """One Ingestor (store + index connections) per settings in this process, reused by runs."""
    key = (str(settings.home), settings.storage_url, settings.database_url)
    with _ingestors_guard:
        ingestor = _ingestors.get(key)
        if ingestor is None:
            ingestor = Ingestor(settings, actor="flow:ingest")
            _ingestors[key] = ingestor
        else:
            ingestor.settings = settings
        return ingestor


def reset_ingestors() -> None:
    """Close and forget the cached Ingestors (tests; settings changed)."""
    with _ingestors_guard:
        for ingestor in _ingestors.values():
            ingestor.close()
            ingestor.index.close()
        _ingestors.clear()


# --- retries: transient errors only ------------------------------------------------------------


def _exception_of(state: State) -> BaseException | None:
    data = state.data
    if isinstance(data, BaseException):
        return data
    try:
        result = state.result(raise_on_failure=False)
    except Exception:  # noqa: BLE001 - no result to look at: treat as permanent
        return None
    return result if isinstance(result, BaseException) else None


def is_transient(exc: BaseException | None) -> bool:
    """Whether an error is worth retrying: storage/database unavailable, OCR timeout."""
    return isinstance(exc, CasefolioError) and bool(exc.transient)


def retry_if_transient(task: Any, task_run: TaskRun, state: State) -> bool:
    """Prefect `retry_condition_fn`: retry a failed task only for a transient error."""
    exc = _exception_of(state)
    retry = is_transient(exc)
    reason = getattr(exc, "reason", type(exc).__name__ if exc else "unknown")
    log.debug("task run %s failed (%s): %s", task_run.name, reason,
              "will retry" if retry else "permanent, not retried")
    return retry


def retry_options(p: PrefectSettings) -> dict[str, Any]:
    """Task options: N retries with doubling delays, for transient errors only."""
    delays = [min(p.retry_backoff_max_s, p.retry_backoff_s * 2 ** i)
              for i in range(max(0, p.task_retries))]
    return {"retries": max(0, p.task_retries), "retry_delay_seconds": delays or 0,
            "retry_condition_fn": retry_if_transient}


# --- names ---------------------------------------------------------------------------------


def _file_name(parameters: dict[str, Any]) -> str:
    return Path(str(parameters.get("path", "?"))).name


def _flow_run_name() -> str:
    from prefect.runtime import flow_run

    return f"ingest {_file_name(flow_run.parameters)}"


def _task_name(prefix: str):
    def name(parameters: dict[str, Any]) -> str:
        doc = parameters.get("doc")
        if isinstance(doc, Document):
            return f"{prefix} {doc.source_name} {doc.id}"
        suffix = f" p{parameters['index'] + 1}" if "index" in parameters else ""
        return f"{prefix} {_file_name(parameters)}{suffix}"
    return name


def _rename_flow_run(name: str) -> None:
    """Put the document id into the flow run's name once it is known (best effort)."""
    from prefect import get_client
    from prefect.runtime import flow_run

    run_id = flow_run.id
    if not run_id:
        return
    try:
        with get_client(sync_client=True) as client:
            client.update_flow_run(run_id, name=name)
    except Exception as e:  # noqa: BLE001 - a name is cosmetic; never fail the file for it
        log.debug("could not rename flow run %s: %s", run_id, e)


# --- tasks -----------------------------------------------------------------------------------

_TASK = {"persist_result": False, "cache_policy": NO_CACHE}


@task(name="preflight", task_run_name=_task_name("preflight"), **_TASK)
def preflight_task(path: Path, move: bool,
                   settings: Settings) -> tuple[str, FileInfo, list[page_reader.PagePlan]] | IngestOutcome:
    """Checksum, dedupe (a duplicate ends here), triage, and which pages need OCR.

    One task rather than two: every task run costs the Prefect server work, and planning reads
    only the text layer.
    """
    checked = get_ingestor(settings).preflight(path, move=move)
    if isinstance(checked, IngestOutcome):
        return checked
    sha, info = checked
    return sha, info, page_reader.plan_pages(path, info, settings.ocr)


@task(name="ocr-page", task_run_name=_task_name("ocr"), **_TASK)
def ocr_page_task(path: Path, kind: str, index: int, ocr: OcrSettings, limits: LimitSettings,
                  workers: int = 1) -> Page:
    """OCR one page: in this process's OCR pool (workers > 1), else right here (e.g. on Dask)."""
    pool = runners.local_page_pool(workers)
    if pool is None:
        with runners.INLINE_OCR_LOCK:
            return page_reader.ocr_page(path, kind, index, ocr, limits)
    try:
        return pool.submit(page_reader.ocr_page, path, kind, index, ocr, limits).result()
    except BrokenProcessPool as e:
        runners.reset_page_pool(pool)
        raise OcrFailedError(f"the page reader crashed on page {index + 1}: {e}") from e


@task(name="file-document", task_run_name=_task_name("file"), **_TASK)
def file_document_task(path: Path, sha: str, info: FileInfo, pages: list[Page], move: bool,
                       settings: Settings) -> IngestOutcome:
    """Extract facts, store the objects, commit the index, and only then leave the inbox.

    One task rather than two: every task run costs the Prefect server work, and the document
    (with its text) then never travels as a task parameter.
    """
    ingestor = get_ingestor(settings)
    return ingestor.file_document(path, ingestor.build_document(path, sha, info, pages), move=move)


# --- page fan-out ------------------------------------------------------------------------------


def _map_ocr(path: Path, kind: str, indexes: list[int], ocr: OcrSettings, limits: LimitSettings,
             prefect_settings: PrefectSettings, workers: int) -> list[Page]:
    """Map the OCR task over pages in the current flow's task runner; wait for every page."""
    from prefect import unmapped

    if not indexes:
        return []
    ocr_task = ocr_page_task.with_options(**retry_options(prefect_settings))
    n = len(indexes)
    futures = ocr_task.map(path=[path] * n, kind=[kind] * n, index=indexes, ocr=unmapped(ocr),
                           limits=unmapped(limits), workers=unmapped(workers))
    return list(futures.result())


@flow(name="ocr-pages-dask", persist_result=False, validate_parameters=False)
def ocr_pages_dask(path: Path, kind: str, indexes: list[int], ocr: OcrSettings,
                   limits: LimitSettings, prefect_settings: PrefectSettings) -> list[Page]:
    """Sub-flow run with a DaskTaskRunner: one Dask task per page, OCRed on the cluster.

    Takes only the OCR, limit and retry sections (flow parameters are sent to the Prefect API;
    the whole settings object would carry secrets).
    """
    return _map_ocr(path, kind, indexes, ocr, limits, prefect_settings, workers=1)


def read_pages(path: Path, info: FileInfo, plans: list[page_reader.PagePlan],
               settings: Settings) -> list[Page]:
    """Every page: text-layer pages here, the others OCRed as mapped tasks (locally or on Dask)."""
    pages = {p.index: page_reader.text_page(p, path, info) for p in plans if p.text is not None}
    to_ocr = [p.index for p in plans if p.text is None]
    runner = runners.page_task_runner(settings) if to_ocr else None
    if runner is not None:
        sub = ocr_pages_dask.with_options(task_runner=runner,
                                          flow_run_name=f"ocr-pages {path.name}")
        ocred = sub(path, info.kind, to_ocr, settings.ocr, settings.limits, settings.prefect)
    else:
        ocred = _map_ocr(path, info.kind, to_ocr, settings.ocr, settings.limits, settings.prefect,
                         workers=settings.ocr_workers)
    pages.update(dict(zip(to_ocr, ocred, strict=True)))
    return [pages[i] for i in sorted(pages)]


# --- the flow --------------------------------------------------------------------------------


def _internal_error(e: Exception) -> CasefolioError:
    err = CasefolioError(f"internal error: {type(e).__name__}: {e}")
    err.reason = "internal_error"
    return err


def _orchestration_error(e: Exception) -> CasefolioError:
    err = CasefolioError(f"the Prefect API failed ({type(e).__name__}); will try again")
    err.reason = "orchestration_unavailable"
    err.transient = True
    return err


def _is_orchestration_error(e: Exception) -> bool:
    import httpx
    from prefect.exceptions import PrefectHTTPStatusError

    return isinstance(e, httpx.HTTPError | PrefectHTTPStatusError)


def ingest_steps(path: Path, move: bool, settings: Settings) -> IngestOutcome:
    """The steps as tasks; errors propagate (after retries) to `ingest_file`."""
    opts = retry_options(settings.prefect)
    checked = preflight_task.with_options(**opts)(path, move, settings)
    if isinstance(checked, IngestOutcome):
        return checked
    sha, info, plans = checked
    try:
        pages = read_pages(path, info, plans, settings)
        outcome = file_document_task.with_options(**opts)(path, sha, info, pages, move, settings)
        if outcome.document_id:
            _rename_flow_run(f"ingest {path.name} {outcome.document_id}")
        return outcome
    except CasefolioError as e:
        e.sha256 = sha  # type: ignore[attr-defined]
        raise


@flow(name="ingest-file", flow_run_name=_flow_run_name, persist_result=False,
      task_runner=runners.flow_task_runner(), log_prints=False)
def ingest_file(path: str, move: bool = False) -> dict[str, Any]:
    """Ingest one file; returns its outcome (filed, duplicate, quarantined or retry) as a dict.

    The flow itself completes for every outcome (quarantine is a handled outcome); a transient
    failure whose retries ran out leaves the file where it is, with status "retry".
    """
    started = time.monotonic()
    logger = get_run_logger()
    settings = load_settings()
    source = Path(path)
    ingestor = get_ingestor(settings)
    try:
        outcome = ingest_steps(source, move, settings)
    except CasefolioError as e:
        outcome = ingestor.fail(source, e, move=move)
    except Exception as e:
        if _is_orchestration_error(e):
            outcome = ingestor.fail(source, _orchestration_error(e), move=move)
        else:
            logger.exception("unexpected error while ingesting %s", source.name)
            outcome = ingestor.fail(source, _internal_error(e), move=move)
    outcome.seconds = round(time.monotonic() - started, 3)
    _log_outcome(logger, source, outcome)
    return asdict(outcome)


def _log_outcome(logger: Any, source: Path, outcome: IngestOutcome) -> None:
    if outcome.status == "filed":
        logger.info("filed %s as %s (%d pages, %s)", source.name, outcome.document_id,
                    outcome.pages, outcome.doc_type)
    elif outcome.status == "duplicate":
        logger.info("duplicate %s: already filed as %s", source.name, outcome.document_id)
    elif outcome.status == "quarantined":
        logger.warning("quarantined %s: %s", source.name, outcome.reason)
    else:
        logger.warning("%s stays in place for a later try: %s", source.name, outcome.reason)


def ingest_in_process(path: str, move: bool = False) -> dict[str, Any]:
    """Run the ingest flow in this process (the watcher's standalone and served modes).

    Without flow-run heartbeats: Prefect 3.8 joins its heartbeat thread at the end of every run,
    and that thread sleeps in whole seconds, which cost up to 1 s per file. An in-process run
    needs no crash detection from the server: if this process dies, the file is still in the
    inbox and is taken again. Deployment runs on workers keep their heartbeats.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return ingest_file(path, move=move)


def outcome_from_dict(data: dict[str, Any]) -> IngestOutcome:
    """The IngestOutcome a flow run returned."""
    return IngestOutcome(**data)


__all__ = ["file_document_task", "get_ingestor", "ingest_file", "ingest_in_process",
           "ocr_page_task", "outcome_from_dict", "preflight_task", "read_pages", "reset_ingestors",
           "retry_if_transient", "retry_options"]
