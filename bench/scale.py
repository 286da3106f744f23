"""Scale benchmark: the same scan set ingested by 1 and by 2 worker processes against PostgreSQL + S3.

Run:
    .venv/bin/python -m bench.scale [--docs N] [--pages P] [--workers 1,2] [--engine prefect|plain]
                                    [--dpi D] [--repeat R] [--keep DIR]

It starts a throwaway PostgreSQL (initdb in a temp folder, from synth/servers.py) and an S3 server
(moto's ThreadedMotoServer), generates N scanned documents of P pages each (distinct text, so none
is a duplicate), and for each worker count W:

  - makes a fresh database and bucket,
  - starts W worker processes (each: OCR__WORKERS=1, so one tesseract per worker process, the way
    one Prefect worker per core would run), warms each up on a small born-digital file (imports,
    connections, the spaCy model), then
  - times the ingest of the whole set, the workers taking files from one shared queue.

`--engine prefect` (default) runs every file as a run of the `ingest-file` flow (page OCR as mapped
tasks) against a local Prefect server the benchmark starts (`prefect server start`, SQLite, in a
temp PREFECT_HOME), or against PREFECT_API_URL when that is set; `--engine plain` calls the same
steps without Prefect (pipelines.ingest.Ingestor), to show what orchestration costs.

It prints pages/min for each worker count and the speed-up of the largest over 1 worker.
Bar: 2 workers on 2 cores reach at least 1.8x of 1 worker. Everything (PostgreSQL, the S3 server,
the Prefect server) shares the machine with the workers: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass
class Round:
    """One timed ingest of the set."""

    workers: int
    files: int
    pages: int
    seconds: float
    statuses: dict[str, int]
    cpu: dict[str, float]

    @property
    def pages_per_min(self) -> float:
        return self.pages / self.seconds * 60 if self.seconds else 0.0


# --- the data set -------------------------------------------------------------------------------


def make_set(folder: Path, docs: int, pages: int, dpi: int) -> list[Path]:
    """N scanned PDFs of P pages (page images, no text layer), each with its own numbers."""
    from synth.degrade import render_lines

    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for d in range(docs):
        images = []
        for p in range(pages):
            lines = [
                "TIGARD POLICE DEPARTMENT - INCIDENT REPORT",
                f"Case No. 24-{10000 + d:06d}   Date: 03/{1 + d % 28:02d}/2024   Page {p + 1}",
                f"Citation T{2000000 + d * 10 + p}  Offense: Theft in the third degree",
                "On arrival I contacted the reporting party at the residence.",
                "The rear door had been forced open with a pry tool.",
                f"Property tag {d:04d}-{p:02d} was logged into evidence at the station.",
                "Officer cleared the scene and completed this report.",
            ]
            images.append(render_lines(lines, dpi=dpi))
        path = folder / f"scan_{d:04d}.pdf"
        images[0].save(path, "PDF", resolution=float(dpi), save_all=True,
                       append_images=images[1:])
        files.append(path)
    return files


# --- servers ------------------------------------------------------------------------------------


class Services:
    """PostgreSQL, an S3 server and (for --engine prefect) a Prefect server, for the benchmark."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self.pg: Any = None
        self.s3: Any = None
        self.prefect: subprocess.Popen[bytes] | None = None
        self.prefect_home: Path | None = None
        self.api_url = os.environ.get("PREFECT_API_URL", "")

    def start(self) -> None:
        from moto.server import ThreadedMotoServer

        from synth.servers import PostgresServer, S3Server, find_pg_bin, free_port

        bin_dir = find_pg_bin()
        if bin_dir is None:
            raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.pg = PostgresServer(bin_dir)
        self.pg.start()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        self.s3 = S3Server(server, host, port)
        if self.engine == "prefect" and not self.api_url:
            self._start_prefect(free_port())

    def _start_prefect(self, port: int) -> None:
        self.prefect_home = Path(tempfile.mkdtemp(prefix="casefolio-bench-prefect-"))
        env = dict(os.environ, PREFECT_HOME=str(self.prefect_home),
                   PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false",
                   PREFECT_SERVER_API_HOST="127.0.0.1", PREFECT_SERVER_API_PORT=str(port))
        env.pop("PREFECT_API_URL", None)
        prefect_bin = Path(sys.executable).with_name("prefect")
        log = open(self.prefect_home / "server.log", "wb")
        self.prefect = subprocess.Popen(
            [str(prefect_bin), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT)
        self.api_url = f"http://127.0.0.1:{port}/api"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.prefect.poll() is not None:
                raise SystemExit(f"the Prefect server exited; see {self.prefect_home}/server.log")
            try:
                with urllib.request.urlopen(self.api_url + "/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("the Prefect server did not become healthy in 180 s")

    def fresh_backend(self) -> tuple[str, str]:
        """A new bucket and a new database: (storage_url, database_url)."""
        return self.s3.new_bucket(), self.pg.create_database()

    def stop(self) -> None:
        if self.prefect is not None:
            self.prefect.terminate()
            try:
                self.prefect.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.prefect.kill()
        if self.prefect_home is not None:
            shutil.rmtree(self.prefect_home, ignore_errors=True)
        if self.s3 is not None:
            self.s3.stop()
        if self.pg is not None:
            self.pg.stop()


# --- workers ------------------------------------------------------------------------------------


def _worker_env(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    # Run logs still go to the Prefect API at their usual level; only the console is quiet.
    for handler in ("CONSOLE", "CONSOLE_FLOW_RUNS", "CONSOLE_TASK_RUNS"):
        os.environ.setdefault(f"PREFECT_LOGGING_HANDLERS_{handler}_LEVEL", "WARNING")


def worker_main(env: dict[str, str], engine: str, warmup: str, jobs: Any, results: Any,
                ready: Any, go: Any) -> None:
    """One worker process: warm up, wait for go, ingest files from the queue until None."""
    _worker_env(env)
    ingest = _flow_ingest if engine == "prefect" else _plain_ingest()
    ingest(warmup)
    ready.put(os.getpid())
    go.wait()
    before = _cpu_seconds()
    while True:
        path = jobs.get()
        if path is None:
            break
        outcome = ingest(path)
        results.put((path, outcome.get("status"), outcome.get("pages", 0)))
    results.put((None, "cpu", _cpu_seconds() - before))


def _cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (tesseract, OCR helpers)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _server_cpu(services: Services) -> dict[str, float]:
    """CPU seconds so far of the servers: Prefect (with children), PostgreSQL, this process (S3)."""
    out = {"s3": _own_cpu()}
    try:
        import psutil
    except ImportError:
        return out
    if services.prefect is not None:
        try:
            proc = psutil.Process(services.prefect.pid)
            procs = [proc, *proc.children(recursive=True)]
            out["prefect"] = sum(sum(p.cpu_times()[:2]) for p in procs)
        except psutil.Error:
            pass
    try:
        pid = int((services.pg.data / "postmaster.pid").read_text().split()[0])
        proc = psutil.Process(pid)
        total = sum(sum(p.cpu_times()[:2]) for p in [proc, *proc.children(recursive=True)])
    except (OSError, ValueError, IndexError, psutil.Error):
        total = 0.0
    out["postgres"] = total
    return out


def _own_cpu() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _flow_ingest(path: str) -> dict[str, Any]:
    from flows.ingest import ingest_in_process

    return ingest_in_process(path, move=False)


def _plain_ingest() -> Any:
    from dataclasses import asdict

    from base.settings import load_settings
    from pipelines.ingest import Ingestor

    ingestor = Ingestor(load_settings(), actor="bench")
    return lambda path: asdict(ingestor.ingest_file(Path(path)))


def run_round(services: Services, files: list[Path], pages: int, workers: int, engine: str,
              work: Path) -> Round:
    """Ingest the set with `workers` processes into a fresh database and bucket; time it."""
    storage_url, database_url = services.fresh_backend()
    home = work / f"home-{workers}"
    env = {"CASEFOLIO_HOME": str(home), "CASEFOLIO_STORAGE_URL": storage_url,
           "CASEFOLIO_DATABASE_URL": database_url, "CASEFOLIO_OCR__WORKERS": "1",
           "CASEFOLIO_LOG_LEVEL": "WARNING"}
    if engine == "prefect":
        env["PREFECT_API_URL"] = services.api_url
    from synth.archive import write_pdf

    ctx = mp.get_context("spawn")
    jobs, results, ready, go = ctx.Queue(), ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = []
    for w in range(workers):
        warm = write_pdf(work / f"warm-{workers}-{w}.pdf",
                         [[f"Warm-up page {workers}-{w}", f"Case No. 23-{900000 + w:06d}"]])
        proc = ctx.Process(target=worker_main, args=(env, engine, str(warm), jobs, results,
                                                     ready, go), daemon=True)
        proc.start()
        procs.append(proc)
    for _ in procs:
        ready.get(timeout=600)
    for path in files:
        jobs.put(str(path))
    for _ in procs:
        jobs.put(None)
    servers_before = _server_cpu(services)
    start = time.monotonic()
    go.set()
    statuses: dict[str, int] = {}
    done_pages = 0
    worker_cpu = 0.0
    pending_files, pending_cpu = len(files), len(procs)
    seconds = 0.0
    while pending_files or pending_cpu:
        path, status, n = results.get(timeout=3600)
        if path is None:  # a worker's CPU total, sent when its queue ran dry
            worker_cpu += n
            pending_cpu -= 1
            continue
        statuses[status] = statuses.get(status, 0) + 1
        done_pages += n
        pending_files -= 1
        if not pending_files:
            seconds = time.monotonic() - start
    servers_after = _server_cpu(services)
    for proc in procs:
        proc.join(timeout=60)
    cpu = {"workers": worker_cpu}
    cpu.update({k: servers_after[k] - servers_before.get(k, 0.0) for k in servers_after})
    return Round(workers, len(files), done_pages or len(files) * pages, seconds, statuses, cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=12)
    parser.add_argument("--pages", type=int, default=2)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--engine", choices=("prefect", "plain"), default="prefect")
    parser.add_argument("--repeat", type=int, default=1,
                        help="time each worker count this many times, interleaved; keep the best "
                             "(damps other work on the machine)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated set here")
    args = parser.parse_args(argv)
    counts = [int(x) for x in args.workers.split(",") if x.strip()]

    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    work = args.keep or Path(tempfile.mkdtemp(prefix="casefolio-bench-scale-"))
    print(f"load average before: {os.getloadavg()[0]:.1f} (other work skews the figures)")
    print(f"cores: {os.cpu_count()}; engine: {args.engine}; set: {args.docs} documents x "
          f"{args.pages} scanned pages at {args.dpi} dpi")
    files = make_set(work / "set", args.docs, args.pages, args.dpi)
    services = Services(args.engine)
    rounds: list[Round] = []
    try:
        services.start()
        print(f"PostgreSQL on :{services.pg.port}, S3 on {services.s3.endpoint}"
              + (f", Prefect at {services.api_url}" if args.engine == "prefect" else ""))
        for workers in [w for _ in range(max(1, args.repeat)) for w in counts]:
            r = run_round(services, files, args.pages, workers, args.engine, work)
            rounds.append(r)
            print(f"{workers} worker(s): {r.pages} pages in {r.seconds:.1f} s = "
                  f"{r.pages_per_min:.1f} pages/min  {r.statuses}  "
                  f"(load average {os.getloadavg()[0]:.1f})", flush=True)
            print("    CPU s/page: " + ", ".join(f"{k} {v / max(1, r.pages):.2f}"
                                               for k, v in r.cpu.items()), flush=True)
    finally:
        services.stop()
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    best_of = {w: max((r for r in rounds if r.workers == w), key=lambda r: r.pages_per_min)
               for w in counts}
    if args.repeat > 1:
        for w, r in best_of.items():
            print(f"best of {args.repeat}, {w} worker(s): {r.pages_per_min:.1f} pages/min")
    base = best_of.get(1)
    if base and len(best_of) > 1:
        best = best_of[max(best_of)]
        ratio = best.pages_per_min / base.pages_per_min
        verdict = "meets" if ratio >= 0.9 * best.workers else "misses"
        print(f"speed-up {best.workers} vs 1 worker: {ratio:.2f}x ({verdict} the "
              f"{0.9 * best.workers:.1f}x bar)")
    ok = all(set(r.statuses) == {"filed"} for r in rounds)
    if not ok:
        print("some files were not filed: see the statuses above")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
