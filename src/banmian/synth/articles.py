"""Clean articles: the ground truth that the generator lays out as raw page dumps.

Two sources: the package's own articles (`data/articles.json`, written for this
project) and the articles of hand-made gold pages (`*.gold.json`, schema
`gold/page@1`), which a caller passes by path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from banmian.errors import InputError

PARAGRAPH = "paragraph"
SUBHEAD = "subhead"


@dataclass
class CleanArticle:
    """One article as a careful annotator would write it down, before any layout."""

    title: str
    kicker: str | None = None
    subtitle: str | None = None
    # (type, text) with type `paragraph` or `subhead`; the text is clean (no wraps, no artifacts).
    paragraphs: list[tuple[str, str]] = field(default_factory=list)
    # Same shape as a gold byline: agency, reporters, contributors, photographers.
    byline: dict[str, Any] | None = None
    # agency, place, date, raw (`新华社上海3月5日电`).
    dateline: dict[str, Any] | None = None
    kind: str = "article"  # article | photo
    captions: list[str] = field(default_factory=list)
    credit: str | None = None  # `新华社记者 某某 摄`

    def body_chars(self) -> int:
        return sum(len(text) for _, text in self.paragraphs) + sum(len(c) for c in self.captions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "paragraphs": [[kind, text] for kind, text in self.paragraphs],
            "byline": self.byline,
            "dateline": self.dateline,
            "kind": self.kind,
            "captions": list(self.captions),
            "credit": self.credit,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CleanArticle:
        return cls(
            title=data.get("title") or "",
            kicker=data.get("kicker"),
            subtitle=data.get("subtitle"),
            paragraphs=[(str(kind), str(text)) for kind, text in data.get("paragraphs") or []],
            byline=_byline(data.get("byline")),
            dateline=_dateline(data.get("dateline")),
            kind=data.get("kind") or "article",
            captions=[str(c) for c in data.get("captions") or []],
            credit=data.get("credit"),
        )


def _byline(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if not data:
        return None
    out = {
        "agency": data.get("agency"),
        "reporters": list(data.get("reporters") or []),
        "contributors": list(data.get("contributors") or []),
        "photographers": list(data.get("photographers") or []),
    }
    if not (out["agency"] or out["reporters"] or out["contributors"] or out["photographers"]):
        return None
    return out


def _dateline(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if not data or not data.get("place") or not data.get("date"):
        return None
    agency = data.get("agency") or "新华社"
    raw = data.get("raw") or f"{agency}{data['place']}{data['date']}电"
    return {"agency": agency, "place": data["place"], "date": data["date"], "raw": raw}


def _from_gold_article(data: dict[str, Any]) -> CleanArticle | None:
    """A gold article becomes a clean article; continuations and empty items are kept too."""
    paragraphs: list[tuple[str, str]] = []
    captions: list[str] = []
    credit: str | None = None
    for block in data.get("blocks") or []:
        kind, text = block.get("type"), (block.get("text") or "").strip()
        if not text:
            continue
        if kind in (PARAGRAPH, SUBHEAD):
            paragraphs.append((kind, text))
        elif kind == "caption":
            captions.append(text)
        elif kind == "credit":
            credit = text
    kind = "photo" if data.get("kind") == "photo" else "article"
    if kind == "photo" and not captions:
        return None
    if kind == "article" and not (data.get("title") and any(k == PARAGRAPH for k, _ in paragraphs)):
        return None
    return CleanArticle(
        title=data.get("title") or "",
        kicker=data.get("kicker"),
        subtitle=data.get("subtitle"),
        paragraphs=paragraphs,
        byline=_byline(data.get("byline")),
        dateline=_dateline(data.get("dateline")),
        kind=kind,
        captions=captions,
        credit=credit,
    )


def _articles_from_json(data: Any, origin: str) -> list[CleanArticle]:
    if isinstance(data, dict) and data.get("schema") == "gold/page@1":
        found = (_from_gold_article(a) for a in data.get("articles") or [])
        return [a for a in found if a is not None]
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        return [CleanArticle.from_dict(a) for a in data["articles"]]
    if isinstance(data, list):
        return [CleanArticle.from_dict(a) for a in data]
    raise InputError(f"{origin}: not a gold page nor a list of clean articles")


def default_article_files() -> list[Path]:
    """The articles shipped with the package."""
    folder = resources.files("banmian.synth") / "data"
    return [Path(str(folder / "articles.json"))]


def republican_articles() -> list[CleanArticle]:
    """The generator's own Republican-era (1912-49) style items: traditional, 、 as the clause mark."""
    folder = resources.files("banmian.synth") / "data"
    return load_clean_articles([Path(str(folder / "articles_republican.json"))])


def load_clean_articles(paths: list[Path] | None = None) -> list[CleanArticle]:
    """Load clean articles from JSON files (gold pages or article lists); default: the shipped set.

    A folder in `paths` stands for every `*.json` file in it.
    """
    files: list[Path] = []
    for path in paths if paths is not None else default_article_files():
        path = Path(path)
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    articles: list[CleanArticle] = []
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{file}: cannot read clean articles ({exc})") from None
        try:
            articles.extend(_articles_from_json(data, str(file)))
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{file}: malformed clean article ({exc})") from None
    if not articles:
        raise InputError("no clean articles found in " + ", ".join(str(f) for f in files))
    return articles
