"""Column-mixing detection: generated interleaved/merged pages, the clean sample, the real OCR dumps."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from banmian.stages.interleave import ColumnMixingReport, detect_column_mixing, estimate_column_width
from banmian.synth import generate_pages
from conftest import OCR_PAGES, SAMPLE_GOLD, SAMPLE_RAW


def _numbered(lines: list[str]) -> list[tuple[int, str]]:
    return list(enumerate(lines, start=1))


def _sample_lines() -> list[str]:
    return SAMPLE_RAW.read_text(encoding="utf-8").split("\n")


def _sample_body() -> list[str]:
    """The non-blank lines of the sample's long lead feature (one 18-20 character column)."""
    return [line for line in _sample_lines()[:160] if line.strip()]


def _columns(count: int) -> list[list[str]]:
    body = _sample_body()
    size = len(body) // count
    return [body[i * size : (i + 1) * size] for i in range(count)]


def _covered(spans: list[tuple[int, int]]) -> set[int]:
    return {n for first, last in spans for n in range(first, last + 1)}


def _gold_paragraphs() -> list[str]:
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    return [block["text"] for article in gold["articles"] for block in article["blocks"]]


def test_the_clean_sample_page_gets_no_warning() -> None:
    report = detect_column_mixing(_numbered(_sample_lines()))
    assert report == ColumnMixingReport()
    assert not report.mixed


@pytest.mark.parametrize("column_width", [20, 28, 36, 40])
def test_the_sample_page_gets_no_warning_whatever_body_width_is_assumed(column_width: int) -> None:
    assert detect_column_mixing(_numbered(_sample_lines()), column_width=column_width).warnings == []


@pytest.mark.parametrize("width", [9, 12, 15, 18, 22, 26, 30, 34])
def test_clean_text_wrapped_at_any_width_gets_no_warning(width: int) -> None:
    lines = [p[i : i + width] for p in _gold_paragraphs() for i in range(0, len(p), width)]
    assert detect_column_mixing(_numbered(lines)).warnings == []


def test_unwrapped_paragraphs_one_per_line_are_not_merged_columns() -> None:
    lines = _gold_paragraphs()
    # Short first paragraphs make the "column width" small next to the long ones.
    assert detect_column_mixing(_numbered(lines), column_width=20).warnings == []


def test_a_page_with_a_wide_and_a_narrow_column_is_not_merged() -> None:
    paragraphs = _gold_paragraphs()
    lines = [p[i : i + 40] for p in paragraphs[:10] for i in range(0, len(p), 40)]
    lines += [p[i : i + 12] for p in paragraphs[10:] for i in range(0, len(p), 12)]
    assert detect_column_mixing(_numbered(lines)).warnings == []


@pytest.mark.parametrize("columns", [2, 3])
def test_columns_interleaved_row_by_row_are_found_with_their_period(columns: int) -> None:
    cols = _columns(columns)
    page = [line for row in zip(*cols, strict=True) for line in row]
    report = detect_column_mixing(_numbered(page))
    assert report.interleaved and not report.merged
    assert len(_covered(report.interleaved)) >= 0.6 * len(page)
    assert all(f"continues {columns} lines further on" in w for w in report.warnings)


def test_interleaving_inside_an_otherwise_clean_page_is_located() -> None:
    body = _sample_body()
    left, right = _columns(2)
    page = body[:40] + [line for row in zip(left[40:], right[40:], strict=True) for line in row]
    report = detect_column_mixing(_numbered(page))
    covered = _covered(report.interleaved)
    assert covered, report
    assert min(covered) > 30  # the clean part stays clean
    assert len(covered & set(range(41, len(page) + 1))) >= 0.6 * (len(page) - 40)


def test_ranges_are_reported_in_source_line_numbers() -> None:
    left, right = _columns(2)
    page = [line for row in zip(left, right, strict=True) for line in row]
    # Blank lines and an offset: numbers must come from the input, not from positions.
    numbered = [(1000 + 2 * i, text) for i, text in enumerate(page)]
    numbered.insert(5, (1009, "   "))
    report = detect_column_mixing(numbered)
    non_blank = {n for n, text in numbered if text.strip()}
    for first, last in report.interleaved:
        assert first in non_blank and last in non_blank and first < last


@pytest.mark.parametrize("columns", [2, 3])
def test_merged_columns_after_clean_text_are_found_with_their_width_ratio(columns: int) -> None:
    body = _sample_body()
    merged = ["".join(row) for row in zip(*_columns(columns), strict=True)]
    page = body[:60] + merged
    report = detect_column_mixing(_numbered(page), column_width=38)
    assert report.merged and not report.interleaved
    assert len(_covered(report.merged) & set(range(61, len(page) + 1))) >= 0.8 * len(merged)
    match = re.search(r"about ([0-9.]+)x", report.warnings[0])
    assert match is not None
    assert abs(float(match.group(1)) - columns) <= 0.4


def test_a_page_of_merged_rows_only_has_nothing_to_compare_with() -> None:
    """Documented limit: without any clean or interleaved text there is no evidence to weigh."""
    page = ["".join(row) for row in zip(*_columns(2), strict=True)]
    assert detect_column_mixing(_numbered(page), column_width=38).merged == []


def test_columns_interleaved_inside_generated_pages_are_mostly_found() -> None:
    """Generated articles repeat fewer words than a real page, so evidence is scarcer."""
    found = tried = 0
    for page in generate_pages(40, 9):
        lines = [line for line in page.text.split("\n") if line.strip()]
        if len(lines) < 80:
            continue
        stretch = lines[10:70]
        half = len(stretch) // 2
        mixed = [line for row in zip(stretch[:half], stretch[half:], strict=True) for line in row]
        report = detect_column_mixing(_numbered(lines[:10] + mixed + lines[70:]))
        tried += 1
        found += bool(_covered(report.interleaved) & set(range(11, 71)))
    assert tried >= 10
    assert found >= 0.75 * tried  # 23 of 26 when written


def test_generated_clean_pages_of_every_layout_get_no_warning() -> None:
    """The project's page generator mixes narrow and wide columns, titles before and after,
    indents, blank lines, letter spacing and OCR noise, but never mixes columns."""
    pages = list(generate_pages(60, 5))
    assert len(pages) == 60 and len({page.profile for page in pages}) >= 3
    for page in pages:
        report = detect_column_mixing(_numbered(page.text.split("\n")))
        assert report.warnings == [], (page.profile, report.warnings)


def test_merged_lines_after_clean_ones_are_found_without_a_column_width() -> None:
    body = _sample_body()
    left, right = _columns(2)
    page = body[:60] + [a + " " + b for a, b in zip(left[30:], right[30:], strict=True)]
    report = detect_column_mixing(_numbered(page))
    assert report.merged
    covered = _covered(report.merged)
    assert min(covered) > 60 and len(covered) >= 0.8 * (len(page) - 60)


def test_a_column_width_too_wide_does_not_hide_merged_lines() -> None:
    """A width measured over all lines of a page full of merged rows is itself a merged width.

    On this OCR page (an editorial of 25-character lines, many rows merged in pairs) a
    median over all lines gives about 90 cells; the page's most common width still wins.
    """
    path = next(p for p in OCR_PAGES if p.stem == "bha-hsfb-1")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert detect_column_mixing(_numbered(lines), column_width=91).merged


# What SOURCES.md says of each real OCR dump: interleaved rows, merged lines, or both.
_OCR_EXPECTED = {
    "bha-btzb-1": {"interleaved"},
    "bha-hsfb-1": {"interleaved", "merged"},
    "bha-hzjb-1": {"interleaved"},
    "bha-shwzb-1": {"interleaved", "merged"},
    "bha-wgjx-1": {"interleaved"},
}


@pytest.mark.parametrize("path", OCR_PAGES, ids=lambda p: p.stem)
def test_every_real_ocr_page_gets_a_warning(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    report = detect_column_mixing(_numbered(lines))
    assert report.warnings
    found = {kind for kind in ("interleaved", "merged") if getattr(report, kind)}
    assert _OCR_EXPECTED[path.stem] <= found
    assert len(report.warnings) == len(report.interleaved) + len(report.merged)


def test_two_column_ocr_page_is_interleaved_nearly_throughout() -> None:
    path = next(p for p in OCR_PAGES if p.stem == "bha-wgjx-1")
    lines = path.read_text(encoding="utf-8").split("\n")
    report = detect_column_mixing(_numbered(lines))
    assert len(_covered(report.interleaved)) >= 0.8 * sum(1 for line in lines if line.strip())
    assert "continues 2 lines further on" in report.warnings[0]


def test_ocr_page_whose_lower_half_is_merged_is_flagged_there() -> None:
    path = next(p for p in OCR_PAGES if p.stem == "bha-shwzb-1")
    lines = path.read_text(encoding="utf-8").split("\n")
    report = detect_column_mixing(_numbered(lines))
    assert any(first > len(lines) // 2 for first, _last in report.merged)
    longest = max(range(len(lines)), key=lambda i: len(lines[i])) + 1
    assert longest in _covered(report.merged)


def test_estimate_column_width() -> None:
    assert estimate_column_width(["短"] * 10) is None  # title-length lines only
    assert estimate_column_width(["一二三四五六七八九十"] * 6 + ["一二三四五六七八九十一二三四五六七八九十"]) == 20.0
    width = estimate_column_width([line for line in _sample_lines() if line.strip()])
    assert width is not None and 34 <= width <= 40


@pytest.mark.parametrize("lines", [[], [(1, "")], [(1, "一行")], [(3, "甲"), (4, "乙")], [(1, "a" * 100_000)]])
def test_degenerate_input_gives_no_warning(lines: list[tuple[int, str]]) -> None:
    assert detect_column_mixing(lines) == ColumnMixingReport()


def test_odd_characters_do_not_break_the_detector() -> None:
    # Lone surrogates (from surrogateescape decoding), NULs, astral ideographs.
    odd = ["\udc80\udc81中", "\x00\x00", "中\ud800国", "\U00020000\U00020001 \U00020002", "\u3000"]
    assert detect_column_mixing(_numbered(odd * 20)).warnings == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="的一是在不了有和人这中大为上个国我以要他时来用们生到。，“” a1\u3000", max_size=40), max_size=60))
def test_arbitrary_lines_never_raise_and_ranges_stay_inside_the_input(texts: list[str]) -> None:
    numbered = _numbered(texts)
    report = detect_column_mixing(numbered, column_width=None)
    non_blank = {n for n, text in numbered if text.strip()}
    for first, last in report.interleaved + report.merged:
        assert first <= last
        assert first in non_blank and last in non_blank
