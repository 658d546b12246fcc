"""Golden pages: the Markdown generated for the good fixture tree, byte for byte.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/test_render_golden.py`
and review the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import FIXTURES

from infra_atlas.figures import figure_specs
from infra_atlas.graph import enrich
from infra_atlas.i18n import LANGUAGES
from infra_atlas.render import Renderer
from infra_atlas.validate import check

GOLDEN = Path(__file__).parent / "golden"


def _pages() -> dict[str, str]:
    """Both editions, the English one at the root and the Chinese one under zh/."""
    atlas, diagnostics = check(FIXTURES / "good")
    assert atlas is not None, diagnostics
    figures = {f"figures/{spec.name}.svg" for spec in figure_specs(atlas)}
    pages: dict[str, str] = {}
    for lang in LANGUAGES:
        pages.update(Renderer(atlas, enrich(atlas), figures, lang=lang).all_pages())
    return pages


PAGES = _pages()


def test_golden_set_is_complete() -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        for path, text in PAGES.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert on_disk == set(PAGES)


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_matches_golden(path: str) -> None:
    assert PAGES[path] == (GOLDEN / path).read_text(encoding="utf-8")
