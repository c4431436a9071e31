"""Parsing speed: pages per second and peak memory, one process, pages like the sample.

The pages: the sample page itself (about 10,000 characters) and variations of it that
a parser cannot cache: its articles rotated, lines re-wrapped, CRLF line ends, digits
changed. The time is split into rounds: the figure is their median (the best round is
printed too), which a busy machine moves less than one long run.

`make bench` runs it on the compiled build (docs/speed.md), which the target is for, and
then on the sources. Run: `.venv/bin/python benchmarks/bench_parse.py [--seconds S]` (the installed
build; `PYTHONPATH=src` for the sources).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import banmian
from banmian import parse_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "xinhua-liaocheng-p2.txt"
TARGET_PAGES_PER_SECOND = 300
ROUNDS = 5


def variations(text: str, count: int, seed: int = 2) -> list[str]:
    """Pages of the sample's size and texture, each different from the others."""
    rng = random.Random(seed)
    lines = text.split("\n")
    pages = [text]
    while len(pages) < count:
        cut = rng.randrange(len(lines))
        rotated = lines[cut:] + lines[:cut]
        shift = rng.randrange(1, 9)
        page = "\n".join(rotated)
        page = page.translate(str.maketrans("0123456789", "".join(str((d + shift) % 10) for d in range(10))))
        if rng.random() < 0.3:
            page = page.replace("\n", "\r\n")
        pages.append(page)
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="measure for about this long")
    args = parser.parse_args()

    pages = variations(SAMPLE.read_text(encoding="utf-8"), 20)
    chars = sum(len(p) for p in pages) / len(pages)
    for page in pages[:3]:  # warm-up: imports, compiled regexes
        parse_text(page)

    rates = []
    cpu_per_page = []
    for _ in range(ROUNDS):
        parsed = 0
        started, cpu_started = time.perf_counter(), time.process_time()
        while time.perf_counter() - started < args.seconds / ROUNDS:
            for page in pages:
                parse_text(page)
            parsed += len(pages)
        rates.append(parsed / (time.perf_counter() - started))
        cpu_per_page.append((time.process_time() - cpu_started) / parsed)
    rate = statistics.median(rates)

    tracemalloc.start()
    for page in pages:
        parse_text(page)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # ru_maxrss is in KiB on Linux.
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    build = "compiled pipeline (mypyc)" if banmian.COMPILED else "pure Python (the sources)"
    print(f"build: {build}; {len(pages)} pages of {chars:,.0f} characters on average, {ROUNDS} rounds")
    print(
        f"speed: {rate:,.0f} pages/s, median of the rounds ({rate * chars / 1e6:.2f} M characters/s; "
        f"best round {max(rates):,.0f} pages/s; {min(cpu_per_page) * 1000:.2f} ms CPU per page at best), "
        f"target {TARGET_PAGES_PER_SECOND}"
    )
    print(f"peak memory: {traced_peak / 1024 / 1024:.1f} MiB traced Python allocation while parsing a page; "
          f"process peak RSS {peak_rss:.0f} MiB")
    if not banmian.COMPILED:
        print("(the target is set for the compiled build: `make bench` measures it first)")
    elif rate < TARGET_PAGES_PER_SECOND:
        print(f"BELOW TARGET: {rate:,.0f} < {TARGET_PAGES_PER_SECOND} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
