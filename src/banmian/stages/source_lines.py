"""Stage 1: raw page text -> numbered, normalised source lines with their widths."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from banmian.layout import LineLayout
from banmian.stages.charmap import normalize_chars
from banmian.stages.markers import FULLWIDTH_PUNCT
from banmian.stages.spacing import fix_spacing

_EDGE_SPACE = " \t\u3000\f\v"
# Characters that take one cell: ASCII, and full-width punctuation as PDFs compress it.
_ONE_CELL = re.compile("[\x00-\x7f" + re.escape("".join(sorted(FULLWIDTH_PUNCT))) + "]")
_ONE_CELL_NOT_NEWLINE = re.compile("[\x00-\x09\x0b-\x7f" + re.escape("".join(sorted(FULLWIDTH_PUNCT))) + "]")


@dataclass(slots=True)
class SourceLine:
    number: int  # 1-based line number in the page text
    raw: str
    text: str  # normalised, edge whitespace (indents included) stripped
    indented: bool  # starts with an ideographic space, a tab or two spaces
    width: int  # typeset width: CJK 2, ASCII 1, full-width punctuation 1 (PDFs compress it)
    layout: LineLayout | None = None
    # `not text`, stored: read for every line by several stages
    blank: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.blank = not self.text


def typeset_width(text: str) -> int:
    """Width of a line as a justified column sets it.

    Ideographs take two cells and ASCII one. Full-width punctuation is counted as one:
    PDF typesetting compresses it, so lines heavy in punctuation hold more characters.
    (Other non-ASCII characters count two: in a Chinese column they are set wide.)
    """
    return 2 * len(text) - _ONE_CELL.subn("", text)[1]


def split_lines(text: str) -> list[str]:
    """Split page text into lines the way the scorer counts them (LF; CR and CRLF normalised)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _letter_spaced(text: str) -> bool:
    """Most of the line is single characters set apart by spaces (`在 西 太 平 洋`)."""
    if text.count(" ") < 3:
        return False
    tokens = text.split()
    return len(tokens) >= 4 and sum(1 for t in tokens if len(t) == 1) * 10 >= len(tokens) * 6


_INDENTS = ("\u3000", "\t", "  ")


def _indented(line: str) -> bool:
    return line.startswith(_INDENTS)


def read_source_lines(text: str, layouts: list[LineLayout] | None = None) -> list[SourceLine]:
    raws = split_lines(text)
    normal = split_lines(normalize_chars(text)) if not text.isascii() else raws
    # Two-cell characters per line, counted for the whole page in one regex pass (the
    # newlines survive it); `typeset_width` of a stripped line is its length plus these.
    wide: list[int] | None = list(map(len, _ONE_CELL_NOT_NEWLINE.sub("", "\n".join(normal)).split("\n")))
    if len(normal) != len(raws):  # a mapped character changed the line structure (never expected)
        normal = [normalize_chars(raw) for raw in raws]
        wide = None
    out: list[SourceLine] = []
    for index, raw in enumerate(raws):
        line = normal[index]
        stripped = line.strip(_EDGE_SPACE)
        if wide is None or (stripped.count(" ") >= 3 and _letter_spaced(stripped)):
            if wide is not None:
                # the extraction spaced out every character: read the line as printed
                stripped = fix_spacing(stripped)
            width = typeset_width(stripped)
        elif len(stripped) == len(line):
            width = len(stripped) + wide[index]
        else:
            # of the edge characters stripped off, only the ideographic space is two cells
            width = len(stripped) + wide[index] - line.count("\u3000") + stripped.count("\u3000")
        layout = layouts[index] if layouts is not None and index < len(layouts) else None
        out.append(SourceLine(index + 1, raw, stripped, bool(stripped) and line.startswith(_INDENTS), width, layout))
    return out
