"""Reading order inside an article and across the page.

An article's text lines lie in cells (column pieces). The cells are read in X-Y order:
cut them top from bottom where no cell of the article crosses, else left from right at
gutters, recursively; so a story's columns read left to right, each top to bottom, and a
part set below all of them (an L-shaped foot, text under a full-width subhead) after
them. Inside a cell, horizontal lines read top to bottom; vertical lines (竖排) right to
left, each top to bottom.
"""

from __future__ import annotations

from itertools import pairwise

from banmian.inputs.lines import PositionedLine

from .cells import Cell
from .sizes import measure_right


def cell_sort_key(line: PositionedLine) -> tuple[float, float]:
    return (-line.x1, line.y0) if line.vertical else (line.y0, line.x0)


def article_text_order(lines: list[PositionedLine], cell_of: dict[int, Cell], em: float) -> list[PositionedLine]:
    """The article's text lines in reading order."""
    groups: dict[int, list[PositionedLine]] = {}
    for ln in lines:
        groups.setdefault(cell_of[id(ln)].index, []).append(ln)
    parts = [(_extent(g), sorted(g, key=cell_sort_key)) for g in groups.values()]
    out: list[PositionedLine] = []
    _xy(parts, em, out, 0)
    return out


Part = tuple[tuple[float, float, float, float], list[PositionedLine]]


def _extent(lines: list[PositionedLine]) -> tuple[float, float, float, float]:
    # (without marks hanging into the gutter, which may reach past the next column's edge)
    return (min(ln.x0 for ln in lines), min(ln.y0 for ln in lines),
            max(max(ln.x0 + 0.1, measure_right(ln)) for ln in lines), max(ln.y1 for ln in lines))


def _xy(parts: list[Part], em: float, out: list[PositionedLine], depth: int) -> None:
    if len(parts) <= 1 or depth > 40:
        for _, lines in sorted(parts, key=lambda p: (p[0][0], p[0][1])):
            out.extend(lines)
        return
    for axis in (1, 0):  # across first (top before bottom), then down (left before right)
        ordered = sorted(parts, key=lambda p: p[0][axis])
        groups: list[list[Part]] = [[ordered[0]]]
        reach = ordered[0][0][axis + 2]
        for part in ordered[1:]:
            # a hanging mark or an OCR box's wobble may reach a little past a gutter
            if part[0][axis] >= reach - 0.3 * em:
                groups.append([])
            groups[-1].append(part)
            reach = max(reach, part[0][axis + 2])
        if len(groups) > 1 and axis == 1 and _cuts_a_column(groups, em) and _xy_down(parts, em, out, depth):
            return
        if len(groups) > 1:
            if axis == 0 and all(ln.vertical for p in parts for ln in p[1]):
                groups.reverse()  # vertical columns read right to left
            for group in groups:
                _xy(group, em, out, depth + 1)
            return
    for _, lines in sorted(parts, key=lambda p: (p[0][0], p[0][1])):
        out.extend(lines)


def _cuts_a_column(groups: list[list[Part]], em: float) -> bool:
    """Whether a cut across parts one column's pieces that follow each other close (a column
    broken at a subhead) while another column stands beside the upper piece: that column is
    read down before the one beside it."""
    for upper, lower in pairwise(groups):
        for (ux0, _, ux1, uy1), _ in upper:
            beside = any(p[0][0] >= ux1 - 0.3 * em or p[0][2] <= ux0 + 0.3 * em for p in upper)
            # (the piece below within the column's measure: its text, or a subhead centred in it)
            if beside and any(lx0 > ux0 - em and lx1 < ux1 + em and ly0 - uy1 < 2 * em
                              for (lx0, ly0, lx1, _), _ in lower):
                return True
    return False


def _xy_down(parts: list[Part], em: float, out: list[PositionedLine], depth: int) -> bool:
    """Cut `parts` down at gutters (left before right) if they come apart so; False if not."""
    ordered = sorted(parts, key=lambda p: p[0][0])
    groups: list[list[Part]] = [[ordered[0]]]
    reach = ordered[0][0][2]
    for part in ordered[1:]:
        if part[0][0] >= reach - 0.3 * em:
            groups.append([])
        groups[-1].append(part)
        reach = max(reach, part[0][2])
    if len(groups) <= 1 or all(ln.vertical for p in parts for ln in p[1]):
        return False
    for group in groups:
        _xy(group, em, out, depth + 1)
    return True
