"""PDF input: quality on generated newspaper PDFs next to a plain-text baseline, and speed.

100 pages rendered by `banmian.synth.pdf` (4-8 columns, multi-column headlines,
two-deck titles, photos with captions and credits, jump lines, header band) from the
synthetic generator's clean articles and the sample page's gold articles. Each reader
is scored against gold written for its own line numbering (lines matched by box):

- geometry: `banmian.parse_pdf` (geometry + the text pipeline), the product;
- layout:   the geometry's own articles/titles/paragraphs, without the text pipeline;
- baseline: PyMuPDF's plain `page.get_text()` fed to `banmian.parse_text`.

Speed: `parse_pdf` over one 100-page PDF in one process (target >= 20 pages/s).
Run: `.venv/bin/python benchmarks/bench_pdf.py [--pages N] [--seconds S]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from banmian import parse_pdf
from banmian.evaluate import mean_metrics
from banmian.positioned import pdf_reading_text
from banmian.synth.articles import load_clean_articles
from banmian.synth.pdf import merge_pdfs, render_pages
from banmian.synth.pdf_score import score_rendered

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_GOLD = ROOT / "examples" / "xinhua-liaocheng-p2.gold.json"
TARGET_PAGES_PER_SECOND = 20
TARGETS = {"seg_ari": (">=", 0.98), "title_acc": (">=", 0.98), "body_cer": ("<=", 0.005)}
SHOWN = ("seg_ari", "title_acc", "body_cer", "para_f1", "subhead_f1", "names_f1", "dateline_acc",
         "continued_acc", "kind_acc", "line_coverage")
READERS = ("geometry", "layout", "baseline")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=100, help="generated pages to score")
    parser.add_argument("--seconds", type=float, default=3.0, help="measure speed for about this long")
    args = parser.parse_args()

    articles = load_clean_articles()
    if SAMPLE_GOLD.exists():
        articles += load_clean_articles([SAMPLE_GOLD])
    started = time.perf_counter()
    pages = render_pages(articles, args.pages, seed=1)
    render_rate = len(pages) / (time.perf_counter() - started)
    print(f"{len(pages)} generated PDF pages ({len(articles)} source articles, "
          f"{sum(len(p.stories) for p in pages) / len(pages):.1f} stories/page, "
          f"columns {min(p.columns for p in pages)}-{max(p.columns for p in pages)}; "
          f"rendered at {render_rate:.0f} pages/s)")

    rows: dict[str, list[dict[str, float | int]]] = {r: [] for r in READERS}
    for page in pages:
        for reader, metrics in score_rendered(page, READERS).items():
            rows[reader].append(metrics)
    means = {reader: mean_metrics(values) for reader, values in rows.items()}
    print(f"\nmean over {len(pages)} pages   " + "".join(f"{r:>10}" for r in READERS) + "   target")
    for key in SHOWN:
        target = TARGETS.get(key)
        note = f"{target[0]} {target[1]}" if target else ""
        print(f"  {key:<22}" + "".join(f"{means[r][key]:>10.4f}" for r in READERS) + f"   {note}")

    pdf = merge_pdfs(pages)
    parse_pdf(merge_pdfs(pages[:2]))  # warm-up: imports, compiled patterns
    parsed = 0
    started = time.perf_counter()
    while True:
        parsed += len(parse_pdf(pdf))
        elapsed = time.perf_counter() - started
        if elapsed >= args.seconds:
            break
    rate = parsed / elapsed
    started = time.perf_counter()
    pdf_reading_text(pdf)
    text_rate = len(pages) / (time.perf_counter() - started)
    print(f"\nspeed (one process, {len(pages)}-page PDF): parse_pdf {rate:.1f} pages/s "
          f"(target >= {TARGET_PAGES_PER_SECOND}), geometry only (`banmian text`) {text_rate:.1f} pages/s")

    geometry = means["geometry"]
    met = all((geometry[k] >= v) if op == ">=" else (geometry[k] <= v) for k, (op, v) in TARGETS.items())
    better = geometry["seg_ari"] > means["baseline"]["seg_ari"] and geometry["title_acc"] > means["baseline"][
        "title_acc"]
    print(f"quality targets {'met' if met else 'NOT met'}; better than baseline: {'yes' if better else 'NO'}; "
          f"speed target {'met' if rate >= TARGET_PAGES_PER_SECOND else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
