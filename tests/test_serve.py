"""`mkdocs serve` rebuilds when a record file outside docs/ is saved."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from helpers import FIXTURES, make_project


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


def test_saving_a_record_rebuilds_its_page(tmp_path: Path) -> None:
    project = make_project(FIXTURES / "good", tmp_path / "project")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/frameworks/vllm/"
        assert _wait_for(url, "vLLM", 60), "the served site never came up"
        record = project / "frameworks" / "vllm.yaml"
        record.write_text(
            record.read_text("utf-8").replace("name: vLLM", "name: vLLM Renamed"), "utf-8"
        )
        assert _wait_for(url, "vLLM Renamed", 60), "the page was not rebuilt after the save"
    finally:
        server.terminate()
        server.wait(timeout=20)
