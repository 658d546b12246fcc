"""The site search as readers use it, and what a first visit costs.

The query set (tests/data/search_queries.yaml) was written from what readers ask before any
ranking was tuned; at least 95% of its queries must put the expected record first, typed into
the header's search box of a record page in the query's edition.
"""

from __future__ import annotations

import gzip

import yaml
from helpers import ROOT

QUERIES = yaml.safe_load((ROOT / "tests/data/search_queries.yaml").read_text("utf-8"))["queries"]
START = {"en": "techniques/tensor-parallelism/", "zh": "zh/techniques/tensor-parallelism/"}
FIRST_SHARE = 0.95
FIRST_VISIT_GZIP = 400 * 1024  # bytes a first visit to a record page transfers, gzip-compressed
KIND_FOLDERS = {"eras", "frameworks", "papers", "techniques", "models", "hardware", "glossary"}

_TYPE = """async (query) => {
  const input = document.querySelector('.atlas-search__input');
  const list = document.querySelector('.atlas-search__list');
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const start = Date.now();
  while (list.dataset.query !== query && Date.now() - start < 15000) {
    await new Promise(r => setTimeout(r, 10));
  }
  return [...list.querySelectorAll('a.atlas-search__link')].map(a => a.href);
}"""


def _record(url: str, site_url: str) -> tuple[str | None, str]:
    path = url.split("#")[0].removeprefix(site_url)
    edition = "zh" if path.startswith("zh/") else "en"
    parts = path.removeprefix("zh/").strip("/").split("/")
    return (parts[1] if len(parts) == 2 and parts[0] in KIND_FOLDERS else None), edition


def test_the_query_set_finds_the_expected_record_first(page, site_url: str) -> None:
    assert len(QUERIES) >= 80
    misses, wrong_edition = [], []
    for edition in ("en", "zh"):
        page.goto(site_url + START[edition])
        page.keyboard.press("/")
        page.evaluate("window.atlasSearch.complete()")
        for q in (q for q in QUERIES if q["edition"] == edition):
            urls = page.evaluate(_TYPE, q["query"])
            first, where = _record(urls[0], site_url) if urls else (None, edition)
            if first != q["expect"]:
                top = [_record(u, site_url)[0] for u in urls[:3]]
                want = f"want {q['expect']}, got {top}"
                misses.append(f"[{edition}] {q['query']!r} ({q['type']}): {want}")
            elif where != edition:
                wrong_edition.append(q["query"])
    share = 1 - len(misses) / len(QUERIES)
    print(f"\n{len(QUERIES) - len(misses)}/{len(QUERIES)} first ({share:.1%}); misses:")
    print("\n".join(misses) or "none")
    assert wrong_edition == [], "results must link to the reader's edition"
    assert share >= FIRST_SHARE, "\n".join(misses)


def test_search_by_keyboard_opens_the_record(page, site_url: str) -> None:
    page.goto(site_url + "about/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('atlas-search__input')")
    page.evaluate("window.atlasSearch.complete()")  # results no longer change under the keys
    page.keyboard.type("tensor paralelism")
    page.wait_for_selector(".atlas-search__list[data-query='tensor paralelism'] a")
    first = page.locator(".atlas-search__link").first
    assert "technique" in first.inner_text() and first.locator("p").inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url("**/techniques/tensor-parallelism/")
    # "s" opens it too; Escape closes it.
    page.keyboard.press("s")
    assert page.is_checked("#__search")
    page.keyboard.press("Escape")
    assert not page.is_checked("#__search")


def test_the_chinese_edition_searches_in_chinese_and_links_there(page, site_url: str) -> None:
    page.goto(site_url + "zh/")
    page.keyboard.press("/")
    page.evaluate("window.atlasSearch.complete()")
    assert page.get_attribute(".atlas-search__input", "placeholder").startswith("搜索")
    page.keyboard.insert_text("预填充解码分离")
    page.wait_for_selector(".atlas-search__list[data-query='预填充解码分离'] a")
    link = page.locator(".atlas-search__link").first
    assert link.get_attribute("href").endswith("/zh/techniques/pd-disaggregation/")
    assert "技术" in link.inner_text()
    assert "条结果" in page.inner_text(".atlas-search__meta")


def test_search_works_on_a_phone(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "frameworks/vllm/")
    page.tap("label.md-header__button[for=__search]")
    page.wait_for_function("document.activeElement.classList.contains('atlas-search__input')")
    page.evaluate("window.atlasSearch.complete()")
    page.keyboard.insert_text("MoE")
    page.wait_for_selector(".atlas-search__list[data-query='MoE'] a")
    box = page.locator(".atlas-search__link").first.bounding_box()
    assert box["width"] >= 350  # the results take the whole width of the phone
    page.locator(".atlas-search__link").first.tap()
    page.wait_for_url("**/techniques/mixture-of-experts/")
    context.close()


def test_a_record_page_is_light_on_first_visit(page, site_url: str) -> None:
    """Everything the browser transfers for a first visit, gzip-compressed as a server would send
    it (the test server sends it plain), and no search index before the reader searches."""
    sizes: dict[str, int] = {}

    def keep(response) -> None:
        try:
            body = response.body()
        except Exception:  # a redirect has no body
            return
        sizes[response.url] = len(gzip.compress(body, 6))

    page.on("response", keep)
    page.goto(site_url + "techniques/tensor-parallelism/", wait_until="networkidle")
    page.wait_for_timeout(500)
    total = sum(sizes.values())
    print(f"\nfirst visit: {len(sizes)} files, {total / 1024:.0f} KB gzipped")
    assert not any("/search/" in url or "minisearch" in url for url in sizes)
    assert total <= FIRST_VISIT_GZIP, sorted(sizes.items(), key=lambda kv: -kv[1])[:8]
    # Opening the search fetches the edition's index and the library, once.
    page.keyboard.press("/")
    page.keyboard.type("vllm")
    page.wait_for_selector(".atlas-search__list[data-query='vllm'] a")
    assert sum("/search/en.json" in url for url in sizes) == 1
