"""OUT/manifest.json: the record of what a build wrote. This module alone reads and writes it.

The manifest lists, for each file, its product, language(s), size, page count, SHA-256, every
QR target, the contacts printed, the state of its translation and the density printed. Other
tools rely on it (`helpkit verify`, a print shop's checks), so it is read strictly: a file
that is not a helpkit manifest (not JSON, not an object, no "files" list, a folder) is a clear
error naming it, and a build never overwrites it. Entries written by another helpkit version
are kept as they are, but never trusted to skip a render.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from generator import __version__
from generator.errors import OutputError

MANIFEST = "manifest.json"
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

    def entry(self) -> Entry:
        return asdict(self)

    @classmethod
    def of(cls, entry: Entry) -> FileRecord | None:
        """An entry as a record; None when it is not this version's shape."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**entry) if set(entry) == names else None


def read(path: Path) -> list[Entry]:
    """The entries of a manifest; none when there is no manifest yet."""
    if not path.exists():
        return []
    why = ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except IsADirectoryError:
        why = "it is a folder"
    except UnicodeDecodeError:
        why = "it is not UTF-8 text"
    except ValueError as exc:
        why = f"it is not JSON ({exc})"
    except OSError as exc:
        raise ManifestError(f"{path} cannot be read: {exc.strerror}") from exc
    else:
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
    files: list[Any] = data["files"]
    return [f for f in files if isinstance(f, dict) and isinstance(f.get("path"), str)]


def write(path: Path, tmp: Path, records: list[FileRecord], previous: list[Entry]) -> None:
    """Write the manifest: this build's records, and the entries of earlier builds whose files
    are still there. Written to `tmp` first and moved into place in one step."""
    out = path.parent
    fresh = {r.path for r in records}
    kept = [e for e in previous if e["path"] not in fresh and (out / e["path"]).is_file()]
    files = sorted([*kept, *(r.entry() for r in records)], key=lambda e: str(e["path"]))
    text = json.dumps({"generator": __version__, "files": files}, indent=2, ensure_ascii=False)
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(path)
