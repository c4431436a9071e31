"""METS/ALTO: an ALTO v4 file per page and a METS file per issue (docs/export.md).

ALTO holds the page's text as TextBlocks of TextLines, in the order of the page's source
lines: one TextBlock per block of an article (paragraph, subhead, caption, credit), per
run of an article's other lines (title, byline, dateline, jump lines) and per piece of
page furniture, so every non-blank line is in exactly one TextLine. For PDF and OCR
input every TextLine and TextBlock has its box (PDF points become 1/1200 inch, ALTO's
`inch1200`; image pixels stay `pixel`); a text dump has no geometry, so its ALTO has
none either.

The METS file of an issue lists the ALTO files (fileGrp FULLTEXT), the pages in a
physical structMap, and in its logical structMap one ARTICLE div per article, the way
newspaper programmes exchange segmented articles: the article's title as LABEL and in
MODS (with the byline's names and roles and the dateline), and child divs (TITLE,
BYLINE, DATELINE, then BODY with PARAGRAPH, SUBHEADLINE, CAPTION, CREDIT, ...) whose
`area` points at the ALTO TextBlock by its ID.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import banmian
from banmian.export.source_pages import SourcePage, read_source_pages
from banmian.inputs.sources import InputRef
from banmian.model import Article, BBox, spans_from_numbers

ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
ALTO_SCHEMA_LOCATION = "http://www.loc.gov/standards/alto/v4/alto-4-3.xsd"
METS_NS = "http://www.loc.gov/METS/"
METS_SCHEMA_LOCATION = "http://www.loc.gov/standards/mets/mets.xsd"
MODS_NS = "http://www.loc.gov/mods/v3"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

# ALTO's unit for PDF points: 1/1200 inch (a point is 1/72 inch).
POINTS_TO_INCH1200 = 1200 / 72
# METS div TYPE of each block type (Europeana Newspapers' article structure names).
DIV_TYPES = {
    "title": "TITLE",
    "byline": "BYLINE",
    "dateline": "DATELINE",
    "paragraph": "PARAGRAPH",
    "subhead": "SUBHEADLINE",
    "caption": "CAPTION",
    "credit": "CREDIT",
}
_HEAD_ROLES = ("title", "byline", "dateline")
# MARC relator codes for the byline's roles.
_RELATORS = (("reporters", "aut", "author"), ("contributors", "ctb", "contributor"),
             ("photographers", "pht", "photographer"))
# XML 1.0 cannot hold these characters at all (a control character in OCR output).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

for prefix, uri in (("mets", METS_NS), ("mods", MODS_NS), ("xlink", XLINK_NS), ("xsi", XSI_NS)):
    ET.register_namespace(prefix, uri)


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


@dataclass
class IssuePage:
    """One page of an issue, with the newspaper's page number when known."""

    source: SourcePage
    page_no: int | None = None


@dataclass
class Issue:
    """The pages of one issue of a paper (or of one input file when the date is unknown)."""

    key: str  # directory name of the issue
    paper: str | None
    date: str | None
    pages: list[IssuePage] = field(default_factory=list)


@dataclass
class AltoBlock:
    """A TextBlock: its ID, what it is, and who owns it (an article's id or None)."""

    id: str
    role: str
    article: str | None
    lines: list[int]  # 1-based source line numbers
    block_index: int | None = None  # index in the article's blocks, for blocks


def _blocks_of_page(source: SourcePage, page_prefix: str) -> list[AltoBlock]:
    """Every non-blank source line in exactly one TextBlock, in source order."""
    lines = source.lines
    non_blank = {n for n, text in enumerate(lines, start=1) if text.strip()}
    found: list[AltoBlock] = []
    taken: set[int] = set()

    def add(role: str, article: str | None, numbers: Iterable[int], block_index: int | None = None) -> None:
        mine = sorted(n for n in numbers if n in non_blank and n not in taken)
        if mine:
            taken.update(mine)
            found.append(AltoBlock("", role, article, mine, block_index))

    for article in source.page.articles:
        for index, block in enumerate(article.blocks):
            add(block.type, article.id, range(block.lines[0], block.lines[1] + 1), index)
        for role, numbers in _article_head_lines(article):
            add(role, article.id, numbers)
        # what is left of the article (a jump line, a stray line) in runs of adjacent lines
        rest = sorted(n for n in article.line_numbers() if n in non_blank and n not in taken)
        for first, last in spans_from_numbers(rest):
            add("other", article.id, range(first, last + 1))
    for item in source.page.furniture:
        add(f"furniture-{item.type}", None, range(item.lines[0], item.lines[1] + 1))
    for first, last in spans_from_numbers(non_blank - taken):  # never happens when nothing is lost
        add("unassigned", None, range(first, last + 1))
    found.sort(key=lambda b: b.lines[0])
    for number, text_block in enumerate(found, start=1):
        text_block.id = f"{page_prefix}_TB{number:05d}"
    return found


def _article_head_lines(article: Article) -> list[tuple[str, list[int]]]:
    out: list[tuple[str, list[int]]] = []
    if article.title_lines:
        out.append(("title", list(range(article.title_lines[0], article.title_lines[1] + 1))))
    if article.byline:
        out += [("byline", list(range(a, b + 1))) for a, b in article.byline.lines]
    if article.dateline and article.dateline.lines:
        out.append(("dateline", list(range(article.dateline.lines[0], article.dateline.lines[1] + 1))))
    return out


def _union(boxes: list[BBox]) -> BBox | None:
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _set_box(element: ET.Element, box: BBox | None, scale: float) -> None:
    if box is None:
        return
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    element.set("HPOS", str(x0))
    element.set("VPOS", str(y0))
    element.set("WIDTH", str(max(0, x1 - x0)))
    element.set("HEIGHT", str(max(0, y1 - y0)))


def _a(tag: str) -> str:
    # ALTO's elements are written unprefixed, in the default namespace that the root
    # declares (ElementTree would otherwise invent a prefix for it).
    return tag


def alto_page(source: SourcePage, *, physical_number: int, page_no: int | None) -> tuple[ET.Element, list[AltoBlock]]:
    """The ALTO document of one page, and its TextBlocks (for the METS file to point at)."""
    prefix = f"P{physical_number}"
    positioned = source.boxes is not None
    scale = POINTS_TO_INCH1200 if source.unit == "pt" else 1.0
    root = ET.Element(_a("alto"), xmlns=ALTO_NS)
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{ALTO_NS} {ALTO_SCHEMA_LOCATION}")
    description = ET.SubElement(root, _a("Description"))
    ET.SubElement(description, _a("MeasurementUnit")).text = (
        "inch1200" if positioned and source.unit == "pt" else "pixel"
    )
    image = ET.SubElement(description, _a("sourceImageInformation"))
    ET.SubElement(image, _a("fileName")).text = _clean(source.page.source.path or "")
    processing = ET.SubElement(description, _a("Processing"), ID="PROCESSING_1")
    ET.SubElement(processing, _a("processingDateTime")).text = datetime.now(UTC).isoformat(timespec="seconds")
    ET.SubElement(processing, _a("processingStepDescription")).text = "article segmentation, reading order"
    software = ET.SubElement(processing, _a("processingSoftware"))
    ET.SubElement(software, _a("softwareName")).text = "banmian"
    ET.SubElement(software, _a("softwareVersion")).text = banmian.__version__
    blocks = _blocks_of_page(source, prefix)
    roles = sorted({b.role for b in blocks})
    tags = ET.SubElement(root, _a("Tags"))
    for role in roles:
        ET.SubElement(tags, _a("LayoutTag"), ID=f"LT_{role}", LABEL=role)
    layout = ET.SubElement(root, _a("Layout"))
    page = ET.SubElement(layout, _a("Page"), ID=prefix, PHYSICAL_IMG_NR=str(physical_number))
    if page_no is not None:
        page.set("PRINTED_IMG_NR", str(page_no))
    if positioned and source.width and source.height:
        page.set("WIDTH", str(round(source.width * scale)))
        page.set("HEIGHT", str(round(source.height * scale)))
    space = ET.SubElement(page, _a("PrintSpace"))
    boxes = source.boxes or []
    all_boxes: list[BBox] = []
    line_number = 0
    string_number = 0
    for block in blocks:
        element = ET.SubElement(space, _a("TextBlock"), ID=block.id, TAGREFS=f"LT_{block.role}")
        block_boxes: list[BBox] = []
        for n in block.lines:
            line_number += 1
            text_line = ET.SubElement(element, _a("TextLine"), ID=f"{prefix}_TL{line_number:05d}")
            box = boxes[n - 1] if n - 1 < len(boxes) else None
            if box is not None:
                block_boxes.append(box)
                _set_box(text_line, box, scale)
            words = _clean(source.lines[n - 1]).split()
            for index, word in enumerate(words):
                if index:
                    ET.SubElement(text_line, _a("SP"))
                string_number += 1
                ET.SubElement(text_line, _a("String"), ID=f"{prefix}_S{string_number:05d}", CONTENT=word)
        block_box = _union(block_boxes)
        _set_box(element, block_box, scale)
        all_boxes.extend(block_boxes)
    _set_box(space, _union(all_boxes), scale)
    return root, blocks


def _m(tag: str) -> str:
    return f"{{{METS_NS}}}{tag}"


def _mods(tag: str) -> str:
    return f"{{{MODS_NS}}}{tag}"


def _article_mods(parent: ET.Element, article: Article) -> None:
    mods = ET.SubElement(parent, _mods("mods"))
    if article.title or article.subtitle:
        title_info = ET.SubElement(mods, _mods("titleInfo"))
        ET.SubElement(title_info, _mods("title")).text = _clean(article.title or "")
        if article.subtitle:
            ET.SubElement(title_info, _mods("subTitle")).text = _clean(article.subtitle)
    if article.kicker:
        kicker = ET.SubElement(mods, _mods("titleInfo"), type="alternative", displayLabel="kicker")
        ET.SubElement(kicker, _mods("title")).text = _clean(article.kicker)
    byline = article.byline
    if byline:
        if byline.agency:
            agency = ET.SubElement(mods, _mods("name"), type="corporate")
            ET.SubElement(agency, _mods("namePart")).text = _clean(byline.agency)
        for attribute, code, label in _RELATORS:
            for person in getattr(byline, attribute):
                name = ET.SubElement(mods, _mods("name"), type="personal")
                ET.SubElement(name, _mods("namePart")).text = _clean(person)
                role = ET.SubElement(name, _mods("role"))
                ET.SubElement(role, _mods("roleTerm"), type="code", authority="marcrelator").text = code
                ET.SubElement(role, _mods("roleTerm"), type="text").text = label
    ET.SubElement(mods, _mods("genre")).text = article.kind
    if article.dateline:
        ET.SubElement(mods, _mods("note"), type="dateline").text = _clean(article.dateline.raw)
    if article.continued_from is not None:
        ET.SubElement(mods, _mods("note"), type="continued-from-page").text = str(article.continued_from)
    if article.continued_to is not None:
        ET.SubElement(mods, _mods("note"), type="continued-on-page").text = str(article.continued_to)


def _md_sec(parent: ET.Element, ident: str) -> ET.Element:
    section = ET.SubElement(parent, _m("dmdSec"), ID=ident)
    wrap = ET.SubElement(section, _m("mdWrap"), MDTYPE="MODS")
    return ET.SubElement(wrap, _m("xmlData"))


def _area(parent: ET.Element, file_id: str, block_id: str) -> None:
    pointer = ET.SubElement(parent, _m("fptr"))
    ET.SubElement(pointer, _m("area"), FILEID=file_id, BEGIN=block_id, BETYPE="IDREF")


def mets_issue(issue: Issue, alto_names: list[str], page_blocks: list[list[AltoBlock]]) -> ET.Element:
    """The METS document of an issue whose page `i` is ALTO file `alto_names[i]`."""
    root = ET.Element(_m("mets"), OBJID=issue.key, TYPE="Newspaper")
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{METS_NS} {METS_SCHEMA_LOCATION}")
    label = " ".join(x for x in (issue.paper, issue.date) if x) or issue.key
    root.set("LABEL", label)
    header = ET.SubElement(root, _m("metsHdr"), CREATEDATE=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    agent = ET.SubElement(header, _m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    ET.SubElement(agent, _m("name")).text = f"banmian {banmian.__version__}"
    issue_mods = ET.SubElement(_md_sec(root, "DMD_ISSUE"), _mods("mods"))
    if issue.paper:
        title_info = ET.SubElement(issue_mods, _mods("titleInfo"))
        ET.SubElement(title_info, _mods("title")).text = _clean(issue.paper)
    ET.SubElement(issue_mods, _mods("genre")).text = "issue"
    if issue.date:
        origin = ET.SubElement(issue_mods, _mods("originInfo"))
        ET.SubElement(origin, _mods("dateIssued"), encoding="iso8601").text = issue.date
    articles: list[tuple[int, Article, list[AltoBlock]]] = []
    for index, (issue_page, blocks) in enumerate(zip(issue.pages, page_blocks, strict=True)):
        for article in issue_page.source.page.articles:
            articles.append((index, article, [b for b in blocks if b.article == article.id]))
            _article_mods(_md_sec(root, f"DMD_P{index + 1}_{article.id}"), article)
    files = ET.SubElement(root, _m("fileSec"))
    group = ET.SubElement(files, _m("fileGrp"), USE="FULLTEXT")
    file_ids = [f"ALTO_{index + 1:04d}" for index in range(len(issue.pages))]
    for file_id, name in zip(file_ids, alto_names, strict=True):
        file = ET.SubElement(group, _m("file"), ID=file_id, MIMETYPE="text/xml")
        ET.SubElement(file, _m("FLocat"), {"LOCTYPE": "URL", f"{{{XLINK_NS}}}href": name})
    physical = ET.SubElement(root, _m("structMap"), TYPE="PHYSICAL")
    sequence = ET.SubElement(physical, _m("div"), TYPE="physSequence", ID="PHYS_0000")
    for index, issue_page in enumerate(issue.pages):
        div = ET.SubElement(sequence, _m("div"), TYPE="page", ID=f"PHYS_{index + 1:04d}", ORDER=str(index + 1))
        if issue_page.page_no is not None:
            div.set("ORDERLABEL", str(issue_page.page_no))
        ET.SubElement(div, _m("fptr"), FILEID=file_ids[index])
    logical = ET.SubElement(root, _m("structMap"), TYPE="LOGICAL")
    top = ET.SubElement(logical, _m("div"), TYPE="ISSUE", ID="LOG_ISSUE", DMDID="DMD_ISSUE", LABEL=_clean(label))
    for number, (index, article, blocks) in enumerate(articles, start=1):
        div = ET.SubElement(
            top, _m("div"), TYPE="ARTICLE", ID=f"LOG_ART_{number:05d}", DMDID=f"DMD_P{index + 1}_{article.id}",
            ORDER=str(number),
        )
        heading = article.title or article.kicker or article.subtitle
        if heading:
            div.set("LABEL", _clean(heading))
        # The head (title, byline, dateline) first, then the body, each in source order:
        # a page may print an article's title after its body.
        heads = [b for b in blocks if b.role in _HEAD_ROLES]
        rest = [b for b in blocks if b.role not in _HEAD_ROLES]
        body = ET.SubElement(div, _m("div"), TYPE="BODY", ID=f"LOG_ART_{number:05d}_BODY") if rest else None
        for block in heads + rest:
            parent = div if body is None or block.role in _HEAD_ROLES else body
            child = ET.SubElement(parent, _m("div"), TYPE=DIV_TYPES.get(block.role, "OTHER"), ID=f"LOG_{block.id}")
            _area(child, file_ids[index], block.id)
        if body is not None:  # after the head divs
            div.remove(body)
            div.append(body)
    return root


def _write(element: ET.Element, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.indent(element, space=" ")
    partial = path.with_name(f".{path.name}.partial")
    ET.ElementTree(element).write(partial, encoding="utf-8", xml_declaration=True)
    partial.replace(path)


def write_issue(issue: Issue, out: Path) -> list[Path]:
    """Write the issue's ALTO files and its METS file under `out/<issue key>/`; their paths."""
    folder = out / issue.key
    alto_names: list[str] = []
    page_blocks: list[list[AltoBlock]] = []
    written: list[Path] = []
    for index, issue_page in enumerate(issue.pages, start=1):
        element, blocks = alto_page(issue_page.source, physical_number=index, page_no=issue_page.page_no)
        name = f"alto/{index:04d}.xml"
        _write(element, folder / name)
        written.append(folder / name)
        alto_names.append(name)
        page_blocks.append(blocks)
    mets = folder / "mets.xml"
    _write(mets_issue(issue, alto_names, page_blocks), mets)
    written.append(mets)
    return written


@dataclass
class ExportReport:
    issues: int = 0
    pages: int = 0
    articles: int = 0
    files: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (input, one-line error)


def _issue_key(paper: str | None, date: str | None, url: str) -> str:
    if date:
        name = re.sub(r"[^\w.-]+", "_", paper or "unknown").strip("._") or "unknown"
        return f"{name}-{date}"
    stem = re.sub(r"[^\w.-]+", "_", url.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip("._")
    return stem or "issue"


def export_mets_alto(
    refs: list[InputRef], out: Path, *, paper: str | None = None, date: str | None = None,
    encoding: str | None = None,
) -> ExportReport:
    """Parse the inputs and write METS/ALTO under `out`, one folder per issue.

    An issue is a paper's pages of one date (from the manifest, `date`, or the path);
    an input without a date is an issue of its own (a multi-page PDF of one issue).
    Bad input is reported per file and the others are exported.
    """
    from banmian.archive.ingest import date_from_path, page_number_from_name
    from banmian.errors import BanmianError
    from banmian.inputs.sources import read_bytes

    grouped: dict[tuple[str | None, str | None, str], list[InputRef]] = {}
    for ref in refs:
        ref_paper, ref_date = ref.paper or paper, ref.date or date or date_from_path(ref.url)
        grouped.setdefault((ref_paper, ref_date, "" if ref_date else ref.url), []).append(ref)
    report = ExportReport()
    used: set[str] = set()
    for (issue_paper, issue_date, alone), members in grouped.items():
        key = _issue_key(issue_paper, issue_date, alone or members[0].url)
        while key in used:  # two undated inputs with the same name
            key += "_"
        used.add(key)
        issue = Issue(key, issue_paper, issue_date)
        for ref in members:
            try:
                pages = read_source_pages(read_bytes(ref.url), ref.url, encoding)
            except BanmianError as exc:
                report.failed.append((ref.url, str(exc).splitlines()[0]))
                continue
            name_page = page_number_from_name(ref.url)
            for source in pages:
                number = source.page.page if source.page.page is not None and len(pages) > 1 else name_page
                issue.pages.append(IssuePage(source, number))
        if not issue.pages:
            continue
        # pages in the paper's order where it is known, else in the order given
        issue.pages.sort(key=lambda p: (p.page_no is None, p.page_no or 0))
        report.files.extend(write_issue(issue, out))
        report.issues += 1
        report.pages += len(issue.pages)
        report.articles += sum(len(p.source.page.articles) for p in issue.pages)
    return report
