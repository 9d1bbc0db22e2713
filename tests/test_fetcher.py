"""A render reads nothing but data: URLs and files inside the project's templates/ and content/."""

from __future__ import annotations

import shutil

import pytest

from generator.content.load import load_content
from generator.document import Document
from generator.errors import RenderError
from generator.products import PRODUCTS
from generator.project import find_project
from generator.render.fetcher import ForbiddenResource, ProjectFetcher
from tests.conftest import REPO
from tests.helpers import edit


@pytest.fixture
def fetcher(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "ok.css").write_text("p { color: black }")
    (tmp_path / "secret.txt").write_text("outside")
    return ProjectFetcher([tmp_path / "templates"])


def test_reads_a_file_inside_the_project(fetcher, tmp_path):
    response = fetcher.fetch((tmp_path / "templates" / "ok.css").as_uri())
    assert response.read() == b"p { color: black }"


def test_reads_data_urls(fetcher):
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/x.png", "https://example.org/logo.svg", "ftp://example.org/x"]
)
def test_refuses_the_network(fetcher, url):
    with pytest.raises(ForbiddenResource, match="nothing is fetched from the network"):
        fetcher.fetch(url)


def test_refuses_a_file_outside_the_project(fetcher, tmp_path):
    with pytest.raises(ForbiddenResource, match="outside the project"):
        fetcher.fetch((tmp_path / "secret.txt").as_uri())


def test_refuses_a_path_escaping_with_dotdot(fetcher, tmp_path):
    url = (tmp_path / "templates").as_uri() + "/../secret.txt"
    with pytest.raises(ForbiddenResource, match="outside the project"):
        fetcher.fetch(url)


def test_refuses_a_symlink_out_of_the_project(fetcher, tmp_path):
    (tmp_path / "templates" / "link.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(ForbiddenResource, match="outside the project"):
        fetcher.fetch((tmp_path / "templates" / "link.txt").as_uri())


def test_a_template_pointing_at_the_network_fails_and_nothing_is_requested(
    tmp_path, recording_server
):
    base, hits = recording_server
    url = f"{base}/style.css"
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    base_template = tmp_path / "templates" / "base.html.j2"
    edit(base_template, "<style>", f'<link rel="stylesheet" href="{url}"><style>')
    project = find_project(tmp_path)
    from generator.render.pdf import Renderer

    renderer = Renderer(project, load_content(project.root))
    rendered = renderer.html(
        Document.of(renderer.content, PRODUCTS["card-professional"], ("nb",), "")
    )
    with pytest.raises(RenderError, match="nothing is fetched from the network"):
        renderer.pdf(rendered)
    assert hits == []


def test_bundled_templates_reference_nothing_external():
    for path in (REPO / "templates").rglob("*"):
        if path.is_file():
            # The SVG namespace is a name, not a fetch.
            body = path.read_text().replace('xmlns="http://www.w3.org/2000/svg"', "")
            # An organisation's logo is inlined as a data: URI (generator/content/logo.py).
            body = body.replace('src="{{ org.logo }}"', "")
            assert "http://" not in body and "https://" not in body, path
            assert "url(" not in body and "@import" not in body and "src=" not in body, path


def test_a_logo_is_the_only_picture_a_template_takes_and_it_is_inlined(content):
    """The one `src=` in the templates is an organisation's logo, and it is a data: URI."""
    uses = [
        p for p in (REPO / "templates").rglob("*.j2") if 'src="{{ org.logo }}"' in p.read_text()
    ]
    assert uses, "no template shows a logo"
    for profile in content.profiles.values():
        if profile.logo is not None:
            assert profile.logo.data_uri.startswith("data:image/")
