"""Hostile and broken input: a clear message naming file, line and field, exit 1, no traceback,
and output/ exactly as it was."""

from __future__ import annotations

import pytest

from generator.content.load import load_content
from generator.errors import ContentError
from tests.helpers import build_one, edit, helpkit


def problems(project):
    with pytest.raises(ContentError) as info:
        load_content(project.root)
    return [str(p) for p in info.value.problems]


def test_a_huge_file_is_refused(project_copy):
    path = project_copy.content / "contacts.yaml"
    path.write_text(path.read_text() + "#" + "x" * 2_100_000 + "\n")
    assert problems(project_copy)[0].startswith("content/contacts.yaml: is 2")
    assert "bytes; files like it are limited to 2000000" in problems(project_copy)[0]


def test_deep_nesting_is_refused(project_copy):
    path = project_copy.content / "ui.yaml"
    path.write_text(path.read_text() + "deep: " + "[" * 40 + "]" * 40 + "\n")
    assert any("is nested deeper than 20 levels" in p for p in problems(project_copy))


def test_billion_laughs_is_refused_without_expanding(project_copy):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    (project_copy.content / "ui.yaml").write_text(bomb)
    found = problems(project_copy)
    assert any("uses a YAML alias; aliases are not allowed in content" in p for p in found)


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "http://rosa-help.no",
        "https://127.0.0.1/x",
        "ftp://plikt.no",
    ],
)
def test_web_addresses_must_be_https_domains(project_copy, address):
    edit(project_copy.content / "contacts.yaml", "web: https://plikt.no", f'web: "{address}"')
    found = problems(project_copy)
    assert len(found) == 1
    assert found[0].endswith(
        f"contacts[15].web: {address!r} must be an https:// web address (like https://plikt.no)"
    )


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "the bidi control U+202E"),
        ("\u2066", "the bidi control U+2066"),
        ("\x07", "the control character U+0007"),
    ],
)
def test_bidi_overrides_and_control_characters_are_refused(project_copy, char, name):
    escaped = char.encode("unicode_escape").decode()
    edit(
        project_copy.content / "contacts.yaml",
        "offers: Nasjonal hjelpetelefon. Informasjon og henvisning til relevante tiltak.",
        f'offers: "Nasjonal {escaped}hjelpetelefon."',
    )
    found = problems(project_copy)
    assert any(
        f"contacts[2].offers: contains {name}, which must not reach paper" in p for p in found
    ), found


def test_markup_in_text_prints_literally(project_copy, tmp_path):
    # HTML, script and CSS in a translation reach the card as text, never as markup.
    po = project_copy.content / "translations" / "en.po"
    edit(
        po,
        'msgstr "Are you afraid to leave?"',
        'msgstr "<script>alert(1)</script><b>bold</b></style><style>* (display: none)</style>"',
    )
    out = tmp_path / "o"
    result = build_one(project_copy.root, "card-help", "en", out, "--format", "html")
    assert result.exit_code == 0, result.output
    html = (out / "card-help" / "card-help-en.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>" not in html
    result = build_one(project_copy.root, "card-help", "en", out)
    assert result.exit_code == 0, result.output
    from generator import pdfread

    text = pdfread.text(out / "card-help" / "card-help-en.pdf").replace(" ", "")
    assert "<script>alert(1)</script><b>bold</b>" in text


def test_content_pointing_at_the_network_fetches_nothing(project_copy, tmp_path, recording_server):
    base, hits = recording_server
    # By name: an address written 127.0.0.1 in a text is refused as a dialable number.
    base = base.replace("127.0.0.1", "localhost")
    po = project_copy.content / "translations" / "en.po"
    edit(po, 'msgstr "Are you afraid to leave?"', f'msgstr "<img src=\\"{base}/i.png\\">"')
    edit(
        po,
        'msgstr "Are you forced to work?"',
        f'msgstr "<link rel=stylesheet href=\\"{base}/s.css\\">"',
    )
    edit(
        po,
        'msgstr "Information on where you can get help"',
        f'msgstr "<style>@import url({base}/c);</style>"',
    )
    result = build_one(project_copy.root, "card-help", "en", tmp_path / "o")
    assert result.exit_code == 0, result.output
    assert hits == []


def test_an_output_folder_that_cannot_be_created(project_copy):
    result = build_one(project_copy.root, "card-help", "nb", "/proc/helpkit-cannot-be-here")
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: cannot create output folder /proc/helpkit-cannot-be-here"
    )


def test_an_output_folder_that_is_a_file(project_copy, tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = helpkit(project_copy.root, "build", "--out", target)
    assert result.exit_code == 1
    assert result.output == f"Error: output folder {target} is a file\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--size", "B5"], "Invalid value for '--size'"),
        (["--lang", "../../etc"], "Error: '../../etc' is not a language code (like nb, en, ar)"),
        (["--lang", "nb/../x"], "Error: 'nb/../x' is not a language code (like nb, en, ar)"),
        (["--product", "../card-help"], "Error: unknown product '../card-help'"),
    ],
)
def test_unknown_or_path_shaped_options(project_copy, tmp_path, args, message):
    result = helpkit(project_copy.root, "build", *args, "--out", tmp_path / "o")
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "o").exists()


def test_no_traceback_for_broken_yaml_through_the_cli(project_copy):
    (project_copy.content / "guidance.yaml").write_bytes(b"sections: [\xff\xfe")
    result = helpkit(project_copy.root, "check")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "content/guidance.yaml:1: is not valid UTF-8 (byte 0xff)" in result.output
