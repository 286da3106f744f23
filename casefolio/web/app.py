"""The app factory: one FastAPI app serving the pages (server-rendered Jinja2, htmx) and the REST
API under /api/ (described by /openapi.json), over one index and object store."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Mount, Route

from base.errors import AccessDenied, AccessError, DocumentNotFound, SignInRefused
from base.settings import Settings
from casefolio.web import api, routes_admin, routes_archive, routes_auth, routes_court
from casefolio.web.pages import error_page
from casefolio.web.security import ReauthNeeded, Services, is_api, utc_now
from pipelines.links import link_key
from storage.index import Index
from storage.objects import open_store

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; frame-src 'self'; object-src 'self'; "
                               "frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def is_loopback(host: str) -> bool:
    """Whether a listen address is reachable only from this machine."""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(settings: Settings, host: str) -> None:
    """Refuse to serve criminal justice records beyond loopback before any account exists."""
    if is_loopback(host):
        return
    index = Index(settings.database_url)
    try:
        with index.transaction() as tx:
            accounts = tx.users.count()
    finally:
        index.close()
    if not accounts:
        raise ValueError(f"refusing to listen on {host} before any account exists: make the first "
                         "records manager with `casefolio users add NAME --role manager`")


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(SignInRefused)
    async def _signin(request: Request, e: SignInRefused) -> Response:
        if is_api(request):
            return JSONResponse({"detail": e.message}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/sign-in?next={quote(target)}", status_code=303)

    @app.exception_handler(ReauthNeeded)
    async def _reauth(request: Request, e: ReauthNeeded) -> Response:
        return RedirectResponse(f"/reauth?next={quote(request.url.path)}", status_code=303)

    @app.exception_handler(AccessDenied)
    async def _denied(request: Request, e: AccessDenied) -> Response:
        return error_page(request, 403, "Not permitted",
                           "Your account may not open this page. The attempt was recorded.")

    @app.exception_handler(DocumentNotFound)
    async def _missing(request: Request, e: DocumentNotFound) -> Response:
        return error_page(request, 404, "Not found", "There is no such document.")

    @app.exception_handler(AccessError)
    async def _access(request: Request, e: AccessError) -> Response:
        return error_page(request, 400, "Not done", e.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException) -> Response:
        return error_page(request, e.status_code, "Not available", str(e.detail))


def iter_routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route of an app, routers included (FastAPI keeps included routers as branches)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from iter_routes(inner.routes)
        else:
            yield route


def route_table(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of everything the app serves (a mount as GET of its prefix)."""
    out: set[tuple[str, str]] = set()
    for route in iter_routes(app.router.routes):
        if isinstance(route, Mount):
            out.add(("GET", route.path))
        elif isinstance(route, APIRoute | Route):
            out |= {(m, route.path) for m in route.methods or () if m != "HEAD"}
    return out


def create_app(settings: Settings, *, services: Services | None = None) -> FastAPI:
    """The web app and API over the index and object store named by the settings."""
    app = FastAPI(title="casefolio", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="The records archive: search, documents, review, court packets, "
                              "audit log. Authenticate with `Authorization: Bearer <API token>` "
                              "(made on the Account page); the same role checks as the pages.")
    app.state.services = services or Services(
        settings=settings, index=Index(settings.database_url),
        store=open_store(settings.storage_url), clock=utc_now, link_key=link_key(settings))

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    _install_handlers(app)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    for module in (routes_auth, routes_archive, routes_court, routes_admin, api):
        app.include_router(module.router)
    return app
