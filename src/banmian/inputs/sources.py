"""Where a collection's inputs are: local paths, globs, fsspec URLs and manifests.

A run over millions of pages names them the way a collection is stored: directories
(searched recursively), glob patterns (`scans/19??/*.txt`, `**` for any depth), URLs
that fsspec opens (`s3://bucket/papers/`, with s3fs installed; `file://`, `memory://`),
and manifests, text files listing one input per line:

    # comments and blank lines are skipped
    1967/jiangcheng-1967-03-05-p2.txt
    s3://bucket/jiangcheng/1939/page-4.pdf<TAB>江城晚报<TAB>1939-06-01

A manifest line is a path, glob or URL (relative paths are relative to the manifest),
optionally followed by a tab and the paper's name, and another tab and the issue date
(YYYY-MM-DD); those override the run's --paper and the date found in the path.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from banmian.errors import InputError
from banmian.extras import require
from banmian.inputs.text import GOLD_SUFFIX, PAGE_SUFFIXES

# The suffixes taken from a directory or a URL prefix, as `banmian parse` takes them (a
# file named on its own is always read); gold files and banmian's own metadata are not input.
INPUT_SUFFIXES = (*PAGE_SUFFIXES, ".text")
MAX_INPUT_BYTES = 256 * 2**20
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class InputRef:
    """One input of a run: `url` is an absolute local path or an fsspec URL."""

    url: str
    paper: str | None = None
    date: str | None = None


def is_url(spec: str) -> bool:
    head, sep, _ = spec.partition("://")
    return bool(sep) and head.replace("+", "").isalnum()


def _has_glob(spec: str) -> bool:
    return any(c in _GLOB_CHARS for c in spec)


def _wanted(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    if any(part.startswith(".") or part == "_banmian" for part in parts):
        return False  # hidden files, half-written files, a dataset's ledger
    name = parts[-1].lower()
    return name.endswith(INPUT_SUFFIXES) and not name.endswith(GOLD_SUFFIX)


def _local(spec: str) -> list[str]:
    if _has_glob(spec):
        found = sorted(p for p in glob.glob(spec, recursive=True) if os.path.isfile(p))
        if not found:
            raise InputError(f"{spec}: the pattern matches no file")
        return [os.path.abspath(p) for p in found]
    path = Path(spec)
    if path.is_dir():
        found = sorted(
            str(p.resolve()) for p in path.rglob("*") if p.is_file() and _wanted(str(p.relative_to(path)))
        )
        if not found:
            raise InputError(f"{spec}: directory holds no input files ({', '.join(INPUT_SUFFIXES)})")
        return found
    if not path.exists():
        raise InputError(f"{spec}: no such file or directory")
    return [str(path.resolve())]


def _remote(spec: str) -> list[str]:
    fsspec = require("fsspec", "dask")
    try:
        fs, root = fsspec.core.url_to_fs(spec)
    except (ImportError, ValueError) as exc:
        # fsspec names the package a protocol needs (s3fs for s3://, gcsfs for gs://).
        raise InputError(f"{spec}: {exc}") from None
    protocol = spec.split("://", 1)[0]

    def url(path: str) -> str:
        return path if is_url(path) else f"{protocol}://{path.lstrip('/') if protocol != 'file' else path}"

    try:
        if _has_glob(root):
            found = sorted(p for p in fs.glob(root) if fs.isfile(p))
        elif fs.isdir(root):
            found = sorted(p for p in fs.find(root) if _wanted(p[len(root):]))
        elif fs.exists(root):
            found = [root]
        else:
            raise InputError(f"{spec}: no such file or directory")
    except OSError as exc:
        raise InputError(f"{spec}: cannot list ({exc})") from None
    if not found:
        raise InputError(f"{spec}: no input files there ({', '.join(INPUT_SUFFIXES)})")
    return [url(p) for p in found]


def _expand(spec: str) -> list[str]:
    return _remote(spec) if is_url(spec) else _local(spec)


def read_manifest(manifest: str) -> list[InputRef]:
    """The inputs a manifest lists (each line expanded as a path, glob or URL)."""
    text = read_bytes(manifest if is_url(manifest) else str(Path(manifest).resolve()))
    try:
        lines = text.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{manifest}: a manifest must be UTF-8 text") from None
    base = manifest.rsplit("/", 1)[0] if is_url(manifest) else str(Path(manifest).resolve().parent)
    out: list[InputRef] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        spec, paper, date = ([*line.split("\t"), None, None])[:3]
        spec = (spec or "").strip()
        if not is_url(spec) and not os.path.isabs(spec):
            spec = f"{base}/{spec}" if is_url(base) else os.path.join(base, spec)
        if date:
            from banmian.archive.ingest import parse_iso_date

            try:
                date = parse_iso_date(date.strip())
            except InputError as exc:
                raise InputError(f"{manifest}:{number}: {exc}") from None
        out.extend(InputRef(url, (paper or "").strip() or None, date or None) for url in _expand(spec))
    return out


def resolve_inputs(specs: Iterable[str], manifests: Iterable[str] = ()) -> list[InputRef]:
    """Every input the specs and manifests name, each once, in the order given."""
    refs: list[InputRef] = []
    for spec in specs:
        refs.extend(InputRef(url) for url in _expand(str(spec)))
    for manifest in manifests:
        refs.extend(read_manifest(str(manifest)))
    unique: dict[str, InputRef] = {}
    for ref in refs:
        unique.setdefault(ref.url, ref)  # the first mention of an input wins
    if not unique:
        raise InputError("no input given")
    return list(unique.values())


def read_bytes(url: str) -> bytes:
    """The bytes of one input (local path or URL), capped like every other input."""
    if not is_url(url):
        from banmian.inputs.text import read_input_bytes

        return read_input_bytes(Path(url))
    fsspec = require("fsspec", "dask")
    try:
        with fsspec.open(url, "rb") as stream:
            data: bytes = stream.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{url}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{url}: cannot read ({exc})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{url}: input over {MAX_INPUT_BYTES // 2**20} MiB; not a page dump")
    return data


def content_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
