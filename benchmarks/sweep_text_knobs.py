"""Sweep the text-page generator's knobs one at a time and report the parser's worst value of each.

For every knob (layout knobs and the convention knobs of issue 11), each value is fixed
alone on a few seeds of every profile, the pages are parsed back with
`banmian.parse_text`, and scored against their gold with `banmian.evaluate.score_page`.
The table gives, per knob and metric, the worst mean over the knob's values and the value
that gave it, and which of the issue's bars that misses; the first row is the same pages
with every convention off, the families (`mainland`, `hktw`, `republican`: all their
knobs together) come last.

    .venv/bin/python benchmarks/sweep_text_knobs.py              # 3 seeds x 3 profiles per value
    .venv/bin/python benchmarks/sweep_text_knobs.py --seeds 6 --markdown
    .venv/bin/python benchmarks/sweep_text_knobs.py --knob script --knob ads
"""

from __future__ import annotations

import argparse
import statistics
import sys
from typing import Any

from banmian import parse_text
from banmian.evaluate import score_page
from banmian.synth import generate_page
from banmian.synth.profiles import (
    CONVENTION_DOMAINS,
    CONVENTION_OFF,
    FAMILY_NAMES,
    KNOB_DOMAINS,
    PROFILE_NAMES,
)

METRICS = ("seg_ari", "title_acc", "dateline_acc", "body_cer", "para_f1", "names_f1", "kind_acc", "line_coverage")
LOWER_IS_BETTER = {"body_cer"}
# the bars for the round trip of every knob alone and all together
TARGETS = {"seg_ari": 0.98, "title_acc": 0.97, "dateline_acc": 0.97, "body_cer": 0.01}
SEED_BASE = 9100
# knobs that act only with another one set: the other is set with them
NEEDS: dict[str, dict[str, Any]] = {"dispatches": {"dateline_form": "old"}}


def knob_values(name: str) -> list[Any]:
    """The values swept for a knob: all of a small domain, a spread of a large one."""
    values = KNOB_DOMAINS.get(name) or CONVENTION_DOMAINS[name]
    if len(values) > 6:
        step = max(1, len(values) // 5)
        values = [*values[::step], values[-1]]
    if name in CONVENTION_OFF:
        values = [v for v in values if v != CONVENTION_OFF[name]]  # the off value is every other run
    return list(dict.fromkeys(values))


def page_metrics(seeds: int, family: str = "plain", **knobs: Any) -> dict[str, float]:
    rows = []
    for seed in range(SEED_BASE, SEED_BASE + seeds):
        for profile in PROFILE_NAMES:
            page = generate_page(seed, profile, family=family, **knobs)
            parsed = parse_text(page.text)
            rows.append(score_page(page.text, page.gold, parsed.to_dict()))
    return {m: statistics.fmean(float(r[m]) for r in rows) for m in METRICS}


def worst(per_value: dict[Any, dict[str, float]]) -> dict[str, tuple[float, Any]]:
    out = {}
    for metric in METRICS:
        pick = max if metric in LOWER_IS_BETTER else min
        value = pick(per_value, key=lambda v: per_value[v][metric])
        out[metric] = (per_value[value][metric], value)
    return out


def misses(row: dict[str, tuple[float, Any]]) -> str:
    failed = [
        m
        for m, bar in TARGETS.items()
        if (row[m][0] > bar if m in LOWER_IS_BETTER else row[m][0] < bar)
    ]
    return ", ".join(failed) or "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="seeds per profile and value (default 3)")
    parser.add_argument("--knob", action="append", help="only these knobs (repeatable)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    names = args.knob or [*CONVENTION_DOMAINS, *(k for k in KNOB_DOMAINS if k != "articles_per_page")]
    unknown = [n for n in names if n not in KNOB_DOMAINS and n not in CONVENTION_DOMAINS]
    if unknown:
        print(f"error: unknown knob(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    # the same pages with every knob drawn and every convention off: what each row is set against
    rows: list[tuple[str, dict[str, tuple[float, Any]]]] = [("(all off)", worst({"": page_metrics(args.seeds)}))]
    for name in names:
        needs = NEEDS.get(name, {})
        per_value = {value: page_metrics(args.seeds, **{name: value, **needs}) for value in knob_values(name)}
        rows.append((name, worst(per_value)))
        print(f"... {name}", file=sys.stderr)
    if not args.knob:
        for family in FAMILY_NAMES:
            if family != "plain":
                rows.append((f"family={family}", worst({"": page_metrics(args.seeds, family)})))
    header = ["knob", *METRICS, "misses"]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    else:
        print("  ".join(f"{h:>14}" for h in header))
    for name, row in rows:
        cells = [name] + [f"{row[m][0]:.3f}" + (f" ({row[m][1]})" if row[m][1] != "" else "") for m in METRICS]
        cells.append(misses(row))
        if args.markdown:
            print("| " + " | ".join(cells) + " |")
        else:
            print("  ".join(f"{c:>14}" for c in cells))
    print(f"{args.seeds} seeds x {len(PROFILE_NAMES)} profiles per value; worst mean over values (value)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
