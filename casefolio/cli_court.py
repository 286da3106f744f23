"""`casefolio officers|court|packets|outbox ...`: the court side of the CLI.

Registered by casefolio/cli.py with `app.add_typer(officers_app, name="officers")` etc. Every
command runs its step directly (no Prefect server needed).
"""

from __future__ import annotations

import getpass
import json
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from base.settings import Settings
from casefolio.console import cli_settings, die, err, out

if TYPE_CHECKING:
    from pipelines.notify import DeliveryReport
    from storage.index import Index
    from storage.objects import ObjectStore

officers_app = typer.Typer(help="The officer roster (badge, name, email).", no_args_is_help=True)
court_app = typer.Typer(help="Court appearances: docket import, manual entry, calendar.",
                        no_args_is_help=True)
packets_app = typer.Typer(help="Court packets per officer: build and email.", no_args_is_help=True)
outbox_app = typer.Typer(help="Email outbox: what was sent, what failed, retries.",
                         no_args_is_help=True)


FromOpt = Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD).")]
ToOpt = Annotated[str, typer.Option("--to", help="Last day (YYYY-MM-DD), inclusive.")]
OfficerOpt = Annotated[str | None, typer.Option("--officer", help="Badge number.")]




def _open(settings: Settings) -> tuple[Index, ObjectStore]:
    from storage.index import Index
    from storage.objects import open_store

    return Index(settings.database_url), open_store(settings.storage_url)


def _day(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        die(f"{what}: not a date (YYYY-MM-DD): {value!r}")


def _optional_day(value: str | None, what: str) -> date | None:
    return None if value is None else _day(value, what)


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "casefolio"


def _deliver(index: Index, store: ObjectStore, settings: Settings) -> bool:
    """Send what is due in the outbox, if mail is configured; print the outcome."""
    from pipelines import notify

    if not settings.smtp_host:
        err.print("[yellow]no SMTP server configured (CASEFOLIO_SMTP_HOST): notices wait in "
                  "the outbox[/]")
        return True
    report = notify.deliver_pending(index, store, settings, actor=_actor())
    _print_delivery(report)
    return report.ok


def _print_delivery(report: DeliveryReport) -> None:
    out.print(f"sent {len(report.sent)}, failed {len(report.failed)}, "
              f"waiting {len(report.deferred)}")
    if report.error:
        err.print(f"[red]mail:[/] {report.error} (will retry on the next send)")


# --- officers ---------------------------------------------------------------------------------

@officers_app.command("import")
def officers_import(roster: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                                           help="CSV: badge,name,email")]) -> None:
    """Add or update officers from a roster CSV (re-import updates)."""
    from pipelines import court

    settings = cli_settings()
    index, _ = _open(settings)
    result = court.import_roster(index, roster, actor=_actor())
    out.print(f"officers: {result.added} added, {result.updated} updated, "
              f"{result.unchanged} unchanged")
    for problem in result.errors:
        err.print(f"[yellow]{problem}[/]")
    raise typer.Exit(1 if result.errors else 0)


@officers_app.command("list")
def officers_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The roster."""
    from pipelines import court

    index, _ = _open(cli_settings())
    officers = court.list_officers(index)
    if as_json:
        for o in officers:
            out.print_json(json.dumps(asdict(o)))
        return
    table = Table("badge", "name", "email")
    for o in officers:
        table.add_row(o.badge, o.name, o.email or "[red]none[/]")
    out.print(table)


# --- court ------------------------------------------------------------------------------------

@court_app.command("import")
def court_import(
    docket: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Docket CSV.")],
    feed: Annotated[str | None, typer.Option(
        help="Name of this docket feed (one per court export); rows gone from the same feed "
             "are cancellations. Default: court.docket_feed.")] = None,
    notify_now: Annotated[bool, typer.Option("--notify/--no-notify",
                                             help="Mail continuances and cancellations now.")]
    = True,
) -> None:
    """Import a court docket: merge appearances, detect continuances and cancellations."""
    from pipelines import court

    settings = cli_settings()
    index, store = _open(settings)
    result = court.import_docket(index, docket, settings.court, feed=feed, actor=_actor())
    out.print(", ".join(f"{k} {v}" for k, v in result.summary().items()))
    for problem in result.errors:
        err.print(f"[yellow]{problem}[/]")
    if result.unassigned:
        err.print(f"[yellow]{len(result.unassigned)} appearance(s) with no roster officer "
                  f"(ids {', '.join(map(str, result.unassigned))}): import the roster[/]")
    ok = _deliver(index, store, settings) if notify_now else True
    raise typer.Exit(0 if ok and not result.errors else 1)


@court_app.command("add")
def court_add(
    officer: Annotated[str, typer.Option("--officer", help="Badge number.")],
    day: Annotated[str, typer.Option("--date", help="YYYY-MM-DD")],
    time: Annotated[str | None, typer.Option(help="HH:MM (24 h)")] = None,
    court_name: Annotated[str | None, typer.Option("--court")] = None,
    room: Annotated[str | None, typer.Option("--room")] = None,
    hearing: Annotated[str | None, typer.Option()] = None,
    defendant: Annotated[str | None, typer.Option()] = None,
    case: Annotated[list[str] | None, typer.Option("--case", help="Agency case number.")]
    = None,
    citation: Annotated[list[str] | None, typer.Option("--citation")] = None,
    court_case: Annotated[list[str] | None, typer.Option("--court-case")] = None,
) -> None:
    """Enter an appearance by hand (merged with a matching one from the docket or a document)."""
    from base.models import Appearance
    from pipelines import court

    _day(day, "--date")
    if time:
        try:
            time = f"{int(time.split(':')[0]):02d}:{int(time.split(':')[1]):02d}"
        except (ValueError, IndexError):
            die(f"--time: not HH:MM: {time!r}")
    if not (case or citation or court_case):
        die("give at least one --case, --citation or --court-case number")
    settings = cli_settings()
    index, _ = _open(settings)
    if court.get_officer(index, officer) is None:
        err.print(f"[yellow]badge {officer} is not on the roster: no packet can be mailed "
                  "until it is[/]")
    a = Appearance(date=day, time=time, court=court_name, courtroom=room, hearing=hearing,
                   officer_badge=officer, defendant=defendant, case_numbers=list(case or []),
                   citation_numbers=list(citation or []),
                   court_case_numbers=list(court_case or []), source="manual")
    appearance_id, created = court.add_appearance(index, a, actor=_actor())
    out.print(f"appearance {appearance_id} {'added' if created else 'merged into existing'}")


@court_app.command("cancel")
def court_cancel(
    appearance_id: Annotated[int, typer.Argument(help="Appearance id (see calendar).")],
    notify_now: Annotated[bool, typer.Option("--notify/--no-notify")] = True,
) -> None:
    """Cancel an appearance by hand; the officer gets a cancellation."""
    from pipelines import court

    settings = cli_settings()
    index, store = _open(settings)
    if not court.cancel_appearance(index, appearance_id, actor=_actor()):
        die(f"no appearance {appearance_id}", 1)
    out.print(f"appearance {appearance_id} cancelled")
    ok = _deliver(index, store, settings) if notify_now else True
    raise typer.Exit(0 if ok else 1)


@court_app.command("calendar")
def court_calendar(
    officer: OfficerOpt = None,
    date_from: Annotated[str | None, typer.Option("--from")] = None,
    date_to: Annotated[str | None, typer.Option("--to")] = None,
    cancelled: Annotated[bool, typer.Option("--cancelled/--no-cancelled",
                                            help="Show cancelled appearances.")] = True,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List appearances (default: from today on)."""
    from pipelines import court

    start = _optional_day(date_from, "--from") or (date.today() if date_to is None else None)
    end = _optional_day(date_to, "--to")
    index, _ = _open(cli_settings())
    rows = court.list_appearances(index, date_from=start, date_to=end, officer=officer,
                                  include_cancelled=cancelled)
    if as_json:
        for a in rows:
            out.print(json.dumps(asdict(a)), soft_wrap=True)
        return
    table = Table("id", "date", "time", "officer", "court", "room", "hearing", "numbers",
                  "status", "source")
    for a in rows:
        numbers = ", ".join([*a.court_case_numbers, *a.case_numbers, *a.citation_numbers])
        style = "strike dim" if a.status == "cancelled" else None
        table.add_row(str(a.id), a.date, a.time or "", a.officer_badge or "[red]?[/]",
                      a.court or "", a.courtroom or "", a.hearing or "", numbers, a.status,
                      a.source, style=style)
    out.print(table)


# --- packets ----------------------------------------------------------------------------------

@packets_app.command("build")
def packets_build(
    date_from: FromOpt, date_to: ToOpt, officer: OfficerOpt = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Also write the PDFs here.")]
    = None,
    force: Annotated[bool, typer.Option(help="Rebuild even when unchanged.")] = False,
) -> None:
    """Build each officer's packet for appearances in the window (stored; not mailed)."""
    from pipelines import packets

    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    settings = cli_settings()
    index, store = _open(settings)
    built = packets.build_packets(index, store, settings.court, start, end, officer=officer,
                                  actor=_actor(), force=force)
    table = Table("badge", "appearances", "documents", "pages", "size", "sha256", "file")
    for b in built:
        path = ""
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            target = out_dir / f"court-packet-{b.packet.officer_badge}-{start}-{end}.pdf"
            target.write_bytes(store.get_bytes(b.object_key))
            path = str(target)
        table.add_row(b.packet.officer_badge, str(len(b.packet.appearance_ids)),
                      str(len(b.packet.document_ids)), str(b.packet.pages),
                      f"{b.size / 1e6:.1f} MB", (b.packet.sha256 or "")[:12], path)
    out.print(table if built else "no appearances in this window")


@packets_app.command("send")
def packets_send(date_from: FromOpt, date_to: ToOpt, officer: OfficerOpt = None) -> None:
    """Email each officer their packet. Never mails the same packet twice; a changed packet goes
    out as an update; failed sends wait in the outbox and are retried. Exit 1 on any failure."""
    from pipelines import packets

    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    settings = cli_settings()
    if not settings.smtp_host:
        die("no SMTP server configured (CASEFOLIO_SMTP_HOST)")
    index, store = _open(settings)
    report = packets.send_packets(index, store, settings, start, end, officer=officer,
                                  actor=_actor())
    out.print(f"queued {len(report.queued)} packet(s) ({len(report.updates)} update(s)); "
              f"{len(report.unchanged)} officer(s) already have theirs")
    _print_delivery(report.delivery)
    raise typer.Exit(0 if report.ok else 1)


@packets_app.command("daily")
def packets_daily(
    today: Annotated[str | None, typer.Option(help="Run as of this day.")] = None,
) -> None:
    """The daily run without Prefect: packets `court.days_ahead` ahead, reminders, retries."""
    from pipelines import packets

    day = _optional_day(today, "--today") or date.today()
    settings = cli_settings()
    index, store = _open(settings)
    report = packets.run_daily(index, store, settings, today=day, actor=_actor())
    out.print(f"{day}: queued {len(report.queued)} packet(s), {len(report.reminders)} "
              f"reminder(s) for {day + timedelta(days=settings.court.reminder_days)}")
    _print_delivery(report.delivery)
    raise typer.Exit(0 if report.ok else 1)


# --- outbox -----------------------------------------------------------------------------------

@outbox_app.command("list")
def outbox_list(
    status: Annotated[str | None, typer.Option(
        help="pending, sending, sent, failed or superseded")] = None,
    officer: OfficerOpt = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Outbox rows, newest first."""
    from pipelines import notify

    index, _ = _open(cli_settings())
    rows = notify.list_outbox(index, status=status, officer=officer)
    if as_json:
        for r in rows:
            out.print(json.dumps(asdict(r)), soft_wrap=True)
        return
    table = Table("id", "badge", "kind", "status", "attempts", "created", "sent", "reason")
    for r in rows:
        color = {"failed": "red", "pending": "yellow", "sending": "yellow"}.get(r.status)
        table.add_row(str(r.id), r.officer_badge, r.kind,
                      f"[{color}]{r.status}[/]" if color else r.status, str(r.attempts),
                      r.created_at, r.sent_at or "", r.reason or "")
    out.print(table)


@outbox_app.command("retry")
def outbox_retry(ids: Annotated[list[int] | None, typer.Argument(
        help="Outbox ids (default: every failed row).")] = None) -> None:
    """Make failed rows due again (also permanent failures, once fixed) and send what is due."""
    from pipelines import notify

    settings = cli_settings()
    index, store = _open(settings)
    reset = notify.reset_failed(index, ids or None, actor=_actor())
    out.print(f"{len(reset)} failed message(s) due again")
    raise typer.Exit(0 if _deliver(index, store, settings) else 1)


@outbox_app.command("send")
def outbox_send() -> None:
    """Send everything due in the outbox (pending, transient failures, stale claims)."""
    settings = cli_settings()
    index, store = _open(settings)
    raise typer.Exit(0 if _deliver(index, store, settings) else 1)
