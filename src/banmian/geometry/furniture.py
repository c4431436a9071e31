"""Page furniture: the header band above the header rule (or in the top margin), and a
footer below a rule near the foot or set apart in the bottom margin."""

from __future__ import annotations

from typing import Final

from banmian.inputs.lines import HRule, PositionedLine
from banmian.stages.markers import furniture_type

_HEAD_BAND: Final = frozenset({"date", "page-number", "editor"})


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def split_furniture(lines: list[PositionedLine], rules: list[HRule], width: float,
                    height: float) -> tuple[list[PositionedLine], list[PositionedLine]]:
    """(furniture, content): the header band above a long rule near the top (or the top
    margin), and a footer below a long rule near the bottom or set apart in the bottom margin."""
    long_rules = [y for y, x0, x1 in rules if x1 - x0 > width * 0.6]
    top_rules = [y for y in long_rules if y < height * 0.12]
    limit_top = min(top_rules) if top_rules else height * 0.045
    row_mates: set[int] = set()
    if not top_rules:
        # no rule under the running head: it reaches down to its lowest date, page number
        # or editor's line (read by the markers' grammar) near the top of the page
        marked = [ln for ln in lines if ln.y1 < height * 0.12 and len(ln.text) <= 40
                  and furniture_type(ln.text) in _HEAD_BAND]
        if marked:
            limit_top = max(limit_top, max(ln.y1 for ln in marked))
        # a section name set larger on that row (between the date and the editor's line)
        # is the running head's too: it sits on the row, reaching no further below it than
        # a line's height (a masthead beside a date reaches far down)
        row_mates = {id(ln) for ln in lines if ln.y1 > limit_top + 1 and any(
            _overlap(ln.y0, ln.y1, m.y0, m.y1) > 0.5 * min(ln.height, m.height) and ln.y1 <= m.y1 + m.height
            for m in marked)}
    foot_rules = [y for y in long_rules if y > height * 0.9]
    foot_spans = [(y, x0, x1) for y, x0, x1 in rules if x1 - x0 > width * 0.6 and y > height * 0.9]
    limit_bottom = max(foot_rules) if foot_rules else height * 0.965
    header = [ln for ln in lines if ln.y1 <= limit_top + 1 or id(ln) in row_mates]
    rest = [ln for ln in lines if ln.y1 > limit_top + 1 and id(ln) not in row_mates]
    if not top_rules:
        # without a rule, a line in the top margin that text runs on from right below it
        # (a story set from the very top of the page) is no furniture; one on the row of
        # the running head's date or page number is the head's (a masthead over a banner)
        kept = [ln for ln in header if id(ln) not in row_mates and any(
            0 <= below.y0 - ln.y1 < 0.8 * ln.height and _overlap(ln.x0, ln.x1, below.x0, below.x1) > 0
            for below in rest)]
        if kept:
            header = [ln for ln in header if ln not in kept]
            rest = kept + rest
    low = [ln for ln in rest if ln.y0 >= limit_bottom]
    body = [ln for ln in rest if ln.y0 < limit_bottom]
    footer: list[PositionedLine] = []
    for ln in low:
        # a line in the margin that runs on from the text above, no rule between them, is
        # text (a jump line; a column run down to the foot beside a box whose lower side
        # is taken for the foot rule)
        runs_on = any(
            0 <= ln.y0 - up.y1 < 1.5 * ln.height and _overlap(ln.x0, ln.x1, up.x0 - ln.height, up.x1 + ln.height) > 0
            and not any(up.y1 - 1 <= y <= ln.y0 + 1 and _overlap(ln.x0, ln.x1, x0, x1) > 0 for y, x0, x1 in foot_spans)
            for up in body + low if up is not ln and up.y0 < ln.y0)
        (body if runs_on else footer).append(ln)
    return header + footer, body
