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


def _check_invariants(page: SynthPage, paragraph_texts: set[str]) -> None:
    gold, lines = page.gold, _raw_lines(page)
    assert gold["schema"] == "gold/page@1"
    owners: dict[int, list[str]] = {}
    for k, art in enumerate(gold["articles"]):
        for n in _expand(art["lines"]):
            owners.setdefault(n, []).append(f"a{k}")
    for item in gold["furniture"]:
        for n in _expand([item["lines"]]):
            owners.setdefault(n, []).append("F")
            assert lines[n - 1] == item["text"]
    for number, line in enumerate(lines, start=1):
        if line.strip():
            assert len(owners.get(number, [])) == 1, (number, line, owners.get(number))

    for art, knobs in zip(gold["articles"], page.article_knobs, strict=True):
        owned = _expand(art["lines"])
        # markers and datelines may wrap, so look for them in the article's text joined up
        owned_text = "".join(_clean(lines[n - 1], page) for n in sorted(owned))
        assert art["kind"] in ("article", "photo")
        if art["kind"] == "article":
            first, last = art["title_lines"]
            assert first in owned and last in owned
            title_raw = "".join(lines[first - 1 : last])
            assert re.sub(r"\s", "", title_raw) == re.sub(r"\s", "", art["title"])
            assert breaks_ok(lines[first - 1 : last])
        for block in art["blocks"]:
            a, b = block["lines"]
            assert {a, b} <= owned and a <= b
            raw = [ln for ln in lines[a - 1 : b] if ln.strip()]
            joined = _clean("".join(raw), page)
            assert re.sub(r"\s", "", block["text"]) in joined, (block, raw)
            if block["type"] == "paragraph":
                assert block["text"] in paragraph_texts
            if block["type"] in ("paragraph", "caption"):
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
        if art["dateline"]:
            assert set(art["dateline"]) >= {"agency", "place", "date", "raw"}
            dl_raw = re.sub(r"[ \u3000]", "", art["dateline"]["raw"])
            assert dl_raw in owned_text
            # the dateline is not part of the paragraph text
            assert all(not b["text"].startswith(dl_raw) for b in art["blocks"])
        if art["continued_from"] is not None:
            marker = f"（上接第{art['continued_from']}版）"
            assert marker in owned_text
        if art["continued_to"] is not None:
            marker = f"（下转第{art['continued_to']}版）"
            assert marker in owned_text
        for block in art["blocks"]:
            assert "上接第" not in block["text"] and "下转第" not in block["text"]
            assert "参与记者" not in block["text"]


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
