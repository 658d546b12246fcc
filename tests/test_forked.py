"""Editions rendered in forked copies give what one process gives, in order; a failure in a
copy shows as the same error raised here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from infra_atlas.forked import map_shared


def test_results_come_back_in_order_from_the_copies() -> None:
    pids = map_shared(lambda n: (n, os.getpid()), [1, 2, 3])
    assert [n for n, _ in pids] == [1, 2, 3]
    assert pids[0][1] == os.getpid()
    assert len({pid for _, pid in pids}) == 3  # each item but the first in a copy of its own


def test_large_results_pass_the_pipe_whole() -> None:
    big = map_shared(lambda n: {f"page-{i}": "x" * 1000 * n for i in range(500)}, [1, 2])
    assert big[1]["page-499"] == "x" * 2000 and len(big[1]) == 500


def test_an_error_in_a_copy_is_raised_here() -> None:
    def edition(lang: str) -> str:
        if lang == "zh":
            raise ValueError("no translation for 'x'")
        return lang

    with pytest.raises(ValueError, match="no translation"):
        map_shared(edition, ["en", "zh"])


def test_an_error_here_leaves_no_copy_behind() -> None:
    """This process's own item fails while a copy holds a result larger than a pipe buffer:
    the copy is ended and reaped, not left blocked on its write."""

    def edition(lang: str) -> str:
        if lang == "en":
            raise ValueError("broken record")
        return "x" * 1_000_000

    before = _children()
    with pytest.raises(ValueError, match="broken record"):
        map_shared(edition, ["en", "zh"])
    assert _children() <= before  # no copy left, running or unreaped


def _children() -> set[str]:
    """This process's child processes (other tests may have started some), zombies included."""
    return {
        pid
        for task in Path("/proc/self/task").iterdir()
        for pid in (task / "children").read_text().split()
    }
