"""Reading input: encodings, line ends, form-feed pages, refusals."""

from __future__ import annotations

import codecs
import hashlib
import random
import time
from pathlib import Path

import pytest

from banmian.errors import InputError
from banmian.inputs.text import (
    MAX_LINE_CHARS,
    MAX_PAGE_CHARS,
    decode_pages,
    detect_and_decode,
    expand_paths,
    parse_input,
    parse_page_numbers,
    read_input_bytes,
    split_pages,
)
from conftest import OCR_PAGES, SAMPLE_RAW

SAMPLE = SAMPLE_RAW.read_text(encoding="utf-8")
# Traditional characters only: Big5 has no simplified ones.
TRADITIONAL = (
    "臺灣新聞報導：今日天氣晴朗，氣溫攝氏三十度。市政府表示，將於下週舉辦國際書展，歡迎民眾參觀。\n"
    "記者　王大明／臺北報導\n\n"
    "（續第二版）經濟部昨天發布最新統計，出口連續三個月成長。\n"
)


def _first_paragraph(text: str, size: int) -> str:
    return text[:size]


@pytest.mark.parametrize(
    ("codec", "text", "expected"),
    [
        ("utf-8", SAMPLE, "utf-8"),
        ("utf-8-sig", SAMPLE, "utf-8-sig"),
        ("gb18030", SAMPLE, "gb18030"),
        ("gbk", SAMPLE, "gb18030"),  # GB18030 is a superset of GBK
        ("gbk", _first_paragraph(SAMPLE, 40), "gb18030"),
        ("big5", TRADITIONAL, "big5"),
        ("big5", TRADITIONAL[:30], "big5"),
        ("utf-16", SAMPLE, "utf-16"),
        ("utf-32", TRADITIONAL, "utf-32"),
    ],
)
def test_encodings_are_detected(codec: str, text: str, expected: str) -> None:
    data = text.encode(codec)
    decoded = detect_and_decode(data, path="x.txt")
    assert decoded.text == text
    assert decoded.encoding == expected


def test_utf16_big_endian_with_bom() -> None:
    data = codecs.BOM_UTF16_BE + TRADITIONAL.encode("utf-16-be")
    assert detect_and_decode(data).text == TRADITIONAL


@pytest.mark.parametrize("path", OCR_PAGES, ids=lambda p: p.stem)
def test_real_ocr_dumps_survive_gb18030(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = text.encode("gb18030")
    except UnicodeEncodeError:
        pytest.skip("page has characters outside GB18030")
    decoded = detect_and_decode(data)
    assert decoded.text == text
    assert decoded.encoding == "gb18030"


def test_forced_encoding_wins_and_bad_bytes_are_refused() -> None:
    data = "标题\n正文".encode("gbk")
    assert detect_and_decode(data, encoding="gbk").text == "标题\n正文"
    with pytest.raises(InputError, match=r"cannot decode as utf-8 \(byte 0"):
        detect_and_decode(data, encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding: klingon"):
        detect_and_decode(data, encoding="klingon")


def test_forced_utf8_drops_the_bom() -> None:
    assert detect_and_decode(codecs.BOM_UTF8 + "标题".encode(), encoding="utf-8").text == "标题"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(256)) * 4,
        b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100,
        "2024年 标题".encode("utf-16-le"),  # no BOM: indistinguishable from binary
    ],
    ids=["png", "all-bytes", "controls", "utf16-without-bom"],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="binary data"):
        detect_and_decode(data, path="blob.bin")


def test_random_high_bytes_are_not_taken_for_chinese() -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(4000))
    with pytest.raises(InputError, match=r"cannot decode|binary data"):
        detect_and_decode(data, path="noise.txt")


def test_line_ends_become_lf_and_line_numbers_stay() -> None:
    text = "一\r\n二\r三\n\r\n四"
    [(number, page, source)] = decode_pages(text.encode(), path="x.txt")
    assert number is None
    assert page == "一\n二\n三\n\n四"
    assert source.sha256 == hashlib.sha256(text.encode()).hexdigest()


def test_form_feeds_split_pages() -> None:
    assert split_pages("a\nb\n\fc\n\f") == ["a\nb\n", "c\n"]
    assert split_pages("a\f\fb") == ["a", "", "b"]
    assert split_pages("a\n\f \n") == ["a\n"]
    pages = decode_pages("第一页\n\f第二页\n\f".encode("gb18030"), path="x.txt")
    assert [(n, t) for n, t, _ in pages] == [(1, "第一页\n"), (2, "第二页\n")]


def test_empty_file_is_one_empty_page() -> None:
    [(number, text, source)] = decode_pages(b"", path="empty.txt")
    assert (number, text, source.encoding) == (None, "", "utf-8")


def test_huge_line_is_refused_quickly() -> None:
    data = ("字" * (10 * 1024 * 1024 // 3)).encode()
    started = time.process_time()
    with pytest.raises(InputError, match="line 1 has"):
        decode_pages(data, path="big.txt")
    # Generous: it must not be a parse of 10 MB.
    assert time.process_time() - started < 20


def test_long_but_acceptable_line_passes() -> None:
    [(_, text, _)] = decode_pages(("字" * (MAX_LINE_CHARS - 1)).encode())
    assert len(text) == MAX_LINE_CHARS - 1


def test_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_input_bytes(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_input_bytes(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        expand_paths([tmp_path / "missing"])
    with pytest.raises(InputError, match=r"no \*\.txt or \*\.pdf"):
        expand_paths([tmp_path])
    for name in ("b.txt", "a.pdf", "c.TXT", "d.json", "d.gold.json", "e.csv"):
        (tmp_path / name).write_bytes(b"x")
    # OCR files and scans too (the content decides what they are); gold files are no input
    assert [p.name for p in expand_paths([tmp_path])] == ["a.pdf", "b.txt", "c.TXT", "d.json"]


def test_page_numbers() -> None:
    assert parse_page_numbers("1-3,5") == [1, 2, 3, 5]
    assert parse_page_numbers(" 2 ") == [2]
    for bad in ("", "a", "3-1", "0", "1-"):
        with pytest.raises(InputError):
            parse_page_numbers(bad)


def test_parse_input_selects_pages(tmp_path: Path) -> None:
    dump = tmp_path / "d.txt"
    dump.write_bytes("一页\n\f二页\n\f三页\n".encode())
    pages = parse_input(dump, pages=[3, 1])
    assert [p.page for p in pages] == [3, 1]
    assert "三页" in pages[0].to_json()
    with pytest.raises(InputError, match="no page 4 \\(it has 3 pages\\)"):
        parse_input(dump, pages=[4])
    single = tmp_path / "s.txt"
    single.write_text("一页\n", encoding="utf-8")
    assert [p.page for p in parse_input(single, pages=[1])] == [None]


def test_corrupt_utf8_is_refused_not_turned_into_mojibake() -> None:
    data = SAMPLE_RAW.read_bytes()
    for corrupt in (data[:5000] + b"\xff" + data[5000:], data[:5001] + data[5002:]):
        with pytest.raises(InputError, match=r"not UTF-8 \(invalid byte at (49|50)\d\d\)"):
            detect_and_decode(corrupt, path="x.txt")


def test_oversized_input_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import banmian.inputs.text

    monkeypatch.setattr(banmian.inputs.text, "MAX_INPUT_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x\n" * 500)
    assert len(read_input_bytes(path)) == 1000
    path.write_bytes(b"x\n" * 501)
    with pytest.raises(InputError, match="input over 0 MiB"):
        read_input_bytes(path)


def test_oversized_page_is_refused_but_many_pages_pass() -> None:
    line = "新闻" * 50 + "\n"
    big_page = line * (MAX_PAGE_CHARS // len(line) + 1)
    with pytest.raises(InputError, match=r"x\.txt: [\d,]+ characters \(over 1,000,000\)"):
        decode_pages(big_page.encode(), path="x.txt")
    half = line * (MAX_PAGE_CHARS // len(line) // 2)
    assert len(decode_pages((half + "\f" + half + "\f" + half).encode(), path="x.txt")) == 3


@pytest.mark.parametrize(("codec", "source"), [("gbk", SAMPLE), ("big5", TRADITIONAL)])
def test_short_lines_in_gbk_and_big5_are_told_apart(codec: str, source: str) -> None:
    """Eight characters suffice: the wrong codec turns everyday characters into rare ones."""
    text = source.replace("\n", "")
    checked = 0
    for start in range(0, len(text) - 8, 7):
        piece = text[start : start + 8]
        try:
            data = piece.encode(codec)
        except UnicodeEncodeError:
            continue
        assert detect_and_decode(data).text == piece, piece
        checked += 1
    assert checked > 5
