from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.alert_id_list import AlertIdList


T = TypeVar("T", bound="QueueAlertIdsRequest")


@_attrs_define
class QueueAlertIdsRequest:
    """Alerts to remove, as the Python client's `v3` branch names them.

    Attributes:
        queue (AlertIdList): Ids of the alerts to remove.
    """

    queue: AlertIdList
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        queue = self.queue.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "queue": queue,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_id_list import AlertIdList

        d = dict(src_dict)
        queue = AlertIdList.from_dict(d.pop("queue"))

        queue_alert_ids_request = cls(
            queue=queue,
        )

        queue_alert_ids_request.additional_properties = d
        return queue_alert_ids_request

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
