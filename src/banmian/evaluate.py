"""Scoring a parsed page against a hand-made gold page.

`score_page` gives exactly the numbers of the project's reference scorer
(shared/tools/score_page.py, run as `score_page.py RAW GOLD PRED`): same keys, same
rounding, same greedy article matching. Two cases where that script divides by zero
are defined here instead: a page with no non-blank line has `line_coverage` 1.0, and
a gold page with no article has `continued_acc` and `kind_acc` 1.0.

Gold and prediction are plain dicts in the `banmian/page@1` shape (the gold files
under examples/ hold the same fields): `articles[]` with `title`, `kind`,
`continued_from`, `byline`, `dateline`, `lines` ([[a, b], ...], 1-based, inclusive)
and `blocks[]` ({type, text, lines: [a, b]}), plus `furniture[]` ({type, text, lines}).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from banmian.errors import InputError

Metrics = dict[str, float | int]

# Block types whose text is the article body (compared character by character).
BODY_TYPES = frozenset({"paragraph", "caption"})
BYLINE_ROLES = ("reporters", "contributors", "photographers")

# In the order the reference scorer prints them.
METRIC_KEYS = (
    "articles_gold",
    "articles_pred",
    "line_coverage",
    "seg_ari",
    "title_acc",
    "body_cer",
    "body_cer_nows",
    "para_f1",
    "subhead_f1",
    "names_f1",
    "dateline_acc",
    "continued_acc",
    "kind_acc",
)
# Error rates: lower is better; every other rate: higher is better.
LOWER_IS_BETTER = frozenset({"body_cer", "body_cer_nows"})

_WHITESPACE = re.compile(r"\s+")


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insert, delete, substitute a character), Myers' bit-parallel algorithm.

    Python ints serve as bit vectors as long as the shorter string, so one pass over the
    longer string costs a handful of big-int operations per character.
    """
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    positions: dict[str, int] = {}
    for i, char in enumerate(b):
        positions[char] = positions.get(char, 0) | (1 << i)
    width = len(b)
    mask = (1 << width) - 1
    top_bit = 1 << (width - 1)
    vertical_plus, vertical_minus, distance = mask, 0, width
    for char in a:
        match = positions.get(char, 0)
        x_vertical = match | vertical_minus
        x_horizontal = (((match & vertical_plus) + vertical_plus) ^ vertical_plus) | match
        horizontal_plus = vertical_minus | (~(x_horizontal | vertical_plus) & mask)
        horizontal_minus = vertical_plus & x_horizontal
        if horizontal_plus & top_bit:
            distance += 1
        elif horizontal_minus & top_bit:
            distance -= 1
        # Row 0 of the DP table grows by one per character of `a`: shift a +1 in.
        horizontal_plus = ((horizontal_plus << 1) | 1) & mask
        horizontal_minus = (horizontal_minus << 1) & mask
        vertical_plus = horizontal_minus | (~(x_vertical | horizontal_plus) & mask)
        vertical_minus = horizontal_plus & x_vertical
    return distance


def _strip_spaces(text: str | None) -> str:
    return _WHITESPACE.sub("", text or "")


def _expand(spans: Iterable[Sequence[int]] | None) -> set[int]:
    numbers: set[int] = set()
    for first, last in spans or []:
        numbers.update(range(first, last + 1))
    return numbers


def _article_line_numbers(article: Mapping[str, Any]) -> set[int]:
    """Lines of the article: its `lines` spans plus the lines of each of its blocks."""
    numbers = _expand(article.get("lines"))
    for block in article.get("blocks") or []:
        if block.get("lines"):
            numbers |= _expand([block["lines"]])
    return numbers


def _line_owners(articles: Sequence[Mapping[str, Any]], furniture: Iterable[Mapping[str, Any]] | None
                 ) -> dict[int, Hashable]:
    """Line number -> index of the first article holding it, or "F" for furniture."""
    owners: dict[int, Hashable] = {}
    for index, article in enumerate(articles):
        for number in _article_line_numbers(article):
            owners.setdefault(number, index)
    for item in furniture or []:
        if item.get("lines"):
            for number in _expand([item["lines"]]):
                owners.setdefault(number, "F")
    return owners


def _pairs(count: int) -> float:
    # Float, as in the reference, so that the ARI below rounds identically.
    return count * (count - 1) / 2


def adjusted_rand_index(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]) -> float:
    """Agreement of two partitions of the same items, 1.0 when identical, ~0 when random."""
    n = len(labels_true)
    if n < 2:
        return 1.0
    both = Counter(zip(labels_true, labels_pred, strict=True))
    index = sum(_pairs(v) for v in both.values())
    sum_true = sum(_pairs(v) for v in Counter(labels_true).values())
    sum_pred = sum(_pairs(v) for v in Counter(labels_pred).values())
    expected = sum_true * sum_pred / _pairs(n)
    maximum = (sum_true + sum_pred) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def multiset_f1(gold: Counter[Any], pred: Counter[Any]) -> float:
    """F1 of two multisets; 1.0 when both are empty."""
    hits = sum((gold & pred).values())
    gold_total, pred_total = sum(gold.values()), sum(pred.values())
    if gold_total == 0 and pred_total == 0:
        return 1.0
    precision = hits / pred_total if pred_total else 0.0
    recall = hits / gold_total if gold_total else 0.0
    if not precision + recall:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _body_text(article: Mapping[str, Any]) -> str:
    return "\n".join(b["text"] for b in article.get("blocks") or [] if b.get("type") in BODY_TYPES)


def _subheads(article: Mapping[str, Any]) -> list[str]:
    """Subhead texts without spaces; consecutive subhead blocks count as one heading."""
    headings: list[str] = []
    current = ""
    for block in article.get("blocks") or []:
        if block.get("type") == "subhead":
            current += _strip_spaces(block["text"])
        else:
            if current:
                headings.append(current)
            current = ""
    if current:
        headings.append(current)
    return headings


def _names(article: Mapping[str, Any]) -> Counter[tuple[str, str]]:
    byline = article.get("byline") or {}
    names: Counter[tuple[str, str]] = Counter()
    for role in BYLINE_ROLES:
        for name in byline.get(role) or []:
            names[(role, _strip_spaces(name))] += 1
    return names


def _paragraph_starts(articles: Iterable[Mapping[str, Any]]) -> Counter[int]:
    starts: Counter[int] = Counter()
    for article in articles:
        for block in article.get("blocks") or []:
            if block.get("type") in BODY_TYPES and block.get("lines"):
                starts[block["lines"][0]] += 1
    return starts


def _match_articles(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]) -> list[int | None]:
    """For each gold article, the predicted article it is paired with (one-to-one).

    Greedy by shared lines, most first; ties go to the higher gold index, then the
    higher predicted index (the reference sorts (shared, gold, pred) tuples descending).
    """
    pred_lines = [_article_line_numbers(a) for a in pred]
    candidates = sorted(
        (
            (len(_article_line_numbers(g) & lines), gi, pi)
            for gi, g in enumerate(gold)
            for pi, lines in enumerate(pred_lines)
        ),
        reverse=True,
    )
    matches: list[int | None] = [None] * len(gold)
    taken: set[int] = set()
    for shared, gi, pi in candidates:
        if shared and matches[gi] is None and pi not in taken:
            matches[gi] = pi
            taken.add(pi)
    return matches


def _ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 1.0


def score_page(raw_text: str, gold: Mapping[str, Any], pred: Mapping[str, Any]) -> Metrics:
    """Metrics of a predicted page against its gold page, as the reference scorer gives them.

    `raw_text` is the page's raw text; its line ends may be LF, CRLF or CR (the reference
    reads the file in text mode, which turns each into one LF).
    """
    raw_lines = raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    content = [number for number, line in enumerate(raw_lines, start=1) if line.strip()]
    gold_articles: list[Mapping[str, Any]] = list(gold["articles"])
    pred_articles: list[Mapping[str, Any]] = list(pred.get("articles") or [])

    gold_owner = _line_owners(gold_articles, gold.get("furniture"))
    pred_owner = _line_owners(pred_articles, pred.get("furniture"))
    # A gold line outside every article is furniture; a predicted line nobody claims is
    # a cluster of its own, so losing lines costs segmentation score.
    labels_true = [gold_owner.get(n, "F") for n in content]
    labels_pred = [pred_owner.get(n, ("missing", n)) for n in content]
    covered = sum(1 for n in content if n in pred_owner)
    coverage = covered / len(content) if content else 1.0

    matches = _match_articles(gold_articles, pred_articles)
    paired = [(g, pred_articles[m] if m is not None else None) for g, m in zip(gold_articles, matches, strict=True)]

    titled = [(g, p) for g, p in paired if g.get("title")]
    titles_right = sum(
        1 for g, p in titled if p is not None and _strip_spaces(p.get("title")) == _strip_spaces(g["title"])
    )

    distance = length = distance_nows = length_nows = 0
    for g, p in paired:
        gold_body = _body_text(g)
        pred_body = _body_text(p) if p is not None else ""
        distance += levenshtein(gold_body, pred_body)
        length += len(gold_body)
        distance_nows += levenshtein(_strip_spaces(gold_body), _strip_spaces(pred_body))
        length_nows += len(_strip_spaces(gold_body))

    gold_subheads = Counter(s for a in gold_articles for s in _subheads(a))
    pred_subheads = Counter(s for a in pred_articles for s in _subheads(a))
    gold_names: Counter[tuple[str, str]] = Counter()
    for a in gold_articles:
        gold_names.update(_names(a))
    pred_names: Counter[tuple[str, str]] = Counter()
    for a in pred_articles:
        pred_names.update(_names(a))

    continued_right = sum(
        1 for g, p in paired if p is not None and p.get("continued_from") == g.get("continued_from")
    )
    dated = [(g, p) for g, p in paired if g.get("dateline")]
    datelines_right = 0
    for g, p in dated:
        pred_dateline = (p.get("dateline") or {}) if p is not None else {}
        if (
            p is not None
            and pred_dateline.get("place") == g["dateline"].get("place")
            and _strip_spaces(pred_dateline.get("date")) == _strip_spaces(g["dateline"].get("date"))
        ):
            datelines_right += 1
    kinds_right = sum(1 for g, p in paired if p is not None and p.get("kind") == g.get("kind"))

    return {
        "articles_gold": len(gold_articles),
        "articles_pred": len(pred_articles),
        "line_coverage": round(coverage, 4),
        "seg_ari": round(adjusted_rand_index(labels_true, labels_pred), 4),
        "title_acc": _ratio(titles_right, len(titled)),
        "body_cer": round(distance / max(length, 1), 5),
        "body_cer_nows": round(distance_nows / max(length_nows, 1), 5),
        "para_f1": round(multiset_f1(_paragraph_starts(gold_articles), _paragraph_starts(pred_articles)), 4),
        "subhead_f1": round(multiset_f1(gold_subheads, pred_subheads), 4),
        "names_f1": round(multiset_f1(gold_names, pred_names), 4),
        "dateline_acc": _ratio(datelines_right, len(dated)),
        "continued_acc": _ratio(continued_right, len(gold_articles)),
        "kind_acc": _ratio(kinds_right, len(gold_articles)),
    }


@dataclass
class PageScore:
    """The metrics of one evaluated page."""

    name: str
    raw_path: str
    gold_path: str
    metrics: Metrics

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "raw": self.raw_path, "gold": self.gold_path, "metrics": dict(self.metrics)}


@dataclass
class EvalReport:
    """Per-page metrics and their mean over pages."""

    pages: list[PageScore] = field(default_factory=list)
    mean: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"pages": [p.to_dict() for p in self.pages], "mean": dict(self.mean)}


def mean_metrics(rows: Sequence[Mapping[str, float | int]]) -> dict[str, float]:
    """Mean of each metric over pages (rounded to 5 places); empty for no pages."""
    if not rows:
        return {}
    return {key: round(sum(row[key] for row in rows) / len(rows), 5) for key in METRIC_KEYS}


def load_gold(path: Path) -> dict[str, Any]:
    """Read a gold page JSON file; InputError if it is not one."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable gold JSON file ({exc.__class__.__name__})") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("articles"), list):
        raise InputError(f"{path}: not a gold page (no 'articles' list)")
    return gold


def evaluate_text(raw_text: str, gold: Mapping[str, Any], *, conventions: str | None = None) -> Metrics:
    """Parse one page of raw text (with `conventions`, else detected) and score it."""
    from banmian.api import parse_text

    return score_page(raw_text, gold, parse_text(raw_text, conventions=conventions).to_dict())


def read_single_page(raw_path: Path, *, encoding: str | None = None) -> str:
    """The text of a raw dump that must hold exactly one page (gold files describe one)."""
    from banmian.inputs.text import decode_pages, read_input_bytes

    pages = decode_pages(read_input_bytes(raw_path), path=str(raw_path), encoding=encoding)
    if len(pages) != 1:
        raise InputError(f"{raw_path}: holds {len(pages)} form-feed pages; a gold file describes one page")
    return pages[0][1]


def evaluate_pairs(
    pairs: Iterable[tuple[Path, Path]], *, encoding: str | None = None, conventions: str | None = None
) -> EvalReport:
    """Parse each RAW page, score it against its GOLD, and average the metrics."""
    from banmian.ocr_parse import evaluate_ocr_file

    report = EvalReport()
    for raw_path, gold_path in pairs:
        gold = load_gold(gold_path)
        # an OCR file or scan: parsed with its geometry, scored in its entries' numbering
        ocr = evaluate_ocr_file(raw_path, gold)
        metrics = (
            ocr
            if ocr is not None
            else evaluate_text(read_single_page(raw_path, encoding=encoding), gold, conventions=conventions)
        )
        name = raw_path.stem if raw_path.suffix.lower() == ".txt" else raw_path.name
        report.pages.append(PageScore(name, str(raw_path), str(gold_path), metrics))
    report.mean = mean_metrics([p.metrics for p in report.pages])
    return report


def pairs_in_directory(directory: Path) -> list[tuple[Path, Path]]:
    """Every `X.txt` (and OCR file `X.json`) with an `X.gold.json` beside it, sorted by
    name; InputError if none."""
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory")
    raws = [p for p in directory.glob("*.txt")] + [
        p for p in directory.glob("*.json") if not p.name.endswith(".gold.json")]
    pairs = [
        (raw, raw.with_name(raw.stem + ".gold.json"))
        for raw in sorted(raws)
        if raw.with_name(raw.stem + ".gold.json").is_file()
    ]
    if not pairs:
        raise InputError(f"{directory}: no X.txt + X.gold.json pairs")
    return pairs


Box = tuple[float, float, float, float]


def side_by_side(a: Box, b: Box) -> bool:
    """Two boxes (x0, y0, x1, y1) on one row (vertical overlap over half the smaller
    height) and side by side (no horizontal overlap): ../shared/tools/row_jumps.py's test
    of a pair of consecutive lines."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1]) and (b[0] >= a[2] or a[0] >= b[2])


def side_by_side_pairs(boxes: Sequence[Box], blocks: Iterable[Sequence[int]] | None = None) -> tuple[int, int]:
    """(pairs side by side, pairs judged) among consecutive lines of a reading order.

    `boxes` are the lines' boxes in reading order. Without `blocks`, every consecutive
    pair of the whole order is judged (row_jumps.py's rate). With `blocks`, the spans
    `[first, last]` (1-based, inclusive, as in the page model) of the output's blocks,
    only consecutive lines inside one block are: a column read down in order never puts
    two of them side by side on one row, while lines of different blocks or items (the
    date, masthead and ear of a page head) may stand on one row with no order among them.
    """
    if blocks is None:
        spans: list[tuple[int, int]] = [(1, len(boxes))] if boxes else []
    else:
        spans = [(int(span[0]), int(span[1])) for span in blocks]
    jumps = pairs = 0
    for first, last in spans:
        for n in range(first, last):  # the pair (n, n + 1), 1-based
            pairs += 1
            jumps += side_by_side(boxes[n - 1], boxes[n])
    return jumps, pairs
