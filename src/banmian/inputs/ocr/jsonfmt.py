"""The JSON forms OCR engines and archives write, one reader each.

Each `_read_*` takes the parsed JSON value and returns the pages, or None when the
value is not its form (so the next reader can try); a value that is its form but
broken inside raises InputError.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from banmian.errors import InputError
from banmian.inputs.lines import PageLines, Point, PositionedLine
from banmian.inputs.ocr.boxes import make_line


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def points_of(value: Any, where: str) -> list[Point]:
    """A list of [x, y] pairs (3 or more), or InputError naming `where`."""
    if isinstance(value, list) and len(value) >= 3:
        out: list[Point] = []
        for item in value:
            if not isinstance(item, list | tuple) or len(item) != 2:
                break
            x, y = _number(item[0]), _number(item[1])
            if x is None or y is None:
                break
            out.append((x, y))
        else:
            return out
    raise InputError(f"{where}: a box is not a list of [x, y] points")


def page_from_lines(lines: list[PositionedLine], *, number: int, width: float | None,
                    height: float | None) -> PageLines:
    """A page of OCR lines in pixels; without a stated size, the lines' extent."""
    if not width or width <= 0:
        width = max((ln.x1 for ln in lines), default=0.0)
    if not height or height <= 0:
        height = max((ln.y1 for ln in lines), default=0.0)
    return PageLines(number=number, width=float(width), height=float(height), lines=lines, unit="px")


def _read_ocr_results(value: Any, source: str) -> list[PageLines] | None:
    """`{"ocr_results": [{"text", "box", ["score"]}], "dimensions": {"width", "height"}}`."""
    if not isinstance(value, dict) or not isinstance(value.get("ocr_results"), list):
        return None
    lines: list[PositionedLine] = []
    for index, entry in enumerate(value["ocr_results"]):
        where = f"{source}: ocr_results[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise InputError(f"{where}: an entry needs a text and a box")
        text = entry["text"].strip()
        points = points_of(entry.get("box"), where)
        if not text:
            continue
        score = _number(entry.get("score", entry.get("confidence")))
        lines.append(make_line(text, points, page=1, order=index, confidence=score))
    dims = value.get("dimensions")
    width = height = None
    if isinstance(dims, dict):
        width, height = _number(dims.get("width")), _number(dims.get("height"))
    return [page_from_lines(lines, number=1, width=width, height=height)]


_READERS: tuple[Callable[[Any, str], list[PageLines] | None], ...] = (
    _read_ocr_results,
)


def read_json_pages(value: Any, *, source: str) -> list[PageLines] | None:
    """The pages of the first JSON form `value` is, or None when it is none of them."""
    for reader in _READERS:
        pages = reader(value, source)
        if pages is not None:
            return pages
    return None
