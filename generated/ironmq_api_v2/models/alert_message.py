from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.alert_direction import AlertDirection, check_alert_direction
from ..models.alert_type import AlertType, check_alert_type

T = TypeVar("T", bound="AlertMessage")


@_attrs_define
class AlertMessage:
    """The body (JSON text) of the message an alert posts to its `queue` (the alerts reference, confirmed by a production
    consumer).

        Attributes:
            source_queue (str): The queue whose size crossed the trigger.
            queue_size (int): Its size when the alert fired.
            alert_id (str): The alert's id.
            alert_type (AlertType): `fixed` fires at one size; `progressive` at every multiple of `trigger`.
            alert_direction (AlertDirection): `asc` fires while the queue grows, `desc` while it shrinks.
            alert_trigger (int): The alert's trigger.
            created_at (datetime.datetime): When the alert fired (RFC 3339, UTC).
    """

    source_queue: str
    queue_size: int
    alert_id: str
    alert_type: AlertType
    alert_direction: AlertDirection
    alert_trigger: int
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source_queue = self.source_queue

        queue_size = self.queue_size

        alert_id = self.alert_id

        alert_type: str = self.alert_type

        alert_direction: str = self.alert_direction

        alert_trigger = self.alert_trigger

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "source_queue": source_queue,
                "queue_size": queue_size,
                "alert_id": alert_id,
                "alert_type": alert_type,
                "alert_direction": alert_direction,
                "alert_trigger": alert_trigger,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source_queue = d.pop("source_queue")

        queue_size = d.pop("queue_size")

        alert_id = d.pop("alert_id")

        alert_type = check_alert_type(d.pop("alert_type"))

        alert_direction = check_alert_direction(d.pop("alert_direction"))

        alert_trigger = d.pop("alert_trigger")

        created_at = isoparse(d.pop("created_at"))

        alert_message = cls(
            source_queue=source_queue,
            queue_size=queue_size,
            alert_id=alert_id,
            alert_type=alert_type,
            alert_direction=alert_direction,
            alert_trigger=alert_trigger,
            created_at=created_at,
        )

        alert_message.additional_properties = d
        return alert_message

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
