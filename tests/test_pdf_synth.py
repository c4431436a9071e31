"""The PDF generators: knobs that take effect, gold correct by construction, held-out pages, and the
invariants the PDF reader must hold on any page a random knob set draws."""

from __future__ import annotations

import json
import random
import shutil
import unicodedata
from collections import Counter
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banmian.positioned import layout_pages, parse_pdf_document
from banmian.synth.articles import CleanArticle, load_clean_articles
from banmian.synth.html_pages import gold_agreement
from banmian.synth.pdf import GoldBlock, GoldStory, RenderedPage
from banmian.synth.pdf_knobs import KNOB_NAMES, KNOB_VALUES, PdfKnobs, draw_knobs
from banmian.synth.pdf_score import load_rendered_dir, reader_warned, score_rendered
from banmian.synth.pdf_wide import CLOSING, render_knob_page, render_wide_pages
from conftest import DATA, SAMPLE_GOLD, assert_nothing_lost

HELD_OUT = DATA / "pdf"


@cache
def articles() -> list[CleanArticle]:
    return load_clean_articles() + load_clean_articles([SAMPLE_GOLD])


def mupdf_lines(pdf: bytes) -> list[tuple[tuple[float, float, float, float], str]]:
    """MuPDF's own text lines (box, text) in stream order: no reader of this project involved."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        data = doc[0].get_text("dict")
    out = []
    for block in data["blocks"]:
        for line in block.get("lines", ()):
            text = "".join(s["text"] for s in line["spans"])
            if text.strip():
                out.append((tuple(line["bbox"]), text))
    return out


def page_for(seed: int = 11, **values: Any) -> RenderedPage:
    return render_knob_page(articles(), PdfKnobs(**values), seed=seed)


def body_lines(page: RenderedPage) -> list[int]:
    """Drawn lines of paragraph blocks."""
    return [i for s in page.stories for b in s.blocks if b.type == "paragraph" for i in b.line_ids]


# -- gold correct by construction ---------------------------------------------------------------


@pytest.mark.parametrize("values", [
    {},
    {"rotate": 90, "crop_offset": True},
    {"rotate": 180},
    {"rotate": 270, "text_runs": "chars"},
    {"columns": 10, "gutter_em": 0.3, "line_ends": "hang", "text_runs": "tj"},
    {"mixed_grid": True, "banner": True, "under_head": True, "l_shape": True, "boxed": 0.5, "ads": 2},
])
def test_every_line_mupdf_finds_is_a_drawn_line_with_its_text(values: dict[str, Any]) -> None:
    page = page_for(**values)
    found = mupdf_lines(page.pdf)
    owners = page.match_lines([box for box, _ in found])
    matched = {n for numbers in owners.values() for n in numbers}
    assert len(matched) == len(found), "a printed line the gold does not know"
    assert set(owners) == set(range(len(page.lines))), "a drawn line that is not on the page"
    for i, numbers in owners.items():
        for n in numbers:
            # MuPDF reads the GB1 ellipsis back as U+22EF, as it does on real pages
            printed = found[n - 1][1].replace(" ", "").replace("\u22ef", "\u2026")
            assert printed in page.lines[i].text.replace(" ", "")


def test_gold_owns_each_line_once_and_keeps_every_article_text() -> None:
    page = page_for(seed=3, banner=True, long_bylines=True, photos=0.8)
    found = mupdf_lines(page.pdf)
    gold = page.gold_for_lines([box for box, _ in found])
    owned = [n for art in gold["articles"] for a, b in art["lines"] for n in range(a, b + 1)]
    owned += [f["lines"][0] for f in gold["furniture"]]
    assert sorted(owned) == list(range(1, len(found) + 1))
    for story, art in zip(page.stories, gold["articles"], strict=True):
        printed = "".join(page.lines[i].text for i in story.line_ids).replace(" ", "")
        for block in art["blocks"]:
            assert block["text"].replace(" ", "") in printed  # the gold text is what was printed
        for name in (art["byline"] or {}).get("contributors") or []:
            assert name in printed


def test_rendered_page_survives_json() -> None:
    page = page_for(seed=5, rotate=90, odd_glyphs=2)
    again = RenderedPage.from_json(json.loads(json.dumps(page.to_json())), page.pdf)
    boxes = [box for box, _ in mupdf_lines(page.pdf)]
    assert again.gold_for_lines(boxes) == page.gold_for_lines(boxes)
    assert again.undecodable == page.undecodable == 2


# -- each knob takes effect --------------------------------------------------------------------


def test_columns_and_gutters_are_what_the_knobs_say() -> None:
    for columns, gutter in ((3, 2.0), (7, 0.3), (10, 1.0)):
        page = page_for(columns=columns, gutter_em=gutter, single_column=0.0, boxed=0.0, photos=0.0,
                        mixed_grid=False)
        size = page.lines[body_lines(page)[0]].size
        starts = sorted({round(page.lines[i].bbox[0]) for i in body_lines(page)})
        # column edges: line starts that are not a first-line indent (two characters) right of another
        lefts = [x for x in starts if not any(0 < x - y <= 2.2 * size for y in starts)]
        assert page.columns == columns
        assert len(lefts) >= min(columns, 3)
        measures = [page.lines[i].bbox[2] - page.lines[i].bbox[0] for i in body_lines(page)]
        measure = max(set(round(m) for m in measures), key=lambda m: sum(1 for x in measures if round(x) == m))
        pitch = min(b - a for a, b in pairwise(lefts))
        assert pitch - measure == pytest.approx(gutter * size, abs=0.6 * size)


def test_hanging_punctuation_sticks_out_past_the_measure() -> None:
    hang = page_for(line_ends="hang", justify=True)
    push = page_for(line_ends="push", justify=True)

    def overhangs(page: RenderedPage) -> int:
        lines = [page.lines[i] for i in body_lines(page)]
        widths = sorted(round(ln.bbox[2] - ln.bbox[0]) for ln in lines)
        measure = widths[len(widths) // 2]
        return sum(1 for ln in lines if ln.bbox[2] - ln.bbox[0] > measure + 0.5 * ln.size and ln.text[-1] in CLOSING)

    assert overhangs(hang) >= 3
    assert overhangs(push) == 0


def test_naive_line_ends_start_lines_with_closing_marks_and_careful_ones_never() -> None:
    def starts(page: RenderedPage) -> int:
        return sum(1 for i in body_lines(page) if page.lines[i].text[0] in CLOSING)

    assert starts(page_for(line_ends="none", seed=2)) + starts(page_for(line_ends="none", seed=4)) >= 1
    for mode in ("hang", "push"):
        assert starts(page_for(line_ends=mode, seed=2)) == 0


def test_page_box_knobs_reach_the_pdf() -> None:
    rotated = page_for(rotate=270, crop_offset=True)
    with pymupdf.open(stream=rotated.pdf, filetype="pdf") as doc:
        page = doc[0]
        assert page.rotation == 270
        assert page.cropbox != page.mediabox
        assert page.rect.width < page.rect.height  # upright once rotated: a portrait page
        dirs = {tuple(round(v) for v in line["dir"]) for b in page.get_text("dict")["blocks"]
                for line in b.get("lines", ())}
    assert dirs == {(0, 1)}  # MuPDF reports the text in the unrotated frame


def test_rules_boxes_ads_and_photos_are_drawn() -> None:
    def drawings(page: RenderedPage) -> list[dict[str, Any]]:
        with pymupdf.open(stream=page.pdf, filetype="pdf") as doc:
            return list(doc[0].get_drawings())

    def vertical(page: RenderedPage) -> int:
        return sum(1 for d in drawings(page) for item in d["items"]
                   if item[0] == "l" and abs(item[1].x - item[2].x) < 0.1 and abs(item[1].y - item[2].y) > 20)

    assert vertical(page_for(column_rules=True)) > 0
    assert vertical(page_for(column_rules=False)) == 0
    ads = page_for(ads=2)
    assert sum(1 for ln in ads.lines if ln.owner == ("furniture", "advertisement")) >= 4
    boxed = page_for(boxed=1.0, seed=8)
    assert sum(1 for d in drawings(boxed) if d.get("fill") is None and d["rect"].height > 60) >= 2


def test_undecodable_glyphs_come_out_as_no_text_the_reader_could_trust() -> None:
    for font in ("type3", "cid"):
        page = page_for(odd_glyphs=4, odd_font=font)
        assert page.undecodable == 4
        with pymupdf.open(stream=page.pdf, filetype="pdf") as doc:
            spans = [s for b in doc[0].get_text("rawdict")["blocks"] for ln in b.get("lines", ())
                     for s in ln["spans"] if s["font"] not in ("Song", "Heiti")]
        glyphs = [c["c"] for s in spans for c in s["chars"]]
        assert len(glyphs) == 4, font
        assert not any(unicodedata.category(ch) == "Lo" and ch < "\ue000" for ch in glyphs), glyphs


def test_stream_order_knob_orders_the_content_stream() -> None:
    def stream_rank(page: RenderedPage) -> dict[int, int]:
        found = mupdf_lines(page.pdf)
        owners = page.match_lines([box for box, _ in found])
        return {i: min(numbers) for i, numbers in owners.items()}

    last = page_for(stream_order="titles_last", seed=6)
    rank = stream_rank(last)
    for story in last.stories:
        body = [i for b in story.blocks if b.type == "paragraph" for i in b.line_ids]
        if story.title_ids and body:
            assert min(rank[i] for i in story.title_ids) > max(rank[i] for i in body)
    first = page_for(stream_order="article", seed=6)
    rank = stream_rank(first)
    for story in first.stories:
        body = [i for b in story.blocks if b.type == "paragraph" for i in b.line_ids]
        if story.title_ids and body:
            assert max(rank[i] for i in story.title_ids) < min(rank[i] for i in body)


def test_fill_knob_makes_empty_and_overfull_pages() -> None:
    def depth(page: RenderedPage) -> float:
        story_lines = [page.lines[i] for s in page.stories for i in s.line_ids]
        return max(ln.bbox[3] for ln in story_lines) / max(ln.bbox[3] for ln in page.lines)

    sparse = [page_for(fill="sparse", seed=s, footer=True) for s in range(3)]
    assert all(depth(p) < 0.6 for p in sparse)
    overfull = [page_for(fill="overfull", seed=s) for s in range(3)]
    assert any(s.continued_to for p in overfull for s in p.stories)


def test_l_shaped_and_under_head_articles_exist_as_drawn() -> None:
    page = page_for(l_shape=True, under_head=False, columns=8, single_column=0.0, seed=9)
    # an L: some story's body columns end at different depths, another story starts below the short ones
    shapes = 0
    for story in page.stories:
        body = [page.lines[i] for b in story.blocks for i in b.line_ids if b.type == "paragraph"]
        bottoms: dict[int, float] = {}
        for ln in body:
            key = round(ln.bbox[0] / 20)
            bottoms[key] = max(bottoms.get(key, 0.0), ln.bbox[3])
        if len(bottoms) >= 3 and max(bottoms.values()) - min(bottoms.values()) > 10 * body[0].size:
            shapes += 1
    assert shapes >= 1
    under = page_for(under_head=True, banner=True, columns=6, seed=9)
    banner = under.stories[0]
    head_bottom = max(under.lines[i].bbox[3] for i in banner.title_ids)
    body_right = max(under.lines[i].bbox[2] for b in banner.blocks for i in b.line_ids)
    body_bottom = max(under.lines[i].bbox[3] for i in banner.line_ids)
    beside = [ln for ln in under.lines if ln.owner[0] == "article" and ln.owner[1] != 0
              and head_bottom < ln.bbox[1] < body_bottom and ln.bbox[0] > body_right]
    assert beside, "no article runs under the banner head beside its body"


def test_every_knob_value_in_the_sweep_renders() -> None:
    assert set(KNOB_VALUES) == set(KNOB_NAMES)
    for knob, values in KNOB_VALUES.items():
        for value in values:
            page = render_knob_page(articles(), PdfKnobs().with_value(knob, value), seed=1)
            assert page.lines and (page.stories or value == "full_page_ad"), (knob, value)


def test_drawn_knob_sets_vary_like_pages_do() -> None:
    rng = random.Random(0)
    drawn = [draw_knobs(rng) for _ in range(200)]
    for name in ("columns", "gutter_em", "line_ends", "stream_order", "rotate", "fill", "text_runs"):
        assert len({getattr(k, name) for k in drawn}) >= 3, name
    assert {k.columns for k in drawn} == set(range(3, 11))
    assert min(k.gutter_em for k in drawn) < 0.4 and max(k.gutter_em for k in drawn) > 1.9


# -- the held-out pages (Chromium) ---------------------------------------------------------------


def held_out() -> list[RenderedPage]:
    return load_rendered_dir(HELD_OUT)


def test_held_out_pages_are_shipped_with_gold_that_matches_the_print() -> None:
    pages = held_out()
    engines = {page.engine.split()[0] for page in pages}
    assert engines == {"chromium", "libreoffice"}
    assert len(pages) >= 8
    for page in pages:
        assert gold_agreement(page) == 1.0
        assert sum(1 for s in page.stories if s.title_ids) >= 2


def test_held_out_pages_score_and_keep_every_line() -> None:
    for page in (held_out()[1], held_out()[-1]):  # one page of each engine
        metrics = score_rendered(page, ("geometry", "baseline"))
        assert metrics["geometry"]["line_coverage"] == 1.0
        assert 0.0 <= metrics["baseline"]["seg_ari"] <= 1.0
        (parsed,) = parse_pdf_document(page.pdf)
        ((_, layout),) = layout_pages(page.pdf)
        assert_nothing_lost(parsed, layout.text)


@pytest.mark.e2e
def test_libreoffice_pages_regenerate_with_gold(tmp_path: Path) -> None:
    if not shutil.which("soffice"):
        pytest.skip("needs LibreOffice (libreoffice-writer-nogui)")
    from banmian.synth.odt_pages import write_pages as write_odt

    (path,) = write_odt(tmp_path, 1, 5, articles(), story_counts=(3,))
    (page,) = load_rendered_dir(tmp_path)
    assert path.exists() and gold_agreement(page) == 1.0
    drawn = Counter("".join(ln.text for ln in page.lines).replace(" ", ""))
    assert drawn == Counter("".join(t for _, t in mupdf_lines(page.pdf)).replace(" ", ""))  # every glyph once


@pytest.mark.e2e
def test_chromium_pages_regenerate_with_gold(tmp_path: Path) -> None:
    pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        pytest.skip("needs Debian's chromium")
    from banmian.synth.html_pages import write_pages

    (path,) = write_pages(tmp_path, 1, 5, articles())
    (page,) = load_rendered_dir(tmp_path)
    assert path.exists() and gold_agreement(page) >= 0.98


# -- what the PDF reader must hold on any page ------------------------------------------------------

KNOB_SETS = st.builds(PdfKnobs, **{name: st.sampled_from(values) for name, values in KNOB_VALUES.items()})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(knobs=KNOB_SETS, seed=st.integers(0, 1 << 20))
def test_reader_invariants_on_random_knob_sets(knobs: PdfKnobs, seed: int) -> None:
    page = render_knob_page(articles(), knobs, seed=seed)
    (parsed,) = parse_pdf_document(page.pdf)  # no exception, whatever the page
    ((_, layout),) = layout_pages(page.pdf)
    assert_nothing_lost(parsed, layout.text)  # every line in one article or the furniture
    gold = page.gold_for_lines([ln.bbox for ln in layout.lines])
    owned = sum(b - a + 1 for art in gold["articles"] for a, b in art["lines"]) + len(gold["furniture"])
    assert owned == len(layout.lines)  # and the gold knows every line the reader read


@pytest.mark.parametrize("font", ["cid", "type3"])
def test_reader_warns_about_glyphs_it_cannot_decode(font: str) -> None:
    # a Type3 glyph without ToUnicode comes out as a control character, a CID font's own
    # character (造字) in the Private Use Area: either way the page says its text has gaps
    page = page_for(odd_glyphs=3, odd_font=font)
    assert reader_warned(page)
    assert not reader_warned(page_for(odd_glyphs=0, odd_font=font))


def test_wide_pages_draw_many_knob_sets() -> None:
    pages = render_wide_pages(articles(), 4, seed=3)
    assert len({json.dumps(p.knobs, sort_keys=True) for p in pages}) == 4
    assert all(p.engine == "banmian.synth.pdf_wide" for p in pages)


def test_page_without_columns_parses_whole() -> None:
    page = page_for(fill="full_page_ad")
    assert page.columns == 0 and not page.stories
    (parsed,) = parse_pdf_document(page.pdf)
    ((_, layout),) = layout_pages(page.pdf)
    assert_nothing_lost(parsed, layout.text)
    assert len(parsed.articles) <= 1


def test_page_without_columns_warns() -> None:
    (parsed,) = parse_pdf_document(page_for(fill="full_page_ad").pdf)
    assert parsed.warnings


def _overlapping_lines(page: RenderedPage) -> list[tuple[str, str]]:
    """Pairs of drawn lines whose boxes overlap by half an em both ways (text printed over text;
    a mark hanging into a narrow gutter, ink in the left half of its em, is left out)."""
    boxes = [((ln.bbox[0], ln.bbox[1], ln.bbox[2] - (ln.size if ln.text.rstrip()[-1] in CLOSING else 0.0),
               ln.bbox[3]), ln.text, ln.size) for ln in page.lines if ln.text.strip()]
    found = []
    for k, ((ax0, ay0, ax1, ay1), a, a_size) in enumerate(boxes):
        for (bx0, by0, bx1, by1), b, b_size in boxes[k + 1:]:
            em = min(a_size, b_size) / 2
            if min(ax1, bx1) - max(ax0, bx0) > em and min(ay1, by1) - max(ay0, by0) > em:
                found.append((a, b))
    return found


_SHAPES = {"l_shape": True, "under_head": True, "banner": True, "columns": 8, "single_column": 0.0}


# narrow columns on a sparse page: jump lines wider than the measure, bylines over many lines
_NARROW = {"columns": 10, "gutter_em": 1.24, "line_ends": "push", "l_shape": True, "boxed": 0.3, "photos": 0.2,
           "photo_between": True, "ads": 2, "fill": "sparse", "byline_in_column": True, "long_bylines": True,
           "body_size": 10.5, "page_width": 595.0}


@pytest.mark.parametrize(("seed", "knobs"), [(7, _SHAPES), (8, _SHAPES), (11, _SHAPES), (17, _SHAPES),
                                             (29, _SHAPES), (1001, {"footer": True}), (87298717, _NARROW)])
def test_generated_pages_print_nothing_over_each_other(seed: int, knobs: dict[str, Any]) -> None:
    # a picture story where the band planned an L or a story under a head fills its whole span;
    # an L's inline picture stands in its long columns; a story cut at the page's foot sets its
    # picture and caption above the foot (or leaves them out) and its jump line under the last
    # line, broken between its words where the column is narrower: nothing is set over anything.
    # A byline is broken between names, never inside one.
    page = page_for(seed=seed, **knobs)
    for story in page.stories:
        by = story.article.byline or {}
        if story.article.dateline or story.continued_from or not story.byline_rendered:
            continue
        printed = [page.lines[i].text for i in story.line_ids]
        for name in list(by.get("reporters") or []) + list(by.get("contributors") or []):
            assert any(name in text for text in printed), name
    assert not _overlapping_lines(page)
    with pymupdf.open(stream=page.pdf, filetype="pdf") as doc:
        pictures = [pymupdf.Rect(d["rect"]) for d in doc[0].get_drawings() if d.get("fill") and
                    d["rect"].width > 30 and d["rect"].height > 30]
        pictures += [pymupdf.Rect(info["bbox"]) for info in doc[0].get_image_info()]
    for ln in page.lines:
        box = pymupdf.Rect(ln.bbox)
        assert not any((box & pic).get_area() > 0.5 * box.get_area() for pic in pictures), ln.text


def test_a_storys_picture_stands_beside_its_text_not_across_blank_columns() -> None:
    # a compositor sets a story's picture next to its text: where the text fills fewer columns
    # than the story's span, the picture takes the column after the text's last, never one
    # with whole columns left blank between them (the reader may then fairly see a photo story)
    pages = render_wide_pages(articles(), 24, seed=7)
    checked = 0
    for page in pages:
        for story in page.stories:
            caps = [page.lines[i].bbox for b in story.blocks if b.type in ("caption", "credit") for i in b.line_ids]
            text = [page.lines[i].bbox for b in story.blocks if b.type == "paragraph" for i in b.line_ids]
            if not caps or not text or story.article.kind == "photo":
                continue
            x0, x1 = min(c[0] for c in caps), max(c[2] for c in caps)
            gap = min(max(0.0, x0 - t[2], t[0] - x1) for t in text)
            assert gap < x1 - x0, (page.page_number, story.article.title)
            checked += 1
    assert checked >= 5


def test_a_story_cut_inside_its_who_note_has_gold_for_what_was_printed() -> None:
    # the column ran out inside `（记者 …）`: the gold has no text for that paragraph and only
    # the names printed in full (the rest are on the page the story jumps to)
    prefix = "新华社青岛3月15日电（记者 沈一帆 古月 通讯员 林天）"
    block = GoldBlock("paragraph", chunks=["新华社青岛3月15", "日电（记者 沈一帆 古"], strip_prefix=prefix)
    story = GoldStory(article=articles()[0], blocks=[block], byline_rendered={
        "agency": "新华社", "reporters": ["沈一帆", "古月"], "contributors": ["林天"], "photographers": ["米可"]})
    assert block.text == ""
    assert story.printed_byline() == {"agency": "新华社", "reporters": ["沈一帆"], "contributors": [],
                                      "photographers": ["米可"]}
    block.chunks.append("月 通")
    assert story.printed_byline()["reporters"] == ["沈一帆", "古月"]
    block.chunks[:] = [prefix, "记者2日获悉"]
    assert block.text == "记者2日获悉" and story.printed_byline()["contributors"] == ["林天"]
