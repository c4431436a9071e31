"""Scale benchmark (issue 3): throughput on 10,000 generated pages, cost growth with page length,
and the speed-up of `banmian parse DIR --jobs 2`.

Run: `.venv/bin/python benchmarks/bench_scale.py` (or `make bench`).
BANMIAN_BENCH_QUICK=1 shrinks every size for a quick check.
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


def main() -> int:
    print(f"bench_scale{' (quick)' if QUICK else ''}")
    throughput()
    growth()
    parallel()
    return 0


if __name__ == "__main__":
    sys.exit(main())
