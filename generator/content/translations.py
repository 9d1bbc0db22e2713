"""Translation catalogs: one gettext PO file per language under content/translations/.

PO is what every translation tool reads (Weblate, Poedit, Crowdin). Each message is keyed by
its context (where the string comes from) and its Norwegian source text, so a changed source
string no longer matches and is reported instead of printing a stale translation.

Provenance lives in the catalog header: `Last-Translator` (a person, or "machine-assisted"),
`X-Reviewed-By` and `X-Reviewed-On`. Babel drops unknown headers, so we read those ourselves.
"""

from __future__ import annotations

import io
import re
import string
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from babel.messages.pofile import PoFileError, read_po

from generator.content.model import Catalog, Text
from generator.content.reviews import MARK, message_mark, review_fingerprint
from generator.content.textguard import text_problem
from generator.content.yamlsource import Sink

_HEADER = re.compile(
    r'^"(X-Reviewed-By|X-Reviewed-On|X-Review-Fingerprint):\s*(.*?)\\n"$', re.MULTILINE
)

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
    headers = dict(_HEADER.findall(header_block(text)))
    mime = dict(catalog.mime_headers)
    messages: dict[tuple[str, str], str] = {}
    lines: dict[tuple[str, str], int] = {}
    fuzzy: set[tuple[str, str]] = set()
    marks: list[str] = []
    changed: list[tuple[str, str]] = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        key = (message.context or "", message.id)
        lines[key] = int(message.lineno or 0)
        mark = next(
            (c.removeprefix(MARK).strip() for c in message.user_comments if c.startswith(MARK)),
            None,
        )
        if mark is not None:
            marks.append(mark)
        translated = isinstance(message.string, str) and bool(message.string.strip())
        if message.fuzzy:
            fuzzy.add(key)
            if mark is not None or translated:
                changed.append(key)
            continue
        if translated:
            assert isinstance(message.string, str)
            messages[key] = message.string
            if mark != message_mark(key[0], key[1], message.string):
                changed.append(key)
    reviewed_by = headers.get("X-Reviewed-By", "").strip()
    reviewed_on = headers.get("X-Reviewed-On", "").strip()
    fingerprint = headers.get("X-Review-Fingerprint", "").strip()
    return Catalog(
        lang=lang,
        file=shown,
        messages=MappingProxyType(messages),
        translator=mime.get("Last-Translator", "").strip(),
        reviewed_by=reviewed_by,
        reviewed_on=reviewed_on,
        lines=MappingProxyType(lines),
        fuzzy=frozenset(fuzzy),
        fingerprint_ok=bool(reviewed_by)
        and fingerprint == review_fingerprint(reviewed_by, reviewed_on, marks),
        changed=tuple(changed),
    )


def header_block(text: str) -> str:
    """The PO header entry (msgid "" and its msgstr), where provenance lives: a line that looks
    like "X-Reviewed-By: ..." inside some message's text is not a review."""
    start = text.find('msgid ""')
    if start < 0:
        return ""
    end = text.find("\n\n", start)
    return text[start : end if end >= 0 else len(text)]


def placeholders(value: str) -> set[str] | None:
    """The {names} in a text; None when its braces do not pair up."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(value) if name}
    except ValueError:
        return None


def check_catalog(catalog: Catalog, texts: list[Text], sink: Sink, script: str = "Latn") -> None:
    """What is translated must keep the placeholders and be printable (generator/content/
    textguard.py: no dialable digits, no invisible characters) in its language's `script`."""
    for text in texts:
        translated = catalog.get(text)
        if translated is None:
            continue
        line = catalog.lines.get((text.context, text.source))
        wanted, found = placeholders(text.source), placeholders(translated)
        if found is None:
            sink.add(
                catalog.file,
                line,
                text.context,
                "the translation has a { or } without its pair; write {{ or }} for a brace",
            )
        elif wanted is not None and found != wanted:
            sink.add(
                catalog.file,
                line,
                text.context,
                f"translation must keep the placeholders {sorted(wanted)}, has {sorted(found)}",
            )
        bad = text_problem(translated, script)
        if bad:
            sink.add(catalog.file, line, text.context, f"the translation {bad}")


@dataclass(frozen=True)
class Gap:
    """A source text a language cannot print yet."""

    text: Text
    line: int | None  # where the message stands in the PO file, if it is there at all
    state: str  # "missing", "empty" or "fuzzy"

    def describe(self, file: str) -> str:
        where = f"{file}:{self.line}" if self.line else file
        return f"{where}: {self.text.context}: {self.text.source!r} is {self.state}"


def gaps(catalog: Catalog | None, texts: list[Text], file: str) -> list[Gap]:
    """The texts a catalog does not translate (all of them when there is no catalog)."""
    out = []
    for text in texts:
        key = (text.context, text.source)
        if catalog is not None and catalog.get(text) is not None:
            continue
        line = catalog.lines.get(key) if catalog is not None else None
        if catalog is None or line is None:
            state = "missing"
        elif key in catalog.fuzzy:
            state = "fuzzy"
        else:
            state = "empty"
        out.append(Gap(text, line, state))
    return out
