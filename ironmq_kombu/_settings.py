"""The transport's settings: the broker URL and `broker_transport_options`, checked once.

Credentials and host are resolved exactly as the SDK resolves them (arguments, iron.json,
`IRON_MQ_*`/`IRON_*` variables, ~/.iron.json); the URL and the transport options only add
arguments on top, the URL winning over the options.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from ironmq_sdk import ConfigurationError, resolve_config

SCHEME = "ironmq"
"""The URL scheme and kombu transport alias."""

# IronMQ v3's documented limits (reference: FACTS.md §2).
MAX_WAIT = 30
MAX_RESERVATION = 86_400
MAX_DELAY = 604_800
MAX_BATCH = 100

CLIENT_OPTIONS = ("project_id", "token", "host", "port", "protocol", "api_version", "base_url")
"""Transport options passed to the SDK client as they are."""


@dataclass(frozen=True)
class Settings:
    """What the transport needs to know, from the URL and the transport options."""

    client: dict[str, Any] = field(default_factory=dict)
    """Keyword arguments for `IronMQ`/`AsyncIronMQ` (the rest comes from iron.json or IRON_*)."""
    visibility_timeout: int = 60
    """Reservation timeout in seconds; the lease keeper renews it while a message is held."""
    wait: int = 20
    """Long-poll seconds of each reservation request (0-30)."""
    queue_name_prefix: str = ""
    """Prepended to every kombu queue name to give the IronMQ queue name."""
    native_delay: bool = True
    """Post Celery ETA/countdown tasks with an IronMQ delay, so no worker holds them meanwhile."""
    shutdown_timeout: float = 10.0
    """How long closing waits for pending acknowledgements and releases."""

    def queue_name(self, name: str) -> str:
        """The IronMQ queue that holds kombu queue `name`."""
        return self.queue_name_prefix + name

    @property
    def renew_after(self) -> float:
        """Seconds after which a held reservation is renewed (half of it)."""
        return self.visibility_timeout / 2


def _integer(options: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = options.get(key, default)
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not number.is_integer() or not low <= number <= high:
        raise ConfigurationError(
            f"broker_transport_options[{key!r}] must be a whole number of seconds from {low} "
            f"to {high}, not {value!r}"
        )
    return int(number)


def _url_arguments(url: str) -> dict[str, Any]:
    """`ironmq://PROJECT_ID:TOKEN@HOST[:PORT]` as SDK arguments (absent parts left out)."""
    parts = urlsplit(url)
    if parts.scheme != SCHEME:
        raise ConfigurationError(f"an IronMQ broker URL starts with {SCHEME}://, not {url!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ConfigurationError(
            "an IronMQ broker URL is ironmq://PROJECT_ID:TOKEN@HOST[:PORT]; put a path prefix "
            "in broker_transport_options['base_url'] and other settings in "
            "broker_transport_options"
        )
    try:
        port = parts.port
    except ValueError:
        raise ConfigurationError("the port of the IronMQ broker URL must be a number") from None
    found = {
        "project_id": unquote(parts.username) if parts.username else None,
        "token": unquote(parts.password) if parts.password else None,
        "host": parts.hostname,
        "port": port,
    }
    return {key: value for key, value in found.items() if value}


def settings_from(
    url: str | None,
    options: Mapping[str, Any],
    *,
    userid: str | None = None,
    password: str | None = None,
    port: int | None = None,
) -> Settings:
    """Settings from the connection's hostname (a URL or a bare host) and transport options.

    Args:
        url: `ironmq://...`, a bare host name, or None.
        options: `broker_transport_options` (keys the transport does not know are ignored:
            Celery keeps its own retry settings there too).
        userid: the connection's user id (the project id) when not in the URL.
        password: the connection's password (the token) when not in the URL.
        port: the connection's port when not in the URL.

    Raises:
        ConfigurationError: a setting is invalid, or no project id or token can be found.
    """
    client = {key: options[key] for key in CLIENT_OPTIONS if options.get(key) not in (None, "")}
    if "config_file" in options:
        client["config_file"] = options["config_file"]
    given = {"project_id": userid, "token": password, "port": port}
    client.update({key: value for key, value in given.items() if value})
    if url and "://" in url:
        client.update(_url_arguments(url))
    elif url:
        client["host"] = url
    resolve_config(**client)  # fail now, with the SDK's message, rather than at the first poll
    prefix = options.get("queue_name_prefix", "")
    if not isinstance(prefix, str):
        raise ConfigurationError("broker_transport_options['queue_name_prefix'] must be a string")
    timeout = options.get("shutdown_timeout", 10.0)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout < 0:
        raise ConfigurationError(
            "broker_transport_options['shutdown_timeout'] must be a number of seconds"
        )
    visibility = _integer(
        options, "visibility_timeout", options.get("reservation_timeout", 60), 1, MAX_RESERVATION
    )
    return Settings(
        client=client,
        visibility_timeout=visibility,
        wait=_integer(options, "wait_time_seconds", 20, 0, MAX_WAIT),
        queue_name_prefix=prefix,
        native_delay=bool(options.get("native_delay", True)),
        shutdown_timeout=float(timeout),
    )


def masked(url: str, include_password: bool, mask: str) -> str:
    """The broker URL with its token replaced by `mask` (unless `include_password`)."""
    parts = urlsplit(url)
    if include_password or not parts.password:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{user}:{mask}@{host}").geturl()
