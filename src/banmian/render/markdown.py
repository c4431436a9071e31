"""Markdown: one `##` section per article.

    ## Title
    *kicker:* … / *subtitle:* …          (引题 / 副题, when present)
    *新华社 · reporters 甲 乙 · dateline 新华社上海3月5日电 · continued from page 1*

    Paragraph …

    ### Subhead

    *Caption …* — credit

Several pages get a `#` heading each; page warnings close the page as a quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from banmian.model import Article, Page
from banmian.render.text import one_line

# Characters that would make a line start a Markdown construct instead of plain text.
_MARKDOWN_START = re.compile(r"^(\s*)([#>*+\-=|`]|\d+[.)])")
_INLINE_MARKUP = re.compile(r"([*_`\\\[\]<>])")


def _escape_inline(text: str) -> str:
    return _INLINE_MARKUP.sub(r"\\\1", text)


def _escape_line(text: str) -> str:
    text = _escape_inline(one_line(text))
    return _MARKDOWN_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def metadata_line(article: Article) -> str | None:
    """Byline, dateline and jump links as one italic line; None when there are none."""
    parts: list[str] = []
    byline = article.byline
    if byline is not None and not byline.is_empty():
        if byline.agency:
            parts.append(byline.agency)
        for label, names in (
            ("reporters", byline.reporters),
            ("contributors", byline.contributors),
            ("photo", byline.photographers),
        ):
            if names:
                parts.append(f"{label} {' '.join(names)}")
    if article.dateline is not None:
        parts.append(f"dateline {article.dateline.raw or ' '.join(filter(None, [article.dateline.place, article.dateline.date]))}")
    if article.continued_from is not None:
        parts.append(f"continued from page {article.continued_from}")
    if article.continued_to is not None:
        parts.append(f"continued on page {article.continued_to}")
    if not parts:
        return None
    return "*" + _escape_inline(" · ".join(parts)) + "*"


def article_markdown(article: Article) -> str:
    if article.title:
        heading = article.title
    elif article.kind == "photo":
        heading = "(photo)"
    else:
        heading = "(untitled)"
    out = [f"## {_escape_inline(one_line(heading))}"]
    head: list[str] = []
    if article.kicker:
        head.append(f"*kicker:* {_escape_inline(one_line(article.kicker))}")
    if article.subtitle:
        head.append(f"*subtitle:* {_escape_inline(one_line(article.subtitle))}")
    meta = metadata_line(article)
    if meta:
        head.append(meta)
    if head:
        # Two trailing spaces: a Markdown line break inside one paragraph.
        out.append("  \n".join(head))
    blocks = article.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if not block.text.strip():
            index += 1
            continue
        if block.type == "subhead":
            out.append(f"### {_escape_inline(one_line(block.text))}")
        elif block.type == "caption":
            caption = f"*{_escape_inline(one_line(block.text))}*"
            # A credit right after its caption joins it.
            if index + 1 < len(blocks) and blocks[index + 1].type == "credit":
                caption += f" — {_escape_inline(one_line(blocks[index + 1].text))}"
                index += 1
            out.append(caption)
        elif block.type == "credit":
            out.append(f"— {_escape_inline(one_line(block.text))}")
        else:
            out.append(_escape_line(block.text))
        index += 1
    return "\n\n".join(out)


def page_markdown(page: Page, *, heading: bool) -> str:
    parts: list[str] = []
    if heading:
        name = page.source.path or "page"
        parts.append(f"# {_escape_inline(name)}" + (f" — page {page.page}" if page.page is not None else ""))
    parts += [article_markdown(a) for a in page.articles]
    if page.warnings:
        parts.append("\n".join(f"> warning: {_escape_inline(w)}" for w in page.warnings))
    return "\n\n".join(parts)


def to_markdown(pages: Page | Sequence[Page]) -> str:
    pages = [pages] if isinstance(pages, Page) else list(pages)
    several = len(pages) > 1
    return "\n\n".join(page_markdown(page, heading=several) for page in pages) + "\n"
