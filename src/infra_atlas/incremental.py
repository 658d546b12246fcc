"""`mkdocs serve --dirty`: rebuild only the pages an edit touches, and give the same site.

MkDocs' dirty mode renders a page only when its File reports a change. Generated files always
report one (there is no source file whose time could be compared), so every page would be
rendered again. Here a generated file is unchanged when its content hashes the same as in the
last good build, and mentions no glossary term whose tooltip changed; and the whole site is
rebuilt when something every page depends on changed: mkdocs.yml, the theme overrides, the
Markdown in docs/, or a page was removed (its files must go, and pages may link to it). A page
added (a new record) is only rendered, with the pages whose Markdown it changes: every page in
the navigation is generated whatever the records, so no other page's sidebar changes. (This
package is left out: its templates reach a page only through the page's Markdown, hashed above,
and serve does not reload its code.)

One thing MkDocs only knows of the pages it renders is carried over for the pages skipped: the
title and front matter of the pages in the navigation (every page shows them in its sidebar).
With it, a dirty rebuild writes the same bytes as a full build. (The site search's index is a
generated file like the others, written whole by every build: see searchindex.py.)
"""

from __future__ import annotations

import gc
import hashlib
import html
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.utils import clean_directory

from infra_atlas.i18n import edition_of
from infra_atlas.pipeline import hash_files
from infra_atlas.sitefiles import GeneratedFile
from infra_atlas.templatecache import CompiledTemplates

DIRTY_NOTICE = "A 'dirty' build is being performed"


class DirtyNotice(logging.Filter):
    """Drop MkDocs' caution about dirty builds, which strict mode would count as a failure.

    The caution is that pages which were not rebuilt may show stale navigation; this module
    rebuilds everything whenever the navigation could have changed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_NOTICE)


def _digest(content: str | bytes) -> str:
    data = content.encode() if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _site_key(config: MkDocsConfig) -> str:
    """A hash of what every page depends on, besides its own Markdown and the set of pages."""
    digest = hashlib.sha256()
    config_file = Path(config.config_file_path or "mkdocs.yml")
    hash_files(digest, config_file.parent, [config_file])
    # docs/ Markdown only: its other files (scripts, styles) are copied, not part of any page.
    for folder, pattern in ((config.docs_dir, "*.md"), (config.theme.custom_dir, "*")):
        if folder and os.path.isdir(folder):
            hash_files(digest, Path(folder), sorted(Path(folder).rglob(pattern)))
    return digest.hexdigest()


def _mentions(markdown: str, terms: frozenset[str]) -> bool:
    """Whether a page may show one of `terms` (as a tooltip): a cheap superset of what the
    tooltips extension matches, since it only looks in text a page's Markdown contains."""
    # "KV\_cache" in Markdown reads "KV_cache", and "A&amp;B" reads "A&B".
    text = html.unescape(markdown.replace("\\", ""))
    return any(term in text for term in terms)


@dataclass
class Incremental:
    """What the last good build wrote, kept by the plugin between `mkdocs serve` rebuilds."""

    site_key: str | None = None  # what every page depends on (see _site_key); None: rebuild all
    hashes: dict[str, str] = field(default_factory=dict)  # generated path -> content hash
    nav_pages: dict[str, tuple[str | None, dict[str, Any]]] = field(default_factory=dict)
    # Edition (en, zh) -> glossary term -> tooltip
    abbreviations: dict[str, dict[str, str]] = field(default_factory=dict)
    pages: frozenset[str] = frozenset()  # the generated pages of the last build
    rebuild_all: bool = True
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    # Per edition, the terms whose tooltip this build changes: an English summary edited
    # re-renders the English pages naming the term, not the Chinese ones (their tooltip is the
    # Chinese summary).
    _retooltipped: dict[str, frozenset[str]] = field(default_factory=dict)
    _pending: dict[str, str] = field(default_factory=dict)  # this build's content hashes
    _holding: bool = False  # the cycle collector is held off for this rebuild

    def start(
        self,
        config: MkDocsConfig,
        pages: Mapping[str, str],
        abbreviations: Mapping[str, Mapping[str, str]],
    ) -> None:
        """Decide between a partial and a whole rebuild; a whole one starts from an empty site."""
        key = _site_key(config)
        removed = bool(self.pages - pages.keys())
        self.pages = frozenset(pages)
        new = {lang: dict(tips) for lang, tips in abbreviations.items()}
        self._retooltipped = {}
        for lang in new.keys() | self.abbreviations.keys():
            before, after = self.abbreviations.get(lang, {}), new.get(lang, {})
            self._retooltipped[lang] = frozenset(
                t for t in before.keys() | after.keys() if before.get(t) != after.get(t)
            )
        self.abbreviations = new
        self.rebuild_all = (
            key != self.site_key
            or removed
            or any(
                _mentions(page.read_text("utf-8"), self._changed_terms(path))
                for page in Path(config.docs_dir).rglob("*.md")
                for path in [page.relative_to(config.docs_dir).as_posix()]
            )
        )
        self.site_key = key  # forgotten by `fail` if this build does not succeed
        self._pending = {}
        if self.rebuild_all:
            self.release_collector()
            self.hashes, self.nav_pages = {}, {}
            if os.path.isdir(config.site_dir):
                clean_directory(config.site_dir)

    def hold_collector(self) -> None:
        """Hold off Python's cycle collector for a rebuild after a good one.

        The process keeps the last site in memory (pages, figures, hashes), and the collector
        walked all of it again and again while a rebuild allocated: about a tenth of a partial
        rebuild. A partial rebuild renders a few dozen pages, so what waits for the collector is
        small; a whole rebuild releases it (`start`), as its garbage grows with the site.
        """
        if self.site_key is not None and gc.isenabled():
            gc.disable()
            self._holding = True

    def release_collector(self) -> None:
        if self._holding:
            gc.enable()
            self._holding = False

    def _changed_terms(self, path: str) -> frozenset[str]:
        """The terms whose tooltip changed in the edition `path` belongs to."""
        return self._retooltipped.get(edition_of(path), frozenset())

    def file(
        self, config: MkDocsConfig, path: str, content: str | bytes, digest: str | None = None
    ) -> GeneratedFile:
        """A generated file that knows whether the last good build wrote the same content
        (`digest` stands for the content when that is not known yet)."""
        file = GeneratedFile.generated(config, path, content=content)
        digest = digest or _digest(content)
        file.unchanged = self.hashes.get(path) == digest and not (
            isinstance(content, str) and _mentions(content, self._changed_terms(path))
        )
        self._pending[path] = digest
        return file

    def restore_nav(self, nav: Navigation) -> None:
        """Give the navigation's skipped pages the title and front matter they were built with."""
        for page in nav.pages:
            kept = self.nav_pages.get(page.file.src_uri)
            if kept is not None and not page.file.is_modified():
                title, meta = kept
                page.title = title
                page.meta = dict(meta)

    def finish(self, config: MkDocsConfig, files: Files, nav: Navigation) -> tuple[int, int]:
        """The build succeeded: remember what it wrote, and delete files no longer generated.

        Returns how many pages were rendered, of how many.
        """
        for path in self.hashes.keys() - self._pending.keys():
            if files.get_file_from_path(path) is None:
                Path(config.site_dir, path).unlink(missing_ok=True)
        self.hashes = self._pending
        self.nav_pages = {p.file.src_uri: (p.title, dict(p.meta)) for p in nav.pages}
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        return sum(p.content is not None for p in pages), len(pages)

    def fail(self) -> None:
        """A failed build may have written part of the site: the next one rebuilds it all."""
        self.site_key = None
        self.release_collector()
