"""`helpkit init` and where output goes: an organisation's own folder, never the package."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main
from generator.project import BUNDLED, find_project
from tests.helpers import edit, helpkit


def test_init_copies_the_content_and_a_readme(tmp_path):
    folder = tmp_path / "clinic"
    result = _init(folder)
    assert result.exit_code == 0, result.output
    bundled = sorted(
        p.relative_to(BUNDLED).as_posix() for p in (BUNDLED / "content").rglob("*") if p.is_file()
    )
    copied = sorted(
        p.relative_to(folder).as_posix() for p in (folder / "content").rglob("*") if p.is_file()
    )
    assert copied == bundled
    assert (folder / "README.md").read_text().startswith("# helpkit project folder")
    assert f"{len(bundled) + 1} file(s) written, 0 already there" in result.output


def test_init_again_never_overwrites_an_edited_file(tmp_path):
    folder = tmp_path / "clinic"
    assert _init(folder).exit_code == 0
    contacts = folder / "content" / "contacts.yaml"
    edit(contacts, "name: Safe House Filemon", "name: Safe House Filemon (Oslo)")
    (folder / "content" / "ui.yaml").unlink()
    again = _init(folder)
    assert again.exit_code == 0, again.output
    assert "name: Safe House Filemon (Oslo)" in contacts.read_text()
    assert (folder / "content" / "ui.yaml").is_file()
    assert "1 file(s) written" in again.output


def test_an_initialised_folder_builds(tmp_path):
    folder = tmp_path / "clinic"
    assert _init(folder).exit_code == 0
    result = helpkit(folder, "build", "--product", "card-help", "--lang", "nb", "--no-verify")
    assert result.exit_code == 0, result.output
    assert (folder / "output" / "card-help" / "card-help-nb.pdf").is_file()


def test_init_into_a_file_is_refused(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x")
    result = _init(target)
    assert result.exit_code == 1
    assert f"Error: {target} is a file, not a folder" in result.output


def test_without_a_project_output_goes_to_the_current_folder(tmp_path):
    # Falling back to the content helpkit comes with must never write into the package.
    project = find_project(cwd=tmp_path)
    assert project.root == BUNDLED.resolve()
    assert project.output == (tmp_path / "output").resolve()
    (tmp_path / "content").mkdir()
    assert find_project(tmp_path).output == (tmp_path / "output").resolve()


def _init(folder: Path) -> Result:
    return CliRunner().invoke(main, ["init", str(folder)])
