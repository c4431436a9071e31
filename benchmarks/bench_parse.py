"""Parsing speed: pages per second and peak memory, one process, pages like the sample.

The pages: the sample page itself (about 10,000 characters) and variations of it that
a parser cannot cache: its articles rotated, lines re-wrapped, CRLF line ends, digits
changed. Run: `.venv/bin/python benchmarks/bench_parse.py [--seconds S]`.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from banmian import parse_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "xinhua-liaocheng-p2.txt"
TARGET_PAGES_PER_SECOND = 300


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

    parsed = 0
    started = time.perf_counter()
    while time.perf_counter() - started < args.seconds:
        for page in pages:
            parse_text(page)
        parsed += len(pages)
    elapsed = time.perf_counter() - started
    rate = parsed / elapsed

    tracemalloc.start()
    for page in pages:
        parse_text(page)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # ru_maxrss is in KiB on Linux.
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"pages: {parsed} in {elapsed:.2f} s, {chars:,.0f} characters per page on average")
    print(f"speed: {rate:,.0f} pages/s ({rate * chars / 1e6:.2f} M characters/s), target {TARGET_PAGES_PER_SECOND}")
    print(f"peak memory: {traced_peak / 1024 / 1024:.1f} MiB traced Python allocation while parsing a page; "
          f"process peak RSS {peak_rss:.0f} MiB")
    if rate < TARGET_PAGES_PER_SECOND:
        print(f"BELOW TARGET: {rate:,.0f} < {TARGET_PAGES_PER_SECOND} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
