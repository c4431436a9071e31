"""Which OCR format a file is, by its content, and the reader for it."""

from __future__ import annotations

import json
import re
from typing import Any

from banmian.errors import InputError
from banmian.inputs.lines import PageLines

# What `read_ocr` reads, for messages about files it cannot.
OCR_FORMATS = ("PaddleOCR 2.x/3.x JSON or label file, RapidOCR 1.x/3.x JSON, "
               "ocr_results JSON, hOCR, ALTO v2-v4, PAGE XML")

_BOM = b"\xef\xbb\xbf"
# The start of a JSON document an OCR tool writes: an object with a key, or an array
# of arrays/objects/strings. A text dump that merely opens with "[" (a "[1]" note
# number, "[图]") does not look like this.
_JSON_START = re.compile(rb"^(\{\s*[\"}]|\[\s*[\[{\"\]n])")
# An XML or HTML document: a declaration, a doctype, a comment or an ASCII-named tag.
_XML_START = re.compile(rb"^<(\?xml|!DOCTYPE|!--|[A-Za-z][\w.-]*(:[\w.-]+)?[\s>/])", re.IGNORECASE)
# PaddleOCR's label file: `image path<TAB>[{"transcription": ...`
_LABEL_START = re.compile(rb"^[^\t\n]+\t\[\s*(\{|\])")


def _head(data: bytes) -> bytes:
    return data[:4096].removeprefix(_BOM).lstrip()


def sniff_ocr(data: bytes) -> str | None:
    """"json", "xml" or "label" when the bytes look like a structured file an OCR
    reader should take, else None (a text dump). Looks only at the first bytes."""
    head = _head(data)
    if _JSON_START.match(head):
        return "json"
    if _XML_START.match(head):
        return "xml"
    if _LABEL_START.match(head):
        return "label"
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
    if kind == "xml":
        from banmian.inputs.ocr.xmlfmt import read_xml_pages

        return read_xml_pages(data.removeprefix(_BOM), source=source, formats=OCR_FORMATS)
    if kind == "label":
        from banmian.inputs.ocr.jsonfmt import read_label_file

        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{source}: PaddleOCR label file that is not UTF-8") from None
        return read_label_file(text, source=source)
    raise InputError(f"{source}: not an OCR file banmian reads ({OCR_FORMATS})")


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8"
    return "nested too deeply"
