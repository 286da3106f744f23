"""Terminal output: a progress bar on a terminal, plain lines otherwise; result tables."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from base.settings import Settings
from pipelines.inbox import expand_paths
from pipelines.ingest import Ingestor, IngestOutcome
from storage.index import SearchHit
from storage.search import SearchResult

STATUS_STYLE = {"filed": "green", "duplicate": "cyan", "quarantined": "red", "retry": "yellow"}


def _line(o: IngestOutcome) -> str:
    name = Path(o.source).name
    if o.status == "filed":
        review = "  [needs review]" if o.needs_review else ""
        return f"filed       {name} -> {o.document_id} ({o.doc_type}, {o.pages} p){review}"
    if o.status == "duplicate":
        return f"duplicate   {name}: {o.message}"
    return f"{o.status:<11} {name}: {o.reason}: {o.message}"


def ingest_with_progress(settings: Settings, paths: list[Path], *, move: bool, as_json: bool,
                         console: Console) -> list[IngestOutcome]:
    """Run the ingest, reporting each file as it finishes, and a summary at the end."""
    files = expand_paths(paths)
    show_bar = console.is_terminal and not as_json and len(files) > 1

    def report(o: IngestOutcome) -> None:
        if as_json:
            sys.stdout.write(json.dumps(o.__dict__) + "\n")
            sys.stdout.flush()
        elif show_bar:
            progress.console.print(_line(o), style=STATUS_STYLE[o.status], markup=False)
            progress.advance(task)
        else:
            console.print(_line(o), markup=False, highlight=False)

    with Ingestor(settings, actor="cli") as ingestor:
        if show_bar:
            progress = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=console)
            with progress:
                task = progress.add_task("ingest", total=len(files))
                outcomes = ingestor.ingest_paths(files, move=move, on_outcome=report)
        else:
            outcomes = ingestor.ingest_paths(files, move=move, on_outcome=report)
    if not as_json:
        counts = Counter(o.status for o in outcomes)
        summary = ", ".join(f"{n} {status}" for status, n in counts.items()) or "no files"
        console.print(f"{len(outcomes)} file(s): {summary}", highlight=False)
    return outcomes


def print_hits(console: Console, hits: list[SearchHit]) -> None:
    """Results: a table on a terminal, one plain line per hit (plus snippet) otherwise."""
    if not hits:
        console.print("no documents found")
        return
    if not console.is_terminal:
        for h in hits:
            review = " (review)" if h.needs_review else ""
            console.print(f"{h.id}  {h.ingested_at[:10]}  {h.doc_type}{review}  {h.pages}p  "
                          f"{','.join(h.case_numbers[:3]) or '-'}  {h.source_name}",
                          markup=False, highlight=False)
            if h.snippet:
                console.print(f"    {h.snippet}", markup=False, highlight=False)
        console.print(f"{len(hits)} document(s)")
        return
    table = Table(show_lines=False, header_style="bold")
    for col in ("id", "filed", "type", "pages", "case", "file / snippet"):
        table.add_column(col, overflow="fold")
    for h in hits:
        flag = " [yellow](review)[/]" if h.needs_review else ""
        detail = escape(h.source_name) + (f"\n[dim]{escape(h.snippet)}[/]" if h.snippet else "")
        table.add_row(h.id[:12], h.ingested_at[:10], h.doc_type + flag, str(h.pages),
                      ", ".join(h.case_numbers[:3]), detail)
    console.print(table)
    console.print(f"{len(hits)} document(s)")


def print_result(console: Console, result: SearchResult) -> None:
    """A search result: its hits, then the total, paging and facets."""
    print_hits(console, result.hits)
    if not result.hits:
        return
    total = f"{result.total:,}" + ("" if result.total_exact else "+")
    first = result.page.offset + 1
    order = "by relevance" if result.ranked else "newest first"
    console.print(f"{first}-{first + len(result.hits) - 1} of {total} ({order})", highlight=False)
    for note in result.notes:
        console.print(f"note: {note}", markup=False, highlight=False)
    if result.page.next_cursor:
        console.print(f"next page: --cursor {result.page.next_cursor}", markup=False,
                      highlight=False)
    for facet, counts in result.facets.items():
        shown = ", ".join(f"{c.label or c.value} {c.count:,}" for c in counts[:12])
        console.print(f"{facet}: {shown}", markup=False, highlight=False)
    if result.facets and not result.facets_exact:
        console.print("(facets of the newest matches only)", markup=False, highlight=False)


def print_record(console: Console, r: dict[str, Any]) -> None:
    """One document's facts, OCR quality and text."""
    console.print(f"[bold]{escape(r['source_name'])}[/]  id {r['id']}  ({r['doc_type']}, {r['pages']} pages)")
    console.print(f"sha256 {r['sha256']}   filed {r.get('ingested_at', '')}")
    if r.get("needs_review"):
        console.print("[yellow]needs review:[/] " + escape("; ".join(r.get("review_reasons", []))))
    for label, key in (("case numbers", "case_numbers"), ("citations", "citation_numbers"),
                       ("court cases", "court_case_numbers")):
        if r[key]:
            console.print(f"{label}: {', '.join(r[key])}")
    for p in r["persons"]:
        console.print(f"person: {p['name']} ({p['role']}, page {p['page']})", markup=False)
    for p in r["plates"]:
        console.print(f"plate: {p['state'] or '??'} {p['number']} (page {p['page']})", markup=False)
    if r.get("appearance"):
        a = r["appearance"]
        console.print(f"appearance: {a.get('date')} {a.get('time') or ''} {a.get('court') or ''} "
                      f"badge {a.get('officer_badge') or '?'}", markup=False)
    for p in r["ocr"]:
        console.print(f"page {p['page']}: {p['method']} confidence {p['confidence']:.2f} "
                      f"rotation {p['rotation']} skew {p['skew']}")
    console.rule("text")
    console.print(r["text"].replace("\f", "\n\f\n"), markup=False, highlight=False)
