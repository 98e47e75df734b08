from typing import Literal, cast

AlertDirection = Literal["asc", "desc"]

ALERT_DIRECTION_VALUES: set[AlertDirection] = {
    "asc",
    "desc",
}


def check_alert_direction(value: str) -> AlertDirection:
    if value in ALERT_DIRECTION_VALUES:
        return cast(AlertDirection, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ALERT_DIRECTION_VALUES!r}"
    )
