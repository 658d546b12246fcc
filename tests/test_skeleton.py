"""The loop a newcomer follows: `new`, fill in the required fields, `check`, `search`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, run_cli

from infra_atlas.model import KINDS

# What a contributor types after each required field's colon.
TYPED = {
    "name": "My record",
    "term": "My term",
    "vendor": "ACME",
    "year": "2020",
    "start": "2020",
}


def _fill(text: str) -> str:
    """The skeleton with every required field filled in, and nothing else touched."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        field = re.match(r"(\w+):(\s+#.*)?$", line)
        if field is None or "# required" not in line:
            continue
        name = field.group(1)
        if name in TYPED:
            lines[i] = line.replace(":", f": {TYPED[name]}", 1)
        elif "one of: " in line:
            lines[i] = line.replace(":", ": " + line.split("one of: ")[1].split(",")[0], 1)
    text = "\n".join(lines) + "\n"
    # Block text: the indented line below 'summary: |' (or narrative, definition).
    text = re.sub(r"(?m)^(\w+: \|  # required.*\n)  $", r"\1  Written in my own words.", text)
    return text.replace("  - https://\n", "  - https://example.org/my-source\n")


@pytest.mark.parametrize("kind", [k.name for k in KINDS.values()])
def test_a_skeleton_with_its_required_fields_filled_passes(tmp_path: Path, kind: str) -> None:
    assert run_cli("--root", str(tmp_path), "new", kind, "my-record").returncode == 0
    (path,) = tmp_path.glob("*/my-record.yaml")
    path.write_text(_fill(path.read_text("utf-8")), "utf-8")
    result = run_cli("--root", str(tmp_path), "check")
    assert result.returncode == 0, path.read_text("utf-8") + result.stdout
    assert result.stdout.startswith("ok: 1 records")


def test_an_optional_line_left_empty_says_it_can_be_deleted(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "good", tmp_path / "atlas")
    path = tmp_path / "atlas" / "techniques" / "paged-attention.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("name_zh: 分页注意力", "name_zh: ''\naliases:"), "utf-8")
    result = run_cli("--root", str(tmp_path / "atlas"), "check")
    assert result.stdout.splitlines()[:-1] == [
        "techniques/paged-attention.yaml:4:10: error: name_zh: is empty; fill it in, or delete "
        "the line (it is optional)",
        "techniques/paged-attention.yaml:5:9: error: aliases: is empty; fill it in, or delete "
        "the line (it is optional)",
    ]


def test_a_required_line_left_empty_says_what_it_needs(tmp_path: Path) -> None:
    run_cli("--root", str(tmp_path), "new", "technique", "my-technique")
    result = run_cli("--root", str(tmp_path), "check")
    assert result.returncode == 1
    messages = result.stdout.splitlines()
    assert "techniques/my-technique.yaml:6:6: error: name: is empty; give it text" in messages
    assert (
        "techniques/my-technique.yaml:32:10: error: category: is empty; choose one of: "
        "parallelism, memory, scheduling, kernels, quantization, decoding, attention, "
        "architecture, communication, precision, fault-tolerance, serving, training-method"
    ) in messages


def test_search_works_while_a_record_has_errors(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "good", tmp_path / "atlas")
    path = tmp_path / "atlas" / "frameworks" / "vllm.yaml"
    path.write_text(path.read_text("utf-8").replace("year: 2023", "year: twenty"), "utf-8")
    result = run_cli("--root", str(tmp_path / "atlas"), "search", "continuous batching")
    assert result.returncode == 0
    assert result.stdout.split()[1] == "continuous-batching"
    assert result.stderr == (
        "note: the atlas has 1 error in 1 file (run 'infra-atlas check'); 1 record with errors "
        "of its own is not searched\n"
    )
