"""OCR files, page images and scanned PDFs -> Pages: their repaired positioned lines
through the same geometry reader and text pipeline as a PDF's (`banmian.positioned`)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from banmian.errors import InputError
from banmian.inputs.lines import PageLines
from banmian.model import BBox, Page, Source, spans_from_numbers
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
    return [repair_page(p, padded_short_boxes=True) for p in found], Source(path=name, sha256=hashlib.sha256(data).hexdigest(), encoding=None)


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


def parse_with_texts(path: str, *, source: str, pages: list[int] | None = None, device: str = "cpu"
                     ) -> list[tuple[Page, str, list[BBox | None] | None]]:
    """(page, the text its line numbers count in, its lines' boxes in reading order) for
    each chosen page of an OCR file or page image, OCR run once: for callers that store
    all three (the archive)."""
    from banmian.geometry import read_layout

    found, src = ocr_page_lines(Path(path), pages=pages, source=source, device=device)
    out: list[tuple[Page, str, list[BBox | None] | None]] = []
    for page, lines in zip(parse_page_lines(found, src), found, strict=True):
        layout = read_layout(lines)
        out.append((page, layout.text, [ln.bbox for ln in layout.layouts]))
    return out


def entry_numbered(page: dict[str, Any]) -> dict[str, Any]:
    """A parsed page (dict) renumbered from its reading order to its input's entries:
    line n becomes entry `line_entries[n - 1]` + 1 (the n-th line of the `.txt` that
    lists an OCR file's entries in file order). The hand gold of OCR pages counts in
    these numbers, which no parser's reading order changes (docs/ocr.md).

    An article's lines become exactly its entries; a block, which in this numbering is
    no range (columns interleave), becomes [its first entry, its first entry], as the
    gold writes it; furniture, one item per run of consecutive entries.
    """
    entries: list[int] = page.get("line_entries") or []

    def entry(n: int) -> int:
        return entries[n - 1] + 1 if 1 <= n <= len(entries) else n

    def numbers(spans: Any) -> list[int]:
        return sorted({entry(n) for first, last in spans or [] for n in range(first, last + 1)})

    def as_spans(spans: Any) -> list[list[int]]:
        return [list(s) for s in spans_from_numbers(numbers(spans))]

    out = dict(page)
    articles = []
    for art in page.get("articles") or []:
        art = dict(art)
        art["lines"] = as_spans(art.get("lines"))
        if art.get("title_lines"):
            found = numbers([art["title_lines"]])
            art["title_lines"] = [found[0], found[-1]]
        if art.get("byline"):
            art["byline"] = {**art["byline"], "lines": as_spans(art["byline"].get("lines"))}
        if art.get("dateline") and art["dateline"].get("lines"):
            found = numbers([art["dateline"]["lines"]])
            art["dateline"] = {**art["dateline"], "lines": [found[0], found[-1]]}
        art["blocks"] = [{**b, "lines": [entry(b["lines"][0])] * 2} for b in art.get("blocks") or []]
        articles.append(art)
    out["articles"] = articles
    out["furniture"] = [{**f, "lines": span} for f in page.get("furniture") or []
                        for span in as_spans([f["lines"]])]
    out["line_count"] = max(entries, default=-1) + 1
    return out


def entry_text(lines: list[PageLines] | PageLines) -> str:
    """The page's entries in the file's order, one a line (blank where an entry had no
    text): the raw text entry numbers count in."""
    page = lines[0] if isinstance(lines, list) else lines
    by_entry: dict[int, str] = {}
    for ln in page.lines:  # a line split at a gutter gives its entry twice
        by_entry[ln.order] = by_entry.get(ln.order, "") + ln.text
    return "\n".join(by_entry.get(i, "") for i in range(max(by_entry, default=-1) + 1))


def evaluate_ocr_file(path: Path, gold: dict[str, Any]) -> dict[str, float | int] | None:
    """Metrics of an OCR file (one page) against its entry-numbered gold; None when the
    file is no OCR file or scan."""
    from banmian.evaluate import score_page
    from banmian.inputs.detect import input_kind
    from banmian.inputs.text import read_input_bytes

    data = read_input_bytes(path)
    if input_kind(data) not in ("ocr", "image"):
        return None
    found, src = ocr_page_lines(data, source=str(path))
    if len(found) != 1:
        raise InputError(f"{path}: holds {len(found)} pages; a gold file describes one page")
    (page,) = parse_page_lines(found, src)
    return score_page(entry_text(found), gold, entry_numbered(page.to_dict()))
