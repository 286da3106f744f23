"""Deployments and the service: what `casefolio serve` runs.

Three ways to run, chosen by the environment:

1. **Served here** (PREFECT_API_URL set, no work pool): the deployments `ingest-file/ingest`,
   `daily-packets/daily` (cron `settings.court.packet_cron`) and `maintenance/weekly` (cron
   `settings.prefect.maintenance_cron`) are registered and served by this process
   (`prefect.serve`); the watcher runs the ingest flow in this process for each file (warm OCR
   pool and models; every run is tracked on the server with its name, logs and retries).
2. **Work pool** (`--pool NAME` or `settings.prefect.work_pool`): the deployments are registered
   with that work pool (entrypoints by module path, so every worker imports the installed
   package), and the watcher starts one `ingest-file/ingest` flow run per file; workers on any
   number of machines (`prefect worker start --pool NAME`) execute them.
3. **Standalone** (no PREFECT_API_URL): no Prefect server, so the watcher runs the plain
   orchestrator in process and a small in-process clock starts the packet and maintenance flows
   on the same cron expressions (Prefect's ephemeral mode cannot run schedules).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from base.errors import ConfigurationError
from base.runtime import configure_process
from base.settings import Settings
from flows.watcher import (
    INGEST_DEPLOYMENT,
    DeploymentDispatcher,
    FlowDispatcher,
    api_url,
    dispatcher_for,
    run_watcher,
    start_watcher_thread,
)

if TYPE_CHECKING:
    from prefect import Flow
    from prefect.deployments.runner import RunnerDeployment

log = logging.getLogger(__name__)

COURT_NOTE = ("flows/court.py with a `daily_packets` flow is not present yet: the daily packet "
              "deployment is not registered (it is picked up automatically once it exists)")


def court_flow() -> Flow | None:
    """The daily court packet flow (flows/court.py, `daily_packets`), or None when missing.

    HOOK: flows/court.py is written separately; until it exists the packet deployment is left out
    and a warning says so.
    """
    try:
        from flows.court import daily_packets
    except ImportError as e:
        log.warning("%s (%s)", COURT_NOTE, e)
        return None
    return daily_packets


def _cron(expr: str, tz: str) -> Any:
    from prefect.schedules import Cron

    return Cron(expr, timezone=tz)


def build_deployments(settings: Settings, *, module_path: bool = False) -> list[RunnerDeployment]:
    """The service's deployments: watcher-fed ingest, daily packets (cron), weekly maintenance."""
    from prefect.deployments.runner import EntrypointType

    from flows.ingest import ingest_file
    from flows.maintenance import maintenance

    kind = EntrypointType.MODULE_PATH if module_path else EntrypointType.FILE_PATH
    tz = settings.court.timezone
    deployments = [
        ingest_file.to_deployment(
            name="ingest", concurrency_limit=max(1, settings.prefect.ingest_concurrency),
            description="Ingest one file (started by the inbox watcher, one run per file).",
            tags=["casefolio", "ingest"], entrypoint_type=kind),
        maintenance.to_deployment(
            name="weekly", schedules=[_cron(settings.prefect.maintenance_cron, tz)],
            description="Re-verify stored originals' checksums; reconcile index and store.",
            tags=["casefolio", "maintenance"], entrypoint_type=kind),
    ]
    packets = court_flow()
    if packets is not None:
        deployments.append(packets.to_deployment(
            name="daily", schedules=[_cron(settings.court.packet_cron, tz)],
            description="Build and email court packets for upcoming appearances.",
            tags=["casefolio", "court"], entrypoint_type=kind))
    return [cast("RunnerDeployment", d) for d in deployments]


def serve_here(settings: Settings, *, watch: bool = True,
               stop: threading.Event | None = None) -> None:
    """Register the deployments and serve them from this process; the watcher runs flows here."""
    import prefect

    stop = stop or threading.Event()
    deployments = build_deployments(settings)
    if watch:
        start_watcher_thread(settings, FlowDispatcher(settings), stop)
    log.info("serving %d deployments against %s", len(deployments), api_url())
    try:
        prefect.serve(*deployments, limit=max(2, settings.prefect.ingest_concurrency + 2),
                      pause_on_shutdown=False)  # a packet run due while down runs on restart
    finally:
        stop.set()


def deploy_to_pool(settings: Settings, pool: str) -> list[Any]:
    """Register the deployments with a work pool (workers on other machines run them).

    Entrypoints are module paths (`flows.ingest.ingest_file`), so a worker needs casefolio
    installed, not a copy of the source tree; no image is built or pushed. (`RunnerDeployment.apply`
    rather than `prefect.deploy`: the latter's worker listing fails against this server version.)
    """
    _ensure_pool(pool)
    return [d.apply(work_pool_name=pool) for d in build_deployments(settings, module_path=True)]


def _ensure_pool(pool: str) -> None:
    """Create a `process` work pool of that name when there is none."""
    from prefect import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            try:
                client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
                log.info("created work pool %s (type process)", pool)
            except ObjectAlreadyExists:
                pass


def watch_for_pool(settings: Settings, stop: threading.Event | None = None) -> None:
    """Run the watcher in the foreground, starting one deployment run per file."""
    stop = stop or threading.Event()
    dispatcher = DeploymentDispatcher(settings, INGEST_DEPLOYMENT)
    try:
        run_watcher(settings, dispatcher, stop)
    finally:
        dispatcher.close()


# --- standalone: no Prefect server ---------------------------------------------------------------


@dataclass
class Job:
    """A flow started by the in-process clock on a cron expression."""

    name: str
    cron: str
    run: Callable[[], Any]
    next_at: datetime | None = field(default=None)


def next_time(cron: str, after: datetime) -> datetime:
    """The next time after `after` matching a cron expression (in after's timezone)."""
    from cronsim import CronSim

    return next(CronSim(cron, after))


def standalone_jobs(settings: Settings) -> list[Job]:
    """The scheduled flows, for the in-process clock."""
    from flows.maintenance import maintenance

    jobs = [Job("maintenance", settings.prefect.maintenance_cron, lambda: maintenance())]
    packets = court_flow()
    if packets is not None:
        jobs.append(Job("daily-packets", settings.court.packet_cron, lambda: packets()))
    return jobs


def run_clock(jobs: list[Job], tz: str, stop: threading.Event, tick_s: float = 30.0) -> None:
    """Start each job when its cron time comes, until `stop` is set (one job at a time)."""
    zone = ZoneInfo(tz)
    now = datetime.now(zone)
    for job in jobs:
        job.next_at = next_time(job.cron, now)
        log.info("%s next runs at %s", job.name, job.next_at.isoformat(timespec="minutes"))
    while not stop.wait(tick_s):
        now = datetime.now(zone)
        for job in jobs:
            if job.next_at is not None and now >= job.next_at:
                job.next_at = next_time(job.cron, now)
                try:
                    job.run()
                except Exception:
                    log.exception("scheduled %s failed", job.name)


def run_standalone(settings: Settings, *, watch: bool = True,
                   stop: threading.Event | None = None) -> None:
    """No Prefect server: watcher + in-process clock, flows run in this process."""
    stop = stop or threading.Event()
    if watch:
        start_watcher_thread(settings, dispatcher_for(settings), stop)
    try:
        run_clock(standalone_jobs(settings), settings.court.timezone, stop)
    finally:
        stop.set()


def serve(settings: Settings, *, pool: str | None = None, watch: bool = True,
          stop: threading.Event | None = None) -> str:
    """What `casefolio serve` does; returns the mode it ran in (served, pool or standalone)."""
    configure_process(settings.limits)
    pool = pool or settings.prefect.work_pool or None
    if not api_url():
        if pool:
            raise ConfigurationError("a work pool needs a Prefect server: set PREFECT_API_URL")
        log.warning("PREFECT_API_URL is not set: running standalone (no Prefect server; "
                    "schedules run in this process)")
        run_standalone(settings, watch=watch, stop=stop)
        return "standalone"
    if pool:
        ids = deploy_to_pool(settings, pool)
        log.info("registered %d deployments with work pool %s", len(ids), pool)
        if watch:
            watch_for_pool(settings, stop)
        return "pool"
    serve_here(settings, watch=watch, stop=stop)
    return "served"
