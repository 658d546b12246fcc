"""The contributor commands: new, schema."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import ROOT, run_cli

from infra_atlas.model import KINDS
from infra_atlas.schema import schemas


def test_committed_schemas_match_the_models() -> None:
    for path, text in schemas().items():
        assert (ROOT / path).read_text("utf-8") == text, f"{path} is stale: run infra-atlas schema"
    assert run_cli("schema", "--check").returncode == 0


def test_schema_check_names_a_stale_file(tmp_path: Path) -> None:
    result = run_cli("--root", str(tmp_path), "schema", "--check")
    assert result.returncode == 1
    assert "schema/paper.schema.json: out of date; run 'infra-atlas schema'" in result.stdout


def test_schema_rejects_unknown_fields_and_lists_relation_types() -> None:
    schema = json.loads((ROOT / "schema" / "framework.schema.json").read_text("utf-8"))
    assert schema["additionalProperties"] is False
    relation = schema["$defs"]["RelationIn"]["properties"]["type"]
    assert "succeeds" in relation["enum"]
    # Support is written as claims with a state and a source, never as a bare relation.
    assert "implements" not in relation["enum"]
    claim = schema["$defs"]["SupportIn"]
    assert claim["properties"]["state"]["enum"] == ["supported", "partial", "unsupported"]
    assert set(claim["required"]) == {"technique", "state", "source"}


def test_new_writes_an_annotated_skeleton_for_every_kind(tmp_path: Path) -> None:
    for kind in KINDS.values():
        result = run_cli("--root", str(tmp_path), "new", kind.name, f"my-{kind.name}")
        assert result.returncode == 0, result.stderr
        path = tmp_path / kind.folder / f"my-{kind.name}.yaml"
        text = path.read_text("utf-8")
        assert text.splitlines()[0] == (
            f"# yaml-language-server: $schema=../schema/{kind.name}.schema.json"
        )
        data = yaml.safe_load(text)
        assert data["id"] == f"my-{kind.name}"
        # Every field of the model is explained on its line; the optional ones are comments.
        required = {f for f, info in kind.model.model_fields.items() if info.is_required()}
        assert set(data) == required
        for field, info in kind.model.model_fields.items():
            start = field if info.is_required() else f"# {field}"
            line = next(ln for ln in text.splitlines() if ln.startswith(f"{start}:"))
            assert ("# required" if info.is_required() else "# optional") in line


def test_new_refuses_bad_input(tmp_path: Path) -> None:
    result = run_cli("--root", str(tmp_path), "new", "framwork", "x")
    assert result.returncode == 1
    assert "unknown kind 'framwork' (did you mean 'framework'?)" in result.stderr
    result = run_cli("--root", str(tmp_path), "new", "framework", "Bad_Id")
    assert result.returncode == 1 and "must be kebab-case" in result.stderr
    assert run_cli("--root", str(tmp_path), "new", "framework", "x").returncode == 0
    again = run_cli("--root", str(tmp_path), "new", "framework", "x")
    assert again.returncode == 1 and "already exists" in again.stderr
