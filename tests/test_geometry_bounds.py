"""The geometry reader's rules at their bounds, on lines placed by hand (no PDF): for each
rule a case just inside and one just outside, the distances taken from how papers are set
(body type 10 pt, a CJK character an em wide, columns of twelve characters, gutters of
about an em), so that a rule moved off its convention fails here.

Complements tests/test_geometry_units.py (which holds each rule's ordinary case).
"""

from __future__ import annotations

import pytest

from banmian.geometry.cells import cut_cells
from banmian.geometry.heads import group_heads
from banmian.geometry.regions import Grid, Opener, head_span, widen_heads
from banmian.inputs.lines import PositionedLine

EM = 10.0
FULL = "甲乙丙丁戊己庚辛壬癸子丑"  # twelve characters: a full line of a 120 pt column
# three columns of 120 pt with gutters of 1.2 em
COL = ((30.0, 150.0), (162.0, 282.0), (294.0, 414.0))


def line(text: str, x0: float, y0: float, *, size: float = EM, width: float | None = None) -> PositionedLine:
    """A line set from (x0, y0): one em per character unless a width is given."""
    w = width if width is not None else len(text) * size
    return PositionedLine(text=text, bbox=(x0, y0, x0 + w, y0 + size), size=size, bold=False, page=1)


def column(n: int, top: float, rows: int = 5, *, x0: float | None = None) -> list[PositionedLine]:
    """A column of text starting at `top`: an indented first line, then full lines; each
    column's lines start with their own character."""
    left = COL[n][0] if x0 is None else x0
    mark = "甲乙丙丁戊"[n]
    lines = [line(mark + FULL[1:10], left + 2 * EM, top)]
    return lines + [line(mark + FULL[1:], left, top + 15 * k) for k in range(1, rows)]


def head(text: str, x0: float, y0: float = 40.0, size: float = 24.0) -> list[PositionedLine]:
    return [line(text, x0, y0, size=size)]


def widened(heads: list[list[PositionedLine]], text: list[PositionedLine],
            pictures: list[tuple[float, float, float, float]] | None = None) -> list[tuple[float, float]]:
    """The span each head stands over once widened over the blank cells beside it."""
    heavy = {id(ln) for g in heads for ln in g}
    cells, _ = cut_cells([*(ln for g in heads for ln in g), *text], pictures or [], heads, heavy, EM, [], [])
    grid = Grid(cells, EM)
    openers = []
    for g in heads:
        box = (min(x.x0 for x in g), min(x.y0 for x in g), max(x.x1 for x in g), max(x.y1 for x in g))
        openers.append(Opener(top=box[1], bbox=box, span=head_span(box, grid), head=g))
    widen_heads(openers, grid)
    return [op.span for op in openers]


def spans(*pairs: tuple[float, float]) -> list[tuple[float, float]]:
    return [pytest.approx(p) for p in pairs]  # type: ignore[misc]


# --- widening heads over blank columns --------------------------------------------------


def test_a_flush_left_head_widens_column_by_column_to_the_right() -> None:
    text = [ln for n in range(3) for ln in column(n, 100)]
    assert widened([head("标题在此", 30)], text) == spans((30, 414))
    # flush right over the last column: to the left, column by column
    assert widened([head("标题在此", 414 - 96)], text) == spans((30, 414))


def test_a_head_neither_flush_nor_centred_counts_as_centred() -> None:
    # over the first column, set a little in from both edges and off its middle: read as
    # centred, and a centred head takes a column only if it stays centred on its span
    text = [ln for n in range(3) for ln in column(n, 100)]
    assert widened([head("标题在", 40)], text) == spans(COL[0])


def test_a_head_just_off_flush_is_not_flush() -> None:
    text = [ln for n in range(2) for ln in column(n, 100)]
    # 1.2 pt in from the column's edge is flush (a 24 pt head: within 0.15 of its size)
    assert widened([head("标题在此", 30 + 3.4)], text) == spans((30, 282))
    # 4 pt in: not flush, not centred over its column -> read as centred: it stays
    assert widened([head("标题在此", 30 + 4)], text) == spans(COL[0])


def test_a_centred_head_takes_both_sides_at_once_not_one() -> None:
    text = [ln for n in range(3) for ln in column(n, 100)]
    centred = head("标题在此", 174)  # 174..270: centred over the middle column (162..282)
    assert widened([centred], text) == spans((30, 414))
    # with the right-hand column gone, taking only the left one would put the head off
    # centre: it stays over its own column
    text = [ln for n in range(2) for ln in column(n, 100)]
    assert widened([centred], text) == spans(COL[1])


def test_a_centred_head_takes_a_column_beside_it_that_holds_only_a_short_line() -> None:
    text = [*column(0, 100), *column(1, 100), line("丙丁戊己庚", 294, 100)]
    centred = head("标题在此", 174)
    (span,) = widened([centred], text)
    assert span == pytest.approx((30, 294 + 50))


def test_a_centred_head_over_a_short_story_takes_the_blank_columns_of_the_text_area() -> None:
    # the story under a head centred over the page's three columns holds only the middle
    # column; the outer columns are blank under the head down to the next story (a band
    # of three columns lower down that marks the text area)
    centred = head("一个居中的长标题在此", 102)  # 102..342, centred on 222
    story = column(1, 80, rows=3)
    lower = [ln for n in range(3) for ln in column(n, 200)]
    (span,) = widened([centred], [*story, *lower])
    assert span[0] == pytest.approx(30, abs=EM) and span[1] == pytest.approx(414, abs=EM)
    # with the lower band two columns wide (no text area to the right), it stays
    lower = [ln for n in range(2) for ln in column(n, 200)]
    (span,) = widened([centred], [*story, *lower])
    assert span == pytest.approx(COL[1])


def test_a_blank_column_beside_a_centred_head_must_be_blank_at_the_heads_height() -> None:
    centred = head("一个居中的长标题在此", 102)
    story = column(1, 80, rows=3)
    lower = [ln for n in range(3) for ln in column(n, 200)]
    # a line of another story in the left column beside the headline
    beside = [line("乙丙丁", 30, 45)]
    (span,) = widened([centred], [*story, *lower, *beside])
    assert span[0] > 150
    # lower down (more than six ems under the head) it does not keep the head out
    beside = [line("乙" + FULL[1:], 30, 130), line("乙" + FULL[1:], 30, 145)]
    (span,) = widened([centred], [*story, *lower, *beside])
    assert span[0] == pytest.approx(30, abs=EM)


def test_the_nearer_head_takes_a_blank_column_both_could_claim() -> None:
    # A flush left over the first column, B flush right over the third; the middle column
    # starts level with both stories' text
    text = [ln for n in range(3) for ln in column(n, 100)]
    near_a = head("甲文标题", 30)  # 30..126: 36 pt short of the middle column
    far_b = head("乙文", 414 - 48)  # 366..414: 84 pt from it
    assert widened([near_a, far_b], text) == spans((30, 282), COL[2])
    far_a = head("甲文", 30)
    near_b = head("乙文标题", 414 - 96)
    assert widened([far_a, near_b], text) == spans(COL[0], (162, 414))


def test_a_blank_column_goes_to_the_head_whose_text_starts_level_with_it() -> None:
    # the middle column starts level with B's text, two ems below A's: B's, though A is nearer
    a_text, b_text = column(0, 90), column(2, 110)
    near_a = head("甲文标题", 30)
    far_b = head("乙文", 414 - 48)
    assert widened([near_a, far_b], [*a_text, *column(1, 110), *b_text]) == spans(COL[0], (162, 414))
    # level with A's: A's
    assert widened([near_a, far_b], [*a_text, *column(1, 90), *b_text]) == spans((30, 282), COL[2])


def test_a_head_stops_at_a_column_under_another_head() -> None:
    text = [ln for n in range(3) for ln in column(n, 100)]
    # B's head stands over the third column at A's height (level with it or a little lower)
    for b_top in (40.0, 50.0):
        a = head("甲文标题", 30)
        b = head("乙文标题", 294, b_top)
        assert widened([a, b], text)[0] == pytest.approx((30, 282))
    # a head set well above A (more than an em above A's top) does not keep A out
    b = [line("乙文标题", 294, 0, size=14)]
    text = [ln for n in range(3) for ln in column(n, 100)]
    assert widened([head("甲文标题", 30), b], text)[0] == pytest.approx((30, 414))


def test_a_head_does_not_widen_over_a_picture_beside_it() -> None:
    text = [ln for n in range(2) for ln in column(n, 100)]
    # a picture in the next column at the headline's height
    assert widened([head("标题在此", 30)], text, pictures=[(162.0, 30.0, 282.0, 90.0)]) == spans(COL[0])
    # a picture in that column wholly under the headline: the head takes the column
    assert widened([head("标题在此", 30)], text, pictures=[(162.0, 70.0, 282.0, 95.0)]) == spans((30, 282))


def test_a_head_reaches_a_column_no_further_than_across_a_blank_column() -> None:
    # the next column's text 1.3 measures from the head's span: still reached (a column
    # left blank between); further, not
    text = [*column(0, 100), *column(2, 100, x0=150 + 155)]
    assert widened([head("标题在此", 30)], text) == spans((30, 425))
    text = [*column(0, 100), *column(2, 100, x0=150 + 170)]
    assert widened([head("标题在此", 30)], text) == spans(COL[0])


def test_a_column_whose_text_starts_well_below_the_head_is_not_beside_it() -> None:
    # more than six ems under the headline the next column is another story's
    for top, taken in ((120.0, True), (130.0, False)):
        text = [*column(0, 100), *column(1, top)]
        expected = (30, 282) if taken else COL[0]
        assert widened([head("标题在此", 30)], text) == spans(expected), top


def test_vertical_heads_are_not_widened() -> None:
    text = [ln for n in range(2) for ln in column(n, 100)]
    upright = [PositionedLine(text="标题", bbox=(30.0, 30.0, 54.0, 78.0), size=24.0, bold=False, page=1, vertical=True)]
    assert widened([upright], text) == spans(COL[0])


# --- grouping head lines -----------------------------------------------------------------


def test_decks_of_one_size_join_up_to_an_em_apart_of_two_sizes_up_to_eight_tenths() -> None:
    top = line("第一行标题文字", 100, 0, size=24)  # 100..268, bottom 24
    assert len(group_heads([top, line("第二行标题文字", 100, 24 + 23.5, size=24)], [])) == 1
    assert len(group_heads([top, line("第二行标题文字", 100, 24 + 24.5, size=24)], [])) == 2
    # 20 pt under 24 pt: 0.8 of 20 = 16 pt
    assert len(group_heads([top, line("第二行标题", 100, 24 + 15.5, size=20)], [])) == 1
    assert len(group_heads([top, line("第二行标题", 100, 24 + 16.5, size=20)], [])) == 2


def test_decks_differing_in_size_several_times_over_are_two_heads() -> None:
    # a two-line deck set flush left under a banner: one head in a size or two smaller,
    # another head (a brief's beside the banner's story) at half the banner's size
    banner = line("大字标题", 100, 0, size=48)
    for size, heads in ((36, 1), (24, 2)):
        deck = [line("次行", 100, 50, size=size), line("三行", 100, 52 + size, size=size)]
        assert len(group_heads([banner, *deck], [])) == heads, size
