"""QR codes as inline vector SVG, from the module matrix the qrcode library computes.

Vector, so a print shop gets sharp modules at any size; inline, so nothing is fetched. The path
strokes each horizontal run of dark modules as one line, one module wide, with butt ends: the
same rectangles as filled runs, in two path commands each ("m dx dy h w") instead of five.
WeasyPrint parses path data in Python on every page it draws, and a QR code was the most
expensive thing on a card (about 10 ms as filled runs, 6 ms stroked).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import qrcode
import qrcode.constants
from markupsafe import Markup, escape

QUIET_ZONE = 4  # modules; the QR standard's minimum


@dataclass(frozen=True)
class QrCode:
    target: str
    svg: Markup
    modules: int  # symbol width in modules, without quiet zone
    symbol_mm: float  # printed width of the symbol, without quiet zone

    @property
    def total_mm(self) -> float:
        """Printed width with the quiet zone: the room the code takes on the page."""
        return self.symbol_mm * (self.modules + 2 * QUIET_ZONE) / self.modules


@functools.lru_cache(maxsize=64)
def _matrix(target: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of `target`'s symbol, quiet zone included.

    Cached: choosing the best of the eight masks was most of the time it took to prepare a
    card's HTML, and a build prints the same few targets on every document.
    """
    qr = qrcode.QRCode(
        border=QUIET_ZONE,
        # M survives a scuffed card (15 % damage) and keeps short targets at version 2.
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    qr.add_data(target)
    qr.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in qr.get_matrix())


def make_qr(target: str, symbol_mm: float, label: str) -> QrCode:
    """Encode `target` (a tel: or https: URI) as an SVG whose symbol is `symbol_mm` wide."""
    matrix = _matrix(target)
    size = len(matrix)
    path = []
    pen_x, pen_y = 0, 0  # the path starts at the origin: "M0 0.5"
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                path.append(f"m{start - pen_x} {y - pen_y}h{x - start}")
                pen_x, pen_y = x, y
            else:
                x += 1
    modules = size - 2 * QUIET_ZONE
    total = symbol_mm * size / modules  # = QrCode.total_mm
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(label)}" '
        f'width="{total:.3f}mm" height="{total:.3f}mm" viewBox="0 0 {size} {size}">'
        # The title is the code's alternative text in a tagged PDF (the handout, the course).
        f"<title>{escape(label)}</title>"
        f'<path fill="none" stroke="#000000" stroke-width="1" d="M0 0.5{"".join(path)}"/></svg>'
    )
    return QrCode(target=target, svg=Markup(svg), modules=modules, symbol_mm=symbol_mm)
