"""The files the plugin hands to MkDocs: generated pages, figures and open data."""

from __future__ import annotations

import os

from mkdocs.structure.files import File


class GeneratedFile(File):
    """A file made from the records rather than read from docs/.

    `unchanged`: the last good build already wrote these very bytes, so `mkdocs serve --dirty`
    skips it (MkDocs would otherwise count every generated file as modified). `pending`: its
    content is still being drawn when MkDocs copies the files; the plugin writes it once the
    pages are built.
    """

    unchanged = False
    pending = False

    def is_modified(self) -> bool:
        return not self.unchanged or not os.path.isfile(self.abs_dest_path)

    def copy_file(self, dirty: bool = False) -> None:
        if not self.pending:
            super().copy_file(dirty)
