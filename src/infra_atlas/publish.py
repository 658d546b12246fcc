"""Publish a build all at once: the site is written beside the old one and swapped in at the end.

MkDocs writes pages straight into `site_dir` and only then aborts a strict build that logged
warnings, so a failed build would leave a half-written site. Here the build goes to a sibling
folder, and the old site is replaced only when the build finished without a warning.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class AtomicSite:
    def __init__(self, site_dir: str) -> None:
        self.final = Path(site_dir).resolve()
        self.staging = self.final.with_name(f".{self.final.name}.staging")
        self.counter = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(self.counter)
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self, strict: bool) -> bool:
        """Swap the staged site in, unless strict mode is about to fail the build."""
        logging.getLogger("mkdocs").removeHandler(self.counter)
        if strict and self.counter.count:
            self.abort()
            return False
        old = self.final.with_name(f".{self.final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if self.final.exists():
            self.final.rename(old)
        self.staging.rename(self.final)
        shutil.rmtree(old, ignore_errors=True)
        return True

    def abort(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.counter)
        shutil.rmtree(self.staging, ignore_errors=True)
