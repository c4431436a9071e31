"""What a story prints, whichever engine sets it: the head byline, the body (paragraphs with
their dateline or jump prefix, subheads), captions and credit.

Each function records the story's gold blocks and printed byline (`GoldStory`) as it
makes the text, so every engine's gold says the same thing about the same article.
`full_chunks`: the block's gold text is the whole printed text at once (engines that
never cut a story); otherwise the engine adds each drawn line's text (`GoldStory.add_line`).
"""

from __future__ import annotations

from typing import Any

from banmian.synth.articles import PARAGRAPH, SUBHEAD, CleanArticle
from banmian.synth.pdf import GoldBlock, GoldStory

# (block type, the text as printed, index into the story's blocks)
Item = tuple[str, str, int]


def byline(article: CleanArticle) -> tuple[str, dict[str, Any] | None]:
    """(`本报记者 甲 乙 通讯员 丙`, the gold byline) of an article with reporters; ("", None) without."""
    by = article.byline or {}
    reporters = list(by.get("reporters") or [])
    if not reporters:
        return "", None
    contributors = list(by.get("contributors") or [])
    agency = by.get("agency") or "本报"
    text = f"{agency}记者 " + " ".join(reporters)
    if contributors:
        text += " 通讯员 " + " ".join(contributors)
    return text, {"agency": agency, "reporters": reporters, "contributors": contributors, "photographers": []}


def head_byline(story: GoldStory) -> str | None:
    """The byline printed under the head, if the story has one there (no dateline, no jump)."""
    text, rendered = byline(story.article)
    if not text or story.article.dateline or story.continued_from:
        return None
    story.byline_rendered = rendered
    return text


def body_items(story: GoldStory, *, full_chunks: bool) -> list[Item]:
    """Subheads and paragraphs; the first paragraph opens with `（上接第N版）` or the dateline
    and `（记者 …）`, which the gold strips from the paragraph's text."""
    art = story.article
    _, rendered = byline(art)
    out: list[Item] = []
    first = True
    for kind, text in art.paragraphs:
        if kind == SUBHEAD:
            story.blocks.append(GoldBlock(SUBHEAD, chunks=[text] if full_chunks else []))
            out.append((SUBHEAD, text, len(story.blocks) - 1))
            continue
        prefix = ""
        if first and story.continued_from:
            prefix = f"（上接第{story.continued_from}版）"
        elif first and art.dateline:
            prefix = art.dateline.get("raw") or ""
            if rendered:
                names = " ".join(rendered["reporters"])
                if rendered["contributors"]:
                    names += " 通讯员 " + " ".join(rendered["contributors"])
                prefix += f"（记者 {names}）"
                story.byline_rendered = {**rendered, "agency": art.dateline.get("agency")}
        first = False
        printed = prefix + text
        story.blocks.append(GoldBlock(PARAGRAPH, chunks=[printed] if full_chunks else [], strip_prefix=prefix))
        out.append((PARAGRAPH, printed, len(story.blocks) - 1))
    return out


def caption_items(story: GoldStory, *, full_chunks: bool) -> list[Item]:
    """Captions and the credit; the credit's photographers join the printed byline."""
    art = story.article
    out: list[Item] = []
    for caption in art.captions:
        story.blocks.append(GoldBlock("caption", chunks=[caption] if full_chunks else []))
        out.append(("caption", caption, len(story.blocks) - 1))
    if art.credit:
        story.blocks.append(GoldBlock("credit", chunks=[art.credit] if full_chunks else []))
        out.append(("credit", art.credit, len(story.blocks) - 1))
        by = art.byline or {}
        shooters = list(by.get("photographers") or [])
        if shooters:
            base = story.byline_rendered or {"agency": by.get("agency"), "reporters": [], "contributors": []}
            story.byline_rendered = {**base, "photographers": shooters}
    return out
