"""The scorer: hand-worked scores on tiny pages, and identity with the reference script."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from banmian.api import parse_text
from banmian.errors import InputError
from banmian.evaluate import (
    METRIC_KEYS,
    evaluate_pairs,
    levenshtein,
    load_gold,
    pairs_in_directory,
    score_page,
    side_by_side,
    side_by_side_pairs,
)
from conftest import EXAMPLES, SAMPLE_GOLD, SAMPLE_RAW, SHARED_SCORER

RAW = "标题\n第一段第一行\n第一段第二行\n\n第二段\n页脚\n"


def gold_page() -> dict[str, Any]:
    return {
        "articles": [
            {
                "kind": "article",
                "title": "标题",
                "continued_from": None,
                "byline": {"agency": None, "reporters": ["张三"], "contributors": [], "photographers": []},
                "dateline": {"agency": None, "place": "北京", "date": "7月2日"},
                "lines": [[1, 5]],
                "blocks": [
                    {"type": "paragraph", "text": "第一段第一行第一段第二行", "lines": [2, 3]},
                    {"type": "paragraph", "text": "第二段", "lines": [5, 5]},
                ],
            }
        ],
        "furniture": [{"type": "footer", "text": "页脚", "lines": [6, 6]}],
    }


def test_perfect_prediction_scores_full_marks() -> None:
    scores = score_page(RAW, gold_page(), gold_page())
    assert list(scores) == list(METRIC_KEYS)
    assert scores["articles_gold"] == scores["articles_pred"] == 1
    assert scores["body_cer"] == scores["body_cer_nows"] == 0.0
    for key in METRIC_KEYS[2:]:
        if key not in ("body_cer", "body_cer_nows"):
            assert scores[key] == 1.0, key


def test_split_article_scores_worked_by_hand() -> None:
    gold = gold_page()
    first = {
        "kind": "article",
        "title": "标题",
        "lines": [[1, 3]],
        "blocks": [{"type": "paragraph", "text": "第一段第一行第一段第二行", "lines": [2, 3]}],
    }
    second = {"kind": "article", "lines": [[5, 5]], "blocks": [{"type": "paragraph", "text": "第二段", "lines": [5, 5]}]}
    pred = {"articles": [first, second], "furniture": gold["furniture"]}
    scores = score_page(RAW, gold, pred)
    # content lines 1,2,3,5,6: gold labels A A A A F, predicted 0 0 0 1 F.
    # pairs agreeing 3; gold pairs 6; predicted pairs 3; expected 6*3/10 = 1.8; max 4.5.
    assert scores["seg_ari"] == round((3 - 1.8) / (4.5 - 1.8), 4) == 0.4444
    assert scores["articles_pred"] == 2
    assert scores["title_acc"] == 1.0  # gold shares 3 lines with the first, 1 with the second
    # gold body "第一段第一行第一段第二行\n第二段" (16 chars), matched body lacks "\n第二段".
    assert scores["body_cer"] == 0.25
    assert scores["body_cer_nows"] == 0.2  # 3 of 15
    assert scores["para_f1"] == 1.0  # starts 2 and 5 are both there, whatever article holds them
    assert scores["names_f1"] == 0.0
    assert scores["dateline_acc"] == 0.0
    assert scores["continued_acc"] == scores["kind_acc"] == scores["subhead_f1"] == 1.0


def test_lost_line_names_dateline_jump_and_kind() -> None:
    gold = gold_page()
    pred = copy.deepcopy(gold)
    article = pred["articles"][0]
    article["lines"] = [[1, 3]]  # line 5 still counts: its block says so
    article["blocks"][1]["text"] = "第二页"
    article["title"] = "标 题"  # spaces do not matter
    article["byline"]["reporters"] = ["张三", "李四"]
    article["dateline"]["date"] = "7月 2日"
    article["continued_from"] = 1
    article["kind"] = "photo"
    pred["furniture"] = []
    scores = score_page(RAW, gold, pred)
    assert scores["line_coverage"] == 0.8
    assert scores["seg_ari"] == 1.0  # a lost line is a cluster of its own, like the footer
    assert scores["title_acc"] == 1.0
    assert scores["body_cer"] == 0.0625  # 1 of 16
    assert scores["body_cer_nows"] == 0.06667  # 1 of 15
    assert scores["names_f1"] == 0.6667  # precision 1/2, recall 1
    assert scores["dateline_acc"] == 1.0
    assert scores["continued_acc"] == 0.0
    assert scores["kind_acc"] == 0.0


def test_consecutive_subheads_count_as_one_heading() -> None:
    gold = gold_page()
    gold["articles"][0]["blocks"][1:1] = [
        {"type": "subhead", "text": "一、", "lines": [4, 4]},
        {"type": "subhead", "text": "总体要求", "lines": [4, 4]},
    ]
    pred = copy.deepcopy(gold_page())
    pred["articles"][0]["blocks"][1:1] = [
        {"type": "subhead", "text": "一、 总体要求", "lines": [4, 4]},
        {"type": "paragraph", "text": "", "lines": [4, 4]},
        {"type": "subhead", "text": "多余", "lines": [4, 4]},
    ]
    scores = score_page(RAW, gold, pred)
    assert scores["subhead_f1"] == 0.6667  # 1 right of 2 predicted, 1 gold
    assert scores["para_f1"] == 0.8  # predicted starts 2, 4, 5 against gold 2, 5


def test_article_matching_is_greedy_with_reference_tie_break() -> None:
    raw = "甲\n一\n乙\n二"
    gold = {
        "articles": [
            {"kind": "article", "title": "甲", "lines": [[1, 2]], "blocks": []},
            {"kind": "article", "title": "乙", "lines": [[3, 4]], "blocks": []},
        ]
    }
    pred = {"articles": [{"kind": "article", "title": "甲", "lines": [[1, 4]], "blocks": []}]}
    scores = score_page(raw, gold, pred)
    # Both gold articles share 2 lines with the one prediction; the tie goes to the
    # later gold article, so the first stays unmatched and no title is right.
    assert scores["title_acc"] == 0.0
    assert scores["kind_acc"] == 0.5
    assert scores["continued_acc"] == 0.5


def test_crlf_and_cr_line_ends_count_like_lf() -> None:
    expected = score_page(RAW, gold_page(), gold_page())
    assert score_page(RAW.replace("\n", "\r\n"), gold_page(), gold_page()) == expected
    assert score_page(RAW.replace("\n", "\r"), gold_page(), gold_page()) == expected


def test_degenerate_pages_do_not_divide_by_zero() -> None:
    scores = score_page("\n \n", {"articles": []}, {"articles": []})
    assert scores["line_coverage"] == 1.0
    assert scores["continued_acc"] == scores["kind_acc"] == scores["title_acc"] == 1.0


def _reference_levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab中文 \n", max_size=40), st.text(alphabet="ab中文 \n", max_size=40))
def test_levenshtein_equals_textbook_dynamic_programming(a: str, b: str) -> None:
    assert levenshtein(a, b) == _reference_levenshtein(a, b)


def test_levenshtein_long_strings() -> None:
    a = "新闻" * 3000
    assert levenshtein(a, a) == 0
    assert levenshtein(a, a[1:]) == 1
    assert levenshtein(a, "") == 6000


def test_evaluate_pairs_on_the_examples_directory() -> None:
    pairs = pairs_in_directory(EXAMPLES)
    assert pairs == [(SAMPLE_RAW, SAMPLE_GOLD)]
    report = evaluate_pairs(pairs)
    assert len(report.pages) == 1
    metrics = report.pages[0].metrics
    assert metrics["articles_gold"] == 7
    assert metrics == score_page(
        SAMPLE_RAW.read_text(encoding="utf-8"),
        json.loads(SAMPLE_GOLD.read_text(encoding="utf-8")),
        parse_text(SAMPLE_RAW.read_text(encoding="utf-8")).to_dict(),
    )
    assert report.mean == {k: float(v) for k, v in metrics.items()}


def test_bad_gold_and_empty_directory_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no X\.txt"):
        pairs_in_directory(tmp_path)
    bad = tmp_path / "x.gold.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError, match="not a gold page"):
        load_gold(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable gold"):
        load_gold(bad)


# --- identity with the reference scorer (skipped where shared/ is absent) -----------------

# Said in the summary of every run (`-rs`): where ../shared is absent these cross-checks do
# not run, and only the hand-worked cases (here and in test_scorer_by_hand.py) check the scorer.
needs_reference_scorer = pytest.mark.skipif(
    not SHARED_SCORER.exists(),
    reason=f"cross-check NOT run: reference scorer {SHARED_SCORER} absent "
    "(the scorer is checked only by the hand-worked cases of test_eval.py and test_scorer_by_hand.py)",
)


def _perturbations(gold: dict[str, Any], seed: int) -> dict[str, Any]:
    """A copy of the gold page with a few random, realistic mistakes."""
    rng = random.Random(seed)
    pred = copy.deepcopy(gold)
    arts = pred["articles"]
    for _ in range(rng.randint(1, 4)):
        art = rng.choice(arts) if arts else None
        op = rng.randrange(9)
        if art is None:
            break
        if op == 0 and len(arts) > 1:
            arts.remove(art)
        elif op == 1:
            rng.shuffle(arts)
        elif op == 2 and art["blocks"]:
            block = rng.choice(art["blocks"])
            text = block["text"]
            cut = rng.randrange(len(text) + 1)
            block["text"] = text[:cut] + rng.choice(["", "，", " ", "的"]) + text[cut + 1 :]
        elif op == 3:
            art["title"] = None if rng.random() < 0.5 else (art.get("title") or "") + "x"
        elif op == 4 and len(art["blocks"]) > 2:
            half = len(art["blocks"]) // 2
            moved = art["blocks"][half:]
            art["blocks"] = art["blocks"][:half]
            art["lines"] = [[b["lines"][0], b["lines"][1]] for b in art["blocks"]]
            arts.append({"kind": "article", "title": None, "lines": [], "blocks": moved})
        elif op == 5:
            art["byline"] = None
        elif op == 6:
            art["dateline"] = {"place": "某地", "date": "1月1日"} if rng.random() < 0.5 else None
        elif op == 7:
            art["continued_from"] = rng.choice([None, 1, 2])
            art["kind"] = rng.choice(["article", "photo"])
        elif op == 8:
            for block in art["blocks"]:
                if block["type"] == "paragraph" and rng.random() < 0.3:
                    block["type"] = "subhead"
    return pred


@needs_reference_scorer
def test_identical_to_reference_scorer(tmp_path: Path) -> None:
    raw = SAMPLE_RAW.read_text(encoding="utf-8")
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    crlf_raw = tmp_path / "crlf.txt"
    crlf_raw.write_bytes(raw.replace("\n", "\r\n").encode("utf-8"))
    predictions = [gold, parse_text(raw).to_dict(), {"articles": []}]
    predictions += [_perturbations(gold, seed) for seed in range(12)]
    for index, pred in enumerate(predictions):
        pred_path = tmp_path / f"pred{index}.json"
        pred_path.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
        raw_path = crlf_raw if index % 5 == 4 else SAMPLE_RAW
        result = subprocess.run(
            [sys.executable, str(SHARED_SCORER), str(raw_path), str(SAMPLE_GOLD), str(pred_path)],
            capture_output=True, text=True, check=True,
        )
        expected = json.loads(result.stdout)
        assert score_page(raw_path.read_text(encoding="utf-8"), gold, pred) == expected, index


def _random_page(rng: random.Random, line_count: int) -> dict[str, Any]:
    """Any page at all: overlapping spans, blocks outside their article, stray furniture."""
    def span() -> list[int]:
        first = rng.randint(1, line_count)
        return [first, min(line_count, first + rng.randint(0, 30))]

    words = ["标题", "正文", "“小标题”", "（一）", "张三", " ", "新闻", "", "abc"]
    articles = []
    for _ in range(rng.randint(0, 6)):
        blocks = [
            {"type": rng.choice(["paragraph", "subhead", "caption", "credit"]),
             "text": "".join(rng.choice(words) for _ in range(rng.randint(0, 12))),
             "lines": span() if rng.random() < 0.9 else None}
            for _ in range(rng.randint(0, 8))
        ]
        articles.append({
            "kind": rng.choice(["article", "photo"]),
            "title": rng.choice([None, "标题", "新闻 标题", ""]),
            "continued_from": rng.choice([None, 1, 2]),
            "byline": rng.choice([None, {"reporters": rng.sample(["张三", "李四", "王 五"], rng.randint(0, 3)),
                                         "photographers": rng.sample(["赵六"], rng.randint(0, 1))}]),
            "dateline": rng.choice([None, {"place": rng.choice(["北京", None]), "date": rng.choice(["7月2日", "7月 2日"])}]),
            "lines": [span() for _ in range(rng.randint(0, 3))],
            "blocks": blocks,
        })
    furniture = [{"type": "header", "text": "x", "lines": span()} for _ in range(rng.randint(0, 3))]
    return {"articles": articles, "furniture": furniture}


@needs_reference_scorer
def test_identical_to_reference_scorer_on_random_pages() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("reference_score_page", SHARED_SCORER)
    assert spec is not None and spec.loader is not None
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    rng = random.Random(11)
    raw = SAMPLE_RAW.read_text(encoding="utf-8")
    line_count = raw.count("\n") + 1
    for _ in range(150):
        gold, pred = _random_page(rng, line_count), _random_page(rng, line_count)
        for article in gold["articles"]:
            if article["dateline"] and article["dateline"]["place"] is None:
                article["dateline"]["place"] = "北京"
        if not gold["articles"]:
            continue  # the reference divides by zero there
        assert score_page(raw, gold, pred) == reference.score(raw, gold, pred)


def test_side_by_side_pairs_judge_the_whole_order_or_only_within_blocks() -> None:
    # two columns of two lines each (x 0-100 and 110-210), rows 10 high with 2 between
    l1, l2 = (0.0, 0.0, 100.0, 10.0), (0.0, 12.0, 100.0, 22.0)
    r1, r2 = (110.0, 0.0, 210.0, 10.0), (110.0, 12.0, 210.0, 22.0)
    # read column by column: nothing side by side, in the whole order or in one block
    assert side_by_side_pairs([l1, l2, r1, r2]) == (0, 3)
    assert side_by_side_pairs([l1, l2, r1, r2], [(1, 2), (3, 4)]) == (0, 2)
    # read row by row (columns interleaved) as one block: two of its three pairs jump
    assert side_by_side_pairs([l1, r1, l2, r2], [(1, 4)]) == (2, 3)
    # the same order with each line a block of its own (items of a page head on one row):
    # the whole order still counts the jumps, the blocks have no pair to judge
    assert side_by_side_pairs([l1, r1, l2, r2]) == (2, 3)
    assert side_by_side_pairs([l1, r1, l2, r2], [(1, 1), (2, 2), (3, 3), (4, 4)]) == (0, 0)
    # a pair of a block that overlaps less than half a line down, or overlaps across, is no jump
    low = (110.0, 6.0, 210.0, 16.0)
    wide = (50.0, 0.0, 150.0, 10.0)
    assert side_by_side_pairs([l1, low, l1, wide], [(1, 2), (3, 4)]) == (0, 2)
    assert side_by_side(l1, r1) and side_by_side(r1, l1) and not side_by_side(l1, l2)
