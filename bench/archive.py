"""Archive benchmark: the searchable copies' bytes against their originals', the copies' OCR
reading against the originals', the cost of building a copy, and a court packet built from copies.

Run (from a checkout's root, with the project's Python):

    PYTHONPATH=$PWD .venv/bin/python -m bench.archive                       # synth + heldout
    PYTHONPATH=$PWD .venv/bin/python -m bench.archive --n 20 --seed 3 --gen heldout
    PYTHONPATH=$PWD .venv/bin/python -m bench.archive --before 5347d17      # the old copies too
    PYTHONPATH=$PWD .venv/bin/python -m bench.archive --ocrmypdf /path/to/ocrmypdf

Per generator (`synth`, and `heldout` when `synth.heldout` is importable), reported apart:

1. A mixed scan set, written like bench/ocr.py's (`--n` documents, document i as scan kind
   `kinds[i % len(kinds)]`, truth from the generator's `truth.jsonl`).
2. Each file's pages are read once the project's way (`extractors.pages`: text layer or OCR; not
   timed), then its searchable copy is built from those pages with this checkout's
   `build_searchable_pdf`, and with `--before REV` also with the one from git revision REV (its
   extractors/searchable.py loaded as a module), in worker processes (`--workers`). Build time is
   measured inside the worker, per document, and reported as ms per page.
3. Bytes of originals and copies per kind of scan and overall (bar: copies <= 40% of originals),
   and whether each copy passes the PDF/A-2b checks (bench/pdfa_check.py and pikepdf's validator).
4. The OCR reading: plain tesseract (`tesseract IMAGE -`) on the native page images of the original
   and of the copy (bench/ocr.py's `page_images`: embedded images as stored, turned to the page
   as displayed); CER of each against the generator's truth, per kind, and the CER between the two
   readings ("the same reading": copy CER - original CER close to 0; the copy opens upside-down
   pages upright, so it can read better).
5. A court packet of `--packet-pages` (7) pages built with `extractors.render.render_packet` from
   the copies of the first scanned documents (cover sheet and manifest included), and from the
   same documents' `--before` copies: its size in MB.
6. With `--ocrmypdf PATH`: `ocrmypdf --output-type pdfa --optimize 1` on the same files (one process
   per worker; `--output-type pdf` when PDF/A fails, e.g. without Ghostscript, and said so; a file
   it refuses is counted with its original's bytes), bytes and seconds a page.

The machine is shared and noisy: compare times only as ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from base.models import FileKind, Page  # noqa: E402
from bench.ocr import (  # noqa: E402
    Item,
    _tesseract,
    cer,
    default_kinds,
    edits,
    norm,
    page_images,
    write_mixed,
)

BAR_RATIO = 0.40


@dataclass
class Copied:
    """One file: its pages, original and copy bytes, build times, PDF/A verdicts, readings."""

    item: Item
    pages: int = 0
    original: int = 0
    copy: int = 0
    before: int = 0
    copy_ms: float = 0.0
    before_ms: float = 0.0
    pdfa: bool = False
    pdfa_problems: list[str] = field(default_factory=list)
    read_original: str = ""
    read_copy: str = ""
    ocrmypdf: int = 0
    ocrmypdf_s: float = 0.0
    ocrmypdf_type: str = ""
    error: str = ""


def _old_module(rev: str, work: Path) -> ModuleType:
    """extractors/searchable.py as it was at git revision `rev`, loaded as a module."""
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:extractors/searchable.py"],
                         capture_output=True, check=True).stdout
    path = work / f"searchable_{rev}.py"
    path.write_bytes(src)
    spec = importlib.util.spec_from_file_location(f"searchable_{rev}", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_pages(path: Path) -> tuple[FileKind, list[Page]]:
    """Every page of a file read the project's way (text layer where real, else OCR)."""
    from base.settings import LimitSettings, OcrSettings
    from extractors.pages import ocr_page, plan_pages, text_page
    from extractors.triage import inspect_file

    ocr, limits = OcrSettings(), LimitSettings()
    info = inspect_file(path, limits)
    pages = []
    for plan in plan_pages(path, info, ocr):
        if plan.text is not None:
            pages.append(text_page(plan, path, info))
        else:
            pages.append(ocr_page(path, info.kind, plan.index, ocr, limits))
    return info.kind, pages


def _read_native(path: Path, work: Path) -> str:
    """Plain tesseract's reading of a file's native page images, pages joined by form feeds."""
    folder = Path(tempfile.mkdtemp(dir=work))
    try:
        return "\f".join(_tesseract(p) for p in page_images(path, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def difference(a: str, b: str) -> float:
    """Edit distance between two readings over the longer one's length (0 = the same reading)."""
    return edits(a, b) / max(len(norm(a)), len(norm(b)), 1)


def warm() -> None:
    """Worker start-up: import what building copies needs (the service's workers preload it)."""
    import img2pdf  # noqa: F401
    import pypdf  # noqa: F401
    import reportlab.pdfgen.canvas  # noqa: F401
    from fontTools import subset  # noqa: F401

    from extractors.pdfa import preload

    preload()


def copy_one(item: Item, out_dir: Path, before_rev: str | None, quality: int | None) -> Copied:
    """Read one file, build its copies (now and `before_rev`), check and read them (in a worker)."""
    from base.settings import ArchiveSettings
    from bench.pdfa_check import second_opinion, validate
    from extractors.searchable import build_searchable_pdf

    res = Copied(item=item, original=item.path.stat().st_size)
    try:
        kind, pages = read_pages(item.path)
        res.pages = len(pages)
        out = out_dir / f"{item.path.stem}.pdf"
        settings = ArchiveSettings() if quality is None else ArchiveSettings(jpeg_quality=quality)
        t0 = time.perf_counter()
        build_searchable_pdf(item.path, kind, pages, out, settings)
        res.copy_ms = (time.perf_counter() - t0) * 1000
        res.copy = out.stat().st_size
        res.pdfa_problems = validate(out) + second_opinion(out)
        res.pdfa = not res.pdfa_problems
        if before_rev:
            old = _old_module(before_rev, out_dir)
            old_out = out_dir / f"{item.path.stem}.before.pdf"
            t0 = time.perf_counter()
            old.build_searchable_pdf(item.path, kind, pages, old_out)
            res.before_ms = (time.perf_counter() - t0) * 1000
            res.before = old_out.stat().st_size
        res.read_original = _read_native(item.path, out_dir)
        res.read_copy = _read_native(out, out_dir)
    except Exception as e:  # noqa: BLE001 - a bench reports a failed file and goes on
        res.error = f"{type(e).__name__}: {e}"
    return res


def run_ocrmypdf(exe: str, item: Item, out_dir: Path) -> tuple[int, float, str]:
    """ocrmypdf's copy of one file: (bytes, seconds, output type). PDF/A output needs Ghostscript;
    without it the plain PDF output is taken (and said); the original's bytes if both fail."""
    out = out_dir / f"{item.path.stem}.ocrmypdf.pdf"
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    for output_type in ("pdfa", "pdf"):
        args = [exe, "--output-type", output_type, "--optimize", "1", "-j", "1", "--rotate-pages",
                "--image-dpi", "300", "-q", str(item.path), str(out)]
        t0 = time.perf_counter()
        proc = subprocess.run(args, capture_output=True, env=env)
        dt = time.perf_counter() - t0
        if proc.returncode == 0 and out.exists():
            return out.stat().st_size, dt, output_type
    return item.path.stat().st_size, dt, "failed"


def packet_mb(copies: Sequence[Path], pages: int) -> tuple[float, int]:
    """MB and page count of a court packet of the first copies that add up to `pages` pages."""
    from pypdf import PdfReader

    from base.models import Appearance
    from extractors.render import PacketContents, PacketDocument, render_packet

    chosen: list[tuple[str, bytes, int]] = []
    total = 0
    for p in copies:
        n = len(PdfReader(str(p)).pages)
        if total + n > pages:
            continue
        chosen.append((p.stem, p.read_bytes(), n))
        total += n
        if total == pages:
            break
    a = Appearance(date="2026-12-07", time="09:00", court="Circuit Court", officer_badge="1234",
                   case_numbers=["24-003817"], id=1)
    docs = [PacketDocument(id=name, source_name=name + ".pdf", doc_type="incident_report",
                           sha256="0" * 64, pages=n) for name, _b, n in chosen]
    contents = PacketContents(badge="1234", officer_name="Officer", date_from=date(2026, 12, 7),
                              date_to=date(2026, 12, 14), appearances=[a], documents={1: docs},
                              copies={name: data for name, data, _n in chosen})
    rendered = render_packet(contents)
    return len(rendered.data) / 1e6, total


def report(gen: str, results: Sequence[Copied], out_dir: Path, packet_pages: int,
           before: bool, with_ocrmypdf: bool) -> None:
    """Print one generator's table and totals."""
    by_kind: dict[str, list[Copied]] = defaultdict(list)
    for r in results:
        by_kind[r.item.kind].append(r)
    head = (f"{'kind':14} {'files':>5} {'pages':>5} {'orig MB':>8} {'copy MB':>8} {'ratio':>6}"
            + (f" {'before':>7}" if before else "") + (f" {'ocrmypdf':>8}" if with_ocrmypdf else "")
            + f" {'PDF/A':>6} {'ms/pg':>6}" + (f" {'was':>6}" if before else "")
            + f" {'CER orig':>8} {'CER copy':>8} {'o<->c':>6}")
    print(f"\n== {gen}: searchable copies ==\n{head}")
    tot: dict[str, float] = defaultdict(float)
    for kind in sorted(by_kind) + ["ALL"]:
        rs = [r for r in results if not r.error] if kind == "ALL" else \
            [r for r in by_kind[kind] if not r.error]
        if not rs:
            continue
        pages = sum(r.pages for r in rs)
        orig, copy = sum(r.original for r in rs), sum(r.copy for r in rs)
        bef, omp = sum(r.before for r in rs), sum(r.ocrmypdf for r in rs)
        truths = [r.item.truth for r in rs]
        cer_o = sum(cer(t, r.read_original) for t, r in zip(truths, rs, strict=True)) / len(rs)
        cer_c = sum(cer(t, r.read_copy) for t, r in zip(truths, rs, strict=True)) / len(rs)
        cer_oc = sum(difference(r.read_original, r.read_copy) for r in rs) / len(rs)
        line = (f"{kind:14} {len(rs):5d} {pages:5d} {orig / 1e6:8.2f} {copy / 1e6:8.2f} "
                f"{copy / orig:6.2f}")
        if before:
            line += f" {bef / orig:7.2f}"
        if with_ocrmypdf:
            line += f" {omp / orig:8.2f}"
        line += (f" {sum(r.pdfa for r in rs):3d}/{len(rs):<2d} "
                 f"{sum(r.copy_ms for r in rs) / max(pages, 1):6.0f}")
        if before:
            line += f" {sum(r.before_ms for r in rs) / max(pages, 1):6.0f}"
        line += f" {cer_o:8.3f} {cer_c:8.3f} {cer_oc:6.3f}"
        print(line)
        if kind == "ALL":
            tot.update(orig=orig, copy=copy, pages=pages)
    ratio = tot["copy"] / tot["orig"] if tot["orig"] else 0.0
    print(f"copies / originals: {ratio:.3f} (bar <= {BAR_RATIO}) "
          f"{'OK' if ratio <= BAR_RATIO else 'MISSED'}")
    if with_ocrmypdf:
        secs = sum(r.ocrmypdf_s for r in results if not r.error)
        types = Counter(r.ocrmypdf_type for r in results if not r.error)
        print(f"ocrmypdf --optimize 1 ({', '.join(f'{t}: {c}' for t, c in sorted(types.items()))}"
              f" files): {secs / max(tot['pages'], 1):.2f} s/page (its OCR included)")
    for r in results:
        if r.error:
            print(f"FAILED {r.item.path.name}: {r.error}")
        elif not r.pdfa:
            print(f"not PDF/A {r.item.path.name}: {'; '.join(r.pdfa_problems[:3])}")
    scans = [r for r in results if not r.error and r.item.kind not in ("born_digital",)]
    copies = [out_dir / f"{r.item.path.stem}.pdf" for r in scans]
    mb, n = packet_mb(copies, packet_pages)
    line = f"court packet of {n} document pages (+ cover, manifest) from the copies: {mb:.2f} MB"
    if before:
        mb0, _ = packet_mb([out_dir / f"{r.item.path.stem}.before.pdf" for r in scans], packet_pages)
        line += f"; from the --before copies: {mb0:.2f} MB"
    print(line)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the exit status."""
    ap = argparse.ArgumentParser(prog="python -m bench.archive", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20, help="documents per generator (default 20)")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--gen", default="synth,heldout",
                    help="generators, comma-separated (default synth,heldout; a missing one is skipped)")
    ap.add_argument("--kinds", default="", help="scan kinds (default: the generator's own)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--quality", type=int, default=None, help="JPEG quality (default: the setting's)")
    ap.add_argument("--before", default="", metavar="REV",
                    help="also build the copies with extractors/searchable.py of git revision REV")
    ap.add_argument("--ocrmypdf", default="", metavar="PATH", help="also run this ocrmypdf")
    ap.add_argument("--packet-pages", type=int, default=7)
    ap.add_argument("--keep", type=Path, default=None, help="keep files and copies in this folder")
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-archive-"))
    try:
        for gen in [g.strip() for g in args.gen.split(",") if g.strip()]:
            from bench.ocr import _generator

            if _generator(gen) is None:
                print(f"{gen}: not importable, skipped")
                continue
            kinds = [k.strip() for k in args.kinds.split(",") if k.strip()] or default_kinds(gen)
            files = work / gen / "files"
            out_dir = work / gen / "copies"
            out_dir.mkdir(parents=True, exist_ok=True)
            items = write_mixed(gen, args.n, args.seed, kinds, files, args.workers)
            print(f"{gen}: {len(items)} files, kinds {', '.join(kinds)}")
            with ProcessPoolExecutor(max_workers=max(1, args.workers), initializer=warm) as pool:
                results = list(pool.map(copy_one, items, [out_dir] * len(items),
                                        [args.before or None] * len(items),
                                        [args.quality] * len(items)))
                if args.ocrmypdf:
                    done = list(pool.map(run_ocrmypdf, [args.ocrmypdf] * len(items), items,
                                         [out_dir] * len(items)))
                    for r, (size, secs, kind) in zip(results, done, strict=True):
                        r.ocrmypdf, r.ocrmypdf_s, r.ocrmypdf_type = size, secs, kind
            report(gen, results, out_dir, args.packet_pages, bool(args.before), bool(args.ocrmypdf))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
