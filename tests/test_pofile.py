"""Catalogs are read strictly (issue 13, section 5): PO syntax errors name file and line, a
byte-order mark is accepted, duplicates are refused, only plain {name} placeholders are filled,
the review header must hold a date and printable names, and a PO file that is not a regular
file in the project, or too large, is refused before it is parsed."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

import jinja2
import pytest

from generator.content.load import load_content
from generator.content.pofile import parse
from generator.content.reviews import review_fingerprint
from generator.content.translations import MAX_PO_BYTES, load_catalog
from generator.content.yamlsource import Sink
from generator.errors import ContentError
from generator.i18n import read_catalog, status
from generator.render.environment import fill
from tests.conftest import FIXTURES, REPO
from tests.helpers import edit, helpkit

PO = "content/translations/en.po"
QR_MSGSTR = 'msgstr "Scan to call {name}"'  # line 27 of the fixture's en.po


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """The minimal project (nb source, an English catalog), copied to tmp_path/project."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal" / "content", root / "content")
    return root


def po(root: Path) -> Path:
    return root / PO


def problems(root: Path) -> list[str]:
    """Every problem load_content reports, as printed."""
    with pytest.raises(ContentError) as info:
        load_content(root)
    return [str(p) for p in info.value.problems]


def finishes(action: Callable[[], object], seconds: float = 20) -> object:
    """`action`'s result; fails (instead of hanging the suite) when it takes too long."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = action()
        except BaseException as exc:  # handed to the test below
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("result")


# ----------------------------------------------------------------------------- syntax

UNKNOWN = (
    '; a line holds msgctxt, msgid, msgid_plural, msgstr or msgstr[N] and a "string", '
    'a "string", or a # comment'
)
ESCAPES = '; a string may use \\n, \\t, \\r, \\" and \\\\'


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            QR_MSGSTR,
            'msgstr "Scan to call {name}',
            '27: unterminated string: the closing " is missing',
            id="unterminated",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgstr "Scan to call {name}\\"',
            '27: unterminated string: the closing " is missing',
            id="unterminated-escaped-quote",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgstr "Scan to call {name}\\',
            '27: unterminated string: the closing " is missing',
            id="unterminated-backslash",
        ),
        pytest.param(
            'msgstr "Scan and call {name}"',
            'msgstr ""\n"Scan and call {name}',
            '34: unterminated string: the closing " is missing',
            id="unterminated-continuation",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgstr "Scan to \\a call {name}"',
            "27: invalid escape \\a" + " in a string" + ESCAPES,
            id="escape-bell",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgstr "Scan to \\x41 call {name}"',
            "27: invalid escape \\x" + " in a string" + ESCAPES,
            id="escape-hex",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgstr "Scan to \\101 call {name}"',
            "27: invalid escape \\1" + " in a string" + ESCAPES,
            id="escape-octal",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgtsr "Scan to call {name}"',
            '27: unknown keyword "msgtsr"' + UNKNOWN,
            id="unknown-keyword",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgstr "Scan to call {name}"\nmsgfoo "x"',
            '28: unknown keyword "msgfoo"' + UNKNOWN,
            id="unknown-keyword-after-entry",
        ),
        pytest.param(
            QR_MSGSTR,
            "Scan to call {name}",
            '27: unknown keyword "Scan"' + UNKNOWN,
            id="text-without-quotes",
        ),
        pytest.param(
            QR_MSGSTR,
            "msgstr",
            '27: msgstr must be followed by a space and one "string"',
            id="keyword-without-string",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgstr"Scan to call {name}"',
            '27: msgstr must be followed by a space and one "string"',
            id="keyword-without-space",
        ),
        pytest.param(
            QR_MSGSTR,
            "msgstr Scan to call {name}",
            '27: a string must be written in double quotes: "..."',
            id="keyword-unquoted",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgstr "Scan to "call" {name}"',
            '27: text after the string\'s closing quote: call" {name}"; '
            'write \\" for a quote inside a string',
            id="text-after-string",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgstr "Scan to call {name}" # note',
            "27: text after the string's closing quote: # note; "
            'write \\" for a quote inside a string',
            id="comment-after-string",
        ),
        pytest.param(
            'msgid "Skann for å ringe {name}"\nmsgstr "Scan to call',
            'msgstr "Scan to call',
            "26: msgstr without msgid",
            id="msgstr-without-msgid",
        ),
        pytest.param(
            '\nmsgstr "Scan to call {name}"\n',
            "\n\n",
            "26: msgid without msgstr",
            id="msgid-without-msgstr",
        ),
        pytest.param(
            'msgctxt "ui:qr.call"\nmsgid "Skann for å ringe {name}"',
            'msgctxt "ui:qr.call"\n# a comment ends the entry\nmsgid "Skann for å ringe {name}"',
            "25: msgctxt without msgid",
            id="msgctxt-without-msgid",
        ),
        pytest.param(
            'msgctxt "ui:qr.call"\nmsgid "Skann for å ringe {name}"',
            'msgid "Skann for å ringe {name}"\nmsgctxt "ui:qr.call"',
            "26: msgctxt after msgid; msgctxt comes before msgid",
            id="msgctxt-after-msgid",
        ),
        pytest.param(
            QR_MSGSTR,
            QR_MSGSTR + '\nmsgstr "Scan to phone {name}"',
            "28: a second msgstr for the msgid of line 26",
            id="second-msgstr",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgstr[0] "Scan to call {name}"',
            "27: msgstr[0] without msgid_plural; a message without plural takes msgstr",
            id="plural-msgstr-without-plural",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgid_plural "Skann for å ringe {name}"\nmsgstr "Scan to call {name}"',
            "28: a message with msgid_plural takes msgstr[0], msgstr[1], ..., not msgstr",
            id="plural-with-msgstr",
        ),
        pytest.param(
            QR_MSGSTR,
            'msgid_plural "x"\nmsgstr[0] "a {name}"\nmsgstr[2] "b {name}"',
            "29: msgstr[2] out of order; msgstr[1] comes next",
            id="plural-out-of-order",
        ),
        pytest.param(
            "# helpkit content: en translation.\n",
            '"a stray string"\n',
            "1: a string without a keyword before it",
            id="string-at-the-start",
        ),
        pytest.param(
            "#: content/ui.yaml:2\n",
            '#: content/ui.yaml:2\n"a stray string"\n',
            "24: a string without a keyword before it",
            id="string-after-a-comment",
        ),
        pytest.param(
            "#: content/ui.yaml:2\n",
            "\ufeff#: content/ui.yaml:2\n",
            '23: unknown keyword "\\ufeff#:"' + UNKNOWN,
            id="bom-not-at-start",
        ),
    ],
)
def test_a_syntax_error_names_file_line_and_what_is_wrong(minimal, old, new, expected):
    edit(po(minimal), old, new)
    assert problems(minimal) == [f"{PO}:{expected}"]


def test_text_that_is_not_utf8_is_refused_with_its_line(minimal):
    path = po(minimal)
    path.write_bytes(path.read_bytes().replace(b"Scan to call", b"Scan \xff to call", 1))
    assert problems(minimal) == [f"{PO}:27: is not valid UTF-8 (byte 0xff)"]


def test_a_file_that_is_no_po_at_all_stops_after_twenty_errors(minimal):
    po(minimal).write_text("\n".join(f"line {i}" for i in range(1, 1000)))
    found = problems(minimal)
    assert found == [f"{PO}: stopped after 20 syntax errors"] + [
        f'{PO}:{line}: unknown keyword "line"' + UNKNOWN for line in range(1, 21)
    ]


def test_obsolete_entries_and_plurals_are_accepted(minimal):
    path = po(minimal)
    with path.open("a", encoding="utf-8") as f:
        f.write(
            '#~ msgctxt "ui:qr.call"\n#~ msgid "Skann for å ringe {name}"\n'
            '#~ msgstr "Old, and unterminated\n\n'
            'msgid "ett barn"\nmsgid_plural "{n} barn"\nmsgstr[0] "one child"\n'
            'msgstr[1] ""\n"{n} children"\n'
        )
    catalog = load_content(minimal).catalogs["en"]
    assert catalog.messages[("ui:qr.call", "Skann for å ringe {name}")] == "Scan to call {name}"


def test_an_unterminated_string_no_longer_prints_without_its_end(minimal):
    """The example of the issue: Babel accepted it and printed "Scan to call {name"."""
    edit(po(minimal), QR_MSGSTR, 'msgstr "Scan to call {name}')
    result = helpkit(minimal, "check")
    assert result.exit_code == 1
    assert f'{PO}:27: unterminated string: the closing " is missing' in result.output


# ----------------------------------------------------------------------------- BOM


@pytest.mark.parametrize(
    ("bom", "newline"),
    [(b"\xef\xbb\xbf", b"\n"), (b"", b"\r\n"), (b"\xef\xbb\xbf", b"\r\n")],
    ids=["bom", "crlf", "bom-crlf"],
)
def test_a_byte_order_mark_is_accepted_and_changes_nothing(minimal, bom, newline):
    plain = load_content(minimal).catalogs["en"]
    path = po(minimal)
    path.write_bytes(bom + path.read_bytes().replace(b"\n", newline))
    assert load_content(minimal).catalogs["en"] == plain
    assert plain.lines[("ui:qr.call", "Skann for å ringe {name}")] == 26


def test_a_byte_order_mark_keeps_error_lines_right(minimal):
    path = po(minimal)
    edit(path, QR_MSGSTR, 'msgstr "Scan to call {name}')
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems(minimal) == [f'{PO}:27: unterminated string: the closing " is missing']


# ----------------------------------------------------------------------------- duplicates


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        pytest.param(
            'msgctxt "ui:qr.call"\nmsgid "Skann for å ringe {name}"\nmsgstr "Call {name}"\n',
            f'{PO}:154: ui:qr.call: the message "Skann for å ringe {{name}}" is defined twice, '
            "on lines 26 and 154; keep one",
            id="same-context-and-msgid",
        ),
        pytest.param(
            'msgctxt "ui:qr.call"\nmsgid ""\n"Skann for å ringe {name}"\nmsgstr "Call {name}"\n',
            f'{PO}:154: ui:qr.call: the message "Skann for å ringe {{name}}" is defined twice, '
            "on lines 26 and 154; keep one",
            id="same-text-written-over-two-lines",
        ),
        pytest.param(
            'msgid ""\nmsgstr "Language: en\\n"\n',
            f'{PO}:153: the header (msgid "") is defined twice, on lines 5 and 153; keep one',
            id="second-header",
        ),
    ],
)
def test_a_message_defined_twice_is_refused_naming_both_lines(minimal, entry, expected):
    with po(minimal).open("a", encoding="utf-8") as f:
        f.write(entry)
    assert problems(minimal) == [expected]


def test_two_messages_without_context_with_the_same_msgid_are_refused(minimal):
    with po(minimal).open("a", encoding="utf-8") as f:
        f.write('msgid "Hei"\nmsgstr "Hi"\n\nmsgid "Hei"\nmsgstr "Hello"\n')
    assert problems(minimal) == [
        f'{PO}:156: the message "Hei" is defined twice, on lines 153 and 156; keep one'
    ]


def test_the_same_msgid_in_two_contexts_or_an_obsolete_copy_is_no_duplicate(minimal):
    with po(minimal).open("a", encoding="utf-8") as f:
        f.write('#~ msgctxt "ui:qr.call"\n#~ msgid "Skann for å ringe {name}"\n#~ msgstr "x"\n')
    catalog = load_content(minimal).catalogs["en"]
    assert catalog.messages[("ui:help.qr", "Skann for å ringe {name}")] == "Scan and call {name}"


# ----------------------------------------------------------------------------- placeholders

BAD_PLACEHOLDERS = [
    ("{name!r}", "placeholder {name!r} has a conversion (!r); write {name}"),
    ("{name!s}", "placeholder {name!s} has a conversion (!s); write {name}"),
    ("{name:x}", "placeholder {name:x} has a format spec (:x); write {name}"),
    ("{name:>40}", "placeholder {name:>40} has a format spec (:>40); write {name}"),
    ("{name:{name}}", "placeholder {name:{name}} has a format spec (:{name}); write {name}"),
    (
        "{name.__class__}",
        "placeholder {name.__class__} reads an attribute (.__class__); write {name}",
    ),
    (
        "{name.__class__.__mro__}",
        "placeholder {name.__class__.__mro__} reads an attribute (.__class__.__mro__); "
        "write {name}",
    ),
    ("{name[0]}", "placeholder {name[0]} reads an index ([0]); write {name}"),
    ("{}", "placeholder {} has no name; write a name like {name}"),
    ("{0}", "placeholder {0} has no name; write a name like {name}"),
    ("{ name}", "placeholder { name} has no name; write a name like {name}"),
    ("{na-me}", "placeholder {na-me} is not a plain name (-me after na); write {na}"),
]


@pytest.mark.parametrize(("field", "message"), BAD_PLACEHOLDERS)
def test_a_translation_may_only_use_plain_placeholders(minimal, field, message):
    edit(po(minimal), QR_MSGSTR, f'msgstr "Scan to call {field}"')
    assert problems(minimal) == [f"{PO}:27: ui:qr.call: the translation's {message}"]


def test_a_placeholder_is_judged_on_every_line_of_a_translation(minimal):
    edit(po(minimal), QR_MSGSTR, 'msgstr ""\n"Scan to call "\n"{name!r}"')
    assert problems(minimal) == [
        f"{PO}:27: ui:qr.call: the translation's placeholder {{name!r}} has a conversion (!r); "
        "write {name}"
    ]


@pytest.mark.parametrize(("field", "message"), BAD_PLACEHOLDERS)
def test_a_source_ui_text_may_only_use_plain_placeholders(minimal, field, message):
    edit(
        minimal / "content/ui.yaml",
        "qr.call: Skann for å ringe {name}",
        f'qr.call: "Skann for å ringe {field}"',
    )
    assert problems(minimal) == [f"content/ui.yaml:2: ui.qr.call: {message}"]


def test_plain_placeholders_and_literal_braces_are_accepted(minimal):
    edit(po(minimal), QR_MSGSTR, 'msgstr "Scan {{QR}} to call {name}"')
    catalog = load_content(minimal).catalogs["en"]
    assert catalog.messages[("ui:qr.call", "Skann for å ringe {name}")] == (
        "Scan {{QR}} to call {name}"
    )


@pytest.mark.parametrize(("field", "message"), BAD_PLACEHOLDERS)
def test_fill_refuses_anything_but_a_plain_name(field, message):
    with pytest.raises(jinja2.exceptions.SecurityError) as info:
        fill(f"Ring {field}", name="Rosa")
    assert str(info.value) == f'fill: "Ring {field}": {message}'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Ring {number}", 'fill: "Ring {number}" has {number}, which is not filled in here '
         "(filled: {name})"),
        ("Ring {name", 'fill: "Ring {name" has a { or } without its pair; write {{ or }}'),
        ("Ring name}", 'fill: "Ring name}" has a { or } without its pair; write {{ or }}'),
    ],
)  # fmt: skip
def test_fill_refuses_a_name_it_is_not_given_or_a_lone_brace(value, message):
    with pytest.raises(jinja2.TemplateRuntimeError) as info:
        fill(value, name="Rosa")
    assert str(info.value) == message


def test_fill_still_fills_plain_names_and_escapes_everything():
    assert str(fill("Ring {name} <b>{{nå}}</b>", "w", name="<i>Rosa</i>")) == (
        '<span class="w">Ring</span> &lt;i&gt;Rosa&lt;/i&gt; '
        '<span class="w">&lt;b&gt;{nå}&lt;/b&gt;</span>'
    )


# ----------------------------------------------------------------------------- review header


def _sign_off(root: Path) -> Path:
    signed = helpkit(
        root, "i18n", "sign-off", "--lang", "en", "--reviewer", "Jane Doe, translator",
        "--date", "2026-11-29",
    )  # fmt: skip
    assert signed.exit_code == 0, signed.output
    assert load_content(root).catalogs["en"].reviewed
    return po(root)


def _line_of(path: Path, start: str) -> int:
    (number,) = [
        i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start)
    ]
    return number


def _redate(path: Path, date: str) -> None:
    """Write `date` as the review date, with the fingerprint that date gives: only the date
    is wrong."""
    text = path.read_text()
    marks = re.findall(r"^# helpkit-review (\w+)$", text, re.M)
    text = text.replace('"X-Reviewed-On: 2026-11-29\\n"', f'"X-Reviewed-On: {date}\\n"')
    fingerprint = review_fingerprint("Jane Doe, translator", date, marks)
    text = re.sub(
        r'"X-Review-Fingerprint: \S+\\n"',
        lambda _: f'"X-Review-Fingerprint: {fingerprint}\\n"',
        text,
    )
    path.write_text(text)


@pytest.mark.parametrize(
    ("date", "shown"),
    [
        ("not a date", '"not a date"'),
        ("2026-13-01", '"2026-13-01"'),
        ("2026-02-30", '"2026-02-30"'),
        ("29.11.2026", '"29.11.2026"'),
        ("20261129", '"20261129"'),
        ("2026-11-29T10:00", '"2026-11-29T10:00"'),
        ("\uff12\uff10\uff12\uff16-11-29", '"\uff12\uff10\uff12\uff16-11-29"'),  # fullwidth
    ],
)
def test_a_review_date_that_is_not_a_date_is_no_review(minimal, date, shown):
    path = _sign_off(minimal)
    _redate(path, date)
    line = _line_of(path, '"X-Reviewed-On:')
    assert problems(minimal) == [
        f"{PO}:{line}: X-Reviewed-On: {shown} is not a date like 2026-11-29, so the catalog is "
        "not reviewed; `helpkit i18n sign-off` records a review"
    ]
    sink = Sink()
    catalog = load_catalog(path, PO, "en", sink)
    assert catalog is not None and not catalog.reviewed
    assert catalog.review_state == "review void: its fingerprint does not match the file"
    checked = helpkit(minimal, "check")
    assert checked.exit_code == 1
    assert f"{PO}:{line}: X-Reviewed-On: {shown} is not a date" in checked.output


def test_a_review_without_a_date_is_no_review(minimal):
    """Not an error (a reviewer typed by hand is a voided review, see test_review.py), but
    never a review, even with the fingerprint an empty date gives."""
    path = _sign_off(minimal)
    _redate(path, "")
    catalog = load_content(minimal).catalogs["en"]
    assert catalog.reviewed_by == "Jane Doe, translator" and not catalog.reviewed


def test_the_same_redating_with_a_real_date_stays_reviewed(minimal):
    """The control for the test above: only the date makes the difference."""
    path = _sign_off(minimal)
    _redate(path, "2026-11-30")
    catalog = load_content(minimal).catalogs["en"]
    assert catalog.reviewed and catalog.reviewed_on == "2026-11-30"


@pytest.mark.parametrize(
    ("header", "line", "value", "shown", "code"),
    [
        ("X-Reviewed-By", 18, "Jane \x1b[31mDoe", '"Jane \\x1b[31mDoe"', "001B"),
        ("X-Reviewed-By", 18, "Jane\x1b]0;owned\x07", '"Jane\\x1b]0;owned\\x07"', "001B"),
        ("X-Reviewed-By", 18, "Jane \x9b2J", '"Jane \\x9b2J"', "009B"),
        ("X-Reviewed-By", 18, "Jane \u202eeoD", '"Jane \\u202eeoD"', "202E"),
        ("X-Reviewed-By", 18, "Jane\x7f", '"Jane\\x7f"', "007F"),
        ("Last-Translator", 11, "Tom \x1b[2J", '"Tom \\x1b[2J"', "001B"),
        ("Last-Translator", 11, "Tom\u200b", '"Tom\\u200b"', "200B"),
    ],
)
def test_a_name_with_control_characters_is_refused_and_never_printed_raw(
    minimal, header, line, value, shown, code
):
    path = po(minimal)
    text = path.read_text()
    text = re.sub(f'"{header}: [^"]*\\\\n"', lambda _: f'"{header}: {value}\\n"', text)
    text = text.replace('"X-Reviewed-On: \\n"', '"X-Reviewed-On: 2026-11-29\\n"')
    path.write_text(text)
    assert problems(minimal) == [
        f"{PO}:{line}: {header}: contains the unprintable character U+{code} in {shown}; "
        "a name is plain text"
    ]
    checked = helpkit(minimal, "check")
    assert checked.exit_code == 1
    assert f"U+{code} in {shown}" in checked.output
    assert value not in checked.output and "\x1b" not in checked.output


def test_a_review_header_given_twice_is_refused(minimal):
    edit(po(minimal), '"X-Reviewed-On: \\n"', '"X-Reviewed-On: \\n"\n"X-Reviewed-By: Mallory\\n"')
    assert problems(minimal) == [
        f"{PO}:20: X-Reviewed-By: is in the header twice, on lines 18 and 20; keep one"
    ]


def test_status_escapes_what_it_prints_from_a_header(minimal):
    """Defence in depth: a catalog's header values are escaped in `i18n status` rows even if
    one ever got past the content check."""
    content = load_content(minimal)
    catalog = dataclasses.replace(
        content.catalogs["en"],
        reviewed_by="Jane\x1b[2J",
        reviewed_on="2026-11-29\x1b[0m",
        translator="Tom\x1b]0;x\x07",
        changed=(("ui:qr.call\x1b[31m", "Skann for å ringe {name}"),),
    )
    hostile = dataclasses.replace(content, catalogs=MappingProxyType({"en": catalog}))
    (row,) = [r for r in status(hostile) if r.code == "en"]
    assert row.reviewed_by == "Jane\\x1b[2J"
    assert row.reviewed_on == "2026-11-29\\x1b[0m"
    assert row.translator == "Tom\\x1b]0;x\\x07"
    assert row.changed == (f"{PO}:0: ui:qr.call\\x1b[31m",)


# ----------------------------------------------------------------------------- files


def test_a_fifo_named_like_a_catalog_is_refused_without_hanging(minimal):
    path = po(minimal)
    path.unlink()
    os.mkfifo(path)
    found = finishes(lambda: problems(minimal))
    assert found == [f"{PO}: is a named pipe (FIFO), not a file"]
    result = finishes(lambda: helpkit(minimal, "check"))
    assert f"{PO}: is a named pipe (FIFO), not a file" in result.output  # type: ignore[attr-defined]


def test_a_folder_named_like_a_catalog_is_refused(minimal):
    path = po(minimal)
    path.unlink()
    path.mkdir()
    assert problems(minimal) == [f"{PO}: is a folder, not a file"]


def test_a_symlink_to_a_catalog_outside_the_project_is_refused(minimal, tmp_path):
    outside = tmp_path / "elsewhere" / "en.po"
    outside.parent.mkdir()
    shutil.move(po(minimal), outside)
    po(minimal).symlink_to(outside)
    assert problems(minimal) == [
        f"{PO}: is a symlink to {outside.resolve()}, outside the project; copy the file into "
        "the project instead"
    ]


def test_a_symlink_inside_the_project_is_read(minimal):
    kept = minimal / "content" / "en-master.po"
    shutil.move(po(minimal), kept)
    po(minimal).symlink_to(Path("..") / "en-master.po")
    catalog = load_content(minimal).catalogs["en"]
    assert catalog.messages[("ui:qr.call", "Skann for å ringe {name}")] == "Scan to call {name}"


def test_a_catalog_larger_than_the_limit_is_refused_before_parsing(minimal):
    path = po(minimal)
    text = path.read_text()
    padding = "# padding\n" * (MAX_PO_BYTES // 10)
    path.write_text(text + padding)
    size = path.stat().st_size
    assert size > MAX_PO_BYTES
    assert problems(minimal) == [f"{PO}: is {size} bytes; files like it are limited to 1000000"]


def test_a_50_mb_msgstr_is_refused_fast(minimal):
    path = po(minimal)
    text = path.read_text()
    path.write_text(text.replace(QR_MSGSTR, 'msgstr "' + "x" * 50_000_000 + ' {name}"'))
    size = path.stat().st_size
    began = time.monotonic()
    found = finishes(lambda: problems(minimal), 10)
    assert time.monotonic() - began < 5
    assert found == [f"{PO}: is {size} bytes; files like it are limited to 1000000"]


@pytest.mark.parametrize(
    ("msgstr", "length"),
    [
        ('msgstr "' + "x" * 1994 + ' {name}"', 2001),
        ('msgstr ""\n' + ('"' + "y" * 100 + '"\n') * 50 + '"{name}"', 5006),
        ('msgstr "' + "z" * 200_000 + '{name}"', 200_006),
    ],
    ids=["2001", "over-51-lines", "200k"],
)
def test_a_translation_longer_than_a_printed_text_is_refused_with_its_line(minimal, msgstr, length):
    edit(po(minimal), QR_MSGSTR, msgstr)
    assert problems(minimal) == [
        f"{PO}:27: ui:qr.call: translation is {length} characters; a printed text is limited "
        "to 2000"
    ]


def test_a_translation_of_2000_characters_is_accepted(minimal):
    edit(po(minimal), QR_MSGSTR, 'msgstr "' + "x" * 1993 + ' {name}"')
    catalog = load_content(minimal).catalogs["en"]
    assert len(catalog.messages[("ui:qr.call", "Skann for å ringe {name}")]) == 2000


@pytest.mark.parametrize("kind", ["fifo", "folder", "outside", "oversize", "syntax"])
def test_i18n_read_catalog_refuses_what_load_content_refuses(minimal, tmp_path, kind):
    content = load_content(minimal)
    path = po(minimal)
    expected = {
        "fifo": f"{PO}: is a named pipe (FIFO), not a file",
        "folder": f"{PO}: is a folder, not a file",
        "outside": f"{PO}: is a symlink to {(tmp_path / 'en.po').resolve()}, outside the "
        "project; copy the file into the project instead",
        "syntax": f'{PO}:27: unterminated string: the closing " is missing',
    }
    if kind == "syntax":
        edit(path, QR_MSGSTR, 'msgstr "Scan to call {name}')
    elif kind == "oversize":
        path.write_text(path.read_text() + "#\n" * MAX_PO_BYTES)
        expected[kind] = (
            f"{PO}: is {path.stat().st_size} bytes; files like it are limited to 1000000"
        )
    else:
        shutil.move(path, tmp_path / "en.po")
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder":
            path.mkdir()
        else:
            path.symlink_to(tmp_path / "en.po")
    with pytest.raises(ContentError) as info:
        finishes(lambda: read_catalog(path, content, "en"))
    assert [str(p) for p in info.value.problems] == [expected[kind]]


# ----------------------------------------------------------------------------- real catalogs


def test_every_real_catalog_parses_strictly_without_a_problem():
    files = sorted((REPO / "content" / "translations").glob("*.po*"))
    assert len(files) > 10
    for path in files:
        assert parse(path.read_text(encoding="utf-8"), path.name).problems == ()


def test_the_real_content_loads_with_every_catalog(content):
    files = (REPO / "content" / "translations").glob("*.po")
    assert set(content.catalogs) == {path.stem for path in files}
