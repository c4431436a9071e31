"""Which build of the package the suite runs on (`make test` runs it on both)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import banmian
from banmian.cli import app
from conftest import OCR_PAGES, ROOT, SAMPLE_RAW


def test_the_suite_runs_on_the_build_it_was_asked_to() -> None:
    # `make test-compiled` sets BANMIAN_EXPECT_COMPILED=1: a compiled build that fell back
    # to the sources (or sources that looked compiled) would make the second run a copy
    # of the first.
    expected = os.environ.get("BANMIAN_EXPECT_COMPILED") == "1"
    assert banmian.COMPILED is expected


def test_version_names_the_build() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    build = "compiled pipeline" if banmian.COMPILED else "pure Python"
    assert result.output.strip() == f"banmian {banmian.__version__} ({build})"


_DUMP_PAGES = """
import json, sys
from pathlib import Path
from banmian import COMPILED, parse_text
from banmian.synth.page import generate_pages
texts = [Path(path).read_text(encoding="utf-8") for path in sys.argv[1:]]
texts += [page.text for page in generate_pages(90, 11)]
pages = [parse_text(text).to_dict() for text in texts]
print(json.dumps({"compiled": COMPILED, "pages": pages}, ensure_ascii=False, sort_keys=True))
"""


@pytest.mark.skipif(not banmian.COMPILED, reason="compares the compiled build with the sources it was built from")
def test_compiled_build_gives_the_output_of_the_sources() -> None:
    """The same interpreter parses the same pages twice: with the installed compiled
    package, and with the sources put first on its path."""
    pages = [str(SAMPLE_RAW), *map(str, OCR_PAGES)]
    runs = {}
    for name, extra_path in (("compiled", None), ("sources", str(ROOT / "src"))):
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        if extra_path:
            env["PYTHONPATH"] = extra_path
        done = subprocess.run(
            [sys.executable, "-c", _DUMP_PAGES, *pages], capture_output=True, text=True, env=env, check=True
        )
        runs[name] = json.loads(done.stdout)
    assert runs["compiled"]["compiled"] is True
    assert runs["sources"]["compiled"] is False
    assert len(runs["compiled"]["pages"]) == len(pages) + 90
    assert runs["compiled"]["pages"] == runs["sources"]["pages"]
