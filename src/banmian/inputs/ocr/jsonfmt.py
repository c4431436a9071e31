"""The JSON forms OCR engines and archives write, one reader each.

    ocr_results   {"ocr_results": [{"text", "box"}], "dimensions": {"width", "height"}}
    PaddleOCR 3.x res.json: {"rec_texts", "rec_scores", "rec_polys" | "rec_boxes", ...},
                  with or without a {"res": ...} wrapper, or a list of them (one per page)
    PaddleOCR 2.x `ocr.ocr(img)`: [[[box, [text, score]], ...], ...], one list per page
                  (None for a page without text), or one page's list alone
    RapidOCR 1.x  `engine(img)[0]`: [[box, text, score], ...] (or the (result, elapse) pair),
                  and rapidocr_api's {"0": {"rec_txt", "dt_boxes", "score"}, ...}
    RapidOCR 3.x  `output.to_json()`: [{"box", "txt", "score"}, ...]; or its fields
                  {"boxes", "txts", "scores"}

Each `_read_*` takes the parsed JSON value and returns the pages, or None when the value
is not its form (so the next reader can try); a value that is its form but broken inside
raises InputError. A box is a list of [x, y] points (a quad or polygon), or a flat
[x0, y0, x1, y1] rectangle, or a flat [x1, y1, x2, y2, ...] outline.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from banmian.errors import InputError
from banmian.inputs.lines import PageLines, Point, PositionedLine
from banmian.inputs.ocr.boxes import make_line, rect_points

_TEXT_KEYS = ("text", "txt", "transcription", "rec_txt")
_BOX_KEYS = ("box", "points", "poly", "polygon", "bbox", "dt_boxes")
_SCORE_KEYS = ("score", "confidence", "conf")


def number(value: Any) -> float | None:
    """A finite JSON number (a numeric string too: some engines write scores so), else None."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    result = float(value)
    return result if math.isfinite(result) else None


def _is_point(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 2 and not isinstance(value[0], str)
            and number(value[0]) is not None and number(value[1]) is not None)


def looks_like_box(value: Any) -> bool:
    """A list of 3+ [x, y] points, or 4 / 6+ (even) plain numbers."""
    if not isinstance(value, list) or len(value) < 3:
        return False
    if all(_is_point(p) for p in value):
        return True
    return (len(value) == 4 or (len(value) >= 6 and len(value) % 2 == 0)) and all(
        not isinstance(v, str) and number(v) is not None for v in value)


def points_of(value: Any, where: str) -> list[Point]:
    """The outline a box value gives, or InputError naming `where`."""
    if not looks_like_box(value):
        raise InputError(f"{where}: a box is not a list of [x, y] points or [x0, y0, x1, y1]")
    if _is_point(value[0]):
        return [(float(p[0]), float(p[1])) for p in value]
    flat = [float(v) for v in value]
    if len(flat) == 4:
        x0, y0, x1, y1 = flat
        return list(rect_points(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]


def page_from_lines(lines: list[PositionedLine], *, number: int, width: float | None = None,
                    height: float | None = None, unit: str = "px") -> PageLines:
    """A page of OCR lines. Without a stated size, the lines' extent with margins as
    wide as those left and above them (a page's margins are about even)."""
    if not width or width <= 0:
        width = max((ln.x1 for ln in lines), default=0.0) + max(0.0, min((ln.x0 for ln in lines), default=0.0))
    if not height or height <= 0:
        height = max((ln.y1 for ln in lines), default=0.0) + max(0.0, min((ln.y0 for ln in lines), default=0.0))
    return PageLines(number=number, width=float(width), height=float(height), lines=lines, unit=unit)


class _Entries:
    """Collects one page's lines, numbering them by the entry's index in the file."""

    def __init__(self, page: int) -> None:
        self.page = page
        self.lines: list[PositionedLine] = []

    def add(self, index: int, text: Any, box: Any, score: Any, where: str) -> None:
        if not isinstance(text, str):
            raise InputError(f"{where}: an entry's text is not a string")
        points = points_of(box, where)
        text = " ".join(text.split())  # a newline inside an entry would shift every line number
        if text:
            self.lines.append(make_line(text, points, page=self.page, order=index, confidence=number(score)))


def _entry_keys(entry: Any) -> tuple[str, str] | None:
    if not isinstance(entry, dict):
        return None
    text = next((k for k in _TEXT_KEYS if k in entry), None)
    box = next((k for k in _BOX_KEYS if k in entry), None)
    return (text, box) if text and box else None


def _dict_entries(entries: list[Any], source: str, label: str, page: int = 1) -> list[PositionedLine]:
    """Entries like {"text"|"txt"|"transcription", "box"|"points"|..., ["score"]}."""
    collected = _Entries(page)
    for index, entry in enumerate(entries):
        where = f"{source}: {label}[{index}]"
        keys = _entry_keys(entry)
        if keys is None:
            raise InputError(f"{where}: an entry needs a text and a box")
        score = next((entry[k] for k in _SCORE_KEYS if k in entry), None)
        collected.add(index, entry[keys[0]], entry[keys[1]], score, where)
    return collected.lines


def _read_ocr_results(value: Any, source: str) -> list[PageLines] | None:
    if not isinstance(value, dict) or not isinstance(value.get("ocr_results"), list):
        return None
    lines = _dict_entries(value["ocr_results"], source, "ocr_results")
    dims = value.get("dimensions")
    width = height = None
    if isinstance(dims, dict):
        width, height = number(dims.get("width")), number(dims.get("height"))
    return [page_from_lines(lines, number=1, width=width, height=height)]


def _paddle3_result(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict) and isinstance(value.get("res"), dict):
        value = value["res"]
    if isinstance(value, dict) and isinstance(value.get("rec_texts"), list) and (
            "rec_polys" in value or "rec_boxes" in value):
        return value
    return None


def _read_paddle3(value: Any, source: str) -> list[PageLines] | None:
    items = value if isinstance(value, list) and value else [value]
    results = [_paddle3_result(v) for v in items]
    if any(r is None for r in results):
        return None
    pages: list[PageLines] = []
    for number_, res in enumerate(results, start=1):
        assert res is not None
        texts = res["rec_texts"]
        boxes = res.get("rec_polys") if isinstance(res.get("rec_polys"), list) else res.get("rec_boxes")
        scores: list[Any] = res["rec_scores"] if isinstance(res.get("rec_scores"), list) else []
        if not isinstance(boxes, list) or len(boxes) != len(texts):
            raise InputError(f"{source}: rec_texts and rec_polys/rec_boxes differ in length")
        collected = _Entries(number_)
        for index, (text, box) in enumerate(zip(texts, boxes, strict=True)):
            score = scores[index] if index < len(scores) else None
            collected.add(index, text, box, score, f"{source}: rec_texts[{index}]")
        pages.append(page_from_lines(collected.lines, number=number_))
    return pages


def _is_paddle2_entry(entry: Any) -> bool:
    return (isinstance(entry, list) and len(entry) == 2 and looks_like_box(entry[0])
            and isinstance(entry[1], list | tuple) and len(entry[1]) == 2 and isinstance(entry[1][0], str))


def _paddle2_page(entries: list[Any], source: str, page: int) -> PageLines:
    collected = _Entries(page)
    for index, entry in enumerate(entries):
        where = f"{source}: page {page} entry {index}"
        if not _is_paddle2_entry(entry):
            raise InputError(f"{where}: not a [box, [text, score]] entry")
        collected.add(index, entry[1][0], entry[0], entry[1][1], where)
    return page_from_lines(collected.lines, number=page)


def _read_paddle2(value: Any, source: str) -> list[PageLines] | None:
    if not isinstance(value, list) or not value:
        return None
    if _is_paddle2_entry(value[0]):  # one page's list on its own
        return [_paddle2_page(value, source, 1)]
    if not all(p is None or (isinstance(p, list) and (not p or _is_paddle2_entry(p[0]))) for p in value):
        return None
    # [None] is PaddleOCR's result for an image without text; [[]] says nothing
    if not any(p is None or p for p in value):
        return None
    return [_paddle2_page(p or [], source, n) for n, p in enumerate(value, start=1)]


def _is_rapid1_entry(entry: Any) -> bool:
    return (isinstance(entry, list) and len(entry) == 3 and looks_like_box(entry[0])
            and isinstance(entry[1], str) and number(entry[2]) is not None)


def _read_rapid1(value: Any, source: str) -> list[PageLines] | None:
    # the (result, elapse) pair as returned, or the result alone
    if (isinstance(value, list) and len(value) == 2 and isinstance(value[0], list)
            and value[0] and _is_rapid1_entry(value[0][0]) and not _is_rapid1_entry(value[1])):
        value = value[0]
    if not isinstance(value, list) or not value or not _is_rapid1_entry(value[0]):
        return None
    collected = _Entries(1)
    for index, entry in enumerate(value):
        where = f"{source}: entry {index}"
        if not _is_rapid1_entry(entry):
            raise InputError(f"{where}: not a [box, text, score] entry")
        collected.add(index, entry[1], entry[0], entry[2], where)
    return [page_from_lines(collected.lines, number=1)]


def _read_rapid_api(value: Any, source: str) -> list[PageLines] | None:
    # rapidocr_api / rapidocr_web: {"0": {"rec_txt", "dt_boxes", "score"}, "1": ...}
    if not isinstance(value, dict) or not value or not all(k.isdigit() for k in value):
        return None
    entries = [value[k] for k in sorted(value, key=int)]
    if _entry_keys(entries[0]) is None:
        return None
    return [page_from_lines(_dict_entries(entries, source, "entry"), number=1)]


def _read_entry_list(value: Any, source: str) -> list[PageLines] | None:
    # RapidOCR 3.x to_json(): [{"box", "txt", "score"}, ...] (and the like with text/points)
    if not isinstance(value, list) or not value or _entry_keys(value[0]) is None:
        return None
    return [page_from_lines(_dict_entries(value, source, "entry"), number=1)]


def _read_rapid3_fields(value: Any, source: str) -> list[PageLines] | None:
    # RapidOCR 3.x output's fields: {"boxes": [...], "txts": [...], "scores": [...]}
    if not isinstance(value, dict) or not isinstance(value.get("txts"), list) or not isinstance(
            value.get("boxes"), list):
        return None
    texts, boxes = value["txts"], value["boxes"]
    scores: list[Any] = value["scores"] if isinstance(value.get("scores"), list) else []
    if len(texts) != len(boxes):
        raise InputError(f"{source}: txts and boxes differ in length")
    collected = _Entries(1)
    for index, (text, box) in enumerate(zip(texts, boxes, strict=True)):
        collected.add(index, text, box, scores[index] if index < len(scores) else None, f"{source}: txts[{index}]")
    return [page_from_lines(collected.lines, number=1)]


_READERS: tuple[Callable[[Any, str], list[PageLines] | None], ...] = (
    _read_ocr_results,
    _read_paddle3,
    _read_rapid3_fields,
    _read_paddle2,
    _read_rapid1,
    _read_entry_list,
    _read_rapid_api,
)


def read_json_pages(value: Any, *, source: str) -> list[PageLines] | None:
    """The pages of the first JSON form `value` is, or None when it is none of them."""
    for reader in _READERS:
        pages = reader(value, source)
        if pages is not None:
            return pages
    return None


def read_label_file(text: str, *, source: str) -> list[PageLines]:
    """PaddleOCR's label-file form (PPOCRLabel's Label.txt, the det/system results):
    one image a line, `path<TAB>[{"transcription", "points"}, ...]`; one page per line."""
    import json

    pages: list[PageLines] = []
    for row, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        _, tab, rest = raw.partition("\t")
        where = f"{source}: line {row}"
        try:
            entries = json.loads(rest) if tab else None
        except (json.JSONDecodeError, RecursionError):
            entries = None
        if not isinstance(entries, list):
            raise InputError(f"{where}: not `image<TAB>[{{\"transcription\", \"points\"}}, ...]`")
        lines = _dict_entries(entries, where, "entry", page=len(pages) + 1)
        pages.append(page_from_lines(lines, number=len(pages) + 1))
    return pages
