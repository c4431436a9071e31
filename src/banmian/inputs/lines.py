"""The one model of positioned lines that every reader with geometry produces.

A PDF text layer, an OCR file with line boxes and a scan run through OCR all become a
`PageLines`: the page's lines, each a `PositionedLine` with its text and box in the
input's own coordinates (PDF points or image pixels, y growing downwards), plus what
the page draws besides text (picture boxes, rules). The geometry reader
(`banmian.geometry`) turns a `PageLines` into the lines in reading order with their
layout evidence, and the text pipeline does the rest, whatever the input was.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from banmian.model import BBox

Point = tuple[float, float]
# A horizontal rule as (y, x0, x1) and a vertical one as (x, y0, y1).
HRule = tuple[float, float, float]
VRule = tuple[float, float, float]


@dataclass
class PositionedLine:
    """One line of text as the input places it."""

    text: str
    bbox: BBox
    # Type size in the page's units: the font size for a PDF; for OCR, the box's extent
    # across the line (its height for horizontal text, its width for vertical text).
    size: float
    bold: bool
    page: int  # 1-based
    # Where the line stands in the input's own order (a PDF's content stream, an OCR
    # file's entries), 0-based: evidence for reading order, and provenance.
    order: int = 0
    # The engine's confidence in [0, 1] (OCR), None when the input gives none.
    confidence: float | None = None
    # The outline when the input gives more than a box (OCR quadrilaterals, polygons).
    polygon: tuple[Point, ...] | None = None
    # Set top to bottom (竖排), one character under the other.
    vertical: bool = False

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def y0(self) -> float:
        return self.bbox[1]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def y1(self) -> float:
        return self.bbox[3]

    @property
    def width(self) -> float:
        return self.bbox[2] - self.bbox[0]

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]

    @property
    def cx(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2


@dataclass
class PageLines:
    """One page of positioned lines with the page's size and graphics."""

    number: int  # 1-based page number in the input
    width: float
    height: float
    lines: list[PositionedLine]
    pictures: list[BBox] = field(default_factory=list)
    rules: list[HRule] = field(default_factory=list)
    vertical_rules: list[VRule] = field(default_factory=list)
    # "pt" for PDF points, "px" for image pixels ("mm10"/"inch1200": as an ALTO file states).
    unit: str = "pt"
    warnings: list[str] = field(default_factory=list)
    # OCR input: the degrees the lines' boxes were turned by (about the page's centre) to
    # level a tilted scan; their bboxes are in that levelled frame, their polygons as the
    # input gives them. 0 when nothing was turned.
    skew: float = 0.0
    # OCR input: after levelling, how far (x per unit of y, about the page's centre) the
    # columns leaned while the lines lay level (a sheared or warped scan), taken out of
    # the bboxes: x' = x - shear * (y - centre). 0 when nothing was taken out.
    shear: float = 0.0
