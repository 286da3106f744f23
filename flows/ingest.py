"""The ingest flow: one flow run per input file, the steps of `pipelines/ingest.py` as tasks.

The flow runs the plain orchestrator (`pipelines.ingest.ingest_file`) with Prefect-task versions of
its steps, so the order of the steps and the mapping of errors to outcomes live in one place:

    preflight (task) -> read_pages (OCR mapped per page: local workers or Dask)
    -> prepare_document (in a worker) -> file_document (task)

Tasks that touch storage or the database retry with exponential backoff, but ONLY when the error
is transient (`CasefolioError.transient`). A permanent error is never retried: the file is
quarantined with its reason at once. When the retries run out the file stays in the inbox for the
watcher to try later. Prefect API failures are translated here, at Prefect's boundary, into
`OrchestrationUnavailable` (transient), so an orchestration outage never quarantines a file.

Run names and logs carry the file name and the document id only; never names, plates or text.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State

from base.errors import CasefolioError, OrchestrationUnavailable
from base.models import Page
from base.settings import LimitSettings, OcrSettings, PrefectSettings, Settings, load_settings
from extractors import pages as page_reader
from flows import runners
from pipelines import ingest
from pipelines.ingest import Checked, Ingestor, Prepared, Steps
from pipelines.outcome import IngestOutcome
from pipelines.workers import shared_workers

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

_ingestors: dict[str, Ingestor] = {}
_ingestors_guard = threading.Lock()


# --- shared state of one worker process --------------------------------------------------------


def get_ingestor(settings: Settings) -> Ingestor:
    """One Ingestor (store, index, workers) per distinct settings in this process, reused by runs."""
    key = hashlib.sha256(settings.model_dump_json().encode()).hexdigest()
    with _ingestors_guard:
        ingestor = _ingestors.get(key)
        if ingestor is None:
            workers = shared_workers(settings.ocr_workers, settings.limits)
            ingestor = _ingestors[key] = Ingestor(settings, workers=workers, actor="flow:ingest")
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


def retry_if_transient(task: Any, task_run: TaskRun, state: State) -> bool:
    """Prefect `retry_condition_fn`: retry a failed task only for a transient error."""
    exc = _exception_of(state)
    retry = isinstance(exc, CasefolioError) and exc.transient
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


def orchestration_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn` with Prefect API failures translated into OrchestrationUnavailable (transient)."""
    import httpx
    from prefect.exceptions import PrefectHTTPStatusError

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except (httpx.HTTPError, PrefectHTTPStatusError) as e:
            raise OrchestrationUnavailable(
                f"the Prefect API failed ({type(e).__name__}); will try again") from e

    return call


# --- names ---------------------------------------------------------------------------------


def _file_name(parameters: dict[str, Any]) -> str:
    return Path(str(parameters.get("path", "?"))).name


def _flow_run_name() -> str:
    from prefect.runtime import flow_run

    return f"ingest {_file_name(flow_run.parameters)}"


def _task_name(prefix: str) -> Any:  # Prefect's callback Protocol does not type plain functions
    def name(parameters: dict[str, Any]) -> str:
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


# --- the steps as tasks ------------------------------------------------------------------------



@task(name="preflight", task_run_name=_task_name("preflight"), persist_result=False, cache_policy=NO_CACHE)
def preflight_task(path: Path, ing: Ingestor, move: bool) -> Checked | IngestOutcome:
    """`pipelines.ingest.preflight` as a task."""
    return ingest.preflight(path, ing, move)


@task(name="ocr-page", task_run_name=_task_name("ocr"), persist_result=False, cache_policy=NO_CACHE)
def ocr_page_task(path: Path, kind: str, index: int, ocr: OcrSettings, limits: LimitSettings,
                  workers: int = 1) -> Page:
    """OCR one page: in this process's workers (local), or right here (on a Dask worker)."""
    pool = shared_workers(workers, limits)
    return pool.result(pool.submit(page_reader.ocr_page, path, kind, index, ocr, limits),
                       f"reading page {index + 1}")


@task(name="file-document", task_run_name=_task_name("file"), persist_result=False, cache_policy=NO_CACHE)
def file_document_task(path: Path, prepared: Prepared, ing: Ingestor, move: bool) -> IngestOutcome:
    """`pipelines.ingest.file_document` as a task (renames the run once the id is known)."""
    outcome = ingest.file_document(path, prepared, ing, move)
    if outcome.document_id:
        _rename_flow_run(f"ingest {path.name} {outcome.document_id}")
    return outcome


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


def read_pages_mapped(path: Path, checked: Checked, ing: Ingestor) -> list[Page]:
    """`pipelines.ingest.read_pages` with OCR as mapped tasks (locally or on Dask)."""
    s = ing.settings
    text_pages = ing.workers.run(page_reader.read_text_pages, path, checked.info, s.ocr)
    to_ocr = [i for i, page in enumerate(text_pages) if page is None]
    runner = runners.page_task_runner(s) if to_ocr else None
    if runner is not None:
        sub = ocr_pages_dask.with_options(task_runner=cast(Any, runner),
                                          flow_run_name=f"ocr-pages {path.name}")
        ocred = sub(path, checked.info.kind, to_ocr, s.ocr, s.limits, s.prefect)
    else:
        ocred = _map_ocr(path, checked.info.kind, to_ocr, s.ocr, s.limits, s.prefect,
                         workers=s.ocr_workers)
    read = dict(zip(to_ocr, ocred, strict=True))
    return [page if page is not None else read[i] for i, page in enumerate(text_pages)]


def task_steps(settings: Settings) -> Steps:
    """The orchestrator's steps as Prefect tasks with retries for transient errors."""
    opts = retry_options(settings.prefect)
    return Steps(
        preflight=orchestration_errors(preflight_task.with_options(**opts)),
        read_pages=orchestration_errors(read_pages_mapped),
        prepare_document=ingest.prepare_document,  # in a worker; nothing transient to retry
        file_document=orchestration_errors(file_document_task.with_options(**opts)),
    )


# --- the flow --------------------------------------------------------------------------------


def _in_flow_run(record: logging.LogRecord) -> bool:
    from prefect.context import FlowRunContext

    return FlowRunContext.get() is not None


def _ship_logs_to_prefect() -> None:
    """Send the ingest pipeline's log lines (file name, id, type, reason) to the flow run's log
    (only lines logged inside a flow run: the plain CLI path logs to the console alone)."""
    from prefect.logging.handlers import APILogHandler

    logger = logging.getLogger(ingest.__name__)
    if not any(isinstance(h, APILogHandler) for h in logger.handlers):
        handler = APILogHandler()
        handler.addFilter(_in_flow_run)
        logger.addHandler(handler)
        if logger.getEffectiveLevel() > logging.INFO:
            logger.setLevel(logging.INFO)


@flow(name="ingest-file", flow_run_name=_flow_run_name, persist_result=False,
      task_runner=cast(Any, runners.flow_task_runner()), log_prints=False)
def ingest_file(path: str, move: bool = False) -> dict[str, Any]:
    """Ingest one file; returns its outcome (filed, duplicate, quarantined or retry) as a dict.

    The flow itself completes for every outcome (quarantine is a handled outcome); a transient
    failure whose retries ran out leaves the file where it is, with status "retry".
    """
    _ship_logs_to_prefect()
    settings = load_settings()
    outcome = ingest.ingest_file(Path(path), get_ingestor(settings), move=move,
                                 steps=task_steps(settings))
    return asdict(outcome)


def ingest_in_process(path: str, move: bool = False) -> dict[str, Any]:
    """Run the ingest flow in this process (the watcher's served mode).

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
           "ocr_page_task", "outcome_from_dict", "preflight_task", "read_pages_mapped",
           "reset_ingestors", "retry_if_transient", "retry_options", "task_steps"]
