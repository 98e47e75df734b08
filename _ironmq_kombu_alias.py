"""Start-up hook of ironmq-sdk: make kombu know the `ironmq://` transport alias.

kombu finds transports only in its `kombu.transport.TRANSPORT_ALIASES` dict (it reads no
entry points for transports), and Celery takes the broker URL's scheme as that alias. So
that `broker_url = "ironmq://"` works in any process without importing `ironmq_kombu`
first, the wheel ships `ironmq_kombu.pth`, which imports this module at interpreter
start-up. It is a top-level module of its own (as virtualenv's `_virtualenv.py`) so that
start-up imports nothing else of ours: no package, no `typing`, no `__future__`. Until
kombu.transport is imported, the cost is one string comparison per import.

PYTEST_DONT_REWRITE: pytest marks every module of a distribution that provides a plugin
(ours does: the `ironmq` fixture) for assertion rewriting, and would warn in every user's
test run that this one was imported before it could be rewritten. It has no assertions.
"""

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Any

ALIAS = "ironmq"
"""The URL scheme: `broker_url = "ironmq://..."`."""
TARGET = "ironmq_kombu:Transport"
"""What kombu imports for the alias (also usable as `broker_transport`)."""
WATCHED = "kombu.transport"


def register(module: "Any" = None) -> None:
    """Add the `ironmq` alias to kombu (importing kombu.transport unless it is given)."""
    if module is None:
        import kombu.transport as module  # noqa: PLC0415  # only when asked

    module.TRANSPORT_ALIASES.setdefault(ALIAS, TARGET)


class _Loader:
    """Runs the real loader of kombu.transport, then registers the alias."""

    def __init__(self, loader: "Any") -> None:
        self._loader = loader

    def create_module(self, spec: "ModuleSpec") -> "ModuleType | None":
        result: ModuleType | None = self._loader.create_module(spec)
        return result

    def exec_module(self, module: "ModuleType") -> None:
        self._loader.exec_module(module)
        register(module)


class _Finder:
    """Spots the import of kombu.transport; every other import passes through untouched."""

    def find_spec(
        self, fullname: str, path: "Sequence[str] | None", target: "ModuleType | None" = None
    ) -> "ModuleSpec | None":
        if fullname != WATCHED:
            return None
        uninstall()
        from importlib.machinery import PathFinder  # noqa: PLC0415  # only once kombu loads

        spec = PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)  # type: ignore[assignment]
        return spec


_FINDER = _Finder()


def install() -> None:
    """Register now if kombu.transport is loaded, else as soon as it is (the .pth file)."""
    try:
        module = sys.modules.get(WATCHED)
        if module is not None:
            register(module)
        elif _FINDER not in sys.meta_path:
            sys.meta_path.insert(0, _FINDER)
    except Exception:  # never break interpreter start-up over an alias
        pass


def uninstall() -> None:
    """Remove the import hook (it fires once)."""
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)


install()
