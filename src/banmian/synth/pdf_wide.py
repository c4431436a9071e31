"""The widened PDF generator: newspaper pages whose every layout choice is a knob drawn per page.

Pages are set the way Chinese papers set them: a grid of columns whose measure is a
whole number of characters (基本栏) with gutters of a fraction of an em to two em;
justified lines; line-end rules for punctuation (hang 、，。 into the gutter, push a
character down, or break naively); heads across the columns of their story, across
the whole page (banner) or in one column; stories stacked in bands, some in boxes,
some L-shaped, some running under a neighbour's wide head; pictures at the top of a
column or set across the middle columns with text above and below; ads at the foot;
pages nearly empty or overfull (stories cut with jump lines). The content stream is
written by `banmian.synth.pdf_stream` in one of the orders real producers use, with
optional `/Rotate`, CropBox offsets and rare glyphs from a font without ToUnicode.

The gold is correct by construction: every drawn line is recorded with its box and
owner (`RenderedPage`), and a reader's lines are matched to drawn lines by box.
The knobs are in `banmian.synth.pdf_knobs`; docs/pdf_synth.md describes them.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from banmian.model import BBox
from banmian.synth.articles import PARAGRAPH, SUBHEAD, CleanArticle
from banmian.synth.pdf import DrawnLine, GoldStory, RenderedPage
from banmian.synth.pdf_knobs import PdfKnobs, draw_knobs
from banmian.synth.pdf_story import body_items, caption_items, head_byline
from banmian.synth.pdf_stream import BODY_FONT, HEAD_FONT, Frame, Graphic, PageWriter, TextRun

# Line-end classes (禁则): marks that may not start a line, and marks that may not end one.
CLOSING = frozenset("，。、；：！？）》」』”’…%")
OPENING = frozenset("（《「『“‘")
# General knowledge only: common surnames and given-name characters, invented ad copy.
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾田董潘袁蔡蒋余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏"
_GIVEN = "伟芳敏静丽强磊军洋勇艳杰涛明超秀霞平刚英华玉萍红玲燕彬鹏辉建国斌宁婷雪琳晨浩宇欣然远嘉怡文博一鸣天东海波春雨佳琪志新立群"
_SECTIONS = ("要闻", "综合", "国内", "国际", "经济", "社会", "文化", "体育", "科教", "地方", "民生", "视点")
_WEEKDAYS = "一二三四五六日"
_AD_BRANDS = ("恒远家居", "安康大药房", "金桥汽车城", "明德教育", "四季鲜果行", "长青眼镜", "顺达物流", "百合婚纱摄影")
_AD_LINES = ("全场特惠 限时抢购", "新店开业 欢迎光临", "品质保证 服务到家", "春季招生火热报名中", "以旧换新 免费安装",
             "会员专享 满额有礼")
_FURNITURE_ROLES = ("date", "section", "page-number", "editor", "paper")


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))


@dataclass
class _Grid:
    """Columns of `cpl` characters: x of the first, measure, gutter, count."""

    x0: float
    col_w: float
    gut: float
    n: int

    def col_x(self, c: int) -> float:
        return self.x0 + c * (self.col_w + self.gut)

    def span_w(self, k: int) -> float:
        return k * self.col_w + (k - 1) * self.gut


@dataclass
class _Line:
    """A line waiting to be placed: its glyphs, type, and what it belongs to."""

    text: str
    size: float
    advance: float
    space_before: float = 0.0
    indent: float = 0.0
    align: str = "left"  # left | center | right
    justify_to: float = 0.0  # the measure to space the line out to (0: natural width)
    hang: bool = False  # the last glyph hangs past the measure
    block: int | None = None  # -1: title; None: no block; else index into the story's blocks
    font: str = BODY_FONT
    bold: bool = False
    kind: str = "body"  # body | head | caption


@dataclass
class _Slot:
    x: float
    top: float
    bottom: float


class _WidePage:
    def __init__(self, rng: random.Random, knobs: PdfKnobs, page_number: int) -> None:
        self.rng = rng
        self.knobs = knobs
        self.page_number = page_number
        self.width = knobs.page_width
        self.height = round(knobs.page_width * rng.uniform(1.38, 1.46))
        crop = None
        if knobs.crop_offset:
            crop = tuple(round(rng.uniform(8, 40), 1) for _ in range(4))
        fonts = ("china-s", "china-ss")
        body_font = rng.choice(fonts)
        self.writer = PageWriter(self.width, self.height, body_font=body_font, head_font=rng.choice(fonts),
                                 text_runs=knobs.text_runs, rotate=knobs.rotate,
                                 crop=crop,  # type: ignore[arg-type]
                                 odd_font=knobs.odd_font)
        self.lines: list[DrawnLine] = []
        self.stories: list[GoldStory] = []
        self.furniture: list[int] = []
        self.frames: list[Frame] = []
        self.size = knobs.body_size
        tight = knobs.fill == "overfull"
        self.leading = self.size * (rng.uniform(1.25, 1.35) if tight else rng.uniform(1.38, 1.7))
        self.margin = self.width * rng.uniform(0.03, 0.05)
        self.grid = self.make_grid(knobs.columns, knobs.gutter_em)
        self.indent_chars = rng.choice((2, 2, 2, 0))
        self.head_bold = rng.random() < 0.6
        self.undecodable = 0

    # -- the grid ----------------------------------------------------------------------------
    def make_grid(self, n: int, gutter_em: float) -> _Grid:
        """n columns of a whole number of characters, centred in the type area."""
        content = self.width - 2 * self.margin
        cpl = math.floor((content / self.size - (n - 1) * gutter_em) / n)
        while cpl < 6 and self.size > 6.0:
            self.size -= 0.5
            cpl = math.floor((content / self.size - (n - 1) * gutter_em) / n)
        cpl = max(cpl, 3)
        col_w = cpl * self.size
        gut = gutter_em * self.size
        used = n * col_w + (n - 1) * gut
        return _Grid((self.width - used) / 2, col_w, gut, n)

    # -- drawing -----------------------------------------------------------------------------
    def widths(self, line: _Line) -> list[float]:
        return [a * line.size for a in self.writer.advances(line.font, line.text)]

    def draw(self, frame: Frame, line: _Line, x0: float, width: float, top: float,
             owner: tuple[str, Any], story: GoldStory | None) -> float:
        """Draw `line` with its top at `top` inside [x0, x0 + width]; return the next top."""
        top += line.space_before
        baseline = top + line.size
        widths = self.widths(line)
        natural = sum(widths)
        spacing = 0.0
        if line.justify_to and len(widths) > 1:
            body = widths[:-1] if line.hang else widths
            slack = line.justify_to - line.indent - sum(body)
            if 0 < slack < 0.6 * line.size * (len(body) - 1):
                spacing = slack / (len(body) - 1)
        length = natural + spacing * (len(widths) - 1)
        if line.align == "center":
            x = x0 + (width - length) / 2
        elif line.align == "right":
            x = x0 + width - length
        else:
            x = x0 + line.indent
        frame.runs.append(TextRun(line.text, x, baseline, line.size, font=line.font, spacing=spacing,
                                  bold=line.bold))
        box: BBox = (x, baseline - line.size, x + length, baseline + 0.2 * line.size)
        self.lines.append(DrawnLine(line.text, box, line.size, owner))
        lid = len(self.lines) - 1
        if story is not None:
            story.add_line(lid, line.block, line.text)
        elif owner[0] == "furniture":
            self.furniture.append(lid)
        return top + line.advance

    def frame(self, x: float, y: float, story: int | None, kind: str) -> Frame:
        frame = Frame((x, y), story, kind)
        self.frames.append(frame)
        return frame

    def hline(self, x0: float, x1: float, y: float, width: float = 0.5) -> None:
        self.writer.graphics.append(Graphic("hline", (x0, y, x1, y), width=width))

    # -- wrapping ----------------------------------------------------------------------------
    def wrap_names(self, text: str, measure: float) -> list[str]:
        """A byline broken between names where it is wider than the measure (a typesetter
        never breaks a name); a name wider than the measure alone is broken where it must be."""
        out: list[str] = []
        for word in text.split(" "):
            joined = f"{out[-1]} {word}" if out else word
            if out and sum(self.writer.advances(BODY_FONT, joined)) * self.size <= measure + 0.01:
                out[-1] = joined
            else:
                out.extend(part for part, _ in self.wrap(word, measure, self.size))
        return out

    def jump_parts(self, text: str, measure: float) -> list[str]:
        """A jump line (`（下转第12版）`) as set in a column: whole where it fits, else broken
        between its words (`（下转` / `第12版）`), never leaving a bracket on a line of its own."""
        def fits(part: str) -> bool:
            return sum(self.writer.advances(BODY_FONT, part)) * self.size <= measure + 0.01

        if fits(text):
            return [text]
        head, _, rest = text.partition("第")
        rest = "第" + rest
        if fits(rest):
            return [head, rest]
        return [head, rest[:-2], rest[-2:]]  # `第12` / `版）`

    def wrap(self, text: str, measure: float, size: float, font: str = BODY_FONT, first_indent: float = 0.0
             ) -> list[tuple[str, bool]]:
        """Break `text` into lines of at most `measure` points, keeping the page's line-end rule."""
        adv = [a * size for a in self.writer.advances(font, text)]
        mode = self.knobs.line_ends
        out: list[tuple[str, bool]] = []
        i, n = 0, len(text)
        room = measure - first_indent
        while i < n:
            j, used = i, 0.0
            while j < n and used + adv[j] <= room + 0.01:
                used += adv[j]
                j += 1
            j = max(j, i + 1)
            hang = False
            if j < n and mode != "none":
                if text[j] in CLOSING and mode == "hang" and (j + 1 >= n or text[j + 1] not in CLOSING):
                    j += 1
                    hang = True
                else:
                    while j - i > 2 and j < n and text[j] in CLOSING:
                        j -= 1  # push the last character down with the mark
                    while j - i > 2 and text[j - 1] in OPENING:
                        j -= 1
            out.append((text[i:j], hang))
            i = j
            room = measure
        return out

    def body_lines(self, text: str, measure: float, block: int | None, *, indent: bool = True,
                   size: float | None = None, kind: str = "body") -> list[_Line]:
        size = size or self.size
        first = self.indent_chars * size if indent else 0.0
        parts = self.wrap(text, measure, size, first_indent=first)
        out = []
        for k, (part, hang) in enumerate(parts):
            last = k == len(parts) - 1
            out.append(_Line(part, size, self.leading * size / self.size, indent=first if k == 0 else 0.0,
                             justify_to=measure if self.knobs.justify and not last else 0.0, hang=hang,
                             block=block, kind=kind))
        return out

    # -- furniture ---------------------------------------------------------------------------
    def header(self, editor: str | None) -> float:
        """The header band; returns the top of the type area below it."""
        rng = self.rng
        x0, x1 = self.grid.x0, self.grid.x0 + self.grid.span_w(self.grid.n)
        if not self.knobs.header:
            return self.margin
        frame = self.frame(x0, self.margin, None, "furniture")
        y = self.margin
        small = self.size
        date = f"{rng.randint(1995, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日 星期{rng.choice(_WEEKDAYS)}"
        section = rng.choice(_SECTIONS)
        number = rng.choice((f"第{self.page_number}版", f"{self.page_number:02d}", f"第{self.page_number}版"))
        big = small * rng.uniform(1.6, 2.4)
        items = [(date, small, "left", "date"), (section, big, "center", "section"),
                 (number, small * 1.1, "right", "page-number")]
        if editor and rng.random() < 0.7:
            items.append((f"责任编辑：{editor}", small, "right", "editor"))
        rng.shuffle(items)
        slots = {"left": x0, "center": (x0 + x1) / 2, "right": x1}
        used: set[str] = set()
        for text, size, where, role in items:
            line = _Line(text, size, size * 1.3)
            if where in used:  # a second item on the same side goes on the next line
                y += size * 1.4
            used.add(where)
            length = sum(self.widths(line))
            x = {"left": slots["left"], "center": slots["center"] - length / 2, "right": slots["right"] - length}
            self.draw(frame, replace(line, align="left"), x[where], length, y + (big - size) / 2,
                      ("furniture", role), None)
        bottom = y + big * 1.4
        self.hline(x0, x1, bottom, width=rng.choice((0.8, 1.2, 2.0)))
        if rng.random() < 0.3:
            self.hline(x0, x1, bottom + 2.5, width=0.4)
        return bottom + self.leading

    def footer(self, editor: str | None) -> float:
        """An editors' line at the foot; returns the bottom of the type area above it."""
        bottom = self.height - self.margin
        if not self.knobs.footer:
            return bottom
        x0 = self.grid.x0
        x1 = x0 + self.grid.span_w(self.grid.n)
        text = f"责任编辑：{editor or _name(self.rng)}　美术编辑：{_name(self.rng)}　校对：{_name(self.rng)}"
        frame = self.frame(x0, bottom, None, "furniture")
        size = self.size * 0.9
        self.draw(frame, _Line(text, size, size * 1.3), x0, x1 - x0, bottom - size * 1.3, ("furniture", "editor"),
                  None)
        self.hline(x0, x1, bottom - size * 1.8, width=0.5)
        return bottom - size * 1.8 - self.leading * 0.5

    def ads(self, bottom: float, top_limit: float | None = None) -> float:
        """Advertisements across the foot (or the whole type area from `top_limit`); returns the
        bottom of the type area above them."""
        count = self.knobs.ads or (1 if top_limit is not None else 0)
        if not count:
            return bottom
        rng = self.rng
        height = self.height * rng.uniform(0.1, 0.18) if top_limit is None else bottom - top_limit
        top = bottom - height
        x0 = self.grid.x0
        total = self.grid.span_w(self.grid.n)
        width = (total - (count - 1) * self.grid.gut) / count
        for k in range(count):
            ax = x0 + k * (width + self.grid.gut)
            self.writer.graphics.append(Graphic("rect", (ax, top, ax + width, bottom), width=1.0))
            frame = self.frame(ax, top, None, "furniture")
            brand = rng.choice(_AD_BRANDS)
            big = min(self.size * 3, width * 0.8 / len(brand))
            y = top + height * 0.12
            y = self.draw(frame, _Line(brand, big, big * 1.3, align="center", font=HEAD_FONT, bold=True), ax, width,
                          y, ("furniture", "advertisement"), None)
            lines = [rng.choice(_AD_LINES), f"咨询热线：0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}"]
            if rng.random() < 0.5:
                lines.append(f"地址：{rng.choice(('中山路', '解放大道', '人民路', '新华街'))}{rng.randint(1, 300)}号")
            for text in lines:
                size = self.size * 1.1
                if y + size * 1.4 > bottom - 2:
                    break
                line = _Line(text, size, size * 1.4, align="center")
                if sum(self.widths(line)) > width - 4:
                    continue
                y = self.draw(frame, line, ax, width, y, ("furniture", "advertisement"), None)
        return top - self.leading

    # -- stories -----------------------------------------------------------------------------
    def head_lines(self, art: CleanArticle, span_w: float, single: bool) -> list[_Line]:
        rng = self.rng
        title = art.title.strip()
        decks = [title]
        if " " in title:
            left, _, right = title.partition(" ")
            decks = [left, right.strip()]
        elif len(title) >= 14 and rng.random() < 0.4:
            decks = [title[: len(title) // 2], title[len(title) // 2:]]
        longest = max(len(d) for d in decks)
        if single:
            size = round(self.size * rng.uniform(1.3, 1.9), 1)
        else:
            size = math.floor(span_w * rng.uniform(0.55, 0.92) / max(longest, 1))
            size = max(self.size * 1.4, min(self.size * 4.5, 44.0, size))
        align = "left" if rng.random() < 0.3 else "center"
        bold = self.head_bold
        head: list[_Line] = []
        small = max(self.size * 1.15, round(size * 0.5, 1))
        if art.kicker and not single:
            for part, _ in self.wrap(art.kicker, span_w, small, HEAD_FONT):
                head.append(_Line(part, small, small * 1.35, align=align, font=HEAD_FONT, kind="head"))
        for k, deck in enumerate(decks):
            for j, (part, _) in enumerate(self.wrap(deck, span_w, size, HEAD_FONT)):
                head.append(_Line(part, size, size * 1.25, space_before=size * 0.1 if (k or j) else 0.0,
                                  align=align, block=-1, font=HEAD_FONT, bold=bold, kind="head"))
        if art.subtitle:
            for part, _ in self.wrap(art.subtitle, span_w, small, HEAD_FONT):
                head.append(_Line(part, small, small * 1.35, align=align, font=HEAD_FONT, kind="head"))
        return head

    def flow(self, story: GoldStory, measure: float) -> list[_Line]:
        out: list[_Line] = []
        for kind, text, block in body_items(story, full_chunks=False):
            if kind == SUBHEAD:
                size = round(self.size * 1.1, 1)
                for k, (part, _) in enumerate(self.wrap(text, measure, size, HEAD_FONT)):
                    out.append(_Line(part, size, self.leading * 1.1, space_before=self.leading * 0.5 if k == 0 else 0,
                                     align="center", block=block, font=HEAD_FONT, bold=True))
            else:
                out.extend(self.body_lines(text, measure, block))
        return out

    def captions(self, story: GoldStory, measure: float) -> list[_Line]:
        size = round(self.size * 0.9, 1)
        out: list[_Line] = []
        for kind, text, block in caption_items(story, full_chunks=False):
            if kind == "caption":
                out.extend(self.body_lines(text, measure, block, size=size, kind="caption"))
            else:
                for part, _ in self.wrap(text, measure, size):
                    out.append(_Line(part, size, self.leading * 0.9, align="right", block=block, kind="caption"))
        return out

    def fill(self, lines: list[_Line], slots: list[_Slot]) -> list[tuple[int, float]]:
        """(slot, top) for as many lines as fit, in order, flowing from slot to slot."""
        placed: list[tuple[int, float]] = []
        s, y = 0, slots[0].top if slots else 0.0
        for line in lines:
            while s < len(slots):
                before = line.space_before if y > slots[s].top else 0.0
                if y + before + line.advance <= slots[s].bottom + 0.01:
                    placed.append((s, y + before - line.space_before))
                    y += before + line.advance
                    break
                s += 1
                if s < len(slots):
                    y = slots[s].top
            else:
                break
        return placed

    def balance(self, lines: list[_Line], make_slots: Callable[[float], list[_Slot]], low: float, high: float
                ) -> tuple[list[_Slot], list[tuple[int, float]], bool]:
        """The shortest body height in [low, high] that holds every line; (slots, placements, all fit)."""
        h = min(max(low, self.leading), max(high, self.leading))
        while True:
            slots = make_slots(h)
            placed = self.fill(lines, slots)
            if len(placed) == len(lines) or h >= high:
                return slots, placed, len(placed) == len(lines)
            h = min(high, h + self.leading / 2)

    def place_story(self, art: CleanArticle, grid: _Grid, c: int, k: int, top: float, limit: float, *,
                    body_k: int | None = None, narrow_to: int | None = None, single: bool = False,
                    boxed: bool = False) -> dict[str, float]:
        """Set one story in columns c..c+k-1 of `grid` from `top`, not below `limit`.

        body_k < k: the body fills only the first body_k columns (a neighbour runs under
        the head). narrow_to: an L, the body narrows to that many columns part way down.
        Returns bottom, body_top and, for an L, the y where it narrows.
        """
        rng = self.rng
        if boxed:
            pad = self.size * 0.8
            x0 = grid.col_x(c) + pad
            inner = grid.span_w(k) - 2 * pad
            cpl = math.floor((inner - (k - 1) * grid.gut) / k / self.size)
            sub = _Grid(x0 + (inner - (k * cpl * self.size + (k - 1) * grid.gut)) / 2, cpl * self.size, grid.gut, k)
            result = self.place_story(art, sub, 0, k, top + pad, limit - pad, body_k=body_k, narrow_to=narrow_to,
                                      single=single)
            bottom = result["bottom"] + pad
            self.writer.graphics.append(Graphic("rect", (grid.col_x(c), top, grid.col_x(c) + grid.span_w(k), bottom),
                                                width=rng.choice((0.6, 1.0, 1.5))))
            return {**result, "bottom": bottom}
        index = len(self.stories)
        story = GoldStory(article=art)
        if art.kind != "photo" and rng.random() < 0.15:
            story.continued_from = rng.choice((1, 2, 3))
        self.stories.append(story)
        owner = ("article", index)
        x0, span_w = grid.col_x(c), grid.span_w(k)
        if art.kind == "photo":
            return self.place_photo_story(story, owner, x0, span_w, top, limit)
        y = top
        head = self.frame(x0, y, index, "head")
        for line in self.head_lines(art, span_w if not single else grid.col_w, single):
            y = self.draw(head, line, x0, span_w if not single else grid.col_w, y, owner, story)
        y += self.leading * 0.3
        by_text = head_byline(story)
        if by_text:
            in_column = self.knobs.byline_in_column or single
            width = grid.col_w if in_column else grid.span_w(body_k or k)
            frame = self.frame(x0, y, index, "head")
            for part in self.wrap_names(by_text, width):
                y = self.draw(frame, _Line(part, self.size, self.leading), x0, width, y, owner, story)
            y += self.leading * 0.2
        body_top = y
        measure = grid.col_w
        lines = self.flow(story, measure)
        cols = list(range(c, c + (body_k or k)))
        captions: list[_Line] = []
        photo: tuple[int, int] | None = None  # (first column, columns) of an inline picture
        if art.captions and len(cols) >= 2:
            # an L's short columns stop where its neighbour starts: the picture stays in the long ones
            reach = narrow_to or len(cols)
            between = self.knobs.photo_between and reach >= 3
            photo = (1 if between else reach - 1, 2 if between else 1)
        blocks_before, byline_before = len(story.blocks), story.byline_rendered
        if photo:
            captions = self.captions(story, grid.span_w(photo[1]))
        photo_h = caption_h = 0.0
        if photo:
            photo_h = grid.span_w(photo[1]) * rng.uniform(0.5, 0.75)
            caption_h = sum(line.advance + line.space_before for line in captions)
            photo_h += self.leading * 0.4 + caption_h + self.leading * 0.6
            if photo[1] == 1:
                # a compositor sets the picture beside the story's text, never across columns
                # left blank: where the text fills fewer columns than the span, the picture
                # takes the column after the text's last
                text_h = sum(line.advance + line.space_before for line in lines)
                height = max(photo_h + 2 * self.leading, text_h / len(cols))
                photo = (min(photo[0], max(1, math.ceil(text_h / height))), 1)
        # where the picture sits: at the top of its column, or some lines down (between)
        photo_top = body_top + (self.leading * rng.randint(4, 10) if photo and photo[1] == 2 else 0.0)
        narrow_at = body_top + self.leading * rng.randint(6, 14) if narrow_to else 0.0
        if photo and photo_top + photo_h > limit:
            # the picture and its caption end above the foot: set higher and smaller, or left out
            if body_top + caption_h + 3 * self.leading > limit:
                del story.blocks[blocks_before:]
                story.byline_rendered = byline_before
                photo, captions, photo_h = None, [], 0.0
            else:
                photo_top = max(body_top, min(photo_top, limit - photo_h))
                photo_h = min(photo_h, limit - photo_top)

        def make_slots(h: float) -> list[_Slot]:
            bottom = body_top + h
            slots: list[_Slot] = []
            for i, col in enumerate(cols):
                x = grid.col_x(col)
                if narrow_to and i >= narrow_to:
                    bottom_here = min(bottom, narrow_at)
                else:
                    bottom_here = bottom
                if photo and photo[0] <= i < photo[0] + photo[1]:
                    if photo_top > body_top:
                        slots.append(_Slot(x, body_top, photo_top - self.leading * 0.3))
                    slots.append(_Slot(x, photo_top + photo_h, bottom_here))
                else:
                    slots.append(_Slot(x, body_top, bottom_here))
            return [s for s in slots if s.bottom - s.top >= self.leading]

        total = sum(line.advance + line.space_before for line in lines)
        low = total / len(cols)
        if photo:
            low = max(low, photo_top - body_top + photo_h + 2 * self.leading)
        if narrow_to:
            low = max(low, narrow_at - body_top + 3 * self.leading)
        high = limit - body_top
        slots, placed, complete = self.balance(lines, make_slots, low, high)
        if not complete:  # cut at the foot of the page: keep room for the jump line
            slots = make_slots(high)
            if slots:
                slots[-1].bottom -= self.leading
            placed = self.fill(lines, slots)
        frames: dict[int, Frame] = {}
        bottom = body_top
        for line, (s, y_line) in zip(lines, placed, strict=False):
            slot = slots[s]
            frame = frames.get(s) or frames.setdefault(s, self.frame(slot.x, slot.top, index, "body"))
            end = self.draw(frame, line, slot.x, measure, y_line, owner, story)
            bottom = max(bottom, end)
        if not complete and slots:
            last = slots[-1]
            frame = frames.get(len(slots) - 1) or self.frame(last.x, last.top, index, "body")
            # under the column's last line (a subhead is taller than a line of text); wrapped
            # where the column is narrower than the jump line, never set over its neighbour
            y_jump = max((y + line.space_before + line.advance for line, (s, y) in zip(lines, placed, strict=False)
                          if s == len(slots) - 1), default=last.top)
            for part in self.jump_parts(f"（下转第{self.page_number + 1}版）", measure):
                y_jump = self.draw(frame, _Line(part, self.size, self.leading, align="right"), last.x, measure,
                                   y_jump, owner, story)
            bottom = max(bottom, y_jump)
            story.continued_to = self.page_number + 1
        if photo:
            px = grid.col_x(cols[photo[0]])
            pw = grid.span_w(photo[1])
            box_h = photo_h - self.leading - sum(line.advance + line.space_before for line in captions)
            kind = rng.choice(("fill", "image"))
            self.writer.graphics.append(Graphic(kind, (px, photo_top, px + pw, photo_top + box_h), grey=0.78))
            frame = self.frame(px, photo_top + box_h, index, "caption")
            y_cap = photo_top + box_h + self.leading * 0.4
            for line in captions:
                y_cap = self.draw(frame, line, px, pw, y_cap, owner, story)
            bottom = max(bottom, y_cap)
        if self.knobs.column_rules:
            for i in range(len(cols) - 1):
                gx = grid.col_x(cols[i]) + grid.col_w + grid.gut / 2
                self.writer.graphics.append(Graphic("vline", (gx, body_top, gx, bottom), width=0.4))
        return {"bottom": bottom, "body_top": body_top, "narrow_at": narrow_at}

    def place_photo_story(self, story: GoldStory, owner: tuple[str, Any], x0: float, span_w: float, top: float,
                          limit: float) -> dict[str, float]:
        index = owner[1]
        captions = self.captions(story, span_w)
        caption_h = sum(line.advance + line.space_before for line in captions)
        box_h = min(span_w * self.rng.uniform(0.45, 0.7), limit - top - caption_h - self.leading)
        if box_h < 2 * self.leading:
            box_h = 2 * self.leading
        self.writer.graphics.append(Graphic(self.rng.choice(("fill", "image")), (x0, top, x0 + span_w, top + box_h),
                                            grey=0.78))
        if not story.byline_rendered:
            story.byline_rendered = None
        frame = self.frame(x0, top + box_h, index, "caption")
        y = top + box_h + self.leading * 0.4
        for line in captions:
            y = self.draw(frame, line, x0, span_w, y, owner, story)
        return {"bottom": y, "body_top": top, "narrow_at": 0.0}

    # -- bands -------------------------------------------------------------------------------
    def band(self, grid: _Grid, top: float, limit: float, take: Callable[[bool], CleanArticle], first: bool
             ) -> float:
        """Fill one band of stories across `grid` from `top`; return its bottom."""
        rng, knobs = self.rng, self.knobs
        n = grid.n
        if first and knobs.banner and n >= 2:
            art = take(False)
            body_k = n
            # a picture fills its whole span: nothing runs under it as under a head
            if knobs.under_head and n >= 3 and art.kind != "photo":
                body_k = n - rng.choice((1, 1, 2)) if n >= 4 else n - 1
            res = self.place_story(art, grid, 0, n, top, limit, body_k=body_k)
            bottom = res["bottom"]
            if body_k < n:
                bottom = max(bottom, self.stack(grid, body_k, n - body_k, res["body_top"], max(bottom, res["body_top"]
                                                + 8 * self.leading), limit, take))
            return bottom
        spans: list[tuple[int, int, str]] = []
        c = 0
        special_used = False
        while c < n:
            left = n - c
            if left == 1 or rng.random() < knobs.single_column:
                spans.append((c, 1, "single"))
                c += 1
                continue
            k = min(left, rng.randint(2, max(2, min(5, n - 1))))
            if left - k == 1 and rng.random() < 0.5:
                k = left
            kind = "story"
            if not special_used and k >= 3 and knobs.l_shape and rng.random() < 0.6:
                kind, special_used = "L", True
            elif not special_used and k >= 3 and knobs.under_head and rng.random() < 0.6:
                kind, special_used = "under", True
            spans.append((c, k, kind))
            c += k
        bottom = top
        singles = [s for s in spans if s[2] == "single"]
        for c, k, kind in spans:
            if kind == "single":
                continue
            art = take(False)
            boxed = rng.random() < knobs.boxed
            if art.kind == "photo":  # a picture has no body to narrow or to set a neighbour under
                kind = "story"
            if kind == "L":
                j = k - rng.choice((1, 1, 2)) if k >= 4 else k - 1
                res = self.place_story(art, grid, c, k, top, limit, narrow_to=j, boxed=False)
                b = res["bottom"]
                y = res["narrow_at"] + self.leading * 0.5
                if b > res["narrow_at"] and y < limit - 6 * self.leading:
                    self.hline(grid.col_x(c + j), grid.col_x(c + k - 1) + grid.col_w, y - self.leading * 0.25)
                    b = max(b, self.stack(grid, c + j, k - j, y, b, limit, take))
                bottom = max(bottom, b)
            elif kind == "under":
                m = 1 if k <= 4 else rng.choice((1, 2))
                res = self.place_story(art, grid, c, k, top, limit, body_k=k - m)
                b = max(res["bottom"], self.stack(grid, c + k - m, m, res["body_top"],
                                                  max(res["bottom"], res["body_top"] + 8 * self.leading), limit,
                                                  take))
                bottom = max(bottom, b)
            else:
                res = self.place_story(art, grid, c, k, top, limit, boxed=boxed)
                bottom = max(bottom, res["bottom"])
        target = bottom if bottom > top + 6 * self.leading else top + rng.randint(14, 30) * self.leading
        target = min(target, limit)
        for c, k, _ in singles:
            bottom = max(bottom, self.stack(grid, c, k, top, target, limit, take))
        return bottom

    def stack(self, grid: _Grid, c: int, k: int, top: float, target: float, limit: float,
              take: Callable[[bool], CleanArticle]) -> float:
        """Short stories stacked in columns c..c+k-1 from `top` until about `target`."""
        y = top
        bottom = top
        placed = 0
        while y < target - 4 * self.leading or placed == 0:
            if limit - y < 5 * self.leading:
                break
            art = take(True)
            res = self.place_story(art, grid, c, k, y, limit, single=k == 1)
            bottom = max(bottom, res["bottom"])
            y = res["bottom"] + self.leading * 0.8
            placed += 1
            if y < target - 4 * self.leading:
                self.hline(grid.col_x(c), grid.col_x(c + k - 1) + grid.col_w, y - self.leading * 0.4, width=0.3)
        return bottom

    # -- the page ----------------------------------------------------------------------------
    def finish(self) -> tuple[bytes, list[tuple[float, float, float, float, float, float]]]:
        rng, order = self.rng, self.knobs.stream_order
        frames = list(self.frames)
        furniture = [f for f in frames if f.story is None]
        text = [f for f in frames if f.story is not None]
        # rare characters from a makeup font: a few body glyphs that no Unicode map names
        undecodable = 0
        if self.knobs.odd_glyphs:
            runs = [r for f in text if f.kind == "body" for r in f.runs if len(r.text) >= 4]
            for run in rng.sample(runs, min(len(runs), self.knobs.odd_glyphs)):
                spots = [i for i, ch in enumerate(run.text) if "\u4e00" <= ch <= "\u9fff"]
                if spots:
                    run.odd[rng.choice(spots)] = self.writer.odd_code()
                    undecodable += 1
        self.undecodable = undecodable
        if order == "article":
            text.sort(key=lambda f: (f.story or 0, {"head": 0, "body": 1, "caption": 2}[f.kind]))
        elif order == "titles_last":
            stories = sorted({f.story or 0 for f in text})
            rng.shuffle(stories)
            rank = {s: i for i, s in enumerate(stories)}
            text.sort(key=lambda f: (rank[f.story or 0], f.kind == "head"))
        elif order == "column":
            pitch = self.grid.col_w + self.grid.gut
            text.sort(key=lambda f: (round((f.key[0] - self.grid.x0) / pitch), f.key[1]))
        elif order == "heads_first":
            text.sort(key=lambda f: (f.kind != "head", f.story or 0))
        elif order == "rows":  # line by line across the page, by baseline: columns interleave
            runs = sorted((r for f in text for r in f.runs), key=lambda r: (round(r.baseline), r.x))
            text = [Frame((0.0, 0.0), -1, "body", runs)]
        else:
            rng.shuffle(text)
        ordered = furniture + text if rng.random() < 0.6 else text + furniture
        return self.writer.write(ordered)


def _long_byline(art: CleanArticle, rng: random.Random) -> CleanArticle:
    by = dict(art.byline or {"agency": "本报", "reporters": [], "contributors": [], "photographers": []})
    if not by.get("reporters"):
        return art
    by["reporters"] = list(by["reporters"]) + [_name(rng) for _ in range(rng.randint(1, 2))]
    by["contributors"] = list(by.get("contributors") or []) + [_name(rng) for _ in range(rng.randint(1, 2))]
    return replace(art, byline=by)


def render_knob_page(articles: Sequence[CleanArticle], knobs: PdfKnobs, *, seed: int,
                     page_number: int | None = None) -> RenderedPage:
    """One page laid out under `knobs` from `articles` (reused in a shuffled order when they run out)."""
    rng = random.Random(seed)
    page_number = page_number or rng.randint(2, 16)
    page = _WidePage(rng, knobs, page_number)
    pool: list[CleanArticle] = []
    texts = [a for a in articles if a.kind != "photo"] or list(articles)
    donors = [a for a in articles if a.kind == "photo" and a.captions]

    def take(short: bool) -> CleanArticle:
        if not pool:
            pool.extend(articles)
            rng.shuffle(pool)
        art = pool.pop()
        if short and art.kind == "photo":
            art = rng.choice(texts)
        if short and art.kind != "photo":
            first = next(((k, t) for k, t in art.paragraphs if k == PARAGRAPH), None)
            art = replace(art, paragraphs=[first] if first else art.paragraphs[:1], kicker=None, subtitle=None,
                          captions=[], credit=None)
        if art.kind != "photo" and not short and donors and rng.random() < page.knobs.photos:
            # a picture inside a text story: a photo story's caption, credit and photographers
            donor = rng.choice(donors)
            byline = dict(art.byline or {"agency": None, "reporters": [], "contributors": []})
            byline["photographers"] = list((donor.byline or {}).get("photographers") or [])
            art = replace(art, captions=list(donor.captions), credit=donor.credit, byline=byline)
        elif art.kind != "photo":
            art = replace(art, captions=[], credit=None)
        if page.knobs.long_bylines:
            art = _long_byline(art, rng)
        return art

    editor = _name(rng)
    top = page.header(editor)
    if page.knobs.fill == "full_page_ad":  # no columns at all: one ad fills the type area
        page.ads(page.footer(editor), top_limit=top)
        pdf, frames = page.finish()
        return RenderedPage(pdf=pdf, lines=page.lines, stories=page.stories, furniture=page.furniture,
                            page_number=page_number, columns=0, frames=frames, undecodable=page.undecodable,
                            knobs=knobs.to_dict(), engine="banmian.synth.pdf_wide")
    bottom = page.ads(page.footer(editor))
    room = 12 * page.leading
    band = 0
    sparse = page.knobs.fill == "sparse"
    while top < bottom - room:
        grid = page.grid
        if page.knobs.mixed_grid and band == (1 if page.knobs.banner else 0):
            grid = page.make_grid(page.rng.choice((2, 3)) if page.grid.n > 3 else 2, page.rng.uniform(1.0, 2.0))
        limit = bottom
        if sparse:
            limit = min(bottom, top + (bottom - top) * page.rng.uniform(0.2, 0.4))
        end = page.band(grid, top, limit, take, band == 0)
        band += 1
        top = end + page.leading
        if sparse and band >= (2 if page.knobs.banner else 1):
            break
        if page.knobs.band_rules and top < bottom - room:
            x0 = page.grid.x0
            page.hline(x0, x0 + page.grid.span_w(page.grid.n), top - page.leading / 2)
    pdf, frames = page.finish()
    return RenderedPage(pdf=pdf, lines=page.lines, stories=page.stories, furniture=page.furniture,
                        page_number=page_number, columns=page.grid.n, frames=frames, undecodable=page.undecodable,
                        knobs=knobs.to_dict(), engine="banmian.synth.pdf_wide")


def render_wide_pages(articles: Sequence[CleanArticle], count: int, *, seed: int = 0,
                      knobs: PdfKnobs | None = None) -> list[RenderedPage]:
    """`count` pages, each with knobs drawn from the seed (or the given knobs for every page)."""
    rng = random.Random(seed)
    pages: list[RenderedPage] = []
    for _ in range(count):
        page_knobs = knobs or draw_knobs(rng)
        pages.append(render_knob_page(articles, page_knobs, seed=rng.randrange(1 << 30)))
    return pages
