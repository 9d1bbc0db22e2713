"""contacts.yaml: the directory, with one canonical value per phone number."""

from __future__ import annotations

import re
from typing import Literal, cast, get_args

from generator.content.model import Contact, PhoneNumber, Source
from generator.content.phones import PhoneProblem, parse_phone
from generator.content.sources import URL, basis_of, text_of
from generator.content.yamlsource import Record

ContactKind = Literal["emergency", "helpline", "service", "legal", "authority", "web"]
ICONS = ("phone", "warning", "child", "person", "law")  # drawn in templates/components/icons
ID = re.compile(r"^[a-z][a-z0-9-]*$")


def load_contacts(
    doc: Record | None,
    sources: dict[str, Source],
    known: dict[str, Source] | None,
    local: bool = False,
) -> tuple[dict[str, Contact], set[str] | None]:
    """Valid contacts, and every id declared (valid or not; None when the file did not parse),
    so that one bad contact is reported once, not again by every reference to it.

    `local`: a profile's own contacts (content/profiles/): the list is optional, the profile
    holds other fields, and a contact that only names a service and its number may rest on its
    `source` alone; what it is said to offer, or to whom, still needs a basis.
    """
    out: dict[str, Contact] = {}
    declared: set[str] = set()
    if doc is None:
        return out, None
    for rec in doc.records("contacts", required=not local):
        cid = rec.text("id")
        if isinstance(cid, str):
            declared.add(cid)
        if cid is not None and not ID.match(cid):
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
        name = text_of(rec, "name", f"{ctx}:name")
        short = text_of(rec, "short", f"{ctx}:short", required=False)
        plain = text_of(rec, "plain", f"{ctx}:plain", required=False)
        icon = rec.text("icon", required=False)
        if icon is not None and icon not in ICONS:
            rec.problem("icon", f"must be one of {', '.join(ICONS)}, not {icon!r}")
            icon = None
        unconfirmed = rec.text("needs_confirmation", required=False, digits=True)
        claims = "offers" in rec.data or "audience" in rec.data
        basis = basis_of(rec, known, required=unconfirmed is None and (claims or not local))
        # What a contact is said to offer, and to whom, is a claim: it rests on the basis, or
        # waits for the person named in needs_confirmation.
        audience = text_of(rec, "audience", f"{ctx}:audience", False, basis, unconfirmed)
        offers = text_of(rec, "offers", f"{ctx}:offers", False, basis, unconfirmed)
        phones = _phones(rec)
        web = rec.text("web", required=False, digits=True)
        if web is not None and not URL.match(web):
            rec.problem("web", f"{web!r} must be an https:// web address (like https://plikt.no)")
            web = None
        source_id = rec.text("source")
        source = sources.get(source_id) if source_id else None
        if source_id is not None and source is None:
            where = "sources.yaml or the profile's sources" if local else "sources.yaml"
            rec.problem("source", f"{source_id!r} is not listed in {where}")
        verified_on = rec.date("verified_on", required=False)
        review_by = rec.date("review_by")
        if verified_on and review_by and review_by <= verified_on:
            rec.problem("review_by", "must be after verified_on")
        rec.done()
        if (
            phones is None
            or cid is None
            or kind is None
            or name is None
            or source is None
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
            basis=basis,
            verified_on=verified_on,
            review_by=review_by,
            file=rec.file,
            line=rec.line,
        )
    if not local:
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
        number = prec.text("number", digits=True) if not isinstance(raw, int) else None
        display = prec.data.get("display")
        if isinstance(display, int):
            prec.problem("display", "must be quoted text")
            prec.used.add("display")
            display = None
            ok = False
        else:
            display = prec.text("display", required=False, digits=True)
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
