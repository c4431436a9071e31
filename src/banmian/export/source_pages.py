"""Parsed pages together with what their source says about each line (text, box, page size).

`parse` needs only the `Page`; the Parquet dataset also keeps the page's source text,
and ALTO also the box of every line and the page's size. One reader gives all three, so
an input is read and parsed once whatever it is written to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from banmian.inputs.lines import PageLines
from banmian.model import BBox, Page


@dataclass
class SourcePage:
    """A parsed page, its source lines (what its line numbers count) and their geometry."""

    page: Page
    text: str
    # For positioned input (PDF, OCR): one box per source line (None for a line without
    # one), the page's size and its unit ("pt" for PDF points, "px" for image pixels).
    boxes: list[BBox | None] | None = None
    width: float | None = None
    height: float | None = None
    unit: str | None = None

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def _positioned(data: bytes, name: str) -> list[PageLines] | None:
    """The pages of positioned lines of a PDF, an OCR file or a page image; None for a text dump."""
    from banmian.inputs.text import is_pdf

    if is_pdf(data):
        from banmian.inputs.pdf import read_pdf_pages

        return read_pdf_pages(data, None, source=name)
    try:  # OCR files and page images, where the reader for them is installed
        from banmian.inputs.detect import read_positioned
    except ImportError:
        return None
    found: list[PageLines] | None = read_positioned(data, source=name)
    return found


def read_source_pages(
    data: bytes, name: str, encoding: str | None = None, conventions: str | None = None
) -> list[SourcePage]:
    """Every page of one input's bytes: a text dump in any common encoding, a PDF, or (with
    the OCR readers) an OCR file with line boxes."""
    positioned = _positioned(data, name)
    if positioned is not None:
        from banmian.geometry import read_layout
        from banmian.model import Source
        from banmian.positioned import parse_page_lines

        source = Source(path=name, sha256=hashlib.sha256(data).hexdigest(), encoding=None)
        out = []
        for lines in positioned:
            (page,) = parse_page_lines([lines], source)
            layout = read_layout(lines)
            out.append(
                SourcePage(
                    page,
                    layout.text,
                    boxes=[item.bbox for item in layout.layouts],
                    width=lines.width,
                    height=lines.height,
                    unit=lines.unit,
                )
            )
        return out
    from banmian.api import parse_text
    from banmian.inputs.text import decode_pages

    return [
        SourcePage(parse_text(text, page=number, source=source, conventions=conventions), text)
        for number, text, source in decode_pages(data, path=name, encoding=encoding)
    ]
