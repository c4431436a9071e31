"""Writes the hand gold of two real OCR pages (`bha-wgjx-1.gold.json`, `bha-hzjb-1.gold.json`).

The decisions below were made by READING each page: its entries drawn at their boxes
with their text (a PNG per page, `python tests/data/ocr/make_gold.py --render DIR`),
deciding which entries form which article, title, byline and paragraph, and in which
order a reader takes them. Nothing here comes from the parser.

Line numbers are the file's own entry numbers, 1-based: line n is entry n-1 of
`ocr_results`, i.e. line n of the `.txt` beside the JSON. They do not depend on any
parser's reading order; `banmian eval X.json X.gold.json` maps a parse onto them
through the page's `line_entries` (docs/ocr.md).

A block's `lines` is [its first entry, its first entry]: in entry numbering a block is
no range (a column's entries alternate with the next column's), and the scorers expand
every [first, last] into all the lines between; its `entries` lists all of them.

Texts are the OCR's own (its misreadings kept: a parser cannot undo them), with the
entries of a block joined in reading order and the spaces the engine put between
Chinese characters removed. An entry is owned by one article.

Run: python tests/data/ocr/make_gold.py   (rewrites the two gold files beside it)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def entries(name: str) -> list[str]:
    data = json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))
    return [e["text"] for e in data["ocr_results"]]


def clean(text: str) -> str:
    # spaces between two non-ASCII characters are the engine's, not the page's
    return re.sub(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])", "", text.strip())


def spans(numbers: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for n in sorted(set(numbers)):
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def article(texts: list[str], *, paragraphs: list[list[int]], title: list[int] | None = None,
            kicker: list[int] | None = None, subtitle: list[int] | None = None, byline: dict[str, Any] | None = None,
            dateline: dict[str, Any] | None = None, extra: list[int] | None = None) -> dict[str, Any]:
    def join(numbers: list[int] | None) -> str | None:
        return clean("".join(texts[n - 1] for n in numbers)) if numbers else None

    owned = [n for p in paragraphs for n in p] + (title or []) + (kicker or []) + (subtitle or []) + (extra or [])
    heads = (kicker or []) + (title or []) + (subtitle or [])
    return {
        "kind": "article",
        "title": join(title),
        "subtitle": join(subtitle),
        "kicker": clean(" ".join(texts[n - 1] for n in kicker)) if kicker else None,
        "title_lines": [min(heads), max(heads)] if heads else None,
        "continued_from": None,
        "byline": byline,
        "dateline": dateline,
        "lines": spans(owned),
        # in entry numbering a block is no range (the columns interleave): `lines` names its
        # first entry only (what the scorers read: paragraph starts), `entries` all of them
        "blocks": [{"type": "paragraph", "text": join(p), "lines": [p[0], p[0]], "entries": p} for p in paragraphs],
    }


def furniture(texts: list[str], kind: str, numbers: list[int]) -> dict[str, Any]:
    return {"type": kind, "text": clean("".join(texts[n - 1] for n in numbers)), "lines": [numbers[0], numbers[-1]]}


def wgjx() -> dict[str, Any]:
    """文革简讯 p. 4, section 财贸动态: two columns of untitled △ briefs, each a news item
    of its own; the last brief of the left column runs on at the top of the right one."""
    t = entries("bha-wgjx-1")
    boxes = json.loads((HERE / "bha-wgjx-1.json").read_text(encoding="utf-8"))["ocr_results"]
    x0 = [min(p[0] for p in e["box"]) for e in boxes]
    # the columns' entries alternate in the file; 69 is a stray glyph in the gutter
    left = [n for n in range(8, 115) if x0[n - 1] < 1200]
    right = [n for n in range(8, 115) if x0[n - 1] >= 1200 and n != 69]
    # each brief starts at a △
    def briefs(column: list[int]) -> list[list[int]]:
        out: list[list[int]] = []
        for n in column:
            if t[n - 1].startswith("△") or not out:
                out.append([])
            out[-1].append(n)
        return out

    lefts, rights = briefs(left), briefs(right)
    # right column's first lines (9-15) end the left column's last brief (113)
    carried, rights = rights[0], rights[1:]
    lefts[-1].extend(carried)
    items = [article(t, paragraphs=[b]) for b in lefts + rights]
    return {
        "schema": "gold/page@1",
        "source": "bha-wgjx-1.json",
        "notes": "文革简讯 1967-07-15 p. 4 (section 财贸动态), PaddleOCR entries; line n = entry n (the .txt's line n). "
                 "Each △ brief is an untitled article; the left column's last brief continues at the top of the right column.",
        "articles": items,
        "furniture": [furniture(t, "page-number", [1]), furniture(t, "header", [2]), furniture(t, "noise", [3]),
                      furniture(t, "section", [4, 5, 6, 7]), furniture(t, "noise", [69]),
                      furniture(t, "footer", [115]), furniture(t, "footer", [116])],
    }


def hzjb() -> dict[str, Any]:
    """红镇江报 1968-08-08 p. 2: a banner headline with kicker and deck over a 【本报讯】
    report (left column, top), then three contributions, each with a two-deck title and
    an organisation's signature under it; three columns, interleaved row by row."""
    t = entries("bha-hzjb-1")
    boxes = json.loads((HERE / "bha-hzjb-1.json").read_text(encoding="utf-8"))["ocr_results"]
    x0 = [min(p[0] for p in e["box"]) for e in boxes]
    col1 = [n for n in range(14, 195) if x0[n - 1] < 950]
    col2 = [n for n in range(14, 195) if 950 <= x0[n - 1] < 1800]
    col3 = [n for n in range(14, 195) if x0[n - 1] >= 1800]

    def between(column: list[int], first: int, last: int) -> list[int]:
        return column[column.index(first):column.index(last) + 1]

    def paragraphs(run: list[int], starts: list[int]) -> list[list[int]]:
        out: list[list[int]] = []
        for n in run:
            if n in starts or not out:
                out.append([])
            out[-1].append(n)
        return out

    lead = article(t, kicker=[6, 5], title=[7, 9, 8, 10], subtitle=[11, 12, 13],
                   paragraphs=[between(col1, 16, 52)],
                   dateline={"agency": "本报", "place": None, "date": None})
    # the first contribution: left column from its title down, on at the top of the middle one
    b_body = between(col1, 70, 192) + between(col2, 15, 35)
    first = article(t, title=[56, 61], extra=[66], byline={"agency": "镇江市工人纠察队总指挥部", "reporters": [],
                                                            "contributors": [], "photographers": []},
                    paragraphs=paragraphs(b_body, [70, 87, 93, 105, 126, 146, 173, 20]))
    c_body = between(col2, 53, 169)
    second = article(t, title=[40, 45], extra=[48], byline={"agency": "象山园艺场蚕桑工区革委会", "reporters": [],
                                                             "contributors": [], "photographers": []},
                     paragraphs=paragraphs(c_body, [53, 77, 101, 124]))
    # the third: from the foot of the middle column on at the top of the right one
    d_body = between(col2, 187, 193) + col3
    third = article(t, title=[174, 178], extra=[182],
                    byline={"agency": "6410部队某部毛泽东思想宣传队", "reporters": [], "contributors": [],
                            "photographers": []},
                    paragraphs=paragraphs(d_body, [187, 38, 62, 84, 147, 161]))
    return {
        "schema": "gold/page@1",
        "source": "bha-hzjb-1.json",
        "notes": "红镇江报 1968-08-08 第二版, PaddleOCR entries; line n = entry n (the .txt's line n). "
                 "Banner headline (kicker, three decks, deck paragraph) over the 【本报讯】 report, then three signed "
                 "contributions; columns interleaved row by row in the file; articles run on from the foot of one "
                 "column to the top of the next.",
        "articles": [lead, first, second, third],
        "furniture": [furniture(t, "date", [1]), furniture(t, "header", [2]), furniture(t, "masthead", [3]),
                      furniture(t, "page-number", [4])],
    }


def render(directory: Path) -> None:
    """Each page's entries drawn at their boxes with their text and number (the pictures read)."""
    import pymupdf

    for name in ("bha-wgjx-1", "bha-hzjb-1"):
        data = json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))
        width, height = data["dimensions"]["width"], data["dimensions"]["height"]
        doc = pymupdf.open()
        page = doc.new_page(width=width, height=height)
        for i, entry in enumerate(data["ocr_results"]):
            xs = [p[0] for p in entry["box"]]
            ys = [p[1] for p in entry["box"]]
            w, h, n = max(xs) - min(xs), max(ys) - min(ys), max(1, len(entry["text"]))
            size = min(h * 0.85, w / n * 1.05)
            page.insert_text((min(xs), min(ys) + size), entry["text"], fontname="china-s", fontsize=size)
            page.insert_text((min(xs) - 2, min(ys) - 1), str(i + 1), fontsize=14, color=(1, 0, 0))
        page.get_pixmap(matrix=pymupdf.Matrix(0.5, 0.5)).save(directory / f"{name}.png")


def main() -> None:
    if sys.argv[1:2] == ["--render"]:
        render(Path(sys.argv[2]))
        return
    for name, gold in (("bha-wgjx-1", wgjx()), ("bha-hzjb-1", hzjb())):
        texts = entries(name)
        owners = [n for a in gold["articles"] for s in a["lines"] for n in range(s[0], s[1] + 1)]
        owners += [n for f in gold["furniture"] for n in range(f["lines"][0], f["lines"][1] + 1)]
        assert sorted(owners) == list(range(1, len(texts) + 1)), (name, sorted(set(range(1, len(texts) + 1)) - set(owners)))
        (HERE / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
