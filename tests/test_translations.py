"""Both editions say everything in their own language: no string shown without a translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from infra_atlas.i18n import LANGUAGES, MissingString, Tr, strings, translations
from infra_atlas.model import KINDS, RELATION_TYPES, choice_labels
from infra_atlas.render import BODY_FIELDS

TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "infra_atlas" / "templates"


def test_every_string_has_every_language() -> None:
    assert translations() == []
    assert len(strings()) > 100


def test_a_missing_string_fails_loudly_rather_than_showing_english() -> None:
    with pytest.raises(MissingString):
        Tr("zh")("no.such.key")


def _literal_text(template: Path) -> list[str]:
    """Words a template would show that do not come from t() or from data: its text with every
    Jinja expression, statement and comment taken out, then tags (and their attributes),
    front-matter keys and attribute lists."""
    text = template.read_text("utf-8")
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", "\u25a1", text, flags=re.S)  # what is shown comes from data
    text = re.sub(r"<[^>]*>", " ", text)  # tags and their attributes
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"(?m)^\s*[a-z_]+:", " ", text)  # front matter keys: title:, hide:
    text = re.sub(r"\{:[^}]*\}", " ", text)  # attribute lists { .class }
    text = re.sub(r"```\w*", " ", text)  # code fences and their language
    text = re.sub(r"(?m)^\s*-\s+(?:toc|navigation)\s*$", " ", text)  # hide: entries
    return re.findall(r"[A-Za-z]{2,}|[\u4e00-\u9fff]+", text)


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.j2")), ids=lambda p: p.name)
def test_templates_show_no_text_of_their_own(template: Path) -> None:
    assert _literal_text(template) == []


def test_the_lint_catches_a_phrase_written_into_a_template(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md.j2"
    bad.write_text('---\ntitle: "{{ meta.title }}"\n---\n# {{ t("x") }}\n\nSources\n', "utf-8")
    assert _literal_text(bad) == ["Sources"]


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_kind_field_value_and_relation_is_named_in_each_language(lang: str) -> None:
    t = Tr(lang)
    for kind in KINDS.values():
        assert all(kind.names[lang]), kind.name
        for name, info in kind.model.model_fields.items():
            if name not in BODY_FIELDS:
                assert t.field(kind.model, name), (kind.name, name)
            for value, labels in choice_labels(info).items():
                assert all(labels), (kind.name, name, value)
    for name, spec in RELATION_TYPES.items():
        assert t.relation(spec) and t.relation(spec, inverse=True) and t.meaning(spec), name
