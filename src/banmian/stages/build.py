"""Stage 7: article drafts -> the model's Article and Block objects, with clean text."""

from __future__ import annotations

import re
from typing import Final

from banmian.conventions import Conventions, load_conventions
from banmian.model import Article, Block, Byline, Dateline, LineSpan, spans_from_numbers
from banmian.stages.assemble import ArticleDraft, Unit
from banmian.stages.classify import Kind
from banmian.stages.markers import match_dateline, split_contributor_note, split_trailing_credit
from banmian.stages.spacing import fix_spacing, join_lines, strip_letter_spacing

_BULLET: Final = re.compile(r"^[■□●○◎◆◇▲△★☆▼▽]\s*")
_SUBTITLE_DASH: Final = re.compile(r"^[—－-]{1,2}\s*")


def paragraph_text(unit: Unit) -> str:
    """The paragraph's lines joined, extraction spaces removed; names keep their spaces
    until bylines, notes and credits have been read off (`clean_prose` finishes)."""
    return fix_spacing(join_lines([i.text for i in unit.infos if i.text]), stray_spaces=False)


def clean_prose(text: str) -> str:
    # running prose: spaces between ideographs are extraction noise (slogans keep theirs)
    return fix_spacing(text, stray_spaces=True) if " " in text or "\u3000" in text else text


def heading_text(unit: Unit) -> str:
    return fix_spacing(join_lines([strip_letter_spacing(i.text) for i in unit.infos]))


def _line_spans(numbers: set[int], blank: set[int]) -> list[LineSpan]:
    """Source line ranges of an article, bridging gaps that hold only blank lines."""
    spans = spans_from_numbers(numbers)
    merged: list[LineSpan] = []
    for span in spans:
        if merged and all(n in blank for n in range(merged[-1][1] + 1, span[0])):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _title_parts(draft: ArticleDraft) -> tuple[str | None, str | None, str | None]:
    """(kicker, title, subtitle) from the title units and any layout roles."""
    kicker: list[str] = []
    title: list[str] = []
    subtitle: list[str] = []
    for unit in draft.titles:
        for info in unit.infos:
            text = fix_spacing(strip_letter_spacing(info.text))
            role = info.line.layout.role if info.line.layout else None
            if role == "kicker":
                kicker.append(text)
            elif role == "subtitle" or (_SUBTITLE_DASH.match(text) and title):
                subtitle.append(_SUBTITLE_DASH.sub("", text))  # the dash introduces it
            else:
                title.append(text)
    if not title and kicker:
        title, kicker = kicker, []

    def joined(parts: list[str]) -> str | None:
        return join_lines(parts) if parts else None

    return joined(kicker), joined(title), joined(subtitle)


def build_article(
    draft: ArticleDraft, number: int, blank: set[int], conventions: Conventions | None = None
) -> Article:
    extra_datelines = (conventions or load_conventions()).dateline_patterns
    if draft.is_ad:
        return _build_ad(draft, number, blank)
    article = Article(id=f"a{number}", kind="photo" if draft.is_photo else "article")
    byline = Byline()
    owned: set[int] = set()
    for unit in draft.titles:
        owned.update([i.number for i in unit.infos])
    if draft.titles:
        article.kicker, article.title, article.subtitle = _title_parts(draft)
        title_numbers = [i.number for u in draft.titles for i in u.infos]
        article.title_lines = (min(title_numbers), max(title_numbers))

    body_units = [u for u in draft.units if u.kind is Kind.BODY]
    last_body = body_units[-1] if body_units else None
    for unit in draft.units:
        owned.update([i.number for i in unit.infos])
        span = (unit.first, unit.last)
        if unit.kind is Kind.BODY:
            first = unit.infos[0]
            if first.jump_from is not None and article.continued_from is None:
                article.continued_from = first.jump_from
            if unit.infos[-1].jump_to is not None:
                article.continued_to = unit.infos[-1].jump_to
            text = paragraph_text(unit)
            if first.dateline is not None:
                found = match_dateline(text, extra_datelines) or first.dateline
                text = text[found.end :].lstrip() if text.startswith(found.raw) else text
                if article.dateline is None:
                    article.dateline = Dateline(found.raw, found.agency, found.place, found.date, span)
                byline.merge(found.people, span)
            if unit is last_body:
                note = split_contributor_note(text)
                if note is not None:
                    text, people = note
                    byline.merge(people, (unit.last, unit.last))
            trailing = split_trailing_credit(text) if draft.is_photo else None
            if trailing is not None:
                text, credit_text, people = trailing
                byline.merge(people, (unit.last, unit.last))
            text = clean_prose(text)
            if text:
                role = first.line.layout.role if first.line.layout else None
                kind = "caption" if draft.is_photo or role == "caption" else "paragraph"
                article.blocks.append(Block(kind, text, span))
            if trailing is not None:
                article.blocks.append(Block("credit", credit_text, (unit.last, unit.last)))
        elif unit.kind in (Kind.HEADING, Kind.SECTION):
            article.blocks.append(Block("subhead", heading_text(unit), span))
        elif unit.kind is Kind.BYLINE:
            for info in unit.infos:
                byline.merge(info.people, span)
        elif unit.kind is Kind.CREDIT:
            for info in unit.infos:
                byline.merge(info.people, span)
            credit = " ".join(_BULLET.sub("", i.text) for i in unit.infos)
            article.blocks.append(Block("credit", credit, span))
        elif unit.kind is Kind.DATELINE_END:
            closing = unit.infos[0].dateline
            if closing is not None and article.dateline is None:
                article.dateline = Dateline(closing.raw, closing.agency, closing.place, closing.date, span)
                if closing.agency and not byline.agency:
                    byline.agency = closing.agency
    if not byline.is_empty():
        article.byline = byline
    article.lines = _line_spans(owned, blank)
    return article


def _build_ad(draft: ArticleDraft, number: int, blank: set[int]) -> Article:
    """An ad: no title, one paragraph block per printed line (ads have display lines,
    not paragraphs), letter-spacing removed."""
    article = Article(id=f"a{number}", kind="ad")
    owned: set[int] = set()
    for unit in draft.titles + draft.units:
        for info in unit.infos:
            owned.add(info.number)
            text = fix_spacing(strip_letter_spacing(info.text or info.line.text))
            if text:
                article.blocks.append(Block("paragraph", text, (info.number, info.number)))
    article.blocks.sort(key=lambda block: block.lines[0])
    article.lines = _line_spans(owned, blank)
    return article
