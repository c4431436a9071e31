"""Stage 1: raw page text -> numbered, normalised source lines with their widths."""

from __future__ import annotations

import re
from dataclasses import dataclass

from banmian.layout import LineLayout
from banmian.stages.charmap import normalize_chars
from banmian.stages.markers import FULLWIDTH_PUNCT
from banmian.stages.textwidth import display_width

_INDENT = re.compile(r"^(?:\u3000|[ \t]{2,}|\t)")
_PUNCT_RUN = re.compile("[" + re.escape("".join(sorted(FULLWIDTH_PUNCT))) + "]")
# Lines longer than this are not measured character by character (a 10 MB line
# is one huge paragraph either way).
MAX_MEASURED = 4000


@dataclass
class SourceLine:
    number: int  # 1-based line number in the page text
    raw: str
    text: str  # normalised, edge whitespace (indents included) stripped
    indented: bool  # starts with an ideographic space, a tab or two spaces
    width: int  # typeset width: CJK 2, ASCII 1, full-width punctuation 1 (PDFs compress it)
    layout: LineLayout | None = None

    @property
    def blank(self) -> bool:
        return not self.text


def typeset_width(text: str) -> int:
    """Width of a line as a justified column sets it.

    Full-width punctuation is counted as one cell: PDF typesetting compresses it,
    so lines heavy in punctuation hold more characters than plain ones.
    """
    if len(text) > MAX_MEASURED:
        return 2 * len(text)
    return display_width(text) - len(_PUNCT_RUN.findall(text))


def split_lines(text: str) -> list[str]:
    """Split page text into lines the way the scorer counts them (LF; CR and CRLF normalised)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_source_lines(text: str, layouts: list[LineLayout] | None = None) -> list[SourceLine]:
    out: list[SourceLine] = []
    for index, raw in enumerate(split_lines(text)):
        normal = normalize_chars(raw)
        stripped = normal.strip(" \t\u3000\f\v")
        layout = layouts[index] if layouts is not None and index < len(layouts) else None
        indented = bool(stripped) and bool(_INDENT.match(normal))
        out.append(SourceLine(index + 1, raw, stripped, indented, typeset_width(stripped), layout))
    return out
