"""Searching the archive and fetching one document (what `search` and `show` run)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from base.errors import DocumentNotFound
from extractors.numbers import find_numbers
from extractors.plates import US_STATES
from storage.index import Index
from storage.objects import open_store
from storage.search import SearchQuery, SearchResult

if TYPE_CHECKING:
    from base.settings import Settings


US_STATE_CODES = frozenset(US_STATES)


def normalise_plate(value: str) -> str:
    """A typed plate as the index keys it: spaces and dashes dropped, upper case, and a state
    written before or after it ("OR 482-KLM", "482KLM OR") dropped (the state is optional)."""
    words = re.sub(r"[·.]", " ", value).upper().split()
    if len(words) > 1 and words[0] in US_STATE_CODES and len("".join(words[1:])) >= 4:
        words = words[1:]
    elif len(words) > 1 and words[-1] in US_STATE_CODES and len("".join(words[:-1])) >= 4:
        words = words[:-1]
    return re.sub(r"[\s\-]", "", "".join(words))


QUERY_LABELS = {
    "case_number": "Case No.",
    "citation_number": "Citation No.",
    "court_case_number": "Court Case No.",
}


def normalise_number(kind: str, value: str, settings: Settings) -> str:
    """A typed case/citation/court case number in the form the index stores.

    The query is read by the same rules as documents (as if it followed its label), so
    `24-3817`, `24 3817` and `TPD24-003817` all find `24-003817`, and `24-CR-12345` finds
    `24CR12345` (the index compares letters and digits only).
    """
    value = value.strip().upper()
    for form in (value, re.sub(r"\s+", "-", value), re.sub(r"[\s\-]+", "", value)):
        found = [c for c in find_numbers(f"{QUERY_LABELS[kind]} {form}", settings.extraction)
                 if c.kind == kind]
        if found:
            return found[0].value
    return value


def build_query(settings: Settings, **criteria: Any) -> SearchQuery:
    """A SearchQuery with every number and plate normalised."""
    q = SearchQuery(**{k: v for k, v in criteria.items() if k in SearchQuery.__dataclass_fields__})
    return normalise_query(settings, q)


def normalise_query(settings: Settings, q: SearchQuery) -> SearchQuery:
    """The query with typed numbers and plates in the index's form (a new object)."""
    q = replace(q)
    if q.case:
        q.case = normalise_number("case_number", q.case, settings)
    if q.citation:
        q.citation = normalise_number("citation_number", q.citation, settings)
    if q.court_case:
        q.court_case = normalise_number("court_case_number", q.court_case, settings)
    if q.plate:
        q.plate = normalise_plate(q.plate)
    return q


def search(index: Index, settings: Settings, query: SearchQuery) -> SearchResult:
    """THE search of the archive (CLI, web app, API): typed numbers and plates normalised, then one
    page of hits with the total, facets and paging (storage/search.py)."""
    return index.search(normalise_query(settings, query))


def run_search(settings: Settings, *, with_records: bool = False, text: str | None = None,
               since: date | None = None, until: date | None = None, **criteria: Any
               ) -> tuple[SearchResult, list[dict[str, Any]]]:
    """The result for the criteria, and its hits' export records when asked for."""
    index = Index(settings.database_url)
    try:
        result = search(index, settings, build_query(settings, text=text, since=since,
                                                     until=until, **criteria))
        records: list[dict[str, Any]] = []
        if with_records:
            by_id = {r["id"]: r for r in index.iter_records([h.id for h in result.hits])}
            records = [by_id[h.id] for h in result.hits]
        return result, records
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
