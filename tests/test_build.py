"""Build planning and atomic output: a failed build leaves the output folder as it was."""

from __future__ import annotations

import fcntl
import json

import pytest

from generator.build import BuildOptions, build, plan
from generator.errors import OutputError, RenderError, UsageError
from generator.report import BufferReporter


def options(out, **kw):
    return BuildOptions(out=out, **kw)


def test_default_plan_is_the_catalogue(content):
    jobs = plan(content, BuildOptions())
    assert [j.path for j in jobs] == [
        "card-professional/card-professional-nb.pdf",
        "card-professional/card-professional-en.pdf",
    ]


def test_all_means_every_language_with_a_translation(content):
    assert [j.lang for j in plan(content, BuildOptions(langs="all"))] == ["nb", "en"]


def test_cards_ignore_paper_sizes(content):
    assert [j.size for j in plan(content, BuildOptions(size="A3"))] == ["", ""]


def test_unknown_product_is_a_usage_error(content):
    with pytest.raises(UsageError, match="unknown product 'poster-x'"):
        plan(content, BuildOptions(products=["poster-x"]))


def _make_english_overflow(project):
    po = project.content / "translations" / "en.po"
    po.write_text(
        po.read_text().replace(
            'msgstr "Call emergency or the police."',
            'msgstr "'
            + "Call emergency or the police, and keep calling until someone answers. " * 3
            + '"',
        )
    )


def test_text_too_long_for_the_card_fails_and_output_is_untouched(project_copy, tmp_path):
    out = tmp_path / "out"
    first = build(project_copy, options(out), BufferReporter())
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _make_english_overflow(project_copy)
    with pytest.raises(
        RenderError,
        match=r"card-professional \(en\): (page 1 runs .* past the "
        r"safe zone|the content does not fit)",
    ):
        build(project_copy, options(out), BufferReporter())
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in out.iterdir() if p.name.startswith(".helpkit-build-")]
    assert len(first.files) == 2


def test_partial_build_keeps_other_entries_in_the_manifest(project_copy, tmp_path):
    out = tmp_path / "out"
    build(project_copy, options(out), BufferReporter())
    build(project_copy, options(out, langs=["nb"]), BufferReporter())
    manifest = json.loads((out / "manifest.json").read_text())
    assert [f["lang"] for f in manifest["files"]] == ["en", "nb"]


def test_output_folder_that_is_a_file(project_copy, tmp_path):
    target = tmp_path / "out"
    target.write_text("not a folder")
    with pytest.raises(OutputError, match="is a file"):
        build(project_copy, options(target), BufferReporter())


def test_two_builds_into_one_folder_at_once_are_refused(project_copy, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".helpkit.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(OutputError, match="another helpkit build is writing to"):
            build(project_copy, options(out), BufferReporter())


def test_reporter_hears_progress_and_files(project_copy, tmp_path):
    reporter = BufferReporter()
    build(project_copy, options(tmp_path / "o", langs=["en"]), reporter)
    assert reporter.steps == ["card-professional/card-professional-en.pdf"]
    assert reporter.infos == ["wrote o/card-professional/card-professional-en.pdf"]
