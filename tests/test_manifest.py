"""manifest.json is read strictly, by one module: a foreign or damaged one is named, never
overwritten and never a traceback."""

from __future__ import annotations

import json

import pytest

from generator import manifest
from tests.helpers import build_one, helpkit

FOREIGN = {
    "not JSON": ("{files: [", "it is not JSON"),
    "a list": ("[1, 2]", "it is not a JSON object"),
    "files not a list": ('{"generator": "0.1.0", "files": {"a": 1}}', 'it has no "files" list'),
    "no generator": ('{"files": []}', 'it does not say which "generator" wrote it'),
    "not UTF-8": (b"\xff\xfe{}", "it is not UTF-8 text"),
}


@pytest.mark.parametrize("case", sorted(FOREIGN))
def test_a_foreign_manifest_stops_the_build_and_is_not_overwritten(repo_project, tmp_path, case):
    body, why = FOREIGN[case]
    out = tmp_path / "out"
    out.mkdir()
    path = out / "manifest.json"
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    before = path.read_bytes()
    result = build_one(repo_project.root, "card-help", "nb", out, "--no-verify")
    assert result.exit_code == 1
    assert f"{path} is not a helpkit manifest: {why}" in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    # Nothing written beside it (the build's lock file aside).
    assert sorted(p.name for p in out.iterdir()) == [".helpkit.lock", "manifest.json"]
    checked = helpkit(repo_project.root, "verify", out)
    assert checked.exit_code == 1
    assert f"{path} is not a helpkit manifest: {why}" in checked.output


def test_a_manifest_that_is_a_folder_is_named(tmp_path):
    (tmp_path / "manifest.json").mkdir()
    with pytest.raises(manifest.ManifestError, match="is not a helpkit manifest: it is a folder"):
        manifest.read(tmp_path / "manifest.json")


def test_entries_of_another_shape_are_kept_but_not_records(tmp_path):
    path = tmp_path / "manifest.json"
    old = {"path": "card-help/card-help-nb.pdf", "product": "card-help"}
    path.write_text(json.dumps({"generator": "0.0.1", "files": [old, {"no": "path"}]}))
    assert manifest.read(path) == [old]
    assert manifest.FileRecord.of(old) is None
