"""The lineage explorer on the real site, measured in chromium: its first view, its labels, the
ways to move it (mouse, wheel, touch, keyboard), its address, its search, its time slider, both
editions and both palettes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from helpers import ROOT

from infra_atlas.explorer import explorer_data
from infra_atlas.i18n import Tr, strings
from infra_atlas.model import KIND_BY_NAME, RELATION_TYPES
from infra_atlas.validate import check

ATLAS, _ = check(ROOT)
assert ATLAS is not None, "the real atlas must pass infra-atlas check"
DATA = explorer_data(ATLAS)
DATED = [n for n in DATA["nodes"] if n["kind"] not in DATA["hidden"]]
ROOT_SEL = "#atlas-explorer"


@contextmanager
def _page(browser, **options) -> Iterator[object]:
    """A page in a context of its own (a viewport, a palette, touch), failing on any JS error."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"{ROOT_SEL}[data-ready=true]")
    page.locator(".atlas-stage").scroll_into_view_if_needed()


def _data(page, name: str) -> str:
    return page.get_attribute(ROOT_SEL, f"data-{name}")


def _view(page) -> dict[str, float]:
    return page.evaluate("() => Object.assign({}, window.atlasExplorer.view)")


def _canvas(page) -> dict[str, float]:
    return page.locator(".atlas-canvas").bounding_box()


def _overlaps(boxes: list[list]) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes intersect, counted here rather than trusted from JS."""
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                pairs.append((a[4], b[4]))
    return pairs


def _assert_labels_clear(page, at_least: int) -> int:
    boxes = page.evaluate("() => window.atlasExplorer.labelBoxes()")
    assert _overlaps(boxes) == [], _data(page, "zoom")
    assert _data(page, "label-overlaps") == "0"
    labels = int(_data(page, "labels"))
    assert labels >= at_least, (labels, _data(page, "zoom"))
    return labels


def _state(page) -> dict[str, str]:
    page.wait_for_function(
        "() => { const d = document.querySelector('#atlas-explorer').dataset;"
        " return !d.saving && d.state === window.location.hash.slice(1); }"
    )
    fragment = urlsplit(page.url).fragment
    return dict(p.split("=", 1) for p in fragment.split("&") if "=" in p)


# ---- The first view ---------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (1280, 800), (390, 844)])
def test_first_view_spreads_over_the_whole_canvas(browser, site_url: str, width, height) -> None:
    with _page(browser, viewport={"width": width, "height": height}) as page:
        _open(page, site_url + "explorer/")
        assert int(_data(page, "visible-nodes")) == len(DATED)
        drawn = page.evaluate("() => window.atlasExplorer.drawnNodes()")
        assert len(drawn) == len(DATED), "every record of the first view is on the canvas"
        box = _canvas(page)
        xs = [x for _, x, _ in drawn]
        ys = [y for _, _, y in drawn]
        assert (max(xs) - min(xs)) / box["width"] > 0.8, (min(xs), max(xs), box["width"])
        assert (max(ys) - min(ys)) / box["height"] > 0.75, (min(ys), max(ys), box["height"])
        # Not a blob: every quarter of the width holds records, none holds half of them.
        quarters = [0, 0, 0, 0]
        for x in xs:
            quarters[min(3, int(4 * x / box["width"]))] += 1
        assert min(quarters) >= 0.05 * len(xs) and max(quarters) <= 0.5 * len(xs), quarters
        _assert_labels_clear(page, 30 if width > 1000 else 12)


def test_first_view_keeps_outliers_and_terms_off_the_time_axis(page, site_url: str) -> None:
    _open(page, site_url + "explorer/")
    # The 1991 record sits in the strip before the axis's first year, left of every 2017 record.
    early = min((n for n in DATED if n["date"]), key=lambda n: n["date"])
    assert early["date"].startswith("1991")
    x = {i: x for i, x, _ in page.evaluate("() => window.atlasExplorer.drawnNodes()")}
    assert x[early["id"]] < min(x[n["id"]] for n in DATED if n["date"] >= "2017")
    assert page.is_checked(f"{ROOT_SEL} .atlas-kinds input[value=framework]")
    assert not page.is_checked(f"{ROOT_SEL} .atlas-kinds input[value=term]")
    terms = sum(1 for n in DATA["nodes"] if n["kind"] == "term")
    page.check(f"{ROOT_SEL} .atlas-kinds input[value=term]")
    assert int(_data(page, "visible-nodes")) == len(DATED) + terms
    _assert_labels_clear(page, 30)


# ---- Labels at every zoom ------------------------------------------------------------------


def test_labels_never_overlap_at_any_zoom(page, site_url: str) -> None:
    _open(page, site_url + "explorer/")
    _assert_labels_clear(page, 30)
    zoom_in = page.locator(".atlas-zoom button").nth(0)
    # Zooming into the middle of the busiest years (the view centred on a record of 2023).
    page.evaluate(
        "() => { const ex = window.atlasExplorer, n = ex.byId['vllm'];"
        " ex.view.cx = n.x; ex.view.cy = n.y + 40; ex.draw(); }"
    )
    for _ in range(7):  # up to 1.6^7 = 27x
        zoom_in.click()
        drawn = len(page.evaluate("() => window.atlasExplorer.drawnNodes()"))
        _assert_labels_clear(page, min(drawn, 3))
    # Around a selected record, with its lineage lit, and then with every relation shown.
    page.locator(".atlas-zoom button").nth(2).click()
    page.fill(f"{ROOT_SEL} input[type=search]", "vLLM")
    page.press(f"{ROOT_SEL} input[type=search]", "Enter")
    _assert_labels_clear(page, 5)
    page.click(".atlas-types-toggle")
    for box in page.locator(f"{ROOT_SEL} .atlas-types input").all():
        box.check()
    _assert_labels_clear(page, 5)
    page.locator(".atlas-zoom button").nth(2).click()  # show everything
    _assert_labels_clear(page, 30)


def test_labels_never_overlap_in_chinese_with_every_kind(page, site_url: str) -> None:
    _open(page, site_url + "zh/explorer/#kinds=framework,paper,technique,model,hardware,term")
    _assert_labels_clear(page, 30)
    for _ in range(3):
        page.locator(".atlas-zoom button").nth(0).click()
        _assert_labels_clear(page, 5)


# ---- Moving the view -------------------------------------------------------------------


def test_wheel_scrolls_the_page_until_the_reader_asks_the_view(page, site_url: str) -> None:
    _open(page, site_url + "explorer/")
    page.evaluate("window.scrollTo(0, 0)")
    box = _canvas(page)
    page.mouse.move(box["x"] + box["width"] / 2, min(box["y"] + 80, 860))
    zoom = _view(page)["k"]
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(200)
    assert page.evaluate("window.scrollY") > 0, "a plain wheel over the view scrolls the page"
    assert _view(page)["k"] == zoom
    assert page.is_visible(".atlas-hint"), "and says how to zoom"
    # With Ctrl held, the wheel zooms and the page stays put.
    box = _canvas(page)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    page.wait_for_timeout(200)
    assert _view(page)["k"] > zoom
    assert page.evaluate("window.scrollY") == scrolled
    # Once clicked into, the plain wheel zooms too; a click outside gives the wheel back.
    zoom = _view(page)["k"]
    page.mouse.click(box["x"] + 5, box["y"] + box["height"] / 2)
    assert _data(page, "engaged") == "true"
    page.mouse.wheel(0, 200)
    page.wait_for_timeout(200)
    assert _view(page)["k"] < zoom
    assert page.evaluate("window.scrollY") == scrolled
    page.mouse.click(5, 300)
    assert _data(page, "engaged") == "false"
    box = _canvas(page)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 60)
    page.mouse.wheel(0, -200)
    page.wait_for_timeout(200)
    assert page.evaluate("window.scrollY") < scrolled


def test_mouse_drag_pans_and_a_click_selects_then_opens(page, site_url: str) -> None:
    _open(page, site_url + "explorer/")
    box = _canvas(page)
    before = _view(page)
    page.mouse.move(box["x"] + 300, box["y"] + 300)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 250, steps=5)
    page.mouse.up()
    after = _view(page)
    assert after["cx"] > before["cx"] and after["cy"] > before["cy"]
    assert _data(page, "selected") is None, "a drag is not a click"
    assert "x" in _state(page)


def _touch(cdp, kind: str, points: list[tuple[float, float]]) -> None:
    cdp.send(
        "Input.dispatchTouchEvent",
        {
            "type": kind,
            "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)],
        },
    )


def test_touch_pans_and_pinch_zooms(browser, site_url: str) -> None:
    with _page(browser, viewport={"width": 390, "height": 844}, has_touch=True) as page:
        _open(page, site_url + "explorer/")
        cdp = page.context.new_cdp_session(page)
        box = _canvas(page)
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        # Until the reader taps the view, a finger swiping up over it scrolls the page.
        before, scrolled = _view(page), page.evaluate("window.scrollY")
        _touch(cdp, "touchStart", [(cx, cy + 100)])
        for step in range(1, 8):
            _touch(cdp, "touchMove", [(cx, cy + 100 - 25 * step)])
        _touch(cdp, "touchEnd", [])
        page.wait_for_timeout(300)
        assert page.evaluate("window.scrollY") > scrolled
        assert _view(page) == before
        assert _data(page, "engaged") == "false"
        box = _canvas(page)
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        # A tap on empty space engages the view (and selects nothing).
        _touch(cdp, "touchStart", [(box["x"] + 4, box["y"] + box["height"] - 4)])
        _touch(cdp, "touchEnd", [])
        assert _data(page, "engaged") == "true"
        before = _view(page)
        _touch(cdp, "touchStart", [(cx, cy)])
        for step in range(1, 6):
            _touch(cdp, "touchMove", [(cx - 20 * step, cy - 10 * step)])
        _touch(cdp, "touchEnd", [])
        after = _view(page)
        assert after["cx"] > before["cx"] and after["cy"] > before["cy"], (before, after)
        assert after["k"] == before["k"]
        # Two fingers apart: zoom in about their middle.
        _touch(cdp, "touchStart", [(cx - 30, cy), (cx + 30, cy)])
        for step in range(1, 6):
            _touch(cdp, "touchMove", [(cx - 30 - 20 * step, cy), (cx + 30 + 20 * step, cy)])
        _touch(cdp, "touchEnd", [])
        pinched = _view(page)
        assert pinched["k"] > 3 * after["k"], (after, pinched)
        assert float(_state(page)["z"]) == pytest.approx(pinched["k"], abs=0.01)
        _assert_labels_clear(page, 1)


def test_keyboard_moves_between_records_zooms_and_opens(page, site_url: str) -> None:
    _open(page, site_url + "explorer/")
    page.focus(".atlas-canvas")
    page.keyboard.press("ArrowRight")
    first = _data(page, "selected")
    assert first, "an arrow key selects a record"
    assert page.is_visible(".atlas-card")
    live = page.inner_text("#atlas-explorer-live")
    assert live.startswith("Selected: ")
    x_of = "(id) => window.atlasExplorer.toScreen(window.atlasExplorer.byId[id])[0]"
    page.keyboard.press("ArrowRight")
    second = _data(page, "selected")
    assert second != first
    assert page.evaluate(x_of, second) > page.evaluate(x_of, first)
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(x_of, _data(page, "selected")) < page.evaluate(x_of, second)
    zoom = _view(page)["k"]
    page.keyboard.press("+")
    assert _view(page)["k"] > zoom
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("0")
    assert _view(page)["k"] == 1
    page.keyboard.press("Escape")
    assert _data(page, "selected") is None
    page.keyboard.press("ArrowDown")
    chosen = _data(page, "selected")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{ATLAS.records[chosen].url}")


# ---- The address keeps the view ---------------------------------------------------------


def test_the_address_keeps_the_view_and_restores_it(browser, site_url: str) -> None:
    with _page(browser) as page:
        _open(page, site_url + "explorer/")
        page.uncheck(f"{ROOT_SEL} .atlas-kinds input[value=hardware]")
        page.select_option(f"{ROOT_SEL} .atlas-era-filter", "golden-age")
        page.fill(f"{ROOT_SEL} input[type=search]", "vllm")
        page.press(f"{ROOT_SEL} input[type=search]", "Enter")
        page.locator(".atlas-zoom button").nth(0).click()
        state = _state(page)
        assert state["sel"] == "vllm"
        assert state["era"] == "golden-age"
        assert "hardware" not in state["kinds"].split(",")
        view, visible = _view(page), _data(page, "visible-nodes")
        shared = page.url
    # Another reader, another window size: the same records, the same place in the middle.
    with _page(browser, viewport={"width": 1000, "height": 800}) as page:
        _open(page, shared)
        assert _data(page, "selected") == "vllm"
        assert _data(page, "visible-nodes") == visible
        assert not page.is_checked(f"{ROOT_SEL} .atlas-kinds input[value=hardware]")
        assert page.input_value(f"{ROOT_SEL} .atlas-era-filter") == "golden-age"
        restored = _view(page)
        assert restored["k"] == pytest.approx(view["k"], abs=0.01)
        assert restored["cx"] == pytest.approx(view["cx"], abs=1)
        assert restored["cy"] == pytest.approx(view["cy"], abs=1)
        assert page.is_visible(".atlas-card")
        assert urlsplit(page.url).fragment == urlsplit(shared).fragment


# ---- Search --------------------------------------------------------------------------------


# Query -> the record it must find first: any name, alias, abbreviation or Chinese name, whatever
# the case, width, spaces or hyphens; a technique before the paper of the same name.
SEARCHES = [
    ("paged attention", "paged-attention"),
    ("PagedAttention", "paged-attention"),
    ("pagedattention", "paged-attention"),
    ("Paged-Attention", "paged-attention"),
    ("分页注意力", "paged-attention"),
    ("vllm", "vllm"),
    ("ＶＬＬＭ", "vllm"),
    ("trt llm", "tensorrt-llm"),
    ("TP", "tensor-parallelism"),
    ("张量并行", "tensor-parallelism"),
    ("首token延迟", "ttft"),
    ("megatron", "megatron-lm"),
]


def test_search_finds_names_aliases_and_chinese_names(page, site_url: str) -> None:
    _open(page, site_url + "explorer/")
    search = f"{ROOT_SEL} input[type=search]"
    for query, expected in SEARCHES:
        page.fill(search, query)
        first = page.get_attribute(".atlas-suggestions li >> nth=0", "data-id")
        assert first == expected, query
        page.press(search, "Enter")
        assert _data(page, "selected") == expected, query
        # Found even when its kind was hidden (a glossary term): now shown, drawn and in view.
        drawn = {i for i, _, _ in page.evaluate("() => window.atlasExplorer.drawnNodes()")}
        assert expected in drawn, query


def test_search_names_the_kind_when_names_collide(page, site_url: str) -> None:
    _open(page, site_url + "explorer/")
    page.fill(f"{ROOT_SEL} input[type=search]", "PagedAttention")
    items = page.locator(".atlas-suggestions li")
    texts = items.all_inner_texts()
    ids = [items.nth(i).get_attribute("data-id") for i in range(items.count())]
    assert ids[:2] == ["paged-attention", "kwon2023-pagedattention"]
    assert texts[0].startswith("PagedAttention (technique)")
    assert texts[1].startswith("PagedAttention (paper)")
    page.fill(f"{ROOT_SEL} input[type=search]", "vLLM")
    assert not page.locator(".atlas-suggestions li >> nth=0").inner_text().startswith("vLLM (")
    # Keyboard in the list: down twice picks the second.
    page.fill(f"{ROOT_SEL} input[type=search]", "PagedAttention")
    page.press(f"{ROOT_SEL} input[type=search]", "ArrowDown")
    page.press(f"{ROOT_SEL} input[type=search]", "ArrowDown")
    page.press(f"{ROOT_SEL} input[type=search]", "Enter")
    assert _data(page, "selected") == "kwon2023-pagedattention"
    page.fill(f"{ROOT_SEL} input[type=search]", "no such record anywhere")
    page.press(f"{ROOT_SEL} input[type=search]", "Enter")
    assert "No record matches" in page.inner_text(".atlas-status")


# ---- The time slider -------------------------------------------------------------------


def _month(text: str) -> int:
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


def test_time_slider_shows_the_field_as_it_stood(page, site_url: str) -> None:
    _open(page, site_url + "explorer/")
    slider = page.locator(f"{ROOT_SEL} .atlas-time input[type=range]")
    slider.fill(str(_month("2020-06")))
    # Records dated up to June 2020 (known only by year: from its December), with their
    # relations: the lineage relations between two of them.
    shown = {n["id"] for n in DATED if n["t"] is not None and n["t"] <= _month("2020-06")}
    assert int(_data(page, "visible-nodes")) == len(shown)
    lineage = {DATA["types"].index(t) for t in DATA["lineage"]}
    edges = [
        e
        for e in DATA["edges"]
        if e[2] in lineage
        and DATA["nodes"][e[0]]["id"] in shown
        and DATA["nodes"][e[1]]["id"] in shown
    ]
    assert int(_data(page, "visible-edges")) == len(edges) > 0
    drawn = {i for i, _, _ in page.evaluate("() => window.atlasExplorer.drawnNodes()")}
    assert "vllm" not in drawn and "megatron-lm" in drawn
    assert _state(page)["t"] == "2020-06"
    assert "June 2020" in page.inner_text(".atlas-status")
    _assert_labels_clear(page, 20)
    # Glossary terms follow what they relate to.
    page.check(f"{ROOT_SEL} .atlas-kinds input[value=term]")
    assert int(_data(page, "visible-nodes")) > len(shown)
    # The far right is today: everything again.
    slider.fill(slider.get_attribute("max"))
    page.uncheck(f"{ROOT_SEL} .atlas-kinds input[value=term]")
    assert int(_data(page, "visible-nodes")) == len(DATED)
    assert "t" not in _state(page)


# ---- Both editions, both palettes ------------------------------------------------------


_CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_word_is_in_the_page_language(page, site_url: str, lang: str) -> None:
    prefix = "" if lang == "en" else "zh/"
    _open(page, site_url + prefix + "explorer/")
    t = Tr(lang)
    ui = page.evaluate("() => JSON.parse(document.querySelector('#atlas-explorer').dataset.ui)")
    for key in (k for k in strings() if k.startswith("explorer.ui.")):
        assert ui[key.removeprefix("explorer.ui.")] == t(key)
    legend = page.locator(f"{ROOT_SEL} .atlas-kinds label").all_inner_texts()
    assert [s.strip() for s in legend] == [KIND_BY_NAME[k].many(lang) for k in DATA["kinds"]]
    assert page.get_attribute(f"{ROOT_SEL} input[type=search]", "placeholder") == t(
        "explorer.ui.search_placeholder"
    )
    assert page.inner_text(".atlas-status") == t(
        "filter.shown", shown=len(DATED), total=len(DATA["nodes"])
    )
    assert page.get_attribute(".atlas-canvas", "aria-label") == t("explorer.ui.canvas")
    assert page.get_attribute(".atlas-zoom button >> nth=0", "aria-label") == t(
        "explorer.ui.zoom_in"
    )
    page.click(".atlas-types-toggle")
    types = page.locator(f"{ROOT_SEL} .atlas-types label").all_inner_texts()
    assert [s.strip() for s in types[: len(RELATION_TYPES)]] == [
        t.relation(spec) for spec in RELATION_TYPES.values()
    ]
    eras = page.locator(f"{ROOT_SEL} .atlas-era-filter option").all_inner_texts()
    assert eras[0] == t("explorer.ui.all_eras")
    # What the canvas writes: era names, lane names and record names in the page's language.
    texts = {b[4] for b in page.evaluate("() => window.atlasExplorer.labelBoxes()")}
    assert KIND_BY_NAME["paper"].many(lang) in texts
    golden = next(e for e in ATLAS.eras if e.id == "golden-age")
    assert (golden.title if lang == "en" else golden.title_zh) in texts
    if lang == "zh":
        assert sum(1 for s in texts if _CJK.search(s)) >= 10
    # The tooltip and the card of a record.
    page.fill(f"{ROOT_SEL} input[type=search]", "vllm")
    page.press(f"{ROOT_SEL} input[type=search]", "Enter")
    card = page.inner_text(".atlas-card")
    assert t("explorer.ui.open") in card
    assert KIND_BY_NAME["framework"].one(lang) in card
    assert t.date("2023-06") in card
    # Hover a record drawn away from the card.
    node = page.evaluate(
        """() => { const ex = window.atlasExplorer, r = ex.canvas.getBoundingClientRect();
                   const n = ex.drawnNodes().find(d => d[0] !== 'vllm' && d[1] < ex.width - 340
                                                  && d[1] > 20);
                   return [n[0], r.left + n[1], r.top + n[2]]; }"""
    )
    page.mouse.move(node[1], node[2])
    tip = page.locator(".atlas-tooltip")
    tip.wait_for(state="visible")
    record = ATLAS.records[node[0]]
    name = record.title_zh if lang == "zh" and record.title_zh else record.title
    assert name in tip.inner_text()
    assert record.kind.one(lang) in tip.inner_text()


def _ink(page) -> float:
    """The mean lightness (0-255) of the ink of the canvas's labels: the pixels inside the drawn
    label boxes that stand out from the page's background."""
    return page.evaluate(
        """() => {
          const ex = window.atlasExplorer, ctx = ex.canvas.getContext('2d'), r = ex.ratio;
          const probe = document.createElement('canvas').getContext('2d');
          const style = getComputedStyle(ex.container);
          probe.fillStyle = style.getPropertyValue('--md-default-bg-color');
          probe.fillRect(0, 0, 1, 1);
          const bg = probe.getImageData(0, 0, 1, 1).data;
          const lum = (p, i) => 0.2126 * p[i] + 0.7152 * p[i + 1] + 0.0722 * p[i + 2];
          const back = lum(bg, 0);
          let sum = 0, n = 0;
          for (const b of ex.labelBoxes().slice(0, 40)) {
            const w = Math.max(1, Math.floor((b[2] - b[0]) * r));
            const h = Math.max(1, Math.floor((b[3] - b[1]) * r));
            const px = ctx.getImageData(Math.floor(b[0] * r), Math.floor(b[1] * r), w, h).data;
            for (let i = 0; i < px.length; i += 4) {
              if (px[i + 3] < 200) continue;
              const l = lum(px, i);
              if (Math.abs(l - back) > 100) { sum += l; n++; }
            }
          }
          return n > 200 ? sum / n : -1;
        }"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_explorer_follows_the_palette_and_its_toggle(browser, site_url: str, scheme: str) -> None:
    with _page(browser, color_scheme=scheme) as page:
        _open(page, site_url + "explorer/")
        ink = _ink(page)
        assert (ink > 150) if scheme == "dark" else (0 <= ink < 100), ink
        first = _data(page, "label-colour")
        page.click("label.md-header__button[for^=__palette]:visible")
        page.wait_for_function(
            "(c) => document.querySelector('#atlas-explorer').dataset.labelColour !== c", arg=first
        )
        ink = _ink(page)
        assert (0 <= ink < 100) if scheme == "dark" else (ink > 150), ink
