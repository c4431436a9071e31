"""What an input is, by its content (never its name), and the positioned lines of the
inputs that have geometry besides PDFs: OCR files and page images.

    pdf    starts with %PDF
    image  PNG, JPEG or TIFF magic bytes: a scan, read by RapidOCR
    ocr    JSON, XML/HTML or a PaddleOCR label file that an OCR reader takes
    text   anything else: a text dump
"""

from __future__ import annotations

from banmian.errors import InputError
from banmian.inputs.lines import PageLines
from banmian.inputs.ocr import read_ocr, sniff_ocr
from banmian.inputs.ocr.repairs import repair_page
from banmian.inputs.scan import image_format, read_image_pages


def input_kind(data: bytes) -> str:
    """"pdf", "image", "ocr" or "text" (see the module's notes)."""
    if data.lstrip()[:5].startswith(b"%PDF"):
        return "pdf"
    if image_format(data):
        return "image"
    if sniff_ocr(data):
        return "ocr"
    return "text"


def select_pages(found: list[PageLines], pages: list[int] | None, source: str) -> list[PageLines]:
    """The chosen pages in the order asked; InputError for a page the file lacks."""
    if not pages:
        return found
    by_number = {p.number: p for p in found}
    missing = [n for n in pages if n not in by_number]
    if missing:
        count = f"{len(found)} page" + ("s" if len(found) != 1 else "")
        raise InputError(f"{source}: no page {missing[0]} (it has {count})")
    return [by_number[n] for n in pages]


def read_positioned(data: bytes, *, source: str, pages: list[int] | None = None,
                    device: str = "cpu") -> list[PageLines] | None:
    """The repaired OCR lines of each chosen page of an OCR file or page image; None
    when the input is neither (a PDF or a text dump)."""
    kind = input_kind(data)
    if kind == "ocr":
        found = select_pages(read_ocr(data, source=source), pages, source)
    elif kind == "image":
        found = read_image_pages(data, source=source, pages=pages, device=device)
    else:
        return None
    return [repair_page(page, padded_short_boxes=kind == "image") for page in found]
