"""End to end in a real headless Chromium: browse an issue, read the page facsimile, follow jumps, search.

Screenshots of every step are saved under the test's output directory (tmp_path) for a
person to look at; the assertions check what a reader relies on.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from banmian.web import create_app
from test_web import FRONT_TEXT, build_archive

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (.ci/run installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(db: Path) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@dataclass
class Issue:
    base: str
    pages: list[int]  # page ids in page order
    jump_from: int  # an article of page 1 continued on page 2 ...
    jump_to: int  # ... and its continuation there


def build_pdf_issue(folder: Path) -> tuple[Path, int, int]:
    """A generated three-page PDF issue in which a story on page 1 continues on page 2.

    Generated pages draw their jumps at random: seeds are tried until the archive links
    a 下转第2版 on page 1 to its 上接第1版 on page 2 (a few tries at most).
    """
    from banmian.archive.db import connect
    from banmian.archive.ingest import ingest_paths
    from banmian.archive.read import get_article
    from banmian.synth import load_clean_articles
    from banmian.synth.pdf import merge_pdfs, render_page

    pool = load_clean_articles()
    for seed in range(1, 60):
        first, used = render_page(pool, seed=seed, page_number=1)
        if not any(s.continued_to == 2 for s in first.stories):
            continue
        rest = pool[used:] + pool[:used]
        for second_seed in range(seed * 100, seed * 100 + 30):
            second, used2 = render_page(rest, seed=second_seed, page_number=2)
            if sum(s.continued_from == 1 for s in second.stories) == 1:
                break
        else:
            continue
        third, _ = render_page(rest[used2:] + rest[:used2], seed=second_seed + 1, page_number=3)
        pdf = folder / "in" / f"seed{seed}" / "2024-05-01" / "issue.pdf"
        pdf.parent.mkdir(parents=True)
        pdf.write_bytes(merge_pdfs([first, second, third]))
        db = folder / f"issue{seed}.sqlite"
        report = ingest_paths([pdf], db, paper="样报", jobs=1)
        assert report.pages_new == 3 and not report.failures, report
        conn = connect(db)
        try:
            for (article_id,) in conn.execute("SELECT id FROM articles WHERE continued_to = 2 ORDER BY id"):
                stored = get_article(conn, article_id)
                if stored is not None and stored.jump_to is not None:
                    return db, article_id, stored.jump_to
        finally:
            conn.close()
    pytest.fail("no generated issue with a linked jump in 60 seeds")


@pytest.fixture(scope="module")
def issue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Issue]:
    db, jump_from, jump_to = build_pdf_issue(tmp_path_factory.mktemp("issue"))
    conn = sqlite3.connect(db)
    pages = [r[0] for r in conn.execute("SELECT id FROM pages ORDER BY page_no")]
    conn.close()
    for base in serve(db):
        yield Issue(base, pages, jump_from, jump_to)


@pytest.fixture(scope="module")
def text_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    db = tmp_path_factory.mktemp("e2e") / "e2e.sqlite"
    ids = build_archive(db)
    for base in serve(db):
        yield base, ids


class Browser:
    """A Chromium page that records console errors and any request leaving the server."""

    def __init__(self, pw: Any, base: str, locale: str = "zh-CN") -> None:
        self.browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        self.context = self.browser.new_context(
            locale=locale, viewport={"width": 1400, "height": 1000}, extra_http_headers={"Accept-Language": locale}
        )
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.route(
            "**/*",
            lambda route: route.continue_()
            if route.request.url.startswith(base)
            else (self.outside.append(route.request.url), route.abort())[-1],
        )

    def close(self) -> None:
        self.browser.close()


def selected_zones(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(".zone.selected", "els => els.map(e => e.dataset.article)"))


def visible_panels(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(".reader-article:not([hidden])", "els => els.map(e => e.dataset.article)"))


def test_browse_an_issue_read_the_page_and_follow_a_jump(issue: Issue, tmp_path: Path) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_api.sync_playwright() as pw:
        browser = Browser(pw, issue.base)
        page = browser.page
        try:
            # Paper -> date -> the issue's pages in order.
            page.goto(issue.base + "/")
            page.click(".paper-link >> text=样报")
            page.click(".issue-link >> text=2024-05-01")
            page.wait_for_selector(".issue-pages")
            assert page.inner_text("h1").endswith("版面目录")
            names = page.eval_on_selector_all(".page-name", "els => els.map(e => e.textContent)")
            assert names == ["第1版", "第2版", "第3版"]
            page.screenshot(path=shots / "1-issue-pages.png", full_page=True)

            # The page as printed, with its articles as zones.
            page.click(".issue-page-link >> text=第1版")
            page.wait_for_selector(".facsimile svg image")
            image = page.request.get(issue.base + f"/pages/{issue.pages[0]}/image")
            assert image.headers["content-type"] in ("image/webp", "image/png") and len(image.body()) > 20_000
            assert page.locator(".zone").count() >= 3
            assert page.is_visible(".hint") and visible_panels(page) == []
            page.screenshot(path=shots / "2-page-1.png")

            # Choosing a zone opens its article beside the page and highlights its blocks.
            zone = page.locator(f'.zone[data-article="{issue.jump_from}"]')
            zone.locator("rect.area").first.click()
            assert selected_zones(page) == [str(issue.jump_from)]
            assert visible_panels(page) == [str(issue.jump_from)]
            assert page.url.endswith(f"?article={issue.jump_from}")
            title = page.inner_text(f"#article-{issue.jump_from} .title")
            assert title and title in zone.get_attribute("aria-label")
            # A paragraph of the article and its box on the page light up together.
            page.hover(f"#article-{issue.jump_from} p.block >> nth=0")
            assert page.locator(f'.zone[data-article="{issue.jump_from}"] rect.block-box.lit').count() >= 1
            page.screenshot(path=shots / "3-zone-chosen.png")

            # The jump (下转第2版) opens the continuation on its page.
            page.click(f"#article-{issue.jump_from} .jump-to a")
            page.wait_for_url(f"**/pages/{issue.pages[1]}?article={issue.jump_to}")
            assert selected_zones(page) == [str(issue.jump_to)]
            assert visible_panels(page) == [str(issue.jump_to)]
            assert page.inner_text(f"#article-{issue.jump_to} .jump-from").startswith("（上接第1版）")
            page.screenshot(path=shots / "4-continuation-on-page-2.png")

            # Previous / next page.
            page.click("#prev-page")
            page.wait_for_url(f"**/pages/{issue.pages[0]}")
            page.click("#next-page")
            page.wait_for_url(f"**/pages/{issue.pages[1]}")

            # The article view: its crop of the page, and the continuation, read whole.
            page.goto(issue.base + f"/articles/{issue.jump_from}")
            assert page.locator(".article > .crop svg image").count() == 1
            assert page.locator(f"#part-{issue.jump_to}").count() == 1
            assert page.locator(f"#part-{issue.jump_to} .crop").count() == 1
            page.screenshot(path=shots / "5-article-whole.png", full_page=True)
        finally:
            browser.close()
        assert browser.outside == [] and browser.errors == [], (browser.outside, browser.errors)

        english = Browser(pw, issue.base, locale="en-US")
        try:
            english.page.goto(issue.base + f"/pages/{issue.pages[0]}")
            assert english.page.inner_text("#issue-link") == "Pages of this issue"
            assert english.page.inner_text(".page-head").startswith("样报 2024-05-01 Page 1")
            english.page.screenshot(path=shots / "6-page-1-english.png")
        finally:
            english.close()
    assert len(list(shots.glob("*.png"))) == 6


def test_search_open_article_and_highlight_source(text_site: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    base, ids = text_site
    with sync_api.sync_playwright() as pw:
        browser = Browser(pw, base)
        page = browser.page
        try:
            page.goto(base + "/")
            page.fill("#q", "港口")
            page.press("#q", "Enter")
            page.wait_for_selector(".result")
            assert page.get_attribute("#result-count", "data-total") == "2"
            assert page.locator(".snippet mark").first.inner_text() == "港口"
            page.screenshot(path=tmp_path / "search.png")

            page.click(f'.result-title[href="/articles/{ids["1:a1"]}"]')
            page.wait_for_selector("h1.title")
            assert page.inner_text("h1.title") == "港口扩建工程全面开工"
            assert page.inner_text(".kicker") == "为了明天的城市"
            # The continuation is read on the same screen.
            assert "扩建后的港口吞吐能力将翻一番。" in page.inner_text(".continuation")

            # The jump opens the continuation on its page (a text page: its source lines).
            page.click("text=（下转第2版）")
            page.wait_for_url(f"**/pages/{ids['page2']}?article={ids['2:a1']}")
            assert page.eval_on_selector_all(".src-line.hl", "els => els.map(e => e.id)") == ["L1", "L2", "L3"]

            # The page view opens with the article's lines highlighted.
            page.goto(base + f"/articles/{ids['1:a1']}")
            page.click("#page-link")
            page.wait_for_selector(".source-lines")
            highlighted = page.eval_on_selector_all(".src-line.hl", "els => els.map(e => e.id)")
            assert highlighted == [f"L{n}" for n in range(2, 9)]

            # Choosing one block highlights exactly its source lines.
            page.click('.rebuilt-block[data-spans="7-7"]')
            assert page.eval_on_selector_all(".src-line.hl", "els => els.map(e => e.id)") == ["L7"]
            assert page.inner_text("#L7") == FRONT_TEXT.splitlines()[6]
            page.click('.rebuilt-block[data-spans="5-6"]')
            assert page.eval_on_selector_all(".src-line.hl", "els => els.map(e => e.id)") == ["L5", "L6"]
            assert page.locator(".rebuilt-block.selected").count() == 1
            page.screenshot(path=tmp_path / "text-page.png")
        finally:
            browser.close()
    assert browser.outside == [] and browser.errors == [], (browser.outside, browser.errors)
