"""ECPO folds: paragraph F1 as `banmian eval` gives it, and as it would be if headlines and
pen names, which ECPO's gold keeps as paragraphs, counted as paragraph starts.

ECPO marks no titles: every headline deck and bracketed pen name is a paragraph of its
gold, while banmian puts them in `title` and `byline`. This prints both figures per fold
so the part of para_f1 that is this difference can be read off (docs/conventions.md).

    .venv/bin/python benchmarks/ecpo_para_starts.py [DIR]    # default tests/data/ecpo

It then counts, over all folds, the gold paragraph starts banmian misses and the starts
it makes that the gold lacks, by what banmian made of the line (a title, a byline, an
ad's paragraph, a story's paragraph or subhead).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from banmian import parse_text
from banmian.evaluate import _paragraph_starts, score_page


def with_title_starts(page: dict[str, Any]) -> dict[str, Any]:
    """The page with a paragraph block at the first line of each title and byline."""
    for article in page["articles"]:
        extra = []
        if article.get("title_lines"):
            extra.append(article["title_lines"][0])
        for first, _last in (article.get("byline") or {}).get("lines") or []:
            extra.append(first)
        article["blocks"] = article["blocks"] + [{"type": "paragraph", "text": "", "lines": [n, n]} for n in extra]
    return page


def line_roles(page: dict[str, Any]) -> dict[int, str]:
    """What banmian made of each line: title, byline, or the kind and block type."""
    role: dict[int, str] = {}
    for article in page["articles"]:
        if article.get("title_lines"):
            first, last = article["title_lines"]
            role.update(dict.fromkeys(range(first, last + 1), "title"))
        for first, last in (article.get("byline") or {}).get("lines") or []:
            role.update(dict.fromkeys(range(first, last + 1), "byline"))
        for block in article["blocks"]:
            for number in range(block["lines"][0], block["lines"][1] + 1):
                role.setdefault(number, f"{article['kind']} {block['type']}")
    return role


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "tests" / "data" / "ecpo"
    rows = []
    why: Counter[str] = Counter()
    for raw in sorted(folder.glob("*.txt")):
        gold = json.loads(raw.with_name(raw.stem + ".gold.json").read_text(encoding="utf-8"))
        text = raw.read_text(encoding="utf-8")
        page = parse_text(text).to_dict()
        gold_starts, found = _paragraph_starts(gold["articles"]), _paragraph_starts(page["articles"])
        roles = line_roles(page)
        why.update("missed, banmian's " + roles.get(n, "furniture") for n in (gold_starts - found).elements())
        why.update("extra, banmian's " + roles.get(n, "furniture") for n in (found - gold_starts).elements())
        why.update({"gold starts": sum(gold_starts.values()), "banmian's starts": sum(found.values())})
        plain = score_page(text, gold, page)["para_f1"]
        counted = score_page(text, gold, with_title_starts(page))["para_f1"]
        rows.append((raw.stem, plain, counted))
        print(f"{raw.stem:34} para_f1 {plain:.3f}   with title and byline starts {counted:.3f}")
    if rows:
        print(f"{'mean':34} para_f1 {sum(r[1] for r in rows) / len(rows):.3f}   "
              f"with title and byline starts {sum(r[2] for r in rows) / len(rows):.3f}")
    for reason, count in sorted(why.items()):
        print(f"{reason:40} {count}")


if __name__ == "__main__":
    main()
