"""The explorer's build-time layout (explorer.py): a time window, no piles, terms off the axis,
and a data format that matches its documentation."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest
from helpers import ROOT

from infra_atlas import explorer
from infra_atlas.explorer import CELL, TRACK, explorer_data, synthetic_graph
from infra_atlas.model import KINDS
from infra_atlas.validate import check

ATLAS, _ = check(ROOT)
assert ATLAS is not None
DATA = explorer_data(ATLAS)
NODES = {n["id"]: n for n in DATA["nodes"]}


def test_lanes_are_the_declared_kinds_and_terms_start_hidden() -> None:
    assert DATA["kinds"] == [k.name for k in KINDS.values() if k.dated] + ["term"]
    assert DATA["hidden"] == ["term"]
    assert set(NODES) == {r.id for r in ATLAS.records.values() if r.kind.name in explorer.LANES}


def test_the_time_window_starts_where_the_records_do_and_outliers_sit_before_it() -> None:
    axis = DATA["axis"]
    assert axis["start"] == 2017
    assert axis["end"] == max(r.year for r in ATLAS.records.values() if r.kind.dated)
    years = axis["years"]
    assert len(years) == axis["end"] - axis["start"] + 2
    assert all(b > a for a, b in itertools.pairwise(years))
    before = axis["before"]
    for record in ATLAS.records.values():
        if not record.kind.dated or record.kind.name == "era":
            continue
        x = NODES[record.id]["x"]
        if record.year < axis["start"]:
            assert before[0] <= x <= before[1], record.id
        else:
            i = record.year - axis["start"]
            assert years[i] <= x <= years[i + 1], record.id
    # The 1991 record does not stretch the axis: the strip is a small part of the width.
    assert before[1] - before[0] < (years[-1] - years[0]) / 10


def test_dated_records_run_left_to_right_by_date() -> None:
    dated = sorted(
        (n for n in DATA["nodes"] if len(n["date"]) >= 7 and n["date"] >= "2017"),
        key=lambda n: n["date"],
    )
    for a, b in itertools.pairwise(dated):
        if a["date"][:7] < b["date"][:7]:
            assert a["x"] < b["x"], (a["id"], b["id"])


def test_no_two_records_of_a_lane_pile_up() -> None:
    by_lane = defaultdict(list)
    for n in DATA["nodes"]:
        by_lane[n["kind"]].append(n)
    for lane in DATA["lanes"]:
        members = sorted(by_lane[lane["kind"]], key=lambda n: n["x"])
        for i, a in enumerate(members):
            assert lane["y0"] <= a["y"] <= lane["y1"]
            for b in members[i + 1 :]:
                if b["x"] - a["x"] >= CELL:
                    break
                assert abs(a["y"] - b["y"]) >= TRACK - 0.01, (a["id"], b["id"])


def test_terms_sit_by_what_they_relate_to() -> None:
    for term in ATLAS.of_kind("term"):
        node = NODES[term.id]
        assert node["t"] is None and node["date"] == ""
        dated = [NODES[i]["x"] for i in term.get("see_also", []) if NODES.get(i, {}).get("t")]
        if dated:
            assert node["x"] == pytest.approx(sum(dated) / len(dated), abs=0.1)


@pytest.mark.parametrize(
    ("day", "month", "expected"),
    [(20, 6, 2023 * 12 + 5), (0, 6, 2023 * 12 + 5), (0, 0, 2023 * 12 + 11)],
)
def test_a_record_counts_from_its_month_or_the_end_of_its_year(day, month, expected) -> None:
    """The time slider shows a record known only by its year from the December of that year."""
    assert explorer.Item("x", "paper", 2023, month, day).month_index == expected
    assert explorer.Item("x", "term").month_index is None


def test_search_names_are_in_the_data() -> None:
    node = NODES["paged-attention"]
    assert node["name"] == "PagedAttention" and "分页注意力" in [node["zh"], *node["aka"]]
    assert "paged KV cache" in node["aka"]
    assert "TP" in NODES["tensor-parallelism"]["aka"]
    assert DATA["kindInfo"]["technique"]["precedence"] < DATA["kindInfo"]["paper"]["precedence"]
    assert DATA["kindInfo"]["technique"]["names"]["zh"] == ["技术", "技术"]
    assert len(DATA["typeNames"]["zh"]) == len(DATA["types"])


def test_the_documented_format_is_the_format() -> None:
    doc = explorer.__doc__ or ""
    assert explorer.FORMAT in doc
    for key in DATA:
        if key != "format":
            assert f"    {key} " in doc, key
    for key in DATA["nodes"][0]:
        assert key in doc, key


def test_synthetic_graph_is_laid_out_like_the_real_one() -> None:
    data = synthetic_graph(2000)
    assert set(data) == set(DATA)
    assert set(data["nodes"][0]) == set(DATA["nodes"][0])
    assert len(data["nodes"]) == 2000
    assert all(0 <= e[0] < 2000 and 0 <= e[1] < 2000 for e in data["edges"])
    assert not data["hidden"], "every synthetic record is drawn in the first view"


@pytest.mark.parametrize(
    "items",
    [
        [],
        [explorer.Item("t", "term")],
        [explorer.Item("a", "paper", 2020), explorer.Item("t", "term", neighbours=["a"])],
        [explorer.Item("a", "paper", 1991, 3), explorer.Item("b", "model", 2024, 5, 2)],
    ],
)
def test_small_atlases_lay_out(items: list) -> None:
    placed = explorer.layout(items)
    assert placed.axis.years[0] == 0 and len(placed.axis.years) >= 2
    assert [lane["kind"] for lane in placed.lanes] == [
        k for k in explorer.LANES if any(i.kind == k for i in items)
    ]
