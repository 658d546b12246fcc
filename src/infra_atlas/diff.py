"""What a change does to the atlas: records added, removed and changed, relations added and removed.

Both sides are read as raw record data (not the checked model), so a base revision that no longer
passes today's checks can still be compared.
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
class AtlasDiff:
    added: list[str]  # paths
    removed: list[str]
    changed: list[tuple[str, list[str]]]  # path, changed fields
    relations_added: list[Rel]
    relations_removed: list[Rel]

    @property
    def empty(self) -> bool:
        return not any(
            (self.added, self.removed, self.changed, self.relations_added, self.relations_removed)
        )


def snapshot(root: Path) -> dict[str, dict[str, Any]]:
    """Path -> raw data of every record file that parses as YAML."""
    out = {}
    for path in record_files(root):
        raw, _ = load_file(root, path)
        if raw is not None:
            out[raw.path] = raw.data
    return out


def snapshot_at(repo: Path, rev: str) -> dict[str, dict[str, Any]]:
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


def _relations(records: dict[str, dict[str, Any]]) -> set[Rel]:
    out = set()
    for data in records.values():
        for rel in data.get("relations") or []:
            if isinstance(rel, dict):
                out.add((str(data.get("id")), str(rel.get("type")), str(rel.get("target"))))
        for target in data.get("see_also") or []:
            out.add((str(data.get("id")), "see_also", str(target)))
        for claim in data.get("support") or []:
            if isinstance(claim, dict):
                kind = "does not implement" if claim.get("state") == "unsupported" else "implements"
                out.add((str(data.get("id")), kind, str(claim.get("technique"))))
    return out


def compare(base: dict[str, dict[str, Any]], head: dict[str, dict[str, Any]]) -> AtlasDiff:
    changed = []
    for path in sorted(base.keys() & head.keys()):
        fields = sorted(
            k
            for k in base[path].keys() | head[path].keys()
            if base[path].get(k) != head[path].get(k)
        )
        if fields:
            changed.append((path, fields))
    before, after = _relations(base), _relations(head)
    return AtlasDiff(
        added=sorted(head.keys() - base.keys()),
        removed=sorted(base.keys() - head.keys()),
        changed=changed,
        relations_added=sorted(after - before),
        relations_removed=sorted(before - after),
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
    sections = [
        ("Added", [f"- `{p}`" for p in diff.added]),
        ("Removed", [f"- `{p}`" for p in diff.removed]),
        ("Changed", [f"- `{p}`: {', '.join(fields)}" for p, fields in diff.changed]),
        ("Relations added", [f"- {s} *{t}* {o}" for s, t, o in diff.relations_added]),
        ("Relations removed", [f"- {s} *{t}* {o}" for s, t, o in diff.relations_removed]),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"### {title}", "", *items]
    return "\n".join(lines) + "\n"
