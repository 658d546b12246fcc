"""Kinds are declared once: a new kind is a model and a declaration, and every page, menu,
index, export and check follows, with no other module touched."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import FIXTURES, make_project

# Run in a process of its own: the kind is registered before anything else is imported, as a
# project extending the atlas would do in a MkDocs hook.
SCRIPT = """
import sys
from pydantic import Field
from infra_atlas.model import Kind, RecordIn, Text, choices, label, measure, register

class DatasetIn(RecordIn):
    modality: choices(text=("text", "文本"), code=("code", "代码")) = Field(
        description="What it holds.", **label("Modality", "模态")
    )
    size_tb: float | None = measure("TB", 0.001, 100_000, "Size on disk", "Size", "大小")
    licence: Text | None = Field(None, description="SPDX id.", **label("Licence", "许可证"))

register(Kind("dataset", "datasets", DatasetIn,
              {"en": ("dataset", "Datasets", "Datasets"), "zh": ("数据集", "数据集", "数据集")},
              "#17becf", columns=("modality", "size_tb")))

from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2], strict=True)
config.plugins.on_startup(command="build", dirty=False)
build(config)
"""

RECORD = """# yaml-language-server: $schema=../schema/dataset.schema.json
id: the-pile
name: The Pile
summary: An 825 GiB English text corpus assembled from 22 sources for training language models.
year: 2020
modality: text
size_tb: 0.886
licence: MIT
sources: [https://arxiv.org/abs/2101.00027]
relations:
  - type: influenced_by
    target: vllm
checked: 2026-11-24
"""


def test_a_new_kind_gets_pages_a_menu_tab_an_index_and_exports(tmp_path: Path) -> None:
    project = make_project(FIXTURES / "good", tmp_path / "project")
    (project / "datasets").mkdir()
    # vLLM is newer than the record, so the relation is written the other way round.
    (project / "datasets" / "the-pile.yaml").write_text(
        RECORD.replace("  - type: influenced_by\n    target: vllm\n", "").replace(
            "relations:\n", ""
        ),
        "utf-8",
    )
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(project / "mkdocs.yml"), str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    page = (site / "datasets" / "the-pile" / "index.html").read_text("utf-8")
    # Its own fields, labelled and with their unit, in the table of facts.
    assert "Modality" in page and "0.886 TB" in page and "MIT" in page
    zh = (site / "zh" / "datasets" / "the-pile" / "index.html").read_text("utf-8")
    assert "模态" in zh and "文本" in zh and 'lang="zh-Hans"' in zh
    # A tab in both menus, an index with its declared columns, and its own data file.
    home = (site / "index.html").read_text("utf-8")
    assert 'href="datasets/"' in home
    index = (site / "datasets" / "index.html").read_text("utf-8")
    assert "Size (TB)" in index and "The Pile" in index
    data = json.loads((site / "api" / "datasets.json").read_text("utf-8"))
    assert [r["id"] for r in data["records"]] == ["the-pile"]
