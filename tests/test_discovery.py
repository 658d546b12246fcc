"""Record discovery: editor artefacts are skipped, odd entries named like records are located
errors (never a traceback), and a warm build cache never hides them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import run_cli

from infra_atlas import pipeline


def test_an_editor_lock_file_is_not_a_record(atlas: Path) -> None:
    # Emacs marks a file being edited with a dangling link named .#<file>.
    os.symlink("user@host.1234:1700000000", atlas / "techniques" / ".#paged-attention.yaml")
    result = run_cli("--root", str(atlas), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: 13 records")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.mkdir(),
            "techniques/x.yaml:1:1: error: this is a folder, not a record file; a record is a "
            "file named <id>.yaml: rename or remove the folder",
        ),
        (
            lambda p: os.symlink("nowhere.yaml", p),
            "techniques/x.yaml:1:1: error: this is a link to a missing file (nowhere.yaml); "
            "remove it or point it at the record",
        ),
        (
            lambda p: os.mkfifo(p),
            "techniques/x.yaml:1:1: error: this is not a regular file; a record is a plain "
            "text file: remove it",
        ),
    ],
    ids=["folder", "dangling-link", "fifo"],
)
def test_an_odd_entry_named_like_a_record_is_one_located_error(atlas: Path, make, message) -> None:
    make(atlas / "techniques" / "x.yaml")
    result = run_cli("--root", str(atlas), "check")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert result.stdout.splitlines() == [message, "1 error in 1 file"]


def test_a_warm_build_cache_does_not_hide_an_odd_entry(atlas: Path) -> None:
    pipeline.run(atlas, cache_dir=atlas / ".cache", site_name="t")
    (atlas / "techniques" / "x.yaml").mkdir()
    with pytest.raises(pipeline.AtlasErrors) as failed:
        pipeline.run(atlas, cache_dir=atlas / ".cache", site_name="t")
    assert [d.path for d in failed.value.diagnostics] == ["techniques/x.yaml"]


def test_a_warm_build_cache_does_not_hide_a_misplaced_record(atlas: Path) -> None:
    pipeline.run(atlas, cache_dir=atlas / ".cache", site_name="t")
    shutil.copy(atlas / "techniques" / "paged-attention.yaml", atlas / "moba.yaml")
    with pytest.raises(pipeline.AtlasErrors) as failed:
        pipeline.run(atlas, cache_dir=atlas / ".cache", site_name="t")
    assert [d.path for d in failed.value.diagnostics] == ["moba.yaml"]
