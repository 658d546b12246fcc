"""`mkdocs serve` rebuilds when a record file outside docs/ is saved; with `--dirty` it renders
only the pages the save touched and still serves exactly the site a full build gives."""

from __future__ import annotations

import gc
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers import FIXTURES, build_site, edit, make_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, needle: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if needle in response.read().decode("utf-8"):
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


class Server:
    """A `mkdocs serve` process whose log is collected line by line."""

    def __init__(self, project: Path, port: int, *flags: str) -> None:
        self.log: list[str] = []
        # MkDocs serves from a folder it makes with tempfile; a TMPDIR of our own finds it.
        self.tmp = project.parent / "serve-tmp"
        self.tmp.mkdir()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(self.tmp)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *flags],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line.rstrip())

    def builds(self) -> int:
        # The plugin's report is the last thing a build does (after the search index is written).
        return sum("infra-atlas: rendered" in line for line in self.log)

    def wait_for_build(self, count: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        # Files saved before the server watches them (it starts after the first build) are missed.
        while self.builds() < count or not any("Serving on" in line for line in self.log):
            assert time.monotonic() < deadline, "no rebuild after the save:\n" + "\n".join(self.log)
            assert self.process.poll() is None, "mkdocs serve exited:\n" + "\n".join(self.log)
            time.sleep(0.1)

    def site(self) -> Path:
        (folder,) = self.tmp.glob("mkdocs_*")
        return folder

    def rendered(self) -> tuple[int, int]:
        """Pages rendered by the last build, and pages in all, as the plugin logged them."""
        lines = [line for line in self.log if "infra-atlas: rendered" in line]
        match = re.search(r"rendered (\d+) of (\d+) pages", lines[-1])
        assert match, lines[-1]
        return int(match[1]), int(match[2])


@contextmanager
def serving(project: Path, *flags: str) -> Iterator[tuple[Server, int]]:
    port = _free_port()
    server = Server(project, port, *flags)
    try:
        yield server, port
    finally:
        server.process.terminate()
        server.process.wait(timeout=20)


def _serve_at(config: Path, port: int) -> None:
    """Give mkdocs.yml the address serve uses, so a full build makes the same absolute URLs."""
    text = re.sub(r"(?m)^site_url:.*$", "", config.read_text("utf-8"))
    config.write_text(f"site_url: http://127.0.0.1:{port}/\n" + text, "utf-8")


def _differences(served: Path, built: Path) -> list[str]:
    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    a, b = files(served), files(built)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def test_saving_a_record_rebuilds_its_page(tmp_path: Path) -> None:
    project = make_project(FIXTURES / "good", tmp_path / "project")
    with serving(project) as (_, port):
        url = f"http://127.0.0.1:{port}/frameworks/vllm/"
        assert _wait_for(url, "vLLM", 60), "the served site never came up"
        edit(project / "frameworks" / "vllm.yaml", "name: vLLM", "name: vLLM Renamed", count=1)
        assert _wait_for(url, "vLLM Renamed", 60), "the page was not rebuilt after the save"


def test_dirty_serve_renders_only_touched_pages_and_matches_a_full_build(tmp_path: Path) -> None:
    project = make_project(FIXTURES / "good", tmp_path / "project")
    port = _free_port()
    # The served site is built for its serve address; give the full build the same one.
    config = project / "mkdocs.yml"
    _serve_at(config, port)
    edits = [
        # (file, old, new, whether every page must be rendered again)
        ("techniques/paged-attention.yaml", "summary: ", "summary: Edited once. ", False),
        ("frameworks/vllm.yaml", "name: vLLM", "name: vLLM Renamed", False),
        # Changes "About the data", whose sidebar neighbour (docs/about.md) is not rendered.
        ("frameworks/vllm.yaml", "checked: 2026-11-24", "checked: 2026-11-20", False),
        # Glossary terms become tooltips: the pages that mention one are rendered again.
        ("glossary/ttft.yaml", "abbr: TTFT", "abbr: TTFTX", False),
        ("glossary/kv-cache.yaml", "definition: The keys", "definition: All the keys", False),
        ("mkdocs.yml", "site_name: LLM Infra Atlas", "site_name: LLM Infra Atlas Two", True),
    ]
    server = Server(project, port, "--dirty")
    try:
        server.wait_for_build(1)
        rendered, total = server.rendered()
        assert rendered == total
        for count, (name, old, new, everything) in enumerate(edits, start=2):
            edit(project / name, old, new, count=1)
            server.wait_for_build(count)
            rendered, total = server.rendered()
            assert (rendered == total) is everything, (name, rendered, total)
            built = build_site(project, tmp_path / f"full-{count}")
            assert built.returncode == 0, built.stderr
            assert _differences(server.site(), tmp_path / f"full-{count}") == [], name
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/frameworks/vllm/") as response:
            assert "vLLM Renamed" in response.read().decode("utf-8")
    finally:
        server.process.terminate()
        server.process.wait(timeout=20)


NEW_TECHNIQUE = """# yaml-language-server: $schema=../schema/technique.schema.json
id: chunked-prefill
name: Chunked prefill
summary: A long prompt's prefill is split into chunks scheduled beside decoding steps.
year: 2023
category: scheduling
sources: [https://arxiv.org/abs/2308.16369]
checked: 2026-11-24
"""


def _get(url: str) -> str:
    # A failed rebuild used to leave every request waiting for a good build: never wait long.
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_dirty_serve_shows_record_errors_and_recovers_without_a_full_rebuild(
    tmp_path: Path,
) -> None:
    project = make_project(FIXTURES / "good", tmp_path / "project")
    port = _free_port()
    config = project / "mkdocs.yml"
    _serve_at(config, port)
    vllm = project / "frameworks" / "vllm.yaml"
    page = f"http://127.0.0.1:{port}/frameworks/vllm/"
    server = Server(project, port, "--dirty")
    try:
        server.wait_for_build(1)
        # Broken: the last good site is served, with the errors on every page.
        edit(vllm, "year: 2023", "year: twenty", count=1)
        server.wait_for_build(2, timeout=60)
        html = _get(page)
        assert 'id="infra-atlas-errors"' in html
        assert "frameworks/vllm.yaml:5:7: error: year: &#x27;twenty&#x27; should be a whole" in html
        assert (
            "infra-atlas-errors" not in (server.site() / "frameworks/vllm/index.html").read_text()
        )
        # Fixed: only the pages the fix changed are rendered, and the banner is gone.
        edit(vllm, "year: twenty", "year: 2023", count=1)
        edit(vllm, "name: vLLM", "name: vLLM Fixed", count=1)
        server.wait_for_build(3, timeout=60)
        rendered, total = server.rendered()
        assert rendered < total
        html = _get(page)
        assert "vLLM Fixed" in html and "infra-atlas-errors" not in html
        # A new record: its page and the pages listing it, not the whole site.
        (project / "techniques" / "chunked-prefill.yaml").write_text(NEW_TECHNIQUE, "utf-8")
        server.wait_for_build(4, timeout=60)
        rendered, total = server.rendered()
        assert rendered < total, (rendered, total)
        assert "Chunked prefill" in _get(f"http://127.0.0.1:{port}/techniques/chunked-prefill/")
        built = build_site(project, tmp_path / "full")
        assert built.returncode == 0, built.stderr
        assert _differences(server.site(), tmp_path / "full") == []
    finally:
        server.process.terminate()
        server.process.wait(timeout=20)


def test_serve_started_on_broken_records_shows_the_last_site_built(tmp_path: Path) -> None:
    project = make_project(FIXTURES / "good", tmp_path / "project")
    assert build_site(project, tmp_path / "built").returncode == 0  # leaves its output cached
    edit(project / "frameworks" / "vllm.yaml", "year: 2023", "year: twenty", count=1)
    with serving(project, "--dirty") as (server, port):
        server.wait_for_build(1, timeout=60)
        html = _get(f"http://127.0.0.1:{port}/frameworks/vllm/")
        assert "frameworks/vllm.yaml:5:7: error: year: &#x27;twenty&#x27;" in html


def test_the_cycle_collector_waits_only_during_partial_rebuilds() -> None:
    """Held off for a rebuild after a good build (the last site in memory made it slow), let
    go for the first and for whole rebuilds (their garbage grows with the site), and always let
    go when the build ends or fails."""
    from infra_atlas.incremental import Incremental

    assert gc.isenabled()
    state = Incremental()
    try:
        state.hold_collector()  # the first build: nothing kept yet
        assert gc.isenabled()
        state.site_key = "a good build"
        state.hold_collector()
        assert not gc.isenabled()
        state.release_collector()
        assert gc.isenabled()
        state.hold_collector()
        state.fail()
        assert gc.isenabled() and state.site_key is None
    finally:
        gc.enable()
