"""Speed of the text-level stages on pages like the sample (about 8-10k characters).

Prints, for each stage, the CPU time per page (best of several rounds; CPU time rather
than wall time, so that other processes on a shared machine disturb the figure less)
and the pages per second it alone would allow. The whole parser must reach 300 pages/s.

    .venv/bin/python benchmarks/bench_text_stages.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from banmian.stages.charmap import normalize_chars
from banmian.stages.interleave import detect_column_mixing
from banmian.stages.spacing import fix_spacing, join_lines, strip_letter_spacing
from banmian.stages.textwidth import display_width

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "xinhua-liaocheng-p2.txt"
OCR = sorted((ROOT / "tests" / "data" / "ocr").glob("*.txt"))
ROUNDS = 7
PAGES_PER_ROUND = 40


def best_ms_per_page(work: Callable[[], object]) -> float:
    work()  # warm caches (the width table is built on first use)
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.process_time()
        for _ in range(PAGES_PER_ROUND):
            work()
        best = min(best, (time.process_time() - start) / PAGES_PER_ROUND)
    return best * 1000


def blocks_of(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def main() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.split("\n")
    numbered = list(enumerate(lines, start=1))
    blocks = blocks_of(lines)
    short_lines = [line for line in lines if line.strip() and len(line.strip()) <= 16]
    print(f"sample page: {len(text)} characters, {len(lines)} lines, {len(blocks)} blocks")

    stages: list[tuple[str, Callable[[], object]]] = [
        ("normalize_chars (per line)", lambda: [normalize_chars(line) for line in lines]),
        ("display_width (per line)", lambda: [display_width(line) for line in lines]),
        ("join_lines + fix_spacing (per block)", lambda: [fix_spacing(join_lines(b)) for b in blocks]),
        ("strip_letter_spacing (short lines)", lambda: [strip_letter_spacing(s) for s in short_lines]),
        ("detect_column_mixing (page)", lambda: detect_column_mixing(numbered)),
    ]
    total = 0.0
    for name, work in stages:
        ms = best_ms_per_page(work)
        total += ms
        print(f"  {name:<40} {ms:7.3f} ms/page  {1000 / ms:9.0f} pages/s")
    print(f"  {'all text stages':<40} {total:7.3f} ms/page  {1000 / total:9.0f} pages/s")

    for path in OCR:
        ocr_numbered = list(enumerate(path.read_text(encoding="utf-8").split("\n"), start=1))
        ms = best_ms_per_page(partial(detect_column_mixing, ocr_numbered))
        print(f"  detect_column_mixing {path.stem:<20} {ms:7.3f} ms/page")


if __name__ == "__main__":
    main()
