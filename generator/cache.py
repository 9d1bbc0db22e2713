"""Incremental builds: a job whose inputs and output are unchanged is not rendered again.

A job's key is a hash of everything that can change its bytes: the content it prints (texts,
contacts, sections, its product's spec, the document date), the translations of those texts
in its languages and whether they are reviewed, the template files it uses (followed through
every include, import and extends), the font files of its scripts, its options, and the
helpkit and WeasyPrint versions. A job is skipped only when its key is unchanged *and* its file
in the output folder still has the SHA-256 the manifest recorded, so a killed build, a file
replaced by hand or a manifest from elsewhere can never be mistaken for up to date.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import jinja2

from generator import __version__
from generator.content.model import Content, Text
from generator.content.requirements import template_files
from generator.document import Document, Selection
from generator.fonts import font_file, fonts_for
from generator.products import PRODUCTS
from generator.render.environment import template_source

CACHE = ".helpkit-cache.json"


def _plain(value: Any) -> Any:
    """A JSON-able form of the model without source positions (moving text is no change)."""
    if isinstance(value, Text):
        return [value.context, value.source]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("file", "line")
        }
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):  # in a stable order: str() of a set is not
        return sorted(_plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class KeyMaker:
    """Computes job keys; one per build, caching what jobs share."""

    def __init__(self, content: Content, templates: Path) -> None:
        self.content = content
        self.templates = templates
        try:
            self.weasyprint = version("weasyprint")
        except PackageNotFoundError:  # pragma: no cover - a broken install
            self.weasyprint = "unknown"
        self.date = content.facts_date().isoformat()

    @functools.cache  # noqa: B019 - one KeyMaker per build
    def template_files(self, name: str) -> tuple[str, ...]:
        """`name` and every template it pulls in, recursively."""
        return template_files(self.templates, name)

    @functools.cache  # noqa: B019
    def template_digest(self, name: str) -> str:
        digest = hashlib.sha256()
        for rel in self.template_files(name):
            # A missing or refused template is the renderer's error to report, with its name.
            try:
                body = template_source(self.templates, rel).encode()
            except jinja2.TemplateError:
                body = b"missing"
            digest.update(rel.encode() + b"\0" + body)
        return digest.hexdigest()

    @functools.cache  # noqa: B019
    def product_digest(self, product_id: str, selection: Selection) -> str:
        """The content a product prints, whatever the language."""
        content = self.content
        data = {
            # What the product is (pages, sizes, type and QR minimums): a changed page budget
            # must not leave a file that was judged against the old one.
            "product": _plain(PRODUCTS[product_id]),
            "spec": _plain(content.products[product_id]),
            "texts": _plain(selection.texts),
            # Which of those texts wait for confirmation (printed only when allowed)
            "unconfirmed": [t.context for t in selection.texts if t.unconfirmed],
            "sections": [_plain(content.sections[s]) for s in selection.sections],
            "contacts": [_plain(content.contacts[c]) for c in selection.contacts],
            "unreviewed": _plain(content.ui.get("i18n.unreviewed")),
            "date": self.date,
        }
        if content.profile is not None:  # absent without one: the keys stay as they were
            profile = content.profile
            data["profile"] = [profile.id, profile.sha256, profile.logo and profile.logo.sha256]
            data["example"] = _plain(content.ui.get("profile.example"))
        return _hash(data)

    @functools.cache  # noqa: B019
    def language_digest(self, selection: Selection, lang: str) -> str:
        content = self.content
        language = content.languages[lang]
        catalog = content.catalogs.get(lang)
        texts = [*selection.texts, content.ui["i18n.unreviewed"]]
        translated = [catalog.get(t) if catalog else None for t in texts]
        fonts = []
        for family in fonts_for(language.script).families:
            path = font_file(family)
            stat = os.stat(path) if path else None
            fonts.append(
                [family, path, stat.st_size if stat else None, stat.st_mtime_ns if stat else None]
            )
        return _hash(
            {
                "language": _plain(language),
                "translated": translated,
                "reviewed": bool(catalog and catalog.reviewed),
                "source": lang == content.source_language,
                "fonts": fonts,
            }
        )

    def key(self, job: Document) -> str:
        return _hash(
            {
                "helpkit": __version__,
                "weasyprint": self.weasyprint,
                "job": [
                    job.product,
                    list(job.langs),
                    job.size,
                    job.format,
                    job.tabs,
                    job.allow_incomplete,
                    job.allow_unconfirmed,
                ],
                "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
                "templates": self.template_digest(PRODUCTS[job.product].template),
                "product": self.product_digest(job.product, job.selection),
                "languages": [self.language_digest(job.selection, lang) for lang in job.langs],
            }
        )


def _hash(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_cache(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / CACHE).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("keys", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def write_cache(out: Path, staging: Path, keys: dict[str, str]) -> None:
    tmp = staging / CACHE
    tmp.write_text(
        json.dumps({"keys": dict(sorted(keys.items()))}, indent=1) + "\n", encoding="utf-8"
    )
    tmp.replace(out / CACHE)


def intact(out: Path, entry: dict[str, Any] | None) -> bool:
    """The file the manifest describes is there, byte for byte."""
    if not entry:
        return False
    path = out / str(entry.get("path"))
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("sha256")
    except OSError:
        return False
