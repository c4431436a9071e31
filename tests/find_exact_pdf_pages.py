"""Pick the generated pages today's reader reads to their gold exactly, and write them as the
cases of tests/test_golden_generated_pdf.py (tests/data/golden_generated_pdf.json).

    PYTHONPATH=src python tests/find_exact_pdf_pages.py [--per-kind N] [--seeds N]

For each of the four kinds (the old and the wide generator, each as a PDF and as an OCR file
of its line boxes), seeds 0, 1, 2, ... are tried in turn and the first N pages whose parse
has every metric perfect are kept (`readers: ["pipeline"]`), with `"layout"` added where the
geometry alone is perfect too on the metrics it is held to. It prints what the previous list
held that is no longer perfect, with the metrics it misses: read those before committing
the new list (a page dropped is a page the reader got right before and gets wrong now).

The set is a regression guard, selected where today's reader is perfect, not a measure of
the reader: docs/testing.md. Not collected by pytest (its name does not start with test_).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_golden_generated_pdf import (  # tests/ is on the path, not a package
    CASES_FILE,
    GENERATORS,
    INPUTS,
    case_id,
    load_cases,
    reader_misses,
    scores,
)

COMMAND = "PYTHONPATH=src python tests/find_exact_pdf_pages.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-kind", type=int, default=16, help="perfect pages kept of each kind")
    parser.add_argument("--seeds", type=int, default=200, help="seeds tried at most of each kind")
    options = parser.parse_args()

    cases: list[dict[str, Any]] = []
    seconds = 0.0
    for generator in GENERATORS:
        for kind in INPUTS:
            kept = tried = 0
            for seed in range(options.seeds):
                if kept == options.per_kind:
                    break
                tried += 1
                started = time.process_time()
                got = scores(generator, kind, seed)
                if reader_misses(got, "pipeline"):
                    continue
                seconds += time.process_time() - started
                readers = ["pipeline"] + ([] if reader_misses(got, "layout") else ["layout"])
                cases.append({"generator": generator, "input": kind, "seed": seed, "readers": readers})
                kept += 1
            print(f"{kind}-{generator}: {kept} perfect of {tried} seeds tried")

    old = {case_id(c): c for c in load_cases()}
    new = {case_id(c): c for c in cases}
    for name, case in old.items():
        if name in new and set(case["readers"]) <= set(new[name]["readers"]):
            continue
        got = scores(case["generator"], case["input"], case["seed"])
        missed = {reader: reader_misses(got, reader) for reader in case["readers"]}
        print(f"no longer perfect: {name} {missed}" if any(missed.values())
              else f"dropped (still perfect, past --per-kind): {name}")

    about = ("Generated pages today's reader reads perfectly (a regression guard, not a measure): "
             f"tests/test_golden_generated_pdf.py. Written by `{COMMAND}`; do not edit by hand.")
    rows = ",\n".join(f"  {json.dumps(case)}" for case in cases)  # one case a line
    CASES_FILE.write_text(f'{{"about": {json.dumps(about)},\n "cases": [\n{rows}\n]}}\n', encoding="utf-8")
    print(f"wrote {len(cases)} cases to {CASES_FILE.relative_to(CASES_FILE.parents[2])} "
          f"({seconds:.1f} s of CPU to read them here)")


if __name__ == "__main__":
    main()
