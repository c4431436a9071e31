"""Causes of the round-trip misses of issue 11, each on an invented page.

Each test holds one convention of how papers of other places and eras are set (and how
OCR and extractors hand them over) that the generated round trips
(`tests/test_synth_conventions.py`) found the parser missing.
"""

from __future__ import annotations

from banmian import parse_text
from banmian.model import Page
from conftest import assert_nothing_lost


def parse(text: str, conventions: str | None = None) -> Page:
    page = parse_text(text, conventions=conventions)
    assert_nothing_lost(page, text)
    return page


# An OCR dump of old text: paragraphs run on (indented), blank lines only around the
# headlines. The second story's headline has two decks that OCR read as one line, a
# space apart; the two stories share words (the fire brigade), as neighbours often do.
TWO_DECKS_ON_ONE_LINE = """\
救火會添購救火車
城西分會先得兩輛

　　本市救火會以市區日廣、火警時有所聞、原有救火車不敷應用、
特向外洋訂購新式救火車六輛、日前運到、昨日下午在會所試驗、
　　據該會負責人稱、新車馬力甚大、每分鐘可出水千餘加侖、城西
一帶店屋密集、火警最多、故先撥兩輛交城西分會應用云、

城西米店失慎 焚燬店屋兩間

　　昨日下午三時許、城西某路一米店、忽告失慎、因店內堆存米包甚
多、火勢蔓延極速、救火會聞警、即驅新車馳往灌救、至五
時許始行撲滅、計焚燬店屋兩間、幸未傷及人命、
　　起火原因、係店夥吸煙不慎所致云、
"""


def test_a_headline_with_two_decks_on_one_line_is_a_title_not_a_subhead() -> None:
    # a subhead is one phrase; decks side by side are a headline's
    page = parse(TWO_DECKS_ON_ONE_LINE)
    assert [a.title for a in page.articles] == ["救火會添購救火車城西分會先得兩輛", "城西米店失慎 焚燬店屋兩間"]
    assert page.articles[1].blocks[0].text.startswith("昨日下午三時許")
