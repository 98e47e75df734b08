"""Client configuration, resolved the way Iron.io clients always have.

Highest precedence first:

1. arguments to the client;
2. the JSON file named by `config_file`;
3. `./iron.json` in the current directory;
4. `IRON_MQ_*` environment variables (`IRON_MQ_PROJECT_ID`, `IRON_MQ_TOKEN`, ...);
5. `IRON_*` environment variables (`IRON_PROJECT_ID`, `IRON_TOKEN`, ...);
6. `~/.iron.json`;
7. defaults: API version 3, and the version's default cluster over https:
   `mq-aws-us-east-1-1.iron.io` for v3, `mq-aws-us-east-1.iron.io` for v2 (api_version 1).

Keys: `project_id`, `token`, `host`, `protocol`, `port`, `api_version`, and `base_url`
(`cloud` is accepted as its legacy alias) giving scheme, host, port and an optional path
prefix as one URL. In a JSON file, top-level keys apply to every Iron.io product and an
`"iron_mq"` section overrides them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ._constants import API_VERSION, DEFAULT_HOST, DEFAULT_HOST_V2, DEFAULT_PORT, DEFAULT_PROTOCOL
from ._errors import ConfigurationError
from ._types import ApiVersion

KEYS = ("project_id", "token", "host", "protocol", "port", "api_version", "base_url")
"""Settings read from every source."""

PRODUCT = "iron_mq"
"""The product section of iron.json files and the `IRON_MQ_` environment prefix."""

_ALIASES = {"cloud": "base_url", "scheme": "protocol"}


@dataclass(frozen=True)
class ClientConfig:
    """Where and as whom the client talks to IronMQ."""

    project_id: str
    """The project id (24 hexadecimal characters on Iron.io)."""
    token: str
    """The OAuth token; sent as `Authorization: OAuth <token>` and never logged."""
    base_url: str
    """`scheme://host[:port][/prefix]`, without the `/3/projects/...` part."""
    api_version: ApiVersion = API_VERSION
    """The API spoken: 3 (IronMQ v3) or 1 (IronMQ v2); it picks the client's wire."""
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)
    """Where each setting in effect came from: `argument`, a JSON file's path, or an
    environment variable's name (`IRON_TOKEN`). Settings left at their default are absent;
    `base_url` is absent too when it was built from `host`, `protocol` and `port`."""

    def __repr__(self) -> str:
        return (
            f"ClientConfig(project_id={self.project_id!r}, token='***', "
            f"base_url={self.base_url!r}, api_version={self.api_version})"
        )


@dataclass
class _Source:
    name: str
    values: dict[str, Any]
    origins: dict[str, str] = field(default_factory=dict)
    """Per key, a finer name than `name` (which variable of an environment source)."""

    def origin(self, key: str) -> str:
        return self.origins.get(key, self.name)


def _normalise(raw: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for raw_key, value in raw.items():
        key = _ALIASES.get(raw_key, raw_key)
        if raw_key in _ALIASES and raw.get(key) not in (None, ""):
            continue  # the canonical name wins over its alias
        if key in KEYS and value is not None and value != "":
            out[key] = value
    return out


def _from_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"cannot read IronMQ configuration from {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path} must hold a JSON object")
    values = _normalise(data)
    section = data.get(PRODUCT)
    if isinstance(section, dict):
        values.update(_normalise(section))
    return values


def _from_env(env: Mapping[str, str], prefix: str) -> dict[str, Any]:
    aliases = {alias: env.get(f"{prefix}{alias.upper()}") for alias in _ALIASES}
    canonical = {key: env.get(f"{prefix}{key.upper()}") for key in KEYS}
    # canonical names win over their aliases (IRON_BASE_URL over IRON_CLOUD)
    return {**_normalise(aliases), **_normalise(canonical)}


def _env_names(env: Mapping[str, str], prefix: str, values: Mapping[str, Any]) -> dict[str, str]:
    """The variable that gave each of `values` (`_from_env`'s answer): canonical or alias."""
    alias_of = {key: alias for alias, key in _ALIASES.items()}
    return {
        key: f"{prefix}{key.upper()}"
        if env.get(f"{prefix}{key.upper()}")
        else f"{prefix}{alias_of[key].upper()}"
        for key in values
    }


def resolve_config(
    *,
    project_id: str | None = None,
    token: str | None = None,
    host: str | None = None,
    protocol: str | None = None,
    port: int | str | None = None,
    api_version: int | str | None = None,
    base_url: str | None = None,
    config_file: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    home: str | os.PathLike[str] | None = None,
) -> ClientConfig:
    """Resolve the configuration from arguments, files and environment (see the module doc).

    Args:
        env: the environment to read (default `os.environ`).
        cwd: where to look for `iron.json` (default the current directory).
        home: where to look for `.iron.json` (default the user's home).

    Raises:
        ConfigurationError: no project id or token was found, or a setting is invalid.
    """
    env = os.environ if env is None else env
    cwd_path = Path.cwd() if cwd is None else Path(cwd)
    home_path = Path.home() if home is None else Path(home)
    args = _normalise(
        {
            "project_id": project_id,
            "token": token,
            "host": host,
            "protocol": protocol,
            "port": port,
            "api_version": api_version,
            "base_url": base_url,
        }
    )
    sources = [_Source("arguments", args, dict.fromkeys(args, "argument"))]
    if config_file is not None:
        path = Path(config_file).expanduser()
        if not path.is_file():
            raise ConfigurationError(f"config_file {path} does not exist")
        sources.append(_Source(str(path), _from_file(path)))
    mq_env, iron_env = _from_env(env, "IRON_MQ_"), _from_env(env, "IRON_")
    sources += [
        _Source(str(cwd_path / "iron.json"), _from_file(cwd_path / "iron.json")),
        _Source("IRON_MQ_* environment variables", mq_env, _env_names(env, "IRON_MQ_", mq_env)),
        _Source("IRON_* environment variables", iron_env, _env_names(env, "IRON_", iron_env)),
        _Source(str(home_path / ".iron.json"), _from_file(home_path / ".iron.json")),
    ]

    def pick(key: str) -> tuple[Any, int]:
        for rank, source in enumerate(sources):
            if key in source.values:
                return source.values[key], rank
        return None, len(sources)

    looked = ", ".join(s.name for s in sources)
    resolved_project, _ = pick("project_id")
    resolved_token, _ = pick("token")
    if not resolved_project:
        raise ConfigurationError(
            f"No IronMQ project_id found. Looked in: {looked}. Pass project_id=, set "
            "IRON_PROJECT_ID, or add it to iron.json."
        )
    if not resolved_token:
        raise ConfigurationError(
            f"No IronMQ token found. Looked in: {looked}. Pass token=, set IRON_TOKEN, "
            "or add it to iron.json."
        )
    version, _ = pick("api_version")
    api_version = _api_version(version)
    url, url_rank = pick("base_url")
    parts = [pick(k) for k in ("host", "protocol", "port")]
    used = ["project_id", "token", "api_version"]
    # A one-URL base_url wins unless a more specific source set host, protocol or port.
    if url is None or any(rank < url_rank for value, rank in parts if value is not None):
        url = _build_url(*(value for value, _ in parts), api_version=api_version)
        used += ["host", "protocol", "port"]
    else:
        used.append("base_url")
    origins = {
        key: sources[rank].origin(key) for key in used if (rank := pick(key)[1]) < len(sources)
    }
    return ClientConfig(
        str(resolved_project),
        str(resolved_token),
        _check_url(str(url)),
        api_version,
        sources=origins,
    )


def _api_version(value: Any) -> ApiVersion:
    """The API version from a setting: 3 (the default) or 1 (IronMQ v2), as int or string."""
    text = "3" if value is None else str(value).strip()
    if text == "1":
        return 1
    if text != "3":
        raise ConfigurationError(
            f"api_version {value!r} is not supported: this SDK speaks IronMQ v3 (3) and "
            "IronMQ v2 (1). Remove api_version, or set it to 3 or 1."
        )
    return 3


def _build_url(host: Any, protocol: Any, port: Any, *, api_version: ApiVersion) -> str:
    scheme = str(protocol or DEFAULT_PROTOCOL)
    host = str(host or (DEFAULT_HOST if api_version == 3 else DEFAULT_HOST_V2))
    try:
        number = int(port) if port is not None else (DEFAULT_PORT if scheme == "https" else 80)
    except ValueError:
        raise ConfigurationError(f"port must be a number, not {port!r}") from None
    default = {"https": 443, "http": 80}.get(scheme)
    return f"{scheme}://{host}" if number == default else f"{scheme}://{host}:{number}"


_API_PATH = re.compile(r"/(?:1|3)(?:/projects(?:/.*)?)?/*$")
"""The API's own path at the end of a base URL: `/3`, `/1`, `/3/projects/{id}/...`."""


def _check_url(url: str) -> str:
    split = urlsplit(url)
    if split.scheme not in ("http", "https") or not split.netloc:
        raise ConfigurationError(f"base_url must be an http(s) URL, not {url!r}")
    api_path = _API_PATH.search(split.path)
    if api_path:
        # The SDK adds /3/projects/{project_id} itself: this would be a 404 on every call.
        server = f"{split.scheme}://{split.netloc}{split.path[: api_path.start()]}"
        raise ConfigurationError(
            f"base_url {url!r} ends in the API's path {api_path.group().rstrip('/')!r}: give "
            f"the server's address only, base_url={server!r} (the SDK adds "
            "/3/projects/{project_id} itself, and api_version picks /3 or /1)"
        )
    return url.rstrip("/")
