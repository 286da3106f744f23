"""The watched folder: take a file only once it has stopped changing, then hand it to ingest.

Plain code (no Prefect): `casefolio watch` runs `watch_inbox` with an in-process ingestor, and
flows/ runs it to start Prefect flow runs instead.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.outcome import IngestOutcome

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 300.0
IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload", ".swp", ".partial", ".download", "~")


def is_candidate(path: Path) -> bool:
    """Whether a path in an inbox should be ingested: a regular, visible, finished file."""
    name = path.name
    if name.startswith((".", "~$")) or name.lower().endswith(IGNORED_SUFFIXES):
        return False
    if path.is_symlink():
        return False
    return path.is_file()


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus candidate files found under named folders (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden_dir = any(part.startswith(".") for part in child.relative_to(path).parts[:-1])
                if not hidden_dir and is_candidate(child):
                    found.append(child)
        else:
            found.append(path)
    return found


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float


class StabilityTracker:
    """Reports files whose size and mtime have not changed for `quiet_s` seconds."""

    def __init__(self, quiet_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet_s = quiet_s
        self.clock = clock
        self._seen: dict[Path, _Seen] = {}

    def observe(self, paths: Sequence[Path]) -> list[Path]:
        """Record the current state of `paths`; return those that are stable now."""
        now = self.clock()
        ready = []
        current = set()
        for path in paths:
            try:
                st = path.stat()
            except OSError:
                continue
            current.add(path)
            seen = self._seen.get(path)
            if seen is None or (seen.size, seen.mtime_ns) != (st.st_size, st.st_mtime_ns):
                self._seen[path] = _Seen(st.st_size, st.st_mtime_ns, now)
            elif now - seen.since >= self.quiet_s:
                ready.append(path)
        for gone in set(self._seen) - current:
            del self._seen[gone]
        return ready

    def forget(self, path: Path) -> None:
        """Stop tracking a path (it was handled)."""
        self._seen.pop(path, None)


class RetryClock:
    """Exponential backoff per file for transient failures (storage or database down)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._next: dict[Path, tuple[float, int]] = {}

    def due(self, path: Path) -> bool:
        entry = self._next.get(path)
        return entry is None or self.clock() >= entry[0]

    def failed(self, path: Path) -> float:
        """Schedule the next try; returns the delay in seconds."""
        _, attempts = self._next.get(path, (0.0, 0))
        delay = min(MAX_BACKOFF_S, 5.0 * 2 ** attempts)
        self._next[path] = (self.clock() + delay, attempts + 1)
        return delay

    def succeeded(self, path: Path) -> None:
        self._next.pop(path, None)


def watch_inbox(inbox: Path, handle: Callable[[list[Path]], list[IngestOutcome]], *,
                quiet_s: float, poll: bool = False, stop: threading.Event | None = None,
                tick_s: float | None = None) -> None:
    """Watch `inbox` until `stop` is set, handing stable files to `handle` in batches.

    Files already present at start (arrived while the service was down) are picked up too.
    Hidden and temporary files, symlinks and non-regular files are never taken.
    """
    import watchfiles

    stop = stop or threading.Event()
    inbox.mkdir(parents=True, exist_ok=True)
    tracker = StabilityTracker(quiet_s)
    retries = RetryClock()
    tick = tick_s if tick_s is not None else max(0.2, min(1.0, quiet_s / 2))
    log.info("watching %s (quiet period %.1f s%s)", inbox, quiet_s, ", polling" if poll else "")
    changes = watchfiles.watch(inbox, stop_event=stop, force_polling=poll, yield_on_timeout=True,
                               rust_timeout=int(tick * 1000), poll_delay_ms=int(tick * 1000),
                               debounce=int(tick * 1000), raise_interrupt=False)
    for _ in changes:
        if stop.is_set():
            break
        ready = [p for p in tracker.observe(expand_paths([inbox])) if retries.due(p)]
        if not ready:
            continue
        try:
            outcomes = handle(ready)
        except Exception:
            log.exception("ingest of %d file(s) failed; will try again", len(ready))
            for path in ready:
                retries.failed(path)
            continue
        for outcome in outcomes:
            path = Path(outcome.source)
            if outcome.status == "retry":
                delay = retries.failed(path)
                log.warning("%s: %s; next try in %.0f s", path.name, outcome.message, delay)
            else:
                retries.succeeded(path)
                tracker.forget(path)
