"""More conventions of the text pipeline, one per test, on small invented pages: ads set
off by blank lines, reversed titles, spaced-out digits and letter-spaced lines, notice
heads. Written for rules that a mutation sample showed no test held (docs/testing.md).
"""

from __future__ import annotations

from banmian import parse_text
from banmian.conventions import load_conventions
from banmian.model import Page
from banmian.stages.build import readable_title
from banmian.stages.source_lines import read_source_lines
from banmian.stages.spacing import fix_spacing
from conftest import assert_nothing_lost


def parse(text: str) -> Page:
    page = parse_text(text)
    assert_nothing_lost(page, text)
    return page


# An ad between two stories, set off by blank lines: two display lines and a line of
# copy. No one unit of it reads as an ad (the display lines name one ad word, the copy
# one); the block does.
AD_BETWEEN_STORIES = """\
春季农机展销会开幕
　　本报讯 春季农机展销会昨日在市会展中心开幕，吸引了来自全省的数百家企业参展。
　　展会为期三天，展出各类农机具两千多台。

春季大酬宾
人民路一号百货商店
　　每件十元起，欢迎选购。

市区新增两条公交线路
　　本报讯 为方便市民出行，市公交公司昨日起新开两条公交线路，连接城东新区和火车站。
　　新线路全程设站二十个。
"""


def test_a_block_of_display_lines_set_off_by_blank_lines_is_an_ad() -> None:
    page = parse(AD_BETWEEN_STORIES)
    assert [(a.kind, a.title) for a in page.articles] == [
        ("article", "春季农机展销会开幕"),
        ("ad", None),
        ("article", "市区新增两条公交线路"),
    ]
    assert page.articles[1].line_numbers() == {5, 6, 7}
    assert page.articles[0].line_numbers() == {1, 2, 3}


def test_a_short_title_set_right_to_left_is_turned_only_on_enough_evidence() -> None:
    conventions = load_conventions()
    body = "今年春耕生产进展顺利，各地抢抓农时，春耕备耕工作有序开展。"
    # `耕春` read back is `春耕`, which the text uses and the printed order does not: turned
    assert readable_title("耕春", body, conventions) == "春耕"
    # a four-character head of which one pair of three reads in the text reversed: too
    # little to turn a head the text does not otherwise confirm
    assert readable_title("产生耕春", "各地春耕工作有序开展。", conventions) == "产生耕春"
    # two pairs of three: turned
    assert readable_title("产生耕春", "各地春耕生活有序开展。", conventions) == "春耕生产"
    # as much evidence either way: the head stays as printed
    assert readable_title("天今春", "今天是今春第一个晴天。", conventions) == "天今春"


# A briefs column whose run-in leads stand on lines of their own, each ending in a space.
BRIEFS_WITH_LEADS_ON_THEIR_OWN_LINES = (
    "简讯\n\n"
    "■城区新增两处公园 \n近日，城区新建的两处口袋公园正式对市民开放。\n"
    "■图书馆延时开放 \n市图书馆自本月起每天开放至晚上九点。\n"
)


def test_a_briefs_lead_on_a_line_of_its_own_is_its_title() -> None:
    page = parse(BRIEFS_WITH_LEADS_ON_THEIR_OWN_LINES)
    assert [(a.title, [b.text for b in a.blocks]) for a in page.articles] == [
        ("城区新增两处公园", ["近日，城区新建的两处口袋公园正式对市民开放。"]),
        ("图书馆延时开放", ["市图书馆自本月起每天开放至晚上九点。"]),
    ]


def test_digits_spaced_out_by_the_extraction_are_joined() -> None:
    assert fix_spacing("全年产量达 1 2 0 0 吨") == "全年产量达1200吨"
    assert fix_spacing("1 9 6 8 年 5 月") == "1968年5月"
    assert fix_spacing("共有 3 5 人参加。") == "共有35人参加。"


def test_a_letter_spaced_line_of_four_characters_reads_as_one_word() -> None:
    (line,) = read_source_lines("春 耕 时 节")
    assert line.text == "春耕时节"
    (line,) = read_source_lines("春 耕 时节")  # three tokens: not letter-spaced
    assert line.text == "春 耕 时节"


# A notice head of twelve characters, alone on its line after a sentence's end, over text.
NOTICE_HEAD_OF_TWELVE = """\
　　本报讯 市图书馆新馆昨日起对外开放，新馆藏书一百二十万册，设阅览座位两千个。
东方红机械制造厂搬迁启事
　　本厂已于三月一日迁至城东工业园区，原厂址停止办公。特此启事。
"""


def test_a_notice_head_of_twelve_characters_heads_its_notice() -> None:
    page = parse(NOTICE_HEAD_OF_TWELVE)
    assert [a.title for a in page.articles] == [None, "东方红机械制造厂搬迁启事"]
    assert page.articles[1].line_numbers() == {2, 3}


# Two untitled dispatches, each closed by its dateline in brackets alone on its last line
# (the way many papers print agency copy): the closing dateline ends its article.
CLOSED_BY_THEIR_DATELINES = """\
　　我国科学家近日在高温超导材料研究中取得新进展，相关成果发表在国际学术期刊上。
　　研究团队表示，这一发现有望推动新型电子器件的研制。
（新华社北京3月5日电）

　　今年一季度，全国铁路发送旅客九亿人次，同比增长一成，客运量创历史同期新高。
　　铁路部门表示，将继续增开旅客列车，满足群众出行需求。
（新华社上海3月5日电）
"""


def test_a_closing_dateline_ends_its_article() -> None:
    page = parse(CLOSED_BY_THEIR_DATELINES)
    assert [a.line_numbers() for a in page.articles] == [{1, 2, 3}, {5, 6, 7}]
    assert [(a.dateline.date, a.dateline.lines) for a in page.articles if a.dateline] == [
        ("3月5日", (3, 3)), ("3月5日", (7, 7))]


def test_a_page_parsed_as_page_n_says_so() -> None:
    from banmian.stages import run_text_pipeline

    page = run_text_pipeline("　　春耕时节，县里的农技人员走进田间地头。\n", page=3)
    assert page.page == 3


def test_furniture_the_geometry_found_is_typed_by_its_text() -> None:
    from banmian.inputs.lines import PageLines, PositionedLine
    from banmian.model import Source
    from banmian.positioned import parse_page_lines

    def at(text: str, x0: float, y0: float, size: float = 10.0) -> PositionedLine:
        return PositionedLine(text=text, bbox=(x0, y0, x0 + len(text) * size, y0 + size), size=size,
                              bold=False, page=1)

    lines = [at("第3版", 280, 20)]
    lines += [at("春耕时节县里的农技人员走进", 30 + (20 if k == 0 else 0), 100 + 15 * k) for k in range(6)]
    for k, ln in enumerate(lines):
        ln.order = k
    (page,) = parse_page_lines([PageLines(number=1, width=600, height=800, lines=lines,
                                          rules=[(40.0, 20.0, 580.0)])], Source())
    assert [(f.type, f.text) for f in page.furniture] == [("page-number", "第3版")]
