"""Photo captions set tight under a title (issue 11): where the title ends and the
caption begins, on invented pages."""

from __future__ import annotations

from banmian import parse_text
from banmian.model import Page
from conftest import assert_nothing_lost


def parse(text: str) -> Page:
    page = parse_text(text)
    assert_nothing_lost(page, text)
    return page


def test_a_title_after_a_story_sent_on_stands_over_a_narrow_caption() -> None:
    # a title-after page: the story's title, after its jump line, is short of the
    # caption's measure by less than an indent
    text = (
        "（上接第2版）入冬以来，城西的湿地公园里候鸟成群，\n"
        "湖面上的白鹭和野鸭来来往往，岸边架起了长焦镜头。\n\n"
        "公园管理处负责人说，今年湿地水位稳定，鸟儿的食物充\n"
        "足了许多，来越冬的候鸟比往年多了不少。（下转第\n"
        "8 版）\n\n"
        "湿地公园观鸟忙\n"
        "3 月 5 日，游客在湖边观\n"
        "看越冬的候鸟。\n\n"
        "■ 本报记者\n"
        "林小舟 摄\n"
    )
    page = parse(text)
    assert page.articles[0].title == "湿地公园观鸟忙"
    photo = page.articles[1]
    assert photo.kind == "photo"
    assert photo.blocks[0].text.startswith("3月5日，游客在湖边")


def test_a_full_line_of_a_caption_under_a_title_is_no_deck_of_it() -> None:
    text = (
        "（上接第7版）\n"
        "    入冬以来，城西的湿地公园里候鸟成\n"
        "群，湖面上的白鹭和野鸭来来往往。\n"
        "    公园管理处负责人说，今年湿地水位\n"
        "稳定，来越冬的候鸟比往年多了不少。\n"
        "（下转第17版）\n\n"
        "湿地公园\n"
        "观鸟忙\n"
        "这是12月3日拍摄的湖边湿\n"
        "地。\n"
        "当日，成群的候鸟飞过，\n"
        "湖面波光粼粼，宛如一幅\n"
        "画卷，吸引不少市民驻足\n"
        "观看。\n\n"
        "■ 本报记者 林小舟 摄\n"
    )
    page = parse(text)
    assert page.articles[0].title == "湿地公园观鸟忙"
    photo = page.articles[1]
    assert photo.kind == "photo"
    assert photo.blocks[0].text == "这是12月3日拍摄的湖边湿地。"
