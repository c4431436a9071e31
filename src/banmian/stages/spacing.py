"""Joining wrapped lines and repairing the spaces that text extraction adds or keeps.

Chinese is set without spaces between words, so almost every space in a PDF text layer or
OCR dump is an artifact of the extraction; a few are meant and must stay.

Joining the wrapped lines of one paragraph (`join_lines`):

* Each line loses its edge whitespace, the indent of ideographic spaces `　` included.
* A letter-spaced line (rule 3 below) is collapsed before it is joined, since after the
  join its first and last characters stick to the neighbouring lines and the run can no
  longer be recognised.
* Lines join with nothing between them, except that a space goes back where both sides of
  the break are Latin: the last character of the first line is an ASCII letter or digit
  or a sentence/closing mark (`,.;:!?)]'"%`), and the next line starts with an ASCII letter
  or digit or an opening mark (`the` + `press` -> `the press`). Exceptions: a digit
  followed by a digit is one number broken by the wrap (`32` + `00`), and a line ending in
  a hyphen or slash joins without a space (`COVID-` + `19`).

Repairing spaces inside a paragraph or line (`fix_spacing`), in this order:

1. Whitespace runs (spaces, tabs, the ideographic space `　` inside a line) become one
   space; the ends are trimmed.
2. ASCII punctuation attached to Chinese text becomes full-width: `,;:?!)` right after a
   Han character or a curly quote (`中国,人民` -> `中国，人民`), `(` right before a Han
   character. Between digits or Latin words it stays (`5,000`, `12:30`, `Hello, world`).
3. Letter spacing: a run of three or more space-separated tokens, each one Han character,
   a punctuation mark or an ASCII word or number, with at least two single Han characters
   (`月 7 日 亮 相 ， 埃 菲 尔 铁`), is printed letter-spaced or justified text: its
   spaces go, and so do the spaces that join it to its neighbours, which continue the
   same text (the letter-spaced line was glued to the lines around it); a space between
   two ASCII tokens stays (`说 Xi Jinping 的` -> `说Xi Jinping的`).
   Spaced-out digits: a run of two or more single digits set one space apart and
   touching Chinese text on either side (`在 2 0 2 1 年`, `1 5 日`) is one number
   spaced by letter-spaced type or by OCR: its spaces go (`2021年`). Groups of
   several digits keep their spaces (`2 000`, `1 2 3` between Latin words).
4. A space between a Han character and an ASCII letter or digit (or a unit sign `%‰°℃`)
   goes (`有 5 项` -> `有5项`, `App 上的` -> `App上的`, `90% 的` -> `90%的`):
   Chinese typesetting sets the gap between scripts with spacing, not with a space
   character. So does a space between a number and its unit sign (`90 %` -> `90%`).
5. A space next to full-width or CJK punctuation (`，。、；：？！（）《》【】…—` and the
   full-width forms) goes: those marks carry their own spacing. Curly quotes: a space
   inside the quotes goes (after `“‘`, before `”’`); one outside them goes unless the
   other side is a Latin letter (`said “hello” to` keeps its spaces, `。” 2023年` does not).
6. Stray spaces (OCR): a space between two Han characters inside running prose goes when
   the text has at least two of them (or always, with `stray_spaces=True`; never, with
   `stray_spaces=False`). Protected, and kept, are the spaces of a segment between two
   punctuation marks made only of groups of 2-6 characters that is enclosed in brackets
   (`（记者 王明）`), or in quotes with groups of parallel length, each a multiple of the
   shortest (`“稳增长 促发展”`, `“稳增长 促发展强基础 惠民生”`), or is a list of three or
   more groups (`参与记者 王明 李华 赵一凡`). On generated OCR-like pages (stray spaces
   and half-width punctuation) rules 2 and 6 remove most of the whitespace and
   punctuation error; on clean pages nothing changes.

Kept, because they mean something:

* spaces between Han groups in the protected segments of rule 6: the phrases of a quoted
  slogan (`“稳增长 促发展”`), names in a list (`王明 李华 赵一凡`), a title's two decks
  or any other single Han-Han space (unless `stray_spaces=True`);
* spaces between Latin words and between numbers (`the press`, `2 000`).

`strip_letter_spacing` is the title/byline variant: runs of two or more single Han
characters collapse (`春 耕 时 节` -> `春耕时节`, `社 论` -> `社论`), and the space that
separates such a run from a following multi-character group is kept
(`本 报 记 者 王凯` -> `本报记者 王凯`).
"""

from __future__ import annotations

import itertools
import re
from typing import Final

# Han ideographs: URO, Extension A, compatibility ideographs, the `〇` numeral, and the
# astral extensions.
_HAN: Final = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Punctuation that carries its own spacing: CJK symbols and punctuation (U+3000 itself is
# handled as whitespace), full-width forms, and the dashes/ellipsis/middle dot of CJK text.
_FULL_PUNCT: Final = "\u3001-\u3006\u3008-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\uffe0-\uffee…—·‥"
_OPENING_CURLY: Final = "“‘"
_CLOSING_CURLY: Final = "”’"
_CURLY: Final = _OPENING_CURLY + _CLOSING_CURLY
_LATIN_ALNUM: Final = "A-Za-z0-9%‰°℃"
_UNIT_SIGNS: Final = "%‰°℃"  # signs set right after a number

# Rule 3: tokens that can belong to a letter-spaced run, and a cheap pre-check that a
# text has at least two single-Han tokens (most paragraphs have none).
_SINGLE_HAN_TOKEN: Final = re.compile(rf"[{_HAN}]")
_PUNCT_TOKEN: Final = re.compile(rf"[{_FULL_PUNCT}{_CURLY}]+")
_TWO_SINGLE_HAN: Final = re.compile(rf"(?:^| )[{_HAN}](?= |$).*? [{_HAN}](?= |$)")

# Rule 3, digits: single digits one space apart, and the Chinese that must touch the run.
_SPACED_DIGITS: Final = re.compile(r"(?<![0-9A-Za-z.,:/-])[0-9](?: [0-9])+(?![0-9A-Za-z.,:/-])")
_CHINESE_CHAR: Final = re.compile(rf"[{_HAN}{_FULL_PUNCT}{_CURLY}]")

# Rules 4 and 5: spaces that are extraction artifacts, decided by the characters on both
# sides. Each branch starts with the literal space so that `re` only stops at spaces; the
# text is whitespace-normalized first, so every space has a non-space on both sides.
_ARTIFACT_SPACE: Final = re.compile(
    rf" (?:(?<=[{_HAN}] )(?=[{_LATIN_ALNUM}])"
    rf"|(?<=[0-9] )(?=[{_UNIT_SIGNS}])"
    rf"|(?<=[{_LATIN_ALNUM}] )(?=[{_HAN}])"
    rf"|(?<=[{_FULL_PUNCT}] )"
    rf"|(?=[{_FULL_PUNCT}])"
    rf"|(?<=[{_OPENING_CURLY}] )"
    rf"|(?=[{_CLOSING_CURLY}])"
    rf"|(?<=[{_CLOSING_CURLY}] )(?![A-Za-z])"
    rf"|(?<![A-Za-z] )(?=[{_OPENING_CURLY}]))"
)

# Rule 2: ASCII punctuation attached to Chinese text (OCR and some extractors produce it).
# `,;:?!)` follow the word they end, so they are judged by the character before them
# (an optional space between is dropped); `(` by the character after it.
_FULL_WIDTH_OF: Final = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_WIDTH_PUNCT: Final = re.compile(
    rf"(?<=[{_HAN}{_CURLY}]) ?([,;:?!)])"
    rf"|([(])(?= ?[{_HAN}])"
)

# Rule 6: segments between punctuation marks, and the Han-Han spaces inside them.
_SEGMENT: Final = re.compile(rf"[^{_FULL_PUNCT}{_CURLY}()\[\]<>,.;:!?\"']+")
_HAN_SPACE_HAN: Final = re.compile(rf"([{_HAN}]) (?=[{_HAN}])")
_BRACKET_OPENERS: Final = frozenset("（【〔(")
_BRACKET_CLOSERS: Final = frozenset("）】〕)")
_QUOTE_OPENERS: Final = frozenset("“‘「『《〈\"'")
# a who-note's role of two words joined by a middle dot or slash (`（文·圖 某某 某某）`):
# the segment after the dot opens with the role's second word
_ROLE_BEFORE: Final = re.compile(rf"[（(][{_HAN}][·/]$")
_QUOTE_CLOSERS: Final = frozenset("”’」』》〉\"'")
_LIST_GROUP_MAX: Final = 6  # names are 2-4 characters, slogan phrases 3-6
_AUTO_STRAY_MINIMUM: Final = 2

# Title variant: two or more single Han characters separated by single spaces.
_TITLE_SPACED_RUN: Final = re.compile(rf"(?<!\S)[{_HAN}](?: [{_HAN}])+(?!\S)")

# Characters that, on both sides of a line break, make it a space (see the module docstring).
_LATIN_LEFT: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789,.;:!?)]'\"%")
_LATIN_RIGHT: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789(['\"")


def _needs_space(left: str, right: str) -> bool:
    """Whether the line break between `left` and `right` stood for a space (Latin on both sides)."""
    if left[-1] not in _LATIN_LEFT or right[0] not in _LATIN_RIGHT:
        return False
    if right[0].isdigit() and (left[-1].isdigit() or (left[-1] == "." and left[-2:-1].isdigit())):
        return False  # one number broken by the wrap: `32` + `00`, `5.` + `6`
    return True


def join_lines(parts: list[str], *, separator: str = "") -> str:
    """Join the wrapped lines of one paragraph (see the module docstring).

    `separator` goes between lines where the Latin rule does not put a space: "" for body
    text; " " for lines whose break separates fields, such as a credit set over two lines
    (`■ 新华社记者` + `孙立 摄`).
    """
    lines = [line for line in map(str.strip, parts) if line]
    if not any(" " in line for line in lines):
        # the usual paragraph: no line to collapse, and a break needs the Latin test only
        # where the line before it ends in a Latin character
        if not any(line[-1] in _LATIN_LEFT for line in lines[:-1]):
            return separator.join(lines)
        pieces = lines[:1]
        for previous, line in itertools.pairwise(lines):
            pieces.append(" " if previous[-1] in _LATIN_LEFT and _needs_space(previous, line) else separator)
            pieces.append(line)
        return "".join(pieces)
    pieces = []
    previous = ""
    for line in lines:
        if " " in line:
            # A letter-spaced line must be collapsed before joining: once its edge
            # characters merge with the neighbouring lines, the run is no longer visible.
            line = _collapse_runs(" ".join(line.split()))
        if previous:
            pieces.append(" " if _needs_space(previous, line) else separator)
        pieces.append(line)
        previous = line
    return "".join(pieces)


def _run_unit(token: str) -> bool:
    """Whether a space-separated token can be part of a letter-spaced run."""
    return (
        (len(token) == 1 and _SINGLE_HAN_TOKEN.match(token) is not None)
        or token.isascii()
        or _PUNCT_TOKEN.fullmatch(token) is not None
    )


def _collapse_runs(text: str) -> str:
    """Rule 3: remove the spaces of letter-spaced runs and the spaces that border them.

    A run is a maximal sequence of at least three tokens, each one Han character, a
    punctuation mark or an ASCII word/number, with at least two single Han characters.
    Inside it and at its borders every space goes, except one between two ASCII tokens.
    """
    if _TWO_SINGLE_HAN.search(text) is None:
        return text
    tokens = text.split(" ")
    in_run = [False] * len(tokens)
    start = 0
    while start < len(tokens):
        end = start
        while end < len(tokens) and _run_unit(tokens[end]):
            end += 1
        singles = sum(1 for t in tokens[start:end] if len(t) == 1 and _SINGLE_HAN_TOKEN.match(t))
        if end - start >= 3 and singles >= 2:
            in_run[start:end] = [True] * (end - start)
        start = end + 1
    out = [tokens[0]]
    for index in range(1, len(tokens)):
        left, right = tokens[index - 1], tokens[index]
        touches_run = in_run[index - 1] or in_run[index]
        if not touches_run or (left.isascii() and right.isascii()):
            out.append(" ")
        out.append(right)
    return "".join(out)


def _join_spaced_digits(text: str) -> str:
    """Rule 3, digits: close up a run of single digits that touches Chinese text."""
    out: list[str] = []
    cursor = 0
    for match in _SPACED_DIGITS.finditer(text):
        start, end = match.span()
        before = text[max(0, start - 2):start].strip()[-1:]
        after = text[end:end + 2].strip()[:1]
        if _CHINESE_CHAR.match(before) or _CHINESE_CHAR.match(after):
            out.append(text[cursor:start])
            out.append(match.group().replace(" ", ""))
            cursor = end
    if not out:
        return text
    out.append(text[cursor:])
    return "".join(out)


def _full_width_punct(match: re.Match[str]) -> str:
    return _FULL_WIDTH_OF[match.group(1) or match.group(2)]


def _remove_stray_spaces(text: str, minimum: int) -> str:
    """Rule 6: drop the Han-Han spaces of unprotected segments if there are at least `minimum`."""
    stray: list[tuple[int, int]] = []
    count = 0
    for segment in _SEGMENT.finditer(text):
        body = segment.group()
        if " " not in body:
            continue  # the usual segment; no Han-Han space without a space
        spaces = len(_HAN_SPACE_HAN.findall(body))
        if not spaces:
            continue
        lengths = [len(group) for group in body.strip().split(" ")]
        start, end = segment.span()
        before, after = text[start - 1 : start], text[end : end + 1]
        if len(lengths) > 1 and _ROLE_BEFORE.search(text, 0, start) is not None:
            lengths, before = lengths[1:], text[start - 3]
        if 2 <= min(lengths) and max(lengths) <= _LIST_GROUP_MAX:
            bracketed = before in _BRACKET_OPENERS and after in _BRACKET_CLOSERS
            quoted = before in _QUOTE_OPENERS and after in _QUOTE_CLOSERS
            # Slogan phrases are parallel (3+3, 5+5); a line break may hide the space
            # between two of them (3+6+3), a stray space rarely keeps that pattern.
            parallel = all(length % min(lengths) == 0 for length in lengths)
            if bracketed or (quoted and parallel) or len(lengths) >= 3:
                continue  # a role and names in brackets, a quoted slogan, a list
        stray.append(segment.span())
        count += spaces
    if count < minimum:
        return text
    out: list[str] = []
    cursor = 0
    for start, end in stray:
        out.append(text[cursor:start])
        out.append(_HAN_SPACE_HAN.sub(r"\1", text[start:end]))
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def fix_spacing(text: str, *, stray_spaces: bool | None = None) -> str:
    """Remove extraction spaces and keep meaningful ones (see the module docstring).

    `stray_spaces` controls rule 6 (spaces between two Han characters in running prose):
    True removes them (the page is known to carry OCR stray spaces), False keeps them,
    None (the default) removes them when the text has at least two.
    """
    # str.split() splits on every Unicode space, U+3000 included, and drops the ends.
    text = " ".join(text.split())
    # most paragraphs hold no ASCII punctuation: one fast `in` per mark tells
    if any(mark in text for mark in _FULL_WIDTH_OF):
        text = _HALF_WIDTH_PUNCT.sub(_full_width_punct, text)
    if " " not in text:
        return text
    text = _collapse_runs(text)
    if _SPACED_DIGITS.search(text) is not None:
        text = _join_spaced_digits(text)
    text = _ARTIFACT_SPACE.sub("", text)
    if stray_spaces is False or _HAN_SPACE_HAN.search(text) is None:
        return text
    return _remove_stray_spaces(text, 1 if stray_spaces else _AUTO_STRAY_MINIMUM)


def strip_letter_spacing(line: str) -> str:
    """Collapse letter-spaced Han characters of a title or byline line (`春 耕 时 节` -> `春耕时节`).

    Whitespace runs become one space first; spaces between multi-character groups stay.
    """
    line = " ".join(line.split())
    if " " not in line:
        return line
    return _TITLE_SPACED_RUN.sub(lambda match: match.group().replace(" ", ""), line)
