"""The layout density: predicted from the text's length, decided by the fit check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import BuildOptions, build, plan
from generator.content.model import Content
from generator.document import Document
from generator.products import PRODUCTS
from generator.project import Project
from generator.render.density import first_density, text_width
from generator.render.pdf import Renderer
from generator.report import BufferReporter


@pytest.fixture(scope="module")
def renderer(repo_project: Project, content: Content) -> Renderer:
    return Renderer(repo_project, content)


def test_width_counts_printed_letters_not_markup_styles_or_pictures():
    plain = text_width("<p>Ring ROSA</p>", "Latn")
    assert plain == pytest.approx(
        text_width(
            '<style>.x{}</style><p class="say">Ring <b>ROSA</b></p>'
            '<svg viewBox="0 0 9 9"><path d="M0 0h9"/></svg>',
            "Latn",
        )
    )
    assert text_width("<p>R&amp;R</p>", "Latn") == pytest.approx(text_width("<p>R&R</p>", "Latn"))
    assert text_width("<p>Ring ROSA nå</p>", "Latn") > plain
    # An ideograph is set on a square em; Arabic is measured in its own font.
    assert text_width("<p>帮助</p>", "Hans") == pytest.approx(2.0)
    assert 0 < text_width("<p>مساعدة</p>", "Arab") < text_width("<p>مساعدة مساعدة</p>", "Arab")


def test_longest_word_is_the_widest_word():
    from generator.render.density import longest_word

    assert longest_word("Skann for å ringe ROSA", "Latn") == pytest.approx(
        text_width("<p>Skann</p>", "Latn")
    )
    assert longest_word("a <b> & c", "Latn") == pytest.approx(
        text_width("<p>&lt;b&gt;</p>", "Latn")
    )
    assert longest_word("", "Latn") == 0.0


def test_first_density_from_thresholds():
    assert [first_density((100.0, 200.0), w) for w in (99.9, 100.0, 199.0, 200.0, 500.0)] == [
        0,
        1,
        1,
        2,
        2,
    ]
    assert first_density((100.0,), 500.0) == 1


def html(renderer, product, langs, size, tabs=False):  # type: ignore[no-untyped-def]
    """One document rendered to HTML, outside a planned build."""
    return renderer.html(Document.of(renderer.content, product, langs, size, tabs=tabs))


def test_a_product_without_thresholds_starts_at_regular_unmeasured(renderer, monkeypatch):
    import generator.render.pdf as pdf

    handout = PRODUCTS["handout"]
    assert handout.density_from is None
    monkeypatch.setattr(pdf, "text_width", lambda *args: pytest.fail("the handout was measured"))
    assert html(renderer, handout, ("en",), handout.default_sizes[0]).first_density == 0


def test_a_start_that_does_not_fit_goes_tighter(renderer):
    """Polish needs tight on the professional card; started at compact, it still gets there."""
    rendered = html(renderer, PRODUCTS["card-professional"], ("pl",), "")
    from_regular = renderer.fit(rendered, start=0)
    from_compact = renderer.fit(rendered, start=1)
    assert from_regular.density == from_compact.density == "tight"
    assert (from_regular.layouts, from_compact.layouts) == (3, 2)


def test_short_text_starts_at_regular_and_is_laid_out_once(renderer):
    # Chinese is the catalogue's shortest staff poster. (No language fits the professional card
    # at regular since its steps say the page's meaning in full.)
    rendered = html(renderer, PRODUCTS["poster-staff"], ("zh",), "A4")
    assert rendered.first_density == 0
    fitted = renderer.fit(rendered)
    assert (fitted.density, fitted.layouts) == ("regular", 1)


def test_combined_sheets_and_tabs_start_at_regular(renderer):
    poster = PRODUCTS["poster"]
    assert html(renderer, poster, ("so", "ru"), "A3").first_density == 0
    assert html(renderer, poster, ("so",), "A4", tabs=True).first_density == 0
    assert html(renderer, poster, ("so",), "A4").first_density >= 1  # Somali alone: measured


def test_no_document_of_the_catalogue_starts_tighter_than_the_first_density_that_fits(
    renderer, content
):
    """The thresholds' promise: a prediction saves layouts, never air.

    Fails when a translation or a design changes enough that a predicted document would now
    fit a looser density: run bench/calibrate_density.py and set the thresholds it proposes.
    """
    checked = 0
    for job in plan(content, BuildOptions()).jobs:
        if job.size == "A3":
            continue  # posters scale type with paper: A3 sets like A4
        rendered = renderer.html(job)
        if rendered.first_density == 0:
            continue
        predicted = renderer.fit(rendered)
        assert renderer.fit(rendered, start=0).density == predicted.density, job.path
        checked += 1
    assert checked >= 20  # the long languages of three products


def test_manifest_and_html_output_record_the_density_printed(repo_project: Project, tmp_path: Path):
    for fmt in ("pdf", "html"):
        out = tmp_path / fmt
        build(
            repo_project,
            BuildOptions(products=["card-professional"], langs=["zh", "pl"], out=out, format=fmt),
            BufferReporter(),
        )
        files = {f["lang"]: f for f in json.loads((out / "manifest.json").read_text())["files"]}
        assert (files["zh"]["density"], files["pl"]["density"]) == ("compact", "tight")
        assert files["pl"]["pages"] == 2
    html = (tmp_path / "html" / "card-professional" / "card-professional-pl.html").read_text()
    assert 'class="card-professional tight' in html
