"""An Atom feed of records added or changed, read from git history.

The feed is a function of the commits, not of the clock: the same checkout gives the same bytes.
Outside a git checkout (a tarball, a test tree) the feed is valid and empty.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from infra_atlas.model import KINDS, Atlas

MAX_ENTRIES = 100


@dataclass(frozen=True, slots=True)
class Change:
    commit: str
    when: str  # ISO 8601 commit date
    subject: str
    status: str  # A (added) or M (modified)
    path: str


def history(root: Path, limit: int = MAX_ENTRIES) -> list[Change]:
    """The newest record additions and modifications, newest first."""
    result = subprocess.run(
        [
            "git",
            "log",
            "--format=%x00%H%x1f%cI%x1f%s",
            "--name-status",
            "--no-renames",
            "--diff-filter=AM",
            "--",
            *KINDS,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return []
    changes: list[Change] = []
    for block in result.stdout.split("\x00")[1:]:
        head, _, body = block.partition("\n")
        commit, when, subject = head.split("\x1f")
        for line in body.splitlines():
            if "\t" in line:
                status, path = line.split("\t", 1)
                changes.append(Change(commit, when, subject, status, path))
                if len(changes) == limit:
                    return changes
    return changes


def atom(atlas: Atlas, changes: list[Change], site_name: str) -> bytes:
    by_path = {r.path: r for r in atlas.records.values()}
    updated = changes[0].when if changes else "2017-01-01T00:00:00+00:00"
    entries = []
    for change in changes:
        record = by_path.get(change.path)
        if record is None:  # changed then deleted: nothing to link to
            continue
        verb = "Added" if change.status == "A" else "Updated"
        entries.append(
            "  <entry>\n"
            f"    <id>tag:infra-atlas,2024:{change.commit}/{escape(record.id)}</id>\n"
            f"    <title>{escape(f'{verb}: {record.title} ({record.kind.name})')}</title>\n"
            f"    <updated>{change.when}</updated>\n"
            f"    <link href={quoteattr(record.url)}/>\n"
            f"    <summary>{escape(change.subject)}</summary>\n"
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{escape(site_name)}: record changes</title>\n"
        "  <id>tag:infra-atlas,2024:feed</id>\n"
        f"  <updated>{updated}</updated>\n"
        '  <link rel="self" href="feed.xml"/>\n'
        "  <author><name>LLM Infra Atlas contributors</name></author>\n"
        + "".join(entries)
        + "</feed>\n"
    ).encode("utf-8")
