"""Newspaper-like PDF pages set the way many Chinese papers set them, for the geometry tests.

An independent layout from `banmian.synth.pdf` (which the reader must not fit): columns
of a whole number of characters with gutters from 0.3 to 2 em, justified lines with
punctuation hanging into the gutter (or pushed to the next line), stacked grids (a
feature in wide columns above briefs in narrow ones), headlines centred or flush left
across a story's columns, datelines whose `（记者 …）` tail wraps, pages left half empty,
and the content stream written column by column per story, stories in any order.

`newsprint_page(articles, seed)` returns a `banmian.synth.pdf.RenderedPage`, so the same
box-matched gold and scorer apply (`banmian.synth.pdf_score.score_rendered`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import pymupdf

from banmian.synth.articles import SUBHEAD, CleanArticle
from banmian.synth.pdf import DrawnLine, GoldBlock, GoldStory, RenderedPage

FONT = "china-s"
CLOSING = set("，。、；：？！）」』”’》")
OPENING = set("（「『“‘《")


def wrap(text: str, cpl: int, indent: int, hang: bool) -> list[str]:
    """Lines of at most `cpl` characters (the first `indent` short); a closing mark that
    would start a line hangs at the end of the one before, or pulls a character down."""
    lines: list[str] = []
    pos = 0
    room = max(1, cpl - indent)
    while pos < len(text):
        line = text[pos : pos + room]
        pos += len(line)
        if pos < len(text) and text[pos] in CLOSING:
            if hang:
                line += text[pos]
                pos += 1
            elif len(line) > 2:
                line, pos = line[:-1], pos - 1
        if pos < len(text) and line[-1] in OPENING and len(line) > 2:
            line, pos = line[:-1], pos - 1
        lines.append(line)
        room = cpl
    return lines


class _Page:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.size = rng.choice((9.0, 9.5, 10.0, 10.5))
        self.leading = self.size * rng.uniform(1.35, 1.7)
        self.columns = rng.randint(5, 8)
        self.gutter = self.size * rng.choice((0.3, 0.5, 0.8, 1.0, 1.5, 2.0))
        self.cpl = rng.randint(9, 13)
        self.col_w = self.cpl * self.size
        self.margin = rng.uniform(24, 44)
        self.width = 2 * self.margin + self.columns * self.col_w + (self.columns - 1) * self.gutter
        self.height = self.width * rng.uniform(1.35, 1.45)
        self.hang = rng.random() < 0.7
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=self.width, height=self.height)
        self.lines: list[DrawnLine] = []
        self.stories: list[GoldStory] = []
        self.furniture: list[int] = []
        self.queues: list[list[tuple[str, float, float, float, float]]] = []

    def draw(self, queue: list[tuple[str, float, float, float, float]], text: str, x: float, top: float,
             size: float, owner: tuple[str, Any], measure: float = 0.0) -> int:
        """Queue one line; `measure` > 0 justifies it to that width (letter spacing)."""
        n = len(text)
        spacing = 0.0
        if measure and n > 1 and text[-1] in CLOSING and n * size > measure + 0.5 * size:
            n -= 1  # the hanging mark stays outside the measure
        if measure and n > 1:
            spacing = max(0.0, (measure - n * size) / (n - 1))
        queue.append((text, x, top + size * 0.88, size, spacing))
        right = x + len(text) * size + spacing * (len(text) - 1)
        self.lines.append(DrawnLine(text, (x, top, right, top + size * 1.1), size, owner))
        return len(self.lines) - 1

    def finish(self, shuffle: bool) -> bytes:
        if shuffle:
            self.rng.shuffle(self.queues)
        shape = self.page.new_shape()
        for queue in self.queues:
            for text, x, baseline, size, spacing in queue:
                if not spacing:
                    shape.insert_text((x, baseline), text, fontname=FONT, fontsize=size)
                    continue
                for k, ch in enumerate(text):
                    shape.insert_text((x + k * (size + spacing), baseline), ch, fontname=FONT, fontsize=size)
        shape.commit()
        data: bytes = self.doc.tobytes(garbage=0, deflate=True)
        self.doc.close()
        return data


def _header(p: _Page) -> float:
    rng = p.rng
    queue: list[tuple[str, float, float, float, float]] = []
    top = p.margin
    date = f"{rng.randint(1990, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    p.furniture.append(p.draw(queue, date, p.margin, top + 4, 9, ("furniture", "date")))
    section = rng.choice(("要闻", "综合新闻", "地方", "经济周刊"))
    sx = (p.width - len(section) * 16) / 2
    p.furniture.append(p.draw(queue, section, sx, top, 16, ("furniture", "section")))
    number = f"第{rng.randint(2, 12)}版"
    p.furniture.append(p.draw(queue, number, p.width - p.margin - len(number) * 9, top + 4, 9,
                              ("furniture", "page-number")))
    p.queues.append(queue)
    rule_y = top + 24
    p.page.draw_line((p.margin, rule_y), (p.width - p.margin, rule_y), width=1.0)
    return rule_y + p.size


def _flow(p: _Page, story: GoldStory, cpl: int) -> list[tuple[str, float, int, str]]:
    """(text, size, block index, alignment) per line of the story's body."""
    art = story.article
    out: list[tuple[str, float, int, str]] = []
    first = True
    for kind, text in art.paragraphs:
        block = len(story.blocks)
        if kind == SUBHEAD:
            story.blocks.append(GoldBlock(SUBHEAD))
            size = p.size * 1.2
            for part in wrap(text, int(cpl * p.size // size), 0, False):
                out.append((part, size, block, "center"))
            continue
        prefix = ""
        if first and art.dateline:
            prefix = art.dateline.get("raw") or ""
            reporters = (art.byline or {}).get("reporters") or []
            if reporters:
                prefix += "（记者 " + " ".join(reporters) + "）"
        first = False
        story.blocks.append(GoldBlock("paragraph", strip_prefix=prefix))
        for k, part in enumerate(wrap(prefix + text, cpl, 2, p.hang)):
            out.append((part, p.size, block, "indent" if k == 0 else "justify"))
    return out


def _story(p: _Page, art: CleanArticle, x0: float, k: int, col_w: float, gutter: float, top: float,
           bottom: float) -> float | None:
    """Set one story over k columns of width col_w from `top`; None when it does not fit."""
    rng = p.rng
    cpl = round(col_w / p.size)
    span = k * col_w + (k - 1) * gutter
    index = len(p.stories)
    story = GoldStory(article=art)
    flow = _flow(p, story, cpl)
    title_size = min(28.0, max(p.size * 1.6, float(int(span * 0.9 / max(1, len(art.title))))))
    decks = wrap(art.title, int(span // title_size), 0, False)
    head_h = len(decks) * title_size * 1.25 + p.size
    small = round(max(p.size * 1.3, title_size * 0.55), 1)
    kicker = wrap(art.kicker, int(span // small), 0, False) if art.kicker else []
    subtitle = wrap(art.subtitle, int(span // small), 0, False) if art.subtitle else []
    byline = ""
    by = art.byline or {}
    if not art.dateline and by.get("reporters"):
        byline = f"{by.get('agency') or '本报'}记者 " + " ".join(by["reporters"])
    head_h += (len(kicker) + len(subtitle)) * small * 1.3 + (p.leading if byline else 0)
    rows = int((bottom - top - head_h) // p.leading)
    if rows < 3:
        return None
    # drop trailing paragraphs that do not fit (the story is shorter on this page)
    while flow and -(-len(flow) // k) > rows:
        last = flow[-1][2]
        flow = [f for f in flow if f[2] != last]
        story.blocks.pop()
    if not flow or len(story.blocks) < 1:
        return None
    p.stories.append(story)
    owner = ("article", index)
    head: list[tuple[str, float, float, float, float]] = []
    body: list[tuple[str, float, float, float, float]] = []
    centred = rng.random() < 0.7
    y = top

    def head_line(text: str, size: float, is_title: bool) -> None:
        nonlocal y
        x = x0 + (span - len(text) * size) / 2 if centred else x0
        lid = p.draw(head, text, x, y, size, owner)
        story.line_ids.append(lid)
        if is_title:
            story.title_ids.append(lid)
        y += size * (1.25 if is_title else 1.3)

    for part in kicker:
        head_line(part, small, False)
    for deck in decks:
        head_line(deck, title_size, True)
    for part in subtitle:
        head_line(part, small, False)
    y += p.size * 0.6
    if byline:
        story.line_ids.append(p.draw(head, byline, x0, y, p.size, owner))
        story.byline_rendered = {"agency": by.get("agency") or "本报", "reporters": list(by["reporters"]),
                                 "contributors": [], "photographers": []}
        y += p.leading
    elif art.dateline and by.get("reporters"):
        story.byline_rendered = {"agency": art.dateline.get("agency"), "reporters": list(by["reporters"]),
                                 "contributors": [], "photographers": []}
    per = -(-len(flow) // k)
    bottom_y = y
    for c in range(k):
        cx = x0 + c * (col_w + gutter)
        cy = y
        for text, size, block, align in flow[c * per : (c + 1) * per]:
            if align == "center":
                x, measure = cx + (col_w - len(text) * size) / 2, 0.0
            elif align == "indent":
                x, measure = cx + 2 * size, col_w - 2 * size if len(text) >= cpl - 2 else 0.0
            else:
                x, measure = cx, col_w if len(text) >= cpl - 1 else 0.0
            lid = p.draw(body, text, x, cy, size, owner, measure)
            story.line_ids.append(lid)
            story.blocks[block].line_ids.append(lid)
            story.blocks[block].chunks.append(text)
            cy += p.leading
        bottom_y = max(bottom_y, cy)
    p.queues.append(head + body if rng.random() < 0.6 else body + head)
    return bottom_y


def newsprint_page(articles: Sequence[CleanArticle], seed: int) -> RenderedPage:
    """One page of stories from `articles` (shuffled), laid out as described above."""
    rng = random.Random(seed)
    p = _Page(rng)
    pool = [a for a in articles if a.kind != "photo" and a.paragraphs]
    rng.shuffle(pool)
    top = _header(p)
    bottom = p.height - p.margin
    if rng.random() < 0.2:
        bottom = p.height * rng.uniform(0.45, 0.6)  # the lower part of the page left empty
    while pool and top < bottom - 8 * p.leading:
        if rng.random() < 0.2:  # a feature row in its own wider grid
            k = rng.choice((2, 3))
            inner = p.width - 2 * p.margin
            col_w = int((inner - (k - 1) * p.gutter) / k / p.size) * p.size
            gutter = (inner - k * col_w) / (k - 1)
            spans = [(p.margin, k, col_w, gutter)]
        else:
            spans = []
            col = 0
            while col < p.columns:
                k = min(p.columns - col, rng.randint(2, 4))
                if p.columns - col - k == 1:
                    k += 1
                spans.append((p.margin + col * (p.col_w + p.gutter), k, p.col_w, p.gutter))
                col += k
        row_bottom = top
        for x0, k, col_w, gutter in spans:
            while pool:
                reached = _story(p, pool.pop(0), x0, k, col_w, gutter, top, bottom)
                if reached is not None:
                    row_bottom = max(row_bottom, reached)
                    break
        if row_bottom == top:
            break
        top = row_bottom + p.leading
        if rng.random() < 0.5:
            p.page.draw_line((p.margin, top - p.leading / 2), (p.width - p.margin, top - p.leading / 2), width=0.5)
    pdf = p.finish(shuffle=rng.random() < 0.5)
    return RenderedPage(pdf=pdf, lines=p.lines, stories=p.stories, furniture=p.furniture,
                        page_number=1, columns=p.columns)
