"""One exception root for everything a user can get wrong or a build can fail on.

Each error carries its exit code (1: a failed build or check, 2: wrong usage) and is a
`click.ClickException`, so Click prints "Error: <message>" and exits with that code: no command
needs a try/except of its own. The core raises them and never prints.
"""

from __future__ import annotations

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

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(
            set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message)
        )
        n = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the content:\n{lines}")

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:  # type: ignore[override]
        return (type(self), (self.problems,))


class TranslationError(HelpkitError):
    """A language cannot be printed: strings missing or fuzzy, or not reviewed when required."""


class RenderError(HelpkitError):
    """A document could not be rendered (template error, forbidden resource, overflow)."""


class VerificationError(HelpkitError):
    """An output file is not what was meant: a number, a QR code, a box, a font."""


class OutputError(HelpkitError):
    """The output folder cannot be written."""


def relpath(path: Path, root: Path) -> str:
    """A path as the user should see it in a message: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
