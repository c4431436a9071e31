"""Conventions of papers and eras, as data: one TOML file per family.

A family holds the grammars a page's text is read with beyond the base grammar of
`banmian.stages.markers`: the fields of running heads and feet, further dateline forms
and agencies, what ends a paragraph in old text, the words of ads, notices and briefs
columns, and the words a reversed (right-to-left) heading may read as. The families
shipped (`families/*.toml`): `mainland` (simplified, modern; the base of the others),
`hktw` (traditional, modern punctuation) and `republican` (1912-49, 、-punctuated).

A page is read with the family `detect_conventions` picks from its text (its script
and punctuation), or with the one named by `--conventions` (a family name or the path
of a user's TOML file that `extends` a family). Each family is read and its patterns
compiled once per process. docs/conventions.md documents the file format.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from banmian.errors import InputError

FAMILIES: Final = ("mainland", "hktw", "republican")
DEFAULT_FAMILY: Final = "mainland"

_CJK: Final = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Placeholders a pattern in a conventions file may use (docs/conventions.md).
PLACEHOLDERS: Final = {
    "CJK": _CJK,
    "NUM": r"(?:[0-9０-９]{1,3}|[零〇一二两三四五六七八九十百]{1,4})",
    "YEAR": r"(?:[0-9０-９]{4}|[零〇一二三四五六七八九○]{4})",
    "YEAR_ROC": r"(?:[0-9０-９]{2,3}|[一二三四五六七八九十百]{1,4})",
    "YEAR_OLD": r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十廿卅壹貳參叁叄肆伍陸柒捌玖拾]{1,4})",  # (叄: 參 as often cut)
    "MONTH": r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十正]{1,3})",
    "DAY": r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十廿卅]{1,3}|初[一二三四五六七八九十])",
    "PLACES": "[" + _CJK + "]{2}",
}

# The keys a conventions file may hold, by table (a misspelt key is an error, not a no-op).
_SCHEMA: Final[dict[str, dict[str, type]]] = {
    "": {"name": str, "extends": str, "description": str},
    "detect": {"script": str, "punctuation": str, "priority": int},
    "text": {"clause_ends": str, "punctuation_full_cell": bool, "first_line_indent": bool},
    "furniture": {"fields": list, "sections": list},
    "datelines": {"agencies": list, "patterns": list, "opens_article": bool},
    "bylines": {"bracketed_pen_name": bool, "not_names": list, "credit_suffixes": list},
    "items": {"bullets": str, "closing_notes": list, "notice_heads": list, "ad_words": list, "briefs_heads": list},
    "headings": {"known_words": list},
}

# Characters whose traditional and simplified forms differ, common in running text:
# which of the two sets a page uses tells its script.
_TRADITIONAL_ONLY: Final = "這們來時國對說會學與爲為發經過還個後見長門開間關報華"
_SIMPLIFIED_ONLY: Final = "这们来时国对说会学与为为发经过还个后见长门开间关报华"
# Old punctuation: 、 at nearly every pause, the comma rare; or (old setting) lines that
# open with a comma or stop, in more than one line in fifty.
_MIN_OLD_CLAUSE_MARKS: Final = 5
_SCRIPT_SAMPLE: Final = 1500
_LINE_START_MARKS: Final = "，、。；："
_ANY_OLD_MARK: Final = re.compile("、|\n[，。；：]")


@dataclass(frozen=True)
class Conventions:
    """One family's grammars, compiled."""

    name: str
    description: str
    source: str  # the family name, or the path of the file it was read from
    script: str
    punctuation: str
    priority: int
    clause_ends: str
    punctuation_full_cell: bool
    first_line_indent: bool
    # furniture: (type, pattern) per field of a running head or foot; compiled only as
    # one alternation (`any_field`: each pattern compiled alone too would double the
    # start-up, which the large ideograph classes make slow)
    header_fields: tuple[tuple[str, str], ...]
    sections: frozenset[str]
    agencies: tuple[str, ...]
    dateline_patterns: tuple[re.Pattern[str], ...]
    # the dateline patterns in one alternation without their groups: whether a line may
    # open with one (one match a line instead of one a pattern); tried only on lines that
    # open with one of `dateline_initials` (None: any line, where a pattern's first
    # character cannot be told)
    dateline_gate: re.Pattern[str] | None
    dateline_initials: frozenset[str] | None
    dateline_opens_article: bool
    bracketed_pen_name: bool
    not_names: frozenset[str]
    credit_suffixes: tuple[str, ...]
    bullets: str
    closing_notes: tuple[str, ...]
    notice_heads: tuple[str, ...]
    ad_words: tuple[str, ...]
    briefs_heads: frozenset[str]
    known_words: frozenset[str]

    # every field pattern in one alternation, read by `field_type` with one match
    any_field: re.Pattern[str]

    def field_type(self, field: str) -> str | None:
        """The furniture type of one field of a running head or foot, or None."""
        if field in self.sections:
            return "section"
        match = self.any_field.fullmatch(field)
        if match is None or match.lastgroup is None:
            return None
        return self.header_fields[int(match.lastgroup[1:])][0]


def _family_path(name: str) -> Path:
    return Path(str(resources.files("banmian.conventions") / "families" / f"{name}.toml"))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such conventions file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    _check_schema(data, path)
    return data


def _check_schema(data: dict[str, Any], path: Path) -> None:
    for key, value in data.items():
        table = key if isinstance(value, dict) else ""
        allowed = _SCHEMA.get(table)
        if allowed is None:
            raise InputError(f"{path}: unknown table [{key}]")
        items = value.items() if isinstance(value, dict) else [(key, value)]
        for name, item in items:
            expected = allowed.get(name)
            where = f"{table}.{name}" if table else name
            if expected is None:
                raise InputError(f"{path}: unknown key {where}")
            if not isinstance(item, expected) or (expected is int and isinstance(item, bool)):
                raise InputError(f"{path}: {where} should be a {expected.__name__}")


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """A family extending another: lists add to the base's (what the base holds already
    once), other values replace them."""
    merged = {key: dict(value) if isinstance(value, dict) else value for key, value in base.items()}
    for key, value in child.items():
        if isinstance(value, dict):
            table = merged.setdefault(key, {})
            for name, item in value.items():
                old = table.get(name)
                if isinstance(old, list) and isinstance(item, list):
                    # (an entry the base has already is not counted twice: ad words are counted)
                    table[name] = old + [entry for entry in item if entry not in old]
                else:
                    table[name] = item
        else:
            merged[key] = value
    return merged


@lru_cache(maxsize=len(FAMILIES))
def _read_family(name: str) -> dict[str, Any]:
    """A built-in family's file, read once per process (the families extend each other,
    and detection reads them all); callers copy what they change."""
    return _read_toml(_family_path(name))


def _resolve(path: Path, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    family = path.stem if path == _family_path(path.stem) and path.stem in FAMILIES else None
    data = _read_family(family) if family is not None else _read_toml(path)
    parent = data.get("extends")
    if parent is None:
        return data
    parent_path = _family_path(parent) if parent in FAMILIES else (path.parent / parent)
    if str(parent_path.resolve()) in seen:
        raise InputError(f"{path}: conventions extend each other in a circle ({parent})")
    if parent not in FAMILIES and not parent_path.is_file():
        raise InputError(f"{path}: extends {parent!r}, which is neither a family ({', '.join(FAMILIES)}) nor a file")
    return _merge(_resolve(parent_path, (*seen, str(path.resolve()))), data)


def _expand(pattern: str, agencies: tuple[str, ...]) -> str:
    names = dict(PLACEHOLDERS)
    names["AGENCY"] = "(?:" + "|".join(re.escape(a) for a in sorted(agencies, key=len, reverse=True)) + ")"
    return re.sub(r"\{([A-Z_]+)\}", lambda m: names.get(m.group(1), m.group(0)), pattern)


def _compile(pattern: str, agencies: tuple[str, ...], where: str) -> re.Pattern[str]:
    try:
        return re.compile(_expand(pattern, agencies))
    except re.error as exc:
        raise InputError(f"{where}: pattern {pattern!r} does not compile ({exc})") from None


def _initials(template: str, agencies: tuple[str, ...]) -> set[str] | None:
    """The characters a line matched by a dateline pattern can open with, where the
    pattern's start tells them (a literal, a plain character class, `{AGENCY}`)."""
    rest = template.removeprefix("^")
    while rest.startswith(("(?P<", "(?:")):
        rest = rest[rest.index(">") + 1 :] if rest.startswith("(?P<") else rest[3:]
    if rest.startswith("{AGENCY}"):
        return {agency[0] for agency in agencies}
    if rest.startswith("["):
        body = rest[1 : rest.find("]")] if "]" in rest else ""
        if not body or any(c in body for c in "\\-^{"):
            return None
        return set(body)
    if rest and rest[0] not in "\\([.{|?*+":
        return {rest[0]}
    return None


# An ideograph class as the templates write it, outside a negative lookaround (where a
# wider class would reject more, not less)
_IDEOGRAPH_CLASS: Final = re.compile(r"(?<!\(\?!)(?<!\(\?<!)\[\{CJK\}\]")


def _gate(templates: list[str], agencies: tuple[str, ...]) -> re.Pattern[str]:
    """The dateline patterns in one alternation, without their groups, and with each
    ideograph class widened to any character but a newline: it matches wherever one of
    them does (a line it lets through is read with the patterns themselves). Compiling
    the classes of tens of thousands of ideographs is most of a family's start-up
    (`re` fills a table character by character), and the gate need not tell them."""
    loose = [_IDEOGRAPH_CLASS.sub(r"[^\n]", t) for t in templates]
    return re.compile("|".join("(?:" + re.sub(r"\(\?P<\w+>", "(?:", _expand(t, agencies)) + ")" for t in loose))


def _build(data: dict[str, Any], source: str) -> Conventions:
    def table(name: str) -> dict[str, Any]:
        found = data.get(name, {})
        return found if isinstance(found, dict) else {}

    detect, text, furniture = table("detect"), table("text"), table("furniture")
    datelines, bylines, items, headings = table("datelines"), table("bylines"), table("items"), table("headings")
    agencies = tuple(dict.fromkeys(str(a) for a in datelines.get("agencies", [])))
    fields: list[tuple[str, str]] = []
    for entry in furniture.get("fields", []):
        if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(e, str) for e in entry)):
            raise InputError(f"{source}: furniture.fields holds [type, pattern] pairs, not {entry!r}")
        fields.append((entry[0], _expand(entry[1], agencies)))
    try:
        any_field = re.compile(
            "|".join(f"(?P<f{index}>{pattern})" for index, (_kind, pattern) in enumerate(fields)) or "(?!)"
        )
    except re.error:
        for entry in furniture.get("fields", []):
            _compile(entry[1], agencies, source)  # names the pattern that does not compile
        raise
    templates = [str(p) for p in datelines.get("patterns", [])]
    patterns = tuple(_compile(t, agencies, source) for t in templates)
    initials: set[str] | None = set()
    for template in templates:
        first = _initials(template, agencies)
        if first is None or initials is None:
            initials = None
        else:
            initials |= first
    return Conventions(
        name=str(data.get("name") or Path(source).stem),
        description=str(data.get("description", "")),
        source=source,
        script=str(detect.get("script", "any")),
        punctuation=str(detect.get("punctuation", "any")),
        priority=int(detect.get("priority", 0)),
        clause_ends=str(text.get("clause_ends", "")),
        punctuation_full_cell=bool(text.get("punctuation_full_cell", False)),
        first_line_indent=bool(text.get("first_line_indent", True)),
        header_fields=tuple(fields),
        sections=frozenset(str(s) for s in furniture.get("sections", [])),
        agencies=agencies,
        dateline_patterns=patterns,
        dateline_gate=_gate(templates, agencies) if patterns else None,
        dateline_initials=frozenset(initials) if initials is not None else None,
        dateline_opens_article=bool(datelines.get("opens_article", True)),
        bracketed_pen_name=bool(bylines.get("bracketed_pen_name", False)),
        not_names=frozenset(str(w) for w in bylines.get("not_names", [])),
        credit_suffixes=tuple(str(w) for w in bylines.get("credit_suffixes", [])),
        bullets=str(items.get("bullets", "")),
        closing_notes=tuple(
            sorted({f"{o}{w}{c}" for w in items.get("closing_notes", []) for o, c in (("（", "）"), ("(", ")"))})
        ),
        notice_heads=tuple(str(w) for w in items.get("notice_heads", [])),
        ad_words=tuple(str(w) for w in items.get("ad_words", [])),
        briefs_heads=frozenset(str(w) for w in items.get("briefs_heads", [])),
        known_words=frozenset(str(w) for w in headings.get("known_words", [])),
        any_field=any_field,
    )


@lru_cache(maxsize=32)
def load_conventions(name: str = DEFAULT_FAMILY) -> Conventions:
    """A family by name (`mainland`, `hktw`, `republican`) or a conventions file by path.

    Read and compiled once per process; InputError (one line) for a bad name or file.
    """
    if name in FAMILIES:
        return _build(_resolve(_family_path(name)), name)
    path = Path(name)
    if path.suffix != ".toml" and not path.is_file():
        raise InputError(f"unknown conventions {name!r}: give a family ({', '.join(FAMILIES)}) or a .toml file")
    return _build(_resolve(path), str(path))


def page_script(text: str) -> str:
    """`traditional` or `simplified`, by which forms of common characters the text uses."""
    sample = text[:_SCRIPT_SAMPLE]  # (a page's first few thousand characters tell its script)
    # (`str.count` per character: a fast scan each, where a regex or `translate` pays
    # for every character of the text)
    traditional = sum(map(sample.count, _TRADITIONAL_ONLY))
    simplified = sum(map(sample.count, _SIMPLIFIED_ONLY))
    return "traditional" if traditional > simplified else "simplified"


def page_punctuation(text: str) -> str:
    """`old` where 、 marks the pauses that modern text gives a comma, or where lines
    start with a comma or stop (old setting has no rule that keeps punctuation off the
    start of a line, which modern setting never breaks); else `modern`."""
    marks = text.count("、")
    if marks >= _MIN_OLD_CLAUSE_MARKS and marks > text.count("，") + text.count(","):
        return "old"
    lines = text.count("\n") + 1
    starts = sum(text.count("\n" + mark) for mark in _LINE_START_MARKS) + (text[:1] in _LINE_START_MARKS)
    return "old" if starts >= _MIN_OLD_CLAUSE_MARKS and starts * 50 >= lines else "modern"


@lru_cache(maxsize=1)
def _detection_rules() -> tuple[tuple[str, str, str, int], ...]:
    """(name, script, punctuation, priority) of each family, read from the families'
    files without compiling their grammars (only the family a page needs is compiled)."""
    rules = []
    for name in FAMILIES:
        detect = _resolve(_family_path(name)).get("detect", {})
        rules.append((name, str(detect.get("script", "any")), str(detect.get("punctuation", "any")),
                      int(detect.get("priority", 0))))
    return tuple(rules)


def detect_conventions(text: str) -> Conventions:
    """The family this page's text is read with: the most specific family whose script
    and punctuation match the page's (the base family matches every page)."""
    if not _ANY_OLD_MARK.search(text):
        punctuation = "modern"  # (no 、 and no line opening with a mark: the usual page)
    else:
        punctuation = page_punctuation(text)
    script = ""
    best, best_priority = DEFAULT_FAMILY, -1
    for name, family_script, family_punctuation, priority in _detection_rules():
        if family_punctuation not in ("any", punctuation) or priority <= best_priority:
            continue
        if family_script != "any":
            script = script or page_script(text)
            if family_script != script:
                continue
        best, best_priority = name, priority
    return load_conventions(best)


def resolve_conventions(conventions: str | Conventions | None, text: str) -> Conventions:
    """What `--conventions` asked for, else the family detected from the page."""
    if conventions is None:
        return detect_conventions(text)
    if isinstance(conventions, Conventions):
        return conventions
    return load_conventions(conventions)
