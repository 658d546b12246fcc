"""One mistake gives one message, on the file that has it.

Cross-record checks run on every record whose id can be read, so a field error in one record
does not make the records that point at it fail; a clash (same id, same name) is reported on the
file newer to the repository, naming the one it clashes with.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import edit, run_cli

IDENT = ["-c", "user.name=t", "-c", "user.email=t@example.org"]


def _messages(root: Path) -> list[str]:
    result = run_cli("--root", str(root), "check")
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout.splitlines()[:-1]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *IDENT, *args], cwd=root, check=True, capture_output=True)


def _commit(root: Path, message: str, date: str) -> None:
    _git(root, "add", "-A")
    subprocess.run(
        ["git", *IDENT, "commit", "-qm", message],
        cwd=root,
        check=True,
        capture_output=True,
        env={"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date, "PATH": "/usr/bin:/bin"},
    )


def test_a_field_error_does_not_fail_the_records_pointing_at_it(atlas: Path) -> None:
    paper = atlas / "papers" / "kwon2023-pagedattention.yaml"
    edit(paper, "authors: [Woosuk Kwon, Zhuohan Li]", "authors: Woosuk Kwon")
    assert _messages(atlas) == [
        "papers/kwon2023-pagedattention.yaml:8:10: error: authors: 'Woosuk Kwon' should be a list"
    ]


def test_a_file_that_does_not_parse_does_not_fail_the_records_pointing_at_it(atlas: Path) -> None:
    paper = atlas / "papers" / "kwon2023-pagedattention.yaml"
    edit(paper, "venue: SOSP 2023", "venue: SOSP: 2023")
    assert _messages(atlas) == [
        "papers/kwon2023-pagedattention.yaml:9:12: error: invalid YAML: mapping values are not "
        "allowed in this context (text that contains ': ' must be quoted)"
    ]


def test_a_records_own_reference_errors_show_with_its_field_errors(atlas: Path) -> None:
    technique = atlas / "techniques" / "paged-attention.yaml"
    edit(technique, "year: 2023", "year: twenty")
    edit(technique, "target: kwon2023-pagedattention", "target: kwon2023-pagedatention")
    assert _messages(atlas) == [
        "techniques/paged-attention.yaml:6:7: error: year: 'twenty' should be a whole number",
        "techniques/paged-attention.yaml:12:13: error: relations[0].target: unknown record "
        "'kwon2023-pagedatention' (did you mean 'kwon2023-pagedattention'?)",
    ]


def test_a_record_whose_only_source_is_wrong_is_still_checked_against_the_others(
    atlas: Path,
) -> None:
    technique = atlas / "techniques" / "paged-attention.yaml"
    edit(technique, "sources: [https://arxiv.org/abs/2309.06180]", "sources: [http://arxiv.org]")
    edit(technique, "target: kwon2023-pagedattention", "target: kwon2023-pagedatention")
    assert _messages(atlas) == [
        "techniques/paged-attention.yaml:9:11: error: sources[0]: 'http://arxiv.org' is not an "
        "https URL; use https://",
        "techniques/paged-attention.yaml:12:13: error: relations[0].target: unknown record "
        "'kwon2023-pagedatention' (did you mean 'kwon2023-pagedattention'?)",
    ]


def test_a_duplicate_id_is_one_error_and_leaves_the_other_records_alone(atlas: Path) -> None:
    _git(atlas, "init", "-q")
    _commit(atlas, "records", "2026-01-01T00:00:00Z")
    (atlas / "glossary" / "kwon2023-pagedattention.yaml").write_text(
        "# yaml-language-server: $schema=../schema/term.schema.json\n"
        "id: kwon2023-pagedattention\nterm: Paging for attention\n"
        "definition: A term that reuses a paper's id.\n"
        "sources: [https://example.org/paging]\nchecked: 2026-11-24\n",
        "utf-8",
    )
    assert _messages(atlas) == [
        "glossary/kwon2023-pagedattention.yaml:2:5: error: id 'kwon2023-pagedattention' is "
        "already used by papers/kwon2023-pagedattention.yaml; ids are unique across all kinds"
    ]


def _new_framework(root: Path, name: str, record_id: str = "aaa-engine") -> None:
    (root / "frameworks" / f"{record_id}.yaml").write_text(
        "# yaml-language-server: $schema=../schema/framework.schema.json\n"
        f"id: {record_id}\nname: {name}\nsummary: A new engine.\nyear: 2024\n"
        "category: serving\nsources: [https://example.org/engine]\nchecked: 2026-11-24\n",
        "utf-8",
    )


def test_a_duplicate_name_is_reported_on_the_file_not_yet_committed(atlas: Path) -> None:
    _git(atlas, "init", "-q")
    _commit(atlas, "records", "2026-01-01T00:00:00Z")
    _new_framework(atlas, "VLLM")  # sorts before frameworks/vllm.yaml
    assert _messages(atlas) == [
        "frameworks/aaa-engine.yaml:3:7: error: name: 'VLLM' is the same name as 'vLLM' of "
        "frameworks/vllm.yaml; merge the records or make the names distinct"
    ]


def test_a_duplicate_id_is_reported_on_the_file_committed_later(atlas: Path) -> None:
    _git(atlas, "init", "-q")
    _commit(atlas, "records", "2026-01-01T00:00:00Z")
    _new_framework(atlas, "Paged engine", "paged-attention")
    _commit(atlas, "a framework", "2026-02-01T00:00:00Z")
    assert _messages(atlas) == [
        "frameworks/paged-attention.yaml:2:5: error: id 'paged-attention' is already used by "
        "techniques/paged-attention.yaml; ids are unique across all kinds",
    ]


def test_outside_git_the_later_path_is_the_newer(atlas: Path) -> None:
    _new_framework(atlas, "VLLM", "zzz-engine")
    assert _messages(atlas) == [
        "frameworks/zzz-engine.yaml:3:7: error: name: 'VLLM' is the same name as 'vLLM' of "
        "frameworks/vllm.yaml; merge the records or make the names distinct"
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "vLLM",
            "relations[0].target: 'vLLM' must be a record id (kebab-case) (did you mean 'vllm', "
            "named 'vLLM'?)",
        ),
        (
            "TP",
            "relations[0].target: 'TP' must be a record id (kebab-case) (did you mean "
            "'tensor-parallelism', named 'TP'?)",
        ),
        (
            "tp",
            "relations[0].target: unknown record 'tp' (did you mean 'tensor-parallelism', named "
            "'TP'?)",
        ),
    ],
)
def test_a_target_written_as_a_name_suggests_the_id(atlas: Path, written: str, message) -> None:
    model = atlas / "models" / "opt-175b.yaml"
    edit(model, "checked:", f"relations:\n  - type: uses\n    target: {written}\nchecked:")
    assert _messages(atlas) == [f"models/opt-175b.yaml:15:13: error: {message}"]
