"""Where a figure's boxes and lines go: time left to right, records in lanes, no overlaps.

Two layouts, both pure geometry in points (1/72 inch; y grows downwards):

- `layered`: a record's neighbourhood as a layered (Sugiyama) drawing. Columns are moments in
  time; igraph orders the records inside each column to minimise crossings and puts a dummy
  vertex wherever a line spans several columns. A line then runs straight through each column it
  crosses, at its dummy's row, which holds no box: lines meet boxes only at their own ends.
- `lanes`: families of records (the home page's main lines), one horizontal lane each.

Why igraph's Sugiyama: it is a maintained C library with Python wheels (no system package, so
the build stays two commands), it takes the layer of every vertex from us (our layers are dates,
not graph depth) and returns the dummy-vertex routes. Graphviz's dot is the reference algorithm
but needs a system binary and cannot pin ranks to dates across a whole graph; grandalf is pure
Python and slower, with little upkeep since 2023; networkx only offers a multipartite layout
without crossing reduction.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

ROW = 40.0  # points between the centres of two rows
GAP = 46.0  # points between two columns: room for the lines that join them
YEAR_GAP = 14.0  # extra points for each empty year between two columns, up to MAX_EMPTY
MAX_EMPTY = 3  # more empty years than this are drawn as a break in the time axis
MARGIN = 14.0
AXIS = 24.0  # the years above the drawing


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    when: tuple[int, int]  # (year, month); month 0 when only the year is known
    size: tuple[float, float]  # the box's width and height, in points


@dataclass(frozen=True, slots=True)
class Line:
    older: str  # the end further left
    newer: str
    kind: str  # the relation type


@dataclass(frozen=True, slots=True)
class Box:
    x: float  # centre
    y: float
    w: float
    h: float

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        return (
            abs(self.x - other.x) * 2 < self.w + other.w + 2 * pad
            and abs(self.y - other.y) * 2 < self.h + other.h + 2 * pad
        )


@dataclass(frozen=True, slots=True)
class Route:
    line: Line
    points: tuple[tuple[float, float], ...]  # from the older box's right edge to the newer's left


@dataclass(frozen=True, slots=True)
class Layout:
    boxes: dict[str, Box]
    routes: tuple[Route, ...]
    width: float
    height: float
    years: tuple[tuple[int, float], ...]  # (year, x of its first column)
    breaks: tuple[float, ...]  # x where the time axis skips years
    lanes: tuple[tuple[str, float], ...] = ()  # (lane id, its y; its x when `down`)
    down: bool = False  # time runs down the page (`columns`), not across it


def _order(items: list[Item], lines: list[Line]) -> dict[str, int]:
    """The column of every item: by year, and inside a year after what it is drawn from.

    Items are put in one total order first: by date, except that the older end of a line
    always comes first (Kahn's algorithm, ties by date and id). Every line then runs forward in
    that order, so inside a year a line can always go from one column to a later one.
    """
    position = _total_order(items, lines)
    by_year: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_year[item.when[0]].append(item)
    column: dict[str, int] = {}
    start = 0
    for year in sorted(by_year):
        members = sorted(by_year[year], key=lambda i: position[i.id])
        rank = {i.id: 0 for i in members}
        inner = [
            tuple(sorted((ln.older, ln.newer), key=position.__getitem__))
            for ln in lines
            if ln.older in rank and ln.newer in rank
        ]
        for item in members:  # in topological order, so one pass gives the longest paths
            for a, b in inner:
                if a == item.id:
                    rank[b] = max(rank[b], rank[a] + 1)
        for item_id, r in rank.items():
            column[item_id] = start + r
        start += max(rank.values()) + 1
    return column


def _total_order(items: list[Item], lines: list[Line]) -> dict[str, int]:
    key = {i.id: (i.when, i.id) for i in items}
    after: dict[str, set[str]] = defaultdict(set)
    waiting = dict.fromkeys(key, 0)
    for ln in lines:
        if ln.older in key and ln.newer in key and ln.newer not in after[ln.older]:
            after[ln.older].add(ln.newer)
            waiting[ln.newer] += 1
    ready = [key[i] for i, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, item_id = heapq.heappop(ready)
        order.append(item_id)
        for nxt in after[item_id]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, key[nxt])
    # A cycle (only possible among lines without direction) leaves items out: date order then.
    order += sorted((i for i in key if i not in order), key=key.__getitem__)
    return {item_id: n for n, item_id in enumerate(order)}


def _separate(
    nodes: list[tuple[int, float]], dummies: list[list[tuple[int, float]]]
) -> tuple[list[float], list[list[tuple[int, float]]]]:
    """Rows at least one apart inside every column, keeping igraph's order.

    igraph may set two vertices of a layer half a unit apart; a box and a line, or two boxes,
    would then touch. Each column is swept top to bottom, pushing what follows down.
    """
    entries: dict[int, list[tuple[float, int, int]]] = defaultdict(list)  # column -> rows
    for n, (col, row) in enumerate(nodes):
        entries[col].append((row, -1, n))
    for e, pts in enumerate(dummies):
        for k, (col, row) in enumerate(pts):
            entries[col].append((row, e, k))
    rows = [row for _, row in nodes]
    routed = [list(pts) for pts in dummies]
    for col, members in entries.items():
        last = None
        for row, e, k in sorted(members):
            new = row if last is None else max(row, last + 1.0)
            if e < 0:
                rows[k] = new
            else:
                routed[e][k] = (col, new)
            last = new
    return rows, routed


def _columns_x(
    widths: list[float], years: list[int], left: float, gap: float = GAP
) -> tuple[list[float], list[float]]:
    """The centre of each column, and where the axis breaks: honest spacing for empty years."""
    xs: list[float] = []
    breaks: list[float] = []
    x = left
    for i, width in enumerate(widths):
        if i:
            empty = max(years[i] - years[i - 1] - 1, 0)
            space = gap + YEAR_GAP * min(empty, MAX_EMPTY)
            if empty > MAX_EMPTY:
                breaks.append(x + widths[i - 1] / 2 + space / 2)
            x += widths[i - 1] / 2 + space + width / 2
        else:
            x += width / 2
        xs.append(x)
    return xs, breaks


def layered(items: list[Item], lines: list[Line]) -> Layout:
    import igraph

    ids = sorted(items, key=lambda i: (i.when, i.id))
    index = {item.id: n for n, item in enumerate(ids)}
    lines = [ln for ln in lines if ln.older in index and ln.newer in index]
    column = _order(ids, lines)
    # Every line must run left to right: orient each by the columns just found.
    edges = []
    for ln in lines:
        a, b = ln.older, ln.newer
        if column[a] > column[b]:
            a, b = b, a
        edges.append((index[a], index[b]))
    graph = igraph.Graph(n=len(ids), edges=edges, directed=True)
    layout = graph.layout_sugiyama(layers=[column[i.id] for i in ids], hgap=1, vgap=1, maxiter=200)
    coords, routing = _separate(
        [(column[i.id], c[0]) for i, c in zip(ids, layout.coords, strict=True)],
        [[(round(p[1]), p[0]) for p in pts] for pts in layout.edge_routing],
    )
    rows_used = [*coords, *(row for pts in routing for _, row in pts)]
    top_row = min(rows_used, default=0.0)
    n_columns = max(column.values(), default=0) + 1
    widths = [0.0] * n_columns
    years = [0] * n_columns
    for item in ids:
        c = column[item.id]
        widths[c] = max(widths[c], item.size[0])
        years[c] = item.when[0]
    for c in range(n_columns):
        widths[c] = max(widths[c], 24.0)
    xs, breaks = _columns_x(widths, years, MARGIN)

    def y_of(row: float) -> float:
        return MARGIN + AXIS + (row - top_row) * ROW + ROW / 2

    boxes = {
        item.id: Box(xs[column[item.id]], y_of(coords[n]), *item.size) for n, item in enumerate(ids)
    }
    routes = []
    for ln, (a, b), points in zip(lines, edges, routing, strict=True):
        start, end = boxes[ids[a].id], boxes[ids[b].id]
        path = [
            (start.right, start.y),
            (xs[column[ids[a].id]] + widths[column[ids[a].id]] / 2, start.y),
        ]
        for layer, row in points:
            y = y_of(row)
            path += [(xs[layer] - widths[layer] / 2, y), (xs[layer] + widths[layer] / 2, y)]
        end_col = column[ids[b].id]
        path += [(xs[end_col] - widths[end_col] / 2, end.y), (end.left, end.y)]
        # The route as drawn: from the older end (the line's) to the newer.
        if ids[a].id != ln.older:
            path.reverse()
        routes.append(Route(ln, tuple(path)))
    routes = _spread_ports(routes, boxes)
    first: dict[int, float] = {}
    for c in range(n_columns):
        first.setdefault(years[c], xs[c] - widths[c] / 2)
    height = max((b.y + b.h / 2 for b in boxes.values()), default=0.0) + MARGIN
    height = max(height, max((y for r in routes for _, y in r.points), default=0.0) + MARGIN)
    width = (xs[-1] + widths[-1] / 2 + MARGIN) if xs else 2 * MARGIN
    return Layout(boxes, tuple(routes), width, height, tuple(first.items()), tuple(breaks))


def _spread_ports(routes: list[Route], boxes: dict[str, Box]) -> list[Route]:
    """Lines that leave or reach one side of a box share it out along that side, in the order
    of where they come from, so that arrowheads stay apart and each line can be followed."""
    ends: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    for n, route in enumerate(routes):
        first, last = route.points[0], route.points[-1]
        older, newer = _box_at(first, boxes), _box_at(last, boxes)
        # Sorted by the y of the other end, so lines do not cross as they reach the box.
        ends[(older, "out")].append((route.points[2][1] if len(route.points) > 2 else last[1], n))
        ends[(newer, "in")].append((route.points[-3][1] if len(route.points) > 2 else first[1], n))
    shifts: dict[tuple[int, str], float] = {}
    for (box_id, side), members in ends.items():
        members.sort()
        box = boxes[box_id]
        step = min(6.0, (box.h - 8.0) / max(len(members), 1))
        for i, (_, n) in enumerate(members):
            shifts[(n, side)] = (i - (len(members) - 1) / 2) * step
    out = []
    for n, route in enumerate(routes):
        pts = list(route.points)
        start, end = shifts.get((n, "out"), 0.0), shifts.get((n, "in"), 0.0)
        for i in (0, 1):
            pts[i] = (pts[i][0], pts[i][1] + start)
        for i in (-1, -2):
            pts[i] = (pts[i][0], pts[i][1] + end)
        out.append(Route(route.line, tuple(pts)))
    return out


def _box_at(point: tuple[float, float], boxes: dict[str, Box]) -> str:
    x, y = point
    return min(
        boxes,
        key=lambda b: abs(boxes[b].y - y) + min(abs(boxes[b].left - x), abs(boxes[b].right - x)),
    )


def lanes(
    families: list[tuple[str, list[Item]]],
    lines: list[Line],
    label_width: float,
) -> Layout:
    """One lane per family, its members by date along it; lines only inside a lane.

    Time is shared: each year is a stretch of the axis as wide as its fullest lane needs, and
    inside it each lane lays its members of that year side by side. A line between two members
    that are not neighbours in their lane would cross the members between them, so it arcs over
    the lane instead, through the gap above it, which holds no box.
    """
    inner_gap = 12.0
    order: dict[str, list[Item]] = {}
    need: dict[int, float] = defaultdict(float)  # the width each year needs
    for lane, members in families:
        column = _order(members, lines)
        placed = sorted(members, key=lambda m: (m.when[0], column[m.id], m.id))
        order[lane] = placed
        for year in {m.when[0] for m in placed}:
            row = [m for m in placed if m.when[0] == year]
            need[year] = max(need[year], sum(m.size[0] for m in row) + inner_gap * (len(row) - 1))
    years = sorted(need)
    # Lines inside a lane join neighbours straight across: a narrow gap between years is enough.
    xs, breaks = _columns_x(
        [need[y] for y in years], years, MARGIN + label_width + GAP / 2, gap=22.0
    )
    start = {y: x - need[y] / 2 for y, x in zip(years, xs, strict=True)}
    lane_pitch = ROW + 18.0  # room above each lane for the arcs of its longer lines
    boxes: dict[str, Box] = {}
    lane_y: list[tuple[str, float]] = []
    routes: list[Route] = []
    for n, (lane, _) in enumerate(families):
        y = MARGIN + AXIS + 18.0 + n * lane_pitch + ROW / 2
        lane_y.append((lane, y))
        cursor: dict[int, float] = dict(start)
        for m in order[lane]:
            x = cursor[m.when[0]]
            boxes[f"{lane}/{m.id}"] = Box(x + m.size[0] / 2, y, *m.size)
            cursor[m.when[0]] = x + m.size[0] + inner_gap
        ids = [m.id for m in order[lane]]
        position = {m: i for i, m in enumerate(ids)}
        for ln in lines:
            if ln.older not in position or ln.newer not in position:
                continue
            a, b = boxes[f"{lane}/{ln.older}"], boxes[f"{lane}/{ln.newer}"]
            if abs(position[ln.older] - position[ln.newer]) <= 1:
                first, last = (a, b) if a.x < b.x else (b, a)
                points = ((first.right, first.y), (last.left, last.y))
                if first is b:  # drawn from the older end
                    points = points[::-1]
            else:
                lift = min(a.y - a.h / 2, b.y - b.h / 2) - 9.0
                points = ((a.x, a.y - a.h / 2), (a.x, lift), (b.x, lift), (b.x, b.y - b.h / 2))
            routes.append(Route(Line(f"{lane}/{ln.older}", f"{lane}/{ln.newer}", ln.kind), points))
    width = (xs[-1] + need[years[-1]] / 2 + MARGIN) if xs else 2 * MARGIN
    height = (lane_y[-1][1] + ROW / 2 + MARGIN) if lane_y else 2 * MARGIN
    return Layout(
        boxes,
        tuple(routes),
        width,
        height,
        tuple((y, start[y]) for y in years),
        tuple(breaks),
        tuple(lane_y),
    )


def columns(
    families: list[tuple[str, list[Item]]],
    lines: list[Line],
    header: float,
    titles: dict[str, float],
) -> Layout:
    """Many families at once: one column each, time running down the page, like a git graph.

    Side by side, several families fit the width of a page; each year is a band as tall as its
    fullest column needs. Inside a column, neighbours join by a straight line; a line that skips
    members bends out into the gap right of the column, which holds no box.
    """
    inner_gap = 8.0
    order: dict[str, list[Item]] = {}
    need: dict[int, float] = defaultdict(float)  # the height each year needs
    widths: list[float] = []
    for lane, members in families:
        column = _order(members, lines)
        placed = sorted(members, key=lambda m: (m.when[0], column[m.id], m.id))
        order[lane] = placed
        widths.append(max(max(m.size[0] for m in placed), titles.get(lane, 0.0)))
        for year in {m.when[0] for m in placed}:
            row = [m for m in placed if m.when[0] == year]
            need[year] = max(need[year], sum(m.size[1] for m in row) + inner_gap * (len(row) - 1))
    years = sorted(need)
    top = MARGIN + header
    starts: dict[int, float] = {}
    breaks: list[float] = []
    y = top
    for i, year in enumerate(years):
        if i:
            empty = max(year - years[i - 1] - 1, 0)
            y += 18.0 + 8.0 * min(empty, MAX_EMPTY)
            if empty > MAX_EMPTY:
                breaks.append(y - 9.0)
        starts[year] = y
        y += need[year]
    lane_gap = 26.0
    x = MARGIN + 40.0  # the years, down the left edge
    boxes: dict[str, Box] = {}
    lane_x: list[tuple[str, float]] = []
    routes: list[Route] = []
    for (lane, _), width in zip(families, widths, strict=True):
        centre = x + width / 2
        lane_x.append((lane, centre))
        cursor = dict(starts)
        for m in order[lane]:
            top_y = cursor[m.when[0]]
            boxes[f"{lane}/{m.id}"] = Box(centre, top_y + m.size[1] / 2, *m.size)
            cursor[m.when[0]] = top_y + m.size[1] + inner_gap
        position = {m.id: i for i, m in enumerate(order[lane])}
        bends = 0
        for ln in lines:
            if ln.older not in position or ln.newer not in position:
                continue
            a, b = boxes[f"{lane}/{ln.older}"], boxes[f"{lane}/{ln.newer}"]
            if abs(position[ln.older] - position[ln.newer]) <= 1:
                points = ((a.x, a.y + a.h / 2), (b.x, b.y - b.h / 2))
            else:
                # Each bend gets its own track in the gap, so two lines never merge into one.
                bend = x + width + 6.0 + 5.0 * (bends % 3)
                bends += 1
                points = ((a.right, a.y), (bend, a.y), (bend, b.y), (b.right, b.y))
            routes.append(Route(Line(f"{lane}/{ln.older}", f"{lane}/{ln.newer}", ln.kind), points))
        x += width + lane_gap
    height = y + MARGIN
    return Layout(
        boxes,
        tuple(routes),
        x + MARGIN,  # the last gap kept: the last column's bends run in it
        height,
        tuple((year, starts[year]) for year in years),
        tuple(breaks),
        tuple(lane_x),
        down=True,
    )


def check(layout: Layout) -> list[str]:
    """What would make the figure lie or be unreadable: overlapping boxes, and lines that pass
    through a box they do not join. Empty for a good layout (the tests hold every figure to it)."""
    problems = []
    boxes = list(layout.boxes.items())
    for i, (a_id, a) in enumerate(boxes):
        for b_id, b in boxes[i + 1 :]:
            if a.overlaps(b, pad=1.0):
                problems.append(f"boxes {a_id} and {b_id} overlap")
    for route in layout.routes:
        ends = {route.line.older, route.line.newer}
        for box_id, box in boxes:
            if box_id in ends:
                continue
            if any(
                _crosses(p, q, box) for p, q in zip(route.points, route.points[1:], strict=False)
            ):
                problems.append(f"line {route.line.older} -> {route.line.newer} crosses {box_id}")
    return problems


def _crosses(p: tuple[float, float], q: tuple[float, float], box: Box) -> bool:
    """Whether the segment p-q (drawn as a curve that stays inside their bounding rectangle,
    horizontal at both ends) enters the box: tested against the rectangle p and q span."""
    x0, x1 = sorted((p[0], q[0]))
    y0, y1 = sorted((p[1], q[1]))
    inside_x = x0 < box.right - 0.5 and x1 > box.left + 0.5
    inside_y = y0 < box.y + box.h / 2 - 0.5 and y1 > box.y - box.h / 2 + 0.5
    return inside_x and inside_y


Measure = Callable[[str], tuple[float, float]]
