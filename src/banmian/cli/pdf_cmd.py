"""`banmian text`: the lines of a page PDF, an OCR file or a scan in reading order (the
lines parsed output points at)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from banmian.errors import BanmianError, NoTextLayerError


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command()
    def text(
        path: Annotated[Path, typer.Argument(help="A page PDF, an OCR file, a scan (or a text dump, printed decoded).")],
        pages: Annotated[str | None, typer.Option("--pages", "-p", help="Pages to print, e.g. 1-3,5.")] = None,
        device: Annotated[str, typer.Option("--device", help="Where OCR of scans runs: cpu or cuda.")] = "cpu",
    ) -> None:
        """Print the text lines of a PDF, OCR file or scan in reading order, one page per form feed.

        Line n of a page here is line n in the `lines` of `banmian parse` output.
        """
        from banmian.inputs.detect import input_kind
        from banmian.inputs.text import decode_pages, parse_page_numbers, read_input_bytes
        from banmian.positioned import pdf_reading_text

        try:
            data = read_input_bytes(path)
            chosen = parse_page_numbers(pages) if pages else None
            kind = input_kind(data)
            if kind == "pdf":
                try:
                    out = pdf_reading_text(data, chosen, source=str(path))
                except NoTextLayerError:  # a scanned PDF: read by OCR
                    from banmian.ocr_parse import scanned_pdf_lines
                    from banmian.positioned import reading_text

                    out = reading_text(scanned_pdf_lines(data, pages=chosen, source=str(path), device=device)[0])
            elif kind in ("ocr", "image"):
                from banmian.ocr_parse import ocr_reading_text

                out = ocr_reading_text(data, pages=chosen, source=str(path), device=device)
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
