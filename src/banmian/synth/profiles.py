"""Layout knobs and the extractor profiles that draw them.

Each knob is either fixed by the caller or drawn from the seed, per page or per
article, from the choices its profile allows. A profile reproduces what a known
extractor does to a page (see docs/synth.md).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields
from typing import Any

from banmian.synth.forms import BYLINE_FORMS, DATELINE_FORMS

INDENTS = ("none", "ideographic", "spaces")
TITLE_POSITIONS = ("before", "after")
TITLE_STYLES = ("line", "wrapped", "decks")
BYLINE_PLACES = ("head", "dateline", "none")
DATELINE_PLACES = ("start", "end", "none")
JUMPS = ("none", "from", "to", "both")


@dataclass
class LayoutKnobs:
    """Every way one generated page may differ from another; None means "draw it"."""

    # per page
    articles_per_page: int | None = None  # 2-8 articles (a photo counts as one)
    blank_between_paragraphs: bool | None = None
    column_break_every: int | None = None  # a blank line every 12-40 body lines; 0: none
    title_position: str | None = None  # before | after the body
    photo: bool | None = None  # a photo item: captions and a credit
    digit_spacing: bool | None = None  # `共 5 项` (spaces around digit runs)
    letter_spacing: bool | None = None  # `新 馆 开 放` (a line extracted glyph by glyph)
    header: bool | None = None  # date line, page number / section at the top
    footer: bool | None = None  # `责任编辑 …` at the bottom
    ocr_noise: float | None = None  # rate of stray spaces and half-width punctuation
    target_chars: int | None = None  # grow the page to about this many characters
    # per article
    column_width: int | None = None  # 8-32 CJK characters (display width 16-64)
    indent: str | None = None  # none | ideographic (`　　`) | spaces
    title_style: str | None = None  # line | wrapped over two lines | decks
    kicker: bool | None = None  # keep the 引题 when the article has one
    subtitle: bool | None = None  # keep the 副题 when the article has one
    subheads: bool | None = None  # keep the subheads
    byline: str | None = None  # head (own line) | dateline (`（记者 …）`) | none
    dateline: str | None = None  # start of the first paragraph | end on its own line | none
    contributor_note: bool | None = None  # `（参与记者 …）` after the last paragraph
    jump: str | None = None  # none | from (`（上接第N版）`) | to (`（下转第N版）`) | both
    jump_on_own_line: bool | None = None
    # -- conventions of other papers and eras (issue 11); the first value of each is "off" --
    # per page
    script: str | None = None  # simplified | traditional
    punctuation: str | None = None  # modern | old (、 as the clause mark)
    vocabulary: str | None = None  # modern | republican (the generator's 1912-49 style articles)
    header_layout: str | None = None  # classic | one-line | stacked | masthead
    date_form: str | None = None  # western | numeric | lunar | republican | roc
    page_label: str | None = None  # arabic 第7版 | chinese 第七版 | letter A7 | bare 07
    footer_layout: str | None = None  # classic | one-line | stacked
    reversed_headings: bool | None = None  # horizontal heads set right to left reach the text reversed
    briefs: int | None = None  # briefs columns on the page
    ads: int | None = None  # ad blocks
    notices: int | None = None  # 启事 / 声明 / 讣告 / 招聘
    caption_after_title: bool | None = None  # a photo caption right under a title-after article's title
    lone_subhead: bool | None = None  # one subhead in the middle of a feature on a title-first page
    no_blank_lines: bool | None = None  # a line-by-line transcription: no blank line anywhere
    fold: bool | None = None  # the dump holds two printed pages: a margin head between them
    # per article
    dateline_form: str | None = None  # see DATELINE_FORMS
    byline_form: str | None = None  # see BYLINE_FORMS
    dispatches: int | None = None  # dispatches in one old-style item (the later ones open paragraphs)

    def fixed(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


PAGE_KNOBS = (
    "articles_per_page",
    "blank_between_paragraphs",
    "column_break_every",
    "title_position",
    "photo",
    "digit_spacing",
    "letter_spacing",
    "header",
    "footer",
    "ocr_noise",
    "target_chars",
)
ARTICLE_KNOBS = (
    "column_width",
    "indent",
    "title_style",
    "kicker",
    "subtitle",
    "subheads",
    "byline",
    "dateline",
    "contributor_note",
    "jump",
    "jump_on_own_line",
)
CONVENTION_PAGE_KNOBS = (
    "script",
    "punctuation",
    "vocabulary",
    "header_layout",
    "date_form",
    "page_label",
    "footer_layout",
    "reversed_headings",
    "briefs",
    "ads",
    "notices",
    "caption_after_title",
    "lone_subhead",
    "no_blank_lines",
    "fold",
)
CONVENTION_ARTICLE_KNOBS = ("dateline_form", "byline_form", "dispatches")

_BOOL = [True, False]
_BREAKS = list(range(12, 41))

# The values each knob may take at all (property tests draw from these).
KNOB_DOMAINS: dict[str, list[Any]] = {
    "articles_per_page": list(range(2, 9)),
    "blank_between_paragraphs": _BOOL,
    "column_break_every": [0, *_BREAKS],
    "title_position": list(TITLE_POSITIONS),
    "photo": _BOOL,
    "digit_spacing": _BOOL,
    "letter_spacing": _BOOL,
    "header": _BOOL,
    "footer": _BOOL,
    "ocr_noise": [0.0, 0.01, 0.02, 0.03],
    "column_width": list(range(8, 33)),
    "indent": list(INDENTS),
    "title_style": list(TITLE_STYLES),
    "kicker": _BOOL,
    "subtitle": _BOOL,
    "subheads": _BOOL,
    "byline": list(BYLINE_PLACES),
    "dateline": list(DATELINE_PLACES),
    "contributor_note": _BOOL,
    "jump": list(JUMPS),
    "jump_on_own_line": _BOOL,
}

# The convention knobs (issue 11): the first value of each is the off value, which gives the
# pages of before. Kept apart from KNOB_DOMAINS, whose knobs the parser already reads.
CONVENTION_DOMAINS: dict[str, list[Any]] = {
    "script": ["simplified", "traditional"],
    "punctuation": ["modern", "old"],
    "vocabulary": ["modern", "republican"],
    "header_layout": ["classic", "one-line", "stacked", "masthead"],
    "date_form": ["western", "numeric", "lunar", "republican", "roc"],
    "page_label": ["arabic", "chinese", "letter", "bare"],
    "footer_layout": ["classic", "one-line", "stacked"],
    "reversed_headings": [False, True],
    "briefs": [0, 1, 2],
    "ads": [0, 1, 2, 3],
    "notices": [0, 1, 2],
    "caption_after_title": [False, True],
    "lone_subhead": [False, True],
    "no_blank_lines": [False, True],
    "fold": [False, True],
    "dateline_form": list(DATELINE_FORMS),
    "byline_form": list(BYLINE_FORMS),
    "dispatches": [1, 2, 3],
}
CONVENTION_OFF: dict[str, Any] = {name: values[0] for name, values in CONVENTION_DOMAINS.items()}

# What each family of papers draws its convention knobs from (repeats weight a value).
FAMILIES: dict[str, dict[str, list[Any]]] = {
    "plain": {name: [value] for name, value in CONVENTION_OFF.items()},
    "mainland": {
        **{name: [value] for name, value in CONVENTION_OFF.items()},
        "header_layout": ["classic", "one-line", "one-line", "stacked", "masthead"],
        "date_form": ["western", "western", "numeric", "lunar"],
        "page_label": ["arabic", "arabic", "letter", "bare"],
        "footer_layout": ["classic", "one-line", "stacked"],
        "briefs": [0, 1, 1],
        "ads": [0, 0, 1, 2],
        "notices": [0, 0, 1],
        "caption_after_title": [False, True],
        "lone_subhead": [False, True],
        "dateline_form": ["agency", "agency", "benbao", "benbao", "benbao-place", "zhongxin", "ju", "report"],
        "byline_form": ["reporter", "reporter", "intern", "stringer", "photo", "text-photo"],
    },
    "hktw": {
        **{name: [value] for name, value in CONVENTION_OFF.items()},
        "script": ["traditional"],
        "header_layout": ["classic", "one-line", "stacked", "masthead"],
        "date_form": ["western", "roc", "roc"],
        "page_label": ["letter", "letter", "arabic", "bare"],
        "footer_layout": ["classic", "one-line", "stacked"],
        "briefs": [0, 1],
        "ads": [0, 1, 2],
        "notices": [0, 1],
        "caption_after_title": [False, True],
        "dateline_form": ["benbao", "benbao", "cna", "cna", "agency"],
        "byline_form": ["reporter", "special", "photo", "text-photo"],
    },
    "republican": {
        **{name: [value] for name, value in CONVENTION_OFF.items()},
        "script": ["traditional"],
        "punctuation": ["old"],
        "vocabulary": ["republican"],
        "header_layout": ["one-line", "stacked", "masthead"],
        "date_form": ["republican"],
        "page_label": ["chinese"],
        "footer_layout": ["classic", "one-line"],
        "reversed_headings": [True, True, False],
        "briefs": [0, 1],
        "ads": [1, 2, 3],
        "notices": [0, 1, 2],
        "no_blank_lines": [True, False],
        "fold": [True, False],
        "dateline_form": ["old", "old", "old", "special-wire", "correspondence"],
        "byline_form": ["reporter", "correspondent", "special"],
        "dispatches": [1, 1, 2, 3],
    },
}
FAMILY_NAMES = tuple(FAMILIES)

_COMMON: dict[str, list[Any]] = {
    "articles_per_page": list(range(2, 9)),
    "photo": [True, False, False],
    "header": _BOOL,
    "footer": _BOOL,
    "target_chars": [None],
    "column_width": list(range(8, 33)),
    "title_style": ["line", "line", "wrapped", "decks"],
    "kicker": _BOOL,
    "subtitle": _BOOL,
    "subheads": [True, True, False],
    "byline": ["head", "dateline", "dateline", "none"],
    "dateline": ["start", "start", "end", "none"],
    "contributor_note": [False, False, True],
    "jump": ["none", "none", "none", "from", "to", "both"],
    "jump_on_own_line": [False, False, True],
}

PROFILES: dict[str, dict[str, list[Any]]] = {
    # PDF text layer (like the sample page): titles after their bodies, blank lines between
    # paragraphs and at column breaks mid-sentence, first-line indent dropped, padded digits.
    "pdf-text-layer": {
        **_COMMON,
        "column_width": list(range(12, 33)),
        "blank_between_paragraphs": [True],
        "column_break_every": _BREAKS,
        "title_position": ["after"],
        "digit_spacing": _BOOL,
        "letter_spacing": [True, False, False],
        "ocr_noise": [0.0],
        "indent": ["none"],
    },
    # `pdftotext -raw`: titles before bodies, no blank lines between paragraphs, the indent
    # kept as spaces or dropped.
    "pdftotext-raw": {
        **_COMMON,
        "blank_between_paragraphs": [False],
        "column_break_every": [0, 0, *_BREAKS],
        "title_position": ["before"],
        "digit_spacing": [False, False, True],
        "letter_spacing": [False],
        "ocr_noise": [0.0],
        "indent": ["spaces", "spaces", "none"],
    },
    # OCR of a scan: indents kept as `　　`, stray spaces, full- and half-width punctuation mixed.
    "ocr": {
        **_COMMON,
        "blank_between_paragraphs": _BOOL,
        "column_break_every": [0],
        "title_position": ["before", "before", "before", "after"],
        "digit_spacing": [False],
        "letter_spacing": [False],
        "ocr_noise": [0.005, 0.01, 0.02],
        "indent": ["ideographic"],
    },
}

PROFILE_NAMES = tuple(PROFILES)


def check_profile(name: str) -> None:
    if name not in PROFILES:
        raise ValueError(f"unknown profile {name!r} (choose from {', '.join(PROFILE_NAMES)})")


def check_family(name: str) -> None:
    if name not in FAMILIES:
        raise ValueError(f"unknown family {name!r} (choose from {', '.join(FAMILY_NAMES)})")


def check_knobs(knobs: LayoutKnobs) -> None:
    """Refuse a fixed knob outside its domain, with a one-line reason."""
    for name, value in knobs.fixed().items():
        domain = KNOB_DOMAINS.get(name) or CONVENTION_DOMAINS.get(name)
        if name == "column_width" and not (isinstance(value, int) and 8 <= value <= 64):
            raise ValueError(f"column_width must be 8-64 characters, not {value!r}")
        elif name == "column_break_every" and not (isinstance(value, int) and value >= 0):
            raise ValueError(f"column_break_every must be 0 or more lines, not {value!r}")
        elif name == "articles_per_page" and not (isinstance(value, int) and value >= 1):
            raise ValueError(f"articles_per_page must be 1 or more, not {value!r}")
        elif name == "ocr_noise" and not (isinstance(value, (int, float)) and 0 <= value <= 0.2):
            raise ValueError(f"ocr_noise must be between 0 and 0.2, not {value!r}")
        elif name == "target_chars" and not (isinstance(value, int) and value > 0):
            raise ValueError(f"target_chars must be a positive number, not {value!r}")
        elif name in ("column_width", "column_break_every", "articles_per_page", "ocr_noise", "target_chars"):
            continue
        elif domain is not None and (value not in domain or type(value) is not type(domain[0])):
            raise ValueError(f"{name} must be one of {domain}, not {value!r}")


def draw(knobs: LayoutKnobs, names: tuple[str, ...], profile: str, rng: random.Random) -> LayoutKnobs:
    """A copy of `knobs` with the unset knobs among `names` drawn from the profile."""
    choices = PROFILES[profile]
    values = {f.name: getattr(knobs, f.name) for f in fields(knobs)}
    for name in names:
        # Draw even when fixed, so that fixing one knob does not shift the others.
        drawn = rng.choice(choices.get(name) or KNOB_DOMAINS.get(name) or [None])
        if values[name] is None:
            values[name] = drawn
    return LayoutKnobs(**values)


def draw_conventions(knobs: LayoutKnobs, names: tuple[str, ...], family: str, rng: random.Random) -> LayoutKnobs:
    """A copy of `knobs` with the unset convention knobs among `names` drawn for the family.

    `rng` is the page's conventions stream, apart from the layout stream, so that a page
    with every convention off is the page of before.
    """
    choices = FAMILIES[family]
    values = {f.name: getattr(knobs, f.name) for f in fields(knobs)}
    for name in names:
        drawn = rng.choice(choices[name])
        if values[name] is None:
            values[name] = drawn
    return LayoutKnobs(**values)
