"""Input files as a stream of page jobs, the unit that `parse` and `ingest` hand to workers.

A text dump becomes one job per form-feed page, read and decoded as the jobs are
consumed (`banmian.inputs.text.iter_text_pages`); a PDF becomes jobs of a few pages
each. Nothing here holds more than a page of text (or a window of PDF pages) at a time,
so memory does not grow with the number of pages in a dump. Standard input is spooled
to a temporary file first: detection reads the input twice.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from banmian.errors import InputError
from banmian.inputs.text import (
    MAX_INPUT_BYTES,
    PDF_MAGIC,
    STDIN,
    TextInput,
    iter_text_pages,
    scan_text_input,
)
from banmian.model import Page, Source

# PDF pages parsed per job: a newspaper issue's pages spread over the workers.
PDF_PAGES_PER_JOB = 4


@dataclass(frozen=True)
class TextPageJob:
    """One form-feed page of a text dump."""

    text: str
    number: int | None  # None: the dump's only page
    source: Source


@dataclass(frozen=True)
class PdfPagesJob:
    """Some pages of a PDF file, parsed together."""

    path: str  # the file to open (a spooled copy for stdin)
    numbers: tuple[int, ...]
    name: str  # the name in messages and in Page.source
    page_count: int  # pages in the whole PDF
    # Parsed only so that a window of pages without a text layer is not refused (the
    # reader refuses a choice of pages of which none has text); its page is dropped.
    helper: int | None = None
    device: str = "cpu"  # where OCR runs when none of the PDF's chosen pages has text


@dataclass(frozen=True)
class PositionedFileJob:
    """An OCR file with line boxes or a page image (scan), parsed whole: OCR files are
    small, and a scan's engine is loaded once per worker."""

    path: str
    name: str
    pages: tuple[int, ...] | None
    device: str = "cpu"
    page_count: int = 0  # unknown until read


PageJob = TextPageJob | PdfPagesJob | PositionedFileJob


@dataclass(frozen=True)
class InputFile:
    """A file to read: `path` on disk, `name` in messages (`<stdin>` for standard input)."""

    path: Path
    name: str
    is_pdf: bool
    size: int
    text: TextInput | None = None  # a text dump's codec and hash, once checked
    positioned: bool = False  # an OCR file or a page image (banmian.inputs.detect)


def _spool(stream: BinaryIO) -> Path:
    spool = tempfile.NamedTemporaryFile(prefix="banmian-stdin-", suffix=".bin", delete=False)
    with spool:
        copied = 0
        while chunk := stream.read(2**20):
            copied += len(chunk)
            if copied > MAX_INPUT_BYTES:
                spool.close()
                Path(spool.name).unlink(missing_ok=True)
                raise InputError(f"<stdin>: input over {MAX_INPUT_BYTES // 2**20} MiB; not a page dump")
            spool.write(chunk)
    return Path(spool.name)


def _starts_with_pdf_magic(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(len(PDF_MAGIC)) == PDF_MAGIC


def _is_positioned(path: Path) -> bool:
    """An OCR file or a page image, told by the first bytes (banmian.inputs.detect)."""
    from banmian.inputs.detect import input_kind

    with path.open("rb") as stream:
        return input_kind(stream.read(4096)) in ("ocr", "image")


@contextmanager
def open_input(path: Path) -> Iterator[InputFile]:
    """An input path (or `-`) ready to read; InputError when missing, a directory, unreadable."""
    if str(path) == STDIN:
        spooled = _spool(sys.stdin.buffer)
        try:
            yield InputFile(spooled, "<stdin>", _starts_with_pdf_magic(spooled), spooled.stat().st_size,
                            positioned=_is_positioned(spooled))
        finally:
            spooled.unlink(missing_ok=True)
        return
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if path.is_dir():
        raise InputError(f"{path}: is a directory")
    try:
        size = path.stat().st_size
        is_pdf = _starts_with_pdf_magic(path)
        positioned = not is_pdf and _is_positioned(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
    if size == 0 and path.suffix.lower() == ".pdf":
        raise InputError(f"{path}: empty file (0 bytes), not a PDF")
    if is_pdf and size > MAX_INPUT_BYTES:
        raise InputError(f"{path}: input over {MAX_INPUT_BYTES // 2**20} MiB; not a page dump")
    if positioned and size > MAX_INPUT_BYTES:
        raise InputError(f"{path}: input over {MAX_INPUT_BYTES // 2**20} MiB; not a page")
    yield InputFile(path, str(path), is_pdf, size, positioned=positioned)


def check_input(file: InputFile, *, encoding: str | None = None) -> InputFile:
    """The file with its text checked: a dump that is binary or does not decode is refused now."""
    if file.is_pdf or file.positioned or file.text is not None:
        return file
    with file.path.open("rb") as stream:
        return replace(file, text=scan_text_input(stream, path=file.name, encoding=encoding))


def _pdf_text_pages(path: Path, name: str) -> tuple[int, list[bool]]:
    """The PDF's page count, and which pages have a text layer."""
    from banmian.inputs.pdf import open_pdf

    doc = open_pdf(path, source=name)
    try:
        count = int(doc.page_count)
        return count, [bool(doc[i].get_text("text").strip()) for i in range(count)]  # type: ignore[no-untyped-call]
    finally:
        doc.close()  # type: ignore[no-untyped-call]


def _pdf_jobs(file: InputFile, pages: list[int] | None, device: str = "cpu") -> Iterator[PdfPagesJob]:
    count, has_text = _pdf_text_pages(file.path, file.name)
    numbers = pages or list(range(1, count + 1))
    bad = [n for n in numbers if not 1 <= n <= count]
    if bad:
        raise InputError(f"{file.name}: no page {bad[0]} (the PDF has {count})")
    with_text = [n for n in numbers if has_text[n - 1]]
    for start in range(0, len(numbers), PDF_PAGES_PER_JOB):
        window = tuple(numbers[start : start + PDF_PAGES_PER_JOB])
        # none of the chosen pages has text (a scan): the jobs go through OCR (docs/ocr.md)
        helper = None if not with_text or any(has_text[n - 1] for n in window) else with_text[0]
        yield PdfPagesJob(str(file.path), window, file.name, count, helper, device)


def _text_jobs(file: InputFile, encoding: str | None, pages: list[int] | None) -> Iterator[TextPageJob]:
    with file.path.open("rb") as stream:
        found = file.text or scan_text_input(stream, path=file.name, encoding=encoding)
        source = Source(path=file.name, sha256=found.sha256, encoding=found.encoding)
        wanted = set(pages) if pages is not None else None
        if wanted is not None:
            # Count first, so that a page the dump lacks is refused before any output.
            count = sum(1 for _ in iter_text_pages(stream, found, path=file.name))
            missing = [n for n in sorted(wanted) if n > count]
            if missing:
                plural = "s" if count != 1 else ""
                raise InputError(f"{file.name}: no page {missing[0]} (it has {count} page{plural})")
        for number, text in iter_text_pages(stream, found, path=file.name):
            if wanted is None or (number or 1) in wanted:
                yield TextPageJob(text, number, source)


def page_jobs(file: InputFile, *, encoding: str | None = None, pages: list[int] | None = None,
              device: str = "cpu") -> Iterator[PageJob]:
    """The jobs that parse `file` (only `pages`, 1-based, when given), in page order;
    `device` is where OCR runs (scans, PDFs without a text layer)."""
    if file.is_pdf:
        yield from _pdf_jobs(file, pages, device)
    elif file.positioned:
        yield PositionedFileJob(str(file.path), file.name, tuple(pages) if pages else None, device)
    else:
        yield from _text_jobs(file, encoding, pages)


def run_page_job(job: PageJob) -> list[Page]:
    """Parse one job's pages (runs in a worker process)."""
    from banmian.api import parse_ocr, parse_pdf, parse_text

    if isinstance(job, TextPageJob):
        return [parse_text(job.text, page=job.number, source=job.source)]
    if isinstance(job, PositionedFileJob):
        return parse_ocr(job.path, pages=list(job.pages) if job.pages else None, source=job.name,
                         device=job.device)
    numbers = sorted({*job.numbers, *([job.helper] if job.helper else [])})
    parsed = parse_pdf(job.path, pages=numbers, source=job.name, device=job.device)
    return [page for page in parsed if page.page in job.numbers]

