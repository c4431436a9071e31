# PyMuPDF ships without annotations on most methods; everything else here is strictly typed.
# mypy: disable-error-code="no-untyped-call"
"""Render clean articles into newspaper-like PDF pages whose ground truth is known.

The fixtures for the PDF path: a header band (date, section, page number,
editor) above a rule, then 4-8 columns filled with stacked bands of stories.
A story spans several columns under its headline (kicker / one- or two-deck
title / subtitle in larger type, centred or flush left), has a head byline or
a dateline, subheads, maybe a photo box (grey rectangle) with a small-type
caption and credit at the top of its last column, and flows down its columns
one after the other (balanced). A story that does not fit at the foot of the
page is cut with a jump line (下转第N版); some stories are continuations that
open with 上接第N版. Photo stories are a box, captions and a credit.

Every drawn line is recorded with its box and owner, so the gold page can be
written for *any* line numbering of the PDF's lines: `gold_for_lines` maps
each drawn line to the extracted line with the same box. The gold therefore
depends on geometry only, never on the parser's roles or grouping.

The stream order is deliberately not the reading order (each story writes its
body before its headline, and stories are written in shuffled order), as in
many typesetting systems' output; the plain-text baseline sees that order.

These are the "old" pages of the PDF benchmark: one gutter, one grid, every glyph
one em. `banmian.synth.pdf_wide` draws every layout choice per page and
`banmian.synth.html_pages` has Chromium lay pages out (docs/pdf_synth.md); both
reuse `RenderedPage` and its gold.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pymupdf

from banmian.model import BBox, spans_from_numbers
from banmian.synth.articles import PARAGRAPH, SUBHEAD, CleanArticle

FONT = "china-s"  # PyMuPDF's built-in CJK font: every glyph advances one em
PAGE_WIDTH = 842.0
PAGE_HEIGHT = 1191.0
MARGIN = 32.0
GUTTER = 10.0
HEADER_RULE_Y = 64.0
CONTENT_TOP = 76.0
CONTENT_BOTTOM = PAGE_HEIGHT - MARGIN
PHOTO_GREY = (0.78, 0.78, 0.78)
WEEKDAYS = "一二三四五六日"
SECTIONS = ("要闻", "综合", "国内", "国际", "经济", "社会", "文化", "体育")


@dataclass
class DrawnLine:
    """One line of text as drawn: what, where, and whose it is."""

    text: str
    bbox: BBox
    size: float
    # ("article", story index on the page) or ("furniture", furniture type)
    owner: tuple[str, Any]


@dataclass
class GoldBlock:
    type: str
    # drawn-line indices; the gold text is the clean text of what was printed
    line_ids: list[int] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)
    strip_prefix: str = ""

    @property
    def text(self) -> str:
        joined = "".join(self.chunks)
        if self.strip_prefix and joined.startswith(self.strip_prefix):
            joined = joined[len(self.strip_prefix) :]
        elif self.chunks and self.strip_prefix.startswith(joined):
            joined = ""  # the story was cut inside its dateline or who-note: no text printed
        return joined

    @property
    def cut_prefix(self) -> str | None:
        """What was printed of the prefix where the story was cut inside it, else None."""
        joined = "".join(self.chunks)
        if self.chunks and self.strip_prefix.startswith(joined) and joined != self.strip_prefix:
            return joined
        return None


@dataclass
class GoldStory:
    article: CleanArticle
    title_ids: list[int] = field(default_factory=list)
    line_ids: list[int] = field(default_factory=list)
    blocks: list[GoldBlock] = field(default_factory=list)
    continued_from: int | None = None
    continued_to: int | None = None
    byline_rendered: dict[str, Any] | None = None

    def printed_byline(self) -> dict[str, Any] | None:
        """The byline as printed: where the story was cut inside its who-note (`…电（记者 甲`
        at a column's foot, the rest on another page), only the names printed in full."""
        block = next((b for b in self.blocks if b.cut_prefix is not None), None)
        if block is None or not self.byline_rendered:
            return self.byline_rendered
        cut = "".join(block.chunks)
        printed = cut.split("（", 1)[1] if "（" in cut else ""
        shown = printed.replace("记者", " ").replace("通讯员", " ").split()
        if shown and block.strip_prefix[len(cut):][:1] not in (" ", "）"):
            shown.pop()  # a name cut in two
        return {key: [n for n in value if n in shown] if key in ("reporters", "contributors") else value
                for key, value in self.byline_rendered.items()}

    def add_line(self, lid: int, block: int | None, text: str | None = None) -> None:
        """Record drawn line `lid` as this story's: block -1 is the title, None no block (kicker,
        byline, jump line), else an index into `blocks`, whose chunks get `text` when given."""
        self.line_ids.append(lid)
        if block == -1:
            self.title_ids.append(lid)
        elif block is not None:
            self.blocks[block].line_ids.append(lid)
            if text is not None:
                self.blocks[block].chunks.append(text)


# An affine map (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f.
Affine = tuple[float, float, float, float, float, float]
IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class RenderedPage:
    """A generated page: the PDF bytes plus everything needed to write its gold.

    Drawn boxes are in the displayed page's frame (origin at the visible top-left,
    y down). `frames` lists other frames a reader may report boxes in (MuPDF gives a
    rotated page's text in the unrotated frame); the gold takes the frame that
    matches most lines. `undecodable` counts glyphs drawn in a font without a
    Unicode mapping: their gold text is the character the reader cannot know.
    """

    pdf: bytes
    lines: list[DrawnLine]
    stories: list[GoldStory]
    furniture: list[int]
    page_number: int
    columns: int
    frames: list[Affine] = field(default_factory=list)
    undecodable: int = 0
    knobs: dict[str, Any] | None = None
    engine: str = "banmian.synth.pdf"

    def gold_for_lines(self, boxes: Sequence[BBox | None]) -> dict[str, Any]:
        """Gold page (format of examples/*.gold.json) for a text whose line n has box boxes[n-1]."""
        numbers_of = self.match_lines(boxes)

        def numbers(ids: list[int]) -> list[int]:
            return sorted({n for i in ids for n in numbers_of.get(i, ())})

        def span(ids: list[int]) -> list[int] | None:
            found = numbers(ids)
            return [found[0], found[-1]] if found else None

        articles: list[dict[str, Any]] = []
        for story in self.stories:
            art = story.article
            blocks = [
                {"type": b.type, "text": b.text, "lines": span(b.line_ids)}
                for b in story.blocks
                if b.text and span(b.line_ids)
            ]
            title = art.title if art.kind != "photo" and story.title_ids else None
            articles.append(
                {
                    "kind": art.kind,
                    "title": title,
                    "kicker": art.kicker if title else None,
                    "subtitle": art.subtitle if title else None,
                    "title_lines": span(story.title_ids),
                    "continued_from": story.continued_from,
                    "continued_to": story.continued_to,
                    "byline": story.printed_byline(),
                    "dateline": _gold_dateline(art) if art.dateline and not story.continued_from else None,
                    "lines": [list(s) for s in spans_from_numbers(numbers(story.line_ids))],
                    "blocks": blocks,
                }
            )
        furniture = [
            {"type": self.lines[i].owner[1], "text": self.lines[i].text, "lines": [n, n]}
            for i in self.furniture
            for n in numbers_of.get(i, ())
        ]
        return {
            "schema": "gold/page@1",
            "source": f"generated page {self.page_number}",
            "notes": f"rendered by {self.engine}; lines are matched by box",
            "articles": articles,
            "furniture": furniture,
        }

    def match_lines(self, boxes: Sequence[BBox | None]) -> dict[int, list[int]]:
        """drawn-line index -> the 1-based numbers of the found lines that belong to it.

        Each found line goes to the drawn line it overlaps most (so a drawn line a
        reader splits in two keeps both halves), in whichever of the page's frames
        matches most found lines.
        """
        best: dict[int, list[int]] = {}
        best_count = -1
        for frame in [IDENTITY, *self.frames]:
            drawn = [_transform_box(line.bbox, frame) for line in self.lines]
            owners = _match_found(drawn, boxes)
            count = sum(len(v) for v in owners.values())
            if count > best_count:
                best, best_count = owners, count
        return best

    def to_json(self) -> dict[str, Any]:
        """Everything but the PDF bytes, as JSON (fixtures ship it beside their PDF)."""
        return {
            "schema": "banmian/rendered-page@1",
            "engine": self.engine,
            "page_number": self.page_number,
            "columns": self.columns,
            "frames": [list(f) for f in self.frames],
            "undecodable": self.undecodable,
            "knobs": self.knobs,
            "lines": [{"text": ln.text, "bbox": [round(v, 2) for v in ln.bbox], "size": ln.size,
                       "owner": list(ln.owner)} for ln in self.lines],
            "furniture": list(self.furniture),
            "stories": [
                {
                    "article": s.article.to_dict(),
                    "title_ids": s.title_ids,
                    "line_ids": s.line_ids,
                    "blocks": [{"type": b.type, "line_ids": b.line_ids, "chunks": b.chunks,
                                "strip_prefix": b.strip_prefix} for b in s.blocks],
                    "continued_from": s.continued_from,
                    "continued_to": s.continued_to,
                    "byline_rendered": s.byline_rendered,
                }
                for s in self.stories
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], pdf: bytes) -> RenderedPage:
        lines = [DrawnLine(d["text"], (d["bbox"][0], d["bbox"][1], d["bbox"][2], d["bbox"][3]), d["size"],
                           (d["owner"][0], d["owner"][1])) for d in data["lines"]]
        stories = [
            GoldStory(
                article=CleanArticle.from_dict(s["article"]),
                title_ids=list(s["title_ids"]),
                line_ids=list(s["line_ids"]),
                blocks=[GoldBlock(b["type"], list(b["line_ids"]), list(b["chunks"]), b["strip_prefix"])
                        for b in s["blocks"]],
                continued_from=s["continued_from"],
                continued_to=s["continued_to"],
                byline_rendered=s["byline_rendered"],
            )
            for s in data["stories"]
        ]
        frames = [(f[0], f[1], f[2], f[3], f[4], f[5]) for f in data.get("frames") or []]
        return cls(pdf=pdf, lines=lines, stories=stories, furniture=list(data["furniture"]),
                   page_number=data["page_number"], columns=data["columns"], frames=frames,
                   undecodable=data.get("undecodable", 0), knobs=data.get("knobs"),
                   engine=data.get("engine", "unknown"))


def _gold_dateline(article: CleanArticle) -> dict[str, Any]:
    dl = article.dateline or {}
    return {"agency": dl.get("agency"), "place": dl.get("place"), "date": dl.get("date")}


def _transform_box(box: BBox, m: Affine) -> BBox:
    if m == IDENTITY:
        return box
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


def _match_found(drawn: list[BBox], found: Sequence[BBox | None]) -> dict[int, list[int]]:
    """drawn-line index -> numbers of the found lines whose boxes overlap it most."""
    grid = 8.0
    buckets: dict[int, list[int]] = {}
    for i, (_, y0, _, y1) in enumerate(drawn):
        for key in range(math.floor(y0 / grid), math.floor(y1 / grid) + 1):
            buckets.setdefault(key, []).append(i)
    out: dict[int, list[int]] = {}
    for n, box in enumerate(found, start=1):
        if box is None:
            continue
        fx0, fy0, fx1, fy1 = box
        found_area = max(1e-6, (fx1 - fx0) * (fy1 - fy0))
        best, best_area = -1, 0.0
        seen: set[int] = set()
        for key in range(math.floor(fy0 / grid), math.floor(fy1 / grid) + 1):
            for i in buckets.get(key, ()):
                if i in seen:
                    continue
                seen.add(i)
                x0, y0, x1, y1 = drawn[i]
                area = max(0.0, min(x1, fx1) - max(x0, fx0)) * max(0.0, min(y1, fy1) - max(y0, fy0))
                if area > best_area:
                    best, best_area = i, area
        if best >= 0:
            x0, y0, x1, y1 = drawn[best]
            if best_area >= 0.3 * min(found_area, max(1e-6, (x1 - x0) * (y1 - y0))):
                out.setdefault(best, []).append(n)
    return out


@dataclass
class _FlowLine:
    """A line waiting to be placed in a column."""

    text: str
    size: float
    indent: float = 0.0
    space_before: float = 0.0
    align: str = "left"  # left | center | right
    block: int | None = None  # index into GoldStory.blocks


class _Canvas:
    def __init__(self, page: pymupdf.Page) -> None:
        self.page = page
        self.lines: list[DrawnLine] = []
        # draw calls are queued per story so that the stream order can be shuffled
        self.pending: list[list[tuple[str, float, float, float]]] = []

    def text(self, queue: list[tuple[str, float, float, float]], text: str, x: float, baseline: float,
             size: float, owner: tuple[str, Any]) -> int:
        queue.append((text, x, baseline, size))
        box = (x, baseline - size, x + len(text) * size, baseline + 0.2 * size)
        self.lines.append(DrawnLine(text, box, size, owner))
        return len(self.lines) - 1

    def flush(self, queues: list[list[tuple[str, float, float, float]]]) -> None:
        # one Shape for the whole page: a commit per line would be 50x slower
        shape = self.page.new_shape()
        for queue in queues:
            for text, x, baseline, size in queue:
                shape.insert_text((x, baseline), text, fontname=FONT, fontsize=size)
        shape.commit()


def _wrap(text: str, width_chars: int, first_indent: int = 0) -> list[str]:
    out: list[str] = []
    pos = 0
    room = max(1, width_chars - first_indent)
    while pos < len(text):
        out.append(text[pos : pos + room])
        pos += room
        room = max(1, width_chars)
    return out


class _PageBuilder:
    def __init__(self, rng: random.Random, columns: int, page_number: int) -> None:
        self.rng = rng
        self.columns = columns
        self.page_number = page_number
        self.col_width = (PAGE_WIDTH - 2 * MARGIN - (columns - 1) * GUTTER) / columns
        self.body_size = min(10.5, max(7.0, math.floor(self.col_width / 13 * 2) / 2))
        self.leading = self.body_size * 1.5
        self.cpl = int(self.col_width // self.body_size)
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        self.canvas = _Canvas(self.page)
        self.stories: list[GoldStory] = []
        self.furniture: list[int] = []

    def col_x(self, col: int) -> float:
        return MARGIN + col * (self.col_width + GUTTER)

    # -- header band -------------------------------------------------------
    def header(self, editor: str | None) -> None:
        rng = self.rng
        queue: list[tuple[str, float, float, float]] = []
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        date = f"{rng.randint(2015, 2025)}年{month}月{day}日 星期{rng.choice(WEEKDAYS)}"
        section = rng.choice(SECTIONS)
        number = f"第{self.page_number}版"
        c = self.canvas
        self.furniture.append(c.text(queue, date, MARGIN, 50, 9, ("furniture", "date")))
        sx = PAGE_WIDTH / 2 - len(section) * 9
        self.furniture.append(c.text(queue, section, sx, 54, 18, ("furniture", "section")))
        nx = PAGE_WIDTH - MARGIN - len(number) * 10
        self.furniture.append(c.text(queue, number, nx, 50, 10, ("furniture", "page-number")))
        if editor:
            ed = f"责任编辑：{editor}"
            self.furniture.append(c.text(queue, ed, nx - 30 - len(ed) * 9, 50, 9, ("furniture", "editor")))
        self.page.draw_line((MARGIN, HEADER_RULE_Y), (PAGE_WIDTH - MARGIN, HEADER_RULE_Y), width=1.2)
        c.pending.append(queue)

    # -- stories -------------------------------------------------------------
    def story_flow(self, story: GoldStory, index: int, continued_from: int | None) -> list[_FlowLine]:
        art = story.article
        flow: list[_FlowLine] = []
        size = self.body_size
        first = True
        for kind, text in art.paragraphs:
            block = len(story.blocks)
            if kind == SUBHEAD:
                sub_size = size * 1.15
                story.blocks.append(GoldBlock(SUBHEAD))
                width = int(self.col_width // sub_size)
                for k, part in enumerate(_wrap(text, width)):
                    flow.append(_FlowLine(part, sub_size, space_before=size * 0.8 if k == 0 else 0,
                                          align="center", block=block))
                continue
            prefix = ""
            if first and continued_from:
                prefix += f"（上接第{continued_from}版）"
            if first and art.dateline and not continued_from:
                prefix += art.dateline.get("raw") or ""
                reporters = (art.byline or {}).get("reporters") or []
                if reporters:
                    prefix += "（记者 " + " ".join(reporters) + "）"
            first = False
            story.blocks.append(GoldBlock(PARAGRAPH, strip_prefix=prefix))
            for k, part in enumerate(_wrap(prefix + text, self.cpl, first_indent=2)):
                flow.append(_FlowLine(part, size, indent=2 * size if k == 0 else 0, block=block))
        return flow

    def caption_flow(self, story: GoldStory, width: float) -> list[_FlowLine]:
        art = story.article
        size = round(self.body_size * 0.85, 1)
        cpl = int(width // size)
        flow: list[_FlowLine] = []
        for caption in art.captions:
            block = len(story.blocks)
            story.blocks.append(GoldBlock("caption"))
            for k, part in enumerate(_wrap(caption, cpl, first_indent=2)):
                flow.append(_FlowLine(part, size, indent=2 * size if k == 0 else 0, block=block))
        if art.credit:
            block = len(story.blocks)
            story.blocks.append(GoldBlock("credit"))
            for part in _wrap(art.credit, cpl):
                flow.append(_FlowLine(part, size, align="right", block=block))
        return flow

    def head_lines(self, art: CleanArticle, span_width: float, continued_from: int | None
                   ) -> tuple[list[_FlowLine], list[_FlowLine]]:
        """(title-area lines, byline lines) of a story's head."""
        rng = self.rng
        title = art.title
        decks = [title]
        if " " in title.strip():
            left, _, right = title.strip().partition(" ")
            decks = [left, right.strip()]
        elif len(title) >= 14 and rng.random() < 0.4:
            cut = len(title) // 2
            decks = [title[:cut], title[cut:]]
        longest = max(len(d) for d in decks)
        title_size = max(14.0, min(30.0, math.floor(span_width * 0.92 / max(longest, 1))))
        if title_size * longest > span_width:  # still too wide: wrap into more decks
            per = int(span_width // title_size)
            decks = [p for d in decks for p in _wrap(d, per)]
        head: list[_FlowLine] = []
        small = max(self.body_size * 1.25, round(title_size * 0.5, 1))
        align = "left" if rng.random() < 0.25 else "center"  # most heads are centred, some flush left
        if art.kicker:
            for part in _wrap(art.kicker, int(span_width // small)):
                head.append(_FlowLine(part, small, align=align))
        for k, deck in enumerate(decks):
            head.append(_FlowLine(deck, title_size, align=align, space_before=title_size * 0.1 if k else 0,
                                  block=-1))
        if art.subtitle:
            for part in _wrap(art.subtitle, int(span_width // small)):
                head.append(_FlowLine(part, small, align=align))
        byline: list[_FlowLine] = []
        by = art.byline or {}
        if not art.dateline and by.get("reporters") and not continued_from:
            agency = by.get("agency") or "本报"
            byline.append(_FlowLine(f"{agency}记者 " + " ".join(by["reporters"]), self.body_size))
        return head, byline

    def place_line(self, queue: list[tuple[str, float, float, float]], line: _FlowLine, x0: float,
                   width: float, top: float, owner: tuple[str, Any], story: GoldStory | None) -> float:
        """Draw `line` with its top at `top`; return the top of the next line."""
        top += line.space_before
        baseline = top + line.size
        length = len(line.text) * line.size
        if line.align == "center":
            x = x0 + (width - length) / 2
        elif line.align == "right":
            x = x0 + width - length
        else:
            x = x0 + line.indent
        lid = self.canvas.text(queue, line.text, x, baseline, line.size, owner)
        if story is not None:
            story.add_line(lid, line.block, line.text)
        return top + line.size * 1.5 if line.size > self.body_size * 1.2 else top + self.leading

    def story_height(self, flow: list[_FlowLine], k: int, photo_h: float) -> float:
        """The smallest column height that holds the story in its k columns (balanced columns)."""
        height = (sum(f.space_before for f in flow) + len(flow) * self.leading + photo_h) / k
        while True:
            pos = 0
            for c in range(k):
                room = height - (photo_h if c == k - 1 else 0.0)
                used = 0.0
                while pos < len(flow) and used + flow[pos].space_before + self.leading <= room + 0.01:
                    used += flow[pos].space_before + self.leading
                    pos += 1
            if pos >= len(flow):
                return height
            height += self.leading / 2

    def place_story(self, art: CleanArticle, col: int, k: int, top: float, bottom: float,
                    continued_from: int | None) -> float:
        """Lay out one story in columns col..col+k-1 from `top`; return the bottom it reached."""
        index = len(self.stories)
        story = GoldStory(article=art, continued_from=continued_from)
        self.stories.append(story)
        owner = ("article", index)
        queue: list[tuple[str, float, float, float]] = []
        x0 = self.col_x(col)
        span_w = k * self.col_width + (k - 1) * GUTTER
        if art.kind == "photo":
            return self.place_photo_story(story, queue, x0, span_w, top, bottom)
        head, byline = self.head_lines(art, span_w, continued_from)
        y = top
        head_queue: list[tuple[str, float, float, float]] = []
        for line in head:
            y = self.place_line(head_queue, line, x0, span_w, y, owner, story)
        y += self.leading * 0.4
        for line in byline:
            y = self.place_line(head_queue, line, x0, self.col_width, y, owner, story)
        if byline and art.byline:
            story.byline_rendered = {"agency": art.byline.get("agency") or "本报",
                                     "reporters": list(art.byline["reporters"]),
                                     "contributors": [], "photographers": []}
        elif art.dateline and art.byline and not continued_from:
            story.byline_rendered = {"agency": art.dateline.get("agency"),
                                     "reporters": list(art.byline.get("reporters") or []),
                                     "contributors": [], "photographers": []}
        flow = self.story_flow(story, index, continued_from)
        photo_h = 0.0
        captions: list[_FlowLine] = []
        box_h = self.col_width * self.rng.uniform(0.6, 0.9)
        caption_h = (self.caption_line_count(art, self.col_width) + 1) * self.leading
        # a picture needs room for itself, its caption and a few lines of text below
        if art.captions and k >= 2 and y + box_h + caption_h + 4 * self.leading < bottom:
            captions = self.caption_flow(story, self.col_width)
            photo_h = box_h + caption_h
            shooters = list((art.byline or {}).get("photographers") or [])
            if shooters and art.credit:
                rendered = story.byline_rendered or {"agency": (art.byline or {}).get("agency"),
                                                     "reporters": [], "contributors": []}
                story.byline_rendered = {**rendered, "photographers": shooters}
        column_h = self.story_height(flow, k, photo_h)
        column_h = min(column_h, bottom - y)
        # fill columns; a photo sits at the top of the last column of the story
        pos = 0
        col_bottom = y
        cut = False
        for c in range(k):
            cx = self.col_x(col + c)
            cy = y
            if c == k - 1 and photo_h:
                box_h = photo_h - (len(captions) + 1) * self.leading
                self.page.draw_rect(pymupdf.Rect(cx, cy, cx + self.col_width, cy + box_h),
                                    color=None, fill=PHOTO_GREY)
                cy += box_h + 0.3 * self.leading
                for line in captions:
                    cy = self.place_line(queue, line, cx, self.col_width, cy, owner, story)
                cy += 0.7 * self.leading
            while pos < len(flow):
                need = flow[pos].space_before + self.leading
                last_col = c == k - 1
                if cy + need > y + column_h + 0.01 and not last_col:
                    break
                if last_col and cy + need + self.leading > bottom:  # keep room for the jump line
                    cut = True
                    break
                cy = self.place_line(queue, flow[pos], cx, self.col_width, cy, owner, story)
                pos += 1
            if cut and c == k - 1:
                jump = _FlowLine(f"（下转第{self.page_number + 1}版）", self.body_size, align="right")
                cy = self.place_line(queue, jump, cx, self.col_width, cy, owner, story)
                story.continued_to = self.page_number + 1
            col_bottom = max(col_bottom, cy)
        # the stream order: body (and captions) first, the head last
        self.canvas.pending.append(queue + head_queue)
        return col_bottom

    def caption_line_count(self, art: CleanArticle, width: float) -> int:
        cpl = int(width // round(self.body_size * 0.85, 1))
        count = sum(len(_wrap(c, cpl, first_indent=2)) for c in art.captions)
        return count + (len(_wrap(art.credit, cpl)) if art.credit else 0)

    def photo_fits(self, art: CleanArticle, k: int, top: float) -> bool:
        span_w = k * self.col_width + (k - 1) * GUTTER
        needed = span_w * 0.5 + (self.caption_line_count(art, span_w) + 2) * self.leading
        return CONTENT_BOTTOM - top >= needed

    def place_photo_story(self, story: GoldStory, queue: list[tuple[str, float, float, float]],
                          x0: float, span_w: float, top: float, bottom: float) -> float:
        art = story.article
        owner = ("article", len(self.stories) - 1)
        captions = self.caption_flow(story, span_w)
        box_h = min(span_w * self.rng.uniform(0.5, 0.7), bottom - top - (len(captions) + 2) * self.leading)
        photographers = []
        if art.byline:
            photographers = list(art.byline.get("photographers") or [])
        story.byline_rendered = (
            {"agency": (art.byline or {}).get("agency"), "reporters": [], "contributors": [],
             "photographers": photographers} if photographers else None
        )
        self.page.draw_rect(pymupdf.Rect(x0, top, x0 + span_w, top + box_h), color=None, fill=PHOTO_GREY)
        y = top + box_h + 0.3 * self.leading
        for line in captions:
            y = self.place_line(queue, line, x0, span_w, y, owner, story)
        self.canvas.pending.append(queue)
        return y

    def finish(self) -> bytes:
        order = list(self.canvas.pending)
        self.rng.shuffle(order)
        self.canvas.flush(order)
        data: bytes = self.doc.tobytes(garbage=0, deflate=True)
        self.doc.close()
        return data


def render_page(articles: Sequence[CleanArticle], *, seed: int, columns: int | None = None,
                page_number: int | None = None) -> tuple[RenderedPage, int]:
    """Lay out as many of `articles` as fit on one page; return the page and how many were used."""
    rng = random.Random(seed)
    columns = columns or rng.randint(4, 8)
    page_number = page_number or rng.randint(2, 16)
    b = _PageBuilder(rng, columns, page_number)
    editor = next((r for a in articles for r in ((a.byline or {}).get("reporters") or [])), None)
    b.header(editor)
    used = 0
    top = CONTENT_TOP
    queue = list(articles)
    # a new band needs room for a head (up to three decks) and some text under it
    room = 130 + 6 * b.leading
    while queue and top < CONTENT_BOTTOM - room:
        col = 0
        band_bottom = top
        while col < columns and queue:
            art = queue[0]
            left = columns - col
            if art.kind == "photo":
                k = min(left, rng.choice((2, 3)))
            elif col == 0 and rng.random() < 0.3:
                k = left
            else:
                k = min(left, rng.randint(2, max(2, min(4, columns - 2))))
            if left - k == 1:  # never leave a single orphan column
                k = left
            if k < 2 and art.kind != "photo":
                break
            queue.pop(0)
            if art.kind == "photo" and not b.photo_fits(art, k, top):
                continue  # no room left for a picture at the foot of the page
            used += 1
            cont = rng.choice((1, 1, 2)) if art.kind != "photo" and rng.random() < 0.2 else None
            bottom = b.place_story(art, col, k, top, CONTENT_BOTTOM, cont)
            band_bottom = max(band_bottom, bottom)
            col += k
        # a rule between bands, as papers separate stacked stories
        top = band_bottom + b.leading
        if top < CONTENT_BOTTOM - room:
            b.page.draw_line((MARGIN, top - b.leading / 2), (PAGE_WIDTH - MARGIN, top - b.leading / 2),
                             width=0.5)
    pdf = b.finish()
    rendered = RenderedPage(pdf=pdf, lines=b.canvas.lines, stories=b.stories, furniture=b.furniture,
                            page_number=page_number, columns=columns)
    return rendered, used


def render_pages(articles: Sequence[CleanArticle], count: int, *, seed: int = 0) -> list[RenderedPage]:
    """`count` generated pages, each from a shuffled draw of the articles (they are reused)."""
    rng = random.Random(seed)
    pages: list[RenderedPage] = []
    for _ in range(count):
        pool = list(articles)
        rng.shuffle(pool)
        pool = _with_inline_photos(pool, rng)
        page, _ = render_page(pool, seed=rng.randrange(1 << 30))
        pages.append(page)
    return pages


def _with_inline_photos(pool: list[CleanArticle], rng: random.Random) -> list[CleanArticle]:
    """Move some photo stories into a text story: a picture with caption and credit inside it."""
    photos = [a for a in pool if a.kind == "photo" and a.captions]
    texts = [a for a in pool if a.kind != "photo" and not a.captions]
    out = list(pool)
    for photo in photos:
        if not texts or rng.random() < 0.5:
            continue
        host = texts.pop(rng.randrange(len(texts)))
        byline = dict(host.byline or {"agency": None, "reporters": [], "contributors": []})
        byline["photographers"] = list((photo.byline or {}).get("photographers") or [])
        merged = replace(host, captions=list(photo.captions), credit=photo.credit, byline=byline)
        out[out.index(host)] = merged
        out.remove(photo)
    return out


def merge_pdfs(pages: Sequence[RenderedPage]) -> bytes:
    """One PDF holding the given pages in order."""
    out = pymupdf.open()
    for page in pages:
        with pymupdf.open(stream=page.pdf, filetype="pdf") as src:
            out.insert_pdf(src)
    data: bytes = out.tobytes(deflate=True)
    out.close()
    return data
