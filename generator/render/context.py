"""Build the typed context a template receives: everything already translated and derived.

Templates never look up a number or translate a string themselves; they get `ContactView`s
whose phone fields all derive from the one canonical value.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

from babel.dates import format_date

from generator import __version__
from generator.content.model import (
    Contact,
    Content,
    Language,
    PhoneNumber,
    Section,
    Text,
    address_label,
)
from generator.content.usage import ui_belongs
from generator.document import Document
from generator.errors import RenderError, UsageError
from generator.fonts import ITALIC_SCRIPTS, font_stack, has_hyphenation
from generator.products import Product, Trim
from generator.render.qr import QrCode, make_qr


class Translator:
    """Source text -> the language's text. Never falls back silently: a gap is an error, or,
    when the user allows it, the source text with a visible mark ("[nb] ...")."""

    def __init__(self, content: Content, lang: str, allow_incomplete: bool = False) -> None:
        self.lang = lang
        self.source_lang = content.source_language
        self.allow_incomplete = allow_incomplete
        self.catalog = None if lang == content.source_language else content.catalogs.get(lang)
        if self.catalog is None and lang != content.source_language and not allow_incomplete:
            raise RenderError(f"no translation catalog for {lang!r}")

    @property
    def is_source(self) -> bool:
        return self.lang == self.source_lang

    def __call__(self, text: Text) -> str:
        if self.is_source:
            return text.source
        value = self.catalog.get(text) if self.catalog is not None else None
        if value is not None:
            return value
        if self.allow_incomplete:
            return f"[{self.source_lang}] {text.source}"
        file = self.catalog.file if self.catalog else self.lang
        raise RenderError(f"{file}: {text.context} is not translated")


@dataclass(frozen=True)
class PhoneView:
    display: str
    tel: str
    canonical: str


class ContactView:
    """A contact as a template sees it. Texts are translated when a template reads them, so a
    card never needs the handout's long descriptions translated, and a template that reads a
    text its product does not declare fails loudly if that text is untranslated."""

    def __init__(
        self,
        contact: Contact,
        tr: Translator,
        allow_unconfirmed: bool = False,
        local: bool = False,
    ) -> None:
        self._contact = contact
        self.local = local  # an organisation's own contact (its profile), not a national one
        self._tr = tr
        self._claims = allow_unconfirmed or contact.offers is None or not contact.offers.unconfirmed
        self.id = contact.id
        self.icon = contact.icon
        self.phone = phone_view(contact.phone) if contact.phone else None
        self.web = contact.web
        self.web_label = contact.web_label

    @property
    def name(self) -> str:
        return self._tr(self._contact.name)

    @property
    def label(self) -> str:
        """The short name where space is tight."""
        return self._tr(self._contact.label)

    @property
    def plain(self) -> str:
        """The plain-language label for people who need help; else the label."""
        return self._tr(self._contact.plain) if self._contact.plain else self.label

    @property
    def audience(self) -> str | None:
        """For whom, as the source says; None where it says nothing or the claim waits for
        confirmation."""
        text = self._contact.audience
        return self._tr(text) if text is not None and self._claims else None

    @property
    def offers(self) -> str | None:
        text = self._contact.offers
        return self._tr(text) if text is not None and self._claims else None

    @property
    def reachable(self) -> bool:
        return self.phone is not None or self.web is not None


class StepView:
    """A guidance section as a decision: its question, what to do, and whom to call."""

    def __init__(self, section: Section, tr: Translator, contacts: dict[str, ContactView]) -> None:
        self._section = section
        self._tr = tr
        self.id = section.id
        self.law = section.law
        self.always = section.always or section.law is not None
        self.contacts = [contacts[cid] for cid in section.contacts]
        self.question = tr(section.question) if section.question else None
        self.action = tr(section.action) if section.action else None

    @property
    def title(self) -> str:
        return self._tr(self._section.title)

    @property
    def summary(self) -> str:
        return self._tr(self._section.summary)

    @property
    def full(self) -> list[str]:
        return [self._tr(t) for t in self._section.full]

    @property
    def reachable(self) -> list[ContactView]:
        return [c for c in self.contacts if c.reachable]


@dataclass(frozen=True)
class QrView:
    code: QrCode
    caption: str
    contact: ContactView


@dataclass(frozen=True)
class DocMeta:
    title: str
    subject: str
    created: str  # ISO date for dcterms.created, derived from the content, never now()
    generator: str


@dataclass(frozen=True)
class OrgView:
    """The organisation whose profile a document is printed for, as a template sees it."""

    id: str
    name: str  # translated
    logo: str | None  # a data: URI (the renderer fetches nothing else)
    outer_face: bool  # the name and logo may appear on the help card's outer face
    # "EXAMPLE - not for printing" in the language, and in nb beside it; None for a real profile
    example: str | None
    example_source: str | None


def org_view(content: Content, tr: Translator) -> OrgView | None:
    profile = content.profile
    if profile is None:
        return None
    mark = content.ui.get("profile.example") if profile.example else None
    return OrgView(
        id=profile.id,
        name=tr(profile.name),
        logo=profile.logo.data_uri if profile.logo else None,
        outer_face=profile.outer_face,
        example=tr(mark) if mark is not None else None,
        example_source=mark.source if mark is not None and not tr.is_source else None,
    )


class Block(TypedDict):
    """Everything in one language. A combined poster has several, one per language."""

    lang: Language
    ui: dict[str, str]
    steps: list[StepView]
    directory: list[ContactView]
    qr: list[QrView]
    checked: str
    source: str
    # "Translation not yet reviewed" in the language; None when the language is the source or
    # a person has reviewed it. Printed beside `unreviewed_source`, the same in nb.
    unreviewed: str | None
    font_stack: str  # CSS font-family for the language's script
    italic: bool  # the script has a true italic (else emphasis by italics is left upright)
    hyphenate: bool  # Pyphen has a dictionary for the language
    org: OrgView | None  # the organisation's profile, when the build has one


class TemplateContext(Block):
    product: Product
    trim: Trim
    size: str
    doc: DocMeta
    blocks: list[Block]  # [the block itself] unless several languages share the sheet
    unreviewed_source: str  # the unreviewed note in the source language, said once per sheet
    tabs: bool
    pt: Callable[[float], str]  # a type size scaled to this paper size: pt(16) -> "22.63pt"
    mm: Callable[[float], str]  # a length scaled to this paper size


def phone_view(phone: PhoneNumber) -> PhoneView:
    return PhoneView(display=phone.display, tel=phone.tel, canonical=phone.canonical)


def build_block(document: Document, content: Content, lang: str, trim: Trim) -> Block:
    """Everything one language of a document prints, translated and derived."""
    product, selection = document.spec, document.selection
    allow_unconfirmed = document.allow_unconfirmed
    tr = Translator(content, lang, document.allow_incomplete)
    # A claim that waits for confirmation prints as nothing: templates leave out empty texts.
    ui = {
        key: "" if text.unconfirmed and not allow_unconfirmed else tr(text)
        for key, text in content.ui.items()
        if ui_belongs(key, product)
    }
    local = content.profile.contacts if content.profile else {}
    contacts = {
        cid: ContactView(c, tr, allow_unconfirmed, cid in local)
        for cid, c in content.contacts.items()
    }
    steps = [StepView(content.sections[sid], tr, contacts) for sid in selection.sections]
    printed = selection.contacts
    locale = content.languages[lang].locale
    qrs = []
    for cid in selection.qr:
        phone = content.contacts[cid].phone
        assert phone is not None  # validated by the loader
        label = ui[product.qr_caption].format(name=contacts[cid].label)
        qrs.append(
            QrView(
                code=make_qr(phone.tel, product.min_qr_mm * trim.scale, label),
                caption=label,
                contact=contacts[cid],
            )
        )
    sources = sorted({content.contacts[cid].source for cid in printed}, key=lambda s: s.id)
    source = "; ".join(
        f"{address_label(s.url)} ({format_date(s.date, 'long', locale=locale)})" for s in sources
    )
    # Print only what is true: the date a person confirmed the contacts, when every printed
    # contact carries one; else the date of the source they were copied from.
    verified = [content.contacts[cid].verified_on for cid in printed]
    if all(verified):
        when = min(d for d in verified if d is not None)
        checked = ui["contacts.checked"].format(date=format_date(when, "long", locale=locale))
    else:
        when = min(content.contacts[cid].source.date for cid in printed)
        checked = ui["source.updated"].format(date=format_date(when, "long", locale=locale))
    catalog = content.catalogs.get(lang)
    unreviewed = None
    if not tr.is_source and (catalog is None or not catalog.reviewed):
        unreviewed = tr(content.ui["i18n.unreviewed"])
    language = content.languages[lang]
    return Block(
        lang=language,
        unreviewed=unreviewed,
        font_stack=font_stack(language.script),
        italic=language.script in ITALIC_SCRIPTS,
        hyphenate=has_hyphenation(language.locale),
        ui=ui,
        steps=steps,
        directory=[contacts[cid] for cid in selection.directory],
        qr=qrs,
        checked=checked,
        source=ui["source.line"].format(source=source),
        org=org_view(content, tr),
    )


def build_context(content: Content, document: Document) -> TemplateContext:
    product = document.spec
    trim = product.trim(document.size)
    blocks = [build_block(document, content, lang, trim) for lang in document.langs]
    first = blocks[0]
    key = product.key
    # A combined poster keeps A4 type on larger paper: the extra room holds more languages,
    # read from nearer, instead of bigger letters. A single-language poster scales everything.
    scale = trim.scale if len(blocks) == 1 else 1.0
    return TemplateContext(
        **first,
        product=product,
        trim=trim,
        size=document.size,
        doc=DocMeta(
            title=" / ".join(dict.fromkeys(b["ui"][f"{key}.doc_title"] for b in blocks)),
            subject=first["ui"][f"{key}.doc_subject"],
            created=document_date(content).isoformat(),
            generator=f"helpkit {__version__}",
        ),
        blocks=blocks,
        unreviewed_source=content.ui["i18n.unreviewed"].source,
        tabs=document.tabs,
        pt=lambda value: f"{value * scale:.2f}pt",
        mm=lambda value: f"{value * scale:.2f}mm",
    )


def document_date(content: Content) -> dt.date:
    """The date written into the PDF: never now(), so the same input gives the same bytes.

    SOURCE_DATE_EPOCH wins when set (the reproducible-builds convention); otherwise the date of
    the newest fact the document rests on.
    """
    fixed = source_date_epoch()
    return fixed if fixed is not None else content.facts_date()


# The last second of the year 9999: the largest date a PDF (and Python) can write.
_LAST_EPOCH = 253_402_300_799


def source_date_epoch() -> dt.date | None:
    """The date SOURCE_DATE_EPOCH asks for; None when it is not set.

    A value that is not a whole number of seconds between 1970 and 9999 is refused rather than
    ignored: whoever set it expects the same bytes on every machine.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not (epoch.isascii() and epoch.isdigit()) or int(epoch) > _LAST_EPOCH:
        raise UsageError(
            f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a time helpkit can write: give whole "
            f"seconds since 1970-01-01 (0 to {_LAST_EPOCH}), or unset it"
        )
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
