"""Benchmark: build court packets for 50 officers / 200 appearances / 2,000 archived documents.

    .venv/bin/python bench/packets.py [--officers 50] [--appearances 200] [--documents 2000]
                                      [--profile]

Archived documents are small born-digital PDFs (1-3 pages) made with reportlab and filed straight
into the index and object store (no OCR). Prints the set-up time, the packet build time, pages per
second, and with --profile where the build time went (PDF copying vs queries vs cover sheets).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from base.settings import Settings  # noqa: E402
from storage.index import Index  # noqa: E402
from synth.archive import archive_document  # noqa: E402


def populate(settings: Settings, officers: int, appearances: int, documents: int,
             seed: int = 7) -> date:
    """Roster, appearances (manual entry) and documents linked to them; returns the first day."""
    from base.models import Appearance, Officer
    from pipelines import court
    from storage.objects import open_store

    rng = random.Random(seed)
    index = Index(settings.database_url)
    store = open_store(settings.storage_url)
    with index.transaction() as tx:
        for n in range(officers):
            tx.officers.upsert(Officer(badge=str(1000 + n), name=f"Officer Number{n}",
                                       email=f"officer{n}@pd.example"))
    start = date.today() + timedelta(days=1)
    cases = []
    with index.transaction() as tx:
        for n in range(appearances):
            case = f"24-{100000 + n:06d}"
            cite = f"T{1000000 + n}"
            cc = f"24CR{10000 + n:05d}"
            cases.append((case, cite, cc))
            a = Appearance(date=(start + timedelta(days=rng.randrange(10))).isoformat(),
                           time=f"{8 + rng.randrange(8):02d}:{rng.choice(['00', '30'])}",
                           court="Circuit Court", courtroom=str(300 + rng.randrange(20)),
                           hearing=rng.choice(["Trial", "Arraignment", "Motion"]),
                           officer_badge=str(1000 + n % officers), defendant=f"Defendant {n}",
                           case_numbers=[case], citation_numbers=[cite], court_case_numbers=[cc])
            court.merge_appearance(tx, a, "manual")
    for n in range(documents):
        case, cite, cc = cases[n % appearances]
        kind = rng.choice(["case", "cite", "cc"])
        archive_document(index, store, title=f"Report {n}",
                         doc_type="citation" if kind == "cite" else "incident_report",
                         case_numbers=[case] if kind == "case" else [],
                         citation_numbers=[cite] if kind == "cite" else [],
                         court_case_numbers=[cc] if kind == "cc" else [],
                         pages=rng.randint(1, 3), filler=rng.randint(5, 30))
    index.close()
    return start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--appearances", type=int, default=200)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from base.settings import load_settings
    from pipelines import packets
    from storage.objects import open_store

    with tempfile.TemporaryDirectory() as tmp:
        for key in [k for k in os.environ if k.startswith("CASEFOLIO_")]:
            del os.environ[key]
        settings = load_settings(home=Path(tmp))
        settings.ensure_folders()
        t0 = time.perf_counter()
        start = populate(settings, args.officers, args.appearances, args.documents)
        setup = time.perf_counter() - t0
        index = Index(settings.database_url)
        store = open_store(settings.storage_url)
        t_plan = time.perf_counter()
        plans = packets.plan_packets(index, start, start + timedelta(days=10))
        plan_s = time.perf_counter() - t_plan
        profiler = cProfile.Profile() if args.profile else None
        t1 = time.perf_counter()
        if profiler:
            profiler.enable()
        built = packets.build_packets(index, store, settings.court, start, start + timedelta(days=10),
                                      force=True)
        if profiler:
            profiler.disable()
        build_s = time.perf_counter() - t1
        pages = sum(b.packet.pages for b in built)
        docs = sum(len(b.packet.document_ids) for b in built)
        size = sum(b.size for b in built)
        print(f"set-up (roster, {args.appearances} appearances, {args.documents} documents): "
              f"{setup:.1f} s")
        print(f"planning (queries: appearances + document links) for {len(plans)} officers: "
              f"{plan_s * 1000:.0f} ms")
        print(f"built {len(built)} packets ({docs} documents, {pages} pages, "
              f"{size / 1e6:.1f} MB) in {build_s:.2f} s = {pages / build_s:.0f} pages/s, "
              f"{build_s / max(1, len(built)) * 1000:.0f} ms/packet")
        if profiler:
            _report(profiler, build_s)


def _report(profiler: cProfile.Profile, total: float) -> None:
    raw = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    # cumulative time of the main phases, measured on the functions that own them
    wanted = {
        ("packets.py", "packet_contents"): "read documents (store)",
        ("render.py", "_load_documents"): "parse documents (pypdf)",
        ("render.py", "_layout_cover"): "cover sheet (reportlab canvas)",
        ("render.py", "_manifest_pdf"): "manifest (reportlab canvas)",
        ("_writer.py", "add_page"): "copy pages (pypdf add_page)",
        ("render.py", "stamp"): "page stamps",
        ("_writer.py", "write"): "write PDF (pypdf)",
        ("packets.py", "plan_packets"): "queries (plan_packets)",
        ("session.py", "execute"): "SQL execute (all)",
    }
    found: dict[str, float] = {}
    for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in raw.items():
        for (fname, fn), label in wanted.items():
            if filename.endswith(fname) and func == fn:
                found[label] = found.get(label, 0.0) + ct
    print("profile (cumulative seconds, phases overlap where nested):")
    for label in wanted.values():
        if label in found:
            print(f"  {label:40s} {found[label]:7.2f} s  {found[label] / total * 100:5.1f} %")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(8)
    print("top functions by own time:")
    print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


if __name__ == "__main__":
    main()
