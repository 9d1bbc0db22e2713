"""The Jinja2 environment: autoescaped, strict, loading only from the project's templates/."""

from __future__ import annotations

import re
import string
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from generator.render.density import longest_word

_TOKEN = re.compile(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;")


def load_tokens(templates: Path) -> dict[str, str]:
    """Colour tokens from styles/tokens.css, the one place colours are defined.

    Inline SVG does not inherit CSS colour in WeasyPrint, so pictograms take their colour from
    these values directly.
    """
    path = templates / "styles" / "tokens.css"
    return dict(_TOKEN.findall(path.read_text(encoding="utf-8"))) if path.is_file() else {}


def make_environment(templates: Path) -> jinja2.Environment:
    # Templates may come from somebody else (a partner's templates/ folder): the immutable
    # sandbox refuses attribute walks to Python internals and calls that change data.
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(templates)),
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
    out: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(value):
        if literal.strip() and wrap:
            words = literal.strip()
            start = literal.index(words)
            before, after = literal[:start], literal[start + len(words) :]
            span = f'<span class="{escape(wrap)}">{escape(words)}</span>'
            out.append(f"{escape(before)}{span}{escape(after)}")
        elif literal:
            out.append(str(escape(literal)))
        if name:
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
