"""Strict MkDocs builds: the pages a reader gets, their links, and the search index."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import FIXTURES, ROOT, build_site, make_project

from infra_atlas.model import KINDS


def _search_docs(site: Path, lang: str = "en") -> list[dict]:
    return json.loads((site / "search" / f"{lang}.json").read_text("utf-8"))["docs"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src"} and value:
                self.links.append(value)


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(v for k, v in attrs if k in {"id", "name"} and v)


def _links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text("utf-8"))
    return parser.links


def _broken_links(site: Path) -> list[str]:
    """Every internal link and #anchor that leads nowhere, and every external link that is not a
    well-formed https URL."""
    anchors: dict[Path, set[str]] = {}

    def ids(target: Path) -> set[str]:
        if target not in anchors:
            parser = _Anchors()
            parser.feed(target.read_text("utf-8"))
            anchors[target] = parser.ids
        return anchors[target]

    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":  # served at any depth, so MkDocs links it from the root
            continue
        where = page.relative_to(site).as_posix()
        for link in _links(page):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                ok = parts.scheme == "https" and "." in parts.netloc and " " not in link
                if not ok and parts.scheme not in {"mailto", "data"}:
                    broken.append(f"{where}: external link {link!r} is not https")
                continue
            target = (page.parent / parts.path).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{where} -> {link}")
            elif parts.fragment and unquote(parts.fragment) not in ids(target):
                broken.append(f"{where} -> {link}: no such anchor")
    return broken


def test_every_record_has_a_page_in_both_editions(good_site: Path) -> None:
    for folder in KINDS:
        for record in (FIXTURES / "good" / folder).glob("*.yaml"):
            for edition in ("", "zh/"):
                assert (good_site / edition / folder / record.stem / "index.html").is_file()
    page = (good_site / "frameworks" / "fastertransformer" / "index.html").read_text("utf-8")
    assert "succeeded by</em>" in page and 'href="../tensorrt-llm/"' in page
    page = (good_site / "zh" / "frameworks" / "fastertransformer" / "index.html").read_text("utf-8")
    assert "后继者</em>" in page and 'href="../tensorrt-llm/"' in page


@pytest.mark.parametrize("site", ["good_site", "real_site"])
def test_no_broken_links_or_anchors(site: str, request: pytest.FixtureRequest) -> None:
    assert _broken_links(request.getfixturevalue(site)) == []


def test_the_link_check_finds_broken_links_and_anchors(tmp_path: Path, good_site: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(good_site, site)
    page = site / "about" / "index.html"
    page.write_text(
        page.read_text("utf-8").replace(
            "</article>",
            '<a href="../frameworks/vllm/#no-such-part">x</a><a href="../gone/">y</a>'
            '<a href="http://example.org/">z</a></article>',
        ),
        "utf-8",
    )
    assert _broken_links(site) == [
        "about/index.html -> ../frameworks/vllm/#no-such-part: no such anchor",
        "about/index.html -> ../gone/",
        "about/index.html: external link 'http://example.org/' is not https",
    ]


def test_record_pages_stay_out_of_the_sidebar(good_site: Path) -> None:
    home = (good_site / "index.html").read_text("utf-8")
    assert 'href="frameworks/"' in home
    assert "frameworks/vllm/" not in home


def test_figures_are_served_and_embedded(good_site: Path) -> None:
    assert (good_site / "figures" / "tensorrt-llm.svg").read_bytes().startswith(b"<?xml")
    page = (good_site / "frameworks" / "tensorrt-llm" / "index.html").read_text("utf-8")
    assert 'src="../../figures/tensorrt-llm.svg"' in page


def test_search_index_holds_each_edition_with_its_own_links(good_site: Path) -> None:
    en, zh = _search_docs(good_site, "en"), _search_docs(good_site, "zh")
    tp = next(d for d in en if d["u"] == "techniques/tensor-parallelism/")
    # Every name a reader may type: English, Chinese, the abbreviation, aliases.
    assert {"Tensor parallelism", "张量并行", "TP"} <= set(tp["n"])
    assert tp["k"] == "technique" and tp["o"] == "张量并行"
    tp_zh = next(d for d in zh if d["u"] == "zh/techniques/tensor-parallelism/")
    assert tp_zh["t"] == "张量并行" and tp_zh["k"] == "技术"
    assert all(d["u"].startswith("zh/") for d in zh)
    assert not any(d["u"].startswith("zh/") for d in en)
    # Hand-written pages of docs/ are in their edition's index too.
    assert any(d["u"] == "about/" for d in en)
    # Chinese queries are cut with the atlas's own words.
    vocab = json.loads((good_site / "search" / "zh.json").read_text("utf-8"))["vocab"]
    assert "张量并行" in vocab and "首字延迟" in vocab


def test_pages_load_no_search_index_until_asked(good_site: Path) -> None:
    page = (good_site / "techniques" / "tensor-parallelism" / "index.html").read_text("utf-8")
    assert "data-atlas-search" in page and "search_index.json" not in page
    assert not (good_site / "search" / "search_index.json").exists()


def test_a_bad_record_fails_the_build_with_located_errors(tmp_path: Path) -> None:
    project = make_project(FIXTURES / "good", tmp_path / "project")
    (project / "frameworks" / "vllm.yaml").write_text(
        (project / "frameworks" / "vllm.yaml")
        .read_text("utf-8")
        .replace("technique: paged-attention", "technique: paged-atention"),
        "utf-8",
    )
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "frameworks/vllm.yaml:19:16: error: support[0].technique: unknown technique "
        "'paged-atention' (did you mean 'paged-attention'?)"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_real_atlas_builds_strictly(real_site: Path) -> None:
    docs = _search_docs(real_site)
    assert any(d["u"].startswith("techniques/") for d in docs)
    assert (real_site / "glossary" / "index.html").is_file()


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = make_project(FIXTURES / "good", tmp_path / "project")
    site = tmp_path / "site"
    assert build_site(project, site).returncode == 0
    before = _tree(site)
    (project / "docs" / "broken.md").write_text("[nowhere](nowhere.md)\n", "utf-8")
    result = build_site(project, site)
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
    assert _tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_two_builds_are_byte_identical(tmp_path: Path, good_site: Path) -> None:
    project = make_project(FIXTURES / "good", tmp_path / "elsewhere")
    site = tmp_path / "other-site"
    assert build_site(project, site).returncode == 0
    first, second = _tree(good_site), _tree(site)
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []


def test_two_builds_of_the_real_atlas_are_byte_identical(tmp_path: Path, real_site: Path) -> None:
    """Another directory, another time, another cache: the same bytes, figures included."""
    project = tmp_path / "clone"
    # With its git history: the Atom feed is dated from it.
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".cache", "site", "*.pyc"))
    assert build_site(project, tmp_path / "site").returncode == 0
    first, second = _tree(real_site), _tree(tmp_path / "site")
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


class _Lineage(HTMLParser):
    """The lineage trees of a record page: (depth, record url) for each list item, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[int, str]] = []
        self.depth = 0
        self.inside = False
        self.want = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "ul" and (self.inside or self.want):
            self.inside, self.want = True, False
            self.depth += 1
        elif tag == "a" and self.inside and self.depth and self.items[-1][1] == "":
            depth, _ = self.items.pop()
            self.items.append((depth, dict(attrs).get("href") or ""))
        elif tag == "li" and self.inside:
            self.items.append((self.depth, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul" and self.inside:
            self.depth -= 1
            self.inside = self.depth > 0

    def handle_data(self, data: str) -> None:
        if data.strip() in {"Descends from", "Led to"}:
            self.want = True


def test_ancestry_in_words_joins_only_what_the_graph_joins(real_site: Path) -> None:
    """Every step of a 'Descends from' or 'Led to' tree is a relation the atlas holds."""
    from infra_atlas.lineage import LINEAGE_ORDER
    from infra_atlas.validate import check

    atlas, _ = check(ROOT)
    assert atlas is not None
    joined = {frozenset((r.source, r.target)) for r in atlas.relations if r.type in LINEAGE_ORDER}
    by_url = {f"{r.kind.folder}/{r.id}": r.id for r in atlas.records.values()}
    wrong, steps = [], 0
    for page in sorted((real_site).glob("*/*/index.html")):
        folder, record_id = page.parent.parent.name, page.parent.name
        if f"{folder}/{record_id}" not in by_url:
            continue
        parser = _Lineage()
        parser.feed(page.read_text("utf-8"))
        parents = {0: record_id}
        for depth, href in parser.items:
            target = (page.parent / href).resolve().relative_to(real_site.resolve())
            other = by_url.get(target.as_posix().rstrip("/"))
            assert other is not None, (page, href)
            parents[depth] = other
            steps += 1
            if frozenset((parents[depth - 1], other)) not in joined:
                wrong.append(f"{record_id}: {parents[depth - 1]} - {other}")
    assert steps > 500
    assert wrong == []


def test_no_two_record_pages_share_a_title(real_site: Path) -> None:
    for edition in (real_site, real_site / "zh"):
        titles: dict[str, str] = {}
        for page in sorted(edition.glob("*/*/index.html")):
            if page.parent.parent.name in {"tags", "az", "zh"}:
                continue
            title = re.search(r"<title>(.*?)</title>", page.read_text("utf-8"), re.S)
            assert title is not None
            other = titles.setdefault(title.group(1), page.parent.as_posix())
            assert other == page.parent.as_posix(), f"{page.parent} and {other}: {title.group(1)}"


def test_no_html_page_is_heavier_than_150_kb(real_site: Path) -> None:
    sizes = {
        p.relative_to(real_site).as_posix(): p.stat().st_size for p in real_site.rglob("*.html")
    }
    heavy = {p: s for p, s in sizes.items() if s > 150_000}
    assert heavy == {}


def test_the_sitemap_lists_every_page_of_both_editions(real_site: Path) -> None:
    sitemap = (real_site / "sitemap.xml").read_text("utf-8")
    urls = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    pages = [p for p in real_site.rglob("index.html") if p.parent != real_site / "search"]
    assert len(urls) == len(pages) > 1500
    assert "https://llm-infra-atlas.github.io/zh/frameworks/vllm/" in urls


def test_an_english_only_site_has_no_chinese_pages(tmp_path: Path) -> None:
    """`languages: [en]` leaves out the whole Chinese edition, its hand-written pages too."""
    project = make_project(FIXTURES / "good", tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("  - infra-atlas\n", "  - infra-atlas:\n      languages: [en]\n", 1), "utf-8"
    )
    assert "languages: [en]" in config.read_text("utf-8")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "techniques" / "paged-attention" / "index.html").is_file()
    assert not (tmp_path / "site" / "zh").exists()
