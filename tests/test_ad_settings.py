"""An ad's lines grouped into blocks the way its setting groups them (issue 11), on
invented ads."""

from __future__ import annotations

from banmian import parse_text
from banmian.model import Article
from banmian.stages.build import _sets_with
from conftest import assert_nothing_lost

BODY_LINE = "某君日前由北方南下、沿途所見、頗多可記者、茲略述如次、"


def parse_ad(ad: list[str]) -> Article:
    text = "\n".join(["抵埠記", BODY_LINE, BODY_LINE, BODY_LINE, "即赴寓所休息、", *ad, "海上閒談", "（某乙）", BODY_LINE, "不知所終、"])
    page = parse_text(text, conventions="republican")
    assert_nothing_lost(page, text)
    ads = [a for a in page.articles if a.kind == "ad"]
    assert len(ads) == 1
    return ads[0]


def test_parallel_phrases_of_one_length_are_one_block() -> None:
    ad = parse_ad(["某某綢緞莊", "精選綢緞", "四季衣料", "品質高貴", "價格低廉", "電話九一二三四"])
    assert [b.text for b in ad.blocks] == ["某某綢緞莊", "精選綢緞四季衣料品質高貴價格低廉", "電話九一二三四"]


def test_running_text_set_to_a_measure_is_one_block() -> None:
    ad = parse_ad(["某某書局", "本局新出小說多種情節離奇", "文字優美凡我讀者不可不讀", "地址某某路三號"])
    assert [b.text for b in ad.blocks] == ["某某書局", "本局新出小說多種情節離奇文字優美凡我讀者不可不讀", "地址某某路三號"]


def test_a_line_that_opens_with_a_clause_mark_goes_on_with_the_one_above() -> None:
    # (OCR of vertical text leaves the comma that ends a column at the next one's head)
    assert _sets_with("新到各種補品", "，每瓶大洋五角")
    assert not _sets_with("新到各種補品", "每瓶大洋五角")


def test_a_phone_number_stands_alone_beside_a_line_of_its_length() -> None:
    ad = parse_ad(["某某大藥房", "新到各種良藥", "每瓶大洋五角", "地址某某路三號", "電話九一二三四"])
    assert [b.text for b in ad.blocks][-2:] == ["地址某某路三號", "電話九一二三四"]


def test_a_blank_line_after_an_ads_web_address_ends_it() -> None:
    # paragraphs run on without blank lines here: a blank line is no paragraph break by
    # itself, but after the web address an ad prints last it ends the ad
    text = (
        "永安绸布庄\n"
        "定价经济\n"
        "会员八折\n"
        "店址：解放路十八号\n"
        "电话 0202-8153296\n"
        "网址：www.example.cn\n\n"
        "3月5日，游客在湖边观看越冬的候鸟\n"
        "和野鸭。\n\n"
        "■ 本报记者 林小舟 摄\n\n"
        "湿地公园迎来观鸟季\n\n"
        "    城西的湿地公园近日迎来一批又一批观鸟的市民，湖面上的白鹭\n"
        "和野鸭成群结队，岸边架起了一排排的长焦镜头。\n"
        "    公园管理处负责人说，今年湿地水位稳定，水草长势良好，来越冬\n"
        "的候鸟比往年多了不少。\n"
    )
    page = parse_text(text)
    assert_nothing_lost(page, text)
    ad = next(a for a in page.articles if a.kind == "ad")
    assert ad.blocks[-1].text == "网址：www.example.cn"
    photo = next(a for a in page.articles if a.kind == "photo")
    assert photo.blocks[0].text.startswith("3月5日")
