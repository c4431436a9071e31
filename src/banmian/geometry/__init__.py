"""The geometry reader: positioned lines of one page -> lines in reading order with roles.

Every input with geometry (PDF text layers, OCR files, scans) reaches the text pipeline
through here: `read_layout` takes a `banmian.inputs.lines.PageLines` and gives a
`PageLayout`, the page's lines in reading order, each with its `LineLayout` evidence
(role, article and paragraph starts, box, size). The steps are described in
`banmian.geometry.reading`.
"""

from __future__ import annotations

from banmian.geometry.reading import PageLayout, analyse_page
from banmian.inputs.lines import PageLines

__all__ = ["PageLayout", "read_layout"]


def read_layout(page: PageLines) -> PageLayout:
    """The page's lines in reading order, each with its layout evidence."""
    if not page.lines:
        layout = PageLayout([], [])
    else:
        layout = analyse_page(page.lines, width=page.width, height=page.height, pictures=page.pictures,
                              rules=page.rules, vertical_rules=page.vertical_rules, unit=page.unit,
                              number=page.number)
    layout.warnings.extend(page.warnings)
    return layout
