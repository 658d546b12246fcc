"""The real atlas: its floors, the seeds' entities and relations, and what every record owes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

from infra_atlas import matrix, model
from infra_atlas.graph import build_graph
from infra_atlas.matrix import MATRICES
from infra_atlas.validate import check, normalise

ATLAS, DIAGNOSTICS = check(ROOT)
SEEDS = yaml.safe_load((Path(__file__).parent / "data" / "seed_entities.yaml").read_text("utf-8"))
GRAPH = build_graph(ATLAS) if ATLAS is not None else None
FLOORS = {"era": 4, "framework": 60, "paper": 150, "technique": 80, "model": 30, "term": 250}


def test_the_real_atlas_passes_the_check() -> None:
    assert ATLAS is not None, "\n".join(d.format() for d in DIAGNOSTICS)


def test_every_floor_holds() -> None:
    assert ATLAS is not None
    counts = Counter(r.kind.name for r in ATLAS.records.values())
    assert {k: counts[k] for k in FLOORS if counts[k] < FLOORS[k]} == {}
    assert len(ATLAS.relations) >= 400


def test_eras_tell_their_story_in_both_languages() -> None:
    assert ATLAS is not None
    eras = ATLAS.eras
    assert [(e.data.start, e.data.end) for e in eras][:4] == [
        (2015, 2018),
        (2019, 2021),
        (2022, 2023),
        (2024, eras[3].data.end),
    ]
    for era in eras:
        d = era.data
        assert len(d.narrative.split()) >= 500, era.id
        assert d.narrative_zh and d.summary_zh and d.periodisation, era.id
        assert d.narrative.count("](../") >= 10, f"{era.id} should link to its records"


def test_glossary_terms_are_bilingual_and_linked() -> None:
    assert ATLAS is not None
    terms = ATLAS.of_kind("term")
    assert [t.id for t in terms if not (t.data.term_zh and t.data.definition_zh)] == []
    linked = sum(1 for t in terms if t.data.see_also)
    assert linked >= 0.8 * len(terms)


def test_every_support_claim_cites_its_evidence() -> None:
    assert ATLAS is not None
    implements = [r for r in ATLAS.relations if r.type == "implements"]
    assert len(implements) >= 350
    assert [(r.source, r.target) for r in implements if not r.evidence] == []


@pytest.mark.parametrize("entity", SEEDS["entities"], ids=lambda e: e["name"])
def test_every_seed_entity_is_in_the_atlas(entity: dict[str, str]) -> None:
    assert ATLAS is not None
    record = ATLAS.records.get(entity["id"])
    assert record is not None, f"{entity['name']}: no record '{entity['id']}'"
    wanted = normalise(entity["name"])
    names = {normalise(n) for n in record.names}
    assert wanted in names or wanted in normalise(record.text + (record.text_zh or "")), (
        f"searching '{entity['name']}' would not find {entity['id']}"
    )


@pytest.mark.parametrize("edge", SEEDS["relations"], ids=lambda e: " ".join(e))
def test_every_seed_relation_is_an_edge(edge: list[str]) -> None:
    assert GRAPH is not None
    source, kind, target = edge
    assert GRAPH.has_edge(source, target, key=kind), f"{source} {kind} {target} is missing"


# -- The floors of the support matrices, model numbers and hardware (computed, not typed) ---


def test_the_main_cells_of_the_support_matrices_are_decided() -> None:
    assert ATLAS is not None
    coverage = matrix.coverage(ATLAS)
    assert coverage["main_cells"] == sum(len(m.systems) * len(m.techniques) for m in MATRICES)
    assert coverage["main_decided_share"] >= 0.90, coverage


def test_every_support_claim_cites_a_specific_source() -> None:
    assert ATLAS is not None
    claims = list(matrix.claims(ATLAS).values())
    specific = [c for c in claims if _is_specific(c.source)]
    assert len(specific) >= 0.95 * len(claims)
    # Most claims that a system supports a technique say since which release.
    supported = [c for c in claims if c.state != "unsupported"]
    assert sum(1 for c in supported if c.since) >= 0.85 * len(supported)


def _is_specific(url: str) -> bool:
    try:
        model._specific(url)
    except ValueError:
        return False
    return True


def test_frameworks_say_whether_they_are_maintained() -> None:
    assert ATLAS is not None
    frameworks = ATLAS.of_kind("framework")
    missing = [f.id for f in frameworks if not f.get("status")]
    assert len(missing) <= 0.05 * len(frameworks), missing
    released = sum(1 for f in frameworks if f.get("latest_release"))
    assert released >= 0.6 * len(frameworks)


def test_models_carry_their_numbers_as_numbers() -> None:
    assert ATLAS is not None
    models = ATLAS.of_kind("model")
    share = {
        field: sum(1 for m in models if m.get(field) is not None) / len(models)
        for field in ("params_b", "training_tokens_b", "context_length")
    }
    assert share["params_b"] >= 0.9, share
    assert share["context_length"] >= 0.6, share
    assert share["training_tokens_b"] >= 0.6, share


def test_hardware_records_the_accelerators_and_links_that_shaped_the_field() -> None:
    assert ATLAS is not None
    hardware = {r.id for r in ATLAS.of_kind("hardware")}
    assert len(hardware) >= 20
    needed = {"v100", "a100", "h100", "h800", "h20", "h200", "b200", "gb200", "mi250x", "mi300x"}
    needed |= {"tpu-v3", "tpu-v4", "tpu-v5p", "ascend-910", "gaudi-2", "gaudi-3", "roce-v2"}
    needed |= {f"nvlink-{n}" for n in range(1, 6)}
    assert needed <= hardware, needed - hardware
    trained = {r.source for r in ATLAS.relations if r.type == "trained_on"}
    assert {"deepseek-v3", "palm", "llama-3-405b"} <= trained


@pytest.mark.parametrize(
    ("record", "field", "expected"),
    [
        # Corrections from the audits, each with its source in the record.
        ("megatron-core", "license", "BSD-3-Clause"),
        ("megatron-lm-8-3b", "date", "2019-08-13"),
        ("weight-only-quantization", "year", 2020),
        ("cuda", "term_zh", "CUDA"),
    ],
)
def test_audit_corrections_hold(record: str, field: str, expected: object) -> None:
    assert ATLAS is not None
    assert ATLAS.records[record].get(field) == expected


def test_audit_corrections_of_relations_and_records_hold() -> None:
    assert ATLAS is not None
    claims = matrix.claims(ATLAS)
    assert claims[("tensorrt-llm", "expert-parallelism")].since == "v0.11.0"
    assert "DISTFLASHATTN" in ATLAS.records["li2023-lightseq"].title
    assert "COLM 2024" in ATLAS.records["li2023-lightseq"].get("venue")
    assert {"you2017-lars", "zadeh2020-gobo", "ocp2023-microscaling-spec"} <= set(ATLAS.records)
    assert "Grok-0" in ATLAS.records["grok-1"].text
