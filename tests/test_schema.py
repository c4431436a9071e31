"""Every page the parser produces satisfies the banmian/page@1 JSON Schema and round-trips."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from banmian import parse_bytes, parse_text
from banmian.model import Article, Block, Byline, Dateline, Furniture, Page, Source
from banmian.render import to_jsonl
from banmian.schema import page_schema
from conftest import OCR_PAGES, SAMPLE_RAW, assert_nothing_lost

VALIDATOR = jsonschema.Draft202012Validator(page_schema())

EDGE_TEXTS = {
    "empty": "",
    "blank": "\n \n\u3000\n",
    "one-line": "标题",
    "no-final-newline": "第一行\n第二行",
    "crlf": "标题\r\n\r\n新华社北京7月2日电　正文。\r\n（下转第3版）\r\n",
    "cr": "标题\r正文第一段。\r\r正文第二段。\r",
    "jump-and-byline": "（上接第1版）\n■ 新华社记者 张三 李四\n\n正文。\n本报讯（记者 王五）今天。\n",
    "kangxi-and-spaces": "⼗⼤ 亮 相 埃 菲 尔\n有 9 个 ABC def\n",
    "punctuation-only": "。。。\n“”\n（）\n",
    "long-line": "字" * 5000,
}


def check_page(page: Page) -> dict[str, Any]:
    data = page.to_dict()
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    # What the schema cannot say: spans are ordered and lie inside the page.
    spans = [a["lines"] for a in data["articles"]]
    flat = [s for group in spans for s in group]
    flat += [b["lines"] for a in data["articles"] for b in a["blocks"]]
    flat += [f["lines"] for f in data["furniture"]]
    for first, last in flat:
        assert 1 <= first <= last <= max(data["line_count"], 1), (first, last, data["line_count"])
    # JSON round trip is lossless.
    again = Page.from_json(page.to_json())
    assert again.to_dict() == data
    assert again == page
    return data


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(page_schema())


def test_sample_page() -> None:
    text = SAMPLE_RAW.read_text(encoding="utf-8")
    page = parse_text(text, source=str(SAMPLE_RAW))
    check_page(page)
    assert_nothing_lost(page, text)


@pytest.mark.parametrize("path", OCR_PAGES, ids=lambda p: p.stem)
def test_ocr_dumps(path: Any) -> None:
    data = path.read_bytes()
    pages = parse_bytes(data, source=str(path))
    text = data.decode("utf-8-sig")
    assert len(pages) == 1
    data_out = check_page(pages[0])
    assert data_out["source"]["sha256"] and data_out["source"]["encoding"]
    assert_nothing_lost(pages[0], text)


@pytest.mark.parametrize("name", sorted(EDGE_TEXTS))
def test_edge_inputs(name: str) -> None:
    text = EDGE_TEXTS[name]
    page = parse_text(text)
    check_page(page)
    assert_nothing_lost(page, text)


def test_form_feed_pages_each_validate() -> None:
    pages = parse_bytes("第一页标题\n正文。\n\f第二页\n正文。\n\f".encode("gb18030"), source="x.txt")
    assert [p.page for p in pages] == [1, 2]
    for page in pages:
        assert check_page(page)["source"]["encoding"] == "gb18030"
    for line in to_jsonl(pages).splitlines():
        assert not list(VALIDATOR.iter_errors(json.loads(line)))


def full_page() -> Page:
    """A page that uses every field of the model, PDF-only ones included."""
    return Page(
        source=Source(path="p.pdf", sha256="0" * 64, encoding=None),
        page=3,
        line_count=9,
        articles=[
            Article(
                id="a1",
                kind="photo",
                title="标题",
                subtitle="副题",
                kicker="引题",
                title_lines=(1, 2),
                lines=[(1, 6), (8, 8)],
                byline=Byline(agency="新华社", reporters=["甲"], contributors=["乙"], photographers=["丙"],
                              lines=[(3, 3), (8, 8)]),
                dateline=Dateline(raw="新华社北京7月2日电", agency="新华社", place="北京", date="7月2日", lines=(4, 4)),
                continued_from=1,
                continued_to=4,
                blocks=[Block("caption", "图说", (5, 5), page=3, bbox=(1.0, 2.0, 3.5, 4.0)),
                        Block("credit", "丙 摄", (6, 6))],
                page=3,
                bbox=(0.0, 0.0, 100.0, 200.0),
            )
        ],
        furniture=[Furniture("page-number", "3", (9, 9))],
        warnings=["columns look interleaved"],
    )


def test_every_model_field_is_in_the_schema() -> None:
    check_page(full_page())


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.pop("warnings"),
        lambda d: d.update(extra=1),
        lambda d: d.update(schema="banmian/page@2"),
        lambda d: d["articles"][0].update(lines=[[1, 2, 3]]),
        lambda d: d["articles"][0].update(lines=[[0, 2]]),
        lambda d: d["articles"][0]["blocks"][0].pop("text"),
        lambda d: d["articles"][0]["byline"].update(reporters="甲"),
        lambda d: d["articles"][0]["dateline"].update(raw=None),
        lambda d: d["articles"][0].update(continued_from="1"),
        lambda d: d["furniture"][0].update(lines=None),
        lambda d: d["source"].update(sha256="xyz"),
    ],
)
def test_schema_rejects_broken_pages(breakage: Any) -> None:
    data = copy.deepcopy(full_page().to_dict())
    breakage(data)
    assert list(VALIDATOR.iter_errors(data))


def test_documented_example_is_valid() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "schema.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    data = json.loads(example)
    assert not list(VALIDATOR.iter_errors(data))
    assert Page.from_dict(data).to_dict() == data


def test_documented_keys_match_the_schema() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "schema.md").read_text(encoding="utf-8")
    schema = page_schema()
    objects = [schema] + [schema["$defs"][name] for name in ("source", "byline", "dateline", "block", "article", "furniture")]
    for obj in objects:
        for key in obj["properties"]:
            assert f"`{key}`" in doc, key
