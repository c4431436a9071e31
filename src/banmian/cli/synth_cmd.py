"""`banmian synth`: write synthetic pages with their gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

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
        family: Annotated[
            str,
            typer.Option(
                "--family",
                "-f",
                help="Conventions of: plain (the sample's) | mainland | hktw | republican.",
            ),
        ] = "plain",
        knob: Annotated[
            list[str] | None,
            typer.Option("--knob", "-k", help="Fix a knob: NAME=VALUE (repeatable), e.g. script=traditional."),
        ] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    ) -> None:
        """Generate raw page dumps with known ground truth (gold/page@1)."""
        from banmian.synth import FAMILY_NAMES, PROFILE_NAMES, generate_pages, load_clean_articles

        if n < 0:
            _fail("--n must be 0 or more")
        if profile is not None and profile not in PROFILE_NAMES:
            _fail(f"unknown profile {profile!r} (choose from {', '.join(PROFILE_NAMES)})")
        if family not in FAMILY_NAMES:
            _fail(f"unknown family {family!r} (choose from {', '.join(FAMILY_NAMES)})")
        fixed = _parse_knobs(knob or [])
        if out.exists() and not out.is_dir():
            _fail(f"{out} exists and is not a folder")
        try:
            pool = load_clean_articles(list(articles)) if articles else None
            out.mkdir(parents=True, exist_ok=True)
            columns = (TextColumn("synth"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            with Progress(*columns, disable=quiet, transient=True) as progress:
                task = progress.add_task("pages", total=n)
                for page in generate_pages(n, seed, profile, articles=pool, family=family, **fixed):
                    page.write(out)
                    progress.advance(task)
        except (BanmianError, ValueError, OSError) as exc:
            _fail(str(exc))
        typer.echo(f"wrote {n} pages to {out}", err=True)


def _parse_knobs(items: list[str]) -> dict[str, Any]:
    """`NAME=VALUE` pairs; values read as JSON when they parse (`true`, `3`, `0.02`), else as text."""
    fixed: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            _fail(f"--knob wants NAME=VALUE, not {item!r}")
        try:
            fixed[name.strip()] = json.loads(value)
        except json.JSONDecodeError:
            fixed[name.strip()] = value
    return fixed


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)
