"""Open-data files parse and round-trip the records."""

from __future__ import annotations

import io
import json
import re

import networkx as nx
from helpers import FIXTURES

from infra_atlas.export import FORMAT, exports
from infra_atlas.graph import build_graph
from infra_atlas.model import KINDS
from infra_atlas.validate import check

ATLAS, _ = check(FIXTURES / "good")
assert ATLAS is not None
FILES = exports(ATLAS)
DERIVED = {"kind", "era", "url", "source_file"}


def test_kind_files_round_trip_through_the_models() -> None:
    for folder, kind in KINDS.items():
        data = json.loads(FILES[f"api/{folder}.json"])
        assert data["format"] == FORMAT
        ids = []
        for item in data["records"]:
            written = {k: v for k, v in item.items() if k not in DERIVED}
            if "era" in item and ATLAS.records[item["id"]].get("era"):
                written["era"] = item["era"]
            assert kind.model.model_validate(written) == ATLAS.records[item["id"]].data
            ids.append(item["id"])
        assert sorted(ids) == sorted(r.id for r in ATLAS.of_kind(kind.name))


def test_one_file_per_record_and_an_index() -> None:
    index = json.loads(FILES["api/index.json"])
    assert index["counts"] == {
        "eras": 2,
        "frameworks": 3,
        "papers": 1,
        "techniques": 3,
        "models": 1,
        "hardware": 1,
        "families": 0,
        "glossary": 2,
    }
    assert set(index["files"]) == set(FILES)
    vllm = json.loads(FILES["api/records/vllm.json"])
    assert vllm["era"] == "golden-age" and vllm["url"] == "frameworks/vllm/"


def test_graph_files_hold_every_edge() -> None:
    expected = {(u, v, k) for u, v, k in build_graph(ATLAS).edges(keys=True)}
    node_link = json.loads(FILES["api/graph.json"])
    assert {(e["source"], e["target"], e["type"]) for e in node_link["links"]} == expected
    graphml = nx.read_graphml(io.BytesIO(FILES["api/graph.graphml"]), force_multigraph=True)
    assert {(u, v, d["type"]) for u, v, d in graphml.edges(data=True)} == expected
    assert graphml.nodes["vllm"]["kind"] == "framework"


def test_bibtex_has_an_entry_per_paper() -> None:
    bib = FILES["papers.bib"].decode()
    assert re.findall(r"^@(\w+)\{([^,]+),$", bib, re.M) == [
        ("inproceedings", "kwon2023-pagedattention")
    ]
    assert "  eprint = {2309.06180},\n" in bib
    assert bib.count("{") == bib.count("}")
