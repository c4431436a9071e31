"""Stage 6: paragraphs, headings and markers -> articles.

The page is read as a sequence of units (paragraphs, heading groups, bylines,
credits, closing datelines). Two questions are answered from evidence, not from
a fixed order:

1. Is a heading a title (an article boundary) or a subhead inside an article?
   Markers next to it decide where they can (a jump line, a dateline or byline
   right after it, a closing dateline right before it, the page edge); else the
   text around it does: the same article goes on when the paragraphs before and
   after share their vocabulary.
2. Does this page print titles before or after their bodies? Each title votes by
   the words it shares with the text before and after it; the page edges vote
   too (a heading at the very end heads nothing that follows it).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Final

from banmian.conventions import Conventions, load_conventions
from banmian.model import Byline
from banmian.stages.classify import Kind, LineInfo
from banmian.stages.columns import measure, other_column
from banmian.stages.markers import CONTRIBUTOR_NOTE_RE, split_trailing_credit
from banmian.stages.paragraphs import Paragraph

_CJK_RUN: Final = re.compile(r"[\u3400-\u9fff]+")
# A bracketed dateline (`（某地廿三日電）`) opens a further dispatch under the same
# headline, not an item of its own.
_BRACKETS: Final = ("（", "(")
# A headline's decks set on one line, a space apart, each a phrase of its own: a subhead
# is one phrase (a space OCR put inside a word leaves a part of one to three characters)
_DECKS_ON_ONE_LINE: Final = re.compile(r"[^\s，、。；：]{4,}(?:[ \u3000]+[^\s，、。；：]{4,})+")
_WHOLE_QUOTATION: Final = re.compile(r"^“[^“”]+”$|^「[^「」]+」$")

# Weighted shared vocabulary (see `Vocabulary.cohesion`) at which the text on both
# sides of a heading is as likely one article as two; subheads are also shorter
# than titles. Each unit of evidence below weighs one point.
SAME_ARTICLE_COHESION: Final = 0.03
COHESION_CHARS: Final = 1500  # how much text on each side of a heading is compared
CLEARLY_SHARED: Final = 0.25  # share of a heading's bigrams found in a text that ties them
MAX_ORDER_VOTERS: Final = 16
COHESION_PER_POINT: Final = 0.02
SUBHEAD_CHARS: Final = 11
CHARS_PER_POINT: Final = 6
DECKS_POINTS: Final = 1.0
NARROW_DECK: Final = 4  # cells short of the column
SET_APART_POINTS: Final = 1.5
MARKER_POINTS: Final = 1.5
# the words a heading over plain text must share with the story around it to count as
# its subhead on a page whose titles stand over markers
MARKER_COHESION: Final = 0.02
# Captions are short: a photo's caption paragraphs hold at most this many characters.
MAX_CAPTION_CHARS: Final = 400
MAX_CAPTION_PARAGRAPH: Final = 160
SHORT_CAPTION: Final = 40


@dataclass
class Unit:
    kind: Kind  # BODY (a paragraph), HEADING, SECTION, BYLINE, CREDIT, DATELINE_END
    infos: list[LineInfo]
    is_title: bool = False
    set_apart: bool = False  # blank lines (or the page edge) above and below
    # Values asked for many times while titles are decided, computed on first use (kind
    # and lines no longer change by then). Plain fields rather than a caching descriptor,
    # which the compiled build (docs/speed.md) cannot hold.
    _text: str | None = field(init=False, repr=False, compare=False)
    _grams: frozenset[str] | None = field(init=False, repr=False, compare=False)
    _ends_with_credit: bool | None = field(init=False, repr=False, compare=False)
    _closes_article: bool | None = field(init=False, repr=False, compare=False)

    # whether an opening dateline after running text starts another item (conventions)
    datelines_open: bool = True
    # bracketed notes that close an item (`（完）`, `（未完）`: conventions)
    closing_notes: tuple[str, ...] = ()
    # the first unit under a briefs column's head (`简讯`)
    opens_briefs: bool = False
    # which block of lines set off by blank lines the unit lies in
    segment: int = 0
    # a heading that names a notice (`遗失声明`): it heads the notice below it
    notice_head: bool = False

    # Written out for the compiled build (see SourceLine): a page makes a hundred or so.
    def __init__(
        self,
        kind: Kind,
        infos: list[LineInfo],
        is_title: bool = False,
        set_apart: bool = False,
        datelines_open: bool = True,
        closing_notes: tuple[str, ...] = (),
    ) -> None:
        self.kind = kind
        self.infos = infos
        self.is_title = is_title
        self.set_apart = set_apart
        self.datelines_open = datelines_open
        self.closing_notes = closing_notes
        self.opens_briefs = False
        self.segment = 0
        self.notice_head = False
        self._text = None
        self._grams = None
        self._ends_with_credit = None
        self._closes_article = None

    @property
    def first(self) -> int:
        return self.infos[0].number

    @property
    def last(self) -> int:
        return self.infos[-1].number

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(i.text for i in self.infos)
        return self._text

    @property
    def grams(self) -> frozenset[str]:
        """The unit's vocabulary: its CJK character bigrams."""
        if self._grams is None:
            self._grams = frozenset(bigrams(self.text))
        return self._grams

    @property
    def opens_article(self) -> bool:
        """A marker that starts an article's body: byline, opening dateline, jump-from line."""
        if self.kind is Kind.BYLINE:
            return True
        first = self.infos[0]
        return self.kind is Kind.BODY and (first.dateline is not None or first.jump_from is not None)

    @property
    def starts_item(self) -> bool:
        """A marker after running text that starts the next item: a byline, a jump-from
        line, or an opening dateline where the page's conventions give each dispatch
        an item of its own (old pages gather several under one headline)."""
        if self.kind is Kind.BYLINE:
            return True
        first = self.infos[0]
        return self.kind is Kind.BODY and (
            (first.dateline is not None and self.datelines_open and not first.dateline.raw.startswith(_BRACKETS))
            or first.jump_from is not None
        )

    @property
    def ends_with_credit(self) -> bool:
        """A caption paragraph that ends with its photo credit (`……。（新华社记者 张三 摄）`)."""
        if self._ends_with_credit is None:
            self._ends_with_credit = self.kind is Kind.BODY and split_trailing_credit(self.text) is not None
        return self._ends_with_credit

    @property
    def closes_article(self) -> bool:
        """A closing marker: a closing dateline, a credit, a jump-to line, a contributor note."""
        if self._closes_article is None:
            self._closes_article = self._find_closing_marker()
        return self._closes_article

    def _find_closing_marker(self) -> bool:
        if self.kind in (Kind.DATELINE_END, Kind.CREDIT):
            return True
        if self.kind is not Kind.BODY:
            return False
        if self.infos[-1].jump_to is not None:
            return True
        if self.closing_notes and self.text.rstrip().endswith(self.closing_notes):
            return True  # `……（完）`, a serial's `（未完）`
        # a note ends in a closing bracket (then only whitespace): test that before the
        # regex (`ends_with_credit` tests its own ending). An opening dateline's who-note
        # (`新华社某地某日电（记者 …）`, wrapped over lines of its own) opens the text.
        if (
            self.text.rstrip().endswith(("）", ")"))
            and self.infos[0].dateline is None
            and CONTRIBUTOR_NOTE_RE.search(self.text) is not None
        ):
            return True
        return self.ends_with_credit


@dataclass
class ArticleDraft:
    units: list[Unit] = field(default_factory=list)
    titles: list[Unit] = field(default_factory=list)
    is_photo: bool = False
    is_ad: bool = False
    is_brief: bool = False  # an item of a briefs column

    @property
    def paragraphs(self) -> list[Unit]:
        return [u for u in self.units if u.kind is Kind.BODY]

    @property
    def empty(self) -> bool:
        return not self.units and not self.titles


def build_units(
    infos: list[LineInfo], paragraphs: list[Paragraph], conventions: Conventions | None = None
) -> list[Unit]:
    """Group classified lines into units, in page order (furniture and blanks left out)."""
    conventions = conventions or load_conventions()
    datelines_open = conventions.dateline_opens_article
    closing_notes = conventions.closing_notes
    paragraph_of = {p.first: p for p in paragraphs}
    units: list[Unit] = []
    previous: LineInfo | None = None
    briefs_head = False  # a briefs column's head came since the last unit
    for info in infos:
        if info.kind in (Kind.BLANK, Kind.FURNITURE):
            previous = None if info.kind is Kind.BLANK else previous
            briefs_head = briefs_head or info.opens_briefs
            continue
        count = len(units)
        if info.kind is Kind.BODY:
            paragraph = paragraph_of.get(info.number)
            if paragraph is not None:
                units.append(
                    Unit(
                        Kind.BODY,
                        list(paragraph.lines),
                        datelines_open=datelines_open,
                        closing_notes=closing_notes,
                    )
                )
                if conventions.bracketed_pen_name and _signed_off(paragraph.lines[-1].text, conventions.not_names):
                    units[-1]._closes_article = True
                _credit_of_its_own(units[-1])
        elif (
            units
            and previous is not None
            and units[-1].kind is info.kind
            and info.kind in (Kind.HEADING, Kind.BYLINE, Kind.CREDIT)
            and units[-1].last == previous.number
        ):
            units[-1].infos.append(info)  # the next line of the same heading or credit
        else:
            units.append(Unit(info.kind, [info]))
        if briefs_head and len(units) > count:
            units[-1].opens_briefs, briefs_head = True, False
        previous = info
    blank = {i.number for i in infos if i.kind is Kind.BLANK}
    last_line = infos[-1].number if infos else 0
    segment = 0
    for position, unit in enumerate(units):
        unit.set_apart = (unit.first == 1 or unit.first - 1 in blank) and (
            unit.last == last_line or unit.last + 1 in blank
        )
        if position and any(n in blank for n in range(units[position - 1].last + 1, unit.first)):
            segment += 1
        unit.segment = segment
    return units


# `……效力。　（某）`: an old feature ends with its author's pen name in brackets
_SIGNED_OFF: Final = re.compile(r"[。！？」』][ \u3000]*[（(]([\u3400-\u9fff·]{1,4})[）)][ \u3000]*$")
_NUMERALS: Final = re.compile("[〇零一二三四五六七八九十百廿卅]+")


def _signed_off(text: str, not_names: frozenset[str]) -> bool:
    match = _SIGNED_OFF.search(text)
    return match is not None and match.group(1) not in not_names and not _NUMERALS.fullmatch(match.group(1))


def _credit_of_its_own(unit: Unit) -> None:
    """A paragraph that is only a photo credit, wrapped over its lines (`（新华社记者` /
    `赵文华 摄）`): a credit, like one read on a line of its own."""
    if len(unit.infos) > 1 and unit.infos[0].text[:1] in _BRACKETS:
        split = split_trailing_credit(unit.text)
        if split is not None and not split[0]:
            unit.kind = Kind.CREDIT
            unit.infos[0].people = split[2]
            for info in unit.infos[1:]:
                info.people = Byline()


def bigrams(text: str) -> set[str]:
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


class Vocabulary:
    """How many of the page's paragraphs use each bigram: words every article uses
    (发展, 记者) say little about whether two stretches of text are one article."""

    def __init__(self, units: list[Unit]) -> None:
        self.paragraphs = 0
        self.frequency: dict[str, int] = {}
        for unit in units:
            if unit.kind is Kind.BODY:
                self.paragraphs += 1
                for gram in unit.grams:
                    self.frequency[gram] = self.frequency.get(gram, 0) + 1

    def weight(self, gram: str) -> float:
        return math.log((self.paragraphs + 1) / (self.frequency.get(gram, 0) + 0.5))

    def cohesion(self, before: list[Unit], after: list[Unit]) -> float:
        """Weighted share of vocabulary between two stretches of text, 0..1."""
        a = _grams(_within(list(reversed(before)), COHESION_CHARS))
        b = _grams(_within(after, COHESION_CHARS))
        if not a or not b:
            return 0.0
        shared = sum(self.weight(g) for g in a & b)
        return shared / min(sum(self.weight(g) for g in a), sum(self.weight(g) for g in b))


def _within(units: list[Unit], limit: int) -> list[Unit]:
    """The first units that together hold about `limit` characters."""
    out: list[Unit] = []
    size = 0
    for unit in units:
        if size >= limit:
            break
        out.append(unit)
        size += len(unit.text)
    return out


def _grams(units: list[Unit]) -> set[str]:
    out: set[str] = set()
    for unit in units:
        out |= unit.grams
    return out


def _body_text(units: list[Unit]) -> str:
    return "".join(u.text for u in units if u.kind is Kind.BODY)


def _stretch(units: list[Unit], start: int, step: int, limit: int = 1500) -> list[Unit]:
    """Paragraph units from `start` walking `step` until a heading or an article marker."""
    out: list[Unit] = []
    size = 0
    index = start
    while 0 <= index < len(units) and size < limit:
        unit = units[index]
        if unit.kind is Kind.HEADING:
            break
        if unit.kind is Kind.BODY:
            out.append(unit)
            size += len(unit.text)
        if (step > 0 and unit.closes_article) or (step < 0 and unit.opens_article):
            break
        index += step
    return out


def _cluster_bounds(units: list[Unit], index: int) -> tuple[int, int]:
    """First and last index of the run of adjacent heading units around `index`."""
    start = end = index
    # (a notice's head starts a run of its own)
    while start > 0 and units[start - 1].kind is Kind.HEADING and not units[start].notice_head:
        start -= 1
    while end + 1 < len(units) and units[end + 1].kind is Kind.HEADING and not units[end + 1].notice_head:
        end += 1
    return start, end


def _marked_title(units: list[Unit], start: int, end: int) -> bool:
    """Markers or the page edge say this heading run is a title."""
    if start == 0 or end == len(units) - 1:
        return True
    before, after = units[start - 1], units[end + 1]
    if after.kind is Kind.SECTION and end + 2 < len(units):
        after = units[end + 2]  # past a serial's instalment number (`（八）`) to its pen name
    set_apart = units[start].set_apart and units[end].set_apart
    return _opens_under_title(after, set_apart) or before.closes_article or after.kind is Kind.CREDIT


def _opens_under_title(unit: Unit, set_apart: bool) -> bool:
    """A marker that only a title stands over. On pages where each dispatch is an item
    of its own, a bracketed dispatch dateline may also follow a subhead set in the flow
    of a story (the story's later dispatches); a heading set apart over it, or any
    heading on old pages (which gather dispatches under one headline), is a title."""
    if not unit.opens_article:
        return False
    dateline = unit.infos[0].dateline
    dispatch = unit.datelines_open and dateline is not None and dateline.raw.startswith(_BRACKETS)
    return set_apart or not dispatch


def shared_words(heading: str, units: list[Unit]) -> float:
    """Share of a heading's bigrams that occur in the text of `units`."""
    words = bigrams(heading)
    if not words:
        return 0.0
    text = "\n".join(u.text for u in units)
    return sum(1 for w in words if w in text) / len(words)


def _quotes_its_section(heading: str, before: str, after: str) -> bool:
    """Feature subheads quote a phrase of the section they head (or close)."""
    core = heading.strip("“”‘’「」『』\"' ")
    return len(core) >= 4 and (core in after or core in before)


def _inside_bracket(units: list[Unit], start: int, end: int) -> bool:
    """Between a byline and a closing dateline, with no boundary between.

    An opening dateline does not bracket (an article has one dateline, so a closing one
    further on belongs to another article), nor do jump lines (a page may hold the end
    of one continued article and the start of another that continues elsewhere).
    """
    opened = False
    for unit in reversed(units[:start]):
        if unit.kind is Kind.BYLINE:
            opened = True
            break
        if unit.opens_article or unit.closes_article or (unit.kind is Kind.HEADING and unit.is_title):
            break
    if not opened:
        return False
    after = units[end + 1 :]
    for position, unit in enumerate(after):
        if unit.kind is Kind.DATELINE_END:
            return True
        following = after[position + 1] if position + 1 < len(after) else None
        if unit.kind is Kind.BODY and following is not None and following.kind is Kind.DATELINE_END:
            continue  # the last paragraph (a note or jump line may close it), then the dateline
        if unit.opens_article or unit.closes_article or (unit.kind is Kind.HEADING and unit.is_title):
            break
    return False


def _article_units_before(units: list[Unit], start: int) -> list[Unit]:
    """Paragraphs from the last boundary (title, opening or closing marker) up to `start`."""
    out: list[Unit] = []
    for unit in reversed(units[:start]):
        if (unit.kind is Kind.HEADING and unit.is_title) or unit.closes_article:
            break
        if unit.kind is Kind.BODY:
            out.append(unit)
        if unit.opens_article:
            break
    out.reverse()
    return out


def _up_to_heading(text: list[Unit], units: list[Unit], index: int, step: int) -> list[Unit]:
    """The paragraphs of `text` (walking away from the heading at `index` by `step`) up to
    the next heading, decided or not: the measure next to a heading is that of its own
    stretch of text, not of another story past an undecided title."""
    limit = index + step
    while 0 <= limit < len(units) and units[limit].kind is not Kind.HEADING:
        limit += step
    return [u for u in text if (u.first < units[limit].first if step > 0 else u.first > units[limit].first)] if 0 <= limit < len(units) else text


def _article_units_after(units: list[Unit], end: int) -> list[Unit]:
    out: list[Unit] = []
    for unit in units[end + 1 :]:
        if (unit.kind is Kind.HEADING and unit.is_title) or (unit.starts_item and out):
            break
        if unit.kind is Kind.BODY:
            out.append(unit)
        if unit.closes_article:
            break
    return out


def decide_titles(units: list[Unit], blank_style: bool, datelines_open: bool = True) -> bool:
    """Mark each heading run as title or subhead (`is_title`); return whether titles come first.

    Marked titles (page edge, markers next to them) are certain; they also tell the
    page's order. The other headings are then titles only where the text on their
    sides is not one article.
    """
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(units):
        if units[index].kind is Kind.HEADING:
            start, end = _cluster_bounds(units, index)
            runs.append((start, end))
            index = end + 1
        else:
            index += 1
    undecided: list[tuple[int, int]] = []
    for start, end in runs:
        if units[start].notice_head or _marked_title(units, start, end):
            for unit in units[start : end + 1]:
                unit.is_title = True
        else:
            undecided.append((start, end))

    titles_first = titles_come_first(units)
    # Where most headings stand over a byline, dateline or jump line, a heading over
    # plain text that shares the story's words is a subhead.
    over_markers = sum(1 for _start, end in runs if end + 1 < len(units) and units[end + 1].opens_article)
    # (on old pages, which gather dispatches under headlines, many items have no marker)
    markers_tell = datelines_open and over_markers >= 2 and over_markers * 2 >= len(runs)
    vocabulary: Vocabulary | None = None
    # On a page that runs its paragraphs on, blank lines around a heading make it a block
    # of its own (a title); a heading inside the flow is a subhead where the page sets
    # other headings apart (where it sets none apart, that tells nothing).
    headings = [u for u in units if u.kind is Kind.HEADING]
    set_apart_tells = not blank_style
    inline_tells = set_apart_tells and any(u.set_apart for u in headings)
    for start, end in undecided:
        heading = "".join(u.text for u in units[start : end + 1])
        before = _article_units_before(units, start)
        after = _article_units_after(units, end)
        if _quotes_its_section(heading, _body_text(before), _body_text(after)):
            continue
        if column_changes(_up_to_heading(before[::-1], units, start, -1)[::-1], _up_to_heading(after, units, end, 1)):
            is_title = True
        elif titles_first:
            vocabulary = vocabulary or Vocabulary(units)
            is_title = not _inside_bracket(units, start, end) and not _reads_as_subhead(
                units[start : end + 1], before, after, vocabulary, set_apart_tells, inline_tells, markers_tell
            )
        elif _WHOLE_QUOTATION.match(heading):
            is_title = False  # a feature's subheads quote a phrase; its title is its own words
        else:
            # a title closes the article whose words it shares
            shared_before, shared_after = shared_words(heading, before), shared_words(heading, after)
            if shared_before > shared_after and shared_before >= CLEARLY_SHARED:
                is_title = True
            else:
                is_title = shared_before > shared_after and not _inside_bracket(units, start, end)
        for unit in units[start : end + 1]:
            unit.is_title = is_title
    return titles_first


def _reads_as_subhead(
    heading: list[Unit],
    before: list[Unit],
    after: list[Unit],
    vocabulary: Vocabulary,
    set_apart_tells: bool,
    inline_tells: bool,
    markers_tell: bool = False,
) -> bool:
    """One article on both sides (shared rare words) and a short heading: a subhead.

    Where paragraphs run on without blank lines, a heading set apart by blank lines is
    a block of its own (a title); one set inside the text flow is a subhead.
    """
    text = "".join(u.text for u in heading)
    cohesion = vocabulary.cohesion(before, after)
    evidence = (cohesion - SAME_ARTICLE_COHESION) / COHESION_PER_POINT
    if markers_tell and cohesion >= MARKER_COHESION:
        # the page's titles stand over bylines or datelines; this heading stands over
        # text that goes on with the story before it
        evidence += MARKER_POINTS
    evidence += (SUBHEAD_CHARS - len(text)) / CHARS_PER_POINT
    column = _column_width_of(after[:3]) or _column_width_of(before[-3:])
    for unit in heading:
        if len(unit.infos) > 1:
            # subheads take one line; titles often two decks set tight, or a title
            # wrapped in a frame much narrower than the text column
            first, second = unit.infos[0].line.width, unit.infos[1].line.width
            narrow = column and second <= first < column - NARROW_DECK  # wrapped in a narrow frame
            evidence -= 2.5 * DECKS_POINTS if narrow else DECKS_POINTS
        elif _DECKS_ON_ONE_LINE.fullmatch(unit.infos[0].text):
            evidence -= DECKS_POINTS  # decks set side by side (`某地火警　焚燬平房十間`)
    if heading[0].set_apart and heading[-1].set_apart:
        evidence -= SET_APART_POINTS if set_apart_tells else 0
    elif inline_tells:
        evidence += SET_APART_POINTS
    return evidence > 0


def _column_width_of(units: list[Unit]) -> int:
    return measure(info.line.width for unit in units for info in unit.infos)


def column_changes(before: list[Unit], after: list[Unit]) -> bool:
    """The text after a heading is set in another column width than the text before it:
    an article's text keeps its measure, so this is another article."""
    width_before = _column_width_of(before[-3:])
    width_after = _column_width_of(after[:3])
    return other_column(width_before, width_after)


def titles_come_first(units: list[Unit]) -> bool:
    """Whether this page prints titles before their bodies (else after).

    Each title decided so far votes by the words it shares with the text before and
    after it; a heading at the page's start or end votes for its edge.
    """
    before_votes = after_votes = 0.0
    content = [u for u in units if u.kind is not Kind.SECTION]
    if not content:
        return True
    if content[0].kind is Kind.HEADING:
        before_votes += 2
    if content[-1].kind is Kind.HEADING:
        after_votes += 2
    # (a notice's head stands over its text on any page: it tells nothing of the order)
    titles = [i for i, u in enumerate(units) if u.kind is Kind.HEADING and u.is_title and not u.notice_head]
    # the order is the page's: a dozen or so titles tell it (and keep a long page linear)
    voters = (titles or [i for i, u in enumerate(units) if u.kind is Kind.HEADING])[:MAX_ORDER_VOTERS]
    for index in voters:
        heading = units[index].text
        if not bigrams(heading):
            continue
        shared_before = shared_words(heading, _stretch(units, index - 1, -1, limit=10**9))
        shared_after = shared_words(heading, _stretch(units, index + 1, +1, limit=10**9))
        if shared_before > shared_after:
            after_votes += 1 + shared_before - shared_after
        elif shared_after > shared_before:
            before_votes += 1 + shared_after - shared_before
    return before_votes >= after_votes


def _split_captions(draft: ArticleDraft, bullets: str = "") -> list[Unit]:
    """The trailing paragraphs of a draft that caption the photo whose credit follows."""
    paragraphs = draft.paragraphs
    if not paragraphs:
        return []
    if sum(len(p.text) for p in paragraphs) <= MAX_CAPTION_CHARS and not draft.titles:
        # a paragraph led by the page's item bullet (`■某某　……`, a run-in title) opens
        # an item of its own: no caption; the captions are the paragraphs after it
        leads = [i for i, p in enumerate(paragraphs[:-1]) if _bulleted(p, bullets)]
        return list(paragraphs[leads[-1] + 1 :] if leads else paragraphs)
    # Captions are short, set in their own measure, and follow one another directly.
    captions = [paragraphs[-1]]
    caption_width = _column_width_of(captions)
    indented = paragraphs[-1].infos[0].line.indented
    text_width = _column_width_of(paragraphs[:-1][:3])
    if text_width and not other_column(text_width, caption_width):
        # no measure of its own: the paragraph next to the credit, and a one-line
        # caption sentence before it (`这是……拍摄的……。`)
        earlier = draft.units[: draft.units.index(captions[0])]
        if (
            len(paragraphs) > 2
            and earlier
            and earlier[-1].kind is Kind.BODY
            and len(earlier[-1].infos) <= 2
            and len(earlier[-1].text) <= SHORT_CAPTION
            and earlier[-1].infos[0].line.indented == indented
        ):
            captions.insert(0, earlier[-1])
        return captions
    earlier = draft.units[: draft.units.index(paragraphs[-1])]
    for unit in reversed(earlier):
        if unit.kind is not Kind.BODY or (unit is paragraphs[0] and draft.titles):
            break  # a subhead between, or the paragraph a title heads
        width = _column_width_of([unit])
        if other_column(width, caption_width):
            break
        if unit.infos[0].line.indented != indented:
            break  # the article's paragraphs are indented, a caption's not (or the reverse)
        if (
            len(unit.text) > MAX_CAPTION_PARAGRAPH
            or sum(len(c.text) for c in captions) + len(unit.text) > MAX_CAPTION_CHARS
        ):
            break
        captions.insert(0, unit)
    return captions


def group_articles(
    units: list[Unit], blank_style: bool, conventions: Conventions | None = None
) -> list[ArticleDraft]:
    if units and units[0].infos[0].line.layout is not None:
        return group_by_layout(units)
    conventions = conventions or load_conventions()
    ad_words, bullets = conventions.ad_words, conventions.bullets
    ad_blocks = _ad_blocks(units, ad_words)
    for block in ad_blocks.values():
        for unit in block:
            unit.kind = Kind.BODY  # display lines, not headings: no title votes for them
    notice_heads = conventions.notice_heads
    for unit in units:
        if unit.kind is Kind.HEADING and notice_heads:
            bare = unit.text.strip(" \u3000【】〖〗[]")
            # (a want or a loss opens with what it is: `招請店員`, `遺失支票`)
            unit.notice_head = len(bare) <= MAX_NOTICE_HEAD and (
                bare.endswith(notice_heads) or bare.startswith(notice_heads)
            )
    titles_first = decide_titles(units, blank_style, conventions.dateline_opens_article)
    drafts: list[ArticleDraft] = []
    current = ArticleDraft()

    def close() -> None:
        nonlocal current
        if not current.empty:
            drafts.append(current)
        current = ArticleDraft()

    in_briefs = False  # under a briefs column's head: each paragraph is an item
    bulleted_briefs = False
    skip_to = 0
    for index, unit in enumerate(units):
        if index < skip_to:
            continue
        following = units[index + 1] if index + 1 < len(units) else None
        ad_block = ad_blocks.get(index)
        if ad_block is not None:
            close()
            drafts.append(ArticleDraft(units=ad_block, is_ad=True))
            skip_to = index + len(ad_block)
            continue
        if unit.opens_briefs:
            close()
            in_briefs = True
            # where the column's first item has a bullet, bullets lead its items
            bulleted_briefs = unit.infos[0].text[:1] != "" and unit.infos[0].text[0] in bullets
        if in_briefs and _ends_briefs(unit, current, bulleted_briefs, bullets):
            in_briefs = False
        if in_briefs and (
            unit.kind is Kind.BODY
            or (unit.kind is Kind.HEADING and _leads_brief(unit, following, current, bulleted_briefs, bullets))
        ):
            # An item of a briefs column: one paragraph, its short first line (a run-in
            # lead) read as a heading or not.
            lead_only = current.is_brief and _lead_only(current.units[-1], bullets)
            if not lead_only and (
                not current.is_brief
                or unit.kind is Kind.HEADING
                or not bulleted_briefs
                or _bulleted_line(unit, bullets)
                or unit.opens_article
            ):
                close()
                current.is_brief = True
                current.units.append(Unit(Kind.BODY, list(unit.infos)))
            else:
                current.units[-1].infos.extend(unit.infos)
                current.units[-1]._text = current.units[-1]._grams = None
            continue
        if unit.kind is Kind.HEADING and current.titles and _signs_notice(unit, following, current, conventions):
            current.units.append(unit)  # the signature and date under a notice
            continue
        if unit.kind is Kind.HEADING and len(unit.infos) >= MIN_AD_HEADING_LINES and reads_as_ad(unit, ad_words):
            # display lines of an ad, short and unpunctuated, read as a title's decks; the
            # last lines, free of ad words, title what a byline or dateline opens below
            keep = len(unit.infos)
            if following is not None and following.opens_article:
                while keep > MIN_AD_HEADING_LINES - 1 and not any(
                    word in _unspaced(unit.infos[keep - 1].text) for word in ad_words
                ):
                    keep -= 1
            close()
            drafts.append(ArticleDraft(units=[Unit(Kind.HEADING, unit.infos[:keep])], is_ad=True))
            if keep == len(unit.infos):
                continue
            unit.infos = unit.infos[keep:]
            unit._text = unit._grams = None
            unit.is_title = True
        if unit.kind is Kind.HEADING and in_briefs:
            unit.is_title = True  # the first heading after a briefs column titles what follows
            for other in units[index + 1 : index + 1 + MAX_HEADING_RUN]:
                if other.kind is not Kind.HEADING:
                    break
                other.is_title = True
            in_briefs = False
        if (
            titles_first
            and unit.kind is Kind.BODY
            and current.empty
            and drafts
            and drafts[-1].is_ad
            and not unit.opens_article
            and _display_unit(unit)
        ):
            # display lines right after an ad, under no title of their own: more of the ad
            drafts[-1].units.append(unit)
            continue
        if unit.kind is Kind.BODY and len(unit.infos) > 1 and reads_as_ad(unit, ad_words):
            # an ad is an item of its own, with the display lines set right above it
            ad = ArticleDraft(is_ad=True)
            if current.titles and not current.units:
                ad.units, current.titles = current.titles, []
            close()
            ad.units.append(unit)
            drafts.append(ad)
            continue
        if unit.kind is Kind.HEADING and unit.is_title:
            if unit.notice_head or any(t.notice_head for t in current.titles):
                # a notice: its head, then its text, on any page
                if current.units or current.titles:
                    close()
                current.titles.append(unit)
            elif titles_first:
                if current.units and not _heads_only(current):
                    close()
                current.titles.append(unit)  # further decks join the title begun above
            else:
                current.titles.append(unit)
                if following is None or not (following.kind is Kind.HEADING and following.is_title):
                    close()
            continue
        if unit.kind is Kind.CREDIT or unit.ends_with_credit:
            if unit.kind is Kind.BODY:
                current.units.append(unit)  # the caption that carries its credit
            captions = _split_captions(current, bullets)
            if captions and len(captions) < len(current.paragraphs):
                for caption in captions:
                    current.units.remove(caption)
                close()
                current.units.extend(captions)
            elif not captions and current.paragraphs:
                close()
            if unit.kind is Kind.CREDIT:
                current.units.append(unit)
            current.is_photo = True
            close()
            continue
        if (
            unit.kind is Kind.BODY
            and current.units
            and any(t.notice_head for t in current.titles)
            and conventions.field_type(current.units[-1].infos[-1].text.strip(" \u3000")) == "date"
        ):
            close()  # a notice ends with its date under the signature: what follows is not its
        if unit.starts_item and current.paragraphs:
            close()  # a byline, dateline or jump line after text starts the next article
        elif titles_first and _bulleted(unit, bullets) and current.paragraphs:
            # A bullet leads an item of its own, unless it leads the next paragraph of a
            # titled column of bulleted paragraphs (`火警` / `△…` / `△…`).
            if not current.titles or not all(_bulleted(p, bullets) for p in current.paragraphs):
                close()
        if (
            unit.kind is Kind.HEADING
            and not titles_first
            and current.titles
            and any(t.notice_head for t in current.titles)
            and current.paragraphs
        ):
            close()  # the notice has ended; on a title-after page what follows heads nothing
        if (
            unit.kind is Kind.DATELINE_END
            and not current.units
            and drafts
            and not current.titles
            and (titles_first or not _is_title(units[index - 1]))
        ):
            # a closing dateline directly after a closed article belongs to it; after a byline
            # that opened the next article, or after the title that closed the one above (on
            # a page printing titles after bodies), it opens the next one on a line of its own
            drafts[-1].units.append(unit)
            continue
        current.units.append(unit)
        if unit.closes_article and (titles_first or not _title_follows(units, index)):
            close()
    close()
    return _merge_stray_drafts(_split_ads_after_their_phones(drafts), titles_first)


# `電話九一二三四號`, `電話：九七〇五二`: a phone number closes an ad's text
_PHONE_END: Final = re.compile("[電电]話[：: \u3000]*[〇零一二三四五六七八九0-9０-９ \u3000]{5,}號?[）)]?$")
MIN_AD_PART_LINES: Final = 3


def _split_ads_after_their_phones(drafts: list[ArticleDraft]) -> list[ArticleDraft]:
    """An ad read with further display lines after a line that ends in its phone number:
    ads print the number last, so the lines after it (three or more) are the next ad."""
    out: list[ArticleDraft] = []
    for draft in drafts:
        if not draft.is_ad:
            out.append(draft)
            continue
        infos = [info for unit in draft.titles + draft.units for info in unit.infos]
        start = 0
        for index, info in enumerate(infos):
            rest = len(infos) - index - 1
            if rest >= MIN_AD_PART_LINES and index + 1 - start >= 2 and _PHONE_END.search(info.text):
                out.append(ArticleDraft(units=[Unit(Kind.BODY, infos[start : index + 1])], is_ad=True))
                start = index + 1
        if start == 0:
            out.append(draft)
        else:
            out.append(ArticleDraft(units=[Unit(Kind.BODY, infos[start:])], is_ad=True))
    return out


def _heads_only(draft: ArticleDraft) -> bool:
    """A titled draft with nothing yet but what a heading carries under it: a serial's
    instalment number (`（八）`), the author's pen name. A heading that follows still
    heads the same item (a chapter's title under the serial's)."""
    return bool(draft.titles) and all(u.kind in (Kind.SECTION, Kind.BYLINE) for u in draft.units)


def _is_title(unit: Unit) -> bool:
    return unit.kind is Kind.HEADING and unit.is_title


MAX_SIGNATURE_LINES: Final = 3
MAX_SIGNATURE_CHARS: Final = 24


def _signs_notice(unit: Unit, following: Unit | None, current: ArticleDraft, conventions: Conventions) -> bool:
    """Short lines right after a notice's text that end in a date, or head no text of
    their own: its signature."""
    if len(unit.infos) > MAX_SIGNATURE_LINES or not any(t.notice_head for t in current.titles):
        return False
    if not current.paragraphs:
        return False
    if any(len(i.text) > MAX_SIGNATURE_CHARS for i in unit.infos):
        return False
    if following is not None and following.opens_article and unit.first - current.units[-1].last > 1:
        return False  # set off from the notice, over a byline or dateline: the next story's title
    heads_text = following is not None and following.kind is Kind.BODY
    return conventions.field_type(unit.infos[-1].text) == "date" or not heads_text


def _leads_brief(
    unit: Unit, following: Unit | None, current: ArticleDraft, bulleted_briefs: bool, bullets: str
) -> bool:
    """A heading inside a briefs column that is an item's run-in lead (its first line,
    short and unpunctuated), not the title of what follows the column: the column's
    first lines, a bulleted line, or in an unbulleted column a line set in the flow of
    the items that nothing but text follows."""
    if _bulleted_line(unit, bullets) or not current.is_brief:
        return True
    following_opens = following is not None and following.opens_article
    return not bulleted_briefs and not unit.set_apart and not following_opens


MIN_MEASURED_LINES: Final = 2


def _ends_briefs(unit: Unit, current: ArticleDraft, bulleted_briefs: bool, bullets: str) -> bool:
    """What follows a briefs column rather than being its next item: a story continued
    from another page, a byline (briefs are run in without one, a byline on its line
    opens a story), or a paragraph (in a bulleted column, one without the bullet) set
    in another measure than the column's last item: a column keeps its measure."""
    if unit.kind is Kind.BYLINE:
        return True
    if unit.kind is not Kind.BODY:
        return False
    if unit.infos[0].jump_from is not None:
        return True
    if not current.is_brief or (bulleted_briefs and _bulleted_line(unit, bullets)):
        return False
    item = current.units[-1].infos
    if len(item) < MIN_MEASURED_LINES or all(info.kind is Kind.HEADING for info in item):
        return False  # a lead alone on its line (its text, dateline first, comes next)
    return other_column(measure(i.line.width for i in item), _column_width_of([unit]))


def _lead_only(unit: Unit, bullets: str) -> bool:
    """An item's run-in lead alone on its line (read as a heading, or a bulleted line
    without a clause mark): its text, dateline first, comes next."""
    lines = unit.infos
    if all(info.kind is Kind.HEADING for info in lines):
        return True
    return len(lines) == 1 and _bulleted_line(unit, bullets) and _CLAUSE_MARKS.search(lines[0].text) is None


def _bulleted_line(unit: Unit, bullets: str) -> bool:
    text = unit.infos[0].text
    return text != "" and text[0] in bullets


def _bulleted(unit: Unit, bullets: str) -> bool:
    text = unit.infos[0].text
    return unit.kind is Kind.BODY and text != "" and text[0] in bullets


_CLAUSE_MARKS: Final = re.compile("[，、。；！？,;]")
MIN_AD_WORDS: Final = 2
MIN_AD_HEADING_LINES: Final = 3
MAX_HEADING_RUN: Final = 4
MAX_NOTICE_HEAD: Final = 12


def _display_unit(unit: Unit) -> bool:
    """Short lines few of which hold a clause mark: display lines, not running text."""
    lines = unit.infos
    if any(len(info.text) > MAX_AD_LINE_CHARS for info in lines):
        return False
    return sum(1 for info in lines if _CLAUSE_MARKS.search(info.text)) * 3 <= len(lines)


def _unspaced(text: str) -> str:
    """A line without the spaces that letter-space an ad's display lines (`電　話`)."""
    return text.replace(" ", "").replace("\u3000", "")


def reads_as_ad(unit: Unit, ad_words: tuple[str, ...]) -> bool:
    """A block of short display lines without running sentences that uses the words of
    ads (address, phone, price, shop, opening sale: the conventions' `ad_words`)."""
    lines = unit.infos
    if len(lines) < 2 or not ad_words or _CLAUSE_MARKS.search(lines[0].text):
        return False  # (an ad opens with a display line, never with running text)
    punctuated = sum(1 for info in lines if _CLAUSE_MARKS.search(info.text))
    if punctuated * 3 > len(lines):
        return False  # running text punctuates most of its lines
    if punctuated and _runs_on_to_a_measure(lines):
        return False  # (a narrow column's text holds a mark every few lines only)
    text = _unspaced(unit.text)
    found = 0
    for word in ad_words:
        if word in text:
            found += 1
            if found >= MIN_AD_WORDS:
                return True
    return False


MIN_NARROW_TEXT_LINES: Final = 5
MEASURE_SLACK: Final = 2  # cells: a justified line may fall a character short


def _runs_on_to_a_measure(lines: list[LineInfo]) -> bool:
    """Running text set in a narrow column: five lines or more, all but the last filled
    to one measure (one of them may fall short), as a justified column sets them; an
    ad's display lines are set each to its own length."""
    if len(lines) < MIN_NARROW_TEXT_LINES:
        return False
    widths = [info.line.width for info in lines[:-1]]
    full = max(widths)
    return sum(1 for width in widths if width >= full - MEASURE_SLACK) >= len(widths) - 1


MAX_AD_UNITS: Final = 8
MAX_AD_LINES: Final = 12
MAX_AD_LINE_CHARS: Final = 24


def _ad_blocks(units: list[Unit], ad_words: tuple[str, ...]) -> dict[int, list[Unit]]:
    """Blocks of display lines set off by blank lines that read as ads, by the index of
    their first unit."""
    found: dict[int, list[Unit]] = {}
    for index, unit in enumerate(units):
        if index and units[index - 1].segment == unit.segment:
            continue
        first = unit.infos[0].text
        if len(first) > MAX_AD_LINE_CHARS or _CLAUSE_MARKS.search(first):
            continue  # an ad opens with a short display line
        block = [u for u in units[index : index + MAX_AD_UNITS + 1] if u.segment == unit.segment]
        if len(block) <= MAX_AD_UNITS and _block_reads_as_ad(block, ad_words):
            found[index] = block
    return found


def _block_reads_as_ad(block: list[Unit], ad_words: tuple[str, ...]) -> bool:
    """A block set off by blank lines of a few short display lines that reads as an ad."""
    lines = [info for unit in block for info in unit.infos]
    if not 2 <= len(lines) <= MAX_AD_LINES or any(u.kind not in (Kind.BODY, Kind.HEADING) for u in block):
        return False
    if any(len(info.text) > MAX_AD_LINE_CHARS for info in lines):
        return False
    return reads_as_ad(Unit(Kind.BODY, lines), ad_words)


def _title_follows(units: list[Unit], index: int) -> bool:
    """Whether a title comes next, past any further closing markers (jump line, dateline)."""
    for unit in units[index + 1 :]:
        if unit.kind is Kind.HEADING:
            return unit.is_title
        if not unit.closes_article or unit.kind is Kind.CREDIT:
            return False
    return False


def _merge_stray_drafts(drafts: list[ArticleDraft], titles_first: bool) -> list[ArticleDraft]:
    """Drafts without text join a neighbour.

    A lone byline or subhead joins the next draft; a lone title joins the untitled
    draft on the side its page prints bodies (after it when titles come first).
    """
    out: list[ArticleDraft] = []
    pending: list[Unit] = []
    pending_titles: list[Unit] = []
    for draft in drafts:
        has_text = bool(draft.paragraphs) or draft.is_photo or draft.is_ad
        if not has_text and not draft.titles:
            pending.extend(draft.units)
            continue
        if not has_text and not titles_first and out and not out[-1].titles and not out[-1].is_ad:
            out[-1].titles.extend(draft.titles)
            out[-1].units.extend(draft.units)
            continue
        if not has_text and titles_first:
            pending_titles.extend(draft.titles)
            pending.extend(draft.units)
            continue
        if pending:
            draft.units[:0] = pending
            pending = []
        if pending_titles:
            if draft.titles:
                out.append(ArticleDraft(titles=pending_titles))
            else:
                draft.titles = pending_titles
            pending_titles = []
        out.append(draft)
    if pending or pending_titles:
        if out and not pending_titles:
            out[-1].units.extend(pending)
        else:
            out.append(ArticleDraft(units=pending, titles=pending_titles))
    return out


def _role(unit: Unit) -> str | None:
    layout = unit.infos[0].line.layout
    return layout.role if layout is not None else None


def group_by_layout(units: list[Unit]) -> list[ArticleDraft]:
    """Articles as a geometry-aware reader delimited them.

    The reader marks where each article starts and the role of each line; those are
    trusted: an article ends only where the next one starts, headings with a title role
    are titles, and an article of captions and a credit only is a photo.
    """
    drafts: list[ArticleDraft] = []
    for unit in units:
        layout = unit.infos[0].line.layout
        starts = layout is not None and layout.article_start
        if starts or not drafts:
            drafts.append(ArticleDraft())
        draft = drafts[-1]
        role = _role(unit)
        if unit.kind is Kind.HEADING and role in ("title", "kicker", "subtitle"):
            unit.is_title = True
            draft.titles.append(unit)
        else:
            draft.units.append(unit)
    for draft in drafts:
        text_units = [u for u in draft.units if u.kind is Kind.BODY]
        draft.is_photo = bool(text_units) and all(_role(u) == "caption" for u in text_units)
        draft.is_photo = draft.is_photo or (not text_units and any(u.kind is Kind.CREDIT for u in draft.units))
    return drafts
