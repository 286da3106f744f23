"""The worker processes that do the CPU-heavy work of ingest, one per core.

Reading a page (decoding, rendering, preprocessing, tesseract), extraction (spaCy) and building
the searchable copy run here, never in the parent, which only checks, stores and commits. The
workers are forked from a server process that has already imported the page readers and loaded
the language model (`multiprocessing`'s forkserver with preloading), so that start-up is paid once
per service, not once per file or per worker. With one worker everything runs inline.

A worker that dies (a crash in a native library) is translated here, at this boundary, into
`WorkerCrashed`; the pool is restarted for the next job.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from base.errors import WorkerCrashed
from base.runtime import configure_process

if TYPE_CHECKING:
    from base.settings import LimitSettings

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

#: Modules the forkserver imports once, so that each worker starts with them loaded.
PRELOAD = ["pipelines.warm"]


def _start_worker(limits: LimitSettings) -> None:
    configure_process(limits)


class Workers:
    """A pool of `n` worker processes (inline when n <= 1), restarted after a crash."""

    def __init__(self, n: int, limits: LimitSettings) -> None:
        self.n = max(1, n)
        self.limits = limits
        self._pool: ProcessPoolExecutor | None = None
        self._guard = threading.Lock()
        self._inline = threading.Lock()  # one inline job at a time: one core's worth of work
        configure_process(limits)

    def _executor(self) -> ProcessPoolExecutor:
        with self._guard:
            if self._pool is None:
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(PRELOAD)
                self._pool = ProcessPoolExecutor(max_workers=self.n, mp_context=ctx,
                                                 initializer=_start_worker,
                                                 initargs=(self.limits,))
                log.debug("started %d worker processes", self.n)
            return self._pool

    def submit(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """Start `fn(*args)` in a worker (or run it now, inline); the future of its result."""
        if self.n <= 1:
            done: Future[R] = Future()
            try:
                with self._inline:
                    done.set_result(fn(*args, **kwargs))
            except Exception as e:  # noqa: BLE001 - handed to the caller through the future
                done.set_exception(e)
            return done
        return self._executor().submit(fn, *args, **kwargs)

    def result(self, future: Future[R], what: str) -> R:
        """The result of a submitted job; a dead worker becomes `WorkerCrashed`."""
        try:
            return future.result()
        except BrokenProcessPool as e:
            self._restart()
            raise WorkerCrashed(f"a worker process crashed while {what}") from e

    def run(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """`fn(*args)` in a worker, waiting for its result."""
        return self.result(self.submit(fn, *args, **kwargs), getattr(fn, "__name__", "working"))

    def _restart(self) -> None:
        with self._guard:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def close(self) -> None:
        """Stop the worker processes."""
        with self._guard:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None


_shared: dict[tuple[int, int], Workers] = {}
_shared_guard = threading.Lock()


def shared_workers(n: int, limits: LimitSettings) -> Workers:
    """This process's pool of `n` workers, shared by every ingest in the process (the service)."""
    key = (n, limits.max_page_pixels)
    with _shared_guard:
        workers = _shared.get(key)
        if workers is None:
            workers = _shared[key] = Workers(n, limits)
        return workers


def close_shared_workers() -> None:
    """Stop every shared pool (service shutdown, tests)."""
    with _shared_guard:
        for workers in _shared.values():
            workers.close()
        _shared.clear()
