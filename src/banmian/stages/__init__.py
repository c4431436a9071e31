"""The text pipeline: raw page text -> Page, through small stages.

    source_lines  text -> numbered, normalised lines with widths
    classify      lines -> kinds (furniture, bylines, datelines, jump lines, ...)
    columns       body lines -> the full column width around each
    headings      short lines set apart -> heading lines
    paragraphs    body lines -> paragraphs (column geometry, sentence ends, indents)
    assemble      paragraphs, headings, markers -> article drafts (titles placed by evidence)
    build         drafts -> Article/Block objects with clean text
    interleave    lines -> warnings about OCR column mixing

Each stage is a module with one function; this module runs them in order.
"""

from __future__ import annotations

import gc

from banmian.conventions import Conventions, resolve_conventions
from banmian.layout import LineLayout
from banmian.model import Furniture, Page, Source
from banmian.stages.assemble import build_units, group_articles
from banmian.stages.build import build_article
from banmian.stages.classify import Kind, LineInfo, blank_separated, classify_lines
from banmian.stages.columns import estimate_column_widths
from banmian.stages.headings import find_headings
from banmian.stages.interleave import detect_column_mixing
from banmian.stages.paragraphs import split_paragraphs
from banmian.stages.source_lines import read_source_lines


def run_text_pipeline(
    text: str,
    *,
    page: int | None = None,
    source: Source | None = None,
    layouts: list[LineLayout] | None = None,
    conventions: str | Conventions | None = None,
) -> Page:
    """`conventions`: a family name, a conventions file's path, or a loaded family; by
    default the family is detected from the page's text (banmian.conventions)."""
    # The stages build a tree of small objects with no reference cycles. Python's cyclic
    # collector would scan them again and again as they pile up, which makes a long page
    # cost more per character than a short one; reference counting frees them anyway.
    collecting = gc.isenabled()
    gc.disable()
    try:
        family = resolve_conventions(conventions, text)
        return _run_stages(text, page=page, source=source, layouts=layouts, conventions=family)
    finally:
        if collecting:
            gc.enable()


def _run_stages(
    text: str,
    *,
    page: int | None,
    source: Source | None,
    layouts: list[LineLayout] | None,
    conventions: Conventions,
) -> Page:
    lines = read_source_lines(text, layouts, conventions.punctuation_full_cell)
    infos = classify_lines(lines, conventions)
    widths = estimate_column_widths(infos)
    find_headings(infos, widths, conventions)
    # computed once after the headings stage (which changes line kinds) for both stages
    blank_style = blank_separated(infos, conventions.clause_ends)
    run_widths = estimate_column_widths(infos, within_runs=True)
    paragraphs = split_paragraphs(infos, run_widths, blank_style=blank_style, conventions=conventions)
    units = build_units(infos, paragraphs, conventions)
    drafts = group_articles(units, blank_style, conventions)
    # lines an article may bridge: blank ones, not those kept as furniture (a line of only
    # invisible characters reads blank but is kept, as noise)
    blank = {info.number for info in infos if info.kind is Kind.BLANK}
    articles = [build_article(draft, n, blank, conventions) for n, draft in enumerate(drafts, start=1)]
    furniture = [
        Furniture(info.furniture or "header", info.text or info.line.text, (info.number, info.number))
        for info in infos
        if info.kind is Kind.FURNITURE
    ]
    warnings = _column_mixing_warnings(infos, widths, blank_style)
    line_count = len(lines) - 1 if len(lines) > 1 and not lines[-1].raw else len(lines)
    return Page(
        articles=articles,
        furniture=furniture,
        warnings=warnings,
        source=source or Source(),
        page=page,
        line_count=line_count,
    )


def _column_mixing_warnings(infos: list[LineInfo], widths: dict[int, int], blank_style: bool) -> list[str]:
    """Warnings about OCR column mixing (interleaved or merged columns).

    A page that sets its paragraphs apart with blank lines after their sentences came
    from a reader that kept its columns apart (OCR line dumps have no blank lines): not
    checked, which also keeps the cost of a page linear in its length.
    """
    if blank_style:
        return []
    full = sorted(widths.values())
    width = full[len(full) // 2] if full else 0
    body = [(i.number, i.line.text) for i in infos if i.kind is not Kind.BLANK]
    return list(detect_column_mixing(body, width).warnings)
