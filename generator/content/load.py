"""Load and validate a project's content/ folder into the typed model.

Everything is read and checked before anything renders. Problems are collected across all
files and raised together as one `ContentError`, each naming file, line and field.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from types import MappingProxyType
from typing import Literal, cast

from generator.content.contacts import load_contacts
from generator.content.course import load_course
from generator.content.model import (
    Catalog,
    Contact,
    Content,
    Language,
    ProductContent,
    Section,
    Source,
    Text,
)
from generator.content.profiles import load_profiles
from generator.content.requirements import ui_problems
from generator.content.sources import basis_of, load_sources, text_of
from generator.content.translations import (
    check_catalog,
    load_catalog,
    placeholders,
)
from generator.content.yamlsource import Record, Sink, load_yaml
from generator.errors import ContentError, relpath
from generator.products import PRODUCTS
from generator.project import BUNDLED

FILES = (
    "languages.yaml",
    "sources.yaml",
    "contacts.yaml",
    "guidance.yaml",
    "products.yaml",
    "ui.yaml",
)
_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_LANG = re.compile(r"^[a-z]{2,3}$")


def load_content(root: Path) -> Content:
    """Load content/ under `root`: every file parsed, typed and cross-checked.

    Catalogs are checked for what they say (placeholders kept, no typed numbers); whether a
    language is complete enough to print a product is judged per job (generator/i18n.py).
    """
    folder = root / "content"
    sink = Sink()
    docs: dict[str, Record | None] = {}
    for name in FILES:
        shown = relpath(folder / name, root)
        data = load_yaml(folder / name, shown, sink, (root, BUNDLED))
        docs[name] = Record.of(data, shown, "", sink, 1) if data is not None else None

    langs, source_lang = _languages(docs["languages.yaml"])
    sources = load_sources(docs["sources.yaml"], folder, root)
    known = sources if docs["sources.yaml"] is not None else None
    contacts, declared = load_contacts(docs["contacts.yaml"], sources, known)
    section_ids: set[str] = set()  # every id declared, even of a section refused for its text
    sections = _sections(docs["guidance.yaml"], declared, known, section_ids)
    products = _products(
        docs["products.yaml"],
        section_ids if docs["guidance.yaml"] is not None else None,
        declared,
        contacts,
    )
    ui = _ui(docs["ui.yaml"], known)
    profiles = load_profiles(root, (root, BUNDLED), sources, known, declared, sink)
    course = load_course(
        root,
        (root, BUNDLED),
        known,
        section_ids if docs["guidance.yaml"] is not None else None,
        declared,
        sink,
    )

    content = Content(
        source_language=source_lang,
        languages=MappingProxyType(langs),
        sources=MappingProxyType(sources),
        contacts=MappingProxyType(contacts),
        sections=MappingProxyType(sections),
        products=MappingProxyType(products),
        ui=MappingProxyType(ui),
        profiles=MappingProxyType(profiles),
        course=course,
    )
    if docs["ui.yaml"] is not None:
        for problem in ui_problems(content, None):
            sink.add(problem.file, problem.line, problem.field, problem.message)
    catalogs: dict[str, Catalog] = {}
    tdir = folder / "translations"
    if tdir.exists() and not tdir.is_dir():
        sink.add(relpath(tdir, root), None, "", "must be a folder of <lang>.po files, not a file")
    for path in sorted(tdir.glob("*.po")) if tdir.is_dir() else []:
        code = path.stem
        shown = relpath(path, root)
        if code not in langs:
            sink.add(
                shown, None, "", f"is a catalog for {code!r}, which languages.yaml does not list"
            )
            continue
        if code == source_lang:
            sink.add(shown, None, "", f"{code} is the source language and takes no catalog")
            continue
        catalog = load_catalog(path, shown, code, sink)
        if catalog is None:
            continue
        catalogs[code] = catalog
        check_catalog(catalog, content.texts(), sink, langs[code].script)

    if sink.problems:
        raise ContentError(sink.problems)
    return Content(**{**content.__dict__, "catalogs": MappingProxyType(catalogs)})


def _languages(doc: Record | None) -> tuple[dict[str, Language], str]:
    out: dict[str, Language] = {}
    if doc is None:
        return out, "nb"
    source = doc.text("source") or "nb"
    for rec in doc.records("languages"):
        code = rec.text("code")
        name = rec.text("name")
        english = rec.text("english")
        direction = rec.text("dir")
        script = rec.text("script")
        locale = rec.text("locale")
        rec.done()
        if code is not None and not _LANG.match(code):
            rec.problem("code", f"{code!r} is not a language code like 'nb' or 'ar'")
            continue
        if direction not in (None, "ltr", "rtl"):
            rec.problem("dir", f"must be ltr or rtl, not {direction!r}")
            continue
        if code in out:
            rec.problem("code", f"{code!r} is listed twice")
            continue
        if locale is not None and not _known_locale(locale):
            rec.problem("locale", f"{locale!r} is not a locale Babel knows (like nb_NO or ar)")
            continue
        if (
            code is None
            or name is None
            or english is None
            or direction is None
            or script is None
            or locale is None
        ):
            continue
        out[code] = Language(
            code, name, english, cast(Literal["ltr", "rtl"], direction), script, locale
        )
    doc.done()
    if out and source not in out:
        doc.problem("source", f"{source!r} is not one of the listed languages")
    return out, source


def _known_locale(name: str) -> bool:
    """Dates are written with Babel in the language's locale: it must know it."""
    from babel.core import Locale, UnknownLocaleError

    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _sections(
    doc: Record | None,
    contacts: set[str] | None,
    known: dict[str, Source] | None,
    declared: set[str],
) -> dict[str, Section]:
    out: dict[str, Section] = {}
    if doc is None:
        return out
    for rec in doc.records("sections"):
        sid = rec.text("id")
        if sid is not None and (not _ID.match(sid) or sid in out):
            rec.problem("id", f"{sid!r} is not a unique id of lower-case letters and hyphens")
            sid = None
        if sid is not None:
            declared.add(sid)
        ctx = f"section:{sid}"
        # Every sentence of a section rests on its basis: a section without one is refused.
        basis = basis_of(rec, known)
        title = text_of(rec, "title", f"{ctx}:title")
        summary = text_of(rec, "summary", f"{ctx}:summary", basis=basis)
        question = text_of(rec, "question", f"{ctx}:question", False, basis)
        action = text_of(rec, "action", f"{ctx}:action", False, basis)
        if (question is None) != (action is None) and not rec.refused & {"question", "action"}:
            rec.problem(
                "action" if action is None else "question",
                "a card step needs both question and action",
            )
        full = tuple(
            Text(f"{ctx}:full:{i + 1}", value, rec.file, line, basis)
            for i, (value, line) in enumerate(rec.texts("full"))
        )
        refs = _refs(rec, "contacts", contacts, "contacts.yaml")
        law = rec.text("law", required=False)
        always = rec.flag("always")
        rec.done()
        if sid is None or title is None or summary is None:
            continue
        out[sid] = Section(sid, title, summary, question, action, full, refs, law, basis, always)
    doc.done()
    return out


def _refs(rec: Record, key: str, known: Collection[str] | None, where: str) -> tuple[str, ...]:
    """Ids listed under `key`; each must be declared in `known` (None: that file is broken, so
    references into it are not judged)."""
    refs: list[str] = []
    for value, line in rec.texts(key, required=False):
        if known is not None and value not in known:
            rec.sink.add(rec.file, line, f"{rec.field}.{key}", f"{value!r} is not in {where}")
        elif value in refs:
            rec.sink.add(rec.file, line, f"{rec.field}.{key}", f"{value!r} is listed twice")
        else:
            refs.append(value)
    return tuple(refs)


def _products(
    doc: Record | None,
    sections: set[str] | None,
    declared: set[str] | None,
    contacts: dict[str, Contact],
) -> dict[str, ProductContent]:
    out: dict[str, ProductContent] = {}
    if doc is None:
        return out
    for rec in doc.records("products"):
        pid = rec.text("id")
        secs = _refs(rec, "sections", sections, "guidance.yaml")
        directory = _refs(rec, "directory", declared, "contacts.yaml")
        qr = _refs(rec, "qr", declared, "contacts.yaml")
        for cid in qr:
            if cid in contacts and not contacts[cid].phones:
                rec.problem("qr", f"{cid!r} has no phone number to encode")
        if not qr and declared is not None:
            rec.problem("qr", "must name at least one contact whose number the QR code calls")
        rec.done()
        if pid is None:
            continue
        if pid not in PRODUCTS:
            known = ", ".join(PRODUCTS)
            rec.problem("id", f"{pid!r} is not a product helpkit makes; known: {known}")
            continue
        if pid in out:
            rec.problem("id", f"{pid!r} is listed twice")
            continue
        out[pid] = ProductContent(pid, secs, directory, qr)
    items = doc.data.get("products")
    if isinstance(items, list):  # else the list itself was reported
        # Ids written, valid or not, so that a broken entry is reported once, not twice.
        written = {str(i.get("id")) for i in items if isinstance(i, dict) and i.get("id")}
        for pid in PRODUCTS:
            if pid not in written:
                doc.problem("products", f"has no entry for {pid!r}; every product needs one")
    doc.done()
    return out


def _ui(doc: Record | None, known: dict[str, Source] | None) -> dict[str, Text]:
    out: dict[str, Text] = {}
    if doc is None:
        return out
    ui = doc.record("ui")
    if ui is None:
        return out
    for key in ui.data:
        text = _ui_text(ui, str(key), known)
        if text is not None and placeholders(text.source) is None:
            ui.problem(str(key), "has a { or } without its pair; write {{ or }} for a brace")
        elif text is not None:
            out[str(key)] = text
    doc.done()
    return out


def _ui_text(ui: Record, key: str, known: dict[str, Source] | None) -> Text | None:
    """A label (plain text), or a claim: {text, basis} or {text, needs_confirmation}."""
    context = f"ui:{key}"
    if not isinstance(ui.data.get(key), dict):
        text = text_of(ui, key, context)
        if text is not None and is_sentence(text.source):
            ui.problem(
                key,
                "is a sentence, so it makes a claim: write it as {text: ..., basis: [{source: "
                "..., quote: ...}]}, or with needs_confirmation: <who must confirm it>",
            )
            return None
        return text
    rec = ui.record(key)
    if rec is None:
        return None
    unconfirmed = rec.text("needs_confirmation", required=False, digits=True)
    basis = basis_of(rec, known, required=unconfirmed is None)
    text = text_of(rec, "text", context, True, basis, unconfirmed)
    rec.done()
    return text


def is_sentence(value: str) -> bool:
    """A text ending like a sentence says something, and so needs a source; a label does not."""
    return value.rstrip().endswith((".", "?", "!"))
