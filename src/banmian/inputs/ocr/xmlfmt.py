"""The XML forms of OCR with line boxes: hOCR, ALTO v2-v4, PAGE XML 2013/2019.

ALTO and PAGE are read with the standard library's expat parser, refusing any entity
declaration (the defusedxml rule: no entity expansion, no external entities) and
fetching nothing. hOCR is HTML as often as XHTML, so it goes through the standard
library's HTML parser, which resolves no entities but the character references.

Every reader keeps the file's text lines in document order; a line's `order` is its
index among the page's lines in the file (the provenance of parsed lines).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.parsers import expat

from banmian.errors import InputError
from banmian.inputs.lines import PageLines, Point, PositionedLine
from banmian.inputs.ocr.boxes import join_words, make_line, rect_points
from banmian.inputs.ocr.jsonfmt import number, page_from_lines

# ALTO's MeasurementUnit: lines keep the file's own coordinates; the unit says which.
ALTO_UNITS = {"pixel": "px", "mm10": "mm10", "inch1200": "inch1200"}


@dataclass
class Node:
    """An XML element reduced to what the readers need (local name, attributes, text)."""

    name: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def find(self, name: str) -> Node | None:
        return next((c for c in self.children if c.name == name), None)

    def iter(self, name: str) -> Iterator[Node]:
        """Descendants (self included) with this local name, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            if node.name == name:
                yield node
            stack.extend(reversed(node.children))

    def all_text(self) -> str:
        return self.text + "".join(c.all_text() for c in self.children)


def _local(name: str) -> str:
    # expat with a namespace separator gives "uri local"; attributes may be unqualified
    return name.rsplit(" ", 1)[-1]


class _Refused(Exception):
    pass


def parse_xml(data: bytes, source: str) -> tuple[Node, str]:
    """(the root element, the root's namespace URI); InputError for broken or unsafe XML."""
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[Node] = []
    root: list[Node] = []
    namespace = [""]

    def start(name: str, attrs: dict[str, str]) -> None:
        node = Node(_local(name), {_local(k): v for k, v in attrs.items()})
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
            namespace[0] = name.rsplit(" ", 1)[0] if " " in name else ""
        stack.append(node)

    def end(name: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        if stack:
            stack[-1].text += text

    def refuse(*_: object) -> None:
        raise _Refused

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        parser.Parse(data, True)
    except _Refused:
        raise InputError(f"{source}: XML declaring entities is refused (entity expansion)") from None
    except expat.ExpatError as exc:
        raise InputError(f"{source}: broken XML ({expat.ErrorString(exc.code)} at line {exc.lineno})") from None
    if not root:
        raise InputError(f"{source}: broken XML (no root element)")
    return root[0], namespace[0]


# --- ALTO ----------------------------------------------------------------------------

def _floats(node: Node, *names: str) -> list[float] | None:
    values = [number(node.attrs.get(n)) for n in names]
    return None if any(v is None for v in values) else [v for v in values if v is not None]


def _alto_text(line: Node) -> tuple[str, float | None]:
    parts: list[str] = []
    scores: list[float] = []
    for child in line.children:
        if child.name == "String":
            parts.append(child.attrs.get("CONTENT", ""))
            wc = number(child.attrs.get("WC"))
            if wc is not None:
                scores.append(wc)
        elif child.name == "SP":
            parts.append(" ")
        elif child.name == "HYP":
            parts.append(child.attrs.get("CONTENT", ""))
    # ALTO marks the spaces it means with SP; CJK strings sit side by side without one
    text = " ".join("".join(parts).split())
    return text, (sum(scores) / len(scores) if scores else None)


def _alto_outline(line: Node) -> list[Point] | None:
    box = _floats(line, "HPOS", "VPOS", "WIDTH", "HEIGHT")
    if box is not None:
        x, y, w, h = box
        return list(rect_points(x, y, x + w, y + h))
    shape = line.find("Shape")
    polygon = shape.find("Polygon") if shape else None
    if polygon is not None:
        values = [number(v) for v in re.split(r"[\s,]+", polygon.attrs.get("POINTS", "").strip()) if v]
        if len(values) >= 6 and len(values) % 2 == 0 and all(v is not None for v in values):
            flat = [v for v in values if v is not None]
            return [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
    return None


def read_alto(root: Node, source: str) -> list[PageLines]:
    unit_node = next(root.iter("MeasurementUnit"), None)
    unit_name = (unit_node.text.strip() if unit_node else "") or "pixel"
    if unit_name not in ALTO_UNITS:
        raise InputError(f"{source}: unknown ALTO MeasurementUnit {unit_name!r} (pixel, mm10 or inch1200)")
    unit = ALTO_UNITS[unit_name]
    pages: list[PageLines] = []
    for number_, page in enumerate(root.iter("Page"), start=1):
        lines: list[PositionedLine] = []
        for index, line in enumerate(page.iter("TextLine")):
            outline = _alto_outline(line)
            if outline is None:
                raise InputError(f"{source}: page {number_} TextLine {index} has no HPOS/VPOS/WIDTH/HEIGHT")
            text, score = _alto_text(line)
            if text:
                lines.append(make_line(text, outline, page=number_, order=index, confidence=score))
        size = _floats(page, "WIDTH", "HEIGHT") or [0.0, 0.0]
        pages.append(page_from_lines(lines, number=number_, width=size[0], height=size[1], unit=unit))
    if not pages:
        raise InputError(f"{source}: ALTO without a Page")
    return pages


# --- PAGE XML ------------------------------------------------------------------------

def _page_outline(coords: Node | None) -> list[Point] | None:
    if coords is None:
        return None
    if "points" in coords.attrs:  # 2013 and later: "x,y x,y ..."
        out: list[Point] = []
        for pair in coords.attrs["points"].split():
            x, _, y = pair.partition(",")
            px, py = number(x), number(y)
            if px is None or py is None:
                return None
            out.append((px, py))
        return out if len(out) >= 3 else None
    points = [(number(p.attrs.get("x")), number(p.attrs.get("y"))) for p in coords.children if p.name == "Point"]
    if len(points) >= 3 and all(x is not None and y is not None for x, y in points):  # 2010: <Point x y/>
        return [(float(x or 0), float(y or 0)) for x, y in points]
    return None


def _text_equiv(node: Node) -> tuple[str, float | None] | None:
    """The main TextEquiv of an element (the lowest index), its text and conf."""
    equivs = [c for c in node.children if c.name == "TextEquiv"]
    if not equivs:
        return None
    best = min(equivs, key=lambda e: number(e.attrs.get("index")) or 0.0)
    unicode = best.find("Unicode")
    return (unicode.all_text() if unicode else ""), number(best.attrs.get("conf"))


def read_page_xml(root: Node, source: str) -> list[PageLines]:
    page = next(root.iter("Page"), None)
    if page is None:
        raise InputError(f"{source}: PAGE XML without a Page")
    lines: list[PositionedLine] = []
    regions = [r for r in page.iter("TextRegion")]
    direction = {id(ln): r.attrs.get("readingDirection", "") for r in regions for ln in r.iter("TextLine")}
    for index, line in enumerate(page.iter("TextLine")):
        outline = _page_outline(line.find("Coords"))
        if outline is None:
            raise InputError(f"{source}: TextLine {line.attrs.get('id', index)} has no Coords points")
        equiv = _text_equiv(line)
        if equiv is None:  # text only on the words
            words = [w for w in line.children if w.name == "Word"]
            equiv = join_words([(_text_equiv(w) or ("", None))[0] for w in words]), None
        text = " ".join(equiv[0].split())
        if not text:
            continue
        made = make_line(text, outline, page=1, order=index, confidence=equiv[1])
        reading = line.attrs.get("readingDirection") or direction.get(id(line), "")
        if reading in ("top-to-bottom", "bottom-to-top") and not made.vertical:
            made = make_line(text, outline, page=1, order=index, confidence=equiv[1], vertical=True)
        lines.append(made)
    width, height = number(page.attrs.get("imageWidth")), number(page.attrs.get("imageHeight"))
    return [page_from_lines(lines, number=1, width=width, height=height)]


# --- hOCR ----------------------------------------------------------------------------

_LINE_CLASSES = frozenset({"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
_BBOX = re.compile(r"\bbbox\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)")
_WCONF = re.compile(r"\bx_wconf\s+(-?[\d.]+)")


def _title_bbox(title: str) -> tuple[float, float, float, float] | None:
    match = _BBOX.search(title)
    if not match:
        return None
    x0, y0, x1, y1 = (float(v) for v in match.groups())
    return x0, y0, x1, y1


@dataclass
class _HocrLine:
    bbox: tuple[float, float, float, float]
    index: int
    words: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)  # text outside word spans
    scores: list[float] = field(default_factory=list)


class _HocrParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []  # (tag, what it opened: page/line/word/"")
        self.pages: list[tuple[tuple[float, float, float, float] | None, list[_HocrLine]]] = []
        self.line: _HocrLine | None = None
        self.word: list[str] | None = None
        self.line_index = 0
        self.bad_line: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        classes = set(values.get("class", "").split())
        title = values.get("title", "")
        opened = ""
        if "ocr_page" in classes:
            self.pages.append((_title_bbox(title), []))
            self.line_index = 0
            opened = "page"
        elif classes & _LINE_CLASSES and self.line is None:
            bbox = _title_bbox(title)
            if not self.pages:
                self.pages.append((None, []))
            if bbox is None:
                self.bad_line = self.bad_line or values.get("id", f"{self.line_index}")
            else:
                self.line = _HocrLine(bbox, self.line_index)
                opened = "line"
            self.line_index += 1
        elif "ocrx_word" in classes and self.line is not None and self.word is None:
            self.word = []
            conf = _WCONF.search(title)
            if conf:
                self.line.scores.append(float(conf.group(1)) / 100)
            opened = "word"
        if tag not in _VOID:
            self.stack.append((tag, opened))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, opened = self.stack.pop()
            self._close(opened)
            if open_tag == tag:
                break

    def _close(self, opened: str) -> None:
        if opened == "word" and self.line is not None and self.word is not None:
            self.line.words.append("".join(self.word))
            self.word = None
        elif opened == "line" and self.line is not None:
            self.pages[-1][1].append(self.line)
            self.line = None

    def handle_data(self, data: str) -> None:
        if self.word is not None:
            self.word.append(data)
        elif self.line is not None:
            self.line.loose.append(data)

    def close(self) -> None:
        super().close()
        while self.stack:
            self._close(self.stack.pop()[1])


def read_hocr(text: str, source: str) -> list[PageLines]:
    parser = _HocrParser()
    parser.feed(text)
    parser.close()
    if parser.bad_line is not None:
        raise InputError(f"{source}: hOCR line {parser.bad_line} has no bbox in its title")
    pages: list[PageLines] = []
    for number_, (bbox, found) in enumerate(parser.pages, start=1):
        lines: list[PositionedLine] = []
        for line in found:
            words = line.words if line.words else [" ".join(line.loose)]
            line_text = " ".join(join_words(words).split())
            if line_text:
                score = sum(line.scores) / len(line.scores) if line.scores else None
                lines.append(make_line(line_text, list(rect_points(*line.bbox)), page=number_,
                                       order=line.index, confidence=score))
        width = bbox[2] - bbox[0] if bbox else None
        height = bbox[3] - bbox[1] if bbox else None
        pages.append(page_from_lines(lines, number=number_, width=width, height=height))
    return pages


def looks_like_hocr(data: bytes) -> bool:
    head = data[:65536]
    return b"ocr_page" in head or b"ocr_line" in head or b"ocr-system" in head


def read_xml_pages(data: bytes, *, source: str, formats: str) -> list[PageLines]:
    """The pages of an hOCR, ALTO or PAGE XML file; InputError for any other XML."""
    if looks_like_hocr(data):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{source}: hOCR that is not UTF-8") from None
        return read_hocr(text, source)
    root, _ = parse_xml(data, source)
    if root.name == "alto":
        return read_alto(root, source)
    if root.name == "PcGts":
        return read_page_xml(root, source)
    raise InputError(f"{source}: XML that is no OCR format banmian reads ({formats})")
