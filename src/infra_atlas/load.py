"""Read record files into plain data, and find the line and column of any field on demand.

Only the safe subset of YAML is accepted: plain mappings, lists and scalars. Anchors and
aliases are refused (they are how "billion laughs" bombs expand), and so are custom tags,
duplicate keys (PyYAML would silently keep the last one), byte-order marks and oversized files.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from infra_atlas.diagnostics import Diagnostic
from infra_atlas.model import KINDS
from infra_atlas.schema import header

MAX_FILE_BYTES = 256 * 1024
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"

# A path into a record, e.g. ("relations", 2, "target").
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    col: int


@dataclass(slots=True)
class RawRecord:
    """One file's data before validation, and the text to find where each field stands in it.

    Positions are only needed for diagnostics, and most records have none: recording them for
    every field of every file took as long as parsing itself. So they are found on the first
    `where()`, by composing the text again.
    """

    path: str  # relative to the atlas root, with forward slashes
    folder: str
    data: Any
    text: str
    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)
    located: bool = False

    def where(self, loc: FieldPath, *, key: bool = False) -> Position:
        """The position of a field, or of its nearest enclosing field that exists."""
        if not self.located:
            _locate(self, yaml.compose(self.text, Loader=_Loader))
        table = self.keys if key else self.values
        while loc:
            if loc in table:
                return table[loc]
            if not key and loc in self.keys:
                return self.keys[loc]
            loc = loc[:-1]
        return self.values.get((), Position(1, 1))

    def source(self, loc: FieldPath) -> str | None:
        """A scalar value exactly as written (quotes included), or None for a block or a
        collection: messages quote what the contributor wrote, not what YAML made of it."""
        pos = self.where(loc)
        if loc not in self.values:
            return None
        lines = self.text.splitlines()
        rest = lines[pos.line - 1][pos.col - 1 :] if pos.line <= len(lines) else ""
        if rest[:1] in ("'", '"'):
            end = rest.find(rest[0], 1)
            return rest[: end + 1] if end > 0 else None
        word = re.match(r"[^\s,\[\]{}#|>]+", rest)
        return word.group(0) if word else None

    def find(self, loc: FieldPath, needle: str) -> Position:
        """Where `needle` is first written in the value at `loc` (the value's position when
        it is written differently, e.g. with escapes)."""
        pos = self.where(loc)
        lines = self.text.split("\n")
        start = sum(len(line) + 1 for line in lines[: pos.line - 1]) + pos.col - 1
        found = self.text.find(needle, start)
        if found < 0:
            return pos
        line = self.text.count("\n", 0, found) + 1
        return Position(line, found - (self.text.rfind("\n", 0, found) + 1) + 1)

    def error(self, loc: FieldPath, message: str, *, key: bool = False) -> Diagnostic:
        pos = self.where(loc, key=key)
        return Diagnostic(self.path, pos.line, pos.col, message)


def load_file(root: Path, path: Path) -> tuple[RawRecord | None, list[Diagnostic]]:
    relative = path.relative_to(root)
    rel, folder = relative.as_posix(), relative.parts[0]

    def fail(message: str, line: int = 1, col: int = 1) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(rel, line, col, message)]

    if path.suffix == ".yml":
        return fail("record files use the '.yaml' extension; rename the file")
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return fail(
                "this is a folder, not a record file; a record is a file named <id>.yaml: "
                "rename or remove the folder"
            )
        if not stat.S_ISREG(info.st_mode):
            # Reading a pipe or a device could block forever.
            return fail("this is not a regular file; a record is a plain text file: remove it")
        if info.st_size > MAX_FILE_BYTES:
            return fail(
                f"file is {info.st_size} bytes, over the {MAX_FILE_BYTES}-byte limit for a record"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            return fail(
                f"this is a link to a missing file ({os.readlink(path)}); remove it or point it "
                "at the record"
            )
        return fail("the file disappeared while it was being read; run the check again")
    except OSError as exc:
        return fail(f"the file cannot be read ({exc.strerror}); fix its permissions")
    if raw.startswith(b"\xef\xbb\xbf"):
        return fail("file starts with a byte-order mark; save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line, col
        )
    if not text.strip():
        return fail("file is empty; a record needs at least 'id' and its required fields")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line, col, problem = _syntax_error(text, exc)
        return fail(f"invalid YAML: {problem}", line, col)
    except yaml.YAMLError as exc:
        return fail(f"invalid YAML: {exc}")
    if node is None:
        return fail("file has no YAML content; a record is a mapping of fields")

    record = RawRecord(rel, folder, None, text)
    errors: list[Diagnostic] = []
    try:
        record.data = _plain(node, set())
    except _NotPlain:
        # Something here is refused: build again, this time locating each problem.
        record.data = _locate(record, node, errors)
        if errors:
            return None, errors
    if not isinstance(record.data, dict):
        return fail(
            f"a record must be a mapping of fields (key: value), not a {type(record.data).__name__}"
        )
    expected = header(KINDS[folder])
    if text.split("\n", 1)[0].rstrip("\r") != expected:
        # Not fatal: the record is still checked, so every problem shows in one run.
        errors.append(
            Diagnostic(
                rel,
                1,
                1,
                f"the first line must be '{expected}' so editors check the record as you type",
            )
        )
    return record, errors


def _syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Where a YAML syntax error really is, and what it is in a contributor's words.

    The parser reports where it gave up, which is often far from the mistake, and in terms of
    its own grammar; the usual mistakes are recognised from the text itself.
    """
    lines = text.splitlines()
    for mark in (exc.problem_mark, exc.context_mark):
        if mark is None or mark.line >= len(lines):
            continue
        row = lines[mark.line]
        indent = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent:
            return (
                mark.line + 1,
                indent.index("\t") + 1,
                "this line is indented with a tab; YAML indents with spaces only: "
                "replace the tab with spaces",
            )
    runaway = _runaway_quote(text, exc.problem_mark)
    if runaway is not None:
        return runaway
    problem = ", ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    if "end of stream" in (exc.problem or "") and exc.context_mark is not None:
        # Nothing is wrong at the end of the file: what was opened where the context starts
        # (a quote, a bracket) was never closed.
        mark = exc.context_mark
        opened = text[mark.index] if mark.index < len(text) else ""
        if "quoted scalar" in (exc.context or "") and opened in "'\"":
            problem = (
                f"this quoted text is never closed; add the closing {opened} "
                "(or remove the opening one)"
            )
    elif "mapping values are not allowed" in problem:
        problem += " (text that contains ': ' must be quoted)"
    elif mark is not None and mark.line < len(lines):
        value = re.match(r"\s*(?:- )?(?:[\w-]+:\s+)?([\[{])", lines[mark.line])
        if value and value.end() <= mark.column:
            # `summary: [vLLM](...)`: YAML reads a leading bracket as the start of a list.
            problem += (
                f" (text that starts with '{value.group(1)}' must be quoted: YAML reads it as "
                f"a {'list' if value.group(1) == '[' else 'mapping'})"
            )
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return line, col, problem


def _runaway_quote(text: str, mark: yaml.Mark | None) -> tuple[int, int, str] | None:
    """An unclosed quote that a later quote (an apostrophe in the next field) happened to close:
    the parser fails just after that closing quote, lines below the real mistake."""
    if mark is None:
        return None
    tokens: list[yaml.Token] = []
    # The tokens before the scanner's own error, if any, are the ones that matter.
    with contextlib.suppress(yaml.YAMLError):
        tokens.extend(yaml.scan(text, Loader=_Loader))
    for token in reversed(tokens):
        start, end = token.start_mark, token.end_mark
        if end.line < mark.line:
            return None
        quote = getattr(token, "style", None)
        if quote in ("'", '"') and start.line < end.line == mark.line:
            return (
                start.line + 1,
                start.column + 1,
                f"this quoted text runs on to line {end.line + 1}, where the next {quote} "
                f"closes it; add the closing {quote} on this line (or remove the opening one)",
            )
    return None


_MAP, _SEQ, _STR, _MERGE = (_TAG + t for t in ("map", "seq", "str", "merge"))

# How each accepted scalar tag becomes a value, for both builds below. Dates stay text: the
# model checks their shape and keeps exactly what was written.
_SCALAR_VALUES: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    "str": lambda node: node.value,
    "timestamp": lambda node: node.value,
    "int": _SCALARS.construct_yaml_int,
    "float": _SCALARS.construct_yaml_float,
    "bool": _SCALARS.construct_yaml_bool,
    "null": lambda node: None,
}


class _NotPlain(Exception):
    """The fast build met something `_build` reports as an error."""


def _plain(node: yaml.Node, seen: set[int]) -> Any:
    """The data of a node tree, without positions; raises `_NotPlain` wherever `_build`
    would report an error, so the two agree on every file they both accept."""
    if id(node) in seen:
        raise _NotPlain
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        construct = _SCALAR_VALUES.get(node.tag.removeprefix(_TAG))
        if construct is None:
            raise _NotPlain
        return construct(node)
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise _NotPlain
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            # A merge key (<<) has its own tag, so it is refused here too.
            if key_node.tag != _STR or not isinstance(key_node, yaml.ScalarNode):
                raise _NotPlain
            key = key_node.value
            if key in result:
                raise _NotPlain
            result[key] = _plain(value_node, seen)
        return result
    if node.tag != _SEQ:
        raise _NotPlain
    return [_plain(item, seen) for item in node.value]


def _locate(record: RawRecord, node: yaml.Node, errors: list[Diagnostic] | None = None) -> Any:
    """Fill in where every field of `record` stands; the data, with any problems in `errors`."""
    record.values, record.keys, record.located = {}, {}, True
    return _build(node, (), record, [] if errors is None else errors, set())


def _build(
    node: yaml.Node,
    loc: FieldPath,
    record: RawRecord,
    errors: list[Diagnostic],
    seen: set[int],
) -> Any:
    pos = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    record.values[loc] = pos
    if id(node) in seen:
        errors.append(
            Diagnostic(
                record.path,
                pos.line,
                pos.col,
                "YAML anchors and aliases (&name / *name) are not allowed in "
                "records; write the value out",
            )
        )
        return None
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            errors.append(_bad_tag(record, pos, node.tag, _where(loc)))
            return None
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_pos = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key_node.tag == _MERGE:
                errors.append(
                    Diagnostic(
                        record.path,
                        key_pos.line,
                        key_pos.col,
                        "YAML merge keys (<<) are not allowed in records",
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                errors.append(
                    Diagnostic(
                        record.path,
                        key_pos.line,
                        key_pos.col,
                        f"keys must be plain names, in {_where(loc)}",
                    )
                )
                continue
            key = key_node.value
            if key in result:
                first = record.keys[(*loc, key)]
                errors.append(
                    Diagnostic(
                        record.path,
                        key_pos.line,
                        key_pos.col,
                        f"duplicate key '{key}' (first set on line {first.line}); "
                        "remove one of them",
                    )
                )
                continue
            record.keys[(*loc, key)] = key_pos
            result[key] = _build(value_node, (*loc, key), record, errors, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            errors.append(_bad_tag(record, pos, node.tag, _where(loc)))
            return None
        return [_build(item, (*loc, i), record, errors, seen) for i, item in enumerate(node.value)]
    construct = _SCALAR_VALUES.get(node.tag.removeprefix(_TAG))
    if construct is None:
        errors.append(_bad_tag(record, pos, node.tag, _where(loc)))
        return None
    return construct(node)


def _where(loc: FieldPath) -> str:
    return ".".join(str(p) for p in loc) or "file"


def _bad_tag(record: RawRecord, pos: Position, tag: str, where: str) -> Diagnostic:
    return Diagnostic(
        record.path,
        pos.line,
        pos.col,
        f"YAML tag '{tag}' is not allowed in records (in {where}); "
        "use plain strings, numbers, lists and mappings",
    )
