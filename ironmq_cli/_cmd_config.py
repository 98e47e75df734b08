"""`ironmq config`: the configuration in effect, and where each setting came from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from ._output import Col
from ._state import State, output_options, pass_state

OPTION_OF = {
    "project_id": "--project-id",
    "token": "--token",
    "host": "--host",
    "base_url": "--base-url",
    "api_version": "--api-version",
}


def mask(token: str) -> str:
    """The token with all but its last four characters hidden (all of a short one)."""
    if len(token) <= 8:
        return "*" * len(token)
    return "*" * 8 + token[-4:]


def origin(sources: Mapping[str, str], key: str) -> str:
    """Where one setting came from, in the command line's words."""
    where = sources.get(key)
    if where is None:
        return "default"
    if where == "argument":
        return f"{OPTION_OF.get(key, key)} option"
    return where


def url_origin(sources: Mapping[str, str]) -> str:
    """Where base_url came from: one source, or the host, protocol and port it was built from."""
    if "base_url" in sources:
        return origin(sources, "base_url")
    given = [
        f"{key} from {origin(sources, key)}"
        for key in ("host", "protocol", "port")
        if key in sources
    ]
    return "built from " + ("; ".join(given) + "; the rest default" if given else "defaults")


@click.command("config")
@click.option("--check", is_flag=True, help="Also ask the server whether it accepts them.")
@output_options
@pass_state
def config(state: State, check: bool) -> None:
    """Show the settings in effect (token masked) and where each came from.

    Settings are resolved as the SDK does, highest first: options, --config-file,
    ./iron.json, IRON_MQ_* then IRON_* variables, ~/.iron.json, defaults.
    """
    resolved = state.resolve()
    sources = dict(resolved.sources)
    # ClientConfig gains api_version with v2 support; until then the SDK speaks only 3.
    api_version = int(getattr(resolved, "api_version", 3))
    record: dict[str, Any] = {
        "project_id": resolved.project_id,
        "token": mask(resolved.token),
        "base_url": resolved.base_url,
        "api_version": api_version,
        "sources": {
            "project_id": origin(sources, "project_id"),
            "token": origin(sources, "token"),
            "base_url": url_origin(sources),
            "api_version": origin(sources, "api_version"),
        },
    }
    if check:
        state.client().queues(per_page=1)
        record["accepted"] = True
    if state.out.machine:
        state.out.line(record)
        return
    rows = [
        {"setting": key, "value": record[key], "source": record["sources"][key]}
        for key in ("project_id", "token", "base_url", "api_version")
    ]
    state.out.rows(
        rows,
        [Col("setting", "setting", style="bold"), Col("value", "value"), Col("source", "from")],
        empty="",
    )
    if check:
        state.out.say(f"The server at {resolved.base_url} accepts these credentials.")


COMMANDS = [config]
