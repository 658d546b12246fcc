"""Which files are records, and where a record-like file sits that the build would never read.

Records are the `.yaml` files directly inside the record folders. Hidden files there are editor
artefacts (Emacs' `.#name.yaml` lock, a dangling link), never records, and are skipped. YAML files
anywhere else a contributor might put a record (the repository root, a misspelt folder, a
subfolder) are reported as located errors, so a record is never silently left out.
"""

from __future__ import annotations

import os
from pathlib import Path

from infra_atlas.diagnostics import Diagnostic, did_you_mean
from infra_atlas.model import KINDS

SUFFIXES = {".yaml", ".yml"}
# Top-level folders that hold other things than records; YAML elsewhere is a misplaced record.
NOT_RECORDS = {"docs", "src", "tests", "schema", "scripts", "site", "build", "node_modules"}


def _visible(name: str) -> bool:
    return not name.startswith(".")


def record_files(root: Path) -> list[Path]:
    """Every record file candidate in the record folders, in a stable order.

    Anything named like a record is returned, a folder or an unreadable file included: loading
    it reports the problem at its path.
    """
    files: list[Path] = []
    for folder in KINDS:
        directory = root / folder
        if directory.is_dir():
            with os.scandir(directory) as entries:
                found = [
                    Path(e.path)
                    for e in entries
                    if _visible(e.name) and os.path.splitext(e.name)[1] in SUFFIXES
                ]
            # By name: the same order as comparing whole paths, at a fraction of the cost.
            files.extend(sorted(found, key=lambda p: p.name))
    return files


def _misplaced(root: Path, path: Path, message: str) -> Diagnostic:
    return Diagnostic(path.relative_to(root).as_posix(), 1, 1, message)


def stray_files(root: Path) -> list[Diagnostic]:
    """Record-like YAML files placed where the build would never look for them."""
    if not root.is_dir():
        return []
    folders = ", ".join(KINDS)
    found = [
        _misplaced(
            root,
            path,
            "a record at the repository root is never read; move it into the folder of its "
            f"kind: {folders}",
        )
        for path in _root_yaml(root)
    ]
    for directory in sorted(root.iterdir()):
        name = directory.name
        if not directory.is_dir() or not _visible(name) or name in KINDS or name in NOT_RECORDS:
            continue
        for path in sorted(directory.glob("*.y*ml")):
            hint = did_you_mean(name, KINDS)
            found.append(
                _misplaced(
                    root,
                    path,
                    f"'{name}/' is not a record folder{hint}; records go in one of: {folders}",
                )
            )
    for folder in KINDS:
        directory = root / folder
        if not directory.is_dir():
            continue
        # Only subfolders can hold strays: searching just them spares a look at every record.
        with os.scandir(directory) as entries:
            subfolders = [Path(e.path) for e in entries if e.is_dir() and not e.is_symlink()]
        for path in sorted(path for sub in subfolders for path in sub.rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES:
                found.append(
                    _misplaced(
                        root,
                        path,
                        f"record files must sit directly in '{folder}/', not in a subfolder; "
                        "move it up",
                    )
                )
    return found


def _root_yaml(root: Path) -> list[Path]:
    """YAML files at the root other than MkDocs configurations (mkdocs.yml and its editions)."""
    return sorted(
        p
        for p in root.iterdir()
        if p.suffix in SUFFIXES and _visible(p.name) and not p.name.startswith("mkdocs")
    )


def inputs(root: Path) -> list[Path]:
    """Every path the check looks at, records and strays alike, for keys of cached output."""
    if not root.is_dir():
        return []
    found = _root_yaml(root)
    for directory in sorted(root.iterdir()):
        name = directory.name
        if directory.is_dir() and name in KINDS:
            found.extend(sorted(directory.rglob("*")))
        elif directory.is_dir() and _visible(name) and name not in NOT_RECORDS:
            found.extend(sorted(directory.glob("*.y*ml")))
    return found
