from typing import Literal, cast

AlertType = Literal["fixed", "progressive"]

ALERT_TYPE_VALUES: set[AlertType] = {
    "fixed",
    "progressive",
}


def check_alert_type(value: str) -> AlertType:
    if value in ALERT_TYPE_VALUES:
        return cast(AlertType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ALERT_TYPE_VALUES!r}"
    )
