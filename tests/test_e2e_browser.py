"""End to end in a real headless Chromium: search, open an article, see its source lines highlighted."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from banmian.web import create_app
from test_web import FRONT_TEXT, build_archive

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (.ci/run installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    db = tmp_path_factory.mktemp("e2e") / "e2e.sqlite"
    ids = build_archive(db)
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
    yield f"http://127.0.0.1:{port}", ids
    uv.should_exit = True
    thread.join(timeout=10)


def test_search_open_article_and_highlight_source(server: tuple[str, dict[str, int]]) -> None:
    base, ids = server
    outside: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            # Anything fetched from outside this server would be a bug: note it and block it.
            page.route(
                "**/*",
                lambda route: route.continue_()
                if route.request.url.startswith(base)
                else (outside.append(route.request.url), route.abort())[-1],
            )
            page.goto(base + "/")
            page.fill("#q", "港口")
            page.press("#q", "Enter")
            page.wait_for_selector(".result")
            assert "2 articles" in page.inner_text("#result-count")
            assert page.locator(".snippet mark").first.inner_text() == "港口"

            page.click(f'.result-title[href="/articles/{ids["1:a1"]}"]')
            page.wait_for_selector("h1.title")
            assert page.inner_text("h1.title") == "港口扩建工程全面开工"
            assert page.inner_text(".kicker") == "为了明天的城市"

            # Follow the jump link to the continuation, and back.
            page.click("text=（下转第2版）")
            page.wait_for_selector(".jump-from a")
            assert page.url.endswith(f"/articles/{ids['2:a1']}")
            page.click(".jump-from a")
            page.wait_for_url(f"**/articles/{ids['1:a1']}")

            # The page view opens with the article's lines highlighted.
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
        finally:
            browser.close()
    assert outside == []
