"""Assemble a raw page dump from clean articles, with its gold (`gold/page@1`).

The page is written line by line; every line an article or the furniture writes
is recorded, so the gold's line ranges are exact by construction.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from banmian.model import Page
from banmian.synth.articles import PARAGRAPH, SUBHEAD, CleanArticle, load_clean_articles
from banmian.synth.layout import (
    IDEOGRAPHIC_INDENT,
    break_lines,
    display_width,
    letter_space,
    ocr_noise,
    space_digits,
)
from banmian.synth.profiles import (
    ARTICLE_KNOBS,
    PAGE_KNOBS,
    PROFILE_NAMES,
    LayoutKnobs,
    check_knobs,
    check_profile,
    draw,
)

GOLD_SCHEMA = "gold/page@1"

# General knowledge only: common surnames and given-name characters, city names, agencies.
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国斌宁婷雪琳晨浩宇欣然子轩思远嘉怡梓涵文博一鸣昊天晓东海波春雨佳琪志新立群"
_PLACES = tuple(
    "北京 上海 天津 重庆 广州 深圳 杭州 南京 武汉 成都 西安 长沙 郑州 济南 沈阳 哈尔滨 昆明 南宁 福州 合肥 太原 兰州 乌鲁木齐 拉萨 西宁 银川 呼和浩特 海口 贵阳 南昌"
    " 石家庄 长春 香港 澳门 台北 巴黎 伦敦 柏林 罗马 莫斯科 东京 首尔 开罗 内罗毕 华盛顿 纽约 巴西利亚 悉尼 新德里 曼谷 日内瓦 维也纳 布鲁塞尔 阿斯塔纳".split()
)
_AGENCIES = ("新华社", "中新社", "本报")
_SECTIONS = ("要闻", "综合", "国内", "国际", "经济", "社会", "文化", "体育", "科教", "地方")
_WEEKDAYS = "一二三四五六日"


@dataclass
class SynthPage:
    """One generated page: the raw dump and its ground truth."""

    name: str
    seed: int
    profile: str
    text: str
    gold: dict[str, Any]
    knobs: LayoutKnobs = field(default_factory=LayoutKnobs)
    # the knobs each article was laid out with, in gold order
    article_knobs: list[LayoutKnobs] = field(default_factory=list)

    def to_page(self) -> Page:
        """The gold as a `banmian/page@1` Page: what a perfect parser would return."""
        data = {
            "page": self.gold.get("page"),
            "line_count": len(self.text.split("\n")),
            "source": {"path": self.gold.get("source")},
            "articles": self.gold["articles"],
            "furniture": self.gold["furniture"],
        }
        return Page.from_dict(data)

    def write(self, out_dir: Path) -> tuple[Path, Path]:
        out_dir.mkdir(parents=True, exist_ok=True)
        raw_path, gold_path = out_dir / f"{self.name}.txt", out_dir / f"{self.name}.gold.json"
        raw_path.write_text(self.text, encoding="utf-8")
        gold_path.write_text(json.dumps(self.gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return raw_path, gold_path


@lru_cache(maxsize=1)
def _default_articles() -> tuple[CleanArticle, ...]:
    return tuple(load_clean_articles())


class _Sheet:
    """The page being written; line numbers are 1-based."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def emit(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    @property
    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


@dataclass
class _Body:
    """What the body of one article writes, and the state shared across the page."""

    sheet: _Sheet
    rng: random.Random
    page_knobs: LayoutKnobs
    lines_in_column: int = 0

    def body_line(self, text: str, *, may_break_before: bool) -> int:
        """Write a line of running text, with a column-break blank line when one is due."""
        every = self.page_knobs.column_break_every or 0
        if every and may_break_before and self.lines_in_column >= every:
            self.sheet.lines.append("")
            self.lines_in_column = 0
        self.lines_in_column += 1
        return self.sheet.emit(self._artifacts(text))

    def _artifacts(self, line: str) -> str:
        knobs = self.page_knobs
        if knobs.digit_spacing and self.rng.random() < 0.5:
            line = space_digits(line)
        if knobs.letter_spacing and self.rng.random() < 0.04 and line.isascii() is False:
            line = letter_space(line)
        if knobs.ocr_noise:
            line = ocr_noise(line, self.rng, knobs.ocr_noise)
        return line


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _names(rng: random.Random, low: int, high: int) -> list[str]:
    return [_name(rng) for _ in range(rng.randint(low, high))]


def _recombine(
    article: CleanArticle, rng: random.Random, min_chars: int, pool: list[CleanArticle]
) -> CleanArticle:
    """Cut and reorder an article's paragraphs so no two pages carry the same text."""
    items = list(article.paragraphs)
    if article.kind == "article" and len(items) > 2 and rng.random() < 0.4:
        items = items[: rng.randint(max(2, len(items) // 2), len(items))]
    if rng.random() < 0.3:
        # shuffle the paragraphs inside each section; subheads stay where they are
        sections: list[list[tuple[str, str]]] = [[]]
        for item in items:
            if item[0] == SUBHEAD:
                sections.append([item])
            else:
                sections[-1].append(item)
        items = []
        for section in sections:
            head = [s for s in section if s[0] == SUBHEAD]
            body = [s for s in section if s[0] != SUBHEAD]
            rng.shuffle(body)
            items.extend(head + body)
    # a long page: borrow paragraphs from other articles until the article is long enough
    donors = [a for a in pool if a.kind == "article"]
    while min_chars and sum(len(t) for _, t in items) < min_chars and donors:
        donor = rng.choice(donors)
        items.extend(p for p in donor.paragraphs if p[0] == PARAGRAPH)
    while items and items[-1][0] == SUBHEAD:
        items.pop()
    return CleanArticle(
        title=article.title,
        kicker=article.kicker,
        subtitle=article.subtitle,
        paragraphs=items,
        byline=article.byline,
        dateline=article.dateline,
        kind=article.kind,
        captions=list(article.captions),
        credit=article.credit,
    )


def _split_title(title: str, style: str) -> list[str]:
    """A title set on one line, wrapped over two, or as two decks (split at its space)."""
    if style == "line" or len(title) < 7:
        return [title]
    if " " in title.strip():
        first, _, second = title.strip().partition(" ")
        if style == "decks":
            return [first, second.strip()]
    width = display_width(title)
    # decks split near the middle, a wrapped title fills its first line; both keep the rules
    first_width = width // 2 + 1 if style == "decks" else width * 3 // 5
    lines = break_lines(title, max(8, first_width))
    if len(lines) > 2:
        lines = [lines[0], "".join(lines[1:])]
    return lines if len(lines) > 1 else [title]


def _jump_page(rng: random.Random, page_no: int, forward: bool) -> int:
    if forward:
        return page_no + rng.randint(1, 6)
    return rng.randint(1, max(1, page_no - 1)) if page_no > 1 else 1


def _render_article(
    art: CleanArticle, knobs: LayoutKnobs, body: _Body, page_no: int, index: int
) -> dict[str, Any]:
    """Write one article and return its gold."""
    rng, sheet, pk = body.rng, body.sheet, body.page_knobs
    assert knobs.column_width is not None
    width = knobs.column_width * 2
    blank_between = bool(pk.blank_between_paragraphs)
    owned: list[int] = []
    blocks: list[dict[str, Any]] = []
    gold: dict[str, Any] = {
        "id": f"a{index + 1}",
        "kind": art.kind,
        "title": art.title or None,
        "title_lines": None,
        "kicker": None,
        "subtitle": None,
        "continued_from": None,
        "continued_to": None,
        "byline": None,
        "dateline": None,
        "lines": [],
        "blocks": blocks,
    }
    if art.kind == "photo":
        return _render_photo(art, knobs, body, gold)

    jump = knobs.jump or "none"
    continued_from = _jump_page(rng, page_no, False) if jump in ("from", "both") else None
    continued_to = _jump_page(rng, page_no, True) if jump in ("to", "both") else None
    # A continuation carries no byline or dateline: those stay on the first page.
    byline = dict(art.byline) if art.byline and continued_from is None else None
    dateline_place = knobs.dateline if continued_from is None else "none"
    dateline = dict(art.dateline) if art.dateline else None
    # Notices and the like (no byline in the source) get no invented dateline or note.
    if dateline is None and dateline_place != "none" and art.byline:
        agency = (byline or {}).get("agency") or rng.choice(_AGENCIES)
        place, date = rng.choice(_PLACES), f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
        dateline = {"agency": agency, "place": place, "date": date, "raw": f"{agency}{place}{date}电"}
    if dateline_place == "none":
        dateline = None
    reporters = list((byline or {}).get("reporters") or [])
    byline_place = knobs.byline if reporters else "none"
    if byline_place == "dateline" and dateline_place != "start":
        byline_place = "head"
    if byline_place == "none" and byline is not None:
        byline["reporters"] = []
    contributors: list[str] = []
    if knobs.contributor_note and continued_from is None and art.byline:
        contributors = list((art.byline or {}).get("contributors") or []) or _names(rng, 1, 3)
    if byline is not None:
        byline["contributors"] = contributors
    elif contributors:
        agency = (dateline or {}).get("agency")
        byline = {"agency": agency, "reporters": [], "contributors": contributors, "photographers": []}

    def title_group() -> None:
        # Plain text keeps no type sizes: a kicker (引题) or a subtitle (副题) without its
        # leading dash reads as another deck of the title, and a careful annotator marks it
        # so (as the sample page's gold does); a dash-led subtitle stays a subtitle.
        decks: list[str] = []
        first = None
        if knobs.kicker and art.kicker:
            first = sheet.emit(art.kicker)
            owned.append(first)
            decks.append(art.kicker)
        for line in _split_title(art.title, knobs.title_style or "line"):
            number = sheet.emit(line)
            first = first or number
            owned.append(number)
        decks.append(art.title)
        last = owned[-1]
        if knobs.subtitle and art.subtitle:
            dashed = rng.random() < 0.5
            owned.append(sheet.emit(("——" if dashed else "") + art.subtitle))
            if dashed:
                gold["subtitle"] = art.subtitle
            else:
                decks.append(art.subtitle)
                last = owned[-1]
        gold["title"] = " ".join(decks)
        gold["title_lines"] = [first, last]

    if pk.title_position == "before":
        title_group()
        sheet.blank()

    if byline_place == "head":
        agency = (byline or {}).get("agency") or "本报"
        mark = rng.choice(("", " ■ ", "■ ", "□ "))
        owned.append(sheet.emit(f"{mark}{agency}记者 {' '.join(reporters)}"))
        sheet.blank()

    items = [(k, t) for k, t in art.paragraphs if k == PARAGRAPH or knobs.subheads]
    last_para = max((i for i, (k, _) in enumerate(items) if k == PARAGRAPH), default=-1)
    indent = {"none": "", "ideographic": IDEOGRAPHIC_INDENT, "spaces": "    "}[knobs.indent or "none"]
    jump_line = continued_from is not None and bool(knobs.jump_on_own_line or items[0][0] == SUBHEAD)
    if jump_line:
        owned.append(sheet.emit(f"（上接第{continued_from}版）"))
        if blank_between:
            sheet.blank()
    lead = f"（上接第{continued_from}版）" if continued_from is not None and not jump_line else ""
    if dateline_place == "start" and dateline is not None:
        raw = ("据" if rng.random() < 0.15 else "") + dateline["raw"]
        dateline["raw"] = raw
        if byline_place == "dateline":
            raw += f"（记者 {' '.join(reporters)}）"
        lead += raw + rng.choice(("", " "))
    for position, (kind, text) in enumerate(items):
        if position and blank_between:
            sheet.blank()
        if kind == SUBHEAD:
            number = sheet.emit(text)
            owned.append(number)
            blocks.append({"type": SUBHEAD, "text": text, "lines": [number, number]})
            continue
        tail = ""
        if position == last_para:
            if contributors:
                tail += f"（参与记者 {' '.join(contributors)}）"
            if continued_to is not None and not knobs.jump_on_own_line:
                tail += f"（下转第{continued_to}版）"
        if indent:
            raw_lines = break_lines(lead + text + tail, width, indent)
        else:
            # an indent the extraction dropped still shortens the first line
            raw_lines = break_lines(lead + text + tail, width, IDEOGRAPHIC_INDENT)
            raw_lines[0] = raw_lines[0].lstrip("\u3000")
        lead = ""
        numbers = [body.body_line(line, may_break_before=i > 0) for i, line in enumerate(raw_lines)]
        owned.extend(numbers)
        blocks.append({"type": PARAGRAPH, "text": text, "lines": [numbers[0], numbers[-1]]})
    if continued_to is not None and knobs.jump_on_own_line:
        owned.append(sheet.emit(f"（下转第{continued_to}版）"))
    if dateline_place == "end" and dateline is not None:
        sheet.blank()
        owned.append(sheet.emit(dateline["raw"]))
    if pk.title_position != "before":
        sheet.blank()
        title_group()

    gold["lines"] = [[min(owned), max(owned)]]
    gold["continued_from"], gold["continued_to"] = continued_from, continued_to
    if byline is not None and (byline.get("reporters") or byline.get("contributors")):
        gold["byline"] = {
            k: byline.get(k) or ([] if k != "agency" else None)
            for k in ("agency", "reporters", "contributors", "photographers")
        }
    if dateline is not None:
        gold["dateline"] = dateline
    return gold


def _render_photo(art: CleanArticle, knobs: LayoutKnobs, body: _Body, gold: dict[str, Any]) -> dict[str, Any]:
    rng, sheet = body.rng, body.sheet
    assert knobs.column_width is not None
    width = max(16, min(knobs.column_width, 14) * 2)  # captions sit in a narrow box under the photo
    owned: list[int] = []
    for position, caption in enumerate(art.captions):
        if position and body.page_knobs.blank_between_paragraphs:
            sheet.blank()
        # a caption's later paragraphs start short by an (extracted-away) indent, as body text does
        lines = break_lines(caption, width, IDEOGRAPHIC_INDENT if position else "")
        lines[0] = lines[0].lstrip("\u3000")
        numbers = [body.body_line(line, may_break_before=False) for line in lines]
        owned.extend(numbers)
        gold["blocks"].append({"type": "caption", "text": caption, "lines": [numbers[0], numbers[-1]]})
    if art.credit:
        sheet.blank()
        mark = rng.choice(("", "■ "))
        who, _, rest = art.credit.partition(" ")
        parts = [f"{mark}{who}", rest] if rest and rng.random() < 0.5 else [f"{mark}{art.credit}"]
        numbers = [sheet.emit(p) for p in parts]
        owned.extend(numbers)
        gold["blocks"].append({"type": "credit", "text": art.credit, "lines": [numbers[0], numbers[-1]]})
    gold["lines"] = [[min(owned), max(owned)]]
    gold["title"] = None
    if art.byline:
        gold["byline"] = {
            k: art.byline.get(k) or ([] if k != "agency" else None)
            for k in ("agency", "reporters", "contributors", "photographers")
        }
    return gold


def _page_date(rng: random.Random) -> dt.date:
    return dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))


def _furniture_top(sheet: _Sheet, rng: random.Random, page_no: int, date: dt.date) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    date_text = f"{date.year}年{date.month}月{date.day}日 星期{_WEEKDAYS[date.weekday()]}"
    section = rng.choice(_SECTIONS)
    for kind, text in rng.choice(
        (
            [("date", date_text), ("page-number", f"第{page_no}版")],
            [("header", f"第{page_no}版 {section}"), ("date", date_text)],
            [("header", f"{date_text} 第{page_no}版 {section}")],
            [("section", section), ("page-number", f"{page_no:02d}")],
        )
    ):
        number = sheet.emit(text)
        out.append({"type": kind, "text": text, "lines": [number, number]})
    sheet.blank()
    return out


def _furniture_bottom(sheet: _Sheet, rng: random.Random, page_no: int) -> list[dict[str, Any]]:
    sheet.blank()
    out: list[dict[str, Any]] = []
    editor = f"责任编辑 {_name(rng)}"
    if rng.random() < 0.5:
        editor += f" 版式设计 {_name(rng)}"
    lines = [("editor", editor)]
    if rng.random() < 0.4:
        lines.append(("page-number", f"第{page_no}版"))
    for kind, text in lines:
        number = sheet.emit(text)
        out.append({"type": kind, "text": text, "lines": [number, number]})
    return out


def generate_page(
    seed: int,
    profile: str = "pdf-text-layer",
    *,
    articles: list[CleanArticle] | None = None,
    **knobs: Any,
) -> SynthPage:
    """Lay clean articles out as one raw page dump with its gold; the same seed gives the same page.

    Any `LayoutKnobs` field given as a keyword is fixed; the others are drawn from the profile.
    """
    check_profile(profile)
    unknown = set(knobs) - set(PAGE_KNOBS) - set(ARTICLE_KNOBS)
    if unknown:
        raise ValueError(f"unknown knob(s): {', '.join(sorted(unknown))}")
    fixed = LayoutKnobs(**knobs)
    check_knobs(fixed)
    pool = list(articles) if articles is not None else list(_default_articles())
    rng = random.Random(seed)
    page_knobs = draw(fixed, PAGE_KNOBS, profile, rng)
    texts = [a for a in pool if a.kind == "article" and a.paragraphs]
    photos = [a for a in pool if a.kind == "photo" and a.captions]
    if not texts:
        raise ValueError("no clean article with paragraphs to lay out")

    count = page_knobs.articles_per_page or 2
    min_chars = 0
    if page_knobs.target_chars:
        # a long page has more articles and longer ones
        count = max(count, min(200, page_knobs.target_chars // 2500))
        min_chars = page_knobs.target_chars // count
    chosen: list[CleanArticle] = []
    with_photo = bool(page_knobs.photo and photos and count > 1)
    order = rng.sample(texts, len(texts))
    for i in range(count - (1 if with_photo else 0)):
        chosen.append(_recombine(order[i % len(order)], rng, min_chars, texts))
    if with_photo:
        chosen.insert(rng.randint(0, len(chosen)), rng.choice(photos))

    page_no = rng.randint(2, 16)
    date = _page_date(rng)
    sheet = _Sheet()
    body = _Body(sheet=sheet, rng=rng, page_knobs=page_knobs, lines_in_column=rng.randint(0, 11))
    furniture = _furniture_top(sheet, rng, page_no, date) if page_knobs.header else []
    gold_articles, article_knobs = [], []
    for index, art in enumerate(chosen):
        art_knobs = draw(page_knobs, ARTICLE_KNOBS, profile, rng)
        article_knobs.append(art_knobs)
        sheet.blank()
        gold_articles.append(_render_article(art, art_knobs, body, page_no, index))
    if page_knobs.footer:
        furniture += _furniture_bottom(sheet, rng, page_no)

    name = f"synth-{profile}-{seed}"
    gold = {
        "schema": GOLD_SCHEMA,
        "source": f"{name}.txt",
        "notes": f"Synthetic page (banmian synth), profile {profile}, seed {seed}.",
        "generator": {"seed": seed, "profile": profile, "knobs": asdict(page_knobs)},
        "page": page_no,
        "articles": gold_articles,
        "furniture": furniture,
    }
    return SynthPage(
        name=name,
        seed=seed,
        profile=profile,
        text=sheet.text,
        gold=gold,
        knobs=page_knobs,
        article_knobs=article_knobs,
    )


def page_seed(seed: int, index: int) -> int:
    """The seed of the index-th page of a run: distinct for distinct (seed, index) pairs."""
    return seed * 1_000_003 + index


def generate_pages(
    n: int, seed: int, profile: str | None = None, *, articles: list[CleanArticle] | None = None, **knobs: Any
) -> Iterator[SynthPage]:
    """n pages; with no profile, the pages cycle through every profile."""
    for index in range(n):
        name = profile or PROFILE_NAMES[index % len(PROFILE_NAMES)]
        yield generate_page(page_seed(seed, index), name, articles=articles, **knobs)


def write_pages(
    n: int,
    seed: int,
    out_dir: Path,
    profile: str | None = None,
    *,
    articles: list[CleanArticle] | None = None,
    **knobs: Any,
) -> list[Path]:
    """Write n pages as `DIR/X.txt` + `DIR/X.gold.json`; returns the raw paths."""
    out_dir = Path(out_dir)
    return [page.write(out_dir)[0] for page in generate_pages(n, seed, profile, articles=articles, **knobs)]
