"""Write gettext catalogs: the POT template from the content, and PO files with provenance."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import write_po

from generator import __version__
from generator.content.model import Content

# Fixed dates keep every generated file reproducible: the same content, the same bytes.
FIXED = dt.datetime(2021, 1, 6, tzinfo=dt.UTC)
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
    catalog: BabelCatalog, translator: str = "", reviewed_by: str = "", reviewed_on: str = ""
) -> str:
    """A PO (or POT) file's text with helpkit's provenance headers."""
    catalog.last_translator = translator or "FULL NAME <EMAIL@ADDRESS>"
    catalog.language_team = f"{catalog.locale} (helpkit)" if catalog.locale else "LANGUAGE"
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=False, omit_header=False, include_previous=True)
    text = buf.getvalue().decode("utf-8")
    # Babel cannot carry custom headers; add ours after Content-Transfer-Encoding.
    marker = '"Content-Transfer-Encoding: 8bit\\n"\n'
    extra = f'"X-Reviewed-By: {reviewed_by}\\n"\n"X-Reviewed-On: {reviewed_on}\\n"\n'
    return text.replace(marker, marker + extra, 1)


def write_catalog(
    catalog: BabelCatalog, path: Path, translator: str, reviewed_by: str = "", reviewed_on: str = ""
) -> None:
    path.write_text(render_catalog(catalog, translator, reviewed_by, reviewed_on), encoding="utf-8")
