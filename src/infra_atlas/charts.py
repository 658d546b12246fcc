"""Charts drawn from the records' numbers: the memory wall, peak compute against memory bandwidth.

Like the lineage figures (figures.py), a chart is plain data (`ChartSpec`) whose SVG is a pure
function of it, cached by its hash and themed by the page's CSS variables.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from infra_atlas.i18n import LANGUAGES, Tr
from infra_atlas.model import Atlas


@dataclass(frozen=True, slots=True)
class Point:
    label: str
    when: float  # year, with the month as a fraction
    compute: float  # dense BF16 (or FP16) TFLOPS
    bandwidth: float  # memory bandwidth, TB/s
    vendor: str


@dataclass(frozen=True, slots=True)
class ChartSpec:
    name: str  # site path without .svg
    lang: str
    title: str
    points: tuple[Point, ...]

    def key(self) -> str:
        from infra_atlas.figures import STYLE_VERSION

        return hashlib.sha256(repr((STYLE_VERSION, "chart", self)).encode()).hexdigest()


def memory_wall_specs(
    atlas: Atlas, languages: tuple[str, ...] = tuple(LANGUAGES)
) -> list[ChartSpec]:
    """One chart per edition, of every accelerator with both numbers published."""
    points = []
    for record in atlas.of_kind("hardware"):
        compute = record.get("bf16_tflops") or record.get("fp16_tflops")
        bandwidth = record.get("memory_bandwidth_tbs")
        if compute is None or bandwidth is None:
            continue
        date = record.get("date") or ""
        month = int(date[5:7]) if len(date) >= 7 else 6
        points.append(
            Point(
                record.title,
                (record.year or 0) + (month - 1) / 12,
                compute,
                bandwidth,
                record.get("vendor"),
            )
        )
    if len(points) < 3:
        return []
    points.sort(key=lambda p: (p.when, p.label))
    return [
        ChartSpec(
            f"{language.prefix}figures/memory-wall",
            lang,
            Tr(lang)("hardware.figure_alt"),
            tuple(points),
        )
        for lang in languages
        for language in [LANGUAGES[lang]]
    ]


def draw_chart(spec: ChartSpec) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    from infra_atlas.figures import FONTS, INK, MUTED, _themed

    t = Tr(spec.lang)
    vendors = sorted({p.vendor for p in spec.points})
    palette = ["#4c78a8", "#e45756", "#54a24b", "#f58518", "#b279a2", "#72b7b2"]
    colour = {v: palette[i % len(palette)] for i, v in enumerate(vendors)}
    with matplotlib.rc_context(
        {
            "svg.hashsalt": "infra-atlas",
            "svg.fonttype": "none",
            "font.family": FONTS,
            "font.size": 9.5,
            "axes.edgecolor": MUTED,
            "axes.labelcolor": INK,
            "xtick.color": MUTED,
            "ytick.color": MUTED,
            "text.color": INK,
        }
    ):
        # One panel above the other: narrow enough for the text column on a laptop, and a
        # phone scrolls down through it rather than sideways.
        fig = Figure(figsize=(4.4, 9.8), dpi=72)
        FigureCanvasSVG(fig)
        left, right = fig.subplots(2, 1)
        series = [
            (left, [(p.bandwidth, p.compute) for p in spec.points]),
            (right, [(p.when, p.compute / p.bandwidth) for p in spec.points]),
        ]
        for ax, xy in series:
            for p, (x, y) in zip(spec.points, xy, strict=True):
                ax.scatter(x, y, s=28, color=colour[p.vendor], zorder=3)
        left.set_xscale("log")
        left.set_yscale("log")
        left.set_xlabel(t("chart.bandwidth"))
        left.set_ylabel(t("chart.compute"))
        left.set_title(t("chart.left"), fontsize=10, color=INK)
        right.set_yscale("log")
        right.set_xlabel(t("chart.year"))
        right.set_ylabel(t("chart.intensity"))
        right.set_title(t("chart.right"), fontsize=10, color=INK)
        plain = FuncFormatter(lambda v, _: f"{v:g}")
        for ax in (left, right):
            ax.grid(True, which="major", color=MUTED, alpha=0.25, lw=0.6)
            ax.set_facecolor("none")
            ax.margins(x=0.18, y=0.12)  # room for the labels of the outermost points
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        # The first years' points sit by the y axis: room on the left for a label beside them.
        years = [p.when for p in spec.points]
        right.set_xlim(min(years) - 3.4, max(years) + 3.4)
        for axis in (left.xaxis, left.yaxis, right.yaxis):
            # 1, 2, 5, 10, 20, 50…: plain numbers a reader can read off, not 2×10⁰.
            axis.set_major_locator(LogLocator(base=10, subs=(1, 2, 5)))
            axis.set_major_formatter(plain)
            axis.set_minor_formatter(NullFormatter())
        handles = [left.scatter([], [], s=28, color=colour[v], label=v) for v in vendors]
        fig.legend(handles=handles, loc="lower center", ncol=2, frameon=False)
        fig.subplots_adjust(left=0.17, right=0.97, top=0.96, bottom=0.1, hspace=0.3)
        renderer = FigureCanvasAgg(fig).get_renderer()
        # Settles the axes' limits (margins apply lazily), so points are placed where drawn.
        fig.draw_without_rendering()
        for ax, xy in series:
            _label_points(ax, [p.label for p in spec.points], xy, renderer)
        FigureCanvasSVG(fig)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", transparent=True, metadata={"Date": None})
    return _themed(buffer.getvalue(), spec.title).encode("utf-8")


# Where a label may go around its point, in points: right, left, above, below.
# Where a label may go around its point, in points (dx, dy, alignment): beside it first, then
# further out along a thin leader line.
_NEAR = (
    (5, 2, "left"),
    (-5, 2, "right"),
    (5, -11, "left"),
    (-5, -11, "right"),
    (0, 7, "center"),
    (0, -16, "center"),
)
_FAR = tuple(
    (dx * r, dy * r - 4, ha)
    for r in (18, 30, 44)
    for dx, dy, ha in (
        (1, 1, "left"),
        (-1, 1, "right"),
        (1, -1, "left"),
        (-1, -1, "right"),
        (1.2, 0, "left"),
        (-1.2, 0, "right"),
        (0, 1.2, "center"),
        (0, -1.2, "center"),
        (1.1, -0.5, "left"),
        (-1.1, -0.5, "right"),
        (1.1, 0.5, "left"),
        (-1.1, 0.5, "right"),
    )
)


def _label_points(ax, labels, xy, renderer) -> None:  # type: ignore[no-untyped-def]
    """Label each point where its text overlaps no other label or point and stays inside the
    chart. Beside its point, a label must sit clearly nearer to it than to any other point, so
    it cannot be read as a neighbour's; further out, a leader line says whose it is. A label
    that fits nowhere is left out (the legend and the table give it)."""
    from infra_atlas.figures import INK, MUTED

    placed: list = []  # label boxes and leader lines' boxes already on the chart
    frame = ax.get_window_extent(renderer)
    # A label may run into the margin right of the axes, never off the figure.
    right = min(frame.x1 + 40, ax.figure.bbox.x1 - 2)
    dots = [tuple(ax.transData.transform(p)) for p in xy]
    order = sorted(range(len(labels)), key=lambda i: (-xy[i][1], labels[i]))
    for i in order:
        # Points drawn on top of each other share their labels' surroundings.
        others = [dot for j, dot in enumerate(dots) if j != i and _apart(dot, dots[i]) > 4.0]
        for dx, dy, ha in _NEAR + _FAR:
            leader = (dx, dy, ha) in _FAR
            text = ax.annotate(
                labels[i],
                xy[i],
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=8.5,
                color=INK,
                ha=ha,
                arrowprops={
                    "arrowstyle": "-",
                    "color": MUTED,
                    "lw": 0.6,
                    "shrinkA": 1,
                    "shrinkB": 3,
                }
                if leader
                else None,
            )
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            inside = frame.x0 <= box.x0 and box.x1 <= right and frame.y0 <= box.y0
            own = _distance(box, dots[i])
            margin = 4.0 if leader else own + 10.0
            clear = all(_distance(box, dot) > margin for dot in others)
            if inside and clear and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            text.remove()


def _distance(box, point: tuple[float, float]) -> float:  # type: ignore[no-untyped-def]
    """How far a point lies from a box, in display units (0 inside it)."""
    x, y = point
    dx = max(box.x0 - x, 0.0, x - box.x1)
    dy = max(box.y0 - y, 0.0, y - box.y1)
    return float((dx * dx + dy * dy) ** 0.5)


def _apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)
