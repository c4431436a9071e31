"""Where the PDF reader's body CER comes from: per page, per kind of error.

For every gold article's body (its paragraphs, subheads, captions, credits) the drawn
lines are followed to the reader's output (lines are matched by box, as the scorer does)
and the characters of each body line are put under one cause:

- `order`:     the line is in the paired article's body but out of sequence (outside the
               longest run of the gold's lines that the reader keeps in order);
- `elsewhere`: the line went to another article;
- `head`:      it stayed in the paired article but as title, kicker, byline or dateline;
- `furniture`: the reader made it page furniture (or dropped it);
- `extra`:     a line in the paired article's body that belongs to another article or
               to the page's furniture (counted on the reader's side);
- `text`:      what is left of the edit distance (joins, paragraph breaks, markers read
               off the text).

Run: `.venv/bin/python benchmarks/pdf_cer_causes.py [--pages 40] [--seed 7] [--show 8]`
(`--held-out` for the pages under tests/data/pdf).
"""

from __future__ import annotations

import argparse
import bisect
from collections import Counter
from pathlib import Path
from typing import Any

from banmian.evaluate import _match_articles as match_articles  # the scorer's own pairing
from banmian.evaluate import levenshtein, score_page
from banmian.positioned import layout_pages, parse_pdf_document
from banmian.synth.articles import load_clean_articles
from banmian.synth.pdf import RenderedPage
from banmian.synth.pdf_score import load_rendered_dir
from banmian.synth.pdf_wide import render_wide_pages

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_GOLD = ROOT / "examples" / "xinhua-liaocheng-p2.gold.json"
BODY = ("paragraph", "subhead", "caption", "credit")
CAUSES = ("order", "elsewhere", "head", "furniture", "extra", "text")


def _longest_increasing(values: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence of values."""
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k] = v
            tail_at[k] = i
        back[i] = tail_at[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(i)
        i = back[i]
    return keep


def page_causes(page: RenderedPage) -> tuple[dict[str, float], Counter[str], list[str]]:
    (_, layout), = layout_pages(page.pdf)
    texts = [ln.text for ln in layout.lines]
    numbers_of = page.match_lines([ln.bbox for ln in layout.lines])
    gold = page.gold_for_lines([ln.bbox for ln in layout.lines])
    (parsed,) = parse_pdf_document(page.pdf)
    pred = parsed.to_dict()
    metrics = score_page(layout.text, gold, pred)

    # reader line number -> (article index, block type or part) in the reader's output
    where: dict[int, tuple[int, str]] = {}
    for ai, art in enumerate(pred.get("articles") or []):
        for a, b in art.get("lines") or []:
            for n in range(a, b + 1):
                where[n] = (ai, "head")
        for block in art.get("blocks") or []:
            a, b = block["lines"]
            for n in range(a, b + 1):
                where[n] = (ai, "body" if block["type"] in BODY else "head")
    owner_story: dict[int, int] = {}
    for si, story in enumerate(page.stories):
        for lid in story.line_ids:
            for n in numbers_of.get(lid, ()):
                owner_story[n] = si

    matches = match_articles(gold["articles"], pred.get("articles") or [])
    causes: Counter[str] = Counter()
    examples: list[str] = []
    for si, (story, g, m) in enumerate(zip(page.stories, gold["articles"], matches, strict=True)):
        body_ids = [lid for b in story.blocks if b.type in BODY for lid in b.line_ids]
        gold_numbers = [n for lid in body_ids for n in numbers_of.get(lid, ())]
        gold_body = "\n".join(b["text"] for b in g["blocks"] if b["type"] in BODY)
        pred_art: dict[str, Any] | None = pred["articles"][m] if m is not None else None
        pred_body = "\n".join(b["text"] for b in (pred_art or {}).get("blocks") or [] if b["type"] in BODY)
        distance = levenshtein(gold_body, pred_body)
        if not distance:
            continue
        pred_numbers: list[int] = []
        if pred_art is not None:
            for block in pred_art.get("blocks") or []:
                if block["type"] in BODY:
                    a, b = block["lines"]
                    pred_numbers.extend(range(a, b + 1))
        rank = {n: k for k, n in enumerate(gold_numbers)}
        kept = [n for n in pred_numbers if n in rank]
        in_order = {kept[i] for i in _longest_increasing([rank[n] for n in kept])}
        found: Counter[str] = Counter()
        for n in gold_numbers:
            chars = len(texts[n - 1].strip())
            at = where.get(n)
            if at is None:
                found["furniture"] += chars
            elif m is not None and at[0] == m:
                found["order" if at[1] == "body" and n not in in_order else
                      "head" if at[1] == "head" else "ok"] += chars
            else:
                found["elsewhere"] += chars
        for n in pred_numbers:
            if owner_story.get(n) != si and n not in rank:
                found["extra"] += len(texts[n - 1].strip())
        explained = sum(v for k, v in found.items() if k != "ok")
        found["text"] = max(0, distance - explained)
        found.pop("ok", None)
        causes.update({k: v for k, v in found.items() if v})
        worst = max(found, key=lambda k: found[k])
        examples.append(f"    story {si} ({(g.get('title') or '-')[:12]}): distance {distance}/{len(gold_body)}; "
                        + ", ".join(f"{k} {v}" for k, v in found.items() if v) + f"  [{worst}]")
    total = sum(len("\n".join(b["text"] for b in g["blocks"] if b["type"] in BODY)) for g in gold["articles"])
    return {"body_cer": float(metrics["body_cer"]), "seg_ari": float(metrics["seg_ari"]),
            "chars": float(total)}, causes, examples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=8, help="pages to detail, worst CER first")
    parser.add_argument("--held-out", action="store_true", help="the pages under tests/data/pdf instead")
    args = parser.parse_args()
    if args.held_out:
        pages = load_rendered_dir(ROOT / "tests" / "data" / "pdf")
    else:
        articles = load_clean_articles()
        if SAMPLE_GOLD.exists():
            articles += load_clean_articles([SAMPLE_GOLD])
        pages = render_wide_pages(articles, args.pages, seed=args.seed)
    rows = []
    total: Counter[str] = Counter()
    for k, page in enumerate(pages):
        metrics, causes, examples = page_causes(page)
        rows.append((k, metrics, causes, examples))
        # each page's share of the mean CER, spread over its causes
        weight = metrics["body_cer"] / max(sum(causes.values()), 1)
        total.update({c: v * weight / len(pages) for c, v in causes.items()})
    mean = sum(r[1]["body_cer"] for r in rows) / len(rows)
    print(f"mean body CER {mean:.4f} over {len(rows)} pages; share by cause:")
    for c in CAUSES:
        print(f"  {c:<10}{total.get(c, 0.0):.4f}")
    print("\nworst pages:")
    for k, metrics, causes, examples in sorted(rows, key=lambda r: -r[1]["body_cer"])[: args.show]:
        name = pages[k].page_number if not args.held_out else pages[k].engine
        print(f"  page {k} ({name}): CER {metrics['body_cer']:.4f} ARI {metrics['seg_ari']:.3f}  "
              + ", ".join(f"{c} {v}" for c, v in causes.most_common()))
        for line in examples:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
