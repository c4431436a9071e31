# PyMuPDF ships without annotations on most methods; everything else here is strictly typed.
# mypy: disable-error-code="no-untyped-call"
"""PDF input: open a PDF and read each page's text lines with boxes, sizes and weights (PyMuPDF)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pymupdf

from banmian.errors import InputError, NoTextLayerError
from banmian.inputs.lines import PageLines, PositionedLine
from banmian.model import BBox

# No images in the text dict (we read image boxes separately), keep spaces as typeset.
_TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_MEDIABOX_CLIP
_BOLD_FLAG = 16
# What the MuPDF bindings raise for damaged files (not all of it derives from RuntimeError).
MUPDF_ERROR: type[Exception] = pymupdf.mupdf.FzErrorBase
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demibold", "黑", "粗")


def read_pdf_bytes(path_or_bytes: str | Path | bytes, *, source: str | None = None) -> tuple[bytes, str]:
    """(the bytes, the name to use in messages); InputError when a path cannot be read."""
    name = source or (str(path_or_bytes) if not isinstance(path_or_bytes, bytes) else "<pdf>")
    if isinstance(path_or_bytes, bytes):
        return path_or_bytes, name
    path = Path(path_or_bytes)
    if not path.is_file():
        raise InputError(f"{name}: no such file")
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc.__class__.__name__})") from None


def open_pdf(path_or_bytes: str | Path | bytes, *, source: str | None = None) -> pymupdf.Document:
    """Open a PDF; InputError (one line) when it is missing, broken or encrypted."""
    data, name = read_pdf_bytes(path_or_bytes, source=source)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(f"{name}: not a PDF file")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError, MUPDF_ERROR) as exc:  # FileDataError and MuPDF's own errors
        raise InputError(f"{name}: broken PDF ({first_line(exc)})") from None
    try:
        if doc.is_repaired and b"%%EOF" not in data[-2048:]:
            # MuPDF rebuilds what it can of a cut-off file; half a page is no page to parse
            raise InputError(f"{name}: broken PDF (truncated: no end-of-file marker)")
        if doc.needs_pass:
            raise InputError(f"{name}: encrypted PDF (needs a password)")
        if doc.page_count == 0:
            raise InputError(f"{name}: broken PDF (no pages)")
    except (RuntimeError, ValueError, MUPDF_ERROR) as exc:
        doc.close()
        raise InputError(f"{name}: broken PDF ({first_line(exc)})") from None
    except InputError:
        doc.close()
        raise
    return doc


def first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


@lru_cache(maxsize=512)
def _is_bold(font: str, flags: int) -> bool:
    lowered = font.lower()
    return bool(flags & _BOLD_FLAG) or any(mark in lowered for mark in _BOLD_NAMES)


def read_lines(page: pymupdf.Page, number: int) -> list[PositionedLine]:
    """The page's horizontal text lines; a line with a wide gap between spans is two lines."""
    out: list[PositionedLine] = []
    # get_text without sort=True keeps the content stream's order: evidence for reading order
    data = page.get_text("dict", flags=_TEXT_FLAGS)
    for block in data["blocks"]:
        for line in block.get("lines", ()):
            spans = [s for s in line["spans"] if s["text"].strip()]
            if not spans:
                continue
            spans.sort(key=lambda s: s["bbox"][0])
            group = [spans[0]]
            for span in spans[1:]:
                gap = span["bbox"][0] - group[-1]["bbox"][2]
                if gap > 1.5 * max(span["size"], group[-1]["size"]):
                    out.append(_make_line(group, number))
                    group = []
                group.append(span)
            out.append(_make_line(group, number))
    kept = [line for line in out if line.text]
    for order, line in enumerate(kept):
        line.order = order
    return kept


def _make_line(spans: list[dict[str, Any]], number: int) -> PositionedLine:
    if len(spans) == 1:  # the common case, kept cheap
        span = spans[0]
        x0, y0, x1, y1 = span["bbox"]
        return PositionedLine(text=span["text"].strip(), bbox=(x0, y0, x1, y1), size=round(span["size"], 1),
                       bold=_is_bold(span["font"], span["flags"]), page=number)
    text = "".join(s["text"] for s in spans).strip()
    x0 = min(s["bbox"][0] for s in spans)
    y0 = min(s["bbox"][1] for s in spans)
    x1 = max(s["bbox"][2] for s in spans)
    y1 = max(s["bbox"][3] for s in spans)
    # the size (and weight) of the line is what most of its characters have
    weight: dict[float, int] = {}
    bold_chars = chars = 0
    for s in spans:
        n = len(s["text"])
        size = round(s["size"], 1)
        weight[size] = weight.get(size, 0) + n
        chars += n
        bold_chars += n if _is_bold(s["font"], s["flags"]) else 0
    size = max(weight, key=lambda k: weight[k])
    return PositionedLine(text=text, bbox=(x0, y0, x1, y1), size=size, bold=bold_chars * 2 > chars, page=number)


def page_graphics(page: pymupdf.Page) -> tuple[list[BBox], list[tuple[float, float, float]]]:
    """Picture boxes (embedded images, filled rectangles big enough to be photo frames) and
    horizontal rules as (y, x0, x1), from one pass over the page's drawings."""
    boxes: list[BBox] = []
    rules: list[tuple[float, float, float]] = []
    for image in page.get_images():  # the xref list is cheap; image rects need a lookup each
        for rect in page.get_image_rects(image[0]):
            if rect.width > 20 and rect.height > 20:
                boxes.append((rect.x0, rect.y0, rect.x1, rect.y1))
    for drawing in page.get_drawings():
        rect = drawing["rect"]
        if drawing.get("fill") is not None and rect.width > 30 and rect.height > 30:
            boxes.append((rect.x0, rect.y0, rect.x1, rect.y1))
            continue
        for item in drawing["items"]:
            if item[0] == "l":
                p, q = item[1], item[2]
                if abs(p.y - q.y) < 1.0 and abs(q.x - p.x) > 20:
                    rules.append(((p.y + q.y) / 2, min(p.x, q.x), max(p.x, q.x)))
            elif item[0] == "re":
                r = item[1]
                if r.height < 2.5 and r.width > 20:
                    rules.append(((r.y0 + r.y1) / 2, r.x0, r.x1))
    return boxes, rules


def _read_page(page: pymupdf.Page, number: int, name: str) -> PageLines:
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    try:  # only MuPDF's own work is guarded: a damaged content stream fails here
        lines = read_lines(page, number)
        pictures, rules = page_graphics(page) if lines else ([], [])
        rect = page.rect
    except (RuntimeError, ValueError, MUPDF_ERROR) as exc:
        raise InputError(f"{name}: broken PDF (page {number}: {first_line(exc)})") from None
    result = PageLines(number=number, width=rect.width, height=rect.height, lines=lines,
                       pictures=pictures, rules=rules, unit="pt")
    # MuPDF reads past damage quietly; say so rather than pass off a partial page as whole
    damage = [w for w in str(pymupdf.TOOLS.mupdf_warnings(reset=True)).splitlines() if w.strip()]
    if damage:
        result.warnings.append(f"page {number}: damaged PDF content ({damage[0]}; {len(damage)} messages)")
    if not lines:
        result.warnings.append(f"page {number}: no text layer")
    return result


def chosen_pages(doc: pymupdf.Document, pages: list[int] | None, name: str) -> list[int]:
    """The page numbers asked for (all by default); InputError for one the PDF lacks."""
    numbers = pages or list(range(1, doc.page_count + 1))
    bad = [n for n in numbers if not 1 <= n <= doc.page_count]
    if bad:
        raise InputError(f"{name}: no page {bad[0]} (the PDF has {doc.page_count})")
    return numbers


def read_pdf_pages(path_or_bytes: str | Path | bytes, pages: list[int] | None = None, *,
                   source: str | None = None) -> list[PageLines]:
    """The positioned lines of each chosen page.

    InputError when the file is no readable PDF, a page number is out of range, or no
    chosen page has a text layer (a scan).
    """
    doc = open_pdf(path_or_bytes, source=source)
    name = source or (str(path_or_bytes) if not isinstance(path_or_bytes, bytes) else "<pdf>")
    try:
        numbers = chosen_pages(doc, pages, name)
        out: list[PageLines] = []
        for n in numbers:
            try:
                page = doc[n - 1]
            except (RuntimeError, ValueError, MUPDF_ERROR) as exc:
                raise InputError(f"{name}: broken PDF (page {n}: {first_line(exc)})") from None
            out.append(_read_page(page, n, name))
    finally:
        doc.close()
    if not any(p.lines for p in out):
        raise NoTextLayerError(f"{name}: no text layer (a scanned PDF? run OCR first)")
    return out
