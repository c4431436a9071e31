"""Line joining and space repair, on hand-made cases and on the sample page against its gold."""

from __future__ import annotations

import json
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from banmian.stages.spacing import fix_spacing, join_lines, strip_letter_spacing
from conftest import SAMPLE_GOLD, SAMPLE_RAW


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["在新疆霍尔果斯口岸，刚刚参加完高考的", "17岁男孩"], "在新疆霍尔果斯口岸，刚刚参加完高考的17岁男孩"),
        (["　　今天上午，", "记者来到"], "今天上午，记者来到"),
        (["  他说：“我们", "  要继续”  "], "他说：“我们要继续”"),
        (["the", "press"], "the press"),
        (["in the", "TikTok"], "in the TikTok"),
        (["said,", "\"yes\""], 'said, "yes"'),
        (["平台", "TikTok上的"], "平台TikTok上的"),
        (["TikTok", "上的"], "TikTok上的"),
        (["累计开行32", "00多列"], "累计开行3200多列"),
        (["面积5.", "6平方公里"], "面积5.6平方公里"),
        (["COVID-", "19"], "COVID-19"),
        (["第一行", "", "  ", "第二行"], "第一行第二行"),
        ([], ""),
    ],
)
def test_join_lines(parts: list[str], joined: str) -> None:
    assert join_lines(parts) == joined


def test_join_lines_with_a_separator_keeps_fields_apart() -> None:
    assert join_lines(["■ 新华社记者", "贺长山 摄"], separator=" ") == "■ 新华社记者 贺长山 摄"
    assert join_lines(["the", "press"], separator="|") == "the press"


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        # spaces around numbers between Han characters
        ("上合组织有 9 个成员国、3 个观察员", "上合组织有9个成员国、3个观察员"),
        ("这是 7 月 1 日拍摄", "这是7月1日拍摄"),
        ("媒体发表报道 241 篇次，宣", "媒体发表报道241篇次，宣"),
        ("（上接第 1 版）", "（上接第1版）"),
        # Latin next to Han
        ("平台TikTok 上的账号", "平台TikTok上的账号"),
        ("参加 G20 峰会", "参加G20峰会"),
        # letter-spaced runs, glued to the text around them
        ("标志于 6月 7 日 亮 相 埃 菲 尔 铁塔。", "标志于6月7日亮相埃菲尔铁塔。"),
        ("奥 运 五 环", "奥运五环"),
        ("他 们 说 我们的", "他们说我们的"),
        # spaces next to full-width punctuation
        ("（记者 樊曦） 记者2日从", "（记者 樊曦）记者2日从"),
        ("光明行 、健康体检", "光明行、健康体检"),
        ("口号 “我们要", "口号“我们要"),
        ("70 ％", "70％"),
        # whitespace runs and the ideographic space inside a line
        ("  转作风\u3000\u3000勇争先  ", "转作风 勇争先"),
        ("a \t b", "a b"),
        # digits lose their spaces to Han neighbours, not to each other
        ("人口 2 000 万", "人口2 000万"),
    ],
)
def test_fix_spacing_removes_extraction_spaces(raw: str, fixed: str) -> None:
    assert fix_spacing(raw) == fixed


@pytest.mark.parametrize(
    "kept",
    [
        "组织开展“转作风 勇争先担使命 开新局”专项活动",  # slogan phrases
        "（参与记者 赵戈 邹学冕 张继业 王凯）",  # names in a list
        "2022年度“奋进新时代 共谱山海情”先进集体",
        "the press conference",  # Latin words
        "he said “hello” to her",  # English quotation
        "■ 新华社记者",
    ],
)
def test_fix_spacing_keeps_meaningful_spaces(kept: str) -> None:
    assert fix_spacing(kept) == kept


@pytest.mark.parametrize(
    ("raw", "stripped"),
    [
        ("奥 运 五 环", "奥运五环"),
        ("社 论", "社论"),
        ("  社　论  ", "社论"),
        ("本 报 记 者 王凯", "本报记者 王凯"),
        ("转作风 勇争先", "转作风 勇争先"),
        ("青海湖畔写担当", "青海湖畔写担当"),
    ],
)
def test_strip_letter_spacing(raw: str, stripped: str) -> None:
    assert strip_letter_spacing(raw) == stripped


def test_sample_page_paragraphs_match_the_gold_text() -> None:
    """Every gold paragraph/caption block, rebuilt from its source lines, equals the gold text.

    Where the raw lines also carry a dateline, contributor note or jump marker (which the
    parser removes elsewhere), the gold text must be what remains after removing them.
    """
    raw = SAMPLE_RAW.read_text(encoding="utf-8").split("\n")
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    checked = exact = 0
    for article in gold["articles"]:
        for block in article["blocks"]:
            if block["type"] not in ("paragraph", "caption", "subhead"):
                continue
            first, last = block["lines"]
            rebuilt = fix_spacing(join_lines(raw[first - 1 : last]))
            checked += 1
            if rebuilt == block["text"]:
                exact += 1
                continue
            # The only allowed difference: a removable prefix or suffix (dateline, marker, note).
            assert block["text"] in rebuilt, (rebuilt, block["text"])
            rest = rebuilt.replace(block["text"], "", 1)
            assert rest.startswith(("（", "新华社", "据新华社")) or rest.endswith("）"), rest
    assert checked >= 60
    assert exact >= checked - 6


_spaced_text = st.lists(
    st.sampled_from(
        [
            *("中", "国", "人民", "的", "7", "12", "ab", "TikTok"),
            *("，", "。", "“", "”", "（", "）", "《", "》", "(", ")", ",", ":", "?", "%", "—"),
            *(" ", "\u3000", "  "),
        ]
    ),
    max_size=40,
).map("".join)
_WIDEN = str.maketrans(",;:?!()", "，；：？！（）")


@settings(max_examples=300, deadline=None)
@given(_spaced_text, st.sampled_from([None, True, False]))
def test_fix_spacing_only_removes_spaces_or_widens_punctuation_and_is_idempotent(
    text: str, stray_spaces: bool | None
) -> None:
    fixed = fix_spacing(text, stray_spaces=stray_spaces)
    assert "".join(fixed.split()).translate(_WIDEN) == "".join(text.split()).translate(_WIDEN)
    assert "  " not in fixed
    assert fixed == fixed.strip()
    assert fix_spacing(fixed, stray_spaces=stray_spaces) == fixed


@given(st.lists(st.text(alphabet="中国人abc12 ，。\u3000", max_size=12), max_size=8))
def test_join_lines_keeps_every_non_space_character_in_order(parts: list[str]) -> None:
    joined = join_lines(parts)
    assert "".join(joined.split()) == "".join("".join(parts).split())
    assert joined == joined.strip()


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%]*|.")


def _letter_spaced(line: str) -> str:
    """A justified line extracted glyph by glyph: every character apart, Latin words and numbers whole."""
    return " ".join(_TOKEN.findall(line))


def _wrap(text: str, width: int) -> list[str]:
    """Hard-wrap at `width` characters without splitting a Latin word or a number."""
    lines = [""]
    for unit in _TOKEN.findall(text):
        if lines[-1] and len(lines[-1]) + len(unit) > width:
            lines.append("")
        lines[-1] += unit
    return lines


def _digit_spaced(line: str) -> str:
    """Numbers set in a Latin font, padded with spaces by the extractor."""
    return re.sub(r"(?<=[^\x00-\x7f\s])([0-9][0-9.%]*)(?=[^\x00-\x7f\s])", r" \1 ", line)


@pytest.mark.parametrize("width", [10, 13, 18, 20, 24, 29])
def test_wrapped_and_damaged_gold_paragraphs_come_back_exactly(width: int) -> None:
    """Wrap each gold paragraph, letter-space or digit-space some of its lines, and rebuild it."""
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    paragraphs = [b["text"] for a in gold["articles"] for b in a["blocks"] if " " not in b["text"]]
    assert len(paragraphs) > 50
    rng = random.Random(width)
    for text in paragraphs:
        lines = _wrap(text, width)
        damaged = []
        for line in lines:
            roll = rng.random()
            damaged.append(_letter_spaced(line) if roll < 0.2 else _digit_spaced(line) if roll < 0.6 else line)
        assert fix_spacing(join_lines(damaged)) == text, damaged


@pytest.mark.parametrize(
    ("raw", "auto", "forced"),
    [
        # two stray spaces in prose: removed by default
        ("据报道，持续约 两个月的降雨将在 下周结束。", "据报道，持续约两个月的降雨将在下周结束。", None),
        # one stray space: kept by default (could be a meaningful gap), removed when forced
        ("据报道，持续约 两个月的降雨将在下周结束。", None, "据报道，持续约两个月的降雨将在下周结束。"),
        # protected: quoted slogans, bracketed names, lists of three or more short groups
        ("开展“转作风 勇争先担使命 开新局”活动，持续擦 亮品牌形 象。", "开展“转作风 勇争先担使命 开新局”活动，持续擦亮品牌形象。", None),
        ("（参与记者 赵戈 邹学冕 张继业 王凯）", None, None),
        ("（记者 张百慧）记者从 有关部门获 悉", "（记者 张百慧）记者从有关部门获悉", None),
        # quoted groups that are not parallel are stray spaces, parallel ones a slogan
        ("称为“松子航 线”的“超出想象 的工作”", "称为“松子航线”的“超出想象的工作”", None),
        ("“奋进新时代 共谱山海情”“转作风 勇争先担使命 开新局”", None, None),
        ("参与记者 赵戈 邹学冕", None, None),
        ("新华社电（记者 樊曦）记者从 有关部门获 悉", "新华社电（记者 樊曦）记者从有关部门获悉", None),
        # three short groups in prose stay: a list of phrases cannot be told from stray spaces
        ("他们持续 擦亮品牌 形象", None, None),
        # two single characters are not a letter-spaced run, but they are stray spaces
        ("记者 王 凯", "记者王凯", None),
    ],
)
def test_stray_spaces_in_prose(raw: str, auto: str | None, forced: str | None) -> None:
    assert fix_spacing(raw) == (auto or raw)
    assert fix_spacing(raw, stray_spaces=True) == (forced or auto or raw)
    assert fix_spacing(raw, stray_spaces=False) == raw


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("中国,人民", "中国，人民"),
        ("他说:“好”", "他说：“好”"),
        ("真的?是的!", "真的？是的！"),
        ("据报道 ,今天", "据报道，今天"),
        ("(记者 樊曦)记者", "（记者 樊曦）记者"),
        ("“好”,他说", "“好”，他说"),
        # between digits or Latin words the ASCII marks are right
        ("5,000元", "5,000元"),
        ("12:30开会", "12:30开会"),
        ("Hello, world", "Hello, world"),
        ("中国(China)", "中国(China)"),
    ],
)
def test_ascii_punctuation_attached_to_chinese_becomes_full_width(raw: str, fixed: str) -> None:
    assert fix_spacing(raw) == fixed
