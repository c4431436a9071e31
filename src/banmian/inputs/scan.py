# PyMuPDF ships without annotations on most methods; everything else here is strictly typed.
# mypy: disable-error-code="no-untyped-call"
"""Page images (and PDF pages without a text layer) through RapidOCR -> PageLines.

RapidOCR (`pip install 'banmian[ocr]'`: the `rapidocr` package, whose wheel carries its
PP-OCR detection, orientation and recognition models, and `onnxruntime`) reads each
text line of the image with its 4-point box and confidence, in its own order (top to
bottom, then left to right). The engine is loaded once per process and device and
kept: loading its models costs about as much as reading a page.

Images are decoded with Pillow (a dependency of rapidocr) so that a damaged file is
one clear error; a multi-page TIFF gives one page per frame. Tall narrow boxes become
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
        raise OcrUnavailable(f"reading scans needs the OCR extra: {EXTRA_HINT}") from None
    params: dict[str, Any] = {"Global.log_level": "error"}
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
        raise OcrUnavailable(f"reading scans needs the OCR extra: {EXTRA_HINT}") from None
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

    from banmian.inputs.pdf import open_pdf

    ocr_engine(device)
    doc = open_pdf(data, source=source)
    try:
        numbers = pages or list(range(1, doc.page_count + 1))
        bad = [n for n in numbers if not 1 <= n <= doc.page_count]
        if bad:
            raise InputError(f"{source}: no page {bad[0]} (the PDF has {doc.page_count})")
        from PIL import Image

        out: list[PageLines] = []
        for n in numbers:
            page = doc[n - 1]
            pix = page.get_pixmap(dpi=PDF_OCR_DPI, colorspace=pymupdf.csRGB, alpha=False)
            image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
            lines = ocr_lines(image, page=n, device=device, scale=72 / PDF_OCR_DPI)
            result = PageLines(number=n, width=page.rect.width, height=page.rect.height, lines=lines, unit="pt")
            result.warnings.append(f"page {n}: no text layer; read by OCR")
            if not lines:
                result.warnings.append(f"page {n}: no text found in the page image")
            out.append(result)
    finally:
        doc.close()
    return out
