"""Templates in a project folder may come from somebody else: they run in Jinja's immutable
sandbox, so they can print data but not reach Python internals or change anything."""

from __future__ import annotations

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
