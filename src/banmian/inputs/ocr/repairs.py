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
import statistics
from dataclasses import replace

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


def level_page(page: PageLines) -> PageLines:
    """The page with its lines' boxes turned level (see the module's notes)."""
    angle = page_skew(page.lines)
    if abs(angle) < _MIN_SKEW:
        return page
    centre = (page.width / 2, page.height / 2)
    lines: list[PositionedLine] = []
    for ln in page.lines:
        outline = ln.polygon or ((ln.x0, ln.y0), (ln.x1, ln.y0), (ln.x1, ln.y1), (ln.x0, ln.y1))
        turned = rotate(outline, -angle, centre)
        xs = [p[0] for p in turned]
        ys = [p[1] for p in turned]
        lines.append(replace(ln, bbox=(min(xs), min(ys), max(xs), max(ys))))
    warnings = [*page.warnings, f"page {page.number}: the scan is tilted {angle:.2f}°; line boxes levelled"]
    return replace(page, lines=lines, skew=angle, warnings=warnings)


# --- lines merged across a gutter --------------------------------------------------

# A line counts as body type within this ratio of the page's median line size.
_BODY_RATIO = 1.25
# Neighbours: lines whose centre lies within this many line heights above or below.
_WINDOW = 12.0
# A gutter is this wide, in body sizes (from a hair to a few characters).
_GUTTER_MIN, _GUTTER_MAX = 0.25, 4.0
# Edges agree within this share of the body size; a gutter needs this many on each side.
_EDGE_TOLERANCE = 0.6
_MIN_SUPPORT = 2
# Characters narrower than a Han glyph (ASCII letters and digits) take about this share of its width.
_NARROW = 0.55


# Marks a Chinese line may not start with, and may not end with (line-breaking rules).
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’…,.;:?!)")
_NO_LINE_END = frozenset("（《「『【〔“‘(")


def _char_width(ch: str) -> float:
    return _NARROW if ord(ch) < 0x2E80 else 1.0


def _clusters(values: list[float], tol: float) -> list[list[float]]:
    """Sorted values grouped where neighbours lie within `tol` of each other."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


def _gutters(line: PositionedLine, neighbours: list[PositionedLine], size: float,
             min_support: int) -> list[tuple[float, float]]:
    """Gutters (right edge of the column on the left, left edge of the one on the right)
    inside `line`'s x-range that the neighbouring lines show: at least `min_support`
    lines end at the one edge and as many begin at the other, and fewer lines cross
    between than end or begin there."""
    tol = _EDGE_TOLERANCE * size
    inside = [n for n in neighbours if n.x0 >= line.x0 - tol and n.x1 <= line.x1 + tol and n.width < 0.8 * line.width]
    rights = _clusters([n.x1 for n in inside if line.x0 + 2 * size < n.x1 < line.x1 - 2 * size], tol)
    lefts = _clusters([n.x0 for n in inside if line.x0 + 2 * size < n.x0 < line.x1 - 2 * size], tol)
    candidates: list[tuple[int, float, float]] = []
    for right in (r for r in rights if len(r) >= min_support):
        r_edge = statistics.median(right)
        starts = [g for g in lefts if len(g) >= min_support
                  and _GUTTER_MIN * size <= statistics.median(g) - r_edge <= _GUTTER_MAX * size]
        if not starts:
            continue
        left = starts[0]  # the leftmost: paragraph indents begin to the right of the edge
        l_edge = statistics.median(left)
        crossing = sum(1 for n in neighbours if n.x0 < r_edge - tol and n.x1 > l_edge + tol
                       and n.width < 0.8 * line.width)
        if crossing < min(len(right), len(left)):
            candidates.append((len(right) + len(left), r_edge, l_edge))
    # of candidates that overlap (paragraph ends short of the column's edge), the best supported
    found: list[tuple[float, float]] = []
    for _, r_edge, l_edge in sorted(candidates, reverse=True):
        if all(l_edge + _GUTTER_MAX * size < r or r_edge - _GUTTER_MAX * size > l_ for r, l_ in found):
            found.append((r_edge, l_edge))
    return sorted(found)


def _split_points(text: str, segments: list[tuple[float, float]], size: float,
                  at_spaces: bool) -> list[int] | None:
    """Where in `text` each segment after the first starts, from the ink widths, or None
    when the line is not set on a body pitch (letter-spaced, a wide title...) or, with
    `at_spaces`, when a cut finds no space near it."""
    chars = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    weight = sum(_char_width(ch) for _, ch in chars)
    ink = sum(b - a for a, b in segments)
    if weight < 4 or ink <= 0:
        return None
    pitch = ink / weight
    if not 0.75 * size <= pitch <= 1.35 * size:
        return None
    cuts: list[int] = []
    target = 0.0
    for a, b in segments[:-1]:
        target += (b - a) / pitch
        done = 0.0
        cut = len(text)
        for i, ch in chars:
            if done >= target - 0.5 * _char_width(ch):
                cut = i
                break
            done += _char_width(ch)
        # a space the engine saw near the gutter is where the columns meet
        spaces = [i for i, ch in enumerate(text) if ch.isspace() and abs(i - cut) <= 1.5]
        if spaces:
            cut = min(spaces, key=lambda i: abs(i - cut))
        elif at_spaces:
            return None
        cuts.append(cut)
    # no line of a column starts with a closing mark or ends with an opening one (禁则)
    for k, cut in enumerate(cuts):
        while cut < len(text) and text[cut] in _NO_LINE_START:
            cut += 1
        while cut > 0 and text[cut - 1] in _NO_LINE_END:
            cut -= 1
        cuts[k] = cut
    pieces = [text[i:j].strip() for i, j in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    if any(printed_chars(p) < 2 for p in pieces) or cuts != sorted(cuts):
        return None
    return cuts


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


def split_gutter_merges(page: PageLines) -> PageLines:
    """The page with each line merged across a column gutter split into its columns."""
    horizontal = [ln for ln in page.lines if not ln.vertical]
    if len(horizontal) < 6:
        return page
    size = statistics.median(ln.size for ln in horizontal)
    height = statistics.median(ln.height for ln in horizontal)
    by_y = sorted(horizontal, key=lambda ln: ln.y0)
    out: list[PositionedLine] = []
    split = 0
    for line in page.lines:
        if line.vertical or line.size > _BODY_RATIO * size or line.width < 8 * size:
            out.append(line)
            continue
        cy = (line.y0 + line.y1) / 2
        near = [n for n in by_y if n is not line and abs((n.y0 + n.y1) / 2 - cy) <= _WINDOW * height
                and n.size <= _BODY_RATIO * size]
        # A space in the text where the pitch puts a gutter is evidence of its own: then
        # one line ending and one beginning there suffice; without it, two of each.
        cuts = None
        for spaced in (True, False) if " " in line.text else (False,):
            gutters = _gutters(line, near, size, 1 if spaced else _MIN_SUPPORT)
            if gutters:
                edges = [line.x0, *[x for g in gutters for x in g], line.x1]
                segments = [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]
                cuts = _split_points(line.text, segments, size, spaced)
                if cuts is not None:
                    break
        if cuts is None:
            out.append(line)
            continue
        texts = [line.text[i:j].strip() for i, j in zip([0, *cuts], [*cuts, len(line.text)], strict=True)]
        out.extend(_piece(line, t, a, b) for t, (a, b) in zip(texts, segments, strict=True))
        split += 1
    if not split:
        return page
    warnings = [*page.warnings, f"page {page.number}: {split} OCR line(s) ran across a column gutter; split there"]
    return replace(page, lines=out, warnings=warnings)


def repair_page(page: PageLines) -> PageLines:
    """Every repair OCR lines get before the geometry reader: levelling, gutter splits."""
    return split_gutter_merges(level_page(page))
