"""The product registry: the physical spec of every product helpkit makes.

What a product *says* (sections, directory, QR targets) is content (content/products.yaml);
what it *is* (trim size, bleed, pages, minimum type size) is fixed here, because a print shop
and the verifier depend on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.errors import UsageError

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class Trim:
    """A trimmed page with its bleed and safe zone, in millimetres.

    `scale` is how much larger than the product's base design this size is: posters are
    designed once for A4 and every length and type size is multiplied for A3 (sqrt 2) and A2 (2).
    """

    width: float
    height: float
    bleed: float
    safe: float  # text and QR codes stay this far inside the trim
    scale: float = 1.0


ID1 = Trim(width=85.6, height=54.0, bleed=3.0, safe=3.0)
A4 = Trim(width=210.0, height=297.0, bleed=3.0, safe=3.0)
A3 = Trim(width=297.0, height=420.0, bleed=3.0, safe=3.0, scale=math.sqrt(2))
A2 = Trim(width=420.0, height=594.0, bleed=3.0, safe=3.0, scale=2.0)
# A handout is printed on an office printer: no bleed, no trim.
A4_OFFICE = Trim(width=210.0, height=297.0, bleed=0.0, safe=3.0)

ALL_LANGUAGES = (
    "nb",
    "nn",
    "en",
    "pl",
    "ro",
    "bg",
    "lt",
    "uk",
    "ru",
    "es",
    "fr",
    "so",
    "ti",
    "ar",
    "fa",
    "ur",
    "vi",
    "zh",
    "th",
    "tl",
)


@dataclass(frozen=True)
class Product:
    id: str
    title: str  # for `helpkit list products`
    audience: str
    template: str  # path under templates/
    sizes: dict[str, Trim]  # size name -> trim; a card has one size, named "" (not in file names)
    default_sizes: tuple[str, ...]
    pages: tuple[int, int]  # fewest and most pages; a card has exactly two
    min_font_pt: float  # at scale 1; larger sizes scale it
    min_qr_mm: float  # smallest QR symbol (without quiet zone) at scale 1
    default_languages: tuple[str, ...]
    # Which kinds of content text the product prints, so a language can be complete for a card
    # without the handout's long texts: step (question, action), summary, title, full,
    # label (short name), plain (plain-language label), details (name, audience, offers).
    uses: frozenset[str] = frozenset({"step", "label"})
    # Which groups of ui.yaml it prints ("help" covers help.q1, help.title...). A template that
    # reads a key outside them gets no such key: the build stops.
    ui: tuple[str, ...] = ("qr", "contacts", "source", "i18n")
    # The ui.yaml key of the QR caption: the products for a person who may be exploited speak
    # to that person in their own register ("help.qr"), not in the professionals' one.
    qr_caption: str = "qr.call"
    tabs: bool = False  # can carry tear-off tabs (--tabs)
    combinable: bool = False  # several languages on one sheet (--combined)
    # Text widths (em, see render/density.py) from which compact, then tight, is the first
    # density worth laying out; None: always start at regular.
    # Calibrated on the catalogue's single-language documents; combined sheets and tear-off tabs
    # always start at regular.
    density_from: tuple[float, ...] | None = None
    # The same, for a document printed with an organisation's profile: its name, logo and
    # example mark take lines of their own, which cost more room than their text's width says.
    # Calibrated on the example profile (bench/bench_profile.py); None: as density_from.
    org_density_from: tuple[float, ...] | None = None
    # Written as a tagged PDF (WeasyPrint's PDF/UA-1 variant: structure tree, language, marked
    # content): for documents read at length, with a screen reader too.
    tagged: bool = False

    @property
    def key(self) -> str:
        """The product's prefix in ui.yaml ("poster-staff" -> "poster_staff")."""
        return self.id.replace("-", "_")

    def trim(self, size: str) -> Trim:
        return self.sizes[size]

    @property
    def fixed_pages(self) -> bool:
        """One page per side, each ending with its own marker; else a flowing document."""
        return self.pages[0] == self.pages[1]


PRODUCTS: dict[str, Product] = {
    "card-professional": Product(
        id="card-professional",
        title="Pocket card for health and social workers",
        audience="health and social workers: what to do, whom to call",
        template="card-professional/card.html.j2",
        sizes={"": ID1},
        default_sizes=("",),
        pages=(2, 2),
        min_font_pt=7.0,
        min_qr_mm=20.0,  # the foundation issue asks 18 mm, REFERENCE.md 20 mm: the larger
        default_languages=ALL_LANGUAGES,
        ui=("qr", "contacts", "source", "i18n", "pro", "card_professional"),
        # bench/calibrate_density.py, 2026-11-29: since the four steps say the page's meaning in
        # full ("may have a duty to try", "if the person agrees"), no language fits the card at
        # regular, so every document starts at compact.
        density_from=(0.0, 497.8),
    ),
    "card-help": Product(
        id="card-help",
        title="Help card for a person who may be exploited (discreet outer face)",
        audience="a person who may be exploited: where to get help, discreet outer face",
        template="card-help/card.html.j2",
        sizes={"": ID1},
        default_sizes=("",),
        pages=(2, 2),
        min_font_pt=7.0,
        min_qr_mm=20.0,
        default_languages=ALL_LANGUAGES,
        uses=frozenset({"label", "plain"}),
        ui=("contacts", "source", "i18n", "help", "card_help"),
        qr_caption="help.qr",
        # nb fits regular with the example profile (224 em), en (292) and ar (257) compact
        org_density_from=(240.0,),
    ),
    "poster": Product(
        id="poster",
        title="Waiting-room poster",
        audience="people who may be exploited, in waiting rooms",
        template="poster/poster.html.j2",
        sizes={"A4": A4, "A3": A3, "A2": A2},
        default_sizes=("A4", "A3"),
        pages=(1, 1),
        min_font_pt=16.0,
        min_qr_mm=40.0,
        default_languages=ALL_LANGUAGES,
        uses=frozenset({"label", "plain"}),
        tabs=True,
        combinable=True,
        ui=("contacts", "source", "i18n", "help", "poster"),
        qr_caption="help.qr",
        density_from=(204.9, 280.9),  # bench/calibrate_density.py, 2026-11-29
        org_density_from=(204.9, 250.0),  # en and ar with the example profile need tight
    ),
    "poster-staff": Product(
        id="poster-staff",
        title="Staff-room poster: the decision path at a glance",
        audience="health and social workers, in staff rooms",
        template="poster-staff/poster.html.j2",
        sizes={"A4": A4, "A3": A3},
        default_sizes=("A4", "A3"),
        pages=(1, 1),
        min_font_pt=16.0,
        min_qr_mm=30.0,
        default_languages=ALL_LANGUAGES,
        uses=frozenset({"step", "summary", "label"}),
        ui=("qr", "contacts", "source", "i18n", "pro", "flow", "poster_staff"),
        density_from=(390.8, 446.2),  # bench/calibrate_density.py, 2026-11-29
    ),
    "handout": Product(
        id="handout",
        title="Training handout: the full guidance, decision path and directory",
        audience="trainers and course participants",
        template="handout/handout.html.j2",
        sizes={"A4": A4_OFFICE},
        default_sizes=("A4",),
        pages=(2, 5),
        min_font_pt=11.0,
        min_qr_mm=20.0,
        default_languages=("nb", "nn", "en"),
        uses=frozenset({"step", "title", "full", "label", "details"}),
        tagged=True,
        ui=("qr", "contacts", "source", "i18n", "pro", "flow", "handout"),
    ),
}

DEFAULT_CATALOGUE: tuple[str, ...] = (
    "card-professional",
    "card-help",
    "poster",
    "poster-staff",
    "handout",
)


def get_product(product_id: str) -> Product:
    try:
        return PRODUCTS[product_id]
    except KeyError:
        known = ", ".join(sorted(PRODUCTS))
        raise UsageError(f"unknown product {product_id!r}; known products: {known}") from None
