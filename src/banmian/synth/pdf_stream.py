# PyMuPDF ships without annotations on most methods; everything else here is strictly typed.
# mypy: disable-error-code="no-untyped-call"
"""Write a page's content stream by hand: what typesetting programs put in a page PDF.

PyMuPDF's own text insertion writes one show operator per line in call order; real
producers space glyphs out to justify, kern with TJ arrays, place glyphs one by one,
draw rare characters from a makeup font (a Type3 or CID font without a ToUnicode
map), write frames in their own order, rotate the page (`/Rotate`) and crop it. This
module builds such a page from text runs and graphics given in the displayed page's
frame (origin top-left, y down, points).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pymupdf

from banmian.synth.pdf import Affine

BODY_FONT = "F1"
HEAD_FONT = "F2"
ODD_FONT = "FZ"
# PyMuPDF's built-in CJK fonts (UniGB-UTF16-H encoded, every CJK glyph one em wide).
BUILTIN: dict[str, str] = {"china-s": "china-s", "china-ss": "china-ss"}


@dataclass
class TextRun:
    """One line (or part of one) to show: glyphs from `x` along the baseline."""

    text: str
    x: float
    baseline: float
    size: float
    font: str = BODY_FONT
    spacing: float = 0.0  # extra advance after each glyph but the last (Tc)
    bold: bool = False  # fake bold: fill and stroke, as setters embolden a regular face
    # glyph index -> the code drawn from the makeup font instead of the character
    odd: dict[int, int] = field(default_factory=dict)


@dataclass
class Frame:
    """A text frame: runs written together, top to bottom (a head, one column of a story ...)."""

    key: tuple[float, float]  # (x, y) of its top-left, for the column order
    story: int | None  # owning story, None for furniture
    kind: str  # head | body | caption | furniture
    runs: list[TextRun] = field(default_factory=list)


@dataclass
class Graphic:
    kind: str  # hline | vline | rect | fill | image
    box: tuple[float, float, float, float]
    width: float = 0.5
    grey: float = 0.0


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex()


def _advances(text: str) -> list[float]:
    # the built-in fonts are written without widths (every glyph one em) but for the
    # proportional ASCII range, which `write` gives half an em, as CJK fonts set Latin
    return [0.5 if ch < "\x7f" else 1.0 for ch in text]


class PageWriter:
    """Collects frames and graphics for one page, then writes the PDF."""

    def __init__(self, width: float, height: float, *, body_font: str, head_font: str,
                 text_runs: str, rotate: int, crop: tuple[float, float, float, float] | None,
                 odd_font: str) -> None:
        self.width = width
        self.height = height
        self.fonts = {BODY_FONT: body_font, HEAD_FONT: head_font}
        self.text_runs = text_runs
        self.rotate = rotate
        self.crop = crop  # margins (left, top, right, bottom) of the MediaBox around the CropBox
        self.odd_font = odd_font
        self.frames: list[Frame] = []
        self.graphics: list[Graphic] = []
        self.odd_codes = 0

    def advances(self, font: str, text: str) -> list[float]:
        return _advances(text)

    def odd_code(self) -> int:
        self.odd_codes += 1
        return self.odd_codes

    # -- the content stream ------------------------------------------------------------------
    def _y(self, y: float) -> float:
        return self.height - y

    def _graphics_ops(self) -> list[str]:
        ops: list[str] = []
        for g in self.graphics:
            x0, y0, x1, y1 = g.box
            if g.kind in ("hline", "vline"):
                ops.append(f"{g.width:.2f} w {g.grey:.2f} G {x0:.2f} {self._y(y0):.2f} m "
                           f"{x1:.2f} {self._y(y1):.2f} l S")
            elif g.kind == "rect":
                ops.append(f"{g.width:.2f} w {g.grey:.2f} G {x0:.2f} {self._y(y1):.2f} "
                           f"{x1 - x0:.2f} {y1 - y0:.2f} re S")
            elif g.kind == "fill":
                ops.append(f"{g.grey:.2f} g {x0:.2f} {self._y(y1):.2f} {x1 - x0:.2f} {y1 - y0:.2f} re f 0 g")
            elif g.kind == "image":
                ops.append(f"q {x1 - x0:.2f} 0 0 {y1 - y0:.2f} {x0:.2f} {self._y(y1):.2f} cm /Im1 Do Q")
        return ops

    def _run_ops(self, run: TextRun, current: list[str]) -> list[str]:
        """Operators for one run inside BT/ET; `current` holds [font, size, bold] in force."""
        ops: list[str] = []

        def font(name: str, size: float) -> None:
            if current[0] != name or current[1] != f"{size:.2f}":
                ops.append(f"/{name} {size:.2f} Tf")
                current[0], current[1] = name, f"{size:.2f}"

        if current[2] != str(run.bold):
            ops.append("2 Tr 0.25 w" if run.bold else "0 Tr")
            current[2] = str(run.bold)
        advances = self.advances(run.font, run.text)
        # split the run where makeup-font glyphs sit; each piece keeps its exact x
        pieces: list[tuple[int, int, bool]] = []
        start = 0
        for i in range(len(run.text)):
            if i in run.odd:
                if start < i:
                    pieces.append((start, i, False))
                pieces.append((i, i + 1, True))
                start = i + 1
        if start < len(run.text):
            pieces.append((start, len(run.text), False))
        x = run.x
        positions = []
        for adv in advances:
            positions.append(x)
            x += adv * run.size + run.spacing
        y = self._y(run.baseline)
        for a, b, odd in pieces:
            if odd:
                font(ODD_FONT, run.size)
                code = run.odd[a]
                # the makeup font's codes: Type3 1..n; CID codes in the private use area, as 造字 fonts have
                hexcode = f"{code:02x}" if self.odd_font == "type3" else f"{0xE000 + 3 * code:04x}"
                ops.append(f"0 Tc 1 0 0 1 {positions[a]:.2f} {y:.2f} Tm <{hexcode}> Tj")
                continue
            font(run.font, run.size)
            text = run.text[a:b]
            if self.text_runs == "chars":
                ops.append("0 Tc")
                for k, ch in enumerate(text):
                    ops.append(f"1 0 0 1 {positions[a + k]:.2f} {y:.2f} Tm <{_hex(ch)}> Tj")
            elif self.text_runs == "tj" and run.spacing:
                kern = -run.spacing * 1000 / run.size
                parts = " ".join(f"<{_hex(ch)}>" for ch in text)
                parts = f" {kern:.1f} ".join(parts.split(" "))
                ops.append(f"0 Tc 1 0 0 1 {positions[a]:.2f} {y:.2f} Tm [{parts}] TJ")
            else:
                ops.append(f"{run.spacing:.3f} Tc 1 0 0 1 {positions[a]:.2f} {y:.2f} Tm <{_hex(text)}> Tj")
        return ops

    def content(self, frames: list[Frame]) -> bytes:
        ops = self._graphics_ops()
        for frame in frames:
            current = ["", "", "False"]
            ops.append("BT")
            for run in frame.runs:
                ops.extend(self._run_ops(run, current))
            if current[2] == "True":
                ops.append("0 Tr")
            ops.append("ET")
        return ("\n".join(ops) + "\n").encode("ascii")

    # -- the page ----------------------------------------------------------------------------
    def _placement(self) -> tuple[Affine, tuple[float, float], tuple[float, float, float, float] | None]:
        """(cm from the portrait page into the MediaBox, MediaBox size, CropBox or None)."""
        left, top, right, bottom = self.crop or (0.0, 0.0, 0.0, 0.0)
        mw, mh = self.width + left + right, self.height + top + bottom
        ox, oy = left, bottom
        cm: Affine
        if self.rotate == 90:
            cm, size = (0.0, 1.0, -1.0, 0.0, mh - oy, ox), (mh, mw)
        elif self.rotate == 180:
            cm, size = (-1.0, 0.0, 0.0, -1.0, mw - ox, mh - oy), (mw, mh)
        elif self.rotate == 270:
            cm, size = (0.0, -1.0, 1.0, 0.0, oy, mw - ox), (mh, mw)
        else:
            cm, size = (1.0, 0.0, 0.0, 1.0, ox, oy), (mw, mh)
        if not self.crop:
            return cm, size, None
        a, b, c, d, e, f = cm
        xs = [a * x + c * y + e for x, y in ((0, 0), (self.width, self.height))]
        ys = [b * x + d * y + f for x, y in ((0, 0), (self.width, self.height))]
        return cm, size, (min(xs), min(ys), max(xs), max(ys))

    def write(self, frames: list[Frame]) -> tuple[bytes, list[Affine]]:
        """The one-page PDF, and the frames other than the displayed one that MuPDF may report."""
        cm, (mw, mh), cropbox = self._placement()
        doc = pymupdf.open()
        page = doc.new_page(width=mw, height=mh)
        font_refs = []
        for name, f in self.fonts.items():
            xref = page.insert_font(fontname=BUILTIN[f])
            kind, value = doc.xref_get_key(xref, "DescendantFonts")
            if kind == "array":  # Adobe-GB1 CIDs 1-95: proportional ASCII, half an em here
                descendant = int(value.strip("[]").split()[0])
                doc.xref_set_key(descendant, "W", "[1 95 500]")
            font_refs.append(f"/{name} {xref} 0 R")
        if self.odd_codes:
            font_refs.append(f"/{ODD_FONT} {self._odd_font_xref(doc)} 0 R")
        xobjects = ""
        if any(g.kind == "image" for g in self.graphics):
            xobjects = f"/XObject << /Im1 {_grey_image(doc)} 0 R >>"
        resources = doc.get_new_xref()
        doc.update_object(resources, f"<< /Font << {' '.join(font_refs)} >> {xobjects} >>")
        doc.xref_set_key(page.xref, "Resources", f"{resources} 0 R")
        body = b"q %.4f %.4f %.4f %.4f %.4f %.4f cm\n" % cm + self.content(frames) + b"Q\n"
        stream = doc.get_new_xref()
        doc.update_object(stream, "<<>>")
        doc.update_stream(stream, body)
        doc.xref_set_key(page.xref, "Contents", f"{stream} 0 R")
        if cropbox:
            doc.xref_set_key(page.xref, "CropBox", "[" + " ".join(f"{v:.4f}" for v in cropbox) + "]")
        if self.rotate:
            doc.xref_set_key(page.xref, "Rotate", str(self.rotate))
        data: bytes = doc.tobytes(garbage=1, deflate=True)
        doc.close()
        frames_out: list[Affine] = []
        if self.rotate:
            with pymupdf.open(stream=data, filetype="pdf") as check:
                m = check[0].derotation_matrix
                frames_out.append((m.a, m.b, m.c, m.d, m.e, m.f))
        return data, frames_out

    def _odd_font_xref(self, doc: pymupdf.Document) -> int:
        """A makeup font for rare glyphs, with no ToUnicode map: Type3 or a CID font."""
        if self.odd_font == "type3":
            procs = []
            for code in range(1, self.odd_codes + 1):
                x = doc.get_new_xref()
                doc.update_object(x, "<<>>")
                doc.update_stream(x, b"1000 0 0 -120 1000 880 d1 80 -80 840 880 re f")
                procs.append((code, x))
            widths = " ".join("1000" for _ in procs)
            font: int = doc.get_new_xref()
            doc.update_object(font, (
                "<< /Type /Font /Subtype /Type3 /FontBBox [0 -120 1000 880] /FontMatrix [0.001 0 0 0.001 0 0] "
                "/CharProcs << " + " ".join(f"/g{c} {x} 0 R" for c, x in procs) + " >> "
                "/Encoding << /Type /Encoding /Differences [1 " + " ".join(f"/g{c}" for c, _ in procs) + "] >> "
                f"/FirstChar 1 /LastChar {len(procs)} /Widths [{widths}] /Resources << >> >>"))
            return font
        desc = doc.get_new_xref()
        doc.update_object(desc, (
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /ZaoZi-GBK /CIDSystemInfo << /Registry (Adobe) "
            "/Ordering (Identity) /Supplement 0 >> /DW 1000 /FontDescriptor << /Type /FontDescriptor "
            "/FontName /ZaoZi-GBK /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 "
            "/Descent -120 /CapHeight 700 /StemV 80 >> >>"))
        font = doc.get_new_xref()
        doc.update_object(font, f"<< /Type /Font /Subtype /Type0 /BaseFont /ZaoZi-GBK /Encoding /Identity-H "
                                f"/DescendantFonts [{desc} 0 R] >>")
        return font


def _grey_image(doc: pymupdf.Document) -> int:
    """A small grey picture (an image XObject, as real pages embed their photos)."""
    w, h = 8, 6
    pixels = bytes((60 + 20 * ((x + y) % 7)) for y in range(h) for x in range(w))
    xref: int = doc.get_new_xref()
    doc.update_object(xref, f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} "
                            "/ColorSpace /DeviceGray /BitsPerComponent 8 >>")
    doc.update_stream(xref, pixels)
    return xref
