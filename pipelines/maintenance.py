"""Maintenance steps: re-verify stored originals' checksums and reconcile the index with the store.

Plain functions (no Prefect): flows/maintenance.py runs them weekly as tasks, and tests call them
directly. They only REPORT what is wrong; nothing is ever deleted or rewritten here (originals are
write-once evidence; a person decides what to do about a damaged or orphaned object).

Reports carry document ids, object keys and reasons only: never names, plates or text.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from base.errors import CasefolioError, IntegrityError, ObjectNotFound
from storage.index import Index, StoredRef
from storage.objects import ObjectStore

log = logging.getLogger(__name__)

#: Key prefixes of the objects a filed document owns (packets are the court pipeline's business).
DOCUMENT_PREFIXES = ("originals/", "searchable/", "text/")


@dataclass(frozen=True)
class Problem:
    """One thing found wrong: which document (if any), which object, and what."""

    key: str
    reason: str  # missing | damaged | size_mismatch | unreadable | orphan
    document_id: str | None = None
    detail: str = ""


@dataclass
class VerifyReport:
    """Outcome of re-hashing stored originals against the SHA-256 the index recorded."""

    checked: int = 0
    ok: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems


@dataclass
class ReconcileReport:
    """Index rows whose objects are missing, and stored objects no index row refers to."""

    documents: int = 0
    objects: int = 0
    missing: list[Problem] = field(default_factory=list)
    orphans: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.missing and not self.orphans


def iter_refs(index: Index, batch: int = 500) -> Iterator[StoredRef]:
    """Every filed document's object keys, by id, read in batches."""
    return index.iter_refs(batch)


def verify_original(store: ObjectStore, ref: StoredRef) -> Problem | None:
    """Re-read one original and compare its size and SHA-256 with the index; None when intact."""
    key = ref.original_key
    try:
        stat = store.stat(key)
        if ref.size and stat.size != ref.size:
            return Problem(key, "size_mismatch", ref.document_id,
                           f"stored {stat.size} bytes, filed {ref.size}")
        data = store.get_bytes(key)
    except ObjectNotFound:
        return Problem(key, "missing", ref.document_id, "the original is not in the store")
    except IntegrityError as e:  # the S3 backend's own checksum failed
        return Problem(key, "damaged", ref.document_id, e.message)
    except CasefolioError as e:
        return Problem(key, "unreadable", ref.document_id, e.message)
    actual = hashlib.sha256(data).hexdigest()
    if actual != ref.sha256:
        return Problem(key, "damaged", ref.document_id, "sha256 differs from the filed sha256")
    return None


def verify_checksums(index: Index, store: ObjectStore, *, limit: int | None = None) -> VerifyReport:
    """Re-hash every stored original (or the first `limit`) against the index's SHA-256."""
    report = VerifyReport()
    for ref in iter_refs(index):
        if limit is not None and report.checked >= limit:
            break
        report.checked += 1
        problem = verify_original(store, ref)
        if problem is None:
            report.ok += 1
        else:
            log.warning("document %s: original %s is %s", ref.document_id, problem.key,
                        problem.reason)
            report.problems.append(problem)
    log.info("verified %d originals: %d ok, %d problems", report.checked, report.ok,
             len(report.problems))
    return report


def stored_document_keys(store: ObjectStore) -> set[str]:
    """Every key under the document prefixes of the store."""
    keys: set[str] = set()
    for prefix in DOCUMENT_PREFIXES:
        keys.update(store.iter_keys(prefix))
    return keys


def reconcile(index: Index, store: ObjectStore) -> ReconcileReport:
    """Compare index rows with store keys both ways; report, never delete.

    Missing: a row refers to an object the store does not have (data loss; restore from backup).
    Orphan: an object no row refers to (usually a run that stored objects and then crashed before
    the index commit; the file is still in the inbox or quarantine and will be filed again).
    """
    report = ReconcileReport()
    stored = stored_document_keys(store)
    report.objects = len(stored)
    referenced: set[str] = set()
    for ref in iter_refs(index):
        report.documents += 1
        for key in ref.keys:
            referenced.add(key)
            if key not in stored:
                report.missing.append(Problem(key, "missing", ref.document_id,
                                              "the index refers to an object the store lacks"))
    for key in sorted(stored - referenced):
        report.orphans.append(Problem(key, "orphan", None, "no index row refers to this object"))
    log.info("reconciled %d documents with %d objects: %d missing, %d orphans", report.documents,
             report.objects, len(report.missing), len(report.orphans))
    return report


def write_report(folder: Path, verify: VerifyReport | None, recon: ReconcileReport | None) -> Path:
    """Write the maintenance findings as JSON under `folder`; return the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    path = folder / f"maintenance-{now.strftime('%Y%m%dT%H%M%SZ')}.json"
    body = {
        "at": now.isoformat(timespec="seconds"),
        "verify": asdict(verify) if verify else None,
        "reconcile": asdict(recon) if recon else None,
    }
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    return path


__all__ = ["Problem", "ReconcileReport", "StoredRef", "VerifyReport", "iter_refs", "reconcile",
           "verify_checksums", "verify_original", "write_report"]
