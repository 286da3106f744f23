"""Held-out synthetic police / court document generator (independent yardstick for casefolio).

Public API
----------
generate(n, seed) -> list[Doc]
    Build ``n`` documents deterministically from ``seed``.  A Doc holds its pages (positioned text
    spans in reading order, graphics), agency, family, doc_type and appearance; ``doc.pdf()`` renders
    the born-digital PDF.

write_corpus(docs, out_dir, kinds, seed, workers=1) -> list[(path, doc, kind)]
    Write every document in every requested scan kind under ``out_dir/<kind>/<doc_id>.<ext>``, plus
    ``out_dir/truth.jsonl`` (one record per written file) and ``out_dir/agencies.json``.
    ``kinds`` is a list of names from KINDS or the string "all".

KINDS: born_digital, scan300, scan200_jpeg, skewed, upside_down, fax, phone, png, bilevel_pdf, mixed_pdf

CLI: python -m synth.heldout OUT_DIR --n N --seed S [--kinds all|k1,k2] [--workers 2]
See README.md for the truth conventions.
"""
from __future__ import annotations

import os

from .common import Doc
from .corpus import generate, truth_for
from .output import KINDS

__all__ = ["generate", "write_corpus", "truth_for", "Doc", "KINDS"]


def _kinds(kinds) -> list[str]:
    if kinds is None or kinds == "all" or kinds == ["all"]:
        return list(KINDS)
    if isinstance(kinds, str):
        kinds = [k.strip() for k in kinds.split(",") if k.strip()]
    if "all" in kinds:
        return list(KINDS)
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise ValueError(f"unknown kinds {bad}; choose from {KINDS}")
    return [k for k in KINDS if k in kinds]


def write_corpus(docs, out_dir, kinds="all", seed: int = 0, workers: int = 1):
    """Write docs in the given kinds; returns [(absolute path, doc, kind)] in truth.jsonl order."""
    from .output import write_all
    ks = _kinds(kinds)
    recs = write_all(docs, out_dir, ks, seed, workers=max(1, min(int(workers), 2)))
    by_id = {d.doc_id: d for d in docs}
    return [(os.path.join(out_dir, r["file"]), by_id[r["doc_id"]], r["scan_kind"]) for r in recs]
