"""Where page OCR runs: this machine's worker processes (one per core) or a Dask cluster.

- No Dask scheduler configured (`settings.prefect.dask_scheduler_address` empty): the ingest flow's
  page tasks run in its thread pool and each hands its page to the worker processes of
  `pipelines/workers.py` (bounded: never more tesseracts than cores).
- A scheduler address (`tcp://host:8786`): page tasks run on that Dask cluster through
  prefect-dask's DaskTaskRunner, one page per Dask task, in a sub-flow of the ingest flow (a flow's
  task runner is fixed when it starts, and deployments load flows by entrypoint, so the choice is
  made at run time by calling a sub-flow with the runner from the settings).

Dask workers must see the input file at the same path (a shared inbox volume) and run with
OMP_THREAD_LIMIT=1.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from base.errors import ConfigurationError

if TYPE_CHECKING:
    from prefect.task_runners import TaskRunner

    from base.settings import Settings

log = logging.getLogger(__name__)

#: Threads of the ingest flow's own task runner: page tasks mostly wait on the process pool.
FLOW_THREADS = 16


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
        raise ConfigurationError("a Dask scheduler is configured but prefect-dask is not "
                                 "installed (pip install prefect-dask)") from e
    return DaskTaskRunner(address=address)
