"""python -m synth.heldout OUT_DIR --n N --seed S [--kinds all|born_digital,scan300,...] [--workers 2]"""
from __future__ import annotations

import argparse
import sys
import time

from . import KINDS, _kinds, generate, write_corpus


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m synth.heldout", description=__doc__)
    ap.add_argument("out_dir")
    ap.add_argument("--n", type=int, default=24)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kinds", default="all", help="all or a comma list of: " + ",".join(KINDS))
    ap.add_argument("--workers", type=int, default=1, help="processes (at most 2)")
    a = ap.parse_args(argv)
    t0 = time.time()
    kinds = _kinds(a.kinds)
    docs = generate(a.n, a.seed)
    out = write_corpus(docs, a.out_dir, kinds, a.seed, workers=a.workers)
    print(f"wrote {len(out)} files for {len(docs)} documents ({','.join(kinds)}) to {a.out_dir} "
          f"in {time.time() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
