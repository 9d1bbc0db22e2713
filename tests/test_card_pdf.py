"""The professional card read back from the PDF: what is printed is what the content means."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import weasyprint

from generator import pdfread as pdfprobe
from generator.build import BuildOptions, build
from generator.pdfread import MM
from generator.products import ID1
from generator.report import BufferReporter

LANGS = ["nb", "en"]


def card(built, lang) -> Path:
    return built.out / "card-professional" / f"card-professional-{lang}.pdf"


def test_build_writes_both_cards_and_a_manifest(built_cards):
    assert sorted(f.path for f in built_cards.files) == [
        "card-professional/card-professional-en.pdf",
        "card-professional/card-professional-nb.pdf",
    ]
    manifest = json.loads((built_cards.out / "manifest.json").read_text())
    assert [f["path"] for f in manifest["files"]] == sorted(f.path for f in built_cards.files)


@pytest.mark.parametrize("lang", LANGS)
def test_two_pages_with_trim_and_bleed(built_cards, lang):
    path = card(built_cards, lang)
    assert pdfprobe.page_count(path) == 2
    bleed = ID1.bleed * MM
    for page in pdfprobe.boxes(path):
        left, bottom, right, top = page["trimbox"]
        assert right - left == pytest.approx(85.6 * MM, abs=0.01)
        assert top - bottom == pytest.approx(54 * MM, abs=0.01)
        for box in ("mediabox", "bleedbox"):
            bl, bb, br, bt = page[box]
            assert (left - bl, bottom - bb, br - right, bt - top) == pytest.approx(
                (bleed,) * 4, abs=0.01
            )


@pytest.mark.parametrize("lang", LANGS)
def test_every_number_is_printed_on_one_line_with_its_canonical_digits(built_cards, content, lang):
    path = card(built_cards, lang)
    record = next(f for f in built_cards.files if f.lang == lang)
    for cid in record.contacts:
        contact = content.contacts[cid]
        for phone in contact.phones:
            # The printed digits are the canonical national digits, in reading order, on one line.
            assert phone.digits == phone.canonical.removeprefix("+47")
            assert pdfprobe.on_one_line(path, phone.display), (cid, phone.display)
        if contact.web_label:
            assert contact.web_label in pdfprobe.text(path), cid


@pytest.mark.parametrize("lang", LANGS)
def test_front_carries_the_four_steps_and_their_numbers(built_cards, lang):
    front = pdfprobe.text(card(built_cards, lang), 0)
    for needle in [
        "112",
        "02800",
        "116 111",
        "22 33 11 60",
        "barnevernvakten.no",
        "straffeloven § 196",
    ]:
        assert needle in front
    title = {
        "nb": "Bekymret for at noen blir utnyttet?",
        "en": "Worried someone is being exploited?",
    }[lang]
    assert title in front


@pytest.mark.parametrize("lang", LANGS)
def test_the_qr_code_calls_rosa_and_sits_in_the_safe_zone(built_cards, lang):
    path = card(built_cards, lang)
    assert pdfprobe.qr_codes(path, 0) == []
    codes = pdfprobe.qr_codes(path, 1, dpi=300)
    assert [c.text for c in codes] == ["tel:+4722331160"]
    qr = codes[0]
    safe = ID1.safe * MM
    assert qr.left >= safe and qr.bottom >= safe
    assert qr.right <= (ID1.width - ID1.safe) * MM and qr.top <= (ID1.height - ID1.safe) * MM
    assert qr.right - qr.left >= 18 * MM - 0.5  # the symbol itself, without quiet zone
    record = next(f for f in built_cards.files if f.lang == lang)
    assert record.qr == ["tel:+4722331160"]


@pytest.mark.parametrize("lang", LANGS)
def test_qr_has_a_caption_saying_what_it_opens(built_cards, lang):
    caption = {"nb": "Skann for å ringe ROSA", "en": "Scan to call ROSA"}[lang]
    assert caption in pdfprobe.text(card(built_cards, lang), 1)


@pytest.mark.parametrize("lang", LANGS)
def test_all_text_is_at_least_7pt_and_inside_the_safe_zone(built_cards, lang):
    path = card(built_cards, lang)
    safe = ID1.safe * MM - 0.2  # glyph boxes are ink boxes; allow a hair for rounding
    for index in range(2):
        glyphs = pdfprobe.glyphs(path, index)
        assert glyphs
        assert min(g.size_pt for g in glyphs) >= 7.0 - 0.01
        for g in glyphs:
            assert g.left >= safe and g.bottom >= safe, g
            assert g.right <= ID1.width * MM - safe and g.top <= ID1.height * MM - safe, g


@pytest.mark.parametrize("lang", LANGS)
def test_source_date_in_the_locale(built_cards, lang):
    # Nobody has confirmed the contacts: the card prints the source page's own date as such.
    expected = {
        "nb": "Kilde oppdatert 6. januar 2021",
        "en": "Source updated 6 January 2021",
    }[lang]
    assert expected in pdfprobe.text(card(built_cards, lang), 1)


@pytest.mark.parametrize("lang", LANGS)
def test_no_missing_glyph_and_every_font_embedded(built_cards, lang):
    path = card(built_cards, lang)
    assert pdfprobe.notdef_glyphs(path) == 0
    assert pdfprobe.fonts_embedded(path) == []


def test_the_missing_glyph_probe_can_fail(tmp_path):
    # A private-use character no font covers is drawn as .notdef: the probe must see it.
    path = tmp_path / "gap.pdf"
    weasyprint.HTML(string="<p style='font-family: Noto Sans'>a\ue000b</p>").write_pdf(path)
    assert pdfprobe.notdef_glyphs(path) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_metadata(built_cards, lang):
    import pypdf

    reader = pypdf.PdfReader(card(built_cards, lang))
    assert reader.trailer["/Root"]["/Lang"] == lang
    meta = reader.metadata
    assert meta.title and meta.subject
    assert meta["/CreationDate"] == "D:20210106"


def test_two_builds_give_identical_bytes(repo_project, built_cards, tmp_path):
    again = build(
        repo_project,
        BuildOptions(products=["card-professional"], langs=LANGS, out=tmp_path),
        BufferReporter(),
    )
    for lang in LANGS:
        assert card(again, lang).read_bytes() == card(built_cards, lang).read_bytes()


def test_source_date_epoch_is_honoured(repo_project, tmp_path, monkeypatch):
    import pypdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = build(
        repo_project,
        BuildOptions(products=["card-professional"], langs=["en"], out=tmp_path),
        BufferReporter(),
    )
    meta = pypdf.PdfReader(card(result, "en")).metadata
    assert meta["/CreationDate"] == "D:20231114"
