"""Write a synthetic, labelled evaluation corpus: born-digital PDFs, scans of them, and truth.jsonl.

    python -m bench.make_corpus OUT_DIR --n 40 --seed 1 --kinds born_digital,clean,fax,phone
    python -m bench.make_corpus OUT_DIR --kinds all --workers 2         # born_digital + every scan kind

truth.jsonl has one line per written file: {"file": <path relative to OUT_DIR>, "scan_kind": ...,
"doc_type", "case_numbers", "citation_numbers", "court_case_numbers", "persons", "plates",
"appearance", "text"}. Scan kinds come from synth.degrade.SCAN_KINDS.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from synth.documents import DOC_TYPES, generate, write_corpus  # noqa: E402


def _scan_kinds() -> tuple[str, ...]:
    try:
        from synth.degrade import SCAN_KINDS

        return tuple(SCAN_KINDS)
    except Exception:  # noqa: BLE001 - degrade may be missing; born-digital still works
        return ()


def parse_kinds(spec: str) -> list[str]:
    """Comma-separated kinds; "all" means born_digital plus every scan kind."""
    kinds: list[str] = []
    for k in (s.strip() for s in spec.split(",")):
        if not k:
            continue
        if k == "all":
            kinds += ["born_digital", *_scan_kinds()]
        else:
            kinds.append(k)
    known = {"born_digital", *_scan_kinds()}
    unknown = [k for k in kinds if k not in known]
    if unknown:
        raise SystemExit(f"unknown kind(s) {unknown}; known: {sorted(known)}")
    return list(dict.fromkeys(kinds))


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the exit status."""
    ap = argparse.ArgumentParser(prog="python -m bench.make_corpus", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--n", type=int, default=40, help="number of documents (default 40)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kinds", default="born_digital",
                    help="comma-separated: born_digital and/or scan kinds, or 'all'")
    ap.add_argument("--types", default="",
                    help=f"comma-separated doc types (default all of {', '.join(DOC_TYPES)})")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="processes for making scans (default: all cores)")
    args = ap.parse_args(argv)
    kinds = parse_kinds(args.kinds)
    types = [t.strip() for t in args.types.split(",") if t.strip()] or None
    t0 = time.perf_counter()
    docs = generate(args.n, args.seed, types)
    t1 = time.perf_counter()
    written = write_corpus(docs, args.out_dir, kinds, args.seed, workers=args.workers)
    t2 = time.perf_counter()
    by_type = collections.Counter(d.truth.doc_type for d in docs)
    by_kind = collections.Counter(k for _, _, k in written)
    pages = sum(d.truth.text.count("\f") + 1 for d in docs)
    print(f"{len(docs)} documents ({pages} pages) generated in {t1 - t0:.1f}s; "
          f"{len(written)} files written in {t2 - t1:.1f}s to {args.out_dir}")
    print("types: " + ", ".join(f"{t}={c}" for t, c in sorted(by_type.items())))
    print("kinds: " + ", ".join(f"{k}={c}" for k, c in sorted(by_kind.items())))
    print(f"truth: {args.out_dir / 'truth.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
