"""Full-text search over the archive: a small query language compiled to FTS5.

Query language (what users type):
  江城 茶            both terms (AND is implied; `AND` may be written)
  江城 OR 湖城       either term
  茶 NOT 咖啡, 茶 -咖啡   the first without the second
  "海水 淡化"         a phrase (spaces between Chinese characters are ignored)
  (a OR b) c         grouping
A CJK term of two or more characters matches as a phrase of its bigrams; a
one-character term searches the single-character columns. Ranking is FTS5's
BM25 with title columns weighted above body columns. Snippets are cut from the
stored text (not the index) with the matches wrapped in <mark>.
"""

from __future__ import annotations

import html
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from banmian.archive.db import article_bodies
from banmian.archive.tokens import Segment, bigram_stream, segments
from banmian.errors import BanmianError

# BM25 weights of the index columns: title_bi, title_uni, body_bi, body_uni.
TITLE_WEIGHT = 8.0
BODY_WEIGHT = 1.0
SNIPPET_CHARS = 80
# Above this many matches, BM25 scores only the most recent RANK_ALL_LIMIT matches,
# after the CANDIDATES most recent ones with a term in the title: see `search`.
RANK_ALL_LIMIT = 1000
CANDIDATES = 500


class QueryError(BanmianError):
    """The search query cannot be understood."""


@dataclass
class _Term:
    segs: list[Segment]


@dataclass
class _Not:
    child: _Node


@dataclass
class _And:
    children: list[_Node]


@dataclass
class _Or:
    children: list[_Node]


_Node = _Term | _Not | _And | _Or

_LEXER = re.compile(r'\s*(?:(")([^"]*)"?|(\()|(\))|(-)(?=\S)|([^\s()"]+))')


def _lex(query: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(query):
        m = _LEXER.match(query, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group(1):
            tokens.append(("phrase", m.group(2)))
        elif m.group(3):
            tokens.append(("(", "("))
        elif m.group(4):
            tokens.append((")", ")"))
        elif m.group(5):
            tokens.append(("NOT", "-"))
        elif m.group(6):
            word = m.group(6)
            tokens.append((word, word) if word in ("AND", "OR", "NOT") else ("term", word))
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> _Node | None:
        node = self.or_expr()
        if self.peek() is not None:
            raise QueryError(f"unexpected {self.tokens[self.pos][1]!r} in query")
        return node

    def or_expr(self) -> _Node | None:
        children = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            children.append(self.and_expr())
        kept = [c for c in children if c is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else _Or(kept)

    def and_expr(self) -> _Node | None:
        children: list[_Node] = []
        while self.peek() not in (None, "OR", ")"):
            if self.peek() == "AND":
                self.take()
                continue
            node = self.unary()
            if node is not None:
                children.append(node)
        if not children:
            return None
        return children[0] if len(children) == 1 else _And(children)

    def unary(self) -> _Node | None:
        if self.peek() == "NOT":
            self.take()
            child = self.unary()
            return _Not(child) if child is not None else None
        return self.primary()

    def primary(self) -> _Node | None:
        kind, value = self.take()
        if kind == "(":
            node = self.or_expr()
            if self.peek() != ")":
                raise QueryError("missing ')' in query")
            self.take()
            return node
        if kind == ")":
            raise QueryError("unexpected ')' in query")
        segs = segments(value)
        return _Term(segs) if segs else None


def _phrase(tokens: list[str]) -> str:
    # Tokens hold only CJK characters, ASCII letters and digits: safe inside quotes.
    return '"' + " ".join(tokens) + '"'


def _term_fts(segs: list[Segment]) -> str:
    # No column filter is needed (and FTS5 would have to read every position list to
    # apply one): bigrams and words occur only in the bigram columns, and a lone
    # character occurs in the character columns wherever the text has it.
    if len(segs) == 1 or all(not s.cjk or len(s.text) > 1 for s in segs):
        return _phrase(bigram_stream(segs))
    # A lone CJK character next to a word is indexed inside a bigram, so the
    # parts cannot be matched as one phrase: require each part instead.
    return "(" + " AND ".join(_term_fts([s]) for s in segs) + ")"


def _to_fts(node: _Node) -> str:
    if isinstance(node, _Term):
        return _term_fts(node.segs)
    if isinstance(node, _Or):
        return "(" + " OR ".join(_to_fts(c) for c in node.children) + ")"
    if isinstance(node, _Not):
        raise QueryError("a query needs at least one term that is not negated")
    positives = [c for c in node.children if not isinstance(c, _Not)]
    negatives = [c.child for c in node.children if isinstance(c, _Not)]
    if not positives:
        raise QueryError("a query needs at least one term that is not negated")
    expr = "(" + " AND ".join(_to_fts(c) for c in positives) + ")"
    for neg in negatives:
        expr = f"({expr} NOT {_to_fts(neg)})"
    return expr


def _positive_terms(node: _Node) -> list[list[Segment]]:
    if isinstance(node, _Term):
        return [node.segs]
    if isinstance(node, _Not):
        return []
    return [t for c in node.children for t in _positive_terms(c)]


@dataclass
class CompiledQuery:
    fts: str  # the FTS5 MATCH expression
    terms: list[list[Segment]]  # the positive terms, for highlighting
    single_term: bool = False  # the query is one term or phrase

    @property
    def in_title(self) -> str:
        """The query, restricted to articles with one of its positive terms in the title."""
        if self.single_term:  # the common case, and half the work
            return f"{{title_bi title_uni}} : ({self.fts})"
        anywhere = " OR ".join(_term_fts(t) for t in self.terms if t)
        return f"({self.fts}) AND {{title_bi title_uni}} : ({anywhere})"


def compile_query(query: str) -> CompiledQuery:
    """Turn a user query into an FTS5 expression; QueryError if it has nothing to search for."""
    node = _Parser(_lex(query)).parse()
    if node is None:
        raise QueryError("the query has no words to search for")
    return CompiledQuery(_to_fts(node), _positive_terms(node), single_term=isinstance(node, _Term))


def _term_pattern(segs: list[Segment]) -> str:
    # In the stored text, line breaks and spaces may sit between any two characters
    # of a match, and punctuation between its parts (as the index ignores both).
    parts = [r"\s*".join(re.escape(ch) for ch in seg.text) for seg in segs]
    return r"[\W_]*".join(parts)


def highlight(text: str, terms: list[list[Segment]], *, width: int = SNIPPET_CHARS) -> str:
    """An HTML snippet of `text` around the first match, matches wrapped in <mark>."""
    flat = re.sub(r"\s*\n\s*", " ", text)
    patterns = sorted({_term_pattern(t) for t in terms if t}, key=len, reverse=True)
    if not patterns:
        return html.escape(flat[:width]) + ("…" if len(flat) > width else "")
    regex = re.compile("|".join(patterns), re.IGNORECASE)
    first = regex.search(flat)
    start = 0 if first is None else max(0, first.start() - width // 4)
    end = min(len(flat), start + width)
    window = flat[start:end]
    out: list[str] = ["…" if start > 0 else ""]
    pos = 0
    for m in regex.finditer(window):
        if m.end() == m.start():
            continue
        out.append(html.escape(window[pos : m.start()]))
        out.append("<mark>" + html.escape(m.group(0)) + "</mark>")
        pos = m.end()
    out.append(html.escape(window[pos:]))
    out.append("…" if end < len(flat) else "")
    return "".join(out)


@dataclass
class SearchHit:
    article_id: int
    title: str | None
    snippet: str  # HTML: escaped text with <mark> around matches
    paper: str | None
    date: str | None
    page: int | None
    score: float  # higher is better


@dataclass
class SearchResults:
    query: str
    total: int
    results: list[SearchHit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "results": [asdict(h) for h in self.results]}


@dataclass
class SearchFilters:
    paper: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    kind: str | None = None
    agency: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, op, value in (
            ("paper", "=", self.paper),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
            ("kind", "=", self.kind),
            ("agency", "=", self.agency),
        ):
            if value:
                clauses.append(f"a.{column} {op} ?")
                params.append(value)
        return "".join(f" AND {c}" for c in clauses), params


# With a filter, CROSS JOIN makes SQLite walk the FTS matches (newest first) and look
# each article up, instead of walking every article of a paper and probing the index.


def _count(conn: sqlite3.Connection, fts: str, where: str, params: list[Any]) -> int:
    if where:
        sql = f"SELECT count(*) FROM article_fts CROSS JOIN articles a ON a.id = article_fts.rowid WHERE article_fts MATCH ?{where}"
    else:
        sql = "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?"
    return int(conn.execute(sql, [fts, *params]).fetchone()[0])


def _scored(conn: sqlite3.Connection, fts: str, where: str, params: list[Any], recent: int) -> list[tuple[float, int]]:
    """(bm25, article id) of the `recent` most recent matches (FTS5 walks them newest first)."""
    weights = f"{TITLE_WEIGHT}, {TITLE_WEIGHT}, {BODY_WEIGHT}, {BODY_WEIGHT}"
    if where:
        source = f"article_fts CROSS JOIN articles a ON a.id = article_fts.rowid WHERE article_fts MATCH ?{where}"
    else:
        source = "article_fts WHERE article_fts MATCH ?"
    rows = conn.execute(
        f"SELECT bm25(article_fts, {weights}), article_fts.rowid FROM {source} ORDER BY article_fts.rowid DESC LIMIT ?",
        [fts, *params, recent],
    ).fetchall()
    return [(float(row[0]), int(row[1])) for row in rows]


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    filters: SearchFilters | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Search the archive; results best first. Raises QueryError for a query with nothing to find."""
    compiled = compile_query(query)
    where, params = (filters or SearchFilters()).where()
    limit, offset = max(0, limit), max(0, offset)
    try:
        # One pass over the matches scores them all when they are few (bm25 is
        # lower = better). BM25 must score every match, which for a query as common
        # as one frequent character (half the archive) takes far too long: then only
        # the most recent matches are scored, those with a term in the title first.
        scored = _scored(conn, compiled.fts, where, params, RANK_ALL_LIMIT + 1)
        if len(scored) <= RANK_ALL_LIMIT:
            total = len(scored)
            best = sorted(scored)
        else:
            total = _count(conn, compiled.fts, where, params)
            in_title = sorted(_scored(conn, compiled.in_title, where, params, CANDIDATES))
            seen = {aid for _, aid in in_title}
            best = in_title + sorted(s for s in scored if s[1] not in seen)
        ranked = [(aid, score) for score, aid in best[offset : offset + limit]]
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc) or "syntax" in str(exc):
            raise QueryError(f"cannot search for {query!r}: {exc}") from None
        raise
    ids = [r[0] for r in ranked]
    rows = {
        row["id"]: row
        for row in conn.execute(
            f"SELECT id, title, kicker, subtitle, paper, date, page_no FROM articles WHERE id IN ({','.join('?' * len(ids))})",
            ids,
        )
    }
    bodies = article_bodies(conn, ids)
    hits = []
    for article_id, rank in ranked:
        row = rows.get(article_id)
        if row is None:  # an index row whose article is gone: never shown
            continue
        body = bodies.get(article_id, "")
        heading = " ".join(t for t in (row["kicker"], row["title"], row["subtitle"]) if t)
        source = body if _matches(body, compiled.terms) or not heading else heading
        hits.append(
            SearchHit(
                article_id=article_id,
                title=row["title"],
                snippet=highlight(source, compiled.terms),
                paper=row["paper"],
                date=row["date"],
                page=row["page_no"],
                score=round(-rank, 4),
            )
        )
    return SearchResults(query=query, total=total, results=hits)


def _matches(text: str, terms: list[list[Segment]]) -> bool:
    patterns = [_term_pattern(t) for t in terms if t]
    return bool(patterns) and re.search("|".join(patterns), text, re.IGNORECASE) is not None
