"""OCR files with line boxes -> `PageLines`, the format recognised by content.

    boxes     an engine's quad / box / polygon -> PositionedLine (size, vertical)
    jsonfmt   the JSON forms: PaddleOCR 2.x and 3.x, RapidOCR, `ocr_results`
    xmlfmt    hOCR, ALTO v2-v4, PAGE XML 2013/2019

`read_ocr(data, source=...)` reads any of them; `sniff_ocr(data)` says cheaply whether
bytes look like one (JSON or XML), without parsing them. Every reader numbers the lines
it keeps in the file's own entry order (`PositionedLine.order`), the provenance that
maps parsed lines back to the user's file.
"""

from __future__ import annotations

from banmian.inputs.ocr.reader import OCR_FORMATS, read_ocr, sniff_ocr

__all__ = ["OCR_FORMATS", "read_ocr", "sniff_ocr"]
