"""Layout evidence that a PDF (or any geometry-aware reader) hands to the text pipeline.

The text pipeline works on lines of text. A reader that knows the page geometry
passes one `LineLayout` per line (same order as the text's lines) with what
geometry and type tell about it; the pipeline then trusts that evidence over
its text-only guesses, so titles, bylines, datelines, jumps and spacing are
still handled in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from banmian.model import BBox

# Roles a reader may assign to a line from geometry and type.
ROLES = (
    "title",  # headline (large type, may span columns)
    "kicker",  # 引题, above the headline
    "subtitle",  # 副题, below the headline
    "subhead",  # heading inside an article
    "body",  # running text
    "byline",
    "caption",  # small type next to an image box
    "credit",  # photo credit
    "furniture",  # header band, page number, running feet
)


@dataclass(frozen=True)
class LineLayout:
    page: int | None = None
    bbox: BBox | None = None
    font_size: float | None = None
    bold: bool = False
    role: str | None = None
    # Geometry says a new article starts at this line (the reader emits each
    # article's lines contiguously: title lines, then the body in reading order).
    article_start: bool = False
    # Geometry says a paragraph starts at this line (indent, vertical gap).
    paragraph_start: bool = False
