"""The MkDocs plugin: runs the pipeline (see pipeline.py) and hands its output to MkDocs."""

from __future__ import annotations

import itertools
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from infra_atlas import pipeline, searchindex
from infra_atlas.annotations import GitHubAnnotations
from infra_atlas.banner import with_banner
from infra_atlas.diagnostics import Diagnostic, summary_line
from infra_atlas.figures import FontMissing
from infra_atlas.i18n import LANGUAGES, edition_of
from infra_atlas.incremental import DirtyNotice, Incremental
from infra_atlas.model import KINDS, Atlas
from infra_atlas.navigation import Entry, menu, mkdocs_nav, pages
from infra_atlas.publish import AtomicSite
from infra_atlas.sitefiles import GeneratedFile

log = logging.getLogger("mkdocs.plugins.infra_atlas")
TOOLTIPS = "infra_atlas.tooltips"
DIRTY_NOTICE = DirtyNotice()


class AtlasConfig(base.Config):
    root = c.Type(str, default=".")  # where the record folders are, relative to mkdocs.yml
    cache_dir = c.Type(str, default=".cache/infra-atlas")
    # The editions to build; the benchmark builds ["en"] alone to measure what Chinese costs.
    languages = c.ListOfItems(c.Choice(tuple(LANGUAGES)), default=list(LANGUAGES))


class AtlasPlugin(BasePlugin[AtlasConfig]):
    def __init__(self) -> None:
        self.out: pipeline.Output | None = None  # this build's pages, files and figures
        self.pending: list[GeneratedFile] = []  # figures still being drawn
        self.build_date: str | None = None  # SOURCE_DATE_EPOCH as set by this plugin
        self.command = "build"
        self.site: AtomicSite | None = None
        # Under `mkdocs serve --dirty`: what the last build wrote, so the next one can skip it.
        self.incremental: Incremental | None = None
        self.errors: list[Diagnostic] = []  # under serve: the records' errors, shown on pages
        self.annotations: GitHubAnnotations | None = None
        self.nav: Navigation | None = None
        self.built_files: Files | None = None
        # The menu of each edition but the default one, shown on that edition's pages.
        self.edition_navs: dict[str, Navigation] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command
        self.incremental = None
        if command == "serve" and dirty:
            self.incremental = Incremental()
            logging.getLogger("mkdocs.commands.build").addFilter(DIRTY_NOTICE)
        elif command == "serve":
            log.info("infra-atlas: `mkdocs serve --dirty` rebuilds only the pages an edit touches")

    def on_shutdown(self) -> None:
        logging.getLogger("mkdocs.commands.build").removeFilter(DIRTY_NOTICE)
        if self.annotations is not None:
            logging.getLogger("mkdocs").removeHandler(self.annotations)

    def _annotate(self, config: MkDocsConfig) -> None:
        """On GitHub Actions, show the build's warnings on the pull request, on their files."""
        if os.environ.get("GITHUB_ACTIONS") != "true" or self.annotations is not None:
            return
        root = self._root(config)
        docs = Path(config.docs_dir).resolve()
        docs_dir = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)
        self.annotations = GitHubAnnotations(
            lambda page: self.output.edit_paths.get(page), docs_dir
        )
        logging.getLogger("mkdocs").addHandler(self.annotations)

    def _root(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    def _run(self, config: MkDocsConfig) -> pipeline.Output:
        """This build's output; under serve, while the records have errors, the last good one
        (a failed build would leave every request waiting for a good one), with the errors
        shown on every page served (see banner.py). The fix then rebuilds only what it changes.
        """
        root = self._root(config)
        cache_dir = root / self.config.cache_dir
        self.errors = []
        try:
            return pipeline.run(
                root,
                cache_dir=cache_dir,
                site_name=config.site_name,
                repo_url=config.repo_url,
                background=True,  # figures are drawn while MkDocs renders the pages
                languages=tuple(self.config.languages),
            )
        except FontMissing as exc:
            raise PluginError(f"infra-atlas: {exc}") from None
        except pipeline.AtlasErrors as exc:
            report = "\n".join(d.format() for d in exc.diagnostics)
            report += "\n" + summary_line(exc.diagnostics)
            last_good = self.out or pipeline.last_good(cache_dir)
            if self.command != "serve" or last_good is None:
                raise PluginError("the atlas has errors:\n" + report) from None
            # Printed, not logged: strict mode would count a logged error and fail the build.
            print(
                f"infra-atlas: serving the last good site until this is fixed:\n{report}",
                file=sys.stderr,
            )
            self.errors = exc.diagnostics
            return last_good

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The menu is declared with the kinds (navigation.py), so a new kind gets its tab.
        config.nav = mkdocs_nav("en")
        self._annotate(config)
        if self.incremental is not None:
            self.incremental.hold_collector()
        out = self._run(config)
        self.out = out
        # Tooltips on every page: tooltips.py wraps each term it finds in <abbr title=...>, which
        # material shows as a tooltip. The glossary is handed to the extension as its setting,
        # in the language of the page being rendered (on_page_markdown switches it).
        if TOOLTIPS in config.markdown_extensions:
            config.mdx_configs.setdefault(TOOLTIPS, {})["glossary"] = out.tooltips["en"]
        self.build_date = _pin_build_date(out.atlas, self.build_date)
        if self.command != "serve":  # serve already builds into a throw-away folder
            self.site = AtomicSite(config.site_dir)
            config.site_dir = str(self.site.staging)
        stages = " ".join(f"{k}={v:.2f}s" for k, v in out.timings.items())
        if self.errors:
            stages = "the last good output, the records have errors"
        drawing = len(out.drawing.missing) if out.drawing else 0
        log.info(
            "infra-atlas: %d records, %d pages, %d files, %d figures to draw; %s",
            len(out.atlas.records),
            len(out.pages),
            len(out.files) + len(out.drawing.specs if out.drawing else ()),
            drawing,
            stages,
        )
        return config

    @property
    def output(self) -> pipeline.Output:
        if self.out is None:  # MkDocs always runs on_config first; this would be a bug
            raise PluginError("infra-atlas: the build went on without the atlas's pages")
        return self.out

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.incremental is not None:
            out = self.output
            # A term whose tooltip changes re-renders the pages of that edition naming it.
            self.incremental.start(config, out.pages, out.tooltips)

    def _generated(
        self, config: MkDocsConfig, path: str, content: str | bytes, digest: str | None = None
    ) -> GeneratedFile:
        if self.incremental is not None:
            return self.incremental.file(config, path, content, digest)
        return GeneratedFile.generated(config, path, content=content)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        out = self.output
        # The hand-written pages of an edition this site leaves out (docs/zh/ when the plugin
        # is set to `languages: [en]`) go too: they would link into pages never generated.
        left_out = tuple(
            language.prefix
            for code, language in LANGUAGES.items()
            if language.prefix and code not in self.config.languages
        )
        if left_out:
            for file in [f for f in files if f.src_uri.startswith(left_out)]:
                files.remove(file)
        for path, content in sorted(out.pages.items()):
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"docs/{path} has the same path as a generated page; rename or remove it"
                )
            file = self._generated(config, path, content)
            if path in out.edit_paths:
                # Relative to docs/, where MkDocs' edit_uri points: "Edit" opens the YAML.
                file.edit_uri = "../" + out.edit_paths[path]
            files.append(file)
        for path, blob in sorted(out.files.items()):
            files.append(self._generated(config, path, blob))
        # The search index of each edition, with the hand-written pages of docs/ added.
        docs = {
            f.src_uri: (f.url, f.content_string)
            for f in files.documentation_pages()
            if f.src_uri not in out.pages
        }
        for path, blob in searchindex.index_files(out.search, out.vocabulary, docs).items():
            files.append(self._generated(config, path, blob))
        # Records, tags and the other editions' pages are reached from the index pages, not
        # the menu: material writes the whole menu into every page.
        in_menu = set(pages(menu("en")))
        for file in files.documentation_pages():
            if file.src_uri not in in_menu:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        self.pending = []
        if out.drawing is not None:
            for path, key in sorted(out.drawing.keys().items()):
                figure = self._generated(config, path, b"", digest=key)
                figure.pending = True
                self.pending.append(figure)
                files.append(figure)
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.incremental is not None:
            # Serve makes a new theme environment for every rebuild; without this it compiles
            # the theme's templates again each time, as long as rendering the pages a save touched.
            env.bytecode_cache = self.incremental.templates
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav, self.built_files = nav, files
        self.edition_navs = {
            code: _edition_nav(menu(code), language.prefix, files)
            for code, language in LANGUAGES.items()
            if language.prefix and code in self.config.languages
        }
        if self.incremental is not None and not self.incremental.rebuild_all:
            self.incremental.restore_nav(nav)
        return nav

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # MkDocs makes each page's Markdown converter from the settings as they are now.
        if TOOLTIPS in config.markdown_extensions and self.out is not None:
            lang = edition_of(page.file.src_uri)
            config.mdx_configs[TOOLTIPS]["glossary"] = self.out.tooltips.get(lang, {})
        return markdown

    def on_page_context(
        self, context: dict, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict:
        for code, edition_nav in self.edition_navs.items():
            if page.file.src_uri.startswith(LANGUAGES[code].prefix):
                context["nav"] = edition_nav
        # The header's search box (overrides/partials/search.html): the edition's index and words.
        context["atlas_search"] = searchindex.ui(edition_of(page.file.src_uri))
        return context

    # Last of all plugins: whatever other plugins write in on_post_build must land in the staged
    # site before it is swapped in.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._write_figures()
        if self.site is not None:
            self.site.commit(strict=bool(config.strict))
            config.site_dir = str(self.site.final)
        if self.incremental is not None and self.nav is not None and self.built_files:
            rendered, total = self.incremental.finish(config, self.built_files, self.nav)
            log.info(
                "infra-atlas: rendered %d of %d pages, the rest were unchanged", rendered, total
            )
        if self.incremental is not None:
            self.incremental.release_collector()

    def _write_figures(self) -> None:
        """Collect the figures drawn while MkDocs rendered the pages, and write them."""
        if self.out is None or self.out.drawing is None:
            return
        pipeline.complete(self.out)
        for figure in self.pending:
            figure.content_bytes = self.out.files[figure.src_uri]
            figure.pending = False
            figure.copy_file(dirty=self.incremental is not None)
        log.info(
            "infra-atlas: %d figures drawn alongside the pages; waited %.2fs for them",
            self.out.figures_drawn,
            self.out.timings.get("figures_wait", 0.0),
        )

    def on_build_error(self, *, error: Exception) -> None:
        if self.out is not None and self.out.drawing is not None:
            self.out.drawing.cancel()
        if self.site is not None:
            self.site.abort()
        if self.incremental is not None:
            self.incremental.fail()

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        # Records live outside docs/, so MkDocs would not rebuild when one is saved. The root
        # itself is watched for a record saved there by mistake (which the check reports).
        root = self._root(config)
        for folder in KINDS:
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        server.watch(str(root), recursive=False)
        server.set_app(with_banner(server.serve_request, lambda: self.errors))
        return server


def _edition_nav(entries: list[Entry], prefix: str, files: Files) -> Navigation:
    """The menu over an edition's pages (zh/...), titled in its language.

    Its pages are not in MkDocs' own menu, so they are free to take this menu's titles and
    parents: a page then lights up its tab when it is the page shown.
    """

    def build(items: list[Entry], parent: Section | None) -> list[Page | Section]:
        out: list[Page | Section] = []
        for title, target in items:
            if isinstance(target, str):
                file: File | None = files.get_file_from_path(prefix + target)
                if file is None or file.page is None:
                    raise PluginError(
                        f"infra-atlas: the menu names {prefix + target}, which is missing"
                    )
                file.page.title = title
                file.page.parent = parent
                out.append(file.page)
            else:
                section = Section(title, [])
                section.parent = parent
                section.children = build(target, section)
                out.append(section)
        return out

    items = build(entries, None)
    ordered = [
        files.get_file_from_path(prefix + p).page  # type: ignore[union-attr]
        for p in pages(entries)
    ]
    for before, after in itertools.pairwise(ordered):
        before.next_page, after.previous_page = after, before  # type: ignore[union-attr]
    nav = Navigation(items, ordered)  # type: ignore[arg-type]
    nav.homepage = ordered[0]
    return nav


def _pin_build_date(atlas: Atlas, ours: str | None) -> str | None:
    """Date the build by its records, not the clock, so the same records give the same bytes.

    MkDocs stamps the sitemap (and its gzip header) with SOURCE_DATE_EPOCH when it is set. A date
    set by the user wins; the one set here (`ours`) moves with the records on a serve rebuild.
    Returns the date set here, if any.
    """
    current = os.environ.get("SOURCE_DATE_EPOCH")
    if current is not None and current != ours:
        return None
    checked = max((r.data.checked for r in atlas.records.values()), default="2017-01-01")
    moment = datetime.fromisoformat(checked).replace(tzinfo=UTC)
    os.environ["SOURCE_DATE_EPOCH"] = pinned = str(int(moment.timestamp()))
    return pinned
