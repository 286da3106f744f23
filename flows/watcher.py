"""The watcher that feeds the ingest flow (Prefect has no file trigger, so the watcher starts runs).

`pipelines.inbox.watch_inbox` finds stable files and hands them to a dispatcher:

- `DeploymentDispatcher` (a Prefect server is configured): one flow run of the `ingest-file`
  deployment per file, started with `run_deployment(timeout=0)`, so the run is executed by whoever
  serves the deployment: `casefolio serve` on this machine, or workers of a work pool on many.
  It does not wait: files in flight are skipped on later ticks and their runs polled. A run that
  ended and took the file out of the inbox is done; a run that failed, crashed or left the file
  (status "retry") is tried again later with the watcher's backoff.
- `FlowDispatcher` (a Prefect server, no work pool): runs the ingest flow in this process, a few
  files at a time, each run tracked on the server.
- `PlainDispatcher` (no Prefect server): the plain orchestrator in this process.

Each of them ends in the same entry point, `pipelines.ingest.ingest_file`; `dispatcher_for` picks
one from the settings, for `casefolio watch` and `casefolio serve` alike.

The file system is the truth: a file is done exactly when it has left the inbox (filed, duplicate or
quarantined), so nothing depends on fetching a flow run's result from another machine.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from base.errors import FlowRunFailed, OrchestrationUnavailable
from base.settings import Settings
from pipelines.inbox import watch_inbox
from pipelines.ingest import Ingestor
from pipelines.outcome import IngestOutcome
from pipelines.workers import shared_workers

log = logging.getLogger(__name__)

#: The ingest deployment the watcher starts runs of: "<flow name>/<deployment name>".
INGEST_DEPLOYMENT = "ingest-file/ingest"


def _version(path: Path, attempt: int) -> str:
    """An idempotency key for one attempt at this version of a file.

    After a restart of the watcher, attempt 0 of a file finds the run it started before (still
    running: adopted; ended with the file in place: retried as attempt 1), so no file is
    submitted twice at once.
    """
    try:
        st = path.stat()
    except OSError:
        return f"ingest:{path}:gone:{attempt}"
    return f"ingest:{path}:{st.st_size}:{st.st_mtime_ns}:{attempt}"


@dataclass
class InFlight:
    """A flow run started for a file and not yet seen finished."""

    run_id: UUID
    started: float


class DeploymentDispatcher:
    """Start one deployment flow run per stable file; report files whose runs have ended."""

    def __init__(self, settings: Settings, deployment: str = INGEST_DEPLOYMENT,
                 client: Any = None) -> None:
        self.settings = settings
        self.deployment = deployment
        self.limit = max(1, settings.prefect.ingest_concurrency * 4)
        self.timeout_s = settings.prefect.ingest_timeout_s
        self._client = client
        self.in_flight: dict[Path, InFlight] = {}
        self.attempts: dict[Path, int] = {}

    def client(self) -> Any:
        """A synchronous Prefect client (opened once)."""
        if self._client is None:
            from prefect import get_client

            self._client = get_client(sync_client=True)
            self._client.__enter__()
        return self._client

    def close(self) -> None:
        """Close the client."""
        if self._client is not None:
            self._client.__exit__(None, None, None)
            self._client = None

    def __call__(self, ready: list[Path]) -> list[IngestOutcome]:
        try:
            outcomes = self.poll()
        except Exception as e:  # noqa: BLE001 - API down: keep the runs, look again next tick
            log.warning("cannot read flow runs from the Prefect API: %s", type(e).__name__)
            return []
        for path in ready:
            if path in self.in_flight or len(self.in_flight) >= self.limit:
                continue
            try:
                self.submit(path)
            except Exception as e:  # noqa: BLE001 - the file stays; the watcher backs off
                log.warning("cannot start an ingest run for %s: %s", path.name, type(e).__name__)
                outcomes.append(IngestOutcome.later(str(path), OrchestrationUnavailable(
                    "the Prefect API did not accept the run")))
        return outcomes

    def submit(self, path: Path) -> None:
        """Start a flow run of the ingest deployment for one file."""
        from prefect.client.schemas.objects import FlowRun
        from prefect.deployments import run_deployment

        attempt = self.attempts.get(path, 0)
        run = cast(FlowRun, run_deployment(
            self.deployment, parameters={"path": str(path), "move": True}, timeout=0,
            flow_run_name=f"ingest {path.name}", idempotency_key=_version(path, attempt),
            as_subflow=False))
        self.attempts[path] = attempt + 1
        self.in_flight[path] = InFlight(run.id, time.monotonic())
        log.info("started flow run %s for %s", run.id, path.name)

    def poll(self) -> list[IngestOutcome]:
        """Outcomes for files whose runs have ended (or hung past the timeout)."""
        done: list[IngestOutcome] = []
        for path, flight in list(self.in_flight.items()):
            state = self.client().read_flow_run(flight.run_id).state
            hung = time.monotonic() - flight.started > self.timeout_s
            if state is None or not (state.is_final() or hung):
                continue
            del self.in_flight[path]
            if not path.exists():
                self.attempts.pop(path, None)
            done.append(self._outcome(path, flight, state.type.value if state else "?", hung))
        return done

    @staticmethod
    def _outcome(path: Path, flight: InFlight, state: str, hung: bool) -> IngestOutcome:
        if not path.exists() and not hung:
            return IngestOutcome(source=str(path), status="filed",
                                 message=f"handled by flow run {flight.run_id}")
        why = "did not finish in time" if hung else f"ended {state.lower()} with the file in place"
        return IngestOutcome.later(str(path), FlowRunFailed(f"flow run {flight.run_id} {why}"))


class FlowDispatcher:
    """Standalone: run the ingest flow in this process for each file, a few at a time."""

    def __init__(self, settings: Settings,
                 flow_fn: Callable[..., dict[str, Any]] | None = None) -> None:
        self.settings = settings
        self.workers = max(1, settings.prefect.ingest_concurrency)
        self._flow_fn = flow_fn

    def _run_one(self, path: Path) -> IngestOutcome:
        from flows.ingest import ingest_in_process, outcome_from_dict

        fn = self._flow_fn or ingest_in_process
        try:
            return outcome_from_dict(fn(str(path), move=True))
        except Exception as e:  # noqa: BLE001 - the flow engine failed; keep the file, retry later
            log.warning("ingest flow for %s failed to run: %s", path.name, type(e).__name__)
            return IngestOutcome.later(str(path), FlowRunFailed(
                f"the ingest flow failed to run ({type(e).__name__})"))

    def __call__(self, ready: list[Path]) -> list[IngestOutcome]:
        with ThreadPoolExecutor(max_workers=min(self.workers, len(ready)),
                                thread_name_prefix="ingest-flow") as pool:
            return list(pool.map(self._run_one, ready))


class PlainDispatcher:
    """No Prefect server: the plain orchestrator in this process, on this process's workers."""

    def __init__(self, settings: Settings) -> None:
        workers = shared_workers(settings.ocr_workers, settings.limits)
        self.ingestor = Ingestor(settings, workers=workers, actor="watcher")

    def __call__(self, ready: list[Path]) -> list[IngestOutcome]:
        return self.ingestor.ingest_paths(ready, move=True)


def api_url() -> str:
    """The Prefect API this process talks to ("" when none: standalone)."""
    import os

    from prefect.settings import PREFECT_API_URL

    return (PREFECT_API_URL.value() or os.environ.get("PREFECT_API_URL") or "").strip()


Dispatcher = Callable[[list[Path]], list[IngestOutcome]]


def dispatcher_for(settings: Settings, pool: str | None = None) -> Dispatcher:
    """How stable files are ingested: flow runs on a work pool's workers (`pool`), flow runs in
    this process (a Prefect server is configured), or the plain orchestrator (no server)."""
    if pool:
        return DeploymentDispatcher(settings)
    if api_url():
        return FlowDispatcher(settings)
    return PlainDispatcher(settings)


def run_watcher(settings: Settings, dispatch: Callable[[list[Path]], list[IngestOutcome]],
                stop: threading.Event, inbox: Path | None = None) -> None:
    """Watch the inbox until `stop` is set, feeding stable files to `dispatch`."""
    folder = inbox or settings.inbox
    watch_inbox(folder, dispatch, quiet_s=settings.watch.quiet_seconds, poll=settings.watch.poll,
                stop=stop)


def start_watcher_thread(settings: Settings, dispatch: Callable[[list[Path]], list[IngestOutcome]],
                         stop: threading.Event, inbox: Path | None = None) -> threading.Thread:
    """The watcher in a daemon thread (the main thread serves deployments)."""
    thread = threading.Thread(target=_guarded, args=(settings, dispatch, stop, inbox),
                              name="casefolio-watcher", daemon=True)
    thread.start()
    return thread


def _guarded(settings: Settings, dispatch: Callable[[list[Path]], list[IngestOutcome]],
             stop: threading.Event, inbox: Path | None) -> None:
    """Keep the watcher alive: restart it after an unexpected error, with a pause."""
    while not stop.is_set():
        try:
            run_watcher(settings, dispatch, stop, inbox)
        except Exception:
            log.exception("the inbox watcher stopped unexpectedly; restarting in 10 s")
            stop.wait(10)
        else:
            return
