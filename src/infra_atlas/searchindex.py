"""The site search's index: one small JSON file per edition, fetched when a reader searches.

Each entry is a record or a page: its URL in that edition, the title and the name in the other
language, every name a reader may type (name, Chinese name, abbreviation, aliases), its kind as
the edition names it, a one-line summary to show under the title, and the text searched after
the names. The browser (docs/assets/javascripts/search.js) indexes it with MiniSearch and ranks
exact names first; this module decides only what is in it.

The vocabulary is every Chinese word of every record's names (names, Chinese names, aliases,
glossary terms): the browser segments Chinese with it, so 张量并行 or 预填充 is one word of a
query, and text in between falls back to character pairs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from infra_atlas.i18n import LANGUAGES, Tr, edition_of
from infra_atlas.model import KINDS, Atlas, Record
from infra_atlas.text import first_sentence, plain

VERSION = 1
SUMMARY_CHARS = 140  # the line under a result's title
BODY_CHARS = 500  # the text searched after the names: a record's summary, a page's lead
LIBRARY = "assets/vendor/minisearch/minisearch.js"  # loaded with the index, when a reader searches
PAGE_PRECEDENCE = 9  # pages after every kind of record that shares their words
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,}")
# libyaml when installed: a build reads the front matter of hundreds of generated pages.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT = re.compile(r"\A\s*---\n(.*?)\n---\n", re.S)
_HEADING = re.compile(r"(?m)^#{1,6}\s+(.+?)\s*#*\s*$")
_TAG = re.compile(r"<[^>]*>")


def path(lang: str) -> str:
    """Where an edition's index is published in the site."""
    return f"search/{lang}.json"


def page_url(src: str) -> str:
    """The URL MkDocs gives a Markdown page (with directory URLs): a/b.md -> a/b/."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return (stem.removesuffix("index") if stem.endswith("/index") else stem + "/").lstrip("/")


def vocabulary(atlas: Atlas) -> list[str]:
    """Every Chinese word in the records' names: the words Chinese queries are cut into."""
    words = {w for r in atlas.records.values() for n in r.names for w in _CJK_RUN.findall(n)}
    return sorted(words, key=lambda w: (-len(w), w))


def record_entry(record: Record, lang: str) -> dict[str, Any]:
    tr = Tr(lang)
    zh = lang == "zh"
    title = (record.title_zh if zh else None) or record.title
    other = record.title if zh and record.title_zh else (record.title_zh or "")
    text = (record.text_zh if zh else None) or record.text
    return {
        "u": LANGUAGES[lang].prefix + record.url,
        "t": title,
        "o": other if other != title else "",
        "k": tr.kind(record.kind),
        "c": record.kind.name,
        "p": record.kind.precedence,
        "n": list(dict.fromkeys(record.names)),
        **_summary_and_body(first_sentence(plain(text, 10_000)), plain(text, BODY_CHARS)),
    }


def _summary_and_body(summary: str, body: str) -> dict[str, Any]:
    """The summary line and the searched text; a summary that begins the text is stored as
    its length in characters (negative: cut short, shown with an ellipsis)."""
    line = plain(summary, SUMMARY_CHARS)
    cut = line.endswith("…") and not summary.endswith("…")
    head = line.removesuffix("…") if cut else line
    if body.startswith(head):
        return {"s": -len(head) if cut else len(head), "b": body}
    return {"s": line, "b": body}


def page_entry(url: str, markdown: str, lang: str) -> dict[str, Any] | None:
    """A page that is not a record: its title and lead, from its front matter or heading."""
    front: dict[str, Any] = {}
    match = _FRONT.match(markdown)
    if match:
        front = yaml.load(match.group(1), Loader=_Loader) or {}
        markdown = markdown[match.end() :]
    title = str(front.get("title") or "")
    if not title:
        heading = _HEADING.search(markdown)
        title = heading.group(1) if heading else ""
    if not title:
        return None
    lead = str(front.get("description") or "") or _lead(markdown)
    return {
        "u": url,
        "t": plain(title, 200),
        "o": "",
        "k": Tr(lang)("search.kind.page"),
        "c": "page",
        "p": PAGE_PRECEDENCE,
        "n": [plain(title, 200)],
        **_summary_and_body(lead, plain(lead, BODY_CHARS)),
    }


def _lead(markdown: str) -> str:
    """The opening prose of a Markdown page: its paragraphs, without headings, HTML or tables."""
    paragraphs = [
        p
        for p in re.split(r"\n\s*\n", _HEADING.sub("", markdown))
        if p.strip() and not p.lstrip().startswith(("<", "|", "{", "!", ":", "-", "*", "`"))
    ]
    return _TAG.sub("", " ".join(paragraphs))[: BODY_CHARS * 2]


def entries(
    atlas: Atlas, pages: Mapping[str, str], languages: Iterable[str] = tuple(LANGUAGES)
) -> dict[str, list[dict[str, Any]]]:
    """Each built edition's entries: its records, then its generated pages that are not
    records."""
    record_pages = {
        language.prefix + r.page for language in LANGUAGES.values() for r in atlas.records.values()
    }
    out: dict[str, list[dict[str, Any]]] = {}
    records = sorted(atlas.records.values(), key=lambda r: r.id)
    for lang in languages:
        out[lang] = [record_entry(r, lang) for r in records]
    for src, markdown in sorted(pages.items()):
        lang = edition_of(src)
        if src in record_pages or lang not in out:
            continue
        entry = page_entry(page_url(src), markdown, lang)
        if entry is not None:
            out[lang].append(entry)
    return out


def document(lang: str, entries: Iterable[dict[str, Any]], vocab: list[str]) -> bytes:
    """An edition's index file."""
    kinds = {k.name: k.colour for k in KINDS.values()}
    data = {"v": VERSION, "lang": lang, "kinds": kinds, "vocab": vocab, "docs": list(entries)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def index_files(
    generated: Mapping[str, list[dict[str, Any]]],
    vocab: list[str],
    docs_pages: Mapping[str, tuple[str, str]],
) -> dict[str, bytes]:
    """The index file of each edition built (the keys of `generated`): its generated entries
    plus its hand-written pages of docs/ (`docs_pages`: source path -> (URL, Markdown))."""
    extra: dict[str, list[dict[str, Any]]] = {lang: [] for lang in generated}
    for src, (url, markdown) in sorted(docs_pages.items()):
        lang = edition_of(src)
        entry = page_entry(url, markdown, lang) if lang in extra else None
        if entry is not None:
            extra[lang].append(entry)
    return {path(lang): document(lang, [*generated[lang], *extra[lang]], vocab) for lang in extra}


UI_KEYS = (
    "label",
    "placeholder",
    "loading",
    "none",
    "one",
    "many",
    "hint",
    "reset",
    "failed",
)


def ui(lang: str) -> dict[str, Any]:
    """What a page's search box needs: its index, and its words in the page's language."""
    tr = Tr(lang)
    return {
        "index": path(lang),
        "lib": LIBRARY,
        "strings": {key: tr(f"search.{key}") for key in UI_KEYS},
    }
