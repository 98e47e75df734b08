"""What the server prints once it listens: where it is, with which credentials and database,
and the lines to paste so the SDK, the `ironmq` CLI and legacy Iron.io clients find it."""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from urllib.parse import urlsplit

from ..settings import BANNER

_WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def client_host(url: str) -> tuple[str, int]:
    """The host and port a client on this machine connects to (not a wildcard address)."""
    split = urlsplit(url)
    host = split.hostname or ""
    return _WILDCARDS.get(host, host), split.port or 80


def exports(url: str, project_id: str, token: str) -> str:
    """`export IRON_...=...` for one project: read by this SDK, `ironmq`, iron_mq 0.9 (PyPI
    and npm) alike, which all know IRON_HOST/IRON_PORT/IRON_PROTOCOL."""
    host, port = client_host(url)
    pairs = {
        "IRON_PROJECT_ID": project_id,
        "IRON_TOKEN": token,
        "IRON_PROTOCOL": urlsplit(url).scheme,
        "IRON_HOST": host,
        "IRON_PORT": str(port),
    }
    return "export " + " ".join(f"{k}={shlex.quote(v)}" for k, v in pairs.items())


def banner(
    url: str, credentials: Mapping[str, str], db: str, *, created: bool, control: bool
) -> list[str]:
    """The banner's lines; the first is `ironmq-local listening on URL` (the harness waits
    for it)."""
    if db == ":memory:":
        where = "in memory (gone when the server stops)"
    else:
        where = f"{os.path.abspath(db)} ({'created' if created else 'existing'})"
    lines = [f"{BANNER}{url}", f"  database:    {where}"]
    for project_id, token in credentials.items():
        lines.append(f"  project_id:  {project_id}  token: {token}")
    first_project = next(iter(credentials))
    lines.append(f"  v3 API:      {url}/3/projects/{first_project}")
    lines.append(f"  v2 API:      {url}/1/projects/{first_project}  (api_version=1 clients)")
    lines.append(f"  about:       {url}/  (API base URLs, OpenAPI descriptions)")
    lines.append(f"  dashboard:   {url}/dashboard  (queues and messages in the browser)")
    if control:
        lines.append(f"  control API: {url}/_local/  (reset, clock, faults)")
    lines += [
        "Point the SDK, the ironmq CLI and iron_mq clients at it by pasting:",
        "  " + exports(url, first_project, credentials[first_project]),
        "Stop with Ctrl+C.",
    ]
    return lines
