"""Dates are "in the future" only when they are after today everywhere on Earth (UTC+14), so a
record dated today passes wherever it is written and wherever it is checked."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from helpers import edit

# POSIX zone names count west as positive: Etc/GMT-14 is UTC+14, Etc/GMT+12 is UTC-12.
EARLIEST, LATEST = "Etc/GMT+12", "Etc/GMT-14"


def _cli(root: Path, tz: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "infra_atlas.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TZ": tz},
    )


def _latest_today() -> date:
    return (datetime.now(UTC) + timedelta(hours=14)).date()


def test_the_date_new_writes_at_utc_plus_14_passes_a_check_at_utc_minus_12(atlas: Path) -> None:
    # The morning in Shanghai (or anywhere east) is the day before in UTC, where CI runs.
    assert _cli(atlas, LATEST, "new", "technique", "written-east").returncode == 0
    written = re.search(
        r"(?m)^checked: (\S+)", (atlas / "techniques/written-east.yaml").read_text()
    )
    assert written
    (atlas / "techniques/written-east.yaml").unlink()
    edit(atlas / "frameworks/vllm.yaml", "checked: 2026-11-24", f"checked: {written[1]}")
    result = _cli(atlas, EARLIEST, "check")
    assert result.returncode == 0, result.stdout


def test_a_day_after_today_everywhere_is_in_the_future(atlas: Path) -> None:
    tomorrow = (_latest_today() + timedelta(days=1)).isoformat()
    edit(atlas / "frameworks/vllm.yaml", "checked: 2026-11-24", f"checked: {tomorrow}")
    result = _cli(atlas, LATEST, "check")
    assert result.stdout.splitlines()[0] == (
        f"frameworks/vllm.yaml:29:10: error: checked: '{tomorrow}' is in the future"
    )


@pytest.mark.parametrize(
    ("field", "old", "new", "message"),
    [
        ("year", "year: 2023", "year: {year}", "year: {year} is in the future"),
        ("date", "date: 2023-09-12", "date: {year}-01", "date: '{year}-01' is in the future"),
    ],
)
def test_a_year_or_date_after_this_year_is_in_the_future(
    atlas: Path, field: str, old: str, new: str, message: str
) -> None:
    year = _latest_today().year + 1
    paper = atlas / "papers/kwon2023-pagedattention.yaml"
    edit(paper, old, new.format(year=year))
    edit(paper, 'arxiv: "2309.06180"\n', "")
    result = _cli(atlas, EARLIEST, "check")
    assert message.format(year=year) in result.stdout, result.stdout
