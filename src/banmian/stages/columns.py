"""Stage 3: estimate the full column width around every body line.

A page mixes columns (a narrow caption column next to wide feature columns), so
the width is estimated locally: a high quantile of the widths of nearby body
lines, most of which are full (justified) lines.
"""

from __future__ import annotations

from banmian.stages.classify import Kind, LineInfo
from banmian.stages.source_lines import SourceLine

WINDOW = 6  # body lines on each side
QUANTILE = 0.75


def estimate_column_widths(infos: list[LineInfo], *, within_runs: bool = False) -> dict[int, int]:
    """Map each body line number to the full width of the column it is set in.

    With `within_runs`, the window stays inside each run of text between headings and
    article markers, so that one article's measure does not leak into the next.
    """
    widths: dict[int, int] = {}
    for run in _runs(infos) if within_runs else [[i.line for i in infos if _is_text(i)]]:
        line_widths = [line.width for line in run]
        for index, line in enumerate(run):
            near = sorted(line_widths[max(0, index - WINDOW) : index + WINDOW + 1])
            widths[line.number] = near[min(len(near) - 1, int(len(near) * QUANTILE))]
    return widths


def _is_text(info: LineInfo) -> bool:
    return info.kind is Kind.BODY and not info.marker_only


def _runs(infos: list[LineInfo]) -> list[list[SourceLine]]:
    runs: list[list[SourceLine]] = [[]]
    for info in infos:
        if info.kind is Kind.BLANK:
            continue
        if not _is_text(info) or info.jump_from is not None or info.dateline is not None:
            runs.append([])
        if _is_text(info):
            runs[-1].append(info.line)
    return [run for run in runs if run]
