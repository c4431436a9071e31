"""Generated text pages the parser reads exactly as their gold: a regression guard.

Each case is a page of the generator (`banmian.synth.generate_page`: a family of papers, an
extractor profile, a seed and the knobs fixed on it) that today's parser reads back with
every metric of the scorer perfect (articles, segmentation, titles, body text, paragraph
starts, subheads, names, datelines, jumps, kinds, line coverage) and with every field of
every article equal to the gold's (title and deck lines, blocks with their lines, bylines,
datelines). The expected output is the generator's gold, never the parser's.

The cases were SELECTED where today's parser is perfect (tests/find_exact_pages.py generates
a few thousand candidates over every family, profile and knob value and keeps a set of the
exact ones that reaches the most branches of `stages/`), so this is a guard against a rule
breaking, not evidence of accuracy: the accuracy figures are the round trips'
(test_synth_roundtrip.py, test_synth_conventions.py). After a change that is meant to move
the parser, recompute the set with

    PYTHONPATH=src python tests/find_exact_pages.py --write

and read the cases it drops (docs/testing.md).
"""

from __future__ import annotations

from typing import Any

import pytest

from banmian import parse_text
from banmian.evaluate import score_page
from banmian.synth import SynthPage, generate_page
from conftest import assert_nothing_lost

# The scorer's metrics and their perfect values.
PERFECT: dict[str, float] = {
    "line_coverage": 1.0,
    "seg_ari": 1.0,
    "title_acc": 1.0,
    "body_cer": 0.0,
    "body_cer_nows": 0.0,
    "para_f1": 1.0,
    "subhead_f1": 1.0,
    "names_f1": 1.0,
    "dateline_acc": 1.0,
    "continued_acc": 1.0,
    "kind_acc": 1.0,
}

# Fields of an article compared with the gold's as they are, spaces aside (the scorer reads
# some only through its metrics).
ARTICLE_FIELDS = ("kind", "title", "kicker", "subtitle", "continued_from", "continued_to")
# The gold names a byline's people and a dateline's agency, place and date; the raw text a
# dateline is read from and the lines a byline spans are the parser's own (not in the gold).
BYLINE_FIELDS = ("reporters", "contributors", "photographers")
DATELINE_FIELDS = ("agency", "place", "date")


Case = tuple[str, str, int, dict[str, Any]]


def case_id(case: Case) -> str:
    family, profile, seed, knobs = case
    return "-".join([family, profile, str(seed), *(f"{k}={v}" for k, v in sorted(knobs.items()))])


def generate(case: Case) -> SynthPage:
    family, profile, seed, knobs = case
    return generate_page(seed, profile, family=family, **knobs)


def _line_set(article: dict[str, Any]) -> frozenset[int]:
    return frozenset(n for start, end in article["lines"] for n in range(start, end + 1))


def _no_spaces(value: Any) -> Any:
    return "".join(value.split()) if isinstance(value, str) else value


def _block(block: dict[str, Any]) -> list[Any]:
    """A block's type, text and first line: where a heading's or a last paragraph's span ends
    the gold and the parser count differently (a deck line in `title_lines`, a trailing
    note's line in the last paragraph's span), which is no mistake."""
    return [block.get("type"), _no_spaces(block.get("text")), (block.get("lines") or [None])[0]]


def mismatches(page: SynthPage, pred: dict[str, Any]) -> list[str]:
    """Every way the parse differs from the page's gold, one readable line each (none: exact)."""
    gold = page.gold
    found: list[str] = []
    metrics = score_page(page.text, gold, pred)
    if metrics["articles_pred"] != metrics["articles_gold"]:
        found.append(f"articles: {metrics['articles_pred']}, gold {metrics['articles_gold']}")
    found += [f"{key}: {metrics[key]}, perfect {value}" for key, value in PERFECT.items() if metrics[key] != value]

    by_lines = {_line_set(article): article for article in pred["articles"]}
    for article in gold["articles"]:
        where = f"gold {article['id']} (lines {article['lines']}, title {article.get('title')!r})"
        other = by_lines.get(_line_set(article))
        if other is None:
            found.append(f"{where}: no article of the parse has exactly its lines")
            continue
        for key in ARTICLE_FIELDS:
            if _no_spaces(other.get(key)) != _no_spaces(article.get(key)):
                found.append(f"{where}: {key} {other.get(key)!r}, gold {article.get(key)!r}")
        for key, fields in (("byline", BYLINE_FIELDS), ("dateline", DATELINE_FIELDS)):
            ours, theirs = article.get(key) or {}, other.get(key) or {}
            for field in fields:
                if _no_spaces(theirs.get(field) or None) != _no_spaces(ours.get(field) or None):
                    found.append(f"{where}: {key} {field} {theirs.get(field)!r}, gold {ours.get(field)!r}")
        blocks = [_block(b) for b in article["blocks"]]
        other_blocks = [_block(b) for b in other["blocks"]]
        if other_blocks != blocks:
            first = next((i for i, pair in enumerate(zip(blocks, other_blocks, strict=False)) if pair[0] != pair[1]),
                         min(len(blocks), len(other_blocks)))
            theirs = other_blocks[first] if first < len(other_blocks) else None
            ours = blocks[first] if first < len(blocks) else None
            found.append(f"{where}: block {first} {theirs!r}, gold {ours!r}")
    return found


# The selected cases: (family, profile, seed, knobs fixed). Rewritten by
# tests/find_exact_pages.py --write; edit that script, not this list.
# BEGIN CASES
CASES: list[Case] = [
    ('plain', 'pdf-text-layer', 70001, {'blank_between_paragraphs': True}),
    ('plain', 'pdf-text-layer', 70028, {'column_width': 22}),
    ('plain', 'pdf-text-layer', 70043, {'byline': 'head'}),
    ('plain', 'pdf-text-layer', 70062, {'vocabulary': 'republican'}),
    ('plain', 'pdf-text-layer', 70080, {'reversed_headings': True}),
    ('plain', 'pdf-text-layer', 70081, {'briefs': 0}),
    ('plain', 'pdf-text-layer', 70089, {'notices': 1}),
    ('plain', 'pdf-text-layer', 70094, {'lone_subhead': True}),
    ('plain', 'pdf-text-layer', 70096, {'no_blank_lines': True}),
    ('plain', 'pdf-text-layer', 70103, {'dateline_form': 'old'}),
    ('plain', 'pdf-text-layer', 70110, {'byline_form': 'text-photo'}),
    ('plain', 'pdf-text-layer', 70111, {'dateline_form': 'old', 'dispatches': 1}),
    ('plain', 'pdf-text-layer', 70116, {'articles_per_page': 2, 'blank_between_paragraphs': False}),
    ('plain', 'pdf-text-layer', 70135, {'articles_per_page': 2, 'ocr_noise': 0.0}),
    ('plain', 'pdf-text-layer', 70212, {'articles_per_page': 2, 'fold': True}),
    ('plain', 'pdf-text-layer', 70226, {'articles_per_page': 2, 'dateline_form': 'old', 'dispatches': 2}),
    ('plain', 'pdf-text-layer', 70290, {'articles_per_page': 3, 'vocabulary': 'republican'}),
    ('plain', 'pdf-text-layer', 70301, {'articles_per_page': 3, 'page_label': 'chinese'}),
    ('plain', 'pdftotext-raw', 70342, {}),
    ('plain', 'pdftotext-raw', 70343, {'blank_between_paragraphs': True}),
    ('plain', 'pdftotext-raw', 70344, {'blank_between_paragraphs': False}),
    ('plain', 'pdftotext-raw', 70362, {'footer': False}),
    ('plain', 'pdftotext-raw', 70380, {'kicker': False}),
    ('plain', 'pdftotext-raw', 70385, {'byline': 'head'}),
    ('plain', 'pdftotext-raw', 70400, {'script': 'traditional'}),
    ('plain', 'pdftotext-raw', 70421, {'reversed_headings': False}),
    ('plain', 'pdftotext-raw', 70422, {'reversed_headings': True}),
    ('plain', 'pdftotext-raw', 70516, {'articles_per_page': 2, 'punctuation': 'old'}),
    ('plain', 'pdftotext-raw', 70532, {'articles_per_page': 2, 'footer_layout': 'classic'}),
    ('plain', 'pdftotext-raw', 70534, {'articles_per_page': 2, 'footer_layout': 'stacked'}),
    ('plain', 'pdftotext-raw', 70542, {'ads': 2, 'articles_per_page': 2}),
    ('plain', 'pdftotext-raw', 70552, {'articles_per_page': 2, 'no_blank_lines': True}),
    ('plain', 'pdftotext-raw', 70564, {'articles_per_page': 2, 'byline_form': 'stringer'}),
    ('plain', 'pdftotext-raw', 70597, {'articles_per_page': 3, 'column_width': 18}),
    ('plain', 'pdftotext-raw', 70613, {'articles_per_page': 3, 'byline': 'head'}),
    ('plain', 'pdftotext-raw', 70630, {'articles_per_page': 3, 'punctuation': 'old'}),
    ('plain', 'pdftotext-raw', 70636, {'articles_per_page': 3, 'header_layout': 'masthead'}),
    ('plain', 'pdftotext-raw', 70637, {'articles_per_page': 3, 'date_form': 'western'}),
    ('plain', 'pdftotext-raw', 70653, {'articles_per_page': 3, 'briefs': 2}),
    ('plain', 'pdftotext-raw', 70659, {'articles_per_page': 3, 'notices': 1}),
    ('plain', 'pdftotext-raw', 70660, {'articles_per_page': 3, 'notices': 2}),
    ('plain', 'pdftotext-raw', 70666, {'articles_per_page': 3, 'no_blank_lines': True}),
    ('plain', 'pdftotext-raw', 70673, {'articles_per_page': 3, 'dateline_form': 'old'}),
    ('plain', 'pdftotext-raw', 70680, {'articles_per_page': 3, 'byline_form': 'text-photo'}),
    ('plain', 'pdftotext-raw', 70681, {'articles_per_page': 3, 'dateline_form': 'old', 'dispatches': 1}),
    ('plain', 'pdftotext-raw', 70683, {'articles_per_page': 3, 'dateline_form': 'old', 'dispatches': 3}),
    ('plain', 'ocr', 70707, {'ocr_noise': 0.02}),
    ('plain', 'ocr', 70713, {'column_width': 27}),
    ('plain', 'ocr', 70724, {'subtitle': False}),
    ('plain', 'ocr', 70734, {'contributor_note': False}),
    ('plain', 'ocr', 70744, {'punctuation': 'old'}),
    ('plain', 'ocr', 70780, {'no_blank_lines': True}),
    ('plain', 'ocr', 70795, {'dateline_form': 'old', 'dispatches': 1}),
    ('plain', 'ocr', 70830, {'articles_per_page': 2, 'indent': 'ideographic'}),
    ('plain', 'ocr', 70831, {'articles_per_page': 2, 'indent': 'spaces'}),
    ('plain', 'ocr', 70882, {'ads': 0, 'articles_per_page': 2}),
    ('plain', 'ocr', 70887, {'articles_per_page': 2, 'notices': 1}),
    ('plain', 'ocr', 70892, {'articles_per_page': 2, 'lone_subhead': True}),
    ('plain', 'ocr', 70900, {'articles_per_page': 2, 'dateline_form': 'report'}),
    ('plain', 'ocr', 70909, {'articles_per_page': 2, 'dateline_form': 'old', 'dispatches': 1}),
    ('plain', 'ocr', 70911, {'articles_per_page': 2, 'dateline_form': 'old', 'dispatches': 3}),
    ('plain', 'ocr', 70930, {'articles_per_page': 3, 'header': False}),
    ('plain', 'ocr', 70932, {'articles_per_page': 3, 'footer': False}),
    ('plain', 'ocr', 70995, {'articles_per_page': 3, 'briefs': 2}),
    ('plain', 'ocr', 70996, {'ads': 0, 'articles_per_page': 3}),
    ('plain', 'ocr', 70997, {'ads': 1, 'articles_per_page': 3}),
    ('plain', 'ocr', 71008, {'articles_per_page': 3, 'no_blank_lines': True}),
    ('plain', 'ocr', 71019, {'articles_per_page': 3, 'byline_form': 'special'}),
    ('plain', 'ocr', 71023, {'articles_per_page': 3, 'dateline_form': 'old', 'dispatches': 1}),
    ('mainland', 'pdf-text-layer', 71074, {'dateline': 'none'}),
    ('mainland', 'pdf-text-layer', 71090, {'header_layout': 'one-line'}),
    ('mainland', 'pdf-text-layer', 71106, {'reversed_headings': True}),
    ('mainland', 'pdf-text-layer', 71114, {'notices': 0}),
    ('mainland', 'pdf-text-layer', 71125, {'dateline_form': 'agency'}),
    ('mainland', 'pdf-text-layer', 71147, {'articles_per_page': 2, 'column_break_every': 34}),
    ('mainland', 'pdf-text-layer', 71175, {'articles_per_page': 2, 'title_style': 'wrapped'}),
    ('mainland', 'pdf-text-layer', 71181, {'articles_per_page': 2, 'subheads': True}),
    ('mainland', 'pdf-text-layer', 71182, {'articles_per_page': 2, 'subheads': False}),
    ('mainland', 'pdf-text-layer', 71185, {'articles_per_page': 2, 'byline': 'none'}),
    ('mainland', 'pdf-text-layer', 71232, {'articles_per_page': 2, 'caption_after_title': True}),
    ('mainland', 'pdf-text-layer', 71252, {'articles_per_page': 2, 'dateline_form': 'old', 'dispatches': 2}),
    ('mainland', 'pdf-text-layer', 71253, {'articles_per_page': 2, 'dateline_form': 'old', 'dispatches': 3}),
    ('mainland', 'pdf-text-layer', 71259, {'articles_per_page': 3, 'column_break_every': 23}),
    ('mainland', 'pdf-text-layer', 71284, {'articles_per_page': 3, 'column_width': 32}),
    ('mainland', 'pdf-text-layer', 71289, {'articles_per_page': 3, 'title_style': 'wrapped'}),
    ('mainland', 'pdf-text-layer', 71290, {'articles_per_page': 3, 'title_style': 'decks'}),
    ('mainland', 'pdf-text-layer', 71336, {'articles_per_page': 3, 'briefs': 1}),
    ('mainland', 'pdf-text-layer', 71352, {'articles_per_page': 3, 'fold': True}),
    ('mainland', 'pdftotext-raw', 71380, {'photo': False}),
    ('mainland', 'pdftotext-raw', 71389, {'ocr_noise': 0.0}),
    ('mainland', 'pdftotext-raw', 71425, {'script': 'simplified'}),
    ('mainland', 'pdftotext-raw', 71478, {'byline_form': 'text-photo'}),
    ('mainland', 'pdftotext-raw', 71517, {'articles_per_page': 2, 'title_style': 'wrapped'}),
    ('mainland', 'pdftotext-raw', 71545, {'articles_per_page': 2, 'header_layout': 'classic'}),
    ('mainland', 'pdftotext-raw', 71574, {'articles_per_page': 2, 'caption_after_title': True}),
    ('mainland', 'pdftotext-raw', 71585, {'articles_per_page': 2, 'dateline_form': 'old'}),
    ('mainland', 'pdftotext-raw', 71596, {'articles_per_page': 3}),
    ('mainland', 'pdftotext-raw', 71686, {'articles_per_page': 3, 'notices': 2}),
    ('mainland', 'ocr', 71722, {'photo': False}),
    ('mainland', 'ocr', 71755, {'byline': 'none'}),
    ('mainland', 'ocr', 71821, {'dateline_form': 'old', 'dispatches': 1}),
    ('mainland', 'ocr', 71822, {'dateline_form': 'old', 'dispatches': 2}),
    ('mainland', 'ocr', 71935, {'articles_per_page': 2, 'dateline_form': 'old', 'dispatches': 1}),
    ('mainland', 'ocr', 71954, {'articles_per_page': 3, 'letter_spacing': False}),
    ('mainland', 'ocr', 72004, {'articles_per_page': 3, 'header_layout': 'masthead'}),
    ('mainland', 'ocr', 72005, {'articles_per_page': 3, 'date_form': 'western'}),
    ('mainland', 'ocr', 72006, {'articles_per_page': 3, 'date_form': 'numeric'}),
    ('mainland', 'ocr', 72036, {'articles_per_page': 3, 'fold': True}),
    ('mainland', 'ocr', 72051, {'articles_per_page': 3, 'dateline_form': 'old', 'dispatches': 3}),
    ('hktw', 'pdf-text-layer', 72057, {'column_break_every': 23}),
    ('hktw', 'pdf-text-layer', 72073, {'ocr_noise': 0.0}),
    ('hktw', 'pdf-text-layer', 72074, {'ocr_noise': 0.01}),
    ('hktw', 'pdf-text-layer', 72078, {'column_width': 13}),
    ('hktw', 'pdf-text-layer', 72116, {'header_layout': 'one-line'}),
    ('hktw', 'pdf-text-layer', 72207, {'articles_per_page': 2, 'subheads': True}),
    ('hktw', 'pdf-text-layer', 72233, {'articles_per_page': 2, 'date_form': 'western'}),
    ('hktw', 'pdf-text-layer', 72258, {'articles_per_page': 2, 'caption_after_title': True}),
    ('hktw', 'pdf-text-layer', 72272, {'articles_per_page': 2, 'byline_form': 'correspondent'}),
    ('hktw', 'pdf-text-layer', 72284, {'articles_per_page': 3, 'column_break_every': 17}),
    ('hktw', 'pdf-text-layer', 72359, {'articles_per_page': 3, 'reversed_headings': False}),
    ('hktw', 'pdftotext-raw', 72432, {'kicker': False}),
    ('hktw', 'pdftotext-raw', 72443, {'contributor_note': True}),
    ('hktw', 'pdftotext-raw', 72457, {'header_layout': 'classic'}),
    ('hktw', 'pdftotext-raw', 72510, {'articles_per_page': 2, 'blank_between_paragraphs': False}),
    ('hktw', 'pdftotext-raw', 72545, {'articles_per_page': 2, 'kicker': True}),
    ('hktw', 'pdftotext-raw', 72560, {'articles_per_page': 2, 'jump': 'from'}),
    ('hktw', 'pdftotext-raw', 72604, {'articles_per_page': 2, 'no_blank_lines': True}),
    ('hktw', 'pdftotext-raw', 72624, {'articles_per_page': 3, 'blank_between_paragraphs': False}),
    ('hktw', 'pdftotext-raw', 72669, {'articles_per_page': 3, 'dateline': 'end'}),
    ('hktw', 'pdftotext-raw', 72684, {'articles_per_page': 3, 'vocabulary': 'republican'}),
    ('hktw', 'pdftotext-raw', 72704, {'articles_per_page': 3, 'briefs': 1}),
    ('hktw', 'pdftotext-raw', 72724, {'articles_per_page': 3, 'dateline_form': 'report'}),
    ('hktw', 'ocr', 72809, {'page_label': 'chinese'}),
    ('hktw', 'ocr', 72825, {'notices': 1}),
    ('hktw', 'ocr', 72832, {'no_blank_lines': True}),
    ('hktw', 'ocr', 72840, {'dateline_form': 'correspondence'}),
    ('hktw', 'ocr', 72908, {'articles_per_page': 2, 'script': 'traditional'}),
    ('hktw', 'ocr', 72910, {'articles_per_page': 2, 'punctuation': 'old'}),
    ('hktw', 'ocr', 72960, {'articles_per_page': 2, 'byline_form': 'text-photo'}),
    ('hktw', 'ocr', 72968, {'articles_per_page': 3, 'column_break_every': 17}),
    ('hktw', 'ocr', 73002, {'articles_per_page': 3, 'kicker': False}),
    ('hktw', 'ocr', 73030, {'articles_per_page': 3, 'header_layout': 'masthead'}),
    ('hktw', 'ocr', 73075, {'articles_per_page': 3, 'dateline_form': 'old', 'dispatches': 1}),
    ('republican', 'pdf-text-layer', 73371, {'articles_per_page': 3, 'header_layout': 'stacked'}),
    ('republican', 'pdftotext-raw', 73594, {'articles_per_page': 2, 'punctuation': 'old'}),
    ('republican', 'ocr', 73823, {'vocabulary': 'modern'}),
    ('republican', 'ocr', 73847, {'ads': 1}),
    ('republican', 'ocr', 73983, {'articles_per_page': 2, 'byline_form': 'special'}),
    ('republican', 'ocr', 74029, {'articles_per_page': 3, 'subtitle': True}),
]
# END CASES


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_generated_page_is_read_as_its_gold(case: Case) -> None:
    page = generate(case)
    parsed = parse_text(page.text)
    assert_nothing_lost(parsed, page.text)
    found = mismatches(page, parsed.to_dict())
    assert not found, f"{case_id(case)} is no longer read as its gold:\n" + "\n".join(found)


def test_the_cases_are_many_and_span_every_family_and_profile() -> None:
    from banmian.synth import FAMILY_NAMES, PROFILE_NAMES

    assert len(CASES) >= 100
    assert {family for family, _profile, _seed, _knobs in CASES} == set(FAMILY_NAMES)
    assert {profile for _family, profile, _seed, _knobs in CASES} == set(PROFILE_NAMES)
