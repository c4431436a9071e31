# PyMuPDF has no type hints for these calls.
# mypy: disable-error-code="no-untyped-call"
"""The page as printed, for the facsimile view: one image per page, sized for screens.

A PDF page is rendered by PyMuPDF; a scan (a page whose `Source.path` names an image,
as OCR input has) is scaled from its own image. The image is stored with its scale
(image pixels per unit of the page's boxes: PDF points or scan pixels) so that the
web reader can draw article and block boxes on it. PNG, because PyMuPDF writes it
without another dependency; a page of text in grey and black compresses well.
"""

from __future__ import annotations

from pathlib import Path

from banmian.archive.db import PreparedImage
from banmian.inputs.stream import PageJob, PdfPagesJob
from banmian.model import Page

# The long side of a page image: wide enough to read a headline and see the columns
# on a laptop screen, small enough (a few hundred kB) to store one per page.
SCREEN_PIXELS = 1600
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".bmp", ".gif", ".jp2"})


def _fit(width: float, height: float) -> float:
    """The zoom that brings a page's long side to SCREEN_PIXELS (never enlarging by more than 3)."""
    return min(3.0, SCREEN_PIXELS / max(width, height, 1.0))


def render_pdf_page(path: str | Path, number: int) -> PreparedImage:
    """Page `number` (1-based) of a PDF as PNG; scale: pixels per PDF point."""
    import pymupdf

    doc = pymupdf.open(str(path))
    try:
        page = doc[number - 1]
        zoom = _fit(page.rect.width, page.rect.height)
        pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        return PreparedImage("image/png", pix.width, pix.height, zoom, pix.tobytes("png"))
    finally:
        doc.close()


def scale_scan(path: str | Path) -> PreparedImage:
    """A scanned page's image brought to screen size as PNG; scale: pixels per scan pixel."""
    import pymupdf

    source = pymupdf.Pixmap(str(path))
    if source.alpha:
        source = pymupdf.Pixmap(source, 0)  # drop transparency
    if source.colorspace is None or source.colorspace.n not in (1, 3):
        source = pymupdf.Pixmap(pymupdf.csRGB, source)
    zoom = min(1.0, _fit(source.width, source.height))
    if zoom < 1.0:
        scaled = pymupdf.Pixmap(source, max(1, round(source.width * zoom)), max(1, round(source.height * zoom)))
    else:
        scaled = source
    return PreparedImage("image/png", scaled.width, scaled.height, scaled.width / source.width,
                         scaled.tobytes("png"))


def page_image(job: PageJob, page: Page) -> PreparedImage | None:
    """The image of a parsed page: rendered for a PDF, scaled for a scan, None for text."""
    if isinstance(job, PdfPagesJob):
        return render_pdf_page(job.path, page.page) if page.page is not None else None
    source = page.source.path
    if source and Path(source).suffix.lower() in IMAGE_SUFFIXES and Path(source).is_file():
        return scale_scan(source)
    return None
