"""The archive's SQLite schema and the one function that writes a file's pages.

Identity: a page is its text's SHA-256; a file is its resolved path, with the
SHA-256 of its bytes. Writing a file's pages is one transaction, so a crash
(even kill -9) leaves either the old state or the new one, never half of each.
WAL mode lets readers search while an ingest writes.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from banmian.archive.tokens import index_columns
from banmian.model import Article, Page

SCHEMA_VERSION = 1
# Bump when tokens.py changes what it emits: archives then rebuild their index on open.
TOKENS_VERSION = "2"
DEFAULT_DB = "banmian.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path        TEXT PRIMARY KEY,           -- resolved path of the input file
    sha256      TEXT NOT NULL,              -- hash of the file's bytes when last ingested
    status      TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error       TEXT,                       -- one line, when status = 'error'
    page_count  INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256      TEXT NOT NULL UNIQUE,       -- hash of the page's text: its identity
    path        TEXT,                       -- the file it first came from
    page_index  INTEGER,                    -- form-feed or PDF page index in that file (1-based)
    page_no     INTEGER,                    -- newspaper page number, when known
    paper       TEXT,
    date        TEXT,                       -- issue date YYYY-MM-DD, when known
    line_count  INTEGER NOT NULL,
    raw_text    TEXT NOT NULL,
    page_json   TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS file_pages (
    path    TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    PRIMARY KEY (path, page_id)
);
CREATE TABLE IF NOT EXISTS articles (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    page_id        INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,        -- order on the page
    local_id       TEXT NOT NULL,           -- the article's id inside the page JSON
    kind           TEXT NOT NULL,
    title          TEXT,
    subtitle       TEXT,
    kicker         TEXT,
    agency         TEXT,
    paper          TEXT,                    -- copied from the page so filters need no join
    date           TEXT,
    page_no        INTEGER,
    continued_from INTEGER,
    continued_to   INTEGER
    -- the article itself (byline, dateline, blocks) is `articles[seq]` of the page JSON
);
CREATE TABLE IF NOT EXISTS blocks (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    type       TEXT NOT NULL,
    text       TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS file_pages_page ON file_pages(page_id);
CREATE INDEX IF NOT EXISTS articles_page ON articles(page_id);
CREATE INDEX IF NOT EXISTS articles_paper_date ON articles(paper, date);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_kind ON articles(kind);
CREATE INDEX IF NOT EXISTS articles_agency ON articles(agency);
CREATE INDEX IF NOT EXISTS blocks_article ON blocks(article_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Pre-tokenized text (see tokens.py): the ascii tokenizer only splits on spaces here.
-- Contentless (the text lives in `blocks`), which halves the index's size; rows are
-- removed with FTS5's 'delete' command and tokens recomputed from the stored text.
CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5(
    title_bi, title_uni, body_bi, body_uni, tokenize = 'ascii', content = ''
);
-- Let FTS5 buffer up to 64 MB of new postings per transaction before writing a
-- segment (default 1 MB): fewer, larger segments make bulk ingest much faster.
INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', 67108864);
"""

# Block types whose text is the article's heading, not its body.
HEADING_BLOCKS = ("title", "kicker", "subtitle")


def connect(path: str | Path, *, timeout: float = 30.0) -> sqlite3.Connection:
    """Open (creating if needed) an archive in WAL mode with foreign keys on."""
    conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL still keeps every commit atomic across a crash; only the
    # last commits may be lost on power failure, which a rerun of ingest repairs.
    conn.execute("PRAGMA synchronous = NORMAL")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < SCHEMA_VERSION:
        conn.executescript(
            "BEGIN IMMEDIATE;" + _SCHEMA + f"INSERT OR IGNORE INTO meta VALUES ('tokens', '{TOKENS_VERSION}');"
            f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
        )
    elif version > SCHEMA_VERSION:
        conn.close()
        raise sqlite3.DatabaseError(f"{path}: archive schema {version} is newer than this banmian ({SCHEMA_VERSION})")
    row = conn.execute("SELECT value FROM meta WHERE key = 'tokens'").fetchone()
    if row is None or row[0] != TOKENS_VERSION:
        reindex(conn)
    return conn


def fts_columns(heading: str, body: str) -> tuple[str, str, str, str]:
    """The four index columns of an article: title and body, as bigrams and as characters."""
    return (*index_columns(heading), *index_columns(body))


def _article_text(conn: sqlite3.Connection, article_id: int, row: sqlite3.Row) -> tuple[str, str]:
    heading = "\n".join(t for t in (row["kicker"], row["title"], row["subtitle"]) if t)
    body = "\n".join(
        r[0]
        for r in conn.execute(
            f"SELECT text FROM blocks WHERE article_id = ? AND type NOT IN {HEADING_BLOCKS} ORDER BY seq",
            (article_id,),
        )
    )
    return heading, body


def article_bodies(conn: sqlite3.Connection, article_ids: list[int]) -> dict[int, str]:
    """The body text (blocks that are not headings, in order) of each article."""
    parts: dict[int, list[str]] = {i: [] for i in article_ids}
    if article_ids:
        marks = ",".join("?" * len(article_ids))
        for aid, text in conn.execute(
            f"SELECT article_id, text FROM blocks WHERE article_id IN ({marks}) AND type NOT IN {HEADING_BLOCKS}"
            " ORDER BY article_id, seq",
            article_ids,
        ):
            parts[aid].append(text)
    return {aid: "\n".join(texts) for aid, texts in parts.items()}


def _unindex_pages(conn: sqlite3.Connection, page_ids: list[int]) -> None:
    """Take the articles of these pages out of the contentless index (before deleting them)."""
    for page_id in page_ids:
        for row in conn.execute("SELECT id, kicker, title, subtitle FROM articles WHERE page_id = ?", (page_id,)):
            heading, body = _article_text(conn, row["id"], row)
            conn.execute(
                "INSERT INTO article_fts (article_fts, rowid, title_bi, title_uni, body_bi, body_uni)"
                " VALUES ('delete', ?, ?, ?, ?, ?)",
                (row["id"], *fts_columns(heading, body)),
            )


def reindex(conn: sqlite3.Connection) -> None:
    """Rebuild the search index from the stored text (after the tokenizer changed)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT INTO article_fts (article_fts) VALUES ('delete-all')")
        for row in conn.execute("SELECT id, kicker, title, subtitle FROM articles").fetchall():
            heading, body = _article_text(conn, row["id"], row)
            conn.execute(
                "INSERT INTO article_fts (rowid, title_bi, title_uni, body_bi, body_uni) VALUES (?, ?, ?, ?, ?)",
                (row["id"], *fts_columns(heading, body)),
            )
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('tokens', ?)", (TOKENS_VERSION,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class PreparedArticle:
    """One article, ready to insert (built in a worker process, so the writer only writes)."""

    local_id: str
    kind: str
    title: str | None
    subtitle: str | None
    kicker: str | None
    agency: str | None
    continued_from: int | None
    continued_to: int | None
    fts: tuple[str, str, str, str]
    blocks: list[tuple[str, str, int, int]]


@dataclass
class PreparedPage:
    sha256: str
    page_index: int | None
    page_no: int | None
    line_count: int
    raw_text: str
    page_json: str
    articles: list[PreparedArticle] = field(default_factory=list)


def heading_text(article: Article) -> str:
    """The text searched as the article's title: kicker, title and subtitle."""
    return "\n".join(t for t in (article.kicker, article.title, article.subtitle) if t)


def article_agency(article: Article) -> str | None:
    if article.byline and article.byline.agency:
        return article.byline.agency
    if article.dateline and article.dateline.agency:
        return article.dateline.agency
    return None


def prepare_article(article: Article) -> PreparedArticle:
    body = "\n".join(b.text for b in article.blocks if b.type not in HEADING_BLOCKS)
    return PreparedArticle(
        local_id=article.id,
        kind=article.kind,
        title=article.title,
        subtitle=article.subtitle,
        kicker=article.kicker,
        agency=article_agency(article),
        continued_from=article.continued_from,
        continued_to=article.continued_to,
        fts=fts_columns(heading_text(article), body),
        blocks=[(b.type, b.text, b.lines[0], b.lines[1]) for b in article.blocks],
    )


def prepare_page(page: Page, raw_text: str, *, page_index: int | None, page_no: int | None) -> PreparedPage:
    return PreparedPage(
        sha256=text_sha256(raw_text),
        page_index=page_index,
        page_no=page_no,
        line_count=page.line_count,
        raw_text=raw_text,
        page_json=page.to_json(indent=None),
        articles=[prepare_article(a) for a in page.articles],
    )


@dataclass
class StoreResult:
    new_pages: int = 0
    known_pages: int = 0
    removed_pages: int = 0


def _insert_page(
    conn: sqlite3.Connection, path: str, page: PreparedPage, paper: str | None, date: str | None
) -> int:
    cur = conn.execute(
        "INSERT INTO pages (sha256, path, page_index, page_no, paper, date, line_count, raw_text,"
        " page_json, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (page.sha256, path, page.page_index, page.page_no, paper, date, page.line_count,
         page.raw_text, page.page_json, _now()),
    )
    page_id = cur.lastrowid
    assert page_id is not None
    for seq, art in enumerate(page.articles):
        cur = conn.execute(
            "INSERT INTO articles (page_id, seq, local_id, kind, title, subtitle, kicker, agency, paper,"
            " date, page_no, continued_from, continued_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (page_id, seq, art.local_id, art.kind, art.title, art.subtitle, art.kicker, art.agency, paper,
             date, page.page_no, art.continued_from, art.continued_to),
        )
        article_id = cur.lastrowid
        conn.execute(
            "INSERT INTO article_fts (rowid, title_bi, title_uni, body_bi, body_uni) VALUES (?, ?, ?, ?, ?)",
            (article_id, *art.fts),
        )
        conn.executemany(
            "INSERT INTO blocks (article_id, seq, type, text, first_line, last_line) VALUES (?, ?, ?, ?, ?, ?)",
            [(article_id, i, *block) for i, block in enumerate(art.blocks)],
        )
    return page_id


@dataclass
class FileToStore:
    path: str
    sha256: str  # of the file's bytes
    pages: list[PreparedPage]
    paper: str | None = None
    date: str | None = None


def _store_one(conn: sqlite3.Connection, item: FileToStore, result: StoreResult) -> None:
    old_ids = [r[0] for r in conn.execute("SELECT page_id FROM file_pages WHERE path = ?", (item.path,))]
    conn.execute(
        "INSERT INTO files (path, sha256, status, error, page_count, ingested_at) VALUES (?, ?, 'ok', NULL, ?, ?)"
        " ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, status = 'ok', error = NULL,"
        " page_count = excluded.page_count, ingested_at = excluded.ingested_at",
        (item.path, item.sha256, len({p.sha256 for p in item.pages}), _now()),
    )
    conn.execute("DELETE FROM file_pages WHERE path = ?", (item.path,))
    for page in item.pages:
        row = conn.execute("SELECT id FROM pages WHERE sha256 = ?", (page.sha256,)).fetchone()
        if row is None:
            page_id = _insert_page(conn, item.path, page, item.paper, item.date)
            result.new_pages += 1
        else:
            page_id = row[0]
            result.known_pages += 1
        conn.execute("INSERT OR IGNORE INTO file_pages (path, page_id) VALUES (?, ?)", (item.path, page_id))
    orphans = [
        page_id
        for page_id in old_ids
        if conn.execute("SELECT 1 FROM file_pages WHERE page_id = ?", (page_id,)).fetchone() is None
    ]
    _unindex_pages(conn, orphans)
    for page_id in orphans:
        result.removed_pages += conn.execute("DELETE FROM pages WHERE id = ?", (page_id,)).rowcount


def store_files(conn: sqlite3.Connection, items: list[FileToStore]) -> StoreResult:
    """Make each file's pages in the archive exactly its `pages`, all in one transaction.

    A page already archived (same text hash, from any file) is linked, not
    written again; a file's former pages that no file links any more go.
    Several files per transaction make bulk loads much faster (FTS5 writes its
    index once per commit); each file is still all-or-nothing.
    """
    result = StoreResult()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for item in items:
            _store_one(conn, item, result)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return result


def store_file(
    conn: sqlite3.Connection,
    path: str,
    file_sha256: str,
    pages: list[PreparedPage],
    *,
    paper: str | None,
    date: str | None,
) -> StoreResult:
    """Store one file's pages in their own transaction (see `store_files`)."""
    return store_files(conn, [FileToStore(path, file_sha256, pages, paper, date)])


def store_failure(conn: sqlite3.Connection, path: str, file_sha256: str, error: str) -> None:
    """Record that `path` failed to parse; its earlier pages (if any) stay until it parses again."""
    conn.execute(
        "INSERT INTO files (path, sha256, status, error, page_count, ingested_at) VALUES (?, ?, 'error', ?, 0, ?)"
        " ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, status = 'error', error = excluded.error,"
        " ingested_at = excluded.ingested_at",
        (path, file_sha256, error, _now()),
    )


def check_consistency(conn: sqlite3.Connection) -> list[str]:
    """Problems that should never exist in an archive (used by tests and `ingest` reruns)."""
    problems: list[str] = []
    checks = {
        "articles without a page": "SELECT count(*) FROM articles WHERE page_id NOT IN (SELECT id FROM pages)",
        "blocks without an article": "SELECT count(*) FROM blocks WHERE article_id NOT IN (SELECT id FROM articles)",
        "index rows without an article": "SELECT count(*) FROM article_fts_docsize WHERE id NOT IN (SELECT id FROM articles)",
        "articles missing from the index": "SELECT count(*) FROM articles WHERE id NOT IN (SELECT id FROM article_fts_docsize)",
        "pages no file links": "SELECT count(*) FROM pages WHERE id NOT IN (SELECT page_id FROM file_pages)",
        "ok files without pages": "SELECT count(*) FROM files f WHERE status = 'ok' AND page_count !="
        " (SELECT count(*) FROM file_pages fp WHERE fp.path = f.path)",
    }
    for name, sql in checks.items():
        count = conn.execute(sql).fetchone()[0]
        if count:
            problems.append(f"{count} {name}")
    try:
        conn.execute("INSERT INTO article_fts (article_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        problems.append(f"search index: {exc}")
    if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        problems.append("sqlite integrity check failed")
    return problems
