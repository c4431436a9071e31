"""Notices set among stories (issue 11): where a notice begins and ends on pages that
print titles after or before their stories, on invented pages."""

from __future__ import annotations

from banmian import parse_text
from banmian.model import Page
from conftest import assert_nothing_lost


def parse(text: str) -> Page:
    page = parse_text(text)
    assert_nothing_lost(page, text)
    return page


# A page that prints each title after its story, a notice set in a narrower measure
# than the stories between two of them.
TITLES_AFTER = (
    "迁址启事\n"
    "本店定于2024年3月1日起迁至河滨路\n"
    "18号新址营业。特此启事。\n"
    "\u3000\u3000\u3000\u3000松林茶社\n"
    "\u3000\u3000\u30002024年3月1日\n\n"
    "（上接第3版）湖区的湿地公园近日迎来一批又一批观鸟的市民，\n"
    "湖面上的白鹭和野鸭成群结队，岸边架起了一排排的长焦镜头。\n\n"
    "公园管理处负责人说，今年湿地的水位稳定，水草长势良好，鸟\n"
    "儿的食物充足了许多，来越冬的候鸟也比往年多了不少。\n\n"
    "湿地公园迎来观鸟季\n\n"
    "更名启事\n"
    "本店自2024年3月1日起更名为松林茶\n"
    "社，原有业务往来照旧办理。特此启事。\n"
    "\u3000\u3000\u3000青石文具店\n"
    "\u3000\u30002024年3月1日\n\n"
    "本报讯（记者 林小舟） 城东的老街改造完工，青砖黛瓦依旧，墙\n\n"
    "根下的老槐树还在，路面换成了透水砖，杂乱的电线也全部埋入了\n"
    "地下，街角新添了几处供人歇脚的石凳。\n\n"
    "街口那家开了三十多年的烧饼铺照常营业，排队的人比以前更多\n"
    "了，老街坊们说，老街还是原来的味道。\n\n"
    "老街改造留住烟火气\n"
)


def test_a_notice_between_stories_on_a_page_that_prints_titles_after_them() -> None:
    page = parse(TITLES_AFTER)
    assert [(a.kind, a.title) for a in page.articles] == [
        ("notice", "迁址启事"),
        ("article", "湿地公园迎来观鸟季"),
        ("notice", "更名启事"),
        ("article", "老街改造留住烟火气"),
    ]
    notice = page.articles[2]
    assert notice.blocks[0].text == "本店自2024年3月1日起更名为松林茶社，原有业务往来照旧办理。特此启事。"
    assert [b.text for b in notice.blocks[1:]] == ["青石文具店", "2024年3月1日"]
    assert page.articles[3].dateline is not None and page.articles[3].dateline.raw.startswith("本报讯")


def test_a_title_set_off_after_a_notice_heads_the_story_under_its_byline() -> None:
    text = (
        "讣告\n"
        "某某先生因病医治无效，于2020年5月3日在家\n"
        "中逝世，享年九十岁。\n"
        "\u3000\u3000兹定于三日后上午九时举行告别仪式。特此讣告。\n"
        "\u3000\u3000\u3000\u3000某某治丧委员会\n"
        "2020年5月3日\n\n"
        "全市夏粮收购进度过半\n\n"
        "□ 本报记者 林小舟\n\n"
        "    记者从市粮食部门了解到，今年全市夏粮收购\n"
        "已经过半，收购价格稳中有升，农户售粮积极。\n"
    )
    page = parse(text)
    assert [(a.kind, a.title) for a in page.articles] == [("notice", "讣告"), ("article", "全市夏粮收购进度过半")]
    assert page.articles[0].blocks[-1].text == "2020年5月3日"
    assert page.articles[1].byline is not None and page.articles[1].byline.reporters == ["林小舟"]
