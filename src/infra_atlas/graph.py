"""The atlas as a networkx graph: typed relations, derived backlinks, lineage chains.

This is the enrichment stage: everything computed from the relations (what points back at a
record, what it descends from) is computed here, once, before any page is rendered.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from infra_atlas.model import Atlas, Relation


@dataclass(frozen=True, slots=True)
class Link:
    """One relation as seen from one of its ends."""

    label: str  # "succeeds" from the source, "succeeded by" from the target
    other: str  # the record at the other end
    relation: Relation


def build_graph(atlas: Atlas) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for record in atlas.records.values():
        graph.add_node(
            record.id, kind=record.kind.name, name=record.title, year=record.year, era=record.era
        )
    for rel in atlas.relations:
        graph.add_edge(rel.source, rel.target, key=rel.type, relation=rel)
    for term in atlas.of_kind("term"):
        for target in term.get("see_also", []):
            graph.add_edge(term.id, target, key="see_also", relation=None)
    return graph


@dataclass(frozen=True, slots=True)
class Enriched:
    """Derived facts about every record, computed once for all pages."""

    outgoing: dict[str, list[Link]]
    incoming: dict[str, list[Link]]  # the backlinks: inverses are never typed by hand
    ancestors: dict[str, list[str]]  # lineage: what a record descends from, oldest first
    descendants: dict[str, list[str]]


def lineage_graph(atlas: Atlas) -> nx.DiGraph:
    """Edges point from the newer record to what it descends from."""
    graph = nx.DiGraph()
    graph.add_nodes_from(atlas.records)
    graph.add_edges_from((r.source, r.target) for r in atlas.relations if r.spec.lineage)
    return graph


def enrich(atlas: Atlas) -> Enriched:
    outgoing: dict[str, list[Link]] = defaultdict(list)
    incoming: dict[str, list[Link]] = defaultdict(list)
    for rel in atlas.relations:
        outgoing[rel.source].append(Link(rel.spec.label, rel.target, rel))
        incoming[rel.target].append(Link(rel.spec.inverse, rel.source, rel))
    lineage = lineage_graph(atlas)

    def by_date(ids: set[str]) -> list[str]:
        return sorted(ids, key=lambda i: (atlas.records[i].year or 0, i))

    ancestors = {i: by_date(nx.descendants(lineage, i)) for i in atlas.records}
    descendants = {i: by_date(nx.ancestors(lineage, i)) for i in atlas.records}
    return Enriched(dict(outgoing), dict(incoming), ancestors, descendants)


def neighbourhood(atlas: Atlas, record_id: str, depth: int = 1) -> nx.DiGraph:
    """The lineage relations within `depth` steps of a record, for its figure."""
    lineage = lineage_graph(atlas)
    near = nx.ego_graph(lineage.to_undirected(as_view=True), record_id, radius=depth)
    return lineage.subgraph(near.nodes).copy()
