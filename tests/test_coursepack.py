"""helpkit course build: the whole pack from one session file, read back."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from generator import pdfread
from generator.content.load import load_content
from generator.coursepack import KINDS, post_order
from generator.session import load_session
from generator.verify_course import letters, trainer_only
from tests.conftest import REPO
from tests.helpers import helpkit

SESSION = REPO / "content" / "course" / "example-session.yaml"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("course")
    result = helpkit(REPO, "course", "build", SESSION, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    return out / "course" / "eksempel-2026-12-03"


def _text(path):
    return " ".join(pdfread.text(path, i) for i in range(pdfread.page_count(path)))


def test_the_pack_has_every_file_and_the_manifest_names_their_kinds(pack):
    entries = json.loads((pack / "manifest.json").read_text())["files"]
    assert sorted(e["path"] for e in entries) == sorted(f"nb/{k}.pdf" for k in KINDS)
    assert {e["kind"] for e in entries} == set(KINDS)
    for entry in entries:
        assert entry["product"] == "course" and entry["lang"] == "nb"
        assert entry["pages"] == pdfread.page_count(pack / entry["path"])


def test_no_participant_file_carries_what_only_the_trainer_sees(pack, content):
    secrets = [letters(t) for t in trainer_only(content, "nb")]
    assert len(secrets) > 50  # debriefs, rationales and notes: the check has something to find
    guide = letters(_text(pack / "nb" / "facilitator-guide.pdf"))
    assert sum(s in guide for s in secrets) > 0.9 * len(secrets)  # the trainer's file has them
    for kind in ("workbook", "slides", "pre-test", "post-test", "evaluation", "contact-sheet"):
        flat = letters(_text(pack / "nb" / f"{kind}.pdf"))
        assert not [s for s in secrets if s in flat], kind
    assert "Riktig svar" not in _text(pack / "nb" / "pre-test.pdf")
    assert "Begrunnelse" not in _text(pack / "nb" / "post-test.pdf")


def test_the_post_test_orders_options_differently_and_the_key_follows(pack, content):
    session = load_session(SESSION, content)
    course = content.course
    orders = [post_order(session, item) for item in course.quiz]
    assert any(order != [0, 1, 2, 3] for order in orders)
    assert orders == [post_order(session, item) for item in course.quiz]  # reproducible
    post = _text(pack / "nb" / "post-test.pdf")
    item = course.quiz[0]
    first = item.options[orders[0][0]].source
    assert letters(first) in letters(post)
    # The answer key names the correct letter of each test: the post-test's follows the shuffle.
    key = _text(pack / "nb" / "answer-key.pdf")
    assert letters(item.stem.source) in letters(key)


def test_the_agenda_counts_from_the_start_and_adds_up(pack, content):
    guide = _text(pack / "nb" / "facilitator-guide.pdf")
    session = load_session(SESSION, content)
    end = dt.datetime.combine(session.date, session.start) + dt.timedelta(
        minutes=content.course.minutes
    )
    dash = "\u2013"
    assert f"09:00{dash}09:{content.course.modules[0].minutes:02}" in guide
    assert f"{dash}{end:%H:%M}" in guide


def test_slides_are_16_to_9_with_24_pt_text(pack):
    slides = pack / "nb" / "slides.pdf"
    box = pdfread.boxes(slides)[0]["mediabox"]
    width, height = box[2] - box[0], box[3] - box[1]
    assert abs(width / height - 16 / 9) < 0.001
    sizes = [
        g.size_pt for i in range(pdfread.page_count(slides)) for g in pdfread.glyphs(slides, i)
    ]
    assert min(sizes) >= 23.95


def test_every_number_in_the_pack_is_a_contacts_and_verify_proves_the_rest(pack):
    text = _text(pack / "nb" / "contact-sheet.pdf")
    assert "22 33 11 60" in text and "116 117" in text  # ROSA and the profile's legevakt
    result = helpkit(REPO, "verify", pack)
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("0 failed, 0 warning(s)")


def test_guide_and_workbook_are_tagged_in_their_language(pack):
    import pypdf

    for kind in ("facilitator-guide", "workbook"):
        root = pypdf.PdfReader(pack / "nb" / f"{kind}.pdf").trailer["/Root"]
        assert "/StructTreeRoot" in root
        assert root["/MarkInfo"]["/Marked"]
        assert str(root["/Lang"]) == "nb"


SESSION_TEXT = SESSION.read_text()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('start: "09:00"', 'start: "9 am"', "session.start: '9 am' must be a time like 09:00"),
        (
            "id: eksempel-2026-12-03",
            "id: ../../etc",
            "session.id: '../../etc' must be lower-case letters, digits and hyphens (a folder "
            "name)",
        ),
        (
            "organisation: eksempelklinikken",
            "organisation: oslo",
            "session.organisation: 'oslo' is not a profile; known: eksempelklinikken",
        ),
        ("languages: [nb]", "languages: [nb, xx]", "session.languages: 'xx' is not a language"),
        (
            "languages: [nb]",
            "languages: [nb]\n  modules: [innledning, hemmelig]",
            "session.modules: 'hemmelig' is not a module of the course",
        ),
        ("place: Eksempelklinikken, møterom 2", "place: Rom 22 33 11 06", "could dial"),
    ],
)
def test_a_broken_session_is_refused_naming_the_field(tmp_path, old, new, expected):
    assert old in SESSION_TEXT
    path = tmp_path / "session.yaml"
    path.write_text(SESSION_TEXT.replace(old, new))
    out = tmp_path / "out"
    result = helpkit(REPO, "course", "build", path, "--out", out)
    assert result.exit_code == 1
    assert result.output.startswith("Error: 1 problem in the session file:\n")
    assert expected in result.output
    assert str(path) in result.output
    assert not out.exists() or not any(out.rglob("*.pdf"))


def test_a_session_file_that_is_a_fifo_is_refused(tmp_path):
    path = tmp_path / "session.yaml"
    os.mkfifo(path)
    result = helpkit(REPO, "course", "build", path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{path}: is a named pipe (FIFO), not a file" in result.output


def test_a_language_without_the_course_translated_is_refused(tmp_path):
    path = tmp_path / "session.yaml"
    path.write_text(SESSION_TEXT.replace("languages: [nb]", "languages: [nb, pl]"))
    result = helpkit(REPO, "course", "build", path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output.startswith("Error: the course cannot be printed in pl (Polish): ")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.pdf"))


def test_the_course_uses_no_number_but_through_contacts(content):
    """The course source types no number: a debrief names contacts, which print them."""
    from generator.content.textguard import typed_number

    assert content.course is not None
    assert not [t.context for t in content.course.texts() if typed_number(t.source)]
    assert load_content(REPO).course.id == "menneskehandel-grunnkurs"


def _pdfua_errors(path):
    import pdfua

    report = pdfua.validate(str(path))
    return [(f.rule_id, f.message) for f in report.findings if f.severity.name == "ERROR"]


def test_guide_and_workbook_pass_the_pdf_ua_rules_a_python_checker_covers(pack):
    for kind in ("facilitator-guide", "workbook"):
        assert _pdfua_errors(pack / "nb" / f"{kind}.pdf") == [], kind


def test_the_handout_is_tagged_and_passes_the_pdf_ua_rules(tmp_path):
    result = helpkit(REPO, "build", "--product", "handout", "--lang", "nb", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "handout" / "handout-nb-A4.pdf"
    assert _pdfua_errors(pdf) == []
    import pypdf

    root = pypdf.PdfReader(pdf).trailer["/Root"]
    assert "/StructTreeRoot" in root and str(root["/Lang"]) == "nb"


def test_the_pack_builds_in_nynorsk_and_english_too(tmp_path, content):
    """The course is complete in nb, nn and en; each pack is read back before it is published."""
    session = tmp_path / "session.yaml"
    session.write_text(SESSION_TEXT.replace("languages: [nb]", "languages: [nn, en]"))
    result = helpkit(REPO, "course", "build", session, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.output
    pack = tmp_path / "out" / "course" / "eksempel-2026-12-03"
    first = content.course.quiz[0]
    english = content.catalogs["en"].get(first.stem)
    assert english and letters(english) in letters(_text(pack / "en" / "pre-test.pdf"))
    assert "Translation not yet quality-checked" in _text(pack / "en" / "workbook.pdf")
    for lang in ("nn", "en"):
        flat = letters(_text(pack / lang / "workbook.pdf"))
        assert not [s for s in trainer_only(content, lang) if letters(s) in flat]


def test_a_missing_session_file_is_named(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    result = helpkit(REPO, "course", "build", missing, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output == f"Error: 1 problem in the session file:\n  {missing}: is missing\n"


def test_a_file_from_another_program_is_not_a_session(tmp_path):
    png = REPO / "docs" / "course-pack.png"
    result = helpkit(REPO, "course", "build", png, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: 1 problem in the session file:\n  {png}:1: is not valid UTF-8 (byte 0x89)\n"
    )
