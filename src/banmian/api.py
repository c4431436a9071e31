"""The library API: every shell (CLI, web, archive) goes through these functions."""

from __future__ import annotations

from pathlib import Path

from banmian.model import Page, Source
from banmian.stages import run_text_pipeline


def parse_text(text: str, *, page: int | None = None, source: str | Source | None = None) -> Page:
    """Rebuild the articles of one page of raw text (a PDF text layer, pdftotext or OCR)."""
    if isinstance(source, str):
        source = Source(path=source)
    return run_text_pipeline(text, page=page, source=source or Source())


def parse_bytes(data: bytes, *, source: str | None = None, encoding: str | None = None) -> list[Page]:
    """Decode a text dump (any common Chinese encoding) and parse each form-feed page."""
    from banmian.inputs.text import decode_pages

    return [
        parse_text(text, page=number, source=src)
        for number, text, src in decode_pages(data, path=source, encoding=encoding)
    ]


def parse_file(path: str | Path, *, encoding: str | None = None, device: str = "cpu") -> list[Page]:
    """Parse a text dump, a PDF, an OCR file with line boxes or a page image (scan); the
    kind is recognised by the content. `device` ("cpu" or "cuda") runs OCR on scans."""
    from banmian.inputs.detect import input_kind
    from banmian.inputs.text import read_input_bytes

    data = read_input_bytes(Path(path))
    kind = input_kind(data)
    if kind == "pdf":
        return parse_pdf(data, source=str(path), device=device)
    if kind in ("ocr", "image"):
        return parse_ocr(data, source=str(path), device=device)
    return parse_bytes(data, source=str(path), encoding=encoding)


def parse_pdf(
    path_or_bytes: str | Path | bytes, *, pages: list[int] | None = None, source: str | None = None,
    device: str = "cpu",
) -> list[Page]:
    """Rebuild the articles of each page of a newspaper PDF from its text layer and
    geometry; a PDF without a text layer (a scan) is read by OCR (extra `banmian[ocr]`)."""
    from banmian.errors import NoTextLayerError
    from banmian.positioned import parse_pdf_document

    try:
        return parse_pdf_document(path_or_bytes, pages=pages, source=source)
    except NoTextLayerError:
        from banmian.ocr_parse import parse_scanned_pdf

        return parse_scanned_pdf(path_or_bytes, pages=pages, source=source, device=device)


def parse_ocr(
    path_or_bytes: str | Path | bytes, *, pages: list[int] | None = None, source: str | None = None,
    device: str = "cpu",
) -> list[Page]:
    """Rebuild the articles of each page of an OCR file with line boxes (PaddleOCR,
    RapidOCR, hOCR, ALTO, PAGE XML, ...) or of a page image run through RapidOCR."""
    from banmian.ocr_parse import parse_ocr_document

    return parse_ocr_document(path_or_bytes, pages=pages, source=source, device=device)
