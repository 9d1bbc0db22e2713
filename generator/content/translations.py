"""Translation catalogs: one gettext PO file per language under content/translations/.

PO is what every translation tool reads (Weblate, Poedit, Crowdin). Each message is keyed by
its context (where the string comes from) and its Norwegian source text, so a changed source
string no longer matches and is reported as missing instead of printing a stale translation.

Provenance lives in the catalog header: `Last-Translator` (a person, or "machine-assisted"),
`X-Reviewed-By` and `X-Reviewed-On`. Babel drops unknown headers, so we read those ourselves.
"""

from __future__ import annotations

import io
import re
import string
from pathlib import Path
from types import MappingProxyType

from babel.messages.pofile import PoFileError, read_po

from generator.content.model import Catalog, Text
from generator.content.yamlsource import Sink

_HEADER = re.compile(r'^"(X-Reviewed-By|X-Reviewed-On):\s*(.*?)\\n"$', re.MULTILINE)
# Five or more digits in a row (spaces allowed between them): a phone number typed into text.
# Numbers must come from contacts.yaml, never from prose, so there is one place to fix them.
TYPED_NUMBER = re.compile(r"\d(?:[ \u00a0]?\d){4,}")


def load_catalog(path: Path, shown: str, lang: str, sink: Sink) -> Catalog | None:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        sink.add(shown, raw[: exc.start].count(b"\n") + 1, "", "is not valid UTF-8")
        return None
    except OSError as exc:
        sink.add(shown, None, "", f"cannot be read: {exc.strerror}")
        return None
    try:
        catalog = read_po(io.BytesIO(raw), locale=None, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        sink.add(shown, None, "", f"is not a valid PO file: {exc}")
        return None
    headers = dict(_HEADER.findall(text))
    translator = dict(catalog.mime_headers).get("Last-Translator", "").strip()
    messages: dict[tuple[str, str], str] = {}
    lines: dict[tuple[str, str], int] = {}
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        lines[(message.context or "", message.id)] = int(message.lineno or 0)
        if message.fuzzy or not isinstance(message.string, str) or not message.string.strip():
            continue  # fuzzy and empty count as missing; the completeness check names them
        messages[(message.context or "", message.id)] = message.string
    return Catalog(
        lang=lang,
        file=shown,
        messages=MappingProxyType(messages),
        translator=translator,
        reviewed=bool(headers.get("X-Reviewed-By", "").strip()),
        lines=MappingProxyType(lines),
    )


def placeholders(value: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(value) if name}


def check_catalog(catalog: Catalog, texts: list[Text], sink: Sink) -> None:
    """Every source string translated, placeholders kept, no phone number typed in."""
    for text in texts:
        translated = catalog.get(text)
        line = catalog.lines.get((text.context, text.source))
        if translated is None:
            state = "is fuzzy or empty" if line else "is missing"
            sink.add(
                catalog.file,
                line,
                text.context,
                f"the translation of {text.source!r} ({text.file}:{text.line}) {state}",
            )
            continue
        if placeholders(translated) != placeholders(text.source):
            sink.add(
                catalog.file,
                line,
                text.context,
                f"translation must keep the placeholders {sorted(placeholders(text.source))}, "
                f"has {sorted(placeholders(translated))}",
            )
        if TYPED_NUMBER.search(translated):
            sink.add(
                catalog.file,
                line,
                text.context,
                "a phone number is typed into the translation; numbers come from contacts.yaml",
            )
