"""Content loading: the real content loads; every kind of bad input is reported precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content.load import load_content
from generator.errors import ContentError
from tests.conftest import FIXTURES

BAD = FIXTURES / "bad"
ROOT = Path(__file__).resolve().parent.parent

# fixture file -> the exact problems it must produce (file:line: field: message)
EXPECTED = {
    "contacts--syntax-error.yaml": [
        "content/contacts.yaml:6: YAML error: expected ',' or ']', but got ':'"
    ],
    "contacts--wrong-type.yaml": [
        "content/contacts.yaml:5: contacts[0].offers: must be text, not a number (5)"
    ],
    "contacts--unknown-key.yaml": [
        "content/contacts.yaml:6: contacts[0].opening_hours: is not a known field"
    ],
    "contacts--duplicate-id.yaml": [
        "content/contacts.yaml:25: contacts[2].id: 'rosa' is used twice (first at line 2)"
    ],
    "contacts--duplicate-key.yaml": ['content/contacts.yaml:5: YAML error: duplicate key "name"'],
    "contacts--invalid-number.yaml": [
        "content/contacts.yaml:7: contacts[0].phones[0].number: "
        "'+4722331' is not a valid phone number"
    ],
    "contacts--display-digits.yaml": [
        "content/contacts.yaml:8: contacts[0].phones[0].display: display '22 33 11 06' has the "
        "digits 22331106, but the number +4722331160 is dialled as 22331160 in Norway"
    ],
    "contacts--http-web.yaml": [
        "content/contacts.yaml:9: contacts[0].web: 'http://rosa-help.no' must be an https:// web "
        "address (like https://plikt.no)"
    ],
    "contacts--unquoted-number.yaml": [
        "content/contacts.yaml:19: contacts[1].phones[0].number: "
        "must be quoted text; YAML read 112 "
        "as a number (a leading zero or + would be lost)"
    ],
    "contacts--missing-field.yaml": ["content/contacts.yaml:14: contacts[1].kind: is required"],
    "contacts--unsourced.yaml": ["content/contacts.yaml:2: contacts[0].basis: is required"],
    "contacts--not-utf8.yaml": ["content/contacts.yaml:16: is not valid UTF-8 (byte 0xf8)"],
    "contacts--alias.yaml": [
        "content/contacts.yaml:20: uses a YAML alias; aliases are not allowed in content"
    ],
    "contacts--review-before-verified.yaml": [
        "content/contacts.yaml:24: contacts[1].review_by: must be after verified_on"
    ],
    "guidance--unknown-contact.yaml": [
        "content/guidance.yaml:7: sections[0].contacts: 'politi' is not in contacts.yaml"
    ],
    "guidance--typed-number.yaml": [
        "content/guidance.yaml:6: sections[0].action: contains the digits '22 33 11 60', which a "
        "reader could dial; phone numbers come from contacts.yaml, never from text",
    ],
    "guidance--misquoted.yaml": [
        "content/guidance.yaml:11: sections[0].basis[0].quote: is not found word for word in "
        "guidance-page's text; quote the passage exactly (only line breaks and repeated spaces "
        "may differ)"
    ],
    "guidance--unknown-source.yaml": [
        "content/guidance.yaml:11: sections[0].basis[0].source: 'wikipedia' is not listed in "
        "sources.yaml"
    ],
    "guidance--half-step.yaml": [
        "content/guidance.yaml:2: sections[0].action: a card step needs both question and action"
    ],
    "en--placeholder.po": [
        "content/translations/en.po:26: ui:qr.call: translation must keep the placeholders "
        "['name'], has []"
    ],
    "en--typed-number.po": [
        "content/translations/en.po:115: contact:rosa:offers: the translation contains the digits "
        "'22331160', which a reader could dial; phone numbers come from contacts.yaml, never "
        "from text"
    ],
}


def overlay(tmp_path: Path, fixture: str) -> Path:
    """The minimal valid project with one file replaced by a bad one."""
    shutil.copytree(FIXTURES / "minimal" / "content", tmp_path / "content")
    target = fixture.split("--")[0]
    dest = (
        tmp_path / "content" / "translations" / "en.po"
        if target == "en"
        else tmp_path / "content" / f"{target}.yaml"
    )
    shutil.copy(BAD / fixture, dest)
    return tmp_path


# Catalogs that load but cannot print: judged per product and language, not at load time.
GAPS = {
    "en--missing.po": [
        "content/translations/en.po: contact:rosa:offers: 'Hjelpetelefon.' is missing"
    ],
    "en--fuzzy.po": [
        "content/translations/en.po:116: contact:rosa:offers: 'Hjelpetelefon.' is fuzzy"
    ],
}


def test_every_bad_fixture_has_an_expectation():
    assert sorted(p.name for p in BAD.iterdir()) == sorted([*EXPECTED, *GAPS])


@pytest.mark.parametrize("fixture", sorted(GAPS))
def test_untranslated_strings_are_named_with_file_line_and_context(tmp_path, fixture):
    from generator.content.translations import gaps

    content = load_content(overlay(tmp_path, fixture))
    catalog = content.catalogs["en"]
    found = gaps(catalog, content.texts(), catalog.file)
    assert [g.describe(catalog.file) for g in found] == GAPS[fixture]


def test_real_content_loads(content):
    assert content.source_language == "nb"
    assert {
        "police",
        "emergency",
        "rosa",
        "filemon",
        "hts-oslo",
        "barnevernvakt",
        "alarmtelefonen",
        "bistandsadvokat",
        "nav",
        "udi",
        "kom",
        "caritas",
        "iom",
        "rett-til-a-bli-sett",
        "plikt",
    } <= set(content.contacts)
    assert {"acute", "minor", "adult", "alone", "duty", "not-trafficking", "advice"} == set(
        content.sections
    )
    assert len(content.languages) == 20
    assert "en" in content.catalogs


def test_real_numbers_are_the_pages_numbers(content):
    numbers = {cid: c.phone.canonical for cid, c in content.contacts.items() if c.phone}
    assert numbers == {
        "emergency": "112",
        "police": "+4702800",
        "rosa": "+4722331160",
        "filemon": "+4747466480",
        "hts-oslo": "+4799470279",
        "alarmtelefonen": "116111",
    }


def test_every_contact_keeps_its_source_and_no_invented_check_date(content):
    # The page's "Oppdatert 06.01.21" is when the page changed, not when anyone called the
    # services: no contact may claim a confirmation nobody made.
    for contact in content.contacts.values():
        assert contact.source.id == "guidance-page"
        assert contact.source.updated is not None
        assert contact.source.updated.isoformat() == "2021-01-06"
        assert contact.verified_on is None


def test_the_page_copy_is_the_seed_page():
    # content/sources/guidance-page.txt is what quotes are checked against: it must be the
    # guidance page itself, byte for byte (the seed in ../shared/, where it is present).
    seed = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))
    if not seed:
        pytest.skip("no ../shared/seed beside the checkout")
    copy = ROOT / "content" / "sources" / "guidance-page.txt"
    assert copy.read_bytes() == seed[0].read_bytes()


def test_every_printed_text_has_a_basis_quoted_from_a_named_source(content):
    page = " ".join((ROOT / "content/sources/guidance-page.txt").read_text("utf-8").split())
    course = content.course
    # What the course teaches is a claim; its cases are fiction, its questions ask, its wrong
    # options are wrong on purpose and its notes say how to run a session.
    taught = {t.context for m in course.modules for p in (*m.objectives, *m.key_points)
              for t in [p.text]} if course else set()  # fmt: skip
    if course:
        taught |= {t.context for s in course.scenarios for t in s.debrief}
        taught |= {t.context for q in course.quiz for t in (q.options[q.answer], *q.rationale)}
    for text in content.texts():
        if text.context.startswith("course:"):
            if text.context in taught:
                assert text.basis, text.context
        else:
            claim = text.context.startswith(("section:", "contact:")) and not text.context.endswith(
                (":name", ":short", ":title", ":plain")
            )
            if claim or text.source.rstrip().endswith((".", "?", "!")):
                assert text.basis or text.unconfirmed, text.context
        for basis in text.basis:
            assert basis.source in content.sources, text.context
            if basis.source == "guidance-page":
                assert basis.quote in page, (text.context, basis.quote)
    for source in content.sources.values():
        assert source.publisher and source.url.startswith("https://") and source.read


def test_minimal_fixture_is_valid():
    assert set(load_content(FIXTURES / "minimal").contacts) == {"rosa", "emergency"}


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_bad_input_is_reported_with_file_line_and_field(tmp_path, fixture):
    root = overlay(tmp_path, fixture)
    with pytest.raises(ContentError) as info:
        load_content(root)
    assert [str(p) for p in info.value.problems] == EXPECTED[fixture]


def test_all_problems_are_reported_at_once(tmp_path):
    root = overlay(tmp_path, "contacts--display-digits.yaml")
    shutil.copy(BAD / "guidance--unknown-contact.yaml", root / "content" / "guidance.yaml")
    with pytest.raises(ContentError) as info:
        load_content(root)
    files = {p.file for p in info.value.problems}
    assert files == {"content/contacts.yaml", "content/guidance.yaml"}
    assert str(info.value).startswith("2 problems in the content:\n")


def test_an_incomplete_catalog_still_loads(tmp_path):
    root = overlay(tmp_path, "en--missing.po")
    assert "en" in load_content(root).catalogs
