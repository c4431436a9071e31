"""The text pipeline held to the conventions of Chinese newspaper pages, one rule per test.

Each page here is invented and small enough to read: the expected articles, blocks and
markers follow from how papers are set (paragraph geometry, title placement, dateline
and byline grammar, jump lines, furniture), never from the program's output. These are
the tests `make mutate` leans on (docs/testing.md).
"""

from __future__ import annotations

from banmian import parse_text
from banmian.model import Article, Page
from conftest import assert_nothing_lost


def parse(text: str) -> Page:
    page = parse_text(text)
    assert_nothing_lost(page, text)
    return page


def spans(article: Article, kind: str | None = None) -> list[tuple[int, int]]:
    return [b.lines for b in article.blocks if kind is None or b.type == kind]


def texts(article: Article, kind: str = "paragraph") -> list[str]:
    return [b.text for b in article.blocks if b.type == kind]


# --- paragraphs from the column's geometry --------------------------------------------

# Sixteen-character column, no blank lines, no indents (a `pdftotext -raw` dump).
RUN_ON_NO_INDENT = """\
春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。
据介绍，全县今年新增各类农机具八百
多台，机耕率超过九成。
农技站还组织了二十多场现场培训，覆
盖三千多名农户，培训内容包括农机操
作和维修保养。
"""


def test_a_paragraph_ends_at_a_sentence_end_short_of_the_column() -> None:
    (article,) = parse(RUN_ON_NO_INDENT).articles
    assert spans(article) == [(1, 2), (3, 4), (5, 7)]
    assert texts(article)[1] == "据介绍，全县今年新增各类农机具八百多台，机耕率超过九成。"


# A sentence that ends exactly at the end of a full line runs on: nothing in the geometry
# says a paragraph ends there (the next line is full too).
SENTENCE_END_AT_A_FULL_LINE = """\
春耕时节，县里的农技人员走进田间地头。
手把手教农户使用新型播种机，种粮大户
秦大山说，过去一亩地要忙半天，现在一
个小时就够了。
"""


def test_a_sentence_ending_at_a_full_line_does_not_end_the_paragraph() -> None:
    (article,) = parse(SENTENCE_END_AT_A_FULL_LINE).articles
    assert spans(article) == [(1, 4)]


INDENTED_PARAGRAPHS = """\
　　春耕时节，县里的农技人员走进田
间地头，手把手教农户使用新型播种机。
　　据介绍，全县今年新增各类农机具
八百多台，机耕率超过九成，农技站还
组织了二十多场现场培训。
　　培训内容包括农机操作和维修保养。
"""


def test_an_indented_line_starts_a_paragraph_even_after_a_full_line() -> None:
    (article,) = parse(INDENTED_PARAGRAPHS).articles
    assert spans(article) == [(1, 2), (3, 5), (6, 6)]
    assert texts(article)[0].startswith("春耕时节")  # the indent is not text


BLANK_LINES_BETWEEN_PARAGRAPHS = """\
春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

据介绍，全县今年新增各类农机具八百
多台，机耕率超过九成。农技站还组织

了二十多场现场培训，覆盖三千多名农
户。
"""


def test_a_blank_line_mid_sentence_is_a_column_break_and_one_after_a_sentence_a_paragraph_break() -> None:
    (article,) = parse(BLANK_LINES_BETWEEN_PARAGRAPHS).articles
    assert spans(article) == [(1, 2), (4, 8)]
    assert texts(article)[1] == "据介绍，全县今年新增各类农机具八百多台，机耕率超过九成。农技站还组织了二十多场现场培训，覆盖三千多名农户。"


# --- titles and subheads --------------------------------------------------------------

TITLES_FIRST = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

据介绍，全县今年新增各类农机具八百
多台，机耕率超过九成。

市图书馆新馆开放

市图书馆新馆日前正式开放，馆内设有
少儿阅览区和数字体验区。

首日接待读者一万余人次，不少家长带
着孩子排队办理借书证。
"""


def test_titles_before_their_bodies() -> None:
    first, second = parse(TITLES_FIRST).articles
    assert (first.title, second.title) == ("县里农机助春耕", "市图书馆新馆开放")
    assert first.title_lines == (1, 1) and second.title_lines == (9, 9)
    assert spans(first) == [(3, 4), (6, 7)]
    assert spans(second) == [(11, 12), (14, 15)]


TITLES_AFTER = """\
春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

据介绍，全县今年新增各类农机具八百
多台，机耕率超过九成。

县里农机助春耕

市图书馆新馆日前正式开放，馆内设有
少儿阅览区和数字体验区。

首日接待读者一万余人次，不少家长带
着孩子排队办理借书证。

市图书馆新馆开放
"""


def test_titles_after_their_bodies() -> None:
    first, second = parse(TITLES_AFTER).articles
    assert (first.title, second.title) == ("县里农机助春耕", "市图书馆新馆开放")
    assert sorted(first.line_numbers()) == list(range(1, 8))
    assert spans(first) == [(1, 2), (4, 5)]
    assert spans(second) == [(9, 10), (12, 13)]


TWO_DECK_TITLE_AND_SUBTITLE = """\
县里农机助春耕
全县机耕率超过九成
——农技站组织现场培训

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

据介绍，全县今年新增各类农机具八百
多台，机耕率超过九成。
"""


def test_a_dash_line_under_a_title_is_its_subtitle() -> None:
    (article,) = parse(TWO_DECK_TITLE_AND_SUBTITLE).articles
    assert article.title == "县里农机助春耕全县机耕率超过九成"
    assert article.subtitle == "农技站组织现场培训"
    assert article.title_lines == (1, 3)


SUBHEAD_INSIDE_A_FEATURE = """\
乡村振兴见闻

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。农
机手们说，新机器好用、省力。

农机进田

全县今年新增各类农机具八百多台，农
机手们驾驶新机器下田，春耕进度比去
年同期快了一周。农机站说，新机器好
用、省力，农机手们都愿意用。

培训到村

农技站组织了二十多场现场培训，农机
手们在田间学会了新机器的操作和保养，
春耕进度因此加快。
"""


def test_a_short_heading_between_paragraphs_of_one_story_is_a_subhead() -> None:
    (article,) = parse(SUBHEAD_INSIDE_A_FEATURE).articles
    assert article.title == "乡村振兴见闻"
    assert texts(article, "subhead") == ["农机进田", "培训到村"]
    assert spans(article, "subhead") == [(7, 7), (14, 14)]


# --- markers: datelines, bylines, jump lines ----------------------------------------------

DATELINE_AND_REPORTERS = """\
县里农机助春耕

新华社北京3月5日电（记者 张明远 李清
和）春耕时节，县里的农技人员走进田间
地头，手把手教农户使用新型播种机。

据介绍，全县今年新增各类农机具八百
多台，机耕率超过九成。
"""


def test_an_opening_dateline_gives_agency_place_date_and_its_reporters() -> None:
    (article,) = parse(DATELINE_AND_REPORTERS).articles
    assert article.dateline is not None
    assert (article.dateline.agency, article.dateline.place, article.dateline.date) == ("新华社", "北京", "3月5日")
    assert article.byline is not None and article.byline.reporters == ["张明远", "李清和"]
    assert article.byline.agency == "新华社"
    assert texts(article)[0] == "春耕时节，县里的农技人员走进田间地头，手把手教农户使用新型播种机。"


OWN_PAPER_DATELINE = """\
市图书馆新馆开放

本报讯 市图书馆新馆日前正式开放，馆
内设有少儿阅览区和数字体验区。
"""


def test_the_own_paper_dateline_has_the_paper_and_no_place() -> None:
    (article,) = parse(OWN_PAPER_DATELINE).articles
    assert article.dateline is not None
    assert (article.dateline.agency, article.dateline.place, article.dateline.date) == ("本报", None, None)
    assert texts(article) == ["市图书馆新馆日前正式开放，馆内设有少儿阅览区和数字体验区。"]


BYLINES_AT_THE_HEAD = """\
县里农机助春耕

■ 本报记者 张明远 通讯员 李清和

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

市图书馆新馆开放

本报记者 王晓东

市图书馆新馆日前正式开放，馆内设有
少儿阅览区和数字体验区。
"""


def test_a_byline_names_reporters_and_contributors_and_opens_its_article() -> None:
    first, second = parse(BYLINES_AT_THE_HEAD).articles
    assert first.byline is not None and second.byline is not None
    assert (first.byline.agency, first.byline.reporters, first.byline.contributors) == ("本报", ["张明远"], ["李清和"])
    assert second.byline.reporters == ["王晓东"]
    assert first.title == "县里农机助春耕" and second.title == "市图书馆新馆开放"
    assert sorted(second.line_numbers()) == list(range(8, 14))


JUMP_LINES = """\
（上接第1版）春耕时节，县里的农技人员
走进田间地头，手把手教农户使用新型播
种机。（下转第6版）

县里农机助春耕

市图书馆新馆日前正式开放，馆内设有少
儿阅览区和数字体验区。
（下转第
7版）

市图书馆新馆开放
"""


def test_jump_lines_give_the_pages_an_article_continues_from_and_to() -> None:
    first, second = parse(JUMP_LINES).articles
    assert (first.continued_from, first.continued_to) == (1, 6)
    assert (second.continued_from, second.continued_to) == (None, 7)
    assert texts(first) == ["春耕时节，县里的农技人员走进田间地头，手把手教农户使用新型播种机。"]
    assert texts(second) == ["市图书馆新馆日前正式开放，馆内设有少儿阅览区和数字体验区。"]


WRAPPED_JUMP_FROM = """\
县里农机助春耕

（上接
第3版）春耕时节，县里的农技人员
走进田间地头，手把手教农户使用新型播
种机。
"""


def test_a_continued_from_marker_wrapped_onto_the_next_line_is_read_whole() -> None:
    # a narrow column breaks `（上接第3版）` after its first characters: the marker is read
    # over both lines, and the paragraph starts at its first line with the text after it
    (article,) = parse(WRAPPED_JUMP_FROM).articles
    assert article.continued_from == 3
    assert texts(article) == ["春耕时节，县里的农技人员走进田间地头，手把手教农户使用新型播种机。"]
    assert spans(article, "paragraph") == [(3, 6)]


CLOSING_DATELINE_AND_NOTE = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。（参
与记者 李清和 王晓东）
新华社北京3月5日电

市图书馆新馆开放

市图书馆新馆日前正式开放，馆内设有
少儿阅览区和数字体验区。
"""


def test_a_closing_dateline_and_a_contributor_note_close_their_article() -> None:
    first, second = parse(CLOSING_DATELINE_AND_NOTE).articles
    assert sorted(first.line_numbers()) == list(range(1, 7))
    assert first.dateline is not None and (first.dateline.place, first.dateline.date) == ("北京", "3月5日")
    assert first.byline is not None and first.byline.contributors == ["李清和", "王晓东"]
    assert texts(first) == ["春耕时节，县里的农技人员走进田间地头，手把手教农户使用新型播种机。"]
    assert second.dateline is None and second.byline is None


PHOTO_WITH_CREDIT = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

据介绍，全县今年新增各类农机具八百
多台，机耕率超过九成。农技站还组织了
二十多场现场培训，覆盖三千多名农户。

农机手驾驶新机器在田间作业。
本报记者 赵文华 摄
"""


def test_a_caption_and_its_credit_make_a_photo_item() -> None:
    story, photo = parse(PHOTO_WITH_CREDIT).articles
    assert story.kind == "article" and photo.kind == "photo"
    assert texts(photo, "caption") == ["农机手驾驶新机器在田间作业。"]
    assert photo.byline is not None and photo.byline.photographers == ["赵文华"]
    assert sorted(photo.line_numbers()) == [10, 11]


FURNITURE = """\
2024年3月5日 星期二 第3版 经济

县里农机助春耕

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

责任编辑 王晓东
"""


def test_running_head_and_editor_line_are_furniture() -> None:
    page = parse(FURNITURE)
    (article,) = page.articles
    assert article.title == "县里农机助春耕"
    assert [f.lines for f in page.furniture] == [(1, 1), (8, 8)]
    assert page.furniture[1].type == "editor"


# --- headings inside a run of text (no blank lines) ------------------------------------

INDENTED_WITH_INLINE_SUBHEADS = """\
乡村振兴见闻
　　春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。
农机进田
　　全县今年新增各类农机具八百多台，
农机手们驾驶新机器下田，春耕进度比去
年同期快了一周。
培训到村
　　农技站组织了二十多场现场培训，农机
手们在田间学会了新机器的操作和保养。
"""


def test_a_short_unindented_line_before_an_indented_paragraph_is_a_heading() -> None:
    (article,) = parse(INDENTED_WITH_INLINE_SUBHEADS).articles
    assert article.title == "乡村振兴见闻"
    assert texts(article, "subhead") == ["农机进田", "培训到村"]
    assert spans(article, "paragraph") == [(2, 3), (5, 7), (9, 10)]


SECTION_NUMBERS = """\
做好春耕生产工作

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

一、

全县今年新增各类农机具八百多台，农
机手们驾驶新机器下田。

二、

农技站组织了二十多场现场培训，农机
手们学会了新机器的操作和保养。
"""


def test_section_numbers_on_lines_of_their_own_are_subheads() -> None:
    (article,) = parse(SECTION_NUMBERS).articles
    assert article.title == "做好春耕生产工作"
    assert texts(article, "subhead") == ["一、", "二、"]
    assert spans(article, "subhead") == [(6, 6), (11, 11)]


BYLINE_WRAPPED_OVER_TWO_LINES = """\
县里农机助春耕

■ 新华社记者
王明远 李清和

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。
"""


def test_a_byline_wrapped_over_two_lines_is_read_whole() -> None:
    (article,) = parse(BYLINE_WRAPPED_OVER_TWO_LINES).articles
    assert article.byline is not None
    assert (article.byline.agency, article.byline.reporters) == ("新华社", ["王明远", "李清和"])
    assert texts(article) == ["春耕时节，县里的农技人员走进田间地头，手把手教农户使用新型播种机。"]


# --- furniture and the page ----------------------------------------------------------------

def test_furniture_keeps_its_printed_text() -> None:
    page = parse(FURNITURE)
    assert [f.text for f in page.furniture] == ["2024年3月5日 星期二 第3版 经济", "责任编辑 王晓东"]


def test_the_page_counts_its_lines_as_the_file_does() -> None:
    assert parse("春耕开始了。\n农机下田。\n").line_count == 2
    assert parse("春耕开始了。\n农机下田。").line_count == 2
    assert parse("春耕开始了。\n\n\n").line_count == 3


def test_parsing_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    assert gc.isenabled()
    parse_text(TITLES_FIRST)
    assert gc.isenabled()
    gc.disable()
    try:
        parse_text(TITLES_FIRST)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_every_block_carries_the_lines_it_came_from() -> None:
    first, second = parse(TITLES_FIRST).articles
    assert first.lines == [(1, 7)] and second.lines == [(9, 15)]
    assert [b.lines for b in first.blocks] == [(3, 4), (6, 7)]


# --- titles or subheads, decided by the text around them -----------------------------------

SUBHEAD_BETWEEN_BYLINE_AND_CLOSING_DATELINE = """\
县里农机助春耕

本报记者 张明远

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

图书馆里的新变化

市图书馆新馆日前正式开放，馆内设有
少儿阅览区和数字体验区。
新华社北京3月5日电

市图书馆新馆开放

首日接待读者一万余人次，不少家长带
着孩子排队办理借书证。
"""


def test_a_heading_between_a_byline_and_its_closing_dateline_is_a_subhead() -> None:
    """A byline opens an article and a closing dateline ends it: a heading between them,
    with no marker of another article, is inside that article, whatever its words."""
    first, second = parse(SUBHEAD_BETWEEN_BYLINE_AND_CLOSING_DATELINE).articles
    assert first.title == "县里农机助春耕"
    assert texts(first, "subhead") == ["图书馆里的新变化"]
    assert first.dateline is not None and first.dateline.place == "北京"
    assert second.title == "市图书馆新馆开放"


TITLE_AFTER_SHARES_WORDS_WITH_THE_TEXT_BEFORE = """\
市图书馆新馆日前正式开放，新馆设有少儿
阅览区、古籍修复区和数字体验区。

新馆开放首日接待读者一万余人次，不少
家长带着孩子排队办理借书证。

图书馆新馆开放

全县今年新增各类农机具八百多台，机耕
率超过九成，春耕进度比去年快了一周。

农技站组织了二十多场现场培训，覆盖三
千多名农户。

农机助力春耕
"""


def test_where_titles_follow_bodies_a_title_closes_the_text_it_shares_words_with() -> None:
    first, second = parse(TITLE_AFTER_SHARES_WORDS_WITH_THE_TEXT_BEFORE).articles
    assert first.title == "图书馆新馆开放" and first.title_lines == (7, 7)
    assert second.title == "农机助力春耕" and second.title_lines == (15, 15)
    assert spans(first) == [(1, 2), (4, 5)]


QUOTED_SUBHEADS_WHERE_TITLES_FOLLOW = """\
市图书馆新馆日前正式开放，新馆设有少儿
阅览区、古籍修复区和数字体验区。

“来这里就像回家”

新馆开放首日接待读者一万余人次，不少
家长带着孩子排队办理借书证。

图书馆新馆开放
"""


def test_a_whole_quotation_on_its_own_line_is_a_subhead_not_a_title() -> None:
    (article,) = parse(QUOTED_SUBHEADS_WHERE_TITLES_FOLLOW).articles
    assert article.title == "图书馆新馆开放"
    assert texts(article, "subhead") == ["“来这里就像回家”"]


PHOTO_TITLED_AFTER_ITS_CAPTION = """\
市图书馆新馆日前正式开放，新馆设有少儿
阅览区、古籍修复区和数字体验区。

图书馆新馆开放

全县今年新增各类农机具八百多台，机耕
率超过九成，春耕进度比去年快了一周。

农机助力春耕

农机手驾驶新机器在田间作业。
本报记者 赵文华 摄

田间新景

湿地保护站今年新招募志愿者二十名，他
们每天沿湖巡护，清理废弃渔网。

湖畔来了护鸟人
"""


def test_where_titles_follow_bodies_a_title_after_a_photo_names_the_photo() -> None:
    first, second, photo, last = parse(PHOTO_TITLED_AFTER_ITS_CAPTION).articles
    assert (first.title, second.title) == ("图书馆新馆开放", "农机助力春耕")
    assert photo.kind == "photo" and photo.title == "田间新景"
    assert texts(photo, "caption") == ["农机手驾驶新机器在田间作业。"]
    assert last.title == "湖畔来了护鸟人" and spans(last) == [(16, 17)]


# --- classify: where furniture can be, and what marks a page's style -------------------------

SECTION_NAME_OVER_THE_PAGE_NUMBER = """\
要闻
第2版

县里农机助春耕

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。
"""


def test_a_short_name_set_against_the_page_number_is_the_section_name() -> None:
    page = parse(SECTION_NAME_OVER_THE_PAGE_NUMBER)
    assert [(f.lines, f.type) for f in page.furniture] == [((1, 1), "section"), ((2, 2), "page-number")]
    assert page.articles[0].title == "县里农机助春耕"


DATE_LINE_INSIDE_THE_PAGE = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

据介绍，全县今年新增各类农机具八百
多台，机耕率超过九成。

2024年3月5日

农技站组织了二十多场现场培训，覆盖
三千多名农户。

据介绍，培训内容包括农机操作和维修
保养等。

责任编辑 王晓东

市图书馆新馆日前正式开放，馆内设有
少儿阅览区和数字体验区。

首日接待读者一万余人次，不少家长带
着孩子排队办理借书证。

馆内还设有古籍修复展示区，读者可以
现场观看修复过程。
"""


def test_only_an_editor_line_is_furniture_away_from_the_page_edges() -> None:
    """Running heads and feet sit at the page's edges; inside the page a date is text
    (a heading, a dateline's part), while an editor line is furniture wherever it is."""
    page = parse(DATE_LINE_INSIDE_THE_PAGE)
    assert [(f.lines, f.type) for f in page.furniture] == [((17, 17), "editor")]
    assert any(b.lines == (9, 9) for a in page.articles for b in a.blocks)


def test_a_line_of_invisible_characters_is_kept_as_noise() -> None:
    text = "县里农机助春耕\n\u200b\u200b\n春耕时节，县里的农技人员走进田间。\n"
    page = parse(text)
    assert [(f.lines, f.type) for f in page.furniture] == [((2, 2), "noise")]


def test_a_page_sets_paragraphs_apart_with_blank_lines_when_two_in_five_sentence_ends_have_one() -> None:
    def infos(text: str) -> list:  # type: ignore[type-arg]
        from banmian.stages.classify import classify_lines
        from banmian.stages.source_lines import read_source_lines

        return classify_lines(read_source_lines(text))

    from banmian.stages.classify import blank_separated

    sentences = [f"第{n}句话说完了。" for n in "一二三四五六"]
    two_of_five = "\n".join(sentences[:2]) + "\n\n" + "\n".join(sentences[2:4]) + "\n\n" + "\n".join(sentences[4:])
    one_of_five = "\n".join(sentences[:3]) + "\n\n" + "\n".join(sentences[3:])
    assert blank_separated(infos(two_of_five)) is True
    assert blank_separated(infos(one_of_five)) is False


# --- build: what the blocks and markers say -------------------------------------------------

LETTER_SPACED_TITLE = """\
新 馆 开 门 迎 客

市图书馆新馆日前正式开放，馆内设有
少儿阅览区和数字体验区。
"""


def test_a_letter_spaced_title_reads_as_printed() -> None:
    (article,) = parse(LETTER_SPACED_TITLE).articles
    assert article.title == "新馆开门迎客"


def test_the_dateline_keeps_its_printed_form_and_lines_and_the_byline_its_lines() -> None:
    (article,) = parse(DATELINE_AND_REPORTERS).articles
    assert article.dateline is not None and article.byline is not None
    assert article.dateline.raw == "新华社北京3月5日电（记者 张明远 李清和）"
    assert article.dateline.lines == (3, 5)
    assert article.byline.lines == [(3, 5)]


def test_markers_leave_the_paragraph_text() -> None:
    first, second = parse(JUMP_LINES).articles
    assert all("版" not in b.text for b in first.blocks + second.blocks)
    (article,) = parse(OWN_PAPER_DATELINE).articles
    assert not texts(article)[0].startswith("本报讯")


# --- photos: captions in their own measure -----------------------------------------------

CAPTIONS_IN_THEIR_OWN_MEASURE = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地头，手把
手教农户使用新型播种机，帮助农户抢抓农时。

据介绍，全县今年新增各类农机具八百多台，机
耕率超过九成，春耕进度比去年同期快了一周。

农技站还组织了二十多场现场培训，覆盖三千多
名农户，培训内容包括农机操作和维修保养。

农机手驾驶新机
器在田间作业。

农技人员在地头
讲解播种要点。
本报记者 赵文华 摄
"""


def test_captions_set_in_a_narrower_measure_go_with_their_credit() -> None:
    story, photo = parse(CAPTIONS_IN_THEIR_OWN_MEASURE).articles
    assert story.title == "县里农机助春耕" and spans(story) == [(3, 4), (6, 7), (9, 10)]
    assert photo.kind == "photo"
    assert texts(photo, "caption") == ["农机手驾驶新机器在田间作业。", "农技人员在地头讲解播种要点。"]
    assert texts(photo, "credit") == ["本报记者 赵文华 摄"]


CAPTION_ENDING_WITH_ITS_CREDIT = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地头，手把
手教农户使用新型播种机，帮助农户抢抓农时。

据介绍，全县今年新增各类农机具八百多台，机
耕率超过九成，春耕进度比去年同期快了一周。

农机手驾驶新机器在田
间作业。（新华社记者 赵文华 摄）
"""


def test_a_credit_at_the_end_of_a_caption_makes_it_a_photo_item() -> None:
    story, photo = parse(CAPTION_ENDING_WITH_ITS_CREDIT).articles
    assert spans(story) == [(3, 4), (6, 7)]
    assert photo.kind == "photo"
    assert texts(photo, "caption") == ["农机手驾驶新机器在田间作业。"]
    assert photo.byline is not None and photo.byline.photographers == ["赵文华"]
    assert photo.byline.agency == "新华社"


# --- more paragraph geometry and markers ----------------------------------------------------

# No indent characters (the extraction dropped them) and no blank lines: the line after a
# sentence end that fills its line is a paragraph's first line because it is short by
# the indent it was set with.
FIRST_LINE_SHORT_BY_ITS_LOST_INDENT = """\
春耕时节，县里的农技人员走进田间地头
手把手教农户使用新型播种机，抢抓农时。
据介绍，全县今年新增农机具八百多台，
机耕率超过九成，春耕进度比去年快一周。
"""


def test_a_line_short_by_its_indent_after_a_full_sentence_end_starts_a_paragraph() -> None:
    (article,) = parse(FIRST_LINE_SHORT_BY_ITS_LOST_INDENT).articles
    assert spans(article) == [(1, 2), (3, 4)]


NOTE_CLOSES_AN_UNTITLED_CONTINUATION = """\
（上接第1版）春耕时节，县里的农技人员
走进田间地头，手把手教农户使用新型播
种机。（参与记者 李清和 王晓东）

市图书馆新馆日前正式开放，馆内设有少
儿阅览区和数字体验区。

首日接待读者一万余人次，不少家长带着
孩子排队办理借书证。

市图书馆新馆开放
"""


def test_a_note_closes_its_article_where_no_title_follows_it() -> None:
    """Where titles follow bodies, an article's closing markers may be followed by its
    title; when text comes next instead, the article (a continuation, whose title is on
    another page) ends at its note."""
    fragment, story = parse(NOTE_CLOSES_AN_UNTITLED_CONTINUATION).articles
    assert (fragment.title, fragment.continued_from) == (None, 1)
    assert fragment.byline is not None and fragment.byline.contributors == ["李清和", "王晓东"]
    assert fragment.byline.lines == [(3, 3)]
    assert story.title == "市图书馆新馆开放" and spans(story) == [(5, 6), (8, 9)]


def test_the_note_and_the_closing_dateline_keep_their_lines() -> None:
    first, _ = parse(CLOSING_DATELINE_AND_NOTE).articles
    assert first.byline is not None and first.byline.lines == [(5, 5)]
    assert first.dateline is not None and first.dateline.lines == (6, 6)


def test_a_dateline_alone_at_the_top_of_the_page_loses_nothing() -> None:
    text = "新华社北京3月5日电\n\n" + TITLES_FIRST
    page = parse(text)
    assert [a.title for a in page.articles] == ["县里农机助春耕", "市图书馆新馆开放"]


STRAY_SPACES_IN_PROSE = """\
县里农机助春耕

春耕时节， 县里的农技人员走进 田间地
头，手把手教农户使用新型播种机。
"""


def test_stray_spaces_between_ideographs_leave_the_text() -> None:
    (article,) = parse(STRAY_SPACES_IN_PROSE).articles
    assert texts(article) == ["春耕时节，县里的农技人员走进田间地头，手把手教农户使用新型播种机。"]


HEADING_WITH_A_COMMA_OF_ENUMERATION_BEFORE_A_DATELINE = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

春管、春播两不误

新华社北京3月5日电 全县今年新增各类
农机具八百多台，机耕率超过九成。
"""


def test_a_heading_with_an_enumeration_comma_before_a_dateline_is_a_title() -> None:
    """A line set apart before a paragraph that a dateline opens heads that paragraph's
    article, even with the enumeration comma `、` running text also has."""
    first, second = parse(HEADING_WITH_A_COMMA_OF_ENUMERATION_BEFORE_A_DATELINE).articles
    assert first.title == "县里农机助春耕"
    assert second.title == "春管、春播两不误"
    assert second.dateline is not None and second.dateline.place == "北京"


# --- more: the title order, wrapped datelines, inline headings, caption sentences --------------

NOTHING_TELLS_THE_TITLE_ORDER = """\
春耕时节，县里的农技人员走进田间地头，
手把手教农户使用新型播种机。

湖畔来了护鸟人

市图书馆新馆日前正式开放，馆内设有少儿
阅览区和数字体验区。
"""


def test_where_nothing_tells_the_order_a_title_heads_the_text_after_it() -> None:
    """A heading that shares no words with the text on either side, on a page with no
    other heading: titles are printed above their articles unless the page shows otherwise."""
    first, second = parse(NOTHING_TELLS_THE_TITLE_ORDER).articles
    assert first.title is None and spans(first) == [(1, 2)]
    assert second.title == "湖畔来了护鸟人" and spans(second) == [(6, 7)]


DATELINE_WRAPPED_OVER_TWO_LINES = """\
县里农机助春耕

新华社北京3月
5日电 春耕时节，县里的农技人员走进
田间地头，手把手教农户使用新型播种
机，帮助农户抢抓农时。
"""


def test_a_dateline_wrapped_over_two_lines_is_read_whole() -> None:
    (article,) = parse(DATELINE_WRAPPED_OVER_TWO_LINES).articles
    assert article.dateline is not None
    assert (article.dateline.agency, article.dateline.place, article.dateline.date) == ("新华社", "北京", "3月5日")
    assert texts(article) == ["春耕时节，县里的农技人员走进田间地头，手把手教农户使用新型播种机，帮助农户抢抓农时。"]


RUN_ON_WITH_AN_INLINE_SUBHEAD = """\
乡村振兴见闻
春耕时节，县里的农技人员走进田间地头，
手把手教农户使用新型播种机，农机手们
说新机器好用、省力，春耕进度快了一周。
农机进田
全县今年新增各类农机具八百多台，农机
手们驾驶新机器下田，春耕进度比去年同
期快了一周，农机站说新机器好用省力。
"""


def test_where_text_runs_on_a_short_line_between_sentences_is_a_heading() -> None:
    """No indents, no blank lines: a line much shorter than the column, after a sentence
    end and before a paragraph's text, stands on its own."""
    (article,) = parse(RUN_ON_WITH_AN_INLINE_SUBHEAD).articles
    assert article.title == "乡村振兴见闻"
    assert texts(article, "subhead") == ["农机进田"]
    assert spans(article, "paragraph") == [(2, 4), (6, 8)]


INLINE_SUBHEAD_AFTER_AN_OPEN_QUOTE = """\
乡村振兴见闻
　　春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。
“过去一亩地要忙半天，现在一个小时就
够了。”种粮大户秦大山说。
农机进田
　　全县今年新增各类农机具八百多台，
农机手们驾驶新机器下田，春耕进度比去
年同期快了一周。
"""


def test_a_line_opening_a_quote_does_not_stop_the_search_for_headings() -> None:
    (article,) = parse(INLINE_SUBHEAD_AFTER_AN_OPEN_QUOTE).articles
    assert texts(article, "subhead") == ["农机进田"]


CAPTION_SENTENCE_BEFORE_A_CREDITED_CAPTION = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地头，
手把手教农户使用新型播种机，帮助农户抢
抓农时，春耕进度比去年同期快了一周。

据介绍，全县今年新增各类农机具八百多台，
机耕率超过九成，农技站还组织了二十多场
现场培训，覆盖三千多名农户。

这是3月5日拍摄的春耕田野。

农机手驾驶新机器在田间作业，农技人员在
地头讲解播种要点。（本报记者 赵文华 摄）
"""


def test_a_one_line_caption_sentence_goes_with_the_credited_caption_after_it() -> None:
    """`这是……拍摄的……。` on a line of its own before a caption that ends with its credit
    captions the same photo, though both are set in the text's measure."""
    story, photo = parse(CAPTION_SENTENCE_BEFORE_A_CREDITED_CAPTION).articles
    assert spans(story) == [(3, 5), (7, 9)]
    assert photo.kind == "photo"
    assert texts(photo, "caption") == ["这是3月5日拍摄的春耕田野。", "农机手驾驶新机器在田间作业，农技人员在地头讲解播种要点。"]


SUBHEAD_QUOTING_ITS_SECTION = """\
社区巴士开进小区

全市今年新开通社区巴士线路十二条，覆盖老
旧小区和城郊村镇，方便居民出行。

就近换乘更方便

新线路在地铁站设置接驳站点，让居民就近换
乘更方便，出行时间平均缩短一刻钟。

湖畔来了护鸟人

湿地保护站今年新招募志愿者二十名，他们每
天沿湖巡护，清理废弃渔网，救护受伤鸟类。
"""


def test_a_heading_quoted_in_its_section_is_a_subhead() -> None:
    """Feature subheads take a phrase of the section they head: a heading whose words
    the text after it repeats is that text's subhead, not another article's title."""
    first, second = parse(SUBHEAD_QUOTING_ITS_SECTION).articles
    assert first.title == "社区巴士开进小区"
    assert texts(first, "subhead") == ["就近换乘更方便"]
    assert spans(first, "paragraph") == [(3, 4), (8, 9)]
    assert second.title == "湖畔来了护鸟人"


HEADING_BETWEEN_TWO_MEASURES = """\
社区巴士开进小区

全市今年新开通社区巴士线路十二条，覆盖老
旧小区和城郊村镇，方便居民就近换乘地铁。

社区巴士票价一元，居民刷卡乘坐，线路覆盖
老旧小区，社区居民出行更方便。

巴士进社区

社区巴士进小区，居民
就近乘坐巴士，出行更
方便，社区巴士线路也
覆盖了城郊村镇。
"""


def test_a_heading_before_text_set_in_another_measure_is_a_title() -> None:
    """An article keeps its measure: text after a heading set in a column a third narrower
    than the text before it is another article, however many words they share."""
    first, second = parse(HEADING_BETWEEN_TWO_MEASURES).articles
    assert first.title == "社区巴士开进小区"
    assert second.title == "巴士进社区" and spans(second) == [(11, 14)]


# Indents mark paragraphs; every line of text is 18 ideographs (36 cells). The heading is
# one ideograph short of the column, after a sentence that fills its line.
LONG_INLINE_HEADING_ONE_CHARACTER_SHORT = """\
乡村振兴见闻
　　春耕时节县里的农技人员走进田间地
头手把手教农户使用新型播种机农机手们
说新机器好用省力春耕进度快了一个星期
全县今年新增农机具八百多台大家都满意。
新机器和新农人为全县春耕带来新气象
　　全县今年新增各类农机具八百多台农
机手们驾驶新机器下田春耕进度比去年同
期快了一周农机站说新机器好用又很省力。
"""


def test_where_indents_mark_paragraphs_a_line_short_of_the_column_before_an_indent_is_a_heading() -> None:
    (article,) = parse(LONG_INLINE_HEADING_ONE_CHARACTER_SHORT).articles
    assert texts(article, "subhead") == ["新机器和新农人为全县春耕带来新气象"]
    assert spans(article, "paragraph") == [(2, 5), (7, 9)]


HEADING_ENDING_IN_AN_EXCLAMATION = """\
春耕时节，县里的农技人员走进田间地头，
手把手教农户使用新型播种机。

据介绍，全县今年新增各类农机具八百多台，
机耕率超过九成。

奋进新征程！

市图书馆新馆日前正式开放，馆内设有少儿
阅览区和数字体验区。

首日接待读者一万余人次，不少家长带着孩
子排队办理借书证。
"""


def test_a_short_line_ending_in_an_exclamation_can_be_a_heading() -> None:
    """Headlines and slogans end in `！` though they are no sentences of the text."""
    page = parse(HEADING_ENDING_IN_AN_EXCLAMATION)
    headings = [a.title for a in page.articles if a.title] + [
        b.text for a in page.articles for b in a.blocks if b.type == "subhead"
    ]
    assert headings == ["奋进新征程！"]


HEADING_AFTER_A_SHORT_LAST_LINE_AS_WIDE_AS_THE_COLUMN = """\
乡村振兴见闻
　　春耕时节县里的农技人员走进田间地
头手把手教农户使用新型播种机农机手们
说新机器好用省力。
新机器新农人为全县春耕带来了新的气象
　　全县今年新增各类农机具八百多台农
机手们驾驶新机器下田春耕进度比去年同
期快了一周农机站说新机器好用又很省力。
"""


def test_after_a_paragraphs_short_last_line_an_unindented_line_before_an_indent_is_a_heading() -> None:
    (article,) = parse(HEADING_AFTER_A_SHORT_LAST_LINE_AS_WIDE_AS_THE_COLUMN).articles
    assert texts(article, "subhead") == ["新机器新农人为全县春耕带来了新的气象"]
    assert spans(article, "paragraph") == [(2, 4), (6, 8)]


# --- half-width brackets from OCR, section names, long heading blocks, indented pages -------

def test_a_credit_in_half_width_brackets_ends_its_caption() -> None:
    text = CAPTION_ENDING_WITH_ITS_CREDIT.replace("（新华社记者 赵文华 摄）", "(新华社记者 赵文华 摄)")
    _, photo = parse(text).articles
    assert photo.kind == "photo" and photo.byline is not None and photo.byline.photographers == ["赵文华"]


def test_a_note_opened_with_a_half_width_bracket_keeps_its_names() -> None:
    text = NOTE_CLOSES_AN_UNTITLED_CONTINUATION.replace(
        "种机。（参与记者 李清和 王晓东）", "种机。(参与\n记者 李清和 王晓东)"
    )
    fragment, story = parse(text).articles
    assert fragment.byline is not None and fragment.byline.contributors == ["李清和", "王晓东"]
    assert story.title == "市图书馆新馆开放"


def test_a_short_name_under_the_page_number_is_the_section_name() -> None:
    text = "第2版\n要闻\n\n县里农机助春耕\n\n春耕时节，县里的农技人员走进田间地\n头，手把手教农户使用新型播种机。\n"
    page = parse(text)
    assert [(f.lines, f.type) for f in page.furniture] == [((1, 1), "page-number"), ((2, 2), "section")]


FIVE_LINE_HEADING = """\
全县春耕生产全面展开
县里农机助春耕
新机器下田了
——农技站组织现场培训
农机手学会操作保养

春耕时节，县里的农技人员走进田间地头，
手把手教农户使用新型播种机。

据介绍，全县今年新增各类农机具八百多台，
机耕率超过九成。
"""


def test_a_heading_block_of_five_lines_kicker_title_and_subtitles_is_one_heading() -> None:
    (article,) = parse(FIVE_LINE_HEADING).articles
    assert article.title_lines == (1, 5)
    assert spans(article) == [(7, 8), (10, 11)]


TITLE_AFTER_SHARING_FEW_WORDS = """\
本报记者 王晓东

市图书馆新馆日前正式开放，新馆设有少儿
阅览区、古籍修复区和数字体验区。

新馆开放首日接待了一万余人次，不少家长
带着孩子排队办理借书证。

周末亲子来新馆

全县今年新增各类农机具八百多台，机耕
率超过九成，春耕进度比去年快了一周。

农技站组织了二十多场现场培训，覆盖三
千多名农户。

农机助力春耕
"""


def test_where_titles_follow_bodies_a_title_sharing_some_words_with_the_text_before_closes_it() -> None:
    first, second = parse(TITLE_AFTER_SHARING_FEW_WORDS).articles
    assert first.title == "周末亲子来新馆" and spans(first) == [(3, 4), (6, 7)]
    assert first.byline is not None and first.byline.reporters == ["王晓东"]
    assert second.title == "农机助力春耕"


INDENTED_PAGE_WITH_A_BLANK_LINE_AFTER_A_SENTENCE = """\
县里农机助春耕

　　春耕时节县里的农技人员走进田间地头
手把手教农户使用新型播种机抢抓农时。

据介绍全县今年新增农机具八百多台，机
耕率超过九成，春耕进度快了一周。
　　农技站组织了二十多场现场培训，覆
盖三千多名农户，培训内容包括维修保养。
"""


def test_where_indents_mark_paragraphs_a_blank_line_after_a_sentence_still_ends_one() -> None:
    """A block set without indent on an indented page (a note, a caption) starts after a
    sentence that ends at a blank line, though the line before it is full."""
    (article,) = parse(INDENTED_PAGE_WITH_A_BLANK_LINE_AFTER_A_SENTENCE).articles
    assert article.title == "县里农机助春耕"
    assert spans(article) == [(3, 4), (6, 7), (8, 9)]


# (set deep in the page: the first and last lines of a page are read for furniture anyway)
SECTION_NUMBER_OF_FIVE_CHARACTERS = """\
做好春耕生产工作

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

据介绍，全县今年新增各类农机具八百
多台，机耕率超过九成。

（二十一）

全县今年新增各类农机具八百多台，农
机手们驾驶新机器下田。

农技站组织了二十多场现场培训，覆盖
三千多名农户。
"""


def test_a_section_number_of_five_characters_is_a_subhead() -> None:
    (article,) = parse(SECTION_NUMBER_OF_FIVE_CHARACTERS).articles
    assert texts(article, "subhead") == ["（二十一）"]


def test_a_byline_at_the_foot_of_the_last_article_is_its_own() -> None:
    text = TITLES_FIRST + "\n本报记者 王晓东\n"
    first, second = parse(text).articles
    assert first.byline is None
    assert second.byline is not None and second.byline.reporters == ["王晓东"]


def test_a_heading_at_the_very_end_leaves_the_first_title_alone() -> None:
    text = TITLES_FIRST + "\n下期预告\n"
    page = parse(text)
    assert page.articles[0].title == "县里农机助春耕"
    assert page.articles[1].title == "市图书馆新馆开放"


def test_jump_lines_may_count_pages_as_ye() -> None:
    text = JUMP_LINES.replace("（上接第1版）", "（上接第1页）").replace("（下转第6版）", "（下转第6页）")
    first, _ = parse(text).articles
    assert (first.continued_from, first.continued_to) == (1, 6)


# --- paragraph edges: first lines, one-line paragraphs, jump lines, colons --------------------

# No indent characters, no blank lines: the page's first line is short by its (dropped)
# indent and ends a sentence, but it is a first line, not a one-line paragraph.
FIRST_LINE_SHORT_BY_ITS_INDENT_ENDS_A_SENTENCE = """\
春耕时节农机下田，农户抢抓农时。
县里的农技人员走进田间地头，手把手教
农户使用新型播种机，春耕进度比去年同
期快了一周。
"""


def test_a_first_line_short_by_its_indent_is_not_also_a_last_line() -> None:
    (article,) = parse(FIRST_LINE_SHORT_BY_ITS_INDENT_ENDS_A_SENTENCE).articles
    assert spans(article) == [(1, 4)]


ONE_LINE_PARAGRAPH = """\
春耕时节，县里的农技人员走进田间地头，
手把手教农户使用新型播种机。
农机下田了。
据介绍，全县今年新增农机具八百多台，机
耕率超过九成，春耕进度比去年快一周。
"""


def test_a_first_line_much_shorter_than_its_indent_and_ending_a_sentence_is_a_paragraph() -> None:
    (article,) = parse(ONE_LINE_PARAGRAPH).articles
    assert spans(article) == [(1, 2), (3, 3), (4, 5)]


PARAGRAPH_ENDING_IN_A_JUMP_LINE = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。
据介绍，全县新增农机具八百多台。（下转第6版）
"""


def test_a_paragraph_ending_in_a_jump_marker_is_a_paragraph_of_its_own() -> None:
    (article,) = parse(PARAGRAPH_ENDING_IN_A_JUMP_LINE).articles
    assert spans(article) == [(3, 4), (5, 5)]
    assert article.continued_to == 6


COLON_BEFORE_AN_INDENTED_PARAGRAPH = """\
县里农机助春耕
　　春耕时节，县里的农技人员走进田间地
头，提出三点要求：
　　一是抓紧检修农机，确保春耕期间机
具不出故障。
　　二是加强培训，让农户会用新机器。
"""


def test_where_indents_mark_paragraphs_an_indent_starts_one_whatever_ends_the_line_before() -> None:
    (article,) = parse(COLON_BEFORE_AN_INDENTED_PARAGRAPH).articles
    assert spans(article, "paragraph") == [(2, 3), (4, 5), (6, 6)]


BYLINE_AFTER_A_WRAPPED_JUMP_LINE = """\
春耕时节，县里的农技人员走进田间地头，
手把手教农户使用新型播种机。（下转第
6版）
本报记者 王晓东
市图书馆新馆日前正式开放，馆内设有少
儿阅览区和数字体验区。
"""


def test_the_line_after_a_wrapped_jump_line_is_read_for_markers() -> None:
    first, second = parse(BYLINE_AFTER_A_WRAPPED_JUMP_LINE).articles
    assert first.continued_to == 6
    assert second.byline is not None and second.byline.reporters == ["王晓东"]


TWO_STACKED_INLINE_SUBHEADS = """\
乡村振兴见闻
　　春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。
农机进田
新机器好用省力
　　全县今年新增各类农机具八百多台，
农机手们驾驶新机器下田，春耕进度比去
年同期快了一周。
"""


def test_two_short_lines_stacked_before_an_indented_paragraph_are_both_heading_decks() -> None:
    """Both lines are one heading's decks (whether it titles an article or heads a section
    is the title-or-subhead decision); neither is text."""
    page = parse(TWO_STACKED_INLINE_SUBHEADS)
    heading_lines = {n for a in page.articles if a.title_lines for n in range(a.title_lines[0], a.title_lines[1] + 1)}
    heading_lines |= {n for a in page.articles for b in a.blocks if b.type == "subhead" for n in range(b.lines[0], b.lines[1] + 1)}
    assert {4, 5} <= heading_lines
    assert [spans(a, "paragraph") for a in page.articles] in ([[(2, 3), (6, 8)]], [[(2, 3)], [(6, 8)]])


# A paragraph's first line fills the column, has no punctuation and is cut off by a column
# break: it is text (the next line goes on with the sentence), not a heading.
FULL_FIRST_LINE_ALONE_BEFORE_A_COLUMN_BREAK = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地
头，手把手教农户使用新型播种机。

全县今年新增各类农机具八百多台农机

手们驾驶新机器下田，春耕进度比去年
同期快了一周。
"""


def test_a_full_line_without_punctuation_before_a_column_break_is_text() -> None:
    (article,) = parse(FULL_FIRST_LINE_ALONE_BEFORE_A_COLUMN_BREAK).articles
    assert spans(article) == [(3, 4), (6, 9)]
    assert texts(article, "subhead") == []


# --- markers inside runs of text ---------------------------------------------------------

JUMP_FROM_INSIDE_A_RUN = """\
春耕时节，县里的农技人员走进田间地头，
手把手教农户使用新型播种机，农机手们
（上接第3版）市图书馆新馆日前正式开
放，馆内设有少儿阅览区和数字体验区。
"""


def test_a_jump_from_marker_starts_an_article_wherever_it_comes() -> None:
    first, second = parse(JUMP_FROM_INSIDE_A_RUN).articles
    assert spans(first) == [(1, 2)]
    assert second.continued_from == 3 and spans(second) == [(3, 4)]


JUMP_TO_AFTER_AN_UNFINISHED_SENTENCE = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地头，
手把手教农户使用新型（下转第6版）
本报记者 王晓东
市图书馆新馆日前正式开放，馆内设有少
儿阅览区和数字体验区。
"""


def test_a_jump_to_marker_ends_its_paragraph_even_mid_sentence() -> None:
    first, second = parse(JUMP_TO_AFTER_AN_UNFINISHED_SENTENCE).articles
    assert first.continued_to == 6 and spans(first) == [(3, 4)]
    assert second.byline is not None and spans(second) == [(6, 7)]


END_MARK_THEN_A_BYLINE = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地头，
手把手教农户使用新型播种机。(完)
本报记者 王晓东
市图书馆新馆日前正式开放，馆内设有少
儿阅览区和数字体验区。
"""


def test_a_closed_half_width_bracket_does_not_keep_the_next_line_from_being_a_byline() -> None:
    _, second = parse(END_MARK_THEN_A_BYLINE).articles
    assert second.byline is not None and second.byline.reporters == ["王晓东"]
    assert sorted(second.line_numbers()) == [5, 6, 7]


TITLE_AFTER_A_WRAPPED_NOTE = """\
县里农机助春耕

春耕时节，县里的农技人员走进田间地头，
手把手教农户使用新型播种机。（参与记
者 李清和 王晓东）

市图书馆新馆开放

市图书馆新馆日前正式开放，馆内设有少
儿阅览区和数字体验区。
"""


def test_a_note_wrapped_over_two_lines_ends_the_text_before_a_title() -> None:
    first, second = parse(TITLE_AFTER_A_WRAPPED_NOTE).articles
    assert first.byline is not None and first.byline.contributors == ["李清和", "王晓东"]
    assert second.title == "市图书馆新馆开放"
