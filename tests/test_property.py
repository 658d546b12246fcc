"""Whatever a file holds, the checker answers with located errors or success, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra_atlas.model import KINDS, RELATION_TYPES
from infra_atlas.schema import header
from infra_atlas.validate import check

FIELDS = sorted({f for k in KINDS.values() for f in k.model.model_fields} | {"bogus"})
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2023",
            "2023-02-30",
            "https://example.org/x",
            "http://x",
            "vllm",
            "2309.06180",
            "<b>x</b>",
        ]
    ),
)
relation = st.fixed_dictionaries(
    {"type": st.sampled_from([*RELATION_TYPES, "nope"]), "target": st.sampled_from(["a", "b"])}
)
values = st.recursive(
    scalars | relation,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
records = st.dictionaries(st.sampled_from(FIELDS), values, max_size=12)


def _assert_located(root: Path) -> None:
    atlas, diagnostics = check(root)
    assert (atlas is None) == bool(diagnostics)
    for d in diagnostics:
        assert (root / d.path).is_file()
        assert d.line >= 1 and d.col >= 1 and d.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folder=st.sampled_from(sorted(KINDS)), data=records, ids=st.sampled_from(["a", "b"]))
def test_generated_records(folder: str, data: dict, ids: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / folder).mkdir()
        text = header(KINDS[folder]) + "\n" + yaml.safe_dump({"id": ids, **data})
        (root / folder / f"{ids}.yaml").write_text(text, "utf-8")
        _assert_located(root)


@settings(max_examples=150, deadline=None)
@given(content=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "papers").mkdir()
        (root / "papers" / "x.yaml").write_bytes(content)
        _assert_located(root)
