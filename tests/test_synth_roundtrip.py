"""Round trip: generated pages parsed back by `banmian.parse_text` and scored against their gold.

Two kinds of test (docs/testing.md says what each asserts and why):

* Round trips over seeds never used to tune the rules, every metric the scorer prints
  held to the targets of the issues (not to a seed's own numbers).
* Property tests with random examples (no `derandomize`): one layout knob at any value.
  What holds for every page is asserted page by page; the open mistakes (named below)
  are held to a rate over a random batch.
"""

from __future__ import annotations

import random
import statistics
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from banmian import parse_text
from banmian.synth import (
    KNOB_DOMAINS,
    PROFILE_NAMES,
    CleanArticle,
    SynthPage,
    generate_page,
    generate_pages,
    load_clean_articles,
)
from conftest import EXAMPLES, assert_nothing_lost

# Seeds that no rule was tuned on (the rules were developed on seed 2024 and the sample
# page): eight of them, a hundred pages each, so that one unlucky seed does not decide.
FRESH_SEEDS = (101, 202, 303, 404, 505, 606, 707, 808)
PAGES_PER_SEED = 100

# The targets of the issues (docs/testing.md): issue 3 (segmentation, titles, paragraphs,
# body text) and issue 11 (datelines, and the same ARI / title / CER bars). Markers read by
# a grammar (bylines, datelines, jump lines, photo items) are held to the dateline bar.
# Subheads: no issue sets a bar; a subhead taken for a title or missed costs a block,
# not an article, and the title-or-subhead decision is open (issue 11, item 2).
TARGETS: dict[str, tuple[str, float]] = {
    "line_coverage": (">=", 1.0),
    "seg_ari": (">=", 0.98),
    "title_acc": (">=", 0.97),
    "body_cer": ("<=", 0.01),
    "para_f1": (">=", 0.97),
    "subhead_f1": (">=", 0.90),
    "names_f1": (">=", 0.97),
    "dateline_acc": (">=", 0.97),
    "continued_acc": (">=", 0.97),
    "kind_acc": (">=", 0.97),
}

# The property bar: one knob at any value keeps three articles apart.
ARI_BAR = 0.9
# Share of random single-knob pages allowed below the bar through the open mistakes
# (measured: 1.6% of 5000 random pages, docs/testing.md); the bound leaves room for
# the randomness of a batch, not for a new kind of mistake (asserted page by page).
OPEN_MISTAKE_RATE = 0.06
RATE_BATCH = 150


def _article_pool() -> list[CleanArticle]:
    """The shipped clean articles and, as the issue asks, the gold articles of the sample page."""
    return load_clean_articles() + load_clean_articles([EXAMPLES])


POOL = _article_pool()


def _score(raw_text: str, gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, float | int]:
    # imported here: the evaluation module belongs to the scoring work, not to the generator
    from banmian.evaluate import score_page

    return score_page(raw_text, gold, pred)


def _meets(value: float, target: tuple[str, float]) -> bool:
    how, bar = target
    return value >= bar if how == ">=" else value <= bar


@pytest.mark.slow
def test_round_trip_over_fresh_seeds_meets_every_target() -> None:
    rows: dict[str, list[dict[str, float | int]]] = {name: [] for name in PROFILE_NAMES}
    for seed in FRESH_SEEDS:
        for page in generate_pages(PAGES_PER_SEED, seed, articles=POOL):
            parsed = parse_text(page.text)
            assert_nothing_lost(parsed, page.text)
            rows[page.profile].append(_score(page.text, page.gold, parsed.to_dict()))
    every = [row for profile_rows in rows.values() for row in profile_rows]
    assert len(every) == len(FRESH_SEEDS) * PAGES_PER_SEED

    def mean(key: str, which: list[dict[str, float | int]]) -> float:
        return statistics.fmean(float(r[key]) for r in which)

    table = {name: {k: round(mean(k, r), 4) for k in TARGETS} for name, r in rows.items() if r}
    means = {key: mean(key, every) for key in TARGETS}
    missed = {key: round(value, 4) for key, value in means.items() if not _meets(value, TARGETS[key])}
    assert not missed, (missed, table)


# --- property tests with random examples ---------------------------------------------

_KNOBS_BUT_COUNT = sorted(k for k in KNOB_DOMAINS if k != "articles_per_page")


@st.composite
def _one_knob(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from(_KNOBS_BUT_COUNT))
    return {name: draw(st.sampled_from(KNOB_DOMAINS[name]))}


def _gold_owners(gold: dict[str, Any]) -> dict[int, int]:
    return {n: i for i, a in enumerate(gold["articles"]) for s, e in a["lines"] for n in range(s, e + 1)}


def _pred_owners(pred: dict[str, Any]) -> dict[int, int]:
    return {n: i for i, a in enumerate(pred["articles"]) for s, e in a["lines"] for n in range(s, e + 1)}


def _span(lines: list[int] | None) -> range:
    return range(lines[0], lines[1] + 1) if lines else range(0)


def _bare(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in "—－-")


def _deck_lines(article: dict[str, Any], raw: list[str]) -> set[int]:
    """Lines next to a gold title that print its kicker or subtitle (the gold names their
    text, not their lines): set apart from the title by at most two lines, in no block."""
    decks = _bare((article.get("kicker") or "") + (article.get("subtitle") or ""))
    title = article.get("title_lines")
    if not decks or not title:
        return set()
    in_blocks = {n for block in article["blocks"] for n in _span(block["lines"])}
    near = range(max(1, title[0] - 2), min(len(raw), title[1] + 2) + 1)
    return {n for n in near if n not in in_blocks and _bare(raw[n - 1]) and _bare(raw[n - 1]) in decks}


def open_mistakes(page: SynthPage, pred: dict[str, Any]) -> set[str]:
    """The kinds of article-boundary mistake on a page, as named in docs/testing.md.

    Each pair of consecutive text lines that the gold and the parse disagree on (one
    article or two) is named by where it falls:

    * `heading`: at a title, deck (kicker, subtitle) or subhead line: a heading taken
      for a title or a subhead the wrong way (the title-or-subhead decision, issue 11
      item 2);
    * `photo`: at a line of a photo item, in the gold or the parse (captions joined to
      the text next to them, or text taken for captions);
    * `text-as-title`: where a line of a gold paragraph was read as a title (a
      paragraph cut by a column break whose lines look like a heading's);
    * `other`: anywhere else. No page may have one.
    """
    gold_art, pred_art = _gold_owners(page.gold), _pred_owners(pred)
    heading_lines: set[int] = set()
    photo_lines: set[int] = set()
    raw = page.text.split("\n")
    for article in page.gold["articles"]:
        heading_lines.update(_span(article.get("title_lines")))
        heading_lines.update(_deck_lines(article, raw))
        for block in article["blocks"]:
            if block["type"] == "subhead":
                heading_lines.update(_span(block["lines"]))
        if article["kind"] == "photo":
            photo_lines.update(n for s, e in article["lines"] for n in range(s, e + 1))
    predicted_titles = {n for a in pred["articles"] for n in _span(a.get("title_lines"))}
    photo_lines.update(n for a in pred["articles"] if a["kind"] == "photo" for s, e in a["lines"] for n in range(s, e + 1))
    text_lines = [n for n in sorted(gold_art) if n in pred_art and raw[n - 1].strip()]
    kinds: set[str] = set()
    for a, b in pairwise(text_lines):
        if (gold_art[a] == gold_art[b]) == (pred_art[a] == pred_art[b]):
            continue
        if a in heading_lines or b in heading_lines:
            kinds.add("heading")
        elif a in photo_lines or b in photo_lines:
            kinds.add("photo")
        elif a in predicted_titles or b in predicted_titles:
            kinds.add("text-as-title")
        else:
            kinds.add("other")
    return kinds


def _single_knob_page(knob: dict[str, Any], profile: str, seed: int) -> tuple[SynthPage, dict[str, float | int], set[str]]:
    page = generate_page(seed, profile, articles=POOL, articles_per_page=3, **knob)
    assert len(page.gold["articles"]) == 3
    parsed = parse_text(page.text)
    assert_nothing_lost(parsed, page.text)
    pred = parsed.to_dict()
    metrics = _score(page.text, page.gold, pred)
    return page, metrics, open_mistakes(page, pred)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    knob=_one_knob(),
    profile=st.sampled_from(PROFILE_NAMES),
    seed=st.integers(min_value=0, max_value=10**9),
)
def test_any_single_knob_keeps_articles_apart_but_for_the_open_mistakes(
    knob: dict[str, Any], profile: str, seed: int
) -> None:
    """Every line kept; no article boundary wrong but at the named open mistakes; and a
    page that keeps its headings, photos and paragraphs right scores ARI >= 0.9."""
    _, metrics, mistakes = _single_knob_page(knob, profile, seed)
    assert metrics["line_coverage"] == 1.0
    assert "other" not in mistakes, (knob, profile, seed, metrics)
    for kind in mistakes:
        event(f"open mistake: {kind}")
    if not mistakes:
        assert metrics["seg_ari"] >= ARI_BAR, (knob, profile, seed, metrics)


@pytest.mark.slow  # a rate over a random batch: no verdict on one mutant (make mutate)
def test_open_mistakes_stay_rare_on_a_random_batch() -> None:
    """Over a random batch of single-knob pages, few fall below the ARI bar at all."""
    master = random.SystemRandom().randrange(2**32)
    rng = random.Random(master)
    below: list[tuple[dict[str, Any], str, int, float]] = []
    scores: list[float] = []
    for _ in range(RATE_BATCH):
        name = rng.choice(_KNOBS_BUT_COUNT)
        knob = {name: rng.choice(KNOB_DOMAINS[name])}
        profile, seed = rng.choice(PROFILE_NAMES), rng.randrange(10**9)
        _, metrics, _ = _single_knob_page(knob, profile, seed)
        scores.append(float(metrics["seg_ari"]))
        if metrics["seg_ari"] < ARI_BAR:
            below.append((knob, profile, seed, float(metrics["seg_ari"])))
    assert len(below) <= OPEN_MISTAKE_RATE * RATE_BATCH, (master, below)
    assert statistics.fmean(scores) >= 0.98, (master, below)
