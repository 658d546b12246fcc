"""Which of two clashing records is newer to the repository.

A clash (the same id, the same name) is the fault of the record that came second, and reported
there: on a pull request, that is the file in the diff. Newer means, in this order: a file not
yet committed, then the one whose first commit is later (git log), then the later path.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

ArrivalKey = tuple[bool, int, str]


def arrival(root: Path | None, paths: Iterable[str]) -> Callable[[str], ArrivalKey]:
    """A sort key over `paths` (relative to `root`): oldest first, newest last."""
    first = _first_commits(root, sorted(set(paths))) if root is not None else {}
    return lambda path: (path not in first, first.get(path, 0), path)


def _first_commits(root: Path, paths: list[str]) -> dict[str, int]:
    """Path -> time of the commit that first added it, for the committed ones among `paths`."""
    if not paths:
        return {}
    # --no-renames: a renamed file counts as added where it now is. --relative: paths relative
    # to the root, which may be a folder inside the repository.
    command = ["git", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--relative"]
    try:
        result = subprocess.run(
            [*command, "--diff-filter=A", "--", *paths],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # no git: every file is as new as the others
        return {}
    if result.returncode != 0:
        return {}
    first: dict[str, int] = {}
    # Newest commit first: the last time a path is seen is when it was first added.
    for block in result.stdout.split("\0")[1:]:
        stamp, _, names = block.partition("\n")
        for name in names.split("\n"):
            if name:
                first[name] = int(stamp)
    return first
