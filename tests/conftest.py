"""Shared fixtures and checks for the whole suite."""

from __future__ import annotations

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
