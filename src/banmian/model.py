"""The one data model: Page -> Article -> Block, each traceable to source lines.

Line numbers are 1-based and inclusive, counted in the page's own text (for a
PDF: the text that `banmian text` prints, the PDF's lines in reading order).
Every object has `to_dict()` / `from_dict()` for a lossless JSON round trip.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

SCHEMA_ID = "banmian/page@1"

# [first, last], 1-based, inclusive
LineSpan = tuple[int, int]
BBox = tuple[float, float, float, float]


def _span(value: Any) -> LineSpan | None:
    if value is None:
        return None
    first, last = value
    return (int(first), int(last))


def _bbox(value: Any) -> BBox | None:
    if value is None:
        return None
    x0, y0, x1, y1 = value
    return (float(x0), float(y0), float(x1), float(y1))


def spans_from_numbers(numbers: list[int] | set[int]) -> list[LineSpan]:
    """Compress line numbers into sorted inclusive ranges."""
    spans: list[LineSpan] = []
    for n in sorted(set(numbers)):
        if spans and spans[-1][1] == n - 1:
            spans[-1] = (spans[-1][0], n)
        else:
            spans.append((n, n))
    return spans


@dataclass
class Block:
    """A run of text inside an article: paragraph, subhead, caption, credit, ..."""

    type: str
    text: str
    lines: LineSpan
    # Input with geometry only (PDF, OCR file, scan): the page (1-based) and box of the
    # block, in the input's own coordinates (Page.unit).
    page: int | None = None
    bbox: BBox | None = None
    # OCR input only: the mean of its lines' confidences (0-1), when the engine gave them.
    confidence: float | None = None

    # Written out: a page makes dozens, and the compiled build (docs/speed.md) compiles
    # a constructor written here but not one @dataclass generates.
    def __init__(
        self, type: str, text: str, lines: LineSpan, page: int | None = None, bbox: BBox | None = None,
        confidence: float | None = None,
    ) -> None:
        self.type = type
        self.text = text
        self.lines = lines
        self.page = page
        self.bbox = bbox
        self.confidence = confidence

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "text": self.text, "lines": list(self.lines)}
        if self.page is not None:
            out["page"] = self.page
        if self.bbox is not None:
            out["bbox"] = list(self.bbox)
        if self.confidence is not None:
            out["confidence"] = self.confidence
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        span = _span(data["lines"])
        assert span is not None
        return cls(
            type=data["type"],
            text=data["text"],
            lines=span,
            page=data.get("page"),
            bbox=_bbox(data.get("bbox")),
            confidence=data.get("confidence"),
        )


@dataclass
class Byline:
    agency: str | None = None
    reporters: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    # Source lines the byline text was taken from (a byline may be scattered:
    # a head byline, a trailing contributor note, a photo credit).
    lines: list[LineSpan] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.agency or self.reporters or self.contributors or self.photographers)

    def merge(self, other: Byline | None, span: LineSpan | None = None) -> None:
        """Add what another byline names (a head byline, a dateline's reporters, a
        contributor note, a photo credit), recording the lines it came from."""
        if other is None:
            return
        self.agency = self.agency or other.agency
        for target, names in (
            (self.reporters, other.reporters),
            (self.contributors, other.contributors),
            (self.photographers, other.photographers),
        ):
            target.extend(n for n in names if n not in target)
        if span is not None and not other.is_empty():
            self.lines.append(span)

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "reporters": list(self.reporters),
            "contributors": list(self.contributors),
            "photographers": list(self.photographers),
            "lines": [list(s) for s in self.lines],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Byline:
        return cls(
            agency=data.get("agency"),
            reporters=list(data.get("reporters") or []),
            contributors=list(data.get("contributors") or []),
            photographers=list(data.get("photographers") or []),
            lines=[s for s in (_span(x) for x in data.get("lines") or []) if s],
        )


@dataclass
class Dateline:
    """`新华社上海3月5日电` -> agency 新华社, place 上海, date 3月5日."""

    raw: str
    agency: str | None = None
    place: str | None = None
    date: str | None = None
    lines: LineSpan | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "place": self.place,
            "date": self.date,
            "raw": self.raw,
            "lines": list(self.lines) if self.lines else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Dateline:
        return cls(
            raw=data.get("raw") or "",
            agency=data.get("agency"),
            place=data.get("place"),
            date=data.get("date"),
            lines=_span(data.get("lines")),
        )


@dataclass
class Article:
    id: str
    kind: str = "article"  # article | photo | brief-list | notice | unknown
    title: str | None = None
    subtitle: str | None = None  # 副题
    kicker: str | None = None  # 引题
    title_lines: LineSpan | None = None
    lines: list[LineSpan] = field(default_factory=list)
    byline: Byline | None = None
    dateline: Dateline | None = None
    continued_from: int | None = None
    continued_to: int | None = None
    blocks: list[Block] = field(default_factory=list)
    page: int | None = None
    bbox: BBox | None = None

    def line_numbers(self) -> set[int]:
        out: set[int] = set()
        for first, last in self.lines:
            out.update(range(first, last + 1))
        return out

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "subtitle": self.subtitle,
            "kicker": self.kicker,
            "title_lines": list(self.title_lines) if self.title_lines else None,
            "lines": [list(s) for s in self.lines],
            "byline": self.byline.to_dict() if self.byline else None,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "continued_from": self.continued_from,
            "continued_to": self.continued_to,
            "blocks": [b.to_dict() for b in self.blocks],
        }
        if self.page is not None:
            out["page"] = self.page
        if self.bbox is not None:
            out["bbox"] = list(self.bbox)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=data["id"],
            kind=data.get("kind", "article"),
            title=data.get("title"),
            subtitle=data.get("subtitle"),
            kicker=data.get("kicker"),
            title_lines=_span(data.get("title_lines")),
            lines=[s for s in (_span(x) for x in data.get("lines") or []) if s],
            byline=Byline.from_dict(data["byline"]) if data.get("byline") else None,
            dateline=Dateline.from_dict(data["dateline"]) if data.get("dateline") else None,
            continued_from=data.get("continued_from"),
            continued_to=data.get("continued_to"),
            blocks=[Block.from_dict(b) for b in data.get("blocks") or []],
            page=data.get("page"),
            bbox=_bbox(data.get("bbox")),
        )


@dataclass
class Furniture:
    """Page furniture: running heads and feet, page numbers, section names, editors."""

    type: str  # header | footer | page-number | section | editor | date | masthead | noise
    text: str
    lines: LineSpan

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text, "lines": list(self.lines)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Furniture:
        span = _span(data["lines"])
        assert span is not None
        return cls(type=data["type"], text=data["text"], lines=span)


@dataclass
class Source:
    path: str | None = None
    sha256: str | None = None
    encoding: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "encoding": self.encoding}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Source:
        data = data or {}
        return cls(path=data.get("path"), sha256=data.get("sha256"), encoding=data.get("encoding"))


@dataclass
class Page:
    articles: list[Article] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: Source = field(default_factory=Source)
    page: int | None = None
    # Number of source lines the page's text has (blank ones included).
    line_count: int = 0
    schema: str = SCHEMA_ID
    # Input with geometry only: the unit of every bbox ("pt" PDF points, "px" image
    # pixels, "mm10"/"inch1200" as an ALTO file states), and for line n of the page's
    # text, line_entries[n - 1] is the 0-based index of the entry it came from in the
    # input's own order (an OCR file's entries on that page, a PDF's text lines).
    unit: str | None = None
    line_entries: list[int] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": self.schema,
            "source": self.source.to_dict(),
            "page": self.page,
            "line_count": self.line_count,
            "articles": [a.to_dict() for a in self.articles],
            "furniture": [f.to_dict() for f in self.furniture],
            "warnings": list(self.warnings),
        }
        if self.unit is not None:
            out["unit"] = self.unit
        if self.line_entries is not None:
            out["line_entries"] = list(self.line_entries)
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Page:
        return cls(
            schema=data.get("schema", SCHEMA_ID),
            source=Source.from_dict(data.get("source")),
            page=data.get("page"),
            line_count=int(data.get("line_count") or 0),
            articles=[Article.from_dict(a) for a in data.get("articles") or []],
            furniture=[Furniture.from_dict(f) for f in data.get("furniture") or []],
            warnings=list(data.get("warnings") or []),
            unit=data.get("unit"),
            line_entries=[int(n) for n in data["line_entries"]] if data.get("line_entries") is not None else None,
        )

    @classmethod
    def from_json(cls, text: str) -> Page:
        return cls.from_dict(json.loads(text))
