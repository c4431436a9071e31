"""Setting clean text in narrow newspaper columns, and the artifacts extractors add.

Widths are display widths: an ASCII character counts 1, anything else (CJK, full-width
punctuation) counts 2. A column of N characters is 2N display columns wide.
"""

from __future__ import annotations

import itertools
import random
import re

# Chinese line-breaking rules (禁则): these never start a line ...
CLOSING = set("，。、；：？！）》」』】〉〕”’…—·%‰,.;:?!)]}'\"・～")
# ... and these never end one.
OPENING = set("（《「『【〈〔“‘([{")

# Runs that must not be cut: Latin words and numbers (`5G`, `96.4%`, `2024`), and the
# doubled dashes and ellipses.
_UNIT = re.compile(r"[A-Za-z0-9]+(?:[.:][0-9]+)*|……|——|.", re.S)
_DIGIT_RUN = re.compile(r"[0-9]+(?:\.[0-9]+)?")

IDEOGRAPHIC_INDENT = "\u3000\u3000"


def char_width(ch: str) -> int:
    return 1 if ord(ch) < 128 else 2


def display_width(text: str) -> int:
    return sum(1 if ord(ch) < 128 else 2 for ch in text)


def units(text: str) -> list[str]:
    """Split text into the smallest pieces a line may break between."""
    return _UNIT.findall(text)


def break_lines(text: str, width: int, first_indent: str = "") -> list[str]:
    """Wrap `text` greedily at `width` display columns, keeping the Chinese rules.

    A closing mark that would start a line pulls the previous unit down with it, and an
    opening mark that would end a line moves down too; a space never sits at a break
    (so joining the lines gives back the text, with the indent in front).
    """
    pieces = units(text)
    lines: list[str] = []
    start = 0
    indent = first_indent
    while start < len(pieces):
        room = width - display_width(indent)
        end, used = start, 0
        while end < len(pieces):
            w = display_width(pieces[end])
            if used + w > room and end > start:
                break
            used += w
            end += 1
        if end < len(pieces):
            end = _legal_break(pieces, start, end)
        lines.append(indent + "".join(pieces[start:end]))
        start, indent = end, ""
    return lines


def _legal_break(pieces: list[str], start: int, end: int) -> int:
    """Move a break at `end` earlier until the next line may start and this one may end there."""
    cut = end
    while cut > start + 1 and _bad_break(pieces, cut):
        cut -= 1
    return cut if not _bad_break(pieces, cut) else end


def _bad_break(pieces: list[str], cut: int) -> bool:
    before, after = pieces[cut - 1], pieces[cut]
    return after[0] in CLOSING or before[-1] in OPENING or before[-1] == " " or after[0] == " "


def breaks_ok(lines: list[str]) -> bool:
    """Whether a run of wrapped lines keeps the rules (what tests check)."""
    for first, second in itertools.pairwise(lines):
        head, tail = second.lstrip("\u3000 "), first.rstrip()
        if (head and head[0] in CLOSING) or (tail and tail[-1] in OPENING):
            return False
    return True


# -- artifacts that extractors add to the raw text (the gold keeps the clean form) --


def space_digits(line: str) -> str:
    """`共5项` -> `共 5 项`: PDF extractors often pad digit runs set in a Latin font."""

    def pad(match: re.Match[str]) -> str:
        s, e = match.span()
        # only where the digits meet Chinese text: next to Latin letters they were already
        # set in the same font (`K123`, `5G`)
        left = " " if s > 0 and not line[s - 1].isascii() and line[s - 1] != "\u3000" else ""
        right = " " if e < len(line) and not line[e].isascii() and line[e] != "\u3000" else ""
        return left + match.group() + right

    return _DIGIT_RUN.sub(pad, line)


def letter_space(line: str) -> str:
    """`新馆开放` -> `新 馆 开 放`: a justified line extracted glyph by glyph."""
    indent = len(line) - len(line.lstrip("\u3000 "))
    return line[:indent] + " ".join(units(line[indent:]))


_HALF_WIDTH = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"}


def ocr_noise(line: str, rng: random.Random, rate: float) -> str:
    """Stray spaces between characters and full/half-width punctuation mixed, as OCR does."""
    out: list[str] = []
    for index, ch in enumerate(line):
        if ch in _HALF_WIDTH and rng.random() < rate * 4:
            ch = _HALF_WIDTH[ch]
        out.append(ch)
        after = line[index + 1] if index + 1 < len(line) else " "
        # never between two ASCII characters: `2 024` could not be undone by a reader
        between_cjk = not (ch.isascii() and after.isascii())
        if index > 0 and after not in " \u3000" and ch not in " \u3000" and between_cjk:
            if rng.random() < rate:
                out.append(" ")
    return "".join(out)
