from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import BuildOptions, BuildResult, build
from generator.content.load import load_content
from generator.content.model import Content
from generator.project import Project, find_project
from generator.report import BufferReporter

REPO = Path(__file__).resolve().parent.parent
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
