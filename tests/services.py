"""Real servers for the service tests: PostgreSQL in a temp folder and an S3 server on loopback.

Fixtures (import them into tests/conftest.py, see the bottom of this file):

- `postgres_server` / `postgres_url` (session): a PostgreSQL cluster made with initdb in a temp
  folder, listening on a free loopback port, stopped and removed at the end of the session.
  `postgres_url` is a database created for the session; `fresh_postgres_url` a new one per test.
- `s3_server` / `s3_url` (session): moto's ThreadedMotoServer (a real HTTP S3 server) on a free
  loopback port, with an object-lock bucket; `fresh_s3_url` a new bucket per test.
- `backend` (per test, parametrised "embedded" and "scale"): the storage and database URLs of one
  backend, fresh for the test, so a test runs end-to-end on file store + SQLite and on S3 +
  PostgreSQL. The "scale" case is marked `service`.

When a server binary is missing the tests skip with the reason, except in CI (CI=true), where they
fail: CI must run them.
"""

from __future__ import annotations

import atexit
import logging
import os
import subprocess
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from synth.servers import (
    S3_BUCKET,
    PostgresServer,
    S3Server,
    find_pg_bin,
)

log = logging.getLogger(__name__)


def in_ci() -> bool:
    """Whether we run in CI, where a missing service is a failure, not a skip."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(message: str) -> None:
    """Skip (locally) or fail (in CI) because a service cannot be started."""
    if in_ci():
        pytest.fail(f"{message} (CI=true: service tests must run)", pytrace=False)
    pytest.skip(message)


_pg: PostgresServer | None = None
_pg_error: str | None = None
_pg_guard = threading.Lock()


def _postgres() -> PostgresServer:
    """The session's PostgreSQL server, started on first use (once per process)."""
    global _pg, _pg_error
    with _pg_guard:
        if _pg is None and _pg_error is None:
            bin_dir = find_pg_bin()
            if bin_dir is None or not (bin_dir / "initdb").exists():
                _pg_error = ("PostgreSQL server binaries (initdb, pg_ctl) not found; install "
                             "postgresql (Debian: apt-get install postgresql postgresql-contrib) "
                             "or set PG_BIN")
            else:
                server = PostgresServer(bin_dir)
                try:
                    server.start()
                except (RuntimeError, OSError, subprocess.SubprocessError) as e:
                    server.stop()
                    _pg_error = f"cannot start PostgreSQL from {bin_dir}: {e}"
                else:
                    _pg = server
                    atexit.register(server.stop)
    if _pg is None:
        unavailable(_pg_error or "PostgreSQL is unavailable")
    assert _pg is not None
    return _pg


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the whole session (skips locally / fails in CI if missing)."""
    server = _postgres()
    yield server
    # stopped at exit (atexit), so every module that imported this fixture shares one server


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """A database on the session's server, shared by the session."""
    return postgres_server.create_database(f"casefolio_{uuid.uuid4().hex[:8]}")


@pytest.fixture
def fresh_postgres_url(postgres_server: PostgresServer) -> str:
    """An empty database of its own for one test."""
    return postgres_server.create_database()


# --- S3 (moto server mode) --------------------------------------------------------------------


_s3: S3Server | None = None
_s3_error: str | None = None
_s3_guard = threading.Lock()


def _s3_server() -> S3Server:
    global _s3, _s3_error
    with _s3_guard:
        if _s3 is None and _s3_error is None:
            try:
                from moto.server import ThreadedMotoServer
            except ImportError as e:
                _s3_error = f"moto[server] is not installed ({e}); pip install 'moto[server]'"
            else:
                logging.getLogger("werkzeug").setLevel(logging.WARNING)
                server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
                server.start()
                host, port = server.get_host_and_port()
                _s3 = S3Server(server, host, port)
                _s3.client().make_bucket(S3_BUCKET, object_lock=True)
                atexit.register(_s3.stop)
    if _s3 is None:
        unavailable(_s3_error or "the S3 test server is unavailable")
    assert _s3 is not None
    return _s3


@pytest.fixture(scope="session")
def s3_server() -> S3Server:
    """A real S3 server (moto server mode) on loopback for the session."""
    return _s3_server()


@pytest.fixture(scope="session")
def s3_url(s3_server: S3Server) -> str:
    """Storage URL of the session's object-lock bucket."""
    return s3_server.url()


@pytest.fixture
def fresh_s3_url(s3_server: S3Server) -> str:
    """Storage URL of a new, empty object-lock bucket for one test."""
    return s3_server.new_bucket()


@pytest.fixture
def s3_auth(s3_server: S3Server) -> Iterator[tuple[str, str]]:
    """Turn on moto's credential checks for one test; yields a valid (access, secret) pair.

    moto accepts any credentials unless told otherwise; with this on, a wrong key is refused as
    a real server would. (moto cannot serve presigned links while this is on.)
    """
    import boto3
    from moto import settings as moto_settings
    from moto.core.responses import ActionAuthenticatorMixin

    iam = boto3.client("iam", endpoint_url=f"http://{s3_server.endpoint}", region_name="us-east-1",
                       aws_access_key_id="x", aws_secret_access_key="y")
    user = f"casefolio-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="s3", PolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
    ))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    previous = moto_settings.INITIAL_NO_AUTH_ACTION_COUNT
    moto_settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
    ActionAuthenticatorMixin.request_count = 0
    try:
        yield key["AccessKeyId"], key["SecretAccessKey"]
    finally:
        moto_settings.INITIAL_NO_AUTH_ACTION_COUNT = previous


# --- sample index records -------------------------------------------------------------------


def sample_document(n: int, *, text: str = "", persons: tuple[str, ...] = (),
                    cases: tuple[str, ...] = (), plates: tuple[str, ...] = (),
                    citations: tuple[str, ...] = (), doc_type: str = "incident_report",
                    sha256: str | None = None, ingested_at: str = "",
                    source_name: str | None = None) -> Any:
    """An base.models.Document ready for Index.add_document (no files behind it)."""
    import hashlib

    from base.models import Document, Entity, Extraction, Page

    sha = sha256 or hashlib.sha256(f"doc-{n}-{uuid.uuid4()}".encode()).hexdigest()
    entities = (
        [Entity("person", p, page=1, role="suspect", confidence=0.97) for p in persons]
        + [Entity("case_number", c, page=1) for c in cases]
        + [Entity("plate", p, page=1, state="OR", confidence=0.99) for p in plates]
        + [Entity("citation_number", c, page=1) for c in citations]
    )
    return Document(
        id=uuid.uuid4().hex, source_name=source_name or f"scan_{n:04d}.pdf", sha256=sha,
        kind="pdf", size=1000 + n,
        pages=[Page(number=1, text=text or f"document number {n}", method="text")],
        extraction=Extraction(doc_type=doc_type, doc_type_confidence=0.9, entities=entities),
        ingested_at=ingested_at, original_key=f"originals/{sha[:2]}/{sha}.pdf",
        searchable_key=f"searchable/{sha[:2]}/{sha}.pdf", text_key=f"text/{sha[:2]}/{sha}.json",
    )


# --- both backends ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Backend:
    """Where one test keeps its objects and index."""

    name: str  # "embedded" or "scale"
    storage_url: str
    database_url: str

    def settings_overrides(self) -> dict[str, str]:
        """Keyword arguments for base.settings.load_settings."""
        return {"storage_url": self.storage_url, "database_url": self.database_url}


@pytest.fixture(params=["embedded", pytest.param("scale", marks=pytest.mark.service)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The storage and database URLs of one backend, fresh for this test.

    "embedded": file store + SQLite in tmp_path; "scale": a new S3 bucket on the session's S3
    server + a new database on the session's PostgreSQL server (started on first use).
    """
    if request.param == "embedded":
        return Backend("embedded", f"file://{tmp_path / 'backend' / 'objects'}",
                       f"sqlite:///{tmp_path / 'backend' / 'index.db'}")
    s3 = _s3_server()
    pg = _postgres()
    return Backend("scale", s3.new_bucket(), pg.create_database())


# tests/conftest.py hooks these in with:
#     from tests.services import (
#         backend, fresh_postgres_url, fresh_s3_url, postgres_server, postgres_url, s3_auth,
#         s3_server, s3_url,
#     )
__all__ = [
    "Backend", "PostgresServer", "S3Server", "backend", "fresh_postgres_url", "fresh_s3_url",
    "in_ci", "postgres_server", "postgres_url", "s3_auth", "s3_server", "s3_url",
    "sample_document", "unavailable",
]
