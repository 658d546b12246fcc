"""Data for the interactive views, laid out at build time so the browser only draws.

The explorer places every record by date (x) and kind (a horizontal lane, y): reading left to
right is reading history, and the layout costs O(n log n), so 10,000 records lay out instantly.
Glossary terms have no date; they sit in a grid of their own after the last year.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from infra_atlas.model import KINDS, RELATION_TYPES, Atlas, Record
from infra_atlas.text import plain

YEAR_WIDTH = 240.0
CELL = 24.0  # spacing between nodes inside a lane
PER_ROW = int(YEAR_WIDTH // CELL) - 1  # nodes side by side in one year of one lane
LANE_GAP = 60.0
# A lane per kind, undated glossary terms last; eras are the background bands.
LANES = sorted(
    (k.name for k in KINDS.values() if k.dated or k.name == "term"), key=lambda n: n == "term"
)
COLOURS = {k.name: k.colour for k in KINDS.values()}


def _when(record: Record) -> float:
    date = record.get("date") or ""
    month = int(date[5:7]) if len(date) >= 7 else 6
    return (record.year or 0) + (month - 1) / 12


def layout(atlas: Atlas) -> dict[str, tuple[float, float]]:
    dated = [r for r in atlas.records.values() if r.kind.name not in {"era", "term"} and r.year]
    first = min((r.year for r in dated), default=2017)  # type: ignore[type-var]
    last = max((r.year for r in dated), default=2017)  # type: ignore[type-var]
    cells: dict[tuple[str, int], list[Record]] = defaultdict(list)
    for record in dated:
        cells[(record.kind.name, record.year)].append(record)  # type: ignore[index]
    # Each lane is as tall as its fullest year.
    heights = {
        lane: max((len(v) for (k, _), v in cells.items() if k == lane), default=0) for lane in LANES
    }
    rows = {lane: -(-heights[lane] // PER_ROW) for lane in LANES}
    terms = sorted(atlas.of_kind("term"), key=lambda r: r.title.casefold())
    rows["term"] = -(-len(terms) // (PER_ROW * 2)) if terms else 0
    top: dict[str, float] = {}
    y = 0.0
    for lane in LANES:
        top[lane] = y
        y += max(rows[lane], 1) * CELL + LANE_GAP
    positions: dict[str, tuple[float, float]] = {}
    for (lane, year), members in cells.items():
        members.sort(key=lambda r: (_when(r), r.id))
        for i, record in enumerate(members):
            x = (year - first) * YEAR_WIDTH + (i % PER_ROW) * CELL
            positions[record.id] = (x, top[lane] + (i // PER_ROW) * CELL)
    grid_x = (last - first + 1) * YEAR_WIDTH + YEAR_WIDTH / 2
    for i, term in enumerate(terms):
        positions[term.id] = (
            grid_x + (i % (PER_ROW * 2)) * CELL,
            top["term"] + (i // (PER_ROW * 2)) * CELL,
        )
    return positions


def explorer_data(atlas: Atlas) -> dict[str, Any]:
    positions = layout(atlas)
    records = [r for r in atlas.records.values() if r.id in positions]
    records.sort(key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(records)}
    types = [*RELATION_TYPES, "see_also"]
    edges = [
        [index[rel.source], index[rel.target], types.index(rel.type)]
        for rel in atlas.relations
        if rel.source in index and rel.target in index
    ]
    for term in atlas.of_kind("term"):
        for target in term.get("see_also", []):
            if target in index:
                edges.append([index[term.id], index[target], types.index("see_also")])
    edges.sort()
    dated = [r.year for r in records if r.year and r.kind.name != "term"]
    first = min(dated, default=2017)
    eras = [
        {
            "id": e.id,
            "name": e.title,
            "start": e.data.start,  # type: ignore[attr-defined]
            "end": e.data.end,
            "x0": (e.data.start - first) * YEAR_WIDTH,  # type: ignore[attr-defined]
            "x1": ((e.data.end or max(dated, default=first)) - first + 1) * YEAR_WIDTH,
        }  # type: ignore[attr-defined]
        for e in atlas.eras
    ]
    return {
        "format": "infra-atlas-explorer/1",
        "kinds": LANES,
        "colours": COLOURS,
        "types": types,
        "lineage": [t for t, spec in RELATION_TYPES.items() if spec.lineage],
        "firstYear": first,
        "yearWidth": YEAR_WIDTH,
        "eras": eras,
        "nodes": [
            {
                "id": r.id,
                "name": r.title,
                "zh": r.title_zh or "",
                "kind": r.kind.name,
                "era": r.era or "",
                "tags": list(r.data.tags),
                "year": r.year or 0,  # type: ignore[attr-defined]
                "x": round(positions[r.id][0], 1),
                "y": round(positions[r.id][1], 1),
                "url": r.url,
                "summary": plain(r.text),
            }
            for r in records
        ],
        "edges": edges,
    }


def synthetic_graph(count: int, seed: int = 5000) -> dict[str, Any]:
    """An explorer data file of `count` made-up records: what the benchmark and the browser
    tests load to see how the explorer copes with a large atlas."""
    rng = random.Random(seed)
    lineage = [name for name, spec in RELATION_TYPES.items() if spec.lineage]
    nodes = [
        {
            "id": f"n{i}",
            "name": f"Node {i}",
            "zh": "",
            "kind": LANES[i % len(LANES)],
            "era": "",
            "tags": [],
            "year": 2017 + i % 10,
            "x": (i % 100) * CELL,
            "y": (i // 100) * CELL,
            "url": "index.html",
            "summary": "synthetic",
        }
        for i in range(count)
    ]
    edges = sorted(
        {
            (rng.randrange(count), rng.randrange(count), rng.randrange(len(lineage)))
            for _ in range(count * 8 // 5)
        }
    )
    return {
        "format": "infra-atlas-explorer/1",
        "kinds": LANES,
        "colours": COLOURS,
        "types": lineage,
        "lineage": lineage,
        "firstYear": 2017,
        "yearWidth": YEAR_WIDTH,
        "eras": [],
        "nodes": nodes,
        "edges": [list(e) for e in edges],
    }
