"""The Jinja2 environment: autoescaped, strict, loading only from the project's templates/."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from generator.content.pofile import shorten
from generator.content.translations import placeholder_problem, split_fields
from generator.files import UnsafeInput, read_input
from generator.project import BUNDLED
from generator.render.density import longest_word

_TOKEN = re.compile(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;")


def load_tokens(templates: Path) -> dict[str, str]:
    """Colour tokens from styles/tokens.css, the one place colours are defined.

    Inline SVG does not inherit CSS colour in WeasyPrint, so pictograms take their colour from
    these values directly.
    """
    path = templates / "styles" / "tokens.css"
    return dict(_TOKEN.findall(path.read_text(encoding="utf-8"))) if path.is_file() else {}


# A template is a page of markup; a larger one is a mistake or an attack.
MAX_TEMPLATE_BYTES = 500_000


class TemplateRefused(jinja2.TemplateError):
    """A template file that must not be read: outside templates/, not a file, too large."""


def template_path(templates: Path, name: str) -> Path:
    """Where template `name` lives under `templates`; refuses "..", absolute and odd names."""
    # Jinja's own rule: no "..", no empty or "." parts (an absolute name is relative here).
    try:
        return templates.joinpath(*split_template_path(name))
    except jinja2.TemplateNotFound as exc:
        raise TemplateRefused(
            f"{name}: a template name may not contain '..'; templates are looked up inside "
            "templates/ only"
        ) from exc


def template_source(templates: Path, name: str) -> str:
    """The text of template `name`, read only from inside `templates` (after following
    symlinks) or the templates that come with helpkit, and only from a regular file.

    Raises TemplateNotFound when it is not there, TemplateRefused when it must not be read.
    """
    path = template_path(templates, name)
    if not path.exists() and not path.is_symlink():
        raise jinja2.TemplateNotFound(
            name,
            f"{name} is not in {templates}: a project's templates/ folder takes the place of "
            "helpkit's, so it needs every template (`helpkit init` copies them all), or "
            "remove the folder to use helpkit's own",
        )
    try:
        raw = read_input(path, (templates, BUNDLED / "templates"), MAX_TEMPLATE_BYTES)
        return raw.decode("utf-8")
    except UnsafeInput as exc:
        raise TemplateRefused(f"templates/{name} {exc}") from exc
    except UnicodeDecodeError as exc:
        raise TemplateRefused(f"templates/{name} is not UTF-8 text") from exc


class ConfinedLoader(jinja2.BaseLoader):
    """Loads templates the way `template_source` allows and no other way: an include through a
    symlink or a ../ path that leaves templates/ is refused and reads nothing."""

    def __init__(self, templates: Path) -> None:
        self.templates = templates

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        text = template_source(self.templates, template)
        path = template_path(self.templates, template)
        mtime = path.stat().st_mtime
        return text, str(path), lambda: path.stat().st_mtime == mtime


def make_environment(templates: Path) -> jinja2.Environment:
    # Templates may come from somebody else (a partner's templates/ folder): the immutable
    # sandbox refuses attribute walks to Python internals and calls that change data, and the
    # loader reads nothing outside templates/.
    env = ImmutableSandboxedEnvironment(
        loader=ConfinedLoader(templates),
        # Every text is data from YAML or a PO file: HTML in it must print literally.
        autoescape=True,
        # A misspelt variable must stop the build, not print an empty line on a card.
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["tokens"] = load_tokens(templates)
    env.filters["css_string"] = css_string
    env.filters["css_counters"] = css_counters
    env.filters["longest_word_em"] = longest_word
    env.filters["fill"] = fill
    return env


def fill(value: str, wrap: str | None = None, **parts: str) -> Markup:
    """A translated message with its {placeholders} replaced by markup ("Ring {number}").

    A sentence is one message, so each language orders its words its own way; the number or
    name put into it keeps its own markup (the isolate that keeps digits in order). The
    message itself is escaped, so nothing in a translation can become markup. `wrap` puts the
    message's own words in a span of that class, to style them apart from what is filled in.
    """
    # Only plain {name} placeholders are filled: a conversion, a format spec or an attribute
    # or index access ({name.__class__}) is refused here too, whatever checked the text before.
    fields = split_fields(value)
    if fields is None:
        raise jinja2.TemplateRuntimeError(
            f"fill: {shorten(value)} has a {{ or }} without its pair; write {{{{ or }}}}"
        )
    out: list[str] = []
    for literal, name in fields:
        if name is not None:
            wrong = placeholder_problem("{" + name + "}")
            if wrong:
                raise SecurityError(f"fill: {shorten(value)}: {wrong}")
            if name not in parts:
                given = ", ".join("{" + n + "}" for n in sorted(parts)) or "none"
                raise jinja2.TemplateRuntimeError(
                    f"fill: {shorten(value)} has {{{name}}}, which is not filled in here "
                    f"(filled: {given})"
                )
        if literal.strip() and wrap:
            words = literal.strip()
            start = literal.index(words)
            before, after = literal[:start], literal[start + len(words) :]
            span = f'<span class="{escape(wrap)}">{escape(words)}</span>'
            out.append(f"{escape(before)}{span}{escape(after)}")
        elif literal:
            out.append(str(escape(literal)))
        if name is not None:
            out.append(str(escape(parts[name])))
    return Markup("".join(out))


def css_string(value: str) -> Markup:
    """A value safe inside a double-quoted CSS string in a <style> element.

    Page footers are CSS `content`. A <style> element is raw text, so HTML escaping would print
    "&#34;" literally: escape for CSS instead, including < and > so no text can close the element.
    """
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    return Markup(re.sub(r"[\x00-\x1f<>&]", lambda m: f"\\{ord(m.group()):x} ", out))


def css_counters(value: str) -> Markup:
    """A translated "Page {page} of {pages}" as a CSS `content` value with live counters."""
    parts = re.split(r"(\{page\}|\{pages\})", value)
    out = []
    for part in parts:
        if part == "{page}":
            out.append("counter(page)")
        elif part == "{pages}":
            out.append("counter(pages)")
        elif part:
            out.append(f'"{css_string(part)}"')
    return Markup(" ".join(out))
