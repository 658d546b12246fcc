"""A real browser (Debian's chromium, driven by playwright) against the built site on 127.0.0.1.

Every request a page makes is recorded, and a test fails if any leaves 127.0.0.1 or if the page
logs a JavaScript error. Missing chromium fails the run: CI must install it, not skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from localsite import ARGS, CHROMIUM, serve


@pytest.fixture(scope="session")
def site_url(real_site: Path) -> Iterator[str]:
    server, url = serve(real_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"chromium not found at {CHROMIUM}: run scripts/deps tests, which installs Debian's "
            "package with apt; browser tests never skip"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    pg.on(
        "console",
        lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    yield pg
    context.close()
    foreign = sorted(
        {
            u
            for u in requests
            if urlsplit(u).scheme not in {"data", "blob"} and urlsplit(u).hostname != "127.0.0.1"
        }
    )
    assert foreign == [], "requests left 127.0.0.1"
    assert errors == []
