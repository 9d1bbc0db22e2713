"""Property-based: generated texts, translations and phone numbers are accepted or refused
exactly as helpkit's rules say, with the message for the reason.

Each property states which inputs must succeed and which must fail. The rules are written out
here a second time, from what helpkit documents (generator/content/textguard.py,
yamlsource.Record.text, translations.check_catalog, phones.py), not imported from the code under
test: a build that refused every text, or let every text through, fails these tests. Every
refusal class has a test of its own whose generator plants exactly that defect, so no class
goes unexercised; a mixed test lets the rules decide texts nobody planned.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import HealthCheck, assume, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from phonenumbers import shortnumberinfo

from generator.build import BuildOptions, build
from generator.content.load import load_content
from generator.content.phones import PhoneProblem, parse_phone
from generator.errors import ContentError, HelpkitError, Problem
from generator.fonts import FontGap
from generator.project import find_project
from generator.render.pdf import FitError
from generator.report import BufferReporter
from tests.conftest import FIXTURES, REPO

# ---------------------------------------------------------------------------------------------
# The rules, written out: what a printed text must not carry.

LIMIT = 2000  # characters in one printed text
MARKS_PER_LETTER = 3  # combining marks (Mn, Me) in a row
BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
JOINERS = frozenset("\u200c\u200d")  # allowed only where the script spells with them
JOINING_SCRIPTS = frozenset({"Arab", "Deva", "Beng", "Guru", "Gujr", "Taml", "Sinh", "Mlym"})
# Between two digits a reader still sees one number across up to three of these.
DIAL_SEPARATORS = frozenset(" \t.-/()\u2212" + "".join(map(chr, range(0x2010, 0x2016))))
DIAL_MIN_DIGITS = 5
ASCII_DIGITS = frozenset("0123456789")
PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# The messages, one per reason.
TOO_LONG = "is {n} characters; a printed text is limited to 2000 (split it or shorten it)"
MUST_NOT_REACH_PAPER = "contains {what}, which must not reach paper"
DIALABLE = (
    "contains the digits {digits!r}, which a reader could dial; phone numbers come from "
    "contacts.yaml, never from text"
)
EMPTY_FIELD = "must not be empty"
TRANSLATION_TOO_LONG = "translation is {n} characters; a printed text is limited to 2000"
UNPAIRED = "the translation has a { or } without its pair; write {{ or }} for a brace"
KEEP_PLACEHOLDERS = "translation must keep the placeholders {wanted}, has {found}"


def dialable_digits(value: str) -> str | None:
    """The first run of digits in `value` a reader could dial, as the reader sees it.

    After NFKC every Unicode decimal digit reads as 0-9 and invisible (Cf) characters vanish; a
    run is five or more digits with at most three separators between any two of them.
    """
    seen = []
    for char in unicodedata.normalize("NFKC", value):
        if unicodedata.category(char) == "Cf":
            continue
        digit = unicodedata.decimal(char, None)
        seen.append(char if digit is None else str(digit))
    text = "".join(seen)
    start = 0
    while start < len(text):
        if text[start] not in ASCII_DIGITS:
            start += 1
            continue
        digits, end, gap, at = 1, start + 1, 0, start + 1
        while at < len(text):
            if text[at] in ASCII_DIGITS:
                digits, end, gap = digits + 1, at + 1, 0
            elif text[at] in DIAL_SEPARATORS and gap < 3:
                gap += 1
            else:
                break
            at += 1
        if digits >= DIAL_MIN_DIGITS:
            return text[start:end]
        start = end
    return None


def refusal(value: str, script: str = "Latn") -> tuple[str, str] | None:
    """Why a printed text must be refused, as (reason, message), or None when it is printable.

    One message per text, the first of: too long; the first character, in reading order, that
    must not reach paper (bidi control; control, surrogate, private-use or unassigned character;
    an invisible format character, joiners allowed only in `script`s that spell with them; the
    fourth combining mark in a row); a run of digits a reader could dial.
    """
    if len(value) > LIMIT:
        return "length", TOO_LONG.format(n=len(value))
    marks = 0
    for char in value:
        category = unicodedata.category(char)
        code = f"U+{ord(char):04X}"
        marks = marks + 1 if category in ("Mn", "Me") else 0
        if char in BIDI:
            reason, what = "bidi", f"the bidi control {code}"
        elif category in ("Cc", "Cs", "Co", "Cn"):
            reason = {"Cc": "control", "Cs": "surrogate", "Co": "private-use"}.get(
                category, "unassigned"
            )
            what = f"the {reason} character {code}"
        elif category == "Cf" and not (char in JOINERS and script in JOINING_SCRIPTS):
            name = unicodedata.name(char, "format character").lower()
            reason, what = "invisible", f"the invisible character {code} ({name})"
        elif marks > MARKS_PER_LETTER:
            reason = "marks"
            what = f"more than {MARKS_PER_LETTER} combining marks on one letter (at {code})"
        else:
            continue
        return reason, MUST_NOT_REACH_PAPER.format(what=what)
    digits = dialable_digits(value)
    if digits is not None:
        return "digits", DIALABLE.format(digits=digits)
    return None


def field_verdict(raw: str) -> tuple[str, str]:
    """A printed field of a content file: ("ok", the value kept) or (reason, message).

    Whitespace is collapsed first (runs of any whitespace are one space, none at either end);
    what is left must not be empty, then must be printable.
    """
    value = " ".join(raw.split())
    if not value:
        return "empty", EMPTY_FIELD
    return refusal(value) or ("ok", value)


def brace_fields(value: str) -> list[str] | None:
    """The placeholders of a text as written between braces ("{{" and "}}" are a literal
    brace); None when a brace has no pair. (For texts whose placeholders hold no brace.)"""
    fields: list[str] = []
    at = 0
    while at < len(value):
        char = value[at]
        if char in "{}" and value.startswith(char * 2, at):
            at += 2
        elif char == "}":
            return None
        elif char == "{":
            end = value.find("}", at + 1)
            if end < 0:
                return None
            fields.append(value[at + 1 : end])
            at = end + 1
        else:
            at += 1
    return fields


def placeholder_form(field: str) -> str | None:
    """Why a placeholder is not a plain {name} (only plain names are filled in), or None."""
    if PLAIN_NAME.fullmatch(field):
        return None
    name = PLAIN_NAME.match(field)
    if name is None:
        return f"the translation's placeholder {{{field}}} has no name; write a name like {{name}}"
    rest = field[name.end() :]
    kind = {
        "!": f"has a conversion ({rest})",
        ":": f"has a format spec ({rest})",
        ".": f"reads an attribute ({rest})",
        "[": f"reads an index ({rest})",
    }.get(rest[:1], f"is not a plain name ({rest} after {name[0]})")
    return f"the translation's placeholder {{{field}}} {kind}; write {{{name[0]}}}"


def translation_verdict(source: str, value: str, script: str = "Latn") -> tuple[str, list[str]]:
    """A translation of `source`: ("ok", []), ("untranslated", []) or (reason, its messages).

    A translation is printed as written (no whitespace is collapsed); one that is only
    whitespace is no translation. Too long, or a placeholder that is not a plain name: that one
    message. Else: braces must pair, the placeholders must be the source's, and the text must
    be printable; each failure is one message.
    """
    if not value.strip():
        return "untranslated", []
    if len(value) > LIMIT:
        return "length", [TRANSLATION_TOO_LONG.format(n=len(value))]
    fields = brace_fields(value)
    for field in fields or ():
        wrong = placeholder_form(field)
        if wrong:
            return "placeholder-form", [wrong]
    reasons: list[str] = []
    messages: list[str] = []
    wanted = set(brace_fields(source) or ())
    if fields is None:
        reasons.append("brace")
        messages.append(UNPAIRED)
    elif set(fields) != wanted:
        reasons.append("placeholders")
        messages.append(KEEP_PLACEHOLDERS.format(wanted=sorted(wanted), found=sorted(set(fields))))
    bad = refusal(value, script)
    if bad is not None:
        reasons.append(bad[0])
        messages.append(f"the translation {bad[1]}")
    return ("+".join(reasons) or "ok"), sorted(messages)


# ---------------------------------------------------------------------------------------------
# Texts: what people write, and each defect planted into it.

LATIN_LETTERS = st.characters(categories=["Lu", "Ll"], max_codepoint=0x24F)
SCRIPT_LETTERS = st.one_of(
    LATIN_LETTERS,
    st.characters(min_codepoint=0x410, max_codepoint=0x44F),  # Cyrillic
    st.characters(min_codepoint=0x621, max_codepoint=0x64A),  # Arabic
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),  # Han
)
COMBINING = st.characters(min_codepoint=0x300, max_codepoint=0x36F)  # all Mn
# Decimal digits: ASCII, Arabic-Indic, Persian, fullwidth, Devanagari, Thai.
LOCAL_DIGITS = st.sampled_from(
    [
        "".join(chr(zero + i) for i in range(10))
        for zero in (0x30, 0x660, 0x6F0, 0xFF10, 0x966, 0xE50)
    ]
)
SPACE = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u2028", " \r\n "])
# A translation is printed as written: a tab or newline in it is a control character.
PRINTED_SPACE = st.sampled_from([" ", " ", " ", "  ", "\u00a0", "\u2009"])


@st.composite
def words(draw, letters=SCRIPT_LETTERS, max_letters: int = 12) -> str:
    """A word: letters, each with up to three combining marks, maybe punctuated."""
    out = []
    for letter in draw(st.lists(letters, min_size=1, max_size=max_letters)):
        out.append(letter + "".join(draw(st.lists(COMBINING, max_size=MARKS_PER_LETTER))))
    return "".join(out) + draw(st.sampled_from(["", "", "", ".", ",", "?", "!", ":", "'"]))


@st.composite
def clean_texts(draw, min_words: int = 1, max_words: int = 12, space=SPACE) -> str:
    """Prose that must print: words in any script, and numbers of at most four digits, each
    followed by a word so that no two numbers make one a reader could dial."""
    tokens = []
    for word in draw(st.lists(words(), min_size=min_words, max_size=max_words)):
        if draw(st.integers(0, 4)) == 0:
            alphabet = draw(LOCAL_DIGITS)
            tokens.append(
                "".join(draw(st.lists(st.sampled_from(alphabet), min_size=1, max_size=4)))
            )
        tokens.append(word)
    spaces = [draw(space) for _ in tokens]
    lead = draw(st.one_of(st.just(""), space))
    return lead + "".join(t + s for t, s in zip(tokens, spaces, strict=True)).rstrip(" ")


def printed_texts(min_words: int = 1, max_words: int = 12) -> st.SearchStrategy[str]:
    """Clean texts for a translation: spaced only with spaces a translation may print."""
    return clean_texts(min_words, max_words, PRINTED_SPACE)


@st.composite
def dialable_numbers(draw) -> str:
    """Five to twelve digits (any script's, fullwidth, superscript) with up to three
    separators between two of them."""
    alphabet = draw(st.one_of(LOCAL_DIGITS, st.just("⁰¹²³⁴⁵⁶⁷⁸⁹")))
    digits = draw(st.lists(st.sampled_from(alphabet), min_size=DIAL_MIN_DIGITS, max_size=12))
    separators = st.text(st.sampled_from(sorted(DIAL_SEPARATORS - {"\t"})), max_size=3)
    return digits[0] + "".join(draw(separators) + d for d in digits[1:])


def _chars(category: str) -> st.SearchStrategy[str]:
    return st.characters(categories=[category], exclude_characters=BIDI | {"\x00"})


# Each refusal class: what to plant in clean text.
PLANTED = {
    "bidi": st.sampled_from(sorted(BIDI)),
    # Whitespace controls (tab, newline, \x1c-\x1f, \x85) are collapsed, not refused.
    "control": _chars("Cc").filter(lambda c: not c.isspace()),
    "private-use": _chars("Co"),
    "unassigned": _chars("Cn"),
    "invisible": _chars("Cf"),  # zero-width joiners too: a Latin text does not need them
    "marks": st.builds(
        lambda letter, marks: letter + "".join(marks),
        LATIN_LETTERS,
        st.lists(COMBINING, min_size=MARKS_PER_LETTER + 1, max_size=8),
    ),
    "digits": dialable_numbers(),
}


def note_class(name: str) -> None:
    """Count the class of an example (pytest --hypothesis-show-statistics shows the counts)."""
    if currently_in_test_context():
        event(name)


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


# ---------------------------------------------------------------------------------------------
# A printed field of contacts.yaml (contacts[0].offers of the minimal project).


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back as exactly `text` (escapes for
    everything but printable ASCII: json.dumps would split an emoji into two surrogates)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _minimal(tmp_path: Path, name: str = "p") -> Path:
    root = tmp_path / name
    if root.exists():
        shutil.rmtree(root)  # hypothesis reuses tmp_path across examples
    shutil.copytree(FIXTURES / "minimal", root)
    return root


def check_offers(tmp_path: Path, text: str) -> str:
    """Load the minimal project with `text` as ROSA's offers, and assert what the rules say:
    the collapsed text kept, or exactly one problem, located, with the reason's message.
    Returns the reason."""
    root = _minimal(tmp_path)
    path = root / "content" / "contacts.yaml"
    written = path.read_text(encoding="utf-8")
    assert "offers: Hjelpetelefon." in written
    path.write_text(
        written.replace("offers: Hjelpetelefon.", f"offers: {yaml_quoted(text)}"), encoding="utf-8"
    )
    reason, expected = field_verdict(text)
    note_class(reason)
    if reason == "ok":
        content = load_content(root)
        assert content.contacts["rosa"].offers is not None
        assert content.contacts["rosa"].offers.source == expected
        return reason
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert caught.value.problems == [
        Problem("content/contacts.yaml", 5, "contacts[0].offers", expected)
    ]
    return reason


@SETTINGS
@given(clean_texts())
def test_printable_offers_text_loads_collapsed(tmp_path, text):
    assert check_offers(tmp_path, text) == "ok"


@SETTINGS
@given(st.one_of(SPACE, st.text(st.sampled_from(" \t\n\r\u00a0\u2028\u3000\x1c\x85"))))
def test_offers_text_of_only_whitespace_is_refused_as_empty(tmp_path, text):
    assert check_offers(tmp_path, text) == "empty"


@pytest.mark.parametrize("reason", sorted(PLANTED))
@settings(SETTINGS, max_examples=12)
@given(data=st.data())
def test_offers_text_with_a_planted_defect_is_refused_for_it(tmp_path, reason, data):
    before = data.draw(clean_texts(max_words=4), "before")
    after = data.draw(clean_texts(max_words=4), "after")
    planted = data.draw(PLANTED[reason], "planted")
    assert check_offers(tmp_path, f"{before} {planted} {after}") == reason


@settings(SETTINGS, max_examples=5)
@given(clean_texts(min_words=8, max_words=20), st.integers(0, 10))
def test_offers_text_longer_than_the_limit_is_refused_for_its_length(tmp_path, text, extra):
    collapsed = " ".join(text.split())
    long = " ".join([collapsed] * (LIMIT // (len(collapsed) + 1) + 1)) + "x" * extra
    assume(len(long) > LIMIT)
    assert check_offers(tmp_path, long) == "length"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Hjelp \ud800 nå", "surrogate"),  # YAML's \ud800 escape: the one way in
        ("Ring 22 33 11 60", "digits"),
        ("Ring 2233\u200b1160", "invisible"),  # refused for the invisible character first
        ("§ 196 i 2021", "ok"),
        ("Ring (22) 33-11.60", "digits"),
        ("Tlf. 2 2 3 3 1", "digits"),
        ("Tlf. 22    33 11 60", "digits"),  # collapsed to one space: one number
        ("1-2--3---4----5", "ok"),  # four separators break the run
        ("x" * LIMIT, "ok"),
        ("x" * (LIMIT + 1), "length"),
        ("a\u0301\u0302\u0303", "ok"),
        ("a\u0301\u0302\u0303\u0304", "marks"),
        ("\u200dx", "invisible"),
    ],
)
def test_offers_text_examples(tmp_path, text, reason):
    assert check_offers(tmp_path, text) == reason


@SETTINGS
@given(
    st.one_of(
        st.text(st.characters(min_codepoint=0x20, max_codepoint=0x24F), min_size=1, max_size=60),
        st.text(st.one_of(COMBINING, LATIN_LETTERS), min_size=1, max_size=40),
        st.text(st.characters(codec="utf-8"), max_size=30),
        st.text(st.one_of(st.sampled_from("0123456789 -./()"), LATIN_LETTERS), max_size=30),
        st.text(st.characters(min_codepoint=0x1F300, max_codepoint=0x1F64F), min_size=1),
    )
)
def test_any_offers_text_is_kept_or_refused_as_the_rules_say(tmp_path, text):
    check_offers(tmp_path, text)


# ---------------------------------------------------------------------------------------------
# A translation (en.po of the minimal project): the rules at load time.

PLAIN_SOURCE = ("ui:i18n.unreviewed", "Ikke kvalitetssikret", "Not reviewed")
NAMED_SOURCE = ("ui:qr.call", "Skann for å ringe {name}", "Scan to call {name}")


def po_quoted(text: str) -> str:
    """`text` as a PO string (PO escapes backslash, quote, newline, tab and carriage return;
    every other character is written as itself)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + '"'


def check_translation(
    tmp_path: Path, message: tuple[str, str, str], text: str, script: str = "Latn"
) -> str:
    """Load the minimal project with `text` as the English translation of `message` (its
    language written in `script`), and assert what the rules say. Returns the reason."""
    context, source, original = message
    root = _minimal(tmp_path)
    if script != "Latn":
        languages = root / "content" / "languages.yaml"
        written = languages.read_text(encoding="utf-8")
        old = "english: English, dir: ltr, script: Latn"
        assert old in written
        languages.write_text(written.replace(old, old.replace("Latn", script)), encoding="utf-8")
    po = root / "content" / "translations" / "en.po"
    written = po.read_text(encoding="utf-8")
    assert f"msgstr {po_quoted(original)}" in written
    po.write_text(
        written.replace(f"msgstr {po_quoted(original)}", f"msgstr {po_quoted(text)}"),
        encoding="utf-8",
    )
    reason, messages = translation_verdict(source, text, script)
    note_class(reason)
    if reason in ("ok", "untranslated"):
        catalog = load_content(root).catalogs["en"]
        assert catalog.messages.get((context, source)) == (text if reason == "ok" else None)
        return reason
    with pytest.raises(ContentError) as caught:
        load_content(root)
    found = sorted((p.file, p.field, p.message) for p in caught.value.problems)
    assert found == [("content/translations/en.po", context, m) for m in messages]
    return reason


@SETTINGS
@given(printed_texts(), st.lists(st.sampled_from(["{{", "}}", "{{}}"]), max_size=2))
def test_printable_translation_without_placeholders_loads_as_written(tmp_path, text, braces):
    # A text without placeholders may hold literal braces, written "{{" and "}}".
    assert check_translation(tmp_path, PLAIN_SOURCE, text + "".join(braces)) == "ok"


@SETTINGS
@given(printed_texts(max_words=4), printed_texts(max_words=4), st.integers(1, 3))
def test_printable_translation_keeping_its_placeholders_loads_as_written(
    tmp_path, before, after, times
):
    text = f"{before} {'{name} ' * times}{after}"
    assert check_translation(tmp_path, NAMED_SOURCE, text) == "ok"


@pytest.mark.parametrize("reason", sorted(PLANTED))
@settings(SETTINGS, max_examples=12)
@given(data=st.data())
def test_translation_with_a_planted_defect_is_refused_for_it(tmp_path, reason, data):
    message = data.draw(st.sampled_from([PLAIN_SOURCE, NAMED_SOURCE]), "message")
    planted = data.draw(PLANTED[reason], "planted")
    before = data.draw(printed_texts(max_words=4), "before")
    fill = " {name} " if message is NAMED_SOURCE else " "
    text = f"{before}{fill}{planted} {data.draw(printed_texts(max_words=4), 'after')}"
    assert check_translation(tmp_path, message, text) == reason


# Placeholders: literal braces, fields, lone braces, and fields that are not a plain name.
BRACE_PIECES = st.sampled_from(
    [
        *("{{", "}}", "{name}", "{other}", "{name!r}", "{name:>9}", "{name.__class__}"),
        *("{name[0]}", "{}", "{0}", "{ name}", "{näme}", "}"),
    ]
)


@settings(SETTINGS, max_examples=60)
@given(
    st.sampled_from([PLAIN_SOURCE, NAMED_SOURCE]),
    st.lists(st.tuples(BRACE_PIECES, printed_texts(max_words=2)), min_size=1, max_size=4),
    st.booleans(),
)
def test_translation_braces_pair_and_keep_the_source_placeholders(
    tmp_path, message, pieces, open_at_end
):
    text = "".join(piece + " " + words for piece, words in pieces) + ("{" if open_at_end else "")
    check_translation(tmp_path, message, text)


@pytest.mark.parametrize(
    ("message", "text", "reason"),
    [
        (PLAIN_SOURCE, "Not {{reviewed}}", "ok"),
        (PLAIN_SOURCE, "Not {reviewed}", "placeholders"),
        (PLAIN_SOURCE, "Not reviewed {", "brace"),
        (PLAIN_SOURCE, "Not reviewed }", "brace"),
        (PLAIN_SOURCE, "{name!r}", "placeholder-form"),
        (NAMED_SOURCE, "Scan to call", "placeholders"),
        (NAMED_SOURCE, "Scan to call {{name}}", "placeholders"),
        (NAMED_SOURCE, "Scan to call {name} or {other}", "placeholders"),
        (NAMED_SOURCE, "Scan to call {name} \u202e", "bidi"),
        (NAMED_SOURCE, "Scan to call { \u202e", "brace+bidi"),
        (NAMED_SOURCE, "Call {name} at 22 33 11 60", "digits"),
        (PLAIN_SOURCE, "  \t ", "untranslated"),
        (PLAIN_SOURCE, "Not  reviewed ", "ok"),  # printed as written
        (PLAIN_SOURCE, "Not reviewed\n", "control"),
        (PLAIN_SOURCE, "Not reviewed\r", "control"),
        (PLAIN_SOURCE, "x" * LIMIT, "ok"),
        (PLAIN_SOURCE, "x" * (LIMIT + 1), "length"),
        (PLAIN_SOURCE, "\u0661\u0662\u0663\u0664\u0665", "digits"),
        (PLAIN_SOURCE, "Not\u200dreviewed", "invisible"),
    ],
)
def test_translation_examples(tmp_path, message, text, reason):
    assert check_translation(tmp_path, message, text) == reason


@pytest.mark.parametrize(
    ("script", "reason"), [("Arab", "ok"), ("Deva", "ok"), ("Latn", "invisible")]
)
def test_joiners_are_spelling_only_in_scripts_that_need_them(tmp_path, script, reason):
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want", with a ZWNJ
    assert check_translation(tmp_path, PLAIN_SOURCE, persian, script) == reason
    assert check_translation(tmp_path, PLAIN_SOURCE, "\u0915\u094d\u200d\u0937", script) == reason


@SETTINGS
@given(st.text(st.characters(codec="utf-8", exclude_characters="{}\x00"), max_size=40))
def test_any_translation_is_kept_or_refused_as_the_rules_say(tmp_path, text):
    # Braces are left to the test above: its pieces keep every brace outside a placeholder.
    check_translation(tmp_path, PLAIN_SOURCE, text)


# ---------------------------------------------------------------------------------------------
# A translation printed on card-help (the repository's content): what layout and fonts decide.
#
# The question "Are you afraid to leave?" (ui:help.q3) is set in Noto Sans Bold, 7.5 pt, on
# the card's inner face, in a column about 17 em wide beside the QR code, with room for three
# lines. The classes, measured with the font's own advance widths:
# - fits: text the rules accept, in letters Noto Sans covers, no word wider than 15 em and
#   24 em in all (greedy wrapping needs more than two lines' worth for a fourth line) -> built
#   and verified;
# - a character Noto Sans (the whole font stack of an English text) does not cover -> refused
#   before layout, naming every such character: "en: no installed font covers ...";
# - one unbreakable word at least 35 em wide (wider than the card's safe zone) -> refused by
#   layout: "card-help (en): page 2: '<word>' runs N mm past the right edge of the safe zone";
# - only whitespace -> no translation: the build names the untranslated message;
# - refused by the rules above -> refused by the build with the same message, nothing written.
# Not generated, because the rules owe neither outcome: a word between 15 and 35 em (from
# about 18 em it runs over the QR code and verify refuses the card, with a message that depends
# on how much of the code it covers), and short words adding up to more than 24 em (three
# lines or four).

Q3 = ("ui:help.q3", "Er du redd for å dra?", "Are you afraid to leave?")
WORD_EM_MAX = 15.0
TEXT_EM_MAX = 24.0
LONG_WORD_EM_MIN = 35.0


@functools.cache
def noto_sans(style: str) -> tuple[frozenset[int], dict[int, float]]:
    """The code points of installed Noto Sans (style "regular" or "bold") and their advance
    widths in em, read from the font file fontconfig gives for it."""
    from fontTools.ttLib import TTFont

    family, path, index = subprocess.run(
        ["fc-match", "--format=%{family}\n%{file}\n%{index}", f"Noto Sans:{style}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert "Noto Sans" in family.split(","), f"Noto Sans is not installed: fc-match gave {family}"
    font = TTFont(path, fontNumber=int(index), lazy=True)
    cmap = font.getBestCmap()
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return frozenset(cmap), {point: metrics[glyph][0] / units for point, glyph in cmap.items()}


def uncovered(text: str) -> list[str]:
    """The characters of `text` that take a glyph and Noto Sans does not have, in code point
    order (spaces and format characters take no glyph)."""
    covered, _ = noto_sans("regular")
    return sorted(
        {
            c
            for c in text
            if not c.isspace()
            and unicodedata.category(c) not in ("Cc", "Cf")
            and ord(c) not in covered
        }
    )


def em(text: str) -> float:
    """The width of `text` in Noto Sans Bold, in em."""
    _, widths = noto_sans("bold")
    return sum(widths.get(ord(c), 1.0) for c in text)


@functools.cache
def printing_letters() -> list[str]:
    """Letters Noto Sans has in both styles: Latin, Greek and Cyrillic."""
    regular, _ = noto_sans("regular")
    bold, _ = noto_sans("bold")
    blocks = (*range(0x41, 0x250), *range(0x391, 0x3CA), *range(0x400, 0x460))
    return [
        chr(p)
        for p in blocks
        if unicodedata.category(chr(p)) in ("Lu", "Ll") and p in regular and p in bold
    ]


@functools.cache
def wide_letters() -> list[str]:
    """Basic Latin letters at least 0.6 em wide in bold: sixty of them run past the card."""
    return [c for c in printing_letters() if c.isascii() and em(c) >= 0.6]


@functools.cache
def not_covered() -> list[str]:
    """Printable characters of other scripts and emoji that Noto Sans lacks."""
    covered, _ = noto_sans("regular")
    ranges = [(0x5D0, 0x5EA), (0x620, 0x64A), (0x905, 0x939), (0xE01, 0xE30), (0x4E00, 0x4E40)]
    ranges.append((0x1F300, 0x1F64F))
    return [
        chr(p)
        for low, high in ranges
        for p in range(low, high + 1)
        if p not in covered and unicodedata.category(chr(p)) not in ("Cn", "Mn")
    ]


def build_card_help(tmp_path: Path, text: str) -> None:
    """Build card-help in English with `text` as the translation of Q3."""
    root = tmp_path / "r"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "content", root / "content")
    po = root / "content" / "translations" / "en.po"
    written = po.read_text(encoding="utf-8")
    assert f"msgstr {po_quoted(Q3[2])}" in written
    po.write_text(
        written.replace(f"msgstr {po_quoted(Q3[2])}", f"msgstr {po_quoted(text)}"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    result = build(
        find_project(root),
        BuildOptions(products=["card-help"], langs=["en"], out=out),
        BufferReporter(),
    )
    # Built means verified: build reads every PDF back before publishing it.
    assert [f.path for f in result.files] == ["card-help/card-help-en.pdf"]
    assert (out / "card-help" / "card-help-en.pdf").is_file()


def refused_card_help(tmp_path: Path, text: str) -> HelpkitError:
    """Build card-help with `text` as Q3, which must be refused with nothing written."""
    with pytest.raises(HelpkitError) as caught:
        build_card_help(tmp_path, text)
    assert not any((tmp_path / "out").rglob("*.pdf"))
    return caught.value


RENDER = settings(SETTINGS, max_examples=8)


@st.composite
def card_texts(draw) -> str:
    """Text the rules accept, in letters Noto Sans covers."""
    letters = st.deferred(lambda: st.sampled_from(printing_letters()))
    pieces = []
    for word in draw(st.lists(words(letters, max_letters=10), min_size=1, max_size=6)):
        if draw(st.integers(0, 5)) == 0:
            pieces.append(str(draw(st.integers(0, 9999))))
        pieces.append(word)
    text = " ".join(pieces) + draw(st.sampled_from(["", "?", " {{}}"]))
    assert translation_verdict(Q3[1], text)[0] == "ok"
    return text


@RENDER
@given(card_texts())
def test_a_translation_that_fits_prints_and_verifies(tmp_path, text):
    assume(not uncovered(text))
    assume(max(em(w) for w in text.split()) <= WORD_EM_MAX and em(text) <= TEXT_EM_MAX)
    build_card_help(tmp_path, text)


@RENDER
@given(card_texts(), st.lists(st.deferred(lambda: st.sampled_from(not_covered())), min_size=1))
def test_a_character_no_font_covers_is_refused_before_layout(tmp_path, text, foreign):
    spliced = " ".join([text, *foreign])
    missing = uncovered(spliced)
    assert missing and translation_verdict(Q3[1], spliced)[0] == "ok"
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:20])
    more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
    error = refused_card_help(tmp_path, spliced)
    assert isinstance(error, FontGap)
    assert str(error) == (
        f"en: no installed font covers {shown}{more} (fonts tried: Noto Sans); "
        "install the Debian package fonts-noto-core, or correct the text"
    )


@settings(RENDER, max_examples=3)
@given(st.lists(st.deferred(lambda: st.sampled_from(wide_letters())), min_size=60, max_size=70))
def test_a_word_wider_than_the_card_is_refused_by_layout(tmp_path, letters):
    word = "".join(letters)
    assert em(word) >= LONG_WORD_EM_MIN
    error = refused_card_help(tmp_path, word)
    assert isinstance(error, FitError)
    assert re.fullmatch(
        rf"card-help \(en\): page 2: {re.escape(repr(word))} runs \d+\.\d mm past the right "
        r"edge of the safe zone; shorten the text",
        str(error),
    ), str(error)


@pytest.mark.parametrize("text", ["", " ", "\t \n", "\u3000"])
def test_a_translation_of_only_whitespace_is_untranslated(tmp_path, text):
    error = refused_card_help(tmp_path, text)
    po = (REPO / "content" / "translations" / "en.po").read_text(encoding="utf-8").splitlines()
    line = po.index(f"msgid {po_quoted(Q3[1])}") + 1
    assert str(error) == (
        "card-help cannot be printed in en (English): 1 string(s) not translated\n"
        f"  content/translations/en.po:{line}: ui:help.q3: 'Er du redd for å dra?' is empty"
    )


@RENDER
@given(st.sampled_from(sorted(PLANTED)), st.data())
def test_a_translation_the_rules_refuse_is_refused_by_the_build(tmp_path, reason, data):
    planted = data.draw(PLANTED[reason], "planted")
    text = f"Are you {planted} afraid?"
    verdict, messages = translation_verdict(Q3[1], text)
    assert verdict == reason
    error = refused_card_help(tmp_path, text)
    assert isinstance(error, ContentError)
    found = [(p.file, p.field, p.message) for p in error.problems]
    assert found == [("content/translations/en.po", Q3[0], m) for m in messages]


# ---------------------------------------------------------------------------------------------
# Phone numbers: canonical E.164 or a Norwegian short number, valid by the phonenumbers
# library; a display is digits in groups separated by single (no-break) spaces, and its digits
# are exactly those dialled in Norway.

E164 = re.compile(r"\+[1-9][0-9]{4,14}")
SHORT = re.compile(r"[0-9]{3,6}")
DISPLAY = re.compile(r"[0-9]+(?:[ \u00a0][0-9]+)*")


def phone_verdict(canonical: str, display: str | None) -> tuple[str, str | tuple[str, str, bool]]:
    """("ok", (national digits, display, short)) or ("refused", the message)."""
    if any(c.isdigit() and not c.isascii() for c in canonical):
        return "refused", (
            f"{canonical!r} has digits other than 0-9; the canonical number is written with "
            "the digits 0-9 (the QR code and the dialler need them)"
        )
    if SHORT.fullmatch(canonical):
        try:
            number = phonenumbers.parse(canonical, "NO")
        except phonenumbers.NumberParseException as exc:  # "001": an IDD, then nothing
            return "refused", f"{canonical!r} is not a phone number: {exc}"
        if not shortnumberinfo.is_valid_short_number_for_region(number, "NO"):
            return "refused", f"{canonical!r} is not a valid Norwegian short number"
        national, short = canonical, True
        default = f"{canonical[:3]} {canonical[3:]}" if len(canonical) == 6 else canonical
    elif E164.fullmatch(canonical):
        try:
            number = phonenumbers.parse(canonical, None)
        except phonenumbers.NumberParseException as exc:
            return "refused", f"{canonical!r} is not a phone number: {exc}"
        if not phonenumbers.is_valid_number(number):
            return "refused", f"{canonical!r} is not a valid phone number"
        if phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) != canonical:
            return "refused", f"{canonical!r} is not in E.164 form"
        default = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        national, short = "".join(c for c in default if c.isdigit()), False
    else:
        return "refused", (
            f"{canonical!r} must be E.164 (like +4722331160) or a short number (like 112)"
        )
    shown = default if display is None else display
    if not DISPLAY.fullmatch(shown):
        return "refused", f"display {shown!r} may contain only digits and single spaces"
    digits = "".join(c for c in shown if c.isdigit())
    if digits != national:
        return "refused", (
            f"display {shown!r} has the digits {digits}, but the number {canonical} is dialled "
            f"as {national} in Norway"
        )
    return "ok", (national, shown, short)


def check_phone(canonical: str, display: str | None) -> str:
    verdict, expected = phone_verdict(canonical, display)
    note_class(verdict)
    if verdict == "refused":
        with pytest.raises(PhoneProblem) as caught:
            parse_phone(canonical, display)
        assert str(caught.value) == expected
        return verdict
    national, shown, short = expected
    phone = parse_phone(canonical, display)
    assert (phone.canonical, phone.display, phone.short) == (canonical, shown, short)
    assert phone.digits == national
    assert phone.tel == f"tel:{canonical}"
    return verdict


NORWEGIAN = st.builds(
    lambda first, rest: f"+47{first}{rest}",
    st.sampled_from("23456789"),
    st.text("0123456789", min_size=7, max_size=7),
)
SHORT_NUMBERS = st.sampled_from(["110", "112", "113", "116000", "116006", "116111", "116117"])


@st.composite
def groupings(draw, digits: str) -> str:
    """`digits` split into groups by single spaces or no-break spaces."""
    out = digits[0]
    for digit in digits[1:]:
        out += draw(st.sampled_from(["", "", " ", "\u00a0"])) + digit
    return out


@SETTINGS
@given(st.one_of(NORWEGIAN, SHORT_NUMBERS), st.data())
def test_a_valid_number_with_its_own_digits_grouped_is_parsed(canonical, data):
    assume(phone_verdict(canonical, None)[0] == "ok")
    national = canonical.removeprefix("+47")
    display = data.draw(st.one_of(st.none(), groupings(national)), "display")
    assert check_phone(canonical, display) == "ok"


@SETTINGS
@given(st.one_of(NORWEGIAN, SHORT_NUMBERS), st.data())
def test_a_display_that_is_not_the_numbers_digits_is_refused(canonical, data):
    assume(phone_verdict(canonical, None)[0] == "ok")
    national = canonical.removeprefix("+47")
    wrong = data.draw(
        st.one_of(
            st.text("0123456789", min_size=1, max_size=10).filter(lambda d: d != national),
            groupings(national).map(lambda d: d[:1] + "  " + d[1:]),
            groupings(national).map(lambda d: d[:1] + "-" + d[1:]),
            groupings(national).map(lambda d: " " + d),
            groupings(national[::-1]).filter(lambda d: d.replace(" ", "") != national),
        ),
        "display",
    )
    assert check_phone(canonical, wrong) == "refused"


@SETTINGS
@given(
    st.one_of(
        st.text("0123456789+ ", max_size=16),
        NORWEGIAN.map(lambda c: c[:-1]),
        st.text("0123456789", min_size=1, max_size=8),
    )
)
def test_a_malformed_or_invalid_canonical_number_is_refused(canonical):
    assume(phone_verdict(canonical, None)[0] == "refused")
    assert check_phone(canonical, None) == "refused"


@SETTINGS
@given(
    st.one_of(st.text("0123456789+ ", max_size=16), NORWEGIAN, SHORT_NUMBERS),
    st.one_of(st.none(), st.text("0123456789 -\u00a0", max_size=14)),
)
def test_any_phone_number_is_parsed_or_refused_as_the_rules_say(canonical, display):
    check_phone(canonical, display)
