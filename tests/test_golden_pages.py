"""Real pages as golden tests: every `X.gold.json` beside a raw page `X.txt` under tests/data/
(any depth) and examples/ is parsed, scored with the project's scorer (`banmian eval`'s
numbers), and every metric is held to the targets in `X.targets.toml` beside it.

Pages are found when the suite is collected: a gold page added under tests/data/ (the hand
gold of the real OCR pages in tests/data/ocr/, the ECPO pages in tests/data/ecpo/) is tested
from then on. A gold page without its targets file fails, naming the file to write: targets
are chosen by whoever writes the gold, from the issues' bars (docs/testing.md), never copied
from the parser's current scores.

`X.targets.toml` holds one number per metric: a floor for the rates, a ceiling for the error
rates (`body_cer`, `body_cer_nows`), e.g. `seg_ari = 0.9` / `body_cer = 0.02` / ... (TOML, so
that no `*.json` reader of the folder, such as the generator's article loader, takes it for
a page).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from banmian import parse_text
from banmian.evaluate import LOWER_IS_BETTER, METRIC_KEYS, load_gold, read_single_page, score_page
from conftest import DATA, EXAMPLES, assert_nothing_lost

# Every metric the scorer prints but the two article counts (the gold decides those).
RATED_METRICS = tuple(key for key in METRIC_KEYS if key not in ("articles_gold", "articles_pred"))


def golden_pages(*roots: Path) -> list[Path]:
    """Every gold file under `roots` (recursively), sorted."""
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.extend(root.rglob("*.gold.json"))
    return sorted(found)


def _stem(gold: Path) -> str:
    return gold.name[: -len(".gold.json")]


def _page_id(gold: Path) -> str:
    return f"{gold.parent.name}/{_stem(gold)}"


GOLD_PAGES = golden_pages(DATA, EXAMPLES)


def check_targets(metrics: dict[str, float | int], targets: dict[str, float]) -> dict[str, tuple[float, float]]:
    """The metrics that miss their target: {metric: (score, target)}."""
    missed: dict[str, tuple[float, float]] = {}
    for key in RATED_METRICS:
        score, bar = float(metrics[key]), float(targets[key])
        if (score > bar) if key in LOWER_IS_BETTER else (score < bar):
            missed[key] = (score, bar)
    return missed


def test_the_harness_finds_the_sample_page() -> None:
    assert EXAMPLES / "xinhua-liaocheng-p2.gold.json" in GOLD_PAGES


@pytest.mark.parametrize("gold_path", GOLD_PAGES, ids=[_page_id(p) for p in GOLD_PAGES])
def test_golden_page_meets_its_targets(gold_path: Path) -> None:
    raw_path = gold_path.with_name(_stem(gold_path) + ".txt")
    targets_path = gold_path.with_name(_stem(gold_path) + ".targets.toml")
    assert raw_path.is_file(), f"{gold_path}: no raw page {raw_path.name} beside it"
    assert targets_path.is_file(), (
        f"{gold_path}: write {targets_path.name} beside it (a target for each of {', '.join(RATED_METRICS)}; "
        "docs/testing.md)"
    )
    targets = tomllib.loads(targets_path.read_text(encoding="utf-8"))
    assert set(targets) == set(RATED_METRICS), f"{targets_path}: targets for exactly {RATED_METRICS}"

    text = read_single_page(raw_path)
    page = parse_text(text)
    assert_nothing_lost(page, text)
    metrics = score_page(text, load_gold(gold_path), page.to_dict())
    assert not check_targets(metrics, targets), (check_targets(metrics, targets), metrics)


def test_check_targets_reads_floors_and_ceilings() -> None:
    metrics: dict[str, float | int] = {key: 1.0 for key in RATED_METRICS}
    metrics.update(body_cer=0.03, body_cer_nows=0.0, seg_ari=0.85)
    targets = {key: 0.9 for key in RATED_METRICS}
    targets.update(body_cer=0.02, body_cer_nows=0.02)
    assert check_targets(metrics, targets) == {"body_cer": (0.03, 0.02), "seg_ari": (0.85, 0.9)}


def test_golden_pages_are_found_at_any_depth(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/one.gold.json", "a/b/two.gold.json", "a/b/two.txt", "a/three.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in golden_pages(tmp_path, tmp_path / "absent")] == [
        "a/b/two.gold.json",
        "a/one.gold.json",
    ]
