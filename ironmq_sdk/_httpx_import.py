"""Import httpx without its command-line client, which the SDK never uses.

httpx (0.28) runs `from ._main import main` on `import httpx`, and `httpx._main` imports
click, rich and pygments whenever they are installed, as `ironmq-sdk[cli]` installs them:
about 90 ms, more than httpx itself, on every `import ironmq_sdk` of such an install.
So while httpx is being imported for the SDK, `httpx._main` is a stand-in whose `main`
loads the real one when first used (`httpx.main` keeps working); the stand-in is gone
from `sys.modules` right after, so a later `import httpx._main` gets the real module.
Nothing changes when httpx was imported already. `ironmq_sdk/__init__.py` imports this
module first.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_MAIN = "httpx._main"


class _LazyMain:
    """`httpx.main` (a click command), imported on first use."""

    def _load(self) -> Any:
        try:
            main = importlib.import_module(_MAIN).main
        except ImportError:  # what httpx does without its CLI's packages
            main = _missing
        httpx = sys.modules.get("httpx")
        if httpx is not None and getattr(httpx, "main", None) is self:
            httpx.main = main  # type: ignore[attr-defined]  # the real one from now on
        return main

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._load()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._load(), name)


def _missing(*args: Any, **kwargs: Any) -> None:
    print(
        "The httpx command line client could not run because the required dependencies "
        "were not installed.\nMake sure you've installed everything with: "
        "pip install 'httpx[cli]'"
    )
    sys.exit(1)


def _import_httpx() -> None:
    if "httpx" in sys.modules or _MAIN in sys.modules:
        return
    stand_in = types.ModuleType(_MAIN, "httpx's command line, imported when first used")
    stand_in.main = _LazyMain()  # type: ignore[attr-defined]
    sys.modules[_MAIN] = stand_in
    try:
        importlib.import_module("httpx")
    finally:
        if sys.modules.get(_MAIN) is stand_in:
            del sys.modules[_MAIN]


_import_httpx()  # on import: the package imports this module before any that uses httpx
