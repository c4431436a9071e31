"""Shared fixtures and checks for the whole suite."""

from __future__ import annotations

import os
from fnmatch import fnmatch
from pathlib import Path

import pytest

from banmian.model import Page

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "data"
SAMPLE_RAW = EXAMPLES / "xinhua-liaocheng-p2.txt"
SAMPLE_GOLD = EXAMPLES / "xinhua-liaocheng-p2.gold.json"
OCR_PAGES = sorted((DATA / "ocr").glob("*.txt"))
SHARED_SCORER = ROOT.parent / "shared" / "tools" / "score_page.py"

# `make mutate` (docs/testing.md) sets BANMIAN_MUTATION: each mutant of stages/ and geometry/
# is then tested by the fast behavioural tests of the text pipeline and the geometry reader
# only (mutmut runs, of these, the ones that call the mutated function). Tests marked `slow`
# are left out there too (pyproject's mutmut selection); everything runs in CI.
MUTATION_TEST_MODULES = (
    "test_regressions.py",
    "test_stage*.py",
    "test_markers.py",
    "test_pipeline.py",
    "test_build.py",
    "test_spacing.py",
    "test_charmap.py",
    "test_interleave.py",
    "test_fuzz.py",
    "test_synth_roundtrip.py",
    "test_golden*.py",
    "test_conventions*.py",
    "test_pdf_geometry.py",
    "test_geometry*.py",
    # the OCR reader's tests (line boxes in pixels, engine row order, real pages' files in
    # tests/data/ocr): the only ones to reach OCR-only geometry paths; not test_ocr_scan.py
    "test_ocr.py",
    "test_ocr_formats.py",
)


# A mutant is killed by the first failing example: no shrinking it (which can take longer
# than the test's time limit), and no time limit per example (mutmut's trampolines slow
# every call).
if os.environ.get("BANMIAN_MUTATION"):
    from hypothesis import Phase, settings

    settings.register_profile("mutation", phases=(Phase.explicit, Phase.reuse, Phase.generate), deadline=None)
    settings.load_profile("mutation")

# In a mutant's run the first failing test ends it (`-x`): the small behavioural tests go
# first, the random property tests last.
_RANDOM_PROPERTY_MODULES = ("test_fuzz.py", "test_synth_roundtrip.py", "test_ocr_formats.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("BANMIAN_MUTATION"):
        items.sort(key=lambda item: item.path.name in _RANDOM_PROPERTY_MODULES)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if os.environ.get("BANMIAN_MUTATION") and collection_path.suffix == ".py":
        if not any(fnmatch(collection_path.name, pattern) for pattern in MUTATION_TEST_MODULES):
            return True
    return None


def assert_nothing_lost(page: Page, text: str) -> None:
    """Every non-blank input line lies in exactly one article or in the furniture."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    owners: dict[int, list[str]] = {}
    for art in page.articles:
        for n in art.line_numbers():
            owners.setdefault(n, []).append(art.id)
    for item in page.furniture:
        for n in range(item.lines[0], item.lines[1] + 1):
            owners.setdefault(n, []).append("furniture")
    for number, line in enumerate(lines, start=1):
        if line.strip():
            assert number in owners, f"line {number} lost: {line!r}"
            assert len(owners[number]) == 1, f"line {number} claimed by {owners[number]}: {line!r}"


@pytest.fixture
def sample_text() -> str:
    return SAMPLE_RAW.read_text(encoding="utf-8")
