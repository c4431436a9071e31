"""How often random single-knob pages fall below the ARI bar, and through which open mistakes.

The figures of docs/testing.md ("What holds"): the property of
tests/test_synth_roundtrip.py over many more random examples than CI draws.

    .venv/bin/python tests/scan_single_knob.py [--pages N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# (the tests folder is put on the path first)
from test_synth_roundtrip import (
    _KNOBS_BUT_COUNT,
    ARI_BAR,
    KNOB_DOMAINS,
    PROFILE_NAMES,
    _single_knob_page,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=11)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    below = 0
    kinds: Counter[tuple[str, ...]] = Counter()
    unexplained: list[str] = []
    for _ in range(options.pages):
        name = rng.choice(_KNOBS_BUT_COUNT)
        knob = {name: rng.choice(KNOB_DOMAINS[name])}
        profile, seed = rng.choice(PROFILE_NAMES), rng.randrange(10**9)
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


if __name__ == "__main__":
    main()
