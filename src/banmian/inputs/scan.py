# PyMuPDF ships without annotations on most methods; everything else here is strictly typed.
# mypy: disable-error-code="no-untyped-call"
"""Page images (and PDF pages without a text layer) through RapidOCR -> PageLines.

RapidOCR (`pip install 'banmian[ocr]'`: the `rapidocr` package, whose wheel carries its
PP-OCR detection, orientation and recognition models, and `onnxruntime`) reads each
text line of the image with its 4-point box and confidence, in its own order (top to
bottom, then left to right). The engine is loaded once per process and device and
kept: loading its models costs about as much as reading a page.

Images are decoded with Pillow (a dependency of rapidocr) so that a damaged file is
one clear error; a multi-page TIFF gives one page per frame. Besides the text lines, a
page's rules and pictures are found in the image (`page_graphics`): the geometry
reader takes a rule under the page head as the end of the furniture, and small type
beside a picture as its caption. Tall narrow boxes become
vertical lines (`banmian.inputs.ocr.boxes`); tilt and gutter merges are repaired like
those of any OCR file (`banmian.inputs.ocr.repairs`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from banmian.errors import InputError
from banmian.inputs.lines import PageLines, PositionedLine
from banmian.inputs.ocr.boxes import make_line
from banmian.inputs.ocr.jsonfmt import page_from_lines

EXTRA_HINT = "pip install 'banmian[ocr]'"
DEVICES = ("cpu", "cuda")
# Where image pages come from: the formats scans are kept in.
IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))
# PDF pages without a text layer are rendered at this resolution for OCR.
PDF_OCR_DPI = 200

# RapidOCR shrinks an image whose longer side passes its limit (2000 pixels by default)
# before reading it; newspaper type is small, so the limit is raised: a 300-dpi A3 page
# is read at about 80%, a 150-dpi one whole.
MAX_SIDE = 4096

_ENGINES: dict[str, Any] = {}


def image_format(data: bytes) -> str | None:
    """"PNG", "JPEG" or "TIFF" when the bytes start like one, else None."""
    return next((name for magic, name in IMAGE_MAGIC if data.startswith(magic)), None)


class OcrUnavailable(InputError):
    """The OCR extra is not installed, or the device asked for is not there."""


def ocr_engine(device: str = "cpu") -> Any:
    """The RapidOCR engine for `device`, loaded on first use and kept for the process."""
    if device not in DEVICES:
        raise InputError(f"--device {device}: expected one of {', '.join(DEVICES)}")
    if device in _ENGINES:
        return _ENGINES[device]
    try:
        import onnxruntime
        from rapidocr import RapidOCR
    except ImportError:
        raise OcrUnavailable(f"reading scans (page images) needs the OCR extra: {EXTRA_HINT}") from None
    params: dict[str, Any] = {"Global.log_level": "error", "Global.max_side_len": MAX_SIDE}
    if device == "cuda":
        if "CUDAExecutionProvider" not in onnxruntime.get_available_providers():
            raise OcrUnavailable("--device cuda: onnxruntime has no CUDA provider here "
                                 "(install onnxruntime-gpu on a machine with an NVIDIA GPU and CUDA)")
        params.update({"EngineConfig.onnxruntime.use_cuda": True})
    _ENGINES[device] = RapidOCR(params=params)
    return _ENGINES[device]


def _frames(data: bytes, source: str) -> Iterator[Any]:
    """The image's pages as RGB Pillow images (a TIFF may hold several)."""
    try:
        from PIL import Image, ImageOps, UnidentifiedImageError
    except ImportError:
        raise OcrUnavailable(f"reading scans (page images) needs the OCR extra: {EXTRA_HINT}") from None
    try:
        image = Image.open(io.BytesIO(data))
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            image.load()
            frame = ImageOps.exif_transpose(image) if index == 0 else image
            yield (frame or image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
        raise InputError(f"{source}: corrupt or unreadable image ({_first_line(exc)})") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


def ocr_lines(image: Any, *, page: int, device: str = "cpu", scale: float = 1.0) -> list[PositionedLine]:
    """The text lines RapidOCR reads in one RGB image, numbered in the engine's order;
    coordinates are multiplied by `scale` (pixels to the page's unit)."""
    result = ocr_engine(device)(image)
    boxes = getattr(result, "boxes", None)
    texts = getattr(result, "txts", None) or ()
    scores = getattr(result, "scores", None) or ()
    if boxes is None or not texts:
        return []
    lines: list[PositionedLine] = []
    for index, (box, text) in enumerate(zip(boxes, texts, strict=False)):
        text = " ".join(str(text).split())
        if not text:
            continue
        points = [(float(x) * scale, float(y) * scale) for x, y in box]
        score = float(scores[index]) if index < len(scores) else None
        lines.append(make_line(text, points, page=page, order=index, confidence=score))
    return lines


def read_image_pages(data: bytes, *, source: str, pages: list[int] | None = None,
                     device: str = "cpu") -> list[PageLines]:
    """One page of OCR lines per image frame (the chosen ones); pixels, y downwards."""
    ocr_engine(device)  # the missing extra or device is the first thing to say
    out: list[PageLines] = []
    wanted = set(pages) if pages else None
    count = 0
    for number, frame in enumerate(_frames(data, source), start=1):
        count = number
        if wanted is not None and number not in wanted:
            continue
        lines = ocr_lines(frame, page=number, device=device)
        result = page_from_lines(lines, number=number, width=frame.width, height=frame.height)
        result.pictures, result.rules, result.vertical_rules = page_graphics(frame, [ln.bbox for ln in lines])
        if not lines:
            result.warnings.append(f"page {number}: no text found in the image")
        out.append(result)
    if wanted is not None:
        missing = sorted(wanted - {p.number for p in out})
        if missing:
            raise InputError(f"{source}: no page {missing[0]} (the image has {count})")
        out.sort(key=lambda p: pages.index(p.number) if pages else 0)
    return out


def read_scanned_pdf(data: bytes, *, source: str, pages: list[int] | None = None,
                     device: str = "cpu") -> list[PageLines]:
    """The chosen pages of a PDF without a text layer, rendered and read by OCR; boxes in
    PDF points, like those of a PDF with text."""
    import pymupdf

    from banmian.inputs.pdf import chosen_pages, open_pdf

    ocr_engine(device)
    doc = open_pdf(data, source=source)
    try:
        from PIL import Image

        out: list[PageLines] = []
        for n in chosen_pages(doc, pages, source):
            page = doc[n - 1]
            pix = page.get_pixmap(dpi=PDF_OCR_DPI, colorspace=pymupdf.csRGB, alpha=False)
            image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
            scale = 72 / PDF_OCR_DPI
            lines = ocr_lines(image, page=n, device=device, scale=scale)
            result = PageLines(number=n, width=page.rect.width, height=page.rect.height, lines=lines, unit="pt")
            pictures, rules, columns = page_graphics(image, [(x0 / scale, y0 / scale, x1 / scale, y1 / scale)
                                                            for x0, y0, x1, y1 in (ln.bbox for ln in lines)])
            result.pictures = [(a * scale, b * scale, c * scale, d * scale) for a, b, c, d in pictures]
            result.rules = [(y * scale, a * scale, b * scale) for y, a, b in rules]
            result.vertical_rules = [(x * scale, a * scale, b * scale) for x, a, b in columns]
            result.warnings.append(f"page {n}: no text layer; read by OCR")
            if not lines:
                result.warnings.append(f"page {n}: no text found in the page image")
            out.append(result)
    finally:
        doc.close()
    return out


# --- what a scan draws besides text: rules and pictures ------------------------------

# The image is looked at no finer than this (pixels on its longer side): rules and
# pictures are big things, and the page is large.
_GRAPHICS_SIDE = 2600
# A pixel is ink below this grey level; paper above the second (photos and tint boxes
# are grey, not black).
_INK_LEVEL = 160
_PAPER_LEVEL = 225
# A rule: a run of ink at least this share of the page's width (height for a vertical
# one), at most this share of its height thick.
_RULE_SHARE = 0.12
_RULE_THICKNESS = 0.006
# A picture: a region of non-paper pixels outside the text boxes at least this share of
# the page's width and of its height, whose cells are mostly non-paper.
_PICTURE_SHARE = 0.06
_PICTURE_FILL = 0.5
_CELL = 8  # picture search grid, in looked-at pixels


def _runs(row: Any, min_len: int) -> list[tuple[int, int]]:
    """(start, end) of the runs of True in a 1-D boolean array at least `min_len` long."""
    import numpy as np

    padded = np.concatenate(([0], row.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    starts, ends = edges[0::2], edges[1::2]
    keep = ends - starts >= min_len
    return list(zip(starts[keep].tolist(), ends[keep].tolist(), strict=True))


def _rules(ink: Any, along: int, thickness: int) -> list[tuple[float, float, float]]:
    """Rules in a boolean ink image as (position across, start, end), found row by row
    (`ink` given with the rule direction along its second axis)."""
    found: list[tuple[int, int, int]] = []  # (row, start, end)
    for index in range(ink.shape[0]):
        found.extend((index, a, b) for a, b in _runs(ink[index], along))
    rules: list[list[tuple[int, int, int]]] = []
    for run in found:  # rows of one rule touch and overlap
        for rule in rules:
            row, a, b = rule[-1]
            if run[0] - row <= 1 and min(b, run[2]) - max(a, run[1]) > 0.5 * (run[2] - run[1]):
                rule.append(run)
                break
        else:
            rules.append([run])
    out: list[tuple[float, float, float]] = []
    for rule in rules:
        if len(rule) <= thickness:
            rows = [r for r, _, _ in rule]
            out.append(((min(rows) + max(rows) + 1) / 2, min(a for _, a, _ in rule), max(b for _, _, b in rule)))
    return out


def page_graphics(image: Any, text_boxes: list[tuple[float, float, float, float]]
                  ) -> tuple[list[tuple[float, float, float, float]], list[tuple[float, float, float]],
                             list[tuple[float, float, float]]]:
    """(picture boxes, horizontal rules (y, x0, x1), vertical rules (x, y0, y1)) of a page
    image (Pillow, RGB or grey), in its pixels; text boxes are left out of the search."""
    import numpy as np

    scale = min(1.0, _GRAPHICS_SIDE / max(image.width, image.height))
    grey = image.convert("L")
    if scale < 1.0:
        grey = grey.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    pixels = np.asarray(grey)
    height, width = pixels.shape
    text = np.zeros((height, width), dtype=bool)
    for x0, y0, x1, y1 in text_boxes:
        text[max(0, int(y0 * scale) - 1):int(y1 * scale) + 2, max(0, int(x0 * scale) - 1):int(x1 * scale) + 2] = True
    ink = (pixels < _INK_LEVEL) & ~text
    thick_h = max(2, round(_RULE_THICKNESS * height))
    thick_v = max(2, round(_RULE_THICKNESS * width))
    rules = _rules(ink, max(4, round(_RULE_SHARE * width)), thick_h)
    columns = _rules(ink.T, max(4, round(_RULE_SHARE * height)), thick_v)
    # pictures: cells mostly non-paper, grouped where they touch
    shaded = (pixels < _PAPER_LEVEL) & ~text
    rows_n, cols_n = height // _CELL, width // _CELL
    if not rows_n or not cols_n:
        return [], [], []
    cells = shaded[:rows_n * _CELL, :cols_n * _CELL].reshape(rows_n, _CELL, cols_n, _CELL).mean(axis=(1, 3)) > 0.5
    seen = np.zeros_like(cells)
    pictures: list[tuple[float, float, float, float]] = []
    for r0, c0 in zip(*np.nonzero(cells), strict=True):
        if seen[r0, c0]:
            continue
        stack, members = [(int(r0), int(c0))], []
        seen[r0, c0] = True
        while stack:
            r, c = stack.pop()
            members.append((r, c))
            for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if 0 <= nr < rows_n and 0 <= nc < cols_n and cells[nr, nc] and not seen[nr, nc]:
                    seen[nr, nc] = True
                    stack.append((nr, nc))
        rs = [r for r, _ in members]
        cs = [c for _, c in members]
        h, w = max(rs) - min(rs) + 1, max(cs) - min(cs) + 1
        if w * _CELL >= _PICTURE_SHARE * width and h * _CELL >= _PICTURE_SHARE * height and len(members) >= _PICTURE_FILL * w * h:
            pictures.append((min(cs) * _CELL / scale, min(rs) * _CELL / scale,
                             (max(cs) + 1) * _CELL / scale, (max(rs) + 1) * _CELL / scale))
    return (pictures, [(y / scale, a / scale, b / scale) for y, a, b in rules],
            [(x / scale, a / scale, b / scale) for x, a, b in columns])
