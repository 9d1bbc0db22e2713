"""Input that is not what it seems: files that are symlinks out of the project, FIFOs, folders;
environment values out of range; and the last-resort handler that turns anything unforeseen
into one sentence instead of a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from generator.content.load import load_content
from generator.errors import ContentError
from tests.conftest import REPO
from tests.helpers import build_one, edit, helpkit


def _problems(project):
    with pytest.raises(ContentError) as info:
        load_content(project.root)
    return [str(p) for p in info.value.problems]


def _without_hanging(call, seconds=60):
    """Run `call` in a thread: a read that blocks (a FIFO) fails the test instead of hanging."""
    done: list[object] = []
    thread = threading.Thread(target=lambda: done.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert done, "helpkit hung"
    return done[0]


CONTENT_FILES = ["ui.yaml", "contacts.yaml", "languages.yaml", "guidance.yaml"]


@pytest.mark.parametrize("name", CONTENT_FILES)
def test_a_content_file_that_is_a_fifo_is_refused_without_hanging(project_copy, name):
    path = project_copy.content / name
    path.unlink()
    os.mkfifo(path)
    result = _without_hanging(lambda: helpkit(project_copy.root, "check"))
    assert result.exit_code == 1
    assert f"content/{name}: is a named pipe (FIFO), not a file" in result.output


@pytest.mark.parametrize("name", CONTENT_FILES)
def test_a_content_file_that_is_a_folder_is_not_called_missing(project_copy, name):
    path = project_copy.content / name
    path.unlink()
    path.mkdir()
    assert f"content/{name}: is a folder, not a file" in _problems(project_copy)


@pytest.mark.parametrize("name", CONTENT_FILES)
def test_a_content_file_that_links_out_of_the_project_is_refused(
    project_copy, tmp_path_factory, name
):
    outside = tmp_path_factory.mktemp("elsewhere") / name
    path = project_copy.content / name
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    assert (
        f"content/{name}: is a symlink to {outside}, outside the project; copy the file into "
        "the project instead"
    ) in _problems(project_copy)


def test_a_link_inside_the_project_is_an_ordinary_file(project_copy):
    path = project_copy.content / "ui.yaml"
    kept = project_copy.root / "shared-ui.yaml"
    path.rename(kept)
    path.symlink_to(kept)
    load_content(project_copy.root)


def test_a_dangling_link_and_a_missing_file_are_told_apart(project_copy):
    (project_copy.content / "ui.yaml").unlink()
    path = project_copy.content / "sources.yaml"
    path.unlink()
    path.symlink_to(project_copy.root / "gone.yaml")
    found = _problems(project_copy)
    assert "content/ui.yaml: is missing" in found
    assert (
        f"content/sources.yaml: is a symlink to {project_copy.root / 'gone.yaml'}, which does "
        "not exist" in found
    )


def test_a_source_text_that_links_out_of_the_project_is_refused(project_copy, tmp_path_factory):
    text = project_copy.content / "sources" / "guidance-page.txt"
    outside = tmp_path_factory.mktemp("elsewhere") / "page.txt"
    outside.write_bytes(text.read_bytes())
    text.unlink()
    text.symlink_to(outside)
    found = _problems(project_copy)
    assert any(
        p.endswith(
            f"sources[0].text: content/sources/guidance-page.txt is a symlink to {outside}, "
            "outside the project; copy the file into the project instead"
        )
        for p in found
    ), found


def test_translations_that_is_a_file_is_not_silently_no_catalogs(project_copy):
    folder = project_copy.content / "translations"
    for po in folder.iterdir():
        po.unlink()
    folder.rmdir()
    folder.write_text("not a folder")
    assert _problems(project_copy) == [
        "content/translations: must be a folder of <lang>.po files, not a file"
    ]


def test_a_nesting_bomb_is_refused_before_parsing(project_copy):
    ui = project_copy.content / "ui.yaml"
    ui.write_text(ui.read_text() + "deep: " + "[" * 5000 + "]" * 5000 + "\n")
    line = ui.read_text().count("\n")
    assert _problems(project_copy) == [f"content/ui.yaml:{line}: is nested deeper than 20 levels"]


def test_a_nested_mapping_bomb_is_refused(project_copy):
    ui = project_copy.content / "ui.yaml"
    ui.write_text(ui.read_text() + "deep: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n")
    result = helpkit(project_copy.root, "check")
    assert result.exit_code == 1
    assert "is nested deeper than 20 levels" in result.output


@pytest.mark.parametrize(
    "epoch", ["-1", "99999999999999999", "1e9", "soon", "\u0661\u0662\u0663", "253402300800"]
)
def test_a_source_date_epoch_helpkit_cannot_write_is_refused(project_copy, tmp_path, epoch):
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        result = build_one(project_copy.root, "card-help", "nb", tmp_path / "out")
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert result.exit_code == 2
    assert result.output == (
        f"Error: SOURCE_DATE_EPOCH={epoch!r} is not a time helpkit can write: give whole seconds "
        "since 1970-01-01 (0 to 253402300799), or unset it\n"
    )
    assert not (tmp_path / "out").exists()


def test_an_unforeseen_exception_is_an_internal_error_not_a_traceback(project_copy, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("generator.content.load.load_content", broken)
    result = helpkit(project_copy.root, "check")
    assert result.exit_code == 1
    assert result.output.startswith("Error: internal error: ZeroDivisionError: division by zero\n")
    assert "This is a bug in helpkit, not a problem with your files." in result.output
    assert "see README: Reporting a problem" in result.output


def test_a_real_process_prints_no_traceback_for_an_internal_error(tmp_path):
    """The console script itself, not the test runner: what a user's terminal shows."""
    code = (
        "import sys, generator.content.load as c\n"
        "def broken(*a, **k): raise KeyError('qr.call')\n"
        "c.load_content = broken\n"
        "from generator.cli import main\n"
        "sys.exit(main(['--root', sys.argv[1], 'check']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(REPO)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.startswith("Error: internal error: KeyError: 'qr.call'\n")


@pytest.mark.parametrize(
    ("old", "field", "line"),
    [
        ("title: Hvor du får råd", "sections[6].title", 120),
        ("offers: I nødsituasjoner.", "contacts[0].offers", 23),
    ],
)
def test_a_huge_field_is_one_problem_before_layout(project_copy, old, field, line):
    """1.8 MB in one field: refused when read, and nothing downstream reports it again."""
    key = old.split(":")[0]
    edit(
        project_copy.content / ("guidance.yaml" if "title" in old else "contacts.yaml"),
        old,
        f"{key}: " + "ord " * 450_000,
    )
    assert _problems(project_copy) == [
        f"content/{'guidance' if 'title' in old else 'contacts'}.yaml:{line}: {field}: is "
        "1799999 characters; a printed text is limited to 2000 (split it or shorten it)"
    ]


def _helpkit_process(*args: str, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(REPO), *args],
        stdin=subprocess.DEVNULL,
        check=False,
        **kwargs,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_standard_output_on_a_full_disk_is_a_sentence_not_an_internal_error():
    with open("/dev/full", "w") as full:
        done = _helpkit_process("list", "contacts", stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1
    assert done.stderr == "Error: cannot write the output: No space left on device\n"


def test_a_reader_that_goes_away_is_not_an_error_message():
    """`helpkit list contacts | head -1`: the pipe closes early; helpkit stops quietly."""
    reader, writer = os.pipe()
    os.close(reader)  # nobody will read: the first write breaks the pipe
    try:
        done = _helpkit_process(
            "list", "contacts", stdout=writer, stderr=subprocess.PIPE, text=True
        )
    finally:
        os.close(writer)
    assert done.returncode == 1
    assert done.stderr == ""
