"""Searching the archive and fetching one document (what `search` and `show` run)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from base.errors import DocumentNotFound
from extractors.numbers import find_numbers
from storage.index import Index, SearchHit, SearchQuery
from storage.objects import open_store

if TYPE_CHECKING:
    from base.settings import Settings


def normalise_plate(value: str) -> str:
    """Plates are stored without spaces or dashes, upper case."""
    return re.sub(r"[\s\-·.]", "", value).upper()


QUERY_LABELS = {
    "case_number": "Case No.",
    "citation_number": "Citation No.",
    "court_case_number": "Court Case No.",
}


def normalise_number(kind: str, value: str, settings: Settings) -> str:
    """A typed case/citation/court case number in the form the index stores.

    The query is read by the same rules as documents (as if it followed its label), so
    `24-3817` and `TPD24-003817` both find `24-003817`.
    """
    value = value.strip().upper()
    found = [c for c in find_numbers(f"{QUERY_LABELS[kind]} {value}", settings.extraction)
             if c.kind == kind]
    return found[0].value if found else value


def build_query(settings: Settings, **criteria: Any) -> SearchQuery:
    """A SearchQuery with every number and plate normalised."""
    q = SearchQuery(**{k: v for k, v in criteria.items() if k in SearchQuery.__dataclass_fields__})
    if q.case:
        q.case = normalise_number("case_number", q.case, settings)
    if q.citation:
        q.citation = normalise_number("citation_number", q.citation, settings)
    if q.court_case:
        q.court_case = normalise_number("court_case_number", q.court_case, settings)
    if q.plate:
        q.plate = normalise_plate(q.plate)
    return q


def run_search(settings: Settings, *, with_records: bool = False, text: str | None = None,
               since: date | None = None, until: date | None = None, **criteria: Any
               ) -> tuple[list[SearchHit], list[dict[str, Any]]]:
    """Hits for the criteria, and their export records when asked for."""
    index = Index(settings.database_url)
    try:
        hits = index.search(build_query(settings, text=text, since=since, until=until, **criteria))
        records = list(index.iter_records([h.id for h in hits])) if with_records else []
        if with_records:
            by_id = {r["id"]: r for r in records}
            records = [by_id[h.id] for h in hits]
        return hits, records
    finally:
        index.close()


def get_document(settings: Settings, doc_id: str) -> dict[str, Any] | None:
    """One document's export record (id or unique prefix)."""
    index = Index(settings.database_url)
    try:
        return index.get_record(doc_id)
    finally:
        index.close()


def save_object(settings: Settings, doc_id: str, which: str, dest: Path) -> Path:
    """Copy a document's original or searchable PDF out of the store (DocumentNotFound when no
    document has that id)."""
    index = Index(settings.database_url)
    try:
        ref = index.get_ref(doc_id)
    finally:
        index.close()
    if ref is None:
        raise DocumentNotFound(f"no document {doc_id}")
    key = ref.original_key if which == "original" else ref.searchable_key
    return open_store(settings.storage_url).download(key, dest)
