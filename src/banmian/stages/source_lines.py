"""Stage 1: raw page text -> numbered, normalised source lines with their widths."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from itertools import chain, count, repeat
from typing import Final

from banmian.layout import LineLayout
from banmian.stages.charmap import normalize_chars
from banmian.stages.markers import FULLWIDTH_PUNCT
from banmian.stages.spacing import fix_spacing

_EDGE_SPACE: Final = " \t\u3000\f\v"
# Characters that take one cell: ASCII, and full-width punctuation as PDFs compress it.
_ONE_CELL: Final = re.compile("[\x00-\x7f" + re.escape("".join(sorted(FULLWIDTH_PUNCT))) + "]")
_ONE_CELL_NOT_NEWLINE: Final = re.compile("[\x00-\x09\x0b-\x7f" + re.escape("".join(sorted(FULLWIDTH_PUNCT))) + "]")
# Where punctuation takes a whole cell (old vertical setting: conventions
# `punctuation_full_cell`), only ASCII is narrow.
_ASCII: Final = re.compile("[\x00-\x7f]")
_ASCII_NOT_NEWLINE: Final = re.compile("[\x00-\x09\x0b-\x7f]")


@dataclass
class SourceLine:
    number: int  # 1-based line number in the page text
    raw: str
    text: str  # normalised, edge whitespace (indents included) stripped
    indented: bool  # starts with an ideographic space, a tab or two spaces
    width: int  # typeset width: CJK 2, ASCII 1, full-width punctuation 1 (PDFs compress it)
    layout: LineLayout | None = None
    # `not text`, stored: read for every line by several stages
    blank: bool = field(init=False, repr=False, compare=False)

    # Written out rather than generated: one of these is made per line, and the compiled
    # build (docs/speed.md) compiles a constructor written here but not one @dataclass makes.
    def __init__(
        self, number: int, raw: str, text: str, indented: bool, width: int, layout: LineLayout | None = None
    ) -> None:
        self.number = number
        self.raw = raw
        self.text = text
        self.indented = indented
        self.width = width
        self.layout = layout
        self.blank = not text


def typeset_width(text: str, full_cell: bool = False) -> int:
    """Width of a line as a justified column sets it.

    Ideographs take two cells and ASCII one. Full-width punctuation is counted as one:
    PDF typesetting compresses it, so lines heavy in punctuation hold more characters;
    with `full_cell` (old vertical setting) it takes two, as an ideograph does.
    (Other non-ASCII characters count two: in a Chinese column they are set wide.)
    """
    return 2 * len(text) - (_ASCII if full_cell else _ONE_CELL).subn("", text)[1]


def split_lines(text: str) -> list[str]:
    """Split page text into lines the way the scorer counts them (LF; CR and CRLF normalised)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _letter_spaced(text: str) -> bool:
    """Most of the line is single characters set apart by spaces (`在 西 太 平 洋`)."""
    if text.count(" ") < 3:
        return False
    tokens = text.split()
    return len(tokens) >= 4 and sum(1 for t in tokens if len(t) == 1) * 10 >= len(tokens) * 6


_INDENTS: Final = ("\u3000", "\t", "  ")  # a line starting so is indented
_WIDE_GAP: Final = re.compile("[ \u3000]{2,}")


def _collapse_letter_spacing(line: str) -> str:
    """A letter-spaced line read as printed; inside a bracket, a gap wider than the
    letter-spacing separates names (`本 報 訊 （ 文 · 圖   某 某   某 某 ）`): one space."""
    plain = fix_spacing(line)
    parts = _WIDE_GAP.split(line)
    if len(parts) < 2 or not any(opener in line for opener in "（("):
        return plain
    out = fix_spacing(parts[0])
    for part in parts[1:]:
        inside = out.count("（") + out.count("(") > out.count("）") + out.count(")")
        out += (" " if inside else "") + fix_spacing(part)
    return out if out.replace(" ", "") == plain.replace(" ", "") else plain


def read_source_lines(
    text: str, layouts: list[LineLayout] | None = None, full_cell: bool = False
) -> list[SourceLine]:
    """`full_cell`: full-width punctuation takes a whole cell (see `typeset_width`)."""
    raws = split_lines(text)
    normalized = normalize_chars(text)
    # (most pages have nothing to map: `normalize_chars` then returns the text itself)
    normal = raws if normalized is text else split_lines(normalized)
    if len(normal) != len(raws):  # a mapped character changed the line structure (never expected)
        normal = [normalize_chars(raw) for raw in raws]
        stripped = [line.strip(_EDGE_SPACE) for line in normal]
        stripped = [_collapse_letter_spacing(line) if _letter_spaced(line) else line for line in stripped]
        widths = [typeset_width(line, full_cell) for line in stripped]
    else:
        stripped = [line.strip(_EDGE_SPACE) for line in normal]
        # Two-cell characters per line, counted for the whole page in one regex pass (the
        # newlines survive it): the width of a line is its length plus these.
        narrow = _ASCII_NOT_NEWLINE if full_cell else _ONE_CELL_NOT_NEWLINE
        wide = list(map(len, narrow.sub("", "\n".join(normal)).split("\n")))
        widths = list(map(operator.add, map(len, stripped), wide))
        # Lines that lost edge characters or may be letter-spaced, corrected one by one.
        uneven = [
            index
            for index, (line, bare) in enumerate(zip(normal, stripped, strict=True))
            if len(line) != len(bare) or bare.count(" ") >= 3
        ]
        for index in uneven:
            line, bare = normal[index], stripped[index]
            if _letter_spaced(bare):
                # the extraction spaced out every character: read the line as printed
                stripped[index] = bare = _collapse_letter_spacing(bare)
                widths[index] = typeset_width(bare, full_cell)
            elif len(line) != len(bare):
                # of the edge characters stripped off, only the ideographic space is two cells
                widths[index] -= line.count("\u3000") - bare.count("\u3000")
    return [
        SourceLine(number, raw, bare, bare != "" and line.startswith(_INDENTS), width, layout)
        for number, raw, line, bare, width, layout in zip(
            count(1), raws, normal, stripped, widths, chain(layouts or (), repeat(None))
        )
    ]
