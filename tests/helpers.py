"""Helpers shared by the tests: paths, the CLI, and strict builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the installed command as a contributor would, capturing everything it prints."""
    return subprocess.run(
        [sys.executable, "-m", "infra_atlas.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def build_site(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def make_project(records: Path, dest: Path) -> Path:
    """A buildable project: the given record folders plus the real mkdocs.yml and docs/."""
    shutil.copytree(records, dest, ignore=shutil.ignore_patterns("expected.txt"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    return dest


def edit(path: Path, old: str, new: str, count: int = -1) -> None:
    """Replace `old` in a file (every occurrence, or the first `count`); it must be there."""
    text = path.read_text("utf-8")
    assert old in text, f"{path} has no {old!r}"
    path.write_text(text.replace(old, new, count), "utf-8")
