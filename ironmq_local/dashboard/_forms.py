"""The dashboard's forms: reading a urlencoded POST and turning its fields into the values
the domain (or the control API) takes, checked against the same limits as the v3 API."""

from __future__ import annotations

import urllib.parse
from typing import Any

from starlette.requests import Request

from ..domain.errors import InvalidArgument
from ..domain.values import NewMessage
from ..wire import fields as p
from ..wire.http import read_body
from ..wire.v3.limits import DELAY_RANGE, MESSAGE_EXPIRATION_RANGE

MAX_FIELDS = 20  # no form of the dashboard has more


async def read_form(request: Request, max_message_size: int) -> dict[str, str]:
    """The fields of a urlencoded form (one value each), within a size fitting one message.

    Percent-encoding triples a body at most, hence the limit.
    """
    raw = await read_body(request, 3 * max_message_size + 65_536)
    # Parsed here rather than by Starlette's request.form(), which needs python-multipart
    # and reads a urlencoded body without a size limit.
    try:
        pairs = urllib.parse.parse_qsl(
            raw.decode("ascii"),
            keep_blank_values=True,
            strict_parsing=False,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        raise InvalidArgument("The form could not be read") from None
    return dict(pairs)


def whole_number(form: dict[str, str], name: str, lo: int, hi: int) -> int | None:
    """An optional whole number field within [lo, hi] (blank: None)."""
    text = form.get(name, "").strip()
    if not text:
        return None
    if not p.is_decimal(text):
        raise InvalidArgument(f"{name} must be a whole number of seconds")
    return p.as_int(int(text), name, lo, hi)


def number(form: dict[str, str], name: str) -> float | None:
    """An optional non-negative number field (blank: None)."""
    text = form.get(name, "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InvalidArgument(f"{name} must be a number") from None
    if not value >= 0 or value == float("inf"):
        raise InvalidArgument(f"{name} must be a non-negative number")
    return value


def new_message(form: dict[str, str], max_message_size: int) -> NewMessage:
    """The message of the post form: body, delay and expiration (seconds)."""
    # browsers send a textarea's line breaks as CRLF; the body is what was typed
    body = form.get("body", "").replace("\r\n", "\n")
    p.check_size(body, "body", max_message_size)
    delay = whole_number(form, "delay", *DELAY_RANGE) or 0
    expires_in = whole_number(form, "expires_in", *MESSAGE_EXPIRATION_RANGE)
    return NewMessage(body, delay, expires_in=expires_in)


def fault_plan(form: dict[str, str]) -> dict[str, Any]:
    """The fault form as the JSON object `POST /_local/faults` takes."""
    plan: dict[str, Any] = {"drop": form.get("drop") == "on"}
    for name in ("count", "status"):
        text = form.get(name, "").strip()
        if text:
            if not p.is_decimal(text):
                raise InvalidArgument(f"{name} must be a whole number")
            plan[name] = int(text)
    for name in ("delay", "retry_after"):
        value = number(form, name)
        if value is not None:
            plan[name] = value
    return plan
