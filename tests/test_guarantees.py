"""What the README guarantees of a record that passes the check holds, as it is worded."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import FIXTURES, ROOT, run_cli


def _guarantee(start: str) -> str:
    text = " ".join((ROOT / "README.md").read_text("utf-8").split())
    at = text.index(start)
    return text[at : text.index(";", at)]


def test_names_are_unique_within_a_kind_as_the_readme_says(tmp_path: Path) -> None:
    assert "every other record of the same kind" in _guarantee("- have an id unique")
    root = tmp_path / "atlas"
    shutil.copytree(FIXTURES / "good", root)
    paper = root / "papers" / "kwon2023-pagedattention.yaml"
    paper.write_text(paper.read_text("utf-8").replace("name: PagedAttention", "name: vLLM"))
    assert run_cli("--root", str(root), "check").returncode == 0  # a paper and its system
    framework = root / "frameworks" / "tensorrt-llm.yaml"
    text = framework.read_text("utf-8")
    framework.write_text(text.replace("name: TensorRT-LLM", "name: VLLM"))
    result = run_cli("--root", str(root), "check")
    assert result.stdout.splitlines()[:-1] == [
        "frameworks/vllm.yaml:3:7: error: name: 'vLLM' is the same name as 'VLLM' of "
        "frameworks/tensorrt-llm.yaml; merge the records or make the names distinct"
    ]
