from typing import Literal, cast

PushStatusKind = Literal["deleted", "error", "queued", "reserved", "retrying"]

PUSH_STATUS_KIND_VALUES: set[PushStatusKind] = {
    "deleted",
    "error",
    "queued",
    "reserved",
    "retrying",
}


def check_push_status_kind(value: str) -> PushStatusKind:
    if value in PUSH_STATUS_KIND_VALUES:
        return cast(PushStatusKind, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PUSH_STATUS_KIND_VALUES!r}"
    )
