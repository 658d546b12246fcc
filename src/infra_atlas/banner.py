"""Under `mkdocs serve`: the records' errors on every page served, while they last.

When the records have errors, serve shows the last site that built (a failed build would leave
every request waiting); each HTML page is served with a banner listing the errors. The banner is
added as pages are served, never written into the site, so the files stay those a build gives.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from infra_atlas.diagnostics import Diagnostic, summary_line

App = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:.8em 1.2em;background:#b71c1c;"
    "color:#fff;font:14px/1.5 monospace;max-height:50vh;overflow:auto;white-space:pre-wrap"
)


def banner(errors: list[Diagnostic]) -> bytes:
    lines = "\n".join(html.escape(d.format()) for d in errors)
    return (
        f'<div id="infra-atlas-errors" role="alert" style="{_STYLE}">'
        f"<strong>The atlas has {summary_line(errors)}</strong>: this is the last site that "
        "built. Fix them and save; the page reloads.\n"
        f"{lines}</div>"
    ).encode()


def with_banner(app: App, errors: Callable[[], list[Diagnostic]]) -> App:
    """`app` (MkDocs' live-reload server), with the banner on its HTML pages while `errors`
    returns any."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        response: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            response.update(status=status, headers=headers, args=args)
            return lambda data: None  # the body is returned, never written through this

        body = app(environ, capture)
        headers = response.get("headers", [])
        current = errors()
        is_html = any(k.lower() == "content-type" and "text/html" in v for k, v in headers)
        if not current or not is_html:
            start_response(response["status"], headers, *response["args"])
            return body
        content = b"".join(body)
        getattr(body, "close", lambda: None)()
        at = content.find(b">", content.find(b"<body")) + 1 if b"<body" in content else 0
        content = content[:at] + banner(current) + content[at:]
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(
            response["status"], [*headers, ("Content-Length", str(len(content)))], *response["args"]
        )
        return [content]

    return serve
