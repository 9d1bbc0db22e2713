"""Every sequence a reader could dial comes from contacts.yaml, however it is disguised, in every
printed field and every translation; invisible characters and stacks of combining marks, which
could hide or deface a number, are refused where no script needs them."""

from __future__ import annotations

import pytest

from generator.content.load import load_content
from generator.content.textguard import (
    MAX_MARKS,
    MAX_TEXT_CHARS,
    forbidden_characters,
    text_problem,
    typed_number,
)
from generator.errors import ContentError
from tests.helpers import edit, helpkit

# What a reader would dial, written every way we know to slip past a naive check.
DISGUISED = {
    "spaces": "99 88 77 66",
    "two spaces": "99  88  77  66",
    "hyphens": "99-88-77-66",
    "dots": "99.88.77.66",
    "slashes": "99/88/77/66",
    "en dashes": "99\u201388\u201377\u201366",
    "non-breaking hyphen": "99\u201188\u201177\u201166",
    "no-break spaces": "99\u00a088\u00a077\u00a066",
    "narrow no-break spaces": "99\u202f88\u202f77\u202f66",
    "parentheses": "(99) 88 77 66",
    "zero-width spaces": "9\u200b9\u200b8\u200b8\u200b7",
    "soft hyphens": "99\u00ad88\u00ad77\u00ad66",
    "word joiners": "99\u206088\u206077\u206066",
    "fullwidth digits": "\uff19\uff19\uff18\uff18\uff17",
    "arabic-indic digits": "\u0669\u0669\u0668\u0668\u0667",
    "persian digits": "\u06f9\u06f9\u06f8\u06f8\u06f7",
    "devanagari digits": "\u096f\u096f\u096e\u096e\u096d",
    "superscript digits": "\u2079\u2079\u2078\u2078\u2077",
    "mixed scripts": "9\uff19\u0668 8\u06f77",
    "plain run": "99887",
    "short number split": "116 111",
}

# Digits that are not a number to dial: they must keep printing.
HARMLESS = [
    "straffeloven § 196",
    "Kilde oppdatert 6. januar 2021",
    "åpen 24/7",
    "§§ 257, 258 og 259",
    "1-2 dager",
    "Ring {number}",
    "barn under 18 år",
]


@pytest.mark.parametrize("name", sorted(DISGUISED))
def test_a_disguised_number_is_found(name):
    text = f"Ring {DISGUISED[name]} i dag."
    assert typed_number(text) is not None, name
    assert text_problem(text) != ""  # refused for its digits or its invisible characters


def test_digits_split_by_a_joiner_a_script_needs_are_still_a_number():
    text = "\u0628\u0627 9\u200c9\u200c8\u200c8\u200c7"
    assert forbidden_characters(text, "Arab") == ""
    assert text_problem(text, "Arab").startswith("contains the digits '99887', which")


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_digits_are_not_a_number(text):
    assert typed_number(text) is None
    assert text_problem(text) == ""


def test_a_number_field_may_hold_digits():
    assert text_problem("22 33 11 60", digits=True) == ""
    assert text_problem("22 33 11 60") != ""


@pytest.mark.parametrize(
    ("char", "described"),
    [
        ("\u200b", "the invisible character U+200B (zero width space)"),
        ("\u200e", "the invisible character U+200E (left-to-right mark)"),
        ("\u200f", "the invisible character U+200F (right-to-left mark)"),
        ("\u2060", "the invisible character U+2060 (word joiner)"),
        ("\ufeff", "the invisible character U+FEFF (zero width no-break space)"),
        ("\u061c", "the invisible character U+061C (arabic letter mark)"),
        ("\u00ad", "the invisible character U+00AD (soft hyphen)"),
        ("\u202e", "the bidi control U+202E"),
        ("\u2067", "the bidi control U+2067"),
        ("\x1b", "the control character U+001B"),
        ("\ue000", "the private-use character U+E000"),
    ],
)
def test_invisible_characters_are_refused(char, described):
    assert forbidden_characters(f"Ring{char} oss") == described


@pytest.mark.parametrize("joiner", ["\u200c", "\u200d"])
def test_joiners_are_spelling_only_where_a_script_needs_them(joiner):
    persian = f"می{joiner}توانید"
    assert forbidden_characters(persian, "Arab") == ""
    assert forbidden_characters(persian, "Deva") == ""
    assert forbidden_characters(f"Ring{joiner} oss", "Latn").startswith("the invisible character")
    assert forbidden_characters(f"Ring{joiner} oss", "Cyrl").startswith("the invisible character")


def test_combining_marks_are_limited_per_letter():
    vietnamese = "Tie\u0302\u0301ng Vie\u0323\u0302t"  # decomposed: two marks on a letter
    arabic = "\u0645\u064f\u0651\u064e"  # shadda and vowels
    assert forbidden_characters(vietnamese) == ""
    assert forbidden_characters(arabic, "Arab") == ""
    assert forbidden_characters("a" + "\u0301" * MAX_MARKS) == ""
    assert forbidden_characters("a" + "\u0323" * (MAX_MARKS + 1)) == (
        f"more than {MAX_MARKS} combining marks on one letter (at U+0323)"
    )
    # Marks spread over letters are fine, however many there are.
    assert forbidden_characters("a\u0301" * 60) == ""


def test_a_text_longer_than_a_paragraph_is_refused():
    assert text_problem("ord " * 500) == ""
    assert text_problem("x" * (MAX_TEXT_CHARS + 1)) == (
        f"is {MAX_TEXT_CHARS + 1} characters; a printed text is limited to {MAX_TEXT_CHARS} "
        "(split it or shorten it)"
    )


def _problems(project):
    with pytest.raises(ContentError) as info:
        load_content(project.root)
    return [str(p) for p in info.value.problems]


DIAL = "contains the digits '99-88-77-66', which a reader could dial; phone numbers come from "
DIAL += "contacts.yaml, never from text"

# (file, text to replace, replacement, the problem expected) in every kind of printed field.
FIELDS = [
    (
        "contacts.yaml",
        "offers: I nødsituasjoner.",
        "offers: I nødsituasjoner, 99-88-77-66.",
        f"content/contacts.yaml:23: contacts[0].offers: {DIAL}",
    ),
    (
        "contacts.yaml",
        "name: Nødnummer",
        "name: Nødnummer 99-88-77-66",
        f"content/contacts.yaml:20: contacts[0].name: {DIAL}",
    ),
    (
        "guidance.yaml",
        "law: straffeloven § 196",
        "law: straffeloven § 196, ring 99-88-77-66",
        f"content/guidance.yaml:93: sections[4].law: {DIAL}",
    ),
    (
        "guidance.yaml",
        "title: I akuttsituasjoner",
        "title: I akuttsituasjoner 99-88-77-66",
        f"content/guidance.yaml:13: sections[0].title: {DIAL}",
    ),
    (
        "sources.yaml",
        "title: Om ROSA",
        "title: Om ROSA 99-88-77-66",
        f"content/sources.yaml:21: sources[1].title: {DIAL}",
    ),
    (
        "sources.yaml",
        "publisher: ROSA",
        "publisher: ROSA 99-88-77-66",
        None,
    ),
    (
        "languages.yaml",
        "name: Polski",
        "name: Polski 99-88-77-66",
        f"content/languages.yaml:10: languages[3].name: {DIAL}",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), FIELDS)
def test_every_printed_field_is_guarded(project_copy, file, old, new, expected):
    path = project_copy.content / file
    if old not in path.read_text():
        pytest.skip(f"{old!r} is not in {file} any more")
    edit(path, old, new)
    found = _problems(project_copy)
    if expected is None:
        assert any(DIAL in p for p in found), found
    else:
        assert expected in found, found


def test_every_ui_text_is_guarded(project_copy):
    ui = project_copy.content / "ui.yaml"
    edit(ui, "help.qr: Skann for å ringe {name}", "help.qr: Skann 99-88-77-66 for å ringe {name}")
    assert any(p.startswith("content/ui.yaml:") and DIAL in p for p in _problems(project_copy))


@pytest.mark.parametrize("name", ["hyphens", "two spaces", "arabic-indic digits", "persian digits"])
def test_every_translation_is_guarded(project_copy, name):
    po = project_copy.content / "translations" / "en.po"
    edit(po, 'msgstr "Scan to call {name}"', f'msgstr "Scan {DISGUISED[name]} to call {{name}}"')
    found = _problems(project_copy)
    assert len(found) == 1, found
    assert found[0].startswith(
        "content/translations/en.po:34: ui:qr.call: the translation contains the digits "
    )
    assert found[0].endswith(
        "which a reader could dial; phone numbers come from contacts.yaml, never from text"
    )


def test_persian_keeps_its_joiners_but_english_may_not_have_them(project_copy):
    load_content(project_copy.root)  # fa.po is full of ZWNJ, and loads
    po = project_copy.content / "translations" / "en.po"
    edit(po, 'msgstr "Scan to call {name}"', 'msgstr "Scan to\u200c call {name}"')
    assert _problems(project_copy) == [
        "content/translations/en.po:34: ui:qr.call: the translation contains the invisible "
        "character U+200C (zero width non-joiner), which must not reach paper"
    ]


def test_sixty_marks_below_a_letter_are_refused(project_copy):
    edit(
        project_copy.content / "contacts.yaml",
        "offers: I nødsituasjoner.",
        'offers: "I n\\u00f8d' + "\\u0323" * 60 + 'situasjoner."',
    )
    assert _problems(project_copy) == [
        f"content/contacts.yaml:23: contacts[0].offers: contains more than {MAX_MARKS} combining "
        "marks on one letter (at U+0323), which must not reach paper"
    ]


@pytest.mark.parametrize(
    "number", ["\u0661\u0661\u0662", "\uff11\uff11\uff12", "\u06f1\u06f1\u06f2", "1\u200b12"]
)
def test_a_canonical_number_is_written_with_ascii_digits(project_copy, number):
    edit(project_copy.content / "contacts.yaml", 'number: "112"', f'number: "{number}"')
    found = _problems(project_copy)
    assert len(found) == 1, found
    assert found[0].startswith("content/contacts.yaml:25: contacts[0].phones[0].number: ")


def test_a_scalar_alias_is_refused(project_copy):
    path = project_copy.content / "contacts.yaml"
    edit(path, "offers: I nødsituasjoner.", "offers: &n I nødsituasjoner.")
    edit(path, "    offers: Når en person", "    audience: *n\n    offers: Når en person")
    assert _problems(project_copy) == [
        "content/contacts.yaml:35: uses a YAML alias; aliases are not allowed in content"
    ]


def test_check_refuses_a_disguised_number_with_exit_1(project_copy):
    edit(
        project_copy.content / "guidance.yaml",
        "law: straffeloven § 196",
        'law: "straffeloven § 196 \\u0669\\u0669\\u0668\\u0668\\u0667"',
    )
    result = helpkit(project_copy.root, "check")
    assert result.exit_code == 1
    expected = "content/guidance.yaml:93: sections[4].law: contains the digits '196 99887'"
    assert expected in result.output
