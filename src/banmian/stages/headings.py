"""Stage 4: find heading lines (titles, decks, subheads) among the body lines.

A heading is short, does not end a sentence, and stands apart from the running
text: set off by blank lines, or clearly shorter than the column in the middle
of the text flow, after a sentence has ended. Whether a heading is an article's
title or a subhead inside it is decided later, from the articles around it.
"""

from __future__ import annotations

import itertools
import re
from typing import Final

from banmian.conventions import Conventions, load_conventions
from banmian.model import Byline
from banmian.stages.assemble import bigrams
from banmian.stages.classify import Kind, LineInfo, blank_separated
from banmian.stages.columns import measure, other_column
from banmian.stages.markers import (
    CONTINUING_END,
    CONTRIBUTOR_NOTE_RE,
    SENTENCE_END_LAST,
    ends_clause,
    ends_sentence,
)
from banmian.stages.textwidth import display_width

MAX_HEADING_LINES: Final = 5  # kicker, a title over two lines, a subtitle over two
MAX_HEADING_CHARS: Final = 40
FIRST_LINE_INDENT: Final = 5  # two ideographs of indent, and some slack
MEASURE_LINES: Final = 3  # lines of text that tell the measure they are set in
TEXT_AHEAD_LINES: Final = 6  # lines read ahead to tell the measure of the text after a heading
OLD_HEADING_SHORTFALL: Final = 4  # two characters short of an old column
KEPT_INDENT_CELL: Final = 2  # one character: a first line's indent the transcription kept empty
_SHORT_EXCLAMATION: Final = re.compile(r"^[^。；]{2,18}[！!？?][”’」』]?$")
_PAIRS: Final = (("“", "”"), ("《", "》"), ("（", "）"), ("‘", "’"), ("「", "」"))
_PAIR_MARK: Final = re.compile("[" + "".join(a + b for a, b in _PAIRS) + "]")
_FRAGMENT_MARK: Final = re.compile(r"[，、“”《》（）]")  # marks that running text has and headings seldom
_PUNCTUATION: Final = re.compile(r"[，、；：。！？（）]")
_BRACKETS: Final = ("（", "(")
# a line wholly in brackets with no mark inside: a series note under a title (`（某某之四）`)
_BRACKETED_NOTE: Final = re.compile(r"[（(][^，、。；：！？（）()]{2,16}[）)]")
_QUOTED: Final = re.compile(r"^“[^“”]{2,30}”$|^「[^「」]{2,30}」$")
_CONTINUING_LAST: Final = frozenset("，、：:,（(“‘《「『—－-\n")
ROLE_HEADINGS: Final = ("title", "kicker", "subtitle", "subhead")


def _balanced(text: str) -> bool:
    """Quotes and brackets close on the line they open: a heading is complete, a line
    of wrapped text often is not."""
    if _PAIR_MARK.search(text) is None:
        return True  # the usual line: no quote or bracket at all
    return all(text.count(a) == text.count(b) for a, b in _PAIRS)


def heading_like(text: str) -> bool:
    """A line that may be (part of) a heading; quotes may close on its next line."""
    if not text or len(text) > MAX_HEADING_CHARS:
        return False
    inner = text[:-1]
    if "。" in inner or "；" in inner or ";" in inner:  # a sentence stop inside: prose
        return False
    # (CONTINUING_END ends in `$`: gate it on the last character, or a final newline)
    if text[-1] in _CONTINUING_LAST and CONTINUING_END.search(text) and not text.endswith(("”", "’", "」", "』", "》", "）", ")")):
        return False
    return not ends_sentence(text) or bool(_SHORT_EXCLAMATION.match(text))


MIN_OLD_CLAUSES: Final = 2  # on one line
MIN_OLD_CLAUSES_IN_BLOCK: Final = 3


def _clauses_of_old_text(lines: list[LineInfo], clause_ends: str) -> bool:
    """Where a clause mark of old text (`、`) ends clauses, a line that holds two or more
    of them, or a block that holds three, is running text (a heading's deck may list two
    things with one)."""
    if not clause_ends:
        return False
    counts = [sum(i.text.count(mark) for mark in clause_ends) for i in lines]
    return max(counts, default=0) >= MIN_OLD_CLAUSES or sum(counts) >= MIN_OLD_CLAUSES_IN_BLOCK


def _segments(infos: list[LineInfo]) -> list[list[LineInfo]]:
    """Runs of non-blank lines set off by blank lines."""
    segments: list[list[LineInfo]] = []
    current: list[LineInfo] = []
    for info in infos:
        if info.kind is Kind.BLANK:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(info)
    if current:
        segments.append(current)
    return segments


def _column_width(lines: list[LineInfo], widths: dict[int, int], following: list[LineInfo]) -> int:
    """The column a candidate line would belong to if it were text: the text that follows it
    (a line cut off by a column break goes on there), else the text around it."""
    # the median of its lines but the last (which may be short): robust to a line that
    # extraction spaces widened
    after = sorted(i.line.width for i in following[:-1] if i.kind is Kind.BODY)
    if len(after) >= 2:
        return after[len(after) // 2]
    return max(widths.get(i.number, i.line.width) for i in lines)


def _measure(lines: list[LineInfo]) -> int:
    """The column width a stretch of text is set in; 0 where too few lines tell it."""
    found = [i.line.width for i in lines if i.kind is Kind.BODY]
    return measure(found) if len(found) >= MEASURE_LINES else 0


def _set_apart(
    lines: list[LineInfo],
    widths: dict[int, int],
    following: list[LineInfo],
    before: LineInfo | None,
    preceding: list[LineInfo],
    ahead: list[LineInfo],
) -> bool:
    """Whether lines set off by blank lines read as a heading rather than wrapped text.

    A line with a comma, as wide as the column of the text after it (where a line cut
    off by a column break goes on), is text. So is a line as wide as the column around
    it when no paragraph starts after it. A heading is narrower or wider than the
    column, or stands between two measures, or before an indented paragraph. The measure
    after it is read from the text `ahead`, across column breaks (blank lines): an article
    keeps its measure from one column to the next.
    """
    if len(lines) == 1 and _QUOTED.match(lines[0].text):
        return True  # a whole quotation on its own line: a feature's subhead
    if following and following[0].kind is Kind.BODY and following[0].line.indented:
        return True  # unindented, between a finished sentence and an indented paragraph
    if other_column(_measure(preceding), _measure(ahead)):
        return True  # between text set in two different measures: another article begins
    next_column = _column_width(lines, widths, following)
    # Wrapped running text fills every line but its last; this does not. Short in both
    # measures: a line of text heavy in punctuation looks short where it is counted
    # compressed, and holds as many cells as its neighbours counted full width.
    if any(
        info.line.width <= next_column - 6 and display_width(info.text) <= next_column - 6
        for info in lines[:-1]
    ):
        return True
    between_text = _running_text(before) and _running_text(following[0] if following else None)
    for info in lines:
        if "，" in info.text and _column_wide(info, next_column):
            return False
        if (
            _column_wide(info, widths.get(info.number, info.line.width))
            or _column_wide(info, next_column)
            or _FRAGMENT_MARK.search(info.text)
        ):
            # As wide as the column: a line of text cut off by a column break, unless a
            # paragraph starts after it (text must go on into the next line). Running
            # text of a column's width holds punctuation; a heading rarely does.
            if between_text and _PUNCTUATION.search(info.text):
                return False
            if following and not _starts_paragraph(following[0], next_column, following):
                return False
    return True


def _text_ahead(segments: list[list[LineInfo]], start: int) -> list[LineInfo]:
    """The lines of running text from segment `start` on, enough of them to tell the
    measure they are set in (`_measure`): the next segment, and where it is too short,
    on across a blank line where a sentence runs on over it (a column break)."""
    out: list[LineInfo] = []
    for segment in segments[start:]:
        for info in segment:
            if info.kind is not Kind.BODY or len(out) >= TEXT_AHEAD_LINES:
                return out
            out.append(info)
        if len(out) >= MEASURE_LINES or _ends_sentence(out[-1] if out else None):
            return out
    return out


def _starts_paragraph(info: LineInfo, column: int, following: list[LineInfo]) -> bool:
    """A line that looks like a paragraph's first: indented, short by its indent, or a marker.

    Measured both as PDFs set punctuation (compressed) and as plain text does (full
    width): a typesetter's indent shows in one or the other.
    """
    if info.kind is not Kind.BODY or info.line.indented or info.jump_from is not None or info.dateline:
        return True
    if info.line.width <= column - 3:
        return True
    full = sorted(display_width(i.text) for i in following[:-1] if i.kind is Kind.BODY)
    return bool(full) and display_width(info.text) <= full[int(len(full) * 0.75)] - 3


def _column_wide(info: LineInfo, full: int) -> bool:
    """As wide as the column, or short of it by no more than a first line's indent."""
    return full - FIRST_LINE_INDENT <= info.line.width <= full + 3


def _running_text(info: LineInfo | None) -> bool:
    """A line of running text, not a marker, heading or page edge."""
    return (
        info is not None
        and info.kind is Kind.BODY
        and info.jump_from is None
        and info.jump_to is None
        and info.dateline is None
        and not info.marker_only
    )


def _ends_sentence(info: LineInfo | None, before: LineInfo | None = None, clause_ends: str = "") -> bool:
    """Whether the running text is at a sentence boundary after this line.

    The line before counts too: a closing note may wrap (`…。（参与记` / `者 张三）`).
    `clause_ends`: further marks that may end a paragraph (old text: `、`).
    """
    if info is None or info.kind is not Kind.BODY:
        return True
    if info.jump_to is not None or info.marker_only:
        return True
    text = info.text
    if text and text[-1] not in SENTENCE_END_LAST and not text[-1].isspace() and text[-1] not in clause_ends:
        # Neither a sentence end nor a note (`…）` and spaces) can end here, alone or
        # joined to the line before (the joined text ends the same way): the usual line.
        return False
    text = _without_run_on_dateline(text)
    if ends_clause(text, clause_ends) or CONTRIBUTOR_NOTE_RE.fullmatch(text):
        return True
    if before is None or before.kind is not Kind.BODY:
        return False
    joined = before.text + text
    return bool(ends_sentence(joined) or CONTRIBUTOR_NOTE_RE.fullmatch(joined))


_DISPATCH_ENDS: Final = ("電）", "电）", "電)", "电)", "通訊）", "通讯）")


def _without_run_on_dateline(text: str) -> str:
    """The line without a dispatch's dateline run on after its text
    (`……使用。（某地廿日某社電）`): the sentence ends before it."""
    if not text.endswith(_DISPATCH_ENDS):
        return text
    opening = max(text.rfind("（"), text.rfind("("))
    return text[:opening].rstrip() if opening > 0 else text


_RUNNING_TEXT_MARK: Final = re.compile(r"[，。；！？,;!?]")


# (old notices sign with the month and day alone, `某某茶莊  九月九日`: set apart from
# the signature, or alone on the line)
_CLOSING_DATE: Final = re.compile(
    r"(?:[0-9〇零一二三四五六七八九十]{1,4}\s*年\s*|^|(?<=[ \u3000]))"
    r"[0-9一二三四五六七八九十]{1,2}\s*月\s*[0-9一二三四五六七八九十廿卅]{1,3}\s*日$"
)


MAX_SIGNATURE_CHARS: Final = 16


def _signed(info: LineInfo | None) -> bool:
    """A block that ends in a date on a line of its own or after a signature
    (`某某公司  2024年1月14日`): a signed notice or letter, whose text has ended."""
    return info is not None and info.kind is Kind.BODY and len(info.text) <= 24 and (
        _CLOSING_DATE.search(info.text) is not None
    )


def _display_lines(segment: list[LineInfo]) -> bool:
    """A block of two or more lines without a sentence mark: display lines (an ad's, a
    masthead's), after which a block of its own starts whatever its last line ends in."""
    return len(segment) >= 2 and all(
        i.kind in (Kind.BODY, Kind.HEADING) and _RUNNING_TEXT_MARK.search(i.text) is None for i in segment
    )


def find_headings(infos: list[LineInfo], widths: dict[int, int], conventions: Conventions | None = None) -> None:
    """Mark heading lines in place (kind HEADING)."""
    conventions = conventions or load_conventions()
    clause_ends = conventions.clause_ends
    if conventions.bracketed_pen_name:
        _titles_with_pen_names(infos)
    use_layout = any(i.line.layout is not None for i in infos)
    if use_layout:
        for info in infos:
            layout = info.line.layout
            if layout is not None and layout.role in ROLE_HEADINGS and info.kind is Kind.BODY:
                info.kind = Kind.HEADING
        return

    indent_style = sum(1 for i in infos if i.kind is Kind.BODY and i.line.indented) >= 3
    # Where blank lines set paragraphs apart, headings are set apart too: a short line
    # inside a run of text is a paragraph's first or last line, not a heading.
    blank_style = blank_separated(infos, clause_ends)
    inline_headings = indent_style or not blank_style
    previous_content: LineInfo | None = None
    line_before_previous: LineInfo | None = None
    previous_segment: list[LineInfo] = []
    segments = _segments(infos)
    for number, segment in enumerate(segments):
        body = [i for i in segment if i.kind is Kind.BODY]
        following_segment = segments[number + 1] if number + 1 < len(segments) else []
        isolated = (
            len(body) == len(segment) <= MAX_HEADING_LINES
            and all(heading_like(i.text) and i.dateline is None and i.jump_from is None for i in body)
            and not _clauses_of_old_text(body, clause_ends)
            and _balanced("".join(i.text for i in body))
            and not any(i.line.indented for i in body)
            and _set_apart(
                body, widths, following_segment, previous_content, previous_segment, _text_ahead(segments, number + 1)
            )
        )
        if isolated and (
            _ends_sentence(previous_content, line_before_previous, clause_ends)
            or _display_lines(previous_segment)
            or _signed(previous_content)
        ):
            for info in body:
                info.kind = Kind.HEADING
        elif inline_headings:
            # indents count where this stretch of text uses them (layouts differ by article)
            _find_inline_headings(
                segment,
                widths,
                any(i.line.indented for i in segment),
                not blank_style,
                previous_content,
                clause_ends,
                conventions.first_line_indent,
                indent_style,
            )
        line_before_previous = segment[-2] if len(segment) > 1 else previous_content
        previous_content = segment[-1]
        previous_segment = segment
    _headings_before_markers(infos, clause_ends)
    if blank_style:
        _headings_atop_paragraphs(segments, clause_ends)
    _titles_over_serial_numbers(infos, clause_ends)
    _titles_over_continuations(infos, clause_ends)
    if conventions.notice_heads:
        _notice_heads(infos, conventions.notice_heads, clause_ends)
    if not conventions.first_line_indent:
        _headings_wider_than_their_columns(infos)
        _stacks_between_measures(infos, clause_ends)
        boxed = _text_beside_subheads(infos)
        _decks_under_headings(infos, boxed, indent_style)
    _captions_under_titles(infos)
    _titles_over_captions(infos, clause_ends)
    _notes_under_headings(infos)
    _headings_the_sentence_runs_through(infos)
    if conventions.credit_suffixes and conventions.bracketed_pen_name:
        _credit_lines_under_titles(infos, conventions.credit_suffixes)
    _signatures_under_text(infos, clause_ends)


def _signatures_under_text(infos: list[LineInfo], clause_ends: str) -> None:
    """A signature and its date by month and day alone, as old notices sign (the year is
    the paper's), on two short lines (`某某五金行` / `八月六日`) right under
    a notice's or letter's last sentence: they close it. A headline never ends in a date
    alone on its line, so they are no headline's decks."""
    content = [info for info in infos if info.kind is not Kind.BLANK]
    for position in range(2, len(content) - 1):
        name, date = content[position], content[position + 1]
        if (
            name.kind is Kind.HEADING
            and date.kind is Kind.BODY
            and date.number - name.number == 1
            and date.line.indented
            and _CLOSING_DATE.fullmatch(date.text) is not None
            and "年" in date.text
        ):
            # a full date set in under the signature read as a heading: the two are one
            # signature block, read as the notice's (`_signs_notice`)
            date.kind = Kind.HEADING
            continue
        if not (
            name.kind is Kind.HEADING
            and date.kind is Kind.HEADING
            and date.number - name.number == 1
            and len(name.text) <= MAX_SIGNATURE_CHARS
            and _CLOSING_DATE.fullmatch(date.text) is not None
            and "年" not in date.text  # (a full date is read with the signature already)
        ):
            continue
        before = content[position - 1]
        if before.kind is Kind.BODY and name.number - before.number == 1 and _ends_sentence(
            before, content[position - 2], clause_ends
        ):
            name.kind = date.kind = Kind.BODY


# `某某記　（某某）`: a title and the author's pen name set on one line
_TITLE_AND_PEN_NAME: Final = re.compile(r"(?P<title>[^，、。；：！？（）()]{2,24}?)[ \u3000]+[（(][\u3400-\u9fff·]{1,6}[）)]")
MAX_CREDIT_CHARS: Final = 12
_CREDIT_LINE: Final = re.compile(r"[\u3400-\u9fff·．.　 ]{1,12}")


def _titles_with_pen_names(infos: list[LineInfo]) -> None:
    """A line that holds a title and, set apart after it, the author's pen name in
    brackets (`某某記　（某某）`) is a heading (old features print them so)."""
    for position, info in enumerate(infos):
        if info.kind is not Kind.BODY or info.dateline is not None or (")" not in info.text and "）" not in info.text):
            continue
        match = _TITLE_AND_PEN_NAME.fullmatch(info.text)
        following = infos[position + 1] if position + 1 < len(infos) else None
        if match is not None and following is not None and following.kind is Kind.BODY:
            info.kind = Kind.HEADING


def _credit_lines_under_titles(infos: list[LineInfo], suffixes: tuple[str, ...]) -> None:
    """Under a title, short lines that name an author or translator (`某某女士作`,
    `某某譯`) are the byline."""
    content = [info for info in infos if info.kind is not Kind.BLANK]
    for position, info in enumerate(content):
        if info.kind is not Kind.HEADING:
            continue
        after = position + 1
        while after < len(content) and content[after].kind in (Kind.BODY, Kind.HEADING, Kind.BYLINE):
            line = content[after]
            text = line.text
            if not (
                len(text) <= MAX_CREDIT_CHARS
                and text.endswith(suffixes)
                and _CREDIT_LINE.fullmatch(text) is not None
                and line.dateline is None
            ):
                break
            line.kind = Kind.BYLINE
            line.people = Byline(reporters=[text[:-1].strip()])
            after += 1


MAX_NOTICE_HEAD: Final = 12
_HEAD_ORNAMENTS: Final = " \u3000【】〖〗[]"


def _notice_heads(infos: list[LineInfo], heads: tuple[str, ...], clause_ends: str) -> None:
    """A short line that names a notice (`遗失声明`, `某公司更名启事`, `讣告`) alone on its
    line after a sentence's end, over text: the notice's heading."""
    short = [
        position
        for position, info in enumerate(infos)
        if info.kind in (Kind.BODY, Kind.HEADING)
        and len(info.text) <= MAX_NOTICE_HEAD + 4
        and info.text.rstrip(_HEAD_ORNAMENTS).endswith(heads)
    ]
    if not short:
        return  # (the usual page: no line names a notice)
    content = [info for info in infos if info.kind is not Kind.BLANK]
    for position, info in enumerate(content):
        if info.kind not in (Kind.BODY, Kind.HEADING) or len(info.text) > MAX_NOTICE_HEAD + 4:
            continue  # (the usual line: cheap tests first)
        text = info.text.strip(_HEAD_ORNAMENTS)
        if len(text) > MAX_NOTICE_HEAD or not text.endswith(heads) or _PUNCTUATION.search(text):
            continue
        if info.kind is Kind.HEADING:
            _text_under_notice_head(content, position)
            continue
        if position + 1 >= len(content) or content[position + 1].kind is not Kind.BODY:
            continue
        previous = content[position - 1] if position else None
        after_blank = previous is not None and info.number - previous.number > 1
        if after_blank or _ends_sentence(previous, content[position - 2] if position > 1 else None, clause_ends):
            info.kind = Kind.HEADING


def _text_under_notice_head(content: list[LineInfo], position: int) -> None:
    """Lines set tight under a notice's head, read as its decks, whose sentence runs on
    into the next line (not indented): the first lines of the notice's text (a notice's
    head has no decks; it may be set in a narrower measure than the page's text)."""
    end = position + 1
    while (
        end < len(content)
        and content[end].kind is Kind.HEADING
        and content[end].number - content[end - 1].number == 1
    ):
        end += 1
    if end == position + 1 or end >= len(content):
        return
    after = content[end]
    if after.kind is not Kind.BODY or after.line.indented or after.number - content[end - 1].number > 1:
        return
    for info in content[position + 1 : end]:
        info.kind = Kind.BODY


WIDE_HEADING_EXCESS: Final = 4  # cells wider than the columns around it
COLUMN_CONTEXT: Final = 8  # lines on each side that tell a column's measure


def _headings_wider_than_their_columns(infos: list[LineInfo]) -> None:
    """An unpunctuated line wider than the column both before and after it spans
    columns: a headline's deck, set across the text it heads (old pages, whose text
    lines never run past their column). The unpunctuated lines right above it are its
    upper decks."""
    content = [info for info in infos if info.kind is not Kind.BLANK]
    for position, info in enumerate(content):
        if not _deck_like(info):
            continue
        before = [i.line.width for i in content[max(0, position - COLUMN_CONTEXT) : position] if i.kind is Kind.BODY]
        after = [i.line.width for i in content[position + 1 : position + 1 + COLUMN_CONTEXT] if i.kind is Kind.BODY]
        if len(before) < 3 or len(after) < 3:
            continue
        width = info.line.width
        if width < _median(before) + WIDE_HEADING_EXCESS or width < _median(after) + WIDE_HEADING_EXCESS:
            continue
        previous = content[position - 1] if position else None
        if previous is not None and previous.kind is Kind.BODY and previous.line.width > width - WIDE_HEADING_EXCESS:
            continue  # as wide as the line before it: the text has widened (past a picture)
        info.kind = Kind.HEADING
        start = position
        while start > 0 and position - start < MAX_HEADING_LINES - 1 and _deck_like(content[start - 1]):
            start -= 1
            content[start].kind = Kind.HEADING


DECK_SHORTFALL: Final = 4  # two ideographs short of the column: no line of its text
MIN_DECKED_HEADING: Final = 4  # characters of a headline's first deck
_LINE_START_MARKS: Final = "，、。；：！？"


def _decks_under_headings(infos: list[LineInfo], boxed: set[int], page_indents: bool = False) -> None:
    """Unpunctuated lines right under a heading, set outside the measure of the text
    below them: further decks of the headline.

    Old pages give a headline two or three decks and run the text on under them with no
    blank line; the text fills its column (its first line short by an indent at most), so
    a deck is the line wider than any line of that text, or two characters short of it.
    Where the page indents its paragraphs, a line short by just an indent over lines that
    fill the column is the text's first line, its indent lost in extraction.
    """
    content = [info for info in infos if info.kind is not Kind.BLANK]
    for position, heading in enumerate(content):
        if heading.kind is not Kind.HEADING or len(heading.text) < MIN_DECKED_HEADING or heading.number in boxed:
            continue  # (a subhead of a word or two: the lines beside its box are short)
        after = [i.line.width for i in content[position + 2 : position + 2 + COLUMN_CONTEXT] if i.kind is Kind.BODY]
        if len(after) < 3:
            continue
        column, widest = measure(after), max(after)
        index = position + 1
        while index < len(content) and index - position < MAX_HEADING_LINES:
            deck = content[index]
            if deck.kind is not Kind.BODY or not _deck_like(deck) or deck.line.indented:
                break
            if column - DECK_SHORTFALL < deck.line.width <= widest:
                break
            if page_indents and column - INDENT_SHORTFALL - 1 <= deck.line.width < column:
                break
            following = content[index + 1] if index + 1 < len(content) else None
            if following is not None and _opens_with_mark(following.text):
                break  # the sentence runs on: old text sets marks at a line's start
            deck.kind = Kind.HEADING
            index += 1


INDENT_SHORTFALL: Final = 4  # cells a first line is short of its column by its lost indent
INDENT_CONTEXT: Final = 3  # lines under a first line that tell the measure it is short of
def _stacks_between_measures(infos: list[LineInfo], clause_ends: str) -> None:
    """Two or three unpunctuated lines after a clause's end, where the text before them
    and the text after them are set in two measures, one of the lines well short of the
    first measure and all short of the second: a headline between two items (old pages
    run items on without blank lines; an item keeps its measure)."""
    content = [info for info in infos if info.kind is not Kind.BLANK]
    position = 1
    while position < len(content):
        before = content[position - 1]
        if before.kind is not Kind.BODY or not _ends_sentence(before, None, clause_ends):
            position += 1
            continue
        end = position
        while end < len(content) and end - position < MAX_TIGHT_HEADING_LINES and _deck_like(content[end]):
            end += 1
        stack = content[position:end]
        if len(stack) < 2 or all(i.kind is Kind.HEADING for i in stack):
            position += 1
            continue
        above = [i.line.width for i in content[max(0, position - COLUMN_CONTEXT) : position] if i.kind is Kind.BODY]
        below = [i.line.width for i in content[end : end + COLUMN_CONTEXT] if i.kind is Kind.BODY]
        if len(above) >= 3 and len(below) >= 3:
            first, second = measure(above), measure(below)
            if (
                other_column(first, second)
                and any(i.line.width <= first - DECK_SHORTFALL for i in stack)
                and all(i.line.width <= second - DECK_SHORTFALL for i in stack)
            ):
                for info in stack:
                    info.kind = Kind.HEADING
        position = end if end > position else position + 1


MAX_BOXED_SUBHEAD: Final = 4  # characters of a subhead set in a box over a few lines
INDENT_CELLS: Final = 2  # a paragraph's first line set one ideograph in


def _text_beside_subheads(infos: list[LineInfo]) -> set[int]:
    """The short lines of equal width under a subhead of a word or two: text set beside
    the subhead's box, not its decks.

    Old pages set a subhead (`某某`) in a box over the heads of a few lines; those lines
    are all shorter by the box (half the column or less), so they read as further decks.
    They are as wide as each other, and the sentence runs on from them into the next
    full line: no paragraph starts there (a headline's decks stand over a paragraph's
    first line, short by its indent). Returns the line numbers of the boxed subheads.
    """
    boxed: set[int] = set()
    content = [info for info in infos if info.kind is not Kind.BLANK]
    for position, head in enumerate(content):
        if head.kind is not Kind.HEADING or len(head.text) > MAX_BOXED_SUBHEAD:
            continue
        if position and content[position - 1].kind is Kind.HEADING:
            continue
        if position + 1 >= len(content) or content[position + 1].kind is not Kind.HEADING:
            continue
        following = content[position + 1 : position + 1 + MAX_HEADING_LINES + 1]
        run = _beside_a_box([info.line.width for info in following])
        if not run or run >= len(following) or following[run].kind is not Kind.BODY:
            continue
        width = following[1].line.width
        after = [i.line.width for i in content[position + 1 + run : position + 1 + run + COLUMN_CONTEXT] if i.kind is Kind.BODY]
        if len(after) < 3:
            continue
        column = measure(after)
        if width * 2 > column or following[run].line.width < column - 1:
            continue  # (decks half the column or wider; a paragraph's first line after them)
        for info in following[:run]:
            info.kind = Kind.BODY
        boxed.add(head.number)
        head.kind = Kind.SECTION  # a subhead run into the text, never an item's title
    return boxed


def _beside_a_box(widths: list[int]) -> int:
    """How many lines from the first are as wide as each other (the first may be short
    by an indent), where two or more are; else 0."""
    if len(widths) < 2:
        return 0
    width = widths[1]
    run = 1 + sum(1 for _ in itertools.takewhile(lambda w: w == width, widths[1:]))
    fits = run >= 2 and width - INDENT_CELLS <= widths[0] <= width and (run >= 3 or widths[0] == width)
    return run if fits else 0


def _deck_like(info: LineInfo) -> bool:
    return (
        info.kind in (Kind.BODY, Kind.HEADING)
        and info.dateline is None
        and info.jump_from is None
        and info.jump_to is None
        and not _PUNCTUATION.search(info.text)  # (the cheap test first: most text has marks)
        and heading_like(info.text)
        and _balanced(info.text)
    )


def _median(values: list[int]) -> int:
    return sorted(values)[len(values) // 2]


CAPTION_MAX_LINES: Final = 8
# Cells short of the column of a dispatch: each deck stacked over it, and a lone line.
STACK_SHORTFALL: Final = 2
LONE_HEADING_SHORTFALL: Final = 4  # a credit this close under a title's decks marks a caption


def _captions_under_titles(infos: list[LineInfo]) -> None:
    """A photo's caption set in a narrow column right under a title keeps its lines.

    Its first lines are short and unpunctuated, so they read as further decks of the
    title; but they are set to the caption's measure (the lines after them, down to
    the photo's credit), narrower than the title's first deck.
    """
    credits = [position for position, info in enumerate(infos) if info.kind is Kind.CREDIT]
    for credit in credits:
        # the text lines right above the credit, then the heading run above them
        position = credit - 1
        after: list[LineInfo] = []
        while position >= 0 and len(after) < CAPTION_MAX_LINES and infos[position].kind in (Kind.BODY, Kind.BLANK):
            if infos[position].kind is Kind.BODY:
                after.append(infos[position])
            position -= 1
        run: list[LineInfo] = []
        while position >= 0 and infos[position].kind is Kind.HEADING:
            run.append(infos[position])
            position -= 1
        if len(run) < 2 or not after:
            continue
        run.reverse()
        title_width = run[0].line.width
        column = max(info.line.width for info in after)
        cut = len(run)
        first = after[-1]  # the caption's first line under the run
        if column - 2 <= run[-1].line.width <= column + 2 and first.line.width * 2 <= column and ends_sentence(first.text):
            cut -= 1  # a full line of the caption whose sentence ends on the short line under it
        while cut > 1 and column - 2 <= run[cut - 1].line.width <= title_width - 4:
            column = max(column, run[cut - 1].line.width)
            cut -= 1
        for info in run[cut:]:
            info.kind = Kind.BODY


def _headings_before_markers(infos: list[LineInfo], clause_ends: str) -> None:
    """Short lines stacked right above an opening dateline or a byline: a headline.

    Old pages set several decks over each dispatch (`某地戰事` / `某軍連日告捷` /
    `（某地廿三日電）…`) and run items on without blank lines or indents. Each deck is
    shorter than the column the dispatch is set in and holds no clause mark; a stack of
    two or more is a headline wherever it stands, one line only after a clause's end
    (else it is the short last line of a paragraph).
    """
    content = [info for info in infos if info.kind is not Kind.BLANK]
    for position, marker in enumerate(content):
        if not (
            marker.kind is Kind.BYLINE
            or (marker.kind is Kind.BODY and (marker.dateline is not None or marker.jump_from is not None))
        ):
            continue
        after = [i.line.width for i in content[position + 1 : position + 8] if i.kind is Kind.BODY]
        after.append(marker.line.width)
        column = measure(after)
        start = position
        while start > 0 and position - start < MAX_HEADING_LINES:
            line = content[start - 1]
            if not (
                line.kind in (Kind.BODY, Kind.HEADING)
                and line.dateline is None
                and line.jump_from is None
                and line.jump_to is None  # (a jump-to marker ends a part of a story)
                and not line.line.indented
                and heading_like(line.text)
                and _balanced(line.text)
                and not _PUNCTUATION.search(line.text)
                and line.line.width <= column - STACK_SHORTFALL
            ):
                break
            start -= 1
        # the top line as wide as the unfinished text line above it goes on with that text
        while (
            position - start >= 2
            and start > 0
            and _running_text(content[start - 1])
            and not _ends_sentence(content[start - 1], None, clause_ends)
            and content[start].line.width == content[start - 1].line.width
        ):
            start += 1
        stack = content[start:position]
        if not stack or all(i.kind is Kind.HEADING for i in stack):
            continue
        before = content[start - 1] if start else None
        # (a story closed above it: no paragraph's last line, whatever its width)
        closed_above = before is None or before.jump_to is not None or (
            before.kind is Kind.BODY and _ends_sentence(before, content[start - 2] if start > 1 else None, clause_ends)
        )
        if len(stack) == 1 and stack[0].line.width > column - LONE_HEADING_SHORTFALL and not closed_above:
            continue  # one line a character short of the column may be a paragraph's last
        if (
            len(stack) >= 2
            or marker.kind is Kind.BYLINE
            or _ends_sentence(before, content[start - 2] if start > 1 else None, clause_ends)
        ):
            for info in stack:
                info.kind = Kind.HEADING


def _opens_with_mark(text: str) -> bool:
    return text != "" and text[0] in _LINE_START_MARKS


TIGHT_HEADING_SHORTFALL: Final = 6  # cells a heading set tight on text is short of its measure
MAX_TIGHT_HEADING_LINES: Final = 3


MAX_CAPTION_LINES: Final = 8
STORY_LINES: Final = 30  # lines of the story above whose words a title over a caption shares
MIN_SHARED_WORDS: Final = 2
# clause marks, also as OCR gives them (ASCII): a caption's first line holds one
_CAPTION_MARKS: Final = re.compile(r"[，、；：。！？（）,;:!?]")


def _titles_over_captions(infos: list[LineInfo], clause_ends: str) -> None:
    """A title set after its story and right over a photo's caption (which ends at the
    photo's credit): after the story's end, the unpunctuated lines that share the story's
    words, over the caption's lines, up to the credit. The caption keeps all its lines
    (none is a deck of the title, however short)."""
    content = [info for info in infos if info.kind is not Kind.BLANK]
    # headings set off by a blank line above them: the next item's, never a caption's line
    set_off = {
        info.number
        for previous, info in itertools.pairwise(infos)
        if previous.kind is Kind.BLANK and info.kind is Kind.HEADING
    }
    for position in range(1, len(content)):
        before = content[position - 1]
        # (a closing note may wrap: `…。（参与记` / `者 某某）`)
        if before.kind is not Kind.BODY or not (
            before.jump_to is not None
            or _ends_sentence(before, content[position - 2] if position > 1 else None, clause_ends)
        ):
            continue
        end = position
        while (
            end < len(content)
            and end - position < MAX_TIGHT_HEADING_LINES
            and _deck_like(content[end])
            and not _CAPTION_MARKS.search(content[end].text)
            and not content[end].text[-1:].isascii()  # (a line cut inside a number or word)
        ):
            end += 1
        credit = end
        while (
            credit < len(content)
            and content[credit].kind in (Kind.BODY, Kind.HEADING)
            and content[credit].number not in set_off
        ):
            credit += 1
        caption = content[end:credit]
        if (
            end == position
            or credit >= len(content)
            or content[credit].kind is not Kind.CREDIT
            or not 1 <= len(caption) <= MAX_CAPTION_LINES
            or not _ends_sentence(caption[-1], None, clause_ends)
        ):
            continue
        story = ""
        block: list[int] = []  # the lines of the block right above (up to a blank line)
        for info in reversed(content[max(0, position - STORY_LINES) : position]):
            if info.kind is not Kind.BODY:
                break
            story = info.text + story
            if not block or (block[-1] == info.number + 1 and len(block) < COLUMN_CONTEXT):
                block.append(info.number)
        widths_above = [_set_width(info) for info in content[position - len(block) : position]]
        # the caption is set to its own measure, or the title is wider than it: else the
        # lines may be a caption paragraph's, in the measure of the one above
        caption_measure = max(_set_width(info) for info in caption)
        if not other_column(max(widths_above), caption_measure) and not any(
            _set_width(info) >= caption_measure + WIDE_HEADING_EXCESS for info in content[position:end]
        ):
            continue
        story_words = bigrams(story)
        title = content[position:end]
        shared = [len(bigrams(info.text) & story_words) for info in title]
        # (a further line as wide as the caption's lines is the caption's first)
        heads = 1
        while heads < len(title) and abs(_set_width(title[heads]) - caption_measure) > KEPT_INDENT_CELL:
            heads += 1
        if not shared[0] or sum(shared[:heads]) < MIN_SHARED_WORDS:
            continue
        # (a caption that shares the story's words as much is the story's photo: its
        # first line is the caption's, however unpunctuated)
        title_words = bigrams("".join(info.text for info in title[:heads]))
        caption_words = bigrams("".join(info.text for info in caption))
        if caption_words and len(caption_words & story_words) * len(title_words) >= len(
            title_words & story_words
        ) * len(caption_words):
            continue
        for info in title[:heads]:
            info.kind = Kind.HEADING
        for info in title[heads:] + caption:
            info.kind = Kind.BODY


def _set_width(info: LineInfo) -> int:
    """A line's width as set: without the single narrow spaces an extraction puts around
    digits and Latin words (Chinese text sets no spaces between words)."""
    return info.line.width - len(_NARROW_SPACE.findall(info.line.text))


_NARROW_SPACE: Final = re.compile(r"(?<! ) (?! )")


def _headings_atop_paragraphs(segments: list[list[LineInfo]], clause_ends: str) -> None:
    """On a page that sets blocks apart by blank lines, a block that opens with a line or
    three of a heading (unpunctuated, well short of the text's measure) over running text,
    after a block of text that closed its story (not after a heading: a caption's short
    first line under a title is no heading): a heading set tight on the text (a title,
    or a title over a caption it stands next to)."""
    previous: LineInfo | None = None
    before_previous: LineInfo | None = None
    for segment in segments:
        # after a story sent on to another page, what follows is a title (its own, where
        # titles follow their stories, or the next one's): a line short of the text's
        # measure by less than an indent is enough
        shortfall = 1 if previous is not None and previous.jump_to is not None else TIGHT_HEADING_SHORTFALL
        closed = (
            previous is None
            or previous.kind in (Kind.FURNITURE, Kind.CREDIT, Kind.DATELINE_END)
            or (
                previous.kind is Kind.BODY
                and (previous.jump_to is not None or _ends_sentence(previous, before_previous, clause_ends))
            )
        )
        before_previous = segment[-2] if len(segment) > 1 else previous
        previous = segment[-1]
        if not closed:
            continue
        lines = [i for i in segment if i.kind in (Kind.BODY, Kind.HEADING)]
        count = 0
        while (
            count < min(MAX_TIGHT_HEADING_LINES, len(lines))
            and _deck_like(lines[count])
            and not lines[count].line.indented
            and not lines[count].text[-1:].isascii()  # (a line cut inside a number or word)
        ):
            count += 1
        if count and len(segment) == len(lines):
            # the most lines that read as a heading over the rest (text may open unpunctuated)
            for heads in range(count, 0, -1):
                text = lines[heads:]
                if len(text) < 2 or not any(_PUNCTUATION.search(i.text) for i in text):
                    continue
                column = measure(i.line.width for i in text)
                widest = max(_set_width(i) for i in text)
                # short by more than a first line's lost indent (a quarter of the measure),
                # or wider than any line of the text (a title over a narrow caption)
                if all(
                    (i.line.width * 4 <= column * 3 and i.line.width <= column - shortfall)
                    or i.line.width >= widest + WIDE_HEADING_EXCESS
                    for i in lines[:heads]
                ):
                    for info in lines[:heads]:
                        info.kind = Kind.HEADING
                    break


def _titles_over_continuations(infos: list[LineInfo], clause_ends: str) -> None:
    """The unpunctuated lines between a story's end and a jump-from line (`（上接第2版）`):
    the continued story's headline, repeated over the part on this page, whatever its
    width (a headline may span columns wider than the text under it)."""
    if not any(info.jump_from is not None for info in infos):
        return
    content = [info for info in infos if info.kind is not Kind.BLANK]
    for position, marker in enumerate(content):
        if marker.kind is not Kind.BODY or marker.jump_from is None:
            continue
        start = position
        while (
            start > 0
            and position - start < MAX_HEADING_LINES - 1
            and _deck_like(content[start - 1])
            and not _signed(content[start - 1])  # (a notice's signature and date close it)
        ):
            start -= 1
        stack = content[start:position]
        if not stack or all(i.kind is Kind.HEADING for i in stack):
            continue
        before = content[start - 1] if start else None
        if (
            before is None
            or before.kind is Kind.FURNITURE
            or _signed(before)
            or before.jump_to is not None
            or (before.kind is Kind.BODY and _ends_sentence(before, content[start - 2] if start > 1 else None, clause_ends))
        ):
            for info in stack:
                info.kind = Kind.HEADING


def _notes_under_headings(infos: list[LineInfo]) -> None:
    """A line wholly in brackets right under a heading, with no mark inside: a note of
    the series or source the title belongs to (`（某某叢談之四）`), part of the heading."""
    previous: LineInfo | None = None
    for info in infos:
        if info.kind is Kind.BLANK:
            continue
        if (
            previous is not None
            and previous.kind is Kind.HEADING
            and info.kind is Kind.BODY
            and info.text[:1] in _BRACKETS
            and _running_text(info)
            and _BRACKETED_NOTE.fullmatch(info.text)
        ):
            info.kind = Kind.HEADING
        previous = info


def _headings_the_sentence_runs_through(infos: list[LineInfo]) -> None:
    """A heading whose next line opens with a clause mark (`、此後……`) is running text:
    old setting starts lines with the marks of the sentence they go on with, never a
    heading's text."""
    previous: LineInfo | None = None
    for info in infos:
        if info.kind is Kind.BLANK:
            continue
        if previous is not None and previous.kind is Kind.HEADING and info.kind is Kind.BODY and _opens_with_mark(info.text):
            previous.kind = Kind.BODY
        previous = info


def _titles_over_serial_numbers(infos: list[LineInfo], clause_ends: str) -> None:
    """Short lines stacked right above an instalment number (`（八）`) after a sentence's
    end: a serial's title. Serials (novels, memoirs, columns run day after day) print the
    instalment's number under their title, often with the author's pen name below it."""
    if not any(info.kind is Kind.SECTION for info in infos):
        return
    content = [info for info in infos if info.kind is not Kind.BLANK]
    for position, number in enumerate(content):
        if number.kind is not Kind.SECTION or not number.text.startswith(_BRACKETS):
            continue
        start = position
        while start > 0 and position - start < MAX_HEADING_LINES and _deck_like(content[start - 1]):
            start -= 1
        stack = content[start:position]
        if not stack or all(i.kind is Kind.HEADING for i in stack):
            continue
        before = content[start - 1] if start else None
        if before is None or before.kind is not Kind.BODY or _ends_sentence(
            before, content[start - 2] if start > 1 else None, clause_ends
        ):
            for info in stack:
                info.kind = Kind.HEADING


def _find_inline_headings(
    segment: list[LineInfo],
    widths: dict[int, int],
    indent_style: bool,
    run_on: bool,
    before: LineInfo | None,
    clause_ends: str = "",
    first_line_indent: bool = True,
    page_indents: bool = False,
) -> None:
    """Headings inside a run of text with no blank lines: short lines between sentences."""
    for index, info in enumerate(segment):
        previous = segment[index - 1] if index else before
        following = segment[index + 1] if index + 1 < len(segment) else None
        if info.kind is not Kind.BODY or info.dateline or info.jump_from or info.line.indented:
            continue
        # the cheap test first: most lines follow one that does not end a sentence
        if not _ends_sentence(previous, None, clause_ends) or not heading_like(info.text):
            continue
        if following is None and not (previous is not None and (previous.kind is Kind.HEADING or previous.jump_to)):
            continue  # (the last line: a heading's second deck, or a title under a story's end)
        if not _balanced(info.text):
            continue
        if _PUNCTUATION.search(info.text):
            continue  # inside running text, a line with commas is text
        full = widths.get(info.number, info.line.width)
        if previous is not None and previous.kind is Kind.HEADING and index:
            # the second deck of a heading begun on the line before; where transcription
            # drops indents, also a deck over the text's first line, which keeps the
            # indent's empty cell (a character short of the full lines under it)
            if info.line.width <= full - 6 or (
                not first_line_indent and _first_line_keeping_its_indent(segment, index + 1, widths)
            ):
                info.kind = Kind.HEADING
            continue
        if following is None:
            if previous is not None and previous.jump_to and info.line.width <= full - OLD_HEADING_SHORTFALL:
                info.kind = Kind.HEADING  # the page's last line, after a story sent on elsewhere
            continue
        if page_indents and not indent_style and _short_by_an_indent(info, segment[index + 1 : index + 1 + INDENT_CONTEXT]):
            # where the page indents its paragraphs but this column's indents were lost
            # in extraction, a line short by just an indent is a paragraph's first line
            continue
        starts_paragraph = following.kind is not Kind.BODY or following.line.indented or following.dateline
        # After a paragraph's short last line, a line that is no paragraph's first line
        # (not indented where text is, or not short by an indent where it is not) and
        # is followed by a paragraph's first line stands on its own: a heading.
        after_paragraph_end = previous is None or previous.kind is not Kind.BODY or (
            previous.line.width <= widths.get(previous.number, previous.line.width) - 3
        )
        if indent_style:
            # where indents mark paragraphs, a heading is followed by an indented line
            if starts_paragraph and (info.line.width <= full - 2 or after_paragraph_end):
                info.kind = Kind.HEADING
            elif after_paragraph_end and _second_deck(segment, index + 1, widths):
                # two headings stacked (decks of a subhead) before an indented paragraph
                info.kind = segment[index + 1].kind = Kind.HEADING
        elif run_on and following.kind is Kind.BYLINE:
            info.kind = Kind.HEADING  # a title over its byline
        elif (
            not first_line_indent
            and following.kind is Kind.BODY
            and after_paragraph_end
            and info.line.width <= full - OLD_HEADING_SHORTFALL
        ):
            # Old setting gives a paragraph's first line the full column (no indent), so
            # a short unpunctuated line after a paragraph's end is a heading.
            info.kind = Kind.HEADING
        elif run_on and following.kind is Kind.BODY:
            first_line_after = following.line.width <= widths.get(following.number, following.line.width) - 3
            if info.line.width <= full - 7 or (
                after_paragraph_end and first_line_after and info.line.width > full - 3
            ):
                info.kind = Kind.HEADING


def _short_by_an_indent(info: LineInfo, below: list[LineInfo]) -> bool:
    """The line is short by about an indent (two characters) of the three lines of text
    under it, which fill one measure: a paragraph's first line and the lines it runs
    on into (measured on them: a column's estimate near a heading may take the wider
    text beside it)."""
    under = [i.line.width for i in below if i.kind is Kind.BODY]
    if len(under) < len(below) or len(under) < INDENT_CONTEXT or max(under) - min(under) > KEPT_INDENT_CELL:
        return False
    return max(under) - INDENT_SHORTFALL - 1 <= info.line.width < max(under)


def _first_line_keeping_its_indent(segment: list[LineInfo], index: int, widths: dict[int, int]) -> bool:
    """Line `index` is a paragraph's first line a character short of the full lines
    set right under it (its indent's cell left empty)."""
    if index + 2 >= len(segment):
        return False
    first, second, third = segment[index], segment[index + 1], segment[index + 2]
    if any(info.kind is not Kind.BODY for info in (first, second, third)):
        return False
    full = max(second.line.width, third.line.width)
    return abs(second.line.width - third.line.width) <= 1 and KEPT_INDENT_CELL <= full - first.line.width <= KEPT_INDENT_CELL + 1


def _second_deck(segment: list[LineInfo], index: int, widths: dict[int, int]) -> bool:
    """Line `index` is a short unindented heading-like line followed by an indented one."""
    if index + 1 >= len(segment):
        return False
    deck, after = segment[index], segment[index + 1]
    return (
        deck.kind is Kind.BODY
        and not deck.line.indented
        and heading_like(deck.text)
        and _balanced(deck.text)
        and not _PUNCTUATION.search(deck.text)
        and deck.line.width <= widths.get(deck.number, deck.line.width) - 2
        and after.kind is Kind.BODY
        # an indented line, or one short by its indent where extraction dropped the spaces
        and (after.line.indented or after.line.width <= widths.get(after.number, after.line.width) - INDENT_SHORTFALL)
    )
