"""Which folder helpkit works on: the project root holding content/ and templates/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError


def _bundled() -> Path:
    """Where the content and templates that come with helpkit are.

    In a checkout (or an editable install) they are the top-level content/ and templates/ beside
    the package; an installed wheel carries them as package data in generator/bundled/.
    """
    package = Path(__file__).resolve().parent
    checkout = package.parent
    if (checkout / "content").is_dir() and (checkout / "templates").is_dir():
        return checkout
    return package / "bundled"


BUNDLED = _bundled()


@dataclass(frozen=True)
class Project:
    root: Path  # where content/ is read from, and where paths in messages are relative to
    templates: Path
    # Where output goes unless --out says otherwise: the project's own output/, or, when
    # helpkit falls back to the content it comes with, output/ in the current folder (never
    # inside an installed package).
    output: Path

    @property
    def content(self) -> Path:
        return self.root / "content"


def find_project(explicit: Path | None = None, cwd: Path | None = None) -> Project:
    """--root, else $HELPKIT_ROOT, else the current folder when it holds content/, else the bundle.

    An organisation may copy only content/: templates then come from the bundle.
    """
    chosen = explicit or (
        Path(os.environ["HELPKIT_ROOT"]) if os.environ.get("HELPKIT_ROOT") else None
    )
    if chosen is not None:
        if not (chosen / "content").is_dir():
            raise UsageError(f"{chosen} is not a helpkit project: it has no content/ folder")
        root = chosen
    here = (cwd or Path.cwd()).resolve()
    if chosen is None:
        chosen = here if (here / "content").is_dir() else None
    root = chosen if chosen is not None else BUNDLED
    templates = root / "templates" if (root / "templates").is_dir() else BUNDLED / "templates"
    output = (chosen if chosen is not None else here) / "output"
    return Project(root=root.resolve(), templates=templates.resolve(), output=output.resolve())
