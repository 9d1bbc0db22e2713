"""Every command through Click's runner: exit codes 0/1/2, messages, output names, manifest."""

from __future__ import annotations

import importlib
import json
import re
import shlex
import shutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import FIXTURES, REPO
from tests.helpers import build_one, edit, helpkit


def run(*args):
    """helpkit without --root: the project comes from HELPKIT_ROOT or the working folder."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_writes_cards_and_manifest(project_copy, tmp_path):
    out = tmp_path / "out"
    result = build_one(project_copy.root, "card-professional", "nb,en", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == [
        "card-professional/card-professional-en.pdf",
        "card-professional/card-professional-nb.pdf",
    ]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["generator"] == "0.1.0"
    by_lang = {f["lang"]: f for f in manifest["files"]}
    assert by_lang["nb"]["translation"] == "source"
    assert by_lang["en"]["translation"] == "unreviewed"
    for entry in manifest["files"]:
        assert entry["product"] == "card-professional"
        assert entry["size"] is None
        assert entry["pages"] == 2
        assert entry["qr"] == ["tel:+4722331160"]
        assert {"rosa", "police", "emergency", "alarmtelefonen"} <= set(entry["contacts"])
        assert "bistandsadvokat" not in entry["contacts"]  # named in text, no details printed
        assert len(entry["sha256"]) == 64


def test_build_html_format(project_copy, tmp_path):
    out = tmp_path / "out"
    result = helpkit(
        project_copy.root,
        "build",
        "--lang",
        "en",
        "--format",
        "html",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    html = (out / "card-professional" / "card-professional-en.html").read_text()
    assert '<html lang="en" dir="ltr">' in html
    assert "22 33 11 60" in html


def test_build_in_parallel_gives_the_same_bytes(project_copy, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert (
        helpkit(
            project_copy.root,
            "build",
            "--lang",
            "nb,en",
            "--out",
            str(one),
            "-j",
            "1",
            "--quiet",
        ).exit_code
        == 0
    )
    assert (
        helpkit(
            project_copy.root,
            "build",
            "--lang",
            "nb,en",
            "--out",
            str(two),
            "-j",
            "2",
            "--quiet",
        ).exit_code
        == 0
    )
    for pdf in one.rglob("*.pdf"):
        assert pdf.read_bytes() == (two / pdf.relative_to(one)).read_bytes()


def test_quiet_build_prints_nothing(project_copy, tmp_path):
    result = helpkit(
        project_copy.root,
        "build",
        "--lang",
        "nb",
        "--quiet",
        "--out",
        str(tmp_path / "o"),
    )
    assert result.exit_code == 0
    assert result.output == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["build", "--product", "flyer"],
            "Error: unknown product 'flyer'; known products: card-help, card-professional, "
            "handout, "
            "poster, poster-staff\n",
        ),
        (
            ["build", "--lang", "xx"],
            "Error: unknown language 'xx'; known: nb, nn, en, pl, ro, "
            "bg, lt, uk, ru, es, fr, so, ti, ar, fa, ur, vi, zh, th, tl\n",
        ),
        (
            ["build", "--lang", "../etc"],
            "Error: '../etc' is not a language code (like nb, en, ar)\n",
        ),
        (
            ["build", "--profile", "oslo"],
            "Error: unknown profile 'oslo'; known: eksempelklinikken\n",
        ),
    ],
)
def test_wrong_usage_exits_2_with_a_message(project_copy, tmp_path, args, message):
    result = helpkit(project_copy.root, *args, "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.output == message
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").rglob("*.pdf"))


def test_click_usage_errors_exit_2():
    assert run("build", "--size", "A5").exit_code == 2
    assert run("list", "posters").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_root_without_content_is_a_usage_error(tmp_path):
    result = helpkit(tmp_path, "check")
    assert result.exit_code == 2
    assert (
        result.output == f"Error: {tmp_path} is not a helpkit project: it has no content/ folder\n"
    )


def test_helpkit_root_environment_variable(project_copy, monkeypatch):
    (project_copy.content / "contacts.yaml").write_text("contacts: [\n")
    monkeypatch.setenv("HELPKIT_ROOT", str(project_copy.root))
    assert run("check").exit_code == 1


def test_check_passes_with_stale_warnings_and_strict_fails(project_copy):
    result = helpkit(project_copy.root, "check")
    assert result.exit_code == 0
    assert "warning: content/contacts.yaml:" in result.output
    assert "contact 'rosa': review_by 2022-01-06 has passed" in result.output
    # Every national contact is past its review date (the page is from 2021, nobody has called
    # the services), and the example profile is an example: 16 + 1.
    assert "profile 'eksempelklinikken' is an example" in result.output
    assert result.output.rstrip().endswith("17 warning(s)")
    strict = helpkit(project_copy.root, "check", "--strict")
    assert strict.exit_code == 1
    assert "Error: 17 warning(s) in strict mode" in strict.output


def test_check_names_the_broken_file_and_line(project_copy):
    contacts = project_copy.content / "contacts.yaml"
    edit(contacts, 'display: "22 33 11 60"', 'display: "22 33 11 06"')
    result = helpkit(project_copy.root, "check")
    assert result.exit_code == 1
    line = next(
        n for n, text in enumerate(contacts.read_text().splitlines(), 1) if "22 33 11 06" in text
    )
    assert (
        f"content/contacts.yaml:{line}: contacts[2].phones[0].display: display '22 33 11 06' "
        "has the digits 22331106"
    ) in result.output


def test_a_language_without_a_catalog_is_a_usage_error(project_copy, tmp_path):
    (project_copy.content / "translations" / "pl.po").unlink()
    result = helpkit(
        project_copy.root,
        "build",
        "--lang",
        "pl",
        "--out",
        str(tmp_path / "o"),
    )
    assert result.exit_code == 2
    assert result.output == (
        "Error: pl (Polish) has no translation yet: content/translations/pl.po is missing\n"
    )


def _break_english(project_copy):
    po = project_copy.content / "translations" / "en.po"
    edit(po, 'msgstr "Are you afraid to leave?"', 'msgstr ""')
    return po.read_text().splitlines().index('msgid "Er du redd for å dra?"') + 1


def test_an_incomplete_language_asked_for_fails_naming_file_line_and_msgid(project_copy, tmp_path):
    line = _break_english(project_copy)
    out = tmp_path / "out"
    result = build_one(project_copy.root, "card-help", "en", out)
    assert result.exit_code == 1
    assert result.output == (
        "Error: card-help cannot be printed in en (English): 1 string(s) not translated\n"
        f"  content/translations/en.po:{line}: ui:help.q3: 'Er du redd for å dra?' is empty\n"
    )
    assert not out.exists()


def test_an_incomplete_language_is_left_out_of_the_default_build_with_a_warning(
    project_copy, tmp_path
):
    line = _break_english(project_copy)
    result = build_one(project_copy.root, "card-help", "all", tmp_path / "o")
    assert result.exit_code == 0
    assert "warning: en not built (card-help): card-help cannot be printed in en" in result.output
    assert f"content/translations/en.po:{line}: ui:help.q3" in result.output
    built = {p.name for p in (tmp_path / "o" / "card-help").iterdir()}
    assert "card-help-en.pdf" not in built and "card-help-nb.pdf" in built


def test_allow_incomplete_prints_the_source_text_visibly_marked(project_copy, tmp_path):
    _break_english(project_copy)
    out = tmp_path / "o"
    result = build_one(
        project_copy.root, "card-help", "en", out, "--allow-incomplete", "--format", "html"
    )
    assert result.exit_code == 0, result.output
    html = (out / "card-help" / "card-help-en.html").read_text()
    assert "[nb] Er du redd for å dra?" in html


def test_require_reviewed_refuses_unreviewed_languages(project_copy, tmp_path):
    result = build_one(project_copy.root, "card-help", "en", tmp_path / "o", "--require-reviewed")
    assert result.exit_code == 1
    assert "en (English) is not reviewed by a person yet" in result.output
    nb = build_one(
        project_copy.root, "card-help", "nb", tmp_path / "o", "--require-reviewed", "--quiet"
    )
    assert nb.exit_code == 0


def test_build_nb_only_ignores_an_incomplete_english_catalog(project_copy, tmp_path):
    shutil.copy(
        FIXTURES / "bad" / "en--missing.po", project_copy.content / "translations" / "en.po"
    )
    result = helpkit(
        project_copy.root,
        "build",
        "--lang",
        "nb",
        "--out",
        str(tmp_path / "o"),
    )
    assert result.exit_code == 0, result.output


def test_list_products():
    result = run("list", "products")
    assert result.exit_code == 0
    assert result.output.startswith("card-professional")


def test_list_languages_marks_buildable_ones():
    result = helpkit(REPO, "list", "languages")
    lines = result.output.splitlines()
    assert len(lines) == 20
    assert lines[0].startswith("* nb")
    assert any(line.startswith("* en") and line.endswith("unreviewed") for line in lines)
    assert any(line.startswith("* ar") and "العربية" in line and "rtl" in line for line in lines)


def test_list_contacts_shows_display_numbers():
    result = helpkit(REPO, "list", "contacts")
    assert result.exit_code == 0
    rosa = next(line for line in result.output.splitlines() if line.startswith("rosa "))
    assert "22 33 11 60" in rosa


def doctor_findings(output: str) -> dict[str, tuple[bool, str]]:
    """`helpkit doctor`'s lines ("ok  NAME  VALUE" or "NO  NAME  VALUE") by name."""
    found = {}
    for line in output.splitlines():
        status, name, value = line[:4], line[4:32].rstrip(), line[33:]
        assert status in ("ok  ", "NO  "), line
        found[name] = (status == "ok  ", value)
    return found


def _fc_list() -> list[tuple[list[str], str, str, int]]:
    """Every installed font face: (its family names, style, file, index in the file)."""
    out = subprocess.run(
        ["fc-list", "--format=%{family}\t%{style}\t%{file}\t%{index}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    faces = []
    for line in out.splitlines():
        family, style, file, index = line.split("\t")
        faces.append((family.split(","), style, file, int(index or 0)))
    return faces


def _cmap(family: str) -> set[int] | None:
    """The code points of the regular face of `family`, or None when it is not installed."""
    from fontTools.ttLib import TTFont

    faces = [f for f in _fc_list() if family in f[0]]
    if not faces:
        return None
    _, _, file, index = next((f for f in faces if "Regular" in f[1].split(",")), faces[0])
    return set(TTFont(file, fontNumber=index, lazy=True).getBestCmap())


def _machine_state(content) -> dict[str, bool]:
    """What doctor must find on this machine, found without doctor's own probes: WeasyPrint
    imports; Pango (by ctypes) is 1.44 or later; HarfBuzz has its subsetter and is 4.1 or later;
    for each language, the first font of its script's stack is installed (fc-list) and the
    stack's cmaps (fontTools) hold every character its strings print."""
    import ctypes.util
    import unicodedata

    from generator.fonts import fonts_for

    state = {"Python": True}
    try:
        importlib.import_module("weasyprint")
    except (ImportError, OSError):
        state["WeasyPrint"] = False
        return state
    state["WeasyPrint"] = True
    pango = ctypes.CDLL(ctypes.util.find_library("pango-1.0") or "libpango-1.0.so.0")
    state["Pango"] = pango.pango_version() >= 1_04_00
    harfbuzz = ctypes.CDLL(ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0")
    state["Font subsetting"] = ctypes.util.find_library("harfbuzz-subset") is not None and bool(
        harfbuzz.hb_version_atleast(4, 1, 0)
    )
    cmaps = {}
    for lang in content.languages.values():
        families = fonts_for(lang.script).families
        for family in families:
            if family not in cmaps:
                cmaps[family] = _cmap(family)
        catalog = content.catalogs.get(lang.code)
        strings = [
            t.source
            if lang.code == content.source_language
            else (catalog and catalog.get(t)) or f"[{content.source_language}] {t.source}"
            for t in content.texts()
        ]
        points = set().union(*(cmaps[f] or set() for f in families))
        printed = {
            c
            for s in strings
            for c in s
            if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")
        }
        covered = all(ord(c) in points for c in printed)
        state[f"Font for {lang.code} ({lang.script})"] = cmaps[families[0]] is not None and covered
    return state


def test_doctor_reports_this_machines_known_state(content):
    expected = _machine_state(content)
    result = helpkit(REPO, "doctor")
    found = doctor_findings(result.output)
    assert {name: ok for name, (ok, _) in found.items()} == expected
    assert result.exit_code == (0 if all(expected.values()) else 1)


class _Pango:
    def __init__(self, version: int) -> None:
        self.version = version

    def pango_version(self) -> int:
        return self.version


class _HarfBuzz:
    def __init__(self, at_least_4_1: bool) -> None:
        self.at_least_4_1 = at_least_4_1

    def hb_version_atleast(self, major: int, minor: int, micro: int) -> int:
        assert (major, minor, micro) == (4, 1, 0)
        return int(self.at_least_4_1)


def _set_probes(monkeypatch, pango=1_50_04, subset=True, harfbuzz_4_1=True, missing=(), gaps=None):
    """Doctor's probes set to a known machine: Pango's version, HarfBuzz's subsetter and
    version, the font families not installed, and the characters a script's fonts lack."""
    import weasyprint.text.ffi as ffi

    import generator.doctor as doctor

    monkeypatch.setattr(ffi, "pango", _Pango(pango))
    monkeypatch.setattr(ffi, "harfbuzz", _HarfBuzz(harfbuzz_4_1))
    monkeypatch.setattr(ffi, "harfbuzz_subset", object() if subset else None)
    monkeypatch.setattr(
        doctor, "font_file", lambda family: None if family in missing else f"/fonts/{family}.ttf"
    )
    monkeypatch.setattr(doctor, "gaps", lambda script, strings: ((gaps or {}).get(script, ""), []))


def test_doctor_on_a_healthy_machine_says_ok_to_everything_and_exits_0(monkeypatch, content):
    _set_probes(monkeypatch)
    result = helpkit(REPO, "doctor")
    assert result.exit_code == 0, result.output
    found = doctor_findings(result.output)
    assert all(ok for ok, _ in found.values()), result.output
    assert found["Pango"] == (True, "1.50.4")
    assert found["Font subsetting"] == (True, "HarfBuzz (fast)")
    fonts = {name for name in found if name.startswith("Font for ")}
    assert fonts == {f"Font for {lang.code} ({lang.script})" for lang in content.languages.values()}
    assert found["Font for zh (Hans)"] == (True, "/fonts/Noto Sans CJK SC.ttf, covers every string")


SLOW_SUBSET = "fontTools (slow: a Chinese card takes seconds); install libharfbuzz-subset0"


@pytest.mark.parametrize(
    ("probes", "name", "value"),
    [
        ({"pango": 1_42_00}, "Pango", "1.42.0"),
        ({"subset": False}, "Font subsetting", SLOW_SUBSET),
        ({"harfbuzz_4_1": False}, "Font subsetting", SLOW_SUBSET),
        (
            {"missing": ("Noto Sans CJK SC",)},
            "Font for zh (Hans)",
            "Noto Sans CJK SC not installed: install fonts-noto-cjk",
        ),
        (
            {"gaps": {"Thai": "\u0e01"}},
            "Font for th (Thai)",
            "/fonts/Noto Sans Thai.ttf: does not cover '\u0e01'",
        ),
    ],
    ids=["old-pango", "no-subsetter", "old-harfbuzz", "no-cjk-font", "thai-gap"],
)
def test_doctor_names_what_is_broken_and_exits_1(monkeypatch, probes, name, value):
    _set_probes(monkeypatch, **probes)
    result = helpkit(REPO, "doctor")
    assert result.exit_code == 1, result.output
    found = doctor_findings(result.output)
    assert found[name] == (False, value)
    assert [n for n, (ok, _) in found.items() if not ok] == [name]


def test_doctor_without_weasyprint_says_so_and_exits_1(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint fails
    result = helpkit(REPO, "doctor")
    assert result.exit_code == 1, result.output
    found = doctor_findings(result.output)
    assert found["WeasyPrint"] == (
        False,
        "cannot load: import of weasyprint halted; None in sys.modules",
    )
    assert list(found) == ["Python", "WeasyPrint"]


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    """Every command under `group`, at any depth, with the words that call it."""
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def _examples(help_text: str) -> list[list[str]]:
    """The command lines in the Example: block of a help text (each side of a &&)."""
    block = help_text.split("Example:", 1)[1].split("\n\n", 1)[0]
    return [
        shlex.split(part, comments=True)
        for line in block.splitlines()
        for part in line.split("&&")
        if part.strip()
    ]


def test_every_command_has_help_with_an_example():
    commands = [((), main), *_commands(main)]
    # The walk reaches subcommands (and whatever is added later, at any depth).
    assert {("i18n", "sign-off"), ("i18n", "status")} <= {path for path, _ in commands}
    for path, command in commands:
        result = run(*path, "--help")
        assert result.exit_code == 0, path
        assert command.help, path
        assert "Example:" in result.output, path
        called = []
        for example in _examples(result.output):
            assert example[0] == "helpkit", (path, example)
            # Click reads the example's command and options (--help stops it from running).
            usage = run(*example[1:], "--help")
            assert usage.exit_code == 0, (path, example, usage.output)
            line = re.match(r"Usage: \S+((?: [a-z][a-z0-9-]*)*)", usage.output)
            assert line, usage.output
            called.append(tuple(line[1].split()))
        # At least one example shows this very command.
        assert any(words[: len(path)] == path for words in called), (path, called)


def test_python_dash_m_works():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "generator", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "helpkit, version 0.1.0"


def test_preview_writes_page_images_and_a_contact_sheet(project_copy, tmp_path):
    from PIL import Image

    out = tmp_path / "preview"
    result = helpkit(
        project_copy.root,
        "preview",
        "--lang",
        "en",
        "--out",
        str(out),
        "--dpi",
        "72",
    )
    assert result.exit_code == 0, result.output
    pages = sorted(p.name for p in out.glob("card-professional-*.png"))
    assert pages == ["card-professional-en-p1.png", "card-professional-en-p2.png"]
    with Image.open(out / "card-professional-en-p1.png") as page:
        # bleed included: (85.6 + 6) x (54 + 6) mm at 72 dpi
        width, height = page.size
        assert abs(width - 91.6 / 25.4 * 72) <= 1 and abs(height - 60 / 25.4 * 72) <= 1
    with Image.open(out / "contact-sheet.png") as sheet:
        assert sheet.width > 2 * page.size[0]
