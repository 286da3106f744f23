"""Records manager and auditor pages: accounts (after re-authentication), the audit log, the
quarantine list."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from base.errors import AccessError
from casefolio.web.pages import csv_response, render
from casefolio.web.routes_archive import _day
from casefolio.web.security import STAFF, Principal, address, audit, require, services
from pipelines import accounts
from pipelines.audit_trail import audit_entries
from pipelines.quarantine import list_quarantine
from storage.accounts import ROLES

router = APIRouter(include_in_schema=False)
Staff = Annotated[Principal, Depends(require(*STAFF))]
Admin = Annotated[Principal, Depends(require("manager", reauth=True))]
Auditor = Annotated[Principal, Depends(require("manager", "auditor"))]
USER_ACTIONS = {"disable": accounts.disable_user, "enable": accounts.enable_user,
                "unlock": accounts.unlock_user}
AUDIT_PAGE = 100


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, who: Admin, error: str | None = None, done: str | None = None
               ) -> Response:
    """Every account, with add, disable, unlock and reset."""
    svc = services(request)
    with svc.index.transaction() as tx:
        users = tx.users.all()
        officers = tx.officers.all()
    audit(request, "users.viewed", "-", total=len(users))
    return render(request, "users.html", users=users, roles=ROLES, officers=officers,
                  error=error, done=done, role_names=accounts.ROLE_NAMES)


@router.get("/users.csv")
def users_csv(request: Request, who: Admin) -> Response:
    """Every account as CSV (no secrets)."""
    with services(request).index.transaction() as tx:
        users = tx.users.all()
    return csv_response(request, "users", ["username", "role", "badge", "active", "locked",
                                           "created_at", "password_changed_at"], (
        [u.username, u.role, u.badge, u.active, u.locked, u.created_at, u.password_changed_at]
        for u in users))


@router.post("/users")
def add_user(request: Request, who: Admin, username: Annotated[str, Form()],
             role: Annotated[str, Form()], password: Annotated[str, Form()],
             badge: Annotated[str, Form()] = "") -> Response:
    """Make an account."""
    svc = services(request)
    try:
        accounts.add_user(svc.index, svc.settings.web, username=username, role=role,
                          password=password, badge=badge or None,
                          actor=accounts.Actor(who.name, address(request)), now=svc.clock())
    except AccessError as e:
        audit(request, "user.added", username[:64], "refused", reason=e.reason)
        return users_page(request, who, error=e.message)
    return RedirectResponse(f"/users?done=added+{username.strip().lower()}", status_code=303)


@router.post("/users/{username}/reset")
def reset_user(request: Request, who: Admin, username: str,
               password: Annotated[str, Form()]) -> Response:
    """Set a new password (also unlocks)."""
    svc = services(request)
    try:
        accounts.reset_password(svc.index, svc.settings.web, username, password,
                                actor=accounts.Actor(who.name, address(request)), now=svc.clock())
    except AccessError as e:
        audit(request, "user.password_reset", username, "refused", reason=e.reason)
        return users_page(request, who, error=e.message)
    return RedirectResponse(f"/users?done=password+reset+for+{username}", status_code=303)


@router.post("/users/{username}/{action}")
def change_user(request: Request, who: Admin, username: str, action: str) -> Response:
    """Disable, enable or unlock an account."""
    svc = services(request)
    change = USER_ACTIONS.get(action)
    if change is None:
        return users_page(request, who, error=f"unknown action {action}")
    try:
        change(svc.index, username, actor=accounts.Actor(who.name, address(request)),
               now=svc.clock())
    except AccessError as e:
        return users_page(request, who, error=e.message)
    return RedirectResponse(f"/users?done={action}d+{username}", status_code=303)


def _audit_window(since: str | None, until: str | None) -> tuple[dt.datetime | None,
                                                                  dt.datetime | None]:
    start, end = _day(since), _day(until)
    return (dt.datetime.combine(start, dt.time(), dt.UTC) if start else None,
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.UTC) if end else None)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, who: Auditor, since: str | None = None, until: str | None = None,
               actor: str | None = None, action: str | None = None, before: int | None = None
               ) -> Response:
    """The audit log, newest first (reading it is itself audited)."""
    svc = services(request)
    start, end = _audit_window(since, until)
    entries = audit_entries(svc.index, since=start, until=end, actor=actor or None,
                            action=action or None, before_id=before, limit=AUDIT_PAGE)
    audit(request, "audit.read", "-", query={"since": since or "", "until": until or "",
                                             "actor": actor or "", "action": action or ""},
          total=len(entries))
    return render(request, "audit.html", entries=entries, since=since or "", until=until or "",
                  actor=actor or "", action=action or "",
                  older=entries[-1].id if len(entries) == AUDIT_PAGE else None)


@router.get("/audit.csv")
def audit_csv(request: Request, who: Auditor, since: str | None = None, until: str | None = None,
              actor: str | None = None, action: str | None = None) -> Response:
    """The audit log in a window as CSV."""
    svc = services(request)
    start, end = _audit_window(since, until)
    entries = audit_entries(svc.index, since=start, until=end, actor=actor or None,
                            action=action or None, limit=None)
    audit(request, "audit.read", "-", query={"since": since or "", "until": until or ""},
          total=len(entries), export="csv")
    return csv_response(request, "audit-log", ["id", "at", "actor", "action", "subject",
                                               "address", "outcome", "details", "hash"], (
        [e.id, e.at.isoformat(), e.actor, e.action, e.subject, e.details.get("address", ""),
         e.details.get("outcome", ""), e.details, e.hash] for e in entries))


@router.get("/quarantine", response_class=HTMLResponse)
def quarantine_page(request: Request, who: Staff) -> Response:
    """Files that could not be filed, with the reason for each."""
    entries = list_quarantine(services(request).settings.quarantine)
    audit(request, "quarantine.viewed", "-", total=len(entries))
    return render(request, "quarantine.html", entries=entries)


@router.get("/quarantine.csv")
def quarantine_csv(request: Request, who: Staff) -> Response:
    """The quarantine list as CSV."""
    entries = list_quarantine(services(request).settings.quarantine)
    return csv_response(request, "quarantine", ["when", "reason", "file", "message", "sha256"], (
        [e.when, e.reason, e.path.name, e.message, e.sha256] for e in entries))
