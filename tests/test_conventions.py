"""Conventions of papers and eras (src/banmian/conventions): the families, their
detection, user files, and every rule they drive, on invented pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from banmian import parse_text
from banmian.cli import app
from banmian.conventions import (
    FAMILIES,
    detect_conventions,
    load_conventions,
    page_punctuation,
    page_script,
)
from banmian.errors import InputError
from banmian.model import Page
from banmian.stages.build import readable_title, split_lead
from banmian.stages.classify import briefs_head, header_line_type
from banmian.stages.markers import ends_clause, match_dateline
from banmian.stages.source_lines import read_source_lines, typeset_width
from conftest import assert_nothing_lost

MAINLAND = load_conventions("mainland")
HKTW = load_conventions("hktw")
REPUBLICAN = load_conventions("republican")


def parse(text: str, conventions: str | None = None) -> Page:
    page = parse_text(text, conventions=conventions)
    assert_nothing_lost(page, text)
    return page


# --- families, files, detection ------------------------------------------------------


def test_every_family_loads_and_extends_the_base() -> None:
    for name in FAMILIES:
        family = load_conventions(name)
        assert family.name == name
        assert "新华社" in family.agencies  # the base family's agencies, inherited
        assert family.header_fields
    assert "海通" in REPUBLICAN.agencies and "中央通訊社" in HKTW.agencies and "中央通訊社" not in MAINLAND.agencies
    assert "、" in REPUBLICAN.clause_ends and MAINLAND.clause_ends == ""
    assert REPUBLICAN.punctuation_full_cell and not HKTW.punctuation_full_cell
    assert not REPUBLICAN.dateline_opens_article and MAINLAND.dateline_opens_article


def test_a_family_is_compiled_once() -> None:
    assert load_conventions("republican") is load_conventions("republican")


def test_script_and_punctuation_of_a_page() -> None:
    assert page_script("這是一個關於學校與國際發展的報導。") == "traditional"
    assert page_script("这是一个关于学校与国际发展的报道。") == "simplified"
    old = "某軍昨日抵達、即行佈防、居民安堵如常、商店照常營業、市面平靜、"
    assert page_punctuation(old) == "old"
    assert page_punctuation("今天，市民们在公园里散步，天气晴朗。孩子们放风筝，老人下棋。") == "modern"
    # old setting: a comma or a stop may open a line
    wrapped = "\n".join(["某日某地開會", "，到者百人", "。會畢散去"] * 4)
    assert page_punctuation(wrapped) == "old"


def test_detection_picks_the_most_specific_family() -> None:
    assert detect_conventions("今天，市民们在公园里散步。记者了解到，活动很热闹。").name == "mainland"
    assert detect_conventions("今天，市民們在公園裡散步。記者了解到，這個活動很熱鬧。").name == "hktw"
    old = "（某地廿三日電）某軍昨日抵達、即行佈防、居民安堵如常、商店照常營業、市面平靜、"
    assert detect_conventions(old).name == "republican"


def test_a_user_file_extends_a_family(tmp_path: Path) -> None:
    path = tmp_path / "paper.toml"
    path.write_text(
        'name = "my-paper"\nextends = "mainland"\n'
        "[datelines]\n"
        "agencies = [\"星光通讯社\"]\n"
        "patterns = ['^(?P<agency>星光台)(?P<place>[{CJK}]{2})(?P<date>{DAY}日)消息']\n"
        '[items]\nbriefs_heads = ["今日看点"]\n',
        encoding="utf-8",
    )
    family = load_conventions(str(path))
    assert family.name == "my-paper"
    assert "星光通讯社" in family.agencies and "新华社" in family.agencies
    assert "今日看点" in family.briefs_heads and "简讯" in family.briefs_heads
    found = match_dateline("星光台东港5日消息 港区今天举行开放日活动。", family.dateline_patterns)
    assert found is not None and (found.agency, found.place, found.date) == ("星光台", "东港", "5日")
    text = "码头开放日\n\n星光台东港5日消息 港区今天举行开放日活动，市民登船参观。\n"
    page = parse(text, str(path))
    assert page.articles[0].dateline is not None and page.articles[0].dateline.place == "东港"
    # without the file the same line is no dateline
    assert parse(text).articles[0].dateline is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[bad", "not valid TOML"),
        ('[items]\nad_wrods = ["x"]\n', "unknown key items.ad_wrods"),
        ("[nosuch]\nx = 1\n", "unknown table"),
        ("[text]\nclause_ends = 3\n", "should be a str"),
        ("[datelines]\npatterns = ['(unclosed']\n", "does not compile"),
        ('extends = "atlantis"\n', "neither a family"),
        ("[furniture]\nfields = [\"date\"]\n", "[type, pattern] pairs"),
    ],
)
def test_a_bad_conventions_file_is_one_line_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("[", r"\[")):
        load_conventions(str(path))


def test_conventions_that_extend_each_other_in_a_circle(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n', encoding="utf-8")
    with pytest.raises(InputError, match="circle"):
        load_conventions(str(tmp_path / "a.toml"))


def test_unknown_conventions_name() -> None:
    with pytest.raises(InputError, match="unknown conventions"):
        load_conventions("atlantis")
    with pytest.raises(InputError, match="no such conventions file"):
        load_conventions("/nonexistent/paper.toml")


def test_cli_conventions_option(tmp_path: Path) -> None:
    raw = tmp_path / "page.txt"
    raw.write_text("码头开放日\n\n港区今天举行开放日活动，市民登船参观。\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["parse", str(raw), "--conventions", "republican", "-f", "md"])
    assert result.exit_code == 0 and "码头开放日" in result.output
    result = runner.invoke(app, ["parse", str(raw), "--conventions", "atlantis"])
    assert result.exit_code == 2 and "unknown conventions" in result.output
    gold = tmp_path / "page.gold.json"
    gold.write_text('{"articles": []}', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(raw), str(gold), "--conventions", "atlantis"])
    assert result.exit_code == 2


def test_an_empty_user_file_still_parses_every_page(tmp_path: Path, sample_text: str) -> None:
    """Unknown conventions never break a page: a file that adds nothing reads as the
    base grammar, and nothing is lost."""
    path = tmp_path / "empty.toml"
    path.write_text('name = "nothing"\n', encoding="utf-8")
    page = parse(sample_text, str(path))
    assert len(page.articles) >= 5


# --- running heads and feet ----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "2024年7月28日 星期三    第7版    责任编辑 王明",
        "第7版  2024年7月28日  星期三",
        "责任编辑 王明　美编 张华　校对 李强",
        "晨光日报 2024年7月3日 星期三 第1版",
        "A3  要闻  2024.7.28",
        "新闻热线：0635-1234567  网址：www.example.com.cn",
    ],
)
def test_running_head_fields_in_any_order(line: str) -> None:
    assert header_line_type(line, MAINLAND) is not None


@pytest.mark.parametrize("line", ["新华社北京7月2日电", "今天 天气 很好", "第7版的新闻说 王明 去了北京"])
def test_text_is_no_running_head(line: str) -> None:
    assert header_line_type(line, MAINLAND) is None


def test_a_spaced_running_head_is_not_glued_to_the_first_title() -> None:
    text = (
        "2024年7月28日 星期三    第7版    责任编辑 王明\n"
        "湖区生态修复见成效\n\n"
        "本报北京7月27日电（记者 张三）湖区生态修复工程日前通过验收，水质明显改善。\n"
    )
    page = parse(text)
    assert page.articles[0].title == "湖区生态修复见成效"
    assert page.furniture[0].lines == (1, 1) and page.furniture[0].type == "header"


def test_the_plainest_running_head_stays_out_of_the_title() -> None:
    text = "晨光日报 2024年7月3日 星期三 第1版\n凝心聚力谋发展\n\n本报讯 全市上下凝心聚力，推动发展取得新成效。\n"
    page = parse(text)
    assert page.articles[0].title == "凝心聚力谋发展"


def test_a_masthead_block_of_several_lines() -> None:
    text = (
        "晨光報\nThe Morning Light\n館址某某路一二三號　電話九一二三四\n"
        "中華民國廿五年三月一日　星期六　每份售大洋二分\n"
        "某地新聞\n（某地廿八日電）某地昨日開會、到者百人、會畢散去、\n"
    )
    page = parse(text, "republican")
    assert [f.lines[0] for f in page.furniture] == [1, 2, 3, 4]
    assert page.articles[0].title == "某地新聞"


def test_the_running_head_of_the_second_page_of_a_fold() -> None:
    body = "某君昨日抵埠、各界前往歡迎、車站擁擠不堪、秩序尚稱良好、某君登車後、即赴寓所休息、"
    text = "\n".join(
        ["抵埠記", body, body, body, "中華民國廿五年三月一日　晨光報　星期六　第四版", "又一則", body, body]
    )
    page = parse(text, "republican")
    assert any(f.lines == (5, 5) for f in page.furniture)


def test_reversed_page_label_reads_back() -> None:
    text = "版四第\n某地新聞\n（某地廿八日電）某地昨日開會、到者百人、會畢散去、\n"
    page = parse(text, "republican")
    assert page.furniture[0].text == "第四版"


def test_section_name_beside_a_page_label_but_not_a_title() -> None:
    page = parse("第2版\n要闻\n湖区修复见成效\n\n本报讯 湖区生态修复工程日前通过验收。\n")
    assert [f.type for f in page.furniture] == ["page-number", "section"]
    page = parse("第2版\n湖区修复\n\n本报讯 湖区生态修复工程日前通过验收。\n")
    assert page.articles[0].title == "湖区修复"


# --- datelines -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "agency", "place", "date"),
    [
        ("（重慶廿一日海通社電）某軍昨日抵達、", "海通社", "重慶", "廿一日"),
        ("（長沙廿三日電）某軍昨日抵達、", None, "長沙", "廿三日"),
        ("（倫敦卅日路透電）某國昨日宣布、", "路透", "倫敦", "卅日"),
        ("（南京廿一日專電）某部昨日決定、", None, "南京", "廿一日"),
        ("（同日美聯社電）某國昨日宣布、", "美聯社", None, "同日"),
        ("本報南京廿一日專電　某部昨日決定、", "本報", "南京", "廿一日"),
    ],
)
def test_old_bracketed_datelines(text: str, agency: str | None, place: str | None, date: str) -> None:
    found = match_dateline(text, REPUBLICAN.dateline_patterns)
    assert found is not None
    assert (found.agency, found.place, found.date) == (agency, place, date)
    assert text[found.end :].startswith(("某", "　"))


def test_correspondence_dateline_has_a_place_only() -> None:
    found = match_dateline("（漢口特約通訊）某地近日、", REPUBLICAN.dateline_patterns)
    assert found is not None and found.place == "漢口" and found.date is None


def test_old_datelines_need_the_family() -> None:
    assert match_dateline("（重慶廿一日海通社電）某軍昨日抵達、") is None


def test_cna_dateline_with_its_reporter() -> None:
    found = match_dateline("（中央社記者王小明台北28日電）某部今天宣布。", HKTW.dateline_patterns)
    assert found is not None
    assert (found.agency, found.place, found.date) == ("中央社", "台北", "28日")
    assert found.people.reporters == ["王小明"]


def test_several_dispatches_under_one_headline_are_one_item() -> None:
    text = (
        "某軍節節勝利\n前鋒已抵城郊\n"
        "（某地廿三日電）某軍全線反攻以來、節節勝利、昨日連克數地、\n"
        "（某城廿三日海通電）此間軍界人士、對於某軍之進展、極感興趣、\n"
        "某國會議延期\n"
        "（某京廿三日路透電）某國會議、原定本月舉行、現已延期、\n"
    )
    page = parse(text, "republican")
    assert [a.title for a in page.articles] == ["某軍節節勝利前鋒已抵城郊", "某國會議延期"]
    first = page.articles[0]
    assert first.dateline is not None and first.dateline.place == "某地"
    assert len([b for b in first.blocks if b.type == "paragraph"]) == 2


def test_a_dateline_wrapped_over_three_narrow_lines() -> None:
    text = "某國加稅\n（某京\n廿三日\n美聯電）\n某國對進口貨物、加徵重稅、已於昨日實行、\n"
    page = parse(text, "republican")
    article = page.articles[0]
    assert article.title == "某國加稅"
    assert article.dateline is not None and (article.dateline.place, article.dateline.date) == ("某京", "廿三日")
    assert article.blocks[0].text.startswith("某國對進口貨物")


# --- old text: clause ends, widths, pen names, closing notes ------------------------


def test_clause_ends() -> None:
    assert ends_clause("某君昨日抵埠、", "、")
    assert ends_clause("某君昨日抵埠云", "、云")
    assert not ends_clause("某君昨日抵埠云", "、")
    assert ends_clause("某君昨日抵埠。　（某）", "、")
    assert ends_clause("某君昨日抵埠、（未完）", "、")
    assert ends_clause("某君昨日抵埠。", "")
    assert not ends_clause("某君昨日抵埠、", "")
    assert not ends_clause("某君昨日抵埠", "、")


def test_old_setting_gives_punctuation_a_whole_cell() -> None:
    assert typeset_width("某、某") == 5
    assert typeset_width("某、某", full_cell=True) == 6
    lines = read_source_lines("某、某\nab", full_cell=True)
    assert [line.width for line in lines] == [6, 2]


BODY_LINE = "某君昨日抵埠、各界前往歡迎、車站擁擠不堪、秩序尚稱良好、"


def test_a_paragraph_ends_at_a_short_line_ending_a_clause() -> None:
    text = "\n".join(["抵埠記", "（某甲）", BODY_LINE, BODY_LINE, "即赴寓所休息、", BODY_LINE, "後又往訪友人、"])
    page = parse(text, "republican")
    article = page.articles[0]
    assert article.title == "抵埠記" and article.byline is not None and article.byline.reporters == ["某甲"]
    assert [b.lines for b in article.blocks] == [(3, 5), (6, 7)]


@pytest.mark.parametrize("note", ["（完）", "（續）", "（三）", "（二十一）"])
def test_bracketed_notes_are_no_pen_names(note: str) -> None:
    text = "\n".join(["抵埠記", note, BODY_LINE, "即赴寓所休息、"])
    page = parse(text, "republican")
    assert page.articles[0].byline is None


def test_a_serial_closes_at_its_to_be_continued_note() -> None:
    text = "\n".join(
        ["長篇小說", "第三回", BODY_LINE, BODY_LINE, "從此不提、（未完）", "海上閒談", BODY_LINE, "不知所終、"]
    )
    page = parse(text, "republican")
    assert [a.lines for a in page.articles] == [[(1, 5)], [(6, 8)]]


def test_a_headline_stacked_over_a_dispatch_after_an_unpunctuated_end() -> None:
    text = "\n".join(
        [
            "某地消息",
            "（某地廿三日電）某軍昨日抵達、即行佈防、居民安堵如常、市面平靜如故",
            "某國戰事",
            "某軍續有捷報",
            "（某京廿三日電）某軍已克復數城、斬獲甚多、",
        ]
    )
    page = parse(text, "republican")
    assert [a.title for a in page.articles] == ["某地消息", "某國戰事某軍續有捷報"]


def test_a_full_line_before_a_dispatch_stays_text() -> None:
    text = "\n".join(
        [
            "某地消息",
            "（某地廿三日電）某軍昨日抵達、即行佈防、居民安堵如常、商店照常",
            "營業市面平靜如故兩軍對峙已有數日之久",
            "（某城廿三日電）某軍已克復數城、斬獲甚多、",
        ]
    )
    page = parse(text, "republican")
    assert len(page.articles) == 1


# --- ads, bullets, briefs, notices -----------------------------------------------------

AD = ["某某大藥房", "新到各種良藥", "每瓶大洋五角", "地址某某路三號", "電話九一二三四"]


def test_an_ad_is_an_item_of_its_own_with_a_block_per_line() -> None:
    text = "\n".join(
        ["抵埠記", BODY_LINE, BODY_LINE, BODY_LINE, "即赴寓所休息、", *AD, "海上閒談", "（某乙）", BODY_LINE, "不知所終、"]
    )
    page = parse(text, "republican")
    kinds = [a.kind for a in page.articles]
    assert kinds == ["article", "ad", "article"]
    ad = page.articles[1]
    assert ad.title is None and [b.text for b in ad.blocks] == AD
    assert page.articles[2].title == "海上閒談"


def test_running_text_with_prices_is_no_ad() -> None:
    text = "物價近聞\n近日米價每石大洋十元、電話詢問者甚多、地址在某路之米店、\n生意興隆、價亦未落、\n"
    assert parse(text, "republican").articles[0].kind == "article"


def test_untitled_bulleted_items_are_items_of_their_own() -> None:
    text = "\n".join(
        ["抵埠記", BODY_LINE, "即赴寓所休息、", "◘某公司去年與某國訂立合同、", "近日已派代表來華、（甲）",
         "◘某案旣以卹欵了事、近復有", "詐欺取財事發生、（乙）"]
    )
    page = parse(text, "republican")
    assert [a.lines for a in page.articles] == [[(1, 3)], [(4, 5)], [(6, 7)]]


def test_a_titled_column_of_bulleted_paragraphs_is_one_item() -> None:
    text = "\n".join(["火警", "△某路某號、昨日失愼、", "焚燬房屋數間、", "△某廠昨日下午起火、", "經一小時始撲滅、"])
    page = parse(text, "republican")
    assert len(page.articles) == 1 and len(page.articles[0].blocks) == 2


def test_briefs_column() -> None:
    text = (
        "简讯\n\n"
        "■城区新增两处公园 近日，城区新建的两处口袋公园正式对市民开放。\n"
        "■图书馆延时开放 本报讯 市图书馆自本月起每天开放至晚上九点。\n"
        "■夏季用电平稳 记者从供电公司获悉，今年入夏以来全市用电负荷平稳。\n"
    )
    page = parse(text)
    assert page.furniture[0].type == "section" and page.furniture[0].text == "简讯"
    assert [a.title for a in page.articles] == ["城区新增两处公园", "图书馆延时开放", "夏季用电平稳"]
    assert page.articles[1].dateline is not None and page.articles[1].dateline.raw == "本报讯"
    assert page.articles[1].blocks[0].text == "市图书馆自本月起每天开放至晚上九点。"
    assert all(a.title_lines == a.lines[0] for a in page.articles)


def test_briefs_heads_read_in_any_dress() -> None:
    heads = MAINLAND.briefs_heads
    assert briefs_head("【快讯】", heads) == "快讯"
    assert briefs_head("讯简", heads) == "简讯"
    assert briefs_head("快讯员", heads) is None


def test_lead_phrase_of_a_brief() -> None:
    assert split_lead("■城区新增公园 近日，公园开放。", "■") == ("城区新增公园", "近日，公园开放。")
    assert split_lead("■城区新增公园：近日，公园开放。", "■") == ("城区新增公园", "近日，公园开放。")
    assert split_lead("近日，公园开放。", "■") == (None, "近日，公园开放。")


def test_a_notice() -> None:
    text = (
        "湖区修复见成效\n\n本报讯 湖区生态修复工程日前通过验收，水质明显改善。\n\n"
        "遗失声明\n\n张某某不慎遗失身份证一张，特此声明作废。\n\n张某某\n二〇二四年七月二日\n\n"
        "新馆开放\n\n本报讯 市图书馆新馆日前正式开放，首日接待读者一万余人次。\n"
        "不少家长带着孩子排队办理借书证。\n新馆每天开放十二个小时。\n周末还将举办讲座。\n"
    )
    page = parse(text)
    notice = next(a for a in page.articles if a.title == "遗失声明")
    assert notice.kind == "notice"
    assert [b.text for b in notice.blocks][-2:] == ["张某某", "二〇二四年七月二日"]
    assert [a.kind for a in page.articles].count("notice") == 1


# --- reversed titles, captions, subheads ---------------------------------------------


def test_a_reversed_title_reads_back_by_the_article_words() -> None:
    body = "走进城东的老街，店铺重新开张，老街焕发新活力。"
    assert readable_title("力活新发焕街老", body, MAINLAND) == "老街焕发新活力"
    assert readable_title("老街焕发新活力", body, MAINLAND) == "老街焕发新活力"
    assert readable_title("讯简", "", MAINLAND) == "简讯"
    assert readable_title("好山好水", "与此无关的文字。", MAINLAND) == "好山好水"


CAPTION_PAGE = """近日，本市多个社区开展邻里节活动，居民们
走出家门参与游戏、合唱和义诊，现场气氛热
烈。活动由街道办事处和社区志愿者共同组织，
吸引了上千名居民参加。
社区负责人表示，今后还将定期举办类似活动，
让邻里关系更加融洽。
社区邻里节热闹开场
图为居民
在活动现
场参加拔
河比赛。
本报记者 王明 摄
近年来，我市持续推进老旧小区改造，完成了
一大批基础设施更新项目，居民生活条件明显
改善。改造工程涉及道路、管网、绿化等多个
方面，得到居民普遍认可。
老旧小区改造惠及万户居民
"""


def test_a_caption_next_to_a_title_keeps_all_its_lines() -> None:
    page = parse(CAPTION_PAGE)
    assert page.articles[0].title == "社区邻里节热闹开场"
    photo = page.articles[1]
    assert photo.kind == "photo"
    assert photo.blocks[0].type == "caption" and photo.blocks[0].lines == (8, 11)
    assert photo.blocks[0].text == "图为居民在活动现场参加拔河比赛。"


SUBHEAD_PAGE = """古城老街焕发新活力

本报记者 李华

走进城东的老街，青石板路两旁的店铺重新开张，
老字号的招牌在阳光下格外醒目。几年前，这里
还是一片破旧的平房，如今已成为游客必到的打
卡地。老街改造坚持修旧如旧，保留了原有的街
巷格局和建筑风貌。
老街的商户们说，改造之后客流明显增加，生意
越来越好。一家经营了三十多年的糕点铺老板告
诉记者，现在每天要比过去多做两倍的点心。

老手艺有了新传人

在老街的一间作坊里，几位年轻人正跟着老师傅
学习传统糕点制作。老师傅说，过去担心手艺失
传，如今老街热闹了，愿意学的年轻人也多了。
老街管理方介绍，今后将继续引进非遗项目，让
更多老手艺在老街落地生根，老街的故事还将继
续书写下去。

新能源汽车销量持续增长

本报讯 今年以来，全市新能源汽车销量持续增长，
前五个月累计销售超过三万辆，同比增长四成。
"""


def test_a_lone_subhead_set_apart_in_a_feature() -> None:
    page = parse(SUBHEAD_PAGE)
    assert [a.title for a in page.articles] == ["古城老街焕发新活力", "新能源汽车销量持续增长"]
    assert [b.text for b in page.articles[0].blocks if b.type == "subhead"] == ["老手艺有了新传人"]


def test_a_heading_over_other_words_stays_a_title() -> None:
    other = SUBHEAD_PAGE.replace(
        "在老街的一间作坊里，几位年轻人正跟着老师傅\n学习传统糕点制作。老师傅说，过去担心手艺失\n传，如今老街热闹了，愿意学的年轻人也多了。\n"
        "老街管理方介绍，今后将继续引进非遗项目，让\n更多老手艺在老街落地生根，老街的故事还将继\n续书写下去。",
        "全省秋粮收购工作日前启动，各地粮库提前做好\n仓容准备，收购价格保持稳定，农户售粮顺畅。",
    ).replace("老手艺有了新传人", "秋粮收购启动")
    page = parse(other)
    assert "秋粮收购启动" in [a.title for a in page.articles]


NARROW = ["某君昨日抵埠、", "各界前往歡迎、", "車站擁擠不堪、", "秩序尚稱良好、", "即赴寓所休息", "後又往訪友人", "談話甚久始散、"]
FIRE = ["某廠昨日下午、", "忽然起火延燒、", "救火會聞訊趕到", "、灌救一小時、", "始行撲滅、"]
OTHER_LINE = "某校學生數百人、昨日齊集廣場、舉行運動大會、"


def test_a_deck_wider_than_the_columns_around_it_heads_a_new_item() -> None:
    text = "\n".join(["抵埠記", *NARROW, "某廠失火", "損失甚巨工人紛紛逃避幸無死傷", *FIRE])
    page = parse(text, "republican")
    assert [a.title for a in page.articles] == ["抵埠記", "某廠失火損失甚巨工人紛紛逃避幸無死傷"]


def test_a_last_line_of_a_wider_column_before_a_narrower_one_stays_text() -> None:
    wide = "某君昨日抵埠、各界前往歡迎、車站擁擠不堪、秩序尚稱"
    text = "\n".join(["抵埠記", wide, wide, wide, "良好即赴寓所休息後又往訪友人", *NARROW])
    page = parse(text, "republican")
    assert len(page.articles) == 1


def test_a_title_with_its_pen_name_on_one_line() -> None:
    text = "\n".join(["抵埠記", BODY_LINE, "即赴寓所休息、", "運動大會　（某乙）", OTHER_LINE, "盡歡而散、"])
    page = parse(text, "republican")
    assert [a.lines for a in page.articles] == [[(1, 3)], [(4, 6)]]


def test_author_and_translator_lines_under_a_title() -> None:
    text = "\n".join(["抵埠記", BODY_LINE, "即赴寓所休息、", "運動大會", "某某女士作", "某乙譯", OTHER_LINE, "盡歡而散、"])
    page = parse(text, "republican")
    second = page.articles[1]
    assert second.title == "運動大會"
    assert second.byline is not None and second.byline.reporters == ["某某女士", "某乙"]
    assert second.blocks[0].lines == (7, 8)


def test_a_lone_line_a_character_short_over_a_dispatch_is_a_last_line() -> None:
    column = "某軍昨日抵達、即行佈防"
    text = "\n".join(
        ["某地消息", "（某地廿三日電）", column, column, "居民安堵如常市面平", "（某城廿三日電）", column, column, "斬獲甚多、"]
    )
    assert len(parse(text, "republican").articles) == 1


# --- modern pages: heads, bylines, datelines, ads, notices --------------------------


def test_running_head_fields_set_apart_by_rules_and_a_section_word() -> None:
    assert header_line_type("2024年7月28日星期三 │ 第7版 │ 第4114号", MAINLAND) is not None
    assert header_line_type("科教 | 第9版", MAINLAND) == ("header", 2)
    assert header_line_type("科教 某某", MAINLAND) is None  # an unknown word, no page label or date beside it
    assert header_line_type("今天 天气 很好", MAINLAND) is None


def test_roc_and_republican_dates_in_any_family() -> None:
    assert MAINLAND.field_type("民国114年4月27日") == "date"
    assert MAINLAND.field_type("中华民国廿八年四月廿四日") == "date"
    assert MAINLAND.field_type("国内统一连续出版物号 CN11-0000") == "footer"


def test_ad_lines_at_the_foot_of_a_page_stay_with_the_ad() -> None:
    text = (
        "湖区修复见成效\n\n本报讯 湖区生态修复工程日前通过验收，水质明显改善。\n"
        "工程历时三年，完成清淤和岸线整治。\n\n"
        "某某电器商场\n开业大酬宾\n售价：399元\n地址：某某路16号\n热线电话：1234567\n"
    )
    page = parse(text)
    assert page.articles[-1].kind == "ad" and page.articles[-1].lines == [(6, 10)]
    assert page.furniture == []


def test_blank_lines_among_display_lines_end_an_ad() -> None:
    text = (
        "某某茶庄\n定价经济\n售价：99元\n地址：某某路1号\n\n"
        "某某书局\n新书上市\n欢迎选购\n地址：某某路2号\n\n"
        "湖区修复见成效\n\n本报讯 湖区生态修复工程日前通过验收，水质明显改善。\n工程历时三年。\n"
    )
    page = parse(text)
    assert [a.kind for a in page.articles] == ["ad", "ad", "article"]


@pytest.mark.parametrize(
    ("line", "role", "names"),
    [
        ("本报特派员 方某某", "reporters", ["方某某"]),
        ("本报特派记者 方某某", "reporters", ["方某某"]),
        ("本报记者 方某某 摄影 吴某", "photographers", ["吴某"]),
        ("新华社记者 包某某 摄 任某", "photographers", ["任某"]),
        ("文·图/方某某", "photographers", ["方某某"]),
        ("文/本报记者 甲某某 图/乙某某", "photographers", ["乙某某"]),
    ],
)
def test_byline_forms(line: str, role: str, names: list[str]) -> None:
    from banmian.stages.markers import parse_byline

    parsed = parse_byline(line)
    assert parsed is not None and getattr(parsed[0], role) == names


def test_report_lead_after_a_dateline() -> None:
    from banmian.stages.markers import split_report_lead

    found = split_report_lead("记者方某某报道：气象专家介绍")
    assert found is not None and found[0] == "气象专家介绍" and found[1].reporters == ["方某某"]
    assert split_report_lead("据报道：今天") is None
    page = parse("湖区修复\n\n本报讯 记者方某某报道：湖区生态修复工程日前通过验收。\n")
    assert page.articles[0].blocks[0].text == "湖区生态修复工程日前通过验收。"
    assert page.articles[0].byline is not None and page.articles[0].byline.reporters == ["方某某"]


def test_a_dateline_spaced_out_over_three_narrow_lines() -> None:
    text = "食堂开张\n\n本报某某 某某\n10月17日电（记\n者 甲乙） 中午11\n点，社区食堂已经坐满了人。\n"
    article = parse(text).articles[0]
    assert article.dateline is not None and (article.dateline.place, article.dateline.date) == ("某某某某", "10月17日")
    assert article.blocks[0].text.startswith("中午11点")


def test_day_only_and_bracketed_dispatch_datelines_in_a_modern_page() -> None:
    found = match_dateline("中新社北京2日电 记者从有关部门获悉", MAINLAND.dateline_patterns)
    assert found is not None and (found.place, found.date) == ("北京", "2日")
    found = match_dateline("（某地 二十八日海通社电） 每到周五", MAINLAND.dateline_patterns)
    assert found is not None and (found.place, found.date, found.agency) == ("某地", "二十八日", "海通社")


def test_one_dateline_per_item_and_a_closing_one() -> None:
    text = (
        "某国会议延期\n\n（某京廿三日路透电）某国会议原定本月举行，现已延期。\n"
        "（同日美联社电）据悉，会议将于下月重新召开。\n\n"
        "某地新闻\n\n某地今日举行运动会，数千人参加。\n（某地廿四日电）\n\n"
        "又一新闻\n\n某地今日举行展览会，数千人参观。\n"
    )
    page = parse(text)
    first, second = page.articles[0], page.articles[1]
    assert first.dateline is not None and first.dateline.place == "某京"
    assert first.blocks[1].text.startswith("（同日美联社电）")  # a later dispatch keeps its own
    assert second.dateline is not None and second.dateline.date == "廿四日"


def test_a_subhead_in_the_flow_over_a_later_dispatch() -> None:
    text = (
        "古镇博物馆推出夜游\n\n（某地一日海通社电）每到周五晚上，古镇博物馆的大门就会重新打开，游客络绎不绝。\n"
        "博物馆的夜游项目吸引了许多年轻游客。\n数字技术助力展陈\n"
        "（某地十五日哈瓦斯电）今年博物馆对展厅进行了改造，增加了多处互动屏幕，游客扫码就能看到文物模型。\n"
    )
    page = parse(text)
    assert len(page.articles) == 1
    assert [b.text for b in page.articles[0].blocks if b.type == "subhead"] == ["数字技术助力展陈"]


def test_jump_lines_with_an_ocr_space_in_their_bracket() -> None:
    from banmian.stages.markers import match_jump_from

    assert match_jump_from("（上 接第3版）每到") == (3, 8)
    assert match_jump_from("（上接第3版）每到") == (3, 7)


def test_words_that_end_like_a_briefs_head_but_are_not_one() -> None:
    heads = MAINLAND.briefs_heads
    assert briefs_head("经济快讯", heads) == "经济快讯"
    assert briefs_head("市工业和信息", heads) is None
    assert briefs_head("行业动态", heads) is None


def test_a_signed_notice_then_a_title() -> None:
    text = (
        "湖区修复见成效\n\n本报讯 湖区生态修复工程日前通过验收，水质明显改善。\n工程历时三年。\n\n"
        "更名启事\n本号自某年某月起更名为某某书局，原有业务往来照旧办理。特此启事。\n"
        "　　某某茶庄\n　　二〇二四年一月十四日\n\n"
        "本周全省降温\n\n本报讯 省气象台昨日发布消息，本周全省自北向南将出现明显降温。\n"
        "气象专家介绍，这次冷空气来势较快。\n农业部门提醒农户做好防寒准备。\n"
    )
    page = parse(text)
    assert [(a.kind, a.title) for a in page.articles][1:] == [("notice", "更名启事"), ("article", "本周全省降温")]
    assert [b.text for b in page.articles[1].blocks][-2:] == ["某某茶庄", "二〇二四年一月十四日"]


# --- serials: title, instalment number, pen name ----------------------------------------


def test_a_serial_title_over_its_instalment_number_and_pen_name() -> None:
    # a serial's title, its instalment number, the author's pen name, the chapter's title
    text = "\n".join(
        ["抵埠記", BODY_LINE, "即赴寓所休息。", "湖上閒話", "（一二）", "（某丙）", "第五回　舟中遇故人", OTHER_LINE, "盡歡而散。"]
    )
    page = parse(text, "republican")
    assert [a.lines for a in page.articles] == [[(1, 3)], [(4, 9)]]
    serial = page.articles[1]
    assert serial.title is not None and serial.title.startswith("湖上閒話")
    assert serial.byline is not None and serial.byline.reporters == ["某丙"]


def test_an_instalment_number_set_digit_by_digit() -> None:
    # a number set down a vertical column, one digit a line, reaches text as lines of its own
    text = "\n".join(["湖上閒話", "（一）", "（〇）", "（二）", "某甲著", "第五回　舟中遇故人", OTHER_LINE, "盡歡而散。"])
    page = parse(text, "republican")
    assert [a.lines for a in page.articles] == [[(1, 8)]]


def test_a_section_number_after_a_paragraph_heads_no_serial() -> None:
    # `（二）` inside an article: the line above it ends a sentence, so it titles nothing
    text = "\n".join(["抵埠記", BODY_LINE, "即赴寓所休息。", "（二）", OTHER_LINE, "盡歡而散。"])
    page = parse(text, "republican")
    assert [a.lines for a in page.articles] == [[(1, 6)]]


# --- old headlines: decks, boxed subheads, signatures ---------------------------------


def test_a_deck_wider_than_the_text_under_it_joins_the_headline() -> None:
    arrival = ["抵埠記", "某君昨日抵埠、", "各界前往歡迎、", "車站擁擠不堪、", "始散、"]
    text = "\n".join([*arrival, "某廠失火", "工人三名受傷甚重", *FIRE])
    page = parse(text, "republican")
    assert [a.lines for a in page.articles] == [[(1, 5)], [(6, 12)]]
    fire = page.articles[1]
    assert fire.title is not None and "受傷" in fire.title
    assert fire.blocks[0].lines[0] == 8


BOXED_PAGE = [
    "米市近況",
    "本市米市、昨到貨",
    "約三千包、銷場平",
    "常、價格無變動、",
    "白米",  # a subhead set in a box over the heads of the next two lines
    "白米以蕪",
    "湖運來爲",
    "多、每石售價二十",
    "元、較前略漲、惟",
    "各行存貨尚豐、故",
    "售方心思平穩云、",
]


def test_the_short_lines_beside_a_boxed_subhead_are_text() -> None:
    page = parse("\n".join(BOXED_PAGE), "republican")
    # the short lines beside `白米` are the first of the text under it, and a subhead run
    # into the text in a box is a part of the report, not an item's title
    assert len(page.articles) == 1
    blocks = page.articles[0].blocks
    assert [b.text for b in blocks if b.type == "subhead"] == ["白米"]
    assert any(b.lines[0] == 6 and b.text.startswith("白米以蕪湖運來爲多") for b in blocks)


def test_a_feature_signed_with_its_pen_name_ends_there() -> None:
    essay = ["湖上閒話", "某君性好遊，每至", "春日，必泛舟湖上", "，與友人飲酒賦詩", "，盡歡而散。　（某乙）"]
    notes = ["近事錄", "某戲院新片定於下", "星期開映，由某君", "主演，聞甚精彩。"]
    page = parse("\n".join(essay + notes), "republican")
    assert [a.lines for a in page.articles] == [[(1, 5)], [(6, 9)]]


WIRE_LINE = "某軍昨日抵達某地、即行佈防、居民安堵"  # a dispatch's line, wider than the decks


def test_an_ads_phone_line_is_no_deck_of_the_headline_below() -> None:
    text = "\n".join(
        ["某某大藥房", "新到各種良藥", "電　話　九　一　二　三　四", "某地戰事", "某軍續有捷報",
         "（某地廿三日電）" + WIRE_LINE, WIRE_LINE, "市面如常云、"]
    )
    page = parse(text, "republican")
    dispatch = next(a for a in page.articles if a.dateline is not None)
    assert dispatch.title is not None and "電" not in dispatch.title and "某地戰事" in dispatch.title


def test_the_last_line_of_a_story_is_no_deck_of_the_next_headline() -> None:
    # `已改至八月間舉行` ends the sentence of the line above it (as wide, running on)
    text = "\n".join(
        ["某會會期延長", "（某地廿三日電）某會原定每三", "個月開會一次、現", "已改至八月間舉行",
         "某國政府發起", "召集國際會議", "（某地廿三日電）" + WIRE_LINE, WIRE_LINE, "市面如常云、"]
    )
    page = parse(text, "republican")
    assert [a.lines for a in page.articles] == [[(1, 4)], [(5, 9)]]


def test_a_line_the_next_lines_clause_mark_runs_on_from_is_text() -> None:
    text = "\n".join(
        ["某會會期延長", "（某地廿三日電）今", "日某國政", "府宣稱、", "政府方面", "、此後將限制出", "口貨物云、"]
    )
    page = parse(text, "republican")
    assert len(page.articles) == 1
    assert all(b.type != "subhead" for b in page.articles[0].blocks)


def test_a_bracketed_series_note_under_a_title_is_part_of_it() -> None:
    text = "\n".join(
        [*["抵埠記", "某君昨日抵埠、", "各界前往歡迎、", "車站擁擠不堪、", "始散、"],
         "某海的爭霸", "（時事地圖之四）", "自從某國", "佔領某島", "之後、某", "國之交通", "大受威脅、"]
    )
    page = parse(text, "republican")
    assert [a.lines for a in page.articles] == [[(1, 5)], [(6, 12)]]
    assert page.articles[1].title is not None and "時事地圖之四" in page.articles[1].title


def test_three_decks_of_one_width_over_an_indented_paragraph_stay_a_headline() -> None:
    arrival = ["抵埠記", "某君昨日抵埠、", "各界前往歡迎、", "車站擁擠不堪、", "始散、"]
    bank = ["某市銀行", "存款激增", "巨量貸放", "據銀行界消息、", "某市各銀行、以", "各地游資、均集", "中某市、紛紛向", "銀行存儲云、"]
    page = parse("\n".join(arrival + bank), "republican")
    assert [a.lines for a in page.articles] == [[(1, 5)], [(6, 13)]]
    assert page.articles[1].title is not None and "巨量貸放" in page.articles[1].title


def test_display_lines_right_after_an_ad_are_more_of_it() -> None:
    arrival = ["抵埠記", "某君昨日抵埠、", "各界前往歡迎、", "車站擁擠不堪、", "始散、"]
    dyers = ["某某洗染廠", "春季", "大減價", "地址某某路三號", "精染不褪色綢緞衣料各色俱全"]
    grocer = ["某某食品店", "擇吉", "開幕", "電話九一二三四", "糖果餅乾麵包冷飲一應俱全"]
    page = parse("\n".join(arrival + dyers + grocer), "republican")
    assert page.articles[0].lines == [(1, 5)]
    # (where one ad ends and the next begins the text does not tell; no display line
    # under an ad becomes an article)
    assert all(a.kind == "ad" for a in page.articles[1:])


# --- pages without blank lines: titles over markers, at the page's foot ------------------


STORY = ["    某市图书馆近日开通了自助借还服务，读者凭证", "件任何时间都可以办理借书和还书手续。"]


def test_a_title_wider_than_its_text_over_a_continuation_line() -> None:
    lines = [
        *STORY,
        "（下转第5版）",
        "今冬首场寒潮自北向南影响全省各地",  # wider than the narrow column below
        "（上接第2版）",
        "省气象台昨日发布",
        "消息，本周全省将",
        "出现明显降温。",
    ]
    page = parse("\n".join(lines))
    assert [a.lines for a in page.articles] == [[(1, 3)], [(4, 8)]]
    assert page.articles[1].title == "今冬首场寒潮自北向南影响全省各地"


def test_a_lone_title_over_a_byline_after_a_finished_story() -> None:
    lines = [*STORY, "某市今年新建社区食堂二十余处方便老人家就餐", "□ 本报记者 某某", *STORY]
    page = parse("\n".join(lines))
    assert [a.title for a in page.articles] == [None, "某市今年新建社区食堂二十余处方便老人家就餐"]


def test_a_title_on_the_pages_last_line_under_a_story_sent_on() -> None:
    lines = ["（上接第2版）" + STORY[0].strip(), STORY[1], "（下转第12版）", "图书馆开通自助借还"]
    page = parse("\n".join(lines))
    assert len(page.articles) == 1 and page.articles[0].title == "图书馆开通自助借还"


def test_a_two_deck_title_over_a_first_line_whose_indent_was_lost() -> None:
    lines = [
        "    本院受理的原告某公司与被告某公司",
        "买卖合同纠纷一案，定于某日开庭。",
        "    被告逾期不到庭的，本院将依法缺",
        "席判决。",
        "    特此公告。",
        "全市中学生田径",
        "运动会闭幕",
        "在男子高中组百米决赛",  # a first line, short by its indent (the spaces lost)
        "中，某中学的选手以十秒的成",
        "绩夺冠，刷新了保持八年的纪",
        "录。",
    ]
    page = parse("\n".join(lines))
    assert [a.title for a in page.articles] == [None, "全市中学生田径运动会闭幕"]


def test_a_title_set_tight_over_a_narrow_caption_on_a_blank_separated_page() -> None:
    # a title printed under its story (title-after page), a photo's caption right under it
    text = "\n".join(
        [
            "某市图书馆近日在新馆开通了自助借还区，读者凭证件任何时间都可以",
            "办理借书和还书手续。",
            "",
            "自助借还区配备了八台机器和一套智能书架，读者取书后系统会自动完",
            "成登记。",
            "",
            "图书馆开通自助借还服务",
            "这是某日拍摄的雪",
            "后的山村。",
            "",
            "当日，一场降雪",
            "过后，山间村落银",
            "装素裹。",
            "",
            "新华社记者 某某 摄",
        ]
    )
    page = parse(text)
    assert page.articles[0].title == "图书馆开通自助借还服务"
    assert page.articles[0].lines == [(1, 7)]
    photo = page.articles[1]
    assert photo.kind == "photo" and photo.lines[0][0] == 8


def test_a_paragraphs_first_line_cut_inside_a_number_is_no_heading() -> None:
    text = "\n".join(
        [
            "某市图书馆近日在新馆开通了自助借还区，读者凭证件任何时间都可以",
            "办理借书和还书手续。",
            "",
            "“护飞队”成立于2016",
            "年，最初只有五名队员，都是附近的渔民。如今队伍已扩大到四十多",
            "人，他们每天分组巡湖。",
        ]
    )
    page = parse(text)
    assert len(page.articles) == 1 and page.articles[0].title is None


# --- photo credits wrapped between the role and the names --------------------------------


@pytest.mark.parametrize(
    "credit",
    [
        ["    这是某日拍摄的修缮后的老街，青砖黛瓦依旧。（新华社记者", "赵文华 摄）"],
        ["    这是某日拍摄的修缮后的老街，青砖黛瓦依旧。", "（新华社记者", "赵文华 摄）"],
        ["    这是某日拍摄的修缮后的老街，青砖黛瓦依旧。", "新华社记者", "赵文华 摄"],
    ],
)
def test_a_photo_credit_wrapped_between_its_role_and_the_names(credit: list[str]) -> None:
    text = "\n".join(["城市更新有温度", "", *credit])
    page = parse(text)
    photo = next(a for a in page.articles if a.kind == "photo")
    assert photo.byline is not None and photo.byline.photographers == ["赵文华"]
    assert photo.byline.agency == "新华社"
    assert [b.type for b in photo.blocks] == ["caption", "credit"]


def test_a_credit_with_the_name_set_tight_against_the_role() -> None:
    from banmian.stages.markers import parse_byline

    parsed = parse_byline("本报记者某某摄")
    assert parsed is not None and parsed[0].photographers == ["某某"] and parsed[1]
    assert parse_byline("本报记者某某某某报道称") is None  # no credit: nothing bounds the name


def test_a_dateline_with_an_ocr_space_inside() -> None:
    text = "\n".join(["春耕备耕正当时", "", "    本报 长沙3月7日电 连日来，各地抓住有利天气，组织农民开展春耕备耕。"])
    article = parse(text).articles[0]
    assert article.dateline is not None and article.dateline.place == "长沙"


def test_ads_one_after_another_split_after_a_phone_number() -> None:
    first = ["某某照相館", "定價經濟", "照相精美", "電話九一二三四號"]
    second = ["某某西服公司", "新到春季衣料", "歡迎參觀定製", "地址某某路三號"]
    text = "\n".join(["抵埠記", BODY_LINE, "即赴寓所休息。", *first, *second])
    page = parse(text, "republican")
    ads = [a for a in page.articles if a.kind == "ad"]
    assert [a.lines for a in ads] == [[(4, 7)], [(8, 11)]]


def test_a_notice_ends_with_the_date_under_its_signature() -> None:
    # a title-after page: the story after the notice is titled below its text
    story = ["    某市图书馆近日开通了自助借还服务，读者凭证件任何时间都可以借还。", ""]
    text = "\n".join(
        [
            *story * 4,
            "图书馆开通自助借还",
            "",
            "声明",
            "近日有人冒用本店名义对外招揽业务，本店对此不承担任何责任。",
            "　　某某五金行",
            "2021年3月25日",
            "",
            *["    夜幕降临，某镇中心小学的操场上热闹起来，几十名学生排着队看月亮。", ""] * 4,
            "山区小学有了天文台",
        ]
    )
    page = parse(text)
    notice = next(a for a in page.articles if a.kind == "notice")
    assert notice.lines == [(11, 14)]
    assert page.articles[-1].title == "山区小学有了天文台" and page.articles[-1].lines[0][0] == 16


@pytest.mark.parametrize("where", ["closing", "opening"])
def test_a_bracketed_agency_dateline_keeps_its_agency(where: str) -> None:
    """`（新华社某地3月5日电）`, agency first inside the brackets, at the end of a reprinted
    item or before its text: the agency is the agency, not part of the place."""
    dateline = "（新华社开罗3月5日电）"
    text = "县里的农技人员走进田间地头，手把手教农户使用新型农机。"
    body = text + dateline if where == "closing" else dateline + text
    page = parse_text(f"春耕时节\n\n{body}\n")
    (article,) = page.articles
    assert article.dateline is not None
    assert (article.dateline.agency, article.dateline.place, article.dateline.date) == ("新华社", "开罗", "3月5日")
    assert [block.text for block in article.blocks] == [text]
