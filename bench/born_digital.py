"""Born-digital ingest speed: no OCR at all, 20+ pages/s is the bar.

    .venv/bin/python -m bench.born_digital [--docs 200] [--seed 5]

Generates synthetic born-digital reports, citations, subpoenas and tow records, ingests them with
the real pipeline into a temporary home (file store + SQLite), and prints pages/s for the whole
ingest and for each step (text layer, extraction, storing + indexing), and how many pages were OCRed
(must be 0).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from base.settings import load_settings  # noqa: E402
from pipelines.ingest import Ingestor  # noqa: E402
from synth.documents import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(prog="python -m bench.born_digital", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="print the top functions by time")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="casefolio-bench-") as tmp:
        folder = Path(tmp) / "drop"
        folder.mkdir()
        docs = generate(args.docs, seed=args.seed)
        for doc in docs:
            (folder / f"{doc.name}.pdf").write_bytes(doc.pdf_bytes)
        settings = load_settings(home=Path(tmp) / "home")
        with Ingestor(settings) as ingestor:
            ingestor.index.count_documents()  # open the database before the clock starts
            profiler = cProfile.Profile() if args.profile else None
            start = time.perf_counter()
            if profiler:
                profiler.enable()
            outcomes = ingestor.ingest_paths([folder])
            if profiler:
                profiler.disable()
            seconds = time.perf_counter() - start
            records = list(ingestor.index.iter_records())
    pages = sum(r["pages"] for r in records)
    ocr_pages = sum(1 for r in records for p in r["ocr"] if p["method"] == "ocr")
    filed = sum(o.status == "filed" for o in outcomes)
    print(f"born-digital ingest: {filed}/{len(outcomes)} files filed, {pages} pages "
          f"in {seconds:.1f} s = {pages / seconds:.1f} pages/s "
          f"({len(outcomes) / seconds:.1f} files/s); OCRed pages: {ocr_pages} (bar: 0, 20+ pages/s)")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
