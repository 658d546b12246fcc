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


def _html(text: str, glossary: dict[str, str]) -> str:
    return markdown.markdown(
        text,
        extensions=["infra_atlas.tooltips"],
        extension_configs={"infra_atlas.tooltips": {"glossary": glossary}},
    )


GLOSSARY = {
    "TP": "Tensor parallelism",
    "ZeRO": "ZeRO",
    "LLM": "LLM",
    "Reduce": "Reduce",
    "KV cache": "keys and values",
    "张量并行": "TP",
}


def test_tooltips_never_go_in_headings_links_or_code() -> None:
    html = _html("# TP\n\n[TP](x.md) and `TP` and **TP**.", GLOSSARY)
    assert html.count("<abbr") == 1
    assert "<strong><abbr" in html  # the one outside a heading, a link and code


def test_a_term_inside_a_longer_name_stays_plain() -> None:
    html = _html("ZeRO-Offload, TensorRT-LLM, All-Reduce, LLM.int8() and v1.TP.", GLOSSARY)
    assert "<abbr" not in html


def test_a_term_is_explained_once_per_section() -> None:
    html = _html("TP, TP.\n\nTP again.\n\n## Next\n\nTP here; 张量并行很常见，张量并行。", GLOSSARY)
    assert html.count('title="Tensor parallelism"') == 2  # once before the heading, once after
    assert html.count("张量并行</abbr>") == 1


def test_techniques_get_tooltips_from_their_summary_in_each_language() -> None:
    from helpers import FIXTURES

    from infra_atlas.tooltips import glossary
    from infra_atlas.validate import check

    atlas, _ = check(FIXTURES / "good")
    assert atlas is not None
    en, zh = glossary(atlas, "en"), glossary(atlas, "zh")
    assert en["continuous batching"].startswith("Continuous batching")
    assert en["TP"] == en["Tensor parallelism"]
    assert zh["张量并行"].startswith("张量并行（Tensor parallelism）：")
