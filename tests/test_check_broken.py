"""The broken fixture tree: the complete list of errors, located, and no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, run_cli

BROKEN = FIXTURES / "broken"


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The broken tree outside git: which of two clashing records is newer is then decided by
    path alone, however much history the checkout has."""
    copy = tmp_path_factory.mktemp("broken") / "atlas"
    shutil.copytree(BROKEN, copy, ignore=shutil.ignore_patterns("expected.txt"))
    return copy


def test_every_error_of_the_broken_tree_is_reported_together(broken: Path) -> None:
    result = run_cli("--root", str(broken), "check")
    expected = (BROKEN / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_messages_have_the_path_line_col_shape(broken: Path) -> None:
    result = run_cli("--root", str(broken), "check")
    lines = result.stdout.splitlines()
    assert lines[-1].endswith("errors in 24 files")
    for line in lines[:-1]:
        path, line_no, col, rest = line.split(":", 3)
        assert (broken / path).exists()
        assert int(line_no) >= 1 and int(col) >= 1
        assert rest.startswith(" error: ")


def test_github_annotations_when_running_in_actions(broken: Path, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_cli("--root", str(broken), "check")
    assert (
        "::error file=models/unknown-ref.yaml,line=10,col=13::relations[0].target: unknown "
        "record 'deepspeedd' (did you mean 'deepspeed'?)"
    ) in result.stdout.splitlines()


def test_the_good_tree_passes() -> None:
    result = run_cli("--root", str(FIXTURES / "good"), "check")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("ok: 13 records")


def test_a_longer_cycle_reads_the_same_whatever_the_hash_seed(tmp_path, monkeypatch) -> None:
    # Python randomises the order of sets of strings per process; the message must not follow.
    shutil.copytree(FIXTURES / "good", tmp_path / "atlas")
    # A small cycle in a larger lineage: networkx then walks the cycle's nodes as a set.
    ring = ["ring-b", "ring-c", "ring-a"]
    chain = [f"chain-{i}" for i in range(8)]
    targets = {r: ring[(i + 1) % len(ring)] for i, r in enumerate(ring)}
    targets |= {c: ([*chain, "ring-a"])[i + 1] for i, c in enumerate(chain)}
    for record, target in targets.items():
        (tmp_path / "atlas" / "techniques" / f"{record}.yaml").write_text(
            "# yaml-language-server: $schema=../schema/technique.schema.json\n"
            f"id: {record}\nname: Record {record}\nsummary: Part of a lineage.\n"
            "year: 2020\ncategory: memory\nsources: [https://example.org/lineage]\n"
            f"relations:\n  - type: succeeds\n    target: {target}\n"
            "checked: 2026-11-24\n",
            "utf-8",
        )
    outputs = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        result = run_cli("--root", str(tmp_path / "atlas"), "check")
        assert "lineage cycle" in result.stdout, result.stdout
        outputs.add(result.stdout)
    assert len(outputs) == 1, outputs
    assert "lineage cycle ring-a -> ring-b -> ring-c -> ring-a" in outputs.pop()


def test_an_arxiv_id_may_be_announced_the_month_after_submission(tmp_path) -> None:
    atlas = tmp_path / "atlas"
    shutil.copytree(FIXTURES / "good", atlas)
    paper = atlas / "papers" / "kwon2023-pagedattention.yaml"
    text = paper.read_text("utf-8")
    verdicts = {}
    for date in ("2023-09-12", "2023-08-31", "2023-07-31", "2023-10-01"):
        paper.write_text(text.replace("date: 2023-09-12", f"date: {date}"), "utf-8")
        verdicts[date] = run_cli("--root", str(atlas), "check").stdout
    assert "error" not in verdicts["2023-09-12"] + verdicts["2023-08-31"]
    for date in ("2023-07-31", "2023-10-01"):
        assert (
            f"papers/kwon2023-pagedattention.yaml:7:7: error: date: {date} disagrees with arXiv id "
            "2309.06180 (announced 2023-09, so submitted that month or the one before)"
        ) in verdicts[date].splitlines()
