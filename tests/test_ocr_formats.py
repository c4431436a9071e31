"""OCR files with line boxes: each format recognised by content and read to PageLines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from banmian.errors import InputError
from banmian.inputs.ocr import read_ocr

DATA = Path(__file__).parent / "data" / "ocr"
REAL_PAGES = sorted(DATA.glob("bha-*.json"))


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def test_ocr_results_form_gives_pixel_lines_in_entry_order() -> None:
    data = _json({
        "ocr_results": [
            {"text": "第一行标题", "box": [[100, 50], [400, 52], [400, 102], [100, 100]]},
            {"text": "  ", "box": [[0, 0], [1, 0], [1, 1], [0, 1]]},
            {"text": "竖排标题文字", "box": [[900, 100], [960, 100], [960, 460], [900, 460]]},
            {"text": "正文", "box": [[100, 200], [140, 200], [140, 220], [100, 220]], "score": 0.9},
        ],
        "dimensions": {"width": 1000, "height": 1400},
    })
    (page,) = read_ocr(data, source="p.json")
    assert (page.width, page.height, page.unit) == (1000.0, 1400.0, "px")
    assert [ln.text for ln in page.lines] == ["第一行标题", "竖排标题文字", "正文"]
    # order is the entry's index in the file: the blank entry 1 is skipped, not renumbered
    assert [ln.order for ln in page.lines] == [0, 2, 3]
    title, vertical, body = page.lines
    assert title.bbox == (100.0, 50.0, 400.0, 102.0)
    assert title.size == pytest.approx(50.0, abs=1)  # the extent across the line, not the tilted bbox
    assert title.polygon is not None and len(title.polygon) == 4
    assert not title.vertical and vertical.vertical
    assert vertical.size == pytest.approx(60.0)  # a vertical line's size is its width
    assert body.confidence == pytest.approx(0.9) and title.confidence is None


def test_single_tall_character_is_not_vertical() -> None:
    data = _json({"ocr_results": [{"text": "谈", "box": [[0, 0], [40, 0], [40, 90], [0, 90]]}]})
    (page,) = read_ocr(data, source="p.json")
    assert not page.lines[0].vertical
    # without dimensions the page is the lines' extent
    assert (page.width, page.height) == (40.0, 90.0)


@pytest.mark.parametrize("path", REAL_PAGES, ids=lambda p: p.stem)
def test_real_pages_keep_every_entry(path: Path) -> None:
    (page,) = read_ocr(path.read_bytes(), source=str(path))
    texts = path.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    assert [ln.text for ln in page.lines] == [t.strip() for t in texts if t.strip()]
    assert all(0 <= ln.x0 < ln.x1 <= page.width + 5 and 0 <= ln.y0 < ln.y1 <= page.height + 5 for ln in page.lines)


@pytest.mark.parametrize("value", [{"ocr_results": [{"text": "字", "box": [[0, 0], [1]]}]},
                                   {"ocr_results": [{"text": 5, "box": []}]},
                                   {"ocr_results": [{"text": "字", "box": "0,0,1,1"}]}])
def test_broken_entries_are_one_line_errors(value: object) -> None:
    with pytest.raises(InputError) as info:
        read_ocr(_json(value), source="bad.json")
    assert "\n" not in str(info.value) and "bad.json" in str(info.value)


@pytest.mark.parametrize("data", [b'{"title": "not ocr"}', b"[1, 2, 3]", b'{"broken": '])
def test_json_that_is_no_ocr_format_names_the_formats(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        read_ocr(data, source="x.json")
    message = str(info.value)
    assert "\n" not in message and "ocr_results" in message
