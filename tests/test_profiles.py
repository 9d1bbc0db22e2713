"""Organisation profiles: validated like the national content, logos treated as hostile input."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from generator.content.load import load_content
from generator.errors import ContentError

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

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n'

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
