"""Character mapping applied to every source line before any other stage.

PDF text layers and OCR output carry look-alike code points that break matching and
search; this stage maps them to the characters a reader sees, and nothing else:

* Kangxi radicals U+2F00–U+2FD5 (`⼗` U+2F17, `⼤` U+2F24 …): fonts often map an
  ideograph's glyph to its radical code point. Each has a compatibility decomposition to
  the ideograph, taken from `unicodedata` (NFKC of that one character).
* CJK Radicals Supplement U+2E80–U+2EF3: the two with a decomposition (`⺟`, `⻳`) use it;
  the forms that are whole simplified or traditional characters (`⻓` → `长`, `⻔` → `门`,
  `⻅` → `见` …) come from a small explicit table. Pure component forms (`⺅`, `⻌`) stay.
* CJK Compatibility Ideographs U+F900–U+FAFF and U+2F800–U+2FA1F: their canonical (NFC)
  equivalent; the twelve in U+FA0E–U+FA29 that are unified ideographs have none and stay.
* Vertical presentation forms U+FE10–U+FE19, U+FE30–U+FE48 (`︵` `︶` `﹁` …), which
  vertical titles leave in text layers, become the full-width punctuation they stand for
  (NFKC would give ASCII parentheses, which is wrong for Chinese text).
* The katakana middle dot `・` and its half-width form, and the hyphenation point `‧`,
  become the middle dot `·` used between the parts of transcribed names.
* Spaces: NBSP, the en/em/thin/hair spaces U+2000–U+200A, the narrow NBSP and the
  medium mathematical space become an ASCII space. The ideographic space U+3000 `　` is
  KEPT: indents are typeset with it and later stages read it as a paragraph start.
* Removed (the only length-changing rule): zero-width space U+200B, zero-width
  non-joiner/joiner U+200C/U+200D, word joiner U+2060, BOM / zero-width no-break space
  U+FEFF, soft hyphen U+00AD. None has a visible glyph; each is an extraction artifact.

Everything else, full-width punctuation and full-width digits included, is left as is:
NFKC of the whole text would turn `，` into `,` and `（` into `(`.

All of it is one precomputed `str.translate` table.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Radicals-supplement forms that are complete characters (no Unicode decomposition).
_RADICAL_SUPPLEMENT_CHARS: dict[str, str] = {
    "\u2e9c": "日",  # SUN
    "\u2e9d": "月",  # MOON
    "\u2ea0": "民",  # CIVILIAN
    "\u2ea9": "王",  # JADE
    "\u2ebc": "月",  # MEAT (drawn as 月)
    "\u2ebe": "艹",  # GRASS ONE
    "\u2ec1": "虎",  # TIGER
    "\u2ec4": "西",  # WEST TWO
    "\u2ec5": "见",  # C-SIMPLIFIED SEE
    "\u2ec6": "角",  # SIMPLIFIED HORN
    "\u2ec7": "角",  # HORN
    "\u2ec8": "讠",  # C-SIMPLIFIED SPEECH
    "\u2ec9": "贝",  # C-SIMPLIFIED SHELL
    "\u2ecb": "车",  # C-SIMPLIFIED CART
    "\u2ecf": "阝",  # CITY
    "\u2ed0": "钅",  # C-SIMPLIFIED GOLD
    "\u2ed1": "長",  # LONG ONE
    "\u2ed3": "长",  # C-SIMPLIFIED LONG
    "\u2ed4": "门",  # C-SIMPLIFIED GATE
    "\u2ed6": "阝",  # MOUND TWO
    "\u2ed7": "雨",  # RAIN
    "\u2ed8": "青",  # BLUE
    "\u2ed9": "韦",  # C-SIMPLIFIED TANNED LEATHER
    "\u2eda": "页",  # C-SIMPLIFIED LEAF
    "\u2edb": "风",  # C-SIMPLIFIED WIND
    "\u2edc": "飞",  # C-SIMPLIFIED FLY
    "\u2edd": "食",  # EAT ONE
    "\u2ee0": "饣",  # C-SIMPLIFIED EAT
    "\u2ee2": "马",  # C-SIMPLIFIED HORSE
    "\u2ee3": "骨",  # BONE
    "\u2ee4": "鬼",  # GHOST
    "\u2ee5": "鱼",  # C-SIMPLIFIED FISH
    "\u2ee6": "鸟",  # C-SIMPLIFIED BIRD
    "\u2ee7": "卤",  # C-SIMPLIFIED SALT
    "\u2ee8": "麦",  # SIMPLIFIED WHEAT
    "\u2ee9": "黄",  # SIMPLIFIED YELLOW
    "\u2eec": "齐",  # C-SIMPLIFIED EVEN
    "\u2eee": "齿",  # C-SIMPLIFIED TOOTH
    "\u2ef0": "龙",  # C-SIMPLIFIED DRAGON
}

# Vertical presentation forms -> the horizontal full-width punctuation they rotate.
_VERTICAL_FORMS: dict[str, str] = {
    "\ufe10": "，", "\ufe11": "、", "\ufe12": "。", "\ufe13": "：", "\ufe14": "；",
    "\ufe15": "！", "\ufe16": "？", "\ufe17": "〖", "\ufe18": "〗", "\ufe19": "…",
    "\ufe30": "‥", "\ufe31": "—", "\ufe32": "–", "\ufe33": "_", "\ufe34": "_",
    "\ufe35": "（", "\ufe36": "）", "\ufe37": "｛", "\ufe38": "｝", "\ufe39": "〔",
    "\ufe3a": "〕", "\ufe3b": "【", "\ufe3c": "】", "\ufe3d": "《", "\ufe3e": "》",
    "\ufe3f": "〈", "\ufe40": "〉", "\ufe41": "「", "\ufe42": "」", "\ufe43": "『",
    "\ufe44": "』", "\ufe47": "［", "\ufe48": "］",
}

_NAME_DOTS: Final = "\u30fb\uff65\u2027"
_SPACES_TO_ASCII: Final = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
_INVISIBLES: Final = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    compat_ranges = (range(0x2F00, 0x2FD6), range(0x2E80, 0x2EF4))
    for block in compat_ranges:
        for code in block:
            mapped = unicodedata.normalize("NFKC", chr(code))
            if mapped != chr(code) and len(mapped) == 1:
                table[code] = mapped
    for block in (range(0xF900, 0xFB00), range(0x2F800, 0x2FA20)):
        for code in block:
            mapped = unicodedata.normalize("NFC", chr(code))
            if mapped != chr(code):
                table[code] = mapped
    for source, target in (_RADICAL_SUPPLEMENT_CHARS | _VERTICAL_FORMS).items():
        table[ord(source)] = target
    for char in _NAME_DOTS:
        table[ord(char)] = "\u00b7"
    for char in _SPACES_TO_ASCII:
        table[ord(char)] = " "
    for char in _INVISIBLES:
        table[ord(char)] = None
    return table


CHAR_TABLE: dict[int, str | None] = _build_table()
"""The translation table `normalize_chars` applies (code point -> replacement or None)."""

# Most lines need no mapping at all: find that out with one regex scan before paying for
# the per-character `str.translate` (about 5x slower on CJK text).
_MAPPED: Final = re.compile(
    "["
    + "".join(re.escape(chr(code)) for code in sorted(CHAR_TABLE) if code < 0x10000)
    + "\U0002F800-\U0002FA1F]"
)


def normalize_chars(text: str) -> str:
    """Map look-alike code points to standard characters (see the module docstring).

    Length-preserving except that invisible characters (zero-width spaces and joiners,
    BOM, soft hyphen) are removed.
    """
    if text.isascii():
        return text
    if _MAPPED.search(text) is None:
        return text
    return text.translate(CHAR_TABLE)
