"""What the code and the templates read from the content, so that content `helpkit check`
accepts always builds.

Two kinds of requirement, both reported with file, line and field:
- the render code reads some ui.yaml keys for every product (the date line, the source line,
  the unreviewed note, the QR caption, the document title and subject) and fills their
  placeholders; a missing key or a placeholder it does not fill is an error at load time;
- a product's templates read ui keys too (`ui["help.q1"]`): they are found by reading the
  product's template and every template it includes, so an organisation's own templates are
  judged by what they actually read.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import jinja2
from jinja2 import meta

from generator.content.model import Content
from generator.content.translations import placeholder_problem, placeholders
from generator.errors import Problem
from generator.products import PRODUCTS, Product
from generator.render.environment import template_source

# ui keys the render code reads for every product, with the placeholders it fills in them.
CODE_KEYS: dict[str, frozenset[str]] = {
    "i18n.unreviewed": frozenset(),
    "contacts.checked": frozenset({"date"}),
    "source.updated": frozenset({"date"}),
    "source.line": frozenset({"source"}),
}
# Placeholders that templates fill in the keys they read (any other key takes none).
TEMPLATE_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "help.call_number": frozenset({"number"}),
    "help.call_name": frozenset({"name"}),
    "handout.page": frozenset({"page", "pages"}),
}
_UI_READ = re.compile(r"""\bui\s*\[\s*["']([A-Za-z0-9_.-]+)["']\s*\]""")


def code_keys(product: Product) -> dict[str, frozenset[str]]:
    """The ui keys the render code reads for `product`, with the placeholders it fills."""
    return {
        **CODE_KEYS,
        product.qr_caption: frozenset({"name"}),
        f"{product.key}.doc_title": frozenset(),
        f"{product.key}.doc_subject": frozenset(),
    }


def template_files(templates: Path, name: str) -> tuple[str, ...]:
    """`name` and every template it pulls in (include, import, extends), recursively."""
    env = jinja2.Environment()
    seen: dict[str, None] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen[current] = None
        try:
            parsed = env.parse(template_source(templates, current))
        except jinja2.TemplateError:
            # Missing, refused or broken: the renderer's error to report, with name and line.
            continue
        todo.extend(r for r in meta.find_referenced_templates(parsed) if r)
    return tuple(sorted(seen))


def template_keys(templates: Path, product: Product) -> set[str]:
    """The ui keys a product's templates read."""
    keys: set[str] = set()
    for rel in template_files(templates, product.template):
        with contextlib.suppress(jinja2.TemplateError):
            keys |= set(_UI_READ.findall(template_source(templates, rel)))
    return keys


def ui_problems(content: Content, templates: Path | None) -> list[Problem]:
    """Every ui key the code or a product's templates read that ui.yaml lacks, and every
    placeholder in a key that nothing fills (it would print as "{dato}" or stop the build)."""
    file = _ui_file(content)
    problems: list[Problem] = []
    readers: dict[str, list[str]] = {}
    fills: dict[str, frozenset[str]] = {}
    for product in PRODUCTS.values():
        keys = dict(code_keys(product))
        if templates is not None:
            for key in template_keys(templates, product):
                keys.setdefault(key, TEMPLATE_PLACEHOLDERS.get(key, frozenset()))
        for key, names in keys.items():
            readers.setdefault(key, []).append(product.id)
            fills[key] = names
    # Only plain {name} placeholders are filled, in every ui text, read or not.
    odd = set()
    for key, ui_text in sorted(content.ui.items()):
        wrong = placeholder_problem(ui_text.source)
        if wrong:
            odd.add(key)
            problems.append(Problem(ui_text.file, ui_text.line, f"ui.{key}", wrong))
    for key in sorted(readers):
        text = content.ui.get(key)
        if text is None:
            products = ", ".join(readers[key])
            problems.append(
                Problem(file, None, f"ui.{key}", f"is required (printed by {products})")
            )
            continue
        if key in odd:
            continue
        # Unpaired braces are reported where the text is loaded.
        unknown = sorted((placeholders(text.source) or set()) - fills[key])
        if unknown:
            allowed = ", ".join("{" + n + "}" for n in sorted(fills[key])) or "none"
            found = ", ".join("{" + n + "}" for n in unknown)
            problems.append(
                Problem(text.file, text.line, f"ui.{key}", f"has {found}; it may use {allowed}")
            )
    return problems


def _ui_file(content: Content) -> str:
    any_text = next(iter(content.ui.values()), None)
    return any_text.file if any_text is not None else "content/ui.yaml"


def load_for(project_root: Path, templates: Path) -> Content:
    """Content loaded and judged against what the project's templates read: what `helpkit
    check` accepts, a build can print."""
    from generator.content.load import load_content
    from generator.errors import ContentError

    content = load_content(project_root)
    problems = ui_problems(content, templates)
    if problems:
        raise ContentError(problems)
    return content
