"""The typed unit of work: one output file, and everything about it worked out once.

Planning makes Documents; rendering, the cache key, the font check and the manifest read a
Document and nothing else. What a product prints (its sections, the contacts whose details
appear, its QR targets, every text it can print) is its `Selection`, computed once from the
content, so no stage works it out again (generator/verify.py keeps its own, independent copy
on purpose: a check must not share the code it checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.content.model import Content, Text
from generator.content.usage import texts_for
from generator.products import PRODUCTS, Product

Format = Literal["pdf", "html"]


@dataclass(frozen=True)
class Selection:
    """What a product prints, whatever the language."""

    sections: tuple[str, ...]
    directory: tuple[str, ...]
    qr: tuple[str, ...]  # contacts whose number a QR code calls; the first is the main one
    # Every contact whose details (a number or an address) appear, in order of first
    # appearance: the reachable contacts of each step, then the directory, then the QR targets.
    contacts: tuple[str, ...]
    texts: tuple[Text, ...]  # every source text the product can print

    @classmethod
    def of(cls, content: Content, product: Product) -> Selection:
        spec = content.products[product.id]
        printed: dict[str, None] = {}
        for sid in spec.sections:
            for cid in content.sections[sid].contacts:
                contact = content.contacts[cid]
                if contact.phones or contact.web:
                    printed[cid] = None
        printed.update(dict.fromkeys(spec.directory))
        printed.update(dict.fromkeys(spec.qr))
        return cls(
            sections=spec.sections,
            directory=spec.directory,
            qr=spec.qr,
            contacts=tuple(printed),
            texts=tuple(texts_for(content, product)),
        )


@dataclass(frozen=True)
class Document:
    product: str  # the product's id (its spec: `spec`)
    langs: tuple[str, ...]  # one, or several on one combined sheet
    size: str  # "" for products with one fixed size (cards)
    format: Format
    selection: Selection
    tabs: bool = False
    allow_incomplete: bool = False  # print untranslated strings in nb, visibly marked
    allow_unconfirmed: bool = False  # print claims marked needs_confirmation
    # An organisation's profile (content/profiles/<id>.yaml): its files go under <id>/, and the
    # content it is rendered from is `Content.applied(profile)`.
    profile: str | None = None

    @classmethod
    def of(
        cls,
        content: Content,
        product: Product,
        langs: tuple[str, ...],
        size: str,
        format: Format = "pdf",
        tabs: bool = False,
    ) -> Document:
        """One document outside a planned build (previews, benchmarks, tests)."""
        return cls(product.id, langs, size, format, Selection.of(content, product), tabs)

    @property
    def spec(self) -> Product:
        return PRODUCTS[self.product]

    @property
    def lang(self) -> str:
        """The manifest's language: the code, or "mul" (ISO 639: several) for a combined sheet."""
        return self.langs[0] if len(self.langs) == 1 else "mul"

    @property
    def path(self) -> str:
        variant = "-combined" if len(self.langs) > 1 else "-tabs" if self.tabs else ""
        suffix = f"-{self.size}" if self.size else ""
        langs = "-".join(self.langs)
        folder = f"{self.profile}/{self.product}" if self.profile else self.product
        return f"{folder}/{self.product}{variant}-{langs}{suffix}.{self.format}"
