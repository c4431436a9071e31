"""The grammar of bylines, datelines, jump lines and furniture, on invented lines."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from banmian.stages.markers import (
    SENTENCE_END,
    ends_sentence,
    furniture_type,
    is_section_number_line,
    match_dateline,
    match_jump_from,
    match_jump_to,
    parse_byline,
    parse_number,
    split_contributor_note,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [("7", 7), ("１２", 12), ("十", 10), ("十二", 12), ("二十一", 21), ("一〇", 10), ("三", 3)],
)
def test_numbers_in_arabic_and_chinese(text: str, number: int) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize(
    ("line", "agency", "reporters", "contributors", "photographers", "photo"),
    [
        ("■ 新华社记者 王明 李华", "新华社", ["王明", "李华"], [], [], False),
        ("本报记者 周洁 通讯员 郑强", "本报", ["周洁"], ["郑强"], [], False),
        ("□ 中新社记者 欧阳子谦", "中新社", ["欧阳子谦"], [], [], False),
        ("新华社记者 孙立 摄", "新华社", [], [], ["孙立"], True),
        ("本报记者 韩梅摄", "本报", [], [], ["韩梅"], True),
        ("新华社发 钱进 摄", "新华社", [], [], ["钱进"], True),
        ("新华社记者 阿依古丽·买买提", "新华社", ["阿依古丽·买买提"], [], [], False),
        ("文/林一 图/许二", None, ["林一"], [], ["许二"], False),
    ],
)
def test_bylines_and_credits(
    line: str, agency: str | None, reporters: list[str], contributors: list[str], photographers: list[str], photo: bool
) -> None:
    parsed = parse_byline(line)
    assert parsed is not None
    people, is_photo = parsed
    assert (people.agency, people.reporters, people.contributors, people.photographers, is_photo) == (
        agency,
        reporters,
        contributors,
        photographers,
        photo,
    )


@pytest.mark.parametrize(
    "line",
    [
        "记者从市教育局获悉，今年全市新增学位",  # running text that starts with 记者
        "记者日前从有关部门了解到，该项目",
        "本报讯",  # a dateline, not a byline
        "城市更新中的“绣花功夫”",
    ],
)
def test_running_text_is_not_a_byline(line: str) -> None:
    assert parse_byline(line) is None


def test_opening_dateline_with_reporters() -> None:
    found = match_dateline("新华社上海3月5日电（记者 王明 李华） 记者5日从市里获悉")
    assert found is not None
    assert (found.agency, found.place, found.date) == ("新华社", "上海", "3月5日")
    assert found.people.reporters == ["王明", "李华"]
    assert found.raw == "新华社上海3月5日电（记者 王明 李华）"


@pytest.mark.parametrize(("line", "name"), [("本报记者李华", "李华"), ("新华社记者欧阳明", "欧阳明")])
def test_a_byline_line_whose_space_ocr_dropped_is_a_byline(line: str, name: str) -> None:
    found = parse_byline(line)
    assert found is not None and found[0].reporters == [name] and not found[1]


@pytest.mark.parametrize("who", ["记者王明李华", "记者 王明李华", "记者欧阳立新赵一"])
def test_a_who_note_whose_names_run_together_is_still_the_credit(who: str) -> None:
    # OCR drops the narrow space between two names: the brackets after 电 still bound
    # them, so the note is the dateline's credit (names kept as printed, one entry)
    found = match_dateline(f"新华社上海3月5日电（{who}）记者5日从市里获悉")
    assert found is not None
    assert found.raw == f"新华社上海3月5日电（{who}）"
    assert found.people.reporters == [who.removeprefix("记者").strip()]


@pytest.mark.parametrize("missing", ["\u3013", "\ufffd"])
def test_a_name_with_a_glyph_the_text_layer_could_not_map_is_still_a_name(missing: str) -> None:
    # 〓 (the typesetter's missing-glyph mark) or U+FFFD (a glyph no Unicode map names, as a
    # PDF text layer gives it) stands for one character: the who-note still reads
    found = match_dateline(f"新华社上海3月5日电（记者 王明 李{missing}华 通讯员 赵{missing}） 记者5日获悉")
    assert found is not None
    assert found.people.reporters == ["王明", f"李{missing}华"]
    assert found.people.contributors == [f"赵{missing}"]
    credit = parse_byline(f"本报记者 张{missing}平 摄")
    assert credit is not None and credit[0].photographers == [f"张{missing}平"]


@pytest.mark.parametrize(
    ("line", "agency", "place", "date"),
    [
        ("据新华社东京11月2日电 日本政府", "新华社", "东京", "11月2日"),
        ("本报讯（记者 周洁）昨天", "本报", None, None),
        ("本报成都5月9日讯（记者 周洁）", "本报", "成都", "5月9日"),
        ("中新社香港三月五日电 香港特区", "中新社", "香港", "三月五日"),
        ("【本报讯】全市", "本报", None, None),
    ],
)
def test_dateline_forms(line: str, agency: str, place: str | None, date: str | None) -> None:
    found = match_dateline(line)
    assert found is not None
    assert (found.agency, found.place, found.date) == (agency, place, date)


@pytest.mark.parametrize("line", ["新华社记者在现场看到", "社区食堂让老人吃上热饭", "本报记者 周洁"])
def test_not_a_dateline(line: str) -> None:
    assert match_dateline(line) is None


@pytest.mark.parametrize(
    ("line", "page"),
    [("（上接第1版）全市", 1), ("（上接一版）", 1), ("(紧接第三版)", 3), ("（上接第 12 版）", 12), ("上接第2版", 2),
     ("(上接第1 2 版)全市", 12)],  # OCR spaces out the page number's figures
)
def test_jump_from(line: str, page: int) -> None:
    found = match_jump_from(line)
    assert found is not None and found[0] == page


@pytest.mark.parametrize(
    ("line", "page"),
    [("群众的好评。（下转第2版）", 2), ("（下转四版）", 4), ("转第3版", 3), ("（转第十五版）", 15),
     ("群众的好评。(下转第1 5 版)", 15)],  # OCR spaces out the page number's figures
)
def test_jump_to(line: str, page: int) -> None:
    found = match_jump_to(line)
    assert found is not None and found[0] == page


@pytest.mark.parametrize("line", ["他说，转第3版的稿子还没到", "第一版刊登了消息", "接上级通知"])
def test_jump_words_inside_text_are_not_markers(line: str) -> None:
    assert match_jump_from(line) is None
    assert match_jump_to(line) is None


def test_contributor_note_leaves_the_text() -> None:
    split = split_contributor_note("共同的故事。（参与记者 王明 钱进 欧阳子谦）")
    assert split is not None
    text, people = split
    assert text == "共同的故事。"
    assert people.contributors == ["王明", "钱进", "欧阳子谦"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("2025年3月5日 星期三", "date"),
        ("第2版", "page-number"),
        ("第十二版", "page-number"),
        ("- 3 -", "page-number"),
        ("责任编辑 王明 版式设计 李华", "editor"),
        ("国内统一刊号：CN11-0000", "masthead"),
        ("一九六七年四月十八日", "date"),
    ],
)
def test_furniture_grammar(line: str, kind: str) -> None:
    assert furniture_type(line) == kind


@pytest.mark.parametrize("line", ["今年前三季度全省外贸稳中有升", "17岁的少年"])
def test_text_is_not_furniture(line: str) -> None:
    assert furniture_type(line) is None


def test_section_numbers() -> None:
    assert is_section_number_line("（三）")
    assert is_section_number_line("二、")
    assert not is_section_number_line("（三）为政之要，首在得人")


def test_traditional_character_markers_keep_their_printed_form() -> None:
    parsed = parse_byline("■ 新華社記者 王明 李華")
    assert parsed is not None
    assert (parsed[0].agency, parsed[0].reporters) == ("新華社", ["王明", "李華"])
    found = match_dateline("新華社臺北3月5日電（記者 王明）今天")
    assert found is not None
    assert (found.agency, found.place, found.date, found.raw) == ("新華社", "臺北", "3月5日", "新華社臺北3月5日電（記者 王明）")
    assert match_jump_to("的好評。（下轉第2版）") == (2, 4)
    assert furniture_type("責任編輯 王明") == "editor"


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("他说，会议开得很好。", True),
        ("他说：“会议开得很好。”", True),
        ("会议开得很好……", True),
        ("It went well...", True),
        ("会议开得很好。（完）", True),
        ("会议开得很好。（参与记者 王明 李华）", True),
        ("会议开得很好，", False),
        ("会议开得", False),
        ("（记者 王明）", False),
        ("会议开得很好。（" + "长" * 41 + "）", False),
        ("", False),
    ],
)
def test_sentence_ends(line: str, ends: bool) -> None:
    assert ends_sentence(line) is ends


# Lines built from the characters the grammar turns on, so that the cases it tells
# apart (closers, notes, brackets inside notes, long runs, a final newline) come up often.
_SENTENCE_ALPHABET = "。！？!?….”’」）)》】（(甲乙 \n"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_SENTENCE_ALPHABET, max_size=60))
@example("甲。" + "”" * 16)
@example("甲。" + "”" * 17)
@example("甲。（" + "乙" * 40 + "）")
@example("甲。（" + "乙" * 41 + "）")
@example("甲。）乙）")
@example("甲。（乙）乙）")
@example("甲。(乙)乙)")
@example("甲。\n")
def test_sentence_end_reading_agrees_with_the_grammar(line: str) -> None:
    """The hand-written reading from the end gives what the regex gives."""
    assert ends_sentence(line) is (SENTENCE_END.search(line) is not None)
