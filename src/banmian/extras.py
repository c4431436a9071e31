"""Optional dependencies: import them on demand, or fail with one line naming the extra."""

from __future__ import annotations

import importlib
from types import ModuleType

from banmian.errors import BanmianError


class MissingExtraError(BanmianError):
    """An optional dependency is not installed; the message names the extra that brings it."""


def require(module: str, extra: str) -> ModuleType:
    """Import `module`, or raise MissingExtraError telling which `banmian[extra]` to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.split(".")[0]
        raise MissingExtraError(
            f"{top} is not installed: install the extra with pip install 'banmian[{extra}]'"
        ) from None
