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


def build_one(root: Path | str, product: str, langs: str, out: Path | str, *args: object) -> Result:
    """`helpkit build` of one product in the given languages into `out`, with more options."""
    return helpkit(root, "build", "--product", product, "--lang", langs, "--out", out, *args)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file with `new`.

    Fails when `old` is not there: a defect that was never planted proves nothing.
    """
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
