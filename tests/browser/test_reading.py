"""What a reader gets on the real site, measured in the browser: legible figures, matrices that
say every state, and a Chinese edition that is Chinese, page for page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
FIGURE_PAGES = ["", "eras/golden-age/", "techniques/zero/", "zh/frameworks/sglang/", "hardware/"]

# Every label of an inlined figure, with the size it is drawn at (font size times the scale the
# page shows the figure at, rotation aside) and its box on the page.
LABELS = """svg => [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect(), m = t.getScreenCTM();
    return {text: t.textContent.trim(),
            px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
            box: [r.left, r.top, r.right, r.bottom]};
})"""


@pytest.fixture()
def reader(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    viewport, scheme = request.param
    context = browser.new_context(viewport=viewport, color_scheme=scheme)  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def _figures(page, url: str) -> list[object]:
    page.goto(url)
    page.wait_for_selector(".atlas-figure[data-inlined=true] svg")
    return page.query_selector_all(".atlas-figure[data-inlined=true] svg")


@pytest.mark.parametrize(
    ("reader", "smallest"),
    [((DESKTOP, "light"), 11.0), ((PHONE, "dark"), 9.4)],
    indirect=["reader"],
    ids=["desktop", "phone"],
)
@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_figure_labels_are_legible_and_never_overlap(
    reader, site_url: str, path: str, smallest: float
) -> None:
    for svg in _figures(reader, site_url + path):
        labels = svg.evaluate(LABELS)
        assert labels
        small = [(lb["text"], round(lb["px"], 1)) for lb in labels if lb["px"] < smallest]
        assert small == [], f"{path}: labels under {smallest}px"
        boxes = [lb["box"] for lb in labels]
        overlaps = [
            (labels[i]["text"], labels[j]["text"])
            for i in range(len(boxes))
            for j in range(i + 1, len(boxes))
            if _overlap(boxes[i], boxes[j]) > 4.0
        ]
        assert overlaps == [], f"{path}: labels drawn over each other"


def _overlap(a: list[float], b: list[float]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0) * max(height, 0)


@pytest.mark.parametrize("reader", [(DESKTOP, "light")], indirect=True)
def test_figure_boxes_link_to_their_records(reader, site_url: str) -> None:
    (svg,) = _figures(reader, site_url + "frameworks/tensorrt-llm/")[:1]
    link = svg.query_selector("a[href$='/frameworks/fastertransformer/'] text")
    assert link is not None
    link.click()
    reader.wait_for_url("**/frameworks/fastertransformer/")


@pytest.mark.parametrize("reader", [(DESKTOP, "light")], indirect=True)
def test_a_record_page_loads_no_graph_data(reader, site_url: str) -> None:
    sizes: list[int] = []

    def count(response: object) -> None:
        url = response.url  # type: ignore[attr-defined]
        # The site search's index is the search's business (its own page-weight test).
        if url.endswith(".json") and "/search/" not in url:
            sizes.append(len(response.body()))  # type: ignore[attr-defined]

    reader.on("response", count)
    _figures(reader, site_url + "frameworks/vllm/")
    reader.wait_for_timeout(300)
    assert sum(sizes) < 60_000, sizes


# -- The support matrices ---------------------------------------------------------------------


@pytest.mark.parametrize("reader", [(DESKTOP, "light")], indirect=True)
def test_matrices_say_every_state_and_keep_their_headers_in_view(reader, site_url: str) -> None:
    reader.goto(site_url + "matrices/inference/")
    legend = reader.inner_text(".atlas-legend")
    for state in ("supported", "partial", "not supported", "not recorded"):
        assert state in legend
    box = reader.locator("#matrix-inference")
    header = box.locator("thead th").nth(1)
    assert header.inner_text().strip() == "vLLM"  # the most-used system first
    first_cell = box.locator("tbody th").first
    top, left = header.bounding_box()["y"], first_cell.bounding_box()["x"]
    box.evaluate("el => { el.scrollTop = 300; el.scrollLeft = 400; }")
    reader.wait_for_timeout(100)
    assert abs(header.bounding_box()["y"] - top) < 1  # the header row stays
    assert abs(first_cell.bounding_box()["x"] - left) < 1  # and so does the first column
    marks = box.locator("tbody td b").all_inner_texts()
    assert {"✓", "✗"} <= set(marks)
    # Every state's mark is as large as the tick beside it (the half disc of "partial" drew at
    # half the tick's size from a fallback font).
    tick = box.locator("td.atlas-state-supported b").first.bounding_box()
    for state in ("partial", "unsupported"):
        mark = box.locator(f"td.atlas-state-{state} b").first.bounding_box()
        assert mark["height"] >= 0.6 * tick["height"] and mark["width"] >= 9, (state, mark, tick)


@pytest.mark.parametrize("reader", [(DESKTOP, "light")], indirect=True)
def test_the_matrix_filter_understands_chinese(reader, site_url: str) -> None:
    reader.goto(site_url + "matrices/training/")
    rows = reader.locator("#matrix-training tbody tr:visible")
    before = rows.count()
    reader.fill(".atlas-matrix-filter[data-matrix=training]", "流水线")
    assert 1 <= rows.count() < before
    assert "Pipeline" in rows.first.inner_text()


# -- The Chinese edition ----------------------------------------------------------------------


@pytest.mark.parametrize("reader", [(DESKTOP, "light")], indirect=True)
def test_the_chinese_edition_leads_in_chinese_and_says_so(reader, site_url: str) -> None:
    reader.goto(site_url + "zh/techniques/continuous-batching/")
    assert reader.get_attribute("html", "lang") == "zh-Hans"
    lead = reader.locator(".atlas-lead")
    assert lead.get_attribute("lang") == "zh-Hans"
    assert "批" in lead.inner_text()
    original = reader.locator("details.atlas-other-language")
    assert original.get_attribute("lang") == "en"
    # The theme speaks Chinese too: its menu, search box and table of contents.
    assert reader.inner_text(".md-tabs").startswith("首页")
    headings = reader.locator("article h2").all_inner_texts()
    assert "来源" in " ".join(headings)


@pytest.mark.parametrize("reader", [(DESKTOP, "light")], indirect=True)
def test_the_language_switch_keeps_the_page(reader, site_url: str) -> None:
    reader.goto(site_url + "frameworks/vllm/")
    reader.click("[data-atlas-alternate]")
    reader.wait_for_url("**/zh/frameworks/vllm/")
    assert reader.get_attribute("html", "lang") == "zh-Hans"
    reader.click("[data-atlas-alternate]")
    reader.wait_for_url("**/frameworks/vllm/")
    assert reader.url.endswith("/frameworks/vllm/") and "/zh/" not in reader.url
    links = reader.eval_on_selector_all(
        "link[rel~=alternate][hreflang]", "ls => ls.map(l => [l.hreflang, l.href])"
    )
    hreflang = {lang: href for lang, href in links}
    assert hreflang["zh-Hans"].endswith("/zh/frameworks/vllm/")
    assert hreflang["en"].endswith("/frameworks/vllm/") and "/zh/" not in hreflang["en"]


@pytest.mark.parametrize("reader", [(DESKTOP, "light")], indirect=True)
@pytest.mark.parametrize("path", ["", "frameworks/vllm/", "techniques/tensor-parallelism/"])
def test_chinese_inside_an_english_page_is_marked_as_chinese(
    reader, site_url: str, path: str
) -> None:
    reader.goto(site_url + path)
    unmarked = reader.evaluate(
        """() => {
        const walker = document.createTreeWalker(document.querySelector('article'),
                                                 NodeFilter.SHOW_TEXT);
        const out = [];
        while (walker.nextNode()) {
            const node = walker.currentNode;
            if (!/[\\u4e00-\\u9fff]/.test(node.textContent)) continue;
            const lang = node.parentElement.closest('[lang]').getAttribute('lang');
            if (lang !== 'zh-Hans') out.push(node.textContent.trim().slice(0, 30));
        }
        return out;
    }"""
    )
    assert unmarked == []


# -- Tooltips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [(DESKTOP, "light")], indirect=True)
@pytest.mark.parametrize("path", ["frameworks/tensorrt-llm/", "techniques/zero/", "zh/"])
def test_tooltips_stay_out_of_headings_links_and_longer_names(
    reader, site_url: str, path: str
) -> None:
    reader.goto(site_url + path)
    misplaced = reader.evaluate(
        """() => [...document.querySelectorAll('article abbr')].filter(a =>
            a.closest('h1,h2,h3,h4,h5,h6,a') ||
            /[\\w+\\-]$/.test((a.previousSibling && a.previousSibling.textContent) || '') &&
                /^[A-Za-z]/.test(a.textContent) ||
            /^[\\w+\\-]/.test((a.nextSibling && a.nextSibling.textContent) || '') &&
                /[A-Za-z]$/.test(a.textContent)
        ).map(a => a.textContent)"""
    )
    assert misplaced == []
    assert reader.locator("article abbr").count() >= 1
