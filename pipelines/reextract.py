"""Extract again from filed documents' stored pages, without OCR: after the agency changes its
patterns or labels in settings, loads a roster, or the rules improve.

Each document's pages (text, OCR words, boxes and confidences) were stored beside the original at
ingest (`text/<sha256>.json`); this reads them back, runs `extractors.extract` with the current
settings and roster, and replaces the document's doc type, entities, appearance and review flags in
one audited transaction when they changed. Originals, searchable PDFs and page text are never
touched. A document whose pages cannot be read is reported and left as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from base.errors import CasefolioError
from base.pagejson import pages_from_json
from extractors.extract import extract
from pipelines.court import load_roster, record_extracted_appearance
from pipelines.maintenance import iter_refs
from storage.index import Index
from storage.objects import ObjectStore

if TYPE_CHECKING:
    from base.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class ReextractReport:
    """What a re-extraction run did: ids only, never names or text."""

    checked: int = 0
    changed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, reason)


def reextract_documents(settings: Settings, index: Index, store: ObjectStore,
                        doc_ids: Sequence[str] | None = None, *, actor: str = "reextract",
                        on_document: Callable[[str, bool], None] | None = None) -> ReextractReport:
    """Re-run extraction on the given documents (default: every filed document).

    `on_document(doc_id, changed)` is called after each document (for progress display).
    """
    report = ReextractReport()
    roster = load_roster(index)
    wanted = set(doc_ids) if doc_ids is not None else None
    for ref in iter_refs(index):  # batches read up front: no read transaction stays open below
        doc_id = ref.document_id
        if wanted is not None and doc_id not in wanted:
            continue
        report.checked += 1
        try:
            pages = pages_from_json(store.get_bytes(ref.text_key))
        except CasefolioError as e:  # gone from the store, unreadable, store unavailable
            reason = e.message
            log.warning("document %s: stored pages unreadable, left as it was (%s)", doc_id, reason)
            report.failed.append((doc_id, str(reason)))
            continue
        extraction = extract(pages, settings.extraction, roster)
        changed = index.replace_extraction(doc_id, extraction, actor=actor)
        if changed:
            report.changed.append(doc_id)
            if extraction.appearance is not None:
                record_extracted_appearance(index, doc_id, extraction, actor=actor)
        if on_document is not None:
            on_document(doc_id, changed)
    log.info("re-extracted %d documents: %d changed, %d failed", report.checked, len(report.changed),
             len(report.failed))
    return report
