"""PDF input: generated newspaper PDFs round trip, provenance, `banmian text`, bad PDFs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from banmian.api import parse_file, parse_pdf
from banmian.cli import app
from banmian.errors import InputError
from banmian.evaluate import mean_metrics
from banmian.positioned import layout_pages, pdf_reading_text
from banmian.synth.articles import load_clean_articles
from banmian.synth.pdf import RenderedPage, merge_pdfs, render_pages
from banmian.synth.pdf_score import baseline_text_and_boxes, score_rendered
from conftest import SAMPLE_GOLD, assert_nothing_lost

runner = CliRunner()
WS = re.compile(r"\s+")


def nows(text: str | None) -> str:
    return WS.sub("", text or "")


@pytest.fixture(scope="module")
def generated() -> list[RenderedPage]:
    articles = load_clean_articles() + load_clean_articles([SAMPLE_GOLD])
    return render_pages(articles, 12, seed=2024)


@pytest.fixture(scope="module")
def scores(generated: list[RenderedPage]) -> dict[str, dict[str, float]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for page in generated:
        for reader, metrics in score_rendered(page).items():
            rows.setdefault(reader, []).append(metrics)
    return {reader: mean_metrics(values) for reader, values in rows.items()}


def write_pdf(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- the fixtures themselves ---------------------------------------------------------------


def test_generated_pages_look_like_newspaper_pages(generated: list[RenderedPage]) -> None:
    assert {p.columns for p in generated} <= set(range(4, 9))
    assert len({p.columns for p in generated}) >= 3
    stories = [s for p in generated for s in p.stories]
    assert any(s.article.kind == "photo" for s in stories)
    assert any(s.article.kind != "photo" and s.article.captions for s in stories), "no picture inside a story"
    assert any(s.continued_to for s in stories), "no story cut with a jump line"
    assert any(s.continued_from for s in stories), "no continued story"
    assert any(len(s.title_ids) >= 2 for s in stories), "no two-deck title"
    sizes = {round(p.lines[i].size) for p in generated for s in p.stories for i in s.title_ids}
    assert max(sizes) >= 2 * min(line.size for line in generated[0].lines if line.owner[0] == "article")
    assert all(p.furniture for p in generated)


def test_gold_matches_every_drawn_line_whatever_the_numbering(generated: list[RenderedPage]) -> None:
    page = generated[0]
    (_, layout), = layout_pages(page.pdf)
    boxes = [ln.bbox for ln in layout.lines]
    assert len(boxes) == len(page.lines)
    gold = page.gold_for_lines(boxes)
    reversed_gold = page.gold_for_lines(boxes[::-1])
    n = len(boxes)
    for art, rev in zip(gold["articles"], reversed_gold["articles"], strict=True):
        forward = {k for a, b in art["lines"] for k in range(a, b + 1)}
        backward = {n + 1 - k for a, b in rev["lines"] for k in range(a, b + 1)}
        assert forward == backward
    counted = sum(b - a + 1 for art in gold["articles"] for a, b in art["lines"]) + len(gold["furniture"])
    assert counted == len(page.lines)


# -- geometry and the round trip -------------------------------------------------------------


def test_geometry_finds_articles_titles_and_reading_order(scores: dict[str, dict[str, float]]) -> None:
    layout = scores["layout"]
    assert layout["seg_ari"] >= 0.98
    assert layout["title_acc"] >= 0.98
    assert layout["kind_acc"] >= 0.98
    assert layout["subhead_f1"] >= 0.98
    assert layout["para_f1"] >= 0.95
    # datelines and jump markers are left in the text for the pipeline, hence not ~0
    assert layout["body_cer"] <= 0.06


def test_pdf_parse_beats_plain_text_extraction(scores: dict[str, dict[str, float]]) -> None:
    geometry, baseline = scores["geometry"], scores["baseline"]
    assert geometry["seg_ari"] > baseline["seg_ari"]
    assert geometry["title_acc"] > baseline["title_acc"]


def test_pdf_parse_meets_the_quality_targets(scores: dict[str, dict[str, float]]) -> None:
    geometry = scores["geometry"]
    assert geometry["seg_ari"] >= 0.98
    assert geometry["title_acc"] >= 0.98
    assert geometry["body_cer"] <= 0.005


def test_baseline_boxes_number_the_plain_text(generated: list[RenderedPage]) -> None:
    text, boxes = baseline_text_and_boxes(generated[1].pdf)
    assert len(text.split("\n")) == len(boxes)
    assert all(box is not None for line, box in zip(text.split("\n"), boxes, strict=True) if line.strip())


# -- provenance --------------------------------------------------------------------------------


def test_blocks_carry_page_box_and_lines_of_banmian_text(generated: list[RenderedPage], tmp_path: Path) -> None:
    path = write_pdf(tmp_path, "two.pdf", merge_pdfs(generated[2:4]))
    pages = parse_pdf(path)
    texts = pdf_reading_text(path).split("\f")
    assert [p.page for p in pages] == [1, 2]
    with pymupdf.open(path) as doc:
        rects = [doc[i].rect for i in range(2)]
    for page, text in zip(pages, texts, strict=True):
        assert page.source.path == str(path)
        lines = text.split("\n")
        assert_nothing_lost(page, text)
        assert page.articles
        for art in page.articles:
            assert art.page == page.page and art.bbox is not None
            for block in art.blocks:
                assert block.page == page.page
                assert block.bbox is not None
                x0, y0, x1, y1 = block.bbox
                rect = rects[page.page - 1]  # type: ignore[operator]
                assert 0 <= x0 < x1 <= rect.width and 0 <= y0 < y1 <= rect.height
                ax0, ay0, ax1, ay1 = art.bbox
                assert ax0 <= x0 and ay0 <= y0 and x1 <= ax1 and y1 <= ay1
                first, last = block.lines
                source = nows("".join(lines[first - 1 : last]))
                assert nows(block.text)[:8] in source, (block.text, source)


def test_parse_file_dispatches_pdf_and_pages_option(generated: list[RenderedPage], tmp_path: Path) -> None:
    path = write_pdf(tmp_path, "three.pdf", merge_pdfs(generated[:3]))
    assert [p.page for p in parse_file(path)] == [1, 2, 3]
    assert [p.page for p in parse_pdf(path.read_bytes(), pages=[2, 3])] == [2, 3]


# -- `banmian text` ------------------------------------------------------------------------------


def test_text_command_prints_reading_order_pages(generated: list[RenderedPage], tmp_path: Path) -> None:
    path = write_pdf(tmp_path, "three.pdf", merge_pdfs(generated[:3]))
    result = runner.invoke(app, ["text", str(path)])
    assert result.exit_code == 0, result.output
    pages = result.stdout.split("\f")
    assert len(pages) == 3
    only_two = runner.invoke(app, ["text", str(path), "--pages", "2"])
    assert only_two.exit_code == 0
    assert only_two.stdout == pages[1]
    # reading order: the first story's headline comes before its body, and every drawn line once
    (_, layout), = layout_pages(generated[1].pdf)
    assert pages[1].split("\n")[:-1] == [ln.text for ln in layout.lines]
    drawn = sorted(nows(line.text) for line in generated[1].lines)
    assert sorted(nows(line) for line in pages[1].split("\n") if line.strip()) == drawn


def test_text_command_lines_are_the_parsed_lines(generated: list[RenderedPage], tmp_path: Path) -> None:
    path = write_pdf(tmp_path, "one.pdf", generated[5].pdf)
    lines = runner.invoke(app, ["text", str(path)]).stdout.split("\f")[0].split("\n")
    (page,) = parse_pdf(path)
    titled = [a for a in page.articles if a.title and a.title_lines]
    assert titled
    for art in titled:
        first, last = art.title_lines  # type: ignore[misc]
        assert nows(art.title) in nows("".join(lines[first - 1 : last]) + "".join(lines[first - 3 : first]))


# -- bad PDFs ----------------------------------------------------------------------------------


def scan_pdf() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), False)
    pix.clear_with(200)
    page.insert_image(pymupdf.Rect(50, 50, 545, 792), pixmap=pix)
    page.draw_rect(pymupdf.Rect(60, 60, 200, 200), color=(0, 0, 0))
    data: bytes = doc.tobytes()
    return data


def encrypted_pdf(generated: list[RenderedPage]) -> bytes:
    with pymupdf.open(stream=generated[0].pdf, filetype="pdf") as doc:
        data: bytes = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    return data


@pytest.mark.parametrize(
    ("kind", "message"),
    # a scan (no text layer) is read by OCR: tests/test_ocr_scan.py
    [("encrypted", "encrypted"), ("truncated", "broken"), ("garbage", "broken")],
)
@pytest.mark.parametrize("command", ["text", "parse"])
def test_bad_pdfs_give_one_line_and_status_2(
    generated: list[RenderedPage], tmp_path: Path, kind: str, message: str, command: str
) -> None:
    data = {
        "encrypted": lambda: encrypted_pdf(generated),
        "truncated": lambda: generated[0].pdf[: len(generated[0].pdf) // 3],
        "garbage": lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8,
    }[kind]()
    path = write_pdf(tmp_path, f"{kind}.pdf", data)
    result = runner.invoke(app, [command, str(path)])
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in result.output
    assert result.stdout == ""


def test_page_out_of_range_is_an_input_error(generated: list[RenderedPage], tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no page 4"):
        parse_pdf(generated[0].pdf, pages=[4])
    path = write_pdf(tmp_path, "one.pdf", generated[0].pdf)
    result = runner.invoke(app, ["text", str(path), "--pages", "2-3"])
    assert result.exit_code == 2 and "no page 2" in result.stderr


def test_a_scanned_page_among_text_pages_is_kept_empty_with_a_warning(
    generated: list[RenderedPage],
) -> None:
    with pymupdf.open(stream=generated[0].pdf, filetype="pdf") as doc, pymupdf.open(
        stream=scan_pdf(), filetype="pdf"
    ) as scan:
        doc.insert_pdf(scan)
        data = doc.tobytes()
    pages = parse_pdf(data)
    assert len(pages) == 2
    assert pages[0].articles and not pages[1].articles
    assert any("no text layer" in w for w in pages[1].warnings)


def test_scores_agree_with_the_reference_scorer_when_present(generated: list[RenderedPage], tmp_path: Path) -> None:
    from conftest import SHARED_SCORER

    if not SHARED_SCORER.exists():
        pytest.skip("reference scorer not present")
    import json
    import subprocess
    import sys

    from banmian.evaluate import score_page

    (_, layout), = layout_pages(generated[3].pdf)
    gold = generated[3].gold_for_lines([ln.bbox for ln in layout.lines])
    (page,) = parse_pdf(generated[3].pdf)
    raw = write_pdf(tmp_path, "raw.txt", layout.text.encode("utf-8"))
    gold_path = write_pdf(tmp_path, "gold.json", json.dumps(gold, ensure_ascii=False).encode("utf-8"))
    pred_path = write_pdf(tmp_path, "pred.json", page.to_json().encode("utf-8"))
    out = subprocess.run([sys.executable, str(SHARED_SCORER), str(raw), str(gold_path), str(pred_path)],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == score_page(layout.text, gold, page.to_dict())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_pdfs_parse_or_fail_with_an_input_error(generated: list[RenderedPage], data: st.DataObject) -> None:
    pdf = bytearray(generated[4].pdf)
    for _ in range(data.draw(st.integers(1, 20))):
        at = data.draw(st.integers(0, len(pdf) - 1))
        pdf[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        del pdf[data.draw(st.integers(10, len(pdf))):]
    try:
        pages = parse_pdf(bytes(pdf))
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(p.page is not None for p in pages)


def test_damaged_content_is_reported_as_a_page_warning(generated: list[RenderedPage]) -> None:
    pdf = generated[4].pdf
    warned = 0
    for at in range(len(pdf) // 3, 2 * len(pdf) // 3, len(pdf) // 12):
        damaged = pdf[:at] + b"x" * 40 + pdf[at + 40 :]
        try:
            pages = parse_pdf(damaged)
        except InputError:
            continue
        warned += any("damaged PDF content" in w for p in pages for w in p.warnings)
    assert warned
    assert not any("damaged" in w for p in parse_pdf(pdf) for w in p.warnings)
