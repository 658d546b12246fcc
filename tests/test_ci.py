"""What CI shows a contributor: the change summary always, and strict-build warnings inline."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import FIXTURES, ROOT, make_project

from infra_atlas.annotations import GitHubAnnotations


def _steps(workflow: str) -> dict[str, dict]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / workflow).read_text("utf-8"))
    return {step.get("name", ""): step for job in data["jobs"].values() for step in job["steps"]}


def test_the_change_summary_is_written_even_when_a_check_failed() -> None:
    (step,) = [s for name, s in _steps("pr.yml").items() if name.startswith("Summarise")]
    assert "!cancelled()" in step["if"] and "pull_request" in step["if"]


def test_strict_build_warnings_are_annotated_on_the_file(tmp_path: Path) -> None:
    project = make_project(FIXTURES / "good", tmp_path / "project")
    about = project / "docs" / "about.md"
    about.write_text(about.read_text("utf-8") + "\nSee [the missing page](missing.md).\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GITHUB_ACTIONS": "true"},
    )
    assert result.returncode == 1
    assert (
        "::error file=docs/about.md,title=mkdocs build --strict::Doc file 'about.md' contains a "
        "link 'missing.md', but the target is not found among documentation files."
    ) in result.stdout.splitlines()


def test_a_warning_on_a_generated_page_is_annotated_on_its_yaml_file(capsys) -> None:
    handler = GitHubAnnotations({"frameworks/vllm.md": "frameworks/vllm.yaml"}.get, "docs")
    message = "Doc file 'frameworks/vllm.md' contains an unrecognized relative link 'x/'."
    handler.emit(logging.LogRecord("mkdocs", logging.WARNING, "", 0, message, None, None))
    assert capsys.readouterr().out == (
        f"::error file=frameworks/vllm.yaml,title=mkdocs build --strict::{message}\n"
    )
