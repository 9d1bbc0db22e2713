"""QR codes as inline vector SVG, drawn by the qrcode library.

Vector, so a print shop gets sharp modules at any size; inline, so nothing is fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import qrcode
import qrcode.constants
import qrcode.image.svg
from markupsafe import Markup

QUIET_ZONE = 4  # modules; the QR standard's minimum


@dataclass(frozen=True)
class QrCode:
    target: str
    svg: Markup
    modules: int  # symbol width in modules, without quiet zone
    symbol_mm: float  # printed width of the symbol, without quiet zone

    @property
    def total_mm(self) -> float:
        return self.symbol_mm * (self.modules + 2 * QUIET_ZONE) / self.modules

    @property
    def module_mm(self) -> float:
        return self.symbol_mm / self.modules


def make_qr(target: str, symbol_mm: float, label: str) -> QrCode:
    """Encode `target` (a tel: or https: URI) as an SVG whose symbol is `symbol_mm` wide."""
    qr = qrcode.QRCode(
        border=QUIET_ZONE,
        # M survives a scuffed card (15 % damage) and keeps short targets at version 2.
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    qr.add_data(target)
    qr.make(fit=True)
    svg = qr.make_image().to_string(encoding="unicode")
    modules = qr.modules_count
    total = symbol_mm * (modules + 2 * QUIET_ZONE) / modules
    # Size it in mm ourselves, and make the path id unique-free: two codes may share a page.
    svg = re.sub(
        r'width="[^"]*" height="[^"]*"',
        f'width="{total:.3f}mm" height="{total:.3f}mm"',
        svg,
        count=1,
    )
    svg = svg.replace(' id="qr-path"', "")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(label)}" ', 1)
    return QrCode(target=target, svg=Markup(svg), modules=modules, symbol_mm=symbol_mm)


def _attr(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
