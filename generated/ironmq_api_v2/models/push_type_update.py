from typing import Literal, cast

PushTypeUpdate = Literal["multicast", "pull", "unicast"]

PUSH_TYPE_UPDATE_VALUES: set[PushTypeUpdate] = {
    "multicast",
    "pull",
    "unicast",
}


def check_push_type_update(value: str) -> PushTypeUpdate:
    if value in PUSH_TYPE_UPDATE_VALUES:
        return cast(PushTypeUpdate, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PUSH_TYPE_UPDATE_VALUES!r}"
    )
