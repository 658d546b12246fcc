"""The real atlas: its floors, the seeds' entities and relations, and what every record owes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

from infra_atlas.graph import build_graph
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
    assert len(implements) >= 50
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
