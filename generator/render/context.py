"""Build the typed context a template receives: everything already translated and derived.

Templates never look up a number or translate a string themselves; they get `ContactView`s
whose phone fields all derive from the one canonical value.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TypedDict

from babel.dates import format_date

from generator import __version__
from generator.content.model import Contact, Content, Language, PhoneNumber, Text
from generator.errors import RenderError
from generator.products import Product, Trim
from generator.render.qr import QrCode, make_qr


class Translator:
    """Source text -> the language's text. Never falls back silently: a gap is an error."""

    def __init__(self, content: Content, lang: str) -> None:
        self.lang = lang
        self.catalog = None if lang == content.source_language else content.catalogs.get(lang)
        if self.catalog is None and lang != content.source_language:
            raise RenderError(f"no translation catalog for {lang!r}")

    def __call__(self, text: Text) -> str:
        if self.catalog is None:
            return text.source
        value = self.catalog.get(text)
        if value is None:
            raise RenderError(f"{self.catalog.file}: {text.context} is not translated")
        return value


@dataclass(frozen=True)
class PhoneView:
    display: str
    tel: str
    canonical: str


@dataclass(frozen=True)
class ContactView:
    id: str
    name: str
    label: str
    audience: str | None
    offers: str
    phone: PhoneView | None
    web: str | None
    web_label: str | None


@dataclass(frozen=True)
class StepView:
    id: str
    question: str
    action: str
    law: str | None
    contacts: list[ContactView]


@dataclass(frozen=True)
class QrView:
    code: QrCode
    caption: str
    contact: str


@dataclass(frozen=True)
class DocMeta:
    title: str
    subject: str
    created: str  # ISO date for dcterms.created, derived from the content, never now()
    generator: str


class TemplateContext(TypedDict):
    lang: Language
    product: Product
    trim: Trim
    doc: DocMeta
    ui: dict[str, str]
    steps: list[StepView]
    directory: list[ContactView]
    qr: list[QrView]
    checked: str


def phone_view(phone: PhoneNumber) -> PhoneView:
    return PhoneView(display=phone.display, tel=phone.tel, canonical=phone.canonical)


def contact_view(contact: Contact, tr: Translator) -> ContactView:
    return ContactView(
        id=contact.id,
        name=tr(contact.name),
        label=tr(contact.label),
        audience=tr(contact.audience) if contact.audience else None,
        offers=tr(contact.offers),
        phone=phone_view(contact.phone) if contact.phone else None,
        web=contact.web,
        web_label=contact.web_label,
    )


def build_context(content: Content, product: Product, lang: str, size: str) -> TemplateContext:
    tr = Translator(content, lang)
    spec = content.products.get(product.id)
    if spec is None:
        raise RenderError(f"content/products.yaml has no entry for {product.id!r}")
    ui = {key: tr(text) for key, text in content.ui.items()}
    contacts = {cid: contact_view(c, tr) for cid, c in content.contacts.items()}
    steps = []
    for sid in spec.sections:
        section = content.sections[sid]
        if section.question is None or section.action is None:
            raise RenderError(f"section {sid!r} has no card step (question and action)")
        steps.append(
            StepView(
                id=sid,
                question=tr(section.question),
                action=tr(section.action),
                law=section.law,
                contacts=[contacts[cid] for cid in section.contacts],
            )
        )
    printed = set(spec.directory) | set(spec.qr) | {c.id for s in steps for c in s.contacts}
    checked_on = min(content.contacts[cid].verified_on for cid in printed)
    locale = content.languages[lang].locale
    qrs = []
    for cid in spec.qr:
        phone = content.contacts[cid].phone
        assert phone is not None  # validated by the loader
        label = ui["qr.call"].format(name=contacts[cid].label)
        qrs.append(
            QrView(code=make_qr(phone.tel, product.min_qr_mm, label), caption=label, contact=cid)
        )
    title_key = f"{product.id.replace('-', '_')}.doc_title"
    subject_key = f"{product.id.replace('-', '_')}.doc_subject"
    return TemplateContext(
        lang=content.languages[lang],
        product=product,
        trim=product.trim(size),
        doc=DocMeta(
            title=ui[title_key],
            subject=ui[subject_key],
            created=document_date(content).isoformat(),
            generator=f"helpkit {__version__}",
        ),
        ui=ui,
        steps=steps,
        directory=[contacts[cid] for cid in spec.directory],
        qr=qrs,
        checked=ui["contacts.checked"].format(date=format_date(checked_on, "long", locale=locale)),
    )


def document_date(content: Content) -> dt.date:
    """The date written into the PDF: never now(), so the same input gives the same bytes.

    SOURCE_DATE_EPOCH wins when set (the reproducible-builds convention); otherwise the date of
    the newest fact the document rests on.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return max(c.verified_on for c in content.contacts.values())


def printed_contacts(ctx: TemplateContext) -> list[str]:
    """Ids of every contact whose details appear on the product, in order of first appearance."""
    seen: dict[str, None] = {}
    for step in ctx["steps"]:
        for c in step.contacts:
            if c.phone or c.web:  # a step names a contact without details only in its text
                seen[c.id] = None
    for c in ctx["directory"]:
        seen[c.id] = None
    for q in ctx["qr"]:
        seen[q.contact] = None
    return list(seen)
