"""Roles and paragraph starts: the `LineLayout` evidence for each line of an article.

An article reads head (kicker, title, subtitle), byline, its text in reading order, then
its captions and credit. A text line starts a paragraph where it is indented 1.2-2.8 em
from its cell's left edge, follows a line that ended short of the measure, follows a
subhead, or is set off (centred or right-aligned: a jump line, a sign-off). A column break
keeps the paragraph going unless the new column's line is indented.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from banmian.inputs.lines import PositionedLine
from banmian.layout import LineLayout

from .cells import Cell
from .heads import overlap
from .order import article_text_order
from .regions import Opener
from .sizes import TypeClasses

_CREDIT = re.compile(r"(摄|供图|图片来源|图／|图/)\s*[)）]?$")
_SENTENCE_END = re.compile(r"[。！？…”」』]$")
_PHRASE_MARK = re.compile(r"[，。；：！？、,;]")  # running text has them; a line of names does not
_PARAGRAPH_END = re.compile(r"[。！？…”」』：；）)]\s*$")
# a line of names or role words only (`夏春波`, `通讯员 叶博磊`): a byline set a name a line
# in a narrow column goes on over such lines
_NAMES_ONLY = re.compile(r"[\u3400-\u9fff\u3013\ufffd·]{2,5}(?:[ \u3000]+[\u3400-\u9fff\u3013\ufffd·]{2,5})*")


def line_layout(ln: PositionedLine, role: str, *, article_start: bool = False,
                paragraph_start: bool = False) -> LineLayout:
    return LineLayout(page=ln.page, bbox=ln.bbox, font_size=ln.size, bold=ln.bold, role=role,
                      article_start=article_start, paragraph_start=paragraph_start)


def read_article(op: Opener, cell_of: dict[int, Cell], classes: TypeClasses,
                 small_ids: set[int]) -> tuple[list[PositionedLine], list[LineLayout]]:
    size = classes.size
    lines: list[PositionedLine] = []
    layouts: list[LineLayout] = []

    def add(ln: PositionedLine, role: str, paragraph_start: bool) -> None:
        lines.append(ln)
        layouts.append(line_layout(ln, role, article_start=not layouts, paragraph_start=paragraph_start))

    if op.head:
        # decks of one title are of about the title's size; for OCR by the boxes' height
        # (display type is often letter-spaced, which the character pitch would count)
        def deck_size(x: PositionedLine) -> float:
            return x.size if classes.sizes else classes.of(x)

        title_size = max(deck_size(x) for x in op.head)
        deck = title_size / (1.25 if classes.sizes else classes.mid_ratio)
        title_top = min(x.y0 for x in op.head if deck_size(x) >= deck)
        for ln in op.head:
            if deck_size(ln) >= deck or ln.vertical:
                role = "title"
            else:
                role = "kicker" if (ln.y0 + ln.y1) / 2 <= title_top else "subtitle"
            add(ln, role, paragraph_start=True)
    text_lines = article_text_order([ln for ln in op.members if id(ln) not in small_ids], cell_of, size)
    if op.head and not op.head[0].vertical:
        # column pieces that start above their own head, to its right: a head at a column's
        # foot whose story flows on at the top of the next column; they read after the text
        # under the head
        # (or start beside the head, right of it: a head at a column's top whose text, run
        # down under it, goes on at the top of the next column)
        above = [c for c in (cell_of[id(ln)] for ln in text_lines)
                 if (c.y0 < op.bbox[1] - 0.2 * size and c.x0 >= op.bbox[0] + size)
                 or (c.y0 < op.bbox[3] - 0.2 * size and c.x0 >= op.bbox[2] - 0.5 * size)]
        # (with the rest of their column under them: a piece past a subhead down that
        # column, level with the head or below it, flowed there too)
        flowed = {id(ln) for ln in text_lines if any(
            c is cell_of[id(ln)] or (cell_of[id(ln)].y0 >= c.y1 - 0.2 * size
                                     and overlap(c.x0, c.x1, cell_of[id(ln)].x0, cell_of[id(ln)].x1)
                                     > 0.5 * min(c.width, cell_of[id(ln)].width)) for c in above)}
        if flowed and len(flowed) < len(text_lines):
            text_lines = ([ln for ln in text_lines if id(ln) not in flowed]
                          + [ln for ln in text_lines if id(ln) in flowed])
    captions = [ln for ln in op.members if id(ln) in small_ids]
    head_bottom = op.bbox[3] if op.head else -1.0
    bold_text = any(x.bold for x in text_lines[:3])
    prev: PositionedLine | None = None
    prev_cell: Cell | None = None
    prev_ended = True
    byline_runs_on = False
    prev_full = False  # whether the byline's last line filled its measure
    for i, ln in enumerate(text_lines):
        cell = cell_of[id(ln)]
        offset = ln.x0 - cell.left
        full = ln.x1 >= cell.right - size * 0.6
        if ln.vertical:
            offset, full = ln.y0 - cell.y0, ln.y1 >= cell.y1 - size * 0.6
        # a subhead: larger type or bold in plain text, or a line a little larger than
        # body type centred in its column (a jump line or sign-off is no larger)
        centred = (not ln.vertical and offset > 1.5 * size and cell.right - ln.x1 > 1.5 * size
                   and abs(offset - (cell.right - ln.x1)) < size and not _PARAGRAPH_END.search(ln.text))
        # a subhead in type a little larger than the text's nearly fills the measure: its
        # characters do not divide the measure, so centring leaves equal margins of less
        # than an em (text is set flush left, indented, or justified to both edges)
        centred_tight = (not ln.vertical and 0.25 * size < offset < 1.5 * size
                         and abs(offset - (cell.right - ln.x1)) < 0.25 * size
                         and not _PARAGRAPH_END.search(ln.text))
        if (i == 0 and op.head and centred and ln.y0 - head_bottom < 2 * size and not _PHRASE_MARK.search(ln.text)
                and classes.of(ln) < size * 1.3):
            # a short line of names centred right under the head: the byline (a group's or
            # a unit's name under a contribution's title)
            add(ln, "byline", paragraph_start=True)
            prev, prev_cell, prev_ended = ln, cell, True
            continue
        if (classes.of(ln) >= size * classes.mid_ratio or (ln.bold and not bold_text)
                or ((centred or centred_tight) and classes.of(ln) >= size * 1.02)):
            add(ln, "subhead", paragraph_start=True)
            prev, prev_cell, prev_ended = ln, cell, True
            continue
        if byline_runs_on:
            # the rest of a byline that filled its line: names, no sentence (in a narrow
            # column over several lines, the last one short); after a short line of names
            # only, another line of names only (a name a line)
            byline_runs_on = False
            names_only = _NAMES_ONLY.fullmatch(ln.text.strip()) is not None
            if (cell is prev_cell and offset < size * 0.5 and not _PHRASE_MARK.search(ln.text)
                    and (prev_full or names_only)):
                add(ln, "byline", paragraph_start=False)
                prev, prev_cell, prev_ended = ln, cell, True
                byline_runs_on = full or names_only
                prev_full = full
                continue
        # a byline is the first line under the head: names, no sentence
        is_byline = (bool(op.head) and i == 0 and ln.y0 - head_bottom < 3 * size and offset < size * 0.5
                     and not _SENTENCE_END.search(ln.text) and not ln.vertical
                     and (not full or not _PHRASE_MARK.search(ln.text)))
        # alone in its cell (set off from the text by white: a cut of its own) a line sets
        # its own measure, so filling it says nothing of more names to come; so do lines of
        # names that are all their cell holds (a byline set a name a line over a story cut
        # short): the names set the measure
        mates = [x for x in text_lines if cell_of[id(x)] is cell] if is_byline and full else []
        alone = is_byline and full and (len(mates) == 1 or all(
            _NAMES_ONLY.fullmatch(x.text.strip()) is not None for x in mates))
        if is_byline and full and not alone:
            # a full line of names may run on over up to three more lines of names, the
            # last of them short
            run = text_lines[i + 1 : i + 4]
            ends = next((k for k, x in enumerate(run) if x.x1 < cell.right - size * 0.6), None)
            is_byline = (ends is not None
                         and all(cell_of[id(x)] is cell and not _PHRASE_MARK.search(x.text) for x in run[: ends + 1]))
        elif is_byline:
            # a short line of names with more names flush under it (`本报记者` over the
            # reporters in a narrow column) is a byline running on
            nxt = text_lines[i + 1] if i + 1 < len(text_lines) else None
            byline_second = (nxt is not None and cell_of[id(nxt)] is cell and nxt.x0 - cell.left < size * 0.5
                             and not _PHRASE_MARK.search(nxt.text) and not _SENTENCE_END.search(nxt.text))
            if byline_second:
                add(ln, "byline", paragraph_start=True)
                prev, prev_cell, prev_ended = ln, cell, True
                byline_runs_on = prev_full = True
                continue
        if is_byline:
            add(ln, "byline", paragraph_start=True)
            prev, prev_cell, prev_ended = ln, cell, True
            byline_runs_on = prev_full = full and not alone
            continue
        indented = offset >= size * 1.2  # an indent (to 2.8 em) or a line set off further
        set_off = offset > size * 2.8  # centred or right-aligned: a line of its own (jump line, sign-off)
        # (a column break keeps the paragraph going unless the new column's line is indented)
        starts = indented or prev_ended or prev is None
        add(ln, "body", paragraph_start=starts)
        prev, prev_cell = ln, cell
        # a paragraph ends short of the measure, on a closing mark; a line pulled short by
        # a character or two that may not start the next line (避头尾) runs on
        shortfall = (cell.right - ln.x1) if not ln.vertical else (cell.y1 - ln.y1)
        prev_ended = set_off or (not full and (shortfall > 2.5 * size or _PARAGRAPH_END.search(ln.text) is not None))
    if op.picture:  # a photo story's captions run across the picture's width
        captions.sort(key=lambda x: (x.y0, x.x0))
        captions = _caption_columns(captions)
    else:
        captions = _caption_blocks(captions)
    for j, ln in enumerate(captions):
        last = j == len(captions) - 1 or captions[j + 1].y0 - ln.y1 > 2 * ln.size
        # the caption's measure starts where the captions of its picture start
        left = op.bbox[0] if op.picture else min(
            c.x0 for c in captions if min(c.x1, ln.x1) - max(c.x0, ln.x0) > 0)
        right = ln.x0 - left > ln.size * 2.8
        role = "credit" if (last and (right or _CREDIT.search(ln.text))) else "caption"
        prev_small = captions[j - 1] if j else None
        indented = ln.size * 1.2 <= ln.x0 - left <= ln.size * 2.8
        # (a line at the next column's top, after a line cut at a column's foot in
        # mid-sentence, goes on with that sentence: the columns' measures say nothing)
        cut_above = (prev_small is not None and ln.y0 < prev_small.y0 and ln.x0 >= prev_small.x1 - ln.size
                     and not _SENTENCE_END.search(prev_small.text.rstrip()))
        starts = (prev_small is None or indented or role == "credit"
                  or (prev_small.x1 < ln.x1 - ln.size * 1.5 and not cut_above))
        add(ln, role, paragraph_start=starts)
    _credit_runs(lines, layouts)
    return lines, layouts


def _caption_blocks(captions: list[PositionedLine]) -> list[PositionedLine]:
    """A story's caption lines, block by block (one block per picture: lines stacked close
    under each other, each overlapping the block's width), blocks left to right, then top
    to bottom; each block top to bottom. (A caption's short last line and its credit set flush
    right may fall in cells of their own: the block, not the cell, orders them.)"""
    blocks: list[list[PositionedLine]] = []
    extent: list[tuple[float, float, float]] = []  # per block: x0, x1, bottom
    for ln in sorted(captions, key=lambda x: (x.y0, x.x0)):
        for k, (x0, x1, bottom) in enumerate(extent):
            # (the block's first line may be indented two characters past the ones under it)
            if -0.3 * ln.size < ln.y0 - bottom < 1.5 * ln.size and min(x1, ln.x1) - max(x0 - 2.2 * ln.size, ln.x0) > 0:
                blocks[k].append(ln)
                extent[k] = (min(x0, ln.x0), max(x1, ln.x1), max(bottom, ln.y1))
                break
        else:
            blocks.append([ln])
            extent.append((ln.x0, ln.x1, ln.y1))
    order = sorted(range(len(blocks)), key=lambda k: (extent[k][0], blocks[k][0].y0))
    return [ln for k in order for ln in blocks[k]]


def _caption_columns(captions: list[PositionedLine]) -> list[PositionedLine]:
    """A photo's caption (rows, top to bottom) set in columns side by side, each of two lines
    or more and all starting level, or each cut at its foot in mid-sentence and going on at
    the next column's top: column by column, left to right."""
    columns: list[list[PositionedLine]] = []
    for ln in captions:
        for column in columns:
            if any(overlap(ln.x0, ln.x1, c.x0, c.x1) > 0 for c in column):
                column.append(ln)
                break
        else:
            columns.append([ln])
    if len(columns) < 2 or any(len(c) < 2 for c in columns):
        return captions
    size = min(ln.size for ln in captions)
    columns.sort(key=lambda c: min(ln.x0 for ln in c))
    if max(c[0].y0 for c in columns) - min(c[0].y0 for c in columns) > 0.5 * size and not all(
            b[0].y0 < a[-1].y0 and not _SENTENCE_END.search(a[-1].text.rstrip()) for a, b in pairwise(columns)):
        # not level: one caption only where each column is cut at its foot in mid-sentence
        # and goes on at the next column's top, higher up (columns flow)
        return captions
    return [ln for column in columns for ln in column]


def _credit_runs(lines: list[PositionedLine], layouts: list[LineLayout]) -> None:
    """A credit that wrapped (`新华社记者 张` / `三 摄`): the caption line before it that
    is set like it (flush right with it, or as wide as the caption's measure with no
    phrase mark) and holds no sentence is the credit's first line."""
    for k in range(len(layouts) - 1, 0, -1):
        if layouts[k].role != "credit" or layouts[k - 1].role != "caption":
            continue
        before, last = lines[k - 1], lines[k]
        if _PHRASE_MARK.search(before.text) or before.y0 > last.y0 or last.y0 - before.y1 > last.size:
            continue
        if abs(before.x1 - last.x1) < last.size or abs(before.x0 - last.x0) < last.size:
            layouts[k - 1] = replace(layouts[k - 1], role="credit", paragraph_start=True)
            layouts[k] = replace(layouts[k], paragraph_start=False)
