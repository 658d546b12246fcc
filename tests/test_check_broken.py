"""The broken fixture tree: the complete list of errors, located, and no traceback."""

from __future__ import annotations

from helpers import FIXTURES, run_cli

BROKEN = FIXTURES / "broken"


def test_every_error_of_the_broken_tree_is_reported_together() -> None:
    result = run_cli("--root", str(BROKEN), "check")
    expected = (BROKEN / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_messages_have_the_path_line_col_shape() -> None:
    result = run_cli("--root", str(BROKEN), "check")
    lines = result.stdout.splitlines()
    assert lines[-1].endswith("errors in 21 files")
    for line in lines[:-1]:
        path, line_no, col, rest = line.split(":", 3)
        assert (BROKEN / path).exists()
        assert int(line_no) >= 1 and int(col) >= 1
        assert rest.startswith(" error: ")


def test_github_annotations_when_running_in_actions(monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_cli("--root", str(BROKEN), "check")
    assert (
        "::error file=models/unknown-ref.yaml,line=10,col=13::relations[0].target: unknown "
        "record 'deepspeedd' (did you mean 'deepspeed'?)"
    ) in result.stdout.splitlines()


def test_the_good_tree_passes() -> None:
    result = run_cli("--root", str(FIXTURES / "good"), "check")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("ok: 12 records")
