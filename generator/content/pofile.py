"""A strict reading of a gettext PO file's syntax, before Babel reads its messages.

Babel is lenient: it accepts an unterminated string (and prints the text without its end),
keeps the first of two messages with the same key, and reports a byte-order mark as an error
"on 0". A translation reaches paper, so a PO file is read here first, line by line:

- blank lines, and `#` comments (`#~` obsolete entries are comments too: never printed);
- a keyword (msgctxt, msgid, msgid_plural, msgstr, msgstr[N]), a space and exactly one
  double-quoted string;
- continuation lines holding exactly one double-quoted string;
- in a string, only the escapes Babel decodes: \\n \\t \\r \\" and \\\\ (any other would print as a
  backslash and a letter);
- entries in order: msgctxt before msgid, msgid before msgstr, msgstr[0], msgstr[1], ... after
  msgid_plural; and no message (msgctxt + msgid) defined twice.

Every violation is a problem naming the line and what is wrong. A UTF-8 byte-order mark is
accepted (it precedes line 1, so line numbers stay right).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator.errors import Problem

BOM = "\ufeff"
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
MAX_PROBLEMS = 20  # a file that is not PO at all is reported by its first errors, not all
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)(?= )")
_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_ESCAPE = re.compile(r"\\(.?)")
_WORD = re.compile(r'[^\s"]+')
_HEADER_LINE = re.compile(r"([A-Za-z0-9-]+):[ \t]*(.*)")


def printable(value: str) -> str:
    """`value` with every character that is not printable escaped (\\x1b, \\u200b): a value
    read from a file never reaches the terminal raw."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in value
    )


def shorten(value: str, limit: int = 60) -> str:
    """A value quoted for a message: escaped, and cut when long."""
    cut = value if len(value) <= limit else value[: limit - 1] + "…"
    return f'"{printable(cut)}"'


@dataclass(frozen=True)
class Entry:
    """One message as written: its key, its strings and where they stand."""

    context: str | None
    msgid: str
    msgid_line: int
    plural: str | None
    strings: tuple[str, ...]  # msgstr, or msgstr[0], msgstr[1], ...
    msgstr_line: int  # the line of msgstr (or msgstr[0])
    # The pieces of the (first) msgstr with their lines: where each header line stands.
    pieces: tuple[tuple[str, int], ...]

    @property
    def key(self) -> tuple[str, str]:
        """How helpkit looks a message up (no msgctxt and an empty one are the same)."""
        return (self.context or "", self.msgid)

    @property
    def is_header(self) -> bool:
        return self.context is None and self.msgid == ""


@dataclass(frozen=True)
class HeaderLine:
    name: str
    value: str
    line: int


@dataclass(frozen=True)
class PoSource:
    """A PO file's entries (obsolete ones left out) and its syntax problems."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]

    @property
    def header(self) -> Entry | None:
        return next((e for e in self.entries if e.is_header), None)

    def header_lines(self) -> Iterator[HeaderLine]:
        """The "Name: value" lines of the header entry's msgstr, each with its PO line."""
        header = self.header
        if header is None:
            return
        text, start = "", header.msgstr_line
        for piece, line in header.pieces:
            for part in re.split(r"(\n)", piece):
                if part == "\n":
                    match = _HEADER_LINE.fullmatch(text.strip())
                    if match:
                        yield HeaderLine(match[1], match[2].strip(), start)
                    text = ""
                    continue
                if not text:
                    start = line
                text += part
        match = _HEADER_LINE.fullmatch(text.strip())
        if match:
            yield HeaderLine(match[1], match[2].strip(), start)


def strip_bom(text: str) -> str:
    return text[1:] if text.startswith(BOM) else text


@dataclass
class _Open:
    """The entry being read."""

    context: str | None = None
    context_line: int = 0
    msgid: str | None = None
    msgid_line: int = 0
    plural: str | None = None
    strings: list[str] = field(default_factory=list)
    msgstr_line: int = 0
    pieces: list[tuple[str, int]] = field(default_factory=list)
    last: str = ""  # the last keyword read: where a continuation line belongs


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.entries: list[Entry] = []
        self.open: _Open | None = None
        self.broken = False  # after an error in an entry, its continuation lines are skipped

    def problem(self, line: int | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.file, line, "", message))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(
                Problem(self.file, None, "", f"stopped after {MAX_PROBLEMS} syntax errors")
            )

    def string(self, text: str, line: int) -> str | None:
        """The value of the one quoted string that is `text`, or None (a problem reported)."""
        if not text.startswith('"'):
            self.problem(line, 'a string must be written in double quotes: "..."')
            return None
        match = _STRING.match(text)
        if match is None:
            self.problem(line, 'unterminated string: the closing " is missing')
            return None
        rest = text[match.end() :].strip()
        if rest:
            self.problem(
                line,
                f"text after the string's closing quote: {printable(rest[:30])}; "
                'write \\" for a quote inside a string',
            )
            return None
        body = match[1]
        for escape in _ESCAPE.finditer(body):
            if escape[1] not in ESCAPES:
                self.problem(
                    line,
                    f"invalid escape \\{printable(escape[1])} in a string; "
                    'a string may use \\n, \\t, \\r, \\" and \\\\',
                )
                return None
        return _ESCAPE.sub(lambda m: ESCAPES[m[1]], body)

    def start(self) -> _Open:
        """A new entry begins: the open one ends."""
        self.close()
        self.open = _Open()
        return self.open

    def spoil(self) -> None:
        """The entry being read has an error: the rest of it is skipped, not judged again."""
        if self.open is None:
            self.open = _Open()
        self.broken = True

    def close(self) -> None:
        """The open entry ends (a comment, a new entry, the end of the file)."""
        entry, broken = self.open, self.broken
        self.open, self.broken = None, False
        if entry is None or broken:
            return
        if entry.msgid is None:
            self.problem(entry.context_line, "msgctxt without msgid")
        elif not entry.strings:
            self.problem(entry.msgid_line, "msgid without msgstr")
        else:
            self.entries.append(
                Entry(
                    context=entry.context,
                    msgid=entry.msgid,
                    msgid_line=entry.msgid_line,
                    plural=entry.plural,
                    strings=tuple(entry.strings),
                    msgstr_line=entry.msgstr_line,
                    pieces=tuple(entry.pieces),
                )
            )

    def keyword(self, name: str, index: int | None, value: str | None, line: int) -> None:
        """A keyword line: `name` as written (msgstr[1]), its index, its string (None: the
        string had an error, already reported)."""
        kind = "msgstr" if index is not None else name
        entry = self.open
        if (
            kind == "msgctxt"
            and entry is not None
            and not self.broken
            and entry.msgid is not None
            and not entry.strings
        ):
            self.problem(line, "msgctxt after msgid; msgctxt comes before msgid")
            self.spoil()
            return
        if kind == "msgctxt" or (
            kind == "msgid" and (entry is None or self.broken or entry.msgid is not None)
        ):
            entry = self.start()
        if value is None:
            self.spoil()
            return
        if self.broken:
            return  # the rest of an entry already reported
        error = self.misplaced(entry, name, index)
        if error:
            self.problem(line, error)
            self.spoil()
            return
        assert entry is not None
        if kind == "msgctxt":
            entry.context, entry.context_line = value, line
        elif kind == "msgid":
            entry.msgid, entry.msgid_line = value, line
        elif kind == "msgid_plural":
            entry.plural = value
        else:
            if not entry.strings:
                entry.msgstr_line = line
                entry.pieces.append((value, line))
            entry.strings.append(value)
        entry.last = kind

    @staticmethod
    def misplaced(entry: _Open | None, name: str, index: int | None) -> str:
        """Why keyword `name` cannot stand here, or ""."""
        if name in ("msgctxt", "msgid"):
            return ""
        if entry is None or entry.msgid is None:
            return f"{name} without msgid"
        if name == "msgid_plural":
            if entry.plural is not None or entry.strings:
                return "msgid_plural must follow its msgid directly"
            return ""
        if index is None:
            if entry.plural is not None:
                return "a message with msgid_plural takes msgstr[0], msgstr[1], ..., not msgstr"
            if entry.strings:
                return f"a second msgstr for the msgid of line {entry.msgid_line}"
            return ""
        if entry.plural is None:
            return f"{name} without msgid_plural; a message without plural takes msgstr"
        if index != len(entry.strings):
            return f"{name} out of order; msgstr[{len(entry.strings)}] comes next"
        return ""

    def continuation(self, value: str | None, line: int) -> None:
        entry = self.open
        if value is None:
            self.spoil()
            return
        if self.broken:
            return
        if entry is None or not entry.last:
            self.problem(line, "a string without a keyword before it")
            self.spoil()
            return
        if entry.last == "msgctxt":
            entry.context = (entry.context or "") + value
        elif entry.last == "msgid":
            entry.msgid = (entry.msgid or "") + value
        elif entry.last == "msgid_plural":
            entry.plural = (entry.plural or "") + value
        else:
            entry.strings[-1] += value
            if len(entry.strings) == 1:
                entry.pieces.append((value, line))

    def duplicates(self) -> None:
        seen: dict[tuple[str, str], Entry] = {}
        for entry in self.entries:
            first = seen.setdefault(entry.key, entry)
            if first is entry:
                continue
            what = (
                'the header (msgid "")'
                if entry.is_header
                else (f"the message {shorten(entry.msgid)}")
            )
            self.problems.append(
                Problem(
                    self.file,
                    entry.msgid_line,
                    printable(entry.context or ""),
                    f"{what} is defined twice, on lines {first.msgid_line} and "
                    f"{entry.msgid_line}; keep one",
                )
            )


def parse(text: str, file: str) -> PoSource:
    """Read a PO file's text strictly; `file` names it in problems. A byte-order mark at the
    start is skipped."""
    reader = _Reader(file)
    for number, raw in enumerate(strip_bom(text).split("\n"), start=1):
        if len(reader.problems) > MAX_PROBLEMS:
            break
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            reader.close()
        elif line.startswith('"'):
            reader.continuation(reader.string(line, number), number)
        elif match := _KEYWORD.match(line):
            value = reader.string(line[match.end() :].strip(), number)
            index = int(match[2]) if match[2] is not None else None
            reader.keyword(match[1], index, value, number)
        else:
            word = _WORD.match(line)
            name = word[0] if word else line
            if re.fullmatch(r"msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?", name):
                reader.problem(number, f'{name} must be followed by a space and one "string"')
            else:
                reader.problem(
                    number,
                    f"unknown keyword {shorten(name, 30)}; a line holds msgctxt, msgid, "
                    'msgid_plural, msgstr or msgstr[N] and a "string", a "string", or a # comment',
                )
            reader.spoil()
    reader.close()
    reader.duplicates()
    return PoSource(tuple(reader.entries), tuple(reader.problems))
