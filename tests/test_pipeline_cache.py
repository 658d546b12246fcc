"""The whole-output cache: an unchanged atlas is not rebuilt, any changed input is."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import FIXTURES

from infra_atlas import pipeline


def _run(project: Path) -> pipeline.Output:
    return pipeline.run(project, cache_dir=project / ".cache", site_name="t")


def test_an_unchanged_atlas_comes_from_the_cache_and_a_change_does_not(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "good", project)
    first = _run(project)
    assert "check" in first.timings
    again = _run(project)
    assert list(again.timings) == ["cached"] and again.figures_drawn == 0
    assert again.pages == first.pages and again.files == first.files

    record = project / "frameworks" / "vllm.yaml"
    record.write_text(record.read_text("utf-8").replace("name: vLLM", "name: vLLM Next"), "utf-8")
    changed = _run(project)
    assert "check" in changed.timings
    assert "vLLM Next" in changed.pages["frameworks/vllm.md"]
    assert len(list((project / ".cache").glob("output-*.pickle"))) == 1


def test_a_torn_cache_file_is_a_miss(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "good", project)
    first = _run(project)
    (cached,) = (project / ".cache").glob("output-*.pickle")
    cached.write_bytes(cached.read_bytes()[:100])
    again = _run(project)
    assert "check" in again.timings and again.pages == first.pages
