"""Briefs columns (issue 11): where a column ends and how an item's run-in lead is read,
on invented pages."""

from __future__ import annotations

from banmian import parse_text
from banmian.model import Page
from banmian.stages.build import split_lead
from conftest import assert_nothing_lost


def parse(text: str) -> Page:
    page = parse_text(text)
    assert_nothing_lost(page, text)
    return page


# A title-after page: each story's byline opens it and its title closes it.
_STORY_AFTER_BRIEFS = (
    "■ 本报记者 林小舟\n\n"
    "连日来，城西的湿地公园迎来一批又一批\n"
    "观鸟的市民，湖面上的白鹭和野鸭成群结\n"
    "队，岸边架起了长焦镜头。\n\n"
    "公园管理处负责人说，今年湿地水位稳定\n"
    "，水草长势良好，鸟儿的食物充足了许多。\n\n"
    "湿地公园迎来观鸟季\n"
)


# A story set wider than the columns above it, its dateline first, its title after it.
_WIDE_STORY = (
    "本报讯 连日来，城西的湿地公园迎来一批又一批观鸟的市\n"
    "民，湖面上的白鹭和野鸭成群结队，岸边架起了长焦镜头。\n\n"
    "公园管理处负责人说，今年湿地水位稳定，水草长势良好，\n"
    "鸟儿的食物充足了许多，来越冬的候鸟比往年多了不少。\n\n"
    "湿地公园迎来观鸟季\n"
)


def test_a_byline_after_a_bulleted_briefs_column_opens_a_story() -> None:
    text = (
        "简讯\n\n"
        "◆城区新增两处公园 近日，城区新建的\n两处口袋公园正式对市民开放。\n\n"
        "◆夏季用电平稳 记者从供电公司获悉，今\n年入夏以来全市用电负荷平稳。\n\n"
    ) + _STORY_AFTER_BRIEFS
    page = parse(text)
    story = page.articles[-1]
    assert story.title == "湿地公园迎来观鸟季"
    assert story.byline is not None and story.byline.reporters == ["林小舟"]
    assert len([b for b in story.blocks if b.type == "paragraph"]) == 2
    assert [a.title for a in page.articles[:-1]] == ["城区新增两处公园", "夏季用电平稳"]


def test_an_unbulleted_paragraph_in_another_measure_ends_a_bulleted_column() -> None:
    text = (
        "简讯\n\n"
        "◆城区新增两处公园 近日，城区新建\n的两处口袋公园正式对市民开放。\n\n"
        "◆夏季用电平稳 记者从供电公司获\n悉，今年入夏以来全市用电平稳。\n\n"
    ) + _WIDE_STORY
    page = parse(text)
    story = page.articles[-1]
    assert story.title == "湿地公园迎来观鸟季"
    assert story.dateline is not None and story.dateline.raw == "本报讯"
    assert len([b for b in story.blocks if b.type == "paragraph"]) == 2


def test_a_lead_alone_on_its_line_heads_the_text_under_it() -> None:
    text = (
        "简讯\n\n"
        "●老街改造留住烟火　\n【本报讯】改造后的\n老街青砖依旧，路面\n换成了透水砖，电线\n也全部入了地。\n"
        "●夏季用电平稳无忧　\n【本报讯】入夏以来\n，全市用电负荷平稳\n，未出现拉闸限电。\n"
    )
    page = parse(text)
    assert [a.title for a in page.articles] == ["老街改造留住烟火", "夏季用电平稳无忧"]
    assert all(a.dateline is not None and a.dateline.raw == "【本报讯】" for a in page.articles)


def test_an_em_space_ends_a_lead_among_the_narrow_spaces_of_extraction() -> None:
    lead, rest = split_lead("●公园开放 24 小时　市公园近日起 24 小时开放，市民可随时入园。", "●")
    assert lead == "公园开放24小时"
    assert rest.startswith("市公园近日起")


def test_the_lead_of_a_letter_spaced_line_ends_at_its_wider_gap() -> None:
    text = (
        "简讯\n\n"
        "○城区新增两处公园\n"
        "开 放   【 本 报 讯 】   近\n"
        "日，城区新建的两处口袋公园正式对市民开放。\n\n"
        "○夏季用电平稳 记者从供电公司获悉，今年入夏以来全市用电负荷平稳。\n"
    )
    page = parse(text)
    assert page.articles[0].title == "城区新增两处公园开放"
    assert page.articles[0].dateline is not None and page.articles[0].dateline.raw == "【本报讯】"


def test_a_story_in_another_measure_ends_an_unbulleted_column() -> None:
    text = (
        "简讯\n\n"
        "城区新建的两处口袋公园近日\n正式对市民开放，受到欢迎。\n\n"
        "今年入夏以来，全市用电负荷\n平稳，未出现拉闸限电情况。\n\n"
    ) + _WIDE_STORY
    page = parse(text)
    assert len(page.articles) == 3
    story = page.articles[-1]
    assert story.title == "湿地公园迎来观鸟季"
    assert len([b for b in story.blocks if b.type == "paragraph"]) == 2
