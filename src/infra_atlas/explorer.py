"""The lineage explorer's data (api/explorer.json), laid out at build time so the browser only
draws it (docs/assets/javascripts/explorer.js).

Layout, in abstract units (the browser scales x and y separately to fit its canvas):

- x is time. The time axis runs from the first year that holds at least a tenth of the busiest
  year's records (2017 in the real atlas: the field as this atlas tells it) to the last record.
  Each year is as wide as the square root of its number of records relative to the mean year
  (between 0.6 and 2 times YEAR_WIDTH): the busy years of the 2020s get the room their records
  need, a quiet year still reads as a year, and time still runs left to right without a jump.
  Records older than that (a 1991 technique, a few from 2009-2016) sit in a narrow strip behind
  a break at the left, in date order, so that one early record cannot stretch the axis. A record
  dated to the month or day sits at its date; records known only by their year are spread evenly
  over that year, since the year is all that is known of them.
- y is a lane per kind, in the order KINDS declares them. Inside a lane records are packed as a
  beeswarm: each goes on the track nearest the lane's middle where it keeps CELL from the
  record before it, so a busy year widens its lane instead of piling dots on one spot.
- Glossary terms have no date, so they are not events on a time axis: 337 of them among ~470
  dated records would say something the data does not know. They are hidden in the first view
  (`hidden`) and shown with the kind filter, in a lane of their own, each at the mean date of
  the records it relates to (through other terms when it relates only to terms), so a term sits
  where what it explains sits. The few that relate to nothing dated go in a strip after the
  last year, apart from the dated axis.

The data format, "infra-atlas-explorer/2" (one JSON object):

    kinds         lane order: kind names, from KINDS (eras are the background, not a lane)
    hidden        kinds off in the first view (["term"])
    kindInfo      {kind: {colour, precedence, names: {lang: [one, many]}}}: precedence ranks
                  records that share a name in the search (a technique before its paper)
    types         relation type names; an edge's third number indexes this list
    typeNames     {lang: [label per type]}
    lineage       the types that are lineage (what descends from what): drawn solid
    axis          {start, end, yearWidth, years, before: [x0, x1] | null,
                  undated: [x0, x1] | null}: years[i] is the x of 1 January of start + i (for
                  i up to end + 1 - start); time is linear within a year
    lanes         [{kind, y0, y1}]
    eras          [{id, name, zh, start, end, x0, x1}]
    nodes         [{id, name, zh, aka (aliases and abbreviation), kind, era, tags, date
                   ("YYYY", "YYYY-MM" or "YYYY-MM-DD"; "" for terms), t, x, y, w, url, summary,
                   summaryZh}]; t is the month (year * 12 + month - 1) from which the record
                  counts as existing for the time slider (the December of its year when only
                  the year is known; null for terms), w its number of relations (label
                  priority), url its page relative to the edition's root
    edges         [[source index, target index, type index]]
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from infra_atlas.i18n import LANGUAGES, Tr
from infra_atlas.model import KIND_BY_NAME, KINDS, RELATION_TYPES, Atlas
from infra_atlas.text import plain

FORMAT = "infra-atlas-explorer/2"
YEAR_WIDTH = 240.0
CELL = 20.0  # the least distance along x between two records on one track of a lane
TRACK = 20.0  # the distance between two tracks of a lane
LANE_GAP = 50.0
BREAK = 60.0  # the gap between the strip of older records and the time axis
STRIP = 180.0  # the width of the strip of older records (and of undated terms)
# A lane per dated kind, in declaration order, then glossary terms, placed by what they relate
# to (see above). Eras are the background bands; families are lines of records, drawn as
# figures on their own pages, not points of their own.
HIDDEN = ["term"]
LANES = [k.name for k in KINDS.values() if k.dated] + HIDDEN
TYPES = [*RELATION_TYPES, "see_also"]


@dataclass(slots=True)
class Item:
    """What the layout needs of a record: its lane, its date, what it relates to."""

    id: str
    kind: str
    year: int = 0  # 0: undated
    month: int = 0  # 0: unknown
    day: int = 0
    neighbours: list[str] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0

    @property
    def when(self) -> float:
        """The date as a fraction of years (mid-month when the day is unknown)."""
        if not self.month:
            return self.year + 0.5
        day = (self.day - 1) / 31 if self.day else 0.5
        return self.year + (self.month - 1 + day) / 12

    @property
    def month_index(self) -> int | None:
        """The month from which the record exists for the time slider."""
        if not self.year:
            return None
        return self.year * 12 + (self.month - 1 if self.month else 11)


@dataclass(frozen=True, slots=True)
class Axis:
    """The time axis: where 1 January of each year from `start` to `end + 1` is."""

    start: int
    end: int
    years: list[float]

    @classmethod
    def of(cls, dated: list[Item]) -> Axis:
        start = _window_start(dated)
        end = max((i.year for i in dated), default=start)
        per_year = Counter(i.year for i in dated if i.year >= start)
        mean = sum(per_year.values()) / (end - start + 1) or 1
        years = [0.0]
        for year in range(start, end + 1):
            scale = min(2.0, max(0.6, math.sqrt(per_year[year] / mean)))
            years.append(years[-1] + scale * YEAR_WIDTH)
        return cls(start, end, years)

    def x(self, year: int, fraction: float = 0.0) -> float:
        """x of a moment `fraction` of the way through `year` (start <= year <= end + 1)."""
        i = min(max(year - self.start, 0), len(self.years) - 1)
        width = self.years[i + 1] - self.years[i] if i + 1 < len(self.years) else 0.0
        return self.years[i] + fraction * width


@dataclass(frozen=True, slots=True)
class Layout:
    axis: Axis
    before: tuple[float, float] | None
    undated: tuple[float, float] | None
    lanes: list[dict[str, Any]]

    def x_of_year(self, year: int) -> float:
        if year < self.axis.start:
            return self.before[0] if self.before else 0.0
        return self.axis.x(year)


def _window_start(items: Iterable[Item]) -> int:
    per_year = Counter(i.year for i in items if i.year)
    if not per_year:
        return 2017
    enough = max(2, max(per_year.values()) // 10)
    return min([y for y, n in per_year.items() if n >= enough] or per_year)


def _spread(members: list[Item], x0: float, x1: float) -> None:
    """Evenly over [x0, x1], in the order given."""
    step = (x1 - x0) / len(members)
    for i, item in enumerate(members):
        item.x = x0 + (i + 0.5) * step


def _tracks(members: list[Item]) -> dict[str, int]:
    """A beeswarm: by x, each record on the track nearest the middle (0, 1, -1, 2, -2 ...)
    whose last record is at least CELL to its left. O(n * tracks)."""
    last: dict[int, float] = {}
    placed: dict[str, int] = {}
    for item in sorted(members, key=lambda i: (i.x, i.id)):
        k = 0
        while True:
            track = (k + 1) // 2 if k % 2 else -(k // 2)
            if last.get(track, float("-inf")) <= item.x - CELL:
                break
            k += 1
        last[track] = item.x
        placed[item.id] = track
    return placed


def _place_undated(undated: list[Item], by_id: dict[str, Item], right: float) -> bool:
    """Each undated record at the mean x of the placed records it relates to, round after round
    so that a term relating only to terms follows them; those relating to nothing placed are
    spread in a strip after `right`. True if there were any."""
    placed = {i.id for i in by_id.values() if i.year}
    todo = list(undated)
    while todo:
        now = []
        for item in todo:
            xs = [by_id[n].x for n in item.neighbours if n in placed]
            if xs:
                now.append((item, sum(xs) / len(xs)))
        if not now:
            break
        for item, x in now:
            item.x = x
            placed.add(item.id)
        todo = [i for i in todo if i.id not in placed]
    if todo:
        _spread(sorted(todo, key=lambda i: i.id), right + BREAK, right + BREAK + STRIP)
    return bool(todo)


def layout(items: list[Item]) -> Layout:
    """Set every item's x and y; return the axis and lanes the browser draws behind them."""
    dated = [i for i in items if i.year]
    axis = Axis.of(dated)
    start = axis.start
    early = [i for i in dated if i.year < start]
    for item in dated:
        if item.year >= start and item.month:
            item.x = axis.x(item.year, item.when - item.year)
    # Known only by the year: spread over it, per lane, in a stable order.
    by_year: dict[tuple[str, int], list[Item]] = defaultdict(list)
    for item in dated:
        if item.year >= start and not item.month:
            by_year[(item.kind, item.year)].append(item)
    for (_, year), members in by_year.items():
        _spread(sorted(members, key=lambda i: i.id), axis.x(year), axis.x(year + 1))
    # Older records: a strip behind a break, in date order within each lane.
    before = (-BREAK - STRIP, -BREAK) if early else None
    by_lane: dict[str, list[Item]] = defaultdict(list)
    for item in early:
        by_lane[item.kind].append(item)
    for members in by_lane.values():
        _spread(sorted(members, key=lambda i: (i.when, i.id)), -BREAK - STRIP, -BREAK)
    # Undated records by what they relate to.
    by_id = {i.id: i for i in items}
    right = max((i.x for i in dated), default=0.0)
    leftover = _place_undated([i for i in items if not i.year], by_id, right)
    undated = (right + BREAK, right + BREAK + STRIP) if leftover else None
    # Lanes, top to bottom.
    lanes = []
    y = 0.0
    for kind in LANES:
        members = [i for i in items if i.kind == kind]
        if not members:
            continue
        tracks = _tracks(members)
        low, high = min(tracks.values()), max(tracks.values())
        for item in members:
            item.y = y + (tracks[item.id] - low + 0.5) * TRACK
        height = (high - low + 1) * TRACK
        lanes.append({"kind": kind, "y0": y, "y1": y + height})
        y += height + LANE_GAP
    return Layout(axis, before, undated, lanes)


def _item(record: Any) -> Item:
    date = str(record.get("date") or "")
    parts = [int(p) for p in date.split("-")] if date else []
    return Item(
        id=record.id,
        kind=record.kind.name,
        year=record.year if record.kind.dated else 0,
        month=parts[1] if len(parts) > 1 else 0,
        day=parts[2] if len(parts) > 2 else 0,
    )


def _names() -> dict[str, Any]:
    """Names of kinds and relation types in every language, from their declarations."""
    kinds = {
        k.name: {
            "colour": k.colour,
            "precedence": k.precedence,
            "names": {lang: [k.one(lang), k.many(lang)] for lang in LANGUAGES},
        }
        for k in KINDS.values()
        if k.name in LANES
    }
    types = {
        lang: [Tr(lang).relation(spec) for spec in RELATION_TYPES.values()]
        + [Tr(lang).field(KIND_BY_NAME["term"].model, "see_also")]
        for lang in LANGUAGES
    }
    return {"kindInfo": kinds, "typeNames": types}


def _round(value: float) -> float:
    return round(value, 1)


def explorer_data(atlas: Atlas) -> dict[str, Any]:
    records = sorted(
        (r for r in atlas.records.values() if r.kind.name in LANES), key=lambda r: r.id
    )
    index = {r.id: i for i, r in enumerate(records)}
    edges = [
        [index[rel.source], index[rel.target], TYPES.index(rel.type)]
        for rel in atlas.relations
        if rel.source in index and rel.target in index
    ]
    for term in atlas.of_kind("term"):
        for target in term.get("see_also", []):
            if target in index:
                edges.append([index[term.id], index[target], TYPES.index("see_also")])
    edges.sort()
    items = [_item(r) for r in records]
    for source, target, _ in edges:
        items[source].neighbours.append(items[target].id)
        items[target].neighbours.append(items[source].id)
    placed = layout(items)
    degree = Counter(i for e in edges for i in e[:2])
    eras = []
    for era in atlas.eras:
        start, end = era.data.start, era.data.end  # type: ignore[attr-defined]
        eras.append(
            {
                "id": era.id,
                "name": era.title,
                "zh": era.title_zh or "",
                "start": start,
                "end": end,
                "x0": _round(placed.x_of_year(start)),
                "x1": _round(placed.x_of_year((end or placed.axis.end) + 1)),
            }
        )
    nodes = []
    for i, (record, item) in enumerate(zip(records, items, strict=True)):
        date = str(record.get("date") or (record.year if record.kind.dated else "") or "")
        aka = [*record.data.aliases]  # type: ignore[attr-defined]
        if record.get("abbr"):
            aka.append(record.get("abbr"))
        nodes.append(
            {
                "id": record.id,
                "name": record.title,
                "zh": record.title_zh or "",
                "aka": aka,
                "kind": record.kind.name,
                "era": record.era or "",
                "tags": list(record.data.tags),  # type: ignore[attr-defined]
                "date": date,
                "t": item.month_index,
                "x": _round(item.x),
                "y": _round(item.y),
                "w": degree[i],
                "url": record.url,
                "summary": plain(record.text),
                "summaryZh": plain(record.text_zh) if record.text_zh else "",
            }
        )
    return _data(placed, eras, nodes, edges)


def _data(
    placed: Layout, eras: list[dict[str, Any]], nodes: list[dict[str, Any]], edges: list[Any]
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "kinds": [lane["kind"] for lane in placed.lanes],
        "hidden": [k for k in HIDDEN if any(lane["kind"] == k for lane in placed.lanes)],
        **_names(),
        "types": TYPES,
        "lineage": [t for t, spec in RELATION_TYPES.items() if spec.lineage],
        "axis": {
            "start": placed.axis.start,
            "end": placed.axis.end,
            "yearWidth": YEAR_WIDTH,
            "years": [_round(x) for x in placed.axis.years],
            "before": list(placed.before) if placed.before else None,
            "undated": list(placed.undated) if placed.undated else None,
        },
        "lanes": placed.lanes,
        "eras": eras,
        "nodes": nodes,
        "edges": edges,
    }


def synthetic_graph(count: int, seed: int = 5000) -> dict[str, Any]:
    """An explorer data file of `count` made-up dated records over ten years, laid out like the
    real atlas: what the benchmark and the browser tests load to see how the explorer copes
    with a large atlas."""
    rng = random.Random(seed)
    dated = [k for k in LANES if k not in HIDDEN]
    items = [
        Item(
            id=f"n{i}",
            kind=dated[i % len(dated)],
            year=2017 + rng.randrange(10),
            month=rng.randrange(1, 13),
        )
        for i in range(count)
    ]
    lineage = [TYPES.index(name) for name, spec in RELATION_TYPES.items() if spec.lineage]
    edges = sorted(
        {
            (rng.randrange(count), rng.randrange(count), rng.choice(lineage))
            for _ in range(count * 8 // 5)
        }
    )
    placed = layout(items)
    degree = Counter(i for e in edges for i in e[:2])
    nodes = [
        {
            "id": item.id,
            "name": f"Node {i}",
            "zh": "",
            "aka": [],
            "kind": item.kind,
            "era": "",
            "tags": [],
            "date": f"{item.year}-{item.month:02d}",
            "t": item.month_index,
            "x": _round(item.x),
            "y": _round(item.y),
            "w": degree[i],
            "url": "index.html",
            "summary": "synthetic",
            "summaryZh": "",
        }
        for i, item in enumerate(items)
    ]
    return _data(placed, [], nodes, [list(e) for e in edges])
