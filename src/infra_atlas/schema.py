"""JSON Schemas for editors, generated from the same models the checker uses.

Each record file's first line points its editor at the schema of its kind:
    # yaml-language-server: $schema=../schema/<kind>.schema.json
so fields autocomplete and mistakes are flagged as one types.
"""

from __future__ import annotations

import json
from pathlib import Path

from infra_atlas.model import KINDS, Kind

SCHEMA_DIR = "schema"


def header(kind: Kind) -> str:
    return f"# yaml-language-server: $schema=../{SCHEMA_DIR}/{kind.name}.schema.json"


def schema_text(kind: Kind) -> str:
    schema = kind.model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"LLM Infra Atlas {kind.name} record ({kind.folder}/<id>.yaml)"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def schemas() -> dict[str, str]:
    """Repository path -> JSON Schema text, for every kind."""
    return {f"{SCHEMA_DIR}/{k.name}.schema.json": schema_text(k) for k in KINDS.values()}


def write_schemas(root: Path) -> list[str]:
    """Write the schemas that differ from what is on disk; the paths written."""
    written = []
    for path, text in schemas().items():
        target = root / path
        if not target.exists() or target.read_text("utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
            written.append(path)
    return written
