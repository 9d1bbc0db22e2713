"""Property-based: generated contacts and texts either render and verify, or are refused with a
message. Never a traceback, never a wrong card."""

from __future__ import annotations

import json
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import BuildOptions, build
from generator.content.load import load_content
from generator.content.phones import PhoneProblem, parse_phone
from generator.errors import ContentError, HelpkitError
from generator.project import find_project
from generator.report import BufferReporter
from tests.conftest import FIXTURES, REPO

# Texts people really write, and texts that break naive generators.
ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
COMBINING = st.characters(min_codepoint=0x0300, max_codepoint=0x036F)
LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x24F)
ANY = st.characters(blacklist_categories=("Cs",))
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1F64F)
TEXTS = st.one_of(
    st.text(LATIN, min_size=1, max_size=60),
    st.text(st.one_of(ARABIC, st.just(" ")), min_size=1, max_size=40),
    st.text(st.one_of(LATIN, COMBINING), min_size=1, max_size=40),
    st.text(ANY, min_size=0, max_size=30),
    st.text(EMOJI, min_size=1, max_size=3),
    st.builds(lambda w: w * 8, st.text(LATIN, min_size=5, max_size=12)),  # long words
)
SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _minimal(tmp_path):
    root = tmp_path / "p"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(FIXTURES / "minimal", root)
    return root


@SETTINGS
@given(TEXTS)
def test_any_offers_text_loads_or_is_refused_with_a_located_message(tmp_path, text):
    root = _minimal(tmp_path)
    path = root / "content" / "contacts.yaml"
    # A JSON string is a valid YAML double-quoted scalar: any text can be written this way.
    path.write_text(
        path.read_text().replace("offers: Hjelpetelefon.", f"offers: {json.dumps(text)}")
    )
    try:
        content = load_content(root)
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file.startswith("content/")
            assert str(problem).startswith(problem.file)
        return
    assert content.contacts["rosa"].offers.source == " ".join(text.split())


@SETTINGS
@given(
    st.text("0123456789+ ", max_size=16), st.one_of(st.none(), st.text("0123456789 -", max_size=14))
)
def test_a_phone_number_is_parsed_exactly_or_refused(canonical, display):
    try:
        phone = parse_phone(canonical, display)
    except PhoneProblem as exc:
        assert str(exc)
        return
    national = phone.canonical.removeprefix("+47") if not phone.short else phone.canonical
    assert phone.digits == national
    assert phone.tel == f"tel:{phone.canonical}"


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(TEXTS.filter(lambda t: '"' not in t and "\\" not in t))
def test_any_translation_renders_and_verifies_or_is_refused(tmp_path, text):
    root = tmp_path / "r"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "content", root / "content")
    po = root / "content" / "translations" / "en.po"
    po.write_text(
        po.read_text().replace(
            'msgstr "Are you afraid to leave?"', f"msgstr {json.dumps(text, ensure_ascii=False)}"
        )
    )
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)  # hypothesis reuses tmp_path across examples
    try:
        result = build(
            find_project(root),
            BuildOptions(products=["card-help"], langs=["en"], out=out),
            BufferReporter(),
        )
    except HelpkitError as exc:
        assert str(exc)
        assert not out.exists() or not any(out.rglob("*.pdf"))
        return
    # Built means verified (build reads every PDF back before publishing it).
    assert [f.path for f in result.files] == ["card-help/card-help-en.pdf"]
