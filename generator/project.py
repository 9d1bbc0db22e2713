"""Which folder helpkit works on: the project root holding content/ and templates/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError

BUNDLED = Path(__file__).resolve().parent.parent  # the content and templates that come with helpkit


@dataclass(frozen=True)
class Project:
    root: Path  # where content/ is read from, and where paths in messages are relative to
    templates: Path

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
    else:
        here = cwd or Path.cwd()
        root = here if (here / "content").is_dir() else BUNDLED
    templates = root / "templates" if (root / "templates").is_dir() else BUNDLED / "templates"
    return Project(root=root.resolve(), templates=templates.resolve())
