"""The site's menu, declared once for both editions: fixed pages, then one tab per kind.

The English menu is handed to MkDocs as its `nav`; the Chinese one is the same tree over the
pages under zh/, titled in Chinese, and shown on every Chinese page instead of the English one.
Pages that are not in the menu (records, tags, the maintainers' Performance page) are reached
from the index pages.
"""

from __future__ import annotations

from typing import Any

from infra_atlas.i18n import Tr
from infra_atlas.model import KINDS

Entry = tuple[str, "str | list[Entry]"]  # (title, page or children)


def menu(lang: str) -> list[Entry]:
    t = Tr(lang)
    return [
        (t("nav.Home"), "index.md"),
        (
            t("nav.Explore"),
            [
                (t("nav.Lineage explorer"), "explorer.md"),
                (t("nav.Timeline"), "timeline.md"),
                (t("nav.Comparison matrices"), "matrices.md"),
            ],
        ),
        *((kind.tab(lang), f"{kind.folder}/index.md") for kind in KINDS.values()),
        (t("nav.Tags"), "tags/index.md"),
        (
            t("nav.About"),
            [
                (t("nav.About this atlas"), "about.md"),
                (t("nav.About the data"), "about-data.md"),
                (t("nav.Open data"), "data.md"),
            ],
        ),
    ]


def mkdocs_nav(lang: str, prefix: str = "") -> list[dict[str, Any]]:
    """The menu in the shape of mkdocs.yml's `nav`."""

    def convert(entries: list[Entry]) -> list[dict[str, Any]]:
        return [
            {title: prefix + target if isinstance(target, str) else convert(target)}
            for title, target in entries
        ]

    return convert(menu(lang))


def pages(entries: list[Entry]) -> list[str]:
    """Every page the menu links, in menu order."""
    out: list[str] = []
    for _, target in entries:
        out += [target] if isinstance(target, str) else pages(target)
    return out
