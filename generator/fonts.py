"""Fonts per script, and proof before rendering that they cover every character.

WeasyPrint draws a character no font has as an empty box and only logs it. A card with a box
instead of a letter is a wrong card, so every string of a language is checked against the
cmaps of its font stack first, and a gap names the characters and the package to install.
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.errors import HelpkitError


@dataclass(frozen=True)
class ScriptFonts:
    families: tuple[str, ...]  # in order of preference; Noto Sans last for Latin digits
    package: str  # the Debian package that brings the first family


# Noto, because one family covers every script helpkit prints with one design. Urdu is set in
# Naskh (Noto Sans Arabic), not Nastaliq: Nastaliq's tall lines do not fit an ID-1 card.
SCRIPT_FONTS: dict[str, ScriptFonts] = {
    "Latn": ScriptFonts(("Noto Sans",), "fonts-noto-core"),
    "Cyrl": ScriptFonts(("Noto Sans",), "fonts-noto-core"),
    "Arab": ScriptFonts(("Noto Sans Arabic", "Noto Sans"), "fonts-noto-core"),
    "Ethi": ScriptFonts(("Noto Sans Ethiopic", "Noto Sans"), "fonts-noto-core"),
    "Thai": ScriptFonts(("Noto Sans Thai", "Noto Sans"), "fonts-noto-core"),
    "Hans": ScriptFonts(("Noto Sans CJK SC", "Noto Sans"), "fonts-noto-cjk"),
}
LATIN = SCRIPT_FONTS["Latn"]

# Scripts whose Noto family has a true italic. Arabic, Ethiopic, Thai and Han have no italic
# tradition: WeasyPrint would slant them mechanically (and embed the slanted face as one more
# font, which for Chinese is 40 ms of subsetting per document). Their text stays upright.
ITALIC_SCRIPTS = frozenset({"Latn", "Cyrl"})


def fonts_for(script: str) -> ScriptFonts:
    return SCRIPT_FONTS.get(script, LATIN)


def font_stack(script: str) -> str:
    """The CSS font-family for a script; generic sans-serif never, so a gap cannot hide."""
    return ", ".join(f'"{family}"' for family in fonts_for(script).families)


@functools.cache
def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint can subset fonts with HarfBuzz (fast) rather than fontTools (slow).

    Found the way WeasyPrint looks for it, without importing WeasyPrint.
    """
    import ctypes.util

    return ctypes.util.find_library("harfbuzz-subset") is not None


@functools.cache
def has_hyphenation(locale: str) -> bool:
    """Hyphenate only where Pyphen has a dictionary for the language."""
    import pyphen

    return pyphen.language_fallback(locale) is not None


@functools.cache
def font_file(family: str) -> str | None:
    """The file fontconfig gives for a family, or None when it would substitute another."""
    try:
        out = subprocess.run(
            ["fc-match", "--format=%{family}\n%{file}\n%{index}", family],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return None
    if len(out) < 2 or family.lower() not in out[0].lower():
        return None
    return out[1]


def _open(path: str, family: str) -> Any:
    """The font `family` in the file at `path` (a collection holds several), with fontTools."""
    from fontTools.ttLib import TTCollection, TTFont

    if path.lower().endswith((".ttc", ".otc")):
        collection = TTCollection(path, lazy=True)
        for font in collection.fonts:
            names = {n.toUnicode() for n in font["name"].names if n.nameID in (1, 16)}
            if family in names:
                return font
        return collection.fonts[0]
    return TTFont(path, lazy=True)


@functools.cache
def _cmap(path: str, family: str) -> frozenset[int]:
    return frozenset(_open(path, family).getBestCmap())


@functools.cache
def advances(script: str) -> Mapping[int, float]:
    """Advance widths in em of the first font of the script's stack, by code point.

    For measuring text before layout (render/density.py). Han is measured by rule instead (a
    square em per ideograph): reading the CJK font's 65 000 glyph metrics took a quarter of a
    second per process.
    """
    family = fonts_for(script).families[0]
    path = font_file(family)
    if script == "Hans" or path is None:
        return {}
    font = _open(path, family)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return {point: metrics[glyph][0] / units for point, glyph in font.getBestCmap().items()}


def covered(script: str) -> tuple[frozenset[int], list[str]]:
    """Code points the script's stack covers, and the families that are not installed."""
    points: set[int] = set()
    absent = []
    for family in fonts_for(script).families:
        path = font_file(family)
        if path is None:
            absent.append(family)
            continue
        points |= _cmap(path, family)
    return frozenset(points), absent


def _ignorable(char: str) -> bool:
    # Spaces, bidi isolates and other format characters take no glyph.
    return char.isspace() or unicodedata.category(char) in ("Cf", "Cc")


def gaps(script: str, strings: list[str]) -> tuple[str, list[str]]:
    """Characters of `strings` no font of the script's stack has, and the missing families."""
    points, absent = covered(script)
    missing = sorted({c for s in strings for c in s if not _ignorable(c) and ord(c) not in points})
    return "".join(missing), absent


class FontGap(HelpkitError):
    """A language has characters that no installed font of its stack covers."""


def check_coverage(lang: str, script: str, strings: list[str]) -> None:
    missing, absent = gaps(script, strings)
    if not missing:
        return
    package = fonts_for(script).package
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:20])
    more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
    not_installed = f"; not installed: {', '.join(absent)}" if absent else ""
    raise FontGap(
        f"{lang}: no installed font covers {shown}{more} "
        f"(fonts tried: {', '.join(fonts_for(script).families)}{not_installed}); "
        f"install the Debian package {package}, or correct the text"
    )
