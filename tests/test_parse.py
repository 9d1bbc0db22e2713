"""Pages reach WeasyPrint as a tree expat parsed: a speed-up that must change nothing printed."""

from __future__ import annotations

import pytest

from generator.build import BuildOptions, plan
from generator.content.model import Content
from generator.project import Project
from generator.render.pdf import Renderer


@pytest.fixture(scope="module")
def renderer(repo_project: Project, content: Content) -> Renderer:
    return Renderer(repo_project, content)


def test_pages_parsed_by_expat_print_the_same_bytes_as_weasyprints_html5_parser(renderer, content):
    """The fast path must be a pure speed-up: same tree, same PDF, for every product."""
    import weasyprint

    seen = set()
    for job in plan(content, BuildOptions()).jobs:
        if (job.product, content.languages[job.lang].script) in seen:
            continue
        seen.add((job.product, content.languages[job.lang].script))
        fitted = renderer.fit(renderer.html(job))
        html, stylesheet = renderer._split_style(fitted.html)
        fast = renderer._parse(html)
        html5 = weasyprint.HTML(
            string=html, base_url=str(renderer.templates) + "/", url_fetcher=renderer._fetcher
        )
        options = {"font_config": renderer._fonts, "stylesheets": [stylesheet]}
        assert fast.render(**options).write_pdf() == html5.render(**options).write_pdf(), job.path
    assert len(seen) >= 20


def test_every_template_writes_well_formed_markup(renderer, content):
    """Markup expat cannot read silently takes the slow parser: keep the templates XHTML-clean."""
    from xml.etree import ElementTree

    for job in plan(content, BuildOptions(langs=["nb", "ar"])).jobs:
        html = renderer.html(job).html
        ElementTree.fromstring(html[html.index("<html") :])  # raises on the first fault
