"""Which build of the package the suite runs on (`make test` runs it on both)."""

from __future__ import annotations

import os

from typer.testing import CliRunner

import banmian
from banmian.cli import app


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
