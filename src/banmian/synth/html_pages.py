# PyMuPDF ships without annotations on most methods; everything else here is strictly typed.
# mypy: disable-error-code="no-untyped-call"
"""Held-out PDF pages laid out by another engine: HTML/CSS newspaper pages printed by Chromium.

The PDF generators in `banmian.synth.pdf` and `banmian.synth.pdf_wide` place every
glyph themselves, so a reader could come to fit them. These pages are laid out by a
browser instead: a CSS grid of stories, each story's body set in CSS multi-column
(`column-count`, `column-gap`, `column-rule`, `text-align: justify`, Chromium's own
CJK line breaking), heads across a story's columns (`column-span: all`) or the whole
page, one-column briefs, floated photos with captions, boxed stories (框), a feature
on a coarser grid above the briefs, ads, a header band; then printed to PDF by
Chromium (Skia's PDF writer, embedded subset fonts).

The gold comes from the HTML source: every text element carries the story and block
it belongs to, and after layout the browser reports the box of every character; the
characters of one element that share a line box make one drawn line (`DrawnLine`),
which a reader's lines are then matched to by box, as for the other generators
(`RenderedPage.gold_for_lines`). CSS px are converted to PDF points (x 0.75).

Chromium has no `hanging-punctuation`; its line breaking keeps closing marks off line
starts by squeezing or pushing (as the `push` line-end knob does).

Run: `python -m banmian.synth.html_pages OUT_DIR [--pages N] [--seed S]` (needs the
`playwright` package and Debian's `chromium`; see docs/pdf_synth.md).
"""

from __future__ import annotations

import argparse
import html
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from banmian.synth.articles import PARAGRAPH, SUBHEAD, CleanArticle, load_clean_articles
from banmian.synth.pdf import DrawnLine, GoldStory, RenderedPage
from banmian.synth.pdf_score import save_rendered
from banmian.synth.pdf_story import body_items, caption_items, head_byline

CHROMIUM = "/usr/bin/chromium"
PX_TO_PT = 0.75
# TrueType CJK faces (Debian fonts-arphic-uming, fonts-droid-fallback) are embedded by Chromium as
# Identity-H CID subsets with ToUnicode, as most page PDFs carry their fonts; the CFF-based Noto CJK
# faces (fonts-noto-cjk) come out as Type3 fonts, as in a web page printed from a browser.
FACES = (  # (body, heads) per page
    ("'AR PL UMing CN', serif", "'Droid Sans Fallback', sans-serif"),
    ("'AR PL UMing CN', serif", "'AR PL UMing CN', serif"),
    ("'Droid Sans Fallback', sans-serif", "'Droid Sans Fallback', sans-serif"),
    ("'Noto Serif CJK SC', serif", "'Noto Sans CJK SC', sans-serif"),
)
_SECTIONS = ("要闻", "综合", "国内", "国际", "经济", "社会", "文化", "体育", "地方", "民生")
_WEEKDAYS = "一二三四五六日"
_AD_BRANDS = ("恒远家居", "安康大药房", "金桥汽车城", "明德教育", "四季鲜果行", "长青眼镜")
_AD_LINES = ("全场特惠 限时抢购", "新店开业 欢迎光临", "品质保证 服务到家", "以旧换新 免费安装")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾"
_GIVEN = "伟芳敏静丽强磊军洋勇艳杰涛明超秀霞平刚英华玉萍红玲燕彬鹏辉建国斌宁婷雪琳晨浩宇"

# Every character's box, with the data-id of the element it belongs to (text nodes in DOM order).
_CHAR_BOXES_JS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let node;
  while ((node = walker.nextNode())) {
    const owner = node.parentElement && node.parentElement.closest('[data-id]');
    if (!owner) continue;
    const id = owner.getAttribute('data-id');
    for (let i = 0; i < node.data.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const b = range.getBoundingClientRect();
      if (b.width <= 0 || b.height <= 0) continue;
      out.push([id, node.data[i], b.left, b.top, b.right, b.bottom]);
    }
  }
  return out;
}"""


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))


@dataclass
class _Element:
    owner: tuple[str, Any]  # ("article", story index) | ("furniture", type)
    block: int | None  # -1 title, None no block, else index into the story's blocks


@dataclass
class _HtmlPage:
    """The HTML of one page and what each data-id'd element is."""

    rng: random.Random
    page_number: int
    elements: dict[str, _Element] = field(default_factory=dict)
    stories: list[GoldStory] = field(default_factory=list)

    def element(self, tag: str, text: str, owner: tuple[str, Any], block: int | None, cls: str = "",
                style: str = "") -> str:
        eid = f"e{len(self.elements)}"
        self.elements[eid] = _Element(owner, block)
        attrs = f' class="{cls}"' if cls else ""
        attrs += f' style="{style}"' if style else ""
        return f'<{tag} data-id="{eid}"{attrs}>{html.escape(text)}</{tag}>'

    def story(self, art: CleanArticle, k: int, *, single: bool, banner: bool, boxed: bool, rule: bool,
              photo: bool) -> str:
        rng = self.rng
        index = len(self.stories)
        story = GoldStory(article=art)
        if art.kind != "photo" and rng.random() < 0.12:
            story.continued_from = rng.choice((1, 2, 3))
        self.stories.append(story)
        owner = ("article", index)
        parts: list[str] = []
        align = rng.choice(("center", "center", "left"))
        if art.kind == "photo":
            height = rng.randint(140, 260)
            parts.append(f'<div class="ph" style="height:{height}px"></div>')
            parts.extend(self.captions(story, owner))
            return f'<section class="story" style="grid-column: span {k}">{"".join(parts)}</section>'
        head: list[str] = []
        if art.kicker and not single:
            head.append(self.element("div", art.kicker, owner, None, "kicker", f"text-align:{align}"))
        title = art.title.strip()
        decks = [title]
        if " " in title:
            left, _, right = title.partition(" ")
            decks = [left, right.strip()]
        size = rng.uniform(2.4, 3.6) if banner else (rng.uniform(1.2, 1.5) if single else rng.uniform(1.5, 2.4))
        tag = "h1" if banner else ("h3" if single else "h2")
        for deck in decks:
            head.append(self.element(tag, deck, owner, -1, "", f"font-size:{size:.2f}em;text-align:{align}"))
        if art.subtitle:
            head.append(self.element("div", art.subtitle, owner, None, "subtitle", f"text-align:{align}"))
        by_text = head_byline(story)
        if by_text:
            head.append(self.element("div", by_text, owner, None, "byline"))
        body: list[str] = []
        if photo and art.captions:
            width = rng.choice((60, 100)) if k > 1 else 100
            inner = f'<div class="ph" style="height:{rng.randint(90, 180)}px"></div>' + "".join(
                self.captions(story, owner))
            side = rng.choice(("left", "right"))
            body.append(f'<figure style="float:{side};width:{width}%">{inner}</figure>')
        for kind, text, block in body_items(story, full_chunks=True):
            body.append(self.element("h4" if kind == SUBHEAD else "p", text, owner, block))
        columns = 1 if single else k
        body_style = f"column-count:{columns}"
        if rule and columns > 1:
            body_style += ";column-rule:1px solid #777"
        heads = "".join(head)
        inside = rng.random() < 0.4 and columns > 1  # the head inside the multicol, spanning all columns
        cls = "story boxed" if boxed else "story"
        span = "1 / -1" if banner else f"span {k}"
        if inside:
            return (f'<section class="{cls}" style="grid-column: {span}"><div class="body" style="{body_style}">'
                    f'<div class="head">{heads}</div>{"".join(body)}</div></section>')
        return (f'<section class="{cls}" style="grid-column: {span}"><div class="head">{heads}</div>'
                f'<div class="body" style="{body_style}">{"".join(body)}</div></section>')

    def captions(self, story: GoldStory, owner: tuple[str, Any]) -> list[str]:
        return [self.element("p", text, owner, block, "caption") if kind == "caption"
                else self.element("div", text, owner, block, "credit")
                for kind, text, block in caption_items(story, full_chunks=True)]

    def header(self) -> str:
        rng = self.rng
        date = f"{rng.randint(1995, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日 星期{rng.choice(_WEEKDAYS)}"
        items = [self.element("div", date, ("furniture", "date"), None),
                 self.element("div", rng.choice(_SECTIONS), ("furniture", "section"), None, "section"),
                 self.element("div", f"第{self.page_number}版", ("furniture", "page-number"), None)]
        if rng.random() < 0.6:
            items.insert(2, self.element("div", f"责任编辑：{_name(rng)}", ("furniture", "editor"), None))
        return f'<header class="band">{"".join(items)}</header>'

    def ad(self, k: int) -> str:
        rng = self.rng
        owner = ("furniture", "advertisement")
        lines = [self.element("div", rng.choice(_AD_BRANDS), owner, None, "brand"),
                 self.element("div", rng.choice(_AD_LINES), owner, None),
                 self.element("div", f"咨询热线：0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}", owner, None)]
        return f'<section class="ad" style="grid-column: span {k}">{"".join(lines)}</section>'


def _css(rng: random.Random, width: int, height: int) -> str:
    gap = rng.uniform(0.5, 2.0)
    body_face, head_face = rng.choice(FACES)
    return f"""
@page {{ size: {width}px {height}px; margin: 0 }}
html, body {{ margin: 0; padding: 0 }}
body {{ width: {width}px; font-family: {body_face}; font-size: {rng.choice((12, 13, 14, 15))}px;
  line-height: {rng.uniform(1.45, 1.75):.2f}; color: #000; line-break: strict;
  -webkit-print-color-adjust: exact; print-color-adjust: exact }}
.page {{ box-sizing: border-box; width: {width}px; padding: {rng.randint(24, 48)}px {rng.randint(24, 48)}px }}
header.band {{ display: flex; justify-content: space-between; align-items: flex-end;
  border-bottom: 3px double #000; padding-bottom: 4px; margin-bottom: 10px; font-size: 0.9em }}
header.band .section {{ font-size: 2.2em; font-weight: bold; line-height: 1.1 }}
.grid {{ display: grid; column-gap: {gap:.2f}em; row-gap: 1em; margin-bottom: 1em; align-items: start }}
.story .body {{ column-gap: {gap:.2f}em; text-align: justify }}
.story .head {{ column-span: all; margin-bottom: 0.4em }}
h1, h2, h3, h4, .ad .brand {{ margin: 0; line-height: 1.25; font-weight: bold; font-family: {head_face} }}
h4 {{ margin: 0.4em 0 !important; font-size: 1.05em; text-align: center }}
.kicker, .subtitle {{ font-size: 1.1em; margin: 0.15em 0 }}
.byline {{ margin-top: 0.3em }}
p {{ margin: 0; text-indent: {rng.choice(("2em", "2em", "0"))} }}
.boxed {{ border: 1px solid #000; padding: 0.6em }}
figure {{ margin: 0 0 0.6em; padding: 0 0.4em }}
.ph {{ background: #bbb }}
.caption {{ font-size: 0.9em; text-indent: 2em; margin-top: 0.3em }}
.credit {{ font-size: 0.9em; text-align: right }}
.ad {{ border: 2px solid #000; text-align: center; padding: 1em 0.5em }}
.ad .brand {{ font-size: 2.2em; font-weight: bold }}
"""


def _build(articles: Sequence[CleanArticle], rng: random.Random, page_number: int, count: int,
           width: int, height: int, style: dict[str, Any]) -> tuple[str, _HtmlPage]:
    page = _HtmlPage(rng=random.Random(style["seed"]), page_number=page_number)
    srng = page.rng
    n = style["columns"]
    queue = list(articles[:count])
    rows: list[str] = []
    body: list[str] = [page.header()] if style["header"] else []
    if style["banner"] and queue:
        art = queue.pop(0)
        rows.append(f'<div class="grid" style="grid-template-columns: repeat({n}, 1fr)">'
                    + page.story(art, n, single=False, banner=True, boxed=False, rule=style["rules"],
                                 photo=srng.random() < 0.5) + "</div>")
    if style["feature"] and queue:
        m = srng.choice((2, 3))
        cells: list[str] = []
        for _ in range(srng.choice((1, 2))):
            if queue:
                art = queue.pop(0)
                cells.append(page.story(art, m if len(cells) == 0 and srng.random() < 0.5 else 1, single=False,
                                        banner=False, boxed=srng.random() < 0.3, rule=style["rules"], photo=True))
        rows.append(f'<div class="grid" style="grid-template-columns: repeat({m}, 1fr)">{"".join(cells)}</div>')
    cells = []
    used = 0
    while queue:
        art = queue.pop(0)
        # one-column stories are briefs: their first paragraph only
        single = srng.random() < style["singles"] and art.kind != "photo"
        if single:
            first = next(((k, t) for k, t in art.paragraphs if k == PARAGRAPH), None)
            art = replace(art, paragraphs=[first] if first else art.paragraphs[:1], captions=[], credit=None,
                          kicker=None)
        k = 1 if single else min(n, srng.randint(2, max(2, min(4, n))))
        if art.kind == "photo":
            k, single = min(n, 2), False
        cells.append(page.story(art, k, single=single, banner=False, boxed=srng.random() < style["boxed"],
                                rule=style["rules"], photo=srng.random() < 0.6))
        used += k
    rows.append(f'<div class="grid" style="grid-template-columns: repeat({n}, 1fr); grid-auto-flow: dense">'
                f'{"".join(cells)}</div>')
    if style["ads"]:
        ads = [page.ad(n // style["ads"]) for _ in range(style["ads"])]
        rows.append(f'<div class="grid" style="grid-template-columns: repeat({n}, 1fr)">{"".join(ads)}</div>')
    body.extend(rows)
    document = (f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><style>{_css(rng, width, height)}"
                f"</style></head><body><div class=\"page\">{''.join(body)}</div></body></html>")
    return document, page


def _lines_from_chars(chars: list[list[Any]]) -> list[tuple[str, str, tuple[float, float, float, float]]]:
    """(element id, text, box in px) per line: an element's characters that share a line box."""
    lines: list[tuple[str, str, tuple[float, float, float, float]]] = []
    current: list[list[Any]] = []

    def close() -> None:
        if current:
            text = "".join(c[1] for c in current)
            if text.strip():
                box = (min(c[2] for c in current), min(c[3] for c in current), max(c[4] for c in current),
                       max(c[5] for c in current))
                lines.append((current[0][0], text.strip(), box))
            current.clear()

    for ch in chars:
        if current:
            last = current[-1]
            height = last[5] - last[3]
            same_line = abs(ch[3] - last[3]) < 0.5 * height and -1.0 <= ch[2] - last[4] < 2 * height
            if ch[0] != last[0] or not same_line:
                close()
        if ch[1].strip() or current:
            current.append(ch)
    close()
    return lines


def render_html_pages(articles: Sequence[CleanArticle], count: int, *, seed: int = 0,
                      executable: str = CHROMIUM) -> list[tuple[RenderedPage, str]]:
    """`count` pages laid out and printed by Chromium; (the page with its gold, its HTML source)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise RuntimeError("the held-out pages need the `playwright` package (pip install playwright)") from None
    rng = random.Random(seed)
    out: list[tuple[RenderedPage, str]] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        try:
            tries = 0
            while len(out) < count and tries < 3 * count:
                tries += 1
                page, document = _one_page(browser, articles, rng)
                if gold_agreement(page) >= 0.98:  # else the browser's layout and its print disagree: skip
                    out.append((page, document))
        finally:
            browser.close()
    return out


def _one_page(browser: Any, articles: Sequence[CleanArticle], rng: random.Random) -> tuple[RenderedPage, str]:
    width = rng.randint(900, 1150)
    height = round(width * rng.uniform(1.38, 1.45))
    page_number = rng.randint(2, 16)
    style = {"seed": rng.randrange(1 << 30), "columns": rng.randint(4, 8), "header": rng.random() < 0.9,
             "banner": rng.random() < 0.4, "feature": rng.random() < 0.4, "singles": rng.choice((0.0, 0.2, 0.4)),
             "boxed": rng.choice((0.0, 0.2)), "rules": rng.random() < 0.5, "ads": rng.choice((0, 0, 1, 2))}
    pool = list(articles)
    rng.shuffle(pool)
    pool = [_vary(a, rng) for a in pool]
    css_rng_seed = rng.randrange(1 << 30)
    tab = browser.new_page(viewport={"width": width, "height": height})
    try:
        tab.emulate_media(media="print")
        # start from about what the page holds, then drop stories until it fits one page
        font_px = 13.5
        capacity = width * height / (font_px * font_px * 1.6) * 1.1
        count, chars = 0, 0
        while count < len(pool) and chars < capacity:
            chars += pool[count].body_chars() + 40
            count += 1
        while True:
            document, built = _build(pool, random.Random(css_rng_seed), page_number, count, width, height, style)
            tab.set_content(document)
            tall = tab.evaluate("() => document.querySelector('.page').getBoundingClientRect().height")
            if tall > height - 8 and count > 1:
                count -= 1
                continue
            boxes = tab.evaluate(_CHAR_BOXES_JS)
            pdf = tab.pdf(width=f"{width}px", height=f"{height}px", print_background=True,
                          prefer_css_page_size=True, margin={"top": "0", "bottom": "0", "left": "0", "right": "0"})
            if _page_count(pdf) == 1 or count <= 1:  # paged layout can still split a multicol box
                break
            count -= 1
    finally:
        tab.close()
    lines: list[DrawnLine] = []
    furniture: list[int] = []
    for eid, text, (x0, y0, x1, y1) in _lines_from_chars(boxes):
        element = built.elements[eid]
        box = (x0 * PX_TO_PT, y0 * PX_TO_PT, x1 * PX_TO_PT, y1 * PX_TO_PT)
        lines.append(DrawnLine(text, box, round((y1 - y0) * PX_TO_PT, 1), element.owner))
        lid = len(lines) - 1
        if element.owner[0] == "furniture":
            furniture.append(lid)
            continue
        built.stories[element.owner[1]].add_line(lid, element.block)
    # a block none of whose characters were laid out is not on the page
    for story in built.stories:
        story.blocks = [b if b.line_ids else replace(b, chunks=[]) for b in story.blocks]
    rendered = RenderedPage(pdf=bytes(pdf), lines=lines, stories=built.stories, furniture=furniture,
                            page_number=page_number, columns=int(style["columns"]),
                            knobs={"width_px": width, "height_px": height, **style},
                            engine="chromium (banmian.synth.html_pages)")
    return rendered, document


def _page_count(pdf: bytes) -> int:
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return int(doc.page_count)


def gold_agreement(page: RenderedPage) -> float:
    """Share of the PDF's own text lines (PyMuPDF, stream order) that match a drawn line with the same text.

    The check that the gold taken from the browser's layout is the printed page's: it uses
    no reader of this project, only MuPDF's lines.
    """
    import pymupdf

    with pymupdf.open(stream=page.pdf, filetype="pdf") as doc:
        if doc.page_count != 1:
            return 0.0
        found = [(line["bbox"], "".join(s["text"] for s in line["spans"]))
                 for block in doc[0].get_text("dict")["blocks"] for line in block.get("lines", ())]
    found = [(box, text) for box, text in found if text.strip()]
    owners = page.match_lines([tuple(box) for box, _ in found])
    agree = sum(1 for i, numbers in owners.items() for n in numbers
                if "".join(found[n - 1][1].split()) in "".join(page.lines[i].text.split()))
    return agree / max(1, len(found))


def _vary(art: CleanArticle, rng: random.Random) -> CleanArticle:
    """Briefs and long bylines, as on the other generators' pages."""
    if art.kind != "photo" and rng.random() < 0.3:
        first = next(((k, t) for k, t in art.paragraphs if k == PARAGRAPH), None)
        art = replace(art, paragraphs=[first] if first else art.paragraphs[:1], captions=[], credit=None)
    by = art.byline
    if by and by.get("reporters") and rng.random() < 0.3:
        by = {**by, "reporters": [*by["reporters"], _name(rng)],
              "contributors": [*(by.get("contributors") or []), _name(rng)]}
        art = replace(art, byline=by)
    return art


def write_pages(out_dir: Path, count: int, seed: int, articles: Sequence[CleanArticle]) -> list[Path]:
    """Write NAME.pdf, NAME.rendered.json and NAME.html for each page; return the PDF paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (page, document) in enumerate(render_html_pages(articles, count, seed=seed), start=1):
        paths.append(save_rendered(page, out_dir / f"html-{seed}-{i:02d}", document, ".html"))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write held-out newspaper PDFs laid out by Chromium, with gold.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=Path, action="append", default=None,
                        help="clean-article or gold JSON files (default: the shipped articles)")
    args = parser.parse_args(argv)
    try:
        articles = load_clean_articles(args.articles)
        paths = write_pages(args.out_dir, args.pages, args.seed, articles)
    except Exception as exc:  # a missing browser or package: one line, not a traceback
        print(f"error: {str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__}", file=sys.stderr)
        return 2
    print(f"wrote {len(paths)} pages to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
