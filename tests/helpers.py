"""Shared by the tests that drive helpkit the way a user does: through its command line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main


def helpkit(root: Path | str, *args: object, catch_exceptions: bool = False) -> Result:
    """Run `helpkit --root ROOT ARGS...`; an unexpected exception fails the test, not exit 1."""
    return CliRunner().invoke(
        main, ["--root", str(root), *map(str, args)], catch_exceptions=catch_exceptions
    )
