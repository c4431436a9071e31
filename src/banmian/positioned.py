"""Pages of positioned lines -> Pages: the geometry reader, then the text pipeline.

Whatever the input (a PDF text layer, an OCR file, a scan), its `PageLines` go through
`banmian.geometry.read_layout` (reading order and layout evidence) and then through the
same text pipeline as text input; the blocks then get their page and box. The lines
`reading_text` gives are the line numbers that parsed blocks point at (`banmian text`).
See docs/pdf.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from banmian.geometry import PageLayout, read_layout
from banmian.inputs.lines import PageLines, PositionedLine
from banmian.inputs.pdf import read_pdf_bytes, read_pdf_pages
from banmian.layout import LineLayout
from banmian.model import BBox, Page, Source

__all__ = ["layout_pages", "parse_page_lines", "parse_pdf_document", "pdf_reading_text", "reading_text"]


def layout_pages(path_or_bytes: str | Path | bytes, pages: list[int] | None = None, *,
                 source: str | None = None) -> list[tuple[int, PageLayout]]:
    """(page number, lines in reading order with their layout) for each chosen PDF page."""
    return [(p.number, read_layout(p)) for p in read_pdf_pages(path_or_bytes, pages, source=source)]


def reading_text(pages: Iterable[PageLines]) -> str:
    """The lines in reading order, each page ending in a newline, pages separated by form feeds."""
    return "\f".join(read_layout(p).text + "\n" for p in pages)


def pdf_reading_text(path_or_bytes: str | Path | bytes, pages: list[int] | None = None, *,
                     source: str | None = None) -> str:
    """The PDF's lines in reading order (see `reading_text`)."""
    return reading_text(read_pdf_pages(path_or_bytes, pages, source=source))


def parse_page_lines(pages: Iterable[PageLines], source: Source) -> list[Page]:
    """One `Page` per page of positioned lines; blocks and articles carry `page` and `bbox`."""
    from banmian.stages import run_text_pipeline

    result: list[Page] = []
    for lines in pages:
        layout = read_layout(lines)
        page = run_text_pipeline(layout.text, page=lines.number, source=source, layouts=layout.layouts)
        if lines.unit != "pt":
            _mend_quotes(page)
        _attach_geometry(page, layout.layouts, lines.number)
        _attach_provenance(page, layout.lines, lines)
        page.warnings.extend(layout.warnings)
        result.append(page)
    return result


def _mend_quotes(page: Page) -> None:
    """OCR input: each block's quotation marks set right over its whole text, as on each
    line (`fix_quote_pairs`): a quoted phrase the column wraps has its two marks on two
    lines, where the line-by-line repair sees one of them."""
    from banmian.inputs.ocr.repairs import fix_quote_pairs

    for article in page.articles:
        for block in article.blocks:
            block.text = fix_quote_pairs(block.text)


def parse_pdf_document(path_or_bytes: str | Path | bytes, *, pages: list[int] | None = None,
                       source: str | None = None) -> list[Page]:
    """One `Page` per chosen PDF page; blocks and articles carry `page` and `bbox`."""
    if source is None and not isinstance(path_or_bytes, bytes):
        source = str(path_or_bytes)
    data, name = read_pdf_bytes(path_or_bytes, source=source)
    src = Source(path=source, sha256=hashlib.sha256(data).hexdigest(), encoding=None)
    return parse_page_lines(read_pdf_pages(data, pages, source=name), src)


def _union(boxes: list[BBox]) -> BBox | None:
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def _boxes_between(layouts: list[LineLayout], first: int, last: int) -> list[BBox]:
    return [b for n in range(first, last + 1) if 1 <= n <= len(layouts) and (b := layouts[n - 1].bbox)]


def _attach_geometry(page: Page, layouts: list[LineLayout], number: int) -> None:
    """Give every block and article the page and the union of its lines' boxes."""
    for article in page.articles:
        article.page = number
        boxes: list[BBox] = []
        for first, last in article.lines:
            boxes.extend(_boxes_between(layouts, first, last))
        for block in article.blocks:
            block.page = number
            block.bbox = _union(_boxes_between(layouts, block.lines[0], block.lines[1]))
            if block.bbox:
                boxes.append(block.bbox)
        article.bbox = _union(boxes)


def _attach_provenance(page: Page, lines: list[PositionedLine], source: PageLines) -> None:
    """The unit of the boxes, each line's entry in the input's own order, and each
    block's mean line confidence (OCR input that states confidences). Boxes of a page
    whose lines were levelled or straightened (a tilted or sheared scan) go back to the
    input's own frame."""
    page.unit = source.unit
    page.line_entries = [ln.order for ln in lines]
    for article in page.articles:
        for block in article.blocks:
            first, last = block.lines
            scores = [c for ln in lines[first - 1:last] if (c := ln.confidence) is not None]
            if scores:
                block.confidence = round(sum(scores) / len(scores), 4)
            if (source.skew or source.shear) and block.bbox is not None:
                block.bbox = _unlevel(block.bbox, source)
        if (source.skew or source.shear) and article.bbox is not None:
            article.bbox = _unlevel(article.bbox, source)


def _unlevel(box: BBox, source: PageLines) -> BBox:
    """The box around a levelled box's corners leant back by the page's shear and
    turned back by its skew."""
    from banmian.inputs.ocr.repairs import rotate, unshear

    x0, y0, x1, y1 = box
    centre = (source.width / 2, source.height / 2)
    corners = unshear([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], -source.shear, centre)
    corners = rotate(corners, source.skew, centre)
    return (round(min(p[0] for p in corners), 1), round(min(p[1] for p in corners), 1),
            round(max(p[0] for p in corners), 1), round(max(p[1] for p in corners), 1))
