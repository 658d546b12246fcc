"""The glossary tooltip matcher: the same matches as Python-Markdown's abbr, at any size."""

from __future__ import annotations

import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from infra_atlas.tooltips import trie_pattern

WORD = st.text(alphabet="abAB1 .+-_中文", min_size=1, max_size=6).map(str.strip).filter(bool)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(WORD, min_size=1, max_size=40, unique=True), text=st.text("abAB1 .+-_中文x"))
def test_the_trie_finds_what_the_stock_alternation_finds(words: list[str], text: str) -> None:
    # The stock extension tries the longest abbreviation first; so must the trie.
    longest_first = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    stock = re.compile(rf"\b(?:{longest_first})\b")
    trie = re.compile(rf"\b(?:{trie_pattern(words)})\b")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in stock.finditer(text)]


def test_pages_get_the_same_tooltips_as_with_the_stock_extension() -> None:
    glossary = {"TP": "Tensor parallelism", "TTFT": "Time to first token", "KV cache": "keys"}
    text = "TP cuts TTFT; the KV cache grows. `TP` in code stays plain. TPU is not TP."
    ours = markdown.markdown(
        text,
        extensions=["infra_atlas.tooltips"],
        extension_configs={"infra_atlas.tooltips": {"glossary": glossary}},
    )
    stock = markdown.markdown(
        text, extensions=["abbr"], extension_configs={"abbr": {"glossary": glossary}}
    )
    assert ours == stock
    assert ours.count("<abbr") == 4 and '<abbr title="Tensor parallelism">TP</abbr>' in ours
