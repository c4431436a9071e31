"""Repairs to OCR lines before the geometry reader sees them.

* Levelling (`level_page`): a scan is rarely straight, and OCR engines give each line's
  box tilted as the page is. Over a 3000-pixel page a 1° tilt moves a line's far end by
  about 50 pixels, a whole line height, so rows and column edges blur. The tilt is the
  median angle of the horizontal lines' quads (long ones: their angle is measured
  best); every box is turned back by it about the page's centre. Polygons stay as the
  input gives them (provenance); bboxes are in the levelled frame, and `PageLines.skew`
  says by how much.

* Lines merged across a gutter (`split_gutter_merges`): an engine's detector sometimes
  runs a line of one column into the line beside it in the next column, giving one box
  over two (or more) columns' x-ranges. The gutters are found from the neighbouring
  lines: many lines above and below end at one x and many begin a little to the right
  of it, and few lines cross between. A body-size line whose box spans such a gutter
  is split there: Chinese body type is set on a fixed pitch, so the character at the
  gutter follows from the ink widths on either side; where the text has a space within
  a character or so of that point (the engine saw the gap), the split takes the space.

Half-width punctuation between Han characters and spaced-out digits are repaired by the
text pipeline (`banmian.stages.spacing`), for OCR input as for every other.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass, replace
from typing import Final

from banmian.inputs.lines import PageLines, Point, PositionedLine
from banmian.inputs.ocr.boxes import printed_chars, quad_angle

# Below this tilt (degrees) integer pixel corners make the angle noise: leave the page.
_MIN_SKEW = 0.15
# Lines whose quads measure the tilt: at least this many characters, this long for their height.
_ANGLE_MIN_CHARS = 4
_ANGLE_MIN_ASPECT = 4.0


def page_skew(lines: list[PositionedLine]) -> float:
    """The page's tilt in degrees from its long horizontal lines' quads (0 without them)."""
    angles = [a for ln in lines
              if ln.polygon is not None and not ln.vertical and printed_chars(ln.text) >= _ANGLE_MIN_CHARS
              and ln.width > _ANGLE_MIN_ASPECT * ln.height and (a := quad_angle(ln.polygon)) is not None]
    if len(angles) < 3:
        return 0.0
    return statistics.median(angles)


def rotate(points: list[Point] | tuple[Point, ...], degrees: float, centre: Point) -> list[Point]:
    """The points turned by `degrees` about `centre` (y grows downwards: positive turns
    clockwise on screen, taking a line that rises to the right... level)."""
    theta = math.radians(degrees)
    cos, sin = math.cos(theta), math.sin(theta)
    cx, cy = centre
    return [(cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos) for x, y in points]


# Columns lean against level lines (shear) by at least this (degrees) before it is taken out.
_MIN_SHEAR = 0.25
# Edges of lines this many line heights apart measure the lean; edges within this many
# body sizes of each other are one column's edge (a paragraph's indent is two).
_LEAN_REACH = (2.0, 12.0)
_LEAN_EDGE = 0.8
_LEAN_PAIRS = 12  # fewer pairs of edges than this say nothing


def page_shear(lines: list[PositionedLine]) -> float:
    """How far the columns lean (x per unit of y) on a page whose lines lie level: the
    median over pairs of lines a few rows apart whose left (or right) edges lie close of
    the one's drift over the other's; 0 without enough such pairs."""
    body = [ln for ln in lines if not ln.vertical and printed_chars(ln.text) >= 6]
    if len(body) < 6:
        return 0.0
    size = statistics.median(ln.size for ln in body)
    height = statistics.median(ln.height for ln in body)
    by_y = sorted(body, key=lambda ln: ln.y0)
    slopes: list[float] = []
    for i, a in enumerate(by_y):
        for b in by_y[i + 1:]:
            dy = b.y0 - a.y0
            if dy > _LEAN_REACH[1] * height:
                break
            if dy < _LEAN_REACH[0] * height:
                continue
            slopes.extend((eb - ea) / dy for ea, eb in ((a.x0, b.x0), (a.x1, b.x1)) if abs(eb - ea) < _LEAN_EDGE * size)
    if len(slopes) < _LEAN_PAIRS:
        return 0.0
    return statistics.median(slopes)


def unshear(points: list[Point] | tuple[Point, ...], shear: float, centre: Point) -> list[Point]:
    """The points with the columns' lean taken out (`shear` as `PageLines.shear`)."""
    return [(x - shear * (y - centre[1]), y) for x, y in points]


def level_page(page: PageLines) -> PageLines:
    """The page with its lines' boxes turned level and, where the columns still lean
    (a sheared or warped scan: microfilm, a bound volume's curved page), straightened
    (see the module's notes)."""
    angle = page_skew(page.lines)
    centre = (page.width / 2, page.height / 2)
    warnings = list(page.warnings)
    turned_page = page
    if abs(angle) >= _MIN_SKEW:
        lines: list[PositionedLine] = []
        for ln in page.lines:
            outline = ln.polygon or ((ln.x0, ln.y0), (ln.x1, ln.y0), (ln.x1, ln.y1), (ln.x0, ln.y1))
            turned = rotate(outline, -angle, centre)
            xs = [p[0] for p in turned]
            ys = [p[1] for p in turned]
            lines.append(replace(ln, bbox=(min(xs), min(ys), max(xs), max(ys))))
        warnings.append(f"page {page.number}: the scan is tilted {angle:.2f}°; line boxes levelled")
        turned_page = replace(page, lines=lines, skew=angle)
    shear = page_shear(turned_page.lines)
    if abs(math.degrees(math.atan(shear))) < _MIN_SHEAR:
        return replace(turned_page, warnings=warnings) if turned_page is not page else page
    straight: list[PositionedLine] = []
    for ln in turned_page.lines:
        corners = unshear(((ln.x0, ln.y0), (ln.x1, ln.y0), (ln.x1, ln.y1), (ln.x0, ln.y1)), shear, centre)
        straight.append(replace(ln, bbox=(min(p[0] for p in corners), ln.y0, max(p[0] for p in corners), ln.y1)))
    warnings.append(f"page {page.number}: the columns lean {math.degrees(math.atan(shear)):.2f}° against the "
                    "lines; line boxes straightened")
    return replace(turned_page, lines=straight, shear=shear, warnings=warnings)


# --- lines merged across a gutter --------------------------------------------------

# A line counts as body type within this ratio of the page's median line size.
_BODY_RATIO = 1.25
# Body type runs at this pitch (em per character; justified lines spread a little).
_BODY_PITCH = (0.75, 1.35)
# A line merged over several columns of a tilted or warped scan gets a taller box than
# one column's line (the box follows the curved row): however tall, a long line set on
# the body's own pitch (a head's pitch is its larger size) is body type.
_TALL_BODY_PITCH = (0.65, 1.12)


def _body_pitch(line: PositionedLine, size: float) -> bool:
    weight = sum(_char_width(ch) for ch in line.text if not ch.isspace())
    return weight >= 4 and _TALL_BODY_PITCH[0] * size <= line.width / weight <= _TALL_BODY_PITCH[1] * size
# Neighbours: lines whose centre lies within this many line heights above or below.
_WINDOW = 12.0
# A gutter is this wide, in body sizes (from a hair to a few characters).
_GUTTER_MIN, _GUTTER_MAX = 0.25, 4.0
# Tabloids set columns a hair apart, and engines' boxes overshoot the ink by a few
# pixels, so one column's lines may end a little past where the next one's begin: such
# a meeting point (down to this overlap, in body sizes) is a gutter too, where the
# merged line's text has a space there (the engine saw the gap) or more lines show it.
_MEET_MIN = -0.6
# Edges agree within this share of the body size; a gutter needs this many on each side.
_EDGE_TOLERANCE = 0.6
# A gutter lies at least this many characters inside the line (a paragraph's last two
# characters in the next column are the shortest piece a merge leaves).
_END_MARGIN = 1.2
_MIN_SUPPORT = 2
# The most a line takes in of the next column (two characters: a paragraph's last word
# and its full stop) with the widest gutter between, in body sizes.
_STRAY_EMS = 2.0 + 4.0
_STRAY_CHARS = 2
_MARKS = re.compile(r"[^\w]")
# A paragraph's first line is indented two ems (and a little more where a box starts
# short of the ink).
_INDENT_EMS = 2.5
# Columns that meet (a gutter narrower than _GUTTER_MIN) need more: three lines ending
# and three beginning there, where the text has no space.
_MIN_NARROW_SUPPORT = 3
# A neighbour this share of a line's width or more is merged as it is.
_AS_WIDE = 0.8
_CROSSING_WIDTH = 0.5
# Rows of running text stand closer than this (line heights of white between them); a
# wider white band parts stories (and grids): a gutter does not run on across it.
_BAND = 0.6
# Characters narrower than a Han glyph (ASCII letters and digits) take about this share of its width.
_NARROW = 0.55


# Marks a Chinese line may not start with, and may not end with (line-breaking rules).
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’…,.;:?!)")
_NO_LINE_END = frozenset("（《「『【〔“‘(")


def _char_width(ch: str) -> float:
    # Latin letters, digits and ASCII marks are narrow; Chinese type sets curly quotes,
    # dashes and ellipses (General Punctuation) on the full em like the characters
    return _NARROW if ord(ch) < 0x2000 else 1.0


def _clusters(values: list[float], tol: float) -> list[list[float]]:
    """Sorted values grouped where neighbours lie within `tol` of each other."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


@dataclass
class _Gutter:
    right: float  # the right edge of the column on its left
    left: float  # the left edge of the column on its right
    support: int  # lines ending or beginning there, the fewer of the two
    total: int  # lines ending or beginning there, both counted
    narrow: bool = False  # narrower than _GUTTER_MIN: columns that meet (needs more evidence)


def _reached(line: PositionedLine, neighbours: list[PositionedLine], height: float) -> list[PositionedLine]:
    """The neighbours a gutter can run on to from `line`, up and down the page: row by
    row over the line's width, up to a white band across it (over `_BAND` line heights
    high: where one story, maybe set on another grid, ends and the next begins)."""
    beside = [n for n in neighbours if n.x1 > line.x0 and n.x0 < line.x1]
    found: list[PositionedLine] = []
    for side in (-1, 1):
        ahead = sorted((n for n in beside if (n.y0 + n.y1 - line.y0 - line.y1) * side > 0),
                       key=lambda n: -n.y1 if side < 0 else n.y0)
        front = line.y0 if side < 0 else line.y1  # how far the rows reached so far run
        for n in ahead:
            if (front - n.y1 if side < 0 else n.y0 - front) > _BAND * height:
                break
            found.append(n)
            front = min(front, n.y0) if side < 0 else max(front, n.y1)
    return found


def _parted(line: PositionedLine, starting: list[PositionedLine]) -> bool:
    """Whether one of `starting` (lines beginning at a gutter) stands on `line`'s row,
    to its right."""
    return any(min(line.y1, n.y1) - max(line.y0, n.y0) > 0.5 * min(line.height, n.height) and n.x0 > line.x1
               for n in starting)


def _gutters(line: PositionedLine, neighbours: list[PositionedLine], size: float,
             height: float) -> list[_Gutter]:
    """Gutters inside `line`'s x-range that the neighbouring lines show: lines end at
    one edge and begin a little to the right of it, and fewer lines cross between than
    end or begin there. A neighbour counts with each of its edges that lies inside the
    line's range (two columns' lines, an indented one, a short last line)."""
    tol = _EDGE_TOLERANCE * size
    # lines as wide as this one or wider, or nearly as wide (other merged lines, one
    # indented as a paragraph starts), show no edge inside it
    # (a line that took in a character or two of the next column is only a little wider
    # than its column's lines: those of its column, beginning where it begins and ending
    # a stray's width short of its end, and those of the next column beginning in that
    # stretch, do show the gutter)
    stray = line.x1 - _STRAY_EMS * size
    # (the engine reads the gutter as a space: what follows the last one is the stray, a
    # character or two; a wider tail is the line's own words spaced apart, as a byline's
    # names are)
    parts = line.text.rsplit(maxsplit=1)
    strays = len(parts) == 2 and len(_MARKS.sub("", parts[1])) <= _STRAY_CHARS

    def edges_inside(n: PositionedLine) -> bool:
        return strays and (
            (abs(n.x0 - line.x0) <= _INDENT_EMS * size and stray <= n.x1 < line.x1 - _END_MARGIN * size)
            or (stray <= n.x0 < line.x1 - _END_MARGIN * size and n.x1 > line.x1))

    others = [n for n in neighbours if not (n.x0 <= line.x0 + tol and n.x1 >= line.x1 - tol)
              and (n.width < _AS_WIDE * line.width or edges_inside(n))]
    rights = _clusters([n.x1 for n in others if line.x0 + _END_MARGIN * size < n.x1 < line.x1 - _END_MARGIN * size], tol)
    lefts = _clusters([n.x0 for n in others if line.x0 + _END_MARGIN * size < n.x0 < line.x1 - _END_MARGIN * size], tol)
    reached = [n for n in _reached(line, neighbours, height) if any(n is o for o in others)]
    candidates: list[_Gutter] = []
    for right in rights:
        r_edge = statistics.median(right)
        for low, high in ((_GUTTER_MIN, _GUTTER_MAX), (_MEET_MIN, _GUTTER_MIN)):
            starts = [g for g in lefts if low * size <= statistics.median(g) - r_edge <= high * size]
            if not starts:
                continue
            left = starts[0]  # the leftmost: paragraph indents begin to the right of the edge
            l_edge = statistics.median(left)
            # only lines the gutter runs on to from this line's row speak for or against
            # it: not those of another story across a white band (maybe set on another
            # grid). Lines crossing the gutter speak against it, unless merged themselves
            # (over half this line's width: a merge over fewer of the same columns)
            crossing = sum(1 for n in reached if n.x0 < r_edge - tol and n.x1 > l_edge + tol
                           and n.width <= _CROSSING_WIDTH * line.width)
            starting = [n for n in reached if left[0] <= n.x0 <= left[-1]]
            # a row the gutter parts shows the left column's edge too where its line ends
            # short of it (a paragraph's last line beside the next column's line): where
            # the engine merged most rows, few full lines end at the gutter
            ends = sum(1 for n in reached if right[0] <= n.x1 <= right[-1]
                       or (line.x0 - tol <= n.x0 and n.x1 < r_edge and _parted(n, starting)))
            begins = len(starting)
            if not begins:  # only a paragraph's first line, its indent right of the column's edge
                begins = min(1, sum(1 for n in reached if left[0] <= n.x0 <= left[-1] + _INDENT_EMS * size))
            support = min(ends, begins)
            if crossing < support:
                candidates.append(_Gutter(r_edge, l_edge, support, ends + begins, narrow=low < _GUTTER_MIN))
    return candidates


def _chosen(candidates: list[_Gutter], size: float) -> list[_Gutter]:
    """Of candidates that overlap (a paragraph's last line ends short of the column's
    edge), the best supported, then the narrowest; left to right."""
    found: list[_Gutter] = []
    for gutter in sorted(candidates, key=lambda g: (-g.support, -g.total, g.left - g.right)):
        if all(gutter.left + _GUTTER_MAX * size < g.right or gutter.right - _GUTTER_MAX * size > g.left
               for g in found):
            found.append(gutter)
    return sorted(found, key=lambda g: g.right)


# A space in the text this many characters from where the pitch puts a gutter is where
# the columns meet (the engine saw the gap; the pitch misjudges digits and marks).
_SPACE_REACH = 2.5
# A merged line's pitch and that of the unmerged lines over the same measure agree this
# closely (justified lines spread their characters a little).
_SAME_PITCH = 0.15


def _set_weights(segments: list[tuple[float, float]], neighbours: list[PositionedLine],
                 size: float) -> list[float | None]:
    """For each segment, the characters (Latin half) that lines of the page set over the
    same measure hold (the median of unmerged neighbours beginning and ending where it
    does), or None: Chinese columns are set on a grid, so a full line of one column holds
    as many characters as the next."""
    tol = 0.5 * size
    out: list[float | None] = []
    for a, b in segments:
        same = sorted(sum(_char_width(ch) for ch in n.text if not ch.isspace()) for n in neighbours
                      if abs(n.x0 - a) <= tol and abs(n.x1 - b) <= tol)
        out.append(same[len(same) // 2] if len(same) >= 2 else None)
    return out


def _beside_narrow(text: str, index: int) -> bool:
    """Whether the space at `index` has a digit or Latin letter next to it (across
    other spaces)."""
    left = text[:index].rstrip()[-1:]
    right = text[index:].lstrip()[:1]
    return any(ch.isascii() and ch.isalnum() for ch in left + right)


def _split_points(text: str, segments: list[tuple[float, float]], size: float,
                  weights: list[float | None] | None = None) -> list[tuple[int, bool]] | None:
    """For each segment after the first, where in `text` it starts and whether a space
    marks the place; None when the line is not set on a body pitch (letter-spaced, a
    wide title...) or a piece would be a character or less. A segment holds the
    characters lines of its measure hold (`weights`) where known, else its width over
    the line's pitch."""
    chars = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    weight = sum(_char_width(ch) for _, ch in chars)
    ink = sum(b - a for a, b in segments)
    if weight < 4 or ink <= 0:
        return None
    pitch = ink / weight
    if not _BODY_PITCH[0] * size <= pitch <= _BODY_PITCH[1] * size:
        # type smaller than the page's commonest (a story set a size down): its pitch is
        # that of the unmerged lines over the same measures
        measured = [(b - a) / w for (a, b), w in zip(segments, weights or [], strict=False) if w]
        if not measured or not all(abs(pitch - m) <= _SAME_PITCH * m for m in measured):
            return None
    cuts: list[tuple[int, bool]] = []
    target = 0.0
    for k, (a, b) in enumerate(segments[:-1]):
        known = weights[k] if weights else None
        target += known if known is not None else (b - a) / pitch
        done = 0.0
        cut = len(text)
        for i, ch in chars:
            if done >= target - 0.5 * _char_width(ch):
                cut = i
                break
            done += _char_width(ch)
        # (a space beside a digit or Latin letter is the engine spacing out figures, `7 月1 日`)
        spaces = [i for i, ch in enumerate(text) if ch.isspace() and abs(i - cut) <= _SPACE_REACH
                  and not _beside_narrow(text, i)]
        if spaces:
            cut = min(spaces, key=lambda i: abs(i - cut))
        else:  # no line of a column starts with a closing mark or ends with an opening one (禁则)
            while cut < len(text) and text[cut] in _NO_LINE_START:
                cut += 1
            while cut > 0 and text[cut - 1] in _NO_LINE_END:
                cut -= 1
        cuts.append((cut, bool(spaces)))
    positions = [c for c, _ in cuts]
    pieces = [text[i:j].strip() for i, j in zip([0, *positions], [*positions, len(text)], strict=True)]
    if any(printed_chars(p) < 2 for p in pieces) or positions != sorted(positions):
        return None
    return cuts


def _split_line(line: PositionedLine, candidates: list[_Gutter], size: float,
                neighbours: list[PositionedLine] | None = None) -> list[tuple[str, float, float]] | None:
    """(text, x0, x1) of each column's piece of a line merged across gutters (chosen
    from `candidates`), or None.

    A gutter is kept where a space in the text marks it, or where at least two lines
    end and two begin at it (three where the columns meet); a gutter that is neither is dropped and the cuts are
    worked out again without it (another candidate it overlapped may then stand)."""
    while candidates:
        gutters = _chosen(candidates, size)
        # where the columns' edges overlap, the pieces meet half way
        edges = [line.x0, *[x for g in gutters for x in ((g.right, g.left) if g.left >= g.right
                                                        else ((g.right + g.left) / 2,) * 2)], line.x1]
        segments = [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]
        cuts = _split_points(line.text, segments, size, _set_weights(segments, neighbours or [], size))
        if cuts is None:
            return None
        weak = [g for g, (_, spaced) in zip(gutters, cuts, strict=True)
                if not spaced and g.support < (_MIN_NARROW_SUPPORT if g.narrow else _MIN_SUPPORT)]
        if weak:
            candidates = [g for g in candidates if g not in weak]
            continue
        positions = [c for c, _ in cuts]
        texts = [line.text[i:j].strip() for i, j in zip([0, *positions], [*positions, len(line.text)], strict=True)]
        return [(t, a, b) for t, (a, b) in zip(texts, segments, strict=True)]
    return None


def _piece(line: PositionedLine, text: str, x0: float, x1: float) -> PositionedLine:
    """The part of `line` between x0 and x1, its polygon cut at the same fractions."""
    polygon = line.polygon
    if polygon is not None and len(polygon) == 4 and line.width > 0:
        f0, f1 = (x0 - line.x0) / line.width, (x1 - line.x0) / line.width
        p0, p1, p2, p3 = polygon

        def lerp(p: Point, q: Point, f: float) -> Point:
            return (p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f)

        polygon = (lerp(p0, p1, f0), lerp(p0, p1, f1), lerp(p3, p2, f1), lerp(p3, p2, f0))
    return replace(line, text=text, bbox=(x0, line.y0, x1, line.y1), polygon=polygon)


# Merged lines hide a gutter from each other (each crosses it): a line split in one
# pass shows the gutter to its neighbours in the next.
_PASSES = 3


def split_gutter_merges(page: PageLines) -> PageLines:
    """The page with each line merged across a column gutter split into its columns."""
    lines = page.lines
    total = 0
    for _ in range(_PASSES):
        lines, split = _split_pass(lines)
        total += split
        if not split:
            break
    if not total:
        return page
    warnings = [*page.warnings, f"page {page.number}: {total} OCR line(s) ran across a column gutter; split there"]
    return replace(page, lines=lines, warnings=warnings)


def _split_pass(lines: list[PositionedLine]) -> tuple[list[PositionedLine], int]:
    horizontal = [ln for ln in lines if not ln.vertical]
    if len(horizontal) < 6:
        return lines, 0
    size = statistics.median(ln.size for ln in horizontal)
    height = statistics.median(ln.height for ln in horizontal)
    by_y = sorted(horizontal, key=lambda ln: ln.y0)
    out: list[PositionedLine] = []
    split = 0
    for line in lines:
        if line.vertical or line.width < 8 * size or not (line.size <= _BODY_RATIO * size or _body_pitch(line, size)):
            out.append(line)
            continue
        cy = (line.y0 + line.y1) / 2
        near = [n for n in by_y if n is not line and abs((n.y0 + n.y1) / 2 - cy) <= _WINDOW * height
                and (n.size <= _BODY_RATIO * size or (n.width >= 8 * size and _body_pitch(n, size)))]
        pieces = _split_line(line, _gutters(line, near, size, height), size, near)
        if pieces is None:
            out.append(line)
            continue
        out.extend(_piece(line, text, a, b) for text, a, b in pieces)
        split += 1
    return out, split


# --- type sizes ----------------------------------------------------------------------

# OCR box heights of one type size scatter by several per cent (the detector's padding,
# glyphs with and without descenders, integer pixels), while the sizes a page is set in
# stand apart (a subhead 10-20% over the body, a title 30% and more). Sorted sizes
# that follow each other within this step (relative, and in pixels) are one size.
_SIZE_STEP = 0.05
_SIZE_STEP_MIN = 1.5
# Display type (titles, 1.3x the body and more) comes in sizes far apart (a kicker is
# two thirds of its title or less), and its boxes scatter more: a wider step there.
_DISPLAY = 1.3
_DISPLAY_STEP = 0.15
# RapidOCR's detector (PP-OCRv6, as `banmian.inputs.scan` runs it) gives a box of a few
# characters (a paragraph's last word, a lone mark) up to 30% taller than a long line
# of the same type; on scans, such a box up to this ratio above the body size is body
# type. (PP-OCRv4 files, like the real pages in tests/data/ocr, show no such padding,
# and a short subhead there must keep its size.)
_SHORT_CHARS = 8
_SHORT_BAND = 1.3
# ... and a short box that ends a sentence (a full stop, maybe inside a closing quote or
# bracket) up to this ratio: a headline never ends in a full stop, a paragraph's last
# word does.
_STOP_BAND = 1.5
_FULL_STOP = re.compile(r"[。．][”’」』）)]?$")


def _weighted_median(items: list[tuple[float, int]]) -> float:
    half = sum(max(1, w) for _, w in items) / 2
    seen = 0
    for size, weight in sorted(items):
        seen += max(1, weight)
        if seen >= half:
            return size
    return items[-1][0]


# Chinese type is set on a square body, one character an em along the line: a line's
# pitch (its length over its characters, Latin letters and digits half) measures its
# type size better than its box's height, which detectors round and pad (one body size
# comes out 17 and 20 pixels high on one page). Lines of this many characters or more
# are measured by pitch, brought to box-height scale by the page's own ratio of the two.
_PITCH_CHARS = 4
# ... unless the pitch is this much above the height: letter-spaced display type.
_SPACED = 1.15
# Pitches are used where they scatter this many times less than heights (measured:
# heights scatter 0-0.07 in files made from PDFs and on RapidOCR's 2000-pixel reads,
# 0.11-0.34 on the real PaddleOCR pages and RapidOCR's full-size reads, where pitches
# scatter 0.03-0.14).
_STEADIER = 1.5
# Heights that scatter less than this are exact (a file made from a PDF, an engine that
# boxes tightly): they stay, however steady the pitches (justified lines spread theirs).
_EXACT_HEIGHTS = 0.03


def _pitch(ln: PositionedLine) -> float | None:
    chars = [ch for ch in ln.text if not ch.isspace()]
    if sum(1 for ch in chars if ord(ch) >= 0x2E80) < _PITCH_CHARS:
        return None
    along = ln.height if ln.vertical else ln.width
    return along / sum(_char_width(ch) for ch in chars)


def _spread(values: list[float]) -> float:
    """Interquartile range over the median: how much one measure of the body size scatters."""
    values = sorted(values)
    n = len(values)
    return (values[(3 * n) // 4] - values[n // 4]) / values[n // 2] if n and values[n // 2] else 0.0


def pitch_sizes(page: PageLines) -> PageLines:
    """The page with the size of each line of four or more Chinese characters taken
    from its pitch (see `_PITCH_CHARS`) where box heights scatter: when the pitches of
    the page's lines scatter 1.5 times less than their heights. Justified lines
    spread their characters, so where heights are exact (an engine that boxes type
    tightly, a file made from a PDF) heights stay. Letter-spaced lines and short ones
    keep their box's extent."""
    return _pitch_sized(page)[0]


def _has_narrow(text: str) -> bool:
    return any(_char_width(ch) < 1 for ch in text if not ch.isspace())


# Marks whose printed width OCR text does not tell: a dash or ellipsis is two ems that
# engines often read as one mark.
_LONG_MARKS = frozenset("—…⋯‥－")
# Names in a byline are set apart by spaces that OCR text drops.
_WHO = ("记者", "通讯员", "摄")


def _steady_text(text: str) -> bool:
    """A line whose pitch measures its type: Han glyphs and marks set solid, one em
    each. Not so: digits and Latin letters (their width varies with the font, and
    justification spreads them), a mark at the line's start (set half width there, 标点
    挤压), dashes and ellipses, a gap the engine saw (a space in the text: a word space
    set in the line, `转作风 勇争先`, of no known width) and a byline's names (spaced)."""
    if len(text.split()) > 1:
        return False
    text = text.strip()
    return bool(text) and not _has_narrow(text) and text[0] not in _NO_LINE_START and not any(
        ch in _LONG_MARKS for ch in text) and not any(w in text for w in _WHO)


def _pitch_sized(page: PageLines) -> tuple[PageLines, set[int]]:
    """`pitch_sizes`, and the positions (in `page.lines`) of the lines whose size is
    steady: measured on a pitch of glyphs set solid (`_steady_text`). Empty where sizes
    stay the boxes' own."""
    pitches = [(ln, p) for ln in page.lines if (p := _pitch(ln)) is not None]
    ratios = sorted(ln.size / p for ln, p in pitches if p > 0 and not ln.vertical)
    if len(ratios) < 5:
        return page, set()
    ratio = ratios[len(ratios) // 2]
    body = [(ln.size, p * ratio) for ln, p in pitches if not ln.vertical and p * ratio <= _SPACED * ln.size]
    heights = _spread([h for h, _ in body]) if body else 0.0
    if heights <= _EXACT_HEIGHTS or _spread([p for _, p in body]) * _STEADIER > heights:
        return page, set()
    sized = {id(ln): round(p * ratio, 1) for ln, p in pitches if p * ratio <= _SPACED * ln.size}
    steady = {id(ln) for ln in page.lines if id(ln) in sized and not ln.vertical and _steady_text(ln.text)}
    lines = [replace(ln, size=sized[id(ln)]) if id(ln) in sized else ln for ln in page.lines]
    return replace(page, lines=lines), {k for k, ln in enumerate(page.lines) if id(ln) in steady}


# Sizes a step apart chain into one group however far the chain runs: boxes of short
# lines and lines with digits scatter from the body size up to a subhead's (1.1-1.2x)
# and down to a caption's, and carry those into the body's group. Steady sizes (see
# `_pitch_sized`) this far (relative) from the body size or more are sizes of their own.
_BODY_BAND = 0.1


# A line's box ends at its ink: a full stop or comma at its end inks only the left half
# of its em, an opening quote or bracket at its start the right half.
_HALF_INKED_END = frozenset("。，、；：！？")
_HALF_INKED_START = frozenset("“‘（《「『")


def _inked_size(line: PositionedLine) -> float:
    """The line's pitch size with the half-inked marks at its ends counted as half an em."""
    text = "".join(line.text.split())
    weight = float(len(text))
    weight -= 0.5 * (text[-1:] in _HALF_INKED_END) + 0.5 * (text[:1] in _HALF_INKED_START)
    return line.size * len(text) / weight if text and weight > 0 else line.size


# A body line's box may overshoot into a narrow gutter (DB-style detectors grow the
# text they find by about half a line height, and the next column's ink is close): its
# pitch then overstates its size. The column's measure is where most body lines within
# this many line heights up or down end, of those that start where the line starts or
# up to this many line heights right of it (a paragraph's indent).
_MEASURE_REACH = 6.0
_INDENT = 2.5


def _apart(lines: list[PositionedLine], steady: set[int], body: float) -> set[int]:
    """The positions of the steady lines whose size (`_inked_size`) stands apart from
    the body's (see `_BODY_BAND`), less the body lines whose box overshoots their
    column's measure (see `_MEASURE_REACH`) by over half a line height and whose size,
    measured to that measure, is the body's."""
    out: set[int] = set()
    for k in steady:
        ln = lines[k]
        if abs(_inked_size(ln) / body - 1) < _BODY_BAND:
            continue
        edge = 0.5 * ln.height
        ends = sorted(m.x1 for m in lines if m is not ln and not m.vertical
                      and abs(m.y0 - ln.y0) <= _MEASURE_REACH * ln.height
                      and -edge <= m.x0 - ln.x0 <= _INDENT * ln.height and abs(m.size / body - 1) < _BODY_BAND)
        measure = ends[len(ends) // 2] if len(ends) >= 3 else ln.x1
        overshoots = ln.x1 > measure + edge and abs(
            _inked_size(ln) * (measure - ln.x0) / max(ln.width, 1.0) / body - 1) < _BODY_BAND
        if not overshoots:
            out.add(k)
    return out


# Captions and credits are set in runs of one smaller size to one measure: a line of such
# a run whose pitch says nothing (digits, a dash) is of the run's size. Its run is the
# nearest line above or below, within this many line heights.
_RUN_REACH = 2.0


def _in_small_runs(lines: list[PositionedLine], apart: set[int], body: float) -> dict[int, float]:
    """Position -> size of the lines that join a run of smaller type (`_RUN_REACH`):
    they start where the run's line starts (half a line height, or a paragraph's indent
    to the right of it), end no further out,
    and the run's line is the nearest to them up or down the page."""
    out: dict[int, float] = {}
    for k, ln in enumerate(lines):
        if k in apart or ln.vertical or printed_chars(ln.text) < _PITCH_CHARS:
            continue
        edge = 0.5 * ln.height
        near = [j for j, m in enumerate(lines) if j != k and not m.vertical and m.x0 < ln.x1 and m.x1 > ln.x0
                and 0 < abs(m.y0 - ln.y0) <= _RUN_REACH * ln.height]
        runs = [j for j in near if j in apart and lines[j].size < body and -edge <= ln.x0 - lines[j].x0 <= _INDENT * ln.height
                and ln.x1 <= lines[j].x1 + edge]
        for side in (-1, 1):
            ahead = [j for j in near if (lines[j].y0 - ln.y0) * side > 0]
            nearest = min(ahead, key=lambda j: abs(lines[j].y0 - ln.y0), default=None)
            if nearest is not None and nearest in runs:
                out[k] = lines[nearest].size
                break
    return out


# A column's running text is set in one size: a line set between two lines of its
# column (the nearest above and below, within this many line heights, over the same
# measure) at their pitch (within this share) is of their size, however its box came
# out (DB-style detectors shrink or pad a box by a few pixels with the ink at its edges).
_COLUMN_REACH = 1.6
_SAME_LINE_PITCH = 0.04


def _line_pitch(ln: PositionedLine) -> float:
    text = "".join(ln.text.split())
    weight = len(text) - 0.5 * (text[-1:] in _HALF_INKED_END) - 0.5 * (text[:1] in _HALF_INKED_START)
    return ln.width / weight if weight > 0 else 0.0


def _column_sized(lines: list[PositionedLine]) -> list[PositionedLine]:
    """The lines with each steady line (`_steady_text`, eight characters or more) set
    between two lines of its column at their pitch given their size, where the two agree
    (see `_COLUMN_REACH`)."""
    out = list(lines)
    for k, ln in enumerate(lines):
        if ln.vertical or printed_chars(ln.text) < _SHORT_CHARS or not _steady_text(ln.text):
            continue
        pitch = _line_pitch(ln)
        edge = 0.5 * ln.height
        column = [m for m in lines if m is not ln and not m.vertical and printed_chars(m.text) >= _SHORT_CHARS
                  and abs(m.x1 - ln.x1) <= edge and -_INDENT * ln.height <= m.x0 - ln.x0 <= _INDENT * ln.height]
        above = max((m for m in column if 0 <= ln.y0 - m.y1 <= _COLUMN_REACH * ln.height), key=lambda m: m.y1,
                    default=None)
        below = min((m for m in column if 0 <= m.y0 - ln.y1 <= _COLUMN_REACH * ln.height), key=lambda m: m.y0,
                    default=None)
        if above is None or below is None or above.size != below.size or above.size == ln.size:
            continue
        if all(abs(_line_pitch(m) / pitch - 1) <= _SAME_LINE_PITCH for m in (above, below)):
            out[k] = replace(ln, size=above.size)
    return out


def quantize_sizes(page: PageLines, *, padded_short_boxes: bool = False,
                   steady: set[int] | None = None) -> PageLines:
    """The page with its lines' sizes snapped to the few type sizes the page is set in,
    as a PDF states them. The geometry reader compares sizes by ratio (a title 1.3x the
    body, a subhead 1.06x); raw box heights would make every other line a subhead.

    Sizes are grouped where, sorted, each follows the last within 5% (or 1.5 pixels;
    15% among display sizes, 1.3x the body and more); each group's lines get its median
    size, weighted by characters. With
    `padded_short_boxes` (our own engine's output), short boxes up to 1.3x the body
    size are body type (see `_SHORT_BAND`)."""
    if not page.lines:
        return page
    if padded_short_boxes:
        page = replace(page, lines=_column_sized(page.lines))
    raw_body = _weighted_median([(ln.size, printed_chars(ln.text)) for ln in page.lines])
    apart = _apart(page.lines, steady or set(), raw_body)
    joined = _in_small_runs(page.lines, apart, raw_body)
    page = replace(page, lines=[replace(ln, size=joined[k]) if k in joined else ln for k, ln in enumerate(page.lines)])
    apart |= set(joined)
    snapped: dict[tuple[bool, float], float] = {}
    for own in (False, True):
        weighted = sorted((ln.size, printed_chars(ln.text)) for k, ln in enumerate(page.lines) if (k in apart) == own)
        groups: list[list[tuple[float, int]]] = []
        for item in weighted:
            last = groups[-1][-1][0] if groups else None
            step = _DISPLAY_STEP if last is not None and last >= _DISPLAY * raw_body else _SIZE_STEP
            # sizes of their own never join across the body size
            if last is None or item[0] - last > max(step * last, _SIZE_STEP_MIN) or (own and last < raw_body < item[0]):
                groups.append([])
            groups[-1].append(item)
        for group in groups:
            middle = round(_weighted_median(group), 1)
            snapped.update(((own, s), middle) for s, _ in group)
    body = snapped[(False, raw_body)] if (False, raw_body) in snapped else raw_body

    def size_of(k: int, ln: PositionedLine) -> float:
        size = snapped[(k in apart, ln.size)]
        band = _STOP_BAND if _FULL_STOP.search(ln.text.strip()) else _SHORT_BAND
        if (padded_short_boxes and k not in apart and printed_chars(ln.text) <= _SHORT_CHARS
                and body < size <= body * band):
            return body
        return size

    sized = [replace(ln, size=size_of(k, ln)) for k, ln in enumerate(page.lines)]
    if padded_short_boxes:
        sized = _headline_tails(sized, body)
    return replace(page, lines=sized)


# A headline's last line may hold a word or two; the detector boxes it up to this much
# taller than the line above is set (a kicker is two thirds of its title or less: a
# title under it stands 1.5x or more over it).
_TAIL_BAND = 1.45


def _headline_tails(lines: list[PositionedLine], body: float) -> list[PositionedLine]:
    """The lines with a headline's short last line (`_SHORT_CHARS` or fewer) given the
    size of the headline line right above it (within its width, less than a line
    apart) where its box stands up to `_TAIL_BAND` taller."""
    out = list(lines)
    for k, ln in enumerate(lines):
        if ln.vertical or printed_chars(ln.text) > _SHORT_CHARS or ln.size < _DISPLAY * body:
            continue
        above = [m for m in lines if m is not ln and not m.vertical and m.size >= _DISPLAY * body
                 and m.x0 <= ln.x0 and ln.x1 <= m.x1 and 0 <= ln.y0 - m.y1 < m.height]
        line = max(above, key=lambda m: m.y1, default=None)
        if line is not None and line.size < ln.size <= _TAIL_BAND * line.size:
            out[k] = replace(ln, size=line.size)
    return out


# --- quotation marks ------------------------------------------------------------------

# OCR engines read the opening curly quote as the closing one (and the other way round)
# more than any other mark: at scan resolution the two differ by a few pixels. A pair
# like `的”护飞队”` is a quoted phrase whose opening mark came out closing.
_OPENING: Final = {"”": "“", "’": "‘"}
_QUOTES: Final = frozenset("“”‘’")
_QUOTED_MAX = 15


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def fix_quote_pairs(text: str) -> str:
    """`的”护飞队”` -> `的“护飞队”`: a closing quote that closes nothing (no opening one
    before it on the line is still open), right after a Han character (an opening
    quote's place: a closing one follows the quoted words or their full stop), with
    another closing quote of its kind within a short phrase after it and no mark
    between, opens that phrase."""
    if "”" not in text and "’" not in text:
        return text
    chars = list(text)
    open_: dict[str, bool] = {"”": False, "’": False}
    for i, ch in enumerate(chars):
        kind = "”" if ch in "“”" else "’" if ch in "‘’" else None
        if kind is None:
            continue
        if ch in "“‘":
            open_[kind] = True
        elif open_[kind]:
            open_[kind] = False
        elif i and _is_han(chars[i - 1]):
            following = chars[i + 1:i + 2 + _QUOTED_MAX]
            end = next((j for j, c in enumerate(following) if c in _QUOTES), None)
            if end and following[end] == ch:
                chars[i] = _OPENING[ch]
                open_[kind] = True
    return "".join(chars)


def fix_quotes(page: PageLines, *, headlines: bool = False) -> PageLines:
    """The page with its lines' quotation marks set right (see `fix_quote_pairs`; with
    `headlines`, `fix_display_quotes` too: it adds marks, so only where the text is our
    own engine's read, not a file whose every line keeps within its entry's text)."""
    fixed = [replace(ln, text=text) if (text := fix_quote_pairs(ln.text)) != ln.text else ln for ln in page.lines]
    page = replace(page, lines=fixed)
    return fix_display_quotes(page) if headlines else page


# Engines drop a quotation mark at a line's start or end more than anywhere: the mark
# is a small stroke high in its em, apart from the glyphs' body, and the detector's box
# clips it. In running text a quote may open on one line and close on another, but a
# headline quotes a short term and its lines close what they open: a headline line
# with a quote left half open lost the other half at its edge. A term quoted in a
# headline is a few characters long (this many at most).
_DISPLAY_QUOTED = 8


def _quote_state(text: str) -> tuple[int | None, int | None]:
    """(where the first closing quote that closes nothing stands, where the last opening
    quote left open stands) in `text`, double and single quotes alike."""
    first_unmatched: int | None = None
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch in "“‘":
            open_at = i
        elif ch in "”’":
            if open_at is not None:
                open_at = None
            elif first_unmatched is None:
                first_unmatched = i
    return first_unmatched, open_at


def mend_display_quotes(text: str, *, open_above: bool = False, closed_below: bool = False) -> str:
    """A headline line's quotes made whole (see `_DISPLAY_QUOTED`): `和合”向上` ->
    `“和合”向上` (the opening mark lost at the line's start), `的”新农人` -> `的“新农人”`
    (the opening mark read as a closing one, the closing one lost at the line's end).
    A lone closing mark with Han characters on both sides opens the shorter phrase.
    `open_above`: the headline's line above leaves a quote open (this line may close
    it); `closed_below`: the line below closes one (this line may leave it open)."""
    text = fix_quote_pairs(text.strip())
    unmatched, open_at = _quote_state(text)
    if unmatched is not None and not open_above:
        before, after = text[:unmatched], text[unmatched + 1:]
        mark = "“" if text[unmatched] == "”" else "‘"
        if not before:  # no line starts with a closing mark (禁则): it was read for the opening one
            return mend_display_quotes(mark + after, closed_below=closed_below)
        tail = after.split("”")[0].split("’")[0]
        if before and all(_is_han(c) for c in before) and (
                len(before) <= len(tail) or closed_below or not tail or not all(_is_han(c) for c in tail)):
            if len(before) <= _DISPLAY_QUOTED:
                return mend_display_quotes(mark + text, closed_below=closed_below)
        elif (before and _is_han(before[-1]) and tail == after and tail and all(_is_han(c) for c in tail)
              and len(tail) <= _DISPLAY_QUOTED and not closed_below):
            return mend_display_quotes(before + mark + tail + text[unmatched], open_above=open_above)
        return text
    if open_at is not None and not closed_below:
        tail = text[open_at + 1:]
        if tail and len(tail) <= _DISPLAY_QUOTED and all(_is_han(c) for c in tail):
            return text + ("”" if text[open_at] == "“" else "’")
    return text


def fix_display_quotes(page: PageLines) -> PageLines:
    """The page with its headline lines' quotes made whole (`mend_display_quotes`):
    lines in display type (1.3x the body and more); the headline's lines above and
    below are those of its size (within 15%) overlapping it, less than a line apart."""
    if not page.lines:
        return page
    body = _weighted_median([(ln.size, printed_chars(ln.text)) for ln in page.lines])
    display = [ln for ln in page.lines if not ln.vertical and ln.size >= _DISPLAY * body]
    if not display:
        return page

    def next_to(ln: PositionedLine, side: int) -> PositionedLine | None:
        near = [m for m in display if m is not ln and abs(m.size / ln.size - 1) < _DISPLAY_STEP
                and m.x0 < ln.x1 and m.x1 > ln.x0 and 0 <= (m.y0 - ln.y1 if side > 0 else ln.y0 - m.y1) < ln.height]
        return min(near, key=lambda m: abs(m.y0 - ln.y0), default=None)

    mended: dict[int, str] = {}
    for ln in display:
        above, below = next_to(ln, -1), next_to(ln, 1)
        open_above = above is not None and _quote_state(above.text)[1] is not None
        closed_below = below is not None and _quote_state(below.text)[0] is not None
        text = mend_display_quotes(ln.text, open_above=open_above, closed_below=closed_below)
        if text != ln.text.strip():
            mended[id(ln)] = text
    if not mended:
        return page
    return replace(page, lines=[replace(ln, text=mended[id(ln)]) if id(ln) in mended else ln for ln in page.lines])


def repair_page(page: PageLines, *, padded_short_boxes: bool = False) -> PageLines:
    """Every repair OCR lines get before the geometry reader: levelling, gutter splits,
    type sizes snapped (`padded_short_boxes`: the lines come from our own RapidOCR run),
    quotation marks set right."""
    sized, steady = _pitch_sized(split_gutter_merges(level_page(page)))
    # steady sizes part from the body's on our own engine's reads only (measured there;
    # on the real PP-OCRv4 pages they would part columns read row by row: not yet)
    return fix_quotes(quantize_sizes(sized, padded_short_boxes=padded_short_boxes,
                                     steady=steady if padded_short_boxes else None), headlines=padded_short_boxes)
