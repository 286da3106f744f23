"""The REST API under /api/ (described by /openapi.json): the same searches, documents, review,
court and audit data as the pages, with the same role checks and audit entries. Scripts
authenticate with `Authorization: Bearer <token>` (a user's API token: the user's role applies)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from casefolio.web.routes_admin import _audit_window
from casefolio.web.routes_archive import (
    query_of,
    readable_document,
    save_corrections,
    search_form,
    searched,
    stored_file,
)
from casefolio.web.routes_court import _window, packet_pdf
from casefolio.web.security import STAFF, Principal, audit, require, services
from pipelines import court
from pipelines.audit_trail import audit_entries
from pipelines.packet_status import packet_statuses
from storage.corrections import ENTITY_KINDS, Correction

router = APIRouter(prefix="/api", tags=["api"])
Staff = Annotated[Principal, Depends(require(*STAFF))]
Reader = Annotated[Principal, Depends(require("manager", "clerk", "officer"))]
Officer = Annotated[Principal, Depends(require("officer"))]
Auditor = Annotated[Principal, Depends(require("manager", "auditor"))]
Anyone = Annotated[Principal, Depends(require("manager", "clerk", "officer", "auditor"))]
Manager = Annotated[Principal, Depends(require("manager"))]


class Me(BaseModel):
    """The caller."""

    username: str
    role: str
    badge: str | None = None


class CorrectionIn(BaseModel):
    """A correction of one fact: `entity` (kind, before {value, role, state} or null to add,
    after or null to remove), `doc_type` (after {doc_type}), `appearance` (after {field: value})
    or `review` (the document was checked)."""

    field: Literal["entity", "doc_type", "appearance", "review"]
    kind: str | None = Field(default=None, description=f"entity kind: {', '.join(ENTITY_KINDS)}")
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


@router.get("/me", response_model=Me)
def me(who: Anyone) -> Me:
    """Who the token or session belongs to."""
    return Me(username=who.name, role=who.role, badge=who.user.badge)


@router.get("/search")
def api_search(request: Request, who: Staff, q: str | None = None, case: str | None = None,
               citation: str | None = None, court_case: str | None = None,
               plate: str | None = None, name: str | None = None, officer: str | None = None,
               type: str | None = None, since: str | None = None, until: str | None = None,
               review: bool = False, limit: Annotated[int, Query(ge=1, le=200)] = 25,
               offset: Annotated[int, Query(ge=0)] = 0, cursor: str | None = None
               ) -> dict[str, Any]:
    """Search the archive: numbers (typed variants normalised), plates (partial, OCR-tolerant),
    names (fuzzy), officer, type, dates, full text (phrases, OR, -word); ranked, with snippets,
    facets and paging (`next_cursor`)."""
    svc = services(request)
    form = search_form(request.query_params)
    result = searched(request, svc, form, query_of(form, limit=limit, offset=offset,
                                                   cursor=cursor))
    return _plain({"total": result.total, "total_exact": result.total_exact,
                   "ranked": result.ranked, "hits": result.hits, "facets": result.facets,
                   "next_cursor": result.page.next_cursor, "has_more": result.page.has_more})


@router.get("/documents/{doc_id}")
def api_document(request: Request, who: Reader, doc_id: str) -> dict[str, Any]:
    """One document in the export format, with its corrections (an officer: only documents of
    their own packets)."""
    svc = services(request)
    record = readable_document(request, svc, who, doc_id)
    with svc.index.transaction() as tx:
        corrections = tx.corrections.of_document(record["id"])
    audit(request, "document.viewed", record["id"], via="api")
    return {**record, "corrections": _plain(corrections)}


@router.get("/documents/{doc_id}/pdf")
def api_document_pdf(request: Request, who: Reader, doc_id: str) -> Response:
    """The searchable PDF."""
    svc = services(request)
    return stored_file(request, svc, readable_document(request, svc, who, doc_id), "pdf")


@router.post("/documents/{doc_id}/corrections")
def api_correct(request: Request, who: Staff, doc_id: str, body: list[CorrectionIn]
                ) -> list[dict[str, Any]]:
    """Store corrections (who and when recorded); they win over extraction and reach search at
    once."""
    svc = services(request)
    record = readable_document(request, svc, who, doc_id)
    made = []
    for c in body:
        if c.field == "entity" and (c.kind not in ENTITY_KINDS or (c.before is None and
                                                                  c.after is None)):
            raise HTTPException(422, "an entity correction needs a known kind and before or after")
        made.append(Correction(document_id=record["id"], field=c.field, by=who.name, kind=c.kind,
                               before=c.before, after=c.after))
    save_corrections(request, svc, record["id"], made)
    with svc.index.transaction() as tx:
        return _plain(tx.corrections.of_document(record["id"]))


@router.get("/review")
def api_review(request: Request, who: Staff, limit: Annotated[int, Query(ge=1, le=200)] = 50,
               offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Documents flagged for review, newest first."""
    svc = services(request)
    form = search_form({"review": "1"})
    result = searched(request, svc, form, query_of(form, limit=limit, offset=offset, facets=False))
    return _plain({"total": result.total, "hits": result.hits, "has_more": result.page.has_more})


@router.get("/calendar")
def api_calendar(request: Request, who: Staff, since: str | None = None, until: str | None = None,
                 officer: str | None = None) -> list[dict[str, Any]]:
    """Court appearances in a window (default: yesterday to 30 days ahead)."""
    svc = services(request)
    start, end = _window(svc, since, until)
    rows = court.list_appearances(svc.index, date_from=start, date_to=end, officer=officer or None)
    audit(request, "calendar.viewed", "-", query={"since": str(start), "until": str(end)},
          total=len(rows), via="api")
    return _plain(rows)


@router.get("/packets")
def api_packets(request: Request, who: Staff, officer: str | None = None) -> list[dict[str, Any]]:
    """Built packets and how their mail went (built, pending, sent, failed, superseded)."""
    rows = packet_statuses(services(request).index, officer or None)
    audit(request, "packets.viewed", "-", query={"officer": officer or ""}, via="api")
    return _plain(rows)


@router.get("/officer/packets")
def api_my_packets(request: Request, who: Officer) -> dict[str, Any]:
    """The calling officer's appearances and packets (current and earlier versions)."""
    svc = services(request)
    badge = who.user.badge or ""
    appearances = court.list_appearances(
        svc.index, date_from=svc.clock().date() - dt.timedelta(days=30), officer=badge)
    audit(request, "officer.page_viewed", badge, via="api")
    return _plain({"appearances": appearances, "packets": packet_statuses(svc.index, badge)})


@router.get("/packets/{packet_id}/pdf")
def api_packet_pdf(request: Request, who: Reader, packet_id: int) -> Response:
    """One packet's PDF (an officer: only their own)."""
    return packet_pdf(request, who, packet_id)


@router.get("/audit")
def api_audit(request: Request, who: Auditor, since: str | None = None, until: str | None = None,
              actor: str | None = None, action: str | None = None,
              before: int | None = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100
              ) -> list[dict[str, Any]]:
    """Audit log entries, newest first (`before` pages back by id)."""
    svc = services(request)
    start, end = _audit_window(since, until)
    entries = audit_entries(svc.index, since=start, until=end, actor=actor, action=action,
                            before_id=before, limit=limit)
    audit(request, "audit.read", "-", query={"since": since or "", "until": until or "",
                                             "actor": actor or "", "action": action or ""},
          total=len(entries), via="api")
    return _plain(entries)


@router.get("/users")
def api_users(request: Request, who: Manager) -> list[dict[str, Any]]:
    """Every account (no password hashes)."""
    with services(request).index.transaction() as tx:
        users = tx.users.all()
    audit(request, "users.viewed", "-", total=len(users), via="api")
    return [{"username": u.username, "role": u.role, "badge": u.badge, "active": u.active,
             "locked": u.locked, "created_at": _plain(u.created_at)} for u in users]
