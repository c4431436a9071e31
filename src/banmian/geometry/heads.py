"""Heads: headline lines stacked into one head, with the kickers and subtitles set like them."""

from __future__ import annotations

from collections.abc import Callable

from banmian.inputs.lines import PositionedLine
from banmian.model import BBox
from banmian.stages.markers import DATELINE_HINT, looks_like_byline_start, parse_byline


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def _gutter_between(one: PositionedLine, other: PositionedLine, text: list[PositionedLine]) -> bool:
    """The gap between two heads on one row holds a gutter of the text set below them:
    the whitespace between two columns beneath lies within the gap (a head stays within
    its columns' measure; a display line the engine broke in two may break anywhere,
    also over a gutter, but then its pieces reach into the gutter or over a column)."""
    left, right = (one, other) if one.x0 <= other.x0 else (other, one)
    top = max(left.y1, right.y1)
    reach = top + 8 * max(left.height, right.height)
    below = sorted((ln for ln in text if top <= ln.y0 <= reach and overlap(ln.x0, ln.x1, left.x0, right.x1) > 0),
                   key=lambda ln: ln.x0)
    if not below:
        return False
    tol = 0.5 * sorted(ln.height for ln in below)[len(below) // 2]
    # the free strips between the x-ranges the lines below cover
    covered_to = below[0].x1
    for ln in below[1:]:
        if ln.x0 > covered_to and overlap(covered_to, ln.x0, left.x1, right.x0) > 0:
            return covered_to >= left.x1 - tol and ln.x0 <= right.x0 + tol
        covered_to = max(covered_to, ln.x1)
    return False


LETTER_SPACING_EMS = 4.0  # the widest spacing of a letter-spaced head's characters


def _letter_spaced(one: PositionedLine, other: PositionedLine, of: Callable[[PositionedLine], float]) -> bool:
    """Two single characters of a head on one row, up to a few ems apart: a letter-spaced
    display line (字距拉开, set across its columns' gutters), which OCR engines box a
    character at a time."""
    gap = min(abs(one.x0 - other.x1), abs(other.x0 - one.x1))
    return len(one.text.strip()) == 1 and len(other.text.strip()) == 1 and gap < LETTER_SPACING_EMS * min(of(one), of(other))


def group_heads(big: list[PositionedLine], mid: list[PositionedLine],
                size_of: Callable[[PositionedLine], float] | None = None, *, pieces: bool = False,
                text: list[PositionedLine] | None = None) -> list[list[PositionedLine]]:
    """Title lines stacked close together form one head; kickers/subtitles join a head they touch.

    Close means within 0.8 of the smaller line's size, a full size for lines of one size
    (a masthead or banner several times the size of the next head does not swallow it).
    Vertical title lines (竖排) side by side, overlapping in height, form one head too.
    `size_of` gives the type size. With `pieces` (OCR), heads on one row close together
    are pieces of one display line unless the gap between them holds a gutter of the
    `text` lines below (`_gutter_between`). A kicker or subtitle has its row to itself: a
    middle-size line level with a line of `text` under the head's width (a section number
    or subhead at the top of one column, its neighbour column's text beside it) is not a deck.
    """
    of = size_of or (lambda ln: ln.size)
    groups: list[list[PositionedLine]] = []
    for ln in sorted(big, key=lambda x: (x.y0, x.x0)):
        for g in groups:
            last = g[-1]
            if ln.vertical or last.vertical:
                if ln.vertical and last.vertical and 0 <= min(abs(ln.x0 - x.x1) for x in g) < 0.8 * min(
                        of(ln), of(last)) and overlap(ln.y0, ln.y1, last.y0, last.y1) > 0:
                    g.append(ln)
                    break
                # a vertical display line the engine broke in two down its column (at a
                # wide space between its words): the pieces stand one over the other
                if ln.vertical and last.vertical and 0 <= ln.y0 - last.y1 < 0.8 * min(of(ln), of(last)) \
                        and overlap(ln.x0, ln.x1, last.x0, last.x1) > 0.5 * min(ln.width, last.width):
                    g.append(ln)
                    break
                continue
            # a head broken into pieces along one row (OCR engines split display lines at
            # wide letter spacing) is one head; a PDF keeps such a line whole, and heads side
            # by side there are neighbours' heads
            if pieces and any(overlap(ln.y0, ln.y1, x.y0, x.y1) > 0.5 * min(ln.height, x.height)
                   and max(of(ln), of(x)) <= 1.3 * min(of(ln), of(x))
                   and (_letter_spaced(ln, x, of) or (
                       min(abs(ln.x0 - x.x1), abs(x.x0 - ln.x1)) < 1.5 * min(of(ln), of(x))
                       and not _gutter_between(ln, x, text or [])))
                   for x in g):
                g.append(ln)
                break
            g0, g1 = min(x.x0 for x in g), max(x.x1 for x in g)
            # the decks of one head are set alike: centred on each other or flush on one side,
            # and mostly over each other (a neighbour's head set under this one is neither)
            shared = overlap(ln.x0, ln.x1, g0, g1) >= 0.5 * min(ln.width, g1 - g0)
            em = min(of(ln), of(last))
            alike = (abs(ln.cx - (g0 + g1) / 2) < em or abs(ln.x0 - g0) < em or abs(ln.x1 - g1) < em)
            # decks differ in size by a step or two, not several times over (a banner over a
            # brief's head in the column beside)
            similar = max(of(ln), of(last)) <= 1.6 * min(of(ln), of(last))
            # lines of one size set alike are one head up to a full em apart (a head
            # wrapped in a narrow column with loose leading); different sizes at 0.8
            reach = 1.0 if abs(of(ln) - of(last)) <= 0.05 * em else 0.8
            if ln.y0 - last.y1 < reach * em and shared and alike and similar:
                g.append(ln)
                break
        else:
            groups.append([ln])
    # a lone headline-size line much smaller than a head it touches (a kicker or subtitle
    # set large) may join that head like a middle-size one
    loose = [g[0] for g in groups if len(g) == 1 and not g[0].vertical]
    own_group = {id(g[0]): g for g in groups if len(g) == 1}
    candidates = list(mid) + loose
    attached: set[int] = set()
    changed = True
    while changed:  # a two-line kicker attaches line by line
        changed = False
        for i, ln in enumerate(candidates):
            if i in attached or ln.vertical:
                continue
            if i >= len(mid) and len(own_group[id(ln)]) > 1:
                continue  # others joined this line's own head: it stays the head
            for g in groups:
                if g[0].vertical or any(x is ln for x in g) or (
                        i >= len(mid) and max(of(x) for x in g) < 1.3 * of(ln)):
                    continue
                box = union([x.bbox for x in g])
                if ln.y0 - box[3] >= 1.2 * ln.size or box[1] - ln.y1 >= 1.2 * ln.size:
                    continue  # far above or below
                # kickers and subtitles are set like their title: centred on it or flush with it
                # (for a headline-size line, flush with one edge only counts if it has some
                # width: a brief's head in a column beside a banner may end where it ends)
                wide_enough = i < len(mid) or ln.y1 <= box[1] + 1 or ln.width >= 0.3 * (box[2] - box[0])
                aligned = (abs(ln.cx - (box[0] + box[2]) / 2) < 0.15 * (box[2] - box[0]) + ln.size
                           or (wide_enough and (abs(ln.x0 - box[0]) < ln.size or abs(ln.x1 - box[2]) < ln.size)))
                if (aligned and overlap(ln.x0, ln.x1, box[0], box[2]) > 0.5 * ln.width
                        and not _beside_text(ln, box, text or [])):
                    g.append(ln)
                    attached.add(i)
                    if i >= len(mid):
                        mine = own_group[id(ln)]
                        groups = [h for h in groups if h is not mine]
                    changed = True
                    break
    # a smaller head stacked on a larger one and set like it (a kicker or subtitle of
    # several lines set large, a lead in display type) joins it
    merged = True
    while merged:
        merged = False
        for small in groups:
            if small[0].vertical or len(small) < 2:
                continue
            sbox = union([x.bbox for x in small])
            ssize = max(of(x) for x in small)
            for g in groups:
                if g is small or g[0].vertical or max(of(x) for x in g) < 1.3 * ssize:
                    continue
                box = union([x.bbox for x in g])
                gap = max(box[1] - sbox[3], sbox[1] - box[3])
                centred = abs((sbox[0] + sbox[2]) / 2 - (box[0] + box[2]) / 2) < 0.15 * (box[2] - box[0]) + ssize
                if gap < 1.2 * ssize and centred and overlap(sbox[0], sbox[2], box[0], box[2]) > 0.5 * (sbox[2] - sbox[0]):
                    g.extend(small)
                    groups = [h for h in groups if h is not small]
                    merged = True
                    break
            if merged:
                break
    out = []
    for g in groups:
        if g[0].vertical:  # read right to left, each line top to bottom
            out.append(_right_to_left(g))
        else:
            out.append(by_rows(g))
    return out


def _right_to_left(lines: list[PositionedLine]) -> list[PositionedLine]:
    """Vertical lines column by column from the right, each column's pieces top to bottom
    (a piece one over another shares its column, however its box wobbles)."""
    columns: list[list[PositionedLine]] = []
    for ln in sorted(lines, key=lambda x: -x.x1):
        for col in columns:
            if any(overlap(ln.x0, ln.x1, x.x0, x.x1) > 0.5 * min(ln.width, x.width) for x in col):
                col.append(ln)
                break
        else:
            columns.append([ln])
    return [ln for col in columns for ln in sorted(col, key=lambda x: x.y0)]


def _beside_text(line: PositionedLine, box: BBox, running: list[PositionedLine]) -> bool:
    """Whether a line of running text shares `line`'s row within the head's width."""
    return any(overlap(x.y0, x.y1, line.y0, line.y1) > 0.5 * min(x.height, line.height)
               and overlap(x.x0, x.x1, box[0], box[2]) > 0 and overlap(x.x0, x.x1, line.x0, line.x1) <= 0
               for x in running)


def by_rows(lines: list[PositionedLine]) -> list[PositionedLine]:
    """Lines top to bottom, those sharing a row (overlapping by half their height) left
    to right: a banner or a letter-spaced head broken into pieces on one row."""
    rows: list[list[PositionedLine]] = []
    for ln in sorted(lines, key=lambda x: x.y0):
        row = rows[-1] if rows else None
        if row and overlap(ln.y0, ln.y1, row[0].y0, row[0].y1) > 0.5 * min(ln.height, row[0].height):
            row.append(ln)
        else:
            rows.append([ln])
    return [ln for row in rows for ln in sorted(row, key=lambda x: x.x0)]


LABEL_CHARS = 5  # a genre label is a word or two: 社论, 短评, 编者按, 评论员文章


def set_in_labels(display: list[PositionedLine], text: list[PositionedLine], size: float) -> list[PositionedLine]:
    """Display lines boxed into a column of text: a genre label (社论, 短评, 编者按) set in
    at the top of its story's column, the text running beside it on its rows and going on
    under it across its measure to the same right edge. Such a label names the kind of its
    story; it heads nothing. A head has its rows to itself over the column it opens: text
    beside it on its rows is a neighbour column's, ending at another right edge than the
    text under the head."""
    out = []
    for ln in display:
        if ln.vertical or len(ln.text.replace(" ", "")) > LABEL_CHARS:
            continue
        beside = [t for t in text if overlap(t.y0, t.y1, ln.y0, ln.y1) > 0.5 * min(t.height, ln.height)
                  and 0 <= t.x0 - ln.x1 < 3 * size]
        if not beside:
            continue
        right = max(t.x1 for t in beside)
        if any(0 <= t.y0 - ln.y1 < 3 * size and overlap(t.x0, t.x1, ln.x0, ln.x1) >= 0.5 * ln.width
               and abs(t.x1 - right) < size for t in text):
            out.append(ln)
    return out


def run_in_subheads(display: list[PositionedLine], text: list[PositionedLine], size: float) -> list[PositionedLine]:
    """Display lines set between two paragraphs of one column: a subhead (a slogan, a
    section's title) centred in the column's measure, a paragraph of the column ending
    right above it and the next starting right below it, with less than a line of white
    either side. A story's head set in mid-column stands apart from the story before it
    (a line or more of white, a rule), or stands over its dateline or byline, where a
    subhead goes on with the text; a head of two lines leaves no such white either side
    of each of its lines."""
    out = []
    for ln in display:
        if ln.vertical:
            continue
        col = [t for t in text if overlap(t.x0, t.x1, ln.x0, ln.x1) > 0.5 * min(t.width, ln.width)]
        above = [t for t in col if t.y1 <= ln.y0 + 0.3 * ln.height]
        below = [t for t in col if t.y0 >= ln.y1 - 0.3 * ln.height]
        if not above or not below:
            continue
        up = max(above, key=lambda t: t.y1)
        down = min(below, key=lambda t: t.y0)
        if (ln.y0 - up.y1 < size and down.y0 - ln.y1 < size and ln.x0 >= min(up.x0, down.x0)
                and ln.x1 <= max(up.x1, down.x1) and up.x1 < down.x1 - size
                and not _opens_story(down.text)):
            out.append(ln)
    return out


def _opens_story(text: str) -> bool:
    """A dateline or byline: the opening of a story under its head."""
    return bool(DATELINE_HINT.match(text)) or looks_like_byline_start(text) or parse_byline(text) is not None
