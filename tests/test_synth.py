"""The synthetic page generator: determinism, the invariants of its gold, its CLI."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from banmian.cli import app
from banmian.errors import InputError
from banmian.synth import (
    CONVENTION_DOMAINS,
    CONVENTION_OFF,
    FAMILY_NAMES,
    KNOB_DOMAINS,
    PROFILE_NAMES,
    CleanArticle,
    SynthPage,
    generate_page,
    generate_pages,
    load_clean_articles,
    write_pages,
)
from banmian.synth.layout import CLOSING, OPENING, break_lines, breaks_ok, display_width, space_digits
from banmian.synth.script import to_traditional
from conftest import EXAMPLES, SAMPLE_GOLD, assert_nothing_lost

# Half-width marks OCR noise puts in, mapped back to the clean full-width form.
FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"})


def _pages(count: int, seed: int) -> list[SynthPage]:
    return list(generate_pages(count, seed))


def _expand(spans: list[list[int]]) -> set[int]:
    return {n for a, b in spans for n in range(a, b + 1)}


def _raw_lines(page: SynthPage) -> list[str]:
    return page.text.split("\n")


def _clean(line: str, page: SynthPage) -> str:
    """A raw line as the clean text had it: no padding spaces, no indent, full-width marks."""
    out = re.sub(r"[ \u3000]", "", line)
    return out.translate(FULL_WIDTH) if page.knobs.ocr_noise else out


# -- the clean articles --------------------------------------------------------------------


def test_shipped_articles_are_clean_and_varied() -> None:
    articles = load_clean_articles()
    texts = [a for a in articles if a.kind == "article"]
    photos = [a for a in articles if a.kind == "photo"]
    assert len(texts) >= 12 and len(photos) >= 2
    for art in texts:
        assert art.title and 2 <= len(art.paragraphs) <= 8
        assert art.paragraphs[0][0] == "paragraph"
        for kind, text in art.paragraphs:
            assert kind in ("paragraph", "subhead")
            assert text == text.strip() and "\n" not in text and "  " not in text
    for art in photos:
        assert art.captions and art.credit and art.byline and art.byline["photographers"]
    assert any(a.kicker for a in texts) and any(a.subtitle for a in texts)
    assert sum(1 for a in texts if any(k == "subhead" for k, _ in a.paragraphs)) >= 3
    assert any(a.dateline for a in texts) and any(a.dateline is None for a in texts)


def test_gold_pages_load_as_clean_articles() -> None:
    articles = load_clean_articles([EXAMPLES])
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    assert len(articles) == len(gold["articles"])
    first = articles[0]
    assert first.title == gold["articles"][0]["title"]
    assert first.dateline is not None and first.dateline["raw"] == "新华社北京7月2日电"
    assert next(t for k, t in first.paragraphs if k == "subhead") == gold["articles"][0]["blocks"][3]["text"]
    photo = next(a for a in articles if a.kind == "photo")
    assert photo.credit and len(photo.captions) == 2


def test_loader_rejects_a_file_that_is_not_articles(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="not a gold page"):
        load_clean_articles([bad])
    bad.write_text('[{"title": "x", "paragraphs": 5}]', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json"):
        load_clean_articles([bad])


def test_clean_article_round_trips_through_dict() -> None:
    art = load_clean_articles()[0]
    assert CleanArticle.from_dict(art.to_dict()) == art


# -- line breaking -----------------------------------------------------------------------


@pytest.mark.parametrize("width", [16, 17, 20, 31, 64])
def test_line_breaking_keeps_chinese_rules(width: int) -> None:
    text = "“我们（几个人）说：‘好。’”于是——他在2024年的5G网络里走了96.4%的路……《书》「名」、【注】。" * 4
    lines = break_lines(text, width, "\u3000\u3000")
    assert "".join(lines) == "\u3000\u3000" + text
    for line in lines:
        assert display_width(line) <= width
    for first, second in itertools.pairwise(lines):
        assert second[0] not in CLOSING, (first, second)
        assert first[-1] not in OPENING, (first, second)
    # Latin words and numbers are never cut
    for word in ("2024", "5G", "96.4"):
        assert any(word in line for line in lines)


def test_digit_spacing_pads_digit_runs() -> None:
    assert space_digits("上合组织有9个成员国、3个观察员国") == "上合组织有 9 个成员国、 3 个观察员国"
    assert space_digits("2018年") == "2018 年"


# -- determinism -----------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_same_seed_same_page_other_seed_other_page(profile: str) -> None:
    first, again = generate_page(42, profile), generate_page(42, profile)
    assert first.text == again.text and first.gold == again.gold
    others = {generate_page(seed, profile).text for seed in range(43, 53)}
    assert first.text not in others and len(others) == 10


def test_pages_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """Same seed, same bytes in another interpreter with another hash seed."""
    code = (
        "import hashlib, sys; from banmian.synth import generate_pages; "
        "sys.stdout.write(hashlib.sha256(''.join(p.text + repr(p.gold) for p in generate_pages(9, 77))"
        ".encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        digests.add(run.stdout)
    assert len(digests) == 1


def test_fixing_one_knob_leaves_the_others_drawn_the_same() -> None:
    free = generate_page(5, "pdf-text-layer")
    fixed = generate_page(5, "pdf-text-layer", header=not free.knobs.header)
    assert fixed.knobs.blank_between_paragraphs == free.knobs.blank_between_paragraphs
    assert fixed.knobs.articles_per_page == free.knobs.articles_per_page
    def paragraphs(page: SynthPage) -> list[list[str]]:
        return [[b["text"] for b in a["blocks"] if b["type"] == "paragraph"] for a in page.gold["articles"]]

    assert paragraphs(fixed) == paragraphs(free)


def test_generate_pages_cycles_profiles_and_is_deterministic() -> None:
    pages = _pages(6, 9)
    assert [p.profile for p in pages] == list(PROFILE_NAMES) * 2
    assert [p.text for p in pages] == [p.text for p in _pages(6, 9)]
    assert len({p.text for p in pages}) == 6


# -- invariants of every page ----------------------------------------------------------------


def _check_invariants(page: SynthPage, paragraph_texts: set[str] | None) -> None:
    """What holds on every page; `paragraph_texts`: the clean texts paragraphs come from
    (None where the page prints them otherwise: traditional, old punctuation, briefs)."""
    gold, lines = page.gold, _raw_lines(page)
    tr = to_traditional if page.knobs.script == "traditional" else (lambda s: s)
    assert gold["schema"] == "gold/page@1"
    owners: dict[int, list[str]] = {}
    for k, art in enumerate(gold["articles"]):
        for n in _expand(art["lines"]):
            owners.setdefault(n, []).append(f"a{k}")
    for item in gold["furniture"]:
        for n in _expand([item["lines"]]):
            owners.setdefault(n, []).append("F")
            # furniture reads as `text`; a line set right to left is printed reversed
            assert lines[n - 1] == item.get("printed", item["text"])
            if "printed" in item:
                assert item["printed"] == item["text"][::-1] != item["text"]
    for number, line in enumerate(lines, start=1):
        if line.strip():
            assert len(owners.get(number, [])) == 1, (number, line, owners.get(number))

    for art, knobs in zip(gold["articles"], page.article_knobs, strict=True):
        owned = _expand(art["lines"])
        # markers and datelines may wrap, so look for them in the article's text joined up
        owned_text = "".join(_clean(lines[n - 1], page) for n in sorted(owned))
        assert art["kind"] in ("article", "photo", "ad", "notice")
        if art["kind"] in ("photo", "ad"):
            assert art["title"] is None
        if art["title"] is not None:
            first, last = art["title_lines"]
            assert first in owned and last in owned
            title_raw = re.sub(r"\s", "", "".join(lines[first - 1 : last]))
            title = re.sub(r"\s", "", art["title"])
            if title_raw == title:
                assert breaks_ok(lines[first - 1 : last])
            elif title_raw == title[::-1]:
                assert page.knobs.reversed_headings  # a head set right to left
            else:
                # a brief's run-in lead phrase: the bullet, the phrase, then the text
                assert title in title_raw[:len(title) + 2] and len(art["blocks"]) == 1, (title_raw, title)
        for block in art["blocks"]:
            a, b = block["lines"]
            assert {a, b} <= owned and a <= b
            raw = [ln for ln in lines[a - 1 : b] if ln.strip()]
            joined = _clean("".join(raw), page)
            assert _clean(block["text"], page) in joined, (block, raw)
            if block["type"] == "paragraph" and paragraph_texts is not None and art["kind"] == "article":
                assert block["text"] in paragraph_texts
            if block["type"] in ("paragraph", "caption") and art["kind"] in ("article", "photo"):
                # rules and width hold in the clean form of each line
                clean = [_clean(ln, page) for ln in raw]
                for first_line, second_line in itertools.pairwise(clean):
                    assert second_line[0] not in CLOSING, (first_line, second_line)
                    assert first_line[-1] not in OPENING, (first_line, second_line)
                assert knobs.column_width is not None
                for line in raw:
                    body = line.lstrip(" \u3000")
                    indent = line[: len(line) - len(body)]
                    width = display_width(indent) + display_width(body.replace(" ", ""))
                    assert width <= knobs.column_width * 2, line
            if art["kind"] == "ad":
                assert a == b  # one printed line per block
        if art["dateline"]:
            assert set(art["dateline"]) >= {"agency", "place", "date", "raw"}
            dl_raw = re.sub(r"[ \u3000]", "", art["dateline"]["raw"])
            assert dl_raw in owned_text
            # the dateline is not part of the paragraph text
            assert all(not b["text"].startswith(dl_raw) for b in art["blocks"])
            assert all(dl_raw not in b["text"] for b in art["blocks"])
            if art["dateline"]["place"]:
                assert art["dateline"]["place"] in dl_raw
            if art["dateline"]["date"]:
                assert art["dateline"]["date"] in dl_raw
        if art["byline"]:
            for role in ("reporters", "contributors", "photographers"):
                for person in art["byline"][role]:
                    assert person in owned_text
                    assert all(person not in b["text"] for b in art["blocks"] if b["type"] != "credit")
        if art["continued_from"] is not None:
            marker = tr(f"（上接第{art['continued_from']}版）")
            assert marker in owned_text
        if art["continued_to"] is not None:
            marker = tr(f"（下转第{art['continued_to']}版）")
            assert marker in owned_text
        for block in art["blocks"]:
            assert tr("上接第") not in block["text"] and tr("下转第") not in block["text"]
            assert tr("参与记者") not in block["text"]


def test_invariants_hold_on_many_pages_of_every_profile() -> None:
    paragraph_texts = {t for a in load_clean_articles() for k, t in a.paragraphs if k == "paragraph"}
    pages = _pages(240, 1)
    for page in pages:
        _check_invariants(page, paragraph_texts)
    # the knobs really vary across the run
    counts = {p.knobs.articles_per_page for p in pages}
    assert counts == set(range(2, 9))
    widths = {k.column_width or 0 for p in pages for k in p.article_knobs}
    assert min(widths) <= 9 and max(widths) >= 31
    assert any(a["continued_from"] for p in pages for a in p.gold["articles"])
    assert any(a["kind"] == "photo" for p in pages for a in p.gold["articles"])
    assert any(p.gold["furniture"] for p in pages)


def test_invariants_hold_with_gold_articles_from_examples() -> None:
    articles = load_clean_articles([EXAMPLES])
    paragraph_texts = {t for a in articles for k, t in a.paragraphs if k == "paragraph"}
    for page in generate_pages(30, 3, articles=articles):
        _check_invariants(page, paragraph_texts)


def test_profiles_do_what_their_docs_say() -> None:
    for page in generate_pages(30, 4, "pdf-text-layer"):
        for art in page.gold["articles"]:
            if art["kind"] == "article":
                # title after the body
                assert art["title_lines"][0] > art["blocks"][-1]["lines"][1]
    for page in generate_pages(30, 4, "pdftotext-raw"):
        for art in page.gold["articles"]:
            if art["kind"] == "article":
                assert art["title_lines"][1] < art["blocks"][0]["lines"][0]
                starts = [b["lines"][0] for b in art["blocks"]]
                ends = [b["lines"][1] for b in art["blocks"]]
                # no blank line between paragraphs
                assert all(s == e + 1 for e, s in zip(ends, starts[1:], strict=False))
    ocr_text = "".join(p.text for p in generate_pages(30, 4, "ocr"))
    assert "\u3000\u3000" in ocr_text and "," in ocr_text


def test_a_long_page_grows_with_target_chars() -> None:
    short = generate_page(8, "pdf-text-layer", target_chars=10_000)
    long = generate_page(8, "pdf-text-layer", target_chars=40_000)
    assert 8_000 <= len(short.text) <= 16_000
    assert 32_000 <= len(long.text) <= 60_000
    assert len(long.gold["articles"]) > len(short.gold["articles"])


@pytest.mark.parametrize(
    ("knobs", "message"),
    [
        ({"column_width": 3}, "column_width"),
        ({"indent": "tabs"}, "indent"),
        ({"colour": "red"}, "unknown knob"),
    ],
)
def test_bad_knobs_are_refused(knobs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_page(1, **knobs)


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown profile"):
        generate_page(1, "scanner")


def test_every_knob_value_in_its_domain_works() -> None:
    paragraph_texts = {t for a in load_clean_articles() for k, t in a.paragraphs if k == "paragraph"}
    for name, values in KNOB_DOMAINS.items():
        for value in values[:: max(1, len(values) // 4)]:
            page = generate_page(len(name), PROFILE_NAMES[len(name) % 3], **{name: value})
            assert getattr(page.knobs, name, None) == value or any(
                getattr(k, name) == value for k in page.article_knobs
            )
            _check_invariants(page, paragraph_texts)


# -- writing pages, the CLI ------------------------------------------------------------------


def test_write_pages_writes_pairs(tmp_path: Path) -> None:
    raws = write_pages(4, 2, tmp_path, "ocr")
    assert len(raws) == 4
    for raw in raws:
        gold = json.loads(raw.with_suffix(".gold.json").read_text(encoding="utf-8"))
        assert gold["schema"] == "gold/page@1" and gold["source"] == raw.name


def test_cli_synth_writes_pairs(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["synth", "--n", "5", "--seed", "3", "--out", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 0, result.output
    raws = sorted((tmp_path / "o").glob("*.txt"))
    golds = sorted((tmp_path / "o").glob("*.gold.json"))
    assert len(raws) == len(golds) == 5
    same = [p.text for p in generate_pages(5, 3)]
    assert sorted(r.read_text(encoding="utf-8") for r in raws) == sorted(same)


def test_cli_synth_one_profile_and_gold_articles(tmp_path: Path) -> None:
    runner = CliRunner()
    args = [
        "synth",
        "--n",
        "3",
        "--out",
        str(tmp_path),
        "--profile",
        "pdftotext-raw",
        "--articles",
        str(EXAMPLES),
    ]
    result = runner.invoke(app, [*args, "-q"])
    assert result.exit_code == 0, result.output
    assert all("pdftotext-raw" in p.name for p in tmp_path.glob("*.txt"))


@pytest.mark.parametrize(
    "args",
    [
        ["--n", "2", "--profile", "scanner"],
        ["--n", "-1"],
        ["--n", "2", "--articles", "/no/such/file.json"],
    ],
)
def test_cli_synth_bad_input_exits_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["synth", "--out", str(tmp_path / "o"), "-q", *args])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "error:" in result.output


def test_cli_synth_out_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["synth", "--out", str(target), "--n", "1", "-q"])
    assert result.exit_code == 2 and "not a folder" in result.output


def test_gold_scores_perfectly_against_itself() -> None:
    from banmian.evaluate import score_page

    for page in generate_pages(12, 6):
        metrics = score_page(page.text, page.gold, page.gold)
        assert metrics["line_coverage"] == 1.0 and metrics["seg_ari"] == 1.0
        assert metrics["title_acc"] == 1.0 and metrics["para_f1"] == 1.0 and metrics["body_cer"] == 0


def test_gold_as_a_page_follows_the_output_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from banmian.schema import page_schema

    for page in generate_pages(9, 8):
        model = page.to_page()
        jsonschema.validate(model.to_dict(), page_schema())
        assert [a.title for a in model.articles] == [a["title"] for a in page.gold["articles"]]
        assert model.line_count == len(page.text.split("\n"))
        # a perfect parse loses no line
        assert_nothing_lost(model, page.text)


# -- the conventions of other papers and eras (issue 11) -------------------------------------


def _convention_pages(count: int, **knobs: Any) -> list[SynthPage]:
    return [generate_page(700 + s, PROFILE_NAMES[s % 3], **knobs) for s in range(count)]


@pytest.mark.parametrize("family", [f for f in FAMILY_NAMES if f != "plain"])
def test_invariants_hold_on_every_family(family: str) -> None:
    pages = list(generate_pages(45, 12, family=family))
    for page in pages:
        _check_invariants(page, None)
    # a family draws its conventions together
    kinds = {a["kind"] for p in pages for a in p.gold["articles"]}
    assert {"article", "ad"} <= kinds
    assert any(a["dateline"] for p in pages for a in p.gold["articles"])


def test_every_convention_value_alone_keeps_the_invariants() -> None:
    for name, values in CONVENTION_DOMAINS.items():
        for value in values:
            for page in _convention_pages(3, **{name: value}):
                assert getattr(page.knobs, name) == value or all(getattr(k, name) == value for k in page.article_knobs)
                _check_invariants(page, None)


def test_conventions_draw_apart_from_the_layout() -> None:
    """Fixing a convention knob leaves the layout knobs drawn as before."""
    free = generate_page(31, "pdftotext-raw")
    fixed = generate_page(31, "pdftotext-raw", ads=2, script="traditional")
    for knob in ("articles_per_page", "blank_between_paragraphs", "digit_spacing", "photo"):
        assert getattr(fixed.knobs, knob) == getattr(free.knobs, knob)
    assert [k.column_width for k in fixed.article_knobs if k.column_width] != []
    # with every convention off the page is the plain page
    off = generate_page(31, "pdftotext-raw", **CONVENTION_OFF)
    assert off.text == free.text and off.gold["articles"] == free.gold["articles"]


def test_traditional_script_converts_every_string() -> None:
    simplified_only = set("这个们说国会时来对发过还没为经实现")
    for page in _convention_pages(6, script="traditional"):
        assert not simplified_only & set(page.text), page.name
        assert any(ch in page.text for ch in "這個們說國會時來對發過還")
        assert "“" not in page.text and "”" not in page.text


def test_old_punctuation_leaves_the_enumeration_comma() -> None:
    for page in _convention_pages(6, punctuation="old"):
        texts = [b["text"] for a in page.gold["articles"] if a["kind"] == "article" for b in a["blocks"]
                 if b["type"] == "paragraph"]
        assert texts and all("，" not in t and "；" not in t for t in texts)
        assert all("。" not in t[:-2] for t in texts)  # a full stop survives only at the end
        assert sum(t.count("、") for t in texts) > len(texts)


def test_republican_vocabulary_prints_old_items() -> None:
    for page in _convention_pages(3, vocabulary="republican"):
        assert "、" in page.text and "，" not in page.text.split("\n", 40)[-1]


def test_header_layouts_print_their_shapes() -> None:
    for page in _convention_pages(6, header_layout="one-line"):
        head = page.gold["furniture"][0]
        assert head["type"] == "header" and head["lines"] == [1, 1]
        assert re.search(r"( {2,}|\u3000| │ )", head["text"]), head
    for page in _convention_pages(6, header_layout="stacked"):
        top = [f for f in page.gold["furniture"] if f["lines"][0] < page.gold["articles"][0]["lines"][0][0]]
        assert 2 <= len(top) <= 5
    for page in _convention_pages(6, header_layout="masthead"):
        top = [f for f in page.gold["furniture"] if f["type"] == "masthead"]
        assert len(top) >= 3 and top[0]["lines"] == [1, 1]


@pytest.mark.parametrize(
    ("form", "pattern"),
    [
        ("numeric", r"20\d\d[-./]\d{1,2}[-./]\d{1,2}"),
        ("lunar", r"农历(..年)?[正二三四五六七八九十冬腊]月[初十廿二三][一二三四五六七八九十]?"),
        ("republican", r"民国[一二三四五六七八九十廿卅贰拾叁肆伍陆柒捌玖壹]+年[一二三四五六七八九十]+月"),
        ("roc", r"(中华民国|民国)?1\d\d年\d{1,2}月\d{1,2}日"),
    ],
)
def test_date_forms(form: str, pattern: str) -> None:
    for page in _convention_pages(6, header_layout="one-line", date_form=form):
        assert re.search(pattern, page.gold["furniture"][0]["text"]), page.gold["furniture"][0]


def test_reversed_headings_keep_the_readable_string() -> None:
    printed = []
    for page in _convention_pages(12, reversed_headings=True, header_layout="stacked", briefs=1):
        printed += [f for f in page.gold["furniture"] if "printed" in f]
        for art in page.gold["articles"]:
            if art["title"] and art["title_lines"][0] == art["title_lines"][1]:
                line = page.text.split("\n")[art["title_lines"][0] - 1]
                if line == art["title"][::-1] and line != art["title"]:
                    printed.append(art)
    assert len(printed) >= 6


def test_briefs_are_one_article_per_item() -> None:
    for page in _convention_pages(6, briefs=1):
        heads = [f for f in page.gold["furniture"] if f["type"] == "section"]
        assert heads
        after = heads[-1]["lines"][0]
        items = [a for a in page.gold["articles"] if a["lines"][0][0] > after][:3]
        assert len(items) == 3
        for item in items:
            assert item["kind"] == "article" and len(item["blocks"]) == 1


def test_ads_and_notices_have_their_kinds() -> None:
    for page in _convention_pages(6, ads=2, notices=1):
        kinds = [a["kind"] for a in page.gold["articles"]]
        assert kinds.count("ad") == 2 and kinds.count("notice") == 1
        for notice in (a for a in page.gold["articles"] if a["kind"] == "notice"):
            assert notice["title"] and re.search("启事|声明|讣告|招聘|招请", notice["title"])


@pytest.mark.parametrize(
    ("form", "pattern"),
    [
        ("benbao", r"^(本报讯|【本报讯】|【本报专讯】)$"),
        ("benbao-place", r"^本报.+\d{1,2}日电$"),
        ("zhongxin", r"^中新(社|网).+\d{1,2}日电$"),
        ("ju", r"^据(新华社|中新社).*(电|报道)$"),
        ("cna", r"^（?中央社.+\d{1,2}日电）?$"),
        ("old", r"^（.+[一二三四五六七八九十廿卅]日.*电）$"),
        ("special-wire", r"^（?(本报)?.+[一二三四五六七八九十廿卅]日专电）?$"),
        ("correspondence", r"^（?(本报)?.+(特约)?通讯）?$"),
    ],
)
def test_dateline_forms(form: str, pattern: str) -> None:
    found = [
        a["dateline"]["raw"]
        for page in _convention_pages(9, dateline_form=form, dateline="start")
        for a in page.gold["articles"]
        if a["dateline"] and a["kind"] == "article" and a["blocks"] and a["title"] and len(a["blocks"]) > 1
    ]
    assert found
    for raw in found:
        assert re.search(pattern, raw), raw


@pytest.mark.parametrize(
    ("form", "role", "word"),
    [
        ("correspondent", "reporters", "特派"),
        ("special", "reporters", "特约记者"),
        ("intern", "contributors", "实习生"),
        ("stringer", "contributors", "通讯员"),
        ("photo", "photographers", "摄"),
        ("text-photo", "photographers", "图"),
    ],
)
def test_byline_forms(form: str, role: str, word: str) -> None:
    hits = 0
    for page in _convention_pages(12, byline_form=form, byline="head"):
        for art in page.gold["articles"]:
            if art["byline"] and art["byline"][role] and word in page.text:
                hits += 1
    assert hits


def test_caption_right_under_a_title() -> None:
    for page in _convention_pages(6, caption_after_title=True):
        arts = page.gold["articles"]
        glued = [
            (before, photo) for before, photo in itertools.pairwise(arts)
            if photo["kind"] == "photo" and before["title_lines"]
            and photo["lines"][0][0] == before["title_lines"][1] + 1
        ]
        assert glued, page.name


def test_lone_subhead_sits_inside_a_title_first_article() -> None:
    for page in _convention_pages(6, lone_subhead=True):
        assert page.knobs.title_position == "before"
        lone = [a for a in page.gold["articles"] if [b["type"] for b in a["blocks"]].count("subhead") == 1]
        assert lone
        types = [b["type"] for b in lone[0]["blocks"]]
        assert types[0] == "paragraph" and types[-1] == "paragraph"


def test_transcripts_have_no_blank_line() -> None:
    for page in _convention_pages(6, no_blank_lines=True):
        assert "" not in page.text.rstrip("\n").split("\n")


def test_cli_synth_family_and_knobs(tmp_path: Path) -> None:
    args = ["synth", "-n", "2", "-o", str(tmp_path), "-q", "--family", "republican", "--knob", "ads=2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    for gold_path in tmp_path.glob("*.gold.json"):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        assert gold["generator"]["family"] == "republican"
        assert [a["kind"] for a in gold["articles"]].count("ad") == 2
    for bad in (["--family", "martian"], ["--knob", "ads"], ["--knob", "ads=9"]):
        result = CliRunner().invoke(app, ["synth", "-n", "1", "-o", str(tmp_path / "x"), "-q", *bad])
        assert result.exit_code == 2 and "error:" in result.output


def test_a_fold_puts_the_other_page_head_between_two_articles() -> None:
    for page in _convention_pages(6, fold=True, header=False, footer=False):
        heads = [f for f in page.gold["furniture"] if f["type"] == "header"]
        assert len(heads) == 1
        line = heads[0]["lines"][0]
        starts = [a["lines"][0][0] for a in page.gold["articles"]]
        assert min(starts) < line < max(starts)  # between articles, not at the top


def test_attribution_leads_keep_their_comma_out_of_the_text() -> None:
    leads = 0
    for page in _convention_pages(12, dateline_form="ju", dateline="start"):
        for art in page.gold["articles"]:
            if art["dateline"] and art["dateline"]["raw"].endswith("报道"):
                leads += 1
                assert not art["blocks"][0]["text"].startswith("，")
    assert leads
