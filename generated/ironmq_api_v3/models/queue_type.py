from typing import Literal, cast

QueueType = Literal["multicast", "pull", "unicast"]

QUEUE_TYPE_VALUES: set[QueueType] = {
    "multicast",
    "pull",
    "unicast",
}


def check_queue_type(value: str) -> QueueType:
    if value in QUEUE_TYPE_VALUES:
        return cast(QueueType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {QUEUE_TYPE_VALUES!r}"
    )
