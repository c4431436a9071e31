"""Rules of the text pipeline at their edges, on small invented lines and pages: the first
and last line of a page, a bound met exactly, a space where extraction or OCR puts one.
Each test was written for a mutant of `stages/` that a mutation sample left alive
(docs/testing.md, "Mutation testing") and checked to fail with it.
"""

from __future__ import annotations

from banmian import parse_text
from banmian.model import Page
from banmian.stages.markers import match_jump_from, split_report_lead
from conftest import assert_nothing_lost


def parse(text: str) -> Page:
    page = parse_text(text)
    assert_nothing_lost(page, text)
    return page


# --- markers -----------------------------------------------------------------------------


def test_a_jump_line_reads_through_an_ideographic_space_ocr_put_in_its_bracket() -> None:
    # OCR spaces a bracket's characters out with U+3000 as often as with U+0020
    assert match_jump_from("（上\u3000接第3版）全市春耕生产进展顺利。") == (3, 8)
    assert match_jump_from("（上 接第3版）全市春耕生产进展顺利。") == (3, 8)
    assert match_jump_from("（上接第3版）全市春耕生产进展顺利。") == (3, 7)


def test_a_report_lead_names_every_reporter_of_a_spaced_list() -> None:
    # `本报记者 王明、李华 报道：` opens the first paragraph of a report
    rest, people = split_report_lead("本报记者 王明、李华 报道：今天上午，全市春耕生产全面展开。") or ("", None)
    assert rest == "今天上午，全市春耕生产全面展开。"
    assert people is not None and people.reporters == ["王明", "李华"] and not people.contributors
    rest, people = split_report_lead("通讯员 赵强 报道：今天上午，全市春耕生产全面展开。") or ("", None)
    assert people is not None and people.contributors == ["赵强"] and not people.reporters
