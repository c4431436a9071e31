"""Work spread over processes, results in input order, memory bounded.

`ordered_map` keeps only a window of jobs in flight (never the whole input, as
`Pool.imap` and `Executor.map` would), so a dump of thousands of pages is parsed with
the memory of a few. Workers ignore SIGINT: Ctrl-C reaches the parent, which stops them
(`interrupts_stop_work` turns SIGTERM into the same clean stop) instead of every worker
printing a traceback.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Jobs in flight per worker: enough to keep every worker busy while the parent writes.
WINDOW_PER_WORKER = 4

OrderedMap = Callable[[Callable[[T], R], Iterable[T]], Iterator[R]]


class Interrupted(Exception):
    """Ctrl-C or SIGTERM during the work (`signal_number` says which)."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal.Signals(signal_number).name)
        self.signal_number = signal_number


def _quiet_worker() -> None:
    # Ctrl-C goes to the whole process group: the parent alone decides what to do.
    # SIGTERM (from the parent's `terminate`) ends a worker at once, without a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def serial_map(work: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    return map(work, items)


def _bounded(pool: multiprocessing.pool.Pool, window: int) -> Callable[[Callable[[T], R], Iterable[T]], Iterator[R]]:
    def run(work: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        pending: deque[multiprocessing.pool.AsyncResult[R]] = deque()
        for item in items:
            pending.append(pool.apply_async(work, (item,)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    return run



def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def worker_pool(workers: int) -> Iterator[Callable[[Callable[[T], R], Iterable[T]], Iterator[R]]]:
    """An ordered map over `workers` processes (in this process when workers <= 1).

    The processes are forked, so they inherit the imported parser; open no SQLite
    connection before entering (a connection must not cross a fork).
    """
    if workers <= 1:
        yield serial_map
        return
    pool = multiprocessing.get_context("fork").Pool(processes=workers, initializer=_quiet_worker)
    try:
        yield _bounded(pool, workers * WINDOW_PER_WORKER)
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


@contextmanager
def interrupts_stop_work() -> Iterator[None]:
    """Within: SIGINT and SIGTERM raise `Interrupted` in this (the main) thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(number: int, frame: FrameType | None) -> None:
        raise Interrupted(number)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
