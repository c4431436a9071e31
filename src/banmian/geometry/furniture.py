"""Page furniture: the header band above the header rule (or in the top margin), a front
page's masthead area, and a footer below a rule near the foot or set apart in the bottom
margin."""

from __future__ import annotations

from typing import Final

from banmian.inputs.lines import HRule, PositionedLine
from banmian.stages.markers import furniture_type

_HEAD_BAND: Final = frozenset({"date", "page-number", "editor"})
# the masthead stands in the top tenth of a front page
_MAST_BAND: Final = 0.1
# and is display type, at least this many times the page's median line
_MAST_SIZE: Final = 2.0


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
    area = masthead_area(rest, header, height)
    if area:
        header = header + [ln for ln in rest if id(ln) in area]
        rest = [ln for ln in rest if id(ln) not in area]
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


def _on_row(a: PositionedLine, b: PositionedLine) -> bool:
    return _overlap(a.y0, a.y1, b.y0, b.y1) > 0.5 * min(a.height, b.height)


def masthead_area(content: list[PositionedLine], header: list[PositionedLine], height: float) -> set[int]:
    """The ids of the content lines that form a front page's masthead area (报头).

    A front page sets the paper's name as the largest type at the top of the page, with its
    edition line (sponsor, issue number, date, weekday, price) on the name's rows or right
    under it, and ears (报眼: a quotation box, an index, the weather) beside it on the same
    rows. The name is the largest line starting in the top tenth, display type, with a
    date (by the markers' grammar) on its rows or within its own height under it, near it
    across: a banner headline has no date beside it (an inner page's date stands in the
    running head above it). The area reaches down to the lowest such date; the lines in it
    are the masthead's, but for those a story runs on from into the text below (a
    neighbouring page's or story's head beside the masthead, over its columns).
    """
    top = [ln for ln in content if not ln.vertical and ln.y0 < height * _MAST_BAND]
    if not top:
        return set()
    sizes = sorted(ln.size for ln in content + header)
    mast = max(top, key=lambda ln: ln.size)
    if mast.size < _MAST_SIZE * sizes[len(sizes) // 2]:
        return set()
    dated = [ln for ln in content + header if ln is not mast and len(ln.text) <= 40
             and furniture_type(ln.text) == "date" and ln.y1 > mast.y0 and ln.y0 < mast.y1 + mast.height
             and _overlap(ln.x0, ln.x1, mast.x0 - mast.height, mast.x1 + mast.height) > 0]
    if not dated:
        return set()
    # the edition line: the date with the items on its row over the masthead's measure
    seeds = {id(mast)} | {id(d) for d in dated} | {
        id(ln) for ln in content for d in dated
        if _on_row(ln, d) and _overlap(ln.x0, ln.x1, min(mast.x0, d.x0), max(mast.x1, d.x1)) >= 0.5 * ln.width}
    bottom = max([mast.y1] + [d.y1 + 0.5 * d.height for d in dated])
    band = [ln for ln in content if id(ln) not in seeds and ln.y1 <= bottom]
    # lines a story runs on from: linked, a line's height apart down a column, to the text below
    running = [ln for ln in content if id(ln) not in seeds and ln.y1 > bottom]
    grew = True
    while grew:
        grew = False
        for ln in band:
            if any(_runs_into(ln, other) for other in running):
                running.append(ln)
                band.remove(ln)
                grew = True
                break
    return seeds | {id(ln) for ln in band}


def _runs_into(a: PositionedLine, b: PositionedLine) -> bool:
    """Two lines of one column, the lower closer under the upper than the upper's line
    height (the leading of text, the space under a head over its text), their measures
    overlapping within the smaller one's line height."""
    upper, lower = (a, b) if a.y0 <= b.y0 else (b, a)
    thick, other = ((ln.width if ln.vertical else ln.height) for ln in (upper, lower))
    pad = min(thick, other)
    return lower.y0 - upper.y1 < thick and _overlap(a.x0 - pad, a.x1 + pad, b.x0, b.x1) > 0


def furniture_order(lines: list[PositionedLine], height: float) -> list[PositionedLine]:
    """Furniture in reading order: head before foot; within each, the stacks of lines set
    one under the other (an ear's box, the masthead over its edition line) top to bottom
    by their first line, then left to right, each read down whole."""
    stacks: list[list[PositionedLine]] = []
    for ln in sorted(lines, key=lambda x: (x.y0, x.x0)):
        joined = [s for s in stacks if any(_runs_into(x, ln) for x in s)]
        merged = [ln] + [x for s in joined for x in s]
        stacks = [s for s in stacks if s not in joined] + [merged]
    for s in stacks:
        s.sort(key=lambda x: (round(x.y0), x.x0))
    stacks.sort(key=lambda s: (s[0].y0 > height / 2, round(s[0].y0), s[0].x0))
    return [x for s in stacks for x in s]
