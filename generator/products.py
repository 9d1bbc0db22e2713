"""The product registry: the physical spec of every product helpkit makes.

What a product *says* (sections, directory, QR targets) is content (content/products.yaml);
what it *is* (trim size, bleed, pages, minimum type size) is fixed here, because a print shop
and the verifier depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import UsageError

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class Trim:
    """A trimmed page with its bleed and safe zone, in millimetres."""

    width: float
    height: float
    bleed: float
    safe: float  # text and QR codes stay this far inside the trim

    @property
    def width_pt(self) -> float:
        return self.width / MM_PER_PT

    @property
    def height_pt(self) -> float:
        return self.height / MM_PER_PT


ID1 = Trim(width=85.6, height=54.0, bleed=3.0, safe=3.0)


@dataclass(frozen=True)
class Product:
    id: str
    title: str  # for `helpkit list products`
    audience: str
    template: str  # path under templates/
    sizes: dict[str, Trim]  # size name -> trim; a card has one size, named "" (none in file names)
    pages: int
    min_font_pt: float
    min_qr_mm: float  # smallest QR symbol (without quiet zone)
    default_languages: tuple[str, ...]

    def trim(self, size: str) -> Trim:
        return self.sizes[size]

    @property
    def default_sizes(self) -> tuple[str, ...]:
        return tuple(self.sizes)


PRODUCTS: dict[str, Product] = {
    "card-professional": Product(
        id="card-professional",
        title="Pocket card for health and social workers",
        audience="health and social workers: what to do, whom to call",
        template="card-professional/card.html.j2",
        sizes={"": ID1},
        pages=2,
        min_font_pt=7.0,
        min_qr_mm=20.0,  # the issue asks 18 mm; REFERENCE.md says 20 mm on a card: take the larger
        default_languages=("nb", "en"),
    ),
}

DEFAULT_CATALOGUE: tuple[str, ...] = ("card-professional",)


def get_product(product_id: str) -> Product:
    try:
        return PRODUCTS[product_id]
    except KeyError:
        known = ", ".join(sorted(PRODUCTS))
        raise UsageError(f"unknown product {product_id!r}; known products: {known}") from None
