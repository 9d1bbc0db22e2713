"""The design system: colour tokens with enough contrast, and products built from components."""

from __future__ import annotations

import re

import pytest

from generator.render.environment import load_tokens
from tests.conftest import REPO

TEMPLATES = REPO / "templates"
TOKENS_CSS = TEMPLATES / "styles" / "tokens.css"


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def pairs() -> list[tuple[str, str]]:
    block = re.search(r"/\* @pairs(.*?)\*/", TOKENS_CSS.read_text(), re.S)
    assert block, "tokens.css must list its text/background pairs on an @pairs line"
    return [tuple(p.split("/")) for p in block.group(1).split()]  # type: ignore[misc]


def test_contrast_helper_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("fg", "bg"), pairs())
def test_every_text_background_pair_reaches_aa(fg, bg):
    tokens = load_tokens(TEMPLATES)
    assert contrast(tokens[fg], tokens[bg]) >= 4.5, (fg, bg)


def test_one_accent_per_purpose():
    tokens = load_tokens(TEMPLATES)
    assert {"info", "help", "emergency"} <= set(tokens)
    assert len({tokens["info"], tokens["help"], tokens["emergency"]}) == 3


def test_colours_are_defined_only_in_tokens():
    for path in TEMPLATES.rglob("*"):
        if path.is_file() and path != TOKENS_CSS:
            hexes = re.findall(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", path.read_text())
            assert hexes == [], (path, hexes)


# templates/review/ is helpkit's own translation review form, not a product.
PRODUCT_TEMPLATES = [
    p for p in TEMPLATES.glob("*/*.html.j2") if p.parent.name not in ("components", "review")
]


# The course pack's documents share their own A4 base (course/base.html.j2); the slides are a
# page format of their own; key and contacts are parts the documents include.
COURSE_BASES = {"base.html.j2", "slides.html.j2"}
COURSE_PARTS = {"key.html.j2", "contacts.html.j2"}


@pytest.mark.parametrize("path", PRODUCT_TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_products_use_components_for_numbers_qr_codes_and_pictograms(path):
    body = path.read_text()
    if path.parent.name != "course":
        assert body.startswith('{% extends "base.html.j2" %}')
    elif path.name in COURSE_BASES:
        assert "<!DOCTYPE html>" in body
    elif path.name not in COURSE_PARTS:
        assert body.startswith(('{% extends "course/base.html.j2" %}', '{% extends "course/test'))
    # What a component draws, a product must not draw again.
    for markup in ['class="phone"', 'class="web"', "&#x2066;", "<svg", "<figure"]:
        assert markup not in body, (path.name, markup)
