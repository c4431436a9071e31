"""The `banmian` command: a thin shell over the library API.

Each command group lives in its own module and registers itself on the app.
"""

from __future__ import annotations

import typer

from banmian.cli import archive_cmd, parse_cmd, pdf_cmd, synth_cmd

app = typer.Typer(
    name="banmian",
    help="Rebuild the articles of Chinese newspaper pages from raw text or PDF.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """Rebuild the articles of Chinese newspaper pages from raw text or PDF."""


parse_cmd.register(app)
synth_cmd.register(app)
pdf_cmd.register(app)
archive_cmd.register(app)


def main() -> None:
    app()
