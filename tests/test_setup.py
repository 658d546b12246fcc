"""Set-up as the README gives it: a virtual environment, two commands, one ruff everywhere, and
a script that gets the Debian packages the tests need."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import yaml
from helpers import ROOT

SCRIPT = ROOT / "scripts" / "deps"


def _readme_commands() -> list[str]:
    block = re.search(r"## Set-up\n.*?```bash\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block, "README has no Set-up commands"
    return [ln for ln in block[1].splitlines() if ln and not ln.startswith("#")]


def test_the_readme_creates_a_virtual_environment_then_gives_two_commands() -> None:
    venv, serve, test = _readme_commands()
    assert venv.startswith("python3 -m venv .venv")
    assert serve == "pip install -e . && scripts/deps site && mkdocs serve --dirty"
    assert test == "pip install -e '.[test]' && scripts/deps tests && python -m pytest"
    # CI runs the README's test command verbatim.
    assert test in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert ".venv/" in (ROOT / ".gitignore").read_text("utf-8").splitlines()


def test_one_ruff_version_everywhere() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]["test"]
    (pin,) = [e for e in extras if e.startswith("ruff")]
    assert re.fullmatch(r"ruff==\d+\.\d+\.\d+", pin), pin
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))["repos"]
    (ruff,) = [h for h in hooks if h["repo"].endswith("ruff-pre-commit")]
    assert ruff["rev"] == "v" + pin.removeprefix("ruff==")
    # CI gets ruff from the test extra only, never a separate, unpinned install.
    for path in [ROOT / ".ci" / "run", *(ROOT / ".github" / "workflows").glob("*.yml")]:
        assert not re.search(r"pip3? install[^\n]*\bruff\b", path.read_text("utf-8")), path


def _fakes(tmp_path: Path, *, apt_works: bool) -> dict[str, str]:
    """apt-get, dpkg-query and id stand-ins: what apt 'installs' is recorded in tmp_path."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    scripts = {
        "id": "echo 0",
        "apt-get": f'echo "$@" >> {tmp_path}/apt.log\n'
        + ("" if apt_works else '[ "$1" = install ] && exit 100\n')
        + f'for p in "$@"; do echo "$p" >> {tmp_path}/installed; done\n'
        + f"grep -qx chromium {tmp_path}/installed 2>/dev/null && "
        + f"printf '#!/bin/sh\\n' > {tmp_path}/chromium && chmod +x {tmp_path}/chromium\n"
        + "exit 0",
        "dpkg-query": f"grep -qx fonts-noto-cjk {tmp_path}/installed 2>/dev/null "
        "&& printf 'install ok installed'",
    }
    for name, body in scripts.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "CHROMIUM": str(tmp_path / "chromium"),
    }


def _run(env: dict[str, str], what: str = "tests") -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), what], capture_output=True, text=True, env=env, check=False)


def test_test_deps_installs_what_is_missing_with_apt(tmp_path: Path) -> None:
    env = _fakes(tmp_path, apt_works=True)
    result = _run(env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "apt.log").read_text().splitlines() == [
        "update -qq",
        "install -y -qq chromium fonts-noto-cjk",
    ]
    # Once they are there, nothing more is installed.
    (tmp_path / "apt.log").unlink()
    assert _run(env).returncode == 0
    assert not (tmp_path / "apt.log").exists()


def test_test_deps_fails_loudly_when_it_cannot_install(tmp_path: Path) -> None:
    result = _run(_fakes(tmp_path, apt_works=False))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-3:] == [
        "error: the tests need these Debian packages: chromium fonts-noto-cjk",
        "error: apt-get could not install chromium fonts-noto-cjk",
        "install them with: sudo apt-get install chromium fonts-noto-cjk",
    ]


def test_the_site_needs_only_the_cjk_font(tmp_path: Path) -> None:
    env = _fakes(tmp_path, apt_works=True)
    assert _run(env, "site").returncode == 0
    assert (tmp_path / "apt.log").read_text().splitlines() == [
        "update -qq",
        "install -y -qq fonts-noto-cjk",
    ]


def test_contributing_describes_every_kind_and_relation_type() -> None:
    from infra_atlas.model import KINDS, RELATION_TYPES

    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    assert [f for f in KINDS if f"`{f}/`" not in text] == []
    assert [t for t in RELATION_TYPES if f"`{t}`" not in text] == []
