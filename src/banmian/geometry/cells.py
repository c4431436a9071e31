"""Cells: the page cut into column pieces by recursive XY-cut (Nagy's X-Y tree).

A region is cut across (top/bottom) where no line crosses a band of whitespace at least
1.2 em high, where a horizontal rule crosses nine tenths of the region, or where a head
across half the region or more stands clear of the lines above or below it; it is cut
down (left/right) where whitespace runs from the region's top to its bottom, however
narrow (gutters of 0.3 em and up), or at a vertical rule. Each line's right edge is taken
without punctuation hanging into the gutter (`measure_right`), so a hanging mark does
not close a gutter; a line may reach a quarter em into a gutter, a head or picture an em.
OCR merges lines across gutters now and then: a cut down tolerates a few lines much wider
than the region's typical line crossing it (never a headline); such a line goes to the
piece it starts in. Rows across the top or foot of a region that bar its gutters (a head
narrower than its columns, a byline set across them) are parted from the columns first
(`_part_edges`). OCR specks and ornament strings (a border read as glyphs) take no part:
ornaments count as rules, specks join the cell they lie in or are strays.

Different grids stacked on one page (a feature in two wide columns above briefs in six
narrow ones) come apart because the cuts are found region by region, not for the page.
The leaves are the cells: a column piece of one story, a headline, a picture. The
order of the leaves (top before bottom, left before right, by region) is the X-Y tree's
reading order, which the article regions refine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from banmian.inputs.lines import HRule, PositionedLine, VRule
from banmian.model import BBox

from .sizes import measure_right

H_GAP = 1.2  # ems of whitespace that cut a region across
HEAD_GAP = -0.1  # ems that part a headline from the lines above or below it (boxes may touch)
V_GAP = 0.15  # ems of whitespace that make a gutter
MAX_DEPTH = 60


@dataclass
class Cell:
    """A leaf of the X-Y tree: lines stacked in one column piece (or a picture)."""

    index: int
    x0: float
    y0: float
    x1: float
    y1: float
    lines: list[PositionedLine] = field(default_factory=list)
    pictures: list[BBox] = field(default_factory=list)
    left: float = 0.0  # the text's left edge (where most lines start)
    right: float = 0.0  # the measure's right edge (where full lines end)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


class _Item:
    __slots__ = ("heavy", "lines", "pad", "picture", "x0", "x1", "y0", "y1")

    def __init__(self, box: BBox, heavy: bool, lines: list[PositionedLine], picture: BBox | None,
                 pad: float = 0.0) -> None:
        self.x0, self.y0, self.x1, self.y1 = box
        self.heavy = heavy
        self.lines = lines
        self.picture = picture
        self.pad = pad  # how far the box may reach past the ink on either side (OCR)


def cut_cells(lines: list[PositionedLine], pictures: list[BBox], heads: list[list[PositionedLine]],
              heavy: set[int], em: float, rules: list[HRule], vertical_rules: list[VRule],
              overshoot: float = 0.0) -> tuple[list[Cell], list[PositionedLine]]:
    """The page's cells in X-Y tree order, and the stray specks and ornaments that lie in
    no cell (OCR noise in the margins). Each head (a group of headline lines) is cut as
    one piece; `heavy` holds the ids of other headline-like lines (subheads).
    `overshoot` (ems): how far boxes may reach past the ink on either side (OCR
    detectors pad boxes, and tabloids set columns a hair apart): where gutters are
    looked for, text lines are taken in by it (never below half their width)."""
    grouped = {id(ln) for g in heads for ln in g}
    specks = [ln for ln in lines if id(ln) not in grouped and (is_speck(ln) or is_ornament(ln))]
    # a border OCR read as a string of one or two repeated glyphs rules the page like a line
    rules = rules + [((ln.y0 + ln.y1) / 2, ln.x0, ln.x1) for ln in specks if is_ornament(ln) and not ln.vertical]
    vertical_rules = vertical_rules + [((ln.x0 + ln.x1) / 2, ln.y0, ln.y1) for ln in specks
                                       if is_ornament(ln) and ln.vertical]
    speck_ids = {id(ln) for ln in specks}
    items = [_Item((ln.x0, ln.y0, max(ln.x0 + 0.1, measure_right(ln)), ln.y1), id(ln) in heavy, [ln], None,
                   pad=overshoot * em)  # (a head's or subhead's box is never trimmed by it)
             for ln in lines if id(ln) not in grouped and id(ln) not in speck_ids]
    for g in heads:
        box = (min(ln.x0 for ln in g), min(ln.y0 for ln in g), max(ln.x1 for ln in g), max(ln.y1 for ln in g))
        items.append(_Item(box, True, list(g), None))
    items += [_Item(p, True, [], p) for p in pictures]
    leaves: list[list[_Item]] = []
    _cut(items, em, rules, vertical_rules, leaves, 0)
    strays: list[PositionedLine] = []
    for ln in specks:  # a speck inside a cell's measure joins it; others are strays
        inside = [g for g in leaves if min(it.x0 for it in g) <= ln.cx <= max(it.x1 for it in g)]
        near = min(inside, key=lambda g: _distance(ln, g), default=None)
        if near is not None and _distance(ln, near) < 2 * em and not is_ornament(ln):
            near.append(_Item(ln.bbox, False, [ln], None))
        else:
            strays.append(ln)
    cells: list[Cell] = []
    for group in leaves:
        group_lines = [ln for it in group for ln in it.lines]
        cell = Cell(index=len(cells), x0=min(it.x0 for it in group), y0=min(it.y0 for it in group),
                    x1=max(it.x1 for it in group), y1=max(it.y1 for it in group),
                    lines=sorted(group_lines, key=lambda ln: (ln.y0, ln.x0)),
                    pictures=[it.picture for it in group if it.picture is not None])
        cell.left, cell.right = _edges(group_lines, cell, em)
        cells.append(cell)
    return cells, strays


def is_speck(line: PositionedLine) -> bool:
    """A mark or two with no Chinese character, or a vertical run of them: OCR reading a
    border, an ornament or a smudge. It takes no part in cutting the page (a speck in the
    margin would bar a cut) and joins the cell nearest to it."""
    text = line.text.strip()
    if len(text) > 2 and not line.vertical:
        return False
    return not any(ord(ch) > 0x2E7F for ch in text)


def is_ornament(line: PositionedLine) -> bool:
    """A long run of a few glyphs and no Chinese character (`GGGGGGGG`, `99699969`): OCR
    reading a decorative border."""
    if len(line.text) < 8:
        return False
    text = "".join(line.text.split())
    return len(text) >= 8 and len(set(text)) <= 5 and not any(ord(ch) > 0x2E7F for ch in text)


def _distance(line: PositionedLine, group: list[_Item]) -> float:
    dx = max(0.0, min(it.x0 for it in group) - line.x1, line.x0 - max(it.x1 for it in group))
    dy = max(0.0, min(it.y0 for it in group) - line.y1, line.y0 - max(it.y1 for it in group))
    return max(dx, dy)


def _edges(lines: list[PositionedLine], cell: Cell, em: float) -> tuple[float, float]:
    """Where the cell's lines start and where full lines end: the most common edges
    (a paragraph's first line is indented, its last line short; most lines are neither)."""
    if not lines:
        return cell.x0, cell.x1
    step = max(em / 4, 0.5)
    lefts: dict[int, int] = {}
    rights: dict[int, int] = {}
    for ln in lines:
        lefts[round(ln.x0 / step)] = lefts.get(round(ln.x0 / step), 0) + 1
        rights[round(ln.x1 / step)] = rights.get(round(ln.x1 / step), 0) + 1
    shared = [k for k, n in lefts.items() if n >= 2]
    left = min(shared) * step if shared else min(ln.x0 for ln in lines)
    top = max(rights.values())
    right = max(k for k, n in rights.items() if n == top) * step if top >= 2 else max(
        measure_right(ln) for ln in lines)
    return max(cell.x0, min(left, cell.x1)), right


def _cut(items: list[_Item], em: float, rules: list[HRule], vertical_rules: list[VRule],
         leaves: list[list[_Item]], depth: int) -> None:
    if len(items) <= 1 or depth >= MAX_DEPTH:
        if items:
            leaves.append(items)
        return
    parts = _split_across(items, em, rules)
    if len(parts) <= 1:
        parts = _split_down(items, em, vertical_rules)
    if len(parts) <= 1:
        parts = _part_edges(items, em, vertical_rules)
    if len(parts) <= 1:
        parts = _part_grids(items, em, vertical_rules)
    if len(parts) <= 1:
        leaves.append(items)
        return
    for part in parts:
        _cut(part, em, rules, vertical_rules, leaves, depth + 1)


def _part_edges(items: list[_Item], em: float, vertical_rules: list[VRule]) -> list[list[_Item]]:
    """Lines across the top or the foot of a region that bar its gutters (a headline
    narrower than its story's columns, a byline or note set across them): part them from
    the columns, which then come apart. The gutters are those of the lines no wider than
    the region's typical line; only the runs of barring rows at the region's top and
    foot are parted, never rows in the middle."""
    widths = sorted(it.x1 - it.x0 for it in items if not it.heavy)
    if len(widths) < 2:
        return [items]
    typical = widths[len(widths) // 2]
    narrow = [it for it in items if not it.heavy and it.x1 - it.x0 <= typical + 0.2 * em]
    cuts = _gutters(narrow, em, vertical_rules) if len(narrow) > 1 else []
    if not cuts:
        return [items]
    rows: list[list[_Item]] = []
    bottom = float("-inf")
    for it in sorted(items, key=lambda it: it.y0):
        if it.y0 - bottom >= V_GAP * em or not rows:
            rows.append([])
        rows[-1].append(it)
        bottom = max(bottom, it.y1)
    barring = [any(any(it.x0 < x < it.x1 for x in cuts) for it in row) for row in rows]
    # a run of barring rows may hold one short row that bars nothing (a caption's last few
    # characters): it is part of the run, not the columns' first row
    short = [all(it.x1 - it.x0 < 0.5 * typical for it in row) for row in rows]
    top = 0
    while top < len(rows) and (barring[top] or (short[top] and top + 1 < len(rows) and barring[top + 1])):
        top += 1
    foot = len(rows)
    while foot > top and (barring[foot - 1] or (short[foot - 1] and foot - 2 > top and barring[foot - 2])):
        foot -= 1
    if top == len(rows) or (top == 0 and foot == len(rows)):
        return [items]
    pieces = [rows[:top], rows[top:foot], rows[foot:]]
    return [[it for row in piece for it in row] for piece in pieces if piece]


GRID_ROWS = 3  # rows a column grid needs on either side of a change of grid


def _part_grids(items: list[_Item], em: float, vertical_rules: list[VRule]) -> list[list[_Item]]:
    """Two column grids stacked with no white band between them (a story in two columns
    set right above one in three, an editorial above the next story with only a rule
    between, text set to the full measure under a story in columns): neither grid's
    gutters run down the whole region, but each runs down its own part. Part the region
    between two rows where the part above and the part below each have gutters, and not
    the same ones (a gutter of one with none of the other within an em), or where one
    part has gutters and the other is one column whose lines mostly run over them; a
    part's gutters count only where each of its columns holds `GRID_ROWS` lines of its
    own. Of such places, the one that leaves the most gutters on both sides (a row of
    one grid left on the other side bars a gutter there), then the purest column. A
    grid barred in its middle (a line merged across a gutter) has the same gutters
    above and below, or none on one side and few lines over them: it is not parted."""
    ordered = sorted(items, key=lambda it: (it.y0 + it.y1) / 2)
    rows: list[list[_Item]] = []
    for it in ordered:
        if rows and (it.y0 + it.y1) / 2 - (rows[-1][0].y0 + rows[-1][0].y1) / 2 < 0.5 * em:
            rows[-1].append(it)
        else:
            rows.append([it])
    if len(rows) < 2 * GRID_ROWS:
        return [items]
    best: tuple[int, float, float, int] | None = None
    for k in range(GRID_ROWS, len(rows) - GRID_ROWS + 1):
        upper = [it for row in rows[:k] for it in row]
        lower = [it for row in rows[k:] for it in row]
        above = _gutters(upper, em, vertical_rules)
        below = _gutters(lower, em, vertical_rules)
        if not (above and _columns_full(upper, above)) and not (below and _columns_full(lower, below)):
            continue
        above = above if _columns_full(upper, above) else []
        below = below if _columns_full(lower, below) else []
        if above and below:
            if all(any(abs(a - b) < em for b in below) for a in above) and all(
                    any(abs(a - b) < em for a in above) for b in below):
                continue  # one grid, barred somewhere else
            purity = 1.0
        else:
            # a single column across the other part's gutters (a story's text set to the
            # full measure under one in columns): most of its lines run over them
            purity = _across(lower if above else upper, above or below, em)
            if purity < 0.5:
                continue
        white = min(it.y0 for it in lower) - max(it.y1 for it in upper)
        key = (len(above) + len(below), purity, white, -k)
        if best is None or key > best:
            best = key
    if best is None:
        return [items]
    k = -best[3]
    return [[it for row in rows[:k] for it in row], [it for row in rows[k:] for it in row]]


def _columns_full(items: list[_Item], gutters: list[float]) -> bool:
    """Every column the gutters part holds `GRID_ROWS` text lines or more that lie
    within it (a grid, not a gap beside a few short lines or lines merged over it)."""
    edges = [float("-inf"), *gutters, float("inf")]
    counts = [0] * (len(gutters) + 1)
    for it in items:
        for k in range(len(counts)):
            if not it.heavy and it.x0 + it.pad >= edges[k] and it.x1 - it.pad <= edges[k + 1]:
                counts[k] += 1
    return min(counts) >= GRID_ROWS


def _across(items: list[_Item], gutters: list[float], em: float) -> float:
    """The share of the text lines among `items` that run over one of `gutters` by an em
    on either side (0 when fewer than `GRID_ROWS` do)."""
    text = [it for it in items if not it.heavy]
    over = sum(1 for it in text if any(it.x0 + em < x < it.x1 - em for x in gutters))
    return over / len(text) if over >= GRID_ROWS else 0.0


def _split_across(items: list[_Item], em: float, rules: list[HRule]) -> list[list[_Item]]:
    """Top-to-bottom pieces at whitespace bands, rules across the region, headline edges."""
    items = sorted(items, key=lambda it: it.y0)
    x0 = min(it.x0 for it in items)
    x1 = max(it.x1 for it in items)
    width = x1 - x0
    crossing = [y for y, r0, r1 in rules if min(r1, x1) - max(r0, x0) > 0.9 * width]
    # a headline across most of the region parts from its neighbours by any visible gap
    # (across half the region or more; a narrower head that bars gutters is parted later)
    wide = [it.heavy and it.x1 - it.x0 >= 0.5 * width for it in items]
    parts: list[list[_Item]] = [[items[0]]]
    bottom = items[0].y1
    bottom_heavy = wide[0]
    for k, it in enumerate(items[1:], start=1):
        gap = it.y0 - bottom
        need = HEAD_GAP * em if (wide[k] or bottom_heavy) else H_GAP * em
        ruled = gap > -0.1 * em and any(bottom - 0.2 * em <= y <= it.y0 + 0.2 * em for y in crossing)
        if gap >= need or ruled:
            parts.append([])
        parts[-1].append(it)
        if it.y1 > bottom:
            bottom, bottom_heavy = it.y1, wide[k]
        elif it.y1 > bottom - 0.3 * em:
            bottom_heavy = bottom_heavy or wide[k]
    return parts


def _split_down(items: list[_Item], em: float, vertical_rules: list[VRule]) -> list[list[_Item]]:
    """Left-to-right pieces at gutters: x-ranges that no headline and (almost) no line crosses."""
    cuts = _gutters(items, em, vertical_rules)
    if not cuts:
        return [items]
    parts: list[list[_Item]] = [[] for _ in range(len(cuts) + 1)]
    for it in items:
        # a line goes with the column it starts in (OCR's glued lines; a padded OCR box
        # starts a little before its ink), a head or picture with the one its middle
        # stands over
        x = (it.x0 + it.x1) / 2 if it.heavy else it.x0 + min(it.pad, 0.25 * (it.x1 - it.x0))
        k = 0
        while k < len(cuts) and x >= cuts[k]:
            k += 1
        parts[k].append(it)
    return [p for p in parts if p]


def _gutters(items: list[_Item], em: float, vertical_rules: list[VRule]) -> list[float]:
    """The x positions of the gutters that run down the whole region."""
    # OCR glues a line across a gutter now and then: a few lines much wider than the
    # region's typical line may cross a cut; nothing else may
    widths = sorted(it.x1 - it.x0 for it in items if not it.heavy)
    typical = widths[len(widths) // 2] if widths else 0.0
    tolerance = len(widths) // 25
    events: list[tuple[float, int, int]] = []
    for it in items:
        kind = 1 if it.heavy or not widths or it.x1 - it.x0 <= 1.5 * typical else 0
        # a head or picture may overhang its column a little (an em of body type) without
        # barring the gutter: a head that spans columns crosses a gutter by far more
        # (a line may touch the next column's edge, as a right-aligned jump line set a
        # little wide does: a gutter is where lines stop short of each other or meet)
        trim = min(em, 0.25 * (it.x1 - it.x0)) if it.heavy else min(0.25 * em + it.pad, 0.25 * (it.x1 - it.x0))
        events.append((it.x0 + trim, 1, kind))
        events.append((it.x1 - trim, -1, kind))
    events.sort(key=lambda e: (e[0], e[1]))
    y0 = min(it.y0 for it in items)
    y1 = max(it.y1 for it in items)
    ruled = [x for x, r0, r1 in vertical_rules if min(r1, y1) - max(r0, y0) > 0.6 * (y1 - y0)]
    cuts: list[float] = []
    count_solid = count_wide = 0
    open_at: float | None = None
    started = False
    for x, step, solid in events:
        if solid:
            count_solid += step
        else:
            count_wide += step
        free = count_solid == 0 and count_wide <= tolerance
        if free and open_at is None and started:
            open_at = x
        elif not free and open_at is not None:
            if x - open_at >= V_GAP * em or any(open_at - 0.5 * em <= r <= x + 0.5 * em for r in ruled):
                cuts.append((open_at + x) / 2)
            open_at = None
        if not free:
            started = True
    return cuts
