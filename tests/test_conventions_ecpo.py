"""Real Republican-era pages: eight folds of 晶報 with ECPO's article gold (tests/data/ecpo,
CC BY 4.0, Early Chinese Periodicals Online, Heidelberg University; SOURCES.md there).

Each page must reach the `[floors]` of its `X.targets.toml`, and the eight together the
issue's aim for segmentation (mean seg_ari >= 0.9). The pages are read with the family
detected from their text, which must be the Republican one.
"""

from __future__ import annotations

import json
import statistics
import tomllib
from pathlib import Path

import pytest

from banmian import parse_text
from banmian.conventions import detect_conventions
from banmian.evaluate import score_page
from conftest import assert_nothing_lost

DATA = Path(__file__).parent / "data" / "ecpo"
PAGES = sorted(DATA.glob("*.txt"))
MEAN_SEG_ARI = 0.9


def _score(raw: Path, conventions: str | None = None) -> dict[str, float]:
    text = raw.read_text(encoding="utf-8")
    gold = json.loads(raw.with_name(raw.stem + ".gold.json").read_text(encoding="utf-8"))
    page = parse_text(text, conventions=conventions)
    assert_nothing_lost(page, text)
    return {key: float(value) for key, value in score_page(text, gold, page.to_dict()).items()}


def test_the_eight_folds_are_there() -> None:
    assert len(PAGES) == 8
    assert all(p.with_name(p.stem + ".targets.toml").is_file() for p in PAGES)


@pytest.mark.parametrize("raw", PAGES, ids=[p.stem for p in PAGES])
def test_each_fold_reaches_its_floors(raw: Path) -> None:
    assert detect_conventions(raw.read_text(encoding="utf-8")).name == "republican"
    targets = tomllib.loads(raw.with_name(raw.stem + ".targets.toml").read_text(encoding="utf-8"))
    metrics = _score(raw)
    assert targets["floors"], "no floors"
    for key, floor in targets["floors"].items():
        assert metrics[key] >= floor, (key, metrics)
    for key, ceiling in targets.get("ceilings", {}).items():
        assert metrics[key] <= ceiling, (key, metrics)


def test_mean_segmentation_over_the_folds() -> None:
    assert statistics.fmean(_score(raw)["seg_ari"] for raw in PAGES) >= MEAN_SEG_ARI


def test_the_base_family_alone_reads_them_far_worse() -> None:
    """The rules that reach the aim are the Republican family's (a control: forcing the
    modern family on the same pages loses most items)."""
    forced = statistics.fmean(_score(raw, "mainland")["seg_ari"] for raw in PAGES)
    assert forced < MEAN_SEG_ARI - 0.2
