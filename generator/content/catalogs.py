"""Write gettext catalogs from the content: the seed of `helpkit i18n extract/update`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import write_po

from generator import __version__
from generator.content.model import Content


def source_catalog(
    content: Content, lang: str | None = None, translations: dict[str, str] | None = None
) -> BabelCatalog:
    """A catalog of every printable string, keyed by context; filled from `translations`
    (context -> text) when given. Dates are fixed so the file is reproducible."""
    fixed = dt.datetime(2021, 1, 6, tzinfo=dt.UTC)
    catalog = BabelCatalog(
        locale=lang,
        project="helpkit",
        version=__version__,
        creation_date=fixed,
        revision_date=fixed,
        fuzzy=False,
    )
    for text in content.texts():
        catalog.add(
            text.source,
            string=(translations or {}).get(text.context, ""),
            locations=[(text.file, text.line)],
            context=text.context,
        )
    return catalog


def write_catalog(
    catalog: BabelCatalog, path: Path, translator: str, reviewed_by: str = "", reviewed_on: str = ""
) -> None:
    """Write a PO file with helpkit's provenance headers."""
    catalog.last_translator = translator
    catalog.language_team = f"{catalog.locale} (helpkit)" if catalog.locale else ""
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=False, omit_header=False)
    text = buf.getvalue().decode("utf-8")
    # Babel cannot carry custom headers; add ours after Content-Transfer-Encoding.
    marker = '"Content-Transfer-Encoding: 8bit\\n"\n'
    extra = f'"X-Reviewed-By: {reviewed_by}\\n"\n"X-Reviewed-On: {reviewed_on}\\n"\n'
    text = text.replace(marker, marker + extra, 1)
    path.write_text(text, encoding="utf-8")
