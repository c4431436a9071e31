"""The geometry reader's rules at their bounds, on lines placed by hand (no PDF): for each
rule a case just inside and one just outside, the distances taken from how papers are set
(body type 10 pt, a CJK character an em wide, columns of twelve characters, gutters of
about an em), so that a rule moved off its convention fails here.

Complements tests/test_geometry_units.py (which holds each rule's ordinary case).
"""

from __future__ import annotations

import pytest

from banmian.geometry import read_layout
from banmian.geometry.cells import Cell, cut_cells
from banmian.geometry.furniture import split_furniture
from banmian.geometry.heads import group_heads
from banmian.geometry.order import article_text_order
from banmian.geometry.reading import analyse_page
from banmian.geometry.regions import (
    Grid,
    Opener,
    captions,
    head_over_picture,
    head_span,
    stream_trust,
    widen_heads,
)
from banmian.geometry.sizes import body_size, classify_sizes
from banmian.inputs.lines import PageLines, PositionedLine
from test_geometry_units import article_of, read_page, role_of, run_on_page, starts

EM = 10.0
FULL = "甲乙丙丁戊己庚辛壬癸子丑"  # twelve characters: a full line of a 120 pt column
# three columns of 120 pt with gutters of 1.2 em
COL = ((30.0, 150.0), (162.0, 282.0), (294.0, 414.0))


def line(text: str, x0: float, y0: float, *, size: float = EM, width: float | None = None,
         bold: bool = False) -> PositionedLine:
    """A line set from (x0, y0): one em per character unless a width is given."""
    w = width if width is not None else len(text) * size
    return PositionedLine(text=text, bbox=(x0, y0, x0 + w, y0 + size), size=size, bold=bold, page=1)


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


def texts(lines: list[PositionedLine]) -> list[str]:
    return [ln.text for ln in lines]


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


# --- paragraph starts and roles on a hand-placed page ---------------------------------------

W, H = 600.0, 800.0


def paragraph_starts(rows: list[tuple[str, str, bool, bool]]) -> list[bool]:
    return [p for _, role, _, p in rows if role == "body"]


def with_line(probe: PositionedLine, after: int = 4) -> list[PositionedLine]:
    """A column of full lines (30..150) with `probe` in it and a full line after it."""
    col = [line(FULL[:10], 30 + 2 * EM, 100), *[line(FULL, 30, 115 + 15 * k) for k in range(1, after)]]
    probe.bbox = (probe.x0, 100 + 15 * after, probe.x1, 110 + 15 * after)
    return [*col, probe, line("乙" + FULL[1:], 30, 115 + 15 * after), line("丙" + FULL[1:], 30, 130 + 15 * after)]


def test_an_indent_counts_from_one_and_two_tenths_to_two_and_eight_tenths_ems() -> None:
    # each probe line runs to the measure: indented, it opens a paragraph that goes on
    for offset, opens in ((1.1, False), (1.3, True), (2.7, True)):
        probe = line("丁" + FULL[1:], 30 + offset * EM, 0, width=120 - offset * EM)
        flags = paragraph_starts(read_page(with_line(probe)))
        assert flags[4:6] == [opens, False], offset
    # set in further it is a line of its own (centred or set right): the next line opens one
    probe = line("丁" + FULL[1:], 30 + 2.9 * EM, 0, width=120 - 2.9 * EM)
    assert paragraph_starts(read_page(with_line(probe)))[4:6] == [True, True]


def test_a_line_ending_a_sentence_ends_its_paragraph_only_short_of_the_measure() -> None:
    # up to six tenths of an em short it fills the measure (the paragraph may go on)
    for short, ends in ((0.6, False), (0.8, True)):
        probe = line(FULL[:11] + "。", 30, 0, width=120 - short * EM)
        assert paragraph_starts(read_page(with_line(probe)))[5] is ends, short


def test_a_line_without_a_closing_mark_ends_its_paragraph_two_and_a_half_ems_short() -> None:
    for short, ends in ((2.4, False), (2.6, True)):
        probe = line(FULL[:10], 30, 0, width=120 - short * EM)
        assert paragraph_starts(read_page(with_line(probe)))[5] is ends, short


def test_an_indented_caption_line_and_the_credit_each_open_a_paragraph() -> None:
    pic = (30.0, 100.0, 270.0, 250.0)
    caps = [line("图为某地新建的一座大桥横跨江面两岸的景象", 30, 252, size=8),
            line("大桥全长两千米", 30, 263, size=8),  # short: the paragraph ends
            line("下图为建设中的大桥工地的全景和工人们", 30 + 2 * 8, 274, size=8),  # indented: a new one
            line("正在紧张施工的场面", 30, 285, size=8)]
    credit = line("新华社记者 王五 摄", 198, 296, size=8)
    text = [line(FULL[:10], 320 + 2 * EM, 100), *[line(FULL, 320, 115 + 15 * k) for k in range(12)]]
    rows = read_page([*caps, credit, *text], pictures=[pic])
    small = [(role, p) for t, role, _, p in rows if t in {c.text for c in caps} | {credit.text}]
    assert small == [("caption", True), ("caption", False), ("caption", True), ("caption", False), ("credit", True)]


def test_the_input_order_is_trusted_by_the_share_of_stacked_lines_it_follows_down() -> None:
    lines = [line(FULL, 30, 100 + 15 * k) for k in range(4)]
    for k, order in enumerate((0, 1, 2, 9)):  # two of three pairs follow on
        lines[k].order = order
    cell = Cell(index=0, x0=30, y0=100, x1=150, y1=155, lines=lines)
    assert stream_trust(Grid([cell], EM)) == pytest.approx(2 / 3)
    lines[3].order = 7
    lines[2].order = 5  # one of three
    assert stream_trust(Grid([cell], EM)) == pytest.approx(1 / 3)
    # cells of one line each say nothing: no trust
    single = [Cell(index=k, x0=30 + 150 * k, y0=100, x1=150 + 150 * k, y1=110, lines=[lines[k]]) for k in range(2)]
    assert stream_trust(Grid(single, EM)) == 0.0


def test_photos_lost_from_the_file_one_above_the_other_each_keep_their_caption_and_credit() -> None:
    # no picture is drawn: each caption block ending in a photo credit stands for one
    upper = [line("图为新建的大桥横跨江面", 30, 200, size=8), line("新华社记者 王五 摄", 30 + 88 - 72, 211, size=8)]
    lower = [line("图为新修的公路穿过山区", 30, 400, size=8), line("本报记者 李四 摄", 30 + 88 - 64, 411, size=8)]
    text = [line(FULL[:10], 320 + 2 * EM, 100), *[line(FULL, 320, 115 + 15 * k) for k in range(12)]]
    rows = read_page([*upper, *lower, *text])
    assert [role_of(rows, ln.text) for ln in (*upper, *lower)] == ["caption", "credit", "caption", "credit"]
    assert article_of(rows)[upper[0].text] != article_of(rows)[lower[0].text]  # one photo story each


def test_a_page_that_is_one_framed_advert_of_several_lines_is_furniture() -> None:
    # a display line over five lines set well apart (no column of text anywhere)
    head = line("特价商品大促销", 100, 300, size=24)  # box 100..268 x 300..460
    lines = [line(t, 100, 330 + 30 * k) for k, t in enumerate(("地址 人民路一号", "电话 1234567", "营业 早八点至晚八点",
                                                                 "欢迎 新老顾客", "本店 另有分店"))]
    frame = [(290.0, 90.0, 280.0), (470.0, 90.0, 280.0)]
    sides = [(90.0, 290.0, 470.0), (278.0, 290.0, 470.0)]
    for k, ln in enumerate([head, *lines]):
        ln.order = k
    layout = analyse_page([head, *lines], width=W, height=H, pictures=[], rules=frame, vertical_rules=sides)
    assert layout.warnings and "advertisement" in layout.warnings[0]
    assert {lay.role for lay in layout.layouts} == {"furniture"}


def test_display_type_is_an_advert_below_four_fifths_of_the_page() -> None:
    text = [line(FULL[:10], 30 + 2 * EM, 100), *[line(FULL, 30, 115 + 15 * k) for k in range(8)]]
    for top, advert in ((0.8 * H, False), (0.8 * H + 1, True)):
        head = line("特价商品大促销", 200, top, size=24)
        rows = read_page([*text, head, line("地址 人民路一号", 200, top + 30)])
        assert (role_of(rows, head.text) == "furniture") is advert, top


def test_a_short_first_deck_centred_over_a_longer_second_is_one_head() -> None:
    first = line("上行", 196, 0, size=24)  # 196..244
    second = line("下行的标题文字", 136, 28, size=24)  # 136..304, centred under it
    assert [len(g) for g in group_heads([first, second], [])] == [2]


def test_pieces_of_an_ocr_display_line_are_one_head_up_to_a_gap_of_one_and_a_half_ems() -> None:
    for gap, heads in ((35.0, 1), (36.0, 2)):  # 24 pt type: 1.5 em = 36 pt
        left = line("标题文字", 0, 0, size=24)
        right = line("在这里呢", 96 + gap, 0, size=24)
        assert len(group_heads([left, right], [], pieces=True, text=[])) == heads, gap


def test_a_byline_lies_within_three_ems_under_the_head_and_flush_with_the_column() -> None:
    title = line("标题文字在这里", 40, 40, size=24)  # bottom at 64

    def byline_role(x0: float, below: float) -> str:
        names = line("本报记者 张三", x0, 64 + below)
        text = [line(FULL[:10], 30 + 2 * EM, 64 + below + 15),
                *[line(FULL, 30, 64 + below + 30 + 15 * k) for k in range(4)]]
        return role_of(read_page([title, names, *text]), names.text)

    assert byline_role(30, 2.9 * EM) == "byline"
    assert byline_role(30, 3.1 * EM) == "body"
    assert byline_role(30 + 0.4 * EM, 1.5 * EM) == "byline"
    assert byline_role(30 + 0.6 * EM, 1.5 * EM) == "body"


def test_a_slightly_larger_line_under_headless_text_opens_a_brief_only_after_four_ems_of_white() -> None:
    # the text above has no head of its own (carried over from another column): a line a
    # little larger set within four ems under it is a subhead of that text (s3-pdf's rule)
    first = [line(FULL[:10], 30 + 2 * EM, 80), *[line(FULL, 30, 95 + 15 * k) for k in range(2)],
             line(FULL[:4] + "。", 30, 125)]  # ends at 135
    for gap, role in ((1.1, "subhead"), (3.9, "subhead"), (4.1, "title")):
        top = 135 + gap * EM
        head = line("第二条简讯", 30, top, size=EM * 1.15)
        second = [line("乙" + FULL[1:10], 30 + 2 * EM, top + 15), *[line("乙" + FULL[1:], 30, top + 30 + 15 * k)
                                                                    for k in range(2)]]
        rows = read_page([*first, head, *second], stream=False)
        assert role_of(rows, head.text) == role, gap


def test_stories_whose_heads_stand_within_three_ems_read_as_one_row_left_to_right() -> None:
    for lower_by, left_first in ((2.9, True), (3.1, False)):
        left_head = line("甲文标题", 30, 40 + lower_by * EM, size=24)
        right_head = line("乙文标题", 294, 40, size=24)
        left_text = column(0, 110)
        right_text = column(2, 80)
        rows = read_page([right_head, *right_text, left_head, *left_text], stream=False)
        titles = [t for t, role, *_ in rows if role == "title"]
        assert titles == (["甲文标题", "乙文标题"] if left_first else ["乙文标题", "甲文标题"]), lower_by


def test_a_kicker_joins_its_title_within_one_and_a_fifth_of_its_size_above_it() -> None:
    title = line("主标题文字在这里呀", 100, 100, size=24)  # 100..316, centre 208
    for gap, joins in ((16.0, True), (17.5, False)):  # 14 pt kicker: 1.2 x 14 = 16.8
        kicker = line("引题文字", 180, 100 - gap - 14, size=14)
        assert [len(g) for g in group_heads([title], [kicker])] == [2 if joins else 1], gap


def test_a_kicker_joins_its_title_centred_on_it_or_flush_with_one_edge() -> None:
    title = line("主标题文字在这里呀", 100, 100, size=24)  # 100..316, centre 208
    # centred within 0.15 of the title's width and the kicker's size: 0.15 x 216 + 14 = 46.4
    for shift, joins in ((45.0, True), (48.0, False)):
        kicker = line("引题文字", 208 - 28 + shift, 80, size=14)  # 56 wide
        assert [len(g) for g in group_heads([title], [kicker])] == [2 if joins else 1], shift
    # flush left within its size (not centred: its middle 67 pt or more off the title's)
    for inset, joins in ((13.0, True), (14.0, False), (15.0, False)):
        kicker = line("引题文字", 100 + inset, 80, size=14)
        assert [len(g) for g in group_heads([title], [kicker])] == [2 if joins else 1], inset


def test_a_subtitle_in_headline_type_flush_with_the_title_must_have_some_width() -> None:
    title = line("大字主标题呀", 100, 0, size=48)  # 100..388, bottom 48
    # 28 pt, flush left under it: 112 pt is 0.39 of the title's width, 84 pt only 0.29
    wide = line("副题文字", 100, 52, size=28)
    narrow = line("副题字", 100, 52, size=28)
    assert [len(g) for g in group_heads([title, wide], [])] == [2]
    assert len(group_heads([title, narrow], [])) == 2


def test_a_vertical_line_on_a_horizontal_page_is_a_headline_by_its_width() -> None:
    text = [ln for n in range(2) for ln in column(n, 100, rows=8)]
    for width, role in ((13.0, "title"), (EM, "body")):  # 1.3 x body type, and body type
        upright = PositionedLine(text="竖排的标题", bbox=(300.0, 100.0, 300.0 + width, 100.0 + 5 * width),
                                 size=width, bold=False, page=1, vertical=True)
        rows = read_page([*text, upright], stream=False)
        assert role_of(rows, upright.text) == role, width


def test_under_a_storys_head_a_slightly_larger_line_opens_the_next_story_after_four_ems_of_white() -> None:
    title = line("标题文字在这里", 40, 40, size=24)
    text = [line(FULL[:10], 30 + 2 * EM, 80), *[line(FULL, 30, 95 + 15 * k) for k in range(2)],
            line(FULL[:4] + "。", 30, 125)]  # ends at 135
    for gap, opens in ((3.8, False), (4.2, True)):
        top = 135 + gap * EM
        mid = line("又一个标题", 30, top, size=EM * 1.15)
        more = [line("乙" + FULL[1:10], 30 + 2 * EM, top + 15), *[line("乙" + FULL[1:], 30, top + 30 + 15 * k)
                                                                  for k in range(2)]]
        rows = read_page([title, *text, mid, *more], stream=False)
        assert role_of(rows, mid.text) == ("title" if opens else "subhead"), gap
        assert (article_of(rows)[mid.text] != article_of(rows)[title.text]) is opens


def test_a_story_at_its_column_pieces_foot_runs_on_however_far_the_next_column_runs_down() -> None:
    # OCR page (no trustworthy order): head B over both columns, B's text in column one
    # ends a sentence, head A under it; A runs out mid-sentence at the foot of column one
    # (its last line ends at 250). The foot that counts is that of A's own column piece,
    # not the page's: column two running on three or thirty ems further changes nothing
    head_b, b_text, head_a, a_text, on = run_on_page()
    for foot in (250 + 29, 250 + 31, 250 + 300):
        last = line("戊" + FULL[1:6] + "。", 162, foot - 10)
        lines = sorted([head_b, *b_text, head_a, *a_text, *on, last], key=lambda ln: (ln.y0, ln.x0))
        story = article_of(read_page(lines))
        assert story[on[0].text] == story[a_text[-1].text] != story[b_text[-1].text], foot


def furniture_texts(lines: list[PositionedLine], rules: list[tuple[float, float, float]]) -> list[str]:
    furniture, content = split_furniture(lines, rules, W, H)
    assert len(furniture) + len(content) == len(lines)
    return [ln.text for ln in furniture]


def test_a_header_rule_runs_across_most_of_the_page_near_its_top() -> None:
    # 600 x 800 page: a rule longer than 0.6 of the width, above 0.12 of the height (96)
    lines = [line("本报第三版", 30, 60), line(FULL, 30, 120), line(FULL, 30, 135)]
    assert furniture_texts(lines, [(90.0, 20.0, 20.0 + 361)]) == ["本报第三版"]
    assert furniture_texts(lines, [(90.0, 20.0, 20.0 + 359)]) == []
    assert furniture_texts(lines, [(97.0, 20.0, 580.0)]) == []


def test_without_a_rule_the_top_margin_is_the_top_forty_five_thousandths() -> None:
    # 36 pt of an 800 pt page, a point's slack: a line ending at 37 is in it, at 38 not
    for bottom, furniture in ((37.0, ["版头文字"]), (38.0, [])):
        head = line("版头文字", 30, bottom - 10)
        assert furniture_texts([head, line(FULL, 30, 200), line(FULL, 30, 215)], []) == furniture, bottom


def test_a_footer_lies_below_a_long_rule_near_the_foot_or_in_the_bottom_margin() -> None:
    text = [line(FULL, 30, 600 + 15 * k) for k in range(3)]
    # no rule: the bottom margin starts at 0.965 of the height (772)
    assert furniture_texts([*text, line("页脚文字", 30, 772)], []) == ["页脚文字"]
    assert furniture_texts([*text, line("页脚文字", 30, 771)], []) == []
    # a rule across the page below 0.9 of the height (720): what lies under it
    assert furniture_texts([*text, line("页脚文字", 30, 740)], [(730.0, 20.0, 580.0)]) == ["页脚文字"]
    assert furniture_texts([*text, line("页脚文字", 30, 740)], [(719.0, 20.0, 580.0)]) == []


def test_a_line_in_the_bottom_margin_close_under_the_text_runs_on_from_it() -> None:
    # a line at 775 (in the bottom margin) under a column whose last line ends 1.4 em or
    # 1.6 em above it: within one and a half of its height it runs on (a jump line)
    for gap, furniture in ((1.4, []), (1.6, ["（下转第二版）"])):
        text = [line(FULL, 30, 775 - 10 - gap * EM - 15 * k) for k in range(3)]
        assert furniture_texts([*text, line("（下转第二版）", 30, 775)], []) == furniture, gap


def test_a_lost_photos_caption_of_several_lines_stays_one_photo_story() -> None:
    caption = [line(t, 30, 200 + 11 * k, size=8) for k, t in enumerate(
        ("图为新建的大桥横跨江面", "两岸群众前来参观", "大桥于今年五月建成"))]
    credit = line("新华社记者 王五 摄", 30 + 88 - 72, 233, size=8)
    text = [line(FULL[:10], 320 + 2 * EM, 100), *[line(FULL, 320, 115 + 15 * k) for k in range(12)]]
    rows = read_page([*caption, credit, *text])
    assert [role_of(rows, ln.text) for ln in (*caption, credit)] == ["caption"] * 3 + ["credit"]
    story = article_of(rows)
    assert len({story[ln.text] for ln in (*caption, credit)}) == 1


def test_a_line_of_names_centred_within_two_ems_under_the_head_is_its_byline() -> None:
    title = line("标题文字在这里", 40, 40, size=24)  # bottom at 64

    def role(x0: float, below: float) -> str:
        names = line("张三 李四", x0, 64 + below)  # 50 pt wide in a 120 pt column
        text = [line(FULL[:10], 30 + 2 * EM, 64 + below + 15),
                *[line(FULL, 30, 64 + below + 30 + 15 * k) for k in range(4)]]
        return role_of(read_page([title, names, *text]), names.text)

    assert role(65, 1.9 * EM) == "byline"  # centred: 35 pt each side
    assert role(65, 2.1 * EM) == "body"
    # off centre by less than an em (39.5 pt to its left, 30.5 to its right) and by more
    assert role(69.5, 1.5 * EM) == "byline"
    assert role(70.5, 1.5 * EM) == "body"


def test_a_caption_line_longer_than_the_one_before_by_a_char_and_a_half_opens_a_paragraph() -> None:
    pic = (30.0, 100.0, 270.0, 250.0)
    for longer, opens in ((1.4, False), (1.6, True)):
        first = line("图为某地新建的一座大桥", 30, 252, size=8, width=160)
        second = line("两岸群众前来参观游览", 30, 263, size=8, width=160 + longer * 8)
        credit = line("新华社记者 王五 摄", 198, 274, size=8)
        text = [line(FULL[:10], 320 + 2 * EM, 100), *[line(FULL, 320, 115 + 15 * k) for k in range(12)]]
        rows = read_page([first, second, credit, *text], pictures=[pic])
        (start,) = [p for t, _, _, p in rows if t == second.text]
        assert start is opens, longer


def test_untitled_columns_within_three_ems_of_each_other_are_one_article() -> None:
    # (the left column ends a sentence on its last line: one that ran out mid-sentence
    # would run on into the right one, whatever the white between them)
    for gutter, articles in ((2.9, 1), (3.1, 2)):
        left = [line("甲" + FULL[1:], 30, 100 + 15 * k) for k in range(3)] + [line(FULL[:-1] + "。", 30, 145)]
        right = [line("乙" + FULL[1:], 150 + gutter * EM, 100 + 15 * k) for k in range(4)]
        rows = read_page([*left, *right], stream=False)
        assert sum(a for *_, a, _ in rows) == articles, gutter
    for gap, articles in ((2.9, 1), (3.1, 2)):
        upper = [line("甲" + FULL[1:], 30, 100 + 15 * k) for k in range(3)]  # ends at 140
        lower = [line("乙" + FULL[1:], 30, 140 + gap * EM + 15 * k) for k in range(3)]
        rows = read_page([*upper, *lower], stream=False)
        assert sum(a for *_, a, _ in rows) == articles, gap


def test_small_type_captions_a_picture_within_three_of_its_lines_under_it() -> None:
    pic = (30.0, 100.0, 270.0, 250.0)
    text = [line(FULL[:10], 320 + 2 * EM, 100), *[line(FULL, 320, 115 + 15 * k) for k in range(12)]]
    for below, role in ((2.9, "caption"), (3.1, "body")):
        cap = line("图为某地新建的一座大桥", 30, 250 + below * 8, size=8)
        rows = read_page([cap, *text], pictures=[pic])
        assert role_of(rows, cap.text) == role, below
    # beside the picture: within two of its lines from its side
    for aside, role in ((1.9, "caption"), (2.1, "body")):
        cap = line("图为大桥", 270 + aside * 8, 200, size=8)
        rows = read_page([cap, *text], pictures=[pic])
        assert role_of(rows, cap.text) == role, aside


def test_a_picture_under_a_headline_with_only_white_between_is_that_storys() -> None:
    title = line("图片新闻标题", 40, 40, size=24)  # bottom at 64
    text = [ln for ln in column(2, 100, rows=8)]  # another story's column far to the right
    for gap, own in ((3.9, True), (4.1, True), (12.0, True)):
        top = 64 + gap * EM
        pic = (30.0, top, 150.0, top + 80)
        cap = line("图为某地新建的大桥", 30, top + 82, size=8)
        rows = read_page([title, cap, *text], pictures=[pic])
        assert role_of(rows, cap.text) == "caption"
        assert (article_of(rows)[cap.text] == article_of(rows)[title.text]) is own, gap


def test_a_column_no_head_spans_joins_the_bands_only_head_where_it_starts_level_with_its_text() -> None:
    # a head set flush left over the second and third columns; the first column, beside
    # it, starts (nearly) level with the story's text under the head: the story's
    head = line("甲文标题在此处", 162, 40, size=24)  # 162..330 reaches into the third column
    story = [*column(1, 100), *column(2, 100)]
    for lower, joins in ((0.9, True), (1.1, False)):
        first = column(0, 100 + lower * EM)
        rows = read_page([head, *story, *first], stream=False)
        assert (article_of(rows)[first[0].text] == article_of(rows)[head.text]) is joins, lower


def test_text_the_stream_runs_on_into_goes_on_unless_indented_by_most_of_an_em() -> None:
    # PDF stream: A's column, then a stretch set under B's text in the next column, then
    # B's head and text: the stretch goes on from A's last line (mid-sentence) unless it
    # opens a paragraph of its own (indented 0.8 em or more)
    head_a = line("甲文标题", 30, 40, size=24)
    a_text = [line(FULL[:10], 30 + 2 * EM, 100), *[line("甲" + FULL[1:], 30, 115 + 15 * k) for k in range(8)]]
    head_b = line("乙文标题", 162, 40, size=24)
    b_text = [line("乙" + FULL[1:10], 162 + 2 * EM, 100), line("乙" + FULL[1:], 162, 115),
              line("乙" + FULL[1:5] + "。", 162, 130)]
    for indent, runs_on in ((0.7, True), (0.9, False)):
        on = [line("丙" + FULL[1:], 162 + indent * EM, 145, width=120 - indent * EM),
              *[line("丁" + FULL[1:], 162, 160 + 15 * k) for k in range(4)]]
        story = article_of(read_page([head_a, *a_text, *on, head_b, *b_text]))
        assert (story[on[0].text] == story[head_a.text] != story[head_b.text]) is runs_on, indent


# --- cells ---------------------------------------------------------------------------------


def test_white_across_a_column_cuts_it_from_one_and_a_fifth_ems() -> None:
    for gap, cells in ((1.1, 1), (1.3, 2)):
        upper = [line(FULL, 30, 15 * k) for k in range(3)]  # ends at 40
        lower = [line(FULL, 30, 40 + gap * EM + 15 * k) for k in range(3)]
        assert len(cut_cells(upper + lower, [], [], set(), EM, [], [])[0]) == cells, gap


def test_a_rule_cuts_a_column_where_it_runs_across_nine_tenths_of_it() -> None:
    upper = [line(FULL, 30, 15 * k) for k in range(3)]  # 30..150, ends at 40
    lower = [line(FULL, 30, 45 + 15 * k) for k in range(3)]  # 5 pt below: no white to cut at
    for length, cells in ((0.92, 2), (0.88, 1)):
        rule = (42.5, 30.0, 30.0 + length * 120)
        assert len(cut_cells(upper + lower, [], [], set(), EM, [rule], [])[0]) == cells, length


def test_a_cells_edges_are_the_commonest_starts_and_ends_of_its_lines() -> None:
    lines = [line(FULL[:10], 50, 0), *[line(FULL, 30, 15 * k) for k in range(1, 4)],
             line(FULL[:5] + "。", 30, 60)]
    (cell,), _ = cut_cells(lines, [], [], set(), EM, [], [])
    assert (cell.left, cell.right) == pytest.approx((30, 150))
    # one line alone: its own start, and its end without a hanging mark
    (cell,), _ = cut_cells([line(FULL[:5] + "。", 30, 0)], [], [], set(), EM, [], [])
    assert (cell.left, cell.right) == pytest.approx((30, 80))


def test_an_advert_is_a_display_line_over_at_most_seven_short_lines() -> None:
    text = [line(FULL[:10], 30 + 2 * EM, 100), *[line(FULL, 30, 115 + 15 * k) for k in range(8)]]
    for count, advert in ((7, True), (8, False)):
        head = line("特价商品大促销", 200, 650, size=24)
        lines = [line(f"分店{k + 1} 人民路{k + 1}号", 200, 680 + 11 * k) for k in range(count)]
        rows = read_page([*text, head, *lines])
        assert (role_of(rows, head.text) == "furniture") is advert, count


def test_a_deck_of_two_lines_set_large_joins_the_title_within_one_and_a_fifth_of_its_size() -> None:
    title = line("主标题文字在此", 40, 0, size=40)  # 40..320, bottom at 40
    for gap, heads in ((23.0, 1), (25.0, 2)):  # 20 pt decks: 1.2 x 20 = 24
        subs = [line("副题第一行文字", 110, 40 + gap, size=20), line("副题第二行文字", 110, 62 + gap, size=20)]
        assert len(group_heads([title, *subs], [])) == heads, gap


def test_ocr_pieces_on_one_row_are_two_heads_where_a_gutter_of_the_text_below_lies_between() -> None:
    left = line("甲文标题", 30, 40, size=24)  # 30..126
    right = line("乙文标题", 160, 40, size=24)  # 160..256: 34 pt apart, within 1.5 em of 24 pt
    two_columns = [*column(0, 80), *column(1, 80)]  # the gutter 150..162 lies in the gap
    assert len(group_heads([left, right], [], pieces=True, text=two_columns)) == 2
    # over one wide column of text (no gutter under the gap): pieces of one display line
    wide = [line(FULL * 2 + "甲乙", 30, 80 + 15 * k, width=250) for k in range(4)]
    assert len(group_heads([left, right], [], pieces=True, text=wide)) == 1


def test_a_subtitle_overlapping_a_neighbours_line_by_a_sliver_still_joins_its_title() -> None:
    title = line("主标题文字在这里呀", 100, 100, size=24)  # 100..316
    subtitle = line("副题文字", 180, 128, size=14)  # 128..142
    # the next column's first line starts 2 pt above the subtitle's foot: not on its row
    neighbour = line(FULL, 250, 140, width=120)
    assert [len(g) for g in group_heads([title], [subtitle], text=[neighbour])] == [2]
    # level with it: a line of text beside it, so no deck (a subhead at a column's top)
    level = line(FULL, 250, 129, width=120)
    assert [len(g) for g in group_heads([title], [subtitle], text=[level])] == [1]


def test_a_head_set_at_a_columns_foot_takes_the_text_the_stream_writes_after_it_next_column() -> None:
    # PDF stream: story X in the first column, then a head at its foot, then the text at
    # the top of the next column (no head above it there): the foot head's story
    head_x = line("甲文标题", 30, 40, size=24)
    x_text = [line(FULL[:10], 30 + 2 * EM, 100), *[line("甲" + FULL[1:], 30, 115 + 15 * k) for k in range(6)],
              line("甲" + FULL[1:5] + "。", 30, 205)]
    foot_head = line("乙文标题", 30, 240, size=24)
    # (starting more than six ems under X's head, so X's head does not stand over it)
    flow = [line("乙" + FULL[1:10], 162 + 2 * EM, 130), *[line("乙" + FULL[1:], 162, 145 + 15 * k) for k in range(8)]]
    story = article_of(read_page([head_x, *x_text, foot_head, *flow]))
    assert story[flow[0].text] == story[foot_head.text] != story[head_x.text]


def test_a_storys_last_line_short_of_the_measure_by_an_em_does_not_run_on() -> None:
    head_b, b_text, head_a, a_text, on = run_on_page()
    a_text[-1] = line(FULL[:11], 30, 240)  # mid-sentence, but an em short: a paragraph's end
    lines = sorted([head_b, *b_text, head_a, *a_text, *on], key=lambda ln: (ln.y0, ln.x0))
    story = article_of(read_page(lines))
    assert story[on[0].text] == story[head_b.text] != story[head_a.text]


def test_a_column_no_head_spans_joins_the_bands_head_with_the_pieces_stacked_under_it() -> None:
    head = line("甲文标题在此处", 162, 40, size=24)
    story = [*column(1, 100, rows=8), *column(2, 100, rows=8)]
    upper = column(0, 100)  # level with the story's text, ends at 170
    lower = [line("戊" + FULL[1:], 30, 190 + 15 * k) for k in range(3)]  # two ems of white above it
    story_of = article_of(read_page([head, *story, *upper, *lower], stream=False))
    assert story_of[lower[0].text] == story_of[upper[0].text] == story_of[head.text]


def test_a_picture_beside_a_centred_head_keeps_it_off_the_blank_column() -> None:
    centred = head("一个居中的长标题在此", 102)  # 102..342 x 40..64
    story = column(1, 80, rows=3)
    lower = [ln for n in range(3) for ln in column(n, 200)]
    (span,) = widened([centred], [*story, *lower], pictures=[(30.0, 42.0, 100.0, 62.0)])
    assert span == pytest.approx(COL[1])


def test_a_picture_with_another_storys_head_under_its_caption_is_a_photo_story() -> None:
    # story A's head across the page and its text; well under it a picture across the
    # columns, its caption, then story B's head over the picture's right part
    head_a = line("甲文标题" * 4, 30, 20, size=24)  # 30..414
    a_text = [ln for n in range(3) for ln in column(n, 60, rows=3)]  # ends at 100
    pic = (30.0, 150.0, 400.0, 250.0)
    cap = line("图为某地新建的大桥", 30, 252, size=8)
    head_b = line("乙文标题", 294, 290, size=24)
    b_text = column(2, 330)
    story = article_of(read_page([head_a, *a_text, cap, head_b, *b_text], pictures=[pic], stream=False))
    assert story[cap.text] not in (story[head_a.text], story[head_b.text])


def test_ocr_body_size_is_the_median_of_scattered_sizes_not_the_commonest_one() -> None:
    # OCR sizes scatter around the type's true size: two lines that happen to share a
    # size do not outvote the middle of the band
    lines = [line(FULL * 2, 0, 40 * k, size=s) for k, s in enumerate((29.8, 30.0, 30.2, 30.4, 30.4))]
    assert body_size(lines, "px", {id(ln): ln.size for ln in lines}) == 30.2
    # PDF sizes are exact: the size most characters have
    assert body_size(lines) == 30.4


def test_a_page_read_without_a_unit_is_a_pdfs_in_points() -> None:
    # PDF sizes are exact: the body size is the one most characters have
    lines = [line(FULL * 2, 0, 40 * k, size=s) for k, s in enumerate((29.8, 30.0, 30.2, 30.4, 30.4))]
    assert classify_sizes(lines).size == 30.4
    # heads side by side on one row, however close, are two heads in a PDF (OCR would
    # take them for pieces of one display line)
    left, right = line("甲文标题", 30, 40, size=24), line("乙文标题", 146, 40, size=24)  # 20 pt apart
    text = [*column(0, 100), *column(1, 100)]
    for k, ln in enumerate([left, right, *text]):
        ln.order = k
    layout = analyse_page([left, right, *text], width=W, height=H, pictures=[], rules=[])
    titles = [lay.article_start for ln, lay in zip(layout.lines, layout.layouts, strict=True) if lay.role == "title"]
    assert titles == [True, True]


def test_a_bold_line_after_three_plain_lines_is_a_subhead() -> None:
    text = [line(FULL[:10], 30 + 2 * EM, 100), line(FULL, 30, 115), line(FULL[:5] + "。", 30, 130)]
    bold = line("加粗的小标题", 30, 150, bold=True)
    after = [line(FULL[:10], 30 + 2 * EM, 170), *[line(FULL, 30, 185 + 15 * k) for k in range(3)]]
    rows = read_page([*text, bold, *after])
    assert role_of(rows, bold.text) == "subhead"


def test_a_kicker_of_two_lines_attaches_line_by_line() -> None:
    title = line("主标题文字在这里呀", 100, 100, size=24)  # 100..316
    upper = line("引题第一行", 173, 66, size=14)  # too far from the title until the line under it joins
    lower = line("引题第二行", 173, 83, size=14)
    (group,) = group_heads([title], [upper, lower])
    assert texts(group) == ["引题第一行", "引题第二行", "主标题文字在这里呀"]


def test_a_rule_across_a_column_parts_the_text_under_it_from_the_head_above() -> None:
    title = line("标题文字在这里", 30, 40, size=24)
    upper = [line(FULL[:10], 30 + 2 * EM, 80), line(FULL, 30, 95), line(FULL[:4] + "。", 30, 110)]
    lower = [line("乙" + FULL[1:10], 30 + 2 * EM, 135), *[line("乙" + FULL[1:], 30, 150 + 15 * k) for k in range(3)]]
    for length, parted in ((0.85, True), (0.75, False)):
        rows = read_page([title, *upper, *lower], rules=[(127.0, 30.0, 30.0 + length * 120)], stream=False)
        assert (article_of(rows)[lower[0].text] != article_of(rows)[title.text]) is parted, length


def test_a_page_without_columns_says_how_its_lines_were_read() -> None:
    lines = [line("一行字", 100, 300), line("又一行字", 300, 500)]
    layout = analyse_page(lines, width=W, height=H, pictures=[], rules=[])
    assert layout.warnings == ["page 1: no columns of text found; its lines are read as one untitled article"]
    assert [lay.paragraph_start for lay in layout.layouts] == [True, True]


# --- the fourth session: survivors of fresh samples (docs/testing.md) --------------------


def test_a_page_without_lines_reads_none() -> None:
    assert analyse_page([], width=W, height=H, pictures=[], rules=[]).layouts == []


def test_a_page_of_nothing_but_specks_is_furniture() -> None:
    # a blank page's OCR noise: a dot and a dash, no character; with a picture too (a
    # picture page whose caption was lost)
    specks = [line("·", 300, 400), line("—", 320, 500)]
    for pictures in ([], [(100.0, 100.0, 200.0, 200.0)]):
        layout = analyse_page(specks, width=W, height=H, pictures=pictures, rules=[])
        assert [(ln.text, lay.role) for ln, lay in zip(layout.lines, layout.layouts, strict=True)] == [
            ("·", "furniture"), ("—", "furniture")]


def test_each_lines_layout_carries_its_page_box_size_and_weight() -> None:
    title = line("标题文字在这里", 30, 40, size=24, bold=True)
    text = column(0, 100)
    for ln in [title, *text]:
        ln.page = 3
    layout = analyse_page([title, *text], width=W, height=H, pictures=[], rules=[], number=3)
    for ln, lay in zip(layout.lines, layout.layouts, strict=True):
        assert (lay.page, lay.bbox, lay.font_size, lay.bold) == (3, ln.bbox, ln.size, ln.bold)


def test_small_type_just_above_a_picture_captions_it() -> None:
    picture = (30.0, 100.0, 150.0, 200.0)
    above = line("图片说明文字", 40, 90, size=8)  # ends at 98, 2 pt over the picture
    assert captions([above], [picture]) == [above]
    far = line("图片说明文字", 40, 70, size=8)  # ends 22 pt over it, under three lines of its type
    assert captions([far], [picture]) == [far]
    assert captions([line("图片说明文字", 40, 60, size=8)], [picture]) == []  # 32 pt over it
    # under it: a box may reach 2 pt up into the picture's (boxes touch); one further up
    # is set on the picture (a credit printed in the photo), not a caption under it
    touching = line("图片说明文字", 40, 198.5, size=8)
    assert captions([touching], [picture]) == [touching]
    assert captions([line("图片说明文字", 40, 197.5, size=8)], [picture]) == []
    # and over it the same way
    touching = line("图片说明文字", 40, 93.5, size=8)  # to 101.5
    assert captions([touching], [picture]) == [touching]
    assert captions([line("图片说明文字", 40, 94.5, size=8)], [picture]) == []


def test_small_type_beside_a_picture_but_under_another_is_not_its_caption() -> None:
    left = (30.0, 100.0, 150.0, 200.0)
    upper = (160.0, 20.0, 280.0, 60.0)  # a picture higher up, whose width the line lies in
    beside = line("图片说明文字在此", 160, 150, size=8)  # 10 pt right of the left picture
    assert captions([beside], [left]) == [beside]
    assert captions([beside], [left, upper]) == []


def test_an_articles_columns_read_left_to_right_when_a_glued_line_joins_their_extents() -> None:
    # OCR glues the last lines of two columns into one box across the gutter: it stays
    # with the column it starts in, whose extent then reaches over the next column; no
    # cut parts the two, and they read by where they start
    left, right = column(0, 100, rows=26), column(1, 100, rows=26)
    glued = line(FULL + FULL, COL[0][0], 100 + 26 * 15, width=COL[1][1] - COL[0][0])
    cells, _ = cut_cells([*left, *right, glued], [], [], set(), EM, [], [])
    assert [len(c.lines) for c in cells] == [27, 26]
    cell_of = {id(ln): c for c in cells for ln in c.lines}
    assert article_text_order([*right, glued, *left], cell_of, EM) == [*left, glued, *right]


def test_a_column_rule_parts_a_column_from_a_picture_bleeding_into_the_gutter() -> None:
    # a column of text, and beside it a picture whose box reaches back over the gutter and
    # 1.15 em into the column (a scan's picture box): a head or picture may overhang by an
    # em, so that leaves less white than a gutter needs; with a rule down most of the
    # region between them, a gutter all the same
    text = [line(FULL, 30, 100 + 15 * k) for k in range(8)]  # 30..150, 100..215
    picture = (138.5, 100.0, 280.0, 215.0)

    def cells(rules: list[tuple[float, float, float]]) -> int:
        return len(cut_cells(text, [picture], [], set(), EM, [], rules)[0])

    assert cells([]) == 1
    assert cells([(150.0, 100.0, 210.0)]) == 2  # down 0.96 of the region's 115 pt
    assert cells([(150.0, 100.0, 175.0)]) == 2  # down 0.65 of it
    assert cells([(150.0, 100.0, 160.0)]) == 1  # down half of it: a rule of something else


def test_untitled_text_across_the_columns_joins_one_column_of_it_set_close_under_it() -> None:
    # no head on the page: two lines set across the three columns (a note), and a column
    # of text 1.5 em under them, within their measure: one untitled article
    across = [line(FULL * 3, 30, 260 + 15 * k, width=384) for k in range(2)]  # 30..414, to 285
    under = column(0, 300)
    for stream in (True, False):
        story = article_of(read_page([*across, *under], stream=stream))
        assert len({story[ln.text] for ln in [*across, *under]}) == 1, stream


def test_a_storys_captions_read_block_by_block_from_the_left() -> None:
    # a head over two columns, a picture across both with its caption, the text, and a
    # second picture lower in the right column with a shorter caption: the captions read
    # after the text, the left-most block first (the first block ends further right)
    head = line("两图新闻标题", 84, 40, size=24)
    wide, low = (30.0, 80.0, 282.0, 180.0), (162.0, 260.0, 282.0, 320.0)
    first = line("甲图说明文字" * 5, 30, 183, size=8)  # 30..270
    second = line("乙图说明文字乙图说明", 162, 323, size=8)  # 162..242
    text = [*column(0, 205, rows=8), *column(1, 205, rows=3),
            *[line("乙" + FULL[1:], 162, 345 + 15 * k) for k in range(2)]]
    for stream in (True, False):
        rows = read_page([head, first, *text, second], pictures=[wide, low], stream=stream)
        assert [t for t, _, _, _ in rows[-2:]] == [first.text, second.text], stream
        assert len(set(article_of(rows).values())) == 1


def test_a_run_on_of_two_lines_at_the_top_of_the_next_column_goes_with_its_story() -> None:
    # as in test_geometry_units' run-on page, but column two opens with only the two
    # lines that end A's sentence, then B's text after a wider gap
    head_b, b_text, head_a, a_text, _ = run_on_page()
    two = [line("丙" + FULL[1:], 162, 60), line("丁" + FULL[1:5] + "。", 162, 75)]
    rest = [line("戊" + FULL[1:10], 162 + 2 * EM, 110), *[line("己" + FULL[1:], 162, 125 + 15 * k) for k in range(9)],
            line("庚" + FULL[1:4] + "。", 162, 260)]
    lines = sorted([head_b, *b_text, head_a, *a_text, *two, *rest], key=lambda ln: (ln.y0, ln.x0))  # OCR rows
    story = article_of(read_page(lines))
    assert story[two[0].text] == story[two[1].text] == story[a_text[-1].text] != story[head_b.text]
    assert story[rest[0].text] == story[head_b.text]


def test_a_subtitle_joins_its_title_flush_right_within_its_own_size() -> None:
    title = line("主标题文字在这里呀", 100, 100, size=24)  # 100..316
    # 14 pt type, not centred on the title: flush right with it within 14 pt, or not
    for right, joins in ((303.0, True), (302.0, False)):
        subtitle = line("副题的文字", right - 70, 128, size=14)
        groups = group_heads([title], [subtitle])
        assert (texts(groups[0]) == [title.text, subtitle.text]) is joins, right


def test_a_rule_under_a_head_does_not_part_it_from_its_picture_one_between_does() -> None:
    title = line("标题文字在这里", 30, 40, size=24)  # 30..198, 40..64
    opener = Opener(top=40.0, bbox=title.bbox, span=(30.0, 198.0), head=[title])
    picture = (30.0, 80.0, 198.0, 180.0)
    assert head_over_picture(picture, [], [opener], [(64.0, 30.0, 198.0)]) is opener  # the head underlined
    assert head_over_picture(picture, [], [opener], [(72.0, 30.0, 198.0)]) is None  # a rule between
    assert head_over_picture(picture, [], [opener], [(80.0, 30.0, 198.0)]) is opener  # the picture's frame


def test_a_credit_wraps_over_two_lines_set_up_to_a_line_of_its_type_apart() -> None:
    # as test_geometry_units' wrapped credit (8 pt type), its second line set 8 pt under the
    # first: one credit; 9 pt under it, the first line is a caption's
    pic = (30.0, 100.0, 270.0, 250.0)
    cap = line("图为新建的大桥，横跨江面。", 30, 252, size=8)
    text = [line(FULL[:10], 320 + 2 * EM, 100), *[line(FULL, 320, 115 + 15 * k) for k in range(12)]]
    for gap, joined in ((8.0, True), (9.0, False)):
        first = line("新华社记者 王", 214, 263, size=8, width=56)  # flush right with the line under it
        last = line("五 摄", 246, 271 + gap, size=8, width=24)
        rows = read_page([cap, first, last, *text], pictures=[pic])
        assert role_of(rows, last.text) == "credit"
        assert (role_of(rows, first.text) == "credit" and not starts(rows, last.text)) is joined, gap


def test_a_rule_drawn_close_over_a_line_or_under_one_parts_a_column_there() -> None:
    # a column of text with one line space's pitch (5 pt between boxes) and a rule across
    # it in that gap, drawn touching the line under it or the line over it
    upper = [line(FULL, 30, 100 + 15 * k) for k in range(4)]  # the last at 145..155
    lower = [line("乙" + FULL[1:], 30, 160 + 15 * k) for k in range(4)]

    def cells(rules: list[tuple[float, float, float]]) -> list[int]:
        return [len(c.lines) for c in cut_cells([*upper, *lower], [], [], set(), EM, rules, [])[0]]

    assert cells([]) == [8]
    assert cells([(159.0, 30.0, 150.0)]) == [4, 4]
    assert cells([(156.0, 30.0, 150.0)]) == [4, 4]


def test_a_line_of_the_columns_measure_across_a_gutter_bars_it_however_many_lines() -> None:
    # two columns of 13 lines: OCR may glue one line in 25 across the gutter (a line much
    # wider than the columns' measure), but a line of their own measure set across the
    # gutter (centred under both) bars it: one region
    rows = [k for k in range(14) if k != 6]
    left = [line(FULL, COL[0][0], 100 + 15 * k) for k in rows]
    right = [line("乙" + FULL[1:], COL[1][0], 100 + 15 * k) for k in rows]
    across = line("丙" + FULL[1:], 96, 190)  # 96..216, over the gutter at 150..162
    cells, _ = cut_cells([*left, *right, across], [], [], set(), EM, [], [])
    assert len(cells) == 1
    glued = line("丙" + FULL[1:] + FULL, 30, 190, width=252)  # 30..282: twice the measure
    cells, _ = cut_cells([*left, *right, glued], [], [], set(), EM, [], [])
    assert sorted(map(id, cells[0].lines)) == sorted(map(id, [*left, glued]))  # the column it starts in


def test_a_subhead_at_the_top_of_the_next_column_is_no_run_on() -> None:
    # as test_geometry_units' run-on page, but column two opens with a subhead set flush
    # left a little larger than body type (12 pt): a part of B of its own, not A's text
    # going on
    head_b, b_text, head_a, a_text, _ = run_on_page()
    sub = line("分题在此", 162, 60, size=12)
    on = [line("丙" + FULL[1:10], 162 + 2 * EM, 80), *[line("丙" + FULL[1:], 162, 95 + 15 * k) for k in range(10)],
          line("丁" + FULL[1:5] + "。", 162, 245)]
    rows = read_page(sorted([head_b, *b_text, head_a, *a_text, sub, *on], key=lambda ln: (ln.y0, ln.x0)))
    story = article_of(rows)
    assert story[sub.text] == story[on[0].text] == story[head_b.text] != story[a_text[-1].text]
    assert role_of(rows, sub.text) == "subhead"


def test_a_head_with_no_text_does_not_stop_other_stories_running_on() -> None:
    # the run-on page with a third head at the top right over nothing (its story on
    # another page): A still goes on at the top of column two
    head_b, b_text, head_a, a_text, on = run_on_page()
    lone = line("丙文标题", 320, 20, size=24)
    rows = read_page(sorted([head_b, lone, *b_text, head_a, *a_text, *on], key=lambda ln: (ln.y0, ln.x0)))
    story = article_of(rows)
    assert story[on[0].text] == story[a_text[-1].text] != story[head_b.text]
    assert story[lone.text] not in (story[head_b.text], story[a_text[-1].text])


def test_a_mark_hanging_into_the_pictures_columns_does_not_part_it_from_its_head() -> None:
    # a head over the second and third columns, a picture under it in the second; between
    # them, a line of the first column whose last mark hangs past the gutter by 3 pt
    # (under half its size): not in the way; 6 pt in, it is
    title = line("标题文字在这里", 162, 40, size=24)  # 162..330, 40..64
    opener = Opener(top=40.0, bbox=title.bbox, span=(162.0, 330.0), head=[title])
    picture = (162.0, 100.0, 282.0, 180.0)
    for reach, parted in ((3.0, False), (6.0, True)):
        hanging = line(FULL + "。", 30, 70, width=132 + reach)  # 30..162 + reach
        assert (head_over_picture(picture, [hanging], [opener], []) is None) is parted, reach


def test_a_story_running_out_in_the_last_column_does_not_stop_others_running_on() -> None:
    # the run-on page with a third story at the right, its head at the top and its text
    # down the third column to the foot, mid-sentence (it goes on on another page): no
    # column to go on in; A still goes on at the top of column two
    head_b, b_text, head_a, a_text, on = run_on_page()
    head_c = line("丙文标题", 320, 20, size=24)
    c_text = [line("戊" + FULL[1:10], 294 + 2 * EM, 60), *[line("戊" + FULL[1:], 294, 75 + 15 * k) for k in range(13)]]
    lines = sorted([head_b, head_c, *b_text, head_a, *a_text, *on, *c_text], key=lambda ln: (ln.y0, ln.x0))
    story = article_of(read_page(lines))
    assert story[on[0].text] == story[a_text[-1].text] != story[head_b.text]
    assert story[c_text[-1].text] == story[head_c.text] != story[a_text[-1].text]


def test_read_layout_reads_an_ocr_pages_boxes_as_padded_past_their_ink() -> None:
    # two columns whose boxes run 2 pt (a fifth of an em) into each other, listed in an
    # OCR engine's rows: in pixels (an OCR file, boxes padded past the ink) two columns;
    # in points (a PDF's exact boxes) lines that run into each other, one column
    left = [line(FULL, 30, 100 + 15 * k) for k in range(6)]
    right = [line("乙" + FULL[1:], 148, 100 + 15 * k) for k in range(6)]
    rows = sorted([*left, *right], key=lambda ln: (ln.y0, ln.x0))
    for k, ln in enumerate(rows):
        ln.order = k
    ocr = read_layout(PageLines(number=1, width=W, height=H, lines=rows, unit="px"))
    assert ocr.lines == [*left, *right]
    pdf = read_layout(PageLines(number=1, width=W, height=H, lines=rows, unit="pt"))
    assert pdf.lines == rows


def test_a_narrow_head_over_the_gutter_of_two_one_line_columns_parts_from_them() -> None:
    # a head narrower than its two columns, set over the gutter between them, each column
    # one line (a brief's end): the head bars the gutter; parted off, the columns come apart
    title = line("标题在此五字", 100, 40, size=20)  # 100..220, over the gutter at 150..162
    left, right = line(FULL, 30, 70), line("乙" + FULL[1:], 162, 70)
    cells, _ = cut_cells([title, left, right], [], [[title]], {id(title)}, EM, [], [])
    assert [c.lines for c in cells] == [[title], [left], [right]]


def ocr_rows(lines: list[PositionedLine], pictures: list[tuple[float, float, float, float]] | None = None,
             ) -> list[tuple[str, str, bool, bool]]:
    """`read_page` for an OCR page (sizes from boxes, unit px), lines in the engine's rows."""
    lines = sorted(lines, key=lambda ln: (ln.y0, ln.x0))
    for k, ln in enumerate(lines):
        ln.order = k
    layout = analyse_page(lines, width=W, height=H, pictures=pictures or [], rules=[], unit="px")
    assert sorted(id(x) for x in layout.lines) == sorted(id(x) for x in lines)  # nothing lost
    return [(ln.text, lay.role or "", lay.article_start, lay.paragraph_start)
            for ln, lay in zip(layout.lines, layout.layouts, strict=True)]


def photo_over_two_columns(white: float) -> tuple[list[PositionedLine], PositionedLine, PositionedLine]:
    """A story over columns one and two whose text ends `white` line heights above a
    caption and its credit read as body type: the caption one line, indented, the credit
    flush right under it at the right of column two (a photo two columns wide between);
    under them another story, and a third story down column three."""
    caption = line("图为新建的大桥横跨江面", 30 + 2 * EM, 300)
    credit = line("新华社记者 王五 摄", 282 - 10 * EM, 313)
    top = 300 - white * EM  # the bottom of the text above
    above = [*head("上文标题文字", 40, 40), *column(0, top - 70), *column(1, top - 70)]
    below = [*head("下文标题文字", 40, 340), *column(0, 380), *column(1, 380)]
    right = [*head("右文标题", 300, 40), *column(2, 80, rows=20)]
    return [*above, caption, credit, *below, *right], caption, credit


def test_a_photo_credit_read_as_body_type_ends_a_caption_under_white() -> None:
    # OCR sizes a short line by its box: the caption and credit under a photo read as body
    # type. The credit (`… 摄`) with the line stacked on it, white over their measure
    # above them (the photo, found in the scan or not), is the photo's caption: a photo
    # item of its own, not an untitled article and a credit apart
    lines, caption, credit = photo_over_two_columns(white=18)
    for pictures in ([(30.0, 140.0, 282.0, 296.0)], []):
        rows = ocr_rows(lines, pictures)
        assert [role_of(rows, caption.text), role_of(rows, credit.text)] == ["caption", "credit"], pictures
        story = article_of(rows)
        assert story[caption.text] == story[credit.text], pictures
        assert story[caption.text] not in {story["上文标题文字"], story["下文标题文字"], story["右文标题"]}, pictures


def test_a_photo_credit_in_body_type_under_text_within_three_line_heights_is_no_caption() -> None:
    # no white for a picture (text over the measure less than three line heights up):
    # the lines are read as the text they stand under
    for white, caption_role in ((3.2, "caption"), (2.8, "body")):
        lines, caption, _ = photo_over_two_columns(white=white)
        assert role_of(ocr_rows(lines), caption.text) == caption_role, white
    # nor under a head (a photo story's credit set under its title is the byline)
    lines, caption, credit = photo_over_two_columns(white=18)
    title = line("图片新闻标题", 60, 270, size=20)
    rows = ocr_rows([*lines, title])
    assert [role_of(rows, caption.text), role_of(rows, credit.text)] != ["caption", "credit"]
    assert article_of(rows)[caption.text] == article_of(rows)[title.text]
