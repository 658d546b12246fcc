"""A built site served on 127.0.0.1 and the chromium that reads it: one definition for the
browser tests, the benchmark and the search comparison, so all three measure the same browser.

Debian's chromium is used (set CHROMIUM to another build); playwright's own download is never
fetched, so CI installs exactly one browser, with apt.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# No sandbox (CI runs as root), no GPU, and nothing that would reach the network on its own:
# a request leaving 127.0.0.1 must come from the page under test.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` in a background thread; the server (shut it down when done) and the
    site's base URL, ending in a slash."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
