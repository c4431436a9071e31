"""`banmian export`: a thin shell over banmian.export (METS/ALTO)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from banmian.errors import InputError

EXPORT_FORMATS = ("mets-alto",)


def register(app: typer.Typer) -> None:
    @app.command()
    def export(
        paths: Annotated[
            list[str] | None,
            typer.Argument(metavar="INPUT", help="Page dumps, PDFs, directories, globs or URLs."),
        ] = None,
        export_format: Annotated[str, typer.Option("--format", "-f", help="mets-alto.")] = "mets-alto",
        out: Annotated[Path | None, typer.Option("--output", "-o", help="Directory to write the issues to.")] = None,
        manifest: Annotated[
            list[str] | None, typer.Option("--manifest", help="A text file listing inputs, one a line.")
        ] = None,
        paper: Annotated[str | None, typer.Option("--paper", help="The newspaper of these pages.")] = None,
        date: Annotated[
            str | None, typer.Option("--date", help="Issue date YYYY-MM-DD (default: from the path).")
        ] = None,
        encoding: Annotated[str | None, typer.Option("--encoding", help="Force the text encoding.")] = None,
    ) -> None:
        """Parse pages and export them for archives: METS/ALTO (an ALTO v4 file per page, a
        METS file per issue with one ARTICLE div per article; docs/export.md).

        An issue is one paper's pages of one date (from --date, a manifest, or a date in
        the path); an input without a date is an issue of its own.
        """
        from banmian.cli.parse_cmd import _guarded

        console = Console(stderr=True)

        def run() -> int:
            from banmian.export.mets_alto import export_mets_alto
            from banmian.inputs.sources import resolve_inputs

            if export_format not in EXPORT_FORMATS:
                raise InputError(f"unknown export format {export_format!r}; expected {', '.join(EXPORT_FORMATS)}")
            if out is None:
                raise InputError("give the output directory with -o DIR")
            if out.exists() and not out.is_dir():
                raise InputError(f"{out}: not a directory")
            checked = date
            if checked is not None:
                from banmian.archive.ingest import parse_iso_date

                checked = parse_iso_date(checked)
            refs = resolve_inputs(list(paths or []), list(manifest or []))
            report = export_mets_alto(refs, out, paper=paper, date=checked, encoding=encoding)
            console.print(
                f"{len(refs)} inputs: {report.issues} issues, {report.pages} pages, {report.articles} articles, "
                f"{len(report.failed)} failed -> {out}",
                highlight=False,
                soft_wrap=True,
            )
            for where, error in report.failed:
                prefix = "" if error.startswith(where) else f"{where}: "
                console.print(f"failed: {prefix}{error}", style="red", highlight=False, soft_wrap=True)
            return 1 if report.failed else 0

        status = _guarded(run)
        if status:
            raise typer.Exit(status)
