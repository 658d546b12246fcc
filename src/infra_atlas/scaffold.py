"""Annotated skeleton records for `infra-atlas new`, generated from the models themselves."""

from __future__ import annotations

import typing

from pydantic.fields import FieldInfo

from infra_atlas.model import RELATION_TYPES, Kind, LinksIn, RelationIn
from infra_atlas.schema import header


def _choices(info: FieldInfo) -> str:
    """'one of: a, b' for a Literal field, possibly wrapped in Optional."""
    annotation = info.annotation
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) is typing.Literal:
            return "one of: " + ", ".join(str(a) for a in typing.get_args(arg))
    return ""


def _comment(info: FieldInfo) -> str:
    parts = ["required" if info.is_required() else "optional"]
    if info.description:
        parts.append(info.description)
    if choices := _choices(info):
        parts.append(choices)
    return "  # " + "; ".join(parts)


def skeleton(kind: Kind, record_id: str, today: str) -> str:
    lines = [
        header(kind),
        f"# A new {kind.name} record. Every field is explained on its line; delete the optional",
        "# ones you cannot confirm from a primary source. Then run: infra-atlas check",
    ]
    for name, info in kind.model.model_fields.items():
        comment = _comment(info)
        if name == "id":
            lines.append(f"id: {record_id}{comment}")
        elif name == "checked":
            lines.append(f"checked: {today}{comment}")
        elif name in {"sources"}:
            lines += [f"sources:{comment}", "  - https://"]
        elif name == "links":
            lines.append(f"links:{comment}")
            lines += [f"  {k}:  # optional https URL" for k in LinksIn.model_fields]
        elif name == "relations":
            types = ", ".join(RELATION_TYPES)
            lines.append(f"relations:{comment}")
            lines.append(f"  - type:  # one of: {types}")
            for field, sub in RelationIn.model_fields.items():
                if field != "type":
                    lines.append(f"    {field}:{_comment(sub)}")
        elif typing.get_origin(info.annotation) is list:
            lines.append(f"{name}: []{comment}")
        elif name in {
            "summary",
            "summary_zh",
            "narrative",
            "narrative_zh",
            "definition",
            "definition_zh",
        }:
            lines += [f"{name}: |{comment}", "  "]
        else:
            lines.append(f"{name}:{comment}")
    return "\n".join(lines) + "\n"
