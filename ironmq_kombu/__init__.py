"""ironmq-kombu: IronMQ as a kombu transport, and so as a Celery broker.

    app = Celery("proj", broker="ironmq://")            # credentials from iron.json / IRON_*
    app = Celery("proj", broker="ironmq://PROJECT_ID:TOKEN@mq-aws-eu-west-1-1.iron.io")

Installing `ironmq-sdk[celery]` registers the `ironmq` alias with kombu in every process
(see `_ironmq_kombu_alias`); importing this package does too. `broker_transport_options`:
`project_id`, `token`, `host`, `port`, `protocol`, `api_version`, `base_url`, `config_file`
(as for `IronMQ`; the URL wins over them, and they over iron.json and `IRON_*`),
`visibility_timeout` (the reservation timeout, default 60 s, renewed while a message is
held), `wait_time_seconds` (long-poll wait, 0-30, default 20), `queue_name_prefix`,
`native_delay` (default True: ETA/countdown tasks wait in IronMQ as delayed messages) and
`shutdown_timeout` (default 10 s to flush acknowledgements when a channel closes).

Direct and topic exchanges route by the bindings declared in the publishing process (as in
kombu's other virtual transports); fanout exchanges (Celery's remote control, broadcast
queues) raise `UnsupportedExchangeError`, and Celery's events (`-E`) are dropped.

Importing this package does not import kombu; its names load on first use.
"""

from __future__ import annotations

from ._alias import ALIAS, TARGET, install, register

TYPE_CHECKING = False  # `typing` costs start-up time, and this package loads at start-up
if TYPE_CHECKING:
    from typing import Any

    from ._channel import Channel, UnsupportedExchangeError
    from ._settings import Settings
    from ._transport import Transport

_LAZY = {
    "Channel": "._channel",
    "UnsupportedExchangeError": "._channel",
    "Settings": "._settings",
    "Transport": "._transport",
}

__all__ = [
    "ALIAS",
    "TARGET",
    "Channel",
    "Settings",
    "Transport",
    "UnsupportedExchangeError",
    "install",
    "register",
]

install()


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415

    try:
        loaded = import_module(module, __name__)
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.split(".")[0] not in ("kombu", "amqp", "vine"):
            raise
        raise ModuleNotFoundError(
            f"ironmq_kombu needs kombu: pip install 'ironmq-sdk[celery]' ({exc})", name=exc.name
        ) from None
    value = getattr(loaded, name)
    globals()[name] = value
    return value
