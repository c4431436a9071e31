"""Reading input: bytes from paths, encodings, form-feed page splitting.

(Minimal version; the full one detects encodings with charset-normalizer.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from banmian.errors import InputError
from banmian.model import Source


def read_input_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory")
    return path.read_bytes()


def decode_pages(
    data: bytes, *, path: str | None = None, encoding: str | None = None
) -> list[tuple[int | None, str, Source]]:
    enc = encoding or "utf-8-sig"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path or '<input>'}: cannot decode as {enc}") from exc
    src = Source(path=path, sha256=hashlib.sha256(data).hexdigest(), encoding=enc)
    parts = text.split("\f")
    if len(parts) > 1 and not parts[-1].strip():
        parts = parts[:-1]
    if len(parts) == 1:
        return [(None, parts[0], src)]
    return [(i + 1, part, src) for i, part in enumerate(parts)]
