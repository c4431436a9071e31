"""Parsing speed, two figures side by side, on twenty pages like the sample page:

* end to end: for each page, the file is read from disk (`parse_file`: the bytes read, the
  encoding detected and decoded, form feeds split), the page parsed, the result rendered as
  JSON (`to_json`) and written to a file. The pages are files in a temporary folder, a third
  of them GB18030 and a third with CRLF line ends, the rest UTF-8; after the first round
  they sit in the operating system's file cache, so disk speed is not measured.
* parse only: `parse_text` on the same pages already decoded, as strings in memory (no
  reading, no decoding, no output).

The pages: the sample page itself (about 10,000 characters) and variations of it that a
parser cannot cache (its lines rotated, digits changed). Each figure is the median of five
rounds of wall-clock time (the best round is printed too); the CPU time per page is the
best round's. Peak memory: Python allocations traced while the pages are parsed, and the
process's peak RSS.

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
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import banmian
from banmian import parse_file, parse_text
from banmian.render import to_json

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "xinhua-liaocheng-p2.txt"
TARGET_PAGES_PER_SECOND = 300  # parse only, compiled build
ROUNDS = 5
PAGES = 20


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
        pages.append(page)
    return pages


def write_page_files(pages: list[str], folder: Path) -> list[Path]:
    """Each page as a file: every third in GB18030, every third (offset) with CRLF, else UTF-8."""
    paths = []
    for number, page in enumerate(pages):
        path = folder / f"page{number:02d}.txt"
        if number % 3 == 1:
            path.write_bytes(page.encode("gb18030"))
        elif number % 3 == 2:
            path.write_bytes(page.replace("\n", "\r\n").encode("utf-8"))
        else:
            path.write_bytes(page.encode("utf-8"))
        paths.append(path)
    return paths


def measure(work: Callable[[], int], seconds: float) -> tuple[float, float, float]:
    """(median pages/s, best pages/s, best CPU ms per page) over ROUNDS rounds of `work`,
    which processes a batch of pages and returns how many."""
    rates, cpu_per_page = [], []
    for _ in range(ROUNDS):
        done = 0
        started, cpu_started = time.perf_counter(), time.process_time()
        while time.perf_counter() - started < seconds / ROUNDS:
            done += work()
        rates.append(done / (time.perf_counter() - started))
        cpu_per_page.append((time.process_time() - cpu_started) / done)
    return statistics.median(rates), max(rates), min(cpu_per_page) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="measure each figure for about this long")
    args = parser.parse_args()

    pages = variations(SAMPLE.read_text(encoding="utf-8"), PAGES)
    chars = sum(len(p) for p in pages) / len(pages)
    with tempfile.TemporaryDirectory(prefix="bench_parse_") as tmp:
        folder = Path(tmp)
        paths = write_page_files(pages, folder)
        output = folder / "out.json"

        def end_to_end() -> int:
            for path in paths:
                output.write_text(to_json(parse_file(path)), encoding="utf-8")
            return len(paths)

        def parse_only() -> int:
            for page in pages:
                parse_text(page)
            return len(pages)

        end_to_end()  # warm-up: imports, compiled regexes, the file cache
        parse_only()
        e2e = measure(end_to_end, args.seconds)
        only = measure(parse_only, args.seconds)

    tracemalloc.start()
    for page in pages:
        parse_text(page)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    build = "compiled pipeline (mypyc)" if banmian.COMPILED else "pure Python (the sources)"
    print(f"build: {build}; {len(pages)} pages of {chars:,.0f} characters on average, "
          f"median of {ROUNDS} rounds (wall clock)")
    for label, (rate, best, cpu_ms) in (
        ("end to end (read file, decode, parse, render JSON, write)", e2e),
        ("parse only (parse_text on strings in memory)", only),
    ):
        print(f"{label}: {rate:,.0f} pages/s ({rate * chars / 1e6:.2f} M characters/s; "
              f"best round {best:,.0f} pages/s; {cpu_ms:.2f} ms CPU per page at best)")
    print(f"target (parse only, compiled build): {TARGET_PAGES_PER_SECOND} pages/s")
    print(f"peak memory: {traced_peak / 1024 / 1024:.1f} MiB traced Python allocation while parsing "
          f"{len(pages)} pages; process peak RSS {peak_rss:.0f} MiB")
    if not banmian.COMPILED:
        print("(the target is set for the compiled build: `make bench` measures it first)")
    elif only[0] < TARGET_PAGES_PER_SECOND:
        print(f"BELOW TARGET: {only[0]:,.0f} < {TARGET_PAGES_PER_SECOND} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
