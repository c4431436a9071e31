"""`banmian ingest DATASET`: load a Parquet dataset (`banmian/dataset@1`) into the archive.

The dataset already holds parsed pages with their source text, so nothing is parsed
again: each input file's pages are rebuilt from the three tables and stored as
`ingest` stores a parsed file, one transaction per batch of files. A file already in
the archive with the same content hash is skipped, so loading a dataset again (or one
that grew) adds only what is new. Needs the extra `banmian[parquet]`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from banmian.archive.db import FileToStore, connect, prepare_page, store_files
from banmian.archive.ingest import BATCH_FILES, IngestProgress, IngestReport, ProgressCallback
from banmian.export.parquet import PageRecord, is_dataset, read_records


def is_dataset_dir(path: str | Path) -> bool:
    """Whether `path` is a directory holding a banmian Parquet dataset."""
    marker = Path(path) / "_banmian" / "dataset.json"
    return marker.is_file()


def _files(records: Iterator[PageRecord]) -> Iterator[tuple[str, str, list[PageRecord]]]:
    """(source path, content hash, its pages) per input file; a file's pages are adjacent."""
    current: tuple[str, str] | None = None
    pages: list[PageRecord] = []
    for record in records:
        key = (record.source_path, record.source_sha256)
        if key != current and pages:
            assert current is not None
            yield (*current, pages)
            pages = []
        current = key
        pages.append(record)
    if pages and current is not None:
        yield (*current, pages)


def ingest_dataset(
    root: str | Path,
    db: str | Path,
    *,
    paper: str | None = None,
    date: str | None = None,
    progress: ProgressCallback | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Store every page of the dataset at `root` in the archive `db` (`paper`/`date` override the dataset's)."""
    from banmian.export.dataset import filesystem

    started = time.perf_counter()
    report = report or IngestReport()
    fs, path = filesystem(str(root))
    if not is_dataset(fs, path):
        from banmian.errors import InputError

        raise InputError(f"{root}: not a banmian dataset (no _banmian/dataset.json)")
    conn = connect(db)
    try:
        known = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT path, sha256, status FROM files")}
        batch: list[FileToStore] = []

        def commit() -> None:
            nonlocal batch
            if batch:
                stored = store_files(conn, batch)
                report.parsed += len(batch)
                report.pages_new += stored.new_pages
                report.pages_known += stored.known_pages
                report.pages_removed += stored.removed_pages
                if progress:
                    progress(IngestProgress(report.parsed + report.unchanged, report.files, report.pages, batch[-1].path))
            batch = []

        for source, sha, records in _files(read_records(fs, path)):
            report.files += 1
            if known.get(source) == (sha, "ok"):
                report.unchanged += 1
                continue
            prepared = [
                prepare_page(r.page, r.text, page_index=r.page.page, page_no=r.page_no) for r in records
            ]
            first = records[0]
            batch.append(FileToStore(source, sha, prepared, paper or first.paper, date or first.date))
            if len(batch) >= BATCH_FILES:
                commit()
        commit()
    finally:
        conn.close()
    report.elapsed_s = time.perf_counter() - started
    return report
