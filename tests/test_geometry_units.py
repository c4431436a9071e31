"""The geometry reader's steps one at a time, on lines placed by hand (no PDF):
type classes, hanging marks, page furniture, cells and gutters, heads, reading order.

Each test places a few lines as a compositor would (body type 10 pt unless told, a CJK
character an em wide) and asserts what a reader of that page sees.
"""

from __future__ import annotations

import pytest

from banmian.geometry.cells import cut_cells, is_ornament, is_speck
from banmian.geometry.furniture import furniture_order, split_furniture
from banmian.geometry.heads import by_rows, group_heads
from banmian.geometry.order import article_text_order
from banmian.geometry.reading import analyse_page
from banmian.geometry.regions import Grid, Opener, picture_opens
from banmian.geometry.sizes import (
    HEAD_RATIO,
    MID_RATIO,
    SMALL_RATIO,
    body_size,
    classify_sizes,
    measure_right,
)
from banmian.inputs.lines import PositionedLine

EM = 10.0
TEXT = "这是一段用于测试版面分析的正文文字内容以及更多的文字"


def line(text: str, x0: float, y0: float, *, size: float = EM, width: float | None = None,
         height: float | None = None, vertical: bool = False, bold: bool = False) -> PositionedLine:
    """A line set from (x0, y0): one em per character unless a width is given."""
    w = width if width is not None else len(text) * size
    h = height if height is not None else size
    if vertical:
        w, h = (width if width is not None else size), (height if height is not None else len(text) * size)
    return PositionedLine(text=text, bbox=(x0, y0, x0 + w, y0 + h), size=size, bold=bold, page=1,
                          vertical=vertical)


def texts(lines: list[PositionedLine]) -> list[str]:
    return [ln.text for ln in lines]


# --- sizes: the type size of an OCR line, the body size, the type classes ---------------


def test_the_body_size_is_the_size_most_characters_have_not_most_lines() -> None:
    lines = [line(TEXT[:20], 0, 20 * k, size=9) for k in range(3)]
    lines += [line("标题", 0, 100 + 20 * k, size=14) for k in range(5)]
    assert body_size(lines) == 9
    assert body_size([]) > 0  # nothing to go on: still a usable size
    # a PDF states its sizes in points, the default unit: OCR's measured sizes play no part
    assert body_size(lines, sizes={id(ln): 30.0 for ln in lines}) == 9


def test_ocr_body_size_is_the_weighted_median_of_the_sizes_near_the_commonest() -> None:
    lines = [line(TEXT[:20], 0, 40 * k, size=s) for k, s in enumerate((29.0, 30.0, 30.0, 31.0, 30.5))]
    lines.append(line("大标题" * 10, 0, 400, size=60))  # a headline far off the body's band
    sizes = {id(ln): ln.size for ln in lines}
    assert body_size(lines, "px", sizes) == 30.0
    # one much larger line of many characters does not pull the median out of the band
    sizes[id(lines[-1])] = 60.0
    assert 29.0 <= body_size(lines, "px", sizes) <= 31.0


def test_ocr_lines_without_a_measurable_size_give_a_usable_body_size() -> None:
    lines = [line("中文字", 0, 0)]
    assert body_size(lines, "px", {id(lines[0]): 0.0}) > 0
    # beside measured lines, one whose size could not be measured (0) has no say
    lines = [line(TEXT[:20], 0, 40 * k, size=30.0) for k in range(3)] + [line("中文字" * 5, 0, 200)]
    sizes = {id(ln): ln.size for ln in lines[:3]} | {id(lines[3]): 0.0}
    assert body_size(lines, "px", sizes) == 30.0


def test_type_classes_at_their_bounds() -> None:
    body = [line(TEXT, 0, 20 * k) for k in range(6)]
    head = line("标题", 0, 200, size=EM * HEAD_RATIO)
    under_head = line("副题", 0, 220, size=EM * HEAD_RATIO - 0.05)
    mid = line("小题", 0, 240, size=EM * MID_RATIO)
    under_mid = line("正文", 0, 260, size=EM * MID_RATIO - 0.05)
    small = line("图片说明", 0, 280, size=EM * SMALL_RATIO)
    over_small = line("正文", 0, 300, size=EM * SMALL_RATIO + 0.05)
    classes = classify_sizes([*body, head, under_head, mid, under_mid, small, over_small])
    assert classes.size == EM
    assert texts(classes.head) == ["标题"]
    assert texts(classes.mid) == ["副题", "小题"]
    assert texts(classes.small) == ["图片说明"]
    assert under_mid in classes.body and over_small in classes.body


def test_a_lone_mark_in_display_type_is_no_headline_but_a_lone_letter_is() -> None:
    body = [line(TEXT, 0, 20 * k) for k in range(6)]
    mark = line("。", 0, 200, size=30)
    letter = line("A", 0, 240, size=30)
    mid_mark = line("，", 0, 280, size=EM * MID_RATIO)
    classes = classify_sizes([*body, mark, letter, mid_mark])
    assert mark in classes.body and mid_mark in classes.body
    assert letter in classes.head


def test_ocr_lines_are_classed_by_the_sizes_the_ocr_repairs_gave_them() -> None:
    body = [line("中" * 10, 0, 40 * k, width=300, size=30) for k in range(6)]
    sub = line("中" * 10, 0, 300, width=300, size=30 * MID_RATIO)
    small = line("中" * 10, 0, 340, width=300, size=30 * SMALL_RATIO)
    head = line("中" * 4, 0, 380, width=200, size=30 * HEAD_RATIO)
    classes = classify_sizes([*body, sub, small, head], unit="px")
    assert classes.size == pytest.approx(30)
    assert classes.mid == [sub] and classes.small == [small] and classes.head == [head]
    assert classes.of(sub) == pytest.approx(30 * MID_RATIO)


@pytest.mark.parametrize("number", ["（三）", "(三)", "四、"])
def test_a_section_number_alone_in_large_type_numbers_a_part_and_opens_no_article(number: str) -> None:
    """An OCR box around a bracketed number runs tall (1.4x the body here): still a
    part's number inside its article (a subhead), never a headline."""
    body = [line("中" * 10, 0, 40 * k, width=300, size=30) for k in range(6)]
    part = line(number, 100, 260, size=30 * 1.4)
    title = line("山水花鸟", 0, 320, size=30 * 1.4)
    classes = classify_sizes([*body, part, title], unit="px")
    assert classes.head == [title] and classes.mid == [part]


def test_marks_hanging_past_the_measure_are_not_the_lines_edge() -> None:
    assert measure_right(line("中文中文", 0, 0)) == 40
    assert measure_right(line("中文中文。", 0, 0)) == 40
    assert measure_right(line("中文中……", 0, 0)) == 30
    assert measure_right(line("中文中。”", 0, 0)) == 30
    # at most two marks hang; a third is set inside the measure
    assert measure_right(line("中文。”）", 0, 0)) == 30
    # a mark alone on its line is the line; after one character it hangs
    assert measure_right(line("。", 0, 0)) == 10
    assert measure_right(line("中。", 0, 0)) == 10
    # punctuation squeezed to half width hangs by half an em
    assert measure_right(line("中文中文。", 0, 0, width=45)) == 36


# --- furniture ----------------------------------------------------------------------------

W, H = 600.0, 800.0


def test_the_header_band_above_a_long_rule_near_the_top_is_furniture() -> None:
    lines = [line("本报第三版", 30, 40), line("正文" * 10, 30, 80), line(TEXT, 30, 100)]
    furniture, content = split_furniture(lines, [(60.0, 20.0, 580.0)], W, H)
    assert texts(furniture) == ["本报第三版"]
    assert len(content) == 2
    # a short rule (a column's) is no header rule: a line at y 40 is below the top margin
    furniture, content = split_furniture(lines, [(60.0, 20.0, 300.0)], W, H)
    assert furniture == []
    # a rule halfway down the page is no header rule either
    furniture, _ = split_furniture(lines, [(120.0, 20.0, 580.0)], W, H)
    assert furniture == []


def test_without_a_rule_the_running_head_reaches_down_to_its_date_line() -> None:
    date = line("1968年5月4日 星期六", 30, 50)
    lines = [line("某某日报", 30, 10), date, line("正文" * 10, 30, 120), line(TEXT, 30, 140)]
    furniture, _content = split_furniture(lines, [], W, H)
    assert texts(furniture) == ["某某日报", "1968年5月4日 星期六"]
    # the same date line far down the page is text
    low = line("1968年5月4日 星期六", 30, 200)
    furniture, _ = split_furniture([lines[0], low, *lines[2:]], [], W, H)
    assert texts(furniture) == ["某某日报"]


def test_a_section_name_set_larger_on_the_dates_row_is_running_head_too() -> None:
    # no rule: the running head holds the date, and centred on its row a section name a
    # few sizes larger that reaches below the date line
    date = line("1968年5月4日 星期六", 30, 30)
    section = line("要闻", 270, 24, size=24)
    story = [line("标题文字在这里", 30, 120, size=24), line(TEXT, 30, 160), line(TEXT, 30, 175)]
    furniture, content = split_furniture([date, section, *story], [], W, H)
    assert texts(furniture) == ["1968年5月4日 星期六", "要闻"]
    # a masthead beside the date reaching far below its row is no section name
    masthead = line("某报", 270, 10, size=80)
    furniture, content = split_furniture([date, masthead, *story], [], W, H)
    assert masthead in content


def test_a_story_set_from_the_top_of_the_page_is_no_running_head() -> None:
    first = line(TEXT, 30, 22)  # in the top margin, the story's next line right under it
    lines = [first, line(TEXT, 30, 36), line(TEXT, 30, 50)]
    furniture, content = split_furniture(lines, [], W, H)
    assert furniture == []
    assert first in content
    # a line in the top margin with nothing running on below it is the running head
    alone = [line("某某日报", 30, 10), line(TEXT, 30, 80)]
    furniture, _ = split_furniture(alone, [], W, H)
    assert texts(furniture) == ["某某日报"]
    # a masthead on the row of the page number is the running head's, though a banner's
    # deck stands right under it
    banner = [line("第二版", 30, 22), line("某某日报", 80, 18, size=24), line("横幅标题", 100, 50, size=40),
              line(TEXT, 30, 100)]
    furniture, _ = split_furniture(banner, [], W, H)
    assert texts(furniture) == ["第二版", "某某日报"]


def test_a_front_pages_masthead_area_is_furniture() -> None:
    # no rule: the paper's name set large at the top, an ear beside it (a notice box), the
    # sponsor line on its last row and the edition line under it (issue, date, weekday)
    mast = line("某某报", 150, 20, size=100)
    ear = [line("本报征稿启事欢迎来稿", 20, 30 + 15 * k) for k in range(4)]
    edition = [line("某某市青年联合会主办", 200, 110), line("第三十二期", 160, 124), line("1968年5月4日", 230, 124),
               line("星期六", 350, 124)]
    # beside the masthead on the other side, a short comment whose text runs on below the
    # edition line: a story, not an ear
    comment = [line("短评标题", 460, 30, size=20), *(line("评论文字一行十二个字", 460, 60 + 15 * k) for k in range(7))]
    story = [line("标题文字在这里", 30, 160, size=24), line(TEXT, 30, 200), line(TEXT, 30, 215), line(TEXT, 310, 200)]
    furniture, content = split_furniture([mast, *ear, *edition, *comment, *story], [], W, H)
    assert {id(ln) for ln in furniture} == {id(ln) for ln in [mast, *ear, *edition]}
    assert texts(content) == texts(comment + story)
    # read: the masthead over its edition line, then the ear's box whole (each stack by
    # its first line, top to bottom), never an ear line between two rows of the masthead
    assert texts(furniture_order(furniture, H)) == texts([mast, *edition, *ear])
    # an inner page: the banner under the running head's date is no masthead
    banner = [line("1968年5月4日", 30, 5), line("某某报", 150, 30, size=100), *story]
    furniture, content = split_furniture(banner, [], W, H)
    assert texts(furniture) == ["1968年5月4日"]
    # nor is the page's largest type at the top without an edition line by it
    furniture, content = split_furniture([mast, *ear, *comment, *story], [], W, H)
    assert mast in content


def test_a_footer_below_a_rule_or_set_apart_in_the_margin_is_furniture() -> None:
    text = [line(TEXT, 30, 700 + 15 * k) for k in range(3)]
    foot = line("第3页", 280, 780)
    furniture, _content = split_furniture([*text, foot], [], W, H)
    assert texts(furniture) == ["第3页"]
    # below a long rule near the foot, even a line right under the text is a footer
    near = line("第3页", 30, 750)
    furniture, _ = split_furniture([*text[:2], near], [(745.0, 20.0, 580.0)], W, H)
    assert texts(furniture) == ["第3页"]


def test_a_jump_line_running_on_in_the_bottom_margin_is_text() -> None:
    text = [line(TEXT, 30, 740 + 12 * k) for k in range(3)]
    jump = line("（下转第四版）", 30, 776)
    furniture, content = split_furniture([*text, jump], [], W, H)
    assert furniture == []
    assert jump in content


# --- cells: specks, ornaments, gutters ----------------------------------------------------


def test_specks_and_ornaments_are_marks_without_chinese() -> None:
    assert is_speck(line("S", 0, 0))
    assert is_speck(line("5.", 0, 0))
    assert not is_speck(line("中", 0, 0))
    assert not is_speck(line("123", 0, 0))
    assert is_speck(line("123", 0, 0, vertical=True))
    assert is_ornament(line("99699969", 0, 0))
    assert is_ornament(line("G G G G G G G G", 0, 0))
    assert not is_ornament(line("9969996", 0, 0))  # too short to be a border
    assert not is_ornament(line("1968-05-04 12:30", 0, 0))  # many glyphs: a date, not a border
    assert not is_ornament(line("中中中中中中中中", 0, 0))
    assert not is_ornament(line("⺀⺀⺀⺀⺀⺀⺀⺀", 0, 0))  # CJK radicals (U+2E80 on) are Chinese characters


def column(x0: float, top: float, rows: int, chars: int = 12, *, indent_first: bool = True,
           step: float = 15.0) -> list[PositionedLine]:
    out = []
    for k in range(rows):
        indent = 2 if indent_first and k == 0 else 0
        out.append(line(TEXT[: chars - indent], x0 + indent * EM, top + k * step))
    return out


def test_two_columns_part_at_a_narrow_gutter() -> None:
    left = column(0, 0, 5)
    right = column(120 + 0.2 * EM, 0, 5)  # a gutter of a fifth of an em
    cells, strays = cut_cells(left + right, [], [], set(), EM, [], [])
    assert [len(c.lines) for c in cells] == [5, 5]
    assert cells[0].lines == left and cells[1].lines == right
    assert strays == []
    # OCR boxes padded past their ink may reach into the next column's
    touching = column(120 - 0.2 * EM, 0, 5)
    cells, _ = cut_cells(left + touching, [], [], set(), EM, [], [], overshoot=0.25)
    assert [c.lines for c in cells] == [left, touching]
    # lines running an em into each other are one column
    running = column(120 - EM, 0, 5)
    cells, _ = cut_cells(left + running, [], [], set(), EM, [], [])
    assert len(cells) == 1


def test_a_column_is_cut_across_at_a_band_of_whitespace() -> None:
    upper = column(0, 0, 3)
    lower = column(0, 30 + EM + 1.3 * EM, 3)  # 1.3 em of whitespace under the last line
    cells, _ = cut_cells(upper + lower, [], [], set(), EM, [], [])
    assert [c.lines for c in cells] == [upper, lower]
    close = column(0, 30 + EM + 1.0 * EM, 3)
    cells, _ = cut_cells(upper + close, [], [], set(), EM, [], [])
    assert len(cells) == 1


def test_a_rule_across_the_column_cuts_it_however_close_the_lines() -> None:
    upper = column(0, 0, 3)
    lower = column(0, 45, 3)
    assert len(cut_cells(upper + lower, [], [], set(), EM, [], [])[0]) == 1
    cells, _ = cut_cells(upper + lower, [], [], set(), EM, [(42.0, 0.0, 120.0)], [])
    assert [c.lines for c in cells] == [upper, lower]
    # a short rule (under one word) cuts nothing
    cells, _ = cut_cells(upper + lower, [], [], set(), EM, [(42.0, 0.0, 40.0)], [])
    assert len(cells) == 1


def test_a_vertical_rule_parts_columns_that_touch() -> None:
    left = column(0, 0, 5)
    right = column(120 - 0.45 * EM, 0, 5)  # lines bleeding into each other: no gutter
    assert len(cut_cells(left + right, [], [], set(), EM, [], [])[0]) == 1
    # OCR boxes padded past their ink (`overshoot`), with a rule between the columns
    cells, _ = cut_cells(left + right, [], [], set(), EM, [], [(117.75, -5.0, 80.0)], overshoot=0.25)
    assert [c.lines for c in cells] == [left, right]


def test_a_head_across_the_columns_is_parted_from_them_by_any_gap() -> None:
    head = [line("大字标题在这里", 40, 0, size=24)]
    left = column(0, 24 + 0.2 * EM, 5)  # right under the head: less than the 1.2 em band
    right = column(130, 24 + 0.2 * EM, 5)
    cells, _ = cut_cells(head + left + right, [], [head], {id(head[0])}, EM, [], [])
    assert [c.lines for c in cells] == [head, left, right]


def test_a_cells_edges_are_where_most_lines_start_and_end() -> None:
    lines = column(0, 0, 6)  # first line indented two ems, every line full
    lines.append(line(TEXT[:5], 0, 90))  # a paragraph's short last line
    cells, _ = cut_cells(lines, [], [], set(), EM, [], [])
    (cell,) = cells
    assert cell.left == pytest.approx(0)
    assert cell.right == pytest.approx(120)


def test_a_line_ocr_glued_across_a_gutter_does_not_join_the_columns() -> None:
    rows = 26
    left = column(0, 0, rows, indent_first=False)
    right = column(130, 0, rows, indent_first=False)
    glued = line(TEXT[:12] + TEXT[:12], 0, rows * 15.0 + 0, width=250)  # one OCR box over both
    cells, _ = cut_cells(left + right + [glued], [], [], set(), EM, [], [])
    # the glued line goes with the column it starts in
    assert [len(c.lines) for c in cells] == [rows + 1, rows]
    assert glued in cells[0].lines


def test_two_column_grids_stacked_without_white_between_part_where_the_grid_changes() -> None:
    # a story in two columns of 18 characters right above one in three of 12: no band
    # of white, no rule; neither grid's gutters run down the whole region
    upper_left = column(0, 0, 7, chars=18)
    upper_right = column(190, 0, 7, chars=18)
    lower = [column(x, 105, 4) for x in (0, 130, 260)]
    lines = upper_left + upper_right + [ln for col in lower for ln in col]
    cells, _ = cut_cells(lines, [], [], set(), EM, [], [])
    assert [c.lines for c in cells] == [upper_left, upper_right, *lower]
    # one grid barred in its middle by a line across both columns: not two grids
    # (few lines: none may cross a gutter, as one OCR glued line in 25 may)
    left, right = column(0, 0, 5, chars=18), column(190, 0, 5, chars=18)
    across = line(TEXT[:18] * 2, 0, 5 * 15.0, width=370)
    below_left, below_right = column(0, 6 * 15.0, 5, chars=18), column(190, 6 * 15.0, 5, chars=18)
    cells, _ = cut_cells(left + right + [across] + below_left + below_right, [], [], set(), EM, [], [])
    assert len(cells) == 1


def test_text_set_to_the_full_measure_right_under_a_story_in_columns_is_a_part_of_its_own() -> None:
    left, right = column(0, 0, 7, chars=18), column(190, 0, 7, chars=18)
    # one column over both columns' measure, its paragraph ending in a short line
    full = [line(TEXT[:18] * 2, 0, 105 + 15.0 * k, width=370) for k in range(4)]
    full.append(line(TEXT[:5], 0, 165))
    cells, _ = cut_cells(left + right + full, [], [], set(), EM, [], [])
    assert [c.lines for c in cells] == [left, right, full]
    # a gap beside a few short lines under it is no grid: a column needs three lines
    short = [line(TEXT[:6], 0, 105), line(TEXT[:6], 200, 105), line(TEXT[:6], 0, 120), line(TEXT[:6], 0, 135)]
    whole = [line(TEXT[:18] * 2, 0, 15.0 * k, width=370) for k in range(7)]
    cells, _ = cut_cells(whole + short, [], [], set(), EM, [], [])
    assert len(cells) == 1


def test_a_speck_in_the_margin_is_a_stray_and_one_inside_a_column_joins_it() -> None:
    lines = column(0, 0, 5)
    margin = line("S", 300, 300)
    inside = line("·", 50, 76)
    cells, strays = cut_cells([*lines, margin, inside], [], [], set(), EM, [], [])
    assert strays == [margin]
    assert len(cells) == 1 and inside in cells[0].lines


def test_an_ornament_border_rules_the_page_like_a_line() -> None:
    upper = column(0, 0, 3)
    lower = column(0, 55, 3)
    border = line("GGGGGGGGGGGG", 0, 40, size=4, width=120)
    cells, strays = cut_cells(upper + lower + [border], [], [], set(), EM, [], [])
    assert [c.lines for c in cells] == [upper, lower]
    assert strays == [border]


# --- heads --------------------------------------------------------------------------------


def test_decks_stacked_close_and_set_alike_are_one_head() -> None:
    top = line("第一行标题", 100, 0, size=24)
    second = line("第二行标题", 100, 24 + 0.5 * 24, size=24)  # half an em apart
    far = line("另一标题", 100, 200, size=24)
    heads = group_heads([top, second, far], [])
    assert [texts(g) for g in heads] == [["第一行标题", "第二行标题"], ["另一标题"]]


def test_decks_an_em_apart_or_side_by_side_are_two_heads() -> None:
    top = line("第一行标题", 100, 0, size=24)
    apart = line("第二行标题", 100, 24 + 1.0 * 24, size=24)
    assert len(group_heads([top, apart], [])) == 2
    beside = line("邻文标题", 400, 30, size=24)  # under and beside: a neighbour's head
    assert len(group_heads([top, beside], [])) == 2


def test_a_banner_does_not_swallow_a_much_smaller_head_under_it() -> None:
    banner = line("通栏大标题", 100, 0, size=60)
    small = line("小标题", 100, 62, size=24)  # 2.5 times smaller, right under it
    assert len(group_heads([banner, small], [])) == 2
    similar = line("副标题", 100, 62, size=40)
    assert len(group_heads([banner, similar], [])) == 1


def test_a_kicker_centred_over_a_title_joins_its_head() -> None:
    title = line("主标题文字在此", 100, 30, size=24)  # 100..268, centre 184
    kicker = line("引题文字", 164, 14, size=12)  # centred over it, just above
    aside = line("别的小题", 400, 14, size=12)  # above, but off to the side
    heads = group_heads([title], [kicker, aside])
    assert [texts(g) for g in heads] == [["引题文字", "主标题文字在此"]]
    # a kicker far above is no part of it
    far = line("引题文字", 164, -40, size=12)
    assert [texts(g) for g in group_heads([title], [far])] == [["主标题文字在此"]]


def test_a_subtitle_flush_left_under_a_title_joins_its_head() -> None:
    title = line("主标题文字在此处", 100, 0, size=24)
    subtitle = line("——副题文字", 100, 30, size=12)
    assert [texts(g) for g in group_heads([title], [subtitle])] == [["主标题文字在此处", "——副题文字"]]


def test_ocr_pieces_of_one_display_line_on_a_row_are_one_head() -> None:
    a = line("大字", 100, 0, size=30)
    b = line("标题", 100 + 60 + 20, 2, size=30)  # two thirds of an em further along the row
    assert [texts(g) for g in group_heads([a, b], [], pieces=True)] == [["大字", "标题"]]
    # far along the row: two heads
    c = line("标题", 100 + 60 + 60, 2, size=30)
    assert len(group_heads([a, c], [], pieces=True)) == 2
    # a PDF keeps a display line whole: pieces on a row are neighbours' heads
    assert len(group_heads([a, b], [])) == 2


def test_a_letter_spaced_head_boxed_a_character_at_a_time_is_one_head() -> None:
    """`财  贸  动  态` spread two ems apart across two columns' gutter: OCR boxes each
    character alone; they are one head all the same, whatever gutter lies under a gap."""
    heads = [line(ch, 100 + k * 90, 0, size=30) for k, ch in enumerate("甲乙丙丁")]
    # two columns under it, the gutter under the gap between the second and third characters
    text = [line("正" * 6, 60, 60 + 40 * k, size=30) for k in range(3)]
    text += [line("文" * 6, 60 + 6 * 30 + 30, 60 + 40 * k, size=30) for k in range(3)]
    assert [texts(g) for g in group_heads(heads, [], pieces=True, text=text)] == [["甲", "乙", "丙", "丁"]]
    # two words of two characters each, over the two columns: two heads
    words = [line("甲乙", 60, 0, size=30), line("丙丁", 60 + 6 * 30 + 30, 0, size=30)]
    assert len(group_heads(words, [], pieces=True, text=text)) == 2


def test_vertical_title_lines_side_by_side_are_one_head_read_right_to_left() -> None:
    right = line("右边标题", 200, 0, size=30, vertical=True)
    left = line("左边标题", 200 - 30 - 5, 0, size=30, vertical=True)
    heads = group_heads([left, right], [])
    assert [texts(g) for g in heads] == [["右边标题", "左边标题"]]


def test_lines_on_one_row_read_left_to_right() -> None:
    a = line("甲", 100, 0)
    b = line("乙", 0, 2)
    c = line("丙", 0, 20)
    assert texts(by_rows([c, a, b])) == ["乙", "甲", "丙"]


# --- order inside an article ----------------------------------------------------------


def order(lines: list[PositionedLine]) -> list[str]:
    cells, _ = cut_cells(lines, [], [], set(), EM, [], [])
    of = {id(ln): c for c in cells for ln in c.lines}
    return texts(article_text_order(lines, of, EM))


def test_an_articles_columns_read_left_to_right_each_top_to_bottom() -> None:
    left = [line(f"左{k}" + TEXT[:10], 0, 15 * k) for k in range(4)]
    right = [line(f"右{k}" + TEXT[:10], 130, 15 * k) for k in range(4)]
    assert order(right + left) == texts(left + right)


def test_a_part_set_below_all_the_columns_reads_after_them() -> None:
    left = [line(f"左{k}" + TEXT[:10], 0, 15 * k) for k in range(4)]
    right = [line(f"右{k}" + TEXT[:10], 130, 15 * k) for k in range(4)]
    foot = [line(f"脚{k}" + TEXT[:22], 0, 100 + 15 * k) for k in range(2)]
    assert order(foot + right + left) == texts(left + right + foot)


def test_vertical_columns_read_right_to_left() -> None:
    first = [line(f"甲{k}" + TEXT[:10], 300 - 15 * k, 0, vertical=True) for k in range(3)]
    second = [line(f"乙{k}" + TEXT[:10], 300 - 15 * k, 150, vertical=True) for k in range(3)]
    # two blocks of vertical lines, one above the other: the top block first, each right to left
    assert order(second + first) == texts(first + second)
    far_left = [line(f"丙{k}" + TEXT[:10], 100 - 15 * k, 0, vertical=True) for k in range(3)]
    assert order(far_left + first) == texts(first + far_left)


# --- roles and paragraph starts on a hand-placed page ------------------------------------


def read_page(lines: list[PositionedLine], *, pictures: list[tuple[float, float, float, float]] | None = None,
              rules: list[tuple[float, float, float]] | None = None,
              vertical_rules: list[tuple[float, float, float]] | None = None,
              height: float = H, stream: bool = True) -> list[tuple[str, str, bool, bool]]:
    """(text, role, article start, paragraph start) for each line in reading order; the
    input's own order is the list's, or (`stream=False`) one that says nothing (reversed)."""
    for k, ln in enumerate(lines):
        ln.order = k if stream else len(lines) - k
    layout = analyse_page(lines, width=W, height=height, pictures=pictures or [], rules=rules or [],
                          vertical_rules=vertical_rules or [])
    assert sorted(id(x) for x in layout.lines) == sorted(id(x) for x in lines)  # nothing lost
    return [(ln.text, lay.role or "", lay.article_start, lay.paragraph_start)
            for ln, lay in zip(layout.lines, layout.layouts, strict=True)]


def role_of(rows: list[tuple[str, str, bool, bool]], text: str) -> str:
    (role,) = [r for t, r, _, _ in rows if t == text]
    return role


def starts(rows: list[tuple[str, str, bool, bool]], text: str) -> bool:
    (start,) = [p for t, _, _, p in rows if t == text]
    return start


def article_of(rows: list[tuple[str, str, bool, bool]]) -> dict[str, int]:
    """Each line's article, numbered in reading order."""
    story: dict[str, int] = {}
    article = -1
    for text, _, start, _ in rows:
        article += start
        story[text] = article
    return story


FULL = "甲乙丙丁戊己庚辛壬癸子丑"  # twelve characters: a full line of a 120 pt column


def test_paragraphs_start_at_an_indent_or_after_a_short_line_that_ends_a_sentence() -> None:
    col = [
        line(FULL[:10], 30 + 2 * EM, 100),  # indented two ems: a paragraph starts
        line(FULL[:11], 30, 115),  # one em short, no closing mark: pulled short (避头尾), runs on
        line(FULL[:6] + "。", 30, 130),  # short, ends a sentence: the paragraph ends
        line(FULL, 30, 145),  # flush: a new paragraph all the same (after a short line)
        line(FULL, 30, 160),
        line(FULL[:11] + "，", 30, 175),  # full, runs on
        line(FULL, 30, 190),
        line(FULL[:3], 30, 205),  # short without a closing mark but far short: ends
        line(FULL, 30, 220),
        line(FULL, 30, 235),
        line(FULL[:8] + "。", 30, 250),
    ]
    rows = read_page(col)
    flags = [p for _, role, _, p in rows if role == "body"]
    assert flags == [True, False, False, True, False, False, False, False, True, False, False]


def test_a_column_break_keeps_the_paragraph_going_unless_the_new_column_is_indented() -> None:
    left = [line(FULL[:10], 30 + 2 * EM, 100), *[line(FULL, 30, 115 + 15 * k) for k in range(4)]]
    right = [line("乙" + FULL[1:], 170, 100 + 15 * k) for k in range(4)]
    right.append(line("丙" + FULL[1:4] + "。", 170, 160))
    rows = read_page(left + right)
    assert [t for t, *_ in rows][: len(left)] == texts(left)
    assert [p for *_, p in rows][len(left)] is False
    indented = [line(FULL[:10], 170 + 2 * EM, 100), *[line("丁" + FULL[1:], 170, 115 + 15 * k) for k in range(3)]]
    rows = read_page(left + indented)
    assert [p for *_, p in rows][len(left)] is True


def test_a_head_with_its_byline_subhead_and_text() -> None:
    title = line("标题文字在这里", 40, 40, size=24)
    byline = line("本报记者 张三", 30, 80)
    text = [line(FULL[:10], 30 + 2 * EM, 95), *[line(FULL, 30, 110 + 15 * k) for k in range(3)],
            line(FULL[:5] + "。", 30, 155)]
    sub = line("一个小标题", 50, 175, size=EM * 1.15)
    more = [line(FULL[:10], 30 + 2 * EM, 195), *[line(FULL, 30, 210 + 15 * k) for k in range(3)],
            line(FULL[:5] + "。", 30, 255)]
    rows = read_page([title, byline, *text, sub, *more])
    assert [(t, r, a) for t, r, a, _ in rows][:2] == [("标题文字在这里", "title", True), ("本报记者 张三", "byline", False)]
    assert role_of(rows, "一个小标题") == "subhead" and starts(rows, "一个小标题")
    assert sum(a for *_, a, _ in rows) == 1
    # a line that ends a sentence right under the head is text, not a byline
    said = line("他说：好。", 30, 80)
    rows = read_page([title, said, *text])
    assert role_of(rows, "他说：好。") == "body"


def test_a_bold_line_in_plain_text_is_a_subhead() -> None:
    text = [line(FULL[:10], 30 + 2 * EM, 100), *[line(FULL, 30, 115 + 15 * k) for k in range(3)],
            line(FULL[:5] + "。", 30, 160)]
    bold = line("加粗的小标题", 30, 180, bold=True)
    after = [line(FULL[:10], 30 + 2 * EM, 200), *[line(FULL, 30, 215 + 15 * k) for k in range(3)]]
    rows = read_page([*text, bold, *after])
    assert role_of(rows, "加粗的小标题") == "subhead"


def test_a_subhead_a_little_larger_centred_with_margins_under_an_em_is_a_subhead() -> None:
    # a subhead set 5% larger than the text nearly fills the 120 pt measure (eleven
    # characters of 10.5 pt): centring leaves a margin of a third of an em on each side
    text = [line(FULL[:10], 30 + 2 * EM, 100), *[line(FULL, 30, 115 + 15 * k) for k in range(3)],
            line(FULL[:5] + "。", 30, 160)]
    sub = line("小标题文字在这里居中", 30 + 7.5, 180, size=EM * 1.05)
    after = [line(FULL[:10], 30 + 2 * EM, 200), *[line(FULL, 30, 215 + 15 * k) for k in range(3)]]
    rows = read_page([*text, sub, *after])
    assert role_of(rows, sub.text) == "subhead" and starts(rows, sub.text)
    # the same line flush left is text running on (no centring, nothing to tell it by)
    flush = line("小标题文字在这里居中", 30, 180, size=EM * 1.05)
    rows = read_page([*text, flush, *after])
    assert role_of(rows, flush.text) == "body"
    # a body-size line with such margins is no subhead either
    plain = line("小标题文字在这里居中也", 30 + 5, 180)
    rows = read_page([*text, plain, *after])
    assert role_of(rows, plain.text) == "body"


def test_a_kicker_above_and_a_subtitle_below_the_title() -> None:
    kicker = line("引题文字", 70, 20, size=14)
    title = line("主标题文字", 40, 40, size=24)
    subtitle = line("副题文字", 70, 70, size=14)
    text = [line(FULL[:10], 30 + 2 * EM, 100), *[line(FULL, 30, 115 + 15 * k) for k in range(5)]]
    rows = read_page([kicker, title, subtitle, *text])
    assert [(t, r) for t, r, _, _ in rows][:3] == [("引题文字", "kicker"), ("主标题文字", "title"), ("副题文字", "subtitle")]
    assert rows[0][2] and not any(a for _, _, a, _ in rows[1:])


def test_a_pictures_caption_and_credit() -> None:
    pic = (30.0, 100.0, 270.0, 250.0)
    cap = line("图为某地新建的一座大桥横跨江面", 30, 255, size=8)
    credit = line("本报记者 李四 摄", 200, 266, size=8)
    text = [line(FULL[:10], 320 + 2 * EM, 100), *[line(FULL, 320, 115 + 15 * k) for k in range(8)]]
    rows = read_page([cap, credit, *text], pictures=[pic])
    assert role_of(rows, cap.text) == "caption"
    assert role_of(rows, credit.text) == "credit"


def test_a_picture_framed_with_one_head_is_that_storys_wherever_it_stands() -> None:
    # a box (框) of four narrow columns (five characters of 9 pt) holds one story: its text
    # in the first two, the third blank, a picture at the top of the fourth with its caption
    # run down under it. A box is one story: the picture is the head's, not a photo story
    title = line("框里的稿件标题", 138, 319, size=18)
    text = [line("丁戊己庚辛", 138, 350 + 12.8 * k, size=9, width=45) for k in range(30)]
    text += [line("寅卯辰巳午", 187, 350 + 12.8 * k, size=9, width=45) for k in range(16)]
    pic = (285.0, 350.0, 330.0, 380.0)
    caps = [line("新景的一角", 285, 385 + 11.6 * k, size=8.1, width=45) for k in range(20)]
    cells, _ = cut_cells([title, *text, *caps], [pic], [[title]], {id(title)}, 9.0, [], [])
    grid = Grid(cells, 9.0)
    head = Opener(top=319.0, bbox=title.bbox, span=(138.0, 232.0), head=[title])
    small = {id(x) for x in caps}
    frame = [(312.0, 120.0, 348.0), (779.0, 120.0, 348.0)]
    sides = [(120.0, 312.0, 779.0), (348.0, 312.0, 779.0)]
    assert not picture_opens(pic, [*text, *caps], small, [head], grid, frame, sides)
    # unframed, a picture a blank column away from the story's text opens a photo story
    assert picture_opens(pic, [*text, *caps], small, [head], grid, [], [])
    # a box round two stories says nothing of whose the picture is
    other = line("另一篇的标题", 138, 600, size=18)
    second = Opener(top=600.0, bbox=other.bbox, span=(138.0, 232.0), head=[other])
    assert picture_opens(pic, [*text, *caps], small, [head, second], grid, frame, sides)


def test_a_caption_without_its_picture_run_over_two_columns_reads_whole_column_by_column() -> None:
    # a photo's caption whose picture the file lost, set in two columns side by side under a
    # story, its credit under the second: one photo story, the first column read first
    head = line("甲文的标题在这里", 40, 30, size=24)
    text = _column("甲", 30, 70, 6) + _column("甲", 162, 70, 6)
    cap_left = [line("图为某地新建的一座大桥横", 30, 170, size=8), line("跨江面两岸灯火通明如同白", 30, 181, size=8),
                line("昼一般吸引了许多市民", 30, 192, size=8)]
    cap_right = [line("前来观赏拍照留念。", 162, 170, size=8), line("本报记者 某某 摄", 200, 181, size=8)]
    rows = read_page([head, *text, *cap_left, *cap_right])
    story = article_of(rows)
    assert {story[x.text] for x in cap_left + cap_right} == {story[cap_left[0].text]} != {story[head.text]}
    order = [r[0] for r in rows if r[1] in ("caption", "credit")]
    assert order == [x.text for x in cap_left + cap_right]
    assert role_of(rows, cap_right[-1].text) == "credit"


def test_a_caption_without_its_picture_cut_at_a_column_s_foot_goes_on_at_the_next_column_s_top() -> None:
    # columns flow: a photo's caption (its picture lost in export) under a story's end in
    # the second column is cut in mid-sentence at that column's foot and goes on at the
    # third column's top, where it ends at its credit; lower in the third column, level
    # with the cut caption, another photo's caption with its own credit
    head = line("甲文标题", 30, 70, size=24)
    text = [*_column("甲", 30, 105, 10, end="，"), line("甲" + FULL[1:], 162, 70), line("甲" + FULL[1:], 162, 85),
            line("甲乙丙丁戊。", 162, 100)]
    cut = [line("图为工人在新建的港口码头上", 178, 140, size=8),  # indented two characters
           line("装卸集装箱。港口今年扩建后，", 162, 151, size=8),
           line("吞吐能力提高了一倍，夜间作业", 162, 162, size=8),
           line("时码头灯火通明，远处货轮排队", 162, 173, size=8)]
    run_on = [line("等候进港，场面十分壮观热闹。", 294, 70, size=8),
              line("本报记者 某某 摄", 350, 81, size=8)]
    other = [line("这是雨后的山间梯田。云雾在", 310, 145, size=8),
             line("山腰间缓缓流动，如诗如画。", 294, 156, size=8),
             line("新华社记者 某甲 摄", 342, 167, size=8)]
    below = [line("乙文标题", 294, 200, size=24), *_column("乙", 294, 235, 6)]
    rows = read_page([head, *text, *cut, *run_on, *other, *below])
    story = article_of(rows)
    photo = {story[x.text] for x in cut + run_on}
    assert len(photo) == 1 and photo.isdisjoint({story[head.text], story[other[0].text]})
    assert {story[x.text] for x in other} == {story[other[0].text]} != {story[head.text]}
    order = [r[0] for r in rows if story[r[0]] in photo]
    assert order == [x.text for x in cut + run_on]
    assert {role_of(rows, x.text) for x in cut} == {"caption"}
    assert role_of(rows, run_on[-1].text) == "credit"
    assert not starts(rows, run_on[0].text)  # the cut sentence goes on


def test_a_framed_block_of_display_type_without_clauses_is_an_advert() -> None:
    head = line("特价商品大促销", 100, 300, size=24)
    lines = [line("地址 人民路一号", 100, 330), line("电话 1234567", 100, 345)]
    text = [line(FULL[:10], 330 + 2 * EM, 100), *[line(FULL, 330, 115 + 15 * k) for k in range(8)]]
    frame = [(290.0, 90.0, 280.0), (360.0, 90.0, 280.0)]
    sides = [(90.0, 290.0, 360.0), (280.0, 290.0, 360.0)]
    rows = read_page([*text, head, *lines], rules=frame, vertical_rules=sides)
    assert role_of(rows, head.text) == "furniture" and role_of(rows, lines[0].text) == "furniture"
    # without its frame, halfway down the page, it is a story
    rows = read_page([*text, head, *lines])
    assert role_of(rows, head.text) == "title"
    # with a clause in it, it is a story, framed or not
    said = [line("地址 人民路一号，欢迎光临。", 100, 330), lines[1]]
    rows = read_page([*text, head, *said], rules=frame, vertical_rules=sides)
    assert role_of(rows, head.text) == "title"


def test_display_type_at_the_foot_of_the_page_is_an_advert() -> None:
    head = line("特价商品大促销", 100, 700, size=24)
    lines = [line("地址 人民路一号", 100, 730)]
    text = [line(FULL[:10], 30 + 2 * EM, 100), *[line(FULL, 30, 115 + 15 * k) for k in range(8)]]
    rows = read_page([*text, head, *lines])
    assert role_of(rows, head.text) == "furniture"


def test_a_page_without_a_column_of_text_is_one_untitled_article_with_a_warning() -> None:
    lines = [line("一行字", 100, 300), line("又一行字", 300, 500)]
    for k, ln in enumerate(lines):
        ln.order = k
    layout = analyse_page(lines, width=W, height=H, pictures=[], rules=[])
    assert layout.warnings and "no columns" in layout.warnings[0]
    assert [lay.role for lay in layout.layouts] == ["body", "body"]
    assert [lay.article_start for lay in layout.layouts] == [True, False]


def test_every_kind_of_byline_opens_a_paragraph_of_its_own() -> None:
    title = line("标题文字在这里", 40, 40, size=24)
    text = [line(FULL[:10], 30 + 2 * EM, 95), *[line(FULL, 30, 110 + 15 * k) for k in range(4)]]
    # a short line of names, flush left right under the head
    rows = read_page([title, line("本报记者 张三", 30, 80), *text])
    assert rows[1][1:] == ("byline", False, True)
    # a short line of names centred right under the head
    rows = read_page([title, line("张三 李四", 30 + 3.5 * EM, 75), *text])
    assert rows[1][1:] == ("byline", False, True)
    # a short line of names with more names flush under it
    text = [line(FULL[:10], 30 + 2 * EM, 110), *[line(FULL, 30, 125 + 15 * k) for k in range(4)]]
    rows = read_page([title, line("本报记者", 30, 80), line("张三 李四", 30, 95), *text])
    assert [r[1:] for r in rows[1:3]] == [("byline", False, True), ("byline", False, False)]


def test_a_byline_set_off_from_the_text_by_white_is_a_byline() -> None:
    """Two ems of white between the byline and the text cut the byline into a cell of its
    own, where it fills its measure: it is still the byline, and the text is not."""
    title = line("标题文字在这里", 40, 40, size=24)
    text = [line(FULL[:10], 30 + 2 * EM, 102), *[line(FULL, 30, 117 + 15 * k) for k in range(4)]]
    rows = read_page([title, line("本报记者 张三", 30, 72), *text])
    assert [r[:2] for r in rows[1:3]] == [("本报记者 张三", "byline"), (text[0].text, "body")]
    # set off so, a line that reads on in a sentence is still text
    rows = read_page([title, line("据了解，今年以来", 30, 72), *text])
    assert role_of(rows, "据了解，今年以来") == "body"


def test_a_full_line_of_names_runs_on_over_the_next_short_line_of_names() -> None:
    title = line("标题文字在这里", 40, 40, size=24)
    names = line("本报记者 张三 李四 王五", 30, 75, width=120)  # fills the column's measure
    more = line("赵六 钱七", 30, 90)
    text = [line(FULL[:10], 30 + 2 * EM, 110), *[line(FULL, 30, 125 + 15 * k) for k in range(4)]]
    rows = read_page([title, names, more, *text])
    assert [r[:2] for r in rows[1:4]] == [(names.text, "byline"), ("赵六 钱七", "byline"), (text[0].text, "body")]
    # a full first line that goes on in a sentence is text
    said = line("甲乙丙丁戊己庚辛壬癸，", 30, 90)
    rows = read_page([title, names, said, *text])
    assert role_of(rows, names.text) == "body"


def test_a_caption_of_several_lines_under_a_picture_and_its_credit() -> None:
    pic = (30.0, 100.0, 270.0, 250.0)
    caps = [line(f"图为某地新建的第{k + 1}座大桥横跨江面两岸", 30, 252 + 11 * k, size=8) for k in range(3)]
    credit = line("新华社记者 王五 摄", 194, 285, size=8)  # more than three lines' height under the picture
    text = [line(FULL[:10], 320 + 2 * EM, 100), *[line(FULL, 320, 115 + 15 * k) for k in range(12)]]
    rows = read_page([*caps, credit, *text], pictures=[pic])
    assert [role_of(rows, c.text) for c in caps] == ["caption"] * 3
    assert role_of(rows, credit.text) == "credit"
    photo = [r for r in rows if r[0] in {c.text for c in caps} | {credit.text}]
    assert [a for _, _, a, _ in photo] == [True, False, False, False]  # one photo story


def test_a_paragraph_begun_at_a_columns_foot_runs_on_under_the_next_columns_caption() -> None:
    """A story's column ends on a paragraph's indented first line in mid-sentence; the
    next column, beside its head, holds a photo's caption and credit (no picture box, as
    in an OCR file), then text that goes on in mid-sentence: the story's run-on, not an
    article of the photo's."""
    title = line("标题在这里", 30, 40, size=20)
    col = [line(FULL[:10], 30 + 2 * EM, 80), *[line(FULL, 30, 95 + 15 * k) for k in range(3)],
           line("子丑寅卯。", 30, 140), line(FULL[:10], 30 + 2 * EM, 155)]  # a paragraph begun at the foot
    caps = [line("图为某地新建的大桥横跨江面", 160, 40, size=8), line("两岸交通从此畅通", 160, 51, size=8)]
    credit = line("新华社记者 王五 摄", 160, 62, size=8)
    run_on = [line("乙丙" + FULL[2:], 160, 125), line("丙丁" + FULL[2:], 160, 140), line("甲乙丙丁。", 160, 155)]
    other = [line("另一个标题", 290, 40, size=20), line("戊己" + FULL[:8], 290 + 2 * EM, 80),
             *[line("己" + FULL[1:], 290, 95 + 15 * k) for k in range(5)]]
    # the column's foot is that of its piece of the page: another story is set below
    below = [line("下面的标题", 30, 220, size=20), *[line("丁" + FULL[1:], 30, 260 + 15 * k) for k in range(5)]]
    rows = read_page([title, *col, *caps, credit, *run_on, *other, *below], stream=False)
    of = article_of(rows)
    assert {of[ln.text] for ln in run_on} == {of[title.text]}
    assert of[caps[0].text] != of[title.text]


def test_a_subhead_at_a_columns_foot_goes_on_at_the_next_columns_top_with_the_caption_there() -> None:
    """A story's first column ends on a subhead (another story set below); its head
    reaches a third into the next column, which holds a photo's caption and credit (no
    picture box, as in an OCR file) and under them the subhead's text, opening a
    paragraph: the story's, and so is the photo set in its run of columns."""
    title = line("标题文字在这里", 25, 79, size=29)
    byline = line("本报记者 张三", 25, 120)
    col = [line(FULL[:12], 25 + 2 * EM, 132), *[line(FULL + "寅卯", 25, 145 + 13 * k) for k in range(20)],
           line("一个小标题", 52, 411, size=12)]
    caps = [line("图为某地新建的大桥横跨江面两岸", 198, 236, size=8.5), line("交通从此畅通无阻", 183, 249, size=8.5),
            line("当天是某某节日各地举办活动", 198, 262, size=8.5), line("吸引市民参加", 183, 275, size=8.5)]
    credit = line("新华社记者 王五 摄", 250, 288, size=8.5)
    run_on = [line("乙丙" + FULL, 183 + 2 * EM, 322), *[line("丙丁" + FULL, 183, 335 + 13 * k) for k in range(5)],
              line("甲乙丙丁。", 183, 400)]
    other = [line("另一个标题文字很长在这里", 341, 61, size=24),
             *[line("己" + FULL + "寅", 341 + k * 158, 96 + 13 * j) for k in range(2) for j in range(14)]]
    below = [line("下面的标题在这里", 25, 460, size=20),
             *[line("丁" + FULL + "寅", 25 + k * 158, 494 + 13 * j) for k in range(4) for j in range(5)]]
    rows = read_page([title, byline, *col, *caps, credit, *run_on, *other, *below], stream=False)
    of = article_of(rows)
    assert {of[ln.text] for ln in run_on} == {of[title.text]}
    assert {of[ln.text] for ln in [*caps, credit]} == {of[title.text]}
    assert role_of(rows, caps[0].text) == "caption"


def test_two_pictures_of_one_story_each_keep_their_caption() -> None:
    title = line("标题文字在这里很长", 60, 40, size=24)
    left_pic, right_pic = (30.0, 80.0, 150.0, 180.0), (162.0, 80.0, 282.0, 180.0)
    left_cap = line("左图说明文字", 30, 182, size=8)
    right_cap = line("右图说明文字", 162, 182, size=8)
    text = [line(FULL[:10], 30 + 2 * EM, 200), *[line(FULL, 30, 215 + 15 * k) for k in range(4)]]
    text += [line("乙" + FULL[1:], 162, 200 + 15 * k) for k in range(5)]
    rows = read_page([title, left_cap, right_cap, *text], pictures=[left_pic, right_pic])
    assert role_of(rows, left_cap.text) == "caption"
    assert role_of(rows, right_cap.text) == "caption"


def test_a_short_rule_between_paragraphs_does_not_part_the_story() -> None:
    title = line("标题文字在这里", 40, 40, size=24)
    upper = [line(FULL[:10], 30 + 2 * EM, 80), *[line(FULL, 30, 95 + 15 * k) for k in range(3)],
             line(FULL[:4] + "。", 30, 140)]
    lower = [line(FULL[:10], 30 + 2 * EM, 165), *[line(FULL, 30, 180 + 15 * k) for k in range(3)]]
    dash = [(157.0, 70.0, 110.0)]  # a third of the column: an ornament between paragraphs
    for stream in (True, False):
        rows = read_page([title, *upper, *lower], rules=dash, stream=stream)
        assert sum(a for *_, a, _ in rows) == 1


def test_a_short_rule_over_a_slightly_larger_line_does_not_make_it_a_briefs_head() -> None:
    upper = [line(FULL[:10], 30 + 2 * EM, 80), *[line(FULL, 30, 95 + 15 * k) for k in range(3)],
             line(FULL[:4] + "。", 30, 140)]
    sub = line("一个小标题", 50, 155, size=EM * 1.15)
    lower = [line(FULL[:10], 30 + 2 * EM, 175), *[line(FULL, 30, 190 + 15 * k) for k in range(4)]]
    rows = read_page([*upper, sub, *lower], rules=[(153.0, 80.0, 100.0)])
    assert role_of(rows, sub.text) == "subhead"
    assert sum(a for *_, a, _ in rows) == 1


def test_a_flush_right_head_takes_the_blank_column_to_its_left() -> None:
    # a two-column story whose head is set flush right over its second column, the
    # first column blank beside the head: one story over both columns
    title = line("标题在此", 162 + 120 - 96, 40, size=24)
    first = [line(FULL[:10], 30 + 2 * EM, 100), *[line(FULL, 30, 115 + 15 * k) for k in range(5)]]
    second = [line("乙" + FULL[1:], 162, 100 + 15 * k) for k in range(5)] + [line("丙" + FULL[1:4] + "。", 162, 175)]
    for stream in (True, False):
        rows = read_page([title, *first, *second], stream=stream)
        assert sum(a for *_, a, _ in rows) == 1
        assert [t for t, *_ in rows] == texts([title, *first, *second])


def test_a_vertical_head_broken_down_its_column_is_one_head_read_top_to_bottom() -> None:
    # an engine breaks a long vertical display line at a wide space between its words:
    # the pieces stand one over the other, half an em apart
    upper = line("上半标题", 200, 0, size=30, vertical=True)
    lower = line("下半标题", 203, 4 * 30 + 15, size=30, vertical=True)
    assert [texts(g) for g in group_heads([lower, upper], [])] == [["上半标题", "下半标题"]]
    # a vertical head of another story under it, past a line's white: its own head
    other = line("另一标题", 200, 4 * 30 + 45, size=30, vertical=True)
    assert len(group_heads([upper, other], [])) == 2


def test_a_vertical_head_beside_another_but_lower_down_is_another_head() -> None:
    upper = line("左上标题", 170, 0, size=30, vertical=True)
    lower = line("右下标题", 205, 130, size=30, vertical=True)  # beside it, but lower down: no shared height
    assert len(group_heads([upper, lower], [])) == 2


def test_a_frame_drawn_tight_or_short_of_the_corners_still_frames_an_advert() -> None:
    head = line("特价商品大促销", 100, 300, size=24)  # box: 100..268 x 300..355
    lines = [line("地址 人民路一号", 100, 330), line("电话 1234567", 100, 345)]
    text = [line(FULL[:10], 330 + 2 * EM, 100), *[line(FULL, 330, 115 + 15 * k) for k in range(8)]]
    tight = ([(295.0, 95.0, 275.0), (360.0, 95.0, 275.0)], [(95.0, 295.0, 360.0), (275.0, 295.0, 360.0)])
    short = ([(292.0, 110.0, 258.0), (362.0, 110.0, 258.0)], [(92.0, 310.0, 345.0), (276.0, 310.0, 345.0)])
    for rules, sides in (tight, short):
        rows = read_page([*text, head, *lines], rules=rules, vertical_rules=sides)
        assert role_of(rows, head.text) == "furniture"
    # rules above and below and column rules elsewhere on the page: no frame
    rows = read_page([*text, head, *lines], rules=tight[0], vertical_rules=[(310.0, 50.0, 600.0)])
    assert role_of(rows, head.text) == "title"


def run_on_page() -> tuple[PositionedLine, list[PositionedLine], PositionedLine, list[PositionedLine],
                           list[PositionedLine]]:
    """Head B over two columns, B's text in column one ending a sentence, head A under it
    in column one, A's text running to the foot of column one (its last line full, at
    240..250), column two full of text from the top: (head B, B's text, head A, A's text,
    column two)."""
    head_b = line("乙文标题在此处", 60, 20, size=24)
    b_text = [line(FULL[:10], 30 + 2 * EM, 60), line(FULL, 30, 75), line(FULL[:5] + "。", 30, 90)]
    head_a = line("甲文标题", 40, 120, size=18)
    a_text = [line(FULL[:10], 30 + 2 * EM, 150), *[line(FULL, 30, 165 + 15 * k) for k in range(6)]]
    on = [line("丙" + FULL[1:], 162, 60 + 15 * k) for k in range(13)] + [line("丁" + FULL[1:5] + "。", 162, 255)]
    return head_b, b_text, head_a, a_text, on


def test_a_story_running_out_mid_sentence_at_a_columns_foot_goes_on_at_the_top_of_the_next() -> None:
    # OCR page (no trustworthy order): head B over both columns; B's text in column one
    # ends a sentence; head A under it in column one; A runs out mid-sentence at the foot
    # of column one and goes on at the top of column two, which runs a line longer
    head_b, b_text, head_a, a_text, on = run_on_page()
    lines = [head_b, *b_text, head_a, *a_text, *on]
    lines.sort(key=lambda ln: (ln.y0, ln.x0))  # an OCR engine's rows
    story = article_of(read_page(lines))
    assert story[on[0].text] == story[a_text[-1].text] != story[b_text[-1].text]
    # where B's text in column one runs on mid-sentence, column two is B's
    b_runs = [*b_text[:2], line(FULL, 30, 90)]
    lines = sorted([head_b, *b_runs, head_a, *a_text, *on], key=lambda ln: (ln.y0, ln.x0))
    story = article_of(read_page(lines))
    assert story[on[0].text] == story[head_b.text] != story[head_a.text]


def test_a_cells_left_edge_is_where_most_lines_start_not_the_leftmost_line() -> None:
    lines = [line(FULL, 30, 100 + 15 * k) for k in range(6)]
    lines.append(line("“" + FULL[:11], 25, 190))  # an opening quote hung half an em into the margin
    cells, _ = cut_cells(lines, [], [], set(), EM, [], [])
    (cell,) = cells
    assert cell.left == pytest.approx(30)


def test_a_slightly_larger_line_right_under_a_rule_opens_a_brief() -> None:
    # briefs in one column, each under a rule, each headed a little larger than body type
    first = [line(FULL[:10], 30 + 2 * EM, 80), *[line(FULL, 30, 95 + 15 * k) for k in range(2)],
             line(FULL[:4] + "。", 30, 140)]
    head = line("第二条简讯", 30, 157, size=EM * 1.15)
    second = [line("乙" + FULL[1:10], 30 + 2 * EM, 175), *[line("乙" + FULL[1:], 30, 190 + 15 * k) for k in range(2)]]
    rows = read_page([*first, head, *second], rules=[(154.0, 30.0, 150.0)], stream=False)
    assert role_of(rows, head.text) == "title"
    assert article_of(rows)[head.text] == article_of(rows)[second[0].text] != article_of(rows)[first[0].text]


def test_untitled_text_stacked_in_a_column_is_one_article() -> None:
    # no head anywhere: a column cut across by a wide gap near the top of the page
    upper = [line(FULL[:10], 300 + 2 * EM, 40), *[line("甲" + FULL[1:], 300, 55 + 15 * k) for k in range(2)]]
    lower = [line(FULL[:10], 300 + 2 * EM, 100), *[line("乙" + FULL[1:], 300, 115 + 15 * k) for k in range(2)]]
    rows = read_page([*upper, *lower], stream=False)
    assert [a for *_, a, _ in rows].count(True) == 1


def test_a_credit_wrapped_over_two_lines_under_a_photo_is_read_as_one_credit() -> None:
    pic = (30.0, 100.0, 270.0, 250.0)
    cap = line("图为新建的大桥，横跨江面。", 30, 252, size=8)
    credit_first = line("新华社记者 王", 214, 263, size=8)  # flush right with the line under it
    credit_last = line("五 摄", 246, 274, size=8)
    credit_first.bbox = (214.0, 263.0, 270.0, 271.0)
    credit_last.bbox = (246.0, 274.0, 270.0, 282.0)
    text = [line(FULL[:10], 320 + 2 * EM, 100), *[line(FULL, 320, 115 + 15 * k) for k in range(12)]]
    rows = read_page([cap, credit_first, credit_last, *text], pictures=[pic])
    assert role_of(rows, cap.text) == "caption"
    assert [role_of(rows, credit_first.text), role_of(rows, credit_last.text)] == ["credit", "credit"]
    assert [starts(rows, credit_first.text), starts(rows, credit_last.text)] == [True, False]


# --- heads: decks, kickers and subtitles set large -----------------------------------------


def test_a_kicker_in_headline_type_half_the_titles_size_joins_it() -> None:
    kicker = line("引题文字在此", 136, 0, size=24)  # centred over the title: 136..280 under 100..316
    title = line("主标题在此", 88, 30, size=48)  # 88..328, centre 208
    heads = group_heads([kicker, title], [])
    assert [texts(g) for g in heads] == [["引题文字在此", "主标题在此"]]
    # set off to the side, it is a head of its own
    aside = line("别的标题文字", 400, 0, size=24)
    assert len(group_heads([aside, title], [])) == 2
    # far above, too
    high = line("引题文字在此", 136, -60, size=24)
    assert len(group_heads([high, title], [])) == 2


def test_a_subtitle_of_two_lines_in_display_type_joins_the_larger_title_above_it() -> None:
    title = line("主标题文字在此", 40, 0, size=40)  # 40..320, centre 180
    subs = [line("副题第一行文字", 110, 44, size=20), line("副题第二行文字", 110, 66, size=20)]
    heads = group_heads([title, *subs], [])
    assert [texts(g) for g in heads] == [["主标题文字在此", "副题第一行文字", "副题第二行文字"]]
    # the same two lines set off far to the right of the title: a head of their own
    beside = [line("副题第一行文字", 400, 44, size=20), line("副题第二行文字", 400, 66, size=20)]
    assert len(group_heads([title, *beside], [])) == 2


def test_decks_flush_left_or_flush_right_are_set_alike() -> None:
    top = line("第一行标题文字", 100, 0, size=24)  # 100..268
    flush_left = line("第二行", 100, 30, size=24)  # 100..172: flush left, not centred
    flush_right = line("第二行", 196, 30, size=24)  # 196..268: flush right
    assert len(group_heads([top, flush_left], [])) == 1
    assert len(group_heads([top, flush_right], [])) == 1
    # neither flush nor centred, under only part of it: a neighbour's head
    off = line("第二行字", 210, 30, size=24)  # 210..306
    assert len(group_heads([top, off], [])) == 2


# --- heads widening over blank columns ------------------------------------------------


def story_columns(x0s: list[float], top: float, rows: int = 5) -> list[list[PositionedLine]]:
    """Columns of a story, each with its own first character so lines can be told apart."""
    out = []
    for n, x0 in enumerate(x0s):
        mark = "甲乙丙丁戊"[n]
        col = [line(mark + FULL[1:10], x0 + 2 * EM, top)]
        col += [line(mark + FULL[1:], x0, top + 15 * k) for k in range(1, rows)]
        out.append(col)
    return out


def test_a_flush_left_head_takes_the_blank_column_to_its_right() -> None:
    title = line("标题在此", 30, 40, size=24)  # flush left over the first of two columns
    first, second = story_columns([30, 162], 100)
    for stream in (True, False):
        rows = read_page([title, *first, *second], stream=stream)
        assert sum(a for *_, a, _ in rows) == 1
        assert [t for t, *_ in rows] == texts([title, *first, *second])


def test_a_centred_head_takes_the_blank_columns_on_both_sides() -> None:
    title = line("标题在此", 162 + 12, 40, size=24)  # centred over the middle of three columns
    columns = story_columns([30, 162, 294], 100)
    rows = read_page([title, *[ln for c in columns for ln in c]], stream=False)
    assert sum(a for *_, a, _ in rows) == 1
    assert [t for t, *_ in rows] == texts([title, *[ln for c in columns for ln in c]])


def test_a_head_does_not_take_a_column_whose_text_stands_beside_it() -> None:
    # the column to the right holds another story's text at the head's height
    title = line("标题在此", 30, 40, size=24)
    first, = story_columns([30], 100)
    neighbour = [line("乙" + FULL[1:], 162, 40 + 15 * k) for k in range(9)]
    rows = read_page([title, *first, *neighbour], stream=False)
    story = article_of(rows)
    assert story[first[0].text] == story[title.text] != story[neighbour[0].text]


def test_a_head_over_half_a_column_whose_text_starts_far_below_owns_that_column() -> None:
    """A head stands over its first column and most of the next, whose text starts far
    down (under a picture an OCR file does not draw): that column's text is the head's
    story's, not the story's above the head."""
    a_head = line("甲文的标题在此处很长", 30, 20, size=24)
    a_text = [line(mark + FULL[1:], x, 60 + 15 * k) for x, mark in ((30, "甲"), (162, "丁")) for k in range(5)]
    b_head = line("乙文的标题在此处", 30, 150, size=24)  # over column 1 and 70% of column 2
    b_col1 = [line("乙" + FULL[1:10], 30 + 2 * EM, 190)] + [line("乙" + FULL[1:], 30, 190 + 15 * k) for k in range(1, 8)]
    b_col2 = [line("丙" + FULL[1:], 162, 265 + 15 * k) for k in range(4)]  # nine ems of blank above it
    rows = read_page([a_head, *a_text, b_head, *b_col1, *b_col2], stream=False)
    story = article_of(rows)
    assert story[b_col2[0].text] == story[b_head.text] != story[a_head.text]
    assert story[a_text[-1].text] == story[a_head.text]


def test_two_heads_side_by_side_keep_their_own_columns() -> None:
    left_title = line("甲文标题", 30, 40, size=24)
    right_title = line("乙文标题", 162, 40, size=24)
    first, second = story_columns([30, 162], 100)
    rows = read_page([left_title, right_title, *first, *second], stream=False)
    story = article_of(rows)
    assert story[first[0].text] == story[left_title.text]
    assert story[second[0].text] == story[right_title.text] != story[left_title.text]


def test_a_head_widens_beside_a_neighbours_head_that_stands_over_another_column() -> None:
    # story A: head flush left over the first column, the second blank beside it; story
    # C in the third column under its own head at the same height
    head_a = line("甲文标题", 30, 40, size=24)
    head_c = line("丙文标题", 294, 40, size=24)
    first, second, third = story_columns([30, 162, 294], 100)
    rows = read_page([head_a, head_c, *first, *second, *third], stream=False)
    story = article_of(rows)
    assert story[first[0].text] == story[second[0].text] == story[head_a.text]
    assert story[third[0].text] == story[head_c.text] != story[head_a.text]


def test_vertical_lines_set_close_in_one_column_read_right_to_left() -> None:
    # OCR boxes of vertical lines that overlap by half an em: one column piece
    lines = [line(f"{k}" + TEXT[:10], 300 - 5 * k, 0, vertical=True) for k in range(4)]
    cells, _ = cut_cells(lines, [], [], set(), EM, [], [])
    assert len(cells) == 1
    assert order(lines[::-1]) == texts(lines)


def test_columns_right_under_a_caption_across_them_read_column_by_column() -> None:
    # a caption set across two columns under their picture: an indented first line, a short
    # run-on line that bars no gutter, a full line, a credit; the two columns start right
    # under it (less than a blank line between). The caption's rows, short one included, part
    # from the columns, which then read one after the other, not row by row.
    caps = [line("这是某日拍摄的江边新景，大桥两岸", 46, 100, size=8), line("上。", 30, 111, size=8),
            line("当日天气晴好，大桥两岸游人如织，吸引了四方来客。", 30, 122, size=8),
            line("本报记者 某某 摄", 190, 133, size=8)]
    left = [line("甲" + FULL[1:], 30, 150 + 15 * k) for k in range(6)]
    right = [line("乙" + FULL[1:], 162, 150 + 15 * k) for k in range(6)]
    cells, _ = cut_cells(caps + left + right, [], [], set(), EM, [], [])
    for cell in cells:
        firsts = {ln.text[0] for ln in cell.lines if ln in left + right}
        assert len(firsts) <= 1, [ln.text for ln in cell.lines]


def test_a_storys_caption_reads_in_its_own_order_when_its_lines_fall_in_different_cells() -> None:
    # the caption's short last line starts left of its indented first lines and the credit is
    # set flush right: the cutter may part them into cells of their own; the caption still
    # reads top to bottom, credit last
    title = line("江边新景引来游人如织", 40, 40, size=24)
    text = [line(FULL[:10], 30 + 2 * EM, 80), *[line(FULL, 30, 95 + 15 * k) for k in range(14)]]
    pic = (162.0, 80.0, 402.0, 200.0)
    caps = [line("这是某日拍摄的江边新景。", 178, 203, size=8),
            line("当日天气晴好，大桥两岸游人如织，吸引了四方来客和", 178, 214, size=8),
            line("市民驻足观看。", 162, 225, size=8),
            line("本报记者 某某 摄", 330, 236, size=8)]
    more = [line(FULL[:10], 162 + 2 * EM, 260), *[line(FULL, 162, 275 + 15 * k) for k in range(6)]]
    rows = read_page([title, *text, *caps, *more], pictures=[pic])
    assert [r[0] for r in rows if r[1] in ("caption", "credit")] == [c.text for c in caps]
    assert role_of(rows, caps[-1].text) == "credit"


def _column(tag: str, x: float, top: float, lines: int, end: str = "。") -> list[PositionedLine]:
    """A paragraph in a 120 pt column: indented first line, full lines, a short last line."""
    return ([line(tag + FULL[1:10], x + 2 * EM, top)]
            + [line(tag + FULL[1:], x, top + 15 * (k + 1)) for k in range(lines - 2)]
            + [line(tag + FULL[1:5] + end, x, top + 15 * (lines - 1))])


def _articles_in_order(rows: list[tuple[str, str, bool, bool]]) -> list[str]:
    """`甲0 甲0 乙1 …`: each line's first character and its article's number in reading order."""
    article = -1
    out = []
    for text, _, start, _ in rows:
        article += start
        out.append(f"{text[0]}{article}")
    return out


def test_a_story_flowing_from_a_columns_foot_reads_on_at_the_next_columns_top_with_its_subhead() -> None:
    # flowing columns (stories one after another down and across): a head at the foot of
    # the first column, its text runs on at the top of the second, where a subhead (a little
    # larger, a line's space above it) stands in the middle; the stream writes it in that order
    a_head = line("甲文标题", 40, 40, size=24)
    a_text = [line(FULL[:10], 30 + 2 * EM, 80), *[line(FULL, 30, 95 + 15 * k) for k in range(8)],
              line(FULL[:5] + "。", 30, 215)]
    b_head = line("乙文的标题", 30, 250, size=20)
    b_foot = [line("乙" + FULL[1:10], 30 + 2 * EM, 285), *[line("乙" + FULL[1:], 30, 300 + 15 * k) for k in range(5)]]
    b_top = [*[line("乙" + FULL[1:], 162, 40 + 15 * k) for k in range(6)], line(FULL[:5] + "。", 162, 130)]
    subhead = line("小标题在此", 187, 160, size=11.5)
    b_more = [line("丙" + FULL[1:10], 162 + 2 * EM, 180), *[line("丙" + FULL[1:], 162, 195 + 15 * k) for k in range(10)]]
    rows = read_page([a_head, *a_text, b_head, *b_foot, *b_top, subhead, *b_more])
    assert role_of(rows, subhead.text) == "subhead"
    story = [r[0] for r in rows[[r[0] for r in rows].index(b_head.text):]]
    assert story == [b_head.text, *[x.text for x in b_foot + b_top], subhead.text, *[x.text for x in b_more]]


def test_a_head_at_a_columns_top_reads_its_text_under_it_before_the_next_columns_top_beside_it() -> None:
    # a head set over the first column only; its text runs down under it and ends at the top
    # of the second column, level with the head, above another story: the text under the
    # head reads first
    head = line("甲文标题", 30, 30, size=24)
    under = [line(FULL[:10], 30 + 2 * EM, 70), *[line(FULL, 30, 85 + 15 * k) for k in range(8)]]
    beside = [line("乙" + FULL[1:], 162, 30), line("乙" + FULL[1:5] + "。", 162, 45)]
    other_head = line("丙文标题", 162, 75, size=20)
    other = _column("丙", 162, 110, 6)
    rows = read_page([head, *under, *beside, other_head, *other])
    assert [r[0] for r in rows][: 2 + len(under) + len(beside)] == [x.text for x in [head, *under, *beside, other_head]]


def test_a_flowed_column_reads_on_past_its_subhead_level_with_the_head() -> None:
    # as above, but the next column's text runs down past a subhead to below the head's top:
    # the piece under the subhead is the rest of that flowed column, read after its top, not
    # before it as text level with the head
    a_head = line("甲文标题", 40, 40, size=24)
    a_text = [line(FULL[:10], 30 + 2 * EM, 80), *[line(FULL, 30, 95 + 15 * k) for k in range(8)],
              line(FULL[:5] + "。", 30, 215)]
    b_head = line("乙文的标题", 30, 250, size=20)
    b_foot = [line("乙" + FULL[1:10], 30 + 2 * EM, 285), *[line("乙" + FULL[1:], 30, 300 + 15 * k) for k in range(5)]]
    b_top = [*[line("乙" + FULL[1:], 162, 40 + 15 * k) for k in range(12)], line(FULL[:5] + "。", 162, 220)]
    subhead = line("小标题在此", 187, 245, size=11.5)  # set off by white above and below
    b_more = [line("丙" + FULL[1:10], 162 + 2 * EM, 272), *[line("丙" + FULL[1:], 162, 287 + 15 * k) for k in range(6)]]
    rows = read_page([a_head, *a_text, b_head, *b_foot, *b_top, subhead, *b_more])
    assert role_of(rows, subhead.text) == "subhead"
    story = [r[0] for r in rows[[r[0] for r in rows].index(b_head.text):]]
    assert story == [b_head.text, *[x.text for x in b_foot + b_top], subhead.text, *[x.text for x in b_more]]


def test_the_stream_carries_a_column_top_past_another_storys_text_to_the_head_below() -> None:
    # three bands down two columns: a head over both at the top; a story flowing from the
    # first column's foot into the second; a third whose head stands low in the first column
    # and whose text runs on at the top of its band in the second, above that head. The first
    # head spans the second column, but the second story's text lies between: the stream says
    # whose the piece is
    top_head = line("甲文的大标题在这里", 60, 30, size=24)
    top_text = _column("甲", 30, 70, 8) + _column("甲", 162, 70, 8)
    mid_head = line("乙文标题", 30, 200, size=20)
    mid_text = _column("乙", 30, 235, 5, end="丑")
    mid_text += [*[line("乙" + FULL[1:], 162, 200 + 15 * k) for k in range(7)], line("乙" + FULL[1:5] + "。", 162, 305)]
    low_on = _column("丙", 162, 340, 6)
    low_head = line("丙文标题", 30, 400, size=20)
    low_text = _column("丙", 30, 435, 8)
    rows = read_page([top_head, *top_text, mid_head, *mid_text, low_head, *low_text, *low_on])
    assert _articles_in_order(rows) == ["甲0"] * 17 + ["乙1"] * 14 + ["丙2"] * 15


def test_a_flush_run_on_under_a_finished_paragraph_goes_where_the_stream_says() -> None:
    # flowing columns: a short story under its head at the top of the second column ends its
    # paragraph (a sentence ended short of the measure); right under it, set flush, text runs
    # on that the stream writes after the last line of a lower story in the first column,
    # which broke off in mid-sentence on a full line. A paragraph ended does not go on in an
    # unindented line: the piece is the lower story's, though it stands above that story's head
    c_head = line("丙文标题", 30, 30, size=20)
    c_text = _column("丙", 30, 70, 8)
    a_head = line("甲文标题", 162, 30, size=20)
    a_text = _column("甲", 162, 70, 6)
    b_head = line("乙文标题", 30, 200, size=20)
    b_text = [line("乙" + FULL[1:10], 30 + 2 * EM, 235), *[line("乙" + FULL[1:], 30, 250 + 15 * k) for k in range(5)]]
    b_on = [*[line("丁" + FULL[1:], 162, 170 + 15 * k) for k in range(3)], line("丁" + FULL[1:5] + "。", 162, 215)]
    rows = read_page([c_head, *c_text, a_head, *a_text, b_head, *b_text, *b_on])
    story = article_of(rows)
    assert {story[x.text] for x in b_on} == {story[b_head.text]}
    assert story[a_text[-1].text] == story[a_head.text] != story[b_head.text]
    # the story above ran on to a full line: the flush line may go on with it, and stays
    a_full = [*a_text[:-1], line("甲" + FULL[1:], 162, 70 + 15 * 5)]
    rows = read_page([c_head, *c_text, a_head, *a_full, b_head, *b_text, *b_on])
    story = article_of(rows)
    assert {story[x.text] for x in b_on} == {story[a_head.text]}


def test_text_right_under_its_storys_caption_stays_though_the_stream_writes_it_after_a_lower_story() -> None:
    # a writer that puts a page's text frames in any order may write the text under a
    # picture's caption right after the last line of a story set lower down the page; that
    # text stands right under its own story's caption, above the other story's head: a story
    # reads on after its head, never above it (the text goes on from the first column: no indent)
    head = line("甲文的标题在这里", 40, 30, size=24)
    left = _column("甲", 30, 70, 10, end="丑")
    pic = (162.0, 70.0, 282.0, 150.0)
    caption = [line("图为测试图片的说明文字。", 162, 153, size=8), line("本报记者 某 摄", 210, 164, size=8)]
    under = [*[line("甲" + FULL[1:], 162, 180 + 15 * k) for k in range(3)], line("甲" + FULL[1:5] + "。", 162, 225)]
    low_head = line("乙文标题", 40, 260, size=20)
    low = _column("乙", 30, 295, 6, end="丑")
    rows = read_page([head, *left, *caption, low_head, *low, *under], pictures=[pic])
    numbers = [int(x[1:]) for x in _articles_in_order(rows)]
    article = {text: k for (text, *_), k in zip(rows, numbers, strict=True)}
    assert {article[x.text] for x in [head, *left, *caption, *under]} == {article[head.text]}
    assert {article[x.text] for x in [low_head, *low]} == {article[low_head.text]} != {article[head.text]}


def test_a_column_broken_by_a_subhead_reads_down_before_the_shorter_column_beside_it() -> None:
    # the first column runs past the foot of the second, broken by a subhead a line below
    # where the second ends: the first column reads to its foot, subhead included, then the
    # second (a cut across at the subhead would read the second column in between)
    head = line("甲文的标题在这里很长", 40, 30, size=24)
    upper = _column("甲", 30, 70, 9)
    subhead = line("小标题在此处", 51, 205, size=11.5)
    lower = _column("丙", 30, 222, 5)
    beside = _column("乙", 162, 70, 6)
    rows = read_page([head, *upper, subhead, *lower, *beside])
    assert [r[0] for r in rows] == [x.text for x in [head, *upper, subhead, *lower, *beside]]


def test_a_genre_label_boxed_into_its_storys_column_heads_nothing() -> None:
    # a story in two columns under its head; a label (短评) set into the top of its first
    # column, the text running beside it and on under it to the column's right edge
    head = line("评论标题文字", 30, 100, size=24)
    label = line("短评", 30, 140, size=20)
    beside = [line(FULL[:7], 80, 140), line(FULL[:7], 80, 155)]
    under = [line(FULL, 30, 170 + 15 * k) for k in range(5)]
    second = [line(FULL, 170, 140 + 15 * k) for k in range(8)]
    rows = read_page([head, label, *beside, *under, *second])
    story = article_of(rows)
    assert {story[t] for t, _, _, _ in rows} == {story[head.text]}
    assert role_of(rows, label.text) != "title"
    # a brief's head as wide as its column, the next story's column beside it: a head (the
    # text beside it ends at another right edge than the text under it)
    brief = line("简讯标题五", 30, 100, size=24)
    mine = [line(FULL, 30, 135 + 15 * k) for k in range(6)]
    other = [line("另一篇的标题", 170, 60, size=20), *(line(FULL[:11], 170, 100 + 15 * k) for k in range(20))]
    rows = read_page([brief, *mine, *other])
    assert role_of(rows, brief.text) == "title"
    assert article_of(rows)[brief.text] == article_of(rows)[mine[0].text] != article_of(rows)[other[0].text]


def test_a_vertical_heads_text_starts_level_with_its_box_above_its_first_glyph() -> None:
    # a vertical head (竖排) at the left of its story's column, the text beside it and on
    # under it; the glyphs are inset in the head's box, so the first text line beside it
    # stands a little above the first glyph
    head = line("竖排标题文字", 20, 112, size=30, vertical=True)
    text = [line(f"{FULL}{k:02d}", 60, 100 + 15 * k, width=120) for k in range(13)]
    text += [line(f"{FULL}甲乙{k:02d}", 20, 300 + 15 * k, width=160) for k in range(5)]
    rows = read_page([head, *text], stream=False)
    assert [t for t, _, start, _ in rows if start] == [head.text]


def test_a_display_line_tight_between_two_paragraphs_of_a_column_is_a_subhead() -> None:
    def column(gap: float, heads: tuple[str, ...], last: str = "段末短行。",
               first: str = FULL[:10]) -> tuple[list[PositionedLine], list[PositionedLine]]:
        top = [line("本文的标题", 30, 60, size=24), *(line(f"{FULL}{k:02d}", 30, 100 + 15 * k, width=120)
                                               for k in range(4)), line(last, 30, 160, width=10 * len(last))]
        y = 170 + gap
        shown = [line(text, 45, y + 18 * k, size=15) for k, text in enumerate(heads)]
        y += 18 * len(heads) + 5
        rest = [line(first, 50, y), *(line(f"{FULL}{k:02d}", 30, y + 15 * (k + 1), width=120) for k in range(6))]
        return top + shown + rest, shown

    # a slogan set 1.5x body between a paragraph's short last line and the next paragraph's
    # indented first line, under half a line of white either side: the story's subhead
    lines, (slogan,) = column(3, ("口号式的小标题",))
    rows = read_page(lines)
    assert [t for t, _, start, _ in rows if start] == ["本文的标题"]
    assert role_of(rows, slogan.text) == "subhead"
    # after a line of white, the head of the next story
    lines, (head,) = column(12, ("另一篇的标题",))
    rows = read_page(lines)
    assert [t for t, _, start, _ in rows if start] == ["本文的标题", head.text]
    # tight under a full line (no paragraph ends there: the story above ran to its foot)
    lines, (head,) = column(3, ("另一篇的标题",), last=FULL)
    rows = read_page(lines)
    assert [t for t, _, start, _ in rows if start] == ["本文的标题", head.text]
    # a head of two lines, tight as it is, is a head
    lines, shown = column(3, ("两行标题上行", "两行标题下行"))
    rows = read_page(lines)
    assert [t for t, _, start, _ in rows if start] == ["本文的标题", shown[0].text]
    # tight over a dateline (or a byline): the head of the story it opens
    for opening in ("新华社北京5月3日电（记者", "本报记者 王明"):
        lines, (head,) = column(3, ("另一篇的标题",), first=opening)
        rows = read_page(lines)
        assert [t for t, _, start, _ in rows if start] == ["本文的标题", head.text], opening


def test_a_border_read_as_glyphs_ends_the_story_above_it() -> None:
    # OCR reads a decorative rule across a column as a string of glyphs: the text under it
    # is no longer the story above's, as under a drawn rule
    head = line("上面的标题", 30, 60, size=24)
    above = [line(f"{FULL}{k:02d}", 30, 100 + 15 * k, width=120) for k in range(4)] + [line("段末短行。", 30, 160)]
    border = line("GGGGGGGGGGGGGGGGGGGG", 30, 178, width=120)
    below = [line(f"{FULL}{k + 10}", 30, 195 + 15 * k, width=120) for k in range(5)]
    rows = read_page([head, *above, border, *below], stream=False)
    story = article_of(rows)
    assert role_of(rows, border.text) == "furniture"
    assert story[above[0].text] == story[head.text] != story[below[0].text]


def test_a_caption_beside_a_storys_text_under_its_head_is_the_storys_photo() -> None:
    # an OCR file draws no photo: under the story's head, beside its two columns, a blank
    # stretch (the picture) and the caption with its credit level with the story's text
    head = line("研究团队研制出新型材料", 30, 60, size=30)
    text = [line(f"{FULL}{k:02d}", x, 100 + 15 * k, width=120) for x in (30, 170) for k in range(10)]
    caption = [line("这是某日拍摄的实验室一角。", 310, 190, size=8), line("本报记者 某某 摄", 360, 205, size=8)]
    rows = read_page([head, *text, *caption], stream=False)
    story = article_of(rows)
    assert {story[c.text] for c in caption} == {story[head.text]}
    # text set over the caption's measure (the place is no picture's): not the story's photo
    over = [line(f"另一栏文字{k:02d}", 310, 100 + 15 * k, width=120) for k in range(4)]
    rows = read_page([head, *text, *over, *caption], stream=False)
    story = article_of(rows)
    assert story[caption[0].text] != story[head.text]
