"""Real pages as golden tests: every `X.gold.json` under tests/data/ (any depth) and
examples/ is scored, for each raw input of the page beside it, with the project's scorer
(`banmian eval`'s numbers), and every metric is held to the targets in `X.targets.toml`.

The inputs of a page: `X.txt`, its text (parsed as text), and `X.json`, an OCR file of
the same page with line boxes (parsed with its geometry and scored in the gold's entry
numbers, as `banmian eval X.json X.gold.json` does), where there is one. Pages are found
when the suite is collected: a gold page added under tests/data/ (the hand gold of the
real OCR pages in tests/data/ocr/, the ECPO pages in tests/data/ecpo/) is tested from
then on. A gold page without its targets fails and names the file to write.

`X.targets.toml` holds a table per input, `[text]` and `[ocr]`, with one number per
metric: a floor for the rates, a ceiling for the error rates (`body_cer`,
`body_cer_nows`). Targets come from the issues' bars for that kind of page, never from
the parser's current scores. A table may say `open = "why"`: the page does not meet its
targets today and the test is expected to fail (strictly: the day it passes, `open`
must go). TOML, so that no `*.json` reader of the folder takes the file for a page.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from banmian import parse_text
from banmian.evaluate import LOWER_IS_BETTER, METRIC_KEYS, evaluate_pairs, read_single_page
from conftest import DATA, EXAMPLES, assert_nothing_lost

# Every metric the scorer prints but the two article counts (the gold decides those).
RATED_METRICS = tuple(key for key in METRIC_KEYS if key not in ("articles_gold", "articles_pred"))
INPUTS = (("text", ".txt"), ("ocr", ".json"))


def golden_pages(*roots: Path) -> list[Path]:
    """Every gold file under `roots` (recursively), sorted."""
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.extend(root.rglob("*.gold.json"))
    return sorted(found)


def _stem(gold: Path) -> str:
    return gold.name[: -len(".gold.json")]


def page_inputs(gold: Path) -> list[tuple[str, Path]]:
    """(input name, raw file) for each raw input of the page beside its gold."""
    return [
        (name, gold.with_name(_stem(gold) + suffix))
        for name, suffix in INPUTS
        if gold.with_name(_stem(gold) + suffix).is_file()
    ]


def _cases() -> list[Any]:
    cases: list[Any] = []
    for gold in golden_pages(DATA, EXAMPLES):
        targets_path = gold.with_name(_stem(gold) + ".targets.toml")
        targets = tomllib.loads(targets_path.read_text(encoding="utf-8")) if targets_path.is_file() else {}
        inputs = page_inputs(gold) or [("text", gold.with_name(_stem(gold) + ".txt"))]
        for name, raw in inputs:
            table = targets.get(name)
            marks = []
            if isinstance(table, dict) and table.get("open"):
                marks.append(pytest.mark.xfail(strict=True, reason=f"open: {table['open']}"))
            cases.append(pytest.param(gold, name, raw, marks=marks, id=f"{gold.parent.name}/{_stem(gold)}/{name}"))
    return cases


GOLD_PAGES = golden_pages(DATA, EXAMPLES)


def check_targets(metrics: dict[str, float | int], targets: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """The metrics that miss their target: {metric: (score, target)}."""
    missed: dict[str, tuple[float, float]] = {}
    for key in RATED_METRICS:
        score, bar = float(metrics[key]), float(targets[key])
        if (score > bar) if key in LOWER_IS_BETTER else (score < bar):
            missed[key] = (score, bar)
    return missed


def test_the_harness_finds_the_sample_page() -> None:
    assert EXAMPLES / "xinhua-liaocheng-p2.gold.json" in GOLD_PAGES


@pytest.mark.parametrize(("gold_path", "input_name", "raw_path"), _cases())
def test_golden_page_meets_its_targets(gold_path: Path, input_name: str, raw_path: Path) -> None:
    assert raw_path.is_file(), f"{gold_path}: no raw page {raw_path.name} beside it"
    targets_path = gold_path.with_name(_stem(gold_path) + ".targets.toml")
    assert targets_path.is_file(), (
        f"{gold_path}: write {targets_path.name} beside it, a [{input_name}] table with a target for each of "
        f"{', '.join(RATED_METRICS)} (docs/testing.md)"
    )
    table = tomllib.loads(targets_path.read_text(encoding="utf-8")).get(input_name)
    assert isinstance(table, dict), f"{targets_path}: no [{input_name}] table for {raw_path.name}"
    targets = {key: value for key, value in table.items() if key != "open"}
    assert set(targets) == set(RATED_METRICS), f"{targets_path} [{input_name}]: targets for exactly {RATED_METRICS}"

    if input_name == "text":
        text = read_single_page(raw_path)
        assert_nothing_lost(parse_text(text), text)
    (scored,) = evaluate_pairs([(raw_path, gold_path)]).pages
    metrics = dict(scored.metrics)
    assert metrics["line_coverage"] == 1.0, ("lines lost", metrics)
    assert not check_targets(metrics, targets), (check_targets(metrics, targets), metrics)


def test_check_targets_reads_floors_and_ceilings() -> None:
    metrics: dict[str, float | int] = {key: 1.0 for key in RATED_METRICS}
    metrics.update(body_cer=0.03, body_cer_nows=0.0, seg_ari=0.85)
    targets = {key: 0.9 for key in RATED_METRICS}
    targets.update(body_cer=0.02, body_cer_nows=0.02)
    assert check_targets(metrics, targets) == {"body_cer": (0.03, 0.02), "seg_ari": (0.85, 0.9)}


def test_golden_pages_and_their_inputs_are_found_at_any_depth(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/one.gold.json", "a/b/two.gold.json", "a/b/two.txt", "a/b/two.json", "a/three.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    found = golden_pages(tmp_path, tmp_path / "absent")
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/b/two.gold.json", "a/one.gold.json"]
    assert [(name, raw.name) for name, raw in page_inputs(found[0])] == [("text", "two.txt"), ("ocr", "two.json")]
    assert page_inputs(found[1]) == []
