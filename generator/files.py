"""Reading input files that may not be what they seem.

A project folder can come from somebody else. A content file, catalog or template that is a
symlink to a file outside the project would print that file; a FIFO named en.po makes a read
hang for ever; a folder or device named like a file is "missing" to `is_file()`. Every input
file helpkit reads goes through `read_input`, which looks at the file before opening it:
regular files only, symlinks only when they stay inside an allowed folder, and a size limit
checked before a byte is read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path


class UnsafeInput(ValueError):
    """Why an input file was refused; callers add where it was wanted."""


def describe_kind(mode: int) -> str:
    """What a file system entry is, as a message says it ("a folder", "a named pipe (FIFO)")."""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def inside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether `path` (already resolved) lies in one of `roots` (resolved here)."""
    return any(path.is_relative_to(root.resolve()) for root in roots)


def check_input(path: Path, roots: Iterable[Path], limit: int) -> int:
    """Refuse what is not a regular file inside `roots` no larger than `limit`; its size."""
    try:
        link = path.is_symlink()
        real = path.resolve(strict=True)
        info = real.stat()
    except FileNotFoundError as exc:
        if path.is_symlink():
            raise UnsafeInput(f"is a symlink to {os.readlink(path)}, which does not exist") from exc
        raise UnsafeInput("is missing") from exc
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        raise UnsafeInput(f"cannot be read: {getattr(exc, 'strerror', None) or exc}") from exc
    roots = list(roots)
    if not inside(real, roots):
        what = f"a symlink to {real}" if link else f"at {real}"
        raise UnsafeInput(f"is {what}, outside the project; copy the file into the project instead")
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeInput(f"is {describe_kind(info.st_mode)}, not a file")
    if info.st_size > limit:
        raise UnsafeInput(f"is {info.st_size} bytes; files like it are limited to {limit}")
    return info.st_size


def read_input(path: Path, roots: Iterable[Path], limit: int) -> bytes:
    """The bytes of an input file that passed `check_input`.

    Opened without blocking and re-checked after opening, so a file swapped for a FIFO between
    the check and the read still cannot hang helpkit.
    """
    check_input(path, roots, limit)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise UnsafeInput(f"cannot be read: {exc.strerror}") from exc
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise UnsafeInput(f"is {describe_kind(mode)}, not a file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnsafeInput(f"is more than {limit} bytes; files like it are limited to {limit}")
    return data
