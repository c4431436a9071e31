"""The archive: rebuilt pages in SQLite, searchable with FTS5 (see docs/archive.md)."""

from banmian.archive.db import DEFAULT_DB, check_consistency, connect, prepare_page, store_file
from banmian.archive.fulltext import QueryError, SearchFilters, SearchResults, compile_query, search
from banmian.archive.ingest import IngestProgress, IngestReport, ingest_paths

__all__ = [
    "DEFAULT_DB",
    "IngestProgress",
    "IngestReport",
    "QueryError",
    "SearchFilters",
    "SearchResults",
    "check_consistency",
    "compile_query",
    "connect",
    "ingest_paths",
    "prepare_page",
    "search",
    "store_file",
]
