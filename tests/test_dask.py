"""Page OCR fanned out on a Dask cluster (prefect-dask) when a scheduler address is configured.

A local cluster of two worker processes stands in for the scheduler and workers of docs/scale.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from synth.degrade import render_lines
from tests.docgen import REPORT_LINES

distributed = pytest.importorskip("distributed")
pytest.importorskip("prefect_dask")


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[object]:
    """Two single-threaded Dask worker processes on this machine."""
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, host="127.0.0.1")
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.mark.slow
def test_pages_are_ocred_on_the_dask_cluster(flow_env, dask_cluster, monkeypatch, tmp_path):
    from flows.ingest import ingest_file
    from storage.index import Index

    settings = flow_env
    monkeypatch.setenv("CASEFOLIO_PREFECT__DASK_SCHEDULER_ADDRESS", dask_cluster.scheduler_address)
    first = render_lines(REPORT_LINES, dpi=200)
    second = render_lines(["Page two: witness statement.", "Citation T1234567 issued."], dpi=200)
    src = settings.inbox / "two_pages.pdf"
    first.save(src, "PDF", resolution=200.0, save_all=True, append_images=[second])

    with distributed.Client(dask_cluster) as client, distributed.get_task_stream(client) as ts:
        outcome = ingest_file(str(src), move=True)
        workers = {record["worker"] for record in ts.data}

    assert outcome["status"] == "filed", outcome["message"]
    assert outcome["pages"] == 2
    assert len(ts.data) >= 2, "each page is a Dask task"
    assert workers <= set(dask_cluster.scheduler_info["workers"])
    record = Index(settings.database_url).get_record(outcome["document_id"])
    assert [p["method"] for p in record["ocr"]] == ["ocr", "ocr"]
    assert "24-003817" in record["text"] and "T1234567" in record["text"]
