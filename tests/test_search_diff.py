"""`infra-atlas search` and `infra-atlas diff` as a contributor runs them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import FIXTURES, run_cli

GOOD = FIXTURES / "good"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("张量并行", "tensor-parallelism"),
        ("tensor parallelism", "tensor-parallelism"),
        ("TP", "tensor-parallelism"),
        ("连续批处理", "continuous-batching"),
        ("首字延迟", "ttft"),
        ("TRT-LLM", "tensorrt-llm"),
        ("iteration-level scheduling", "continuous-batching"),
        ("KV 缓存", "kv-cache"),
    ],
)
def test_search_puts_the_right_record_first(query: str, first: str) -> None:
    result = run_cli("--root", str(GOOD), "search", query)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == first


def test_search_without_a_match_says_so() -> None:
    result = run_cli("--root", str(GOOD), "search", "zzzzzz")
    assert result.returncode == 1
    assert result.stdout == "no matches\n"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_diff_summarises_a_change(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(GOOD, repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    vllm = repo / "frameworks" / "vllm.yaml"
    text = vllm.read_text("utf-8")
    claim = text.index("  - technique: continuous-batching")
    text = text[:claim] + text[text.index("checked:") :]
    vllm.write_text(text.replace("status: active", "status: archived"), "utf-8")
    (repo / "models" / "opt-175b.yaml").unlink()
    shutil.copy(GOOD / "glossary" / "ttft.yaml", repo / "glossary" / "tpot.yaml")
    result = run_cli("--root", str(repo), "diff", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "## Atlas changes against `HEAD`\n\n"
        "**1 added**, **1 removed**, **1 changed**; relations: **+0**, **-1**\n\n"
        "### Added\n\n- `glossary/tpot.yaml`\n\n"
        "### Removed\n\n- `models/opt-175b.yaml`\n\n"
        "### Changed\n\n- `frameworks/vllm.yaml`: status, support\n\n"
        "### Relations removed\n\n- vllm *implements* continuous-batching\n"
    )


def test_diff_against_an_unknown_revision_fails_cleanly(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(GOOD, repo)
    _git(repo, "init", "-q")
    result = run_cli("--root", str(repo), "diff", "no-such-rev")
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot read revision 'no-such-rev'")
    assert "Traceback" not in result.stderr


def test_feed_lists_record_changes_from_git(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    from infra_atlas.feed import atom, history
    from infra_atlas.validate import check

    repo = tmp_path / "repo"
    shutil.copytree(GOOD, repo)
    ident = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    _git(repo, "init", "-q")
    _git(repo, *ident, "add", ".")
    _git(repo, *ident, "commit", "-qm", "Add the first records")
    vllm = repo / "frameworks" / "vllm.yaml"
    vllm.write_text(vllm.read_text("utf-8").replace("status: active", "status: archived"))
    _git(repo, *ident, "commit", "-qam", "vLLM: correct the status")
    atlas, _ = check(repo)
    assert atlas is not None
    feed = ET.fromstring(atom(atlas, history(repo), "Atlas"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    titles = [e.findtext("a:title", namespaces=ns) for e in entries]
    # What changed in the record, not the commit's message.
    assert titles[0] == "Changed: vLLM (system)"
    assert entries[0].findtext("a:summary", namespaces=ns) == "Changed in vLLM: Status."
    assert "Added: vLLM (system)" in titles
    assert len(titles) == 14
    links = {e.find("a:link", ns).get("href") for e in entries}
    assert "frameworks/vllm/" in links
    # A change of layout only is not news.
    vllm.write_text(vllm.read_text("utf-8") + "\n")
    _git(repo, *ident, "commit", "-qam", "vLLM: trailing newline")
    assert len(history(repo)) == 14
    zh = ET.fromstring(atom(atlas, history(repo), "Atlas", "zh"))
    first = zh.find("a:entry", ns)
    assert first.findtext("a:title", namespaces=ns) == "更新：vLLM（系统）"
    assert first.findtext("a:summary", namespaces=ns) == "vLLM 更新了：状态。"
    assert first.find("a:link", ns).get("href") == "zh/frameworks/vllm/"


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(GOOD, repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    return repo


def test_diff_shows_a_record_that_no_longer_parses_as_changed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    vllm = repo / "frameworks" / "vllm.yaml"
    vllm.write_text(vllm.read_text("utf-8").replace("name: vLLM", "name: vLLM: next"), "utf-8")
    (repo / "glossary" / "tpot.yaml").write_text("id: tpot\nterm: 'TPOT\n", "utf-8")
    result = run_cli("--root", str(repo), "diff", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "## Atlas changes against `HEAD`\n\n"
        "**1 added**, **0 removed**, **1 changed**; relations: **+0**, **-0**\n\n"
        "### Added\n\n"
        "- `glossary/tpot.yaml` (cannot be read: 2:7: invalid YAML: this quoted text is never "
        "closed; add the closing ' (or remove the opening one); run `infra-atlas check`)\n\n"
        "### Changed\n\n"
        "- `frameworks/vllm.yaml`: cannot be read (3:11: invalid YAML: mapping values are not "
        "allowed in this context (text that contains ': ' must be quoted); run "
        "`infra-atlas check`); its relations are left out of this summary\n"
    )


def test_diff_names_a_missing_relation_target(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    model = repo / "models" / "opt-175b.yaml"
    model.write_text(
        model.read_text("utf-8").replace("checked:", "relations:\n  - type: uses\nchecked:"),
        "utf-8",
    )
    result = run_cli("--root", str(repo), "diff", "HEAD")
    assert "None" not in result.stdout
    assert "### Relations added\n\n- opt-175b *uses* (no target)\n" in result.stdout
