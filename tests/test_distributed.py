"""Runs on Dask distributed: a LocalCluster of two workers, shared by the tests of this file."""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from banmian.cli import app
from banmian.export.dataset import DatasetReport, local_runner, write_dataset
from banmian.inputs.sources import resolve_inputs
from test_dataset import table_rows, write_inputs

distributed = pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

runner = CliRunner()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
    ) as local, distributed.Client(local) as client:
        yield local, client



def test_dask_run_writes_the_rows_a_local_run_writes(tmp_path: Path, cluster: Any) -> None:
    from banmian.distributed import dask_runner

    _, client = cluster
    write_inputs(tmp_path / "in", 10)
    refs = resolve_inputs([str(tmp_path / "in")])
    local = write_dataset(refs, str(tmp_path / "local"), local_runner(1), batch_files=3)
    remote = write_dataset(refs, str(tmp_path / "dask"), dask_runner(client), batch_files=3)
    assert (remote.written, remote.pages, remote.articles, remote.blocks) == (
        local.written, local.pages, local.articles, local.blocks
    )
    for table in ("pages", "articles", "blocks"):
        assert table_rows(tmp_path / "dask", table) == table_rows(tmp_path / "local", table)


def test_a_killed_worker_costs_only_its_tasks(tmp_path: Path, cluster: Any) -> None:
    """SIGKILL one worker mid-run: the run completes and every page is in the dataset once."""
    from banmian.distributed import dask_runner

    _, client = cluster
    client.wait_for_workers(2)
    write_inputs(tmp_path / "in", 40)
    refs = resolve_inputs([str(tmp_path / "in")])
    pids_before = set(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_one_worker(report: DatasetReport, tasks: int) -> None:
        if report.tasks == 3 and not killed:
            pid = sorted(pids_before)[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    report = write_dataset(refs, str(tmp_path / "ds"), dask_runner(client), batch_files=2, progress=kill_one_worker)
    assert killed, "the run ended before a worker could be killed"
    assert report.tasks >= 20 and report.written == 40 and not report.failed
    pages = table_rows(tmp_path / "ds", "pages")
    assert len(pages) == 40
    assert sorted(r["source_path"] for r in pages) == sorted(r.url for r in refs)
    articles = table_rows(tmp_path / "ds", "articles")
    assert len(articles) == len({r["article_id"] for r in articles}) == report.articles
    blocks = table_rows(tmp_path / "ds", "blocks")
    assert len(blocks) == len({(r["article_id"], r["seq"]) for r in blocks}) == report.blocks
    # the nanny started a new worker in place of the killed one
    client.wait_for_workers(2, timeout=60)
    assert killed[0] not in set(client.run(os.getpid).values())


def test_bad_input_in_a_dask_run_is_recorded_and_the_run_goes_on(tmp_path: Path, cluster: Any) -> None:
    from banmian.distributed import dask_runner

    _, client = cluster
    write_inputs(tmp_path / "in", 4)
    (tmp_path / "in" / "nul.txt").write_bytes(b"\x00" * 64)
    (tmp_path / "in" / "bad.txt").write_bytes("标题\n".encode() + b"\xff\xfe\xfd" * 50)
    refs = resolve_inputs([str(tmp_path / "in")])
    report = write_dataset(refs, str(tmp_path / "ds"), dask_runner(client), batch_files=2)
    assert report.written == 4
    assert sorted(Path(f.path).name for f in report.failed) == ["bad.txt", "nul.txt"]
    assert len(table_rows(tmp_path / "ds", "pages")) == 4


def test_cli_parse_and_ingest_on_a_scheduler(tmp_path: Path, cluster: Any) -> None:
    local, _ = cluster
    write_inputs(tmp_path / "in", 6)
    (tmp_path / "in" / "nul.txt").write_bytes(b"\x00" * 64)
    address = local.scheduler_address
    result = runner.invoke(
        app,
        ["parse", str(tmp_path / "in"), "--format", "parquet", "-o", str(tmp_path / "ds"),
         "--executor", "dask", "--scheduler", address],
    )
    assert result.exit_code == 1, result.output  # one input failed: reported, not fatal
    assert f"dask scheduler {address}" in result.output and "dashboard:" in result.output
    assert "6 written" in result.output and "1 failed" in result.output and "nul.txt" in result.output
    db = tmp_path / "a.sqlite"
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--executor", "dask", "--scheduler", address]
    )
    assert result.exit_code == 1, result.output
    assert "6 parsed" in result.output and "1 failed" in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 6
        assert conn.execute("SELECT count(*) FROM files WHERE status = 'error'").fetchone()[0] == 1
    result = runner.invoke(app, ["parse", str(tmp_path / "in"), "--format", "parquet", "-o", str(tmp_path / "d2"),
                                 "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "cannot reach the Dask scheduler" in result.output


def test_without_a_scheduler_a_local_cluster_is_started_and_its_dashboard_named() -> None:
    from banmian.distributed import dask_client

    with dask_client(None, workers=1) as (client, info):
        assert info.local and info.workers == 1 and info.threads == 1
        assert info.scheduler.startswith("tcp://127.0.0.1:") or info.scheduler.startswith("tcp://")
        if info.dashboard is not None:  # served when bokeh is installed (the dask extra brings it)
            assert info.dashboard.startswith("http://") and info.dashboard.endswith("/status")
        assert client.submit(sum, [1, 2], pure=False).result() == 3
