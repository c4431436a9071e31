"""Positioned lines -> articles in reading order, with a role for every line.

The steps, per page:

1. body size: the type size most characters have; lines clearly larger are
   heads (titles), slightly larger are kickers / subtitles / subheads, clearly
   smaller are captions and credits.
2. furniture: everything above the header rule near the top of the page (or,
   without a rule, in the top and bottom margins).
3. columns: the page grid, from where body lines lie across the page
   (gutters are the x-ranges that no body line covers).
4. heads: title lines grouped with their kicker above and subtitle below;
   each head opens an article over the columns it spans. A picture box opens
   one too (a photo story) unless body text continues below its caption,
   which makes it a picture inside the article around it.
5. every other line goes to the nearest opener above it in its column; the
   article reads head, byline, then its columns left to right, each top to
   bottom, then its captions and credit.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from banmian.inputs.lines import PositionedLine
from banmian.layout import LineLayout
from banmian.model import BBox

HEAD_RATIO = 1.3  # a title is at least this much larger than body type
MID_RATIO = 1.06  # kicker, subtitle, subhead: a little larger
SMALL_RATIO = 0.94  # caption, credit: smaller
_CREDIT = re.compile(r"(摄|供图|图片来源|图／|图/)\s*[)）]?$")
_SENTENCE_END = re.compile(r"[。！？…”]$")


@dataclass
class _Opener:
    """Something that starts an article: a head (title group) or a picture box."""

    top: float
    bbox: BBox
    columns: set[int]
    head: list[PositionedLine] = field(default_factory=list)
    picture: bool = False
    members: list[PositionedLine] = field(default_factory=list)


@dataclass
class PageLayout:
    """The lines of one PDF page in reading order, each with its layout evidence."""

    lines: list[PositionedLine]
    layouts: list[LineLayout]
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def body_size(lines: list[PositionedLine]) -> float:
    weight: Counter[float] = Counter()
    for line in lines:
        weight[line.size] += len(line.text)
    return weight.most_common(1)[0][0] if weight else 10.0


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def split_furniture(lines: list[PositionedLine], rules: list[tuple[float, float, float]], width: float,
                    height: float) -> tuple[list[PositionedLine], list[PositionedLine]]:
    """(furniture, content): the header band above a long rule near the top (or the top
    margin), and a footer below a long rule near the bottom or set apart in the bottom margin."""
    long_rules = [y for y, x0, x1 in rules if x1 - x0 > width * 0.6]
    top_rules = [y for y in long_rules if y < height * 0.12]
    limit_top = min(top_rules) if top_rules else height * 0.045
    foot_rules = [y for y in long_rules if y > height * 0.9]
    limit_bottom = max(foot_rules) if foot_rules else height * 0.965
    header = [ln for ln in lines if ln.y1 <= limit_top + 1]
    rest = [ln for ln in lines if ln.y1 > limit_top + 1]
    low = [ln for ln in rest if ln.y0 >= limit_bottom]
    body = [ln for ln in rest if ln.y0 < limit_bottom]
    footer: list[PositionedLine] = []
    for ln in low:
        # without a rule, a line in the margin that runs on from the text above is text (a jump line)
        runs_on = not foot_rules and any(
            0 <= ln.y0 - up.y1 < 1.5 * ln.height and _overlap(ln.x0, ln.x1, up.x0 - ln.height, up.x1 + ln.height) > 0
            for up in body + low if up is not ln and up.y0 < ln.y0)
        (body if runs_on else footer).append(ln)
    return header + footer, body


def find_columns(lines: list[PositionedLine], size: float, width: float, *, extra: Sequence[BBox] = ()
                 ) -> list[tuple[float, float]]:
    """The column grid: maximal x-ranges covered by body lines, gutters being the gaps.

    `extra` boxes (captions, pictures) only add columns where body text leaves a
    gap wide enough for one: a column holding nothing but a photo and its caption.
    """
    found = _covered_ranges([(ln.x0, ln.x1) for ln in lines], size, width, need=2 if len(lines) > 20 else 1)
    # ranges that touch are one column (ragged short lines leave dents in the coverage)
    columns: list[tuple[float, float]] = []
    for c0, c1 in found:
        if columns and c0 - columns[-1][1] < 0.6 * size:
            columns[-1] = (columns[-1][0], max(c1, columns[-1][1]))
        else:
            columns.append((c0, c1))
    # a column holding only a few short lines looks narrow: give it the grid's width
    widths = sorted(c1 - c0 for c0, c1 in columns)
    if len(columns) >= 2:
        gap = sorted(b[0] - a[1] for a, b in pairwise(columns))[len(columns) // 2 - 1]
        typical = widths[len(widths) // 2]
        for i, (c0, c1) in enumerate(columns):
            limit = columns[i + 1][0] - gap if i + 1 < len(columns) else width
            if c1 - c0 < 0.9 * typical:
                columns[i] = (c0, max(c1, min(c0 + typical, limit)))
    if extra:
        gutters = sorted(b[0] - a[1] for a, b in pairwise(columns))
        gutter = gutters[len(gutters) // 2] if gutters else size
        widths = sorted(c1 - c0 for c0, c1 in columns)
        median = widths[len(widths) // 2] if widths else 0.0
        narrowest = max(3 * size, 0.6 * median)
        for x0, x1 in _covered_ranges([(b[0], b[2]) for b in extra], size, width, need=1):
            for g0, g1 in _gaps(columns, width):
                # a box reaching in from a column leaves a gutter before the new column
                a = g0 + gutter if x0 < g0 and g0 > 0 else max(x0, g0)
                b = g1 - gutter if x1 > g1 and g1 < width else min(x1, g1)
                if b - a > narrowest:
                    # a picture across several columns of the page's grid stands for all of them
                    count = max(1, round((b - a + gutter) / (median + gutter))) if widths else 1
                    step = (b - a + gutter) / count
                    columns.extend((a + k * step, a + (k + 1) * step - gutter) for k in range(count))
        columns.sort()
    return columns


def _gaps(columns: list[tuple[float, float]], width: float) -> list[tuple[float, float]]:
    edges = [0.0] + [x for c in sorted(columns) for x in c] + [width]
    return [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]


def _covered_ranges(ranges: list[tuple[float, float]], size: float, width: float, *, need: int
                    ) -> list[tuple[float, float]]:
    # how many lines cover each x (1-pt steps), by a running sum over start/end events
    delta = [0] * (int(width) + 3)
    for x0, x1 in ranges:
        delta[min(len(delta) - 1, max(0, int(x0)))] += 1
        delta[min(len(delta) - 1, max(0, int(x1) + 1))] -= 1
    cover: list[int] = []
    running = 0
    for step in delta[:-1]:
        running += step
        cover.append(running)
    columns: list[tuple[float, float]] = []
    start: int | None = None
    for x, count in enumerate(cover):
        if count >= need and start is None:
            start = x
        elif count < need and start is not None:
            if x - start > 3 * size:
                columns.append((float(start), float(x)))
            start = None
    return columns


class _Grid(list[tuple[float, float]]):
    """The page's columns, remembering which column each line was found in."""

    def __init__(self, columns: list[tuple[float, float]]) -> None:
        super().__init__(columns)
        self.found: dict[int, int] = {}
        self.starts = [c0 for c0, _ in columns]

    def column(self, line: PositionedLine) -> int:
        found = self.found.get(id(line))
        if found is None:
            # the columns around the line's centre are the only candidates worth a look
            i = bisect_right(self.starts, line.cx) - 1
            near = range(max(0, i - 1), min(len(self), i + 2))
            best = max(near, key=lambda k: _overlap(line.x0, line.x1, self[k][0], self[k][1]))
            if _overlap(line.x0, line.x1, self[best][0], self[best][1]) <= 0:
                best = _column_of(line, self)
            found = self.found[id(line)] = best
        return found


def _column_of(line: PositionedLine, columns: list[tuple[float, float]]) -> int:
    """The grid column a line lies in (most overlap; else the nearest)."""
    best, best_overlap = 0, -1.0
    for i, (c0, c1) in enumerate(columns):
        ov = _overlap(line.x0, line.x1, c0, c1)
        if ov > best_overlap:
            best, best_overlap = i, ov
    if best_overlap <= 0:  # outside the grid: the nearest column by centre
        best = min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - line.cx))
    return best


def _span_columns(x0: float, x1: float, columns: list[tuple[float, float]], share: float = 0.4) -> set[int]:
    """The columns that the x-range covers by at least `share` of their width."""
    out = {i for i, (c0, c1) in enumerate(columns) if _overlap(x0, x1, c0, c1) >= share * (c1 - c0)}
    if not out:
        cx = (x0 + x1) / 2
        out = {min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - cx))}
    return out


def _group_heads(big: list[PositionedLine], mid: list[PositionedLine]) -> list[list[PositionedLine]]:
    """Title lines stacked close together form one head; kickers/subtitles join a head they touch."""
    groups: list[list[PositionedLine]] = []
    for ln in sorted(big, key=lambda x: (x.y0, x.x0)):
        for g in groups:
            last = g[-1]
            if (ln.y0 - last.y1 < 0.8 * max(ln.size, last.size)
                    and _overlap(ln.x0, ln.x1, min(x.x0 for x in g), max(x.x1 for x in g)) > 0):
                g.append(ln)
                break
        else:
            groups.append([ln])
    attached: set[int] = set()
    changed = True
    while changed:  # a two-line kicker attaches line by line
        changed = False
        for i, ln in enumerate(mid):
            if i in attached:
                continue
            for g in groups:
                box = _union([x.bbox for x in g])
                gap = max(box[1] - ln.y1, ln.y0 - box[3])
                # kickers and subtitles are set like their title: centred on it or flush with it
                aligned = (abs(ln.cx - (box[0] + box[2]) / 2) < 0.15 * (box[2] - box[0]) + ln.size
                           or abs(ln.x0 - box[0]) < ln.size or abs(ln.x1 - box[2]) < ln.size)
                if gap < 1.2 * ln.size and aligned and _overlap(ln.x0, ln.x1, box[0], box[2]) > 0.5 * ln.width:
                    g.append(ln)
                    attached.add(i)
                    changed = True
                    break
    return [sorted(g, key=lambda x: (x.y0, x.x0)) for g in groups]


def analyse_page(lines: list[PositionedLine], *, width: float, height: float, pictures: list[BBox],
                 rules: list[tuple[float, float, float]]) -> PageLayout:
    """Order the page's lines (furniture first, then article by article) and give each a role."""
    if not lines:
        return PageLayout([], [])
    furniture, content = split_furniture(lines, rules, width, height)
    out_lines: list[PositionedLine] = []
    out_layouts: list[LineLayout] = []
    for ln in sorted(furniture, key=lambda x: (x.y0 > height / 2, round(x.y0), x.x0)):
        out_lines.append(ln)
        out_layouts.append(_layout(ln, "furniture", paragraph_start=True))
    if not content:
        return PageLayout(out_lines, out_layouts)

    size = body_size(content)
    big = [ln for ln in content if ln.size >= size * HEAD_RATIO]
    mid = [ln for ln in content if size * MID_RATIO <= ln.size < size * HEAD_RATIO]
    small = [ln for ln in content if ln.size <= size * SMALL_RATIO]
    body = [ln for ln in content if size * SMALL_RATIO < ln.size < size * MID_RATIO]
    grid = find_columns(body or content, size, width, extra=[ln.bbox for ln in small] + pictures)
    columns = _Grid(grid or [(0.0, width)])

    heads = _group_heads(big, mid)
    in_head = {id(x) for g in heads for x in g}
    openers: list[_Opener] = []
    for g in heads:
        box = _union([x.bbox for x in g])
        # a headline crossing a gutter into a column spans it (a head never reaches into another story)
        openers.append(_Opener(top=box[1], bbox=box, columns=_span_columns(box[0], box[2], columns, 0.1), head=g))
    rest = [ln for ln in content if id(ln) not in in_head]
    _widen_heads(openers, rest, columns, pictures)
    small_ids = {id(x) for x in _captions(small, pictures)}
    for pic in pictures:
        if _picture_opens(pic, rest, small_ids, openers, columns, size):
            openers.append(_Opener(top=pic[1], bbox=pic, columns=_span_columns(pic[0], pic[2], columns),
                                   picture=True))

    orphans: dict[int, list[PositionedLine]] = {}
    for ln in rest:
        col = columns.column(ln)
        owner: _Opener | None = None
        for op in openers:
            if col in op.columns and op.top <= ln.y0 + 1 and (owner is None or op.top > owner.top):
                owner = op
        if owner is None:
            orphans.setdefault(col, []).append(ln)
        else:
            owner.members.append(ln)
    # text above every opener in its columns: untitled articles, one per run of adjacent columns
    for run in _runs(sorted(orphans)):
        members = [ln for c in run for ln in orphans[c]]
        box = _union([x.bbox for x in members])
        openers.append(_Opener(top=box[1], bbox=box, columns=set(run), members=members))

    openers.sort(key=lambda op: (round(op.top / (size * 3)), min(op.columns)))
    for op in openers:
        if not op.head and not op.members:
            continue
        lines_, layouts_ = _read_article(op, columns, size, small_ids)
        out_lines.extend(lines_)
        out_layouts.extend(layouts_)
    return PageLayout(out_lines, out_layouts)


def _widen_heads(openers: list[_Opener], lines: list[PositionedLine], columns: _Grid,
                 pictures: list[BBox]) -> None:
    """A headline narrower than its story still opens the columns beside it that stay blank at
    the headline's height: both ways for a centred head, to the right of a flush-left one, to
    the left of a flush-right one; where two heads could claim a column the closer fit wins."""
    by_column: dict[int, list[PositionedLine]] = {}
    for ln in lines:
        by_column.setdefault(columns.column(ln), []).append(ln)

    beside: dict[tuple[int, int], bool] = {}

    def blocked(c: int, op: _Opener) -> bool:
        top, bottom = op.bbox[1], op.bbox[3]
        if any(ln.y1 > top and ln.y0 < bottom for ln in by_column.get(c, ())):
            return True  # text runs beside the headline: another story's column
        c0, c1 = columns[c]
        return any(_overlap(p[0], p[2], c0, c1) > 0.5 * (c1 - c0) and p[3] > top and p[1] < bottom
                   for p in pictures)  # a picture beside the headline

    def free(c: int, op: _Opener) -> bool:
        top, bottom = op.bbox[1], op.bbox[3]
        key = (c, id(op))
        if key not in beside:
            beside[key] = blocked(c, op)
        if beside[key]:
            return False
        return not any(c in other.columns and other.bbox[1] < bottom and other.bbox[3] > top
                       for other in openers if other is not op)

    def text_top(c: int, op: _Opener) -> float | None:
        """Where the text in column c starts below the head."""
        return min((ln.y0 for ln in by_column.get(c, ()) if ln.y0 >= op.bbox[3] - 1), default=None)

    def centre_error(op: _Opener, cols: set[int]) -> float:
        return abs((columns[min(cols)][0] + columns[max(cols)][1]) / 2 - (op.bbox[0] + op.bbox[2]) / 2)

    # How each head is set, seen against the columns it covers: centred on them (it widens
    # both ways, staying centred over its story), flush left (it runs on to the right over
    # blank columns), flush right (to the left), or filling them exactly (any of these).
    setting: dict[int, set[str]] = {}
    for op in openers:
        if op.head:
            c0, c1 = columns[min(op.columns)][0], columns[max(op.columns)][1]
            size = max(x.size for x in op.head)
            how = {name for name, yes in (
                ("left", abs(op.bbox[0] - c0) < 1.5),
                ("right", abs(c1 - op.bbox[2]) < 1.5),
                ("centre", abs((op.bbox[0] + op.bbox[2]) / 2 - (c0 + c1) / 2) < max(3.0, 0.2 * size)),
            ) if yes}
            setting[id(op)] = how if how - {"centre"} else how | {"centre"}

    # first widen centred heads, keeping them centred; then flush ones, by distance
    for centring in (True, False):
        while True:
            best: tuple[float, int, set[int]] | None = None
            for i, op in enumerate(openers):
                how = setting.get(id(op), set())
                lo, hi = min(op.columns) - 1, max(op.columns) + 1
                if centring:
                    options = [{lo}, {hi}, {lo, hi}] if "centre" in how else []
                else:
                    options = ([{hi}] if "left" in how else []) + ([{lo}] if "right" in how else [])
                for extra in options:
                    if not all(0 <= c < len(columns) and free(c, op) for c in extra):
                        continue
                    if centring:
                        key = centre_error(op, op.columns | extra)
                        if key > centre_error(op, op.columns) + 1.0:
                            continue
                    else:
                        # a story's columns start their text at one height; then the nearer head
                        c = next(iter(extra))
                        e0, e1 = columns[c]
                        own = [t for t in (text_top(k, op) for k in op.columns) if t is not None]
                        start = text_top(c, op)
                        mismatch = abs(start - min(own)) if own and start is not None else 0.0
                        key = round(mismatch / 2) * 1000 + max(0.0, e0 - op.bbox[2], op.bbox[0] - e1)
                    if best is None or key < best[0]:
                        best = (key, i, extra)
            if best is None:
                break
            openers[best[1]].columns |= best[2]


def _captions(small: list[PositionedLine], pictures: list[BBox]) -> list[PositionedLine]:
    """Small-type lines that caption a picture: touching it (below, above or beside), or
    stacked close to such a line within the picture's width (a caption's later lines, the
    credit). Small type elsewhere (a note, a box) is running text."""
    zone: dict[int, tuple[float, float]] = {}  # caption line -> x-range of its picture
    found: list[PositionedLine] = []
    for ln in small:
        under = [p for p in pictures if _overlap(ln.x0, ln.x1, p[0], p[2]) > 0.5 * ln.width
                 and (-2 <= ln.y0 - p[3] < 3 * ln.size or -2 <= p[1] - ln.y1 < 3 * ln.size)]
        # beside a picture, unless the line lies in another picture's width (its caption, lower down)
        beside = [p for p in pictures if _overlap(ln.y0, ln.y1, p[1], p[3]) > 0
                  and min(abs(ln.x0 - p[2]), abs(p[0] - ln.x1)) < 2 * ln.size
                  and not any(_overlap(ln.x0, ln.x1, q[0], q[2]) > 0.5 * ln.width for q in pictures)]
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
                if near and _overlap(ln.x0, ln.x1, z0, z1) > 0.5 * ln.width:
                    zone[id(ln)] = (z0, z1)
                    found.append(ln)
                    grown = True
                    break
    return found


def _runs(cols: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for c in cols:
        if runs and runs[-1][-1] == c - 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _picture_opens(pic: BBox, lines: list[PositionedLine], small_ids: set[int], openers: list[_Opener],
                   columns: _Grid, size: float) -> bool:
    """A picture is a photo story unless it belongs to the story around it: right under that
    story's headline, with the story's text running beside it, or with running text going on
    below its caption in its columns."""
    spanned = _span_columns(pic[0], pic[2], columns)
    around = [op for op in openers if op.head and spanned <= op.columns and op.top <= pic[1]]
    if around:
        story = max(around, key=lambda op: op.top)
        if pic[1] - story.bbox[3] < 4 * size:
            return False  # right under the headline
        lower_heads = [op for op in openers if op.head and op.top > story.top]
        for ln in lines:
            col = columns.column(ln)
            beside = (col in story.columns and col not in spanned and id(ln) not in small_ids
                      and ln.y1 > pic[1] and ln.y0 < pic[3])
            if beside and not any(col in op.columns and op.top <= ln.y0 for op in lower_heads):
                return False  # the story's text runs beside the picture
    below = sorted((ln for ln in lines if ln.y0 >= pic[3] - 1 and _overlap(ln.x0, ln.x1, pic[0], pic[2])
                    > 0.5 * ln.width), key=lambda x: x.y0)
    heads_below = [op.top for op in openers if op.top >= pic[3] - 1 and op.columns & spanned]
    limit = min(heads_below, default=float("inf"))
    for ln in below:
        if ln.y0 >= limit:
            return True
        if id(ln) not in small_ids:
            return False
    return True


def _layout(ln: PositionedLine, role: str, *, article_start: bool = False, paragraph_start: bool = False) -> LineLayout:
    return LineLayout(page=ln.page, bbox=ln.bbox, font_size=ln.size, bold=ln.bold, role=role,
                      article_start=article_start, paragraph_start=paragraph_start)


def _read_article(op: _Opener, columns: _Grid, size: float,
                  small_ids: set[int]) -> tuple[list[PositionedLine], list[LineLayout]]:
    lines: list[PositionedLine] = []
    layouts: list[LineLayout] = []

    def add(ln: PositionedLine, role: str, paragraph_start: bool) -> None:
        lines.append(ln)
        layouts.append(_layout(ln, role, article_start=not layouts, paragraph_start=paragraph_start))

    if op.head:
        title_size = max(x.size for x in op.head)
        title_top = min(x.y0 for x in op.head if x.size == title_size)
        for ln in op.head:
            if ln.size >= title_size - 0.01:
                role = "title"
            else:
                role = "kicker" if ln.y1 <= title_top + 1 else "subtitle"
            add(ln, role, paragraph_start=True)
    text_lines = [ln for ln in op.members if id(ln) not in small_ids]
    captions = [ln for ln in op.members if id(ln) in small_ids]
    text_lines.sort(key=lambda x: (columns.column(x), x.y0, x.x0))
    head_bottom = op.bbox[3] if op.head else -1.0
    prev: PositionedLine | None = None
    prev_col = -1
    prev_ended = True
    for i, ln in enumerate(text_lines):
        col = columns.column(ln)
        c0, c1 = columns[col]
        offset = ln.x0 - c0
        full = ln.x1 >= c1 - size * 0.6
        if ln.size >= size * MID_RATIO or (ln.bold and not any(x.bold for x in text_lines[:3])):
            add(ln, "subhead", paragraph_start=True)
            prev, prev_col, prev_ended = ln, col, True
            continue
        is_byline = (op.head and i < 2 and ln.y0 - head_bottom < 3 * size and offset < size * 0.5
                     and not full and not _SENTENCE_END.search(ln.text))
        if is_byline:
            add(ln, "byline", paragraph_start=True)
            prev, prev_col, prev_ended = ln, col, True
            continue
        indented = size * 1.2 <= offset <= size * 2.8
        set_off = offset > size * 2.8  # centred or right-aligned: a line of its own (jump line, sign-off)
        starts = indented or set_off or prev_ended or prev is None
        # a column break keeps the paragraph going unless the new column's line is indented
        if prev is not None and col != prev_col and not indented and not set_off and not prev_ended:
            starts = False
        add(ln, "body", paragraph_start=starts)
        prev, prev_col = ln, col
        prev_ended = set_off or not full
    if op.picture:  # a photo story's captions run across the picture's width
        captions.sort(key=lambda x: (x.y0, x.x0))
    else:
        captions.sort(key=lambda x: (columns.column(x), x.y0, x.x0))
    for j, ln in enumerate(captions):
        col = columns.column(ln)
        last = j == len(captions) - 1 or captions[j + 1].y0 - ln.y1 > 2 * ln.size
        right = ln.x0 - columns[col][0] > ln.size * 2.8 or (
            bool(op.picture) and ln.x0 - op.bbox[0] > ln.size * 2.8)
        role = "credit" if (last and (right or _CREDIT.search(ln.text))) else "caption"
        prev_small = captions[j - 1] if j else None
        indented = ln.size * 1.2 <= ln.x0 - _caption_left(ln, op, columns) <= ln.size * 2.8
        starts = prev_small is None or indented or role == "credit" or prev_small.x1 < ln.x1 - ln.size * 1.5
        add(ln, role, paragraph_start=starts)
    return lines, layouts


def _caption_left(ln: PositionedLine, op: _Opener, columns: _Grid) -> float:
    if op.picture:
        return op.bbox[0]
    return columns[columns.column(ln)][0]
