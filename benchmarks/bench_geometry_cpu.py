"""The PDF reader's cost in CPU time per page, which a machine shared with other work
distorts less than wall time: `banmian text` (PDF -> lines in reading order) and
`parse_pdf` (end to end) over generated pages of both PDF generators, in this process.

Run: `.venv/bin/python benchmarks/bench_geometry_cpu.py [--pages N] [--rounds R]`.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from banmian import parse_pdf
from banmian.positioned import pdf_reading_text
from banmian.synth.articles import load_clean_articles
from banmian.synth.pdf import merge_pdfs, render_pages
from banmian.synth.pdf_wide import render_wide_pages

ROOT = Path(__file__).resolve().parent.parent
TARGET_PAGES_PER_SECOND = 30


def cpu_ms_per_page(work: Callable[[], object], pages: int, rounds: int) -> float:
    work()  # warm-up: imports, compiled patterns
    started = time.process_time()
    for _ in range(rounds):
        work()
    return (time.process_time() - started) / rounds / pages * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=10, help="pages per generator")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    articles = load_clean_articles() + load_clean_articles([ROOT / "examples" / "xinhua-liaocheng-p2.gold.json"])
    sets = {"old": merge_pdfs(render_pages(articles, args.pages, seed=5)),
            "wide": merge_pdfs(render_wide_pages(articles, args.pages, seed=5))}
    worst = 0.0
    for name, pdf in sets.items():
        text = cpu_ms_per_page(lambda pdf=pdf: pdf_reading_text(pdf), args.pages, args.rounds)
        parse = cpu_ms_per_page(lambda pdf=pdf: parse_pdf(pdf), args.pages, args.rounds)
        worst = max(worst, parse)
        print(f"{name:>5} pages: banmian text {text:.1f} ms CPU/page, parse_pdf {parse:.1f} ms CPU/page "
              f"({1000 / parse:.0f} pages/s on a free core)")
    met = 1000 / worst >= TARGET_PAGES_PER_SECOND
    print(f"target >= {TARGET_PAGES_PER_SECOND} pages/s end to end: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
