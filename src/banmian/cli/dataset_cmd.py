"""`banmian parse ... --format parquet`: the shell over banmian.export.dataset and banmian.distributed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from banmian.errors import InputError
from banmian.export.dataset import DEFAULT_BATCH_FILES, DatasetReport, TaskRunner, local_runner, write_dataset
from banmian.inputs.sources import resolve_inputs
from banmian.workers import OrderedMap

if TYPE_CHECKING:
    from banmian.distributed import ClusterInfo

EXECUTORS = ("local", "dask")


def check_executor(executor: str, scheduler: str | None) -> None:
    if executor not in EXECUTORS:
        raise InputError(f"unknown executor {executor!r}; expected one of {', '.join(EXECUTORS)}")
    if scheduler and executor != "dask":
        raise InputError("--scheduler needs --executor dask")


@contextmanager
def task_runner(
    executor: str, scheduler: str | None, jobs: int, workers: int | None, console: Console
) -> Iterator[TaskRunner]:
    """Where tasks run: this machine's process pool, or a Dask cluster (its dashboard printed)."""
    if executor == "local":
        yield local_runner(jobs)
        return
    from banmian.distributed import dask_client, dask_runner

    with dask_client(scheduler, workers=workers) as (client, info):
        _print_cluster(console, info)
        yield dask_runner(client)


def _print_cluster(console: Console, info: ClusterInfo) -> None:
    kind = "local cluster" if info.local else "scheduler"
    dashboard = info.dashboard or "not served (install bokeh)"
    console.print(
        f"dask {kind} {info.scheduler}: {info.workers} workers, {info.threads} threads; dashboard: {dashboard}",
        highlight=False,
        soft_wrap=True,
    )


@contextmanager
def ingest_parser(
    executor: str, scheduler: str | None, workers: int | None, console: Console
) -> Iterator[AbstractContextManager[OrderedMap[Any, Any]] | None]:
    """For `ingest`: None (local processes) or the Dask cluster's parser hook."""
    if executor == "local":
        yield None
        return
    from banmian.distributed import dask_client, dask_ingest_parser

    with dask_client(scheduler, workers=workers) as (client, info):
        _print_cluster(console, info)
        yield dask_ingest_parser(client)


def _bar(console: Console) -> Progress:
    return Progress(
        TextColumn("parsing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("tasks  {task.fields[pages]} pages"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
    )


def parse_to_dataset(
    specs: list[str],
    out: str | None,
    *,
    manifests: list[str],
    executor: str,
    scheduler: str | None,
    jobs: int,
    workers: int | None,
    batch_files: int | None,
    paper: str | None,
    date: str | None,
    encoding: str | None,
    conventions: str | None = None,
) -> DatasetReport:
    """Parse every input into the Parquet dataset `out`; print a summary and the failures."""
    if out is None:
        raise InputError("--format parquet writes a dataset directory: give it with -o DIR")
    check_executor(executor, scheduler)
    if date is not None:
        from banmian.archive.ingest import parse_iso_date

        date = parse_iso_date(date)
    refs = resolve_inputs(specs, manifests)
    console = Console(stderr=True)
    with task_runner(executor, scheduler, jobs, workers, console) as runner, _bar(console) as bar:
        task = bar.add_task("parse", total=None, pages=0)

        def on_progress(report: DatasetReport, tasks: int) -> None:
            bar.update(task, total=tasks, completed=report.tasks, pages=report.pages)

        report = write_dataset(
            refs,
            out,
            runner,
            batch_files=batch_files or DEFAULT_BATCH_FILES,
            paper=paper,
            date=date,
            encoding=encoding,
            conventions=conventions,
            progress=on_progress,
        )
    per_page = report.bytes_written / report.pages if report.pages else 0
    console.print(
        f"{report.inputs} inputs: {report.written} written, {report.unchanged} unchanged, "
        f"{len(report.failed)} failed, {report.replaced} replaced; {report.pages} pages, "
        f"{report.articles} articles, {report.blocks} blocks, {report.bytes_written / 1e6:.1f} MB "
        f"({per_page:,.0f} bytes/page); {report.elapsed_s:.1f} s ({report.pages_per_s:.0f} pages/s) -> {out}",
        highlight=False,
        soft_wrap=True,
    )
    for failure in report.failed:
        where = "" if failure.error and failure.error.startswith(failure.path) else f"{failure.path}: "
        console.print(f"failed: {where}{failure.error}", style="red", highlight=False, soft_wrap=True)
    sys.stderr.flush()
    return report
