"""Stage 3: estimate the full column width around every body line.

A page mixes columns (a narrow caption column next to wide feature columns), so
the width is estimated locally: a high quantile of the widths of nearby body
lines, most of which are full (justified) lines.
"""

from __future__ import annotations

from banmian.stages.classify import Kind, LineInfo

WINDOW = 6  # body lines on each side
QUANTILE = 0.75


def estimate_column_widths(infos: list[LineInfo]) -> dict[int, int]:
    """Map each body line number to the full width of the column it is set in."""
    body = [i.line for i in infos if i.kind is Kind.BODY and not i.marker_only]
    line_widths = [line.width for line in body]
    rank = int((2 * WINDOW + 1) * QUANTILE)
    widths: dict[int, int] = {}
    for index, line in enumerate(body):
        near = sorted(line_widths[max(0, index - WINDOW) : index + WINDOW + 1])
        widths[line.number] = near[min(len(near) - 1, rank if len(near) > 2 * WINDOW else int(len(near) * QUANTILE))]
    return widths
