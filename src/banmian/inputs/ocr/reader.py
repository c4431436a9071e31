"""Which OCR format a file is, by its content, and the reader for it."""

from __future__ import annotations

import json
from typing import Any

from banmian.errors import InputError
from banmian.inputs.lines import PageLines

# What `read_ocr` reads, for messages about files it cannot.
OCR_FORMATS = "OCR JSON with line boxes (ocr_results)"

_BOM = b"\xef\xbb\xbf"


def _head(data: bytes) -> bytes:
    return data[:4096].removeprefix(_BOM).lstrip()


def sniff_ocr(data: bytes) -> str | None:
    """"json" or "xml" when the bytes look like a structured file an OCR reader should
    try, else None (a text dump). Cheap: looks only at the first bytes."""
    head = _head(data)
    if head[:1] in (b"{", b"["):
        return "json"
    return None


def read_ocr(data: bytes, *, source: str) -> list[PageLines]:
    """The pages of an OCR file; InputError (one line) when it is no format we read."""
    kind = sniff_ocr(data)
    if kind == "json":
        from banmian.inputs.ocr.jsonfmt import read_json_pages

        try:
            value: Any = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise InputError(f"{source}: broken JSON ({_reason(exc)}); banmian reads {OCR_FORMATS}") from None
        pages = read_json_pages(value, source=source)
        if pages is None:
            raise InputError(f"{source}: JSON that is no OCR format banmian reads ({OCR_FORMATS})")
        return pages
    raise InputError(f"{source}: not an OCR file banmian reads ({OCR_FORMATS})")


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8"
    return "nested too deeply"
