"""`banmian parse` and `banmian eval`: thin shells over banmian.reader, render and evaluate.

Errors about the input reach the user as one line, `error: ...`, with exit status 2.
A bug elsewhere gives one line and status 1 (set BANMIAN_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from banmian.conventions import load_conventions
from banmian.errors import BanmianError, InputError
from banmian.evaluate import LOWER_IS_BETTER, METRIC_KEYS, EvalReport, evaluate_pairs, pairs_in_directory
from banmian.inputs.text import STDIN, expand_paths, parse_input, parse_page_numbers, read_input_bytes
from banmian.model import Page
from banmian.render import FORMATS, render, to_jsonl

T = TypeVar("T")
# `--conventions`, the same for parse and eval
ConventionsOption = Annotated[
    str | None,
    typer.Option(
        "--conventions",
        help="Read pages with these conventions: mainland, hktw, republican, or a .toml file (else detected per page).",
    ),
]
R = TypeVar("R")


@dataclass(frozen=True)
class _ParseJob:
    path: Path
    data: bytes | None
    encoding: str | None
    pages: list[int] | None
    conventions: str | None = None


def _run_job(job: _ParseJob) -> list[Page]:
    return parse_input(
        job.path, data=job.data, encoding=job.encoding, pages=job.pages, conventions=job.conventions
    )


def _fail(message: str, status: int = 2) -> typer.Exit:
    sys.stderr.write(f"error: {message}\n")
    return typer.Exit(status)


def _guarded(action: Callable[[], T]) -> T:
    """Run `action`, turning every failure into one line on stderr and an exit status."""
    try:
        return action()
    except BanmianError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise _fail(f"{where}{exc.strerror or exc.__class__.__name__}") from None
    except UnicodeError as exc:
        raise _fail(f"{exc.__class__.__name__}: {exc}") from None
    except MemoryError:
        raise _fail("out of memory (input too large)") from None
    except typer.Exit:
        raise
    except Exception as exc:
        if os.environ.get("BANMIAN_DEBUG"):
            raise
        raise _fail(f"internal error: {exc.__class__.__name__}: {exc} (BANMIAN_DEBUG=1 shows where)", 1) from None


def _progress(total: int) -> Progress | None:
    """A progress bar on stderr, only for a person watching several files."""
    if total < 2 or not sys.stderr.isatty():
        return None
    return Progress(
        TextColumn("parsing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _map_jobs(work: Callable[[_ParseJob], R], jobs: list[_ParseJob], workers: int) -> list[R]:
    """Run `work` on every job, in `workers` processes, keeping the input order."""

    def results() -> Iterator[R]:
        if workers > 1 and len(jobs) > 1:
            processes = min(workers, len(jobs))
            # Chunks amortise the round trip to a worker over several small pages.
            chunk = max(1, min(16, len(jobs) // (processes * 4)))
            with ProcessPoolExecutor(max_workers=processes) as pool:
                # map keeps the input order whatever order the workers finish in.
                yield from pool.map(work, jobs, chunksize=chunk)
        else:
            yield from map(work, jobs)

    done: list[R] = []
    progress = _progress(len(jobs))
    if progress is None:
        done.extend(results())
        return done
    with progress:
        task = progress.add_task("parsing", total=len(jobs))
        for result in results():
            done.append(result)
            progress.advance(task)
    return done


def _run_job_as_jsonl(job: _ParseJob) -> str:
    # rendered in the worker: text travels back to the parent instead of page objects
    return to_jsonl(_run_job(job))


def _write_output(text: str, out: Path | None) -> None:
    if out is None:
        try:
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader (`| head`) has gone: not an error. Point stdout at /dev/null so
            # that the interpreter's own flush at exit stays quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    else:
        out.write_text(text, encoding="utf-8")


def register(app: typer.Typer) -> None:
    @app.command()
    def parse(
        paths: Annotated[
            list[Path],
            typer.Argument(metavar="PATH", help="Page dumps (.txt, any common Chinese encoding), PDFs, directories of them, or - for stdin."),
        ],
        output_format: Annotated[str, typer.Option("--format", "-f", help="json, jsonl, md or txt.")] = "json",
        out: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
        page: Annotated[
            int | None, typer.Option("--page", min=1, help="Only this page (form-feed page of a dump, or PDF page).")
        ] = None,
        pages: Annotated[str | None, typer.Option("--pages", help="Only these pages, e.g. 1-3,5.")] = None,
        encoding: Annotated[str | None, typer.Option("--encoding", help="Force the text encoding (else detected).")] = None,
        jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Parse files in this many processes.")] = 1,
        conventions: ConventionsOption = None,
    ) -> None:
        """Parse newspaper pages into articles.

        A form feed splits a dump into pages. json prints one page object, or an array
        when there are several pages; jsonl prints one page per line. --jobs spreads
        the files (not the pages of one file) over processes; the output order stays.
        """

        def run() -> str:
            if output_format not in FORMATS:
                raise InputError(f"unknown format {output_format!r}; expected one of {', '.join(FORMATS)}")
            if page is not None and pages is not None:
                raise InputError("give --page or --pages, not both")
            if conventions is not None:
                load_conventions(conventions)  # a bad name or file: one line, before any work
            selection = [page] if page is not None else parse_page_numbers(pages) if pages else None
            files = expand_paths(paths)
            if sum(str(p) == STDIN for p in files) > 1:
                raise InputError("stdin (-) given more than once")
            parse_jobs = [
                _ParseJob(p, read_input_bytes(p) if str(p) == STDIN else None, encoding, selection, conventions)
                for p in files
            ]
            if output_format == "jsonl":
                return "".join(_map_jobs(_run_job_as_jsonl, parse_jobs, jobs))
            return render([p for found in _map_jobs(_run_job, parse_jobs, jobs) for p in found], output_format)

        text = _guarded(run)
        _guarded(lambda: _write_output(text, out))

    @app.command("eval")
    def evaluate(
        files: Annotated[
            list[Path] | None, typer.Argument(metavar="RAW GOLD", help="RAW GOLD pairs: a page dump and its gold JSON.")
        ] = None,
        directory: Annotated[
            Path | None, typer.Option("--dir", help="Score every X.txt + X.gold.json pair in DIR.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
        encoding: Annotated[
            str | None, typer.Option("--encoding", help="Force the text encoding of the RAW files.")
        ] = None,
        conventions: ConventionsOption = None,
    ) -> None:
        """Parse pages and score them against hand-made gold pages, per page and on average."""

        def run() -> EvalReport:
            pairs = pairs_in_directory(directory) if directory is not None else []
            given = list(files or [])
            if len(given) % 2:
                raise InputError("eval takes RAW GOLD pairs: an even number of files")
            pairs += [(given[i], given[i + 1]) for i in range(0, len(given), 2)]
            if not pairs:
                raise InputError("nothing to score: give RAW GOLD pairs or --dir DIR")
            if conventions is not None:
                load_conventions(conventions)
            return evaluate_pairs(pairs, encoding=encoding, conventions=conventions)

        report = _guarded(run)
        if as_json:
            _write_output(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", None)
        else:
            Console().print(_report_table(report))


def _report_table(report: EvalReport) -> Table:
    table = Table(title="banmian eval", caption=f"{len(report.pages)} page(s); body_cer*: lower is better")
    table.add_column("metric")
    for scored in report.pages:
        table.add_column(scored.name, justify="right")
    if len(report.pages) > 1:
        table.add_column("mean", justify="right", style="bold")
    for key in METRIC_KEYS:
        row = [key + (" ↓" if key in LOWER_IS_BETTER else "")]
        row += [str(scored.metrics[key]) for scored in report.pages]
        if len(report.pages) > 1:
            row.append(str(report.mean[key]))
        table.add_row(*row)
    return table
