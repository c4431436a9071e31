"""`banmian synth`: write synthetic pages with their gold files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from banmian.errors import BanmianError


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command()
    def synth(
        out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the X.txt + X.gold.json pairs.")],
        n: Annotated[int, typer.Option("--n", "-n", help="Number of pages.")] = 10,
        seed: Annotated[int, typer.Option("--seed", "-s", help="Same seed, same pages.")] = 0,
        profile: Annotated[
            str | None,
            typer.Option(
                "--profile", "-p", help="pdf-text-layer | pdftotext-raw | ocr (default: all in turn)."
            ),
        ] = None,
        articles: Annotated[
            list[Path] | None,
            typer.Option(
                "--articles", help="Clean-article JSON or gold files (or folders) instead of the shipped set."
            ),
        ] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    ) -> None:
        """Generate raw page dumps with known ground truth (gold/page@1)."""
        from banmian.synth import PROFILE_NAMES, generate_pages, load_clean_articles

        if n < 0:
            _fail("--n must be 0 or more")
        if profile is not None and profile not in PROFILE_NAMES:
            _fail(f"unknown profile {profile!r} (choose from {', '.join(PROFILE_NAMES)})")
        if out.exists() and not out.is_dir():
            _fail(f"{out} exists and is not a folder")
        try:
            pool = load_clean_articles(list(articles)) if articles else None
            out.mkdir(parents=True, exist_ok=True)
            columns = (TextColumn("synth"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            with Progress(*columns, disable=quiet, transient=True) as progress:
                task = progress.add_task("pages", total=n)
                for page in generate_pages(n, seed, profile, articles=pool):
                    page.write(out)
                    progress.advance(task)
        except (BanmianError, ValueError, OSError) as exc:
            _fail(str(exc))
        typer.echo(f"wrote {n} pages to {out}", err=True)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)
