"""Deferred import of the generated-client adapter, to keep `import ironmq_sdk` quick.

`_wire` imports every generated model and endpoint module (about a third of the SDK's
import time); most programs need them only once they make their first call.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands in for a module and imports it on first attribute access.

    `importlib.import_module` holds the import lock, so concurrent first uses from several
    threads import the module once.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attribute)
