"""OCR files with line boxes: each format recognised by content and read to PageLines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from banmian.errors import InputError
from banmian.inputs.ocr import read_ocr

DATA = Path(__file__).parent / "data" / "ocr"
REAL_PAGES = sorted(p for p in DATA.glob("bha-*.json") if not p.name.endswith(".gold.json"))


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


FORMATS = DATA / "formats"
# Every fixture holds the same invented page: a title, a body line, a vertical heading,
# in pixels of a 900 x 1000 image (ALTO inch1200: 4 units a pixel, a 300-dpi scan).
SAME_PAGE = ["春耕时节农机忙", "本报讯近日，各地农民抢抓农时", "竖排标题"]
PIXEL_BOXES = [(100, 40, 500, 90), (100, 120, 700, 151), (800, 100, 840, 300)]
FIXTURES = {
    "paddle2.json": ("px", 1, True),
    "paddle2-label.txt": ("px", 1, False),
    "paddle3-res.json": ("px", 1, True),
    "paddle3-boxes.json": ("px", 1, True),
    "rapid1.json": ("px", 1, True),
    "rapid1-api.json": ("px", 1, True),
    "rapid3.json": ("px", 1, True),
    "ocr-results.json": ("px", 1, False),
    "hocr.html": ("px", 1, True),
    "alto2.xml": ("px", 1, True),
    "alto3-mm10.xml": ("mm10", 1, True),
    "alto4-inch1200.xml": ("inch1200", 4, True),
    "page2013.xml": ("px", 1, True),
    "page2019.xml": ("px", 1, True),
}


def test_every_fixture_is_listed() -> None:
    assert sorted(p.name for p in FORMATS.iterdir()) == sorted(FIXTURES)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_each_format_reads_the_same_page(name: str) -> None:
    unit, scale, has_scores = FIXTURES[name]
    (page,) = read_ocr((FORMATS / name).read_bytes(), source=name)
    assert page.unit == unit
    assert [ln.text.replace(" ", "") for ln in page.lines] == SAME_PAGE
    assert [ln.order for ln in page.lines] == [0, 1, 2]
    for line, box in zip(page.lines, PIXEL_BOXES, strict=True):
        assert line.bbox == pytest.approx(tuple(v * scale for v in box), abs=1.01 * scale)
    assert [ln.vertical for ln in page.lines] == [False, False, True]
    assert page.lines[0].size == pytest.approx(50 * scale, abs=scale)
    assert page.lines[2].size == pytest.approx(40 * scale, abs=scale)
    if has_scores:
        assert all(ln.confidence is not None and 0.85 <= ln.confidence <= 1 for ln in page.lines)
    else:
        assert all(ln.confidence is None for ln in page.lines)


def test_page_xml_takes_the_main_text_equiv() -> None:
    (page,) = read_ocr((FORMATS / "page2013.xml").read_bytes(), source="p.xml")
    assert page.lines[1].text == "本报讯 近日，各地农民抢抓农时"  # index 1 wins over index 2
    assert page.lines[1].confidence == pytest.approx(0.92)


def test_alto_keeps_the_files_coordinates_and_says_the_unit() -> None:
    (page,) = read_ocr((FORMATS / "alto4-inch1200.xml").read_bytes(), source="a.xml")
    assert (page.width, page.height, page.unit) == (3600.0, 4000.0, "inch1200")


def test_paddle2_multi_page_and_empty_page() -> None:
    entry = [[[0, 0], [90, 0], [90, 20], [0, 20]], ["第一页文字", 0.9]]
    pages = read_ocr(_json([[entry], None, [entry, entry]]), source="p.json")
    assert [len(p.lines) for p in pages] == [1, 0, 2]
    assert [p.number for p in pages] == [1, 2, 3]
    assert [ln.order for ln in pages[2].lines] == [0, 1]


def test_rapidocr1_result_with_elapse_pair() -> None:
    result = [[[[0, 0], [90, 0], [90, 20], [0, 20]], "一行文字", 0.93]]
    (page,) = read_ocr(_json([result, [0.1, 0.2, 0.05]]), source="r.json")
    assert [ln.text for ln in page.lines] == ["一行文字"]


def test_paddle3_list_of_pages() -> None:
    res = json.loads((FORMATS / "paddle3-boxes.json").read_text(encoding="utf-8"))
    pages = read_ocr(_json([{"res": res}, res]), source="p.json")
    assert [len(p.lines) for p in pages] == [3, 3]


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    b"<alto><Layout><Page/></Layout></alto>",
    b'<?xml version="1.0"?><!DOCTYPE PcGts [<!ENTITY x SYSTEM "file:///etc/passwd">]><PcGts>&x;</PcGts>',
])
def test_xml_with_entity_declarations_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="entit"):
        read_ocr(data, source="evil.xml")


@pytest.mark.parametrize(("data", "message"), [
    (b"<alto><Layout><Page><TextLine>", "broken XML"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "ALTO"),
    (b"<alto><Description><MeasurementUnit>furlong</MeasurementUnit></Description></alto>", "MeasurementUnit"),
    (b"<PcGts><Page><TextRegion><TextLine><TextEquiv><Unicode>x</Unicode></TextEquiv></TextLine>"
     b"</TextRegion></Page></PcGts>", "Coords"),
    (b"<html><body><div class='ocr_page'><span class='ocr_line' title='x_size 3'>x</span></div></body></html>",
     "bbox"),
    (b"a.jpg\t[{\"x\": 1}]", "text and a box"),
    (b"a.jpg\t[{\"transcription\": \"x\", \"points\": [[0, 0], [1, 0], [1, 1], [0, 1]]}]\nb.jpg\t[oops", "transcription"),
])
def test_broken_xml_and_label_files_are_one_line_errors(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        read_ocr(data, source="f")
    assert "\n" not in str(info.value)


# -- fuzz: untrusted files give pages or one InputError, nothing else ------------------------


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(
        st.sampled_from(["text", "txt", "box", "points", "score", "ocr_results", "rec_texts", "rec_polys",
                         "rec_boxes", "res", "dimensions", "width", "height", "transcription", "0", "boxes",
                         "txts"]), children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_json_values)
def test_any_json_gives_pages_or_one_input_error(value: object) -> None:
    try:
        data = json.dumps(value).encode("utf-8")
    except ValueError:
        return
    try:
        pages = read_ocr(data, source="f.json")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    for page in pages:
        assert all(ln.text and ln.text == ln.text.strip() for ln in page.lines)


_tags = st.sampled_from(["alto", "Layout", "Page", "TextLine", "String", "SP", "PcGts", "TextRegion", "Coords",
                         "TextEquiv", "Unicode", "html", "span", "div", "p"])
_attrs = st.dictionaries(st.sampled_from(["HPOS", "VPOS", "WIDTH", "HEIGHT", "CONTENT", "WC", "points", "class",
                                          "title", "imageWidth", "index", "conf"]),
                         st.sampled_from(["1", "-5", "x", "1,2 3,4 5,6", "ocr_line", "ocr_page", "bbox 1 2 30 40",
                                          "bbox 1", "0.5", "1e400", ""]), max_size=4)


@st.composite
def _xml(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(_tags)
    attrs = "".join(f' {k}="{v}"' for k, v in draw(_attrs).items())
    inner = "".join(draw(st.lists(_xml(depth + 1), max_size=3))) if depth < 3 else draw(st.text(max_size=5))
    return f"<{tag}{attrs}>{inner}</{tag}>"


@settings(max_examples=300, deadline=None)
@given(_xml(), st.booleans())
def test_any_xml_gives_pages_or_one_input_error(document: str, truncate: bool) -> None:
    data = document.encode("utf-8")
    if truncate:
        data = data[: len(data) // 2]
    try:
        read_ocr(data, source="f.xml")
    except InputError as exc:
        assert "\n" not in str(exc)
