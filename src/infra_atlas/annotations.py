"""GitHub annotations for the warnings of a strict build, so they show on the pull request.

`infra-atlas check` annotates its own errors (see diagnostics.py). A warning MkDocs logs while
building names a page: a generated page is annotated on the YAML file it comes from, a page of
docs/ on itself.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable

_PAGE = re.compile(r"Doc file '([^']+)'")
TITLE = "mkdocs build --strict"


def escape(text: str, *, property: bool = False) -> str:
    """Text as a workflow command carries it (properties escape ':' and ',' too)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


class GitHubAnnotations(logging.Handler):
    """Prints each warning (strict mode fails the build on it) as an error annotation."""

    def __init__(self, source_of: Callable[[str], str | None], docs_dir: str) -> None:
        super().__init__(level=logging.WARNING)
        self.source_of = source_of  # generated page -> the YAML file it comes from
        self.docs_dir = docs_dir  # relative to the repository root

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        page = _PAGE.search(message)
        where = ""
        if page is not None:
            path = self.source_of(page[1]) or f"{self.docs_dir}/{page[1]}"
            where = f"file={escape(path, property=True)},"
        # Workflow commands are read from standard output.
        print(f"::error {where}title={escape(TITLE, property=True)}::{escape(message)}")
        sys.stdout.flush()
