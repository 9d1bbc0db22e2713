"""The translation workflow: extract, update, status, and what a language can print.

Every string that reaches paper is a gettext message in content/translations/<lang>.po, so
translators use the tools they know. nb is the source; a language is printed for a product
only when every string that product uses is translated and not fuzzy, unless the user asks
for the visible fallback (--allow-incomplete).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

from generator.content.catalogs import render_catalog, source_catalog
from generator.content.model import Content
from generator.content.translations import Gap, gaps
from generator.content.usage import texts_for
from generator.errors import relpath
from generator.products import PRODUCTS, Product
from generator.project import Project

TEMPLATE = "helpkit.pot"
_HEADER = re.compile(r'^"(X-Reviewed-By|X-Reviewed-On|Last-Translator):\s*(.*?)\\n"$', re.M)


def catalog_path(project: Project, lang: str) -> Path:
    return project.content / "translations" / f"{lang}.po"


def language_gaps(content: Content, product: Product, lang: str) -> list[Gap]:
    """What `lang` lacks to print `product` (nothing for the source language)."""
    if lang == content.source_language:
        return []
    catalog = content.catalogs.get(lang)
    file = catalog.file if catalog else f"content/translations/{lang}.po"
    return gaps(catalog, texts_for(content, product), file)


def describe_gaps(content: Content, product: Product, lang: str, found: list[Gap]) -> str:
    catalog = content.catalogs.get(lang)
    file = catalog.file if catalog else f"content/translations/{lang}.po"
    head = (
        f"{product.id} cannot be printed in {lang} ({content.languages[lang].english}): "
        f"{len(found)} string(s) not translated"
    )
    return head + "\n" + "\n".join(f"  {g.describe(file)}" for g in found)


# ----------------------------------------------------------------------------- extract/update


def extract(project: Project, content: Content, out: Path | None = None) -> Path:
    """Write the POT template of every printable string."""
    target = out or project.content / "translations" / TEMPLATE
    target.parent.mkdir(parents=True, exist_ok=True)
    text = render_catalog(source_catalog(content))
    _write_if_changed(target, text)
    return target


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    new: int  # source strings the catalog did not have: added empty
    fuzzy: int  # source strings that changed: the old translation kept, marked fuzzy
    obsolete: int  # strings no longer in the source: kept as #~ for reference
    changed: bool  # whether the file was rewritten


def update(project: Project, content: Content) -> list[UpdateResult]:
    """Merge the template into every catalog with Babel. Running it twice changes nothing."""
    template = source_catalog(content)
    results = []
    for path in sorted((project.content / "translations").glob("*.po")):
        lang = path.stem
        raw = path.read_bytes()
        old = read_po(io.BytesIO(raw), locale=_babel_locale(content, lang))
        headers = dict(_HEADER.findall(raw.decode("utf-8")))
        before = {(m.context or "", m.id) for m in old if m.id}
        old.update(template, update_creation_date=False)
        after = {(m.context or "", m.id) for m in old if m.id}
        fuzzy_now = {(m.context or "", m.id) for m in old if m.id and m.fuzzy}
        text = render_catalog(
            old,
            translator=headers.get("Last-Translator", ""),
            reviewed_by=headers.get("X-Reviewed-By", ""),
            reviewed_on=headers.get("X-Reviewed-On", ""),
        )
        changed = _write_if_changed(path, text)
        added = after - before
        # Babel keeps the old translation of a changed source string, marked fuzzy; a string
        # with nothing similar before arrives empty.
        results.append(
            UpdateResult(
                path=path,
                new=len(added - fuzzy_now),
                fuzzy=len(added & fuzzy_now),
                obsolete=len(old.obsolete),
                changed=changed,
            )
        )
    return results


def out_of_date(content: Content) -> list[str]:
    """Catalogs whose messages differ from the source: `helpkit i18n update` is due."""
    wanted = {(t.context, t.source) for t in content.texts()}
    problems = []
    for catalog in content.catalogs.values():
        have = set(catalog.lines)
        new, gone = wanted - have, have - wanted
        if new or gone:
            problems.append(
                f"{catalog.file}: out of date with the source ({len(new)} new or changed, "
                f"{len(gone)} no longer used): run `helpkit i18n update`"
            )
    return problems


def _babel_locale(content: Content, lang: str) -> str | None:
    for candidate in (lang, content.languages[lang].locale if lang in content.languages else None):
        if candidate is None:
            continue
        try:
            Locale.parse(candidate)
            return candidate
        except (UnknownLocaleError, ValueError):
            continue
    return None


def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


# ----------------------------------------------------------------------------- status


@dataclass(frozen=True)
class LanguageStatus:
    code: str
    english: str
    translated: int
    fuzzy: int
    missing: int
    ready: tuple[str, ...]  # products this language can print
    due: tuple[str, ...]  # products meant for release in this language that it cannot print
    translator: str
    reviewed_by: str
    reviewed_on: str

    @property
    def release_ok(self) -> bool:
        return not self.due


def status(content: Content) -> list[LanguageStatus]:
    out = []
    everything = content.texts()
    for lang in content.languages.values():
        catalog = content.catalogs.get(lang.code)
        source = lang.code == content.source_language
        found = [] if source else gaps(catalog, everything, "")
        ready = tuple(p.id for p in PRODUCTS.values() if not language_gaps(content, p, lang.code))
        due = tuple(
            p.id
            for p in PRODUCTS.values()
            if lang.code in p.default_languages and p.id not in ready
        )
        out.append(
            LanguageStatus(
                code=lang.code,
                english=lang.english,
                translated=len(everything) - len(found),
                fuzzy=sum(1 for g in found if g.state == "fuzzy"),
                missing=sum(1 for g in found if g.state != "fuzzy"),
                ready=ready,
                due=due,
                translator="source" if source else (catalog.translator if catalog else ""),
                reviewed_by="source" if source else (catalog.reviewed_by if catalog else ""),
                reviewed_on=catalog.reviewed_on if catalog else "",
            )
        )
    return out


def shown(project: Project, path: Path) -> str:
    return relpath(path, project.root)
