"""Rendering: the Jinja2 templates of templates/, the filters they use, and the headers
every dashboard answer carries."""

from __future__ import annotations

import json
import time
from typing import Any

import jinja2
from starlette.responses import HTMLResponse

HEADERS = {
    # Everything comes from this server: no CDN, no inline script or style to allow.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",  # pages show live data, and may be behind a login
}


def when(at: float | None) -> str:
    """A moment of the server's clock as UTC date and time (to the second)."""
    if at is None:
        return "never"
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(at))


def span(seconds: float) -> str:
    """A duration in its two largest units, e.g. `6d 23h`, `4m 10s`, `12s`."""
    s = max(0, round(seconds))
    parts: list[str] = []
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)):
        if s >= size or (unit == "s" and not parts):
            parts.append(f"{s // size}{unit}")
            s %= size
    return " ".join(parts[:2])


def pretty(body: str) -> tuple[str, bool]:
    """A JSON object or array indented (and True), anything else as it is (and False)."""
    text = body.strip()
    if text[:1] in ("{", "["):
        try:
            return json.dumps(json.loads(text), indent=2, ensure_ascii=False), True
        except ValueError:
            pass
    return body, False


class Renderer:
    """The template environment (autoescaping on: every value is escaped unless marked)."""

    def __init__(self) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("ironmq_local.dashboard", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,  # a missing value is an error, not a blank
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(when=when, span=span, pretty=pretty)

    def html(self, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        """Render a page (or a fragment) with the dashboard's headers."""
        body = self.env.get_template(template).render(context)
        return HTMLResponse(body, status_code=status, headers=HEADERS)
