# PyMuPDF ships without annotations on most methods; everything else here is strictly typed.
# mypy: disable-error-code="no-untyped-call"
"""PDF input: open a PDF and read each page's text lines with boxes, sizes and weights (PyMuPDF)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from itertools import pairwise
from pathlib import Path
from typing import Any, Final

import pymupdf

from banmian.errors import InputError, NoTextLayerError
from banmian.inputs.lines import HRule, PageLines, PositionedLine, VRule
from banmian.model import BBox

# No images in the text dict (we read image boxes separately), keep spaces as typeset.
_TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_MEDIABOX_CLIP
_BOLD_FLAG = 16
# What the MuPDF bindings raise for damaged files (not all of it derives from RuntimeError).
MUPDF_ERROR: type[Exception] = pymupdf.mupdf.FzErrorBase
# CJK punctuation (full-width forms), set half width when two meet
_MARKS = frozenset("，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕…—·")
# how far apart in the stream a writer puts the runs of one line (its runs by font)
_RUN_REACH: Final = 8
_CLOSING_MARKS = frozenset("，。、；：？！”’）》〉」』】〕…")
_OPENING_MARKS = frozenset("“‘（《〈「『【〔")
_BLANK: Final = PositionedLine(text="", bbox=(0.0, 0.0, 0.0, 0.0), size=0.0, bold=False, page=0)  # dropped
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demibold", "黑", "粗")


def read_pdf_bytes(path_or_bytes: str | Path | bytes, *, source: str | None = None) -> tuple[bytes, str]:
    """(the bytes, the name to use in messages); InputError when a path cannot be read."""
    name = source or (str(path_or_bytes) if not isinstance(path_or_bytes, bytes) else "<pdf>")
    if isinstance(path_or_bytes, bytes):
        return path_or_bytes, name
    path = Path(path_or_bytes)
    if not path.is_file():
        raise InputError(f"{name}: no such file")
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc.__class__.__name__})") from None


def open_pdf(path_or_bytes: str | Path | bytes, *, source: str | None = None) -> pymupdf.Document:
    """Open a PDF; InputError (one line) when it is missing, broken or encrypted."""
    data, name = read_pdf_bytes(path_or_bytes, source=source)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(f"{name}: not a PDF file")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError, MUPDF_ERROR) as exc:  # FileDataError and MuPDF's own errors
        raise InputError(f"{name}: broken PDF ({first_line(exc)})") from None
    try:
        if doc.is_repaired and b"%%EOF" not in data[-2048:]:
            # MuPDF rebuilds what it can of a cut-off file; half a page is no page to parse
            raise InputError(f"{name}: broken PDF (truncated: no end-of-file marker)")
        if doc.needs_pass:
            raise InputError(f"{name}: encrypted PDF (needs a password)")
        if doc.page_count == 0:
            raise InputError(f"{name}: broken PDF (no pages)")
    except (RuntimeError, ValueError, MUPDF_ERROR) as exc:
        doc.close()
        raise InputError(f"{name}: broken PDF ({first_line(exc)})") from None
    except InputError:
        doc.close()
        raise
    return doc


def first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


@lru_cache(maxsize=512)
def _is_bold(font: str, flags: int) -> bool:
    lowered = font.lower()
    return bool(flags & _BOLD_FLAG) or any(mark in lowered for mark in _BOLD_NAMES)


def read_lines(page: pymupdf.Page, number: int) -> list[PositionedLine]:
    """The page's text lines in the content stream's order.

    MuPDF joins glyphs that share a baseline into one line even across a narrow gutter
    (0.3-0.6 em apart, or a punctuation mark hanging into the gutter over the next
    column's first glyph), so a line is cut where its glyphs jump: a gap wider than the
    line's own letter spacing allows that holds no space character, a wide gap even with
    one (`_cuts`), or a glyph that starts left of the one before (overprinting).
    """
    out: list[PositionedLine] = []
    # lines cut at a gap that held a space: (index of the first run's line, runs, soft cuts)
    spaced: list[tuple[int, list[list[Glyph]], set[int]]] = []
    # lines with a closing mark inside: (index, their glyphs when asked), a mark may hang
    # over a gutter
    marked: list[tuple[int, Callable[[], list[Glyph]]]] = []
    # get_text without sort=True keeps the content stream's order: evidence for reading order
    data = page.get_text("rawdict", flags=_TEXT_FLAGS)
    turn = page.rotation_matrix if page.rotation % 360 else None
    for block in data["blocks"]:
        for line in block.get("lines", ()):
            if turn is not None:
                _turn_line(line, turn)
            spans = line["spans"]
            dx, dy = line["dir"]
            vertical = abs(dy) > abs(dx)
            if not vertical and _jumps(spans):
                glyphs = [(c["c"], c["bbox"], span) for span in spans for c in span["chars"]]
                runs, soft = _cuts(glyphs)
                if soft:
                    spaced.append((len(out), runs, soft))
                    out.extend((_make_lines([run], number, vertical=False) or [_BLANK])[0] for run in runs)
                    continue
                for run in runs:
                    for piece in _make_lines([run], number, vertical=False):
                        if any(c in _CLOSING_MARKS for c in piece.text[:-1]):
                            marked.append((len(out), partial(list, run)))
                        out.append(piece)
                continue
            made = _whole_line(spans, line["bbox"], number, vertical)
            if made is not None:
                if not vertical and any(c in _CLOSING_MARKS for c in made.text[:-1]):
                    marked.append((len(out), partial(_glyphs, spans)))
                out.append(made)
    if spaced:
        out = _rejoin_spaced(out, spaced, number)
    if marked:
        out = _cut_hanging(out, marked, number)
    kept = [line for line in out if line.text]
    for order, line in enumerate(kept):
        line.order = order
    return _join_runs(kept)


def _rejoin_spaced(out: list[PositionedLine], spaced: list[tuple[int, list[list[Glyph]], set[int]]],
                   number: int) -> list[PositionedLine]:
    """A gap that holds a space inside a line (between names, before and after digits) is
    a gutter only where the page's column grid has one there (`_gutter_between`): the
    runs on either side of any other such gap are one line again. The pieces beside a gap
    that held a space are no evidence of the grid (names set apart by spaces, line under
    line, leave gaps that line up like a gutter)."""
    unsure = {id(out[start + i + d]) for start, _, soft in spaced for i in soft for d in (-1, 0)}
    grid = [line for line in out if id(line) not in unsure]
    result = list(out)
    for start, runs, soft in spaced:
        glyphs = runs[0]
        kept: list[PositionedLine] = []
        for i in range(1, len(runs)):
            left, right = out[start + i - 1], out[start + i]
            if i in soft and not (left.text and right.text and _gutter_between(left, right, grid, spaced=True)):
                glyphs = glyphs + runs[i]
                continue
            kept.extend(_make_lines([glyphs], number, vertical=False))
            glyphs = runs[i]
        kept.extend(_make_lines([glyphs], number, vertical=False))
        result[start:start + len(runs)] = [*kept, *([_BLANK] * (len(runs) - len(kept)))]
    return result


def _cut_hanging(out: list[PositionedLine], marked: list[tuple[int, Callable[[], list[Glyph]]]],
                 number: int) -> list[PositionedLine]:
    """A closing mark hanging past the measure may fill a gutter of one em (标点悬挂), so
    the next column's first glyph touches it and MuPDF's line runs on across the columns
    (a stream written row by row): the line is cut after a mark where the next glyph starts
    where two lines of the page start, the line itself starts where others start, and the
    column grid has a gutter (`_gutter_between`)."""
    starts: dict[int, int] = {}
    for line in out:
        if line.text and not line.vertical:
            starts[round(line.x0)] = starts.get(round(line.x0), 0) + 1
    # (a line run on across a gutter is wider than the page's usual line: only those)
    widths = sorted(line.x1 - line.x0 for line in out if line.text and not line.vertical)
    usual = widths[len(widths) // 2] if widths else 0.0
    pieces: dict[int, list[PositionedLine]] = {}
    for index, held in marked:
        em = out[index].size
        if out[index].x1 - out[index].x0 < usual + em:
            continue
        glyphs = held()

        def at(x: float, em: float = em) -> int:
            """Lines of the page that start within 0.3 em of x."""
            return sum(starts.get(k, 0) for k in range(round(x - 0.3 * em), round(x + 0.3 * em) + 1))

        begin, made = 0, []
        for i in range(1, len(glyphs)):
            char, box, _ = glyphs[i]
            mark, before, _ = glyphs[i - 1]
            if mark not in _CLOSING_MARKS or char.isspace() or abs(box[0] - before[2]) > 0.1 * em:
                continue
            if at(box[0]) < 2:
                continue
            left = _make_lines([glyphs[begin:i]], number, vertical=False)
            # (the line before the mark is a column's: it starts where others start, or
            # two ems in; a writer's run that starts in mid-measure is no column's line)
            if left and at(left[0].x0) + at(left[0].x0 - 2 * em) < 3:
                continue
            right = _make_lines([glyphs[i:]], number, vertical=False)
            if left and right and _gutter_between(left[0], right[0], out):
                made.append(left[0])
                begin = i
        if made:
            pieces[index] = [*made, *_make_lines([glyphs[begin:]], number, vertical=False)]
    if not pieces:
        return out
    return [piece for i, line in enumerate(out) for piece in pieces.get(i, [line])]


def _gutter_between(left: PositionedLine, right: PositionedLine, lines: list[PositionedLine], *,
                    spaced: bool = False) -> bool:
    """Whether the gap between two pieces on one baseline is a gutter of the column grid:
    within six ems above and below, lines of their size end where the left piece ends (up
    to a mark hanging past the measure short of it, or in the gap: a trailing space) and
    lines start where the right piece starts (or two ems left of it, the piece an indented
    first line), and fewer lines run across the gap than stop at it. Inside a column the
    lines above and below run across it. Before a gap that holds a space (`spaced`) no mark
    hangs: the piece ends at the measure or short of it, and a piece that reaches past the
    lines' ends is a line of names over the columns whose space happens to fall over a
    gutter."""
    em = max(left.size, right.size)
    mid = (left.y0 + left.y1) / 2
    a, b = left.x1, right.x0
    reach = 0.2 if spaced else 1.1
    ends = starts = crosses = 0
    for other in lines:
        # (the grid is the text's: a head over several columns runs across their gutters)
        if other.vertical or not other.text or abs(other.size - em) > 0.1 * em:
            continue
        off = abs((other.y0 + other.y1) / 2 - mid)
        if off < 0.5 * em or off > 6 * em:
            continue
        if a - reach * em <= other.x1 <= max(a + 0.05 * em, b - 0.2 * em):
            ends += 1
        if _starts_at(other, b, em):
            starts += 1
        if other.x0 < a - em and other.x1 > b + 1.5 * em:
            crosses += 1
    # (a story's short tail may hold one line beside the piece in each column)
    return crosses < min(ends, starts)


def _join_runs(lines: list[PositionedLine]) -> list[PositionedLine]:
    """Pieces of one printed line that the PDF writes apart (a writer emits a line's runs
    by font: the Chinese glyphs, then the quotation marks of another font) and MuPDF keeps
    as lines of their own: horizontal pieces on one baseline, of one size, touching, and
    written near each other in the stream are one line, read left to right; it keeps the
    first piece's place in the stream."""
    rows: dict[int, list[PositionedLine]] = {}
    for line in lines:
        if not line.vertical:
            rows.setdefault(round((line.y0 + line.y1) / 2 / max(line.size, 1.0) * 2), []).append(line)
    joined: dict[int, PositionedLine] = {}  # id of a piece taken into another -> that line
    for bucket in rows.values():
        if len(bucket) < 2:
            continue
        bucket.sort(key=lambda ln: ln.x0)
        for row in _baselines(bucket):
            _join_row(row, lines, joined)
    if not joined:
        return lines
    out: list[PositionedLine] = []
    seen: set[int] = set()
    for line in lines:
        line = joined.get(id(line), line)
        if id(line) not in seen:
            seen.add(id(line))
            out.append(line)
    out.sort(key=lambda ln: ln.order)
    for order, line in enumerate(out):
        line.order = order
    return out


def _join_row(row: list[PositionedLine], lines: list[PositionedLine], joined: dict[int, PositionedLine]) -> None:
    """Join the pieces of one baseline, left to right (see `_join_runs`)."""
    current = row[0]
    for piece in row[1:]:
        em = max(current.size, piece.size)
        gap = piece.x0 - current.x1
        # (a mark hanging into a gutter may touch the next column's first glyph: two
        # long pieces meeting after a closing mark are two columns' lines)
        # A piece that opens with a closing mark is no column's line (a closing mark never
        # starts a line, 避头尾): it is the rest of the line before it, which a writer
        # justifying the line may set a little apart (a quarter em)
        closes = piece.text[0] in _CLOSING_MARKS
        # (the next column's line starts where the lines above and below it start, or
        # two ems left of that where it opens a paragraph; the rest of a line a writer
        # emitted in runs starts in mid-measure, where no line of the page starts)
        hanging = (current.text[-1] in _CLOSING_MARKS and min(len(current.text), len(piece.text)) > 2
                   and not closes and _starts_a_column(piece, lines, row))
        # a writer sets a little space between Chinese and Latin letters or digits
        # (autospace, a quarter em or a space's width): a run of digits stays in its line;
        # an opening mark never ends a line (避头尾): what follows it is the line's rest
        latin = _is_latin(current.text[-1]) or _is_latin(piece.text[0])
        # an opening mark in mid-measure (where no line near starts) opens a run of the same
        # line, a justifying writer may set it a little apart too
        opens_inside = piece.text[0] in _OPENING_MARKS and gap > 0.1 * em and not _starts_a_column(piece, lines, row)
        reach = 0.45 if latin else 0.25 if closes or opens_inside or current.text[-1] in _OPENING_MARKS else 0.1
        same = (abs(current.size - piece.size) <= 0.1 * em and abs(current.y1 - piece.y1) < 0.3 * em
                and -0.05 * em <= gap <= reach * em and not hanging
                and abs(current.order - piece.order) <= _RUN_REACH
                # (a narrow gutter may be as wide as autospace: the column grid tells them apart)
                and not (gap > 0.2 * em and _gutter_between(current, piece, lines)))
        if not same:
            current = piece
            continue
        merged = PositionedLine(
            text=current.text + piece.text,
            bbox=(current.x0, min(current.y0, piece.y0), max(current.x1, piece.x1), max(current.y1, piece.y1)),
            size=current.size, bold=current.bold, page=current.page, order=min(current.order, piece.order))
        joined[id(current)] = merged
        joined[id(piece)] = merged
        for key, value in list(joined.items()):
            if value is current:
                joined[key] = merged
        current = merged


def _baselines(bucket: list[PositionedLine]) -> list[list[PositionedLine]]:
    """The lines of a row bucket (sorted left to right) by baseline and size: a larger line
    a little lower (a subhead) is not on the baseline of the text beside it."""
    groups: list[list[PositionedLine]] = []
    for ln in bucket:
        for group in groups:
            ref = group[0]
            em = max(ref.size, ln.size)
            if abs(ref.y1 - ln.y1) < 0.3 * em and abs(ref.size - ln.size) <= 0.1 * em:
                group.append(ln)
                break
        else:
            groups.append([ln])
    return groups


def _starts_at(line: PositionedLine, x: float, em: float) -> bool:
    """Whether `line` starts at x, or two ems left of it (x a paragraph's indented first
    line's start): the line shares the column edge a start at x shows."""
    return abs(line.x0 - x) < 0.3 * em or abs(line.x0 - (x - 2 * em)) < 0.3 * em


def _starts_a_column(piece: PositionedLine, lines: list[PositionedLine], row: list[PositionedLine]) -> bool:
    """Whether two lines within six ems above or below the piece (not of its row) start
    where it starts, or two ems left of it (the piece a paragraph's indented first line): a
    column's edge is shared by the lines above and below (one line may be another line's
    piece that happens to start there)."""
    em = piece.size
    mid = (piece.y0 + piece.y1) / 2
    mine = {id(ln) for ln in row}
    found = 0
    for other in lines:
        if other.vertical or id(other) in mine or abs((other.y0 + other.y1) / 2 - mid) > 6 * em:
            continue
        if _starts_at(other, piece.x0, em):
            found += 1
            if found == 2:
                return True
    return False


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _turn_line(line: dict[str, Any], turn: pymupdf.Matrix) -> None:
    """Text positions come in the unrotated page's frame: bring a line into the frame of
    the page as displayed (`/Rotate`), where its text reads as the reader sees it."""
    dx, dy = line["dir"]
    a, b, c, d, e, f = turn.a, turn.b, turn.c, turn.d, turn.e, turn.f

    def box(r: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        # a quarter turn takes a box to a box: its two corners, then min and max
        x0, y0 = a * r[0] + c * r[1] + e, b * r[0] + d * r[1] + f
        x1, y1 = a * r[2] + c * r[3] + e, b * r[2] + d * r[3] + f
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    line["dir"] = (a * dx + c * dy, b * dx + d * dy)
    line["bbox"] = box(line["bbox"])
    for span in line["spans"]:
        for char in span["chars"]:
            char["bbox"] = box(char["bbox"])


def _jumps(spans: list[dict[str, Any]]) -> bool:
    """Whether the glyphs of a line jump somewhere (cheap test; `_cuts` finds where)."""
    boxes = [c["bbox"] for span in spans for c in span["chars"] if c["c"] != " "]
    if len(boxes) < 2:
        return False
    gaps: list[float] = [b[0] - a[2] for a, b in pairwise(boxes)]
    em = max(max(float(span["size"]) for span in spans), 1.0)
    spacing = sorted(gaps)[len(gaps) // 2]
    return max(gaps) > max(0.25 * em, spacing + max(0.15 * em, spacing)) or min(gaps) < -0.3 * em


def _whole_line(spans: list[dict[str, Any]], bbox: tuple[float, float, float, float], number: int,
                vertical: bool) -> PositionedLine | None:
    text = "".join(c["c"] for span in spans for c in span["chars"]).strip()
    if not text:
        return None
    if len(spans) == 1:
        span = spans[0]
        size = round(span["size"], 1)
        bold = _is_bold(span["font"], span["flags"])
    else:
        # the size (and weight) of the line is what most of its characters have
        weight: dict[float, int] = {}
        bold_chars = chars = 0
        for span in spans:
            n = sum(1 for c in span["chars"] if c["c"] != " ")
            key = round(span["size"], 1)
            weight[key] = weight.get(key, 0) + n
            chars += n
            bold_chars += n if _is_bold(span["font"], span["flags"]) else 0
        size = max(weight, key=lambda k: weight[k])
        bold = bold_chars * 2 > chars
    inked = [c["bbox"] for span in spans for c in span["chars"] if c["c"] != " "]
    if inked and len(inked) != sum(len(span["chars"]) for span in spans):
        bbox = (min(b[0] for b in inked), min(b[1] for b in inked), max(b[2] for b in inked),
                max(b[3] for b in inked))
    x0, y0, x1, y1 = bbox
    return PositionedLine(text=text, bbox=(x0, y0, x1, y1), size=size, bold=bold, page=number, vertical=vertical)


Glyph = tuple[str, tuple[float, float, float, float], dict[str, Any]]


def _glyphs(spans: list[dict[str, Any]]) -> list[Glyph]:
    return [(c["c"], c["bbox"], span) for span in spans for c in span["chars"]]


def _cuts(glyphs: list[Glyph]) -> tuple[list[list[Glyph]], set[int]]:
    """The runs of a horizontal line between the jumps that only a gutter makes, and the
    soft cuts among them: a gap wide for the line's spacing but holding a space (a name's,
    or autospace by digits) is cut only where the column grid has a gutter (the runs'
    indices after such cuts; `_rejoin_spaced` decides)."""
    gaps: list[float] = []
    previous: tuple[float, float, float, float] | None = None
    for char, box, _ in glyphs:
        if char.isspace():
            continue
        if previous is not None:
            gaps.append(box[0] - previous[2])
        previous = box
    if not gaps:
        return [glyphs], set()
    spacing = sorted(gaps)[len(gaps) // 2]  # the line's own letter spacing (justification)
    runs: list[list[Glyph]] = [[]]
    soft: set[int] = set()
    previous = None
    previous_char = ""
    spaced = False
    for glyph in glyphs:
        char, box, span = glyph
        if char.isspace():
            spaced = True
            runs[-1].append(glyph)
            continue
        if previous is not None:
            em = max(span["size"], 1.0)
            gap = box[0] - previous[2]
            tight = max(0.25 * em, spacing + max(0.15 * em, spacing))
            wide = gap > (1.5 * em if spaced else tight)
            # (a gap that holds a space, a name's or autospace by digits: a gutter only
            # where the grid has one)
            if spaced and tight < gap <= 1.5 * em:
                soft.add(len(runs))
                runs.append([])
            # punctuation next to punctuation is set half width (标点挤压): its box may
            # overlap its neighbour's by half an em; a glyph over the one before by more
            # is another line's (a mark hanging into a narrow gutter, overprinting)
            squeeze = 0.75 if char in _MARKS or previous_char in _MARKS else 0.3
            if wide or gap < -squeeze * em:
                runs.append([])
        runs[-1].append(glyph)
        previous = box
        previous_char = char
        spaced = False
    return runs, soft


def _make_lines(runs: list[list[Glyph]], number: int, *, vertical: bool) -> list[PositionedLine]:
    out: list[PositionedLine] = []
    for run in runs:
        text = "".join(char for char, _, _ in run).strip()
        if not text:
            continue
        inked = [g for g in run if not g[0].isspace()]
        x0 = min(g[1][0] for g in inked)
        y0 = min(g[1][1] for g in inked)
        x1 = max(g[1][2] for g in inked)
        y1 = max(g[1][3] for g in inked)
        # the size (and weight) of the line is what most of its characters have
        weight: dict[float, int] = {}
        bold_chars = 0
        for _, _, span in inked:
            size = round(span["size"], 1)
            weight[size] = weight.get(size, 0) + 1
            bold_chars += _is_bold(span["font"], span["flags"])
        size = max(weight, key=lambda k: weight[k])
        out.append(PositionedLine(text=text, bbox=(x0, y0, x1, y1), size=size, bold=bold_chars * 2 > len(inked),
                                  page=number, vertical=vertical))
    return out


def page_graphics(page: pymupdf.Page) -> tuple[list[BBox], list[HRule], list[VRule]]:
    """Picture boxes (embedded images, filled rectangles big enough to be photo frames),
    horizontal rules as (y, x0, x1) and vertical rules as (x, y0, y1), from one pass over
    the page's drawings, in the frame of the page as displayed."""
    turn = page.rotation_matrix if page.rotation % 360 else None
    boxes: list[BBox] = []
    rules: list[HRule] = []
    vertical: list[VRule] = []

    def add(x0: float, y0: float, x1: float, y1: float) -> None:
        if turn is not None:
            r = pymupdf.Rect(x0, y0, x1, y1) * turn
            x0, y0, x1, y1 = r.x0, r.y0, r.x1, r.y1
        if y1 - y0 < 2.5 and x1 - x0 > 20:
            rules.append(((y0 + y1) / 2, x0, x1))
        elif x1 - x0 < 2.5 and y1 - y0 > 20:
            vertical.append(((x0 + x1) / 2, y0, y1))

    for image in page.get_images():  # the xref list is cheap; image rects need a lookup each
        for rect in page.get_image_rects(image[0]):
            if rect.width > 20 and rect.height > 20:
                r = rect * turn if turn is not None else rect
                boxes.append((r.x0, r.y0, r.x1, r.y1))
    for drawing in page.get_drawings():
        rect = drawing["rect"]
        if drawing.get("fill") is not None and rect.width > 30 and rect.height > 30:
            r = rect * turn if turn is not None else rect
            boxes.append((r.x0, r.y0, r.x1, r.y1))
            continue
        for item in drawing["items"]:
            if item[0] == "l":
                p, q = item[1], item[2]
                if abs(p.y - q.y) < 1.0 or abs(p.x - q.x) < 1.0:
                    add(min(p.x, q.x), min(p.y, q.y), max(p.x, q.x), max(p.y, q.y))
            elif item[0] == "re":
                r = item[1]
                if r.height < 2.5 or r.width < 2.5:
                    add(r.x0, r.y0, r.x1, r.y1)
                elif r.width > 20 and r.height > 20:
                    # a frame (框) around a story: its four sides rule it off from its neighbours
                    add(r.x0, r.y0, r.x1, r.y0)
                    add(r.x0, r.y1, r.x1, r.y1)
                    add(r.x0, r.y0, r.x0, r.y1)
                    add(r.x1, r.y0, r.x1, r.y1)
    return boxes, rules, vertical


def _read_page(page: pymupdf.Page, number: int, name: str) -> PageLines:
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    try:  # only MuPDF's own work is guarded: a damaged content stream fails here
        lines = read_lines(page, number)
        pictures, rules, vertical_rules = page_graphics(page) if lines else ([], [], [])
        rect = page.rect
    except (RuntimeError, ValueError, MUPDF_ERROR) as exc:
        raise InputError(f"{name}: broken PDF (page {number}: {first_line(exc)})") from None
    result = PageLines(number=number, width=rect.width, height=rect.height, lines=lines,
                       pictures=pictures, rules=rules, vertical_rules=vertical_rules, unit="pt")
    # MuPDF reads past damage quietly; say so rather than pass off a partial page as whole
    damage = [w for w in str(pymupdf.TOOLS.mupdf_warnings(reset=True)).splitlines() if w.strip()]
    if damage:
        result.warnings.append(f"page {number}: damaged PDF content ({damage[0]}; {len(damage)} messages)")
    if not lines:
        result.warnings.append(f"page {number}: no text layer")
    # a glyph its font maps to no character (a Type3 or CID font without ToUnicode) comes
    # out as U+FFFD or a control character; one in the Private Use Area is a paper's own
    # character (造字) that only its font knows: the text has gaps there
    unmapped = sum(1 for ln in lines for ch in ln.text if _unmapped(ch))
    if unmapped:
        result.warnings.append(f"page {number}: {unmapped} glyphs map to no Unicode character "
                               "(a font without a ToUnicode map, or the paper's own characters): the text has gaps")
    return result


def _unmapped(char: str) -> bool:
    code = ord(char)
    return char == "\ufffd" or (code < 0x20 and char not in "\t\n\r") or 0xE000 <= code <= 0xF8FF


def chosen_pages(doc: pymupdf.Document, pages: list[int] | None, name: str) -> list[int]:
    """The page numbers asked for (all by default); InputError for one the PDF lacks."""
    numbers = pages or list(range(1, doc.page_count + 1))
    bad = [n for n in numbers if not 1 <= n <= doc.page_count]
    if bad:
        raise InputError(f"{name}: no page {bad[0]} (the PDF has {doc.page_count})")
    return numbers


def read_pdf_pages(path_or_bytes: str | Path | bytes, pages: list[int] | None = None, *,
                   source: str | None = None) -> list[PageLines]:
    """The positioned lines of each chosen page.

    InputError when the file is no readable PDF, a page number is out of range, or no
    chosen page has a text layer (a scan).
    """
    doc = open_pdf(path_or_bytes, source=source)
    name = source or (str(path_or_bytes) if not isinstance(path_or_bytes, bytes) else "<pdf>")
    try:
        numbers = chosen_pages(doc, pages, name)
        out: list[PageLines] = []
        for n in numbers:
            try:
                page = doc[n - 1]
            except (RuntimeError, ValueError, MUPDF_ERROR) as exc:
                raise InputError(f"{name}: broken PDF (page {n}: {first_line(exc)})") from None
            out.append(_read_page(page, n, name))
    finally:
        doc.close()
    if not any(p.lines for p in out):
        raise NoTextLayerError(f"{name}: no text layer (a scanned PDF? run OCR first)")
    return out
