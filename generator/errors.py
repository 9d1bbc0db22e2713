"""One exception root for everything a user can get wrong or a build can fail on.

Each error carries its exit code (1: a failed build or check, 2: wrong usage) and is a
`click.ClickException`, so Click prints "Error: <message>" and exits with that code: no command
needs a try/except of its own. The core raises them and never prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class HelpkitError(click.ClickException):
    """Root of every error helpkit reports to a user (exit code 1)."""

    exit_code = 1

    def __reduce__(self) -> tuple[type, tuple[str]]:  # crosses process boundaries intact
        return (type(self), (self.message,))


class UsageError(HelpkitError):
    """The user asked for something that does not exist (unknown product, language, size)."""

    exit_code = 2


class ContentError(HelpkitError):
    """Content, translations or profiles are invalid.

    Carries every problem found, not just the first.
    """

    def __init__(self, problems: Iterable[Problem], where: str = "the content") -> None:
        self.problems = sorted(
            set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message)
        )
        self.where = where
        n = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in {where}:\n{lines}")

    def __reduce__(self) -> tuple[type, tuple[list[Problem], str]]:  # type: ignore[override]
        return (type(self), (self.problems, self.where))


class TranslationError(HelpkitError):
    """A language cannot be printed: strings missing or fuzzy, or not reviewed when required."""


class RenderError(HelpkitError):
    """A document could not be rendered (template error, forbidden resource, overflow)."""


class VerificationError(HelpkitError):
    """An output file is not what was meant: a number, a QR code, a box, a font."""


class OutputError(HelpkitError):
    """The output folder cannot be written."""


class InternalError(HelpkitError):
    """Something helpkit did not foresee: a bug in helpkit, not in the user's input.

    The last-resort handler (generator/cli.py) turns any other exception into this, so a user
    never sees a Python traceback: they get what happened, that it is not their fault, and
    where to report it. HELPKIT_DEBUG=1 shows the traceback for the report.
    """

    def __init__(self, exc: BaseException) -> None:
        what = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
        super().__init__(
            f"internal error: {what[:300]}\n"
            "This is a bug in helpkit, not a problem with your files. Please report it to the "
            "helpkit maintainers (see README: Reporting a problem) with the command you ran and "
            "this message; run it again with HELPKIT_DEBUG=1 to include the full trace."
        )


def relpath(path: Path, root: Path) -> str:
    """A path as the user should see it in a message: relative to the project when inside it."""
    # The path as named first (a symlink is shown by its own name), then as resolved.
    for candidate in (Path(os.path.abspath(path)), path.resolve()):
        try:
            return str(candidate.relative_to(root.resolve()))
        except ValueError:
            continue
    return str(path)
