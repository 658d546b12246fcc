"""The `infra-atlas` command: check the records, scaffold new ones."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from infra_atlas.diagnostics import did_you_mean, summary_line
from infra_atlas.diff import compare, markdown, snapshot, snapshot_at
from infra_atlas.discover import record_files, stray_files
from infra_atlas.model import ID_PATTERN, KIND_BY_NAME, KINDS
from infra_atlas.root import MARKER, find_root
from infra_atlas.scaffold import skeleton
from infra_atlas.schema import schemas, write_schemas
from infra_atlas.search import search
from infra_atlas.validate import check, readable


class _NoRoot(Exception):
    """No atlas where the command was asked to run; the message says where it looked."""


def _root(args: argparse.Namespace) -> Path:
    """The repository root: --root as given, else the nearest folder above with mkdocs.yml."""
    if args.root is not None:
        return Path(args.root)
    root = find_root(Path.cwd())
    if root is None:
        raise _NoRoot(
            f"no {MARKER} in {Path.cwd()} or any folder above it: run infra-atlas inside the "
            "atlas repository, or pass --root"
        )
    return root


def _check(args: argparse.Namespace) -> int:
    root = _root(args)
    if not record_files(root) and not stray_files(root):
        # Zero records is never a passing atlas: it is a command run in the wrong place.
        print(
            f"error: no record files under {root} (looked in {', '.join(KINDS)}); "
            "pass the atlas root with --root",
            file=sys.stderr,
        )
        return 1
    atlas, diagnostics = check(root)
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for d in diagnostics:
        print(d.format())
        if github:
            print(d.github())
    if diagnostics:
        print(summary_line(diagnostics))
        return 1
    assert atlas is not None
    kinds: dict[str, int] = {}
    for record in atlas.records.values():
        kinds[record.kind.folder] = kinds.get(record.kind.folder, 0) + 1
    counts = ", ".join(f"{n} {k}" for k, n in kinds.items())
    print(f"ok: {len(atlas.records)} records ({counts}), {len(atlas.relations)} relations")
    return 0


def _new(args: argparse.Namespace) -> int:
    import re

    kind = KIND_BY_NAME.get(args.kind)
    if kind is None:
        names = sorted(KIND_BY_NAME)
        print(
            f"error: unknown kind '{args.kind}'{did_you_mean(args.kind, names)}; choose one "
            f"of: {', '.join(names)}",
            file=sys.stderr,
        )
        return 1
    if not re.fullmatch(ID_PATTERN, args.id):
        print(
            f"error: id '{args.id}' must be kebab-case: lowercase letters, digits and single "
            "hyphens",
            file=sys.stderr,
        )
        return 1
    path = (_root(args) / kind.folder / f"{args.id}.yaml").resolve()
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    if path.exists():
        print(f"error: {shown} already exists; edit it instead", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind, args.id, date.today().isoformat()), encoding="utf-8")
    print(f"wrote {shown}: fill in the fields, then run 'infra-atlas check'")
    return 0


def _schema(args: argparse.Namespace) -> int:
    root = _root(args)
    if args.check:
        stale = [
            p
            for p, text in schemas().items()
            if not (root / p).exists() or (root / p).read_text("utf-8") != text
        ]
        for path in stale:
            print(f"{path}: out of date; run 'infra-atlas schema' and commit the result")
        return 1 if stale else 0
    for path in write_schemas(root):
        print(f"wrote {path}")
    return 0


def _search(args: argparse.Namespace) -> int:
    # Looking up ids is what a contributor does while a record has errors: search what reads.
    atlas, left_out, diagnostics = readable(_root(args))
    if diagnostics:
        records = "record" if left_out == 1 else "records"
        print(
            f"note: the atlas has {summary_line(diagnostics)} (run 'infra-atlas check'); "
            f"{left_out} {records} with errors of {'its' if left_out == 1 else 'their'} own "
            f"{'is' if left_out == 1 else 'are'} not searched",
            file=sys.stderr,
        )
    hits = search(atlas, " ".join(args.query), limit=args.limit)
    if not hits:
        print("no matches")
        return 1
    for hit in hits:
        zh = f" · {hit.record.title_zh}" if hit.record.title_zh else ""
        print(f"{hit.record.kind.name:<9} {hit.record.id:<36} {hit.record.title}{zh}")
    return 0


def _diff(args: argparse.Namespace) -> int:
    root = _root(args)
    try:
        base = snapshot_at(root, args.base)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(markdown(compare(base, snapshot(root)), args.base), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="infra-atlas", description=__doc__)
    parser.add_argument(
        "--root",
        help=f"atlas root (default: the nearest folder at or above this one with {MARKER})",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every record; exit 1 on any problem")
    new = sub.add_parser("new", help="write an annotated skeleton record")
    new.add_argument("kind", help=f"one of: {', '.join(sorted(KIND_BY_NAME))}")
    new.add_argument("id", help="kebab-case id, also the file name")
    schema = sub.add_parser("schema", help="write the JSON Schemas for editors into schema/")
    schema.add_argument("--check", action="store_true", help="only report stale schemas")
    find = sub.add_parser("search", help="find records and terms, in English or Chinese")
    find.add_argument("query", nargs="+")
    find.add_argument("--limit", type=int, default=10)
    diff = sub.add_parser("diff", help="summarise what the working tree changes against BASE")
    diff.add_argument("base", help="a git revision, e.g. origin/main")
    args = parser.parse_args(argv)
    handler = {"check": _check, "new": _new, "schema": _schema, "search": _search, "diff": _diff}[
        args.command
    ]
    try:
        return handler(args)
    except _NoRoot as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
