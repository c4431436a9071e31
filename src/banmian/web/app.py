"""FastAPI app: HTML pages (search, article, page view) and a JSON API over one archive.

Everything the browser loads comes from this app (no CDN): FastAPI's /docs and
/redoc pages would pull their scripts from a CDN, so they are off; the
OpenAPI document stays at /openapi.json.

The archive is opened read-only. Every response carries a Content-Security-Policy
(only this origin; no framing), X-Content-Type-Options, Referrer-Policy; a request
whose Host header is not an allowed name is refused (a page of another site that
rebinds its DNS name to 127.0.0.1 must not read a local archive); HEAD is answered
as GET without the body. Paths of source files on the server are never shown: only
file names.
"""

import queue
import sqlite3
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from pathlib import Path, PurePath
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from banmian import __version__
from banmian.archive.db import connect
from banmian.archive.fulltext import SearchFilters, SearchResults, search
from banmian.archive.ingest import parse_iso_date
from banmian.archive.read import StoredArticle, StoredPage, facet_values, get_article, get_page
from banmian.errors import BanmianError, InputError

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 20
# Host names a local reader answers to by default (`banmian serve --allow-host` adds more).
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
# SQLite's integer ids are signed 64-bit: a larger number names nothing.
MAX_ID = 2**63 - 1
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
     b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _host_name(value: str) -> str:
    """The name in a Host header, without its port (`[::1]:8000` -> `::1`)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class GuardMiddleware:
    """Host allow-list, HEAD as GET without a body, and security headers on every response."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.any_host = "*" in allowed_hosts
        self.allowed = {_host_name(h) for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        if not self.any_host and _host_name(host) not in self.allowed:
            body = b"unknown host: this reader answers to " + ", ".join(sorted(self.allowed)).encode() + b"\n"
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
            await send({"type": "http.response.body", "body": body})
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, guarded_send)


def _file_name(path: str | None) -> str | None:
    """A source path as shown to readers: its file name, never where it lies on the server."""
    return PurePath(path).name if path else path


class SearchHitModel(BaseModel):
    article_id: int
    title: str | None
    snippet: str  # HTML-escaped text, matches inside <mark>...</mark>
    paper: str | None
    date: str | None
    page: int | None
    score: float


class SearchResponse(BaseModel):
    query: str
    total: int
    results: list[SearchHitModel]


class ArticleResponse(BaseModel):
    id: int
    page_id: int
    paper: str | None
    date: str | None
    page: int | None
    jump_from: int | None  # archive id of the part this one continues
    jump_to: int | None  # archive id of the part that continues this one
    article: dict[str, Any]  # the article as in the page JSON (banmian/page@1)


class PageResponse(BaseModel):
    id: int
    path: str | None
    sha256: str
    paper: str | None
    date: str | None
    page: int | None
    line_count: int
    text: str  # the raw page text the line numbers refer to
    article_ids: list[int]
    result: dict[str, Any]  # the parsed page (banmian/page@1)


def _filters(
    paper: str | None, date_from: str | None, date_to: str | None, kind: str | None, agency: str | None
) -> SearchFilters:
    return SearchFilters(
        paper=paper or None,
        date_from=parse_iso_date(date_from) if date_from else None,
        date_to=parse_iso_date(date_to) if date_to else None,
        kind=kind or None,
        agency=agency or None,
    )


def create_app(db_path: str | Path, *, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The web reader for the archive at `db_path` (which must exist), opened read-only.

    `allowed_hosts`: the names the app answers to in the Host header (default: the
    local names, LOCAL_HOSTS); "*" allows any.
    """
    db_file = Path(db_path)
    if not db_file.exists():
        raise InputError(f"{db_file}: no such archive (create it with `banmian ingest`)")
    # Fail now, not on the first request, if it is not an archive; the connection is
    # the first of the pool.
    idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
    idle.put(connect(db_file, readonly=True))

    app = FastAPI(title="banmian archive", version=__version__, docs_url=None, redoc_url=None)
    app.add_middleware(GuardMiddleware, allowed_hosts=list(allowed_hosts or LOCAL_HOSTS))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["file_name"] = _file_name

    def db() -> Iterator[sqlite3.Connection]:
        # Connections are reused (opening one checks the archive); each serves one
        # request at a time, handed from the dependency to the endpoint and back.
        try:
            conn = idle.get_nowait()
        except queue.Empty:
            conn = connect(db_file, readonly=True)
        try:
            yield conn
        finally:
            idle.put(conn)

    Conn = Annotated[sqlite3.Connection, Depends(db)]

    def run_search(conn: sqlite3.Connection, q: str, filters: SearchFilters, limit: int, offset: int) -> SearchResults:
        try:
            return search(conn, q, filters=filters, limit=limit, offset=offset)
        except BanmianError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None

    def load_article(conn: sqlite3.Connection, article_id: int) -> StoredArticle:
        stored = get_article(conn, article_id) if 0 < article_id <= MAX_ID else None
        if stored is None:
            raise HTTPException(status_code=404, detail=f"no article {article_id}")
        return stored

    def load_page(conn: sqlite3.Connection, page_id: int) -> StoredPage:
        page = get_page(conn, page_id) if 0 < page_id <= MAX_ID else None
        if page is None:
            raise HTTPException(status_code=404, detail=f"no page {page_id}")
        return page

    # ---- JSON API -------------------------------------------------------------------

    @app.get("/api/search", response_model=SearchResponse, tags=["api"])
    def api_search(
        conn: Conn,
        q: Annotated[str, Query(description='Words, "phrases", AND / OR / NOT, -word, (groups)')],
        paper: str | None = None,
        date_from: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")] = None,
        date_to: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")] = None,
        kind: str | None = None,
        agency: str | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = PAGE_SIZE,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Full-text search, best first (BM25, titles weighted above bodies)."""
        try:
            filters = _filters(paper, date_from, date_to, kind, agency)
        except BanmianError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None
        return run_search(conn, q, filters, limit, offset).to_dict()

    @app.get("/api/articles/{article_id}", response_model=ArticleResponse, tags=["api"])
    def api_article(conn: Conn, article_id: int) -> dict[str, Any]:
        """One article with its blocks (source line ranges) and its continuation links."""
        return load_article(conn, article_id).to_dict()

    @app.get("/api/pages/{page_id}", response_model=PageResponse, tags=["api"])
    def api_page(conn: Conn, page_id: int) -> dict[str, Any]:
        """One page: its raw text and the articles rebuilt from it (source paths as file names)."""
        page = load_page(conn, page_id)
        shown = page.to_dict()
        shown["path"] = _file_name(page.path)
        if isinstance(shown["result"].get("source"), dict):
            shown["result"] = {**shown["result"], "source": {**shown["result"]["source"],
                               "path": _file_name(shown["result"]["source"].get("path"))}}
        return shown

    # ---- HTML pages -----------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        conn: Conn,
        q: str = "",
        paper: str = "",
        date_from: Annotated[str, Query(alias="from")] = "",
        date_to: Annotated[str, Query(alias="to")] = "",
        kind: str = "",
        agency: str = "",
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> HTMLResponse:
        results: SearchResults | None = None
        error: str | None = None
        if q.strip():
            try:
                filters = _filters(paper, date_from, date_to, kind, agency)
                results = search(conn, q, filters=filters, limit=PAGE_SIZE, offset=offset)
            except BanmianError as exc:
                error = str(exc)
        form = {"q": q, "paper": paper, "from": date_from, "to": date_to, "kind": kind, "agency": agency}
        return templates.TemplateResponse(
            request,
            "search.html",
            {
                "form": form,
                "facets": facet_values(conn),
                "results": results,
                "error": error,
                "offset": offset,
                "page_size": PAGE_SIZE,
            },
            status_code=400 if error else 200,
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, conn: Conn, article_id: int) -> HTMLResponse:
        return templates.TemplateResponse(request, "article.html", {"stored": load_article(conn, article_id)})

    @app.get("/pages/{page_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_view(request: Request, conn: Conn, page_id: int) -> HTMLResponse:
        page = load_page(conn, page_id)
        articles = list(zip(page.article_ids, page.page.get("articles") or [], strict=False))
        return templates.TemplateResponse(
            request, "page.html", {"page": page, "lines": page.lines(), "articles": articles}
        )

    return app
