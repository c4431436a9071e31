"""How a page's text is written: simplified or traditional characters, modern or old punctuation.

Traditional text comes from a conversion table shipped in `data/traditional.json`: one
character for one character, and a few words whose characters convert differently
together (`头发` -> `頭髮`, not `頭發`). Both keep the length of the text, so a line
broken before conversion breaks the same way after it.
"""

from __future__ import annotations

import json
import random
from functools import lru_cache
from importlib import resources

# Hong Kong and Taiwan set corner brackets where the mainland sets curly quotes.
_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
# Old-style text ends clauses, and most sentences, with the enumeration comma.
_CLAUSE_MARKS = frozenset("，；：。")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str], int]:
    data = json.loads((resources.files("banmian.synth") / "data" / "traditional.json").read_text("utf-8"))
    chars: dict[str, str] = data["chars"]
    words: dict[str, str] = data["words"]
    longest = max((len(w) for w in words), default=1)
    return chars, words, longest


def to_traditional(text: str) -> str:
    """Simplified -> traditional characters (longest listed word first), quotes -> 「」『』."""
    chars, words, longest = _table()
    out: list[str] = []
    index = 0
    while index < len(text):
        for size in range(min(longest, len(text) - index), 1, -1):
            word = words.get(text[index : index + size])
            if word is not None:
                out.append(word)
                index += size
                break
        else:
            out.append(chars.get(text[index], text[index]))
            index += 1
    return "".join(out).translate(_QUOTES)


# Surnames whose character converts otherwise in running text (于 -> 於 "at", 余 -> 餘 "rest").
_SURNAMES_KEPT = frozenset("于余范")


def name_to_traditional(name: str) -> str:
    """A person's name: the surname keeps its own form, the given name converts as text."""
    if name[:1] in _SURNAMES_KEPT:
        return name[0] + to_traditional(name[1:])
    return to_traditional(name)


def old_punctuation(text: str, rng: random.Random) -> str:
    """Clause marks and sentence ends become `、`; a `。` survives only at the text's end, sometimes.

    Question and exclamation marks, quotes and brackets stay, as in old papers.
    """
    out = [("、" if ch in _CLAUSE_MARKS else ch) for ch in text]
    if text.endswith("。") and rng.random() < 0.3:
        out[-1] = "。"
    return "".join(out)


def strip_punctuation(text: str) -> str:
    """An ad line set without any punctuation (old display ads)."""
    return "".join(ch for ch in text if ch not in "，。、；：？！“”「」")
