"""The text pipeline on real pages and on small pages laid out here from invented text."""

from __future__ import annotations

import json

import pytest

from banmian import parse_text
from banmian.evaluate import score_page
from banmian.layout import LineLayout
from banmian.model import Page
from banmian.synth.layout import break_lines
from conftest import OCR_PAGES, SAMPLE_GOLD, SAMPLE_RAW, assert_nothing_lost

FIRST = (
    "春耕时节，县里的农技人员走进田间地头，手把手教农户使用新型播种机。"
    "“过去一亩地要忙半天，现在一个小时就够了。”种粮大户秦大山说。"
)
SECOND = (
    "据介绍，全县今年新增各类农机具八百多台，机耕率超过九成，"
    "农技站还组织了二十多场现场培训，覆盖三千多名农户。"
)
THIRD = (
    "市图书馆新馆日前正式开放，馆内设有少儿阅览区、古籍修复展示区和数字体验区，"
    "首日接待读者一万余人次。不少家长带着孩子排队办理借书证。"
)
FOURTH = "新馆每天开放十二个小时，周末还将举办讲座和亲子阅读活动。"


def column(text: str, width: int = 30, indent: str = "") -> list[str]:
    return break_lines(text, width, first_indent=indent)


def parse_and_check(text: str) -> Page:
    page = parse_text(text)
    assert_nothing_lost(page, text)
    return page


def test_sample_page_meets_the_targets() -> None:
    raw = SAMPLE_RAW.read_text(encoding="utf-8")
    page = parse_and_check(raw)
    metrics = score_page(raw, json.loads(SAMPLE_GOLD.read_text(encoding="utf-8")), page.to_dict())
    for key in ("seg_ari", "title_acc", "subhead_f1", "names_f1", "dateline_acc", "continued_acc", "kind_acc"):
        assert metrics[key] == 1.0, (key, metrics)
    assert metrics["para_f1"] >= 0.97
    assert metrics["body_cer"] <= 0.005


@pytest.mark.parametrize("path", OCR_PAGES, ids=[p.stem for p in OCR_PAGES])
def test_ocr_pages_keep_every_line_and_warn_about_mixed_columns(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    page = parse_and_check(text)
    assert page.articles
    assert any("columns" in w for w in page.warnings), page.warnings


def test_titles_before_bodies_with_indents_and_no_blank_lines() -> None:
    indent = "\u3000\u3000"
    lines = [
        "春耕机械化跑出加速度",
        *column(FIRST, indent=indent),
        *column(SECOND, indent=indent),
        "图书馆新馆开门迎客",
        *column(THIRD, indent=indent),
        *column(FOURTH, indent=indent),
    ]
    page = parse_and_check("\n".join(lines) + "\n")
    assert [a.title for a in page.articles] == ["春耕机械化跑出加速度", "图书馆新馆开门迎客"]
    first, second = page.articles
    assert [b.text for b in first.blocks] == [FIRST, SECOND]
    assert [b.text for b in second.blocks] == [THIRD, FOURTH]


def test_titles_after_bodies_with_blank_lines_and_a_column_break() -> None:
    body = column(FIRST)
    # a column break in the middle of a sentence shows as a blank line
    broken = [*body[:2], "", *body[2:]]
    lines = [*broken, "", *column(SECOND), "", "春耕机械化跑出加速度", "", *column(THIRD), "", "图书馆新馆开门迎客", ""]
    page = parse_and_check("\n".join(lines))
    assert [a.title for a in page.articles] == ["春耕机械化跑出加速度", "图书馆新馆开门迎客"]
    assert [b.text for b in page.articles[0].blocks] == [FIRST, SECOND]
    assert page.articles[0].lines[0][0] == 1  # the title owns the body printed before it


def test_jump_lines_byline_and_dateline() -> None:
    lines = [
        "图书馆新馆开门迎客",
        "",
        "■ 本报记者 周洁 通讯员 郑强",
        "",
        *column("本报成都5月9日电 " + THIRD),
        "",
        *column(FOURTH + "（下转第3版）"),
        "",
        "春耕机械化跑出加速度",
        "",
        "（上接第1版）",
        *column(SECOND),
    ]
    page = parse_and_check("\n".join(lines))
    library, farming = page.articles
    assert library.byline is not None
    assert library.byline.reporters == ["周洁"] and library.byline.contributors == ["郑强"]
    assert library.dateline is not None and (library.dateline.place, library.dateline.date) == ("成都", "5月9日")
    assert library.blocks[0].text == THIRD
    assert library.continued_to == 3
    assert "下转" not in library.blocks[-1].text
    assert farming.continued_from == 1
    assert farming.blocks[-1].text == SECOND


def test_extraction_spaces_and_kangxi_radicals_are_repaired() -> None:
    text = "全县新增农机具 800 多台，\n机 耕 率 超 过 九 成。⼤家都说好。\n"
    page = parse_and_check(text)
    assert page.articles[0].blocks[0].text == "全县新增农机具800多台，机耕率超过九成。大家都说好。"


def test_page_furniture_is_kept_apart() -> None:
    lines = ["2025年3月5日 星期三", "第2版", "", "春耕机械化跑出加速度", "", *column(FIRST), "", "责任编辑 王明"]
    page = parse_and_check("\n".join(lines))
    assert [f.type for f in page.furniture] == ["date", "page-number", "editor"]
    assert len(page.articles) == 1 and page.articles[0].title == "春耕机械化跑出加速度"


def test_photo_caption_and_credit() -> None:
    lines = [
        *column(THIRD),
        "",
        "图书馆新馆开门迎客",
        "",
        *column("读者在新馆少儿阅览区看书。", width=16),
        "",
        "■ 本报记者 孙立 摄",
    ]
    page = parse_and_check("\n".join(lines))
    photo = page.articles[-1]
    assert photo.kind == "photo"
    assert [b.type for b in photo.blocks] == ["caption", "credit"]
    assert photo.byline is not None and photo.byline.photographers == ["孙立"]


def test_layout_roles_override_text_guesses() -> None:
    lines = ["一个普通的短句", *column(FIRST)]
    layouts = [LineLayout(role="title", article_start=True)] + [LineLayout(role="body") for _ in lines[1:]]
    from banmian.stages import run_text_pipeline

    page = run_text_pipeline("\n".join(lines), layouts=layouts)
    assert page.articles[0].title == "一个普通的短句"


def test_empty_and_blank_pages_have_no_articles() -> None:
    assert parse_text("").articles == []
    assert parse_text("\n \n\u3000\n").articles == []


def test_layout_article_starts_and_caption_roles_are_trusted() -> None:
    from banmian.stages import run_text_pipeline

    body = column(FIRST)
    caption = column("读者在新馆少儿阅览区看书。", width=16)
    lines = ["春耕机械化跑出加速度", *body, *caption, "本报记者 孙立 摄", "图书馆新馆开门迎客", *column(THIRD)]
    roles = ["title"] + ["body"] * len(body) + ["caption"] * len(caption) + ["credit", "title"]
    roles += ["body"] * (len(lines) - len(roles))
    starts = {0, 1 + len(body), 2 + len(body) + len(caption)}  # title, photo caption, next title
    layouts = [LineLayout(role=role, article_start=i in starts) for i, role in enumerate(roles)]
    page = run_text_pipeline("\n".join(lines), layouts=layouts)
    assert_nothing_lost(page, "\n".join(lines))
    assert [a.kind for a in page.articles] == ["article", "photo", "article"]
    assert [a.title for a in page.articles] == ["春耕机械化跑出加速度", None, "图书馆新馆开门迎客"]
    assert [b.type for b in page.articles[1].blocks] == ["caption", "credit"]
    assert page.articles[1].byline is not None and page.articles[1].byline.photographers == ["孙立"]


def test_caption_with_its_credit_at_the_end() -> None:
    lines = [
        *column(THIRD),
        "",
        "图书馆新馆开门迎客",
        "",
        *column("读者在新馆少儿阅览区看书。（本报记者 孙立 摄）", width=16),
        "",
        "春耕机械化跑出加速度",
        "",
        *column(FIRST),
    ]
    page = parse_and_check("\n".join(lines))
    photos = [a for a in page.articles if a.kind == "photo"]
    assert len(photos) == 1
    assert [(b.type, b.text) for b in photos[0].blocks] == [
        ("caption", "读者在新馆少儿阅览区看书。"),
        ("credit", "本报记者 孙立 摄"),
    ]
    assert photos[0].byline is not None and photos[0].byline.photographers == ["孙立"]
