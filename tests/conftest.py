from __future__ import annotations

import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from generator.build import BuildOptions, BuildResult, build
from generator.content.load import load_content
from generator.content.model import Content
from generator.project import Project, find_project
from generator.report import BufferReporter

# CI explores the same examples every run (a failure there must be reproducible); a developer's
# run explores new ones. Every example hypothesis finds becomes a fixed test case.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent

_invoke = CliRunner.invoke


def _invoke_without_traceback(self: CliRunner, *args: object, **kwargs: object) -> Result:
    """Every command any test runs: whatever it prints, it is never a Python traceback."""
    result = _invoke(self, *args, **kwargs)  # type: ignore[arg-type]
    assert "Traceback" not in result.output, result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"helpkit raised instead of reporting: {result.exception!r}")
    return result


@pytest.fixture(autouse=True)
def _no_command_prints_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CliRunner, "invoke", _invoke_without_traceback)


FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def repo_project() -> Project:
    return find_project(REPO)


@pytest.fixture(scope="session")
def content(repo_project: Project) -> Content:
    return load_content(repo_project.root)


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A project folder holding a copy of the real content/ (templates come from the bundle)."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    return find_project(tmp_path)


@pytest.fixture(scope="session")
def built_cards(repo_project: Project, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The professional card in nb and en, built once for every PDF test."""
    out = tmp_path_factory.mktemp("cards")
    return build(
        repo_project,
        BuildOptions(products=["card-professional"], langs=["nb", "en"], out=out),
        BufferReporter(),
    )


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every GET and remembers it: a render must never reach it."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"p { color: red }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recording_server() -> Iterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1: (base URL, the paths it was asked for).

    The port is below 10000: five digits in a row would be refused as a typed phone number.
    """
    _Recorder.hits = []
    server = None
    for port in range(8731, 9999, 17):
        try:
            server = http.server.HTTPServer(("127.0.0.1", port), _Recorder)
            break
        except OSError:
            continue
    assert server is not None, "no free port"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    finally:
        server.shutdown()
        server.server_close()
