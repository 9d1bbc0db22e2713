"""Twenty languages: every script prints, numbers keep their order, translations stay honest."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import unicodedata

import pypdf
import pytest
import weasyprint

from generator import pdfread as pdfprobe
from generator.build import BuildOptions, build
from generator.content.load import load_content
from generator.errors import TranslationError
from generator.fonts import FontGap
from generator.i18n import update
from generator.report import BufferReporter
from tests.conftest import REPO
from tests.helpers import edit, helpkit

ALL = list(load_content(REPO).languages)
RTL = ["ar", "fa", "ur"]
ROSA = "22 33 11 60"


@pytest.fixture(scope="session")
def twenty(repo_project, tmp_path_factory):
    out = tmp_path_factory.mktemp("twenty")
    reporter = BufferReporter()
    build(
        repo_project,
        BuildOptions(products=["card-help", "poster"], langs="all", size="A4", out=out, jobs=2),
        reporter,
    )
    build(
        repo_project,
        BuildOptions(
            products=["card-professional", "poster-staff"], langs=RTL, size="A4", out=out, jobs=2
        ),
        reporter,
    )
    manifest = json.loads((out / "manifest.json").read_text())
    return out, {f["path"]: f for f in manifest["files"]}


def test_every_language_is_built(twenty):
    _, files = twenty
    assert sorted(f["lang"] for f in files.values() if f["product"] == "card-help") == sorted(ALL)
    assert sorted(f["lang"] for f in files.values() if f["product"] == "poster") == sorted(ALL)


@pytest.mark.parametrize("lang", ALL)
@pytest.mark.parametrize("product", ["card-help", "poster"])
def test_rosa_number_in_order_on_one_line_qr_decodes_no_missing_glyph(twenty, lang, product):
    out, _ = twenty
    path = (
        out
        / product
        / (f"{product}-{lang}.pdf" if product == "card-help" else f"{product}-{lang}-A4.pdf")
    )
    assert pdfprobe.on_one_line(path, ROSA), path
    dpi = 300 if product == "card-help" else 100
    found = [
        q.text
        for i in range(pdfprobe.page_count(path))
        for q in pdfprobe.qr_codes(path, i, dpi=dpi)
    ]
    assert found == ["tel:+4722331160"]
    assert pdfprobe.notdef_glyphs(path) == 0
    assert pdfprobe.fonts_embedded(path) == []


@pytest.mark.parametrize("lang", RTL)
@pytest.mark.parametrize("product", ["card-help", "poster", "card-professional", "poster-staff"])
def test_numbers_read_left_to_right_in_right_to_left_languages(twenty, content, lang, product):
    out, files = twenty
    entry = next(f for f in files.values() if f["product"] == product and f["lang"] == lang)
    path = out / entry["path"]
    for cid in entry["contacts"]:
        phone = content.contacts[cid].phone
        if phone is not None:
            # Glyphs grouped by baseline and read by x: the digits as a reader sees them.
            assert pdfprobe.on_one_line(path, phone.display), (path, phone.display)


def test_the_digit_order_check_catches_a_reversed_number(tmp_path):
    # Without isolation, the bidi algorithm lays "22 33 11 60" out as "60 11 33 22" inside an
    # Arabic sentence: the probe must see that, or the check above proves nothing.
    path = tmp_path / "reversed.pdf"
    weasyprint.HTML(
        string=(
            '<html lang="ar" dir="rtl"><p style="font-family: \'Noto Sans Arabic\', \'Noto Sans\'">'
            "اتصل بالرقم 22 33 11 60 الآن</p></html>"
        )
    ).write_pdf(path)
    assert not pdfprobe.on_one_line(path, ROSA)
    assert pdfprobe.on_one_line(path, "60 11 33 22")


@pytest.mark.parametrize(
    ("lang", "font"),
    [
        ("zh", "NotoSansCJK"),
        ("ar", "NotoSansArabic"),
        ("th", "NotoSansThai"),
        ("ti", "NotoSansEthiopic"),
        ("ru", "NotoSans"),
    ],
)
def test_each_script_is_set_in_its_noto_family(twenty, lang, font):
    out, _ = twenty
    reader = pypdf.PdfReader(out / "card-help" / f"card-help-{lang}.pdf")
    names = {
        str(ref.get_object()["/BaseFont"])
        for page in reader.pages
        for ref in page["/Resources"]["/Font"].values()
    }
    assert any(font in n.replace("-", "") for n in names), names


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_an_unreviewed_language_says_so_in_its_language_and_in_norwegian(twenty, content, lang):
    out, files = twenty
    from generator.render.context import Translator

    note = content.ui["i18n.unreviewed"]
    text = pdfprobe.text(out / "card-help" / f"card-help-{lang}.pdf", 1)
    local = Translator(content, lang)(note)
    if lang in RTL:
        # pdfium returns right-to-left text in its own word order, and moves combining marks:
        # check the words that carry none.
        plain = [w for w in local.split() if not any(unicodedata.combining(c) for c in w)]
        assert plain and all(word in text for word in plain), (local, text)
    else:
        assert local in text
    assert note.source in text
    assert files[f"card-help/card-help-{lang}.pdf"]["translation"] == "unreviewed"


def test_the_source_language_has_no_unreviewed_note(twenty, content):
    out, files = twenty
    assert content.ui["i18n.unreviewed"].source not in pdfprobe.text(
        out / "card-help" / "card-help-nb.pdf"
    )
    assert files["card-help/card-help-nb.pdf"]["translation"] == "source"


def test_dates_are_in_each_locale(twenty):
    out, _ = twenty
    assert "6. januar 2021" in pdfprobe.text(out / "poster" / "poster-nb-A4.pdf")
    assert "6 January 2021" in pdfprobe.text(out / "poster" / "poster-en-A4.pdf")
    assert "6 января 2021" in pdfprobe.text(out / "poster" / "poster-ru-A4.pdf")
    assert "2021年1月6日" in pdfprobe.text(out / "poster" / "poster-zh-A4.pdf")


def test_status_lists_twenty_languages_and_passes():
    result = helpkit(REPO, "i18n", "status")
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()[1:]
    assert [row.split()[0] for row in rows] == ALL
    assert all(row.rstrip().endswith("-") for row in rows)


def test_status_fails_when_a_release_language_is_incomplete(project_copy):
    po = project_copy.content / "translations" / "pl.po"
    edit(po, 'msgstr "Czy boi się Pani/Pan odejść?"', 'msgstr ""')
    result = helpkit(project_copy.root, "i18n", "status")
    assert result.exit_code == 1
    pl = next(row for row in result.output.splitlines() if row.startswith("pl "))
    assert "card-help" in pl and "poster" in pl
    assert "Error: 1 language(s) not ready for release: pl" in result.output


def test_update_is_idempotent(project_copy):
    content = load_content(project_copy.root)
    before = {p.name: p.read_bytes() for p in (project_copy.content / "translations").iterdir()}
    assert not any(r.changed for r in update(project_copy, content))
    assert not any(r.changed for r in update(project_copy, content))
    after = {p.name: p.read_bytes() for p in (project_copy.content / "translations").iterdir()}
    assert after == before


def test_a_changed_source_string_becomes_fuzzy_and_stops_that_language(project_copy, tmp_path):
    ui = project_copy.content / "ui.yaml"
    edit(ui, "text: Er du redd for å dra?", "text: Er du redd for å reise?")
    # Before the update, check says the catalogs are out of date.
    check = helpkit(project_copy.root, "check")
    assert check.exit_code == 1
    assert (
        "content/translations/en.po: out of date with the source (1 new or changed, "
        "1 no longer used): run `helpkit i18n update`" in check.output
    )
    results = update(project_copy, load_content(project_copy.root))
    en = next(r for r in results if r.path.name == "en.po")
    assert (en.new, en.fuzzy, en.changed) == (0, 1, True)
    po = (project_copy.content / "translations" / "en.po").read_text()
    assert (
        '#, fuzzy\n#| msgid "Er du redd for å dra?"\nmsgctxt "ui:help.q3"\n'
        'msgid "Er du redd for å reise?"\nmsgstr "Are you afraid to leave?"\n'
    ) in po
    # A file that changed is dated the day it changed, not backdated.
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert f'"PO-Revision-Date: {today} ' in po
    content = load_content(project_copy.root)
    with pytest.raises(TranslationError, match=r"ui:help.q3: 'Er du redd for å reise\?' is fuzzy"):
        build(
            project_copy,
            BuildOptions(products=["card-help"], langs=["en"], out=tmp_path),
            BufferReporter(),
        )
    assert helpkit(project_copy.root, "check").exit_code == 0
    assert content.catalogs["en"].fuzzy


def test_a_character_no_font_covers_is_refused_before_rendering(project_copy, tmp_path):
    po = project_copy.content / "translations" / "en.po"
    edit(po, 'msgstr "Are you afraid to leave?"', 'msgstr "Are you afraid to leave? \u16a0"')
    out = tmp_path / "o"
    with pytest.raises(FontGap) as info:
        build(
            project_copy,
            BuildOptions(products=["card-help"], langs=["en"], out=out),
            BufferReporter(),
        )
    assert str(info.value) == (
        "en: no installed font covers \u16a0 (U+16A0) (fonts tried: Noto Sans); "
        "install the Debian package fonts-noto-core, or correct the text"
    )
    assert not any(out.rglob("*.pdf")) if out.exists() else True


def test_extract_writes_a_template_with_every_string(project_copy):
    result = helpkit(project_copy.root, "i18n", "extract")
    assert result.exit_code == 0
    pot = (project_copy.content / "translations" / "helpkit.pot").read_text()
    content = load_content(project_copy.root)
    assert pot.count("\nmsgctxt ") == len(content.texts())
    assert 'msgctxt "ui:help.q1"\nmsgid "Blir du tvunget til å jobbe?"\nmsgstr ""' in pot


def test_repository_template_is_current(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    helpkit(tmp_path, "i18n", "extract")
    fresh = (tmp_path / "content" / "translations" / "helpkit.pot").read_bytes()
    assert fresh == (REPO / "content" / "translations" / "helpkit.pot").read_bytes()


@pytest.mark.parametrize("lang", RTL)
@pytest.mark.parametrize("product", ["card-professional", "poster-staff"])
def test_the_law_reference_reads_whole_in_right_to_left_languages(twenty, lang, product):
    # Without isolation, Arabic script tore "§ 196" from "straffeloven" in the Urdu flowchart.
    out, files = twenty
    entry = next(f for f in files.values() if f["product"] == product and f["lang"] == lang)
    assert pdfprobe.on_one_line(out / entry["path"], "straffeloven § 196")


def test_catalog_headers_say_what_is_true():
    for path in sorted((REPO / "content" / "translations").glob("*.po")):
        text = path.read_text(encoding="utf-8")
        assert "EMAIL@ADDRESS" not in text, path.name
        assert f'"Language-Team: {path.stem} (helpkit)\\n"' in text, path.name
        assert '"Last-Translator: machine-assisted (helpkit developers), not reviewed\\n"' in text
        # Each catalog says how it addresses its readers (formal or not, gender), for a reviewer.
        header = text.split('msgid ""', 1)[0]
        assert "# Register" in header, path.name
        for name in ("POT-Creation-Date", "PO-Revision-Date"):
            date = re.search(rf'"{name}: (\d{{4}}-\d\d-\d\d)', text)
            assert date is not None and date.group(1) > "2021-01-06", (path.name, name)
