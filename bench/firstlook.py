"""First look at the held-out generator with the extraction code as it was (no change made from it).

    git worktree add --detach /tmp/fl f828de1
    cd /tmp/fl && PYTHONPATH=$PWD .venv/bin/python bench/firstlook.py OUT --n 25 --seed 500

Kept as the record of how the first look (docs/measurements.md) was taken on code whose settings
could not yet hold several number formats; `bench/extraction.py` scores the held-out generator now.

Each agency's documents are ingested into their own home with that agency's formats set as far as
the current settings allow (home state, prefixes, citation and court case patterns; case number
patterns only where they carry the yy/seq groups the current settings need).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.extraction import KINDS, Tally


def settings_for(agency: dict, home: Path):
    from base.settings import ExtractionSettings, Settings

    ex = ExtractionSettings()
    upd: dict = {"default_state": agency["home_state"]}
    prefixes = [p for p in agency.get("agency_prefixes") or []]
    if prefixes:
        upd["agency_prefixes"] = prefixes
    cit = agency.get("citation_number", {}).get("patterns") or []
    if cit:
        upd["citation_pattern"] = "|".join(f"(?:{p})" for p in cit)
    court = agency.get("court_case_number", {}).get("patterns") or []
    if court:
        upd["court_case_pattern"] = "|".join(f"(?:{p})" for p in court)
    states = list(dict.fromkeys([agency["home_state"], *ex.plate_states]))
    upd["plate_states"] = states
    ex = ex.model_copy(update=upd)
    return Settings(home=home, extraction=ex)


def norm_court(rec: dict) -> dict:
    rec = dict(rec)
    rec["court_case_numbers"] = [re.sub(r"\s+", "", c).upper() for c in rec.get("court_case_numbers") or []]
    return rec


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=25)
    ap.add_argument("--seed", type=int, default=500)
    ap.add_argument("--kinds", default="born_digital,scan300,scan200_jpeg,fax,phone")
    args = ap.parse_args()
    from synth.heldout import generate, write_corpus

    corpus = args.out / "corpus"
    if not (corpus / "truth.jsonl").exists():
        docs = generate(args.n, args.seed)
        write_corpus(docs, corpus, args.kinds.split(","), args.seed, workers=2)
    truths = [json.loads(line) for line in open(corpus / "truth.jsonl")]
    agencies = {a["id"]: a for a in json.load(open(corpus / "agencies.json"))} if isinstance(
        json.load(open(corpus / "agencies.json")), list) else json.load(open(corpus / "agencies.json"))
    from pipelines.ingest import ingest
    from storage.index import Index

    by_agency = defaultdict(list)
    for t in truths:
        by_agency[t["agency"]].append(t)
    tallies: dict[str, Tally] = defaultdict(Tally)
    errors: list[str] = []
    for agency_id, items in sorted(by_agency.items()):
        home = args.out / f"home_{agency_id}"
        settings = settings_for(agencies[agency_id], home)
        files = [corpus / t["file"] for t in items]
        if not (home / "index.db").exists():
            ingest(files, settings)
        index = Index(settings.database_url)
        recs = {r["sha256"]: r for r in index.iter_records()}
        import hashlib
        for t in items:
            sha = hashlib.sha256((corpus / t["file"]).read_bytes()).hexdigest()
            rec = recs.get(sha, {})
            label = f"[{t['scan_kind']} {agency_id} {t['family']} {Path(t['file']).name}]"
            truth = norm_court(t)
            for key in ("all", f"kind:{t['scan_kind']}", f"agency:{agency_id}", f"family:{t['family']}"):
                tallies[key].add(truth, norm_court(rec), errors if key == "all" else [], label)
        index.close()
    order = ["all"] + sorted(k for k in tallies if k != "all")
    print(f"{'set':34s} {'docs':>4s} " + " ".join(f"{k[:6]:>7s}" for k in KINDS) + "    role    type  appear")
    for key in order:
        t = tallies[key]
        row = t.row()
        print(f"{key:34s} {t.docs:4d} " + " ".join(f"{row[k]:7.3f}" for k in KINDS)
              + f" {row['role']:7.3f} {row['doc_type']:7.3f} {row['appearance']:7.3f}")
    t = tallies["all"]
    print()
    for k in KINDS:
        p, r, f, n = t.f1(k)
        print(f"{k:20s} P {p:.3f} R {r:.3f} F1 {f:.3f} n {n}")
    (args.out / "errors.txt").write_text("\n".join(errors) + "\n")
    print(f"\n{len(errors)} errors written to {args.out / 'errors.txt'}")


if __name__ == "__main__":
    main()
