"""Load and validate a project's content/ folder into the typed model.

Everything is read and checked before anything renders. Problems are collected across all
files and raised together as one `ContentError`, each naming file, line and field.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from types import MappingProxyType
from typing import Literal, cast, get_args

from generator.content.model import (
    Catalog,
    Contact,
    Content,
    Language,
    PhoneNumber,
    ProductContent,
    Section,
    Source,
    Text,
)
from generator.content.phones import PhoneProblem, parse_phone
from generator.content.translations import (
    TYPED_NUMBER,
    check_catalog,
    load_catalog,
    placeholders,
)
from generator.content.yamlsource import Record, Sink, load_yaml
from generator.errors import ContentError, relpath

FILES = (
    "languages.yaml",
    "sources.yaml",
    "contacts.yaml",
    "guidance.yaml",
    "products.yaml",
    "ui.yaml",
)
ContactKind = Literal["emergency", "helpline", "service", "legal", "authority", "web"]
ICONS = ("phone", "warning", "child", "person", "law")  # drawn in templates/components/icons
_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_URL = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[A-Za-z0-9._~/%-]*)?$")


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
        if not (folder / name).is_file():
            sink.add(shown, None, "", "is missing")
            docs[name] = None
            continue
        data = load_yaml(folder / name, shown, sink)
        docs[name] = Record.of(data, shown, "", sink, 1) if data is not None else None

    langs, source_lang = _languages(docs["languages.yaml"])
    sources = _sources(docs["sources.yaml"])
    contacts, declared = _contacts(docs["contacts.yaml"], sources)
    sections = _sections(docs["guidance.yaml"], declared)
    section_ids = set(sections) if docs["guidance.yaml"] is not None else None
    products = _products(docs["products.yaml"], section_ids, declared, contacts)
    ui = _ui(docs["ui.yaml"])

    content = Content(
        source_language=source_lang,
        languages=MappingProxyType(langs),
        sources=MappingProxyType(sources),
        contacts=MappingProxyType(contacts),
        sections=MappingProxyType(sections),
        products=MappingProxyType(products),
        ui=MappingProxyType(ui),
    )
    for text in content.texts():
        if TYPED_NUMBER.search(text.source):
            sink.add(
                text.file,
                text.line,
                text.context,
                "a phone number is typed into the text; list it under a contact instead",
            )

    catalogs: dict[str, Catalog] = {}
    tdir = folder / "translations"
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
        check_catalog(catalog, content.texts(), sink)

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


def _sources(doc: Record | None) -> dict[str, Source]:
    out: dict[str, Source] = {}
    if doc is None:
        return out
    for rec in doc.records("sources"):
        sid, title, updated = rec.text("id"), rec.text("title"), rec.date("updated")
        url = rec.text("url", required=False)
        rec.done()
        if url is not None and not _URL.match(url):
            rec.problem("url", f"{url!r} must be an https:// web address")
        if sid is None or title is None or updated is None:
            continue
        if sid in out:
            rec.problem("id", f"{sid!r} is used twice")
            continue
        out[sid] = Source(sid, title, updated, url)
    doc.done()
    return out


def _text(rec: Record, key: str, context: str, required: bool = True) -> Text | None:
    value = rec.text(key, required)
    if value is None:
        return None
    return Text(context=context, source=value, file=rec.file, line=rec.line_of(key))


def _contacts(
    doc: Record | None, sources: dict[str, Source]
) -> tuple[dict[str, Contact], set[str] | None]:
    """Valid contacts, and every id declared (valid or not; None when the file did not parse),
    so that one bad contact is reported once, not again by every reference to it."""
    out: dict[str, Contact] = {}
    declared: set[str] = set()
    if doc is None:
        return out, None
    for rec in doc.records("contacts"):
        cid = rec.text("id")
        if isinstance(cid, str):
            declared.add(cid)
        if cid is not None and not _ID.match(cid):
            rec.problem("id", f"{cid!r} must be lower-case letters, digits and hyphens")
            cid = None
        if cid is not None and cid in out:
            rec.problem("id", f"{cid!r} is used twice (first at line {out[cid].line})")
            cid = None
        ctx = f"contact:{cid}"
        kind = rec.text("kind")
        if kind is not None and kind not in get_args(ContactKind):
            rec.problem("kind", f"must be one of {', '.join(get_args(ContactKind))}, not {kind!r}")
            kind = None
        name = _text(rec, "name", f"{ctx}:name")
        short = _text(rec, "short", f"{ctx}:short", required=False)
        plain = _text(rec, "plain", f"{ctx}:plain", required=False)
        icon = rec.text("icon", required=False)
        if icon is not None and icon not in ICONS:
            rec.problem("icon", f"must be one of {', '.join(ICONS)}, not {icon!r}")
            icon = None
        audience = _text(rec, "audience", f"{ctx}:audience", required=False)
        offers = _text(rec, "offers", f"{ctx}:offers")
        phones = _phones(rec)
        web = rec.text("web", required=False)
        if web is not None and not _URL.match(web):
            rec.problem("web", f"{web!r} must be an https:// web address (like https://plikt.no)")
            web = None
        source_id = rec.text("source")
        source = sources.get(source_id) if source_id else None
        if source_id is not None and source is None:
            rec.problem("source", f"{source_id!r} is not listed in sources.yaml")
        verified_on, review_by = rec.date("verified_on"), rec.date("review_by")
        if verified_on and review_by and review_by <= verified_on:
            rec.problem("review_by", "must be after verified_on")
        if verified_on and source and verified_on > source.updated:
            rec.problem("verified_on", f"is later than its source ({source.updated})")
        rec.done()
        if (
            phones is None
            or cid is None
            or kind is None
            or name is None
            or offers is None
            or source is None
            or verified_on is None
            or review_by is None
        ):
            continue
        out[cid] = Contact(
            id=cid,
            name=name,
            short=short,
            plain=plain,
            icon=icon,
            kind=cast(ContactKind, kind),
            audience=audience,
            offers=offers,
            phones=phones,
            web=web,
            source=source,
            verified_on=verified_on,
            review_by=review_by,
            file=rec.file,
            line=rec.line,
        )
    doc.done()
    return out, declared


def _phones(rec: Record) -> tuple[PhoneNumber, ...] | None:
    phones: list[PhoneNumber] = []
    ok = True
    for prec in rec.records("phones", required=False):
        raw = prec.data.get("number")
        if isinstance(raw, int):
            prec.problem(
                "number",
                f"must be quoted text; YAML read {raw} as a number "
                "(a leading zero or + would be lost)",
            )
            prec.used.add("number")
            ok = False
        number = prec.text("number") if not isinstance(raw, int) else None
        display = prec.data.get("display")
        if isinstance(display, int):
            prec.problem("display", "must be quoted text")
            prec.used.add("display")
            display = None
            ok = False
        else:
            display = prec.text("display", required=False)
        prec.done()
        if number is None:
            ok = False
            continue
        try:
            phones.append(parse_phone(number, display))
        except PhoneProblem as exc:
            prec.problem("number" if "display" not in str(exc) else "display", str(exc))
            ok = False
    return tuple(phones) if ok else None


def _sections(doc: Record | None, contacts: set[str] | None) -> dict[str, Section]:
    out: dict[str, Section] = {}
    if doc is None:
        return out
    for rec in doc.records("sections"):
        sid = rec.text("id")
        if sid is not None and (not _ID.match(sid) or sid in out):
            rec.problem("id", f"{sid!r} is not a unique id of lower-case letters and hyphens")
            sid = None
        ctx = f"section:{sid}"
        title = _text(rec, "title", f"{ctx}:title")
        summary = _text(rec, "summary", f"{ctx}:summary")
        question = _text(rec, "question", f"{ctx}:question", required=False)
        action = _text(rec, "action", f"{ctx}:action", required=False)
        if (question is None) != (action is None):
            rec.problem(
                "action" if action is None else "question",
                "a card step needs both question and action",
            )
        full = tuple(
            Text(f"{ctx}:full:{i + 1}", value, rec.file, line)
            for i, (value, line) in enumerate(rec.texts("full"))
        )
        refs = _refs(rec, "contacts", contacts, "contacts.yaml")
        law = rec.text("law", required=False)
        rec.done()
        if sid is None or title is None or summary is None:
            continue
        out[sid] = Section(sid, title, summary, question, action, full, refs, law)
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
        rec.done()
        if pid is None:
            continue
        if pid in out:
            rec.problem("id", f"{pid!r} is listed twice")
            continue
        out[pid] = ProductContent(pid, secs, directory, qr)
    doc.done()
    return out


def _ui(doc: Record | None) -> dict[str, Text]:
    out: dict[str, Text] = {}
    if doc is None:
        return out
    ui = doc.record("ui")
    if ui is None:
        return out
    for key in ui.data:
        text = _text(ui, str(key), f"ui:{key}")
        if text is not None and placeholders(text.source) is None:
            ui.problem(str(key), "has a { or } without its pair; write {{ or }} for a brace")
        elif text is not None:
            out[str(key)] = text
    doc.done()
    return out
