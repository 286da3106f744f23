"""Signing in and out, re-authentication, and each user's API tokens."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from base.errors import AccountLocked, SignInRefused
from casefolio.web.pages import HOME, render
from casefolio.web.security import (
    ALL_ROLES,
    PRE_CSRF_COOKIE,
    SESSION_COOKIE,
    Principal,
    address,
    audit,
    deny,
    principal_of,
    require,
    services,
)
from pipelines import accounts

router = APIRouter(include_in_schema=False)
Anyone = Annotated[Principal, Depends(require(*ALL_ROLES))]
Manager = Annotated[Principal, Depends(require("manager"))]


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never //elsewhere or a full URL)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")


@router.get("/")
def home(request: Request) -> Response:
    """The signed-in user's first page, or the sign-in page."""
    who = principal_of(request)
    return RedirectResponse(HOME[who.role] if who else "/sign-in", status_code=303)


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, next: str | None = None, error: str | None = None) -> Response:
    """The sign-in form with the system-use notice."""
    token = secrets.token_urlsafe(24)
    response = render(request, "signin.html", next=_safe_next(next), error=error, pre_csrf=token)
    _set_cookie(request, response, PRE_CSRF_COOKIE, token)
    return response


@router.post("/sign-in")
def sign_in(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()],
            csrf: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    """Check the name and password (audited; 5 failures in 15 minutes lock the account) and open a
    session."""
    svc = services(request)
    expected = request.cookies.get(PRE_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(csrf.encode(), expected.encode()):
        raise deny(request, "csrf", "/sign-in")
    now = svc.clock()
    try:
        user = accounts.authenticate(svc.index, svc.settings.web, username, password,
                                     address=address(request), now=now)
    except (SignInRefused, AccountLocked) as e:
        return sign_in_page(request, next=next, error=e.message)
    token, _ = accounts.open_session(svc.index, user, address=address(request), now=now)
    target = _safe_next(next)
    response = RedirectResponse(target if target != "/" else HOME[user.role], status_code=303)
    _set_cookie(request, response, SESSION_COOKIE, token)
    response.delete_cookie(PRE_CSRF_COOKIE, path="/")
    return response


@router.post("/sign-out")
def sign_out(request: Request, who: Anyone) -> Response:
    """End the session."""
    accounts.end_session(services(request).index, request.cookies.get(SESSION_COOKIE, ""))
    audit(request, "signout", str(who.user.id))
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/reauth", response_class=HTMLResponse)
def reauth_page(request: Request, who: Manager, next: str | None = None,
                error: str | None = None) -> Response:
    """Confirm the password before user administration."""
    return render(request, "reauth.html", next=_safe_next(next), error=error)


@router.post("/reauth")
def reauth(request: Request, who: Manager, password: Annotated[str, Form()],
           next: Annotated[str, Form()] = "/users") -> Response:
    """Check the password again (a failure counts towards the lockout)."""
    svc = services(request)
    if who.session is None:
        raise deny(request, "no_session")
    try:
        accounts.reauthenticate(svc.index, svc.settings.web, who.session, who.user, password,
                                address=address(request), now=svc.clock())
    except (SignInRefused, AccountLocked) as e:
        return reauth_page(request, who, next=next, error=e.message)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, who: Anyone) -> Response:
    """The user's API tokens."""
    with services(request).index.transaction() as tx:
        tokens = tx.tokens.of_user(who.user.id or 0)
    return render(request, "account.html", tokens=tokens, new_token=None)


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(request: Request, who: Anyone, name: Annotated[str, Form()] = "script") -> Response:
    """Make an API token; its secret is shown this once."""
    svc = services(request)
    secret, _ = accounts.create_token(svc.index, who.user, name,
                                      actor=accounts.Actor(who.name, address(request)),
                                      now=svc.clock())
    with svc.index.transaction() as tx:
        tokens = tx.tokens.of_user(who.user.id or 0)
    return render(request, "account.html", tokens=tokens, new_token=secret)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, who: Anyone, token_id: int) -> Response:
    """Revoke one of the user's tokens."""
    svc = services(request)
    if not accounts.revoke_token(svc.index, who.user, token_id,
                                 actor=accounts.Actor(who.name, address(request)), now=svc.clock()):
        raise deny(request, "not_own_token", str(token_id))
    return RedirectResponse("/account", status_code=303)
