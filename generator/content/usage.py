"""Which texts each product prints, so completeness is judged per product and language.

A help card needs some forty short strings; the training handout needs the page's full text.
A language can be ready for every card and poster long before anyone translates the handout.
"""

from __future__ import annotations

from generator.content.model import Content, Text
from generator.products import Product


def ui_belongs(key: str, product: Product) -> bool:
    """Whether a ui.yaml key is in one of the groups the product prints."""
    return key.split(".", 1)[0] in product.ui


def texts_for(content: Content, product: Product) -> list[Text]:
    """Every source text `product` can print, in a stable order, without duplicates."""
    spec = content.products.get(product.id)
    uses = product.uses
    out: list[Text] = [text for key, text in content.ui.items() if ui_belongs(key, product)]
    if content.profile is not None:  # an organisation's name on every product it prints
        out.append(content.profile.name)
        if content.profile.example and "profile.example" in content.ui:
            out.append(content.ui["profile.example"])
    if spec is None:
        return out
    contact_ids: list[str] = []
    for sid in spec.sections:
        section = content.sections[sid]
        if "step" in uses:
            out.extend(t for t in (section.question, section.action) if t is not None)
        if "summary" in uses:
            out.append(section.summary)
        if "title" in uses:
            out.append(section.title)
        if "full" in uses:
            out.extend(section.full)
        contact_ids.extend(section.contacts)
    contact_ids.extend(spec.directory)
    contact_ids.extend(spec.qr)
    for cid in dict.fromkeys(contact_ids):
        contact = content.contacts[cid]
        if "label" in uses:
            out.append(contact.label)
        if "plain" in uses and contact.plain is not None:
            out.append(contact.plain)
        if "details" in uses:
            out.append(contact.name)
            out.extend(t for t in (contact.audience, contact.offers) if t is not None)
    return list({(t.context, t.source): t for t in out}.values())
