"""Markdown links in record text lead to pages the site will have: the check says so on the
YAML file, and once it passes the strict build cannot fail on a link."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES, build_site, make_project, run_cli

TECHNIQUE = "techniques/paged-attention.yaml"


def _summary(project: Path, text: str) -> None:
    path = project / TECHNIQUE
    old = "summary: KV cache kept in fixed-size blocks addressed through a block table."
    content = path.read_text("utf-8")
    assert old in content
    path.write_text(content.replace(old, f"summary: {text}"), "utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(FIXTURES / "good", tmp_path / "project")


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        (
            "See [x](nope.md).",
            "summary: link 'nope.md' leads to no page of the site; link a record as "
            "../<folder>/<id>.md, an index as ../<folder>/index.md, or a page in docs/",
        ),
        (
            "Served by [vLLM](../techniques/vllm.md).",
            "summary: link '../techniques/vllm.md' leads to no page of the site (did you mean "
            "'../frameworks/vllm.md'?)",
        ),
        (
            "Served by [vLLM](../frameworks/vllm/).",
            "summary: link '../frameworks/vllm/' leads to no page of the site (did you mean "
            "'../frameworks/vllm.md'?)",
        ),
        (
            "Served by [vLLM](/frameworks/vllm.md).",
            "summary: link '/frameworks/vllm.md' is absolute, so it breaks wherever the site is "
            "published; write it relative to the record's page: '../frameworks/vllm.md'",
        ),
    ],
    ids=["missing", "wrong-folder", "folder-url", "absolute"],
)
def test_a_link_to_no_page_is_an_error_on_the_record(project: Path, summary: str, message) -> None:
    _summary(project, summary)
    result = run_cli("check", cwd=project)
    column = 10 + summary.index("](") + 2
    assert result.stdout.splitlines()[:-1] == [f"{TECHNIQUE}:5:{column}: error: {message}"]


def test_every_link_the_check_accepts_builds_strictly(project: Path, tmp_path: Path) -> None:
    _summary(
        project,
        "Served by [vLLM](../frameworks/vllm.md#top), listed in "
        "[frameworks](../frameworks/index.md) and [memory](../tags/kv-cache.md) "
        "([all tags](../tags/index.md)), drawn in the "
        "[explorer](../explorer.md), described on [the home page](../index.md), "
        "[about](../about.md) and in [the data](../data.md#citing); see also "
        "[TP](tensor-parallelism.md), [itself](./paged-attention.md) and [a section](#top).",
    )
    # An era's summary is shown on the home page too, a folder above the era's own page.
    era = project / "eras" / "golden-age.yaml"
    text = era.read_text("utf-8")
    era.write_text(text.replace("for tests.", "for tests, after [vLLM](../frameworks/vllm.md).", 1))
    assert run_cli("check", cwd=project).returncode == 0
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
