"""Stage 3: estimate the full column width around every body line.

A page mixes columns (a narrow caption column next to wide feature columns), so
the width is estimated locally: a high quantile of the widths of nearby body
lines, most of which are full (justified) lines.
"""

from __future__ import annotations

from banmian.stages.classify import Kind, LineInfo

WINDOW = 6  # body lines on each side
MAX_DISTANCE = 16  # source lines: a neighbour farther than this is another block of the page
QUANTILE = 0.75


def estimate_column_widths(infos: list[LineInfo]) -> dict[int, int]:
    """Map each body line number to the full width of the column it is set in."""
    body = [i for i in infos if i.kind is Kind.BODY and not i.marker_only]
    numbers = [i.line.number for i in body]
    line_widths = [i.line.width for i in body]
    widths: dict[int, int] = {}
    for index, number in enumerate(numbers):
        low, high = max(0, index - WINDOW), index + WINDOW + 1
        near = sorted(
            width
            for width, other in zip(line_widths[low:high], numbers[low:high], strict=False)
            if -MAX_DISTANCE <= other - number <= MAX_DISTANCE
        )
        widths[number] = near[min(len(near) - 1, int(len(near) * QUANTILE))]
    return widths
