"""Rules of the text pipeline at their bounds, on small invented pages and lines: what a
reader of the page expects on each side of a threshold, and the rare orders of units that
assembly must still read right. Written for rules a mutation sample showed no test held
(docs/testing.md, "Mutation testing").
"""

from __future__ import annotations

from banmian import parse_text
from banmian.conventions import load_conventions
from banmian.model import Page
from banmian.stages.assemble import Unit, Vocabulary, _stretch, build_units, shared_words
from banmian.stages.build import readable_title
from banmian.stages.classify import Kind, blank_separated, classify_lines
from banmian.stages.columns import estimate_column_widths
from banmian.stages.headings import find_headings
from banmian.stages.interleave import detect_column_mixing, estimate_column_width
from banmian.stages.paragraphs import split_paragraphs
from banmian.stages.source_lines import read_source_lines
from banmian.stages.spacing import fix_spacing
from conftest import SAMPLE_RAW, assert_nothing_lost


def parse(text: str) -> Page:
    page = parse_text(text)
    assert_nothing_lost(page, text)
    return page


def units_of(text: str) -> list[Unit]:
    """The units assembly reads, as the pipeline builds them (stages/__init__.py)."""
    conventions = load_conventions()
    infos = classify_lines(read_source_lines(text), conventions)
    find_headings(infos, estimate_column_widths(infos), conventions)
    blank_style = blank_separated(infos, conventions.clause_ends)
    widths = estimate_column_widths(infos, within_runs=True)
    paragraphs = split_paragraphs(infos, widths, blank_style=blank_style, conventions=conventions)
    return build_units(infos, paragraphs, conventions)


# --- assembly: the words a heading shares with the text around it ------------------------

TWO_STORIES = """\
春耕生产全面展开
　　今年春耕生产进展顺利，各地抢抓农时。
　　全省已完成春播面积三百万亩。
城区新增两处公园
　　城区新建的两处口袋公园正式对市民开放。
"""


def test_a_heading_shares_the_part_of_its_words_the_text_uses() -> None:
    units = units_of(TWO_STORIES)
    assert [u.kind for u in units] == [Kind.HEADING, Kind.BODY, Kind.BODY, Kind.HEADING, Kind.BODY]
    # 春耕 耕生 生产 in the text, 产全 全面 面展 展开 not: three of seven
    assert shared_words("春耕生产全面展开", units[1:3]) == 3 / 7
    # 城区 区新 两处 公园 of 城区 区新 新增 增两 两处 处公 公园
    assert shared_words("城区新增两处公园", units[4:]) == 4 / 7
    assert shared_words("城区新增两处公园", units[1:3]) == 0.0
    assert shared_words("２０２４", units[1:3]) == 0.0  # no Han pair: nothing to share


def test_the_text_before_a_heading_runs_back_to_the_first_paragraph() -> None:
    units = units_of(TWO_STORIES)
    # on from the first heading's text: stops at the next heading
    assert _stretch(units, 1, +1) == [units[1], units[2]]
    assert _stretch(units, 4, +1) == [units[4]]
    assert _stretch(units, 2, -1) == [units[2], units[1]]
    # a page that opens with text: back to its very first paragraph
    units = units_of("　　今年春耕生产进展顺利。\n　　全省已完成春播面积三百万亩。\n" + TWO_STORIES)
    assert [u.kind for u in units[:3]] == [Kind.BODY, Kind.BODY, Kind.HEADING]
    assert _stretch(units, 1, -1) == [units[1], units[0]]


def test_text_that_shares_all_its_words_with_the_other_side_is_wholly_cohesive() -> None:
    units = units_of(
        "　　春耕生产进展顺利。\n"
        "　　春耕生产进展顺利，各地抢抓农时，农机具下田。\n"
        "　　各地春耕生产进展顺利。\n"
    )
    assert [u.kind for u in units] == [Kind.BODY] * 3
    vocabulary = Vocabulary(units)
    # every word of the short paragraph recurs in the long one: as cohesive as text gets,
    # however common the shared words are on the page
    assert vocabulary.cohesion([units[0]], [units[1]]) == 1.0
    assert vocabulary.cohesion([units[1]], [units[0]]) == 1.0


def test_a_reversed_head_is_not_turned_when_the_printed_order_reads_as_often() -> None:
    conventions = load_conventions()
    # printed `天今春`: its first pair 天今 reads in the text; turned, `春今天`: its last
    # pair 今天 does. As much evidence either way: the head stays as printed.
    assert readable_title("天今春", "昨天今晨下了雨，今天放晴。", conventions) == "天今春"


# --- headings at their bounds --------------------------------------------------------------

def test_a_notice_head_after_a_closing_note_wrapped_over_two_lines_heads_its_notice() -> None:
    text = (
        "　　本报讯 市图书馆新馆昨日起对外开放，新馆藏书一百二十万册。\n"
        "　　新馆设阅览座位两千个，每天开放至晚上九点，周一闭馆。（参与记\n"
        "者 张三 李四）\n"
        "东方红机械制造厂搬迁启事\n"
        "　　本厂已于三月一日迁至城东工业园区，原厂址停止办公。特此启事。\n"
    )
    page = parse(text)
    assert [(a.title, a.line_numbers()) for a in page.articles] == [
        (None, {1, 2, 3}),
        ("东方红机械制造厂搬迁启事", {4, 5}),
    ]
    assert page.articles[0].byline is not None and page.articles[0].byline.contributors == ["张三", "李四"]


# --- paragraphs ------------------------------------------------------------------------------

def test_split_paragraphs_tells_a_blank_line_style_page_by_itself() -> None:
    # Lines of one width, no indents: only the blank lines after a sentence's end tell
    # the paragraphs apart (each ends at the full measure).
    text = (
        "春耕时节县里的农技人员走进田间地头\n手把手教农民使用新式农机具播种。\n\n"
        "全县今年新增各类农机具八百多台套\n机耕面积比去年同期增加了两成多。\n\n"
        "县农业部门还组织专家开办培训班次\n帮助农民掌握科学种田的新技术。\n"
    )
    infos = classify_lines(read_source_lines(text))
    widths = estimate_column_widths(infos, within_runs=True)
    assert [(p.first, p.last) for p in split_paragraphs(infos, widths)] == [(1, 2), (4, 5), (7, 8)]


# --- spacing ---------------------------------------------------------------------------------

def test_a_letter_spaced_head_loses_the_spaces_around_its_ascii_marks_too() -> None:
    assert fix_spacing("京 - 津 - 冀 协 同 发 展") == "京-津-冀协同发展"
    assert fix_spacing("体 育 # 话 题") == "体育#话题"
    # between two ASCII tokens the space stays
    assert fix_spacing("说 Xi Jinping 的 讲 话") == "说Xi Jinping的讲话"


# --- column mixing (interleave) --------------------------------------------------------------

def test_the_column_width_counts_ascii_one_cell_and_chinese_two() -> None:
    # ten ideographs and three ASCII characters: 23 cells, in the bucket of 22
    assert estimate_column_width(["春耕时节县里农技人员GDP"] * 6) == 22.0
    assert estimate_column_width(["ABCDEFGHIJKLMNOPQRSTUVWX"] * 6) == 24.0


def _sample_body() -> list[str]:
    """The non-blank lines of the sample page's long lead feature (one column)."""
    lines = SAMPLE_RAW.read_text(encoding="utf-8").split("\n")[:160]
    return [line for line in lines if line.strip()]


def test_interleaving_between_clean_stretches_is_reported_to_its_last_line() -> None:
    body = _sample_body()
    left, right = body[40:70], body[70:100]
    mixed = [line for row in zip(left, right, strict=True) for line in row]
    page = body[:40] + mixed + body[100:]
    report = detect_column_mixing(list(enumerate(page, start=1)))
    assert report.interleaved, report
    first, last = report.interleaved[0]
    # the mixed lines are 41-100: reported from about their start to about their end
    assert 36 <= first <= 50 and 94 <= last <= 104


def test_the_column_width_needs_five_body_lines() -> None:
    assert estimate_column_width(["春耕时节县里农技人员"] * 5) == 20.0
    assert estimate_column_width(["春耕时节县里农技人员"] * 4) is None


# --- classification at its bounds --------------------------------------------------------------

def test_a_section_name_of_six_characters_under_the_running_head_is_furniture() -> None:
    for name in ("乡村振兴专版", "农业农村专刊"):
        text = (
            f"第3版\n{name}\n春耕生产全面展开\n"
            "　　今年春耕生产进展顺利，各地抢抓农时，春耕备耕工作有序开展。\n"
            "　　记者从农业部门获悉，全省已完成春播面积三百万亩。\n"
        )
        page = parse(text)
        assert [(f.type, f.text) for f in page.furniture] == [("page-number", "第3版"), ("section", name)]
        assert [(a.title, a.line_numbers()) for a in page.articles] == [("春耕生产全面展开", {3, 4, 5})]


def test_a_briefs_head_named_for_its_field_may_take_eight_characters() -> None:
    from banmian.stages.classify import briefs_head

    heads = load_conventions().briefs_heads
    assert briefs_head("全国各地经济快讯", heads) == "全国各地经济快讯"
    assert briefs_head("【省内外经济短讯】", heads) == "省内外经济短讯"
    assert briefs_head("国内外体育新闻快讯", heads) is None  # nine: a title that ends in 快讯


def test_a_byline_line_of_sixty_characters_is_read_as_a_byline() -> None:
    names = ["张明远", "李清和", "王晓东", "赵文华", "陈思远", "周宁远", "吴家明", "郑春华", "孙立新", "钱晓光",
             "冯海涛", "褚建国", "卫东升", "蒋文清"]
    line = "本报记者 " + " ".join(names)
    assert len(line) == 60
    text = f"春耕生产全面展开\n{line}\n　　今年春耕生产进展顺利，各地抢抓农时，春耕备耕工作有序开展。\n"
    (article,) = parse(text).articles
    assert article.title == "春耕生产全面展开"
    assert article.byline is not None and article.byline.reporters == names
    assert [b.text for b in article.blocks] == ["今年春耕生产进展顺利，各地抢抓农时，春耕备耕工作有序开展。"]


def test_a_credit_line_of_twelve_characters_under_an_old_title_is_its_byline() -> None:
    for credit in ("倫敦大學教授史密斯博士作", "倫敦大學教授史密斯博士譯"):
        assert len(credit) == 12
        text = (
            f"論戰後歐洲之經濟\n{credit}\n"
            "　　歐戰既終，各國經濟凋敝，物價騰貴，民生日艱。\n"
            "　　論者以為宜先整頓幣制，次及工商。\n"
        )
        page = parse_text(text, conventions="republican")
        assert_nothing_lost(page, text)
        (article,) = page.articles
        assert article.title == "論戰後歐洲之經濟"
        assert article.byline is not None and article.byline.reporters == ["倫敦大學教授史密斯博士"]
        assert len(article.blocks) == 2


# --- paragraphs of display lines (ads) ---------------------------------------------------------

def test_a_blank_line_between_display_lines_of_up_to_24_characters_ends_a_block() -> None:
    third = "人民东路百货大楼全体职工恭祝全市新老顾客春节快乐"
    assert len(third) == 24
    text = f"春季大酬宾\n全场商品八折优惠\n\n{third}\n"
    infos = classify_lines(read_source_lines(text))
    widths = estimate_column_widths(infos, within_runs=True)
    paragraphs = split_paragraphs(infos, widths, blank_style=False)
    assert [(p.first, p.last) for p in paragraphs] == [(1, 2), (4, 4)]


def test_a_line_nearly_as_wide_as_the_column_after_an_unfinished_sentence_goes_on_with_it() -> None:
    # Unpunctuated text (as old pages and some OCR print it): the first line ends
    # mid-sentence, so the next, two cells short of the column, is the paragraph's last
    # line, not a headline over the byline below it.
    body = [
        "今年全国春播粮食面积稳中有增各地农资供应充足价格总体平稳春耕",
        "生产形势良好为全年粮食丰收打下了坚实基础农业农村部门组织专家",
        "分区分类开展技术指导确保农民科学种田增产增收各地农机具纷纷下",
        "田作业。",
    ]
    text = (
        "　　今年春耕生产进展顺利各地抢抓农时春耕备耕工作有序开展全省\n"
        "全省春播面积已达三百万亩农机具下田作业八百多台套进展很顺利\n"
        "本报记者 张明远\n　　" + "\n".join(body) + "\n"
    )
    page = parse(text)
    assert [(a.title, a.line_numbers()) for a in page.articles] == [(None, {1, 2}), (None, {3, 4, 5, 6, 7})]
    assert page.articles[1].byline is not None and page.articles[1].byline.reporters == ["张明远"]


def test_a_dateline_whose_reporter_is_set_tight_against_the_role_is_read() -> None:
    text = "春耕生产全面展开\n　　本报北京3月5日电（记者张明远）今年春耕生产进展顺利，各地抢抓农时。\n"
    (article,) = parse(text).articles
    assert article.dateline is not None and article.dateline.place == "北京"
    assert article.byline is not None and article.byline.reporters == ["张明远"]
    assert [b.text for b in article.blocks] == ["今年春耕生产进展顺利，各地抢抓农时。"]
