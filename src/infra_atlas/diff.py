"""What a change does to the atlas: records added, removed and changed, relations added and removed.

Both sides are read as raw record data (not the checked model), so a base revision that no longer
passes today's checks can still be compared. A file that cannot be read at all is still a record
file: it is listed with its first problem, never taken for a removal.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra_atlas.discover import record_files
from infra_atlas.load import load_file
from infra_atlas.model import KINDS

Rel = tuple[str, str, str]  # (source, type, target)


@dataclass(frozen=True)
class Unreadable:
    """A record file that does not load (invalid YAML, not a mapping, ...)."""

    problem: str  # its first error, as 'line:col: message'


Snapshot = dict[str, dict[str, Any] | Unreadable]  # path -> raw data


@dataclass(frozen=True)
class AtlasDiff:
    added: list[str]  # paths
    removed: list[str]
    changed: list[tuple[str, list[str]]]  # path, changed fields
    relations_added: list[Rel]
    relations_removed: list[Rel]
    unreadable: dict[str, str]  # path -> problem, for the files that cannot be read now

    @property
    def empty(self) -> bool:
        return not any(
            (self.added, self.removed, self.changed, self.relations_added, self.relations_removed)
        )


def snapshot(root: Path) -> Snapshot:
    """Path -> raw data of every record file, or why it cannot be read."""
    out: Snapshot = {}
    for path in record_files(root):
        raw, errors = load_file(root, path)
        if raw is not None:
            out[raw.path] = raw.data
        else:
            first = errors[0]
            out[first.path] = Unreadable(f"{first.line}:{first.col}: {first.message}")
    return out


def snapshot_at(repo: Path, rev: str) -> Snapshot:
    """The records as they were at a git revision."""
    folders = [f for f in KINDS if (repo / f).exists()]
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "--", *folders],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        message = archive.stderr.decode("utf-8", "replace").strip()
        raise ValueError(f"cannot read revision '{rev}': {message}")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        return snapshot(Path(tmp))


def _part(value: Any, what: str) -> str:
    """A relation's end as written, or what is missing: never 'None'."""
    return f"(no {what})" if value is None or value == "" else str(value)


def _relations(records: Snapshot, skip: set[str]) -> set[Rel]:
    """The relations of the readable records, except those at the paths in `skip`."""
    out = set()
    for path, data in records.items():
        if isinstance(data, Unreadable) or path in skip:
            continue
        source = _part(data.get("id"), "id")
        for rel in data.get("relations") or []:
            if isinstance(rel, dict):
                out.add(
                    (source, _part(rel.get("type"), "type"), _part(rel.get("target"), "target"))
                )
        for target in data.get("see_also") or []:
            out.add((source, "see_also", _part(target, "target")))
        for claim in data.get("support") or []:
            if isinstance(claim, dict):
                kind = "does not implement" if claim.get("state") == "unsupported" else "implements"
                out.add((source, kind, _part(claim.get("technique"), "technique")))
    return out


def compare(base: Snapshot, head: Snapshot) -> AtlasDiff:
    changed = []
    for path in sorted(base.keys() & head.keys()):
        old, new = base[path], head[path]
        if isinstance(old, Unreadable) or isinstance(new, Unreadable):
            if old != new:
                changed.append((path, []))
            continue
        fields = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        if fields:
            changed.append((path, fields))
    # What a file that cannot be read relates to is unknown, on either side.
    unknown = {p for p in base.keys() | head.keys() if isinstance(base.get(p), Unreadable)}
    unknown |= {p for p in head if isinstance(head[p], Unreadable)}
    before, after = _relations(base, unknown), _relations(head, unknown)
    return AtlasDiff(
        added=sorted(head.keys() - base.keys()),
        removed=sorted(base.keys() - head.keys()),
        changed=changed,
        relations_added=sorted(after - before),
        relations_removed=sorted(before - after),
        unreadable={p: d.problem for p, d in head.items() if isinstance(d, Unreadable)},
    )


def markdown(diff: AtlasDiff, base: str) -> str:
    if diff.empty:
        return f"## Atlas changes against `{base}`\n\nNo record changed.\n"
    lines = [
        f"## Atlas changes against `{base}`",
        "",
        f"**{len(diff.added)} added**, **{len(diff.removed)} removed**, "
        f"**{len(diff.changed)} changed**; relations: **+{len(diff.relations_added)}**, "
        f"**-{len(diff.relations_removed)}**",
    ]

    def broken(path: str) -> str:
        return f"{diff.unreadable[path]}; run `infra-atlas check`"

    def change(path: str, fields: list[str]) -> str:
        if path in diff.unreadable:
            return f"cannot be read ({broken(path)}); its relations are left out of this summary"
        return ", ".join(fields) or "could not be read before; its relations are left out"

    sections = [
        (
            "Added",
            [
                f"- `{p}`" + (f" (cannot be read: {broken(p)})" if p in diff.unreadable else "")
                for p in diff.added
            ],
        ),
        ("Removed", [f"- `{p}`" for p in diff.removed]),
        ("Changed", [f"- `{p}`: {change(p, fields)}" for p, fields in diff.changed]),
        ("Relations added", [f"- {s} *{t}* {o}" for s, t, o in diff.relations_added]),
        ("Relations removed", [f"- {s} *{t}* {o}" for s, t, o in diff.relations_removed]),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"### {title}", "", *items]
    return "\n".join(lines) + "\n"
