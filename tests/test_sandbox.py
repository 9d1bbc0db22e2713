"""Templates in a project folder may come from somebody else: they run in Jinja's immutable
sandbox, so they can print data but not reach Python internals or change anything."""

from __future__ import annotations

import os
import shutil

import pytest

from generator.project import BUNDLED, find_project
from tests.conftest import REPO
from tests.helpers import build_one

ESCAPES = {
    "attribute walk to subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals of a function": "{{ lipsum.__globals__['os'] }}",
    "changing the context": "{{ ui.update({'help.q1': 'x'}) }}",
    "a method of str.format": "{{ '{0.__class__}'.format(ui) }}",
}


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_a_template_cannot_reach_python(tmp_path, name):
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(BUNDLED / "templates", tmp_path / "templates")
    card = tmp_path / "templates" / "card-help" / "card.html.j2"
    text = card.read_text()
    marker = '<h1 class="outer-title">'
    assert marker in text
    card.write_text(text.replace(marker, marker + ESCAPES[name], 1))
    assert find_project(tmp_path).templates == (tmp_path / "templates").resolve()
    out = tmp_path / "out"
    result = build_one(tmp_path, "card-help", "nb", out, "--no-verify")
    assert result.exit_code == 1, result.output
    assert "Error: template card-help/card.html.j2:" in result.output
    assert "unsafe" in result.output or "not safely callable" in result.output
    assert "Traceback" not in result.output
    assert not (out / "card-help").exists()


SECRET = "SECRET-OUTSIDE-THE-PROJECT"


def _partner_templates(tmp_path):
    """A project whose templates/ came from somebody else, and a secret file beside it."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(BUNDLED / "templates", project / "templates")
    secret = tmp_path / "secret.html.j2"
    secret.write_text(SECRET)
    return project, secret


def _plant(project, snippet):
    card = project / "templates" / "card-help" / "card.html.j2"
    marker = '<h1 class="outer-title">'
    text = card.read_text()
    assert marker in text
    card.write_text(text.replace(marker, marker + snippet, 1))


def _refused(project, tmp_path, expected):
    out = tmp_path / "out"
    result = build_one(project, "card-help", "nb", out, "--no-verify")
    assert result.exit_code == 1, result.output
    assert SECRET not in result.output
    assert expected in result.output, result.output
    assert not out.exists() or not any(out.rglob("*.pdf"))


@pytest.mark.parametrize(
    ("include", "name"),
    [
        ("{% include '../../secret.html.j2' %}", "../../secret.html.j2"),
        ("{% include 'card-help/../../../secret.html.j2' %}", "card-help/../../../secret.html.j2"),
        ("{% import '../../secret.html.j2' as s %}", "../../secret.html.j2"),
        ("{% from '../../secret.html.j2' import x %}", "../../secret.html.j2"),
    ],
)
def test_an_include_cannot_climb_out_of_templates(tmp_path, include, name):
    project, _ = _partner_templates(tmp_path)
    _plant(project, include)
    _refused(
        project,
        tmp_path,
        f"Error: template card-help/card.html.j2: {name}: a template name may not contain "
        "'..'; templates are looked up inside templates/ only",
    )


def test_an_absolute_include_is_looked_up_inside_templates(tmp_path):
    project, secret = _partner_templates(tmp_path)
    _plant(project, "{% include '" + str(secret) + "' %}")
    _refused(project, tmp_path, f"{str(secret).lstrip('/')} is not in {project / 'templates'}")


def test_an_include_through_a_symlink_out_of_the_project_reads_nothing(tmp_path):
    project, secret = _partner_templates(tmp_path)
    (project / "templates" / "components" / "innocent.html.j2").symlink_to(secret)
    _plant(project, "{% include 'components/innocent.html.j2' %}")
    _refused(
        project,
        tmp_path,
        f"templates/components/innocent.html.j2 is a symlink to {secret}, outside the "
        "project; copy the file into the project instead",
    )


def test_a_product_template_that_is_a_symlink_out_of_the_project_is_refused(tmp_path):
    project, secret = _partner_templates(tmp_path)
    card = project / "templates" / "card-help" / "card.html.j2"
    card.unlink()
    card.symlink_to(secret)
    _refused(project, tmp_path, f"card-help/card.html.j2 is a symlink to {secret}, outside")


def test_a_symlinked_templates_folder_inside_the_project_works(tmp_path):
    """Symlinks are refused only when they leave: a link inside templates/ is an ordinary file."""
    project, _ = _partner_templates(tmp_path)
    components = project / "templates" / "components"
    (components / "alias.html.j2").symlink_to(next(components.glob("*.html.j2")))
    out = tmp_path / "out"
    result = build_one(project, "card-help", "nb", out, "--no-verify")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_template_that_is_not_a_file_is_refused_without_hanging(tmp_path, kind):
    project, _ = _partner_templates(tmp_path)
    odd = project / "templates" / "components" / "odd.html.j2"
    if kind == "fifo":
        os.mkfifo(odd)
    else:
        odd.mkdir()
    _plant(project, "{% include 'components/odd.html.j2' %}")
    what = "a named pipe (FIFO)" if kind == "fifo" else "a folder"
    _refused(project, tmp_path, f"templates/components/odd.html.j2 is {what}, not a file")


def test_a_python_module_cannot_be_imported(tmp_path):
    project, _ = _partner_templates(tmp_path)
    _plant(project, "{% import 'os' as os %}{{ os.system('touch pwned') }}")
    _refused(project, tmp_path, "os is not in")
    assert not (tmp_path / "pwned").exists() and not (project / "pwned").exists()


def test_an_empty_templates_folder_says_what_to_do(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "templates").mkdir()
    result = build_one(tmp_path, "card-help", "nb", tmp_path / "out")
    assert result.exit_code == 1
    assert (
        f"card-help/card.html.j2 is not in {(tmp_path / 'templates').resolve()}: a project's "
        "templates/ folder takes the place of helpkit's, so it needs every template "
        "(`helpkit init` copies them all), or remove the folder to use helpkit's own"
    ) in result.output
