"""Scale benchmark (issues 3 and 12): throughput on 10,000 generated pages, cost growth with page
length, the speed-up of `banmian parse DIR --jobs 2`, and with `--executor dask` the Parquet
dataset written by a Dask LocalCluster of 2 workers against the same run with `--jobs 2`.

Run: `.venv/bin/python benchmarks/bench_scale.py` (or `make bench`);
`.venv/bin/python benchmarks/bench_scale.py --executor dask [--pages 10000]` for the Dask run
(docs/scale.md). BANMIAN_BENCH_QUICK=1 shrinks every size for a quick check.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from banmian import parse_text
from banmian.synth import generate_page, generate_pages

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "xinhua-liaocheng-p2.txt"
QUICK = os.environ.get("BANMIAN_BENCH_QUICK") == "1"

THROUGHPUT_PAGES = 500 if QUICK else 10_000
GROWTH_FACTORS = (1, 4, 16) if QUICK else (1, 4, 16, 64)
PARALLEL_PAGES = 120 if QUICK else 600
# per-character cost is timed over at least this much parsing per size, so small pages repeat
GROWTH_MIN_SECONDS = 0.5 if QUICK else 2.0
SEED = 3


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def throughput() -> None:
    pages = [p.text for p in generate_pages(THROUGHPUT_PAGES, SEED)]
    chars = sum(len(t) for t in pages)
    megabytes = sum(len(t.encode("utf-8")) for t in pages) / 1e6
    parse_text(pages[0])  # warm-up: imports, compiled patterns
    start = time.perf_counter()
    for text in pages:
        parse_text(text)
    seconds = time.perf_counter() - start
    print(f"throughput: {len(pages)} pages, {chars:,} chars, {megabytes:.1f} MB (UTF-8), profiles mixed")
    print(f"  {len(pages) / seconds:,.0f} pages/s  {megabytes / seconds:.2f} MB/s  ({seconds:.1f} s)")
    print(f"  peak RSS {peak_rss_mib():.0f} MiB")


def _time_per_char(text: str) -> float:
    """Seconds per character: best of several rounds, each parsing the text enough times."""
    rounds: list[float] = []
    deadline = time.perf_counter() + GROWTH_MIN_SECONDS
    while len(rounds) < 3 or time.perf_counter() < deadline:
        start = time.perf_counter()
        parse_text(text)
        rounds.append(time.perf_counter() - start)
    return min(rounds) / len(text)


def growth() -> None:
    unit = len(SAMPLE.read_text(encoding="utf-8")) if SAMPLE.exists() else 8000
    print(f"growth: pages of k x the sample's length ({unit:,} chars), profile pdf-text-layer")
    costs: dict[int, float] = {}
    parse_text(generate_page(SEED, "pdf-text-layer").text)
    for factor in GROWTH_FACTORS:
        page = generate_page(SEED, "pdf-text-layer", target_chars=unit * factor)
        costs[factor] = _time_per_char(page.text)
        print(
            f"  {factor:>3}x  {len(page.text):>9,} chars  {len(page.gold['articles']):>4} articles"
            f"  {costs[factor] * 1e6:8.2f} us/char  {costs[factor] * len(page.text):8.3f} s/page"
        )
    last = GROWTH_FACTORS[-1]
    ratio = costs[last] / costs[1]
    verdict = "linear" if ratio <= 1.5 else "SUPERLINEAR"
    print(f"  per-char cost {last}x / 1x = {ratio:.2f}  (target <= 1.5: {verdict})")


def _banmian() -> str:
    beside = Path(sys.executable).parent / "banmian"
    return str(beside) if beside.exists() else (shutil.which("banmian") or "banmian")


def _cli_has_jobs() -> bool:
    help_text = subprocess.run([_banmian(), "parse", "--help"], capture_output=True, text=True, check=False)
    return "--jobs" in help_text.stdout


def _timed(run: Callable[[int], None], jobs: int) -> float:
    start = time.perf_counter()
    run(jobs)
    return time.perf_counter() - start


def _pool_parse(files: list[Path], jobs: int) -> None:
    """The library alone, in `jobs` processes: what the CLI's --jobs could reach at best."""
    import multiprocessing

    from banmian.api import parse_file

    if jobs == 1:
        for file in files:
            parse_file(file)
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        # results stay in the workers (a count comes back), so only parsing is measured
        pool.map(_parse_count, files, chunksize=16)


def _parse_count(path: Path) -> int:
    from banmian.api import parse_file

    return len(parse_file(path))


def parallel() -> None:
    folder = Path(tempfile.mkdtemp(prefix="banmian-bench-"))
    try:
        # raw pages only: the folder is what a user would hand to `banmian parse`
        for page in generate_pages(PARALLEL_PAGES, SEED):
            (folder / f"{page.name}.txt").write_text(page.text, encoding="utf-8")
        files = sorted(folder.glob("*.txt"))
        size = sum(p.stat().st_size for p in files) / 1e6
        print(f"parallel: {PARALLEL_PAGES} pages ({size:.1f} MB) in a folder, {os.cpu_count()} cores")
        print(f"  (load average before: {os.getloadavg()[0]:.1f}; other work on the machine skews this)")
        runs: list[tuple[str, Callable[[int], None]]] = [
            ("library, process pool", lambda j: _pool_parse(files, j))
        ]
        if _cli_has_jobs():

            def cli(jobs: int) -> None:
                command = [
                    _banmian(),
                    "parse",
                    str(folder),
                    "--jobs",
                    str(jobs),
                    "-f",
                    "jsonl",
                    "-o",
                    os.devnull,
                ]
                subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

            runs.insert(0, ("banmian parse DIR --jobs N", cli))
        else:
            print("  `banmian parse` has no --jobs option yet")
        for label, run in runs:
            one = min(_timed(run, 1) for _ in range(2))
            two = min(_timed(run, 2) for _ in range(2))
            print(f"  {label}: 1 job {one:.2f} s  2 jobs {two:.2f} s  speed-up {one / two:.2f}x")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _dataset_bytes(root: Path) -> int:
    return sum(p.stat().st_size for table in ("pages", "articles", "blocks") for p in (root / table).rglob("*.parquet"))


def _rows(root: Path, table: str) -> list[dict[str, object]]:
    import pyarrow.parquet as pq

    rows = pq.read_table(root / table).to_pylist()
    return sorted(rows, key=lambda r: (str(r.get("page_id")), str(r.get("article_id")), str(r.get("seq"))))


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def dask_dataset(pages: int, workers: int = 2, rounds: int = 2) -> None:
    """The same inputs to a Parquet dataset: --jobs 2 locally, then a LocalCluster of 2 workers."""
    from distributed import Client

    from banmian.distributed import dask_runner, start_local_cluster
    from banmian.export.dataset import local_runner, write_dataset
    from banmian.inputs.sources import resolve_inputs

    folder = Path(tempfile.mkdtemp(prefix="banmian-bench-dask-"))
    try:
        inputs = folder / "in"
        inputs.mkdir()
        for index, page in enumerate(generate_pages(pages, SEED)):
            (inputs / f"paper-19{50 + index % 40}-0{1 + index % 9}-1{index % 10}-p{1 + index % 8}-{index}.txt").write_text(
                page.text, encoding="utf-8"
            )
        refs = resolve_inputs([str(inputs)])
        size = sum(p.stat().st_size for p in inputs.iterdir()) / 1e6
        print(f"dask: {pages} generated pages ({size:.1f} MB) -> Parquet dataset; {os.cpu_count()} cores; "
              f"load average before {os.getloadavg()[0]:.1f}")
        # Rounds alternate (local, dask, local, dask, ...) so that the load of a shared
        # machine hits both alike; the best round of each is compared.
        local_runs: list[tuple[float, float]] = []
        dask_runs: list[float] = []
        cluster_started = time.perf_counter()
        # the cluster `banmian parse --executor dask` starts (banmian.distributed)
        with start_local_cluster(workers) as cluster, Client(cluster) as client:
            client.wait_for_workers(workers)
            up_s = time.perf_counter() - cluster_started
            for round_number in range(rounds):
                started, cpu = time.perf_counter(), _cpu_seconds()
                local = write_dataset(refs, str(folder / f"local{round_number}"), local_runner(workers), paper="bench")
                local_runs.append((time.perf_counter() - started, _cpu_seconds() - cpu))
                started = time.perf_counter()
                remote = write_dataset(refs, str(folder / f"dask{round_number}"), dask_runner(client), paper="bench")
                dask_runs.append(time.perf_counter() - started)
                print(f"  round {round_number + 1}: local --jobs {workers} {local.pages / local_runs[-1][0]:.0f} pages/s, "
                      f"dask {remote.pages / dask_runs[-1]:.0f} pages/s", flush=True)
            worker_cpu = sum(client.run(_own_cpu_seconds).values())
        local_s, local_cpu = min(local_runs)
        dask_s = min(dask_runs)
        ratio = local_s / dask_s
        print(f"  local --jobs {workers}: best {local_s:.1f} s = {pages / local_s:.0f} pages/s; "
              f"CPU {local_cpu / pages * 1000:.2f} ms/page (all processes)")
        print(f"  dask LocalCluster({workers} workers x 1 thread): best {dask_s:.1f} s = {pages / dask_s:.0f} pages/s "
              f"(cluster start-up {up_s:.1f} s more); workers' CPU {worker_cpu / (pages * rounds) * 1000:.2f} ms/page "
              f"(their start-up included)")
        print(f"  dask / local throughput: {ratio:.2f}  (target >= 0.80: {'met' if ratio >= 0.8 else 'NOT met'})")
        folder_local, folder_dask = folder / "local0", folder / "dask0"
        same = all(_rows(folder_local, t) == _rows(folder_dask, t) for t in ("pages", "articles", "blocks"))
        print(f"  rows identical to the local run (pages, articles, blocks): {same}")
        total = _dataset_bytes(folder_dask)
        for table in ("pages", "articles", "blocks"):
            part = sum(p.stat().st_size for p in (folder_dask / table).rglob("*.parquet"))
            print(f"  {table}: {part / pages:,.0f} bytes/page")
        print(f"  Parquet: {total / 1e6:.1f} MB, {total / pages:,.0f} bytes/page "
              f"(input {size * 1e6 / pages:,.0f} bytes/page); {remote.articles / pages:.1f} articles/page")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--executor", choices=("none", "dask"), default="none",
                        help="dask: the Parquet dataset on a Dask LocalCluster against --jobs 2")
    parser.add_argument("--pages", type=int, default=500 if QUICK else 10_000, help="pages for --executor dask")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of each, for --executor dask")
    args = parser.parse_args()
    print(f"bench_scale{' (quick)' if QUICK else ''}")
    if args.executor == "dask":
        dask_dataset(args.pages, rounds=args.rounds)
        return 0
    throughput()
    growth()
    parallel()
    return 0


if __name__ == "__main__":
    sys.exit(main())
