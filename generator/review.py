"""A translation review a native speaker outside the project can do, bound to the words reviewed.

1. `review_pack` writes, for one language, a bilingual PDF to print and tick, and the same rows
   as a CSV that Excel, LibreOffice or Google Sheets open: per message its id, where it is
   printed (product and face), a note on who reads it, the Norwegian source (and the English
   translation, for a reviewer who reads English better than Norwegian), the translation, an
   "ok" column and a column for a correction.
2. `import_review` applies the corrections of a filled-in sheet. Each correction is checked like
   any translation (placeholders, no typed numbers, no control characters) and marked fuzzy
   with a `helpkit-correction` note: it prints nothing until the reviewer signs off.
3. `sign_off` records the reviewer, the date and a fingerprint of every reviewed message in the
   PO file (see content/reviews.py). From then on any change to a reviewed message makes the
   language unreviewed again, everywhere: the manifest, the printed note, --require-reviewed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.model import Content, Text
from generator.content.reviews import CORRECTION, MARK, message_mark, review_fingerprint
from generator.content.textguard import forbidden_characters, text_problem
from generator.content.translations import placeholders
from generator.content.usage import texts_for
from generator.errors import (
    ContentError,
    HelpkitError,
    OutputError,
    Problem,
    TranslationError,
    UsageError,
    relpath,
)
from generator.i18n import PoFile, catalog_path, read_catalog
from generator.products import PRODUCTS
from generator.project import BUNDLED, Project

COLUMNS = (
    "lang",
    "id",
    "where",
    "note",
    "norwegian",
    "english",
    "translation",
    "ok",
    "correction",
    "comment",
)
# What a reviewer needs to know of each kind of message, keyed by its context.
_NOTES = (
    (
        re.compile(r"^ui:help\."),
        "Read by a person who may be exploited: plain, calm words; promise nothing more than "
        "the Norwegian says.",
    ),
    (re.compile(r"^ui:qr\."), "Caption under a QR code that calls the number."),
    (re.compile(r"^ui:pro\."), "Read by health and social workers."),
    (re.compile(r"^ui:flow\."), "A word on an arrow of the decision flowchart."),
    (re.compile(r"^ui:.*doc_"), "PDF metadata: the document's title or subject."),
    (re.compile(r"^ui:"), "A heading, caption or label."),
    (re.compile(r":question$"), "A card step: the short question (one line on a card)."),
    (re.compile(r":action$"), "A card step: what to do, short (two lines on a card)."),
    (re.compile(r":summary$"), "One sentence of guidance, for posters."),
    (re.compile(r":title$"), "A section heading of the guidance."),
    (re.compile(r":full:\d+$"), "A paragraph of the full guidance (training handout)."),
    (
        re.compile(r":plain$"),
        "Plain label beside a phone number, for a person who may be exploited.",
    ),
    (re.compile(r":(name|short)$"), "The name of a service (short where space is tight)."),
    (re.compile(r":audience$"), "For whom the service is, as the guidance says."),
    (re.compile(r":offers$"), "What the service offers, as the guidance says."),
)
# Which face of a two-sided card a message is printed on (the rest: the other face).
_FIRST_FACE = {
    "card-help": (
        "outer face",
        "inner face",
        {"ui:help.outer_title", "ui:help.outer_sub", "ui:help.call_number"},
    ),
    "card-professional": (
        "front",
        "back",
        {"ui:pro.kicker", "ui:pro.title", "ui:pro.no_need_to_be_sure"},
    ),
}


@dataclass(frozen=True)
class ReviewRow:
    id: str
    where: str
    note: str
    norwegian: str
    english: str
    translation: str
    state: str  # "", "changed since the review", "fuzzy", "correction not signed off"


@dataclass(frozen=True)
class PackResult:
    lang: str
    rows: int
    csv: Path
    pdf: Path


@dataclass(frozen=True)
class ImportResult:
    lang: str
    file: Path
    corrections: int


@dataclass(frozen=True)
class SignOffResult:
    lang: str
    file: Path
    messages: int
    corrections: int  # imported corrections the sign-off accepted


def where_printed(content: Content, text: Text) -> str:
    """Products (and card faces) that print a text: "card-help (inner face); poster"."""
    out = []
    for product in PRODUCTS.values():
        if text not in texts_for(content, product):
            continue
        face = _FIRST_FACE.get(product.id)
        if face is None:
            out.append(product.id)
            continue
        first, second, keys = face
        on_first = text.context in keys or text.context.endswith((":question", ":action"))
        out.append(f"{product.id} ({first if on_first else second})")
    return "; ".join(out) or "not printed by any product"


def note_for(text: Text) -> str:
    note = next((n for pattern, n in _NOTES if pattern.search(text.context)), "")
    names = sorted(placeholders(text.source) or ())
    if names:
        kept = ", ".join("{" + n + "}" for n in names)
        note += f" Keep {kept} exactly as written: the tool puts the value there."
    return note.strip()


def review_rows(content: Content, lang: str) -> list[ReviewRow]:
    """Every message the language translates, in the order of the content."""
    if lang == content.source_language or lang not in content.languages:
        raise UsageError(f"{lang!r} is not a translated language helpkit knows")
    catalog = content.catalogs.get(lang)
    if catalog is None:
        raise UsageError(f"{lang} has no catalog: content/translations/{lang}.po is missing")
    english = content.catalogs.get("en")
    rows = []
    for text in content.texts():
        key = (text.context, text.source)
        value = catalog.get(text)
        if value is None:
            continue
        state = "changed since the review" if key in catalog.changed and catalog.reviewed_by else ""
        rows.append(
            ReviewRow(
                id=text.context,
                where=where_printed(content, text),
                note=note_for(text),
                norwegian=text.source,
                english=(english.get(text) or "") if english and lang != "en" else "",
                translation=value,
                state=state,
            )
        )
    return rows


def review_pack(project: Project, content: Content, lang: str, out: Path) -> PackResult:
    """Write review-<lang>.csv and review-<lang>.pdf into `out`."""
    rows = review_rows(content, lang)
    if not rows:
        raise UsageError(f"{lang} has no translated message to review yet")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot be made a folder: {exc.strerror}") from exc
    csv_path = out / f"review-{lang}.csv"
    pdf_path = out / f"review-{lang}.pdf"
    pdf = _pack_pdf(content, lang, rows)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow(
            [lang, r.id, r.where, r.note, r.norwegian, r.english, r.translation, "", "", r.state]
        )
    # A byte-order mark, so that Excel reads the file as UTF-8 (Tigrinya, Thai, Arabic...).
    _write_atomic(csv_path, ("\ufeff" + buf.getvalue()).encode("utf-8"))
    _write_atomic(pdf_path, pdf)
    return PackResult(lang, len(rows), csv_path, pdf_path)


def _pack_pdf(content: Content, lang: str, rows: list[ReviewRow]) -> bytes:
    import weasyprint
    from markupsafe import Markup

    from generator.fonts import font_stack
    from generator.render.environment import make_environment
    from generator.render.fetcher import ProjectFetcher

    language = content.languages[lang]
    catalog = content.catalogs[lang]
    # The pack is helpkit's own form, not a product: always the bundled template.
    env = make_environment(BUNDLED / "templates")
    html = env.get_template("review/pack.html.j2").render(
        lang=language,
        rows=rows,
        file=catalog.file,
        state=catalog.review_state,
        # Our own constants (family names in quotes), printed inside <style>: not to be escaped.
        font_stack=Markup(font_stack(language.script)),
        latin=Markup(font_stack("Latn")),
        english=lang != "en" and "en" in content.catalogs,
    )
    document = weasyprint.HTML(string=html, url_fetcher=ProjectFetcher([]))
    data: bytes = document.write_pdf()
    return data


def import_review(project: Project, content: Content, sheet: Path) -> ImportResult:
    """Apply the corrections of a filled-in review sheet; each stays fuzzy until sign-off.

    Every row is checked before anything is written: one bad row, and the catalog is untouched.
    """
    shown = str(sheet)
    rows = _read_sheet(sheet, shown)
    langs = {r["lang"].strip() for r in rows if r.get("lang")}
    if len(langs) != 1:
        found = ", ".join(sorted(langs)) or "none"
        raise ContentError([Problem(shown, None, "lang", f"must be one language, found {found}")])
    lang = langs.pop()
    if lang not in content.catalogs:
        raise ContentError(
            [Problem(shown, None, "lang", f"{lang!r} has no catalog in content/translations/")]
        )
    po = read_catalog(catalog_path(project, lang), content, lang)
    by_key = {(m.context or "", m.id): m for m in po.catalog if m.id}
    problems: list[Problem] = []
    corrections: list[tuple[Any, str]] = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        correction = " ".join((row.get("correction") or "").split())
        if not correction:
            continue
        key = ((row.get("id") or "").strip(), " ".join((row.get("norwegian") or "").split()))
        message = by_key.get(key)
        field, why = _correction_problem(
            key, message, row, correction, content.languages[lang].script
        )
        if why:
            problems.append(Problem(shown, number, field, f"{key[0]}: {why}"))
        else:
            corrections.append((message, correction))
    if problems:
        raise ContentError(problems)
    for message, correction in corrections:
        message.string = correction
        message.flags.add("fuzzy")
        comments = [c for c in message.user_comments if not c.startswith(CORRECTION)]
        message.user_comments = [*comments, f"{CORRECTION}from {sheet.name}"]
    po.write()
    return ImportResult(lang, po.path, len(corrections))


def _read_sheet(sheet: Path, shown: str) -> list[dict[str, str]]:
    try:
        text = sheet.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise UsageError(f"{shown}: cannot be read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        why = "is not UTF-8 text; save the sheet as CSV UTF-8"
        raise ContentError([Problem(shown, None, "", why)]) from exc
    try:
        reader = csv.DictReader(io.StringIO(text))
        columns = reader.fieldnames or []
        needed = ("lang", "id", "norwegian", "translation", "correction")
        missing = ", ".join(c for c in needed if c not in columns)
        if missing:
            why = f"is not a helpkit review sheet: no column {missing}"
            raise ContentError([Problem(shown, 1, "", why)])
        return [{k: v or "" for k, v in row.items() if isinstance(k, str)} for row in reader]
    except csv.Error as exc:
        raise ContentError([Problem(shown, None, "", f"is not a CSV file: {exc}")]) from exc


def _correction_problem(
    key: tuple[str, str], message: Any, row: dict[str, str], correction: str, script: str
) -> tuple[str, str]:
    """(column, what is wrong) with one row's correction; ("", "") when it can be applied."""
    if message is None:
        return "norwegian", "this Norwegian text is no longer in the source; make a new pack"
    if (message.string or "") != (row.get("translation") or ""):
        return "translation", "the translation changed after the pack was made; make a new pack"
    wanted, found = placeholders(key[1]), placeholders(correction)
    if found is None or (wanted is not None and found != wanted):
        return "correction", f"must keep the placeholders {sorted(wanted or ())}"
    bad = text_problem(correction, script)
    if bad:
        return "correction", bad
    return "", ""


def sign_off(
    project: Project, content: Content, lang: str, reviewer: str, date: dt.date | None = None
) -> SignOffResult:
    """Record that `reviewer` reviewed every translated message of `lang` as it stands now."""
    reviewer = " ".join(reviewer.split())
    if not reviewer or forbidden_characters(reviewer) or "\\" in reviewer or '"' in reviewer:
        raise UsageError(
            '--reviewer must name a person and role, like "Amina Yusuf, court interpreter"'
        )
    if lang == content.source_language or lang not in content.catalogs:
        raise UsageError(f"{lang!r} has no catalog to sign off")
    po = read_catalog(catalog_path(project, lang), content, lang)
    wanted = {(t.context, t.source) for t in content.texts()}
    blocking = []
    accepted = 0
    marks = []
    for message in po.catalog:
        if not message.id:
            continue
        key = (message.context or "", str(message.id))
        corrected = any(c.startswith(CORRECTION) for c in message.user_comments)
        if message.fuzzy and corrected:
            message.flags.discard("fuzzy")  # the reviewer's own correction: accepted now
            accepted += 1
        elif message.fuzzy:
            blocking.append(f"{po.path.name}:{message.lineno}: {key[0]} is fuzzy")
            continue
        comments = [c for c in message.user_comments if not c.startswith((MARK, CORRECTION))]
        value = message.string if isinstance(message.string, str) else ""
        if value.strip() and key in wanted:
            mark = message_mark(key[0], key[1], value)
            marks.append(mark)
            comments.append(MARK + mark)
        message.user_comments = comments
    if blocking:
        raise TranslationError(
            "a message changed in the source must be translated again (and reviewed) before "
            "sign-off:\n  " + "\n  ".join(blocking)
        )
    if not marks:
        raise UsageError(f"{lang} has no translated message to sign off")
    when = (date or dt.date.today()).isoformat()
    po.headers["X-Reviewed-By"] = reviewer
    po.headers["X-Reviewed-On"] = when
    po.headers["X-Review-Fingerprint"] = review_fingerprint(reviewer, when, marks)
    po.write()
    return SignOffResult(lang, po.path, len(marks), accepted)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise HelpkitError(f"{path}: cannot be written: {exc.strerror}") from exc


__all__ = [
    "ImportResult",
    "PackResult",
    "PoFile",
    "ReviewRow",
    "SignOffResult",
    "import_review",
    "relpath",
    "review_pack",
    "review_rows",
    "sign_off",
]
