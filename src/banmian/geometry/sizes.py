"""Type classes: the body size of a page and where each line stands against it.

Newspapers set running text in one body size; headlines are clearly larger, kickers,
subtitles and subheads a little larger, captions and credits smaller. OCR lines come
with the sizes the OCR repairs give them (`banmian.inputs.ocr.repairs`: from the
character pitch where box heights scatter, then snapped to the few sizes the page is
set in), so they are compared like a PDF's stated sizes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate

from banmian.inputs.lines import PositionedLine
from banmian.stages.markers import is_section_number_line

HEAD_RATIO = 1.3  # a title is at least this much larger than body type
MID_RATIO = 1.06  # kicker, subtitle, subhead: a little larger
SMALL_RATIO = 0.94  # caption, credit: smaller

# Marks that may hang past the measure into the gutter at a line's end (行末悬挂标点),
# and marks that open a phrase.
CLOSING = frozenset("，。、；：？！）」』”’》〉】〕,.;:?!)]…⋯‥—")
OPENING = frozenset("（「『“‘《〈【〔([")


def body_size(lines: list[PositionedLine], unit: str = "pt", sizes: dict[int, float] | None = None) -> float:
    """The size most characters have (pixel sizes in 4% bins, their weighted median)."""
    if not lines:
        return 10.0
    if unit == "pt" or sizes is None:
        weight: Counter[float] = Counter()
        for line in lines:
            weight[line.size] += len(line.text)
        return weight.most_common(1)[0][0]
    binned: Counter[int] = Counter()
    for line in lines:
        if sizes[id(line)] > 0:
            binned[round(_log_bin(sizes[id(line)]))] += len(line.text)
    if not binned:
        return 10.0
    best = binned.most_common(1)[0][0]
    near = sorted((sizes[id(ln)], len(ln.text)) for ln in lines
                  if sizes[id(ln)] > 0 and abs(_log_bin(sizes[id(ln)]) - best) <= 1.5)
    total = sum(w for _, w in near)
    # the first size at which half the characters are reached (the last one at the latest)
    return next(size for (size, _), running in zip(near, accumulate(w for _, w in near), strict=True)
                if 2 * running >= total)


def _log_bin(size: float) -> float:
    import math

    return math.log(size) / math.log(1.04)


@dataclass
class TypeClasses:
    """The page's lines by type class against the body size."""

    size: float
    head: list[PositionedLine] = field(default_factory=list)
    mid: list[PositionedLine] = field(default_factory=list)
    small: list[PositionedLine] = field(default_factory=list)
    body: list[PositionedLine] = field(default_factory=list)
    mid_ratio: float = MID_RATIO
    small_ratio: float = SMALL_RATIO
    # type sizes of OCR lines (as the OCR repairs set them) by line id; empty for PDF input
    sizes: dict[int, float] = field(default_factory=dict)

    def of(self, line: PositionedLine) -> float:
        """The line's type size."""
        return self.sizes.get(id(line), line.size)


def classify_sizes(lines: list[PositionedLine], unit: str = "pt") -> TypeClasses:
    ocr = unit != "pt"
    sizes = {id(ln): ln.size for ln in lines} if ocr else {}
    size = body_size(lines, unit, sizes if ocr else None)
    out = TypeClasses(size=size, sizes=sizes)
    for ln in lines:
        # a section number alone (`（三）`) numbers a part of its article, however large
        if out.of(ln) >= size * HEAD_RATIO and not _lone_mark(ln) and not is_section_number_line(ln.text.strip()):
            out.head.append(ln)
        elif out.of(ln) >= size * out.mid_ratio and not _lone_mark(ln):
            out.mid.append(ln)
        elif out.of(ln) <= size * out.small_ratio:
            out.small.append(ln)
        else:
            out.body.append(ln)
    return out


def _lone_mark(line: PositionedLine) -> bool:
    # an OCR box around a mark or two says little about the type size
    return len(line.text.strip()) <= 1 and not line.text.strip().isalnum()


def measure_right(line: PositionedLine) -> float:
    """The line's right edge without the marks hanging past the measure (one, or a pair
    such as `……` or `。”`)."""
    text = line.text
    marks = 0
    while marks < 2 and marks < len(text) - 1 and text[-1 - marks] in CLOSING:
        marks += 1
    if not marks:
        return line.x1
    return line.x1 - marks * min(line.size, line.width / len(text))
