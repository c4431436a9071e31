"""Build script. The text pipeline (the data model and every stage) is compiled to C
extensions with mypyc whenever it can be, which parses about three times as fast
(docs/speed.md); everything else lives in pyproject.toml.

`pip install .` compiles by default: pyproject.toml puts mypy among the build
requirements, so pip's isolated build environment has mypyc. Where there is no C
compiler or no Python headers, or the compilation fails, the build falls back to the
pure-Python package and says so in one line (`banmian --version` names the build).

BANMIAN_MYPYC=1 insists on the compiled build (fails if it cannot be made);
BANMIAN_MYPYC=0 builds the pure one. An editable install (`pip install -e .`) is pure
unless BANMIAN_MYPYC=1: a compiled module would shadow the source file being edited.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

PACKAGE = Path("src") / "banmian"
# The modules a parse spends its time in. Left interpreted: the readers, CLI, web app,
# archive and PDF code, which wait on files, SQLite or PyMuPDF rather than on Python.
COMPILED = [
    *sorted(str(path) for path in (PACKAGE / "stages").glob("*.py")),
    str(PACKAGE / "model.py"),
    str(PACKAGE / "layout.py"),
]
BUILD_COMMANDS = ("bdist_wheel", "build", "build_ext", "install", "editable_wheel", "develop", "bdist")
FALLBACK = "banmian: {reason}; installing the pure-Python build (about 3x slower to parse, docs/speed.md)"


def _notice(reason: str) -> None:
    sys.stderr.write(FALLBACK.format(reason=reason) + "\n")


def _mode() -> str:
    """'required', 'off' or 'auto' (compile when possible)."""
    setting = os.environ.get("BANMIAN_MYPYC", "").strip().lower()
    if setting in ("1", "true", "yes"):
        return "required"
    if setting in ("0", "false", "no"):
        return "off"
    if any(command in sys.argv for command in ("editable_wheel", "develop")):
        return "off"
    return "auto"


def _building() -> bool:
    """Whether this run builds the package (metadata queries need no compilation: mypyc
    type-checks and generates C for a minute, and pip asks for metadata twice)."""
    return any(command in sys.argv for command in BUILD_COMMANDS)


def _missing_toolchain() -> str | None:
    """Why a C extension cannot be built here, or None when it can."""
    # CC in the environment overrides Python's own compiler setting, as in setuptools.
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler}) found"
    include = sysconfig.get_paths().get("include")
    if not include or not (Path(include) / "Python.h").exists():
        return "no Python headers (Python.h) found"
    return None


class _BuildExtOrFallBack(build_ext):
    """In auto mode a failed compilation leaves the pure-Python package, not a failed install."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:
            _notice(f"compiling failed ({type(exc).__name__}: {exc})")
            # A half-built set of extensions would shadow working sources: remove them all.
            for ext in self.extensions:
                built = Path(self.get_ext_fullpath(ext.name))
                built.unlink(missing_ok=True)
            self.extensions = []


def extension_modules(mode: str) -> list[Any]:
    if mode == "off" or not _building():
        return []
    if mode == "auto":
        missing = _missing_toolchain()
        if missing:
            _notice(missing)
            return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        if mode == "required":
            raise
        _notice("mypy (mypyc) is not installed in the build environment")
        return []
    try:
        return list(mypycify(COMPILED, opt_level="3"))
    except (Exception, SystemExit) as exc:  # mypyc exits on a type error it cannot compile
        if mode == "required":
            raise
        _notice(f"mypyc could not compile the pipeline ({type(exc).__name__})")
        return []


MODE = _mode()
setup(
    ext_modules=extension_modules(MODE),
    cmdclass={"build_ext": _BuildExtOrFallBack} if MODE == "auto" else {},
)
