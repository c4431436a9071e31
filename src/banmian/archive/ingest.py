"""Ingest: parse text dumps and PDFs in worker processes, write them to the archive.

Workers only parse, tokenize and render page images (through the library API); the
calling process reads the inputs page by page and is the one writer, each file
all-or-nothing inside a batch transaction. A file whose bytes are unchanged since it
was last ingested is skipped, so a rerun after an interruption does only the work
that is left. Memory holds a window of pages, whatever the size of a dump.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import TypeVar

from banmian.api import parse_text
from banmian.archive.db import (
    ArchiveFull,
    FileState,
    PreparedPage,
    StoreResult,
    add_file_page,
    begin_file,
    connect,
    end_file,
    prepare_page,
    rollback_quietly,
    store_failure,
)
from banmian.archive.images import page_image, page_regions
from banmian.errors import BanmianError, InputError
from banmian.inputs.stream import (
    PageJob,
    PositionedFileJob,
    TextPageJob,
    check_input,
    open_input,
    page_jobs,
    run_page_job,
)
from banmian.model import BBox, Page
from banmian.workers import OrderedMap, worker_pool

T = TypeVar("T")

# Files stored per transaction: FTS5 writes its index once per commit, so small
# batches make bulk ingest several times faster; each file stays all-or-nothing.
BATCH_FILES = 64
BATCH_SECONDS = 0.5

# Suffixes picked up when a directory is given (a file named explicitly is always read).
INPUT_SUFFIXES = {".txt", ".text", ".pdf", ".json", ".xml", ".html", ".hocr", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}

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
    skipped: list[FileFailure] = field(default_factory=list)  # directories that could not be listed
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


def _walk(directory: Path, unreadable: list[FileFailure]) -> list[Path]:
    """Input files under `directory`, recursively, sorted; directories that cannot be listed are noted."""
    found: list[Path] = []

    def note(error: OSError) -> None:
        where = error.filename or str(directory)
        unreadable.append(FileFailure(str(where), f"cannot list directory ({error.strerror or error})"))

    for root, dirs, names in os.walk(directory, onerror=note):
        dirs.sort()
        found.extend(Path(root) / n for n in names if Path(n).suffix.lower() in INPUT_SUFFIXES
                     and not n.lower().endswith(".gold.json"))  # gold files are no input
    return sorted(p for p in found if p.is_file())


def collect_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileFailure]]:
    """(input files, directories that could not be listed); every named path must exist.

    A directory given by name that holds no input file at all is an InputError, as
    in `banmian parse`.
    """
    out: list[Path] = []
    unreadable: list[FileFailure] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and (path / "_banmian" / "dataset.json").is_file():
            found = [path]  # a Parquet dataset, loaded as it is (banmian.archive.from_dataset)
        elif path.is_dir():
            skipped = len(unreadable)
            found = _walk(path, unreadable)
            if not found:
                why = " it could read" if len(unreadable) > skipped else ""
                raise InputError(f"{path}: directory holds no *.txt, *.text or *.pdf files{why}")
        elif path.is_file():
            found = [path]
        elif path.exists():
            raise InputError(f"{path}: not a file or directory")
        else:
            raise InputError(f"{path}: no such file or directory")
        for item in found:
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                out.append(key)
    return out, unreadable


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories (recursively, known suffixes); every named path must exist."""
    return collect_inputs(paths)[0]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(2**20):
            digest.update(chunk)
    return digest.hexdigest()


# ---- what travels between the reader, the workers and the writer ----------------------------
#
# The parent reads each file as a stream of page jobs (inputs/stream.py) and sends them,
# between a FileStart and a FileEnd (or FileFailed), through an ordered window of workers;
# workers parse and prepare pages; the parent writes them in order, each file inside a
# savepoint, so that a file is all-or-nothing and memory holds a window of pages, never
# a whole dump.


@dataclass(frozen=True)
class FileStart:
    path: str
    sha256: str


@dataclass(frozen=True)
class FileEnd:
    path: str


@dataclass(frozen=True)
class FileFailed:
    path: str
    sha256: str
    error: str


@dataclass(frozen=True)
class PageWork:
    path: str
    job: PageJob
    single_page: bool  # the file holds one page: its number comes from the file name
    name_page: int | None


@dataclass
class PagesDone:
    path: str
    pages: list[PreparedPage] = field(default_factory=list)
    error: str | None = None


IngestItem = FileStart | FileEnd | FileFailed | PageWork | PagesDone


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else ""


def _parsed_with_text(job: PageJob) -> list[tuple[Page, str, list[BBox | None] | None]]:
    """The job's pages with the source text their line numbers count in, and its lines' boxes."""
    if isinstance(job, TextPageJob):
        return [(parse_text(job.text, page=job.number, source=job.source), job.text, None)]
    if isinstance(job, PositionedFileJob):  # an OCR file or a scan: OCR runs once
        from banmian.ocr_parse import parse_with_texts

        return parse_with_texts(job.path, source=job.name, pages=list(job.pages) if job.pages else None,
                                device=job.device)
    # A PDF: its lines in reading order (what `banmian text` prints).
    from banmian.positioned import layout_pages

    pages = run_page_job(job)
    layouts = dict(layout_pages(job.path, list(job.numbers), source=job.name))
    out: list[tuple[Page, str, list[BBox | None] | None]] = []
    for page in pages:
        layout = layouts.get(page.page) if page.page is not None else None
        if layout is None:
            out.append((page, "", None))
        else:
            out.append((page, layout.text, [line.bbox for line in layout.layouts]))
    return out


def prepare_work(item: IngestItem) -> IngestItem:
    """Parse and prepare the pages of a PageWork (runs in a worker); other items pass through."""
    if not isinstance(item, PageWork):
        return item
    try:
        prepared = []
        for page, text, line_boxes in _parsed_with_text(item.job):
            page_no = item.name_page if item.single_page or page.page is None else page.page
            ready = prepare_page(page, text, page_index=page.page, page_no=page_no)
            ready.image = page_image(item.job, page)
            if ready.image is not None and line_boxes is not None:
                ready.image.regions = page_regions(page, line_boxes)
            prepared.append(ready)
        return PagesDone(item.path, prepared)
    except BanmianError as exc:  # bad input: its message already names the file
        return PagesDone(item.path, error=_first_line(exc))
    except Exception as exc:  # a parser bug must not stop the ingest: record it
        return PagesDone(item.path, error=f"{type(exc).__name__}: {_first_line(exc)}".rstrip(": "))


def _file_items(path: str) -> Iterator[IngestItem]:
    """The items of one file: FileStart, its page work, then FileEnd; FileFailed at any point."""
    sha = ""
    try:
        with open_input(Path(path)) as found:
            checked = check_input(found)
            sha = checked.text.sha256 if checked.text is not None else file_sha256(Path(path))
            yield FileStart(path, sha)
            name_page = page_number_from_name(path)
            jobs = page_jobs(checked)
            first = next(jobs, None)
            if first is None:
                yield FileFailed(path, sha, "no pages found")
                return
            # A file of one page (a dump without form feeds, a one-page PDF): the file
            # name's page number applies.
            single = first.number is None if isinstance(first, TextPageJob) else first.page_count == 1
            yield PageWork(path, first, single, name_page)
            for job in jobs:
                yield PageWork(path, job, False, name_page)
    except BanmianError as exc:
        yield FileFailed(path, sha or _sha_or_empty(path), _first_line(exc))
        return
    except OSError as exc:
        yield FileFailed(path, sha, f"cannot read: {exc.strerror or exc}")
        return
    yield FileEnd(path)


def _sha_or_empty(path: str) -> str:
    try:
        return file_sha256(Path(path))
    except OSError:
        return ""


def ingest_paths(
    paths: Iterable[str | Path],
    db: str | Path,
    *,
    paper: str | None = None,
    date: str | None = None,
    jobs: int = 1,
    progress: ProgressCallback | None = None,
    parser: AbstractContextManager[OrderedMap[IngestItem, IngestItem]] | None = None,
) -> IngestReport:
    """Parse every file under `paths` into the archive `db`; return what happened.

    Raises InputError for a missing path, a directory without inputs, a bad date
    option or a `db` that is not an archive; ArchiveFull when the disk fills up (the
    files committed before stay). A file that fails to parse is recorded in the
    archive and in the report instead; so is a directory that cannot be listed.
    """
    started = time.perf_counter()
    if date is not None:
        date = parse_iso_date(date)
    files, unreadable = collect_inputs(paths)
    datasets = [f for f in files if f.is_dir()]
    files = [f for f in files if not f.is_dir()]
    report = IngestReport(files=len(files), skipped=unreadable)
    connect(db).close()  # refuse a file that is not an archive before forking workers
    if files or not datasets:
        # `parser`: pages parsed elsewhere than in local processes (banmian.distributed)
        with parser or worker_pool(max(1, jobs)) as work:
            _ingest_files(files, Path(db), paper, date, work, progress, report)
    for dataset in datasets:
        from banmian.archive.from_dataset import ingest_dataset

        ingest_dataset(dataset, db, paper=paper, date=date, progress=progress, report=report)
    report.elapsed_s = time.perf_counter() - started
    return report


class _Writer:
    """The one writer: files inside savepoints, several files per transaction."""

    def __init__(self, conn: sqlite3.Connection, db: Path, report: IngestReport) -> None:
        self.conn = conn
        self.db = db
        self.report = report
        self.batch_files = 0
        self.batch_started = time.perf_counter()
        self.pending = StoreResult()
        self.pending_parsed = 0
        self.pending_failures: list[FileFailure] = []
        self.file: FileState | None = None

    def _guard(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            rollback_quietly(self.conn)
            if "full" in str(exc):
                raise ArchiveFull(
                    f"{self.db}: the disk is full (SQLite: {exc}); the archive keeps the files stored "
                    "before this batch: free some space and run the same command again"
                ) from None
            raise

    def begin_file(self, path: str, sha256: str) -> None:
        def begin() -> None:
            if not self.conn.in_transaction:
                self.conn.execute("BEGIN IMMEDIATE")
                self.batch_started = time.perf_counter()
            self.conn.execute("SAVEPOINT file")
            self.file = begin_file(self.conn, path, sha256)

        self._guard(begin)

    def add_pages(self, pages: list[PreparedPage], paper: str | None, date: str | None) -> None:
        assert self.file is not None
        file = self.file
        def add() -> None:
            for page in pages:
                add_file_page(self.conn, file, page, paper, date, self.pending)

        self._guard(add)

    def end_file(self) -> None:
        assert self.file is not None
        file = self.file

        def end() -> None:
            end_file(self.conn, file, self.pending)
            self.conn.execute("RELEASE file")

        self._guard(end)
        self.file = None
        self.pending_parsed += 1
        self._file_done()

    def fail_file(self, path: str, sha256: str, error: str) -> None:
        def fail() -> None:
            if self.file is not None:
                self.conn.execute("ROLLBACK TO file")
                self.conn.execute("RELEASE file")
            elif not self.conn.in_transaction:
                self.conn.execute("BEGIN IMMEDIATE")
                self.batch_started = time.perf_counter()
            store_failure(self.conn, path, sha256, error)

        self._guard(fail)
        self.file = None
        self.pending_failures.append(FileFailure(path, error))
        self._file_done()

    def _file_done(self) -> None:
        self.batch_files += 1
        if self.batch_files >= BATCH_FILES or time.perf_counter() - self.batch_started >= BATCH_SECONDS:
            self.commit()

    def commit(self) -> None:
        if self.conn.in_transaction:
            self._guard(lambda: self.conn.execute("COMMIT"))
        report = self.report
        report.parsed += self.pending_parsed
        report.pages_new += self.pending.new_pages
        report.pages_known += self.pending.known_pages
        report.pages_removed += self.pending.removed_pages
        report.failures.extend(self.pending_failures)
        self.pending, self.pending_parsed, self.pending_failures = StoreResult(), 0, []
        self.batch_files = 0
        self.batch_started = time.perf_counter()


def _ingest_files(
    files: list[Path],
    db: Path,
    paper: str | None,
    date: str | None,
    work: Callable[[Callable[[IngestItem], IngestItem], Iterable[IngestItem]], Iterator[IngestItem]],
    progress: ProgressCallback | None,
    report: IngestReport,
) -> None:
    conn = connect(db)
    try:
        known = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT path, sha256, status FROM files")}
        todo: list[str] = []
        for path in files:
            previous = known.get(str(path))
            if previous and previous[1] == "ok" and previous[0] == _sha_or_empty(str(path)):
                report.unchanged += 1
            else:
                todo.append(str(path))
        done = report.unchanged
        if progress:
            progress(IngestProgress(done, len(files), 0, ""))
        writer = _Writer(conn, db, report)

        def items() -> Iterator[IngestItem]:
            for path in todo:
                yield from _file_items(path)

        failed: str | None = None
        for item in work(prepare_work, items()):
            if isinstance(item, FileStart):
                failed = None
                writer.begin_file(item.path, item.sha256)
            elif isinstance(item, PagesDone):
                if item.error is not None:
                    failed = failed or item.error
                elif failed is None:
                    writer.add_pages(item.pages, paper, date or date_from_path(item.path))
            elif isinstance(item, (FileEnd, FileFailed)):
                if isinstance(item, FileFailed):
                    writer.fail_file(item.path, item.sha256, item.error)
                elif failed is not None:
                    writer.fail_file(item.path, writer.file.sha256 if writer.file else "", failed)
                else:
                    writer.end_file()
                done += 1
                if progress:
                    progress(IngestProgress(done, len(files), report.pages + writer.pending.new_pages
                                            + writer.pending.known_pages, item.path))
        writer.commit()
    finally:
        rollback_quietly(conn)
        conn.close()
