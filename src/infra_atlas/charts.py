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
        fig = Figure(figsize=(9.6, 4.6), dpi=72)
        FigureCanvasSVG(fig)
        left, right = fig.subplots(1, 2)
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
        for axis in (left.xaxis, left.yaxis, right.yaxis):
            # 1, 2, 5, 10, 20, 50…: plain numbers a reader can read off, not 2×10⁰.
            axis.set_major_locator(LogLocator(base=10, subs=(1, 2, 5)))
            axis.set_major_formatter(plain)
            axis.set_minor_formatter(NullFormatter())
        handles = [left.scatter([], [], s=28, color=colour[v], label=v) for v in vendors]
        fig.legend(handles=handles, loc="lower center", ncol=len(vendors), frameon=False)
        fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.22, wspace=0.3)
        renderer = FigureCanvasAgg(fig).get_renderer()
        for ax, xy in series:
            _label_points(ax, [p.label for p in spec.points], xy, renderer)
        FigureCanvasSVG(fig)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", transparent=True, metadata={"Date": None})
    return _themed(buffer.getvalue(), spec.title).encode("utf-8")


# Where a label may go around its point, in points: right, left, above, below.
_PLACES = ((5, 2, "left"), (-5, 2, "right"), (5, -11, "left"), (-5, -11, "right"))


def _label_points(ax, labels, xy, renderer) -> None:  # type: ignore[no-untyped-def]
    """Label each point where its text overlaps no label placed before it and stays inside
    the chart; a label that fits nowhere is left out (the legend and the table give it)."""
    from infra_atlas.figures import INK

    placed = []
    frame = ax.get_window_extent(renderer)
    order = sorted(range(len(labels)), key=lambda i: (-xy[i][1], labels[i]))
    for i in order:
        for dx, dy, ha in _PLACES:
            text = ax.annotate(
                labels[i],
                xy[i],
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=8,
                color=INK,
                ha=ha,
            )
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 + 40 and frame.y0 <= box.y0
            if inside and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            text.remove()
