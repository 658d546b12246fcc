"""Check every record and build the internal model. Every problem of a run is reported together.

Checks are generators of located `Diagnostic`s, in the manner of python/peps' check-peps.py: the
per-file schema check first, then the checks across records (ids, names, references, lineage,
dates). The atlas is built only when there is nothing to report.
"""

from __future__ import annotations

import functools
import gc
import itertools
import re
import typing
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError, create_model

from infra_atlas.arrival import arrival
from infra_atlas.diagnostics import Diagnostic, did_you_mean
from infra_atlas.discover import record_files, stray_files
from infra_atlas.links import bad_links, site_pages
from infra_atlas.load import FieldPath, RawRecord, load_file
from infra_atlas.model import (
    KINDS,
    RELATION_TYPES,
    Atlas,
    Kind,
    LinksIn,
    Record,
    Relation,
    RelationIn,
    Strict,
)

# Records that may share a name: a paper and the system it introduced are often both "vLLM".
# Techniques and glossary terms are one namespace: a concept is one or the other, not both.
_NAME_SPACE = {"technique": "concept", "term": "concept"}


_DATED = frozenset(k.name for k in KINDS.values() if k.dated)
# Fields that hold record ids (declared with model.references), by kind.
_REFERENCE_FIELDS = {
    k.name: [
        name
        for name, info in k.model.model_fields.items()
        if (info.json_schema_extra or {}).get("references")
    ]
    for k in KINDS.values()
}

# The fields of each kind. Asking a pydantic model for a field it lacks goes through its
# __getattr__ and an exception, and the checks ask every record for optional fields.
_FIELDS = {k.name: frozenset(k.model.model_fields) for k in KINDS.values()}


@dataclass(frozen=True, slots=True)
class Parsed:
    """A record whose id could be read: it takes part in the checks across records."""

    raw: RawRecord
    kind: Kind
    # An instance of kind.model; when some fields had errors, of a model that lacks them
    # (`complete` is False), so that what was right is still checked against other records.
    data: Any
    complete: bool = True
    # References written other than as an id ('vLLM' for vllm), reported by the reference
    # check, which knows every record's names and can suggest the id meant.
    misspelt: tuple[tuple[FieldPath, str], ...] = ()
    # For a list some of whose items had errors: where the items kept stood in the file.
    kept: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        """A field's value, or `default` when the record's kind has no such field."""
        return getattr(self.data, name) if name in _FIELDS[self.kind.name] else default

    def items(self, name: str) -> list[tuple[int, Any]]:
        """A list field's items, each with its index in the file (as messages give it)."""
        values = self.get(name) or []
        return list(zip(self.kept.get(name, range(len(values))), values, strict=True))


def check(root: Path) -> tuple[Atlas | None, list[Diagnostic]]:
    """Load and check the atlas under `root`; the atlas, or every problem found."""
    with _collector_paused():
        return _check(root)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while records pile up.

    Loading allocates hundreds of thousands of dicts, lists and models that all live to the
    end of the check, and none of them forms a cycle: the collector kept re-traversing them
    for nothing, a fifth of the time of a 10,000-record check. Memory is still freed by
    reference counting as usual; only the search for cycles waits until the check is done.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _check(root: Path) -> tuple[Atlas | None, list[Diagnostic]]:
    parsed, diagnostics = examine(root)
    if diagnostics:
        return None, diagnostics
    return build_atlas(parsed), []


def readable(root: Path) -> tuple[Atlas, int, list[Diagnostic]]:
    """The atlas of the records without errors of their own (for looking things up while
    others are being fixed), how many records were left out, and every problem."""
    with _collector_paused():
        parsed, diagnostics = examine(root)
    usable = [p for p in parsed if p.complete]
    left_out = len(record_files(root)) - len(usable)
    return build_atlas(usable), left_out, diagnostics


def examine(root: Path) -> tuple[list[Parsed], list[Diagnostic]]:
    """Every record whose id can be read, and every problem of the atlas, in order."""
    diagnostics = stray_files(root)
    parsed: list[Parsed] = []
    # Files whose id cannot be read: a reference to one is not "unknown", the file's own
    # error says what is wrong.
    unreadable: set[str] = set()
    for path in record_files(root):
        raw, errors = load_file(root, path)
        diagnostics.extend(errors)
        item = None
        if raw is not None:
            item, errors = parse(raw)
            diagnostics.extend(errors)
        if item is None:
            unreadable.add(Path(path).stem)
        else:
            parsed.append(item)
    diagnostics.extend(cross_checks(parsed, unreadable, root))
    files = [(path.parent.name, path.stem) for path in record_files(root)]
    tags = {tag for p in parsed for tag in p.get("tags") or []}
    diagnostics.extend(_check_links(parsed, site_pages(root, files, tags)))
    return parsed, sorted(set(diagnostics))


# ---------------------------------------------------------------------------------------------
# One file against its kind's schema.


def parse(raw: RawRecord) -> tuple[Parsed | None, list[Diagnostic]]:
    """The record, if its id can be read, and its own problems."""
    kind = KINDS[raw.folder]
    errors = []
    stem = Path(raw.path).stem
    record_id = raw.data.get("id")
    # Checked on the raw data so a misnamed file is reported even when other fields are wrong.
    if isinstance(record_id, str) and record_id != stem:
        errors.append(
            raw.error(
                ("id",),
                f"id '{record_id}' must equal the file name '{stem}'; "
                f"rename the file to '{record_id}.yaml' or fix the id",
            )
        )
    try:
        return Parsed(raw, kind, kind.model.model_validate(raw.data)), errors
    except ValidationError as exc:
        problems = exc.errors(include_url=False)
    data, kept = _readable_part(kind, raw.data, problems)
    misspelt = []
    for err in problems:
        if data is not None and _is_misspelt_reference(err):
            misspelt.append((tuple(err["loc"]), err["input"]))
        else:
            errors.append(_explain(raw, kind, err))
    if data is None:
        return None, errors
    return Parsed(raw, kind, data, False, tuple(misspelt), kept), errors


# Fields that hold the id of another record.
_REFERENCES = {"target", "era", "technique"} | {
    name for fields in _REFERENCE_FIELDS.values() for name in fields
}


def _is_misspelt_reference(err: Any) -> bool:
    name = next((p for p in reversed(err["loc"]) if isinstance(p, str)), "")
    return (
        err["type"] == "string_pattern_mismatch"
        and name in _REFERENCES
        and isinstance(err["input"], str)
    )


def _readable_part(
    kind: Kind, data: dict[str, Any], problems: list[Any]
) -> tuple[Any, dict[str, tuple[int, ...]]]:
    """The record without the fields (or list items) that have errors, if its id is right;
    and for each list that lost items, the file's index of each item kept."""
    if any(tuple(err["loc"][:1]) == ("id",) for err in problems):
        return None, {}
    drop: set[str] = set()
    drop_items: dict[str, set[int]] = defaultdict(set)
    for err in problems:
        loc = err["loc"]
        if not loc or loc[0] not in data:
            continue  # a missing field, or the record as a whole
        head = loc[0]
        if len(loc) > 1 and isinstance(loc[1], int) and isinstance(data[head], list):
            drop_items[head].add(loc[1])
        else:
            drop.add(head)
    clean = {k: v for k, v in data.items() if k not in drop}
    kept: dict[str, tuple[int, ...]] = {}
    for head, items in drop_items.items():
        if head in clean:
            kept[head] = tuple(i for i in range(len(clean[head])) if i not in items)
            clean[head] = [clean[head][i] for i in kept[head]]
            if not clean[head]:
                del clean[head]  # nothing left: as if absent (a required list is made optional)
    absent = frozenset(
        name
        for name, info in kind.model.model_fields.items()
        if info.is_required() and name not in clean
    )
    try:
        return _without_fields(kind.model, absent).model_validate(clean), kept
    except ValidationError:
        return None, {}


@functools.cache
def _without_fields(model: type[Strict], absent: frozenset[str]) -> type[Strict]:
    """`model` with the required fields in `absent` made optional (None): what a record with
    errors in those fields can still be checked as."""
    if not absent:
        return model
    optional: dict[str, Any] = {name: (Any, None) for name in absent}
    return create_model(f"Partial{model.__name__}", __base__=model, **optional)


def _label(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _model_at(kind: Kind, loc: tuple[Any, ...]) -> type[Strict]:
    if loc and loc[0] == "relations":
        return RelationIn
    if loc and loc[0] == "links":
        return LinksIn
    return kind.model


_PATTERN_HINTS = {
    "id": "must be kebab-case: lowercase letters, digits and single hyphens",
    "target": "must be a record id (kebab-case)",
    "era": "must be an era id (kebab-case)",
    "arxiv": "is not an arXiv id; write it like 2309.06180",
    "doi": "is not a DOI; write it like 10.1145/3600006.3613165",
    "tags": "must be lowercase kebab-case, e.g. long-context",
    "see_also": "must be a record id (kebab-case)",
    "technique": "must be a technique id (kebab-case)",
}


def _explain(raw: RawRecord, kind: Kind, err: Any) -> Diagnostic:
    loc: tuple[Any, ...] = tuple(err["loc"])
    value = err.get("input")
    if (value is None or value == "" or value == []) and not _required(kind.model, loc):
        # An optional line left empty: the skeleton's own lines, uncommented too early.
        return raw.error(
            loc, f"{_label(loc)}: is empty; fill it in, or delete the line (it is optional)"
        )
    return _explain_value(raw, kind, err, loc, value)


def _required(model: type[BaseModel], loc: tuple[Any, ...]) -> bool:
    """Whether the field at `loc` must be given (within its enclosing item, if nested)."""
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return True
        info = model.model_fields[part]
        model = next(
            (
                a
                for a in (info.annotation, *_args(info.annotation))
                if isinstance(a, type) and issubclass(a, BaseModel)
            ),
            None,
        )
    return info is None or info.is_required()


def _args(annotation: Any) -> tuple[Any, ...]:
    return tuple(a for arg in typing.get_args(annotation) for a in (arg, *typing.get_args(arg)))


def _explain_value(
    raw: RawRecord, kind: Kind, err: Any, loc: tuple[Any, ...], value: Any
) -> Diagnostic:
    kind_of = err["type"]
    field = _label(loc)
    if kind_of == "extra_forbidden":
        allowed = list(_model_at(kind, loc[:-1]).model_fields)
        hint = did_you_mean(str(loc[-1]), allowed)
        where = f" in {_label(loc[:-1])}" if len(loc) > 1 else ""
        return raw.error(
            loc,
            f"unknown field '{loc[-1]}'{where}{hint}; allowed fields: {', '.join(allowed)}",
            key=True,
        )
    if kind_of == "missing":
        return raw.error(loc[:-1], f"missing required field '{field}' for a {kind.name}")
    if kind_of == "literal_error" and loc[-1:] == ("type",) and value in RELATION_TYPES:
        return raw.error(
            loc,
            f"{field}: '{value}' is not written as a relation; "
            + (
                "write it as a support claim under 'support:' (technique, state, since, source)"
                if value == "implements"
                else "it is derived from other fields"
            ),
        )
    if kind_of == "literal_error":
        allowed = err["ctx"]["expected"].replace("'", "").replace(" or ", ", ").split(", ")
        if value is None:
            return raw.error(loc, f"{field}: is empty; choose one of: {', '.join(allowed)}")
        hint = did_you_mean(str(value), allowed)
        return raw.error(
            loc, f"{field}: '{value}' is not allowed{hint}; choose one of: {', '.join(allowed)}"
        )
    if kind_of == "string_pattern_mismatch":
        name = next((p for p in reversed(loc) if isinstance(p, str)), "")
        hint = _PATTERN_HINTS.get(name, "has the wrong form")
        return raw.error(loc, f"{field}: '{value}' {hint}")
    if kind_of == "too_short" and isinstance(value, list):
        return raw.error(loc, f"{field}: needs at least one entry")
    if kind_of == "string_too_short" and isinstance(value, str) and not value.strip():
        return raw.error(loc, f"{field}: is empty; give it text")
    unit = _unit(kind, loc)
    if unit is not None and kind_of in _RANGE_ERRORS:
        low, high = unit[1:]
        return raw.error(
            loc,
            f"{field}: {value:g} is outside the range real values fall in ({low:g} to {high:g} "
            f"{unit[0]}); check the number, and convert it to {unit[0]} if it was taken from "
            "a page that gives another unit",
        )
    if unit is not None and kind_of in _TYPE_NAMES and isinstance(value, str):
        number = re.fullmatch(r"\s*([+-]?\d[\d.,]*)\s*[^\d\s.,].*", value)
        if number:
            return raw.error(
                loc,
                f"{field}: '{value}' has a unit written in; the field is in {unit[0]}: write "
                f"the number alone ({number.group(1)} if that is in {unit[0]})",
            )
    if kind_of in _TYPE_NAMES:
        return raw.error(loc, f"{field}: {_wrong_type(raw, loc, value, _TYPE_NAMES[kind_of])}")
    return raw.error(loc, f"{field}: {err['msg'].removeprefix('Value error, ')}")


_RANGE_ERRORS = {"less_than_equal", "greater_than_equal", "less_than", "greater_than"}


def _unit(kind: Kind, loc: tuple[Any, ...]) -> tuple[str, float, float] | None:
    """A measured field's unit and the range real values fall in (see model.measure)."""
    if len(loc) != 1:
        return None
    info = kind.model.model_fields.get(str(loc[0]))
    extra = info.json_schema_extra if info is not None else None
    if not isinstance(extra, dict) or "unit" not in extra:
        return None
    bounds = {type(m).__name__: getattr(m, type(m).__name__.lower()) for m in info.metadata}
    return str(extra["unit"]), float(bounds.get("Ge", 0)), float(bounds.get("Le", 0))


_TEXT, _WHOLE, _NUMBER, _BOOL = "text", "a whole number", "a number", "true or false"
_TYPE_NAMES = {
    "string_type": _TEXT,
    "int_type": _WHOLE,
    "int_parsing": _WHOLE,
    "int_from_float": _WHOLE,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "bool_type": _BOOL,
    "bool_parsing": _BOOL,
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
}
# How YAML 1.1 reads unquoted words as booleans (PyYAML follows it).
_YAML_TRUE = {"yes", "true", "on", "y"}
_YAML_FALSE = {"no", "false", "off", "n"}


def _wrong_type(raw: RawRecord, loc: tuple[Any, ...], value: Any, expected: str) -> str:
    """Why `value` is not of the `expected` type, in terms of what was written and its fix.

    YAML decides a value's type from how it is written, so most type errors are a value that
    needed quotes, or quotes that should not be there.
    """
    if value is None:
        return f"is empty; give it {expected}"
    written = raw.source(loc) or repr(value)
    if isinstance(value, str) and written[:1] not in ("'", '"'):
        written = f"'{value}'"  # unquoted text, shown as text
    if isinstance(value, bool) and expected != _BOOL:
        word = str(value).lower()
        if expected == _TEXT:
            return (
                f"{written} is YAML's boolean {word}, not text; to write the word, quote it: "
                f"'{written}'"
            )
        return f"{written} is YAML's boolean {word}, not {expected}"
    if isinstance(value, int | float) and expected == _TEXT:
        return (
            f"{written} is read by YAML as a number; quote ids and other text that looks like "
            f"a number: '{written}'"
        )
    if isinstance(value, str):
        unquoted = _unquoted(value, expected)
        if unquoted is not None:
            return f"{written} is quoted text; write {unquoted} without quotes"
    return f"{written} should be {expected}"


def _unquoted(text: str, expected: str) -> str | None:
    """How `text` is written without quotes to be of the `expected` type, if it can be."""
    word = text.strip()
    if expected == _BOOL and word.lower() in _YAML_TRUE | _YAML_FALSE:
        return "true" if word.lower() in _YAML_TRUE else "false"
    if expected == _WHOLE and re.fullmatch(r"[+-]?\d+", word):
        return word
    if expected == _NUMBER and re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", word, re.I):
        return word
    return None


# ---------------------------------------------------------------------------------------------
# Across records.


def cross_checks(
    parsed: list[Parsed], unreadable: set[str] | None = None, root: Path | None = None
) -> Iterator[Diagnostic]:
    """Checks across records. `unreadable`: ids of record files that could not be read, which
    references may name without error; `root`: the repository, to tell which of two clashing
    records is newer (see arrival.py)."""
    unreadable = unreadable or set()
    by_id, clashes = _unique_ids(parsed, root)
    yield from clashes
    yield from _check_names(parsed, root)
    names = _Names(parsed, by_id, unreadable)
    yield from _check_references(parsed, by_id, names)
    yield from _check_support(parsed, by_id, names)
    yield from _check_families(parsed, by_id)
    yield from _check_dates(parsed, by_id)
    # A duplicate stands in for nothing: the record it duplicates is the one others mean.
    unique = [p for p in parsed if by_id[p.data.id] is p]
    yield from _check_eras([p for p in unique if p.kind.name == "era"])
    yield from _check_cycles(unique, by_id)


def _unique_ids(
    parsed: list[Parsed], root: Path | None
) -> tuple[dict[str, Parsed], list[Diagnostic]]:
    """Each id's record (the oldest, when several share it), and an error on each newer one."""
    groups: dict[str, list[Parsed]] = defaultdict(list)
    for p in parsed:
        groups[p.data.id].append(p)
    clashing = [g for g in groups.values() if len(g) > 1]
    age = arrival(root, (p.raw.path for g in clashing for p in g))
    errors = []
    for group in clashing:
        first, *later = sorted(group, key=lambda p: age(p.raw.path))
        groups[first.data.id] = [first]
        errors += [
            p.raw.error(
                ("id",),
                f"id '{p.data.id}' is already used by {first.raw.path}; ids are unique across "
                "all kinds",
            )
            for p in later
        ]
    return {i: g[0] for i, g in groups.items()}, errors


# '+' and '#' are kept: ZeRO++ is not ZeRO, MSCCL++ is not MSCCL, C# is not C.
_NOT_WORD = re.compile(r"[^\w+#]+|_")


def normalise(name: str) -> str:
    """The form two names are compared in: case, width, spaces and punctuation ignored."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return _NOT_WORD.sub("", folded)


def _check_names(parsed: list[Parsed], root: Path | None) -> Iterator[Diagnostic]:
    """Names and aliases differ within a name space; a clash is reported on the newer record."""
    # (space, normalised name) -> the records that use it: (record, field, name as written)
    uses: dict[tuple[str, str], list[tuple[Parsed, FieldPath, str]]] = defaultdict(list)
    for p in parsed:
        space = _NAME_SPACE.get(p.kind.name, p.kind.name)
        fields: list[tuple[FieldPath, Any]] = [
            (("name",), p.get("name")),
            (("term",), p.get("term")),
            (("name_zh",), p.get("name_zh")),
            (("term_zh",), p.get("term_zh")),
        ]
        fields += [(("aliases", i), a) for i, a in p.items("aliases")]
        mine: set[str] = set()
        for loc, value in fields:
            key = normalise(value) if value else ""
            if key and key not in mine:
                mine.add(key)
                uses[(space, key)].append((p, loc, value))
    clashing = [u for u in uses.values() if len(u) > 1]
    age = arrival(root, (p.raw.path for u in clashing for p, _, _ in u))
    for use in clashing:
        (first, _, first_value), *later = sorted(use, key=lambda u: age(u[0].raw.path))
        for p, loc, value in later:
            yield p.raw.error(
                loc,
                f"{_label(loc)}: '{value}' is the same name as '{first_value}' of "
                f"{first.raw.path}; merge the records or make the names distinct",
            )


class _Names:
    """Resolves what a record wrote where an id belongs, and suggests the id it meant: by the
    spelling of the ids, or by the names, aliases and abbreviations of the records."""

    def __init__(self, parsed: list[Parsed], by_id: dict[str, Parsed], unreadable: set[str]):
        self.by_id = by_id
        self.unreadable = unreadable
        self.named: dict[str, list[tuple[str, str]]] = defaultdict(list)  # name -> (id, name)
        for p in by_id.values():
            for name in (p.get("name"), p.get("term"), p.get("abbr"), *p.data.aliases):
                if name:
                    self.named[normalise(name)].append((p.data.id, name))

    def known(self, record_id: str) -> bool:
        """Whether `record_id` is a record: one that was read, or a file whose errors are its
        own (a reference to it is not wrong)."""
        return record_id in self.by_id or record_id in self.unreadable

    def suggest(self, written: str, kinds: Iterable[str] | None = None) -> str:
        """A ' (did you mean ...?)' suffix, or ''; `kinds`: the kinds that fit, tried first."""
        ids = sorted(i for i, p in self.by_id.items() if kinds is None or p.kind.name in kinds)
        matches = sorted(self.named.get(normalise(written), []))
        fitting = [m for m in matches if m[0] in ids]
        for record_id, name in fitting or matches:
            return f" (did you mean '{record_id}', named '{name}'?)"
        return did_you_mean(written, ids or self.by_id)


def _relations(p: Parsed) -> list[tuple[int, RelationIn]]:
    return p.items("relations")


def _check_references(
    parsed: list[Parsed], by_id: dict[str, Parsed], names: _Names
) -> Iterator[Diagnostic]:
    for p in parsed:
        yield from _misspelt(p, names)
        era = p.get("era")
        if era and not names.known(era):
            yield p.raw.error(("era",), f"era: unknown era '{era}'{names.suggest(era, ['era'])}")
        for ref in _REFERENCE_FIELDS[p.kind.name]:
            for i, target in p.items(ref):
                if target == p.data.id:
                    yield p.raw.error((ref, i), f"{ref}[{i}]: a record cannot refer to itself")
                elif not names.known(target):
                    yield p.raw.error(
                        (ref, i), f"{ref}[{i}]: unknown record '{target}'{names.suggest(target)}"
                    )
        pairs: set[tuple[str, str]] = set()
        for i, rel in _relations(p):
            loc = ("relations", i, "target")
            spec = RELATION_TYPES[rel.type]
            if rel.target == p.data.id:
                yield p.raw.error(
                    loc, f"relations[{i}]: a record cannot point at itself ('{rel.type}')"
                )
                continue
            if (rel.type, rel.target) in pairs:
                yield p.raw.error(loc, f"relations[{i}]: '{rel.type} {rel.target}' is listed twice")
            pairs.add((rel.type, rel.target))
            other = by_id.get(rel.target)
            if other is None:
                if not names.known(rel.target):
                    yield p.raw.error(
                        loc,
                        f"relations[{i}].target: unknown record '{rel.target}'"
                        f"{names.suggest(rel.target, spec.targets)}",
                    )
                continue
            if spec.sources is not None and p.kind.name not in spec.sources:
                yield p.raw.error(
                    ("relations", i, "type"),
                    f"relations[{i}]: a {p.kind.name} "
                    f"cannot use '{rel.type}' (only {', '.join(sorted(spec.sources))})",
                )
            if spec.targets is not None and other.kind.name not in spec.targets:
                yield p.raw.error(
                    loc,
                    f"relations[{i}]: '{rel.type}' must point at a "
                    f"{' or '.join(sorted(spec.targets))}, but '{rel.target}' is a "
                    f"{other.kind.name}",
                )
            if rel.type == "succeeds" and other.kind.name != p.kind.name:
                yield p.raw.error(
                    loc,
                    f"relations[{i}]: a {p.kind.name} can only succeed "
                    f"another {p.kind.name}, but '{rel.target}' is a "
                    f"{other.kind.name}",
                )


def _misspelt(p: Parsed, names: _Names) -> Iterator[Diagnostic]:
    """References written other than as an id, with the id that was probably meant."""
    for loc, written in p.misspelt:
        field = next(part for part in reversed(loc) if isinstance(part, str))
        kinds: Iterable[str] | None = {"era": ["era"], "technique": ["technique"]}.get(field)
        if field == "target":
            relation = p.raw.data["relations"][loc[1]]
            spec = RELATION_TYPES.get(relation.get("type")) if isinstance(relation, dict) else None
            kinds = spec.targets if spec else None
        yield p.raw.error(
            loc,
            f"{_label(loc)}: '{written}' {_PATTERN_HINTS[field]}{names.suggest(written, kinds)}",
        )


def _check_support(
    parsed: list[Parsed], by_id: dict[str, Parsed], names: _Names
) -> Iterator[Diagnostic]:
    """Support claims: one per technique, pointing at a technique, with what their state needs."""
    for p in parsed:
        seen: dict[str, int] = {}
        for i, claim in p.items("support"):
            where = f"support[{i}]"
            if claim.technique in seen:
                yield p.raw.error(
                    ("support", i, "technique"),
                    f"{where}: '{claim.technique}' is already claimed in "
                    f"support[{seen[claim.technique]}]; keep one claim per technique",
                )
            seen.setdefault(claim.technique, i)
            other = by_id.get(claim.technique)
            if other is None:
                if not names.known(claim.technique):
                    yield p.raw.error(
                        ("support", i, "technique"),
                        f"{where}.technique: unknown technique '{claim.technique}'"
                        f"{names.suggest(claim.technique, ['technique'])}",
                    )
            elif other.kind.name != "technique":
                yield p.raw.error(
                    ("support", i, "technique"),
                    f"{where}.technique: '{claim.technique}' is a {other.kind.name}, "
                    "not a technique",
                )
            if claim.state == "unsupported":
                if claim.since is not None:
                    yield p.raw.error(
                        ("support", i, "since"),
                        f"{where}: an unsupported claim has no 'since'; say which release or date "
                        "the source describes with 'as_of'",
                    )
                if claim.as_of is None:
                    yield p.raw.error(
                        ("support", i, "state"),
                        f"{where}: 'unsupported' needs 'as_of': the release or date the source "
                        "describes (a feature may arrive later)",
                    )
            elif claim.as_of is not None:
                yield p.raw.error(
                    ("support", i, "as_of"),
                    f"{where}: 'as_of' is for unsupported claims; a {claim.state} claim says "
                    "since when with 'since'",
                )
            if claim.state == "partial" and not claim.note:
                yield p.raw.error(
                    ("support", i, "state"),
                    f"{where}: a partial claim needs a 'note' saying what is missing or "
                    "experimental",
                )


def _check_families(parsed: list[Parsed], by_id: dict[str, Parsed]) -> Iterator[Diagnostic]:
    """A family is drawn as one lane: its members must be related to one another in the atlas,
    or the lane would show a kinship the records do not hold."""
    links: dict[str, set[str]] = defaultdict(set)
    for p in parsed:
        for _, rel in _relations(p):
            links[p.data.id].add(rel.target)
            links[rel.target].add(p.data.id)
        for claim in p.get("support", []):
            if claim.state != "unsupported":
                links[p.data.id].add(claim.technique)
                links[claim.technique].add(p.data.id)
    for p in parsed:
        members = [m for m in p.get("members", []) if m in by_id]
        if p.kind.name != "family" or len(members) < 2:
            continue
        seen, stack = {members[0]}, [members[0]]
        while stack:
            for other in links[stack.pop()] & set(members):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        for i, member in p.items("members"):
            if member in by_id and member not in seen:
                yield p.raw.error(
                    ("members", i),
                    f"members[{i}]: '{member}' is not related to '{members[0]}' or the members "
                    "linked to it; add the relation that joins it to the family, or remove it",
                )
            elif member in by_id and by_id[member].kind.name not in _DATED:
                yield p.raw.error(
                    ("members", i),
                    f"members[{i}]: '{member}' is a {by_id[member].kind.name}; a family's lane "
                    "runs through time, so its members are dated records "
                    f"({', '.join(sorted(_DATED))})",
                )


def _check_links(parsed: list[Parsed], pages: set[str]) -> Iterator[Diagnostic]:
    """Relative links in record text lead to pages of the site (see links.py)."""
    for p in parsed:
        for loc, text in _texts(p.raw.data, ()):
            for target, _, message in bad_links(text, p.kind.folder, pages):
                pos = p.raw.find(loc, target)
                yield Diagnostic(p.raw.path, pos.line, pos.col, f"{_label(loc)}: {message()}")


def _texts(value: Any, loc: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Every text in a record's data that may hold a link, with where it is."""
    if isinstance(value, str):
        if "](" in value or "]:" in value:
            yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))


def _when(p: Parsed) -> tuple[int, int, int] | None:
    """A record's date as (year, month, day), with unknown parts as 0."""
    year = p.get("year")
    if year is None:
        return None
    parts = [int(x) for x in (p.get("date") or "").split("-") if x]
    return (year, *([*parts[1:], 0, 0])[:2])  # type: ignore[return-value]


def _check_dates(parsed: list[Parsed], by_id: dict[str, Parsed]) -> Iterator[Diagnostic]:
    for p in parsed:
        year, exact = p.get("year"), p.get("date")
        if exact and year and int(exact[:4]) != year:
            yield p.raw.error(("date",), f"date: {exact} is not in year {year}")
        arxiv = p.get("arxiv")
        if arxiv and year:
            # An id carries the month arXiv announced the paper; the first version may have been
            # submitted in the month before (papers sent late in a month, or held for moderation).
            announced = (2000 + int(arxiv[:2]), int(arxiv[2:4]))
            before = (
                (announced[0] - 1, 12) if announced[1] == 1 else (announced[0], announced[1] - 1)
            )
            if year not in (announced[0], before[0]):
                yield p.raw.error(
                    ("arxiv",),
                    f"arxiv: {arxiv} was announced in {announced[0]}, "
                    f"but year is {year}; year is the first public appearance",
                )
            elif exact and len(exact) >= 7:
                submitted = (int(exact[:4]), int(exact[5:7]))
                if submitted not in (announced, before):
                    yield p.raw.error(
                        ("date",),
                        f"date: {exact} disagrees with arXiv id {arxiv} (announced "
                        f"{announced[0]}-{announced[1]:02d}, so submitted that month or the one "
                        "before)",
                    )
        mine = _when(p)
        for i, rel in _relations(p):
            other = by_id.get(rel.target)
            spec = RELATION_TYPES[rel.type]
            precision = spec.dated
            if precision is None or other is None or mine is None:
                continue
            if spec.dated_kinds is not None and p.kind.name not in spec.dated_kinds:
                continue
            theirs = _when(other)
            if theirs is None:
                continue
            # Compare only as precisely as both records know their dates.
            n = 1 if 0 in (mine[1], theirs[1]) else (2 if 0 in (mine[2], theirs[2]) else 3)
            if precision == "year":
                n = 1
            if mine[:n] < theirs[:n]:
                yield p.raw.error(
                    ("relations", i, "target"),
                    f"relations[{i}]: {p.data.id} ({_fmt(mine, n)}) cannot be "
                    f"'{rel.type}' {rel.target}, which is later "
                    f"({_fmt(theirs, n)}); check both dates",
                )


def _fmt(when: tuple[int, int, int], n: int) -> str:
    return "-".join(f"{v:02d}" if i else str(v) for i, v in enumerate(when[:n]))


def _check_eras(eras: list[Parsed]) -> Iterator[Diagnostic]:
    ordered = sorted((p for p in eras if p.data.start is not None), key=lambda p: p.data.start)
    for p in ordered:
        if p.data.end is not None and p.data.end < p.data.start:
            yield p.raw.error(("end",), f"end: {p.data.end} is before start {p.data.start}")
    for before, after in itertools.pairwise(ordered):
        if before.data.end is None or before.data.end >= after.data.start:
            yield after.raw.error(
                ("start",),
                f"start: era '{after.data.id}' overlaps era "
                f"'{before.data.id}' ({before.data.start}-"
                f"{before.data.end or 'today'})",
            )


def _check_cycles(parsed: list[Parsed], by_id: dict[str, Parsed]) -> Iterator[Diagnostic]:
    where: dict[tuple[str, str], tuple[Parsed, int]] = {}
    for p in parsed:
        for i, rel in _relations(p):
            if RELATION_TYPES[rel.type].lineage and rel.target in by_id:
                where.setdefault((p.data.id, rel.target), (p, i))
    if not _has_cycle(where):
        return
    # Imported only to name the cycles: networkx takes longer to import than most checks.
    import networkx as nx

    lineage = nx.DiGraph(sorted(where))
    # Components, their edges and the cycle's start all in sorted order: a set's order
    # depends on the hash seed, and the same records must give the same message.
    for component in sorted(nx.strongly_connected_components(lineage), key=min):
        if len(component) < 2:
            continue
        inside = nx.DiGraph(sorted(e for e in where if e[0] in component and e[1] in component))
        cycle = nx.find_cycle(inside, source=min(component))
        # Report at the edge whose source sorts first.
        source, target = min(cycle)
        p, i = where[(source, target)]
        path = " -> ".join([u for u, _ in cycle] + [cycle[0][0]])
        yield p.raw.error(
            ("relations", i, "target"),
            f"relations[{i}]: lineage cycle {path}; one of these relations is backwards",
        )


def _has_cycle(edges: Iterable[tuple[str, str]]) -> bool:
    """Whether the directed graph of `edges` has a cycle (a self-loop counts)."""
    successors: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        successors[source].append(target)
    try:
        # The sorter reads the lists as predecessors: a cycle is a cycle either way round.
        TopologicalSorter(successors).prepare()
    except CycleError:
        return True
    return False


# ---------------------------------------------------------------------------------------------
# The internal model.


def build_atlas(parsed: list[Parsed]) -> Atlas:
    eras = sorted((p.data for p in parsed if p.kind.name == "era"), key=lambda e: e.start)

    def era_of(p: Parsed) -> str | None:
        explicit = p.get("era")
        if explicit or p.kind.name == "era":
            return explicit or p.data.id
        year = p.get("year")
        for era in eras:
            if year is not None and era.start <= year and (era.end is None or year <= era.end):
                return era.id
        return None

    records = {
        p.data.id: Record(kind=p.kind, path=p.raw.path, data=p.data, era=era_of(p)) for p in parsed
    }
    relations = [
        Relation(
            type=rel.type,
            source=p.data.id,
            target=rel.target,
            note=rel.note,
            note_zh=rel.note_zh,
            since=rel.since,
            evidence=rel.source,
        )
        for p in parsed
        for _, rel in _relations(p)
    ]
    # A framework implements what it supports, fully or in part: the graph's edges.
    relations += [
        Relation(
            type="implements",
            source=p.data.id,
            target=claim.technique,
            note=claim.note if claim.state == "supported" else f"partial: {claim.note}",
            note_zh=claim.note_zh,
            since=claim.since,
            evidence=claim.source,
        )
        for p in parsed
        for claim in p.get("support", [])
        if claim.state != "unsupported"
    ]
    return Atlas(records=records, relations=tuple(relations))


def group_by_era(atlas: Atlas) -> dict[str | None, list[Record]]:
    groups: dict[str | None, list[Record]] = defaultdict(list)
    for record in atlas.records.values():
        if record.kind.name != "era":
            groups[record.era].append(record)
    return groups
