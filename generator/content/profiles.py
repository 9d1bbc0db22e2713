"""content/profiles/<id>.yaml: an organisation's name, logo and local contacts.

A profile adds; it never changes what the national content says. Its contacts go through the
same checks as contacts.yaml (canonical numbers, display digits, https only, no numbers in prose,
review dates), may not take a national contact's id, and appear only where the profile says.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from types import MappingProxyType

from generator.content.contacts import load_contacts
from generator.content.logo import Logo, LogoProblem, load_logo
from generator.content.model import Contact, Profile, Source
from generator.content.sources import load_sources, text_of
from generator.content.yamlsource import Record, Sink, load_yaml
from generator.errors import relpath
from generator.files import UnsafeInput, read_input
from generator.products import PRODUCTS

FOLDER = "profiles"
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
# A plain file name beside the profile: no folders, nothing hidden.
_LOGO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.(svg|png|SVG|PNG)$")
MAX_PROFILES = 200
# Products with room for a QR code of the profile's own: the handout prints every QR target in
# its title; a card or poster has room for ROSA's code and no other.
MORE_QR = ("handout",)


def load_profiles(
    root: Path,
    roots: tuple[Path, ...],
    sources: dict[str, Source],
    known: dict[str, Source] | None,
    national: set[str] | None,
    sink: Sink,
) -> dict[str, Profile]:
    """Every profile in content/profiles/, checked; the broken ones reported and left out."""
    folder = root / "content" / FOLDER
    if not folder.exists():
        return {}
    if not folder.is_dir():
        sink.add(relpath(folder, root), None, "", "must be a folder of <id>.yaml profiles")
        return {}
    out: dict[str, Profile] = {}
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    if len(paths) > MAX_PROFILES:
        sink.add(relpath(folder, root), None, "", f"holds more than {MAX_PROFILES} profiles")
        return {}
    for path in paths:
        profile = _profile(path, root, roots, sources, known, national or set(), sink)
        if profile is not None:
            out[profile.id] = profile
    return out


def _profile(
    path: Path,
    root: Path,
    roots: tuple[Path, ...],
    sources: dict[str, Source],
    known: dict[str, Source] | None,
    national: set[str],
    sink: Sink,
) -> Profile | None:
    shown = relpath(path, root)
    data = load_yaml(path, shown, sink, roots)
    rec = Record.of(data, shown, "", sink, 1) if data is not None else None
    if rec is None:
        return None
    before = len(sink.problems)
    pid = rec.text("id")
    if pid is not None and not ID.match(pid):
        rec.problem("id", f"{pid!r} must be lower-case letters, digits and hyphens (a folder name)")
        pid = None
    elif pid is not None and pid != path.stem:
        rec.problem("id", f"{pid!r} must be the file's name ({path.stem}.yaml)")
        pid = None
    name = text_of(rec, "name", f"profile:{pid}:name")
    logo = _logo(rec, path.parent, root)
    outer_face = rec.flag("outer_face")
    example = rec.flag("example")
    own = load_sources(rec, root / "content", root, required=False, finish=False)
    for sid in own:
        if sid in sources:
            rec.problem("sources", f"{sid!r} is a source in sources.yaml; give it another id")
    merged = {**sources, **own}
    contacts, declared = load_contacts(
        rec, merged, {**known, **own} if known is not None else None, True
    )
    for cid, contact in contacts.items():
        if cid in national:
            rec.sink.add(
                rec.file,
                contact.line,
                "contacts",
                f"{cid!r} is a national contact's id; a local contact needs its own",
            )
    show = _placement(rec, "show", contacts, declared or set(), need_phone=False)
    qr = _placement(rec, "qr", contacts, declared or set(), need_phone=True)
    rec.done()
    if len(sink.problems) > before or pid is None or name is None:
        return None
    try:
        digest = hashlib.sha256(read_input(path, roots, 10_000_000)).hexdigest()
    except UnsafeInput as exc:  # pragma: no cover - it was read a moment ago
        sink.add(shown, None, "", str(exc))
        return None
    return Profile(
        id=pid,
        name=name,
        logo=logo,
        outer_face=outer_face,
        example=example,
        sources=MappingProxyType(own),
        contacts=MappingProxyType(contacts),
        show=MappingProxyType(show),
        qr=MappingProxyType(qr),
        file=shown,
        sha256=digest,
    )


def _logo(rec: Record, folder: Path, root: Path) -> Logo | None:
    name = rec.text("logo", required=False, digits=True)
    if name is None:
        return None
    if not _LOGO_NAME.match(name):
        rec.problem("logo", f"{name!r} must be the name of an .svg or .png file beside the profile")
        return None
    path = folder / name
    try:
        return load_logo(path, relpath(path, root), folder)
    except LogoProblem as exc:
        if exc.line is not None:
            rec.sink.add(relpath(path, root), exc.line, "", str(exc))
        else:
            message = str(exc)
            shown = relpath(path, root)
            rec.problem("logo", message if message.startswith(shown) else f"{shown} {message}")
        return None


def _placement(
    rec: Record, key: str, contacts: dict[str, Contact], declared: set[str], need_phone: bool
) -> dict[str, tuple[str, ...]]:
    """product id -> local contact ids, each checked (a contact refused for its own fields is
    reported there, not again here)."""
    mapping = rec.record(key, required=False)
    if mapping is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for product in list(mapping.data):
        pid = str(product)
        if pid not in PRODUCTS:
            mapping.problem(pid, f"{pid!r} is not a product; known: {', '.join(PRODUCTS)}")
            mapping.used.add(pid)
            continue
        if need_phone and pid not in MORE_QR:
            mapping.problem(
                pid,
                f"{pid} has room for one QR code, ROSA's; a local QR code fits on: "
                f"{', '.join(MORE_QR)}",
            )
            mapping.used.add(pid)
            continue
        ids: list[str] = []
        for cid, line in mapping.texts(pid):
            field = f"{key}.{pid}"
            if cid not in contacts and cid in declared:
                continue
            if cid not in contacts:
                rec.sink.add(rec.file, line, field, f"{cid!r} is not a contact of this profile")
            elif cid in ids:
                rec.sink.add(rec.file, line, field, f"{cid!r} is listed twice")
            elif need_phone and not contacts[cid].phones:
                rec.sink.add(rec.file, line, field, f"{cid!r} has no phone number to call")
            else:
                ids.append(cid)
        out[pid] = tuple(ids)
    mapping.done()
    return out
