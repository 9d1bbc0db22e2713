"""The translation workflow: extract, update, status, and what a language can print.

Every string that reaches paper is a gettext message in content/translations/<lang>.po, so
translators use the tools they know. nb is the source; a language is printed for a product
only when every string that product uses is translated and not fuzzy, unless the user asks
for the visible fallback (--allow-incomplete).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import PoFileError, read_po

from generator.content.catalogs import (
    REVIEW_HEADERS,
    render_catalog,
    source_catalog,
    write_if_changed,
)
from generator.content.model import Content
from generator.content.pofile import printable
from generator.content.translations import (
    MAX_PO_BYTES,
    Gap,
    gaps,
    provenance,
    read_po_source,
)
from generator.content.usage import texts_for
from generator.errors import ContentError, Problem, relpath
from generator.files import read_input
from generator.products import PRODUCTS, Product
from generator.project import Project

TEMPLATE = "helpkit.pot"


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
    template_catalog(target, content)
    return target


def template_catalog(path: Path, content: Content) -> BabelCatalog:
    """The template of every printable string, dated the day it last changed (written to
    `path` when it changed)."""
    template = source_catalog(content)
    if path.is_file():
        try:
            # Only the date is taken from it: a template that is not a plain file beside
            # where it is written (a FIFO, a symlink elsewhere) is left unread.
            raw = read_input(path, (path.absolute().parent,), MAX_PO_BYTES)
            old = read_po(io.BytesIO(raw))
            template.creation_date = template.revision_date = old.creation_date
        except (PoFileError, ValueError, OSError):
            pass
    write_if_changed(path, template, lambda: render_catalog(template))
    return template


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    new: int  # source strings the catalog did not have: added empty
    fuzzy: int  # source strings that changed: the old translation kept, marked fuzzy
    obsolete: int  # strings no longer in the source: kept as #~ for reference
    changed: bool  # whether the file was rewritten


def update(project: Project, content: Content) -> list[UpdateResult]:
    """Merge the template into every catalog with Babel. Running it twice changes nothing."""
    folder = project.content / "translations"
    template = template_catalog(folder / TEMPLATE, content)
    results = []
    for path in sorted(folder.glob("*.po")):
        lang = path.stem
        old = read_catalog(path, content, lang)
        before = {(m.context or "", m.id) for m in old.catalog if m.id}
        old.catalog.update(template, update_creation_date=True)
        after = {(m.context or "", m.id) for m in old.catalog if m.id}
        fuzzy_now = {(m.context or "", m.id) for m in old.catalog if m.id and m.fuzzy}
        changed = old.write()
        added = after - before
        # Babel keeps the old translation of a changed source string, marked fuzzy; a string
        # with nothing similar before arrives empty.
        results.append(
            UpdateResult(
                path=path,
                new=len(added - fuzzy_now),
                fuzzy=len(added & fuzzy_now),
                obsolete=len(old.catalog.obsolete),
                changed=changed,
            )
        )
    return results


@dataclass
class PoFile:
    """A PO file opened for change, keeping helpkit's own headers (Babel drops them)."""

    path: Path
    lang: str
    catalog: BabelCatalog
    headers: dict[str, str]

    def write(self) -> bool:
        """Write it back when anything changed; True when it did."""
        return write_if_changed(
            self.path,
            self.catalog,
            lambda: render_catalog(
                self.catalog,
                translator=self.headers.get("Last-Translator", ""),
                review={k: self.headers.get(k, "") for k in REVIEW_HEADERS},
                lang=self.lang,
            ),
        )


def read_catalog(path: Path, content: Content, lang: str) -> PoFile:
    """The catalog at `path` (content/translations/<lang>.po) opened for change.

    Read as strictly as `load_content` reads it: a file that is not a regular file inside the
    project, too large, not valid PO, or whose header is wrong raises ContentError.
    """
    root = path.absolute().parents[2]
    shown = relpath(path, root)
    text, source = read_po_source(path, shown, root)
    headers, problems = provenance(source, shown)
    if problems:
        raise ContentError(problems)
    try:
        catalog = read_po(io.StringIO(text), locale=_babel_locale(content, lang))
    except (PoFileError, ValueError) as exc:
        raise ContentError(
            [Problem(shown, None, "", f"is not a valid PO file: {printable(str(exc))}")]
        ) from exc
    for message in catalog:
        # Babel writes a long previous msgid ("#| msgid ...") wrapped in a way it cannot read
        # back: the lines come back as translator comments "| ...". They are only a stale
        # hint, so they are dropped instead of being carried on as comments.
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    return PoFile(path, lang, catalog, headers)


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
    review: str = "not reviewed"  # the catalog's review_state
    changed: tuple[str, ...] = ()  # "file:line: context" of each message changed since review

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
                # Header values and contexts come from a file: printed, they are escaped, so
                # no terminal escape sequence in them reaches the terminal.
                translator="source" if source else printable(catalog.translator if catalog else ""),
                reviewed_by="source"
                if source
                else printable(catalog.reviewed_by if catalog else ""),
                reviewed_on=printable(catalog.reviewed_on if catalog else ""),
                review="reviewed" if source else (catalog.review_state if catalog else ""),
                changed=tuple(
                    f"{catalog.file}:{catalog.lines.get(key, 0)}: {printable(key[0])}"
                    for key in catalog.changed
                )
                if catalog
                else (),
            )
        )
    return out


def shown(project: Project, path: Path) -> str:
    return relpath(path, project.root)
