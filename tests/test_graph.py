"""Graph edges, derived backlinks and lineage chains of the good fixture tree."""

from __future__ import annotations

from helpers import FIXTURES

from infra_atlas.graph import build_graph, enrich
from infra_atlas.validate import check

ATLAS, _ = check(FIXTURES / "good")
assert ATLAS is not None


def test_every_typed_relation_is_an_edge() -> None:
    graph = build_graph(ATLAS)
    edges = {(u, v, k) for u, v, k in graph.edges(keys=True)}
    assert edges == {
        ("vllm", "kwon2023-pagedattention", "introduced_in"),
        ("vllm", "paged-attention", "implements"),
        ("vllm", "continuous-batching", "implements"),
        ("tensorrt-llm", "fastertransformer", "succeeds"),
        ("tensorrt-llm", "paged-attention", "implements"),
        ("paged-attention", "kwon2023-pagedattention", "introduced_in"),
        ("kv-cache", "paged-attention", "see_also"),
        ("ttft", "kv-cache", "see_also"),
    }
    assert graph.nodes["vllm"]["kind"] == "framework"
    assert graph.nodes["vllm"]["era"] == "golden-age"


def test_backlinks_are_derived_with_the_inverse_label() -> None:
    enriched = enrich(ATLAS)
    incoming = {(link.label, link.other) for link in enriched.incoming["paged-attention"]}
    assert incoming == {("implemented by", "vllm"), ("implemented by", "tensorrt-llm")}
    assert [(lk.label, lk.other) for lk in enriched.incoming["fastertransformer"]] == [
        ("succeeded by", "tensorrt-llm")
    ]


def test_lineage_chains_run_both_ways() -> None:
    enriched = enrich(ATLAS)
    assert enriched.ancestors["tensorrt-llm"] == ["fastertransformer"]
    assert enriched.descendants["fastertransformer"] == ["tensorrt-llm"]
    assert enriched.ancestors["vllm"] == []


def test_era_is_derived_from_the_year() -> None:
    assert ATLAS.records["fastertransformer"].era == "iron-age"
    assert ATLAS.records["tensorrt-llm"].era == "golden-age"
