"""The `banmian` command: a thin shell over the library API.

Each command group lives in its own module and registers itself on the app.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

try:  # Typer >= 0.20 carries its own copy of Click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as click_errors  # type: ignore[no-redef]

import banmian
from banmian.cli import archive_cmd, export_cmd, parse_cmd, pdf_cmd, synth_cmd


class OneLineErrors(TyperGroup):
    """Usage errors as one line, `error: ...` with exit status 2, like every other error."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                  standalone_mode=False, windows_expand_args=windows_expand_args, **extra)
        except click_errors.UsageError as exc:
            if not standalone_mode:
                raise
            if type(exc).__name__ == "NoArgsIsHelpError":  # `banmian` alone: the help
                exc.show()
                sys.exit(exc.exit_code)
            where = exc.ctx.command_path if exc.ctx is not None else "banmian"
            message = exc.format_message().rstrip(".")
            if isinstance(exc, click_errors.NoSuchOption) and not exc.option_name.startswith("--"):
                message += "; an argument that starts with '-' goes after `--`"
            typer.echo(f"error: {message} (see `{where} --help`)", err=True)
            sys.exit(exc.exit_code)
        except click_errors.ClickException as exc:
            if not standalone_mode:
                raise
            typer.echo(f"error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo("error: aborted", err=True)
            sys.exit(1)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    name="banmian",
    cls=OneLineErrors,
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
export_cmd.register(app)


def main() -> None:
    app()
