"""The project's scorer on cases small enough to work out by hand (the working is in the
comments): checked here without ../shared, where the reference scorer may be absent."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from banmian.evaluate import adjusted_rand_index, levenshtein, multiset_f1, score_page


def test_ari_of_one_cluster_split_in_two() -> None:
    # items 1-4: true {1,2} {3,4}; predicted {1,2} {3} {4}
    # pairs agreeing in both: (1,2) -> index 1; true pairs 1+1 = 2; predicted pairs 1
    # expected = 2 * 1 / C(4,2) = 1/3; maximum = (2 + 1) / 2 = 1.5
    # ARI = (1 - 1/3) / (1.5 - 1/3) = (2/3) / (7/6) = 4/7
    assert adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(4 / 7)


def test_ari_of_two_clusters_merged() -> None:
    # true {1,2,3} {4,5}; predicted one cluster {1..5}
    # index = C(3,2) + C(2,2) = 4; true pairs 4; predicted pairs C(5,2) = 10
    # expected = 4 * 10 / 10 = 4; maximum = (4 + 10) / 2 = 7 -> ARI = 0 / 3 = 0
    assert adjusted_rand_index(list("aaabb"), list("xxxxx")) == 0.0


def test_ari_bounds_and_relabelling() -> None:
    assert adjusted_rand_index([0, 0, 1, 1, 2], [5, 5, 7, 7, 9]) == 1.0  # labels are names only
    assert adjusted_rand_index([0], [1]) == 1.0  # fewer than two items: nothing to disagree on
    assert adjusted_rand_index([0, 0], [1, 1]) == 1.0  # maximum == expected
    # true {1,2} {3,4}; predicted {1,3} {2,4}: index 0; true 2, pred 2, expected 2*2/6 = 2/3,
    # maximum 2 -> ARI = (0 - 2/3) / (2 - 2/3) = -1/2: worse than chance
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)


def test_multiset_f1_by_hand() -> None:
    # gold {a, a, b}; predicted {a, c}: one hit; precision 1/2, recall 1/3
    # F1 = 2 * (1/2 * 1/3) / (1/2 + 1/3) = (1/3) / (5/6) = 2/5
    assert multiset_f1(Counter("aab"), Counter("ac")) == pytest.approx(0.4)
    assert multiset_f1(Counter(), Counter()) == 1.0
    assert multiset_f1(Counter("a"), Counter()) == 0.0
    assert multiset_f1(Counter(), Counter("a")) == 0.0
    assert multiset_f1(Counter("aa"), Counter("a")) == pytest.approx(2 / 3)  # P 1, R 1/2: repeats count


def test_levenshtein_by_hand() -> None:
    assert levenshtein("kitten", "sitting") == 3  # k->s, e->i, +g
    assert levenshtein("新闻报道", "新报道") == 1  # one deletion
    assert levenshtein("记者张三", "记者李四") == 2  # two substitutions
    assert levenshtein("", "北京") == levenshtein("北京", "") == 2
    assert levenshtein("上海", "上海") == 0


RAW = "\n".join(["标题甲", "春耕开始了", "农机下田", "", "标题乙", "图书馆开放", "读者排队"]) + "\n"


def _article(title: str | None, lines: list[int], paragraphs: list[tuple[str, int, int]], **extra: Any) -> dict[str, Any]:
    return {
        "kind": "article",
        "title": title,
        "continued_from": None,
        "lines": [[lines[0], lines[1]]],
        "blocks": [{"type": "paragraph", "text": t, "lines": [a, b]} for t, a, b in paragraphs],
        **extra,
    }


def _gold() -> dict[str, Any]:
    return {
        "articles": [
            _article("标题甲", [1, 3], [("春耕开始了", 2, 2), ("农机下田", 3, 3)],
                     byline={"reporters": ["张三", "李四"], "contributors": ["王五"]},
                     dateline={"place": "北京", "date": "7月2日"}),
            _article("标题乙", [5, 7], [("图书馆开放读者排队", 6, 7)]),
        ]
    }


def test_body_cer_names_and_paragraphs_by_hand() -> None:
    pred = _gold()
    first = pred["articles"][0]
    first["blocks"] = [{"type": "paragraph", "text": "春耕开始农机下田", "lines": [2, 3]}]
    first["byline"] = {"reporters": ["张三"], "contributors": ["李四"]}
    first["dateline"] = {"place": "北京", "date": "7月 3日"}
    scores = score_page(RAW, _gold(), pred)
    # body of the first gold article: "春耕开始了\n农机下田" (10 characters); predicted
    # "春耕开始农机下田": "了" and the newline lost -> 2 edits. Second article exact (9).
    # CER = 2 / (10 + 9); without whitespace 1 / (9 + 9)
    assert scores["body_cer"] == round(2 / 19, 5)
    assert scores["body_cer_nows"] == round(1 / 18, 5)
    # paragraph starts: gold {2, 3, 6}, predicted {2, 6} -> P 1, R 2/3, F1 0.8
    assert scores["para_f1"] == 0.8
    # names (role, name): gold {(r,张三), (r,李四), (c,王五)}, predicted {(r,张三), (c,李四)}
    # one hit: P 1/2, R 1/3 -> F1 0.4
    assert scores["names_f1"] == 0.4
    # the one dated gold article: place right, date 7月3日 != 7月2日 (spaces do not count)
    assert scores["dateline_acc"] == 0.0
    assert scores["seg_ari"] == scores["title_acc"] == scores["line_coverage"] == 1.0


def test_coverage_titles_kinds_and_jumps_by_hand() -> None:
    pred = _gold()
    second = pred["articles"][1]
    second["lines"] = [[5, 6]]
    second["blocks"] = [{"type": "paragraph", "text": "图书馆开放", "lines": [6, 6]}]
    second["title"] = "标题 丙"
    second["kind"] = "photo"
    second["continued_from"] = 3
    scores = score_page(RAW, _gold(), pred)
    # 6 non-blank lines; line 7 claimed by no prediction
    assert scores["line_coverage"] == round(5 / 6, 4)
    # true labels 0 0 0 1 1 1; predicted 0 0 0 1 1 m: index C(3,2)+C(2,2) = 4; true pairs 6;
    # predicted pairs 4; expected 6*4/15 = 1.6; maximum 5 -> ARI = 2.4 / 3.4
    assert scores["seg_ari"] == round(2.4 / 3.4, 4)
    assert scores["title_acc"] == 0.5  # 标题丙 != 标题乙
    assert scores["kind_acc"] == 0.5
    assert scores["continued_acc"] == 0.5
    # body: second article lost "读者排队" (4 of 9; the gold paragraph has no newline)
    assert scores["body_cer"] == round(4 / 19, 5)


def test_a_gold_article_nobody_predicted_scores_nothing_right() -> None:
    pred = _gold()
    del pred["articles"][1]
    scores = score_page(RAW, _gold(), pred)
    assert scores["articles_pred"] == 1
    assert scores["title_acc"] == scores["kind_acc"] == scores["continued_acc"] == 0.5
    assert scores["body_cer"] == round(9 / 19, 5)
    assert scores["line_coverage"] == 0.5
