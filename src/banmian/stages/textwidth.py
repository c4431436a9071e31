"""Display width of text as a newspaper column sets it: CJK characters 2, ASCII 1.

Column widths are estimated from line lengths, and a Chinese column mixes ideographs
with Latin letters and digits, so characters are counted in display cells:

* East Asian Wide (W) and Fullwidth (F) characters count 2 (ideographs, kana, hangul,
  full-width punctuation and forms, the ideographic space U+3000).
* East Asian Ambiguous (A) characters count 2 unless they are letters or combining marks:
  in a Chinese font the curly quotes “”‘’, the ellipsis …, the dash — and the middle
  dot · take a full em (UAX #11 recommends "wide" for ambiguous characters in an East Asian
  context), while Greek, Cyrillic and accented Latin letters stay narrow.
* Combining marks (Mn, Me) and format characters (Cf: zero-width space, joiners, BOM)
  count 0.
* Everything else counts 1.

The classification comes from `unicodedata`; the 2-cell characters of the BMP are compiled
once into one regular expression, so `display_width` costs one C-level scan per line.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache


def _classify(code: int) -> int:
    char = chr(code)
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf"):
        return 0
    eaw = unicodedata.east_asian_width(char)
    if eaw in ("W", "F"):
        return 2
    if eaw == "A" and not category.startswith("L"):
        return 2
    return 1


@lru_cache(maxsize=4096)
def _rare_char_width(char: str) -> int:
    return _classify(ord(char))


@lru_cache(maxsize=1)
def _bmp_wide_pattern() -> re.Pattern[str]:
    """Runs of 2-cell characters of the Basic Multilingual Plane, built on first use.

    Kept to the BMP so that `re` compiles the class into a constant-time bitmap lookup;
    the rarer astral characters are measured one by one.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x80, 0x10000):
        if 0xD800 <= code <= 0xDFFF or _classify(code) != 2:
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    parts = [re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges]
    return re.compile(f"[{''.join(parts)}]+")


def display_width(text: str) -> int:
    """Width of `text` in display cells (CJK 2, ASCII 1, combining and format marks 0)."""
    if text.isascii():
        return len(text)
    narrow = _bmp_wide_pattern().sub("", text)
    width = 2 * (len(text) - len(narrow))
    if narrow.isascii():
        return width + len(narrow)
    return width + sum(1 if char.isascii() else _rare_char_width(char) for char in narrow)


def char_width(char: str) -> int:
    """Width of one character in display cells (see the module docstring)."""
    if len(char) != 1:
        raise ValueError(f"char_width expects one character, got {len(char)}")
    return display_width(char)


if __name__ == "__main__":  # pragma: no cover - manual check
    for argument in sys.argv[1:]:
        print(argument, display_width(argument))
