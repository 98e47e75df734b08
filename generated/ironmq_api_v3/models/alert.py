from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.alert_direction import AlertDirection, check_alert_direction
from ..models.alert_type import AlertType, check_alert_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="Alert")


@_attrs_define
class Alert:
    """A queue-size alert as the queue reports it. The reference's (commented-out) alerts show no `id`; the official
    clients read it to remove alerts.

        Attributes:
            type_ (AlertType): `fixed` fires at one size; `progressive` at every multiple of `trigger`.
            trigger (int): The queue size (or step, for progressive alerts) that fires the alert.
            queue (str): Queue that receives the alert messages.
            id (str | Unset): The alert's id (24 hexadecimal characters).
            direction (AlertDirection | Unset): `asc` fires while the queue grows, `desc` while it shrinks.
            snooze (int | Unset): Seconds after firing during which the alert stays silent. Default: 0.
    """

    type_: AlertType
    trigger: int
    queue: str
    id: str | Unset = UNSET
    direction: AlertDirection | Unset = UNSET
    snooze: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        trigger = self.trigger

        queue = self.queue

        id = self.id

        direction: str | Unset = UNSET
        if not isinstance(self.direction, Unset):
            direction = self.direction

        snooze = self.snooze

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "trigger": trigger,
                "queue": queue,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if direction is not UNSET:
            field_dict["direction"] = direction
        if snooze is not UNSET:
            field_dict["snooze"] = snooze

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_alert_type(d.pop("type"))

        trigger = d.pop("trigger")

        queue = d.pop("queue")

        id = d.pop("id", UNSET)

        _direction = d.pop("direction", UNSET)
        direction: AlertDirection | Unset
        if isinstance(_direction, Unset):
            direction = UNSET
        else:
            direction = check_alert_direction(_direction)

        snooze = d.pop("snooze", UNSET)

        alert = cls(
            type_=type_,
            trigger=trigger,
            queue=queue,
            id=id,
            direction=direction,
            snooze=snooze,
        )

        alert.additional_properties = d
        return alert

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
