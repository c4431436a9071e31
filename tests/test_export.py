"""METS/ALTO export, validated against the official ALTO v4 and METS schemas (tests/data/xsd)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from banmian.cli import app
from banmian.export.mets_alto import ALTO_NS, METS_NS, XLINK_NS, export_mets_alto
from banmian.export.source_pages import read_source_pages
from banmian.inputs.sources import resolve_inputs
from conftest import DATA, SAMPLE_RAW, assert_nothing_lost

etree = pytest.importorskip("lxml.etree")

XSD = DATA / "xsd"
A = f"{{{ALTO_NS}}}"
M = f"{{{METS_NS}}}"
runner = CliRunner()


class _OfflineSchemas(etree.Resolver):  # type: ignore[misc]
    """The schemas import xlink from the Library of Congress: use the vendored copy."""

    def resolve(self, url: str, public_id: str | None, context: Any) -> Any:
        if url.endswith("/xlink.xsd") or url == "xlink.xsd":
            return self.resolve_filename(str(XSD / "xlink.xsd"), context)
        return None


def _schema(name: str) -> Any:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_OfflineSchemas())
    return etree.XMLSchema(etree.parse(str(XSD / name), parser))


@pytest.fixture(scope="module")
def alto_schema() -> Any:
    return _schema("alto-4-3.xsd")


@pytest.fixture(scope="module")
def mets_schema() -> Any:
    return _schema("mets.xsd")


def valid(schema: Any, path: Path) -> Any:
    document = etree.parse(str(path))
    assert schema.validate(document), f"{path}: {schema.error_log.last_error}"
    return document


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    from banmian.synth import load_clean_articles
    from banmian.synth.pdf import merge_pdfs, render_pages

    return merge_pdfs(render_pages(load_clean_articles(), 2, seed=11))


def line_texts(document: Any) -> list[str]:
    return ["".join(s.get("CONTENT") for s in line.iter(f"{A}String")) for line in document.iter(f"{A}TextLine")]


def export(tmp_path: Path, files: dict[str, bytes], **options: Any) -> Any:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return export_mets_alto(resolve_inputs([str(folder)]), tmp_path / "out", **options)


def test_text_page_alto_and_mets_are_valid_and_hold_every_line_once(
    tmp_path: Path, alto_schema: Any, mets_schema: Any
) -> None:
    raw = SAMPLE_RAW.read_bytes()
    report = export(tmp_path, {"xh-2024-07-03-p2.txt": raw}, paper="某报")
    assert (report.issues, report.pages, report.failed) == (1, 1, [])
    issue = tmp_path / "out" / "某报-2024-07-03"
    alto = valid(alto_schema, issue / "alto" / "0001.xml")
    text = raw.decode("utf-8")
    expected = ["".join(line.split()) for line in text.split("\n") if line.strip()]
    assert sorted(line_texts(alto)) == sorted(expected)
    assert alto.find(f".//{A}MeasurementUnit").text == "pixel"
    assert alto.find(f".//{A}TextLine").get("HPOS") is None  # a text dump has no geometry
    page = alto.find(f".//{A}Page")
    assert page.get("PRINTED_IMG_NR") == "2"
    mets = valid(mets_schema, issue / "mets.xml")
    (parsed,) = read_source_pages(raw, "x.txt")
    assert_nothing_lost(parsed.page, text)
    articles = mets.findall(f".//{M}structMap[@TYPE='LOGICAL']//{M}div[@TYPE='ARTICLE']")
    assert len(articles) == len(parsed.page.articles)
    assert [a.get("LABEL") for a in articles] == [
        a.title or a.kicker or a.subtitle for a in parsed.page.articles
    ]


def test_mets_areas_point_at_the_article_blocks(tmp_path: Path, mets_schema: Any) -> None:
    raw = SAMPLE_RAW.read_bytes()
    export(tmp_path, {"xh-2024-07-03-p2.txt": raw})
    issue = tmp_path / "out" / "unknown-2024-07-03"
    mets = valid(mets_schema, issue / "mets.xml")
    files = {f.get("ID"): f.find(f"{M}FLocat").get(f"{{{XLINK_NS}}}href") for f in mets.iter(f"{M}file")}
    altos = {fid: etree.parse(str(issue / href)) for fid, href in files.items()}
    blocks = {
        (fid, b.get("ID")): b for fid, doc in altos.items() for b in doc.iter(f"{A}TextBlock")
    }
    (parsed,) = read_source_pages(raw, "x.txt")
    articles = mets.findall(f".//{M}div[@TYPE='ARTICLE']")
    for div, article in zip(articles, parsed.page.articles, strict=True):
        areas = [area for area in div.iter(f"{M}area")]
        assert areas, article.id
        pointed = [blocks[(a.get("FILEID"), a.get("BEGIN"))] for a in areas]
        assert all(a.get("BETYPE") == "IDREF" for a in areas)
        text = "".join(s.get("CONTENT") for b in pointed for s in b.iter(f"{A}String"))
        for block in article.blocks:  # every block's text is in the blocks the article points at
            assert "".join(block.text.split()) in text
        if article.title:
            title_divs = div.findall(f"{M}div[@TYPE='TITLE']")
            assert title_divs
            title_block = blocks[(title_divs[0].find(f".//{M}area").get("FILEID"),
                                  title_divs[0].find(f".//{M}area").get("BEGIN"))]
            assert "".join(s.get("CONTENT") for s in title_block.iter(f"{A}String")).startswith(
                "".join(article.title.split())[:4]
            )
    # and the MODS of each article names its byline's people with their roles
    with_names = [a for a in parsed.page.articles if a.byline and a.byline.reporters]
    assert with_names
    mods_names = {n.text for n in mets.iter("{http://www.loc.gov/mods/v3}namePart")}
    assert set(with_names[0].byline.reporters) <= mods_names  # type: ignore[union-attr]


def test_pdf_pages_get_line_and_block_coordinates(
    tmp_path: Path, pdf_bytes: bytes, alto_schema: Any, mets_schema: Any
) -> None:
    report = export(tmp_path, {"daily-1967-03-05.pdf": pdf_bytes}, paper="某报")
    assert report.pages == 2 and not report.failed
    issue = tmp_path / "out" / "某报-1967-03-05"
    mets = valid(mets_schema, issue / "mets.xml")
    assert len(mets.findall(f".//{M}div[@TYPE='page']")) == 2
    pages = read_source_pages(pdf_bytes, "x.pdf")
    for number, source in enumerate(pages, start=1):
        alto = valid(alto_schema, issue / "alto" / f"{number:04d}.xml")
        assert alto.find(f".//{A}MeasurementUnit").text == "inch1200"
        page = alto.find(f".//{A}Page")
        assert abs(float(page.get("WIDTH")) - source.width * 1200 / 72) <= 1  # type: ignore[operator]
        for block in alto.iter(f"{A}TextBlock"):
            box = [float(block.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT")]
            for line in block.iter(f"{A}TextLine"):
                x, y, w, h = (float(line.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
                assert box[0] - 1 <= x and x + w <= box[0] + box[2] + 1
                assert box[1] - 1 <= y and y + h <= box[1] + box[3] + 1
        expected = ["".join(line.split()) for line in source.lines if line.strip()]
        assert sorted(line_texts(alto)) == sorted(expected)


def _ocr_like_page() -> Any:
    """Positioned lines in image pixels, as an OCR reader hands them over (invented text)."""
    from banmian.export.source_pages import SourcePage
    from banmian.geometry import read_layout
    from banmian.inputs.lines import PageLines, PositionedLine
    from banmian.model import Source
    from banmian.positioned import parse_page_lines

    texts = ["江城举行春季植树活动", "本报讯 记者王明 三月十二日，江城市民在", "城北新区种下树苗两千余株。",
             "活动持续到下午，参加者有学生和退休职工。", "　　园林部门说，今年还将在河岸补种。"]
    lines = []
    y = 120.0
    for order, text in enumerate(texts):
        size = 64.0 if order == 0 else 36.0
        lines.append(PositionedLine(text=text, bbox=(200.0, y, 200.0 + size * len(text), y + size), size=size,
                                    bold=order == 0, page=1, order=order))
        y += size * 1.6
    page_lines = PageLines(number=1, width=2400.0, height=3400.0, lines=lines, unit="px")
    (page,) = parse_page_lines([page_lines], Source(path="scan-1.json"))
    layout = read_layout(page_lines)
    return SourcePage(page, layout.text, boxes=[item.bbox for item in layout.layouts], width=2400.0,
                      height=3400.0, unit="px"), layout


def test_ocr_lines_keep_their_pixel_boxes(tmp_path: Path, alto_schema: Any) -> None:
    from banmian.export.mets_alto import alto_page

    source, layout = _ocr_like_page()
    element, blocks = alto_page(source, physical_number=1, page_no=None)
    path = tmp_path / "alto.xml"
    import xml.etree.ElementTree as ET

    ET.ElementTree(element).write(path, encoding="utf-8", xml_declaration=True)
    alto = valid(alto_schema, path)
    assert alto.find(f".//{A}MeasurementUnit").text == "pixel"
    page = alto.find(f".//{A}Page")
    assert (page.get("WIDTH"), page.get("HEIGHT")) == ("2400", "3400")
    by_text = {"".join(s.get("CONTENT") for s in line.iter(f"{A}String")): line for line in alto.iter(f"{A}TextLine")}
    for line in layout.lines:
        element_line = by_text["".join(line.text.split())]
        x0, y0, x1, y1 = line.bbox
        assert [int(element_line.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT")] == [
            round(x0), round(y0), round(x1) - round(x0), round(y1) - round(y0)
        ]
    assert sum(len(b.lines) for b in blocks) == len(layout.lines)


def test_an_ocr_file_is_exported_with_its_line_boxes(tmp_path: Path, alto_schema: Any, mets_schema: Any) -> None:
    pytest.importorskip("banmian.inputs.detect")
    ocr = sorted((DATA / "ocr").glob("bha-*-1.json"))[0]
    data = ocr.read_bytes()
    (source,) = read_source_pages(data, ocr.name)
    assert source.unit == "px" and source.boxes is not None
    assert_nothing_lost(source.page, source.text)
    report = export(tmp_path, {ocr.name: data, ocr.with_suffix(".txt").name: ocr.with_suffix(".txt").read_bytes()})
    assert report.pages == 2 and report.issues == 2 and not report.failed
    alto_file = tmp_path / "out" / ocr.stem / "alto" / "0001.xml"
    alto = valid(alto_schema, alto_file)
    valid(mets_schema, alto_file.parent.parent / "mets.xml")
    assert alto.find(f".//{A}MeasurementUnit").text == "pixel"
    lines = list(alto.iter(f"{A}TextLine"))
    assert len(lines) == sum(1 for line in source.lines if line.strip())
    assert all(line.get("HPOS") is not None and float(line.get("WIDTH")) > 0 for line in lines)


def test_ocr_page_text_is_exported_whole(tmp_path: Path, alto_schema: Any) -> None:
    ocr = sorted((DATA / "ocr").glob("*.txt"))[0]
    export(tmp_path, {ocr.name: ocr.read_bytes()})
    (alto_file,) = (tmp_path / "out").rglob("alto/0001.xml")
    alto = valid(alto_schema, alto_file)
    text = ocr.read_bytes().decode("utf-8")
    assert len(line_texts(alto)) == sum(1 for line in text.replace("\r\n", "\n").split("\n") if line.strip())


def test_cli_export_groups_issues_and_reports_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = SAMPLE_RAW.read_bytes()
    (folder / "paper-1967-03-05-p1.txt").write_bytes(raw)
    (folder / "paper-1967-03-05-p2.txt").write_bytes(raw.replace("新华社".encode(), "本报".encode()))
    (folder / "paper-1967-03-06-p1.txt").write_bytes(raw)
    (folder / "broken-1967-03-06-p2.txt").write_bytes(b"\x00\x01" * 40)
    result = runner.invoke(app, ["export", str(folder), "--format", "mets-alto", "-o", str(tmp_path / "out"),
                                 "--paper", "某报"])
    assert result.exit_code == 1, result.output
    assert "2 issues, 3 pages" in result.output and "broken-1967-03-06-p2.txt" in result.output
    first = etree.parse(str(tmp_path / "out" / "某报-1967-03-05" / "mets.xml"))
    assert [d.get("ORDERLABEL") for d in first.iter(f"{M}div") if d.get("TYPE") == "page"] == ["1", "2"]
    result = runner.invoke(app, ["export", str(folder), "--format", "tei", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "unknown export format" in result.output
    result = runner.invoke(app, ["export", str(folder)])
    assert result.exit_code == 2 and "-o DIR" in result.output
