"""Where page OCR runs: a local process pool (one tesseract per core) or a Dask cluster.

- No Dask scheduler configured (`settings.prefect.dask_scheduler_address` empty): the ingest flow's
  page tasks run in its thread pool and each hands its page to a process pool of
  `settings.ocr_workers` processes on this machine (bounded: never more tesseracts than cores).
- A scheduler address (`tcp://host:8786`): page tasks run on that Dask cluster through
  prefect-dask's DaskTaskRunner, one page per Dask task, in a sub-flow of the ingest flow (a flow's
  task runner is fixed when it starts, and deployments load flows by entrypoint, so the choice is
  made at run time by calling a sub-flow with the runner from the settings).

Dask workers must see the input file at the same path (a shared inbox volume) and run with
OMP_THREAD_LIMIT=1.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prefect.task_runners import TaskRunner

    from casefolio.settings import Settings

log = logging.getLogger(__name__)

#: Threads of the ingest flow's own task runner: page tasks mostly wait on the process pool.
FLOW_THREADS = 16

#: Without a pool (one OCR worker, or a Dask worker), pages are OCRed one at a time in this
#: process even though the flow's task threads run concurrently: one tesseract per core.
INLINE_OCR_LOCK = threading.Lock()

_pool: Executor | None = None
_pool_workers = 0
_pool_guard = threading.Lock()


def flow_task_runner() -> TaskRunner:
    """The ingest flow's default task runner: a bounded thread pool."""
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=FLOW_THREADS)


def dask_address(settings: Settings) -> str:
    """The configured Dask scheduler address, or "" for local OCR."""
    return settings.prefect.dask_scheduler_address.strip()


def page_task_runner(settings: Settings) -> TaskRunner | None:
    """A DaskTaskRunner on the configured scheduler, or None to OCR pages on this machine."""
    address = dask_address(settings)
    if not address:
        return None
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as e:  # pragma: no cover - prefect-dask is installed with the project
        raise RuntimeError("a Dask scheduler is configured but prefect-dask is not installed "
                           "(pip install prefect-dask)") from e
    return DaskTaskRunner(address=address)


def local_page_pool(workers: int) -> Executor | None:
    """This process's OCR process pool (shared by every flow run here); None for one worker."""
    global _pool, _pool_workers
    if workers <= 1:
        return None
    with _pool_guard:
        if _pool is None or _pool_workers != workers:
            from pipelines.ingest import make_page_pool

            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            os.environ.setdefault("OMP_THREAD_LIMIT", "1")
            _pool = make_page_pool(workers)
            _pool_workers = workers
            log.debug("started an OCR pool of %d processes", workers)
        return _pool


def reset_page_pool(broken: Any = None) -> None:
    """Forget the pool (after a worker crashed, or at shutdown) so the next page starts a new one."""
    global _pool
    with _pool_guard:
        if _pool is not None and (broken is None or broken is _pool):
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None
