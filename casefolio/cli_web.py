"""`casefolio web`, `casefolio users ...` and `casefolio audit ...`: the archive people sign in to,
its accounts, and its audit trail."""

from __future__ import annotations

import getpass
import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from casefolio.console import CommandGroup, cli_settings, die, err, out

if TYPE_CHECKING:
    from storage.index import Index

users_app = typer.Typer(cls=CommandGroup, help="Accounts of the web app and API.",
                        no_args_is_help=True)
audit_app = typer.Typer(cls=CommandGroup, help="The audit trail: verify, export, anchor.",
                        no_args_is_help=True)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "cli:casefolio"


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _password(given: str | None, *, confirm: bool = True) -> str:
    """The password from --password-stdin's line, else asked twice on the terminal."""
    if given is not None:
        return given
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            die("no password given on standard input")
        return line
    first = getpass.getpass("Password: ")
    if confirm and getpass.getpass("Again: ") != first:
        die("the passwords differ")
    return first


def web_command(
    host: Annotated[str | None, typer.Option(help="Listen address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
) -> None:
    """The records archive web app and REST API (sign-in required; /openapi.json describes the
    API). Listening beyond this machine is refused until an account exists."""
    import uvicorn

    from casefolio.web import check_exposure, create_app

    settings = cli_settings()
    host = host or settings.web.host
    try:
        check_exposure(settings, host)
    except ValueError as e:
        die(str(e))
    port = port or settings.web.port
    err.print(f"casefolio: web app on http://{host}:{port}/ (API: /api/, /openapi.json)")
    proxies = settings.web.trusted_proxies.strip()
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning",
                proxy_headers=bool(proxies), forwarded_allow_ips=proxies or None)


def _index() -> Index:
    from storage.index import Index

    return Index(cli_settings().database_url)


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="User name (letters, digits, . - _).")],
    role: Annotated[str, typer.Option(help="manager | clerk | officer | auditor")],
    badge: Annotated[str | None, typer.Option(help="The roster badge (officers).")] = None,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from standard input.")] = False,
) -> None:
    """Add an account (the first records manager bootstraps the web app)."""
    from pipelines import accounts

    settings = cli_settings()
    password = _password(sys.stdin.readline().rstrip("\n") if password_stdin else None)
    user = accounts.add_user(_index(), settings.web, username=username, role=role,
                             password=password, badge=badge, actor=accounts.Actor(_actor()),
                             now=_now())
    out.print(f"added {user.username} ({user.role}{', badge ' + user.badge if user.badge else ''})")


def _change(action: str, username: str) -> None:
    from pipelines import accounts

    change = {"disable": accounts.disable_user, "enable": accounts.enable_user,
              "unlock": accounts.unlock_user}[action]
    user = change(_index(), username, actor=accounts.Actor(_actor()), now=_now())
    out.print(f"{user.username}: {action}d")


@users_app.command("disable")
def users_disable(username: str) -> None:
    """Disable an account (its sessions end at once)."""
    _change("disable", username)


@users_app.command("enable")
def users_enable(username: str) -> None:
    """Enable a disabled account."""
    _change("enable", username)


@users_app.command("unlock")
def users_unlock(username: str) -> None:
    """Unlock an account locked by failed sign-ins."""
    _change("unlock", username)


@users_app.command("reset")
def users_reset(username: str, password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from standard input.")] = False) -> None:
    """Set a new password (also unlocks; the account's sessions end)."""
    from pipelines import accounts

    settings = cli_settings()
    password = _password(sys.stdin.readline().rstrip("\n") if password_stdin else None)
    user = accounts.reset_password(_index(), settings.web, username, password,
                                   actor=accounts.Actor(_actor()), now=_now())
    out.print(f"{user.username}: password set")


@users_app.command("list")
def users_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every account."""
    with _index().transaction() as tx:
        users = tx.users.all()
    for u in users:
        state = "disabled" if not u.active else "locked" if u.locked else "active"
        if as_json:
            out.print_json(json.dumps({"username": u.username, "role": u.role, "badge": u.badge,
                                       "state": state}))
        else:
            out.print(f"{u.username:<20} {u.role:<8} {u.badge or '-':<8} {state}")
    if not users:
        err.print("no accounts yet: casefolio users add NAME --role manager")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit log: the hash chain (an edit or deletion breaks it) and the anchors in the
    object store (entries cut off after an anchor). Exit 1 when anything is wrong."""
    from pipelines.audit_trail import verify_trail
    from storage.objects import open_store

    settings = cli_settings()
    check = verify_trail(_index(), open_store(settings.storage_url))
    if check.first_bad is not None:
        err.print(f"[red]the chain breaks at entry {check.first_bad}[/]")
    for key in check.broken_anchors:
        err.print(f"[red]anchor {key}: its entry is gone or differs (truncated or rewritten)[/]")
    out.print(f"{check.entries} entries, {check.anchors} anchors: "
              f"{'ok' if check.ok else 'NOT OK'}")
    raise typer.Exit(0 if check.ok else 1)


@audit_app.command("anchor")
def audit_anchor() -> None:
    """Write the audit log's head (and each finished day's last entry) to the object store."""
    from pipelines.audit_trail import anchor_head
    from storage.objects import open_store

    written = anchor_head(_index(), open_store(cli_settings().storage_url), _now())
    out.print(f"{len(written)} anchor(s) written" + (f", head at entry {written[-1].id}"
                                                    if written else ""))


def _day(value: str | None, flag: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        die(f"{flag}: not a date (YYYY-MM-DD): {value}")


@audit_app.command("export")
def audit_export(
    date_from: Annotated[str | None, typer.Option("--from", help="First day (UTC), YYYY-MM-DD.")]
    = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day (UTC), inclusive.")] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="File (default: stdout).")] = None,
) -> None:
    """Audit log entries in a window, one JSON object per line (the export is itself audited)."""
    from pipelines.audit_trail import iter_window

    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    since = datetime.combine(start, time(), UTC) if start else None
    until = datetime.combine(end + timedelta(days=1), time(), UTC) if end else None
    index = _index()
    fh = open(out_file, "w", encoding="utf-8") if out_file else sys.stdout
    n = 0
    try:
        for e in iter_window(index, since, until):
            fh.write(json.dumps({"id": e.id, "at": e.at.isoformat(), "actor": e.actor,
                                 "action": e.action, "subject": e.subject, "details": e.details,
                                 "prev_hash": e.prev_hash, "hash": e.hash}, default=str) + "\n")
            n += 1
    finally:
        if out_file:
            fh.close()
    with index.transaction() as tx:
        tx.audit.append(actor=_actor(), action="audit.read", subject="-",
                        details={"outcome": "ok", "export": "jsonl", "entries": n,
                                 "query": {"from": date_from or "", "to": date_to or ""}})
    if out_file:
        err.print(f"exported {n} entries to {out_file}")
