"""The printed forms of other papers and eras: dates, running heads and feet, mastheads,
dateline and byline forms, briefs heads, ads and notices.

Everything here is written from general knowledge of how Chinese papers are set
(mainland dailies, Hong Kong and Taiwan papers, Republican-era 1912-49 papers); every
name, shop, address, number and paper name is invented. Strings are built in simplified
characters and passed through `tr`, which the page sets to `to_traditional` for a
traditional page, so that gold and raw text are converted once, the same way.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Tr = Callable[[str], str]

# (于 余 范 are left out: in traditional text they would convert as words, not as surnames)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国斌宁婷雪琳晨浩宇欣然子轩思远嘉怡梓涵文博一鸣昊天晓东海波春雨佳琪志新立群"

MAINLAND_PLACES = tuple(
    "北京 上海 天津 重庆 广州 深圳 杭州 南京 武汉 成都 西安 长沙 郑州 济南 沈阳 哈尔滨 昆明 南宁 福州 合肥"
    " 太原 兰州 西宁 银川 海口 贵阳 南昌 石家庄 长春 巴黎 伦敦 柏林 莫斯科 东京 开罗 华盛顿 纽约 日内瓦".split()
)
HKTW_PLACES = tuple("台北 高雄 台中 台南 新竹 花莲 香港 九龙 澳门 东京 华盛顿 纽约 伦敦 首尔 新加坡 曼谷".split())
OLD_PLACES = tuple(
    "重庆 长沙 南京 汉口 北平 天津 广州 香港 杭州 汉口 西安 洛阳 桂林 昆明 贵阳 成都 兰州 宜昌 福州 厦门"
    " 伦敦 巴黎 柏林 纽约 华盛顿 东京 莫斯科 罗马 日内瓦 新加坡".split()
)
# Wire agencies of the Republican era, as papers printed them before 電 (with or without 社).
OLD_AGENCIES = ("路透", "美联", "合众", "海通", "哈瓦斯", "国民", "中央", "塔斯")

_WEEKDAYS = "一二三四五六日"
_DIGITS = "〇一二三四五六七八九"
_FORMAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LUNAR_MONTHS = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def names(rng: random.Random, low: int, high: int) -> list[str]:
    return [name(rng) for _ in range(rng.randint(low, high))]


# -- numbers and dates -------------------------------------------------------------------


def chinese_number(n: int, *, tens_short: bool = False) -> str:
    """1-99 in Chinese numerals: 七, 十五, 二十八; with `tens_short`, 廿八 and 卅一."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    if tens_short and tens in (2, 3):
        head = "廿" if tens == 2 else "卅"
        return head + (_DIGITS[ones] if ones else "")
    head = "十" if tens == 1 else _DIGITS[tens] + "十"
    return head + (_DIGITS[ones] if ones else "")


def digit_string(number: str) -> str:
    """`417` -> `四一七`: house and phone numbers read digit by digit in old print."""
    return "".join(_DIGITS[int(d)] for d in number)


def formal_number(n: int) -> str:
    """28 -> 贰拾捌: the banker's numerals some mastheads use for the year."""
    tens, ones = divmod(n, 10)
    out = (_FORMAL_DIGITS[tens] if tens > 1 else "") + ("拾" if tens else "")
    return out + (_FORMAL_DIGITS[ones] if ones else "")


def old_day(day: int, rng: random.Random) -> str:
    """A day as old wires print it: 廿一日, 卅日, 三日, sometimes 二十一日."""
    return chinese_number(day, tens_short=rng.random() < 0.8) + "日"


def page_date(date_form: str, rng: random.Random, drawn: dt.date) -> dt.date:
    """Republican forms date the page 1912-49; other forms keep the drawn date."""
    if date_form == "republican":
        return dt.date(1912, 1, 1) + dt.timedelta(days=rng.randint(0, 37 * 365))
    return drawn


def weekday(date: dt.date, rng: random.Random) -> str:
    day = _WEEKDAYS[date.weekday()]
    return rng.choice((f"星期{day}", f"星期{day}", f"周{day}")) if day != "日" else rng.choice(("星期日", "星期天"))


def date_text(date: dt.date, date_form: str, rng: random.Random) -> str:
    """The page date in the form its paper prints it."""
    y, m, d = date.year, date.month, date.day
    if date_form == "numeric":
        return rng.choice((f"{y}-{m:02d}-{d:02d}", f"{y}.{m}.{d}", f"{y}/{m:02d}/{d:02d}"))
    if date_form == "lunar":
        # the lunar date trails the solar one by three to seven weeks; near enough for a header
        lunar = date - dt.timedelta(days=rng.randint(21, 50))
        cycle = (lunar.year - 4) % 60
        year = f"{_STEMS[cycle % 10]}{_BRANCHES[cycle % 12]}年"
        day = lunar.day if lunar.day <= 30 else 30
        day_text = "初" + chinese_number(day) if day <= 10 else chinese_number(day, tens_short=True)
        if day in (20, 30):
            day_text = chinese_number(day)
        lunar_text = f"农历{year if rng.random() < 0.6 else ''}{_LUNAR_MONTHS[lunar.month - 1]}月{day_text}"
        return f"{y}年{m}月{d}日 {lunar_text}"
    if date_form == "republican":
        roc = y - 1911
        years = [chinese_number(roc, tens_short=True), chinese_number(roc)]
        if roc > 10:
            years.append(formal_number(roc))
        year_text = rng.choice(years)
        lead = rng.choice(("中华民国", "中华民国", "民国"))
        day_name = chinese_number(d, tens_short=rng.random() < 0.7)
        return f"{lead}{year_text}年{chinese_number(m)}月{day_name}日"
    if date_form == "roc":
        roc = y - 1911
        return rng.choice((f"中华民国{roc}年{m}月{d}日", f"{roc}年{m}月{d}日", f"民国{roc}年{m}月{d}日"))
    return f"{y}年{m}月{d}日"


def page_label(number: int, form: str, rng: random.Random) -> tuple[str, str]:
    """(furniture type, text) of a page label: 第7版, 第七版, A7, 07."""
    if form == "chinese":
        return "page-number", f"第{chinese_number(number)}版"
    if form == "letter":
        letter = rng.choice("ABCD")
        return "page-number", f"{letter}{number}" if rng.random() < 0.6 else f"{letter}{number:02d}"
    if form == "bare":
        return "page-number", f"{number:02d}" if rng.random() < 0.6 else str(number)
    return "page-number", f"第{number}版"


SECTIONS = {
    "mainland": ("要闻", "综合", "国内", "国际", "经济", "社会", "文化", "体育", "科教", "地方", "民生", "评论"),
    "hktw": ("要闻", "港闻", "两岸", "国际", "财经", "地方", "生活", "体育", "副刊", "社会"),
    "republican": ("本埠新闻", "国内要闻", "国际要闻", "地方通讯", "副刊", "商业新闻", "教育消息", "小言"),
}

# Invented paper names (none is a real paper's masthead).
PAPER_NAMES = {
    "mainland": ("滨江日报", "青溪日报", "南屏晚报", "东岳时报", "海澄日报", "云岭都市报", "汾河晚报"),
    "hktw": ("港岛日报", "东方时报", "宝岛晨报", "南山日报", "海峡时报", "维港晚报"),
    "republican": ("醒民报", "天风报", "大观报", "申江晚报", "民声报", "华铎报", "沪滨小报"),
}
LATIN_NAMES = {"醒民报": "THE AWAKENING", "天风报": "THE HEAVENLY WIND", "大观报": "THE GRAND VIEW",
               "申江晚报": "SHENKIANG EVENING NEWS", "民声报": "THE PEOPLE'S VOICE", "华铎报": "THE CHINA BELL",
               "沪滨小报": "THE BUND TATTLER"}

EDITOR_ROLES = ("责任编辑", "责编", "美编", "校对", "值班主任", "版式设计", "编辑", "组版")
OLD_ROLES = ("编辑者", "发行人", "主笔", "经理", "总编辑")


def roles_of(era: str) -> tuple[str, ...]:
    return OLD_ROLES if era == "republican" else EDITOR_ROLES


def phone(rng: random.Random, era: str) -> str:
    if era == "republican":
        return "电话" + digit_string(str(rng.randint(10000, 99999)))
    if era == "hktw":
        return f"电话 ({rng.randint(2, 9):02d}){rng.randint(2000, 2999)}-{rng.randint(1000, 9999)}"
    return rng.choice(("新闻热线 ", "电话 ", "热线电话：", "读者热线 ")) + (
        f"0{rng.randint(10, 999)}-{rng.randint(2000000, 8999999)}" if rng.random() < 0.6 else str(rng.randint(2000000, 8999999))
    )


def web(rng: random.Random) -> str:
    host = "".join(rng.choice("abcdefghjkmnprstwxyz") for _ in range(rng.randint(4, 8)))
    return rng.choice(("网址 ", "网址：", "", "http://")) + f"www.{host}.{rng.choice(('com', 'com.cn', 'cn', 'net'))}"


def issue_number(rng: random.Random, era: str) -> str:
    n = rng.randint(1000, 29999)
    if era == "republican":
        return f"第{_issue_in_words(n)}号"
    return rng.choice((f"第{n}期", f"总第{n}期", f"第{n}号"))


def _issue_in_words(n: int) -> str:
    """1-99999 in Chinese numerals, as old mastheads print issue numbers: 二千四百零六."""
    units = ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"))
    out, zero = "", False
    for size, unit in units:
        digit, n = divmod(n, size)
        if digit:
            out += ("零" if zero else "") + _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + _DIGITS[n]
    return out


def price(rng: random.Random, era: str) -> str:
    if era == "republican":
        return rng.choice(("每份售国币三分", "零售每份大洋二分", "今日两大张每份国币三分", "本埠每份铜元四枚"))
    if era == "hktw":
        return rng.choice(("零售每份港币八元", "零售新台币20元", "每份新台币15元", "售价港币九元"))
    return rng.choice(("零售价1.50元", "每份1.00元", "定价：2.00元", "零售1元"))


def gap(rng: random.Random) -> str:
    """The space between fields of a one-line head: wide runs of spaces, or ideographic spaces."""
    return rng.choice((" " * rng.randint(2, 8), "\u3000" * rng.randint(1, 3), "  ", " │ "))


@dataclass
class FurnitureLine:
    """One furniture line: its type, the printed string and the readable one."""

    type: str
    printed: str
    text: str

    def gold(self, line: int) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "text": self.text, "lines": [line, line]}
        if self.printed != self.text:
            out["printed"] = self.printed
        return out


def plain_line(kind: str, text: str) -> FurnitureLine:
    return FurnitureLine(kind, text, text)


def reversed_line(kind: str, text: str) -> FurnitureLine:
    """A horizontal line set right to left, which reaches the text reversed."""
    return FurnitureLine(kind, text[::-1], text)


# -- heads, feet, mastheads ----------------------------------------------------------------


@dataclass
class PageFacts:
    """What a page's furniture may say about it."""

    era: str  # mainland | hktw | republican
    number: int
    date: dt.date
    date_form: str
    page_label_form: str
    reversed_heads: bool
    paper: str


def _label(facts: PageFacts, rng: random.Random, tr: Tr) -> tuple[str, str]:
    kind, text = page_label(facts.number, facts.page_label_form, rng)
    return kind, tr(text)


def one_line_head(facts: PageFacts, rng: random.Random, tr: Tr) -> list[FurnitureLine]:
    """3-6 fields on one line with wide gaps, in any order (date and weekday stay together)."""
    date = tr(date_text(facts.date, facts.date_form, rng))
    if rng.random() < 0.7:
        date += rng.choice((" ", "\u3000", "  ")) + tr(weekday(facts.date, rng))
    fields = [date, _label(facts, rng, tr)[1]]
    extra = [
        tr(rng.choice(SECTIONS[facts.era])),
        tr(facts.paper),
        tr(f"{rng.choice(roles_of(facts.era)[:3])} {name(rng)}"),
        tr(issue_number(rng, facts.era)),
        tr(price(rng, facts.era)),
    ]
    rng.shuffle(extra)
    fields += extra[: rng.randint(1, 4)]
    rng.shuffle(fields)
    text = fields[0]
    for field in fields[1:]:
        text += gap(rng) + field
    return [plain_line("header", text)]


def stacked_head(facts: PageFacts, rng: random.Random, tr: Tr) -> list[FurnitureLine]:
    """2-4 lines of one or two fields each: label, section, date (+ weekday), editors."""
    kind, label = _label(facts, rng, tr)
    label_line = reversed_line(kind, label) if facts.reversed_heads else plain_line(kind, label)
    section = tr(rng.choice(SECTIONS[facts.era]))
    section_line = reversed_line("section", section) if facts.reversed_heads else plain_line("section", section)
    date = tr(date_text(facts.date, facts.date_form, rng))
    if rng.random() < 0.7:
        date += " " + tr(weekday(facts.date, rng))
    lines = [label_line, section_line, plain_line("date", date)]
    if rng.random() < 0.5:
        lines[0] = plain_line("header", label + gap(rng) + section)
        del lines[1]
    if rng.random() < 0.5:
        roles = rng.sample(roles_of(facts.era), rng.randint(1, 3))
        lines.append(plain_line("editor", tr("  ".join(f"{role} {name(rng)}" for role in roles))))
    rng.shuffle(lines)
    return lines


def masthead(facts: PageFacts, rng: random.Random, tr: Tr) -> list[FurnitureLine]:
    """A masthead block: the paper's name, maybe its Latin name, then issue, date, price, address."""
    paper = tr(facts.paper)
    lines = [reversed_line("masthead", paper) if facts.reversed_heads else plain_line("masthead", paper)]
    latin = LATIN_NAMES.get(facts.paper)
    if latin and rng.random() < 0.6:
        lines.append(plain_line("masthead", latin))
    date = tr(date_text(facts.date, facts.date_form, rng))
    info = [
        date + rng.choice(("\u3000", "  ", " ")) + tr(weekday(facts.date, rng)),
        tr(issue_number(rng, facts.era)),
        tr(price(rng, facts.era)),
        tr(phone(rng, facts.era)),
    ]
    street = rng.choice(("中山路", "福州路", "解放路", "民生路", "江边路", "皇后大道", "中正路"))
    number = str(rng.randint(3, 899))
    if facts.era == "republican":
        info.append(tr(f"馆址{street}{digit_string(number)}号"))
        info.append(tr("中华邮政特准挂号认为新闻纸类"))
    else:
        info.append(tr(f"社址：{street}{number}号"))
        if facts.era == "mainland":
            info.append(f"国内统一连续出版物号 CN{rng.randint(11, 65)}-{rng.randint(1, 99):04d}")
        info.append(tr(web(rng)))
    rng.shuffle(info)
    keep = info[: rng.randint(2, 5)]
    # some mastheads run two facts together on one line
    if len(keep) > 2 and rng.random() < 0.5:
        keep = [keep[0] + "\u3000" + keep[1], *keep[2:]]
    return lines + [plain_line("masthead", text) for text in keep]


def foot(facts: PageFacts, layout: str, rng: random.Random, tr: Tr) -> list[FurnitureLine]:
    """One line of editorial credits and facts, or several lines of one each."""
    if facts.era == "republican":
        roles = rng.sample(OLD_ROLES, rng.randint(1, 3))
        facts_fields = [tr(phone(rng, facts.era)), tr(price(rng, facts.era)), tr(issue_number(rng, facts.era))]
    else:
        roles = rng.sample(EDITOR_ROLES, rng.randint(1, 4))
        facts_fields = [tr(phone(rng, facts.era)), tr(web(rng)), tr(price(rng, facts.era))]
    credits = [tr(f"{role} {name(rng)}") for role in roles]
    rng.shuffle(facts_fields)
    others = facts_fields[: rng.randint(0, 2)]
    if rng.random() < 0.4:
        others.append(_label(facts, rng, tr)[1])
    if layout == "one-line":
        fields = credits + others
        text = fields[0]
        for field in fields[1:]:
            text += gap(rng) + field
        return [plain_line("editor" if not others else "footer", text)]
    lines = [plain_line("editor", c) for c in credits] + [plain_line("footer", o) for o in others]
    if len(credits) > 1 and rng.random() < 0.5:
        lines = [plain_line("editor", "  ".join(credits))] + [plain_line("footer", o) for o in others]
    return lines


BRIEFS_HEADS = {
    "mainland": ("简讯", "短讯", "快讯", "要闻简报", "本市简讯", "经济快讯", "国际简讯", "新闻速览", "一句话新闻"),
    "hktw": ("简讯", "快讯", "要闻简报", "本港简讯", "两岸短讯"),
    "republican": ("简讯", "本埠简讯", "各地简讯", "要闻一束", "零讯", "国外简讯"),
}
BULLETS = ("■", "△", "▲", "●", "◆", "□", "○", "")


# -- datelines and bylines -------------------------------------------------------------------


@dataclass
class Dateline:
    """A dateline as printed, and what the gold says of it."""

    agency: str | None
    place: str | None
    date: str | None
    raw: str  # the dateline itself, as printed
    lead: str  # what is printed: the dateline plus `（记者 …）` or ` 记者…报道：` after it
    reporters: list[str]  # names printed in `lead`
    # `old` and `special-wire` forms may also run on at the end of the item's last paragraph
    may_run_on: bool = False
    own_line: bool = False  # a correspondence label may sit on a line of its own

    def gold(self) -> dict[str, Any]:
        return {"agency": self.agency, "place": self.place, "date": self.date, "raw": self.raw}


def _dl(
    agency: str | None,
    place: str | None,
    date: str | None,
    raw: str,
    tail: str = "",
    reporters: list[str] | None = None,
    **flags: bool,
) -> Dateline:
    return Dateline(agency, place, date, raw, raw + tail, list(reporters or []), **flags)


def modern_date(rng: random.Random, *, day_only: bool = False) -> str:
    day = rng.randint(1, 28)
    return f"{day}日" if day_only else f"{rng.randint(1, 12)}月{day}日"


# Forms that only ever open an item's text (the others may also close it).
LEAD_ONLY_FORMS = frozenset({"benbao", "report", "ju", "cna", "correspondence"})
DATELINE_FORMS = (
    "agency", "benbao", "benbao-place", "zhongxin", "ju", "report", "cna", "old", "special-wire", "correspondence",
)


def make_dateline(
    form: str,
    rng: random.Random,
    tr: Tr,
    *,
    agency: str | None,
    reporters: list[str],
    bracket: str,
) -> Dateline:
    """A dateline of the given form. `bracket` is the byline as it sits after a dateline
    (`（记者 甲）`), printed by the forms that take one; `reporters` (converted already) are
    the names a form may print itself (`记者甲报道：`); names it needs but lacks are invented."""
    who = bracket
    named = list(reporters) if who else []
    if form == "benbao":
        raw = tr(rng.choice(("本报讯", "本报讯", "【本报讯】", "【本报专讯】")))
        if not who and reporters and rng.random() < 0.3:
            # `本报讯 记者某某报道：`, the byline run into the lead
            return _dl(tr("本报"), None, None, raw, tr(" 记者") + "、".join(reporters) + tr("报道："), reporters)
        return _dl(tr("本报"), None, None, raw, who, named)
    if form == "benbao-place":
        place, date = tr(rng.choice(MAINLAND_PLACES)), modern_date(rng, day_only=rng.random() < 0.3)
        return _dl(tr("本报"), place, date, tr("本报") + place + date + tr("电"), who, named)
    if form == "zhongxin":
        place, date = tr(rng.choice(MAINLAND_PLACES)), modern_date(rng, day_only=rng.random() < 0.4)
        outlet = tr(rng.choice(("中新社", "中新社", "中新网")))
        return _dl(outlet, place, date, outlet + place + date + tr("电"), who, named)
    if form == "ju":
        outlet = tr(rng.choice(("新华社", "新华社", "中新社")))
        shape = rng.random()
        if shape < 0.25:
            return _dl(outlet, None, None, tr("据") + outlet + tr("电"))
        if shape < 0.5:
            # `据新华社报道，`: the comma closes the attribution, not a sentence of the text
            return _dl(outlet, None, None, tr("据") + outlet + tr("报道"), "，")
        place, date = tr(rng.choice(MAINLAND_PLACES)), modern_date(rng)
        return _dl(outlet, place, date, tr("据") + outlet + place + date + tr("电"))
    if form == "report":
        people = reporters or [tr(n) for n in names(rng, 1, 2)]
        report = tr(" 记者") + "、".join(people) + tr("报道：")
        if rng.random() < 0.5:
            return _dl(tr("本报"), None, None, tr("本报讯"), report, people)
        outlet = tr(agency or rng.choice(("新华社", "本报")))
        place, date = tr(rng.choice(MAINLAND_PLACES)), modern_date(rng)
        return _dl(outlet, place, date, outlet + place + date + tr("电"), report, people)
    if form == "cna":
        place, date = tr(rng.choice(HKTW_PLACES)), modern_date(rng, day_only=True)
        if reporters or rng.random() < 0.5:
            person = reporters[0] if reporters else tr(name(rng))
            raw = tr("（中央社记者") + person + place + date + tr("电）")
            return _dl(tr("中央社"), place, date, raw, "", [person])
        return _dl(tr("中央社"), place, date, tr("中央社") + place + date + tr("电"), who, named)
    if form == "old":
        place, date = tr(rng.choice(OLD_PLACES)), tr(old_day(rng.randint(1, 31), rng))
        wire = rng.choice((*OLD_AGENCIES, "", ""))
        printed = tr(wire + ("社" if wire and rng.random() < 0.5 else ""))
        return _dl(printed or None, place, date, "（" + place + date + printed + tr("电") + "）", may_run_on=True)
    if form == "special-wire":
        place, date = tr(rng.choice(OLD_PLACES)), tr(old_day(rng.randint(1, 31), rng))
        shape = rng.randrange(3)
        if shape == 0:
            return _dl(None, place, date, "（" + place + date + tr("专电") + "）", may_run_on=True)
        if shape == 1:
            return _dl(tr("本报"), place, date, tr("本报") + place + date + tr("专电"))
        return _dl(tr("本报"), place, date, "（" + tr("本报") + place + date + tr("专电") + "）", may_run_on=True)
    if form == "correspondence":
        place = tr(rng.choice(OLD_PLACES))
        shape = rng.randrange(3)
        labels = ("（" + place + tr("通讯") + "）", "（" + place + tr("特约通讯") + "）", tr("本报") + place + tr("特约通讯"))
        return _dl(tr("本报") if shape == 2 else None, place, None, labels[shape], own_line=rng.random() < 0.5)
    # `agency`: the sample's form, 新华社北京7月2日电
    outlet = tr(agency or rng.choice(("新华社", "中新社", "本报")))
    place, date = tr(rng.choice(MAINLAND_PLACES)), modern_date(rng)
    return _dl(outlet, place, date, outlet + place + date + tr("电"), who, named)


def next_dispatch(rng: random.Random, tr: Tr) -> str:
    """A later dispatch inside an old item: `（同日路透電）`, `（宜昌十二日電）`."""
    if rng.random() < 0.3:
        return "（" + tr("同日" + rng.choice(OLD_AGENCIES) + "电") + "）"
    day = old_day(rng.randint(1, 31), rng)
    return "（" + tr(rng.choice(OLD_PLACES) + day + rng.choice((*OLD_AGENCIES, "")) + "电") + "）"


BYLINE_FORMS = ("reporter", "correspondent", "special", "intern", "stringer", "photo", "text-photo")


@dataclass
class Byline:
    """A byline as printed on its own line, and the names the gold gets from it."""

    line: str
    bracket: str  # the same names as they sit in a dateline's brackets: `（记者 甲 实习生 乙）`
    reporters: list[str]
    contributors: list[str]
    photographers: list[str]


def make_byline(form: str, agency: str, reporters: list[str], rng: random.Random, tr: Tr) -> Byline:
    """A byline of the given form for `reporters` (converted already); helpers are invented."""
    people = " ".join(reporters)
    other = [tr(n) for n in names(rng, 1, 2)]
    others = " ".join(other)
    if form == "correspondent":
        lead = rng.choice(("本报特派员", "特派员", "本报特派记者"))
        return Byline(tr(lead + " ") + people, tr("（特派员 ") + people + "）", reporters, [], [])
    if form == "special":
        lead = rng.choice(("特约记者", "本报特约记者"))
        return Byline(tr(lead + " ") + people, tr("（特约记者 ") + people + "）", reporters, [], [])
    if form == "intern":
        line = tr(agency + "记者 ") + people + tr(" 实习生 ") + others
        return Byline(line, tr("（记者 ") + people + tr(" 实习生 ") + others + "）", reporters, other, [])
    if form == "stringer":
        line = tr(agency + "记者 ") + people + tr(" 通讯员 ") + others
        return Byline(line, tr("（记者 ") + people + tr(" 通讯员 ") + others + "）", reporters, other, [])
    if form == "photo":
        line = tr(agency + "记者 ") + people + tr(rng.choice((" 摄影 ", " 摄 "))) + others
        return Byline(line, tr("（记者 ") + people + tr(" 摄影 ") + others + "）", reporters, [], other)
    if form == "text-photo":
        if rng.random() < 0.5:
            line = tr("文·图/") + people
            return Byline(line, tr("（文·图 ") + people + "）", reporters, [], list(reporters))
        line = tr("文/" + agency + "记者 ") + people + tr(" 图/") + others
        return Byline(line, tr("（文/记者 ") + people + tr(" 图/") + others + "）", reporters, [], other)
    mark = rng.choice(("", " ■ ", "■ ", "□ "))
    return Byline(f"{mark}{tr(agency + '记者')} {people}", tr("（记者 ") + people + "）", reporters, [], [])


# -- ads and notices ---------------------------------------------------------------------------

_BRANDS = ("长乐牌", "双鹿牌", "飞燕牌", "金钟牌", "百灵牌", "宝塔牌", "红棉牌", "松鹤牌", "三星牌", "白兔牌")
_PRODUCTS = ("电风扇", "肥皂", "香烟", "牙膏", "热水瓶", "自行车", "雪花膏", "手表", "胶鞋", "饼干", "墨水", "花露水")
_SHOPS = ("德昌药房", "同春堂国药号", "华美照相馆", "新光眼镜公司", "大同酒家", "永安绸布庄", "振华五金行", "利民书局",
          "国泰理发厅", "宏远家具城", "海天电器商场", "福源茶庄")
_SLOGANS = ("物美价廉", "欢迎选购", "经久耐用", "中外驰名", "货真价实", "童叟无欺", "全市最低价", "质量三包",
            "送货上门", "名医坐堂", "定价经济", "欢迎惠顾", "开业大酬宾", "买一送一", "各大商场均有出售")
_STREETS = ("中山路", "解放路", "民生路", "江边路", "人民路", "南京路", "福州路", "皇后大道", "中正路",
            "建设路", "和平路")


def make_ad(era: str, rng: random.Random, tr: Tr) -> list[str]:
    """3-7 short display lines of one ad, as printed (no wrapping)."""
    if rng.random() < 0.5:
        head = [rng.choice(_BRANDS) + rng.choice(_PRODUCTS)]
        if rng.random() < 0.5:
            head.append(rng.choice(_SHOPS[:6]).replace("药房", "公司").replace("国药号", "厂") + "出品")
    else:
        head = [rng.choice(_SHOPS)]
    lines = head + rng.sample(_SLOGANS, rng.randint(1, 2))
    street, number = rng.choice(_STREETS), str(rng.randint(3, 899))
    if era == "republican":
        lines.append(rng.choice(("每盒大洋一元", "售价国币五角", "每打二元八角", "价目从廉")))
        lines.append(f"地址{street}{digit_string(number)}号")
        lines.append("电话" + digit_string(str(rng.randint(10000, 99999))))
        lines = [line.replace("，", "") for line in lines]
    else:
        cost = rng.choice((f"每台仅售{rng.randint(99, 999)}元", f"特价{rng.randint(5, 99)}.{rng.randint(0, 9)}元",
                           f"售价：{rng.randint(10, 500)}元", "会员八折"))
        lines.append(cost)
        lines.append(rng.choice(("地址：", "地址 ", "店址：")) + f"{street}{number}号")
        lines.append(phone(rng, era))
        if rng.random() < 0.4:
            lines.append(f"营业时间 {rng.randint(7, 10)}:00-{rng.randint(18, 22)}:00")
        if era != "republican" and rng.random() < 0.3:
            lines.append(web(rng))
    return [tr(line) for line in lines[:7]]


def letter_spaced(line: str, rng: random.Random) -> str:
    """A display line set with wide tracking, as old ads were: `歡　迎　惠　顧`."""
    joint = rng.choice(("\u3000", " "))
    return joint.join(line)


_DIGIT_RUN = re.compile(r"[0-9]+")


def _old_number(match: re.Match[str]) -> str:
    digits = match.group()
    return chinese_number(int(digits)) if len(digits) <= 2 else digit_string(digits)


NOTICE_KINDS = ("lost", "move", "obituary", "hiring", "statement", "rename")


@dataclass
class Notice:
    heading: str
    paragraphs: list[str]
    signature: list[str]


def make_notice(era: str, rng: random.Random, tr: Tr, date: dt.date) -> Notice:
    """A notice: 遗失声明, 迁址启事, 讣告, 招聘启事, 声明, 更名启事 (all invented)."""
    kind = rng.choice(NOTICE_KINDS)
    person, org = name(rng), rng.choice(_SHOPS)
    when = f"{date.year}年{date.month}月{date.day}日"
    if era == "republican":
        when = f"{chinese_number(date.month)}月{chinese_number(date.day, tens_short=True)}日"
    street, number = rng.choice(_STREETS), str(rng.randint(3, 899))
    if kind == "lost":
        thing = rng.choice(("身份证一张", "营业执照副本一份", "工作证一本", "发票专用章一枚", "学生证一本"))
        code = "".join(rng.choice("0123456789") for _ in range(rng.randint(8, 14)))
        notice = Notice(rng.choice(("遗失声明", "遗失启事")),
                        [f"{person}不慎遗失{thing}，编号{code}，声明作废。"], [])
    elif kind == "move":
        notice = Notice("迁址启事", [
            f"本号定于{when}起迁至{street}{number}号新址营业，原址即日停止营业。",
            "新址交通便利，欢迎新老顾客光临惠顾。特此启事。",
        ], [org, when])
    elif kind == "obituary":
        age = rng.randint(62, 98)
        notice = Notice("讣告", [
            f"{person}先生因病医治无效，于{when}在家中逝世，享年{age}岁。",
            f"兹定于三日后上午九时在{street}殡仪馆举行告别仪式。特此讣告。",
        ], [f"{person}治丧委员会", when])
    elif kind == "hiring":
        notice = Notice(rng.choice(("招聘启事", "招聘")), [
            f"因业务发展需要，{org}现面向社会公开招聘工作人员若干名。",
            f"一、岗位：会计{rng.randint(1, 3)}名，营业员{rng.randint(2, 9)}名，司机{rng.randint(1, 2)}名。",
            f"二、报名地点：{street}{number}号。联系人：{name(rng)}。",
        ], [org, when])
    elif kind == "statement":
        notice = Notice("声明", [
            "近日有人冒用本号名义对外招揽业务，本号对此不承担任何责任。",
            "凡与本号往来，请认明本号印章及经办人员。特此声明。",
        ], [org, when])
    else:
        new_name = rng.choice(_SHOPS)
        notice = Notice("更名启事", [f"本号自{when}起更名为{new_name}，原有业务往来照旧办理。特此启事。"], [org, when])
    if era == "republican":
        notice.heading = {"招聘启事": "招请", "招聘": "招请店员"}.get(notice.heading, notice.heading)
        # old print writes numbers in Chinese: 会计二名, 新址四一七号
        notice.paragraphs = [_DIGIT_RUN.sub(_old_number, text) for text in notice.paragraphs]
    if rng.random() < 0.3 and notice.signature:
        notice.signature = ["  ".join(notice.signature)]
    return Notice(tr(notice.heading), [tr(p) for p in notice.paragraphs], [tr(s) for s in notice.signature])
