"""Build planning and atomic output: a failed build leaves the output folder as it was."""

from __future__ import annotations

import fcntl
import json

import pytest

from generator.build import BuildOptions, build, plan
from generator.errors import OutputError, RenderError, UsageError
from generator.report import BufferReporter
from tests.helpers import edit


def options(out, **kw):
    return BuildOptions(out=out, **kw)


def test_default_plan_is_the_catalogue(content):
    jobs = plan(content, BuildOptions()).jobs
    by_product: dict[str, list[str]] = {}
    for job in jobs:
        by_product.setdefault(job.product, []).append(job.path)
    everyone = list(content.languages)
    assert by_product["card-professional"] == [
        f"card-professional/card-professional-{lang}.pdf" for lang in everyone
    ]
    assert by_product["card-help"] == [f"card-help/card-help-{lang}.pdf" for lang in everyone]
    assert by_product["poster"] == [
        f"poster/poster-{lang}-{size}.pdf" for lang in everyone for size in ("A4", "A3")
    ]
    assert len(by_product["poster-staff"]) == 2 * len(everyone)
    assert by_product["handout"] == [
        f"handout/handout-{lang}-A4.pdf" for lang in ("nb", "nn", "en")
    ]


def test_all_means_every_language_with_a_translation(content):
    jobs = plan(content, BuildOptions(products=["card-help"], langs="all")).jobs
    assert [j.lang for j in jobs] == list(content.languages)


def test_cards_ignore_paper_sizes_and_handouts_stay_a4(content):
    jobs = plan(
        content, BuildOptions(products=["card-help", "handout"], size="A3", langs=["nb", "en"])
    ).jobs
    assert [(j.product, j.size) for j in jobs] == [
        ("card-help", ""),
        ("card-help", ""),
        ("handout", "A4"),
        ("handout", "A4"),
    ]


def test_size_picks_one_poster_size(content):
    jobs = plan(content, BuildOptions(products=["poster"], size="A2", langs=["en"])).jobs
    assert [j.path for j in jobs] == ["poster/poster-en-A2.pdf"]


def test_staff_poster_has_no_a2(content):
    with pytest.raises(UsageError, match="poster-staff comes in A4, A3, not 'A2'"):
        plan(content, BuildOptions(products=["poster-staff"], size="A2"))


def test_tabs_plan_a4_posters_only(content):
    jobs = plan(content, BuildOptions(tabs=True, langs=["nb"])).jobs
    assert [j.path for j in jobs] == ["poster/poster-tabs-nb-A4.pdf"]
    with pytest.raises(UsageError, match="tear-off tabs are made for A4 posters only"):
        plan(content, BuildOptions(tabs=True, size="A3"))
    with pytest.raises(UsageError, match="card-help has no tear-off tabs"):
        plan(content, BuildOptions(tabs=True, products=["card-help"]))


def test_combined_plan_puts_languages_on_one_sheet(content):
    jobs = plan(content, BuildOptions(combined=True, langs=["nb", "en"], size="A4")).jobs
    assert [(j.path, j.lang, j.langs) for j in jobs] == [
        ("poster/poster-combined-nb-en-A4.pdf", "mul", ("nb", "en"))
    ]
    with pytest.raises(UsageError, match="a combined poster takes 2 to 6 languages, not 1"):
        plan(content, BuildOptions(combined=True, langs=["nb"]))
    with pytest.raises(UsageError, match="handout cannot combine languages"):
        plan(content, BuildOptions(combined=True, products=["handout"], langs=["nb", "en"]))


def test_unknown_product_is_a_usage_error(content):
    with pytest.raises(UsageError, match="unknown product 'poster-x'"):
        plan(content, BuildOptions(products=["poster-x"]))


def _make_english_overflow(project):
    po = project.content / "translations" / "en.po"
    edit(
        po,
        'msgstr "Call the police. In an emergency, call the emergency number."',
        'msgstr "'
        + "Call emergency or the police, and keep calling until someone answers. " * 8
        + '"',
    )


def test_text_too_long_for_the_card_fails_and_output_is_untouched(project_copy, tmp_path):
    out = tmp_path / "out"
    first = build(
        project_copy,
        options(out, products=["card-professional"], langs=["nb", "en"]),
        BufferReporter(),
    )
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _make_english_overflow(project_copy)
    # Eight times the text spills onto a third page of a two-page card: the check counts pages
    # and names what the spill starts with.
    with pytest.raises(
        RenderError,
        match=r"^card-professional \(en\): the content does not fit: 3 pages instead of 2 "
        r"\(page 3 starts with '[^']+'\)$",
    ):
        build(
            project_copy,
            options(out, products=["card-professional"], langs=["nb", "en"]),
            BufferReporter(),
        )
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in out.iterdir() if p.name.startswith(".helpkit-build-")]
    assert len(first.files) == 2


def test_partial_build_keeps_other_entries_in_the_manifest(project_copy, tmp_path):
    out = tmp_path / "out"
    build(project_copy, options(out, products=["card-help"], langs=["nb", "en"]), BufferReporter())
    build(project_copy, options(out, products=["card-help"], langs=["nb"]), BufferReporter())
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
    build(
        project_copy,
        options(tmp_path / "o", products=["card-professional"], langs=["en"]),
        reporter,
    )
    assert reporter.steps == ["card-professional/card-professional-en.pdf"]
    assert reporter.infos == ["wrote o/card-professional/card-professional-en.pdf"]


def test_options_are_read_as_a_person_writes_them():
    # The same parsing serves the command line and, later, a web form.
    options = BuildOptions.asked(["card-help, poster", " handout "], [" nb , en", "pl"], size="A3")
    assert options.products == ["card-help", "poster", "handout"]
    assert options.langs == ["nb", "en", "pl"]
    assert options.size == "A3"
    assert BuildOptions.asked([], ["all"]).langs == "all"
    assert BuildOptions.asked([], [" , "]).langs == []
