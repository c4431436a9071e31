"""Clean-up of OCR punctuation and stray spaces in running Chinese text.

OCR reads full-width punctuation as its ASCII look-alike (`,` for `，`) and drops
spaces between ideographs where none are printed. In Chinese typesetting a space
between two ideographs means something only inside a quotation or a title in
book marks (the phrases of a slogan: `“转作风 勇争先”`), so spaces are removed
elsewhere, and inside quotations that hold sentence punctuation (a quoted remark is
running text). Spaces next to Latin words and digits are the spacing stage's job.
"""

from __future__ import annotations

import re

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_FULL_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—"
_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})
# An ASCII mark set tight after an ideograph or full-width mark (never between digits: 3,000 or 10:30).
_HALF_PUNCT = re.compile(rf"(?<=[{_HAN}{_FULL_PUNCT}])[,;:?!](?![0-9])|(?<=[{_HAN}])\((?=[{_HAN}])|(?<=[{_HAN}])\)")
_OPEN_PAREN = re.compile(rf"\((?=[{_HAN}][^()]*）)")
# Spaces between ideographs or full-width marks.
_STRAY_SPACE = re.compile(rf"(?<=[{_HAN}{_FULL_PUNCT}])[ \u3000]+(?=[{_HAN}{_FULL_PUNCT}])")
_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》|「[^「」]*」")
_SENTENCE_MARK = re.compile(r"[，。、；：？！]")


def _full_width_marks(text: str) -> str:
    text = _HALF_PUNCT.sub(lambda m: m.group().translate(_HALF_TO_FULL), text)
    return _OPEN_PAREN.sub("（", text)


def _drop_stray_spaces(text: str) -> str:
    out: list[str] = []
    position = 0
    for quoted in _QUOTED.finditer(text):
        out.append(_STRAY_SPACE.sub("", text[position : quoted.start()]))
        phrase = quoted.group()
        # a slogan's phrases keep their spaces; a quoted sentence is running text
        out.append(_STRAY_SPACE.sub("", phrase) if _SENTENCE_MARK.search(phrase) else phrase)
        position = quoted.end()
    out.append(_STRAY_SPACE.sub("", text[position:]))
    return "".join(out)


def normalize_punctuation(text: str) -> str:
    """Full-width marks for ASCII look-alikes in Chinese text; no spaces between ideographs
    outside quotations."""
    if " " not in text and "\u3000" not in text and text.isascii() is False and not _has_ascii_mark(text):
        return text
    return _drop_stray_spaces(_full_width_marks(text))


def _has_ascii_mark(text: str) -> bool:
    return any(mark in text for mark in ",;:?!()")
