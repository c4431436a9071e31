# PyMuPDF ships without annotations on most methods; everything else here is strictly typed.
# mypy: disable-error-code="no-untyped-call"
"""Score the PDF path on generated pages, next to a plain-text baseline.

Honest scoring: each reader's output is scored against a gold page written for
*that reader's own line numbering*. The renderer knows the box of every line it
drew and whose it is; each reader's lines are matched to the drawn lines by box
(`RenderedPage.gold_for_lines`), so the gold never depends on a reader's roles,
order or grouping. Wrong reading order shows up in body_cer, wrong grouping in
seg_ari, a wrong title in title_acc.

Three readers:
- `geometry`: `parse_pdf_document` (this package: geometry + the text pipeline);
- `layout`: the geometry's own articles, titles and paragraphs, straight from
  the `LineLayout`s, no text pipeline (what the geometry alone gets right);
- `baseline`: PyMuPDF's plain `page.get_text()` fed to `banmian.parse_text`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pymupdf

from banmian.layout import LineLayout
from banmian.model import BBox
from banmian.synth.pdf import RenderedPage

Metrics = dict[str, float | int]
# Words a warning about glyphs the reader cannot map to text would use (any of them will do).
GLYPH_WARNING_WORDS = ("glyph", "unicode", "font", "undecod", "unmapped", "cmap")
_BODY_ROLES = {"body": "paragraph", "caption": "caption", "credit": "credit", "subhead": "subhead"}


def baseline_text_and_boxes(pdf: bytes) -> tuple[str, list[BBox | None]]:
    """PyMuPDF's plain text of page 1, and the box of each of its lines."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        page = doc[0]
        text: str = page.get_text()
        boxes: list[BBox | None] = []
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", ()):
                x0, y0, x1, y1 = line["bbox"]
                boxes.append((x0, y0, x1, y1))
    lines = text.split("\n")
    if len(boxes) < len(lines):  # plain text's final newline leaves an empty last "line"
        boxes.extend([None] * (len(lines) - len(boxes)))
    return text, boxes


def layout_prediction(layouts: list[LineLayout], lines: list[str]) -> dict[str, Any]:
    """A page dict built from the geometry alone: articles, titles, paragraphs by line evidence."""
    articles: list[dict[str, Any]] = []
    furniture: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for number, (lay, text) in enumerate(zip(layouts, lines, strict=True), start=1):
        if lay.role == "furniture":
            furniture.append({"type": "header", "text": text, "lines": [number, number]})
            continue
        if lay.article_start or current is None:
            current = {"kind": "article", "title": None, "lines": [], "blocks": [], "byline": None,
                       "dateline": None, "continued_from": None}
            articles.append(current)
        current["lines"].append([number, number])
        if lay.role in ("title", "kicker", "subtitle", "byline"):
            if lay.role == "title":
                current["title"] = (current["title"] or "") + text
            continue
        block_type = _BODY_ROLES.get(lay.role or "body", "paragraph")
        blocks = current["blocks"]
        if lay.paragraph_start or not blocks or blocks[-1]["type"] != block_type:
            blocks.append({"type": block_type, "text": text, "lines": [number, number]})
        else:
            blocks[-1]["text"] += text
            blocks[-1]["lines"][1] = number
    for art in articles:
        if not art["title"] and art["blocks"] and all(b["type"] in ("caption", "credit") for b in art["blocks"]):
            art["kind"] = "photo"
    return {"articles": articles, "furniture": furniture}


def score_rendered(page: RenderedPage, readers: tuple[str, ...] = ("geometry", "layout", "baseline")
                   ) -> dict[str, Metrics]:
    """Metrics of each reader on one generated page."""
    from banmian.api import parse_text
    from banmian.evaluate import score_page
    from banmian.positioned import layout_pages, parse_pdf_document

    out: dict[str, Metrics] = {}
    if "geometry" in readers or "layout" in readers:
        (_, layout), = layout_pages(page.pdf)
        text = layout.text
        gold = page.gold_for_lines([ln.bbox for ln in layout.lines])
        if "geometry" in readers:
            (parsed,) = parse_pdf_document(page.pdf)
            out["geometry"] = score_page(text, gold, parsed.to_dict())
        if "layout" in readers:
            pred = layout_prediction(layout.layouts, [ln.text for ln in layout.lines])
            out["layout"] = score_page(text, gold, pred)
    if "baseline" in readers:
        text, boxes = baseline_text_and_boxes(page.pdf)
        gold = page.gold_for_lines(boxes)
        out["baseline"] = score_page(text, gold, parse_text(text).to_dict())
    return out


def reader_warned(page: RenderedPage) -> bool:
    """Whether the PDF reader warns about the page's glyphs (asked of pages that draw undecodable ones)."""
    from banmian.positioned import parse_pdf_document

    (parsed,) = parse_pdf_document(page.pdf)
    return any(word in warning.lower() for warning in parsed.warnings for word in GLYPH_WARNING_WORDS)


def save_rendered(page: RenderedPage, stem: Path, source: str, source_suffix: str) -> Path:
    """Write STEM.pdf, STEM.rendered.json and the page's source (STEM + source_suffix); return the PDF path."""
    pdf = stem.with_name(stem.name + ".pdf")
    pdf.write_bytes(page.pdf)
    gold = json.dumps(page.to_json(), ensure_ascii=False, indent=1) + "\n"
    stem.with_name(stem.name + ".rendered.json").write_text(gold, encoding="utf-8")
    stem.with_name(stem.name + source_suffix).write_text(source, encoding="utf-8")
    return pdf


def load_rendered_dir(folder: Path) -> list[RenderedPage]:
    """Pages saved as NAME.pdf + NAME.rendered.json (`RenderedPage.to_json`), sorted by name."""
    pages: list[RenderedPage] = []
    if not folder.is_dir():
        return pages
    for gold in sorted(folder.glob("*.rendered.json")):
        pdf = gold.with_name(gold.name.removesuffix(".rendered.json") + ".pdf")
        if pdf.is_file():
            data = json.loads(gold.read_text(encoding="utf-8"))
            pages.append(RenderedPage.from_json(data, pdf.read_bytes()))
    return pages
