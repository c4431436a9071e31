"""`banmian parse` and `banmian eval`: thin shells over banmian.reader, render and evaluate.

Errors about the input reach the user as one line, `error: ...`, with exit status 2.
A bug elsewhere gives one line and status 1 (set BANMIAN_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Annotated, BinaryIO, TypeVar

import typer
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from banmian.conventions import load_conventions
from banmian.errors import BanmianError, InputError
from banmian.evaluate import LOWER_IS_BETTER, METRIC_KEYS, EvalReport, evaluate_pairs, pairs_in_directory
from banmian.inputs.stream import PageJob, TextPageJob, check_input, open_input, page_jobs, run_page_job
from banmian.inputs.text import STDIN, expand_paths, parse_page_numbers
from banmian.model import Page
from banmian.render import FORMATS
from banmian.render.markdown import page_markdown
from banmian.render.text import page_text
from banmian.workers import Interrupted, interrupts_stop_work, usable_cores, worker_pool

T = TypeVar("T")
# `--conventions`, the same for parse and eval
ConventionsOption = Annotated[
    str | None,
    typer.Option(
        "--conventions",
        help="Read pages with these conventions: mainland, hktw, republican, or a .toml file (else detected per page).",
    ),
]


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
    except (Interrupted, KeyboardInterrupt) as exc:
        number = exc.signal_number if isinstance(exc, Interrupted) else signal.SIGINT
        raise _fail(f"interrupted ({signal.Signals(number).name})", 128 + number) from None
    except typer.Exit:
        raise
    except Exception as exc:
        if os.environ.get("BANMIAN_DEBUG"):
            raise
        raise _fail(f"internal error: {exc.__class__.__name__}: {exc} (BANMIAN_DEBUG=1 shows where)", 1) from None


def _progress(files: int) -> Progress | None:
    """A count of pages on stderr, only for a person watching several files."""
    if files < 2 or not sys.stderr.isatty():
        return None
    return Progress(
        TextColumn("parsing"),
        MofNCompleteColumn(),
        TextColumn("pages"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


# How each format joins its pages: (opening, separator, closing) when there are several,
# and what follows the page when there is one.
_JOINS: dict[str, tuple[str, str, str, str]] = {
    "json": ("[\n", ",\n", "\n]\n", "\n"),
    "jsonl": ("", "", "", ""),
    "md": ("", "\n\n", "\n", "\n"),
    "txt": ("", "\f", "", ""),
}
# The output when there is no page at all.
_NO_PAGES = {"json": "[]\n", "jsonl": "", "md": "\n", "txt": ""}


def render_page(page: Page, fmt: str) -> tuple[str, str]:
    """One page in `fmt`: (as the only page of the output, as one of several)."""
    if fmt == "json":
        alone = page.to_json(indent=2)
        # As an element of the array: every line two spaces further in, as json.dumps
        # indents a list (JSON strings hold no raw line breaks, so this is exact).
        return alone, "  " + alone.replace("\n", "\n  ")
    if fmt == "jsonl":
        line = page.to_json(indent=None) + "\n"
        return line, line
    if fmt == "md":
        return page_markdown(page, heading=False), page_markdown(page, heading=True)
    text = page_text(page) + "\n"
    return text, text


def _parse_and_render(fmt: str, jobs: list[PageJob]) -> list[tuple[str, str]]:
    # rendered in the worker: text travels back to the parent instead of page objects
    return [render_page(page, fmt) for job in jobs for page in run_page_job(job)]


# Text pages sent to a worker process at a time: a trip through the pool wakes three
# threads of the parent, which cost it ~0.8 ms of CPU per page sent alone (measured on
# 1,000 pages, docs/scale.md); eight pages share one trip.
PAGES_PER_TRIP = 8


def _trips(jobs: Iterator[PageJob], size: int) -> Iterator[list[PageJob]]:
    """Jobs in groups of `size` text pages (a job of PDF pages travels alone), in order."""
    group: list[PageJob] = []
    for job in jobs:
        if not isinstance(job, TextPageJob):
            if group:
                yield group
                group = []
            yield [job]
            continue
        group.append(job)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


class PageWriter:
    """Writes rendered pages as they come, joined as `render` would join the whole list."""

    def __init__(self, fmt: str, write: Callable[[str], None]) -> None:
        self.fmt = fmt
        self.write = write
        self.count = 0
        self.first: tuple[str, str] | None = None

    def add(self, rendered: tuple[str, str]) -> None:
        opening, separator, _, _ = _JOINS[self.fmt]
        self.count += 1
        if self.fmt in ("jsonl", "txt"):  # a page looks the same alone or among others
            self.write((separator if self.count > 1 else "") + rendered[1])
            return
        if self.count == 1:
            self.first = rendered  # alone or one of several: the next page decides
            return
        if self.count == 2:
            assert self.first is not None
            self.write(opening + self.first[1])
            self.first = None
        self.write(separator + rendered[1])

    def close(self) -> None:
        if self.count == 0:
            self.write(_NO_PAGES[self.fmt])
        elif self.fmt in ("jsonl", "txt"):
            return
        elif self.count == 1:
            assert self.first is not None
            self.write(self.first[0] + _JOINS[self.fmt][3])
        else:
            self.write(_JOINS[self.fmt][2])


class ReaderGone(Exception):
    """Standard output was closed by its reader (`| head`): stop parsing, quietly."""


class Output:
    """Standard output, or the file of `-o`, written while pages are parsed.

    A file is written under a temporary name beside it and renamed when complete, so
    a failure (bad input further on, a full disk) leaves no partial file and the old
    file, if any, untouched. A target that is not a regular file (a pipe, /dev/null)
    is written directly.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.stream: BinaryIO | None = None
        self.partial: Path | None = None
        self.closed_pipe = False

    def __enter__(self) -> Output:
        if self.path is None:
            return self
        if self.path.is_dir():
            raise InputError(f"{self.path}: Is a directory")
        if self.path.exists() and not self.path.is_file():
            self.stream = self.path.open("wb")
            return self
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".partial", dir=self.path.parent)
        self.partial = Path(name)
        self.stream = os.fdopen(fd, "wb")
        return self

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        if self.path is None:
            if self.closed_pipe:
                return
            try:
                sys.stdout.buffer.write(data)
            except BrokenPipeError:
                self._reader_gone()
                raise ReaderGone from None
            return
        assert self.stream is not None
        try:
            self.stream.write(data)
        except OSError as exc:
            raise self._failed(exc) from None

    def _reader_gone(self) -> None:
        # The reader (`| head`) has gone: not an error. Point stdout at /dev/null so
        # that the interpreter's own flush at exit stays quiet.
        self.closed_pipe = True
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    def _failed(self, exc: OSError) -> InputError:
        self._discard()
        removed = " (the partial output was removed)" if self.partial is not None else ""
        return InputError(f"{self.path}: cannot write: {exc.strerror or exc.__class__.__name__}{removed}")

    def _discard(self) -> None:
        if self.stream is not None:
            with contextlib.suppress(OSError):
                self.stream.close()
            self.stream = None
        if self.partial is not None:
            self.partial.unlink(missing_ok=True)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: object) -> None:
        if kind is not None:
            self._discard()
            return
        if self.path is None:
            if not self.closed_pipe:
                try:
                    sys.stdout.flush()
                except BrokenPipeError:
                    self._reader_gone()
            return
        assert self.stream is not None
        try:
            self.stream.close()
            self.stream = None
            if self.partial is not None:
                self.partial.replace(self.path)
                self.partial = None
        except OSError as exc:
            raise self._failed(exc) from None


def default_jobs(inputs: int) -> int:
    """Processes for `inputs` files when --jobs is not given: one per core for several
    (a pool costs a fork per core; one file's pages are rarely worth it)."""
    if inputs < 2:
        return 1
    return max(1, min(usable_cores(), inputs))


def parse_to_output(
    paths: list[Path],
    *,
    fmt: str,
    out: Path | None,
    encoding: str | None,
    pages: list[int] | None,
    jobs: int | None,
    device: str = "cpu",
    conventions: str | None = None,
) -> None:
    """Parse every input page by page, writing each page as soon as it (and those before it) are done.

    `conventions`: a family or conventions file to read text pages with (else detected)."""
    files = expand_paths(paths)
    if sum(str(p) == STDIN for p in files) > 1:
        raise InputError("stdin (-) given more than once")
    with contextlib.ExitStack() as stack:
        # Every input opened and its text checked before the first page is written.
        inputs = [check_input(stack.enter_context(open_input(p)), encoding=encoding) for p in files]

        def all_jobs() -> Iterator[PageJob]:
            for file in inputs:
                yield from page_jobs(file, encoding=encoding, pages=pages, device=device, conventions=conventions)

        progress = _progress(len(inputs))
        task = progress.add_task("parsing", total=None) if progress is not None else None
        if progress is not None:
            stack.enter_context(progress)
        output = stack.enter_context(Output(out))
        writer = PageWriter(fmt, output.write)
        processes = jobs if jobs is not None else default_jobs(len(inputs))
        parse_jobs = stack.enter_context(worker_pool(processes))
        trips = _trips(all_jobs(), PAGES_PER_TRIP if processes > 1 else 1)
        try:
            for rendered in parse_jobs(partial(_parse_and_render, fmt), trips):
                for page in rendered:
                    writer.add(page)
                    if progress is not None and task is not None:
                        progress.advance(task)
            writer.close()
        except ReaderGone:
            return  # nobody reads any more: no need to parse the rest


def register(app: typer.Typer) -> None:
    @app.command()
    def parse(
        paths: Annotated[
            list[str] | None,
            typer.Argument(metavar="PATH", help="Page dumps (.txt, any common Chinese encoding), PDFs, OCR files, scans, directories of them, or - for stdin; with --format parquet also globs and URLs."),
        ] = None,
        output_format: Annotated[str, typer.Option("--format", "-f", help="json, jsonl, md, txt or parquet (a dataset directory).")] = "json",
        out: Annotated[str | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
        page: Annotated[
            int | None, typer.Option("--page", min=1, help="Only this page (form-feed page of a dump, or PDF page).")
        ] = None,
        pages: Annotated[str | None, typer.Option("--pages", help="Only these pages, e.g. 1-3,5.")] = None,
        encoding: Annotated[str | None, typer.Option("--encoding", help="Force the text encoding (else detected).")] = None,
        jobs: Annotated[
            int | None,
            typer.Option("--jobs", "-j", min=1, help="Parse pages in this many processes (default: one per core for several inputs)."),
        ] = None,
        device: Annotated[
            str, typer.Option("--device", help="Where OCR of scans runs: cpu, or cuda (onnxruntime's GPU provider).")
        ] = "cpu",
        conventions: ConventionsOption = None,
        executor: Annotated[str, typer.Option("--executor", help="parquet: local (--jobs processes) or dask.")] = "local",
        scheduler: Annotated[
            str | None, typer.Option("--scheduler", help="parquet, dask: tcp://HOST:PORT (default: a local cluster).")
        ] = None,
        manifest: Annotated[
            list[str] | None, typer.Option("--manifest", help="parquet: a text file listing inputs, one a line.")
        ] = None,
        paper: Annotated[str | None, typer.Option("--paper", help="parquet: the newspaper of these pages.")] = None,
        date: Annotated[str | None, typer.Option("--date", help="parquet: issue date YYYY-MM-DD (default: from the path).")] = None,
        workers: Annotated[
            int | None, typer.Option("--workers", min=1, help="parquet, dask: local cluster workers (default: cores).")
        ] = None,
        batch: Annotated[int | None, typer.Option("--batch", min=1, help="parquet: files per task.")] = None,
    ) -> None:
        """Parse newspaper pages into articles.

        A form feed splits a dump into pages. json prints one page object, or an array
        when there are several pages; jsonl prints one page per line. Pages are read,
        parsed and written one at a time (memory does not grow with the pages of a
        dump). --jobs spreads the pages over processes; the output order stays. With
        -o, the file appears only when complete.
        """

        def run() -> None:
            if conventions is not None:
                load_conventions(conventions)  # a bad name or file: one line, before any work
            if output_format == "parquet":
                from banmian.cli.dataset_cmd import parse_to_dataset

                if page is not None or pages is not None:
                    raise InputError("--page/--pages select pages of one input; a dataset takes whole inputs")
                if device != "cpu":
                    raise InputError("--device: not with --format parquet (its workers run any OCR on the CPU)")
                report = parse_to_dataset(
                    list(paths or []), out, manifests=list(manifest or []), executor=executor, scheduler=scheduler,
                    jobs=jobs or usable_cores(), workers=workers, batch_files=batch, paper=paper, date=date, encoding=encoding,
                    # (a file by its absolute path: workers may run elsewhere)
                    conventions=os.path.abspath(conventions) if conventions and os.path.isfile(conventions) else conventions,
                )
                if report.failed:
                    raise typer.Exit(1)
                return
            dataset_only = {"--executor": executor != "local", "--scheduler": scheduler, "--manifest": manifest,
                            "--paper": paper, "--date": date, "--workers": workers, "--batch": batch}
            given = [name for name, value in dataset_only.items() if value]
            if given:
                raise InputError(f"{', '.join(given)}: only with --format parquet")
            if not paths:
                raise InputError("no input given")
            if output_format not in FORMATS:
                raise InputError(f"unknown format {output_format!r}; expected one of {', '.join(FORMATS)}")
            if page is not None and pages is not None:
                raise InputError("give --page or --pages, not both")
            from banmian.inputs.scan import DEVICES

            if device not in DEVICES:
                raise InputError(f"--device {device}: expected one of {', '.join(DEVICES)}")
            selection = [page] if page is not None else parse_page_numbers(pages) if pages else None
            with interrupts_stop_work():
                parse_to_output([Path(p) for p in paths], fmt=output_format, out=Path(out) if out else None,
                                encoding=encoding, pages=selection, jobs=jobs, device=device,
                                conventions=conventions)

        _guarded(run)

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
            with Output(None) as output:
                output.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
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
