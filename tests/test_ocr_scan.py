"""Scans through RapidOCR (extra `banmian[ocr]`): page images and PDFs without a text
layer. Skipped, with the reason, where the extra is not installed; `make test`
installs it (it is in the test extra)."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from banmian.api import parse_file, parse_pdf
from banmian.cli import app
from banmian.errors import InputError
from banmian.evaluate import levenshtein
from banmian.inputs.scan import read_image_pages
from conftest import assert_nothing_lost

pytest.importorskip("rapidocr", reason="RapidOCR is not installed (pip install 'banmian[ocr]')")
pytest.importorskip("onnxruntime", reason="onnxruntime is not installed (pip install 'banmian[ocr]')")

runner = CliRunner()
TITLE = "全县春耕生产全面展开"
BODY = ["本报讯 春天来了，田野里一片繁忙景象，", "农民们正在抢抓农时播种希望。今年全县", "计划种植粮食作物五十万亩。"]
VERTICAL = "春风又绿江南岸"


def page_pdf(*, vertical: bool = False) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page(width=360, height=260)
    page.insert_text((40, 50), TITLE, fontname="china-s", fontsize=22)
    for i, line in enumerate(BODY):
        page.insert_text((30, 100 + i * 20), line, fontname="china-s", fontsize=14)
    if vertical:
        for i, ch in enumerate(VERTICAL):
            page.insert_text((330, 80 + i * 20), ch, fontname="china-s", fontsize=16)
    return doc


def png(doc: pymupdf.Document, dpi: int = 150) -> bytes:
    data: bytes = doc[0].get_pixmap(dpi=dpi).tobytes("png")
    return data


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "page.png"
    path.write_bytes(png(page_pdf(vertical=True)))
    return path


def nows(text: str) -> str:
    return "".join(text.split())


def cer(gold: str, text: str) -> float:
    return levenshtein(gold, text) / max(1, len(gold))


def test_a_page_image_is_read_into_articles(scan: Path) -> None:
    (page,) = parse_file(scan)
    assert page.unit == "px" and page.line_entries is not None
    result = runner.invoke(app, ["text", str(scan)])
    assert result.exit_code == 0
    read = result.stdout.rstrip("\n").split("\n")
    # the engine's lines, in reading order: the title, then the body lines in turn
    assert cer(TITLE, read[0]) < 0.2
    body = [line for line in read if not (len(line) < 10 and cer(VERTICAL, line) < 0.3)][1:]
    assert cer(nows("".join(BODY)), nows("".join(body))) < 0.1
    assert_nothing_lost(page, result.stdout.rstrip("\n"))
    assert any(a.title and TITLE in nows(a.title) for a in page.articles)
    blocks = [b for a in page.articles for b in a.blocks]
    assert blocks and all(b.confidence is not None and 0.5 < b.confidence <= 1 for b in blocks)
    assert all(b.bbox is not None and b.bbox[2] <= 360 * 150 / 72 + 1 for b in blocks)


def test_tall_narrow_boxes_are_vertical_lines(scan: Path) -> None:
    (page,) = read_image_pages(scan.read_bytes(), source=str(scan))
    vertical = [ln for ln in page.lines if ln.vertical]
    assert len(vertical) == 1 and cer(VERTICAL, vertical[0].text) < 0.3
    assert all(not ln.vertical for ln in page.lines if ln is not vertical[0])


def test_an_image_without_text_is_an_empty_page_with_a_warning(tmp_path: Path) -> None:
    blank = pymupdf.open()
    blank.new_page(width=200, height=150)
    path = tmp_path / "blank.png"
    path.write_bytes(png(blank, 72))
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 0, result.output
    assert '"articles": []' in result.stdout and "no text found" in result.stdout


@pytest.mark.parametrize("command", ["parse", "text"])
def test_a_corrupt_image_exits_2_with_one_line(tmp_path: Path, command: str) -> None:
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    result = runner.invoke(app, [command, str(path)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "image" in result.stderr


def test_a_multi_page_tiff_gives_a_page_per_frame() -> None:
    from PIL import Image

    frames = [Image.open(io.BytesIO(png(page_pdf(), 100))).convert("RGB") for _ in range(2)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    pages = read_image_pages(buffer.getvalue(), source="two.tif", pages=[2])
    assert [p.number for p in pages] == [2] and pages[0].lines
    with pytest.raises(InputError, match="no page 3"):
        read_image_pages(buffer.getvalue(), source="two.tif", pages=[3])


def test_a_pdf_without_a_text_layer_is_read_by_ocr() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=360, height=260)
    page.insert_image(page.rect, stream=png(page_pdf(), 200))
    (parsed,) = parse_pdf(doc.tobytes())
    assert parsed.unit == "pt" and any("read by OCR" in w for w in parsed.warnings)
    from banmian.ocr_parse import scanned_pdf_lines
    from banmian.positioned import reading_text

    read = reading_text(scanned_pdf_lines(doc.tobytes())[0]).rstrip("\n").split("\n")
    assert cer(nows(TITLE + "".join(BODY)), nows("".join(read))) < 0.1
    # boxes in PDF points, where the text stands on the page
    assert all(b.bbox is not None and b.bbox[0] >= 20 and b.bbox[2] <= 360 for a in parsed.articles for b in a.blocks)


def test_device_cuda_fails_cleanly_without_a_gpu(scan: Path) -> None:
    import onnxruntime

    if "CUDAExecutionProvider" in onnxruntime.get_available_providers():
        pytest.skip("this machine has onnxruntime's CUDA provider")
    result = runner.invoke(app, ["parse", str(scan), "--device", "cuda"])
    assert result.exit_code == 2 and "CUDA" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_rules_and_pictures_are_found_in_the_image() -> None:
    from PIL import Image

    from banmian.inputs.scan import page_graphics

    doc = pymupdf.open()
    page = doc.new_page(width=400, height=500)
    page.draw_rect(pymupdf.Rect(220, 150, 360, 260), color=None, fill=(0.75, 0.75, 0.75))  # a photo
    page.draw_line((20, 60), (380, 60), width=1)  # the rule under the page head
    page.draw_line((200, 100), (200, 480), width=1)  # a column rule
    page.insert_text((30, 200), "正文文字" * 3, fontname="china-s", fontsize=12)
    image = Image.open(io.BytesIO(png(doc, 144))).convert("RGB")  # 2 pixels a point
    text_box = (50.0, 370.0, 350.0, 410.0)  # where the text is, in pixels
    pictures, rules, columns = page_graphics(image, [text_box])
    assert len(pictures) == 1
    x0, y0, x1, y1 = (v / 2 for v in pictures[0])
    assert abs(x0 - 220) < 6 and abs(y0 - 150) < 6 and abs(x1 - 360) < 6 and abs(y1 - 260) < 6
    assert [round(y / 2) for y, _, _ in rules] == [60]
    assert [round(x / 2) for x, _, _ in columns] == [200]
