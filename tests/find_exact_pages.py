"""Select the cases of tests/test_golden_generated_text.py: generated text pages that today's
parser reads exactly as their gold, chosen to reach as many branches of `stages/` as can be.

    PYTHONPATH=src python tests/find_exact_pages.py            # print what it would select
    PYTHONPATH=src python tests/find_exact_pages.py --write    # rewrite the test's CASES

It generates candidates over every family of papers, every extractor profile, the knobs
left to the seed and every value of each layout and convention knob fixed alone, parses
each and keeps the exact ones (`mismatches` of the test module finds nothing). It then
measures, with coverage.py, which branches of `src/banmian/stages/` each exact page takes,
and picks pages greedily: first the page that takes the most branches no picked page takes,
then, once every branch reached is taken, the pages that take the branches taken fewest
times, until `--count` pages. At least `--per-pair` pages of each family and profile are
picked first where that many are exact. Deterministic: the same sources give the same list.

Not collected by pytest (its name does not start with `test_`). docs/testing.md says when
to run it: after a change meant to move the parser, and after merging rules.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEST_FILE = HERE / "test_golden_generated_text.py"
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

from banmian import parse_text  # noqa: E402
from banmian.synth import CONVENTION_DOMAINS, FAMILY_NAMES, KNOB_DOMAINS, PROFILE_NAMES  # noqa: E402
from test_golden_generated_text import Case, case_id, generate, mismatches  # noqa: E402

# Seeds of the candidates: a range that no rule, round trip or property test uses.
SEED_BASE = 70_000
# Knobs that act only with another one set (as in test_synth_conventions.py).
NEEDS: dict[str, dict[str, Any]] = {"dispatches": {"dateline_form": "old"}}
# Knobs left to the seed: `target_chars` makes pages of a hundred articles (slow, and no
# rule of its own), `articles_per_page` is set low for the pages of a family the parser
# still reads badly (VARIANTS below).
SKIPPED = {"target_chars", "articles_per_page"}


def _spread(values: list[Any], most: int = 6) -> list[Any]:
    """At most `most` values of a domain, its ends included."""
    if len(values) <= most:
        return list(values)
    step = (len(values) - 1) / (most - 1)
    return [values[round(i * step)] for i in range(most)]


def variants() -> list[dict[str, Any]]:
    """The knobs fixed on the candidates: none, then each value of each knob alone, then the
    same with two or three articles a page (pages the parser reads exactly are more often
    short ones, and the families of other eras need them to be found at all)."""
    single: list[dict[str, Any]] = [{}]
    for domains in (KNOB_DOMAINS, CONVENTION_DOMAINS):
        for name, values in domains.items():
            if name not in SKIPPED:
                single += [{name: value, **NEEDS.get(name, {})} for value in _spread(values)]
    return single + [{**knobs, "articles_per_page": count} for count in (2, 3) for knobs in single]


def candidates(seeds: int) -> list[Case]:
    cases: list[Case] = []
    for family in FAMILY_NAMES:
        for profile in PROFILE_NAMES:
            for knobs in variants():
                for _ in range(seeds):
                    cases.append((family, profile, SEED_BASE + len(cases), knobs))
    return cases


def exact_pages(cases: list[Case]) -> tuple[list[Case], dict[str, int]]:
    """The cases read exactly as their gold, and the count of cases failing each kind of check."""
    exact: list[Case] = []
    failing: Counter[str] = Counter()
    for case in cases:
        try:
            page = generate(case)
        except ValueError:  # a knob the family cannot take with another fixed one
            failing["not generated"] += 1
            continue
        found = mismatches(page, parse_text(page.text).to_dict())
        if found:
            failing[re.split(r"[: ]", found[0].split("): ")[-1], maxsplit=1)[0]] += 1
        else:
            exact.append(case)
    return exact, dict(failing)


def branches_taken(cases: list[Case]) -> dict[str, set[tuple[str, int, int]]]:
    """For each case, the branches (file, from line, to line) of stages/ that parsing it takes."""
    import coverage

    stages = ROOT / "src" / "banmian" / "stages"
    pages = {case_id(case): generate(case) for case in cases}
    cov = coverage.Coverage(branch=True, include=[str(stages / "*.py")], data_file=None)
    cov.start()
    for name, page in pages.items():
        cov.switch_context(name)
        parse_text(page.text)
    cov.stop()
    data = cov.get_data()
    taken: dict[str, set[tuple[str, int, int]]] = {name: set() for name in pages}
    for path in data.measured_files():
        for name in pages:
            data.set_query_contexts([re.escape(name) + "$"])
            taken[name].update((Path(path).name, a, b) for a, b in data.arcs(path) or [])
    return taken


def select(exact: list[Case], count: int, per_pair: int) -> list[Case]:
    taken = branches_taken(exact)
    times: Counter[tuple[str, int, int]] = Counter()
    chosen: list[Case] = []

    def gain(case: Case, level: int) -> int:
        return sum(1 for arc in taken[case_id(case)] if times[arc] < level)

    def pick(pool: list[Case], level: int) -> Case | None:
        best = max(pool, key=lambda case: gain(case, level), default=None)
        return best if best is not None and gain(best, level) else None

    # each family and profile first, so that every pair is held
    for family in FAMILY_NAMES:
        for profile in PROFILE_NAMES:
            for _ in range(per_pair):
                pool = [c for c in exact if c[:2] == (family, profile) and c not in chosen]
                best = pick(pool, level=1) or (pool[0] if pool else None)
                if best is not None:
                    chosen.append(best)
                    times.update(taken[case_id(best)])
    level = 1
    while len(chosen) < count and len(chosen) < len(exact):
        best = pick([c for c in exact if c not in chosen], level)
        if best is None:
            level += 1
            continue
        chosen.append(best)
        times.update(taken[case_id(best)])
    every = set().union(*taken.values()) if taken else set()
    print(f"branches of stages/ taken by the exact pages: {len(every)}; by the {len(chosen)} chosen: "
          f"{len(set().union(*(taken[case_id(c)] for c in chosen)))} (the last round for branches taken under {level} times)")
    return chosen


def _literal(value: Any) -> str:
    return repr(value)


def write(chosen: list[Case]) -> None:
    lines = ["CASES: list[Case] = ["]
    for family, profile, seed, knobs in sorted(chosen, key=lambda c: (FAMILY_NAMES.index(c[0]),
                                                                     PROFILE_NAMES.index(c[1]), c[2])):
        fixed = ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in sorted(knobs.items()))
        lines.append(f"    ({family!r}, {profile!r}, {seed}, {{{fixed}}}),")
    lines.append("]")
    text = TEST_FILE.read_text(encoding="utf-8")
    block = re.compile(r"(# BEGIN CASES\n).*?(\n# END CASES)", re.S)
    if not block.search(text):
        sys.exit(f"no `# BEGIN CASES` ... `# END CASES` block in {TEST_FILE}")
    TEST_FILE.write_text(block.sub(lambda m: m.group(1) + "\n".join(lines) + m.group(2), text), encoding="utf-8")
    print(f"wrote {len(chosen)} cases to {TEST_FILE.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=2, help="candidates per family, profile and knob value")
    parser.add_argument("--count", type=int, default=150, help="pages to select")
    parser.add_argument("--per-pair", type=int, default=4, help="pages of each family and profile picked first")
    parser.add_argument("--write", action="store_true", help="rewrite CASES in tests/test_golden_generated_text.py")
    options = parser.parse_args()
    cases = candidates(options.seeds)
    exact, failing = exact_pages(cases)
    print(f"candidates: {len(cases)}; read exactly: {len(exact)}; the others' first mismatch: {failing}")
    pairs = Counter(c[:2] for c in exact)
    print("exact pages by family and profile:", {f"{f}/{p}": pairs[(f, p)] for f in FAMILY_NAMES for p in PROFILE_NAMES})
    chosen = select(exact, options.count, options.per_pair)
    if options.write:
        write(chosen)
    else:
        for case in chosen:
            print(case_id(case))


if __name__ == "__main__":
    main()
