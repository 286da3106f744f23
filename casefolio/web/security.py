"""Who is asking, and may they: sessions and API tokens, roles, CSRF, and the audit of it all.

Every route declares the roles it serves with `Depends(require(...))`; the check runs on the
server for every request, pages and API alike, and every denial is written to the audit log (who,
from where, which route, why). Objects an officer may see (their own packets and the documents in
them) are checked again by the route with `officer_may_see`.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from base.errors import AccessDenied, SignInRefused, StorageError
from base.settings import Settings
from pipelines import accounts
from pipelines.audit_trail import anchor_head
from storage.accounts import User, WebSession
from storage.index import Index
from storage.objects import ObjectStore

log = logging.getLogger(__name__)
ANCHOR_EVERY = dt.timedelta(minutes=1)
SESSION_COOKIE = "cf_session"
PRE_CSRF_COOKIE = "cf_csrf"  # double-submit token of the sign-in form (no session yet)
STAFF = ("manager", "clerk")
ALL_ROLES = ("manager", "clerk", "officer", "auditor")
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The real clock (UTC, whole seconds)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass
class Services:
    """What every route works with (one per app: `request.app.state.services`)."""

    settings: Settings
    index: Index
    store: ObjectStore
    clock: Clock = utc_now
    link_key: bytes = b""
    anchored_at: dt.datetime | None = None  # when the audit log's head was last anchored


@dataclass(frozen=True)
class Principal:
    """The signed-in user of a request, and how they signed in."""

    user: User
    session: WebSession | None = None  # None for API tokens

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def name(self) -> str:
        return self.user.username


def services(request: Request) -> Services:
    """The app's services."""
    svc: Services = request.app.state.services
    return svc


def address(request: Request) -> str:
    """The client's address (what the audit log records as 'from where')."""
    return request.client.host if request.client else ""


def is_api(request: Request) -> bool:
    """Whether the request is for the REST API (JSON answers, no redirects)."""
    return request.url.path.startswith("/api/")


def audit(request: Request, action: str, subject: str, outcome: str = "ok", **details: Any) -> None:
    """One audit entry for this request: who, from where, what, the outcome (ids and query terms
    only, never document text)."""
    who = getattr(request.state, "principal", None)
    svc = services(request)
    with svc.index.transaction() as tx:
        tx.audit.append(actor=who.name if who else "anonymous", action=action, subject=subject,
                        details={"address": address(request), "outcome": outcome,
                                 **({"role": who.role} if who else {}), **details})
    anchor_now(svc)


def anchor_now(svc: Services, every: dt.timedelta = ANCHOR_EVERY) -> None:
    """Anchor the audit log's head in the object store, at most once per `every` (a store that
    fails is logged, never fatal to the request: the next audited request tries again)."""
    now = svc.clock()
    if svc.anchored_at is not None and now - svc.anchored_at < every:
        return
    try:
        anchor_head(svc.index, svc.store, now)
        svc.anchored_at = now
    except StorageError as e:
        log.warning("could not anchor the audit log's head: %s", e.reason)


def deny(request: Request, reason: str, subject: str | None = None) -> AccessDenied:
    """Audit a denial of this request and return the error to raise."""
    audit(request, "access.denied", subject or request.url.path, "denied",
          method=request.method, route=_route_path(request), reason=reason)
    return AccessDenied("you may not do this")


def _route_path(request: Request) -> str:
    route = request.scope.get("route")
    return str(getattr(route, "path", request.url.path))


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def principal_of(request: Request) -> Principal | None:
    """The signed-in user of this request (session cookie or API token), or None. An unknown,
    revoked or idle session or token counts as not signed in."""
    if hasattr(request.state, "principal"):
        found: Principal | None = request.state.principal
        return found
    svc = services(request)
    now = svc.clock()
    found = None
    token = _bearer(request)
    try:
        if token:
            found = Principal(accounts.token_user(svc.index, token, now=now))
        elif cookie := request.cookies.get(SESSION_COOKIE):
            user, ws = accounts.resume_session(svc.index, svc.settings.web, cookie, now=now)
            found = Principal(user, ws)
    except SignInRefused:
        found = None
    request.state.principal = found
    return found


def _check_csrf(request: Request, who: Principal, form_token: str | None) -> None:
    if request.method in ("GET", "HEAD", "OPTIONS") or who.session is None:
        return  # API tokens are not sent by browsers on their own: no CSRF with them
    sent = request.headers.get("x-csrf-token") or form_token or ""
    if not secrets.compare_digest(sent.encode(), who.session.csrf.encode()):
        raise deny(request, "csrf")


def require(*roles: str, reauth: bool = False) -> Callable[..., Any]:
    """A dependency: the request's principal when signed in with one of `roles` (with a valid
    CSRF token on a form post, and, with `reauth`, a recently confirmed password); every refusal
    is audited."""
    async def dependency(request: Request) -> Principal:
        who = principal_of(request)
        if who is None:
            audit(request, "access.denied", request.url.path, "denied", method=request.method,
                  route=_route_path(request), reason="not_signed_in")
            raise SignInRefused("sign in first")
        if who.role not in roles:
            raise deny(request, "role")
        form_token = None
        if request.method == "POST" and not request.headers.get("x-csrf-token") and \
                request.headers.get("content-type", "").startswith(
                    ("application/x-www-form-urlencoded", "multipart/form-data")):
            form_token = str((await request.form()).get("csrf") or "")
        _check_csrf(request, who, form_token)
        if reauth and who.session is not None and not accounts.recently_authenticated(
                who.session, services(request).settings.web, services(request).clock()):
            raise ReauthNeeded()
        return who
    dependency.roles = roles  # type: ignore[attr-defined]  # read by the route table check
    return dependency


class ReauthNeeded(Exception):
    """User administration needs the password confirmed again first (handled by a redirect)."""


def officer_may_see(svc: Services, who: Principal, doc_id: str) -> bool:
    """Whether the user may see this document: staff always; an officer only a document in one of
    their packets or linked to one of their appearances."""
    if who.role in STAFF:
        return True
    if who.role != "officer" or not who.user.badge:
        return False
    with svc.index.transaction() as tx:
        if any(doc_id in p.document_ids for p in tx.packets.of_officer(who.user.badge)):
            return True
        return any(doc_id in a.document_ids
                   for a in tx.appearances.in_window(officer=who.user.badge))


def officer_packet(svc: Services, who: Principal, packet_id: int) -> bool:
    """Whether the user may see this packet: staff always; an officer only their own."""
    if who.role in STAFF:
        return True
    with svc.index.transaction() as tx:
        packet = tx.packets.get(packet_id)
    return bool(packet and who.role == "officer" and packet.officer_badge == who.user.badge)
