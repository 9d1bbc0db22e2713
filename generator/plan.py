"""Plan a build: which documents (product x language x size) the options ask for.

Languages that cannot print a product are left out of a default or "all" build with a warning,
and are an error when asked for by name; nothing is rendered here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.content.model import Content
from generator.document import Document, Format, Selection
from generator.errors import HelpkitError, TranslationError, UsageError
from generator.i18n import describe_gaps, language_gaps
from generator.products import DEFAULT_CATALOGUE, PRODUCTS, Product, get_product
from generator.render.context import source_date_epoch

_LANG_CODE = re.compile(r"^[a-z]{2,3}$")


MAX_COMBINED = 6  # languages on one combined poster; more would shrink each below reading size


@dataclass(frozen=True)
class BuildOptions:
    products: Sequence[str] = ()
    langs: Sequence[str] | Literal["all"] = ()
    size: str | None = None
    out: Path | None = None
    format: Format = "pdf"
    jobs: int = 1
    tabs: bool = False  # tear-off tabs on A4 posters
    combined: bool = False  # all languages on one poster
    allow_incomplete: bool = False  # print untranslated strings in nb, visibly marked
    allow_unconfirmed: bool = False  # print claims marked needs_confirmation in content/
    require_reviewed: bool = False  # refuse languages no person has reviewed
    verify: bool = True  # read every PDF back before publishing it (helpkit verify)
    force: bool = False  # render everything, even what is up to date
    profile: str | None = None  # an organisation's profile (content/profiles/<id>.yaml)

    @classmethod
    def asked(cls, products: Iterable[str], langs: Iterable[str], **rest: Any) -> BuildOptions:
        """Options as a person writes them, on a command line or in a web form: repeated or
        comma-separated ids ("nb,en", "card-help"), and "all" for every language."""
        codes = split_words(langs)
        return cls(
            products=split_words(products), langs="all" if codes == ["all"] else codes, **rest
        )


def profile_content(content: Content, profile: str | None) -> Content:
    """The content a build prints: as it is, or applied to an organisation's profile."""
    if profile is None:
        return content
    if profile not in content.profiles:
        known = ", ".join(content.profiles) or "none (add content/profiles/<id>.yaml)"
        raise UsageError(f"unknown profile {profile!r}; known: {known}")
    return content.applied(profile)


def split_words(values: Iterable[str]) -> list[str]:
    """ "nb, en" and "pl" -> ["nb", "en", "pl"]: blanks and empty items dropped."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@dataclass(frozen=True)
class Plan:
    jobs: list[Document]
    skipped: list[str]  # languages left out of a default or "all" build, and why


def plan(content: Content, options: BuildOptions) -> Plan:
    """The documents to render. With a profile, `content` is already `applied` to it."""
    source_date_epoch()  # a bad SOURCE_DATE_EPOCH stops the build before anything renders
    if (content.profile.id if content.profile else None) != options.profile:
        raise ValueError("plan() needs the content applied to the profile asked for")
    products = _products(options)
    jobs: list[Document] = []
    skipped: list[tuple[str, str, str]] = []  # (language, product, why)
    for product in products:
        langs = _languages(content, product, options, skipped)
        selection = Selection.of(content, product)  # once per product, whatever the language
        sizes = _sizes(product, options.size)
        if options.tabs:
            if options.size not in (None, "A4"):
                raise UsageError("tear-off tabs are made for A4 posters only")
            sizes = ["A4"]
        if options.combined:
            if not 2 <= len(langs) <= MAX_COMBINED:
                raise UsageError(
                    f"a combined poster takes 2 to {MAX_COMBINED} languages, not {len(langs)}"
                )
            jobs.extend(
                Document(
                    product.id,
                    tuple(langs),
                    size,
                    options.format,
                    selection,
                    allow_incomplete=options.allow_incomplete,
                    allow_unconfirmed=options.allow_unconfirmed,
                    profile=options.profile,
                )
                for size in sizes
            )
            continue
        for lang in langs:
            for size in sizes:
                jobs.append(
                    Document(
                        product.id,
                        (lang,),
                        size,
                        options.format,
                        selection,
                        options.tabs,
                        allow_incomplete=options.allow_incomplete,
                        allow_unconfirmed=options.allow_unconfirmed,
                        profile=options.profile,
                    )
                )
    return Plan(jobs=jobs, skipped=_summarise(skipped))


def _summarise(skipped: list[tuple[str, str, str]]) -> list[str]:
    """One line per language left out, naming its products."""
    by_lang: dict[str, tuple[list[str], str]] = {}
    for lang, product, why in skipped:
        by_lang.setdefault(lang, ([], why))[0].append(product)
    return [
        f"{lang} not built ({', '.join(products)}): {why}"
        for lang, (products, why) in by_lang.items()
    ]


def _products(options: BuildOptions) -> list[Product]:
    if options.products:
        products = [get_product(pid) for pid in dict.fromkeys(options.products)]
    elif options.tabs:
        products = [p for p in PRODUCTS.values() if p.tabs]
    elif options.combined:
        products = [p for p in PRODUCTS.values() if p.combinable]
    else:
        products = [get_product(pid) for pid in DEFAULT_CATALOGUE]
    for product in products:
        if options.tabs and not product.tabs:
            raise UsageError(f"{product.id} has no tear-off tabs; --tabs is for poster")
        if options.combined and not product.combinable:
            raise UsageError(f"{product.id} cannot combine languages; --combined is for poster")
    return products


def _languages(
    content: Content, product: Product, options: BuildOptions, skipped: list[tuple[str, str, str]]
) -> list[str]:
    """The languages to print `product` in.

    Asked for by name, a language that cannot be printed is an error that names every
    untranslated string, unless neither the product was asked for nor is the language one the
    product is meant for (the handout in Polish, from `--lang pl`). Otherwise it is left out,
    and the build says so.
    """
    asked = options.langs
    explicit = asked != "all" and bool(asked)
    if asked == "all":
        candidates = list(content.languages)
    elif not asked:
        candidates = [lang for lang in product.default_languages if lang in content.languages]
    else:
        candidates = []
        for code in asked:
            if not _LANG_CODE.match(code):
                raise UsageError(f"{code!r} is not a language code (like nb, en, ar)")
            if code not in content.languages:
                raise UsageError(
                    f"unknown language {code!r}; known: {', '.join(content.languages)}"
                )
            candidates.append(code)
    out = []
    for code in dict.fromkeys(candidates):
        reason = _cannot_print(content, product, code, options)
        if reason is None:
            out.append(code)
        elif explicit and (options.products or code in product.default_languages):
            raise reason
        else:
            skipped.append((code, product.id, str(reason)))
    return out


def _cannot_print(
    content: Content, product: Product, lang: str, options: BuildOptions
) -> HelpkitError | None:
    if lang == content.source_language:
        return None
    catalog = content.catalogs.get(lang)
    if catalog is None and not options.allow_incomplete:
        return UsageError(
            f"{lang} ({content.languages[lang].english}) has no translation yet: "
            f"content/translations/{lang}.po is missing"
        )
    if options.require_reviewed and (catalog is None or not catalog.reviewed):
        return TranslationError(
            f"{lang} ({content.languages[lang].english}) is not reviewed by a person yet "
            "and --require-reviewed was given"
        )
    found = language_gaps(content, product, lang)
    if found and not options.allow_incomplete:
        return TranslationError(describe_gaps(content, product, lang, found))
    return None


def _sizes(product: Product, asked: str | None) -> list[str]:
    if list(product.sizes) == [""]:
        return [""]  # a card has one size; --size is for posters
    if asked is None:
        return list(product.default_sizes)
    if len(product.sizes) == 1:
        return list(product.sizes)  # a handout is A4 whatever poster size was asked for
    if asked not in product.sizes:
        raise UsageError(f"{product.id} comes in {', '.join(product.sizes)}, not {asked!r}")
    return [asked]


Job = Document  # the name this module used before Documents: what a build renders
