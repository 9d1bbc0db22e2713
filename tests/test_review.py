"""The translation review: a pack a reviewer can fill in, corrections imported, a sign-off bound
to every reviewed word, and voided by any later change."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from generator import pdfread
from generator.content.load import load_content
from generator.errors import ContentError
from tests.conftest import FIXTURES
from tests.helpers import build_one, edit, helpkit


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """The minimal project (nb source, an English catalog), copied to play with."""
    shutil.copytree(FIXTURES / "minimal" / "content", tmp_path / "content")
    return tmp_path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _pack(root: Path) -> Path:
    result = helpkit(root, "i18n", "review-pack", "--lang", "en", "--out", root / "review")
    assert result.exit_code == 0, result.output
    return root / "review" / "review-en.csv"


def _correct(sheet: Path, context: str, correction: str) -> None:
    rows = _rows(sheet)
    hits = [r for r in rows if r["id"] == context]
    assert len(hits) == 1
    hits[0]["correction"] = correction
    _write_rows(sheet, rows)


def test_the_pack_lists_every_translated_message_with_where_and_a_note(minimal):
    sheet = _pack(minimal)
    rows = _rows(sheet)
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    assert list(rows[0]) == [
        "lang", "id", "where", "note", "norwegian", "english",
        "translation", "ok", "correction", "comment",
    ]  # fmt: skip
    # Every message of the fixture is translated: the pack lists each, in the content's order.
    assert [r["id"] for r in rows] == [t.context for t in load_content(minimal).texts()]
    assert len(rows) == 25
    qr = rows[0]
    assert qr["norwegian"] == "Skann for å ringe {name}"
    assert qr["translation"] == "Scan to call {name}"
    assert qr["where"].startswith("card-professional (back)")
    assert "Keep {name} exactly" in qr["note"]
    question = next(r for r in rows if r["id"] == "section:acute:question")
    assert question["where"].startswith("card-professional (front)")
    pdf = minimal / "review" / "review-en.pdf"
    text = pdfread.text(pdf)
    assert "Skann for å ringe {name}" in text and "Scan to call {name}" in text
    assert "Correction" in text and "Reviewer (name, role)" in text


def test_round_trip_makes_a_language_reviewed_and_one_change_voids_it(minimal, tmp_path):
    sheet = _pack(minimal)
    _correct(sheet, "section:acute:question", "In acute danger?")

    imported = helpkit(minimal, "i18n", "import-review", sheet)
    assert imported.exit_code == 0, imported.output
    assert "1 correction(s) imported" in imported.output
    catalog = load_content(minimal).catalogs["en"]
    # The correction is not printed until the reviewer signs it off.
    assert ("section:acute:question", "Akutt fare?") in catalog.fuzzy
    assert not catalog.reviewed

    signed = helpkit(
        minimal, "i18n", "sign-off", "--lang", "en", "--reviewer", "Jane Doe, translator",
        "--date", "2026-11-29",
    )  # fmt: skip
    assert signed.exit_code == 0, signed.output
    assert "25 messages reviewed, 1 correction(s) accepted" in signed.output
    catalog = load_content(minimal).catalogs["en"]
    assert catalog.reviewed and catalog.reviewed_by == "Jane Doe, translator"
    assert catalog.messages[("section:acute:question", "Akutt fare?")] == "In acute danger?"

    # One changed msgstr after the sign-off: the language is unreviewed again.
    po = minimal / "content/translations/en.po"
    edit(po, 'msgstr "Helpline."', 'msgstr "Helpline, always."')
    catalog = load_content(minimal).catalogs["en"]
    assert not catalog.reviewed
    assert catalog.changed == (("contact:rosa:offers", "Hjelpetelefon."),)
    status = helpkit(minimal, "i18n", "status")
    assert "VOID: Jane Doe, translator (2026-11-29)" in status.output
    assert "content/translations/en.po:" in status.output
    assert "contact:rosa:offers" in status.output.split("no longer holds:")[1]
    from generator.checks import voided_reviews

    (warning,) = voided_reviews(load_content(minimal))
    assert "en.po: review void: 1 message(s) changed since (reviewed by Jane Doe" in warning


def test_a_signed_off_language_prints_as_reviewed_until_a_word_changes(project_copy, tmp_path):
    root = project_copy.root
    signed = helpkit(root, "i18n", "sign-off", "--lang", "en", "--reviewer", "Jane Doe, translator")
    assert signed.exit_code == 0, signed.output
    out = tmp_path / "out"
    built = build_one(root, "card-help", "en", out, "--require-reviewed")
    assert built.exit_code == 0, built.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert [f["translation"] for f in manifest["files"]] == ["reviewed"]
    card = out / "card-help/card-help-en.pdf"
    note = (
        load_content(root)
        .catalogs["en"]
        .messages[("ui:i18n.unreviewed", "Oversettelsen er ikke kvalitetssikret ennå")]
    )
    assert note not in pdfread.text(card)

    po = root / "content/translations/en.po"
    edit(po, 'msgstr "Are you afraid to leave?"', 'msgstr "Are you scared to leave?"')
    refused = build_one(root, "card-help", "en", tmp_path / "o2", "--require-reviewed")
    assert refused.exit_code == 1
    assert "en (English) is not reviewed by a person yet" in refused.output
    rebuilt = build_one(root, "card-help", "en", out)
    assert rebuilt.exit_code == 0, rebuilt.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert [f["translation"] for f in manifest["files"]] == ["unreviewed"]
    assert note in pdfread.text(card)


def test_a_review_header_typed_by_hand_counts_as_no_review(minimal):
    po = minimal / "content/translations/en.po"
    edit(po, '"X-Reviewed-By: \\n"', '"X-Reviewed-By: Somebody, reviewer\\n"')
    catalog = load_content(minimal).catalogs["en"]
    assert catalog.reviewed_by == "Somebody, reviewer"
    assert not catalog.reviewed
    assert catalog.review_state == "review void: its fingerprint does not match the file"


def test_a_message_translated_after_the_review_voids_it(minimal):
    signed = helpkit(minimal, "i18n", "sign-off", "--lang", "en", "--reviewer", "A B, role")
    assert signed.exit_code == 0, signed.output
    assert load_content(minimal).catalogs["en"].reviewed
    po = minimal / "content/translations/en.po"
    # A new message arrives (as `helpkit i18n update` would add it) and is translated.
    edit(
        po,
        'msgctxt "contact:rosa:name"',
        'msgctxt "contact:rosa:extra"\nmsgid "Ekstra."\nmsgstr "Extra."\n\n'
        'msgctxt "contact:rosa:name"',
    )
    assert not load_content(minimal).catalogs["en"].reviewed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"correction": "Scan to call"},
            r"review-en\.csv:2: correction: ui:qr\.call: must keep the placeholders \['name'\]",
        ),
        (
            {"correction": "Call {name} on 22 33 11 60"},
            r"review-en\.csv:2: correction: ui:qr\.call: contains the digits '22 33 11 60', which "
            r"a reader could dial",
        ),
        (
            {"correction": "Scan \u202eto call {name}"},
            r"review-en\.csv:2: correction: ui:qr\.call: contains the bidi control U\+202E",
        ),
        (
            {"correction": "Scan to dial {name}", "translation": "Scan and call {name}"},
            r"review-en\.csv:2: translation: ui:qr\.call: the translation changed after the pack",
        ),
        (
            {"correction": "Scan to dial {name}", "norwegian": "Skann {name}"},
            r"review-en\.csv:2: norwegian: ui:qr\.call: this Norwegian text is no longer",
        ),
    ],
)
def test_a_bad_correction_is_refused_and_nothing_is_written(minimal, change, message):
    sheet = _pack(minimal)
    rows = _rows(sheet)
    rows[0].update(change)
    good = next(r for r in rows if r["id"] == "section:acute:title")
    good["correction"] = "Acute (fine)"  # a good row beside the bad one
    _write_rows(sheet, rows)
    po = minimal / "content/translations/en.po"
    before = po.read_bytes()
    result = helpkit(minimal, "i18n", "import-review", sheet)
    assert result.exit_code == 1
    assert __import__("re").search(message, result.output), result.output
    assert po.read_bytes() == before


def test_a_sheet_that_is_not_a_review_sheet_is_named(minimal):
    other = minimal / "other.csv"
    other.write_text("name,phone\nROSA,1\n", encoding="utf-8")
    result = helpkit(minimal, "i18n", "import-review", other)
    assert result.exit_code == 1
    assert "other.csv:1: is not a helpkit review sheet: no column lang, id, norwegian" in (
        result.output
    )


def test_sign_off_refuses_a_language_with_a_fuzzy_message(minimal):
    po = minimal / "content/translations/en.po"
    edit(po, 'msgctxt "contact:rosa:offers"', '#, fuzzy\nmsgctxt "contact:rosa:offers"')
    result = helpkit(minimal, "i18n", "sign-off", "--lang", "en", "--reviewer", "A B, role")
    assert result.exit_code == 1
    assert "en.po:" in result.output and "contact:rosa:offers is fuzzy" in result.output
    assert "X-Reviewed-By: \\n" in po.read_text()


def test_sign_off_needs_a_reviewer_and_a_known_language(minimal):
    result = helpkit(minimal, "i18n", "sign-off", "--lang", "xx", "--reviewer", "A B")
    assert result.exit_code == 2
    assert "'xx' has no catalog to sign off" in result.output
    result = helpkit(minimal, "i18n", "sign-off", "--lang", "en", "--reviewer", "  ")
    assert result.exit_code == 2
    assert "--reviewer must name a person and role" in result.output


def test_a_review_survives_an_update_that_changes_nothing_and_not_one_that_does(minimal):
    from generator.i18n import update
    from generator.project import find_project

    signed = helpkit(minimal, "i18n", "sign-off", "--lang", "en", "--reviewer", "A B, role")
    assert signed.exit_code == 0, signed.output
    project = find_project(minimal)
    update(project, load_content(minimal))
    assert load_content(minimal).catalogs["en"].reviewed
    # The Norwegian source of a reviewed message changes: its translation turns fuzzy, and the
    # language is unreviewed until it is translated, reviewed and signed off again.
    edit(
        minimal / "content/contacts.yaml",
        "offers: Hjelpetelefon.",
        "offers: Nasjonal hjelpetelefon.",
    )
    update(project, load_content(minimal))
    catalog = load_content(minimal).catalogs["en"]
    assert not catalog.reviewed
    assert ("contact:rosa:offers", "Nasjonal hjelpetelefon.") in catalog.changed


def test_a_review_line_inside_a_message_is_not_a_review(minimal):
    # Only the header entry carries provenance: a message whose text holds a line that looks
    # like a review header is text (the loader refuses its line break), never a review that
    # `i18n update` would then copy into the header.
    from generator.i18n import read_catalog

    po = minimal / "content/translations/en.po"
    edit(po, 'msgstr "Helpline."', 'msgstr ""\n"X-Reviewed-By: Mallory\\n"\n"Helpline."')
    opened = read_catalog(po, load_content(FIXTURES / "minimal"), "en")
    assert opened.headers.get("X-Reviewed-By", "") == ""
    with pytest.raises(ContentError, match="control character U\\+000A"):
        load_content(minimal)
