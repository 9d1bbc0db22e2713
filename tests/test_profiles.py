"""Organisation profiles: validated like the national content, logos treated as hostile input."""

from __future__ import annotations

import io
import json
import os
import shutil

import pytest
from PIL import Image

from generator import pdfread
from generator.content.load import load_content
from generator.errors import ContentError
from tests.conftest import REPO
from tests.helpers import build_one, helpkit

PROFILE = """\
id: {id}
name: Testklinikken
{extra}
sources:
  - id: klinikk-web
    title: Testklinikken kontakt
    publisher: Testklinikken
    url: https://klinikk.example.no/kontakt
    read: 2026-11-01
contacts:
  - id: {cid}
    kind: service
    name: {cname}
    phones:
      - number: "{number}"
        display: "{display}"
    source: klinikk-web
    verified_on: 2026-11-01
    review_by: 2027-11-01
show:
  {product}: [{cid}]
"""


def write_profile(project, pid="testklinikken", file=None, **fields):
    values = {
        "id": pid,
        "extra": "",
        "cid": "klinikk-sosial",
        "cname": "Sosialtjenesten",
        "number": "+4723487000",
        "display": "23 48 70 00",
        "product": "card-professional",
    }
    values.update(fields)
    path = project.content / "profiles" / f"{file or pid}.yaml"
    path.write_text(PROFILE.format(**values))
    return path


def problems(project):
    with pytest.raises(ContentError) as info:
        load_content(project.root)
    return [str(p) for p in info.value.problems]


def test_the_example_profile_loads(content):
    profile = content.profiles["eksempelklinikken"]
    assert profile.example and not profile.outer_face
    assert profile.logo is not None and profile.logo.media_type == "image/svg+xml"
    assert profile.contacts["legevakt"].phones[0].canonical == "116117"
    assert profile.show["card-professional"] == ("legevakt",)
    applied = content.applied("eksempelklinikken")
    assert applied.products["card-professional"].directory[-1] == "legevakt"
    assert applied.contacts["legevakt"] is profile.contacts["legevakt"]
    # The national content is untouched.
    assert "legevakt" not in content.contacts
    assert "legevakt" not in content.products["card-professional"].directory


def test_a_valid_profile_loads(project_copy):
    write_profile(project_copy)
    loaded = load_content(project_copy.root).profiles["testklinikken"]
    assert loaded.contacts["klinikk-sosial"].phones[0].display == "23 48 70 00"
    assert len(loaded.sha256) == 64


P = "content/profiles/testklinikken.yaml"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"id": "Test Klinikk", "file": "testklinikken"},
            f"{P}:1: id: 'Test Klinikk' must be lower-case letters, digits and hyphens "
            "(a folder name)",
        ),
        (
            {"id": "annen", "file": "testklinikken"},
            f"{P}:1: id: 'annen' must be the file's name (testklinikken.yaml)",
        ),
        (
            {"cid": "rosa"},
            f"{P}:11: contacts: 'rosa' is a national contact's id; a local contact needs its own",
        ),
        (
            {"product": "card-hlep"},
            f"{P}:21: show.card-hlep: 'card-hlep' is not a product; known: card-professional, "
            "card-help, poster, poster-staff, handout",
        ),
        (
            {"number": "+4712345678", "display": "12 34 56 78"},
            f"{P}:15: contacts[0].phones[0].number: '+4712345678' is not a valid phone number",
        ),
        (
            {"display": "23 48 70 01"},
            f"{P}:16: contacts[0].phones[0].display: display '23 48 70 01' has the digits "
            "23487001, but the number +4723487000 is dialled as 23487000 in Norway",
        ),
        (
            {"cname": "Ring 23-48-70-00"},
            f"{P}:13: contacts[0].name: contains the digits '23-48-70-00', which a reader could "
            "dial; phone numbers come from contacts.yaml, never from text",
        ),
        (
            {"extra": "logo: ../secret.svg"},
            f"{P}:3: logo: '../secret.svg' must be the name of an .svg or .png file beside the "
            "profile",
        ),
        (
            {"extra": "logo: missing.svg"},
            f"{P}:3: logo: content/profiles/missing.svg is missing",
        ),
        (
            {"extra": "outer_face: ja"},
            f"{P}:3: outer_face: must be true or false, not text",
        ),
        (
            {"extra": "colour: red"},
            f"{P}:3: colour: is not a known field",
        ),
    ],
)
def test_a_broken_profile_is_refused_with_file_line_and_field(project_copy, fields, expected):
    write_profile(project_copy, **fields)
    assert expected in problems(project_copy)


def test_show_may_only_name_the_profiles_own_contacts(project_copy):
    path = write_profile(project_copy)
    path.write_text(path.read_text().replace("[klinikk-sosial]", "[klinikk-sosial, police]"))
    assert problems(project_copy) == [
        f"{P}:21: show.card-professional: 'police' is not a contact of this profile"
    ]


def test_a_local_contact_with_claims_needs_a_basis(project_copy):
    path = write_profile(project_copy)
    path.write_text(
        path.read_text().replace(
            "    source: klinikk-web", "    offers: Hjelp hele døgnet.\n    source: klinikk-web"
        )
    )
    found = problems(project_copy)
    assert any(p.startswith(f"{P}:11: contacts[0].basis: is required") for p in found), found


def test_a_profile_source_cannot_take_a_national_id(project_copy):
    path = write_profile(project_copy)
    path.write_text(
        path.read_text()
        .replace("id: klinikk-web", "id: guidance-page", 1)
        .replace("source: klinikk-web", "source: guidance-page")
    )
    assert (
        f"{P}:5: sources: 'guidance-page' is a source in sources.yaml; give it another id"
    ) in problems(project_copy)


def test_a_profile_that_is_a_fifo_does_not_hang(project_copy):
    os.mkfifo(project_copy.content / "profiles" / "fifo.yaml")
    assert problems(project_copy) == [
        "content/profiles/fifo.yaml: is a named pipe (FIFO), not a file"
    ]


# ----------------------------------------------------------------------------- logos

SVG_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'viewBox="0 0 10 10">\n'
)

SVG_ATTACKS = {
    "script element": (
        SVG_HEAD + "<script>alert(1)</script></svg>",
        2,
        "has a <script> element, which a logo does not need and could run code or load files; "
        "save the logo as plain shapes",
    ),
    "event attribute": (
        SVG_HEAD + '<rect onload="alert(1)" width="1" height="1"/></svg>',
        2,
        "has an event attribute onload= (a script); remove it",
    ),
    "external image": (
        SVG_HEAD + '<image href="https://evil.example/x.png"/></svg>',
        2,
        "has a <image> element, which a logo does not need and could run code or load files; "
        "save the logo as plain shapes",
    ),
    "use of a file": (
        SVG_HEAD + '<use xlink:href="file:///etc/passwd#x"/></svg>',
        2,
        "links to 'file:///etc/passwd#x'; a logo may only refer to its own parts (#id)",
    ),
    "href to the network": (
        SVG_HEAD + '<use href="https://evil.example/a.svg#x"/></svg>',
        2,
        "links to 'https://evil.example/a.svg#x'; a logo may only refer to its own parts (#id)",
    ),
    "foreignObject": (
        SVG_HEAD + "<foreignObject><p>hi</p></foreignObject></svg>",
        2,
        "has a <foreignObject> element, which a logo does not need and could run code or load "
        "files; save the logo as plain shapes",
    ),
    "style element": (
        SVG_HEAD + "<style>@import url(https://evil.example/x.css);</style></svg>",
        2,
        "has a <style> element, which a logo does not need and could run code or load files; "
        "save the logo as plain shapes",
    ),
    "url to the network in a fill": (
        SVG_HEAD + '<rect fill="url(https://evil.example/p.svg#g)" width="1" height="1"/></svg>',
        2,
        "refers to 'https://evil.example/p.svg#g' in fill=; a logo may only refer to its own "
        "parts (url(#id))",
    ),
    "javascript in a style": (
        SVG_HEAD + '<rect style="fill: javascript:alert(1)" width="1" height="1"/></svg>',
        2,
        "has a script or an import in style=; remove it",
    ),
    "animation rewriting an href": (
        SVG_HEAD + '<set attributeName="href" to="https://evil.example"/></svg>',
        2,
        "has a <set> element, which a logo does not need and could run code or load files; "
        "save the logo as plain shapes",
    ),
    "entity bomb": (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>\n'
        + SVG_HEAD
        + "&a;</svg>",
        2,
        "has a DOCTYPE (entities can expand without bound); remove it",
    ),
    "an HTML page": (
        "<html><body>hi</body></html>",
        1,
        "is not an SVG drawing: its root is not <svg>",
    ),
    "broken XML": (
        SVG_HEAD + "<rect></svg>",
        2,
        "is not well-formed XML: mismatched tag",
    ),
}


@pytest.mark.parametrize("attack", sorted(SVG_ATTACKS))
def test_an_svg_logo_with_anything_but_drawing_is_refused_with_its_line(project_copy, attack):
    svg, line, message = SVG_ATTACKS[attack]
    (project_copy.content / "profiles" / "logo.svg").write_text(svg)
    write_profile(project_copy, extra="logo: logo.svg")
    found = problems(project_copy)
    assert found == [f"content/profiles/logo.svg:{line}: {message}"], found


def test_a_huge_svg_is_refused_before_parsing(project_copy):
    (project_copy.content / "profiles" / "logo.svg").write_text(
        SVG_HEAD + "<g>" * 10 + "<!--" + "x" * 400_000 + "-->" + "</g>" * 10 + "</svg>"
    )
    write_profile(project_copy, extra="logo: logo.svg")
    (found,) = problems(project_copy)
    assert found.startswith(f"{P}:3: logo: content/profiles/logo.svg is ")
    assert found.endswith("bytes; files like it are limited to 300000")


def test_a_logo_that_links_out_of_the_project_is_refused(project_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "logo.svg"
    outside.write_text(SVG_HEAD + "</svg>")
    (project_copy.content / "profiles" / "logo.svg").symlink_to(outside)
    write_profile(project_copy, extra="logo: logo.svg")
    assert problems(project_copy) == [
        f"{P}:3: logo: content/profiles/logo.svg is a symlink to {outside}, outside the project; "
        "copy the file into the project instead"
    ]


def _png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_png_logo_loads_with_its_size(project_copy):
    (project_copy.content / "profiles" / "logo.png").write_bytes(_png(600, 200))
    write_profile(project_copy, extra="logo: logo.png")
    logo = load_content(project_copy.root).profiles["testklinikken"].logo
    assert logo is not None and (logo.width_px, logo.height_px) == (600, 200)
    assert logo.data_uri.startswith("data:image/png;base64,")
    assert round(logo.dpi_at_print or 0) == 381


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"GIF89a not a png", "is not a PNG file (its first bytes are not PNG's signature)"),
        (_png(10, 10)[:40], "is not a readable PNG"),
    ],
)
def test_a_png_that_is_not_one_is_refused(project_copy, data, expected):
    (project_copy.content / "profiles" / "logo.png").write_bytes(data)
    write_profile(project_copy, extra="logo: logo.png")
    (found,) = problems(project_copy)
    assert found.startswith(f"{P}:3: logo: content/profiles/logo.png {expected}"), found


# ----------------------------------------------------------------------------- building

EXAMPLE_NB = "EKSEMPEL \u2013 ikke for trykking"
EXAMPLE_EN = "EXAMPLE \u2013 not for printing"


def _flat(text):
    return " ".join(text.split())


@pytest.fixture(scope="module")
def example_build(tmp_path_factory):
    """Every product in nb, en and ar, built with the example profile (ar has no handout)."""
    out = tmp_path_factory.mktemp("profile")
    for product, langs in [
        ("card-help", "nb,en,ar"),
        ("card-professional", "nb,en,ar"),
        ("poster", "nb,ar"),
        ("poster-staff", "en,ar"),
        ("handout", "en"),
    ]:
        result = build_one(REPO, product, langs, out, "--profile", "eksempelklinikken", "-j", "1")
        assert result.exit_code == 0, result.output
    return out


def test_a_profile_builds_under_its_own_folder_and_the_manifest_says_which(example_build):
    entries = json.loads((example_build / "manifest.json").read_text())["files"]
    assert entries, "nothing built"
    for entry in entries:
        assert entry["path"].startswith("eksempelklinikken/"), entry["path"]
        assert entry["profile"]["id"] == "eksempelklinikken"
        assert len(entry["profile"]["sha256"]) == 64
        assert len(entry["profile"]["logo_sha256"]) == 64
    pro = next(e for e in entries if e["path"].endswith("card-professional-nb.pdf"))
    assert "legevakt" in pro["contacts"]


def test_every_page_of_an_example_says_so_in_the_language_and_in_norwegian(example_build):
    pdfs = sorted(example_build.rglob("*.pdf"))
    assert len(pdfs) == 15
    for pdf in pdfs:
        lang = (
            pdf.stem.split("-")[-2] if pdf.stem.endswith(("A4", "A3")) else pdf.stem.split("-")[-1]
        )
        for page in range(pdfread.page_count(pdf)):
            # Word by word: a right-to-left page's text layer keeps words, not their order.
            words = set(_flat(pdfread.text(pdf, page)).split())
            assert set(EXAMPLE_NB.split()) <= words, (pdf.name, page)
            if lang == "en":
                assert set(EXAMPLE_EN.split()) <= words, (pdf.name, page)


def test_the_local_number_is_printed_on_one_line_and_verified(example_build):
    pdf = example_build / "eksempelklinikken" / "card-professional" / "card-professional-ar.pdf"
    assert pdfread.on_one_line(pdf, "116 117")
    result = helpkit(REPO, "verify", example_build)
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_the_help_cards_outer_face_stays_neutral_by_default(example_build):
    pdf = example_build / "eksempelklinikken" / "card-help" / "card-help-nb.pdf"
    assert "Eksempelklinikken" not in pdfread.text(pdf, 0)
    assert "Eksempelklinikken" in pdfread.text(pdf, 1)


def test_outer_face_true_puts_the_name_on_the_outer_face(project_copy, tmp_path):
    path = project_copy.content / "profiles" / "eksempelklinikken.yaml"
    path.write_text(path.read_text().replace("outer_face: false", "outer_face: true"))
    out = tmp_path / "out"
    result = build_one(project_copy.root, "card-help", "nb", out, "--profile", "eksempelklinikken")
    assert result.exit_code == 0, result.output
    pdf = out / "eksempelklinikken" / "card-help" / "card-help-nb.pdf"
    assert "Eksempelklinikken" in pdfread.text(pdf, 0)


def test_a_local_qr_code_calls_the_local_number(project_copy, tmp_path):
    write_profile(project_copy, product="handout")
    path = project_copy.content / "profiles" / "testklinikken.yaml"
    path.write_text(path.read_text() + "qr:\n  handout: [klinikk-sosial]\n")
    out = tmp_path / "out"
    result = build_one(project_copy.root, "handout", "nb", out, "--profile", "testklinikken")
    assert result.exit_code == 0, result.output
    pdf = out / "testklinikken" / "handout" / "handout-nb-A4.pdf"
    targets = {q.text for q in pdfread.qr_codes(pdf, 0)}
    assert targets == {"tel:+4722331160", "tel:+4723487000"}
    assert any(pdfread.on_one_line(pdf, "23 48 70 00") for _ in [0])


def test_a_local_qr_code_is_refused_where_there_is_no_room(project_copy):
    write_profile(project_copy)
    path = project_copy.content / "profiles" / "testklinikken.yaml"
    path.write_text(path.read_text() + "qr:\n  card-professional: [klinikk-sosial]\n")
    assert problems(project_copy) == [
        f"{P}:23: qr.card-professional: card-professional has room for one QR code, ROSA's; a "
        "local QR code fits on: handout"
    ]


def test_a_column_that_runs_off_the_card_is_refused_not_cut(project_copy, tmp_path):
    """WeasyPrint cuts an absolutely placed column silently: the fit check must not."""
    write_profile(project_copy)
    path = project_copy.content / "profiles" / "testklinikken.yaml"
    more = "".join(
        f"  - id: lokal-{i}\n    kind: service\n    name: Lokal tjeneste nummer {i}\n"
        f'    phones:\n      - number: "+472348700{i}"\n        display: "23 48 70 0{i}"\n'
        "    source: klinikk-web\n    verified_on: 2026-11-01\n    review_by: 2027-11-01\n"
        for i in range(1, 6)
    )
    text = path.read_text().replace("show:\n", more + "show:\n")
    ids = ", ".join(["klinikk-sosial"] + [f"lokal-{i}" for i in range(1, 6)])
    path.write_text(text.replace("[klinikk-sosial]", f"[{ids}]"))
    out = tmp_path / "out"
    args = ("--profile", "testklinikken", "--no-verify")
    result = build_one(project_copy.root, "card-professional", "nb", out, *args)
    assert result.exit_code == 1
    assert result.output == (
        "Error: card-professional (nb): page 2: '23 48 70 01' runs 2.0 mm past the bottom of "
        "the safe zone; shorten the text\n"
    )


def test_without_a_profile_the_files_are_the_same_bytes(project_copy, tmp_path):
    """Profiles in content/ change nothing for a build that does not ask for one."""
    with_profiles = tmp_path / "with"
    assert build_one(project_copy.root, "card-help", "ar", with_profiles).exit_code == 0
    shutil.rmtree(project_copy.content / "profiles")
    without = tmp_path / "without"
    assert build_one(project_copy.root, "card-help", "ar", without).exit_code == 0
    rel = "card-help/card-help-ar.pdf"
    assert (with_profiles / rel).read_bytes() == (without / rel).read_bytes()
    entry = json.loads((without / "manifest.json").read_text())["files"][0]
    assert "profile" not in entry


def test_an_unknown_profile_is_a_usage_error(tmp_path):
    result = build_one(REPO, "card-help", "nb", tmp_path, "--profile", "oslo")
    assert result.exit_code == 2
    assert result.output == "Error: unknown profile 'oslo'; known: eksempelklinikken\n"


def test_a_name_too_long_for_the_card_fails_naming_it(project_copy, tmp_path):
    long = "Det interkommunale legevaktsamarbeidet for Nedre Romerike og Follo avdeling sør"
    write_profile(project_copy)
    path = project_copy.content / "profiles" / "testklinikken.yaml"
    path.write_text(path.read_text().replace("name: Testklinikken", f"name: {long} {long}"))
    result = build_one(
        project_copy.root, "card-help", "nb", tmp_path / "o", "--profile", "testklinikken"
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: card-help (nb): page 2: 'Det interkommunale legevaktsamarbeidet for Nedre "
        "Romerike o…' takes 6 lines where there is room for 1; shorten it\n"
    )
    assert not (tmp_path / "o" / "testklinikken").exists()


def test_verify_fails_when_the_profile_changed_after_the_build(project_copy, tmp_path):
    write_profile(project_copy)
    out = tmp_path / "out"
    args = ("--profile", "testklinikken")
    assert build_one(project_copy.root, "card-professional", "nb", out, *args).exit_code == 0
    path = project_copy.content / "profiles" / "testklinikken.yaml"
    path.write_text(path.read_text().replace("Sosialtjenesten", "Sosialkontoret"))
    result = helpkit(project_copy.root, "verify", out)
    assert result.exit_code == 1
    assert (
        "the profile 'testklinikken' (or its logo) changed after this file was built; build it "
        "again so what is printed is what the profile says"
    ) in result.output


def test_check_warns_about_an_example_profile_and_strict_refuses_it(project_copy):
    result = helpkit(project_copy.root, "check")
    assert (
        "warning: content/profiles/eksempelklinikken.yaml: profile 'eksempelklinikken' is an "
        "example (example: true); every page built with it is marked EXAMPLE. Make your "
        "organisation's own profile before printing"
    ) in result.output
    assert helpkit(project_copy.root, "check", "--strict").exit_code == 1


def test_list_profiles(project_copy):
    write_profile(project_copy)
    result = helpkit(project_copy.root, "list", "profiles")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "eksempelklinikken      Eksempelklinikken  (1 local contact(s), "
        "content/profiles/eksempelklinikken.svg)  EXAMPLE",
        "testklinikken          Testklinikken  (1 local contact(s), no logo)",
    ]


def test_check_warns_about_a_png_logo_too_coarse_for_print(project_copy):
    (project_copy.content / "profiles" / "logo.png").write_bytes(_png(200, 80))
    write_profile(project_copy, extra="logo: logo.png")
    # A profile's texts are translatable: the catalogs take them in first.
    assert helpkit(project_copy.root, "i18n", "update").exit_code == 0
    result = helpkit(project_copy.root, "check")
    assert result.exit_code == 0, result.output
    assert (
        "warning: content/profiles/logo.png: 200 pixels wide is 127 dpi at 40 mm, the widest a "
        "logo is printed; print needs 300 dpi (472 pixels), or use SVG"
    ) in result.output
