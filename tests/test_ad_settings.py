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
