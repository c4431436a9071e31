"""`banmian parse` and `banmian eval` (minimal version)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from banmian.api import parse_file
from banmian.errors import BanmianError


def register(app: typer.Typer) -> None:
    @app.command()
    def parse(
        paths: list[Path],
        format: str = typer.Option("json", "--format", "-f"),
    ) -> None:
        """Parse page dumps into articles."""
        try:
            for path in paths:
                for page in parse_file(path):
                    sys.stdout.write(page.to_json() + "\n")
        except BanmianError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
