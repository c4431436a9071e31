"""`banmian parse` streams: pages are read, parsed and written one at a time; output files appear whole or not at all."""

from __future__ import annotations

import errno
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from banmian.cli import app
from banmian.errors import InputError
from banmian.inputs.text import MAX_LINE_CHARS, decode_pages, normalize_line_ends, split_pages
from banmian.model import Page
from banmian.render import render
from conftest import SAMPLE_RAW, assert_nothing_lost

SAMPLE = SAMPLE_RAW.read_text(encoding="utf-8")
runner = CliRunner()


def invoke(*args: str, stdin: bytes | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin, catch_exceptions=False)


def small_page(n: int) -> str:
    return f"第{n}号新闻标题\n\n本报讯 这是第{n}页的正文，讲述一件发生在城里的事情。\n"


class CountingStream(io.BytesIO):
    """Bytes in memory that count how much of them has been read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1, /) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> int:
    """Read in chunks of 4 KiB, so that small inputs cross many chunk boundaries."""
    import banmian.inputs.text

    monkeypatch.setattr(banmian.inputs.text, "CHUNK_BYTES", 4096)
    return 4096


def test_pages_are_read_one_at_a_time(small_chunks: int) -> None:
    from banmian.inputs.text import iter_text_pages, scan_text_input

    pages = [small_page(n) * 4 for n in range(1, 401)]
    data = "\f".join(pages).encode("utf-8")
    assert len(data) > 30 * small_chunks
    stream = CountingStream(data)
    found = scan_text_input(stream, path="big.txt")
    stream.taken = 0
    reader = iter_text_pages(stream, found, path="big.txt")
    number, text = next(reader)
    assert (number, text) == (1, pages[0])
    # The first page came from the first chunks, not from the whole dump.
    assert stream.taken <= 2 * small_chunks
    rest = list(reader)
    assert [n for n, _ in rest] == list(range(2, 401))
    assert [t for _, t in rest] == pages[1:]


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "utf-16", "big5"])
def test_chunk_boundaries_split_nothing(codec: str, small_chunks: int) -> None:
    """Characters, CRLF pairs and form feeds that straddle a chunk boundary come out whole."""
    units = ["臺北報導\r\n", "新聞正文，今日天氣晴朗。\r\n", "\f", "經濟部昨天發布統計。\r"]
    # Every offset of the pattern against the chunk boundary, by lengths that vary by one byte.
    parts = [units[i % len(units)] + "x" * (i % 7) for i in range(3000)]
    text = "".join(parts)
    data = text.encode(codec)
    assert len(data) > 10 * small_chunks
    pages = decode_pages(data, path="x.txt")
    expected = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    assert [t for _, t, _ in pages] == expected
    assert [n for n, _, _ in pages] == list(range(1, len(expected) + 1))


def test_overlong_line_in_a_later_page_names_its_line() -> None:
    text = "第一页\n\f第二页\n" + "字" * (MAX_LINE_CHARS + 5) + "\n"
    from banmian.errors import InputError

    with pytest.raises(InputError, match=r"line 3 has 100,005 characters"):
        decode_pages(text.encode(), path="x.txt")


def test_jsonl_is_written_page_by_page(tmp_path: Path) -> None:
    """A bad page further on: the pages before it were already written when it is found."""
    bad = "字" * (MAX_LINE_CHARS + 1)
    dump = tmp_path / "d.txt"
    dump.write_text("\f".join([small_page(1), small_page(2), bad, small_page(4)]), encoding="utf-8")
    result = invoke("parse", str(dump), "-f", "jsonl")
    assert result.exit_code == 2
    assert [json.loads(line)["page"] for line in result.stdout.splitlines()] == [1, 2]
    assert result.stderr.startswith(f"error: {dump}: line 7 has")  # lines count through the dump


@pytest.mark.parametrize("fmt", ["json", "md", "txt", "jsonl"])
@pytest.mark.parametrize("count", [1, 3])
def test_streamed_output_is_the_rendered_list(tmp_path: Path, fmt: str, count: int) -> None:
    """Written page by page, the output is exactly what rendering all pages at once gives."""
    from banmian.api import parse_bytes

    dump = tmp_path / "d.txt"
    dump.write_text("\f".join([SAMPLE] + [small_page(n) for n in range(2, count + 1)]), encoding="utf-8")
    result = invoke("parse", str(dump), "-f", fmt)
    assert result.exit_code == 0, result.stderr
    pages = parse_bytes(dump.read_bytes(), source=str(dump))
    assert len(pages) == count
    assert result.stdout == render(pages, fmt)
    if fmt == "json":
        parsed = json.loads(result.stdout)
        first = parsed[0] if count > 1 else parsed
        assert_nothing_lost(Page.from_dict(first), SAMPLE)


def test_jobs_keep_the_page_order(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("\f".join(small_page(n) for n in range(1, 8)), encoding="utf-8")
    result = invoke("parse", str(tmp_path), "-f", "jsonl", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    seen = [(Path(p["source"]["path"]).name, p["page"]) for p in map(json.loads, result.stdout.splitlines())]
    assert seen == [(f"{name}.txt", n) for name in ("a", "b") for n in range(1, 8)]
    for line in result.stdout.splitlines():
        page = json.loads(line)
        assert f"第{page['page']}号新闻标题" in json.dumps(page, ensure_ascii=False)


def test_stdin_is_streamed_with_page_selection() -> None:
    data = "\f".join(small_page(n) for n in range(1, 6)).encode("gb18030")
    result = invoke("parse", "-", "-f", "jsonl", "--pages", "2,4", stdin=data)
    assert result.exit_code == 0, result.stderr
    pages = [json.loads(line) for line in result.stdout.splitlines()]
    assert [p["page"] for p in pages] == [2, 4]
    assert {p["source"]["path"] for p in pages} == {"<stdin>"}
    assert {p["source"]["encoding"] for p in pages} == {"gb18030"}


def test_missing_page_is_refused_before_any_output(tmp_path: Path) -> None:
    dump = tmp_path / "d.txt"
    dump.write_text("\f".join(small_page(n) for n in range(1, 4)), encoding="utf-8")
    result = invoke("parse", str(dump), "-f", "jsonl", "--pages", "2-5")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {dump}: no page 4 (it has 3 pages)\n"


def test_output_file_appears_only_when_complete(tmp_path: Path) -> None:
    dump = tmp_path / "d.txt"
    dump.write_text("\f".join([small_page(1), "字" * (MAX_LINE_CHARS + 1)]), encoding="utf-8")
    out = tmp_path / "out" / "pages.jsonl"
    out.parent.mkdir()
    out.write_text("earlier result\n", encoding="utf-8")
    result = invoke("parse", str(dump), "-f", "jsonl", "-o", str(out))
    assert result.exit_code == 2
    # The earlier file is untouched and nothing partial is left beside it.
    assert out.read_text(encoding="utf-8") == "earlier result\n"
    assert sorted(p.name for p in out.parent.iterdir()) == ["pages.jsonl"]
    good = tmp_path / "good.txt"
    good.write_text(small_page(1), encoding="utf-8")
    assert invoke("parse", str(good), "-f", "jsonl", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["page"] is None


def test_full_disk_removes_the_partial_file_and_names_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import banmian.cli.parse_cmd as parse_cmd

    written: list[int] = []

    class FullDisk(io.BufferedWriter):
        def write(self, data: Any, /) -> int:
            if sum(written) + len(data) > 3000:
                raise OSError(errno.ENOSPC, "No space left on device")
            written.append(len(data))
            return super().write(data)

    real_fdopen = parse_cmd.os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        assert mode == "wb"
        return FullDisk(real_fdopen(fd, "wb", buffering=0))

    monkeypatch.setattr(parse_cmd.os, "fdopen", fdopen)
    dump = tmp_path / "d.txt"
    dump.write_text("\f".join(small_page(n) for n in range(1, 30)), encoding="utf-8")
    out = tmp_path / "pages.jsonl"
    result = invoke("parse", str(dump), "-f", "jsonl", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {out}: cannot write: No space left on device (the partial output was removed)\n"
    )
    assert written  # some pages were written before the disk filled
    assert list(tmp_path.iterdir()) == [dump]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_dev_full_is_reported_and_left_alone() -> None:
    result = invoke("parse", str(SAMPLE_RAW), "-o", "/dev/full")
    assert result.exit_code == 2
    assert result.stderr == "error: /dev/full: cannot write: No space left on device\n"
    assert Path("/dev/full").exists()


def test_zero_byte_pdf_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "page.pdf"
    empty.write_bytes(b"")
    result = invoke("parse", str(empty))
    assert result.exit_code == 2
    assert result.stderr == f"error: {empty}: empty file (0 bytes), not a PDF\n"
    # An empty text dump stays one empty page.
    (tmp_path / "page.txt").write_bytes(b"")
    assert invoke("parse", str(tmp_path / "page.txt")).exit_code == 0


def test_utf16_mark_before_other_bytes_is_refused(tmp_path: Path) -> None:
    """FF FE and then UTF-8 or GBK bytes: decoding as UTF-16 would give mojibake."""
    body = ("新闻标题\n本报讯 今日天气晴朗，市民纷纷外出。\n" * 20)
    for codec in ("utf-8", "gbk"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(b"\xff\xfe" + body.encode(codec))
        result = invoke("parse", str(path))
        assert result.exit_code == 2, codec
        assert "UTF-16 byte-order mark but does not read as text" in result.stderr
    real = tmp_path / "real.txt"
    real.write_bytes(body.encode("utf-16"))
    assert invoke("parse", str(real)).exit_code == 0


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="a字 \r\n\f。", max_size=60),
    chunk=st.integers(min_value=1, max_value=9),
    codec=st.sampled_from(["utf-8", "gb18030", "utf-16"]),
)
def test_streamed_pages_are_the_pages_of_the_whole_text(text: str, chunk: int, codec: str) -> None:
    """Whatever the chunk size, reading page by page gives what splitting the whole text gives."""
    import banmian.inputs.text as text_module

    data = text.encode(codec)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_module, "CHUNK_BYTES", chunk)
        _check_streamed(text, data, codec)


def _check_streamed(text: str, data: bytes, codec: str) -> None:
    import banmian.inputs.text as text_module

    expected_parts = split_pages(normalize_line_ends(text))
    expected = [(None, expected_parts[0])] if len(expected_parts) == 1 else list(enumerate(expected_parts, 1))
    try:
        got = [(n, t) for n, t, _ in decode_pages(data, path="x.txt", encoding=codec if codec != "utf-8" else None)]
    except InputError:  # a few random texts are refused as not text (too many controls): both ways
        with pytest.raises(InputError):
            text_module.detect_and_decode(data, encoding=codec)
        return
    assert got == expected


def test_a_reader_that_goes_away_ends_the_parse_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    banmian = Path(sys.executable).with_name("banmian")
    if not banmian.exists():
        pytest.skip("console script not installed")
    dump = tmp_path / "d.txt"
    dump.write_text("\f".join(small_page(n) * 30 for n in range(1, 400)), encoding="utf-8")
    proc = subprocess.Popen([str(banmian), "parse", str(dump), "-f", "jsonl"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert json.loads(first)["page"] == 1 and stderr == b""
