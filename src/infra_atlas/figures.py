"""Lineage and timeline figures drawn with matplotlib at build time, as deterministic SVG.

A figure is described by a `FigureSpec` (plain data); its SVG is a pure function of the spec,
so the spec's hash addresses a cache: an unchanged record draws nothing on the next build.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import networkx as nx

from infra_atlas.model import KINDS, Atlas

# Bump when the drawing code changes, so cached figures are redrawn.
STYLE_VERSION = "3"

KIND_COLOURS = {k.name: k.colour for k in KINDS.values()}


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    kind: str
    year: int
    focus: bool = False


@dataclass(frozen=True, slots=True)
class FigureSpec:
    name: str  # file name under figures/, without .svg
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[tuple[str, str], ...]  # (newer, older)
    bands: tuple[tuple[str, int, int], ...] = field(default=())  # era bands: label, start, end

    def key(self) -> str:
        # Everything drawn, spelled out: dataclasses.asdict was a third of a rebuild's time.
        nodes = [(n.id, n.label, n.kind, n.year, n.focus) for n in self.nodes]
        blob = json.dumps(
            [STYLE_VERSION, self.name, self.title, nodes, self.edges, self.bands],
            ensure_ascii=False,
        )
        return hashlib.sha256(blob.encode()).hexdigest()


def _node(atlas: Atlas, record_id: str, focus: bool = False) -> Node:
    record = atlas.records[record_id]
    return Node(record_id, record.title, record.kind.name, record.year or 0, focus)


def _spec(
    atlas: Atlas,
    name: str,
    title: str,
    graph: nx.DiGraph,
    focus: str | None = None,
    with_bands: bool = False,
) -> FigureSpec:
    nodes = tuple(_node(atlas, n, n == focus) for n in sorted(graph.nodes))
    edges = tuple(sorted(graph.edges))
    bands: tuple[tuple[str, int, int], ...] = ()
    if with_bands:
        bands = tuple((e.title, e.data.start, e.data.end or 0) for e in atlas.eras)  # type: ignore[attr-defined]
    return FigureSpec(name, title, nodes, edges, bands)


def figure_specs(atlas: Atlas) -> list[FigureSpec]:
    """Every figure the site shows: one per record with lineage, one per era, one overall."""
    from infra_atlas.graph import lineage_graph

    lineage = lineage_graph(atlas)
    undirected = lineage.to_undirected(as_view=True)
    specs = []
    for record_id in atlas.records:
        if lineage.degree(record_id) == 0:
            continue
        near = nx.ego_graph(undirected, record_id, radius=1)
        specs.append(
            _spec(
                atlas,
                record_id,
                f"Lineage of {atlas.records[record_id].title}",
                lineage.subgraph(near.nodes),
                focus=record_id,
            )
        )
    for era in atlas.eras:
        members = [r.id for r in atlas.records.values() if r.era == era.id and r.kind.name != "era"]
        sub = lineage.subgraph(members)
        sub = sub.subgraph([n for n in sub.nodes if sub.degree(n) > 0])
        specs.append(_spec(atlas, f"era-{era.id}", f"Lineage within {era.title}", sub))
    connected = lineage.subgraph([n for n in lineage.nodes if lineage.degree(n) > 0])
    specs.append(_spec(atlas, "atlas", "Lineage across the atlas", connected, with_bands=True))
    return specs


def _layout(spec: FigureSpec) -> dict[str, tuple[float, float]]:
    """Time runs left to right; records of one year stack in a stable order."""
    by_year: dict[int, list[Node]] = defaultdict(list)
    for node in spec.nodes:
        by_year[node.year].append(node)
    years = sorted(by_year)
    column = {year: i for i, year in enumerate(years)}
    positions = {}
    for year, nodes in by_year.items():
        nodes.sort(key=lambda n: (n.kind, n.id))
        offset = (len(nodes) - 1) / 2
        for i, node in enumerate(nodes):
            positions[node.id] = (float(column[year]), offset - i)
    return positions


def draw(spec: FigureSpec) -> bytes:
    # A bare Figure (no pyplot, no Axes): no global figure registry, and no axes with their
    # hidden ticks to set up, which was most of the time a small figure took.
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation
    from matplotlib.transforms import (
        Bbox,
        BboxTransformFrom,
        BboxTransformTo,
        ScaledTranslation,
        TransformedBbox,
    )

    positions = _layout(spec)
    columns = max((x for x, _ in positions.values()), default=0) + 1
    rows = max(
        (sum(1 for n in spec.nodes if n.year == y) for y in {n.year for n in spec.nodes}),
        default=1,
    )
    width = min(2.5 + columns * 1.9, 40)
    height = min(1.6 + rows * 0.5, 60)
    with matplotlib.rc_context(
        {
            "svg.hashsalt": "infra-atlas",
            "svg.fonttype": "none",
            "font.family": "DejaVu Sans",
            "font.size": 9,
        }
    ):
        fig = Figure(figsize=(width, height))
        FigureCanvasSVG(fig)
        # Layout units (a column per year, a row per record) -> the figure, margins kept.
        plot = TransformedBbox(Bbox.from_extents(0.06, 0.04, 0.94, 0.86), fig.transFigure)
        units = Bbox.from_extents(-0.7, -(rows + 1) / 2, max(columns - 0.3, 0.7), (rows + 2) / 2)
        layout = BboxTransformFrom(units) + BboxTransformTo(plot)
        for newer, older in spec.edges:
            arrow = Annotation(
                "",
                xy=positions[newer],
                xytext=positions[older],
                xycoords=layout,
                textcoords=layout,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "#8a8a8a",
                    "lw": 1.0,
                    "shrinkA": 14,
                    "shrinkB": 14,
                    "mutation_scale": 12,
                    "connectionstyle": "arc3,rad=0.08",
                },
            )
            fig.add_artist(arrow)
        for node in spec.nodes:
            x, y = positions[node.id]
            colour = KIND_COLOURS.get(node.kind, "#888888")
            fig.text(
                x,
                y,
                node.label,
                transform=layout,
                ha="center",
                va="center",
                color="white",
                fontweight="bold" if node.focus else "normal",
                bbox={
                    "boxstyle": "round,pad=0.35",
                    "fc": colour,
                    "ec": "#222222" if node.focus else colour,
                    "lw": 1.5,
                },
            )
        years = sorted({n.year for n in spec.nodes})
        for i, year in enumerate(years):
            fig.text(
                i,
                (rows + 1) / 2,
                str(year),
                transform=layout,
                ha="center",
                va="bottom",
                color="#8a8a8a",
            )
        above = fig.transFigure + ScaledTranslation(0, 6 / 72, fig.dpi_scale_trans)
        fig.text(
            0.5,
            0.86,
            spec.title,
            transform=above,
            ha="center",
            va="baseline",
            color="#8a8a8a",
            fontsize="large",
        )
        buffer = io.StringIO()
        # A fixed hash salt and no date make the SVG byte-identical across runs.
        fig.savefig(buffer, format="svg", transparent=True, metadata={"Date": None})
    return buffer.getvalue().encode("utf-8")


@dataclass
class FigureCache:
    """SVGs by the hash of their spec (`FigureSpec.key`); `drawn` counts what this build drew."""

    directory: Path | None
    drawn: int = 0

    memory: dict[str, bytes] = field(default_factory=dict)
    _on_disk: set[str] | None = None  # file names in the cache folder, listed once

    def has(self, key: str) -> bool:
        if key in self.memory:
            return True
        if self.directory is None:
            return False
        if self._on_disk is None:
            found = self.directory.glob("*.svg") if self.directory.is_dir() else []
            self._on_disk = {p.name for p in found}
        return f"{key}.svg" in self._on_disk

    def put(self, key: str, svg: bytes) -> None:
        self.drawn += 1
        self.memory[key] = svg
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.directory / f"{key}.svg"
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(svg)
            tmp.replace(path)
            if self._on_disk is not None:
                self._on_disk.add(path.name)

    def get(self, spec: FigureSpec, key: str) -> bytes:
        """The figure's SVG, drawn here and now if the cache lacks it."""
        if key in self.memory:
            return self.memory[key]
        if self.directory is not None and self.has(key):
            return (self.directory / f"{key}.svg").read_bytes()
        svg = draw(spec)
        self.put(key, svg)
        return svg


# Below this many figures to draw, starting worker processes costs more than it saves.
PARALLEL_FROM = 48


@dataclass
class Drawing:
    """The site's figures, some perhaps still being drawn by worker processes."""

    cache: FigureCache
    specs: list[tuple[FigureSpec, str]]  # every figure of the site, with its key
    missing: list[tuple[FigureSpec, str]]  # the ones not in the cache, being drawn
    pool: ProcessPoolExecutor | None = None
    drawn: Iterator[bytes] | None = None  # the pool's results, in the order of `missing`

    def keys(self) -> dict[str, str]:
        """Site path -> the hash of what the figure shows, known before it is drawn."""
        return {f"figures/{spec.name}.svg": key for spec, key in self.specs}

    def result(self) -> dict[str, bytes]:
        """Site path -> SVG bytes for every figure, once all are drawn."""
        if self.pool is not None and self.drawn is not None:
            with self.pool:
                for (_, key), svg in zip(self.missing, self.drawn, strict=True):
                    self.cache.put(key, svg)
            self.pool = self.drawn = None
        return {f"figures/{spec.name}.svg": self.cache.get(spec, key) for spec, key in self.specs}

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self.drawn = None


def start_drawing(atlas: Atlas, cache: FigureCache, *, spare_a_core: bool = False) -> Drawing:
    """Start drawing the figures the cache lacks on all cores, or on all but one when the
    caller has other work to do meanwhile (`spare_a_core`); `result()` collects them."""
    specs = [(spec, spec.key()) for spec in figure_specs(atlas)]
    missing = [(spec, key) for spec, key in specs if not cache.has(key)]
    drawing = Drawing(cache, specs, missing)
    cores = os.cpu_count() or 1
    workers = max(cores - 1, 1) if spare_a_core else cores
    if len(missing) >= PARALLEL_FROM and (workers > 1 or spare_a_core):
        drawing.pool = ProcessPoolExecutor(max_workers=workers)
        drawing.drawn = drawing.pool.map(draw, [spec for spec, _ in missing], chunksize=16)
    return drawing


def render_figures(atlas: Atlas, cache: FigureCache) -> dict[str, bytes]:
    """Site path -> SVG bytes for every figure; what is not cached is drawn on all cores."""
    return start_drawing(atlas, cache).result()
