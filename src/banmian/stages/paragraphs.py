"""Stage 5: body lines -> paragraphs, from the column's own geometry.

Between two body lines a paragraph ends when the first ends a sentence and the
geometry agrees: the first is short of the column (a last line), or the second
is short by its indent (a first line), or the page marks first lines with an
indent. A blank line in the middle of a sentence is a column break and is
bridged. Markers (datelines, jump lines) open or close paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from banmian.conventions import Conventions, load_conventions
from banmian.stages.classify import Kind, LineInfo, blank_separated
from banmian.stages.markers import SENTENCE_END_LAST, ends_clause, ends_sentence

# How much shorter than the column a line must be to count as a last line / first line.
LAST_LINE_SHORTFALL: Final = 3
FIRST_LINE_SHORTFALL: Final = 2
LOST_INDENT_SHORTFALL: Final = 3  # one character, and a half-width mark's slack
# A first line already short by its indent must be this short to also be a last line.
ONE_LINE_PARAGRAPH_SHORTFALL: Final = 7


@dataclass
class Paragraph:
    lines: list[LineInfo]

    def __init__(self, lines: list[LineInfo]) -> None:  # compiled, unlike a generated one
        self.lines = lines

    @property
    def first(self) -> int:
        return self.lines[0].number

    @property
    def last(self) -> int:
        return self.lines[-1].number


def _body_runs(infos: list[LineInfo]) -> list[list[LineInfo]]:
    runs: list[list[LineInfo]] = []
    current: list[LineInfo] = []
    for info in infos:
        if info.kind is Kind.BLANK:
            continue
        if info.kind is Kind.BODY:
            current.append(info)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _uses_indents(run: list[LineInfo]) -> bool:
    """Whether this run of text marks its paragraphs with indents (layouts differ by article)."""
    return any(info.line.indented for info in run[1:])


def _breaks_between(
    before: LineInfo,
    after: LineInfo,
    widths: dict[int, int],
    indents: bool,
    blank_style: bool,
    before_is_first: bool,
    earlier: LineInfo | None = None,
    clause_ends: str = "",
    first_line_indent: bool = True,
    bullets: str = "",
    fields: frozenset[int] = frozenset(),
) -> bool:
    if after.dateline is not None or after.jump_from is not None or before.jump_to is not None:
        return True
    if after.text and after.text[0] in bullets:
        return True  # a bullet leads an item or a paragraph: never mid-paragraph
    if after.marker_only and after.jump_to is not None:
        return False  # a `（下转第N版）` line closes the paragraph before it
    if before.marker_only:
        return True
    layout = after.line.layout
    if layout is not None:
        previous = before.line.layout
        if layout.article_start or (previous is not None and layout.role != previous.role):
            return True  # a new article, or a caption after the text: never one paragraph
        return layout.paragraph_start
    if indents and after.line.indented:
        return True  # indents mark paragraphs
    if (
        after.number - before.number > 1
        and earlier is not None
        and _display_line(before)
        and _display_line(earlier)
        and (_display_line(after) or before.number in fields)
    ):
        # a blank line between display lines (ads') ends a block, as does one after
        # display lines that end in a field (a phone number, a web address: ads print
        # them last)
        return True
    if after.number - before.number > 1 and _DATE_LINE.fullmatch(before.text.strip(" \u3000")):
        return True  # a letter's or notice's date under its signature ends it
    # a closing note may wrap onto a line of its own: `…。（参与记` / `者 张三）`
    text = before.text
    sentence_ends = ends_clause(text, clause_ends) or (
        earlier is not None and ends_clause(earlier.text + text, clause_ends)
    )
    if not sentence_ends:
        return False
    if _RUN_IN_LEAD.match(after.text):
        return True  # an item's run-in lead, set off by an em space, opens its first line
    full = max(widths.get(before.number, 0), widths.get(after.number, 0))
    shortfall_before = full - before.line.width
    if indents:
        # A block set without indent (a caption, a note) still starts after a sentence
        # that ends at a blank line or well short of the column.
        blank_between = after.number - before.number > 1
        return blank_between or shortfall_before >= 2 * LAST_LINE_SHORTFALL
    if before_is_first:
        # a first line is short by its indent already
        short_before = shortfall_before >= ONE_LINE_PARAGRAPH_SHORTFALL
    else:
        short_before = shortfall_before >= LAST_LINE_SHORTFALL
    shortfall_after = full - after.line.width
    if first_line_indent:
        short_after = shortfall_after >= FIRST_LINE_SHORTFALL
    else:
        # where the page's transcription drops indents, the first line after a line
        # that ends with a stop (not a clause mark) still holds a character less than
        # the full lines (the indent's cell, left empty)
        short_after = (
            FIRST_LINE_SHORTFALL <= shortfall_after <= LOST_INDENT_SHORTFALL
            and ends_sentence(text)
        )
    if blank_style and after.number - before.number > 1:
        # blank lines set paragraphs apart here; one after a sentence's end is a
        # paragraph break (a column break falls there only by chance)
        return True
    return short_before or short_after


# a lead phrase of a briefs item (four characters or more, no mark or space inside), then
# the em space that sets it off from the item's text: `某地新建两座公园　近日…`
_RUN_IN_LEAD: Final = re.compile(r"[^\s\u3000，。、；：！？,.;:!?（）()]{4,24}\u3000(?!\u3000)\S")
_RUNNING_TEXT_MARK: Final = re.compile(r"[，。；！？,;!?、]")
_DATE_LINE: Final = re.compile(
    r"[0-9〇零一二三四五六七八九]{2,4}\s*年\s*[0-9一二三四五六七八九十]{1,2}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*日"
)
MAX_DISPLAY_CHARS: Final = 24


def _display_line(info: LineInfo) -> bool:
    """A short line without any mark of running text: a display line (an ad's); three
    running, a blank line among them is no column break inside a sentence."""
    return len(info.text) <= MAX_DISPLAY_CHARS and _RUNNING_TEXT_MARK.search(info.text) is None


def split_paragraphs(
    infos: list[LineInfo],
    widths: dict[int, int],
    *,
    blank_style: bool | None = None,
    conventions: Conventions | None = None,
) -> list[Paragraph]:
    """`blank_style`: `blank_separated(infos)` if the caller has it already."""
    conventions = conventions or load_conventions()
    clause_ends = conventions.clause_ends
    if blank_style is None:
        blank_style = blank_separated(infos, clause_ends)
    paragraphs: list[Paragraph] = []
    for run in _body_runs(infos):
        indents = _uses_indents(run)
        # short lines before a blank line that read as a field of the page's furniture
        fields = frozenset(
            info.number
            for position, info in enumerate(run[:-1])
            if run[position + 1].number - info.number > 1
            and _display_line(info)
            and conventions.field_type(info.text) is not None
        )
        start = 0  # the current paragraph is run[start : position + 1]
        for position in _possible_breaks(run, indents, clause_ends, conventions.bullets):
            earlier = run[position - 1] if position else None
            if _breaks_between(
                run[position],
                run[position + 1],
                widths,
                indents,
                blank_style,
                position == start,
                earlier,
                clause_ends,
                conventions.first_line_indent,
                conventions.bullets,
                fields,
            ):
                paragraphs.append(Paragraph(run[start : position + 1]))
                start = position + 1
        paragraphs.append(Paragraph(run[start:]))
    return paragraphs


def _possible_breaks(run: list[LineInfo], indents: bool, clause_ends: str = "", bullets: str = "") -> list[int]:
    """The positions p at which `_breaks_between(run[p], run[p + 1], ...)` may be True.

    It is False unless a marker, a layout or an indent says otherwise, or the line may end
    a sentence (its last character can end one, or it is empty): on most lines none holds,
    which these two passes tell without a call per line.
    """
    last_characters = SENTENCE_END_LAST.union(clause_ends) if clause_ends else SENTENCE_END_LAST
    before = [
        position
        for position, info in enumerate(run[:-1])
        if not info.text
        or info.text[-1] in last_characters
        or info.jump_to is not None
        or info.marker_only
    ]
    after = [
        position
        for position, info in enumerate(run[1:])
        if info.dateline is not None
        or info.jump_from is not None
        or info.marker_only
        or info.line.layout is not None
        or (indents and info.line.indented)
        or (bullets != "" and info.text != "" and info.text[0] in bullets)
        or info.number - run[position].number > 1  # a blank line between (display lines)
    ]
    return sorted(set(before).union(after))
