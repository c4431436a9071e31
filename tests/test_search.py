"""Search: CJK tokenization, the query language, ranking, snippets and filters."""

from __future__ import annotations

import json
import random
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import banmian.archive.fulltext as search_module
from banmian.archive.db import connect, prepare_page, store_file
from banmian.archive.fulltext import QueryError, SearchFilters, compile_query, highlight, search
from banmian.archive.tokens import BREAK, bigram_stream, index_columns, segments, unigram_stream
from banmian.cli import app
from banmian.model import Article, Block, Byline, Page


def make_article(
    local_id: str,
    body: str,
    *,
    title: str | None = None,
    kind: str = "article",
    agency: str | None = None,
) -> Article:
    blocks = [Block("paragraph", para, (i + 2, i + 2)) for i, para in enumerate(body.split("\n"))]
    return Article(
        id=local_id,
        kind=kind,
        title=title,
        title_lines=(1, 1) if title else None,
        lines=[(1, len(blocks) + 1)],
        byline=Byline(agency=agency) if agency else None,
        blocks=blocks,
    )


def add_page(
    conn: sqlite3.Connection,
    name: str,
    articles: list[Article],
    *,
    paper: str | None = None,
    date: str | None = None,
    page_no: int | None = 1,
) -> None:
    """Store a page built in the test (its raw text is made up from its blocks)."""
    raw = "\n".join([name] + [b.text for a in articles for b in a.blocks])
    page = Page(articles=articles, line_count=raw.count("\n") + 1)
    store_file(conn, name, name, [prepare_page(page, raw, page_index=None, page_no=page_no)], paper=paper, date=date)


def ids_by_title(conn: sqlite3.Connection) -> dict[int, str]:
    return {row[0]: row[1] for row in conn.execute("SELECT id, title FROM articles")}


def titles(conn: sqlite3.Connection, query: str, **filters: str) -> list[str]:
    names = ids_by_title(conn)
    results = search(conn, query, filters=SearchFilters(**filters), limit=100)
    return [names[hit.article_id] for hit in results.results]


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(tmp_path / "search.sqlite")
    add_page(conn, "p1", [
        make_article("a1", "今天我们去喝茶叶蛋，再说上合组织的事。", title="tea"),
        make_article("a2", "聊城市场很大。城，市不相连。", title="city"),
        make_article("a3", "G20峰会于2023年召开，Beijing 会场。", title="latin"),
    ], paper="日报", date="2024-01-02", page_no=1)
    add_page(conn, "p2", [
        make_article("b1", "组织上合是倒过来的说法。咖啡和茶都有。", title="reversed", kind="brief-list",
                     agency="新华社"),
        make_article("b2", "新 华 社 记者在 OCR 文字里有空格。<b>不是标签</b>", title="spaced", agency="中新社"),
    ], paper="晚报", date="2024-03-05", page_no=2)
    yield conn
    conn.close()


# ---- tokens -------------------------------------------------------------------------


def test_cjk_runs_become_bigrams_and_unigrams() -> None:
    bigrams, unigrams = index_columns("聊城市，G20峰会 2023年 Hello")
    # punctuation leaves a break token, so a phrase cannot match across it
    assert bigrams.split() == ["聊城", "城市", BREAK, "g20", "峰会", "2023", "年", "hello"]
    assert unigrams.split() == ["聊", "城", "市", "峰", "会", "年"]


@settings(deadline=None)
@given(st.text(alphabet="上合组织茶 ab1，\n\u3000", max_size=30))
def test_the_fast_indexer_emits_the_query_side_tokens(text: str) -> None:
    segs = segments(text)
    assert index_columns(text) == (" ".join(bigram_stream(segs)), " ".join(unigram_stream(segs)))


def test_spaces_between_chinese_characters_are_ignored_but_not_between_words() -> None:
    assert [s.text for s in segments("新 华　社 abc def")] == ["新华社", "abc", "def"]
    assert [s.text for s in segments("新华\n社")] == ["新华", "社"]  # a line break separates
    assert [s.text for s in segments("ＡＢＣ１２３")] == ["abc123"]  # full-width folds to ASCII


# ---- query language -------------------------------------------------------------------


def test_query_compiles_to_fts_column_filters() -> None:
    assert compile_query("茶").fts == '"茶"'
    assert compile_query("上合组织").fts == '"上合 合组 组织"'
    assert compile_query('"上合 组织"').fts == compile_query("上合组织").fts
    assert " OR " in compile_query("a OR b").fts
    assert " NOT " in compile_query("茶 -咖啡").fts


@pytest.mark.parametrize("bad", ["", "  ", "，。", "NOT 茶", "-茶", "(茶", "茶)"])
def test_queries_with_nothing_to_find_are_errors(bad: str) -> None:
    with pytest.raises(QueryError):
        compile_query(bad)


# ---- matching -------------------------------------------------------------------------


def test_one_character_query_matches_inside_words(archive: sqlite3.Connection) -> None:
    assert sorted(titles(archive, "茶")) == ["reversed", "tea"]
    assert titles(archive, "蛋") == ["tea"]


def test_multi_character_query_needs_adjacent_characters(archive: sqlite3.Connection) -> None:
    assert titles(archive, "聊城") == ["city"]
    assert titles(archive, "城市") == ["city"]  # 聊城市场 holds 城市; 城，市 alone would not
    assert titles(archive, "上合组织") == ["tea"]
    assert titles(archive, "组织上合") == ["reversed"]
    assert titles(archive, "市不") == ["city"]
    assert titles(archive, "城市不") == []
    assert titles(archive, "大城") == []  # 很大。城: punctuation between


def test_phrase_and_boolean_operators(archive: sqlite3.Connection) -> None:
    assert titles(archive, '"上合 组织"') == ["tea"]
    assert sorted(titles(archive, "茶 咖啡")) == ["reversed"]
    assert sorted(titles(archive, "茶 AND 咖啡")) == ["reversed"]
    assert sorted(titles(archive, "聊城 OR 峰会")) == ["city", "latin"]
    assert titles(archive, "茶 NOT 咖啡") == ["tea"]
    assert titles(archive, "茶 -咖啡") == ["tea"]
    assert sorted(titles(archive, "(聊城 OR 峰会) -g20")) == ["city"]


def test_latin_words_and_numbers_are_whole_words(archive: sqlite3.Connection) -> None:
    assert titles(archive, "G20") == ["latin"]
    assert titles(archive, "g20峰会") == ["latin"]
    assert titles(archive, "2023") == ["latin"]
    assert titles(archive, "202") == []
    assert titles(archive, "beijing") == ["latin"]
    assert titles(archive, "Beij") == []


def test_ocr_spaces_between_characters_do_not_hide_words(archive: sqlite3.Connection) -> None:
    assert titles(archive, "新华社") == ["spaced"]


def test_filters(archive: sqlite3.Connection) -> None:
    assert sorted(titles(archive, "茶")) == ["reversed", "tea"]
    assert titles(archive, "茶", paper="日报") == ["tea"]
    assert titles(archive, "茶", date_from="2024-02-01") == ["reversed"]
    assert titles(archive, "茶", date_to="2024-02-01") == ["tea"]
    assert titles(archive, "茶", kind="brief-list") == ["reversed"]
    assert titles(archive, "社", agency="中新社") == ["spaced"]
    assert titles(archive, "茶", agency="中新社") == []


def test_titles_rank_above_bodies(tmp_path: Path) -> None:
    conn = connect(tmp_path / "rank.sqlite")
    filler = "这是一段很普通的正文内容没有别的东西"
    add_page(conn, "p", [
        make_article("body", f"{filler}港口{filler}", title="天气预报"),
        make_article("title", f"{filler}码头{filler}", title="港口新闻"),
        # BM25 needs a collection in which the term is rare to score it at all.
        *(make_article(f"other{i}", f"{filler}{i}", title=f"其他{i}") for i in range(10)),
    ])
    results = search(conn, "港口")
    names = ids_by_title(conn)
    assert [names[h.article_id] for h in results.results] == ["港口新闻", "天气预报"]
    assert results.results[0].score > results.results[1].score


def test_total_counts_all_matches_and_limit_cuts_the_list(tmp_path: Path) -> None:
    conn = connect(tmp_path / "many.sqlite")
    add_page(conn, "p", [make_article(f"a{i}", f"第{i}条消息说到港口。", title=f"t{i}") for i in range(30)])
    results = search(conn, "港口", limit=7)
    assert results.total == 30
    assert len(results.results) == 7
    assert len(search(conn, "港口", limit=7, offset=28).results) == 2


def test_common_queries_rank_recent_matches_with_title_matches_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "RANK_ALL_LIMIT", 10)
    monkeypatch.setattr(search_module, "CANDIDATES", 3)
    conn = connect(tmp_path / "common.sqlite")
    # 40 matches (ids 1..40, in order); titles 5, 20 and 38 hold the word too.
    add_page(conn, "p", [
        make_article(f"a{i}", f"第{i}条：港口的消息。", title="港口要闻" if i in (5, 20, 38) else f"标题{i}")
        for i in range(1, 41)
    ] + [make_article("x", "无关的内容", title="无关")])
    results = search(conn, "港口", limit=100)
    assert results.total == 40
    names = ids_by_title(conn)
    listed = [names[h.article_id] for h in results.results]
    # The 3 most recent title matches first, then the 10 most recent matches that are left.
    assert listed[:3] == ["港口要闻"] * 3 and len(listed) == 3 + 10
    assert sorted(h.article_id for h in results.results[:3]) == [5, 20, 38]
    assert sorted(h.article_id for h in results.results[3:]) == [30, *range(31, 38), 39, 40]
    assert search(conn, "港口", limit=5, offset=3).results == results.results[3:8]


# ---- snippets -------------------------------------------------------------------------


def test_snippet_marks_matches_in_the_real_text_and_escapes_html(archive: sqlite3.Connection) -> None:
    hit = search(archive, "标签").results[0]
    assert "<mark>标签</mark>" in hit.snippet
    assert "&lt;b&gt;不是" in hit.snippet and "<b>" not in hit.snippet
    spaced = search(archive, "新华社").results[0]
    assert "<mark>新 华 社</mark>" in spaced.snippet


def test_snippet_is_cut_around_the_first_match() -> None:
    text = "甲" * 200 + "港口" + "乙" * 200
    snippet = highlight(text, compile_query("港口").terms, width=40)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>港口</mark>" in snippet
    assert len(re.sub(r"</?mark>|…", "", snippet)) == 40


# ---- an oracle: FTS results equal plain substring search --------------------------------

ALPHABET = "上合组织聊城茶市"


@pytest.fixture(scope="module")
def random_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[sqlite3.Connection, dict[int, str]]]:
    rng = random.Random(5)
    conn = connect(tmp_path_factory.mktemp("oracle") / "oracle.sqlite")
    texts = ["".join(rng.choice(ALPHABET + "，") for _ in range(rng.randint(3, 30))) for _ in range(150)]
    add_page(conn, "p", [make_article(f"a{i}", text, title=f"t{i}") for i, text in enumerate(texts)])
    by_id = {row[0]: texts[int(row[1][1:])] for row in conn.execute("SELECT id, title FROM articles")}
    yield conn, by_id
    conn.close()


@settings(max_examples=60, deadline=None)
@given(query=st.text(alphabet=ALPHABET, min_size=1, max_size=4))
def test_search_finds_exactly_the_articles_containing_the_query(
    random_archive: tuple[sqlite3.Connection, dict[int, str]], query: str
) -> None:
    conn, texts = random_archive
    found = {hit.article_id for hit in search(conn, query, limit=1000).results}
    assert found == {aid for aid, text in texts.items() if query in text}


# ---- the command ----------------------------------------------------------------------


def test_search_command_json_and_errors(archive: sqlite3.Connection, tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite"
    runner = CliRunner()
    result = runner.invoke(app, ["search", "茶", "--db", str(db), "--json", "--paper", "日报"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"query", "total", "results"}
    assert data["total"] == 1
    assert set(data["results"][0]) == {"article_id", "title", "snippet", "paper", "date", "page", "score"}
    assert data["results"][0]["paper"] == "日报" and data["results"][0]["date"] == "2024-01-02"

    text = runner.invoke(app, ["search", "聊城", "--db", str(db)])
    assert text.exit_code == 0 and "city" in text.stdout and "聊城" in text.stdout

    for args in (
        ["search", "--db", str(db), "--", "-茶"],
        ["search", "茶", "--db", str(db), "--from", "2024-02-30"],
        ["search", "茶", "--db", str(tmp_path / "missing.sqlite")],
    ):
        bad = runner.invoke(app, args)
        assert bad.exit_code == 2, bad.output
        assert bad.output.startswith("error: ") and bad.output.count("\n") == 1


# ---- hostile queries (issue 13: 1, 2) -------------------------------------------------


@pytest.mark.parametrize("query", ["NOT", "AND OR NOT", "NOT NOT", "( NOT )", "OR", "AND"])
def test_dangling_operators_alone_have_nothing_to_find(query: str) -> None:
    with pytest.raises(QueryError, match="no words to search for"):
        compile_query(query)


@pytest.mark.parametrize("query", ["正文 NOT", "正文 AND NOT", "NOT 咖啡 正文 NOT", "正文 OR", "(正文 NOT)"])
def test_a_dangling_operator_is_dropped(query: str) -> None:
    expected = compile_query("正文 -咖啡" if "咖啡" in query else "正文").fts
    assert compile_query(query).fts == expected


def test_repeated_not_keeps_its_parity() -> None:
    assert compile_query("NOT NOT 茶").fts == compile_query("茶").fts
    assert compile_query("茶 NOT NOT NOT 咖啡").fts == compile_query("茶 -咖啡").fts
    assert compile_query("茶 " + "NOT " * 200 + "咖啡").fts == compile_query("茶 咖啡").fts


def test_deep_nesting_and_long_queries_are_refused_clearly() -> None:
    with pytest.raises(QueryError, match="nested more than 16 deep"):
        compile_query("(" * 250 + "茶" + ")" * 250)
    assert compile_query("(" * 16 + "茶" + ")" * 16).fts == compile_query("茶").fts
    with pytest.raises(QueryError, match="12,001 characters long; at most 1,000"):
        compile_query("NOT " * 3000 + "茶")
    with pytest.raises(QueryError, match="more than 64 terms"):
        compile_query(" OR ".join(f"词{i}" for i in range(65)))


QUERY_PARTS = ["(", ")", "NOT", "AND", "OR", "-", '"', "茶", "正文", "a1", "，", " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(QUERY_PARTS), max_size=40))
def test_any_query_compiles_or_is_a_query_error(parts: list[str]) -> None:
    query = " ".join(parts)
    try:
        compiled = compile_query(query)
    except QueryError:
        return
    assert compiled.fts and compiled.fts.count("(") == compiled.fts.count(")")


def test_dangling_not_through_the_command(archive: sqlite3.Connection, tmp_path: Path) -> None:
    runner = CliRunner()
    for query in ("NOT", "AND OR NOT"):
        result = runner.invoke(app, ["search", query, "--db", str(tmp_path / "search.sqlite")])
        assert result.exit_code == 2 and result.output == "error: the query has no words to search for\n"
    ok = runner.invoke(app, ["search", "茶叶 AND NOT", "--db", str(tmp_path / "search.sqlite"), "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["total"] == 1


def test_a_query_starting_with_minus_goes_after_double_dash(archive: sqlite3.Connection, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "search.sqlite")
    result = runner.invoke(app, ["search", "--db", db, "--json", "--", "-咖啡 茶"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 1  # 茶叶蛋, not the article with 咖啡
    bad = runner.invoke(app, ["search", "-咖啡 茶", "--db", db])
    assert bad.exit_code == 2
    assert bad.output.count("\n") == 1 and "goes after `--`" in bad.output


# ---- the highlighter is linear (issue 13: 7) ------------------------------------------


def test_highlighting_a_long_term_in_a_long_run_does_bounded_work() -> None:
    """A regex with optional spaces between characters backtracks here into quadratic time."""
    text = "的" * 200_000
    miss = segments("的" * 999 + "了")
    scan = search_module.find_matches(text, [miss])
    assert scan.spans == [] and scan.probes == 1  # one linear scan, no retry per position
    hit = segments("的" * 1000)
    scan = search_module.find_matches(text, [hit])
    assert len(scan.spans) == 200 and scan.probes == 201  # one probe per match, then the end
    assert scan.spans[:2] == [(0, 1000), (1000, 2000)]
    snippet = highlight(text, [hit], width=40)
    assert snippet == "<mark>" + "的" * 40 + "</mark>…"


def _reference_spans(text: str, segs: list) -> list[tuple[int, int]]:  # type: ignore[type-arg]
    # The former regex: spaces inside a segment, spaces and punctuation between segments.
    parts = [r"\s*".join(re.escape(ch) for ch in seg.text) for seg in segs]
    return [m.span() for m in re.finditer(r"[\W_]*".join(parts), text, re.IGNORECASE) if m.end() > m.start()]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="上合组织ab1 ，_", max_size=40), term=st.text(alphabet="上合组织ab1，", min_size=1, max_size=6))
def test_matches_are_those_of_the_former_regex(text: str, term: str) -> None:
    segs = segments(term)
    if not segs:
        return
    assert search_module.find_matches(text, [segs]).spans == _reference_spans(text, segs)
