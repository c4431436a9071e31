"""Mutation testing of the text pipeline (src/banmian/stages/) and the geometry reader
(src/banmian/geometry/) with mutmut 3: `make mutate`, or `make mutate SAMPLE=40` for a
random sample (docs/testing.md).

mutmut copies the sources into mutants/, writes every mutant of the two packages there,
runs the mutation test selection once to learn which tests call which function, then runs,
for each mutant, only the tests that call the mutated function. This script adds the
sample, leaves out the mutants listed in tests/mutation_excluded.txt (equivalent ones, and
ones mutmut's harness cannot reach), and prints `killed K of N`. A mutant counts as killed when a test fails or the tests time out
(the mutant loops); one no test reaches counts as survived.

    python tests/mutate.py [--sample N] [--seed S] [--jobs J] [--only GLOB]
    python tests/mutate.py --names NAME [NAME ...]   # these mutants again (a run's survivors)
    python tests/mutate.py --check-excluded          # each listed mutant's diff beside its reason

Mutant numbers count the mutations of one function in order, so an edit to a function can
give a listed number to another mutation: `--check-excluded` prints, for every exact name in
tests/mutation_excluded.txt, what the mutant does today next to the reason given, to be read
again after a merge, and flags names (and patterns) that no mutant has any more.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
EXCLUDED = ROOT / "tests" / "mutation_excluded.txt"
LOG = MUTANTS / "mutmut-run.log"
KILLED_CODES = frozenset({1, 3, 24, -24, 36, 152, 255})  # test failure, pytest error, timeouts
NO_SUCH_MUTANT = "banmian.no_such_module.x_no_such_function__mutmut_0"


def _mutmut(arguments: list[str], *, expect_failure: bool = False) -> None:
    """Run mutmut from the repository root; its progress output goes to mutants/mutmut-run.log."""
    command = [str(Path(sys.executable).with_name("mutmut")), *arguments]
    env = {**os.environ, "BANMIAN_MUTATION": "1"}
    MUTANTS.mkdir(exist_ok=True)
    with LOG.open("w", encoding="utf-8") as log:
        result = subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0 and not expect_failure:
        tail = LOG.read_text(encoding="utf-8", errors="replace")[-3000:]
        sys.exit(f"mutmut failed (exit {result.returncode}); the end of {LOG}:\n{tail}")


def mutant_results() -> dict[str, int | None]:
    """Every mutant mutmut wrote, with its exit code (None: not run yet)."""
    results: dict[str, int | None] = {}
    for meta in sorted((MUTANTS / "src").rglob("*.py.meta")):
        results.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return results


def excluded_patterns() -> list[str]:
    """Names or glob patterns listed in tests/mutation_excluded.txt (one per line, `# why` after)."""
    if not EXCLUDED.is_file():
        return []
    patterns = (line.split("#", 1)[0].strip() for line in EXCLUDED.read_text(encoding="utf-8").splitlines())
    return [pattern for pattern in patterns if pattern]


def excluded(names: set[str], patterns: list[str]) -> set[str]:
    return {name for name in names if any(fnmatch(name, pattern) for pattern in patterns)}


def excluded_entries() -> list[tuple[str, str]]:
    """(name or pattern, reason) for each entry of tests/mutation_excluded.txt."""
    entries = []
    for line in EXCLUDED.read_text(encoding="utf-8").splitlines():
        name, _hash, reason = line.partition("#")
        if name.strip():
            entries.append((name.strip(), reason.strip()))
    return entries


def _mutants_of(relative: Path) -> dict[str, tuple[str, str]]:
    """Every mutant mutmut generates for one source file: name -> (original function, mutant),
    as code. mutmut's own generator and numbering (`function_trampoline_arrangement`: the
    mutations of a function in the order found, from 1), without writing the mutated file."""
    import libcst as cst
    from mutmut.mutation.file_mutation import create_mutations, deep_replace, group_by_top_level_node
    from mutmut.mutation.trampoline_templates import mangle_function_name
    from mutmut.utils.format_utils import get_mutant_name

    module, mutations, _classes, _functions = create_mutations(str(relative), (ROOT / relative).read_text("utf-8"))
    by_function = group_by_top_level_node(mutations)
    functions = [(None, statement) for statement in module.body if isinstance(statement, cst.FunctionDef)]
    for statement in module.body:
        if isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
            functions += [(statement.name.value, method) for method in statement.body.body
                          if isinstance(method, cst.FunctionDef)]
    mutants = {}
    for class_name, function in functions:
        original = cst.Module([function]).code.strip()
        prefix = mangle_function_name(name=function.name.value, class_name=class_name) + "__mutmut_"
        for number, mutation in enumerate(by_function.get(function, []), start=1):
            mutated = deep_replace(function, mutation.original_node, mutation.mutated_node)
            mutants[get_mutant_name(relative, f"{prefix}{number}")] = (original, cst.Module([mutated]).code.strip())
    return mutants


def check_excluded() -> int:
    """Print, for each exact name in tests/mutation_excluded.txt, the reason given and the
    mutant's diff as today's sources generate it (as `mutmut show` prints it, without a run);
    flag entries that name no mutant. Returns their number."""
    from difflib import unified_diff

    entries = excluded_entries()
    wanted_modules = {name.split(".x", 1)[0] for name, _reason in entries}
    mutants: dict[str, tuple[str, str]] = {}
    for path in sorted((ROOT / "src" / "banmian").glob("*/*.py")):
        relative = path.relative_to(ROOT)
        module = ".".join(relative.with_suffix("").parts[1:])
        if module in wanted_modules:
            mutants.update(_mutants_of(relative))
    missing = 0
    for name, reason in entries:
        print(f"== {name}\n   why: {reason}")
        if any(char in name for char in "*?["):
            count = sum(fnmatch(mutant, name) for mutant in mutants)
            print(f"   (a pattern: {count} mutants today)")
            missing += count == 0
        elif name not in mutants:
            print("   !! mutmut generates no such mutant today: remove the entry, or find the mutation's new number")
            missing += 1
        else:
            original, mutated = mutants[name]
            print("\n".join(unified_diff(original.split("\n"), mutated.split("\n"), lineterm="", n=2)))
        print()
    print(f"{len(entries)} entries, {missing} naming no mutant; read each diff against its reason")
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=0, help="test a random sample of this many mutants")
    parser.add_argument("--seed", type=int, default=None, help="seed of the sample (default: random, printed)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="mutants tested at once")
    parser.add_argument("--only", default="*", help="sample among the mutants whose names match this glob "
                        "(e.g. 'banmian.stages.*')")
    parser.add_argument("--names", nargs="+", default=[], metavar="NAME",
                        help="test these mutants again (e.g. the survivors a run printed, after new tests)")
    parser.add_argument("--check-excluded", action="store_true",
                        help="print each mutant listed in tests/mutation_excluded.txt as it reads today, "
                        "beside the reason given; exit 1 if an entry names no mutant")
    options = parser.parse_args()
    if options.check_excluded:
        sys.exit(1 if check_excluded() else 0)
    jobs = ["--max-children", str(options.jobs)]

    patterns = excluded_patterns()
    if options.names:
        _mutmut(["run", *jobs, *options.names])
        chosen = sorted(set(options.names))
    elif options.sample:
        # mutmut writes the mutants and learns which tests reach each function before it
        # looks for the mutants it is asked for: asking for none that exists does just that
        _mutmut(["run", *jobs, NO_SUCH_MUTANT], expect_failure=True)
        every = set(mutant_results())
        left_out = excluded(every, patterns)
        names = sorted(name for name in every - left_out if fnmatch(name, options.only))
        if not names:
            sys.exit(f"no mutants were written; see {LOG}")
        seed = options.seed if options.seed is not None else random.SystemRandom().randrange(10**6)
        chosen = sorted(random.Random(seed).sample(names, min(options.sample, len(names))))
        print(f"mutants: {len(names)} (and {len(left_out)} left out, tests/mutation_excluded.txt); "
              f"a sample of {len(chosen)}, seed {seed}")
        _mutmut(["run", *jobs, *chosen])
    else:
        _mutmut(["run", *jobs])
        every = set(mutant_results())
        chosen = sorted(every - excluded(every, patterns))

    results = mutant_results()
    survivors = [name for name in chosen if results.get(name) not in KILLED_CODES]
    for name in survivors:
        print(f"survived: {name}  (exit {results.get(name)}; `mutmut show {name}`)")
    for package in ("banmian.stages.", "banmian.geometry."):
        tried = [name for name in chosen if name.startswith(package)]
        left = [name for name in survivors if name.startswith(package)]
        print(f"  {package[:-1]}: killed {len(tried) - len(left)} of {len(tried)}")
    killed = len(chosen) - len(survivors)
    rate = killed / len(chosen) if chosen else 0.0
    print(f"killed {killed} of {len(chosen)} ({rate:.2f})")


if __name__ == "__main__":
    main()
