"""Plain text: what a reader wants to copy out of a page.

One line per title, subhead, paragraph or caption; a blank line between articles; a form
feed between pages (as pdftotext writes them, so the output can be parsed again).
Bylines, datelines and jump markers are left out: they are metadata, not body text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from banmian.model import Article, Page

# A line break between two non-ASCII characters (CJK text and punctuation) joins them
# directly; any other line break becomes a space, as between two Latin words.
_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])[ \t]*\n[ \t]*(?=[^\x00-\x7f])")
_OTHER_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def one_line(text: str) -> str:
    """A block's text on one line (blocks normally have no line breaks; some may)."""
    return _OTHER_BREAK.sub(" ", _CJK_BREAK.sub("", text)).strip()


def article_text(article: Article) -> str:
    lines = [article.kicker, article.title, article.subtitle]
    lines += [block.text for block in article.blocks]
    return "\n".join(one_line(line) for line in lines if line and line.strip())


def page_text(page: Page) -> str:
    return "\n\n".join(text for text in (article_text(a) for a in page.articles) if text)


def to_text(pages: Page | Sequence[Page]) -> str:
    pages = [pages] if isinstance(pages, Page) else list(pages)
    return "\f".join(page_text(page) + "\n" for page in pages)
