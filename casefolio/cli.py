"""The `casefolio` command. Every command runs its step directly, without a Prefect server."""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from casefolio import cli_court
from casefolio.cli_service import doctor_command, serve_command
from casefolio.cli_web import audit_app, users_app, web_command
from casefolio.console import CommandGroup, cli_settings, die, err, out

app = typer.Typer(
    cls=CommandGroup,
    help="casefolio: the records unit's document pipeline (ingest, search, court packets).",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
quarantine_app = typer.Typer(help="Files that could not be filed, and why.", no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")





@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.", exists=True)],
    move: Annotated[bool, typer.Option(help="Remove each source file once filed or quarantined.")]
    = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per file.")] = False,
) -> None:
    """Ingest files or folders now. Exit 0 when every file was filed or a duplicate, else 1."""
    from casefolio.progress import ingest_with_progress

    settings = cli_settings()
    logging.getLogger("pipelines").setLevel(logging.ERROR)  # each file gets its own line below
    outcomes = ingest_with_progress(settings, paths, move=move, as_json=as_json, console=out)
    if not all(o.ok for o in outcomes):
        raise typer.Exit(1)


@app.command()
def watch(
    inbox: Annotated[Path | None, typer.Option(help="Folder to watch (default: HOME/inbox).")]
    = None,
) -> None:
    """Run the watched-folder service without schedules: ingest every file dropped into the inbox
    (as flow runs when a Prefect server is configured; `casefolio serve` adds the schedules)."""
    import threading

    from flows.watcher import dispatcher_for, run_watcher
    from pipelines.workers import close_shared_workers

    settings = cli_settings()
    folder = inbox or settings.inbox
    err.print(f"casefolio: watching {folder} (Ctrl-C to stop)")
    try:
        run_watcher(settings, dispatcher_for(settings), threading.Event(), folder)
    except KeyboardInterrupt:
        pass
    finally:
        close_shared_workers()


@app.command()
def search(
    words: Annotated[list[str] | None, typer.Argument(
        metavar="[TEXT]...", help='Words to find: all must appear; "a phrase", OR, NOT or -word '
        "(after --: `search -- theft -bicycle`), prefix*.")] = None,
    case: Annotated[str | None, typer.Option("--case", help="Agency case number.")] = None,
    citation: Annotated[str | None, typer.Option(help="Citation number.")] = None,
    court_case: Annotated[str | None, typer.Option(help="Court case number.")] = None,
    plate: Annotated[str | None, typer.Option(
        help="Licence plate, whole or partial; misread letters/digits tolerated.")] = None,
    name: Annotated[str | None, typer.Option(
        help='Person\'s name: any order, "LAST, First", initials, misspellings.')] = None,
    officer: Annotated[str | None, typer.Option(help="Officer's badge or name.")] = None,
    doc_type: Annotated[str | None, typer.Option("--type", help="Document type.")] = None,
    since: Annotated[str | None, typer.Option(help="Filed on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Filed on or before YYYY-MM-DD.")] = None,
    review: Annotated[bool, typer.Option("--review", help="Only documents flagged for review.")]
    = False,
    limit: Annotated[int, typer.Option(help="At most this many results (a page).")] = 50,
    page: Annotated[int, typer.Option(help="Which page of `limit` results (1 = first).")] = 1,
    cursor: Annotated[str | None, typer.Option(
        help="Continue after the page that printed this cursor.")] = None,
    facets: Annotated[bool, typer.Option("--facets", help="Also count matches by type, year, "
                                         "officer and review flag.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines (export format + score).")]
    = False,
) -> None:
    """Query the archive by text, numbers, plate, name, officer, type and date."""
    from pipelines.search import run_search

    settings = cli_settings()
    # a word the shell kept together ("pry tool") is a phrase
    text = " ".join(f'"{w}"' if " " in w.strip() and '"' not in w else w
                    for w in words) if words else None
    try:
        query_dates = (_date(since, "--since"), _date(until, "--until"))
    except ValueError as e:
        die(str(e))
    if limit < 1 or page < 1:
        die("--limit and --page want a number of at least 1")
    try:
        result, records = run_search(
            settings, text=text, case=case, citation=citation, court_case=court_case,
            plate=plate, name=name, officer=officer, doc_type=doc_type, since=query_dates[0],
            until=query_dates[1], needs_review=True if review else None, limit=limit,
            offset=(page - 1) * limit, cursor=cursor, facets=facets, with_records=as_json)
    except ValueError as e:  # a cursor of another search, an offset too deep
        die(str(e))
    if as_json:
        for hit, record in zip(result.hits, records, strict=True):
            record = dict(record, score=hit.score, snippet=hit.snippet)
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    from casefolio.progress import print_result

    print_result(out, result)


def _date(value: str | None, flag: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        die(f"{flag} wants a date like 2024-03-28, not {value!r}")


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(metavar="ID", help="Document id (or a unique prefix).")],
    as_json: Annotated[bool, typer.Option("--json", help="The export-format record.")] = False,
    save_pdf: Annotated[Path | None, typer.Option(help="Save the searchable PDF here.")] = None,
    save_original: Annotated[Path | None, typer.Option(help="Save the original file here.")]
    = None,
) -> None:
    """One document: its facts, OCR quality and text."""
    from pipelines.search import get_document, save_object

    settings = cli_settings()
    record = get_document(settings, doc_id)
    if record is None:
        die(f"no document {doc_id}", 1)
    for dest, which in ((save_pdf, "searchable"), (save_original, "original")):
        if dest:
            save_object(settings, record["id"], which, dest)
            err.print(f"saved the {which} file to {dest}")
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    from casefolio.progress import print_record

    print_record(out, record)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl",
    out_file: Annotated[Path | None, typer.Option("--out", help="File (default: stdout).")]
    = None,
    corrections: Annotated[bool, typer.Option(
        "--corrections", help="Reviewers' corrections as labelled data instead of documents.")]
    = False,
) -> None:
    """Every document, one JSON object per line (or CSV); with --corrections, every reviewer's
    correction (document, fact, extracted and corrected value, who, when). Audited."""
    from pipelines.export import (
        iter_corrections,
        iter_export_records,
        write_corrections_csv,
        write_csv,
        write_jsonl,
    )
    from storage.index import Index

    if fmt not in ("jsonl", "csv"):
        die("--format must be jsonl or csv")
    settings = cli_settings()
    index = Index(settings.database_url)
    rows = iter_corrections(index) if corrections else iter_export_records(index)
    writer = (write_corrections_csv if corrections else write_csv) if fmt == "csv" else write_jsonl
    what = "corrections" if corrections else "documents"
    if out_file:
        with open(out_file, "w", encoding="utf-8", newline="") as fh:
            n = writer(rows, fh)
        err.print(f"exported {n} {what} to {out_file}")
    else:
        n = writer(rows, sys.stdout)
    with index.transaction() as tx:
        tx.audit.append(actor=f"cli:{_user()}", action="export", subject=what,
                        details={"outcome": "ok", "format": fmt, "rows": n})


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "casefolio"


@app.command()
def reextract(
    doc_ids: Annotated[list[str] | None, typer.Argument(metavar="[ID]...",
                                                           help="Document ids (default: every document).")]
    = None,
) -> None:
    """Extract numbers, names, plates, types and appearances again from the stored pages (no OCR):
    after a change to the agency's patterns or labels in settings, or a roster import."""
    from pipelines.reextract import reextract_documents
    from storage.index import Index
    from storage.objects import open_store

    settings = cli_settings()
    index = Index(settings.database_url)
    try:
        report = reextract_documents(settings, index, open_store(settings.storage_url), doc_ids or None)
    finally:
        index.close()
    for doc_id, reason in report.failed:
        err.print(f"{doc_id}: left as it was ({reason})")
    out.print(f"re-extracted {report.checked} documents: {len(report.changed)} changed, "
              f"{len(report.failed)} could not be read")
    if doc_ids and report.checked < len(doc_ids):
        die(f"{len(doc_ids) - report.checked} of the given ids are not filed documents", 1)
    if report.failed:
        raise typer.Exit(1)


@quarantine_app.command("list")
def quarantine_list() -> None:
    """Quarantined files, newest first, with the reason for each."""
    from pipelines.quarantine import list_quarantine

    settings = cli_settings()
    entries = list_quarantine(settings.quarantine)
    if not entries:
        out.print("quarantine is empty")
    for e in entries:
        out.print(f"{e.when}  {e.reason:<18} {e.path.name}: {e.message}")


for _name in ("officers", "court", "packets", "outbox"):
    app.add_typer(getattr(cli_court, f"{_name}_app"), name=_name)

app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.command("web")(web_command)
app.command("serve")(serve_command)
app.command("doctor")(doctor_command)


if __name__ == "__main__":
    app()
