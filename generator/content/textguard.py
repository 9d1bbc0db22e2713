"""What printed text must not carry, checked the same way for every field and every translation.

A wrong or reversed digit sends a frightened person nowhere, so every number a reader could
dial comes from contacts.yaml: prose that contains one is refused, however it is disguised
(99-88-77-66, 99.88.77.66, fullwidth or Arabic-Indic digits, digits split by zero-width
spaces or soft hyphens, two spaces). Characters a reader cannot see (bidi controls, zero-width
and other format characters) could reorder or hide what is printed, and a pile of combining
marks can be stacked over a number; both are refused where no script needs them.
"""

from __future__ import annotations

import re
import unicodedata

# A printed text (a title, a sentence, a translation) is at most a paragraph; anything longer
# is a mistake or an attack, and layout time grows with it.
MAX_TEXT_CHARS = 2000
# Vietnamese (decomposed), Thai and vocalised Arabic stack at most three marks on a letter.
MAX_MARKS = 3

# Bidi overrides and isolates could turn "22 33 11 60" into "60 11 33 22" or hide text;
# helpkit places its own isolates around numbers.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Zero-width non-joiner and joiner shape words in Persian, Urdu and the Indic scripts: they are
# spelling there, and nowhere else.
JOINERS = frozenset("\u200c\u200d")
JOINER_SCRIPTS = frozenset({"Arab", "Deva", "Beng", "Guru", "Gujr", "Taml", "Sinh", "Mlym"})

# What a reader takes for the gap between two groups of digits, after NFKC has made every
# space a plain one: spaces, hyphens and dashes (U+2010-U+2015, minus), dots, slashes,
# parentheses ("(22) 33 11 60").
_SEPARATORS = " \t-\u2010\u2011\u2012\u2013\u2014\u2015\u2212./()"
# Five or more digits in a row, with at most three separators between any two: a number
# someone would dial. Dates and paragraph numbers ("§ 196", "2021") stay below it.
_DIALABLE = re.compile(r"\d(?:[" + re.escape(_SEPARATORS) + r"]{0,3}\d){4,}")


def fold_digits(value: str) -> str:
    """The text as a reader sees the digits in it: compatibility forms folded (fullwidth),
    every decimal digit of any script as 0-9, and invisible characters removed."""
    out = []
    for char in unicodedata.normalize("NFKC", value):
        if unicodedata.category(char) == "Cf":
            continue  # zero-width spaces, soft hyphens, bidi marks: invisible between digits
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None else char)
    return "".join(out)


def typed_number(value: str) -> str | None:
    """The first run of digits in `value` that a reader could dial, as printed; None if none."""
    found = _DIALABLE.search(fold_digits(value))
    return found.group() if found else None


def forbidden_characters(value: str, script: str = "Latn") -> str:
    """A description of the first character that must not be in printed text, or "".

    `script` is the ISO 15924 code of the text's language: joiners are allowed where it needs
    them.
    """
    marks = 0
    for char in value:
        category = unicodedata.category(char)
        if char in BIDI_CONTROLS:
            return f"the bidi control U+{ord(char):04X}"
        if category in ("Cc", "Cs", "Co", "Cn"):
            kind = {"Cc": "control", "Cs": "surrogate", "Co": "private-use"}.get(category)
            return f"the {kind or 'unassigned'} character U+{ord(char):04X}"
        if category == "Cf" and not (char in JOINERS and script in JOINER_SCRIPTS):
            name = unicodedata.name(char, "format character")
            return f"the invisible character U+{ord(char):04X} ({name.lower()})"
        marks = marks + 1 if category in ("Mn", "Me") else 0
        if marks > MAX_MARKS:
            return f"more than {MAX_MARKS} combining marks on one letter (at U+{ord(char):04X})"
    return ""


def text_problem(value: str, script: str = "Latn", digits: bool = False) -> str:
    """Why `value` cannot be printed, or "". `digits`: the field is a number and may hold them."""
    if len(value) > MAX_TEXT_CHARS:
        return (
            f"is {len(value)} characters; a printed text is limited to {MAX_TEXT_CHARS} "
            "(split it or shorten it)"
        )
    bad = forbidden_characters(value, script)
    if bad:
        return f"contains {bad}, which must not reach paper"
    if not digits:
        number = typed_number(value)
        if number is not None:
            return (
                f"contains the digits {number!r}, which a reader could dial; phone numbers "
                "come from contacts.yaml, never from text"
            )
    return ""
