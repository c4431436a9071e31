# PyMuPDF ships without annotations on most methods; everything else here is strictly typed.
# mypy: disable-error-code="no-untyped-call"
"""Held-out PDF pages from a third engine: OpenDocument text laid out and exported by LibreOffice.

Writer sets a page the way many small papers and newsletters are made: stacked
sections, each with its own number of columns (`style:columns`, gaps, separator
lines), stories flowing down the columns one after another with one-column heads, a
feature whose head spans the page above its multi-column body, justified text with
CJK line breaking and real hanging punctuation (`style:punctuation-wrap="hanging"`),
boxed paragraphs (框), a header band. `soffice --headless --convert-to pdf` exports it.

Writer reports no positions, so the gold is aligned by text: the document's
paragraphs (each with its story and block) are walked in order, and MuPDF's lines of
the exported page, in their stream order (Writer writes paragraph by paragraph,
column by column), are consumed as long as each is the next piece of the current
paragraph. A page where that fails, or that runs onto a second page, is not kept.

Run: `python -m banmian.synth.odt_pages OUT_DIR [--pages N] [--seed S]` (needs Debian's
`libreoffice-writer-nogui` and CJK fonts; see docs/pdf_synth.md).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pymupdf

from banmian.synth.articles import PARAGRAPH, SUBHEAD, CleanArticle, load_clean_articles
from banmian.synth.pdf import DrawnLine, GoldStory, RenderedPage
from banmian.synth.pdf_score import save_rendered
from banmian.synth.pdf_story import body_items, caption_items, head_byline

FACES = (("AR PL UMing CN", "Droid Sans Fallback"), ("Droid Sans Fallback", "Droid Sans Fallback"),
         ("AR PL UMing CN", "AR PL UMing CN"), ("Noto Serif CJK SC", "Noto Sans CJK SC"))
_SECTIONS = ("要闻", "综合", "国内", "国际", "经济", "社会", "文化", "体育", "地方", "民生")
_WEEKDAYS = "一二三四五六日"
_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
       'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
       'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"')


@dataclass
class _Para:
    text: str
    owner: tuple[str, Any]
    block: int | None  # -1 title, None no block, else index into the story's blocks


@dataclass
class _Document:
    rng: random.Random
    page_number: int
    paras: list[_Para] = field(default_factory=list)
    stories: list[GoldStory] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    sections: int = 0

    def p(self, style: str, text: str, owner: tuple[str, Any], block: int | None) -> str:
        self.paras.append(_Para(text, owner, block))
        return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'

    def story_paras(self, art: CleanArticle, head_style: str, boxed: bool) -> tuple[list[str], list[str]]:
        """(head paragraphs, body paragraphs) of one story."""
        rng = self.rng
        index = len(self.stories)
        story = GoldStory(article=art)
        if rng.random() < 0.1:
            story.continued_from = rng.choice((1, 2, 3))
        self.stories.append(story)
        owner = ("article", index)
        head: list[str] = []
        if art.kicker and head_style == "Banner":
            head.append(self.p("Kicker", art.kicker, owner, None))
        head.append(self.p(head_style, art.title.replace(" ", "　"), owner, -1))
        if art.subtitle and head_style == "Banner":
            head.append(self.p("Kicker", art.subtitle, owner, None))
        body: list[str] = []
        by_text = head_byline(story)
        if by_text:
            head.append(self.p("Byline" if not boxed else "BoxedByline", by_text, owner, None))
        for kind, text, block in body_items(story, full_chunks=True):
            body.append(self.p("Subhead" if kind == SUBHEAD else ("Boxed" if boxed else "Body"), text, owner, block))
        for kind, text, block in caption_items(story, full_chunks=True):
            body.append(self.p("Caption" if kind == "caption" else "Credit", text, owner, block))
        return head, body

    def section(self, columns: int, content: list[str]) -> str:
        self.sections += 1
        style = f"Cols{columns}"
        return f'<text:section text:style-name="{style}" text:name="S{self.sections}">{"".join(content)}</text:section>'


def _styles(rng: random.Random, width: float, height: float, size: float) -> str:
    body_face, head_face = rng.choice(FACES)
    gap = rng.uniform(0.4, 2.0) * size
    rule = rng.random() < 0.5
    margin = rng.uniform(24, 40)
    sep = ('<style:column-sep style:width="0.5pt" style:color="#000000" style:height="100%" '
           'style:vertical-align="top"/>' if rule else "")
    hanging = "hanging" if rng.random() < 0.7 else "simple"
    leading = rng.randint(130, 165)
    indent = rng.choice(("2em", "2em", "0em")).replace("em", "") or "0"
    indent_pt = float(indent) * size

    def para(name: str, *, size_pt: float, align: str = "justify", bold: bool = False, face: str = "Body",
             indent_pt: float = 0.0, above: float = 0.0, below: float = 0.0, border: bool = False) -> str:
        weight = ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ""
        box = ' fo:border="0.6pt solid #000000" fo:padding="4pt"' if border else ""
        return (f'<style:style style:name="{name}" style:family="paragraph"><style:paragraph-properties '
                f'fo:text-align="{align}" fo:text-indent="{indent_pt:.1f}pt" fo:margin-top="{above:.1f}pt" '
                f'fo:margin-bottom="{below:.1f}pt" fo:line-height="{leading}%" style:punctuation-wrap="{hanging}" '
                f'style:line-break="strict"{box}/><style:text-properties style:font-name="{face}" '
                f'style:font-name-asian="{face}" fo:font-size="{size_pt:.1f}pt" '
                f'style:font-size-asian="{size_pt:.1f}pt"{weight}/></style:style>')

    columns = "".join(
        f'<style:style style:name="Cols{n}" style:family="section"><style:section-properties>'
        f'<style:columns fo:column-count="{n}" fo:column-gap="{gap:.1f}pt">{sep}</style:columns>'
        f"</style:section-properties></style:style>"
        for n in range(1, 9))
    styles = [
        para("Body", size_pt=size, indent_pt=indent_pt),
        para("Boxed", size_pt=size, indent_pt=indent_pt, border=True),
        para("BoxedByline", size_pt=size, align="left", border=True),
        para("Byline", size_pt=size, align="left", below=2),
        para("Subhead", size_pt=size * 1.1, align="center", bold=True, face="Head", above=4, below=2),
        para("Caption", size_pt=size * 0.9, indent_pt=indent_pt),
        para("Credit", size_pt=size * 0.9, align="end"),
        para("Head", size_pt=size * rng.uniform(1.4, 1.9), align=rng.choice(("center", "start")), bold=True,
             face="Head", above=6, below=3),
        para("Banner", size_pt=size * rng.uniform(2.6, 3.6), align="center", bold=True, face="Head", below=4),
        para("Kicker", size_pt=size * 1.3, align="center", face="Head"),
        para("Date", size_pt=size, align="start"),
        para("Section", size_pt=size * 2.2, align="center", bold=True, face="Head"),
        para("PageNo", size_pt=size * 1.1, align="end", below=6),
    ]
    return (f'<office:font-face-decls><style:font-face style:name="Body" svg:font-family="&apos;{body_face}&apos;"/>'
            f'<style:font-face style:name="Head" svg:font-family="&apos;{head_face}&apos;"/>'
            f"</office:font-face-decls><office:automatic-styles>"
            f'<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="{width:.1f}pt" '
            f'fo:page-height="{height:.1f}pt" fo:margin-top="{margin:.1f}pt" fo:margin-bottom="{margin:.1f}pt" '
            f'fo:margin-left="{margin:.1f}pt" fo:margin-right="{margin:.1f}pt"/></style:page-layout>'
            f"{''.join(styles)}{columns}</office:automatic-styles><office:master-styles>"
            f'<style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>')


def _document(articles: Sequence[CleanArticle], count: int, seed: int, page_number: int) -> tuple[str, _Document]:
    rng = random.Random(seed)
    width = rng.uniform(560, 860)
    height = width * rng.uniform(1.38, 1.45)
    size = rng.choice((8.0, 9.0, 9.5, 10.5))
    doc = _Document(rng=rng, page_number=page_number)
    parts: list[str] = []
    if rng.random() < 0.9:
        date = f"{rng.randint(1995, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日 星期{rng.choice(_WEEKDAYS)}"
        parts.append(doc.p("Date", date, ("furniture", "date"), None))
        parts.append(doc.p("Section", rng.choice(_SECTIONS), ("furniture", "section"), None))
        parts.append(doc.p("PageNo", f"第{page_number}版", ("furniture", "page-number"), None))
    queue = list(articles[:count])
    columns = rng.randint(3, 7)
    while queue:
        kind = rng.random()
        if kind < 0.3:  # a feature: its head across the page, its body on its own grid
            art = queue.pop(0)
            head, body = doc.story_paras(art, "Banner", boxed=False)
            parts.append(doc.section(1, head))
            parts.append(doc.section(rng.choice((2, 3, columns)), body))
        else:  # a run of stories flowing down the columns, one-column heads
            run: list[str] = []
            for _ in range(rng.randint(2, 4)):
                if not queue:
                    break
                head, body = doc.story_paras(queue.pop(0), "Head", boxed=rng.random() < 0.15)
                run.extend(head + body)
            parts.append(doc.section(columns, run))
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><office:document {_NS}>{_styles(rng, width, height, size)}'
           f"<office:body><office:text>{''.join(parts)}</office:text></office:body></office:document>")
    return xml, doc


def _convert(paths: list[Path], out_dir: Path, soffice: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *map(str, paths)], check=True, capture_output=True, timeout=600)


_CLOSING = frozenset("，。、；：！？）》」』”’…")
_OPENING = frozenset("（《「『“‘")


def _visual_lines(pdf: bytes) -> list[tuple[tuple[float, float, float, float], str]] | None:
    """The page's printed pieces of lines, in reading order within each paragraph.

    Writer writes a line font run by font run: glyphs the body face lacks (curly quotes
    from a fallback face) and punctuation hung into the margin come after the rest of
    the line, even after the next column's lines, so MuPDF returns such a line in
    pieces and out of order. A lone closing mark joins the piece it ends (the one just
    left of it on its baseline), a lone opening mark the piece it opens (just right).
    """
    with pymupdf.open(stream=pdf, filetype="pdf") as opened:
        if opened.page_count != 1:
            return None
        pieces: list[tuple[list[float], str]] = []
        for block in opened[0].get_text("dict")["blocks"]:
            for line in block.get("lines", ()):
                spans = sorted(line["spans"], key=lambda sp: sp["bbox"][0])
                text = "".join(sp["text"] for sp in spans)
                if "".join(text.split()):
                    pieces.append((list(line["bbox"]), text))
    groups: list[list[Any]] = []  # [box, text, stream index of the first piece]
    for index, (box, text) in enumerate(pieces):
        mark = "".join(text.split())
        height = box[3] - box[1]
        target = None
        if len(mark) <= 2 and (set(mark) <= _CLOSING or set(mark) <= _OPENING):
            closing = set(mark) <= _CLOSING
            for group in reversed(groups[-40:]):
                gbox = group[0]
                if abs(gbox[3] - box[3]) > 0.3 * height:
                    continue
                gap = box[0] - gbox[2] if closing else gbox[0] - box[2]
                if -1.0 <= gap <= 2.0:
                    target = group
                    break
        if target is None:
            groups.append([box, text, index])
            continue
        gbox = target[0]
        target[0] = [min(box[0], gbox[0]), min(box[1], gbox[1]), max(box[2], gbox[2]), max(box[3], gbox[3])]
        target[1] = target[1] + text if set(mark) <= _CLOSING else text + target[1]
    groups.sort(key=lambda g: g[2])
    return [((b[0], b[1], b[2], b[3]), t) for b, t, _ in groups]


def _align(pdf: bytes, doc: _Document, page_number: int, knobs: dict[str, Any]) -> RenderedPage | None:
    """The gold: the page's printed lines, each given to the source paragraph whose text it continues."""
    found = _visual_lines(pdf)
    if found is None:
        return None
    lines: list[DrawnLine] = []
    furniture: list[int] = []
    p, rest, last_para = 0, "", -1
    for box, text in found:
        piece = "".join(text.split())
        while p < len(doc.paras) and not rest:
            rest = "".join(doc.paras[p].text.split())
            if not rest:
                p += 1
        if p >= len(doc.paras) or not rest.startswith(piece):
            return None  # the export's order is not the document's: no gold we can trust
        para = doc.paras[p]
        rest = rest[len(piece):]
        x0, y0, x1, y1 = box
        if lines and last_para == p and abs(lines[-1].bbox[3] - y1) < 0.3 * (y1 - y0) \
                and -1.0 <= x0 - lines[-1].bbox[2] <= 2.0:  # the rest of the same printed line
            prev = lines[-1]
            prev.text += text.strip()
            prev.bbox = (prev.bbox[0], min(prev.bbox[1], y0), x1, max(prev.bbox[3], y1))
            if not rest:
                p += 1
            continue
        last_para = p
        lines.append(DrawnLine(text.strip(), (x0, y0, x1, y1), round(y1 - y0, 1), para.owner))
        lid = len(lines) - 1
        if para.owner[0] == "furniture":
            furniture.append(lid)
        else:
            doc.stories[para.owner[1]].add_line(lid, para.block)
        if not rest:
            p += 1
    if rest or p < len(doc.paras):
        return None  # part of the document is not on the page
    return RenderedPage(pdf=pdf, lines=lines, stories=doc.stories, furniture=furniture, page_number=page_number,
                        columns=0, knobs=knobs, engine="libreoffice (banmian.synth.odt_pages)")


def render_odt_pages(articles: Sequence[CleanArticle], count: int, *, seed: int = 0, soffice: str | None = None,
                     story_counts: Sequence[int] = (4, 6, 8, 10, 12, 14, 16)) -> list[tuple[RenderedPage, str]]:
    """`count` pages exported by LibreOffice; (the page with its gold, its FODT source).

    Each page is tried with each of `story_counts` stories (one conversion run) and the
    fullest that fits one page and aligns is kept.
    """
    soffice = soffice or shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("the LibreOffice pages need `soffice` (apt-get install libreoffice-writer-nogui)")
    rng = random.Random(seed)
    out: list[tuple[RenderedPage, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        attempts = 0
        while len(out) < count and attempts < 3 * count:
            attempts += 1
            pool = [_vary(a, rng) for a in rng.sample(list(articles), len(articles))]
            doc_seed, page_number = rng.randrange(1 << 30), rng.randint(2, 16)
            # one conversion run for several story counts: keep the fullest page that fits
            sources: list[tuple[Path, str, _Document]] = []
            for n in sorted({min(c, len(pool)) for c in story_counts}):
                xml, doc = _document(pool, n, doc_seed, page_number)
                path = folder / f"p{attempts}-{n:02d}.fodt"
                path.write_text(xml, encoding="utf-8")
                sources.append((path, xml, doc))
            _convert([s[0] for s in sources], folder, soffice)
            best: tuple[RenderedPage, str] | None = None
            for path, xml, doc in sources:
                pdf_path = path.with_suffix(".pdf")
                if pdf_path.exists():
                    page = _align(pdf_path.read_bytes(), doc, page_number, {"seed": doc_seed, "stories": len(doc.stories)})
                    if page is not None:
                        best = (page, xml)
            if best:
                out.append(best)
    return out


def _vary(art: CleanArticle, rng: random.Random) -> CleanArticle:
    if art.kind == "photo":  # no pictures here: a photo story's caption stands alone as a brief
        return replace(art, kind="article", title=art.title or "图片新闻", paragraphs=[(PARAGRAPH, c) for c in art.captions],
                       captions=[], credit=None) if art.captions and art.title else art
    if rng.random() < 0.3:
        first = next(((k, t) for k, t in art.paragraphs if k == PARAGRAPH), None)
        art = replace(art, paragraphs=[first] if first else art.paragraphs[:1], captions=[], credit=None)
    return art


def write_pages(out_dir: Path, count: int, seed: int, articles: Sequence[CleanArticle],
                story_counts: Sequence[int] = (4, 6, 8, 10, 12, 14, 16)) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    pages = render_odt_pages(articles, count, seed=seed, story_counts=story_counts)
    for i, (page, xml) in enumerate(pages, start=1):
        paths.append(save_rendered(page, out_dir / f"odt-{seed}-{i:02d}", xml, ".fodt"))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write held-out newspaper PDFs exported by LibreOffice, with gold.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=Path, action="append", default=None)
    args = parser.parse_args(argv)
    try:
        paths = write_pages(args.out_dir, args.pages, args.seed, load_clean_articles(args.articles))
    except Exception as exc:  # a missing soffice: one line, not a traceback
        print(f"error: {str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__}", file=sys.stderr)
        return 2
    print(f"wrote {len(paths)} pages to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
