from typing import Literal, cast

PushType = Literal["multicast", "unicast"]

PUSH_TYPE_VALUES: set[PushType] = {
    "multicast",
    "unicast",
}


def check_push_type(value: str) -> PushType:
    if value in PUSH_TYPE_VALUES:
        return cast(PushType, value)
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PUSH_TYPE_VALUES!r}")
