"""Markdown pages from the enriched atlas, through Jinja templates, for one edition.

Python decides what a page holds (rows, groups, links, trees); the templates in `templates/`
only lay it out, and every word they show comes from `Tr` (strings.yaml and the declarations in
model.py). Each kind's fields and columns come from its declaration, so a new field shows on its
pages without a line here. Every page is a pure function of the atlas: same records, same bytes.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import BaseModel

from infra_atlas import matrix as support
from infra_atlas.export import bibtex
from infra_atlas.graph import Enriched, Link
from infra_atlas.i18n import LANGUAGES, Tr
from infra_atlas.lineage import LINEAGE_ORDER, Lineage, Step, Tree
from infra_atlas.links import relink
from infra_atlas.model import (
    KINDS,
    RELATION_TYPES,
    Atlas,
    Kind,
    Record,
    choice_labels,
)
from infra_atlas.templatecache import CompiledTemplates
from infra_atlas.text import first_sentence, is_chinese, plain


def md_escape(text: str) -> str:
    """Make plain text safe inside Markdown prose and table cells."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", text)


def attr(text: str) -> str:
    """Plain text safe inside a double-quoted HTML attribute or YAML string."""
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def billions(value: float) -> str:
    """175 -> '175B', 1571 -> '1.57T', 0.34 -> '340M'."""
    if value >= 1000:
        return f"{value / 1000:.3g}T"
    if value < 1:
        return f"{value * 1000:.3g}M"
    return f"{value:.3g}B"


# Fields a record page shows in its own sections (title, text, relations, sources...), not in
# the table of facts. Every other field of a kind is a fact, in the order its model declares.
BODY_FIELDS = frozenset(
    {
        "id",
        "name",
        "name_zh",
        "term",
        "term_zh",
        "aliases",
        "summary",
        "summary_zh",
        "definition",
        "definition_zh",
        "narrative",
        "narrative_zh",
        "periodisation",
        "relations",
        "support",
        "see_also",
        "members",
        "home",
        "sources",
        "checked",
        "tags",
        "links",
        "era",
        "year",
        "date",
        "start",
        "end",
        "authors_partial",
        "abbr",
    }
)


@dataclass(frozen=True, slots=True)
class Group:
    label: str
    items: list[tuple[str, str]]  # (markdown link, note)


# One per process: `mkdocs serve` renders every edition again on each save.
_TEMPLATES = CompiledTemplates()


class Renderer:
    def __init__(
        self,
        atlas: Atlas,
        enriched: Enriched,
        figures: set[str],
        *,
        lang: str = "en",
        benchmark: dict[str, Any] | None = None,
        repo_url: str | None = None,
    ) -> None:
        self.atlas = atlas
        self.enriched = enriched
        self.figures = figures  # edition-relative paths of the figures that exist
        self.benchmark = benchmark  # the output of scripts/bench.py, for the Performance page
        self.repo_url = repo_url
        self.lang = lang
        self.t = Tr(lang)
        self.edition = LANGUAGES[lang]
        self.other = next(code for code in LANGUAGES if code != lang)
        self.lineage = Lineage(atlas)
        self.ambiguous = self._ambiguous_names()
        self.env = Environment(
            loader=PackageLoader("infra_atlas"),
            bytecode_cache=_TEMPLATES,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        self.env.filters["md"] = md_escape
        self.env.filters["attr"] = attr
        self.env.globals.update(t=self.t, lang=lang, html_lang=self.edition.html, zh=self.zh_span)

    # -- names ----------------------------------------------------------------------------
    def name(self, record: Record) -> str:
        """A record's name in this edition: the Chinese name where there is one."""
        if self.lang == "zh" and record.title_zh:
            return record.title_zh
        return record.title

    def _ambiguous_names(self) -> set[str]:
        counts = Counter(self.name(r).casefold() for r in self.atlas.records.values())
        return {n for n, c in counts.items() if c > 1}

    def display(self, record: Record) -> str:
        """The name, told apart by its kind where another record shares it (Alpa the system,
        Alpa the paper)."""
        name = self.name(record)
        if name.casefold() in self.ambiguous:
            return self.t("name.qualified", name=name, kind=self.t.kind(record.kind))
        return name

    def zh_span(self, text: str) -> str:
        """Chinese text inside an English page, marked so screen readers and fonts know it."""
        if self.lang == "zh" or not text:
            return md_escape(text)
        return f'<span lang="zh-Hans">{md_escape(text)}</span>'

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

    def site_href(self, page: str, path: str) -> str:
        """A link from an edition's page to a file shared by both editions (api/, feed.xml)."""
        return self.href(self.edition.prefix + page, path)

    @staticmethod
    def url_href(page: str, target: str) -> str:
        """A link between two pages as built (directory URLs), for raw HTML, which MkDocs does
        not rewrite: matrices.md -> frameworks/vllm.md gives ../frameworks/vllm/."""
        here, there = _url(page), _url(target)
        base = here.rstrip("/")
        return (posixpath.relpath(there or ".", base) if base else there or ".").rstrip("/") + "/"

    def html_link(self, page: str, record_id: str) -> str:
        """A link where the kind goes without saying (a matrix's systems and techniques)."""
        record = self.atlas.records[record_id]
        return f'<a href="{self.url_href(page, record.page)}">{attr(self.name(record))}</a>'

    def link(self, page: str, record_id: str, *, qualify: bool = True) -> str:
        """A Markdown link; `qualify`: say the kind when another record shares the name, unless
        the place makes the kind plain (a table of techniques, a kind's own index)."""
        record = self.atlas.records[record_id]
        name = self.display(record) if qualify else self.name(record)
        return f"[{md_escape(name)}]({self.href(page, record.page)})"

    @staticmethod
    def relink(text: str, record: Record, page: str) -> str:
        """A record's text, whose links are written from its own page, for `page`."""
        return relink(text, record.kind.folder, page)

    def text(self, record: Record) -> tuple[str, str | None]:
        """(the text this edition leads with, the other language's text or None)."""
        lead, _, other, _ = self.bilingual(record.text, record.text_zh)
        return lead, other

    def bilingual(self, en: str, zh: str | None) -> tuple[str, str, str | None, str]:
        """(lead text, its lang, the other text or None, its lang): Chinese first in the
        Chinese edition where there is Chinese, English first otherwise."""
        en, zh = en.strip(), (zh or "").strip() or None
        if self.lang == "zh":
            return (zh, "zh-Hans", en, "en") if zh else (en, "en", None, "")
        return en, "en", zh, "zh-Hans"

    def note(self, note: str | None, note_zh: str | None) -> str:
        if self.lang == "zh" and note_zh:
            return md_escape(note_zh)
        if not note:
            return ""
        if self.lang == "zh":
            return f'<span lang="en">{md_escape(note)}</span>'
        return md_escape(note)

    # -- facts ----------------------------------------------------------------------------
    def value(self, kind: Kind, field: str, value: Any, page: str, record: Record) -> str:
        """A field's value as a page shows it, from what the model declares of the field."""
        info = kind.model.model_fields[field]
        extra = info.json_schema_extra or {}
        if isinstance(value, bool):
            return self.t("yes") if value else self.t("no")
        if choice_labels(info) and isinstance(value, str):
            return md_escape(self.t.choice(kind.model, field, value))
        if isinstance(value, int | float) and not isinstance(value, bool):
            return md_escape(self.quantity(value, str(extra.get("unit", ""))))
        if isinstance(value, list):
            shown = ", ".join(str(v) for v in value)
            if field == "authors" and record.get("authors_partial"):
                shown = self.t("et_al", names=shown)
            return md_escape(shown)
        if isinstance(value, BaseModel):
            return self.nested(value)
        if field == "arxiv":
            return f"[{value}](https://arxiv.org/abs/{value})"
        if field == "doi":
            return f"[{md_escape(value)}](https://doi.org/{value})"
        if isinstance(value, str) and value.startswith("https://"):
            return f"<{value}>"
        return md_escape(str(value))

    def quantity(self, value: float, unit: str) -> str:
        if unit == "billion":
            return billions(value)
        if unit == "GPU-hours" and value >= 1e6:
            return self.t("unit.million_gpu_hours", n=f"{value / 1e6:.3g}")
        if unit == "tokens":
            return self.t("unit.tokens", n=self.t.number(value))
        return f"{self.t.number(value)} {unit}" if unit else self.t.number(value)

    def nested(self, value: BaseModel) -> str:
        """A release (version, date, source) and the like: one line, linked to its source."""
        data = value.model_dump(exclude_none=True)
        source = data.pop("source", None)
        label = " · ".join(
            self.t.date(v) if k == "date" else md_escape(str(v)) for k, v in data.items()
        )
        return f"[{label}]({source})" if source else label

    def facts(self, record: Record, page: str) -> list[tuple[str, str]]:
        d, kind, t = record.data, record.kind, self.t
        kinds_index = self.href(page, f"{kind.folder}/index.md")
        rows: list[tuple[str, str]] = [(t("fact.kind"), f"[{t.kind(kind)}]({kinds_index})")]
        other_name = record.title if self.lang == "zh" else record.title_zh
        if other_name and other_name != self.name(record):
            rows.append((t("fact.other_name"), self.zh_span(other_name)))
        if record.get("abbr"):
            rows.append((t("fact.abbr"), md_escape(record.get("abbr"))))
        if record.get("aliases"):
            aliases = record.get("aliases")
            written = [self.zh_span(a) if is_chinese(a) else md_escape(a) for a in aliases]
            rows.append((t("fact.aliases"), ", ".join(written)))
        if kind.name == "era":
            rows.append((t("fact.period"), self.period(record)))
        elif record.get("year"):
            rows.append((t("fact.date"), self.t.date(record.get("date") or record.get("year"))))
        if record.era and kind.name != "era":
            rows.append((t("fact.era"), self.link(page, record.era)))
        for field in kind.model.model_fields:
            if field in BODY_FIELDS:
                continue
            value = getattr(d, field, None)
            if value is None or value == [] or value is False:
                continue
            if field == "active_params_b":
                continue  # shown with the total: "671B total / 37B active"
            shown = self.value(kind, field, value, page, record)
            if field == "params_b" and record.get("active_params_b"):
                shown = t("params.moe", total=shown, active=billions(record.get("active_params_b")))
            rows.append((t.field(kind.model, field), shown))
        rows += self.link_rows(record)
        if record.data.tags:  # type: ignore[attr-defined]
            tags = ", ".join(
                f"[{tag}]({self.href(page, f'tags/{tag}.md')})"
                for tag in record.data.tags  # type: ignore[attr-defined]
            )
            rows.append((t("fact.tags"), tags))
        return rows

    def link_rows(self, record: Record) -> list[tuple[str, str]]:
        """Homepage, repository, paper and docs links, each URL once."""
        seen = {record.get("repo")} if record.get("repo") else set()
        links = record.get("links")
        rows = []
        for name, url in (links.model_dump(exclude_none=True) if links else {}).items():
            if url in seen:
                continue
            seen.add(url)
            rows.append((self.t(f"link.{name}"), f"<{url}>"))
        return rows

    def period(self, era: Record) -> str:
        end = era.data.end  # type: ignore[attr-defined]
        return self.t("era.period", start=era.data.start, end=end or self.t("era.today"))  # type: ignore[attr-defined]

    # -- relations ------------------------------------------------------------------------
    def groups(self, links: list[Link], page: str, *, inverse: bool) -> list[Group]:
        """Relations by type. Lineage has its own tree, the paper that introduced a technique
        its own line under the summary, and a system's support its own table."""
        skip = {*LINEAGE_ORDER, "introduced_in"} | (set() if inverse else {"implements"})
        by_label: dict[str, list[tuple[str, str]]] = defaultdict(list)
        shown = [lk for lk in links if lk.relation.type not in skip]
        for link in sorted(shown, key=lambda lk: (lk.relation.type, self._sort_key(lk.other))):
            rel = link.relation
            parts = [self.note(rel.note, rel.note_zh)]
            if rel.since:
                parts.append(self.t("since", version=md_escape(rel.since)))
            if rel.evidence:
                parts.append(f"[{self.t('evidence')}]({rel.evidence})")
            label = self.t.relation(rel.spec, inverse=inverse)
            label = label[:1].upper() + label[1:]
            by_label[label].append((self.link(page, link.other), "; ".join(p for p in parts if p)))
        return [Group(label, items) for label, items in by_label.items()]

    def _sort_key(self, record_id: str) -> tuple[int, str]:
        return (self.atlas.records[record_id].year or 0, record_id)

    def tree_items(self, tree: Tree, page: str, *, ancestors: bool) -> list[dict[str, Any]]:
        """A lineage tree as nested list items: each says how it relates to the one above."""

        def item(step: Step) -> dict[str, Any]:
            other = self.atlas.records[step.other]
            label = self.t.relation(step.relation.spec, inverse=not ancestors)
            return {
                "relation": label,
                "link": self.link(page, step.other),
                "year": other.year or "",
                "children": [item(child) for child in step.children],
            }

        return [item(step) for step in tree.steps]

    def support_rows(self, record: Record, page: str) -> list[dict[str, str]]:
        rows = []
        for claim in sorted(
            record.get("support", []),
            key=lambda c: (["supported", "partial", "unsupported"].index(c.state), c.technique),
        ):
            when = claim.since if claim.state != "unsupported" else claim.as_of
            key = "support.since" if claim.state != "unsupported" else "support.as_of"
            when_text = self.t(key, version=md_escape(when)) if when else ""
            if claim.date and claim.date != when:
                when_text += f"<br><small>{self.t.date(claim.date)}</small>"
            rows.append(
                {
                    "state": claim.state,
                    "mark": self.t(f"state.{claim.state}.mark"),
                    "state_label": self.t(f"state.{claim.state}"),
                    "technique": self.link(page, claim.technique, qualify=False),
                    "when": when_text,
                    "note": self.note(claim.note, claim.note_zh),
                    "source": claim.source,
                }
            )
        return rows

    # -- record pages ---------------------------------------------------------------------
    def front_matter(self, page: str, title: str, description: str = "") -> dict[str, str]:
        """What every page's front matter says: title, description, language, the other
        edition's URL (edition-relative pages; the other edition has the same path)."""
        other = LANGUAGES[self.other]
        return {
            "title": attr(title).replace("&quot;", "'"),
            "description": attr(plain(description, 155)).replace("&quot;", "'"),
            "language": self.edition.html,
            "alternate": other.prefix + _url(page),
            "alternate_lang": other.html,
        }

    def record_page(self, record: Record) -> str:
        page = record.page
        lead, lead_lang, other_text, other_lang = self.bilingual(record.text, record.text_zh)
        up = self.lineage.tree(record.id, ancestors=True)
        down = self.lineage.tree(record.id, ancestors=False)
        figure = f"figures/{record.id}.svg"
        introduced = self.introductions(record, page)
        template = self.env.get_template(record.kind.template)
        return template.render(
            r=record,
            meta=self.front_matter(page, self.display(record), lead),
            name=self.name(record),
            kind_label=self.t.kind(record.kind),
            lead=lead,
            lead_lang=lead_lang,
            other_text=other_text,
            other_lang=other_lang,
            introduced=introduced,
            facts=self.facts(record, page),
            support=self.support_rows(record, page),
            outgoing=self.groups(self.enriched.outgoing.get(record.id, []), page, inverse=False),
            incoming=self.groups(self.enriched.incoming.get(record.id, []), page, inverse=True),
            ancestors=self.tree_items(up, page, ancestors=True),
            ancestors_omitted=up.omitted,
            descendants=self.tree_items(down, page, ancestors=False),
            descendants_omitted=down.omitted,
            references=self.references(record, page),
            figure=self.href(page, figure) if figure in self.figures else None,
            figure_omitted=self.lineage.neighbourhood(record.id).omitted,
            cite=bibtex(record) if record.kind.name == "paper" else None,
            sources=record.data.sources,  # type: ignore[attr-defined]
            checked=self.t.date(record.data.checked),  # type: ignore[attr-defined]
            **self.era_context(record, page),
        )

    def references(self, record: Record, page: str) -> list[tuple[str, list[str]]]:
        """Each field of record ids (see also, a family's members) as a titled list of links."""
        out = []
        for name, info in record.kind.model.model_fields.items():
            targets = record.get(name) if (info.json_schema_extra or {}).get("references") else []
            if targets:
                links = [
                    f"{self.link(page, t)} ({self.atlas.records[t].year or ''})".replace(" ()", "")
                    for t in targets
                ]
                out.append((self.t.field(record.kind.model, name), links))
        return out

    def introductions(self, record: Record, page: str) -> list[tuple[str, str]]:
        """A technique's paper and a paper's techniques, shown right under the summary."""
        out = []
        for link in self.enriched.outgoing.get(record.id, []):
            if link.relation.type == "introduced_in":
                out.append((self.t("introduced_in"), self.link(page, link.other)))
        for link in self.enriched.incoming.get(record.id, []):
            if link.relation.type == "introduced_in":
                out.append((self.t("introduces"), self.link(page, link.other)))
        return out

    def era_context(self, record: Record, page: str) -> dict[str, Any]:
        if record.kind.name != "era":
            return {}
        members = []
        for kind in KINDS.values():
            if not kind.dated:
                continue
            mine = [r for r in self.atlas.of_kind(kind.name) if r.era == record.id]
            if mine:
                mine.sort(key=lambda r: (r.year or 0, self.name(r).casefold()))
                members.append(
                    (
                        self.t.kind(kind, many=True),
                        [f"{self.link(page, r.id)} ({r.year})" for r in mine],
                    )
                )
        narrative, narrative_lang, other, other_lang = self.bilingual(
            record.data.narrative,  # type: ignore[attr-defined]
            record.data.narrative_zh,  # type: ignore[attr-defined]
        )
        figure = f"figures/era-{record.id}.svg"
        return {
            "members": members,
            "period": self.period(record),
            "narrative": narrative,
            "narrative_lang": narrative_lang,
            "other_narrative": other,
            "other_narrative_lang": other_lang,
            "era_figure": self.href(page, figure) if figure in self.figures else None,
        }

    # -- index pages ----------------------------------------------------------------------
    def sorted_records(self, records: Iterable[Record]) -> list[Record]:
        return sorted(records, key=lambda r: (self.name(r).casefold(), r.id))

    def cell(self, record: Record, field: str, page: str) -> str:
        value = record.get(field)
        if value is None or value == []:
            return ""
        if field == "authors":
            names = value[:3]
            more = len(value) > 3 or record.get("authors_partial")
            return md_escape(self.t("et_al", names=", ".join(names)) if more else ", ".join(names))
        if field == "latest_release":
            return md_escape(f"{value.version} ({value.date[:7]})")
        if isinstance(value, float | int) and not isinstance(value, bool):
            info = record.kind.model.model_fields[field]
            unit = str((info.json_schema_extra or {}).get("unit", ""))
            shown = billions(value) if unit == "billion" else self.t.number(value)
            # The raw number for sorting: "1.57T" must sort above "600B".
            return f'<span data-sort="{value}">{shown}</span>'
        return self.value(record.kind, field, value, page, record)

    def column(self, kind: Kind, field: str) -> str:
        info = kind.model.model_fields[field]
        unit = str((info.json_schema_extra or {}).get("unit", ""))
        label = self.t.field(kind.model, field)
        if unit and unit not in {"billion", "tokens"}:
            return f"{label} ({unit})"
        return label

    def kind_index(self, kind: Kind) -> str:
        page = f"{kind.folder}/index.md"
        records = self.sorted_records(self.atlas.of_kind(kind.name))
        if kind.name == "term":
            return self.glossary_index(page)
        if kind.name == "era":
            header = [self.t("col.era"), self.t("col.period"), self.t("col.summary")]
            rows = [
                [
                    self.link(page, e.id),
                    self.period(e),
                    self.relink(first_sentence(self.text(e)[0]), e, page),
                ]
                for e in self.atlas.eras
            ]
        else:
            header = [self.t("col.name"), self.t("col.other_name")]
            header += [self.t("col.year")] if kind.dated else []
            header += [self.column(kind, f) for f in kind.columns]
            rows = []
            for r in records:
                other = r.title if self.lang == "zh" else r.title_zh
                rows.append(
                    [
                        self.link(page, r.id, qualify=False),
                        self.zh_span(other) if other and other != self.name(r) else "",
                        *([str(r.year or "")] if kind.dated else []),
                        *(self.cell(r, f, page) for f in kind.columns),
                    ]
                )
        extra = self.hardware_context(page) if kind.name == "hardware" else {}
        return self.env.get_template("kind_index.md.j2").render(
            meta=self.front_matter(page, self.t.kind(kind, many=True)),
            title=self.t.kind(kind, many=True),
            kind=kind,
            header=header,
            rows=rows,
            count=len(records),
            **extra,
        )

    def hardware_context(self, page: str) -> dict[str, Any]:
        figure = "figures/memory-wall.svg"
        return {"memory_wall": self.href(page, figure) if figure in self.figures else None}

    def glossary_entries(self) -> dict[str, list[Record]]:
        """Glossary terms and techniques by the first letter of their English name."""
        letters: dict[str, list[Record]] = defaultdict(list)
        entries = [*self.atlas.of_kind("term"), *self.atlas.of_kind("technique")]
        for record in sorted(entries, key=lambda r: (r.title.casefold(), r.id)):
            first = record.title[:1].upper()
            letters[first if first.isalpha() and first.isascii() else "#"].append(record)
        return dict(sorted(letters.items()))

    def glossary_index(self, page: str) -> str:
        letters = self.glossary_entries()
        return self.env.get_template("glossary.md.j2").render(
            meta=self.front_matter(page, self.t.kind(KINDS["glossary"], many=True)),
            letters=[
                (letter, self.letter_href(page, letter), len(rs)) for letter, rs in letters.items()
            ],
            count=len(self.atlas.of_kind("term")),
            techniques=len(self.atlas.of_kind("technique")),
            current=None,
            entries=[],
        )

    @staticmethod
    def letter_page(letter: str) -> str:
        return f"glossary/az/{'0' if letter == '#' else letter.lower()}.md"

    def letter_href(self, page: str, letter: str) -> str:
        return self.url_href(page, self.letter_page(letter))

    def glossary_letters(self) -> dict[str, str]:
        """A page per letter: the whole glossary on one page was 857 KB of HTML."""
        letters = self.glossary_entries()
        pages = {}
        for letter, records in letters.items():
            page = self.letter_page(letter)
            entries = []
            for record in records:
                lead, other = self.text(record)
                is_term = record.kind.name == "term"
                if not is_term:  # a technique's first sentence, in both languages alike
                    lead = first_sentence(lead)
                    other = first_sentence(other) if other else None
                alt_name = record.title if self.lang == "zh" else record.title_zh
                lead = self.relink(lead, record, page)
                other = self.relink(other, record, page) if other else None
                entries.append(
                    {
                        "link": self.link(page, record.id),
                        "abbr": record.get("abbr"),
                        "other_name": alt_name
                        if alt_name and alt_name != self.name(record)
                        else None,
                        "label": None if is_term else self.t.kind(record.kind),
                        "text": " ".join(lead.split()),
                        "other_text": " ".join(other.split()) if other else None,
                    }
                )
            title = self.t("glossary.letter", letter=letter)
            pages[page] = self.env.get_template("glossary.md.j2").render(
                meta=self.front_matter(page, title),
                # No counts here (the index page has them): a term added under one letter then
                # leaves the other letters' pages as they were, and `serve --dirty` skips them.
                letters=[(lt, self.letter_href(page, lt), None) for lt in letters],
                count=len(self.atlas.of_kind("term")),
                techniques=len(self.atlas.of_kind("technique")),
                current=letter,
                entries=entries,
            )
        return pages

    def tags(self) -> dict[str, str]:
        by_tag: dict[str, list[Record]] = defaultdict(list)
        for record in self.atlas.records.values():
            for tag in record.data.tags:  # type: ignore[attr-defined]
                by_tag[tag].append(record)
        pages = {}
        for tag, records in by_tag.items():
            page = f"tags/{tag}.md"
            rows = [
                [self.link(page, r.id), self.t.kind(r.kind), str(r.year or "")]
                for r in self.sorted_records(records)
            ]
            pages[page] = self.env.get_template("tag.md.j2").render(
                meta=self.front_matter(page, self.t("tag.title", tag=tag)), tag=tag, rows=rows
            )
        counts = sorted(((t, len(rs)) for t, rs in by_tag.items()), key=lambda x: (-x[1], x[0]))
        pages["tags/index.md"] = self.env.get_template("tags_index.md.j2").render(
            meta=self.front_matter("tags/index.md", self.t("nav.Tags")), counts=counts
        )
        return pages

    # -- the other pages ------------------------------------------------------------------
    def home(self) -> str:
        page = "index.md"
        counts = Counter(r.kind.folder for r in self.atlas.records.values())
        kinds = [
            (self.t.kind(k, many=True), f"{folder}/index.md", counts.get(folder, 0))
            for folder, k in KINDS.items()
        ]
        eras = [
            (
                self.link(page, e.id),
                self.period(e),
                self.relink(first_sentence(self.text(e)[0]), e, page),
            )
            for e in self.atlas.eras
        ]
        figure = "figures/atlas.svg"
        return self.env.get_template("home.md.j2").render(
            meta=self.front_matter(page, self.t("site.name"), self.t("home.intro")),
            kinds=kinds,
            eras=eras,
            total=len(self.atlas.records),
            relations=len(self.atlas.relations),
            figure=figure if figure in self.figures else None,
        )

    def timeline(self) -> str:
        page = "timeline.md"
        dated = [r for r in self.atlas.records.values() if r.kind.dated and r.year]
        kinds = [(k.name, self.t.kind(k, many=True), k.colour) for k in KINDS.values() if k.dated]
        by_era: dict[str | None, dict[int, list[Record]]] = defaultdict(lambda: defaultdict(list))
        for record in dated:
            by_era[record.era][record.year].append(record)  # type: ignore[index]
        bands = []
        for era in [None, *self.atlas.eras]:
            years = by_era.get(era.id if era else None)
            if not years:
                continue
            rows = []
            for year in sorted(years):
                items = sorted(
                    years[year], key=lambda r: (r.get("date") or "", self.name(r).casefold())
                )
                rows.append(
                    (
                        year,
                        [
                            {
                                "kind": r.kind.name,
                                "colour": r.kind.colour,
                                "tags": r.data.tags,  # type: ignore[attr-defined]
                                "href": self.url_href(page, r.page),
                                "name": self.display(r),
                                "title": self.t.kind(r.kind)
                                + " · "
                                + self.t.date(r.get("date") or r.year),
                            }
                            for r in items
                        ],
                    )
                )
            if era is None:
                band = {"id": "", "name": self.t("timeline.before"), "span": "", "href": ""}
            else:
                band = {
                    "id": era.id,
                    "name": self.name(era),
                    "href": self.url_href(page, era.page),
                    "span": self.period(era),
                }
            bands.append({**band, "years": rows})
        tags = sorted({t for r in dated for t in r.data.tags})  # type: ignore[attr-defined]
        return self.env.get_template("timeline.md.j2").render(
            meta=self.front_matter(page, self.t("nav.Timeline")),
            kinds=kinds,
            tags=tags,
            bands=bands,
        )

    def matrices(self) -> dict[str, str]:
        """An overview, and a page per matrix: one page with both outgrew 150 KB."""
        pages = {}
        overview = []
        for m in support.matrices(self.atlas):
            page = f"matrices/{m.spec.key}.md"
            columns = [
                {"link": self.html_link(page, s), "main": s in m.spec.systems} for s in m.systems
            ]
            rows = []
            for technique in m.techniques:
                record = self.atlas.records[technique]
                aliases = record.data.aliases  # type: ignore[attr-defined]
                names = " ".join(
                    filter(None, [record.title, record.title_zh, record.get("abbr"), *aliases])
                )
                cells = [
                    self.matrix_cell(m.cells[(technique, system)].claim, system, technique)
                    for system in m.systems
                ]
                rows.append(
                    {"link": self.html_link(page, technique), "names": names, "cells": cells}
                )
            matrix = {
                "key": m.spec.key,
                "href": self.href("matrices.md", page),
                "columns": columns,
                "rows": rows,
                "omitted": m.omitted,
                "decided": sum(1 for c in m.main_cells() if c.claim is not None),
                "cells": len(m.main_cells()),
                "systems": [
                    self.link("matrices.md", s, qualify=False)
                    for s in m.spec.systems
                    if s in self.atlas.records
                ],
                "adoption": self.adoption(m, page),
            }
            overview.append(matrix)
            pages[page] = self.env.get_template("matrix.md.j2").render(
                meta=self.front_matter(page, self.t(f"matrix.{m.spec.key}.title")),
                m=matrix,
                states=["supported", "partial", "unsupported"],
                overview=self.href(page, "matrices.md"),
            )
        pages["matrices.md"] = self.env.get_template("matrices.md.j2").render(
            meta=self.front_matter("matrices.md", self.t("nav.Comparison matrices")),
            matrices=overview,
        )
        return pages

    def matrix_cell(self, claim: Any, system: str, technique: str) -> dict[str, str]:
        if claim is None:
            return {
                "state": "unknown",
                "mark": self.t("state.unknown.mark"),
                "text": "",
                "title": self.t("state.unknown"),
                "href": "",
            }
        when = claim.since if claim.state != "unsupported" else claim.as_of
        parts = [self.t(f"state.{claim.state}")]
        if when:
            key = "support.since" if claim.state != "unsupported" else "support.as_of"
            parts.append(self.t(key, version=when))
        if claim.date:
            parts.append(self.t.date(claim.date))
        # What is partial or missing needs saying in the cell; what is supported, on the
        # system's page (the page stays under 150 KB with every cell filled).
        note = claim.note_zh if self.lang == "zh" and claim.note_zh else claim.note
        if note and claim.state != "supported":
            parts.append(note)
        return {
            "state": claim.state,
            "mark": self.t(f"state.{claim.state}.mark"),
            "text": when or "",
            "title": " · ".join(parts),
            "href": claim.source,
        }

    def adoption(self, m: support.Matrix, page: str) -> list[dict[str, Any]]:
        """For each technique, when each system of the matrix gained it (dated claims only)."""
        dated = []
        for technique in m.techniques:
            marks = []
            for system in m.systems:
                claim = m.cells[(technique, system)].claim
                if claim is None or claim.state == "unsupported":
                    continue
                when = claim.date or (
                    claim.since
                    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", claim.since or "")
                    else None
                )
                if when:
                    marks.append((when, system))
            if marks:
                dated.append((technique, sorted(marks)))
        if not dated:
            return []
        first = min(int(w[:4]) for _, ms in dated for w, _ in ms)
        last = max(int(w[:4]) for _, ms in dated for w, _ in ms) + 1
        span = (last - first) * 12

        def x(when: str) -> float:
            month = int(when[5:7]) if len(when) >= 7 else 6
            return round(((int(when[:4]) - first) * 12 + month - 1) / span * 100, 2)

        return [
            {
                "technique": self.html_link(page, technique),
                "years": list(range(first, last)),
                "marks": [
                    {
                        "x": x(when),
                        "name": self.display(self.atlas.records[system]),
                        "when": self.t.date(when),
                        "colour": _palette(m.systems.index(system)),
                    }
                    for when, system in marks
                ],
            }
            for technique, marks in dated
        ]

    def about_data(self) -> str:
        page = "about-data.md"
        records = list(self.atlas.records.values())
        kinds = []
        for kind in KINDS.values():
            mine = [r for r in records if r.kind is kind]
            checked = sorted(r.data.checked for r in mine)  # type: ignore[attr-defined]
            kinds.append(
                {
                    "title": self.t.kind(kind, many=True),
                    "href": f"{kind.folder}/index.md",
                    "count": len(mine),
                    "zh": sum(1 for r in mine if r.title_zh),
                    "checked": _span([self.t.date(c) for c in (checked[:1] + checked[-1:])]),
                }
            )
        by_type = Counter(rel.type for rel in self.atlas.relations)
        relations = [
            (self.t.relation(spec), self.t.meaning(spec), by_type[name])
            for name, spec in RELATION_TYPES.items()
            if by_type[name]
        ]
        papers = self.atlas.of_kind("paper")
        models = self.atlas.of_kind("model")
        hardware = self.atlas.of_kind("hardware")
        coverage = support.coverage(self.atlas)
        units = self.units()
        return self.env.get_template("about_data.md.j2").render(
            meta=self.front_matter(page, self.t("nav.About the data")),
            kinds=kinds,
            total=len(records),
            total_zh=sum(1 for r in records if r.title_zh),
            relations=relations,
            relations_total=len(self.atlas.relations),
            sources=len({u for r in records for u in r.data.sources}),  # type: ignore[attr-defined]
            papers=len(papers),
            arxiv=sum(1 for p in papers if p.get("arxiv")),
            coverage=coverage,
            share=f"{coverage['main_decided_share'] * 100:.0f}",
            models=len(models),
            models_params=sum(1 for m in models if m.get("params_b") is not None),
            models_tokens=sum(1 for m in models if m.get("training_tokens_b") is not None),
            models_context=sum(1 for m in models if m.get("context_length") is not None),
            hardware=len(hardware),
            units=units,
            repo_url=self.repo_url,
        )

    def units(self) -> list[tuple[str, str, str]]:
        """Every measured field of every kind: (kind, field label, unit and meaning)."""
        rows = []
        for kind in KINDS.values():
            for name, info in kind.model.model_fields.items():
                unit = (info.json_schema_extra or {}).get("unit")
                if unit:
                    rows.append(
                        (
                            self.t.kind(kind),
                            self.t.field(kind.model, name),
                            f"{unit}: {md_escape(info.description or '')}",
                        )
                    )
        return rows

    def simple(self, template: str, page: str, title_key: str, **values: Any) -> str:
        return self.env.get_template(template).render(
            meta=self.front_matter(page, self.t(title_key)), **values
        )

    def all_pages(self) -> dict[str, str]:
        """Site path -> Markdown for every generated page of this edition."""
        pages = {
            "index.md": self.home(),
            "explorer.md": self.simple(
                "explorer.md.j2",
                "explorer.md",
                "nav.Lineage explorer",
                graph=self.site_href("explorer.md", "api/graph.json"),
                graphml=self.site_href("explorer.md", "api/graph.graphml"),
            ),
            "timeline.md": self.timeline(),
            "about-data.md": self.about_data(),
            "performance.md": self.simple(
                "performance.md.j2", "performance.md", "nav.Performance", bench=self.benchmark
            ),
        }
        pages.update(self.matrices())
        for kind in KINDS.values():
            pages[f"{kind.folder}/index.md"] = self.kind_index(kind)
        pages.update(self.glossary_letters())
        for record in self.atlas.records.values():
            pages[record.page] = self.record_page(record)
        pages.update(self.tags())
        prefix = self.edition.prefix
        return {prefix + path: text for path, text in pages.items()}


def _url(page: str) -> str:
    """The URL MkDocs gives a page (directory URLs): frameworks/vllm.md -> frameworks/vllm/."""
    if page == "index.md":
        return ""
    if page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def _span(dates: list[str]) -> str:
    if not dates:
        return "–"
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"


_PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d")


def _palette(i: int) -> str:
    return _PALETTE[i % len(_PALETTE)]
