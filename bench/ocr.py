"""OCR benchmark: the whole `casefolio ingest` against plain tesseract on the same page images.

Run (from a checkout's root, with the project's Python):

    PYTHONPATH=$PWD .venv/bin/python -m bench.ocr                      # synth (+ heldout when present)
    PYTHONPATH=$PWD .venv/bin/python -m bench.ocr --n 18 --seed 7 --gen synth
    PYTHONPATH=$PWD .venv/bin/python -m bench.ocr --code /work/wt/base --code .   # before / after
    PYTHONPATH=$PWD .venv/bin/python -m bench.ocr --realdocs-only

What it measures, per generator (`synth`: `synth.documents` + `synth.degrade`; `heldout`:
`synth.heldout`, when that package is importable), each reported apart:

1. A mixed scan set: `--n` documents, document i written as scan kind `kinds[i % len(kinds)]` by
   the generator's own `write_corpus` (so every kind gets the same share), truth from its
   `truth.jsonl` (`text`: the reading-order reference, pages separated by "\\f").
2. Plain tesseract: the page images the files hold, at their native resolution, each read by
   `tesseract IMAGE -` with OMP_THREAD_LIMIT=1, one process per core (`--workers`, default: cores).
   How the images are taken (outside the timing, which is tesseract's alone):
   - a PDF page that is one image: that image's own pixels (pypdfium2 `PdfImage.extract`: JPEG
     streams as they are, JBIG2/CCITT/Flate decoded once to PNG/TIFF), turned by quarter turns to
     the way the page is displayed (its /Rotate and placement), never resampled;
   - any other PDF page: rendered at 300 dpi (PDFium);
   - image files: the file itself (JPEG, PNG), each TIFF frame split out losslessly (G4 kept).
3. The whole `casefolio ingest` of the same files: a subprocess per `--code DIR` checkout (start-up
   included, fresh CASEFOLIO_HOME, PYTHONPATH=DIR), wall-clock time; its text read back with
   `casefolio export --format jsonl` (not timed).

With `--work DIR` the corpus (`items.jsonl`: file, kind, reference) and every reading
(`reading-N.json`, N=0 plain tesseract) are kept; `--reuse` reads the same files again.

Printed: pages/min of each, ratio ingest time / tesseract time (bar <= 1.0) and the same ratio of
CPU seconds (user + sys of every process each side ran, start-up included: far less sensitive to
the load of a shared machine), CER per kind of scan
(edit distance / reference length on whitespace-normalised document text, summed over the kind's
documents), CER averaged over kinds, the worst kind (bars 0.03 and 0.08), word recall (share of
reference words, as a multiset, found in the reading).

Then every real scan in ../shared/realdocs/ that has a reference (skipped when that folder is
absent): ocrmypdf/linn.png against linn.txt, the same page in jbig2.pdf, ccitt.pdf, skew.pdf and
rotated_skew.pdf, and doctor/image-pdf.pdf against doctor/vector-pdf.pdf's text layer, read by each
checkout's ingest and by plain tesseract on the native page images (bar: project <= tesseract).
The machine is shared and noisy: compare times only as ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"
BAR_AVG, BAR_WORST, BAR_RATIO = 0.03, 0.08, 1.0


@dataclass
class Item:
    """One generated file: its path, kind of scan, document name and reference text."""

    path: Path
    kind: str
    truth: str


@dataclass
class Reading:
    """Texts of a set of files read one way (by file name) and how long it took."""

    label: str
    texts: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)
    cpu: float = 0.0  # CPU seconds (user + sys) of every process it ran, start-up included


# --- corpora ---------------------------------------------------------------------------------

def _generator(name: str):
    """The generator module of `name` ("synth" or "heldout"), or None when it is not importable."""
    try:
        if name == "synth":
            from synth import documents
            return documents
        if name == "heldout":
            import importlib
            return importlib.import_module("synth.heldout")
    except ImportError:
        return None
    raise SystemExit(f"unknown generator {name!r}")


def default_kinds(name: str) -> list[str]:
    """The generator's kinds of scan (everything but born-digital)."""
    if name == "synth":
        from synth.degrade import SCAN_KINDS
        return list(SCAN_KINDS)
    mod = _generator(name)
    kinds = getattr(mod, "SCAN_KINDS", None) or getattr(mod, "KINDS", None)  # heldout: KINDS
    if not kinds:
        raise SystemExit(f"{name}: no SCAN_KINDS/KINDS; pass --kinds")
    return [k for k in kinds if k != "born_digital"]


def write_mixed(name: str, n: int, seed: int, kinds: Sequence[str], out: Path,
                workers: int) -> list[Item]:
    """n documents of generator `name`, document i as kind kinds[i % len(kinds)], into `out`."""
    mod = _generator(name)
    docs = list(mod.generate(n, seed))
    staging = out.parent / f"{out.name}-staging"
    items: list[Item] = []
    out.mkdir(parents=True, exist_ok=True)
    for k, kind in enumerate(kinds):
        group = docs[k::len(kinds)]
        if not group:
            continue
        folder = staging / kind
        mod.write_corpus(group, folder, [kind], seed=seed, workers=workers)
        for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            src = folder / rec["file"]
            dst = out / src.name
            shutil.move(str(src), dst)
            items.append(Item(dst, rec.get("scan_kind", kind), rec["text"]))
    shutil.rmtree(staging, ignore_errors=True)
    return sorted(items, key=lambda it: it.path.name)


def save_items(path: Path, items: Sequence[Item]) -> None:
    """The corpus's files, kinds and reference texts, one JSON record a line."""
    path.write_text("".join(json.dumps({"path": str(it.path), "kind": it.kind, "truth": it.truth}) + "\n"
                            for it in items), encoding="utf-8")


def load_items(path: Path) -> list[Item]:
    """The corpus saved by `save_items`."""
    return [Item(Path(r["path"]), r["kind"], r["truth"])
            for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())]


# --- native page images for plain tesseract ----------------------------------------------------

def _quarter_turns(matrix, rotate: int) -> int:
    """Clockwise quarter turns from an image's stored orientation to the page as displayed."""
    import math

    a, b = matrix.a, matrix.b
    # the image's x axis in user space (y up); its angle, clockwise on screen
    ang = -math.degrees(math.atan2(b, a))
    turns = round(ang / 90.0) % 4
    flip_y = (matrix.a * matrix.d - matrix.b * matrix.c) < 0
    return -1 if flip_y else (turns + rotate // 90) % 4


def page_images(path: Path, out: Path) -> list[Path]:
    """The page images a file holds at native resolution, written under `out` (see module doc)."""
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"%PDF"):
        return _pdf_page_images(path, out)
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        paths = []
        with Image.open(path) as im:
            for i in range(getattr(im, "n_frames", 1)):
                im.seek(i)
                p = out / f"{path.stem}_{i:03d}.tif"
                comp = "group4" if im.mode == "1" else "tiff_lzw"
                im.save(p, compression=comp, dpi=im.info.get("dpi", (300, 300)))
                paths.append(p)
        return paths
    return [path]


def _pdf_page_images(path: Path, out: Path) -> list[Path]:
    import pypdfium2 as pdfium
    from PIL import Image

    doc = pdfium.PdfDocument(str(path))
    paths: list[Path] = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            w, h = page.get_size()
            objs = list(page.get_objects(max_depth=4))
            imgs = [o for o in objs if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
            stem = out / f"{path.stem}_{i:03d}"
            p: Path | None = None
            if len(imgs) == 1:
                x0, y0, x1, y1 = imgs[0].get_bounds()
                if (x1 - x0) * (y1 - y0) >= 0.8 * w * h:
                    turns = _quarter_turns(imgs[0].get_matrix(), page.get_rotation())
                    if turns >= 0:
                        imgs[0].extract(str(stem))
                        found = sorted(out.glob(stem.name + ".*"))
                        p = found[0] if found else None
                        if p is not None and turns:
                            with Image.open(p) as im:
                                turned = im.transpose([None, Image.Transpose.ROTATE_270,
                                                       Image.Transpose.ROTATE_180,
                                                       Image.Transpose.ROTATE_90][turns])
                                p2 = stem.with_suffix(".png")
                                turned.save(p2)
                            if p2 != p:
                                p.unlink()
                            p = p2
            if p is None:
                p = stem.with_suffix(".png")
                page.render(scale=300 / 72, grayscale=True).to_pil().save(p, dpi=(300, 300))
            paths.append(p)
            page.close()
    finally:
        doc.close()
    return paths


# --- CPU time of child process trees ---------------------------------------------------------------

def adopt_orphans() -> None:
    """Make this process the reaper of its descendants' orphans (Linux), so that the CPU time of
    processes a child leaves behind (a forkserver and its workers) is counted when they end."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def reap_orphans(wait_s: float = 30.0) -> None:
    """Wait for adopted orphans to end (their CPU time then counts in RUSAGE_CHILDREN)."""
    end = time.monotonic() + wait_s
    while time.monotonic() < end:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)


def children_cpu() -> float:
    """User + system CPU seconds of every ended and reaped descendant so far."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _tesseract(image: Path) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    run = subprocess.run(["tesseract", str(image), "-"], capture_output=True, env=env,
                         timeout=900, check=False)
    return run.stdout.decode("utf-8", "replace")


def plain_tesseract(files: Sequence[Path], work: Path, workers: int) -> Reading:
    """Plain tesseract on every page image of `files`, one process per worker, timed."""
    pages: dict[str, list[Path]] = {f.name: page_images(f, work / f.name) for f in files}
    jobs = [(name, p) for name, ps in pages.items() for p in ps]
    reap_orphans(0.0)
    c0, t0 = children_cpu(), time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        texts = list(pool.map(lambda job: _tesseract(job[1]), jobs))
    seconds, cpu = time.perf_counter() - t0, children_cpu() - c0
    by_file: dict[str, list[str]] = defaultdict(list)
    for (name, _p), text in zip(jobs, texts, strict=True):
        by_file[name].append(text)
    return Reading("tesseract", {k: "\f".join(v) for k, v in by_file.items()}, seconds, cpu=cpu)


# --- the whole ingest ----------------------------------------------------------------------------

def ingest(code: Path, files_dir: Path, home: Path, label: str) -> Reading:
    """`casefolio ingest` of a folder from checkout `code` in a fresh home, timed; its export."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env = dict(os.environ, CASEFOLIO_HOME=str(home), PYTHONPATH=str(code))
    cmd = [sys.executable, "-m", "casefolio.cli"]
    reap_orphans(0.0)
    c0, t0 = children_cpu(), time.perf_counter()
    run = subprocess.run([*cmd, "ingest", str(files_dir)], cwd=code, env=env, capture_output=True,
                         text=True, check=False)
    seconds = time.perf_counter() - t0
    reap_orphans()
    cpu = children_cpu() - c0
    failed = [ln for ln in run.stdout.splitlines() if ln.startswith(("quarantined", "retry"))]
    if run.returncode not in (0, 1):
        raise SystemExit(f"{label}: ingest failed ({run.returncode}):\n{run.stderr[-3000:]}")
    export = home / "export.jsonl"
    subprocess.run([*cmd, "export", "--format", "jsonl", "--out", str(export)], cwd=code, env=env,
                   capture_output=True, check=True)
    texts = {}
    for line in export.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        texts[rec["source_name"]] = rec.get("text") or ""
    return Reading(label, texts, seconds, failed, cpu)


# --- scoring -------------------------------------------------------------------------------------

def norm(text: str) -> str:
    """Whitespace-normalised text (page breaks count as spaces)."""
    return " ".join(text.split())


def edits(truth: str, hyp: str) -> int:
    """Character edit distance between whitespace-normalised texts."""
    import jiwer

    a, b = norm(truth), norm(hyp)
    if not a:
        return len(b)
    return round(jiwer.cer(a, b) * len(a))


def cer(truth: str, hyp: str) -> float:
    """Character error rate: edit distance over the reference's length (whitespace-normalised)."""
    return edits(truth, hyp) / max(1, len(norm(truth)))


_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def word_recall(truth: str, hyp: str) -> tuple[int, int]:
    """(reference words found in the reading, reference words), as multisets, edge marks trimmed."""
    ref = Counter(w for w in (_EDGE.sub("", t) for t in truth.split()) if w)
    got = Counter(w for w in (_EDGE.sub("", t) for t in hyp.split()) if w)
    return sum(min(c, got[w]) for w, c in ref.items()), sum(ref.values())


@dataclass
class Scores:
    """CER and word recall per kind of scan of one reading."""

    cer: dict[str, float]
    recall: dict[str, float]

    @property
    def average(self) -> float:
        return sum(self.cer.values()) / max(1, len(self.cer))

    @property
    def worst(self) -> tuple[str, float]:
        k = max(self.cer, key=lambda x: self.cer[x])
        return k, self.cer[k]


def score(items: Sequence[Item], reading: Reading) -> Scores:
    """Per kind: summed edits over summed reference length, and word recall."""
    e: dict[str, int] = defaultdict(int)
    n: dict[str, int] = defaultdict(int)
    found: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for it in items:
        hyp = reading.texts.get(it.path.name, "")
        e[it.kind] += edits(it.truth, hyp)
        n[it.kind] += max(1, len(norm(it.truth)))
        f, t = word_recall(it.truth, hyp)
        found[it.kind] += f
        total[it.kind] += t
    kinds = list(dict.fromkeys(it.kind for it in items))
    return Scores({k: e[k] / n[k] for k in kinds}, {k: found[k] / max(1, total[k]) for k in kinds})


def _pages(items: Sequence[Item]) -> int:
    return sum(it.truth.count("\f") + 1 for it in items)


def report(gen: str, items: Sequence[Item], raw: Reading, runs: Sequence[Reading],
           verbose: bool) -> None:
    """Print one generator's table: CER and recall per kind, averages, speed and ratios."""
    pages = _pages(items)
    all_scores = [(raw.label, score(items, raw))] + [(r.label, score(items, r)) for r in runs]
    kinds = list(all_scores[0][1].cer)
    print(f"\n== {gen}: {len(items)} files, {pages} pages, {len(kinds)} kinds of scan")
    head = f"{'kind':16s}" + "".join(f" {lbl[:22]:>22s}" for lbl, _ in all_scores)
    print(head + "      (CER / word recall)")
    for k in kinds:
        print(f"{k:16s}" + "".join(f" {s.cer[k]:>13.3f} / {s.recall[k]:.3f}" for _, s in all_scores))
    print(f"{'average':16s}" + "".join(f" {s.average:>22.3f}" for _, s in all_scores))
    print(f"{'worst':16s}" + "".join(f" {s.worst[1]:>13.3f} {s.worst[0][:8]:>8s}" for _, s in all_scores))
    print(f"{'pages/min':16s}" + "".join(f" {pages / r.seconds * 60:>22.1f}" for r in [raw, *runs]))
    print(f"{'seconds':16s}" + "".join(f" {r.seconds:>22.1f}" for r in [raw, *runs]))
    print(f"{'CPU seconds':16s}" + "".join(f" {r.cpu:>22.1f}" for r in [raw, *runs]))
    for r, (_lbl, s) in zip(runs, all_scores[1:], strict=True):
        ratio = r.seconds / raw.seconds
        ok = ratio <= BAR_RATIO and s.average <= BAR_AVG and s.worst[1] <= BAR_WORST
        print(f"{r.label}: ratio ingest/tesseract {ratio:.2f}x (CPU {r.cpu / max(raw.cpu, 1e-9):.2f}x), "
              f"CER avg {s.average:.3f}, worst "
              f"{s.worst[0]} {s.worst[1]:.3f}: bars (<= {BAR_RATIO}x, {BAR_AVG}, {BAR_WORST}) "
              f"{'MET' if ok else 'NOT MET'}")
        for f in r.failed:
            print(f"  {f}")
    if verbose:
        for it in items:
            print(f"  {it.path.name:44s}" + "".join(
                f" {cer(it.truth, r.texts.get(it.path.name, '')):7.3f}" for r in [raw, *runs]))


# --- real scans ----------------------------------------------------------------------------------

REAL_SCANS = ("ocrmypdf/linn.png", "ocrmypdf/jbig2.pdf", "ocrmypdf/ccitt.pdf", "ocrmypdf/skew.pdf",
              "ocrmypdf/rotated_skew.pdf", "doctor/image-pdf.pdf")


def real_references(folder: Path) -> dict[str, str]:
    """Reference text of each real scan that has one, by file name."""
    import pypdfium2 as pdfium

    linn = (folder / "ocrmypdf" / "linn.txt").read_text(encoding="utf-8")
    refs = {Path(f).name: linn for f in REAL_SCANS if f.startswith("ocrmypdf/")}
    scan = pdfium.PdfDocument(str(folder / "doctor" / "image-pdf.pdf"))
    pages = len(scan)  # the scan holds the opinion's first pages
    scan.close()
    doc = pdfium.PdfDocument(str(folder / "doctor" / "vector-pdf.pdf"))
    try:
        texts = []
        for i in range(min(pages, len(doc))):
            tp = doc[i].get_textpage()
            texts.append(tp.get_text_range())
            tp.close()
    finally:
        doc.close()
    refs["image-pdf.pdf"] = "\f".join(texts)
    return refs


def real_scans(folder: Path, codes: Sequence[tuple[str, Path]], work: Path, workers: int) -> None:
    """CER on every real scan with a reference: each checkout's ingest and plain tesseract."""
    files = work / "realdocs"
    files.mkdir(parents=True, exist_ok=True)
    for f in REAL_SCANS:
        shutil.copy(folder / f, files / Path(f).name)
    refs = real_references(folder)
    paths = sorted(files.iterdir())
    raw = plain_tesseract(paths, work / "real-images", workers)
    runs = [ingest(code, files, work / f"home-real-{i}", label) for i, (label, code) in enumerate(codes)]
    print(f"\n== real scans ({folder})")
    print(f"{'file':20s} {'tesseract':>10s}" + "".join(f" {r.label[:22]:>22s}" for r in runs)
          + "   (CER; bar: project <= tesseract)")
    for p in paths:
        ref = refs[p.name]
        t = cer(ref, raw.texts.get(p.name, ""))
        cells = []
        for r in runs:
            c = cer(ref, r.texts.get(p.name, ""))
            cells.append(f" {c:>17.4f} {'ok' if c <= t + 1e-9 else 'WORSE':>4s}")
        print(f"{p.name:20s} {t:>10.4f}" + "".join(cells))


# --- main ----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--gen", default="synth,heldout",
                    help="generators, comma-separated (default synth,heldout; a missing one is skipped)")
    ap.add_argument("--n", type=int, default=18, help="documents per generator (default 18)")
    ap.add_argument("--seed", type=int, default=11, help="generator seed (dev seeds < 1000)")
    ap.add_argument("--kinds", default="", help="kinds of scan (default: the generator's own)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="plain tesseract processes (default: one per core)")
    ap.add_argument("--code", type=Path, action="append", default=None,
                    help="a checkout whose `casefolio ingest` is timed (repeatable; default: this one)")
    ap.add_argument("--work", type=Path, default=None, help="keep files here (default: a temp dir)")
    ap.add_argument("--no-realdocs", action="store_true", help="skip ../shared/realdocs")
    ap.add_argument("--realdocs-only", action="store_true", help="only the real scans")
    ap.add_argument("--verbose", action="store_true", help="CER of every file")
    ap.add_argument("--reuse", action="store_true",
                    help="with --work: read the files written there before (items.jsonl) again")
    args = ap.parse_args(argv)
    adopt_orphans()
    codes = [(str(c), c.resolve()) for c in (args.code or [ROOT])]
    if len(codes) == 1:
        codes = [("ingest", codes[0][1])]
    tmp = tempfile.mkdtemp(prefix="casefolio-bench-ocr-")
    work = args.work or Path(tmp)
    try:
        if not args.realdocs_only:
            for gen in [g for g in args.gen.split(",") if g]:
                if _generator(gen) is None:
                    print(f"\n== {gen}: not importable here, skipped")
                    continue
                kinds = [k for k in args.kinds.split(",") if k] or default_kinds(gen)
                folder = work / gen / "files"
                saved = work / gen / "items.jsonl"
                if args.reuse and saved.exists():
                    items = load_items(saved)
                    print(f"{gen}: {len(items)} files kept in {folder}")
                else:
                    shutil.rmtree(folder, ignore_errors=True)
                    t0 = time.perf_counter()
                    items = write_mixed(gen, args.n, args.seed, kinds, folder, args.workers)
                    print(f"{gen}: wrote {len(items)} files (seed {args.seed}) in "
                          f"{time.perf_counter() - t0:.0f}s")
                    save_items(saved, items)
                raw = plain_tesseract([it.path for it in items], work / gen / "images", args.workers)
                runs = [ingest(code, folder, work / gen / f"home-{i}", label)
                        for i, (label, code) in enumerate(codes)]
                for i, r in enumerate([raw, *runs]):
                    (work / gen / f"reading-{i}.json").write_text(
                        json.dumps({"label": r.label, "texts": r.texts}), encoding="utf-8")
                report(gen, items, raw, runs, args.verbose)
        if not args.no_realdocs:
            if REALDOCS.is_dir():
                real_scans(REALDOCS, codes, work, args.workers)
            else:
                print(f"\n== real scans: {REALDOCS} absent, skipped")
    finally:
        if args.work is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
