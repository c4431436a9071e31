"""CJK-aware tokens for the full-text index, made in Python at index and query time.

SQLite's own tokenizers do not split Chinese into words, so the index stores
pre-tokenized text (tokens joined by spaces) that FTS5's `unicode61` tokenizer
then only has to split on spaces. As Lucene's CJK analyzer does, a run of CJK
characters is indexed as overlapping character bigrams; single characters go
into a separate column, so one-character queries work without breaking the
bigram positions that phrase queries rely on. Latin words and numbers are words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# CJK ideographs (BMP blocks and Extension A..) and kana/hangul, which behave the same way.
CJK = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0002ebef\U00030000-\U0003134f"
)
SEGMENT = re.compile(rf"([{CJK}]+)|([0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+)")
# Spaces between two CJK characters carry no meaning (OCR and PDF text put them anywhere);
# a line break does (it separates paragraphs and title parts).
_CJK_GAP = re.compile(rf"(?<=[{CJK}])[ \t\u3000]+(?=[{CJK}])")
# Put between two segments that punctuation or a line break separates, so that a
# phrase cannot match across them. A private-use character: no query produces it.
BREAK = "\ue000"
# Full-width letters and digits fold to ASCII, as users type either.
_FULLWIDTH = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B))
     + list(range(0xFF41, 0xFF5B))}
)
# The same, and upper-case ASCII to lower case: what `segments` does to a word, as one
# table that keeps every character in its place (for finding matches in the original).
FOLD = str.maketrans(
    {**{chr(c): chr(c - 0xFEE0).lower() for c in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B))
        + list(range(0xFF41, 0xFF5B))},
     **{chr(c): chr(c + 32) for c in range(0x41, 0x5B)}}
)


@dataclass(frozen=True)
class Segment:
    text: str
    cjk: bool
    # Follows the previous segment with nothing or only spaces between (a phrase may continue).
    joined: bool = True


def _joined(text: str, start: int, previous_end: int | None) -> bool:
    if previous_end is None:
        return True
    gap = text[previous_end:start]
    return gap.strip(" \t\u3000") == ""


def segments(text: str) -> list[Segment]:
    """Split text into CJK runs and Latin/number words, dropping punctuation and spaces."""
    text = _CJK_GAP.sub("", text.translate(_FULLWIDTH))
    out: list[Segment] = []
    end: int | None = None
    for match in SEGMENT.finditer(text):
        joined = _joined(text, match.start(), end)
        end = match.end()
        if match.group(1):
            out.append(Segment(match.group(1), True, joined))
        else:
            out.append(Segment(match.group(2).lower(), False, joined))
    return out


def bigram_stream(segs: list[Segment]) -> list[str]:
    """Tokens in text order: CJK runs as overlapping bigrams (a lone character as itself), words as words."""
    out: list[str] = []
    for seg in segs:
        if out and not seg.joined:
            out.append(BREAK)
        if seg.cjk and len(seg.text) > 1:
            out.extend(seg.text[i : i + 2] for i in range(len(seg.text) - 1))
        else:
            out.append(seg.text)
    return out


def unigram_stream(segs: list[Segment]) -> list[str]:
    """Every CJK character on its own (the column that one-character queries search)."""
    return [ch for seg in segs if seg.cjk for ch in seg.text]


def index_columns(text: str) -> tuple[str, str]:
    """(bigram column, unigram column) for one field of an article.

    The same tokens as `bigram_stream` / `unigram_stream`, built in one pass
    because indexing 100,000 articles spends most of its time here.
    """
    text = _CJK_GAP.sub("", text.translate(_FULLWIDTH))
    bigrams: list[str] = []
    unigrams: list[str] = []
    end: int | None = None
    for match in SEGMENT.finditer(text):
        if bigrams and not _joined(text, match.start(), end):
            bigrams.append(BREAK)
        end = match.end()
        run = match.group(1)
        if run:
            bigrams.append(" ".join(map(str.__add__, run[:-1], run[1:])) if len(run) > 1 else run)
            unigrams.append(" ".join(run))
        else:
            bigrams.append(match.group(2).lower())
    return " ".join(bigrams), " ".join(unigrams)
