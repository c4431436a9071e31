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


def _indented(line: str) -> bool:
    return line.startswith(("\u3000", "\t", "  "))


def read_source_lines(text: str, layouts: list[LineLayout] | None = None) -> list[SourceLine]:
    raws = split_lines(text)
    normal = split_lines(normalize_chars(text)) if not text.isascii() else raws
    if len(normal) != len(raws):  # a mapped character changed the line structure (never expected)
        normal = [normalize_chars(raw) for raw in raws]
    out: list[SourceLine] = []
    for index, raw in enumerate(raws):
        line = normal[index]
        stripped = line.strip(_EDGE_SPACE)
        if _letter_spaced(stripped):
            # the extraction spaced out every character: read the line as printed
            stripped = fix_spacing(stripped)
        layout = layouts[index] if layouts is not None and index < len(layouts) else None
        out.append(
            SourceLine(index + 1, raw, stripped, bool(stripped) and _indented(line), typeset_width(stripped), layout)
        )
    return out
