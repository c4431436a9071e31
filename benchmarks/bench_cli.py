"""The whole command: `banmian parse DIR --format jsonl` on 1,000 sample-like pages.

Wall time of the command as a user runs it (start-up, reading, decoding, detection,
parsing, JSON output), with the default options, on pages like the sample (its
variations from bench_parse: rotated, re-numbered, some with CRLF). Each size runs
several times; the best and the median are printed, with the CPU time the command and
its worker processes used (a busy machine moves wall time, CPU time less). Target: at
least 250 pages/s for 1,000 pages (issue 12).

Run: `.venv/bin/python benchmarks/bench_cli.py [--pages 1000] [--rounds 5] [-- EXTRA OPTIONS]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_parse import SAMPLE, variations

TARGET_PAGES_PER_SECOND = 250


def banmian_command() -> str:
    beside = Path(sys.executable).parent / "banmian"
    return str(beside) if beside.exists() else (shutil.which("banmian") or "banmian")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children)."""
    cpu = children_cpu()
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started, children_cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("extra", nargs="*", help="more options for banmian parse, after --")
    args = parser.parse_args()

    import banmian

    folder = Path(tempfile.mkdtemp(prefix="banmian-cli-"))
    try:
        for index, text in enumerate(variations(SAMPLE.read_text(encoding="utf-8"), args.pages)):
            (folder / f"page-{index:05d}.txt").write_bytes(text.encode("utf-8"))
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        tool = banmian_command()
        build = "compiled pipeline" if banmian.COMPILED else "pure Python"
        print(f"bench_cli: {args.pages} pages ({size:.1f} MB) in a folder; {build}; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f}")
        start_up = [timed([tool, "--version"]) for _ in range(args.rounds)]
        print(f"  start-up (banmian --version): best {min(w for w, _ in start_up):.2f} s wall")
        command = [tool, "parse", str(folder), "--format", "jsonl", "-o", os.devnull, *args.extra]
        runs = [timed(command) for _ in range(args.rounds)]
        walls = [w for w, _ in runs]
        best, median = min(walls), statistics.median(walls)
        cpu = min(c for _, c in runs)
        print(f"  {' '.join(['banmian', *command[1:]])}")
        print(f"  wall: best {best:.2f} s ({args.pages / best:.0f} pages/s), median {median:.2f} s "
              f"({args.pages / median:.0f} pages/s); CPU (all processes) best {cpu:.2f} s "
              f"({cpu / args.pages * 1000:.2f} ms/page)")
        verdict = "met" if args.pages / best >= TARGET_PAGES_PER_SECOND else "NOT met"
        print(f"  target >= {TARGET_PAGES_PER_SECOND} pages/s (best round): {verdict}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
