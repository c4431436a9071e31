"""The JSON Schema of banmian's output, `banmian/page@1` (documented in docs/schema.md)."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

PAGE_SCHEMA_FILE = "page.schema.json"


@cache
def page_schema() -> dict[str, Any]:
    """The draft 2020-12 JSON Schema that every `Page.to_dict()` satisfies."""
    schema: dict[str, Any] = json.loads(files(__package__).joinpath(PAGE_SCHEMA_FILE).read_text(encoding="utf-8"))
    return schema
