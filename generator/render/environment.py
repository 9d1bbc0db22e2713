"""The Jinja2 environment: autoescaped, strict, loading only from the project's templates/."""

from __future__ import annotations

from pathlib import Path

import jinja2


def make_environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        # Every text is data from YAML or a PO file: HTML in it must print literally.
        autoescape=True,
        # A misspelt variable must stop the build, not print an empty line on a card.
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
