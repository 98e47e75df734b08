"""The wires: one per IronMQ API version, the only code that imports `generated/`.

`wire_for(api_version, project_id)` gives the client its version's `Wire` (see `base`);
the version's module, and with it the generated client (about a third of the SDK's import
time), is imported then, so `import ironmq_sdk` stays quick.

Adding an API version is an addition here: a module implementing `Wire` over its
generated package, one line in `wire_for`, and its number in `_config`.
"""

from __future__ import annotations

from .._errors import ConfigurationError
from .._types import ApiVersion
from .base import Capabilities, Page, Settings, Wire

__all__ = ["Capabilities", "Page", "Settings", "Wire", "wire_for"]


def wire_for(api_version: ApiVersion, project_id: str) -> Wire:
    """The wire of `api_version` for the project `project_id`.

    Raises:
        ConfigurationError: the SDK has no wire for that version.
    """
    if api_version == 3:
        from .v3 import V3Wire  # noqa: PLC0415  # deferred: it imports the generated client

        return V3Wire(project_id)
    # Issue 11: `if api_version == 1: from .v2 import V2Wire; return V2Wire(project_id)`.
    raise ConfigurationError(f"this SDK has no wire for api_version {api_version}")
