"""IronMQ v2, path `/1/projects/{project_id}`: the only package that imports `ironmq_api_v2`.

Built like `v3/`: requests from the generated `_get_kwargs` and generated models (made with
`from_dict`, so model defaults never creep in), answers read with the generated models and
turned into the SDK's own values (`convert`), which are the same types as on v3. What a v2
answer lacks is decided in `convert`'s module doc.
"""

from __future__ import annotations

from .wire import CAPABILITIES, ERRORS, V2Wire

__all__ = ["CAPABILITIES", "ERRORS", "V2Wire"]
