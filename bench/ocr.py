"""OCR benchmark: our page path against plain tesseract on a mixed, generated scan set.

Run:
    .venv/bin/python -m bench.ocr [--pages N] [--workers W] [--seed S] [--kinds k1,k2] [--keep DIR]
                                  [--skip-raw]

It generates N records-unit pages (incident report narratives, citations, form fields with names,
dates, case numbers and plates) rendered with the machine's DejaVu fonts, degrades each as one kind
of scan from `synth.degrade.SCAN_KINDS` (clean 300 dpi, 200 dpi, skewed, noisy, heavy noise,
blurred, upside down, G4 fax TIFF, phone-photo JPEG) and saves it as that kind's file. Then, in the
same run and on the same files:

  (a) raw: the `tesseract` CLI (default page segmentation, OMP_THREAD_LIMIT=1), one process per
      worker; PDFs are first rendered to 300 dpi PNG with PDFium, and that time is counted;
  (b) pipeline: `extractors.pages.ocr_page` over a ProcessPoolExecutor with one worker per core.

It prints pages/min for each, their ratio, and the character error rate (CER, Levenshtein distance
over the reference length on whitespace-normalised text) per kind of scan and averaged over kinds.
Bars (DESIGN.md): pipeline at least as fast as raw tesseract; CER < 0.03 on average over kinds and
< 0.08 on the worst kind. Other work on the machine skews absolute speed: compare ratios in one run.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from base.settings import LimitSettings, OcrSettings
from extractors.pages import ocr_page
from extractors.triage import sniff
from synth.degrade import SCAN_KINDS, degrade, render_lines, save_scan

FIRST = ["James", "Maria", "Robert", "Linda", "Michael", "Patricia", "David", "Jennifer", "Carlos",
         "Aisha", "Thomas", "Nguyen", "Daniel", "Olivia", "Samuel", "Grace", "Kevin", "Rosa"]
MIDDLE = ["Lee", "Ann", "Robert", "Marie", "J.", "Alan", "Louise", "T."]
LAST = ["Harrington", "Okafor", "Delgado", "Whitfield", "Kowalski", "Tran", "Brennan", "Castillo",
        "Fitzgerald", "Yamamoto", "Abernathy", "Lindqvist", "Moreno", "Pemberton", "Sorensen"]
STREETS = ["SE Division St", "NE Alberta St", "N Lombard St", "SW Barbur Blvd", "NE Sandy Blvd",
           "SE Powell Blvd", "NW 23rd Ave", "E Burnside St", "SE Hawthorne Blvd"]
VEHICLES = ["2014 Honda Civic", "2009 Ford F-150", "2018 Toyota Camry", "2012 Chevrolet Malibu",
            "2020 Subaru Outback", "2006 Dodge Ram 1500", "2016 Nissan Altima"]
OFFENSES = ["Theft II", "Burglary I", "Assault IV", "Criminal Mischief II", "DUII",
            "Unauthorized Use of a Vehicle", "Reckless Driving", "Possession of Stolen Property"]
NARRATIVE = [
    "On {date} at approximately {time} hours I was dispatched to {addr} on a report of {off}.",
    "Upon arrival I contacted the reporting party, {rp}, who stated that a {veh} bearing",
    "Oregon plate {plate} had been parked in front of the residence for several hours.",
    "{rp} told me the driver, later identified as {sus}, had argued with a neighbor and",
    "damaged the front window before leaving on foot toward {street}.",
    "I located {sus} two blocks north and detained him without incident. He was advised",
    "of his rights and declined to make a statement. Witness {wit} confirmed the account.",
    "Photographs of the damage were taken and booked into evidence under item 3.",
    "Estimated loss is ${loss}. The vehicle was towed by Pacific Towing, receipt {tow}.",
    "{sus} was cited for {off} under citation {cit} and released at the scene.",
    "This report is forwarded to the District Attorney for review. Case {case}.",
]


@dataclass
class Sample:
    kind: str
    path: Path
    truth: str


def _name(rng: random.Random) -> str:
    mid = f" {rng.choice(MIDDLE)}" if rng.random() < 0.4 else ""
    return f"{rng.choice(FIRST)}{mid} {rng.choice(LAST)}"


def _plate(rng: random.Random) -> str:
    return f"{rng.randint(100, 999)}{''.join(rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}"


def page_lines(rng: random.Random, i: int) -> tuple[list[str], int]:
    """Lines of one records-unit page and how many header lines it has."""
    case = f"{rng.randint(19, 25)}-{rng.randint(1, 999999):06d}"
    date = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/20{rng.randint(19, 25)}"
    tm = f"{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}"
    cit = f"{rng.choice('TCP')}{rng.randint(100000, 9999999)}"
    vals = {
        "case": case, "date": date, "time": tm, "cit": cit, "plate": _plate(rng), "rp": _name(rng), "sus": _name(rng),
        "wit": _name(rng), "veh": rng.choice(VEHICLES), "off": rng.choice(OFFENSES),
        "street": rng.choice(STREETS), "addr": f"{rng.randint(100, 9999)} {rng.choice(STREETS)}",
        "loss": f"{rng.randint(50, 4000):,}", "tow": f"PT-{rng.randint(10000, 99999)}",
    }
    officer = f"Officer {_name(rng)} #{rng.randint(1000, 9999)}"
    style = i % 3
    if style == 0:
        head = ["PORTLAND POLICE BUREAU", "INCIDENT REPORT"]
        body = [
            f"Case No: {case}   Date: {date}   Time: {tm}",
            f"Offense: {vals['off']}",
            f"Location: {vals['addr']}, Portland, OR 972{rng.randint(10, 99)}",
            f"Reporting Party: {vals['rp']}   Phone: 503-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
            f"Suspect: {vals['sus']}   DOB: {rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/19{rng.randint(55, 99)}",
            f"Vehicle: {vals['veh']}   Plate: OR {vals['plate']}",
            "",
            "NARRATIVE",
        ] + [s.format(**vals) for s in NARRATIVE] + ["", f"Reporting officer: {officer}"]
    elif style == 1:
        head = ["STATE OF OREGON", "UNIFORM CITATION AND COMPLAINT"]
        body = [
            f"Citation No: {cit}   Agency Case: {case}",
            f"Date of Violation: {date}   Time: {tm}",
            f"Defendant: {vals['sus']}",
            f"Address: {rng.randint(100, 9999)} {rng.choice(STREETS)}, Portland, OR",
            f"License No: {rng.randint(1000000, 9999999)}   State: OR   Class: C",
            f"Vehicle: {vals['veh']}   Plate: {vals['plate']}   State: OR",
            f"Violation: ORS 811.{rng.randint(100, 999)} {vals['off']}",
            f"Speed: {rng.randint(45, 90)} in a {rng.choice([25, 35, 45, 55])} zone",
            f"Fine: ${rng.randint(115, 440)}.00",
            "",
            "You are summoned to appear in Multnomah County Circuit Court,",
            f"1200 SW 1st Ave, Portland, OR 97204, Courtroom 3{rng.randint(10, 99)}, on",
            f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/2025 at {rng.choice(['0830', '0900', '1330'])} hours.",
            "Failure to appear may result in a warrant for your arrest",
            "and suspension of your driving privileges.",
            "",
            f"Issuing officer: {officer}",
            f"Witness: {vals['wit']}",
        ]
    else:
        head = ["TOW AND PROPERTY RECORD", f"Case {case}"]
        body = [
            f"Date Towed: {date}   Time: {tm}",
            f"Towing Company: Pacific Towing   Receipt: {vals['tow']}",
            f"Vehicle: {vals['veh']}   Color: {rng.choice(['Blue', 'Silver', 'Black', 'White'])}",
            f"Plate: {vals['plate']}   State: OR   VIN: 1HGCM{rng.randint(10000, 99999)}A{rng.randint(100000, 999999)}",
            f"Registered Owner: {vals['rp']}",
            f"Driver: {vals['sus']}",
            f"Reason: {rng.choice(['Arrest of driver', 'Abandoned', 'Evidence hold', 'Uninsured'])}",
            "",
            "Property inventory:",
        ] + [f"Item {k}: {rng.choice(['Backpack', 'Cell phone', 'Toolbox', 'Laptop', 'Wallet'])}"
             f" ({rng.choice(['black', 'red', 'grey'])}), tag {rng.randint(100000, 999999)}"
             for k in range(1, rng.randint(5, 9))] + [
            "",
            f"Released to: {_name(rng)} on {rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/2025",
            f"Recording officer: {officer}",
        ]
    return head + body, len(head)


def make_set(n: int, kinds: tuple[str, ...], seed: int, folder: Path) -> list[Sample]:
    """Generate n scanned pages, kinds in rotation, each saved as its own file."""
    rng = random.Random(seed)
    fonts = ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf"]
    samples = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        lines, nhead = page_lines(rng, i)
        size = rng.choice([10.0, 11.0, 12.0])
        page = render_lines(lines, font=fonts[(i // len(kinds)) % len(fonts)], size_pt=size,
                            bold_first=nhead)
        scan = degrade(page, kind, random.Random(rng.getrandbits(32)))
        path = save_scan([scan], kind, folder / f"{i:03d}_{kind}")
        samples.append(Sample(kind, path, page.info["text"]))
    return samples


def _norm(text: str) -> str:
    return " ".join(text.split())


def cer(truth: str, hyp: str) -> float:
    """Character error rate on whitespace-normalised text (edit distance / reference length)."""
    try:
        import jiwer

        return float(jiwer.cer(_norm(truth), _norm(hyp)))
    except ImportError:  # pragma: no cover - own Levenshtein
        from extractors.entities import edit_distance

        a, b = _norm(truth), _norm(hyp)
        return edit_distance(a, b) / max(1, len(a))


def raw_tesseract(path: str) -> tuple[str, float]:
    """Plain tesseract on one file (PDFs rendered to a 300 dpi PNG first, inside the timing);
    returns the text and the seconds it took."""
    t0 = time.perf_counter()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as tmp:
        src = path
        with open(path, "rb") as fh:
            if sniff(fh.read(2048)) == "pdf":
                import pypdfium2 as pdfium

                doc = pdfium.PdfDocument(path)
                img = doc[0].render(scale=300 / 72, grayscale=True).to_pil()
                src = str(Path(tmp) / "page.png")
                img.save(src, dpi=(300, 300))
                doc.close()
        out = subprocess.run(["tesseract", src, "stdout"], capture_output=True, env=env,
                             timeout=600, check=False)
    return out.stdout.decode("utf-8", "replace"), time.perf_counter() - t0


def pipeline(path: str) -> tuple[str, list[str], int, float, float]:
    """Our page path on page 1 of a file: text, steps, rotation, skew, seconds."""
    t0 = time.perf_counter()
    with open(path, "rb") as fh:
        kind = sniff(fh.read(2048)) or "pdf"
    page = ocr_page(Path(path), kind, 0, OcrSettings(), LimitSettings())
    return page.text, page.steps, page.rotation, page.skew, time.perf_counter() - t0


def _run(fn, samples: list[Sample], workers: int) -> tuple[list, float]:
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(fn, [str(s.path) for s in samples]))
    return results, time.perf_counter() - t0


def _report(name: str, samples: list[Sample], texts: list[str], kinds: tuple[str, ...]) -> dict[str, float]:
    per: dict[str, list[float]] = {k: [] for k in kinds}
    for s, t in zip(samples, texts, strict=False):
        per[s.kind].append(cer(s.truth, t))
    return {k: sum(v) / len(v) for k, v in per.items() if v}


def _seconds(samples: list[Sample], secs: list[float], kinds: tuple[str, ...]) -> dict[str, float]:
    per: dict[str, list[float]] = {k: [] for k in kinds}
    for s, t in zip(samples, secs, strict=False):
        per[s.kind].append(t)
    return {k: sum(v) / len(v) for k, v in per.items() if v}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=36, help="pages to generate (default 36)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--kinds", default=",".join(SCAN_KINDS))
    ap.add_argument("--keep", type=Path, default=None, help="keep the generated scans here")
    ap.add_argument("--skip-raw", action="store_true", help="only run the pipeline")
    ap.add_argument("--verbose", action="store_true", help="per-page CER and steps")
    args = ap.parse_args(argv)
    kinds = tuple(k for k in args.kinds.split(",") if k)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        t0 = time.perf_counter()
        samples = make_set(args.pages, kinds, args.seed, folder)
        print(f"generated {len(samples)} pages ({len(kinds)} kinds) in {time.perf_counter() - t0:.1f}s;"
              f" {args.workers} workers")
        raw_cer: dict[str, float] = {}
        raw_sec: dict[str, float] = {}
        raw_rate = 0.0
        if not args.skip_raw:
            raw_results, raw_s = _run(raw_tesseract, samples, args.workers)
            raw_rate = len(samples) / raw_s * 60
            raw_cer = _report("raw", samples, [r[0] for r in raw_results], kinds)
            raw_sec = _seconds(samples, [r[1] for r in raw_results], kinds)
        results, pipe_s = _run(pipeline, samples, args.workers)
        pipe_rate = len(samples) / pipe_s * 60
        pipe_cer = _report("pipeline", samples, [r[0] for r in results], kinds)
        pipe_sec = _seconds(samples, [r[4] for r in results], kinds)
        if args.verbose:
            for s, r in zip(samples, results, strict=False):
                print(f"  {s.path.name:28s} cer={cer(s.truth, r[0]):.3f} {r[4]:5.1f}s rot={r[2]} "
                      f"skew={r[3]:+.1f} steps={','.join(r[1])}")
    print()
    print(f"{'kind':14s} {'raw CER':>9s} {'pipeline CER':>13s} {'raw s/page':>11s} {'pipeline s/page':>16s}")
    for k in kinds:
        if k in pipe_cer:
            rc = f"{raw_cer[k]:.3f}" if k in raw_cer else "-"
            rs = f"{raw_sec[k]:.1f}" if k in raw_sec else "-"
            print(f"{k:14s} {rc:>9s} {pipe_cer[k]:>13.3f} {rs:>11s} {pipe_sec[k]:>16.1f}")
    avg_p = sum(pipe_cer.values()) / len(pipe_cer)
    worst_k = max(pipe_cer, key=pipe_cer.get)
    if raw_cer:
        avg_r = sum(raw_cer.values()) / len(raw_cer)
        worst_r = max(raw_cer, key=raw_cer.get)
        print(f"{'average':14s} {avg_r:>9.3f} {avg_p:>13.3f}")
        print(f"{'worst':14s} {raw_cer[worst_r]:>9.3f} {pipe_cer[worst_k]:>13.3f}   "
              f"(raw: {worst_r}, pipeline: {worst_k})")
        print()
        print(f"raw tesseract: {raw_rate:6.1f} pages/min")
    else:
        print(f"{'average':14s} {'-':>9s} {avg_p:>13.3f}")
        print(f"{'worst':14s} {'-':>9s} {pipe_cer[worst_k]:>13.3f}   ({worst_k})")
        print()
    print(f"pipeline:      {pipe_rate:6.1f} pages/min")
    if raw_rate:
        print(f"ratio pipeline/raw: {pipe_rate / raw_rate:.2f}x")
    ok = avg_p < 0.03 and pipe_cer[worst_k] < 0.08 and (not raw_rate or pipe_rate >= raw_rate)
    print(f"bars (avg < 0.03, worst < 0.08{', speed >= raw' if raw_rate else ''}): "
          f"{'MET' if ok else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
