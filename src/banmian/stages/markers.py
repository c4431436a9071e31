"""The grammar of newspaper markers: jump lines, bylines, datelines, credits, furniture.

Pure functions over one line (or one joined string); no page context. Everything
here is general knowledge of Chinese newspaper typesetting, not text of any page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from banmian.model import Byline

# --- numbers -------------------------------------------------------------------------

_CN_DIGITS: Final = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS: Final = {"十": 10, "百": 100}
NUM: Final = r"[0-9０-９]{1,3}|[零〇一二两三四五六七八九十百]{1,4}"


def parse_number(text: str) -> int | None:
    """`12`, `１２`, `十二`, `二十一`, `一〇` -> int."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = current * 10 + _CN_DIGITS[char] if current else _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[char]
            current = 0
        else:
            return None
    return total + current


# --- character classes ---------------------------------------------------------------

# (with the typesetter's missing-glyph mark 〓 and U+FFFD, what a PDF's text layer or an OCR
# engine gives for a glyph it cannot map: each stands for one Chinese character, often in a name)
CJK: Final = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3013\ufffd"
CLOSERS: Final = "”’」』）)》〉】〕"
OPENERS: Final = "“‘「『（(《〈【〔"
# A line ends a sentence when its last non-closer character is one of these. The grammar
# of record: `ends_sentence` reads it from the end of the line, and a property test holds
# the two together. (`……` is found by its second `…`: only whether it matches is asked.)
SENTENCE_END: Final = re.compile(
    r"(?:。|！|？|!|\?|…|\.\.\.)[" + re.escape(CLOSERS) + r"]{0,16}"
    # a closing note after the last sentence: `…。（完）`, `…。（参与记者 张三）`
    r"(?:[（(][^（）()]{1,40}[）)])?$"
)
# The last character of any SENTENCE_END match (`$` also matches before a final newline).
SENTENCE_END_LAST: Final = frozenset("。！？!?….）)\n" + CLOSERS)
_TERMINATOR_ENDINGS: Final = ("。", "！", "？", "!", "?", "…", "...")
_MAX_TRAILING_CLOSERS: Final = 16
_MAX_NOTE_CHARS: Final = 40


def ends_sentence(text: str) -> bool:
    """`SENTENCE_END.search(text) is not None`, without the regex.

    `search` would try a match at every candidate position, and this is asked of most
    lines of a page: read from the end instead, a closing note first if there is one.
    """
    if not text or text[-1] not in SENTENCE_END_LAST:
        return False
    if text[-1] == "\n":  # `$` also matches before a final newline: rare, left to the regex
        return SENTENCE_END.search(text) is not None
    if _ends_with_terminator(text):
        return True
    if text[-1] not in "）)":
        return False
    opening = max(text.rfind("（"), text.rfind("("))
    note = text[opening + 1 : -1]
    return (
        opening >= 0
        and 1 <= len(note) <= _MAX_NOTE_CHARS
        and "）" not in note
        and ")" not in note
        and _ends_with_terminator(text[:opening])
    )


def _ends_with_terminator(text: str) -> bool:
    """A terminator (`。`, `…`, `...`, ...) then at most 16 closing quotes or brackets, then the end."""
    bare = text.rstrip(CLOSERS)
    return len(text) - len(bare) <= _MAX_TRAILING_CLOSERS and bare.endswith(_TERMINATOR_ENDINGS)


def ends_clause(text: str, clause_ends: str) -> bool:
    """A sentence end, or (old text, where `clause_ends` is `、`) a clause mark, then any
    closing quotes or brackets, at the end of the line."""
    if ends_sentence(text):
        return True
    if not clause_ends:
        return False
    if text.endswith(("）", ")")):
        # a closing note after the clause: `……云、（未完）`, `……。　（某）`
        opening = max(text.rfind("（"), text.rfind("("))
        if 0 < opening and len(text) - opening <= _MAX_NOTE_CHARS:
            text = text[:opening].rstrip()
            if ends_sentence(text):
                return True
    bare = text.rstrip(CLOSERS)
    return bool(bare) and bare[-1] in clause_ends


CONTINUING_END: Final = re.compile(r"[，、：:,（(“‘《「『—－-]$")
FULLWIDTH_PUNCT: Final = set("，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·－～")

# --- traditional characters --------------------------------------------------------------
# Pages set in traditional characters print the same markers (`新華社記者`, `（下轉第2版）`,
# `本報訊`). The grammar below is written once, in simplified characters, and reads a
# one-to-one mapped view of each line, so positions in the view are positions in the line.
_TRADITIONAL_PAIRS: Final = (
    "記记 訊讯 電电 報报 華华 網网 轉转 攝摄 編编 輯辑 責责 員员 實实 習习 見见 圖图 發发 臺台 參参 與与 "
    "採采 訪访 導导 據据 專专 聞闻 國国 際际 視视 廣广 頁页 續续 約约 駐驻 劃划 對对 設设 計计 號号 價价 "
    "話话 郵邮 熱热 線线 務务 寫写 週周 禮礼 廠厂 業业 組组 製制 讀读"
).split()
_TO_SIMPLIFIED: Final = str.maketrans({pair[0]: pair[1] for pair in _TRADITIONAL_PAIRS})
# str.translate walks a table character by character; one regex scan tells first
# whether there is anything to map (on most pages there is not)
_ANY_TRADITIONAL: Final = re.compile("[" + "".join(pair[0] for pair in _TRADITIONAL_PAIRS) + "]")


def marker_view(text: str) -> str:
    """The line with the traditional forms of marker characters mapped (same length)."""
    return text.translate(_TO_SIMPLIFIED) if _ANY_TRADITIONAL.search(text) else text


# --- news agencies ---------------------------------------------------------------------

# Well-known agencies and outlets; any 2–8 character name ending in 社/网/报/台 also counts
# where the grammar around it (…记者, …电) makes the role clear.
KNOWN_AGENCIES: Final = (
    "新华社",
    "中新社",
    "中国新闻社",
    "人民日报",
    "人民网",
    "新华网",
    "中新网",
    "央视网",
    "央视新闻",
    "中央社",
    "中通社",
    "路透社",
    "美联社",
    "法新社",
    "共同社",
    "塔斯社",
    "俄新社",
    "韩联社",
    "埃菲社",
    "安莎社",
    "德新社",
    "合众国际社",
    "彭博社",
    "本报",
    "本刊",
    "本台",
    "本网",
)
_OUTLET_SUFFIXES: Final = ("日报", "晚报", "电视台", "广播电台", "通讯社", "新闻社", "新闻网")
_AGENCY: Final = (
    r"(?:"
    + "|".join(sorted(map(re.escape, KNOWN_AGENCIES), key=len, reverse=True))
    # a 2-6 character name and an outlet suffix; the lookahead, which the match implies,
    # turns most text away after a few characters instead of 5 lengths x 7 suffixes
    + r"|(?=["
    + CJK
    + r"]{2,6}["
    + "".join(sorted({suffix[0] for suffix in _OUTLET_SUFFIXES}))
    + r"])["
    + CJK
    + r"]{2,6}?(?:"
    + "|".join(_OUTLET_SUFFIXES)
    + r"))"
)

# --- roles and names -----------------------------------------------------------------

_ROLE: Final = (
    r"(?:本报|本刊)?(?:特约|特派|见习|实习|首席|驻["
    + CJK
    + r"]{1,6})?(?:摄影记者|记者|通讯员|实习生|特约撰稿人|撰稿|特派员|摄影(?=[ \u3000：:])|摄(?=[ \u3000：:]))"
)
# A name is a run of CJK characters that is not itself a role word or the credit's 摄.
_NOT_A_NAME: Final = (
    r"(?!(?:本报|本刊)?(?:特约|特派|见习|实习|首席)?(?:摄影记者|记者|通讯员|实习生|特派员)"
    r"|摄影?(?:$|[ \u3000])|(?:文图|图文|文|图|摄影|摄)\s*[/／|｜])"
)
# Chinese names have two to four characters; transcribed foreign ones join parts with `·`.
_NAME: Final = (
    _NOT_A_NAME + r"(?:[" + CJK + r"]{1,8}[·•][" + CJK + r"·•]{1,12}|[" + CJK + r"]{2,4}(?![" + CJK + r"]))"
)
_NAME_LIST: Final = _NAME + r"(?:[ \u3000、]+" + _NAME + r")*"
_BULLETS: Final = "■□●○◎◆◇▲△★☆▼▽◇◆"

ROLE_RE: Final = re.compile(_ROLE)


def split_names(text: str) -> list[str]:
    names = [n for n in _NAME_SEPARATORS.split(text.strip()) if n]
    return [n for n in names if _NAME_RE.fullmatch(n)]


# --- bylines and credits -------------------------------------------------------------

_BYLINE_RE: Final = re.compile(
    r"^[" + _BULLETS + r"]?\s*"
    # a space or colon after the role: `记者从市里获悉` is running text, not a byline
    r"(?P<body>(?:(?:" + _AGENCY + r")?" + _ROLE + r"[ \u3000：:]+" + _NAME_LIST + r"[ \u3000]*)+)"
    r"(?P<photo>摄影?)?$"
)
_BYLINE_PART: Final = re.compile(
    r"(?P<agency>" + _AGENCY + r")?(?P<role>" + _ROLE + r")[ \u3000：:]*(?P<names>" + _NAME_LIST + r")"
)
# `文/张三 图/李四`, `文 张三`
_SLASH_ROLES: Final = r"(?:文[·•]图|图[·•]文|文图|图文|文|图|摄影|摄)"
# the slash after the role; after `文·图` (a role no running text opens with) a space will do
_SLASH: Final = r"(?:\s*[/／|｜]\s*|(?<=[·•][图文])[ \u3000]+)"
_SLASH_BYLINE_RE: Final = re.compile(
    r"^[" + _BULLETS + r"]?\s*(?:" + _SLASH_ROLES + _SLASH + r"(?:(?:" + _AGENCY + r")?" + _ROLE + r"[ \u3000]*)?"
    + _NAME_LIST + r"\s*)+$"
)
# A credit ending in 摄 whose names follow an agency alone: `新华社发 张三 摄`
_AGENCY_CREDIT_RE: Final = re.compile(
    r"^["
    + _BULLETS
    + r"]?\s*(?P<agency>"
    + _AGENCY
    + r")(?:发|供图)?[ \u3000]+(?P<names>"
    + _NAME_LIST
    + r")[ \u3000]*摄(?:影)?$"
)
# A byline line whose space OCR dropped (`本报记者张三`): the whole line, an agency, the
# role and one name. Running text never stops two or three characters after `记者`
# without a mark.
_TIGHT_LINE_BYLINE_RE: Final = re.compile(
    r"^[" + _BULLETS + r"]?\s*(?P<agency>" + _AGENCY + r")记者(?P<name>[" + CJK + r"]{2,3})$"
)
_AGENCY_SUPPLIED_RE: Final = re.compile(
    r"^[" + _BULLETS + r"]?\s*[（(]?(?P<agency>" + _AGENCY + r")(?:发|供图|资料图片)[）)]?$"
)


# Patterns that the functions below used to build per call (precompiled: same patterns).
_NAME_SEPARATORS: Final = re.compile(r"[ \u3000、，,]+")
_NAME_RE: Final = re.compile(_NAME)
_STUCK_CREDIT: Final = re.compile(r"(?<=[" + CJK + r"]{2})摄影?$")
_TIGHT_CREDIT: Final = re.compile(
    r"(?P<role>(?:记者|通讯员|摄影记者))(?P<name>[" + CJK + r"]{2,4}[ \u3000]+摄影?)$"
)
_SLASH_PARTS: Final = re.compile(
    "(" + _SLASH_ROLES + r")" + _SLASH + r"(?:(?:" + _AGENCY + r")?" + _ROLE + r"[ \u3000]*)?(" + _NAME_LIST + ")"
)
_BYLINE_START: Final = re.compile(r"[" + _BULLETS + r"]?\s*(?:" + _AGENCY + r")?" + _ROLE)


def _parse_role_parts(body: str, people: Byline, photo: bool) -> None:
    for part in _BYLINE_PART.finditer(body):
        if part.group("agency") and not people.agency:
            people.agency = part.group("agency")
        role = part.group("role")
        if not people.agency and role.startswith(("本报", "本刊")):
            people.agency = role[:2]
        names = split_names(part.group("names"))
        if photo or role.startswith("摄") or role.endswith(("摄影", "摄")):
            people.photographers.extend(names)
        elif role.endswith(("通讯员", "实习生", "撰稿", "撰稿人")):
            people.contributors.extend(names)
        else:
            people.reporters.extend(names)


def _as_printed(found: str | None, view: str, original: str) -> str | None:
    """A string found in the marker view, as the line prints it."""
    if found is None or view == original:
        return found
    at = view.find(found)
    return original[at : at + len(found)] if at >= 0 else found


def parse_byline(text: str) -> tuple[Byline, bool] | None:
    """A whole line (or two joined lines) that is a byline or photo credit.

    Returns the people (names as printed) and whether it is a photo credit (ends in 摄),
    else None.
    """
    original = text.strip()
    view = marker_view(original)
    parsed = _parse_byline_view(view)
    if parsed is None or view == original:
        return parsed
    people, photo = parsed
    people.agency = _as_printed(people.agency, view, original)
    for names in (people.reporters, people.contributors, people.photographers):
        names[:] = [_as_printed(n, view, original) or n for n in names]
    return people, photo


def _parse_byline_view(line: str) -> tuple[Byline, bool] | None:
    if not line or len(line) > 60:
        return None
    if ROLE_RE.search(line):
        # `本报记者 张三摄`: the credit's 摄 set tight against the last name
        line = _STUCK_CREDIT.sub(" 摄", line)
        if line.endswith("摄") or line.endswith("摄影"):
            # a credit wrapped between its role and the names lost the space at the line
            # end (`（新华社记者` / `赵文华 摄）`): between the role and 摄, one name
            line = _TIGHT_CREDIT.sub(r"\g<role> \g<name>", line)
    match = _BYLINE_RE.match(line)
    if match:
        photo = bool(match.group("photo"))
        people = Byline()
        _parse_role_parts(match.group("body"), people, photo)
        if people.reporters or people.contributors or people.photographers:
            return people, photo
    match = _TIGHT_LINE_BYLINE_RE.match(line)
    if match:
        return Byline(agency=match.group("agency"), reporters=[match.group("name")]), False
    match = _AGENCY_CREDIT_RE.match(line)
    if match:
        return Byline(agency=match.group("agency"), photographers=split_names(match.group("names"))), True
    match = _AGENCY_SUPPLIED_RE.match(line)
    if match:
        return Byline(agency=match.group("agency")), True
    if _SLASH_BYLINE_RE.match(line):
        people = Byline()
        for role, names in _SLASH_PARTS.findall(line):
            target = people.photographers if role in ("图", "摄影", "摄") else people.reporters
            target.extend(split_names(names))
            if "文" in role and "图" in role:
                people.photographers.extend(split_names(names))
        return people, False
    return None


def looks_like_byline_start(text: str) -> bool:
    """A line that opens a byline wrapped onto the next line: `■ 新华社记者`."""
    line = marker_view(text).strip()
    return bool(_BYLINE_START.fullmatch(line))


# Trailing note at the end of an article: `（参与记者 张三 李四）`, `（记者 张三）`, `（通讯员 王五）`
CONTRIBUTOR_NOTE_RE: Final = re.compile(
    r"[（(](?P<role>参与\s*(?:采写|采访|报道)?\s*(?:记者)?|" + _ROLE + r"|采写|整理)[：:\s\u3000]*"
    r"(?P<names>" + _NAME_LIST + r")[）)]\s*$"
)


# A photo credit set at the end of its caption: `……留影。（新华社记者 张三 摄）`
_TRAILING_CREDIT_RE: Final = re.compile(
    r"(?:(?<=[。！？”）」])|^)\s*[（(]?\s*(?P<credit>(?:" + _AGENCY + r")?(?:" + _ROLE + r")?[ \u3000：:]*"
    + _NAME_LIST + r"[ \u3000]*摄影?)\s*[）)]?$"
)

_CREDIT_ENDINGS: Final = ("摄", "攝", "影")


def split_trailing_credit(text: str) -> tuple[str, str, Byline] | None:
    """Split a photo credit off the end of a caption: (caption, credit, people)."""
    # The regex is tried at every sentence end of the text; first the cheap test that
    # the text ends as a credit does (`摄` or `摄影`, then at most a closing bracket).
    tail = text.rstrip()
    if tail.endswith(("）", ")")):
        tail = tail[:-1].rstrip()
    if not tail.endswith(_CREDIT_ENDINGS):
        return None
    match = _TRAILING_CREDIT_RE.search(marker_view(text))
    if match is None:
        return None
    credit = text[match.start("credit") : match.end("credit")]
    parsed = parse_byline(credit)
    if parsed is None or not parsed[0].photographers:
        return None
    return text[: match.start()].rstrip(), credit, parsed[0]


# A reporter's lead run into the text after a dateline: `记者 张三 报道：`, `记者张三 李四报道：`
_REPORT_LEAD_RE: Final = re.compile(
    r"^[ \u3000]*(?P<role>" + _ROLE + r")[ \u3000]*(?P<names>" + _NAME_LIST + r")[ \u3000]*(?:报道|报导)[：:]\s*"
)
_REPORT_LEAD_NAME: Final = re.compile(r"[ \u3000]*(?:" + _ROLE + r")[ \u3000]*([" + CJK + r"]{2,4}?)[ \u3000]*(?:报道|报导)[：:]")


def split_report_lead(text: str) -> tuple[str, Byline] | None:
    """Split `记者张三报道：` off the start of a paragraph's text: (rest, people)."""
    view = marker_view(text)
    if "报道" not in view[:40] and "报导" not in view[:40]:
        return None
    match = _REPORT_LEAD_RE.match(view)
    names: list[str] = []
    if match is not None:
        names = split_names(match.group("names"))
    else:
        # names set tight against the role and the verb: `记者张三报道：`
        tight = _REPORT_LEAD_NAME.match(view)
        if tight is not None:
            match, names = tight, [tight.group(1)]
    if match is None or not names:
        return None
    people = Byline()
    role = view[: match.end()]
    printed = [_as_printed(n, view, text) or n for n in names]
    if "通讯员" in role or "实习生" in role:
        people.contributors = printed
    else:
        people.reporters = printed
    return text[match.end() :], people


def split_contributor_note(text: str) -> tuple[str, Byline] | None:
    """Split a trailing contributor note off a paragraph's text."""
    match = CONTRIBUTOR_NOTE_RE.search(marker_view(text))
    if not match:
        return None
    names = split_names(match.group("names"))
    if not names:
        return None
    role = match.group("role")
    people = Byline()
    if role.startswith("参与") or role.endswith(("通讯员", "实习生")) or role in ("采写", "整理"):
        people.contributors = names
    else:
        people.reporters = names
    return text[: match.start()].rstrip(), people


# --- datelines -------------------------------------------------------------------------

_DATE: Final = (
    r"(?:(?:[0-9０-９]{4}|[零〇一二三四五六七八九]{4})年)?"
    r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日"
)
_WHO: Final = r"(?:[（(](?P<who>[^（）()]{1,60})[）)])?"
DATELINE_RE: Final = re.compile(
    r"^(?P<prefix>据)?(?P<agency>" + _AGENCY + r")(?:记者)?(?P<place>[" + CJK + r"·]{1,12}?)?"
    r"(?P<date>" + _DATE + r")(?:专)?电" + _WHO
)
# `本报讯（记者 张三）`, `本报成都5月9日讯（…）`
LOCAL_DATELINE_RE: Final = re.compile(
    r"^(?P<agency>本报|本刊|本台|本网|[" + CJK + r"]{2,8}?(?:日报|晚报|报|网))"
    r"(?:(?P<place>[" + CJK + r"·]{1,12}?)(?P<date>" + _DATE + r"))?讯" + _WHO
)
# `【本报讯】` as OCR of older pages prints it
BRACKET_DATELINE_RE: Final = re.compile(r"^[【\[](?P<agency>本报|本刊|[" + CJK + r"]{2,6}?)(?:讯|消息)[】\]]")


def _squeeze_bracket(text: str) -> str:
    """A leading bracket's content without the spaces extraction put in it:
    `（汉口 二十八日海通社电）` -> `（汉口二十八日海通社电）` (the text itself if none)."""
    if not text.startswith(("（", "(")):
        return text
    closing = min((i for i in (text.find("）"), text.find(")")) if i > 0), default=-1)
    if closing < 0 or (" " not in text[:closing] and "\u3000" not in text[:closing]):
        return text
    return text[:closing].replace(" ", "").replace("\u3000", "") + text[closing:]


def _squeezed_match(match: re.Match[str], text: str, squeezed: str) -> DatelineMatch | None:
    """A dateline matched in the squeezed bracket, its end mapped back onto the text."""
    removed = len(text) - len(squeezed)
    end = match.end() + removed  # the spaces all lie inside the bracket, before its end
    agency = match.group("agency") if "agency" in match.re.groupindex else None
    place = match.group("place") if "place" in match.re.groupindex else None
    date = match.group("date") if "date" in match.re.groupindex else None
    return DatelineMatch(text[:end], agency or None, place or None, date or None, Byline(agency=agency or None), end)


# A who-note set tight, role against the names (`（记者张三）`, `（记者张三、李四）`): the
# brackets bound the names, so without a space after the role they are still read off
_TIGHT_WHO: Final = re.compile(
    r"^(?:" + _AGENCY + r")?" + _ROLE + r"(?P<names>[" + CJK + r"]{2,4}(?:[ \u3000、]+[" + CJK + r"]{2,4})*)$"
)
# Two or more names run together (`（记者王明李华）`): OCR drops the narrow space a
# who-note sets between names. The brackets after `电` still bound the names; where one
# ends is not known, so they are kept as printed, one entry.
_RUN_WHO: Final = re.compile(
    r"^(?:" + _AGENCY + r")?" + _ROLE + r"[ \u3000]*(?P<names>[" + CJK + r"]{5,9})$"
)


def _parse_tight_who(who: str) -> tuple[Byline, bool] | None:
    """A who-note whose names follow the role with no space: read as `记者 张三`
    (names run together: as one entry, `记者 王明李华`)."""
    text = who.strip()
    view = marker_view(text)
    match = _TIGHT_WHO.match(view)
    if match is not None:
        return parse_byline(text[: match.start("names")] + " " + text[match.start("names") :])
    match = _RUN_WHO.match(view)
    if match is None:
        return None
    names = text[match.start("names") :]
    # the role read with the first name's place held by two of the run's characters
    parsed = parse_byline(text[: match.start("names")].rstrip() + " " + names[:2])
    if parsed is None:
        return None
    people, photo = parsed
    for found in (people.reporters, people.contributors, people.photographers):
        found[:] = [names for _ in found]
    return people, photo


@dataclass
class DatelineMatch:
    raw: str
    agency: str | None
    place: str | None
    date: str | None
    people: Byline
    end: int  # index in the text where the dateline (and its who-note) ends


_BASE_DATELINES: Final = (DATELINE_RE, LOCAL_DATELINE_RE, BRACKET_DATELINE_RE)


def match_dateline(text: str, extra: tuple[re.Pattern[str], ...] = ()) -> DatelineMatch | None:
    """A dateline at the start of `text`: `新华社上海3月5日电（记者 王明）`, `本报讯（记者 张三）`.

    `extra`: further forms a family of conventions adds (`（重慶廿一日海通社電）`), tried
    after the base ones on the line as printed (their grammar names traditional forms).
    """
    view = marker_view(text)
    squeezed = _squeeze_bracket(text) if extra else text
    for pattern in _BASE_DATELINES + extra if extra else _BASE_DATELINES:
        if pattern in extra:
            match = pattern.match(squeezed)
            if match is not None and squeezed is not text:
                return _squeezed_match(match, text, squeezed)
        else:
            match = pattern.match(view)
        if not match:
            continue
        # the groups as the line prints them (the view maps characters one to one)
        groups = {
            k: (text[match.start(k) : match.end(k)] if v is not None else None)
            for k, v in match.groupdict().items()
        }
        agency = groups.get("agency") or None
        people = Byline(agency=agency)
        who = groups.get("who")
        if who and pattern in extra and _NAME_RE.fullmatch(who):
            people.reporters = [who]  # `（中央社記者王明台北28日電）`: the name alone
        elif who:
            parsed = parse_byline(who) or _parse_tight_who(who)
            if parsed:
                found, _photo = parsed
                people.reporters = found.reporters
                people.contributors = found.contributors
                people.photographers = found.photographers
            else:
                return None  # a parenthesis that is not a credit: not a dateline
        return DatelineMatch(
            raw=text[: match.end()],
            agency=agency,
            place=groups.get("place") or None,
            date=groups.get("date") or None,
            people=people,
            end=match.end(),
        )
    return None


# --- jump markers ----------------------------------------------------------------------

_SPACED_NUM: Final = r"[0-9０-９](?: [0-9０-９]){1,2}"


def _jump_pattern(verbs: str, *, at_start: bool) -> re.Pattern[str]:
    """A jump marker: `（上接第1版）` opening a line or `（下转第2版）` closing one
    (in brackets), or the bare words alone on a line (`转第3版`)."""

    def body(group: str) -> str:
        # OCR spaces out the page number's figures (`第1 3 版`)
        return rf"(?:{verbs})\s*(?:第\s*)?(?P<{group}>{_SPACED_NUM}|{NUM})\s*(?:版|页)[^（）()]{{0,12}}?"

    bracketed = r"[（(]\s*" + body("num") + r"\s*[）)]"
    bare = r"^\s*" + body("bare") + r"\s*$"
    return re.compile((r"^\s*" + bracketed if at_start else bracketed + r"\s*$") + "|" + bare)


JUMP_FROM_RE: Final = _jump_pattern("上接|紧接|接上|接|续", at_start=True)
JUMP_TO_RE: Final = _jump_pattern("下转|转|续转|转至|转见|见", at_start=False)


def _jump_page(match: re.Match[str] | None) -> int | None:
    """The page number a jump marker names (parenthesised or bare)."""
    return parse_number((match.group("num") or match.group("bare")).replace(" ", "")) if match else None


def match_jump_from(text: str) -> tuple[int, int] | None:
    """`（上接第1版）…` at the start of a line -> (page, end index of the marker).

    Spaces that OCR put inside the bracket (`（上 接第3版）`) are read through."""
    view = marker_view(text)
    squeezed = _squeeze_bracket(view)
    match = JUMP_FROM_RE.match(squeezed)
    number = _jump_page(match)
    if match is None or number is None:
        return None
    return number, match.end() + (len(view) - len(squeezed) if match.end() > 0 else 0)


def match_jump_to(text: str) -> tuple[int, int] | None:
    """`…（下转第2版）` at the end of a line -> (page, start index of the marker)."""
    match = JUMP_TO_RE.search(marker_view(text))
    number = _jump_page(match)
    return (number, match.start()) if match and number is not None else None


# --- headings inside articles ----------------------------------------------------------

SECTION_NUMBER_RE: Final = re.compile(
    r"^(?:[（(][〇一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、．.]|[0-9]{1,2}[、．.](?![0-9]))"
)


def is_section_number_line(text: str) -> bool:
    """A line that is only a section number, `（三）`, `三、`."""
    return bool(SECTION_NUMBER_RE.match(text)) and len(text) <= 5


# --- page furniture ------------------------------------------------------------------

_WEEKDAY: Final = r"(?:星期|周|礼拜)[一二三四五六日天]"
FURNITURE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "editor",
        re.compile(
            r"^(?:本版|本期)?(?:责任编辑|责编|编辑|美编|美术编辑|校对|版式|版式设计|组版|值班编委|"
            r"责任校对|视觉设计|制图|图片编辑|本版编辑|本版责编)\s*[：:\s\u3000]"
        ),
    ),
    (
        "date",
        re.compile(
            r"^(?:[0-9０-９]{4}|[零〇一二三四五六七八九○]{4})\s*年\s*[0-9０-９一二三四五六七八九十]{1,3}\s*月"
            r"\s*[0-9０-９一二三四五六七八九十]{1,3}\s*日(?:\s*"
            + _WEEKDAY
            + r")?(?:\s*(?:农历|第\s*"
            + NUM
            + r"\s*[版期]|["
            + CJK
            + r"]{1,8})){0,3}\s*$"
        ),
    ),
    (
        "page-number",
        re.compile(
            r"^(?:第\s*(?:"
            + NUM
            + r")\s*版|[A-Za-z]?\s*[0-9０-９]{1,3}\s*版?|[-－—–:：.·\s]*[0-9０-９]{1,3}[-－—–:：.·\s]*"
            r"|[A-Za-z][0-9]{1,2})(?:\s+[" + CJK + r"]{1,8})?$"
        ),
    ),
    (
        "masthead",
        re.compile(
            r"(?:国内统一刊号|邮发代号|CN\s*[0-9]{2}\s*[-－]\s*[0-9]{4}|本报地址|广告(?:热线|许可证)|"
            r"订阅热线|定价\s*[：:]|零售价)"
        ),
    ),
)


def furniture_type(text: str) -> str | None:
    """The furniture type of a line by its grammar alone (position is the caller's job)."""
    view = marker_view(text)
    for name, pattern in FURNITURE_PATTERNS:
        if pattern.search(view) if name == "masthead" else pattern.match(view):
            return name
    return None


# --- cheap gates ---------------------------------------------------------------------
# Words one of which a line must hold for the full grammar to run on it (classify scans
# the page for all of them at once). Gates read the marker view, so simplified forms
# suffice.
BYLINE_HINT_WORDS: Final = ("记者", "通讯员", "实习生", "撰稿", "摄", "/", "／", "|", "｜", "社发", "供图", "特派员")
DATELINE_HINT: Final = re.compile(r"^\s*[据【\[]?" + _AGENCY)
FURNITURE_HINT_WORDS: Final = (
    "编辑", "责编", "校对", "版式", "组版", "美编", "制图", "值班", "刊号", "邮发", "CN", "地址", "热线", "定价",
    "零售", "广告",
)  # fmt: skip
