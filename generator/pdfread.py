"""Read a PDF back the way a reader and a printer see it: text, glyph boxes, type sizes, QR codes.

Everything here judges the PDF file itself, never the renderer's internals, so a test built on
it proves what is printed, not what was meant.
"""

from __future__ import annotations

import ctypes
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import zxingcpp
from fontTools.ttLib import TTFont

MM = 72 / 25.4  # points per millimetre
_INVISIBLE = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\ufeff"), None)


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float  # PDF points, in the page's user space (the trim box starts at 0, 0)
    bottom: float
    right: float
    top: float
    baseline: float  # y of the glyph's origin: glyphs on one visual line share it
    size_pt: float  # effective type size, after the text matrix
    # Where the pen was before and after the glyph (its advance, pdfium's "loose" box): the
    # glyphs of one run of text touch, whatever their ink; a gap between them is white space
    # that no character drew (a margin, a column's padding). Same as the ink box by default.
    pen_left: float | None = None
    pen_right: float | None = None

    @property
    def advance(self) -> tuple[float, float]:
        """(left, right) of the glyph's advance box: its ink box when no pen box is known."""
        return (
            self.left if self.pen_left is None else self.pen_left,
            self.right if self.pen_right is None else self.pen_right,
        )


@dataclass(frozen=True)
class QrFound:
    text: str
    version: int  # QR version: the symbol is 17 + 4 * version modules wide
    left: float  # points, user space
    bottom: float
    right: float
    top: float


# The file's structure (boxes, fonts, content streams) is read with pypdf, what is drawn with
# pdfium. Either takes a path, or a document already open on the file.
ReaderSource: TypeAlias = "Path | pypdf.PdfReader"


def _reader(src: ReaderSource) -> pypdf.PdfReader:
    """An open reader: pass one in to ask a file several questions without parsing it again."""
    return src if isinstance(src, pypdf.PdfReader) else pypdf.PdfReader(src)


def boxes(source: ReaderSource) -> list[dict[str, tuple[float, ...]]]:
    """MediaBox, TrimBox and BleedBox of each page, as read by pypdf."""
    out = []
    for page in _reader(source).pages:
        out.append(
            {
                name: tuple(float(v) for v in getattr(page, name))
                for name in ("mediabox", "trimbox", "bleedbox")
            }
        )
    return out


Source: TypeAlias = "Path | pdfium.PdfDocument"


def _doc(src: Source) -> pdfium.PdfDocument:
    """An open document: pass one in to read a file several times without reopening it."""
    return src if isinstance(src, pdfium.PdfDocument) else pdfium.PdfDocument(src)


def page_count(path: Source) -> int:
    return len(_doc(path))


def glyphs(path: Source, page_index: int, spaces: bool = False) -> list[Glyph]:
    """Every drawn character with its box; spaces only when asked (they have no ink)."""
    doc = _doc(path)
    page = doc[page_index]
    textpage = page.get_textpage()
    out = []
    for i in range(textpage.count_chars()):
        char = chr(pdfium_raw.FPDFText_GetUnicode(textpage, i))
        if char in "\r\n\ufffe\ufffd" or char.translate(_INVISIBLE) == "":
            continue
        if not char.strip() and not spaces:
            continue
        if pdfium_raw.FPDFText_IsGenerated(textpage, i):
            continue  # a space pdfium invented between words, not drawn
        left, bottom, right, top = textpage.get_charbox(i)
        pen_left, _, pen_right, _ = textpage.get_charbox(i, loose=True)
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_raw.FPDFText_GetCharOrigin(textpage, i, x, y)
        matrix = pdfium_raw.FS_MATRIX()
        pdfium_raw.FPDFText_GetMatrix(textpage, i, matrix)
        size = pdfium_raw.FPDFText_GetFontSize(textpage, i) * math.hypot(matrix.c, matrix.d)
        char = " " if not char.strip() else char
        out.append(Glyph(char, left, bottom, right, top, y.value, size, pen_left, pen_right))
    return out


def text(path: Source, page_index: int | None = None) -> str:
    """Extracted text with bidi marks removed and every run of whitespace made one space."""
    doc = _doc(path)
    pages = range(len(doc)) if page_index is None else [page_index]
    raw = " ".join(doc[i].get_textpage().get_text_range() for i in pages)
    return " ".join(raw.translate(_INVISIBLE).split())


def lines(path: Source, page_index: int) -> list[str]:
    """Text grouped into visual lines by baseline, each read left to right."""
    return lines_of(glyphs(path, page_index, spaces=True))


# Two glyphs on one baseline belong to one line of text when the white between their advance
# boxes is at most this share of the larger one's type size. Inside a run of text the glyphs
# touch (a space is a glyph with its own advance); a number's margin from its label is 1 mm
# (0.4 em at 7 pt); the narrowest gap between two table cells in the catalogue is 2.5 mm
# (1 em at 7 pt, 0.8 em at 9 pt).
LINE_GAP_EM = 0.5


def rows_of(page_glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Visual lines from a page's glyphs, each left to right: glyphs that share a baseline and
    follow each other without a gap. Text in two columns that share a baseline is two lines,
    so a digit in one cell never joins a number in the next."""
    bands: list[list[Glyph]] = []
    for g in sorted(page_glyphs, key=lambda g: (-g.baseline, g.left)):
        for band in bands:
            if abs(band[0].baseline - g.baseline) < 1.0:
                band.append(g)
                break
        else:
            bands.append([g])
    rows: list[list[Glyph]] = []
    for band in bands:
        row: list[Glyph] = []
        reach = -math.inf  # the rightmost advance so far: marks and overlaps do not go back
        for g in sorted(band, key=lambda g: g.left):
            left, right = g.advance
            if row and left - reach > LINE_GAP_EM * max(g.size_pt, row[-1].size_pt):
                rows.append(row)
                row, reach = [], -math.inf
            row.append(g)
            reach = max(reach, right)
        rows.append(row)
    return rows


def lines_of(page_glyphs: list[Glyph]) -> list[str]:
    """Visual lines from a page's glyphs (spaces included), each read left to right."""
    return [" ".join("".join(g.char for g in row).split()) for row in rows_of(page_glyphs)]


def on_one_line(path: Source, display: str) -> bool:
    """True when `display` (say "22 33 11 60") is printed, in reading order, on one visual line."""
    for index in range(page_count(path)):
        for line in lines(path, index):
            if display in line:
                return True
    return False


def render(path: Source, page_index: int, dpi: int = 300) -> tuple[Any, float, tuple[float, ...]]:
    """A PIL image of the page (its crop box, bleed included), the scale and the crop box."""
    doc = _doc(path)
    page = doc[page_index]
    scale = dpi / 72
    image = page.render(scale=scale).to_pil()
    return image, scale, tuple(page.get_cropbox())


def qr_codes(path: Source, page_index: int, dpi: int = 300) -> list[QrFound]:
    """Every QR code on a page, decoded from a rendering, placed in PDF points."""
    image, scale, crop = render(path, page_index, dpi)
    found = []
    for result in zxingcpp.read_barcodes(image):
        if result.format != zxingcpp.BarcodeFormat.QRCode:
            continue
        pos = result.position
        xs = [p.x for p in (pos.top_left, pos.top_right, pos.bottom_left, pos.bottom_right)]
        ys = [p.y for p in (pos.top_left, pos.top_right, pos.bottom_left, pos.bottom_right)]
        extra: Any = result.extra
        found.append(
            QrFound(
                text=result.text,
                version=int(extra.get("Version") or 1),
                left=crop[0] + min(xs) / scale,
                right=crop[0] + max(xs) / scale,
                top=crop[3] - min(ys) / scale,
                bottom=crop[3] - max(ys) / scale,
            )
        )
    return found


def notdef_glyphs(source: ReaderSource) -> int:
    """How many glyphs are drawn that the embedded font does not have (the empty box).

    WeasyPrint writes text with Type0 fonts, two-byte codes and an Identity CID-to-glyph map.
    A character no font covers gets glyph 0 or an id past the font's last glyph (WeasyPrint
    numbers missing glyphs from the font's glyph count up): either way, no outline exists.
    """
    count = 0
    reader = _reader(source)
    for page in reader.pages:
        glyph_counts: dict[str, int] = {}
        for name, ref in page.get("/Resources", {}).get("/Font", {}).items():
            font = ref.get_object()
            if font.get("/Subtype") != "/Type0":
                continue
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            if stream is None:
                continue  # not embedded: fonts_embedded names it; its glyphs are not known here
            tt = TTFont(io.BytesIO(stream.get_data()))
            glyph_counts[name] = tt["maxp"].numGlyphs
        content = pypdf.generic.ContentStream(page.get_contents(), reader)
        font_name = None
        for operands, operator in content.operations:
            if operator == b"Tf":
                font_name = operands[0]
            elif operator in (b"Tj", b"TJ") and font_name in glyph_counts:
                parts = operands[0] if operator == b"TJ" else [operands[0]]
                for part in parts:
                    data = getattr(
                        part, "original_bytes", part if isinstance(part, bytes) else None
                    )
                    if data is None:
                        continue  # a kerning number
                    for i in range(0, len(data) - 1, 2):
                        gid = int.from_bytes(data[i : i + 2], "big")
                        if gid == 0 or gid >= glyph_counts[font_name]:
                            count += 1
    return count


def _fonts(source: ReaderSource) -> Iterator[Any]:
    """Every font dictionary the pages of the PDF use."""
    for page in _reader(source).pages:
        for ref in page.get("/Resources", {}).get("/Font", {}).values():
            yield ref.get_object()


def font_names(source: ReaderSource) -> set[str]:
    """The faces a PDF uses, without subset prefixes ("Noto-Sans-Bold")."""
    return {str(font.get("/BaseFont")).split("+")[-1] for font in _fonts(source)}


def fonts_embedded(source: ReaderSource) -> list[str]:
    """Names of fonts that are used but not embedded (an empty list is what a printer wants)."""
    missing = []
    for font in _fonts(source):
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor else {}
        name = str(font.get("/BaseFont"))
        embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        if not embedded and name not in missing:  # once, however many pages use it
            missing.append(name)
    return missing
