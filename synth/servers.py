"""Throwaway servers for tests and benchmarks: PostgreSQL in a temp folder and an S3 server (moto)
on loopback. Plain classes (no pytest): tests/services.py wraps them in fixtures, bench/scale.py
starts them for a run.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

S3_ACCESS = "casefolio-test"
S3_SECRET = "casefolio-test-secret"
S3_BUCKET = "casefolio-test"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- PostgreSQL ------------------------------------------------------------------------------


def find_pg_bin() -> Path | None:
    """The folder holding initdb/pg_ctl/postgres: $PG_BIN, PATH, or the newest Debian install."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                      else 0, reverse=True)
    return versions[0].parent if versions else None


@dataclass
class PostgresServer:
    """A throwaway PostgreSQL cluster (trust auth, fsync off) in a temp folder."""

    bin_dir: Path
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="casefolio-pg-")))
    port: int = 0
    options: str = ""  # more server options ("-c shared_buffers=2GB ...")
    _as_user: list[str] = field(default_factory=list)
    _running: bool = False

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self._as_user, *args], capture_output=True, text=True,
                              timeout=timeout, check=False, cwd=self.root)

    def start(self) -> None:
        """initdb, then pg_ctl start on a free port; raise RuntimeError with the log on failure."""
        if os.geteuid() == 0:  # postgres refuses to run as root
            try:
                user = pwd.getpwnam("postgres")
            except KeyError as e:
                raise RuntimeError("running as root and there is no 'postgres' user") from e
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        init = self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres",
                         "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        if init.returncode != 0:
            init = self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U",
                             "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
        last = ""
        for _attempt in range(3):
            self.port = free_port()
            opts = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                    "-c max_connections=100 " + self.options)
            started = self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", opts,
                                "-l", str(self.root / "postgres.log"), "-w", "-t", "30", "start")
            if started.returncode == 0:
                self._running = True
                return
            last = (self.root / "postgres.log").read_text(errors="replace")[-2000:] \
                if (self.root / "postgres.log").exists() else started.stderr
        raise RuntimeError(f"PostgreSQL did not start: {last.strip()}")

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of a database on this server."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database; return its SQLAlchemy URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if self._running:
            self._running = False
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "-w", "stop", timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)


# --- S3 (moto server mode) --------------------------------------------------------------------


@dataclass
class S3Server:
    """moto's ThreadedMotoServer: a real S3 HTTP server on a loopback port."""

    server: Any
    host: str
    port: int

    @property
    def endpoint(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, bucket: str = S3_BUCKET, access: str = S3_ACCESS,
            secret: str = S3_SECRET) -> str:
        """Storage URL of a bucket on this server."""
        return (f"s3://{quote(access, safe='')}:{quote(secret, safe='')}@{self.endpoint}/"
                f"{bucket}?secure=false")

    def client(self) -> Any:
        from minio import Minio

        return Minio(self.endpoint, S3_ACCESS, S3_SECRET, secure=False, region="us-east-1")

    def new_bucket(self, *, object_lock: bool = True) -> str:
        """Create a bucket with a unique name; return its storage URL."""
        name = f"cf-{uuid.uuid4().hex[:16]}"
        self.client().make_bucket(name, object_lock=object_lock)
        return self.url(name)

    def stop(self) -> None:
        self.server.stop()
