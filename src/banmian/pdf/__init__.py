# PyMuPDF ships without annotations on most methods; everything else here is strictly typed.
# mypy: disable-error-code="no-untyped-call"
"""PDF input: rebuild the articles of newspaper page PDFs from their text layer and geometry.

`pdf_reading_text` gives the PDF's lines in reading order (one page per form
feed); those are the line numbers that parsed blocks point at. Each page's
lines go with their layout evidence (`banmian.layout.LineLayout`) through the
same text pipeline as text input; the blocks then get their page and box.
See docs/pdf.md.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf

from banmian.errors import InputError
from banmian.layout import LineLayout
from banmian.model import BBox, Page, Source
from banmian.pdf.geometry import PageLayout, analyse_page
from banmian.pdf.reader import MUPDF_ERROR, first_line, open_pdf, page_graphics, read_lines, read_pdf_bytes

__all__ = ["layout_pages", "parse_pdf_document", "pdf_reading_text"]


def _layout_page(page: pymupdf.Page, number: int, name: str) -> PageLayout:
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    try:  # only MuPDF's own work is guarded: a damaged content stream fails here
        lines = read_lines(page, number)
        pictures, rules = page_graphics(page) if lines else ([], [])
        rect = page.rect
    except (RuntimeError, ValueError, MUPDF_ERROR) as exc:
        raise InputError(f"{name}: broken PDF (page {number}: {first_line(exc)})") from None
    # MuPDF reads past damage quietly; say so rather than pass off a partial page as whole
    damage = [w for w in str(pymupdf.TOOLS.mupdf_warnings(reset=True)).splitlines() if w.strip()]
    layout = PageLayout([], []) if not lines else analyse_page(
        lines, width=rect.width, height=rect.height, pictures=pictures, rules=rules)
    if damage:
        layout.warnings.append(f"page {number}: damaged PDF content ({damage[0]}; {len(damage)} messages)")
    return layout


def layout_pages(path_or_bytes: str | Path | bytes, pages: list[int] | None = None, *,
                 source: str | None = None) -> list[tuple[int, PageLayout]]:
    """(page number, lines in reading order with their layout) for each chosen page.

    InputError when the file is no readable PDF, a page number is out of range, or no
    chosen page has a text layer (a scan).
    """
    doc = open_pdf(path_or_bytes, source=source)
    name = source or (str(path_or_bytes) if not isinstance(path_or_bytes, bytes) else "<pdf>")
    try:
        numbers = pages or list(range(1, doc.page_count + 1))
        bad = [n for n in numbers if not 1 <= n <= doc.page_count]
        if bad:
            raise InputError(f"{name}: no page {bad[0]} (the PDF has {doc.page_count})")
        out: list[tuple[int, PageLayout]] = []
        for n in numbers:
            try:
                page = doc[n - 1]
            except (RuntimeError, ValueError, MUPDF_ERROR) as exc:
                raise InputError(f"{name}: broken PDF (page {n}: {first_line(exc)})") from None
            out.append((n, _layout_page(page, n, name)))
    finally:
        doc.close()
    if not any(layout.lines for _, layout in out):
        raise InputError(f"{name}: no text layer (a scanned PDF? run OCR first)")
    return out


def pdf_reading_text(path_or_bytes: str | Path | bytes, pages: list[int] | None = None, *,
                     source: str | None = None) -> str:
    """The PDF's lines in reading order, each page ending in a newline, pages separated by form feeds."""
    return "\f".join(layout.text + "\n" for _, layout in layout_pages(path_or_bytes, pages, source=source))


def _union(boxes: list[BBox]) -> BBox | None:
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def _boxes_between(layouts: list[LineLayout], first: int, last: int) -> list[BBox]:
    return [b for n in range(first, last + 1) if 1 <= n <= len(layouts) and (b := layouts[n - 1].bbox)]


def parse_pdf_document(path_or_bytes: str | Path | bytes, *, pages: list[int] | None = None,
                       source: str | None = None) -> list[Page]:
    """One `Page` per chosen PDF page; blocks and articles carry `page` and `bbox`."""
    from banmian.stages import run_text_pipeline

    if source is None and not isinstance(path_or_bytes, bytes):
        source = str(path_or_bytes)
    data, name = read_pdf_bytes(path_or_bytes, source=source)
    src = Source(path=source, sha256=hashlib.sha256(data).hexdigest(), encoding=None)
    result: list[Page] = []
    for number, layout in layout_pages(data, pages, source=name):
        page = run_text_pipeline(layout.text, page=number, source=src, layouts=layout.layouts)
        _attach_geometry(page, layout.layouts, number)
        page.warnings.extend(layout.warnings)
        if not layout.lines:
            page.warnings.append(f"page {number}: no text layer")
        result.append(page)
    return result


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
