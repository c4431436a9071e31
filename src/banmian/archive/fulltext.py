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
import json
import re
import sqlite3
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from banmian.archive.db import article_bodies
from banmian.archive.tokens import BREAK, CJK, FOLD, SEGMENT, Segment, bigram_stream, segments
from banmian.errors import BanmianError

# BM25 weights of the index columns: title_bi, title_uni, body_bi, body_uni.
TITLE_WEIGHT = 8.0
BODY_WEIGHT = 1.0
SNIPPET_CHARS = 80
# A query is something a person types: longer ones, deeper brackets or more terms are
# refused with a clear message instead of costing the server (or the parser's stack).
MAX_QUERY_CHARS = 1000
MAX_QUERY_DEPTH = 16
MAX_QUERY_TERMS = 64
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
    """Recursive descent over the tokens; brackets nest at most MAX_QUERY_DEPTH deep.

    An operator with nothing to apply to (`茶 NOT`, `AND OR`) is dropped, as a term
    without searchable characters is.
    """

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

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
        negations = 0
        while self.peek() == "NOT":  # a loop, not recursion: `NOT NOT … x` has no depth
            self.take()
            negations += 1
        if self.peek() in (None, "OR", ")", "AND"):
            return None  # a NOT with nothing after it
        child = self.primary()
        if child is None or negations % 2 == 0:
            return child
        return child.child if isinstance(child, _Not) else _Not(child)

    def primary(self) -> _Node | None:
        kind, value = self.take()
        if kind == "(":
            self.depth += 1
            if self.depth > MAX_QUERY_DEPTH:
                raise QueryError(f"brackets nested more than {MAX_QUERY_DEPTH} deep in the query")
            node = self.or_expr()
            if self.peek() != ")":
                raise QueryError("missing ')' in query")
            self.take()
            self.depth -= 1
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


def _term_count(node: _Node) -> int:
    if isinstance(node, _Term):
        return 1
    if isinstance(node, _Not):
        return _term_count(node.child)
    return sum(_term_count(c) for c in node.children)


def compile_query(query: str) -> CompiledQuery:
    """Turn a user query into an FTS5 expression; QueryError if it has nothing to search for."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(query):,} characters long; at most {MAX_QUERY_CHARS:,} are searched")
    node = _Parser(_lex(query)).parse()
    if node is None:
        raise QueryError("the query has no words to search for")
    if _term_count(node) > MAX_QUERY_TERMS:
        raise QueryError(f"the query has more than {MAX_QUERY_TERMS} terms")
    return CompiledQuery(_to_fts(node), _positive_terms(node), single_term=isinstance(node, _Term))


# ---- snippets ----------------------------------------------------------------------------
#
# Matches are found the way the index sees text, without a regular expression (a
# pattern with optional spaces between the characters of a long term backtracks into
# quadratic time on a long repeated run): the text is folded into its segments (CJK runs,
# Latin words and numbers; see tokens.py), joined directly where only spaces separate
# them and with BREAK where punctuation does. A term then matches as a plain substring
# of that folded text (`str.find`, linear), its own segments joined either way.

# Variants of a term tried at most (each joint between its segments: joined or broken).
MAX_TERM_VARIANTS = 16


@dataclass
class FoldedText:
    text: str  # the segments, folded, joined as the index joins them
    starts: list[int]  # where each segment starts in `text`
    origins: list[int]  # where it starts in the original text


def fold_text(text: str) -> FoldedText:
    """The text as the index sees it, with a map back to the original characters."""
    folded = text.translate(FOLD)
    parts: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    size = 0
    previous_end: int | None = None
    for match in SEGMENT.finditer(folded):
        if previous_end is not None:
            gap = folded[previous_end : match.start()]
            if gap and not gap.isspace():
                parts.append(BREAK)
                size += 1
        starts.append(size)
        origins.append(match.start())
        parts.append(match.group())
        size += match.end() - match.start()
        previous_end = match.end()
    return FoldedText("".join(parts), starts, origins)


def term_variants(segs: list[Segment]) -> list[str]:
    """The folded forms a term takes in text: each joint between segments joined or broken."""
    texts = [seg.text for seg in segs]
    if not texts:
        return []
    variants = [texts[0]]
    for text in texts[1:]:
        if len(variants) * 2 <= MAX_TERM_VARIANTS:
            variants = [v + joint + text for v in variants for joint in ("", BREAK)]
        else:  # too many joints: keep each variant's choice for the rest
            variants = [v + (BREAK if v.endswith(BREAK) else "") + text for v in variants]
    return variants


@dataclass
class MatchScan:
    spans: list[tuple[int, int]]  # matches in the original text, in order, not overlapping
    probes: int  # str.find calls made (the work done, each call linear in what it scans)


def find_matches(text: str, terms: list[list[Segment]], *, first_only: bool = False) -> MatchScan:
    """Where the terms occur in `text`: leftmost matches, the longest at each place.

    The work is linear in the length of the text for each variant of each term: every
    search starts where the last match ended.
    """
    folded = fold_text(text)
    needles = sorted({v for segs in terms for v in term_variants(segs)}, key=len, reverse=True)
    found: list[tuple[int, int]] = []
    probes = 0
    for needle in needles:
        position = 0
        while True:
            probes += 1
            at = folded.text.find(needle, position)
            if at < 0:
                break
            found.append((at, at + len(needle)))
            if first_only:
                break
            position = at + len(needle)
    found.sort(key=lambda span: (span[0], -span[1]))
    spans: list[tuple[int, int]] = []
    end = 0
    for start, stop in found:
        if start >= end:
            spans.append(_original_span(folded, start, stop))
            end = stop
            if first_only:
                break
    return MatchScan(spans, probes)


def _original_span(folded: FoldedText, start: int, stop: int) -> tuple[int, int]:
    first = bisect_right(folded.starts, start) - 1
    last = bisect_right(folded.starts, stop - 1) - 1
    return (
        folded.origins[first] + start - folded.starts[first],
        folded.origins[last] + stop - folded.starts[last],
    )


def highlight(text: str, terms: list[list[Segment]], *, width: int = SNIPPET_CHARS) -> str:
    """An HTML snippet of `text` around the first match, matches wrapped in <mark>."""
    flat = re.sub(r"\s*\n\s*", " ", text)
    wanted = [t for t in terms if t]
    first = find_matches(flat, wanted, first_only=True).spans if wanted else []
    start = 0 if not first else max(0, first[0][0] - width // 4)
    end = min(len(flat), start + width)
    # Matches are looked for a term's length around the window (a match may begin
    # before it or end after it), then cut to the window.
    reach = max((sum(len(seg.text) for seg in t) * 2 for t in wanted), default=0)
    around = max(0, start - reach)
    spans = find_matches(flat[around : end + reach], wanted).spans if wanted else []
    out: list[str] = ["…" if start > 0 else ""]
    pos = start
    for m_start, m_end in spans:
        m_start, m_end = max(m_start + around, start), min(m_end + around, end)
        if m_end <= m_start or m_start < pos:
            continue
        out.append(html.escape(flat[pos:m_start]))
        out.append("<mark>" + html.escape(flat[m_start:m_end]) + "</mark>")
        pos = m_end
    out.append(html.escape(flat[pos:end]))
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
    _json: bytes | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "results": [
                {"article_id": h.article_id, "title": h.title, "snippet": h.snippet, "paper": h.paper,
                 "date": h.date, "page": h.page, "score": h.score}
                for h in self.results
            ],
        }

    def to_json_bytes(self) -> bytes:
        """`to_dict` as compact UTF-8 JSON, made once (search results are cached and served often)."""
        if self._json is None:
            self._json = json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self._json


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


# Folding for a yes/no answer, in two C-speed passes: spaces go (they join segments),
# then what is left between segments (punctuation) becomes one BREAK. The same string as
# fold_text, give or take a BREAK at either end, without the map back to the original.
_SPACES = re.compile(r"\s+")
_NOT_SEGMENT = re.compile(f"[^{CJK}0-9a-z]+")


def _matches(text: str, terms: list[list[Segment]]) -> bool:
    folded = _NOT_SEGMENT.sub(BREAK, _SPACES.sub("", text.translate(FOLD)))
    return any(variant in folded for segs in terms if segs for variant in term_variants(segs))
