"""Which layout density to try first, judged from how long the printed text is.

Laying out a page is most of what a document costs. Trying regular, then compact, then tight
laid the long languages out two or three times over: nearly half of the catalogue. The length
of a document's text, measured with its font's advance widths, predicts well which density
will be the first to fit. Measuring takes a fraction of a millisecond, so most documents are
laid out once.

The prediction only chooses where to start. The fit check on the laid-out page still decides:
a start that does not fit goes on to the tighter densities, as before. A product's thresholds
(`Product.density_from`) are set just above the longest text that fitted at the looser
density, so the start is never tighter than the first density that fits for any document of
the catalogue. `bench/calibrate_density.py` measures this and proposes the thresholds again
after the designs or the translations change. The worst a stale threshold can do is to cost an
extra layout, or, for a text just above it, to set a page with slightly less air than it
needed.
"""

from __future__ import annotations

import html
import re
import unicodedata

from generator.fonts import advances

DENSITIES = ("regular", "compact", "tight")

_MARKUP = re.compile(r"<style>.*?</style>|<svg.*?</svg>|<[^>]+>", re.S)
_FALLBACK_EM = 0.6  # a character no font here measures: an average Latin letter

# Joined Arabic letters are narrower than the isolated forms a font's cmap gives; measured over
# the catalogue, Arabic text sets at about 0.85 of its isolated advances.
_SHAPING = {"Arab": 0.85}


def text_width(page_html: str, script: str) -> float:
    """The printed text of `page_html` set in one line at 1 em, in em.

    Counts what is drawn as letters: no markup, no SVG (pictograms, QR codes), no style.
    """
    return measure(html.unescape(_MARKUP.sub(" ", page_html)), script)


def measure(text: str, script: str) -> float:
    """Plain `text` set in one line at 1 em, in em, with the script's advance widths."""
    own = advances(script)
    latin = advances("Latn")
    width = 0.0
    for char in " ".join(text.split()):
        point = ord(char)
        if point in own:
            width += own[point]
        elif point in latin:
            width += latin[point]
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0  # CJK ideographs and full-width forms are set on a square em
        elif unicodedata.category(char) not in ("Cf", "Mn"):
            width += _FALLBACK_EM
    return width * _SHAPING.get(script, 1.0)


def longest_word(text: str, script: str) -> float:
    """The width in em of the longest word of `text`: the narrowest a column of it can be."""
    return max((measure(word, script) for word in text.split()), default=0.0)


def first_density(thresholds: tuple[float, ...], width: float) -> int:
    """The index in DENSITIES to try first for a text `width` em long."""
    return sum(1 for threshold in thresholds if width >= threshold)
