"""Ingest: parse text dumps and PDFs in worker processes, write them to the archive.

Workers only parse and tokenize (through the library API); the calling process
is the one writer, committing each file in its own transaction. A file whose
bytes are unchanged since it was last ingested is skipped, so a rerun after an
interruption does only the work that is left.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

from banmian.api import parse_bytes, parse_pdf
from banmian.archive.db import FileToStore, PreparedPage, connect, prepare_page, store_failure, store_files
from banmian.errors import BanmianError, InputError
from banmian.model import Page

# Files stored per transaction: FTS5 writes its index once per commit, so small
# batches make bulk ingest several times faster; each file stays all-or-nothing.
BATCH_FILES = 64
BATCH_SECONDS = 0.5

# Suffixes picked up when a directory is given (a file named explicitly is always read).
INPUT_SUFFIXES = {".txt", ".text", ".pdf"}

_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DATE_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
# A page number at the end of a file name: `-p2`, `_3`, ` 第4版`, `page05`.
_PAGE_IN_NAME = re.compile(r"(?:^|[-_ .])(?:p|pg|page|第)?0*(\d{1,3})(?:版)?$", re.IGNORECASE)


@dataclass
class FileFailure:
    path: str
    error: str


@dataclass
class IngestReport:
    files: int = 0  # input files found
    parsed: int = 0  # files parsed and stored
    unchanged: int = 0  # files skipped: same bytes as last time
    pages_new: int = 0
    pages_known: int = 0  # pages whose text was already archived (from any file)
    pages_removed: int = 0  # pages of changed files that were replaced
    failures: list[FileFailure] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def pages(self) -> int:
        return self.pages_new + self.pages_known

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.elapsed_s if self.elapsed_s > 0 else 0.0


@dataclass
class IngestProgress:
    files_done: int
    files_total: int
    pages_done: int
    path: str


ProgressCallback = Callable[[IngestProgress], None]


def parse_iso_date(value: str) -> str:
    """Check a `YYYY-MM-DD` option; raise InputError with a clear message if it is not a date."""
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{value!r} is not a date (expected YYYY-MM-DD)") from None


def date_from_path(path: str | Path) -> str | None:
    """The issue date written in a path as YYYY-MM-DD or YYYYMMDD (the last one wins)."""
    text = str(path)
    found: list[tuple[int, str]] = []
    for pattern in (_DATE_ISO, _DATE_COMPACT):
        for m in pattern.finditer(text):
            try:
                value = Date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            if 1800 <= value.year <= 2200:
                found.append((m.start(), value.isoformat()))
    return max(found)[1] if found else None


def page_number_from_name(path: str | Path) -> int | None:
    """The newspaper page number at the end of a file name, dates removed first."""
    stem = Path(path).stem
    stem = _DATE_COMPACT.sub("", _DATE_ISO.sub("", stem)).rstrip("-_ .")
    m = _PAGE_IN_NAME.search(stem)
    if not m:
        return None
    number = int(m.group(1))
    return number if number > 0 else None


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories (recursively, known suffixes); every named path must exist."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and (path / "_banmian" / "dataset.json").is_file():
            found = [path]  # a Parquet dataset: loaded as it is (banmian.archive.from_dataset)
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
        elif path.is_file():
            found = [path]
        else:
            raise InputError(f"{path}: no such file or directory")
        for item in found:
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                out.append(key)
    return out


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class ParseResult:
    path: str
    sha256: str
    pages: list[PreparedPage] | None = None
    error: str | None = None


def _raw_texts(data: bytes, path: str, pages: list[Page]) -> list[str]:
    """The source text of each parsed page: the text its line numbers count in."""
    if data.startswith(b"%PDF"):
        # The PDF reader's lines in reading order (what `banmian text` prints).
        from banmian.positioned import layout_pages

        numbers = [p.page for p in pages if p.page is not None]
        texts = {n: layout.text for n, layout in layout_pages(data, numbers or None, source=path)}
        return [texts.get(p.page, "") if p.page is not None else "" for p in pages]
    from banmian.inputs.text import decode_pages

    encoding = pages[0].source.encoding if pages else None
    return [text for _, text, _ in decode_pages(data, path=path, encoding=encoding)]


def parse_one(path: str) -> ParseResult:
    """Parse one file into pages ready to store (runs in a worker process; never raises)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return ParseResult(path, "", error=f"cannot read: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    try:
        pages = parse_pdf(data, source=path) if data.startswith(b"%PDF") else parse_bytes(data, source=path)
        texts = _raw_texts(data, path, pages)
        if len(texts) != len(pages):
            # Keep the source view honest: without the matching text, show none.
            texts = [""] * len(pages)
        name_page = page_number_from_name(path)
        prepared = [
            prepare_page(
                page,
                text,
                page_index=page.page,
                page_no=page.page if page.page is not None and len(pages) > 1 else name_page,
            )
            for page, text in zip(pages, texts, strict=True)
        ]
        if not prepared:
            return ParseResult(path, sha, error="no pages found")
        return ParseResult(path, sha, pages=prepared)
    except BanmianError as exc:  # bad input: its message already names the file
        return ParseResult(path, sha, error=_first_line(exc))
    except Exception as exc:  # a parser bug must not stop the ingest: record it
        return ParseResult(path, sha, error=f"{type(exc).__name__}: {_first_line(exc)}".rstrip(": "))


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else ""


@contextmanager
def _parser(jobs: int) -> Iterator[Callable[[list[str]], Iterator[ParseResult]]]:
    """A function that parses paths, in `jobs` worker processes when jobs > 1.

    The workers are forked before the archive is opened (a SQLite connection must
    not cross a fork), and inherit the imported parser instead of importing it again.
    """
    if jobs <= 1:
        yield lambda paths: map(parse_one, paths)
        return
    with multiprocessing.get_context("fork").Pool(processes=jobs) as pool:
        yield lambda paths: pool.imap_unordered(parse_one, paths, chunksize=4)


def ingest_paths(
    paths: Iterable[str | Path],
    db: str | Path,
    *,
    paper: str | None = None,
    date: str | None = None,
    jobs: int = 1,
    progress: ProgressCallback | None = None,
    parser: AbstractContextManager[Callable[[list[str]], Iterator[ParseResult]]] | None = None,
) -> IngestReport:
    """Parse every file under `paths` into the archive `db`; return what happened.

    Raises InputError for a missing path or a bad date option; a file that
    fails to parse is recorded in the archive and in the report instead.
    """
    started = time.perf_counter()
    if date is not None:
        date = parse_iso_date(date)
    files = collect_files(paths)
    datasets = [f for f in files if f.is_dir()]
    files = [f for f in files if not f.is_dir()]
    report = IngestReport(files=len(files))
    if files or not datasets:
        # `parser`: where files are parsed instead of local processes (banmian.distributed)
        with parser or _parser(max(1, jobs)) as parse_all:
            _ingest_files(files, db, paper, date, parse_all, progress, report)
    for dataset in datasets:
        from banmian.archive.from_dataset import ingest_dataset

        ingest_dataset(dataset, db, paper=paper, date=date, progress=progress, report=report)
    report.elapsed_s = time.perf_counter() - started
    return report


def _ingest_files(
    files: list[Path],
    db: str | Path,
    paper: str | None,
    date: str | None,
    parse_all: Callable[[list[str]], Iterator[ParseResult]],
    progress: ProgressCallback | None,
    report: IngestReport,
) -> None:
    conn = connect(db)
    try:
        known = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT path, sha256, status FROM files")}
        todo: list[str] = []
        for path in files:
            previous = known.get(str(path))
            if previous and previous[1] == "ok" and previous[0] == file_sha256(path):
                report.unchanged += 1
            else:
                todo.append(str(path))
        done = report.unchanged
        if progress:
            progress(IngestProgress(done, len(files), 0, ""))
        batch: list[FileToStore] = []
        batch_started = time.perf_counter()

        def commit_batch() -> None:
            nonlocal done, batch, batch_started
            if batch:
                stored = store_files(conn, batch)
                report.parsed += len(batch)
                report.pages_new += stored.new_pages
                report.pages_known += stored.known_pages
                report.pages_removed += stored.removed_pages
                done += len(batch)
                if progress:
                    progress(IngestProgress(done, len(files), report.pages, batch[-1].path))
            batch = []
            batch_started = time.perf_counter()

        for result in parse_all(todo):
            if result.pages is None:
                error = result.error or "unknown error"
                store_failure(conn, result.path, result.sha256, error)
                report.failures.append(FileFailure(result.path, error))
                done += 1
                if progress:
                    progress(IngestProgress(done, len(files), report.pages, result.path))
            else:
                file_date = date or date_from_path(result.path)
                batch.append(FileToStore(result.path, result.sha256, result.pages, paper, file_date))
            if len(batch) >= BATCH_FILES or time.perf_counter() - batch_started >= BATCH_SECONDS:
                commit_batch()
        commit_batch()
    finally:
        conn.close()
