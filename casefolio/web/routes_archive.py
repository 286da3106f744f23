"""The archive pages: search, a document (PDF, page images, facts where they were read), and the
review queue where clerks confirm or correct what extraction found."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from base.errors import DocumentNotFound, ObjectNotFound, UnreadableError
from base.models import DOC_TYPES, Appearance, Extraction
from base.pagejson import pages_from_json
from casefolio.web.pages import csv_response, render
from casefolio.web.security import (
    STAFF,
    Principal,
    Services,
    audit,
    deny,
    officer_may_see,
    require,
    services,
)
from pipelines.court import record_extracted_appearance
from pipelines.export import CORRECTION_COLUMNS, iter_corrections
from pipelines.review import normalise_correction
from pipelines.search import search as run_search
from pipelines.viewer import page_marks, page_png
from storage.corrections import ENTITY_KINDS, Correction, corrected_values
from storage.search import SearchQuery, SearchResult

router = APIRouter(include_in_schema=False)
Staff = Annotated[Principal, Depends(require(*STAFF))]
Reader = Annotated[Principal, Depends(require("manager", "clerk", "officer"))]
TEXT_FIELDS = ("q", "case", "citation", "court_case", "plate", "name", "officer", "type", "since",
               "until")
ROLES = ("defendant", "victim", "witness", "officer", "driver", "owner", "complainant", "suspect",
         "other")


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise HTTPException(400, f"not a date: {value!r} (use YYYY-MM-DD)") from e


def search_form(params: Any) -> dict[str, Any]:
    """The search criteria of a request's query string (trimmed, empty ones dropped)."""
    form: dict[str, Any] = {k: str(params.get(k) or "").strip() for k in TEXT_FIELDS}
    form["review"] = params.get("review") in ("1", "true", "on")
    return form


def query_of(form: dict[str, Any], *, limit: int, offset: int = 0, facets: bool = True,
             cursor: str | None = None) -> SearchQuery:
    """A SearchQuery of the form's criteria."""
    return SearchQuery(
        text=form["q"] or None, case=form["case"] or None, citation=form["citation"] or None,
        court_case=form["court_case"] or None, plate=form["plate"] or None,
        name=form["name"] or None, officer=form["officer"] or None, doc_type=form["type"] or None,
        since=_day(form["since"]), until=_day(form["until"]),
        needs_review=True if form["review"] else None, limit=limit, offset=offset, cursor=cursor,
        facets=facets)


def searched(request: Request, svc: Services, form: dict[str, Any], q: SearchQuery) -> SearchResult:
    """Run THE search (pipelines/search.py) and audit it with its terms."""
    result = run_search(svc.index, svc.settings, q)
    terms = {k: v for k, v in form.items() if v}
    audit(request, "search", "-", query=terms, total=result.total, offset=q.offset)
    return result


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, who: Staff, page: int = 1) -> Response:
    """Search with filters, facets and paging."""
    svc = services(request)
    form = search_form(request.query_params)
    size = svc.settings.web.page_size
    result = None
    if any(form.values()):
        page = max(1, page)
        result = searched(request, svc, form, query_of(form, limit=size, offset=(page - 1) * size))
    return render(request, "search.html", form=form, result=result, page=page, size=size,
                  doc_types=DOC_TYPES, total_docs=svc.index.count_documents(),
                  query_string=_query_string(form))


def _query_string(form: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode({k: ("1" if k == "review" else v) for k, v in form.items() if v})


EXPORT_MAX = 5_000


def iter_hits(request: Request, svc: Services, form: dict[str, Any]) -> list[Any]:
    """Every hit of a search, page by page (at most EXPORT_MAX)."""
    hits: list[Any] = []
    cursor = None
    first = True
    while len(hits) < EXPORT_MAX:
        q = query_of(form, limit=500, facets=False, cursor=cursor)
        result = searched(request, svc, form, q) if first else run_search(svc.index, svc.settings, q)
        first = False
        hits += result.hits
        cursor = result.page.next_cursor
        if not result.page.has_more or not cursor:
            break
    return hits[:EXPORT_MAX]


@router.get("/search.csv")
def search_csv(request: Request, who: Staff) -> Response:
    """The search's hits as CSV."""
    svc = services(request)
    form = search_form(request.query_params)
    hits = iter_hits(request, svc, form) if any(form.values()) else []
    return csv_response(request, "search", ["id", "source_name", "doc_type", "filed", "pages",
                                            "case_numbers", "needs_review"],
                        ([h.id, h.source_name, h.doc_type, h.ingested_at, h.pages,
                          " ".join(h.case_numbers), h.needs_review] for h in hits))


# --- one document -------------------------------------------------------------------------------

def readable_document(request: Request, svc: Services, who: Principal, doc_id: str) -> dict[str, Any]:
    """The document's record if this user may see it (an officer: only documents of their own
    packets and appearances; anyone else's is a denial, audited, whether it exists or not)."""
    if who.role not in STAFF and not officer_may_see(svc, who, doc_id):
        raise deny(request, "not_own_document", doc_id)
    record = svc.index.get_record(doc_id)
    if record is None:
        raise DocumentNotFound(f"no document {doc_id}")
    if record["id"] != doc_id and who.role not in STAFF:
        raise deny(request, "not_own_document", doc_id)
    return record


def related(svc: Services, who: Principal, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Other documents of the same case (case or court case numbers), that this user may see."""
    ids: list[str] = []
    for kind, key in (("case_number", "case_numbers"), ("court_case_number", "court_case_numbers")):
        ids += svc.index.documents_with_numbers(kind, record[key])
    ids = [i for i in dict.fromkeys(ids) if i != record["id"]][:25]
    ids = [i for i in ids if officer_may_see(svc, who, i)]
    return list(svc.index.iter_records(ids))


def _stored_pages(svc: Services, doc_id: str) -> list[Any]:
    ref = svc.index.get_ref(doc_id)
    if ref is None:
        return []
    try:
        return pages_from_json(svc.store.get_bytes(ref.text_key))
    except (ObjectNotFound, UnreadableError):
        return []


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, who: Reader, doc_id: str) -> Response:
    """One document: the searchable PDF, each page image with its facts marked, the facts (with
    corrections shown as such), other documents of the same case."""
    svc = services(request)
    record = readable_document(request, svc, who, doc_id)
    with svc.index.transaction() as tx:
        corrections = tx.corrections.of_document(record["id"])
    marks = page_marks(_stored_pages(svc, record["id"]), svc.index.entities_of(record["id"]),
                       corrected_values(corrections))
    audit(request, "document.viewed", record["id"])
    return render(request, "document.html", r=record, marks=marks, corrections=corrections,
                  corrected=corrected_values(corrections), related=related(svc, who, record),
                  can_review=who.role in STAFF)


@router.get("/documents/{doc_id}/pages/{number}.png")
def page_image(request: Request, who: Reader, doc_id: str, number: int) -> Response:
    """One page of the searchable copy as an image."""
    svc = services(request)
    record = readable_document(request, svc, who, doc_id)
    ref = svc.index.get_ref(record["id"])
    if ref is None or not 1 <= number <= record["pages"]:
        raise HTTPException(404, "no such page")
    try:
        png = page_png(svc.store.get_bytes(ref.searchable_key), number, 100, svc.settings.limits)
    except (ObjectNotFound, UnreadableError) as e:
        raise HTTPException(404, "the page cannot be shown") from e
    audit(request, "document.page_viewed", record["id"], page=number)
    return Response(png, media_type="image/png")


def stored_file(request: Request, svc: Services, record: dict[str, Any], which: str) -> Response:
    """The searchable PDF or the original, inline, audited as a download."""
    ref = svc.index.get_ref(record["id"])
    if ref is None:
        raise DocumentNotFound("no such document")
    key = ref.searchable_key if which == "pdf" else ref.original_key
    try:
        data = svc.store.get_bytes(key)
    except ObjectNotFound as e:
        raise HTTPException(404, "the stored file is missing") from e
    audit(request, f"document.downloaded.{which}", record["id"])
    suffix = "pdf" if which == "pdf" else ref.kind
    media = "application/pdf" if suffix == "pdf" else f"image/{ref.kind}"
    return Response(data, media_type=media, headers={
        "Content-Disposition": f'inline; filename="{record["id"]}.{suffix}"'})


@router.get("/documents/{doc_id}/pdf")
def document_pdf(request: Request, who: Reader, doc_id: str) -> Response:
    """The searchable PDF."""
    svc = services(request)
    return stored_file(request, svc, readable_document(request, svc, who, doc_id), "pdf")


@router.get("/documents/{doc_id}/original")
def document_original(request: Request, who: Staff, doc_id: str) -> Response:
    """The original file as it was received."""
    svc = services(request)
    return stored_file(request, svc, readable_document(request, svc, who, doc_id), "original")


# --- review -------------------------------------------------------------------------------------

@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, who: Staff, page: int = 1) -> Response:
    """Documents flagged for review, newest first."""
    svc = services(request)
    size = svc.settings.web.page_size
    form = search_form({"review": "1"})
    page = max(1, page)
    result = searched(request, svc, form, query_of(form, limit=size, offset=(page - 1) * size,
                                                   facets=False))
    reasons = {r["id"]: r["review_reasons"] for r in svc.index.iter_records([h.id for h in result])}
    return render(request, "review.html", result=result, reasons=reasons, page=page, size=size)


@router.get("/review.csv")
def review_csv(request: Request, who: Staff) -> Response:
    """The review queue as CSV."""
    svc = services(request)
    hits = iter_hits(request, svc, search_form({"review": "1"}))
    reasons = {r["id"]: r["review_reasons"] for r in svc.index.iter_records([h.id for h in hits])}
    return csv_response(request, "review-queue", ["id", "source_name", "doc_type", "filed",
                                                  "reasons"],
                        ([h.id, h.source_name, h.doc_type, h.ingested_at,
                          "; ".join(reasons.get(h.id, []))] for h in hits))


@router.get("/corrections.csv")
def corrections_csv(request: Request, who: Staff) -> Response:
    """Every reviewer's correction as labelled data (what `casefolio export --corrections` writes)."""
    rows = iter_corrections(services(request).index)
    return csv_response(request, "corrections", CORRECTION_COLUMNS, (
        [json.dumps(v) if isinstance(v, dict) else v for v in row.values()] for row in rows))


@router.get("/review/{doc_id}", response_class=HTMLResponse)
def review_document(request: Request, who: Staff, doc_id: str, saved: int = 0) -> Response:
    """One flagged document's facts, each editable, beside its page images."""
    svc = services(request)
    record = readable_document(request, svc, who, doc_id)
    with svc.index.transaction() as tx:
        corrections = tx.corrections.of_document(record["id"])
    entities = svc.index.entities_of(record["id"])
    marks = page_marks(_stored_pages(svc, record["id"]), entities, corrected_values(corrections))
    audit(request, "document.viewed", record["id"], view="review")
    return render(request, "review_document.html", r=record, entities=entities, marks=marks,
                  corrections=corrections, corrected=corrected_values(corrections),
                  kinds=ENTITY_KINDS, roles=ROLES, doc_types=DOC_TYPES, saved=saved,
                  review_confidence=svc.settings.extraction.review_confidence)


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())[:256]


def entity_correction(doc_id: str, by: str, *, kind: str, old_value: str, old_role: str,
                      old_state: str, value: str, role: str, state: str,
                      remove: bool) -> Correction:
    """A correction of one entity from a form's fields (ValueError when it makes no sense)."""
    if kind not in ENTITY_KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    before = {"value": _clean(old_value), "role": old_role or None, "state": old_state or None} \
        if _clean(old_value) else None
    after = None if remove else {"value": _clean(value), "role": role or None,
                                 "state": (state or "").upper()[:4] or None}
    if after is not None and not after["value"]:
        raise ValueError("a value is needed (or remove the fact)")
    if before is None and after is None:
        raise ValueError("nothing to correct")
    return Correction(document_id=doc_id, field="entity", by=by, kind=kind, before=before,
                      after=after)


@router.post("/review/{doc_id}/entity")
def correct_entity(request: Request, who: Staff, doc_id: str,
                   kind: Annotated[str, Form()], value: Annotated[str, Form()] = "",
                   old_value: Annotated[str, Form()] = "", old_role: Annotated[str, Form()] = "",
                   old_state: Annotated[str, Form()] = "", role: Annotated[str, Form()] = "",
                   state: Annotated[str, Form()] = "", remove: Annotated[str, Form()] = "") -> Response:
    """Correct, add or remove one fact: stored with who and when, at once in search."""
    svc = services(request)
    record = readable_document(request, svc, who, doc_id)
    try:
        c = entity_correction(record["id"], who.name, kind=kind, old_value=old_value,
                              old_role=old_role, old_state=old_state, value=value, role=role,
                              state=state, remove=bool(remove))
    except ValueError as e:
        raise HTTPException(400, str(e)) from e
    save_corrections(request, svc, record["id"], [c])
    return RedirectResponse(f"/review/{record['id']}?saved=1", status_code=303)


def save_corrections(request: Request, svc: Services, doc_id: str, made: list[Correction]) -> None:
    """Store corrections (new values normalised as the index keeps facts) through the index,
    audited there with the address."""
    who = request.state.principal
    made = [normalise_correction(c, svc.settings) for c in made]
    svc.index.correct(doc_id, made, actor=who.name, details={"address": request.client.host
                                                               if request.client else "",
                                                               "outcome": "ok"})


@router.post("/review/{doc_id}/doc-type")
def correct_doc_type(request: Request, who: Staff, doc_id: str,
                     doc_type: Annotated[str, Form()]) -> Response:
    """Correct the document type."""
    svc = services(request)
    record = readable_document(request, svc, who, doc_id)
    if doc_type not in DOC_TYPES:
        raise HTTPException(400, "unknown document type")
    save_corrections(request, svc, record["id"], [Correction(
        document_id=record["id"], field="doc_type", by=who.name,
        before={"doc_type": record["doc_type"]}, after={"doc_type": doc_type})])
    return RedirectResponse(f"/review/{record['id']}?saved=1", status_code=303)


APPEARANCE_FIELDS = ("date", "time", "court", "courtroom", "officer_badge")


@router.post("/review/{doc_id}/appearance")
def correct_appearance(request: Request, who: Staff, doc_id: str,
                       date: Annotated[str, Form()] = "", time: Annotated[str, Form()] = "",
                       court: Annotated[str, Form()] = "", courtroom: Annotated[str, Form()] = "",
                       officer_badge: Annotated[str, Form()] = "") -> Response:
    """Correct the court appearance the document announces."""
    svc = services(request)
    record = readable_document(request, svc, who, doc_id)
    given = {"date": _clean(date), "time": _clean(time), "court": _clean(court),
             "courtroom": _clean(courtroom), "officer_badge": _clean(officer_badge)}
    if given["date"]:
        _day(given["date"])
    old = record["appearance"] or {}
    after = {k: v for k, v in given.items() if v and v != old.get(k)}
    if after:
        save_corrections(request, svc, record["id"], [Correction(
            document_id=record["id"], field="appearance", by=who.name,
            before={k: old.get(k) for k in after}, after=after)])
        record_corrected_appearance(svc, record["id"], who.name)
    return RedirectResponse(f"/review/{record['id']}?saved=1", status_code=303)


def record_corrected_appearance(svc: Services, doc_id: str, actor: str) -> None:
    """Put the corrected appearance on the court calendar (merged with the docket's, as at
    ingest): the officer's next packet follows it."""
    record = svc.index.get_record(doc_id)
    found = (record or {}).get("appearance") or {}
    if not found.get("date"):
        return
    fields = {k: v for k, v in found.items() if k in Appearance.__dataclass_fields__}
    for key in ("case_numbers", "citation_numbers", "court_case_numbers"):
        fields[key] = list(fields.get(key) or [])
    appearance = Appearance(**{**fields, "source": "document"})
    record_extracted_appearance(svc.index, doc_id, Extraction(
        appearance=appearance, entities=svc.index.entities_of(doc_id)), actor=actor)


@router.post("/review/{doc_id}/confirm")
def confirm_document(request: Request, who: Staff, doc_id: str) -> Response:
    """The document was checked: it leaves the review queue."""
    svc = services(request)
    record = readable_document(request, svc, who, doc_id)
    save_corrections(request, svc, record["id"], [Correction(
        document_id=record["id"], field="review", by=who.name,
        before={"reasons": record["review_reasons"]}, after={"reviewed": True})])
    return RedirectResponse("/review", status_code=303)
