"""The ingest path, the one orchestrator: triage, dedupe, read pages, extract, file, and only then
leave the inbox.

    ingest_file(path, ingestor, move)
      preflight         parent   size, SHA-256, already filed? (duplicate ends here), then triage
                                 (type by content, page count, limits) in a worker
      read_pages        workers  text-layer pages, and OCR of the others, one job per page
      prepare_document  worker   extraction, and the searchable copy written to the work folder
      file_document     parent   objects to the store, one index transaction, leave the inbox
      outcome_for       parent   any exception -> retry later (transient) or quarantine (reason)

Every input ends as exactly one outcome (filed, duplicate, quarantined with a reason, or retry
later), decided by `outcome_for`. The steps are plain functions; `flows/ingest.py` runs the same
orchestrator with Prefect-task versions of them (`Steps`) for retries and tracking, and the
watcher calls this same entry point whether Prefect runs or not. All CPU-heavy work runs in the
worker processes (`pipelines/workers.py`); the parent checks, stores and commits.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from base.errors import (
    CasefolioError,
    EmptyFileError,
    InternalError,
    TooLargeError,
    UnreadableError,
    WorkerCrashed,
)
from base.models import Document, Extraction, FileKind, Officer, Page
from base.pagejson import pages_json
from base.settings import ArchiveSettings, ExtractionSettings, Settings
from extractors import pages as page_reader
from extractors.extract import extract
from extractors.searchable import build_searchable_pdf
from extractors.triage import MIME, FileInfo, inspect_file, sha256_file
from pipelines.court import load_roster, record_document_appearance
from pipelines.inbox import expand_paths
from pipelines.outcome import IngestOutcome
from pipelines.quarantine import quarantine_file
from pipelines.workers import Workers
from storage import objects
from storage.index import Index
from storage.objects import ObjectStore, open_store

log = logging.getLogger(__name__)


def new_document_id() -> str:
    """A time-ordered, unguessable 32-hex-digit id."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(10)}"


@dataclass
class Checked:
    """A file that passed preflight: its SHA-256 and what triage found."""

    sha256: str
    info: FileInfo


@dataclass
class Prepared:
    """A document ready to be filed, and its searchable copy in the work folder (None when the
    original is searchable already: a born-digital PDF)."""

    document: Document
    searchable: Path | None

    def discard(self) -> None:
        """Remove the searchable copy's work folder (once filed, or when filing failed)."""
        if self.searchable is not None:
            self.searchable.unlink(missing_ok=True)
            try:
                self.searchable.parent.rmdir()
            except OSError:
                pass


class Ingestor:
    """What the steps share: settings, the object store, the index, the workers, the roster.

    `ingest_file` and `ingest_paths` run the module's orchestrator with this context.
    """

    def __init__(self, settings: Settings, *, store: ObjectStore | None = None,
                 index: Index | None = None, workers: Workers | None = None,
                 actor: str = "ingest") -> None:
        self.settings = settings
        settings.ensure_folders()
        self.store = store or open_store(settings.storage_url)
        self.index = index or Index(settings.database_url)
        self._own_workers = workers is None
        self.workers = workers or Workers(settings.ocr_workers, settings.limits)
        self.actor = actor
        self._roster: list[Officer] | None = None
        self.commit_lock = threading.Lock()  # one index transaction at a time from this process

    def __enter__(self) -> Ingestor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes this ingestor started."""
        if self._own_workers:
            self.workers.close()

    def roster(self) -> list[Officer]:
        """The officer roster (read once per ingestor; empty until one is imported)."""
        if self._roster is None:
            self._roster = list(load_roster(self.index))
        return self._roster

    def ingest_file(self, path: Path, *, move: bool = False) -> IngestOutcome:
        """File one input (see the module's `ingest_file`)."""
        return ingest_file(path, self, move=move)

    def ingest_paths(self, paths: Sequence[Path], *, move: bool = False,
                     on_outcome: Callable[[IngestOutcome], None] | None = None
                     ) -> list[IngestOutcome]:
        """Ingest files and folders (see the module's `ingest_paths`)."""
        return ingest_paths(paths, self, move=move, on_outcome=on_outcome)


# --- the steps, in order -------------------------------------------------------------------------

def preflight(path: Path, ing: Ingestor, move: bool) -> Checked | IngestOutcome:
    """Checksum first: a duplicate outcome, or the SHA-256 and what the file is.

    Raises the InputError classes for files that cannot be filed.
    """
    check_size(path, ing.settings)
    sha = sha256_file(path)
    existing = ing.index.find_by_sha256(sha)
    if existing:
        return duplicate(path, sha, existing, move=move)
    try:
        return Checked(sha, ing.workers.run(inspect_file, path, ing.settings.limits))
    except CasefolioError as e:
        raise e.with_sha256(sha) from None


def check_size(path: Path, settings: Settings) -> None:
    """Refuse an empty file or one over the size limit before reading it."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise UnreadableError(f"cannot read the file: {e.strerror}") from e
    if size == 0:
        raise EmptyFileError("the file is empty (0 bytes)")
    limit = settings.limits.max_file_mb * 1024 * 1024
    if size > limit:
        raise TooLargeError(f"the file is {size / 1048576:.0f} MB, over the "
                            f"{settings.limits.max_file_mb:.0f} MB limit")


def read_pages(path: Path, checked: Checked, ing: Ingestor) -> list[Page]:
    """Every page: the text layer where it is real text, OCR elsewhere (one worker job a page)."""
    s = ing.settings
    text_pages = ing.workers.run(page_reader.read_text_pages, path, checked.info, s.ocr)
    running = {i: ing.workers.submit(page_reader.ocr_page, path, checked.info.kind, i, s.ocr,
                                     s.limits)
               for i, page in enumerate(text_pages) if page is None}
    read = {i: ing.workers.result(f, f"reading page {i + 1}") for i, f in running.items()}
    return [page if page is not None else read[i] for i, page in enumerate(text_pages)]


def prepare_document(path: Path, checked: Checked, pages: list[Page], ing: Ingestor) -> Prepared:
    """Extract facts and build the searchable copy (in a worker); the Document to file."""
    searchable = None
    if not (checked.info.kind == "pdf" and all(p.method == "text" for p in pages)):
        searchable = Path(tempfile.mkdtemp(dir=ing.settings.work_dir)) / "searchable.pdf"
    extraction = ing.workers.run(finish_in_worker, path, checked.info.kind, pages, searchable,
                                 ing.settings.extraction, ing.roster(), ing.settings.archive)
    sha, kind = checked.sha256, checked.info.kind
    doc = Document(
        id=new_document_id(), source_name=path.name, sha256=sha, kind=kind,
        size=path.stat().st_size, pages=pages, extraction=extraction,
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        original_key=objects.original_key(sha, kind),
        searchable_key=objects.searchable_key(sha) if searchable else objects.original_key(sha, kind),
        text_key=objects.text_key(sha),
    )
    return Prepared(doc, searchable)


def finish_in_worker(path: Path, kind: FileKind, pages: list[Page], searchable: Path | None,
                     settings: ExtractionSettings, roster: list[Officer],
                     archive: ArchiveSettings | None = None) -> Extraction:
    """The worker's half of `prepare_document`: the searchable copy (when wanted) and extraction."""
    if searchable is not None:
        build_searchable_pdf(path, kind, pages, searchable, archive)
    return extract(pages, settings, roster)


def file_document(path: Path, prepared: Prepared, ing: Ingestor, move: bool) -> IngestOutcome:
    """Store the objects, commit the index rows, and only then remove the source."""
    doc = prepared.document
    store_objects(ing.store, doc, path, prepared.searchable)
    with ing.commit_lock:
        filed = ing.index.add_document(doc, actor=ing.actor)
        if filed is None:  # another worker filed the same bytes first
            return duplicate(path, doc.sha256, ing.index.find_by_sha256(doc.sha256), move=move)
        record_appearance(doc, ing)
    if move:
        path.unlink(missing_ok=True)
    return IngestOutcome(source=str(path), status="filed", document_id=doc.id,
                         pages=len(doc.pages), sha256=doc.sha256,
                         doc_type=doc.extraction.doc_type, needs_review=doc.needs_review,
                         message=f"filed as {doc.extraction.doc_type}")


def object_metadata(doc: Document) -> dict[str, str]:
    """ASCII-only object metadata: ids, type and numbers, never names."""
    numbers = [e.value for e in doc.extraction.entities if e.kind == "case_number"]
    return {"document-id": doc.id, "doc-type": doc.extraction.doc_type,
            "case-numbers": ",".join(numbers)[:512], "sha256": doc.sha256}


def store_objects(store: ObjectStore, doc: Document, source: Path, searchable: Path | None) -> None:
    """Write the original (write-once), the searchable PDF and the pages JSON to the store."""
    meta = object_metadata(doc)
    store.put_file(doc.original_key, source, sha256=doc.sha256, content_type=MIME[doc.kind],
                   metadata=meta, retain=True)
    if searchable is not None:
        store.put_file(doc.searchable_key, searchable, sha256=objects.sha256_path(searchable),
                       content_type="application/pdf", metadata=meta)
    store.put_bytes(doc.text_key, pages_json(doc.pages), content_type="application/json",
                    metadata=meta)


def record_appearance(doc: Document, ing: Ingestor) -> None:
    """Add a subpoena's or citation's court appearance to the calendar (filed already: a failure
    here is logged, and the docket import catches up)."""
    if doc.extraction.appearance is None:
        return
    try:
        record_document_appearance(ing.index, doc)
    except CasefolioError as e:
        log.warning("could not record the appearance of %s: %s", doc.id, e.message)


def duplicate(path: Path, sha: str, existing: str | None, *, move: bool) -> IngestOutcome:
    """The outcome for bytes filed already (the inbox copy goes)."""
    if move:
        path.unlink(missing_ok=True)
    return IngestOutcome(source=str(path), status="duplicate", document_id=existing,
                         sha256=sha, message=f"already filed as {existing}")


def outcome_for(path: Path, error: Exception, ing: Ingestor, *, move: bool) -> IngestOutcome:
    """The outcome of a failed ingest: retry later when transient, else quarantine with reason.

    An exception that is not a CasefolioError is a bug: it is logged with its traceback and the
    file is quarantined as `internal_error`, so the service goes on and nothing is lost.
    """
    if not isinstance(error, CasefolioError):
        log.error("unexpected error while ingesting %s", path.name, exc_info=error)
        error = InternalError.wrap(error)
    if error.transient:
        return IngestOutcome.later(str(path), error)
    entry = quarantine_file(path, ing.settings.quarantine, reason=error.reason,
                            message=error.message, sha256=error.sha256, move=move)
    return IngestOutcome(source=str(path), status="quarantined", reason=error.reason,
                         message=f"{error.message} (see {entry.path})", sha256=error.sha256)


# --- the orchestrator ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Steps:
    """The steps `ingest_file` runs, in order. `flows/ingest.py` passes Prefect-task versions."""

    preflight: Callable[[Path, Ingestor, bool], Checked | IngestOutcome] = preflight
    read_pages: Callable[[Path, Checked, Ingestor], list[Page]] = read_pages
    prepare_document: Callable[[Path, Checked, list[Page], Ingestor], Prepared] = prepare_document
    file_document: Callable[[Path, Prepared, Ingestor, bool], IngestOutcome] = file_document


PLAIN_STEPS = Steps()


def ingest_file(path: Path, ing: Ingestor, *, move: bool = False,
                steps: Steps = PLAIN_STEPS) -> IngestOutcome:
    """File one input. With move=True (the inbox) the source is removed once it is safe.

    Never raises for a bad or failing file: every exception becomes an outcome (`outcome_for`).
    """
    started = time.monotonic()
    try:
        try:
            outcome = run_steps(path, ing, move, steps)
        except WorkerCrashed:  # once more at once: the crash may have had nothing to do with the file
            log.warning("a worker process crashed on %s; trying it once more", path.name)
            outcome = run_steps(path, ing, move, steps)
    except Exception as e:  # noqa: BLE001 - every failure becomes an outcome, nothing stops here
        outcome = outcome_for(path, e, ing, move=move)
    outcome.seconds = round(time.monotonic() - started, 3)
    log_outcome(path, outcome)
    return outcome


def run_steps(path: Path, ing: Ingestor, move: bool, steps: Steps) -> IngestOutcome:
    """The steps in order; errors carry the file's SHA-256 once it is known."""
    checked = steps.preflight(path, ing, move)
    if not isinstance(checked, Checked):
        return checked
    try:
        pages = steps.read_pages(path, checked, ing)
        prepared = steps.prepare_document(path, checked, pages, ing)
        try:
            return steps.file_document(path, prepared, ing, move)
        finally:
            prepared.discard()
    except CasefolioError as e:
        raise e.with_sha256(checked.sha256) from None


def log_outcome(path: Path, outcome: IngestOutcome) -> None:
    """One log line per file: its name, document id, type and reason; never its content."""
    if outcome.status == "filed":
        log.info("filed %s as %s (%d pages, %s)", path.name, outcome.document_id, outcome.pages,
                 outcome.doc_type)
    elif outcome.status == "duplicate":
        log.info("duplicate %s: already filed as %s", path.name, outcome.document_id)
    elif outcome.status == "quarantined":
        log.warning("quarantined %s: %s", path.name, outcome.reason)
    else:
        log.warning("will retry %s later: %s", path.name, outcome.message)


def ingest_paths(paths: Sequence[Path], ing: Ingestor, *, move: bool = False,
                 on_outcome: Callable[[IngestOutcome], None] | None = None) -> list[IngestOutcome]:
    """Ingest files and folders; files overlap so that every worker stays busy.

    Outcomes come in the order of the files (`on_outcome` is called as each is known).
    """
    files = expand_paths(paths)
    threads = max(1, min(len(files), 2 * ing.workers.n + 1))
    outcomes: list[IngestOutcome] = []
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ingest") as pool:
        for outcome in pool.map(lambda p: ingest_file(p, ing, move=move), files):
            outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
    return outcomes


def ingest(paths: Sequence[Path], settings: Settings, *, move: bool = False,
           on_outcome: Callable[[IngestOutcome], None] | None = None) -> list[IngestOutcome]:
    """Ingest files or folders with a fresh Ingestor (what `casefolio ingest` does)."""
    with Ingestor(settings) as ing:
        return ing.ingest_paths(paths, move=move, on_outcome=on_outcome)


__all__ = ["Checked", "IngestOutcome", "Ingestor", "Prepared", "Steps", "file_document",
           "ingest", "ingest_file", "ingest_paths", "outcome_for", "prepare_document",
           "preflight", "read_pages"]
