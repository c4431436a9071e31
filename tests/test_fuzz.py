"""Property tests: `parse_text` never raises and never loses a line, whatever the text."""

from __future__ import annotations

import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from banmian import parse_text
from banmian.errors import InputError
from banmian.inputs.text import decode_pages
from banmian.schema import page_schema
from conftest import assert_nothing_lost

VALIDATOR = jsonschema.Draft202012Validator(page_schema())

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
# Kangxi radicals and CJK compatibility ideographs, as PDF text layers carry them.
LOOKALIKES = st.sampled_from("⼀⼆⼗⼤⼈⼊⾏⽇⽉⾦豈更車賈")
PUNCTUATION = st.sampled_from("，。、；：？！“”‘’（）《》【】—…·■●□◆▲　 ")
DIGITS = st.sampled_from("0123456789０１２３４５６７８９一二三四五六七八九十百")
ASCII_WORD = st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True)
# Fragments shaped like the furniture of a news page, so that every rule fires.
FRAGMENTS = st.sampled_from(
    [
        "（上接第1版）", "（下转第2版）", "（紧接第一版）", "转第3版", "（上接第十二版）", "下转第 2 版",
        "■ 新华社记者 张三 李四", "本报记者 王五", "通讯员 赵六", "（参与记者：孙七 周八）",
        "新华社北京7月2日电（记者 樊曦）", "据新华社巴黎7月1日电", "本报讯（记者 吴九）",
        "新华社记者 郑十 摄", "（新华社发）", "（一）", "（三）", "一、", "二是", "　　",
        "有 9 个", "亮 相 埃 菲 尔", "转作风 勇争先", "2024年7月2日 星期二", "第2版", "要闻",
        "责任编辑：某某", "http://example.com", "“", "”", "。",
    ]
)
SEPARATORS = st.sampled_from(["\n", "\n", "\n", "\n\n", "\r\n", "\r", "\f", " ", "", "　", "\n\n\n"])
RARE_BREAKS = st.sampled_from(["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\t", "\x00"])

PIECE = st.one_of(
    st.text(CJK, min_size=1, max_size=40),
    st.text(CJK, min_size=25, max_size=120),
    LOOKALIKES,
    PUNCTUATION,
    DIGITS,
    ASCII_WORD,
    FRAGMENTS,
    FRAGMENTS,
    RARE_BREAKS,
    st.text(max_size=12),
)


@st.composite
def page_texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.tuples(PIECE, SEPARATORS), max_size=60))
    return "".join(piece + separator for piece, separator in pieces)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_texts())
@example("")
@example("\n\n\n")
@example("（下转第2版）")
@example("■ 新华社记者 张三\r\n\f\r\n新华社北京7月2日电")
@example("标题\u2028正文\x85第二行\n第三行")
def test_parse_text_never_raises_and_loses_nothing(text: str) -> None:
    page = parse_text(text)
    assert_nothing_lost(page, text)
    errors = list(VALIDATOR.iter_errors(page.to_dict()))
    assert not errors, errors[0].message


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode(text: str) -> None:
    page = parse_text(text)
    assert_nothing_lost(page, text)


CODECS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=400),
        st.tuples(page_texts(), CODECS).map(lambda pair: pair[0].encode(pair[1], errors="ignore")),
    )
)
def test_any_bytes_are_refused_cleanly_or_parsed_without_loss(data: bytes) -> None:
    try:
        pages = decode_pages(data, path="fuzz.txt")
    except InputError as exc:
        message = str(exc)
        assert message.startswith("fuzz.txt: ") and "\n" not in message
        return
    for _, text, source in pages:
        assert "\r" not in text and "\f" not in text
        assert source.encoding
        assert_nothing_lost(parse_text(text), text)


# Found by fuzzing: a line made only of invisible format characters (soft hyphen,
# zero-width space/joiners, word joiner, BOM) must still be accounted for.
@pytest.mark.parametrize("invisible", ["\xad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_lines_of_invisible_characters_are_kept(invisible: str) -> None:
    for text in (invisible, f"\n{invisible}\n", f"{invisible}\n标题"):
        assert_nothing_lost(parse_text(text), text)
