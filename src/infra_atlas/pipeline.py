"""The whole build as a flat list of named stages, readable top to bottom.

    check (load + validate) -> enrich (graph) -> figures -> render -> export

The MkDocs plugin calls `run` once per build and hands its output to MkDocs; the benchmark reads
the stage timings it records.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infra_atlas import discover
from infra_atlas.diagnostics import Diagnostic
from infra_atlas.explorer import explorer_data
from infra_atlas.export import exports
from infra_atlas.feed import feeds
from infra_atlas.figures import Drawing, FigureCache, start_drawing
from infra_atlas.forked import map_shared
from infra_atlas.graph import enrich
from infra_atlas.i18n import LANGUAGES
from infra_atlas.model import Atlas
from infra_atlas.render import Renderer
from infra_atlas.searchindex import entries, vocabulary
from infra_atlas.tooltips import glossary
from infra_atlas.validate import check


class AtlasErrors(Exception):
    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} errors")
        self.diagnostics = diagnostics


@dataclass
class Output:
    atlas: Atlas
    pages: dict[str, str]  # site path -> Markdown
    files: dict[str, bytes]  # site path -> figures and open-data files
    edit_paths: dict[str, str]  # generated page -> the YAML file it came from
    # Edition -> term -> tooltip: each page gets the glossary of its own language.
    tooltips: dict[str, dict[str, str]]
    figures_drawn: int
    # The site search's entries by edition (records and generated pages), and the Chinese words
    # queries are segmented with; the plugin adds the pages of docs/ and writes the index files.
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    # With run(..., background=True): figures still being drawn, not yet in `files`; and where
    # `complete` keeps the finished output for the next build.
    drawing: Drawing | None = None
    cache_file: Path | None = None


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - start


BENCHMARK = Path("benchmarks/latest.json")  # written by scripts/bench.py


def run(
    root: Path,
    *,
    cache_dir: Path | None,
    site_name: str,
    repo_url: str | None = None,
    background: bool = False,
    languages: tuple[str, ...] = tuple(LANGUAGES),
) -> Output:
    """Everything the site needs from the records, in the editions `languages` name (all by
    default; the benchmark builds the English one alone); an unchanged atlas is served from
    cache.

    With `background`, figures are drawn by worker processes on all cores but one while the
    caller goes on (MkDocs renders the pages meanwhile); `complete` waits for them.
    """
    start = time.perf_counter()
    key = _input_key(root, f"{site_name}\0{','.join(languages)}", repo_url)
    cached = _cached(cache_dir, key)
    if cached is not None:
        cached.timings = {"cached": time.perf_counter() - start}
        cached.figures_drawn = 0
        return cached
    out = _run(
        root,
        cache_dir=cache_dir,
        site_name=site_name,
        repo_url=repo_url,
        background=background,
        languages=languages,
    )
    out.timings["cached"] = 0.0
    out.cache_file = cache_dir / f"output-{key}.pickle" if cache_dir else None
    return out if background else complete(out)


def complete(out: Output) -> Output:
    """Wait for the figures still being drawn, then keep the output for the next build."""
    if out.drawing is not None:
        with _timed(out.timings, "figures_wait"):
            out.files.update(out.drawing.result())
        out.figures_drawn = out.drawing.cache.drawn
        out.drawing = None
    if out.cache_file is not None:
        _store(out.cache_file, out)
        out.cache_file = None
    return out


def _run(
    root: Path,
    *,
    cache_dir: Path | None,
    site_name: str,
    repo_url: str | None,
    background: bool,
    languages: tuple[str, ...],
) -> Output:
    timings: dict[str, float] = {}
    with _timed(timings, "check"):
        atlas, diagnostics = check(root)
        benchmark, bench_errors = _benchmark(root)
        diagnostics = [*diagnostics, *bench_errors]
    if atlas is None or bench_errors:
        raise AtlasErrors(diagnostics)
    with _timed(timings, "enrich"):
        enriched = enrich(atlas)
    with _timed(timings, "figures"):
        drawing = start_drawing(
            atlas, FigureCache(cache_dir), spare_a_core=background, languages=languages
        )
        figures = {} if background else drawing.result()
    with _timed(timings, "render"):
        names = set(drawing.keys())

        def edition(lang: str) -> dict[str, str]:
            language = LANGUAGES[lang]
            # Each edition links its own figures with edition-relative paths.
            mine = {n.removeprefix(language.prefix) for n in names if n.startswith(language.prefix)}
            if not language.prefix:
                mine = {
                    n
                    for n in mine
                    if not any(n.startswith(o.prefix) for o in LANGUAGES.values() if o.prefix)
                }
            renderer = Renderer(
                atlas, enriched, mine, lang=lang, benchmark=benchmark, repo_url=repo_url
            )
            return renderer.all_pages()

        pages: dict[str, str] = {}
        # The editions side by side on two cores when building a site (the CLI keeps one process).
        for rendered in map_shared(edition, languages) if background else map(edition, languages):
            pages.update(rendered)
        tooltips = {lang: glossary(atlas, lang) for lang in languages}
    with _timed(timings, "export"):
        data = exports(atlas)
        data["api/explorer.json"] = json.dumps(
            explorer_data(atlas), ensure_ascii=False, separators=(",", ":"), sort_keys=True
        ).encode()
        data.update(feeds(atlas, root, site_name, languages))
        search = entries(atlas, pages, languages)
    return Output(
        atlas=atlas,
        pages=pages,
        files={**figures, **data},
        edit_paths={
            LANGUAGES[lang].prefix + r.page: r.path
            for lang in languages
            for r in atlas.records.values()
        },
        tooltips=tooltips,
        figures_drawn=drawing.cache.drawn,
        search=search,
        vocabulary=vocabulary(atlas),
        timings=timings,
        drawing=drawing if background else None,
    )


def _benchmark(root: Path) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """The last benchmark results, shown on the Performance page; absent until one is run."""
    path = root / BENCHMARK
    if not path.is_file():
        return None, []
    try:
        data = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line, col = getattr(exc, "lineno", 1), getattr(exc, "colno", 1)
        message = f"not valid JSON ({exc}); rerun python scripts/bench.py to rewrite it"
        return None, [Diagnostic(BENCHMARK.as_posix(), line, col, message)]
    if not isinstance(data, dict) or not {"real_atlas", "synthetic", "targets"} <= data.keys():
        message = "not the output of scripts/bench.py; rerun it to rewrite this file"
        return None, [Diagnostic(BENCHMARK.as_posix(), 1, 1, message)]
    return data, []


# -- the whole-output cache -------------------------------------------------------------------
# A rebuild with nothing changed (the usual `mkdocs serve` reload, a re-run in CI) reuses the
# previous output. The key covers every input: the record files, the benchmark JSON, this
# package's code and templates, the git commit the feed is dated from, and the site settings.

_PACKAGE = Path(__file__).parent


def _input_key(root: Path, site_name: str, repo_url: str | None) -> str:
    digest = hashlib.sha256()
    digest.update(f"{site_name}\0{repo_url}\0".encode())
    hash_files(digest, _PACKAGE, _package_files())
    hash_files(digest, root, [root / BENCHMARK, *discover.inputs(root)])
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=False
    )
    digest.update(head.stdout.encode())
    return digest.hexdigest()


def _package_files() -> list[Path]:
    """This package's code and templates: what the output depends on besides the records."""
    return sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def hash_files(digest: Any, base: Path, paths: Iterable[Path]) -> None:
    """Feed each existing file's name (relative to `base`) and bytes into `digest`, and the name
    of anything else there: a folder or a broken link named like a record is an input too."""
    for path in paths:
        name = path.relative_to(base).as_posix().encode()
        if path.is_file():
            digest.update(b"f" + name + b"\0" + path.read_bytes())
        elif path.is_symlink() or path.exists():
            digest.update(b"o" + name + b"\0")


def _cached(cache_dir: Path | None, key: str) -> Output | None:
    path = cache_dir / f"output-{key}.pickle" if cache_dir else None
    if path is None or not path.is_file():
        return None
    try:
        out = pickle.loads(path.read_bytes())
    except Exception:  # a stale or torn cache file is only a miss
        return None
    return out if isinstance(out, Output) else None


def last_good(cache_dir: Path | None) -> Output | None:
    """The output of the last build that succeeded, whatever its inputs were (the cache keeps
    one), for `mkdocs serve` to show while the records have errors."""
    for path in sorted(cache_dir.glob("output-*.pickle")) if cache_dir else []:
        key = path.stem.removeprefix("output-")
        if (out := _cached(cache_dir, key)) is not None:
            return out
    return None


def _store(path: Path, out: Output) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("output-*.pickle"):
        old.unlink(missing_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp")
    tmp.write_bytes(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)
