"""Every product, every size, read back from its PDF (issue: every product for every audience).

One build of the whole default catalogue plus a tear-off-tab poster and a combined poster;
each test judges the files as a printer and a reader would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

import pypdf
import pytest

from generator import pdfread as pdfprobe
from generator.build import BuildOptions, build
from generator.pdfread import MM
from generator.plan import MAX_COMBINED, plan, profile_content
from generator.products import MM_PER_PT, PRODUCTS
from generator.report import BufferReporter
from tests.helpers import build_one, edit


@pytest.fixture(scope="session")
def catalogue(repo_project, tmp_path_factory):
    out = tmp_path_factory.mktemp("catalogue")
    reporter = BufferReporter()
    build(repo_project, BuildOptions(out=out, jobs=2), reporter)
    build(repo_project, BuildOptions(out=out, tabs=True, langs=["nb", "en"]), reporter)
    build(
        repo_project, BuildOptions(out=out, combined=True, langs=["nb", "en"], size="A4"), reporter
    )
    manifest = json.loads((out / "manifest.json").read_text())
    return out, {f["path"]: f for f in manifest["files"]}


def entries(catalogue):
    return list(catalogue[1].values())


def test_the_default_catalogue_has_all_five_products_and_the_variants(catalogue):
    paths = set(catalogue[1])
    for product in ("card-professional", "card-help"):
        assert {f"{product}/{product}-{lang}.pdf" for lang in ("nb", "en")} <= paths
    for product in ("poster", "poster-staff"):
        assert {
            f"{product}/{product}-{lang}-{size}.pdf"
            for lang in ("nb", "en")
            for size in ("A4", "A3")
        } <= paths
    assert {"handout/handout-nb-A4.pdf", "handout/handout-en-A4.pdf"} <= paths
    assert {
        "poster/poster-tabs-nb-A4.pdf",
        "poster/poster-tabs-en-A4.pdf",
        "poster/poster-combined-nb-en-A4.pdf",
    } <= paths


def _all(catalogue):
    out, files = catalogue
    return [(out / path, entry) for path, entry in sorted(files.items())]


def test_page_count_trim_and_bleed(catalogue):
    for path, entry in _all(catalogue):
        product = PRODUCTS[entry["product"]]
        trim = product.trim(entry["size"] or "")
        low, high = product.pages
        assert low <= pdfprobe.page_count(path) == entry["pages"] <= high, path
        for page in pdfprobe.boxes(path):
            left, bottom, right, top = page["trimbox"]
            assert right - left == pytest.approx(trim.width * MM, abs=0.05), path
            assert top - bottom == pytest.approx(trim.height * MM, abs=0.05), path
            ml, mb, mr, mt = page["mediabox"]
            assert bottom - mb == pytest.approx(trim.bleed * MM, abs=0.05), path
            assert mt - top == pytest.approx(trim.bleed * MM, abs=0.05), path
            assert left - ml == pytest.approx(trim.bleed * MM, abs=0.05), path
            assert mr - right == pytest.approx(trim.bleed * MM, abs=0.05), path


def _meant(content, product_id):
    """Contacts a product is meant to carry with their details, from the content."""
    spec = content.products[product_id]
    in_steps = [
        c
        for s in spec.sections
        for c in content.sections[s].contacts
        if content.contacts[c].phones or content.contacts[c].web
    ]
    return set(in_steps) | set(spec.directory) | set(spec.qr)


def test_every_contact_is_printed_with_its_canonical_digits(catalogue, content):
    for path, entry in _all(catalogue):
        assert set(entry["contacts"]) == _meant(content, entry["product"]), path
        for cid in entry["contacts"]:
            contact = content.contacts[cid]
            for phone in contact.phones:
                assert phone.digits == phone.canonical.removeprefix("+47")
                assert pdfprobe.on_one_line(path, phone.display), (path, cid)
            if contact.web_label:
                # by glyph position: pdfium's text order is unreliable in right-to-left lines
                assert pdfprobe.on_one_line(path, contact.web_label), (path, cid)


def test_every_qr_decodes_to_its_target_and_the_manifest_lists_exactly_those(catalogue, content):
    for path, entry in _all(catalogue):
        spec = content.products[entry["product"]]
        expected = [content.contacts[c].phone.tel for c in spec.qr]
        found = []
        for index in range(pdfprobe.page_count(path)):
            dpi = 300 if entry["product"].startswith("card") else 100
            found += [q.text for q in pdfprobe.qr_codes(path, index, dpi=dpi)]
        assert sorted(set(found)) == sorted(expected) == sorted(entry["qr"]), path
        assert len(found) == len(expected), path


def test_qr_codes_are_large_enough_for_their_format(catalogue):
    for path, entry in _all(catalogue):
        product = PRODUCTS[entry["product"]]
        scale = product.trim(entry["size"] or "").scale
        for index in range(pdfprobe.page_count(path)):
            dpi = 300 if entry["product"].startswith("card") else 100
            for qr in pdfprobe.qr_codes(path, index, dpi=dpi):
                width_mm = (qr.right - qr.left) * MM_PER_PT
                assert width_mm >= product.min_qr_mm * scale - 0.6, (path, width_mm)


def test_smallest_type_meets_the_format_minimum(catalogue):
    for path, entry in _all(catalogue):
        product = PRODUCTS[entry["product"]]
        minimum = product.min_font_pt * product.trim(entry["size"] or "").scale
        for index in range(pdfprobe.page_count(path)):
            sizes = [g.size_pt for g in pdfprobe.glyphs(path, index)]
            assert sizes, (path, index)
            assert min(sizes) >= minimum - 0.05, (path, index, min(sizes))


def test_all_text_sits_inside_the_safe_zone(catalogue):
    for path, entry in _all(catalogue):
        trim = PRODUCTS[entry["product"]].trim(entry["size"] or "")
        safe = trim.safe * MM - 0.6  # ink may overhang its box by a hair (the hook of a j)
        for index in range(pdfprobe.page_count(path)):
            for g in pdfprobe.glyphs(path, index):
                assert g.left >= safe and g.bottom >= safe, (path, g)
                assert g.right <= trim.width * MM - safe, (path, g)
                assert g.top <= trim.height * MM - safe, (path, g)


def test_no_missing_glyph_and_every_font_embedded(catalogue):
    for path, _entry in _all(catalogue):
        assert pdfprobe.notdef_glyphs(path) == 0, path
        assert pdfprobe.fonts_embedded(path) == [], path


def test_no_script_without_italics_is_slanted(catalogue, content):
    """Arabic, Ethiopic, Thai and Chinese have no italic: nothing is set in a mechanical slant.

    Each slanted face was also one more font to subset and embed; for Chinese, 40 ms a file.
    """
    for path, entry in _all(catalogue):
        faces = pdfprobe.font_names(path)
        assert not [f for f in faces if f.endswith("-Oblique")], (path, faces)
        if content.languages[entry["langs"][0]].script == "Hans":
            assert len([f for f in faces if "CJK" in f]) <= 2, (path, faces)


# Words that would give away what the card is about to someone who finds it on the holder.
CRIME_WORDS = {
    "nb": [
        "menneskehandel",
        "utnytt",
        "tvang",
        "tvinge",
        "kriminal",
        "offer",
        "politi",
        "prostitu",
        "slaveri",
        "overgrep",
    ],
    "en": [
        "traffick",
        "exploit",
        "forced",
        "force",
        "crime",
        "criminal",
        "victim",
        "police",
        "prostitut",
        "slave",
        "abuse",
    ],
}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_help_cards_outer_face_names_no_crime(catalogue, lang):
    out, _ = catalogue
    path = out / "card-help" / f"card-help-{lang}.pdf"
    outer = pdfprobe.text(path, 0).lower()
    for word in CRIME_WORDS[lang]:
        assert word not in outer, word
    assert "22 33 11 60" in outer
    # The inside says it plainly.
    inner = pdfprobe.text(path, 1).lower()
    assert {"nb": "tvunget", "en": "forced"}[lang] in inner


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_help_cards_emergency_numbers_come_with_pictograms(catalogue, lang):
    out, _ = catalogue
    html_free = pdfprobe.text(out / "card-help" / f"card-help-{lang}.pdf", 1)
    assert "112" in html_free and "116 111" in html_free


@pytest.mark.parametrize(
    ("product", "size"), [("poster-staff", "A4"), ("poster-staff", "A3"), ("handout", "A4")]
)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_flowchart_holds_every_decision_and_number(catalogue, content, product, size, lang):
    out, _ = catalogue
    from generator.render.context import Translator

    tr = Translator(content, lang)
    path = out / product / f"{product}-{lang}-{size}.pdf"
    text = pdfprobe.text(path)
    for sid in content.products["poster-staff"].sections:
        section = content.sections[sid]
        if section.question is None:
            continue
        assert tr(section.question) in text, (path, sid)
        for cid in section.contacts:
            contact = content.contacts[cid]
            if contact.phone:
                assert pdfprobe.on_one_line(path, contact.phone.display), (path, cid)


def test_tear_off_tabs_each_carry_the_number(catalogue):
    out, _ = catalogue
    text = pdfprobe.text(out / "poster" / "poster-tabs-en-A4.pdf")
    # the main number, and once on each of the nine tabs (rotated, read back as columns)
    # the main number, and once on each of the nine tabs (rotated, read back as columns)
    assert text.replace(" ", "").count("22331160") == 1 + 9
    assert pdfprobe.on_one_line(out / "poster" / "poster-tabs-en-A4.pdf", "22 33 11 60")


def test_combined_poster_lists_its_languages(catalogue):
    out, files = catalogue
    entry = files["poster/poster-combined-nb-en-A4.pdf"]
    assert entry["langs"] == ["nb", "en"]
    assert entry["lang"] == "mul"
    assert entry["translation"] == "unreviewed"  # the weakest of its languages
    text = pdfprobe.text(out / entry["path"])
    for needle in [
        "Norsk bokmål",
        "English",
        "Du kan få hjelp",
        "You can get help",
        "ROSA 22 33 11 60",
    ]:
        assert needle in text


def test_handout_has_bookmarks_and_page_numbers(catalogue, content):
    out, _ = catalogue
    path = out / "handout" / "handout-en-A4.pdf"
    reader = pypdf.PdfReader(path)
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    from generator.render.context import Translator

    tr = Translator(content, "en")
    sections = [tr(content.sections[s].title) for s in content.products["handout"].sections]
    assert titles == [
        "Human trafficking \N{EN DASH} guidance for health and social workers",
        "Decision path",
        *sections,
        tr(content.ui["handout.directory"]),
        "Notes",
    ]
    pages = pdfprobe.page_count(path)
    for index in range(pages):
        assert f"Page {index + 1} of {pages}" in pdfprobe.text(path, index)


def test_handout_directory_holds_every_contact(catalogue, content):
    out, _ = catalogue
    text = pdfprobe.text(out / "handout" / "handout-en-A4.pdf")
    from generator.render.context import Translator

    tr = Translator(content, "en")
    for cid in content.products["handout"].directory:
        name = tr(content.contacts[cid].name)
        assert " ".join(name.split()) in text, cid


def test_text_too_long_for_a_poster_is_refused(project_copy, tmp_path):
    from generator.errors import RenderError

    po = project_copy.content / "translations" / "en.po"
    edit(
        po,
        'msgstr "Is someone keeping your passport, ID card or wages from you?"',
        'msgstr "' + "Has someone taken your passport, your papers or your money? " * 20 + '"',
    )
    # Twenty times the question spills onto a second page of a one-page poster.
    with pytest.raises(
        RenderError,
        match=r"^poster \(en\): the content does not fit: 2 pages instead of 1 "
        r"\(page 2 starts with '[^']+'\)$",
    ):
        build(
            project_copy,
            BuildOptions(products=["poster"], langs=["en"], size="A4", out=tmp_path),
            BufferReporter(),
        )


# A file name helpkit writes: lower-case ids and size names joined by hyphens, in a folder per
# product (under a folder per profile), ending in the format.
_NAME = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_PATH = re.compile(rf"(?:{_NAME}/)?{_NAME}/{_NAME}(?:-A[2-4])?\.(?:pdf|html)")


def _every_document(content):
    """Every document helpkit can be asked for: each product in every language, in each of its
    sizes, with tear-off tabs and combined where the product has them, in both formats, for
    the national content and each profile. Keyed by what makes it a different document."""
    documents = {}
    languages = list(content.languages)
    for profile in (None, *content.profiles):
        applied = profile_content(content, profile)
        for product in PRODUCTS.values():
            for fmt in ("pdf", "html"):
                common = dict(
                    products=[product.id],
                    format=fmt,
                    allow_incomplete=True,
                    allow_unconfirmed=True,
                    profile=profile,
                )
                asked = [
                    BuildOptions(langs="all", size=size or None, **common) for size in product.sizes
                ]
                if product.tabs:
                    asked.append(BuildOptions(langs="all", tabs=True, **common))
                if product.combinable:  # the first and last few languages, and nb with en
                    sets = [languages[:2], languages[-2:], ["nb", "en"]]
                    sets += [languages[:MAX_COMBINED], languages[-MAX_COMBINED:]]
                    asked.extend(
                        BuildOptions(langs=langs, combined=True, size=size, **common)
                        for langs in sets
                        for size in product.sizes
                    )
                for options in asked:
                    for doc in plan(applied, options).jobs:
                        key = (doc.profile, doc.product, doc.langs, doc.size, doc.tabs, doc.format)
                        documents[key] = doc
    return documents


def test_path_is_a_path(catalogue, content, tmp_path):
    documents = _every_document(content)
    assert {p for p, *_ in documents} == {None, *content.profiles}
    assert {(d.product, d.langs[0]) for d in documents.values()} == {
        (product, lang) for product in PRODUCTS for lang in content.languages
    }
    paths = {}
    for key, doc in documents.items():
        path = doc.path
        assert _PATH.fullmatch(path), path
        parts = PurePosixPath(path).parts
        assert parts[:-1] == ((doc.profile,) if doc.profile else ()) + (doc.product,), path
        name = parts[-1]
        variant = "-combined" if len(doc.langs) > 1 else "-tabs" if doc.tabs else ""
        size = f"-{doc.size}" if doc.size else ""
        assert name == f"{doc.product}{variant}-{'-'.join(doc.langs)}{size}.{doc.format}"
        assert (tmp_path / path).resolve().is_relative_to(tmp_path.resolve())
        assert paths.setdefault(path, key) == key, f"{path}: written for two documents"
    # The catalogue built for these tests wrote exactly the paths planned for it.
    out, files = catalogue
    assert isinstance(out, Path)
    planned = {
        doc.path
        for options in (
            BuildOptions(),
            BuildOptions(tabs=True, langs=["nb", "en"]),
            BuildOptions(combined=True, langs=["nb", "en"], size="A4"),
        )
        for doc in plan(content, options).jobs
    }
    assert set(files) == planned
    assert planned <= set(paths)
    assert {str(p.relative_to(out)) for p in out.rglob("*.pdf")} == planned


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_poster_headline_reads_at_three_metres(catalogue, lang):
    # Legibility rule of thumb: cap height >= distance / 250, so 12 mm at 3 m; Noto Sans caps
    # are 0.71 em, so the headline must be at least 12 / 0.71 mm = 48 pt on A4.
    out, _ = catalogue
    path = out / "poster" / f"poster-{lang}-A4.pdf"
    assert max(g.size_pt for g in pdfprobe.glyphs(path, 0)) >= 48


def test_text_pushed_past_the_side_of_a_card_is_refused(project_copy, tmp_path):
    # A word that cannot wrap pushes the emergency number off the card: no density can fix it.
    from generator.render.pdf import FitError

    po = project_copy.content / "translations" / "en.po"
    edit(po, 'msgstr "Children and young people"', 'msgstr "' + "Childrenandyoungpeople" * 3 + '"')
    with pytest.raises(
        FitError,
        match=r"card-help \(en\): page 2: .* runs .* mm past the right "
        r"edge of the safe zone",
    ):
        build(
            project_copy,
            BuildOptions(products=["card-help"], langs=["en"], out=tmp_path),
            BufferReporter(),
        )


def test_text_running_into_the_tear_off_tabs_is_refused(project_copy, tmp_path):
    from generator.render.pdf import FitError

    po = project_copy.content / "translations" / "en.po"
    edit(
        po,
        'msgstr "Is someone keeping your passport, ID card or wages from you?"',
        'msgstr "' + "Has someone taken your passport, your papers or your money? " * 4 + '"',
    )
    # The poster still fits its one page, but its text runs down onto the tabs (its footer):
    # the check names the line that lands there.
    with pytest.raises(
        FitError,
        match=r"^poster \(en\): page 1: '[^']+' runs \d+\.\d mm into the footer, inside the "
        r"safe zone; shorten the text$",
    ):
        build(
            project_copy,
            BuildOptions(products=["poster"], langs=["en"], tabs=True, out=tmp_path),
            BufferReporter(),
        )


def test_a_word_that_runs_over_the_qr_code_is_refused_by_the_layout(project_copy, tmp_path):
    """A word too long for its column runs sideways over the code beside it: inside the safe
    zone and above the footer, so only a check of the code's own area sees it."""
    po = project_copy.content / "translations" / "en.po"
    word = "Areyoukeptfromleavingthisplaceforlong"  # wider than its column, not the card
    edit(po, 'msgstr "Are you afraid to leave?"', f'msgstr "{word}?"')
    result = build_one(project_copy.root, "card-help", "en", tmp_path / "o", "--no-verify")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: card-help (en): page 2: '{word}?' runs over the QR code; shorten the text\n"
    )
