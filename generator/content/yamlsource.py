"""Read YAML while keeping where every value came from.

Content errors must name file, line and field, so the loader never hands plain dicts to the
model: `Record` wraps a mapping with its file, its line and its dotted field path, and every
accessor records a `Problem` instead of raising, so one pass reports everything that is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

from generator.content.textguard import text_problem
from generator.errors import Problem
from generator.files import UnsafeInput, read_input

# A content file is a few kilobytes; anything far larger is a mistake or an attack.
MAX_BYTES = 2_000_000
MAX_DEPTH = 20


class Sink:
    """Collects problems from every file so they can be reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(file, line, field, message))


def load_yaml(path: Path, shown: str, sink: Sink, roots: Iterable[Path]) -> Any:
    """Parse one YAML file; on failure record a located problem and return None.

    `roots`: the folders the file (after following symlinks) must lie in.
    """
    try:
        raw = read_input(path, roots, MAX_BYTES)
    except UnsafeInput as exc:
        sink.add(shown, None, "", str(exc))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        sink.add(shown, line, "", f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x})")
        return None
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        # Shape first, from the event stream (which needs no recursion): aliases and absurd
        # nesting are refused before the composer builds anything from them.
        if not _events_ok(yaml, text, shown, sink):
            return None
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where: int | None = int(mark.line) + 1 if mark is not None else None
        what = (exc.problem or exc.context or "invalid YAML").strip()
        if "duplicate key" in what:
            what = f"duplicate key {_duplicate_key(exc)}".rstrip()
        sink.add(shown, where, "", f"YAML error: {what}")
        return None
    except YAMLError as exc:  # pragma: no cover - ruamel marks nearly everything
        sink.add(shown, None, "", f"YAML error: {exc}")
        return None
    return data


def _events_ok(yaml: YAML, text: str, shown: str, sink: Sink) -> bool:
    """Refuse aliases (they let a tiny file expand without bound, and make two fields one)
    and nesting deeper than any content file needs."""
    depth = 0
    for event in yaml.parse(text):
        line = int(event.start_mark.line) + 1
        if isinstance(event, AliasEvent):
            sink.add(shown, line, "", "uses a YAML alias; aliases are not allowed in content")
            return False
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                sink.add(shown, line, "", f"is nested deeper than {MAX_DEPTH} levels")
                return False
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return True


def _duplicate_key(exc: MarkedYAMLError) -> str:
    problem = str(exc.problem or "")
    # ruamel says: found duplicate key "id" with value "x" (original value: "y")
    if '"' in problem:
        return '"' + problem.split('"')[1] + '"'
    return ""


def _field(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


class Record:
    """A YAML mapping with its location; typed getters record problems and return None."""

    def __init__(self, data: CommentedMap, file: str, field: str, sink: Sink) -> None:
        self.data = data
        self.file = file
        self.field = field
        self.sink = sink
        self.used: set[str] = set()
        self.refused: set[str] = set()  # present, but refused: not to be reported as missing too

    @classmethod
    def of(cls, value: Any, file: str, field: str, sink: Sink, line: int | None) -> Record | None:
        if not isinstance(value, CommentedMap):
            sink.add(file, line, field, f"must be a mapping, not {_kind(value)}")
            return None
        return cls(value, file, field, sink)

    @property
    def line(self) -> int:
        return int(self.data.lc.line) + 1

    def line_of(self, key: str) -> int:
        if key in self.data:
            return int(self.data.lc.value(key)[0]) + 1
        return self.line

    def problem(self, key: str, message: str) -> None:
        self.sink.add(self.file, self.line_of(key), _field(self.field, key), message)

    def _get(self, key: str, required: bool) -> Any:
        self.used.add(key)
        if key not in self.data or self.data[key] is None:
            if required:
                self.sink.add(self.file, self.line, _field(self.field, key), "is required")
            return None
        return self.data[key]

    def text(self, key: str, required: bool = True, digits: bool = False) -> str | None:
        """A text field, refused when it could not be printed safely (generator/content/
        textguard.py); `digits`: the field is not prose (a number, an address, a quote) and
        may hold a run of digits."""
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(key, f"must be text, not {_kind(value)}")
            return None
        value = " ".join(value.split())  # folded YAML and stray spaces must not reach paper
        if not value:
            self.problem(key, "must not be empty")
            return None
        bad = text_problem(value, digits=digits)
        if bad:
            self.problem(key, bad)
            self.refused.add(key)
            return None
        return value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(key, f"must be a date written YYYY-MM-DD, not {value!r}")
        return None

    def flag(self, key: str) -> bool:
        """An optional true/false; absent is false."""
        value = self._get(key, required=False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(key, f"must be true or false, not {_kind(value)}")
            return False
        return value

    def records(self, key: str, required: bool = True) -> Iterator[Record]:
        """Each item of a list of mappings."""
        for index, item, line in self._items(key, required):
            rec = Record.of(
                item, self.file, _field(_field(self.field, key), index), self.sink, line
            )
            if rec is not None:
                yield rec

    def texts(self, key: str, required: bool = True, digits: bool = False) -> list[tuple[str, int]]:
        """A list of texts, each with its line."""
        out: list[tuple[str, int]] = []
        for index, item, line in self._items(key, required):
            if not isinstance(item, str) or not item.strip():
                field = _field(_field(self.field, key), index)
                self.sink.add(self.file, line, field, f"must be non-empty text, not {_kind(item)}")
                continue
            value = " ".join(item.split())
            bad = text_problem(value, digits=digits)
            if bad:
                self.sink.add(self.file, line, _field(_field(self.field, key), index), bad)
                continue
            out.append((value, line))
        return out

    def _items(self, key: str, required: bool) -> Iterator[tuple[int, Any, int]]:
        value = self._get(key, required)
        if value is None:
            return
        if not isinstance(value, CommentedSeq):
            self.problem(key, f"must be a list, not {_kind(value)}")
            return
        for index, item in enumerate(value):
            yield index, item, int(value.lc.item(index)[0]) + 1

    def record(self, key: str, required: bool = True) -> Record | None:
        value = self._get(key, required)
        if value is None:
            return None
        return Record.of(value, self.file, _field(self.field, key), self.sink, self.line_of(key))

    def done(self) -> None:
        """Report keys nobody asked for: a typo must not silently drop a field."""
        for key in self.data:
            if key not in self.used:
                self.problem(str(key), "is not a known field")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, CommentedSeq | list):
        return "a list"
    if isinstance(value, CommentedMap | dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__
