"""Where the text pipeline spends its time, on the sample page (about 10,000 characters).

Three tables, each labelled with what it times:

1. the whole pipeline, `parse_text` on the page as a string: the figure the other two
   are parts of;
2. each stage of the pipeline, timed inside one run of the pipeline in the order
   `banmian.stages` runs them (a stage needs the output of the ones before it); the
   time the stages leave out (the Page object, furniture, warnings) is printed as the
   rest, so the rows add up to the pipeline's time per page;
3. helpers that the stages call, timed alone over the whole page: parts of the stages
   in table 2, not additional to them (do not add them up). The column-mixing check is
   timed here on the sample page although the pipeline skips it there (a page that sets
   paragraphs apart with blank lines came from a reader that kept its columns apart),
   and on the real OCR pages, where it runs.

Every figure is CPU time per page, the best of several rounds (CPU time rather than wall
time, so that other processes on a shared machine disturb it less), and the pages per
second it alone would allow.

    .venv/bin/python benchmarks/bench_text_stages.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from itertools import pairwise
from pathlib import Path

from banmian import parse_text
from banmian.stages.assemble import build_units, group_articles
from banmian.stages.build import build_article
from banmian.stages.charmap import normalize_chars
from banmian.stages.classify import blank_separated, classify_lines
from banmian.stages.columns import estimate_column_widths
from banmian.stages.headings import find_headings
from banmian.stages.interleave import detect_column_mixing
from banmian.stages.paragraphs import split_paragraphs
from banmian.stages.source_lines import read_source_lines
from banmian.stages.spacing import fix_spacing, join_lines, strip_letter_spacing
from banmian.stages.textwidth import display_width

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "xinhua-liaocheng-p2.txt"
OCR = sorted((ROOT / "tests" / "data" / "ocr").glob("*.txt"))
ROUNDS = 7
PAGES_PER_ROUND = 40

STAGES = (
    "source_lines",
    "classify",
    "columns",
    "headings",
    "paragraphs (and the column widths they read)",
    "assemble (units, articles)",
    "build (articles, blocks, text)",
)


def best_ms_per_page(work: Callable[[], object]) -> float:
    work()  # warm caches (the width table is built on first use)
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.process_time()
        for _ in range(PAGES_PER_ROUND):
            work()
        best = min(best, (time.process_time() - start) / PAGES_PER_ROUND)
    return best * 1000


def stage_times(text: str) -> list[float]:
    """CPU seconds of each stage in STAGES in one run of the pipeline (as `banmian.stages` runs it)."""
    clock = time.process_time
    marks = [clock()]
    lines = read_source_lines(text)
    marks.append(clock())
    infos = classify_lines(lines)
    marks.append(clock())
    widths = estimate_column_widths(infos)
    marks.append(clock())
    find_headings(infos, widths)
    marks.append(clock())
    blank_style = blank_separated(infos)
    run_widths = estimate_column_widths(infos, within_runs=True)
    paragraphs = split_paragraphs(infos, run_widths, blank_style=blank_style)
    marks.append(clock())
    drafts = group_articles(build_units(infos, paragraphs), blank_style)
    marks.append(clock())
    blank = {line.number for line in lines if line.blank}
    for number, draft in enumerate(drafts, start=1):
        build_article(draft, number, blank)
    marks.append(clock())
    return [b - a for a, b in pairwise(marks)]


def best_stage_ms(text: str) -> list[float]:
    stage_times(text)
    best = [float("inf")] * len(STAGES)
    for _ in range(ROUNDS):
        for _ in range(PAGES_PER_ROUND):
            best = [min(b, t) for b, t in zip(best, stage_times(text), strict=True)]
    return [b * 1000 for b in best]


def blocks_of(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def row(name: str, ms: float) -> str:
    return f"  {name:<48} {ms:7.3f} ms/page  {1000 / ms if ms else float('inf'):9.0f} pages/s"


def main() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.split("\n")
    numbered = list(enumerate(lines, start=1))
    blocks = blocks_of(lines)
    short_lines = [line for line in lines if line.strip() and len(line.strip()) <= 16]
    print(f"sample page: {len(text)} characters, {len(lines)} lines, {len(blocks)} blocks")

    whole = best_ms_per_page(partial(parse_text, text))
    print("1. the whole pipeline (parse_text on the page as a string)")
    print(row("parse_text", whole))

    print("2. its stages, timed inside runs of the pipeline (best round of each)")
    per_stage = best_stage_ms(text)
    for name, ms in zip(STAGES, per_stage, strict=True):
        print(row(name, ms))
    rest = max(0.0, whole - sum(per_stage))
    print(row("the rest (Page, furniture, column-mixing warnings)", rest))

    print("3. helpers the stages call, each alone over the page (parts of table 2, not to be added)")
    helpers: list[tuple[str, Callable[[], object]]] = [
        ("normalize_chars (every line)", lambda: [normalize_chars(line) for line in lines]),
        ("display_width (every line)", lambda: [display_width(line) for line in lines]),
        ("join_lines + fix_spacing (every block)", lambda: [fix_spacing(join_lines(b)) for b in blocks]),
        ("strip_letter_spacing (short lines)", lambda: [strip_letter_spacing(s) for s in short_lines]),
        ("detect_column_mixing (the page; skipped by the pipeline here)", lambda: detect_column_mixing(numbered)),
    ]
    for name, work in helpers:
        print(row(name, best_ms_per_page(work)))
    for path in OCR:
        ocr_numbered = list(enumerate(path.read_text(encoding="utf-8").split("\n"), start=1))
        print(row(f"detect_column_mixing, OCR page {path.stem}", best_ms_per_page(partial(detect_column_mixing, ocr_numbered))))


if __name__ == "__main__":
    main()
