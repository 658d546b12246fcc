"""Hostile bytes and YAML features that a pull request might contain."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, ROOT

from infra_atlas import load
from infra_atlas.load import MAX_FILE_BYTES
from infra_atlas.model import KINDS
from infra_atlas.validate import check

GOOD = """id: x
term: X
definition: A term.
sources: [https://example.org/x]
checked: 2026-11-24
"""


def _errors(tmp_path: Path, content: bytes, name: str = "x.yaml") -> list[str]:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / name).write_bytes(content)
    atlas, diagnostics = check(tmp_path)
    assert atlas is None
    return [d.format() for d in diagnostics]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\xef\xbb\xbf" + GOOD.encode(),
            "glossary/x.yaml:1:1: error: file starts with a "
            "byte-order mark; save it as UTF-8 without BOM",
        ),
        (
            GOOD.encode().replace(b"A term.", b"A \xff term."),
            "glossary/x.yaml:3:15: error: file is not valid UTF-8 (byte 0xff); save it as UTF-8",
        ),
        (
            b"  \n",
            "glossary/x.yaml:1:1: error: file is empty; a record needs at least 'id' and "
            "its required fields",
        ),
        (
            b"id: 'x\n",
            "glossary/x.yaml:1:5: error: invalid YAML: this quoted text is never closed; add "
            "the closing ' (or remove the opening one)",
        ),
        (
            b"- id: x\n",
            "glossary/x.yaml:1:1: error: a record must be a mapping of fields "
            "(key: value), not a list",
        ),
        (
            b"id: !!python/object/apply:os.system ['true']\n",
            "glossary/x.yaml:1:5: error: YAML "
            "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in records (in "
            "id); use plain strings, numbers, lists and mappings",
        ),
        (
            b"id: x\n---\nid: y\n",
            "glossary/x.yaml:2:1: error: invalid YAML: expected a single "
            "document in the stream, but found another document",
        ),
    ],
)
def test_hostile_file_gets_one_located_error(tmp_path: Path, content: bytes, message: str) -> None:
    assert _errors(tmp_path, content) == [message]


def test_each_reused_anchor_is_reported_where_it_is_defined(tmp_path: Path) -> None:
    message = (
        "error: YAML anchors and aliases (&name / *name) are not allowed in records; "
        "write the value out"
    )
    assert _errors(tmp_path, b"a: &a [1, 1]\nb: &b [*a, *a]\nc: [*b, *b]\n") == [
        f"glossary/x.yaml:1:4: {message}",
        f"glossary/x.yaml:2:4: {message}",
    ]


def test_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    content = GOOD.encode() + b"#" * MAX_FILE_BYTES
    assert _errors(tmp_path, content) == [
        f"glossary/x.yaml:1:1: error: file is {len(content)} bytes, over the "
        f"{MAX_FILE_BYTES}-byte limit for a record"
    ]


def test_yml_extension_is_refused(tmp_path: Path) -> None:
    assert _errors(tmp_path, GOOD.encode(), "x.yml") == [
        "glossary/x.yml:1:1: error: record files use the '.yaml' extension; rename the file"
    ]


# Texts each of which the located build refuses, or accepts only through an edge of YAML.
EDGE_CASES = [
    "a: &x 1\nb: *x\n",
    "&k a: 1\nb: *k\n",
    "a: {<<: {b: 1}}\n",
    "? [a]\n: 1\n",
    "1: a\n",
    "a: 1\na: 2\n",
    "a: !!set {b}\n",
    "a: !!binary aGk=\n",
    "a: !custom x\n",
    "a: !<str> x\n",
    "a: [1, 1.5, .inf, 0x1F, 0o17, 1_000, yes, No, ~, null, 2024-01-01, 2024-01-01 10:00:00]\n",
    "a: ['1', \"2024-01-01\", 'true', '']\n",
    "- a\n- b\n",
    "just text\n",
]


def test_the_fast_and_the_located_builds_agree() -> None:
    """Positions are found only when a diagnostic needs them, by a second, located build: the
    two must accept the same files and give the same data, types included."""
    texts = [p.read_text("utf-8") for p in sorted(ROOT.glob("*/*.yaml")) if p.parent.name in KINDS]
    texts += [p.read_text("utf-8") for p in sorted(FIXTURES.rglob("*.yaml"))]
    for text in [*texts, *EDGE_CASES]:
        try:
            node = yaml.compose(text, Loader=load._Loader)
        except yaml.YAMLError:
            continue
        if node is None:
            continue
        errors: list = []
        located = load._locate(load.RawRecord("x.yaml", "papers", None, text), node, errors)
        try:
            plain = load._plain(node, set())
        except load._NotPlain:
            assert errors, text
            continue
        assert not errors, text
        assert repr(plain) == repr(located), text
