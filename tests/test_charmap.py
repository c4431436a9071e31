"""Character mapping: look-alike code points from PDF text layers become standard characters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from banmian.stages.charmap import CHAR_TABLE, normalize_chars
from banmian.stages.textwidth import char_width, display_width
from conftest import OCR_PAGES, SAMPLE_RAW


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u2f17\u2f24", "十大"),  # Kangxi radicals TEN, BIG
        ("\u2f00\u2f08\u2f2f", "一人工"),
        ("\u2eed\u2ed3\u2ed4", "\u2eed长门"),  # J-simplified tooth has no Chinese form: kept
        ("\u2e9f\u2ef3", "母龟"),  # radicals supplement with a Unicode decomposition
        ("\uf900\uf91d", "\u8c48\u6b04"),  # CJK compatibility ideographs -> canonical
        ("\U0002f800", "\u4e3d"),
        ("\ufa0e", "\ufa0e"),  # a unified ideograph inside the compatibility block stays
    ],
)
def test_radicals_and_compatibility_ideographs_map_to_standard_ideographs(raw: str, expected: str) -> None:
    assert normalize_chars(raw) == expected


def test_every_kangxi_radical_maps_to_a_unified_ideograph() -> None:
    for code in range(0x2F00, 0x2FD6):
        mapped = normalize_chars(chr(code))
        assert len(mapped) == 1
        assert unicodedata.name(mapped).startswith("CJK UNIFIED IDEOGRAPH"), hex(code)


def test_full_width_punctuation_and_digits_are_not_folded_to_ascii() -> None:
    text = "（上接第１版）“中国”，《人民日报》、１２３％！？：；【注】——……·"
    assert normalize_chars(text) == text


def test_ideographic_space_is_kept_because_it_marks_indents() -> None:
    assert normalize_chars("\u3000\u3000今天") == "\u3000\u3000今天"


def test_other_spaces_become_ascii_space_and_invisibles_disappear() -> None:
    assert normalize_chars("中\u00a0国\u2009人\u202f民") == "中 国 人 民"
    assert normalize_chars("\ufeff中\u200b国\u200d人\u00ad民\u2060") == "中国人民"


def test_vertical_forms_become_horizontal_full_width_punctuation() -> None:
    assert normalize_chars("\ufe35注\ufe36\ufe3d书\ufe3e\ufe41引\ufe42\ufe10") == "（注）《书》「引」，"


def test_name_dots_unify_to_middle_dot() -> None:
    assert normalize_chars("钦\u30fb穆罕默德") == "钦·穆罕默德"


def test_real_pages_pass_through_unchanged_where_nothing_needs_mapping() -> None:
    for path in [SAMPLE_RAW, *OCR_PAGES]:
        text = path.read_text(encoding="utf-8")
        changed = [ch for ch in set(text) if ord(ch) in CHAR_TABLE]
        expected = text.translate(CHAR_TABLE)
        assert normalize_chars(text) == expected
        if not changed:
            assert normalize_chars(text) == text


def test_a_page_with_kangxi_radicals_reads_like_the_clean_page() -> None:
    clean = SAMPLE_RAW.read_text(encoding="utf-8")
    # A text layer whose font maps some ideographs to radical code points.
    radical_of = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0x2F00, 0x2FD6)}
    damaged = "".join(radical_of.get(ch, ch) for ch in clean)
    assert damaged != clean
    assert normalize_chars(damaged) == clean


@given(st.text())
def test_only_invisible_characters_change_the_length(text: str) -> None:
    invisible = sum(1 for ch in text if CHAR_TABLE.get(ord(ch), "x") is None)
    result = normalize_chars(text)
    assert len(result) == len(text) - invisible
    assert normalize_chars(result) == result  # idempotent


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("abc 12", 6),
        ("中文", 4),
        ("TikTok 上的", 11),
        ("（上接第1版）", 13),
        ("“中国”", 8),  # curly quotes take a full em in Chinese text
        ("\u3000\u3000今", 6),
        ("e\u0301", 1),  # combining accent takes no cell
        ("中\u200b文", 4),
        ("\U00020000", 2),  # CJK Extension B
        ("Ωé", 2),  # ambiguous-width letters stay narrow
    ],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


@given(st.text(max_size=50))
def test_display_width_is_the_sum_of_char_widths(text: str) -> None:
    assert display_width(text) == sum(char_width(ch) for ch in text)


def test_char_width_rejects_strings() -> None:
    with pytest.raises(ValueError):
        char_width("ab")
