"""Write gettext catalogs: the POT template from the content, and PO files with provenance."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import write_po

from generator import __version__
from generator.content.model import Content
from generator.errors import OutputError

# A new template or catalog starts with this date; after that each file carries the date it
# last changed (see `write_if_changed`), so the same content gives the same bytes.
FIXED = dt.datetime(2021, 1, 6, tzinfo=dt.UTC)
BUGS_TO = "the organisation that prints this material (see README: Translations)"
REVIEW_HEADERS = ("X-Reviewed-By", "X-Reviewed-On", "X-Review-Fingerprint")
HEADER = (
    "# helpkit content: {what}.\n"
    "# Source language: Norwegian bokmål (content/*.yaml). Edit with any PO editor;\n"
    "# provenance is in the header: Last-Translator, X-Reviewed-By, X-Reviewed-On.\n#"
)


def source_catalog(
    content: Content, lang: str | None = None, translations: dict[str, str] | None = None
) -> BabelCatalog:
    """A catalog of every printable string, keyed by context; filled from `translations`
    (context -> text) when given."""
    what = "translation template" if lang is None else f"{lang} translation"
    catalog = BabelCatalog(
        locale=lang,
        project="helpkit",
        version=__version__,
        creation_date=FIXED,
        revision_date=FIXED,
        fuzzy=False,
        header_comment=HEADER.format(what=what),
        msgid_bugs_address=BUGS_TO,
    )
    for text in content.texts():
        catalog.add(
            text.source,
            string=(translations or {}).get(text.context, ""),
            locations=[(text.file, text.line)],
            context=text.context,
        )
    return catalog


def render_catalog(
    catalog: BabelCatalog,
    translator: str = "",
    review: dict[str, str] | None = None,
    lang: str | None = None,
) -> str:
    """A PO (or POT) file's text with helpkit's provenance headers.

    `review` holds the X-Reviewed-By, X-Reviewed-On and X-Review-Fingerprint values (empty
    when no person has reviewed the language). `lang` is the catalog's language code as
    helpkit names it (the file name), whatever Babel locale it was read with.
    """
    catalog.last_translator = translator or "FULL NAME <EMAIL@ADDRESS>"
    catalog.msgid_bugs_address = BUGS_TO
    code = lang or (str(catalog.locale) if catalog.locale else None)
    catalog.language_team = f"{code} (helpkit)" if code else "LANGUAGE"
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=False, omit_header=False, include_previous=True)
    text = buf.getvalue().decode("utf-8")
    # Babel cannot carry custom headers; add ours after Content-Transfer-Encoding.
    marker = '"Content-Transfer-Encoding: 8bit\\n"\n'
    values = review or {}
    extra = "".join(f'"{name}: {values.get(name, "")}\\n"\n' for name in REVIEW_HEADERS)
    return text.replace(marker, marker + extra, 1)


def write_if_changed(path: Path, catalog: BabelCatalog, render: Callable[[], str]) -> bool:
    """Write a catalog only when its text changes, and then date it today.

    The revision date (creation date, for the template) is the day the file last changed: true,
    and stable when nothing changed, so running a command twice changes nothing.
    """
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    text = render()
    if old is not None and text == old:
        return False
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    if path.suffix == ".pot":
        catalog.creation_date = now
    catalog.revision_date = now
    text = render()
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot be written: {exc.strerror}") from exc
    return True
