"""From an OCR engine's box or polygon to a `PositionedLine`.

Engines give each text line as a quadrilateral (PaddleOCR, RapidOCR: corners clockwise
from the top left, tilted as the scan is), an axis-aligned box (hOCR, ALTO, PaddleOCR's
`rec_boxes`) or a polygon (PAGE XML). What the geometry reader needs from it: the
bounding box, the type size (the box's extent across the line) and whether the line is
set top to bottom (竖排).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from banmian.inputs.lines import Point, PositionedLine

# A vertical line of n characters is about n glyphs tall and one glyph wide; a
# horizontal one is the other way round. A box this much taller than wide, holding more
# than one character, is read as a vertical line. A single character is square either
# way and stays horizontal.
VERTICAL_RATIO = 1.5


def _distance(p: Point, q: Point) -> float:
    return math.hypot(q[0] - p[0], q[1] - p[1])


def printed_chars(text: str) -> int:
    """Characters that take room on the line (spaces left out)."""
    return sum(1 for ch in text if not ch.isspace())


def quad_extent(points: Sequence[Point]) -> tuple[float, float]:
    """(extent along x, extent along y) of a box, undoing its tilt for a 4-point quad.

    For a quad with corners clockwise from the top left (the PaddleOCR/RapidOCR order)
    the mean lengths of opposite sides are the box's width and height whatever the
    tilt; for any other outline, the bounding box's sides.
    """
    if len(points) == 4:
        p0, p1, p2, p3 = points
        width = (_distance(p0, p1) + _distance(p3, p2)) / 2
        height = (_distance(p0, p3) + _distance(p1, p2)) / 2
        return width, height
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return max(xs) - min(xs), max(ys) - min(ys)


def quad_angle(points: Sequence[Point]) -> float | None:
    """The tilt of a horizontal line's 4-point box in degrees (positive: rising to the
    left, i.e. y grows along the top edge), None when the outline is no quad."""
    if len(points) != 4:
        return None
    (x0, y0), (x1, y1) = points[0], points[1]
    if x1 <= x0:
        return None
    return math.degrees(math.atan2(y1 - y0, x1 - x0))


def is_vertical(text: str, width: float, height: float) -> bool:
    """A tall narrow box holding more than one character is a line set top to bottom."""
    return printed_chars(text) > 1 and height > VERTICAL_RATIO * width


def make_line(text: str, points: Sequence[Point], *, page: int, order: int,
              confidence: float | None = None, vertical: bool | None = None) -> PositionedLine:
    """The positioned line for one OCR entry; `points` is its outline (3+ points) in
    the input's own coordinates. `vertical` overrides the box's shape when the file
    states the direction."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    bbox = (min(xs), min(ys), max(xs), max(ys))
    width, height = quad_extent(points)
    if vertical is None:
        vertical = is_vertical(text, width, height)
    size = width if vertical else height
    polygon = tuple((float(x), float(y)) for x, y in points)
    return PositionedLine(text=text, bbox=(float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])),
                          size=round(size, 1), bold=False, page=page, order=order,
                          confidence=confidence, polygon=polygon, vertical=vertical)


def rect_points(x0: float, y0: float, x1: float, y1: float) -> tuple[Point, Point, Point, Point]:
    """An axis-aligned box as a quad, corners clockwise from the top left."""
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x20000 <= code <= 0x3FFFF)


def join_words(words: Sequence[str]) -> str:
    """A line's text from its words: Chinese is set without spaces, so two words meet
    without one when either side of the join is a CJK character or punctuation mark;
    Latin words keep a space between them."""
    out = ""
    for word in (w.strip() for w in words):
        if not word:
            continue
        if out and not (_is_cjk(out[-1]) or _is_cjk(word[0])):
            out += " "
        out += word
    return out
