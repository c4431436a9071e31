"""Runs over collections beyond one machine, on Dask distributed (extra `banmian[dask]`).

Two kinds of run share one cluster set-up:

- `parse ... --format parquet --executor dask`: each task (a few dozen inputs) is parsed
  and written by a worker straight into the dataset (`banmian.export.dataset`), so the
  output never funnels through one machine; workers need the dataset's location (a
  shared file system, or an fsspec URL such as s3://) and the inputs' locations.
- `ingest ... --executor dask`: workers parse, and this process, the one writer,
  stores the pages in the SQLite archive (`banmian.archive.ingest`).

Without `--scheduler` a `distributed.LocalCluster` is started, one single-threaded
worker process per core (parsing holds the GIL, so threads would not add speed). Tasks
are kept a few per worker in flight rather than all submitted at once, so the
scheduler's and this process's memory does not grow with the collection. A worker lost
mid-run costs only the tasks it held: the scheduler runs them again elsewhere, and a
task that ran twice writes the same files (see `banmian.export.dataset`). A task whose
workers keep dying (an input that crashes the process) is recorded as failed for its
inputs after Dask's `allowed-failures`, and the run goes on.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from banmian.errors import InputError
from banmian.export.dataset import BatchReport, BatchTask, InputOutcome, TaskRunner, run_batch
from banmian.extras import require
from banmian.workers import OrderedMap, usable_cores

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
R = TypeVar("R")

# Tasks in flight per worker thread: one running, the next ones already sent.
IN_FLIGHT_PER_THREAD = 3
# Paths per ingest task (each file is parsed and its pages travel back to the writer).
INGEST_FILES_PER_TASK = 16


@dataclass(frozen=True)
class ClusterInfo:
    """What the user is told about the cluster a run uses."""

    scheduler: str
    workers: int
    threads: int
    dashboard: str | None
    local: bool


def _distributed() -> Any:
    return require("distributed", "dask")


def dashboard_link(client: Client) -> str | None:
    """The dashboard's address, or None when it cannot be served (bokeh missing)."""
    if importlib.util.find_spec("bokeh") is None:
        return None
    try:
        link = client.dashboard_link
    except Exception:  # no dashboard configured
        return None
    return str(link) if link else None


# For the clusters banmian starts itself: fewer wake-ups of each worker's event loop,
# which on a small machine take the GIL (and a core) from the parsing thread. Measured
# on 2,000 pages (docs/scale.md): the workers' event loops used 0.95 s each during the
# run with Dask's defaults, 0.37 s with these; the task threads 15% less CPU.
LOCAL_CLUSTER_CONFIG: dict[str, object] = {
    "distributed.worker.profile.enabled": False,  # the statistical profiler samples every 10 ms
    "distributed.admin.tick.interval": "1s",  # event-loop health check, 20 ms by default
    "distributed.admin.system-monitor.interval": "2s",  # 500 ms by default
    "distributed.worker.memory.monitor-interval": "500ms",  # 100 ms by default
}


def start_local_cluster(workers: int | None = None) -> Any:
    """A LocalCluster of single-threaded worker processes, one per core unless `workers`."""
    distributed = _distributed()
    import dask

    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        return distributed.LocalCluster(
            n_workers=workers or usable_cores(),
            threads_per_worker=1,
            processes=True,
            silence_logs=logging.ERROR,
            dashboard_address=":0" if importlib.util.find_spec("bokeh") else None,
        )


@contextmanager
def dask_client(scheduler: str | None = None, *, workers: int | None = None) -> Iterator[tuple[Client, ClusterInfo]]:
    """A client of the scheduler at `scheduler`, or of a LocalCluster sized to this machine."""
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        cluster = None
    else:
        cluster = start_local_cluster(workers)
        client = distributed.Client(cluster)
    try:
        info = client.scheduler_info()
        found = info.get("workers", {})
        threads = sum(int(w.get("nthreads", 1)) for w in found.values())
        yield client, ClusterInfo(
            scheduler=str(client.scheduler.address),
            workers=len(found),
            threads=threads,
            dashboard=dashboard_link(client),
            local=cluster is not None,
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _total_threads(client: Client) -> int:
    found = client.scheduler_info().get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in found.values()))


def map_unordered(
    client: Client,
    work: Callable[[T], R],
    items: Iterable[T],
    *,
    key: Callable[[T], str],
    failed: Callable[[T, BaseException], R],
    in_flight: int | None = None,
) -> Iterator[R]:
    """`work` over `items` on the cluster, results as they finish, a bounded number in flight.

    A task that raises, or whose workers died too often (distributed's KilledWorker),
    yields `failed(item, error)` instead of stopping the run.
    """
    distributed = _distributed()
    limit = in_flight or IN_FLIGHT_PER_THREAD * _total_threads(client)
    pending = iter(items)
    item_of: dict[str, T] = {}
    finished = distributed.as_completed()

    def submit(batch: Iterable[T]) -> None:
        for item in batch:
            name = key(item)
            item_of[name] = item
            # pure=False: a rerun of the same inputs is new work, not a cached result.
            finished.add(client.submit(work, item, key=name, pure=False, retries=1))

    submit(islice(pending, limit))
    for future in finished:
        item = item_of.pop(future.key)
        try:
            result = future.result()
        except Exception as exc:
            result = failed(item, exc)
        future.release()
        yield result
        submit(islice(pending, 1))


def _failed_batch(task: BatchTask, exc: BaseException) -> BatchReport:
    reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return BatchReport(task.key, [InputOutcome(ref.url, "", "failed", f"worker failed: {reason}") for ref in task.inputs])


def dask_runner(client: Client, *, in_flight: int | None = None) -> TaskRunner:
    """Run dataset tasks on the cluster behind `client`."""

    def run(tasks: list[BatchTask]) -> Iterator[BatchReport]:
        yield from map_unordered(
            client, run_batch, tasks, key=lambda t: f"banmian-batch-{t.key}", failed=_failed_batch, in_flight=in_flight
        )

    return run


# --- ingest: workers parse, this process writes ---------------------------------------


@contextmanager
def dask_ingest_parser(client: Client, *, in_flight: int | None = None) -> Iterator[OrderedMap[Any, Any]]:
    """The `parser` hook of `banmian.archive.ingest.ingest_paths`: pages parsed on the cluster.

    Ingest streams items in file order (a file's start, its pages' work, its end) and its
    one writer needs the results in that order: this map keeps a bounded window of page
    work on the cluster and yields in input order; the other items pass through here.
    A page whose task failed (its workers died) comes back as that file's error.
    """
    from banmian.archive.ingest import PagesDone, PageWork

    limit = in_flight or IN_FLIGHT_PER_THREAD * _total_threads(client)
    run = f"{os.getpid()}-{id(client):x}"
    counter = iter(range(1 << 62))

    def ordered(work: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        pending: deque[tuple[Any, Any]] = deque()  # (item, future) or (result, None)
        running = 0

        def settle() -> Any:
            nonlocal running
            item, future = pending.popleft()
            if future is None:
                return item
            running -= 1
            try:
                result = future.result()
            except Exception as exc:
                reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
                result = PagesDone(item.path, error=f"worker failed: {reason}")
            future.release()
            return result

        for item in items:
            if isinstance(item, PageWork):
                key = f"banmian-ingest-{run}-{next(counter)}"
                pending.append((item, client.submit(work, item, key=key, pure=False, retries=1)))
                running += 1
            else:
                pending.append((work(item), None))
            while running >= limit or (pending and pending[0][1] is None):
                yield settle()
        while pending:
            yield settle()

    yield ordered
