# PyMuPDF has no type hints for these calls.
# mypy: disable-error-code="no-untyped-call"
"""The page as printed, for the facsimile view: one image per page, sized for screens.

A PDF page is rendered by PyMuPDF; a scan (a page whose `Source.path` names an image,
as OCR input has) is scaled from its own image. The image is stored with its scale
(image pixels per unit of the page's boxes: PDF points or scan pixels) so that the
web reader can draw article and block boxes on it. WebP (Pillow, quality 75): about
half the size of PNG for a page of text, at about the same encoding cost; PNG (by
PyMuPDF alone) where Pillow is missing.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from banmian.archive.db import PreparedImage
from banmian.inputs.stream import PageJob, PdfPagesJob
from banmian.model import BBox, Page

# Lines whose heights differ by more than this share are set in different sizes.
SIZE_TOLERANCE = 0.25

# The long side of a page image: wide enough to read a headline and see the columns
# on a laptop screen, small enough (a few hundred kB) to store one per page.
SCREEN_PIXELS = 1600
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".bmp", ".gif", ".jp2"})


def _fit(width: float, height: float) -> float:
    """The zoom that brings a page's long side to SCREEN_PIXELS (never enlarging by more than 3)."""
    return min(3.0, SCREEN_PIXELS / max(width, height, 1.0))


# The width of the thumbnail in an issue's list of pages (版面目录).
THUMB_PIXELS = 360
# WebP quality: text stays sharp at the screen size; method 2 of 0-6 keeps encoding
# about as fast as PNG (a text page: about 80 ms, 260 kB, against 70 ms, 540 kB for PNG).
WEBP_QUALITY = 75
WEBP_METHOD = 2


def encode(pix: Any) -> tuple[str, bytes]:
    """(media type, bytes) of a PyMuPDF pixmap (grey or RGB): WebP, or PNG without Pillow."""
    try:
        from PIL import Image
    except ImportError:
        return "image/png", bytes(pix.tobytes("png"))
    image = Image.frombytes("L" if pix.n == 1 else "RGB", (pix.width, pix.height), pix.samples)
    out = io.BytesIO()
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return "image/webp", out.getvalue()


def render_pdf_page(path: str | Path, number: int) -> PreparedImage:
    """Page `number` (1-based) of a PDF as an image; scale: pixels per PDF point."""
    import pymupdf

    doc = pymupdf.open(str(path))
    try:
        page = doc[number - 1]
        zoom = _fit(page.rect.width, page.rect.height)
        pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        media_type, data = encode(pix)
        return PreparedImage(media_type, pix.width, pix.height, zoom, data, thumbnail=thumbnail(pix))
    finally:
        doc.close()


def scale_scan(path: str | Path) -> PreparedImage:
    """A scanned page's image brought to screen size; scale: pixels per scan pixel."""
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
    media_type, data = encode(scaled)
    return PreparedImage(media_type, scaled.width, scaled.height, scaled.width / source.width, data,
                         thumbnail=thumbnail(scaled))


def thumbnail(pix: Any) -> bytes:
    """The page at THUMB_PIXELS wide, in the page image's format (a list of an issue's
    pages shows a dozen of them: a few kB each instead of a few hundred)."""
    import pymupdf

    width = min(THUMB_PIXELS, pix.width)
    small = pymupdf.Pixmap(pix, width, max(1, round(pix.height * width / pix.width)))
    return encode(small)[1]


def page_image(job: PageJob, page: Page) -> PreparedImage | None:
    """The image of a parsed page: rendered for a PDF, scaled for a scan, None for text."""
    if isinstance(job, PdfPagesJob):
        return render_pdf_page(job.path, page.page) if page.page is not None else None
    source = page.source.path
    if source and Path(source).suffix.lower() in IMAGE_SUFFIXES and Path(source).is_file():
        return scale_scan(source)
    return None


def line_regions(boxes: Sequence[BBox]) -> list[BBox]:
    """Line boxes in reading order, merged into one box per stretch of one column.

    The region of an article (or a block) on the page: the lines of one column, set in
    one size, are one rectangle (short and indented lines included); a jump to another
    column or a line of another size (a headline over several columns) starts another.
    Unlike the union of all its lines, such regions do not cover the neighbouring
    articles of an L-shaped or multi-column story.
    """
    regions: list[BBox] = []
    last_height = 0.0
    for box in boxes:
        height = max(box[3] - box[1], 1.0)
        if regions:
            x0, y0, x1, y1 = regions[-1]
            same_size = abs(height - last_height) <= SIZE_TOLERANCE * max(height, last_height)
            # The column's left edge (an indent of a few characters allowed), or inside it.
            aligned = abs(box[0] - x0) <= 3 * height or (box[0] >= x0 - height and box[2] <= x1 + height)
            below = box[1] >= y1 - 0.5 * height and box[1] - y1 <= 1.5 * height
            if same_size and aligned and below:
                regions[-1] = (min(x0, box[0]), y0, max(x1, box[2]), max(y1, box[3]))
                last_height = height
                continue
        regions.append(box)
        last_height = height
    return regions


def page_regions(page: Page, line_boxes: Sequence[BBox | None]) -> str:
    """JSON: for each article (page order), its regions, and the regions of each of its blocks."""

    def boxes(spans: Sequence[tuple[int, int]]) -> list[BBox]:
        found = []
        for first, last in spans:
            for n in range(first, last + 1):
                if 1 <= n <= len(line_boxes) and (box := line_boxes[n - 1]) is not None:
                    found.append(box)
        return found

    def rounded(regions: list[BBox]) -> list[list[float]]:
        return [[round(v, 1) for v in box] for box in regions]

    out = {
        "articles": [rounded(line_regions(boxes(article.lines))) for article in page.articles],
        "blocks": [[rounded(line_regions(boxes([block.lines]))) for block in article.blocks]
                   for article in page.articles],
    }
    return json.dumps(out, separators=(",", ":"))
