"""The knobs of the widened PDF generator (`banmian.synth.pdf_wide`), drawn per page.

Each knob is something real newspaper pages vary: the grid (3-10 columns, gutters
from a third of an em to two em, mixed grids stacked on one page), how lines end
(punctuation hanging into the gutter, pushed out, or not handled), rules, head
shapes (banners, one-column heads, heads other articles run under), article shapes
(L-shapes, boxes, photos set between columns), ads, how full the page is, the page
box (`/Rotate`, CropBox offsets), rare glyphs set from a font without a Unicode map,
bylines that wrap, and the order in which a typesetting program writes the content
stream. `KNOB_VALUES` lists the values the per-knob sweep tries; `draw_knobs` draws a
whole set the way a random page would have it.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Final

# The order in which the content stream writes a page's text frames:
# article: story by story in reading order, head first (one frame per story part);
# titles_last: stories in any order, each story's body before its head (the sample page's text layer);
# column: the whole page column by column, top to bottom (a galley setter);
# heads_first: every head first, then every body;
# frames: every text frame (head, each column, captions) in random z-order (page-layout programs);
# rows: line by line across the page by baseline, neighbouring columns interleaved (producers that
# sort text by position, or write a page as it is scanned).
STREAM_ORDERS: Final = ("article", "titles_last", "column", "heads_first", "frames", "rows")
# How a line's glyphs are written: one show per line with character spacing, a TJ array
# with a kern per glyph, or each glyph placed on its own.
TEXT_RUNS: Final = ("line", "tj", "chars")
# What a line does when the next would start with closing punctuation (、，。 ...):
# hang it into the gutter, push the last character down (the line is then spaced out),
# or break anyway (a naive setter: the next line starts with the mark).
LINE_ENDS: Final = ("hang", "push", "none")
# full_page_ad: no columns at all, one advertisement fills the type area
FILLS: Final = ("normal", "sparse", "overfull", "full_page_ad")
ROTATIONS: Final = (0, 90, 180, 270)
ODD_FONTS: Final = ("type3", "cid")


@dataclass(frozen=True)
class PdfKnobs:
    """One page's layout knobs (see the module docstring)."""

    columns: int = 6  # the base grid: 3-10
    gutter_em: float = 1.0  # 0.3-2.0 em of body type
    line_ends: str = "hang"
    justify: bool = True
    column_rules: bool = False  # vertical rules in the gutters
    band_rules: bool = True  # horizontal rules between stacked stories
    mixed_grid: bool = False  # a band on a coarser grid (a 2-3 column feature) above the base grid
    banner: bool = False  # the first story's head spans the whole page
    under_head: bool = False  # an article running under a neighbour's (wide) headline
    single_column: float = 0.15  # share of stories set in one column under a one-column head
    l_shape: bool = False  # an article whose body narrows under a neighbour (an L)
    boxed: float = 0.0  # share of stories set in a box (框)
    photos: float = 0.3  # share of stories with a picture
    photo_between: bool = False  # pictures set across the middle columns, text above and below
    ads: int = 0  # advertisements at the foot of the page
    fill: str = "normal"
    header: bool = True  # the header band (date, section, page number, editor)
    footer: bool = False  # an editor / designer line at the foot
    rotate: int = 0
    crop_offset: bool = False  # a CropBox inside a larger MediaBox
    odd_glyphs: int = 0  # rare characters drawn from a font without ToUnicode
    odd_font: str = "type3"
    byline_in_column: bool = False  # head bylines set in one column, where long ones wrap
    long_bylines: bool = False  # several reporters and contributors: datelines and bylines wrap
    stream_order: str = "article"
    text_runs: str = "line"
    body_size: float = 9.0  # body type in pt (the page width sets the rest)
    page_width: float = 842.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_value(self, name: str, value: Any) -> PdfKnobs:
        return replace(self, **{name: value})


# Values each knob is swept over, alone, from the neutral `PdfKnobs()`.
KNOB_VALUES: Final[dict[str, tuple[Any, ...]]] = {
    "columns": (3, 4, 5, 6, 7, 8, 9, 10),
    "gutter_em": (0.3, 0.5, 0.75, 1.0, 1.5, 2.0),
    "line_ends": LINE_ENDS,
    "justify": (True, False),
    "column_rules": (False, True),
    "band_rules": (True, False),
    "mixed_grid": (False, True),
    "banner": (False, True),
    "under_head": (False, True),
    "single_column": (0.0, 0.15, 0.5),
    "l_shape": (False, True),
    "boxed": (0.0, 0.3, 0.8),
    "photos": (0.0, 0.3, 0.8),
    "photo_between": (False, True),
    "ads": (0, 1, 2),
    "fill": FILLS,
    "header": (True, False),
    "footer": (False, True),
    "rotate": ROTATIONS,
    "crop_offset": (False, True),
    "odd_glyphs": (0, 2, 6),
    "odd_font": ODD_FONTS,
    "byline_in_column": (False, True),
    "long_bylines": (False, True),
    "stream_order": STREAM_ORDERS,
    "text_runs": TEXT_RUNS,
    "body_size": (7.5, 9.0, 10.5),
    "page_width": (595.0, 842.0, 1000.0),
}
KNOB_NAMES: Final = tuple(f.name for f in fields(PdfKnobs))


def draw_knobs(rng: random.Random) -> PdfKnobs:
    """A knob set as a random page would have it: every knob drawn, common values more often."""
    return PdfKnobs(
        columns=rng.randint(3, 10),
        gutter_em=round(rng.uniform(0.3, 2.0), 2),
        line_ends=rng.choice(("hang", "hang", "push", "push", "none")),
        justify=rng.random() < 0.8,
        column_rules=rng.random() < 0.4,
        band_rules=rng.random() < 0.7,
        mixed_grid=rng.random() < 0.3,
        banner=rng.random() < 0.3,
        under_head=rng.random() < 0.3,
        single_column=rng.choice((0.0, 0.1, 0.2, 0.4)),
        l_shape=rng.random() < 0.3,
        boxed=rng.choice((0.0, 0.0, 0.15, 0.3)),
        photos=rng.choice((0.0, 0.2, 0.4)),
        photo_between=rng.random() < 0.3,
        ads=rng.choice((0, 0, 0, 1, 2)),
        # full_page_ad is swept and fuzzed but not drawn: a one-cluster page makes ARI degenerate
        fill=rng.choice(("normal",) * 6 + ("sparse", "sparse", "overfull", "overfull")),
        header=rng.random() < 0.85,
        footer=rng.random() < 0.3,
        rotate=rng.choice((0, 0, 0, 0, 0, 90, 180, 270)),
        crop_offset=rng.random() < 0.2,
        odd_glyphs=rng.choice((0, 0, 0, 1, 3)),
        odd_font=rng.choice(ODD_FONTS),
        byline_in_column=rng.random() < 0.5,
        long_bylines=rng.random() < 0.4,
        stream_order=rng.choice(STREAM_ORDERS),
        text_runs=rng.choice(TEXT_RUNS),
        body_size=rng.choice((7.5, 8.0, 9.0, 9.5, 10.5)),
        page_width=rng.choice((595.0, 700.0, 842.0, 842.0, 1000.0)),
    )
