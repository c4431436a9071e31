"""Article regions: who owns each cell's lines.

A head (headline lines with their kicker and subtitle) opens an article over the cells
below it that it spans; a head narrower than its story widens over the blank cells beside
it (centred heads both ways, flush heads away from their flush edge). A picture opens a
photo story unless it sits inside a story. Every other line belongs to the nearest
opener above it whose span covers its cell, unless a rule lies between them.

Where the input's own order is trustworthy (a PDF's content stream writes each column's
lines one after the other), it is evidence of continuity: a stretch of lines whose
stream predecessor is the last line of another article's column, and which does not
open a paragraph of its own, continues that article (an L-shaped story, a story running
on under a neighbour's headline). Lines no head owns join by continuity or form untitled
articles of their own, one per group of neighbouring cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from banmian.inputs.lines import HRule, PositionedLine, VRule
from banmian.model import BBox
from banmian.stages.markers import match_jump_from

from .cells import Cell
from .heads import overlap, union

_SENTENCE_END = frozenset("。！？…”」』")


@dataclass
class Opener:
    """Something that starts an article: a head (title group), a picture box, or the
    first cell of text that no head owns."""

    top: float
    bbox: BBox
    span: tuple[float, float]
    head: list[PositionedLine] = field(default_factory=list)
    picture: bool = False
    members: list[PositionedLine] = field(default_factory=list)
    own_span: tuple[float, float] | None = None  # the span before widening over blank columns


class Grid:
    """The page's cells, and which cell each line lies in."""

    def __init__(self, cells: list[Cell], em: float) -> None:
        self.cells = cells
        self.em = em
        self.of: dict[int, Cell] = {id(ln): c for c in cells for ln in c.lines}

    def cell(self, line: PositionedLine) -> Cell:
        return self.of[id(line)]

    def covers(self, span: tuple[float, float], cell: Cell) -> bool:
        shared = (span[1] if span[1] < cell.x1 else cell.x1) - (span[0] if span[0] > cell.x0 else cell.x0)
        return shared >= 0.5 * max(cell.x1 - cell.x0, self.em)


def head_span(box: BBox, grid: Grid) -> tuple[float, float]:
    """The x-range a head stands over: its own, snapped out to the cells right under it
    that it reaches into (10% of a column is enough: a headline never crosses a gutter
    into another story)."""
    em = grid.em
    found = [c for c in grid.cells if (c.lines or c.pictures) and box[3] - 0.5 * em <= c.y0 <= box[3] + 6 * em
             and overlap(c.x0, c.x1, box[0], box[2]) >= 0.1 * max(c.width, em)]
    # a head narrower than its column may share a cell with the text under it
    found += [c for c in grid.cells if c.y0 <= box[1] + 0.5 * em and c.y1 > box[3] + em
              and overlap(c.x0, c.x1, box[0], box[2]) >= 0.9 * (box[2] - box[0])
              and any(ln.y0 >= box[3] - 0.5 * em for ln in c.lines)]
    # a column the head stands over by half its width or more is its own, however far
    # down its text starts (under a picture the file does not draw: an OCR file's)
    for c in grid.cells:
        if (c.lines and c.y0 >= box[3] - 0.5 * em and c not in found
                and overlap(c.x0, c.x1, box[0], box[2]) >= 0.5 * c.width
                and not any(d is not c and (d.lines or d.pictures) and box[3] - 0.5 * em <= d.y0 < c.y0
                            and overlap(d.x0, d.x1, c.x0, c.x1) > 0 for d in grid.cells)):
            found.append(c)  # the first text under a blank stretch of the column
    if not found:
        return box[0], box[2]
    x0, x1 = min(c.x0 for c in found), max(c.x1 for c in found)
    # a column under the head may start with a short line: the cells of that column below
    # it (within the head's reach) widen the span to the column's whole measure
    grown = True
    while grown:
        grown = False
        for c in grid.cells:
            if (c.lines and box[3] - 0.5 * em <= c.y0 <= box[3] + 6 * em and (c.x0 < x0 or c.x1 > x1)
                    and overlap(c.x0, c.x1, x0, x1) >= 0.5 * max(c.width, em) * 0.2 and c not in found):
                found.append(c)
                x0, x1 = min(x0, c.x0), max(x1, c.x1)
                grown = True
    return x0, x1


def widen_heads(openers: list[Opener], grid: Grid) -> None:
    """Heads narrower than their story take the blank cells beside them below the
    headline's height: both ways for a centred head, to the right of a flush-left one, to
    the left of a flush-right one; where two heads could claim a cell the closer fit wins
    (a story's columns all start their text at one height, then the nearer head)."""
    em = grid.em
    heads = [op for op in openers if op.head]
    left_edge = min((c.x0 for c in grid.cells), default=0.0)
    right_edge = max((c.x1 for c in grid.cells), default=0.0)

    measures: dict[tuple[int, tuple[float, float]], tuple[float, float]] = {}
    columns: dict[int, list[Cell]] = {}  # the cells above and below each cell (its column)

    def measure(op: Opener) -> tuple[float, float]:
        """(column width, gutter) of the cells under the head's span."""
        key = (id(op), op.span)
        if key not in measures:
            cells = sorted((c for c in grid.cells if c.lines and c.y0 >= op.bbox[3] - em and grid.covers(op.span, c)),
                           key=lambda c: c.x0)
            under = sorted(c.width for c in cells)
            gaps = sorted(q.x0 - p.x1 for p, q in pairwise(cells) if q.x0 - p.x1 > 0)
            measures[key] = (under[len(under) // 2] if under else 0.0, gaps[len(gaps) // 2] if gaps else em)
        return measures[key]

    def neighbour(op: Opener, side: int, blank: bool = False) -> Cell | None:
        a, b = op.span
        # the next cell across a gutter, or across a column left blank at this height
        column, gutter = measure(op)
        reach = max(4 * em, 1.3 * column)
        if blank and column:
            # a column of the story's measure left blank beside the head (a short story
            # under a head centred over the page's columns), inside the text area
            x0, x1 = (b + gutter, b + gutter + column) if side > 0 else (a - gutter - column, a - gutter)
            if x0 < left_edge - em or x1 > right_edge + em:
                return None
            own = {id(ln) for ln in op.head}
            if any(overlap(x0, x1, c.x0, c.x1) > 0 and c.y0 < op.bbox[3] + 6 * em and c.y1 > op.bbox[1]
                   and not (c.lines and all(id(ln) in own for ln in c.lines)) for c in grid.cells):
                return None
            return Cell(index=-1, x0=x0, y0=op.bbox[3], x1=x1, y1=op.bbox[3] + em)
        best: tuple[float, float, Cell] | None = None
        for c in grid.cells:
            if not (c.lines or c.pictures) or c.y1 <= op.bbox[3] or c.y0 > op.bbox[3] + 6 * em:
                continue
            dist = c.x0 - b if side > 0 else a - c.x1
            if dist < -0.5 * em or dist > reach:
                continue
            key = (round(dist / em), c.y0)
            if best is None or key < best[:2]:
                best = (key[0], key[1], c)
        return best[2] if best else None

    def free(c: Cell, op: Opener) -> bool:
        top, bottom = op.bbox[1], op.bbox[3]
        # the whole column, not only the cell: any line or picture beside the headline
        # (another story's column at this height) keeps the head out
        column = columns.get(c.index) if c.index >= 0 else None
        if column is None:
            column = [d for d in grid.cells if overlap(d.x0, d.x1, c.x0, c.x1) > 0.5 * min(d.width, c.width)]
            if c.index >= 0:
                columns[c.index] = column
        own = {id(ln) for ln in op.head}
        if any(ln.y1 > top and ln.y0 < bottom and id(ln) not in own for d in column for ln in d.lines):
            return False
        if any(p[3] > top and p[1] < bottom for d in column for p in d.pictures):
            return False
        for other in heads:
            if other is op or not grid.covers(other.span, c):
                continue
            if other.bbox[1] < c.y0 and other.bbox[3] > top - em:
                return False  # another head over that cell, at this height or below it
        return True

    def text_top(op: Opener) -> float | None:
        tops = [c.y0 for c in grid.cells if c.lines and c.y0 >= op.bbox[3] - em and grid.covers(op.span, c)]
        return min(tops) if tops else None

    for op in heads:
        if op.own_span is None:
            op.own_span = op.span
    setting: dict[int, set[str]] = {}
    for op in heads:
        c0, c1 = op.span
        size = max(x.size for x in op.head)
        how = {name for name, yes in (
            ("left", abs(op.bbox[0] - c0) < max(1.5, 0.15 * size)),
            ("right", abs(c1 - op.bbox[2]) < max(1.5, 0.15 * size)),
            ("centre", abs((op.bbox[0] + op.bbox[2]) / 2 - (c0 + c1) / 2) < max(3.0, 0.3 * size)),
        ) if yes}
        setting[id(op)] = how if how - {"centre"} else how | {"centre"}

    def centre_error(op: Opener, span: tuple[float, float]) -> float:
        return abs((span[0] + span[1]) / 2 - (op.bbox[0] + op.bbox[2]) / 2)

    for centring in (True, False):
        for _ in range(4 * len(grid.cells) + 4):
            best: tuple[float, int, tuple[float, float]] | None = None
            for i, op in enumerate(heads):
                how = setting[id(op)]
                if op.head[0].vertical:
                    continue
                left = neighbour(op, -1)
                right = neighbour(op, 1)
                options: list[list[Cell]] = []
                if centring and "centre" in how:
                    left = left or neighbour(op, -1, blank=True)
                    right = right or neighbour(op, 1, blank=True)
                    options = [[c] for c in (left, right) if c] + ([[left, right]] if left and right else [])
                elif not centring:
                    options = ([[right]] if right and "left" in how else []) + (
                        [[left]] if left and "right" in how else [])
                for extra in options:
                    if not all(free(c, op) for c in extra):
                        continue
                    span = (min([op.span[0]] + [c.x0 for c in extra]), max([op.span[1]] + [c.x1 for c in extra]))
                    if centring:
                        key = centre_error(op, span)
                        # both ways at once keeps a head centred even where a column beside
                        # it holds only a short line (its cell narrower than the measure)
                        slack = max(1.0, 0.5 * em, 0.5 * measure(op)[0] if len(extra) == 2 else 0.0)
                        if key > centre_error(op, op.span) + slack:
                            continue
                    else:
                        own = text_top(op)
                        start = min(c.y0 for c in extra)
                        mismatch = abs(start - own) if own is not None else 0.0
                        dist = min(max(0.0, c.x0 - op.bbox[2], op.bbox[0] - c.x1) for c in extra)
                        key = round(mismatch / (0.2 * em)) * 1000 + dist
                    if best is None or key < best[0]:
                        best = (key, i, span)
            if best is None:
                break
            heads[best[1]].span = best[2]


def captions(small: list[PositionedLine], pictures: list[BBox]) -> list[PositionedLine]:
    """Small-type lines that caption a picture: touching it (below, above or beside), or
    stacked close to such a line within the picture's width (a caption's later lines, the
    credit). Small type elsewhere (a note, a box) is running text."""
    zone: dict[int, tuple[float, float]] = {}  # caption line -> x-range of its picture
    found: list[PositionedLine] = []
    for ln in small:
        under = [p for p in pictures if overlap(ln.x0, ln.x1, p[0], p[2]) > 0.5 * ln.width
                 and (-2 <= ln.y0 - p[3] < 3 * ln.size or -2 <= p[1] - ln.y1 < 3 * ln.size)]
        # beside a picture, unless the line lies in another picture's width (its caption, lower down)
        beside = [p for p in pictures if overlap(ln.y0, ln.y1, p[1], p[3]) > 0
                  and min(abs(ln.x0 - p[2]), abs(p[0] - ln.x1)) < 2 * ln.size
                  and not any(overlap(ln.x0, ln.x1, q[0], q[2]) > 0.5 * ln.width for q in pictures)]
        for x0, _, x1, _ in (under or beside)[:1]:  # a picture above or below wins over one beside
            zone[id(ln)] = (min(x0, ln.x0), max(x1, ln.x1))
            found.append(ln)
    grown = True
    while grown:
        grown = False
        for ln in small:
            if id(ln) in zone:
                continue
            for c in found:
                z0, z1 = zone[id(c)]
                near = -1 < ln.y0 - c.y1 < 1.2 * ln.size or -1 < c.y0 - ln.y1 < 1.2 * ln.size
                if near and overlap(ln.x0, ln.x1, z0, z1) > 0.5 * ln.width:
                    zone[id(ln)] = (z0, z1)
                    found.append(ln)
                    grown = True
                    break
    return found


def lost_pictures(small: list[PositionedLine], pictures: list[BBox], found: set[int],
                  is_photo_credit: Callable[[str], bool]) -> list[BBox]:
    """Where a photo credit (`新华社记者 某某 摄`) in small type captions no drawn picture
    (the picture is missing from the file, or drawn in a way the reader does not see), the
    caption block it ends stands for its picture: a box just above the block, so the
    captions read as a photo's (`found`: the ids of lines already captioning a picture)."""
    boxes: list[BBox] = []
    for credit in small:
        if id(credit) in found or not is_photo_credit(credit.text):
            continue
        block = [credit]
        x0, x1 = credit.x0, credit.x1
        grown = True
        while grown:  # the caption lines stacked close above the credit
            grown = False
            top = min(ln.y0 for ln in block)
            for ln in small:
                # (a credit is set flush right under its caption, whose last line may be short)
                if (all(ln is not b for b in block) and -1 < top - ln.y1 < 1.2 * ln.size
                        and ln.x0 < x1 and ln.x1 > x0 - 30 * ln.size and id(ln) not in found):
                    block.append(ln)
                    x0, x1 = min(x0, ln.x0), max(x1, ln.x1)
                    grown = True
        top = min(ln.y0 for ln in block)
        # a caption run over two columns side by side: the small lines level with the
        # block's top in the column left of it (its right edge within 3 em of the block's
        # left), and those stacked under them, are its start
        for first in [ln for ln in small if id(ln) not in found and all(ln is not b for b in block)
                      and abs(ln.y0 - top) < 0.3 * ln.size and ln.x1 <= x0]:
            column = [first]
            grown = True
            while grown:
                grown = False
                bottom = max(ln.y1 for ln in column)
                for ln in small:
                    if (id(ln) not in found and all(ln is not c for c in column) and -1 < ln.y0 - bottom < 1.2 * ln.size
                            and overlap(ln.x0, ln.x1, first.x0, max(c.x1 for c in column)) > 0):
                        column.append(ln)
                        grown = True
            right = max(ln.x1 for ln in column)
            if 0 <= x0 - right < 3 * first.size:
                block.extend(column)
                x0 = min(ln.x0 for ln in column)
                break
        if any(overlap(x0, x1, p[0], p[2]) > 0 and -1 <= top - p[3] < 4 * credit.size for p in pictures + boxes):
            continue
        boxes.append((x0, top - 2.0, x1, top - 1.0))
    return boxes


# A caption under a news photo runs to a few lines; a longer run read as body type is text.
_BODY_TYPE_CAPTION = 4
# A picture stands at least this many line heights tall over its caption.
_PICTURE_WHITE = 3.0


def body_type_captions(lines: list[PositionedLine], small: list[PositionedLine], heads: set[int],
                       is_photo_credit: Callable[[str], bool]) -> list[PositionedLine]:
    """OCR sizes a short line by its box and pitch, and may take a caption and its credit
    for body type. A photo credit (`新华社记者 某某 摄`) ends a photo's caption whatever
    size it was read at: a credit out of small type, with the few lines stacked close above
    it (a caption set to the picture's width, the credit flush right under its last line),
    is a caption where white stands over the block's measure for some line heights above
    it (the picture; a head there is no picture: a credit under it is its byline).
    `heads`: the ids of the lines in heads."""
    in_small = {id(x) for x in small}
    text = [ln for ln in lines if id(ln) not in heads]
    out: list[PositionedLine] = []
    for credit in text:
        if id(credit) in in_small or credit.vertical or not is_photo_credit(credit.text):
            continue
        block = [credit]
        x0, x1 = credit.x0, credit.x1
        grown = True
        while grown and len(block) <= _BODY_TYPE_CAPTION:
            grown = False
            top = min(ln.y0 for ln in block)
            for ln in text:
                # (as `lost_pictures`: the caption's last line may end short of the credit)
                if (all(ln is not b for b in block) and not ln.vertical and -1 < top - ln.y1 < 1.2 * ln.size
                        and ln.x0 < x1 and ln.x1 > x0 - 30 * ln.size):
                    block.append(ln)
                    x0, x1 = min(x0, ln.x0), max(x1, ln.x1)
                    grown = True
        top = min(ln.y0 for ln in block)
        white = _PICTURE_WHITE * max(ln.height for ln in block)
        ids = {id(ln) for ln in block}
        if len(block) > _BODY_TYPE_CAPTION or any(
                id(ln) not in ids and overlap(ln.x0, ln.x1, x0, x1) > 0 and top - white < ln.y1 <= top for ln in lines):
            continue
        out.extend(ln for ln in block if id(ln) not in in_small)
    return out


def caption_run_ons(small: list[PositionedLine], found: set[int],
                    is_photo_credit: Callable[[str], bool]) -> list[tuple[list[PositionedLine], PositionedLine]]:
    """A photo's caption whose picture the page does not draw, cut at a column's foot in
    mid-sentence, goes on at the next column's top (columns flow): a stack of caption lines
    with no credit that ends in mid-sentence on a full line is the head of the nearest stack
    to its right that starts higher up, flush (in mid-sentence, not a paragraph's indented
    first line), and ends at a credit (a caption ends at its credit, `某某 摄`). Returns
    (the head's lines, the first line of the part it goes on in), heads set level with
    their part left alone (a caption in columns side by side, `lost_pictures`)."""
    stacks: list[list[PositionedLine]] = []
    for ln in sorted((x for x in small if id(x) not in found), key=lambda x: (x.y0, x.x0)):
        for stack in stacks:
            x0, x1 = min(x.x0 for x in stack), max(x.x1 for x in stack)
            # (a stack's first line may be indented two characters; a mark hanging past
            # the measure reaches into the gutter, not a character into the next column)
            if (-0.3 * ln.size < ln.y0 - stack[-1].y1 < 1.5 * ln.size
                    and min(x1, ln.x1) - max(x0 - 2.2 * ln.size, ln.x0) > 0.5 * ln.size):
                stack.append(ln)
                break
        else:
            stacks.append([ln])
    pairs: list[tuple[list[PositionedLine], PositionedLine]] = []
    taken: set[int] = set()
    for head in stacks:
        last = head[-1]
        x0, x1 = min(x.x0 for x in head), max(x.x1 for x in head)
        if (len(head) < 2 or any(is_photo_credit(x.text) for x in head) or _ends_sentence(last)
                or last.x1 < x1 - last.size):
            continue  # a caption ended (its credit, a sentence) or a short line: not cut
        tails = [t for t in stacks if id(t[0]) not in taken and t is not head and is_photo_credit(t[-1].text)
                 and len(t) >= 2 and x1 - last.size <= t[0].x0 < x1 + (x1 - x0)
                 and t[0].y0 < head[0].y0 - 0.3 * last.size
                 and t[0].x0 <= min(x.x0 for x in t[:-1]) + 0.5 * last.size]
        if tails:
            tail = min(tails, key=lambda t: t[0].x0)
            taken.add(id(tail[0]))
            pairs.append((head, tail[0]))
    return pairs


def join_caption_run_ons(openers: list[Opener], pairs: list[tuple[list[PositionedLine], PositionedLine]]) -> None:
    """Each caption head cut at a column's foot reads with the part it goes on in
    (`caption_run_ons`), in whatever story that part was given."""
    for head, first in pairs:
        owner = next((op for op in openers if any(x is first for x in op.members)), None)
        if owner is None:
            continue
        moving = {id(x) for x in head}
        for op in openers:
            op.members = [x for x in op.members if id(x) not in moving]
        owner.members.extend(head)


def picture_opens(pic: BBox, lines: list[PositionedLine], small_ids: set[int], openers: list[Opener],
                  grid: Grid, rules: list[HRule] | None = None, vertical_rules: list[VRule] | None = None) -> bool:
    """A picture is a photo story unless it belongs to the story around it: inside a box (框)
    that holds one head, right under that story's headline (or under it with only white
    between them), with the story's text running beside it, or with running text going on
    below its caption in its columns."""
    em = grid.em
    pspan = (pic[0], pic[2])
    # a box is one story: a picture framed with one head is that story's, wherever it stands
    for f in frames(rules or [], vertical_rules or [], em):
        if _inside(pic, f) and sum(1 for op in openers if op.head and _inside(op.bbox, f)) == 1:
            return False
    head = head_over_picture(pic, lines, openers, rules or [])
    if head is not None:
        # the story's span reaches over the picture's columns: its caption is the story's
        head.span = (min(head.span[0], pic[0]), max(head.span[1], pic[2]))
        return False
    around = [op for op in openers if op.head and overlap(op.span[0], op.span[1], pic[0], pic[2])
              >= 0.8 * (pic[2] - pic[0]) and op.top <= pic[1]]
    if around:
        story = max(around, key=lambda op: op.top)
        if pic[1] - story.bbox[3] < 4 * em:
            return False  # right under the headline
        lower_heads = [op for op in openers if op.head and op.top > story.top]
        for ln in lines:
            c = grid.cell(ln)
            beside = (grid.covers(story.span, c) and overlap(c.x0, c.x1, pic[0], pic[2]) < 0.5 * c.width
                      and id(ln) not in small_ids and ln.y1 > pic[1] and ln.y0 < pic[3])
            if beside and not any(grid.covers(op.span, c) and op.top <= ln.y0 for op in lower_heads):
                return False  # the story's text runs beside the picture
    below = sorted((ln for ln in lines if ln.y0 >= pic[3] - 1 and overlap(ln.x0, ln.x1, pic[0], pic[2])
                    > 0.5 * ln.width), key=lambda x: x.y0)
    heads_below = [op.top for op in openers if op.top >= pic[3] - 1
                   and overlap(op.span[0], op.span[1], pspan[0], pspan[1]) > 0]
    limit = min(heads_below, default=float("inf"))
    for ln in below:
        if ln.y0 >= limit:
            return True
        if id(ln) not in small_ids:
            return False
    return True


def head_over_picture(pic: BBox, lines: list[PositionedLine], openers: list[Opener],
                      rules: list[HRule]) -> Opener | None:
    """The head whose story a picture belongs to by place: the nearest head above it, standing
    over most of its width with nothing between them (no line, no other head, no rule). A
    picture set down a story's columns under its headline, however far below it, is that
    story's (a head owns what lies below it)."""
    width = pic[2] - pic[0]
    above = [op for op in openers if op.head and op.bbox[3] <= pic[1] + 1
             and overlap(op.bbox[0], op.bbox[2], pic[0], pic[2]) > 0]
    if not above:
        return None
    head = max(above, key=lambda op: op.bbox[3])
    x0, x1 = max(head.bbox[0], pic[0]), min(head.bbox[2], pic[2])
    if x1 - x0 < 0.5 * width:
        return None
    top, bottom = head.bbox[3], pic[1]

    def between(box: BBox, slack: float) -> bool:
        return overlap(box[0], box[2], x0, x1) > slack and box[3] > top + 1 and box[1] < bottom - 1

    # (a mark hanging into the gutter beside the picture is not in its way)
    if any(between(ln.bbox, 0.5 * ln.size) for ln in lines):
        return None
    if any(op is not head and not op.picture and between(op.bbox, 0.0) for op in openers):
        return None
    if any(top < y < bottom and overlap(rx0, rx1, x0, x1) > 0 for y, rx0, rx1 in rules):
        return None
    return head


def _ruled_between(rules: list[HRule], top: float, bottom: float, cell: Cell) -> bool:
    return any(top < y < bottom and overlap(x0, x1, cell.x0, cell.x1) > 0.8 * cell.width for y, x0, x1 in rules)


def _reached(op: Opener, cell: Cell, openers: list[Opener], grid: Grid) -> bool:
    """Whether a cell a head took by widening over blank columns belongs to it: not where
    the column is empty from the head down to it and a lower head stands beside it (within a column's width) whose own columns start level
    with the cell (a head owns the columns below it up to the next headline; past the
    empty space beside a short story, a column piece set level with a lower story's
    columns is that story's)."""
    em = grid.em
    if any(c is not cell and (c.lines or c.pictures) and op.bbox[3] - 0.5 * em <= c.y0 < cell.y0
           and overlap(c.x0, c.x1, cell.x0, cell.x1) > 0.5 * min(c.width, cell.width) for c in grid.cells):
        return True  # the column holds the story's matter from the head down to the cell
    for other in openers:
        if other is op or not other.head or not op.bbox[3] <= other.top < cell.y0:
            continue
        if max(other.bbox[0] - cell.x1, cell.x0 - other.bbox[2]) > cell.width:
            continue
        if any(c is not cell and c.lines and grid.covers(other.span, c) and abs(c.y0 - cell.y0) < 0.5 * em
               and other.bbox[3] - 0.5 * em <= c.y0 <= other.bbox[3] + 6 * em for c in grid.cells):
            return False
    return True


def assign_members(lines: list[PositionedLine], openers: list[Opener], grid: Grid,
                   rules: list[HRule]) -> list[PositionedLine]:
    """Give each line to the nearest opener above that spans its cell (no rule between);
    return the lines no opener owns."""
    orphans: list[PositionedLine] = []
    candidates: dict[int, list[Opener]] = {}  # by cell: the openers spanning it, nearest first
    for ln in lines:
        cell = grid.cell(ln)
        found = candidates.get(cell.index)
        if found is None:
            found = candidates[cell.index] = sorted((op for op in openers if grid.covers(op.span, cell)),
                                                    key=lambda op: -op.top)
        owner: Opener | None = None
        for op in found:
            if (op.top <= ln.y0 + 1 and not _ruled_between(rules, op.bbox[3] if op.head else op.top, ln.y0, cell)
                    and (op.own_span is None or grid.covers(op.own_span, cell) or _reached(op, cell, openers, grid))):
                owner = op
                break
        if owner is None:
            orphans.append(ln)
        else:
            owner.members.append(ln)
    return orphans


def stream_trust(grid: Grid) -> float:
    """How far the input's own order runs down the columns: the share of lines stacked in
    one cell whose successor in the input is the line right below."""
    pairs = agree = 0
    for c in grid.cells:
        for a, b in pairwise(c.lines):
            pairs += 1
            agree += b.order == a.order + 1
    return agree / pairs if pairs else 0.0


def _ends_sentence(line: PositionedLine) -> bool:
    text = line.text.rstrip()
    return bool(text) and text[-1] in _SENTENCE_END


def _level_with_columns(op: Opener, first: PositionedLine, grid: Grid) -> bool:
    """Whether `first` starts its cell level with the text of another column of `op`'s
    story under its head: a story's columns all begin at one height (below its byline or
    deck), so a column that begins there is the story's own, whatever the stream says."""
    em = grid.em
    here = grid.cell(first)
    if any(ln.y0 < first.y0 - 0.2 * em for ln in here.lines):
        return False
    for ln in op.members:
        cell = grid.cell(ln)
        if (cell is not here and ln.y0 >= op.bbox[3] - 0.5 * em and abs(ln.y0 - first.y0) < 0.5 * em
                and grid.covers(op.span, cell) and not any(x.y0 < ln.y0 - 0.2 * em and x.y0 >= op.bbox[3] - 0.5 * em
                                                           for x in cell.lines)):
            return True
    return False


def _next_band(mine: Opener, theirs: Opener, first: PositionedLine, grid: Grid) -> bool:
    """Whether `first` starts a column piece in the band a lower head opened beside it,
    after the story above (`mine`, the owner by place) ended or broke off in that column
    (a sentence's end, or a blank line's space): columns that
    flow (a section of stories set one after another down and across the columns) start
    each story wherever the last one ended, and the stream says which story goes on there."""
    em = grid.em
    if not theirs.head or theirs.top <= mine.top + em:
        return False
    here = grid.cell(first)
    above = [ln for ln in mine.members if ln.y1 <= first.y0
             and overlap(ln.x0, ln.x1, first.x0, first.x1) > 0.5 * min(ln.width, first.width)]
    if not above:
        return False
    last = max(above, key=lambda ln: ln.y1)
    own = {id(ln) for ln in mine.members}
    if any(ln.y0 >= last.y1 - 0.2 * em and ln.y1 <= first.y0 + 0.2 * em and id(ln) not in own
           and overlap(ln.x0, ln.x1, first.x0, first.x1) > 0.5 * min(ln.width, first.width)
           for c in grid.cells for ln in c.lines):
        return True  # the owner by place reaches it only across another story's text in the column
    if first.y0 < theirs.top - 0.5 * em:
        return False
    # a blank line's worth of space between them, or a piece of its own after a sentence's end
    return first.y0 - last.y1 >= em or (grid.cell(last) is not here and _ends_sentence(last))


def _right_under(op: Opener, first: PositionedLine, em: float, cell: Cell | None = None) -> bool:
    """Whether a line of `op` (text, caption or credit) stands right above `first` in its
    column, within a line's space or two. Not where that line ends a paragraph (a sentence
    ended short of the measure of `first`'s cell) and `first`, set flush, runs on from
    elsewhere: a paragraph ended cannot go on in an unindented line."""
    above = [ln for ln in op.members if 0 <= first.y0 - ln.y1 < 2 * em
             and overlap(ln.x0, ln.x1, first.x0, first.x1) > 0.5 * min(ln.width, first.width)]
    if cell is not None and above:
        last = max(above, key=lambda ln: ln.y1)
        if _ends_sentence(last) and last.x1 < cell.right - em and first.x0 < cell.left + 0.8 * first.size:
            return False
    return bool(above)


def follow_stream(openers: list[Opener], orphans: list[PositionedLine], grid: Grid,
                  small_ids: set[int]) -> list[PositionedLine]:
    """Move stretches of text to the article they continue in the input's order; return the
    lines still unowned."""
    em = grid.em
    owner_of: dict[int, Opener | None] = {}
    for op in openers:
        for ln in op.members:
            owner_of[id(ln)] = op
    for ln in orphans:
        owner_of[id(ln)] = None
    by_order = {ln.order: ln for c in grid.cells for ln in c.lines}
    # stretches: runs of lines in one cell whose input order goes up by one
    stretches: list[list[PositionedLine]] = []
    for c in grid.cells:
        run: list[PositionedLine] = []
        for ln in c.lines:
            if id(ln) not in owner_of or id(ln) in small_ids:
                continue
            if run and ln.order != run[-1].order + 1:
                stretches.append(run)
                run = []
            run.append(ln)
        if run:
            stretches.append(run)
    last_of_stretch = {id(s[-1]) for s in stretches}
    # a head's last line (the stream often writes a head, then its text)
    head_of = {id(op.head[-1]): op for op in openers if op.head}
    stretches.sort(key=lambda s: s[0].order)
    for stretch in stretches:
        first = stretch[0]
        pred = by_order.get(first.order - 1)
        if pred is not None and id(pred) in head_of and owner_of[id(first)] is None:
            # text no head spans, written right after a head and set below it: that head's
            head = head_of[id(pred)]
            # below the head, or at the top of a column to its right (a head set at a
            # column's foot, its text flowing on to the next column)
            if first.y0 >= head.bbox[3] - 0.5 * em or grid.cell(first).x0 >= head.bbox[2] - em:
                for ln in stretch:
                    head.members.append(ln)
                    owner_of[id(ln)] = head
            continue
        if pred is None or id(pred) not in owner_of or id(pred) not in last_of_stretch:
            continue
        mine, theirs = owner_of[id(first)], owner_of[id(pred)]
        if theirs is None or mine is theirs:
            continue
        here, there = grid.cell(first), grid.cell(pred)
        onward = here.x0 >= there.x0 + em or first.y0 > pred.y1  # the next column, or further down
        if not onward:
            continue
        if mine is None and match_jump_from(first.text) is not None:
            continue  # `（上接第3版）` opens a story continued from elsewhere, not a run-on
        if mine is not None and not _next_band(mine, theirs, first, grid):
            if _ends_sentence(pred) or first.x0 > here.left + 0.8 * first.size:
                continue  # a paragraph of its own: no evidence of a run-on
            if mine.head and grid.covers(mine.span, here) and (
                    first.y0 - mine.bbox[3] < 2.5 * em or _level_with_columns(mine, first, grid)
                    or (first.y0 < theirs.top - 0.5 * em and _right_under(mine, first, em, here))):
                # right under its own head, level with its other columns, or right under the
                # story's own matter above the other story's head (a story reads on after its
                # head, not above it): that story's
                continue
        moving = {id(ln) for ln in stretch}
        if mine is not None:
            mine.members = [x for x in mine.members if id(x) not in moving]
        for ln in stretch:
            theirs.members.append(ln)
            owner_of[id(ln)] = theirs
    return [ln for ln in orphans if owner_of[id(ln)] is None]


def frames(rules: list[HRule], vertical_rules: list[VRule], em: float) -> list[BBox]:
    """Boxes (框) ruled on four sides: a rule across the top and the bottom, and a rule
    down each side between them."""
    found: list[BBox] = []
    for top in rules:
        for bottom in rules:
            if bottom[0] - top[0] < 2 * em or abs(bottom[1] - top[1]) > em or abs(bottom[2] - top[2]) > em:
                continue
            x0, x1 = min(top[1], bottom[1]), max(top[2], bottom[2])

            def side(x: float, t: HRule = top, b: HRule = bottom) -> bool:
                return any(abs(vx - x) < em and vy0 <= t[0] + em and vy1 >= b[0] - em for vx, vy0, vy1 in vertical_rules)

            if side(x0) and side(x1):
                found.append((x0, top[0], x1, bottom[0]))
    return found


def _inside(box: BBox, frame: BBox) -> bool:
    return frame[0] <= box[0] + 1 and box[2] <= frame[2] + 1 and frame[1] <= box[1] + 1 and box[3] <= frame[3] + 1


def lone_head_in_band(orphans: list[PositionedLine], openers: list[Opener], grid: Grid,
                      rules: list[HRule], vertical_rules: list[VRule] | None = None) -> list[PositionedLine]:
    """Text no head spans joins a head of its band of the page (between rules across the
    page) where its column piece starts level with that story's text under the head (a
    story's columns all start at one height): the band's only head (a banner set over part
    of its story's columns, its byline at the left; no photo story between them), or the
    one head of the band whose columns start at that height (a head set off-centre over
    its story). A box keeps its text to the heads inside it; a box with one head is its story. Return the lines still unowned."""
    if not orphans:
        return orphans
    em = grid.em
    boxes_ruled = frames(rules, vertical_rules or [], em)
    left = min(c.x0 for c in grid.cells)
    right = max(c.x1 for c in grid.cells)
    across = sorted(y for y, x0, x1 in rules if x1 - x0 >= 0.8 * (right - left))

    def band(y: float) -> tuple[float, float]:
        above = [r for r in across if r <= y]
        below = [r for r in across if r > y]
        return (above[-1] if above else float("-inf"), below[0] if below else float("inf"))

    bands: dict[tuple[float, float], list[Opener]] = {}
    for op in openers:
        bands.setdefault(band(op.top), []).append(op)
    column_tops: dict[int, list[float]] = {}  # per head: where its column pieces start
    for op in openers:
        if op.head:
            firsts: dict[int, float] = {}
            for ln in op.members:
                if ln.y0 >= op.bbox[3] - 0.5 * em:
                    c = grid.cell(ln).index
                    firsts[c] = min(firsts.get(c, ln.y0), ln.y0)
            column_tops[id(op)] = sorted(firsts.values())
    # the unowned pieces of each column, stacked close, go together (a subhead parts them)
    by_cell: dict[int, list[PositionedLine]] = {}
    for ln in orphans:
        by_cell.setdefault(grid.cell(ln).index, []).append(ln)
    stacks: list[list[PositionedLine]] = []
    boxes: list[BBox] = []
    for lines in sorted(by_cell.values(), key=lambda ls: min(ln.y0 for ln in ls)):
        box = union([ln.bbox for ln in lines])
        for k, other in enumerate(boxes):
            if (overlap(box[0], box[2], other[0], other[2]) > 0.5 * min(box[2] - box[0], other[2] - other[0])
                    and -0.5 * em < box[1] - other[3] < 3 * em):
                stacks[k].extend(lines)
                boxes[k] = union([other, box])
                break
        else:
            stacks.append(list(lines))
            boxes.append(box)
    left_over: list[PositionedLine] = []
    for lines in stacks:
        top = min(ln.y0 for ln in lines)
        x0, x1 = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
        owners = bands.get(band(top), [])
        box = union([ln.bbox for ln in lines])
        enclosing = [f for f in boxes_ruled if _inside(box, f)]
        heads = [op for op in owners if op.head and top >= op.bbox[3] - 0.5 * em and column_tops[id(op)]
                 and all(_inside(op.bbox, f) for f in enclosing)
                 and not any(_inside(op.bbox, f) and not _inside(box, f) for f in boxes_ruled)]
        level = [op for op in heads if any(abs(t - top) < 0.5 * em for t in column_tops[id(op)])]
        head = None
        boxed = [op for op in heads if enclosing]
        if len(boxed) == 1:
            head = boxed[0]  # a box (框) holds one story: its text is its head's
        elif len(heads) == 1 and top <= column_tops[id(heads[0])][0] + em:
            head = heads[0]
            # a photo story in the band stands apart unless it lies between the text and the head
            if any(op.picture and ((x1 <= op.bbox[0] and op.bbox[2] <= head.span[0])
                                   or (head.span[1] <= op.bbox[0] and op.bbox[2] <= x0)) for op in owners):
                head = None
        elif len(level) == 1:
            head = level[0]
        if head is None:
            left_over.extend(lines)
        else:
            head.members.extend(lines)
    return left_over


def untitled(orphans: list[PositionedLine], grid: Grid) -> list[Opener]:
    """Unowned lines as untitled articles: one per group of cells that touch (side by side
    across a gutter, or stacked in a column)."""
    em = grid.em
    cells: dict[int, list[PositionedLine]] = {}
    for ln in orphans:
        cells.setdefault(grid.cell(ln).index, []).append(ln)
    ids = sorted(cells)
    parent = {i: i for i in ids}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    boxes = {i: union([ln.bbox for ln in cells[i]]) for i in ids}
    for k, i in enumerate(ids):
        a = boxes[i]
        for j in ids[k + 1:]:
            b = boxes[j]
            side = overlap(a[1], a[3], b[1], b[3]) > 0 and min(abs(b[0] - a[2]), abs(a[0] - b[2])) < 3 * em
            stacked = overlap(a[0], a[2], b[0], b[2]) > 0.5 * min(a[2] - a[0], b[2] - b[0]) and min(
                abs(b[1] - a[3]), abs(a[1] - b[3])) < 3 * em
            if side or stacked:
                parent[find(j)] = find(i)
    groups: dict[int, list[PositionedLine]] = {}
    for i in ids:
        groups.setdefault(find(i), []).extend(cells[i])
    out = []
    for members in groups.values():
        box = union([x.bbox for x in members])
        out.append(Opener(top=box[1], bbox=box, span=(box[0], box[2]), members=members))
    return out


def brief_heads(mid: list[PositionedLine], openers: list[Opener], grid: Grid, rules: list[HRule],
                group: Callable[[list[PositionedLine]], list[list[PositionedLine]]]) -> list[Opener]:
    """Heads set only a little larger than body type (a brief's head, 1.1-1.3x, often bold):
    a group of such lines at the top of its column (nothing above it in the column but a
    rule, the page's top or a wide gap), with text under it. A line of that size inside a
    column, or at the top of a column right under the head of a story that spans it, is a
    subhead; under a wide gap after that story's text has run out in the column, it opens
    the next story."""
    em = grid.em
    found: list[Opener] = []
    for lines in group(mid):
        first = lines[0]
        box = union([ln.bbox for ln in lines])
        cell = grid.cell(first)
        above = [ln for c in grid.cells for ln in c.lines if ln.y1 <= box[1] + 0.2 * em
                 and overlap(ln.x0, ln.x1, box[0], box[2]) > 0.3 * min(ln.width, box[2] - box[0])]
        gap = float("inf")
        ruled = False
        if above:
            nearest = max(above, key=lambda ln: ln.y1)
            gap = box[1] - nearest.y1
            ruled = any(nearest.y1 - 0.2 * em <= y <= box[1] + 0.2 * em
                        and overlap(x0, x1, box[0], box[2]) > 0.5 * (box[2] - box[0]) for y, x0, x1 in rules)
            if gap < 1.2 * em and not ruled:
                continue  # text right above it in its column: a subhead
            if not ruled and gap < 4 * em and not any(
                    op.head and op.bbox[3] <= nearest.y0 + 0.2 * em and grid.covers(op.span, grid.cell(nearest))
                    for op in openers):
                # the text above it runs on from elsewhere (no head over it in this column:
                # a story flowing on from the foot of another column), set off by a line's
                # space only: a subhead of that story, not a brief of its own
                continue
        own = {id(x) for x in lines}
        if not any(ln.y0 >= box[3] - 0.2 * em and id(ln) not in own for x in lines for ln in grid.cell(x).lines) and not any(
                c.y0 >= box[3] - 0.5 * em and c.y0 < box[3] + 3 * em and overlap(c.x0, c.x1, box[0], box[2]) > 0
                for c in grid.cells if c.lines):
            continue  # nothing under it
        covering = [op for op in openers if op.head and op.top <= box[1] and grid.covers(op.span, cell)
                    and not _ruled_between(rules, op.bbox[3], box[1], cell)]
        if covering and (not above or max(op.bbox[3] for op in covering) >= max(ln.y1 for ln in above) - 0.2 * em
                         or (gap < 4 * em and not ruled)):
            continue  # at the top of a column of a story whose head spans it, or set off within it
        found.append(Opener(top=box[1], bbox=box, span=head_span(box, grid), head=lines))
    return found


def carry_run_ons(openers: list[Opener], grid: Grid, small_ids: set[int],
                  order: Callable[[list[PositionedLine]], list[PositionedLine]]) -> None:
    """A story that runs out at the foot of a column piece in mid-sentence (its last line
    full, maybe a paragraph's indented first line) goes on at the top of the next column
    (a paper's columns flow); there the text it owns by place starts in mid-sentence too,
    after the owner's own text has ended a sentence, or as the first text of an owner
    without a head (a photo's caption above it, text no head spans): that stretch is
    the story's run-on, not the owner's. Told by text and place alone (for OCR as for
    PDFs)."""
    em = grid.em
    for op in openers:
        text = order([ln for ln in op.members if id(ln) not in small_ids])
        if not text:
            continue
        last = text[-1]
        here = grid.cell(last)
        # (a paragraph's first line, indented two ems, may be the column's last; a jump
        # line is set off further, or short)
        indent = 2.5 * em if last.width >= 0.6 * (here.right - here.left) else 0.5 * em
        body = sorted(ln.size for ln in text)[len(text) // 2]
        # a subhead at the foot of a column piece: its text goes on at the next column's
        # top, opening a paragraph there (a subhead never ends a story)
        subhead = last.size > 1.05 * body and len(text) > 1
        if last.y1 < here.y1 - em or (not subhead and (
                _ends_sentence(last) or last.x1 < here.right - 0.8 * em or last.x0 > here.left + indent)):
            continue  # ends a sentence, short of the measure, set off (a jump line), or not at its column piece's foot
        # the top of the next column to the right: cells starting higher up
        column = [c for c in grid.cells if c.lines and c.x0 >= here.x1 - em and c.x0 <= here.x1 + here.width
                  and c.y0 < last.y0]
        if not column:
            continue
        c0 = min(c.x0 for c in column)
        column = sorted((c for c in column if c.x0 < c0 + 0.5 * here.width), key=lambda c: c.y0)
        for cell in column:
            lines = [ln for ln in cell.lines if id(ln) not in small_ids]
            if not lines:
                continue
            first = lines[0]
            owner = next((o for o in openers if any(x is first for x in o.members)), None)
            if (owner is None or owner is op or (first.x0 > cell.left + 0.8 * first.size and not subhead)
                    or first.size > 1.05 * body or len(lines) < 2):
                break  # a paragraph or a subhead of its own, or nobody's: no run-on here
            flow = order([x for x in owner.members if id(x) not in small_ids])
            at = next((k for k, ln in enumerate(flow) if ln is first), 0)
            # a headless owner (a photo story, text no head spans) whose text starts
            # here in mid-paragraph, no higher than the story's own text starts, has no
            # story of its own to start: it is the run-on
            if at == 0 and (owner.head or first.y0 < text[0].y0 - 0.5 * em):
                break  # the owner's text starts there (under its head, or beside the story's head)
            if at > 0 and not _ends_sentence(flow[at - 1]):
                break  # the owner's text runs into it: its own
            # the stretch down the column to the owner's next paragraph break or head
            theirs = {id(x) for x in owner.members}
            moved = [ln for ln in cell.lines if id(ln) in theirs and id(ln) not in small_ids]
            moving = {id(ln) for ln in moved}
            owner.members = [x for x in owner.members if id(x) not in moving]
            op.members.extend(moved)
            if (op.head and not owner.head and owner.members and all(id(x) in small_ids for x in owner.members)
                    and min(x.y0 for x in owner.members) > op.bbox[3]):
                # what is left is a caption under the story's head, in its run of columns:
                # the photo is the story's (a photo story's caption runs into no one's text)
                op.members.extend(owner.members)
                owner.members = []
            break


def captions_beside_text(openers: list[Opener], grid: Grid, small_ids: set[int], rules: list[HRule],
                         lost: list[BBox]) -> None:
    """A caption whose picture the page does not draw (an OCR file draws none; `lost`, the
    places `lost_pictures` gave such photos), set under a story's head within its reach and
    level with that story's text beside it, is the caption of that story's photo: the
    picture stands in the story's block, above the caption, beside its columns. Only where
    one story answers."""
    for op in openers:
        if (op.head or (op.picture and op.bbox not in lost) or not op.members
                or not all(id(x) in small_ids for x in op.members)):
            continue
        box = union([x.bbox for x in op.members])
        cell = grid.cell(op.members[0])
        stories = [o for o in openers if o.head and o.bbox[3] <= box[1]
                   and overlap(o.bbox[0], o.bbox[2], box[0], box[2]) > 0
                   and any(id(m) not in small_ids and overlap(m.y0, m.y1, box[1], box[3]) > 0
                           and (m.x1 <= box[0] or m.x0 >= box[2]) for m in o.members)
                   and not _ruled_between(rules, o.bbox[3], box[1], cell)
                   and not _text_over(o, box, openers, small_ids)]
        if len(stories) == 1:
            stories[0].members.extend(op.members)
            op.members = []


def _text_over(story: Opener, box: BBox, openers: list[Opener], small_ids: set[int]) -> bool:
    """Whether text stands over the caption's measure between the story's first text line
    and the caption (where the picture would be)."""
    top = min((m.y0 for m in story.members if id(m) not in small_ids), default=box[1])
    return any(top - 1 <= m.y0 < box[1] and overlap(m.x0, m.x1, box[0], box[2]) > 0
               for o in openers for m in o.head + o.members if id(m) not in small_ids)
