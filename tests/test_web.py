"""The web reader and its JSON API, through FastAPI's TestClient."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from banmian.archive.db import connect, prepare_page, store_file
from banmian.archive.ingest import ingest_paths
from banmian.errors import InputError
from banmian.model import Article, Block, Byline, Dateline, Page
from banmian.web import create_app
from conftest import SAMPLE_RAW

FRONT_TEXT = """\
头版
为了明天的城市
港口扩建工程全面开工
新华社记者 张三 李四
新华社天津5月1日电 港口扩建工程今天全面开工，
预计三年完成。
工程分两期进行。
（下转第2版）
"""

INSIDE_TEXT = """\
（上接第1版）
港口扩建工程全面开工
扩建后的港口吞吐能力将翻一番。
另一篇文章
图书馆今天开放夜间阅览。
"""


def front_page() -> Page:
    jump = Article(
        id="a1",
        kicker="为了明天的城市",
        title="港口扩建工程全面开工",
        subtitle=None,
        title_lines=(3, 3),
        lines=[(2, 8)],
        byline=Byline(agency="新华社", reporters=["张三", "李四"], lines=[(4, 4)]),
        dateline=Dateline(raw="新华社天津5月1日电", agency="新华社", place="天津", date="5月1日", lines=(5, 5)),
        continued_to=2,
        blocks=[
            Block("paragraph", "新华社天津5月1日电 港口扩建工程今天全面开工，预计三年完成。", (5, 6)),
            Block("paragraph", "工程分两期进行。", (7, 7)),
        ],
    )
    return Page(articles=[jump], line_count=FRONT_TEXT.count("\n") + 1)


def inside_page() -> Page:
    rest = Article(
        id="a1", title="港口扩建工程全面开工", title_lines=(2, 2), lines=[(1, 3)], continued_from=1,
        blocks=[Block("paragraph", "扩建后的港口吞吐能力将翻一番。", (3, 3))],
    )
    other = Article(
        id="a2", title="另一篇文章", kind="brief-list", title_lines=(4, 4), lines=[(4, 5)],
        blocks=[Block("paragraph", "图书馆今天开放夜间阅览。", (5, 5))],
    )
    return Page(articles=[rest, other], line_count=INSIDE_TEXT.count("\n") + 1)


def build_archive(db: Path) -> dict[str, int]:
    """An archive with a continued article over two pages, plus the sample page; returns ids."""
    conn = connect(db)
    for name, page, text, number in (("front", front_page(), FRONT_TEXT, 1), ("inside", inside_page(), INSIDE_TEXT, 2)):
        prepared = prepare_page(page, text, page_index=None, page_no=number)
        store_file(conn, name, name, [prepared], paper="某日报", date="2024-05-01")
    conn.close()
    ingest_paths([SAMPLE_RAW], db, paper="另一报", date="2024-07-03")
    conn = connect(db)
    mine = "WHERE paper = '某日报'"
    ids = {f"{r[0]}:{r[1]}": r[2] for r in conn.execute(f"SELECT page_no, local_id, id FROM articles {mine}")}
    ids |= {f"page{r[0]}": r[1] for r in conn.execute(f"SELECT page_no, id FROM pages {mine}")}
    ids["sample"] = conn.execute("SELECT id FROM pages WHERE paper = '另一报'").fetchone()[0]
    conn.close()
    return ids


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, int]]]:
    db = tmp_path_factory.mktemp("web") / "web.sqlite"
    ids = build_archive(db)
    with TestClient(create_app(db), base_url="http://localhost") as client:
        yield client, ids


# ---- JSON API ---------------------------------------------------------------------------


def test_api_search_shape_ranking_and_filters(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    data = client.get("/api/search", params={"q": "港口"}).json()
    assert set(data) == {"query", "total", "results"}
    assert data["query"] == "港口" and data["total"] == 2
    first = data["results"][0]
    assert set(first) == {"article_id", "title", "snippet", "paper", "date", "page", "score"}
    assert {r["article_id"] for r in data["results"]} == {ids["1:a1"], ids["2:a1"]}
    assert all("<mark>港口</mark>" in r["snippet"] for r in data["results"])
    assert (first["paper"], first["date"]) == ("某日报", "2024-05-01")

    only_two = client.get("/api/search", params={"q": "港口", "to": "2024-05-01", "kind": "article", "limit": 1})
    assert only_two.json()["total"] == 2 and len(only_two.json()["results"]) == 1
    assert client.get("/api/search", params={"q": "港口", "paper": "另一报"}).json()["total"] == 0
    assert client.get("/api/search", params={"q": "新华社", "agency": "新华社"}).json()["total"] >= 1
    assert client.get("/api/search", params={"q": "阅览", "kind": "brief-list"}).json()["total"] == 1


@pytest.mark.parametrize(
    ("params", "status"),
    [({"q": "-港口"}, 400), ({"q": "港口", "from": "2024-13-01"}, 400), ({"q": "港口", "limit": 0}, 422), ({}, 422)],
)
def test_api_search_rejects_bad_requests(
    site: tuple[TestClient, dict[str, int]], params: dict[str, object], status: int
) -> None:
    client, _ = site
    response = client.get("/api/search", params=params)
    assert response.status_code == status
    assert "detail" in response.json()


def test_api_article_has_blocks_and_jump_links(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    front = client.get(f"/api/articles/{ids['1:a1']}").json()
    assert front["jump_to"] == ids["2:a1"] and front["jump_from"] is None
    assert front["article"]["kicker"] == "为了明天的城市"
    assert front["article"]["blocks"][0]["lines"] == [5, 6]
    inside = client.get(f"/api/articles/{ids['2:a1']}").json()
    assert inside["jump_from"] == ids["1:a1"] and inside["jump_to"] is None
    other = client.get(f"/api/articles/{ids['2:a2']}").json()
    assert other["jump_from"] is None and other["jump_to"] is None
    assert client.get("/api/articles/999999").status_code == 404


def test_api_page_returns_source_text_and_result(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    page = client.get(f"/api/pages/{ids['page1']}").json()
    assert page["text"] == FRONT_TEXT
    assert page["article_ids"] == [ids["1:a1"]]
    assert Page.from_dict(page["result"]).articles[0].title == "港口扩建工程全面开工"
    assert client.get("/api/pages/999999").status_code == 404


def test_openapi_document_and_no_cdn_docs(site: tuple[TestClient, dict[str, int]]) -> None:
    client, _ = site
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/articles/{article_id}", "/api/pages/{page_id}"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 404  # its page would load scripts from a CDN
    assert client.get("/redoc").status_code == 404


# ---- HTML pages -------------------------------------------------------------------------


def external_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)\s*=\s*["']((?:https?:)?//[^"']*)""", html)


def test_search_page_lists_results_with_snippets_and_filters(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    empty = client.get("/")
    assert empty.status_code == 200 and 'name="q"' in empty.text
    page = client.get("/", params={"q": "港口", "paper": "某日报"})
    assert page.status_code == 200
    assert f'href="/articles/{ids["1:a1"]}"' in page.text
    assert "<mark>港口</mark>" in page.text
    assert "<option selected>某日报</option>" in page.text and "<option>另一报</option>" in page.text
    bad = client.get("/", params={"q": "NOT 港口"})
    assert bad.status_code == 400 and 'role="alert"' in bad.text


def test_article_page_shows_heading_byline_dateline_and_jumps(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    html = client.get(f"/articles/{ids['1:a1']}").text
    for part in ("为了明天的城市", "港口扩建工程全面开工", "张三 李四", "新华社天津5月1日电", "工程分两期进行。"):
        assert part in html
    # The jump opens the continuation on its page; the continuation is also read here, whole.
    assert f'<a href="/pages/{ids["page2"]}?article={ids["2:a1"]}">（下转第2版）</a>' in html
    assert f'href="/pages/{ids["page1"]}?article={ids["1:a1"]}"' in html
    whole = html[html.index('class="continuation"'):]
    assert "扩建后的港口吞吐能力将翻一番。" in whole and "图书馆" not in whole
    back = client.get(f"/articles/{ids['2:a1']}").text
    assert f'<a href="/pages/{ids["page1"]}?article={ids["1:a1"]}">（上接第1版）</a>' in back
    assert client.get("/articles/999999").status_code == 404


def test_page_view_numbers_source_lines_and_ties_blocks_to_them(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    html = client.get(f"/pages/{ids['page1']}").text
    numbered = re.findall(r'<li class="src-line" id="L(\d+)" value="\d+">([^<]*)</li>', html)
    assert [int(n) for n, _ in numbered] == list(range(1, FRONT_TEXT.count("\n") + 2))
    assert [text for _, text in numbered][:3] == ["头版", "为了明天的城市", "港口扩建工程全面开工"]
    assert 'data-spans="5-6"' in html and 'data-spans="7-7"' in html and 'data-spans="2-8"' in html
    assert '<script src="/static/page.js">' in html


def test_no_page_loads_anything_from_outside(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    for url in ("/", "/?q=港口", f"/articles/{ids['1:a1']}", f"/pages/{ids['page1']}", f"/pages/{ids['page2']}", f"/pages/{ids['sample']}"):
        response = client.get(url)
        assert response.status_code == 200
        assert external_urls(response.text) == [], url
    for asset in ("/static/style.css", "/static/page.js"):
        response = client.get(asset)
        assert response.status_code == 200 and "http" not in response.text


def test_app_needs_an_existing_archive(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        create_app(tmp_path / "missing.sqlite")
    (tmp_path / "junk.sqlite").write_text("not a database", encoding="utf-8")
    with pytest.raises(InputError, match="not a banmian archive"):
        create_app(tmp_path / "junk.sqlite")


def test_serve_command_rejects_a_missing_archive(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from banmian.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.sqlite")])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and result.output.count("\n") == 1


# ---- hostile requests (issue 13: 3, 9) ------------------------------------------------------


@pytest.mark.parametrize("number", ["9223372036854775808", "99999999999999999999999", "0", "-1"])
def test_ids_out_of_range_are_not_found(site: tuple[TestClient, dict[str, int]], number: str) -> None:
    client, _ = site
    for prefix in ("/articles/", "/pages/", "/api/articles/", "/api/pages/"):
        assert client.get(prefix + number).status_code == 404, prefix


def test_dangling_not_is_a_bad_request_not_a_crash(site: tuple[TestClient, dict[str, int]]) -> None:
    client, _ = site
    for query in ("NOT", "AND OR NOT", "(" * 250 + "港口" + ")" * 250, "NOT " * 3000 + "港口"):
        assert client.get("/api/search", params={"q": query}).status_code == 400
        page = client.get("/", params={"q": query})
        assert page.status_code == 400 and 'class="error"' in page.text
    assert client.get("/api/search", params={"q": "港口 AND NOT"}).json()["total"] == 2


def test_every_response_carries_the_security_headers(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    for url in ("/", "/?q=港口", f"/articles/{ids['1:a1']}", f"/pages/{ids['page1']}", "/api/search?q=港口",
                "/static/style.css", "/articles/999999"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, url
        assert headers["x-content-type-options"] == "nosniff", url
        assert headers["referrer-policy"] == "no-referrer", url


def test_other_host_names_are_refused(site: tuple[TestClient, dict[str, int]], tmp_path: Path) -> None:
    client, _ = site
    for host in ("evil.example", "attacker.test:8000", "127.0.0.2"):
        refused = client.get("/api/search", params={"q": "港口"}, headers={"host": host})
        assert refused.status_code == 400, host
        assert "港口" not in refused.text
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST"):
        assert client.get("/", headers={"host": host}).status_code == 200, host
    db = tmp_path / "a.sqlite"
    build_archive(db)
    with TestClient(create_app(db, allowed_hosts=["archive.lan"]), base_url="http://archive.lan") as lan:
        assert lan.get("/").status_code == 200
        assert lan.get("/", headers={"host": "localhost"}).status_code == 400


def test_head_is_answered_like_get_without_a_body(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    for url in ("/", f"/articles/{ids['1:a1']}", f"/pages/{ids['page1']}", "/api/search?q=港口", "/static/page.js"):
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code == 200, url
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
    assert client.head("/articles/999999").status_code == 404


def test_no_server_path_is_shown(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    sample_dir = str(SAMPLE_RAW.parent)
    for url in (f"/pages/{ids['sample']}", f"/api/pages/{ids['sample']}"):
        text = client.get(url).text
        assert sample_dir not in text and sample_dir.replace("/", "\\/") not in text, url
        assert SAMPLE_RAW.name in text, url
    api = client.get(f"/api/pages/{ids['sample']}").json()
    assert api["path"] == SAMPLE_RAW.name and api["result"]["source"]["path"] == SAMPLE_RAW.name


def test_cached_search_results_follow_the_archive(tmp_path: Path) -> None:
    """Results are cached, and the cache is emptied when another process writes the archive."""
    db = tmp_path / "a.sqlite"
    build_archive(db)
    with TestClient(create_app(db), base_url="http://localhost") as client:
        assert client.get("/api/search", params={"q": "灯塔"}).json()["total"] == 0
        assert client.get("/api/search", params={"q": "灯塔"}).json()["total"] == 0  # from the cache
        page = tmp_path / "in" / "p9.txt"
        page.parent.mkdir()
        page.write_text("灯塔重新点亮\n\n本报讯 海边的灯塔今晚重新点亮。\n", encoding="utf-8")
        ingest_paths([page], db)  # another connection writes
        assert client.get("/api/search", params={"q": "灯塔"}).json()["total"] == 1
        assert client.get("/", params={"q": "灯塔"}).text.count('class="result"') == 1


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "zh"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9,zh;q=0.8", "en"),
        ("en", "en"),
        ("fr-FR,fr;q=0.9", "zh"),
        ("fr;q=0.9,en;q=0.5,zh;q=0.4", "en"),
        ("zh-TW;q=0.5,en;q=0.5", "zh"),
        ("en;q=0", "zh"),
    ],
)
def test_interface_language_follows_accept_language(header: str | None, language: str) -> None:
    from banmian.web.i18n import choose_language

    assert choose_language(header) == language


def test_labels_are_chinese_unless_the_browser_prefers_english(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    zh = client.get(f"/pages/{ids['page1']}")
    assert "版面目录" in zh.text and "上一版" not in zh.text and "下一版" in zh.text
    assert zh.headers["vary"] == "Accept-Language"
    en = client.get(f"/pages/{ids['page1']}", headers={"accept-language": "en-GB,en;q=0.9"})
    assert "Pages of this issue" in en.text and "Next page" in en.text and "版面目录" not in en.text


def test_browse_paper_issue_and_pages_in_order(site: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = site
    home = client.get("/").text
    assert 'href="/browse?paper=%E6%9F%90%E6%97%A5%E6%8A%A5"' in home  # 某日报
    issues = client.get("/browse", params={"paper": "某日报"}).text
    assert "2024-05-01" in issues
    pages = client.get("/browse", params={"paper": "某日报", "date": "2024-05-01"}).text
    first, second = pages.index(f'href="/pages/{ids["page1"]}"'), pages.index(f'href="/pages/{ids["page2"]}"')
    assert first < second and "第1版" in pages and "港口扩建工程全面开工" in pages
    assert client.get("/browse", params={"paper": "无此报"}).status_code == 404
    page2 = client.get(f"/pages/{ids['page2']}").text
    assert f'id="prev-page" rel="prev" href="/pages/{ids["page1"]}"' in page2 and 'id="next-page"' not in page2
