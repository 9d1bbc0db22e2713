"""Preflight: prove each output file is what was meant, judged from the PDF itself.

Every check reads the file (with pypdfium2 and pypdf), the manifest and the content, never the
renderer's internals, so it also catches what happened after rendering: a swapped file, a
manifest edited by hand, a number corrected in the content after the cards were printed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from generator import manifest
from generator.content.model import Content, Text
from generator.errors import UsageError
from generator.manifest import MANIFEST
from generator.products import MM_PER_PT, PRODUCTS, Product, Trim

MM = 1 / MM_PER_PT  # points per millimetre
GLYPH_TOLERANCE_PT = 0.6  # ink may overhang its advance box by a hair (the hook of a j)
BOX_TOLERANCE_PT = 0.05
QUIET_ZONE_MODULES = 4
# A glyph whose box reaches this far into a digit's box, across and down, crosses the digit.
# Calibrated on the whole catalogue (123 files, 20 languages, 2026-11-29): no glyph box touches
# a digit of a printed number; the nearest come 0.66 pt beside one (a full stop) and 1.73 pt
# above one (a Vietnamese accent on the professional card).
NUMBER_OVERLAP_PT = 0.2
Severity = Literal["error", "warning"]

# Every check verify makes. A Finding's check is one of these, with its {fields} filled in (a
# contact id, a QR target, a page, a text's context and language); checks named per contact or
# page are one check. tests/test_verify.py plants a defect that makes each of them fail, so a
# check added here without one fails the suite.
CHECKS: tuple[str, ...] = (
    "manifest entry",  # an entry of manifest.json that is not trusted: its file is not opened
    "listed",  # a PDF in the output folder that the manifest does not list
    "profile",  # the organisation profile the file was printed with is gone or changed
    "manifest",  # the entry names no known product
    "file",
    "sha256",
    "readers",
    "pages",
    "size",
    "boxes",
    "fonts",
    "glyphs",
    "type size",
    "safe zone",
    "language",  # the entry's language is unknown
    "text {text} ({lang})",  # the title and a guidance text read back in the language
    "face {page}",  # the page carries what its face is meant to carry (FACES)
    "contacts listed",
    "number {contact}",
    "number {contact} clear",
    "web {contact}",
    "stale {contact}",
    "qr {target} safe zone",
    "qr {target} 300 dpi",
    "qr {target} 150 dpi blurred",
    "qr {target} quiet zone",
    "qr targets",
    "course key text",  # a participant file carries a debrief, a rationale or a trainer's note
    "course numbers",  # a run of digits in a course file that is no contact's number
    "tagged",  # the facilitator guide or workbook is not a tagged PDF in its language
)


def _name_pattern(kind: str) -> re.Pattern[str]:
    """The names a kind of check makes: each {field} one word (ids, pages and contexts have no
    spaces), but a QR code's {target} whatever the code decodes to."""
    parts = re.split(r"(\{\w+\})", kind)
    return re.compile(
        "".join(
            re.escape(part) if i % 2 == 0 else ".+" if part == "{target}" else r"\S+"
            for i, part in enumerate(parts)
        ),
        re.DOTALL,
    )


_CHECK_NAMES = [(kind, _name_pattern(kind)) for kind in CHECKS]


def check_kind(check: str) -> str | None:
    """The entry of CHECKS a check's name is made from ("number rosa" -> "number {contact}")."""
    return next((kind for kind, name in _CHECK_NAMES if name.fullmatch(check)), None)


@dataclass(frozen=True)
class Finding:
    file: str  # relative to the output folder
    check: str  # made from an entry of CHECKS
    ok: bool
    detail: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if check_kind(self.check) is None:
            raise ValueError(f"verify has no check named {self.check!r}: add it to CHECKS")


@dataclass
class Report:
    findings: list[Finding]

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok and f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok and f.severity == "warning"]

    def to_json(self) -> str:
        return json.dumps(
            {"ok": not self.failures, "findings": [asdict(f) for f in self.findings]},
            indent=2,
            ensure_ascii=False,
        )


def expected_contacts(content: Content, product_id: str) -> set[str]:
    """The contacts a product is meant to carry with their details, from the content."""
    spec = content.products[product_id]
    in_steps = {
        c
        for s in spec.sections
        for c in content.sections[s].contacts
        if content.contacts[c].phones or content.contacts[c].web
    }
    return in_steps | set(spec.directory) | set(spec.qr)


def verify(
    targets: list[Path], content: Content, strict: bool = False, today: dt.date | None = None
) -> Report:
    """Verify output folders (their manifest.json) or single PDF files."""
    findings: list[Finding] = []
    for out, listing, whole in _resolve(targets):
        for refused in listing.refused:
            findings.append(
                Finding(
                    refused.path or f"manifest.json files[{refused.index}]",
                    "manifest entry",
                    False,
                    f"{MANIFEST} {refused}. Not trusted: its file is not opened; build again "
                    "to drop the entry, or correct it",
                )
            )
        for entry in listing.entries:
            printed, problem = _profile_content(content, entry)
            if problem is not None:
                findings.append(Finding(str(entry["path"]), "profile", False, problem))
                continue
            findings.extend(verify_entry(out, entry, printed, strict, today or dt.date.today()))
        if whole:
            listed = {e["path"] for e in listing.entries}
            # A refused entry's file is named above, by the entry.
            listed |= {r.written for r in listing.refused if r.written is not None}
            for rel in manifest.unlisted(out, listed):
                findings.append(
                    Finding(
                        rel, "listed", False, f"not in the manifest: {rel}; rebuild or remove it"
                    )
                )
    return Report(findings)


def _profile_content(content: Content, entry: dict[str, Any]) -> tuple[Content, str | None]:
    """The content an entry was printed from: with its organisation's profile applied, when it
    names one. A profile that is gone, or has changed since, is a failure: the local numbers
    on the paper can no longer be proved against it."""
    profile = entry.get("profile")
    if not isinstance(profile, dict):
        return content, None
    pid = str(profile.get("id"))
    if pid not in content.profiles:
        return content, (
            f"was printed with the profile {pid!r}, which content/profiles/ no longer has; "
            "verify it where the profile is, or build it again"
        )
    current = content.profiles[pid]
    logo = current.logo.sha256 if current.logo else None
    if profile.get("sha256") != current.sha256 or profile.get("logo_sha256") != logo:
        return content, (
            f"the profile {pid!r} (or its logo) changed after this file was built; build it "
            "again so what is printed is what the profile says"
        )
    return content.applied(pid), None


def _course_entry(
    path: Path,
    entry: dict[str, Any],
    content: Content,
    record: Callable[..., None],
) -> list[Finding]:
    """A course pack's file: there, unchanged, readable, and what generator/verify_course.py
    proves of it. Findings go through `record`; none are returned here."""
    import pypdf

    from generator.verify_course import verify_course_entry

    if not path.is_file():
        record("file", False, "missing")
        return []
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    record(
        "sha256",
        digest == entry.get("sha256"),
        "matches the manifest" if digest == entry.get("sha256") else "differs from the manifest",
    )
    try:
        pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    except Exception as exc:
        record("readers", False, f"does not open in pypdf: {exc}")
        return []
    record("pages", pages == entry.get("pages"), f"{pages} (manifest: {entry.get('pages')})")
    verify_course_entry(path, entry, content, record)
    return []


def _resolve(targets: list[Path]) -> Iterator[tuple[Path, manifest.Listing, bool]]:
    """(output folder, what its manifest lists to check, whether the whole folder is asked)."""
    for target in targets:
        if target.is_dir():
            if not (target / MANIFEST).exists():
                raise UsageError(f"{target} has no manifest.json; build into it first")
            yield target, _pdfs(manifest.load(target / MANIFEST)), True
        elif target.suffix == ".pdf" and target.is_file():
            out = next((p for p in target.resolve().parents if (p / MANIFEST).is_file()), None)
            if out is None:
                raise UsageError(f"{target}: no manifest.json in any folder above it")
            rel = target.resolve().relative_to(out).as_posix()
            listing = manifest.load(out / MANIFEST)
            one = manifest.Listing(
                [e for e in listing.entries if e["path"] == rel],
                [r for r in listing.refused if r.path == rel],
            )
            if not one.entries and not one.refused:
                raise UsageError(f"{target} is not listed in {out / MANIFEST}")
            yield out, one, False
        else:
            raise UsageError(f"{target} is neither an output folder nor a PDF file")


def _pdfs(listing: manifest.Listing) -> manifest.Listing:
    """The PDF entries of a manifest, and every refused entry (generator/manifest.py)."""
    return manifest.Listing(
        [e for e in listing.entries if e["path"].endswith(".pdf")], listing.refused
    )


def verify_entry(
    out: Path, entry: dict[str, Any], content: Content, strict: bool, today: dt.date
) -> list[Finding]:
    import pypdf
    import pypdfium2 as pdfium

    rel = str(entry.get("path"))
    found: list[Finding] = []

    def record(check: str, ok: bool, detail: str, severity: Severity = "error") -> None:
        found.append(Finding(rel, check, ok, detail, severity))

    unsafe = manifest.path_problem(rel, out)
    if unsafe is not None:  # read_manifest refuses it; an entry handed in directly too
        record("manifest entry", False, f"the entry {unsafe}. Not trusted: its file is not opened")
        return found
    path = out / rel
    if entry.get("product") == "course":
        return found + _course_entry(path, entry, content, record)
    product = PRODUCTS.get(str(entry.get("product")))
    if product is None:
        record("manifest", False, f"unknown product {entry.get('product')!r}")
        return found
    if not path.is_file():
        record("file", False, "missing")
        return found
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    record(
        "sha256",
        digest == entry.get("sha256"),
        "matches the manifest"
        if digest == entry.get("sha256")
        else f"is {digest[:12]}…, the manifest says {str(entry.get('sha256'))[:12]}…",
    )
    try:
        doc = pdfium.PdfDocument(data)
        reader = pypdf.PdfReader(io.BytesIO(data))
        counts = (len(doc), len(reader.pages))
    except Exception as exc:
        record("readers", False, f"does not open in both pypdfium2 and pypdf: {exc}")
        return found
    record("readers", counts[0] == counts[1], f"pypdfium2 {counts[0]} pages, pypdf {counts[1]}")
    pages = counts[0]
    low, high = product.pages
    ok = low <= pages <= high and pages == entry.get("pages")
    record("pages", ok, f"{pages} (product: {low}-{high}, manifest: {entry.get('pages')})")

    size = entry.get("size") or ""
    if size not in product.sizes:
        record("size", False, f"{product.id} has no size {size!r}")
        return found
    trim = product.trim(size)
    langs = entry.get("langs") or [entry.get("lang")]
    scale = trim.scale if len(langs) == 1 else 1.0  # combined posters keep A4 type
    from generator import pdfread

    found.extend(_boxes(rel, pdfread.boxes(reader), trim))
    missing = pdfread.fonts_embedded(reader)
    record("fonts", not missing, "all embedded" if not missing else f"not embedded: {missing}")
    if product.tagged:
        from generator.verify_course import tagged

        record("tagged", *tagged(path, str(entry.get("lang"))))
    notdef = pdfread.notdef_glyphs(reader)
    record(
        "glyphs",
        notdef == 0,
        "no missing glyph" if not notdef else f"{notdef} glyph(s) drawn as an empty box",
    )

    page_glyphs: list[list[Any]] = []  # each page's glyphs, spaces included, read once
    page_rows: list[list[list[Any]]] = []  # each page's visual lines (pdfread.rows_of)
    for index in range(pages):
        with_spaces = pdfread.glyphs(doc, index, spaces=True)
        page_glyphs.append(with_spaces)
        page_rows.append(pdfread.rows_of(with_spaces))
    inked = [[g for g in glyphs if g.char != " "] for glyphs in page_glyphs]
    # A page from which no glyph is read proves neither size nor place: it fails both, by its
    # number (and its face, below, says what it should have carried).
    unread = [str(n) for n, glyphs in enumerate(inked, start=1) if not glyphs]
    no_text = f"no text read on page {', '.join(unread)}: nothing there is measured"
    sizes = [g.size_pt for glyphs in inked for g in glyphs]
    smallest = min(sizes, default=0.0)
    minimum = product.min_font_pt * scale
    record(
        "type size",
        not unread and smallest >= minimum - 0.05,
        no_text if unread else f"smallest {smallest:.2f} pt (minimum {minimum:.2f} pt)",
    )
    outside = [
        f"page {n}: {g.char!r}"
        for n, glyphs in enumerate(inked, start=1)
        for g in glyphs
        if not _inside(g, trim)
    ]
    record(
        "safe zone",
        not outside and not unread,
        no_text
        if unread
        else f"{len(outside)} glyph(s) outside, first {outside[0]}"
        if outside
        else "all text inside",
    )
    for lang in langs:
        found.extend(_read_back(rel, content, product, str(lang), page_glyphs))

    expected = expected_contacts(content, product.id)
    listed = set(entry.get("contacts") or [])
    record(
        "contacts listed",
        listed == expected,
        "manifest matches the content"
        if listed == expected
        else f"manifest {sorted(listed)}, content {sorted(expected)}",
    )
    for cid in sorted(expected):
        contact = content.contacts[cid]
        for phone in contact.phones:
            # the whole number, not part of a longer one ("112" inside "11 2021" is no proof)
            where = _number_glyphs(page_rows, phone.display)
            printed = any(where)
            record(
                f"number {cid}",
                printed,
                f"{phone.display} on one line, in order"
                if printed
                else f"{phone.display} ({phone.canonical}) is not printed on one line in order",
            )
            if printed:
                crossing = _crossing(page_glyphs, where)
                record(
                    f"number {cid} clear",
                    not crossing,
                    "no other glyph touches its digits"
                    if not crossing
                    else f"{crossing}; a crossed digit can be misread: remove what crosses "
                    f"{phone.display} and build again",
                )
        if contact.web_label and not contact.phones:
            printed = any(_web_printed(rows, contact.web_label) for rows in page_rows)
            record(
                f"web {cid}",
                printed,
                contact.web_label if printed else f"{contact.web_label} is not printed",
            )
        if contact.review_by < today:
            record(
                f"stale {cid}",
                False,
                f"review_by {contact.review_by} has passed; check the contact before printing",
                "error" if strict else "warning",
            )

    qr_findings, codes = _qr_checks(rel, doc, entry, content, product, trim, pages)
    found.extend(qr_findings)
    found.extend(_faces(rel, content, product, inked, page_rows, codes))
    return found


@dataclass(frozen=True)
class Face:
    """What one page of a product is meant to carry, whatever its language."""

    # Texts read back in the file's language (the "text" checks): for each, its candidates in
    # order; the first that is printed whatever the build's options is read. "question" is the
    # question of each of the product's sections.
    texts: tuple[tuple[str, ...], ...] = ()
    # Whose number (or web address, for a contact without one) the page prints: "main" is the
    # product's first QR contact, "directory" its directory (a profile's local contacts too),
    # "steps" the contacts of its sections that ask a question.
    reach: tuple[str, ...] = ()
    qr: bool = False  # the product's QR codes


# What each page of each product carries; a page past its product's faces (a flowing
# document's) carries text. Every page carries text: a page from which no glyph is read
# (blank, its text drawn as paths or as an image) fails its face. Verify keeps this table
# itself, apart from the templates it checks.
FACES: dict[str, tuple[Face, ...]] = {
    "card-help": (
        # The outer face, safe to carry: a neutral title and one number.
        Face(texts=(("ui:help.outer_title",),), reach=("main",)),
        Face(texts=(("ui:help.q1", "ui:help.q2", "ui:help.q3"),), reach=("directory",), qr=True),
    ),
    "card-professional": (
        Face(texts=(("ui:pro.title",), ("question",)), reach=("steps",)),
        Face(reach=("directory",), qr=True),
    ),
    "poster": (
        Face(
            texts=(("ui:help.title",), ("ui:help.q1", "ui:help.q2", "ui:help.q3")),
            reach=("main", "directory"),
            qr=True,
        ),
    ),
    "poster-staff": (
        Face(texts=(("ui:pro.title",), ("question",)), reach=("steps", "directory"), qr=True),
    ),
    # Flowing: the title, the decision path's first question and the QR code open it; the
    # guidance and the directory follow where they fall ("number ..." finds them).
    "handout": (Face(texts=(("ui:handout.doc_title",), ("question",)), qr=True),),
}


def face_of(product_id: str, page: int) -> Face:
    """What page `page` (from 1) of a product carries."""
    faces = FACES.get(product_id, ())
    return faces[page - 1] if page <= len(faces) else Face()


def face_contacts(content: Content, product_id: str, face: Face) -> list[str]:
    """The contacts whose number (or web address) a face prints, in order, from the content."""
    spec = content.products[product_id]
    out: dict[str, None] = {}
    for role in face.reach:
        if role == "main":
            out.update(dict.fromkeys(spec.qr[:1]))
        elif role == "directory":
            out.update(dict.fromkeys(spec.directory))
        elif role == "steps":
            for sid in spec.sections:
                question = content.sections[sid].question
                if question is not None and not question.unconfirmed:
                    out.update(dict.fromkeys(content.sections[sid].contacts))
    return [c for c in out if content.contacts[c].phone or content.contacts[c].web_label]


def _faces(
    rel: str,
    content: Content,
    product: Product,
    inked: list[list[Any]],
    page_rows: list[list[list[Any]]],
    codes: list[list[str]],
) -> list[Finding]:
    """Each page carries what its face is meant to carry: text, its numbers (or web
    addresses), its QR codes. Its texts are read back in the language by _read_back."""
    spec = content.products[product.id]
    targets = [p.tel for p in (content.contacts[c].phone for c in spec.qr) if p is not None]
    findings = []
    for page, glyphs in enumerate(inked, start=1):
        face = face_of(product.id, page)
        rows = page_rows[page - 1]
        carried = [f"{len(glyphs)} glyphs"]
        missing = []
        if not glyphs:
            missing.append(
                "no text is read from it (blank, or its text drawn as paths or an image)"
            )
        for cid in face_contacts(content, product.id, face):
            contact = content.contacts[cid]
            if contact.phone is not None:
                shown = contact.phone.display
                printed = any(_number_glyphs([rows], shown))
            else:
                shown = str(contact.web_label)
                printed = _web_printed(rows, shown)
            (carried if printed else missing).append(
                shown if printed else f"{shown} ({cid}) is not printed on it on one line"
            )
        if face.qr:
            for target in targets:
                if target in codes[page - 1]:
                    carried.append(f"QR {target}")
                    continue
                elsewhere = [str(n) for n, c in enumerate(codes, start=1) if target in c]
                missing.append(
                    f"its QR code {target} is not on it"
                    + (f" (it is on page {', '.join(elsewhere)})" if elsewhere else "")
                )
        findings.append(
            Finding(
                rel,
                f"face {page}",
                not missing,
                f"page {page}: " + ", ".join(carried)
                if not missing
                else f"page {page} of the {product.id}: " + "; ".join(missing),
            )
        )
    return findings


def _web_printed(rows: list[list[Any]], label: str) -> bool:
    """Whether a web address is printed whole on one visual line of a page."""
    return any(label in "".join(g.char for g in row) for row in rows)


def expected_texts(content: Content, product_id: str) -> list[tuple[int, Text]]:
    """(page, source text) that a file of the product must print in its language: each face's
    texts (FACES), the first candidate printed whatever the build's options."""
    spec = content.products[product_id]
    out = []
    for page, face in enumerate(FACES.get(product_id, ()), start=1):
        for candidates in face.texts:
            texts: list[Text | None] = []
            for name in candidates:
                if name == "question":
                    texts += [content.sections[s].question for s in spec.sections]
                else:
                    texts.append(content.ui.get(name.removeprefix("ui:")))
            usable = [
                t for t in texts if t is not None and not t.unconfirmed and "{" not in t.source
            ]
            if usable:
                out.append((page, usable[0]))
    return out


def _read_back(
    rel: str, content: Content, product: Product, lang: str, page_glyphs: list[list[Any]]
) -> list[Finding]:
    """The file prints its title and a text of its guidance in `lang`: a file of another
    language, with its manifest entry edited to match, fails here."""
    language = content.languages.get(lang)
    if language is None:
        return [Finding(rel, "language", False, f"the manifest's language {lang!r} is unknown")]
    catalog = content.catalogs.get(lang)
    findings = []
    for page, text in expected_texts(content, product.id):
        said = text.source if lang == content.source_language else None
        if said is None and catalog is not None:
            said = catalog.get(text)
        said = said or text.source  # untranslated: printed in the source language, marked
        read = "".join(g.char for g in page_glyphs[page - 1]) if page <= len(page_glyphs) else ""
        printed = _reads(said, read)
        findings.append(
            Finding(
                rel,
                f"text {text.context} ({lang})",
                printed,
                f"page {page} reads {said!r}"
                if printed
                else f"page {page} does not read {said!r} ({lang}, {text.context}): this is "
                f"not the {product.id} in {language.english}; build it again"
                if read.strip()
                else f"page {page} has no text to read {said!r} from ({lang}, {text.context})",
            )
        )
    return findings


def skeleton(text: str) -> str:
    """Letters and digits only, case folded, marks and joiners dropped: what a PDF's text layer
    keeps of a script however its font maps glyphs back to characters."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(ch for ch in decomposed if unicodedata.category(ch)[0] in "LN")


def _reads(expected: str, printed: str) -> bool:
    """Whether `printed` holds `expected`, letter for letter.

    The text layer of a shaped script is not always in order: a ligature (Arabic lam-alef)
    maps back to its letters reversed, a glyph the font shares (a Thai vowel) to another
    character of its cluster. So the letters are compared as a multiset over a window of the
    expected length, sliding along the page: the same letters, together, in any local order.
    """
    want, have = skeleton(expected), skeleton(printed)
    if not want or want in have:
        return True
    n = len(want)
    if n > len(have):
        return False
    delta = Counter(have[:n])
    delta.subtract(Counter(want))
    off = sum(1 for v in delta.values() if v)
    for i in range(n, len(have) + 1):
        if off == 0:
            return True
        if i == len(have):
            break
        for ch, step in ((have[i], 1), (have[i - n], -1)):
            before = delta[ch]
            delta[ch] = before + step
            off += (delta[ch] != 0) - (before != 0)
    return False


def _number_glyphs(rows: list[list[list[Any]]], display: str) -> list[list[list[Any]]]:
    """For each page, every place `display` is printed whole on one line: its glyphs.

    Combining marks are not part of a line's reading here: a mark hung on a digit does not
    hide the number from this check, and `_crossing` finds the mark.
    """
    pattern = re.compile(rf"(?<!\d){re.escape(display)}(?!\d)")
    pages = []
    for page_rows in rows:
        places = []
        for row in page_rows:
            chars: list[str] = []
            owners: list[Any] = []
            for g in row:
                if unicodedata.combining(g.char):
                    continue
                if g.char == " " and (not chars or chars[-1] == " "):
                    continue
                chars.append(g.char)
                owners.append(g)
            line = "".join(chars)
            for match in pattern.finditer(line):
                places.append([g for g in owners[match.start() : match.end()] if g.char != " "])
        pages.append(places)
    return pages


def _crossing(page_glyphs: list[list[Any]], where: list[list[list[Any]]]) -> str:
    """What crosses the digits of a number, described; "" when nothing does."""
    for index, (glyphs, places) in enumerate(zip(page_glyphs, where, strict=True), start=1):
        digits = [g for place in places for g in place]
        if not digits:
            continue
        ours = {id(g) for g in digits}
        hits = []
        for other in glyphs:
            if other.char == " " or id(other) in ours:
                continue
            for digit in digits:
                across = min(digit.right, other.right) - max(digit.left, other.left)
                down = min(digit.top, other.top) - max(digit.bottom, other.bottom)
                if min(across, down) > NUMBER_OVERLAP_PT:
                    hits.append((other, digit, min(across, down)))
                    break
        if hits:
            other, digit, depth = hits[0]
            return (
                f"page {index}: {len(hits)} glyph(s) cross its digits, first {_named(other.char)} "
                f"over the {digit.char!r} (by {depth:.1f} pt)"
            )
    return ""


def _named(char: str) -> str:
    """A character as a message shows it: a mark or an invisible one by its code and name."""
    if unicodedata.combining(char) or not char.isprintable():
        return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"
    return repr(char)


def _boxes(rel: str, pages: list[dict[str, tuple[float, ...]]], trim: Trim) -> list[Finding]:
    problems = []
    for number, page in enumerate(pages, start=1):
        t, m, b = page["trimbox"], page["mediabox"], page["bleedbox"]
        width, height = t[2] - t[0], t[3] - t[1]
        if abs(width - trim.width * MM) > BOX_TOLERANCE_PT or abs(height - trim.height * MM) > (
            BOX_TOLERANCE_PT
        ):
            problems.append(f"page {number}: trim {width / MM:.1f} x {height / MM:.1f} mm")
        bleed = trim.bleed * MM
        for name, box in (("media", m), ("bleed", b)):
            margins = (t[0] - box[0], t[1] - box[1], box[2] - t[2], box[3] - t[3])
            if any(abs(x - bleed) > BOX_TOLERANCE_PT for x in margins):
                problems.append(f"page {number}: {name} box is not trim + {trim.bleed} mm")
    detail = (
        f"trim {trim.width} x {trim.height} mm, bleed {trim.bleed} mm"
        if not problems
        else "; ".join(problems)
    )
    return [Finding(rel, "boxes", not problems, detail)]


def _inside(g: Any, trim: Trim) -> bool:
    safe = trim.safe * MM - GLYPH_TOLERANCE_PT
    return bool(
        g.left >= safe
        and g.bottom >= safe
        and g.right <= trim.width * MM - safe
        and g.top <= trim.height * MM - safe
    )


def _qr_checks(
    rel: str,
    doc: Any,
    entry: dict[str, Any],
    content: Content,
    product: Product,
    trim: Trim,
    pages: int,
) -> tuple[list[Finding], list[list[str]]]:
    """Find every QR code, then prove each decodes, sharp and degraded, where it should be.
    Also gives what the codes found on each page decode to."""
    import zxingcpp
    from PIL import ImageFilter

    from generator import pdfread

    findings: list[Finding] = []
    spec = content.products[product.id]
    phones = [content.contacts[c].phone for c in spec.qr]
    expected = sorted(p.tel for p in phones if p is not None)
    listed = sorted(entry.get("qr") or [])
    decoded: list[str] = []
    per_page: list[list[str]] = []
    for index in range(pages):
        per_page.append([])
        page = doc[index]
        crop = page.get_cropbox()
        # Find: about four pixels a module for the smallest code this product may carry.
        module_mm = product.min_qr_mm / 25
        find_dpi = max(100, round(4 / module_mm * 25.4))
        for code in pdfread.qr_codes(doc, index, dpi=find_dpi):
            left, right, top, bottom = code.left, code.right, code.top, code.bottom
            modules = 17 + 4 * code.version
            module_pt = (right - left) / modules
            quiet = QUIET_ZONE_MODULES * module_pt
            name = f"qr {code.text}"
            decoded.append(code.text)
            per_page[-1].append(code.text)
            safe = trim.safe * MM
            inside = (
                left - quiet >= safe - 1
                and bottom - quiet >= safe - 1
                and right + quiet <= trim.width * MM - safe + 1
                and top + quiet <= trim.height * MM - safe + 1
            )
            findings.append(
                Finding(
                    rel,
                    name + " safe zone",
                    inside,
                    "inside with its quiet zone"
                    if inside
                    else "code or quiet zone outside the safe zone",
                )
            )
            # Prove: a sharp 300 dpi rendering and a degraded one (150 dpi, blurred).
            box = (left - quiet, bottom - quiet, right + quiet, top + quiet)
            edges = (box[0] - crop[0], box[1] - crop[1], crop[2] - box[2], crop[3] - box[3])
            edges = tuple(max(0.0, e) for e in edges)
            sharp = page.render(scale=300 / 72, crop=edges).to_pil().convert("L")
            soft = (
                page.render(scale=150 / 72, crop=edges)
                .to_pil()
                .convert("L")
                .filter(ImageFilter.GaussianBlur(0.8))
            )
            for label, img in (("300 dpi", sharp), ("150 dpi blurred", soft)):
                texts = [r.text for r in zxingcpp.read_barcodes(img)]
                ok = texts == [code.text]
                findings.append(
                    Finding(rel, f"{name} {label}", ok, "decodes" if ok else f"decoded {texts}")
                )
            ring = _quiet_zone_dark_pixels(sharp, modules)
            findings.append(
                Finding(
                    rel,
                    name + " quiet zone",
                    ring == 0,
                    "clear" if ring == 0 else f"{ring} dark pixel(s) in it",
                )
            )
    ok = sorted(decoded) == expected == listed
    findings.append(
        Finding(
            rel,
            "qr targets",
            ok,
            f"{sorted(decoded)}"
            if ok
            else f"decoded {sorted(decoded)}, manifest {listed}, content {expected}",
        )
    )
    return findings, per_page


def _quiet_zone_dark_pixels(image: Any, modules: int) -> int:
    """Dark pixels in the four-module ring around the symbol (the image is symbol + ring)."""
    width, height = image.size
    ring_x = width * QUIET_ZONE_MODULES / (modules + 2 * QUIET_ZONE_MODULES)
    ring_y = height * QUIET_ZONE_MODULES / (modules + 2 * QUIET_ZONE_MODULES)
    inner = (int(ring_x * 0.6), int(ring_y * 0.6))  # stay clear of antialiased module edges
    pixels = image.load()
    dark = 0
    for y in range(height):
        for x in range(width):
            if inner[0] <= x < width - inner[0] and inner[1] <= y < height - inner[1]:
                continue
            if pixels[x, y] < 128:
                dark += 1
    return dark
