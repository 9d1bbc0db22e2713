"""Translation catalogs: one gettext PO file per language under content/translations/.

PO is what every translation tool reads (Weblate, Poedit, Crowdin). Each message is keyed by
its context (where the string comes from) and its Norwegian source text, so a changed source
string no longer matches and is reported instead of printing a stale translation.

Provenance lives in the catalog header: `Last-Translator` (a person, or "machine-assisted"),
`X-Reviewed-By` and `X-Reviewed-On`. Babel drops unknown headers, so we read those ourselves.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from babel.messages.pofile import PoFileError, read_po

from generator.content.model import Catalog, Text
from generator.content.pofile import PoSource, parse, printable, shorten, strip_bom
from generator.content.reviews import MARK, message_mark, review_fingerprint
from generator.content.textguard import MAX_TEXT_CHARS, text_problem
from generator.content.yamlsource import Sink
from generator.errors import ContentError, Problem
from generator.files import UnsafeInput, read_input
from generator.project import BUNDLED

# A catalog is a few tens of kilobytes; a larger file is refused before it is read.
MAX_PO_BYTES = 1_000_000
# The header values helpkit reads itself (Babel drops the X- ones).
PROVENANCE = ("Last-Translator", "X-Reviewed-By", "X-Reviewed-On", "X-Review-Fingerprint")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def read_po_source(path: Path, shown: str, root: Path) -> tuple[str, PoSource]:
    """A PO file's text (without a byte-order mark) and its strict reading.

    The file must be a regular file inside the project (or the bundle), no larger than
    MAX_PO_BYTES, valid UTF-8 and valid PO syntax; else ContentError, naming file and line.
    """
    try:
        raw = read_input(path, (root, BUNDLED), MAX_PO_BYTES)
    except UnsafeInput as exc:
        raise ContentError([Problem(shown, None, "", str(exc))]) from exc
    try:
        text = strip_bom(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        raise ContentError([Problem(shown, line, "", message)]) from exc
    source = parse(text, shown)
    if source.problems:
        raise ContentError(source.problems)
    return text, source


def provenance(source: PoSource, shown: str) -> tuple[dict[str, str], list[Problem]]:
    """The header's Last-Translator and review values, and what is wrong with them.

    Names must be printable text (no terminal escape sequences); X-Reviewed-On, when given,
    must be a date (YYYY-MM-DD); each value is given once. (A reviewer without a date is no
    review, but not an error: see `load_catalog`.)
    """
    found: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    for line in source.header_lines():
        if line.name not in PROVENANCE:
            continue
        if line.name in found:
            first = found[line.name][1]
            problems.append(
                Problem(
                    shown,
                    line.line,
                    line.name,
                    f"is in the header twice, on lines {first} and {line.line}; keep one",
                )
            )
            continue
        found[line.name] = (line.value, line.line)
    for name in ("Last-Translator", "X-Reviewed-By"):
        value, line_no = found.get(name, ("", 0))
        bad = next((c for c in value if not c.isprintable()), None)
        if bad is not None:
            problems.append(
                Problem(
                    shown,
                    line_no,
                    name,
                    f"contains the unprintable character U+{ord(bad):04X} in {shorten(value)}; "
                    "a name is plain text",
                )
            )
    date, date_line = found.get("X-Reviewed-On", ("", 0))
    if date and not is_date(date):
        problems.append(
            Problem(
                shown,
                date_line,
                "X-Reviewed-On",
                f"{shorten(date)} is not a date like 2026-11-29, so the catalog is not "
                "reviewed; `helpkit i18n sign-off` records a review",
            )
        )
    return {name: value for name, (value, _) in found.items()}, problems


def is_date(value: str) -> bool:
    """Whether `value` is a calendar date written YYYY-MM-DD."""
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def message_problems(source: PoSource, shown: str) -> list[tuple[tuple[str, str], Problem]]:
    """Each translation too long to print, or with a placeholder that is not a plain {name},
    with its message's key."""
    problems = []
    for entry in source.entries:
        if entry.is_header:
            continue
        context = printable(entry.context or "")
        for value in entry.strings:
            if len(value) > MAX_TEXT_CHARS:
                problem = Problem(
                    shown,
                    entry.msgstr_line,
                    context,
                    f"translation is {len(value)} characters; a printed text is limited "
                    f"to {MAX_TEXT_CHARS}",
                )
                problems.append((entry.key, problem))
                continue
            wrong = placeholder_problem(value)
            if wrong:
                problem = Problem(shown, entry.msgstr_line, context, f"the translation's {wrong}")
                problems.append((entry.key, problem))
    return problems


def load_catalog(
    path: Path, shown: str, lang: str, sink: Sink, root: Path | None = None
) -> Catalog | None:
    """The catalog of `lang` at `path` (shown as `shown`), or None when it cannot be read.

    `root` is the project folder the file must stay in (by default the one holding
    content/translations/).
    """
    try:
        text, source = read_po_source(path, shown, root or path.absolute().parents[2])
        catalog = read_po(io.StringIO(text), locale=None, abort_invalid=True)
    except ContentError as exc:
        for problem in exc.problems:
            sink.add(problem.file, problem.line, problem.field, problem.message)
        return None
    except (PoFileError, ValueError) as exc:
        sink.add(shown, None, "", f"is not a valid PO file: {printable(str(exc))}")
        return None
    headers, header_problems = provenance(source, shown)
    refused = message_problems(source, shown)
    for problem in header_problems + [problem for _, problem in refused]:
        sink.add(problem.file, problem.line, problem.field, problem.message)
    # A refused translation is not loaded: it is reported here, with its msgstr line, once.
    skip = {key for key, _ in refused}
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
        if key in skip:
            continue
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
    reviewed_by = headers.get("X-Reviewed-By", "")
    reviewed_on = headers.get("X-Reviewed-On", "")
    fingerprint = headers.get("X-Review-Fingerprint", "")
    return Catalog(
        lang=lang,
        file=shown,
        messages=MappingProxyType(messages),
        translator=headers.get("Last-Translator", ""),
        reviewed_by=reviewed_by,
        reviewed_on=reviewed_on,
        lines=MappingProxyType(lines),
        fuzzy=frozenset(fuzzy),
        # A header with no date, a wrong date or an unprintable name records no review,
        # whatever its fingerprint says.
        fingerprint_ok=bool(reviewed_by)
        and is_date(reviewed_on)
        and not header_problems
        and fingerprint == review_fingerprint(reviewed_by, reviewed_on, marks),
        changed=tuple(changed),
    )


def split_fields(value: str) -> list[tuple[str, str | None]] | None:
    """`value` as (literal text, placeholder) pairs, the way str.format reads it: "{{" and
    "}}" are a literal brace, "{...}" a placeholder (None after the last literal). None when a
    brace has no pair."""
    out: list[tuple[str, str | None]] = []
    literal: list[str] = []
    i, n = 0, len(value)
    while i < n:
        char = value[i]
        if char in "{}" and value.startswith(char * 2, i):
            literal.append(char)
            i += 2
        elif char == "}":
            return None
        elif char == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                depth += {"{": 1, "}": -1}.get(value[j], 0)
                j += 1
            if depth:
                return None
            out.append(("".join(literal), value[i + 1 : j - 1]))
            literal = []
            i = j
        else:
            literal.append(char)
            i += 1
    if literal:
        out.append(("".join(literal), None))
    return out


def placeholders(value: str) -> set[str] | None:
    """The {placeholders} in a text, as written between the braces; None when its braces do
    not pair up."""
    parts = split_fields(value)
    return None if parts is None else {name for _, name in parts if name is not None}


def placeholder_problem(value: str) -> str | None:
    """Why a placeholder in `value` is not a plain {name}, or None.

    Only plain names are filled in. A conversion ({name!r}) or format spec ({name:x}) changes
    what is printed, and attribute or index access ({name.__class__}, {name[0]}) would walk
    into the value filled in: all are refused.
    """
    for _, name in split_fields(value) or ():
        if name is None or _NAME.fullmatch(name):
            continue
        base = _NAME.match(name)
        shown = printable("{" + name + "}")
        if base is None:
            return f"placeholder {shown} has no name; write a name like {{name}}"
        rest = printable(name[base.end() :])
        kind = {
            "!": f"has a conversion ({rest})",
            ":": f"has a format spec ({rest})",
            ".": f"reads an attribute ({rest})",
            "[": f"reads an index ({rest})",
        }.get(rest[:1], f"is not a plain name ({rest} after {base[0]})")
        return f"placeholder {shown} {kind}; write {{{base[0]}}}"
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
