"""Generated pages read to their generator's gold exactly: PDFs of both page generators
(`banmian.synth.pdf`, the old one, and `banmian.synth.pdf_wide`, the knob-driven one), and
OCR files made of the same pages' line boxes in the order OCR engines list lines.

The expected output is the generator's gold (`RenderedPage.gold_for_lines`: what was drawn
where, and whose it is), never the parser's: every metric the scorer prints must be perfect
(`banmian.evaluate.score_page`: segmentation, titles, body text, paragraphs, subheads, names,
datelines, jumps, kinds; the geometry alone (no text pipeline, `layout`) where the case
says so). The cases (tests/data/golden_generated_pdf.json) are the pages today's reader
reads perfectly, picked by tests/find_exact_pdf_pages.py: a regression guard on the geometry
reader and the text pipeline behind it, fast enough for every mutant of `make mutate`
(docs/testing.md). After a change to the rules, recompute the list with

    PYTHONPATH=src python tests/find_exact_pdf_pages.py

and read what it dropped (it prints each page that is no longer perfect, and why).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from banmian.evaluate import METRIC_KEYS, score_page
from banmian.geometry import read_layout
from banmian.inputs.lines import PageLines
from banmian.inputs.pdf import read_pdf_pages
from banmian.model import BBox, Source
from banmian.ocr_parse import ocr_page_lines
from banmian.positioned import parse_page_lines
from banmian.synth.articles import CleanArticle, load_clean_articles
from banmian.synth.pdf import RenderedPage, render_pages
from banmian.synth.pdf_score import layout_prediction
from banmian.synth.pdf_wide import render_wide_pages
from conftest import DATA

CASES_FILE = DATA / "golden_generated_pdf.json"
GENERATORS = ("old", "wide")
INPUTS = ("pdf", "ocr")
READERS = ("pipeline", "layout")
# What the geometry alone (`layout`: its roles and starts, no text pipeline) is held to where
# a case says so: it parses no bylines, datelines, jumps or kinds, so its body text keeps them.
LAYOUT_METRICS = ("line_coverage", "seg_ari", "title_acc", "para_f1", "subhead_f1")
DPI = 150  # an OCR file's pixels: a page scanned at 150 dpi
ENGINE_ROW = 10.0  # pixels: boxes whose tops lie this close are one row to an OCR engine


@cache
def articles() -> list[CleanArticle]:
    return load_clean_articles()


@cache
def rendered(generator: str, seed: int) -> RenderedPage:
    """Page one of the generator's pages for `seed` (each draws its own layout from the seed)."""
    if generator == "old":
        return render_pages(articles(), 1, seed=seed)[0]
    return render_wide_pages(articles(), 1, seed=seed)[0]


def engine_order(lines: list[tuple[str, BBox]]) -> list[tuple[str, BBox]]:
    """Lines in the order OCR engines (PaddleOCR and its kin) list them: by top edge, and
    among boxes whose tops lie within a row's tolerance, left to right, so that side-by-side
    columns interleave row by row."""
    out = sorted(lines, key=lambda item: (item[1][1], item[1][0]))
    for i in range(len(out) - 1):
        j = i
        while j >= 0 and abs(out[j + 1][1][1] - out[j][1][1]) < ENGINE_ROW and out[j + 1][1][0] < out[j][1][0]:
            out[j], out[j + 1] = out[j + 1], out[j]
            j -= 1
    return out


def ocr_file_of(pdf_page: PageLines) -> bytes:
    """The PDF's line boxes as an `ocr_results` file in pixels at DPI, in engine order: what an
    OCR engine that reads every character right gives (no rules, no picture boxes)."""
    scale = DPI / 72
    boxes = [(ln.text, (ln.x0 * scale, ln.y0 * scale, ln.x1 * scale, ln.y1 * scale)) for ln in pdf_page.lines]
    entries = [{"text": text, "box": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]}
               for text, (x0, y0, x1, y1) in engine_order(boxes)]
    size = {"width": round(pdf_page.width * scale), "height": round(pdf_page.height * scale)}
    return json.dumps({"ocr_results": entries, "dimensions": size}, ensure_ascii=False).encode("utf-8")


def page_lines(page: RenderedPage, kind: str) -> tuple[PageLines, Source, float]:
    """The page as the reader gets it, its Source, and the scale from its units to points."""
    (pdf_page,) = read_pdf_pages(page.pdf)
    if kind == "pdf":
        return pdf_page, Source(path="generated.pdf", sha256=None, encoding=None), 1.0
    (found,), src = ocr_page_lines(ocr_file_of(pdf_page), source="generated.json")
    return found, src, 72 / DPI


def scores(generator: str, kind: str, seed: int) -> dict[str, dict[str, float | int]]:
    """Each reader's metrics on one page against the gold written for its own lines."""
    page = rendered(generator, seed)
    found, src, scale = page_lines(page, kind)
    layout = read_layout(found)
    boxes = [(b[0] * scale, b[1] * scale, b[2] * scale, b[3] * scale) for b in (ln.bbox for ln in layout.lines)]
    gold = page.gold_for_lines(boxes)
    (parsed,) = parse_page_lines([found], src)
    texts = [ln.text for ln in layout.lines]
    return {"pipeline": score_page(layout.text, gold, parsed.to_dict()),
            "layout": score_page(layout.text, gold, layout_prediction(layout.layouts, texts))}


def misses(metrics: dict[str, float | int], keys: tuple[str, ...] = METRIC_KEYS) -> dict[str, float | int]:
    """The metrics that are not perfect (a count of articles other than the gold's, a rate
    short of 1, an error rate above 0)."""
    out: dict[str, float | int] = {}
    for key in keys:
        value = metrics[key]
        if key == "articles_gold":
            continue
        if key == "articles_pred":
            if value != metrics["articles_gold"]:
                out[key] = value
        elif key.startswith("body_cer"):
            if value != 0:
                out[key] = value
        elif value != 1:
            out[key] = value
    return out


def reader_misses(got: dict[str, dict[str, float | int]], reader: str) -> dict[str, float | int]:
    return misses(got[reader], METRIC_KEYS if reader == "pipeline" else LAYOUT_METRICS)


def load_cases() -> list[dict[str, Any]]:
    """The committed cases (none before the finder first wrote them: the coverage test fails then)."""
    if not CASES_FILE.is_file():
        return []
    data = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = data["cases"]
    return cases


def case_id(case: dict[str, Any]) -> str:
    return f"{case['input']}-{case['generator']}-{case['seed']}"


@pytest.mark.parametrize("case", load_cases(), ids=case_id)
def test_a_generated_page_reads_to_its_gold(case: dict[str, Any]) -> None:
    got = scores(case["generator"], case["input"], case["seed"])
    for reader in case["readers"]:
        missed = reader_misses(got, reader)
        assert not missed, f"{case_id(case)}: the {reader} reader misses {missed}"


def test_the_cases_cover_both_generators_and_both_inputs() -> None:
    cases = load_cases()
    for generator in GENERATORS:
        for kind in INPUTS:
            assert any(c["generator"] == generator and c["input"] == kind for c in cases), (generator, kind)
    assert all(set(c["readers"]) <= set(READERS) and "pipeline" in c["readers"] for c in cases)


def test_misses_names_each_imperfect_metric() -> None:
    perfect = {key: 1.0 for key in METRIC_KEYS} | {"articles_gold": 3, "articles_pred": 3,
                                                   "body_cer": 0.0, "body_cer_nows": 0.0}
    assert misses(perfect) == {}
    assert misses(perfect | {"articles_pred": 4, "body_cer": 0.001, "kind_acc": 0.5}) == {
        "articles_pred": 4, "body_cer": 0.001, "kind_acc": 0.5}
    assert misses(perfect | {"names_f1": 0.0}, LAYOUT_METRICS) == {}
