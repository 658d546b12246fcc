"""Annotated skeleton records for `infra-atlas new`, generated from the models themselves.

Required fields are written as keys to fill in. Optional fields are written as comments: a
comment is never an error, so a skeleton whose required fields are filled passes the check, and
a contributor uses an optional field by deleting the '# ' before it.
"""

from __future__ import annotations

import typing

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from infra_atlas.model import Kind
from infra_atlas.schema import header

# Fields whose value is Markdown over several lines: written as a block.
_BLOCKS = {"summary", "narrative", "definition"}


def _choices(info: FieldInfo) -> str:
    """'one of: a, b' for a Literal field, possibly wrapped in Optional or Annotated."""

    def literal(annotation: object) -> tuple[object, ...]:
        if typing.get_origin(annotation) is typing.Literal:
            return typing.get_args(annotation)
        for arg in typing.get_args(annotation):
            if found := literal(arg):
                return found
        return ()

    values = literal(info.annotation)
    return "one of: " + ", ".join(str(v) for v in values) if values else ""


def _comment(info: FieldInfo) -> str:
    parts = ["required" if info.is_required() else "optional"]
    if info.description:
        parts.append(info.description.rstrip("."))
    if choices := _choices(info):
        parts.append(choices)
    return "  # " + "; ".join(parts)


def _submodel(info: FieldInfo) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (one, or a list of them), if it holds one."""
    annotation = info.annotation
    is_list = typing.get_origin(annotation) is list
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg, is_list
    return None, False


def _field(name: str, info: FieldInfo, values: dict[str, str]) -> list[str]:
    """The lines of one field, uncommented; nested models show their own fields."""
    comment = _comment(info)
    if name in values:
        return [f"{name}: {values[name]}{comment}"]
    model, is_list = _submodel(info)
    if model is not None:
        lines = [f"{name}:{comment}"]
        indent = "  " if not is_list else "    "
        for i, (sub, sub_info) in enumerate(model.model_fields.items()):
            first = is_list and i == 0
            line = _field(sub, sub_info, {})
            lines += [("  - " if first else indent) + line[0], *(indent + x for x in line[1:])]
        return lines
    if typing.get_origin(info.annotation) is list or list in typing.get_args(info.annotation):
        return [f"{name}: []{comment}" if not info.is_required() else f"{name}:{comment}"]
    if name in _BLOCKS:
        return [f"{name}: |{comment}", "  "]
    return [f"{name}:{comment}"]


def skeleton(kind: Kind, record_id: str, today: str) -> str:
    lines = [
        header(kind),
        f"# A new {kind.name} record. Fill in the required fields. Optional fields are comments:",
        "# to use one, delete the '# ' before it and fill it in. Leave out what you cannot",
        "# confirm from a primary source. Then run: infra-atlas check",
    ]
    values = {"id": record_id, "checked": today}
    for name, info in kind.model.model_fields.items():
        field = _field(name, info, values)
        if name == "sources":
            field = [field[0], "  - https://"]
        if not info.is_required():
            field = [f"# {line}" for line in field]
        lines += field
    return "\n".join(lines) + "\n"
