"""Record text made shorter or plainer: a page's description, a tooltip, an index's summary."""

from __future__ import annotations

import re

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[`*_>#]")
# A full stop after these does not end a sentence ("e.g. FlashAttention", "Rajbhandari et al.").
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "et al", "al", "vs", "cf", "etc", "approx", "fig", "no", "inc", "u.s", "ca"}
)
_END = re.compile(r"[.!?](?=\s|$)|[。！？]")
# CJK punctuation, ideographs and full-width forms: text a reader sees as Chinese.
_CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")


def is_chinese(text: str) -> bool:
    """Whether a text holds Chinese (a name like 'PD 分离' counts)."""
    return _CJK.search(text) is not None


def plain(markdown: str, limit: int = 220) -> str:
    """Markdown reduced to plain text (links to their words), cut at a word with an ellipsis."""
    text = _MARKUP.sub("", _LINK.sub(r"\1", markdown))
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def first_sentence(text: str) -> str:
    """The first sentence of a text, not fooled by 'e.g.', 'et al.' or a version like 'v0.1.'."""
    flat = " ".join(text.split())
    for match in _END.finditer(flat):
        end = match.end()
        if match.group() == ".":
            words = flat[: match.start()].rsplit(" ", 2)
            last = words[-1].lower().lstrip("(")
            two = " ".join(words[-2:]).lower() if len(words) > 1 else last
            if last in _ABBREVIATIONS or two in _ABBREVIATIONS or len(last) == 1:
                continue
        return flat[:end]
    return flat
