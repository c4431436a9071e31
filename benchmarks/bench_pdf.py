"""PDF input: how the PDF reader does on pages it was not fitted to, next to a plain-text baseline.

Three sets of page PDFs, each scored against gold written for the reader's own line
numbering (the reader's lines are matched to the drawn lines by box, see
`banmian.synth.pdf.RenderedPage.gold_for_lines`):

- wide:  `banmian.synth.pdf_wide`, every layout knob drawn per page (docs/pdf_synth.md);
- old:   `banmian.synth.pdf.render_pages`, the original generator (4-8 columns, one gutter);
- held-out: the pages under tests/data/pdf/, made by other engines: HTML/CSS pages laid
         out and printed by Chromium (`banmian.synth.html_pages`, gold from the HTML source)
         and OpenDocument pages exported by LibreOffice (`banmian.synth.odt_pages`, gold
         aligned by text), scored per engine; plus any folder given with --held-out-dir.

Readers: geometry = `banmian.parse_pdf` (the product); baseline = PyMuPDF's plain
`page.get_text()` fed to `banmian.parse_text`. Then the per-knob sweep (each knob alone
from the neutral knob set, its worst value), and the speed on one core: parse only
(PDF -> lines in reading order, `banmian text`) and end to end (`parse_pdf`), as pages per
second of the process's CPU time (`time.process_time`, one process pinned to one core;
the target is judged on it) beside wall clock: the PDF's bytes in memory -> PyMuPDF ->
geometry -> text pipeline, all counted; rendering the pages is not.

Run: `.venv/bin/python benchmarks/bench_pdf.py [--pages N] [--sweep-pages N] [--seconds S]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from banmian import parse_pdf
from banmian.evaluate import mean_metrics
from banmian.positioned import pdf_reading_text
from banmian.synth.articles import CleanArticle, load_clean_articles
from banmian.synth.pdf import RenderedPage, merge_pdfs, render_pages
from banmian.synth.pdf_knobs import KNOB_VALUES, PdfKnobs
from banmian.synth.pdf_score import load_rendered_dir, reader_warned, score_rendered
from banmian.synth.pdf_wide import render_knob_page, render_wide_pages

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_GOLD = ROOT / "examples" / "xinhua-liaocheng-p2.gold.json"
HELD_OUT = ROOT / "tests" / "data" / "pdf"
TARGET_PAGES_PER_SECOND = 30
TARGETS = {"seg_ari": (">=", 0.98), "title_acc": (">=", 0.98), "names_f1": (">=", 0.95),
           "body_cer": ("<=", 0.005)}
SHOWN = ("seg_ari", "title_acc", "names_f1", "body_cer", "para_f1", "subhead_f1", "dateline_acc",
         "continued_acc", "kind_acc", "line_coverage")
READERS = ("geometry", "baseline")
SWEPT = ("seg_ari", "title_acc", "names_f1", "body_cer")


def pin_one_core() -> str:
    """Run on one core (the target is per core); say which."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity)"


def met(value: float, target: tuple[str, float]) -> bool:
    op, bound = target
    return value >= bound if op == ">=" else value <= bound


def score_set(name: str, pages: list[RenderedPage]) -> dict[str, dict[str, float]]:
    rows: dict[str, list[dict[str, float | int]]] = {r: [] for r in READERS}
    failures = 0
    for page in pages:
        try:
            for reader, metrics in score_rendered(page, READERS).items():
                rows[reader].append(metrics)
        except Exception as exc:  # a crash is a finding: count it, keep measuring
            failures += 1
            print(f"  {name}: page {page.page_number} crashed the reader: {exc.__class__.__name__}: {exc}")
    means = {reader: mean_metrics(values) for reader, values in rows.items() if values}
    print(f"\n{name}: mean over {len(pages)} pages" + (f" ({failures} crashed)" if failures else "")
          + "".join(f"{r:>11}" for r in READERS) + "   target")
    for key in SHOWN:
        target = TARGETS.get(key)
        note = f"{target[0]} {target[1]}" + ("" if met(means["geometry"][key], target) else "  NOT met") if target else ""
        print(f"  {key:<28}" + "".join(f"{means[r][key]:>11.4f}" for r in READERS if r in means) + f"   {note}")
    return means


def sweep(articles: list[CleanArticle], pages_per_value: int) -> list[tuple[str, Any, dict[str, float]]]:
    """Each knob alone from the neutral set: the geometry reader's mean at each value; the worst kept."""
    worst: list[tuple[str, Any, dict[str, float]]] = []
    print(f"\nper-knob sweep (each knob alone from PdfKnobs(); {pages_per_value} pages per value; "
          "geometry reader; worst value by seg_ari, then body_cer)")
    print(f"  {'knob':<18}{'worst value':>13}" + "".join(f"{k:>11}" for k in SWEPT) + "   all values: seg_ari")
    for knob, values in KNOB_VALUES.items():
        results: list[tuple[Any, dict[str, float]]] = []
        no_article: set[Any] = set()  # pages without articles: ARI of a one-cluster gold means nothing
        for value in values:
            knobs = PdfKnobs().with_value(knob, value)
            rows = []
            for seed in range(pages_per_value):
                page = render_knob_page(articles, knobs, seed=1000 + seed)
                if not page.stories:
                    no_article.add(value)
                try:
                    rows.append(score_rendered(page, ("geometry",))["geometry"])
                except Exception:
                    rows.append({"seg_ari": 0.0, "title_acc": 0.0, "names_f1": 0.0, "body_cer": 1.0})
            results.append((value, mean_metrics(rows)))
        ranked = [r for r in results if r[0] not in no_article] or results
        value, means = min(ranked, key=lambda r: (r[1]["seg_ari"], -r[1]["body_cer"]))
        worst.append((knob, value, means))
        every = " ".join(f"{v}:{'n/a' if v in no_article else format(m['seg_ari'], '.2f')}" for v, m in results)
        print(f"  {knob:<18}{value!s:>13}" + "".join(f"{means[k]:>11.4f}" for k in SWEPT) + f"   {every}")
    return worst


@dataclass
class Speed:
    """Pages per second of one reader, by CPU time of this process (what the one-core
    target is judged on: it does not move with other jobs on the machine) and by wall clock."""

    cpu: float
    wall: float

    def __str__(self) -> str:
        return f"{self.cpu:.1f} pages/s CPU ({self.wall:.1f} wall)"


def _rate(work: Callable[[], int], seconds: float) -> Speed:
    """Run work (returns the pages it did) again and again for about seconds of CPU time."""
    done, wall0, cpu0 = 0, time.perf_counter(), time.process_time()
    while True:
        done += work()
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        if cpu >= seconds:
            return Speed(done / cpu, done / wall)


def speed(pages: list[RenderedPage], seconds: float) -> tuple[Speed, Speed]:
    """Parse only and end to end. Both start from the merged PDF's bytes in memory and
    include opening it with PyMuPDF, reading glyphs and drawings, the geometry (columns,
    regions, reading order) and, end to end, the text pipeline up to articles; the
    time to render the PDFs and to read the file from disk is not counted."""
    pdf = merge_pdfs(pages)
    parse_pdf(merge_pdfs(pages[:2]))  # warm-up: imports, compiled patterns
    end_to_end = _rate(lambda: len(parse_pdf(pdf)), seconds)
    read = _rate(lambda: (pdf_reading_text(pdf), len(pages))[1], seconds / 2)
    return read, end_to_end


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=60, help="generated pages per generator")
    parser.add_argument("--sweep-pages", type=int, default=3, help="pages per knob value in the sweep (0: none)")
    parser.add_argument("--seconds", type=float, default=4.0, help="measure speed for about this long")
    parser.add_argument("--held-out-dir", type=Path, action="append", default=[],
                        help="more held-out pages (NAME.pdf + NAME.rendered.json pairs)")
    args = parser.parse_args()
    print(f"bench_pdf: one process, {pin_one_core()}")

    articles = load_clean_articles()
    if SAMPLE_GOLD.exists():
        articles += load_clean_articles([SAMPLE_GOLD])
    started = time.perf_counter()
    wide = render_wide_pages(articles, args.pages, seed=7)
    rate = len(wide) / (time.perf_counter() - started)
    print(f"wide: {len(wide)} pages, columns {min(p.columns for p in wide)}-{max(p.columns for p in wide)} "
          f"(base grid), "
          f"{sum(len(p.stories) for p in wide) / len(wide):.1f} stories/page, rendered at {rate:.0f} pages/s")
    old = render_pages(articles, args.pages, seed=1)
    held_out: list[RenderedPage] = []
    for folder in [HELD_OUT, *args.held_out_dir]:
        held_out += load_rendered_dir(folder)

    results = {"wide": score_set("wide (knobs drawn per page)", wide),
               "old": score_set("old (synth.pdf.render_pages)", old)}
    for engine in sorted({p.engine for p in held_out}):
        name = engine.split()[0]
        results[name] = score_set(f"held-out: {engine}", [p for p in held_out if p.engine == engine])
    if not held_out:
        print("\nheld-out: no pages found under tests/data/pdf")

    odd = [p for p in wide if p.undecodable]
    warned = 0
    for page in odd:
        warned += reader_warned(page)
    print(f"\nundecodable glyphs: {len(odd)} wide pages draw some; the reader warned on {warned}")

    worst = sweep(articles, args.sweep_pages) if args.sweep_pages else []

    read_rate, end_rate = speed(wide[: min(len(wide), 40)], args.seconds)
    old_read, old_end = speed(old[: min(len(old), 40)], args.seconds / 2)
    print("\nspeed on one core, pages/s of this process's CPU time (wall clock in brackets; the target "
          "is judged on CPU time, wall clock moves with the machine's load)")
    print(f"  wide pages: parse only (PDF -> lines in reading order) {read_rate}, "
          f"end to end (parse_pdf) {end_rate} (target >= {TARGET_PAGES_PER_SECOND})")
    print(f"  old pages:  parse only {old_read}, end to end {old_end}")
    if held_out:
        html_read, html_end = speed(held_out, args.seconds / 2)
        print(f"  held-out pages (embedded CJK subsets): parse only {html_read}, end to end {html_end}")

    print("\nsummary (geometry reader; targets: ARI >= 0.98, titles >= 0.98, names F1 >= 0.95, body CER <= 0.5%, "
          f">= {TARGET_PAGES_PER_SECOND} pages/s)")
    for name, means in results.items():
        geometry = means["geometry"]
        verdict = "met" if all(met(geometry[k], t) for k, t in TARGETS.items()) else "NOT met"
        print(f"  {name:<11} ARI {geometry['seg_ari']:.4f}  titles {geometry['title_acc']:.4f}  names "
              f"{geometry['names_f1']:.4f}  CER {geometry['body_cer']:.4f}  para F1 {geometry['para_f1']:.4f}"
              f"   baseline ARI {means['baseline']['seg_ari']:.4f} CER {means['baseline']['body_cer']:.4f}"
              f"   quality targets {verdict}")
    if worst:
        knob, value, means = min(worst, key=lambda w: w[2]["seg_ari"])
        print(f"  worst single knob: {knob}={value} (ARI {means['seg_ari']:.4f}, CER {means['body_cer']:.4f})")
    print(f"  speed target {'met' if end_rate.cpu >= TARGET_PAGES_PER_SECOND else 'NOT met'} "
          f"({end_rate.cpu:.1f} pages/s of CPU time end to end on wide pages; {end_rate.wall:.1f} by wall clock)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
