"""Rules of the text pipeline at their edges, on small invented lines and pages: the first
and last line of a page, a bound met exactly, a space where extraction or OCR puts one.
Each test was written for a mutant of `stages/` that a mutation sample left alive
(docs/testing.md, "Mutation testing") and checked to fail with it.
"""

from __future__ import annotations

import pytest

from banmian import parse_text
from banmian.conventions import load_conventions
from banmian.layout import LineLayout
from banmian.model import Page
from banmian.stages import run_text_pipeline
from banmian.stages.assemble import Unit, Vocabulary, _inside_bracket, _reads_as_subhead, build_units
from banmian.stages.build import _spaced_text, split_lead
from banmian.stages.classify import Kind, LineInfo, _open_note, blank_separated, classify_lines
from banmian.stages.columns import estimate_column_widths
from banmian.stages.headings import _beside_a_box, _clauses_of_old_text, _second_deck, find_headings
from banmian.stages.markers import match_dateline, match_jump_from, parse_byline, split_report_lead
from banmian.stages.paragraphs import split_paragraphs
from banmian.stages.source_lines import read_source_lines
from banmian.stages.spacing import _needs_space
from banmian.synth.layout import break_lines
from conftest import assert_nothing_lost

SPRING = (
    "今年春耕生产进展顺利，各地抢抓农时，农机具纷纷下田，田间地头一派繁忙景象。"
    "全省已完成春播面积三百万亩，比去年同期增加一成。"
)


def parse(text: str) -> Page:
    page = parse_text(text)
    assert_nothing_lost(page, text)
    return page


# --- markers -----------------------------------------------------------------------------


def test_a_jump_line_reads_through_an_ideographic_space_ocr_put_in_its_bracket() -> None:
    # OCR spaces a bracket's characters out with U+3000 as often as with U+0020
    assert match_jump_from("（上\u3000接第3版）全市春耕生产进展顺利。") == (3, 8)
    assert match_jump_from("（上 接第3版）全市春耕生产进展顺利。") == (3, 8)
    assert match_jump_from("（上接第3版）全市春耕生产进展顺利。") == (3, 7)
    # and in a half-width bracket
    assert match_jump_from("(上 接第3版)全市春耕生产进展顺利。") == (3, 8)


def test_a_bracketed_wire_dateline_with_an_ocr_space_signs_for_its_agency() -> None:
    # `（某地 二十八日海通社电）`: the agency of a bracketed wire dateline is the item's
    # byline's agency, whether or not OCR spaced the bracket out
    extra = load_conventions("mainland").dateline_patterns
    for text in ("（某地 二十八日海通社电） 每到周五", "（某地二十八日海通社电） 每到周五"):
        found = match_dateline(text, extra)
        assert found is not None and (found.place, found.date, found.agency) == ("某地", "二十八日", "海通社")
        assert found.people.agency == "海通社"
        assert text[found.end :] == " 每到周五"


def test_a_slash_credit_names_its_photographer_by_each_role_word() -> None:
    # `文/李四 摄/张三`: 摄, 摄影 and 图 name the photographer, 文 the writer
    for role in ("摄", "摄影", "图"):
        found = parse_byline(f"文/李四 {role}/张三")
        assert found is not None
        assert (found[0].reporters, found[0].photographers) == (["李四"], ["张三"])


def test_a_briefs_lead_stops_where_a_dateline_set_tight_after_it_begins() -> None:
    # `■社区食堂开张新华社北京3月5日电 近日…`: the lead is the words before the dateline
    assert split_lead("■社区食堂开张新华社北京3月5日电 近日，社区食堂开张。", "■") == ("社区食堂开张", "近日，社区食堂开张。")
    assert split_lead("■城区新增两处公园 近日，城区新建的两处口袋公园开放。", "■") == (
        "城区新增两处公园",
        "近日，城区新建的两处口袋公园开放。",
    )


@pytest.mark.xfail(strict=True, reason="open: `新增两处公园本报讯` matches the dateline grammar as an agency "
                   "`新增两处公园本报` + 讯, so the lead is cut after its first two characters")
def test_a_briefs_lead_before_a_tight_benbao_xun() -> None:
    assert split_lead("■城区新增两处公园本报讯 近日，城区新建的两处口袋公园开放。", "■") == (
        "城区新增两处公园",
        "近日，城区新建的两处口袋公园开放。",
    )


def test_a_report_lead_names_every_reporter_of_a_spaced_list() -> None:
    # `本报记者 王明、李华 报道：` opens the first paragraph of a report
    rest, people = split_report_lead("本报记者 王明、李华 报道：今天上午，全市春耕生产全面展开。") or ("", None)
    assert rest == "今天上午，全市春耕生产全面展开。"
    assert people is not None and people.reporters == ["王明", "李华"] and not people.contributors
    rest, people = split_report_lead("通讯员 赵强 报道：今天上午，全市春耕生产全面展开。") or ("", None)
    assert people is not None and people.contributors == ["赵强"] and not people.reporters


def test_a_dateline_wrapped_over_narrow_lines_reads_through_an_ocr_space_in_its_place() -> None:
    # `新华社巴` / `西 利亚3月5` / `日电（记者 张明远）…`: a narrow column wraps the dateline,
    # and OCR spaced the place name out where it wrapped
    text = "新华社巴西 利亚3月5日电（记者 张明远）" + SPRING
    lines = ["春耕机械化跑出加速度", "", *break_lines(text, 12)]
    assert lines[2:4] == ["新华社巴", "西 利亚3月5"]
    (article,) = parse("\n".join(lines)).articles
    assert article.dateline is not None
    assert (article.dateline.agency, article.dateline.place, article.dateline.date) == ("新华社", "巴西利亚", "3月5日")
    assert article.byline is not None and article.byline.reporters == ["张明远"]


def test_a_who_note_left_open_at_a_line_end_is_read_on() -> None:
    # `新华社北京3月5日电（记者` / `张明远）…`: the bracket opens after the dateline (a
    # space may stand before it) and does not close on this line
    end = len("新华社北京3月5日电")
    assert _open_note("新华社北京3月5日电（记者", end)
    assert _open_note("新华社北京3月5日电 （记者 ", end)
    assert not _open_note("新华社北京3月5日电（记者 张明远）今年", end)
    assert not _open_note("新华社北京3月5日电 今年春耕生产（全省）", end)


def test_a_jump_line_wrapped_onto_the_last_line_of_the_page() -> None:
    # `…一成。（下转第` / `5版）`: the page number wraps onto the dump's very last line
    lines = ["春耕机械化跑出加速度", "", *break_lines("\u3000\u3000" + SPRING, 14)]
    lines[-1] += "（下转第"
    lines.append("5版）")
    (article,) = parse("\n".join(lines)).articles
    assert article.continued_to == 5
    assert [b.text for b in article.blocks] == [SPRING]


# --- bylines the geometry reader placed -------------------------------------------------


def _with_roles(lines: list[str], roles: list[str]) -> Page:
    text = "\n".join(lines)
    page = run_text_pipeline(text, layouts=[LineLayout(role=r, article_start=i == 0) for i, r in enumerate(roles)])
    assert_nothing_lost(page, text)
    return page


def test_a_collective_byline_is_at_most_24_characters() -> None:
    # a line the reader set as a byline that names no person: a unit or writing group signs
    # the article; 24 characters is the longest such signature read as one
    body = break_lines("\u3000\u3000" + SPRING, 60)
    for signature, is_byline in (
        ("市农业农村局春耕生产专项调研组与市气象服务中心", True),  # 23
        ("市农业农村局春耕生产专项调研组与市气象服务中心站", True),  # 24
        ("市农业农村局春耕生产专项调研组与市气象服务中心站点", False),  # 25: read as text
    ):
        page = _with_roles(["春耕机械化跑出加速度", signature, *body], ["title", "byline"] + ["body"] * len(body))
        (article,) = page.articles
        if is_byline:
            assert article.byline is not None and article.byline.agency == signature
            assert [b.text for b in article.blocks] == [SPRING]
        else:
            assert article.byline is None
            assert article.blocks[0].text == signature


def test_a_byline_the_reader_saw_wrap_names_each_person_once() -> None:
    # `本报记者 王明 李华 张强` / `赵刚 孙丽`: the second line runs on from the first and is
    # read with it, not again as a byline of its own
    body = break_lines("\u3000\u3000" + SPRING, 60)
    roles = ["title", "byline", "byline"] + ["body"] * len(body)
    (article,) = _with_roles(["春耕机械化跑出加速度", "本报记者 王明 李华 张强", "赵刚 孙丽", *body], roles).articles
    assert article.byline is not None
    assert article.byline.reporters == ["王明", "李华", "张强", "赵刚", "孙丽"]
    assert article.byline.lines == [(2, 3)]
    assert [b.text for b in article.blocks] == [SPRING]
    (article,) = _with_roles(["春耕机械化跑出加速度", "本报记者 王明 李华 张强 通讯员", "赵刚 孙丽", *body], roles).articles
    assert article.byline is not None
    assert (article.byline.reporters, article.byline.contributors) == (["王明", "李华", "张强"], ["赵刚", "孙丽"])


# --- photos -----------------------------------------------------------------------------

THREE_LINE_PARAGRAPH_BEFORE_A_CREDITED_CAPTION = """\
县里农机助春耕

春耕时节，县里的农技人员走
进田间地头，手把手教农户使
用新型播种机，帮助农户抢抓
农时，春耕进度比去年同期快
了一周。

据介绍，全县今年新增各类农
机具八百多台，机耕率超过九
成，农技站还组织了二十多场
现场培训。

目前全县春播已完成八成，预
计下周全部完成播种任务，比
去年提前五天。

农机手驾驶新机器在田间作业
，农技人员讲解播种要点。（
本报记者 赵文华 摄）
"""


def test_a_three_line_paragraph_before_a_caption_in_the_text_measure_stays_with_the_story() -> None:
    # a caption sentence before the credited caption is one or two lines (`这是……拍摄的……。`);
    # a paragraph of three lines, short as it is, is the story's
    story, photo = parse(THREE_LINE_PARAGRAPH_BEFORE_A_CREDITED_CAPTION).articles
    assert [b.lines for b in story.blocks] == [(3, 7), (9, 12), (14, 16)]
    assert photo.kind == "photo"
    assert [(b.type, b.text) for b in photo.blocks] == [
        ("caption", "农机手驾驶新机器在田间作业，农技人员讲解播种要点。"),
        ("credit", "本报记者 赵文华 摄"),
    ]


# --- old pages ----------------------------------------------------------------------------

OLD_PAGE_ENDING_ON_A_SHORT_HEAD = """\
縣民搶種

縣內農民連日搶抓農時、田間地頭一派繁忙
景象、全縣已完成春播面積三萬畝、比去年同
期增加一成、農機具紛紛下田。

湖區來電
"""


def test_an_old_page_may_end_on_a_short_head() -> None:
    # the page's last line is a head of a word or two whose item the next page sets
    # (a boxed subhead is looked for under such a head: there is no line under it)
    page = parse_text(OLD_PAGE_ENDING_ON_A_SHORT_HEAD, conventions="republican")
    assert_nothing_lost(page, OLD_PAGE_ENDING_ON_A_SHORT_HEAD)
    story, last = page.articles
    assert (story.title, last.title) == ("縣民搶種", "湖區來電")
    assert [b.lines for b in story.blocks] == [(3, 5)]
    assert last.blocks == []


OLD_ONE_LINE_PARAGRAPH = """\
縣民搶種

全縣春播已畢、
縣內農民連日搶抓農時、田間地頭一派繁忙
景象、全縣已完成春播面積三萬畝、比去年同
期增加一成、農機具紛紛下田、
"""


def test_an_old_one_line_paragraph_ends_at_its_clause_mark() -> None:
    # old text ends its sentences with 、; a short line ending in it, first under the
    # head, is a paragraph of its own though no line comes before it to read it with
    page = parse_text(OLD_ONE_LINE_PARAGRAPH, conventions="republican")
    assert_nothing_lost(page, OLD_ONE_LINE_PARAGRAPH)
    (story,) = page.articles
    assert [(b.type, b.lines) for b in story.blocks] == [("paragraph", (3, 3)), ("paragraph", (4, 6))]


def _caption_under_a_title(first_line: str) -> str:
    return (
        "（上接第7版）\n"
        "    入冬以来，城西的湿地公园里候鸟成\n"
        "群，湖面上的白鹭和野鸭来来往往。\n"
        "    公园管理处负责人说，今年湿地水位\n"
        "稳定，来越冬的候鸟比往年多了不少。\n"
        "（下转第17版）\n\n"
        "湿地公园\n"
        "观鸟忙\n"
        f"{first_line}\n"
        "地。\n"
        "当日，成群的候鸟飞过，\n"
        "湖面波光粼粼，宛如一幅\n"
        "画卷，吸引不少市民驻足\n"
        "观看。\n\n"
        "■ 本报记者 林小舟 摄\n"
    )


def test_a_caption_line_under_a_title_is_set_within_a_glyph_of_the_caption_measure() -> None:
    # the caption's measure is its widest line (21 cells: `湖面波光粼粼，宛如一幅`, the
    # comma hanging); a full line of the caption whose sentence ends on the short line
    # under it is within a glyph (2 cells) of it; a line 3 cells wider is not set in
    # that measure and stays with the heading run above
    story, photo = parse(_caption_under_a_title("这是12月3日拍摄的湖边湿")).articles  # 23 cells
    assert story.title == "湿地公园观鸟忙"
    assert photo.kind == "photo" and photo.blocks[0].text.startswith("这是12月3日拍摄的湖边湿地。")
    story, photo = parse(_caption_under_a_title("这是12月13日拍摄的湖边湿")).articles  # 24 cells
    assert story.title == "湿地公园观鸟忙这是12月13日拍摄的湖边湿"
    assert photo.kind == "photo" and photo.blocks[0].text == "地。"


def test_a_photo_credit_wrapped_after_some_of_its_names_reads_on_up_to_16_characters() -> None:
    # `新华社记者 张三 李四` / `王五 … 摄`: the second line, 16 characters at most, ends in 摄
    second = "王五 赵六 孙七 周八 吴九 摄"
    assert len(second) == 16
    page = parse("春耕机械化跑出加速度\n\n　　" + SPRING + "\n\n农机手驾驶新机器在田间作业。\n新华社记者 张三 李四\n" + second + "\n")
    story, photo = page.articles
    assert [b.text for b in story.blocks] == [SPRING]
    assert photo.kind == "photo" and photo.byline is not None
    assert photo.byline.photographers == ["张三", "李四", "王五", "赵六", "孙七", "周八", "吴九"]
    assert photo.byline.lines == [(6, 7)]
    # a 17-character second line is text of its own, not the credit's names
    page = parse("春耕机械化跑出加速度\n\n　　" + SPRING + "\n\n农机手驾驶新机器在田间作业。\n新华社记者 张三 李四\n" + second[:-2] + "欧 摄\n")
    assert not any(a.byline is not None and "吴九欧" in a.byline.photographers for a in page.articles)


# --- small helpers at their bounds ----------------------------------------------------------


def test_a_line_break_between_a_letter_after_a_digit_and_a_digit_stood_for_a_space() -> None:
    # `5G` / `2024`: Latin on both sides of the break, and not one number cut in two
    assert _needs_space("支持5G", "2024款")
    # one number cut by the wrap: `3` + `5`, `3.` + `5`
    assert not _needs_space("共3", "5项")
    assert not _needs_space("增长3.", "5%")


def test_text_beside_a_box_is_two_lines_as_wide_as_the_first_or_three_after_an_indent() -> None:
    # lines beside a boxed subhead are as wide as each other; the first may be short by
    # an indent (two cells) where three or more are
    assert _beside_a_box([20, 20]) == 2
    assert _beside_a_box([20, 20, 20, 30]) == 3
    assert _beside_a_box([18, 20, 20]) == 3
    assert _beside_a_box([18, 20]) == 0  # two lines, the first short: a paragraph's first line
    assert _beside_a_box([10, 20, 20]) == 0  # short by more than an indent
    assert _beside_a_box([20, 30, 30]) == 0  # wider than the lines under it
    assert _beside_a_box([20]) == 0


def test_three_clause_marks_in_a_block_make_it_old_running_text() -> None:
    def lines(text: str) -> list[LineInfo]:
        return [LineInfo(line, Kind.BODY, line.text) for line in read_source_lines(text)]

    assert _clauses_of_old_text(lines("湖區各鄉、\n冬修水利、\n工程告竣、"), "、")  # three in the block
    assert _clauses_of_old_text(lines("湖區各鄉、冬修水利、"), "、")  # two on one line
    assert not _clauses_of_old_text(lines("湖區各鄉、\n冬修水利、\n工程告竣"), "、")  # a deck may list two things
    assert not _clauses_of_old_text(lines("湖區各鄉、\n冬修水利、\n工程告竣、"), "")  # modern text


# --- briefs -------------------------------------------------------------------------------

BRIEFS_THEN_A_STORY_SET_APART = (
    "简讯\n\n"
    "城区新增两处公园　近日，城区新建的两\n处口袋公园正式对市民开放。\n\n"
    "图书馆延时开放　市图书馆自本月起每\n天开放至晚上九点。\n\n"
    "湿地公园迎来观鸟季\n\n"
    "入冬以来，城西的湿地公园迎来一批又一批观鸟的市\n民，湖面上的白鹭和野鸭成群结队，岸边架起了长焦镜头。\n\n"
    "公园管理处负责人说，今年湿地水位稳定，水草长势良好，\n鸟儿的食物充足了许多，来越冬的候鸟比往年多了不少。\n"
)


def test_a_heading_set_apart_after_an_unbulleted_briefs_column_titles_a_story() -> None:
    # in a briefs column without bullets an item's lead runs into its text; a heading on
    # a block of its own after the column is the title of the story under it
    briefs = parse(BRIEFS_THEN_A_STORY_SET_APART).articles
    assert [a.title for a in briefs] == ["城区新增两处公园", "图书馆延时开放", "湿地公园迎来观鸟季"]
    assert [b.lines for b in briefs[2].blocks] == [(11, 12), (14, 15)]


# --- titles and subheads --------------------------------------------------------------------

HARVEST = "全省已完成春播面积三百万亩，比去年同期增加一成，种子化肥供应充足。"


def _units(text: str) -> list[Unit]:
    """The paragraphs, headings and markers of a page, before titles are decided."""
    conventions = load_conventions("mainland")
    infos = classify_lines(read_source_lines(text, None, conventions.punctuation_full_cell), conventions)
    find_headings(infos, estimate_column_widths(infos), conventions)
    blank_style = blank_separated(infos, conventions.clause_ends)
    widths = estimate_column_widths(infos, within_runs=True)
    return build_units(infos, split_paragraphs(infos, widths, blank_style=blank_style, conventions=conventions),
                       conventions)


@pytest.mark.parametrize(("ending", "bracketed"), [("", True), ("（完）", False)])
def test_a_closing_note_ends_the_bracket_of_a_byline_and_a_closing_dateline(ending: str, bracketed: bool) -> None:
    # a heading between an article's byline and its closing dateline is inside one story,
    # unless a paragraph under it ends the story first (`（完）`): the dateline further on
    # closes another item
    units = _units("\n\n".join(["本报记者 张明远", SPRING, "田间地头机声隆隆", HARVEST + ending, SPRING,
                                "（新华社北京3月5日电）"]) + "\n")
    assert [u.kind for u in units] == [Kind.BYLINE, Kind.BODY, Kind.HEADING, Kind.BODY, Kind.BODY, Kind.DATELINE_END]
    assert units[3].closes_article is bool(ending)
    assert _inside_bracket(units, 2, 2) is bracketed


def test_a_long_heading_over_text_that_goes_on_with_the_story_is_a_subhead() -> None:
    # on a page whose titles stand over bylines, a heading over plain text that shares the
    # story's words is its subhead, even one of 23 characters (longer than a subhead's
    # usual 11: that length alone would read as a title)
    head = "全省春耕春播工作有序推进农机具纷纷下田抢抓农时"
    units = _units("\n".join(["本报记者 张明远", "", SPRING, HARVEST, "", head, "", SPRING, HARVEST]) + "\n")
    assert [u.kind for u in units] == [Kind.BYLINE, Kind.BODY, Kind.BODY, Kind.HEADING, Kind.BODY, Kind.BODY]
    assert len(head) == 23
    assert _reads_as_subhead(units[3:4], units[1:3], units[4:], Vocabulary(units), False, False, True)


def test_a_short_line_over_a_full_unindented_line_is_no_second_deck() -> None:
    # on a page that indents its paragraphs, a title's second deck stands over a story's
    # indented first line (or one short by its lost indent); over a line set to the full
    # measure without an indent it is no deck
    text = "\n".join(["\u3000\u3000" + SPRING[:20], SPRING[20:36], "春耕春播", "\u3000\u3000" + HARVEST[:20],
                      "春耕春播", SPRING[:20], SPRING[20:36]])
    conventions = load_conventions("mainland")
    infos = classify_lines(read_source_lines(text, None, conventions.punctuation_full_cell), conventions)
    widths = estimate_column_widths(infos)
    assert infos[5].line.width >= widths[infos[5].number] and not infos[5].line.indented
    assert _second_deck(infos, 2, widths)
    assert not _second_deck(infos, 4, widths)


@pytest.mark.parametrize("space", [" ", "\u3000", "\t"])
def test_a_line_ending_in_a_space_keeps_it_in_the_paragraph(space: str) -> None:
    # a brief's run-in lead set off by a space at the end of its line: extractors write
    # that space as a space, an ideographic space or a tab (pdftotext's layout gaps)
    conventions = load_conventions("mainland")
    lines = classify_lines(read_source_lines(f"城区新增两处公园{space}\n近日，城区新建的两处口袋公园开放。\n"), conventions)
    assert _spaced_text(Unit(Kind.BODY, lines[:2])) == "城区新增两处公园 近日，城区新建的两处口袋公园开放。"


# --- furniture ----------------------------------------------------------------------------


@pytest.mark.parametrize("bar", ["|", "｜", "│"])
def test_a_running_head_in_mid_text_may_part_its_fields_with_any_bar(bar: str) -> None:
    # the running head of a fold's second page, reaching the text between two stories'
    # lines: its fields (page label, section, date) parted by a half-width, full-width or
    # box-drawing bar, with no space
    head = bar.join(["第2版", "要闻", "2024年3月5日", "星期二"])
    text = "\n".join(["春耕正忙", "", SPRING, HARVEST, "", head, "", HARVEST, SPRING]) + "\n"
    page = parse(text)
    assert [(f.type, f.text, f.lines) for f in page.furniture] == [("header", head, (6, 6))]


def test_a_page_may_end_on_a_notices_head_and_the_lines_set_tight_under_it() -> None:
    # a notice cut off at the page's foot: its head (`遗失声明`) and the lines under it,
    # with no text after them on this page, are the notice's own item
    text = "\n".join(["春耕正忙", "", SPRING, HARVEST, "", "遗失声明", "张明远遗失身份证一张"]) + "\n"
    articles = parse(text).articles
    assert [a.title for a in articles[:1]] == ["春耕正忙"]
    assert len(articles) == 2 and (articles[1].title or "").startswith("遗失声明")


def test_an_invisible_character_between_cr_and_lf_keeps_the_pages_line_numbers() -> None:
    # a zero-width space an extractor left between a line's CR and LF: the lines are the
    # raw text's (CR, LF, CRLF each end one, as the scorer counts them), the invisible
    # character's line reads blank, and each line has its width
    lines = read_source_lines("春耕正忙\r\u200b\n春播面积\n")
    assert [(line.text, line.width) for line in lines] == [("春耕正忙", 8), ("", 0), ("春播面积", 8), ("", 0)]
