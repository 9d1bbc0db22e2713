"""Verify reads each face of a file: what a page is meant to carry is on that page, a page with
no text fails by its number, and a number counts as printed only where it stands whole on one
visual line (issue 19)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil

import pypdf
import pypdfium2 as pdfium
import pytest
import weasyprint
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from generator import pdfread
from generator.build import BuildOptions, build
from generator.content.load import load_content
from generator.fonts import font_file
from generator.report import BufferReporter
from generator.verify import verify
from tests.helpers import build_one, edit

HELP = "card-help/card-help-en.pdf"
PRO = "card-professional/card-professional-en.pdf"


@pytest.fixture(scope="module")
def built(repo_project, tmp_path_factory):
    out = tmp_path_factory.mktemp("faces")
    build(
        repo_project,
        BuildOptions(products=["card-help", "card-professional"], langs=["en"], out=out),
        BufferReporter(),
    )
    return out


@pytest.fixture
def out(built, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(built, copy)
    return copy


def failed(out, content, rel=HELP):
    """What verify fails in one file: {check: detail}."""
    return {f.check: f.detail for f in verify([out / rel], content).failures}


def publish(out, rel, pdf_bytes):
    """Put a changed file in place and make its manifest entry's sha256 match, as a person
    who edits files by hand would: verify must catch the change from the paper itself."""
    (out / rel).write_bytes(pdf_bytes)
    data = json.loads((out / "manifest.json").read_text())
    entry = next(f for f in data["files"] if f["path"] == rel)
    entry["sha256"] = hashlib.sha256(pdf_bytes).hexdigest()
    (out / "manifest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))


def card_page(body):
    """One page the size of a card, with its bleed: its PDF bytes."""
    html = (
        "<style>@page { size: 85.6mm 54mm; bleed: 3mm; margin: 0 } body { margin: 5mm; "
        "font-family: 'Noto Sans'; font-size: 9pt } p { margin: 0 } "
        "td { vertical-align: baseline; padding: 0 }</style>" + body
    )
    return weasyprint.HTML(string=html).write_pdf()


def with_page(out, rel, index, page_pdf):
    """The file with its page `index` replaced by the first page of `page_pdf`."""
    built = pypdf.PdfReader(out / rel)
    planted = pypdf.PdfReader(io.BytesIO(page_pdf))
    writer = pypdf.PdfWriter()
    for i, page in enumerate(built.pages):
        writer.add_page(planted.pages[0] if i == index else page)
    buffer = io.BytesIO()
    writer.write(buffer)
    publish(out, rel, buffer.getvalue())


def as_paths(text, size_pt):
    """An SVG drawing `text` in Noto Sans as outlines: what a PDF holds when its text was
    converted to paths (no glyph to read back)."""
    font = TTFont(font_file("Noto Sans"))
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    units = font["head"].unitsPerEm
    pen = SVGPathPen(glyphs)
    x = 0
    for char in text:
        name = cmap[ord(char)]
        glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, x, units)))
        x += glyphs[name].width
    width_mm = x / units * size_pt * 25.4 / 72
    height_mm = 1.3 * size_pt * 25.4 / 72
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_mm:.2f}mm" '
        f'height="{height_mm:.2f}mm" viewBox="0 0 {x} {units * 1.3:.0f}">'
        f'<path d="{pen.getCommands()}"/></svg>'
    )


def as_image(out, rel, index):
    """The page drawn as one picture of itself, bleed included (a scan placed on the page)."""
    page = pdfium.PdfDocument(out / rel)[index]
    png = io.BytesIO()
    page.render(scale=300 / 72).to_pil().save(png, format="PNG")
    src = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    return (
        f"<img src='{src}' style='position: absolute; left: -3mm; top: -3mm; "
        "width: 91.6mm; height: 60mm'>"
    )


# -- Each face carries what it is meant to carry -------------------------------------------------


def test_each_face_of_what_helpkit_built_is_read(out, content):
    faces = {
        (f.file, f.check): (f.ok, f.detail)
        for f in verify([out], content).findings
        if f.check.startswith("face ")
    }
    assert set(faces) == {(HELP, "face 1"), (HELP, "face 2"), (PRO, "face 1"), (PRO, "face 2")}
    assert all(ok for ok, _ in faces.values())
    assert faces[(HELP, "face 1")][1].endswith(" glyphs, 22 33 11 60")
    assert faces[(HELP, "face 2")][1].endswith(" glyphs, 112, 116 111, QR tel:+4722331160")
    assert faces[(PRO, "face 1")][1].endswith(
        " glyphs, 02800, 112, barnevernvakten.no, 116 111, 22 33 11 60, plikt.no"
    )
    assert faces[(PRO, "face 2")][1].endswith(
        " glyphs, 22 33 11 60, 474 66 480, 99 47 02 79, 116 111, barnevernvakten.no, 02800, "
        "112, plikt.no, QR tel:+4722331160"
    )


def _blank(out):
    """Page 1 with an empty content stream: the page and its boxes stay."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(out / HELP))
    empty = pypdf.generic.ContentStream(None, writer)
    empty.set_data(b"")
    writer.pages[0].replace_contents(empty)
    buffer = io.BytesIO()
    writer.write(buffer)
    publish(out, HELP, buffer.getvalue())


def _paths(out):
    """The outer face's title and number drawn as outlines, not text."""
    body = f"<p>{as_paths('Health and help', 14)}</p><p>{as_paths('Call 22 33 11 60', 16)}</p>"
    with_page(out, HELP, 0, card_page(body))


def _image(out):
    """The outer face as a picture of itself."""
    with_page(out, HELP, 0, card_page(as_image(out, HELP, 0)))


NO_TEXT = "no text read on page 1: nothing there is measured"


@pytest.mark.parametrize("plant", [_blank, _paths, _image], ids=["blank", "paths", "image"])
def test_an_outer_face_without_text_fails_by_its_page(out, content, plant):
    # Before: the blank face failed only as "not the card-help in English", and type size and
    # safe zone passed it, having measured nothing; "number rosa" passes on the inner face.
    plant(out)
    assert failed(out, content) == {
        "type size": NO_TEXT,
        "safe zone": NO_TEXT,
        "text ui:help.outer_title (en)": (
            "page 1 has no text to read 'Health and help' from (en, ui:help.outer_title)"
        ),
        "face 1": (
            "page 1 of the card-help: no text is read from it (blank, or its text drawn as paths "
            "or an image); 22 33 11 60 (rosa) is not printed on it on one line"
        ),
    }


def test_an_outer_face_without_its_number(out, content):
    # The title is there, the number is not: the inner face's number does not stand in for it.
    body = (
        "<h1 style='font-size: 14pt'>Health and help</h1>"
        "<p>Information on where you can get help</p>"
    )
    with_page(out, HELP, 0, card_page(body))
    assert failed(out, content) == {
        "face 1": "page 1 of the card-help: 22 33 11 60 (rosa) is not printed on it on one line"
    }


def test_the_faces_in_the_wrong_order(out, content):
    reader = pypdf.PdfReader(out / HELP)
    writer = pypdf.PdfWriter()
    writer.add_page(reader.pages[1])
    writer.add_page(reader.pages[0])
    buffer = io.BytesIO()
    writer.write(buffer)
    publish(out, HELP, buffer.getvalue())
    found = failed(out, content)
    # The inner face prints ROSA's number too, so face 1 has what the outer face must carry.
    assert "face 1" not in found
    assert found["face 2"] == (
        "page 2 of the card-help: 112 (emergency) is not printed on it on one line; 116 111 "
        "(alarmtelefonen) is not printed on it on one line; its QR code tel:+4722331160 is "
        "not on it (it is on page 1)"
    )
    assert set(found) == {"face 2", "text ui:help.outer_title (en)", "text ui:help.q1 (en)"}


def test_the_professional_cards_directory_without_a_number(out, content):
    # The back of the professional card as a directory that left one number out.
    rows = "".join(
        f"<tr><td>{name}</td><td style='text-align: right'><b>{reach}</b></td></tr>"
        for name, reach in [
            ("ROSA", "22 33 11 60"),
            ("Safe House Filemon", "474 66 480"),
            ("HT Support Oslo", "99 47 02 79"),
            ("Child welfare on call", "barnevernvakten.no"),
            ("Police", "02800"),
            ("Emergency number", "112"),
            ("Duty to avert", "plikt.no"),
        ]
    )
    with_page(out, PRO, 1, card_page(f"<table style='width: 60mm; font-size: 7pt'>{rows}</table>"))
    found = failed(out, content, PRO)
    assert found["face 2"] == (
        "page 2 of the card-professional: 116 111 (alarmtelefonen) is not printed on it on one "
        "line; its QR code tel:+4722331160 is not on it"
    )
    assert "number alarmtelefonen" not in found  # the front prints it: only its face fails


# -- A number is printed whole where it stands whole on one line ---------------------------------


def test_a_label_wrapped_beside_its_number(project_copy, tmp_path):
    # The help card's label of 116 111 three times as long wraps over three lines; the number
    # stays whole at the end of the last (rendered and looked at: "people 116 111").
    po = project_copy.content / "translations" / "en.po"
    label = 'msgctxt "contact:alarmtelefonen:plain"\nmsgid "Barn og unge"\nmsgstr "'
    edit(
        po,
        label + 'Children and young people"',
        label + " ".join(["Children and young people"] * 3) + '"',
    )
    out = tmp_path / "out"
    result = build_one(project_copy.root, "card-help", "en", out)
    assert result.exit_code == 0, result.output  # the build verified it
    lines = pdfread.lines(out / HELP, 1)
    assert lines[-4:] == [
        "Children and young people Children and",
        "young people Children and young",
        "Emergency112",
        "people116 111",
    ]
    assert verify([out], load_content(project_copy.root)).failures == []


NEIGHBOURS = (
    "<table style='width: 75mm'><tr>"
    "<td style='width: 30mm; padding-right: 2.5mm; text-align: right'>Emergency <b>112</b></td>"
    "<td><b>116 111</b> Children and young people, children and young people</td>"
    "</tr></table>"
)


def test_two_numbers_in_neighbouring_cells_are_each_whole(out, content):
    # "112" ends one cell, "116 111" starts the next, on one baseline 2.5 mm apart. Read as one
    # line, that was "112116 111": neither number stood whole, and both failed.
    with_page(out, HELP, 1, card_page(NEIGHBOURS))
    found = failed(out, content)
    assert "number emergency" not in found
    assert "number alarmtelefonen" not in found
    assert pdfread.lines(out / HELP, 1) == [
        "Emergency 112",
        "116 111 Children and",
        "young people, children and",
        "young people",
    ]


@pytest.mark.parametrize(
    "body",
    [
        # Across two cells on one baseline, 8 mm apart: read as one line, that was
        # "Children and young 116 111 day and night", a pass.
        "<table style='width: 75mm'><tr>"
        "<td style='width: 40mm; padding-right: 2.5mm'>Children and young <b>116&nbsp;</b></td>"
        "<td><b>111</b> day and night</td></tr></table><p>Emergency <b>112</b></p>",
        # Over two lines.
        "<p>Children and young people <b>116</b><br><b>111</b> day and night</p>"
        "<p>Emergency <b>112</b></p>",
    ],
    ids=["two cells", "two lines"],
)
def test_a_number_split_in_two_fails(out, content, body):
    with_page(out, HELP, 1, card_page(body))
    found = failed(out, content)
    assert found["number alarmtelefonen"] == (
        "116 111 (116111) is not printed on one line in order"
    )
    assert "number emergency" not in found
