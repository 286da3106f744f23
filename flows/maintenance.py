"""The weekly maintenance flow: re-verify stored originals' checksums, reconcile index and store,
anchor the audit log's head in the object store and verify the audit trail.

Wraps the plain steps of pipelines/maintenance.py. Findings are logged as counts and document ids
(never names) and written as a JSON report under HOME/reports/; nothing is deleted or repaired.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from base.settings import Settings, load_settings
from flows.ingest import retry_options
from pipelines import maintenance as steps
from pipelines.audit_trail import TrailCheck, anchor_head, verify_trail
from storage.index import Index
from storage.objects import open_store

log = logging.getLogger(__name__)



@task(name="verify-checksums", persist_result=False, cache_policy=NO_CACHE)
def verify_task(settings: Settings, limit: int | None) -> steps.VerifyReport:
    """Re-hash stored originals against the index."""
    index = Index(settings.database_url, create=False)
    try:
        return steps.verify_checksums(index, open_store(settings.storage_url), limit=limit)
    finally:
        index.close()


@task(name="reconcile-index-store", persist_result=False, cache_policy=NO_CACHE)
def reconcile_task(settings: Settings) -> steps.ReconcileReport:
    """Index rows without objects, and objects without index rows."""
    index = Index(settings.database_url, create=False)
    try:
        return steps.reconcile(index, open_store(settings.storage_url))
    finally:
        index.close()


@task(name="audit-trail", persist_result=False, cache_policy=NO_CACHE)
def audit_task(settings: Settings) -> TrailCheck:
    """Anchor the audit log's head, then check its chain and every anchor."""
    index = Index(settings.database_url, create=False)
    try:
        store = open_store(settings.storage_url)
        anchor_head(index, store, datetime.now(UTC))
        return verify_trail(index, store)
    finally:
        index.close()


@flow(name="maintenance", flow_run_name="maintenance", persist_result=False)
def maintenance(verify: bool = True, reconcile: bool = True,
                verify_limit: int | None = None) -> dict[str, Any]:
    """Check the archive; return the counts (the details are in the JSON report)."""
    logger = get_run_logger()
    settings = load_settings()
    opts = retry_options(settings.prefect)
    checked = verify_task.with_options(**opts)(settings, verify_limit) if verify else None
    recon = reconcile_task.with_options(**opts)(settings) if reconcile else None
    trail = audit_task.with_options(**opts)(settings)
    report = steps.write_report(settings.home / "reports", checked, recon)
    summary = _summary(checked, recon)
    summary["report"] = str(report)
    summary["audit_trail_ok"] = trail.ok
    if not trail.ok:
        logger.warning("audit trail: chain breaks at entry %s; anchors gone or differing: %s",
                       trail.first_bad, ", ".join(trail.broken_anchors) or "none")
    if checked is not None:
        for p in checked.problems:
            logger.warning("document %s: original %s %s", p.document_id, p.key, p.reason)
    if recon is not None:
        for p in recon.missing:
            logger.warning("document %s: object %s missing from the store", p.document_id, p.key)
        if recon.orphans:
            logger.warning("%d stored objects belong to no document (see %s)",
                           len(recon.orphans), report.name)
    logger.info("maintenance: %s", {k: v for k, v in summary.items() if k != "report"})
    return summary


def _summary(checked: steps.VerifyReport | None,
             recon: steps.ReconcileReport | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if checked is not None:
        out.update(verified=checked.checked, verified_ok=checked.ok,
                   damaged_or_missing=len(checked.problems))
    if recon is not None:
        out.update(documents=recon.documents, objects=recon.objects,
                   missing_objects=len(recon.missing), orphan_objects=len(recon.orphans))
    out["clean"] = bool((checked is None or checked.clean) and (recon is None or recon.clean))
    return out
