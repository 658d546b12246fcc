#!/usr/bin/env python3
"""Run the search query set (tests/data/search_queries.yaml) against built sites in chromium.

    python scripts/search_compare.py                       # build this tree, measure its search
    python scripts/search_compare.py --site atlas=site/    # measure a site already built
    python scripts/search_compare.py --site material=/tmp/old-site --site pagefind=/tmp/pf-site

Each `--site ENGINE=DIR` names the engine the site was built with: `atlas` (ours), `material`
(mkdocs-material's search plugin), or `pagefind` (a site indexed by the pagefind binary). Every
query is typed where a reader types it (material's and ours: the header's search box; pagefind:
its JavaScript API) on a record page of the query's edition, and the record of the first result
is compared with the expected one. Also measured: the time from the last keystroke to the first
results, and the bytes the search transferred (as sent over the wire; gzip-compressed sizes are
computed from the bodies when the test server sends them plain).

Writes benchmarks/search-comparison.json (merged: engines measured earlier are kept) and prints
the share of queries answered first, with the misses.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from localsite import ARGS, CHROMIUM, serve

from infra_atlas.model import KINDS

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "data" / "search_queries.yaml"
OUT = ROOT / "benchmarks" / "search-comparison.json"
# A record page of each edition: where a reader is when they search.
START = {"en": "techniques/tensor-parallelism/", "zh": "zh/techniques/tensor-parallelism/"}
KIND_FOLDERS = set(KINDS)


def load_queries() -> list[dict[str, str]]:
    return yaml.safe_load(QUERIES.read_text("utf-8"))["queries"]


def record_of(url: str, base: str) -> tuple[str | None, str]:
    """The record id a result URL shows, and the edition it is in."""
    path = url.split("#", 1)[0].split("?", 1)[0].removeprefix(base)
    edition = "zh" if path.startswith("zh/") else "en"
    parts = path.removeprefix("zh/").strip("/").split("/")
    if len(parts) == 2 and parts[0] in KIND_FOLDERS:
        return parts[1], edition
    return None, edition


# -- how each engine is asked -----------------------------------------------------------------
# Each returns the result URLs in order, the milliseconds from the last keystroke (or call) to
# the first results shown, and whether results came at all.

_MATERIAL = """async (query) => {
  const input = document.querySelector('.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  const meta = document.querySelector('.md-search-result__meta');
  input.focus();
  // Wait until the worker has its index (the meta line changes from the initializer).
  const ready = Date.now();
  while (document.querySelector('.md-search-result__meta').dataset.atlasReady !== '1') {
    if (!/Initializing|初始化/.test(meta.textContent)) meta.dataset.atlasReady = '1';
    else if (Date.now() - ready > 60000) return {urls: [], ms: -1};
    else await new Promise(r => setTimeout(r, 50));
  }
  input.value = '';
  input.dispatchEvent(new Event('input', {bubbles: true}));
  await new Promise(r => setTimeout(r, 150));
  const before = list.innerHTML;
  input.value = query;
  const start = performance.now();
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'a'}));
  input.dispatchEvent(new Event('input', {bubbles: true}));
  let first = -1, last = '', stable = 0;
  while (performance.now() - start < 5000) {
    await new Promise(r => setTimeout(r, 20));
    const now = list.innerHTML + meta.textContent;
    if (first < 0 && list.innerHTML !== before) first = performance.now() - start;
    if (now === last) { if (++stable >= 15) break; } else { stable = 0; last = now; }
  }
  const urls = [...list.querySelectorAll('.md-search-result__link')].map(a => a.href);
  return {urls, ms: first};
}"""

_PAGEFIND = """async (query) => {
  if (!window.__pf) {
    const base = new URL(document.querySelector('#__config') ?
      JSON.parse(document.querySelector('#__config').textContent).base + '/' : './', location);
    window.__pf = await import(new URL('pagefind/pagefind.js', base).href);
    await window.__pf.init();
  }
  const start = performance.now();
  const search = await window.__pf.search(query);
  const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
  const ms = performance.now() - start;
  return {urls: data.map(d => new URL(d.url, location).href), ms};
}"""

_ATLAS = """async (query) => {
  const input = document.querySelector('.atlas-search__input');
  const list = document.querySelector('.atlas-search__list');
  input.focus();
  await window.atlasSearch.complete();
  input.value = '';
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const start = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  while (list.dataset.query !== query && performance.now() - start < 5000) {
    await new Promise(r => requestAnimationFrame(r));
  }
  const ms = performance.now() - start;
  const urls = [...list.querySelectorAll('a.atlas-search__link')].map(a => a.href);
  return {urls, ms};
}"""

ENGINES = {"material": _MATERIAL, "pagefind": _PAGEFIND, "atlas": _ATLAS}

# A reader's first search on a page: nothing loaded yet; from the keystroke to the results shown
# (the index and the library are fetched, and the index built, in between).
_ATLAS_COLD = """async (query) => {
  const input = document.querySelector('.atlas-search__input');
  const list = document.querySelector('.atlas-search__list');
  const start = performance.now();
  input.focus();
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  while (list.dataset.query !== query && performance.now() - start < 15000) {
    await new Promise(r => requestAnimationFrame(r));
  }
  return performance.now() - start;
}"""
COLD = {"atlas": _ATLAS_COLD}


def _gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, 6, mtime=0))


def measure(engine: str, site: Path, queries: list[dict[str, str]]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    results: list[dict[str, Any]] = []
    transfer: dict[str, Any] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for edition in ("en", "zh"):
                mine = [q for q in queries if q["edition"] == edition]
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                bodies: dict[str, int] = {}

                def keep(response: Any, bodies: dict[str, int] = bodies) -> None:
                    # A redirect or an aborted request has no body.
                    with contextlib.suppress(Exception):
                        bodies[response.url] = _gzip_size(response.body())

                page.on("response", keep)
                page.goto(base + START[edition], wait_until="networkidle")
                first_visit = sum(bodies.values())
                before = set(bodies)
                timings = []
                for q in mine:
                    out = page.evaluate(ENGINES[engine], q["query"])
                    ranked: list[str] = []
                    wrong_edition = False
                    for url in out["urls"]:
                        rid, ed = record_of(url, base)
                        if rid and rid not in ranked:
                            if not ranked and ed != edition:
                                wrong_edition = True
                            ranked.append(rid)
                    rank = ranked.index(q["expect"]) + 1 if q["expect"] in ranked else None
                    results.append(
                        {
                            **q,
                            "first": ranked[0] if ranked else None,
                            "rank": rank,
                            "top": ranked[:5],
                            "ms": round(out["ms"], 1),
                            "other_edition_first": wrong_edition,
                        }
                    )
                    timings.append(out["ms"])
                searched = {u: n for u, n in bodies.items() if u not in before}
                transfer[edition] = {
                    "first_visit_gzip_bytes": first_visit,
                    "search_gzip_bytes": sum(searched.values()),
                    "search_files": len(searched),
                    "queries": len(mine),
                }
                context.close()
                if engine in COLD:
                    transfer[edition]["first_search_ms"] = _cold(browser, base, edition, engine)
            browser.close()
    finally:
        server.shutdown()
    firsts = [r for r in results if r["rank"] == 1]
    timings = [r["ms"] for r in results if r["ms"] >= 0]
    return {
        "queries": len(results),
        "first": len(firsts),
        "first_share": round(len(firsts) / len(results), 3),
        "top5": sum(1 for r in results if r["rank"] and r["rank"] <= 5),
        "by_type": _by_type(results),
        "latency_ms": {
            "median": round(statistics.median(timings), 1) if timings else None,
            "p95": round(sorted(timings)[int(len(timings) * 0.95) - 1], 1) if timings else None,
            "max": round(max(timings), 1) if timings else None,
        },
        "other_edition_first": sum(1 for r in results if r["other_edition_first"]),
        "transfer": transfer,
        "misses": [
            {k: r[k] for k in ("query", "edition", "type", "expect", "rank", "top")}
            for r in results
            if r["rank"] != 1
        ],
    }


def _cold(browser: Any, base: str, edition: str, engine: str, runs: int = 3) -> float:
    """Median milliseconds of a first search on a freshly opened record page."""
    query = {"en": "tensor parallelism", "zh": "张量并行"}[edition]
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(base + START[edition], wait_until="networkidle")
        times.append(page.evaluate(COLD[engine], query))
        context.close()
    return round(statistics.median(times), 1)


def _by_type(results: list[dict[str, Any]]) -> dict[str, str]:
    kinds: dict[str, list[int]] = {}
    for r in results:
        kinds.setdefault(r["type"], []).append(r["rank"] == 1)
    return {k: f"{sum(v)}/{len(v)}" for k, v in sorted(kinds.items())}


def build(dest: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return dest


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", action="append", default=[], metavar="ENGINE=DIR")
    parser.add_argument("--note", action="append", default=[], metavar="ENGINE=TEXT")
    parser.add_argument("--json", type=Path, default=OUT)
    args = parser.parse_args()
    queries = load_queries()
    sites = dict(s.split("=", 1) for s in args.site)
    notes = dict(n.split("=", 1) for n in args.note)
    with tempfile.TemporaryDirectory(prefix="atlas-search-") as tmp:
        if not sites:
            sites = {"atlas": str(build(Path(tmp) / "site"))}
        existing = json.loads(args.json.read_text("utf-8")) if args.json.is_file() else {}
        engines = existing.get("engines", {})
        for engine, directory in sites.items():
            name = engine.split(":", 1)[0]
            started = time.perf_counter()
            result = measure(name, Path(directory), queries)
            result["note"] = notes.get(engine, engines.get(engine, {}).get("note", ""))
            result["measured_seconds"] = round(time.perf_counter() - started, 1)
            engines[engine] = result
            print(
                f"{engine}: {result['first']}/{result['queries']} first "
                f"({result['first_share']:.1%}), top 5: {result['top5']}, "
                f"median {result['latency_ms']['median']} ms, transfer {result['transfer']}"
            )
            for miss in result["misses"]:
                print(f"   miss [{miss['edition']}] {miss['query']!r} -> {miss['top'][:3]}")
    data = {
        "queries": len(queries),
        "query_set": QUERIES.relative_to(ROOT).as_posix(),
        "measured": time.strftime("%Y-%m-%d", time.gmtime()),
        "engines": engines,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    summary = args.json.with_suffix(".md")
    summary.write_text(markdown(data), "utf-8")
    print(f"wrote {args.json} and {summary}")
    return 0


def markdown(data: dict[str, Any]) -> str:
    """The comparison as a page a maintainer reads: numbers per engine, then every miss."""
    engines = data["engines"]
    kb = lambda n: f"{n / 1024:,.0f}"  # noqa: E731
    lines = [
        "# Site search: engines compared",
        "",
        f"Generated by `python scripts/search_compare.py` from `{OUT.name}` "
        f"(measured {data['measured']}); do not edit by hand. The query set is "
        f"`{data['query_set']}`: {data['queries']} queries readers type, each with the record "
        "they expect first, typed into each engine on a record page of the query's edition "
        "in chromium.",
        "",
        "| engine | first | top 5 | ms after the last keystroke, median / p95 | first search "
        "on a page, ms (en / zh) | record page, first visit, KB gz | all the searches of the "
        "query set transfer, KB gz (en / zh) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, e in engines.items():
        t = e["transfer"]
        cold = [str(t[ed].get("first_search_ms", "–")) for ed in ("en", "zh")]
        lines.append(
            f"| {name} | {e['first']}/{e['queries']} ({e['first_share']:.1%}) | {e['top5']} | "
            f"{e['latency_ms']['median']} / {e['latency_ms']['p95']} | {' / '.join(cold)} | "
            f"{kb(t['en']['first_visit_gzip_bytes'])} | "
            f"{kb(t['en']['search_gzip_bytes'])} / {kb(t['zh']['search_gzip_bytes'])} |"
        )
    lines += ["", "By kind of query (first / queries):", ""]
    types = sorted({t for e in engines.values() for t in e["by_type"]})
    lines.append("| engine | " + " | ".join(types) + " |")
    lines.append("|---|" + "---|" * len(types))
    for name, e in engines.items():
        lines.append(f"| {name} | " + " | ".join(e["by_type"].get(t, "") for t in types) + " |")
    lines += ["", "## Engines", ""]
    for name, e in engines.items():
        lines.append(f"- **{name}**: {e.get('note') or ''}")
    lines += [
        "",
        "## Reading the table",
        "",
        "- Material's search fetches its whole index (both editions) on every first visit, "
        "which is why its first visit is heavy and its searches transfer next to nothing; its "
        "ranking is lunr's text frequency with a boost per page, so a record that mentions a "
        "name often outranks the record of that name, and it has no typo tolerance.",
        "- Pagefind loads only the chunks a query needs (light first visit, a few kilobytes "
        "per query, more as results are shown), but ranks by text too, with no way to put an "
        "exact name, alias or abbreviation first; its Chinese segmentation does not know the "
        "atlas's words.",
        "- Ours fetches one file per edition (and the MiniSearch library) when the reader "
        "opens the search, ranks exact names, aliases, abbreviations and Chinese names first "
        "(kind precedence between records that share a name), tolerates one typo in words of "
        "five letters or more, and cuts Chinese with the atlas's own words. The first search "
        "on a page includes fetching and indexing the names; the text is indexed in slices "
        "while the reader types.",
    ]
    for name, e in engines.items():
        lines += ["", f"## Misses: {name} ({len(e['misses'])})", ""]
        for m in e["misses"]:
            got = ", ".join(m["top"][:3]) or "nothing"
            rank = f"ranked {m['rank']}" if m["rank"] else "not in the results"
            lines.append(
                f"- [{m['edition']}] `{m['query']}` ({m['type']}): expected `{m['expect']}`, "
                f"{rank}; first: {got}"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
