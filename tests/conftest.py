"""Shared fixtures: an isolated casefolio home per test, and where the real documents live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.services import (  # noqa: F401  (pytest fixtures)
    backend,
    fresh_postgres_url,
    fresh_s3_url,
    postgres_server,
    postgres_url,
    s3_auth,
    s3_server,
    s3_url,
)

pytest_plugins = ["tests.prefect_harness"]

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from tests.docgen import REALDOCS  # noqa: E402


@pytest.fixture
def realdocs() -> Path:
    """The shared folder of real public documents; skips the test when it is absent."""
    if not REALDOCS.is_dir():
        pytest.skip("../shared/realdocs is not present")
    return REALDOCS


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh CASEFOLIO_HOME with no settings leaking in from the environment."""
    for key in list(os.environ):
        if key.startswith("CASEFOLIO_"):
            monkeypatch.delenv(key)
    path = tmp_path / "home"
    monkeypatch.setenv("CASEFOLIO_HOME", str(path))
    return path


@pytest.fixture
def settings(home: Path, backend):  # noqa: F811 - a pytest fixture, not a redefinition
    """Settings in a temp home, once on the embedded defaults (file store + SQLite) and once on
    S3 + PostgreSQL (real servers on loopback; marked `service`)."""
    from base.settings import load_settings

    s = load_settings(home=home, **backend.settings_overrides())
    s.ensure_folders()
    return s
