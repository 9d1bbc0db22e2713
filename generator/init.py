"""`helpkit init DIR`: an organisation's own project folder, made from what helpkit comes with.

The folder gets a copy of the bundled content/ (guidance, contacts, sources, translations) and
a short README on what to change and how to check it. Templates are not copied: they come from
helpkit itself until the organisation puts its own templates/ beside content/. Running init
again adds what is missing and never overwrites a file that is there: an edited contact list
is not lost.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import OutputError
from generator.project import BUNDLED

README = """\
# helpkit project folder

This folder holds your own copy of the content helpkit prints: the guidance (content/guidance.yaml),
the help services and their numbers (content/contacts.yaml), where each fact comes from
(content/sources.yaml), the words around them (content/ui.yaml) and the translations
(content/translations/<language>.po).

Change what you need, then check and build from this folder:

    helpkit check            every problem with file, line and field; stale contacts warned
    helpkit build            all products into output/
    helpkit build --product card-help --lang nb,en

Before printing:
- Call the services whose numbers you print, and add `verified_on` (the day a person confirmed
  the contact) and a new `review_by` date in content/contacts.yaml.
- Every printed sentence names its source (`basis`). A claim you cannot source yet can be
  written with `needs_confirmation: <who must confirm it>`: it is left off the paper.
- Translations marked "not yet reviewed" should be reviewed by a native speaker:
  `helpkit i18n review-pack --lang <code>` makes a pack to print or fill in.

Running `helpkit init` here again adds files that are missing and never overwrites yours.
"""


@dataclass
class InitResult:
    folder: Path
    written: list[Path] = field(default_factory=list)  # files created, relative to the folder
    kept: list[Path] = field(default_factory=list)  # files already there, left as they were


def init_project(folder: Path) -> InitResult:
    """Create or complete an organisation's project folder."""
    source = BUNDLED / "content"
    result = InitResult(folder)
    files = [(p, Path("content") / p.relative_to(source)) for p in sorted(source.rglob("*"))]
    files = [(p, rel) for p, rel in files if p.is_file() and p.suffix != ".pyc"]
    try:
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder} is a file, not a folder")
        for src, rel in files:
            _copy_new(src, folder / rel, rel, result)
        readme = folder / "README.md"
        if readme.exists():
            result.kept.append(Path("README.md"))
        else:
            readme.parent.mkdir(parents=True, exist_ok=True)
            readme.write_text(README, encoding="utf-8")
            result.written.append(Path("README.md"))
    except OSError as exc:
        raise OutputError(f"{folder}: cannot be written: {exc.strerror}") from exc
    return result


def _copy_new(src: Path, dest: Path, rel: Path, result: InitResult) -> None:
    if dest.exists():
        result.kept.append(rel)
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    result.written.append(rel)
