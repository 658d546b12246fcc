"""The repository root: the folder holding mkdocs.yml, found by walking up from where a command
runs, so that every command reads and writes the same files from any subfolder."""

from __future__ import annotations

from pathlib import Path

MARKER = "mkdocs.yml"


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds mkdocs.yml, or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file():
            return folder
    return None
