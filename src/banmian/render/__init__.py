"""Renderers: pages as JSON, JSON Lines, Markdown or plain text.

Each renderer takes one `Page` or a sequence of them and returns the whole output as a
string ending in a newline (empty string for no pages in jsonl).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from banmian.model import Page
from banmian.render.markdown import to_markdown
from banmian.render.text import to_text

FORMATS = ("json", "jsonl", "md", "txt")


def _as_list(pages: Page | Sequence[Page]) -> list[Page]:
    return [pages] if isinstance(pages, Page) else list(pages)


def to_json(pages: Page | Sequence[Page], *, indent: int | None = 2) -> str:
    """One page: its `banmian/page@1` object; none or several: an array of them."""
    pages = _as_list(pages)
    if len(pages) == 1:
        return pages[0].to_json(indent=indent) + "\n"
    return json.dumps([p.to_dict() for p in pages], ensure_ascii=False, indent=indent) + "\n"


def to_jsonl(pages: Page | Sequence[Page]) -> str:
    """One compact `banmian/page@1` object per line."""
    return "".join(p.to_json(indent=None) + "\n" for p in _as_list(pages))


def render(pages: Page | Sequence[Page], fmt: str) -> str:
    """Render in one of FORMATS."""
    if fmt == "json":
        return to_json(pages)
    if fmt == "jsonl":
        return to_jsonl(pages)
    if fmt == "md":
        return to_markdown(pages)
    if fmt == "txt":
        return to_text(pages)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render", "to_json", "to_jsonl", "to_markdown", "to_text"]
