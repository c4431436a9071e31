"""The text pipeline: raw page text -> Page, through small stages.

(Placeholder: one article, blank-line paragraphs.)
"""

from __future__ import annotations

from banmian.model import Article, Block, Page, Source, spans_from_numbers


def run_text_pipeline(text: str, *, page: int | None, source: Source) -> Page:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    current: list[int] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            current.append(number)
        elif current:
            blocks.append(Block("paragraph", "".join(lines[n - 1].strip() for n in current),
                                (current[0], current[-1])))
            current = []
    if current:
        blocks.append(Block("paragraph", "".join(lines[n - 1].strip() for n in current),
                            (current[0], current[-1])))
    used = [n for b in blocks for n in range(b.lines[0], b.lines[1] + 1)]
    articles = [Article(id="a1", lines=spans_from_numbers(used), blocks=blocks)] if blocks else []
    return Page(articles=articles, source=source, page=page, line_count=len(lines))
