"""Publish a build: the output folder prepared and locked, files moved into place at once.

Files are rendered into a private staging folder inside the output folder; only when every job
has succeeded are they moved into place (an atomic rename each) and the manifest rewritten, so
a failed or killed build leaves the output folder as it was.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator import manifest
from generator.errors import OutputError
from generator.manifest import MANIFEST, Entry, FileRecord


def prepare_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(f"output folder {out} is a file")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {out}: {exc.strerror}") from exc
    if not os.access(out, os.W_OK):
        raise OutputError(f"output folder {out} is not writable")


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """One build per output folder at a time: two at once would mix their files."""
    with open(out / ".helpkit.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another helpkit build is writing to {out}") from None
        yield


def remove_leftovers(out: Path) -> None:
    """A build that was killed may have left its staging folder; nothing in it is trusted."""
    for leftover in out.glob(".helpkit-build-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def publish(staging: Path, out: Path, records: list[FileRecord], previous: list[Entry]) -> None:
    """Move each staged file into place with an atomic rename, then write the manifest."""
    for record in records:
        target = out / record.path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / record.path, target)
    manifest.write(out / MANIFEST, staging / MANIFEST, records, previous)
