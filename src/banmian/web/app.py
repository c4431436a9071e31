"""FastAPI app: HTML pages (search, article, page view) and a JSON API over one archive.

Everything the browser loads comes from this app (no CDN): FastAPI's /docs and
/redoc pages would pull their scripts from a CDN, so they are off; the
OpenAPI document stays at /openapi.json.
"""

import sqlite3
from collections.abc import Iterator
from pathlib import Path
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
from banmian.archive.read import StoredArticle, facet_values, get_article, get_page
from banmian.errors import BanmianError, InputError

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 20


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


def create_app(db_path: str | Path) -> FastAPI:
    """The web reader for the archive at `db_path` (which must exist)."""
    db_file = Path(db_path)
    if not db_file.is_file():
        raise InputError(f"{db_file}: no such archive")
    connect(db_file).close()  # fail now, not on the first request, if it is not an archive

    app = FastAPI(title="banmian archive", version=__version__, docs_url=None, redoc_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")

    def db() -> Iterator[sqlite3.Connection]:
        conn = connect(db_file)
        try:
            yield conn
        finally:
            conn.close()

    Conn = Annotated[sqlite3.Connection, Depends(db)]

    def run_search(conn: sqlite3.Connection, q: str, filters: SearchFilters, limit: int, offset: int) -> SearchResults:
        try:
            return search(conn, q, filters=filters, limit=limit, offset=offset)
        except BanmianError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None

    def load_article(conn: sqlite3.Connection, article_id: int) -> StoredArticle:
        stored = get_article(conn, article_id)
        if stored is None:
            raise HTTPException(status_code=404, detail=f"no article {article_id}")
        return stored

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
        """One page: its raw text and the articles rebuilt from it."""
        page = get_page(conn, page_id)
        if page is None:
            raise HTTPException(status_code=404, detail=f"no page {page_id}")
        return page.to_dict()

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
        page = get_page(conn, page_id)
        if page is None:
            raise HTTPException(status_code=404, detail=f"no page {page_id}")
        articles = list(zip(page.article_ids, page.page.get("articles") or [], strict=False))
        return templates.TemplateResponse(
            request, "page.html", {"page": page, "lines": page.lines(), "articles": articles}
        )

    return app
