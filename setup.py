"""Build script. The package is pure Python; with BANMIAN_MYPYC=1 in the environment the
text pipeline (the data model and every stage) is compiled to C extensions with mypyc,
which parses about three times as fast (docs/speed.md). Everything else lives in
pyproject.toml.

The compiled build needs mypy and a C compiler where it is built, e.g.:
    pip install 'setuptools>=77' wheel 'mypy>=1.10'
    BANMIAN_MYPYC=1 pip install --no-build-isolation .
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import setup

PACKAGE = Path("src") / "banmian"
# The modules a parse spends its time in. Left interpreted: the readers, CLI, web app,
# archive and PDF code, which wait on files, SQLite or PyMuPDF rather than on Python.
COMPILED = [
    *sorted(str(path) for path in (PACKAGE / "stages").glob("*.py")),
    str(PACKAGE / "model.py"),
    str(PACKAGE / "layout.py"),
]


def extension_modules() -> list[object]:
    if os.environ.get("BANMIAN_MYPYC", "0") in ("", "0"):
        return []
    from mypyc.build import mypycify  # only the compiled build needs mypy

    return list(mypycify(COMPILED, opt_level="3"))


setup(ext_modules=extension_modules())
