"""Relative Markdown links in record text: written from the record's own page, checked against
the pages the site will have, and rewritten for any other page the text is shown on.

A record's text is written as it reads on its page, `<folder>/<id>.md`, so a link to another
record is `../<folder>/<id>.md` (or `<id>.md` within the same folder). The check reports a link
that leads to no page on the YAML file; otherwise MkDocs' strict build would fail later, naming
the generated page instead.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from infra_atlas import navigation
from infra_atlas.model import KINDS

# A code span (left alone: Markdown shows it as written), an inline link or image target, or a
# reference definition's target.
_LINK = re.compile(
    r"(?P<code>(`+).+?\2)"
    r"|\]\(\s*<?(?P<inline>[^)\s>]+)"
    r"|(?m:^\s{0,3}\[[^\]]+\]:\s*<?(?P<reference>[^\s>]+))",
    re.S,
)
_EXTERNAL = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*:|#)")


def _targets(text: str) -> Iterator[re.Match[str]]:
    """The relative link targets in Markdown text, as matches of their target group."""
    if "](" not in text and "]:" not in text:
        return
    for match in _LINK.finditer(text):
        group = "inline" if match.group("inline") else "reference"
        target = match.group(group)
        if target and not _EXTERNAL.match(target):
            yield match


def _group(match: re.Match[str]) -> str:
    return "inline" if match.group("inline") else "reference"


def _resolve(folder: str, target: str) -> tuple[str, str]:
    """The site path a link target written on a page in `folder` leads to, and its anchor."""
    path, _, anchor = target.partition("#")
    path = path.split("?", 1)[0]
    return posixpath.normpath(posixpath.join(folder, path)) if path else "", anchor


def relink(text: str, folder: str, page: str) -> str:
    """`text`, written on a page in `folder`, with its relative links rewritten for `page`."""
    base = posixpath.dirname(page)
    if base == folder:
        return text

    def rewrite(match: re.Match[str]) -> str:
        if match.group("code") or _EXTERNAL.match(match.group(_group(match))):
            return match.group(0)
        target = match.group(_group(match))
        if target.startswith("/"):
            return match.group(0)
        path, anchor = _resolve(folder, target)
        new = posixpath.relpath(path, base or ".") if path else ""
        new += f"#{anchor}" if anchor else ""
        start, end = match.span(_group(match))
        return match.group(0)[: start - match.start()] + new + match.group(0)[end - match.start() :]

    return _LINK.sub(rewrite, text) if "](" in text or "]:" in text else text


def site_pages(root: Path, records: Iterable[tuple[str, str]], tags: Iterable[str]) -> set[str]:
    """Every page and docs file of the site: `records` as (folder, id), each kind's index, the
    tag pages, the pages of the menu (navigation.py), and every file in docs/."""
    pages = {f"{folder}/{record_id}.md" for folder, record_id in records}
    pages |= {f"{folder}/index.md" for folder in KINDS}
    pages |= {"index.md", "tags/index.md"} | {f"tags/{tag}.md" for tag in tags}
    config = _mkdocs_config(root)
    pages |= set(navigation.pages(navigation.menu("en")))
    docs = root / str(config.get("docs_dir") or "docs")
    if docs.is_dir():
        pages |= {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    return pages


def bad_links(
    text: str, folder: str, pages: set[str]
) -> Iterator[tuple[str, int, Callable[[], str]]]:
    """Each link in `text` (written on a page in `folder`) that leads to no page of the site:
    its target, its offset in the text, and a function giving the message (only computed
    for the links reported)."""
    for match in _targets(text):
        target = match.group(_group(match))
        offset = match.start(_group(match))
        if target.startswith("/"):
            path, _ = _resolve("", target.lstrip("/"))
            relative = posixpath.relpath(path, folder)
            yield (
                target,
                offset,
                lambda t=target, r=relative: (
                    f"link '{t}' is absolute, so it breaks wherever the "
                    f"site is published; write it relative to the record's page: '{r}'"
                ),
            )
            continue
        path, _ = _resolve(folder, target)
        if path in pages or (not path and target.startswith("#")):
            continue
        yield target, offset, lambda t=target, p=path: _no_page(t, p, folder, pages)


def _no_page(target: str, path: str, folder: str, pages: set[str]) -> str:
    stem = posixpath.basename(path.rstrip("/")).removesuffix(".md")
    same_id = sorted(p for p in pages if posixpath.basename(p) == f"{stem}.md")
    candidates = [posixpath.relpath(p, folder) for p in same_id]
    if candidates:
        return f"link '{target}' leads to no page of the site (did you mean '{candidates[0]}'?)"
    return (
        f"link '{target}' leads to no page of the site; link a record as "
        "../<folder>/<id>.md, an index as ../<folder>/index.md, or a page in docs/"
    )


class _Config(yaml.SafeLoader):
    """mkdocs.yml as plain data: its tags (!ENV, !!python/name) read as nothing."""


_Config.add_multi_constructor("", lambda loader, suffix, node: None)


def _mkdocs_config(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_Config)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}
