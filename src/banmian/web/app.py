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
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from banmian import __version__
from banmian.archive.db import connect
from banmian.archive.fulltext import SearchFilters, SearchResults, search
from banmian.archive.ingest import parse_iso_date
from banmian.archive.read import (
    PageImageInfo,
    StoredArticle,
    StoredPage,
    article_page,
    continuation_chain,
    facet_values,
    get_article,
    get_page,
    issue_pages,
    list_issues,
    list_papers,
    neighbour_pages,
    page_image_data,
    page_image_info,
)
from banmian.errors import BanmianError, InputError
from banmian.web.i18n import Labels, choose_language

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 20
# Search results kept in memory (a few kB each).
SEARCH_CACHE_SIZE = 4096
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


@dataclass
class Rect:
    """A block's box on the page image, in image pixels."""

    x: float
    y: float
    w: float
    h: float
    block: int  # index in the article's blocks (-1: the article's own box)


def _rect(box: list[float], scale: float, block: int) -> Rect:
    x0, y0, x1, y1 = (round(v * scale, 1) for v in box)
    return Rect(x0, y0, round(x1 - x0, 1), round(y1 - y0, 1), block)


def article_rects(art: dict[str, Any], image: PageImageInfo, seq: int) -> tuple[list[Rect], list[Rect]]:
    """(the article's areas, its blocks' boxes) on the page image, in image pixels.

    The areas are the column regions of its lines, stored at ingest; for pages without
    them, its blocks' boxes and, above them, the part of its box that holds its heads.
    """
    scale = image.scale
    if image.article_regions is not None and seq < len(image.article_regions):
        areas = [_rect(box, scale, -1) for box in image.article_regions[seq]]
        per_block = image.block_regions[seq] if image.block_regions and seq < len(image.block_regions) else []
        blocks = [_rect(box, scale, i) for i, boxes in enumerate(per_block) for box in boxes]
        if areas:
            return areas, blocks
    blocks = [_rect(b["bbox"], scale, i) for i, b in enumerate(art.get("blocks") or []) if b.get("bbox")]
    areas = [Rect(r.x, r.y, r.w, r.h, -1) for r in blocks]
    box = art.get("bbox")
    if box:
        whole = _rect(box, scale, -1)
        top = min((r.y for r in blocks), default=whole.y + whole.h)
        if top - whole.y > 1:
            areas.insert(0, Rect(whole.x, whole.y, whole.w, round(top - whole.y, 1), -1))
    return areas, blocks


# Room around an article's crop, in image pixels.
CROP_MARGIN = 12.0


def crop_box(rects: list[Rect], image: PageImageInfo) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the part of the page image that holds these boxes."""
    x0 = max(0.0, min(r.x for r in rects) - CROP_MARGIN)
    y0 = max(0.0, min(r.y for r in rects) - CROP_MARGIN)
    x1 = min(float(image.width), max(r.x + r.w for r in rects) + CROP_MARGIN)
    y1 = min(float(image.height), max(r.y + r.h for r in rects) + CROP_MARGIN)
    return (round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1))


@dataclass
class PageArticle:
    id: int
    art: dict[str, Any]  # as in the page JSON
    areas: list[Rect]  # where it lies on the page image
    blocks: list[Rect]  # its blocks' boxes
    jump_from_href: str | None
    jump_to_href: str | None


@dataclass
class ArticlePart:
    stored: StoredArticle
    image: PageImageInfo | None
    areas: list[Rect]
    crop: tuple[float, float, float, float] | None
    jump_from_href: str | None
    jump_to_href: str | None


class SearchCache:
    """The most recent search results, by query and filters (a thread-safe LRU).

    Emptied whenever the archive changes (see `checkout` in create_app)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[Any, ...], SearchResults] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> SearchResults | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
            self.entries.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], results: SearchResults) -> None:
        with self.lock:
            self.entries[key] = results
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


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

    cache = SearchCache(SEARCH_CACHE_SIZE)
    seen_versions: dict[int, int] = {}

    def checkout() -> sqlite3.Connection:
        """A connection of the pool (a new one when all are busy); a commit by another
        process since this connection last looked empties the search cache."""
        try:
            conn = idle.get_nowait()
        except queue.Empty:
            conn = connect(db_file, readonly=True)
            # It has seen no version before: what the cache holds may predate it.
            cache.clear()
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        if seen_versions.get(id(conn), version) != version:
            cache.clear()
        seen_versions[id(conn)] = version
        return conn

    def db() -> Iterator[sqlite3.Connection]:
        # Connections are reused (opening one checks the archive); each serves one
        # request at a time, handed from the dependency to the endpoint and back.
        conn = checkout()
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

    def cached_search(
        conn: sqlite3.Connection, q: str, filters: SearchFilters, limit: int, offset: int
    ) -> SearchResults:
        key = (q, filters.paper, filters.date_from, filters.date_to, filters.kind, filters.agency, limit, offset)
        found = cache.get(key)
        if found is None:
            found = search(conn, q, filters=filters, limit=limit, offset=offset)
            cache.put(key, found)
        return found

    @app.get("/api/search", response_model=SearchResponse, tags=["api"])
    async def api_search(
        q: Annotated[str, Query(description='Words, "phrases", AND / OR / NOT, -word, (groups)')],
        paper: str | None = None,
        date_from: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")] = None,
        date_to: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")] = None,
        kind: str | None = None,
        agency: str | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = PAGE_SIZE,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Response:
        """Full-text search, best first (BM25, titles weighted above bodies).

        Results are cached until the archive changes; a query not in the cache runs in
        a worker thread, so the event loop only ever answers from memory.
        """
        try:
            filters = _filters(paper, date_from, date_to, kind, agency)
        except BanmianError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None
        conn = checkout()
        try:
            key = (q, filters.paper, filters.date_from, filters.date_to, filters.kind, filters.agency, limit, offset)
            found = cache.get(key)
            if found is None:
                found = await run_in_threadpool(run_search, conn, q, filters, limit, offset)
                cache.put(key, found)
        finally:
            idle.put(conn)
        return Response(found.to_json_bytes(), media_type="application/json")

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

    def labels(request: Request) -> Labels:
        return Labels(choose_language(request.headers.get("accept-language")))

    T = Annotated[Labels, Depends(labels)]

    def render(request: Request, t: Labels, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
        response = templates.TemplateResponse(request, name, {"t": t, **context}, status_code=status_code)
        response.headers["vary"] = "Accept-Language"
        return response

    def page_href(conn: sqlite3.Connection, article_id: int | None) -> str | None:
        """The page view with the article chosen: where a jump link leads."""
        if article_id is None:
            return None
        page_id = article_page(conn, article_id)
        return f"/pages/{page_id}?article={article_id}" if page_id is not None else None

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        conn: Conn,
        t: T,
        q: str = "",
        paper: str = "",
        date_from: Annotated[str, Query(alias="from")] = "",
        date_to: Annotated[str, Query(alias="to")] = "",
        kind: str = "",
        agency: str = "",
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> HTMLResponse:
        """Search results for `q`; without a query, the papers to browse."""
        results: SearchResults | None = None
        error: str | None = None
        if q.strip():
            try:
                filters = _filters(paper, date_from, date_to, kind, agency)
                results = cached_search(conn, q, filters, PAGE_SIZE, offset)
            except BanmianError as exc:
                error = str(exc)
        form = {"q": q, "paper": paper, "from": date_from, "to": date_to, "kind": kind, "agency": agency}
        return render(
            request, t, "search.html",
            {
                "form": form,
                "facets": facet_values(conn),
                "results": results,
                "papers": list_papers(conn) if results is None and not error else None,
                "error": error,
                "offset": offset,
                "page_size": PAGE_SIZE,
            },
            status_code=400 if error else 200,
        )

    @app.get("/browse", response_class=HTMLResponse, include_in_schema=False)
    def browse(request: Request, conn: Conn, t: T, paper: str | None = None, date: str | None = None) -> HTMLResponse:
        """Paper -> its issues -> the pages of one issue in order. An empty value: not known."""
        if paper is None:
            return search_page(request, conn, t)
        name = paper or None
        if date is None:
            issues = list_issues(conn, name)
            if not issues:
                raise HTTPException(status_code=404, detail=f"no paper {paper!r}")
            return render(request, t, "browse.html", {"paper": name, "issue": None, "issues": issues})
        pages = issue_pages(conn, name, date or None)
        if not pages:
            raise HTTPException(status_code=404, detail=f"no issue {paper!r} {date!r}")
        return render(request, t, "browse.html", {"paper": name, "issue": date, "pages": pages})

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_view(request: Request, conn: Conn, t: T, article_id: int) -> HTMLResponse:
        stored = load_article(conn, article_id)

        def part(one: StoredArticle) -> ArticlePart:
            image = page_image_info(conn, one.page_id)
            areas = article_rects(one.article.to_dict(), image, one.seq)[0] if image else []
            return ArticlePart(
                stored=one,
                image=image,
                areas=areas,
                crop=crop_box(areas, image) if image and areas else None,
                jump_from_href=page_href(conn, one.jump_from),
                jump_to_href=page_href(conn, one.jump_to),
            )

        continuation = [part(more) for more in continuation_chain(conn, stored)]
        return render(request, t, "article.html", {"stored": stored, "part": part(stored), "continuation": continuation})

    @app.get("/pages/{page_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_view(request: Request, conn: Conn, t: T, page_id: int, article: int | None = None) -> HTMLResponse:
        """The page as printed with its articles as zones (PDF, scan); else its source text."""
        page = load_page(conn, page_id)
        image = page_image_info(conn, page.id)
        articles = []
        for seq, (aid, art) in enumerate(zip(page.article_ids, page.page.get("articles") or [], strict=False)):
            stored = get_article(conn, aid) if art.get("continued_from") or art.get("continued_to") else None
            areas, blocks = article_rects(art, image, seq) if image else ([], [])
            articles.append(
                PageArticle(
                    id=aid,
                    art=art,
                    areas=areas,
                    blocks=blocks,
                    jump_from_href=page_href(conn, stored.jump_from) if stored else None,
                    jump_to_href=page_href(conn, stored.jump_to) if stored else None,
                )
            )
        previous_id, next_id = neighbour_pages(conn, page)
        return render(
            request, t, "page.html",
            {
                "page": page,
                "lines": page.lines(),
                "articles": articles,
                "image": image,
                "selected": article if article in page.article_ids else None,
                "prev_id": previous_id,
                "next_id": next_id,
            },
        )

    @app.get("/pages/{page_id}/image", include_in_schema=False)
    def page_image(conn: Conn, page_id: int, size: str = "") -> Response:
        """The page image (PDF and scan pages); `?size=small`: its thumbnail.

        A page id always names the same page: browsers may keep it for good."""
        found = page_image_data(conn, page_id, small=size == "small") if 0 < page_id <= MAX_ID else None
        if found is None:
            raise HTTPException(status_code=404, detail=f"no image of page {page_id}")
        media_type, data = found
        return Response(data, media_type=media_type,
                        headers={"cache-control": "public, max-age=31536000, immutable"})

    return app
