"""The figures of docs/testing.md for generated pages, from the tests' own code.

    .venv/bin/python tests/synth_figures.py single-knob [--pages N] [--seed S]
    .venv/bin/python tests/synth_figures.py round-trip

`single-knob`: how often random single-knob pages fall below the ARI bar, and through
which open mistakes (the property of tests/test_synth_roundtrip.py over many more random
examples than CI draws). `round-trip`: the mean of every metric, per seed and over the
fresh seeds together, against the targets.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# (the tests folder is put on the path first)
from banmian import parse_text
from banmian.synth import generate_pages
from test_synth_roundtrip import (
    _KNOBS_BUT_COUNT,
    ARI_BAR,
    FRESH_SEEDS,
    KNOB_DOMAINS,
    PAGES_PER_SEED,
    POOL,
    PROFILE_NAMES,
    TARGETS,
    _score,
    _single_knob_page,
)


def round_trip() -> None:
    every: list[dict[str, float | int]] = []
    for seed in FRESH_SEEDS:
        rows = [_score(p.text, p.gold, parse_text(p.text).to_dict()) for p in generate_pages(PAGES_PER_SEED, seed, articles=POOL)]
        every.extend(rows)
        print(f"seed {seed}: " + " ".join(f"{k} {statistics.fmean(float(r[k]) for r in rows):.4f}" for k in TARGETS))
    print(f"all {len(every)} pages: " + " ".join(f"{k} {statistics.fmean(float(r[k]) for r in every):.4f}" for k in TARGETS))
    print("targets: " + " ".join(f"{k} {how} {bar}" for k, (how, bar) in TARGETS.items()))


def single_knob(pages: int, master_seed: int, max_seed: int = 10**9) -> None:
    options = argparse.Namespace(pages=pages, seed=master_seed)
    rng = random.Random(options.seed)
    below = 0
    kinds: Counter[tuple[str, ...]] = Counter()
    unexplained: list[str] = []
    for _ in range(options.pages):
        name = rng.choice(_KNOBS_BUT_COUNT)
        knob = {name: rng.choice(KNOB_DOMAINS[name])}
        profile, seed = rng.choice(PROFILE_NAMES), rng.randrange(max_seed)
        _, metrics, mistakes = _single_knob_page(knob, profile, seed)
        below += metrics["seg_ari"] < ARI_BAR
        kinds[tuple(sorted(mistakes))] += 1
        if "other" in mistakes or (not mistakes and metrics["seg_ari"] < ARI_BAR):
            unexplained.append(f"{knob} {profile} {seed}: seg_ari {metrics['seg_ari']}, {sorted(mistakes)}")
    print(f"{options.pages} random single-knob pages (seed {options.seed}): "
          f"{below} below seg_ari {ARI_BAR} ({below / options.pages:.1%})")
    for found, count in kinds.most_common():
        print(f"  {count:5d} pages with mistakes {', '.join(found) or '(none)'}")
    print(f"  {len(unexplained)} pages with a mistake of no named kind")
    for line in unexplained:
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("single-knob", "round-trip"))
    parser.add_argument("--pages", type=int, default=3000, help="single-knob: how many pages")
    parser.add_argument("--seed", type=int, default=11, help="single-knob: the seed of the draw")
    parser.add_argument("--max-seed", type=int, default=10**9,
                        help="single-knob: page seeds below this (hypothesis favours small ones)")
    options = parser.parse_args()
    if options.what == "round-trip":
        round_trip()
    else:
        single_knob(options.pages, options.seed, options.max_seed)


if __name__ == "__main__":
    main()
