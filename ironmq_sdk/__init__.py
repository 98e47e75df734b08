"""ironmq-sdk: a typed Python client for IronMQ, over a client generated from its OpenAPI spec."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
