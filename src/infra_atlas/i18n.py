"""The site's two editions: what differs between English and Chinese, as data.

Templates and Python never spell a sentence a reader sees: they ask `Tr` for it by key, and the
text lives in `strings.yaml`, one entry per key with every language side by side, so a missing
translation is a failed lookup (and a failed test), not an English phrase on a Chinese page.
Names of kinds, fields, enumerated values and relation types are declared with them in
model.py and read through the same object.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from infra_atlas.model import Kind, RelationType, choice_labels


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # the key of its strings: "en", "zh"
    html: str  # the value of lang="..." (BCP 47)
    prefix: str  # where its pages live in the site: "" or "zh/"
    name: str  # its own name, for the language switch


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "en", "", "English"),
    "zh": Language("zh", "zh-Hans", "zh/", "简体中文"),
}
DEFAULT = "en"


def edition_of(src: str) -> str:
    """The edition a site path belongs to (zh/... -> zh)."""
    for code, language in LANGUAGES.items():
        if language.prefix and src.startswith(language.prefix):
            return code
    return next(code for code, language in LANGUAGES.items() if not language.prefix)


class MissingString(KeyError):
    """A key with no text in some language: a template asked for a string nobody translated."""


@cache
def strings() -> dict[str, dict[str, str]]:
    text = resources.files("infra_atlas").joinpath("strings.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True, slots=True)
class Tr:
    """Every piece of text an edition shows, in one language."""

    lang: str

    @property
    def language(self) -> Language:
        return LANGUAGES[self.lang]

    def __call__(self, key: str, **values: Any) -> str:
        entry = strings().get(key)
        if entry is None or not entry.get(self.lang):
            raise MissingString(f"no '{self.lang}' text for '{key}' in strings.yaml")
        text = entry[self.lang]
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return bool((strings().get(key) or {}).get(self.lang))

    def kind(self, kind: Kind, *, many: bool = False) -> str:
        return kind.many(self.lang) if many else kind.one(self.lang)

    def field(self, model: type, name: str) -> str:
        info = model.model_fields[name]  # type: ignore[attr-defined]
        extra = info.json_schema_extra or {}
        label = info.title if self.lang == "en" else extra.get(f"title_{self.lang}")
        if not label:
            raise MissingString(f"no '{self.lang}' label for field '{name}' in model.py")
        return str(label)

    def choice(self, model: type, field: str, value: str) -> str:
        """The name of an enumerated value (a framework's category serving -> 推理服务)."""
        labels = choice_labels(model.model_fields[field]).get(value)  # type: ignore[attr-defined]
        if labels is None:
            return value
        return labels[0] if self.lang == "en" else labels[1]

    def relation(self, spec: RelationType, *, inverse: bool = False) -> str:
        if self.lang == "en":
            return spec.inverse if inverse else spec.label
        return spec.zh[1] if inverse else spec.zh[0]

    def meaning(self, spec: RelationType) -> str:
        return spec.meaning if self.lang == "en" else spec.zh[2]

    def date(self, value: str | int | None) -> str:
        """2023-06-20 -> '20 June 2023' or '2023年6月20日'; 2023-06 -> 'June 2023'."""
        if value is None or value == "":
            return ""
        parts = [int(p) for p in str(value).split("-")]
        if self.lang == "zh":
            units = ("年", "月", "日")
            return "".join(f"{p}{u}" for p, u in zip(parts, units, strict=False))
        months = self("months").split()
        if len(parts) == 1:
            return str(parts[0])
        if len(parts) == 2:
            return f"{months[parts[1] - 1]} {parts[0]}"
        return f"{parts[2]} {months[parts[1] - 1]} {parts[0]}"

    def number(self, value: float) -> str:
        """A plain number as pages print it: 2048 -> '2,048', 3.35 -> '3.35', 989.0 -> '989'."""
        if float(value).is_integer():
            return f"{int(value):,}"
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"


def translations() -> list[str]:
    """Every key of strings.yaml that lacks a language: empty when the editions are complete."""
    return sorted(
        f"{key}: {code}"
        for key, entry in strings().items()
        for code in LANGUAGES
        if not (entry or {}).get(code)
    )
