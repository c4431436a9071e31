"""Writing a Parquet dataset from many inputs: tasks, resumption, exactly-once pages.

The inputs are cut into tasks of a few dozen files. A task runs anywhere (in this
process, a local process pool, or a Dask worker, `banmian.distributed`): it reads its
inputs, parses them, writes one fragment per table and partition named after the task
(`part-<task>.parquet`, each renamed into place whole) and then its ledger entry,
`_banmian/ledger/<task>.json`, listing every input with its SHA-256 and outcome.

- **Exactly once.** A task that runs twice (its worker was lost and the scheduler ran it
  again) writes the same file names again; a fragment whose task has no ledger entry
  (a run killed between the two) is deleted by the next run before it starts.
- **Resumable.** A run first reads the ledger: an input whose path was written before
  with the same content hash is read and hashed by its task but not parsed or written
  again. An input whose content changed is parsed again and its old rows are removed.
- **Bad input** is recorded per file in the ledger and the report (`failed`, with the
  one-line error), never stops the run, and is tried again by the next run.
"""

from __future__ import annotations

import os
import posixpath
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import banmian
from banmian.errors import BanmianError, InputError
from banmian.export.parquet import (
    DATASET_SCHEMA,
    LEDGER_DIR,
    META_DIR,
    PARTIAL_SUFFIX,
    TABLES,
    PageRecord,
    dataset_files,
    pyarrow_modules,
    read_json,
    record_rows,
    task_of_fragment,
    write_fragments,
    write_json,
)
from banmian.export.source_pages import read_source_pages
from banmian.extras import require
from banmian.inputs.sources import InputRef, content_sha256, read_bytes

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

# Files per task: large enough that a task's fixed costs (scheduling, one Parquet file per
# table, its ledger entry) are small next to parsing it (a few tenths of a second of text
# pages), small enough to spread a collection over many workers (docs/scale.md).
DEFAULT_BATCH_FILES = 64


@dataclass(frozen=True)
class BatchTask:
    """Inputs parsed and written together; `known` is each input's SHA-256 already written."""

    key: str
    root: str  # the dataset's URL or local path
    inputs: tuple[InputRef, ...]
    known: tuple[str | None, ...]
    paper: str | None = None
    date: str | None = None
    encoding: str | None = None
    conventions: str | None = None  # a family or conventions file for text pages (else detected)


@dataclass
class InputOutcome:
    path: str
    sha256: str
    status: str  # ok | unchanged | failed
    error: str | None = None
    pages: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "status": self.status, "error": self.error,
                "pages": self.pages}


@dataclass
class BatchReport:
    key: str
    outcomes: list[InputOutcome] = field(default_factory=list)
    pages: int = 0
    articles: int = 0
    blocks: int = 0
    bytes_written: int = 0


@dataclass
class DatasetReport:
    inputs: int = 0
    written: int = 0  # inputs parsed and written
    unchanged: int = 0  # inputs skipped: written before with the same content
    failed: list[InputOutcome] = field(default_factory=list)
    replaced: int = 0  # inputs whose changed content replaced their old rows
    pages: int = 0
    articles: int = 0
    blocks: int = 0
    bytes_written: int = 0
    orphans_removed: int = 0
    tasks: int = 0
    elapsed_s: float = 0.0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def add(self, batch: BatchReport) -> None:
        self.tasks += 1
        self.pages += batch.pages
        self.articles += batch.articles
        self.blocks += batch.blocks
        self.bytes_written += batch.bytes_written
        for outcome in batch.outcomes:
            if outcome.status == "ok":
                self.written += 1
            elif outcome.status == "unchanged":
                self.unchanged += 1
            else:
                self.failed.append(outcome)


def filesystem(url: str) -> tuple[AbstractFileSystem, str]:
    """The fsspec filesystem and path of a dataset root (a local path or a URL)."""
    fsspec = require("fsspec", "parquet")
    if "://" not in url:
        url = os.path.abspath(url)
    fs, path = fsspec.core.url_to_fs(url)
    return fs, str(path)


def _first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else ""


def _date_of(ref: InputRef, task: BatchTask) -> str | None:
    if ref.date or task.date:
        return ref.date or task.date
    from banmian.archive.ingest import date_from_path

    return date_from_path(ref.url)


def _parse_input(ref: InputRef, task: BatchTask, known: str | None) -> tuple[InputOutcome, list[PageRecord]]:
    """Read, hash and parse one input; never raises (a failure is its outcome)."""
    from banmian.archive.ingest import page_number_from_name

    try:
        data = read_bytes(ref.url)
    except BanmianError as exc:
        return InputOutcome(ref.url, "", "failed", _first_line(exc)), []
    sha = content_sha256(data)
    if known == sha:
        return InputOutcome(ref.url, sha, "unchanged"), []
    try:
        parsed = [(p.page, p.text) for p in read_source_pages(data, ref.url, task.encoding, task.conventions)]
        if not parsed:
            return InputOutcome(ref.url, sha, "failed", "no pages found"), []
        name_page = page_number_from_name(ref.url)
        paper, date = ref.paper or task.paper, _date_of(ref, task)
        records = [
            PageRecord(
                page=page,
                text=text,
                paper=paper,
                date=date,
                page_no=page.page if page.page is not None and len(parsed) > 1 else name_page,
                source_path=ref.url,
                source_sha256=sha,
            )
            for page, text in parsed
        ]
    except BanmianError as exc:  # bad input: its message names the file
        return InputOutcome(ref.url, sha, "failed", _first_line(exc)), []
    except Exception as exc:  # a parser bug must not stop the run: record it
        return InputOutcome(ref.url, sha, "failed", f"{type(exc).__name__}: {_first_line(exc)}".rstrip(": ")), []
    return InputOutcome(ref.url, sha, "ok", pages=len(records)), records


def run_batch(task: BatchTask) -> BatchReport:
    """Parse a task's inputs and write its fragments, then its ledger entry (runs in a worker)."""
    fs, root = filesystem(task.root)
    report = BatchReport(task.key)
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    for ref, known in zip(task.inputs, task.known, strict=True):
        outcome, records = _parse_input(ref, task, known)
        report.outcomes.append(outcome)
        for record in records:
            for table, table_rows in record_rows(record).items():
                rows[table].extend(table_rows)
    report.pages = len(rows["pages"])
    report.articles = len(rows["articles"])
    report.blocks = len(rows["blocks"])
    fragments: list[str] = []
    if report.pages:
        fragments, report.bytes_written = write_fragments(fs, root, task.key, rows)
    ledger = {
        "task": task.key,
        "schema": DATASET_SCHEMA,
        "inputs": [o.to_dict() for o in report.outcomes],
        "fragments": [posixpath.relpath(p, root) for p in fragments],
    }
    write_json(fs, posixpath.join(root, LEDGER_DIR, f"{task.key}.json"), ledger)
    return report


# --- the coordinating side -------------------------------------------------------------


@dataclass
class Ledger:
    """What the dataset holds: per input path, the task and content hash that wrote it."""

    written: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (sha256, task)
    tasks: dict[str, dict[str, Any]] = field(default_factory=dict)


def read_ledger(fs: AbstractFileSystem, root: str) -> Ledger:
    ledger = Ledger()
    folder = posixpath.join(root, LEDGER_DIR)
    if not fs.exists(folder):
        return ledger
    for path in sorted(fs.find(folder)):
        if not path.endswith(".json"):
            continue
        entry = read_json(fs, path)
        ledger.tasks[entry["task"]] = entry
        for item in entry["inputs"]:
            if item["status"] == "ok":
                ledger.written[item["path"]] = (item["sha256"], entry["task"])
    return ledger


def remove_orphans(fs: AbstractFileSystem, root: str, ledger: Ledger) -> int:
    """Delete fragments of tasks without a ledger entry, and half-written temporary files."""
    removed = 0
    for table in TABLES:
        base = posixpath.join(root, table)
        if not fs.exists(base):
            continue
        for path in fs.find(base):
            task = task_of_fragment(path)
            if path.endswith(PARTIAL_SUFFIX) or (task is not None and task not in ledger.tasks):
                fs.rm(path)
                removed += 1
    return removed


def _drop_rows(fs: AbstractFileSystem, root: str, task: str, stale: set[tuple[str, str]]) -> None:
    """Rewrite a task's fragments without the rows of `stale` (path, sha256) inputs."""
    pa, pq = pyarrow_modules()
    from banmian.export.parquet import write_atomically

    for table in TABLES:
        for path in dataset_files(fs, root, table):
            if task_of_fragment(path) != task:
                continue
            with fs.open(path, "rb") as stream:
                data = pq.read_table(stream)
            keep = [
                (p, s) not in stale
                for p, s in zip(data.column("source_path").to_pylist(), data.column("source_sha256").to_pylist(),
                                strict=True)
            ]
            if all(keep):
                continue
            if not any(keep):
                fs.rm(path)
                continue
            kept = data.filter(pa.array(keep))
            write_atomically(fs, path, lambda stream, kept=kept: pq.write_table(kept, stream, compression="zstd"))


def replace_changed(fs: AbstractFileSystem, root: str, ledger: Ledger, rewritten: dict[str, str]) -> int:
    """Remove the old rows of inputs written again with new content; the count replaced.

    `rewritten` maps a path to the task that has just written its new content.
    """
    stale_by_task: dict[str, set[tuple[str, str]]] = {}
    for path, new_task in rewritten.items():
        old = ledger.written.get(path)
        if old is not None and old[1] != new_task:
            stale_by_task.setdefault(old[1], set()).add((path, old[0]))
    for task, stale in stale_by_task.items():
        _drop_rows(fs, root, task, stale)
        entry = ledger.tasks[task]
        entry["inputs"] = [i for i in entry["inputs"] if (i["path"], i["sha256"]) not in stale]
        write_json(fs, posixpath.join(root, LEDGER_DIR, f"{task}.json"), entry)
    return sum(len(s) for s in stale_by_task.values())


def plan_tasks(
    refs: list[InputRef],
    root: str,
    ledger: Ledger,
    *,
    batch_files: int = DEFAULT_BATCH_FILES,
    paper: str | None = None,
    date: str | None = None,
    encoding: str | None = None,
    conventions: str | None = None,
) -> list[BatchTask]:
    """Tasks of at most `batch_files` inputs, each of one paper and year where the run can
    tell (manifest, options, a date in the path): a task then writes one file per table,
    not one per partition its inputs happen to span."""
    from banmian.archive.ingest import date_from_path

    def partition(ref: InputRef) -> tuple[str, str]:
        day = ref.date or date or date_from_path(ref.url)
        return (ref.paper or paper or "", day[:4] if day else "")

    groups: dict[tuple[str, str], list[InputRef]] = {}
    for ref in refs:
        groups.setdefault(partition(ref), []).append(ref)
    run = f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    tasks: list[BatchTask] = []
    size = max(1, batch_files)
    for members in groups.values():
        for start in range(0, len(members), size):
            chunk = tuple(members[start : start + size])
            known = tuple(ledger.written[r.url][0] if r.url in ledger.written else None for r in chunk)
            tasks.append(BatchTask(f"{run}-{len(tasks):06d}", root, chunk, known, paper, date, encoding, conventions))
    return tasks


TaskRunner = Callable[[list[BatchTask]], Iterator[BatchReport]]
ProgressCallback = Callable[[DatasetReport, int], None]


def prepare_dataset(out: str) -> tuple[AbstractFileSystem, str, Ledger, int]:
    """Open (or create) a dataset root: its ledger, with orphaned fragments removed."""
    fs, root = filesystem(out)
    if fs.exists(root) and not fs.isdir(root):
        raise InputError(f"{out}: not a directory (a Parquet dataset is a directory)")
    marker = posixpath.join(root, META_DIR, "dataset.json")
    if fs.exists(root) and fs.ls(root) and not fs.exists(marker):
        raise InputError(f"{out}: exists and is not a banmian dataset (choose a new or empty directory)")
    if fs.exists(marker):
        found = read_json(fs, marker).get("schema")
        if found != DATASET_SCHEMA:
            raise InputError(f"{out}: a dataset of schema {found!r}; this banmian writes {DATASET_SCHEMA}")
    pyarrow_modules()  # fail before any work when the extra is missing
    ledger = read_ledger(fs, root)
    orphans = remove_orphans(fs, root, ledger)
    write_json(fs, marker, {"schema": DATASET_SCHEMA, "tables": list(TABLES), "banmian": banmian.__version__})
    return fs, root, ledger, orphans


def write_dataset(
    refs: list[InputRef],
    out: str,
    run_tasks: TaskRunner,
    *,
    batch_files: int = DEFAULT_BATCH_FILES,
    paper: str | None = None,
    date: str | None = None,
    encoding: str | None = None,
    conventions: str | None = None,
    progress: ProgressCallback | None = None,
) -> DatasetReport:
    """Parse `refs` into the dataset at `out` with `run_tasks` (local or Dask); what happened."""
    started = time.perf_counter()
    fs, root, ledger, orphans = prepare_dataset(out)
    task_root = out if "://" in out else os.path.abspath(out)  # what every worker can open
    tasks = plan_tasks(refs, task_root, ledger, batch_files=batch_files, paper=paper,
                       date=date, encoding=encoding, conventions=conventions)
    report = DatasetReport(inputs=len(refs), orphans_removed=orphans)
    rewritten: dict[str, str] = {}
    if progress:
        progress(report, len(tasks))
    for batch in run_tasks(tasks):
        report.add(batch)
        # only inputs written before with other content: their old rows must go
        rewritten.update(
            (o.path, batch.key)
            for o in batch.outcomes
            if o.status == "ok" and o.path in ledger.written and ledger.written[o.path][0] != o.sha256
        )
        if progress:
            progress(report, len(tasks))
    report.replaced = replace_changed(fs, root, ledger, rewritten)
    report.elapsed_s = time.perf_counter() - started
    return report


def local_runner(jobs: int) -> TaskRunner:
    """Tasks in this process (jobs <= 1) or in a pool of forked processes, as they finish."""

    def run(tasks: list[BatchTask]) -> Iterator[BatchReport]:
        if jobs <= 1 or len(tasks) <= 1:
            yield from map(run_batch, tasks)
            return
        from banmian.workers import worker_pool

        with worker_pool(jobs) as ordered_map:
            yield from ordered_map(run_batch, tasks)

    return run
