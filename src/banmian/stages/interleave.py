"""Detect side-by-side columns that OCR has interleaved line by line or merged into long lines.

OCR engines that sort text lines by their y coordinate read a page of side-by-side columns
row by row: column 1 line 1, column 2 line 1, column 3 line 1, column 1 line 2, … or they
join a row of columns into one long line. The text alone cannot always undo that, but it
can tell that it happened, so the parser can warn instead of gluing nonsense paragraphs.

Signals (general statistics of the page itself, no word lists):

* Continuation evidence. In running text the character at the end of a line and the one at
  the start of the next form an ordinary bigram of the language, so the bigram usually
  occurs somewhere else on the same page, inside a line (about half of the Han-Han breaks
  of a news page; a random pair of lines, about one in twenty). For every line i and
  offset k = 1…5 the detector records whether (last char of line i, first char of line
  i+k) is such a page bigram.
* Interleaving. In a window of consecutive lines, clean text shows its evidence at k = 1.
  When c columns are interleaved, line i continues in line i+c: the evidence moves to
  offset c and drops to chance at k = 1. A window of `_WINDOW` lines is flagged when the
  best offset k ≥ 2 gathers at least `_MIN_PERIOD_HITS` hits and at least twice the hits
  at k = 1 plus `_MIN_LEAD`. Flagged windows are merged into line ranges, trimmed to the
  lines that carry evidence at the winning offsets.
* Merging. A line at least 1.75 times as wide as the body column (display width) holds two
  or more columns. Such lines close together that do not continue each other (a genuinely
  wide column continues from line to line) form a merged range, if the page shows that
  their silence means something: it has interleaved columns as well, or its other lines
  continue each other so often that the cluster's lack of evidence is significant
  (binomial tail below `_MERGED_SIGNIFICANCE`). A page made only of merged rows offers no
  such comparison and goes unreported.

Calibration (tests/test_interleave.py keeps it honest): the five real OCR dumps are all
flagged; the clean sample page, the sample's gold text hard-wrapped at eleven widths and
600 generated clean pages of every layout get no warning; on generated pages whose lines
11-70 are interleaved in two or three columns, 93% are found.

Line ranges are reported in source line numbers (1-based, inclusive).
"""

from __future__ import annotations

import math
import operator
import re
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Final

_MAX_PERIOD: Final = 5  # up to five interleaved columns; pages rarely have more side by side
_WINDOW: Final = 24  # lines per window: enough breaks for the hit counts to rise above chance
_MIN_WINDOW: Final = 8  # shorter pages use all their lines as one window, down to this many
_MIN_PERIOD_HITS: Final = 3
_MIN_LEAD: Final = 2  # the best offset must beat twice the hits at k = 1 by this much
_PERIOD_SHARE: Final = 0.25  # a period counts in a run when it wins this share of its windows

_MERGED_FACTOR: Final = 1.75  # lines at least this many column widths wide hold two columns
_MERGED_MAX_GAP: Final = 2  # wide lines at most this many lines apart belong to one cluster
# Wide lines that continue each other at least this often are one genuinely wide column:
# merged OCR rows show no evidence at all (0 of 3-13 breaks on the real pages), clean wide
# columns 0.2-0.5 of their breaks. Fewer than `_MIN_JUDGED_PAIRS` breaks cannot be judged.
_WIDE_COLUMN_HIT_RATE: Final = 0.15
_MIN_JUDGED_PAIRS: Final = 2
# On a page without interleaving, a cluster's lack of continuation must be this unlikely
# given how often the page's other breaks continue (generated clean pages that mix 11- and
# 30-character columns reach 0.011 at worst; merged rows after clean text, about 1e-8).
_MERGED_SIGNIFICANCE: Final = 0.002
_MIN_RATE_PAIRS: Final = 10  # judged breaks needed before a page's continuation rate is trusted

_MAX_INDEXED_CHARS: Final = 1_000_000  # about 100 pages; bounds memory on a pathological input

_MIN_BODY_WIDTH: Final = 16  # display cells: shorter lines (titles, page numbers) do not set the column width
_MIN_WIDTH_SAMPLES: Final = 5


@dataclass(frozen=True)
class ColumnMixingReport:
    """What the detector found: page warnings and the affected source line ranges."""

    warnings: list[str] = field(default_factory=list)
    interleaved: list[tuple[int, int]] = field(default_factory=list)
    merged: list[tuple[int, int]] = field(default_factory=list)

    @property
    def mixed(self) -> bool:
        return bool(self.interleaved or self.merged)


def _rough_width(text: str) -> int:
    """Display width counting every non-ASCII character as 2 cells.

    Exact for Chinese text (ideographs and full-width punctuation are 2 cells, ASCII 1)
    and about three times cheaper than `display_width`; it only feeds the width
    heuristics below, where a rare accented letter counted wide does not matter.
    """
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


def _rough_widths(texts: Sequence[str]) -> list[int]:
    """`_rough_width` of each text: its length plus its non-ASCII characters, counted for
    all texts in one regex pass that keeps the newlines between them."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return list(map(_rough_width, texts))
    non_ascii = _ASCII_BUT_NEWLINE.sub("", joined).split("\n")
    return list(map(operator.add, map(len, texts), map(len, non_ascii)))


def estimate_column_width(texts: Sequence[str]) -> float | None:
    """The most common display width of body lines (bucketed by 2 cells), or None if too few."""
    return _mode_width(list(map(_rough_width, texts)))


def _mode_width(all_widths: Sequence[int]) -> float | None:
    widths = [width for width in all_widths if width >= _MIN_BODY_WIDTH]
    if len(widths) < _MIN_WIDTH_SAMPLES:
        return None
    buckets = Counter(width // 2 * 2 for width in widths)
    # Among equally common buckets prefer the wider: justified body lines sit at the top.
    bucket, _count = max(buckets.items(), key=lambda item: (item[1], item[0]))
    return float(bucket)


# The 32-bit views read the UTF-16 text in the machine's byte order: in that encoding a
# character pair reads as `first | second << 16`.
_UTF16_NATIVE: Final = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"
_FIRST_SHIFT, _SECOND_SHIFT = (0, 16) if sys.byteorder == "little" else (16, 0)
_UTF32_NATIVE: Final = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
_ASCII_BUT_NEWLINE: Final = re.compile("[\x00-\x09\x0b-\x7f]+")
_NOT_HAN: Final = re.compile("[^\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\u3007]")


def _page_bigrams(texts: Sequence[str], wanted: set[int]) -> set[int]:
    """The keys of `wanted` that occur as two-character sequences inside a line of the page.

    Keys are `c1 << _FIRST_SHIFT | c2 << _SECOND_SHIFT`. The newline between lines keeps
    breaks out. The page's keys are read straight from the UTF-16 encoding as 32-bit
    values at even and odd character offsets (no Python string per position), and only
    intersected with the wanted keys: cheaper than building a set of every page bigram.
    Characters outside the BMP become surrogate pairs; `_han_codes` never asks for them.
    """
    joined = "\n".join(texts)
    if len(joined) > _MAX_INDEXED_CHARS:  # a runaway input: its first part is sample enough
        joined = joined[:_MAX_INDEXED_CHARS]
    encoded = joined.encode(_UTF16_NATIVE, "surrogatepass")
    odd = encoded[2:]
    found = wanted.intersection(array("I", encoded[: len(encoded) // 4 * 4]))
    found.update(wanted.intersection(array("I", odd[: len(odd) // 4 * 4])))
    return found


def _han_codes(chars: Iterable[str]) -> list[int]:
    """Code point of each BMP Han character, -1 for anything else (-1 keys are never found)."""
    # Non-Han characters become NUL (no Han code is 0) in one regex pass; the UTF-32
    # array then yields one code per character without a Python-level test each.
    masked = _NOT_HAN.sub("\0", "".join(chars))
    return [code or -1 for code in array("I", masked.encode(_UTF32_NATIVE, "surrogatepass"))]


def _continuation_hits(texts: Sequence[str], max_period: int) -> tuple[list[list[bool]], list[bool], float]:
    """(hits, judged, rate) of the line breaks of a page.

    hits[k][i] is True when line i's last char and line i+k's first char form a page
    bigram; judged[i] is True when the break after line i is Han on both sides (only such
    breaks count: one at punctuation, digits or Latin says little); rate is the share of
    judged pairs with a hit at the page's best offset k, what continuing text scores here.
    """
    lasts = [code << _FIRST_SHIFT if code >= 0 else -1 for code in _han_codes(text[-1] for text in texts)]
    firsts = [code << _SECOND_SHIFT if code >= 0 else -1 for code in _han_codes(text[0] for text in texts)]
    han_last = [code >= 0 for code in lasts]
    han_first = [code >= 0 for code in firsts]
    # keys[k][i]: the (last of line i, first of line i+k) pair; -1 where either is not Han
    keys = [list(map(operator.or_, lasts, firsts[period:])) for period in range(1, max_period + 1)]
    wanted = set().union(*keys)
    wanted.discard(-1)
    bigrams = _page_bigrams(texts, wanted)
    hits: list[list[bool]] = [[]]
    rate = 0.0
    for period in range(1, max_period + 1):
        row = list(map(bigrams.__contains__, keys[period - 1]))
        hits.append(row + [False] * (len(texts) - len(row)))
        judged_pairs = sum(map(operator.and_, han_last, han_first[period:]))
        if judged_pairs >= _MIN_RATE_PAIRS:
            rate = max(rate, sum(row) / judged_pairs)
    judged = [*map(operator.and_, han_last, han_first[1:]), False]
    return hits, judged, rate


def _interleaved_ranges(hits: list[list[bool]], count: int) -> list[tuple[int, int, list[int]]]:
    """(first index, last index, periods) of the runs of lines whose evidence sits at k >= 2."""
    window = min(_WINDOW, count)
    if window < _MIN_WINDOW:
        return []
    starts = count - window + 1
    # scores[k][s]: hits at offset k among the pairs inside the window starting at line s.
    scores: list[list[int]] = [[]]
    for period in range(1, len(hits)):
        prefix = [0, *accumulate(hits[period])]
        scores.append(list(map(operator.sub, prefix[window - period : window - period + starts], prefix[:starts])))
    # A window is flagged below when its best offset k >= 2 scores at least
    # max(_MIN_PERIOD_HITS, 2 * its k = 1 score + _MIN_LEAD), that is when any such k does.
    # Most pages have no such window, which C-level maps tell at a fraction of the cost.
    need = [max(_MIN_PERIOD_HITS, 2 * at_one + _MIN_LEAD) for at_one in scores[1]]
    if not any(any(map(operator.ge, row, need)) for row in scores[2:]):
        return []
    best_other = list(map(max, zip(*scores[2:], strict=True)))
    flagged: list[tuple[int, int]] = []  # (window start, period)
    for start, (best, at_one) in enumerate(zip(best_other, scores[1], strict=True)):
        if best >= _MIN_PERIOD_HITS and best >= 2 * at_one + _MIN_LEAD:
            period = next(k for k in range(2, len(hits)) if scores[k][start] == best)
            flagged.append((start, period))
    ranges: list[tuple[int, int, list[int]]] = []
    group: list[tuple[int, int]] = []
    for start, period in flagged:
        if group and start > group[-1][0] + window:
            ranges.append(_trimmed_range(group, hits, window))
            group = []
        group.append((start, period))
    if group:
        ranges.append(_trimmed_range(group, hits, window))
    return ranges


def _trimmed_range(
    group: list[tuple[int, int]], hits: list[list[bool]], window: int
) -> tuple[int, int, list[int]]:
    """Cut a run of flagged windows down to the lines joined by evidence at its periods.

    A page can interleave two columns in one place and three in another; every period
    that wins at least `_PERIOD_SHARE` of the run's windows counts.
    """
    counts = Counter(period for _start, period in group)
    periods = sorted(p for p, n in counts.items() if n >= _PERIOD_SHARE * len(group))
    first, last = group[0][0], group[-1][0] + window - 1
    links = [(i, i + p) for p in periods for i in range(first, last - p + 1) if hits[p][i]]
    if links:
        first, last = min(i for i, _j in links), max(j for _i, j in links)
    # Windows reach full evidence only some lines into a mixed stretch: follow the links
    # outwards while they keep coming, at most one period apart.
    reach = max(periods)
    while True:
        earlier = [i for p in periods for i in range(max(0, first - reach), first) if hits[p][i] and i + p >= first]
        if not earlier:
            break
        first = min(earlier)
    while True:
        later = [
            i + p for p in periods for i in range(max(0, last - reach + 1), last + 1) if hits[p][i] and i + p > last
        ]
        if not later:
            break
        last = max(later)
    return first, last, periods


def _binomial_tail(hits: int, trials: int, rate: float) -> float:
    """P(X <= hits) for X ~ Binomial(trials, rate): how likely so few hits are by chance."""
    return sum(math.comb(trials, x) * rate**x * (1 - rate) ** (trials - x) for x in range(hits + 1))


def _merged_ranges(
    widths: Sequence[int],
    column_width: float,
    hits: list[list[bool]],
    judged: list[bool],
    *,
    page_rate: float,
    page_mixed: bool,
) -> list[tuple[int, int, float]]:
    """(first index, last index, mean width ratio) of clusters of lines about 2-4 columns wide.

    Width alone does not make a cluster: pages mix narrow and wide columns. Its consecutive
    wide lines must be judged (Han on both sides of the break) at least `_MIN_JUDGED_PAIRS`
    times and rarely continue each other, and the page must show that this is no accident:
    it has interleaved columns too, or its text elsewhere continues from line to line so
    much more often (`page_rate`) that the cluster's silence is significant. Unwrapped
    paragraphs, one per line, end in punctuation and are never judged.
    """
    wide = [i for i, width in enumerate(widths) if width >= _MERGED_FACTOR * column_width]
    clusters: list[list[int]] = []
    for index in wide:
        if clusters and index - clusters[-1][-1] <= _MERGED_MAX_GAP + 1:
            clusters[-1].append(index)
        else:
            clusters.append([index])
    ranges: list[tuple[int, int, float]] = []
    for cluster in clusters:
        members = set(cluster)
        pairs = [i for i in cluster if i + 1 in members and judged[i]]
        if len(pairs) < _MIN_JUDGED_PAIRS:
            continue
        continued = sum(hits[1][i] for i in pairs)
        if continued / len(pairs) >= _WIDE_COLUMN_HIT_RATE:
            continue  # a wide column whose lines continue each other
        if not page_mixed and _binomial_tail(continued, len(pairs), page_rate) >= _MERGED_SIGNIFICANCE:
            continue  # too little evidence on this page to call the silence unusual
        ratio = sum(widths[i] for i in cluster) / len(cluster) / column_width
        ranges.append((cluster[0], cluster[-1], ratio))
    return ranges


def detect_column_mixing(
    lines: Sequence[tuple[int, str]], column_width: float | None = None
) -> ColumnMixingReport:
    """Look for interleaved or merged columns among a page's non-blank lines.

    `lines` are (source line number, text) pairs in page order; blank lines may be present
    and are ignored. `column_width` is the body column width in display cells (CJK 2,
    ASCII 1), if the caller knows it; the narrower of it and the most common body line
    width is used.
    """
    numbered = [(number, stripped) for number, text in lines if (stripped := text.strip())]
    if len(numbered) < 2:
        return ColumnMixingReport()
    numbers = [number for number, _text in numbered]
    texts = [text for _number, text in numbered]
    hits, judged, page_rate = _continuation_hits(texts, _MAX_PERIOD)

    warnings: list[str] = []
    interleaved: list[tuple[int, int]] = []
    for first, last, periods in _interleaved_ranges(hits, len(texts)):
        span = (numbers[first], numbers[last])
        interleaved.append(span)
        every = " or ".join(map(str, periods))
        columns = "-".join(map(str, periods))
        warnings.append(
            f"interleaved columns suspected in lines {span[0]}-{span[1]}: consecutive lines do not "
            f"continue each other, each continues {every} lines further on "
            f"(about {columns} columns read row by row)"
        )

    merged: list[tuple[int, int]] = []
    widths = _rough_widths(texts)
    # The narrower of the caller's width and the page's most common line width: where
    # merged rows are many, a width taken from all lines is itself a merged width; a width
    # too narrow only adds candidates, which the continuation test then clears.
    estimates = [w for w in (column_width, _mode_width(widths)) if w]
    width = min(estimates) if estimates else None
    if width:
        clusters = _merged_ranges(
            widths, width, hits, judged, page_rate=page_rate, page_mixed=bool(interleaved)
        )
        for first, last, ratio in clusters:
            span = (numbers[first], numbers[last])
            merged.append(span)
            warnings.append(
                f"merged columns suspected in lines {span[0]}-{span[1]}: lines about {ratio:.1f}x "
                f"the column width ({width:.0f} cells) that do not continue each other"
            )
    return ColumnMixingReport(warnings=warnings, interleaved=interleaved, merged=merged)
