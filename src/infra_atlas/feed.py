"""An Atom feed of what changed in the records, read from git history, in each edition.

An entry says what happened to a record — added, or which of its fields changed — by comparing
the record's data before and after the commit, not by quoting the commit's message. The feed is
a function of the commits, not of the clock: the same checkout gives the same bytes. Outside a
git checkout (a tarball, a test tree) the feed is valid and empty.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import yaml

from infra_atlas.i18n import LANGUAGES, MissingString, Tr
from infra_atlas.model import KINDS, Atlas, Record

MAX_ENTRIES = 100
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Change:
    commit: str
    when: str  # ISO 8601 commit date
    status: str  # A (added) or M (modified)
    path: str
    fields: tuple[str, ...] = ()  # for a modification: the fields whose values changed


# The history read at each commit: every save under `mkdocs serve` asks again, and only a new
# commit changes the answer.
_HISTORY: dict[tuple[str, str, int], list[Change]] = {}


def history(root: Path, limit: int = MAX_ENTRIES) -> list[Change]:
    """The newest record additions and changes of content, newest first."""
    head = _git(root, "rev-parse", "HEAD")
    if head is None:
        return []
    key = (str(root.resolve()), head.strip(), limit)
    if key not in _HISTORY:
        _HISTORY.clear()
        _HISTORY[key] = _history(root, limit)
    return list(_HISTORY[key])


def _history(root: Path, limit: int) -> list[Change]:
    result = _git(
        root,
        "log",
        "--format=%x00%H%x1f%cI",
        "--name-status",
        "--no-renames",
        "--diff-filter=AM",
        "--",
        *KINDS,
    )
    if result is None:
        return []
    touched: list[Change] = []
    for block in result.split("\x00")[1:]:
        head, _, body = block.partition("\n")
        commit, when = head.split("\x1f")
        for line in body.splitlines():
            status, _, path = line.partition("\t")
            if path.endswith(".yaml"):
                touched.append(Change(commit, when, status, path))
    changes: list[Change] = []
    # Read the versions in batches: one `git cat-file` per batch, not two per change.
    for start in range(0, len(touched), limit):
        batch = touched[start : start + limit]
        wanted = [f"{c.commit}:{c.path}" for c in batch]
        wanted += [f"{c.commit}^:{c.path}" for c in batch if c.status == "M"]
        texts = _cat(root, wanted)
        for change in batch:
            if change.status == "A":
                changes.append(change)
            else:
                fields = _changed(
                    texts.get(f"{change.commit}^:{change.path}"),
                    texts.get(f"{change.commit}:{change.path}"),
                )
                if fields:  # a change of layout only says nothing to a reader
                    changes.append(Change(change.commit, change.when, "M", change.path, fields))
            if len(changes) == limit:
                return changes
    return changes


def _git(root: Path, *args: str) -> str | None:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    return result.stdout if result.returncode == 0 else None


def _cat(root: Path, objects: list[str]) -> dict[str, str]:
    """The text of each `commit:path`, read in one `git cat-file --batch`."""
    result = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=root,
        input=("\n".join(objects) + "\n").encode(),
        capture_output=True,
        check=False,
    )
    out: dict[str, str] = {}
    data, at = result.stdout, 0
    for name in objects:
        end = data.index(b"\n", at)
        header = data[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        out[name] = data[at : at + size].decode("utf-8", "replace")
        at += size + 1
    return out


def _changed(before: str | None, after: str | None) -> tuple[str, ...]:
    old, new = _data(before), _data(after)
    return tuple(sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k)))


def _data(text: str | None) -> dict[str, Any]:
    try:
        data = yaml.load(text or "", Loader=_Loader)  # the C safe loader when available
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def atom(atlas: Atlas, changes: list[Change], site_name: str, lang: str = "en") -> bytes:
    """The feed of one edition: titles and summaries in its language, links to its pages."""
    t = Tr(lang)
    prefix = LANGUAGES[lang].prefix
    by_path = {r.path: r for r in atlas.records.values()}
    updated = changes[0].when if changes else "2017-01-01T00:00:00+00:00"
    entries = []
    for change in changes:
        record = by_path.get(change.path)
        if record is None:  # changed then deleted: nothing to link to
            continue
        name = record.title_zh if lang == "zh" and record.title_zh else record.title
        kind = t.kind(record.kind)
        if change.status == "A":
            title = t("feed.added", name=name, kind=kind)
            summary = t("feed.added_summary", name=name, kind=kind)
        else:
            fields = t("feed.list_separator").join(_field(t, record, f) for f in change.fields)
            title = t("feed.changed", name=name, kind=kind)
            summary = t("feed.changed_summary", name=name, fields=fields)
        entries.append(
            "  <entry>\n"
            f"    <id>tag:infra-atlas,2024:{change.commit}/{escape(record.id)}/{lang}</id>\n"
            f"    <title>{escape(title)}</title>\n"
            f"    <updated>{change.when}</updated>\n"
            f"    <link href={quoteattr(prefix + record.url)}/>\n"
            f"    <summary>{escape(summary)}</summary>\n"
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{LANGUAGES[lang].html}">\n'
        f"  <title>{escape(t('feed.title', site=site_name))}</title>\n"
        f"  <id>tag:infra-atlas,2024:feed/{lang}</id>\n"
        f"  <updated>{updated}</updated>\n"
        f'  <link rel="self" href="{prefix}feed.xml"/>\n'
        "  <author><name>LLM Infra Atlas contributors</name></author>\n"
        + "".join(entries)
        + "</feed>\n"
    ).encode("utf-8")


def _field(t: Tr, record: Record, name: str) -> str:
    """A field as readers know it (Licence, 许可证), or its name as written."""
    if name in record.kind.model.model_fields:
        try:
            return t.field(record.kind.model, name)
        except MissingString:
            pass
    return name


def feeds(
    atlas: Atlas, root: Path, site_name: str, languages: tuple[str, ...] = tuple(LANGUAGES)
) -> dict[str, bytes]:
    """Site path -> the feed of each edition."""
    changes = history(root)
    return {
        f"{LANGUAGES[lang].prefix}feed.xml": atom(atlas, changes, site_name, lang)
        for lang in languages
    }
