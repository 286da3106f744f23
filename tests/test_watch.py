"""The watched folder: a file is taken only when it has stopped changing, and only once."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from pipelines.inbox import RetryClock, StabilityTracker, watch_inbox
from pipelines.outcome import IngestOutcome


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_file_is_ready_only_after_quiet_period(tmp_path):
    clock = FakeClock()
    tracker = StabilityTracker(quiet_s=5, clock=clock)
    f = tmp_path / "scan.pdf"
    f.write_bytes(b"%PDF-1.4 part one")
    assert tracker.observe([f]) == []
    clock.now = 3
    with open(f, "ab") as fh:  # still being written by the scanner
        fh.write(b" part two")
    assert tracker.observe([f]) == []
    clock.now = 7  # only 4 s since the last change
    assert tracker.observe([f]) == []
    clock.now = 8.5
    assert tracker.observe([f]) == [f]


def test_backoff_grows_for_transient_failures(tmp_path):
    clock = FakeClock()
    retries = RetryClock(clock)
    f = tmp_path / "a.pdf"
    assert retries.due(f)
    first = retries.failed(f)
    assert not retries.due(f)
    clock.now = first
    assert retries.due(f)
    assert retries.failed(f) > first


def _run_watcher(inbox: Path, handled: list[Path], stop: threading.Event) -> threading.Thread:
    def handle(paths: list[Path]) -> list[IngestOutcome]:
        handled.extend(paths)
        for p in paths:
            p.unlink()
        return [IngestOutcome(source=str(p), status="filed") for p in paths]

    thread = threading.Thread(target=watch_inbox, args=(inbox, handle),
                              kwargs={"quiet_s": 0.6, "stop": stop, "tick_s": 0.1}, daemon=True)
    thread.start()
    return thread


def _wait_for(condition, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_watcher_takes_finished_files_and_ignores_the_rest(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    waiting = inbox / "arrived-while-down.pdf"
    waiting.write_bytes(b"%PDF old")
    handled: list[Path] = []
    stop = threading.Event()
    thread = _run_watcher(inbox, handled, stop)
    try:
        assert _wait_for(lambda: waiting in handled), "files already in the inbox are picked up"
        (inbox / ".hidden.pdf").write_bytes(b"x")
        (inbox / "upload.pdf.part").write_bytes(b"x")
        os.symlink(tmp_path, inbox / "link")
        slow = inbox / "slow-scan.tif"
        with open(slow, "wb") as fh:  # written in pieces, slower than the quiet period's half
            for _ in range(6):
                fh.write(b"II*\x00" + b"\x00" * 1000)
                fh.flush()
                time.sleep(0.25)
                assert slow not in handled, "a file still being written is never taken"
        assert _wait_for(lambda: slow in handled)
        sub = inbox / "batch-7"
        sub.mkdir()
        (sub / "page.png").write_bytes(b"\x89PNG")
        assert _wait_for(lambda: sub / "page.png" in handled), "sub-folders are watched too"
        time.sleep(1.0)
        names = sorted(p.name for p in handled)
        assert names == ["arrived-while-down.pdf", "page.png", "slow-scan.tif"]
    finally:
        stop.set()
        thread.join(timeout=5)
