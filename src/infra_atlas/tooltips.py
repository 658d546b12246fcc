"""Tooltips on the terms a page mentions: which terms, in which words, and where they may go.

`glossary(atlas, lang)` says what each glossary term and technique is called and what its tooltip
says, in one edition's language. The Markdown extension marks the terms in a page with `<abbr>`
(which material shows as a tooltip), with rules a reader expects:

- never inside a heading, a link, code or another tooltip;
- never on part of a longer name: "LLM" in TensorRT-LLM, "ZeRO" in ZeRO-Offload and "Reduce" in
  All-Reduce stay plain (a letter, digit, hyphen, plus or dot next to a Latin term means it is
  part of a name);
- once per term per section (between two headings), on its first mention.

The expression is compiled once per glossary, shaped as a trie, so each position in the text is
tried against a prefix tree rather than against every term in turn.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from infra_atlas.model import Atlas
from infra_atlas.text import first_sentence, is_chinese, plain

# Elements whose text a tooltip never enters.
_SKIP = frozenset({"a", "abbr", "code", "pre", "kbd", "script", "style", "svg", "summary"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def glossary(atlas: Atlas, lang: str) -> dict[str, str]:
    """Term -> tooltip for every glossary term and technique, in one edition's language."""
    entries: dict[str, str] = {}
    for record in sorted(atlas.records.values(), key=lambda r: (r.kind.precedence, r.id)):
        if record.kind.name not in {"term", "technique"}:
            continue
        en, zh = record.title, record.title_zh
        if lang == "zh" and zh and record.text_zh:
            head = f"{zh}（{en}）" if en != zh else zh
            tip = f"{head}：{plain(first_sentence(record.text_zh), 200)}"
        else:
            head = f"{en} ({zh})" if zh and zh != en else en
            tip = f"{head}: {plain(first_sentence(record.text), 200)}"
        keys = [en, record.get("abbr")]
        if en[:1].isupper() and en[1:2].islower():  # "Continuous batching" in running text
            keys.append(en[:1].lower() + en[1:])
        if lang == "zh":
            keys.append(zh)
        for key in filter(None, keys):
            entries.setdefault(key, tip)  # the first definition of a name wins
    return entries


def trie_pattern(words: list[str]) -> str:
    """One regular expression matching exactly the given words, longest match first."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a word

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # the word may stop here: try the longer continuation first
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return build(trie)


@lru_cache(maxsize=8)
def _compiled(words: tuple[str, ...]) -> re.Pattern[str]:
    latin = [w for w in words if not is_chinese(w)]
    chinese = [w for w in words if is_chinese(w)]
    parts = []
    if latin:
        # A Latin term stands alone: no letter, digit, hyphen, plus or dot beside it.
        parts.append(rf"(?<![\w\-+.])(?:{trie_pattern(latin)})(?![\w\-+]|\.\w)")
    if chinese:
        parts.append(f"(?:{trie_pattern(chinese)})")
    return re.compile("|".join(parts))


# MkDocs builds a new Markdown, and so a new processor, for every page, all handed the same
# glossary dict: keyed by that dict, the pattern is looked up once per page instead of sorting
# and hashing every term per page (seconds on a large atlas).
_PATTERNS: dict[int, tuple[dict[str, str], re.Pattern[str]]] = {}


def _pattern(glossary: dict[str, str]) -> re.Pattern[str]:
    hit = _PATTERNS.get(id(glossary))
    if hit is None or hit[0] is not glossary:
        if len(_PATTERNS) >= 8:  # serve makes new glossaries on each rebuild
            _PATTERNS.clear()
        hit = (glossary, _compiled(tuple(sorted(glossary))))
        _PATTERNS[id(glossary)] = hit
    return hit[1]


class _TooltipProcessor(Treeprocessor):
    def __init__(self, md: Markdown, glossary: dict[str, str]) -> None:
        super().__init__(md)
        self.glossary = glossary

    def run(self, root: etree.Element) -> None:
        if not self.glossary:
            return
        self.pattern = _pattern(self.glossary)
        seen: set[str] = set()
        for block in list(root):
            if block.tag in _HEADINGS:
                seen = set()  # a new section: each term may be explained once more
                continue
            self._walk(block, seen)

    def _walk(self, el: etree.Element, seen: set[str]) -> None:
        if el.tag in _SKIP or el.tag in _HEADINGS:
            return
        if el.text and not isinstance(el.text, AtomicString):
            el.text, made = self._mark(el.text, seen)
            for n, abbr in enumerate(made):
                el.insert(n, abbr)
        for child in list(el):
            self._walk(child, seen)
            if child.tail and not isinstance(child.tail, AtomicString):
                child.tail, made = self._mark(child.tail, seen)
                at = list(el).index(child) + 1
                for n, abbr in enumerate(made):
                    el.insert(at + n, abbr)

    def _mark(self, text: str, seen: set[str]) -> tuple[str, list[etree.Element]]:
        """The text up to the first tooltip, and the tooltips (each carrying what follows it)."""
        made: list[etree.Element] = []
        head, last = text, 0
        for match in self.pattern.finditer(text):
            term = match.group(0)
            if term in seen or term not in self.glossary:
                continue
            seen.add(term)
            abbr = etree.Element("abbr", {"title": self.glossary[term]})
            abbr.text = AtomicString(term)
            if made:
                made[-1].tail = text[last : match.start()]
            else:
                head = text[: match.start()]
            made.append(abbr)
            last = match.end()
        if made:
            made[-1].tail = text[last:]
        return head, made


class TooltipExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"glossary": [{}, "Term -> tooltip text"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (the tree holds links and code as elements), before the
        # table of contents reads the headings.
        md.treeprocessors.register(
            _TooltipProcessor(md, self.getConfig("glossary")), "atlas-tooltips", 7
        )


def makeExtension(**kwargs: Any) -> TooltipExtension:
    return TooltipExtension(**kwargs)
