"""Records that try to smuggle markup never produce executable markup in the built site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import FIXTURES, build_site, make_project

# Markup that only a record could have put there (the theme's own scripts are not in this form).
_DANGEROUS = [
    re.compile(rb"<script>alert", re.I),
    re.compile(rb"<img[^>]*onerror", re.I),
    re.compile(rb"<svg[^>]*onload", re.I),
    re.compile(rb"javascript:", re.I),
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    project = make_project(FIXTURES / "hostile", base / "project")
    result = build_site(project, base / "site")
    assert result.returncode == 0, result.stderr
    return base / "site"


def test_no_output_file_carries_executable_markup(hostile_site: Path) -> None:
    found = []
    for path in hostile_site.rglob("*"):
        if path.is_file() and "assets" not in path.parts:
            for pattern in _DANGEROUS:
                if pattern.search(path.read_bytes()):
                    found.append(f"{path.relative_to(hostile_site)}: {pattern.pattern!r}")
    assert found == []


def test_escaped_text_reads_as_text(hostile_site: Path) -> None:
    page = (hostile_site / "frameworks" / "quotes" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<code>&lt;script&gt;in code&lt;/script&gt;</code>" in page
    index = (hostile_site / "frameworks" / "index.html").read_text("utf-8")
    # A pipe in a name or organisation must not split the table row.
    assert "Org | with pipe" in index


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("summary", "<script>alert(1)</script>", "raw HTML is not allowed"),
        ("summary", "<img src=x onerror=alert(1)>", "raw HTML is not allowed"),
        ("summary", "[x](javascript:alert(1))", "script or data URLs are not allowed in text"),
        ("summary", "[x](&#106;avascript:alert(1))", "link target '&#106;avascript"),
        ("summary", "[x][1]\n\n[1]: &#106;avascript:alert(1)", "link target"),
        ("summary", "<https://example.org>", "raw HTML is not allowed"),
        ("name", "Two\nlines", "must be a single line"),
        ("name", "<b onmouseover=alert(1)>x</b>", "raw HTML is not allowed"),
    ],
)
def test_markup_in_text_fields_is_refused(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    import json

    from infra_atlas.validate import check

    project = make_project(FIXTURES / "hostile", tmp_path / "p")
    record = project / "frameworks" / "quotes.yaml"
    lines = record.read_text("utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(f"{field}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    lines[start:end] = [f"{field}: {json.dumps(value)}"]
    record.write_text("\n".join(lines) + "\n", "utf-8")
    atlas, diagnostics = check(project)
    assert atlas is None
    assert any(d.path == "frameworks/quotes.yaml" and message in d.message for d in diagnostics), [
        d.format() for d in diagnostics
    ]
