"""Every command finds the repository root by walking up to mkdocs.yml, wherever it is run."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import FIXTURES, ROOT, run_cli

from infra_atlas.model import KINDS

GOOD = FIXTURES / "good"


def _atlas(tmp_path: Path) -> Path:
    root = tmp_path / "atlas"
    shutil.copytree(GOOD, root)
    (root / "mkdocs.yml").write_text("site_name: Test atlas\n", "utf-8")
    return root


def test_check_from_a_record_folder_checks_the_whole_atlas(tmp_path: Path) -> None:
    root = _atlas(tmp_path)
    paper = root / "papers" / "kwon2023-pagedattention.yaml"
    paper.write_text(paper.read_text("utf-8").replace("year: 2023", "year: twenty"), "utf-8")
    result = run_cli("check", cwd=root / "techniques")
    assert result.returncode == 1, result.stdout
    assert (
        "papers/kwon2023-pagedattention.yaml:6:7: error: year: 'twenty' should be a whole number"
    ) in result.stdout.splitlines()


def test_new_from_a_record_folder_writes_into_the_kinds_folder(tmp_path: Path) -> None:
    root = _atlas(tmp_path)
    result = run_cli("new", "technique", "my-technique", cwd=root / "techniques")
    assert result.returncode == 0, result.stderr
    assert (root / "techniques" / "my-technique.yaml").is_file()
    assert not (root / "techniques" / "techniques").exists()
    assert result.stdout.startswith("wrote my-technique.yaml")


def test_schema_check_from_a_subfolder_reads_the_repositorys_schemas() -> None:
    result = run_cli("schema", "--check", cwd=ROOT / "techniques")
    assert result.returncode == 0, result.stdout


def test_search_from_a_subfolder_searches_the_atlas(tmp_path: Path) -> None:
    root = _atlas(tmp_path)
    result = run_cli("search", "vLLM", cwd=root / "glossary")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "vllm"


def test_a_record_saved_at_the_repository_root_is_reported(tmp_path: Path) -> None:
    root = _atlas(tmp_path)
    shutil.copy(root / "techniques" / "paged-attention.yaml", root / "moba.yaml")
    result = run_cli("check", cwd=root)
    assert result.returncode == 1
    folders = ", ".join(KINDS)  # declared once, with the kinds
    assert result.stdout.splitlines()[0] == (
        "moba.yaml:1:1: error: a record at the repository root is never read; move it into "
        f"the folder of its kind: {folders}"
    )


def test_outside_any_atlas_the_command_says_where_it_looked(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: no mkdocs.yml in {tmp_path} or any folder above it: run infra-atlas inside "
        "the atlas repository, or pass --root\n"
    )


def test_an_empty_root_is_not_reported_as_a_passing_atlas(tmp_path: Path) -> None:
    result = run_cli("--root", str(tmp_path), "check")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: no record files under {tmp_path}")
