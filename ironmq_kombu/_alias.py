"""The `ironmq` kombu alias; the hook itself is the top-level `_ironmq_kombu_alias` module.

That module is what `ironmq_kombu.pth` imports at interpreter start-up (see its docstring);
this package re-exports it so that importing `ironmq_kombu` registers the alias too.
"""

from _ironmq_kombu_alias import ALIAS, TARGET, WATCHED, install, register, uninstall

__all__ = ["ALIAS", "TARGET", "WATCHED", "install", "register", "uninstall"]
