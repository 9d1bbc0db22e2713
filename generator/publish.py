"""Publish a build: the output folder prepared and locked, files moved into place at once.

Files are rendered into a private staging folder inside the output folder, and everything a
build writes (the PDFs, the cache of keys, the manifest) is written there first: a full disk
or a folder helpkit may not write stops the build while the output folder is untouched. Only
when every job has succeeded are the files moved into place, one atomic rename each, the
manifest last; a rename that fails puts back every file already moved, so a failed build
leaves the output folder as it was. A killed build leaves at most files newer than the
manifest, which the next build does not trust (their SHA-256 does not match).

The output folder is not only helpkit's: before anything is rendered, every place a file will
go is checked, so a product folder that is a file, a folder where a PDF goes or a symlink
leading out of the output folder is named at once.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath

from generator import manifest
from generator.errors import OutputError
from generator.files import describe_kind
from generator.manifest import MANIFEST, Entry, FileRecord

AS_IT_WAS = "Nothing was published: the output folder is as it was"
ELSEWHERE = "or build into another folder with --out"


def output_error(
    path: Path, exc: OSError, doing: str = "write", stuck: Iterable[Path] = ()
) -> OutputError:
    """An error writing `path`, with the system's reason and what to do about it."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = f"free space on its disk, {ELSEWHERE}"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = f"make the folder writable for you, {ELSEWHERE}"
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        advice = f"a file stands where helpkit needs a folder: move it away, {ELSEWHERE}"
    elif exc.errno == errno.EISDIR:
        advice = f"a folder stands where helpkit writes a file: move it away, {ELSEWHERE}"
    else:
        advice = "check the folder, or build into another folder with --out"
    return OutputError(f"cannot {doing} {path}: {reason}; {advice}. {_outcome(stuck)}")


def _outcome(stuck: Iterable[Path]) -> str:
    stuck = list(stuck)
    if not stuck:
        return AS_IT_WAS
    return (
        "Putting back the earlier files failed too, so these may now be this build's, which "
        f"the manifest does not describe: {', '.join(map(str, stuck))}; build again"
    )


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
    path = out / ".helpkit.lock"
    try:
        lock = open(path, "w")  # noqa: SIM115 - closed below, after the build
    except OSError as exc:
        raise output_error(path, exc, "open") from exc
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another helpkit build is writing to {out}") from None
        yield


def remove_leftovers(out: Path) -> None:
    """A build that was killed may have left its staging folder; nothing in it is trusted."""
    for leftover in out.glob(".helpkit-build-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def check_places(out: Path, paths: Iterable[str]) -> None:
    """Every place a file will be written (paths relative to `out`) can take it: each folder
    on the way is a folder (or not there yet) inside the output folder, and the file itself is
    not a folder, a named pipe or a symlink leading out."""
    top = out.resolve()
    for rel in paths:
        target = out / rel
        place = out
        for part in PurePosixPath(rel).parts:
            place = place / part
            try:
                info = os.lstat(place)
            except FileNotFoundError:
                break  # made when the build publishes
            except OSError as exc:
                raise output_error(target, exc) from exc
            last = place == target
            if stat.S_ISLNK(info.st_mode):
                real = place.resolve()
                if not real.is_relative_to(top):
                    raise OutputError(
                        f"cannot write {target}: {place} is a symlink to {real}, outside the "
                        f"output folder; move it away, {ELSEWHERE}. {AS_IT_WAS}"
                    )
                try:
                    info = os.stat(place)
                except FileNotFoundError:
                    if last:
                        break  # the rename replaces the link itself
                    raise OutputError(
                        f"cannot write {target}: {place} is a symlink to {real}, which does not "
                        f"exist; move it away, {ELSEWHERE}. {AS_IT_WAS}"
                    ) from None
                except OSError as exc:
                    raise output_error(target, exc) from exc
            if last:
                if not stat.S_ISREG(info.st_mode):
                    what = describe_kind(info.st_mode)
                    raise OutputError(
                        f"cannot write {target}: it is {what}, not a file; move it away, "
                        f"{ELSEWHERE}. {AS_IT_WAS}"
                    )
            elif not stat.S_ISDIR(info.st_mode):
                what = describe_kind(info.st_mode)
                raise OutputError(
                    f"cannot write {target}: {place} is {what}, not a folder; move it away, "
                    f"{ELSEWHERE}. {AS_IT_WAS}"
                )
            elif not os.access(place, os.W_OK):
                raise OutputError(
                    f"cannot write {target}: {place} is not writable; make it writable for you, "
                    f"{ELSEWHERE}. {AS_IT_WAS}"
                )


def publish(
    staging: Path,
    out: Path,
    records: list[FileRecord],
    previous: list[Entry],
    also: Iterable[str] = (),
) -> None:
    """Move each staged file, then the other staged files `also` (names in the staging folder,
    like the cache), then the manifest into place: all of them, or none."""
    also = list(also)
    check_places(out, [*(r.path for r in records), *also, MANIFEST])
    try:
        manifest.stage(out, staging / MANIFEST, records, previous)
    except OSError as exc:
        raise output_error(out / MANIFEST, exc) from exc
    names = [*(r.path for r in records), *also, MANIFEST]
    move_into_place([(staging / n, out / n) for n in names], staging / ".replaced")


def move_into_place(moves: list[tuple[Path, Path]], backups: Path) -> None:
    """Move each staged file onto its target with an atomic rename: all of them, or none.

    A file that is replaced is first kept in `backups` (a hard link: no copy, no space), so
    that a rename that fails (a full disk, a folder that may not be written) can put back
    everything already moved. `backups` is in the staging folder, removed after the build.
    """
    done: list[tuple[Path, Path | None]] = []  # (target, the file it replaced)
    made: list[Path] = []  # folders this call created, deepest last
    for staged, target in moves:
        try:
            _make_folders(target.parent, made)
            backup = None
            if os.path.lexists(target):
                backups.mkdir(exist_ok=True)
                backup = backups / str(len(done))
                _keep(target, backup)
            os.replace(staged, target)
        except OSError as exc:
            raise output_error(target, exc, stuck=_undo(done, made)) from exc
        done.append((target, backup))


def _make_folders(folder: Path, made: list[Path]) -> None:
    """Create `folder` and the folders above it that are missing, each added to `made`."""
    missing = []
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        made.append(path)


def _keep(target: Path, backup: Path) -> None:
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EROFS):
            raise
        shutil.copy2(target, backup, follow_symlinks=False)  # a file system without hard links


def _undo(done: list[tuple[Path, Path | None]], made: list[Path]) -> list[Path]:
    """Put back what `move_into_place` changed; the targets that could not be put back."""
    stuck = []
    for target, backup in reversed(done):
        try:
            if backup is None:
                os.unlink(target)
            else:
                os.replace(backup, target)
        except OSError:
            stuck.append(target)
    for folder in reversed(made):
        with suppress(OSError):
            folder.rmdir()
    return stuck
