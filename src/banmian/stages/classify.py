"""Stage 2: source lines -> line kinds, by the grammar of markers and the page position.

A line is furniture, a jump marker, a byline or credit, a dateline, a section
number, or body text. Heading candidates are found later (they need the
column geometry); here they are still body.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import accumulate
from typing import Final

from banmian.conventions import Conventions, load_conventions
from banmian.model import Byline
from banmian.stages.markers import (
    BYLINE_HINT_WORDS,
    DATELINE_HINT,
    FURNITURE_HINT_WORDS,
    SENTENCE_END_LAST,
    DatelineMatch,
    ends_clause,
    furniture_type,
    is_section_number_line,
    looks_like_byline_start,
    marker_view,
    match_dateline,
    match_jump_from,
    match_jump_to,
    parse_byline,
)
from banmian.stages.source_lines import SourceLine
from banmian.stages.spacing import fix_spacing, join_lines

# Furniture by grammar alone is trusted only this close to the top or bottom of a page.
EDGE_LINES: Final = 4
SECTION_NAME_CHARS: Final = 6


_BRACKETS: Final = ("（", "(")
# A collective byline (a unit, a writing group) is short and has no clause in it.
_COLLECTIVE_MAX: Final = 24
_CLAUSE_MARK: Final = re.compile(r"[，。；：！？、,;:!?]")
_PEN_NAME: Final = re.compile(r"[（(]([\u3400-\u4dbf\u4e00-\u9fff·]{1,5})[）)]")
_BRACKETED_CREDIT: Final = re.compile(r"[（(]([\u3400-\u4dbf\u4e00-\u9fff·　 ]{2,14})[）)]")
_NUMERALS: Final = re.compile("[〇零一二三四五六七八九十百千廿卅]+")
_IDEOGRAPHS: Final = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+")
_ORNAMENTS: Final = " \u3000【】〖〗[]「」『』◇◆■□●○◎★☆▲△▼▽◘·—－-"
_SECTION_SUFFIXES: Final = ("版", "专刊", "專刊", "副刊", "周刊", "週刊")
_CLOSING_BRACKETS: Final = frozenset("）)")
# a headline between two dispatches: a line of one to three decks set tight
MAX_HEADLINE_BETWEEN: Final = 24
MAX_SIGNATURE_ABOVE_DATE: Final = 16  # a signature's characters (a shop's, a committee's)
# A line of a running head or foot holds at most this many fields.
MAX_HEADER_FIELDS: Final = 12
# fields of a running head are set apart by spaces or by rules (`│`, `|`, `｜`)
_SECTION_WORD: Final = re.compile("[\u4e00-\u9fff]{2,4}")
_FIELD_SEPARATOR: Final = re.compile(r"[ \t\u3000]*[│|｜┃][ \t\u3000]*|[ \t\u3000]+")
# what a running head in mid-page holds at least one of: a page label or a date
_HEAD_HINT: Final = re.compile(r"[版頁页]|星期|禮拜|礼拜|年\s*[0-9０-９一二三四五六七八九十]{1,2}\s*月|[0-9]{4}\s*[-./]|^[A-Z][0-9]")
_JUMP_HINT_WORDS: Final = ("版", "页")  # jump lines name a page: `（下转第3版）`
# The three gates in one scan of the page: a match is told apart by its text. No word
# of one gate overlaps a word of another, except the furniture words that hold a page
# word (`版式`): those count for both, so the scan finds the lines that three separate
# scans would. (Literal alternatives without groups: `re` skips ahead by their first
# characters; a group in front would make it try a match at every position.)
_GATES: Final = re.compile("|".join(map(re.escape, FURNITURE_HINT_WORDS + BYLINE_HINT_WORDS + _JUMP_HINT_WORDS)))
_FURNITURE_WORDS: Final = frozenset(FURNITURE_HINT_WORDS)
_BYLINE_WORDS: Final = frozenset(BYLINE_HINT_WORDS)
assert DATELINE_HINT.pattern.startswith("^")
_DATELINE_AFTER_NEWLINE: Final = re.compile("\n(?=" + DATELINE_HINT.pattern[1:] + ")")


class Kind(StrEnum):
    BLANK = "blank"
    FURNITURE = "furniture"
    BYLINE = "byline"
    CREDIT = "credit"  # photo credit: `新华社记者 张三 摄`
    DATELINE_END = "dateline-end"  # a dateline alone on its line, closing a feature
    SECTION = "section"  # `（三）`
    HEADING = "heading"  # set by the headings stage
    BODY = "body"


@dataclass
class LineInfo:
    line: SourceLine
    kind: Kind
    text: str  # the body text of the line once markers are cut off
    furniture: str | None = None
    people: Byline | None = None
    dateline: DatelineMatch | None = None  # a dateline opening this line's paragraph
    jump_from: int | None = None  # `（上接第N版）` opened this line
    jump_to: int | None = None  # `（下转第N版）` closed this line
    marker_only: bool = False  # the line held only a marker (no body text left)
    opens_briefs: bool = False  # a briefs column's head (`简讯`): its items follow
    # the source line number, copied: every stage reads it many times per line
    number: int = field(init=False, repr=False, compare=False)

    # Written out for the compiled build, as SourceLine's: made once per line. The other
    # fields start at their defaults and are set by the stages.
    def __init__(self, line: SourceLine, kind: Kind, text: str) -> None:
        self.line = line
        self.kind = kind
        self.text = text
        self.furniture = None
        self.people = None
        self.dateline = None
        self.jump_from = None
        self.jump_to = None
        self.marker_only = False
        self.opens_briefs = False
        self.number = line.number


def classify_lines(lines: list[SourceLine], conventions: Conventions | None = None) -> list[LineInfo]:
    """`conventions`: the family the page is read with (the base family if None)."""
    conventions = conventions or load_conventions()
    extra_datelines = conventions.dateline_patterns
    infos = [LineInfo(line, Kind.BLANK if line.blank else Kind.BODY, line.text) for line in lines]
    for info in infos:
        if info.kind is Kind.BLANK and info.line.raw.strip():
            # only invisible characters (zero-width space, BOM, soft hyphen): kept as noise
            info.kind, info.furniture, info.text = Kind.FURNITURE, "noise", info.line.raw.strip()
    content = [info for info in infos if info.kind is not Kind.BLANK]
    # positions in `content` of the first and last EDGE_LINES lines: [0, EDGE_LINES) and
    # [inner_end, len(content))
    inner_end = len(content) - EDGE_LINES
    # The cheap gates, run once over the whole page: the positions in `content` of the
    # lines they find something in. A line's text is still its original when the loop
    # reaches it (only lines it then skips are rewritten), and no gate spans a newline.
    texts = [info.text for info in content]
    # the gates read the marker view (traditional forms mapped; same length, same offsets)
    page_text = marker_view("\n".join(texts))
    starts = list(accumulate(map(len, texts), lambda start, size: start + size + 1, initial=0))
    furniture_hint, byline_hint, jump_hint = _gated_lines(page_text, starts)
    # The lines the steps below may change: those a gate found something in, those a
    # jump line may have wrapped onto the next line from, the page edges, short lines
    # (section numbers), lines with a layout role, and lines a dateline may open. On any
    # other line the steps change nothing, so they are not visited.
    candidates = furniture_hint | byline_hint | jump_hint | {position - 1 for position in jump_hint}
    candidates.update(range(min(EDGE_LINES, len(content))))
    candidates.update(range(max(0, inner_end), len(content)))
    candidates.update([position for position, text in enumerate(texts) if len(text) <= SECTION_NAME_CHARS + 4])
    candidates.update([position for position, info in enumerate(content) if info.line.layout is not None])
    # DATELINE_HINT tried after every newline of the page in one scan (its leading spaces
    # may reach over a line end: a line found so is read in full, like any other)
    candidates.update(
        bisect_right(starts, found.start() + 1) - 1 for found in _DATELINE_AFTER_NEWLINE.finditer(page_text)
    )
    if texts and DATELINE_HINT.match(marker_view(texts[0])):
        candidates.add(0)
    gate = conventions.dateline_gate
    if gate is not None:
        # a family's further dateline forms (`（重慶廿一日海通社電）`), read as printed; one
        # that wraps opens with a bracket. Tried on the lines that open with a character
        # one of them can start with (a scan of the whole page would try every position).
        initials = conventions.dateline_initials
        candidates.update(
            [
                position
                for position, text in enumerate(texts)
                if text.startswith(_BRACKETS)
                or (
                    text != ""
                    and (initials is None or text[0] in initials)
                    and gate.match(text) is not None
                )
            ]
        )
    # running heads and feet: edge lines, and lines of several spaced fields anywhere
    header_lines = _header_lines(content, texts, inner_end, conventions)
    candidates.update(header_lines)

    skip = -1  # the line after a marker wrapped over two lines: read with it
    skip_to = -1  # the last line of a byline or credit the reader saw wrap: read with its first
    for position in sorted(candidates):
        if position == skip or position <= skip_to or not 0 <= position < len(content):
            continue
        info = content[position]
        text = info.text
        layout = info.line.layout
        role = layout.role if layout else None
        if role == "furniture":
            info.kind, info.furniture = Kind.FURNITURE, furniture_type(text) or "header"
            continue
        if role in ("byline", "credit"):
            # the reader saw a byline or credit by its type and place (lines it saw run on
            # from it read with it); read the names if we can
            more = _run_on(content, position, role)
            names_text = _join_names([text] + [c.text for c in more])
            parsed = parse_byline(names_text)
            if parsed is None and len(names_text) <= _COLLECTIVE_MAX and not _CLAUSE_MARK.search(names_text):
                # no person's name but a line of words set as a byline: a collective
                # byline (a unit, a paper's commentator, a writing group) signs it
                parsed = (Byline(agency=names_text), role == "credit")
            if parsed is not None:
                kind = Kind.CREDIT if role == "credit" else Kind.BYLINE
                info.kind = kind
                info.people = parsed[0]
                for other in more:
                    other.kind, other.people = kind, Byline()
                skip_to = position + len(more)
                continue
            # a sentence the reader placed as a byline: a byline would drop the line's
            # text, so it is read on as any other line
        header = header_lines.get(position)
        if header is not None:
            info.kind, info.furniture = Kind.FURNITURE, header
            continue
        at_edge = not EDGE_LINES <= position < inner_end
        found = furniture_type(text) if at_edge or position in furniture_hint else None
        if found == "date" and position >= inner_end and info.line.indented and position:
            # a date set in alone at the foot, under a short line: a notice's or letter's
            # date under its signature (a running foot sets its date among its fields)
            above = content[position - 1]
            if above.kind is Kind.BODY and len(above.text) <= MAX_SIGNATURE_ABOVE_DATE:
                found = None
        if found and (at_edge or found in ("editor", "masthead")):
            info.kind, info.furniture = Kind.FURNITURE, found
            continue
        if len(text) <= 5 and is_section_number_line(text):
            info.kind = Kind.SECTION
            continue
        head = briefs_head(text, conventions.briefs_heads) if len(text) <= SECTION_NAME_CHARS + 4 else None
        if head is not None:
            info.kind, info.furniture, info.text, info.opens_briefs = Kind.FURNITURE, "section", head, True
            continue
        pen_name = _bracketed_pen_name(text, conventions) if conventions.bracketed_pen_name else None
        # (a short wire dateline, `（某地四日電）`, is bracketed too: it is no pen name)
        if pen_name is not None and match_dateline(text, extra_datelines) is None:
            info.kind, info.people = Kind.BYLINE, Byline(reporters=[pen_name])
            continue

        # Cheap gates first: most lines are running text and hold no marker at all. A line
        # inside a bracket the line above opened (`……。（参与` / `记者 张三）`) goes on with
        # that note: no byline starts there.
        maybe_byline = (
            len(text) <= 60
            and position in byline_hint
            and not (position and _leaves_bracket_open(content[position - 1].text))
        )
        byline = parse_byline(text) if maybe_byline else None
        if byline is None and maybe_byline and looks_like_byline_start(text) and position + 1 < len(content):
            # a byline or credit wrapped over two lines: `■ 新华社记者` / `张三 摄`
            second = content[position + 1]
            joined = parse_byline(text + " " + second.text)
            if joined is not None:
                kind = Kind.CREDIT if joined[1] else Kind.BYLINE
                info.kind, info.people = kind, joined[0]
                second.kind, second.people = kind, Byline()
                skip = position + 1
                continue
        if byline is not None and not byline[1] and position + 1 < len(content):
            # a photo credit wrapped after some of its names: `新华社记者 张三 李四` / `王五 摄`
            second = content[position + 1]
            joined = (
                parse_byline(text + " " + second.text)
                if second.number == info.number + 1 and len(second.text) <= 16 and second.text.endswith(("摄", "攝"))
                else None
            )
            if joined is not None and joined[1]:
                info.kind, info.people = Kind.CREDIT, joined[0]
                second.kind, second.people = Kind.CREDIT, Byline()
                skip = position + 1
                continue
        if byline is not None:
            info.kind = Kind.CREDIT if byline[1] else Kind.BYLINE
            info.people = byline[0]
            continue

        following = content[position + 1] if position + 1 < len(content) else None
        has_page_word = _names_a_page(text)
        jump = match_jump_from(text) if has_page_word else None
        if jump is not None:
            info.jump_from, cut = jump
            text = text[cut:].lstrip()
        elif (following is not None and following.number == info.number + 1 and len(text) <= 8
              and _names_a_page(following.text)):
            # `（上接第` / `2版）春耕时节…`: a continued-from marker wrapped onto the next
            # line, which goes on with the story's text after it (one paragraph from the
            # marker's line on: no marker-only line, which would close one)
            wrapped = match_jump_from(text + following.text)
            if wrapped is not None and wrapped[1] > len(text):
                info.jump_from = wrapped[0]
                following.text = following.text[wrapped[1] - len(text):].lstrip()
                info.text = ""
                continue
        jump_to = match_jump_to(text) if has_page_word else None
        if jump_to is None and following is not None and len(following.text) <= 8 and "版" in following.text:
            # `…（下转第` / `15版）`: a jump line wrapped onto the next line
            wrapped = match_jump_to(text + following.text)
            if wrapped is not None and wrapped[1] < len(text):
                text = text[: wrapped[1]].rstrip()
                following.jump_to, following.text, following.marker_only = wrapped[0], "", True
                skip = position + 1
        if jump_to is not None:
            info.jump_to, cut = jump_to
            text = text[:cut].rstrip()
        if (
            DATELINE_HINT.match(marker_view(text))
            or text.startswith(_BRACKETS)
            or (gate is not None and gate.match(text) is not None)
        ) and _read_dateline(info, text, content[position + 1 : position + 13], extra_datelines):
            continue
        info.text = text
        info.marker_only = not text
    _mark_section_names(content, conventions.sections)
    return infos


def _names_a_page(text: str) -> bool:
    """Whether a jump marker could name a page here (`第2版`, `第2页`): the cheap test before its grammar."""
    return "版" in text or "页" in text or "頁" in text


def _leaves_bracket_open(text: str) -> bool:
    """More opening than closing round brackets: the text goes on inside a bracket."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _run_on(content: list[LineInfo], position: int, role: str) -> list[LineInfo]:
    """The lines after `position` that the reader saw continue its byline or credit (up to
    six: a narrow column sets a byline a name a line)."""
    out: list[LineInfo] = []
    for info in content[position + 1 : position + 7]:
        layout = info.line.layout
        if layout is None or layout.role != role or layout.paragraph_start:
            break
        out.append(info)
    return out


_BREAK_TOKEN: Final = re.compile(r"[^\s（(）)]+")


def _join_names(parts: list[str], *, in_brackets: bool = False) -> str:
    """Lines of a wrapped byline or who-note as one. A break between two runs of two or
    more characters most often stands where a space between two names was; a run of one
    character on either side is a name cut in two (`张` / `百慧`). With `in_brackets`,
    only breaks inside an open bracket (the who-note) are read so."""
    joined = parts[0]
    for part in parts[1:]:
        before = _BREAK_TOKEN.findall(joined[-12:])
        after = _BREAK_TOKEN.findall(part[:12])
        names = not in_brackets or _leaves_bracket_open(joined)
        if (names and before and after and len(before[-1]) > 1 and len(after[0]) > 1 and joined[-1:].isalpha()
                and part[:1].isalpha() and not joined[-1:].isascii() and not part[:1].isascii()):
            joined = joined + " " + part
        else:
            joined = join_lines([joined, part])
    return joined


def _read_dateline(
    info: LineInfo, text: str, following: list[LineInfo], extra: tuple[re.Pattern[str], ...]
) -> bool:
    """Set the dateline opening this line; True if the line is only a closing dateline."""
    dateline = _opening_dateline(text, following, extra)
    if dateline is None and len(following) > 1 and following[0].kind is Kind.BODY:
        # set in a narrow column, a dateline's agency may itself be cut (`新华` / `社…`)
        dateline = _opening_dateline(join_lines([text, following[0].text]), following[1:], extra)
    if dateline is None and extra and text.startswith(_BRACKETS):
        # (over two or three lines at most: a longer bracket is a note, not a dateline)
        dateline = _wrapped_bracket_dateline(text, following[:2], extra)
        if dateline is not None:
            info.dateline = dateline
        return False
    if dateline is None:
        return False
    if text.startswith(_BRACKETS):
        # A bracketed dateline opens its dispatch (old pages print it before the text or
        # alone on the line above it); alone on the last line of a block (a blank line
        # or the page's end after it) it closes one.
        last = not following or following[0].number - info.number > 1 or _next_dispatch_heads(following, extra)
        if last and dateline.end == len(fix_spacing(text)) and info.jump_from is None:
            info.kind, info.dateline, info.text = Kind.DATELINE_END, dateline, ""
            return True
        info.dateline = dateline
        return False
    if (
        dateline.end == len(fix_spacing(text))
        and dateline.date is not None  # a correspondence's `本報某地特約通訊` heads it
        and not dateline.people.reporters
        and info.jump_from is None
        and (dateline.place or dateline.date)
        and not (following and following[0].text.startswith(("（", "(")))
    ):
        # `新华社上海3月5日电` alone on its line: it closes a feature (unless its reporters
        # follow in brackets on the next line: `（记者 张三）…`, then it opens one)
        info.kind, info.dateline = Kind.DATELINE_END, dateline
        info.text = ""
        return True
    info.dateline = dateline
    return False


def _next_dispatch_heads(following: list[LineInfo], extra: tuple[re.Pattern[str], ...]) -> bool:
    """One line, then another bracketed dateline alone on its line: a dispatch has text,
    so the dateline above opens nothing; it closes its dispatch, and the line between is
    the next item's headline (a pdftotext page runs them on without a blank line)."""
    if len(following) < 2 or following[1].number - following[0].number > 1:
        return False
    head, nxt = following[0].text, fix_spacing(following[1].text)
    if not nxt.startswith(_BRACKETS) or len(head) > MAX_HEADLINE_BETWEEN or head.startswith(_BRACKETS):
        return False
    found = match_dateline(nxt, extra)
    return found is not None and found.end == len(nxt)


def _gated_lines(joined: str, starts: list[int]) -> tuple[set[int], set[int], set[int]]:
    """Indexes of the lines of `joined` (lines starting at `starts`) in which the
    furniture, byline and jump gates find something (no gate matches a newline)."""
    furniture: set[int] = set()
    byline: set[int] = set()
    jump: set[int] = set()
    for match in _GATES.finditer(joined):
        line = bisect_right(starts, match.start()) - 1
        word = match.group()
        if word in _BYLINE_WORDS:
            byline.add(line)
        elif word in _FURNITURE_WORDS:
            furniture.add(line)
            if "版" in word or "页" in word:
                jump.add(line)
        else:
            jump.add(line)
    return furniture, byline, jump


def _bracketed_pen_name(text: str, conventions: Conventions) -> str | None:
    """`（某某）` alone on its line: the pen name old features print under their titles
    (not a number, `（三）`, nor a note the conventions list, `（完）`, `（續）`)."""
    match = _PEN_NAME.fullmatch(text)
    if match is None:
        credit = _BRACKETED_CREDIT.fullmatch(text)
        if credit is not None and credit.group(1).endswith(conventions.credit_suffixes):
            return credit.group(1)  # `（某某老人作）`
        return None
    name = match.group(1)
    if name in conventions.not_names or _NUMERALS.fullmatch(name):
        return None
    return name


def _mark_section_names(content: list[LineInfo], sections: frozenset[str]) -> None:
    """A section's name set tight against the running head (`要闻` over `第2版`)."""
    top = content[:EDGE_LINES]
    for position, info in enumerate(top):
        if info.kind is not Kind.BODY or len(info.text) > SECTION_NAME_CHARS or not info.text.isalpha():
            continue
        if info.text not in sections and not info.text.endswith(_SECTION_SUFFIXES):
            continue  # a short title under the running head
        neighbours = [top[p] for p in (position - 1, position + 1) if 0 <= p < len(top)]
        if any(
            other.kind is Kind.FURNITURE and abs(other.number - info.number) == 1 for other in neighbours
        ):
            info.kind, info.furniture = Kind.FURNITURE, "section"


def _wrapped_bracket_dateline(
    text: str, following: list[LineInfo], extra: tuple[re.Pattern[str], ...]
) -> DatelineMatch | None:
    """A bracketed dateline set in a narrow column over two or three lines:
    `（華盛頓` / `廿三日` / `美聯電）…`."""
    joined = text
    for info in following:
        if info.kind is not Kind.BODY or _CLOSING_BRACKETS.intersection(joined):
            return None
        joined = join_lines([joined, info.text])
        found = match_dateline(fix_spacing(joined), extra)
        if found is not None:
            return found
    return None


def _opening_dateline(
    text: str, following: list[LineInfo], extra: tuple[re.Pattern[str], ...] = ()
) -> DatelineMatch | None:
    """A dateline at the start of this line, read with extraction spaces removed.

    It may run onto the next line (`据本报南京 2 月 1 日电（记` / `者 张三）…`), or over
    more in a narrow column (`新华社开罗5月9` / `日电（记者 张三` / `李四）…`): the lines
    (`following`) are read together while the who-note's bracket stays open. The
    paragraph's text is cut after it once the lines are joined.
    """
    if not text:
        return None
    # (stray spaces too: OCR spaces a place name out, `本报巴西 利亚`)
    probe = fix_spacing(text, stray_spaces=True)
    found = match_dateline(probe, extra)
    if found is not None and (
        text.startswith(_BRACKETS) or (found.end < len(probe) and not _open_note(probe, found.end))
    ):
        return found
    parts = [text]
    for k, nxt in enumerate(following):
        if nxt.kind is not Kind.BODY:
            break
        parts.append(nxt.text)
        # inside the who-note, a line break may stand for a space between names
        joined_text = fix_spacing(_join_names(parts, in_brackets=True), stray_spaces=True)
        joined = match_dateline(joined_text, extra)
        # the agency must stand whole on this line, at its start
        if joined is None or not joined.agency or not probe.lstrip("据【[").startswith(joined.agency):
            break
        found = joined
        # the dateline fills its lines and its who-note opens the next one: read on
        then = following[k + 1].text.lstrip()[:1] if k + 1 < len(following) else ""
        if not _open_note(joined_text, joined.end) and not (joined.end >= len(joined_text) and then in ("（", "(")):
            break
    return found


def _open_note(text: str, end: int) -> bool:
    """Whether a who-note bracket opens right after the dateline and does not close."""
    rest = text[end:].lstrip()
    return rest[:1] in ("（", "(") and "）" not in rest and ")" not in rest


def blank_separated(infos: list[LineInfo], clause_ends: str = "") -> bool:
    """Whether this page sets its paragraphs apart with blank lines.

    Told by what follows a line that ends a sentence: on such pages a blank line
    mostly does; elsewhere blank lines come only from column breaks, wherever they fall.
    """
    ends = ends_with_blank = 0
    content = [info for info in infos if info.kind is not Kind.BLANK]
    # `ends_sentence` of each line followed by another, its last-character gate taken
    # first for all lines at once: most lines fail it
    last_characters = SENTENCE_END_LAST.union(clause_ends)
    for position in [p for p, info in enumerate(content[:-1]) if info.text[-1:] in last_characters]:
        previous, info = content[position], content[position + 1]
        if previous.kind is Kind.BODY and info.kind is Kind.BODY and ends_clause(previous.text, clause_ends):
            ends += 1
            ends_with_blank += info.number - previous.number > 1
    return ends > 0 and ends_with_blank * 5 >= ends * 2


def header_line_type(text: str, conventions: Conventions) -> tuple[str, int] | None:
    """A line of running head or foot fields: (furniture type, number of fields).

    The fields may come in any order, set apart by spaces (`2024年7月28日 星期三  第7版
    责任编辑 王明`) or run together where each is whole (`第三版民國八年五月九日`).
    Fields that span a space (`责任编辑 王明`) are read whole; the type is the fields'
    own if all share one, else `header`.
    """
    tokens = _FIELD_SEPARATOR.split(text.strip())
    if not tokens or len(tokens) > MAX_HEADER_FIELDS or not tokens[0]:
        return None
    kinds: list[str] = []
    unknown = 0
    start = 0
    while start < len(tokens):
        # the longest run of tokens (up to four) that reads as one field
        for end in range(min(len(tokens), start + 4), start, -1):
            kind = conventions.field_type(" ".join(tokens[start:end]))
            if kind is not None:
                kinds.append(kind)
                start = end
                break
        else:
            # one short word beside a page label or date: the section's name
            if unknown or not _SECTION_WORD.fullmatch(tokens[start]):
                return None
            unknown += 1
            kinds.append("section")
            start += 1
    if unknown and not any(kind in ("date", "page-number") for kind in kinds):
        return None
    return (kinds[0] if len(set(kinds)) == 1 else "header"), len(kinds)


def _header_lines(
    content: list[LineInfo], texts: list[str], inner_end: int, conventions: Conventions
) -> dict[int, str]:
    """Positions (in `content`) of the lines that are running heads, feet or mastheads.

    From the page's top and bottom edges inwards, lines of furniture fields count while
    they go on (a masthead block of several lines; an ad's price and phone lines at the
    foot of a page, above which its display lines stand, are no running foot). Elsewhere (the running head of the second page of a fold, in mid-text) a
    line counts when it holds several fields, one of them a date or a page label.
    """
    found: dict[int, str] = {}
    count = len(texts)
    # from the top down and the bottom up, while lines are furniture
    for order in (range(count), range(count - 1, -1, -1)):
        last_found = -1
        for seen, position in enumerate(order):
            if seen > last_found + 1 or seen >= 3 * EDGE_LINES:
                break  # the block of furniture at the edge has ended
            read = header_line_type(texts[position], conventions)
            if read is None and _may_be_reversed(texts[position]):
                # a head set right to left reaches the text reversed: `版四第`
                read = header_line_type(texts[position][::-1], conventions)
                if read is not None:
                    content[position].text = texts[position][::-1]
            if read is not None:
                found[position] = read[0]
                last_found = seen
    _display_blocks_at_the_foot(content, found, conventions)
    for position, text in enumerate(texts):
        if position in found or len(text) < 4:
            continue
        if not (" " in text or "\u3000" in text or "│" in text or "|" in text or "｜" in text):
            continue  # (one field only: no running head; tested without a loop per line)
        if _HEAD_HINT.search(text) is None:
            continue  # no date or page label in it: no running head
        read = header_line_type(text, conventions)
        if read is not None and read[1] >= 2 and _dates_or_labels(text, conventions):
            found[position] = read[0]
    return found


MAX_FOOT_BLOCK: Final = 12
_AD_FOOT_WORDS: Final = 2


def _display_blocks_at_the_foot(content: list[LineInfo], found: dict[int, str], conventions: Conventions) -> None:
    """An ad at the foot of a page: its price, address and phone lines read as running-foot
    fields, but they share a block set off by a blank line with display lines that are
    no fields (the shop's name, a slogan). Such a block is no running foot."""
    foot = sorted(position for position in found if position >= len(content) - 3 * EDGE_LINES)
    if not foot:
        return
    start = foot[0]
    while start > 0 and content[start].number - content[start - 1].number == 1 and foot[-1] - start < MAX_FOOT_BLOCK:
        start -= 1
    if start == 0 or content[start].number - content[start - 1].number == 1:
        return  # no blank line above: the page's own foot under its text
    block = content[start:]
    if all(position in found for position in range(start, len(content))) or len(block) > MAX_FOOT_BLOCK:
        return
    text = "".join(info.text for info in block)
    if sum(1 for word in conventions.ad_words if word in text) >= _AD_FOOT_WORDS:
        for position in range(start, len(content)):
            found.pop(position, None)


MAX_REVERSED_CHARS: Final = 12
MAX_BRIEFS_HEAD: Final = 8
# a head named for its field ends in a word only briefs heads end in
_BRIEFS_ENDINGS: Final = ("讯", "訊", "简报", "簡報", "速递", "速遞", "速览", "速覽", "新闻", "新聞")


def _may_be_reversed(text: str) -> bool:
    """A short line of ideographs only: a horizontal head set right to left may reach
    the text reversed (a longer line or one with punctuation is text)."""
    return 2 <= len(text) <= MAX_REVERSED_CHARS and _IDEOGRAPHS.fullmatch(text) is not None


def briefs_head(text: str, heads: frozenset[str]) -> str | None:
    """The head of a briefs column (`简讯`, `【快讯】`, reversed `讯简`), as it reads."""
    bare = text.strip(_ORNAMENTS)
    for reading in (bare, bare[::-1]):
        # the head alone or named for its field: `简讯`, `经济快讯`, `体坛短讯`
        if reading in heads or (
            len(reading) <= MAX_BRIEFS_HEAD
            and reading.endswith(_BRIEFS_ENDINGS)
            and any(reading.endswith(head) for head in heads)
        ):
            return reading
    return None


def _dates_or_labels(text: str, conventions: Conventions) -> bool:
    """Whether a line of fields holds a date or a page label (not only names or words)."""
    return any(
        conventions.field_type(field) in ("date", "page-number") for field in _FIELD_SEPARATOR.split(text.strip())
    )
