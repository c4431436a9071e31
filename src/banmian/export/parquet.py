"""The Parquet dataset `banmian/dataset@1`: three tables (pages, articles, blocks).

Layout of a dataset directory (local or any fsspec URL), documented in docs/scale.md:

    pages/<paper>/<year>/part-<task>.parquet      one row per page
    articles/<paper>/<year>/part-<task>.parquet   one row per article
    blocks/<paper>/<year>/part-<task>.parquet     one row per block
    _banmian/dataset.json                         schema id, tables, banmian version
    _banmian/ledger/<task>.json                   which inputs (path, SHA-256) a task wrote

Partitioned by paper and year as plain directories; `paper` and `year` are columns in
the files themselves. Hive-style `paper=X/year=Y` names would make pyarrow and pandas
see each key twice with clashing types (and refuse to read), and Hugging Face `datasets`
ignores Hive keys, so the plain layout is the one every reader takes as it is. A
directory name is the percent-encoded paper or year, `unknown` when there is none.

A fragment is written to a hidden temporary name and renamed into place, so readers
never see half a file; the task's ledger entry is written last and is what makes its
fragments part of the dataset (a run removes fragments without one: see
`banmian.export.dataset`).
"""

from __future__ import annotations

import json
import posixpath
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as Date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from banmian.extras import require
from banmian.model import Article, Block, Byline, Dateline, Furniture, LineSpan, Page, Source

if TYPE_CHECKING:
    import pyarrow as pa
    from fsspec import AbstractFileSystem

DATASET_SCHEMA = "banmian/dataset@1"
TABLES = ("pages", "articles", "blocks")
META_DIR = "_banmian"
LEDGER_DIR = f"{META_DIR}/ledger"
UNKNOWN = "unknown"
PARTIAL_SUFFIX = ".partial"
# Parquet key-value metadata naming the schema each file follows.
SCHEMA_KEY = b"banmian.schema"


def pyarrow_modules() -> tuple[Any, Any]:
    """(pyarrow, pyarrow.parquet), or a one-line error naming the extra."""
    pa = require("pyarrow", "parquet")
    pq = require("pyarrow.parquet", "parquet")
    return pa, pq


def _span_type(pa: Any) -> Any:
    return pa.struct([("first", pa.int32()), ("last", pa.int32())])


def _bbox_type(pa: Any) -> Any:
    return pa.struct([("x0", pa.float64()), ("y0", pa.float64()), ("x1", pa.float64()), ("y1", pa.float64())])


def table_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of each table (docs/scale.md describes every column)."""
    pa, _ = pyarrow_modules()
    span = _span_type(pa)
    bbox = _bbox_type(pa)
    strings = pa.list_(pa.string())
    where = [
        ("paper", pa.string()),
        ("year", pa.int32()),
        ("date", pa.date32()),
        ("page", pa.int32()),
        ("page_id", pa.string()),
    ]
    source = [("source_path", pa.string()), ("source_sha256", pa.string())]
    meta = {SCHEMA_KEY: DATASET_SCHEMA.encode()}
    pages = pa.schema(
        [
            *where,
            ("page_index", pa.int32()),
            *source,
            ("source_encoding", pa.string()),
            ("page_schema", pa.string()),
            ("line_count", pa.int32()),
            ("article_count", pa.int32()),
            ("text", pa.string()),
            ("furniture", pa.list_(pa.struct([("type", pa.string()), ("text", pa.string()), ("lines", span)]))),
            ("warnings", strings),
        ],
        metadata=meta,
    )
    articles = pa.schema(
        [
            *where,
            ("article_id", pa.string()),
            ("local_id", pa.string()),
            ("seq", pa.int32()),
            ("kind", pa.string()),
            ("title", pa.string()),
            ("kicker", pa.string()),
            ("subtitle", pa.string()),
            ("title_lines", span),
            ("lines", pa.list_(span)),
            ("byline_agency", pa.string()),
            ("byline_reporters", strings),
            ("byline_contributors", strings),
            ("byline_photographers", strings),
            ("byline_lines", pa.list_(span)),
            ("dateline_raw", pa.string()),
            ("dateline_agency", pa.string()),
            ("dateline_place", pa.string()),
            ("dateline_date", pa.string()),
            ("dateline_lines", span),
            ("continued_from", pa.int32()),
            ("continued_to", pa.int32()),
            ("text", pa.string()),
            ("pdf_page", pa.int32()),
            ("bbox", bbox),
            *source,
        ],
        metadata=meta,
    )
    blocks = pa.schema(
        [
            *where,
            ("article_id", pa.string()),
            ("seq", pa.int32()),
            ("type", pa.string()),
            ("text", pa.string()),
            ("lines", span),
            ("pdf_page", pa.int32()),
            ("bbox", bbox),
            *source,
        ],
        metadata=meta,
    )
    return {"pages": pages, "articles": articles, "blocks": blocks}


@dataclass(frozen=True)
class PageRecord:
    """A parsed page with what the dataset says about it besides the page itself."""

    page: Page
    text: str  # the page's source text: the lines its spans count in
    paper: str | None
    date: str | None  # YYYY-MM-DD
    page_no: int | None  # the newspaper's page number, when known
    source_path: str
    source_sha256: str


def page_id(sha256: str, page_index: int | None) -> str:
    """Stable id of a page: its file's content hash and its index in the file."""
    return f"{sha256[:16]}-{page_index or 1}"


def _span(value: LineSpan | None) -> dict[str, int] | None:
    return None if value is None else {"first": value[0], "last": value[1]}


def _spans(values: list[LineSpan]) -> list[dict[str, int]]:
    return [{"first": a, "last": b} for a, b in values]


def _bbox(value: tuple[float, float, float, float] | None) -> dict[str, float] | None:
    if value is None:
        return None
    return {"x0": value[0], "y0": value[1], "x1": value[2], "y1": value[3]}


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date else None


def record_rows(record: PageRecord) -> dict[str, list[dict[str, Any]]]:
    """The rows a page contributes to each table."""
    page = record.page
    pid = page_id(record.source_sha256, page.page)
    day = Date.fromisoformat(record.date) if record.date else None
    where = {
        "paper": record.paper,
        "year": _year(record.date),
        "date": day,
        "page": record.page_no,
        "page_id": pid,
    }
    source = {"source_path": record.source_path, "source_sha256": record.source_sha256}
    page_row = {
        **where,
        "page_index": page.page,
        **source,
        "source_encoding": page.source.encoding,
        "page_schema": page.schema,
        "line_count": page.line_count,
        "article_count": len(page.articles),
        "text": record.text,
        "furniture": [{"type": f.type, "text": f.text, "lines": _span(f.lines)} for f in page.furniture],
        "warnings": list(page.warnings),
    }
    articles: list[dict[str, Any]] = []
    blocks: list[dict[str, Any]] = []
    for seq, article in enumerate(page.articles):
        article_id = f"{pid}-{article.id}"
        byline, dateline = article.byline, article.dateline
        articles.append(
            {
                **where,
                "article_id": article_id,
                "local_id": article.id,
                "seq": seq,
                "kind": article.kind,
                "title": article.title,
                "kicker": article.kicker,
                "subtitle": article.subtitle,
                "title_lines": _span(article.title_lines),
                "lines": _spans(article.lines),
                "byline_agency": byline.agency if byline else None,
                "byline_reporters": list(byline.reporters) if byline else None,
                "byline_contributors": list(byline.contributors) if byline else None,
                "byline_photographers": list(byline.photographers) if byline else None,
                "byline_lines": _spans(byline.lines) if byline else None,
                "dateline_raw": dateline.raw if dateline else None,
                "dateline_agency": dateline.agency if dateline else None,
                "dateline_place": dateline.place if dateline else None,
                "dateline_date": dateline.date if dateline else None,
                "dateline_lines": _span(dateline.lines) if dateline else None,
                "continued_from": article.continued_from,
                "continued_to": article.continued_to,
                "text": "\n".join(b.text for b in article.blocks),
                "pdf_page": article.page,
                "bbox": _bbox(article.bbox),
                **source,
            }
        )
        for block_seq, block in enumerate(article.blocks):
            blocks.append(
                {
                    **where,
                    "article_id": article_id,
                    "seq": block_seq,
                    "type": block.type,
                    "text": block.text,
                    "lines": _span(block.lines),
                    "pdf_page": block.page,
                    "bbox": _bbox(block.bbox),
                    **source,
                }
            )
    return {"pages": [page_row], "articles": articles, "blocks": blocks}


def _line_span(value: dict[str, int] | None) -> LineSpan | None:
    return None if value is None else (int(value["first"]), int(value["last"]))


def _line_spans(values: list[dict[str, int]] | None) -> list[LineSpan]:
    return [(int(v["first"]), int(v["last"])) for v in values or []]


def _box(value: dict[str, float] | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    return (float(value["x0"]), float(value["y0"]), float(value["x1"]), float(value["y1"]))


def _block(row: dict[str, Any]) -> Block:
    span = _line_span(row["lines"])
    assert span is not None
    return Block(row["type"], row["text"], span, page=row["pdf_page"], bbox=_box(row["bbox"]))


def _article(row: dict[str, Any], blocks: list[Block]) -> Article:
    byline = None
    if row["byline_lines"] is not None:
        byline = Byline(
            agency=row["byline_agency"],
            reporters=list(row["byline_reporters"] or []),
            contributors=list(row["byline_contributors"] or []),
            photographers=list(row["byline_photographers"] or []),
            lines=_line_spans(row["byline_lines"]),
        )
    dateline = None
    if row["dateline_raw"] is not None:
        dateline = Dateline(
            raw=row["dateline_raw"],
            agency=row["dateline_agency"],
            place=row["dateline_place"],
            date=row["dateline_date"],
            lines=_line_span(row["dateline_lines"]),
        )
    return Article(
        id=row["local_id"],
        kind=row["kind"],
        title=row["title"],
        subtitle=row["subtitle"],
        kicker=row["kicker"],
        title_lines=_line_span(row["title_lines"]),
        lines=_line_spans(row["lines"]),
        byline=byline,
        dateline=dateline,
        continued_from=row["continued_from"],
        continued_to=row["continued_to"],
        blocks=blocks,
        page=row["pdf_page"],
        bbox=_box(row["bbox"]),
    )


def records_from_rows(
    pages: list[dict[str, Any]], articles: list[dict[str, Any]], blocks: list[dict[str, Any]]
) -> list[PageRecord]:
    """The inverse of `record_rows` over rows of the same pages (any order within a table)."""
    blocks_of: dict[str, list[dict[str, Any]]] = {}
    for row in blocks:
        blocks_of.setdefault(row["article_id"], []).append(row)
    articles_of: dict[str, list[dict[str, Any]]] = {}
    for row in articles:
        articles_of.setdefault(row["page_id"], []).append(row)
    out: list[PageRecord] = []
    for row in pages:
        page_articles = []
        for art in sorted(articles_of.get(row["page_id"], []), key=lambda r: int(r["seq"])):
            own = sorted(blocks_of.get(art["article_id"], []), key=lambda r: int(r["seq"]))
            page_articles.append(_article(art, [_block(b) for b in own]))
        page = Page(
            articles=page_articles,
            furniture=[
                Furniture(f["type"], f["text"], _line_span(f["lines"]) or (0, 0)) for f in row["furniture"] or []
            ],
            warnings=list(row["warnings"] or []),
            source=Source(path=row["source_path"], sha256=row["source_sha256"], encoding=row["source_encoding"]),
            page=row["page_index"],
            line_count=int(row["line_count"]),
            schema=row["page_schema"],
        )
        day = row["date"]
        out.append(
            PageRecord(
                page=page,
                text=row["text"],
                paper=row["paper"],
                date=day.isoformat() if day is not None else None,
                page_no=row["page"],
                source_path=row["source_path"],
                source_sha256=row["source_sha256"],
            )
        )
    return out


def partition_dir(paper: str | None, year: int | None) -> str:
    """`<paper>/<year>`, percent-encoded; never starting with `.` or `_` (readers skip those)."""
    name = quote(paper, safe="") if paper else UNKNOWN
    if name[0] in "._":
        name = f"%{ord(name[0]):02X}{name[1:]}"
    return f"{name}/{year if year is not None else UNKNOWN}"


def fragment_path(root: str, table: str, partition: str, task: str) -> str:
    return posixpath.join(root, table, partition, f"part-{task}.parquet")


def task_of_fragment(path: str) -> str | None:
    """The task key in a fragment's file name (`part-<task>.parquet`), None for other files."""
    name = posixpath.basename(path)
    if name.startswith("part-") and name.endswith(".parquet"):
        return name[len("part-") : -len(".parquet")]
    return None


def write_atomically(fs: AbstractFileSystem, path: str, write: Any) -> int:
    """Write through `write(file)` to a hidden temporary name, then rename into place.

    Returns the bytes written. On object stores (no rename) the object is written
    directly: a PUT appears whole or not at all.
    """
    parent = posixpath.dirname(path)
    fs.makedirs(parent, exist_ok=True)
    local = "file" in _protocols(fs)
    target = posixpath.join(parent, f".{posixpath.basename(path)}.{uuid.uuid4().hex}{PARTIAL_SUFFIX}") if local else path
    with fs.open(target, "wb") as stream:
        write(stream)
    if local:
        fs.mv(target, path)
    return int(fs.size(path))


def _protocols(fs: AbstractFileSystem) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


def write_fragments(
    fs: AbstractFileSystem, root: str, task: str, rows: dict[str, list[dict[str, Any]]]
) -> tuple[list[str], int]:
    """Write one Parquet file per table and partition for a task; (paths, bytes written)."""
    pa, pq = pyarrow_modules()
    schemas = table_schemas()
    written: list[str] = []
    size = 0
    for table in TABLES:
        by_partition: dict[str, list[dict[str, Any]]] = {}
        for row in rows.get(table, []):
            by_partition.setdefault(partition_dir(row["paper"], row["year"]), []).append(row)
        for partition, part_rows in sorted(by_partition.items()):
            data = pa.Table.from_pylist(part_rows, schema=schemas[table])
            path = fragment_path(root, table, partition, task)
            size += write_atomically(
                fs, path, lambda stream, data=data: pq.write_table(data, stream, compression="zstd")
            )
            written.append(path)
    return written, size


def write_json(fs: AbstractFileSystem, path: str, value: Any) -> None:
    payload = (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    write_atomically(fs, path, lambda stream: stream.write(payload))


def read_json(fs: AbstractFileSystem, path: str) -> Any:
    with fs.open(path, "rb") as stream:
        return json.loads(stream.read().decode("utf-8"))


def dataset_files(fs: AbstractFileSystem, root: str, table: str) -> list[str]:
    """Every committed-looking fragment of a table (partial files excluded), sorted."""
    base = posixpath.join(root, table)
    if not fs.exists(base):
        return []
    return sorted(p for p in fs.find(base) if task_of_fragment(p) is not None)


def read_records(fs: AbstractFileSystem, root: str) -> Iterator[PageRecord]:
    """Every page of a dataset, one task's fragments at a time (memory stays bounded)."""
    _, pq = pyarrow_modules()
    page_files = dataset_files(fs, root, "pages")
    for page_file in page_files:
        task = task_of_fragment(page_file)
        relative = posixpath.relpath(page_file, posixpath.join(root, "pages"))
        tables: dict[str, list[dict[str, Any]]] = {}
        for table in TABLES:
            path = posixpath.join(root, table, relative)
            if table != "pages" and not fs.exists(path):
                tables[table] = []
                continue
            with fs.open(path, "rb") as stream:
                tables[table] = pq.read_table(stream).to_pylist()
        assert task is not None
        yield from records_from_rows(tables["pages"], tables["articles"], tables["blocks"])


def is_dataset(fs: AbstractFileSystem, root: str) -> bool:
    return bool(fs.exists(posixpath.join(root, META_DIR, "dataset.json")))
