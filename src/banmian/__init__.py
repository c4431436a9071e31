"""banmian: rebuild the articles of Chinese newspaper pages from raw text or PDF.

    >>> import banmian
    >>> page = banmian.parse_text(open("page.txt", encoding="utf-8").read())
    >>> [a.title for a in page.articles]
"""

from importlib.machinery import EXTENSION_SUFFIXES

from banmian import stages as _stages
from banmian.api import parse_bytes, parse_file, parse_ocr, parse_pdf, parse_text
from banmian.errors import BanmianError, InputError
from banmian.model import SCHEMA_ID, Article, Block, Byline, Dateline, Furniture, Page, Source

__version__ = "0.1.0"

COMPILED: bool = (_stages.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES))
"""Whether this installation runs the text pipeline compiled with mypyc (docs/speed.md)."""

__all__ = [
    "COMPILED",
    "SCHEMA_ID",
    "Article",
    "BanmianError",
    "Block",
    "Byline",
    "Dateline",
    "Furniture",
    "InputError",
    "Page",
    "Source",
    "__version__",
    "parse_bytes",
    "parse_file",
    "parse_ocr",
    "parse_pdf",
    "parse_text",
]
