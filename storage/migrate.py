"""Schema migrations of the index database with Alembic (SQLite and PostgreSQL).

`upgrade(url)` brings a database to the newest revision in storage/migrations/versions/. It is
safe to call from many workers at once: on PostgreSQL they queue on an advisory lock, on a SQLite
file on a lock file beside it, and a database already at head costs one SELECT.
Database errors are translated into `IndexUnavailable` here.

By hand: `alembic -c storage/alembic.ini -x url=postgresql+psycopg://... upgrade head`.
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, inspect, pool, text
from sqlalchemy import exc as sa_exc

from base.errors import IndexUnavailable

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
ADVISORY_LOCK_KEY = 0x6361_7365_666F  # "casefo": one key for casefolio's migrations
VERSION_TABLE = "alembic_version"
_thread_lock = threading.Lock()

# Objects that live in the database but not in the SQLAlchemy models (made by raw SQL in the
# revisions): the FTS5 tables and their shadow tables, the PostgreSQL GIN indexes and tsvector.
EXTRA_TABLES = ("documents_fts", "search_fts")
EXTRA_INDEXES = ("ix_documents_fts", "ix_entities_value_folded_trgm", "ix_search_docs_tsv")
EXTRA_COLUMNS = {("search_docs", "tsv")}


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """Leave the raw-SQL search objects out of autogenerate comparisons."""
    if type_ == "table" and name and name.startswith(EXTRA_TABLES):
        return False
    if type_ == "column" and (getattr(getattr(obj, "table", None), "name", None), name) in \
            EXTRA_COLUMNS:
        return False
    return not (type_ == "index" and name in EXTRA_INDEXES)


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config pointing at storage/migrations (no ini file needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision id."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


def current_revision(conn: Connection) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def upgrade(url: str) -> None:
    """Run every missing migration on the database at url (a no-op when already at head)."""
    try:
        engine = create_engine(url, poolclass=pool.NullPool)
    except (sa_exc.ArgumentError, ImportError) as e:
        raise IndexUnavailable(f"bad database URL: {e}") from e
    try:
        upgrade_engine(engine)
    finally:
        engine.dispose()


def upgrade_engine(engine: Engine) -> None:
    """Run every missing migration through an existing engine (what Index.create_schema uses)."""
    head = head_revision()
    try:
        with engine.connect() as conn:
            if current_revision(conn) == head:
                return
        with _file_lock(engine), _thread_lock, engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
            before = current_revision(conn)
            if before == head:  # another worker did it while we waited
                return
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            with _quiet_alembic():
                command.upgrade(cfg, "head")
            log.info("index database migrated from %s to %s", before or "empty", head)
    except sa_exc.OperationalError as e:
        raise IndexUnavailable(f"cannot open the database: {e.orig}") from e
    except sa_exc.DBAPIError as e:
        raise IndexUnavailable(f"cannot migrate the database: {e.orig}") from e


@contextmanager
def _file_lock(engine: Engine) -> Iterator[None]:
    """For a SQLite file, an exclusive lock on `<file>.migrate-lock` (other processes wait)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    lock_path = Path(database).expanduser().absolute().with_name(Path(database).name +
                                                                 ".migrate-lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(lock_path, "a+b")
    except OSError as e:
        raise IndexUnavailable(f"cannot lock the database folder {lock_path.parent}: "
                               f"{e.strerror}") from e
    with fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


@contextmanager
def _quiet_alembic() -> Iterator[None]:
    """Alembic's per-step INFO lines are noise in the CLI; our own line says what happened."""
    logger = logging.getLogger("alembic.runtime.migration")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
