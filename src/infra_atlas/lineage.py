"""What a record descends from and what it led to, as the graph holds it: trees of real edges.

A record page says its ancestry in words and draws it in a figure; both read the same selection
from here, so the picture and the list beside it always show the same records, and no two
records are ever joined unless a relation joins them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from infra_atlas.model import RELATION_TYPES, Atlas, Relation

# The strongest claims first: a successor says more about descent than an influence does.
LINEAGE_ORDER = {"succeeds": 0, "forked_from": 1, "based_on": 2, "influenced_by": 3}
assert set(LINEAGE_ORDER) == {n for n, spec in RELATION_TYPES.items() if spec.lineage}
# Other relations a figure shows around its record, after the lineage: the paper that
# introduced it, what it is part of, what it was trained with or on, what it was built for.
CONTEXT_ORDER = {
    "introduced_in": 4,
    "part_of": 5,
    "trained_with": 6,
    "trained_on": 7,
    "built_for": 8,
}
FIGURE_LIMIT = 25  # records in one record's figure, itself included
TREE_DEPTH = 3


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of a tree: how `other` relates to the step above it, and what lies beyond."""

    relation: Relation
    other: str
    children: tuple[Step, ...] = ()


@dataclass(frozen=True, slots=True)
class Tree:
    steps: tuple[Step, ...]
    shown: frozenset[str]  # every record in the tree
    omitted: int  # records reachable along the same relations but left out for room


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """The records a record's figure draws, and the relations among them."""

    focus: str
    nodes: frozenset[str]
    relations: tuple[Relation, ...]
    omitted: int  # lineage records beyond the figure's bound


@dataclass
class Lineage:
    """Lineage and context edges of the whole atlas, indexed both ways once."""

    atlas: Atlas
    up: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))
    down: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))
    context: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))
    # Each record's lineage and context relations with their place in atlas.relations, so a
    # figure gathers its edges from its own records rather than scanning every relation.
    incident: dict[str, list[tuple[int, Relation]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def __post_init__(self) -> None:
        for position, rel in enumerate(self.atlas.relations):
            if rel.type in LINEAGE_ORDER or rel.type in CONTEXT_ORDER:
                self.incident[rel.source].append((position, rel))
                self.incident[rel.target].append((position, rel))
            if rel.type in LINEAGE_ORDER:
                self.up[rel.source].append(rel)
                self.down[rel.target].append(rel)
            elif rel.type in CONTEXT_ORDER:
                self.context[rel.source].append(rel)
                self.context[rel.target].append(rel)
        for table in (self.up, self.down, self.context):
            for rels in table.values():
                rels.sort(key=self._order)

    def _order(self, rel: Relation) -> tuple[int, int, str, str]:
        rank = LINEAGE_ORDER.get(rel.type, CONTEXT_ORDER.get(rel.type, 9))
        ends = sorted((rel.source, rel.target))
        return (rank, self.atlas.records[ends[0]].year or 0, *ends)

    def tree(self, record_id: str, *, ancestors: bool, limit: int = 12) -> Tree:
        """What `record_id` descends from (or led to), breadth first, each record once.

        Direct relations are always kept, whatever `limit`: the page lists no lineage relation
        anywhere else. Records further out fill what room is left.
        """
        edges = self.up if ancestors else self.down
        seen = {record_id}
        order: list[tuple[str, Relation, str]] = []  # (parent, relation, child)
        frontier = [record_id]
        for _ in range(TREE_DEPTH):
            next_frontier = []
            for parent in frontier:
                for rel in edges.get(parent, []):
                    child = rel.target if ancestors else rel.source
                    if child in seen:
                        continue
                    seen.add(child)
                    if len(order) < limit or parent == record_id:
                        order.append((parent, rel, child))
                        next_frontier.append(child)
            frontier = next_frontier
        reachable = self._reachable(record_id, edges, ancestors)
        kept = {child for _, _, child in order}

        def build(parent: str) -> tuple[Step, ...]:
            return tuple(Step(rel, child, build(child)) for p, rel, child in order if p == parent)

        return Tree(build(record_id), frozenset(kept), len(reachable - kept))

    @staticmethod
    def _reachable(start: str, edges: dict[str, list[Relation]], ancestors: bool) -> set[str]:
        seen: set[str] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            for rel in edges.get(node, []):
                other = rel.target if ancestors else rel.source
                if other not in seen and other != start:
                    seen.add(other)
                    stack.append(other)
        return seen

    def neighbourhood(self, record_id: str, limit: int = FIGURE_LIMIT) -> Neighbourhood:
        """The figure's records: the lineage trees first, then direct context, up to `limit`."""
        share = (limit - 1) // 2
        up = self.tree(record_id, ancestors=True, limit=share)
        down = self.tree(record_id, ancestors=False, limit=limit - 1 - len(up.shown))
        nodes = {record_id, *up.shown, *down.shown}
        for rel in self.context.get(record_id, []):
            if len(nodes) >= limit:
                break
            nodes.add(rel.target if rel.source == record_id else rel.source)
        among = {
            position: rel
            for node in nodes
            for position, rel in self.incident.get(node, ())
            if rel.source in nodes and rel.target in nodes
        }
        relations = tuple(among[position] for position in sorted(among))
        return Neighbourhood(record_id, frozenset(nodes), relations, up.omitted + down.omitted)

    def has_lineage(self, record_id: str) -> bool:
        return bool(self.up.get(record_id) or self.down.get(record_id))
