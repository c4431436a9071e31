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
