"""Positioned lines of one page -> articles in reading order, with a role for every line.

The steps (each in a module of its own):

1. `furniture`: the header band above the header rule near the top (or the top margin),
   a front page's masthead area (the name, its edition line, the ears beside it), a
   footer below a rule near the foot or set apart in the bottom margin.
2. `sizes`: the body size, the type size most characters have; lines clearly larger are
   headline lines, slightly larger are kickers / subtitles / subheads, clearly smaller
   are captions and credits.
3. `cells`: the page cut into column pieces by recursive XY-cut, region by region, so
   gutters of any width, hanging punctuation and grids stacked on one page are found.
4. `heads`: title lines grouped with their kicker above and subtitle below; a genre
   label boxed into its column and a subhead tight between two paragraphs head nothing.
5. `regions`: each head opens an article over the cells below it that it spans (widened
   over blank cells beside a narrow head); a brief's head (a little larger than body
   type) at the top of a column no head spans opens one too; a picture opens a photo
   story unless it sits inside one; every other line goes to the nearest opener above
   its cell; the input's own order, where it runs down the columns, carries stories
   across (L-shapes, text under a neighbour's head); a story that runs out mid-sentence
   at a column's foot goes on at the top of the next column; lines no head owns form
   untitled articles; adverts are furniture.
6. `order` and `roles`: each article reads head, byline, its cells in X-Y order (columns
   left to right, each top to bottom), then captions and credit, each line with its role
   and paragraph start.

A page with no column of running text is read as one untitled article (or as furniture,
an advert) unless it has pictures, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from banmian.inputs.lines import HRule, PositionedLine, VRule
from banmian.layout import LineLayout
from banmian.model import BBox
from banmian.stages.markers import parse_byline

from .cells import cut_cells, is_ornament
from .furniture import furniture_order, split_furniture
from .heads import group_heads, run_in_subheads, set_in_labels, union
from .order import article_text_order
from .regions import (
    Grid,
    Opener,
    assign_members,
    body_type_captions,
    brief_heads,
    caption_run_ons,
    captions,
    captions_beside_text,
    carry_run_ons,
    follow_stream,
    head_span,
    join_caption_run_ons,
    lone_head_in_band,
    lost_pictures,
    picture_opens,
    stream_trust,
    untitled,
    widen_heads,
)
from .roles import line_layout, read_article
from .sizes import HEAD_RATIO, body_size, classify_sizes

__all__ = ["PageLayout", "analyse_page", "body_size"]

_RUNNING = re.compile(r"[，。；！？]")  # running text has clauses; an advert's lines do not
# trust the input's own order as evidence of continuity when most stacked lines follow it
STREAM_TRUST = 0.6
# how far (ems) an OCR line box may reach past its ink on either side: DB-style detectors
# (PaddleOCR, RapidOCR) grow the text kernel they find by an offset near half a line height
OCR_OVERSHOOT = 0.5


@dataclass
class PageLayout:
    """The lines of one page in reading order, each with its layout evidence."""

    lines: list[PositionedLine]
    layouts: list[LineLayout]
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def analyse_page(lines: list[PositionedLine], *, width: float, height: float, pictures: list[BBox],
                 rules: list[HRule], vertical_rules: list[VRule] | None = None, unit: str = "pt",
                 number: int = 1) -> PageLayout:
    """Order the page's lines (furniture first, then article by article) and give each a role."""
    if not lines:
        return PageLayout([], [])
    furniture, content = split_furniture(lines, rules, width, height)
    out = PageLayout([], [])
    for ln in furniture_order(furniture, height):
        out.lines.append(ln)
        out.layouts.append(line_layout(ln, "furniture", paragraph_start=True))
    if not content:
        return out

    horizontal = [ln for ln in content if not ln.vertical]
    classes = classify_sizes(horizontal or content, unit)
    size = classes.size
    # vertical lines: their size is their width; a wide one is a headline line
    for ln in content:
        if ln.vertical and horizontal:
            classes.sizes[id(ln)] = ln.size
            (classes.head if ln.size >= size * HEAD_RATIO else classes.body).append(ln)
    # a genre label boxed into its story's column is read with the column's text
    labels = {id(ln) for ln in set_in_labels(classes.head + classes.mid, classes.body, size)}
    labels |= {id(ln) for ln in run_in_subheads(classes.head, classes.body, size)}
    if labels:
        classes.body.extend(ln for ln in classes.head + classes.mid if id(ln) in labels)
        classes.head = [ln for ln in classes.head if id(ln) not in labels]
        classes.mid = [ln for ln in classes.mid if id(ln) not in labels]
    heads = group_heads(classes.head, classes.mid, classes.of, pieces=unit != "pt", text=classes.body)
    heavy = {id(x) for x in classes.head + classes.mid}
    cells, strays = cut_cells(content, pictures, heads, heavy, size, rules, vertical_rules or [],
                              overshoot=OCR_OVERSHOOT if unit != "pt" else 0.0)
    grid = Grid(cells, size)
    # a border OCR read as a string of glyphs rules the regions as it rules the cells
    rules = rules + [((ln.y0 + ln.y1) / 2, ln.x0, ln.x1) for ln in strays if is_ornament(ln) and not ln.vertical]
    # OCR noise in the margins (a border read as glyphs): furniture, after the page's own
    for ln in sorted(strays, key=lambda x: (x.y0, x.x0)):
        out.lines.append(ln)
        out.layouts.append(line_layout(ln, "furniture", paragraph_start=True))
    stray_ids = {id(ln) for ln in strays}
    content = [ln for ln in content if id(ln) not in stray_ids]
    if not content and not pictures:
        return out  # nothing but specks (a blank page's OCR noise): all furniture

    running = {id(ln) for ln in classes.body + classes.small}
    if not any(sum(id(ln) in running for ln in c.lines) >= 3 for c in cells):
        # no column of text anywhere: an advertisement, a picture page, a title page
        if pictures:
            # pictures with their captions (a photo page): read as usual
            out.warnings.append(f"page {number}: no columns of text found")
        else:
            ordered = sorted(content, key=lambda x: (x.y0, x.x0))
            in_heads = {id(x) for g in heads for x in g}
            whole = Opener(top=ordered[0].y0, bbox=union([x.bbox for x in ordered]), span=(0.0, width),
                           head=[x for x in ordered if id(x) in in_heads],
                           members=[x for x in ordered if id(x) not in in_heads])
            advert = is_advert(whole, rules, vertical_rules or [], height, size)
            role = "furniture" if advert else "body"
            what = "an advertisement: furniture" if advert else "one untitled article"
            out.warnings.append(f"page {number}: no columns of text found; its lines are read as {what}")
            for k, ln in enumerate(ordered):
                out.lines.append(ln)
                out.layouts.append(line_layout(ln, role, article_start=k == 0 and not advert, paragraph_start=True))
            return out

    openers: list[Opener] = []
    for g in heads:
        box = union([x.bbox for x in g])
        # a vertical head (竖排) is set in a box beside its text, the box's top level with
        # the text's first line; the engine boxes its glyphs, up to half a character lower
        top = box[1] - 0.5 * max(x.width for x in g) if all(x.vertical for x in g) else box[1]
        openers.append(Opener(top=top, bbox=box, span=head_span(box, grid), head=g))
    in_head = {id(x) for g in heads for x in g}
    widen_heads(openers, grid)
    loose_mid = [ln for ln in classes.mid if id(ln) not in in_head and not ln.vertical]
    briefs = brief_heads(loose_mid, openers, grid, rules, lambda ls: group_heads(ls, [], classes.of))
    openers.extend(briefs)
    in_head |= {id(x) for op in briefs for x in op.head}
    rest = [ln for ln in content if id(ln) not in in_head]
    small = classes.small
    if unit != "pt":
        # OCR sizes short lines by their boxes (a PDF states its sizes)
        small = small + body_type_captions(content, small, in_head, _is_photo_credit)
    small_ids = {id(x) for x in captions(small, pictures)}
    # only where the page draws no picture at all (its pictures were lost in export): where
    # it draws some, a credit away from them ends a caption run on from one of theirs
    run_ons = [] if pictures else caption_run_ons(small, small_ids, _is_photo_credit)
    carried = {id(x) for head, _ in run_ons for x in head}
    lost = [] if pictures else lost_pictures(small, pictures, small_ids | carried, _is_photo_credit)
    if lost:
        pictures = pictures + lost
        small_ids = {id(x) for x in captions(small, pictures)}
    small_ids |= carried
    for pic in pictures:
        if picture_opens(pic, rest, small_ids, openers, grid, rules, vertical_rules or []):
            openers.append(Opener(top=pic[1], bbox=pic, span=(pic[0], pic[2]), picture=True))

    orphans = assign_members(rest, openers, grid, rules)
    if stream_trust(grid) >= STREAM_TRUST:
        orphans = follow_stream(openers, orphans, grid, small_ids)
    orphans = lone_head_in_band(orphans, openers, grid, rules, vertical_rules or [])
    openers.extend(untitled(orphans, grid))
    join_caption_run_ons(openers, run_ons)
    carry_run_ons(openers, grid, small_ids, lambda ls: article_text_order(ls, grid.of, size))
    captions_beside_text(openers, grid, small_ids, rules, lost)

    # articles top to bottom by rows (tops within 3 em of the row's first), left to right
    openers.sort(key=lambda op: op.top)
    row_of: dict[int, int] = {}
    row_top = float("-inf")
    for op in openers:
        if op.top > row_top + 3 * size:
            row_top = op.top
        row_of[id(op)] = round(row_top)
    openers.sort(key=lambda op: (row_of[id(op)], op.bbox[0]))
    for op in openers:
        if not op.head and not op.members:
            continue
        if is_advert(op, rules, vertical_rules or [], height, size):
            for ln in op.head + sorted(op.members, key=lambda x: (x.y0, x.x0)):
                out.lines.append(ln)
                out.layouts.append(line_layout(ln, "furniture", paragraph_start=True))
            continue
        article_lines, article_layouts = read_article(op, grid.of, classes, small_ids)
        out.lines.extend(article_lines)
        out.layouts.extend(article_layouts)
    return out


def _is_photo_credit(text: str) -> bool:
    parsed = parse_byline(text)
    return parsed is not None and parsed[1]


def is_advert(op: Opener, rules: list[HRule], vertical_rules: list[VRule], height: float, size: float) -> bool:
    """An advertisement: display type over a few short lines and no running text (no
    sentence, no clause, no byline), framed on all four sides or set in the foot of the page."""
    lines = op.head + op.members
    if not op.head or len(lines) > 8:
        return False
    if any(_RUNNING.search(ln.text) for ln in lines):
        return False
    # a head over a byline is news (a story whose text was cut), never an advert
    if any(parse_byline(ln.text) is not None for ln in op.members):
        return False
    box = union([ln.bbox for ln in lines])
    pad = 2 * size

    def ruled_across(y: float) -> bool:
        return any(abs(ry - y) < pad and rx0 <= box[0] + size and rx1 >= box[2] - size for ry, rx0, rx1 in rules)

    def ruled_down(x: float) -> bool:
        return any(abs(rx - x) < pad and ry0 <= box[1] + size and ry1 >= box[3] - size for rx, ry0, ry1 in vertical_rules)

    framed = ruled_across(box[1] - size) and ruled_across(box[3] + size) and ruled_down(box[0] - size) and ruled_down(
        box[2] + size)
    return framed or box[1] > 0.8 * height
