"""The archive's SQLite schema and the one function that writes a file's pages.

Identity: a page is its text's SHA-256; a file is its resolved path, with the
SHA-256 of its bytes. Writing a file's pages is one transaction, so a crash
(even kill -9) leaves either the old state or the new one, never half of each.
WAL mode lets readers search while an ingest writes.

Opening (`connect`): an archive is recognised by its SQLite application id (or, for
archives made before the id existed, by its schema version and tables). Anything else
(another program's database, a file that is not SQLite, an empty file) is refused with
`NotAnArchive` before a single byte is written. `readonly=True` (search, serve) opens
with `mode=ro` and never writes, not even the journal mode; where the directory is not
writable either, the archive is opened `immutable` (no writer can exist there).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from banmian.archive.tokens import index_columns
from banmian.errors import InputError
from banmian.model import Article, Page

SCHEMA_VERSION = 2
# `PRAGMA application_id` of a banmian archive ("bmn1"): `file` and other tools name it.
APPLICATION_ID = 0x626D6E31
SQLITE_HEADER = b"SQLite format 3\x00"
# FTS5 buffers this many bytes of new postings per transaction before writing a segment.
# Batches of files stay far below it; one long dump is one transaction, and the buffer
# (with its overhead, about twice this) is what its ingest holds in memory.
FTS_HASHSIZE = 8 * 2**20
# The tables that make a file made before the application id (schema 1) an archive.
CORE_TABLES = frozenset({"files", "pages", "file_pages", "articles", "blocks", "meta", "article_fts"})
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
-- The page as printed (schema 2): an image for screens, rendered from a PDF page or
-- scaled from a scan at ingest; `scale` is image pixels per unit of the page's boxes.
CREATE TABLE IF NOT EXISTS page_images (
    page_id     INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    media_type  TEXT NOT NULL,              -- image/webp or image/png
    width       INTEGER NOT NULL,           -- pixels
    height      INTEGER NOT NULL,
    scale       REAL NOT NULL,              -- pixels per box unit (PDF point or scan pixel)
    regions     TEXT,                       -- JSON: each article's (and block's) column regions, in box units
    data        BLOB NOT NULL,
    thumbnail   BLOB                        -- the page small, for an issue's list of pages
);
-- Pre-tokenized text (see tokens.py): the ascii tokenizer only splits on spaces here.
-- Contentless (the text lives in `blocks`), which halves the index's size; rows are
-- removed with FTS5's 'delete' command and tokens recomputed from the stored text.
CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5(
    title_bi, title_uni, body_bi, body_uni, tokenize = 'ascii', content = ''
);
-- Let FTS5 buffer up to 8 MB of new postings per transaction before writing a
-- segment (default 1 MB): fewer, larger segments make bulk ingest faster; see FTS_HASHSIZE.
INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', 8388608);
"""

# Block types whose text is the article's heading, not its body.
HEADING_BLOCKS = ("title", "kicker", "subtitle")


class NotAnArchive(InputError):
    """The file named as the archive is something else; it was left untouched."""


class ArchiveFull(InputError):
    """The disk (or SQLite's size limit) ran out while writing the archive."""


def _refuse_non_archive_file(path: Path) -> None:
    """Refuse, by looking at its bytes only, an existing file that cannot be an archive."""
    if not path.is_file():
        raise NotAnArchive(f"{path}: not a file")
    if path.stat().st_size == 0:
        raise NotAnArchive(
            f"{path}: an empty file, not a banmian archive (left as it is: remove it or choose another --db)"
        )
    with path.open("rb") as stream:
        if stream.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotAnArchive(f"{path}: not a banmian archive (not an SQLite database; left untouched)")


def _check_identity(conn: sqlite3.Connection, path: Path) -> int:
    """The archive's schema version; NotAnArchive for any other SQLite database."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if app_id != APPLICATION_ID and not (app_id == 0 and version >= 1 and CORE_TABLES <= tables):
        raise NotAnArchive(
            f"{path}: not a banmian archive (an SQLite database of another program; left untouched)"
        )
    if version > SCHEMA_VERSION:
        raise NotAnArchive(f"{path}: archive schema {version} is newer than this banmian ({SCHEMA_VERSION})")
    return version


def _configure(conn: sqlite3.Connection, timeout: float) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")


def _open_readonly(path: Path, timeout: float) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK):
            raise
    # A WAL archive in a directory nobody may write: its -shm file cannot be made,
    # and no writer can exist, so the file is read as immutable.
    conn = sqlite3.connect(uri + "&immutable=1", uri=True, timeout=timeout, isolation_level=None,
                           check_same_thread=False)
    return conn


def _create(path: Path, timeout: float) -> sqlite3.Connection:
    """A new archive, schema and all in one transaction; no file is left if that fails."""
    conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.executescript(
            "BEGIN IMMEDIATE;" + _SCHEMA + f"INSERT OR IGNORE INTO meta VALUES ('tokens', '{TOKENS_VERSION}');"
            f"PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
        )
    except BaseException:
        conn.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return conn


def connect(path: str | Path, *, timeout: float = 30.0, readonly: bool = False) -> sqlite3.Connection:
    """Open an archive (for writing: creating it if the file does not exist).

    NotAnArchive (an InputError) for a file that is not a banmian archive, which stays
    untouched; InputError for a missing archive when `readonly`.
    """
    path = Path(path)
    if readonly:
        if not path.exists():
            raise InputError(f"{path}: no such archive (create it with `banmian ingest`)")
        _refuse_non_archive_file(path)
        conn = _open_readonly(path, timeout)
        try:
            _configure(conn, timeout)
            _check_identity(conn, path)
            row = conn.execute("SELECT value FROM meta WHERE key = 'tokens'").fetchone()
            if row is None or row[0] != TOKENS_VERSION:
                raise NotAnArchive(
                    f"{path}: its search index was built by another banmian version; "
                    "run `banmian ingest` on it once to rebuild the index"
                )
        except BaseException:
            conn.close()
            raise
        return conn
    if path.exists():
        _refuse_non_archive_file(path)
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
        try:
            version = _check_identity(conn, path)
            if version < SCHEMA_VERSION:  # schema 1: add what schema 2 has more, and the id
                conn.executescript(
                    "BEGIN IMMEDIATE;" + _SCHEMA + f"PRAGMA application_id = {APPLICATION_ID};"
                    f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
                )
        except BaseException:
            conn.close()
            raise
    else:
        conn = _create(path, timeout)
    try:
        _configure(conn, timeout)
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL still keeps every commit atomic across a crash; only the
        # last commits may be lost on power failure, which a rerun of ingest repairs.
        conn.execute("PRAGMA synchronous = NORMAL")
        _limit_pending_postings(conn)
        row = conn.execute("SELECT value FROM meta WHERE key = 'tokens'").fetchone()
        if row is None or row[0] != TOKENS_VERSION:
            reindex(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _limit_pending_postings(conn: sqlite3.Connection) -> None:
    """Keep FTS5's buffer of new postings at FTS_HASHSIZE (archives made with 64 MB too).

    The buffer lives for a transaction, and a dump's pages are one transaction: its
    size bounds what an ingest holds in memory for a long file.
    """
    row = conn.execute("SELECT v FROM article_fts_config WHERE k = 'hashsize'").fetchone()
    if row is None or int(row[0]) != FTS_HASHSIZE:
        conn.execute("INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', ?)", (FTS_HASHSIZE,))


def rollback_quietly(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open (SQLite ends it itself after some errors,
    such as a full disk: a second ROLLBACK would hide the first error)."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


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
        rollback_quietly(conn)
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
class PreparedImage:
    """The page as printed, sized for screens (see images.py)."""

    media_type: str
    width: int
    height: int
    scale: float  # image pixels per unit of the page's boxes
    data: bytes
    regions: str | None = None  # JSON, see images.page_regions
    thumbnail: bytes | None = None  # the page small, same format


@dataclass
class PreparedPage:
    sha256: str
    page_index: int | None
    page_no: int | None
    line_count: int
    raw_text: str
    page_json: str
    articles: list[PreparedArticle] = field(default_factory=list)
    image: PreparedImage | None = None


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
    if page.image is not None:
        image = page.image
        conn.execute(
            "INSERT INTO page_images (page_id, media_type, width, height, scale, regions, data, thumbnail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (page_id, image.media_type, image.width, image.height, image.scale, image.regions, image.data,
             image.thumbnail),
        )
    return page_id


@dataclass
class FileToStore:
    path: str
    sha256: str  # of the file's bytes
    pages: list[PreparedPage]
    paper: str | None = None
    date: str | None = None


@dataclass
class FileState:
    """A file being written: its former pages, and the pages written for it so far."""

    path: str
    sha256: str  # of the file's bytes
    old_ids: list[int]
    page_shas: set[str] = field(default_factory=set)


def begin_file(conn: sqlite3.Connection, path: str, sha256: str) -> FileState:
    """Start replacing a file's pages (inside the caller's transaction)."""
    old_ids = [r[0] for r in conn.execute("SELECT page_id FROM file_pages WHERE path = ?", (path,))]
    conn.execute(
        "INSERT INTO files (path, sha256, status, error, page_count, ingested_at) VALUES (?, ?, 'ok', NULL, 0, ?)"
        " ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, status = 'ok', error = NULL,"
        " ingested_at = excluded.ingested_at",
        (path, sha256, _now()),
    )
    conn.execute("DELETE FROM file_pages WHERE path = ?", (path,))
    return FileState(path, sha256, old_ids)


def add_file_page(
    conn: sqlite3.Connection, file: FileState, page: PreparedPage, paper: str | None, date: str | None,
    result: StoreResult | None = None,
) -> None:
    """Link one page to the file, storing it unless its text is archived already."""
    row = conn.execute("SELECT id FROM pages WHERE sha256 = ?", (page.sha256,)).fetchone()
    if row is None:
        page_id = _insert_page(conn, file.path, page, paper, date)
        new = True
    else:
        page_id = row[0]
        new = False
    file.page_shas.add(page.sha256)
    conn.execute("INSERT OR IGNORE INTO file_pages (path, page_id) VALUES (?, ?)", (file.path, page_id))
    if result is not None:
        result.new_pages += new
        result.known_pages += not new


def end_file(conn: sqlite3.Connection, file: FileState, result: StoreResult) -> None:
    """Record the file's page count and drop its former pages that no file links any more."""
    conn.execute("UPDATE files SET page_count = ? WHERE path = ?", (len(file.page_shas), file.path))
    orphans = [
        page_id
        for page_id in file.old_ids
        if conn.execute("SELECT 1 FROM file_pages WHERE page_id = ?", (page_id,)).fetchone() is None
    ]
    _unindex_pages(conn, orphans)
    for page_id in orphans:
        result.removed_pages += conn.execute("DELETE FROM pages WHERE id = ?", (page_id,)).rowcount


def _store_one(conn: sqlite3.Connection, item: FileToStore, result: StoreResult) -> None:
    file = begin_file(conn, item.path, item.sha256)
    for page in item.pages:
        add_file_page(conn, file, page, item.paper, item.date, result)
    end_file(conn, file, result)


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
        rollback_quietly(conn)
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
