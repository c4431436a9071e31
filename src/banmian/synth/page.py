"""Assemble a raw page dump from clean articles, with its gold (`gold/page@1`).

The page is written line by line; every line an article or the furniture writes
is recorded, so the gold's line ranges are exact by construction.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from banmian.model import Page
from banmian.synth import forms
from banmian.synth.articles import PARAGRAPH, SUBHEAD, CleanArticle, load_clean_articles, republican_articles
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
    CONVENTION_ARTICLE_KNOBS,
    CONVENTION_PAGE_KNOBS,
    PAGE_KNOBS,
    PROFILE_NAMES,
    LayoutKnobs,
    check_family,
    check_knobs,
    check_profile,
    draw,
    draw_conventions,
)
from banmian.synth.script import name_to_traditional, old_punctuation, strip_punctuation, to_traditional

GOLD_SCHEMA = "gold/page@1"

# General knowledge only: common surnames and given-name characters, city names, agencies.
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = forms.GIVEN
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

    def __init__(self, no_blanks: bool = False) -> None:
        self.lines: list[str] = []
        # a line-by-line transcription keeps no blank line at all
        self.no_blanks = no_blanks

    def emit(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "" and not self.no_blanks:
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
            if not self.sheet.no_blanks:
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


def _identity(text: str) -> str:
    return text


@dataclass
class _Style:
    """The page's conventions: its knobs, their own random stream, and the script."""

    knobs: LayoutKnobs
    rng: random.Random
    era: str  # mainland | hktw | republican: which word lists its furniture and forms use
    tr: forms.Tr = _identity
    tr_name: forms.Tr = _identity  # a person's name (the surname keeps its form)

    @property
    def traditional(self) -> bool:
        return self.knobs.script == "traditional"


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
    return replace(article, paragraphs=items, captions=list(article.captions))


def _split_title(title: str, style: str) -> list[str]:
    """A title set on one line, wrapped over two, or as decks (one per space-separated part)."""
    if style == "line" or len(title) < 7:
        return [title]
    if " " in title.strip():
        first, _, second = title.strip().partition(" ")
        if style == "decks":
            # old headlines stack three or four decks
            return [first, *second.split()]
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
    art: CleanArticle,
    knobs: LayoutKnobs,
    body: _Body,
    page_no: int,
    index: int,
    style: _Style,
    *,
    reversed_title: bool = False,
) -> dict[str, Any]:
    """Write one article and return its gold."""
    rng, sheet, pk = body.rng, body.sheet, body.page_knobs
    crng, tr = style.rng, style.tr
    assert knobs.column_width is not None
    width = knobs.column_width * 2
    blank_between = bool(pk.blank_between_paragraphs)
    owned: list[int] = []
    gold = _empty_gold(art.kind)
    gold["id"], gold["title"] = f"a{index + 1}", art.title or None
    blocks: list[dict[str, Any]] = gold["blocks"]
    if art.kind == "photo":
        return _render_photo(art, knobs, body, gold)

    jump = knobs.jump or "none"
    continued_from = _jump_page(rng, page_no, False) if jump in ("from", "both") else None
    continued_to = _jump_page(rng, page_no, True) if jump in ("to", "both") else None
    # A continuation carries no byline or dateline: those stay on the first page.
    byline = dict(art.byline) if art.byline and continued_from is None else None
    dateline_place = knobs.dateline if continued_from is None else "none"
    dateline = dict(art.dateline) if art.dateline else None
    dateline_form = knobs.dateline_form or "agency"
    byline_form = knobs.byline_form or "reporter"
    if dateline_form in forms.LEAD_ONLY_FORMS and dateline_place == "end":
        dateline_place = "start"  # these open the text; no paper sets them after it
    # Notices and the like (no byline in the source) get no invented dateline or note; the
    # generator's Republican-era items are wire news and always may carry one.
    wire_item = bool(art.byline) or pk.vocabulary == "republican"
    if dateline is None and dateline_place != "none" and art.byline and dateline_form == "agency":
        agency = (byline or {}).get("agency") or rng.choice(_AGENCIES)
        place, date = rng.choice(_PLACES), f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
        agency, place = tr(agency), tr(place)
        dateline = {"agency": agency, "place": place, "date": date, "raw": f"{agency}{place}{date}{tr('电')}"}
    if dateline_place == "none":
        dateline = None
    reporters = list((byline or {}).get("reporters") or [])
    if byline_form != "reporter" and not reporters and continued_from is None and wire_item:
        # a form that names people needs someone to name
        reporters = [tr(forms.name(crng))]
    byline_place = knobs.byline if reporters else "none"
    if byline_place == "dateline" and dateline_place != "start":
        byline_place = "head"
    # The other forms: the byline and dateline are made in the forms drawn, from the
    # article's own agency; names printed inside the dateline count as the byline's.
    form_byline: forms.Byline | None = None
    if byline_form != "reporter" and reporters and byline_place in ("head", "dateline"):
        form_byline = forms.make_byline(byline_form, tr((byline or {}).get("agency") or "本报"), reporters, crng, tr)
    bracket = ""
    if byline_place == "dateline":
        bracket = form_byline.bracket if form_byline else tr("（记者 ") + " ".join(reporters) + "）"
    form_dateline: forms.Dateline | None = None
    if dateline_form != "agency" and dateline_place != "none" and wire_item:
        agency_name = (byline or {}).get("agency") or (art.dateline or {}).get("agency")
        form_dateline = forms.make_dateline(
            dateline_form,
            crng,
            tr,
            agency=agency_name,
            reporters=reporters if byline_place in ("dateline", "none") else [],
            bracket=bracket,
        )
        dateline = form_dateline.gold()
        if form_dateline.reporters:
            reporters = list(form_dateline.reporters)
            if not (bracket and form_dateline.lead.endswith(bracket)):
                form_byline = None  # the form printed names of its own, not the byline's bracket
            byline_place = "in-dateline"
        elif byline_place == "dateline":
            byline_place = "head"
    elif dateline_form != "agency":
        dateline = None
    if byline_place == "none" and byline is not None:
        byline["reporters"] = []
    contributors: list[str] = []
    if knobs.contributor_note and continued_from is None and art.byline:
        contributors = list((art.byline or {}).get("contributors") or []) or [
            style.tr_name(n) for n in _names(rng, 1, 3)
        ]
    photographers: list[str] = []
    if form_byline is not None:
        contributors = form_byline.contributors + contributors
        photographers = list(form_byline.photographers)
    if byline is not None:
        byline["contributors"] = contributors
        byline["reporters"] = reporters if byline_place != "none" else []
        if form_byline is not None:
            byline["photographers"] = photographers
    elif contributors or (reporters and byline_place != "none"):
        agency = (dateline or {}).get("agency")
        byline = {
            "agency": agency,
            "reporters": reporters if byline_place != "none" else [],
            "contributors": contributors,
            "photographers": photographers,
        }

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
        if reversed_title:
            # a horizontal head set right to left: one line, printed reversed
            lines = [art.title[::-1]]
        else:
            lines = _split_title(art.title, knobs.title_style or "line")
        for line in lines:
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
        if form_byline is not None:
            owned.append(sheet.emit(form_byline.line))
        else:
            agency = tr((byline or {}).get("agency") or "本报")
            mark = rng.choice(("", " ■ ", "■ ", "□ "))
            owned.append(sheet.emit(f"{mark}{agency}{tr('记者')} {' '.join(reporters)}"))
        sheet.blank()

    items = [(k, t) for k, t in art.paragraphs if k == PARAGRAPH or knobs.subheads]
    if form_dateline is not None and dateline_form == "old" and dateline_place == "start":
        # later dispatches open paragraphs of their own, and stay in their text
        paragraph_at = [i for i, (k, _) in enumerate(items) if k == PARAGRAPH][1:]
        for position in crng.sample(paragraph_at, min(len(paragraph_at), (knobs.dispatches or 1) - 1)):
            kind, text = items[position]
            items[position] = (kind, forms.next_dispatch(crng, tr) + text)
    last_para = max((i for i, (k, _) in enumerate(items) if k == PARAGRAPH), default=-1)
    indent = {"none": "", "ideographic": IDEOGRAPHIC_INDENT, "spaces": "    "}[knobs.indent or "none"]
    jump_line = continued_from is not None and bool(knobs.jump_on_own_line or items[0][0] == SUBHEAD)
    if jump_line:
        owned.append(sheet.emit(tr(f"（上接第{continued_from}版）")))
        if blank_between:
            sheet.blank()
    lead = tr(f"（上接第{continued_from}版）") if continued_from is not None and not jump_line else ""
    run_on_end = ""
    if form_dateline is not None:
        if dateline_place == "start" and form_dateline.own_line:
            owned.append(sheet.emit(form_dateline.lead))
        elif dateline_place == "start":
            lead += form_dateline.lead + crng.choice(("", "", " ", "\u3000"))
        elif form_dateline.may_run_on and crng.random() < 0.5:
            run_on_end = form_dateline.lead
    elif dateline_place == "start" and dateline is not None:
        raw = (tr("据") if rng.random() < 0.15 else "") + dateline["raw"]
        dateline["raw"] = raw
        if byline_place == "dateline":
            raw += bracket
        lead += raw + rng.choice(("", " "))
    for position, (kind, text) in enumerate(items):
        if position and blank_between:
            sheet.blank()
        if kind == SUBHEAD:
            if pk.lone_subhead:
                sheet.blank()  # set with space above and below it, as a title is
            number = sheet.emit(text)
            owned.append(number)
            blocks.append({"type": SUBHEAD, "text": text, "lines": [number, number]})
            if pk.lone_subhead:
                sheet.blank()
            continue
        tail = ""
        if position == last_para:
            if contributors and knobs.contributor_note:
                note = [c for c in contributors if form_byline is None or c not in form_byline.contributors]
                if note:
                    tail += tr("（参与记者 ") + " ".join(note) + "）"
            tail += run_on_end
            if continued_to is not None and not knobs.jump_on_own_line:
                tail += tr(f"（下转第{continued_to}版）")
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
        owned.append(sheet.emit(tr(f"（下转第{continued_to}版）")))
    if form_dateline is not None and dateline_place == "end" and not run_on_end:
        sheet.blank()
        owned.append(sheet.emit(form_dateline.lead))
    elif form_dateline is None and dateline_place == "end" and dateline is not None:
        sheet.blank()
        owned.append(sheet.emit(dateline["raw"]))
    if pk.title_position != "before":
        sheet.blank()
        title_group()

    gold["lines"] = [[min(owned), max(owned)]]
    gold["continued_from"], gold["continued_to"] = continued_from, continued_to
    if byline is not None and (byline.get("reporters") or byline.get("contributors") or byline.get("photographers")):
        gold["byline"] = {
            k: byline.get(k) or ([] if k != "agency" else None)
            for k in ("agency", "reporters", "contributors", "photographers")
        }
    if dateline is not None:
        gold["dateline"] = dateline
    return gold


def _render_photo(
    art: CleanArticle, knobs: LayoutKnobs, body: _Body, gold: dict[str, Any], caption_width: int | None = None
) -> dict[str, Any]:
    rng, sheet = body.rng, body.sheet
    assert knobs.column_width is not None
    width = max(16, min(knobs.column_width, 14) * 2)  # captions sit in a narrow box under the photo
    if caption_width is not None:
        width = caption_width * 2
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


def _empty_gold(kind: str) -> dict[str, Any]:
    return {
        "id": "",
        "kind": kind,
        "title": None,
        "title_lines": None,
        "kicker": None,
        "subtitle": None,
        "continued_from": None,
        "continued_to": None,
        "byline": None,
        "dateline": None,
        "lines": [],
        "blocks": [],
    }


def _brief_text(art: CleanArticle) -> str:
    """A brief's text: the lead of an article's first paragraph, cut at a sentence or clause end."""
    text = next(t for k, t in art.paragraphs if k == PARAGRAPH)
    if len(text) <= 150:
        return text
    for mark in ("。", "、", "，", "；"):
        cut = text.rfind(mark, 30, 150)
        if cut > 0:
            return text[: cut + 1]
    return text[:150]


def _render_briefs(
    sources: list[CleanArticle], width: int, body: _Body, style: _Style
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A briefs column: its head (furniture) and one article per item."""
    crng, tr, sheet = style.rng, style.tr, body.sheet
    head = tr(crng.choice(forms.BRIEFS_HEADS[style.era]))
    line = forms.reversed_line("section", head) if style.knobs.reversed_headings and crng.random() < 0.5 else (
        forms.plain_line("section", head)
    )
    furniture = line.gold(sheet.emit(line.printed))
    sheet.blank()
    bullet = crng.choice(forms.BULLETS)
    separator = crng.choice((" ", "\u3000", "：", " "))
    golds: list[dict[str, Any]] = []
    for position, art in enumerate(sources):
        if position and body.page_knobs.blank_between_paragraphs:
            sheet.blank()
        gold = _empty_gold("article")
        text = _brief_text(art)
        lead = bullet
        title_chars = 0
        if crng.random() < 0.7:
            title = art.title.replace(" ", "")
            lead += title + separator
            title_chars = len(bullet) + len(title)
            gold["title"] = title
        if crng.random() < 0.3 and style.era != "republican":
            raw = tr(crng.choice(("本报讯", "【本报讯】")))
            gold["dateline"] = {"agency": tr("本报"), "place": None, "date": None, "raw": raw}
            lead += raw + crng.choice(("", " "))
        lines = break_lines(lead + text, width)
        numbers = [body.body_line(ln, may_break_before=False) for ln in lines]
        if gold["title"] is not None:
            # the lead phrase runs on into the text: its title lines are those it reaches
            reach, seen = 0, 0
            while seen + len(lines[reach]) < title_chars:
                seen += len(lines[reach])
                reach += 1
            gold["title_lines"] = [numbers[0], numbers[reach]]
        gold["blocks"] = [{"type": PARAGRAPH, "text": text, "lines": [numbers[0], numbers[-1]]}]
        gold["lines"] = [[numbers[0], numbers[-1]]]
        golds.append(gold)
    return golds, furniture


def _render_ad(body: _Body, style: _Style) -> dict[str, Any]:
    """An ad: short display lines, one paragraph block each; old ones unpunctuated, some tracked."""
    crng, sheet = style.rng, body.sheet
    gold = _empty_gold("ad")
    lines = forms.make_ad(style.era, crng, style.tr)
    if style.era == "republican" or crng.random() < 0.2:
        lines = [strip_punctuation(line) for line in lines]
    for line in lines:
        printed = forms.letter_spaced(line, crng) if style.era == "republican" and crng.random() < 0.3 else line
        number = sheet.emit(printed)
        gold["blocks"].append({"type": PARAGRAPH, "text": line, "lines": [number, number]})
    gold["lines"] = [[gold["blocks"][0]["lines"][0], gold["blocks"][-1]["lines"][1]]]
    return gold


def _render_notice(width: int, body: _Body, style: _Style, date: dt.date) -> dict[str, Any]:
    """A notice: its heading (the title), body paragraphs, then signature and date lines."""
    crng, sheet = style.rng, body.sheet
    gold = _empty_gold("notice")
    notice = forms.make_notice(style.era, crng, style.tr, date)
    paragraphs = notice.paragraphs
    if style.knobs.punctuation == "old" or style.era == "republican":
        paragraphs = [old_punctuation(text, crng) for text in paragraphs]
    reverse = bool(style.knobs.reversed_headings) and len(notice.heading) <= 8 and crng.random() < 0.5
    first = sheet.emit(notice.heading[::-1] if reverse else notice.heading)
    gold["title"], gold["title_lines"] = notice.heading, [first, first]
    for text in paragraphs:
        lines = break_lines(text, width, IDEOGRAPHIC_INDENT)
        lines[0] = lines[0] if crng.random() < 0.5 else lines[0].lstrip("\u3000")
        numbers = [body.body_line(ln, may_break_before=False) for ln in lines]
        gold["blocks"].append({"type": PARAGRAPH, "text": text, "lines": [numbers[0], numbers[-1]]})
    for text in notice.signature:
        number = sheet.emit(text if crng.random() < 0.5 else "\u3000" * crng.randint(2, 6) + text)
        gold["blocks"].append({"type": PARAGRAPH, "text": text, "lines": [number, number]})
    gold["lines"] = [[first, gold["blocks"][-1]["lines"][1]]]
    return gold


def _page_date(rng: random.Random) -> dt.date:
    return dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))


def _furniture_top(
    sheet: _Sheet, rng: random.Random, page_no: int, date: dt.date, style: _Style, facts: forms.PageFacts
) -> list[dict[str, Any]]:
    """The classic heads (as on the sample's paper); the date and label in the page's forms."""
    date_text = f"{date.year}年{date.month}月{date.day}日 星期{_WEEKDAYS[date.weekday()]}"
    label = f"第{page_no}版"
    crng, tr = style.rng, style.tr
    if facts.date_form != "western":
        date_text = tr(forms.date_text(date, facts.date_form, crng) + " " + forms.weekday(date, crng))
    if facts.page_label_form != "arabic":
        label = tr(forms.page_label(page_no, facts.page_label_form, crng)[1])
    section = rng.choice(_SECTIONS)
    lines: list[forms.FurnitureLine] = []
    for kind, text in rng.choice(
        (
            [("date", date_text), ("page-number", label)],
            [("header", f"{label} {section}"), ("date", date_text)],
            [("header", f"{date_text} {label} {section}")],
            [("section", section), ("page-number", f"{page_no:02d}")],
        )
    ):
        text = tr(text)
        # a label or section alone on its line, set right to left, reaches the text reversed
        alone = kind in ("page-number", "section") and not text.isascii()
        reverse = alone and bool(facts.reversed_heads) and crng.random() < 0.7
        lines.append(forms.reversed_line(kind, text) if reverse else forms.plain_line(kind, text))
    out = _emit_furniture(sheet, lines)
    sheet.blank()
    return out


def _furniture_bottom(sheet: _Sheet, rng: random.Random, page_no: int, style: _Style) -> list[dict[str, Any]]:
    sheet.blank()
    out: list[dict[str, Any]] = []
    tr, tr_name = style.tr, style.tr_name
    editor = f"{tr('责任编辑')} {tr_name(_name(rng))}"
    if rng.random() < 0.5:
        editor += f" {tr('版式设计')} {tr_name(_name(rng))}"
    lines = [("editor", editor)]
    if rng.random() < 0.4:
        lines.append(("page-number", tr(f"第{page_no}版")))
    for kind, text in lines:
        number = sheet.emit(text)
        out.append({"type": kind, "text": text, "lines": [number, number]})
    return out


def _emit_furniture(sheet: _Sheet, lines: list[forms.FurnitureLine]) -> list[dict[str, Any]]:
    return [line.gold(sheet.emit(line.printed)) for line in lines]


def _styled(art: CleanArticle, style: _Style) -> CleanArticle:
    """The article as this page prints it: old punctuation, traditional characters."""
    if style.knobs.vocabulary == "republican":
        return art  # written so already
    tr, old = style.tr, style.knobs.punctuation == "old"

    def body(text: str) -> str:
        return tr(old_punctuation(text, style.rng) if old else text)

    byline = None
    if art.byline:
        byline = {
            "agency": tr(art.byline["agency"]) if art.byline.get("agency") else None,
            **{
                k: [style.tr_name(n) for n in art.byline.get(k) or []]
                for k in ("reporters", "contributors", "photographers")
            },
        }
    dateline = None
    if art.dateline:
        dateline = {k: tr(v) if isinstance(v, str) else v for k, v in art.dateline.items()}
    return CleanArticle(
        title=tr(art.title),
        kicker=tr(art.kicker) if art.kicker else None,
        subtitle=tr(art.subtitle) if art.subtitle else None,
        paragraphs=[(k, body(t) if k == PARAGRAPH else tr(t)) for k, t in art.paragraphs],
        byline=byline,
        dateline=dateline,
        kind=art.kind,
        captions=[body(c) for c in art.captions],
        credit=tr(art.credit) if art.credit else None,
    )


def _lone_subhead(art: CleanArticle) -> CleanArticle:
    """The article with exactly one subhead, in the middle of its paragraphs."""
    paragraphs = [(k, t) for k, t in art.paragraphs if k == PARAGRAPH]
    own = [t for k, t in art.paragraphs if k == SUBHEAD]
    if len(paragraphs) < 2 or not own:
        return art
    middle = len(paragraphs) // 2
    items = [*paragraphs[:middle], (SUBHEAD, own[0]), *paragraphs[middle:]]
    return replace(art, paragraphs=items, captions=list(art.captions))


def generate_page(
    seed: int,
    profile: str = "pdf-text-layer",
    *,
    articles: list[CleanArticle] | None = None,
    family: str = "plain",
    **knobs: Any,
) -> SynthPage:
    """Lay clean articles out as one raw page dump with its gold; the same seed gives the same page.

    Any `LayoutKnobs` field given as a keyword is fixed; the others are drawn from the profile
    (layout knobs) and the family (convention knobs; `plain` draws them all off).
    """
    check_profile(profile)
    check_family(family)
    unknown = set(knobs) - set(PAGE_KNOBS) - set(ARTICLE_KNOBS) - set(CONVENTION_PAGE_KNOBS) - set(
        CONVENTION_ARTICLE_KNOBS
    )
    if unknown:
        raise ValueError(f"unknown knob(s): {', '.join(sorted(unknown))}")
    fixed = LayoutKnobs(**knobs)
    check_knobs(fixed)
    rng = random.Random(seed)
    page_knobs = draw(fixed, PAGE_KNOBS, profile, rng)
    # The conventions draw from a stream of their own: all off, the page is the page of before.
    crng = random.Random(f"{seed}:conventions")
    page_knobs = draw_conventions(page_knobs, CONVENTION_PAGE_KNOBS, family, crng)
    page_knobs = _reconcile(page_knobs, crng)
    era = {"republican": "republican"}.get(str(page_knobs.vocabulary), "mainland")
    if era == "mainland" and (page_knobs.script == "traditional" or page_knobs.date_form == "roc"):
        era = "hktw"
    if page_knobs.date_form == "republican":
        era = "republican"
    traditional = page_knobs.script == "traditional"
    style = _Style(
        page_knobs,
        crng,
        era,
        to_traditional if traditional else _identity,
        name_to_traditional if traditional else _identity,
    )

    if articles is not None:
        pool = list(articles)
    elif page_knobs.vocabulary == "republican":
        pool = list(republican_articles())
    else:
        pool = list(_default_articles())
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
    used_titles = {art.title for art in chosen}
    chosen = [_styled(art, style) for art in chosen]

    # A photo whose captions sit right under a title-after article's title.
    glued_photo = -1
    if page_knobs.caption_after_title and photos:
        at = crng.randrange(len(chosen) + 1)
        if at == 0 or chosen[at - 1].kind != "article":
            at = next(i + 1 for i, a in enumerate(chosen) if a.kind == "article")
        chosen.insert(at, _styled(crng.choice(photos), style))
        glued_photo = at
    # One long article keeps a single subhead in its middle.
    lone = -1
    if page_knobs.lone_subhead:
        with_subheads = [a for a in texts if sum(1 for k, _ in a.paragraphs if k == SUBHEAD)]
        if with_subheads:
            lone = next((i for i, a in enumerate(chosen) if a.kind == "article"), 0)
            chosen[lone] = _lone_subhead(_styled(crng.choice(with_subheads), style))

    page_no = rng.randint(2, 16)
    date = forms.page_date(str(page_knobs.date_form), crng, _page_date(rng))
    sheet = _Sheet(no_blanks=bool(page_knobs.no_blank_lines))
    body = _Body(sheet=sheet, rng=rng, page_knobs=page_knobs, lines_in_column=rng.randint(0, 11))
    facts = forms.PageFacts(
        era=era,
        number=page_no,
        date=date,
        date_form=str(page_knobs.date_form),
        page_label_form=str(page_knobs.page_label),
        reversed_heads=bool(page_knobs.reversed_headings),
        paper=crng.choice(forms.PAPER_NAMES[era]),
    )
    furniture: list[dict[str, Any]] = []
    if page_knobs.header:
        layout = page_knobs.header_layout
        if layout == "one-line":
            furniture = _emit_furniture(sheet, forms.one_line_head(facts, crng, style.tr))
        elif layout == "stacked":
            furniture = _emit_furniture(sheet, forms.stacked_head(facts, crng, style.tr))
        elif layout == "masthead":
            furniture = _emit_furniture(sheet, forms.masthead(facts, crng, style.tr))
        else:
            furniture = _furniture_top(sheet, rng, page_no, date, style, facts)
        sheet.blank()

    # What else the page carries: briefs columns, ads, notices, at places of their own.
    extras: list[tuple[int, str]] = []
    for kind, number in (("briefs", page_knobs.briefs), ("ad", page_knobs.ads), ("notice", page_knobs.notices)):
        for _ in range(number or 0):
            extras.append((crng.randint(0, len(chosen)), kind))
    extras.sort(key=lambda e: e[0])
    gold_articles: list[dict[str, Any]] = []
    article_knobs: list[LayoutKnobs] = []

    def render_extra(kind: str) -> None:
        width = crng.randint(10, 24)
        extra_knobs = LayoutKnobs(**{**asdict(page_knobs), "column_width": width})
        sheet.blank()
        if kind == "briefs":
            # briefs are other news than the page's articles
            unused = [a for a in texts if a.title not in used_titles] or texts
            picked = crng.sample(unused, min(len(unused), crng.randint(3, 7)))
            used_titles.update(a.title for a in picked)
            sources = [_styled(a, style) for a in picked]
            golds, head = _render_briefs(sources, width * 2, body, style)
            furniture.append(head)
        elif kind == "ad":
            golds = [_render_ad(body, style)]
        else:
            golds = [_render_notice(width * 2, body, style, date)]
        for gold in golds:
            gold_articles.append(gold)
            article_knobs.append(extra_knobs)

    next_extra = 0
    # a fold: the dump runs on into the sheet's other printed page, whose running head
    # (a margin line) sits between two articles
    fold_at = len(chosen) // 2 if page_knobs.fold and len(chosen) > 1 else -1
    for index, art in enumerate(chosen):
        while next_extra < len(extras) and extras[next_extra][0] <= index and index != glued_photo:
            render_extra(extras[next_extra][1])
            next_extra += 1
        if index == fold_at and index != glued_photo:
            sheet.blank()
            other = replace(facts, number=page_no + 1, reversed_heads=False)
            furniture += _emit_furniture(sheet, forms.one_line_head(other, crng, style.tr))
        art_knobs = draw(page_knobs, ARTICLE_KNOBS, profile, rng)
        art_knobs = draw_conventions(art_knobs, CONVENTION_ARTICLE_KNOBS, family, crng)
        if index == lone:
            art_knobs = LayoutKnobs(**{**asdict(art_knobs), "subheads": True})
        if index == glued_photo:
            # a narrow caption column
            art_knobs = LayoutKnobs(**{**asdict(art_knobs), "column_width": crng.randint(8, 12)})
        article_knobs.append(art_knobs)
        if index == glued_photo:
            # no blank line: the captions start right under the title
            gold = _render_photo(art, art_knobs, body, _empty_gold("photo"), art_knobs.column_width)
        else:
            sheet.blank()
            reverse = bool(
                page_knobs.reversed_headings
                and art.kind == "article"
                and len(art.title) <= 8
                and " " not in art.title
                and crng.random() < 0.5
            )
            gold = _render_article(art, art_knobs, body, page_no, index, style, reversed_title=reverse)
        gold_articles.append(gold)
    while next_extra < len(extras):
        render_extra(extras[next_extra][1])
        next_extra += 1
    if page_knobs.footer:
        if page_knobs.footer_layout in ("one-line", "stacked"):
            sheet.blank()
            furniture += _emit_furniture(sheet, forms.foot(facts, str(page_knobs.footer_layout), crng, style.tr))
        else:
            furniture += _furniture_bottom(sheet, rng, page_no, style)
    for number, gold in enumerate(gold_articles, start=1):
        gold["id"] = f"a{number}"

    name = f"synth-{profile}-{seed}" if family == "plain" else f"synth-{family}-{profile}-{seed}"
    gold = {
        "schema": GOLD_SCHEMA,
        "source": f"{name}.txt",
        "notes": f"Synthetic page (banmian synth), profile {profile}, family {family}, seed {seed}.",
        "generator": {"seed": seed, "profile": profile, "family": family, "knobs": asdict(page_knobs)},
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


def _reconcile(knobs: LayoutKnobs, rng: random.Random) -> LayoutKnobs:
    """Knobs that imply others: a head or foot layout prints one; a caption under a title needs
    titles after bodies, a lone subhead titles before them (with both, the page's order decides)."""
    values = asdict(knobs)
    if knobs.header_layout not in (None, "classic"):
        values["header"] = True
    if knobs.footer_layout not in (None, "classic"):
        values["footer"] = True
    if knobs.caption_after_title and knobs.lone_subhead:
        values["caption_after_title" if knobs.title_position == "before" else "lone_subhead"] = False
    if values["caption_after_title"]:
        values["title_position"] = "after"
    if values["lone_subhead"]:
        values["title_position"] = "before"
    return LayoutKnobs(**values)


def page_seed(seed: int, index: int) -> int:
    """The seed of the index-th page of a run: distinct for distinct (seed, index) pairs."""
    return seed * 1_000_003 + index


def generate_pages(
    n: int,
    seed: int,
    profile: str | None = None,
    *,
    articles: list[CleanArticle] | None = None,
    family: str = "plain",
    **knobs: Any,
) -> Iterator[SynthPage]:
    """n pages; with no profile, the pages cycle through every profile."""
    for index in range(n):
        name = profile or PROFILE_NAMES[index % len(PROFILE_NAMES)]
        yield generate_page(page_seed(seed, index), name, articles=articles, family=family, **knobs)


def write_pages(
    n: int,
    seed: int,
    out_dir: Path,
    profile: str | None = None,
    *,
    articles: list[CleanArticle] | None = None,
    family: str = "plain",
    **knobs: Any,
) -> list[Path]:
    """Write n pages as `DIR/X.txt` + `DIR/X.gold.json`; returns the raw paths."""
    out_dir = Path(out_dir)
    pages = generate_pages(n, seed, profile, articles=articles, family=family, **knobs)
    return [page.write(out_dir)[0] for page in pages]
