"""Named regression cases: counterexamples the random property tests found, each written
out by hand as a small page that shows the convention at stake (docs/testing.md).

Each case names the rule it holds the parser to; the page text is invented.
"""

from __future__ import annotations

import pytest

from banmian import parse_text
from conftest import assert_nothing_lost


def _block_spans(text: str) -> list[tuple[str | None, list[tuple[str, tuple[int, int]]]]]:
    page = parse_text(text)
    assert_nothing_lost(page, text)
    return [(a.title, [(b.type, b.lines) for b in a.blocks]) for a in page.articles]


# Found as column_width=23 / digit_spacing on pdf-text-layer pages (seeds 506691278,
# 320969752): a paragraph whose first lines are heavy in punctuation, cut by a column
# break (a blank line mid-sentence), was read as a three-line title.
PUNCTUATION_HEAVY_PARAGRAPH_AT_COLUMN_BREAK = """\
今年以来，本市持续推进老旧小区改造，
全年计划改造小区一百二十个，涉及居民
三万余户。截至目前，已有八十个小区完
成主体工程，居民满意度明显提升。

改造坚持先民生后提升，优先解决群众反
映强烈的管网老化、屋面漏水等问题。

“稳投资”“促消费”“惠民生”，各区
正加紧推进配套设施建设、加装电梯、增
设停车位、完善无障碍设施，改造工作将

惠及更多居民家庭，让群众住得更舒心。

据介绍，明年还将启动第二批改造项目。

老旧小区改造提速

市图书馆近日推出夜间开放服务，每周五
和周六延长开放至晚上九点，读者可凭证
入馆阅读、借还图书。

图书馆负责人介绍，夜间开放期间将同步
举办读书分享会和亲子阅读活动。

市图书馆推出夜间开放
"""


def test_lines_short_only_by_compressed_punctuation_are_not_a_heading() -> None:
    """Wrapped text fills its lines: a line counted short only because PDFs compress its
    punctuation (it is full counted with full-width punctuation) is text, and the paragraph
    goes on across the column break into the next line of text."""
    articles = _block_spans(PUNCTUATION_HEAVY_PARAGRAPH_AT_COLUMN_BREAK)
    assert [title for title, _ in articles] == ["老旧小区改造提速", "市图书馆推出夜间开放"]
    first_blocks = articles[0][1]
    assert ("paragraph", (9, 13)) in first_blocks
    assert [span for _, span in first_blocks] == [(1, 4), (6, 7), (9, 13), (15, 15)]


# Found as column_break_every=18 on a pdf-text-layer page (seed 977629002): a title set
# after its body, then an article in a wider measure whose first paragraph a column break
# cuts after one line; the title (it quotes a name) was read as that paragraph's first line.
TITLE_BEFORE_A_WIDER_ARTICLE_CUT_BY_A_COLUMN_BREAK = """\
湿地保护站今年新招募志愿者
二十名，他们每天沿湖巡护，
清理废弃渔网，救护受伤鸟类。

保护站负责人说，越冬候鸟
数量比去年增加了三成，珍稀
鸟类也越来越常见。

湖畔来了“护鸟人”

为提升基层医疗服务能力，各县医院今年

陆续开通远程会诊，群众在家门口就能请
省城专家看病。截至目前，全市已完成远
程会诊两千余例，患者平均节省费用数百
元，基层医生的诊疗水平也明显提高。

远程会诊惠及基层群众
"""


def test_a_heading_between_two_measures_is_a_title_across_a_column_break() -> None:
    """An article keeps its measure across a column break: the text after the heading,
    read on past the blank line where its sentence runs on, is set wider than the text
    before it, so the heading stands between two articles."""
    articles = _block_spans(TITLE_BEFORE_A_WIDER_ARTICLE_CUT_BY_A_COLUMN_BREAK)
    assert [title for title, _ in articles] == ["湖畔来了“护鸟人”", "远程会诊惠及基层群众"]
    assert [span for _, span in articles[0][1]] == [(1, 3), (5, 7)]
    assert [span for _, span in articles[1][1]] == [(11, 16)]


# Found as jump=to / digit_spacing on ocr pages and title_style=decks on pdftotext-raw
# pages (seeds 613241242, 158296470, 448487964): in a narrow column a contributor note
# wraps so that a line starts with `记者 …`; that line was read as the byline of a new
# article, which took the end of the note and the jump line with it.
NOTE_WRAPPED_BEFORE_ITS_REPORTERS = """\
公交线路调整

记者从市交通运输局获悉，
全市将优化调整十二条公
交线路，新开通三条社区
微循环线路，方便市民出
行。调整后的线路将于下
月一日起运行。

市交通运输局有关负责人
介绍，此次调整广泛征求
了市民意见。（参与
记者 程远 苏晴
雯）（下转第5版）

城北公园完工

经过半年施工，城北公园
改造工程近日完工，新增
健身步道两公里、休息座
椅八十余处。

公园管理处表示，改造后
的公园将全天开放。
"""


def test_a_line_inside_a_half_width_bracket_does_not_start_a_byline() -> None:
    text = NOTE_WRAPPED_BEFORE_ITS_REPORTERS.replace("（参与", "(参与").replace("雯）", "雯)")
    page = parse_text(text)
    assert_nothing_lost(page, text)
    first = page.articles[0]
    assert sorted(first.line_numbers()) == list(range(1, 15))
    assert first.byline is not None and first.byline.contributors == ["程远", "苏晴雯"]


def test_a_line_inside_an_open_bracket_does_not_start_a_byline() -> None:
    """`（参与` at a line end opens a contributor note: the names on the next line close
    it and belong to the same article (a byline never starts inside a bracket)."""
    page = parse_text(NOTE_WRAPPED_BEFORE_ITS_REPORTERS)
    assert_nothing_lost(page, NOTE_WRAPPED_BEFORE_ITS_REPORTERS)
    assert [a.title for a in page.articles] == ["公交线路调整", "城北公园完工"]
    first = page.articles[0]
    assert sorted(first.line_numbers()) == list(range(1, 15))
    assert first.continued_to == 5
    assert first.byline is not None and first.byline.contributors == ["程远", "苏晴雯"]


# Found as blank_between_paragraphs on a pdf-text-layer page (seed 612623368): a byline,
# then the dateline on a line of its own, then the text; the dateline went to the article
# above (as if it closed that one).
DATELINE_ON_ITS_OWN_LINE_AFTER_A_BYLINE = """\
今年全市新建和改造城市绿地
六十余处，新增绿道一百二十
公里，市民出门五分钟就能走
进一片绿地。

园林部门介绍，明年还将在老
城区建设一批口袋公园。

城市绿地再添新景

■ 本报记者 秦远帆

据本报杭州3月5日电

春耕时节，县里的农技人员走
进田间地头，手把手教农户使
用新型播种机，帮助农户抢抓
农时。

据介绍，全县今年新增各类农
机具八百多台，机耕率超过九
成。

农机助力春耕
"""


def test_a_dateline_after_a_byline_belongs_to_the_article_the_byline_opens() -> None:
    """A byline opens an article; the dateline right after it, alone on its line, is that
    article's opening dateline, not the closing one of the article above."""
    page = parse_text(DATELINE_ON_ITS_OWN_LINE_AFTER_A_BYLINE)
    assert_nothing_lost(page, DATELINE_ON_ITS_OWN_LINE_AFTER_A_BYLINE)
    first, second = page.articles
    assert (first.title, second.title) == ("城市绿地再添新景", "农机助力春耕")
    assert sorted(first.line_numbers()) == list(range(1, 10))
    assert first.dateline is None
    assert second.dateline is not None and (second.dateline.place, second.dateline.date) == ("杭州", "3月5日")
    assert 13 in second.line_numbers()


# Found as digit_spacing / subtitle on pdf-text-layer pages (seeds 85833932, 500222171):
# on a page printing titles after their bodies, a dateline alone on its line right after
# a title went to the article that title closed.
DATELINE_ON_ITS_OWN_LINE_AFTER_A_TITLE_THAT_CLOSED_AN_ARTICLE = """\
古镇博物馆近日推出夜间开放服务，每
逢周五和周六延长开放至晚上九点，游
客可以在灯光下参观青铜器、漆木器和
瓷器等展品。

博物馆负责人介绍，夜间开放期间还将
举办文物修复展示和讲解活动。

博物馆夜间开放

据本报南京4月8日电

全市今年新开通社区巴士线路十二条，
覆盖老旧小区和城郊村镇，方便居民就
近换乘地铁，出行时间平均缩短一刻钟
左右。

据介绍，社区巴士全部采用新能源车辆，
票价一元，老年人刷卡免费乘坐。

社区巴士开进小区
"""


def test_a_dateline_after_a_closing_title_opens_the_next_article() -> None:
    """Where titles follow their bodies, a title is the last thing of its article: a
    dateline after it opens the next article (a closing dateline comes before the title)."""
    text = DATELINE_ON_ITS_OWN_LINE_AFTER_A_TITLE_THAT_CLOSED_AN_ARTICLE
    page = parse_text(text)
    assert_nothing_lost(page, text)
    first, second = page.articles
    assert (first.title, second.title) == ("博物馆夜间开放", "社区巴士开进小区")
    assert sorted(first.line_numbers()) == list(range(1, 10))
    assert first.dateline is None
    assert second.dateline is not None and (second.dateline.place, second.dateline.date) == ("南京", "4月8日")


# Found by the property test in a `make mutate` clean run (jump=none, profile ocr, seed 56):
# a dateline alone on its line whose reporters follow in brackets on the next line was
# read as a closing dateline; the article's title and dateline went to the article above.
DATELINE_WITH_ITS_REPORTERS_ON_THE_NEXT_LINE = """\
县里农机助春耕
　　春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。
　　据介绍，全县今年新增各类农机具八百
多台，机耕率超过九成。

老城街巷换新颜

　　本报杭州1月8日电
(记者 林晓 周宁
远） 走进改造后的老街，青砖黛瓦依
旧，路面换成了透水砖。
　　街道负责人介绍，改造前开了二十多
场居民议事会。
"""


def test_a_dateline_whose_reporters_follow_on_the_next_line_opens_its_article() -> None:
    text = DATELINE_WITH_ITS_REPORTERS_ON_THE_NEXT_LINE
    page = parse_text(text)
    assert_nothing_lost(page, text)
    first, second = page.articles
    assert (first.title, second.title) == ("县里农机助春耕", "老城街巷换新颜")
    assert sorted(first.line_numbers()) == [1, 2, 3, 4, 5]
    assert second.dateline is not None and (second.dateline.place, second.dateline.date) == ("杭州", "1月8日")
    assert second.byline is not None and second.byline.reporters == ["林晓", "周宁远"]


# Found by the single-knob property test (`footer=True`, profile pdftotext-raw, seed 594,
# drawn in a `make mutate` clean run): a dateline set in a narrow column wraps over three
# lines of its own, its who-note ending the last, with a blank line before the text. The
# who-note is the dateline's, opening the text: no closing contributor note ends the
# article there.
DATELINE_WRAPPED_OVER_LINES_OF_ITS_OWN = """\
山区学校用上
智慧黑板

    新华社昆明3
月6日电（记者 罗
平 许晓川）

“让山里的孩子和
城里的孩子一样上
好课，是我们最大
的心愿，设备、课
程和师资缺一不
可。”2024年3
月，县教育局局长
在全县教育工作会
议上这样说。今年
以来，全县已有十
多所乡村学校的教
室装上了智慧黑
板。
"""


def test_a_dateline_wrapped_over_lines_of_its_own_opens_the_text_below_it() -> None:
    text = DATELINE_WRAPPED_OVER_LINES_OF_ITS_OWN
    page = parse_text(text)
    assert_nothing_lost(page, text)
    (article,) = page.articles
    assert article.title == "山区学校用上智慧黑板"
    assert article.dateline is not None and article.dateline.place == "昆明"
    assert article.byline is not None and article.byline.reporters == ["罗平", "许晓川"]
    assert [b.lines for b in article.blocks if b.type == "paragraph"] == [(8, 20)]


# --- open: named here, fixed by the work that owns the rule ------------------------------

# The `heading` open mistake of the single-knob property test (docs/testing.md), as issue 11
# (item 2) describes it: on a page printing titles first, a short heading inside a story
# whose text goes on around it (shared words, no byline or dateline after it) starts a new
# article. strict: when the rule lands this test passes, and the marker must go.
SUBHEAD_INSIDE_A_STORY_WHERE_TITLES_COME_FIRST = """\
寒潮来袭全省降温
　　气象台昨日发布寒潮预警，受强冷空气
影响，本周后期全省气温将明显下降，大部
地区降温八到十度，北部山区最低气温可降
至零下五度。
　　专家提醒，市民外出注意防寒保暖，驾
车出行注意路面结冰。
农业生产须防寒防冻
　　各地农业部门组织技术人员下乡指导，
帮助种植户加固大棚、覆盖草帘，露地蔬菜
可以采取覆盖稻草等办法防冻。
　　养殖户要做好畜禽圈舍保温。
图书馆新馆开放
　　市图书馆新馆日前正式开放，馆内设有
少儿阅览区和数字体验区，首日接待读者一
万余人次。
"""


@pytest.mark.xfail(strict=True, reason="open: the title-or-subhead decision, issue 11 item 2")
def test_a_subhead_inside_a_story_does_not_start_an_article() -> None:
    page = parse_text(SUBHEAD_INSIDE_A_STORY_WHERE_TITLES_COME_FIRST)
    assert_nothing_lost(page, SUBHEAD_INSIDE_A_STORY_WHERE_TITLES_COME_FIRST)
    assert [a.title for a in page.articles] == ["寒潮来袭全省降温", "图书馆新馆开放"]
    assert [b.text for b in page.articles[0].blocks if b.type == "subhead"] == ["农业生产须防寒防冻"]


def test_a_punctuated_paragraph_start_cut_by_a_column_break_before_a_short_line_is_text() -> None:
    """The same paragraph, its end after the column break a short line: between running
    text, lines of a column's width that hold punctuation are text, not a heading."""
    text = PUNCTUATION_HEAVY_PARAGRAPH_AT_COLUMN_BREAK.replace(
        "惠及更多居民家庭，让群众住得更舒心。", "惠及更多居民家庭。"
    )
    articles = _block_spans(text)
    assert [title for title, _ in articles] == ["老旧小区改造提速", "市图书馆推出夜间开放"]
    assert ("paragraph", (9, 13)) in articles[0][1]


PHOTO_CREDIT_WRAPPED_AFTER_SOME_NAMES = """\
春耕时节

县里的农技人员走进田间地头，手把手教农户使用新型农机。今年全县春播面积达到十万亩。
农民们正在田间操作新型播种机。
新华社记者 张三 李四
王五 摄

夏粮丰收

今年夏粮再获丰收，全省小麦平均亩产创历史新高。
"""


def test_a_photo_credit_wrapped_after_some_of_its_names_is_one_credit() -> None:
    """`新华社记者 张三 李四` / `王五 摄`: the first line alone reads as a byline, but the
    credit goes on; the last name and 摄 must not run into the next story's title."""
    page = parse_text(PHOTO_CREDIT_WRAPPED_AFTER_SOME_NAMES)
    assert_nothing_lost(page, PHOTO_CREDIT_WRAPPED_AFTER_SOME_NAMES)
    credited = [a for a in page.articles if a.byline is not None and a.byline.photographers]
    assert len(credited) == 1
    assert credited[0].byline is not None and credited[0].byline.photographers == ["张三", "李四", "王五"]
    assert [a.title for a in page.articles if a.title] == ["春耕时节", "夏粮丰收"]
    (harvest,) = [a for a in page.articles if a.title == "夏粮丰收"]
    assert [b.text for b in harvest.blocks] == ["今年夏粮再获丰收，全省小麦平均亩产创历史新高。"]
