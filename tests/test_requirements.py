"""What `helpkit check` accepts, a build can print: every key that the code or any template
reads is named when it is missing, misspelt or given a placeholder nothing fills."""

from __future__ import annotations

import io
import re

import pytest
from ruamel.yaml import YAML

from generator.checks import check
from generator.content.requirements import code_keys, template_keys
from generator.errors import ContentError
from generator.products import PRODUCTS
from generator.project import find_project
from tests.conftest import REPO

_PROJECT = find_project(REPO)
READ_KEYS = sorted(
    {key for p in PRODUCTS.values() for key in code_keys(p)}
    | {key for p in PRODUCTS.values() for key in template_keys(_PROJECT.templates, p)}
)


def _rewrite(path, change):  # type: ignore[no-untyped-def]
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    buf = io.StringIO()
    yaml.dump(data, buf)
    path.write_text(buf.getvalue(), encoding="utf-8")


def test_the_templates_read_what_the_products_print():
    # The scan finds what the help card's template reads through its components.
    assert {"help.q1", "help.q2", "help.q3", "help.call_number"} <= template_keys(
        _PROJECT.templates, PRODUCTS["card-help"]
    )
    assert len(READ_KEYS) > 30


@pytest.mark.parametrize("key", READ_KEYS)
@pytest.mark.parametrize("how", ["removed", "misspelt"])
def test_a_key_that_is_read_is_named_when_it_is_missing(project_copy, key, how):
    def change(data):  # type: ignore[no-untyped-def]
        value = data["ui"].pop(key)
        if how == "misspelt":
            data["ui"][key + "s"] = value

    _rewrite(project_copy.content / "ui.yaml", change)
    with pytest.raises(ContentError) as info:
        check(project_copy)
    assert any(
        p.file == "content/ui.yaml" and p.field == f"ui.{key}" and "is required" in p.message
        for p in info.value.problems
    ), str(info.value)


@pytest.mark.parametrize("product", list(PRODUCTS))
@pytest.mark.parametrize("how", ["removed", "misspelt"])
def test_a_product_missing_from_products_yaml_is_named(project_copy, product, how):
    def change(data):  # type: ignore[no-untyped-def]
        entries = data["products"]
        index = next(i for i, e in enumerate(entries) if e["id"] == product)
        if how == "removed":
            del entries[index]
        else:
            entries[index]["id"] = product + "x"

    _rewrite(project_copy.content / "products.yaml", change)
    with pytest.raises(ContentError) as info:
        check(project_copy)
    text = str(info.value)
    assert f"products: has no entry for {product!r}; every product needs one" in text
    if how == "misspelt":
        assert re.search(rf"id: '{product}x' is not a product helpkit makes; known: ", text)


def test_a_placeholder_nothing_fills_is_named(project_copy):
    def change(data):  # type: ignore[no-untyped-def]
        data["ui"]["source.updated"] = "Kilde oppdatert {dato}"

    _rewrite(project_copy.content / "ui.yaml", change)
    with pytest.raises(
        ContentError, match=r"ui\.source\.updated: has \{dato\}; it may use \{date\}"
    ):
        check(project_copy)


def test_a_product_without_a_qr_target_is_named(project_copy):
    def change(data):  # type: ignore[no-untyped-def]
        data["products"][0]["qr"] = []

    _rewrite(project_copy.content / "products.yaml", change)
    with pytest.raises(
        ContentError, match=r"products\[0\]\.qr: must name at least one contact whose number"
    ):
        check(project_copy)


def test_a_locale_babel_does_not_know_is_named(project_copy):
    def change(data):  # type: ignore[no-untyped-def]
        data["languages"][2]["locale"] = "xx_YY"

    _rewrite(project_copy.content / "languages.yaml", change)
    with pytest.raises(
        ContentError, match=r"languages\[2\]\.locale: 'xx_YY' is not a locale Babel knows"
    ):
        check(project_copy)
