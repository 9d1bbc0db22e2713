"""The output folder is not only helpkit's (issue 13, sections 6 and 7).

A full disk, a folder that may not be written, a file where a product folder goes: a sentence
naming the path, the reason and what to do, and the output folder exactly as it was. A manifest
edited by somebody else: entries that lead outside the folder or are not entries are named and
never opened. PDFs the manifest does not list, a card of another language under a Norwegian
name, a printed number crossed by other glyphs, a tear-off tab label too long for its strip:
each caught, by name. Every case plants the defect and asserts the whole message.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pathlib
import shutil
from pathlib import Path

import pytest
import weasyprint

from generator.build import BuildOptions, build
from generator.report import BufferReporter
from generator.verify import verify
from tests.helpers import build_one, edit, helpkit

FULL = os.strerror(errno.ENOSPC)  # "No space left on device"
DENIED = os.strerror(errno.EACCES)  # "Permission denied"
AS_IT_WAS = "Nothing was published: the output folder is as it was"


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its bytes (None for a folder or a link)."""
    return {
        p.relative_to(folder).as_posix(): (
            p.read_bytes() if p.is_file() and not p.is_symlink() else None
        )
        for p in sorted(folder.rglob("*"))
    }


def last_line(result) -> str:
    """The message a failed command ended with (progress lines come before it)."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stderr.splitlines()[-1]


def fail_when(monkeypatch, name: str, code: int = errno.ENOSPC, staged: bool | None = False):
    """os.replace raises OSError(code) when it moves a file onto one called `name`: in the
    output folder (staged False), in a staging folder (True) or anywhere (None)."""
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        inside = ".helpkit-build-" in str(dst)
        if Path(dst).name == name and (staged is None or inside == staged):
            raise OSError(code, os.strerror(code))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


# -- 1. Errors while writing the output ----------------------------------------------------------


def test_a_product_folder_that_is_a_file(project_copy, tmp_path):
    out = (tmp_path / "o").resolve()
    out.mkdir()
    (out / "card-help").write_text("not a folder")
    before = snapshot(out)
    result = build_one(project_copy.root, "card-help", "nb", out)
    assert result.output == (
        f"Error: cannot write {out}/card-help/card-help-nb.pdf: {out}/card-help is a file, not a "
        f"folder; move it away, or build into another folder with --out. {AS_IT_WAS}\n"
    )
    assert result.exit_code == 1
    assert snapshot(out) == {**before, ".helpkit.lock": b""}


def test_a_folder_where_a_pdf_goes(project_copy, tmp_path):
    out = (tmp_path / "o").resolve()
    (out / "card-help" / "card-help-nb.pdf").mkdir(parents=True)
    result = build_one(project_copy.root, "card-help", "nb", out)
    assert result.output == (
        f"Error: cannot write {out}/card-help/card-help-nb.pdf: it is a folder, not a file; move "
        f"it away, or build into another folder with --out. {AS_IT_WAS}\n"
    )
    assert result.exit_code == 1
    assert sorted(snapshot(out)) == [
        ".helpkit.lock",
        "card-help",
        "card-help/card-help-nb.pdf",
    ]


def test_a_product_folder_that_leads_out_of_the_output_folder(project_copy, tmp_path):
    out = (tmp_path / "o").resolve()
    out.mkdir()
    elsewhere = (tmp_path / "elsewhere").resolve()
    elsewhere.mkdir()
    (out / "card-help").symlink_to(elsewhere)
    result = build_one(project_copy.root, "card-help", "nb", out)
    assert result.output == (
        f"Error: cannot write {out}/card-help/card-help-nb.pdf: {out}/card-help is a symlink to "
        f"{elsewhere}, outside the output folder; move it away, or build into another folder "
        f"with --out. {AS_IT_WAS}\n"
    )
    assert result.exit_code == 1
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "verb", "message"),
    [
        (
            ".helpkit-cache.json",
            "write",
            "it is a folder, not a file; move it away, or build into another folder with --out.",
        ),
        (
            ".helpkit.lock",
            "open",
            f"{os.strerror(errno.EISDIR)}; a folder stands where helpkit writes a file: move it "
            "away, or build into another folder with --out.",
        ),
    ],
)
def test_helpkits_own_files_that_are_folders(project_copy, tmp_path, name, verb, message):
    out = (tmp_path / "o").resolve()
    (out / name).mkdir(parents=True)
    result = build_one(project_copy.root, "card-help", "nb", out)
    assert result.output == f"Error: cannot {verb} {out}/{name}: {message} {AS_IT_WAS}\n"
    assert result.exit_code == 1
    assert not list(out.rglob("*.pdf"))


@pytest.fixture
def earlier(project_copy, tmp_path, monkeypatch):
    """An output folder from an earlier build (nb and en help cards) and its snapshot; the next
    build prints another date into the PDFs, so each of its files differs from the earlier."""
    out = (tmp_path / "o").resolve()
    first = build_one(project_copy.root, "card-help", "nb,en", out, "-j", "1")
    assert first.exit_code == 0, first.output
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return out, snapshot(out)


def test_a_full_disk_while_a_pdf_is_written(project_copy, earlier, monkeypatch):
    out, before = earlier
    real = pathlib.Path.write_bytes

    def write_bytes(self, data):
        if self.name == "card-help-en.pdf":
            raise OSError(errno.ENOSPC, FULL)
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    result = build_one(project_copy.root, "card-help", "nb,en", out, "-j", "1", "--force")
    assert last_line(result) == (
        f"Error: cannot write {out}/card-help/card-help-en.pdf: {FULL}; free space on its disk, "
        f"or build into another folder with --out. {AS_IT_WAS}"
    )
    assert snapshot(out) == before


def test_a_full_disk_while_the_manifest_is_written(project_copy, earlier, monkeypatch):
    out, before = earlier
    real = pathlib.Path.write_text

    def write_text(self, data, *args, **kwargs):
        if self.name == "manifest.json":
            raise OSError(errno.ENOSPC, FULL)
        return real(self, data, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", write_text)
    result = build_one(project_copy.root, "card-help", "nb,en", out, "-j", "1", "--force")
    assert last_line(result) == (
        f"Error: cannot write {out}/manifest.json: {FULL}; free space on its disk, or build "
        f"into another folder with --out. {AS_IT_WAS}"
    )
    assert snapshot(out) == before


def test_a_full_disk_while_the_cache_is_written(project_copy, earlier, monkeypatch):
    out, before = earlier
    real = pathlib.Path.write_text

    def write_text(self, data, *args, **kwargs):
        if self.name == ".helpkit-cache.json":
            raise OSError(errno.ENOSPC, FULL)
        return real(self, data, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", write_text)
    result = build_one(project_copy.root, "card-help", "nb,en", out, "-j", "1", "--force")
    assert last_line(result) == (
        f"Error: cannot write {out}/.helpkit-cache.json: {FULL}; free space on its disk, or "
        f"build into another folder with --out. {AS_IT_WAS}"
    )
    assert snapshot(out) == before


def test_a_full_disk_when_the_manifest_is_moved_into_place_puts_every_file_back(
    project_copy, earlier, monkeypatch
):
    # The PDFs and the cache are already in place when the manifest's rename fails: each is
    # put back, so the folder is byte for byte the earlier build's.
    out, before = earlier
    fail_when(monkeypatch, "manifest.json")
    result = build_one(project_copy.root, "card-help", "nb,en", out, "-j", "1", "--force")
    assert last_line(result) == (
        f"Error: cannot write {out}/manifest.json: {FULL}; free space on its disk, or build "
        f"into another folder with --out. {AS_IT_WAS}"
    )
    assert snapshot(out) == before


def test_a_folder_that_may_not_be_written_halfway_through(project_copy, earlier, monkeypatch):
    out, before = earlier
    fail_when(monkeypatch, "card-help-en.pdf", errno.EACCES)
    result = build_one(project_copy.root, "card-help", "nb,en", out, "-j", "1", "--force")
    assert last_line(result) == (
        f"Error: cannot write {out}/card-help/card-help-en.pdf: {DENIED}; make the folder "
        f"writable for you, or build into another folder with --out. {AS_IT_WAS}"
    )
    assert snapshot(out) == before


def test_a_first_build_that_fails_leaves_no_folder_behind(project_copy, tmp_path, monkeypatch):
    out = (tmp_path / "o").resolve()
    fail_when(monkeypatch, "manifest.json")
    result = build_one(project_copy.root, "card-help", "nb", out, "-j", "1")
    assert last_line(result) == (
        f"Error: cannot write {out}/manifest.json: {FULL}; free space on its disk, or build "
        f"into another folder with --out. {AS_IT_WAS}"
    )
    assert snapshot(out) == {".helpkit.lock": b""}


def test_when_putting_back_fails_too_the_message_names_each_file(
    project_copy, earlier, monkeypatch
):
    out, _ = earlier
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).name == "manifest.json" or ".replaced" in str(src):
            raise OSError(errno.ENOSPC, FULL)
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = build_one(project_copy.root, "card-help", "nb,en", out, "-j", "1", "--force")
    assert last_line(result) == (
        f"Error: cannot write {out}/manifest.json: {FULL}; free space on its disk, or build "
        "into another folder with --out. Putting back the earlier files failed too, so these "
        "may now be this build's, which the manifest does not describe: "
        f"{out}/.helpkit-cache.json, {out}/card-help/card-help-en.pdf, "
        f"{out}/card-help/card-help-nb.pdf; build again"
    )
    # Which the next build sees: their SHA-256 is not the manifest's, so they are built again
    # (the cache, put in place with this build's keys, does not make them look up to date).
    monkeypatch.setattr(os, "replace", real)
    again = build_one(project_copy.root, "card-help", "nb,en", out, "-j", "1")
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-1] == f"Built 2 file(s) into {out} (2 rendered, 0 up to date)"


def test_nothing_after_the_manifest_is_in_place_can_fail_the_build(
    project_copy, tmp_path, monkeypatch
):
    # Every write the build makes is staged first; the manifest's rename is the last one. Once
    # it has happened, every way to write a file fails: the build must not notice.
    out = (tmp_path / "o").resolve()
    moved: list[str] = []
    published = False
    real_replace, real_link, real_mkdir = os.replace, os.link, os.mkdir
    real_bytes, real_text = pathlib.Path.write_bytes, pathlib.Path.write_text

    def guard():
        if published:
            raise OSError(errno.ENOSPC, FULL)

    def replace(src, dst, *args, **kwargs):
        nonlocal published
        guard()
        real_replace(src, dst, *args, **kwargs)
        if ".helpkit-build-" not in str(dst):
            moved.append(Path(dst).relative_to(out).as_posix())
            published = Path(dst).name == "manifest.json"

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", lambda *a, **k: (guard(), real_link(*a, **k))[1])
    monkeypatch.setattr(os, "mkdir", lambda *a, **k: (guard(), real_mkdir(*a, **k))[1])
    monkeypatch.setattr(
        pathlib.Path, "write_bytes", lambda self, d: (guard(), real_bytes(self, d))[1]
    )
    monkeypatch.setattr(
        pathlib.Path,
        "write_text",
        lambda self, d, *a, **k: (guard(), real_text(self, d, *a, **k))[1],
    )
    result = build_one(project_copy.root, "card-help", "nb,en", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert moved == [
        "card-help/card-help-nb.pdf",
        "card-help/card-help-en.pdf",
        ".helpkit-cache.json",
        "manifest.json",
    ]
    monkeypatch.undo()
    assert verify([out], load(project_copy)).failures == []


def load(project):
    from generator.content.load import load_content

    return load_content(project.root)


# -- 2. Manifest entries that are not what they seem ---------------------------------------------


@pytest.fixture(scope="module")
def built(repo_project, tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile-out")
    build(
        repo_project,
        BuildOptions(products=["card-help"], langs=["nb", "en", "nn", "ar", "ur"], out=out, jobs=2),
        BufferReporter(),
    )
    build(
        repo_project,
        BuildOptions(products=["card-professional"], langs=["nb", "nn"], out=out, jobs=2),
        BufferReporter(),
    )
    return out


@pytest.fixture
def out(built, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(built, copy)
    return copy.resolve()


def read_manifest(out):
    return json.loads((out / "manifest.json").read_text())


def save(out, data):
    (out / "manifest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))


def failed(out, content):
    return {(f.file, f.check): f.detail for f in verify([out], content).failures}


def plant_entry(out, index_of, change):
    """Replace the entry of card-help-en.pdf by `change(entry)`; the files list's index."""
    data = read_manifest(out)
    index = next(i for i, f in enumerate(data["files"]) if f["path"] == index_of)
    data["files"][index] = change(dict(data["files"][index]))
    save(out, data)
    return index


def entry_with(**fields):
    def change(entry):
        for key, value in fields.items():
            if value is ...:
                del entry[key]
            else:
                entry[key] = value
        return entry

    return change


EN = "card-help/card-help-en.pdf"
UNLISTED = {(EN, "listed"): f"not in the manifest: {EN}; rebuild or remove it"}
# case: (how the entry is changed, why it is refused, whether its path still names the file)
REFUSED = {
    "absolute": (
        entry_with(path="/etc/passwd"),
        'has an absolute path, "/etc/passwd"; paths in a manifest are relative to its folder',
        False,
    ),
    "up a folder": (
        entry_with(path="../outside/card-help-en.pdf"),
        "has a path that goes up a folder with '..', \"../outside/card-help-en.pdf\"",
        False,
    ),
    "up a folder inside": (
        entry_with(path="card-help/../../card-help-en.pdf"),
        "has a path that goes up a folder with '..', \"card-help/../../card-help-en.pdf\"",
        False,
    ),
    "not text": (entry_with(path=42), 'has a "path" that is 42, not text', False),
    "no path": (entry_with(path=...), 'has no "path"', False),
    "empty path": (entry_with(path=""), 'has an empty "path"', False),
    "a control character": (
        entry_with(path="card-help/\x1b[2Jcard.pdf"),
        'has a path with a control character or a backslash, "card-help/\\u001b[2Jcard.pdf"',
        False,
    ),
    "not an object": (lambda entry: EN, f'is "{EN}", not an object', False),
    "pages not a number": (
        entry_with(pages="2"),
        'has a "pages" that is "2", not a whole number',
        True,
    ),
    "qr not a list": (
        entry_with(qr="tel:+4722331160"),
        'has a "qr" that is "tel:+4722331160", not a list of text',
        True,
    ),
    "langs not a list": (
        entry_with(langs=7),
        'has a "langs" that is 7, not a list of text',
        True,
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_an_entry_that_is_not_trusted_is_named_and_never_opened(out, content, case):
    change, why, names_the_file = REFUSED[case]
    index = plant_entry(out, EN, change)
    found = failed(out, content)
    name = EN if names_the_file else f"manifest.json files[{index}]"
    assert found.pop((name, "manifest entry")) == (
        f"manifest.json files[{index}] {why}. Not trusted: its file is not opened; build again "
        "to drop the entry, or correct it"
    )
    # Nothing else is checked for it. A PDF its path no longer names is one the manifest omits.
    assert found == ({} if names_the_file else UNLISTED)


def test_an_entry_that_a_symlink_leads_out_of_the_folder(out, content, tmp_path):
    # The entry's path is plain, but its product folder is a link to a folder elsewhere.
    outside = (tmp_path / "elsewhere").resolve()
    outside.mkdir()
    shutil.copy(out / EN, outside / "card-help-en.pdf")
    (out / "linked").symlink_to(outside)
    index = plant_entry(out, EN, entry_with(path="linked/card-help-en.pdf"))
    os.remove(out / EN)
    found = failed(out, content)
    assert found == {
        (f"manifest.json files[{index}]", "manifest entry"): (
            f"manifest.json files[{index}] has a path that a symlink leads outside the output "
            f'folder, to {outside}/card-help-en.pdf: "linked/card-help-en.pdf". Not trusted: '
            "its file is not opened; build again to drop the entry, or correct it"
        )
    }


def test_a_file_that_is_a_symlink_out_of_the_folder(out, content, tmp_path):
    outside = (tmp_path / "secret.pdf").resolve()
    shutil.copy(out / EN, outside)
    os.remove(out / EN)
    (out / EN).symlink_to(outside)
    index = next(i for i, f in enumerate(read_manifest(out)["files"]) if f["path"] == EN)
    assert failed(out, content) == {
        (f"manifest.json files[{index}]", "manifest entry"): (
            f"manifest.json files[{index}] has a path that a symlink leads outside the output "
            f'folder, to {outside}: "{EN}". Not trusted: its file is not opened; build again to '
            "drop the entry, or correct it"
        )
    }


def test_a_repeated_entry_is_refused(out, content):
    data = read_manifest(out)
    first = next(i for i, f in enumerate(data["files"]) if f["path"] == EN)
    data["files"].append(dict(data["files"][first]))
    save(out, data)
    last = len(data["files"]) - 1
    assert failed(out, content) == {
        (EN, "manifest entry"): (
            f'manifest.json files[{last}] repeats the path of files[{first}], "{EN}". Not '
            "trusted: its file is not opened; build again to drop the entry, or correct it"
        )
    }


def test_a_build_drops_what_it_does_not_trust(out, repo_project):
    data = read_manifest(out)
    data["files"] += [
        {"path": "/etc/passwd", "product": "card-help"},
        {"path": "../x.pdf"},
        "card-help/card-help-nb.pdf",
    ]
    save(out, data)
    n = len(data["files"])
    result = build_one(repo_project.root, "card-help", "nb", out)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f'warning: {out}/manifest.json: files[{n - 3}] has an absolute path, "/etc/passwd"; '
        "paths in a manifest are relative to its folder. Not trusted: left out of the new "
        "manifest",
        f"warning: {out}/manifest.json: files[{n - 2}] has a path that goes up a folder with "
        "'..', \"../x.pdf\". Not trusted: left out of the new manifest",
        f'warning: {out}/manifest.json: files[{n - 1}] is "card-help/card-help-nb.pdf", not an '
        "object. Not trusted: left out of the new manifest",
    ]
    paths = [f["path"] for f in read_manifest(out)["files"]]
    assert paths == sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))


# -- 3. PDFs the manifest does not list ----------------------------------------------------------


def test_pdfs_left_by_a_lost_manifest_fail_verify(project_copy, tmp_path, content):
    out = (tmp_path / "o").resolve()
    assert build_one(project_copy.root, "card-help", "nb,en", out).exit_code == 0
    # The manifest is damaged, moved away, and only Norwegian is built again.
    (out / "manifest.json").rename(tmp_path / "damaged.json")
    result = build_one(project_copy.root, "card-help", "nb", out)
    assert result.exit_code == 0, result.output
    assert (
        f"warning: 1 PDF file(s) in {out} are not in its manifest, so helpkit verify fails "
        "until each is built again or removed: card-help/card-help-en.pdf"
    ) in result.stderr.splitlines()
    assert failed(out, load(project_copy)) == {
        (EN, "listed"): f"not in the manifest: {EN}; rebuild or remove it"
    }
    checked = helpkit(project_copy.root, "verify", out)
    assert checked.exit_code == 1
    assert (
        f"{EN}  listed                           FAIL  not in the manifest: {EN}; rebuild or "
        "remove it"
    ) in checked.output.splitlines()


def test_any_pdf_the_manifest_omits_is_named(out, content):
    shutil.copy(out / EN, out / "card-help" / "copy.pdf")
    (out / "extra" / "deep").mkdir(parents=True)
    shutil.copy(out / EN, out / "extra" / "deep" / "card.PDF")
    # A running build's staging folder is its own business.
    (out / ".helpkit-build-x").mkdir()
    shutil.copy(out / EN, out / ".helpkit-build-x" / "card.pdf")
    assert failed(out, content) == {
        ("card-help/copy.pdf", "listed"): (
            "not in the manifest: card-help/copy.pdf; rebuild or remove it"
        ),
        ("extra/deep/card.PDF", "listed"): (
            "not in the manifest: extra/deep/card.PDF; rebuild or remove it"
        ),
    }


# -- 4. A file in another language with its entry edited to match --------------------------------


def swap(out, source, target):
    """Copy `source` over `target` and edit the manifest's sha256 to match, as a person would."""
    shutil.copy(out / source, out / target)
    digest = hashlib.sha256((out / target).read_bytes()).hexdigest()
    plant_entry(out, target, entry_with(sha256=digest))


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (
            EN,
            "card-help/card-help-nb.pdf",
            {
                "text ui:help.outer_title (nb)": "page 1 does not read 'Helse og hjelp' (nb, "
                "ui:help.outer_title): this is not the card-help in Norwegian Bokmål; build it "
                "again",
                "text ui:help.q1 (nb)": "page 2 does not read 'Blir du tvunget til å jobbe?' (nb, "
                "ui:help.q1): this is not the card-help in Norwegian Bokmål; build it again",
            },
        ),
        (
            "card-help/card-help-ar.pdf",
            "card-help/card-help-ur.pdf",
            {
                "text ui:help.outer_title (ur)": "page 1 does not read 'صحت اور مدد' (ur, "
                "ui:help.outer_title): this is not the card-help in Urdu; build it again",
                "text ui:help.q1 (ur)": "page 2 does not read 'کیا آپ کو کام کرنے پر "
                "مجبور کیا جاتا ہے؟' (ur, ui:help.q1): this is not the card-help in Urdu; build "
                "it again",
            },
        ),
        (
            "card-professional/card-professional-nn.pdf",
            "card-professional/card-professional-nb.pdf",
            {
                "text ui:pro.title (nb)": "page 1 does not read 'Bekymret for at noen blir "
                "utnyttet?' (nb, ui:pro.title): this is not the card-professional in Norwegian "
                "Bokmål; build it again",
            },
        ),
    ],
)
def test_a_card_of_another_language_under_its_name(out, content, source, target, expected):
    swap(out, source, target)
    found = failed(out, content)
    assert found == {(target, check): detail for check, detail in expected.items()}


def test_the_language_is_read_back_from_the_files_helpkit_built(out, content):
    report = verify([out], content)
    assert report.failures == []
    read = {(f.file, f.check) for f in report.findings if f.check.startswith("text ")}
    assert ("card-help/card-help-ur.pdf", "text ui:help.q1 (ur)") in read
    assert (
        "card-professional/card-professional-nn.pdf",
        "text section:acute:question (nn)",
    ) in read
    assert len(read) == 2 * 7  # a title and a text of the guidance in each file


# -- 5. Glyphs that cross a printed number -------------------------------------------------------

CARD = (
    "<style>@page {{ size: 85.6mm 54mm; bleed: 3mm; margin: 0 }} body {{ margin: 5mm; "
    "font-family: 'Noto Sans'; font-size: 9pt }} p {{ margin: 0 }}</style>{body}"
    "<p style='break-before: page'>x</p>"
)


def replace_pdf(out, rel, body):
    pdf = weasyprint.HTML(string=CARD.format(body=body)).write_pdf()
    (out / rel).write_bytes(pdf)
    plant_entry(out, rel, entry_with(sha256=hashlib.sha256(pdf).hexdigest()))


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            # Sixty combining marks below a letter hang down through the digits below it.
            "<p>Ring x" + "\u0331" * 60 + " oss</p><p>22 33 11 60</p>",
            "page 1: 5 glyph(s) cross its digits, first U+0331 COMBINING MACRON BELOW over the "
            "'3' (by 0.6 pt)",
        ),
        (
            # A letter placed on top of a digit.
            "<p>22 33 11 60</p><p style='position: absolute; left: 5mm; top: 5mm'>X</p>",
            "page 1: 1 glyph(s) cross its digits, first 'X' over the '2' (by 4.2 pt)",
        ),
        (
            # The line above set so tight that its descenders reach into the number.
            "<p style='line-height: 0.2'>gjpqy gjpqy gjpqy</p><p>22 33 11 60</p>",
            "page 1: 10 glyph(s) cross its digits, first 'g' over the '2' (by 1.7 pt)",
        ),
    ],
)
def test_a_glyph_crossing_a_printed_number(out, content, body, detail):
    replace_pdf(out, EN, body)
    found = failed(out, content)
    assert found[(EN, "number rosa clear")] == (
        f"{detail}; a crossed digit can be misread: remove what crosses 22 33 11 60 and build again"
    )
    assert (EN, "number rosa") not in found  # it is printed, in order: only crossed


def test_a_clean_number_next_to_text_is_clear(out, content):
    replace_pdf(out, EN, "<p>Ring oss.</p><p>Telefon 22 33 11 60.</p><p>Hjelp</p>")
    assert (EN, "number rosa clear") not in failed(out, content)


# -- 6. A tear-off tab label too long for its strip ----------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "lang", "over"),
    [
        (
            "translations/en.po",
            'msgctxt "contact:rosa:name"\nmsgid "ROSA"\nmsgstr "ROSA"',
            'msgctxt "contact:rosa:name"\nmsgid "ROSA"\nmsgstr "ROSA, the helpline for adults"',
            "en",
            "22.5",
        ),
        (
            "contacts.yaml",
            "  - id: rosa\n    kind: helpline\n    name: ROSA",
            "  - id: rosa\n    kind: helpline\n    name: ROSA-telefonen for voksne",
            "nb",
            "17.1",
        ),
    ],
)
def test_a_tab_label_too_long_for_its_strip(project_copy, tmp_path, file, old, new, lang, over):
    edit(project_copy.content / file, old, new)
    label = new.rsplit('"', 2)[-2] if file.endswith(".po") else new.rsplit(": ", 1)[-1]
    out = tmp_path / "o"
    result = build_one(project_copy.root, "poster", lang, out, "--tabs", "--no-verify")
    assert last_line(result) == (
        f"Error: poster ({lang}): page 1: {label!r} (turned, as on a tear-off tab) runs {over} mm "
        "out of the top of its footer, over the page above it; shorten the text"
    )
    assert not list(out.rglob("*.pdf"))


def test_the_tab_labels_of_the_catalogue_fit(project_copy, tmp_path):
    result = build_one(project_copy.root, "poster", "nb,ar", tmp_path / "o", "--tabs")
    assert result.exit_code == 0, result.output


# -- 7. helpkit preview writes into the project's output folder ----------------------------------


def test_preview_writes_into_the_projects_output_folder(project_copy, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = helpkit(project_copy.root, "preview", "--product", "card-help", "--lang", "nb")
    assert result.exit_code == 0, result.output
    folder = project_copy.root / "output" / "preview"
    assert sorted(p.name for p in folder.iterdir()) == [
        "card-help-nb-p1.png",
        "card-help-nb-p2.png",
        "contact-sheet.png",
    ]
    assert list(elsewhere.iterdir()) == []


def test_a_full_disk_during_a_preview_leaves_its_folder_as_it_was(
    project_copy, tmp_path, monkeypatch
):
    folder = (tmp_path / "pictures").resolve()
    folder.mkdir()
    (folder / "card-help-nb-p1.png").write_bytes(b"an earlier picture")
    before = snapshot(folder)
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).name == "contact-sheet.png":
            raise OSError(errno.ENOSPC, FULL)
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = helpkit(
        project_copy.root, "preview", "--product", "card-help", "--lang", "nb", "--out", folder
    )
    assert last_line(result) == (
        f"Error: cannot write {folder}/contact-sheet.png: {FULL}; free space on its disk, or "
        f"build into another folder with --out. {AS_IT_WAS}"
    )
    assert snapshot(folder) == before
