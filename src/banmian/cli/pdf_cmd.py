"""`banmian text`: the lines of a page PDF in reading order (the lines parsed output points at)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from banmian.errors import BanmianError


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command()
    def text(
        path: Annotated[Path, typer.Argument(help="A page PDF (or a text dump, printed decoded).")],
        pages: Annotated[str | None, typer.Option("--pages", "-p", help="Pages to print, e.g. 1-3,5.")] = None,
    ) -> None:
        """Print the text lines of a PDF in reading order, one page per form feed.

        Line n of a page here is line n in the `lines` of `banmian parse` output.
        """
        from banmian.inputs.text import decode_pages, is_pdf, parse_page_numbers, read_input_bytes
        from banmian.positioned import pdf_reading_text

        try:
            data = read_input_bytes(path)
            chosen = parse_page_numbers(pages) if pages else None
            if is_pdf(data):
                out = pdf_reading_text(data, chosen, source=str(path))
            else:
                texts = [t for _, t, _ in decode_pages(data, path=str(path))]
                if chosen:
                    bad = [n for n in chosen if n > len(texts)]
                    if bad:
                        raise BanmianError(f"{path}: no page {bad[0]} (the dump has {len(texts)})")
                    texts = [texts[n - 1] for n in chosen]
                out = "\f".join(t if t.endswith("\n") else t + "\n" for t in texts)
        except BanmianError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        sys.stdout.write(out)
