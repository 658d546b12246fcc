"""Markdown pages from the enriched atlas, through Jinja templates.

Python decides what a page holds (rows, groups, links); the templates in `templates/` only lay
it out. Every page is a pure function of the atlas, so the same records give the same bytes.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from infra_atlas.export import bibtex
from infra_atlas.graph import Enriched, Link
from infra_atlas.links import relink
from infra_atlas.model import KINDS, RELATION_TYPES, Atlas, Record

Cell = Callable[[Record], str]


def md_escape(text: str) -> str:
    """Make plain text safe inside Markdown prose and table cells."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", text)


def _year(r: Record) -> str:
    return str(r.year or "")


def _list(field: str) -> Cell:
    return lambda r: md_escape(", ".join(r.get(field) or []))


def _field(field: str) -> Cell:
    return lambda r: md_escape(str(r.get(field) if r.get(field) is not None else ""))


def billions(value: float) -> str:
    """175 -> '175B', 1571 -> '1.57T', 0.34 -> '340M'."""
    if value >= 1000:
        return f"{value / 1000:.3g}T"
    if value < 1:
        return f"{value * 1000:.3g}M"
    return f"{value:.3g}B"


def _params(r: Record) -> str:
    total, active = r.get("params_b"), r.get("active_params_b")
    if total is None:
        return ""
    return billions(total) + (f" total / {billions(active)} active" if active else "")


# The columns of each kind's index table, beyond name, Chinese name and year.
COLUMNS: dict[str, list[tuple[str, Cell]]] = {
    "framework": [
        ("Category", _field("category")),
        ("Status", _field("status")),
        ("Organisations", _list("orgs")),
    ],
    "paper": [
        ("Venue", _field("venue")),
        ("arXiv", _field("arxiv")),
        ("Organisations", _list("orgs")),
    ],
    "technique": [("Abbr.", _field("abbr")), ("Category", _field("category"))],
    "model": [
        ("Parameters", _params),
        ("Architecture", _field("architecture")),
        ("Organisations", _list("orgs")),
    ],
    "era": [],
    "term": [("Abbr.", _field("abbr"))],
}


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?。！？])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else text


def _span(dates: Iterable[str]) -> str:
    ordered = sorted(dates)
    if not ordered:
        return "–"
    return ordered[0] if ordered[0] == ordered[-1] else f"{ordered[0]} – {ordered[-1]}"


MATRIX_COLUMNS = 40  # systems side by side in one comparison matrix
# The site search ranks short pages high, so a glossary term that merely shares a character
# with a query would outrank the technique or system the reader is after.
SEARCH_BOOST = {"technique": 4, "framework": 4, "model": 2, "paper": 2}


@dataclass(frozen=True, slots=True)
class Group:
    label: str
    items: list[tuple[str, str]]  # (markdown link, note)


class Renderer:
    def __init__(
        self,
        atlas: Atlas,
        enriched: Enriched,
        figures: set[str],
        *,
        benchmark: dict[str, Any] | None = None,
        repo_url: str | None = None,
    ) -> None:
        self.atlas = atlas
        self.enriched = enriched
        self.figures = figures  # site paths of the figures that exist
        self.benchmark = benchmark  # the output of scripts/bench.py, for the Performance page
        self.repo_url = repo_url
        self.env = Environment(
            loader=PackageLoader("infra_atlas"),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        self.env.filters["md"] = md_escape
        self.env.filters["relink"] = self.relink

    # -- links ----------------------------------------------------------------------------
    @staticmethod
    def href(page: str, target: str) -> str:
        # The common cases spelled out: posixpath.relpath was a third of rendering 10k records.
        base = posixpath.dirname(page)
        if not base:
            return target
        if "/" not in base:
            prefix = base + "/"
            return target[len(prefix) :] if target.startswith(prefix) else "../" + target
        return posixpath.relpath(target, base)

    @staticmethod
    def relink(text: str, record: Record, page: str) -> str:
        """A record's text, whose links are written from its own page, for `page`."""
        return relink(text, record.kind.folder, page)

    def link(self, page: str, record_id: str) -> str:
        record = self.atlas.records[record_id]
        return f"[{md_escape(record.title)}]({self.href(page, record.page)})"

    # -- derived content --------------------------------------------------------------------
    def facts(self, record: Record, page: str) -> list[tuple[str, str]]:
        d = record.data
        rows: list[tuple[str, str]] = [
            ("Kind", f"[{record.kind.title}]({self.href(page, record.kind.folder + '/index.md')})")
        ]
        if record.title_zh:
            rows.append(("中文", md_escape(record.title_zh)))
        if getattr(d, "abbr", None):
            rows.append(("Abbreviation", md_escape(d.abbr)))
        if getattr(d, "aliases", None):
            rows.append(("Also known as", md_escape(", ".join(d.aliases))))
        if record.kind.name == "era":
            rows.append(("Period", f"{d.start}–{d.end or 'today'}"))
        elif getattr(d, "year", None):
            rows.append(("Date", md_escape(d.date or str(d.year))))
        if record.era and record.kind.name != "era":
            rows.append(("Era", self.link(page, record.era)))
        for label, field in (
            ("Title", "title"),
            ("Venue", "venue"),
            ("Category", "category"),
            ("Status", "status"),
            ("Architecture", "architecture"),
            ("License", "license"),
        ):
            if getattr(d, field, None):
                rows.append((label, md_escape(str(getattr(d, field)))))
        if record.get("params_b") is not None:
            rows.append(("Parameters", md_escape(_params(record))))
        if getattr(d, "open_weights", None) is not None:
            rows.append(("Open weights", "yes" if d.open_weights else "no"))
        for label, field in (
            ("Authors", "authors"),
            ("Organisations", "orgs"),
            ("Languages", "language"),
        ):
            if getattr(d, field, None):
                listed = ", ".join(getattr(d, field))
                if field == "authors" and getattr(d, "authors_partial", False):
                    listed += " et al."
                rows.append((label, md_escape(listed)))
        if getattr(d, "arxiv", None):
            rows.append(("arXiv", f"[{d.arxiv}](https://arxiv.org/abs/{d.arxiv})"))
        if getattr(d, "doi", None):
            rows.append(("DOI", f"[{md_escape(d.doi)}](https://doi.org/{d.doi})"))
        if getattr(d, "repo", None):
            rows.append(("Repository", f"<{d.repo}>"))
        links = getattr(d, "links", None)
        if links:
            for name, url in links.model_dump(exclude_none=True).items():
                rows.append((name.capitalize(), f"<{url}>"))
        if d.tags:
            rows.append(
                ("Tags", ", ".join(f"[{t}]({self.href(page, f'tags/{t}.md')})" for t in d.tags))
            )
        return rows

    def groups(self, links: list[Link], page: str) -> list[Group]:
        by_label: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for link in sorted(links, key=lambda lk: (lk.label, self._sort_key(lk.other))):
            rel = link.relation
            note = "; ".join(
                p
                for p in (
                    md_escape(rel.note) if rel.note else "",
                    f"since {md_escape(rel.since)}" if rel.since else "",
                    f"[evidence]({rel.evidence})" if rel.evidence else "",
                )
                if p
            )
            by_label[link.label].append((self.link(page, link.other), note))
        return [Group(label, items) for label, items in by_label.items()]

    def _sort_key(self, record_id: str) -> tuple[int, str]:
        return (self.atlas.records[record_id].year or 0, record_id)

    def sorted_records(self, records: list[Record]) -> list[Record]:
        return sorted(records, key=lambda r: (r.title.casefold(), r.id))

    def table(
        self, records: list[Record], kind: str, page: str
    ) -> tuple[list[str], list[list[str]]]:
        extra = COLUMNS.get(kind, [])
        header = ["Name", "中文", "Year", *(label for label, _ in extra)]
        rows = [
            [
                self.link(page, r.id),
                md_escape(r.title_zh or ""),
                _year(r),
                *(cell(r) for _, cell in extra),
            ]
            for r in self.sorted_records(records)
        ]
        return header, rows

    # -- pages ----------------------------------------------------------------------------
    def record_page(self, record: Record) -> str:
        page = record.page
        figure = f"figures/{record.id}.svg"
        ancestors = self.enriched.ancestors.get(record.id, [])
        descendants = self.enriched.descendants.get(record.id, [])
        see_also = [self.link(page, t) for t in record.get("see_also", [])]
        members: list[tuple[str, list[str]]] = []
        if record.kind.name == "era":
            members = self.era_members(record, page)
        return self.env.get_template("record.md.j2").render(
            r=record,
            search_boost=SEARCH_BOOST.get(record.kind.name),
            facts=self.facts(record, page),
            outgoing=self.groups(self.enriched.outgoing.get(record.id, []), page),
            incoming=self.groups(self.enriched.incoming.get(record.id, []), page),
            ancestors=[self.link(page, a) for a in ancestors],
            descendants=[self.link(page, d) for d in descendants],
            see_also=see_also,
            figure=self.href(page, figure) if figure in self.figures else None,
            era_figure=self.era_figure(record, page),
            members=members,
            cite=bibtex(record) if record.kind.name == "paper" else None,
        )

    def era_figure(self, record: Record, page: str) -> str | None:
        figure = f"figures/era-{record.id}.svg"
        return self.href(page, figure) if figure in self.figures else None

    def era_members(self, era: Record, page: str) -> list[tuple[str, list[str]]]:
        out = []
        for kind in KINDS.values():
            if kind.name in {"era", "term"}:
                continue
            members = [r for r in self.atlas.of_kind(kind.name) if r.era == era.id]
            if members:
                members.sort(key=lambda r: (r.year or 0, r.title.casefold()))
                out.append((kind.title, [f"{self.link(page, r.id)} ({r.year})" for r in members]))
        return out

    def kind_index(self, folder: str) -> str:
        kind = KINDS[folder]
        page = f"{folder}/index.md"
        records = self.atlas.of_kind(kind.name)
        if kind.name == "term":
            return self.glossary_index(records, page)
        if kind.name == "era":
            rows = [
                [
                    self.link(page, e.id),
                    md_escape(e.title_zh or ""),
                    f"{e.data.start}–{e.data.end or 'today'}",  # type: ignore[attr-defined]
                    md_escape(e.text.strip().splitlines()[0]),
                ]
                for e in self.atlas.eras
            ]
            header = ["Era", "中文", "Period", "Summary"]
        else:
            header, rows = self.table(records, kind.name, page)
        return self.env.get_template("kind_index.md.j2").render(
            kind=kind, header=header, rows=rows, count=len(records)
        )

    def glossary_index(self, terms: list[Record], page: str) -> str:
        # Techniques are terms a reader looks up too (张量并行, KV cache): they are listed
        # beside the glossary's own terms, with the first sentence of their summary.
        techniques = self.atlas.of_kind("technique")
        letters: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record in self.sorted_records([*terms, *techniques]):
            is_term = record.kind.name == "term"
            first = record.title[:1].upper()
            letters[first if first.isalpha() and first.isascii() else "#"].append(
                {
                    "link": self.link(page, record.id),
                    "abbr": record.get("abbr"),
                    "zh": record.title_zh,
                    "label": None if is_term else record.kind.name,
                    "text": _flat(
                        self.relink(
                            record.text if is_term else _first_sentence(record.text), record, page
                        )
                    ),
                    "text_zh": _flat(
                        self.relink(
                            record.text_zh if is_term else _first_sentence(record.text_zh or ""),
                            record,
                            page,
                        )
                    ),
                }
            )
        sections = [(letter, letters[letter]) for letter in sorted(letters)]
        return self.env.get_template("glossary.md.j2").render(
            sections=sections, count=len(terms), techniques=len(techniques)
        )

    def tags(self) -> dict[str, str]:
        by_tag: dict[str, list[Record]] = defaultdict(list)
        for record in self.atlas.records.values():
            for tag in record.data.tags:  # type: ignore[attr-defined]
                by_tag[tag].append(record)
        pages = {}
        for tag, records in by_tag.items():
            page = f"tags/{tag}.md"
            rows = [
                [self.link(page, r.id), r.kind.title, md_escape(r.title_zh or ""), _year(r)]
                for r in self.sorted_records(records)
            ]
            pages[page] = self.env.get_template("tag.md.j2").render(tag=tag, rows=rows)
        counts = sorted(((t, len(rs)) for t, rs in by_tag.items()), key=lambda x: (-x[1], x[0]))
        pages["tags/index.md"] = self.env.get_template("tags_index.md.j2").render(counts=counts)
        return pages

    def home(self) -> str:
        counts = Counter(r.kind.folder for r in self.atlas.records.values())
        kinds = [(k, counts.get(folder, 0)) for folder, k in KINDS.items()]
        eras = [(self.link("index.md", e.id), e) for e in self.atlas.eras]
        figure = "figures/atlas.svg" if "figures/atlas.svg" in self.figures else None
        return self.env.get_template("home.md.j2").render(
            kinds=kinds,
            eras=eras,
            total=len(self.atlas.records),
            relations=len(self.atlas.relations),
            figure=figure,
            relation_types=RELATION_TYPES,
        )

    def timeline(self) -> str:
        dated = [
            r for r in self.atlas.records.values() if r.kind.name not in {"era", "term"} and r.year
        ]
        kinds = [k.name for k in KINDS.values() if k.name not in {"era", "term"}]
        by_era: dict[str | None, dict[int, list[Record]]] = defaultdict(lambda: defaultdict(list))
        for record in dated:
            by_era[record.era][record.year].append(record)  # type: ignore[index]
        bands = []
        order: list[Record | None] = [None, *self.atlas.eras]
        for era in order:
            years = by_era.get(era.id if era else None)
            if not years:
                continue
            rows = []
            for year in sorted(years):
                items = sorted(years[year], key=lambda r: (r.get("date") or "", r.title.casefold()))
                rows.append(
                    (
                        year,
                        [
                            {
                                "kind": r.kind.name,
                                "tags": r.data.tags,  # type: ignore[attr-defined]
                                "href": "../" + r.url,
                                "name": r.title,
                                "title": f"{r.kind.name}, {r.get('date') or r.year}",
                            }
                            for r in items
                        ],
                    )
                )
            if era is None:
                band = {"id": "", "name": "Before the eras", "span": "", "href": ""}
            else:
                band = {
                    "id": era.id,
                    "name": era.title,
                    "href": "../" + era.url,
                    "span": f"{era.data.start}–{era.data.end or 'today'}",
                }  # type: ignore[attr-defined]
            bands.append({**band, "years": rows})
        tags = sorted({t for r in dated for t in r.data.tags})  # type: ignore[attr-defined]
        return self.env.get_template("timeline.md.j2").render(kinds=kinds, tags=tags, bands=bands)

    def matrices(self) -> str:
        page = "matrices.md"
        specs = [
            (
                "Inference engines",
                {"inference", "serving"},
                "Inference and serving systems against the techniques they implement.",
            ),
            (
                "Training frameworks",
                {"training", "finetuning", "rl"},
                "Training, fine-tuning and RL frameworks against the techniques they implement.",
            ),
        ]
        matrices = []
        for title, categories, intro in specs:
            support = Counter(
                rel.source
                for rel in self.atlas.relations
                if rel.type == "implements"
                and self.atlas.records[rel.source].get("category") in categories
            )
            # A matrix is read across: past a screenful of columns it stops being one, and its
            # size would grow with systems x techniques. The best-documented systems are shown;
            # every system's support is on its own page and in the data.
            ranked = sorted(support, key=lambda i: (-support[i], self.atlas.records[i].title))
            systems = sorted(
                ranked[:MATRIX_COLUMNS], key=lambda i: self.atlas.records[i].title.casefold()
            )
            cells = {
                (rel.target, rel.source): rel
                for rel in self.atlas.relations
                if rel.type == "implements" and rel.source in systems
            }
            techniques = sorted(
                {t for t, _ in cells},
                key=lambda i: (
                    self.atlas.records[i].get("category"),
                    self.atlas.records[i].title.casefold(),
                ),
            )
            rows = []
            for technique in techniques:
                row = [
                    self.link(page, technique),
                    md_escape(self.atlas.records[technique].get("category") or ""),
                ]
                for system in systems:
                    rel = cells.get((technique, system))
                    if rel is None:
                        row.append("")
                        continue
                    target = rel.evidence or self.href(page, self.atlas.records[system].page)
                    hint = f"since {rel.since}" if rel.since else "supported"
                    row.append(f'[✓]({target} "{md_escape(hint)}")')
                rows.append(row)
            columns = [self.link(page, s) for s in systems]
            matrices.append(
                {
                    "title": title,
                    "intro": intro,
                    "columns": columns,
                    "rows": rows,
                    "omitted": len(ranked) - len(systems),
                }
            )
        return self.env.get_template("matrices.md.j2").render(matrices=matrices)

    def about_data(self) -> str:
        records = list(self.atlas.records.values())
        kinds = []
        for kind in KINDS.values():
            mine = [r for r in records if r.kind is kind]
            kinds.append(
                {
                    "kind": kind,
                    "count": len(mine),
                    "zh": sum(1 for r in mine if r.title_zh),
                    "checked": _span(r.data.checked for r in mine),  # type: ignore[attr-defined]
                }
            )
        by_type = Counter(rel.type for rel in self.atlas.relations)
        relations = [
            (spec.label, spec.meaning, by_type[name])
            for name, spec in RELATION_TYPES.items()
            if by_type[name]
        ]
        implements = [rel for rel in self.atlas.relations if rel.type == "implements"]
        papers = self.atlas.of_kind("paper")
        return self.env.get_template("about_data.md.j2").render(
            kinds=kinds,
            total=len(records),
            total_zh=sum(1 for r in records if r.title_zh),
            checked=_span(r.data.checked for r in records),  # type: ignore[attr-defined]
            relations=relations,
            relations_total=len(self.atlas.relations),
            sources=len({u for r in records for u in r.data.sources}),  # type: ignore[attr-defined]
            papers=len(papers),
            arxiv=sum(1 for p in papers if p.get("arxiv")),
            implements=len(implements),
            implements_evidence=sum(1 for rel in implements if rel.evidence),
            repo_url=self.repo_url,
        )

    def all_pages(self) -> dict[str, str]:
        """Site path -> Markdown for every generated page."""
        pages = {
            "index.md": self.home(),
            "explorer.md": self.env.get_template("explorer.md.j2").render(),
            "timeline.md": self.timeline(),
            "matrices.md": self.matrices(),
            "about-data.md": self.about_data(),
            "performance.md": self.env.get_template("performance.md.j2").render(
                bench=self.benchmark
            ),
        }
        for folder in KINDS:
            pages[f"{folder}/index.md"] = self.kind_index(folder)
        for record in self.atlas.records.values():
            pages[record.page] = self.record_page(record)
        pages.update(self.tags())
        return pages
