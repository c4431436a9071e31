"""Stage 3: estimate the full column width around every body line.

A page mixes columns (a narrow caption column next to wide feature columns), so
the width is estimated locally: a high quantile of the widths of nearby body
lines, most of which are full (justified) lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from banmian.stages.classify import Kind, LineInfo
from banmian.stages.source_lines import SourceLine

WINDOW: Final = 6  # body lines on each side
QUANTILE: Final = 0.75
# A measure wider than another by more than this ratio is another column.
COLUMN_CHANGE: Final = 1.25


def measure(widths: Iterable[int]) -> int:
    """The width a stretch of text is set in: most of its lines are full, so an upper
    quantile of their widths (0 for no lines)."""
    found = sorted(widths)
    return found[int(len(found) * QUANTILE)] if found else 0


def other_column(width: int, other: int) -> bool:
    """Two known measures far enough apart to be two columns."""
    return bool(width and other) and max(width, other) > COLUMN_CHANGE * min(width, other)


def estimate_column_widths(infos: list[LineInfo], *, within_runs: bool = False) -> dict[int, int]:
    """Map each body line number to the full width of the column it is set in.

    With `within_runs`, the window stays inside each run of text between headings and
    article markers, so that one article's measure does not leak into the next.
    """
    widths: dict[int, int] = {}
    # rank of the quantile in a window of k lines (windows hold at most 2 * WINDOW + 1)
    rank = [min(k - 1, int(k * QUANTILE)) for k in range(2 * WINDOW + 2)]
    runs = _runs(infos) if within_runs else [[i.line for i in infos if _is_text(i)]]
    for run in runs:
        line_widths = [line.width for line in run]
        count = len(line_widths)
        # The window around line i is line_widths[i - WINDOW : i + WINDOW + 1], kept sorted
        # as it slides (one insertion, one removal) instead of sorted anew for every line.
        near = sorted(line_widths[: WINDOW + 1])
        for index, line in enumerate(run):
            widths[line.number] = near[rank[len(near)]]
            if index + WINDOW + 1 < count:
                width = line_widths[index + WINDOW + 1]
                near.insert(_position(near, width), width)
            if index >= WINDOW:
                del near[_position(near, line_widths[index - WINDOW])]
    return widths


def _position(ordered: list[int], width: int) -> int:
    """`bisect.bisect_left`, written out: in the compiled build (docs/speed.md) the loop
    over a window this small costs less than a call into the C function."""
    low, high = 0, len(ordered)
    while low < high:
        middle = (low + high) // 2
        if ordered[middle] < width:
            low = middle + 1
        else:
            high = middle
    return low


def _is_text(info: LineInfo) -> bool:
    return info.kind is Kind.BODY and not info.marker_only


def _runs(infos: list[LineInfo]) -> list[list[SourceLine]]:
    runs: list[list[SourceLine]] = [[]]
    body, blank = Kind.BODY, Kind.BLANK
    for info in infos:
        kind = info.kind
        if kind is blank:
            continue
        text = kind is body and not info.marker_only  # `_is_text`, inlined: called per line
        if not text or info.jump_from is not None or info.dateline is not None:
            runs.append([])
        if text:
            runs[-1].append(info.line)
    return [run for run in runs if run]
