"""What a reader sees and does in the browser: explorer, timeline, matrices, tooltips.

The site search has its own module, test_search.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import ROOT

from infra_atlas.explorer import synthetic_graph
from infra_atlas.validate import check

ATLAS, _ = check(ROOT)
assert ATLAS is not None, "the real atlas must pass infra-atlas check"
# What the explorer draws: dated records, and glossary terms, which its first view leaves out
# (they have no date; see explorer.py).
NODES = [r for r in ATLAS.records.values() if r.kind.dated or r.kind.name == "term"]
DATED = [r for r in NODES if r.kind.dated]


def _explorer(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#atlas-explorer[data-ready=true]")
    page.locator(".atlas-stage").scroll_into_view_if_needed()


def _node_position(page, record_id: str) -> tuple[float, float]:
    """Where the explorer drew a record, in page coordinates."""
    return page.evaluate(
        """(id) => { const ex = window.atlasExplorer; const p = ex.toScreen(ex.byId[id]);
                     const r = ex.canvas.getBoundingClientRect();
                     return [r.left + p[0], r.top + p[1]]; }""",
        record_id,
    )


def test_explorer_draws_every_record_and_a_click_opens_its_page(page, site_url: str) -> None:
    _explorer(page, site_url + "explorer/")
    assert int(page.get_attribute("#atlas-explorer", "data-visible-nodes")) == len(DATED)
    page.check("#atlas-explorer .atlas-kinds input[value=term]")
    assert int(page.get_attribute("#atlas-explorer", "data-visible-nodes")) == len(NODES)
    page.fill("#atlas-explorer input[type=search]", "SGLang")
    page.press("#atlas-explorer input[type=search]", "Enter")
    assert page.get_attribute("#atlas-explorer", "data-selected") == "sglang"
    # A click on another record selects it; a click on the selected record opens its page.
    page.mouse.click(*_node_position(page, "vllm"))
    assert page.get_attribute("#atlas-explorer", "data-selected") == "vllm"
    page.mouse.click(*_node_position(page, "vllm"))
    page.wait_for_url("**/frameworks/vllm/")


def test_explorer_filters_change_what_is_shown(page, site_url: str) -> None:
    _explorer(page, site_url + "explorer/")
    papers = sum(1 for r in DATED if r.kind.name == "paper")
    page.uncheck("#atlas-explorer .atlas-kinds input[value=paper]")
    assert int(page.get_attribute("#atlas-explorer", "data-visible-nodes")) == len(DATED) - papers
    era = "golden-age"
    page.check("#atlas-explorer .atlas-kinds input[value=paper]")
    page.select_option("#atlas-explorer select[aria-label=Era]", era)
    in_era = sum(1 for r in DATED if r.era == era)
    assert int(page.get_attribute("#atlas-explorer", "data-visible-nodes")) == in_era
    tag = "serving"
    page.select_option("#atlas-explorer select[aria-label=Era]", "")
    page.select_option("#atlas-explorer select[aria-label=Tag]", tag)
    tagged = sum(1 for r in DATED if tag in r.data.tags)
    assert int(page.get_attribute("#atlas-explorer", "data-visible-nodes")) == tagged


def test_explorer_hover_shows_the_summary(page, site_url: str) -> None:
    _explorer(page, site_url + "explorer/")
    page.fill("#atlas-explorer input[type=search]", "PagedAttention")
    page.press("#atlas-explorer input[type=search]", "Enter")
    selected = page.get_attribute("#atlas-explorer", "data-selected")
    assert selected == "paged-attention", "the technique, not the paper of the same name"
    # The selected record's card shows its summary; hovering a neighbour shows its own.
    card = page.locator(".atlas-card")
    assert ATLAS.records[selected].title in card.inner_text()
    page.mouse.move(*_node_position(page, "prefix-caching"))
    tooltip = page.locator(".atlas-tooltip")
    tooltip.wait_for(state="visible")
    assert ATLAS.records["prefix-caching"].title in tooltip.inner_text()


def test_record_page_figure_is_inline_with_links_and_scrolls_with_the_page(
    page, site_url: str
) -> None:
    page.goto(site_url + "frameworks/tensorrt-llm/")
    svg = page.wait_for_selector(".atlas-figure[data-inlined=true] svg")
    hrefs = svg.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href'))")
    assert "/frameworks/fastertransformer/" in hrefs
    # The page scrolls over the figure: nothing on it captures the wheel.
    box = svg.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    before = page.evaluate("window.scrollY")
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") > before


def _lightness(colour: str) -> float:
    """0 (black) to 1 (white) for a CSS colour as the theme writes it: #hex, rgb() or hsl()."""
    if colour.startswith("#"):
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
    values = [float(v) for v in re.findall(r"[\d.]+", colour)]
    if colour.startswith("hsl"):
        return values[2] / 100
    r, g, b = values[:3]
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize(
    ("scheme", "palette", "light_text"), [("light", "default", False), ("dark", "slate", True)]
)
def test_explorer_labels_follow_the_palette(
    browser, site_url: str, scheme: str, palette: str, light_text: bool
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(site_url + "frameworks/vllm/")
        assert page.get_attribute("body", "data-md-color-scheme") == palette
        label = page.wait_for_selector(".atlas-figure[data-inlined=true] svg text")
        colour = label.evaluate("t => getComputedStyle(t).fill")
        assert (_lightness(colour) > 0.5) is light_text, colour
    finally:
        context.close()
    assert errors == []


def test_timeline_renders_and_filters(page, site_url: str) -> None:
    page.goto(site_url + "timeline/")
    dated = [r for r in NODES if r.kind.name != "term"]
    root = page.wait_for_selector("#atlas-timeline[data-visible-items]")
    assert int(root.get_attribute("data-visible-items")) == len(dated)
    page.uncheck("#atlas-timeline .atlas-kinds input[value=paper]")
    shown = len([r for r in dated if r.kind.name != "paper"])
    assert int(root.get_attribute("data-visible-items")) == shown
    page.click("#atlas-timeline a.atlas-item[href$='/vllm/']")
    page.wait_for_url("**/frameworks/vllm/")


def test_matrices_render_with_evidence_links(page, site_url: str) -> None:
    page.goto(site_url + "matrices/")
    page.click("article a:text-is('Inference and serving engines')")
    page.wait_for_url("**/matrices/inference/")
    table = page.locator("#matrix-inference table")
    claims = [r for r in ATLAS.relations if r.type == "implements" and r.source == "vllm"]
    header = table.locator("thead th").all_inner_texts()
    assert "vLLM" in header
    column = header.index("vLLM")
    links = table.locator(f"tbody tr td:nth-child({column + 1}) a")
    assert links.count() >= len(claims)
    assert all(h.startswith("https://") for h in links.evaluate_all("as => as.map(a => a.href)"))
    rows_before = table.locator("tbody tr:visible").count()
    page.fill(".atlas-matrix-filter", "paged")
    assert 1 <= table.locator("tbody tr:visible").count() < rows_before


def test_glossary_tooltip_appears_on_hover(page, site_url: str) -> None:
    page.goto(site_url + "techniques/tensor-parallelism/")
    page.hover("article abbr >> nth=0")
    tip = page.wait_for_selector(".md-tooltip2--active")
    assert ":" in tip.inner_text()


def test_glossary_filters_as_you_type(page, site_url: str) -> None:
    page.goto(site_url + "glossary/")
    page.click(".atlas-az a:text-is('T')")
    page.wait_for_url("**/glossary/az/t/")
    total = page.locator("article dt:visible").count()
    page.fill(".atlas-glossary-filter", "首字")
    visible = page.locator("article dt:visible").all_inner_texts()
    assert 1 <= len(visible) < total
    assert any("首字" in v for v in visible)


def test_every_view_is_reachable_from_home(page, site_url: str) -> None:
    page.goto(site_url)
    for name in ["Lineage explorer", "Timeline", "Comparison matrices"]:
        assert page.locator(f"a:has-text('{name}')").count() >= 1


def test_explorer_draws_a_synthetic_graph_of_5000_nodes(
    page, site_url: str, real_site: Path
) -> None:
    # How fast it draws is the benchmark's business (scripts/bench.py); this checks it copes.
    data = real_site / "api" / "synthetic-5000.json"
    data.write_text(json.dumps(synthetic_graph(5000)), "utf-8")
    try:
        _explorer(page, site_url + "explorer/?data=api/synthetic-5000.json")
        assert page.get_attribute("#atlas-explorer", "data-visible-nodes") == "5000"
        assert float(page.get_attribute("#atlas-explorer", "data-first-render-ms")) > 0
        page.fill("#atlas-explorer input[type=search]", "Node 4321")
        page.press("#atlas-explorer input[type=search]", "Enter")
        assert page.get_attribute("#atlas-explorer", "data-selected") == "n4321"
        assert page.get_attribute("#atlas-explorer", "data-label-overlaps") == "0"
    finally:
        data.unlink()  # the session's site is shared with the reproducibility test
