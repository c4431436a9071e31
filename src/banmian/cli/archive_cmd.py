"""`banmian` commands: ingest, search, serve (the archive and its web reader)."""

from __future__ import annotations

import html
import json
import re
import signal
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from banmian.archive.db import DEFAULT_DB
from banmian.errors import BanmianError
from banmian.workers import Interrupted, interrupts_stop_work, usable_cores

DbOption = Annotated[Path, typer.Option("--db", help="Archive file (SQLite).")]


class _PagesPerSecond(ProgressColumn):
    """Pages stored per second so far (a file may hold several pages)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        pages = int(task.fields.get("pages", 0))
        rate = pages / elapsed if elapsed > 0 else 0.0
        return Text(f"{pages} pages {rate:.0f} pages/s", style="progress.data.speed")


@contextmanager
def _user_errors(db: Path | None = None) -> Iterator[None]:
    """Turn errors about the user's input into one line on stderr and exit status 2.

    Ctrl-C and SIGTERM stop the work cleanly (workers are stopped by the pool, the
    open transaction rolled back): one line, and the status a shell expects (130, 143).
    """
    try:
        with interrupts_stop_work():
            yield
    except BanmianError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except sqlite3.DatabaseError as exc:
        where = f"{db}: " if db is not None else ""
        typer.echo(f"error: {where}not a usable banmian archive ({exc})", err=True)
        raise typer.Exit(2) from None
    except (Interrupted, KeyboardInterrupt) as exc:
        number = exc.signal_number if isinstance(exc, Interrupted) else signal.SIGINT
        typer.echo(f"error: interrupted ({signal.Signals(number).name}); what was committed stays", err=True)
        raise typer.Exit(128 + number) from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        typer.echo(f"error: {where}{exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None


def _snippet_text(snippet: str) -> Text:
    """Rich text from an HTML snippet whose only markup is <mark>."""
    out = Text()
    for i, part in enumerate(re.split(r"</?mark>", snippet)):
        out.append(html.unescape(part), style="bold yellow" if i % 2 else "")
    return out


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command()
    def ingest(
        paths: Annotated[list[Path], typer.Argument(help="Text dumps, PDFs, or directories of them.")],
        db: DbOption = Path(DEFAULT_DB),
        paper: Annotated[str | None, typer.Option("--paper", help="Newspaper name for these pages.")] = None,
        date: Annotated[
            str | None,
            typer.Option("--date", help="Issue date YYYY-MM-DD (default: a date in the path, else unknown)."),
        ] = None,
        jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Parser processes.")] = usable_cores(),
        executor: Annotated[str, typer.Option("--executor", help="local (--jobs processes) or dask.")] = "local",
        scheduler: Annotated[
            str | None, typer.Option("--scheduler", help="dask: tcp://HOST:PORT (default: a local cluster).")
        ] = None,
        workers: Annotated[
            int | None, typer.Option("--workers", min=1, help="dask: local cluster workers (default: cores).")
        ] = None,
    ) -> None:
        """Parse pages into the archive (unchanged files are skipped; changed ones replaced).

        A Parquet dataset directory (`banmian parse --format parquet`) is loaded as it is.

        --db must name a banmian archive or a file that does not exist yet (it is then
        created); any other file, even an empty one, is refused and left untouched.
        """
        from banmian.archive.db import connect
        from banmian.archive.ingest import IngestProgress, collect_inputs, ingest_paths, parse_iso_date

        console = Console(stderr=True)
        with _user_errors(db):
            # Bad input is reported before any progress bar is drawn.
            collect_inputs(paths)
            if date is not None:
                date = parse_iso_date(date)
            connect(db).close()  # creates the archive, or fails now if `db` is not one
            from banmian.cli.dataset_cmd import check_executor, ingest_parser

            check_executor(executor, scheduler)
        with _user_errors(db), ingest_parser(executor, scheduler, workers, console) as parser, Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            _PagesPerSecond(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        ) as bar:
            task = bar.add_task("ingest", total=None, pages=0)

            def on_progress(event: IngestProgress) -> None:
                bar.update(task, total=event.files_total, completed=event.files_done, pages=event.pages_done)

            report = ingest_paths(paths, db, paper=paper, date=date, jobs=jobs, progress=on_progress, parser=parser)
        console.print(
            f"{report.files} files: {report.parsed} parsed, {report.unchanged} unchanged, "
            f"{len(report.failures)} failed; {report.pages_new} new pages, "
            f"{report.pages_known} already archived, {report.pages_removed} replaced; "
            f"{report.elapsed_s:.1f} s ({report.pages_per_s:.0f} pages/s) -> {db}",
            highlight=False,
            soft_wrap=True,
        )
        for failure in report.failures:
            # Input errors already start with the file's name.
            where = "" if failure.error.startswith(failure.path) else f"{failure.path}: "
            console.print(f"failed: {where}{failure.error}", style="red", highlight=False, soft_wrap=True)
        for skipped in report.skipped:
            console.print(f"skipped: {skipped.path}: {skipped.error}", style="red", highlight=False, soft_wrap=True)
        if report.failures or report.skipped:
            raise typer.Exit(1)

    @app.command()
    def search(
        query: Annotated[
            str,
            typer.Argument(help='Words, "phrases", AND / OR / NOT, -word, (groups). Starting with -: put -- before it.'),
        ],
        db: DbOption = Path(DEFAULT_DB),
        paper: Annotated[str | None, typer.Option("--paper")] = None,
        date_from: Annotated[str | None, typer.Option("--from", help="Earliest issue date YYYY-MM-DD.")] = None,
        date_to: Annotated[str | None, typer.Option("--to", help="Latest issue date YYYY-MM-DD.")] = None,
        kind: Annotated[str | None, typer.Option("--kind", help="article, photo, brief-list, notice, ...")] = None,
        agency: Annotated[
            str | None, typer.Option("--agency", help="News agency of the byline or dateline.")
        ] = None,
        limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 20,
        as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    ) -> None:
        """Full-text search of the archive, best matches first (reads the archive, never writes it).

        A query that starts with a minus goes after `--`: banmian search -- '-天气 聊城'.
        """
        from banmian.archive.db import connect
        from banmian.archive.fulltext import SearchFilters
        from banmian.archive.fulltext import search as run_search
        from banmian.archive.ingest import parse_iso_date

        with _user_errors(db):
            filters = SearchFilters(
                paper=paper,
                date_from=parse_iso_date(date_from) if date_from else None,
                date_to=parse_iso_date(date_to) if date_to else None,
                kind=kind,
                agency=agency,
            )
            conn = connect(db, readonly=True)
            try:
                results = run_search(conn, query, filters=filters, limit=limit)
            finally:
                conn.close()
        if as_json:
            sys.stdout.write(json.dumps(results.to_dict(), ensure_ascii=False, indent=2) + "\n")
            return
        console = Console()
        console.print(f"{results.total} articles match {query!r}", highlight=False)
        for hit in results.results:
            where = " ".join(str(x) for x in (hit.paper, hit.date, f"p.{hit.page}" if hit.page else None) if x)
            console.print(
                Text.assemble((f"#{hit.article_id} ", "dim"), (hit.title or "(untitled)", "bold"), f"  {where}")
            )
            console.print(Text("    ").append_text(_snippet_text(hit.snippet)))

    @app.command()
    def serve(
        db: DbOption = Path(DEFAULT_DB),
        host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
        allow_host: Annotated[
            list[str] | None,
            typer.Option(
                "--allow-host",
                help="A host name the reader answers to, besides localhost, 127.0.0.1 and ::1 (repeatable; "
                "needed when serving under another name; '*' allows any).",
            ),
        ] = None,
    ) -> None:
        """Run the web reader: browse papers and pages, search, read articles (read-only).

        Requests naming another host are refused (a guard against DNS rebinding):
        add the names the reader is reached by with --allow-host.
        """
        from banmian.web.app import LOCAL_HOSTS

        allowed_hosts = [*LOCAL_HOSTS, *(allow_host or [])]
        if host not in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "::"):
            allowed_hosts.append(host)
        import uvicorn

        from banmian.web import create_app

        with _user_errors(db):
            web_app = create_app(db, allowed_hosts=allowed_hosts)
        uvicorn.run(web_app, host=host, port=port, log_level="info")
