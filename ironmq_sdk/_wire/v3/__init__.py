"""IronMQ v3, path `/3/projects/{project_id}`: the only package that imports `ironmq_api_v3`.

Requests are built with the generated `_get_kwargs` from generated models (made with
`from_dict`, so that model defaults never creep into a request), and answers are parsed
with the generated models' `from_dict` and turned into the SDK's own value types
(`convert`). The HTTP itself is done by `_transport`, so retries, timeouts and errors stay
the SDK's.
"""

from __future__ import annotations

from .wire import CAPABILITIES, ERRORS, V3Wire

__all__ = ["CAPABILITIES", "ERRORS", "V3Wire"]
