"""The records manager's web page: search the archive, read a document, download its PDF.

Read-only. HTTP Basic authentication (settings.web.user / password) is required whenever a password
is set, and the app refuses to listen beyond loopback without one. Every document view and
download is written to the audit log (who, what, when).
"""

from __future__ import annotations

import ipaddress
import secrets
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from fastapi.templating import Jinja2Templates

from base.errors import ObjectNotFound
from base.models import DOC_TYPES
from base.settings import Settings
from pipelines.search import build_query
from storage.index import Index
from storage.objects import open_store

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
SEARCH_FIELDS = ("q", "case", "citation", "court_case", "plate", "name", "type", "since", "until")


def is_loopback(host: str) -> bool:
    """Whether a listen address is reachable only from this machine."""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(settings: Settings, host: str) -> None:
    """Refuse to serve criminal justice records beyond loopback without a password."""
    if not is_loopback(host) and not settings.web.password:
        raise ValueError(f"refusing to listen on {host} without a password: set "
                         "CASEFOLIO_WEB__PASSWORD (and CASEFOLIO_WEB__USER)")


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"not a date: {value!r}") from e


_basic = HTTPBasic(auto_error=False)


def current_user(request: Request,
                 credentials: Annotated[HTTPBasicCredentials | None, Depends(_basic)]) -> str:
    """The signed-in user (HTTP Basic), or "local" when no password is set (loopback only)."""
    web = request.app.state.settings.web
    if not web.password:
        return "local"
    ok = credentials is not None and (
        secrets.compare_digest(credentials.username.encode(), web.user.encode())
        & secrets.compare_digest(credentials.password.encode(), web.password.encode()))
    if credentials is None or not ok:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in",
                            headers={"WWW-Authenticate": 'Basic realm="casefolio"'})
    return credentials.username


User = Annotated[str, Depends(current_user)]


def create_app(settings: Settings) -> FastAPI:
    """The web app over one index and object store."""
    app = FastAPI(title="casefolio", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    index = Index(settings.database_url)
    store = open_store(settings.storage_url)

    def record_access(who: str, action: str, doc_id: str) -> None:
        with index.transaction() as tx:
            tx.audit.append(actor=f"web:{who}", action=action, subject=doc_id)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/", response_class=HTMLResponse)
    def search_page(request: Request, who: User) -> HTMLResponse:
        form: dict[str, Any] = {k: (request.query_params.get(k) or "").strip() for k in SEARCH_FIELDS}
        form["review"] = request.query_params.get("review") == "1"
        hits = None
        if any(form[k] for k in SEARCH_FIELDS) or form["review"]:
            query = build_query(
                settings, text=form["q"] or None, case=form["case"] or None,
                citation=form["citation"] or None, court_case=form["court_case"] or None,
                plate=form["plate"] or None, name=form["name"] or None,
                doc_type=form["type"] or None, since=_parse_day(form["since"]),
                until=_parse_day(form["until"]), needs_review=True if form["review"] else None,
                limit=100)
            hits = index.search(query).hits
        return TEMPLATES.TemplateResponse(request, "search.html", {
            "form": form, "hits": hits, "doc_types": DOC_TYPES, "user": who,
            "total": index.count_documents()})

    def _record(doc_id: str) -> dict[str, Any]:
        record = index.get_record(doc_id)
        if record is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such document")
        return record

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document_page(request: Request, doc_id: str, who: User) -> HTMLResponse:
        record = _record(doc_id)
        record_access(who, "document.viewed", record["id"])
        return TEMPLATES.TemplateResponse(request, "document.html",
                                          {"r": record, "user": who,
                                           "pages": record["text"].split("\f")})

    @app.get("/documents/{doc_id}/{which}")
    def download(doc_id: str, which: str, who: User) -> Response:
        if which not in ("pdf", "original"):
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such file")
        record = _record(doc_id)
        ref = index.get_ref(record["id"])
        if ref is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such document")
        key = ref.searchable_key if which == "pdf" else ref.original_key
        try:
            data = store.get_bytes(key)
        except ObjectNotFound as e:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "the stored file is missing") from e
        record_access(who, f"document.downloaded.{which}", record["id"])
        suffix = "pdf" if which == "pdf" else ref.kind
        media = "application/pdf" if suffix == "pdf" else f"image/{ref.kind}"
        name = f"{record['id']}.{suffix}"
        return Response(data, media_type=media,
                        headers={"Content-Disposition": f'inline; filename="{name}"',
                                 "Cache-Control": "no-store"})

    return app
