"""OUT/manifest.json: the record of what a build wrote. This module alone reads and writes it.

The manifest lists, for each file, its product, language(s), size, page count, SHA-256, every
QR target, the contacts printed, the state of its translation and the density printed. Other
tools rely on it (`helpkit verify`, a print shop's checks), so it is read strictly: a file
that is not a helpkit manifest (not JSON, not an object, no "files" list, a folder) is a clear
error naming it, and a build never overwrites it. Entries written by another helpkit version
are kept as they are, but never trusted to skip a render.

The output folder is not only helpkit's: anybody can edit the manifest. An entry is refused,
with its index and the reason, when it is not an object, when its path is not a plain relative
path inside the output folder (absolute, with "..", through a symlink that leads out), when it
repeats another entry's path, or when a field helpkit reads has the wrong type. Verify reports
a refused entry without opening its file; a build leaves it out of the manifest it writes.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from generator import __version__
from generator.errors import OutputError

MANIFEST = "manifest.json"
MAX_BYTES = 50_000_000  # a catalogue of thousands of files writes well under a megabyte
Entry = dict[str, Any]  # one file's entry as written (this version's shape or another's)


class ManifestError(OutputError):
    """A manifest.json that helpkit did not write, or that is damaged."""


@dataclass
class FileRecord:
    path: str
    product: str
    lang: str
    langs: list[str]
    size: str | None
    pages: int
    sha256: str
    qr: list[str]
    contacts: list[str]
    translation: Literal["source", "reviewed", "unreviewed"]
    density: str  # the layout density printed: regular, compact (long words) or tight
    # With an organisation's profile: {"id", "sha256" of the profile file, "logo_sha256" or
    # null}, so a print order can say which version of the profile was printed. Absent without.
    profile: dict[str, str | None] | None = None
    # A course pack's file: which of its files this is (facilitator-guide, workbook, slides...).
    kind: str | None = None

    def entry(self) -> Entry:
        out = asdict(self)
        for optional in ("profile", "kind"):
            if out[optional] is None:
                del out[optional]  # a build without them writes what it always wrote
        return out

    @classmethod
    def of(cls, entry: Entry) -> FileRecord | None:
        """An entry as a record; None when it is not this version's shape."""
        names = {f.name for f in dataclasses.fields(cls)}
        optional = {"profile", "kind"}
        if not names - optional <= set(entry) <= names or field_problem(entry) is not None:
            return None
        if entry["translation"] not in ("source", "reviewed", "unreviewed"):
            return None
        return cls(**entry)


# The type of every field helpkit reads, and how a message names it.
_TEXT = (lambda v: isinstance(v, str), "text")
_TEXTS = (lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v), "a list of text")
_FIELDS: dict[str, tuple[Any, str]] = {
    "product": _TEXT,
    "lang": _TEXT,
    "langs": _TEXTS,
    "size": (lambda v: v is None or isinstance(v, str), "text or null"),
    "pages": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "sha256": _TEXT,
    "qr": _TEXTS,
    "contacts": _TEXTS,
    "translation": _TEXT,
    "density": _TEXT,
    "kind": _TEXT,
    "profile": (
        lambda v: (
            isinstance(v, dict)
            and set(v) == {"id", "sha256", "logo_sha256"}
            and isinstance(v["id"], str)
            and isinstance(v["sha256"], str)
            and (v["logo_sha256"] is None or isinstance(v["logo_sha256"], str))
        ),
        'an object {"id", "sha256", "logo_sha256"}',
    ),
}


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: its JSON, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def field_problem(entry: Entry) -> str | None:
    """Why a field of the entry that helpkit reads has the wrong type; None when none has."""
    for name, (ok, what) in _FIELDS.items():
        if name in entry and not ok(entry[name]):
            return f'has a "{name}" that is {_shown(entry[name])}, not {what}'
    return None


def path_problem(rel: str, out: Path) -> str | None:
    """Why `rel` is not a plain path to a file inside the output folder `out`; None if it is.

    Said of the entry: "files[3] has an absolute path, ..."."""
    if not rel:
        return 'has an empty "path"'
    if any(ord(ch) < 32 or ch in "\\\x7f" for ch in rel):
        return f"has a path with a control character or a backslash, {_shown(rel)}"
    pure = PurePosixPath(rel)
    if pure.is_absolute():
        return (
            f"has an absolute path, {_shown(rel)}; paths in a manifest are relative to its folder"
        )
    if ".." in pure.parts:
        return f"has a path that goes up a folder with '..', {_shown(rel)}"
    try:
        real = (out / rel).resolve()
        inside = real.is_relative_to(out.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return f"has a path that cannot be followed (a symlink loop), {_shown(rel)}"
    if not inside:
        return (
            f"has a path that a symlink leads outside the output folder, to {real}: {_shown(rel)}"
        )
    return None


@dataclass(frozen=True)
class Refused:
    """An entry that is not trusted: its index in "files", its path when it has a usable one."""

    index: int
    path: str | None  # its path, when it is one inside the output folder
    why: str
    written: str | None = None  # its path as written, when it is text (maybe unsafe)

    def __str__(self) -> str:
        return f"files[{self.index}] {self.why}"


@dataclass(frozen=True)
class Listing:
    """What a manifest says: the entries helpkit trusts, and those it refuses."""

    entries: list[Entry]
    refused: list[Refused] = field(default_factory=list)


def load(path: Path) -> Listing:
    """The manifest's entries, each checked; none when there is no manifest yet."""
    if not path.exists() and not path.is_symlink():
        return Listing([])
    why = ""
    data: Any = None
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            why = "it is not a regular file (a named pipe or a device)"
        elif info.st_size > MAX_BYTES:
            why = f"it is {info.st_size} bytes; a manifest is at most {MAX_BYTES}"
        data = json.loads(path.read_text(encoding="utf-8")) if not why else None
    except IsADirectoryError:
        why = "it is a folder"
    except UnicodeDecodeError:
        why = "it is not UTF-8 text"
    except ValueError as exc:
        why = f"it is not JSON ({exc})"
    except RecursionError:
        why = "it is nested too deep to be a manifest"
    except OSError as exc:
        raise ManifestError(f"{path} cannot be read: {exc.strerror}") from exc
    if not why:
        if not isinstance(data, dict):
            why = "it is not a JSON object"
        elif not isinstance(data.get("files"), list):
            why = 'it has no "files" list'
        elif not isinstance(data.get("generator"), str):
            why = 'it does not say which "generator" wrote it'
    if why:
        raise ManifestError(
            f"{path} is not a helpkit manifest: {why}. Move it away, or build into another "
            "folder with --out"
        )
    out = path.parent
    entries: list[Entry] = []
    refused: list[Refused] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data["files"]):
        rel = item.get("path") if isinstance(item, dict) else None
        usable = rel if isinstance(rel, str) and path_problem(rel, out) is None else None
        if not isinstance(item, dict):
            problem: str | None = f"is {_shown(item)}, not an object"
        elif "path" not in item:
            problem = 'has no "path"'
        elif not isinstance(rel, str):
            problem = f'has a "path" that is {_shown(rel)}, not text'
        else:
            problem = path_problem(rel, out) or field_problem(item)
            if problem is None and rel in seen:
                problem = f"repeats the path of files[{seen[rel]}], {_shown(rel)}"
        if problem is not None:
            written = rel if isinstance(rel, str) else None
            refused.append(Refused(index, usable, problem, written))
            continue
        assert isinstance(rel, str) and isinstance(item, dict)
        seen[rel] = index
        entries.append(item)
    return Listing(entries, refused)


def read(path: Path) -> list[Entry]:
    """The entries of a manifest that helpkit trusts; none when there is no manifest yet."""
    return load(path).entries


def stage(out: Path, tmp: Path, records: list[FileRecord], previous: list[Entry]) -> None:
    """Write the manifest to `tmp` (generator/publish.py moves it into place): this build's
    records, and the entries of earlier builds whose files are still there."""
    fresh = {r.path for r in records}
    kept = [e for e in previous if e["path"] not in fresh and (out / e["path"]).is_file()]
    files = sorted([*kept, *(r.entry() for r in records)], key=lambda e: str(e["path"]))
    text = json.dumps({"generator": __version__, "files": files}, indent=2, ensure_ascii=False)
    tmp.write_text(text + "\n", encoding="utf-8")


def unlisted(out: Path, listed: set[str]) -> list[str]:
    """PDF files under `out` (symlinked folders not followed, a running build's staging folder
    left out) whose path `listed` does not hold."""
    found = []
    for folder, dirs, files in os.walk(out):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".helpkit-build-"))
        for name in sorted(files):
            if name.lower().endswith(".pdf"):
                rel = (Path(folder) / name).relative_to(out).as_posix()
                if rel not in listed:
                    found.append(rel)
    return found
