"""The site search's index (searchindex.py): what each edition's file holds."""

from __future__ import annotations

import json

import pytest
from helpers import FIXTURES

from infra_atlas import searchindex
from infra_atlas.validate import check

ATLAS, _ = check(FIXTURES / "good")
assert ATLAS is not None


@pytest.mark.parametrize(
    ("src", "url"),
    [("index.md", ""), ("about.md", "about/"), ("zh/index.md", "zh/"), ("tags/x.md", "tags/x/")],
)
def test_page_urls_are_the_ones_mkdocs_gives(src: str, url: str) -> None:
    assert searchindex.page_url(src) == url


def test_a_record_entry_in_each_edition() -> None:
    record = ATLAS.records["tensor-parallelism"]
    en = searchindex.record_entry(record, "en")
    zh = searchindex.record_entry(record, "zh")
    assert (en["u"], en["t"], en["o"], en["k"]) == (
        "techniques/tensor-parallelism/",
        "Tensor parallelism",
        "张量并行",
        "technique",
    )
    assert (zh["u"], zh["t"], zh["o"], zh["k"]) == (
        "zh/techniques/tensor-parallelism/",
        "张量并行",
        "Tensor parallelism",
        "技术",
    )
    assert "TP" in en["n"] and en["n"] == zh["n"]
    # The one-line summary is the text's first sentence, stored as its length when it opens it.
    assert isinstance(en["s"], int) and en["b"][: abs(en["s"])].endswith(".")


def test_the_vocabulary_is_the_chinese_words_of_the_names() -> None:
    vocab = searchindex.vocabulary(ATLAS)
    assert "张量并行" in vocab and "缓存" in vocab  # "KV 缓存": its Chinese word
    assert all(not any(c.isascii() for c in w) for w in vocab)


def test_hand_written_pages_join_their_edition() -> None:
    files = searchindex.index_files(
        {"en": [], "zh": []},
        [],
        {"zh/about.md": ("zh/about/", "# 关于\n\n本图谱……\n"), "data.md": ("data/", "# Data\n")},
    )
    zh = json.loads(files["search/zh.json"])["docs"]
    en = json.loads(files["search/en.json"])["docs"]
    assert [(d["u"], d["t"], d["k"]) for d in zh] == [("zh/about/", "关于", "页面")]
    assert [(d["u"], d["t"], d["k"]) for d in en] == [("data/", "Data", "page")]


def test_the_search_box_gets_every_word_in_both_languages() -> None:
    for lang in ("en", "zh"):
        ui = searchindex.ui(lang)
        assert ui["index"] == f"search/{lang}.json"
        assert set(ui["strings"]) == set(searchindex.UI_KEYS)


def test_only_the_editions_built_get_an_index() -> None:
    generated = searchindex.entries(ATLAS, {"zh/about-data.md": "# 关于数据\n"}, ("en",))
    assert set(generated) == {"en"}
    files = searchindex.index_files(generated, [], {"zh/about.md": ("zh/about/", "# 关于\n")})
    assert set(files) == {"search/en.json"}
