"""A real scan against its ground truth: what `banmian parse` makes of a 1939 fold.

../shared/corpus/scans/jb_3795_1939-04-21_0001+0004.jpg is a microfilm scan of one fold
of 晶報 (Jing bao): page 1 on the right, page 4 on the left, vertical right-to-left body
text, horizontal headings (some set right to left), display ads. Its ground truth
(ECPO, CC BY 4.0): `*.textGT.xml`, the text of every item (article, advert, head,
margin) in reading order; `*.visualGT.json`, hand-drawn region polygons.

The scan goes through RapidOCR and the parser (`banmian.parse_ocr`), and is measured:

- recognition: characters of the OCR against the ground truth's, order left aside
  (multiset precision and recall of CJK characters);
- segmentation: each OCR line is linked to the ground-truth item it shares most
  character bigrams with (lines sharing none stay unlinked); ARI between the parser's
  articles and those items over the linked lines; and how many parsed blocks lie in
  one hand-drawn region;
- CER per item: the item's linked lines joined in the parser's reading order against
  the item's text (whitespace removed), and the same lines in vertical right-to-left
  order (columns right to left, each top to bottom: what whole-page vertical reading
  would give within an item);
- reading order: among consecutive linked lines, how often the next stays in the same
  item; Kendall's tau between the order items first appear in and the ground truth's.

No target: this is where vertical reading starts. Figures: docs/ocr.md.
Run: .venv/bin/python benchmarks/real_scan.py [--cache FILE] [--device cpu|cuda]
(the OCR result is cached as an ocr_results JSON: the OCR takes minutes on a CPU).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import pairwise
from pathlib import Path

from banmian.evaluate import adjusted_rand_index, levenshtein

ROOT = Path(__file__).resolve().parent.parent
SCANS = ROOT.parent / "shared" / "corpus" / "scans"
NAME = "jb_3795_1939-04-21_0001+0004"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def ground_truth_items(path: Path) -> list[tuple[str, str]]:
    """(type, text) of every item in reading order: the divs directly inside a page
    (and the margin divs outside them), text without whitespace."""
    # The file declares one entity (a private-use glyph); it is our own trusted copy,
    # read with the standard parser (banmian's OCR reader refuses entity declarations).
    root = ET.parse(path).getroot()
    items: list[tuple[str, str]] = []

    def text_of(node: ET.Element) -> str:
        return re.sub(r"\s+", "", "".join(node.itertext()))

    for child in root:
        if child.get("type") == "page":
            for div in child:
                if div.tag == "div" and text_of(div):
                    items.append((div.get("type") or "?", text_of(div)))
        elif child.tag == "div" and text_of(child):
            items.append((child.get("type") or "?", text_of(child)))
    return items


def regions(path: Path) -> list[tuple[str, list[tuple[float, float]]]]:
    """(category, polygon in image pixels) of every hand-drawn region."""
    out = []
    for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
        svg = item["target"][0]["selector"]["value"]
        shift = re.search(r"matrix\(1 0 0 1 ([-\d.]+) ([-\d.]+)\)", svg)
        tx, ty = (float(shift.group(1)), float(shift.group(2))) if shift else (0.0, 0.0)
        polygon = re.search(r'points="([^"]+)"', svg)
        circle = re.search(r'r="([\d.]+)"', svg)
        if polygon:
            points = [(float(x) + tx, float(y) + ty) for x, y in re.findall(r"([-\d.]+),([-\d.]+)", polygon.group(1))]
        elif circle:  # a round region (a stamp, a logo): its bounding square will do
            r = float(circle.group(1))
            points = [(tx - r, ty - r), (tx + r, ty - r), (tx + r, ty + r), (tx - r, ty + r)]
        else:
            continue
        out.append((item["body"][0]["value"]["name"], points))
    return out


def inside(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    x, y = point
    hit = False
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            hit = not hit
    return hit


def bigrams(text: str) -> Counter[str]:
    chars = "".join(_CJK.findall(text))
    return Counter(chars[i:i + 2] for i in range(len(chars) - 1))


def kendall_tau(order: list[int]) -> float:
    pairs = concordant = 0
    for i in range(len(order)):
        for j in range(i + 1, len(order)):
            pairs += 1
            concordant += order[i] < order[j]
    return (2 * concordant - pairs) / pairs if pairs else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/tmp") / f"banmian-{NAME}.ocr.json")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    image = SCANS / f"{NAME}.jpg"
    if not image.is_file():
        print(f"not here: {image} (the shared corpus)")
        return 1

    from banmian.geometry import read_layout
    from banmian.inputs.ocr import read_ocr
    from banmian.inputs.ocr.repairs import repair_page
    from banmian.model import Source
    from banmian.positioned import parse_page_lines

    if args.cache.is_file():
        raw = read_ocr(args.cache.read_bytes(), source=str(args.cache))[0]
        graphics = json.loads(args.cache.read_text(encoding="utf-8")).get("graphics") or {}
        raw.pictures = [tuple(b) for b in graphics.get("pictures", [])]  # type: ignore[misc]
        raw.rules = [tuple(r) for r in graphics.get("rules", [])]  # type: ignore[misc]
        raw.vertical_rules = [tuple(r) for r in graphics.get("vertical_rules", [])]  # type: ignore[misc]
        print(f"OCR lines from the cache {args.cache}")
    else:
        from banmian.inputs.scan import read_image_pages

        started = time.perf_counter()
        raw = read_image_pages(image.read_bytes(), source=str(image), device=args.device)[0]
        print(f"OCR of {image.name} ({raw.width:.0f}x{raw.height:.0f} px) on {args.device}: "
              f"{time.perf_counter() - started:.0f} s")
        entries = [{"text": ln.text, "box": [list(p) for p in (ln.polygon or ())], "score": ln.confidence}
                   for ln in raw.lines]
        graphics = {"pictures": raw.pictures, "rules": raw.rules, "vertical_rules": raw.vertical_rules}
        args.cache.write_text(json.dumps({"ocr_results": entries, "dimensions": {"width": raw.width,
                              "height": raw.height}, "graphics": graphics}, ensure_ascii=False), encoding="utf-8")
    page_lines = repair_page(raw, padded_short_boxes=True)
    layout = read_layout(page_lines)
    (page,) = parse_page_lines([page_lines], Source(path=str(image)))
    lines = layout.lines
    items = ground_truth_items(SCANS / f"{NAME}.textGT.xml")
    gt_text = "".join(text for _, text in items)

    vertical = [ln for ln in lines if ln.vertical]
    chars = sum(len(ln.text) for ln in lines)
    print(f"\nOCR: {len(lines)} lines, {len(vertical)} vertical ({sum(len(v.text) for v in vertical) / max(1, chars):.0%} "
          f"of {chars} characters); mean confidence "
          f"{sum(ln.confidence or 0 for ln in lines) / max(1, len(lines)):.3f}")
    ocr_chars = Counter(_CJK.findall("".join(ln.text for ln in lines)))
    gt_chars = Counter(_CJK.findall(gt_text))
    common = sum((ocr_chars & gt_chars).values())
    print(f"recognition (CJK characters, order left aside): precision {common / max(1, sum(ocr_chars.values())):.3f}, "
          f"recall {common / max(1, sum(gt_chars.values())):.3f} ({sum(gt_chars.values())} in the ground truth)")

    # link each line to the item it shares most bigrams with (a heading set right to
    # left reads reversed: its reverse counts too)
    item_grams = [bigrams(text) for _, text in items]
    link: list[int | None] = []
    for ln in lines:
        best, best_score = None, 0
        for index, grams in enumerate(item_grams):
            score = max(sum((bigrams(ln.text) & grams).values()), sum((bigrams(ln.text[::-1]) & grams).values()))
            if score > best_score:
                best, best_score = index, score
        link.append(best)
    linked = [i for i, item in enumerate(link) if item is not None]
    print(f"\n{len(items)} ground-truth items ({', '.join(f'{n} {t}' for t, n in Counter(t for t, _ in items).items())}); "
          f"{len(linked)} of {len(lines)} lines linked to one")

    owner: dict[int, str] = {}
    for article in page.articles:
        for n in article.line_numbers():
            owner[n] = article.id
    for item in page.furniture:
        for n in range(item.lines[0], item.lines[1] + 1):
            owner[n] = "furniture"
    ari = adjusted_rand_index([link[i] for i in linked], [owner.get(i + 1, f"none{i}") for i in linked])
    print(f"segmentation: {len(page.articles)} articles parsed for {sum(t in ('article', 'advert') for t, _ in items)} "
          f"articles and adverts; ARI against the items over the linked lines {ari:.3f}")

    polygons = regions(SCANS / f"{NAME}.visualGT.json")

    def region_of(n: int) -> int | None:
        box = lines[n - 1].bbox
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        return next((k for k, (_, poly) in enumerate(polygons) if inside(centre, poly)), None)

    blocks = [b for a in page.articles for b in a.blocks]
    pure = sum(1 for b in blocks if len({region_of(n) for n in range(b.lines[0], b.lines[1] + 1)}) == 1)
    hit = {region_of(n) for n in range(1, len(lines) + 1)} - {None}
    print(f"regions: {len(polygons)} drawn ({', '.join(f'{n} {c}' for c, n in Counter(c for c, _ in polygons).items())}); "
          f"{len(hit)} hold a line; {pure} of {len(blocks)} parsed blocks lie in one region")

    distance = distance_vrl = length = 0
    for index, (_, text) in enumerate(items):
        mine = [i for i in linked if link[i] == index]
        if not mine:
            distance += len(text)
            distance_vrl += len(text)
            length += len(text)
            continue
        ours = "".join(lines[i].text for i in mine)
        vrl = "".join(lines[i].text for i in sorted(mine, key=lambda i: (-lines[i].x1 if lines[i].vertical else 0,
                                                                           lines[i].y0)))
        strip = re.compile(r"\s+")
        distance += levenshtein(strip.sub("", ours), text)
        distance_vrl += levenshtein(strip.sub("", vrl), text)
        length += len(text)
    print(f"CER over the items: {distance / max(1, length):.3f} in the parser's reading order, "
          f"{distance_vrl / max(1, length):.3f} with each item's lines in vertical right-to-left order")

    sequence = [link[i] for i in linked]
    same = sum(1 for a, b in pairwise(sequence) if a == b)
    first_seen: list[int] = []
    for item in sequence:
        if item is not None and item not in first_seen:
            first_seen.append(item)
    print(f"reading order: {same / max(1, len(sequence) - 1):.3f} of consecutive linked lines stay in their item; "
          f"Kendall tau of item order {kendall_tau(first_seen):.3f} ({len(first_seen)} items seen)")
    warnings = [w for w in page.warnings if "columns suspected" in w]
    print(f"warnings: {len(page.warnings)} ({len(warnings)} about column mixing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
