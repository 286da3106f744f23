"""The ingest path: triage, dedupe, read pages, extract, file, and only then leave the inbox.

Every input ends as exactly one outcome (filed, duplicate, quarantined with a reason, or retry
later for transient trouble), decided in one place: `Ingestor.ingest_file`. Steps are plain
functions so that Prefect tasks (flows/) and tests call them directly.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from extractors import pages as page_reader
from extractors.errors import (
    CasefolioError,
    EmptyFileError,
    OcrFailedError,
    TooLargeError,
    UnreadableError,
)
from extractors.extract import extract
from extractors.models import Box, Document, Officer, Page, Word
from extractors.pdf import build_searchable_pdf
from extractors.triage import FileInfo, inspect_file, sha256_file
from pipelines.inbox import expand_paths
from pipelines.outcome import IngestOutcome
from pipelines.quarantine import quarantine_file
from storage import objects
from storage.index import Index
from storage.objects import ObjectStore, open_store

if TYPE_CHECKING:
    from casefolio.settings import Settings

log = logging.getLogger(__name__)

MIME = {"pdf": "application/pdf", "tiff": "image/tiff", "jpeg": "image/jpeg", "png": "image/png"}


def new_document_id() -> str:
    """A time-ordered, unguessable 32-hex-digit id."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(10)}"


def make_page_pool(workers: int) -> ProcessPoolExecutor:
    """One OCR process per core; forkserver keeps the workers free of the parent's threads."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("forkserver"))


class PendingPages:
    """Pages being read: text-layer pages done, OCR pages running in the page pool."""

    def __init__(self, done: dict[int, Page], running: dict[int, Future[Page]]) -> None:
        self.done = done
        self.running = running

    def result(self) -> list[Page]:
        """Wait for the OCR pages; every page in order."""
        pages = dict(self.done)
        for index, future in self.running.items():
            pages[index] = future.result()
        return [pages[i] for i in sorted(pages)]


def start_pages(path: Path, info: FileInfo, settings: Settings, pool: Executor | None
                ) -> PendingPages:
    """Read text-layer pages now and send the others to OCR (in `pool`, or inline without one)."""
    done: dict[int, Page] = {}
    running: dict[int, Future[Page]] = {}
    for plan in page_reader.plan_pages(path, info, settings.ocr):
        if plan.text is not None:
            done[plan.index] = page_reader.text_page(plan, path, info)
        elif pool is not None:
            running[plan.index] = pool.submit(page_reader.ocr_page, path, info.kind, plan.index,
                                              settings.ocr, settings.limits)
        else:
            done[plan.index] = page_reader.ocr_page(path, info.kind, plan.index, settings.ocr,
                                                    settings.limits)
    return PendingPages(done, running)


def read_pages(path: Path, info: FileInfo, settings: Settings, pool: Executor | None) -> list[Page]:
    """Every page's text: the text layer where it is real text, OCR (fanned out) elsewhere."""
    return start_pages(path, info, settings, pool).result()


def pages_json(pages: Sequence[Page]) -> bytes:
    """The pages with their words and boxes, as stored beside the original."""
    out = []
    for p in pages:
        out.append({
            "number": p.number, "method": p.method, "confidence": round(p.confidence, 4),
            "rotation": p.rotation, "skew": round(p.skew, 2), "width": p.width, "height": p.height,
            "dpi": p.dpi, "steps": p.steps, "text": p.text,
            "words": [[w.text, round(w.box.left, 1), round(w.box.top, 1), round(w.box.width, 1),
                       round(w.box.height, 1), round(w.confidence, 3)] for w in p.words],
        })
    return json.dumps({"pages": out}, ensure_ascii=False, separators=(",", ":")).encode()


def pages_from_json(data: bytes) -> list[Page]:
    """The pages stored by `pages_json` (text, words, boxes, confidences), for re-extraction."""
    out = []
    for p in json.loads(data)["pages"]:
        words = [Word(text=w[0], box=Box(w[1], w[2], w[3], w[4]), confidence=w[5]) for w in p["words"]]
        out.append(Page(number=p["number"], text=p["text"], method=p["method"], confidence=p["confidence"],
                        rotation=p["rotation"], skew=p["skew"], width=p["width"], height=p["height"],
                        dpi=p["dpi"], words=words, steps=list(p["steps"])))
    return out


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


class Ingestor:
    """Files documents into one store and index, reusing one OCR process pool across files."""

    def __init__(self, settings: Settings, *, store: ObjectStore | None = None,
                 index: Index | None = None, pool: Executor | None = None,
                 actor: str = "ingest") -> None:
        self.settings = settings
        settings.ensure_folders()
        self.store = store or open_store(settings.storage_url)
        self.index = index or Index(settings.database_url)
        self._own_pool = pool is None
        self.pool: Executor | None = pool
        self.actor = actor
        self._roster: list[Officer] | None = None
        self._serial = threading.RLock()

    def __enter__(self) -> Ingestor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the OCR processes this ingestor started."""
        if self._own_pool and self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _page_pool(self) -> Executor:
        if self.pool is None:
            self.pool = make_page_pool(self.settings.ocr_workers)
        return self.pool

    def roster(self) -> list[Officer]:
        """The officer roster (empty until one is imported)."""
        if self._roster is None:
            try:
                from pipelines.court import load_roster  # noqa: PLC0415
                self._roster = list(load_roster(self.index))
            except (ImportError, AttributeError):
                self._roster = []
        return self._roster

    # --- the steps, in order -------------------------------------------------------------

    def ingest_file(self, path: Path, *, move: bool = False) -> IngestOutcome:
        """File one input. With move=True (the inbox) the source is removed once it is safe."""
        start = time.monotonic()
        outcome = IngestOutcome(source=str(path), status="filed")
        try:
            outcome = self._ingest(path, move=move)
        except CasefolioError as e:
            outcome = self.fail(path, e, move=move)
        except BrokenProcessPool as e:
            self.pool = None
            outcome = self.fail(path, OcrFailedError(f"the page reader crashed: {e}"), move=move)
        except Exception as e:  # noqa: BLE001 - nothing takes the service down; keep the file
            log.exception("unexpected error while ingesting %s", path.name)
            err = CasefolioError(f"internal error: {type(e).__name__}: {e}")
            err.reason = "internal_error"
            outcome = self.fail(path, err, move=move)
        outcome.seconds = round(time.monotonic() - start, 3)
        return outcome

    def _ingest(self, path: Path, *, move: bool) -> IngestOutcome:
        # In-process work (pdfium, spaCy, the index) is serialised across file threads by the
        # steps' lock; only the waits for OCR (in worker processes) overlap.
        checked = self.preflight(path, move=move)
        if isinstance(checked, IngestOutcome):
            return checked
        sha, info = checked
        try:
            with self._serial:
                pool = self._page_pool() if self.settings.ocr_workers > 1 else None
                pending = start_pages(path, info, self.settings, pool)
            pages = pending.result()
            doc = self.build_document(path, sha, info, pages)
            return self.file_document(path, doc, move=move)
        except CasefolioError as e:
            e.sha256 = sha  # type: ignore[attr-defined]
            raise

    def preflight(self, path: Path, *, move: bool = False) -> tuple[str, FileInfo] | IngestOutcome:
        """Checksum first: a duplicate outcome, or the SHA-256 and what the file is.

        Raises the extractors' InputError subclasses for files that cannot be filed.
        """
        with self._serial:
            return self._preflight(path, move=move)

    def _preflight(self, path: Path, *, move: bool) -> tuple[str, FileInfo] | IngestOutcome:
        sha = None
        try:
            self._check_size(path)
            sha = sha256_file(path)
            existing = self.index.find_by_sha256(sha)
            if existing:
                return self._duplicate(path, sha, existing, move=move)
            return sha, inspect_file(path, self.settings.limits)
        except CasefolioError as e:
            e.sha256 = sha  # type: ignore[attr-defined]
            raise

    def _check_size(self, path: Path) -> None:
        try:
            size = path.stat().st_size
        except OSError as e:
            raise UnreadableError(f"cannot read the file: {e.strerror}") from e
        if size == 0:
            raise EmptyFileError("the file is empty (0 bytes)")
        limit = self.settings.limits.max_file_mb * 1024 * 1024
        if size > limit:
            raise TooLargeError(f"the file is {size / 1048576:.0f} MB, over the "
                                f"{self.settings.limits.max_file_mb:.0f} MB limit")

    def build_document(self, path: Path, sha: str, info: FileInfo, pages: list[Page]) -> Document:
        """Extract facts from the pages and assemble the Document to file."""
        with self._serial:  # spaCy is not thread-safe
            extraction = extract(pages, self.settings.extraction, self.roster())
        return Document(
            id=new_document_id(), source_name=path.name, sha256=sha, kind=info.kind,
            size=path.stat().st_size, pages=pages, extraction=extraction,
            ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
            original_key=objects.original_key(sha, info.kind),
            searchable_key=objects.searchable_key(sha), text_key=objects.text_key(sha),
        )

    def file_document(self, path: Path, doc: Document, *, move: bool = False) -> IngestOutcome:
        """Store the objects, commit the index rows, and only then remove the source."""
        with self._serial:
            return self._file_document(path, doc, move=move)

    def _file_document(self, path: Path, doc: Document, *, move: bool) -> IngestOutcome:
        with tempfile.TemporaryDirectory(dir=self.settings.work_dir) as work:
            searchable: Path | None = None
            if doc.kind == "pdf" and all(p.method == "text" for p in doc.pages):
                doc.searchable_key = doc.original_key  # born-digital: the original is searchable
            else:
                searchable = Path(work) / "searchable.pdf"
                build_searchable_pdf(path, doc.kind, doc.pages, searchable)
            store_objects(self.store, doc, path, searchable)
        filed = self.index.add_document(doc, actor=self.actor)
        if filed is None:  # another worker filed the same bytes first
            return self._duplicate(path, doc.sha256, self.index.find_by_sha256(doc.sha256),
                                   move=move)
        self._record_appearance(doc)
        if move:
            path.unlink(missing_ok=True)
        log.info("filed %s as %s (%d pages, %s)", path.name, doc.id, len(doc.pages),
                 doc.extraction.doc_type)
        return IngestOutcome(source=str(path), status="filed", document_id=doc.id,
                             pages=len(doc.pages), sha256=doc.sha256,
                             doc_type=doc.extraction.doc_type, needs_review=doc.needs_review,
                             message=f"filed as {doc.extraction.doc_type}")

    def _record_appearance(self, doc: Document) -> None:
        if doc.extraction.appearance is None:
            return
        try:
            from pipelines.court import record_document_appearance  # noqa: PLC0415
        except ImportError:
            return
        try:
            record_document_appearance(self.index, doc, self.settings)
        except CasefolioError as e:  # filed already; the docket import will catch up
            log.warning("could not record the appearance of %s: %s", doc.id, e.message)

    def _duplicate(self, path: Path, sha: str, existing: str | None, *, move: bool) -> IngestOutcome:
        if move:
            path.unlink(missing_ok=True)
        log.info("duplicate %s: already filed as %s", path.name, existing)
        return IngestOutcome(source=str(path), status="duplicate", document_id=existing,
                             sha256=sha, message=f"already filed as {existing}")

    def fail(self, path: Path, error: CasefolioError, *, move: bool = False) -> IngestOutcome:
        """The outcome for an error: retry later when transient, else quarantine with reason."""
        sha = getattr(error, "sha256", None)
        if error.transient:
            log.warning("will retry %s later: %s", path.name, error.message)
            return IngestOutcome(source=str(path), status="retry", reason=error.reason,
                                 message=error.message, sha256=sha)
        entry = quarantine_file(path, self.settings.quarantine, reason=error.reason,
                                message=error.message, sha256=sha, move=move)
        return IngestOutcome(source=str(path), status="quarantined", reason=error.reason,
                             message=f"{error.message} (see {entry.path})", sha256=sha)

    def ingest_paths(self, paths: Sequence[Path], *, move: bool = False,
                     on_outcome: Callable[[IngestOutcome], None] | None = None
                     ) -> list[IngestOutcome]:
        """Ingest many files; files overlap so that OCR keeps every core busy."""
        files = expand_paths(paths)
        workers = max(1, min(len(files), self.settings.ocr_workers))
        outcomes: list[IngestOutcome] = []
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ingest") as threads:
            for outcome in threads.map(lambda p: self.ingest_file(p, move=move), files):
                outcomes.append(outcome)
                if on_outcome:
                    on_outcome(outcome)
        return outcomes


def ingest_paths(paths: Sequence[Path], settings: Settings, *, move: bool = False,
                 on_outcome: Callable[[IngestOutcome], None] | None = None) -> list[IngestOutcome]:
    """Ingest files or folders with a fresh Ingestor (what `casefolio ingest` does)."""
    with Ingestor(settings) as ingestor:
        return ingestor.ingest_paths(paths, move=move, on_outcome=on_outcome)


__all__ = ["IngestOutcome", "Ingestor", "ingest_paths", "expand_paths", "read_pages"]
