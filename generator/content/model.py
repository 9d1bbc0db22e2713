"""The typed content model: what the guidance page says, as data.

Everything here is immutable and already validated. Texts are in the source language (nb);
`Text` keeps the message context under which a translation catalog finds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from generator.content.logo import Logo

if TYPE_CHECKING:
    from generator.content.course import Course


def address_label(url: str) -> str:
    """A web address as people type it: no scheme, no "www.", no trailing slash."""
    return url.removeprefix("https://").removeprefix("www.").rstrip("/")


@dataclass(frozen=True)
class Basis:
    """A passage of a named source that a printed text rests on."""

    source: str  # an id in sources.yaml
    quote: str  # the passage, word for word
    file: str
    line: int


@dataclass(frozen=True)
class Text:
    """A translatable string in the source language.

    `context` (the gettext msgctxt) says where the string comes from, so identical Norwegian
    words used in two places can be translated differently. `basis` names the passages the
    text rests on (for a section or contact: those of its record). `unconfirmed` names who must
    confirm a claim that has no source yet; such a text is left off the paper unless the build
    allows unconfirmed claims.
    """

    context: str
    source: str
    file: str
    line: int
    basis: tuple[Basis, ...] = ()
    unconfirmed: str | None = None


@dataclass(frozen=True)
class PhoneNumber:
    """One number, stored once. Everything printed or encoded is derived from `canonical`."""

    canonical: str  # E.164 ("+4722331160") or a bare short number ("112")
    display: str  # how it is printed; its digits equal the canonical national digits
    short: bool  # a short number (112, 116 111): dialled as is, never with +47

    @property
    def tel(self) -> str:
        """The `tel:` URI a QR code or link dials."""
        return f"tel:{self.canonical}"

    @property
    def digits(self) -> str:
        """The digits a reader sees and dials inside Norway."""
        return "".join(ch for ch in self.display if ch.isdigit())


@dataclass(frozen=True)
class Source:
    """Where facts come from: who says it, where, and when."""

    id: str
    title: str
    publisher: str
    url: str
    updated: dt.date | None  # the date the source itself carries, if any
    read: dt.date  # when a helpkit developer last read it against content/
    text: str | None  # the source's text as read (content/<file>), to check quotes against

    @property
    def date(self) -> dt.date:
        """The date a product prints for this source: its own, else the day it was read."""
        return self.updated or self.read


@dataclass(frozen=True)
class Contact:
    id: str
    name: Text
    short: Text | None  # a short name where space is tight (cards); defaults to `name`
    plain: Text | None  # a plain-language label for people who need help ("Acute danger")
    icon: str | None  # a pictogram for readers who read little (see templates/components)
    kind: Literal["emergency", "helpline", "service", "legal", "authority", "web"]
    audience: Text | None
    offers: Text | None  # None where the source only names the service
    phones: tuple[PhoneNumber, ...]
    web: str | None
    source: Source
    basis: tuple[Basis, ...]
    verified_on: dt.date | None  # when a person confirmed the contact; None: nobody has yet
    review_by: dt.date
    file: str
    line: int

    @property
    def label(self) -> Text:
        return self.short or self.name

    @property
    def phone(self) -> PhoneNumber | None:
        return self.phones[0] if self.phones else None

    @property
    def web_label(self) -> str | None:
        """The address as people type it: no scheme, no trailing slash."""
        return address_label(self.web) if self.web is not None else None


@dataclass(frozen=True)
class Section:
    """One part of the guidance: a situation and what to do about it."""

    id: str
    title: Text
    summary: Text  # one sentence: the short text for cards and posters
    question: Text | None  # the card's short question ("Acute danger?")
    action: Text | None  # the card's short answer, without numbers: they come from `contacts`
    full: tuple[Text, ...]  # the page's full text, paragraph by paragraph, for handouts
    contacts: tuple[str, ...]
    law: str | None  # a legal reference printed as is ("straffeloven § 196")
    basis: tuple[Basis, ...] = ()
    # Asked whatever the answer to the question before: the decision path reaches it by
    # "in any case", not by "no" (a possible minor calls for child welfare, acute danger or not).
    always: bool = False


@dataclass(frozen=True)
class ProductContent:
    """What content a product carries; the layout lives in the product registry."""

    id: str
    sections: tuple[str, ...]
    directory: tuple[str, ...]
    qr: tuple[str, ...]


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in its own script
    english: str
    dir: Literal["ltr", "rtl"]
    script: str
    locale: str


@dataclass(frozen=True)
class Profile:
    """An organisation's own version (content/profiles/<id>.yaml): its name and logo on every
    product, its local contacts where it asks for them. National content is never changed."""

    id: str
    name: Text
    logo: Logo | None
    outer_face: bool  # the name and logo are safe on the help card's outer face
    example: bool  # a sample: every page says so, and `check --strict` refuses it
    sources: MappingProxyType[str, Source]
    contacts: MappingProxyType[str, Contact]
    show: MappingProxyType[str, tuple[str, ...]]  # product id -> local contacts in its directory
    qr: MappingProxyType[str, tuple[str, ...]]  # product id -> local contacts given a QR code
    file: str
    sha256: str  # of the profile file: the manifest records which version was printed

    def texts(self) -> list[Text]:
        return [self.name, *contact_texts(self.contacts.values())]


def contact_texts(contacts: Iterable[Contact]) -> list[Text]:
    out: list[Text] = []
    for contact in contacts:
        out.append(contact.name)
        out.extend(t for t in (contact.short, contact.plain, contact.audience, contact.offers) if t)
    return out


@dataclass(frozen=True)
class Content:
    """Everything loaded from a project's content/ folder."""

    source_language: str
    languages: MappingProxyType[str, Language]
    sources: MappingProxyType[str, Source]
    contacts: MappingProxyType[str, Contact]
    sections: MappingProxyType[str, Section]
    products: MappingProxyType[str, ProductContent]
    ui: MappingProxyType[str, Text]
    catalogs: MappingProxyType[str, Catalog] = field(default_factory=lambda: MappingProxyType({}))
    profiles: MappingProxyType[str, Profile] = field(default_factory=lambda: MappingProxyType({}))
    profile: Profile | None = None  # the profile applied (see `applied`), if any
    course: Course | None = None  # content/course/course.yaml, when the project has a course

    def texts(self) -> list[Text]:
        """Every string that can reach paper, in a stable order: the national content, then
        every profile's (each once, though an applied profile's contacts are in `contacts`)."""
        national = [c for c in self.contacts.values() if self.profile is None or
                    c.id not in self.profile.contacts]  # fmt: skip
        out: list[Text] = list(self.ui.values())
        out.extend(contact_texts(national))
        for section in self.sections.values():
            out.append(section.title)
            out.append(section.summary)
            out.extend(t for t in (section.question, section.action) if t is not None)
            out.extend(section.full)
        for profile in self.profiles.values():
            out.extend(profile.texts())
        if self.course is not None:
            out.extend(self.course.texts())
        return list({(t.context, t.source): t for t in out}.values())

    def applied(self, profile_id: str) -> Content:
        """The content as an organisation prints it: its local contacts added to the
        directories (and QR codes) its profile names. The national content is unchanged."""
        profile = self.profiles[profile_id]
        products = {
            pid: replace(
                spec,
                directory=spec.directory + profile.show.get(pid, ()),
                qr=spec.qr + profile.qr.get(pid, ()),
            )
            for pid, spec in self.products.items()
        }
        return replace(
            self,
            contacts=MappingProxyType({**self.contacts, **profile.contacts}),
            products=MappingProxyType(products),
            profile=profile,
        )

    def facts_date(self) -> dt.date:
        """The date of the newest fact printed: a contact's confirmation, else its source's."""
        return max(c.verified_on or c.source.date for c in self.contacts.values())

    def unconfirmed(self) -> list[Text]:
        """Every text marked needs_confirmation: printed only with --allow-unconfirmed."""
        return [text for text in self.texts() if text.unconfirmed is not None]


@dataclass(frozen=True)
class Catalog:
    """A language's translations: (context, source text) -> translated text."""

    lang: str
    file: str
    messages: MappingProxyType[tuple[str, str], str]
    translator: str  # Last-Translator: a person, or "machine-assisted"
    reviewed_by: str  # X-Reviewed-By: empty until a person has reviewed the language
    reviewed_on: str  # X-Reviewed-On
    lines: MappingProxyType[tuple[str, str], int]  # where each message stands in the PO file
    fuzzy: frozenset[tuple[str, str]]
    # The review's binding to the text (see content/reviews.py): whether the header's
    # fingerprint matches the marks in the file, and the messages whose text is no longer the
    # one reviewed (changed, fuzzy, or translated after the review).
    fingerprint_ok: bool = False
    changed: tuple[tuple[str, str], ...] = ()

    @property
    def reviewed(self) -> bool:
        """A person reviewed the language, and not one reviewed word has changed since."""
        return bool(self.reviewed_by) and self.fingerprint_ok and not self.changed

    @property
    def review_state(self) -> str:
        """ "reviewed", "not reviewed", or why a recorded review no longer counts."""
        if self.reviewed:
            return "reviewed"
        if not self.reviewed_by:
            return "not reviewed"
        if not self.fingerprint_ok:
            return "review void: its fingerprint does not match the file"
        return f"review void: {len(self.changed)} message(s) changed since"

    def get(self, text: Text) -> str | None:
        return self.messages.get((text.context, text.source))
