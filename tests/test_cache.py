"""Incremental builds rebuild exactly what changed, and never keep what they cannot trust."""

from __future__ import annotations

import shutil
import sys

import pytest

from generator.build import BuildOptions, build
from generator.project import find_project
from generator.report import BufferReporter
from tests.conftest import REPO
from tests.helpers import edit


@pytest.fixture
def project(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return find_project(tmp_path)


def run(project, **kw):
    options = dict(
        products=["card-help", "card-professional", "poster"],
        langs=["nb", "en"],
        size="A4",
        out=project.root / "out",
        verify=False,
    )
    options.update(kw)
    reporter = BufferReporter()
    result = build(project, BuildOptions(**options), reporter)
    return sorted(reporter.steps), result


ALL = sorted(
    f"{p}/{p}-{lang}{s}.pdf"
    for p, s in [("card-help", ""), ("card-professional", ""), ("poster", "-A4")]
    for lang in ["nb", "en"]
)


def test_a_second_build_renders_nothing(project):
    assert run(project)[0] == ALL
    steps, result = run(project)
    assert steps == []
    assert result.rendered == 0 and len(result.files) == 6


def test_force_renders_everything(project):
    run(project)
    assert run(project, force=True)[0] == ALL


def test_a_changed_number_rebuilds_every_file_that_prints_it(project):
    run(project)
    edit(project.content / "contacts.yaml", 'display: "474 66 480"', 'display: "47 46 64 80"')
    # Safe House Filemon is only on the professional card's directory.
    assert run(project)[0] == [
        "card-professional/card-professional-en.pdf",
        "card-professional/card-professional-nb.pdf",
    ]


def test_a_changed_handout_text_rebuilds_nothing_here(project):
    run(project)
    edit(
        project.content / "guidance.yaml",
        "Noen ganger er det behov for å handle umiddelbart.",
        "Noen ganger er det behov for å handle med en gang.",
    )
    assert run(project)[0] == []


def test_one_catalog_rebuilds_only_its_language(project):
    run(project)
    edit(
        project.content / "translations" / "en.po",
        'msgstr "Are you afraid to leave?"',
        'msgstr "Are you scared to leave?"',
    )
    assert run(project)[0] == ["card-help/card-help-en.pdf", "poster/poster-en-A4.pdf"]


def test_a_product_template_rebuilds_its_product(project):
    run(project)
    (project.templates / "styles" / "card-help.css").write_text(
        (project.templates / "styles" / "card-help.css").read_text() + "\n/* changed */\n"
    )
    assert run(project)[0] == ["card-help/card-help-en.pdf", "card-help/card-help-nb.pdf"]


def test_a_shared_template_rebuilds_everything(project):
    run(project)
    (project.templates / "styles" / "tokens.css").write_text(
        (project.templates / "styles" / "tokens.css").read_text() + "\n/* changed */\n"
    )
    assert run(project)[0] == ALL


def test_an_option_is_part_of_the_key(project, monkeypatch):
    run(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run(project)[0] == ALL


def test_a_tampered_or_missing_file_is_rebuilt(project):
    run(project)
    out = project.root / "out"
    (out / "card-help" / "card-help-nb.pdf").write_bytes(b"%PDF-1.7 not the card")
    (out / "poster" / "poster-en-A4.pdf").unlink()
    assert run(project)[0] == ["card-help/card-help-nb.pdf", "poster/poster-en-A4.pdf"]


def test_a_killed_build_leaves_nothing_a_no_op_build_would_keep(project):
    run(project)
    out = project.root / "out"
    # Killed after moving one new file into place, before the manifest and cache were written:
    leftover = out / ".helpkit-build-killed"
    (leftover / "card-help").mkdir(parents=True)
    (leftover / "card-help" / "card-help-en.pdf").write_bytes(b"half")
    (out / "card-help" / "card-help-en.pdf").write_bytes(b"%PDF from a build that died")
    assert run(project)[0] == ["card-help/card-help-en.pdf"]
    assert not leftover.exists()


def test_a_no_op_build_does_not_import_weasyprint(project, tmp_path):
    import subprocess

    run(project)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from generator.build import BuildOptions, build\n"
        "from generator.project import find_project\n"
        "from generator.report import BufferReporter\n"
        f"p = find_project(Path({str(project.root)!r}))\n"
        "r = build(p, BuildOptions(products=['card-help', 'card-professional', 'poster'], "
        f"langs=['nb', 'en'], size='A4', out=Path({str(project.root / 'out')!r}), verify=False),"
        " BufferReporter())\n"
        "assert r.rendered == 0, r.rendered\n"
        "print('weasyprint' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_manifest_of_another_shape_is_not_trusted(project):
    import json

    run(project)
    manifest = project.root / "out" / "manifest.json"
    data = json.loads(manifest.read_text())
    for entry in data["files"]:
        del entry["langs"]  # as written by an older helpkit
    manifest.write_text(json.dumps(data))
    assert run(project)[0] == ALL


def test_job_keys_are_the_same_in_every_process():
    # A key that depends on hash randomisation (the str() of a set) would make every build in
    # a new process render everything again. Two interpreters with different hash seeds.
    import os
    import subprocess

    script = (
        "from generator.build import BuildOptions, plan, _keys\n"
        "from generator.content.load import load_content\n"
        "from generator.project import find_project\n"
        f"p = find_project(__import__('pathlib').Path({str(REPO)!r}))\n"
        "c = load_content(p.root)\n"
        "keys = _keys(c, p, plan(c, BuildOptions()).jobs)\n"
        "print(__import__('hashlib').sha256(repr(sorted(keys.items())).encode()).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1
