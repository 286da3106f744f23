"""pytest plugin: ONE Prefect test server for the whole session, started on first use.

Loaded from tests/conftest.py with `pytest_plugins = ["tests.prefect_harness"]`. Tests that run
flows ask for the `prefect_harness` fixture; tests that never touch Prefect pay nothing.
Prefect's temporary server (SQLite in a temp folder) takes 8-20 s to start on a fresh process,
so the startup timeout is raised well above Prefect's default of 30 s for slow CI machines.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

STARTUP_TIMEOUT_S = 120


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A Prefect API for the session (prefect.testing.utilities.prefect_test_harness)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    logging.getLogger("prefect").setLevel(logging.WARNING)
    with prefect_test_harness(server_startup_timeout=STARTUP_TIMEOUT_S):
        yield


@pytest.fixture
def flow_env(prefect_harness: None, settings, monkeypatch: pytest.MonkeyPatch):
    """Settings for flows run in this process: the test's home and backend, fast retries.

    Flows build their own settings from the environment, so the test's home, storage and
    database URLs are put there too.
    """
    monkeypatch.setenv("CASEFOLIO_PREFECT__RETRY_BACKOFF_S", "0.05")
    monkeypatch.setenv("CASEFOLIO_PREFECT__RETRY_BACKOFF_MAX_S", "0.2")
    monkeypatch.setenv("CASEFOLIO_PREFECT__TASK_RETRIES", "2")
    monkeypatch.setenv("CASEFOLIO_OCR__WORKERS", "1")
    monkeypatch.setenv("CASEFOLIO_HOME", str(settings.home))
    monkeypatch.setenv("CASEFOLIO_STORAGE_URL", settings.storage_url)
    monkeypatch.setenv("CASEFOLIO_DATABASE_URL", settings.database_url)
    from flows.ingest import reset_ingestors

    reset_ingestors()
    yield settings
    reset_ingestors()
