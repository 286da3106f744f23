"""The Prefect ingest flow, the watcher's dispatchers and the service's deployments.

Flow tests share ONE Prefect test server (tests/prefect_harness.py) and are marked slow.
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from base.errors import StorageError
from storage.objects import open_store
from synth.archive import make_pdf
from tests.docgen import REPORT_LINES, write_scan

# Words from REPORT_LINES that must never show up in run names or logs (a name and a plate).
PRIVATE = ("harrington", "james robert", "482klm", "482 klm")


def _run(path: Path, *, move: bool = True) -> tuple[dict[str, Any], UUID]:
    from flows.ingest import ingest_file

    state = ingest_file(str(path), move=move, return_state=True)
    return state.result(), state.state_details.flow_run_id


def _task_runs(flow_run_id: UUID, want: int = 1, timeout_s: float = 15.0) -> list[Any]:
    """The flow run's task runs (they reach the server as events, so wait a little)."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    deadline = time.monotonic() + timeout_s
    while True:
        with get_client(sync_client=True) as client:
            runs = client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                sort=TaskRunSort.EXPECTED_START_TIME_ASC, limit=200)
        final = [r for r in runs if r.state is not None and r.state.is_final()]
        if len(final) >= want or time.monotonic() > deadline:
            return runs
        time.sleep(0.3)


def _flow_run(flow_run_id: UUID) -> Any:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(flow_run_id)


def _logs(flow_run_id: UUID) -> list[str]:
    from prefect import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.client.schemas.sorting import LogSort

    time.sleep(2.5)  # logs are shipped in batches
    with get_client(sync_client=True) as client:
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(
            any_=[flow_run_id])), limit=200, offset=0, sort=LogSort.TIMESTAMP_ASC)
    return [entry.message for entry in logs]


def _encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf([REPORT_LINES]))).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


@pytest.mark.slow
def test_flow_files_a_scan_end_to_end_with_id_and_file_name_in_run_names(flow_env):
    settings = flow_env
    src = write_scan(settings.inbox / "scan_0042.png", REPORT_LINES)
    outcome, run_id = _run(src)

    assert outcome["status"] == "filed", outcome["message"]
    doc_id = outcome["document_id"]
    assert not src.exists(), "the filed file leaves the inbox"
    from storage.index import Index

    record = Index(settings.database_url).get_record(doc_id)
    assert record["ocr"][0]["method"] == "ocr" and "24-003817" in record["text"]

    flow_run = _flow_run(run_id)
    assert flow_run.name == f"ingest scan_0042.png {doc_id}"
    tasks = _task_runs(run_id, want=3)
    names = sorted(t.name for t in tasks)
    assert names == ["file scan_0042.png", "ocr scan_0042.png p1", "preflight scan_0042.png"]
    logs = _logs(run_id)
    assert any(doc_id in m and "scan_0042.png" in m for m in logs)
    text = " ".join([flow_run.name, *names, *logs]).lower()
    for word in PRIVATE:
        assert word not in text, f"{word!r} leaked into run names or logs"


@pytest.mark.slow
def test_permanent_error_is_not_retried_and_quarantines(flow_env):
    settings = flow_env
    src = _encrypted_pdf(settings.inbox / "locked.pdf")
    outcome, run_id = _run(src)

    assert outcome["status"] == "quarantined" and outcome["reason"] == "encrypted"
    assert not src.exists()
    assert (settings.quarantine / "encrypted" / "locked.pdf").exists()
    preflight = [t for t in _task_runs(run_id) if t.name.startswith("preflight")]
    assert len(preflight) == 1
    assert preflight[0].run_count == 1, "a permanent error must not be retried"
    assert preflight[0].state.is_failed()


@pytest.mark.slow
def test_transient_storage_error_is_retried_then_filed(flow_env, monkeypatch):
    settings = flow_env
    FileStore = type(open_store(settings.storage_url))
    real_put = FileStore.put_file
    calls = {"n": 0}

    def flaky_put(self, *args: Any, **kwargs: Any):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise StorageError("the object store is not answering")
        return real_put(self, *args, **kwargs)

    monkeypatch.setattr(FileStore, "put_file", flaky_put)
    from tests.docgen import write_pdf

    src = write_pdf(settings.inbox / "report.pdf", [REPORT_LINES])
    outcome, run_id = _run(src)

    assert outcome["status"] == "filed", outcome["message"]
    assert not src.exists()
    filing = [t for t in _task_runs(run_id, want=3) if t.name.startswith("file ")]
    assert len(filing) == 1 and filing[0].run_count == 3  # failed twice, then succeeded


@pytest.mark.slow
def test_transient_error_that_persists_leaves_the_file_for_later(flow_env, monkeypatch):
    settings = flow_env
    FileStore = type(open_store(settings.storage_url))

    def down(self, *args: Any, **kwargs: Any):
        raise StorageError("the object store is not answering")

    monkeypatch.setattr(FileStore, "put_file", down)
    from tests.docgen import write_pdf

    src = write_pdf(settings.inbox / "later.pdf", [REPORT_LINES])
    outcome, _ = _run(src)
    assert outcome["status"] == "retry" and outcome["reason"] == "storage_unavailable"
    assert src.exists(), "a transient failure never moves the file"
    assert not any(settings.quarantine.rglob("later.pdf"))


# --- without a Prefect server ------------------------------------------------------------------


def test_retry_condition_only_for_transient_errors():
    from prefect.states import Failed

    from base.errors import EncryptedError, OcrTimeoutError
    from flows.ingest import retry_if_transient

    run: Any = type("Run", (), {"name": "t"})()
    assert retry_if_transient(None, run, Failed(data=StorageError("down")))
    assert retry_if_transient(None, run, Failed(data=OcrTimeoutError("slow")))
    assert not retry_if_transient(None, run, Failed(data=EncryptedError("locked")))
    assert not retry_if_transient(None, run, Failed(data=ValueError("bug")))


def test_retry_backoff_doubles_up_to_the_cap(settings):
    from flows.ingest import retry_options

    p = settings.prefect.model_copy(update={"task_retries": 4, "retry_backoff_s": 10,
                                            "retry_backoff_max_s": 30})
    assert retry_options(p)["retry_delay_seconds"] == [10, 20, 30, 30]


class _FakeState:
    def __init__(self, final: bool, kind: str = "COMPLETED") -> None:
        self._final = final
        self.type = type("T", (), {"value": kind})()

    def is_final(self) -> bool:
        return self._final


class _FakeClient:
    def __init__(self) -> None:
        self.states: dict[UUID, _FakeState] = {}

    def read_flow_run(self, run_id: UUID) -> Any:
        return type("R", (), {"state": self.states[run_id]})()


def test_deployment_dispatcher_starts_one_run_per_file_and_reports_when_done(settings,
                                                                           monkeypatch):
    import prefect.deployments

    from flows.watcher import DeploymentDispatcher

    started: list[dict[str, Any]] = []
    client = _FakeClient()

    def fake_run_deployment(name: str, **kwargs: Any) -> Any:
        run_id = uuid4()
        client.states[run_id] = _FakeState(final=False)
        started.append({"name": name, "id": run_id, **kwargs})
        return type("Run", (), {"id": run_id})()

    monkeypatch.setattr(prefect.deployments, "run_deployment", fake_run_deployment)
    a = settings.inbox / "a.pdf"
    b = settings.inbox / "b.pdf"
    a.write_bytes(b"%PDF-a")
    b.write_bytes(b"%PDF-b")
    dispatch = DeploymentDispatcher(settings, client=client)

    assert dispatch([a, b]) == []
    assert dispatch([a, b]) == [], "files in flight are not started twice"
    assert [s["parameters"]["path"] for s in started] == [str(a), str(b)]
    assert started[0]["name"] == "ingest-file/ingest" and started[0]["timeout"] == 0
    assert started[0]["flow_run_name"] == "ingest a.pdf"

    a.unlink()  # run a filed its file; run b failed and left it in place
    client.states[started[0]["id"]] = _FakeState(final=True)
    client.states[started[1]["id"]] = _FakeState(final=True, kind="FAILED")
    outcomes = {Path(o.source).name: o.status for o in dispatch([])}
    assert outcomes == {"a.pdf": "filed", "b.pdf": "retry"}
    dispatch([b])
    assert len(started) == 3 and started[2]["idempotency_key"] != started[1]["idempotency_key"]


def test_flow_dispatcher_turns_flow_results_into_outcomes(settings):
    from flows.watcher import FlowDispatcher

    def fake_flow(path: str, move: bool) -> dict[str, Any]:
        if path.endswith("bad.pdf"):
            raise RuntimeError("engine down")
        return {"source": path, "status": "filed", "document_id": "x"}

    dispatch = FlowDispatcher(settings, flow_fn=fake_flow)
    outcomes = dispatch([settings.inbox / "ok.pdf", settings.inbox / "bad.pdf"])
    assert [o.status for o in outcomes] == ["filed", "retry"]


def test_deployments_carry_the_cron_schedules_from_settings(settings):
    from flows.deployments import build_deployments

    settings.court.packet_cron = "15 5 * * 1-5"
    deployments = {d.name: d for d in build_deployments(settings)}
    assert {"ingest", "weekly"} <= set(deployments)
    weekly = deployments["weekly"].schedules[0].schedule
    assert weekly.cron == settings.prefect.maintenance_cron
    assert weekly.timezone == settings.court.timezone
    assert deployments["ingest"].schedules in (None, [])
    if "daily" in deployments:  # flows/court.py present
        assert deployments["daily"].schedules[0].schedule.cron == "15 5 * * 1-5"


def test_standalone_clock_computes_next_cron_time():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from flows.deployments import next_time

    tz = ZoneInfo("America/Los_Angeles")
    after = datetime(2024, 3, 27, 7, 0, tzinfo=tz)  # a Wednesday
    assert next_time("0 6 * * *", after) == datetime(2024, 3, 28, 6, 0, tzinfo=tz)
    assert next_time("0 3 * * 0", after) == datetime(2024, 3, 31, 3, 0, tzinfo=tz)


def test_doctor_reports_plainly(settings, capsys):
    from casefolio.cli_service import run_checks

    checks = {c.name: c for c in run_checks(settings)}
    assert checks["storage"].ok and checks["database"].ok
    assert checks["smtp"].ok and checks["smtp"].optional  # not configured is not a failure
    assert checks["tesseract"].ok, checks["tesseract"].detail

    broken = settings.model_copy(update={"database_url": "postgresql+psycopg://u@127.0.0.1:1/x"})
    bad = {c.name: c for c in run_checks(broken)}["database"]
    assert not bad.ok and "127.0.0.1" in bad.detail
