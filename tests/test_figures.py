"""Figures are deterministic and cached by content."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import FIXTURES, ROOT

from infra_atlas.figures import FigureCache, draw, figure_specs, render_figures
from infra_atlas.validate import check

ATLAS, _ = check(FIXTURES / "good")
assert ATLAS is not None


def test_the_expected_figures_are_drawn_in_both_editions() -> None:
    names = sorted(spec.name for spec in figure_specs(ATLAS))
    # A figure for every record with lineage, in each edition (the good tree has one family
    # line, FasterTransformer -> TensorRT-LLM, and no family records).
    assert names == [
        "figures/fastertransformer",
        "figures/tensorrt-llm",
        "zh/figures/fastertransformer",
        "zh/figures/tensorrt-llm",
    ]


def test_drawing_is_byte_identical() -> None:
    spec = next(s for s in figure_specs(ATLAS) if s.name == "figures/tensorrt-llm")
    first, second = draw(spec), draw(spec)
    assert first == second
    assert b"TensorRT-LLM" in first and b"FasterTransformer" in first


def test_unchanged_records_draw_nothing_on_rebuild(tmp_path: Path) -> None:
    cache = FigureCache(tmp_path)
    first = render_figures(ATLAS, cache)
    assert cache.drawn == len(first) == 4
    again = FigureCache(tmp_path)
    assert render_figures(ATLAS, again) == first
    assert again.drawn == 0


def test_a_missing_font_stops_the_drawing_with_a_way_to_fix_it(monkeypatch, tmp_path: Path) -> None:
    import pytest

    from infra_atlas import figures

    monkeypatch.setattr(figures, "FONTS", ["DejaVu Sans", "No Such CJK Font"])
    with pytest.raises(figures.FontMissing, match="run scripts/deps site"):
        figures.start_drawing(ATLAS, FigureCache(tmp_path))


def test_a_change_to_any_drawing_code_redraws_cached_figures() -> None:
    # The cache key hashes these files: one left out keeps serving stale drawings after an edit.
    import inspect

    from infra_atlas import charts, figures, layout

    modules = {
        Path(inspect.getfile(f)).name
        for f in (figures.draw, charts.draw_chart, layout.layered, layout.columns, layout.lanes)
    }
    assert modules <= set(figures.DRAWING_CODE)
    for name in figures.DRAWING_CODE:
        assert (Path(figures.__file__).parent / name).is_file()


def test_the_memory_wall_names_every_device_in_both_panels() -> None:
    """Each point carries its name in both panels, in both editions (a label that found no free
    place used to be dropped)."""
    from infra_atlas import charts

    atlas, _ = check(ROOT)
    assert atlas is not None
    for spec in charts.memory_wall_specs(atlas):
        svg = charts.draw_chart(spec).decode("utf-8")
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
        missing = [p.label for p in spec.points if texts.count(p.label) < 2]
        assert not missing, (spec.lang, missing)
