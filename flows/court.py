"""The daily court packet flow: packets ahead of each appearance, reminders, mail retries.

Wraps the plain steps of pipelines/packets.py and pipelines/notify.py (`packets.run_daily` is the
same thing without Prefect, used by `casefolio packets daily`). Scheduled by flows/deployments.py on
`settings.court.packet_cron`. Delivery retries on a transient SMTP outage with Prefect's backoff;
whatever is still undelivered stays in the outbox for the next run. Logs carry counts, badge
numbers and outbox ids only.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from base.errors import MailUnavailable
from base.settings import Settings, load_settings
from flows.ingest import retry_options
from pipelines import notify, packets
from storage.index import Index
from storage.objects import open_store

log = logging.getLogger(__name__)

ACTOR = "flow:daily_packets"


@task(name="queue-packets", persist_result=False, cache_policy=NO_CACHE)
def queue_packets_task(settings: Settings, today: date) -> dict[str, Any]:
    """Build and queue each officer's packet with new or changed appearances in the window."""
    index = Index(settings.database_url)
    try:
        report = packets.queue_packets(
            index, open_store(settings.storage_url), settings.court, today,
            today + timedelta(days=settings.court.days_ahead), actor=ACTOR, new_only=True)
        return {"queued": report.queued, "updates": report.updates,
                "unchanged": len(report.unchanged)}
    finally:
        index.close()


@task(name="queue-reminders", persist_result=False, cache_policy=NO_CACHE)
def queue_reminders_task(settings: Settings, today: date) -> list[int]:
    """Queue a reminder for appearances `court.reminder_days` from today."""
    if settings.court.reminder_days <= 0:
        return []
    index = Index(settings.database_url)
    try:
        return packets.queue_reminders(index,
                                       today + timedelta(days=settings.court.reminder_days))
    finally:
        index.close()


@task(name="deliver-outbox", persist_result=False, cache_policy=NO_CACHE)
def deliver_task(settings: Settings) -> dict[str, Any]:
    """Send everything due; raise (so the task is retried) when the server was unavailable."""
    index = Index(settings.database_url)
    try:
        report = notify.deliver_pending(index, open_store(settings.storage_url), settings,
                                        actor=ACTOR)
    finally:
        index.close()
    if report.error and (report.deferred or report.failed) and settings.smtp_host:
        raise MailUnavailable(report.error)  # transient: Prefect retries the task
    return {"sent": report.sent, "failed": report.failed, "deferred": report.deferred,
            "error": report.error}


def run_steps(settings: Settings, today: date, deliver: Any = None) -> dict[str, Any]:
    """The flow's body over plain callables (tests call it with Prefect-free functions)."""
    queued = queue_packets_task(settings, today)
    reminders = queue_reminders_task(settings, today)
    delivery = (deliver or deliver_task)(settings)
    return {"today": today.isoformat(), **queued, "reminders": reminders, **delivery}


@flow(name="daily-packets", flow_run_name="daily-packets-{today}", persist_result=False)
def daily_packets(today: str | None = None) -> dict[str, Any]:
    """Packets `court.days_ahead` days ahead of each appearance (new or changed ones), reminders
    `court.reminder_days` ahead, and delivery of everything due in the outbox."""
    logger = get_run_logger()
    settings = load_settings()
    day = date.fromisoformat(today) if today else date.today()
    opts = retry_options(settings.prefect)
    deliver = deliver_task.with_options(**opts)
    try:
        summary = run_steps(settings, day, deliver)
    except MailUnavailable as e:
        logger.warning("mail server unavailable after retries (%s); messages wait in the "
                       "outbox for the next run", e.reason)
        return {"today": day.isoformat(), "error": e.message}
    logger.info("daily packets %s: %d packet(s) queued (%d updates), %d reminder(s), %d sent, "
                "%d failed", day, len(summary["queued"]), len(summary["updates"]),
                len(summary["reminders"]), len(summary["sent"]), len(summary["failed"]))
    return summary
