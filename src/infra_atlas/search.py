"""Search the atlas from the terminal, in English or Chinese, best matches first."""

from __future__ import annotations

import re
from dataclasses import dataclass

from infra_atlas.model import Atlas, Record
from infra_atlas.validate import normalise

_CJK = re.compile(r"[\u3400-\u9fff]")


def tokens(text: str) -> list[str]:
    """Words of a text: Latin words by letters and digits, Chinese words as jieba cuts them."""
    words = [w.casefold() for w in re.findall(r"[A-Za-z0-9]+", text)]
    if _CJK.search(text):
        import jieba

        jieba.setLogLevel(60)
        words += [w for w in jieba.cut_for_search("".join(_CJK.findall(text))) if w.strip()]
    return words


@dataclass(frozen=True, slots=True)
class Hit:
    score: float
    record: Record


def search(atlas: Atlas, query: str, limit: int = 10) -> list[Hit]:
    wanted = normalise(query)
    query_words = set(tokens(query))
    if not wanted:
        return []
    hits = []
    for record in atlas.records.values():
        names = [normalise(n) for n in record.names]
        score = 0.0
        if wanted in names:
            score += 100
        elif any(wanted in n for n in names):
            score += 40
        name_words = set(tokens(" ".join(record.names)))
        text_words = tokens(" ".join(filter(None, (record.text, record.text_zh))))
        score += 10 * len(query_words & name_words)
        score += sum(1 for w in text_words if w in query_words) / (1 + len(text_words) / 50)
        if score > 0:
            hits.append(Hit(score, record))
    hits.sort(key=lambda h: (-h.score, h.record.title.casefold(), h.record.id))
    return hits[:limit]
