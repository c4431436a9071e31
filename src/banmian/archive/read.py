"""Reading the archive back: articles with their page, pages with their source text, jump links."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from banmian.model import Article


@dataclass
class StoredArticle:
    id: int
    page_id: int
    paper: str | None
    date: str | None
    page_no: int | None
    article: Article
    # Archive ids of the other parts of a continued article, when found.
    jump_from: int | None = None
    jump_to: int | None = None
    seq: int = 0  # place among the page's articles

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "page_id": self.page_id,
            "paper": self.paper,
            "date": self.date,
            "page": self.page_no,
            "jump_from": self.jump_from,
            "jump_to": self.jump_to,
            "article": self.article.to_dict(),
        }


@dataclass
class StoredPage:
    id: int
    path: str | None
    sha256: str
    paper: str | None
    date: str | None
    page_no: int | None
    line_count: int
    raw_text: str
    page: dict[str, Any]  # the page JSON (banmian/page@1)
    article_ids: list[int]  # archive ids, in page order

    def lines(self) -> list[str]:
        return self.raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "sha256": self.sha256,
            "paper": self.paper,
            "date": self.date,
            "page": self.page_no,
            "line_count": self.line_count,
            "text": self.raw_text,
            "article_ids": self.article_ids,
            "result": self.page,
        }


def _bigrams(text: str | None) -> set[str]:
    text = text or ""
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _best_part(rows: list[sqlite3.Row], title: str | None) -> int | None:
    """Pick the other part of a continued article among candidates on the right page."""
    if not rows:
        return None
    for row in rows:
        if title and row["title"] == title:
            return int(row["id"])
    want = _bigrams(title)
    scored = sorted(
        ((len(want & _bigrams(row["title"])) / (len(want | _bigrams(row["title"])) or 1), row["id"]) for row in rows),
        reverse=True,
    )
    if scored[0][0] > 0:
        return int(scored[0][1])
    # A continuation often carries no title: with one candidate there is no doubt.
    return int(rows[0]["id"]) if len(rows) == 1 else None


def _find_part(conn: sqlite3.Connection, row: sqlite3.Row, *, forward: bool) -> int | None:
    target = row["continued_to"] if forward else row["continued_from"]
    if target is None:
        return None
    back_column = "continued_from" if forward else "continued_to"
    sql = (
        f"SELECT id, title FROM articles WHERE paper IS ? AND date IS ? AND page_no = ? AND id != ?"
        f" AND {back_column} IS NOT NULL"
    )
    args: list[Any] = [row["paper"], row["date"], target, row["id"]]
    if row["page_no"] is not None:
        sql += f" AND {back_column} = ?"
        args.append(row["page_no"])
    return _best_part(conn.execute(sql + " ORDER BY id", args).fetchall(), row["title"])


def get_article(conn: sqlite3.Connection, article_id: int) -> StoredArticle | None:
    row = conn.execute(
        "SELECT a.id, a.page_id, a.seq, a.paper, a.date, a.page_no, a.title, a.continued_from, a.continued_to,"
        " p.page_json FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    article = json.loads(row["page_json"])["articles"][row["seq"]]
    return StoredArticle(
        id=row["id"],
        page_id=row["page_id"],
        paper=row["paper"],
        date=row["date"],
        page_no=row["page_no"],
        article=Article.from_dict(article),
        jump_from=_find_part(conn, row, forward=False),
        jump_to=_find_part(conn, row, forward=True),
        seq=row["seq"],
    )


def get_page(conn: sqlite3.Connection, page_id: int) -> StoredPage | None:
    row = conn.execute(
        "SELECT id, path, sha256, paper, date, page_no, line_count, raw_text, page_json FROM pages WHERE id = ?",
        (page_id,),
    ).fetchone()
    if row is None:
        return None
    ids = [r[0] for r in conn.execute("SELECT id FROM articles WHERE page_id = ? ORDER BY seq", (page_id,))]
    return StoredPage(
        id=row["id"],
        path=row["path"],
        sha256=row["sha256"],
        paper=row["paper"],
        date=row["date"],
        page_no=row["page_no"],
        line_count=row["line_count"],
        raw_text=row["raw_text"],
        page=json.loads(row["page_json"]),
        article_ids=ids,
    )


def facet_values(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Distinct papers, kinds and agencies, for the search form's filters."""
    out: dict[str, list[str]] = {}
    for column in ("paper", "kind", "agency"):
        out[column] = [
            r[0] for r in conn.execute(f"SELECT DISTINCT {column} FROM articles WHERE {column} IS NOT NULL ORDER BY 1")
        ]
    return out


# ---- browsing: paper -> date -> the issue's pages in order --------------------------------------


@dataclass
class PaperSummary:
    paper: str | None
    issues: int
    pages: int
    first_date: str | None
    last_date: str | None


@dataclass
class IssueSummary:
    date: str | None
    pages: int


@dataclass
class PageSummary:
    id: int
    page_no: int | None
    page_index: int | None
    titles: list[str]  # article titles, in page order
    has_image: bool


@dataclass
class PageImageInfo:
    media_type: str
    width: int
    height: int
    scale: float  # image pixels per unit of the page's boxes
    # Per article (page order): its column regions, and each block's, in box units.
    article_regions: list[list[list[float]]] | None = None
    block_regions: list[list[list[list[float]]]] | None = None


# The order of an issue's pages: newspaper page number, then place in the file.
_PAGE_ORDER = "coalesce(page_no, page_index, 0), coalesce(page_index, 0), id"


def _has_images_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'page_images'").fetchone()
    return row is not None


def list_papers(conn: sqlite3.Connection) -> list[PaperSummary]:
    """Every paper in the archive (None: pages of no known paper), by name."""
    rows = conn.execute(
        "SELECT paper, count(DISTINCT coalesce(date, '')), count(*), min(date), max(date) FROM pages"
        " GROUP BY paper ORDER BY paper IS NULL, paper"
    ).fetchall()
    return [PaperSummary(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def list_issues(conn: sqlite3.Connection, paper: str | None) -> list[IssueSummary]:
    """The issues (dates) of one paper, newest first; None: pages of no known date."""
    rows = conn.execute(
        "SELECT date, count(*) FROM pages WHERE paper IS ? GROUP BY date ORDER BY date IS NULL, date DESC", (paper,)
    ).fetchall()
    return [IssueSummary(r[0], r[1]) for r in rows]


def issue_pages(conn: sqlite3.Connection, paper: str | None, date: str | None) -> list[PageSummary]:
    """The pages of one issue in order (版面目录), with their article titles."""
    images = _has_images_table(conn)
    has_image = "EXISTS (SELECT 1 FROM page_images i WHERE i.page_id = p.id)" if images else "0"
    rows = conn.execute(
        f"SELECT p.id, p.page_no, p.page_index, {has_image} FROM pages p WHERE p.paper IS ? AND p.date IS ?"
        f" ORDER BY {_PAGE_ORDER}",
        (paper, date),
    ).fetchall()
    titles: dict[int, list[str]] = {r[0]: [] for r in rows}
    if rows:
        marks = ",".join("?" * len(rows))
        for page_id, title in conn.execute(
            f"SELECT page_id, title FROM articles WHERE page_id IN ({marks}) AND title IS NOT NULL ORDER BY page_id, seq",
            list(titles),
        ):
            titles[page_id].append(title)
    return [PageSummary(r[0], r[1], r[2], titles[r[0]], bool(r[3])) for r in rows]


def neighbour_pages(conn: sqlite3.Connection, page: StoredPage) -> tuple[int | None, int | None]:
    """(previous, next) page of the same issue, in the issue's order."""
    ids = [r[0] for r in conn.execute(
        f"SELECT id FROM pages WHERE paper IS ? AND date IS ? ORDER BY {_PAGE_ORDER}", (page.paper, page.date)
    )]
    at = ids.index(page.id) if page.id in ids else -1
    if at < 0:
        return None, None
    return (ids[at - 1] if at > 0 else None), (ids[at + 1] if at + 1 < len(ids) else None)


def page_image_info(conn: sqlite3.Connection, page_id: int) -> PageImageInfo | None:
    if not _has_images_table(conn):
        return None
    row = conn.execute(
        "SELECT media_type, width, height, scale, regions FROM page_images WHERE page_id = ?", (page_id,)
    ).fetchone()
    if row is None:
        return None
    regions = json.loads(row[4]) if row[4] else {}
    return PageImageInfo(row[0], row[1], row[2], row[3], regions.get("articles"), regions.get("blocks"))


def page_image_data(conn: sqlite3.Connection, page_id: int, *, small: bool = False) -> tuple[str, bytes] | None:
    """(media type, bytes) of the page image, or of its thumbnail (the image when it has none)."""
    if not _has_images_table(conn):
        return None
    column = "coalesce(thumbnail, data)" if small else "data"
    row = conn.execute(f"SELECT media_type, {column} FROM page_images WHERE page_id = ?", (page_id,)).fetchone()
    return (row[0], bytes(row[1])) if row else None


def continuation_chain(conn: sqlite3.Connection, stored: StoredArticle, *, limit: int = 8) -> list[StoredArticle]:
    """The parts that continue `stored` (下转 ...), in order, each found from the one before."""
    parts: list[StoredArticle] = []
    seen = {stored.id}
    current = stored
    while current.jump_to is not None and current.jump_to not in seen and len(parts) < limit:
        following = get_article(conn, current.jump_to)
        if following is None:
            break
        seen.add(following.id)
        parts.append(following)
        current = following
    return parts


def article_page(conn: sqlite3.Connection, article_id: int) -> int | None:
    row = conn.execute("SELECT page_id FROM articles WHERE id = ?", (article_id,)).fetchone()
    return int(row[0]) if row else None
