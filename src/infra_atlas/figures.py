"""Lineage figures drawn with matplotlib at build time, as deterministic SVG, in each edition.

A figure is described by a `FigureSpec` (plain data: what is drawn, in which language, linking
where); its SVG is a pure function of the spec, so the spec's hash addresses a cache and an
unchanged record draws nothing on the next build. Geometry comes from layout.py; this module
measures labels, draws, and makes the SVG follow the page: boxes link to their records, and the
ink is the theme's (CSS variables), so the dark palette and a palette switch both read well.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from infra_atlas import layout as geometry
from infra_atlas.charts import ChartSpec, draw_chart, memory_wall_specs
from infra_atlas.i18n import LANGUAGES, Tr
from infra_atlas.lineage import LINEAGE_ORDER, Lineage
from infra_atlas.model import KINDS, RELATION_TYPES, Atlas, Record
from infra_atlas.text import is_chinese

# Every file whose change can change a drawing's bytes.
DRAWING_CODE = ("figures.py", "charts.py", "layout.py", "i18n.py", "strings.yaml")


def _code_version() -> str:
    """A hash of the code that draws: a change to it redraws every cached figure, with no
    version number to remember to bump."""
    digest = hashlib.sha256()
    for module in DRAWING_CODE:
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()[:16]


STYLE_VERSION = _code_version()

FONT_SIZE = 10.0  # points: 13.3 CSS pixels at the natural size the page shows a figure at
SMALL = 9.0  # years and the legend: 12 CSS pixels
FONTS = ["DejaVu Sans", "Noto Sans CJK SC"]  # Latin, then CJK (fonts-noto-cjk on Debian)
MAX_LINE = 118.0  # points: a longer label wraps onto a second line
LANE_LINE = 80.0  # the same in a chart of families
HOME_LANE = 6  # members a family shows in the home page's overview
PAD = (7.0, 5.0)

# Placeholder colours swapped for the theme's CSS variables once the SVG is written.
INK, MUTED, PAPER = "#010101", "#020202", "#030303"
THEMED = {
    INK: "var(--atlas-ink, #1f1f1f)",
    MUTED: "var(--atlas-muted, #6b6b6b)",
    PAPER: "var(--atlas-paper, #ffffff)",
}
# How each relation is drawn: colour, width, dash, arrowhead. Lineage is strong and arrowed
# (the arrow points at the descendant); the other relations are thin and plain.
EDGE_STYLE: dict[str, tuple[str, float, str, bool]] = {
    "succeeds": ("#7b4fb3", 1.8, "-", True),
    "forked_from": ("#d9740b", 1.5, "--", True),
    "based_on": ("#2f78c4", 1.3, "-", True),
    "influenced_by": ("#8a8a8a", 1.2, ":", True),
    "introduced_in": ("#3f9b50", 1.1, "-.", False),
    "part_of": ("#8a8a8a", 1.0, "-", False),
    "trained_with": ("#b0558a", 1.0, "-", False),
    "trained_on": ("#c44e52", 1.0, "-", False),
    "built_for": ("#c44e52", 1.0, "--", False),
    "implements": ("#3f9b50", 1.0, ":", False),
    "uses": ("#8a8a8a", 1.0, ":", False),
}


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    kind: str
    when: tuple[int, int]
    href: str  # relative to the figure's own folder
    focus: bool = False


@dataclass(frozen=True, slots=True)
class Edge:
    older: str
    newer: str
    type: str


@dataclass(frozen=True, slots=True)
class FigureSpec:
    name: str  # site path without .svg: figures/vllm, zh/figures/vllm
    lang: str
    title: str  # read by screen readers
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    # For a lanes figure: (lane id, lane label, member ids in date order). Empty: layered.
    lanes: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    def key(self) -> str:
        blob = repr((STYLE_VERSION, self)).encode()
        return hashlib.sha256(blob).hexdigest()


# ---------------------------------------------------------------------------------------------
# What the site draws


def _when(record: Record) -> tuple[int, int]:
    date = record.get("date") or ""
    month = int(date[5:7]) if len(date) >= 7 else 0
    return (record.year or 0, month)


def _oriented(atlas: Atlas, rel_source: str, rel_target: str, rel_type: str) -> Edge:
    """Lineage runs from ancestor to descendant; other lines from the older end to the newer."""
    if rel_type in LINEAGE_ORDER:
        return Edge(rel_target, rel_source, rel_type)
    a, b = atlas.records[rel_source], atlas.records[rel_target]
    if (_when(a), a.id) <= (_when(b), b.id):
        return Edge(a.id, b.id, rel_type)
    return Edge(b.id, a.id, rel_type)


class Specs:
    """Every figure of one edition."""

    def __init__(self, atlas: Atlas, lang: str, lineage: Lineage) -> None:
        self.atlas, self.lang, self.t, self.lineage = atlas, lang, Tr(lang), lineage
        self.prefix = LANGUAGES[lang].prefix
        self.degree: dict[str, int] = {}
        for rel in atlas.relations:
            for end in (rel.source, rel.target):
                self.degree[end] = self.degree.get(end, 0) + 1

    def name(self, record: Record) -> str:
        return record.title_zh if self.lang == "zh" and record.title_zh else record.title

    def node(self, record: Record, focus: bool = False) -> Node:
        # From <edition>/figures/x.svg to <edition>/<folder>/<id>/.
        href = f"../{record.kind.folder}/{record.id}/"
        return Node(record.id, self.name(record), record.kind.name, _when(record), href, focus)

    def record(self, record_id: str) -> FigureSpec | None:
        if not self.lineage.has_lineage(record_id):
            return None
        hood = self.lineage.neighbourhood(record_id)
        nodes = tuple(self.node(self.atlas.records[n], n == record_id) for n in sorted(hood.nodes))
        edges = tuple(
            sorted(
                {_oriented(self.atlas, r.source, r.target, r.type) for r in hood.relations},
                key=lambda e: (e.older, e.newer, e.type),
            )
        )
        title = self.t("figure.alt", name=self.name(self.atlas.records[record_id]))
        return FigureSpec(f"{self.prefix}figures/{record_id}", self.lang, title, nodes, edges)

    def lanes(
        self,
        name: str,
        title: str,
        families: list[Record],
        era: Record | None,
        most: int | None = None,
    ) -> FigureSpec | None:
        """One lane per family; with `most`, each lane keeps only its best-connected members
        (the overview on the home page; a family's own page shows them all)."""
        lanes = []
        members: set[str] = set()
        for family in families:
            ids = [
                m
                for m in family.get("members", [])
                if era is None or self.atlas.records[m].era == era.id
            ]
            if most is not None and len(ids) > most:
                ids = sorted(ids, key=lambda m: (-self.degree[m], m))[:most]
            if len(ids) < 2:
                continue
            ids.sort(key=lambda m: (_when(self.atlas.records[m]), m))
            lanes.append((family.id, self.name(family), tuple(ids)))
            members.update(ids)
        if not lanes:
            return None
        # Oldest family first: the columns read left to right as the history unfolds, and the
        # top of the figure (what a phone shows first) is never an empty stretch of years.
        lanes.sort(key=lambda lane: (_when(self.atlas.records[lane[2][0]]), lane[0]))
        nodes = tuple(self.node(self.atlas.records[m]) for m in sorted(members))
        edges = tuple(
            sorted(
                {
                    _oriented(self.atlas, r.source, r.target, r.type)
                    for r in self.atlas.relations
                    if r.type in EDGE_STYLE and r.source in members and r.target in members
                },
                key=lambda e: (e.older, e.newer, e.type),
            )
        )
        return FigureSpec(
            f"{self.prefix}figures/{name}", self.lang, title, nodes, edges, tuple(lanes)
        )

    def all(self) -> list[FigureSpec]:
        specs = [s for r in sorted(self.atlas.records) if (s := self.record(r)) is not None]
        families = sorted(self.atlas.of_kind("family"), key=lambda f: f.id)
        home = [f for f in families if f.get("home", True)]
        if (spec := self.lanes("atlas", self.t("home.lines"), home, None, HOME_LANE)) is not None:
            specs.append(spec)
        for era in self.atlas.eras:
            title = self.t("figure.era_alt", name=self.name(era))
            if (spec := self.lanes(f"era-{era.id}", title, families, era)) is not None:
                specs.append(spec)
        for family in families:
            if spec := self.lanes(family.id, self.name(family), [family], None):
                specs.append(spec)
        return specs


def figure_specs(
    atlas: Atlas, languages: tuple[str, ...] = tuple(LANGUAGES)
) -> list[FigureSpec | ChartSpec]:
    """Every figure the site shows, in each edition: lineage figures and charts."""
    lineage = Lineage(atlas)
    figures: list[FigureSpec | ChartSpec] = [
        spec for lang in languages for spec in Specs(atlas, lang, lineage).all()
    ]
    return figures + memory_wall_specs(atlas, languages)


# ---------------------------------------------------------------------------------------------
# Drawing


@cache
def _font(size: float, bold: bool = False):  # type: ignore[no-untyped-def]
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=FONTS, size=size, weight="bold" if bold else "normal")


@cache
def _measurer():  # type: ignore[no-untyped-def]
    from matplotlib.textpath import TextToPath

    return TextToPath()


# A record's label is measured again in every figure it appears in (up to a dozen), and fitting
# a label tries each way of wrapping it: measuring is a third of a figure's drawing time.
@lru_cache(maxsize=1 << 16)
def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    width, _, _ = _measurer().get_text_width_height_descent(text, _font(size, bold), ismath=False)
    return float(width)


def wrap(label: str, bold: bool = False, limit: float = MAX_LINE) -> list[str]:
    """One line, or two of as even a width as the words allow; Chinese may break anywhere,
    and a long hyphenated name after its hyphen (DeepSpeed-/FastGen)."""
    if text_width(label, bold=bold) <= limit:
        return [label]
    cjk = is_chinese(label) and " " not in label
    units = list(label) if cjk else label.split(" ")
    sep = "" if cjk else " "
    splits = [[sep.join(units[:i]), sep.join(units[i:])] for i in range(1, len(units))]
    if not splits:
        return [label]
    return min(splits, key=lambda two: max(text_width(line, bold=bold) for line in two))


def _box_size(lines: list[str], bold: bool) -> tuple[float, float]:
    width = max(text_width(line, bold=bold) for line in lines)
    return (round(width + 2 * PAD[0], 2), round(len(lines) * FONT_SIZE * 1.25 + 2 * PAD[1], 2))


def draw(spec: FigureSpec | ChartSpec) -> bytes:
    if isinstance(spec, ChartSpec):
        return draw_chart(spec)
    import matplotlib

    with matplotlib.rc_context(
        {
            "svg.hashsalt": "infra-atlas",
            "svg.fonttype": "none",
            "font.family": FONTS,
            "font.size": FONT_SIZE,
        }
    ):
        return _draw(spec)


@dataclass(frozen=True, slots=True)
class Plan:
    """Where everything of a figure goes, before a line is drawn."""

    layout: geometry.Layout
    owner: dict[str, str]  # box id -> the record it shows
    wrapped: dict[str, list[str]]  # record id -> its label's lines
    titles: dict[str, list[str]]  # lane id -> its title's lines (columns only)


def place(spec: FigureSpec) -> Plan:
    """The figure's geometry: what the tests hold to no overlaps and no crossings."""
    nodes = {n.id: n for n in spec.nodes}
    # Lanes share the time axis across families: narrower boxes keep the whole chart in view.
    limit = LANE_LINE if spec.lanes else MAX_LINE
    wrapped = {n.id: wrap(n.label, n.focus, limit) for n in spec.nodes}
    sizes = {n.id: _box_size(wrapped[n.id], n.focus) for n in spec.nodes}
    lines = [geometry.Line(e.older, e.newer, e.type) for e in spec.edges]
    titles: dict[str, list[str]] = {}
    if not spec.lanes:
        items = [geometry.Item(n.id, n.when, sizes[n.id]) for n in spec.nodes]
        return Plan(geometry.layered(items, lines), {n: n for n in nodes}, wrapped, titles)
    families = [
        (lane, [geometry.Item(m, nodes[m].when, sizes[m]) for m in members])
        for lane, _, members in spec.lanes
    ]
    owner = {f"{lane}/{m}": m for lane, _, members in spec.lanes for m in members}
    if len(spec.lanes) > 2:  # several families: side by side, time running down
        titles = {
            lane: wrap(label, True, max(sizes[m][0] for m in members) + 16)
            for lane, label, members in spec.lanes
        }
        header = max(len(lines_) for lines_ in titles.values()) * FONT_SIZE * 1.25 + 12
        widths = {
            lane: max(text_width(line, bold=True) for line in lines_)
            for lane, lines_ in titles.items()
        }
        return Plan(geometry.columns(families, lines, header, widths), owner, wrapped, titles)
    label_width = max(text_width(label, bold=True) for _, label, _ in spec.lanes) + 8
    return Plan(geometry.lanes(families, lines, label_width), owner, wrapped, titles)


def _draw(spec: FigureSpec) -> bytes:
    # A bare Figure (no pyplot, no Axes): no global registry, no hidden axes to set up.
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, PathPatch, Polygon
    from matplotlib.path import Path as MPath
    from matplotlib.transforms import Affine2D

    t = Tr(spec.lang)
    nodes = {n.id: n for n in spec.nodes}
    plan = place(spec)
    placed, owner, wrapped, titles = plan.layout, plan.owner, plan.wrapped, plan.titles
    kinds = sorted({n.kind for n in spec.nodes}, key=list(k.name for k in KINDS.values()).index)
    types = [name for name in EDGE_STYLE if any(e.type == name for e in spec.edges)]
    legend_h = 30.0
    width = max(placed.width, 360.0)
    height = placed.height + legend_h
    fig = Figure(figsize=(width / 72, height / 72), dpi=72)
    FigureCanvasSVG(fig)
    to_fig = Affine2D().scale(1 / width, -1 / height).translate(0, 1) + fig.transFigure

    def text(x: float, y: float, s: str, **kw) -> None:  # type: ignore[no-untyped-def]
        fig.text(x, y, s, transform=to_fig, **kw)

    # The time axis: a year at the start of its stretch, a break mark where years are skipped.
    for year, at in placed.years:
        if placed.down:
            text(
                geometry.MARGIN,
                at + 9,
                str(year),
                color=MUTED,
                fontsize=SMALL,
                ha="left",
                va="baseline",
            )
        else:
            text(at, 16, str(year), color=MUTED, fontsize=SMALL, ha="left", va="baseline")
    for at in placed.breaks:
        where = (geometry.MARGIN + 10, at) if placed.down else (at, 16)
        text(*where, "≈", color=MUTED, fontsize=SMALL, ha="center", va="center")
    for lane_id, at in placed.lanes:
        label = next(label for lane, label, _ in spec.lanes if lane == lane_id)
        if placed.down:
            for i, line in enumerate(titles[lane_id]):
                y = geometry.MARGIN + (i + 0.5) * FONT_SIZE * 1.25
                text(
                    at,
                    y,
                    line,
                    color=INK,
                    fontsize=FONT_SIZE,
                    fontweight="bold",
                    ha="center",
                    va="center",
                )
        else:
            text(
                geometry.MARGIN,
                at,
                label,
                color=INK,
                fontsize=FONT_SIZE,
                fontweight="bold",
                ha="left",
                va="center",
            )
    # Lines first, so the boxes sit on top; each ends at a box's edge, its arrowhead outside.
    for route in placed.routes:
        colour, lw, dash, arrow = EDGE_STYLE[route.line.kind]
        verts, codes = _curve(route.points)
        if arrow:  # the head is solid whatever the line's dashes, and ends at the box's edge
            before = next(
                v
                for v in reversed(verts)
                if abs(v[0] - verts[-1][0]) + abs(v[1] - verts[-1][1]) > 1
            )
            head, verts[-1] = _arrowhead(before, verts[-1])
            fig.add_artist(
                Polygon(head, closed=True, facecolor=colour, edgecolor="none", transform=to_fig)
            )
        patch = PathPatch(
            MPath(verts, codes),
            fill=False,
            edgecolor=colour,
            lw=lw,
            linestyle=dash,
            transform=to_fig,
        )
        fig.add_artist(patch)
    for box_id, box in placed.boxes.items():
        node = nodes[owner[box_id]]
        colour = KINDS_BY_NAME[node.kind].colour
        patch = FancyBboxPatch(
            (box.left, box.y - box.h / 2),
            box.w,
            box.h,
            boxstyle="round,pad=0,rounding_size=4",
            facecolor=PAPER,
            edgecolor=colour,
            lw=2.2 if node.focus else 1.2,
            transform=to_fig,
        )
        patch.set_url(node.href)
        fig.add_artist(patch)
        tint = FancyBboxPatch(
            (box.left, box.y - box.h / 2),
            4,
            box.h,
            boxstyle="round,pad=0,rounding_size=2",
            facecolor=colour,
            edgecolor="none",
            transform=to_fig,
        )
        fig.add_artist(tint)
        lines_of = wrapped[node.id]
        for i, line in enumerate(lines_of):
            dy = (i - (len(lines_of) - 1) / 2) * FONT_SIZE * 1.25
            fig.text(
                box.x + 1.5,
                box.y + dy,
                line,
                transform=to_fig,
                color=INK,
                ha="center",
                va="center",
                fontweight="bold" if node.focus else "normal",
                url=node.href,
            )
    # The legend: every relation and kind the figure shows, in the edition's language.
    y = placed.height + legend_h / 2
    x = geometry.MARGIN
    for name in types:
        colour, lw, dash, arrow = EDGE_STYLE[name]
        fig.add_artist(
            FancyArrowPatch(
                (x, y),
                (x + 22, y),
                arrowstyle="-|>" if arrow else "-",
                mutation_scale=8,
                color=colour,
                lw=lw,
                linestyle=dash,
                transform=to_fig,
                shrinkA=0,
                shrinkB=0,
            )
        )
        label = t.relation(RELATION_TYPES[name])
        text(x + 26, y, label, color=INK, fontsize=SMALL, ha="left", va="center")
        x += 26 + text_width(label, SMALL) + 14
    for kind in kinds:
        colour = KINDS_BY_NAME[kind].colour
        fig.add_artist(
            FancyBboxPatch(
                (x, y - 5),
                10,
                10,
                boxstyle="round,pad=0,rounding_size=2",
                facecolor=colour,
                edgecolor="none",
                transform=to_fig,
            )
        )
        label = t.kind(KINDS_BY_NAME[kind])
        text(x + 14, y, label, color=INK, fontsize=SMALL, ha="left", va="center")
        x += 14 + text_width(label, SMALL) + 12
    buffer = io.StringIO()
    # A fixed hash salt and no date make the SVG byte-identical across runs.
    fig.savefig(buffer, format="svg", transparent=True, metadata={"Date": None})
    return _themed(buffer.getvalue(), spec.title).encode("utf-8")


KINDS_BY_NAME = {k.name: k for k in KINDS.values()}
HEAD = (8.0, 3.2)  # arrowhead length and half-width, in points


def _arrowhead(
    before: tuple[float, float], tip: tuple[float, float]
) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """A triangle whose point touches the box at `tip`, pointing the way the line arrives;
    and where the line now stops (the triangle's base), so no line shows through it."""
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    norm = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    ux, uy = dx / norm, dy / norm
    bx, by = tip[0] - ux * HEAD[0], tip[1] - uy * HEAD[0]
    px, py = -uy * HEAD[1], ux * HEAD[1]
    return [tip, (bx + px, by + py), (bx - px, by - py)], (bx, by)


def _curve(points: tuple[tuple[float, float], ...]) -> tuple[list[tuple[float, float]], list[int]]:
    """A smooth line through the route: straight where it is level, an S-bend between rows,
    always horizontal where it meets a column, so it never leaves the gaps between boxes."""
    from matplotlib.path import Path as MPath

    verts = [points[0]]
    codes = [MPath.MOVETO]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if abs(y1 - y0) < 0.01 or abs(x1 - x0) < 0.01:
            verts.append((x1, y1))
            codes.append(MPath.LINETO)
        else:
            mid = (x0 + x1) / 2
            verts += [(mid, y0), (mid, y1), (x1, y1)]
            codes += [MPath.CURVE4] * 3
    return verts, codes


def _themed(svg: str, title: str) -> str:
    """The SVG as a page shows it: its ink from the theme, a title for screen readers, a font
    stack that the browser can honour, and a width in CSS pixels rather than points."""
    for placeholder, css in THEMED.items():
        svg = svg.replace(placeholder, css)
    # matplotlib opens links in a new tab; a record is the next page of the same site.
    svg = svg.replace(' target="_blank"', "")
    svg = svg.replace(
        "font-family: 'DejaVu Sans', 'Noto Sans CJK SC'",
        "font-family: 'DejaVu Sans', 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', "
        "'Microsoft YaHei', sans-serif",
    )
    escaped = title.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(
        r"(<svg [^>]*>)",
        lambda m: m.group(1) + f"\n <title>{escaped}</title>",
        svg.replace("<svg ", '<svg role="img" class="atlas-svg" ', 1),
        count=1,
    )


# ---------------------------------------------------------------------------------------------
# The cache, and drawing in the background


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
        return {f"{spec.name}.svg": key for spec, key in self.specs}

    def result(self) -> dict[str, bytes]:
        """Site path -> SVG bytes for every figure, once all are drawn."""
        if self.pool is not None and self.drawn is not None:
            with self.pool:
                for (_, key), svg in zip(self.missing, self.drawn, strict=True):
                    self.cache.put(key, svg)
            self.pool = self.drawn = None
        return {f"{spec.name}.svg": self.cache.get(spec, key) for spec, key in self.specs}

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self.drawn = None


class FontMissing(RuntimeError):
    """A font the figures are drawn with is not installed: labels would be measured with
    another and the SVG would differ from machine to machine, so nothing is drawn."""


def require_fonts() -> None:
    from matplotlib.font_manager import FontProperties, findfont

    for family in FONTS:
        try:
            findfont(FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            raise FontMissing(
                f"the figures are drawn with the font '{family}', which is not installed; "
                "run scripts/deps site (it installs Debian's fonts-noto-cjk)"
            ) from None


def start_drawing(
    atlas: Atlas,
    cache: FigureCache,
    *,
    spare_a_core: bool = False,
    languages: tuple[str, ...] = tuple(LANGUAGES),
) -> Drawing:
    """Start drawing the figures the cache lacks on all cores; `result()` collects them.

    With `spare_a_core` the caller has other work meanwhile (MkDocs rendering the pages): the
    workers then run at a lower priority, so they take what the caller leaves of every core
    and all of them once it is done and only waits (a pool one core smaller left a core idle
    for the whole wait).
    """
    specs = [(spec, spec.key()) for spec in figure_specs(atlas, languages)]
    missing = [(spec, key) for spec, key in specs if not cache.has(key)]
    if missing:
        require_fonts()
    drawing = Drawing(cache, specs, missing)
    workers = os.cpu_count() or 1
    if len(missing) >= PARALLEL_FROM and (workers > 1 or spare_a_core):
        drawing.pool = ProcessPoolExecutor(
            max_workers=workers,
            initializer=os.nice if spare_a_core else None,
            initargs=(10,) if spare_a_core else (),
        )
        drawing.drawn = drawing.pool.map(draw, [spec for spec, _ in missing], chunksize=16)
    return drawing


def render_figures(atlas: Atlas, cache: FigureCache) -> dict[str, bytes]:
    """Site path -> SVG bytes for every figure; what is not cached is drawn on all cores."""
    return start_drawing(atlas, cache).result()
