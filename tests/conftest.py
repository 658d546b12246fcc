"""Fixtures: strict builds of the fixture tree and of the real atlas (once per session), and a
fresh copy of the fixture tree to break (per test)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, build_site, make_project


@pytest.fixture(scope="session")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good fixture tree, built strictly once for the whole session."""
    base = tmp_path_factory.mktemp("good")
    project = make_project(FIXTURES / "good", base / "project")
    result = build_site(project, base / "site")
    assert result.returncode == 0, result.stderr
    return base / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real atlas, built strictly once for the whole session."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def atlas(tmp_path: Path) -> Path:
    """A copy of the good fixture tree, for a test to edit."""
    shutil.copytree(FIXTURES / "good", tmp_path / "atlas")
    return tmp_path / "atlas"
