"""Stage 7: article drafts -> the model's Article and Block objects, with clean text."""

from __future__ import annotations

import re
from typing import Final

from banmian.conventions import Conventions, load_conventions
from banmian.model import Article, Block, Byline, Dateline, LineSpan, spans_from_numbers
from banmian.stages.assemble import ArticleDraft, Unit
from banmian.stages.classify import Kind
from banmian.stages.markers import (
    DatelineMatch,
    ends_sentence,
    match_dateline,
    split_contributor_note,
    split_report_lead,
    split_trailing_credit,
)
from banmian.stages.spacing import fix_spacing, join_lines, strip_letter_spacing

SIGNATURE_CHARS: Final = 24  # a signature or date line under a notice
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
    """`conventions` of the page's family: further dateline forms, notice heads and
    the words a reversed title may read as."""
    conventions = conventions or load_conventions()
    if draft.is_ad:
        return _build_ad(draft, number, blank, conventions)
    article = Article(id=f"a{number}", kind="photo" if draft.is_photo else "article")
    lead: str | None = None
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
            if draft.is_brief and lead is None:
                # a brief: its bullet, run-in lead phrase and dateline lead the text (read
                # before extraction spaces are taken out: a space may end the lead)
                lead, rest = split_lead(_spaced_text(unit), conventions.bullets, conventions.dateline_patterns)
                if lead is not None:
                    text = fix_spacing(rest, stray_spaces=False)
                else:
                    text = text.lstrip(conventions.bullets + " \u3000")
                if lead is not None:
                    article.title, article.title_lines = lead, (first.number, first.number)
                found_dateline = match_dateline(text, conventions.dateline_patterns)
                if found_dateline is not None and first.dateline is None and found_dateline.end < len(text):
                    first.dateline = found_dateline
            if first.dateline is not None and article.dateline is None:
                # (an item has one dateline: those of later dispatches stay in their text)
                found = (
                    match_dateline(text, conventions.dateline_patterns)
                    # (OCR spaces inside it: `本报某地 某地…电（记者 某某）`)
                    or match_dateline(fix_spacing(text, stray_spaces=True), conventions.dateline_patterns)
                    or first.dateline
                )
                cut = _prefix_end(text, found.raw)
                text = text[cut:].lstrip() if cut is not None else text
                article.dateline = Dateline(found.raw, found.agency, found.place, found.date, span)
                byline.merge(found.people, span)
                report = split_report_lead(text)
                if report is not None:
                    text, reporters = report
                    byline.merge(reporters, span)
            if unit is last_body and article.dateline is None and text.endswith(("）", ")")):
                # a dispatch's dateline run on at the end of its text: `……云。（某地廿三日電）`
                closing = _trailing_dateline(text, conventions.dateline_patterns)
                if closing is not None:
                    text = text[: len(text) - len(closing.raw)].rstrip()
                    article.dateline = Dateline(closing.raw, closing.agency, closing.place, closing.date, span)
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
    if article.title is not None and draft.titles:
        article.title = readable_title(article.title, _body_of(article), conventions)
        if _is_notice(article.title, conventions.notice_heads):
            article.kind = "notice"
            article.blocks = _notice_blocks(article.blocks, draft)
    return article


_LEAD_END: Final = re.compile(r"[：:]|[\s\u3000]+")
_WIDE_GAP: Final = re.compile("[ \u3000]{2,}")
_SENTENCE_MARK: Final = re.compile(r"[，。、；！？,;!?]")
MAX_LEAD_CHARS: Final = 24
MAX_REVERSED_TITLE: Final = 8
MIN_TURNED_WORDS: Final = 2  # words of a longer head that its text uses turned back, none printed


def split_lead(text: str, bullets: str, extra: tuple[re.Pattern[str], ...] = ()) -> tuple[str | None, str]:
    """A brief's bullet and run-in lead phrase (`■城区新增两处公园 近日…`): (lead, rest).

    The lead ends at a colon or at the last space before the text's first punctuation
    (OCR may space the lead out too), and never takes in a dateline that follows it.
    """
    text = text.lstrip(bullets + " \u3000")
    first_mark = _SENTENCE_MARK.search(text)
    limit = first_mark.start() if first_mark is not None else len(text)
    ends = [m for m in _LEAD_END.finditer(text, 0, limit) if m.start() > 0]
    cut: re.Match[str] | None = None
    for end in ends:
        if match_dateline(text[end.end() :], extra) is not None:
            cut = end  # the lead stops before a dateline
            break
        cut = end
        if end.group().strip(" \u3000") or "\u3000" in end.group():
            # a colon ends the lead, as does the em space a lead is set off by (the
            # spaces extraction leaves around digits and Latin words are narrow ones)
            break
    if cut is None:
        return None, text
    head = text[: cut.start()]
    for start in range(2, len(head)):
        # a dateline set tight after the lead: `…“暖心饭”本报讯 中午…`
        inner = match_dateline(head[start:], extra)
        if inner is not None and inner.end == len(head) - start:
            head = head[:start]
            break
    lead = head.replace(" ", "").replace("\u3000", "")
    if not 2 <= len(lead) <= MAX_LEAD_CHARS or match_dateline(text, extra) is not None:
        return None, text
    return lead, text[cut.end() :]


def readable_title(title: str, body: str, conventions: Conventions) -> str:
    """A short title as it reads: a horizontal head set right to left reaches the text
    reversed; it is turned back where only the reversed string reads as a known word or
    furniture, or shares more of the article's words than the printed one does."""
    if len(title) > MAX_REVERSED_TITLE or len(title) < 2 or not title.isalpha():
        return title
    turned = title[::-1]
    if title in conventions.known_words or conventions.field_type(title) is not None:
        return title
    if turned in conventions.known_words or conventions.field_type(turned) is not None:
        return turned
    heads = conventions.notice_heads
    if heads and _is_notice(turned, heads) and not _is_notice(title, heads):
        return turned  # a notice's head (`更名啟事`) set right to left
    printed_hits = sum(1 for i in range(len(title) - 1) if title[i : i + 2] in body)
    turned_hits = sum(1 for i in range(len(turned) - 1) if turned[i : i + 2] in body)
    # (the printed order sharing no word with the article and the turned one two: a
    # headline of a story's own words, printed right to left)
    shares_enough = turned_hits * 2 >= len(title) - 1 or (printed_hits == 0 and turned_hits >= MIN_TURNED_WORDS)
    return turned if turned_hits > printed_hits and shares_enough else title


def _spaced_text(unit: Unit) -> str:
    """A paragraph's lines joined, keeping a space where a line ended in one or the next
    opened with an indent (the end of a brief's run-in lead, as set)."""
    parts: list[str] = []
    for info in unit.infos:
        if not info.text:
            continue
        if parts and info.line.indented and not parts[-1].endswith(" "):
            parts.append(" ")
        parts.append(_with_wide_gaps(info.text, info.line.raw))
        if info.line.raw.rstrip("\r\n")[-1:] in (" ", "\u3000", "\t"):
            parts.append(" ")
    # (an em space, which sets a lead off, stays one where narrow spaces are collapsed)
    return "\u3000".join(join_lines([part]) for part in "".join(parts).split("\u3000"))


def _with_wide_gaps(text: str, raw: str) -> str:
    """A letter-spaced line (`会 闭 幕   【 本 报 讯 】   为`) with its wider gaps, the end
    of a brief's lead among them, kept as one space each."""
    parts = _WIDE_GAP.split(raw.strip())
    if len(parts) < 2:
        return text
    spaced = " ".join(join_lines([part]) for part in parts)
    same = spaced.replace(" ", "").replace("\u3000", "") == text.replace(" ", "").replace("\u3000", "")
    return spaced if same else text


def _trailing_dateline(text: str, extra: tuple[re.Pattern[str], ...]) -> DatelineMatch | None:
    """A bracketed dateline that ends the text exactly."""
    opening = max(text.rfind("（"), text.rfind("("))
    if opening <= 0:
        return None
    found = match_dateline(text[opening:], extra)
    return found if found is not None and found.end == len(text) - opening else None


def _body_of(article: Article) -> str:
    return "".join(block.text for block in article.blocks)


def _is_notice(title: str, heads: tuple[str, ...]) -> bool:
    """A title that names a notice: `启事`, `遗失声明`, `某某公司招聘`, `讣告`."""
    bare = title.strip(" \u3000【】〖〗[]")
    return (bool(heads) and bare.endswith(heads)) or bare.startswith(heads)


def _notice_blocks(blocks: list[Block], draft: ArticleDraft) -> list[Block]:
    """A notice's signature and date lines, run together as one paragraph by the
    paragraph stage (they end no sentence), become one block per line."""
    lines = {info.number: info for unit in draft.units for info in unit.infos}
    out: list[Block] = []
    for block in blocks:
        first, last = block.lines
        infos = [lines[n] for n in range(first, last + 1) if n in lines]
        if block.type == "subhead":
            out.extend(Block("paragraph", fix_spacing(info.text), (info.number, info.number)) for info in infos)
        elif block.type == "paragraph" and len(infos) > 1 and all(
            len(info.text) <= SIGNATURE_CHARS and not ends_sentence(info.text) for info in infos
        ):
            out.extend(Block("paragraph", fix_spacing(info.text), (info.number, info.number)) for info in infos)
        else:
            out.append(block)
    return out


def _build_ad(draft: ArticleDraft, number: int, blank: set[int], conventions: Conventions) -> Article:
    """An ad: no title; its display lines are blocks of their own (ads have display
    lines, not paragraphs), letter-spacing removed, except where the setting groups
    lines (`_sets_with`): a set of parallel phrases, or running text set to a measure."""
    article = Article(id=f"a{number}", kind="ad")
    owned: set[int] = set()
    lines: list[tuple[int, str]] = []
    for unit in draft.titles + draft.units:
        for info in unit.infos:
            owned.add(info.number)
            # as printed, but for the spaces of letter-spaced display lines
            text = strip_letter_spacing(info.text or info.line.text)
            if text:
                lines.append((info.number, text))
    lines.sort()
    group: list[tuple[int, str]] = []
    fields = {number for number, text in lines if conventions.field_type(text) is not None}
    for line in lines:
        # (a line that reads as a field, a phone number, stands alone)
        if group and (not _sets_with(group[-1][1], line[1]) or line[0] in fields or group[-1][0] in fields):
            article.blocks.append(_ad_block(group))
            group = []
        group.append(line)
    if group:
        article.blocks.append(_ad_block(group))
    article.lines = _line_spans(owned, blank)
    return article


MAX_PHRASE_CHARS: Final = 5
MIN_MEASURE_CHARS: Final = 7
_CLAUSE_OPENERS: Final = "，、。；：,;:"


def _sets_with(previous: str, line: str) -> bool:
    """Whether an ad's line is set in one block with the line above it: parallel phrases
    of one length (`新式傢具` / `款式齊全`, a set of four-character phrases), running text
    set to a measure (lines within a character of each other, the sentence running on),
    or a line that opens with a clause mark (the sentence above goes on)."""
    if len(previous) == len(line) <= MAX_PHRASE_CHARS:
        return True
    if line[:1] in _CLAUSE_OPENERS:
        return True
    return (
        min(len(previous), len(line)) >= MIN_MEASURE_CHARS
        and abs(len(previous) - len(line)) <= 1
        and not ends_sentence(previous)
    )


def _ad_block(group: list[tuple[int, str]]) -> Block:
    return Block("paragraph", join_lines([text for _number, text in group]), (group[0][0], group[-1][0]))


def _prefix_end(text: str, prefix: str) -> int | None:
    """Where `prefix` ends at the start of `text`, spaces aside on either side (a dateline
    read over a line break in its who-note may have a space the joined paragraph lacks)."""
    i = 0
    for ch in prefix:
        if ch.isspace():
            continue
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text) or text[i] != ch:
            return None
        i += 1
    return i
