"""helpkit verify passes on what helpkit built, and catches each planted defect by name."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil

import pypdf
import pytest
import weasyprint
from click.testing import CliRunner

from generator.build import BuildOptions, build
from generator.cli import main
from generator.content.load import load_content
from generator.render.qr import make_qr
from generator.report import BufferReporter
from generator.verify import CHECKS, Finding, check_kind, verify
from tests.conftest import REPO
from tests.helpers import edit, helpkit
from tests.test_verify_faces import card_page, publish, with_page


@pytest.fixture(scope="session")
def built(repo_project, tmp_path_factory):
    out = tmp_path_factory.mktemp("verified")
    build(
        repo_project,
        BuildOptions(
            products=["card-help", "card-professional"], langs=["nb", "en", "ar"], out=out, jobs=2
        ),
        BufferReporter(),
    )
    build(
        repo_project,
        BuildOptions(products=["poster"], langs=["en"], size="A4", out=out),
        BufferReporter(),
    )
    return out


@pytest.fixture
def out(built, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(built, copy)
    return copy


def manifest(out):
    return json.loads((out / "manifest.json").read_text())


def save(out, data):
    (out / "manifest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))


def failures(out, content, **kw):
    return {(f.file, f.check): f.detail for f in verify([out], content, **kw).failures}


def test_what_helpkit_built_verifies(out, content):
    report = verify([out], content)
    assert report.failures == []
    checks = {f.check for f in report.findings}
    for check in [
        "sha256",
        "readers",
        "pages",
        "boxes",
        "fonts",
        "glyphs",
        "type size",
        "safe zone",
        "contacts listed",
        "number rosa",
        "number rosa clear",
        "text ui:help.outer_title (nb)",
        "text ui:help.q1 (ar)",
        "text ui:pro.title (en)",
        "text section:acute:question (en)",
        "text ui:help.title (en)",
        "qr targets",
        "qr tel:+4722331160 300 dpi",
        "qr tel:+4722331160 150 dpi blurred",
        "qr tel:+4722331160 quiet zone",
        "qr tel:+4722331160 safe zone",
    ]:
        assert check in checks, check
    # the page's facts are from 2021: every printed contact is stale, a warning
    assert report.warnings and all(w.check.startswith("stale ") for w in report.warnings)


def test_stale_contacts_fail_in_strict_mode(out, content):
    assert any(check.startswith("stale ") for _, check in failures(out, content, strict=True))


def test_a_changed_qr_target_in_the_manifest(out, content):
    data = manifest(out)
    entry = next(f for f in data["files"] if f["path"] == "card-help/card-help-en.pdf")
    entry["qr"] = ["tel:+4722331106"]
    save(out, data)
    found = failures(out, content)
    assert found == {
        (
            "card-help/card-help-en.pdf",
            "qr targets",
        ): "decoded ['tel:+4722331160'], manifest ['tel:+4722331106'], content ['tel:+4722331160']"
    }


def test_a_digit_changed_in_the_content_after_the_build(out, project_copy, tmp_path):
    contacts = project_copy.content / "contacts.yaml"
    edit(contacts, '"+4722331160"', '"+4722331106"')
    edit(contacts, '"22 33 11 60"', '"22 33 11 06"')
    content = load_content(project_copy.root)
    found = failures(out, content)
    for path in [
        "card-help/card-help-en.pdf",
        "card-professional/card-professional-ar.pdf",
        "poster/poster-en-A4.pdf",
    ]:
        assert found[(path, "number rosa")] == (
            "22 33 11 06 (+4722331106) is not printed on one line in order"
        )
        assert "content ['tel:+4722331106']" in found[(path, "qr targets")]


def test_a_swapped_file(out, content):
    shutil.copy(out / "card-help" / "card-help-nb.pdf", out / "card-help" / "card-help-en.pdf")
    found = failures(out, content)
    # The Norwegian card also reads back in Norwegian, not in English (test_output_hostile.py
    # edits the manifest's sha256 to match and still catches it).
    assert list(found) == [
        ("card-help/card-help-en.pdf", "sha256"),
        ("card-help/card-help-en.pdf", "text ui:help.outer_title (en)"),
        ("card-help/card-help-en.pdf", "text ui:help.q1 (en)"),
    ]
    assert found[("card-help/card-help-en.pdf", "sha256")].endswith("…")


def test_a_contact_removed_from_the_manifest(out, content):
    data = manifest(out)
    entry = next(
        f for f in data["files"] if f["path"] == "card-professional/card-professional-nb.pdf"
    )
    entry["contacts"].remove("filemon")
    save(out, data)
    found = failures(out, content)
    assert list(found) == [("card-professional/card-professional-nb.pdf", "contacts listed")]


def test_a_contact_missing_from_the_page(out, project_copy):
    # The content now asks for a contact the printed card does not carry.
    products = project_copy.content / "products.yaml"
    edit(
        products,
        "  - id: card-help\n    directory: [emergency, alarmtelefonen]",
        "  - id: card-help\n    directory: [emergency, alarmtelefonen, filemon]",
    )
    found = failures(out, load_content(project_copy.root))
    assert found[("card-help/card-help-en.pdf", "number filemon")] == (
        "474 66 480 (+4747466480) is not printed on one line in order"
    )


def _replace(out, rel, pdf_bytes):
    (out / rel).write_bytes(pdf_bytes)
    data = manifest(out)
    entry = next(f for f in data["files"] if f["path"] == rel)
    entry["sha256"] = hashlib.sha256(pdf_bytes).hexdigest()
    save(out, data)


def test_a_font_gap_and_text_outside_the_card(out, content):
    # A hand-made "card" with a character no font has, text too small, and text off the edge.
    html = (
        "<style>@page { size: 85.6mm 54mm; bleed: 3mm; margin: 0 } body { margin: 0 }"
        "p { font-family: 'Noto Sans'; font-size: 6pt; margin: 1mm }</style>"
        "<p>22 33 11 60 \ue000</p><p style='page-break-before: always'>x</p>"
    )
    _replace(out, "card-help/card-help-en.pdf", weasyprint.HTML(string=html).write_pdf())
    found = failures(out, content)
    keys = {check for (path, check) in found if path == "card-help/card-help-en.pdf"}
    assert {"glyphs", "type size", "safe zone", "qr targets"} <= keys
    assert found[("card-help/card-help-en.pdf", "glyphs")] == "1 glyph(s) drawn as an empty box"


def test_wrong_page_size_is_caught(out, content):
    html = "<style>@page { size: A4 }</style><p>22 33 11 60</p><p style='break-before: page'>.</p>"
    _replace(out, "card-help/card-help-en.pdf", weasyprint.HTML(string=html).write_pdf())
    assert ("card-help/card-help-en.pdf", "boxes") in failures(out, content)


def test_cli_table_json_and_exit_codes(out, repo_project):
    runner = CliRunner()
    ok = runner.invoke(main, ["--root", str(repo_project.root), "verify", str(out)])
    assert ok.exit_code == 0, ok.output
    last = ok.output.splitlines()[-1]
    assert last.startswith("7 file(s), ") and ": 0 failed, " in last
    shutil.copy(out / "card-help" / "card-help-nb.pdf", out / "card-help" / "card-help-en.pdf")
    bad = runner.invoke(main, ["--root", str(repo_project.root), "verify", str(out), "--json"])
    assert bad.exit_code == 1
    data = json.loads(bad.output)
    assert data["ok"] is False
    assert [f["check"] for f in data["findings"] if not f["ok"] and f["severity"] == "error"] == [
        "sha256",
        "text ui:help.outer_title (en)",
        "text ui:help.q1 (en)",
    ]
    one = runner.invoke(
        main,
        ["--root", str(repo_project.root), "verify", str(out / "card-help" / "card-help-nb.pdf")],
    )
    assert one.exit_code == 0
    assert one.output.splitlines()[-1].startswith("1 file(s), ")


def test_verify_refuses_a_folder_without_manifest(tmp_path, repo_project):
    result = CliRunner().invoke(main, ["--root", str(repo_project.root), "verify", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == f"Error: {tmp_path} has no manifest.json; build into it first\n"


def test_build_refuses_to_publish_what_does_not_verify(project_copy, tmp_path, monkeypatch):
    # Sabotage the QR code after rendering: the build must stop before publishing anything.
    from generator.errors import VerificationError
    from generator.render import qr as qr_module

    real = qr_module.make_qr
    monkeypatch.setattr(
        "generator.render.context.make_qr",
        lambda target, size, label: real("tel:+4700000000", size, label),
    )
    out = tmp_path / "o"
    with pytest.raises(VerificationError, match=r"qr targets: decoded \['tel:\+4700000000'\]"):
        build(
            project_copy,
            BuildOptions(products=["card-help"], langs=["nb"], out=out),
            BufferReporter(),
        )
    assert not any(out.rglob("*.pdf"))


# -- One planted defect for each check -----------------------------------------------------------
#
# Every check verify makes is named in verify.CHECKS. For each, a defect planted in a copy of a
# good build makes it fail; a check added to CHECKS without one here fails the suite, and a
# finding under a name CHECKS does not have cannot be made.

EN = "card-help/card-help-en.pdf"


def _entry(out, rel=EN, **fields):
    data = manifest(out)
    entry = next(f for f in data["files"] if f["path"] == rel)
    entry.update(fields)
    save(out, data)


def _qr_page(out, body):
    """The help card's inner face replaced by a hand-made one carrying `body` (positioned)."""
    with_page(out, EN, 1, card_page("<p>Emergency <b>112</b> Children <b>116 111</b></p>" + body))


def _qr(symbol_mm, left_mm, top_mm, target="tel:+4722331160"):
    svg = make_qr(target, symbol_mm, "QR").svg
    return f"<div style='position: absolute; left: {left_mm}mm; top: {top_mm}mm'>{svg}</div>"


def _no_font_program(out):
    """The first font of the card's first page left without its embedded program."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(out / EN))
    font = next(iter(writer.pages[0]["/Resources"]["/Font"].values())).get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    del descriptor[pypdf.generic.NameObject("/FontFile2")]
    buffer = io.BytesIO()
    writer.write(buffer)
    publish(out, EN, buffer.getvalue())


def _changed_content(project, old, new, file="contacts.yaml"):
    edit(project.content / file, old, new)
    return load_content(project.root)


def _course_pack(folder):
    """The example course pack, built into `folder`: its session folder."""
    session = REPO / "content" / "course" / "example-session.yaml"
    result = helpkit(REPO, "course", "build", session, "--out", folder, "--quiet")
    assert result.exit_code == 0, result.output
    return folder / "course" / "eksempel-2026-12-03"


def _plant(kind, out, project):
    """Plant the defect for `kind` in `out`; what verify then fails."""
    content = load_content(project.root)
    targets = [out / EN]
    strict = False
    if kind == "manifest entry":
        _entry(out, path="/etc/passwd")
        targets = [out]
    elif kind == "listed":
        shutil.copy(out / EN, out / "card-help" / "copy.pdf")
        targets = [out]
    elif kind == "profile":
        _entry(out, profile={"id": "gone", "sha256": "0" * 64, "logo_sha256": None})
    elif kind == "manifest":
        _entry(out, product="card-gone")
    elif kind == "file":
        (out / EN).unlink()
        targets = [out]
    elif kind == "sha256":
        with (out / EN).open("ab") as pdf:
            pdf.write(b"\n")
    elif kind == "readers":
        publish(out, EN, b"%PDF-1.7\nnot a PDF after all\n")
    elif kind == "pages":
        _entry(out, pages=3)
    elif kind == "size":
        _entry(out, size="A5")
    elif kind == "boxes":
        a4 = "<style>@page { size: A4 }</style><p>Call 22 33 11 60</p>"
        with_page(out, EN, 0, weasyprint.HTML(string=a4).write_pdf())
    elif kind == "fonts":
        _no_font_program(out)
    elif kind == "glyphs":
        with_page(out, EN, 0, card_page("<p>Call 22 33 11 60 \ue000</p>"))
    elif kind == "type size":
        with_page(out, EN, 0, card_page("<p style='font-size: 6pt'>Call 22 33 11 60</p>"))
    elif kind == "safe zone":
        edge = "<p style='position: absolute; left: 0.5mm; top: 0.5mm'>Call 22 33 11 60</p>"
        with_page(out, EN, 0, card_page(edge))
    elif kind == "language":
        _entry(out, lang="xx", langs=["xx"])
    elif kind == "text {text} ({lang})":
        publish(out, EN, (out / "card-help" / "card-help-nb.pdf").read_bytes())
    elif kind == "face {page}":
        with_page(out, EN, 0, card_page("<h1>Health and help</h1>"))
    elif kind == "contacts listed":
        _entry(out, contacts=["rosa"])
    elif kind == "number {contact}":
        edit(project.content / "contacts.yaml", '"+4722331160"', '"+4722331106"')
        content = _changed_content(project, '"22 33 11 60"', '"22 33 11 06"')
    elif kind == "number {contact} clear":
        over = "<p style='position: absolute; left: 5mm; top: 5mm'>X</p>"
        with_page(out, EN, 0, card_page("<p>22 33 11 60</p>" + over))
    elif kind == "web {contact}":
        content = _changed_content(
            project, "web: https://barnevernvakten.no", "web: https://barnevern.example.no"
        )
        targets = [out / "card-professional" / "card-professional-en.pdf"]
    elif kind == "stale {contact}":
        strict = True  # and a day past every review_by (below)
    elif kind == "qr {target} safe zone":
        _qr_page(out, _qr(20, 64, 0))  # over the card's edge
    elif kind == "qr {target} 300 dpi":
        # A 3.5 mm code in the quiet zone of a 30 mm one: too small to be found at the finding
        # resolution, it decodes at 300 dpi beside the code it crowds.
        _qr_page(out, _qr(30, 40, 7) + _qr(3.5, 74.4, 41.2, "tel:112"))
    elif kind == "qr {target} 150 dpi blurred":
        _qr_page(out, _qr(7, 45, 10))  # found sharp, lost when blurred
    elif kind == "qr {target} quiet zone":
        bar = (
            "<div style='position: absolute; left: 69.5mm; top: 15mm; width: 1mm; height: 15mm; "
            "background: black'></div>"
        )
        _qr_page(out, _qr(20, 45, 10) + bar)
    elif kind == "qr targets":
        _entry(out, qr=["tel:+4722331106"])
    elif kind in ("course key text", "course numbers", "tagged"):
        pack = _course_pack(out / "packs")
        targets = [pack]
        if kind == "course key text":  # the trainer's guide handed out as the workbook
            guide = (pack / "nb" / "facilitator-guide.pdf").read_bytes()
            publish(pack, "nb/workbook.pdf", guide)
            _entry(
                pack, "nb/workbook.pdf", pages=pypdf.PdfReader(io.BytesIO(guide)).get_num_pages()
            )
        elif kind == "course numbers":  # a digit of ROSA's number reversed on the contact sheet
            page = "<style>@page { size: A4 }</style><p>ROSA 22 33 11 06</p>"
            with_page(pack, "nb/contact-sheet.pdf", 0, weasyprint.HTML(string=page).write_pdf())
        else:  # the workbook written without its structure tree
            plain = weasyprint.HTML(string="<p lang='nb'>Deltakerhefte</p>").write_pdf()
            publish(pack, "nb/workbook.pdf", plain)
            _entry(pack, "nb/workbook.pdf", pages=1)
    else:
        pytest.fail(f"no planted defect makes verify's check {kind!r} fail: add one to _plant")
    today = dt.date(2100, 1, 1) if strict else None
    return verify(targets, content, strict=strict, today=today).failures


@pytest.mark.parametrize("kind", CHECKS)
def test_each_check_fails_on_its_planted_defect(out, project_copy, kind):
    failures = _plant(kind, out, project_copy)
    assert kind in {check_kind(f.check) for f in failures}, failures


def test_a_finding_is_made_only_under_a_check_verify_has():
    assert check_kind("number rosa") == "number {contact}"
    assert check_kind("number rosa clear") == "number {contact} clear"
    assert check_kind("qr tel:+4722331160 150 dpi blurred") == "qr {target} 150 dpi blurred"
    assert check_kind("text section:acute:question (ar)") == "text {text} ({lang})"
    with pytest.raises(ValueError, match="verify has no check named 'numbers rosa'"):
        Finding("card-help/card-help-en.pdf", "numbers rosa", True, "")
