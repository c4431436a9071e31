"""Round trip: generated pages parsed back by `banmian.parse_text` and scored against their gold.

These are the issue's quality bars for the parser on synthetic pages (issue 3); they
measure the parser, with the generator's gold as the reference.
"""

from __future__ import annotations

import statistics
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banmian import parse_text
from banmian.synth import (
    KNOB_DOMAINS,
    PROFILE_NAMES,
    CleanArticle,
    generate_page,
    generate_pages,
    load_clean_articles,
)
from conftest import EXAMPLES, assert_nothing_lost

ROUND_TRIP_PAGES = 300
ROUND_TRIP_SEED = 2024


def _article_pool() -> list[CleanArticle]:
    """The shipped clean articles and, as the issue asks, the gold articles of the sample page."""
    return load_clean_articles() + load_clean_articles([EXAMPLES])


POOL = _article_pool()


def _score(raw_text: str, gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, float | int]:
    # imported here: the evaluation module belongs to the scoring work, not to the generator
    from banmian.evaluate import score_page

    return score_page(raw_text, gold, pred)


def test_round_trip_over_300_pages_of_every_profile() -> None:
    rows: dict[str, list[dict[str, float | int]]] = {name: [] for name in PROFILE_NAMES}
    for page in generate_pages(ROUND_TRIP_PAGES, ROUND_TRIP_SEED, articles=POOL):
        parsed = parse_text(page.text)
        assert_nothing_lost(parsed, page.text)
        rows[page.profile].append(_score(page.text, page.gold, parsed.to_dict()))
    assert all(len(r) == ROUND_TRIP_PAGES // len(PROFILE_NAMES) for r in rows.values())

    every = [row for profile_rows in rows.values() for row in profile_rows]

    def mean(key: str, which: list[dict[str, float | int]] = every) -> float:
        return statistics.fmean(float(r[key]) for r in which)

    table = {
        name: {k: round(mean(k, r), 4) for k in ("seg_ari", "title_acc", "para_f1", "body_cer")}
        for name, r in rows.items()
    }
    assert mean("line_coverage") == 1.0, table
    assert mean("seg_ari") >= 0.98, table
    assert mean("title_acc") >= 0.97, table
    assert mean("para_f1") >= 0.97, table
    assert mean("body_cer") <= 0.01, table


_KNOBS_BUT_COUNT = sorted(k for k in KNOB_DOMAINS if k != "articles_per_page")


@st.composite
def _one_knob(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from(_KNOBS_BUT_COUNT))
    return {name: draw(st.sampled_from(KNOB_DOMAINS[name]))}


# derandomized: the same 60 examples in every CI run, so that a result can be reproduced
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    knob=_one_knob(),
    profile=st.sampled_from(PROFILE_NAMES),
    seed=st.integers(min_value=0, max_value=10**9),
)
def test_any_single_knob_keeps_three_articles_apart(knob: dict[str, Any], profile: str, seed: int) -> None:
    page = generate_page(seed, profile, articles=POOL, articles_per_page=3, **knob)
    assert len(page.gold["articles"]) == 3
    parsed = parse_text(page.text)
    assert_nothing_lost(parsed, page.text)
    metrics = _score(page.text, page.gold, parsed.to_dict())
    assert metrics["seg_ari"] >= 0.9, (knob, profile, seed, metrics)
