"""The round trips of tests/test_synth_conventions.py that miss a bar (and any named case):
means over the case's pages of seg_ari, title_acc, dateline_acc and body_cer, then the
pages that miss a bar, so a case's misses can be read off (docs/conventions.md).

    PYTHONPATH=src .venv/bin/python benchmarks/synth_convention_cases.py [CASE ...]

A CASE is a test id: `punctuation=old`, `family=hktw`, `everything`; by default the
cases the test still lists as the parser's misses, and the three that passed last.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from banmian import parse_text
from banmian.evaluate import score_page
from banmian.synth import PROFILE_NAMES, generate_page
from test_synth_conventions import (
    ALONE,
    EVERYTHING,
    FAMILY_SEEDS,
    MAX_BODY_CER,
    PARSER_MISSES,
    SEEDS,
    TARGETS,
)

KEYS = (*TARGETS, "body_cer")
DEFAULT = sorted(PARSER_MISSES | {"punctuation=old", "vocabulary=republican", "family=mainland"})


def case(name: str) -> tuple[dict[str, Any], str, range]:
    if name == "everything":
        return EVERYTHING, "plain", FAMILY_SEEDS
    if name.startswith("family="):
        return {}, name.split("=", 1)[1], FAMILY_SEEDS
    for param in ALONE:
        if param.id == name:
            knobs, family = param.values
            return dict(knobs), str(family), SEEDS
    raise SystemExit(f"no case {name!r}")


def main() -> None:
    for name in sys.argv[1:] or DEFAULT:
        knobs, family, seeds = case(name)
        rows = []
        for seed in seeds:
            for profile in PROFILE_NAMES:
                page = generate_page(seed, profile, family=family, **knobs)
                rows.append((seed, profile, score_page(page.text, page.gold, parse_text(page.text).to_dict())))
        means = {key: round(statistics.fmean(float(r[key]) for _s, _p, r in rows), 4) for key in KEYS}
        met = all(means[key] >= bar for key, bar in TARGETS.items()) and means["body_cer"] <= MAX_BODY_CER
        print(f"{name:24} {'meets' if met else 'misses'} {means}")
        for seed, profile, r in rows:
            if any(float(r[key]) < bar for key, bar in TARGETS.items()) or float(r["body_cer"]) > MAX_BODY_CER:
                print(f"    {seed} {profile:15} " + " ".join(f"{key} {float(r[key]):.3f}" for key in KEYS))


if __name__ == "__main__":
    main()
