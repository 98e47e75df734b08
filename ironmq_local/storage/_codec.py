"""How the SQLite store encodes header maps: a JSON object in a TEXT column (NULL for none)."""

from __future__ import annotations

import json

from ..domain.values import Headers


def dump_headers(headers: Headers | None) -> str | None:
    """Encode headers for a TEXT column."""
    return json.dumps(dict(headers)) if headers else None


def load_headers(text: str | None) -> dict[str, str] | None:
    """Decode a TEXT column of headers."""
    return json.loads(text) if text else None
