"""Compiled Jinja templates kept in memory between builds of one process (`mkdocs serve`).

Every rebuild makes new Jinja environments (ours per edition, the theme's per build), and each
would compile its templates again: about a third of a second per rebuild. Jinja checks a
template's name and source checksum before reusing its bytecode, so an edited template is
compiled afresh.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache


class CompiledTemplates(BytecodeCache):
    """Compiled templates by name and source checksum."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
