"""Reading input: paths to page dumps, text encodings, line ends and form-feed pages.

Encodings are tried in the order that suits Chinese newspaper dumps: a byte-order mark
(UTF-8, UTF-16, UTF-32) decides first; then strict UTF-8, which almost never decodes
other encodings by accident; then charset-normalizer, limited to the Chinese legacy
encodings (GB18030, a superset of GBK and GB2312, and Big5), ranked first by how many
everyday characters of each encoding the decoding yields (the wrong codec yields rare
ones). A decoded text must look like text (mostly CJK, ASCII and punctuation), else the
input is refused: a wrong guess would yield a page of mojibake. `encoding=` forces one codec and skips the detection.

Line ends CRLF and CR become LF, so line numbers are those a text editor shows. A form
feed (pdftotext writes one after each page) splits a dump into pages; the empty page
after the last form feed is dropped.

An empty or blank file is one empty page (it parses to a page with no articles), not an
error. Refused with `InputError`: a missing path, a directory without pages, binary data,
bytes the encoding cannot decode, inputs over `MAX_INPUT_BYTES`, pages over `MAX_PAGE_CHARS`
and lines over `MAX_LINE_CHARS` characters (no newspaper has them; parsing them would
only waste minutes).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from banmian.errors import InputError
from banmian.model import Page, Source

# A newspaper line, even a whole page merged into one line by OCR, is a few thousand
# characters at most.
MAX_LINE_CHARS = 100_000
# A broadsheet page holds some 20,000 characters; a "page" fifty times that is a whole
# book or a dump without form feeds, which would take minutes to parse.
MAX_PAGE_CHARS = 1_000_000
# Bigger inputs are refused (a newspaper PDF with its pictures stays well below).
MAX_INPUT_BYTES = 256 * 2**20
# Suffixes that `expand_paths` takes from a directory.
PAGE_SUFFIXES = (".txt", ".pdf")
PDF_MAGIC = b"%PDF"
STDIN = "-"

# Longest marks first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY_CHINESE = ["gb18030", "big5"]
# Share of characters that must be ordinary text for a detected decoding to be believed.
_MIN_TEXT_SHARE = 0.9
# C0 controls other than tab, LF, VT, FF, CR; DEL; and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"\r\n?")
# Checks that read every character look at this many only.
_SAMPLE_CHARS = 200_000


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def _describe(path: str | None) -> str:
    return path or "<stdin>"


def _read_capped(stream: BinaryIO, name: str) -> bytes:
    # Capped, so that /dev/zero or a runaway pipe gives an error instead of eating memory.
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: input over {MAX_INPUT_BYTES // 2**20} MiB; not a page dump")
    return data


def read_input_bytes(path: Path) -> bytes:
    """The bytes of one input file (`-`: stdin); InputError when missing, not a file, too big."""
    if str(path) == STDIN:
        return _read_capped(sys.stdin.buffer, "<stdin>")
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if path.is_dir():
        raise InputError(f"{path}: is a directory")
    try:
        with path.open("rb") as stream:
            return _read_capped(stream, str(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})") from None


def expand_paths(paths: list[Path]) -> list[Path]:
    """Each file as given, each directory as its `*.txt` and `*.pdf` files (sorted), `-` as stdin."""
    out: list[Path] = []
    for path in paths:
        if str(path) == STDIN:
            out.append(path)
        elif path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in PAGE_SUFFIXES and p.is_file())
            if not found:
                raise InputError(f"{path}: directory holds no *.txt or *.pdf pages")
            out.extend(found)
        elif not path.exists():
            raise InputError(f"{path}: no such file or directory")
        else:
            out.append(path)
    if not out:
        raise InputError("no input given")
    return out


def is_pdf(data: bytes) -> bool:
    return data.startswith(PDF_MAGIC)


def _text_share(text: str) -> float:
    """Share of characters that ordinary page text is made of."""
    text = text[:_SAMPLE_CHARS]
    if not text:
        return 1.0
    ordinary = 0
    for char in text:
        if char.isascii():
            ordinary += char.isprintable() or char in "\t\n\r\f\v"
        else:
            # Letters (CJK ideographs are Lo), numbers, punctuation, symbols, spaces.
            ordinary += unicodedata.category(char)[0] in "LNPSZ"
    return ordinary / len(text)


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data


def _check_text(text: str, *, path: str | None) -> None:
    sample = text[:_SAMPLE_CHARS]
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 100):
        raise InputError(f"{_describe(path)}: binary data, not a text dump ({controls} control characters)")


def _decode_strict(data: bytes, encoding: str, *, path: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{_describe(path)}: cannot decode as {encoding} (byte {exc.start}: {data[exc.start:exc.start + 1]!r})"
        ) from None


def detect_and_decode(data: bytes, *, path: str | None = None, encoding: str | None = None) -> DecodedText:
    """Decode a page dump, detecting its encoding unless `encoding` forces one."""
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(f"unknown encoding: {encoding}") from None
        text = _decode_strict(data, name, path=path)
        _check_text(text, path=path)
        return DecodedText(text.removeprefix("\ufeff"), name)
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _decode_strict(data, name, path=path)
            _check_text(text, path=path)
            return DecodedText(text.removeprefix("\ufeff"), name)
    if _looks_binary(data):
        raise InputError(f"{_describe(path)}: binary data, not a text dump (NUL bytes; UTF-16 needs a BOM or --encoding)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error_at = exc.start
    else:
        _check_text(text, path=path)
        return DecodedText(text, "utf-8")
    return _decode_legacy_chinese(data, path=path, utf8_error_at=utf8_error_at)


# The everyday characters of each legacy encoding, by the bytes of their code: GB2312's
# level-1 hanzi (the 3,755 most common simplified characters) and Big5's frequent
# characters (5,401 traditional ones), plus each table's punctuation rows. GBK encodes
# the GB2312 characters as GB2312 does, trail byte 0xA1 and up; below that lie its rare
# extension characters.
_EVERYDAY_CODES: dict[str, tuple[str, tuple[range, ...], range]] = {
    "gb18030": ("gbk", (range(0xA1, 0xA4), range(0xB0, 0xD8)), range(0xA1, 0xFF)),
    "big5": ("big5", (range(0xA1, 0xA4), range(0xA4, 0xC7)), range(0x40, 0xFF)),
}
# Below this many bytes charset-normalizer's language statistics are a guess.
_MIN_BYTES_FOR_STATISTICS = 64
# Characters looked at when judging a decoding (enough for a clear verdict).
_EVERYDAY_SAMPLE = 20_000


def _everyday_share(text: str, encoding: str) -> float:
    """Share of non-ASCII characters that are everyday ones in `encoding`'s own tables.

    Text decoded with the wrong legacy codec is still "valid" but made of rare
    characters, so this separates GBK from Big5 even in a short line, where
    statistical detectors guess.
    """
    table, lead_ranges, trail_range = _EVERYDAY_CODES[encoding]
    wide = [c for c in text[: _EVERYDAY_SAMPLE * 4] if not c.isascii()][:_EVERYDAY_SAMPLE]
    if not wide:
        return 1.0
    everyday = 0
    for char in wide:
        try:
            code = char.encode(table)
        except UnicodeEncodeError:
            continue
        everyday += len(code) == 2 and code[1] in trail_range and any(code[0] in r for r in lead_ranges)
    return everyday / len(wide)


def _decode_legacy_chinese(data: bytes, *, path: str | None, utf8_error_at: int) -> DecodedText:
    from charset_normalizer import from_bytes

    decoded: dict[str, str] = {}
    for name in _LEGACY_CHINESE:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _text_share(text) >= _MIN_TEXT_SHARE:
            decoded[name] = text
    if not decoded:
        raise InputError(
            f"{_describe(path)}: cannot decode: not UTF-8 (invalid byte at {utf8_error_at}), "
            "nor GB18030/GBK or Big5 text; force an encoding with --encoding"
        )
    detected = None
    if len(decoded) > 1 and len(data) >= _MIN_BYTES_FOR_STATISTICS:
        best = from_bytes(data, cp_isolation=list(decoded)).best()
        detected = best.encoding if best is not None else None
    # Most everyday characters first; then charset-normalizer's verdict, where the text
    # is long enough for statistics; then GB18030, as mainland papers far outnumber the rest.
    name = max(
        decoded,
        key=lambda n: (round(_everyday_share(decoded[n], n), 2), n == detected, n == "gb18030"),
    )
    _check_text(decoded[name], path=path)
    return DecodedText(decoded[name], name)


def normalize_line_ends(text: str) -> str:
    return _LINE_BREAK.sub("\n", text)


def split_pages(text: str) -> list[str]:
    """Form-feed pages of a dump; the empty tail after a final form feed is no page."""
    parts = text.split("\f")
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    return parts


def _check_line_lengths(text: str, *, path: str | None) -> None:
    if len(text) <= MAX_LINE_CHARS:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                f"{_describe(path)}: line {number} has {len(line):,} characters "
                f"(over {MAX_LINE_CHARS:,}); not a page dump"
            )


def decode_pages(
    data: bytes, *, path: str | None = None, encoding: str | None = None
) -> list[tuple[int | None, str, Source]]:
    """(page number or None for a single page, page text, source) for each form-feed page."""
    decoded = detect_and_decode(data, path=path, encoding=encoding)
    text = normalize_line_ends(decoded.text)
    _check_line_lengths(text, path=path)
    source = Source(path=path, sha256=hashlib.sha256(data).hexdigest(), encoding=decoded.encoding)
    parts = split_pages(text)
    for number, part in enumerate(parts, start=1):
        if len(part) > MAX_PAGE_CHARS:
            where = f" page {number}" if len(parts) > 1 else ""
            raise InputError(
                f"{_describe(path)}:{where} {len(part):,} characters (over {MAX_PAGE_CHARS:,}); "
                "not one newspaper page (separate pages with form feeds)"
            )
    if len(parts) == 1:
        return [(None, parts[0], source)]
    return [(number, part, source) for number, part in enumerate(parts, start=1)]


def parse_page_numbers(spec: str) -> list[int]:
    """`"1-3,5"` -> [1, 2, 3, 5]; InputError for anything else."""
    numbers: set[int] = set()
    for part in spec.replace(" ", "").split(","):
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not match:
            raise InputError(f"bad page list {spec!r}: expected numbers and ranges like 1-3,5")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first:
            raise InputError(f"bad page range {part!r} in {spec!r}")
        if last - first > 100_000:
            raise InputError(f"page range {part!r} is too long")
        numbers.update(range(first, last + 1))
    return sorted(numbers)


def parse_input(
    path: Path,
    *,
    data: bytes | None = None,
    encoding: str | None = None,
    pages: list[int] | None = None,
    conventions: str | None = None,
) -> list[Page]:
    """Parse one input (a text dump, a PDF, or `-` for stdin) into pages.

    `conventions`: a family or conventions file to read text pages with (else detected).

    `data`, when given, is the input's bytes (already read, e.g. from stdin). `pages`
    keeps only those 1-based pages: form-feed pages of a dump (a dump without form feeds
    is page 1) or pages of a PDF. Asking for a page the input lacks is an InputError.
    """
    from banmian.api import parse_pdf, parse_text

    name = "<stdin>" if str(path) == STDIN else str(path)
    if data is None:
        data = read_input_bytes(path)
    if is_pdf(data):
        return parse_pdf(data, pages=pages, source=name)
    dump = decode_pages(data, path=name, encoding=encoding)
    if pages is not None:
        missing = [n for n in pages if n > len(dump)]
        if missing:
            count = f"{len(dump)} page" + ("s" if len(dump) != 1 else "")
            raise InputError(f"{name}: no page {missing[0]} (it has {count})")
        dump = [dump[n - 1] for n in pages]
    return [
        parse_text(text, page=number, source=source, conventions=conventions) for number, text, source in dump
    ]
