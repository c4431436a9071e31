"""The `banmian` command: a thin shell over the library API.

Each command group lives in its own module and registers itself on the app.
"""

from __future__ import annotations

import typer

import banmian
from banmian.cli import archive_cmd, parse_cmd, pdf_cmd, synth_cmd

app = typer.Typer(
    name="banmian",
    help="Rebuild the articles of Chinese newspaper pages from raw text or PDF.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



def _print_version(value: bool) -> None:
    if value:
        build = "compiled pipeline" if banmian.COMPILED else "pure Python"
        typer.echo(f"banmian {banmian.__version__} ({build})")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and the build, and exit."
    ),
) -> None:
    """Rebuild the articles of Chinese newspaper pages from raw text or PDF."""


parse_cmd.register(app)
synth_cmd.register(app)
pdf_cmd.register(app)
archive_cmd.register(app)


def main() -> None:
    app()
