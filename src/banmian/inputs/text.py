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

Dumps are read as a stream (`iter_text_pages`): a first pass hashes the bytes and checks
that the whole input decodes (the encoding is detected from its first MiB, or by its BOM),
a second pass decodes and yields one form-feed page at a time, so memory stays the size of
a page whatever the number of pages in a dump.

An empty or blank file is one empty page (it parses to a page with no articles), not an
error. Refused with `InputError`: a missing path, a directory without pages, binary data,
bytes the encoding cannot decode, inputs over `MAX_INPUT_BYTES`, pages over `MAX_PAGE_CHARS`
and lines over `MAX_LINE_CHARS` characters (no newspaper has them; parsing them would
only waste minutes).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
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
# Bigger PDFs and standard inputs are refused (a newspaper PDF with its pictures stays
# well below); a text dump on disk is streamed page by page and has no size limit.
MAX_INPUT_BYTES = 256 * 2**20
# Text dumps are read in chunks of this size; the first chunk decides a legacy encoding.
CHUNK_BYTES = 2**20
# Suffixes that `expand_paths` takes from a directory: dumps, PDFs, OCR files, scans
# (the kind is then told by content; `*.gold.json` files are gold, not input).
PAGE_SUFFIXES = (".txt", ".pdf", ".json", ".xml", ".html", ".hocr", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
GOLD_SUFFIX = ".gold.json"
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
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in PAGE_SUFFIXES
                           and not p.name.lower().endswith(GOLD_SUFFIX) and p.is_file())
            if not found:
                raise InputError(f"{path}: directory holds no *.txt or *.pdf pages, OCR files or scans")
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


@dataclass(frozen=True)
class TextInput:
    """What the first pass over a dump found: the codec that decodes all of it, and its hash."""

    encoding: str
    sha256: str
    size: int
    # A forced codec keeps a byte-order mark as U+FEFF: the page text drops it.
    strip_bom: bool = False
    # The whole text, when the input fits in one chunk: the second pass reads no more.
    decoded: str | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class _Checked:
    sha256: str
    size: int
    error_at: int | None = None  # offset of the first byte the codec cannot decode
    bad_byte: bytes = b""
    decoded: str | None = None  # the text, for an input held whole


def _read_full(stream: BinaryIO, size: int) -> bytes:
    parts: list[bytes] = []
    wanted = size
    while wanted > 0:
        chunk = stream.read(wanted)
        if not chunk:
            break
        parts.append(chunk)
        wanted -= len(chunk)
    return b"".join(parts)


def _pending_bytes(decoder: codecs.IncrementalDecoder) -> int:
    """Bytes the decoder holds back from the last chunk (an incomplete character)."""
    state = decoder.getstate()
    return len(state[0]) if isinstance(state[0], bytes) else 0


def _check_decodes(
    stream: BinaryIO, codec: str, *, path: str | None, refuse_nul: bool, whole: bytes | None = None
) -> _Checked:
    """Hash the whole input and find the first byte `codec` cannot decode (one pass, chunked).

    `whole`: the input's bytes when they are already all read (a small file): decoded
    once, and the text kept.
    """
    if whole is not None:
        whole_digest = hashlib.sha256(whole).hexdigest()
        if refuse_nul and b"\x00" in whole:
            raise InputError(
                f"{_describe(path)}: binary data, not a text dump (NUL bytes; UTF-16 needs a BOM or --encoding)"
            )
        try:
            return _Checked(whole_digest, len(whole), decoded=whole.decode(codec))
        except UnicodeDecodeError as exc:
            return _Checked(whole_digest, len(whole), exc.start, whole[exc.start : exc.start + 1])
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(codec)("strict")
    digest = hashlib.sha256()
    offset = 0
    while chunk := stream.read(CHUNK_BYTES):
        digest.update(chunk)
        if refuse_nul and b"\x00" in chunk:
            raise InputError(
                f"{_describe(path)}: binary data, not a text dump (NUL bytes; UTF-16 needs a BOM or --encoding)"
            )
        held = _pending_bytes(decoder)
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            at = offset - held + exc.start
            return _Checked(digest.hexdigest(), offset, at, exc.object[exc.start : exc.start + 1])
        offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:  # cut off inside a character
        at = offset - len(exc.object) + exc.start
        return _Checked(digest.hexdigest(), offset, at, exc.object[exc.start : exc.start + 1])
    return _Checked(digest.hexdigest(), offset)


def _decode_head(head: bytes, codec: str, *, whole: bool) -> str:
    """The first chunk decoded (an incomplete character at its end left out)."""
    return codecs.getincrementaldecoder(codec)("strict").decode(head, final=whole)


def _cannot_decode(path: str | None, codec: str, checked: _Checked) -> InputError:
    return InputError(f"{_describe(path)}: cannot decode as {codec} (byte {checked.error_at}: {checked.bad_byte!r})")


# Characters that Chinese text decoded from UTF-16 or UTF-32 is made of: ASCII, CJK
# punctuation and ideographs, kana, full-width forms, general punctuation. Bytes of
# another encoding read as UTF-16 after a stray FF FE yield Hangul, private-use and
# unassigned code points instead.
_WIDE_TEXT = re.compile(
    "[\x00-\x7f\u00a0-\u00ff\u2000-\u206f\u2100-\u27ff\u3000-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)


def _check_wide_text(text: str, codec: str, *, path: str | None) -> None:
    sample = text[:_SAMPLE_CHARS].removeprefix("\ufeff")
    if not sample:
        return
    share = len(_WIDE_TEXT.findall(sample)) / len(sample)
    if share < _MIN_TEXT_SHARE:
        raise InputError(
            f"{_describe(path)}: starts with a {codec.upper()} byte-order mark but does not read as text in it "
            f"({share:.0%} of characters are Chinese, ASCII or punctuation); force an encoding with --encoding"
        )


def scan_text_input(stream: BinaryIO, *, path: str | None = None, encoding: str | None = None) -> TextInput:
    """First pass over a dump: choose its codec, check that all of it decodes, hash it.

    The codec: `encoding` when forced; else a byte-order mark; else UTF-8 when the whole
    input is valid UTF-8; else GB18030 or Big5, judged on the first CHUNK_BYTES. Raises
    InputError for binary data, undecodable bytes or text that is not text.
    """
    stream.seek(0)
    head = _read_full(stream, CHUNK_BYTES)
    whole = len(head) < CHUNK_BYTES
    held = head if whole else None

    def found(name: str, checked: _Checked, *, strip_bom: bool = False) -> TextInput:
        return TextInput(name, checked.sha256, checked.size, strip_bom=strip_bom, decoded=checked.decoded)

    def sample(name: str, checked: _Checked) -> str:
        return checked.decoded if checked.decoded is not None else _decode_head(head, name, whole=whole)

    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(f"unknown encoding: {encoding}") from None
        checked = _check_decodes(stream, name, path=path, refuse_nul=False, whole=held)
        if checked.error_at is not None:
            raise _cannot_decode(path, name, checked)
        _check_text(sample(name, checked), path=path)
        return found(name, checked, strip_bom=True)
    for bom, name in _BOMS:
        if head.startswith(bom):
            checked = _check_decodes(stream, name, path=path, refuse_nul=False, whole=held)
            if checked.error_at is not None:
                raise _cannot_decode(path, name, checked)
            text = sample(name, checked)
            _check_text(text, path=path)
            if name != "utf-8-sig":
                _check_wide_text(text, name, path=path)
            return found(name, checked)
    if _looks_binary(head):
        raise InputError(f"{_describe(path)}: binary data, not a text dump (NUL bytes; UTF-16 needs a BOM or --encoding)")
    checked = _check_decodes(stream, "utf-8", path=path, refuse_nul=True, whole=held)
    if checked.error_at is None:
        _check_text(sample("utf-8", checked), path=path)
        return found("utf-8", checked)
    name = _choose_legacy_chinese(head, whole=whole, path=path, utf8_error_at=checked.error_at)
    legacy = _check_decodes(stream, name, path=path, refuse_nul=True, whole=held)
    if legacy.error_at is not None:
        raise _cannot_decode(path, name, legacy)
    return found(name, legacy)


def detect_and_decode(data: bytes, *, path: str | None = None, encoding: str | None = None) -> DecodedText:
    """Decode a page dump held in memory, detecting its encoding unless `encoding` forces one."""
    found = scan_text_input(io.BytesIO(data), path=path, encoding=encoding)
    text = found.decoded if found.decoded is not None else data.decode(found.encoding)
    return DecodedText(text.removeprefix("\ufeff") if found.strip_bom else text, found.encoding)


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


def _choose_legacy_chinese(head: bytes, *, whole: bool, path: str | None, utf8_error_at: int) -> str:
    """GB18030 or Big5, judged on the first chunk of the input."""
    from charset_normalizer import from_bytes

    decoded: dict[str, str] = {}
    for name in _LEGACY_CHINESE:
        try:
            text = _decode_head(head, name, whole=whole)
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
    if len(decoded) > 1 and len(head) >= _MIN_BYTES_FOR_STATISTICS:
        best = from_bytes(head, cp_isolation=list(decoded)).best()
        detected = best.encoding if best is not None else None
    # Most everyday characters first; then charset-normalizer's verdict, where the text
    # is long enough for statistics; then GB18030, as mainland papers far outnumber the rest.
    name = max(
        decoded,
        key=lambda n: (round(_everyday_share(decoded[n], n), 2), n == detected, n == "gb18030"),
    )
    _check_text(decoded[name], path=path)
    return name


def normalize_line_ends(text: str) -> str:
    return _LINE_BREAK.sub("\n", text)


def split_pages(text: str) -> list[str]:
    """Form-feed pages of a dump; the empty tail after a final form feed is no page."""
    parts = text.split("\f")
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    return parts


def _line_too_long(path: str | None, number: int, length: int) -> InputError:
    return InputError(
        f"{_describe(path)}: line {number} has {length:,} characters (over {MAX_LINE_CHARS:,}); not a page dump"
    )


def _check_line_lengths(text: str, *, path: str | None, first_line: int = 1) -> None:
    if len(text) <= MAX_LINE_CHARS:
        return
    for number, line in enumerate(text.split("\n"), start=first_line):
        if len(line) > MAX_LINE_CHARS:
            raise _line_too_long(path, number, len(line))


def _decoded_chunks(stream: BinaryIO, found: TextInput, *, path: str | None) -> Iterator[str]:
    """The input decoded chunk by chunk, line ends already LF (a CR at a chunk's end waits)."""
    if found.decoded is not None:  # a small input, decoded by the first pass
        text = found.decoded.removeprefix("\ufeff") if found.strip_bom else found.decoded
        if text:
            yield _LINE_BREAK.sub("\n", text)
        return
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(found.encoding)("strict")
    held_cr = ""
    started = False
    while True:
        chunk = stream.read(CHUNK_BYTES)
        final = not chunk
        try:
            text = decoder.decode(chunk, final=final)
        except UnicodeDecodeError:
            raise InputError(f"{_describe(path)}: cannot decode as {found.encoding} (the file changed while read)") from None
        if text and not started:
            started = True
            if found.strip_bom:
                text = text.removeprefix("\ufeff")
        text = held_cr + text
        held_cr = ""
        if not final and text.endswith("\r"):
            text, held_cr = text[:-1], "\r"
        if text:
            yield _LINE_BREAK.sub("\n", text)
        if final:
            return


class _PageTooBig(Exception):
    pass


def _raw_pages(chunks: Iterator[str], *, path: str | None) -> Iterator[str]:
    """Form-feed parts of the decoded input, one at a time; each checked for size."""
    buffer: list[str] = []
    size = 0
    lines_before = 0  # line breaks before this page (line numbers count across pages)
    seen_form_feed = False
    pages_done = 0
    for text in chunks:
        pieces = text.split("\f")
        for i, piece in enumerate(pieces):
            if i > 0:
                page = "".join(buffer)
                _check_line_lengths(page, path=path, first_line=lines_before + 1)
                lines_before += page.count("\n")
                seen_form_feed = True
                pages_done += 1
                yield page
                buffer, size = [], 0
            if piece:
                buffer.append(piece)
                size += len(piece)
                if size > MAX_PAGE_CHARS:
                    rest = [*pieces[i + 1 :]] if i + 1 < len(pieces) else []
                    raise _oversized(buffer, rest, chunks, path=path, lines_before=lines_before,
                                     page_number=pages_done + 1, seen_form_feed=seen_form_feed)
    page = "".join(buffer)
    _check_line_lengths(page, path=path, first_line=lines_before + 1)
    yield page


def _oversized(
    buffer: list[str],
    rest: list[str],
    chunks: Iterator[str],
    *,
    path: str | None,
    lines_before: int,
    page_number: int,
    seen_form_feed: bool,
) -> InputError:
    """The error for a page over MAX_PAGE_CHARS: its first overlong line, else its size.

    Reads on to the end of the page (counting, not keeping) so that the figures are exact.
    """
    total = 0
    line_number = lines_before + 1
    line_length = 0
    long_line: tuple[int, int] | None = None
    ended_by_form_feed = bool(rest)

    def count(text: str) -> None:
        nonlocal total, line_number, line_length, long_line
        total += len(text)
        parts = text.split("\n")
        for j, part in enumerate(parts):
            if j > 0:
                if long_line is None and line_length > MAX_LINE_CHARS:
                    long_line = (line_number, line_length)
                line_number += 1
                line_length = 0
            line_length += len(part)

    for text in buffer:
        count(text)
    if not ended_by_form_feed:
        for text in chunks:
            head, form_feed, _ = text.partition("\f")
            count(head)
            if form_feed:
                ended_by_form_feed = True
                break
    if long_line is None and line_length > MAX_LINE_CHARS:
        long_line = (line_number, line_length)
    if long_line is not None:
        return _line_too_long(path, *long_line)
    where = f" page {page_number}" if seen_form_feed or ended_by_form_feed else ""
    return InputError(
        f"{_describe(path)}:{where} {total:,} characters (over {MAX_PAGE_CHARS:,}); "
        "not one newspaper page (separate pages with form feeds)"
    )


def _numbered(parts: Iterator[str]) -> Iterator[tuple[int | None, str]]:
    """(page number, text): None for the only page; a blank part after the last form feed is no page.

    A page is yielded as soon as it is read, except a blank one, which waits to see
    whether any part follows it.
    """
    first = next(parts, "")
    current = next(parts, None)
    # A blank part, read but not yet yielded, waits here for the part after it.
    following = next(parts, None) if current is not None and not current.strip() else None
    if current is None or (not current.strip() and following is None):
        yield None, first
        return
    yield 1, first
    number = 2
    while current is not None:
        if current.strip():
            yield number, current
            current = next(parts, None)
        else:
            if following is None:
                following = next(parts, None)
                if following is None:
                    return
            yield number, current
            current, following = following, None
        number += 1


def iter_text_pages(
    stream: BinaryIO, found: TextInput, *, path: str | None = None
) -> Iterator[tuple[int | None, str]]:
    """Second pass: (page number or None for a single page, page text) one page at a time.

    Line ends are LF; a page over MAX_PAGE_CHARS or a line over MAX_LINE_CHARS is an
    InputError, raised when the reading reaches it.
    """
    return _numbered(_raw_pages(_decoded_chunks(stream, found, path=path), path=path))


def decode_pages(
    data: bytes, *, path: str | None = None, encoding: str | None = None
) -> list[tuple[int | None, str, Source]]:
    """(page number or None for a single page, page text, source) for each form-feed page."""
    stream = io.BytesIO(data)
    found = scan_text_input(stream, path=path, encoding=encoding)
    source = Source(path=path, sha256=found.sha256, encoding=found.encoding)
    return [(number, text, source) for number, text in iter_text_pages(stream, found, path=path)]


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
    device: str = "cpu",
) -> list[Page]:
    """Parse one input (a text dump, a PDF, an OCR file, a scan, or `-` for stdin) into pages.

    `data`, when given, is the input's bytes (already read, e.g. from stdin). `pages`
    keeps only those 1-based pages: form-feed pages of a dump (a dump without form feeds
    is page 1) or pages of a PDF. Asking for a page the input lacks is an InputError.
    """
    from banmian.api import parse_pdf, parse_text

    name = "<stdin>" if str(path) == STDIN else str(path)
    if data is None:
        data = read_input_bytes(path)
    if is_pdf(data):
        return parse_pdf(data, pages=pages, source=name, device=device)
    from banmian.inputs.detect import input_kind

    if input_kind(data) in ("ocr", "image"):  # OCR files with line boxes, scans
        from banmian.api import parse_ocr

        return parse_ocr(data, pages=pages, source=name, device=device)
    dump = decode_pages(data, path=name, encoding=encoding)
    if pages is not None:
        missing = [n for n in pages if n > len(dump)]
        if missing:
            count = f"{len(dump)} page" + ("s" if len(dump) != 1 else "")
            raise InputError(f"{name}: no page {missing[0]} (it has {count})")
        dump = [dump[n - 1] for n in pages]
    return [parse_text(text, page=number, source=source) for number, text, source in dump]
