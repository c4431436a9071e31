"""OCR files, page images and scanned PDFs -> Pages: their repaired positioned lines
through the same geometry reader and text pipeline as a PDF's (`banmian.positioned`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from banmian.errors import InputError
from banmian.inputs.lines import PageLines
from banmian.model import Page, Source
from banmian.positioned import parse_page_lines, reading_text


def _bytes(path_or_bytes: str | Path | bytes, source: str | None) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, bytes):
        return path_or_bytes, source or "<input>"
    from banmian.inputs.text import read_input_bytes

    return read_input_bytes(Path(path_or_bytes)), source or str(path_or_bytes)


def ocr_page_lines(path_or_bytes: str | Path | bytes, *, pages: list[int] | None = None,
                   source: str | None = None, device: str = "cpu") -> tuple[list[PageLines], Source]:
    """The repaired positioned lines of an OCR file or page image, and its Source."""
    from banmian.inputs.detect import read_positioned

    data, name = _bytes(path_or_bytes, source)
    found = read_positioned(data, source=name, pages=pages, device=device)
    if found is None:
        raise InputError(f"{name}: neither an OCR file nor a page image")
    return found, Source(path=name, sha256=hashlib.sha256(data).hexdigest(), encoding=None)


def parse_ocr_document(path_or_bytes: str | Path | bytes, *, pages: list[int] | None = None,
                       source: str | None = None, device: str = "cpu") -> list[Page]:
    """One `Page` per chosen page of an OCR file or page image."""
    found, src = ocr_page_lines(path_or_bytes, pages=pages, source=source, device=device)
    return parse_page_lines(found, src)


def scanned_pdf_lines(path_or_bytes: str | Path | bytes, *, pages: list[int] | None = None,
                      source: str | None = None, device: str = "cpu") -> tuple[list[PageLines], Source]:
    """The repaired OCR lines of each chosen page of a PDF without a text layer."""
    from banmian.inputs.ocr.repairs import repair_page
    from banmian.inputs.scan import read_scanned_pdf

    data, name = _bytes(path_or_bytes, source)
    found = read_scanned_pdf(data, source=name, pages=pages, device=device)
    return [repair_page(p) for p in found], Source(path=name, sha256=hashlib.sha256(data).hexdigest(), encoding=None)


def parse_scanned_pdf(path_or_bytes: str | Path | bytes, *, pages: list[int] | None = None,
                      source: str | None = None, device: str = "cpu") -> list[Page]:
    """One `Page` per chosen page of a PDF without a text layer, read by OCR."""
    found, src = scanned_pdf_lines(path_or_bytes, pages=pages, source=source, device=device)
    return parse_page_lines(found, src)


def ocr_reading_text(path_or_bytes: str | Path | bytes, *, pages: list[int] | None = None,
                     source: str | None = None, device: str = "cpu") -> str:
    """The lines of an OCR file or page image in reading order (`banmian text`)."""
    found, _ = ocr_page_lines(path_or_bytes, pages=pages, source=source, device=device)
    return reading_text(found)


def parse_with_texts(data: bytes, *, source: str, device: str = "cpu") -> list[tuple[Page, str]] | None:
    """(page, the text its line numbers count in) for each page of an OCR file or page
    image (OCR runs once); None for any other input. For callers that store both
    (the archive)."""
    from banmian.geometry import read_layout
    from banmian.inputs.detect import read_positioned

    found = read_positioned(data, source=source, device=device)
    if found is None:
        return None
    src = Source(path=source, sha256=hashlib.sha256(data).hexdigest(), encoding=None)
    parsed = parse_page_lines(found, src)
    return [(page, read_layout(lines).text) for page, lines in zip(parsed, found, strict=True)]
